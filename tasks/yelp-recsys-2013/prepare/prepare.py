"""yelp-recsys-2013: review lines sampled into a new test whose star ratings are the answers.

Recipe (MLE-Dojo, PREPARE.md): as many review lines as Kaggle's test set has (yelp_test_set_review.json, read for its
line count) are drawn from yelp_training_set_review.json with Python's random.Random(seed).sample; they become the
new test, numbered RecommendationId 1..K in file order, with their 'stars' removed. The train business, user and
checkin files are published unchanged; the test entity files are Kaggle's ORIGINAL test-set entities with the rating
fields (stars, average_stars, votes) removed, as in the reference (so the new test reviews' businesses and users
appear with ratings in the train files). Kaggle's final test set and the Mac copy of the training set are not used.

public/  train/yelp_training_set_{review,business,user,checkin}.json,
         test/yelp_test_set_{review,business,user,checkin}.json, sample_submission.csv (RecommendationId, Stars=3.5)
private/ answers.csv (RecommendationId, Stars)

Streams the review file twice; memory holds the chosen line numbers.
"""
import csv
import json
import os
import random
import shutil
import sys

RAW = sys.argv[1] if len(sys.argv) > 1 else '/data'
task = json.load(open('.dojo-task.json'))


def find(name):
    for folder, dirs, files in sorted(os.walk(RAW)):
        dirs.sort()
        if name in files and 'mac' not in folder.lower():
            return os.path.join(folder, name)
    raise SystemExit(f'{name} is not in the raw data')


def lines(path):
    with open(path, encoding='utf-8') as f:
        for line in f:
            if line.strip():
                yield line


reviews = find('yelp_training_set_review.json')
n = sum(1 for _ in lines(reviews))
k = min(max(sum(1 for _ in lines(find('yelp_test_set_review.json'))), 1), n - 1)
test = set(random.Random(task['seed']).sample(range(n), k))

os.makedirs('public/train')
os.makedirs('public/test')
with open('public/train/yelp_training_set_review.json', 'w', encoding='utf-8') as train, \
        open('public/test/yelp_test_set_review.json', 'w', encoding='utf-8') as test_out, \
        open('public/sample_submission.csv', 'w', newline='') as s, open('private/answers.csv', 'w', newline='') as a:
    sample, answers = csv.writer(s, lineterminator='\n'), csv.writer(a, lineterminator='\n')
    sample.writerow(['RecommendationId', 'Stars'])
    answers.writerow(['RecommendationId', 'Stars'])
    rid = 0
    for i, line in enumerate(lines(reviews)):
        if i not in test:
            train.write(line if line.endswith('\n') else line + '\n')
            continue
        rid += 1
        review = json.loads(line)
        stars = review.pop('stars')
        review['RecommendationId'] = rid
        test_out.write(json.dumps(review, ensure_ascii=False) + '\n')
        sample.writerow([rid, 3.5])
        answers.writerow([rid, stars])

for kind in ('business', 'user', 'checkin'):
    shutil.copyfile(find(f'yelp_training_set_{kind}.json'), f'public/train/yelp_training_set_{kind}.json')
    with open(f'public/test/yelp_test_set_{kind}.json', 'w', encoding='utf-8') as out:
        for line in lines(find(f'yelp_test_set_{kind}.json')):
            entity = json.loads(line)
            for rating in ('stars', 'average_stars', 'votes'):
                entity.pop(rating, None)
            out.write(json.dumps(entity, ensure_ascii=False) + '\n')
print(f'{n - k} train and {k} test reviews')
