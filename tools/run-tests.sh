#!/usr/bin/env bash
# Start the services the tests need (a real Neo4j), run pytest, always stop them.
set -euo pipefail
cd "$(dirname "$0")/.."

# The habits CI enforces before any test runs: the formatter's layout, the linter's rules, the types.
.venv/bin/ruff format --check --quiet .
.venv/bin/ruff check --quiet .
.venv/bin/mypy --no-error-summary

export NEO4J_TEST_PORT="${NEO4J_TEST_PORT:-7697}"
bash tools/neo4j/start.sh
trap 'bash tools/neo4j/stop.sh' EXIT
export LITGRAPH_TEST_NEO4J_URI="bolt://127.0.0.1:${NEO4J_TEST_PORT}"

.venv/bin/python -m pytest -q "$@"
