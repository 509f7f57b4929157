"""ALASKA2 Image Steganalysis: synthesised test of cover and stego images.

Recipe (prepare: block of task.yaml):
- the cover names of Cover/ (the same names exist in JMiPOD/, JUNIWARD/, UERD/) are split with scikit-learn
  train_test_split(test_size=test_fraction, random_state=seed) (MLE-Dojo: 5,000 of 75,000 covers, 0.0667).
- train: the four folders restricted to the train names, renamed 00001.jpg, 00002.jpg, ... consistently across the
  four folders.
- test: test slot i (1-based, in split order) holds either the cover (Label 0) or one of the three stego versions
  (Label 1), chosen with random.Random(seed); published as Test/<i:04d>.jpg. Exactly half of the slots (rounded
  down) are covers, in shuffled positions, so that both labels always occur (MLE-Dojo draws 50/50 per slot).
- private/answers.csv: Id (file name), Label; public/sample_submission.csv: Id, Label = 0.
Kaggle's Test/ folder and sample_submission.csv are not used.
"""
import csv
import json
import os
import random
import shutil

from sklearn.model_selection import train_test_split

info = json.load(open('/workspace/.dojo-task.json'))
seed, fraction = int(info['seed']), float(info['test_fraction'])
STEGO = ['JMiPOD', 'JUNIWARD', 'UERD']

covers = sorted(n for n in os.listdir('/data/Cover') if n.lower().endswith('.jpg'))
k = min(len(covers) - 2, max(2, round(len(covers) * fraction)))
train, test = train_test_split(covers, test_size=k, random_state=seed)

for folder in ['Cover'] + STEGO:
    os.makedirs('public/' + folder)
    for i, name in enumerate(sorted(train), start=1):
        shutil.copyfile('/data/%s/%s' % (folder, name), 'public/%s/%05d.jpg' % (folder, i))

rng = random.Random(seed)
labels = [0] * (k // 2) + [1] * (k - k // 2)
rng.shuffle(labels)
os.makedirs('public/Test')
with open('private/answers.csv', 'w', newline='') as a, open('public/sample_submission.csv', 'w', newline='') as s:
    aw, sw = csv.writer(a, lineterminator='\n'), csv.writer(s, lineterminator='\n')
    aw.writerow(['Id', 'Label'])
    sw.writerow(['Id', 'Label'])
    for i, (name, label) in enumerate(zip(test, labels), start=1):
        source = 'Cover' if label == 0 else rng.choice(STEGO)
        target = '%04d.jpg' % i
        shutil.copyfile('/data/%s/%s' % (source, name), 'public/Test/' + target)
        aw.writerow([target, label])
        sw.writerow([target, 0])
print('alaska2: %d train covers, %d test images' % (len(train), k))
