"""the-winton-stock-market-challenge: a window split of train.csv with a long answer of 62 horizons per window.

Recipe (MLE-Dojo, PREPARE.md): R_total = Kaggle test windows / (train + test windows) (test_2.csv is read for its row
count only; ~0.75); the windows of train.csv are shuffled with the seed and the tail round(R_total * n) become the new
test (at least one window on each side). Answer rows are '<window>_<k>': k = 1..60 are Ret_121..Ret_180 (weighted
by Weight_Intraday), 61 and 62 are Ret_PlusOne and Ret_PlusTwo (weighted by Weight_Daily). Horizons whose return is
missing in train.csv are left out of the answers (the reference keeps them as NaN, which its own no-missing-values
check would refuse in a perfect submission).

public/  train.csv (new train, all columns), test_2.csv (new test with Kaggle's test columns: Id, Feature_*,
         Ret_MinusTwo, Ret_MinusOne, Ret_2..Ret_120), sample_submission.csv (Id, Predicted = 0.0)
private/ answers.csv (Id, Predicted, Weight_Intraday, Weight_Daily)

The public test keeps Kaggle's file name test_2.csv: its Id is the window, not the answer id. Streams train.csv twice.
"""
import csv
import json
import os
import random
import sys

RAW = sys.argv[1] if len(sys.argv) > 1 else '/data'
task = json.load(open('.dojo-task.json'))


def count(path):
    with open(path, newline='') as f:
        return sum(1 for _ in csv.reader(f)) - 1


def records(path):
    with open(path, newline='') as f:
        yield from csv.DictReader(f)


n = count(os.path.join(RAW, 'train.csv'))
n_kaggle_test = count(os.path.join(RAW, 'test_2.csv'))
ratio = task['test_fraction'] or n_kaggle_test / (n + n_kaggle_test)
k = min(max(round(n * ratio), 1), n - 1)
order = list(range(n))
random.Random(task['seed']).shuffle(order)
test = set(order[n - k:])

with open(os.path.join(RAW, 'train.csv'), newline='') as f:
    columns = next(csv.reader(f))
horizons = [f'Ret_{i}' for i in range(121, 181)] + ['Ret_PlusOne', 'Ret_PlusTwo']
hidden = set(horizons) | {'Weight_Intraday', 'Weight_Daily'}
test_columns = [c for c in columns if c not in hidden]


def opened(path, header):
    f = open(path, 'w', newline='')
    w = csv.writer(f, lineterminator='\n')
    w.writerow(header)
    return f, w


files = {'train': opened('public/train.csv', columns), 'test': opened('public/test_2.csv', test_columns),
         'sample': opened('public/sample_submission.csv', ['Id', 'Predicted']),
         'answers': opened('private/answers.csv', ['Id', 'Predicted', 'Weight_Intraday', 'Weight_Daily'])}
for i, r in enumerate(records(os.path.join(RAW, 'train.csv'))):
    if i not in test:
        files['train'][1].writerow([r[c] for c in columns])
        continue
    files['test'][1].writerow([r[c] for c in test_columns])
    for h, name in enumerate(horizons, start=1):
        if r[name].strip():
            files['sample'][1].writerow([f"{r['Id']}_{h}", '0.0'])
            files['answers'][1].writerow([f"{r['Id']}_{h}", r[name], r['Weight_Intraday'], r['Weight_Daily']])
for f, _ in files.values():
    f.close()
print(f'{n - k} train and {k} test windows (test share {ratio:.4f})')
