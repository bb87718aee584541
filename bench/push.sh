#!/usr/bin/env bash
# `basalt push` of the base preset (amd64+arm64, with its SBOM referrers) to Debian's
# docker-registry on 127.0.0.1, side by side with `skopeo copy --all` of the same layout: cold
# (a fresh registry, everything uploaded) and warm (the same push again, every blob present).
# Then `basalt pull` next to `skopeo copy --all` from the registry into an empty OCI layout.
# Wall time and peak RSS per run, JVM start included; median of RUNS. Each cold run gets a
# registry of its own (new storage, new port), so neither tool can mount or skip from before.
#   bench/push.sh [RUNS]
# BASALT (default ./basalt) is the command run as basalt.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
runs="${1:-3}"
read -r -a basalt <<<"${BASALT:-./basalt}"
work="$(mktemp -d)"
registry_pid=
stop_registry() { if [ -n "$registry_pid" ]; then kill "$registry_pid" 2>/dev/null; wait "$registry_pid" 2>/dev/null || true; registry_pid=; fi; }
trap 'stop_registry; rm -rf "$work"' EXIT
"${basalt[@]}" --version >/dev/null   # build the tool first: source edits during the run would rebuild it inside a timing

./basalt build base --out "$work/base" >/dev/null 2>&1
printf 'base preset: %d blobs, %.1f MiB in the layout\n' "$(ls "$work/base/blobs/sha256" | wc -l)" \
  "$(echo "$(du -sb "$work/base/blobs" | cut -f1) / 1048576" | bc -l)"

start_registry() { # a fresh registry on a free port; sets $port
  stop_registry
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  rm -rf "$work/storage"
  cat >"$work/registry.yml" <<EOF
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $work/storage}}
http: {addr: 127.0.0.1:$port, secret: bench}
EOF
  docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
  registry_pid=$!
  for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return; sleep 0.05; done
  echo "docker-registry did not start" >&2; cat "$work/registry.log" >&2; exit 1
}

once() { # file, command...: appends "wall rss" of one run to file
  local file="$1"; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/out" 2>"$work/err" || { cat "$work/out" "$work/err" >&2; exit 1; }
  cat "$work/time" >>"$file"
}


# The floor for any JVM client: start a JVM (same flags as the launcher's short commands), send
# one GET /v2/ with the JDK's HTTP client, exit. No push can take less on the JVM.
mkdir -p "$work/floor"
cat >"$work/floor/Floor.java" <<'JAVA'
public class Floor {
  public static void main(String[] a) throws Exception {
    var client = java.net.http.HttpClient.newHttpClient();
    var r = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(a[0])).build(),
        java.net.http.HttpResponse.BodyHandlers.discarding());
    System.out.println(r.statusCode());
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().endsWith("-SelectorManager")) { t.interrupt(); t.join(100); }
    }
    System.exit(0);
  }
}
JAVA
javac -d "$work/floor" "$work/floor/Floor.java"
: >"$work/bc" >"$work/bw" >"$work/sc" >"$work/sw" >"$work/bp" >"$work/sp" >"$work/fl"
for _ in $(seq "$runs"); do
  start_registry
  once "$work/bc" "${basalt[@]}" push "oci:$work/base:latest" "docker://127.0.0.1:$port/bench/base:1" --insecure
  cp "$work/out" "$work/push.out"
  once "$work/bw" "${basalt[@]}" push "oci:$work/base:latest" "docker://127.0.0.1:$port/bench/base:1" --insecure
  once "$work/fl" java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$work/floor" Floor "http://127.0.0.1:$port/v2/"
  rm -rf "$work/pulled"
  once "$work/bp" "${basalt[@]}" pull "docker://127.0.0.1:$port/bench/base:1" "oci:$work/pulled:1" --insecure
  rm -rf "$work/pulled"
  once "$work/sp" skopeo copy --all --src-tls-verify=false "docker://127.0.0.1:$port/bench/base:1" "oci:$work/pulled:1"
  start_registry
  once "$work/sc" skopeo copy --all --dest-tls-verify=false "oci:$work/base:latest" "docker://127.0.0.1:$port/bench/base:1"
  once "$work/sw" skopeo copy --all --dest-tls-verify=false "oci:$work/base:latest" "docker://127.0.0.1:$port/bench/base:1"
done
stop_registry
report "cold: basalt push (with SBOM referrers)" "$work/bc" 40
report "cold: skopeo copy --all (image only)" "$work/sc" 40
report "warm: basalt push (all present)" "$work/bw" 40
report "warm: skopeo copy --all (all present)" "$work/sw" 40
report "floor: JVM + one HTTP request" "$work/fl" 40
report "pull: basalt pull" "$work/bp" 40
report "pull: skopeo copy --all to oci:" "$work/sp" 40
sed 's/^/  /' "$work/push.out"
