# scikit-learn baseline: one generic pipeline for tabular and text tasks (numbers imputed and scaled, categories
# one-hot, long strings TF-IDF), a linear model and gradient boosting compared by a small cross-validation, and a
# per-series recent-level forecast when the test rows lie after the training history.
import re
import warnings

from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.model_selection import KFold, StratifiedKFold, cross_val_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

warnings.filterwarnings('ignore')
try:
    # one thread: on a host busy with other episodes OpenMP's spin-waiting makes boosting many times slower, and these
    # models are small (the limit applies to the libraries loaded by the imports above)
    from threadpoolctl import threadpool_limits
    threadpool_limits(limits=1)
except ImportError:
    pass

MAX_TRAIN_ROWS = 200000   # larger training sets are subsampled (fixed seed)
CV_MAX_ROWS = 50000       # model choice by cross-validation only up to this many rows
MAX_CATEGORIES = 30       # one-hot cap per categorical column (rarer values share one column)
TEXT_MIN_TOKENS = 4       # string columns with at least this many words on average are free text
MAX_TFIDF_FEATURES = 100000
DATE_PATTERN = re.compile(r'^\d{4}-\d{2}-\d{2}')

train = read_csv('train.csv')
test = read_csv('test.csv')
sample = read_csv('sample_submission.csv')
if train is None or test is None:
    raise SystemExit('the sklearn baseline needs /data/train.csv and /data/test.csv')
if ID_COLUMN not in test.columns:
    raise SystemExit('test.csv has no id column ' + repr(ID_COLUMN))
ids = test[ID_COLUMN].reset_index(drop=True)
if len(train) > MAX_TRAIN_ROWS:
    train = train.sample(n=MAX_TRAIN_ROWS, random_state=SEED).reset_index(drop=True)
fallback = constant_predictions(train, test, sample, len(ids))

targets_in_train = [t for t in TARGETS if t in train.columns]
class_column = None if len(targets_in_train) == len(TARGETS) else label_column(train, test)
excluded = set([ID_COLUMN] + TARGETS + ([class_column] if class_column else []))
shared = [c for c in train.columns if c in test.columns and c not in excluded]


# ---- feature typing -------------------------------------------------------------------------------------------------

def is_date(column):
    s = train[column].dropna().astype(str).head(200)
    return train[column].dtype == object and len(s) > 0 and bool(s.str.match(DATE_PATTERN).all())


def mean_tokens(column):
    s = train[column].dropna().astype(str)
    s = s.sample(n=min(len(s), 500), random_state=SEED) if len(s) else s
    return float(s.str.split().str.len().mean()) if len(s) else 0.0


dates, numeric, categorical, text = [], [], [], []
for c in shared:
    if train[c].nunique(dropna=True) <= 1:
        continue
    if pd.api.types.is_bool_dtype(train[c]) or pd.api.types.is_numeric_dtype(train[c]):
        numeric.append(c)
    elif is_date(c):
        dates.append(c)
    elif mean_tokens(c) >= TEXT_MIN_TOKENS:
        text.append(c)
    else:
        categorical.append(c)
print('features: numeric', numeric, 'categorical', categorical, 'text', text, 'dates', dates)


def date_parts(frame):
    out = pd.DataFrame(index=frame.index)
    for c in dates:
        d = pd.to_datetime(frame[c], errors='coerce')
        out[c + '_year'] = d.dt.year
        out[c + '_month'] = d.dt.month
        out[c + '_day'] = d.dt.day
        out[c + '_dayofweek'] = d.dt.dayofweek
        out[c + '_dayofyear'] = d.dt.dayofyear
        out[c + '_days'] = (d - pd.Timestamp('1970-01-01')).dt.days
    return out


def features(frame):
    x = frame[numeric + categorical + text].copy()
    for c in numeric:
        x[c] = pd.to_numeric(x[c], errors='coerce').astype(float)
    for c in categorical:
        x[c] = x[c].astype(str).where(frame[c].notna(), '__missing__')
    for c in text:
        x[c] = x[c].fillna('').astype(str)
    return pd.concat([x, date_parts(frame)], axis=1)


