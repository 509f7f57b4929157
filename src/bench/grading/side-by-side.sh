#!/usr/bin/env bash
# Grading, side by side in one run: the Python reference path (pandas + scikit-learn of /usr/bin/python3) and the
# platform's Grader, on the same 1,000,000-row cases (answers + shuffled submission) for five metrics.
# Usage: src/bench/grading/side-by-side.sh [ROWS=1000000] [REPEATS=5] [HEAP=4g]
# Needs: /usr/bin/python3 with numpy, pandas, scikit-learn (apt-get install python3-pandas python3-sklearn).
set -euo pipefail
cd "$(dirname "$0")/../../.."
ROWS=${1:-1000000}
REPEATS=${2:-5}
HEAP=${3:-4g}
CASES=target/grading-cases-$ROWS
PY=/usr/bin/python3
if [ ! -f "$CASES/map_at_k_submission.csv" ]; then
  echo "writing the cases to $CASES ..." >&2
  $PY src/bench/grading/make_cases.py "$CASES" "$ROWS"
fi
./mvnw -q -o -Pbench test-compile >&2
./mvnw -q -o -Pbench dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >&2
CP="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
printf '%-20s %12s %12s %8s %12s %12s %14s\n' metric "python s" "java s" ratio "python MB" "java heap MB" "java RSS MB"
for m in roc_auc rmse log_loss_multiclass accuracy map_at_k; do
  [ -f "$CASES/${m}_split.csv" ] || java -Xmx2g -cp "$CP" dev.mledojo.bench.GradeSideBySide "$CASES" "$m" split
  p=$($PY src/bench/grading/reference.py "$CASES" "$m" "$REPEATS")
  j=$(java -Xms"$HEAP" -Xmx"$HEAP" -cp "$CP" dev.mledojo.bench.GradeSideBySide "$CASES" "$m" "$REPEATS")
  $PY - "$p" "$j" <<'PYEOF'
import json, sys
p, j = json.loads(sys.argv[1]), json.loads(sys.argv[2])
if abs(p['score'] - j['score']) > 1e-9 * max(1, abs(p['score'])):
    sys.exit(f"scores differ for {p['metric']}: python {p['score']!r}, java {j['score']!r}")
print(f"{p['metric']:<20} {p['median_s']:12.3f} {j['median_s']:12.3f} {j['median_s'] / p['median_s']:8.2f} "
      f"{p['peak_mb']:12.0f} {j['peak_heap_mb']:12.0f} {j['peak_mb']:14.0f}")
PYEOF
done
