# taizhang — build, run, test.  `make run` and `make test` are the only two
# set-up commands on a fresh Debian 12 machine: both install what they need.

PREFIX   ?= /usr/local
SANITIZE ?= 0
WERROR   ?= 0

# Debian packages the program, its tests and its fonts need (SPEC §1, §8).
DEB_BUILD = gcc make pkg-config libxlsxwriter-dev libfreexl-dev libminizip-dev \
            libexpat1-dev libhpdf-dev libiniparser-dev libsqlite3-dev \
            libunistring-dev libmd4c-dev zlib1g-dev libgsf-1-dev
DEB_FONTS = fonts-wqy-zenhei fonts-arphic-uming fonts-arphic-ukai
DEB_TEST  = poppler-utils python3 python3-openpyxl python3-xlwt unzip sqlite3
DEB_ALL   = $(DEB_BUILD) $(DEB_FONTS) $(DEB_TEST)

PKGS     = xlsxwriter freexl minizip expat sqlite3 zlib libgsf-1 md4c
# -isystem keeps the libraries' own headers out of our -Wpedantic.
PKG_CFLAGS = $(patsubst -I%,-isystem %,$(shell pkg-config --cflags $(PKGS) 2>/dev/null))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)

WARN    = -std=c11 -Wall -Wextra -Wpedantic -Wmissing-prototypes -Wwrite-strings -Wvla
CFLAGS ?= -O2 -g
CFLAGS += $(WARN) -D_GNU_SOURCE -isystem /usr/include/iniparser $(PKG_CFLAGS)
LDLIBS  = $(PKG_LIBS) -liniparser -lhpdf -lunistring -lpthread -lm

ifeq ($(WERROR),1)
CFLAGS += -Werror
endif
ifeq ($(SANITIZE),1)
BUILD   = build/san
CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
else
BUILD   = build/rel
endif

SRC      = $(wildcard src/*.c)
LIB_OBJ  = $(patsubst src/%.c,$(BUILD)/%.o,$(filter-out src/main.c,$(SRC)))
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))
BIN      = $(BUILD)/taizhang

.PHONY: all deps run test check-deps install clean bench fuzz valgrind

all: deps taizhang

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

$(BUILD)/%.o: src/%.c $(wildcard src/*.h) | $(BUILD)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD):
	mkdir -p $(BUILD)/tests

$(BIN): $(LIB_OBJ) $(BUILD)/main.o
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/check.h $(LIB_OBJ) | $(BUILD)
	$(CC) $(CFLAGS) -Isrc -o $@ $< $(LIB_OBJ) $(LDFLAGS) $(LDLIBS)

run: all
	./taizhang run -c config.ini

test: deps $(BIN) $(UNIT_BIN)
	LC_ALL=C.UTF-8 TZ=UTC TAIZHANG=$(BIN) UNIT_DIR=$(BUILD)/tests sh tests/run.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/taizhang/templates
	install -m 755 taizhang $(DESTDIR)$(PREFIX)/bin/taizhang
	cp -R templates/. $(DESTDIR)$(PREFIX)/share/taizhang/templates/

clean:
	rm -rf build taizhang tests/tmp
