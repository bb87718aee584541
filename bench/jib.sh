#!/usr/bin/env bash
# examples/java-app imaged by basalt-maven-plugin and by jib-maven-plugin 3.5.2 (jib:buildTar),
# side by side in one run, onto the same base: the java preset, built once by `basalt build java
# --tar`, which Jib gets as that docker-archive (tar://) and basalt as that layout (oci:, "basalt"
# rows); "basalt-preset" rows name the preset (from=java, the plugin's default), which makes the
# plugin build the base through the ordinary build on every run (resolve against the archive,
# assemble, reuse the cached layers). Both warm (plugins resolved, base built and
# cached, one image built before timing). Per run: the wall time of `mvn package` (JVM start and
# compile included) and the image step's own time, as each plugin reports it: basalt's "image
# step N ms" line, Jib's "TIMED Building image tarball" (a debug line, so every Maven run here has
# -X, both tools alike). Scenarios: rebuild without changes, rebuild after a one-class change.
#   bench/jib.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
runs="${1:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
outer="${BENCH_OUTER_REPO:-$HOME/.m2/repository}"

# The outer local repository as a release-only remote, as in the plugin's acceptance test: the
# bench installs this checkout's plugin into its own repository and leaves ~/.m2 alone.
repository="<id>outer-local</id><url>file://$outer</url><releases><enabled>true</enabled><checksumPolicy>ignore</checksumPolicy></releases><snapshots><enabled>false</enabled></snapshots>"
cat >"$work/settings.xml" <<XML
<settings><profiles><profile><id>outer-local</id>
<repositories><repository>$repository</repository></repositories>
<pluginRepositories><pluginRepository>$repository</pluginRepository></pluginRepositories>
</profile></profiles><activeProfiles><activeProfile>outer-local</activeProfile></activeProfiles></settings>
XML
mvn=("$root/mvnw" -B -s "$work/settings.xml" -Dmaven.repo.local="$work/repo")
echo "installing basalt into the bench's repository..." >&2
"${mvn[@]}" -q install -DskipTests >/dev/null
echo "building the java preset as Jib's base (docker-archive)..." >&2
./basalt build java --out "$work/java" --tar "$work/java.tar" >/dev/null
cp -r examples/java-app "$work/app"
rm -rf "$work/app/target"
cd "$work/app"
jib=(-Dbasalt.skip com.google.cloud.tools:jib-maven-plugin:3.5.2:buildTar "-Djib.from.image=tar://$work/java.tar"
  -Djib.to.image=java-app:latest -Djib.disableUpdateChecks=true -Djib.console=plain)

echo "warming both..." >&2
"${mvn[@]}" package >"$work/warm-basalt.log" 2>&1 || { tail -40 "$work/warm-basalt.log" >&2; exit 1; }
"${mvn[@]}" package "${jib[@]}" >"$work/warm-jib.log" 2>&1 || { tail -40 "$work/warm-jib.log" >&2; exit 1; }

# One class whose constant changes: a one-class change that leaves every other class file as it is.
change() {
  printf 'package dev.basalt.example;\n\nfinal class BenchChange {\n  static final long STAMP = %sL;\n}\n' \
    "$(date +%s%N)" >src/main/java/dev/basalt/example/BenchChange.java
}

timed() { # tool scenario, then the Maven arguments
  local tool="$1" scenario="$2"; shift 2
  /usr/bin/time -f "%e" -o "$work/time" "${mvn[@]}" -o -X "$@" >"$work/out" 2>&1 || { tail -40 "$work/out" >&2; exit 1; }
  local step
  if [ "$tool" != jib ]; then
    step=$(grep -oE 'basalt: image step [0-9]+ ms' "$work/out" | grep -oE '[0-9]+' | tail -1)
  else
    step=$(grep -oP 'TIMED\tBuilding image tarball : \K[0-9.]+' "$work/out" | tail -1)
  fi
  printf '%-13s %-18s mvn package %6.2f s   image step %8.0f ms\n' "$tool" "$scenario" "$(cat "$work/time")" "$step"
}

oci=("-Dbasalt.from=oci:$work/java:latest")
# Jib writes one platform; "basalt-amd64" rows write that one platform too (the layout's others left out).
one=("${oci[@]}" -Dbasalt.archs=amd64)
"${mvn[@]}" -o package "${oci[@]}" >"$work/warm-basalt-oci.log" 2>&1 || { tail -40 "$work/warm-basalt-oci.log" >&2; exit 1; }
"${mvn[@]}" -o package "${one[@]}" >"$work/warm-basalt-one.log" 2>&1 || { tail -40 "$work/warm-basalt-one.log" >&2; exit 1; }
for _ in $(seq "$runs"); do
  timed basalt "no change" package "${oci[@]}"
  timed basalt-amd64 "no change" package "${one[@]}"
  timed jib "no change" package "${jib[@]}"
  timed basalt-preset "no change" package
  change
  timed basalt "one-class change" package "${oci[@]}"
  change
  timed basalt-amd64 "one-class change" package "${one[@]}"
  change
  timed jib "one-class change" package "${jib[@]}"
  change
  timed basalt-preset "one-class change" package
done
printf 'image sizes: basalt layout %s, Jib tar %s\n' "$(du -sh target/image/ | cut -f1)" "$(du -sh target/jib-image.tar | cut -f1)"
