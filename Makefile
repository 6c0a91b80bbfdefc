# ddnsd — one non-recursive GNU Makefile.
#   make            build/ddnsd (optimised, with debug info)
#   make SAN=1      build-san/ddnsd with AddressSanitizer + UndefinedBehaviorSanitizer (clang)
#   make WERROR=0   warnings are not errors (the Debian package build; developers and CI keep 1)
#   make layers     the include order lib -> netlink -> providers -> agent holds
#   make check      deps, layers, sanitizer build, unit tests (also under valgrind), fuzz targets
#                   briefly, netns tests, the Debian package (tests/pkg)
#   make demo       deps-demo, build, the agent in a throw-away namespace against the mock provider
#   make test-unit  build and run the unit tests only (no root, no namespace: dh_auto_test)
#   make deb        build/deb/ddnsd_VERSION_ARCH.deb from the working tree, as any user
#   make install    DESTDIR= PREFIX= honoured (debhelper uses them)
# CPPFLAGS, CFLAGS and LDFLAGS come from the caller (dpkg-buildflags in the package build);
# CFLAGS go after OPT, so the caller's -O wins.
# Sources are found by wildcard: a new file in lib/ netlink/ providers/ agent/ is built, a new
# tests/unit/test_*.c is a unit test, a new tests/fuzz/fuzz_*.c is a fuzz target.

PREFIX     ?= /usr/local
SBINDIR    ?= $(PREFIX)/sbin
MANDIR     ?= $(PREFIX)/share/man
SYSCONFDIR ?= /etc
DESTDIR    ?=
PKG_CONFIG ?= pkg-config

PKGS := libmnl libcurl openssl libcjson inih libidn2
# Debian's libev ships no .pc file: fall back to plain -lev.
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) \
	      $(shell $(PKG_CONFIG) --libs libev 2>/dev/null || echo -lev)
CMOCKA_LIBS := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null || echo -lcmocka)

WERROR ?= 1
WARN := -Wall -Wextra -Wformat=2 -Wshadow $(if $(filter 1,$(WERROR)),-Werror)
BASE_CFLAGS := -std=gnu11 $(WARN) -MMD -MP -I. -D_GNU_SOURCE $(PKG_CFLAGS)

ifeq ($(SAN),1)
CC      := clang
B       := build-san
OPT     := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
LDSAN   := -fsanitize=address,undefined
else
B       ?= build
OPT     ?= -O2 -g
LDSAN   :=
endif
CPPFLAGS ?=
CFLAGS   ?=
LDFLAGS  ?=
ALL_CFLAGS := $(BASE_CFLAGS) $(CPPFLAGS) $(OPT) $(CFLAGS)

