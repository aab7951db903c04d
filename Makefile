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

# Rebuild the repair model in corpus/lm/ (the files are committed): the held-out document list, OCR of
# the rendered clean plans (~15 min on 2 cores), the trigram LM from corpus/text/admin_vi.txt.xz and the
# plans (~30 s), the precomputed readings (~5 min). `python corpus/lm/build.py --lm-only` redoes the
# last two alone.
model: setup
	@bash scripts/system-deps.sh --model
	$(BIN)/python corpus/lm/build_syllables.py
	$(BIN)/python corpus/lm/build_legacy.py
	$(BIN)/python corpus/lm/build_words.py
	$(BIN)/python corpus/lm/heldout.py
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
