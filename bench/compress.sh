#!/usr/bin/env bash
# Layer compression per level: deterministic gzip (jzlib) and zstd (zstd-jni) on about 20 MiB
# of this host's shared libraries, the kind of content base image layers hold.
#   bench/compress.sh [LIBDIR]   (default: the host's multiarch library directory)
set -euo pipefail
cd "$(dirname "$0")/.."
./basalt --version >/dev/null   # builds the CLI and its libraries (and the test classes)
cp="basalt-core/target/classes:basalt-core/target/test-classes:$(ls basalt-cli/target/lib/*.jar | tr '\n' ':')"
libdir="${1:-$(ls -d /usr/lib/*-linux-gnu | head -n 1)}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
total=0
for f in "$libdir"/*.so*; do
  [[ -f "$f" && ! -L "$f" ]] || continue
  size=$(stat -c %s "$f")
  (( size <= 4000000 )) || continue   # many files of mixed size, not one big library
  cat "$f" >> "$work/sample"
  total=$(( total + size ))
  (( total < 20 * 1024 * 1024 )) || break
done
java -cp "$cp" dev.basalt.oci.CompressionBench "$work/sample"
