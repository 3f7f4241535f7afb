# The two commands a new user runs (README.md): `make run` and `make test`.
# Both install what is missing first (scripts/setup.sh is idempotent).
SHELL := /bin/bash
.PHONY: setup run test test-core test-e2e lint

setup:
	scripts/setup.sh

# Builds the UI and starts the desktop app; an empty archive gets the bundled sample issue.
run: setup
	npm --prefix ui run build
	cargo run -p gazette-app

test: setup test-core test-e2e

test-core:
	# The app crate embeds the built UI, so it must exist before anything compiles it.
	npm --prefix ui run build
	cargo fmt --all --check
	cargo test --workspace

# Before every commit. Not part of `make test`: clippy's check build shares nothing with
# the test build and would add about ten minutes to a clean run.
lint:
	npm --prefix ui run build
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings

test-e2e:
	timeout 1200 tests/e2e/run.sh
	timeout 600 tests/offline.sh
