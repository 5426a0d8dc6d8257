#!/bin/sh
# make test-deb: the Debian package, end to end. In a temporary copy of the
# tree: dpkg-buildpackage -us -uc -b, lintian (no tag beyond the overrides
# in debian/), the package's contents. Then, as root only, the package is
# installed with apt-get, the installed keepsake builds our-year and a
# worksheet from another folder (the same bytes as the tree's keepsake),
# its man page and bash completion work, and the package is removed again,
# leaving none of its files. Not root, or keepsake already installed on
# this machine: the install checks are skipped, each counted as skipped.
# Needs dpkg-dev, debhelper, lintian and poppler-utils; as root on Debian
# it installs what is missing. Ends with "N passed, N failed" (after a
# line "N skipped").
set -u
cd "$(dirname "$0")/.." || exit 2
repo=$PWD
pass=0
fail=0
skip=0
ok() {
    pass=$((pass + 1))
    [ -z "${VERBOSE:-}" ] || echo "ok   $1"
}
bad() {
    fail=$((fail + 1))
    echo "FAIL $1"
    [ -z "${2:-}" ] || printf '%s\n' "$2" | head -n 30 | sed 's/^/     /'
}
skipped() { # skipped WHY NAME...
    why=$1
    shift
    for n in "$@"; do
        skip=$((skip + 1))
        echo "skip $n: $why"
    done
}
finish() {
    echo "$skip skipped"
    echo "$pass passed, $fail failed"
    [ "$fail" = 0 ]
    exit
}

INSTALL_TESTS="install: apt-get install -y ./keepsake_*.deb|\
installed: keepsake build our-year from another folder|\
installed: keepsake worksheet reflection-emotions from another folder|\
installed: keepsake new, then build the starter folder from another folder|\
installed: man keepsake|installed: bash completion of ids from the installed data|\
remove: apt-get remove -y keepsake leaves none of its files"
skip_install() { # skip_install WHY
    reason=$1
    old_ifs=$IFS
    IFS='|'
    # shellcheck disable=SC2086
    set -- $INSTALL_TESTS
    IFS=$old_ifs
    skipped "$reason" "$@"
}

