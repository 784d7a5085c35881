# Everyday entry points: `make run` converts samples/ into outputs/, `make test` runs the tests,
# `make lint` checks formatting, lint rules and types.

export PYTHAINLP_OFFLINE := 1

PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: setup run test lint

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

# mypy sees the installed layout (extract/ and normalize/ inside thaiplan/) through a tree
# of symlinks, since the editable install maps those folders with an import hook mypy
# cannot follow.
TYPECHECK := build/typecheck

lint: setup
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	rm -rf $(TYPECHECK) && mkdir -p $(TYPECHECK)/thaiplan
	for f in thaiplan/*.py; do ln -s ../../../$$f $(TYPECHECK)/thaiplan/; done
	ln -s ../../../thaiplan/output $(TYPECHECK)/thaiplan/output
	ln -s ../../../extract $(TYPECHECK)/thaiplan/extract
	ln -s ../../../normalize $(TYPECHECK)/thaiplan/normalize
	cd $(TYPECHECK) && ../../$(VENV)/bin/mypy --config-file ../../pyproject.toml -p thaiplan
