# The two commands of the README: `make run` (set up, then import the sample plans) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench model names setup system-deps clean

run: setup
	$(BIN)/vnplan import corpus/plans --out out
	$(BIN)/vnplan report out

test: setup
	@bash scripts/system-deps.sh --test
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python bench/run.py

# Rebuild the repair model in corpus/lm/ (about 15 minutes of OCR on 2 cores; the files are committed).
model: setup
	@bash scripts/system-deps.sh --model
	$(BIN)/python corpus/lm/build_syllables.py
	$(BIN)/python corpus/lm/build_legacy.py
	$(BIN)/python corpus/lm/build_words.py
	$(BIN)/python corpus/lm/build.py

# Rebuild corpus/lexicons/proper_names.csv from the national register of administrative units and
# a list of person names (two MIT packages, installed only for this, never a run-time dependency).
names: setup
	$(BIN)/python -m pip install -q --no-deps --target build/names vietnamadminunits vnfaker
	PYTHONPATH=build/names $(BIN)/python corpus/lm/build_names.py

setup: system-deps $(STAMP)

system-deps:
	@bash scripts/system-deps.sh

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $@

clean:
	rm -rf out build *.egg-info
