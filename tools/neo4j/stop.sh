#!/usr/bin/env bash
# Stop the server started by start.sh (same NEO4J_TEST_PORT / LITGRAPH_NEO4J_RUN) and delete its data.
# SIGTERM (clean shutdown via the launcher's hook), then SIGKILL after NEO4J_STOP_TIMEOUT (default 30 s).
# Idempotent: succeeds when nothing is running.
set -euo pipefail

port="${NEO4J_TEST_PORT:-7697}"
run="${LITGRAPH_NEO4J_RUN:-${TMPDIR:-/tmp}/litgraph-neo4j-$port}"
pidfile="$run/neo4j.pid"
timeout="${NEO4J_STOP_TIMEOUT:-30}"

# Live (non-zombie) launcher with this pid? Guards against a reused pid.
running() { grep -qs 'Launcher.java' "/proc/$1/cmdline" && ! grep -qs '^[0-9]* (.*) Z' "/proc/$1/stat"; }

if [[ -f "$pidfile" ]]; then
    pid="$(cat "$pidfile")"
    if running "$pid"; then
        kill -TERM "$pid" 2>/dev/null || true
        deadline=$((SECONDS + timeout))
        while running "$pid" && ((SECONDS < deadline)); do sleep 0.2; done
        if running "$pid"; then
            echo "neo4j stop: pid $pid still running after ${timeout}s; sending SIGKILL" >&2
            kill -KILL "$pid" 2>/dev/null || true
            for _ in $(seq 50); do running "$pid" || break; sleep 0.1; done
        fi
    fi
    rm -f "$pidfile"
fi
rm -rf "$run/data"
