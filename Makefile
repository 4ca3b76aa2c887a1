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
