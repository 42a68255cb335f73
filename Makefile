# Two doors: `make demo` (the seed review, embedded, no server) and `make test`
# (everything the tests need, Neo4j included). Both set up .venv themselves.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test bench model model-check system-deps clean

# editable_mode=compat: the checkout goes on sys.path through a plain .pth line; setuptools'
# default editable finder is imported by every start of Python (10-30 ms of each `litgraph`).
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --config-settings editable_mode=compat -e ".[test]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/litgraph build
	$(BIN)/litgraph hypotheses --format md
	$(BIN)/litgraph paths "community support" "brand attachment"

system-deps:
	bash tools/system-deps.sh

test: $(STAMP) system-deps
	bash tools/run-tests.sh

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_cli.py

# The typed-reference CRF (litgraph/resources/refparser.crfsuite), from tools/refparser/RECIPE.md's
# sources; model-check trains twice and fails unless both models are the same bytes.
model: $(STAMP)
	$(BIN)/python -m tools.refparser.train

model-check: $(STAMP)
	$(BIN)/python -m tools.refparser.train --check

clean:
	rm -rf .litgraph .pytest_cache
