"""HMS Harmful Brain Activity Classification: group split on spectrogram_id, one answer row per EEG.

Recipe (prepare: block of task.yaml):
- the sorted unique spectrogram_ids of train.csv are split with scikit-learn
  train_test_split(test_size=test_fraction, random_state=seed) (0.1, seed 0); an EEG is test when all its
  spectrograms are (in Kaggle's data each EEG has one).
- public/train.csv: the label rows of the train EEGs; public/test.csv: spectrogram_id, eeg_id, patient_id, one row
  per test EEG (Kaggle's test layout).
- public/train_eegs/, train_spectrograms/, test_eegs/, test_spectrograms/: the parquet files of each side
  (<eeg_id>.parquet, <spectrogram_id>.parquet); example_figures/ is copied when present.
- private/answers.csv: eeg_id + the six *_vote columns as probabilities: the votes of all label rows of the EEG
  summed and divided by their total. MLE-Dojo keeps one answer row per label row (eeg_id repeats and rows of one id
  are paired by a non-stable sort); one row per EEG, as in Kaggle's test, keeps the id unique.
- public/sample_submission.csv: eeg_id, every vote = 1/6.
"""
import json
import os
import shutil

import pandas as pd
from sklearn.model_selection import train_test_split

info = json.load(open('/workspace/.dojo-task.json'))
seed, fraction = int(info['seed']), float(info['test_fraction'])
VOTES = ['seizure_vote', 'lpd_vote', 'gpd_vote', 'lrda_vote', 'grda_vote', 'other_vote']

data = pd.read_csv('/data/train.csv')
spectrograms = sorted(data['spectrogram_id'].unique())
_, test_spec = train_test_split(spectrograms, test_size=fraction, random_state=seed)
in_test = data['spectrogram_id'].isin(set(test_spec))
test_eegs = set(in_test.groupby(data['eeg_id']).all().loc[lambda s: s].index)
is_test = data['eeg_id'].isin(test_eegs)
train, test = data[~is_test], data[is_test]
train.to_csv('public/train.csv', index=False)
first = test.drop_duplicates('eeg_id').sort_values('eeg_id')
first[['spectrogram_id', 'eeg_id', 'patient_id']].to_csv('public/test.csv', index=False)

votes = test.groupby('eeg_id')[VOTES].sum().sort_index()
totals = votes.sum(axis=1)
answers = votes.div(totals.where(totals > 0, 1), axis=0).reset_index()
answers.to_csv('private/answers.csv', index=False, float_format='%r')
sample = answers.copy()
sample[VOTES] = 1 / 6
sample.to_csv('public/sample_submission.csv', index=False, float_format='%r')

for kind, key, rows in (('eegs', 'eeg_id', train), ('spectrograms', 'spectrogram_id', train),
                        ('eegs', 'eeg_id', first), ('spectrograms', 'spectrogram_id', first)):
    side = 'train' if rows is train else 'test'
    os.makedirs('public/%s_%s' % (side, kind), exist_ok=True)
    for value in sorted(rows[key].unique()):
        name = '%d.parquet' % value
        shutil.copyfile('/data/train_%s/%s' % (kind, name), 'public/%s_%s/%s' % (side, kind, name))
if os.path.isdir('/data/example_figures'):
    shutil.copytree('/data/example_figures', 'public/example_figures')
print('hms: %d train and %d test EEGs' % (train['eeg_id'].nunique(), len(answers)))
