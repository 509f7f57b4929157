"""Denoising Dirty Documents: image split, one answer row per pixel of the cleaned test images.

Recipe (prepare: block of task.yaml):
- the sorted names of train/*.png (each has its twin in train_cleaned/) are split with scikit-learn
  train_test_split(test_size=test_fraction, random_state=seed) (0.2, seed 0).
- public: train/ and train_cleaned/ restricted to the train images, test/ = the noisy test images.
- private/answers.csv: id = <image>_<row>_<col> (1-based), value = cleaned intensity / 255, one row per pixel in
  row-major order (large: about 227,000 rows per image).
- public/sample_submission.csv: the same ids, value = 1.
Kaggle's test/ and sampleSubmission.csv are not used. The sandbox has no imaging library: the PNGs are decoded with
zlib (8-bit, non-interlaced; grey, grey+alpha, RGB or RGBA, colour turned to grey with PIL's L = 299R/1000 +
587G/1000 + 114B/1000).
"""
import csv
import json
import os
import shutil
import struct
import zlib

from sklearn.model_selection import train_test_split

info = json.load(open('/workspace/.dojo-task.json'))
seed, fraction = int(info['seed']), float(info['test_fraction'])
CHANNELS = {0: 1, 2: 3, 4: 2, 6: 4}


def grey_png(path):
    """Rows of 8-bit grey values of a PNG file."""
    data = open(path, 'rb').read()
    if data[:8] != b'\x89PNG\r\n\x1a\n':
        raise SystemExit('%s is not a PNG file' % path)
    pos, idat = 8, []
    while pos < len(data):
        length, kind = struct.unpack_from('>I4s', data, pos)
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b'IHDR':
            width, height, depth, colour, _, _, interlace = struct.unpack('>IIBBBBB', chunk)
        elif kind == b'IDAT':
            idat.append(chunk)
        pos += 12 + length
    if depth != 8 or colour not in CHANNELS or interlace:
        raise SystemExit('%s: only 8-bit non-interlaced grey/RGB PNGs are supported' % path)
    bpp = CHANNELS[colour]
    raw = zlib.decompress(b''.join(idat))
    stride = width * bpp
    prev = bytearray(stride)
    rows = []
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if kind == 1:
                line[x] = (line[x] + a) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + b) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 0xFF
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        prev = line
        if colour in (0, 4):
            rows.append(line[::bpp])
        else:
            rows.append([(299 * line[i] + 587 * line[i + 1] + 114 * line[i + 2]) // 1000 for i in range(0, stride, bpp)])
    return rows


names = sorted(n for n in os.listdir('/data/train') if n.lower().endswith('.png'))
train, test = train_test_split(names, test_size=fraction, random_state=seed)
for folder in ('train', 'train_cleaned', 'test'):
    os.makedirs('public/' + folder)
for name in sorted(train):
    shutil.copyfile('/data/train/' + name, 'public/train/' + name)
    shutil.copyfile('/data/train_cleaned/' + name, 'public/train_cleaned/' + name)

with open('private/answers.csv', 'w', newline='') as a, open('public/sample_submission.csv', 'w', newline='') as s:
    aw, sw = csv.writer(a, lineterminator='\n'), csv.writer(s, lineterminator='\n')
    aw.writerow(['id', 'value'])
    sw.writerow(['id', 'value'])
    for name in sorted(test):
        shutil.copyfile('/data/train/' + name, 'public/test/' + name)
        stem = os.path.splitext(name)[0]
        for r, row in enumerate(grey_png('/data/train_cleaned/' + name), start=1):
            for c, v in enumerate(row, start=1):
                pixel = '%s_%d_%d' % (stem, r, c)
                aw.writerow([pixel, repr(v / 255)])
                sw.writerow([pixel, 1])
print('denoising: %d train and %d test images' % (len(train), len(test)))