SRCS     := $(wildcard lib/*.c netlink/*.c providers/*.c agent/*.c)
LIB_SRCS := $(filter-out agent/main.c,$(SRCS))
LIB_OBJS := $(LIB_SRCS:%.c=$(B)/obj/%.o)
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(B)/tests/%)
BENCH_SRCS := $(wildcard bench/*.c)

# Fuzz targets: clang + libFuzzer, their own object tree.
FB        := build-fuzz
FUZZ_OPT  := -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined
FUZZ_SRCS := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS := $(FUZZ_SRCS:tests/fuzz/%.c=$(FB)/%)
FUZZ_OBJS := $(LIB_SRCS:%.c=$(FB)/obj/%.o)

ifneq ($(V),1)
Q = @
quiet = @printf '  %-6s %s\n' $(1) $(2);
else
Q =
quiet =
endif

.PHONY: all deps deps-demo check unit test-unit fuzz demo deb install clean format \
	format-check bench layers
all: $(B)/ddnsd

$(B)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(call quiet,CC,$<)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/libddnsd.a: $(LIB_OBJS)
	$(call quiet,AR,$@)rm -f $@ && ar rcs $@ $^

$(B)/ddnsd: $(B)/obj/agent/main.o $(B)/libddnsd.a
	$(call quiet,LD,$@)$(CC) $(OPT) $(LDSAN) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

# Unit tests that read the source tree (man pages) find it here.
$(B)/tests/%: tests/unit/%.c $(B)/libddnsd.a
	@mkdir -p $(dir $@)
	$(call quiet,CC,$@)$(CC) $(ALL_CFLAGS) -DDDNSD_SRCDIR='"$(CURDIR)"' $(LDSAN) $(LDFLAGS) -o $@ $< \
		$(B)/libddnsd.a $(CMOCKA_LIBS) $(PKG_LIBS)

unit: $(UNIT_BINS)

# Every unit binary once; the first failure stops it.
test-unit: $(UNIT_BINS)
	$(Q)for t in $(UNIT_BINS); do echo "  TEST   $$t"; $$t || exit 1; done

$(FB)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(call quiet,CC,$<)clang $(BASE_CFLAGS) $(FUZZ_OPT) -c -o $@ $<

$(FB)/libddnsd.a: $(FUZZ_OBJS)
	$(call quiet,AR,$@)rm -f $@ && ar rcs $@ $^

$(FB)/%: tests/fuzz/%.c $(FB)/libddnsd.a
	$(call quiet,CC,$@)clang $(BASE_CFLAGS) $(FUZZ_OPT) -fsanitize=fuzzer -o $@ $< $(FB)/libddnsd.a $(PKG_LIBS)

fuzz: $(FUZZ_BINS)

$(B)/bench/%: bench/%.c $(B)/libddnsd.a
	@mkdir -p $(dir $@)
	$(call quiet,CC,$@)$(CC) $(ALL_CFLAGS) $(LDSAN) -o $@ $< $(B)/libddnsd.a $(PKG_LIBS)

bench: $(B)/ddnsd $(BENCH_SRCS:bench/%.c=$(B)/bench/%)

# deps: what building, the demo and the tests need; deps-demo: building and the demo only.
deps:
	$(Q)scripts/deps.sh test

deps-demo:
	$(Q)scripts/deps.sh demo

# lib -> netlink -> providers -> agent: no directory includes one after it.
layers:
	$(Q)scripts/layers.sh

# check: everything from a clean clone; the last line is "N passed, N failed".
check: deps layers
	$(Q)$(MAKE) --no-print-directory WERROR=1 SAN=1 all unit
	$(Q)$(MAKE) --no-print-directory WERROR=1 all unit
	$(Q)$(MAKE) --no-print-directory WERROR=1 fuzz
	$(Q)VALGRIND_DIR=build tests/run-all.sh build-san $(FB)

demo: deps-demo
	$(Q)$(MAKE) --no-print-directory all
	$(Q)tests/netns/demo.sh build/ddnsd

# The Debian package, built by dpkg-buildpackage on a copy of the working tree in build/deb/
# (DEB_OUT= elsewhere): no root, no network.
DEB_OUT ?= build/deb
deb:
	$(Q)scripts/deb.sh $(DEB_OUT)

install: $(B)/ddnsd
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(MANDIR)/man5
	install -m 0755 $(B)/ddnsd $(DESTDIR)$(SBINDIR)/ddnsd
	install -m 0644 docs/ddnsd.8 $(DESTDIR)$(MANDIR)/man8/ddnsd.8
	install -m 0644 docs/ddnsd.conf.5 $(DESTDIR)$(MANDIR)/man5/ddnsd.conf.5

format:
	clang-format -i $(SRCS) $(wildcard lib/*.h agent/*.h netlink/*.h providers/*.h) $(UNIT_SRCS) $(FUZZ_SRCS)

format-check:
	clang-format --dry-run -Werror $(SRCS) $(wildcard lib/*.h agent/*.h netlink/*.h providers/*.h)

clean:
	rm -rf build build-san build-fuzz

-include $(shell find $(B) $(FB) -name '*.d' 2>/dev/null)
