# MLE-Dojo baseline agent: shared settings and helpers (filled in from the task brief by the platform).
import os

import numpy as np
import pandas as pd

# the sandbox mounts; the variables only exist to run the program outside the sandbox (tests, debugging)
DATA = os.environ.get('BASELINE_DATA_DIR', '/data')
WORKSPACE = os.environ.get('BASELINE_WORKSPACE_DIR', '/workspace')
ID_COLUMN = {{ID_COLUMN}}
TARGETS = {{TARGET_COLUMNS}}
SUBMISSION = os.path.join(WORKSPACE, {{SUBMISSION_FILE}})
METRIC = {{METRIC}}
# 'proba' (AUC, log loss: scores or probabilities), 'label' (accuracy, F1: class labels), 'value' (regression
# errors: numbers) or 'auto' (decided per target column from the training data)
STYLE = {{STYLE}}
SEED = 0
MAX_CLASSES = 50  # more distinct values than this and a numeric target is treated as a regression target


def data_file(name):
    path = os.path.join(DATA, name)
    return path if os.path.exists(path) else None


def read_csv(name, **kwargs):
    path = data_file(name)
    if path is None:
        return None
    # ids keep their exact spelling (leading zeros, long integers)
    return pd.read_csv(path, dtype={ID_COLUMN: str}, low_memory=False, **kwargs)


def test_ids(test, sample):
    """The ids to predict: test.csv's id column, else sample_submission.csv's."""
    for frame in (test, sample):
        if frame is not None and ID_COLUMN in frame.columns:
            return frame[ID_COLUMN].reset_index(drop=True)
    raise SystemExit('neither test.csv nor sample_submission.csv has the id column ' + repr(ID_COLUMN))


def is_numeric(series):
    return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)


def is_classification(series):
    """Text, boolean or integer labels with few distinct values are classes; other numbers are regression targets."""
    y = series.dropna()
    if STYLE == 'value':
        return not is_numeric(y)
    if STYLE in ('label', 'proba') or not is_numeric(y):
        return True
    whole = bool(np.all(np.mod(y.to_numpy(dtype=float), 1) == 0))
    return whole and y.nunique() <= MAX_CLASSES


def positive_class(classes):
    """The class whose probability a binary probability-style metric scores: 1, True or the last sorted class."""
    for c in classes:
        if str(c).strip().lower() in ('1', '1.0', 'true', 'yes'):
            return c
    return sorted(classes, key=str)[-1]


def positive_rate(y):
    y = y.dropna()
    if is_numeric(y) and y.min() >= 0 and y.max() <= 1:
        return float(y.mean())
    pos = positive_class(list(y.unique()))
    return float((y == pos).mean())


def label_column(train, test):
    """For targets that are class names (one probability column per class): the training column holding the class."""
    if train is None:
        return None
    wanted = set(str(t) for t in TARGETS)
    best, best_hits = None, 0
    for c in train.columns:
        if c == ID_COLUMN or (test is not None and c in test.columns):
            continue
        hits = len(wanted & set(train[c].dropna().astype(str).unique()))
        if hits > best_hits:
            best, best_hits = c, hits
    return best if best_hits >= max(2, len(wanted) // 2) else None


def constant_for(y):
    """The constant the constant baseline predicts for one target column of the training data."""
    y = y.dropna()
    if len(y) == 0:
        return 0
    if STYLE == 'proba' and y.nunique() <= 2:
        return positive_rate(y)
    if is_classification(y):
        return y.value_counts().sort_index().idxmax()
    return float(y.mean())


def class_priors(train, column):
    counts = train[column].dropna().astype(str).value_counts(normalize=True)
    return {t: float(counts.get(str(t), 0.0)) for t in TARGETS}


def constant_predictions(train, test, sample, n):
    """One constant per target column: learned from train.csv where possible, else taken from the sample."""
    out = {}
    in_train = [t for t in TARGETS if train is not None and t in train.columns]
    for t in in_train:
        out[t] = constant_for(train[t])
    missing = [t for t in TARGETS if t not in out]
    if missing:
        column = label_column(train, test)
        priors = class_priors(train, column) if column is not None else {}
        for t in missing:
            if t in priors:
                out[t] = priors[t]
            elif sample is not None and t in sample.columns and len(sample[t].dropna()) > 0:
                out[t] = sample[t].dropna().iloc[0]
            else:
                out[t] = 0
    return {t: [v] * n for t, v in out.items()}


def write_submission(ids, predictions):
    frame = pd.DataFrame({ID_COLUMN: ids})
    for t in TARGETS:
        frame[t] = list(predictions[t])
    frame.to_csv(SUBMISSION, index=False)
    print('wrote', SUBMISSION, 'with', len(frame), 'rows and columns', list(frame.columns))
