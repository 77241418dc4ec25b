#!/usr/bin/env bash
# Runs every chatkit-rest performance scenario and writes bench/results/<timestamp>.md
# (plus the raw .jsonl). Needs local PostgreSQL (postgres@127.0.0.1:5432) and Redis
# (127.0.0.1:6379). Usage: bench/run.sh          (all scenarios)
#                          SCENARIOS="a b" bench/run.sh   (a subset of a b c d e)
# Knobs: REPS (paired repetitions, default 3), HOLD_STEPS (default 1000,2000,5000,8000),
# HOLD_RAMP (streams opened per second, default 50: faster ramps starve the 2 cores and time
# out the 20-connection pool), REDIS_DB (default 7; only this logical db is flushed), BUILD=0
# to reuse the jar, EXTRA_RAW (earlier .jsonl files to merge into the summary).
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export PATH="$JAVA_HOME/bin:$PATH"
SCENARIOS=${SCENARIOS:-"e a b d c"}
REPS=${REPS:-3}
HOLD_STEPS=${HOLD_STEPS:-1000,2000,3000,5000,8000}
HOLD_RAMP=${HOLD_RAMP:-50}
REDIS_DB=${REDIS_DB:-7}
DB=${BENCH_DB:-chatkit_bench}
HEAP=${HEAP:--Xmx512m}
JAR=target/chatkit-rest-0.1.0-SNAPSHOT.jar
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS=bench/results
RAW=$RESULTS/$STAMP.jsonl
WORK=$(mktemp -d /tmp/chatkit-bench.XXXXXX)
SECRET="bench-secret-0123456789abcdefghijklmnopqrstuvwxyz"
mkdir -p "$RESULTS" bench/.build

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
driver() { java -cp bench/.build LoadDriver "$@"; }
record() { # record SCENARIO KEY=VALUE... -- driver args
  local scenario=$1; shift; local tags=""
  while [[ $1 != "--" ]]; do tags+=",\"${1%%=*}\":\"${1#*=}\""; shift; done; shift
  local out; out=$(driver "$@")
  echo "{\"scenario\":\"$scenario\"$tags,\"result\":$out}" >> "$RAW"
  echo "$out"
}

if [[ ${BUILD:-1} == 1 || ! -f $JAR ]]; then log "building service"; ./mvnw -B -q -DskipTests package >/dev/null; fi
javac -d bench/.build bench/FakeUpstream.java bench/LoadDriver.java

log "fresh database $DB and redis db $REDIS_DB"
psql -q -h 127.0.0.1 -U postgres -c "drop database if exists $DB with (force)" -c "create database $DB" >/dev/null
redis-cli -n "$REDIS_DB" flushdb >/dev/null
LIMITS=$WORK/limits.properties
printf 'rate-limit.requests-per-minute=100000000\nbudget.daily-usd=1000000\nbudget.user-daily-usd=0\n' > "$LIMITS"

FAKE_PORT=$(free_port)
java -cp bench/.build FakeUpstream --port "$FAKE_PORT" > "$WORK/fake.log" 2>&1 &
PIDS+=($!)
FAKE=http://127.0.0.1:$FAKE_PORT
fake_config() { curl -fsS "$FAKE/_config?$1" -X POST >/dev/null; }

SERVICE_PID=""
start_service() { # start_service NAME [extra env...]; sets SERVICE_PID, API, MGMT and appends a startup record
  local name=$1; shift
  local port mport; port=$(free_port); mport=$(free_port)
  API=http://127.0.0.1:$port; MGMT=http://127.0.0.1:$mport
  local since; since=$(date +%s%3N)
  env DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$DB" JWT_SECRET="$SECRET" \
      REDIS_URL="redis://127.0.0.1:6379/$REDIS_DB" OPENROUTER_BASE_URL="$FAKE" OPENROUTER_API_KEY=bench \
      CHATKIT_LIMITS_FILE="$LIMITS" SERVER_PORT="$port" MANAGEMENT_SERVER_PORT="$mport" \
      CHATKIT_STREAMS_MAX=20000 CHATKIT_RATE_LIMIT_TRUSTED_PROXIES=127.0.0.1/32 "$@" \
      java $HEAP -XX:+UseG1GC -jar "$JAR" > "$WORK/service-$name.log" 2>&1 &
  SERVICE_PID=$!
  PIDS+=("$SERVICE_PID")
  local ready; ready=$(driver ready --url "$MGMT/actuator/health/readiness" --since-ms "$since")
  echo "{\"scenario\":\"e\",\"name\":\"$name\",\"result\":$ready}" >> "$RAW"
  log "service $name pid $SERVICE_PID on $API ready: $ready"
}
stop_service() { # graceful first; a JVM stuck in GC after the capacity scenario gets SIGKILL after 40 s
  kill "$SERVICE_PID" 2>/dev/null || true
  for _ in $(seq 1 40); do kill -0 "$SERVICE_PID" 2>/dev/null || break; sleep 1; done
  kill -9 "$SERVICE_PID" 2>/dev/null || true
  wait "$SERVICE_PID" 2>/dev/null || true
}

