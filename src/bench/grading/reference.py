"""The Python reference path of one grade, as MLE-Dojo's graders do it: read both files with pandas, align rows by the
id as text (sort both by str(id)), score the metric once with scikit-learn (or the reference's own MAP@3).

Usage: reference.py DIR METRIC REPEATS. Prints one JSON line: median and minimum seconds per grade (warm, in-process)
and the process's peak RSS in MB.
"""
import json
import resource
import statistics
import sys
import time

import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score, mean_squared_error, roc_auc_score

folder, metric, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3])


def map_at_3(truth, predicted):
    total = 0.0
    for t, p in zip(truth, predicted):
        for rank, label in enumerate(str(p).split()[:3]):
            if label == t:
                total += 1.0 / (rank + 1)
                break
    return total / len(truth)


def grade():
    truth = pd.read_csv(f'{folder}/{metric}_answers.csv')
    sub = pd.read_csv(f'{folder}/{metric}_submission.csv')
    for df in (truth, sub):
        df['id'] = df['id'].astype(str)
    truth = truth.sort_values('id').reset_index(drop=True)
    sub = sub.sort_values('id').reset_index(drop=True)
    if not (truth['id'].values == sub['id'].values).all():
        raise ValueError('ids differ')
    if metric == 'roc_auc':
        return roc_auc_score(truth['target'], sub['target'])
    if metric == 'rmse':
        return float(np.sqrt(mean_squared_error(truth['target'], sub['target'])))
    if metric in ('log_loss_multiclass', 'log_loss_wide'):
        # the manual NumPy form of the reference graders with params {eps 1e-15, row_normalize after_clip}
        classes = [c for c in truth.columns if c != 'id']
        p = np.clip(sub[classes].values, 1e-15, 1 - 1e-15)
        p = p / p.sum(axis=1, keepdims=True)
        return float(-np.mean(np.sum(truth[classes].values * np.log(p), axis=1)))
    if metric == 'accuracy':
        return accuracy_score(truth['label'], sub['label'])
    if metric == 'map_at_k':
        return map_at_3(truth['answer'].values, sub['answer'].values)
    raise ValueError(metric)


times = []
score = None
for _ in range(repeats):
    started = time.perf_counter()
    score = grade()
    times.append(time.perf_counter() - started)
print(json.dumps({'path': 'python', 'metric': metric, 'median_s': statistics.median(times), 'min_s': min(times),
                  'peak_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 'score': score,
                  'pandas': pd.__version__}))
