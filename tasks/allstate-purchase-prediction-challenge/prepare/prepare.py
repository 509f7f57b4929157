"""Allstate Purchase Prediction: customer-level split, purchased plan as the answer.

Recipe (prepare: block of task.yaml):
- the customers of train.csv are split with scikit-learn train_test_split(test_size=test_fraction,
  random_state=seed) on the sorted unique customer_ID (MLE-Dojo: Kaggle's test/total customer ratio, about 0.365).
- public/train.csv: every row of the train customers.
- public/test.csv: the quote rows (record_type 0) of the test customers, truncated like Kaggle's test_v2 so that the
  history does not end at the purchase: each customer keeps its first m quotes, m drawn uniformly in [1, quotes]
  with random.Random(seed) (MLE-Dojo publishes every quote, and the last one usually is the purchased plan).
- private/answers.csv: customer_ID, plan = options A..G of the purchase row (record_type 1) concatenated.
- public/sample_submission.csv: customer_ID, plan = 1111111.
test_v2.csv and Kaggle's sample submission are not used.
"""
import json
import random

import pandas as pd
from sklearn.model_selection import train_test_split

info = json.load(open('/workspace/.dojo-task.json'))
seed, fraction = int(info['seed']), float(info['test_fraction'])

data = pd.read_csv('/data/train.csv', dtype=str, keep_default_na=False)
customers = sorted(data['customer_ID'].unique(), key=lambda c: (len(c), c))
train_c, test_c = train_test_split(customers, test_size=fraction, random_state=seed)
test_set = set(test_c)
is_test = data['customer_ID'].isin(test_set)
data[~is_test].to_csv('public/train.csv', index=False)

test_rows = data[is_test]
purchases = test_rows[test_rows['record_type'] == '1'].drop_duplicates('customer_ID')
answers = pd.DataFrame({'customer_ID': purchases['customer_ID'],
                        'plan': purchases[list('ABCDEFG')].agg(''.join, axis=1)}).reset_index(drop=True)

quotes = test_rows[(test_rows['record_type'] == '0') & test_rows['customer_ID'].isin(set(answers['customer_ID']))]
positions = quotes.groupby('customer_ID').indices
rng = random.Random(seed)
keep = []
for customer in sorted(positions, key=lambda c: (len(c), c)):
    rows = positions[customer]
    keep.extend(rows[:rng.randint(1, len(rows))])
quotes.iloc[sorted(keep)].to_csv('public/test.csv', index=False)

answers.to_csv('private/answers.csv', index=False)
answers.assign(plan='1111111').to_csv('public/sample_submission.csv', index=False)
print('allstate: %d train and %d test customers' % (len(train_c), len(answers)))
