"""H&M Personalized Fashion Recommendations: the last week of transactions is the test.

Recipe (prepare: block of task.yaml), two streaming passes over transactions_train.csv (about 31 million rows):
1. find the latest t_dat (ISO dates compare as text);
2. rows with t_dat >= latest - window_days (default 7) form the test window, all earlier rows go to
   public/transactions_train.csv; the window's purchases are collected per customer.
- private/answers.csv: customer_id, prediction = the article_ids the customer bought in the window, space-separated,
  in order of first purchase, each once (MLE-Dojo keeps repeats, so a repeat purchase also counts twice in the truth).
- public/sample_submission.csv: the customers of the answers (a customer without purchases would score 0 whatever
  is predicted, so only buyers are graded; the sample therefore names them, as in MLE-Dojo), prediction empty.
- articles.csv, customers.csv and images/ are copied unchanged.
Kaggle's sample_submission.csv is not used.
"""
import csv
import datetime
import json
import shutil

info = json.load(open('/workspace/.dojo-task.json'))
days = int(info['prepare'].get('window_days', 7))
SRC = '/data/transactions_train.csv'

latest = ''
with open(SRC, newline='') as f:
    reader = csv.reader(f)
    column = next(reader).index('t_dat')
    for row in reader:
        latest = max(latest, row[column])
start = (datetime.date.fromisoformat(latest) - datetime.timedelta(days=days)).isoformat()

bought = {}
with open(SRC, newline='') as f, open('public/transactions_train.csv', 'w', newline='') as out:
    reader, w = csv.reader(f), csv.writer(out, lineterminator='\n')
    header = next(reader)
    w.writerow(header)
    t, c, a = header.index('t_dat'), header.index('customer_id'), header.index('article_id')
    for row in reader:
        if row[t] >= start:
            articles = bought.setdefault(row[c], [])
            if row[a] not in articles:
                articles.append(row[a])
        else:
            w.writerow(row)

with open('private/answers.csv', 'w', newline='') as af, open('public/sample_submission.csv', 'w', newline='') as sf:
    aw, sw = csv.writer(af, lineterminator='\n'), csv.writer(sf, lineterminator='\n')
    aw.writerow(['customer_id', 'prediction'])
    sw.writerow(['customer_id', 'prediction'])
    for customer in sorted(bought):
        aw.writerow([customer, ' '.join(bought[customer])])
        sw.writerow([customer, ''])

for name in ('articles.csv', 'customers.csv'):
    shutil.copyfile('/data/' + name, 'public/' + name)
shutil.copytree('/data/images', 'public/images')
print('h-and-m: window from %s to %s, %d buying customers' % (start, latest, len(bought)))
