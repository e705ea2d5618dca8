#!/usr/bin/env bash
# Room bus fan-out benchmark, Aqueduct vs Socket.IO (see docs/benchmarks.md, section "Room bus fan-out (WebSocket)
# vs Socket.IO").
#
# Builds the EAR and the load generator, installs the Socket.IO server's packages (npm ci), then for each server in
# turn (never both at once): starts the server on its own port, runs the scenarios
# (idle memory at 1,000 and 10,000 connections; one room with 1,000 subscribers and a publisher rate ladder; 500
# rooms of 10 members each publishing once a second), stops it. Prints one markdown table with both servers side by
# side. Everything is on loopback and bounded in time. Needs Linux (/proc, ss), jcmd, curl, node and npm; the shell
# must allow more open files than connections (ulimit -n).
#
# Knobs (environment): SERVERS (socketio,aqueduct), PORT_AQUEDUCT (9680), PORT_SOCKETIO (9681),
# SCENARIOS (idle,fanout,rooms), IDLE (1000,10000), SUBSCRIBERS (1000), RATES (10,50,100,200 msgs/s),
# ROOMS (500), MEMBERS (10), WARMUP (5 s), DURATION (20 s), HEAP (2g, Liberty's fixed heap: -Xms = -Xmx),
# IO_THREADS (1 load generator thread), BATCH (false: Aqueduct clients without "batch":true; true: with it;
# both: the load scenarios once more against the same Aqueduct server with "batch":true),
# ACKS (true: Socket.IO publishes ask for an ack, as Aqueduct always acks), MAX_OTHERS (15: before each step, wait
# until the processes other than the server and the generator use less than this % of one core over 5 s, at most
# OTHERS_WAIT seconds, 300; the machine is shared), SKIP_BUILD=1 (also starts the Liberty server that the last build
# installed in ear/target/liberty as it is, without Maven),
# THREAD_DUMPS=1 (three Aqueduct thread dumps in the middle of each measured window, class histograms and a native
# memory diff around the idle connections), JFR=1 (a flight recording of
# each measured window of Aqueduct, method samples every 1 ms; summarize one with
# java -cp bench/ws-fanout/target/classes dev.aqueduct.bench.ws.JfrSummary bench/ws-fanout/target/run/jfr/NAME.jfr).
# Output, diagnostics and the server logs go to bench/ws-fanout/target/run/.
set -euo pipefail
cd "$(dirname "$0")/../.."

SERVERS=${SERVERS:-socketio,aqueduct}
PORT_AQUEDUCT=${PORT_AQUEDUCT:-9680}
PORT_SOCKETIO=${PORT_SOCKETIO:-9681}
SCENARIOS=${SCENARIOS:-idle,fanout,rooms}
IDLE=${IDLE:-1000,10000}
SUBSCRIBERS=${SUBSCRIBERS:-1000}
RATES=${RATES:-10,50,100,200}
ROOMS=${ROOMS:-500}
MEMBERS=${MEMBERS:-10}
WARMUP=${WARMUP:-5}
DURATION=${DURATION:-20}
HEAP=${HEAP:-2g}
IO_THREADS=${IO_THREADS:-1}
BATCH=${BATCH:-false}
ACKS=${ACKS:-true}
MAX_OTHERS=${MAX_OTHERS:-15}
OTHERS_WAIT=${OTHERS_WAIT:-300}
OUT=bench/ws-fanout/target/run
mkdir -p "$OUT"
rm -f "$OUT/aqueduct.tsv" "$OUT/aqueduct-batch.tsv" "$OUT/socketio.tsv" "$OUT/load.txt"

ulimit -n "$(ulimit -Hn)" 2> /dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 12000 ]; then
  echo "ulimit -n is $(ulimit -n); 10,000 connections need more" >&2
  exit 1
fi

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  mvn -q package -DskipTests -pl ear,bench/ws-fanout -am
  (cd bench/ws-fanout/socketio && npm ci --no-audit --no-fund --loglevel=error)
