"""Cdiscount Image Classification: product split of the BSON stream.

Recipe (prepare: block of task.yaml), two streaming passes over train.bson (one product document at a time):
1. read (_id, category_id) of every product; split the products with scikit-learn
   train_test_split(test_size=test_fraction, random_state=seed) (0.1, seed 0).
2. write public/train.bson (train products, unchanged), public/test.bson (test products without their category_id
   element) and public/train_example.bson (the first 100 products of the new train).
- public/category_names.csv is copied; private/answers.csv: _id, category_id sorted by _id;
  public/sample_submission.csv: _id, category_id = 1000010653.
Kaggle's test.bson, train_example.bson and sample_submission.csv are not used. The sandbox has no bson module, so
the documents are walked with a minimal reader of the BSON element layout (top level only).
"""
import csv
import json
import shutil
import struct

from sklearn.model_selection import train_test_split

info = json.load(open('/workspace/.dojo-task.json'))
seed, fraction = int(info['seed']), float(info['test_fraction'])
FIXED = {0x01: 8, 0x07: 12, 0x08: 1, 0x09: 8, 0x0A: 0, 0x10: 4, 0x11: 8, 0x12: 8, 0x13: 16, 0x7F: 0, 0xFF: 0}


def documents(path):
    with open(path, 'rb') as f:
        while True:
            head = f.read(4)
            if not head:
                return
            size = struct.unpack('<i', head)[0]
            body = f.read(size - 4)
            if len(body) != size - 4:
                raise SystemExit('%s is truncated' % path)
            yield head + body


def elements(doc):
    """(name, start, end, type, value start) of each top-level element."""
    pos = 4
    while doc[pos] != 0:
        start, kind = pos, doc[pos]
        name_end = doc.index(b'\x00', pos + 1)
        name = doc[pos + 1:name_end].decode('utf-8')
        value = name_end + 1
        if kind in FIXED:
            end = value + FIXED[kind]
        elif kind in (0x02, 0x0D, 0x0E):
            end = value + 4 + struct.unpack_from('<i', doc, value)[0]
        elif kind in (0x03, 0x04):
            end = value + struct.unpack_from('<i', doc, value)[0]
        elif kind == 0x05:
            end = value + 5 + struct.unpack_from('<i', doc, value)[0]
        else:
            raise SystemExit('unsupported BSON element type 0x%02x in field %s' % (kind, name))
        yield name, start, end, kind, value
        pos = end


def number(doc, kind, value):
    return struct.unpack_from({0x10: '<i', 0x12: '<q'}[kind], doc, value)[0] if kind in (0x10, 0x12) \
        else int(struct.unpack_from('<d', doc, value)[0])


def fields(doc):
    out = {}
    for name, _, _, kind, value in elements(doc):
        if name in ('_id', 'category_id'):
            out[name] = number(doc, kind, value)
    return out


labels = {}
for doc in documents('/data/train.bson'):
    f = fields(doc)
    labels[f['_id']] = f['category_id']
ids = sorted(labels)
train_ids, test_ids = train_test_split(ids, test_size=fraction, random_state=seed)
test_set = set(test_ids)

examples = 0
with open('public/train.bson', 'wb') as train, open('public/test.bson', 'wb') as test, \
        open('public/train_example.bson', 'wb') as example:
    for doc in documents('/data/train.bson'):
        product = fields(doc)['_id']
        if product in test_set:
            parts = [doc[s:e] for name, s, e, _, _ in elements(doc) if name != 'category_id']
            body = b''.join(parts) + b'\x00'
            test.write(struct.pack('<i', len(body) + 4) + body)
        else:
            train.write(doc)
            if examples < 100:
                example.write(doc)
                examples += 1

shutil.copyfile('/data/category_names.csv', 'public/category_names.csv')
with open('private/answers.csv', 'w', newline='') as a, open('public/sample_submission.csv', 'w', newline='') as s:
    aw, sw = csv.writer(a, lineterminator='\n'), csv.writer(s, lineterminator='\n')
    aw.writerow(['_id', 'category_id'])
    sw.writerow(['_id', 'category_id'])
    for product in sorted(test_set):
        aw.writerow([product, labels[product]])
        sw.writerow([product, 1000010653])
print('cdiscount: %d train and %d test products' % (len(train_ids), len(test_ids)))
