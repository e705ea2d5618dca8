#!/usr/bin/env bash
# Collaborative documents benchmark: Aqueduct vs the y-websocket server and Hocuspocus (see docs/benchmarks.md,
# section "Collaborative documents vs y-websocket server and Hocuspocus").
#
# Builds the EAR, installs the pinned npm packages (npm ci), then for each server in turn (never two at once):
# starts it on its own port, runs the ladder of documents x 10 clients with one load generator (gen.mjs), stops it.
# Prints markdown tables with all servers side by side. Everything is on loopback; every wait is bounded.
# Needs Linux (/proc, ss), jcmd, curl, unzip, node and npm; the shell must allow more open files than clients.
#
# Columns (SERVERS, in this order by default):
#   aqueduct-yjs      Aqueduct, y-websocket protocol at /yjs/{room}, default document store (embedded Derby)
#   aqueduct-collab   Aqueduct, Hocuspocus protocol at /collab, same server and store
#   y-websocket       @y/websocket-server, default in-memory persistence
#   hocuspocus        @hocuspocus/server, no extensions
#   aqueduct-mem      (not by default) Aqueduct over /yjs with the in-memory store
#                     (AQUEDUCT_PLUGIN_DOCUMENTS_JPA_ENABLED=false)
#
# Knobs (environment): SERVERS, LADDER (10,50,100,150,200,300 documents), CLIENTS (10 per document), RATE
# (5 updates/s per client), WARMUP (5 s), DURATION (20 s), DRAIN (10 s), KEEP_GOING=1 (run the whole ladder even after
# a step that is not sustained; by default a server's ladder stops at the first step from 100 documents on that is not
# sustained), PREWARM (50 documents of the same load for
# PREWARM_SECONDS, 15, before each server's ladder, not reported; 0 = none), PORT_AQUEDUCT (9685), PORT_YWS (9686),
# PORT_HOCUSPOCUS (9687), HEAP (1g, Liberty's fixed heap: -Xms = -Xmx), SKIP_BUILD=1,
# THREAD_DUMPS=1 (three Aqueduct thread dumps in the middle of each measured window),
# JFR=1 (a flight recording of the second half of each measured window of Aqueduct, JDK "profile" settings).
# Output, diagnostics and server logs go to bench/docs-sync/target/run/.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)

