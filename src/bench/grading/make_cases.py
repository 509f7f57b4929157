"""Writes the side-by-side grading cases: for each metric an answers file and a submission in shuffled row order.

Usage: make_cases.py DIR ROWS [wide]. Deterministic (seed 1); the same formats as GradingBenchmark. With "wide", writes
only the log_loss_wide case instead: 26 classes a..z, probabilities at full precision (%.17g): at 1,000,000 rows a
submission of about 500 MiB, near the platform's 512 MiB limit (dojo.grading.max-bytes).
"""
import os
import sys

import numpy as np

out, rows = sys.argv[1], int(sys.argv[2])
os.makedirs(out, exist_ok=True)
rng = np.random.RandomState(1)
ids = np.arange(rows)
order = rng.permutation(rows)


def write(name, header, columns):
    with open(os.path.join(out, name), 'w') as f:
        f.write(','.join(header) + '\n')
        for row in zip(*columns):
            f.write(','.join(row) + '\n')


def fmt(values):
    return ['%.6f' % v for v in values]


def case(metric, header, truth, submission):
    write(metric + '_answers.csv', header, [[str(i) for i in ids]] + truth)
    write(metric + '_submission.csv', header, [[str(i) for i in ids[order]]] + [[c[i] for i in order] for c in submission])


if len(sys.argv) > 3 and sys.argv[3] == 'wide':
    classes = [chr(97 + c) for c in range(26)]
    k = rng.randint(0, 26, rows)
    p = rng.dirichlet(np.ones(26), rows)
    case('log_loss_wide', ['id'] + classes, [[str(int(v == j)) for v in k] for j in range(26)],
         [['%.17g' % v for v in p[:, j]] for j in range(26)])
    sys.exit(0)

y = rng.randint(0, 2, rows)
case('roc_auc', ['id', 'target'], [[str(v) for v in y]], [fmt(np.clip(0.3 * y + 0.7 * rng.rand(rows), 0, 1))])
y = rng.rand(rows) * 100
case('rmse', ['id', 'target'], [fmt(y)], [fmt(y + rng.randn(rows) * 5)])
k = rng.randint(0, 3, rows)
a = rng.rand(rows)
b = rng.rand(rows) * (1 - a)
case('log_loss_multiclass', ['id', 'a', 'b', 'c'], [[str(int(k == j)) for k in k] for j in range(3)],
     [fmt(a), fmt(b), fmt(1 - a - b)])
y = rng.randint(0, 10, rows)
guess = np.where(rng.randint(0, 4, rows) == 0, rng.randint(0, 10, rows), y)
case('accuracy', ['id', 'label'], [[str(v) for v in y]], [[str(v) for v in guess]])
letters = np.array(list('ABCDE'))
y = letters[rng.randint(0, 5, rows)]
guess = [f'{p} {t} {q}' for p, t, q in zip(letters[rng.randint(0, 5, rows)], y, letters[rng.randint(0, 5, rows)])]
case('map_at_k', ['id', 'answer'], [list(y)], [guess])
