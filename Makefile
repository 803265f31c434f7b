# AssoNum — `make run` sets everything up and serves the demo; `make test` runs the tests.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help run install assets migrate demo serve test test-fast lint lock collectstatic check-deploy bench load clean totp \
	prod-install prod-upgrade backup restore deploy-test audit

help: ## List the commands
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-14s %s\n", $$1, $$2}'

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check uv

$(VENV)/.installed: requirements.lock | $(PY)
	$(UV) pip sync --quiet --python $(PY) requirements.lock
	@touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

assonum/static/vendor/.copied: node_modules/.package-lock.json
	rm -rf assonum/static/vendor && mkdir -p assonum/static/vendor
	cp node_modules/htmx.org/dist/htmx.min.js assonum/static/vendor/
	cp -r node_modules/leaflet/dist assonum/static/vendor/leaflet
	cp -r node_modules/leaflet.markercluster/dist assonum/static/vendor/leaflet.markercluster
	@touch $@

install: $(VENV)/.installed ## Create the virtual environment and install the locked dependencies

assets: assonum/static/vendor/.copied ## Install the front-end libraries from npm into the static files

.env:
	@printf 'DEBUG=1\nSECRET_KEY=%s\n' "$$(LC_ALL=C tr -dc 'A-Za-z0-9' </dev/urandom | head -c 50)" > .env
	@echo "Created .env (development settings; see .env.example)"

migrate: install .env ## Apply the database migrations
	$(PY) manage.py migrate --no-input -v 0

demo: migrate ## Load the demo content (idempotent)
	$(PY) manage.py load_demo

run: install assets .env ## Set up everything and serve the demo on http://127.0.0.1:$(PORT)/
	PORT=$(PORT) $(PY) manage.py migrate --no-input -v 0
	PORT=$(PORT) $(PY) manage.py load_demo
	@echo ""
	@echo "AssoNum : http://127.0.0.1:$(PORT)/  (back office : http://127.0.0.1:$(PORT)/admin/)"
	@echo "Les e-mails de la démo sont écrits dans var/emails/."
	@echo ""
	@bash scripts/serve.sh $(PORT)

test: install assets ## Run the whole test suite (SQLite, or PostgreSQL when DATABASE_URL is set)
	$(PY) -m pytest $(PYTEST_ARGS)

test-fast: install ## Run the tests without the browser tests
	$(PY) -m pytest -m "not e2e" $(PYTEST_ARGS)

lint: install ## Check the code style
	$(PY) -m ruff check assonum config tests bench

audit: install ## Known vulnerabilities in the Python and npm dependencies (needs their advisory services: not in CI)
	$(VENV)/bin/uv tool run pip-audit --requirement requirements.lock --disable-pip --no-deps
	npm audit --omit=dev

lock: ## Re-resolve pyproject.toml into requirements.lock
	$(PY) -m uv pip compile pyproject.toml --extra dev --python-version 3.11 -o requirements.lock --no-header -q

collectstatic: install assets ## Collect the static files (production)
	$(PY) manage.py collectstatic --no-input -v 0

check-deploy: install ## Django's deployment checklist with production settings
	DOTENV_FILE= DEBUG=0 SECRET_KEY="$$(LC_ALL=C tr -dc 'A-Za-z0-9' </dev/urandom | head -c 60)" ALLOWED_HOSTS=assonum.example.org SITE_URL=https://assonum.example.org EMAIL_HOST=smtp.example.org REDIS_URL=redis://127.0.0.1:6379/0 $(PY) manage.py check --deploy --fail-level WARNING

prod-install: ## Production host: install (venv, locked deps, collectstatic, migrate, check --deploy)
	bash scripts/prod/install.sh

prod-upgrade: ## Production host: pull, install, migrate behind the maintenance page, graceful reload
	bash scripts/prod/upgrade.sh

backup: ## Production host: database + media + private media into BACKUP_DIR, rotated, checksummed
	bash scripts/prod/backup.sh

restore: ## Production host: restore BACKUP=<folder> into an empty database, then checks
	bash scripts/prod/restore.sh "$(BACKUP)"

deploy-test: install assets ## Run the production deployment end to end here (nginx, TLS, backups, upgrade)
	bash scripts/deploy-test.sh

clean: ## Remove the virtual environment, the npm modules and var/
	rm -rf $(VENV) node_modules var assonum/static/vendor

totp: install ## Print the current two-factor code of the demo staff account
	@$(PY) manage.py demo_totp

load: install ## Load test: locust, 200 visitors for 60 s against gunicorn on PostgreSQL (bench/README.md)
	timeout 900 $(PY) bench/load.py $(LOAD_ARGS)
