#!/usr/bin/env bash
# Fuzzes every target for DURATION (default 2m), one after another, and prints one line per
# target: executions, exec/s, coverage (libFuzzer's cov/ft) and whether a crash was found.
# Logs go to basalt-core/target/fuzz/<target>.log; crash inputs to the target's corpus directory.
#   fuzz/campaign.sh [DURATION] [FILTER]      e.g.  fuzz/campaign.sh 10m DataTar
# The spec target runs without Jazzer's regex-injection detector: a spec's structure tests hold
# regular expressions by design (the spec is the user's own), and an invalid one is a SpecException.
set -uo pipefail
cd "$(dirname "$0")/.."
DUR=${1:-2m}
FILTER=${2:-}
B='dev.basalt.**'
CC='org.apache.commons.compress.**:org.tukaani.**'
J='com.fasterxml.jackson.**'
TARGETS=(
  "debian.Deb822FuzzTest#parse|$B"
  "debian.RelationParserFuzzTest#parseGroups|$B"
  "debian.DebReaderFuzzTest#read|$B:$CC"
  "debian.DataTarFuzzTest#tar|$B:$CC"
  "debian.DataTarFuzzTest#tarGz|$B:$CC"
  "debian.DataTarFuzzTest#tarXz|$B:$CC"
  "debian.DataTarFuzzTest#tarZst|$B:$CC"
  "debian.InReleaseFuzzTest#verify|$B:org.bouncycastle.bcpg.**:org.bouncycastle.openpgp.**"
  "debian.InReleaseFuzzTest#releaseFile|$B"
  "image.OciLayoutFuzzTest#index|$B:$J"
  "image.OciLayoutFuzzTest#manifest|$B:$J"
  "image.OciLayoutFuzzTest#config|$B:$J"
  "image.DockerArchiveFuzzTest#manifestJson|$B:$J:$CC"
  "image.LayerApplierFuzzTest#layer|$B:$CC"
  "spec.SpecLoaderFuzzTest#parse|$B:org.yaml.snakeyaml.**:$J|-Djazzer.disabled_hooks=com.code_intelligence.jazzer.sanitizers.RegexInjection"
  "audit.AccountFilesFuzzTest#accounts|$B"
)
./mvnw -B -q -o -pl basalt-core test-compile || exit 1
mkdir -p basalt-core/target/fuzz
for spec in "${TARGETS[@]}"; do
  IFS='|' read -r target includes extra <<< "$spec"
  [[ -n "$FILTER" && "$target" != *"$FILTER"* ]] && continue
  log=basalt-core/target/fuzz/${target//#/.}.log
  JAZZER_FUZZ=1 ./mvnw -B -o -pl basalt-core surefire:test -Dtest="dev.basalt.$target" \
    -Djazzer.max_duration="$DUR" "-Djazzer.instrumentation_includes=$includes" $extra > "$log" 2>&1
  rc=$?
  done_line=$(grep -E '^Done [0-9]+ runs' "$log" | tail -1)
  stats=$(grep -E 'DONE ' "$log" | tail -1 | sed -E 's/.*(cov: [0-9]+ ft: [0-9]+).*(exec\/s: [0-9]+).*/\1 \2/')
  crash=$(grep -oE 'crash-[0-9a-f]+' "$log" | head -1)
  echo "$target: ${done_line:-no run} ${stats} rc=$rc ${crash:+CRASH $crash}"
done
