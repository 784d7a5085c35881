# Everyday entry points: `make run` converts samples/ into outputs/, `make test` runs the tests.

export PYTHAINLP_OFFLINE := 1

PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: setup run test

setup: $(STAMP)

# Reinstalls only when pyproject.toml changes (the stamp is newer otherwise).
$(STAMP): pyproject.toml
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -e '.[test]'
	touch $@

run: setup
	$(VENV)/bin/thaiplan extract samples/ --out outputs/

test: setup
	$(VENV)/bin/pytest -q
