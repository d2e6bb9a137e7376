# Two commands on a fresh machine: `make demo` and `make test`. Both need only python3 and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= timeline.db
HOST ?= 127.0.0.1
PORT ?= 8001

.PHONY: demo test test-browser screenshot lint eval bench install clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,dev,postgres,browser]"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/timeline --db $(DB) ingest seeds/
	$(BIN)/timeline --db $(DB) serve --host $(HOST) --port $(PORT)

test: $(STAMP)
	$(BIN)/python -m pytest
	@# alembic check: a database upgraded from empty matches the models.
	tmp=$$(mktemp -d) && TIMELINE_DB=$$tmp/check.db $(BIN)/alembic upgrade head \
	  && TIMELINE_DB=$$tmp/check.db $(BIN)/alembic check; status=$$?; rm -rf $$tmp; exit $$status
	$(BIN)/ruff check .
	$(BIN)/mypy

# The timeline page in headless Chromium (Debian's chromium, Playwright from the browser extra).
# Missing chromium or playwright fails here instead of skipping as in `make test`.
test-browser: $(STAMP)
	TIMELINE_REQUIRE_BROWSER=1 $(BIN)/python -m pytest tests/test_browser.py

# The README's picture: the seed article's timeline page, as the browser test renders it.
screenshot: $(STAMP)
	TIMELINE_REQUIRE_BROWSER=1 TIMELINE_SCREENSHOTS=build/screenshots \
	  $(BIN)/python -m pytest -q tests/test_browser.py -k seed_article_timeline
	cp build/screenshots/seed-timeline.png docs/timeline.png

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

eval: $(STAMP)
	$(BIN)/python bench/eval_all.py --check bench/floors.json

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
