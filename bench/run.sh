#!/usr/bin/env bash
# Runs chatkit-rest's benchmarks and writes bench/results/<stamp>.md (plus the raw .jsonl).
#   bench/run.sh [--portkey] [SCENARIO...]      default scenario: stream
# Scenarios:
#   stream    the matrix: direct (driver -> fake upstream) vs through the service [vs Portkey],
#             C=1 and C=50, 20 tokens at 10 ms and at 0 ms gaps: service CPU ms per reply
#             (utime+stime from /proc), throughput vs direct, TTFT overhead p50/p99, errors
#   hold      HOLD_N streams held open (a token every 30 s) at HOLD_HEAP, then a full GC
#             (jcmd GC.run) and the heap used (jcmd GC.heap_info): KiB of heap per open stream;
#             writes the class histogram to bench/results/<stamp>-histogram.txt
#   sessions  GET and POST /sessions throughput      ratelimit  the rate-limit check's cost
#   startup   process start to readiness UP          all        every scenario
# --portkey installs @portkey-ai/gateway from npm into a temporary folder and adds it as a
# peer row to the stream matrix. Needs local PostgreSQL (postgres@127.0.0.1:5432; the database
# BENCH_DB, default chatkit_bench, is recreated) and Redis (only db REDIS_DB, default 7, is
# flushed). Knobs: REPS (alternated repetitions, 3), N (streams a run instead of 40-1000), WARMUP
# (streams at C=50 before the runs, 300), HEAP (stream runs, -Xmx512m), HOLD_N (2000),
# HOLD_STEPS (default HOLD_N; comma-separated to step up), HOLD_HEAP (-Xmx1g), HOLD_RAMP (streams
# opened per second, 50), HOLD_HEAP_DUMP (a file for a heap dump while the streams are held; see
# bench/heap_arrays.py), HOLD_STREAMS_MAX (the service's chatkit.streams.max in hold, default 20000),
# BUILD=0 to reuse the build, EXTRA_RAW (earlier .jsonl files to merge), SERVICE_JFR (a path
# prefix: each service started records a JFR profile to <prefix>-<name>-<epoch>.jfr; the driver,
# the fake upstream and Portkey are not recorded).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
# the logs stay in WORK; Portkey's installation does not
trap 'cleanup; rm -rf "$WORK/portkey"' EXIT
PORTKEY_VERSION=1.15.2
# pinned with an npm override, so that every Portkey row runs the same HTTP server underneath
PORTKEY_NODE_SERVER=1.14.1
REPS=${REPS:-3}
WARMUP=${WARMUP:-300}
HEAP=${HEAP:--Xmx512m}
HOLD_N=${HOLD_N:-2000}
HOLD_STEPS=${HOLD_STEPS:-$HOLD_N}
HOLD_HEAP=${HOLD_HEAP:--Xmx1g}
HOLD_RAMP=${HOLD_RAMP:-50}
RAW=$RESULTS/$STAMP.jsonl
PORTKEY=0
SCENARIOS=()
for arg in "$@"; do
  case $arg in
    --portkey) PORTKEY=1 ;;
    all) SCENARIOS+=(startup stream sessions ratelimit hold) ;;
    stream | hold | sessions | ratelimit | startup) SCENARIOS+=("$arg") ;;
    *) echo "unknown argument $arg (see the head of $0)" >&2; exit 2 ;;
  esac
done
(( ${#SCENARIOS[@]} )) || SCENARIOS=(stream)

record() { # record SCENARIO KEY=VALUE... -- driver args: appends {"scenario", tags..., "result"} to RAW
  local scenario=$1; shift; local tags=""
  while [[ $1 != "--" ]]; do tags+=",\"${1%%=*}\":\"${1#*=}\""; shift; done; shift
  local out; out=$(driver "$@")
  echo "{\"scenario\":\"$scenario\"$tags,\"result\":$out}" >> "$RAW"
}

PORTKEY_PID=""
portkey_start() { # installs and starts the gateway; sets PORTKEY_URL
  local dir=$WORK/portkey port
  mkdir -p "$dir"
  printf '{"name":"bench-portkey","private":true,"overrides":{"@hono/node-server":"%s"}}\n' \
    "$PORTKEY_NODE_SERVER" > "$dir/package.json"
  log "installing @portkey-ai/gateway@$PORTKEY_VERSION into $dir"
  npm install --prefix "$dir" --no-audit --no-fund "@portkey-ai/gateway@$PORTKEY_VERSION" >"$WORK/npm.log" 2>&1
  port=$(free_port)
  NODE_ENV=production node "$dir/node_modules/@portkey-ai/gateway/build/start-server.js" --port="$port" --headless \
    > "$WORK/portkey.log" 2>&1 &
  PORTKEY_PID=$!
  PIDS+=("$PORTKEY_PID")
  PORTKEY_URL=http://127.0.0.1:$port/v1
  for _ in $(seq 1 300); do curl -fsS -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null && break; sleep 0.1; done
  log "portkey pid $PORTKEY_PID on $PORTKEY_URL"
}

n_for() { # streams per run for concurrency $1 and gap $2 (N overrides)
  if [[ -n ${N:-} ]]; then echo "$N"; return; fi
  if [[ $1 == 1 ]]; then [[ $2 == 0 ]] && echo 200 || echo 40
  else [[ $2 == 0 ]] && echo 1000 || echo 500; fi
}

stream_run() { # stream_run TARGET GAP C REP N: one driver run, with the CPU of the process in between
  local target=$1 gap=$2 c=$3 rep=$4 n=$5 url pid="" before=0 out
  case $target in
    direct) url=$FAKE ;;
    service) url=$API; pid=$SERVICE_PID ;;
    portkey) url=$PORTKEY_URL; pid=$PORTKEY_PID ;;
  esac
  [[ -n $pid ]] && before=$(cpu_ms "$pid")
  out=$(driver stream --target "$target" --url "$url" --upstream "$FAKE" --secret "$SECRET" -c "$c" -n "$n")
  local cpu=null; [[ -n $pid ]] && cpu=$(( $(cpu_ms "$pid") - before ))
  echo "{\"scenario\":\"stream\",\"gap\":$gap,\"c\":$c,\"rep\":$rep,\"target\":\"$target\",\"cpu_ms\":$cpu,\"result\":$out}" \
    >> "$RAW"
  log "gap=${gap}ms C=$c rep $rep $target: cpu ${cpu} ms, $out"
}