date_numeric = list(date_parts(train.head(1)).columns)


def one_hot(dense):
    try:
        return OneHotEncoder(handle_unknown='infrequent_if_exist', max_categories=MAX_CATEGORIES,
                             sparse_output=not dense)
    except TypeError:  # scikit-learn before 1.2
        return OneHotEncoder(handle_unknown='ignore', sparse=not dense)


def preprocessor(dense):
    parts = []
    if numeric + date_numeric:
        parts.append(('num', Pipeline([('impute', SimpleImputer(strategy='median', add_indicator=True)),
                                       ('scale', StandardScaler())]), numeric + date_numeric))
    if categorical:
        parts.append(('cat', one_hot(dense), categorical))
    for c in text:
        parts.append(('txt_' + c, TfidfVectorizer(ngram_range=(1, 2), min_df=2, max_features=MAX_TFIDF_FEATURES,
                                                  sublinear_tf=True, token_pattern=r'(?u)\b\w+\b|[?!]'), c))
    if not parts:
        raise SystemExit('no usable feature columns shared by train.csv and test.csv')
    return ColumnTransformer(parts, sparse_threshold=0.0 if dense else 1.0)


# ---- model choice -------------------------------------------------------------------------------------------------

def scoring(classify, binary):
    m = METRIC.lower()
    if classify and STYLE == 'proba':
        return 'roc_auc' if binary and ('auc' in m or 'gini' in m) else 'neg_log_loss'
    if classify:
        if 'f1' in m:
            return 'f1_macro' if 'macro' in m or not binary else 'f1'
        return 'accuracy'
    if 'mae' in m or 'smape' in m or 'mape' in m:
        return 'neg_mean_absolute_error'
    return 'neg_root_mean_squared_error'


def candidates(classify, binary):
    balanced = 'balanced' if classify and STYLE == 'label' and 'f1' in METRIC.lower() else None
    linear = (LogisticRegression(C=1.0 if text else 0.5, max_iter=3000, class_weight=balanced)
              if classify else Ridge(alpha=1.0))
    out = [('linear', Pipeline([('prep', preprocessor(False)), ('model', linear)]))]
    if not text:
        boosted = (HistGradientBoostingClassifier(max_iter=300, learning_rate=0.05, random_state=SEED)
                   if classify else HistGradientBoostingRegressor(max_iter=300, learning_rate=0.05, random_state=SEED))
        out.append(('boosting', Pipeline([('prep', preprocessor(True)), ('model', boosted)])))
    return out


def choose(x, y, classify):
    binary = classify and y.nunique() == 2
    options = candidates(classify, binary)
    if len(options) == 1 or len(x) > CV_MAX_ROWS or (classify and y.value_counts().min() < 3):
        name, model = options[-1]
        return name, model
    score = scoring(classify, binary)
    folds = (StratifiedKFold(3, shuffle=True, random_state=SEED) if classify
             else KFold(3, shuffle=True, random_state=SEED))
    best = None
    for name, model in options:
        try:
            value = float(np.mean(cross_val_score(model, x, y, scoring=score, cv=folds, error_score='raise')))
        except Exception as e:  # a candidate that cannot fit this data is skipped
            print('candidate', name, 'failed:', e)
            continue
        print('cv', score, name, round(value, 5))
        if best is None or value > best[0]:
            best = (value, name, model)
    if best is None:
        raise SystemExit('no model could be fitted')
    return best[1], best[2]


def log_target(y):
    m = METRIC.lower()
    return ('rmsle' in m or 'msle' in m or 'log' in m) and y.min() >= 0


# ---- forecasting: test rows after the training history ----------------------------------------------------------

def forecast_setting():
    if len(dates) != 1 or len(targets_in_train) != len(TARGETS) or len(TARGETS) != 1:
        return None
    y = train[TARGETS[0]]
    if not is_numeric(y) or is_classification(y):
        return None
    d = dates[0]
    first_test, last_train = pd.to_datetime(test[d], errors='coerce').min(), pd.to_datetime(train[d],
                                                                                            errors='coerce').max()
    if pd.isna(first_test) or pd.isna(last_train) or first_test <= last_train:
        return None
    keys = [c for c in numeric + categorical if train[c].nunique() <= 1000]
    return d, keys


