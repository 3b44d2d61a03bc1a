#!/usr/bin/env bash
# bench/handshake.sh — a benchmark (not a test): how many full Ockam secure-channel handshakes per
# second do two Ockam-for-the-JVM nodes complete over TCP on 127.0.0.1, and how close is that to
# what the handshake's cryptography alone allows on this machine?
#
# One JVM runs io.ockamj.verticles.bench.HandshakeHarness (verticles test scope), which
#   1. measures the crypto primitives one handshake needs (both sides: X25519 key generations and
#      agreements, Ed25519 verifications of the peer's change history and purpose-key attestation,
#      SHA-256, HKDF, AES-GCM of the handshake payloads, counted from the code path) one at a time,
#      and computes the primitive bound = cores / (single-thread cost of one handshake);
#   2. prints software P-256 (and Ed25519) signs/s, and a PKCS#11 token's when the build has one;
#   3. runs rounds of full handshakes (default 1000 started at once) between two nodes over one TCP
#      connection, with identity and purpose-key verification on both sides, and counts failures.
# Its last line, and so this script's, is: handshakes/s=N bound/s=M ratio=R failures=F
#
# Builds offline what it needs (never 'mvn install', it would overwrite shared snapshots), only when
# a source or pom is newer than the last build. Exit status: 0, 1 when a handshake failed, 2 usage.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/handshake.sh [--handshakes N] [--in-flight K] [--rounds R] [--warmup-rounds W]
                          [--primitive-seconds S] [--timeout-seconds T] [--quick] [--jfr FILE]
                          [--java-opts OPTS] [--keep]

  --handshakes N        handshakes per round (default 1000)
  --in-flight K         at most K handshakes running at once (default: all N started at once)
  --rounds R            measured rounds; the last line shows their median (default 3)
  --warmup-rounds W     rounds before the measured ones (default 10; on a loaded 2-core machine the JIT
                        still takes 250-400 us per handshake after 5, ~0 after 15); their failures
                        count too
  --primitive-seconds S measuring time per primitive (default 1; warm-up half of it)
  --timeout-seconds T   handshake timeout (default 30, the product default)
  --quick               1 warm-up round, 1 measured round, 0.5 s per primitive
  --jfr FILE            record a JFR profile of the whole run (settings=profile) into FILE;
                        summarise it with: python3 bench/jfr_hot.py FILE
  --java-opts OPTS      JVM flags for the harness (default: -Xms512m -Xmx512m -XX:+UseParallelGC)
  --keep                keep the temporary directory (build log) after the run
EOF
}

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HARNESS_ARGS=()
JFR=""
JAVA_OPTS_BENCH="-Xms512m -Xmx512m -XX:+UseParallelGC"
KEEP=0

while (($#)); do
  case "$1" in
    --handshakes | --in-flight | --rounds | --warmup-rounds | --primitive-seconds | --timeout-seconds)
      [[ "${2:-}" =~ ^[0-9]+([.][0-9]+)?$ ]] || { echo "handshake.sh: $1 needs a number" >&2; exit 2; }
      HARNESS_ARGS+=("$1" "$2"); shift 2 ;;
    --quick) HARNESS_ARGS+=(--warmup-rounds 1 --rounds 1 --primitive-seconds 0.5); shift ;;
    --jfr) JFR="${2:?--jfr needs a file}"; shift 2 ;;
    --java-opts) JAVA_OPTS_BENCH="${2?--java-opts needs a value}"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "handshake.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
done

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

command -v java >/dev/null || die "java (JDK 17+) is not on the PATH"
command -v mvn >/dev/null || die "mvn is not on the PATH (needed to build the harness)"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/ockam-handshake-bench.XXXXXX")"
# shellcheck disable=SC2317  # reached through the EXIT trap
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if ((KEEP)); then log "kept $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------------------------
# Build: the verticles module and the modules it needs, with test classes, and its test classpath,
# in one offline reactor call so that sibling modules resolve to their freshly built jars. Skipped
# when nothing under the modules' src/ or poms changed since the classpath file was written.
# ---------------------------------------------------------------------------------------------
CPFILE="$ROOT/verticles/target/handshake-bench.classpath"
if [[ ! -f "$CPFILE" ]] || [[ -n "$(find "$ROOT/pom.xml" "$ROOT"/{protocol,crypto,store,verticles}/pom.xml \
  "$ROOT"/{protocol,crypto,store,verticles}/src -newer "$CPFILE" -type f -print -quit 2>/dev/null)" ]]; then
  log "building verticles and its modules with test classes (mvn -o package, tests skipped)"
  (cd "$ROOT" && mvn -B -q -o -DskipTests -pl verticles -am package dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/cp.txt") >"$WORK/mvn.log" 2>&1 \
    || { tail -n 40 "$WORK/mvn.log" >&2; die "build failed (log above)"; }
  mv "$WORK/cp.txt" "$CPFILE"
fi
CP="$ROOT/verticles/target/test-classes:$ROOT/verticles/target/classes:$(cat "$CPFILE")"

# ---------------------------------------------------------------------------------------------
# Run: one JVM. Output goes to the terminal as it comes; the harness's last line is the summary.
# ---------------------------------------------------------------------------------------------
JVM=()
read -r -a JVM <<<"$JAVA_OPTS_BENCH"
if [[ -n "$JFR" ]]; then
  JVM+=("-XX:StartFlightRecording=settings=profile,filename=$JFR,dumponexit=true")
  log "recording a JFR profile into $JFR (summary: python3 bench/jfr_hot.py $JFR)"
fi
log "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
set +e
java ${JVM[@]+"${JVM[@]}"} -cp "$CP" io.ockamj.verticles.bench.HandshakeHarness ${HARNESS_ARGS[@]+"${HARNESS_ARGS[@]}"}
rc=$?
set -e
exit "$rc"
