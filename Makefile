# keepsake: make (build), make run (build and render the default book),
# make schema (docs/schema.md), make test, make asan,
# make install PREFIX=... DESTDIR=..., make uninstall (the same variables),
# make deb (the Debian package), make test-deb, make clean.

VERSION   = 0.1.0
PREFIX   ?= /usr/local
BINDIR    = $(PREFIX)/bin
DATADIR   = $(PREFIX)/share/keepsake
MANDIR    = $(PREFIX)/share/man/man1
BASHCOMPDIR = $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  = $(PREFIX)/share/zsh/vendor-completions

CC       ?= cc
CFLAGS   ?= -O2 -g
WARN      = -std=c11 -Wall -Wextra -Wshadow -Wstrict-prototypes -Wformat=2 -pedantic
ifneq ($(CI),)
WARN     += -Werror
endif
PKGS      = cairo cairo-pdf cairo-svg cairo-png pangocairo pangoft2 yaml-0.1 fontconfig glib-2.0 gio-2.0 zlib
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
GLIB_CFLAGS = $(shell pkg-config --cflags glib-2.0 2>/dev/null)
GLIB_LIBS   = $(shell pkg-config --libs glib-2.0 2>/dev/null)
DEFS      = -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
            -DKEEPSAKE_VERSION='"$(VERSION)"'
ALL_CFLAGS = $(WARN) $(DEFS) $(PKG_CFLAGS) $(CPPFLAGS) $(CFLAGS) -MMD -MP

