#!/usr/bin/env bash
# Memory and CPU per running reply for two builds side by side (decoupled replies, #15):
#   bench/replies.sh BEFORE.jar AFTER.jar
# For each jar, alternating REPS times: a fresh service; the C=50 stream scenario
# (N streams of 20 tokens, 10 ms apart) with the service's CPU time (utime+stime from
# /proc) around it; then `hold` with HOLD_STEPS slow streams open (heap after full GC).
# Writes bench/results/<stamp>-replies.jsonl and prints one line per run. Needs local
# PostgreSQL and Redis like bench/run.sh; keys go under a fresh prefix (nothing is flushed).
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export PATH="$JAVA_HOME/bin:$PATH"
BEFORE=$1
AFTER=$2
REPS=${REPS:-2}
N=${N:-500}
HOLD_STEPS=${HOLD_STEPS:-250,500}
REDIS_DB=${REDIS_DB:-7}
DB=${BENCH_DB:-chatkit_bench_replies}
HEAP=${HEAP:--Xmx512m}
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RAW=bench/results/$STAMP-replies.jsonl
WORK=$(mktemp -d /tmp/chatkit-replies.XXXXXX)
SECRET="bench-secret-0123456789abcdefghijklmnopqrstuvwxyz"
TICK=$(getconf CLK_TCK)
mkdir -p bench/results bench/.build
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
driver() { java -cp bench/.build LoadDriver "$@"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

javac -d bench/.build bench/FakeUpstream.java bench/LoadDriver.java
psql -q -h 127.0.0.1 -U postgres -c "drop database if exists $DB with (force)" -c "create database $DB" >/dev/null
LIMITS=$WORK/limits.properties
printf 'rate-limit.requests-per-minute=100000000\nbudget.daily-usd=1000000\nbudget.user-daily-usd=0\n' > "$LIMITS"
FAKE_PORT=$(free_port)
java -cp bench/.build FakeUpstream --port "$FAKE_PORT" > "$WORK/fake.log" 2>&1 &
PIDS+=($!)
FAKE=http://127.0.0.1:$FAKE_PORT
fake_config() { curl -fsS "$FAKE/_config?$1" -X POST >/dev/null; }
sleep 2

run() { # run LABEL JAR REP
  local label=$1 jar=$2 rep=$3 port mport since pid
  port=$(free_port); mport=$(free_port); since=$(date +%s%3N)
  env DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$DB" JWT_SECRET="$SECRET" \
      REDIS_URL="redis://127.0.0.1:6379/$REDIS_DB" CHATKIT_RATE_LIMIT_KEY_PREFIX="bench-$STAMP-$label-$rep:" \
      OPENROUTER_BASE_URL="$FAKE" OPENROUTER_API_KEY=bench CHATKIT_LIMITS_FILE="$LIMITS" \
      SERVER_PORT="$port" MANAGEMENT_SERVER_PORT="$mport" CHATKIT_STREAMS_MAX=20000 \
      CHATKIT_RATE_LIMIT_TRUSTED_PROXIES=127.0.0.1/32 \
      java $HEAP -XX:+UseG1GC -jar "$jar" > "$WORK/service-$label-$rep.log" 2>&1 &
  pid=$!
  PIDS+=("$pid")
  driver ready --url "http://127.0.0.1:$mport/actuator/health/readiness" --since-ms "$since" >/dev/null
  for _ in $(seq 1 240); do curl -fsS -o /dev/null "http://127.0.0.1:$port/health" && break; sleep 1; done
  fake_config "tokens=20&delayMs=10"
  driver stream --target service --url "http://127.0.0.1:$port" --secret "$SECRET" -c 50 -n 300 >/dev/null
  local t0 t1 out
  t0=$(cpu_ticks "$pid")
  out=$(driver stream --target service --url "http://127.0.0.1:$port" --secret "$SECRET" -c 50 -n "$N" \
    --tokens 20 --delay-ms 10)
  t1=$(cpu_ticks "$pid")
  local cpu_ms_per_reply
  cpu_ms_per_reply=$(python3 -c "print(round(($t1 - $t0) * 1000 / $TICK / $N, 3))")
  echo "{\"scenario\":\"stream-c50\",\"build\":\"$label\",\"rep\":$rep,\"cpu_ms_per_reply\":$cpu_ms_per_reply,\"result\":$out}" >> "$RAW"
  log "$label rep $rep: C=50 stream CPU ${cpu_ms_per_reply} ms/reply; $out"
  fake_config "tokens=100000&delayMs=30000"
  out=$(driver hold --url "http://127.0.0.1:$port" --mgmt "http://127.0.0.1:$mport" --pid "$pid" --secret "$SECRET" \
    --steps "$HOLD_STEPS" --ramp 50)
  echo "{\"scenario\":\"hold\",\"build\":\"$label\",\"rep\":$rep,\"result\":$out}" >> "$RAW"
  log "$label rep $rep: hold $out"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

for rep in $(seq 1 "$REPS"); do
  if (( rep % 2 )); then run before "$BEFORE" "$rep"; run after "$AFTER" "$rep"
  else run after "$AFTER" "$rep"; run before "$BEFORE" "$rep"; fi
done
log "wrote $RAW"
