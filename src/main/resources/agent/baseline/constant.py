# Constant baseline: the majority label (classification), the mean (regression) or the training prior (probability
# metrics) of every target column, predicted for every test id.
train = read_csv('train.csv')
test = read_csv('test.csv')
sample = read_csv('sample_submission.csv')
ids = test_ids(test, sample)
predictions = constant_predictions(train, test, sample, len(ids))
for t in TARGETS:
    print('constant for', repr(t), '=', repr(predictions[t][0]) if len(ids) else None)
write_submission(ids, predictions)
