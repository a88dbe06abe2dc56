#!/usr/bin/env bash
# The client API benchmark (issue 5): a 500-image CT series downloaded from Rayport and from Orthanc 1.10 with its
# DICOMweb plugin in the same run (ZIP original / JPEG lossless / lossy JPEG, WADO-RS multipart), and QIDO-RS study
# search by patient name prefix at 16 concurrent clients (hey). Prints figures and the goals; asserts nothing (exit 1
# only when something cannot run).
# Usage: scripts/bench-client.sh [distribution dir] [CT images, default 500] [small studies, default 2000]
# The distribution is used read-only (its own temp RAYPORT_HOME, free ports); nothing is built.
# The CT series: the 512x512 ankle CT of Debian's octave-dicom (a real CT slice; apt-get download when not cached),
# made a 12-bit CT Image and copied into one series with new SOP Instance UIDs (dcmodify -gin).
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
DIST="$(readlink -f "${1:-$ROOT/karaf-assembly/target/assembly}")"
IMAGES="${2:-500}"
SMALL="${3:-2000}"
[[ -x "$DIST/bin/karaf" ]] || { echo "bench-client: no distribution at $DIST (./rayport build)" >&2; exit 1; }
for tool in storescu dcmodify Orthanc curl java hey; do
    command -v "$tool" >/dev/null 2>&1 \
        || { echo "bench-client: $tool missing (scripts/install-test-peers.sh: dcmtk orthanc hey)" >&2; exit 1; }
done
DICOMWEB_PLUGIN=/usr/share/orthanc/plugins/libOrthancDicomWeb.so
[[ -e "$DICOMWEB_PLUGIN" ]] || { echo "bench-client: $DICOMWEB_PLUGIN missing (apt-get install orthanc-dicomweb)" >&2; exit 1; }
# Debian's DCMTK and Orthanc leave Nagle's algorithm on unless told; the benchmark would measure Nagle otherwise.
export TCP_NODELAY=1

WORK="$(mktemp -d /tmp/rayport-bench-client.XXXXXX)"
BENCH_NAME=bench-client
# shellcheck source=bench-lib.sh
source "$ROOT/scripts/bench-lib.sh"
CP="$(bench_jar_in_dist org/rayport/rayport-dicom-data rayport-dicom-data)"
ORTHANC_PID=""
bench_take_ports HTTP SSH DICOM RMI_REGISTRY RMI_SERVER ORTHANC_HTTP ORTHANC_DICOM
bench_server_environment

cleanup() {
    local rc=$?
    bench_stop_server
    [[ -z "$ORTHANC_PID" ]] || kill -TERM "$ORTHANC_PID" 2>/dev/null || true
    rm -rf -- "$WORK"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- data: the ankle CT as a 12-bit CT image (its values are 32..4080), then one series of copies.
ANKLE="${RAYPORT_BENCH_CT:-$HOME/.cache/rayport-test-data/deb-octave-dicom/usr/share/octave/packages/dicom-0.5.1/imdata/CT-MONO2-16-ankle.dcm}"
if [[ ! -f "$ANKLE" ]]; then
    (cd "$WORK" && apt-get download octave-dicom >/dev/null && dpkg-deb -x octave-dicom_*.deb deb)
    ANKLE="$(find "$WORK/deb" -name CT-MONO2-16-ankle.dcm | head -1)"
fi
mkdir -p "$WORK/ct" "$WORK/small"
STUDY_UID="2.25.$(od -An -N8 -tu8 /dev/urandom | tr -d ' ')1"
SERIES_UID="$STUDY_UID.2"
cp "$ANKLE" "$WORK/ct/template.dcm"
dcmodify -nb -q -ie -ea "(0028,0106)" -ea "(0028,0120)" \
    -m "(0008,0016)=1.2.840.10008.5.1.4.1.1.2" \
    -m "(0008,0008)=ORIGINAL\\PRIMARY\\AXIAL" -m "(0010,0010)=Bench^Ankle" -i "(0010,0020)=BENCH-CT" \
    -m "(0020,000d)=$STUDY_UID" -m "(0020,000e)=$SERIES_UID" \
    -m "(0028,0101)=12" -m "(0028,0102)=11" -m "(0028,0103)=0" "$WORK/ct/template.dcm"
for i in $(seq 1 "$IMAGES"); do cp "$WORK/ct/template.dcm" "$WORK/ct/$i.dcm"; done
rm "$WORK/ct/template.dcm"
for i in $(seq 1 "$IMAGES"); do echo "$WORK/ct/$i.dcm"; done | xargs dcmodify -nb -q -gin
CT_BYTES="$(cat "$WORK"/ct/*.dcm | wc -c)"
java -Xmx256m -cp "$CP" "$ROOT/scripts/ClientBench.java" small "$WORK/small" "$SMALL"

# --- Orthanc with its DICOMweb plugin, and Rayport
mkdir -p "$WORK/orthanc"
cat >"$WORK/orthanc/orthanc.json" <<JSON
{"Name":"bench","StorageDirectory":"$WORK/orthanc/storage","IndexDirectory":"$WORK/orthanc/index",
 "DicomAet":"ORTHANC","DicomPort":$ORTHANC_DICOM_PORT,"HttpPort":$ORTHANC_HTTP_PORT,"RemoteAccessAllowed":false,
 "AuthenticationEnabled":false,"DicomCheckCalledAet":false,"Plugins":["$DICOMWEB_PLUGIN"],
 "DicomWeb":{"Enable":true,"Root":"/dicom-web/"}}
JSON
Orthanc --logdir="$WORK/orthanc" "$WORK/orthanc/orthanc.json" >"$WORK/orthanc/orthanc.out" 2>&1 &
ORTHANC_PID=$!
bench_start_server
for _ in $(seq 1 100); do
    curl -fsS --max-time 1 "http://127.0.0.1:$ORTHANC_HTTP_PORT/system" >/dev/null 2>&1 && break
    sleep 0.1
done

send() {   # AE title, port, directory
    local log="$WORK/storescu-$1.log"
    find "$3" -name '*.dcm' | sort | xargs storescu -aet BENCH -aec "$1" 127.0.0.1 "$2" >"$log" 2>&1 \
        || { echo "bench-client: storescu -> $1 failed" >&2; tail -5 "$log" >&2; exit 1; }
    if grep -q '^[EW]:' "$log"; then echo "bench-client: storescu -> $1 reported problems" >&2; grep -m5 '^[EW]:' "$log" >&2; exit 1; fi
}
for target in "ORTHANC $ORTHANC_DICOM_PORT" "RAYPORT $DICOM_PORT"; do
    set -- $target
    send "$1" "$2" "$WORK/ct"
    send "$1" "$2" "$WORK/small"
done
echo "bench-client: loaded $IMAGES CT images ($((CT_BYTES / 1000000)) MB) and $SMALL small studies into both" >&2
# The processes below SERVER_PID (bin/karaf, its JVM) and Orthanc's: their CPU time tells ClientBench when each server
# is idle.
java -Xmx256m -cp "$CP" "$ROOT/scripts/ClientBench.java" measure "$HTTP_PORT" "$ORTHANC_HTTP_PORT" \
    "$RAYPORT_ADMIN_PASSWORD" "$STUDY_UID" "$SERIES_UID" "$CT_BYTES" "$WORK" "$SERVER_PID" "$ORTHANC_PID"
