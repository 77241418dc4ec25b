#!/usr/bin/env bash
# Splits the streaming time to first token at C=1 into: work before the upstream call
# (filters, auth, rate limit, budget, session check, the begin transaction, the start
# event) and the upstream leg as the service sees it (chatkit_llm_time_to_first_token),
# with PostgreSQL synchronous_commit on (the default) and off for the bench database only.
# Usage: bench/breakdown.sh   (after bench/run.sh has built everything); prints markdown.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export PATH="$JAVA_HOME/bin:$PATH"
REPS=${REPS:-3}
N=${N:-300}
C=${C:-1}
DB=${BENCH_DB:-chatkit_bench}
REDIS_DB=${REDIS_DB:-7}
JAR=target/chatkit-rest-0.1.0-SNAPSHOT.jar
WORK=$(mktemp -d /tmp/chatkit-breakdown.XXXXXX)
SECRET="bench-secret-0123456789abcdefghijklmnopqrstuvwxyz"
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true;
  psql -q -h 127.0.0.1 -U postgres -c "alter database $DB reset synchronous_commit" >/dev/null 2>&1 || true; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
driver() { java -cp bench/.build LoadDriver "$@"; }
javac -d bench/.build bench/FakeUpstream.java bench/LoadDriver.java
printf 'rate-limit.requests-per-minute=100000000\nbudget.daily-usd=1000000\n' > "$WORK/limits.properties"
FAKE_PORT=$(free_port)
java -cp bench/.build FakeUpstream --port "$FAKE_PORT" > "$WORK/fake.log" 2>&1 &
PIDS+=($!)
metric() { # metric MGMT NAME -> sum over series
  curl -fsS "$1/actuator/prometheus" | awk -v n="$2" 'index($0, n) == 1 { s += $NF } END { printf "%.9f", s }'
}
echo "| synchronous_commit | pair | direct TTFT p50 (ms) | service TTFT p50 (ms) | overhead p50 (ms) | service TTFT mean (ms) | of which upstream leg mean (ms) | before upstream mean (ms) |"
echo "|---|---|---|---|---|---|---|---|"
for sync in on off; do
  psql -q -h 127.0.0.1 -U postgres -c "alter database $DB set synchronous_commit = $sync" >/dev/null
  port=$(free_port); mport=$(free_port)
  env DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$DB" JWT_SECRET="$SECRET" \
    REDIS_URL="redis://127.0.0.1:6379/$REDIS_DB" OPENROUTER_BASE_URL="http://127.0.0.1:$FAKE_PORT" OPENROUTER_API_KEY=bench \
    CHATKIT_LIMITS_FILE="$WORK/limits.properties" SERVER_PORT="$port" MANAGEMENT_SERVER_PORT="$mport" \
    CHATKIT_RATE_LIMIT_TRUSTED_PROXIES=127.0.0.1/32 java -Xmx512m -jar "$JAR" > "$WORK/service-$sync.log" 2>&1 &
  spid=$!; PIDS+=("$spid")
  driver ready --url "http://127.0.0.1:$mport/actuator/health/readiness" --since-ms 0 >/dev/null
  driver stream --target service --url "http://127.0.0.1:$port" --secret "$SECRET" -c 20 -n 2000 >/dev/null
  for r in $(seq 1 "$REPS"); do
    d=$(driver stream --target direct --url "http://127.0.0.1:$FAKE_PORT" -c "$C" -n "$N")
    s0=$(metric "http://127.0.0.1:$mport" chatkit_llm_time_to_first_token_seconds_sum)
    c0=$(metric "http://127.0.0.1:$mport" chatkit_llm_time_to_first_token_seconds_count)
    s=$(driver stream --target service --url "http://127.0.0.1:$port" --secret "$SECRET" -c "$C" -n "$N")
    s1=$(metric "http://127.0.0.1:$mport" chatkit_llm_time_to_first_token_seconds_sum)
    c1=$(metric "http://127.0.0.1:$mport" chatkit_llm_time_to_first_token_seconds_count)
    python3 - "$sync" "$r" "$d" "$s" "$s0" "$s1" "$c0" "$c1" <<'PY'
import json, sys
sync, r, d, s = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), json.loads(sys.argv[4])
s0, s1, c0, c1 = map(float, sys.argv[5:9])
leg = (s1 - s0) / max(1, c1 - c0) * 1000
mean = s["ttft_ms"]["mean"]
print(f"| {sync} | {r} | {d['ttft_ms']['p50']:.2f} | {s['ttft_ms']['p50']:.2f} | "
      f"{s['ttft_ms']['p50'] - d['ttft_ms']['p50']:.2f} | {mean:.2f} | {leg:.2f} | {mean - leg:.2f} |")
PY
  done
  kill "$spid"; wait "$spid" 2>/dev/null || true
done
