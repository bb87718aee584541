#!/usr/bin/env bash
# Parsing the trixie main amd64 Packages index (~69k stanzas): the deb822 parser alone, the
# full index read (decompress + parse + encode), and loading the cached parsed form.
#   bench/parse-index.sh [MIRROR_URL]   (default: the debian mirror basalt resolves)
set -euo pipefail
cd "$(dirname "$0")/.."
./basalt --version >/dev/null   # builds the CLI and its libraries (and the test classes)
cp="basalt-core/target/classes:basalt-core/target/test-classes:$(ls basalt-cli/target/lib/*.jar | tr '\n' ':')"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mirror="${1:-$(java -cp "$cp" dev.basalt.debian.IndexParseBench --print-mirror)}"
curl -sSf "$mirror/dists/trixie/main/binary-amd64/Packages.xz" -o "$work/Packages.xz"
java -cp "$cp" dev.basalt.debian.IndexParseBench "$work/Packages.xz"
