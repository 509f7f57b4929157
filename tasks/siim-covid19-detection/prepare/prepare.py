"""siim-covid19-detection: a study split; the answer mixes study-level and image-level rows.

Recipe (MLE-Dojo, PREPARE.md): the studies of train_study_level.csv (id '<study>_study' and four one-hot columns) are
shuffled with the seed and the tail round(test_fraction * n) (0.1) become the new test; images follow their study
(train_image_level.csv's StudyInstanceUID). Answer rows: one per test study, '<label> 1 0 0 1 1' with the label of
its one-hot column (negative, typical, indeterminate, atypical), and one per test image ('<image>_image') with its
original label string ('opacity conf xmin ymin xmax ymax ...' or 'none 1 0 0 1 1'). No public test table (as in the
reference): the test ids are those of the sample and the folders of test/.

public/  train_study_level.csv, train_image_level.csv (train studies only), train/<study>/, test/<study>/,
         sample_submission.csv (id, PredictionString = 'none 1 0 0 1 1' for every row; Kaggle's sample writes
         'negative 1 0 0 1 1' on study rows, but the platform's samples hold one constant per column)
private/ answers.csv (id, PredictionString)
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
LABELS = {'Negative for Pneumonia': 'negative', 'Typical Appearance': 'typical',
          'Indeterminate Appearance': 'indeterminate', 'Atypical Appearance': 'atypical'}


def read(name):
    with open(os.path.join(RAW, name), newline='') as f:
        reader = csv.DictReader(f)
        return reader.fieldnames, list(reader)


def write(path, header, items):
    with open(path, 'w', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(header)
        w.writerows(items)


study_columns, studies = read('train_study_level.csv')
image_columns, images = read('train_image_level.csv')
uids = sorted(s['id'][:-len('_study')] for s in studies)
random.Random(task['seed']).shuffle(uids)
k = min(max(round(len(uids) * fraction), 1), len(uids) - 1)
test = set(uids[len(uids) - k:])

write('public/train_study_level.csv', study_columns,
      ([s[c] for c in study_columns] for s in studies if s['id'][:-len('_study')] not in test))
write('public/train_image_level.csv', image_columns,
      ([i[c] for c in image_columns] for i in images if i['StudyInstanceUID'] not in test))
answers = []
for s in studies:
    if s['id'][:-len('_study')] in test:
        label = next(LABELS[c] for c in LABELS if s[c].strip() in ('1', '1.0'))
        answers.append([s['id'], f'{label} 1 0 0 1 1'])
answers += [[i['id'], i['label']] for i in images if i['StudyInstanceUID'] in test]
write('private/answers.csv', ['id', 'PredictionString'], answers)
write('public/sample_submission.csv', ['id', 'PredictionString'], ([a[0], 'none 1 0 0 1 1'] for a in answers))
for side in ('train', 'test'):
    os.makedirs(f'public/{side}')
source = os.path.join(RAW, 'train')
for study in sorted(os.listdir(source)) if os.path.isdir(source) else []:
    if study in uids:
        shutil.copytree(os.path.join(source, study), f'public/{"test" if study in test else "train"}/{study}')
print(f'{len(uids) - k} train and {k} test studies; {len(answers)} answer rows')
