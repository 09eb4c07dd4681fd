# Two commands do all the set-up on a fresh machine (README, Quick start):
#   make book   creates .venv, installs the kit, builds every edition of the handbook
#   make test   creates .venv, installs the kit and what the tests need, runs every test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: book test lint setup system-deps

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	@# setuptools' banner about editable installs is not the user's business
	PYTHONWARNINGS='ignore:Editable installation' $(BIN)/pip install --quiet -e '.[test,hub]'
	touch $@

book: setup
	$(BIN)/kit check
	$(BIN)/kit build
	@echo "Open _build/participant/html/index.html (participants' handout), _build/self-study/html/index.html (exercises to do alone) or _build/facilitator/html/index.html (trainers)."

system-deps:
	bash scripts/system-deps libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core poppler-utils chromium postgresql

lint: setup
	$(BIN)/ruff check kit tests

test: setup system-deps lint
	npm ci --prefix tests/node --no-audit --no-fund --loglevel=error
	npm ci --prefix deploy/jupyterhub/node --no-audit --no-fund --loglevel=error
	$(BIN)/kit check
	$(BIN)/pytest
	$(BIN)/pytest -p no:cacheprovider --nbval-lax exercises -o testpaths=exercises -W ignore::DeprecationWarning
