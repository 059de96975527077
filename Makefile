# taizhang — build, run, test.  `make run` and `make test` are the only two
# set-up commands on a fresh Debian 12 machine: both install what they need.

PREFIX   ?= /usr/local
SANITIZE ?= 0
WERROR   ?= 0

# Debian packages the program, its tests and its fonts need (docs/design.md).
DEB_BUILD = gcc make pkg-config libxlsxwriter-dev libfreexl-dev libminizip-dev \
            libexpat1-dev libhpdf-dev libiniparser-dev libsqlite3-dev \
            libunistring-dev libmd4c-dev zlib1g-dev libgsf-1-dev python3-fonttools
DEB_FONTS = fonts-wqy-zenhei fonts-arphic-uming fonts-arphic-ukai fonts-noto-cjk fonts-lxgw-wenkai
DEB_TEST  = poppler-utils python3 python3-openpyxl python3-xlwt python3-docx python3-xlrd unzip sqlite3 strace
DEB_ALL   = $(DEB_BUILD) $(DEB_FONTS) $(DEB_TEST)

PKGS     = xlsxwriter freexl minizip expat sqlite3 zlib libgsf-1 md4c
# -isystem keeps the libraries' own headers out of our -Wpedantic.  Expanded
# when used (=, not :=): on a fresh machine the packages exist only after deps ran.
PKG_CFLAGS = $(patsubst -I%,-isystem %,$(shell pkg-config --cflags $(PKGS) 2>/dev/null))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)

WARN    = -std=c11 -Wall -Wextra -Wpedantic -Wmissing-prototypes -Wstrict-prototypes -Wwrite-strings -Wvla
# CFLAGS is the user's (make CFLAGS=-O0 keeps every flag the build needs).
CFLAGS ?= -O2 -g
TZ_CFLAGS = $(WARN) -D_GNU_SOURCE $(INC) -isystem /usr/include/iniparser $(PKG_CFLAGS)
LDLIBS  = $(PKG_LIBS) -liniparser -lhpdf -lunistring -lpthread -lm

ifeq ($(WERROR),1)
TZ_CFLAGS += -Werror
endif
ifeq ($(SANITIZE),1)
BUILD   = build/san
TZ_CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
TZ_LDFLAGS = -fsanitize=address,undefined
else
BUILD   = build/rel
endif

# src/ is the pipeline, a folder a stage (docs/design.md): core read recognise db render cli;
# a stage's folder may hold folders of its own (render/pdf).
SRC      = $(wildcard src/*/*.c src/*/*/*.c)
HDR      = $(wildcard src/*/*.h src/*/*/*.h)
INC      = $(patsubst %,-I%,$(sort $(dir $(SRC))))
LIB_OBJ  = $(patsubst src/%.c,$(BUILD)/%.o,$(filter-out src/cli/main.c,$(SRC)))
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))
BIN      = $(BUILD)/taizhang

.PHONY: all deps fonts run test install clean bench fuzz valgrind format

all: deps taizhang fonts

# The summary's fonts, prepared for libharu (tools/prepare_fonts.py, docs/summary.md):
# 宋 (title, page numbers, body) Noto Serif CJK SC, 黑 Noto Sans CJK SC, 楷 LXGW
# WenKai.  15–30 s a font, once: make rebuilds one only when its source or
# the script is newer.  The program finds them from its own location.
FONT_DIR  = build/fonts
NOTO_DIR  = /usr/share/fonts/opentype/noto
FONTS     = $(FONT_DIR)/song.ttf $(FONT_DIR)/hei.ttf $(FONT_DIR)/kai.ttf
FONT_SRC_song = $(NOTO_DIR)/NotoSerifCJK-Regular.ttc
FONT_SRC_hei  = $(NOTO_DIR)/NotoSansCJK-Regular.ttc
FONT_SRC_kai  = /usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf
# Index 2 of the Noto collections is the Simplified Chinese face.
FONT_IDX_song = \#2
FONT_IDX_hei  = \#2

fonts: $(FONTS)

.SECONDEXPANSION:
$(FONT_DIR)/%.ttf: tools/prepare_fonts.py $$(FONT_SRC_%)
	@mkdir -p $(FONT_DIR)
	/usr/bin/python3 tools/prepare_fonts.py '$(FONT_SRC_$*)$(FONT_IDX_$*)' $@.tmp && mv -f $@.tmp $@

taizhang: $(BIN)
	@if [ "$(SANITIZE)" != 1 ]; then cp $(BIN) taizhang.tmp && mv -f taizhang.tmp taizhang; fi

