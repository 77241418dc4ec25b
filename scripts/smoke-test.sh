#!/usr/bin/env bash
# Smoke test of a running chatkit-rest: health, auth, a session's life, and the rate limit.
#
#   scripts/smoke-test.sh [--skip-rate-limit] BASE_URL
#
# BASE_URL is where the API is served, e.g. https://chatkit.staging.example.com or
# http://localhost:8080. The bearer token is $TOKEN when set; otherwise an HS256 JWT is
# minted from $JWT_SECRET (its raw UTF-8 bytes are the key), valid for 10 minutes, with
# `iss`/`aud` from $JWT_ISSUER/$JWT_AUDIENCE when the service checks them.
#
# The rate-limit check drains the caller's bucket on purpose (the limit is per client IP),
# so run it against staging or a local service, not against production traffic's IP.
# Needs bash, curl and openssl. Prints PASS/FAIL per check; exits non-zero on any failure.
set -euo pipefail

usage() {
  sed -n '2,13s/^# \{0,1\}//p' "$0"
}

skip_rate_limit=false
base_url=""
while [ $# -gt 0 ]; do
  case "$1" in
    --skip-rate-limit) skip_rate_limit=true ;;
    -h | --help) usage; exit 0 ;;
    -*) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
    *)
      if [ -n "$base_url" ]; then
        echo "only one BASE_URL, please" >&2
        exit 2
      fi
      base_url="$1"
      ;;
  esac
  shift
done
if [ -z "$base_url" ]; then
  usage >&2
  exit 2
fi
base_url="${base_url%/}"
api="$base_url/api/v1/chatkit"

work_dir="$(mktemp -d)"
trap 'rm -rf "$work_dir"' EXIT

failures=0
pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

b64url() {
  openssl base64 -A | tr '+/' '-_' | tr -d '='
}

mint_token() {
  local now sub header payload signing_input signature
  now="$(date +%s)"
  sub="smoke-$(openssl rand -hex 6)"
  header='{"alg":"HS256","typ":"JWT"}'
  payload="{\"sub\":\"$sub\",\"iat\":$now,\"exp\":$((now + 600))"
  if [ -n "${JWT_ISSUER:-}" ]; then
    payload="$payload,\"iss\":\"$JWT_ISSUER\""
  fi
  if [ -n "${JWT_AUDIENCE:-}" ]; then
    payload="$payload,\"aud\":\"$JWT_AUDIENCE\""
  fi
  payload="$payload}"
  signing_input="$(printf '%s' "$header" | b64url).$(printf '%s' "$payload" | b64url)"
  signature="$(printf '%s' "$signing_input" | openssl dgst -sha256 -hmac "$JWT_SECRET" -binary | b64url)"
  printf '%s.%s' "$signing_input" "$signature"
}

if [ -n "${TOKEN:-}" ]; then
  token="$TOKEN"
elif [ -n "${JWT_SECRET:-}" ]; then
  token="$(mint_token)"
else
  echo "set TOKEN (a bearer token) or JWT_SECRET (to mint one)" >&2
  exit 2
fi

# request NAME METHOD URL [curl args...]: writes $work_dir/NAME.{body,headers} and
# prints the status code (000 when no response came back).
request() {
  local name="$1" method="$2" url="$3"
  shift 3
  curl -sS --connect-timeout 5 --max-time 15 -X "$method" \
    -o "$work_dir/$name.body" -D "$work_dir/$name.headers" -w '%{http_code}' \
    "$@" "$url" 2>"$work_dir/$name.err" || true
}

# header NAME HEADER: the last value of a response header, without CR or spaces.
header() {
  { grep -i "^$2:" "$work_dir/$1.headers" || true; } | tail -n 1 | cut -d: -f2- | tr -d ' \r'
}

body() {
  if [ -f "$work_dir/$1.body" ]; then
    tr -d '\n' <"$work_dir/$1.body"
  fi
}

# json_has NAME KEY VALUE: the body holds "KEY": VALUE (VALUE given as JSON, e.g. '"x"', 'true').
json_has() {
  body "$1" | grep -Eq "\"$2\"[[:space:]]*:[[:space:]]*$3"
}

auth=(-H "Authorization: Bearer $token")

# ---------------------------------------------------------------- health
code="$(request health GET "$base_url/health")"
if [ "$code" = 200 ] && json_has health status '"healthy"'; then
  pass "GET /health is 200 {\"status\":\"healthy\"}"
else
  fail "GET /health: expected 200 {\"status\":\"healthy\"}, got $code $(body health | head -c 200)$(cat "$work_dir/health.err")"
fi

# ---------------------------------------------------------------- auth
code="$(request noauth GET "$api/sessions")"
if [ "$code" = 401 ] && json_has noauth code '"unauthorized"'; then
  pass "GET /api/v1/chatkit/sessions without a token is 401 unauthorized"
else
  fail "GET /api/v1/chatkit/sessions without a token: expected 401 unauthorized, got $code $(body noauth | head -c 200)"
fi

