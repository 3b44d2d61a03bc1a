#!/usr/bin/env bash
# The embedding path end to end, as a user takes it: install the artifacts into a PRIVATE local
# repository, create a Vert.x application from scratch with only README's dependency block and
# example class, build it against that repository, and let it talk through a relay and a secure
# channel to nodes of the fat jar. Everything on 127.0.0.1; nothing goes into ~/.m2.
#   examples/embed-check.sh [--repo DIR] [--work DIR] [--skip-install]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo=/tmp/embed-m2 work=/tmp/embed-app install=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --repo) repo="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --skip-install) install=0; shift ;;
    *) echo "usage: $0 [--repo DIR] [--work DIR] [--skip-install]" >&2; exit 2 ;;
  esac
done
export OCKAM_HOME="$work/ockam-home"
cleanup() { (cd "$root" && ./ockam node delete --all --yes >/dev/null 2>&1 || true); }
trap cleanup EXIT

if [[ $install == 1 ]]; then
  echo "== mvn install into $repo"
  (cd "$root" && mvn -B -q -Dmaven.repo.local="$repo" install -DskipTests)
fi

echo "== a new application in $work, from README's first xml and java blocks"
rm -rf "$work" && mkdir -p "$work/src/main/java" "$OCKAM_HOME"
python3 - "$root/README.md" "$work" <<'PY'
import re, sys
readme, work = open(sys.argv[1]).read(), sys.argv[2]
section = readme[readme.index("## Use it in your Vert.x application"):]
xml = re.search(r"```xml\n(.*?)```", section, re.S).group(1)
java = re.search(r"```java\n(.*?)```", section, re.S).group(1)
name = re.search(r"public class (\w+)", java).group(1)
open(f"{work}/src/main/java/{name}.java", "w").write(java)
open(f"{work}/main-class", "w").write(name)
open(f"{work}/pom.xml", "w").write(f"""<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>com.example</groupId>
  <artifactId>hello-ockam</artifactId>
  <version>1.0</version>
  <properties>
    <maven.compiler.source>17</maven.compiler.source>
    <maven.compiler.target>17</maven.compiler.target>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
{xml}</project>
""")
PY
(cd "$work" && mvn -B -q -Dmaven.repo.local="$repo" package dependency:build-classpath -Dmdep.outputFile="$work/cp.txt")

echo "== fat-jar nodes: relay, and server behind relay 'server' (OCKAM_HOME=$OCKAM_HOME)"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cd "$root"
./ockam node create relay --tcp-listener-address "127.0.0.1:$port" >/dev/null
./ockam node create server >/dev/null
./ockam relay create server --at /node/relay --to server >/dev/null
server=$(./ockam node show server --output json | python3 -c 'import json, sys; print(json.load(sys.stdin)["identifier"])')

echo "== the application"
out=$(cd "$work" && timeout 120 java -cp "target/classes:$(cat cp.txt)" "$(cat main-class)" \
  "/ip4/127.0.0.1/tcp/$port/service/forward_to_server/secure/api/service/echo")
echo "$out"
expected=$'Hello, Ockam!\nhello through a secure channel (from '"$server"')'
if [[ "$out" == "$expected" ]]; then echo "OK"; else echo "FAILED: expected"; echo "$expected"; exit 1; fi