n_for() { # streams per run for concurrency $1 and gap $2
  local c=$1 gap=$2
  if [[ $c == 1 ]]; then [[ $gap == 0 ]] && echo 200 || echo 40
  elif [[ $c == 50 ]]; then [[ $gap == 0 ]] && echo 1000 || echo 500
  else [[ $gap == 0 ]] && echo 2000 || echo 1000; fi
}

has() { [[ " $SCENARIOS " == *" $1 "* ]]; }

if has e; then
  log "(e) start-up time, 3 cold starts"
  for r in 1 2; do start_service "startup$r"; stop_service; done
fi
start_service main

if has a; then
  log "(a) streaming TTFT overhead: warm-up"
  fake_config "tokens=20&delayMs=0"
  driver stream --target service --url "$API" --secret "$SECRET" -c 50 -n 3000 >/dev/null
  driver stream --target direct --url "$FAKE" -c 50 -n 3000 >/dev/null
  for gap in 0 10; do
    fake_config "tokens=20&delayMs=$gap"
    for c in 1 50 200; do
      n=$(n_for "$c" "$gap")
      for r in $(seq 1 "$REPS"); do
        if (( r % 2 )); then order="direct service"; else order="service direct"; fi
        for target in $order; do
          log "(a) gap=${gap}ms C=$c rep $r $target (n=$n)"
          record a "gap=$gap" "c=$c" "rep=$r" "target=$target" -- stream --target "$target" \
            --url "$([[ $target == direct ]] && echo "$FAKE" || echo "$API")" --secret "$SECRET" \
            -c "$c" -n "$n" --tokens 20 --delay-ms "$gap" >/dev/null
        done
      done
    done
  done
  fake_config "tokens=20&delayMs=0"
fi

if has b; then
  for r in $(seq 1 "$REPS"); do
    for method in GET POST; do
      log "(b) $method /sessions rep $r"
      seed=0; [[ $method == GET ]] && seed=20
      record b "method=$method" "rep=$r" -- rps --method "$method" --url "$API" --secret "$SECRET" \
        -c 32 --duration 10 --warmup 3 --seed "$seed" >/dev/null
    done
  done
fi

rate_pairs() { # rate_pairs STORE
  for r in $(seq 1 "$REPS"); do
    for path in /health /api/v1/chatkit/sessions; do
      log "(d) store=$1 $path rep $r"
      record d "store=$1" "path=$path" "rep=$r" -- rps --method GET --url "$API" --path "$path" --no-auth \
        -c 1 --duration 5 --warmup 2 >/dev/null
    done
  done
}
if has d; then
  rate_pairs redis
  mkdir -p "$WORK/lib" && unzip -q -o -j -d "$WORK/lib" "$JAR" 'BOOT-INF/lib/*.jar'
  javac -cp "$WORK/lib/*" -d bench/.build bench/RateLimitMicro.java
  for r in $(seq 1 "$REPS"); do
    log "(d) Bucket4j microbenchmark rep $r"
    out=$(java -cp "bench/.build:$WORK/lib/*" RateLimitMicro "redis://127.0.0.1:6379/$REDIS_DB" 2>/dev/null)
    echo "{\"scenario\":\"d-micro\",\"rep\":\"$r\",\"result\":$out}" >> "$RAW"
  done
  stop_service
  start_service inprocess REDIS_URL=
  rate_pairs in-process
fi

if has c; then
  stop_service
  log "(c) open streams in steps $HOLD_STEPS with $HEAP"
  fake_config "tokens=100000&delayMs=30000"
  ulimit -n "$(ulimit -Hn)" || true
  start_service hold
  record c -- hold --url "$API" --mgmt "$MGMT" --pid "$SERVICE_PID" --secret "$SECRET" --steps "$HOLD_STEPS" \
    --ramp "$HOLD_RAMP" >/dev/null
  grep -c -i 'OutOfMemoryError' "$WORK/service-hold.log" > "$WORK/oom" || true
  echo "{\"scenario\":\"c-oom\",\"result\":{\"oom_lines\":$(cat "$WORK/oom")}}" >> "$RAW"
  fake_config "tokens=20&delayMs=0"
fi

stop_service
python3 bench/summarize.py ${EXTRA_RAW:-} "$RAW" > "$RESULTS/$STAMP.md"
log "wrote $RESULTS/$STAMP.md (raw $RAW; logs in $WORK)"
cat "$RESULTS/$STAMP.md"