SERVERS=${SERVERS:-aqueduct-yjs,aqueduct-collab,y-websocket,hocuspocus}
LADDER=${LADDER:-10,50,100,150,200,300}
CLIENTS=${CLIENTS:-10}
RATE=${RATE:-5}
WARMUP=${WARMUP:-5}
DURATION=${DURATION:-20}
DRAIN=${DRAIN:-10}
PREWARM=${PREWARM:-50}
PREWARM_SECONDS=${PREWARM_SECONDS:-15}
PORT_AQUEDUCT=${PORT_AQUEDUCT:-9685}
PORT_YWS=${PORT_YWS:-9686}
PORT_HOCUSPOCUS=${PORT_HOCUSPOCUS:-9687}
HEAP=${HEAP:-1g}
BENCH=bench/docs-sync
OUT=$BENCH/target/run
WLP=$BENCH/target/wlp
SERVER_NAME=docs-bench
mkdir -p "$OUT"
rm -f "$OUT"/*.jsonl "$OUT/load.txt"

ulimit -n "$(ulimit -Hn)" 2> /dev/null || true

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -q -o install -DskipTests -pl ear -am
  (cd "$BENCH" && npm ci --no-audit --no-fund --loglevel=error)
fi

for port in "$PORT_AQUEDUCT" "$PORT_YWS" "$PORT_HOCUSPOCUS"; do
  if ss -ltnH "sport = :$port" | grep -q .; then
    echo "port $port is already in use" >&2
    exit 1
  fi
done

GEN=(node "$BENCH/gen.mjs" --ladder "$LADDER" --clients "$CLIENTS" --rate "$RATE" --warmup "$WARMUP"
  --duration "$DURATION" --drain "$DRAIN" --prewarm "$PREWARM" --prewarm-seconds "$PREWARM_SECONDS")
if [ "${KEEP_GOING:-0}" = 1 ]; then
  GEN+=(--keep-going)
fi

# CPU time (ms) used by the whole machine over 5 s
busy_ms() {
  local a b
  a=$(awk '/^cpu /{print $2+$3+$4+$7+$8}' /proc/stat)
  sleep 5
  b=$(awk '/^cpu /{print $2+$3+$4+$7+$8}' /proc/stat)
  echo $(((b - a) * 10))
}

# The machine is shared: before each server's ladder, wait (at most QUIET_WAIT s, 600) until no other benchmark
# runs and the machine as a whole (our idle server included) uses less than MAX_BUSY (20) % of one core over 5 s.
QUIET_WAIT=${QUIET_WAIT:-600}
MAX_BUSY=${MAX_BUSY:-20}
wait_quiet() {
  local deadline=$((SECONDS + QUIET_WAIT)) busy others
  while :; do
    others=$(pgrep -f 'ws-fanout|sse-fanout|socketio|WsFanout' | grep -vx "$$" || true)
    busy=$(busy_ms)
    if [ -z "$others" ] && [ "$busy" -lt $((MAX_BUSY * 50)) ]; then
      echo "$1: machine quiet ($((busy / 50)) % of one core over 5 s)" >&2
      return 0
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "$1: machine still busy after ${QUIET_WAIT} s ($((busy / 50)) % of one core; other benchmarks: ${others:-none}); measuring anyway" | tee -a "$OUT/load.txt" >&2
      return 0
    fi
    sleep 10
  done
}

log_load() {
  wait_quiet "$1"
  echo "$1: load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/load.txt" >&2
}

pid_on() {
  ss -ltnpH "sport = :$1" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2
}

NODE_PID=
LIBERTY_UP=0
cleanup() {
  if [ -n "$NODE_PID" ]; then
    kill "$NODE_PID" 2> /dev/null || true
    wait "$NODE_PID" 2> /dev/null || true
    NODE_PID=
  fi
  if [ "$LIBERTY_UP" = 1 ]; then
    WLP_USER_DIR="$ROOT/$WLP/usr" timeout 90 "$WLP/bin/server" stop "$SERVER_NAME" > /dev/null 2>&1 || true
    LIBERTY_UP=0
  fi
}
trap cleanup EXIT

# Aqueduct on its own Liberty: the pinned runtime unpacked under target/, a server with the EAR's server.xml and
# jvm.options, a fresh embedded Derby database for every start.
start_aqueduct() { # $1: label, then extra environment assignments
  local label=$1
  shift
  if [ ! -x "$WLP/bin/server" ]; then
    local version zip
    version=$(sed -n 's:.*<openliberty.version>\(.*\)</openliberty.version>.*:\1:p' pom.xml | head -1)
    zip=$HOME/.m2/repository/io/openliberty/openliberty-runtime/$version/openliberty-runtime-$version.zip
    rm -rf "$WLP"
    unzip -q "$zip" -d "$BENCH/target"
  fi
  local dir=$WLP/usr/servers/$SERVER_NAME
  rm -rf "$dir"
  mkdir -p "$dir/apps"
  cp ear/src/main/liberty/config/server.xml ear/src/main/liberty/config/jvm.options "$dir/"
  cp ear/target/aqueduct.ear "$dir/apps/aqueduct.ear"
  # Benchmark-only settings (MicroProfile Config through the environment); product defaults are unchanged
  # otherwise: the dev token issuer, raised rate limits (every client of a document shares one of 10 principals and
  # sends up to 5 updates/s), a fixed pre-touched heap so that RSS deltas are native memory.
  (
    export WLP_USER_DIR="$ROOT/$WLP/usr"
    export AQUEDUCT_HTTP_PORT=$PORT_AQUEDUCT
    export AQUEDUCT_DEV_ENABLED=true
    export AQUEDUCT_LIMITS_PRINCIPAL_RATE=100000
    export AQUEDUCT_LIMITS_PRINCIPAL_BURST=100000
    export AQUEDUCT_LIMITS_CONNECTION_RATE=100000
    export AQUEDUCT_LIMITS_CONNECTION_BURST=100000
    export JVM_ARGS="-Xms$HEAP -Xmx$HEAP -XX:+AlwaysPreTouch"
    for kv in "$@"; do export "${kv?}"; done
    timeout 120 "$WLP/bin/server" start "$SERVER_NAME" > "$OUT/$label-liberty-start.log" 2>&1
  )
  LIBERTY_UP=1
  echo "waiting for Aqueduct on port $PORT_AQUEDUCT ..." >&2
  for i in $(seq 1 180); do
    if curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' -d '{"sub":"probe"}' \
        "http://127.0.0.1:$PORT_AQUEDUCT/dev/token"; then
      break
    fi
    if [ "$i" = 180 ]; then
      echo "Aqueduct did not start; see $dir/logs/" >&2
      exit 1
    fi
    sleep 1
  done
  AQ_PID=$(pid_on "$PORT_AQUEDUCT")
  echo "Aqueduct pid $AQ_PID: $(tr '\0' ' ' < "/proc/$AQ_PID/cmdline" | grep -o -- '-Xm[sx][^ ]*' | tr '\n' ' ')" >&2
}

stop_aqueduct() {
  cp "$WLP/usr/servers/$SERVER_NAME/logs/messages.log" "$OUT/$1-messages.log" 2> /dev/null || true
  cleanup
}

run_aqueduct() { # $1: file key, $2: label, $3: generator server kind
  local key=$1 label=$2 kind=$3
  local cmds=()
  if [ "${THREAD_DUMPS:-0}" = 1 ]; then
    mkdir -p "$OUT/thread-dumps"
    cmds+=("for i in 1 2 3; do jcmd $AQ_PID Thread.print > $OUT/thread-dumps/$key-{step}-\$i.txt; sleep 1; done")
  fi
  if [ "${JFR:-0}" = 1 ]; then
    mkdir -p "$OUT/jfr"
    cmds+=("jcmd $AQ_PID JFR.start name=$key-{step} settings=profile duration=$((DURATION / 2))s filename=$ROOT/$OUT/jfr/$key-{step}.jfr > /dev/null")
  fi
  local extra=()
  if [ "${#cmds[@]}" -gt 0 ]; then
    local joined
    joined=$(printf '%s; ' "${cmds[@]}")
    extra+=(--dump-cmd "$joined")
  fi
  log_load "$label"
  "${GEN[@]}" --server "$kind" --port "$PORT_AQUEDUCT" --pid "$AQ_PID" --label "$label" --out "$OUT/$key.jsonl" \
    "${extra[@]}" 2>&1 | tee "$OUT/$key-generator.log"
}

run_node() { # $1: y-websocket | hocuspocus (also the file key), $2: port, $3: label
  local kind=$1 port=$2 label=$3
  (cd "$BENCH" && exec node --expose-gc servers.mjs "$kind" "$port") > "$OUT/$kind-server.log" 2>&1 &
  NODE_PID=$!
  for i in $(seq 1 50); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/bench/memory" && break
    if ! kill -0 "$NODE_PID" 2> /dev/null || [ "$i" = 50 ]; then
      echo "the $kind server did not start; see $OUT/$kind-server.log" >&2
      exit 1
    fi
    sleep 0.2
  done
  echo "$label server pid $NODE_PID, node $(node -v)" >&2
  log_load "$label"
  "${GEN[@]}" --server "$kind" --port "$port" --pid "$NODE_PID" --label "$label" --out "$OUT/$kind.jsonl" 2>&1 \
    | tee "$OUT/$kind-generator.log"
  cleanup
}

AQ_LABEL_YJS="Aqueduct /yjs (Derby)"
AQ_LABEL_COLLAB="Aqueduct /collab (Derby)"
AQ_LABEL_MEM="Aqueduct /yjs (in-memory store)"
YWS_LABEL="@y/websocket-server $(node -p "require('./$BENCH/node_modules/@y/websocket-server/package.json').version")"
HP_LABEL="Hocuspocus $(node -p "require('./$BENCH/node_modules/@hocuspocus/server/package.json').version")"
derby_started=0
for s in ${SERVERS//,/ }; do
  case "$s" in
    aqueduct-yjs | aqueduct-collab)
      if [ "$derby_started" = 0 ]; then
        start_aqueduct aqueduct
        derby_started=1
      fi
      if [ "$s" = aqueduct-yjs ]; then
        run_aqueduct aqueduct-yjs "$AQ_LABEL_YJS" aqueduct-yjs
      else
        run_aqueduct aqueduct-collab "$AQ_LABEL_COLLAB" aqueduct-collab
      fi
      ;;
    aqueduct-mem)
      if [ "$derby_started" = 1 ]; then
        stop_aqueduct aqueduct
        derby_started=2
      fi
      start_aqueduct aqueduct-mem AQUEDUCT_PLUGIN_DOCUMENTS_JPA_ENABLED=false
      run_aqueduct aqueduct-mem "$AQ_LABEL_MEM" aqueduct-yjs
      stop_aqueduct aqueduct-mem
      ;;
    y-websocket | hocuspocus)
      if [ "$derby_started" = 1 ]; then
        stop_aqueduct aqueduct
        derby_started=2
      fi
      if [ "$s" = y-websocket ]; then
        run_node y-websocket "$PORT_YWS" "$YWS_LABEL"
      else
        run_node hocuspocus "$PORT_HOCUSPOCUS" "$HP_LABEL"
      fi
      ;;
    *) echo "unknown server $s" >&2; exit 1 ;;
  esac
done
if [ "$derby_started" = 1 ]; then
  stop_aqueduct aqueduct
fi

echo
echo "## Collaborative documents: $(date -u +%Y-%m-%d), $(nproc) cores, load now $(cut -d' ' -f1-3 /proc/loadavg)"
cat "$OUT/load.txt"
echo
files=()
for s in ${SERVERS//,/ }; do
  [ -s "$OUT/$s.jsonl" ] && files+=("$OUT/$s.jsonl")
done
node "$BENCH/gen.mjs" report "${files[@]}" | tee "$OUT/results.md"
