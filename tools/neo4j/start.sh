#!/usr/bin/env bash
# Start a throw-away Neo4j Community 5.26 server (embedded DBMS + Bolt) for tests and CI.
# No Docker: the jars come from Maven Central via tools/neo4j/pom.xml and are cached.
#
#   tools/neo4j/start.sh        # prints bolt://127.0.0.1:$NEO4J_TEST_PORT once it answers
#   tools/neo4j/stop.sh
#
# Environment:
#   NEO4J_TEST_PORT      Bolt port on 127.0.0.1 (default 7697)
#   LITGRAPH_NEO4J_HOME  jar cache (default ~/.cache/litgraph/neo4j-5.26); jars go in its lib/
#   LITGRAPH_NEO4J_RUN   run folder for pid, log and data (default ${TMPDIR:-/tmp}/litgraph-neo4j-<port>)
#   NEO4J_TEST_HEAP      JVM max heap (default 1g)
#   NEO4J_TEST_PAGECACHE Neo4j page cache, e.g. 2g (default 256m; read by Launcher.java)
#   NEO4J_TEST_SETTINGS  more Neo4j settings, "name=value;name=value" (read by Launcher.java)
#   NEO4J_START_TIMEOUT  seconds to wait for Bolt (default 120)
#   JAVA_HOME            Java 17+ to use (default: java on PATH)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
port="${NEO4J_TEST_PORT:-7697}"
home="${LITGRAPH_NEO4J_HOME:-$HOME/.cache/litgraph/neo4j-5.26}"
lib="$home/lib"
run="${LITGRAPH_NEO4J_RUN:-${TMPDIR:-/tmp}/litgraph-neo4j-$port}"
pidfile="$run/neo4j.pid"
log="$run/neo4j.log"
data="$run/data"
timeout="${NEO4J_START_TIMEOUT:-120}"
uri="bolt://127.0.0.1:$port"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

die() { echo "neo4j start: $*" >&2; exit 1; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }
# Process exists and is not a zombie.
exists() { [[ -r "/proc/$1/stat" ]] && ! grep -qs '^[0-9]* (.*) Z' "/proc/$1/stat"; }
# The pid file names a live launcher (the cmdline check guards against a reused pid).
alive() {
    [[ -f "$pidfile" ]] || return 1
    local pid; pid="$(cat "$pidfile")"
    exists "$pid" && grep -qs 'Launcher.java' "/proc/$pid/cmdline"
}

mkdir -p "$run"
# Serialise concurrent starts on the same port (the launcher must not inherit fd 9).
if command -v flock >/dev/null; then exec 9>"$run/.lock"; flock 9; fi

# Already running (started by us)? Nothing to do.
if alive && port_open; then echo "$uri"; exit 0; fi
if alive; then die "pid $(cat "$pidfile") from $pidfile is alive but $uri does not answer; run stop.sh first"; fi
rm -f "$pidfile"
port_open && die "port $port is already in use by another process; set NEO4J_TEST_PORT"

command -v "$java" >/dev/null || die "java not found (need Java 17+; set JAVA_HOME)"

# 1. Jars: fetched once, reused while pom.xml is unchanged.
stamp="$(cksum <"$here/pom.xml")"
if [[ ! -f "$lib/.complete" || "$(cat "$lib/.complete")" != "$stamp" ]]; then
    command -v mvn >/dev/null || die "mvn not found (needed once to fetch the Neo4j jars)"
    echo "neo4j start: fetching Neo4j jars into $lib (first run only)..." >&2
    mkdir -p "$home"
    tmp="$(mktemp -d "$home/lib.tmp.XXXXXX")"
    mvn -q -B -Dstyle.color=never -f "$here/pom.xml" dependency:copy-dependencies \
        -DoutputDirectory="$tmp" -DincludeScope=runtime >&2 \
        || { rm -rf "$tmp"; die "mvn dependency:copy-dependencies failed"; }
    echo "$stamp" >"$tmp/.complete"
    rm -rf "$lib"
    mv "$tmp" "$lib"
fi

# 2. Fresh data dir, launcher in the background.
rm -rf "$data"
mkdir -p "$data"
: >"$log"
nohup "$java" -Xms256m -Xmx"${NEO4J_TEST_HEAP:-1g}" -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError \
    -Djava.awt.headless=true -Dio.netty.tryReflectionSetAccessible=true \
    --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
    -cp "$lib/*" "$here/Launcher.java" "$data" "$port" </dev/null >>"$log" 2>&1 9>&- &
echo $! >"$pidfile"

# 3. Wait (bounded) for READY and an answering Bolt port.
pid="$(cat "$pidfile")"
fail() {
    echo "neo4j start: $1; last lines of $log:" >&2
    tail -n 40 "$log" >&2
    if [[ -f "$data/logs/debug.log" ]]; then
        echo "--- last lines of $data/logs/debug.log:" >&2
        tail -n 20 "$data/logs/debug.log" >&2
    fi
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$pidfile"
    exit 1
}
deadline=$((SECONDS + timeout))
until grep -q '^READY ' "$log" && port_open; do
    exists "$pid" || fail "the server exited before it was ready"
    ((SECONDS < deadline)) || fail "$uri did not answer within ${timeout}s"
    sleep 0.5
done
echo "$uri"
