"""shopee-product-matching: postings sampled into a new test; the answer is each posting's matches inside the test.

Recipe (MLE-Dojo, PREPARE.md): count = max(rows of Kaggle's test.csv, n // 5) postings of train.csv are drawn with
the seed (at most n - 1). A test posting's answer is the space-joined, sorted posting_ids of the new test that share
its label_group (itself included). The public test drops label_group. All images stay in train_images/ (Kaggle's
layout: both sides' images in one folder).

public/  train/train.csv, test/test.csv (posting_id, image, image_phash, title), train_images/,
         sample_submission.csv (posting_id, matches = one constant: the first test posting_id; Kaggle's sample lists
         each posting's own id, but the platform's samples hold one constant per column)
private/ answers.csv (posting_id, matches)
"""
import csv
import json
import os
import random
import shutil
import sys

RAW = sys.argv[1] if len(sys.argv) > 1 else '/data'
task = json.load(open('.dojo-task.json'))
csv.field_size_limit(1 << 30)


def read(name):
    with open(os.path.join(RAW, name), newline='', encoding='utf-8') as f:
        reader = csv.DictReader(f)
        return reader.fieldnames, list(reader)


columns, rows = read('train.csv')
n_kaggle_test = len(read('test.csv')[1]) if os.path.exists(os.path.join(RAW, 'test.csv')) else 0
count = min(max(n_kaggle_test, len(rows) // 5, 1), len(rows) - 1)
test = set(random.Random(task['seed']).sample(range(len(rows)), count))
test_rows = [r for i, r in enumerate(rows) if i in test]
groups = {}
for r in test_rows:
    groups.setdefault(r['label_group'], []).append(r['posting_id'])


def write(path, header, items):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w', newline='', encoding='utf-8') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(header)
        w.writerows(items)


public_columns = [c for c in columns if c != 'label_group']
write('public/train/train.csv', columns, ([r[c] for c in columns] for i, r in enumerate(rows) if i not in test))
write('public/test/test.csv', public_columns, ([r[c] for c in public_columns] for r in test_rows))
write('private/answers.csv', ['posting_id', 'matches'],
      ([r['posting_id'], ' '.join(sorted(groups[r['label_group']]))] for r in test_rows))
write('public/sample_submission.csv', ['posting_id', 'matches'], ([r['posting_id'], test_rows[0]['posting_id']] for r in test_rows))
source = os.path.join(RAW, 'train_images')
if os.path.isdir(source):
    shutil.copytree(source, 'public/train_images')
print(f'{len(rows) - count} train and {count} test postings')
