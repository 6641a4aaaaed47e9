# Homeroom: `make demo` serves a seeded demo district; `make test` runs the whole suite.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements/lock.txt pyproject.toml | cksum | cut -d' ' -f1)
DEMO_STUDENTS ?= 3000
PORT ?= 8000

.PHONY: setup demo test test-sqlite test-postgres lint typecheck openapi messages clean

$(STAMP): requirements/lock.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/lock.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

setup: $(STAMP)

demo: setup
	env -u DATABASE_URL $(BIN)/homeroom migrate --noinput
	env -u DATABASE_URL $(BIN)/homeroom seed --if-empty --students $(DEMO_STUDENTS) --seed 1
	env -u DATABASE_URL PORT=$(PORT) $(BIN)/homeroom demo_logins
	env -u DATABASE_URL HOMEROOM_SMS_SENDER=homeroom.demo.sms.print_sms $(BIN)/homeroom runserver 127.0.0.1:$(PORT)

# The whole suite on SQLite; again on PostgreSQL when DATABASE_URL is set.
test: setup
	env -u DATABASE_URL $(BIN)/pytest -q -n 2
	@if [ -n "$$DATABASE_URL" ]; then echo "== again on $$DATABASE_URL"; $(BIN)/pytest -q -n 2; fi

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: setup
	$(BIN)/mypy homeroom homeroom_engine

openapi: setup
	$(BIN)/homeroom export_openapi > docs/openapi.json

# Update the Spanish catalogue after changing strings; translate, then compile (needs gettext).
messages: setup
	$(BIN)/homeroom makemessages -l es --no-wrap --no-location --ignore='tests/*' --ignore='bench/*' --ignore='.venv/*'
	msgattrib --no-obsolete --no-wrap -o homeroom/locale/es/LC_MESSAGES/django.po homeroom/locale/es/LC_MESSAGES/django.po
	msgfmt --check -o homeroom/locale/es/LC_MESSAGES/django.mo homeroom/locale/es/LC_MESSAGES/django.po

clean:
	rm -rf $(VENV) homeroom.sqlite3* staticfiles
