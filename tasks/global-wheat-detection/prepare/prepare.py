"""Global Wheat Detection: image split of the box table, one joined prediction string per test image.

Recipe (prepare: block of task.yaml):
- the unique image_ids of train.csv (one row per box; images without boxes are not in it and are dropped) are sorted
  and split with scikit-learn train_test_split(test_size=test_fraction, random_state=seed) (0.2, seed 42; MLE-Dojo
  falls back to 0.2 because Kaggle's 10 test images are under 5 %).
- public/train.csv: the boxes of the train images; public/train/ and public/test/: the images (<image_id>.jpg);
  public/test.csv: image_id, width, height of the test images.
- private/answers.csv: image_id, PredictionString = "1.0 x y w h" for every box of the image, space-joined.
- public/sample_submission.csv: image_id (sorted), PredictionString empty.
Kaggle's test/ folder and sample_submission.csv are not used.
"""
import csv
import json
import os
import shutil

import pandas as pd
from sklearn.model_selection import train_test_split

info = json.load(open('/workspace/.dojo-task.json'))
seed, fraction = int(info['seed']), float(info['test_fraction'])

boxes = pd.read_csv('/data/train.csv', dtype=str, keep_default_na=False)
images = sorted(boxes['image_id'].unique())
train, test = train_test_split(images, test_size=fraction, random_state=seed)
test = sorted(test)
is_test = boxes['image_id'].isin(set(test))
boxes[~is_test].to_csv('public/train.csv', index=False)
boxes[is_test].drop_duplicates('image_id').set_index('image_id').loc[test, ['width', 'height']] \
    .reset_index().to_csv('public/test.csv', index=False)

for side, names in (('train', sorted(train)), ('test', test)):
    os.makedirs('public/' + side)
    for image in names:
        shutil.copyfile('/data/train/%s.jpg' % image, 'public/%s/%s.jpg' % (side, image))

strings = {image: [] for image in test}
for image, bbox in zip(boxes.loc[is_test, 'image_id'], boxes.loc[is_test, 'bbox']):
    x, y, w, h = (v.strip() for v in bbox.strip('[] ').split(','))
    strings[image].append('1.0 %s %s %s %s' % (x, y, w, h))
with open('private/answers.csv', 'w', newline='') as a, open('public/sample_submission.csv', 'w', newline='') as s:
    aw, sw = csv.writer(a, lineterminator='\n'), csv.writer(s, lineterminator='\n')
    aw.writerow(['image_id', 'PredictionString'])
    sw.writerow(['image_id', 'PredictionString'])
    for image in test:
        aw.writerow([image, ' '.join(strings[image])])
        sw.writerow([image, ''])
print('global-wheat: %d train and %d test images' % (len(train), len(test)))
