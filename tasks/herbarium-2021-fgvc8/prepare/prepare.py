"""Herbarium 2021 - Half-Earth (FGVC8): per-category split of the COCO-style metadata, test images renamed.

Recipe (prepare: block of task.yaml):
- train/metadata.json (UTF-8) pairs images with categories through its annotations. Per category (ascending id), with its n images in ascending image id: n = 1 stays train; n < 5
  sends the last max(1, int(test_fraction * n)) to test; otherwise scikit-learn
  train_test_split(test_size=test_fraction, random_state=seed) (0.2, seed 0).
- the test images are shuffled with random.Random(seed), re-identified 0..n-1 and published as
  test/images/<idx // 1000 :03d>/<idx>.jpg with test/metadata.json = {images, info, licenses} (no institutions).
- train/metadata.json and train/images/... keep only the train images (paths unchanged).
- private/answers.csv: Id, Predicted (category_id); public/sample_submission.csv: Id, Predicted = 0.
Kaggle's test/ is not used. The metadata file is loaded whole (a few GB of memory on the real data).
"""
import csv
import json
import os
import random
import shutil

from sklearn.model_selection import train_test_split

info = json.load(open('/workspace/.dojo-task.json'))
seed, fraction = int(info['seed']), float(info['test_fraction'])
ROOT = '/data/train/'

meta = json.load(open(ROOT + 'metadata.json', encoding='utf-8'))
category_of = {a['image_id']: a['category_id'] for a in meta['annotations']}
by_category = {}
for image_id in sorted(category_of):
    by_category.setdefault(category_of[image_id], []).append(image_id)
test_ids = []
for category in sorted(by_category):
    ids = by_category[category]
    if len(ids) == 1:
        continue
    if len(ids) < 5:
        test_ids.extend(ids[-max(1, int(fraction * len(ids))):])
    else:
        test_ids.extend(train_test_split(ids, test_size=fraction, random_state=seed)[1])
test_set = set(test_ids)
random.Random(seed).shuffle(test_ids)

images = {im['id']: im for im in meta['images']}
train_meta = dict(meta)
train_meta['images'] = [im for im in meta['images'] if im['id'] not in test_set]
train_meta['annotations'] = [a for a in meta['annotations'] if a['image_id'] not in test_set]
os.makedirs('public/train')
os.makedirs('public/test')
with open('public/train/metadata.json', 'w', encoding='utf-8') as f:
    json.dump(train_meta, f, ensure_ascii=False)
for im in train_meta['images']:
    target = 'public/train/' + im['file_name']
    os.makedirs(os.path.dirname(target), exist_ok=True)
    shutil.copyfile(ROOT + im['file_name'], target)

test_images = []
with open('private/answers.csv', 'w', newline='') as a, open('public/sample_submission.csv', 'w', newline='') as s:
    aw, sw = csv.writer(a, lineterminator='\n'), csv.writer(s, lineterminator='\n')
    aw.writerow(['Id', 'Predicted'])
    sw.writerow(['Id', 'Predicted'])
    for idx, image_id in enumerate(test_ids):
        im = dict(images[image_id], id=idx, file_name='images/%03d/%d.jpg' % (idx // 1000, idx))
        target = 'public/test/' + im['file_name']
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(ROOT + images[image_id]['file_name'], target)
        test_images.append(im)
        aw.writerow([idx, category_of[image_id]])
        sw.writerow([idx, 0])
with open('public/test/metadata.json', 'w', encoding='utf-8') as f:
    json.dump({'images': test_images, 'info': meta.get('info', {}), 'licenses': meta.get('licenses', [])}, f,
              ensure_ascii=False)
print('herbarium-2021: %d train and %d test images' % (len(train_meta['images']), len(test_ids)))
