"""Bengali.AI Handwritten Grapheme Classification: image-level split, long answer of 3 rows per image.

Recipe (prepare: block of task.yaml):
- the image_ids of train.csv are shuffled with pandas (random_state = seed); the first round(n * test_fraction)
  (at least 2) are the test images (MLE-Dojo: as many as Kaggle's test.csv has images, 36 of 200,840: 0.00018).
- public/train.csv (and train_multi_diacritics.csv, when present): rows of the train images only.
- public/test.csv: row_id, image_id, component in Kaggle's layout, row_id = Test_<i>_<component>, i = position of
  the image in the new test; components consonant_diacritic, grapheme_root, vowel_diacritic.
- public/train_image_data_<k>.parquet: Kaggle's shards, copied whole. The sandbox has no parquet engine, so the
  shards are not split into train/ and test/ as MLE-Dojo does: the test images' pixels stay in the train shards,
  unlabelled, and test.csv names them. Kaggle's test_image_data_*.parquet (its own 12 demo images) are not published.
- class_map.csv, class_map_corrected.csv and the other root files without labels are copied.
- private/answers.csv: row_id, target; public/sample_submission.csv: row_id, target = 0.
"""
import csv
import json
import os
import shutil

import pandas as pd

info = json.load(open('/workspace/.dojo-task.json'))
seed, fraction = int(info['seed']), float(info['test_fraction'])
COMPONENTS = ['consonant_diacritic', 'grapheme_root', 'vowel_diacritic']

train = pd.read_csv('/data/train.csv', dtype=str, keep_default_na=False)
images = pd.Series(train['image_id'].unique()).sample(frac=1, random_state=seed).tolist()
k = min(len(images) - 1, max(2, round(len(images) * fraction)))
test_images = images[:k]
test_set = set(test_images)
train[~train['image_id'].isin(test_set)].to_csv('public/train.csv', index=False)
labels = train.drop_duplicates('image_id').set_index('image_id')

skip = {'train.csv', 'test.csv', 'sample_submission.csv'}
for name in sorted(os.listdir('/data')):
    path = '/data/' + name
    if name in skip or not os.path.isfile(path) or name.startswith('test_image_data_'):
        continue
    if name == 'train_multi_diacritics.csv':
        multi = pd.read_csv(path, dtype=str, keep_default_na=False)
        multi[~multi['image_id'].isin(test_set)].to_csv('public/' + name, index=False)
    elif name.endswith('.parquet') or name.endswith('.csv'):
        shutil.copyfile(path, 'public/' + name)

with open('public/test.csv', 'w', newline='') as t, open('private/answers.csv', 'w', newline='') as a, \
        open('public/sample_submission.csv', 'w', newline='') as s:
    tw, aw, sw = (csv.writer(f, lineterminator='\n') for f in (t, a, s))
    tw.writerow(['row_id', 'image_id', 'component'])
    aw.writerow(['row_id', 'target'])
    sw.writerow(['row_id', 'target'])
    for i, image in enumerate(test_images):
        for component in COMPONENTS:
            row_id = 'Test_%d_%s' % (i, component)
            tw.writerow([row_id, image, component])
            aw.writerow([row_id, labels.at[image, component]])
            sw.writerow([row_id, 0])
print('bengaliai: %d train and %d test images' % (len(images) - k, k))
