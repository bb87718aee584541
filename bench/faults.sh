#!/usr/bin/env bash
# Longer runs of the fault harnesses than the normal test run makes: builds (separate processes
# against the loopback fixture archive) killed with SIGKILL at seeded random points, and rounds
# of concurrent builds sharing one cold cache. Prints the seed, the kills that landed and the
# rounds; a failure names the repetition and seed to replay it with.
#   bench/faults.sh [KILL_REPETITIONS] [CONCURRENCY_ROUNDS] [SEED]
set -euo pipefail
cd "$(dirname "$0")/.."
reps="${1:-200}"
rounds="${2:-10}"
seed="${3:-$(date +%s%3N)}"
./mvnw -B -q -pl basalt-cli -am test -Dtest='KillNineTest,ConcurrentBuildsTest' -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbasalt.kill9.repetitions="$reps" -Dbasalt.kill9.seed="$seed" -Dbasalt.concurrency.rounds="$rounds" \
  2>&1 | grep -E 'kill-9 harness|concurrency:|FAIL|ERROR|Tests run' || true
