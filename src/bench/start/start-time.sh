#!/usr/bin/env bash
# Start time of the platform on its embedded default: from `java -jar` to the first 200 of /q/health/ready.
#   first start:  a fresh data dir each run (initdb of the embedded PostgreSQL, Flyway, every task folder synced, the
#                 practice data generated; the demo's submissions are created after ready, on a worker thread);
#   later starts: one data dir, started once untimed (and left running until the demo's agents and submissions are
#                 created, as after a real first run), then RUNS timed starts on it.
# Queued episodes are not run (DOJO_SCHEDULING_ENABLED=false unless set): the first start still creates the demo
# submissions, but running their episodes is not start work and would compete for the cores.
# Between runs the platform gets SIGTERM and the script waits until the JVM and its PostgreSQL server are gone.
#
# Usage: src/bench/start/start-time.sh [RUNS=5] [APP...]
#   APP: a packaged app (target/quarkus-app, or its quarkus-run.jar); several are measured one after the other in the
#   same run (e.g. a copy of the app before a change, then the current one). Default: target/quarkus-app, built with
#   `./mvnw -o -q package -DskipTests` when missing (under /tmp/maven.lock when that file exists).
# Env: START_PORT (default 18090), JAVA (default java), JAVA_OPTS (extra JVM options), START_TIMEOUT (s, default 120),
#      KEEP=1 keeps the temp folders (logs) for a look, FIRST_RUNS (first starts, default RUNS),
#      LATER_OPTS: option sets compared on later starts, separated by '|' (an empty set: as shipped), interleaved:
#      each of the RUNS rounds starts once with each set in turn, so that a host changing speed touches them alike;
#      e.g. FIRST_RUNS=0 LATER_OPTS='|-Dquarkus.flyway.migrate-at-start=false' src/bench/start/start-time.sh 4
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../../.." && pwd)
RUNS=${1:-5}
shift || true
APPS=("$@")
PORT=${START_PORT:-18090}
JAVA=${JAVA:-java}
TIMEOUT=${START_TIMEOUT:-120}
if [ ${#APPS[@]} -eq 0 ]; then
  if [ ! -f "$REPO/target/quarkus-app/quarkus-run.jar" ]; then
    echo "building the jar ..." >&2
    if [ -e /tmp/maven.lock ]; then
      (cd "$REPO" && flock /tmp/maven.lock ./mvnw -o -q package -DskipTests) >&2
    else
      (cd "$REPO" && ./mvnw -o -q package -DskipTests) >&2
    fi
  fi
  APPS=("$REPO/target/quarkus-app")
fi
for i in "${!APPS[@]}"; do
  APPS[$i]=$(realpath "${APPS[$i]}") # the platform runs in another directory
done
WORK=$(mktemp -d /tmp/start-time.XXXXXX)
cleanup() {
  [ -n "${JPID:-}" ] && kill "$JPID" 2>/dev/null && wait_gone "$JPID" || true
  [ "${KEEP:-0}" = 1 ] && echo "kept $WORK" >&2 || rm -rf "$WORK"
}
trap cleanup EXIT

now_ms() { date +%s%3N; }

# wait_gone PID: waits (bounded) until the process has exited
wait_gone() {
  local pid=$1 i
  for i in $(seq 1 600); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  echo "process $pid did not stop in 60 s: killing it" >&2
  kill -9 "$pid" 2>/dev/null || true
}

# start APP DATA LOG [OPTS]: starts the platform in the background (JPID) and sets MS to the ms until it is ready (no
# command substitution: JPID must stay in this shell)
start() {
  local app=$1 data=$2 log=$3 opts=${4:-} t0 t1
  local jar=$app
  [ -d "$app" ] && jar=$app/quarkus-run.jar
  t0=$(now_ms)
  # cwd is the data dir's parent, so that nothing relative lands in the repository
  # no episodes run (the demo's submissions are created on the first start, but running them is no start work)
  (cd "$(dirname "$data")" && DOJO_DATA_DIR=$data DOJO_TASKS_DIR=$REPO/tasks \
      DOJO_SCHEDULING_ENABLED=${DOJO_SCHEDULING_ENABLED:-false} exec "$JAVA" ${JAVA_OPTS:-} $opts \
      -Dquarkus.http.port="$PORT" -jar "$jar") >"$log" 2>&1 &
  JPID=$!
  local deadline=$((t0 + TIMEOUT * 1000))
  until curl -sf -o /dev/null --max-time 1 "http://127.0.0.1:$PORT/q/health/ready"; do
    if ! kill -0 "$JPID" 2>/dev/null; then
      echo "the platform exited before it was ready; its log: $log" >&2
      tail -30 "$log" >&2
      exit 1
    fi
    if [ "$(now_ms)" -gt "$deadline" ]; then
      echo "not ready after $TIMEOUT s; its log: $log" >&2
      exit 1
    fi
    sleep 0.05
  done
  t1=$(now_ms)
  MS=$((t1 - t0))
  # CPU seconds the JVM used until then (user + system): a figure that other load on the machine inflates less
  CPU=$(awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15) / hz}' "/proc/$JPID/stat")
}

# stop DATA: SIGTERM, wait for the JVM, then for its PostgreSQL server (the pid in postmaster.pid) to be gone
stop() {
  local data=$1 pg=""
  [ -f "$data/pg-cluster/postmaster.pid" ] && pg=$(head -1 "$data/pg-cluster/postmaster.pid")
  kill "$JPID" 2>/dev/null || true
  wait_gone "$JPID"
  wait "$JPID" 2>/dev/null || true
  JPID=""
  [ -n "$pg" ] && wait_gone "$pg"
  local i
  for i in $(seq 1 100); do
    [ -f "$data/pg-cluster/postmaster.pid" ] || break
    sleep 0.1
  done
}

median() { sort -n | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}'; }
secs() { awk -v ms="$1" 'BEGIN {printf "%.2f", ms / 1000}'; }
# the "started in" figure of Quarkus' own log line (JVM start to the end of startup, without the embedded database)
quarkus_s() { sed -n 's/.*started in \([0-9.]*\)s.*/\1/p' "$1" | tail -1; }

if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$PORT/"; then
  echo "port $PORT is in use: set START_PORT" >&2
  exit 1
fi
echo "runs: $RUNS, port $PORT, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $("$JAVA" -version 2>&1 | head -1)"
# the load average when the measurement ends says how busy the machine was meanwhile
trap 'echo "load at the end: $(cut -d" " -f1-3 /proc/loadavg)"; cleanup' EXIT
for app in "${APPS[@]}"; do
  echo "== $app"
  firsts=()
  for i in $(seq 1 "${FIRST_RUNS:-$RUNS}"); do
    dir=$WORK/first-$i
    mkdir -p "$dir"
    start "$app" "$dir/data" "$dir/log"
    stop "$dir/data"
    echo "first start $i: $(secs "$MS") s (Quarkus: started in $(quarkus_s "$dir/log") s; JVM CPU $CPU s)"
    firsts+=("$MS")
    [ "${KEEP:-0}" = 1 ] || rm -rf "$dir"
  done
  dir=$WORK/later
  mkdir -p "$dir"
  start "$app" "$dir/data" "$dir/log-0"
  prep_ms=$MS
  # a data dir as a first run leaves it: the demo's agents and submissions, created on a worker thread after startup,
  # are in (stopped earlier, every later start would create them again while it starts)
  seeded=""
  for i in $(seq 1 600); do
    seeded=$(grep -m1 -o 'demo: [0-9]* agents submitted\|demo: no baseline submissions\|demo submissions could not be created' \
      "$dir/log-0" || true)
    [ -n "$seeded" ] && break
    sleep 0.1
  done
  [ -n "$seeded" ] || echo "the demo seeding did not end within 60 s: later starts may seed again" >&2
  stop "$dir/data"
  MS=$prep_ms
  echo "later starts: prepared the data dir in $(secs "$MS") s"
  if [ -n "${LATER_OPTS+set}" ]; then
    IFS='|' read -r -a sets <<< "$LATER_OPTS"
    [ "${LATER_OPTS: -1}" = "|" ] || [ ${#sets[@]} -eq 0 ] && sets+=("") # a trailing '|' or nothing: as shipped
    declare -A times=()
    for i in $(seq 1 "$RUNS"); do
      for k in "${!sets[@]}"; do
        start "$app" "$dir/data" "$dir/log-$i-$k" "${sets[$k]}"
        stop "$dir/data"
        echo "later start $i [${sets[$k]:-as shipped}]: $(secs "$MS") s (JVM CPU $CPU s)"
        times[$k]="${times[$k]:-} $MS"
      done
    done
    for k in "${!sets[@]}"; do
      # shellcheck disable=SC2086 # one number per word
      echo "median later start [${sets[$k]:-as shipped}]: $(secs "$(printf '%s\n' ${times[$k]} | median)") s  ($app)"
    done
  else
    laters=()
    for i in $(seq 1 "$RUNS"); do
      start "$app" "$dir/data" "$dir/log-$i"
      stop "$dir/data"
      echo "later start $i: $(secs "$MS") s (Quarkus: started in $(quarkus_s "$dir/log-$i") s; JVM CPU $CPU s)"
      laters+=("$MS")
    done
  fi
  [ "${KEEP:-0}" = 1 ] || rm -rf "$dir"
  if [ ${#firsts[@]} -gt 0 ]; then
    echo "median first start: $(secs "$(printf '%s\n' "${firsts[@]}" | median)") s  ($app)"
  fi
  if [ -z "${LATER_OPTS+set}" ]; then
    echo "median later start: $(secs "$(printf '%s\n' "${laters[@]}" | median)") s  ($app)"
  fi
done
