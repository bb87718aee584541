#!/usr/bin/env bash
# `basalt run` of the base preset (amd64) with a warm unpack cache, against umoci unpack +
# runc run of the same image: wall time per run to the end of `ld.so --version`, JVM start
# included for basalt, and the JVM's own start (`basalt --version`) for reference.
#   bench/run.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
./basalt --version >/dev/null
./basalt build base --arch amd64 --out "$work/base" >/dev/null 2>&1
export BASALT_CACHE="$work/cache"
./basalt run "oci:$work/base" -- /usr/lib64/ld-linux-x86-64.so.2 --version >/dev/null   # fills the unpack cache

median() { python3 -c 'import statistics,sys; v=[float(x) for x in sys.stdin.read().split()]; print(f"median {statistics.median(v):.3f} s (min {min(v):.3f}, max {max(v):.3f})")'; }
t() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc; }

for _ in $(seq "$runs"); do t ./basalt --version; done | median | sed 's/^/JVM start (basalt --version)       /'
for _ in $(seq "$runs"); do t ./basalt run "oci:$work/base" -- /usr/lib64/ld-linux-x86-64.so.2 --version; done \
  | median | sed 's/^/basalt run, warm cache            /'
# The same, started by an unprivileged user (runc rootless with subordinate ids), where set up.
if [ "$(id -u)" = 0 ] && id basalt-rootless >/dev/null 2>&1 && command -v newuidmap >/dev/null; then
  chmod 755 "$work"
  mkdir -p "$work/rootless-cache" && chown basalt-rootless "$work/rootless-cache"
  rootless() {
    setpriv --reuid=basalt-rootless --regid=basalt-rootless --init-groups \
      env BASALT_CACHE="$work/rootless-cache" HOME="$work" \
      ./basalt run "oci:$work/base" -- /usr/lib64/ld-linux-x86-64.so.2 --version
  }
  rootless >/dev/null 2>&1
  for _ in $(seq "$runs"); do t rootless; done | median | sed 's/^/basalt run rootless, warm cache   /'
fi
skopeo copy --quiet --override-arch amd64 "oci:$work/base:latest" "oci:$work/single:latest"
for _ in $(seq "$runs"); do
  rm -rf "$work/bundle"
  t sh -c "umoci unpack --image '$work/single:latest' '$work/bundle' && python3 - '$work/bundle/config.json' <<'PY'
import json, sys
c = json.load(open(sys.argv[1])); c['process'].pop('rlimits', None); c['process']['terminal'] = False
c['process']['args'] = ['/usr/lib64/ld-linux-x86-64.so.2', '--version']
json.dump(c, open(sys.argv[1], 'w'))
PY
runc run --bundle '$work/bundle' bench-\$\$"
done | median | sed 's/^/umoci unpack + runc run (cold)    /'
