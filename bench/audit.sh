#!/usr/bin/env bash
# `basalt audit` of the java preset image (amd64 only, and both arches), JVM start included:
# wall time and peak RSS per run, and the median. Cold: every layer decompressed and parsed
# (--no-cache). Warm: layers read before are taken from the layer cache by digest, after the
# blob is hashed again. The image is built once first.
#   bench/audit.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
runs="${1:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
./basalt --version >/dev/null   # build the tool first: source edits during the run would rebuild it inside a timing

./basalt build java --out "$work/java" >/dev/null 2>&1   # also records the class-data archive
layer=$(ls -S "$work/java/blobs/sha256" | head -1)
printf 'java preset: largest layer %.1f MiB compressed\n' "$(echo "$(stat -c %s "$work/java/blobs/sha256/$layer") / 1048576" | bc -l)"

measure() { # label, args...
  local label="$1"; shift
  : >"$work/times"
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$work/time" ./basalt audit "$@" >"$work/out" 2>"$work/err" || [ $? -eq 1 ]
    cat "$work/time" >>"$work/times"
  done
  report "$label" "$work/times" 32
}
export BASALT_CACHE="$work/cache"   # a cache of its own, so the first warm run starts empty
measure "cold: java --arch amd64" "oci:$work/java:latest" --arch amd64 --no-cache
measure "cold: java (amd64+arm64)" "oci:$work/java:latest" --no-cache
./basalt audit "oci:$work/java:latest" >/dev/null || true   # fills the layer cache
measure "warm: java --arch amd64" "oci:$work/java:latest" --arch amd64
measure "warm: java (amd64+arm64)" "oci:$work/java:latest"
tail -1 "$work/out"
