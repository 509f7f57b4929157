"""the-icml-2013-whale-challenge-right-whale-redux: a split of the labelled clips by recording day.

Recipe (MLE-Dojo, PREPARE.md): the clips of train2/ are named <YYYYMMDD>_<time>_TRAIN<i>_<label>.aif; the label (0/1)
is the name's suffix. The recording days are sorted and the latest round(test_fraction * days) (0.5: 2 of Kaggle's 4
days; at least one day on each side) become the new test. Train clips keep their name with a new running number
(<YYYYMMDD>_<time>_TRAIN<k>_<label>.aif); test clips, in name order, become Test<k>.aif (date and label removed).
Deterministic: no random step. Kaggle's unlabelled test2/ is not used.

public/  train2/, test2/, sample_submission.csv (clip, probability = 0)
private/ answers.csv (clip, probability = the label)

Copies every clip once (the raw data is read-only).
"""
import csv
import json
import os
import re
import shutil
import sys

RAW = sys.argv[1] if len(sys.argv) > 1 else '/data'
task = json.load(open('.dojo-task.json'))
fraction = task['test_fraction'] or 0.5
NAME = re.compile(r'^(\d{8})_(.*)_TRAIN\d+_([01])\.aif$')

source = next((os.path.join(folder, 'train2') for folder, dirs, _ in sorted(os.walk(RAW)) if 'train2' in dirs), None)
if source is None:
    raise SystemExit('train2/ is not in the raw data')
clips = []
for name in sorted(os.listdir(source)):
    m = NAME.match(name)
    if m:
        clips.append((m.group(1), m.group(2), int(m.group(3)), name))
days = sorted({c[0] for c in clips})
if len(days) < 2:
    raise SystemExit(f'train2/ holds {len(days)} recording day(s); the split needs two')
k = min(max(round(len(days) * fraction), 1), len(days) - 1)
test_days = set(days[len(days) - k:])

os.makedirs('public/train2')
os.makedirs('public/test2')
with open('public/sample_submission.csv', 'w', newline='') as s, open('private/answers.csv', 'w', newline='') as a:
    sample, answers = csv.writer(s, lineterminator='\n'), csv.writer(a, lineterminator='\n')
    sample.writerow(['clip', 'probability'])
    answers.writerow(['clip', 'probability'])
    n_train = n_test = 0
    for day, time, label, name in clips:
        if day in test_days:
            clip = f'Test{n_test}.aif'
            n_test += 1
            shutil.copyfile(os.path.join(source, name), os.path.join('public/test2', clip))
            sample.writerow([clip, 0])
            answers.writerow([clip, label])
        else:
            shutil.copyfile(os.path.join(source, name), os.path.join('public/train2', f'{day}_{time}_TRAIN{n_train}_{label}.aif'))
            n_train += 1
print(f'{n_train} train clips ({len(days) - k} days) and {n_test} test clips ({k} days)')
