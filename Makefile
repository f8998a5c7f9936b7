# The front door: every target installs what it needs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | md5sum | cut -c1-12)
export QUARTIER_DATA_DIR ?= ./var

.PHONY: venv run test unit contract integration e2e lint typecheck services browser bench catalog clean \
	nodetools webcheck bench-load bench-scale haproxy cluster cluster-stop cluster-status \
	cluster-faults iptables

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@rm -f $(VENV)/.installed-*
	@touch $@

run: venv
	$(PY) -m services.runtime.run

services:
	@bash deploy/local/ensure-services.sh

# Debian's chromium for the browser tests: Playwright cannot download a browser of its own here.
CHROMIUM ?= /usr/bin/chromium
browser:
	@if [ -x $(CHROMIUM) ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get install -y -q chromium chromium-driver \
		|| { apt-get update -q && apt-get install -y -q chromium chromium-driver; }; \
	else \
		echo "chromium is missing (browser tests will be skipped): sudo apt-get install -y chromium chromium-driver"; \
	fi

# Debian's HAProxy, in front of the gateways of `make cluster`.
HAPROXY ?= /usr/sbin/haproxy
haproxy:
	@if [ -x $(HAPROXY) ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get install -y -q haproxy || { apt-get update -q && apt-get install -y -q haproxy; }; \
	else \
		echo "haproxy is missing (cluster tests will be skipped): sudo apt-get install -y haproxy"; \
	fi

# Debian's iptables, with which the heavy cluster faults cut the broker off (loopback only).
IPTABLES ?= /usr/sbin/iptables
iptables:
	@if [ -x $(IPTABLES) ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get install -y -q iptables || { apt-get update -q && apt-get install -y -q iptables; }; \
	else \
		echo "iptables is missing (the broker cut will fail): sudo apt-get install -y iptables"; \
	fi

# The production-like topology on this machine (deploy/cluster/README.md); both idempotent.
cluster: venv services haproxy
	$(PY) -m deploy.cluster up

cluster-stop: venv
	$(PY) -m deploy.cluster down

cluster-status: venv
	$(PY) -m deploy.cluster status

# The cluster's faults, each module on a cluster of its own (not part of `make test`: minutes
# each): RabbitMQ nodes, replicas and a gateway killed -9, then PostgreSQL crashed and the
# broker cut off for 30 s.
cluster-faults: venv services haproxy iptables
	QUARTIER_CLUSTER_FAULTS=1 $(PY) -m pytest tests/integration/cluster/test_cluster_faults.py -s
	QUARTIER_CLUSTER_FAULTS=1 $(PY) -m pytest tests/integration/cluster/test_heavy_faults.py -s

# The web client's tools (biome, axe-core), pinned in package-lock.json.
NODE_STAMP := node_modules/.installed-$(shell cat package-lock.json | md5sum | cut -c1-12)
nodetools: $(NODE_STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@rm -f node_modules/.installed-*
	@touch $@

lint: venv nodetools
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	npx --no-install biome ci --error-on-warnings services/gateway/web tests/web

# Unit tests of the web client's pure modules (Node's own test runner).
webcheck: venv nodetools
	node --test tests/web/

typecheck: venv
	$(PY) -m mypy contracts services identity neighbourhoods listings matching notifications

test: venv services browser haproxy lint typecheck webcheck
	$(PY) -m pytest

unit: venv
	$(PY) -m pytest tests/unit

contract: venv services
	$(PY) -m pytest tests/contract

integration: venv services haproxy
	$(PY) -m pytest tests/integration

e2e: venv services browser nodetools
	$(PY) -m pytest tests/e2e

catalog: venv
	$(PY) -m contracts.catalog var/catalog

bench: venv services
	$(PY) bench/eventstore.py
	cd bench && ../$(PY) group_commit.py
	$(PY) bench/neighbourhoods.py
	$(PY) bench/growing_streams.py
	$(PY) bench/listings_search.py
	$(PY) bench/matching_proposals.py
	$(PY) bench/ledger.py
	$(PY) bench/replay.py
	$(PY) bench/analytics_export.py

# The path under load (Locust, half an hour or more) and the log at scale (PostgreSQL, 100,000
# to 10,000,000 events: an hour or more on 2 cores); see bench/README.md.
bench-load: venv services
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev,bench]'
	$(PY) bench/load/run.py

bench-scale: venv services
	$(PY) bench/scale/run.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache node_modules
