#!/usr/bin/env bash
# bench/portal.sh — a benchmark (not a test): how fast is an Ockam-for-the-JVM TCP portal compared
# with raw TCP, stunnel and ssh -L, on 127.0.0.1?
#
# Variants, side by side, each in front of its own iperf3 server and of one shared echo server:
#   raw      client -> target                                          (the ceiling)
#   direct   client -> inlet node =secure channel=> outlet node -> target
#   relay    client -> inlet node -> relay node -> outlet node -> target (channel end to end, through the relay)
#   stunnel  client -> stunnel client =TLS 1.3 AES-256-GCM=> stunnel server -> target
#   ssh      client -> ssh -L =aes256-gcm@openssh.com=> private sshd -> target
#
# Metrics per variant: iperf3 single-stream and 4-stream throughput, and p50/p99 round-trip latency
# of small request/echo messages on one connection (bench/RttProbe.java). Rounds are interleaved (each
# round runs every variant once, starting at a rotating variant) so drift in machine load hits all
# variants alike; the table shows medians over the rounds.
#
# Everything runs on 127.0.0.1 with a temporary OCKAM_HOME and is torn down on exit, even on failure.
# Node JVM flags: the CLI's defaults for background nodes unless --node-java-opts / OCKAM_NODE_JAVA_OPTS.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/portal.sh [--rounds N] [--seconds S] [--quick] [--only VARIANTS] [--node-java-opts OPTS] [--metrics on|off] [--keep]

  --rounds N            interleaved rounds; the table shows medians (default 3)
  --seconds S           iperf3 duration per measurement (default 5)
  --quick               1 round of 2 s, 5 s warm-up (the portals then run partly on C1 code)
  --only VARIANTS       comma-separated subset of: raw,direct,relay,stunnel,ssh (default: all)
  --node-java-opts OPTS JVM flags for the Ockam node processes (sets OCKAM_NODE_JAVA_OPTS;
                        default: the CLI's small-node defaults)
  --metrics on|off      create the Ockam nodes with --http-server, with their meters on (counted per
                        message and per read) or off (OCKAM_METRICS=off); default: no HTTP server
  --keep                keep the temporary directory (logs, configs) after the run
  --rtt-iterations N    measured round trips per latency sample (default 2000, after 500 warm-up)
  --warmup S            seconds of iperf3 traffic through each portal before measuring (default 25;
                        the JIT compiles AES-GCM only after that much on 2 cores)
EOF
}

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ALL_VARIANTS=(raw direct relay stunnel ssh)
ROUNDS=3
SECS=5
WARMUP_SECS=25
ONLY=""
KEEP=0
METRICS=""
RTT_SIZE=64
RTT_ITERS=2000
RTT_WARMUP=500
COMMAND_LINE="$(printf '%q ' "$0" "$@")"

while (($#)); do
  case "$1" in
    --rounds) ROUNDS="${2:?--rounds needs a value}"; shift 2 ;;
    --seconds) SECS="${2:?--seconds needs a value}"; shift 2 ;;
    --quick) ROUNDS=1; SECS=2; WARMUP_SECS=5; shift ;;
    --warmup) WARMUP_SECS="${2:?--warmup needs a value}"; shift 2 ;;
    --only) ONLY="${2:?--only needs a value}"; shift 2 ;;
    --node-java-opts) export OCKAM_NODE_JAVA_OPTS="${2:?--node-java-opts needs a value}"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --metrics) METRICS="${2:?--metrics needs on or off}"; shift 2 ;;
    --rtt-iterations) RTT_ITERS="${2:?--rtt-iterations needs a value}"; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "portal.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || { echo "portal.sh: --rounds must be a positive integer" >&2; exit 2; }
[[ "$SECS" =~ ^[1-9][0-9]*$ ]] || { echo "portal.sh: --seconds must be a positive integer" >&2; exit 2; }
[[ "$RTT_ITERS" =~ ^[1-9][0-9]*$ ]] || { echo "portal.sh: --rtt-iterations must be a positive integer" >&2; exit 2; }
NODE_CREATE_ARGS=()
case "$METRICS" in
  "") ;;
  on) NODE_CREATE_ARGS=(--http-server); export OCKAM_METRICS=on ;;
  off) NODE_CREATE_ARGS=(--http-server); export OCKAM_METRICS=off ;;
  *) echo "portal.sh: --metrics must be on or off" >&2; exit 2 ;;
