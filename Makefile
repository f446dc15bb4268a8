# Entry points; each sets up what it needs (environments, trained model) first.
SHELL := /bin/bash
.PHONY: setup train run test test-fast bench lint

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
