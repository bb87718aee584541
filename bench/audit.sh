#!/usr/bin/env bash
# `basalt audit` of the java preset image (amd64 only, and both arches), JVM start included:
# wall time and peak RSS per run, and the median. The image is built once first (warm cache).
#   bench/audit.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
./basalt --version >/dev/null   # build the tool first: source edits during the run would rebuild it inside a timing

./basalt build java --out "$work/java" >/dev/null 2>&1
layer=$(ls -S "$work/java/blobs/sha256" | head -1)
printf 'java preset: largest layer %.1f MiB compressed\n' "$(echo "$(stat -c %s "$work/java/blobs/sha256/$layer") / 1048576" | bc -l)"

measure() { # label, args...
  local label="$1"; shift
  : >"$work/times"
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$work/time" ./basalt audit "$@" >"$work/out" 2>"$work/err" || [ $? -eq 1 ]
    cat "$work/time" >>"$work/times"
  done
  python3 - "$label" "$work/times" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[2]) if line.strip()]
walls = [float(r[0]) for r in rows]
rss = max(int(r[1]) for r in rows) // 1024
print(f"{sys.argv[1]:<32} median {statistics.median(walls):.2f} s  (min {min(walls):.2f}, max {max(walls):.2f})  peak RSS {rss} MiB")
PY
}
measure "audit java --arch amd64" "oci:$work/java:latest" --arch amd64
measure "audit java (amd64+arm64)" "oci:$work/java:latest"
tail -1 "$work/out"
