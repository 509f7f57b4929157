"""Airbus Ship Detection: image split with one merged RLE per test image.

Recipe (prepare: block of task.yaml):
- the images of train_v2/ that appear in train_ship_segmentations_v2.csv are sorted by name and shuffled with
  random.Random(seed); the first round(n * test_fraction) are the test images (MLE-Dojo: 15,601 of 192,556, 0.075).
- public: train/ and test/ (the images, copied), train_ship_segmentations_v2.csv restricted to the train images
  (MLE-Dojo publishes the full file, test masks included; that leak is not reproduced), sample_submission.csv
  (ImageId, EncodedPixels empty = no ship).
- private/answers.csv: ImageId, EncodedPixels = every RLE of the image joined with a space (empty when no ship), the
  layout the airbus_f2_iou grader expects (one merged ground-truth object per image).
Kaggle's test_v2/ and sample_submission_v2.csv are not used. The segmentation table is streamed twice.
"""
import csv
import json
import os
import random
import shutil

info = json.load(open('/workspace/.dojo-task.json'))
seed, fraction = int(info['seed']), float(info['test_fraction'])
SEG = '/data/train_ship_segmentations_v2.csv'

masks = {}
with open(SEG, newline='') as f:
    for image, rle in csv.reader(f):
        if image == 'ImageId':
            continue
        masks.setdefault(image, [])
        if rle.strip():
            masks[image].append(rle.strip())
images = sorted(name for name in os.listdir('/data/train_v2') if name in masks)
random.Random(seed).shuffle(images)
k = min(len(images) - 1, max(1, round(len(images) * fraction)))
test = sorted(images[:k])
test_set = set(test)
train_set = set(images) - test_set

for side in ('train', 'test'):
    os.makedirs('public/' + side)
for name in sorted(images):
    shutil.copyfile('/data/train_v2/' + name, 'public/%s/%s' % ('test' if name in test_set else 'train', name))

with open(SEG, newline='') as src, open('public/train_ship_segmentations_v2.csv', 'w', newline='') as dst:
    w = csv.writer(dst, lineterminator='\n')
    for row in csv.reader(src):
        if row[0] == 'ImageId' or row[0] in train_set:
            w.writerow(row)

with open('private/answers.csv', 'w', newline='') as a, open('public/sample_submission.csv', 'w', newline='') as s:
    aw, sw = csv.writer(a, lineterminator='\n'), csv.writer(s, lineterminator='\n')
    aw.writerow(['ImageId', 'EncodedPixels'])
    sw.writerow(['ImageId', 'EncodedPixels'])
    for name in test:
        aw.writerow([name, ' '.join(masks[name])])
        sw.writerow([name, ''])
print('airbus: %d train and %d test images' % (len(images) - k, k))
