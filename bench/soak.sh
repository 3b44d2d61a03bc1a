#!/usr/bin/env bash
# bench/soak.sh — a soak benchmark (not a test): do Ockam-for-the-JVM nodes keep their workers,
# heap, threads, file descriptors and memory flat under hours of portal traffic?
#
# Three background nodes on 127.0.0.1, the shape of './ockam demo' and of bench/portal.sh's relay variant:
#   relay        a node with its relay service
#   outlet-node  an outlet in front of a local TCP service (bench/soak_tool.py server), registered
#                on the relay node as a relay
#   inlet-node   an inlet whose route goes through the relay and a secure channel to the outlet
# bench/soak_tool.py traffic keeps traffic going through the inlet for the whole run: one bulk
# connection at a steady rate and several new short connections a second (per-connection leaks are
# what we hunt). Every interval it samples each node: workers ('ockam worker list'), heap used after
# a forced full GC (jcmd), live threads, open file descriptors and RSS (/proc). Traffic pauses while
# a sample is taken (the bulk connection until the heap is measured, short connections until the
# workers are counted), so that what is counted is the nodes' steady state, not traffic in flight.
#
# Output: a CSV of the samples, then per node first/last/min/max and the least-squares slope per hour
# (the first minute is warm-up and left out of the slopes) and a verdict. Exit status: 0 all flat,
# 1 traffic stopped or connections failed, 2 usage, 3 traffic fine but a node's workers or heap grew.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/soak.sh [--minutes N] [--interval S] [--conn-rate R] [--bulk-rate MBPS] [--warmup S] [--out DIR] [--keep]

  --minutes N       length of the run (default 10)
  --interval S      seconds between samples (default 10). A sample pauses the short connections for
                    3-7 s on 2 cores (a CLI JVM per node counts the workers) and the bulk one for
                    2-3 s; at least half an interval of traffic runs between samples
  --conn-rate R     new short connections per second through the inlet, outside samples (default 5)
  --bulk-rate MBPS  MB/s of the long-lived bulk connection, 0 for as fast as it goes (default 10)
  --warmup S        seconds left out of the slopes (default 60)
  --out DIR         where the CSV and the report go (default: a new ockam-soak-* directory under $TMPDIR or /tmp)
  --keep            keep the temporary directory (OCKAM_HOME, logs) after the run
EOF
}

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MINUTES=10
INTERVAL=10
CONN_RATE=5
BULK_RATE=10
WARMUP=60
SETTLE=1 # seconds between the last connection closing and a sample: portal teardown crosses 3 nodes
OUT=""
KEEP=0
NODES=(relay outlet-node inlet-node)
COMMAND_LINE="$(printf '%q ' "$0" "$@")"

while (($#)); do
  case "$1" in
    --minutes) MINUTES="${2:?--minutes needs a value}"; shift 2 ;;
    --interval) INTERVAL="${2:?--interval needs a value}"; shift 2 ;;
    --conn-rate) CONN_RATE="${2:?--conn-rate needs a value}"; shift 2 ;;
    --bulk-rate) BULK_RATE="${2:?--bulk-rate needs a value}"; shift 2 ;;
    --warmup) WARMUP="${2:?--warmup needs a value}"; shift 2 ;;
    --out) OUT="${2:?--out needs a value}"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "soak.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
positive_int() { [[ "$2" =~ ^[1-9][0-9]*$ ]] || { echo "soak.sh: $1 must be a positive integer" >&2; exit 2; }; }
positive_int --minutes "$MINUTES"
positive_int --interval "$INTERVAL"
[[ "$WARMUP" =~ ^[0-9]+$ ]] || { echo "soak.sh: --warmup must be a whole number of seconds" >&2; exit 2; }
[[ "$CONN_RATE" =~ ^[0-9]*\.?[0-9]+$ && "$CONN_RATE" != 0 ]] || { echo "soak.sh: --conn-rate must be a positive number" >&2; exit 2; }
[[ "$BULK_RATE" =~ ^[0-9]*\.?[0-9]+$ ]] || { echo "soak.sh: --bulk-rate must be a number" >&2; exit 2; }
DURATION_MS=$((MINUTES * 60000))
INTERVAL_MS=$((INTERVAL * 1000))
STALL_LIMIT_MS=$((INTERVAL_MS * 3 > 60000 ? INTERVAL_MS * 3 : 60000)) # no traffic this long ends the run

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
now_ms() { local us="${EPOCHREALTIME/./}"; echo $((us / 1000)); }
secs() { printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)); } # secs MS -> seconds with 3 decimals