elif [ ! -d bench/ws-fanout/socketio/node_modules/socket.io ]; then
  (cd bench/ws-fanout/socketio && npm ci --no-audit --no-fund --loglevel=error)
fi

CP=bench/ws-fanout/target/classes:bench/common/target/classes
GENERATOR=(java -Xms1g -Xmx1g -cp "$CP" dev.aqueduct.bench.ws.WsFanout
  --scenarios "$SCENARIOS" --idle "$IDLE" --subscribers "$SUBSCRIBERS" --rates "$RATES" --rooms "$ROOMS"
  --members "$MEMBERS" --warmup "$WARMUP" --duration "$DURATION" --io-threads "$IO_THREADS"
  --acks "$ACKS" --max-others "$MAX_OTHERS" --others-wait "$OTHERS_WAIT")

for port in "$PORT_AQUEDUCT" "$PORT_SOCKETIO"; do
  if ss -ltnH "sport = :$port" | grep -q .; then
    echo "port $port is already in use" >&2
    exit 1
  fi
done

# The generator itself waits before each step until other processes are quiet (MAX_OTHERS); this only logs the load.
log_load() {
  echo "$1: load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/load.txt" >&2
}

SIO_PID=
MVN_PID=
cleanup() {
  if [ -n "$SIO_PID" ]; then
    kill "$SIO_PID" 2> /dev/null || true
    wait "$SIO_PID" 2> /dev/null || true
    SIO_PID=
  fi
  if [ -n "$MVN_PID" ]; then
    ear/target/liberty/wlp/bin/server stop aqueduct > /dev/null 2>&1 || true
    for _ in $(seq 1 60); do
      kill -0 "$MVN_PID" 2> /dev/null || break
      sleep 1
    done
    kill "$MVN_PID" 2> /dev/null || true
    MVN_PID=
  fi
}
trap cleanup EXIT

run_socketio() {
  PORT=$PORT_SOCKETIO node --expose-gc bench/ws-fanout/socketio/server.mjs > "$OUT/socketio.log" 2>&1 &
  SIO_PID=$!
  for i in $(seq 1 50); do
    curl -sf -o /dev/null "http://127.0.0.1:$PORT_SOCKETIO/bench/memory" && break
    if ! kill -0 "$SIO_PID" 2> /dev/null || [ "$i" = 50 ]; then
      echo "the Socket.IO server did not start; see $OUT/socketio.log" >&2
      exit 1
    fi
    sleep 0.2
  done
  echo "Socket.IO server pid $SIO_PID ($(node -p 'require("./bench/ws-fanout/socketio/node_modules/socket.io/package.json").version'), node $(node -v))" >&2
  log_load socketio
  "${GENERATOR[@]}" --server socketio --port "$PORT_SOCKETIO" --server-pid "$SIO_PID" --out "$OUT/socketio.tsv" \
    2>&1 | tee "$OUT/socketio-generator.log"
  cleanup
}

