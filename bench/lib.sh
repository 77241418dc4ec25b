# Shared by bench/run.sh and bench/breakdown.sh (sourced, not run): the build, the fake
# upstream, the service and the load driver. Everything runs from the repository root.
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [[ -n ${JAVA_HOME:-} ]]; then export PATH="$JAVA_HOME/bin:$PATH"; fi
REDIS_DB=${REDIS_DB:-7}
DB=${BENCH_DB:-chatkit_bench}
RESULTS=bench/results
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/chatkit-bench.XXXXXX")
SECRET="bench-secret-0123456789abcdefghijklmnopqrstuvwxyz"
TICK=$(getconf CLK_TCK)
# the service's jar, named after the pom's artifactId and version (JAR=other.jar measures another build)
JAR=${JAR:-target/$(python3 -c 'import xml.etree.ElementTree as t
p = t.parse("pom.xml").getroot(); n = {"m": "http://maven.apache.org/POM/4.0.0"}
print(p.find("m:artifactId", n).text + "-" + p.find("m:version", n).text + ".jar")')}
# the test classes (the fake upstream) and every dependency, from `build`
CLASSPATH_FILE=target/cp.txt
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
cpu_ms() { awk -v tick="$TICK" '{ printf "%d", ($14 + $15) * 1000 / tick }' "/proc/$1/stat"; }

build() { # the service jar, the test classes and their class path (BUILD=0 reuses them), the driver
  if [[ ${BUILD:-1} == 1 || ! -f $CLASSPATH_FILE ]]; then
    log "building service and test classes"
    ./mvnw -B -q -DskipTests package dependency:build-classpath -Dmdep.outputFile="$CLASSPATH_FILE" \
      -Dmdep.includeScope=test >/dev/null
  fi
  javac -d bench/.build bench/LoadDriver.java
}

fresh_stores() { # a new database and an empty Redis db; limits raised so only capacity limits a run
  log "fresh database $DB and redis db $REDIS_DB"
  psql -q -h 127.0.0.1 -U postgres -c "drop database if exists $DB with (force)" -c "create database $DB" >/dev/null
  redis-cli -n "$REDIS_DB" flushdb >/dev/null
  LIMITS=$WORK/limits.properties
  printf 'rate-limit.requests-per-minute=100000000\nbudget.daily-usd=1000000\nbudget.user-daily-usd=0\n' > "$LIMITS"
}

FAKE_PID=""
fake_start() { # fake_start TOKENS GAP_MS: the tests' FakeOpenRouter on its own; sets FAKE (base URL)
  local out=$WORK/fake-$1-$2.log
  java -cp "target/test-classes:$(cat "$CLASSPATH_FILE")" io.chatkit.rest.llm.FakeOpenRouter \
    --port "${FAKE_PORT:-0}" --tokens "$1" --gap-ms "$2" > "$out" 2>&1 &
  FAKE_PID=$!
  PIDS+=("$FAKE_PID")
  for _ in $(seq 1 300); do grep -q '^BASE_URL ' "$out" && break; sleep 0.1; done
  FAKE=$(awk '/^BASE_URL /{ print $2 }' "$out")
  [[ -n $FAKE ]] || { cat "$out" >&2; return 1; }
  log "fake upstream pid $FAKE_PID on $FAKE ($1 tokens, ${2} ms apart)"
}
fake_stop() { kill "$FAKE_PID" 2>/dev/null || true; wait "$FAKE_PID" 2>/dev/null || true; }

SERVICE_PID=""
start_service() { # start_service NAME HEAP [extra env...]; sets SERVICE_PID, API, MGMT, READY (driver JSON)
  # a port can be taken by another process between free_port and the service's bind: try again
  for attempt in 1 2 3; do
    if start_service_once "$@"; then return 0; fi
    log "starting the service again (attempt $((attempt + 1)))"
  done
  return 1
}
start_service_once() {
  local name=$1 heap=$2; shift 2
  local port mport since; port=$(free_port); mport=$(free_port)
  # two free ports asked one after the other may be the same one
  while [[ $mport == "$port" ]]; do mport=$(free_port); done
  API=http://127.0.0.1:$port; MGMT=http://127.0.0.1:$mport
  since=$(date +%s%3N)
  env DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$DB" JWT_SECRET="$SECRET" \
      REDIS_URL="redis://127.0.0.1:6379/$REDIS_DB" OPENROUTER_BASE_URL="$FAKE" OPENROUTER_API_KEY=bench \
      CHATKIT_LIMITS_FILE="$LIMITS" SERVER_PORT="$port" MANAGEMENT_SERVER_PORT="$mport" \
      CHATKIT_STREAMS_MAX=20000 CHATKIT_RATE_LIMIT_TRUSTED_PROXIES=127.0.0.1/32 "$@" \
      java "$heap" -XX:+UseG1GC ${SERVICE_JFR:+"-XX:StartFlightRecording=filename=$SERVICE_JFR-$name-$(date +%s).jfr,settings=profile"} \
      -jar "$JAR" > "$WORK/service-$name.log" 2>&1 &
  SERVICE_PID=$!
  PIDS+=("$SERVICE_PID")
  READY=$(driver ready --url "$MGMT/actuator/health/readiness" --since-ms "$since" --pid "$SERVICE_PID")
  if [[ $READY == *'"ready_ms":-1'* ]] || ! kill -0 "$SERVICE_PID" 2>/dev/null; then
    # e.g. a port taken by another process between free_port and the bind
    tail -20 "$WORK/service-$name.log" >&2
    log "service $name did not become ready"
    return 1
  fi
  log "service $name pid $SERVICE_PID on $API ($heap) ready: $READY"
}
stop_service() { # graceful first; a JVM stuck in GC after a capacity run gets SIGKILL after 40 s
  kill "$SERVICE_PID" 2>/dev/null || true
  for _ in $(seq 1 40); do kill -0 "$SERVICE_PID" 2>/dev/null || break; sleep 1; done
  kill -9 "$SERVICE_PID" 2>/dev/null || true
  wait "$SERVICE_PID" 2>/dev/null || true
}