# ---------------------------------------------------------------------------------------------
# 1. Tools: apt-get what is missing (as bench/portal.sh does); jcmd comes with the JDK.
# ---------------------------------------------------------------------------------------------
install_missing_tools() {
  local pkgs=() sudo=()
  [[ $EUID -ne 0 ]] && sudo=(sudo)
  command -v python3 >/dev/null || pkgs+=(python3)
  command -v jq >/dev/null || pkgs+=(jq)
  if ((${#pkgs[@]})); then
    log "installing ${pkgs[*]} with apt-get"
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
  fi
  command -v java >/dev/null || die "java (JDK 17+) is not on the PATH"
  command -v jcmd >/dev/null || die "jcmd is not on the PATH (it comes with a JDK, not with a JRE)"
}
install_missing_tools

# ---------------------------------------------------------------------------------------------
# 2. Temp dir, results dir, process bookkeeping and cleanup.
# ---------------------------------------------------------------------------------------------
WORK="$(mktemp -d "${TMPDIR:-/tmp}/ockam-soak.XXXXXX")"
export OCKAM_HOME="$WORK/ockam-home" # absolute; the nodes' state lives here only
mkdir -p "$OCKAM_HOME" "$WORK/logs" "$WORK/samples"
printf 'GC.run\nGC.heap_info\n' >"$WORK/gc.jcmd"
OUT="${OUT:-$(mktemp -d "${TMPDIR:-/tmp}/ockam-soak-$(date +%Y%m%d-%H%M%S).XXXX")}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
CSV="$OUT/samples.csv"
REPORT="$OUT/report.txt"
STATS="$WORK/traffic.json"
PAUSE="$WORK/pause"           # while it exists no new short connection starts
PAUSE_BULK="$WORK/pause-bulk" # while it exists the bulk connection sends nothing more
OCKAM="$ROOT/ockam"
# the interpreter itself, not a version manager's shim: it is started 6 times per sample
TOOL=("$(python3 -c 'import sys; print(sys.executable)')" "$ROOT/bench/soak_tool.py")
PIDS=() # processes this script started directly (killed in reverse order)
declare -A NODE_PID
NODES_STARTED=0

# shellcheck disable=SC2317  # reached through the EXIT trap
cleanup() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  if ((NODES_STARTED)); then
    for f in "$OCKAM_HOME"/nodes/*/std*.log; do # 'node delete' removes them
      [[ -f "$f" ]] && cp "$f" "$OUT/node-$(basename "$(dirname "$f")")-$(basename "$f")"
    done
    timeout 30 "$OCKAM" node delete --all --yes >/dev/null 2>&1
  fi
  local i pid all=(${PIDS[@]+"${PIDS[@]}"} ${NODE_PID[@]+"${NODE_PID[@]}"})
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do kill -TERM "${PIDS[i]}" 2>/dev/null; done
  for pid in ${NODE_PID[@]+"${NODE_PID[@]}"}; do kill -TERM "$pid" 2>/dev/null; done
  for _ in $(seq 1 20); do
    local alive=0
    for pid in ${all[@]+"${all[@]}"}; do kill -0 "$pid" 2>/dev/null && alive=1; done
    ((alive)) || break
    sleep 0.3
  done
  for pid in ${all[@]+"${all[@]}"}; do kill -KILL "$pid" 2>/dev/null; done
  wait 2>/dev/null
  if ((rc == 1)); then
    log "failed; last lines of the logs:"
    for f in "$WORK"/logs/*; do
      [[ -s "$f" ]] || continue
      echo "--- $f" >&2
      tail -n 15 "$f" >&2
    done
  fi
  if ((KEEP)); then log "kept $WORK"; else rm -rf "$WORK"; fi
  log "results in $OUT"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Is something listening on 127.0.0.1:PORT? Read from /proc: a probe connection would go through the portal.
listening() {
  local hex
  hex="$(printf '%04X' "$1")"
  awk -v p=":$hex" '$4 == "0A" && toupper(substr($2, length($2) - 4)) == p { found = 1 } END { exit !found }' \
    /proc/net/tcp /proc/net/tcp6 2>/dev/null
}
free_port() { # below the ephemeral range and not in use in any TCP state
  local p
  while :; do
    p=$((20000 + RANDOM % 12000))
    grep -qi "$(printf ':%04X ' "$p")" /proc/net/tcp /proc/net/tcp6 2>/dev/null || { echo "$p"; return; }
  done
}
wait_listening() { # wait_listening PORT WHAT
  for _ in $(seq 1 200); do
    listening "$1" && return 0
    sleep 0.05
  done
  die "$2 is not listening on 127.0.0.1:$1 after 10 s"
}
start_bg() { # start_bg LOGNAME CMD... — start CMD in the background, remember its pid
  "${@:2}" >"$WORK/logs/$1.log" 2>&1 &
  PIDS+=("$!")
}

# ---------------------------------------------------------------------------------------------
# 3. Build (offline; never 'mvn install'), the service, the nodes, the portal.
# ---------------------------------------------------------------------------------------------
build_if_needed() {
  local jar="$ROOT/cli/target/ockamj-cli-0.1.0-SNAPSHOT-fat.jar"
  if [[ ! -f "$jar" ]] || [[ -n "$(find "$ROOT/pom.xml" "$ROOT"/*/pom.xml "$ROOT"/*/src/main -newer "$jar" -type f -print -quit 2>/dev/null)" ]]; then
    log "building the fat jar (mvn -o package)"
    (cd "$ROOT" && mvn -q -B -o -DskipTests package) >"$WORK/logs/mvn.log" 2>&1 || die "build failed, see the mvn log below"
  fi
}

node_create() { # node_create NAME
  local out="$WORK/node-$1.json"
  NODES_STARTED=1
  "$OCKAM" node create "$1" --tcp-listener-address 127.0.0.1:0 --output json >"$out" 2>"$WORK/logs/cli-node-$1.log" \
    || die "ockam node create $1 failed"
  NODE_PID[$1]="$(jq -r .pid "$out")"
  log "node $1: $(jq -r .address "$out"), pid ${NODE_PID[$1]}"
}

start_portal() { # start_portal TARGET_PORT -> sets INLET_PORT
  local via=/node/relay/service/forward_to_outlet-node/secure/api/service/soak-target
  for n in "${NODES[@]}"; do node_create "$n"; done
  "$OCKAM" tcp-outlet create --at outlet-node --from soak-target --to "127.0.0.1:$1" >/dev/null 2>>"$WORK/logs/cli.log" \
    || die "ockam tcp-outlet create failed"
  "$OCKAM" relay create outlet-node --at /node/relay --to outlet-node >/dev/null 2>>"$WORK/logs/cli.log" \
    || die "ockam relay create failed"
  "$OCKAM" tcp-inlet create --at inlet-node --alias soak --from 127.0.0.1:0 --to "$via" --timeout 30s --output json \
    >"$WORK/inlet.json" 2>>"$WORK/logs/cli.log" || die "ockam tcp-inlet create --to $via failed"
  INLET_PORT="$(jq -r .from "$WORK/inlet.json")"
  INLET_PORT="${INLET_PORT##*:}"
  log "inlet 127.0.0.1:$INLET_PORT -> $via -> 127.0.0.1:$1"
}

# ---------------------------------------------------------------------------------------------
# 4. Samples. Traffic pauses first (quiesce): with nothing in flight, a node's heap, workers and
#    file descriptors are its steady state, and a leak shows as a slope instead of hiding in the
#    noise of the buffers and connections that happen to be passing. The bulk connection resumes
#    once the heap is measured; short connections once the workers are counted.
# ---------------------------------------------------------------------------------------------
quiesce() {
  touch "$PAUSE" "$PAUSE_BULK"
  local deadline=$(($(now_ms) + 20000))
  until jq -e '.paused and .inflight == 0 and .bulk_drained' "$STATS" >/dev/null 2>&1; do
    (($(now_ms) < deadline)) || { log "warning: traffic still in flight after 20 s; sampling anyway"; break; }
    sleep 0.05
  done
  sleep "$SETTLE"
}

full_gc_ms() { # full_gc_ms PID -> total time of the JVM's full collections so far (perf counters, no JVM started)
  "${TOOL[@]}" perf "$1" sun.gc.collector.1.time sun.os.hrt.frequency 2>>"$WORK/logs/perf.log" |
    awk '$2 > 0 { printf "%.3f\n", $1 * 1000 / $2; ok = 1 } END { exit !ok }'
}

# sample_jvm NAME PID: one full GC and the heap right after it, in the same jcmd call (a second call
# would come a JVM start later, when the traffic has refilled eden). Its cost: the full-GC time it added.
sample_jvm() {
  local gc0 gc1 heap="" gc=NA
  gc0="$(full_gc_ms "$2")" || gc0=""
  if jcmd "$2" -f "$WORK/gc.jcmd" >"$WORK/samples/$1.heap_info" 2>&1; then
    # every "total NK, used MK" line is a generation (Serial, Parallel) or the whole heap (G1)
    heap="$(grep -o 'total [0-9]*K, used [0-9]*K' "$WORK/samples/$1.heap_info" | awk '{ k += $4 + 0 } END { if (NR) print k * 1024 }')"
  fi
  gc1="$(full_gc_ms "$2")" || gc1=""
  [[ -n "$gc0" && -n "$gc1" ]] && gc="$(awk -v a="$gc0" -v b="$gc1" 'BEGIN { printf "%.1f", b - a }')"
  echo "heap_used_bytes=${heap:-NA} full_gc_ms=$gc" >"$WORK/samples/$1.jvm"
}

sample_workers() { # sample_workers NAME
  local json="$WORK/samples/$1.workers.json" n=NA
  # C1 only: a short-lived CLI JVM then needs about 40 % less CPU (these flags are the CLI's own, not the node's)
  if OCKAM_JAVA_OPTS="-XX:TieredStopAtLevel=1 ${OCKAM_JAVA_OPTS:-}" timeout 60 "$OCKAM" worker list --at "$1" --output json \
    >"$json" 2>>"$WORK/logs/cli-worker-list.log"; then
    n="$(jq length "$json" 2>/dev/null || echo NA)"
  fi
  echo "workers=$n" >"$WORK/samples/$1.workers"
}

proc_field() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; } # proc_field PID Threads|VmRSS

# sample_all T_MS: one CSV row per node. /proc first, before the CLI and jcmd open connections and
# attach; then a full GC and the heap of each node, in parallel; then the workers (a CLI JVM per node).
sample_all() {
  local t="$1" n pid jobs=() threads fds rss
  for n in "${NODES[@]}"; do
    pid="${NODE_PID[$n]}"
    [[ -d /proc/$pid ]] || die "node $n (pid $pid) is gone"
    threads="$(proc_field "$pid" Threads)"
    rss="$(proc_field "$pid" VmRSS)"
    fds="$(find "/proc/$pid/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)"
    echo "threads=$threads fds=$fds rss_kib=$rss" >"$WORK/samples/$n.proc"
  done
  for n in "${NODES[@]}"; do
    sample_jvm "$n" "${NODE_PID[$n]}" &
    jobs+=("$!")
  done
  wait "${jobs[@]}" || log "warning: a sampling job failed"
  rm -f "$PAUSE_BULK"
  BULK_RESUMED_AT="$(now_ms)"
  jobs=()
  for n in "${NODES[@]}"; do
    sample_workers "$n" &
    jobs+=("$!")
  done
  wait "${jobs[@]}" || log "warning: a sampling job failed"
  rm -f "$PAUSE"
  SHORT_RESUMED_AT="$(now_ms)"
  local traffic
  traffic="$(jq -r '[.bulk_bytes, .short_ok, .short_aborted, .short_failed, .bulk_errors] | @csv' "$STATS")"
  for n in "${NODES[@]}"; do
    local workers heap_used_bytes full_gc_ms rss_kib # set by the eval of the k=v files written above
    eval "$(cat "$WORK/samples/$n.proc" "$WORK/samples/$n.workers" "$WORK/samples/$n.jvm")"
    echo "$(secs "$t"),$n,${NODE_PID[$n]},$workers,$heap_used_bytes,$threads,$fds,$rss_kib,$full_gc_ms,$traffic" >>"$CSV"
    SUMMARY+="$(printf ' | %s w=%s heap=%sM thr=%s fd=%s rss=%sM' "${n%-node}" "$workers" \
      "$(awk -v b="$heap_used_bytes" 'BEGIN { if (b == "NA") print "NA"; else printf "%.1f", b / 1048576 }')" \
      "$threads" "$fds" "$((rss_kib / 1024))")"
  done
}

# ---------------------------------------------------------------------------------------------
# 5. Traffic health: progress between samples, failures.
# ---------------------------------------------------------------------------------------------
PREV_BULK=-1
PREV_DONE=-1
STALL_SINCE=-1
STALLS=0
check_traffic() { # check_traffic T_MS -> returns 1 when traffic has stopped for STALL_LIMIT_MS
  local bulk done_
  bulk="$(jq -r .bulk_bytes "$STATS")"
  done_="$(jq -r '.short_ok + .short_aborted + .short_failed' "$STATS")"
  if ((PREV_BULK >= 0)); then
    local why=""
    ((bulk > PREV_BULK)) || why+="no bulk data moved; "
    ((done_ > PREV_DONE)) || why+="no short connection completed; "
    if [[ -n "$why" ]]; then
      STALLS=$((STALLS + 1))
      ((STALL_SINCE >= 0)) || STALL_SINCE="$1"
      log "traffic stalled since the last sample: ${why%; }"
      (($1 - STALL_SINCE < STALL_LIMIT_MS)) || return 1
    else
      STALL_SINCE=-1
    fi
  fi
  PREV_BULK="$bulk"
  PREV_DONE="$done_"
}

traffic_summary() { # traffic_summary RUN_MS
  jq -r --argjson s "$(secs "$1")" '
    "traffic over \($s) s: bulk \(.bulk_bytes / 1e6 | floor) MB echoed and checked (\(.bulk_bytes / 1e6 / $s * 10 | floor / 10) MB/s, \(.bulk_connections) connection(s), \(.bulk_errors) error(s)); " +
    "short connections: \(.short_ok) echoed and checked + \(.short_aborted) reset by the client = \(.short_ok + .short_aborted) " +
    "(\((.short_ok + .short_aborted) / $s * 10 | floor / 10)/s, \(.short_bytes / 1e6 | floor) MB), \(.short_failed) failed",
    (.errors[] | "  error: \(.)")' "$STATS"
}

# worker types whose count changed between the first sample after warm-up and the last
worker_type_changes() { # worker_type_changes NODE
  local first="$OUT/workers-$1-after-warmup.json" last="$OUT/workers-$1-last.json"
  [[ -s "$first" && -s "$last" ]] || return 0
  types() { jq -r '.[] | "\(.kind)/\(.type)"' "$1" | sort | uniq -c | awk '{ print $2, $1 }' | sort; }
  join -a1 -a2 -e0 -o 0,1.2,2.2 <(types "$first") <(types "$last") |
    awk -v node="$1" '$2 != $3 { printf "  %s: %s %d -> %d (%+d)\n", node, $1, $2, $3, $3 - $2 }'
}

# ---------------------------------------------------------------------------------------------
# 6. The run.
# ---------------------------------------------------------------------------------------------
build_if_needed
TARGET_PORT="$(free_port)"
start_bg service "${TOOL[@]}" server "$TARGET_PORT"
wait_listening "$TARGET_PORT" "the soak service"
start_portal "$TARGET_PORT"

{
  echo "== Ockam for the JVM: soak benchmark =="
  echo "command   $COMMAND_LINE"
  echo "date      $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "machine   $(uname -n) $(uname -srm), nproc $(nproc), load $(cut -d' ' -f1-3 /proc/loadavg) before the run"
  echo "java      $(java -version 2>&1 | head -n 1)"
  echo "source    $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet HEAD 2>/dev/null || echo ' (+ uncommitted changes)')"
  echo "node JVM  ${OCKAM_NODE_JAVA_OPTS:-CLI defaults for background nodes}"
  echo "settings  $MINUTES min, a sample every $INTERVAL s, warm-up $WARMUP s; traffic: bulk $BULK_RATE MB/s on one connection, $CONN_RATE short connections/s (both paused during samples)"
  echo "samples   $CSV"
} | tee "$REPORT"
echo "time_s,node,pid,workers,heap_used_bytes,threads,fds,rss_kib,full_gc_ms,bulk_bytes,short_ok,short_aborted,short_failed,bulk_errors" >"$CSV"

start_bg traffic "${TOOL[@]}" traffic "$INLET_PORT" --stats "$STATS" --pause-file "$PAUSE" --bulk-pause-file "$PAUSE_BULK" \
  --conn-rate "$CONN_RATE" --bulk-rate "$BULK_RATE"
TRAFFIC_PID="${PIDS[-1]}"
for _ in $(seq 1 100); do [[ -s "$STATS" ]] && break; sleep 0.05; done
[[ -s "$STATS" ]] || die "the traffic generator did not start"
T0="$(now_ms)"
STOPPED=0
SAMPLED_AFTER_WARMUP=0
SAMPLES=0
PAUSED_BULK_MS=0
PAUSED_SHORT_MS=0
k=0
while :; do
  q0="$(now_ms)"
  quiesce
  t=$(($(now_ms) - T0))
  SUMMARY=""
  sample_all "$t"
  SAMPLES=$((SAMPLES + 1))
  PAUSED_BULK_MS=$((PAUSED_BULK_MS + BULK_RESUMED_AT - q0))
  PAUSED_SHORT_MS=$((PAUSED_SHORT_MS + SHORT_RESUMED_AT - q0))
  log "t=$(secs "$t")s$SUMMARY (traffic paused $((SHORT_RESUMED_AT - q0)) ms, bulk $((BULK_RESUMED_AT - q0)) ms)"
  for n in "${NODES[@]}"; do
    if ((!SAMPLED_AFTER_WARMUP && t >= WARMUP * 1000)); then
      cp "$WORK/samples/$n.workers.json" "$OUT/workers-$n-after-warmup.json" 2>/dev/null || true
    fi
    cp "$WORK/samples/$n.workers.json" "$OUT/workers-$n-last.json" 2>/dev/null || true
  done
  ((t >= WARMUP * 1000)) && SAMPLED_AFTER_WARMUP=1
  if ! check_traffic "$t"; then
    log "traffic stopped for $((STALL_LIMIT_MS / 1000)) s or more: ending the run"
    STOPPED=1
    break
  fi
  ((t >= DURATION_MS)) && break
  # the next tick (the last one at the end of the run), but at least half an interval of traffic
  # without sampling: a sample that takes longer than the interval skips ticks
  k=$((k + 1))
  end_of_sample=$(($(now_ms) - T0))
  next=$((k * INTERVAL_MS < DURATION_MS ? k * INTERVAL_MS : DURATION_MS))
  while ((next < end_of_sample + INTERVAL_MS / 2 && next < DURATION_MS)); do
    k=$((k + 1))
    next=$((k * INTERVAL_MS < DURATION_MS ? k * INTERVAL_MS : DURATION_MS))
  done
  ((next >= end_of_sample + INTERVAL_MS / 2)) || next=$((end_of_sample + INTERVAL_MS / 2))
  sleep "$(secs $((next - end_of_sample)))"
done
RUN_MS=$(($(now_ms) - T0))
kill -TERM "$TRAFFIC_PID"
wait "$TRAFFIC_PID" || true

{
  echo
  traffic_summary "$RUN_MS"
  echo "stalls    $STALLS sample interval(s) in which bulk data or short connections made no progress"
  echo "sampling  $SAMPLES samples, traffic paused for each: bulk $((PAUSED_BULK_MS / SAMPLES)) ms, short connections $((PAUSED_SHORT_MS / SAMPLES)) ms on average ($((PAUSED_BULK_MS * 100 / RUN_MS)) % and $((PAUSED_SHORT_MS * 100 / RUN_MS)) % of the run)"
  echo
} | tee -a "$REPORT"
set +e
"${TOOL[@]}" report "$CSV" --warmup "$WARMUP" --out "$REPORT"
verdict=$?
set -e
changes="$(for n in "${NODES[@]}"; do worker_type_changes "$n"; done)"
{
  echo
  if [[ -n "$changes" ]]; then
    echo "worker types whose count changed between the first sample after warm-up and the last"
    echo "(lists in $OUT/workers-NODE-*.json):"
    echo "$changes"
  else
    echo "no worker type changed its count between the first sample after warm-up and the last"
  fi
} | tee -a "$REPORT"

failed="$(jq -r '.short_failed + .bulk_errors' "$STATS")"
if ((STOPPED || STALLS > 0 || failed > 0)); then
  log "FAILED: traffic stopped: $STOPPED, intervals without progress: $STALLS, connection failures: $failed"
  exit 1
fi
((verdict == 0)) || log "traffic was fine, but a node's workers or heap grew (see the verdicts)"
exit "$verdict"
