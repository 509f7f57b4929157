"""Billion Word Imputation: one interior word removed from a random share of the training sentences.

Recipe (prepare: block of task.yaml), streamed line by line:
- numpy RandomState(seed); every line of train_v2.txt with more than 2 tokens (split on single spaces) goes to the
  test with probability test_fraction (0.01); a test line loses one interior token (never the first or the last),
  drawn with the same generator. All other lines stay in public/train_v2.txt.
- public/test_v2.txt: Kaggle's layout, a CSV with header id,"sentence" (id 0..k-1), the sentence with the word removed.
- private/answers.csv: id, sentence (the complete sentence).
- public/sample_submission.csv: id, sentence = "the" for every row (a constant placeholder; MLE-Dojo copies the
  incomplete sentences, which the platform's review refuses as row-dependent).
Kaggle's test_v2.txt is not used.
"""
import csv
import json

import numpy as np

info = json.load(open('/workspace/.dojo-task.json'))
seed, fraction = int(info['seed']), float(info['test_fraction'])
rng = np.random.RandomState(seed)

count = 0
with open('/data/train_v2.txt', encoding='utf-8', newline='') as src, \
        open('public/train_v2.txt', 'w', encoding='utf-8', newline='') as train, \
        open('public/test_v2.txt', 'w', encoding='utf-8', newline='') as test, \
        open('private/answers.csv', 'w', encoding='utf-8', newline='') as ans, \
        open('public/sample_submission.csv', 'w', encoding='utf-8', newline='') as sample:
    test_w = csv.writer(test, lineterminator='\n', quoting=csv.QUOTE_NONNUMERIC)
    ans_w, sample_w = csv.writer(ans, lineterminator='\n'), csv.writer(sample, lineterminator='\n')
    test_w.writerow(['id', 'sentence'])
    ans_w.writerow(['id', 'sentence'])
    sample_w.writerow(['id', 'sentence'])
    for line in src:
        sentence = line.rstrip('\r\n')
        tokens = sentence.split(' ')
        if len(tokens) > 2 and rng.rand() < fraction:
            gap = rng.randint(1, len(tokens) - 1)
            test_w.writerow([count, ' '.join(tokens[:gap] + tokens[gap + 1:])])
            ans_w.writerow([count, sentence])
            sample_w.writerow([count, 'the'])
            count += 1
        else:
            train.write(sentence + '\n')
if count < 2:
    raise SystemExit('only %d test sentences drawn; the raw file is too small for test_fraction %s' % (count, fraction))
print('billion-word: %d test sentences' % count)