root=
[ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && root=1
export DEBIAN_FRONTEND=noninteractive

# ---- tools ------------------------------------------------------------------
need=
for pair in dpkg-buildpackage:dpkg-dev dh:debhelper lintian:lintian pdfinfo:poppler-utils; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || need="$need ${pair#*:}"
done
if [ -n "$need" ]; then
    if [ -n "$root" ]; then
        echo "test-deb: installing:$need"
        # shellcheck disable=SC2086
        apt-get install -y -qq $need </dev/null >/dev/null 2>&1 ||
            { apt-get update -qq && apt-get install -y -qq $need </dev/null >/dev/null 2>&1; } ||
            { bad "tools: apt-get install -y$need"; finish; }
    else
        skipped "needs$need (sudo apt-get install -y$need)" "build: dpkg-buildpackage -us -uc -b"
        skip_install "the package was not built"
        finish
    fi
fi
tools/deps.sh build >/dev/null || { bad "tools: the build dependencies (tools/deps.sh build)"; finish; }

# ---- build, in a copy of the tree ------------------------------------------
version=$(sed -n 's/^VERSION *= *//p' Makefile)
arch=$(dpkg --print-architecture)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/keepsake-deb.XXXXXX") || exit 2
installed_by_us=
cleanup() {
    if [ -n "$installed_by_us" ]; then
        apt-get remove -y -qq keepsake </dev/null >/dev/null 2>&1
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
src=$tmp/keepsake-$version
mkdir -p "$src"
cp -R Makefile LICENSE NOTICE README.md SECURITY.md src tools docs content layouts fonts \
    completions debian "$src/"
rm -rf "$src/debian/keepsake" "$src/debian/.debhelper" "$src/debian/files" \
    "$src/debian/debhelper-build-stamp" "$src"/debian/*.substvars "$src"/debian/*.debhelper.log

changelog_version=$(cd "$src" && dpkg-parsechangelog -S Version)
if [ "$changelog_version" = "$version" ]; then ok "debian/changelog's version is the Makefile's ($version)"; else
    bad "debian/changelog's version is the Makefile's" "changelog $changelog_version, Makefile $version"; fi

deb=$tmp/keepsake_${version}_$arch.deb
changes=$tmp/keepsake_${version}_$arch.changes
start=$(date +%s)
(cd "$src" && unset MAKEFLAGS MFLAGS MAKELEVEL && dpkg-buildpackage -us -uc -b) </dev/null >"$tmp/build.log" 2>&1
rc=$?
if [ "$rc" = 0 ] && [ -f "$deb" ] && [ -f "$changes" ]; then
    ok "build: dpkg-buildpackage -us -uc -b ($(($(date +%s) - start)) s)"
else
    bad "build: dpkg-buildpackage -us -uc -b (exit $rc)" "$(tail -n 30 "$tmp/build.log")"
    skip_install "the package was not built"
    finish
fi
if grep -q -- '-D_FORTIFY_SOURCE=2 .*-fstack-protector-strong' "$tmp/build.log"; then
    ok "build: compiled with dpkg-buildflags' hardening flags"
else
    bad "build: compiled with dpkg-buildflags' hardening flags" "$(grep -m 1 'main.c' "$tmp/build.log")"
fi

# ---- lintian ----------------------------------------------------------------
# Every tag, pedantic and informational ones too, is fixed or overridden
# with its reason in debian/keepsake.lintian-overrides.
lintian -I --pedantic "$changes" >"$tmp/lintian.txt" 2>&1
rc=$?
tags=$(grep '^[EWIPX]: ' "$tmp/lintian.txt")
if [ "$rc" = 0 ] && [ -z "$tags" ]; then ok "lintian -I --pedantic on the .changes and the .deb: clean"; else
    bad "lintian -I --pedantic on the .changes and the .deb: clean (exit $rc)" "$(cat "$tmp/lintian.txt")"; fi

# ---- contents -----------------------------------------------------------------
dpkg-deb -c "$deb" | awk '{ print $NF }' | sed 's#^\./#/#' >"$tmp/contents"
missing=
for f in /usr/bin/keepsake /usr/share/man/man1/keepsake.1.gz /usr/share/doc/keepsake/copyright \
         /usr/share/doc/keepsake/changelog.gz /usr/share/bash-completion/completions/keepsake \
         /usr/share/zsh/vendor-completions/_keepsake /usr/share/keepsake/content/books/our-year.yaml \
         /usr/share/keepsake/layouts/a5.yaml /usr/share/keepsake/fonts/lato/Lato-Regular.ttf \
         /usr/share/keepsake/fonts/lato/COPYRIGHT /usr/share/keepsake/fonts/eb-garamond/COPYRIGHT; do
    grep -qx "$f" "$tmp/contents" || missing="$missing $f"
done
n_data=$(grep -c '^/usr/share/keepsake/.*[^/]$' "$tmp/contents")
n_tree=$(find content layouts fonts -type f | wc -l)
if [ -z "$missing" ] && [ "$n_data" = "$n_tree" ]; then
    ok "contents: program, man page, copyright, completions and all $n_tree data files"
else
    bad "contents: program, man page, copyright, completions and all data files" \
        "missing:$missing; data files: $n_data in the package, $n_tree in the tree"
fi
mkdir -p "$tmp/x"
dpkg-deb -x "$deb" "$tmp/x"
if gzip -dc "$tmp/x/usr/share/man/man1/keepsake.1.gz" | grep -q '/usr/share/keepsake' &&
    grep -q '^License: Expat' "$tmp/x/usr/share/doc/keepsake/copyright" &&
    grep -q '^Files: fonts/lato/\*' "$tmp/x/usr/share/doc/keepsake/copyright" &&
    grep -q '^License: OFL-1.1' "$tmp/x/usr/share/doc/keepsake/copyright"; then
    ok "contents: the man page names /usr/share/keepsake; copyright has Expat and the fonts' OFL-1.1"
else
    bad "contents: the man page names /usr/share/keepsake; copyright has Expat and the fonts' OFL-1.1"
fi

# ---- install, use, remove (root only) --------------------------------------
if [ -z "$root" ]; then
    skip_install "not root (run make test-deb as root to install the package)"
    finish
fi
case $(dpkg-query -W -f='${Status}' keepsake 2>/dev/null) in
    "" | *" not-installed") present= ;;
    *) present=1 ;;
esac
if [ -n "$present" ]; then
    skip_install "keepsake is already installed on this machine; not replacing it"
    finish
fi
# What the tree's keepsake, built for /usr by the package build, writes
# from the same data: the installed one must write the same bytes.
"$src/keepsake" build "$src/content/books/our-year.yaml" -o "$tmp/tree-our-year.pdf" >/dev/null 2>&1
"$src/keepsake" worksheet reflection-emotions --data "$src" -o "$tmp/tree-worksheet.pdf" >/dev/null 2>&1

installed_by_us=1
if (cd "$tmp" && apt-get install -y ./keepsake_*.deb) </dev/null >"$tmp/install.log" 2>&1 &&
    [ "$(dpkg-query -W -f='${Status} ${Version}' keepsake 2>/dev/null)" = "install ok installed $version" ]; then
    ok "install: apt-get install -y ./keepsake_*.deb"
else
    bad "install: apt-get install -y ./keepsake_*.deb" "$(tail -n 20 "$tmp/install.log")"
fi
other=$tmp/elsewhere
mkdir -p "$other"
if (cd "$other" && /usr/bin/keepsake build our-year) >"$tmp/our-year.err" 2>&1 &&
    pdfinfo "$other/our-year.pdf" 2>/dev/null | grep -q '^Title: *Our Year Together' &&
    ! pdffonts "$other/our-year.pdf" 2>/dev/null | awk 'NR > 2 && $(NF-4) != "yes"' | grep -q . &&
    cmp -s "$other/our-year.pdf" "$tmp/tree-our-year.pdf"; then
    ok "installed: keepsake build our-year from another folder"
else
    bad "installed: keepsake build our-year from another folder" \
        "$(cat "$tmp/our-year.err"; ls "$other"; pdfinfo "$other/our-year.pdf" 2>&1 | head -n 3)"
fi
if (cd "$other" && /usr/bin/keepsake worksheet reflection-emotions) >"$tmp/worksheet.err" 2>&1 &&
    pdfinfo "$other/reflection-emotions.pdf" 2>/dev/null | grep -q '^Page size: *595.28 x 841.89 pts' &&
    pdftotext "$other/reflection-emotions.pdf" - 2>/dev/null | grep -q 'Knowing yourself: emotions' &&
    cmp -s "$other/reflection-emotions.pdf" "$tmp/tree-worksheet.pdf"; then
    ok "installed: keepsake worksheet reflection-emotions from another folder"
else
    bad "installed: keepsake worksheet reflection-emotions from another folder" \
        "$(cat "$tmp/worksheet.err"; ls "$other")"
fi
# The newcomer's path: a starter folder, built with the installed data
# alone (no --data), from a folder other than its own.
if (cd "$other" && /usr/bin/keepsake new -q my-book && mkdir elsewhere && cd elsewhere &&
        /usr/bin/keepsake build ../my-book/book.yaml -o starter.pdf) >"$tmp/new.err" 2>&1 &&
    pdftotext "$other/elsewhere/starter.pdf" - 2>/dev/null | grep -q 'Questions for the two of us' &&
    pdftotext "$other/elsewhere/starter.pdf" - 2>/dev/null | grep -q 'How have you really been feeling'; then
    ok "installed: keepsake new, then build the starter folder from another folder"
else
    bad "installed: keepsake new, then build the starter folder from another folder" \
        "$(cat "$tmp/new.err"; ls -R "$other" | head -n 20)"
fi
if command -v man >/dev/null 2>&1; then
    man_ok() { [ "$(man -w keepsake 2>/dev/null)" = /usr/share/man/man1/keepsake.1.gz ] &&
        MANWIDTH=200 man keepsake 2>/dev/null | grep -q '/usr/share/keepsake'; }
else # no man-db: the page is there, and names the data folder
    man_ok() { gzip -dc /usr/share/man/man1/keepsake.1.gz 2>/dev/null | grep -q '/usr/share/keepsake'; }
fi
if man_ok; then
    ok "installed: man keepsake"
else
    bad "installed: man keepsake" "$(man -w keepsake 2>&1)"
fi
want=$(/usr/bin/keepsake list exercises 2>/dev/null | awk '$1 ~ /^reflection-/ { printf "%s ", $1 }')
got=$(cd "$other" && bash --norc --noprofile -c '
    . /usr/share/bash-completion/completions/keepsake || exit 9
    COMP_WORDS=(/usr/bin/keepsake worksheet ref) COMP_CWORD=2
    _keepsake
    printf "%s " "${COMPREPLY[@]}"' 2>&1)
if [ -n "$want" ] && [ "$got" = "$want" ]; then ok "installed: bash completion of ids from the installed data"; else
    bad "installed: bash completion of ids from the installed data" "expected: $want
got:      $got"; fi

apt-get remove -y keepsake </dev/null >"$tmp/remove.log" 2>&1
rc=$?
left=
while read -r f; do
    case $f in */) continue ;; esac # folders: shared ones stay
    [ ! -e "$f" ] || left="$left $f"
done <"$tmp/contents"
[ ! -e /usr/share/keepsake ] || left="$left /usr/share/keepsake/"
[ ! -e /usr/share/doc/keepsake ] || left="$left /usr/share/doc/keepsake/"
status=$(dpkg-query -W -f='${Status}' keepsake 2>/dev/null)
if [ "$rc" = 0 ] && [ -z "$left" ] && { [ -z "$status" ] || [ "$status" = "unknown ok not-installed" ]; }; then
    installed_by_us=
    ok "remove: apt-get remove -y keepsake leaves none of its files"
else
    bad "remove: apt-get remove -y keepsake leaves none of its files" \
        "exit $rc, status '$status', left:$left; $(tail -n 5 "$tmp/remove.log")"
fi
finish
