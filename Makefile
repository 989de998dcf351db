# Two commands: `make run` (demo on SQLite) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
STAMP_RUN := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test
STAMP_MUTATION := $(VENV)/.installed-mutation
MUTATION_JOBS ?= 2
# pytest-xdist workers for `make test`: one per CPU; 0 runs the tests in this one process.
TEST_WORKERS ?= auto
MUTATION_MIN ?= 95

.PHONY: run test test-fast lint mutation translations translations-update bench clean help

help:
	@echo "make run    - set up and serve the demo on http://127.0.0.1:5000 (SQLite)"
	@echo "make test   - set up and run every test (SQLite; PostgreSQL too when LMS_TEST_DATABASE_URL is set)"
	@echo "make mutation - mutation testing of lms/rules and lms/core/access.py (slow; not in CI)"

$(BIN)/python:
	@echo ">> creating the virtual environment in $(VENV)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP_RUN): $(BIN)/python setup.cfg
	@echo ">> installing Thaksa and its dependencies"
	$(BIN)/pip install --quiet -e '.[postgres]'
	touch $@

$(STAMP_TEST): $(STAMP_RUN) setup.cfg
	@echo ">> installing the test dependencies"
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

translations: $(STAMP_RUN)
	@$(BIN)/pybabel compile --statistics -d lms/translations 2>&1 | tail -n 1

translations-update: $(STAMP_RUN)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o lms/translations/messages.pot lms
	$(BIN)/pybabel update -i lms/translations/messages.pot -d lms/translations --no-fuzzy-matching

instance/config.py:
	@echo ">> writing instance/config.py with a fresh secret key (local demo over http)"
	@mkdir -p instance
	@printf '%s\n' "# Written by 'make run' for a local demo; see instance/config.example.py." \
	  "SECRET_KEY = '$$($(PYTHON) -c 'import secrets; print(secrets.token_hex(32))')'" \
	  "SESSION_COOKIE_SECURE = False  # served over plain http on 127.0.0.1" \
	  "REMEMBER_COOKIE_SECURE = False" > $@

run: $(STAMP_RUN) translations instance/config.py
	@echo ">> applying the database migrations (instance/lms.sqlite3)"
	$(FLASK) db upgrade
	@echo ">> loading the demo: people, the sample courses, a year of history (only the first time)"
	$(FLASK) lms demo
	@echo ">> starting the reminder scheduler in the background (its log: instance/scheduler.log)"
	@echo ">> serving on http://127.0.0.1:5000  (Ctrl+C stops both)"
	@$(FLASK) lms scheduler >> instance/scheduler.log 2>&1 & scheduler=$$!; \
	  trap 'kill $$scheduler 2>/dev/null' EXIT; trap 'exit 130' INT TERM; \
	  $(FLASK) run --host 127.0.0.1 --port 5000

test: $(STAMP_TEST) translations
	@bash scripts/ensure-browser.sh
	@echo ">> checking the layers and the rules' purity (import-linter; the contracts are in setup.cfg)"
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

test-fast: $(STAMP_TEST) translations
	$(BIN)/python -m pytest -m "not e2e" -x -q $(PYTEST_ARGS)

# Mutation testing (mutmut; setup.cfg [mutmut] names the code and the tests): each small
# change to the rules or the access layer must make a test fail. Slow, so not in CI;
# docs/decisions.md records the last score. `mutmut show NAME` shows a survivor's change.
$(STAMP_MUTATION): $(STAMP_TEST)
	@echo ">> installing mutmut"
	$(BIN)/pip install --quiet 'mutmut>=3.8,<4'
	touch $@

mutation: $(STAMP_MUTATION) translations
	@echo ">> mutating lms/rules and lms/core/access.py into mutants/ ($(MUTATION_JOBS) at a time)"
	rm -rf mutants
	$(BIN)/mutmut run --max-children $(MUTATION_JOBS)
	@echo ">> mutants that no test caught:"
	@$(BIN)/mutmut results
	@$(BIN)/mutmut export-cicd-stats >/dev/null
	@$(BIN)/python -c 'import json, sys; s = json.load(open("mutants/mutmut-cicd-stats.json")); \
	  caught = s["killed"] + s["timeout"]; score = 100 * caught / s["total"]; \
	  print(">> %d of %d mutants caught (%.1f %%, at least $(MUTATION_MIN) %% wanted): %d survived, %d without tests" \
	        % (caught, s["total"], score, s["survived"], s["no_tests"])); \
	  sys.exit(score < $(MUTATION_MIN))'

lint: $(STAMP_TEST)
	$(BIN)/ruff check lms tests bench
	$(BIN)/lint-imports --no-cache

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
