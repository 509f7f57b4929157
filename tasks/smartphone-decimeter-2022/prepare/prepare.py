"""smartphone-decimeter-2022: a split of the train drives by drive date; the answer is their ground truth.

Recipe (MLE-Dojo, PREPARE.md): the YYYY-MM-DD dates that start the drive folder names of train/ are sorted and
shuffled with the seed; the drives of the tail round(test_fraction * dates) dates (0.1; at least one date on each
side) become the new test. Their phone folders are published under test/ without ground_truth.csv; the answer is
the concatenation of those ground_truth.csv files with tripId = '<drive>/<phone>' (Kaggle's form of the trip id;
the reference joins with '-'), UnixTimeMillis, LatitudeDegrees and LongitudeDegrees, ordered by tripId and time.
Kaggle's own test/ drives (unlabelled) are not used.

public/  train/, test/ (no ground_truth.csv), metadata/, sample_submission.csv (tripId, UnixTimeMillis,
         LatitudeDegrees = 37.904611315634504, LongitudeDegrees = -86.48107806249548)
private/ answers.csv (tripId, UnixTimeMillis, LatitudeDegrees, LongitudeDegrees)
"""
import csv
import json
import os
import random
import re
import shutil
import sys

RAW = sys.argv[1] if len(sys.argv) > 1 else '/data'
task = json.load(open('.dojo-task.json'))
fraction = task['test_fraction'] or 0.1
DATE = re.compile(r'^(\d{4}-\d{2}-\d{2})')

drives = sorted(d for d in os.listdir(os.path.join(RAW, 'train')) if DATE.match(d))
dates = sorted({DATE.match(d).group(1) for d in drives})
if len(dates) < 2:
    raise SystemExit(f'the train drives cover {len(dates)} date(s); the split needs two')
random.Random(task['seed']).shuffle(dates)
k = min(max(round(len(dates) * fraction), 1), len(dates) - 1)
test_dates = set(dates[len(dates) - k:])

rows = []
for drive in drives:
    source = os.path.join(RAW, 'train', drive)
    if DATE.match(drive).group(1) not in test_dates:
        shutil.copytree(source, os.path.join('public/train', drive))
        continue
    shutil.copytree(source, os.path.join('public/test', drive), ignore=shutil.ignore_patterns('ground_truth.csv'))
    for phone in sorted(os.listdir(source)):
        truth = os.path.join(source, phone, 'ground_truth.csv')
        if os.path.exists(truth):
            with open(truth, newline='') as f:
                for r in csv.DictReader(f):
                    rows.append([f'{drive}/{phone}', int(r['UnixTimeMillis']), r['LatitudeDegrees'], r['LongitudeDegrees']])
rows.sort(key=lambda r: (r[0], r[1]))
if os.path.isdir(os.path.join(RAW, 'metadata')):
    shutil.copytree(os.path.join(RAW, 'metadata'), 'public/metadata')
header = ['tripId', 'UnixTimeMillis', 'LatitudeDegrees', 'LongitudeDegrees']
for path, items in (('private/answers.csv', rows),
                    ('public/sample_submission.csv', ([r[0], r[1], '37.904611315634504', '-86.48107806249548'] for r in rows))):
    with open(path, 'w', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(header)
        w.writerows(items)
print(f'{len(dates) - k} train and {k} test dates; {len(rows)} answer rows')