run_aqueduct() {
  # Benchmark-only settings (MicroProfile Config through the environment); product defaults are unchanged otherwise.
  # Rate limits: the generator's connections share 50 principals, and a publisher sends up to 200 msgs/s.
  (
    export AQUEDUCT_HTTP_PORT=$PORT_AQUEDUCT
    export AQUEDUCT_DEV_ENABLED=true
    export AQUEDUCT_LIMITS_PRINCIPAL_RATE=100000
    export AQUEDUCT_LIMITS_PRINCIPAL_BURST=100000
    export AQUEDUCT_LIMITS_CONNECTION_RATE=100000
    export AQUEDUCT_LIMITS_CONNECTION_BURST=100000
    # Fixed, pre-touched heap (so RSS deltas are native memory), native memory tracking for the per-connection
    # numbers. The Liberty server script appends JVM_ARGS after jvm.options.
    export JVM_ARGS="-Xms$HEAP -Xmx$HEAP -XX:+AlwaysPreTouch -XX:NativeMemoryTracking=summary"
    if [ "${SKIP_BUILD:-0}" = 1 ] && [ -f ear/target/liberty/wlp/usr/servers/aqueduct/apps/aqueduct.ear ]; then
      # the server the last build installed, as it is (the dev profile wrote AQUEDUCT_DEV_ENABLED into server.env)
      exec ear/target/liberty/wlp/bin/server run aqueduct > "$OUT/aqueduct-server.log" 2>&1
    fi
    exec mvn -q package -Pdev -pl ear -am > "$OUT/aqueduct-server.log" 2>&1
  ) &
  MVN_PID=$!
  echo "waiting for Aqueduct on port $PORT_AQUEDUCT ..." >&2
  for i in $(seq 1 300); do
    if curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' -d '{"sub":"probe"}' \
        "http://127.0.0.1:$PORT_AQUEDUCT/dev/token"; then
      break
    fi
    if ! kill -0 "$MVN_PID" 2> /dev/null || [ "$i" = 300 ]; then
      echo "the server did not start; see $OUT/aqueduct-server.log" >&2
      exit 1
    fi
    sleep 1
  done
  local pid
  pid=$(ss -ltnpH "sport = :$PORT_AQUEDUCT" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
  echo "Aqueduct server pid $pid: $(tr '\0' ' ' < "/proc/$pid/cmdline" | grep -o -- '-Xm[sx][^ ]*' | tr '\n' ' ')" >&2
  local extra=()
  if [ "${THREAD_DUMPS:-0}" = 1 ]; then
    extra+=(--thread-dumps "$OUT/thread-dumps")
  fi
  if [ "${JFR:-0}" = 1 ]; then
    # the JDK's "profile" settings with Java method samples every 1 ms and native ones every 5 ms
    local jdk_home
    jdk_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    awk '/<event name="jdk.(ExecutionSample|NativeMethodSample)">/ { e = $0 ~ /Native/ ? "5 ms" : "1 ms" }
         /<setting name="period"/ && e != "" { sub(/>[^<]*</, ">" e "<"); e = "" } { print }' \
      "$jdk_home/lib/jfr/profile.jfc" > "$OUT/sampling.jfc"
    extra+=(--jfr "$OUT/jfr" --jfr-settings "$(pwd)/$OUT/sampling.jfc")
  fi
  log_load aqueduct
  if [ "$BATCH" != true ]; then
    "${GENERATOR[@]}" --server aqueduct --port "$PORT_AQUEDUCT" --server-pid "$pid" --out "$OUT/aqueduct.tsv" \
      --batch false "${extra[@]}" 2>&1 | tee "$OUT/aqueduct-generator.log"
  fi
  if [ "$BATCH" != false ]; then
    # the same server again, clients with "batch": true (the load scenarios only; idle memory does not change)
    "${GENERATOR[@]}" --server aqueduct --port "$PORT_AQUEDUCT" --server-pid "$pid" --out "$OUT/aqueduct-batch.tsv" \
      --batch true --label "Aqueduct, batch:true" --scenarios "${SCENARIOS//idle/}" "${extra[@]}" 2>&1 \
      | tee "$OUT/aqueduct-batch-generator.log"
  fi
  cleanup
}

for s in ${SERVERS//,/ }; do
  case "$s" in
    socketio) run_socketio ;;
    aqueduct) run_aqueduct ;;
    *) echo "unknown server $s" >&2; exit 1 ;;
  esac
done

echo
echo "## Room bus fan-out: $(date -u +%Y-%m-%d), $(nproc) cores, $(cut -d' ' -f1-3 /proc/loadavg) load now"
cat "$OUT/load.txt"
echo
files=()
for f in "$OUT/aqueduct.tsv" "$OUT/aqueduct-batch.tsv" "$OUT/socketio.tsv"; do
  [ -s "$f" ] && files+=("$f")
done
java -cp "$CP" dev.aqueduct.bench.ws.WsFanout report "${files[@]}" | tee "$OUT/results.md"
