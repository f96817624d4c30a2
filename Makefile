# SPDX-License-Identifier: Apache-2.0
# Entry points for people and CI; meson does the building.
#   make build  - install Debian build dependencies, build build/bulwark
#   make demo   - build, then lint the bundled examples and print the report
#   make test   - build with ASan+UBSan and run every test suite; ends "N passed, N failed"
#   make fuzz   - build libFuzzer targets with clang and run each for FUZZ_SECONDS (seeds:
#                 fuzz/corpus/NAME, plus the shared corpus for Dockerfiles and YAML)
#   make bench  - run the benchmarks under bench/
#   make docs   - regenerate docs/rules.md from the rule tables

FUZZ_SECONDS ?= 60
MESON_SETUP = meson setup --wipe

.PHONY: build demo test fuzz bench docs format clean

build:
	@scripts/bootstrap
	@test -f build/build.ninja || meson setup build -Dtests=false --buildtype=debugoptimized >/dev/null
	@ninja -C build >/dev/null
	@echo "built build/bulwark"

demo: build
	@echo "== bulwark lint examples/"
	@build/bulwark lint examples/ || test $$? -eq 1

test:
	@scripts/bootstrap --test-tools
	@test -f build-asan/build.ninja || meson setup build-asan -Db_sanitize=address,undefined \
		-Db_lundef=false -Dwerror=true -Dtests=true >/dev/null
	@ninja -C build-asan >/dev/null
	@tests/run build-asan

fuzz:
	@scripts/bootstrap
	@test -f build-fuzz/build.ninja || CC=clang meson setup build-fuzz -Dfuzzing=true -Dtests=false \
		-Db_sanitize=address,undefined -Db_lundef=false >/dev/null
	@ninja -C build-fuzz >/dev/null
	@for t in build-fuzz/fuzz-*; do \
		[ -f "$$t" ] && [ -x "$$t" ] || continue; \
		name=$${t##*/fuzz-}; mkdir -p build-fuzz/corpus-$$name; \
		seeds=fuzz/corpus/$$name; \
		case $$name in \
		dockerfile) [ -d ../shared/corpus/dockerfiles ] && seeds="$$seeds ../shared/corpus/dockerfiles";; \
		yaml|compose) [ -d ../shared/corpus/compose ] && seeds="$$seeds ../shared/corpus/compose";; \
		esac; \
		echo "fuzz-$$name: $(FUZZ_SECONDS) s"; \
		$$t -max_total_time=$(FUZZ_SECONDS) -max_len=65536 build-fuzz/corpus-$$name $$seeds \
			>build-fuzz/fuzz-$$name.log 2>&1 || { tail -n 40 build-fuzz/fuzz-$$name.log; exit 1; }; \
	done

bench: build
	@bench/lint-dockerfiles
	@bench/lint-compose
	@bench/image-scan
	@bench/host-audit
	@bench/vulndb

docs: build
	@build/bulwark rules --format markdown > docs/rules.md
	@echo "wrote docs/rules.md"

format:
	@clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf build build-asan build-fuzz
