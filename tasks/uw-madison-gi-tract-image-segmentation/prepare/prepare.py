"""uw-madison-gi-tract-image-segmentation: a case split plus the later days of every other case.

Recipe (MLE-Dojo, PREPARE.md): the cases of train.csv (id 'case<c>_day<d>_slice_<s>', 3 rows per id: large_bowel,
small_bowel, stomach) are sorted and shuffled with the seed; the tail round(test_fraction * cases) cases (0.1; at
least one on each side) go to the test entirely, and of every other case each day after its 4th (days in numeric
order) goes to the test too, mimicking Kaggle's hidden test. The answer keeps the 3 rows per slice with the RLE
(empty when the organ is absent) and the slice's width and height, parsed from its scan file name
(slice_<s>_<width>_<height>_<px>_<py>.png). Scan folders follow their case day.

public/  train.csv, test.csv (id, class), train/<case>/<case_day>/, test/<case>/<case_day>/,
         sample_submission.csv (id, class, predicted = '1 1 5 2')
private/ answers.csv (id, class, predicted, width, height)
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
ID = re.compile(r'^case(\d+)_day(\d+)_slice_(\d+)$')
SCAN = re.compile(r'^slice_(\d+)_(\d+)_(\d+)_')

with open(os.path.join(RAW, 'train.csv'), newline='') as f:
    reader = csv.DictReader(f)
    columns = reader.fieldnames
    rows = list(reader)
days = {}
for r in rows:
    case, day, _ = map(int, ID.match(r['id']).groups())
    days.setdefault(case, set()).add(day)
cases = sorted(days)
random.Random(task['seed']).shuffle(cases)
k = min(max(round(len(cases) * fraction), 1), len(cases) - 1)
test_cases = set(cases[len(cases) - k:])
test_days = {(c, d) for c in days for i, d in enumerate(sorted(days[c])) if c in test_cases or i >= 4}

size = {}
for case in sorted(days):
    for day in sorted(days[case]):
        scans = os.path.join(RAW, 'train', f'case{case}', f'case{case}_day{day}', 'scans')
        for name in sorted(os.listdir(scans)) if os.path.isdir(scans) else []:
            m = SCAN.match(name)
            if m:
                size[(case, day, int(m.group(1)))] = (m.group(2), m.group(3))
        side = 'test' if (case, day) in test_days else 'train'
        source = os.path.join(RAW, 'train', f'case{case}', f'case{case}_day{day}')
        if os.path.isdir(source):
            shutil.copytree(source, os.path.join('public', side, f'case{case}', f'case{case}_day{day}'))


def is_test(r):
    case, day, _ = map(int, ID.match(r['id']).groups())
    return (case, day) in test_days


def write(path, header, items):
    with open(path, 'w', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(header)
        w.writerows(items)


test_rows = [r for r in rows if is_test(r)]
write('public/train.csv', columns, ([r[c] for c in columns] for r in rows if not is_test(r)))
write('public/test.csv', ['id', 'class'], ([r['id'], r['class']] for r in test_rows))
write('public/sample_submission.csv', ['id', 'class', 'predicted'], ([r['id'], r['class'], '1 1 5 2'] for r in test_rows))
answers = []
for r in test_rows:
    width, height = size.get(tuple(map(int, ID.match(r['id']).groups())), ('', ''))
    answers.append([r['id'], r['class'], r['segmentation'], width, height])
write('private/answers.csv', ['id', 'class', 'predicted', 'width', 'height'], answers)
print(f'{len(rows) - len(test_rows)} train and {len(test_rows)} test rows; {k} test cases, {len(test_days)} test days')
