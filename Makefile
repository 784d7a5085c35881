# Everyday entry points: `make run` converts samples/ into outputs/, `make test` runs the tests,
# `make lint` checks formatting, lint rules and types.

export PYTHAINLP_OFFLINE := 1

PYTHON ?= python3
VENV := .venv
# Two stamps: what running needs (`make run`), and on top of it the test toolchain (ruff,
# mypy, pytest, Dask, DuckDB, polars ...) that only `make test` and `make lint` need.
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: setup tesseract run test lint

setup: $(TEST_STAMP) tesseract

# OCR of scanned pages needs Tesseract with Thai data, a system package, and a Thai font
# (Laksaman, TH Sarabun's TLWG copy) to draw the digit templates scanned numbers are
# re-read with: installed with apt when we are root, otherwise named in one line (scans
# then get an ocr_unavailable note, or keep Tesseract's digits).
OCR_PACKAGES = tesseract-ocr tesseract-ocr-tha fonts-tlwg-laksaman-ttf
tesseract:
	@if tesseract --list-langs 2>/dev/null | grep -qx tha \
		&& [ -e /usr/share/fonts/truetype/tlwg/Laksaman.ttf ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		(apt-get install -y -q $(OCR_PACKAGES) >/dev/null 2>&1 \
		|| (apt-get update -q >/dev/null && apt-get install -y -q $(OCR_PACKAGES) >/dev/null)) \
		|| echo "could not install $(OCR_PACKAGES); scans will not be read"; \
	else echo "for OCR of scans install the system packages $(OCR_PACKAGES)"; fi

# Reinstalls only when pyproject.toml changes (the stamp is newer otherwise).
$(STAMP): pyproject.toml
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -e .
	touch $@

$(TEST_STAMP): $(STAMP)
	$(VENV)/bin/pip install -e '.[test]'
	touch $@

run: $(STAMP) tesseract
	$(VENV)/bin/thaiplan extract samples/ --out outputs/

test: $(TEST_STAMP) tesseract
	$(VENV)/bin/pytest -q

# mypy sees the installed layout (extract/ and normalize/ inside thaiplan/) through a tree
# of symlinks, since the editable install maps those folders with an import hook mypy
# cannot follow.
TYPECHECK := build/typecheck

lint: $(TEST_STAMP)
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	rm -rf $(TYPECHECK) && mkdir -p $(TYPECHECK)/thaiplan
	for f in thaiplan/*.py; do ln -s ../../../$$f $(TYPECHECK)/thaiplan/; done
	ln -s ../../../thaiplan/output $(TYPECHECK)/thaiplan/output
	ln -s ../../../extract $(TYPECHECK)/thaiplan/extract
	ln -s ../../../normalize $(TYPECHECK)/thaiplan/normalize
	cd $(TYPECHECK) && ../../$(VENV)/bin/mypy --config-file ../../pyproject.toml -p thaiplan