# Installs what is missing (apt-get update first); says what to run when not root.
deps:
	@missing=""; for p in $(DEB_ALL); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "make deps: 安装缺少的软件包:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  else \
	    echo "make deps: 缺少软件包:$$missing"; \
	    echo "请以 root 运行： sudo make deps"; \
	    echo "或者： sudo apt-get update && sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi

$(BUILD)/%.o: src/%.c $(HDR) | $(BUILD)
	@mkdir -p $(@D)
	$(CC) $(TZ_CFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD):
	mkdir -p $(BUILD)/tests

$(BIN): $(LIB_OBJ) $(BUILD)/cli/main.o
	$(CC) $(TZ_LDFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/check.h $(LIB_OBJ) | $(BUILD)
	$(CC) $(TZ_CFLAGS) $(CFLAGS) -o $@ $< $(LIB_OBJ) $(TZ_LDFLAGS) $(LDFLAGS) $(LDLIBS)

run: all
	./taizhang run -c config.ini

test: deps $(BIN) $(UNIT_BIN) $(FONTS)
	LC_ALL=C.UTF-8 TZ=UTC TAIZHANG=$(BIN) UNIT_DIR=$(BUILD)/tests sh tests/run.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/taizhang/templates \
	  $(DESTDIR)$(PREFIX)/share/taizhang/fonts
	install -m 755 taizhang $(DESTDIR)$(PREFIX)/bin/taizhang
	install -m 644 $(FONTS) $(DESTDIR)$(PREFIX)/share/taizhang/fonts/
	cp -R templates/. $(DESTDIR)$(PREFIX)/share/taizhang/templates/

# make format: the C style of .clang-format, applied in place.
format:
	clang-format -i $(SRC) $(HDR) tests/unit/*.[ch] tests/fuzz/*.[ch] tests/bench/gen.c

clean:
	rm -rf build taizhang tests/tmp

# ---- make fuzz, make bench, make valgrind (docs/design.md) -----------------
# Installed by these targets only, not by `make deps`.
DEB_FUZZ  = clang-14 libclang-rt-14-dev
DEB_BENCH = time python3 python3-xlwt python3-pandas python3-openpyxl python3-xlrd python3-xlsxwriter \
            python3-reportlab
DEB_VALGRIND = valgrind

# make fuzz [FUZZ_SECONDS=60] [FUZZ_TARGETS="xlsx csv"]: builds every libFuzzer
# target of tests/fuzz/ with clang (ASan + UBSan) and runs each for
# FUZZ_SECONDS, one after the other.  The growing corpus is kept in
# build/fuzz/corpus/<target>, crashing inputs go to build/fuzz/artifacts/<target>.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= xlsx xls csv date number text recognise template
FUZZ_DIR   = build/fuzz
FUZZ_CC    = clang-14
FUZZ_FLAGS = -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_CFLAGS = -O1 -g $(WARN) -D_GNU_SOURCE $(INC) -isystem /usr/include/iniparser $(PKG_CFLAGS) \
              -fsanitize=fuzzer-no-link $(FUZZ_FLAGS)
FUZZ_OBJ   = $(patsubst src/%.c,$(FUZZ_DIR)/obj/%.o,$(filter-out src/cli/main.c,$(SRC)))
# Seeds of each target: its own folder, the fixtures of its format and the
# inputs that once failed (tests/fuzz/regress/<target>), replayed first.
FUZZ_SEEDS_xlsx = tests/fixtures/xlsx input tests/fuzz/regress/xlsx
FUZZ_SEEDS_xls  = tests/fixtures/xls input tests/fuzz/regress/xls
FUZZ_SEEDS_csv  = tests/fixtures/csv tests/fuzz/seeds/recognise
FUZZ_SEEDS_date = tests/fuzz/seeds/date
FUZZ_SEEDS_number = tests/fuzz/seeds/number
FUZZ_SEEDS_text = tests/fuzz/seeds/text
FUZZ_SEEDS_recognise = tests/fuzz/seeds/recognise tests/fixtures/csv
FUZZ_SEEDS_template = tests/fuzz/seeds/template templates

# The objects are shared by every target: keep them between runs.
.SECONDARY: $(FUZZ_OBJ)

$(FUZZ_DIR)/obj/%.o: src/%.c $(HDR)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<

# An archive, so that a target links only the parts it calls.
$(FUZZ_DIR)/libtz.a: $(FUZZ_OBJ)
	rm -f $@ && ar rcs $@ $(FUZZ_OBJ)

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_file.h $(FUZZ_DIR)/libtz.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_DIR)/libtz.a $(LDLIBS)

fuzz:
	@$(MAKE) --no-print-directory deps DEB_ALL="$(DEB_BUILD) $(DEB_FUZZ)"
	@$(MAKE) --no-print-directory $(patsubst %,$(FUZZ_DIR)/fuzz_%,$(FUZZ_TARGETS))
	@failed=""; for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_DIR)/corpus/$$t $(FUZZ_DIR)/artifacts/$$t; \
	  case $$t in xlsx) s="$(FUZZ_SEEDS_xlsx)";; xls) s="$(FUZZ_SEEDS_xls)";; csv) s="$(FUZZ_SEEDS_csv)";; \
	    date) s="$(FUZZ_SEEDS_date)";; number) s="$(FUZZ_SEEDS_number)";; text) s="$(FUZZ_SEEDS_text)";; \
	    recognise) s="$(FUZZ_SEEDS_recognise)";; template) s="$(FUZZ_SEEDS_template)";; esac; \
	  echo "== fuzz_$$t: $(FUZZ_SECONDS) s"; \
	  unwind=; [ $$t = xls ] && unwind=fast_unwind_on_malloc=0; \
	  quiet=; [ $$t = template ] && quiet=-close_fd_mask=2; \
	  ASAN_OPTIONS=$$unwind LSAN_OPTIONS=suppressions=$(CURDIR)/tests/fuzz/lsan.supp:print_suppressions=0 \
	  TZ_FUZZ_CONFIG=$(CURDIR)/tests/fuzz/recognise/config.ini \
	  $(FUZZ_DIR)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=1024 \
	    -max_len=65536 -print_final_stats=1 $$quiet -artifact_prefix=$(FUZZ_DIR)/artifacts/$$t/ \
	    $(FUZZ_DIR)/corpus/$$t $$s > $(FUZZ_DIR)/fuzz_$$t.log 2>&1 || failed="$$failed $$t"; \
	  grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb)|DONE|ERROR|SUMMARY' $(FUZZ_DIR)/fuzz_$$t.log | tail -4; \
	done; \
	if [ -n "$$failed" ]; then echo "make fuzz: 发现问题的目标:$$failed（见 $(FUZZ_DIR)/fuzz_*.log 和 $(FUZZ_DIR)/artifacts/）"; exit 1; fi

# make bench [BENCH_SIZES="sample 200 1000"] [BENCH_RUNS=3] [BENCH_PY_RUNS=1]:
# for the sample campaign and synthetic campaigns of 200 and 1,000 units
# (tests/bench/gen.c, made once in build/bench/N), times taizhang and the
# Python pipeline of tests/bench/ref_pipeline.py on the same inputs, and
# prints the ratios against the targets (BENCH_PY_RUNS=0: taizhang only).
BENCH_SIZES   ?= sample 200 1000
BENCH_RUNS    ?= 3
BENCH_PY_RUNS ?= 1

build/bench/gen: tests/bench/gen.c
	@mkdir -p build/bench
	$(CC) -O2 -g $(WARN) -D_GNU_SOURCE $(PKG_CFLAGS) -o $@ $< $(PKG_LIBS)

bench:
	@$(MAKE) --no-print-directory deps DEB_ALL="$(DEB_ALL) $(DEB_BENCH)"
	@$(MAKE) --no-print-directory taizhang build/bench/gen
	/usr/bin/python3 tests/bench/bench.py ./taizhang build/bench/gen build/bench "$(BENCH_SIZES)" $(BENCH_RUNS) $(BENCH_PY_RUNS)

# make valgrind: a full run of the sample campaign under valgrind (outputs in
# build/valgrind); fails on any memory error or leak.
valgrind:
	@$(MAKE) --no-print-directory deps DEB_ALL="$(DEB_ALL) $(DEB_VALGRIND)"
	@$(MAKE) --no-print-directory taizhang
	rm -rf build/valgrind && mkdir -p build/valgrind
	valgrind --leak-check=full --show-leak-kinds=definite,indirect,possible \
	  --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=1 \
	  --log-file=build/valgrind/valgrind.log \
	  ./taizhang run -c config.ini --output build/valgrind/output > build/valgrind/run.log 2>&1; \
	status=$$?; grep -E 'ERROR SUMMARY|definitely|indirectly|possibly' build/valgrind/valgrind.log; \
	if [ $$status != 0 ]; then echo "make valgrind: 失败（退出码 $$status），见 build/valgrind/valgrind.log 和 run.log"; exit 1; fi
