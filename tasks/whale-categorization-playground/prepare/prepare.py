"""whale-categorization-playground: an image split with per-whale placement rules.

Recipe (MLE-Dojo, PREPARE.md; the rules, not its random streams): every whale (train.csv Id other than new_whale) with
two or more images puts one image on each side and each further image in the test with probability test_fraction
(0.1); a whale with a single image goes to the test with probability 0.1; new_whale images too. All draws come from
one random.Random(seed) over whales in sorted order. A test image whose whale has no image left in the new train is
relabelled 'new_whale'.

public/  train.csv (Image, Id), train/, test/ (the new test images),
         sample_submission.csv (Image, Id = 'new_whale w_1287fbc w_98baff9 w_7554f44 w_1eafe46')
private/ answers.csv (Image, Id)
"""
import csv
import json
import os
import random
import shutil
import sys

RAW = sys.argv[1] if len(sys.argv) > 1 else '/data'
task = json.load(open('.dojo-task.json'))
p = task['test_fraction'] or 0.1
rng = random.Random(task['seed'])

with open(os.path.join(RAW, 'train.csv'), newline='') as f:
    rows = list(csv.DictReader(f))
images = {}
for r in rows:
    images.setdefault(r['Id'], []).append(r['Image'])
test = set()
for whale in sorted(images):
    chosen = sorted(images[whale])
    if whale != 'new_whale' and len(chosen) >= 2:
        rng.shuffle(chosen)
        test.add(chosen[1])
        test.update(i for i in chosen[2:] if rng.random() < p)
    else:
        test.update(i for i in chosen if rng.random() < p)
if not test or len(test) == len(rows):
    raise SystemExit(f'the placement rules left one side empty ({len(test)} of {len(rows)} images in the test)')
train_whales = {r['Id'] for r in rows if r['Image'] not in test}


def write(path, header, items):
    with open(path, 'w', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(header)
        w.writerows(items)


write('public/train.csv', ['Image', 'Id'], ([r['Image'], r['Id']] for r in rows if r['Image'] not in test))
test_rows = [r for r in rows if r['Image'] in test]
write('private/answers.csv', ['Image', 'Id'],
      ([r['Image'], r['Id'] if r['Id'] in train_whales else 'new_whale'] for r in test_rows))
write('public/sample_submission.csv', ['Image', 'Id'],
      ([r['Image'], 'new_whale w_1287fbc w_98baff9 w_7554f44 w_1eafe46'] for r in test_rows))
for side in ('train', 'test'):
    os.makedirs(f'public/{side}')
for r in rows:
    side = 'test' if r['Image'] in test else 'train'
    shutil.copyfile(os.path.join(RAW, 'train', r['Image']), f'public/{side}/{r["Image"]}')
print(f'{len(rows) - len(test)} train and {len(test)} test images')
