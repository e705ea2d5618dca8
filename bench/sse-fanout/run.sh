#!/usr/bin/env bash
# SSE fan-out benchmark (see docs/benchmarks.md, section "SSE fan-out").
#
# Builds the EAR and the load generator, starts the dev server on $PORT with raised benchmark limits and a fixed
# heap, runs the ladder (default 1,000 / 5,000 / 10,000 streams), prints a markdown table and stops the server.
# Everything is on loopback and bounded in time. Needs Linux (/proc, ss), jcmd and curl; the shell must allow
# more open files than streams (ulimit -n).
#
# Knobs (environment): PORT (9580), LADDER (1000,5000,10000), RATE (10 events/s), WARMUP (5 s), DURATION (20 s),
# HEAP (2g, fixed: -Xms = -Xmx), MAX_PENDING (500 streams opening at a time), SKIP_BUILD=1,
# THREAD_DUMPS=1 (three server thread dumps per step mid-window, plus class histograms and a native memory diff
# around the opening of the streams), JFR=1 (a flight recording of each step's publishing phase; adds some load).
# Output, diagnostics and the server log go to bench/sse-fanout/target/run/.
set -euo pipefail
cd "$(dirname "$0")/../.."

PORT=${PORT:-9580}
LADDER=${LADDER:-1000,5000,10000}
RATE=${RATE:-10}
WARMUP=${WARMUP:-5}
DURATION=${DURATION:-20}
HEAP=${HEAP:-2g}
MAX_PENDING=${MAX_PENDING:-500}
OUT=bench/sse-fanout/target/run
mkdir -p "$OUT"

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  mvn -q package -DskipTests -pl ear,bench/sse-fanout -am
fi

if ss -ltnH "sport = :$PORT" | grep -q .; then
  echo "port $PORT is already in use" >&2
  exit 1
fi

# Benchmark-only settings (MicroProfile Config through the environment); product defaults are unchanged.
export AQUEDUCT_HTTP_PORT=$PORT
export AQUEDUCT_DEV_ENABLED=true
export AQUEDUCT_LIMITS_PRINCIPAL_RATE=100000
export AQUEDUCT_LIMITS_PRINCIPAL_BURST=100000
# Fixed, pre-touched heap (so RSS deltas are native memory), native memory tracking for the per-stream numbers.
# The Liberty server script appends JVM_ARGS after jvm.options.
export JVM_ARGS="-Xms$HEAP -Xmx$HEAP -XX:+AlwaysPreTouch -XX:NativeMemoryTracking=summary"

mvn -q package -Pdev -pl ear -am > "$OUT/server.log" 2>&1 &
MVN_PID=$!

stop_server() {
  ear/target/liberty/wlp/bin/server stop aqueduct > /dev/null 2>&1 || true
  for _ in $(seq 1 60); do
    kill -0 "$MVN_PID" 2> /dev/null || return 0
    sleep 1
  done
  kill "$MVN_PID" 2> /dev/null || true
}
trap stop_server EXIT

echo "waiting for the server on port $PORT ..." >&2
for i in $(seq 1 300); do
  if curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' -d '{"sub":"probe"}' \
      "http://127.0.0.1:$PORT/dev/token"; then
    break
  fi
  if ! kill -0 "$MVN_PID" 2> /dev/null || [ "$i" = 300 ]; then
    echo "the server did not start; see $OUT/server.log" >&2
    exit 1
  fi
  sleep 1
done
SERVER_PID=$(ss -ltnpH "sport = :$PORT" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
echo "server pid $SERVER_PID: $(tr '\0' ' ' < "/proc/$SERVER_PID/cmdline" | grep -o -- '-Xm[sx][^ ]*' | tr '\n' ' ')" >&2

EXTRA=()
if [ "${THREAD_DUMPS:-0}" = 1 ]; then
  EXTRA+=(--thread-dumps "$OUT/thread-dumps")
fi
if [ "${JFR:-0}" = 1 ]; then
  EXTRA+=(--jfr "$OUT/jfr")
fi
java -Xms512m -Xmx512m -cp bench/sse-fanout/target/classes:bench/common/target/classes dev.aqueduct.bench.sse.SseFanout \
  --port "$PORT" --ladder "$LADDER" --rate "$RATE" --warmup "$WARMUP" --duration "$DURATION" --max-pending "$MAX_PENDING" \
  --server-pid "$SERVER_PID" "${EXTRA[@]}" | tee "$OUT/results.md"
