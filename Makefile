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

embed:
	scripts/embed-examples.sh
	scripts/embed-themes.sh

screenshots: build
	for v in services slo deps help; do \
	  $(BIN) screenshot --view $$v --size 120x40 --clock 2026-01-01T12:00:00Z --out screenshots/$$v.svg; \
	  $(BIN) screenshot --view $$v --size 120x40 --clock 2026-01-01T12:00:00Z --out screenshots/$$v.txt; \
	done

clean:
	rm -rf .build generated
