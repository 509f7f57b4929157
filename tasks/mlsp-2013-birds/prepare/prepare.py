"""mlsp-2013-birds: a split of the labelled recordings with an answer per recording and species.

Recipe (MLE-Dojo, PREPARE.md): only the labelled recordings (fold 0 of CVfolds_2.txt) are kept; Kaggle's unlabelled
fold-1 recordings are dropped with their files. The kept rec_ids are renumbered 0..n-1 in rec_id order in every
table whose first column is rec_id. round(test_fraction * n) recordings (0.2) drawn with the seed become the new
test: fold 1 in the new CVfolds_2.txt and '?' as labels in rec_labels_test_hidden.txt. The answer has one row per
test recording and species (Id = rec_id * 100 + class_id), Probability 1 when the species was heard, else 0.

public/  essential_data/, supplemental_data/ (same files, filtered and renumbered),
         sample_submission.csv (Id, Probability = 0)
private/ answers.csv (Id, Probability)
"""
import csv
import json
import os
import random
import shutil
import sys

RAW = sys.argv[1] if len(sys.argv) > 1 else '/data'
task = json.load(open('.dojo-task.json'))
fraction = task['test_fraction'] or 0.2
essential = next((f for f, _, files in sorted(os.walk(RAW)) if os.path.basename(f) == 'essential_data'
                  and 'CVfolds_2.txt' in files), None)
if essential is None:
    raise SystemExit('essential_data/CVfolds_2.txt is not in the raw data')
root = os.path.dirname(essential)


def table(path):
    with open(path, newline='') as f:
        lines = [line.rstrip('\r\n') for line in f]
    return lines[0], [line.split(',') for line in lines[1:] if line.strip()]


_, folds = table(os.path.join(essential, 'CVfolds_2.txt'))
labelled = sorted((int(r[0]) for r in folds if r[1].strip() == '0'))
new_id = {old: new for new, old in enumerate(labelled)}
test = set(random.Random(task['seed']).sample(range(len(labelled)), min(max(round(len(labelled) * fraction), 1),
                                                                         len(labelled) - 1)))
_, names = table(os.path.join(essential, 'rec_id2filename.txt'))
dropped_names = {r[1] for r in names if int(r[0]) not in new_id}
_, label_rows = table(os.path.join(essential, 'rec_labels_test_hidden.txt'))
labels = {new_id[int(r[0])]: {int(x) for x in r[1:] if x.strip() not in ('', '?')} for r in label_rows if int(r[0]) in new_id}
_, species = table(os.path.join(essential, 'species_list.txt'))


def rewrite(source, target):
    """A rec_id table: kept rows renumbered, test labels hidden; other files are copied."""
    with open(source, newline='') as f:
        header = f.readline()
    if not header.startswith('rec_id'):
        shutil.copyfile(source, target)
        return
    _, rows = table(source)
    hidden = os.path.basename(source) == 'rec_labels_test_hidden.txt'
    fold = os.path.basename(source) == 'CVfolds_2.txt'
    with open(target, 'w', newline='') as out:
        out.write(header)
        for r in sorted((r for r in rows if int(r[0]) in new_id), key=lambda r: new_id[int(r[0])]):
            rec = new_id[int(r[0])]
            rest = ['1' if rec in test else '0'] if fold else ['?'] if hidden and rec in test else r[1:]
            out.write(','.join([str(rec)] + rest) + '\n')


for sub in ('essential_data', 'supplemental_data'):
    for folder, dirs, files in sorted(os.walk(os.path.join(root, sub))):
        dirs.sort()
        target = os.path.join('public', os.path.relpath(folder, root))
        os.makedirs(target, exist_ok=True)
        for name in sorted(files):
            if os.path.splitext(name)[0] in dropped_names:
                continue
            if name.endswith('.txt'):
                rewrite(os.path.join(folder, name), os.path.join(target, name))
            else:
                shutil.copyfile(os.path.join(folder, name), os.path.join(target, name))

with open('public/sample_submission.csv', 'w', newline='') as s, open('private/answers.csv', 'w', newline='') as a:
    sample, answers = csv.writer(s, lineterminator='\n'), csv.writer(a, lineterminator='\n')
    sample.writerow(['Id', 'Probability'])
    answers.writerow(['Id', 'Probability'])
    for rec in sorted(test):
        for row in species:
            sample.writerow([rec * 100 + int(row[0]), 0])
            answers.writerow([rec * 100 + int(row[0]), 1 if int(row[0]) in labels.get(rec, ()) else 0])
print(f'{len(labelled) - len(test)} train and {len(test)} test recordings; {len(folds) - len(labelled)} unlabelled dropped')
