"""Draper Satellite Image Chronology: sets of five images, test images renamed by a random permutation.

Recipe (prepare: block of task.yaml):
- the images set<N>_<day>.tif under train/ (and their small twins set<N>_<day>.jpeg under train_sm/; both folders
  are searched recursively, Kaggle nests them as train/train/) are grouped by set; the sorted set ids are shuffled
  with random.Random(seed) and the first round(n * (1 - test_fraction)) sets are train (0.44 test, seed 42).
- public/train/ and public/train_sm/: the train sets unchanged.
- public/test/ and public/test_sm/: each test set gets a random permutation p of 1..5 (same generator); the image
  of day d is published as set<N>_<p[d]>.tif / .jpeg.
- private/answers.csv: setId, day = for the published images 1..5 in turn, their true day, space-separated.
- public/sample_submission.csv: setId (sorted), day = "1 2 3 4 5" (a constant placeholder; MLE-Dojo writes a random
  permutation per set, which the platform's review refuses as row-dependent).
"""
import csv
import json
import os
import random
import re
import shutil

info = json.load(open('/workspace/.dojo-task.json'))
seed, fraction = int(info['seed']), float(info['test_fraction'])
NAME = re.compile(r'^(set\d+)_(\d+)\.(tif|jpeg)$')


def images(folder):
    found = {}
    for root, _, files in os.walk('/data/' + folder):
        for name in files:
            m = NAME.match(name)
            if m:
                found.setdefault(m.group(1), {})[int(m.group(2))] = os.path.join(root, name)
    return found


large, small = images('train'), images('train_sm')
sets = sorted(large, key=lambda s: int(s[3:]))
rng = random.Random(seed)
rng.shuffle(sets)
cut = min(len(sets) - 2, max(1, round(len(sets) * (1 - fraction))))
train, test = sets[:cut], sorted(sets[cut:], key=lambda s: int(s[3:]))

for folder in ('train', 'train_sm', 'test', 'test_sm'):
    os.makedirs('public/' + folder)
for s in sorted(train, key=lambda s: int(s[3:])):
    for source, folder in ((large, 'train'), (small, 'train_sm')):
        for path in source.get(s, {}).values():
            shutil.copyfile(path, 'public/%s/%s' % (folder, os.path.basename(path)))

with open('private/answers.csv', 'w', newline='') as a, open('public/sample_submission.csv', 'w', newline='') as sm:
    aw, sw = csv.writer(a, lineterminator='\n'), csv.writer(sm, lineterminator='\n')
    aw.writerow(['setId', 'day'])
    sw.writerow(['setId', 'day'])
    for s in test:
        days = sorted(large[s])
        published = days[:]
        rng.shuffle(published)
        slot = dict(zip(days, published))
        for source, folder, ext in ((large, 'test', 'tif'), (small, 'test_sm', 'jpeg')):
            for day, path in source.get(s, {}).items():
                shutil.copyfile(path, 'public/%s/%s_%d.%s' % (folder, s, slot[day], ext))
        true_day = {slot[d]: d for d in days}
        aw.writerow([s, ' '.join(str(true_day[j]) for j in sorted(true_day))])
        sw.writerow([s, ' '.join(str(j) for j in sorted(true_day))])
print('draper: %d train and %d test sets' % (len(train), len(test)))