KIND_SRC = $(wildcard src/kinds/*.c)
LIB_SRC = src/arena.c src/diag.c src/run.c src/load.c src/text.c src/dates.c src/schema.c \
          src/model.c src/kind.c src/plan.c src/fonts.c src/compose.c src/layout.c \
          src/impose.c src/render.c src/output.c src/dump.c src/build.c src/recipients.c src/batch.c $(KIND_SRC)
LIB_SRC += src/preview.c src/outdir.c src/tabs.c
LIB_SRC += src/starter.c src/watch.c
BUILD   ?= build
LIB_SRC += src/paper.c src/pdfpack.c src/cardset.c src/render-print.c
LIB_OBJ = $(LIB_SRC:src/%.c=$(BUILD)/%.o)
UNIT_SRC = $(wildcard tests/unit/test-*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/%)
FUZZ_TARGETS ?= load text layout plan vars
REPLAY_BIN = $(FUZZ_TARGETS:%=$(BUILD)/replay-%)
GEOMETRY_BIN = $(BUILD)/geometry
TEST_BIN = $(UNIT_BIN) $(REPLAY_BIN) $(BUILD)/pngdiff $(GEOMETRY_BIN)

BOOK    = content/books/our-year.yaml
RUN_OUT = out/our-year-together.pdf

.PHONY: fuzz fuzz-build FORCE
.PHONY: gallery bench docs-print
.PHONY: all run test test-update asan valgrind install uninstall clean deps test-deps docs schema
.PHONY: deb test-deb

all: deps keepsake

deps:
	@tools/deps.sh build

test-deps:
	@tools/deps.sh test

keepsake: $(BUILD)/main.o $(LIB_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lm

# Objects depend on the flags they were built with (PREFIX sets the data
# folder compiled in), so `make install PREFIX=...` rebuilds what it must.
$(BUILD)/flags: FORCE | $(BUILD)
	@echo '$(CC) $(ALL_CFLAGS)' | cmp -s - $@ || echo '$(CC) $(ALL_CFLAGS)' >$@

# Only model.c uses the data folder compiled in, so a new PREFIX rebuilds
# model.o alone (and links).
$(BUILD)/datadir: FORCE | $(BUILD)
	@echo '$(DATADIR)' | cmp -s - $@ || echo '$(DATADIR)' >$@
$(BUILD)/model.o: $(BUILD)/datadir
$(BUILD)/model.o: DEFS += -DKEEPSAKE_DATADIR='"$(DATADIR)"'

$(BUILD)/%.o: src/%.c $(BUILD)/flags | $(BUILD)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Isrc -c -o $@ $<

$(BUILD)/test-%: tests/unit/test-%.c $(LIB_OBJ) | $(BUILD)
	$(CC) $(ALL_CFLAGS) -Isrc $(LDFLAGS) -o $@ $< $(LIB_OBJ) $(PKG_LIBS) -lm

# Fuzz targets replayed without libFuzzer (regressions, in make test). The
# vars target reads the PDF's text back with poppler-glib, a dependency of
# the tests alone.
POPPLER_CFLAGS = $(shell pkg-config --cflags poppler-glib 2>/dev/null)
POPPLER_LIBS   = $(shell pkg-config --libs poppler-glib 2>/dev/null)
$(BUILD)/replay-%: tests/fuzz/fuzz-%.c tests/fuzz/replay.c $(LIB_OBJ) | $(BUILD)
	$(CC) $(ALL_CFLAGS) -Isrc $(if $(filter vars,$*),$(POPPLER_CFLAGS)) $(LDFLAGS) -o $@ \
	    tests/fuzz/replay.c $< $(LIB_OBJ) $(PKG_LIBS) $(if $(filter vars,$*),$(POPPLER_LIBS)) -lm

# The geometry checker reads dumps, so it needs GLib only, not keepsake.
$(GEOMETRY_BIN): tests/geometry.c $(BUILD)/flags | $(BUILD)
	$(CC) $(WARN) $(DEFS) $(GLIB_CFLAGS) $(CFLAGS) -MMD -MP $(LDFLAGS) -o $@ $< $(GLIB_LIBS) -lm

# Compares page pictures with tests/ref/ (make test, group refimages); Cairo only.
$(BUILD)/pngdiff: tests/pngdiff.c | $(BUILD)
	$(CC) $(WARN) $(shell pkg-config --cflags cairo 2>/dev/null) $(CFLAGS) $(LDFLAGS) -o $@ $< \
	    $(shell pkg-config --libs cairo 2>/dev/null)

$(BUILD):
	mkdir -p $(BUILD)

# libFuzzer targets (clang), each run for FUZZ_SECONDS, seeded from content/,
# layouts/ and the bad-input suite, within the bad-input suite's budget (2 s
# and 200 MB an input), so a fan-out is a finding. Crashes land in tests/fuzz/regressions/,
# which make test replays.
FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang
FUZZ_CFLAGS = -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_OBJ = $(LIB_SRC:src/%.c=build-fuzz/%.o)

build-fuzz/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(WARN) $(DEFS) $(PKG_CFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -Isrc -c -o $@ $<

build-fuzz/fuzz-%: tests/fuzz/fuzz-%.c $(FUZZ_OBJ)
	$(FUZZ_CC) $(WARN) $(DEFS) $(PKG_CFLAGS) $(if $(filter vars,$*),$(POPPLER_CFLAGS)) $(FUZZ_CFLAGS) \
	    -fsanitize=fuzzer -Isrc -o $@ $< $(FUZZ_OBJ) $(PKG_LIBS) $(if $(filter vars,$*),$(POPPLER_LIBS)) -lm

.SECONDARY: $(FUZZ_OBJ)

fuzz-build: deps $(FUZZ_TARGETS:%=build-fuzz/fuzz-%)

fuzz: fuzz-build
	@command -v $(FUZZ_CC) >/dev/null || { echo "make fuzz needs clang: apt-get install -y clang"; exit 1; }
	rm -rf build-fuzz/seeds && mkdir -p build-fuzz/seeds/load build-fuzz/seeds/text build-fuzz/seeds/layout \
	    build-fuzz/seeds/plan build-fuzz/seeds/vars
	for f in content/*/*.yaml layouts/*.yaml tests/bad/*.yaml; do \
	    cp "$$f" build-fuzz/seeds/load/$$(echo "$$f" | tr / _); done
	for f in content/*/*.yaml; do cp "$$f" build-fuzz/seeds/text/$$(echo "$$f" | tr / _); done
	cp tests/fuzz/seeds-layout/* build-fuzz/seeds/layout/
	cp tests/fuzz/seeds-plan/* build-fuzz/seeds/plan/
	cp tests/fuzz/seeds-vars/* build-fuzz/seeds/vars/
	for t in $(FUZZ_TARGETS); do \
	    mkdir -p build-fuzz/corpus/$$t tests/fuzz/regressions/$$t; \
	    FONTCONFIG_FILE=$(CURDIR)/tests/fonts.conf XDG_CACHE_HOME=$(CURDIR)/build-fuzz/cache \
	    ASAN_OPTIONS=detect_leaks=0:quarantine_size_mb=16:malloc_context_size=10 build-fuzz/fuzz-$$t -max_total_time=$(FUZZ_SECONDS) \
	        -timeout=2 -rss_limit_mb=200 -max_len=65536 -print_final_stats=1 \
	        -artifact_prefix=tests/fuzz/regressions/$$t/ \
	        build-fuzz/corpus/$$t build-fuzz/seeds/$$t || exit 1; \
	done

run: all
	@mkdir -p out
	./keepsake build $(BOOK) -o $(RUN_OUT)

test: test-deps all $(TEST_BIN)
	@sh tests/run.sh

test-update: all $(BUILD)/pngdiff $(GEOMETRY_BIN)
	@UPDATE=1 sh tests/run.sh

# The same tests under AddressSanitizer and UndefinedBehaviorSanitizer, in a
# separate build folder so the normal build is untouched.
asan: test-deps
	$(MAKE) BUILD=build-asan CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	    build-asan/keepsake $(patsubst $(BUILD)/%,build-asan/%,$(TEST_BIN))
	ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	    KEEPSAKE=build-asan/keepsake UNIT_DIR=build-asan sh tests/run.sh

build-asan/keepsake: build-asan/main.o $(LIB_SRC:src/%.c=build-asan/%.o)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lm

# The page pictures in the README: cover, check-in, gratitude, story.
docs: run docs-print
	./keepsake build $(BOOK) --dump | \
	    awk '/^page / { split($$3, k, "="); if (!seen[k[2]]++) print $$2, k[2] }' | \
	    while read page kind; do case $$kind in cover|check-in|gratitude|story) \
	        pdftoppm -r 72 -png -singlefile -f $$page -l $$page $(RUN_OUT) docs/$$kind;; esac; \
	    done

# The pictures of the README's Printing section: a gift booklet's A4 sheet,
# its cards n-up on A4 and the back of the calibration sheet.
docs-print: all
	@mkdir -p out
	./keepsake build content/books/gift-booklet.yaml --impose booklet --sheet a4 \
	    --marks fold,staple -o out/gift-a4.pdf
	./keepsake build content/books/gift-booklet.yaml --impose cards -o out/gift-cards.pdf
	./keepsake build content/books/gift-booklet.yaml --impose calibration -o out/calibration.pdf
	pdftoppm -r 50 -png -singlefile -f 1 -l 1 out/gift-a4.pdf docs/booklet-sheet
	pdftoppm -r 50 -png -singlefile -f 1 -l 1 out/gift-cards.pdf docs/card-sheet
	pdftoppm -r 50 -png -singlefile -f 2 -l 2 out/calibration.pdf docs/calibration-back

# The schema reference, printed from the tables; make test checks that it is current.
schema: all
	./keepsake schema --format markdown >docs/schema.md.tmp && mv docs/schema.md.tmp docs/schema.md || \
	    { rm -f docs/schema.md.tmp; exit 1; }

# The benchmark (bench/README.md): keepsake, WeasyPrint, Typst and the
# floor (bench/floor.c, direct Cairo + Pango) draw the same workbook;
# the figures go into bench/README.md.
bench/floor: bench/floor.c
	$(CC) $(WARN) $(DEFS) $(PKG_CFLAGS) $(CFLAGS) -o $@ $< $(PKG_LIBS) -lm

# Cairo's own cost of a worksheet PDF, for bench/batch.sh's bound.
bench/floor-sheet: bench/floor-sheet.c
	$(CC) $(WARN) $(DEFS) $(PKG_CFLAGS) $(CFLAGS) -o $@ $< $(PKG_LIBS) -lm

bench: all bench/floor bench/floor-sheet
	sh bench/run.sh

# One picture of each page kind, from docs/gallery.yaml, into docs/gallery/.
gallery: all
	@mkdir -p out docs/gallery
	./keepsake build docs/gallery.yaml -o out/gallery.pdf
	./keepsake build docs/gallery.yaml --dump | \
	    awk '/^page / { split($$3, k, "="); if (!seen[k[2]]++) print $$2, k[2] }' | \
	    while read page kind; do \
	        pdftoppm -r 72 -png -singlefile -f $$page -l $$page out/gallery.pdf docs/gallery/$$kind; \
	    done
	@ls docs/gallery

valgrind: all $(TEST_BIN)
	VALGRIND=1 sh tests/run.sh

# The program, the man page (naming the data folder it was built with), the
# data folder (replaced whole, so no file of an older install lingers) and
# the bash and zsh completions.
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR) $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	install -m 755 keepsake $(DESTDIR)$(BINDIR)/keepsake
	sed 's#/usr/local/share/keepsake#$(DATADIR)#g' docs/keepsake.1 >$(DESTDIR)$(MANDIR)/keepsake.1
	chmod 644 $(DESTDIR)$(MANDIR)/keepsake.1
	rm -rf $(DESTDIR)$(DATADIR)
	for d in $$(find content layouts fonts -type d); do \
	    install -d $(DESTDIR)$(DATADIR)/$$d || exit 1; done
	for f in $$(find content layouts fonts -type f); do \
	    install -m 644 $$f $(DESTDIR)$(DATADIR)/$$f || exit 1; done
	install -m 644 completions/keepsake.bash $(DESTDIR)$(BASHCOMPDIR)/keepsake
	install -m 644 completions/_keepsake $(DESTDIR)$(ZSHCOMPDIR)/_keepsake

# Removes every file install wrote and the one folder that is keepsake's
# alone, $(DATADIR), with everything in it; never the shared folders
# (bin, man1, the completion folders), which other programs use too.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/keepsake $(DESTDIR)$(MANDIR)/keepsake.1 \
	    $(DESTDIR)$(BASHCOMPDIR)/keepsake $(DESTDIR)$(ZSHCOMPDIR)/_keepsake
	rm -rf $(DESTDIR)$(DATADIR)

# The Debian package, built from this tree by debian/rules (which runs this
# Makefile with PREFIX=/usr), into the parent folder:
# ../keepsake_$(VERSION)_$$(dpkg --print-architecture).deb. Needs dpkg-dev
# and debhelper; `make test-deb` builds it in a copy of the tree, runs
# lintian, and as root installs, uses and removes it.
deb:
	@command -v dpkg-buildpackage >/dev/null && command -v dh >/dev/null || \
	    { echo "make deb needs dpkg-dev and debhelper: sudo apt-get install -y dpkg-dev debhelper"; exit 1; }
	dpkg-buildpackage -us -uc -b

test-deb:
	@sh tests/deb.sh

clean:
	rm -rf build build-asan build-fuzz keepsake out tests/out bench/floor bench/floor-sheet bench/out

-include $(wildcard $(BUILD)/*.d $(BUILD)/kinds/*.d)
# The fuzz objects too: a header that changes a struct must rebuild them all.
-include $(wildcard build-fuzz/*.d build-fuzz/kinds/*.d)
