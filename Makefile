# Each target creates .venv if missing. Python 3.11 is all a fresh machine needs.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint fmt bench clean messages

$(BIN)/pavilion: pyproject.toml
	@test -x $(BIN)/python || $(PY) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(BIN)/pavilion

demo: $(BIN)/pavilion
	$(BIN)/pavilion demo

test: $(BIN)/pavilion
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

lint: $(BIN)/pavilion
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: $(BIN)/pavilion
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) .pavilion .pytest_cache

# Refresh the Korean catalogue from the code, then compile it. Needs gettext.
messages: $(BIN)/pavilion
	cd src/pavilion && DJANGO_SETTINGS_MODULE=pavilion.settings ../../$(BIN)/django-admin makemessages -l ko --no-location --no-obsolete --ignore 'scheduling/*'
	cd src/pavilion && DJANGO_SETTINGS_MODULE=pavilion.settings ../../$(BIN)/django-admin compilemessages -l ko
