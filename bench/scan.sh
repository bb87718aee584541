#!/usr/bin/env bash
# `basalt scan` of the java preset image (amd64) against a generated 10,000-record OSV database
# (bench/gen-osv-db.py: Debian-shaped records over the image's source packages and ~200 other
# trixie sources), JVM start included: wall time and peak RSS per run, and the median.
# Cold: an empty cache (every layer decompressed and parsed, the zip parsed and checked whole).
# CPU is user + sys (median), less disturbed than wall time on a shared machine.
# Warm: the layer's dpkg metadata and the parsed database taken from the cache (the layer blob
# and the zip are hashed again to prove they are the ones read before).
# For reference, a warm `basalt audit` of the same image is timed in the same conditions.
#   bench/scan.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
runs="${1:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
./basalt --version >/dev/null   # build the tool first: source edits during the run would rebuild it inside a timing

./basalt build java --out "$work/java" >/dev/null 2>&1
python3 bench/gen-osv-db.py "$work/osv.zip" 10000
printf 'database: %s records, %.1f MiB zip\n' "$(unzip -l "$work/osv.zip" | tail -1 | awk '{print $2}')" \
  "$(echo "$(stat -c %s "$work/osv.zip") / 1048576" | bc -l)"

measure() { # label, fresh-cache(yes|no), command...
  local label="$1" fresh="$2"; shift 2
  : >"$work/times"
  for i in $(seq "$runs"); do
    if [ "$fresh" = yes ]; then export BASALT_CACHE="$work/cache-cold-$i"; else export BASALT_CACHE="$work/cache-warm"; fi
    /usr/bin/time -f "%e %M %U %S" -o "$work/time" ./basalt "$@" >"$work/out" 2>"$work/err" \
      || [ $? -eq 1 ] || { cat "$work/err" >&2; exit 1; }
    cat "$work/time" >>"$work/times"
  done
  report "$label" "$work/times" 26
}
scan=(scan "oci:$work/java:latest" --arch amd64 --db "$work/osv.zip")
measure "cold: scan java amd64" yes "${scan[@]}"
BASALT_CACHE="$work/cache-warm" ./basalt "${scan[@]}" >/dev/null
measure "warm: scan java amd64" no "${scan[@]}"
tail -1 "$work/out"
# The same moment's warm audit of the same image, whose figures bench/README.md gives for a quiet machine.
BASALT_CACHE="$work/cache-warm" ./basalt audit "oci:$work/java:latest" --arch amd64 >/dev/null || true
measure "warm: audit java amd64" no audit "oci:$work/java:latest" --arch amd64
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
