# Shell helpers of the benchmarks (bench-pools.sh, bench-client.sh): sourced, not run. The caller sets BENCH_NAME (for
# messages), DIST (the distribution) and WORK (its temp folder) first.

# The newest jar of <group path>/<artifact> in the distribution's system folder.
bench_jar_in_dist() {
    local found
    found="$(find "$DIST/system/$1" -name "$2-*.jar" 2>/dev/null | sort | tail -1)"
    [[ -n "$found" ]] || { echo "$BENCH_NAME: $1/$2 not in $DIST/system" >&2; exit 1; }
    echo "$found"
}

BENCH_TAKEN_PORTS=""
bench_free_port() {
    local p
    for _ in $(seq 1 200); do
        p=$((20000 + RANDOM % 12000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && [[ " $BENCH_TAKEN_PORTS " != *" $p "* ]]; then
            echo "$p"
            return 0
        fi
    done
    echo "$BENCH_NAME: no free port found" >&2
    return 1
}

# Sets <NAME>_PORT to a distinct free port for each NAME given.
bench_take_ports() {
    local name port
    for name in "$@"; do
        port="$(bench_free_port)"
        BENCH_TAKEN_PORTS="$BENCH_TAKEN_PORTS $port"
        printf -v "${name}_PORT" '%s' "$port"
    done
}

# The server's own home, ports (HTTP SSH DICOM RMI_REGISTRY RMI_SERVER must be taken) and a random admin password.
bench_server_environment() {
    export RAYPORT_HOME="$WORK/home" RAYPORT_HTTP_PORT="$HTTP_PORT" RAYPORT_SSH_PORT="$SSH_PORT" \
        RAYPORT_DICOM_PORT="$DICOM_PORT" ORG_APACHE_KARAF_MANAGEMENT_RMIREGISTRYPORT="$RMI_REGISTRY_PORT" \
        ORG_APACHE_KARAF_MANAGEMENT_RMISERVERPORT="$RMI_SERVER_PORT"
    export RAYPORT_ADMIN_PASSWORD="Bench-$(head -c 18 /dev/urandom | base64 | tr -d '/+=')-7x"
}

SERVER_PID=""
# Starts the distribution and returns once its health says UP and the default pool listens.
bench_start_server() {
    mkdir -p "$RAYPORT_HOME/log"
    echo "$BENCH_NAME: starting $DIST (RAYPORT_HOME=$RAYPORT_HOME http=$HTTP_PORT dicom=$DICOM_PORT)" >&2
    (cd "$DIST" && setsid bin/karaf server >>"$RAYPORT_HOME/log/console.out" 2>&1 </dev/null & echo $! >"$WORK/pid")
    SERVER_PID="$(cat "$WORK/pid")"
    for _ in $(seq 1 1800); do
        curl -fsS --max-time 1 "http://127.0.0.1:$HTTP_PORT/api/v1/health" 2>/dev/null | grep -q '"UP"' && break
        kill -0 "$SERVER_PID" 2>/dev/null || { echo "$BENCH_NAME: server exited" >&2; exit 1; }
        sleep 0.1
    done
    # Healthy comes before the default pool listens (the store installs after the REST API).
    for _ in $(seq 1 600); do
        (exec 3<>"/dev/tcp/127.0.0.1/$DICOM_PORT") 2>/dev/null && return 0
        sleep 0.1
    done
    echo "$BENCH_NAME: the default pool does not listen on $DICOM_PORT" >&2
    tail -20 "$RAYPORT_HOME/log/karaf.log" >&2
    exit 1
}

bench_stop_server() {
    [[ -n "$SERVER_PID" ]] || return 0
    (cd "$DIST" && bin/stop >/dev/null 2>&1) || true
    for _ in $(seq 1 60); do
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.5
    done
    kill -TERM -- "-$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
}
