#!/usr/bin/env bash
# Cold and warm resolve of a preset for both arches, wall time and peak RSS per run,
# including JVM start, through the ./basalt launcher as a user runs it.
#   bench/resolve.sh [PRESET] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-base}"
runs="${2:-5}"
./basalt --version >/dev/null   # build once, outside the measurement

cache="$(mktemp -d)"
trap 'rm -rf "$cache"' EXIT
measure() {
  /usr/bin/time -f "%e %M" -o "$cache/time" env BASALT_CACHE="$cache/c" ./basalt resolve "$preset" --no-lock >/dev/null
  read -r wall rss <"$cache/time"
  echo "$wall $rss"
}

read -r wall rss < <(measure)
printf 'cold  %-6s %6.2f s  %5d MiB  (indexes downloaded and parsed)\n' "$preset" "$wall" "$((rss / 1024))"
walls=()
for _ in $(seq "$runs"); do
  read -r wall rss < <(measure)
  walls+=("$wall")
  printf 'warm  %-6s %6.2f s  %5d MiB\n' "$preset" "$wall" "$((rss / 1024))"
done
median=$(printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "warm median: ${median} s over ${runs} runs"
