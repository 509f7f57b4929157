"""ml2021spring-hw2: a row split of the TIMIT frame arrays (NumPy).

Recipe (MLE-Dojo, PREPARE.md): the rows of timit_11/timit_11/train_11.npy and train_label_11.npy are shuffled with
the seed and the tail round(f * n) rows become the new test, with f = n_test / (n_train + n_test) from Kaggle's
test_11.npy (read for its row count only; ~0.268). New ids are 0..m-1 in original row order on each side.

public/  timit_11/timit_11/{train_11.npy, train_label_11.npy, test_11.npy}, sample_submission.csv (Id, ClassId = 0)
private/ answers.csv (Id, ClassId)

Arrays are memory-mapped and copied in blocks, so the 2 GB feature matrix is never loaded whole.
"""
import csv
import json
import os
import sys

import numpy as np

RAW = sys.argv[1] if len(sys.argv) > 1 else '/data'
task = json.load(open('.dojo-task.json'))
source = next((os.path.join(folder) for folder, _, files in sorted(os.walk(RAW)) if 'train_11.npy' in files), None)
if source is None:
    raise SystemExit('timit_11/timit_11/train_11.npy is not in the raw data')
features = np.load(os.path.join(source, 'train_11.npy'), mmap_mode='r')
labels = np.load(os.path.join(source, 'train_label_11.npy'), mmap_mode='r')
n = features.shape[0]
n_kaggle_test = np.load(os.path.join(source, 'test_11.npy'), mmap_mode='r').shape[0]
fraction = task['test_fraction'] or n_kaggle_test / (n + n_kaggle_test)
k = min(max(round(n * fraction), 1), n - 1)
order = np.random.default_rng(task['seed']).permutation(n)
test_rows = np.sort(order[n - k:])
train_rows = np.sort(order[:n - k])

out = 'public/timit_11/timit_11'
os.makedirs(out)


def copy_rows(array, rows, path, block=65536):
    target = np.lib.format.open_memmap(path, mode='w+', dtype=array.dtype, shape=(len(rows),) + array.shape[1:])
    for start in range(0, len(rows), block):
        target[start:start + block] = array[rows[start:start + block]]
    target.flush()
    del target


copy_rows(features, train_rows, f'{out}/train_11.npy')
copy_rows(labels, train_rows, f'{out}/train_label_11.npy')
copy_rows(features, test_rows, f'{out}/test_11.npy')
with open('public/sample_submission.csv', 'w', newline='') as s, open('private/answers.csv', 'w', newline='') as a:
    sample, answers = csv.writer(s, lineterminator='\n'), csv.writer(a, lineterminator='\n')
    sample.writerow(['Id', 'ClassId'])
    answers.writerow(['Id', 'ClassId'])
    for i, row in enumerate(test_rows):
        sample.writerow([i, 0])
        answers.writerow([i, int(labels[row])])
print(f'{n - k} train and {k} test frames (test share {fraction:.4f})')
