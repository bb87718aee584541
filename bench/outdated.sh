#!/usr/bin/env bash
# Wall time of `basalt outdated` on a freshly made lock of a preset and on the same lock aged
# (libssl3t64 set back to an older trixie version), then of `basalt lock --update` on the aged
# lock (which fetches the new .deb and reads its changelog); warm cache, JVM start included.
#   bench/outdated.sh [PRESET] [RUNS] [OLD_LIBSSL_VERSION]
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-base}"
runs="${2:-3}"
old="${3:-3.5.6-1~deb13u1}"
./basalt --version >/dev/null   # build once, outside the measurement

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "presets/$preset.yaml" "$work/$preset.yaml"
./basalt lock "$work/$preset.yaml" >/dev/null 2>&1
lock="$work/$preset.lock.json"
cp "$lock" "$work/fresh.json"

measure() { # label, then the command; prints wall time and exit code
  local label="$1"; shift
  local code=0
  /usr/bin/time -f "%e" -o "$work/time" "$@" >"$work/out" 2>/dev/null || code=$?
  printf '%-28s %6.2f s  exit %d\n' "$label" "$(tail -1 "$work/time")" "$code"
}

for _ in $(seq "$runs"); do
  measure "outdated (fresh lock)" ./basalt outdated "$lock"
done
python3 - "$lock" "$old" <<'PY'
import json, sys
path, old = sys.argv[1], sys.argv[2]
lock = json.load(open(path))
for pkgs in lock["archs"].values():
    for p in pkgs:
        if p["name"] == "libssl3t64":
            p["version"] = p["sourceVersion"] = old
open(path, "w").write(json.dumps(lock, indent=2) + "\n")
PY
cp "$lock" "$work/aged.json"
for _ in $(seq "$runs"); do
  measure "outdated (aged lock)" ./basalt outdated "$lock"
done
cat "$work/out"
for _ in $(seq "$runs"); do
  cp "$work/aged.json" "$lock"
  measure "lock --update (aged lock)" ./basalt lock --update "$work/$preset.yaml"
done
cat "$work/out"
