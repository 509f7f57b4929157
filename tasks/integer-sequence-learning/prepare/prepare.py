"""integer-sequence-learning: the last term of each test sequence is the answer.

Recipe (MLE-Dojo, PREPARE.md): the rows of Kaggle's train.csv (Id, Sequence) are shuffled with the seed and
int(test_fraction * n) rows (0.2, a hard-coded override in the reference) become the new test. Each test Sequence
loses its last term, which is the answer (kept as text: terms overflow 64 bits). Kaggle's test.csv and
sample_submission.csv are not published (their answers are unknown).

public/  train.csv (Id, Sequence), test.csv (Id, Sequence without its last term), sample_submission.csv (Id, Last=0)
private/ answers.csv (Id, Last)

Streams train.csv twice; memory holds only the chosen row numbers.
"""
import csv
import json
import os
import random
import sys

RAW = sys.argv[1] if len(sys.argv) > 1 else '/data'
task = json.load(open('.dojo-task.json'))
fraction = task['test_fraction'] or 0.2
csv.field_size_limit(1 << 30)


def rows(path):
    with open(path, newline='') as f:
        reader = csv.reader(f)
        header = next(reader)
        for row in reader:
            yield header, row


def writer(path):
    f = open(path, 'w', newline='')
    return f, csv.writer(f, lineterminator='\n')


source = os.path.join(RAW, 'train.csv')
n = sum(1 for _ in rows(source))
k = int(fraction * n)
if not 1 <= k < n:
    raise SystemExit(f'train.csv has {n} rows; a test share of {fraction} leaves one side empty')
order = list(range(n))
random.Random(task['seed']).shuffle(order)
test_rows = set(order[:k])

files = [writer(p) for p in ('public/train.csv', 'public/test.csv', 'public/sample_submission.csv', 'private/answers.csv')]
(_, train), (_, test), (_, sample), (_, answers) = files
train.writerow(['Id', 'Sequence'])
test.writerow(['Id', 'Sequence'])
sample.writerow(['Id', 'Last'])
answers.writerow(['Id', 'Last'])
for i, (header, row) in enumerate(rows(source)):
    rid, sequence = row[header.index('Id')], row[header.index('Sequence')]
    if i not in test_rows:
        train.writerow([rid, sequence])
        continue
    terms = sequence.split(',')
    test.writerow([rid, ','.join(terms[:-1])])
    sample.writerow([rid, 0])
    answers.writerow([rid, terms[-1]])
for f, _ in files:
    f.close()
print(f'{n - k} train and {k} test sequences')
