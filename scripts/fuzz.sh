#!/usr/bin/env bash
# Fuzzes one of Rayport's parsers with Jazzer (coverage-guided, libFuzzer inside the JVM).
#
#   scripts/fuzz.sh <target> <seconds>
#
# Targets:  part10  Part10Reader (bundles/dicom-data, Part10ReaderFuzzTest)
#           json    DICOM JSON reader (bundles/dicom-data, DicomJsonFuzzTest#readJson)
#           xml     Native DICOM Model reader (bundles/dicom-data, DicomJsonFuzzTest#readXml)
#           pdu     PduReader (bundles/dicom-net, PduReaderFuzzTest)
#
# The fuzzer runs inside the module's tests with JAZZER_FUZZ=1 and a small heap (256 MB), so
# an unbounded allocation shows up as an OutOfMemoryError finding. The corpus it grows is kept
# in <module>/target/fuzz-corpus between runs. A finding fails the run; Jazzer writes the input
# that triggered it into src/test/resources/.../<Test>Inputs/<method>/ where, once the bug is
# fixed, it stays as a regression seed that every `mvn verify` replays.
# JAZZER_KEEP_GOING=<n> in the environment keeps fuzzing past findings (up to n distinct ones).
# Executions per second and coverage are in <module>/target/fuzz-<target>.log (libFuzzer's
# "#N ... cov: ... exec/s: ..." lines); the last of them is printed at the end.
set -euo pipefail

usage() { echo "usage: $0 part10|json|xml|pdu <seconds>" >&2; exit 2; }
[[ $# -eq 2 && "$2" =~ ^[0-9]+$ ]] || usage

case "$1" in
    part10) module=bundles/dicom-data; test=Part10ReaderFuzzTest ;;
    json)   module=bundles/dicom-data; test='DicomJsonFuzzTest#readJson' ;;
    xml)    module=bundles/dicom-data; test='DicomJsonFuzzTest#readXml' ;;
    pdu)    module=bundles/dicom-net;  test=PduReaderFuzzTest ;;
    *) usage ;;
esac

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
mkdir -p "$module/target"
log="$module/target/fuzz-$1.log"

# Jazzer keeps its generated corpus in <module>/.cifuzz-corpus; park it under target/ afterwards
# so that the source tree stays clean and `mvn clean` forgets it.
saved="$module/target/fuzz-corpus"
if [[ -d "$saved" && ! -e "$module/.cifuzz-corpus" ]]; then
    mv "$saved" "$module/.cifuzz-corpus"
fi
park() {
    if [[ -d "$module/.cifuzz-corpus" ]]; then
        mkdir -p "$module/target"
        rm -rf "$saved"
        mv "$module/.cifuzz-corpus" "$saved"
    fi
}
trap park EXIT

echo "fuzzing $1 for $2 s ($module, $test); log: $log"
set +e
JAZZER_FUZZ=1 JAZZER_MAX_DURATION="${2}s" JAVA_TOOL_OPTIONS="-Xmx256m" \
    mvn -o -B -pl "$module" -am test -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false \
    -Dsurefire.redirectTestOutputToFile=false >"$log" 2>&1
status=$?
set -e
grep -E '^#[0-9]+' "$log" | grep -E 'exec/s' | tail -1 || true
grep -E 'cov: |ft: ' "$log" | tail -1 >/dev/null || true
findings=$(grep -c 'Test unit written to' "$log" || true)
if [[ $status -eq 0 && $findings -gt 0 ]]; then
    status=1   # with JAZZER_KEEP_GOING the test itself may pass although inputs crashed
fi
if [[ $findings -gt 0 ]]; then
    echo "fuzz.sh: $findings finding(s), distinct stacks: $(grep -c DEDUP_TOKEN "$log" || true)" >&2
    grep -A3 '== Java Exception' "$log" | grep -E 'Exception|at org\.rayport' | sort | uniq -c >&2 || true
fi
if [[ $status -ne 0 ]]; then
    echo "fuzz.sh: $1 FAILED (finding or build error); see $log" >&2
    grep -E '== Java Exception|FuzzTestFindingException|crash-|Caused by' "$log" | head -20 >&2 || true
    exit "$status"
fi
echo "fuzz.sh: $1 ran $2 s without findings"
