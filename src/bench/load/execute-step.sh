#!/usr/bin/env bash
# Load test: the cost of one execute_code step over HTTP versus a bare bwrap + python3 run of the same program.
# Needs a running platform (./mvnw quarkus:run), hyperfine, curl, bwrap and python3 (Debian packages).
# usage: src/bench/load/execute-step.sh [base-url[,base-url...]] [runs] [warm-up steps] [pause seconds]
# Several comma-separated base URLs (e.g. a build before and after a change, each on its own port and data dir) are
# measured side by side in the same hyperfine run. Prints hyperfine's table, then each platform's median step, the
# bare run's median and the difference (the step's overhead, issue 13's goal), and that difference less curl's own
# start (`curl --version`, measured in the same run: the bare run starts no HTTP client, an agent keeps one open).
# A pause (e.g. 0.3) sleeps before every measured command, as an agent thinks between steps: some kernel costs
# (joining control groups, RCU grace periods) only show when runs do not follow each other within milliseconds.
set -euo pipefail
BASES=${1:-http://localhost:8080}
RUNS=${2:-30}
WARM=${3:-30}
PAUSE=${4:-0}
AUTH=demo:demo
TASK=practice-tabular-binary
WORK=$(mktemp -d); chmod 755 "$WORK"
IFS=, read -r -a URLS <<< "$BASES"
EPISODES=()
cleanup() {
  local i
  for i in "${!EPISODES[@]}"; do
    curl -sf -u $AUTH -X DELETE "${URLS[$i]}/api/v1/episodes/${EPISODES[$i]}" >/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

# the program: reads the public test set and writes a 2,000-row submission (standard library only)
cp "$(dirname "$0")/step-program.py" "$WORK/prog.py"

# the task's public data, as the (first) platform prepared it
curl -sf "${URLS[0]}/api/v1/tasks/$TASK" >/dev/null
mkdir -p "$WORK/data" "$WORK/ws"; chmod 777 "$WORK/ws"
for f in train.csv test.csv sample_submission.csv; do
  curl -sf "${URLS[0]}/api/v1/tasks/$TASK/data/$f" -o "$WORK/data/$f"
done
python3 -c 'import json,sys; print(json.dumps({"action":"execute_code","params":{"code":open(sys.argv[1]).read()}}))' \
  "$WORK/prog.py" > "$WORK/step.json"

BARE="bwrap --unshare-all --die-with-parent --new-session --ro-bind /usr /usr --symlink usr/lib /lib \
 --symlink usr/lib64 /lib64 --symlink usr/bin /bin --ro-bind /etc/alternatives /etc/alternatives \
 --ro-bind /etc/ld.so.cache /etc/ld.so.cache --proc /proc --dev /dev --tmpfs /tmp --ro-bind $WORK/data /data \
 --bind $WORK/ws /workspace --ro-bind $WORK/prog.py /sandbox/main.py --chdir /workspace --clearenv \
 --setenv PATH /usr/bin /usr/bin/python3 /sandbox/main.py"
COMMANDS=(-n "bare bwrap + python3" "$BARE" -n "curl --version (the client's own start)" "curl --version")
for i in "${!URLS[@]}"; do
  BASE=${URLS[$i]}
  EPISODES[$i]=$(curl -sf -u $AUTH -H 'content-type: application/json' "$BASE/api/v1/episodes" \
    -d "{\"task\":\"$TASK\",\"budget\":{\"max_steps\":500}}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  STEP="curl -sf -u $AUTH -H 'content-type: application/json' -d @$WORK/step.json $BASE/api/v1/episodes/${EPISODES[$i]}/step -o /dev/null"
  # the platform's JIT warms up on steps of its own before anything is measured
  for _ in $(seq 1 "$WARM"); do eval "$STEP"; done
  NAME="execute_code step over HTTP"
  [ "${#URLS[@]}" -gt 1 ] && NAME="$NAME ($BASE)"
  COMMANDS+=(-n "$NAME" "$STEP")
done

echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
PREPARE=()
[ "$PAUSE" != 0 ] && PREPARE=(--prepare "sleep $PAUSE")
hyperfine "${PREPARE[@]}" --warmup 3 --runs "$RUNS" --export-markdown "$WORK/result.md" --export-json "$WORK/result.json" "${COMMANDS[@]}"
cat "$WORK/result.md"
python3 - "$WORK/result.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
bare = results[0]["median"] * 1000
client = results[1]["median"] * 1000
print(f"median of the bare run: {bare:.1f} ms; of curl --version: {client:.1f} ms")
for r in results[2:]:
    step = r["median"] * 1000
    print(f"median of the {r['command']}: {step:.1f} ms, overhead {step - bare:.1f} ms, "
          f"less curl's start {step - bare - client:.1f} ms")
PY
echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
