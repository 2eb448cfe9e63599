# Thin wrapper over CMake + ctest.
#   make          build build/kuzet (dev build, -Werror)
#   make demo     install what is missing, build, run the main job on sample data
#   make check    install what is missing, build dev and asan, run every test in both
#   make bench    benchmarks (bench/)
#   make fuzz T=import SECONDS=60   run one libFuzzer target (clang)
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=

.PHONY: all build deps demo check check-dev check-asan bench fuzz clean format

all: build

build:
	@cmake -S . -B build -DCMAKE_BUILD_TYPE=Debug -DKZ_WERROR=ON $(CMAKE_FLAGS) >/dev/null
	@cmake --build build -j $(JOBS)

deps:
	@bash scripts/install-deps

demo: deps build
	@bash scripts/demo

check: deps check-dev check-asan

check-dev: build
	cd build && ctest --output-on-failure -j $(JOBS)

check-asan:
	@cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DKZ_WERROR=ON -DKZ_SANITIZE=ON \
		-DCMAKE_C_FLAGS="-O1 -g" $(CMAKE_FLAGS) >/dev/null
	@cmake --build build-asan -j $(JOBS)
	cd build-asan && ctest --output-on-failure -j $(JOBS)

bench: deps
	@cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS) >/dev/null
	@cmake --build build-release -j $(JOBS)
	@bash bench/run build-release

T ?= import
SECONDS ?= 60
fuzz:
	@cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug -DKZ_FUZZ=ON >/dev/null
	@cmake --build build-fuzz -j $(JOBS) --target fuzz_$(T)
	mkdir -p build-fuzz/corpus-$(T) && cp -n fuzz/corpus/$(T)/* build-fuzz/corpus-$(T)/ 2>/dev/null || true
	build-fuzz/fuzz/fuzz_$(T) -max_total_time=$(SECONDS) build-fuzz/corpus-$(T)

format:
	clang-format -i src/*/*.c include/kuzet/*.h fuzz/*.c

clean:
	rm -rf build build-asan build-release build-fuzz
