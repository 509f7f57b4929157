"""vinbigdata-chest-xray-abnormalities-detection: an image split with one answer string per image.

Recipe (MLE-Dojo, PREPARE.md): the distinct image_ids of train.csv (one row per box per radiologist) are shuffled
with the seed and the tail round(test_fraction * n) (0.1) become the new test. The answer simulates a consensus by
keeping the first box per (image_id, class_id); missing coordinates become 0 and 'No finding' boxes (class 14) become
0 0 1 1; an image's boxes are joined as '<class> 1.0 xmin ymin xmax ymax ...'. Rows are sorted by image_id.

public/  train.csv (rows of the new train images), train/<image_id>.dicom, test/<image_id>.dicom,
         sample_submission.csv (image_id, PredictionString = '14 1 0 0 1 1')
private/ answers.csv (image_id, PredictionString), boxes.csv (the test rows of train.csv, per box; the reference
         calls it answers.csv)
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
ids = sorted({r['image_id'] for r in rows})
random.Random(task['seed']).shuffle(ids)
k = min(max(round(len(ids) * fraction), 1), len(ids) - 1)
test = set(ids[len(ids) - k:])


def write(path, header, items):
    with open(path, 'w', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(header)
        w.writerows(items)


def number(v):
    return v if v.strip() else '0'


write('public/train.csv', columns, ([r[c] for c in columns] for r in rows if r['image_id'] not in test))
write('private/boxes.csv', columns, ([r[c] for c in columns] for r in rows if r['image_id'] in test))
boxes = {}
for r in rows:
    if r['image_id'] in test:
        per_class = boxes.setdefault(r['image_id'], {})
        if r['class_id'] not in per_class:
            box = ['0', '0', '1', '1'] if r['class_id'] == '14' else [number(r[c]) for c in ('x_min', 'y_min', 'x_max', 'y_max')]
            per_class[r['class_id']] = ' '.join([r['class_id'], '1.0'] + box)
write('private/answers.csv', ['image_id', 'PredictionString'],
      ([i, ' '.join(boxes[i].values())] for i in sorted(test)))
write('public/sample_submission.csv', ['image_id', 'PredictionString'], ([i, '14 1 0 0 1 1'] for i in sorted(test)))
for side in ('train', 'test'):
    os.makedirs(f'public/{side}')
for i in sorted(set(ids)):
    source = os.path.join(RAW, 'train', f'{i}.dicom')
    if os.path.exists(source):
        shutil.copyfile(source, f'public/{"test" if i in test else "train"}/{i}.dicom')
print(f'{len(ids) - k} train and {k} test images')
