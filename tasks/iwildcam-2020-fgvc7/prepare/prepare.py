"""iwildcam-2020-fgvc7: a camera-location split of the COCO-style train annotations.

Recipe (MLE-Dojo, PREPARE.md; the rule, not its random streams): the distinct locations of the train images are
sorted and shuffled with the seed; locations move to the test one by one until the test holds at least test_fraction
(0.22) of the images (at least one location on each side). Both COCO-style files are rebuilt: the train annotations
keep the train images and their annotations, the test information keeps the test images (no annotations) and the
category list. The MegaDetector results hold no labels and are published unchanged. An image's answer is the
category_id of its first annotation.

public/  iwildcam2020_train_annotations.json, iwildcam2020_test_information.json,
         iwildcam2020_megadetector_results.json, train/, test/, sample_submission.csv (Id, Category = 0)
private/ answers.csv (Id, Category)

The JSON files are loaded whole (tens of MB); the images are copied once.
"""
import csv
import json
import os
import random
import shutil
import sys

RAW = sys.argv[1] if len(sys.argv) > 1 else '/data'
task = json.load(open('.dojo-task.json'))
fraction = task['test_fraction'] or 0.22

train = json.load(open(os.path.join(RAW, 'iwildcam2020_train_annotations.json')))
kaggle_test = json.load(open(os.path.join(RAW, 'iwildcam2020_test_information.json')))
label = {}
for a in train['annotations']:
    label.setdefault(a['image_id'], a['category_id'])
images = [i for i in train['images'] if i['id'] in label]
locations = sorted({i['location'] for i in images}, key=str)
if len(locations) < 2:
    raise SystemExit('the train images come from fewer than two locations')
random.Random(task['seed']).shuffle(locations)
per_location = {}
for i in images:
    per_location[i['location']] = per_location.get(i['location'], 0) + 1
test_locations, held = set(), 0
for loc in locations[:-1]:
    if held >= fraction * len(images):
        break
    test_locations.add(loc)
    held += per_location[loc]
test_images = [i for i in images if i['location'] in test_locations]
train_images = [i for i in images if i['location'] not in test_locations]
test_ids = {i['id'] for i in test_images}

new_train = dict(train, images=train_images, annotations=[a for a in train['annotations'] if a['image_id'] not in test_ids
                                                            and a['image_id'] in label])
json.dump(new_train, open('public/iwildcam2020_train_annotations.json', 'w'))
new_test = dict(kaggle_test, images=test_images, categories=train.get('categories', kaggle_test.get('categories', [])))
json.dump(new_test, open('public/iwildcam2020_test_information.json', 'w'))
detections = os.path.join(RAW, 'iwildcam2020_megadetector_results.json')
if os.path.exists(detections):
    shutil.copyfile(detections, 'public/iwildcam2020_megadetector_results.json')
with open('public/sample_submission.csv', 'w', newline='') as s, open('private/answers.csv', 'w', newline='') as a:
    sample, answers = csv.writer(s, lineterminator='\n'), csv.writer(a, lineterminator='\n')
    sample.writerow(['Id', 'Category'])
    answers.writerow(['Id', 'Category'])
    for i in test_images:
        sample.writerow([i['id'], 0])
        answers.writerow([i['id'], label[i['id']]])
for side, chosen in (('train', train_images), ('test', test_images)):
    os.makedirs(f'public/{side}')
    for i in chosen:
        name = i.get('file_name', f"{i['id']}.jpg")
        source = os.path.join(RAW, 'train', name)
        if os.path.exists(source):
            shutil.copyfile(source, f'public/{side}/{name}')
print(f'{len(train_images)} train and {len(test_images)} test images; {len(test_locations)} test locations')
