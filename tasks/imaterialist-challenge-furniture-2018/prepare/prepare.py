"""iMaterialist Challenge (Furniture) 2018: split of the JSON image/annotation lists (images are URLs, no files).

Recipe (prepare: block of task.yaml):
- train.json {images: [{url, image_id}], annotations: [{image_id, label_id}]} is joined on image_id and split with
  scikit-learn train_test_split(test_size=test_fraction, random_state=seed), stratified by label_id when there are
  more than 1000 images (MLE-Dojo: Kaggle's test/train image ratio, about 0.0657, seed 42).
- public/train.json: {images, annotations} of the train side; public/test.json: {images} of the test side.
- private/answers.csv: id (= image_id), predicted (= label_id), in ascending id.
- public/sample_submission.csv: id, predicted = the smallest train label (MLE-Dojo draws an unseeded random label).
test.json, validation.json and Kaggle's sample submission are not used.
"""
import csv
import json

from sklearn.model_selection import train_test_split

info = json.load(open('/workspace/.dojo-task.json'))
seed, fraction = int(info['seed']), float(info['test_fraction'])

raw = json.load(open('/data/train.json', encoding='utf-8'))
label = {a['image_id']: a['label_id'] for a in raw['annotations']}
images = sorted((im for im in raw['images'] if im['image_id'] in label), key=lambda im: im['image_id'])
ids = [im['image_id'] for im in images]
stratify = [label[i] for i in ids] if len(ids) > 1000 else None
train_ids, test_ids = train_test_split(ids, test_size=fraction, random_state=seed, stratify=stratify)
train_set, test_set = set(train_ids), set(test_ids)

with open('public/train.json', 'w', encoding='utf-8') as f:
    json.dump({'images': [im for im in images if im['image_id'] in train_set],
               'annotations': [{'image_id': i, 'label_id': label[i]} for i in ids if i in train_set]}, f)
with open('public/test.json', 'w', encoding='utf-8') as f:
    json.dump({'images': [im for im in images if im['image_id'] in test_set]}, f)

placeholder = min(label[i] for i in train_ids)
with open('private/answers.csv', 'w', newline='') as a, open('public/sample_submission.csv', 'w', newline='') as s:
    aw, sw = csv.writer(a, lineterminator='\n'), csv.writer(s, lineterminator='\n')
    aw.writerow(['id', 'predicted'])
    sw.writerow(['id', 'predicted'])
    for i in sorted(test_set):
        aw.writerow([i, label[i]])
        sw.writerow([i, placeholder])
print('imaterialist: %d train and %d test images' % (len(train_ids), len(test_ids)))