scenario_stream() {
  local targets="direct service"
  if (( PORTKEY )); then portkey_start; targets+=" portkey"; fi
  for gap in 10 0; do
    FAKE_PORT=0 fake_start 20 "$gap"
    start_service "stream-$gap" "$HEAP"
    log "warm-up at ${gap} ms gaps"
    for target in $targets; do stream_run "$target" "$gap" 50 0 "$WARMUP" 2>/dev/null; done
    for c in 1 50; do
      for rep in $(seq 1 "$REPS"); do
        # rotate the order so that no target always runs first or last
        local order=($targets) k
        for k in $(seq 0 $(( ${#order[@]} - 1 ))); do
          stream_run "${order[(k + rep) % ${#order[@]}]}" "$gap" "$c" "$rep" "$(n_for "$c" "$gap")"
        done
      done
    done
    stop_service
    fake_stop
  done
}

scenario_hold() {
  fake_start 20 30000
  ulimit -n "$(ulimit -Hn)" || true
  start_service hold "$HOLD_HEAP" ${HOLD_STREAMS_MAX:+CHATKIT_STREAMS_MAX=$HOLD_STREAMS_MAX}
  log "holding $HOLD_STEPS streams at $HOLD_RAMP/s, $HOLD_HEAP"
  record hold "heap=$HOLD_HEAP" -- hold --url "$API" --pid "$SERVICE_PID" --secret "$SECRET" --steps "$HOLD_STEPS" \
    --ramp "$HOLD_RAMP" --histogram "$RESULTS/$STAMP-histogram.txt" ${HOLD_HEAP_DUMP:+--heap-dump "$HOLD_HEAP_DUMP"}
  echo "{\"scenario\":\"hold-oom\",\"result\":{\"oom_lines\":$(grep -c -i 'OutOfMemoryError' "$WORK/service-hold.log" || true)}}" \
    >> "$RAW"
  stop_service
  fake_stop
}

scenario_sessions() {
  fake_start 20 0
  start_service sessions "$HEAP"
  for rep in $(seq 1 "$REPS"); do
    for method in GET POST; do
      log "$method /sessions rep $rep"
      local seed=0; [[ $method == GET ]] && seed=20
      record sessions "method=$method" "rep=$rep" -- rps --method "$method" --url "$API" --secret "$SECRET" \
        -c 32 --duration 10 --warmup 3 --seed "$seed"
    done
  done
  stop_service
  fake_stop
}

rate_pairs() { # rate_pairs STORE
  for rep in $(seq 1 "$REPS"); do
    for path in /health /api/v1/chatkit/sessions; do
      log "rate limit store=$1 $path rep $rep"
      record ratelimit "store=$1" "path=$path" "rep=$rep" -- rps --method GET --url "$API" --path "$path" --no-auth \
        -c 1 --duration 5 --warmup 2
    done
  done
}
scenario_ratelimit() {
  fake_start 20 0
  start_service redis "$HEAP"
  rate_pairs redis
  stop_service
  local cp; cp="target/classes:$(cat "$CLASSPATH_FILE")"
  javac -cp "$cp" -d bench/.build bench/RateLimitMicro.java
  for rep in $(seq 1 "$REPS"); do
    log "Bucket4j microbenchmark rep $rep"
    echo "{\"scenario\":\"ratelimit-micro\",\"rep\":\"$rep\",\"result\":$(java -cp "bench/.build:$cp" RateLimitMicro \
      "redis://127.0.0.1:6379/$REDIS_DB" 2>/dev/null)}" >> "$RAW"
  done
  start_service inprocess "$HEAP" REDIS_URL=
  rate_pairs in-process
  stop_service
  fake_stop
}

scenario_startup() {
  fake_start 20 0
  for rep in 1 2 3; do
    start_service "startup$rep" "$HEAP"
    echo "{\"scenario\":\"startup\",\"rep\":\"$rep\",\"result\":$READY}" >> "$RAW"
    stop_service
  done
  fake_stop
}

build
fresh_stores
for scenario in "${SCENARIOS[@]}"; do "scenario_$scenario"; done
python3 bench/summarize.py ${EXTRA_RAW:-} "$RAW" > "$RESULTS/$STAMP.md"
log "wrote $RESULTS/$STAMP.md (raw $RAW; logs in $WORK)"
cat "$RESULTS/$STAMP.md"
