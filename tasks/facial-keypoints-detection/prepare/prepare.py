"""Facial Keypoints Detection: row split of training.csv, long answer over the 30 keypoints.

Recipe (prepare: block of task.yaml):
- training.csv is shuffled with pandas (random_state = seed); the first round(n * test_fraction) rows are the test
  (MLE-Dojo: 1,783 of 7,049 rows, 0.2529).
- public/training.csv: the train rows; public/test.csv: ImageId (1..n), Image of the test rows.
- public/IdLookupTable.csv: RowId, ImageId, FeatureName for the NEW test (MLE-Dojo publishes Kaggle's table, which
  describes Kaggle's test, not this one).
- private/answers.csv: RowId, Location: one row per (test image, keypoint column) whose location is known, RowId
  running from 1, images in test order and keypoints in column order (missing locations are dropped).
- public/sample_submission.csv: RowId, ImageId, FeatureName, Location = 0 (the four columns the reference grader
  requires, as in Kaggle's IdLookupTable plus Location).
Kaggle's test.csv, IdLookupTable.csv and SampleSubmission.csv are not used.
"""
import csv
import json

import pandas as pd

info = json.load(open('/workspace/.dojo-task.json'))
seed, fraction = int(info['seed']), float(info['test_fraction'])

data = pd.read_csv('/data/training.csv', dtype=str, keep_default_na=False)
data = data.sample(frac=1, random_state=seed).reset_index(drop=True)
k = min(len(data) - 1, max(1, round(len(data) * fraction)))
test, train = data.iloc[:k].reset_index(drop=True), data.iloc[k:]
train.to_csv('public/training.csv', index=False)
pd.DataFrame({'ImageId': range(1, k + 1), 'Image': test['Image']}).to_csv('public/test.csv', index=False)

features = [c for c in data.columns if c != 'Image']
with open('public/IdLookupTable.csv', 'w', newline='') as t, open('private/answers.csv', 'w', newline='') as a, \
        open('public/sample_submission.csv', 'w', newline='') as s:
    tw, aw, sw = (csv.writer(f, lineterminator='\n') for f in (t, a, s))
    tw.writerow(['RowId', 'ImageId', 'FeatureName'])
    aw.writerow(['RowId', 'Location'])
    sw.writerow(['RowId', 'ImageId', 'FeatureName', 'Location'])
    row_id = 0
    for i, row in test.iterrows():
        for feature in features:
            if row[feature].strip():
                row_id += 1
                tw.writerow([row_id, i + 1, feature])
                aw.writerow([row_id, row[feature]])
                sw.writerow([row_id, i + 1, feature, 0])
print('facial-keypoints: %d train and %d test images, %d keypoints' % (len(train), k, row_id))
