# The program both step load tests run (execute-step.sh, step-keepalive.py): reads the practice task's 2,000-row
# public test set and writes a 2,000-row submission, standard library only.
import csv
rows = list(csv.DictReader(open('/data/test.csv')))
with open('/workspace/submission.csv', 'w', newline='') as f:
    w = csv.writer(f)
    w.writerow(['id', 'churned'])
    for r in rows:
        w.writerow([r['id'], float(r['days_since_login'] or 0)])
