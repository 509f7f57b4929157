"""What the platform tests share: the platform under test from the environment, or a clear skip."""

import os
import unittest

from mledojo_client import Client

URL = os.environ.get("DOJO_TEST_URL")
TOKEN = os.environ.get("DOJO_TEST_TOKEN")
PRACTICE_TASK = "practice-tabular-binary"

#: A program that trains a model on the practice task's public data and writes a valid submission.
MODEL_CODE = """
import pandas as pd
from sklearn.linear_model import LogisticRegression
train = pd.read_csv('/data/train.csv')
test = pd.read_csv('/data/test.csv')
features = [c for c in train.columns if c not in ('id', 'churned') and c in test.columns]
X = pd.get_dummies(train[features]).fillna(0)
T = pd.get_dummies(test[features]).reindex(columns=X.columns, fill_value=0).fillna(0)
model = LogisticRegression(max_iter=500).fit(X, train['churned'])
pd.DataFrame({'id': test['id'], 'churned': model.predict_proba(T)[:, 1]}).to_csv('/workspace/submission.csv', index=False)
print('rows', len(test))
"""


def needs_platform(cls):
    """Skips a test class when no platform is given (under DOJO_CI=true the Java test always gives one)."""
    return unittest.skipUnless(URL and TOKEN, "no platform: set DOJO_TEST_URL and DOJO_TEST_TOKEN (PythonClientTest "
                                              "does)")(cls)


def client() -> Client:
    return Client(URL, TOKEN, timeout=300)
