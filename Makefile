# GCM Review Desk. `make run` builds and opens the app; `make test` runs every test.
# Both install what is missing first (scripts/deps.sh).

SHELL := /bin/bash
CARGO ?= cargo
XVFB := xvfb-run -a -s "-screen 0 1280x1024x24"
export PATH := $(HOME)/.cargo/bin:$(PATH)

.PHONY: run test bench stress fuzz lint deps-bench test-core test-shell test-e2e test-ui app ui deps-build deps-test dist deps-dist test-dist

## Build and open the app; the reviews live in the user's data folder
## (or in $GCM_REVIEW_DATA_DIR when it is set).
run: deps-build ui
	$(CARGO) run -p gcm-review-desk

## The UI's editor: ProseMirror and markdown-it from npm, bundled into ui/vendor/ (not committed).
## The shell's build script runs the same step when the bundle is missing or stale.
ui:
	node scripts/bundle-ui.mjs

## Every test: formatting and lints, the core and the CLI, the shell's commands, and the app
## driven in a real webview under Xvfb.
test: deps-test ui lint test-core test-ui test-shell test-e2e test-dist

deps-build:
	@scripts/deps.sh build

deps-test:
	@scripts/deps.sh test

deps-dist:
	@scripts/deps.sh dist

deps-bench:
	@scripts/deps.sh bench

lint:
	$(CARGO) fmt --all --check
	$(CARGO) clippy -p gcm-review --all-targets -- -D warnings
	$(CARGO) clippy -p gcm-review-desk -p gcm-review-e2e --all-targets -- -D warnings

test-core:
	$(CARGO) test -p gcm-review

## The editor's Markdown in and out, in Node (the same module the webview runs).
test-ui: ui
	node --test tests/ui/

test-shell:
	$(CARGO) test -p gcm-review-desk

## The shell's own tests link it with Tauri's test runtime: build the real app afterwards, with
## the dialogs replaced by a folder (the `automation` feature) so that the tests can drive them.
app: ui
	$(CARGO) build -p gcm-review-desk --features automation

test-e2e: app
	$(XVFB) $(CARGO) test -p gcm-review-e2e -- --test-threads=1

## Speed and size: autosave latency, store growth, signing and verification throughput (beside
## jwcrypto), merging a contribution into a long history, cold start and memory of the release app.
bench: deps-test deps-bench
	$(CARGO) bench -p gcm-review --bench store
	$(CARGO) bench -p gcm-review --bench sign
	$(CARGO) bench -p gcm-review --bench pdf
	$(CARGO) bench -p gcm-review --bench package
	$(CARGO) bench -p gcm-review --bench contrib
	$(CARGO) build --release -p gcm-review-desk -p gcm-review
	GCM_REVIEW_APP=$(CURDIR)/target/release/gcm-review-desk GCM_REVIEW_CLI=$(CURDIR)/target/release/gcm-review \
	  $(XVFB) $(CARGO) bench -p gcm-review-e2e --bench startup

## The crash harness with many more kills than `make test` runs (200).
stress:
	$(CARGO) build -p gcm-review --examples
	GCM_CRASH_KILLS=$${GCM_CRASH_KILLS:-3000} $(CARGO) test -p gcm-review --test crash -- --nocapture

## Fuzz the readers of untrusted input, each for FUZZ_SECONDS (default 60); needs no nightly.
fuzz:
	scripts/fuzz.sh

## The release app and its installers: a .deb and an .rpm in target/release/bundle/ (Tauri CLI).
dist: deps-build deps-dist
	scripts/dist.sh

## The .deb installed as a user installs it (apt-get, as root): the installed command line, the
## installed app under Xvfb, lintian, and the user's data folder still there after removal.
## Packaged from the dev profile's build by default (it reuses what the other tests compiled;
## `make test-dist DIST_PROFILE=release` checks the release installers `make dist` made).
DIST_PROFILE ?= dev
test-dist: deps-build deps-dist
	scripts/dist.sh $(DIST_PROFILE)
	scripts/test-dist.sh target/$(if $(filter release,$(DIST_PROFILE)),release,debug)/bundle/deb
