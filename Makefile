# The few commands people type. The README's two commands are `make run` and `make test`.
UV := scripts/uv.sh
MANAGE := $(UV) run python manage.py

.PHONY: run setup test lint format messages

run: setup
	@scripts/run_dev.sh

setup:
	$(UV) sync --frozen
	$(MANAGE) compile_translations
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	$(MANAGE) ensure_dev_admin

test:
	$(UV) sync --frozen
	$(MANAGE) compile_translations
	@# ical.js reads the feeds as Thunderbird does (tests/support/ical_js.py); needs node.
	@if command -v npm >/dev/null && [ ! -d tests/support/icaljs/node_modules/ical.js ]; then \
		npm ci --prefix tests/support/icaljs --no-audit --no-fund; fi
	$(UV) run pytest $(PYTEST_ARGS)

lint:
	$(UV) run ruff check .
	$(UV) run ruff format --check .
	$(MANAGE) makemigrations --check --dry-run

format:
	$(UV) run ruff check --fix .
	$(UV) run ruff format .

# Needs GNU gettext (xgettext); updates locale/nl/LC_MESSAGES/django.po.
messages:
	$(MANAGE) makemessages -l nl --ignore=.venv --ignore=var --no-obsolete
