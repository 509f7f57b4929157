"""multi-modal-gesture-recognition: Kaggle's fourth training archive becomes the new test.

Recipe (MLE-Dojo, PREPARE.md): the samples of training4 (the extracted training4.tar.gz: training4/SampleNNNNN.zip,
or the archive itself) are the new test; their rows of training.csv (Id, Sequence) are the answers and leave the
public training.csv. Everything else of the download is published as it is: training1-3, validation1-3 (Kaggle's
unlabelled validation samples), the development and validation 7z archives and the sample code. No random step.
KNOWN LEAK (kept from the reference): each test sample zip still holds Kaggle's own label file (SampleNNNNN_data.mat).

public/  training.csv, test.csv (Id), test/ (= training4), training1-3/, validation1-3/, other raw files,
         sample_submission.csv (Id, Sequence = '1 2 ... 20' for every row; Kaggle's sample draws a random
         permutation per row, but the platform's samples hold one constant per column)
private/ answers.csv (Id, Sequence)
"""
import csv
import os
import re
import shutil
import sys
import tarfile

RAW = sys.argv[1] if len(sys.argv) > 1 else '/data'
SAMPLE = re.compile(r'Sample(\d+)')

if os.path.isdir(os.path.join(RAW, 'training4')):
    members = os.listdir(os.path.join(RAW, 'training4'))
elif os.path.exists(os.path.join(RAW, 'training4.tar.gz')):
    with tarfile.open(os.path.join(RAW, 'training4.tar.gz')) as t:
        members = [os.path.basename(m.name) for m in t.getmembers()]
else:
    raise SystemExit('training4 (training4.tar.gz) is not in the raw data')
test = {int(m.group(1)) for m in map(SAMPLE.search, members) if m}

with open(os.path.join(RAW, 'training.csv'), newline='') as f:
    reader = csv.reader(f)
    header = next(reader)
    rows = list(reader)
answers = [r for r in rows if int(r[0]) in test]
if not answers or len(answers) == len(rows):
    raise SystemExit(f'training4 holds {len(answers)} of the {len(rows)} labelled samples; the split needs both sides')


def write(path, head, items):
    with open(path, 'w', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(head)
        w.writerows(items)


write('public/training.csv', header, (r for r in rows if int(r[0]) not in test))
write('public/test.csv', ['Id'], ([r[0]] for r in answers))
write('public/sample_submission.csv', ['Id', 'Sequence'], ([r[0], ' '.join(map(str, range(1, 21)))] for r in answers))
write('private/answers.csv', ['Id', 'Sequence'], ([r[0], r[1]] for r in answers))
for name in sorted(os.listdir(RAW)):
    source = os.path.join(RAW, name)
    if name in ('training.csv', 'sample_submission.csv', 'Sample_submission.csv') or name.startswith('test'):
        continue
    target = os.path.join('public', 'test' if name.startswith('training4') else name)
    if name == 'training4.tar.gz':
        target = 'public/test.tar.gz'
    if os.path.isdir(source):
        shutil.copytree(source, target)
    else:
        shutil.copyfile(source, target)
print(f'{len(rows) - len(answers)} train and {len(answers)} test samples')
