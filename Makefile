# Set-up and everyday commands of Cadre LMS. The README documents `make run` and `make test`.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
WIDGETS_STAMP := frontend/.build-stamp

.PHONY: run test install widgets migrate demo serve lint messages clean

run: install widgets migrate demo serve

test: install widgets
	bash scripts/test.sh

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements/constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements/constraints.txt -e ".[dev]"
	touch $@

widgets: $(WIDGETS_STAMP)

$(WIDGETS_STAMP): frontend/package.json frontend/package-lock.json frontend/build.mjs $(shell find frontend/src -type f 2>/dev/null)
	@command -v npm >/dev/null || { echo "npm (Node.js 20+) is needed to build the widgets"; exit 1; }
	cd frontend && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build
	touch $@

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: install
	$(BIN)/python manage.py load_demo_data
	$(BIN)/python manage.py update_index > /dev/null

serve: install
	PORT=$(PORT) bash scripts/serve.sh

lint: install
	$(BIN)/ruff check .

# Refresh the zh-hans catalogues after changing strings (needs GNU gettext), then fill them in.
messages: install
	bash scripts/makemessages.sh

clean:
	rm -rf $(VENV) frontend/node_modules var $(WIDGETS_STAMP)
