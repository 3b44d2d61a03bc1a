#!/usr/bin/env bash
# Start-up of the ockam command line against a bare JVM, measured in the same run:
# median wall time of N runs (default 5) of each command and its ratio to `java -version`.
#   bench/cli-startup.sh [RUNS]          (OCKAM=path/to/ockam to measure another launcher)
# The commands run in a temporary OCKAM_HOME with one node (n1) on 127.0.0.1; `node create` creates
# and deletes a node per run (its time is the create alone), three ways: without spare node processes
# (OCKAM_SPARE_NODE=0: a new JVM per node), from a spare that is ready, and back to back. Prints `uptime` first: on a loaded
# machine the ratios, not the seconds, are the figures to compare.
set -euo pipefail
runs="${1:-5}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ockam="${OCKAM:-$root/ockam}"
export OCKAM_HOME="$(mktemp -d)"
trap '"$ockam" node delete --all --yes >/dev/null 2>&1 || true; rm -rf "$OCKAM_HOME"' EXIT

"$ockam" --version >/dev/null   # builds the jar and the class-data archive if needed (not timed)
"$ockam" node create n1 >/dev/null

# seconds of one run of a command (its output discarded)
seconds() {
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; return 1; }
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc -l
}

median() {
  sort -g | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2] + a[NR/2+1]) / 2}'
}

measure() {
  local name="$1"; shift
  local i out=()
  for ((i = 0; i < runs; i++)); do
    out+=("$(seconds "$@")")
  done
  printf '%s\n' "${out[@]}" | median
}

create_delete() {
  local t
  t=$(seconds "$ockam" node create "bench$1")
  "$ockam" node delete "bench$1" --yes >/dev/null 2>&1
  echo "$t"
}

# waits (not timed) until the home's spare node process listens, as it does when a command comes a
# second or so after the last node started (up to 30 s)
spare_ready() {
  local i
  for ((i = 0; i < 300; i++)); do
    [[ -S "$OCKAM_HOME/spare/node.sock" ]] && return 0
    sleep 0.1
  done
  echo "no spare node process came up" >&2
}

uptime
base=$(measure "java -version" java -version)
printf '%-36s %8s %8s\n' "command" "median_s" "ratio"
printf '%-36s %8.3f %8.1f\n' "java -version" "$base" 1
row() {
  local name="$1" m="$2"
  printf '%-36s %8.3f %8.1f\n' "$name" "$m" "$(echo "$m / $base" | bc -l)"
}
row "ockam --version" "$(measure v "$ockam" --version)"
row "ockam node list" "$(measure l "$ockam" node list)"
row "ockam message send (echo)" "$(measure m "$ockam" message send hi --to /node/n1/service/echo)"
# node create: in a new process (no spare), from a spare that is ready, and back to back (each create
# right after the last delete: the spare may still be warming up)
creates=()
for ((i = 0; i < runs; i++)); do
  creates+=("$(OCKAM_SPARE_NODE=0 create_delete "plain$i")")
done
row "ockam node create (no spare)" "$(printf '%s\n' "${creates[@]}" | median)"
creates=()
for ((i = 0; i < runs; i++)); do
  spare_ready
  creates+=("$(create_delete "spare$i")")
done
row "ockam node create (spare)" "$(printf '%s\n' "${creates[@]}" | median)"
creates=()
for ((i = 0; i < runs; i++)); do
  creates+=("$(create_delete "b2b$i")")
done
row "ockam node create (b2b)" "$(printf '%s\n' "${creates[@]}" | median)"
# 16 more nodes, four at a time (all at once overloads a 2-core machine: their APIs miss the timeout)
for b in 0 4 8 12; do
  for i in 1 2 3 4; do "$ockam" node create "del$((b + i))" >/dev/null & done
  wait
done
row "ockam node delete --all --yes ($("$ockam" node list --jq 'length'))" "$(seconds "$ockam" node delete --all --yes)"
