#!/usr/bin/env bash
# Foundation benchmark: time to healthy, idle memory, login + authenticated
# read latency. Prints figures and the targets; asserts nothing (exit 1 only
# when the server cannot be started or the API calls fail).
#
# Runs a separate server: fresh temporary RAYPORT_HOME, free ports, random
# admin password, so it neither touches nor collides with ./rayport start.
#   RAYPORT_BENCH_KEEP=1   keep the temporary RAYPORT_HOME afterwards
#   RAYPORT_BENCH_IDLE=20  seconds of idling before reading the RSS
set -euo pipefail

ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$ROOT"
KARAF_BIN="$ROOT/karaf-assembly/target/assembly/bin/karaf"
IDLE_SECONDS="${RAYPORT_BENCH_IDLE:-20}"
READY_TIMEOUT=180

# Same build step (and staleness check) as ./rayport run/start, done before
# the clock starts.
"$ROOT/rayport" build

BENCH_NAME=bench
# shellcheck source=bench-lib.sh
source "$ROOT/scripts/bench-lib.sh"

# The JVM is a child of the bin/karaf shell (which loops to support restarts).
java_child_of() {
    local parent="$1" stat_file rest
    for stat_file in /proc/[0-9]*/stat; do
        # Field 2 (comm) may contain spaces: strip through the last ')'.
        rest="$(cat "$stat_file" 2>/dev/null)" || continue
        rest="${rest##*) }"
        # rest = "state ppid ..."
        read -r _ ppid _ <<<"$rest"
        if [[ "$ppid" == "$parent" ]]; then
            local pid="${stat_file#/proc/}"
            pid="${pid%/stat}"
            if [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == java ]]; then
                echo "$pid"
                return 0
            fi
        fi
    done
    return 1
}

export RAYPORT_HOME
RAYPORT_HOME="$(mktemp -d /tmp/rayport-bench.XXXXXX)"
mkdir -p "$RAYPORT_HOME/log"
# Ports nobody listens on, away from the defaults and the kernel's ephemeral range.
bench_take_ports HTTP SSH RMI_REGISTRY RMI_SERVER
export RAYPORT_HTTP_PORT="$HTTP_PORT" RAYPORT_SSH_PORT="$SSH_PORT"
# Karaf's JMX ports (1099/44444) are not Rayport settings; Karaf's own
# PID_PROPERTY environment override moves them so a running dev server does
# not make the bench fail.
export ORG_APACHE_KARAF_MANAGEMENT_RMIREGISTRYPORT="$RMI_REGISTRY_PORT"
export ORG_APACHE_KARAF_MANAGEMENT_RMISERVERPORT="$RMI_SERVER_PORT"
export RAYPORT_ADMIN_PASSWORD
RAYPORT_ADMIN_PASSWORD="Bench-$(head -c 18 /dev/urandom | base64 | tr -d '/+=')-7x"

SERVER_PID=""
cleanup() {
    local rc=$?
    if [[ -n "$SERVER_PID" ]]; then
        kill -TERM -- "-$SERVER_PID" 2>/dev/null || true
        local _
        for _ in $(seq 1 60); do
            kill -0 -- "-$SERVER_PID" 2>/dev/null || break
            sleep 0.5
        done
        kill -KILL -- "-$SERVER_PID" 2>/dev/null || true
    fi
    if [[ "${RAYPORT_BENCH_KEEP:-0}" == 1 ]]; then
        echo "bench: kept $RAYPORT_HOME" >&2
    else
        rm -rf -- "$RAYPORT_HOME"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

health_up() {
    local body
    body="$(curl -fsS --max-time 1 "http://127.0.0.1:$HTTP_PORT/api/v1/health" 2>/dev/null)" \
        && [[ "$body" == *'"UP"'* ]]
}

echo "bench: RAYPORT_HOME=$RAYPORT_HOME http=$HTTP_PORT ssh=$SSH_PORT" >&2

# (a) time to healthy. Started directly (not via ./rayport start, whose wait
# loop polls only every 0.5 s); own process group so cleanup gets the JVM too.
# Measured twice: the first start of a new installation (Karaf resolves and
# installs every feature into an empty cache) and a restart (cache kept).
start_and_time() {
    local t0
    t0="$(date +%s%N)"
    setsid "$KARAF_BIN" server >>"$RAYPORT_HOME/log/console.out" 2>&1 </dev/null &
    SERVER_PID=$!
    ready_ms=""
    while (( ($(date +%s%N) - t0) / 1000000000 < READY_TIMEOUT )); do
        if health_up; then
            ready_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
            break
        fi
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then
            echo "bench: server exited during startup" >&2
            break
        fi
        sleep 0.1
    done
    if [[ -z "$ready_ms" ]]; then
        echo "bench: server not healthy (timeout ${READY_TIMEOUT}s or exit); log tail:" >&2
        tail -n 40 "$RAYPORT_HOME/log/karaf.log" 2>/dev/null >&2 || true
        tail -n 40 "$RAYPORT_HOME/log/console.out" 2>/dev/null >&2 || true
        exit 1
    fi
    READY_S="$(awk -v ms="$ready_ms" 'BEGIN { printf "%.2f", ms / 1000 }')"
}

stop_server() {
    kill -TERM -- "-$SERVER_PID" 2>/dev/null || true
    local _
    for _ in $(seq 1 120); do
        kill -0 -- "-$SERVER_PID" 2>/dev/null || break
        sleep 0.5
    done
    SERVER_PID=""
}

start_and_time
first_start_s="$READY_S"
echo "bench: first start healthy after ${first_start_s} s" >&2
stop_server
start_and_time
ready_s="$READY_S"
echo "bench: restart healthy after ${ready_s} s" >&2

# (b) idle resident memory of the JVM.
JAVA_PID="$(java_child_of "$SERVER_PID" || true)"
echo "bench: idling ${IDLE_SECONDS} s (java pid ${JAVA_PID:-?}) ..." >&2
sleep "$IDLE_SECONDS"
rss_mb() {
    [[ -n "$JAVA_PID" && -r "/proc/$JAVA_PID/status" ]] || { echo "n/a"; return; }
    awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$JAVA_PID/status"
}
idle_rss="$(rss_mb)"

# (c) login + authenticated read latency.
echo "bench: LoginBench (100 warm-up + 1000 measured iterations) ..." >&2
bench_out="$(java "$ROOT/scripts/LoginBench.java" "http://127.0.0.1:$HTTP_PORT" 100 1000)"
echo "$bench_out" | grep -v '^RESULT ' || true
result="$(echo "$bench_out" | sed -n 's/^RESULT //p')"
kv() { echo "$result" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
after_rss="$(rss_mb)"

row() { printf '%-34s %12s   %s\n' "$@"; }
echo
echo "Rayport foundation benchmark  ($(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, $(java -version 2>&1 | head -1))"
echo "---------------------------------------------------------------------"
row "metric" "value" "target"
row "first start -> health UP" "${first_start_s} s" "< 10 s"
row "restart -> health UP" "${ready_s} s" "< 10 s"
row "idle RSS after ${IDLE_SECONDS} s" "${idle_rss} MB" "< 400 MB"
row "RSS after login bench" "${after_rss} MB" "-"
row "login+GET users p50" "$(kv p50) ms" "-"
row "login+GET users p99" "$(kv p99) ms" "-"
row "login+GET users mean" "$(kv mean) ms" "-"
row "login+GET users max" "$(kv max) ms" "-"
echo "---------------------------------------------------------------------"
