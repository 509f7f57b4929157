"""AI4Code: ancestry-grouped notebook split.

Recipe (prepare: block of task.yaml):
- train_ancestors.csv (id, ancestor_id, parent_id) is shuffled with pandas (random_state = seed) and grouped by
  ancestor_id in order of first appearance; whole groups go to the test side while the running total stays within
  round(n * test_fraction) notebooks (MLE-Dojo: exactly 20,000 of 139,256; test_fraction 0.1436 gives the same count),
  all other groups are train. Forks of one notebook therefore never straddle the split.
- public: train/<id>.json and test/<id>.json (copied byte for byte; their markdown cells are already shuffled in the
  Kaggle files), train_orders.csv and train_ancestors.csv restricted to train notebooks.
- private/answers.csv: id, cell_order of the test notebooks (from train_orders.csv).
- public/sample_submission.csv: id, cell_order = the cell ids in the order of the test JSON. The metric refuses a row
  whose cell set differs from the notebook's, so no constant placeholder is possible here.
Kaggle's own test/ folder and sample_submission.csv are not used.
"""
import csv
import json
import os
import shutil

import pandas as pd

info = json.load(open('/workspace/.dojo-task.json'))
seed, fraction = int(info['seed']), float(info['test_fraction'])

ancestors = pd.read_csv('/data/train_ancestors.csv', dtype=str, keep_default_na=False)
ancestors = ancestors.sample(frac=1, random_state=seed).reset_index(drop=True)
target = min(len(ancestors) - 1, max(1, round(len(ancestors) * fraction)))
test_ids, total = set(), 0
for _, group in ancestors.groupby('ancestor_id', sort=False):
    if total + len(group) <= target:
        test_ids.update(group['id'])
        total += len(group)
if not test_ids:
    raise SystemExit('no ancestor group fits into %d test notebooks' % target)

for side in ('train', 'test'):
    os.makedirs('public/' + side, exist_ok=True)
test_order = []
for nb in ancestors['id'].sort_values():
    side = 'test' if nb in test_ids else 'train'
    shutil.copyfile('/data/train/%s.json' % nb, 'public/%s/%s.json' % (side, nb))
    if side == 'test':
        test_order.append(nb)

ancestors[~ancestors['id'].isin(test_ids)].sort_values('id').to_csv('public/train_ancestors.csv', index=False)

with open('/data/train_orders.csv', newline='') as src, \
        open('public/train_orders.csv', 'w', newline='') as pub, \
        open('private/answers.csv', 'w', newline='') as ans:
    reader = csv.reader(src)
    header = next(reader)
    pub_w, ans_w = csv.writer(pub, lineterminator='\n'), csv.writer(ans, lineterminator='\n')
    pub_w.writerow(header)
    ans_w.writerow(header)
    orders = {}
    for row in reader:
        if row[0] in test_ids:
            orders[row[0]] = row[1]
        else:
            pub_w.writerow(row)
    for nb in test_order:
        ans_w.writerow([nb, orders[nb]])

with open('public/sample_submission.csv', 'w', newline='') as f:
    w = csv.writer(f, lineterminator='\n')
    w.writerow(['id', 'cell_order'])
    for nb in test_order:
        cells = json.load(open('/data/train/%s.json' % nb, encoding='utf-8'))['cell_type']
        w.writerow([nb, ' '.join(cells)])
print('AI4Code: %d train and %d test notebooks' % (len(ancestors) - len(test_ids), len(test_ids)))
