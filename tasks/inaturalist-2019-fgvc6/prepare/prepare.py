"""iNaturalist 2019 (FGVC6): per-category split of train2019.json, test images moved to test2019/.

Recipe (prepare: block of task.yaml):
- train2019.json pairs images with categories through its annotations. Per category (ascending id), with its n
  images in ascending id: n = 1 stays train; n < 5 sends the last max(1, int(test_fraction * n)) to test; otherwise
  scikit-learn train_test_split(test_size=test_fraction, random_state=seed) (0.12, seed 0).
- public/train2019.json: the train images and annotations (every other key unchanged); public/val2019.json: copied;
  public/test2019.json: {info, images, licenses} of the test images, shuffled with random.Random(seed), ids kept,
  file_name rewritten to test2019/<basename>.
- images (from train_val2019.tar.gz): the train and validation images under their own paths (train_val2019/...),
  the test images under test2019/<basename>. MLE-Dojo publishes val2019.json without its images.
- private/answers.csv: id, predicted (category_id), ascending id.
- public/sample_submission.csv: id, predicted = the first draw of random.Random(42) in 0..1009, for every row.
Kaggle's test2019 images, test2019.json and sample submission are not used.
"""
import csv
import json
import os
import random
import shutil

from sklearn.model_selection import train_test_split

info = json.load(open('/workspace/.dojo-task.json'))
seed, fraction = int(info['seed']), float(info['test_fraction'])

meta = json.load(open('/data/train2019.json', encoding='utf-8'))
val = json.load(open('/data/val2019.json', encoding='utf-8'))
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


def publish(source, target):
    os.makedirs(os.path.dirname('public/' + target), exist_ok=True)
    shutil.copyfile('/data/' + source, 'public/' + target)


train_meta = dict(meta)
train_meta['images'] = [im for im in meta['images'] if im['id'] not in test_set]
train_meta['annotations'] = [a for a in meta['annotations'] if a['image_id'] not in test_set]
for im in train_meta['images'] + val['images']:
    publish(im['file_name'], im['file_name'])
with open('public/train2019.json', 'w', encoding='utf-8') as f:
    json.dump(train_meta, f, ensure_ascii=False)
shutil.copyfile('/data/val2019.json', 'public/val2019.json')

test_images = []
for image_id in test_ids:
    im = images[image_id]
    target = 'test2019/' + os.path.basename(im['file_name'])
    publish(im['file_name'], target)
    test_images.append(dict(im, file_name=target))
with open('public/test2019.json', 'w', encoding='utf-8') as f:
    json.dump({'info': meta.get('info', {}), 'images': test_images, 'licenses': meta.get('licenses', [])}, f,
              ensure_ascii=False)

placeholder = random.Random(42).randint(0, 1009)
with open('private/answers.csv', 'w', newline='') as a, open('public/sample_submission.csv', 'w', newline='') as s:
    aw, sw = csv.writer(a, lineterminator='\n'), csv.writer(s, lineterminator='\n')
    aw.writerow(['id', 'predicted'])
    sw.writerow(['id', 'predicted'])
    for image_id in sorted(test_set):
        aw.writerow([image_id, category_of[image_id]])
        sw.writerow([image_id, placeholder])
print('inaturalist-2019: %d train and %d test images' % (len(train_meta['images']), len(test_ids)))
