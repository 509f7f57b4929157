"""stanford-covid-vaccine: RNA sequences sampled into a new test; the answer is exploded per sequence position.

Recipe (MLE-Dojo, PREPARE.md): int(test_fraction * N) sequences (0.1 of all N rows of train.json, JSON lines) are
drawn with the seed among the rows with SN_filter > 0 (at most all of them but one row of the file). The public test
keeps only Kaggle's test.json columns (read from its first line) with a new 0-based 'index'. The answer has one row per
test sequence and position 0..seq_length-1 (id_seqpos = '<id>_<pos>'): the five measured targets for the scored
positions, zeros beyond seq_scored, and a keep flag (False there; the metric ignores it), written with 10 decimals.
The bpps/ matrices of the kept sequences are published too.

public/  train.json, test.json, bpps/, sample_submission.csv (id_seqpos + the five targets = 0.0, Kaggle's layout)
private/ answers.csv (id_seqpos, reactivity, deg_Mg_pH10, deg_pH10, deg_Mg_50C, deg_50C, keep)
"""
import csv
import json
import os
import random
import shutil
import sys

RAW = sys.argv[1] if len(sys.argv) > 1 else '/data'
task = json.load(open('.dojo-task.json'))
fraction = task['test_fraction'] or 0.1
TARGETS = ['reactivity', 'deg_Mg_pH10', 'deg_pH10', 'deg_Mg_50C', 'deg_50C']


def records(name):
    with open(os.path.join(RAW, name), encoding='utf-8') as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


rows = list(records('train.json'))
test_columns = list(next(records('test.json')).keys())
eligible = [i for i, r in enumerate(rows) if float(r.get('SN_filter', 0)) > 0]
count = min(int(fraction * len(rows)), len(eligible), len(rows) - 1)
if count < 1:
    raise SystemExit(f'train.json has {len(rows)} rows ({len(eligible)} with SN_filter > 0): no test row at this share')
test = sorted(random.Random(task['seed']).sample(eligible, count))
chosen = set(test)

with open('public/train.json', 'w', encoding='utf-8') as out:
    for i, r in enumerate(rows):
        if i not in chosen:
            out.write(json.dumps(r) + '\n')
with open('public/test.json', 'w', encoding='utf-8') as out:
    for new_index, i in enumerate(test):
        out.write(json.dumps({c: (new_index if c == 'index' else rows[i].get(c)) for c in test_columns}) + '\n')
with open('public/sample_submission.csv', 'w', newline='') as s, open('private/answers.csv', 'w', newline='') as a:
    sample, answers = csv.writer(s, lineterminator='\n'), csv.writer(a, lineterminator='\n')
    sample.writerow(['id_seqpos'] + TARGETS)
    answers.writerow(['id_seqpos'] + TARGETS + ['keep'])
    for i in test:
        r = rows[i]
        for pos in range(int(r['seq_length'])):
            keep = pos < int(r['seq_scored'])
            values = [f'{float(r[t][pos]) if keep else 0.0:.10f}' for t in TARGETS]
            sample.writerow([f"{r['id']}_{pos}"] + ['0.0'] * len(TARGETS))
            answers.writerow([f"{r['id']}_{pos}"] + values + [keep])
bpps = os.path.join(RAW, 'bpps')
if os.path.isdir(bpps):
    os.makedirs('public/bpps')
    for r in rows:
        source = os.path.join(bpps, f"{r['id']}.npy")
        if os.path.exists(source):
            shutil.copyfile(source, f"public/bpps/{r['id']}.npy")
print(f'{len(rows) - count} train and {count} test sequences')
