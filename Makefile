# NthLayer — the two commands a newcomer needs: `make demo` and `make test`.
SWIFT ?= swift
BIN := .build/debug/nthlayer
APT_PACKAGES := libncurses-dev pkg-config prometheus tmux python3-pyte

.PHONY: demo test build deps bench screenshots embed clean

# Installs what is missing (Debian, as root); harmless when everything is there.
deps:
	@missing=""; \
	for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "installing:$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "missing packages:$$missing (run: sudo apt-get install -y$$missing)"; exit 1; fi; \
	fi

build: deps
	$(SWIFT) build --product nthlayer

# Opens the explorer on the built-in demo world.
demo: build
	$(BIN) explore --demo

test: deps
	$(SWIFT) build
	$(SWIFT) test

bench: deps
	$(SWIFT) build -c release --product nthlayer
	$(SWIFT) build -c release --product nthlayer-bench
	.build/release/nthlayer-bench .build/release/nthlayer

# Regenerates the Swift files that embed examples/services and themes/ into the binary (tests check they are current).
embed:
	scripts/embed-examples.sh
	sh themes/embed-themes.sh

# The README's images, rendered headless from the demo world at its fixed clock (byte-identical across runs).
screenshots: build
	$(BIN) screenshot --view services --size 120x40 --out screenshots/services.svg
	$(BIN) screenshot --view services --size 120x40 --out screenshots/services.txt
	$(BIN) screenshot --view slo --service checkout-svc --size 120x40 --out screenshots/slo.svg
	$(BIN) screenshot --view slo --service checkout-svc --size 120x40 --out screenshots/slo.txt
	$(BIN) screenshot --view deps --service payment-api --size 120x40 --out screenshots/deps.svg
	$(BIN) screenshot --view deps --service payment-api --size 120x40 --out screenshots/deps.txt
	$(BIN) screenshot --view drift --service checkout-svc --size 120x40 --out screenshots/drift.svg
	$(BIN) screenshot --view drift --service checkout-svc --size 120x40 --out screenshots/drift.txt
	$(BIN) screenshot --view drift-trend --service ledger-writer --size 120x40 --out screenshots/drift-trend.svg
	$(BIN) screenshot --view drift-trend --service ledger-writer --size 120x40 --out screenshots/drift-trend.txt
	$(BIN) screenshot --view help --size 120x40 --out screenshots/help.svg
	$(BIN) screenshot --view help --size 120x40 --out screenshots/help.txt

clean:
	rm -rf .build generated
