#!/usr/bin/env bash
# The pools benchmark (issue 4): storescu into the default network-node pool of a running distribution against
# Orthanc, and study search latency by patient name prefix over an index filled directly in H2 and PostgreSQL.
# Prints figures and the goals; asserts nothing (exit 1 only when something cannot run).
# Usage: scripts/bench-pools.sh [distribution dir] [images, default 1000] [indexed instances, default 1000000]
# The distribution is used read-only (its own temp RAYPORT_HOME, free ports); nothing is built.
#   RAYPORT_BENCH_SKIP_STORE=1 / RAYPORT_BENCH_SKIP_INDEX=1   leave out one part
#   RAYPORT_BENCH_JFR=<file.jfr>      a JFR recording of the server during the Rayport run (jcmd JFR.start)
#   RAYPORT_BENCH_JFR_SETTINGS=<jfc>  its settings (default: profile)
#   RAYPORT_BENCH_KEEP_LOG=<file>     a copy of the server's karaf.log (the work folder is removed at the end)
#   RAYPORT_BENCH_ROUNDS=<n>          storescu rounds per server, in turns (default 3); the medians are compared
#   RAYPORT_BENCH_WARMUP=<n>          images each server receives first, not counted (default 1000)
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
DIST="$(readlink -f "${1:-$ROOT/karaf-assembly/target/assembly}")"
IMAGES="${2:-1000}"
INSTANCES="${3:-1000000}"
[[ -x "$DIST/bin/karaf" ]] || { echo "bench-pools: no distribution at $DIST (./rayport build)" >&2; exit 1; }
for tool in storescu Orthanc curl java; do
    command -v "$tool" >/dev/null 2>&1 || { echo "bench-pools: $tool missing (apt-get install dcmtk orthanc)" >&2; exit 1; }
done
BENCH_NAME=bench-pools
# shellcheck source=bench-lib.sh
source "$ROOT/scripts/bench-lib.sh"
CP="$(bench_jar_in_dist org/rayport/rayport-dicom-data rayport-dicom-data):$(bench_jar_in_dist com/h2database/h2 h2)"
CP="$CP:$(bench_jar_in_dist org/postgresql/postgresql postgresql)"
# Debian's DCMTK and Orthanc leave Nagle's algorithm on unless told; the benchmark would measure Nagle otherwise.
export TCP_NODELAY=1

WORK="$(mktemp -d /tmp/rayport-bench-pools.XXXXXX)"
PG_STARTED=""
bench_take_ports HTTP SSH DICOM RMI_REGISTRY RMI_SERVER PG
bench_server_environment

cleanup() {
    local rc=$?
    bench_stop_server
    if [[ -n "$PG_STARTED" ]]; then
        RAYPORT_TEST_TMP="$WORK-pg" RAYPORT_TEST_PG_PORT="$PG_PORT" "$ROOT/scripts/test-postgres.sh" stop \
            >/dev/null 2>&1 || true
    fi
    rm -rf -- "$WORK"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# (1) storescu into the default pool (encryption and indexing on) of a running server, against Orthanc.
if [[ "${RAYPORT_BENCH_SKIP_STORE:-0}" != 1 ]]; then
    bench_start_server
    java -Xmx512m -cp "$CP" "$ROOT/scripts/PoolsBench.java" store "$IMAGES" "$DICOM_PORT" "$WORK"
    stored="$(find "$RAYPORT_HOME/storage" -name '*.dcm.enc' 2>/dev/null | wc -l)"
    echo "check: $stored encrypted instances in $RAYPORT_HOME/storage (expected $((IMAGES * ${RAYPORT_BENCH_ROUNDS:-3} + ${RAYPORT_BENCH_WARMUP:-1000})))"
    [[ -z "${RAYPORT_BENCH_KEEP_LOG:-}" ]] || cp "$RAYPORT_HOME/log/karaf.log" "$RAYPORT_BENCH_KEEP_LOG"
    bench_stop_server
fi

# (2) study search by patient name prefix: a fresh H2 file (as the server opens it) and a PostgreSQL cluster of our own.
if [[ "${RAYPORT_BENCH_SKIP_INDEX:-0}" != 1 ]]; then
    SCHEMA="$ROOT/bundles/store/src/main/resources/db"
    java -Xmx1g -cp "$CP" "$ROOT/scripts/PoolsBench.java" index "$INSTANCES" h2 \
        "jdbc:h2:file:$WORK/h2/rayport;DB_CLOSE_ON_EXIT=FALSE" sa "" "$SCHEMA"
    # Beside $WORK, not in it: the cluster runs as user postgres (when root), which cannot enter the 0700 $WORK.
    # Own port: the cluster of ./rayport test (55432) may be in use.
    export RAYPORT_TEST_TMP="$WORK-pg" RAYPORT_TEST_PG_PORT="$PG_PORT"
    PG_STARTED=1
    "$ROOT/scripts/test-postgres.sh" start >&2
    eval "$("$ROOT/scripts/test-postgres.sh" env)"
    java -Xmx1g -cp "$CP" "$ROOT/scripts/PoolsBench.java" index "$INSTANCES" postgresql \
        "$RAYPORT_TEST_PG_URL" "$RAYPORT_TEST_PG_USER" "$RAYPORT_TEST_PG_PASSWORD" "$SCHEMA"
fi
