#!/usr/bin/env bash
# bench/revocation.sh — a benchmark (not a test): delete a member at a self-hosted authority, and
# time until a node that follows the authority's revocations has closed that member's secure
# channel (io.ockamj.verticles.bench.RevocationHarness; three nodes on 127.0.0.1 in one JVM).
# Usage: bench/revocation.sh [RUNS (default 50)] [WARMUP (default 5)]
# Last line: runs=N p50_ms=X p99_ms=Y max_ms=Z
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/ockam-revocation-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
CPFILE="$ROOT/verticles/target/revocation-bench.classpath"
if [[ ! -f "$CPFILE" ]] || [[ -n "$(find "$ROOT/pom.xml" "$ROOT"/{protocol,crypto,store,verticles}/pom.xml \
  "$ROOT"/{protocol,crypto,store,verticles}/src -newer "$CPFILE" -type f -print -quit 2>/dev/null)" ]]; then
  echo "building verticles with its test classes (mvn -o package, tests skipped)" >&2
  (cd "$ROOT" && mvn -B -q -o -DskipTests -pl verticles -am package dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/cp.txt") >"$WORK/mvn.log" 2>&1 \
    || { tail -n 40 "$WORK/mvn.log" >&2; exit 1; }
  mv "$WORK/cp.txt" "$CPFILE"
fi
CP="$ROOT/verticles/target/test-classes:$ROOT/verticles/target/classes:$(cat "$CPFILE")"
echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores" >&2
exec java -Xms256m -Xmx512m -cp "$CP" io.ockamj.verticles.bench.RevocationHarness "${1:-50}" "${2:-5}"
