"""vesuvius-challenge-ink-detection: train fragment 3 becomes the single test fragment 'a'.

Recipe (MLE-Dojo, PREPARE.md): train/1/ and train/2/ are published as they are; train/3/ is published as test/a/
without its labels (inklabels.png, inklabels_rle.csv) and without ir.png. The answer is fragment 3's ink RLE
(inklabels_rle.csv's Predicted) under Id 'a'; private/inklabels_rle.csv adds the width and height read from the
ir.png header. No random step. Kaggle's own unlabelled test fragments are not used.

public/  train/1/, train/2/, test/a/, sample_submission.csv (Id = a, Predicted = '1 1 5 1')
private/ answers.csv (Id, Predicted), inklabels_rle.csv (Id, Predicted, width, height)

A single test item cannot be divided into a feedback and a final part (see the catalogue notes).
"""
import csv
import os
import shutil
import struct
import sys

RAW = sys.argv[1] if len(sys.argv) > 1 else '/data'
HIDDEN = ('inklabels.png', 'inklabels_rle.csv', 'ir.png')
csv.field_size_limit(2**31 - 1)

for fragment in ('1', '2'):
    shutil.copytree(os.path.join(RAW, 'train', fragment), os.path.join('public/train', fragment))
source = os.path.join(RAW, 'train', '3')
shutil.copytree(source, 'public/test/a', ignore=shutil.ignore_patterns(*HIDDEN))

with open(os.path.join(source, 'inklabels_rle.csv'), newline='') as f:
    rle = next(csv.DictReader(f))['Predicted']
with open(os.path.join(source, 'ir.png'), 'rb') as f:
    head = f.read(24)
if head[:8] != b'\x89PNG\r\n\x1a\n' or head[12:16] != b'IHDR':
    raise SystemExit('train/3/ir.png is not a PNG file')
width, height = struct.unpack('>II', head[16:24])


def write(path, header, row):
    with open(path, 'w', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(header)
        w.writerow(row)


write('private/answers.csv', ['Id', 'Predicted'], ['a', rle])
write('private/inklabels_rle.csv', ['Id', 'Predicted', 'width', 'height'], ['a', rle, width, height])
write('public/sample_submission.csv', ['Id', 'Predicted'], ['a', '1 1 5 1'])
print(f'test fragment a: {width} x {height} pixels')