# ---------------------------------------------------------------- create a session
session_id=""
code="$(request create POST "$api/sessions" "${auth[@]}" -H 'Content-Type: application/json' --data '{}')"
if [ "$code" = 200 ] && json_has create success true; then
  session_id="$(body create | grep -Eo '"id"[[:space:]]*:[[:space:]]*"[0-9a-fA-F-]{36}"' | head -n 1 | grep -Eo '[0-9a-fA-F-]{36}' || true)"
fi
if [ -n "$session_id" ]; then
  pass "POST /api/v1/chatkit/sessions is 200 with session $session_id"
else
  fail "POST /api/v1/chatkit/sessions: expected 200 {\"success\":true,\"data\":{\"id\":...}}, got $code $(body create | head -c 300)$(cat "$work_dir/create.err")"
fi

# ---------------------------------------------------------------- rate limit
retry_after=""
if [ "$skip_rate_limit" = true ]; then
  echo "SKIP: rate limit (--skip-rate-limit)"
else
  code="$(request probe GET "$api/sessions" "${auth[@]}")"
  limit="$(header probe RateLimit-Limit)"
  reset="$(header probe RateLimit-Reset)"
  remaining="$(header probe RateLimit-Remaining)"
  if [ "$code" != 200 ] || ! [[ "$limit" =~ ^[0-9]+$ ]] || ! [[ "$reset" =~ ^[0-9]+$ ]] || [ "$limit" -lt 1 ]; then
    fail "GET /api/v1/chatkit/sessions: expected 200 with RateLimit-Limit and RateLimit-Reset, got $code (RateLimit-Limit '$limit', RateLimit-Reset '$reset')"
  else
    pass "GET /api/v1/chatkit/sessions carries RateLimit-Limit $limit, RateLimit-Remaining $remaining, RateLimit-Reset $reset"
    echo "      waiting $((reset + 1)) s for a full bucket, then sending $((limit + 1)) requests"
    sleep "$((reset + 1))"

    # The bucket refills limit/60 tokens a second, so the burst has to land within
    # 60/limit seconds: the first `limit` requests go out together, the last right after.
    burst=()
    for _ in $(seq 1 "$limit"); do
      burst+=(-o /dev/null "$api/sessions")
    done
    parallel=()
    if curl --help all 2>/dev/null | grep -q -- '--parallel-max'; then
      parallel=(--parallel --parallel-max 100)
    fi
    codes="$(curl -sS --connect-timeout 5 --max-time 30 ${parallel[@]+"${parallel[@]}"} "${auth[@]}" \
      -w '%{http_code}\n' "${burst[@]}" 2>"$work_dir/burst.err" || true)"
    last_code="$(request last GET "$api/sessions" "${auth[@]}")"

    ok_count="$(printf '%s\n' "$codes" | grep -c '^200$' || true)"
    [ "$last_code" = 200 ] && ok_count=$((ok_count + 1))
    if [ "$ok_count" -eq "$limit" ]; then
      pass "exactly $limit of $((limit + 1)) rapid requests succeeded"
    else
      other="$(printf '%s\n' "$codes" | grep -v '^200$' | sort | uniq -c | tr -s ' \n' ' ' || true)"
      fail "$ok_count of $((limit + 1)) rapid requests succeeded, expected $limit (other statuses:${other:- none}; last $last_code)"
    fi

    retry_after="$(header last Retry-After)"
    if [ "$last_code" = 429 ] && json_has last code '"rate_limited"' && [[ "$retry_after" =~ ^[0-9]+$ ]]; then
      pass "request $((limit + 1)) is 429 rate_limited with Retry-After $retry_after"
    else
      fail "request $((limit + 1)): expected 429 {\"code\":\"rate_limited\"} with Retry-After, got $last_code (Retry-After '$retry_after') $(body last | head -c 200)"
      retry_after=""
    fi
  fi
fi

# ---------------------------------------------------------------- delete the session
if [ -n "$session_id" ]; then
  if [ -n "$retry_after" ]; then
    echo "      waiting $retry_after s (Retry-After) for a token"
    sleep "$retry_after"
  fi
  code="$(request delete DELETE "$api/sessions/$session_id" "${auth[@]}")"
  if [ "$code" = 429 ]; then
    fail "DELETE /api/v1/chatkit/sessions/$session_id still 429 after Retry-After; retrying once to clean up"
    wait_s="$(header delete Retry-After)"
    [[ "$wait_s" =~ ^[0-9]+$ ]] || wait_s=5
    sleep "$((wait_s + 1))"
    code="$(request delete DELETE "$api/sessions/$session_id" "${auth[@]}")"
  fi
  if [ "$code" = 200 ] && json_has delete deleted true; then
    pass "DELETE /api/v1/chatkit/sessions/$session_id is 200 {\"deleted\":true}"
  else
    fail "DELETE /api/v1/chatkit/sessions/$session_id: expected 200 {\"deleted\":true}, got $code $(body delete | head -c 200)"
  fi
fi

if [ "$failures" -gt 0 ]; then
  echo "smoke test FAILED: $failures check(s) failed against $base_url"
  exit 1
fi
echo "smoke test PASSED against $base_url"