esac

VARIANTS=()
if [[ -z "$ONLY" ]]; then
  VARIANTS=("${ALL_VARIANTS[@]}")
else
  IFS=',' read -r -a wanted <<<"$ONLY"
  for v in "${wanted[@]}"; do
    [[ " ${ALL_VARIANTS[*]} " == *" $v "* ]] || { echo "portal.sh: unknown variant '$v' (use ${ALL_VARIANTS[*]})" >&2; exit 2; }
    [[ " ${VARIANTS[*]} " == *" $v "* ]] || VARIANTS+=("$v")
  done
fi
has() { [[ " ${VARIANTS[*]} " == *" $1 "* ]]; }

declare -A LABEL=([raw]="raw TCP" [direct]="portal direct" [relay]="portal via relay"
  [stunnel]="stunnel TLS1.3 AES256GCM" [ssh]="ssh -L aes256-gcm")

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------------------------------------
# 1. Tools. Installed with apt-get when missing (sudo only when not root); only what the chosen
#    variants need, so '--only raw,direct' does not touch the system's packages.
# ---------------------------------------------------------------------------------------------
SUDO=()
if [[ $EUID -ne 0 ]]; then SUDO=(sudo); fi
pkgs=()
command -v iperf3 >/dev/null || pkgs+=(iperf3)
if has stunnel && ! command -v stunnel4 >/dev/null && ! command -v stunnel >/dev/null; then pkgs+=(stunnel4); fi
if has stunnel && ! command -v openssl >/dev/null; then pkgs+=(openssl); fi
if has ssh && [[ ! -x /usr/sbin/sshd ]]; then pkgs+=(openssh-server); fi
if has ssh && ! command -v ssh >/dev/null; then pkgs+=(openssh-client); fi
if ((${#pkgs[@]})); then
  log "installing ${pkgs[*]} with apt-get"
  "${SUDO[@]}" apt-get update -qq
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
fi
STUNNEL="$(command -v stunnel4 || command -v stunnel || true)"
command -v java >/dev/null || die "java (JDK 17+) is not on the PATH"
command -v javac >/dev/null || die "javac is not on the PATH (a JDK, not a JRE, is needed for bench/RttProbe.java)"

# JSON: python3 when present, else jq; the fallback greps are enough for the flat fields we read.
json_get() { # json_get FILE dotted.path  (e.g. end.sum_received.bits_per_second)
  if command -v python3 >/dev/null; then
    python3 - "$1" "$2" <<'PY'
import json, sys
v = json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."):
    v = v[k]
print(v)
PY
  elif command -v jq >/dev/null; then
    jq -er ".$2" "$1"
  else
    # last occurrence of the leaf key: in iperf3 -J output end.sum_received comes after the intervals
    grep -o "\"${2##*.}\"[[:space:]]*:[[:space:]]*[^,}]*" "$1" | tail -n 1 | sed 's/.*:[[:space:]]*//; s/"//g'
  fi
}

# ---------------------------------------------------------------------------------------------
# 2. Temp dir, ports, process bookkeeping and cleanup.
# ---------------------------------------------------------------------------------------------
WORK="$(mktemp -d "${TMPDIR:-/tmp}/ockam-portal-bench.XXXXXX")"
export OCKAM_HOME="$WORK/ockam-home" # the nodes' state (identities, nodes, database) lives here only
mkdir -p "$OCKAM_HOME" "$WORK/results" "$WORK/logs"
PIDS=()      # processes this script started directly (killed in reverse order)
NODE_PIDS=() # Ockam node processes (started by the CLI with setsid, so not our children)
NODES_STARTED=0
OCKAM="$ROOT/ockam"

# shellcheck disable=SC2317  # reached through the EXIT trap
cleanup() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  if ((NODES_STARTED)); then
    # keep the nodes' logs: 'node delete' removes the node directories
    for f in "$OCKAM_HOME"/nodes/*/std*.log; do
      [[ -f "$f" ]] && cp "$f" "$WORK/logs/node-$(basename "$(dirname "$f")")-$(basename "$f")"
    done
    # graceful first: the nodes close their channels, relays and portals and clear their records
    timeout 30 "$OCKAM" node delete --all --yes >/dev/null 2>&1
  fi
  local i pid
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do kill -TERM "${PIDS[i]}" 2>/dev/null; done
  for pid in ${NODE_PIDS[@]+"${NODE_PIDS[@]}"}; do kill -TERM "$pid" 2>/dev/null; done
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    local alive=0
    for pid in ${PIDS[@]+"${PIDS[@]}"} ${NODE_PIDS[@]+"${NODE_PIDS[@]}"}; do
      kill -0 "$pid" 2>/dev/null && alive=1
    done
    ((alive)) || break
    sleep 0.3
  done
  for pid in ${PIDS[@]+"${PIDS[@]}"} ${NODE_PIDS[@]+"${NODE_PIDS[@]}"}; do kill -KILL "$pid" 2>/dev/null; done
  wait 2>/dev/null
  if ((rc != 0)); then
    log "failed (exit $rc); last lines of the logs:"
    for f in "$WORK"/logs/*; do
      [[ -s "$f" ]] || continue
      echo "--- $f" >&2
      tail -n 15 "$f" >&2
    done
  fi
  if ((KEEP)); then log "kept $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Is something listening on 127.0.0.1:PORT? Read from /proc so no probe connection is made (a probe
# connection would count as a client for iperf3 or open a portal connection).
listening() {
  local hex
  hex="$(printf '%04X' "$1")"
  awk -v p=":$hex" '$4 == "0A" && toupper(substr($2, length($2) - 4)) == p { found = 1 } END { exit !found }' \
    /proc/net/tcp /proc/net/tcp6 2>/dev/null
}
# A random free port below the kernel's ephemeral range (so no outgoing connection grabs it before
# the server binds it), not in use in any TCP state and not handed out before by this script.
TAKEN=" "
free_port() {
  local p hex
  while :; do
    p=$((20000 + RANDOM % 12000))
    [[ "$TAKEN" == *" $p "* ]] && continue
    hex="$(printf ':%04X ' "$p")"
    grep -qi "$hex" /proc/net/tcp /proc/net/tcp6 2>/dev/null && continue
    TAKEN+="$p "
    echo "$p"
    return
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
# 3. Build (offline: never 'mvn install', it would overwrite shared snapshots), compile the probe.
# ---------------------------------------------------------------------------------------------
JAR="$ROOT/cli/target/ockamj-cli-0.1.0-SNAPSHOT-fat.jar"
if has direct || has relay; then
  if [[ ! -f "$JAR" ]] || [[ -n "$(find "$ROOT/pom.xml" "$ROOT"/*/pom.xml "$ROOT"/*/src/main -newer "$JAR" -type f -print -quit 2>/dev/null)" ]]; then
    log "building the fat jar (mvn -o package)"
    (cd "$ROOT" && mvn -q -B -o -DskipTests package) >"$WORK/logs/mvn.log" 2>&1 || die "build failed, see the mvn log below"
  fi
fi
mkdir -p "$WORK/classes"
javac -d "$WORK/classes" "$ROOT/bench/RttProbe.java"
PROBE=(java -XX:+UseSerialGC -Xms32m -Xmx64m -cp "$WORK/classes" RttProbe)

# ---------------------------------------------------------------------------------------------
# 4. Targets: one iperf3 server per variant (a test that breaks one variant cannot leave the server
#    of another busy), one echo server shared by all (it serves each connection on its own thread).
# ---------------------------------------------------------------------------------------------
declare -A IPERF_TARGET IPERF_PORT ECHO_PORT
for v in "${VARIANTS[@]}"; do
  IPERF_TARGET[$v]="$(free_port)"
  start_bg "iperf3-server-$v" iperf3 -s -B 127.0.0.1 -p "${IPERF_TARGET[$v]}" --rcv-timeout 20000
done
ECHO_TARGET="$(free_port)"
start_bg echo-server "${PROBE[@]}" server "$ECHO_TARGET"
for v in "${VARIANTS[@]}"; do wait_listening "${IPERF_TARGET[$v]}" "iperf3 server ($v)"; done
wait_listening "$ECHO_TARGET" "echo server"

# raw: straight to the targets
if has raw; then
  IPERF_PORT[raw]="${IPERF_TARGET[raw]}"
  ECHO_PORT[raw]="$ECHO_TARGET"
fi

# ---------------------------------------------------------------------------------------------
# 5. Ockam: an outlet node (outlets for the iperf3 servers of direct/relay and for the echo server),
#    an inlet node, and for 'relay' a relay node on which the outlet node registers 'outlet-node'.
#    All nodes share the temp OCKAM_HOME's default identity; /secure/api is each node's secure
#    channel listener, so every inlet route ends in a channel from the inlet node to the outlet node.
# ---------------------------------------------------------------------------------------------
node_create() { # node_create NAME
  local out="$WORK/node-$1.json"
  NODES_STARTED=1
  "$OCKAM" node create "$1" --tcp-listener-address 127.0.0.1:0 ${NODE_CREATE_ARGS[@]+"${NODE_CREATE_ARGS[@]}"} --output json \
    >"$out" 2>"$WORK/logs/cli-node-$1.log" \
    || die "ockam node create $1 failed"
  NODE_PIDS+=("$(json_get "$out" pid)")
  log "node $1: $(json_get "$out" address), pid $(json_get "$out" pid)"
}
inlet_create() { # inlet_create ALIAS ROUTE -> prints the inlet's port
  local out="$WORK/inlet-$1.json"
  "$OCKAM" tcp-inlet create --at inlet-node --alias "$1" --from 127.0.0.1:0 --to "$2" --timeout 30s --output json \
    >"$out" 2>>"$WORK/logs/cli-inlets.log" || die "ockam tcp-inlet create --to $2 failed"
  local from
  from="$(json_get "$out" from)"
  echo "${from##*:}"
}
if has direct || has relay; then
  [[ -n "${OCKAM_NODE_JAVA_OPTS:-}" ]] && log "node JVM flags: $OCKAM_NODE_JAVA_OPTS"
  has relay && node_create relay
  node_create outlet-node
  node_create inlet-node
  "$OCKAM" tcp-outlet create --at outlet-node --from rtt-echo --to "127.0.0.1:$ECHO_TARGET" >/dev/null
  if has direct; then
    "$OCKAM" tcp-outlet create --at outlet-node --from iperf-direct --to "127.0.0.1:${IPERF_TARGET[direct]}" >/dev/null
    IPERF_PORT[direct]="$(inlet_create direct-iperf /node/outlet-node/secure/api/service/iperf-direct)"
    ECHO_PORT[direct]="$(inlet_create direct-echo /node/outlet-node/secure/api/service/rtt-echo)"
  fi
  if has relay; then
    "$OCKAM" tcp-outlet create --at outlet-node --from iperf-relay --to "127.0.0.1:${IPERF_TARGET[relay]}" >/dev/null
    "$OCKAM" relay create outlet-node --at /node/relay --to outlet-node >/dev/null
    via=/node/relay/service/forward_to_outlet-node/secure/api/service
    IPERF_PORT[relay]="$(inlet_create relay-iperf "$via/iperf-relay")"
    ECHO_PORT[relay]="$(inlet_create relay-echo "$via/rtt-echo")"
  fi
  log "portal inlets: $(for v in direct relay; do has "$v" && printf '%s iperf %s echo %s; ' "$v" "${IPERF_PORT[$v]}" "${ECHO_PORT[$v]}"; done)"
fi

# ---------------------------------------------------------------------------------------------
# 6. stunnel: server and client, TLS 1.3 only with TLS_AES_256_GCM_SHA384 (the 1.2 cipher list is
#    forced to AES256-GCM too in case someone drops sslVersion), self-signed P-256 certificate that
#    the client pins, TCP_NODELAY on every socket so small messages are not held back.
# ---------------------------------------------------------------------------------------------
if has stunnel; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
    -keyout "$WORK/stunnel.key" -out "$WORK/stunnel.crt" >/dev/null 2>&1 || die "openssl could not make a certificate"
  s_iperf="$(free_port)"
  s_echo="$(free_port)"
  IPERF_PORT[stunnel]="$(free_port)"
  ECHO_PORT[stunnel]="$(free_port)"
  tls="sslVersion = TLSv1.3
ciphersuites = TLS_AES_256_GCM_SHA384
ciphers = ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384
socket = l:TCP_NODELAY=1
socket = r:TCP_NODELAY=1"
  cat >"$WORK/stunnel-server.conf" <<EOF
foreground = yes
pid = $WORK/stunnel-server.pid
debug = 5
[iperf]
accept = 127.0.0.1:$s_iperf
connect = 127.0.0.1:${IPERF_TARGET[stunnel]}
cert = $WORK/stunnel.crt
key = $WORK/stunnel.key
$tls
[echo]
accept = 127.0.0.1:$s_echo
connect = 127.0.0.1:$ECHO_TARGET
cert = $WORK/stunnel.crt
key = $WORK/stunnel.key
$tls
EOF
  cat >"$WORK/stunnel-client.conf" <<EOF
foreground = yes
pid = $WORK/stunnel-client.pid
debug = 6
client = yes
[iperf]
accept = 127.0.0.1:${IPERF_PORT[stunnel]}
connect = 127.0.0.1:$s_iperf
verifyPeer = yes
CAfile = $WORK/stunnel.crt
$tls
[echo]
accept = 127.0.0.1:${ECHO_PORT[stunnel]}
connect = 127.0.0.1:$s_echo
verifyPeer = yes
CAfile = $WORK/stunnel.crt
$tls
EOF
  start_bg stunnel-server "$STUNNEL" "$WORK/stunnel-server.conf"
  start_bg stunnel-client "$STUNNEL" "$WORK/stunnel-client.conf"
  for p in "$s_iperf" "$s_echo" "${IPERF_PORT[stunnel]}" "${ECHO_PORT[stunnel]}"; do wait_listening "$p" stunnel; done
fi

# ---------------------------------------------------------------------------------------------
# 7. ssh -L to a private sshd: own host key, own authorized key, only aes256-gcm@openssh.com.
#    sshd must be started with an absolute path (it re-executes itself) and, as root, needs its
#    privilege-separation directory.
# ---------------------------------------------------------------------------------------------
if has ssh; then
  ssh-keygen -q -t ed25519 -N '' -f "$WORK/ssh_host_ed25519_key"
  ssh-keygen -q -t ed25519 -N '' -f "$WORK/client_key"
  cp "$WORK/client_key.pub" "$WORK/authorized_keys"
  sshd_port="$(free_port)"
  IPERF_PORT[ssh]="$(free_port)"
  ECHO_PORT[ssh]="$(free_port)"
  cat >"$WORK/sshd_config" <<EOF
Port $sshd_port
ListenAddress 127.0.0.1
HostKey $WORK/ssh_host_ed25519_key
PidFile $WORK/sshd.pid
AuthorizedKeysFile $WORK/authorized_keys
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
UsePAM no
StrictModes no
AllowTcpForwarding yes
PermitTTY no
X11Forwarding no
UseDNS no
Compression no
Ciphers aes256-gcm@openssh.com
LogLevel ERROR
EOF
  if [[ $EUID -eq 0 && ! -d /run/sshd ]]; then mkdir -m 0755 /run/sshd; fi
  start_bg sshd /usr/sbin/sshd -D -e -f "$WORK/sshd_config"
  wait_listening "$sshd_port" sshd
  start_bg ssh-client ssh -F /dev/null -i "$WORK/client_key" -o IdentitiesOnly=yes -p "$sshd_port" \
    -c aes256-gcm@openssh.com -o Compression=no -o BatchMode=yes -o ExitOnForwardFailure=yes \
    -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -N \
    -L "127.0.0.1:${IPERF_PORT[ssh]}:127.0.0.1:${IPERF_TARGET[ssh]}" \
    -L "127.0.0.1:${ECHO_PORT[ssh]}:127.0.0.1:$ECHO_TARGET" \
    "$(id -un)@127.0.0.1"
  wait_listening "${IPERF_PORT[ssh]}" "ssh -L"
  wait_listening "${ECHO_PORT[ssh]}" "ssh -L"
fi

# ---------------------------------------------------------------------------------------------
# 8. Measurements.
# ---------------------------------------------------------------------------------------------
# iperf3 throughput in Gbit/s (receiver side), or FAIL. The timeout keeps a stuck path from hanging
# the benchmark; the JSON is kept in the temp dir for --keep.
measure_iperf() { # measure_iperf VARIANT STREAMS SECONDS TAG
  local out="$WORK/results/iperf-$1-P$2-$4.json" bps=""
  for _ in 1 2 3; do
    if timeout $(($3 + 40)) iperf3 -c 127.0.0.1 -p "${IPERF_PORT[$1]}" -t "$3" -P "$2" -J --connect-timeout 10000 \
      >"$out" 2>>"$WORK/logs/iperf3-client.log"; then
      bps="$(json_get "$out" end.sum_received.bits_per_second 2>/dev/null || true)"
      break
    fi
    # the server finishes the previous test after its client is done (a proxy may still be
    # flushing): 'busy' is worth a retry, anything else is a failure of the path
    grep -q 'server is busy' "$out" 2>/dev/null || break
    sleep 2
  done
  if [[ -n "$bps" ]]; then
    awk -v b="$bps" 'BEGIN { printf "%.3f\n", b / 1e9 }'
  else
    log "iperf3 -P $2 through '$1' failed: $(json_get "$out" error 2>/dev/null || tail -n 1 "$out" 2>/dev/null)"
    echo FAIL
  fi
}
# small-message round trips: "P50_US P99_US", or "FAIL FAIL"
measure_rtt() { # measure_rtt VARIANT ITERATIONS WARMUP
  local r
  if r="$(timeout 120 "${PROBE[@]}" client "${ECHO_PORT[$1]}" "$RTT_SIZE" "$2" "$3" 2>>"$WORK/logs/rtt-client.log")"; then
    echo "$r"
  else
    log "latency probe through '$1' failed (see rtt-client.log)"
    echo "FAIL FAIL"
  fi
}

{
  echo "== Ockam for the JVM: TCP portal benchmark =="
  echo "command   $COMMAND_LINE"
  echo "date      $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "machine   $(uname -n) $(uname -srm), nproc $(nproc), $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //')"
  echo "load      $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, before the run)"
  echo "java      $(java -version 2>&1 | head -n 1)"
  echo "source    $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet HEAD 2>/dev/null || echo ' (+ uncommitted changes)')"
  if has direct || has relay; then echo "node JVM  ${OCKAM_NODE_JAVA_OPTS:-CLI defaults for background nodes (-XX:+UseSerialGC -Xmx96m ...)}"; fi
  if [[ -n "$METRICS" ]]; then echo "metrics   nodes with --http-server, OCKAM_METRICS=$METRICS"; fi
  echo "tools     $(iperf3 --version | head -n 1)$(has stunnel && printf '; %s' "$("$STUNNEL" -version 2>&1 | grep -m1 '^stunnel')")$(has ssh && printf '; %s' "$(ssh -V 2>&1)")"
  echo "settings  rounds $ROUNDS, iperf3 $SECS s per measurement, latency: $RTT_SIZE-byte echo, $RTT_ITERS round trips after $RTT_WARMUP warm-up, one connection"
} >"$WORK/header.txt"
cat "$WORK/header.txt"

# Warm-up, not recorded: opens the portals' first connections and lets the JIT compile the Java
# paths. On 2 cores C2 needed 20+ s of traffic before it compiled AES-GCM (until then the nodes run
# C1 code, about half the throughput), so the portals get WARMUP_SECS of traffic, the others 1 s.
log "warm-up (iperf3 and a short latency probe per variant, portals ${WARMUP_SECS} s, not recorded)"
for v in "${VARIANTS[@]}"; do
  case "$v" in direct | relay) w="$WARMUP_SECS" ;; *) w=1 ;; esac
  measure_iperf "$v" 1 "$w" warmup >/dev/null
  measure_rtt "$v" 2000 500 >/dev/null
done

n=${#VARIANTS[@]}
for ((r = 1; r <= ROUNDS; r++)); do
  for ((k = 0; k < n; k++)); do
    v="${VARIANTS[$(((k + r - 1) % n))]}" # rotate the starting variant each round
    t1="$(measure_iperf "$v" 1 "$SECS" "r$r")"
    t4="$(measure_iperf "$v" 4 "$SECS" "r$r")"
    read -r p50 p99 <<<"$(measure_rtt "$v" "$RTT_ITERS" "$RTT_WARMUP")"
    for m in t1 t4 p50 p99; do echo "${!m}" >>"$WORK/results/$v.$m"; done
    log "round $r/$ROUNDS ${LABEL[$v]}: 1-stream $t1 Gbit/s, 4-stream $t4 Gbit/s, p50 $p50 µs, p99 $p99 µs"
  done
done

# ---------------------------------------------------------------------------------------------
# 9. Report: medians, then ratios between medians.
# ---------------------------------------------------------------------------------------------
median() { # median FILE -> median of the numeric lines, FAIL if none is numeric
  grep -E '^[0-9.]+$' "$1" 2>/dev/null | sort -g | awk '{ a[NR] = $1 } END {
    if (NR == 0) { print "FAIL"; exit }
    if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
declare -A MED
for v in "${VARIANTS[@]}"; do
  for m in t1 t4 p50 p99; do MED[$v.$m]="$(median "$WORK/results/$v.$m")"; done
done
fmt() { # fmt VALUE DECIMALS
  if [[ "$1" == FAIL ]]; then echo FAIL; else awk -v x="$1" -v d="$2" 'BEGIN { printf "%.*f", d, x }'; fi
}
ratio() { # ratio A.m B.m -> A/B of the medians, n/a when either is missing or failed
  local a="${MED[$1]:-}" b="${MED[$2]:-}"
  if [[ "$a" =~ ^[0-9.]+$ && "$b" =~ ^[0-9.]+$ ]] && awk -v b="$b" 'BEGIN { exit !(b > 0) }'; then
    awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", a / b }'
  else
    echo "n/a"
  fi
}

{
  echo
  echo "medians over $ROUNDS round(s):"
  # header written out: printf pads by bytes and 'µ' is two bytes in UTF-8
  echo "variant                    | 1-stream Gbit/s | 4-stream Gbit/s |    p50 µs |    p99 µs"
  echo "---------------------------+-----------------+-----------------+-----------+----------"
  for v in "${VARIANTS[@]}"; do
    printf '%-26s | %15s | %15s | %9s | %9s\n' "${LABEL[$v]}" "$(fmt "${MED[$v.t1]}" 2)" "$(fmt "${MED[$v.t4]}" 2)" \
      "$(fmt "${MED[$v.p50]}" 1)" "$(fmt "${MED[$v.p99]}" 1)"
  done
  echo
  echo "ratios (of medians; throughput: higher is better for the portal, latency: lower is better):"
  printf '  %-44s %s\n' \
    "portal direct / stunnel, 1-stream throughput" "$(ratio direct.t1 stunnel.t1)" \
    "portal direct / stunnel, 4-stream throughput" "$(ratio direct.t4 stunnel.t4)" \
    "portal direct / ssh,     1-stream throughput" "$(ratio direct.t1 ssh.t1)" \
    "portal direct / ssh,     4-stream throughput" "$(ratio direct.t4 ssh.t4)" \
    "portal relay / direct,   1-stream throughput" "$(ratio relay.t1 direct.t1)" \
    "portal relay / direct,   4-stream throughput" "$(ratio relay.t4 direct.t4)" \
    "portal direct / raw TCP, 1-stream throughput" "$(ratio direct.t1 raw.t1)" \
    "portal direct p50 / stunnel p50" "$(ratio direct.p50 stunnel.p50)" \
    "portal direct p50 / ssh p50" "$(ratio direct.p50 ssh.p50)" \
    "portal relay p50 / direct p50" "$(ratio relay.p50 direct.p50)" \
    "portal direct p99 / stunnel p99" "$(ratio direct.p99 stunnel.p99)" \
    "portal direct p99 / ssh p99" "$(ratio direct.p99 ssh.p99)"
  if has stunnel; then
    # what TLS really negotiated (the client logs it per connection at 'info' level)
    suite="$(grep -ohm1 'TLSv1[.0-9]* ciphersuite: [A-Z0-9_-]*' "$WORK"/logs/stunnel-*.log 2>/dev/null | head -n 1 || true)"
    echo "  stunnel negotiated: ${suite:-(not found in the stunnel log)}"
  fi
  echo "  load after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$WORK/table.txt"

# exit non-zero when a variant failed every measurement, so a broken path is not mistaken for a result
failed=0
for v in "${VARIANTS[@]}"; do
  if [[ "${MED[$v.t1]}" == FAIL || "${MED[$v.t4]}" == FAIL || "${MED[$v.p50]}" == FAIL ]]; then
    log "variant '$v' failed (see the log lines above)"
    failed=1
  fi
done
exit "$failed"
