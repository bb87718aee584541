#!/usr/bin/env bash
# Warm builds of the `base` (both arches) and `static` presets, side by side with the
# mmdebstrap path for the same package lists (mmdebstrap --variant=extract, then tar + gzip).
# Wall time and peak RSS per run, JVM start included.
#   bench/build.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
./basalt --version >/dev/null   # build the tool first: source edits during the run would rebuild it inside a timing

timed() { # label, command...
  local label="$1"; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/out" 2>"$work/err" || { cat "$work/err" >&2; return 1; }
  read -r wall rss <"$work/time"
  printf '%-34s %6.2f s  %5d MiB\n' "$label" "$wall" "$((rss / 1024))"
}

for preset in base static; do
  ./basalt lock "$preset" -o "$work/$preset.lock.json" >/dev/null
  ./basalt build "$preset" --lock "$work/$preset.lock.json" --out "$work/out-$preset" >/dev/null   # fill the cache
  for _ in $(seq "$runs"); do
    timed "basalt build $preset (amd64+arm64)" ./basalt build "$preset" --lock "$work/$preset.lock.json" --out "$work/out-$preset"
  done
  ./basalt build "$preset" --lock "$work/$preset.lock.json" --out "$work/out-$preset" --json >"$work/$preset.json"
  python3 - "$work/$preset.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for i in d["images"]:
    print(f"  {d['name']} {i['arch']}: {i['compressedSize']/1048576:.2f} MiB compressed, "
          f"{i['uncompressedSize']/1048576:.2f} MiB uncompressed, {i['packages']} packages")
PY
  # The same package set for amd64, unpacked by mmdebstrap (no maintainer scripts) and gzipped.
  pkgs=$(python3 -c 'import json,sys; print(",".join(p["name"] for p in json.load(open(sys.argv[1]))["archs"]["amd64"]))' "$work/$preset.lock.json")
  mirror=$(./basalt resolve "$preset" --lock "$work/$preset.lock.json" --json >/dev/null; java -cp "basalt-core/target/classes:basalt-core/target/test-classes:$(ls basalt-cli/target/lib/*.jar | tr '\n' ':')" dev.basalt.debian.IndexParseBench --print-mirror)
  for _ in $(seq "$runs"); do
    rm -rf "$work/mm" "$work/mm.tar.gz"
    timed "mmdebstrap extract+tar+gzip $preset" sh -c "mmdebstrap --quiet --variant=extract --include='$pkgs' --architectures=amd64 \
      --skip=check/empty trixie '$work/mm' 'deb $mirror trixie main' 'deb $mirror trixie-updates main' \
      'deb ${mirror}-security trixie-security main' && tar -C '$work/mm' --sort=name --numeric-owner --exclude=./var/lib/apt/lists --exclude=./var/cache/apt -cf - . | gzip -9 > '$work/mm.tar.gz'"
  done
  printf '  mmdebstrap %s amd64 (apt adds the dependencies basalt excludes): %.2f MiB gzipped\n' "$preset" \
    "$(echo "$(stat -c %s "$work/mm.tar.gz") / 1048576" | bc -l)"
  # Exactly basalt's package set, unpacked by dpkg-deb and gzipped: what the same packages
  # weigh without basalt's pruning and effects.
  cache="${BASALT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/basalt}"
  rm -rf "$work/exact" && mkdir "$work/exact"
  for sha in $(python3 -c 'import json,sys; print(" ".join(p["sha256"] for p in json.load(open(sys.argv[1]))["archs"]["amd64"]))' "$work/$preset.lock.json"); do
    dpkg-deb -x "$cache/blobs/sha256/$sha" "$work/exact"
  done
  tar -C "$work/exact" --sort=name --numeric-owner -cf - . | gzip -9 >"$work/exact.tar.gz"
  printf '  same %s package set, dpkg-deb -x + tar + gzip -9: %.2f MiB gzipped, %.2f MiB unpacked\n' "$preset" \
    "$(echo "$(stat -c %s "$work/exact.tar.gz") / 1048576" | bc -l)" "$(echo "$(du -sb "$work/exact" | cut -f1) / 1048576" | bc -l)"
done
