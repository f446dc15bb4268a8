# Entry points; each sets up what it needs (environments, trained model) first.
SHELL := /bin/bash
.PHONY: setup train run test test-fast bench lint referentials

setup:
	@scripts/setup.sh >/dev/null

train:
	@scripts/train.sh

run:
	@scripts/run.sh

test:
	@scripts/test.sh

test-fast:
	@scripts/test-fast.sh

bench:
	@scripts/bench.sh

lint:
	@scripts/lint.sh

referentials:
	@source scripts/env.sh && "$$(make_venv app 3.11 requirements/app.txt)/bin/python" -m registration.referentials_import
