"""text-normalization-challenge-{english,russian}-language: a sentence split of Kaggle's labelled tokens.

Recipe (MLE-Dojo, PREPARE.md): the distinct sentence_id values of <lang>_train.csv (sentence_id, token_id, class,
before, after) are shuffled with the seed and the tail round(test_fraction * k) sentences (0.1) become the new test;
then the sentence ids are renumbered 0..k-1 separately on each side, in order of appearance. Token ids are
'<sentence_id>_<token_id>' with the new numbers.

public/  <lang>_train.csv (new train, all columns), <lang>_test_2.csv (sentence_id, token_id, before),
         sample_submission.csv (id, after = one constant: the first 'after' of the train in sorted order)
private/ answers.csv (id, after)

Kaggle's sample is an identity baseline (after = before); the platform's samples hold one constant per column so that
they reveal nothing, hence the constant. Streams the file twice; memory holds the sentence ids only.
"""
import csv
import json
import os
import random
import sys

RAW = sys.argv[1] if len(sys.argv) > 1 else '/data'
task = json.load(open('.dojo-task.json'))
lang = 'ru' if 'russian' in task['id'] else 'en'
fraction = task['test_fraction'] or 0.1
csv.field_size_limit(1 << 30)
source = os.path.join(RAW, f'{lang}_train.csv')


def records():
    with open(source, newline='', encoding='utf-8') as f:
        yield from csv.DictReader(f)


sentences = sorted({r['sentence_id'] for r in records()}, key=lambda s: (len(s), s))
random.Random(task['seed']).shuffle(sentences)
k = round(len(sentences) * fraction)
k = min(max(k, 1), len(sentences) - 1)
test = set(sentences[len(sentences) - k:])


def opened(path):
    f = open(path, 'w', newline='', encoding='utf-8')
    return f, csv.writer(f, lineterminator='\n', quoting=csv.QUOTE_NONNUMERIC)


out = {n: opened(p) for n, p in [('train', f'public/{lang}_train.csv'), ('test', f'public/{lang}_test_2.csv'),
                                 ('answers', 'private/answers.csv')]}
out['train'][1].writerow(['sentence_id', 'token_id', 'class', 'before', 'after'])
out['test'][1].writerow(['sentence_id', 'token_id', 'before'])
out['answers'][1].writerow(['id', 'after'])
number = {True: {}, False: {}}
smallest_after = None
for r in records():
    side = r['sentence_id'] in test
    new = number[side].setdefault(r['sentence_id'], len(number[side]))
    if side:
        out['test'][1].writerow([new, int(r['token_id']), r['before']])
        out['answers'][1].writerow([f"{new}_{r['token_id']}", r['after']])
    else:
        out['train'][1].writerow([new, int(r['token_id']), r['class'], r['before'], r['after']])
        if r['after'] and (smallest_after is None or r['after'] < smallest_after):
            smallest_after = r['after']
for f, _ in out.values():
    f.close()

with open('private/answers.csv', newline='', encoding='utf-8') as f, \
        open('public/sample_submission.csv', 'w', newline='', encoding='utf-8') as s:
    w = csv.writer(s, lineterminator='\n', quoting=csv.QUOTE_NONNUMERIC)
    w.writerow(['id', 'after'])
    for r in csv.DictReader(f):
        w.writerow([r['id'], smallest_after or 'x'])
print(f'{len(number[False])} train and {len(number[True])} test sentences')
