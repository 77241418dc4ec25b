#!/usr/bin/env bash
# Splits the streaming time to first token at C=1 into: work before the upstream call
# (filters, auth, rate limit, budget, session check, the begin transaction, the start
# event) and the upstream leg as the service sees it (chatkit_llm_time_to_first_token),
# with PostgreSQL synchronous_commit on (the default) and off for the bench database only.
# Usage: bench/breakdown.sh   (BUILD=0 reuses the build of bench/run.sh); prints markdown.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
REPS=${REPS:-3}
N=${N:-300}
C=${C:-1}
trap 'cleanup; psql -q -h 127.0.0.1 -U postgres -c "alter database $DB reset synchronous_commit" >/dev/null 2>&1 || true' EXIT
build
fresh_stores
fake_start 20 0
metric() { # metric MGMT NAME -> sum over series
  curl -fsS "$1/actuator/prometheus" | awk -v n="$2" 'index($0, n) == 1 { s += $NF } END { printf "%.9f", s }'
}
echo "| synchronous_commit | pair | direct TTFT p50 (ms) | service TTFT p50 (ms) | overhead p50 (ms) | service TTFT mean (ms) | of which upstream leg mean (ms) | before upstream mean (ms) |"
echo "|---|---|---|---|---|---|---|---|"
for sync in on off; do
  psql -q -h 127.0.0.1 -U postgres -c "alter database $DB set synchronous_commit = $sync" >/dev/null
  start_service "sync-$sync" -Xmx512m
  driver stream --target service --url "$API" --secret "$SECRET" -c 20 -n 2000 >/dev/null
  for r in $(seq 1 "$REPS"); do
    d=$(driver stream --target direct --url "$FAKE" -c "$C" -n "$N")
    s0=$(metric "$MGMT" chatkit_llm_time_to_first_token_seconds_sum)
    c0=$(metric "$MGMT" chatkit_llm_time_to_first_token_seconds_count)
    s=$(driver stream --target service --url "$API" --secret "$SECRET" -c "$C" -n "$N")
    s1=$(metric "$MGMT" chatkit_llm_time_to_first_token_seconds_sum)
    c1=$(metric "$MGMT" chatkit_llm_time_to_first_token_seconds_count)
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
  stop_service
done
