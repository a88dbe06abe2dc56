#!/usr/bin/env bash
# The DICOM toolkit benchmark: storescu of CT images into Rayport's SCP against DCMTK's storescp and Orthanc in the
# same run, Rayport's C-STORE SCU, and Part 10 parse throughput. Prints figures; asserts nothing.
# Usage: scripts/bench-dicom.sh [image count, default 500]
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$ROOT"
for tool in storescu storescp Orthanc; do
    command -v "$tool" >/dev/null 2>&1 || { echo "bench-dicom: $tool missing (apt-get install dcmtk orthanc)" >&2; exit 1; }
done
mvn -B -q install -DskipTests -pl bundles/dicom-data,bundles/dicom-net
CP="$(ls bundles/dicom-data/target/rayport-dicom-data-*.jar | head -1):$(ls bundles/dicom-net/target/rayport-dicom-net-*.jar | head -1)"
# Debian's DCMTK and Orthanc leave Nagle's algorithm on unless told; the benchmark would measure Nagle otherwise.
export TCP_NODELAY=1
exec java -Xmx512m -cp "$CP" scripts/DicomBench.java "${1:-500}"
