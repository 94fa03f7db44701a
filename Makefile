# Subtok: build, test, install and benchmark.
#   make                 release library (libsubtok.so) and CLI
#   make test            Swift tests, C ABI test against an installed copy, Python tests
#   make install PREFIX=/usr/local
#   make bench           side-by-side benchmark with the reference libraries -> BENCHMARKS.md
#   make demo            build, train a small tokenizer on this repository's text, encode and decode
#   make vocab-samples   retrain vocab-samples/ from ../shared/reference/corpora (and the CLI default)

PREFIX     ?= /usr/local
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
BINDIR     ?= $(PREFIX)/bin
VERSION    := 0.1.0
SWIFT      ?= swift
PYTHON     ?= $(shell if [ -x .venv/bin/python ]; then echo .venv/bin/python; else echo python3; fi)
CC         ?= cc

RELEASE := -c release --scratch-path .build-release -Xswiftc -static-stdlib
BIN      = $(shell $(SWIFT) build $(RELEASE) --show-bin-path)
STAGE   := $(CURDIR)/.build-stage

MANDIR  ?= $(PREFIX)/share/man
MANPAGE := .build-man/plugins/GenerateManual/outputs/subtok-cli/subtok.1

.PHONY: all lib cli man test test-swift test-c test-python install bench clean demo vocab-samples

all: lib cli

lib:
	$(SWIFT) build $(RELEASE) --product subtok
	ln -sf libsubtok.so $(BIN)/libsubtok.so.0

cli:
	$(SWIFT) build $(RELEASE) --product subtok-cli

# The man page, from swift-argument-parser's manual generator.
man:
	$(SWIFT) package --scratch-path .build-man --allow-writing-to-package-directory generate-manual

test: test-swift test-c test-python

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
	# The installed library is self-contained and exports only the C API.
	test -f $(STAGE)/share/man/man1/subtok.1
	readelf -d $(STAGE)/lib/libsubtok.so | grep -q 'SONAME.*libsubtok.so.0'
	! readelf -d $(STAGE)/lib/libsubtok.so | grep -q libswiftCore
	test $$(readelf --dyn-syms -W $(STAGE)/lib/libsubtok.so | awk '$$5 == "GLOBAL" && $$7 != "UND" && $$8 !~ /^subtok_|^SUBTOK_0/' | wc -l) -eq 0
	echo 'hello world' | env -i $(STAGE)/bin/subtok encode -t Tests/fixtures/tiny-bytelevel.json | grep -qx '259 264'

test-python: all
	SUBTOK_LIBRARY=$(BIN)/libsubtok.so SUBTOK_CLI=$(BIN)/subtok-cli PYTHONPATH=python \
	  $(PYTHON) -m pytest -q Tests/python

install: all man
	install -d $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 0644 $(MANPAGE) $(DESTDIR)$(MANDIR)/man1/subtok.1
	install -m 0755 $(BIN)/libsubtok.so $(DESTDIR)$(LIBDIR)/libsubtok.so.$(VERSION)
	ln -sf libsubtok.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libsubtok.so.0
	ln -sf libsubtok.so.0 $(DESTDIR)$(LIBDIR)/libsubtok.so
	install -m 0644 include/subtok.h $(DESTDIR)$(INCLUDEDIR)/subtok.h
	install -m 0755 $(BIN)/subtok-cli $(DESTDIR)$(BINDIR)/subtok
	printf 'prefix=%s\nlibdir=%s\nincludedir=%s\n\nName: subtok\nDescription: Subword tokenizers (BPE, WordPiece, Unigram)\nVersion: %s\nLibs: -L$${libdir} -lsubtok\nCflags: -I$${includedir}\n' \
	  '$(PREFIX)' '$(LIBDIR)' '$(INCLUDEDIR)' '$(VERSION)' > $(DESTDIR)$(LIBDIR)/pkgconfig/subtok.pc

bench: all
	mkdir -p .build-bench
	$(CC) -std=c11 -O2 -Wall -Iinclude bench/bench_encode.c -o .build-bench/bench_encode \
	  -L$(BIN) -lsubtok -Wl,-rpath,$(BIN) -lpthread
	SUBTOK_LIBRARY=$(BIN)/libsubtok.so PYTHONPATH=python $(PYTHON) bench/run.py --harness .build-bench/bench_encode --cli $(BIN)/subtok-cli

clean:
	rm -rf .build .build-release .build-stage .build-bench .build-man
