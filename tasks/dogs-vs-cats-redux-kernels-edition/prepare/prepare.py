"""Dogs vs. Cats Redux: labels from file names, both sides renamed.

Recipe (prepare: block of task.yaml):
- the sorted names of train/ (cat.<n>.jpg, dog.<n>.jpg) are split with scikit-learn
  train_test_split(test_size=test_fraction, random_state=seed) (0.1, seed 0).
- public/train/: the train images renamed cat.<k>.jpg / dog.<k>.jpg (k counts per class from 0, in sorted order).
- public/test/: the test images renamed <i>.jpg, i = 1..n in split order.
- private/answers.csv: id = i, label = 1 for a dog, 0 for a cat; public/sample_submission.csv: id, label = 0.5.
Kaggle's test/ folder is not used.
"""
import csv
import json
import os
import shutil

from sklearn.model_selection import train_test_split

info = json.load(open('/workspace/.dojo-task.json'))
seed, fraction = int(info['seed']), float(info['test_fraction'])

names = sorted(n for n in os.listdir('/data/train') if n.split('.')[0] in ('cat', 'dog'))
train, test = train_test_split(names, test_size=fraction, random_state=seed)
os.makedirs('public/train')
os.makedirs('public/test')
counts = {'cat': 0, 'dog': 0}
for name in sorted(train):
    animal = name.split('.')[0]
    shutil.copyfile('/data/train/' + name, 'public/train/%s.%d.jpg' % (animal, counts[animal]))
    counts[animal] += 1

with open('private/answers.csv', 'w', newline='') as a, open('public/sample_submission.csv', 'w', newline='') as s:
    aw, sw = csv.writer(a, lineterminator='\n'), csv.writer(s, lineterminator='\n')
    aw.writerow(['id', 'label'])
    sw.writerow(['id', 'label'])
    for i, name in enumerate(test, start=1):
        shutil.copyfile('/data/train/' + name, 'public/test/%d.jpg' % i)
        aw.writerow([i, 1 if name.startswith('dog.') else 0])
        sw.writerow([i, 0.5])
print('dogs-vs-cats: %d train and %d test images' % (len(train), len(test)))
