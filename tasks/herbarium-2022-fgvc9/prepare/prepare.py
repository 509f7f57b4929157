"""Herbarium 2022 (FGVC9): per-category split of the metadata, both sides re-identified.

Recipe (prepare: block of task.yaml):
- train_metadata.json pairs images (key image_id) with categories through its annotations. Per category (ascending
  id), with its n images in ascending image_id: n = 1 stays train; n < 5 sends the last max(1, int(test_fraction * n))
  to test; otherwise scikit-learn train_test_split(test_size=test_fraction, random_state=seed) (0.2, seed 0).
- train images are re-identified <category:05d>__<k:03d> (k = 1.. per category, so the numbering shows no gaps where
  test images were) and published as train_images/<category // 100 :03d>/<category % 100 :02d>/<image_id>.jpg;
  public/train_metadata.json keeps every other key (categories, genera, institutions, ...) unchanged.
- the test images are shuffled with random.Random(seed), re-identified 0..n-1 and published as
  test_images/<idx // 1000 :03d>/test-<idx:06d>.jpg; public/test_metadata.json is the list of their image
  records {file_name, image_id = idx, license}.
- private/answers.csv: Id, Predicted (category_id); public/sample_submission.csv: Id, Predicted = 42.
Kaggle's test_images/ and test_metadata.json are not used. The metadata file is loaded whole.
"""
import csv
import json
import os
import random
import shutil

from sklearn.model_selection import train_test_split

info = json.load(open('/workspace/.dojo-task.json'))
seed, fraction = int(info['seed']), float(info['test_fraction'])

meta = json.load(open('/data/train_metadata.json', encoding='utf-8'))
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
images = {im['image_id']: im for im in meta['images']}


def publish(image_id, file_name, folder):
    target = 'public/%s/%s' % (folder, file_name)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    shutil.copyfile('/data/train_images/' + images[image_id]['file_name'], target)


renamed, counts = {}, {}
for category in sorted(by_category):
    for image_id in by_category[category]:
        if image_id not in test_set:
            counts[category] = counts.get(category, 0) + 1
            new_id = '%05d__%03d' % (category, counts[category])
            renamed[image_id] = new_id
            publish(image_id, '%03d/%02d/%s.jpg' % (category // 100, category % 100, new_id), 'train_images')
train_meta = dict(meta)
train_meta['images'] = [dict(im, image_id=renamed[im['image_id']],
                             file_name='%03d/%02d/%s.jpg' % (category_of[im['image_id']] // 100,
                                                             category_of[im['image_id']] % 100, renamed[im['image_id']]))
                        for im in meta['images'] if im['image_id'] in renamed]
train_meta['annotations'] = [dict(a, image_id=renamed[a['image_id']]) for a in meta['annotations']
                             if a['image_id'] in renamed]
with open('public/train_metadata.json', 'w', encoding='utf-8') as f:
    json.dump(train_meta, f, ensure_ascii=False)

test_images = []
with open('private/answers.csv', 'w', newline='') as a, open('public/sample_submission.csv', 'w', newline='') as s:
    aw, sw = csv.writer(a, lineterminator='\n'), csv.writer(s, lineterminator='\n')
    aw.writerow(['Id', 'Predicted'])
    sw.writerow(['Id', 'Predicted'])
    for idx, image_id in enumerate(test_ids):
        file_name = '%03d/test-%06d.jpg' % (idx // 1000, idx)
        publish(image_id, file_name, 'test_images')
        test_images.append({'file_name': file_name, 'image_id': idx,
                            'license': images[image_id].get('license', 0)})
        aw.writerow([idx, category_of[image_id]])
        sw.writerow([idx, 42])
with open('public/test_metadata.json', 'w', encoding='utf-8') as f:
    json.dump(test_images, f, ensure_ascii=False)
print('herbarium-2022: %d train and %d test images' % (len(renamed), len(test_ids)))