def forecast(d, keys, window_days=28, profile_days=56):
    t = TARGETS[0]
    hist = train[keys + [d, t]].copy()
    hist[d] = pd.to_datetime(hist[d], errors='coerce')
    hist = hist.dropna(subset=[d, t])
    end = hist[d].max()
    hist['_dow'] = hist[d].dt.dayofweek
    recent = hist[hist[d] > end - pd.Timedelta(days=window_days)]
    profile = hist[hist[d] > end - pd.Timedelta(days=profile_days)]
    future = test[keys + [d]].copy()
    future['_dow'] = pd.to_datetime(future[d], errors='coerce').dt.dayofweek
    if keys:
        level = recent.groupby(keys)[t].mean().rename('_level').reset_index()
        series_mean = profile.groupby(keys)[t].mean().rename('_mean').reset_index()
        by_dow = profile.groupby(keys + ['_dow'])[t].mean().rename('_dow_mean').reset_index()
        out = future.merge(level, on=keys, how='left').merge(series_mean, on=keys, how='left')
        out = out.merge(by_dow, on=keys + ['_dow'], how='left')
    else:
        out = future.assign(_level=recent[t].mean(), _mean=profile[t].mean())
        out = out.merge(profile.groupby('_dow')[t].mean().rename('_dow_mean').reset_index(), on='_dow', how='left')
    factor = (out['_dow_mean'] / out['_mean']).replace([np.inf, -np.inf], np.nan).fillna(1.0)
    pred = (out['_level'] * factor).fillna(float(recent[t].mean()))
    print('forecast: per-series mean of the last', window_days, 'days x day-of-week profile; series keys', keys)
    return pred.to_numpy()


# ---- fit and predict ----------------------------------------------------------------------------------------------

x_test = features(test)
predictions = {}
setting = forecast_setting()
if setting is not None:
    predictions[TARGETS[0]] = forecast(*setting)
elif targets_in_train:
    for t in targets_in_train:
        rows = train[t].notna()
        x, y = features(train[rows]), train.loc[rows, t]
        classify = is_classification(y)
        if classify:
            y = y.astype(str) if y.dtype == object else y
            if y.nunique() < 2:
                predictions[t] = fallback[t]
                continue
            name, model = choose(x, y, True)
            model.fit(x, y)
            classes = list(model.classes_)
            if STYLE == 'proba' and len(classes) == 2:
                predictions[t] = model.predict_proba(x_test)[:, classes.index(positive_class(classes))]
            else:
                predictions[t] = model.predict(x_test)
        else:
            y = pd.to_numeric(y, errors='coerce').astype(float)
            use_log = log_target(y)
            name, model = choose(x, np.log1p(y) if use_log else y, False)
            model.fit(x, np.log1p(y) if use_log else y)
            p = model.predict(x_test)
            predictions[t] = np.clip(np.expm1(p), 0, None) if use_log else p
        print('target', repr(t), 'model', name, 'classification' if classify else 'regression')
if class_column is not None and len(predictions) < len(TARGETS):
    rows = train[class_column].notna()
    x, y = features(train[rows]), train.loc[rows, class_column].astype(str)
    name, model = choose(x, y, True)
    model.fit(x, y)
    proba = model.predict_proba(x_test)
    classes = [str(c) for c in model.classes_]
    for t in TARGETS:
        if t not in predictions:
            predictions[t] = proba[:, classes.index(str(t))] if str(t) in classes else np.zeros(len(ids))
    print('class column', repr(class_column), 'model', name, 'probabilities per target column')
for t in TARGETS:
    if t not in predictions:
        predictions[t] = fallback[t]
    values = pd.Series(list(predictions[t]))
    if values.isna().any():  # never hand in missing predictions
        values = values.where(values.notna(), fallback[t][0])
    predictions[t] = values
write_submission(ids, predictions)
