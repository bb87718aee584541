#!/usr/bin/env bash
# `basalt layer` of a small jar onto the java preset (amd64), JVM start included: wall time, CPU
# time and peak RSS. Cold: an empty cache, so the preset is resolved, fetched, built and flattened
# first. Warm: the same command again (the preset's resolution is checked, the built base reused,
# its layer read from the layer cache, the jar's layer taken from the layer cache). Prints the
# index digests, which must be equal.
#   bench/layer.sh [WARM_RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
./basalt --version >/dev/null   # build the tool first: source edits during the run would rebuild it inside a timing

mkdir -p "$work/src" "$work/classes"
cat >"$work/src/Hello.java" <<'JAVA'
public class Hello {
  public static void main(String[] args) {
    System.out.println("ok");
  }
}
JAVA
javac --release 17 -d "$work/classes" "$work/src/Hello.java"
printf 'Main-Class: Hello\n' >"$work/manifest.txt"
jar --create --file "$work/hello.jar" --manifest "$work/manifest.txt" --date 2026-01-01T00:00:00Z -C "$work/classes" .

layer() { # label
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" env BASALT_CACHE="$work/cache" ./basalt layer --from java \
    --arch amd64 --add "$work/hello.jar:/app/lib/hello.jar" --entrypoint '["/usr/bin/java","-jar","/app/lib/hello.jar"]' \
    --user 65532 --out "$work/out" --json >"$work/out.json" 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  read -r wall user sys rss <"$work/time"
  digest=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["digest"])' "$work/out.json")
  printf '%-6s %7.2f s wall  %6.2f s cpu  %5d MiB  %s\n' "$1" "$wall" "$(echo "$user + $sys" | bc)" "$((rss / 1024))" "$digest"
}

layer cold
for _ in $(seq "$runs"); do
  layer warm
done
