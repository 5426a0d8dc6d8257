#!/bin/sh
# keepsake's test runner: unit tests, golden error messages, golden layout
# dumps, layout invariants (geometry), reference pictures of each page kind
# and end-to-end checks of real PDFs with poppler, qpdf and mutool.
# The error, dump and end-to-end groups run twice: under LC_ALL=C and under a
# decimal-comma locale (LANG=fr_FR.UTF-8, messages in C). keepsake calls
# setlocale(), so the second pass really runs it in French. The last line is "N passed, N failed".
#
# Environment: KEEPSAKE (binary, default ./keepsake), UNIT_DIR (default
# build), GEOMETRY (the layout checker, default $UNIT_DIR/geometry), UPDATE=1
# (rewrite golden files), VALGRIND=1 (run keepsake under valgrind), VERBOSE=1
# (print passes too), ONLY="GROUP..." (run only these groups, for example
# ONLY="errors cases"), JOBS (default 2: the groups run in two lanes at
# once, see lanes() at the end; JOBS=1 runs them one after another).
set -u
cd "$(dirname "$0")/.." || exit 2
K=${KEEPSAKE:-./keepsake}
UNIT_DIR=${UNIT_DIR:-build}
# A lane (TEST_LANE set, see lanes()) writes into the folder it is given;
# tests/bad/*.args name tests/out, so the errors group runs where OUT is it.
OUT=${TEST_OUT:-tests/out}
[ -n "${TEST_LANE:-}" ] || rm -rf "$OUT"
mkdir -p "$OUT"
# Only the repository's fonts, the same on every machine (see fonts.conf).
FONTCONFIG_FILE=$PWD/tests/fonts.conf
export FONTCONFIG_FILE
XDG_CACHE_HOME=$PWD/$OUT/cache
export XDG_CACHE_HOME
unset SOURCE_DATE_EPOCH
pass=0
fail=0

ok() {
    pass=$((pass + 1))
    [ -z "${VERBOSE:-}" ] || echo "ok   $1"
}
bad() {
    fail=$((fail + 1))
    echo "FAIL $1${LOCALE_NOTE:-}"
    [ -z "${2:-}" ] || printf '%s\n' "$2" | head -n 20 | sed 's/^/     /'
}
check() { # check NAME COMMAND...: passes when the command succeeds
    name=$1
    shift
    if "$@" >/dev/null 2>&1; then ok "$name"; else bad "$name"; fi
}

# Under VALGRIND=1, keepsake runs inside valgrind: any error or definite
# leak makes it exit 99.
VG=
[ -z "${VALGRIND:-}" ] || VG="valgrind -q --error-exitcode=99 --leak-check=full \
    --errors-for-leak-kinds=definite --show-leak-kinds=definite \
    --suppressions=$PWD/tests/valgrind.supp"
ks() { # run keepsake, under valgrind when asked
    $VG "$K" "$@"
}

# ---- unit tests -----------------------------------------------------------
unit() {
    for t in "$UNIT_DIR"/test-*; do
        [ -x "$t" ] || continue
        name=$(basename "$t")
        if [ -n "${VALGRIND:-}" ]; then
            valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --suppressions="$PWD/tests/valgrind.supp" \
                "$t" >"$OUT/$name.log" 2>&1
        else
            "$t" >"$OUT/$name.log" 2>&1
        fi
        rc=$?
        last=$(tail -n 1 "$OUT/$name.log")
        p=$(printf '%s' "$last" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
        f=$(printf '%s' "$last" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
        if [ -z "$p" ]; then
            bad "$name: no summary line (exit $rc)" "$(tail -n 20 "$OUT/$name.log")"
            continue
        fi
        pass=$((pass + p))
        fail=$((fail + f))
        if [ "$f" != 0 ] || [ "$rc" != 0 ]; then
            echo "FAIL $name ($f failed, exit $rc)"
            grep -v '^ok' "$OUT/$name.log" | head -n 30 | sed 's/^/     /'
            [ "$f" != 0 ] || fail=$((fail + 1))
        fi
    done
}

# ---- the bad-input suite ---------------------------------------------------
# tests/bad/NAME.yaml is a bad input; NAME.stderr the exact messages;
# NAME.args the arguments ({} for the input; default "check {}"); NAME.code
# the exit code (default 1). tests/bad/gen/ holds expectations for inputs
# too big to store, which generate.sh writes into tests/out/gen/. Each case
# must finish within 2 s and 200 MB, leave no output and not touch its input;
# any GLib or Pango warning is fatal (G_DEBUG=fatal-warnings). Its messages
# must be safe for a terminal: no control character, bidi control or invalid
# UTF-8 (diag.c escapes them) and no line over DIAG_MAX_LINE (src/diag.h).
#
# The generators tests/gen/*.sh write the hostile cases that are better made
# than stored (control characters, invalid UTF-8, every class of code point)
# into the folder given, in the same form, with two more files: instead of
# NAME.stderr, NAME.where may hold the start of the line that must say where
# the problem is ("--set names: error: "), and NAME.input the file that must
# not change when it is not NAME.yaml. {pdf} in NAME.args is
# tests/out/CASE.pdf; when NAME.code is 0, that PDF must be written (instead
# of none), sound to qpdf --check, and its text (pdftotext) must hold each
# line of NAME.text if given, and pdfinfo print each line of NAME.info
# ("Title: Our Year"). With NAME.machine-fonts, keepsake runs with
# the machine's fontconfig (as the fonts group does), for scripts that the
# repository's fonts lack.
# An empty NAME.where asks for no message.
LIMITS=${LIMITS-1}
[ -z "${VALGRIND:-}" ] && [ "$K" = ./keepsake ] || LIMITS=
DIAG_MAX_LINE=1000

# What a terminal acts on: C0 controls but newline (grep reads lines, so
# newlines never match), DEL, C1 controls, bidi controls (made once, not per case).
UNSAFE=$(printf '[\001-\011\013-\037\177]|\302[\200-\237]|\342\200[\216\217\250-\256]|\342\201[\246-\251]|\330\234')
unsafe_for_terminal() { # unsafe_for_terminal FILE: true if it holds what a terminal acts on
    LC_ALL=C grep -Eq "$UNSAFE" "$1" ||
        ! iconv -f UTF-8 -t UTF-8 <"$1" >/dev/null 2>&1 ||
        LC_ALL=C awk -v max=$DIAG_MAX_LINE 'length($0) > max { long = 1 } END { exit !long }' "$1"
}

messages_differ() { # messages_differ CASE EXPECTATIONS-PREFIX: prints how, if they do
    if [ -f "$2.stderr" ]; then
        diff -u "$2.stderr" "$OUT/errors/$1.stderr" && return 1
    elif [ -f "$2.where" ]; then
        [ -s "$2.where" ] || return 1 # an empty NAME.where asks for no message
        W=$(cat "$2.where") LC_ALL=C awk 'index($0, ENVIRON["W"]) == 1 { found = 1 } END { exit !found }' \
            "$OUT/errors/$1.stderr" && return 1
        echo "no line starts with '$(cat "$2.where")':"
        cat "$OUT/errors/$1.stderr"
    else
        echo "no $2.stderr or $2.where"
    fi
    return 0
}

output_wrong() { # output_wrong CASE EXPECTATIONS-PREFIX pdf|none: prints what is wrong, if anything
    pdf=$OUT/$1.pdf
    if [ "$3" = none ]; then
        [ -e "$pdf" ] && echo "wrote $pdf" && return 0
    elif [ ! -f "$pdf" ]; then
        echo "no $pdf" && return 0
    elif ! qpdf --check "$pdf" >"$OUT/errors/$1.qpdf" 2>&1; then
        cat "$OUT/errors/$1.qpdf" && return 0
    elif [ -f "$2.info" ] && pdfinfo -enc UTF-8 "$pdf" 2>/dev/null | sed 's/^\([A-Za-z]*\): */\1: /' |
        grep -xvF -f - "$2.info" >"$OUT/errors/$1.info"; then
        echo "pdfinfo lacks: $(cat "$OUT/errors/$1.info")" && return 0
    elif [ -f "$2.text" ]; then
        pdftotext -enc UTF-8 "$pdf" "$OUT/errors/$1.txt" 2>/dev/null
        while IFS= read -r t; do
            grep -qF -- "$t" "$OUT/errors/$1.txt" || { echo "the text of $pdf lacks '$t'" && return 0; }
        done <"$2.text"
    fi
    rm -f "$pdf"
    for f in "$OUT"/*keepsake-* "$OUT"/.*keepsake-*; do # (globs, not ls | grep: hundreds of cases)
        [ -e "$f" ] && echo "a temporary file is left: $(ls -A "$OUT")" && return 0
    done
    return 1
}

over_2s() { # over_2s SECONDS: SECONDS (such as 0.03, from time -f %e) is over 2
    case $1 in
        [0-9]|[0-9][0-9]*|[0-9]*.*) ;;
        *) return 0 ;; # not a number: time did not say, so it did not finish
    esac
    i=${1%%.*} f=${1#"$i"}
    f=${f#.}
    [ "$i" -gt 2 ] || { [ "$i" -eq 2 ] && [ -n "$(printf '%s' "$f" | tr -d 0)" ]; }
}

bad_case() { # bad_case NAME INPUT EXPECTATIONS-PREFIX
    name=$1 y=$2 n=$3
    args="check {}"
    [ -f "$n.args" ] && args=$(cat "$n.args")
    want=1
    [ -f "$n.code" ] && want=$(cat "$n.code")
    output=none
    case $args in *'{pdf}'*) [ "$want" != 0 ] || output=pdf ;; esac
    case $args in *'{}'*) args=$(printf '%s' "$args" | sed "s#{}#$y#g") ;; esac
    args=$(printf '%s' "$args" | sed "s#{pdf}#$OUT/$name.pdf#g")
    sum() { if [ -p "$1" ]; then echo fifo; else cksum <"$1"; fi; } # never open a FIFO
    before=$(sum "$y")
    eval "set -- $args"
    fonts= # NAME.machine-fonts: the machine's fontconfig, for scripts our fonts lack
    [ -f "$n.machine-fonts" ] && fonts="env -u FONTCONFIG_FILE"
    G_DEBUG=fatal-warnings /usr/bin/time -f '%e %M' -o "$OUT/errors/$name.time" \
        timeout 120 $fonts $VG "$K" "$@" </dev/null >/dev/null 2>"$OUT/errors/$name.stderr"
    rc=$?
    if [ -n "${UPDATE:-}" ]; then
        rm -f "$OUT/$name.pdf"
        [ -f "$n.where" ] && return # generated: nothing stored to update
        cp "$OUT/errors/$name.stderr" "$n.stderr"
        if [ "$rc" = 1 ]; then rm -f "$n.code"; else echo "$rc" >"$n.code"; fi
        return
    fi
    # the last line of time's file is "SECONDS KB" (read without a process:
    # these run for each of hundreds of cases, twice)
    secs=0 kb=0
    while read -r t1 t2 rest; do secs=$t1 kb=$t2; done <"$OUT/errors/$name.time"
    if [ "$rc" != "$want" ]; then
        bad "bad/$name: exit $rc, expected $want" "$(cat "$OUT/errors/$name.stderr")"
    elif messages_differ "$name" "$n" >"$OUT/errors/$name.diff"; then
        bad "bad/$name: messages differ" "$(cat "$OUT/errors/$name.diff")"
    elif unsafe_for_terminal "$OUT/errors/$name.stderr"; then
        bad "bad/$name: a message holds a raw control character, invalid UTF-8 or a line over $DIAG_MAX_LINE bytes" \
            "$(od -c "$OUT/errors/$name.stderr" | head -n 10)"
    elif [ "$before" != "$(sum "$y")" ]; then
        bad "bad/$name: the input file changed"
    elif output_wrong "$name" "$n" $output >"$OUT/errors/$name.out"; then
        bad "bad/$name: output" "$(cat "$OUT/errors/$name.out")"
    elif [ -n "$LIMITS" ] && { over_2s "$secs" || [ "$kb" -gt 204800 ]; }; then
        bad "bad/$name: took $secs s and $kb KB (limits: 2 s, 200 MB)"
    else
        ok "bad/$name"
    fi
}

# generated GROUP: the cases tests/gen/GROUP.sh writes, each as bad/GROUP-NAME.
generated() {
    dir=$OUT/gen-$1
    if ! sh "tests/gen/$1.sh" "$dir" >"$OUT/errors/gen-$1.log" 2>&1; then
        bad "bad/$1: tests/gen/$1.sh failed" "$(cat "$OUT/errors/gen-$1.log")"
        return
    fi
    for a in "$dir"/*.args; do
        c=${a%.args}
        input=$BOOK
        [ -f "$c.yaml" ] && input=$c.yaml
        [ -f "$c.input" ] && input=$(cat "$c.input")
        bad_case "$1-$(basename "$c")" "$input" "$c"
    done
}

errors() {
    mkdir -p "$OUT/errors" "$OUT/gen"
    for y in tests/bad/*.yaml; do
        bad_case "$(basename "${y%.yaml}")" "$y" "${y%.yaml}"
    done
    sh tests/bad/gen/generate.sh "$OUT/gen"
    for e in tests/bad/gen/*.stderr; do
        name=$(basename "${e%.stderr}")
        bad_case "$name" "$OUT/gen/$name.yaml" "${e%.stderr}"
    done
    rm -rf "$OUT/gen" # 60 MB of generated input
}
# The generated hostile cases (tests/gen/*.sh), under the same checks as
# tests/bad/: a group of their own, run once (their messages hold no
# decimals), so the two lanes can share the bad-input work.
hostile() {
    mkdir -p "$OUT/errors"
    for g in tests/gen/*.sh; do
        g=$(basename "$g" .sh)
        case $g in lib | fanout | unbreakable) ;; *) generated "$g" ;; esac
    done
}
# The generated cases of bounded work (fan-out through aliases, text with
# nowhere to break): the slowest, a group of their own for the lanes.
bounded() {
    mkdir -p "$OUT/errors"
    generated fanout
    generated unbreakable
}

# ---- golden layout dumps --------------------------------------------------
cases() {
    for d in tests/cases/*/; do
        [ -f "$d/book.yaml" ] || continue
        name=$(basename "$d")
        args=""
        [ -f "$d/args" ] && args=$(cat "$d/args")
        eval "set -- $args"
        ks build "$d/book.yaml" --dump "$@" >"$OUT/$name.dump" 2>"$OUT/$name.err"
        rc=$?
        if [ -n "${UPDATE:-}" ]; then
            cp "$OUT/$name.dump" "$d/expect.txt"
        elif [ "$rc" != 0 ]; then
            bad "cases/$name: exit $rc" "$(cat "$OUT/$name.err")"
        elif ! diff -u "$d/expect.txt" "$OUT/$name.dump" >"$OUT/$name.diff"; then
            bad "cases/$name: layout differs (make test-update, then review the diff)" \
                "$(head -n 20 "$OUT/$name.diff")"
        else
            ok "cases/$name"
        fi
    done
}

# ---- end to end -------------------------------------------------------------
BOOK=content/books/our-year.yaml

pdf_text_has() { # pdf_text_has NAME PDF TEXT
    if pdftotext -enc UTF-8 "$2" - 2>/dev/null | grep -qF -- "$3"; then ok "$1"; else bad "$1" "'$3' not found in $2"; fi
}

pdf_pages() { # pdf_pages PDF: its page count
    pdfinfo "$1" 2>/dev/null | sed -n 's/^Pages: *//p'
}

# How keepsake's PDFs are made (src/pdfpack.h): the objects that are not
# streams in compressed object streams, a cross-reference stream where
# startxref says and no classic table; and qpdf finds nothing wrong.
packed_problem() { # packed_problem PDF: what is wrong with how it is packed, if anything
    at=$(tail -c 40 "$1" | sed -n '/^startxref$/{n;p;}')
    [ -n "$at" ] || { echo "$1: no startxref at its end"; return; }
    head=$(tail -c +$((at + 1)) "$1" | head -c 100 | LC_ALL=C tr -c '[:print:]\n' '?')
    case $head in
    [0-9]*" 0 obj
<< /Type /XRef "*) ;;
    *) echo "$1: no cross-reference stream at startxref $at"; return ;;
    esac
    LC_ALL=C grep -aq '/Type /ObjStm' "$1" || echo "$1: no object stream"
    ! LC_ALL=C grep -aqx 'xref\|trailer' "$1" || echo "$1: a classic cross-reference table"
    qpdf --check "$1" >"$OUT/packed.qpdf" 2>&1 || echo "$1: qpdf --check: $(tail -n 3 "$OUT/packed.qpdf")"
}

packed_all() { # packed_all NAME FIND-ARGS...: every PDF that find(1) lists is packed
    name=$1
    shift
    problems=$(find "$@" -name '*.pdf' | sort | while IFS= read -r f; do packed_problem "$f"; done)
    n=$(find "$@" -name '*.pdf' | wc -l)
    if [ "$n" -gt 0 ] && [ -z "$problems" ]; then ok "$name ($n)"; else
        bad "$name" "${problems:-no PDF found}"; fi
}

summary_is() { # summary_is NAME STDERR-FILE LINE: the file holds exactly LINE
    if [ "$(cat "$2")" = "$3" ]; then ok "$1"; else bad "$1" "want: $3
got:  $(cat "$2")"; fi
}

# The line a PDF written gets, and -q (e2e; $pdf and $pages are the
# default book's).
e2e_summary() {
    # One line on stderr says what was written: pages, paper, size in KB.
    kb=$(( ($(wc -c <"$pdf") + 512) / 1024 ))
    summary_is "e2e: build says what it wrote" "$OUT/build.err" "wrote $pdf: $pages pages, A5, $kb KB"
    ks build "$BOOK" -q -o "$OUT/quiet.pdf" 2>"$OUT/quiet.err"
    if [ $? = 0 ] && [ ! -s "$OUT/quiet.err" ] && [ -f "$OUT/quiet.pdf" ]; then ok "e2e: -q says nothing"; else
        bad "e2e: -q says nothing" "$(cat "$OUT/quiet.err")"; fi
    ks build "$BOOK" --quiet -o "$OUT/quiet.pdf" --set start=2027-02-30 2>"$OUT/quiet.err"
    if [ $? = 1 ] && grep -q "error: .*2027-02-30" "$OUT/quiet.err"; then ok "e2e: -q still reports errors"; else
        bad "e2e: -q still reports errors" "$(cat "$OUT/quiet.err")"; fi
    ks build "$BOOK" --dump >/dev/null 2>"$OUT/dump.err"
    if [ ! -s "$OUT/dump.err" ]; then ok "e2e: --dump prints no summary"; else bad "e2e: --dump prints no summary" "$(cat "$OUT/dump.err")"; fi
    ks build "$BOOK" -o - 2>"$OUT/stdout.err" >"$OUT/stdout.pdf"
    summary_is "e2e: -o - says it wrote standard output" "$OUT/stdout.err" \
        "wrote standard output: $pages pages, A5, $kb KB"
    ks worksheet about-me -l letter -o "$OUT/ws-sum.pdf" 2>"$OUT/ws-sum.err"
    summary_is "e2e: worksheet says what it wrote" "$OUT/ws-sum.err" \
        "wrote $OUT/ws-sum.pdf: $(pdf_pages "$OUT/ws-sum.pdf") pages, Letter, $(( ($(wc -c <"$OUT/ws-sum.pdf") + 512) / 1024 )) KB"
    printf 'type: layout\nextends: a5\npage:\n  size: [100mm, 150mm]\n' >"$OUT/odd.yaml"
    ks build content/books/gift-booklet.yaml -l "$OUT/odd.yaml" -o "$OUT/odd.pdf" 2>"$OUT/odd.err"
    summary_is "e2e: a paper without a name is given in mm" "$OUT/odd.err" \
        "wrote $OUT/odd.pdf: $(pdf_pages "$OUT/odd.pdf") pages, 100x150 mm, $(( ($(wc -c <"$OUT/odd.pdf") + 512) / 1024 )) KB"
}

e2e_bad_epoch() {
    # Anything else in SOURCE_DATE_EPOCH is an input error: nothing written.
    for v in abc "" -5 1e9 " 12" 99999999999999; do
        cp "$pdf" "$OUT/sde-keep.pdf"
        SOURCE_DATE_EPOCH=$v ks build "$BOOK" -o "$OUT/sde-keep.pdf" 2>"$OUT/sde.err"
        rc=$?
        if [ $rc = 1 ] && head -n 1 "$OUT/sde.err" | grep -qxF "SOURCE_DATE_EPOCH: error: must be a whole number of seconds since 1970$(
            [ "$v" = 99999999999999 ] && printf ', up to 253402300799 (the end of 9999)'), not '$v'" &&
            cmp -s "$pdf" "$OUT/sde-keep.pdf" && [ "$(temp_files "$OUT")" = 0 ]; then
            ok "e2e: SOURCE_DATE_EPOCH='$v' is an error"; else
            bad "e2e: SOURCE_DATE_EPOCH='$v' is an error" "exit $rc: $(cat "$OUT/sde.err")"; fi
    done

}

e2e_stdout() {
    # -o - is standard output: the same bytes, through a file without a
    # name in TMPDIR, so nothing is left there (nor a file named '-'), even
    # when killed; a failed write is an output error.
    mkdir -p "$OUT/tmp"
    TMPDIR=$PWD/$OUT/tmp ks build "$BOOK" -o - >"$OUT/stdout.pdf" 2>"$OUT/stdout.err"
    rc=$?
    if [ $rc = 0 ] && cmp -s "$pdf" "$OUT/stdout.pdf" && [ ! -e ./- ] && [ -z "$(ls -A "$OUT/tmp")" ]; then
        ok "e2e: -o - writes the PDF to standard output"; else
        bad "e2e: -o - writes the PDF to standard output" "exit $rc: $(cat "$OUT/stdout.err"; ls -A "$OUT/tmp")"; fi
    TMPDIR=$PWD/$OUT/tmp ks build "$BOOK" -o - 2>"$OUT/stdout.err" | cat >"$OUT/pipe.pdf"
    check "e2e: -o - into a pipe" cmp "$pdf" "$OUT/pipe.pdf"
    TMPDIR=$PWD/$OUT/tmp ks build "$BOOK" -o - >/dev/full 2>"$OUT/stdout.err"
    rc=$?
    if [ $rc = 3 ] && grep -q '^standard output: error: cannot write: No space left on device$' "$OUT/stdout.err" &&
        [ -z "$(ls -A "$OUT/tmp")" ]; then ok "e2e: -o - to a full disk is an output error (exit 3)"; else
        bad "e2e: -o - to a full disk is an output error (exit 3)" "exit $rc: $(cat "$OUT/stdout.err"; ls -A "$OUT/tmp")"; fi
    TMPDIR=$PWD/$OUT/tmp "$K" build tests/e2e/slow.yaml -o - >/dev/null 2>&1 </dev/null &
    pid=$!
    sleep 0.3
    kill -s KILL $pid 2>/dev/null
    wait $pid 2>/dev/null # (without the shell's "Killed")
    rc=$?
    if [ $rc -gt 128 ] && [ -z "$(ls -A "$OUT/tmp")" ]; then ok "e2e: -o - killed leaves no file"; else
        bad "e2e: -o - killed leaves no file" "exit $rc: $(ls -A "$OUT/tmp")"; fi
}

e2e_nodata() {
    # Run from a folder with no data folder at or above it: list, show and
    # worksheet say where they looked (unless the data is installed at the
    # compiled-in folder: then they use it).
    datadir=$(cat "$UNIT_DIR/datadir" 2>/dev/null)
    nodata=$(mktemp -d)
    outabs=$PWD/$OUT
    for c in list "list layouts" "show about-me" "worksheet about-me"; do
        (cd "$nodata" && $VG "$kabs" $c >"$outabs/nodata.out" 2>"$outabs/nodata.err")
        rc=$?
        if [ -z "$datadir" ]; then
            bad "e2e: $c with no data folder" "no data folder in $UNIT_DIR/datadir"
        elif [ -d "$datadir/content" ] && [ -d "$datadir/layouts" ]; then
            if [ $rc = 0 ]; then ok "e2e: $c uses the installed data in $datadir"; else
                bad "e2e: $c uses the installed data in $datadir" "exit $rc: $(cat "$OUT/nodata.err")"; fi
        elif [ $rc = 1 ] && [ ! -s "$OUT/nodata.out" ] && [ -z "$(ls -A "$nodata")" ] &&
            [ "$(cat "$OUT/nodata.err")" = "keepsake: error: no data folder: no content/ or layouts/ in $nodata or the folders above it, and no installed data in $datadir; name one with --data DIR" ]; then
            ok "e2e: $c with no data folder says where it looked"
        else
            bad "e2e: $c with no data folder says where it looked" "exit $rc: $(cat "$OUT/nodata.out" "$OUT/nodata.err")"
        fi
    done
    ks list --data "$nodata" >"$OUT/nodata.out" 2>"$OUT/nodata.err"
    rc=$?
    if [ $rc = 1 ] && [ "$(cat "$OUT/nodata.err")" = "$nodata: error: not a data folder: it holds no content/ or layouts/" ]; then
        ok "e2e: list --data of a folder without data"; else
        bad "e2e: list --data of a folder without data" "exit $rc: $(cat "$OUT/nodata.err")"; fi
    rm -rf "$nodata"
}

e2e() {
    pdf=$OUT/book.pdf
    touch "$OUT/e2e.start"
    kabs=$(cd "$(dirname "$K")" && pwd)/$(basename "$K")
    if ks build "$BOOK" -o "$pdf" 2>"$OUT/build.err"; then ok "e2e: build the default book"; else
        bad "e2e: build the default book" "$(cat "$OUT/build.err")"
        return
    fi
    ks build "$BOOK" --dump >"$OUT/book.dump" 2>/dev/null
    pages=$(pdfinfo "$pdf" | sed -n 's/^Pages: *//p')
    dump_pages=$(sed -n 's/^document pages=\([0-9]*\).*/\1/p' "$OUT/book.dump")
    if [ "$pages" = "$dump_pages" ] && [ "$pages" -ge 160 ]; then ok "e2e: page count"; else
        bad "e2e: page count" "pdfinfo says $pages, the dump $dump_pages"; fi
    if pdfinfo "$pdf" | grep -q '^Page size: *419.53 x 595.28 pts'; then ok "e2e: A5 page size"; else
        bad "e2e: A5 page size" "$(pdfinfo "$pdf" | grep 'Page size')"; fi
    for kv in "Title:Our Year Together" "Author:Alex & Sam" "Creator:keepsake" "Keywords:relationship" \
        "Subject:A year of weekly" "CreationDate:Fri Jan  1 00:00:00 2027"; do
        k=${kv%%:*} v=${kv#*:}
        if pdfinfo "$pdf" | grep -q "^$k: *$v"; then ok "e2e: metadata $k"; else bad "e2e: metadata $k" "$(pdfinfo "$pdf" | grep "^$k")"; fi
    done
    pdf_text_has "e2e: names in the text" "$pdf" "Alex & Sam"
    pdf_text_has "e2e: Week 52" "$pdf" "Week 52"
    pdf_text_has "e2e: a range in one month" "$pdf" "4–10 Jan 2027"
    pdf_text_has "e2e: a range across months" "$pdf" "29 Mar – 4 Apr 2027"
    pdf_text_has "e2e: a range across years" "$pdf" "27 Dec 2027 – 2 Jan 2028"
    if pdffonts "$pdf" | tail -n +3 | awk '{ if ($(NF-4) != "yes") bad = 1 } END { exit bad }'; then
        ok "e2e: every font embedded"; else bad "e2e: every font embedded" "$(pdffonts "$pdf")"; fi
    if pdffonts "$pdf" | grep -q 'EBGaramond' && pdffonts "$pdf" | grep -q 'Lato'; then
        ok "e2e: the shipped fonts are used"; else bad "e2e: the shipped fonts are used" "$(pdffonts "$pdf")"; fi
    if qpdf --check "$pdf" >"$OUT/qpdf.log" 2>&1; then ok "e2e: qpdf --check"; else bad "e2e: qpdf --check" "$(cat "$OUT/qpdf.log")"; fi
    ks build "$BOOK" -o "$OUT/again.pdf" 2>/dev/null
    check "e2e: two runs give the same bytes" cmp "$pdf" "$OUT/again.pdf"
    # with a bleed, the page boxes are written as the objects are packed
    ks build "$BOOK" --bleed 3mm -o "$OUT/bleed-a.pdf" 2>/dev/null
    ks build "$BOOK" --bleed 3mm -o "$OUT/bleed-b.pdf" 2>/dev/null
    check "e2e: two runs with a bleed give the same bytes" cmp "$OUT/bleed-a.pdf" "$OUT/bleed-b.pdf"
    e2e_summary
    SOURCE_DATE_EPOCH=1700000000 ks build "$BOOK" -o "$OUT/sde.pdf" 2>/dev/null
    if pdfinfo "$OUT/sde.pdf" | grep -q '^CreationDate: *Tue Nov 14 22:13:20 2023'; then
        ok "e2e: SOURCE_DATE_EPOCH sets the creation date"; else bad "e2e: SOURCE_DATE_EPOCH sets the creation date"; fi
    e2e_bad_epoch
    # Outline: a bookmark for each section and each week, at the dump's pages.
    qpdf --json --json-key=outlines "$pdf" >"$OUT/outline.json" 2>/dev/null
    n_out=$(grep -c '"title"' "$OUT/outline.json")
    n_dump=$(grep -c '^outline ' "$OUT/book.dump")
    if [ "$n_out" = "$n_dump" ] && grep -q '"title": "Week 52"' "$OUT/outline.json"; then
        ok "e2e: outline"; else bad "e2e: outline" "$n_out bookmarks in the PDF, $n_dump in the dump"; fi
    # Page labels: roman front matter, then decimal from 1 (cairo writes a /D range).
    labels=$(qpdf --json --json-key=pagelabels "$pdf" | tr -d ' \n')
    case $labels in *'"index":0,"label":{"/P":"u:i"'*'"label":{"/S":"/D","/St":1}'*) ok "e2e: page labels" ;;
        *) bad "e2e: page labels" "$(printf '%s' "$labels" | cut -c1-300)" ;; esac
    # Links from the contents go where the layout said.
    mutool run tests/links.js "$pdf" >"$OUT/links.txt" 2>/dev/null
    awk '/^page /{ p = $2 } /^  link /{ for (i = 1; i <= NF; i++) if ($i ~ /^page=/) print p, substr($i, 6) }' \
        "$OUT/book.dump" >"$OUT/links-want.txt"
    if [ -s "$OUT/links.txt" ] && diff -q "$OUT/links-want.txt" "$OUT/links.txt" >/dev/null &&
        [ "$(wc -l <"$OUT/links.txt")" -ge 40 ]; then ok "e2e: contents links"; else
        bad "e2e: contents links" "$(diff "$OUT/links-want.txt" "$OUT/links.txt" | head)"; fi
    # Structure tags come from the boxes' roles (tests/structure.js prints
    # the tree, then the text drawn outside it).
    mutool run tests/structure.js "$pdf" >"$OUT/struct.txt" 2>&1
    missing=
    for t in Document H1 H2 P L LI LBody Link; do
        grep -q "^ *$t\( \|$\)" "$OUT/struct.txt" || missing="$missing $t"
    done
    if [ -z "$missing" ]; then ok "e2e: structure tree has H1, H2, P, L and LI"; else
        bad "e2e: structure tree has H1, H2, P, L and LI" "no$missing: $(head -n 5 "$OUT/struct.txt")"; fi
    # Every heading of the dump, in order, with its page and text.
    awk '/^page /{ p = $2 } / role=h[12] "/{ t = $0; sub(/^[^"]*"/, "", t); sub(/"$/, "", t)
            gsub(/\\n/, "", t); gsub(/\\"/, "\"", t); gsub(/\\\\/, "\\", t)
            r = $0; sub(/.* role=h/, "", r); print "H" substr(r, 1, 1), p, t }' \
        "$OUT/book.dump" >"$OUT/headings-want.txt"
    sed -n 's/^ *\(H[12]\) \([0-9]*\) "\(.*\)"$/\1 \2 \3/p' "$OUT/struct.txt" >"$OUT/headings.txt"
    # (mutool joins the lines of a wrapped heading without their space:
    # compare without spaces.)
    if [ "$(wc -l <"$OUT/headings.txt")" -ge 200 ] &&
        [ "$(tr -d ' ' <"$OUT/headings-want.txt")" = "$(tr -d ' ' <"$OUT/headings.txt")" ] &&
        [ "$(head -n 3 "$OUT/headings.txt" | tr '\n' '|')" = "H1 1 Our Year Together|H1 2 Welcome|H2 2 How to use this book|" ]; then
        ok "e2e: headings are H1/H2 in page order"; else
        bad "e2e: headings are H1/H2 in page order" "$(diff "$OUT/headings-want.txt" "$OUT/headings.txt" | head)"; fi
    # Below Document, each element lies on one page; lists are L > LI > LBody,
    # one LI for each list item of the dump; each link sits in a row's LBody.
    if awk -v want_li="$(grep -c ' role=li ' "$OUT/book.dump")" -v want_links="$(grep -c '^  link ' "$OUT/book.dump")" '
            /^unmarked / { next }
            { d = match($0, /[^ ]/) - 1; d /= 2; name = $1; par[d] = name }
            d == 0 && name != "Document" { print "top level: " $0; e++ }
            d > 0 && $2 ~ /-/ { print "spans pages: " $0; e++ }
            name == "LI" && par[d - 1] != "L" || par[d - 1] == "L" && name != "LI" { print "in L: " $0; e++ }
            name == "LBody" && par[d - 1] != "LI" || par[d - 1] == "LI" && name != "LBody" { print "in LI: " $0; e++ }
            name == "LI" { li++ } name == "L" { l++ }
            name == "Link" { links++; if (par[d - 1] != "LBody") { print "link outside a row: " $0; e++ } }
            END { if (li != want_li || links != want_links || l < 2) { print li " LI, " links " links, " l " L"; e++ }
                  exit e > 0 }' "$OUT/struct.txt" >"$OUT/struct-check.txt"; then
        ok "e2e: structure elements nest and stay on their page"; else
        bad "e2e: structure elements nest and stay on their page" "$(head "$OUT/struct-check.txt")"; fi
    # Decorations and footers are drawn outside the structure, and nothing else is.
    awk '/^page /{ p = $2 } / role=(decoration|footer) "/{ t = $0; sub(/^[^"]*"/, "", t); print "unmarked " p " \"" t }' \
        "$OUT/book.dump" >"$OUT/unmarked-want.txt"
    grep '^unmarked ' "$OUT/struct.txt" >"$OUT/unmarked.txt"
    # mutool joins neighbouring unmarked texts into one run: compare each
    # page's unmarked text, joined, rather than run by run.
    by_page() {
        awk '{ p = $2; t = $0; sub(/^unmarked [0-9]+ "/, "", t); sub(/"$/, "", t)
               if (p != last) { if (NR > 1) printf "\n"; printf "%s ", p; last = p } printf "%s", t }
             END { printf "\n" }' "$1"
    }
    by_page "$OUT/unmarked-want.txt" >"$OUT/unmarked-want.pages"
    by_page "$OUT/unmarked.txt" >"$OUT/unmarked.pages"
    if [ "$(wc -l <"$OUT/unmarked.pages")" -ge 200 ] && cmp -s "$OUT/unmarked-want.pages" "$OUT/unmarked.pages"; then
        ok "e2e: decorations and footers stay out of the structure"; else
        bad "e2e: decorations and footers stay out of the structure" "$(diff "$OUT/unmarked-want.pages" "$OUT/unmarked.pages" | head)"; fi

    # Personal variables print exactly as written.
    ks build "$BOOK" -o "$OUT/sam.pdf" --set 'names=Sam <3 & Alex' --set start=2027-03-29 \
        --set 'title=R&D <b>not bold</b>' 2>"$OUT/sam.err"
    pdf_text_has "e2e: names with markup characters" "$OUT/sam.pdf" "Sam <3 & Alex"
    pdf_text_has "e2e: title with markup characters" "$OUT/sam.pdf" "R&D <b>not bold</b>"
    pdf_text_has "e2e: --set start moves the weeks" "$OUT/sam.pdf" "29 Mar – 4 Apr 2027"
    # Each layout gives its paper size.
    for ls in "a4:595.28 x 841.89" "letter:612 x 792" "half-letter:396 x 612"; do
        l=${ls%%:*} size=${ls#*:}
        ks build "$BOOK" -l "$l" -o "$OUT/$l.pdf" 2>"$OUT/$l.err"
        if pdfinfo "$OUT/$l.pdf" 2>/dev/null | grep -q "^Page size: *$size pts"; then ok "e2e: layout $l"; else
            bad "e2e: layout $l" "$(cat "$OUT/$l.err")"; fi
    done

    # A failed run never replaces a good PDF, and leaves nothing behind.
    cp "$pdf" "$OUT/keep.pdf"
    ks build "$BOOK" -o "$OUT/keep.pdf" --set start=2027-02-30 2>/dev/null
    rc=$?
    if [ "$rc" = 1 ] && cmp -s "$pdf" "$OUT/keep.pdf"; then ok "e2e: bad input keeps the old PDF"; else
        bad "e2e: bad input keeps the old PDF" "exit $rc"; fi
    (ulimit -f 64 && "$K" build "$BOOK" -o "$OUT/keep.pdf" 2>"$OUT/ulimit.err")
    rc=$?
    if [ "$rc" = 3 ] && cmp -s "$pdf" "$OUT/keep.pdf" && grep -q 'File too large' "$OUT/ulimit.err"; then
        ok "e2e: a full disk (ulimit -f) keeps the old PDF"; else
        bad "e2e: a full disk (ulimit -f) keeps the old PDF" "exit $rc: $(cat "$OUT/ulimit.err")"; fi
    ks build "$BOOK" -o /dev/full 2>"$OUT/full.err"
    rc=$?
    if [ $rc = 3 ]; then ok "e2e: /dev/full is refused (exit 3)"; else
        bad "e2e: /dev/full is refused (exit 3)" "exit $rc: $(cat "$OUT/full.err")"; fi
    e2e_stdout
    ln -sf book.pdf "$OUT/link.pdf"
    ks build "$BOOK" -o "$OUT/link.pdf" 2>"$OUT/link.err"
    rc=$?
    if [ $rc = 3 ]; then ok "e2e: a symlink output is refused (exit 3)"; else
        bad "e2e: a symlink output is refused (exit 3)" "exit $rc: $(cat "$OUT/link.err")"; fi
    ks build "$BOOK" -o "$OUT/no/such/dir/x.pdf" 2>/dev/null
    check "e2e: a missing folder is an output error (exit 3)" test $? = 3
    if ls -A "$OUT" | grep -q 'keepsake-'; then bad "e2e: no temporary files left" "$(ls -A "$OUT")"; else
        ok "e2e: no temporary files left"; fi

    ks build "$BOOK" -o "$OUT/inject.pdf" --set 'names=<span size="9999999">Big</span> & &bogus; <b>' 2>/dev/null
    pdf_text_has "e2e: markup in a variable prints as written" "$OUT/inject.pdf" '<span size="9999999">Big</span> & &bogus; <b>'
    # Hard text in variables: combining-mark storms, zero-width characters
    # and bidi marks, emoji, a long unbroken word. It lays out (never past
    # the page) with no GLib or Pango warning. (Bidi overrides, embeddings
    # and isolates are refused: tests/gen/bidi.sh.)
    storm="Z$(awk 'BEGIN { for (i = 0; i < 300; i++) printf "\314\201" }')"
    word=$(awk 'BEGIN { for (i = 0; i < 1000; i++) printf "W" }')
    for v in "$storm & Sam" "$(printf 'A\342\200\213B & C\342\200\217D\342\200\216')" \
        "$(printf 'Alex \360\237\222\234 & Sam')"; do
        if G_DEBUG=fatal-warnings "$K" build "$BOOK" -o "$OUT/hard.pdf" --set "names=$v" \
            --set "dedication=$v" 2>"$OUT/hard.err" && qpdf --check "$OUT/hard.pdf" >/dev/null 2>&1; then
            ok "e2e: hard text in variables ($(printf '%s' "$v" | cut -c1-12)...)"
        else
            bad "e2e: hard text in variables" "$(cat "$OUT/hard.err")"
        fi
    done
    # A 1000-letter word as a name cannot fit the cover: a located error.
    G_DEBUG=fatal-warnings "$K" build "$BOOK" -o "$OUT/word.pdf" --set "names=$word & Sam" 2>"$OUT/word.err"
    if [ $? = 1 ] && grep -q "^content/books/our-year.yaml:[0-9]*:[0-9]*: error: no room for" "$OUT/word.err" &&
        [ ! -e "$OUT/word.pdf" ]; then
        ok "e2e: a name too long for the page is a located error"
    else
        bad "e2e: a name too long for the page is a located error" "$(cat "$OUT/word.err")"
    fi
    # Right-to-left names keep to their label's slot: the names beside the
    # scale (the label boxes on the rows of circles) end before its first
    # circle.
    env -u FONTCONFIG_FILE "$K" build "$BOOK" --dump --set 'names=سارا & נועם' >"$OUT/rtl.dump" 2>&1
    # (mawk reads numbers in the locale: under fr_FR "53.86" is 53)
    if LC_ALL=C awk 'function f(k,  a) { for (i = 2; i <= NF; i++) if (index($i, k "=") == 1) { split($i, a, "="); return a[2] } }
            /^page .* kind=check-in / && !seen { p = 1; seen = 1; next } /^page /{ p = 0 }
            p && /^  circle / { if (!c || f("x") < c) c = f("x"); if (!top || f("y") < top) top = f("y") }
            p && /"(سارا|נועם)"/ { n++; nx[n] = f("x") + f("w"); ny[n] = f("y") }
            END { for (i = 1; i <= n; i++) if (ny[i] >= top - 5) { m++; if (nx[i] > e) e = nx[i] }
                  exit !(c && m == 2 && e < c) }' "$OUT/rtl.dump"; then
        ok "e2e: right-to-left names stay in their slot"
    else
        bad "e2e: right-to-left names stay in their slot" "$(grep -A3 'circle' "$OUT/rtl.dump" | head -5)"
    fi

    # More outputs that are refused: a FIFO, a read-only folder.
    mkfifo "$OUT/fifo.pdf"
    timeout 10 "$K" build "$BOOK" -o "$OUT/fifo.pdf" 2>/dev/null
    check "e2e: a FIFO output is refused (exit 3)" test $? = 3
    rm -f "$OUT/fifo.pdf"
    mkdir -p "$OUT/ro"
    chmod 555 "$OUT/ro"
    if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1; then
        # root writes anywhere: try as nobody, who cannot
        chmod 777 "$OUT/cache" 2>/dev/null
        setpriv --reuid=65534 --regid=65534 --clear-groups "$K" build "$BOOK" -o "$OUT/ro/x.pdf" 2>/dev/null
        rc=$?
    else
        "$K" build "$BOOK" -o "$OUT/ro/x.pdf" 2>/dev/null
        rc=$?
    fi
    if [ "$rc" = 3 ] && [ -z "$(ls -A "$OUT/ro")" ]; then ok "e2e: a read-only folder is an output error (exit 3)"; else
        bad "e2e: a read-only folder is an output error (exit 3)" "exit $rc: $(ls -A "$OUT/ro")"; fi
    chmod 755 "$OUT/ro"

    # Interrupted in the middle of writing: SIGINT removes the temporary
    # file; SIGKILL cannot, but the old PDF is untouched either way.
    for sig in INT KILL; do
        cp "$pdf" "$OUT/sig.pdf"
        "$K" build tests/e2e/slow.yaml -o "$OUT/sig.pdf" 2>/dev/null &
        pid=$!
        i=0
        while [ $i -lt 1000 ] && ! ls -A "$OUT" | grep -q '^\.sig\.pdf\.keepsake-'; do
            sleep 0.01
            i=$((i + 1))
        done
        sleep 0.2
        kill -s $sig $pid 2>/dev/null
        wait $pid 2>/dev/null # (without the shell's "Killed"; the status says it)
        rc=$?
        left=$(ls -A "$OUT" | grep -c '^\.sig\.pdf\.keepsake-')
        if [ $i -ge 1000 ]; then
            bad "e2e: SIG$sig while writing" "the temporary file never appeared"
        elif [ "$rc" -gt 128 ] && cmp -s "$pdf" "$OUT/sig.pdf" && { [ $sig = KILL ] || [ "$left" = 0 ]; }; then
            ok "e2e: SIG$sig while writing keeps the old PDF"
        else
            bad "e2e: SIG$sig while writing keeps the old PDF" "exit $rc, $left temporary files"
        fi
        rm -f "$OUT"/.sig.pdf.keepsake-*
    done

    # The command line.
    check "e2e: --version names the libraries" sh -c "'$K' --version | grep -q 'libyaml.*Pango.*Cairo.*fontconfig'"
    check "e2e: --help" "$K" --help
    "$K" help help >"$OUT/help-help.txt" 2>&1
    if [ $? = 0 ] && "$K" --help | cmp -s - "$OUT/help-help.txt"; then ok "e2e: help help prints the usage"; else
        bad "e2e: help help prints the usage" "$(head -n 3 "$OUT/help-help.txt")"; fi
    # worksheet writes EXERCISE.pdf unless -o says otherwise, as its help says.
    if "$K" help worksheet | grep -q 'default: EXERCISE\.pdf' &&
        (mkdir -p "$OUT/ws-default" && cd "$OUT/ws-default" && $VG "$kabs" worksheet about-me -q \
            --data "$OLDPWD" 2>/dev/null) && [ "$(ls "$OUT/ws-default")" = about-me.pdf ]; then
        ok "e2e: worksheet writes EXERCISE.pdf by default, as its help says"; else
        bad "e2e: worksheet writes EXERCISE.pdf by default, as its help says" "$(ls "$OUT/ws-default")"; fi
    check "e2e: build --help" "$K" build --help
    check "e2e: check --help" "$K" help check
    "$K" frobnicate >/dev/null 2>&1
    check "e2e: unknown command is a usage error (exit 2)" test $? = 2
    "$K" build >/dev/null 2>&1
    check "e2e: build without a book is a usage error (exit 2)" test $? = 2
    # Every page kind, with its text (docs/gallery.yaml has one of each).
    ks build docs/gallery.yaml -o "$OUT/gallery.pdf" 2>"$OUT/gallery.err"
    for t in "Our Year Together" "Contents" "Welcome" "Week 1" "Thank you for" "A story to share" \
        "A letter to you" "Cards to give" "I felt loved when you" "What made us laugh" "Date" \
        "Laughing together" "Knowing yourself" "Closeness, our way" "When closeness is hard" \
        "Our rituals" "Before a session" "Session notes" "Support when you want it" \
        "Sketches and lists" "Plans and maps" "Keepsakes" "This week’s deeper question"; do
        pdf_text_has "e2e: gallery has '$t'" "$OUT/gallery.pdf" "$t"
    done
    # Every book builds and is sound; the gift booklet is 24-32 A6 pages.
    for b in content/books/*.yaml; do
        name=$(basename "$b" .yaml)
        if ks build "$b" -o "$OUT/book-$name.pdf" 2>"$OUT/book-$name.err" &&
            qpdf --check "$OUT/book-$name.pdf" >/dev/null 2>&1; then ok "e2e: book $name builds"; else
            bad "e2e: book $name builds" "$(cat "$OUT/book-$name.err")"; fi
    done
    gp=$(pdfinfo "$OUT/book-gift-booklet.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
    if [ "${gp:-0}" -ge 24 ] && [ "$gp" -le 48 ] && [ $((gp % 4)) = 0 ] &&
        pdfinfo "$OUT/book-gift-booklet.pdf" | grep -q '^Page size: *297.64 x 419.53'; then
        ok "e2e: the gift booklet is 24 to 48 A6 pages, a multiple of four"; else
        bad "e2e: the gift booklet is 24 to 48 A6 pages, a multiple of four" "$gp pages"; fi
    # Every exercise prints as a worksheet, with the client in the footer.
    # A user's own exercise file, by path, as a worksheet and with show; it
    # wins over an exercise of the same id in the data folder.
    mkdir -p "$OUT/own"
    printf 'type: exercise\nid: notes\npractice: therapy\nkind: questions\ntitle: "My own three questions"\nsections:\n  - prompts: ["What went well?", "What was hard?", "What would help?"]\n' \
        >"$OUT/own/notes.yaml"
    kabs=$(cd "$(dirname "$K")" && pwd)/$(basename "$K")
    if (cd "$OUT/own" && "$kabs" worksheet "$PWD/notes.yaml" --data "$OLDPWD" -q) &&
        pdftotext "$OUT/own/notes.pdf" - | grep -q 'My own three questions' &&
        "$K" show "$OUT/own/notes.yaml" | grep -q '^notes: My own three questions'; then
        ok "e2e: a worksheet and show of the user's own exercise file, by path"; else
        bad "e2e: a worksheet and show of the user's own exercise file, by path" "$(ls "$OUT/own")"; fi
    # (A calendar by month is a page for each month of the worksheet's 13
    # weeks: four.)
    "$K" list exercises | awk '{ print $1, ($3 == "calendar" ? 4 : 2) }' >"$OUT/ws-list.txt"
    while read -r e most; do
        if ks worksheet "$e" -o "$OUT/ws.pdf" --set 'client=Jo Rivera' --set 'practice=Our Practice' \
            2>"$OUT/ws.err" </dev/null && pdftotext "$OUT/ws.pdf" - | grep -q 'Jo Rivera.*Our Practice' &&
            [ "$(pdfinfo "$OUT/ws.pdf" | sed -n 's/^Pages: *//p')" -le "$most" ]; then
            ok "e2e: worksheet $e (at most $most pages)"; else bad "e2e: worksheet $e" "$(cat "$OUT/ws.err")"; fi
    done <"$OUT/ws-list.txt"
    # Prompt rotation: the same seed gives the same prompts, another seed
    # others, and no prompt repeats within a book.
    prompts() { # the story prompts and deeper questions of a dump, in order
        awk '/^page / { story = ($3 == "kind=story") }
             story && /^  text .* ink=text / { print; story = 0 }
             /deeper question\\n/ { print }' "$1" | sed 's/^[^"]*"//'
    }
    for seed in 1 2; do
        ks build "$BOOK" --dump --set seed=$seed >"$OUT/seed$seed.dump" 2>/dev/null
        prompts "$OUT/seed$seed.dump" >"$OUT/seed$seed.txt"
    done
    ks build "$BOOK" --dump --set seed=1 2>/dev/null | prompts /dev/stdin >"$OUT/seed1b.txt"
    n=$(wc -l <"$OUT/seed1.txt")
    if [ "$n" = 104 ] && [ "$(sort -u "$OUT/seed1.txt" | wc -l)" = 104 ]; then
        ok "rotation: 52 stories and 52 deeper questions, none repeated"; else
        bad "rotation: 52 stories and 52 deeper questions, none repeated" "$n prompts, $(sort -u "$OUT/seed1.txt" | wc -l) distinct"; fi
    check "rotation: the same seed gives the same prompts" cmp "$OUT/seed1.txt" "$OUT/seed1b.txt"
    if ! cmp -s "$OUT/seed1.txt" "$OUT/seed2.txt" && [ -s "$OUT/seed2.txt" ]; then
        ok "rotation: another seed gives another order"; else bad "rotation: another seed gives another order"; fi
    "$K" build "$BOOK" -o "$OUT/many.pdf" --set weeks=70 2>"$OUT/many.err"
    if [ $? = 1 ] && grep -q "more prompts than exercise" "$OUT/many.err"; then
        ok "rotation: more pages than prompts is an error, not a repeat"; else
        bad "rotation: more pages than prompts is an error, not a repeat" "$(cat "$OUT/many.err")"; fi
    "$K" list >"$OUT/list.txt" 2>&1
    if grep -q '^our-year  *Our Year Together$' "$OUT/list.txt" &&
        grep -q '^weekly-check-in  *check-ins  *check-in  *Week {week}$' "$OUT/list.txt" &&
        grep -q '^a5  *a5  *A5 workbook' "$OUT/list.txt"; then ok "e2e: list"; else
        bad "e2e: list" "$(cat "$OUT/list.txt")"; fi
    e2e_nodata
    "$K" list exercises >"$OUT/list-ex.txt" 2>&1
    if ! grep -q 'books:\|layouts:\|^a5 ' "$OUT/list-ex.txt" && grep -q '^story-prompts ' "$OUT/list-ex.txt"; then
        ok "e2e: list exercises"; else bad "e2e: list exercises" "$(cat "$OUT/list-ex.txt")"; fi
    "$K" show story-prompts >"$OUT/show.txt" 2>&1
    n=$(grep -c '^ *[0-9]*\. ' "$OUT/show.txt")
    if [ "$n" -ge 60 ] && grep -q '^story-prompts: A story to share$' "$OUT/show.txt"; then
        ok "e2e: show prints every prompt"; else bad "e2e: show prints every prompt" "$n prompts"; fi
    "$K" show reflection-emotions >"$OUT/show-r.txt" 2>&1
    if [ "$(grep -c '^ *[0-9]*\. ' "$OUT/show-r.txt")" = 6 ] && grep -q '^Emotions:$' "$OUT/show-r.txt"; then
        ok "e2e: show prints the groups of a questions exercise"; else
        bad "e2e: show prints the groups of a questions exercise" "$(head "$OUT/show-r.txt")"; fi
    cp layouts/a5.yaml "$OUT/a5.copy"
    printf 'type: layout\nextends: a5\n' >"$OUT/zero.yaml"
    "$K" build "$BOOK" -l "$OUT/zero.yaml" -o layouts/a5.yaml 2>/dev/null
    if [ $? = 3 ] && cmp -s layouts/a5.yaml "$OUT/a5.copy"; then
        ok "e2e: a layout's base file is never the output"; else
        cp "$OUT/a5.copy" layouts/a5.yaml
        bad "e2e: a layout's base file is never the output"; fi
    "$K" show no-such-thing >/dev/null 2>"$OUT/show.err"
    if [ $? = 1 ] && grep -q "no exercise 'no-such-thing'" "$OUT/show.err"; then ok "e2e: show of an unknown id"; else
        bad "e2e: show of an unknown id" "$(cat "$OUT/show.err")"; fi
    "$K" list frobs >/dev/null 2>&1
    check "e2e: list of an unknown kind is a usage error" test $? = 2
    # content/ is organised by practice: an exercise's folder is its practice.
    wrong=$(for f in content/*/*.yaml; do
        p=$(sed -n 's/^practice: *//p' "$f")
        [ -z "$p" ] || [ "$p" = "$(basename "$(dirname "$f")")" ] || echo "$f: $p"
    done)
    if [ -z "$wrong" ]; then ok "content: each exercise lies in its practice's folder"; else
        bad "content: each exercise lies in its practice's folder" "$wrong"; fi
    check "e2e: every shipped file checks clean" "$K" check content/books/*.yaml content/*/*.yaml layouts/*.yaml
    packed_all "e2e: every PDF written is packed" "$OUT" -maxdepth 1 -newer "$OUT/e2e.start"
}

# ---- the documentation: the man page covers the command line, and every
# example in the man page, the README and the commands' help runs ----------
# Every command of the usage has a section (.SS) in docs/keepsake.1 that
# names each option of its --help; the usage's own options, exit codes and
# SOURCE_DATE_EPOCH are there too.
usage_commands() { # the commands the usage lists
    "$K" --help | sed -n '/^Commands:/,/^$/p' | sed -n 's/^  \([a-z][a-z]*\) .*/\1/p'
}

man_section() { # man_section TITLE-PATTERN: a section's text, roff's \- as -
    awk -v pat="$1" '/^\.S[HS] / { on = ($0 ~ pat) ; next } on' docs/keepsake.1 | sed 's/\\-/-/g'
}

manpage() {
    set -- $(usage_commands)
    if [ $# -ge 7 ]; then ok "manpage: the usage lists $# commands"; else bad "manpage: the usage lists $# commands" "$*"; fi
    for c in "$@"; do
        if ! grep -q "^\.SS \"$c\( \|\"\)" docs/keepsake.1; then
            bad "manpage: command $c has a section"
            continue
        fi
        ok "manpage: command $c has a section"
        missing=
        for o in $("$K" help "$c" | sed -n '/^Application Options:/,/^$/p' |
            grep -o '^  \(-[a-z], \)\?--[a-z-]*' | tr -d ','); do
            man_section "^\\.SS \"$c[ \"]" | grep -q -- "$o\\($\\|[^a-z-]\\)" || missing="$missing $o"
        done
        if [ -z "$missing" ]; then ok "manpage: section $c names each option of 'keepsake help $c'"; else
            bad "manpage: section $c names each option of 'keepsake help $c'" "missing:$missing"; fi
    done
    missing=
    for o in $("$K" --help | sed -n '/^Options:/,/^$/p' | grep -o -- '--*[a-z][a-z-]*'); do
        man_section '^\.SH OPTIONS' | grep -q -- "$o\\($\\|[^a-z-]\\)" || missing="$missing $o"
    done
    if [ -z "$missing" ]; then ok "manpage: OPTIONS names the usage's options"; else
        bad "manpage: OPTIONS names the usage's options" "missing:$missing"; fi
    codes=$("$K" --help | sed -n 's/^Exit status: //p' | grep -o '[0-9] ' | tr -d ' \n')
    have=$(man_section '^\.SH EXIT STATUS' | sed -n 's/^\.B \([0-9]\)$/\1/p' | tr -d '\n')
    if [ "$codes" = 0123 ] && [ "$have" = "$codes" ]; then ok "manpage: EXIT STATUS has codes 0 to 3"; else
        bad "manpage: EXIT STATUS has codes 0 to 3" "usage: $codes, man page: $have"; fi
    for w in 'ENVIRONMENT:^\.B SOURCE_DATE_EPOCH$' 'ENVIRONMENT:^\.B TMPDIR$' 'FILES:keepsake-XXXXXX' 'EXAMPLES:keepsake worksheet'; do
        if man_section "^\\.SH ${w%%:*}" | grep -q "${w#*:}"; then ok "manpage: ${w%%:*} has ${w#*:}"; else
            bad "manpage: ${w%%:*} has ${w#*:}"; fi
    done
    if groff -man -Tutf8 -ww -z docs/keepsake.1 >"$OUT/man.warnings" 2>&1 && [ ! -s "$OUT/man.warnings" ]; then
        ok "manpage: groff formats it without a warning"; else
        bad "manpage: groff formats it without a warning" "$(cat "$OUT/man.warnings")"; fi
}

# The examples, one command a line: continuation lines (ending in \) joined,
# and only commands that run keepsake, perhaps after VAR=value.
joined() {
    awk '{ if (sub(/\\$/, "")) { part = part $0; next } print part $0; part = "" }' |
        sed 's/  */ /g' | grep -E '^([A-Z_]+=[^ ]* )*(\./)?keepsake( |$)'
}
man_examples() { # the .nf blocks of EXAMPLES, roff escapes undone
    man_section '^\.SH EXAMPLES' | sed -n '/^\.nf$/,/^\.fi$/p' | grep -v '^\.' | sed 's/\\e/\\/g' | joined
}
readme_examples() { # the lines of README.md's ```sh blocks
    awk '/^ *```/ { on = ($0 ~ /^ *```sh$/); next } on { sub(/^ +/, ""); print }' README.md | joined
}
help_examples() { # the indented keepsake lines of each command's help
    for c in $(usage_commands); do "$K" help "$c"; done |
        awk '/^ *keepsake / || more { sub(/^ */, ""); print; more = /\\$/ }' | joined
}

# Each runs as printed, in a scratch folder holding copies of content/,
# layouts/ and fonts/ (so it writes only there), with keepsake on PATH and
# as ./keepsake. A failing example names its source.
examples() {
    dir=$OUT/examples
    rm -rf "$dir"
    mkdir -p "$dir/bin"
    cp -R content layouts fonts examples "$dir/"
    kabs=$(cd "$(dirname "$K")" && pwd)/$(basename "$K")
    printf '#!/bin/sh\nexec %s "%s" "$@"\n' "$VG" "$kabs" >"$dir/bin/keepsake"
    chmod +x "$dir/bin/keepsake"
    ln -s bin/keepsake "$dir/keepsake"
    for src in man readme help; do
        ${src}_examples >"$OUT/examples-$src.txt"
        n=$(wc -l <"$OUT/examples-$src.txt")
        want=3
        [ $src != man ] || want=8
        if [ "$n" -ge $want ]; then ok "examples: $src has $n examples"; else
            bad "examples: $src has $n examples, fewer than $want" "$(cat "$OUT/examples-$src.txt")"; fi
        i=0
        while IFS= read -r cmd; do
            i=$((i + 1))
            log=$PWD/$OUT/examples-$src-$i.log
            (cd "$dir" && PATH=$PWD/bin:$PATH sh -c "$cmd" >"$log" 2>&1 </dev/null)
            rc=$?
            short=$(printf '%s' "$cmd" | cut -c1-70)
            if [ $rc = 0 ]; then ok "examples: $src: $short"; else
                bad "examples: $src: $short (exit $rc)" "$cmd
$(cat "$log")"; fi
        done <"$OUT/examples-$src.txt"
    done
    # What they said they wrote is there.
    missing=
    for f in our-year.pdf letter.pdf reflection-emotions.pdf gift.pdf keepsake.schema.json; do
        [ -s "$dir/$f" ] || missing="$missing $f"
    done
    if [ -z "$missing" ]; then ok "examples: wrote the files they name"; else
        bad "examples: wrote the files they name" "missing:$missing"; fi
    if cmp -s content/books/our-year.yaml "$dir/content/books/our-year.yaml" && [ ! -e ./our-year.pdf ]; then
        ok "examples: wrote only in their folder"; else bad "examples: wrote only in their folder"; fi
    packed_all "examples: every PDF written is packed" "$dir"
    # The same bytes in the other locale's run (the first run keeps a copy).
    first=$PWD/$OUT/examples-first
    if [ -d "$first" ]; then
        differ=$(cd "$dir" && find . -name '*.pdf' | sort | while IFS= read -r f; do
            cmp -s "$f" "$first/$f" || echo "$f"; done)
        if [ -z "$differ" ]; then ok "examples: every PDF is the same bytes as in the first run"; else
            bad "examples: every PDF is the same bytes as in the first run" "these differ: $differ"; fi
    else
        (cd "$dir" && find . -name '*.pdf' | while IFS= read -r f; do
            mkdir -p "$first/$(dirname "$f")" && cp "$f" "$first/$f"; done)
    fi
}

# ---- killed runs: what SIGKILL leaves does not pile up -------------------
# SIGKILL cannot be caught, so a killed run leaves its temporary file
# (.NAME.keepsake-XXXXXX) beside the output. Each run holds a flock() on its
# temporary file while it exists, and before writing, a run removes from
# the output's folder every file of that name pattern whose lock it can
# take. Here keepsake is killed KILLS times while building a large book
# (tests/e2e/slow.yaml): the odd kills once its temporary file is there,
# the even ones at any moment from its start (both a random time, from a
# seed named on failure). Then one normal run into the folder, writing
# another file, leaves no temporary file. The file of a run still writing
# is not removed (and that run still succeeds), nor is anything that only
# looks like one. Once, not per locale: this is about files, not text.
KILLS=20

temp_files() { # temp_files DIR: how many keepsake temporary files DIR holds
    ls -A "$1" | grep -c '\.keepsake-[A-Za-z0-9]\{6\}$'
}

wait_temp() { # wait_temp DIR: until DIR holds a temporary file (false after 10 s)
    w=0
    while [ "$(temp_files "$1")" = 0 ]; do
        [ $w -lt 1000 ] || return 1
        sleep 0.01
        w=$((w + 1))
    done
}

killed() {
    dir=$OUT/killed
    mkdir -p "$dir"
    seed=$(date +%s)
    awk -v seed="$seed" -v n=$KILLS 'BEGIN { srand(seed); for (i = 1; i <= n; i++)
        printf "%d %.2f\n", i, rand() * 0.4 }' >"$dir/moments"
    left=0
    while read -r i t; do
        "$K" build tests/e2e/slow.yaml -o "$dir/slow.pdf" 2>/dev/null </dev/null &
        pid=$!
        [ $((i % 2)) = 0 ] || wait_temp "$dir"
        sleep "$t"
        kill -s KILL $pid 2>/dev/null
        wait $pid 2>/dev/null # (without the shell's "Killed")
        [ "$(temp_files "$dir")" = 0 ] || left=$((left + 1))
    done <"$dir/moments"
    before=$(temp_files "$dir")
    "$K" build "$BOOK" -o "$dir/after.pdf" 2>"$dir/after.err"
    rc=$?
    if [ "$left" -lt $((KILLS / 2)) ]; then
        bad "killed: $KILLS SIGKILLs, then a run removes what they left" \
            "only $left of $KILLS kills left a temporary file (seed $seed): the test tested little"
    elif [ $rc = 0 ] && [ "$(temp_files "$dir")" = 0 ]; then
        ok "killed: $KILLS SIGKILLs, then a run removes what they left"
    else
        bad "killed: $KILLS SIGKILLs, then a run removes what they left" \
            "exit $rc (seed $seed, $before left before the run): $(ls -A "$dir"; cat "$dir/after.err")"
    fi
    [ -z "${VERBOSE:-}" ] || echo "     ($left of $KILLS kills left a file, $before before the last run)"
    # Names like keepsake's, or its name on a file that is not a PDF: never
    # touched.
    decoys=".book.pdf.keepsake-AbC12 .book.pdf.keepsake-AbC1234 book.pdf.keepsake-AbC123 .notes.txt.keepsake-Abcdef"
    for f in $decoys; do echo "not keepsake's" >"$dir/$f"; done
    "$K" build "$BOOK" -o "$dir/after.pdf" 2>"$dir/after.err"
    n=0
    for f in $decoys; do [ "$(cat "$dir/$f" 2>/dev/null)" = "not keepsake's" ] && n=$((n + 1)); done
    if [ $n = 4 ]; then ok "killed: files that only look like keepsake's are not touched"; else
        bad "killed: files that only look like keepsake's are not touched" "$(ls -A "$dir")"; fi
    rm -rf "$dir"
    mkdir -p "$dir"

    # A run still writing keeps its file, and still succeeds.
    "$K" build tests/e2e/slow.yaml -o "$dir/live.pdf" 2>"$dir/live.err" </dev/null &
    pid=$!
    if ! wait_temp "$dir"; then
        bad "killed: the file of a run still writing is not removed" "its temporary file never appeared"
        wait $pid
        return
    fi
    live=$(ls -A "$dir" | grep '\.keepsake-[A-Za-z0-9]\{6\}$')
    "$K" build "$BOOK" -o "$dir/other.pdf" 2>"$dir/other.err"
    rc=$?
    running=no
    kill -0 $pid 2>/dev/null && running=yes
    still=no
    [ -f "$dir/$live" ] && still=yes
    wait $pid
    lrc=$?
    if [ $rc = 0 ] && [ $running = yes ] && [ $still = yes ] && [ $lrc = 0 ] &&
        qpdf --check "$dir/live.pdf" >/dev/null 2>&1 && [ "$(temp_files "$dir")" = 0 ]; then
        ok "killed: the file of a run still writing is not removed"
    else
        bad "killed: the file of a run still writing is not removed" \
            "other run exit $rc; writer running: $running, its file there: $still, its exit $lrc: $(cat "$dir/live.err" "$dir/other.err")"
    fi
}

# ---- fonts, the way users run keepsake -------------------------------------
# Everything above runs with tests/fonts.conf, which shows fontconfig no system
# font; that once hid a system EB Garamond replacing ours. This group unsets
# FONTCONFIG_FILE, so keepsake sees the machine's own fonts, Debian's copies
# of EB Garamond and Lato among them (fonts-ebgaramond, fonts-lato; tools/
# deps.sh test installs them): still only the shipped faces are embedded, with
# no synthetic ones, and the bytes are those of the isolated run. A character
# that our fonts lack comes from a system font without a word; one that no
# font has is one warning that names it, its script and its text.
MACHINE="env -u FONTCONFIG_FILE"

faces() { # faces PDF: the embedded font names, without the subset tag
    pdffonts "$1" 2>/dev/null | tail -n +3 | awk '{ print $1 }' |
        sed 's/^[A-Z][A-Z][A-Z][A-Z][A-Z][A-Z]+//' | sort -u
}

pinned_build() { # pinned_build NAME BOOK: the machine's fontconfig vs the isolated one
    name=$1 book=$2 f=$OUT/pin-$1
    ks build "$book" -o "$f-iso.pdf" 2>"$f-iso.err"
    $MACHINE $VG "$K" build "$book" -q -o "$f.pdf" 2>"$f.err"
    if [ $? != 0 ] || [ -s "$f.err" ]; then
        bad "fonts: $name builds with the machine's fontconfig, silently" "$(cat "$f.err")"
        return
    fi
    ok "fonts: $name builds with the machine's fontconfig, silently"
    faces "$f.pdf" >"$f.faces"
    if [ -s "$f.faces" ] && [ -z "$(comm -23 "$f.faces" "$OUT/shipped.faces")" ]; then
        ok "fonts: $name: only the shipped faces are embedded"; else
        bad "fonts: $name: only the shipped faces are embedded" "$(comm -23 "$f.faces" "$OUT/shipped.faces")"; fi
    if ! grep -q CairoFont "$f.faces" && ! faces "$f-iso.pdf" | grep -q CairoFont; then
        ok "fonts: $name: no synthetic (CairoFont) faces"; else
        bad "fonts: $name: no synthetic (CairoFont) faces" "$(pdffonts "$f.pdf")"; fi
    if grep -qx 'EBGaramond-Bold' "$f.faces"; then ok "fonts: $name: bold text is the shipped EB Garamond Bold"; else
        bad "fonts: $name: bold text is the shipped EB Garamond Bold" "$(cat "$f.faces")"; fi
    check "fonts: $name: the machine's fontconfig gives the isolated run's bytes" cmp "$f.pdf" "$f-iso.pdf"
}

fallback() {
    fc-scan --format '%{postscriptname}\n' fonts/*/*.otf fonts/*/*.ttf | sort -u >"$OUT/shipped.faces"
    for fam in "EB Garamond" Lato; do
        if $MACHINE fc-list "$fam" file | grep -q .; then ok "fonts: the machine has its own $fam"; else
            bad "fonts: the machine has its own $fam" "without it the pinning is not tested (tools/deps.sh test installs fonts-ebgaramond fonts-lato)"; fi
    done
    pinned_build book "$BOOK"
    pinned_build gallery docs/gallery.yaml
    # The generic names are the shipped faces, not the machine's.
    printf 'type: layout\nextends: a5\nfonts:\n  body: {family: serif, size: 11pt}\n  title: {family: Serif, size: 30pt}\n  heading: {family: sans-serif, size: 15pt, style: bold}\n  label: {family: Sans, size: 8.5pt}\n' \
        >"$OUT/generic.yaml"
    $MACHINE "$K" build "$BOOK" -l "$OUT/generic.yaml" -o "$OUT/generic.pdf" 2>"$OUT/generic.err"
    check "fonts: serif and sans-serif are the shipped EB Garamond and Lato" cmp "$OUT/generic.pdf" "$OUT/pin-book.pdf"

    # Fallback: a Hindi name (Debian's fonts-lohit-deva), or where the machine
    # has no Devanagari font, a DejaVu umbrella.
    name='अनु'
    $MACHINE fc-list ':charset=905 928 941' file | grep -q . || name='☂'
    $MACHINE $VG "$K" build "$BOOK" -q -o "$OUT/fallback.pdf" --set "names=Alex $name & Sam" 2>"$OUT/fallback.err"
    rc=$?
    faces "$OUT/fallback.pdf" | comm -23 - "$OUT/shipped.faces" >"$OUT/fallback.faces"
    if [ $rc = 0 ] && [ ! -s "$OUT/fallback.err" ] && [ -s "$OUT/fallback.faces" ]; then
        ok "fonts: a character our fonts lack falls back to a system font, without a warning"; else
        bad "fonts: a character our fonts lack falls back to a system font, without a warning" \
            "exit $rc, name $name, $(cat "$OUT/fallback.err") system faces: $(cat "$OUT/fallback.faces")"; fi

    # No font at all: the first of these that no font on this machine has.
    miss=
    for cs in "11A00:𑨀:Zanabazar Square" "11F00:𑼀:Kawi" "1E4D0:𞓐:Nag Mundari" "1FAE8:🫨:Common"; do
        $MACHINE fc-list ":charset=${cs%%:*}" file | grep -q . || { miss=$cs; break; }
    done
    if [ -z "$miss" ]; then
        bad "fonts: a character no font has is a warning" "this machine has a font for every candidate"
        return
    fi
    hex=${miss%%:*} ch=${miss#*:} script=${miss##*:}
    ch=${ch%%:*}
    $MACHINE $VG "$K" build "$BOOK" -q -o "$OUT/missing.pdf" --set "names=Alex & Kai$ch" 2>"$OUT/missing.err"
    rc=$?
    want="keepsake: warning: no font has U+$hex '$ch' ($script), in \"Alex & Kai$ch\""
    if [ $rc = 0 ] && [ "$(cat "$OUT/missing.err")" = "$want" ] && qpdf --check "$OUT/missing.pdf" >/dev/null 2>&1; then
        ok "fonts: a character no font has is one warning with its script and text, and the PDF is written"; else
        bad "fonts: a character no font has is one warning with its script and text, and the PDF is written" \
            "exit $rc; want: $want
got: $(cat "$OUT/missing.err")"; fi
}

# ---- fuzz regressions: every input that once crashed a fuzz target --------
replays() {
    for t in load text layout plan vars; do
        bin=$UNIT_DIR/replay-$t
        [ -x "$bin" ] || continue
        set -- tests/fuzz/regressions/$t/* tests/fuzz/seeds-layout/*
        case $t in plan | vars) set -- tests/fuzz/regressions/$t/* tests/fuzz/seeds-$t/* ;; esac
        case $t in layout | plan | vars) ;; *) set -- tests/fuzz/regressions/$t/* content/books/our-year.yaml ;; esac
        for f in "$@"; do
            [ -f "$f" ] || continue
            if G_DEBUG=fatal-warnings KEEPSAKE_DATA=. timeout 20 "$bin" "$f" >"$OUT/replay.log" 2>&1; then
                ok "fuzz/$t: $f"
            else
                bad "fuzz/$t: $f" "$(tail -n 15 "$OUT/replay.log")"
            fi
        done
    done
}

# ---- geometry: layout invariants on every book, layout and worksheet -------
# The checker (tests/geometry.c) reads a dump and prints one line a violation:
# a negative size, a box off the paper, anything but a footer in the margins,
# text over text. First it proves that it can fail, on the handmade dumps in
# tests/geometry/: NAME.expect is its exact output (exit 1), NAME.stderr its
# exact complaint about a dump it cannot read (exit 2), neither a clean dump
# (exit 0, silent). Then it checks every book on every layout and every
# exercise as an A4 and a Letter worksheet; keepsake refusing one of these is
# a failure too. worksheet.yaml is the worksheet command's book, so the book
# loop leaves it out. keepsake runs without valgrind here: this group is about
# where boxes go, and the other groups check its memory.
GEOMETRY=${GEOMETRY:-$UNIT_DIR/geometry}

geometry_one() { # geometry_one NAME FILE-STEM KEEPSAKE-ARGS...
    name=$1 f=$OUT/geometry/$2
    shift 2
    "$K" "$@" --dump >"$f.dump" 2>"$f.err"
    rc=$?
    if [ "$rc" != 0 ]; then
        bad "geometry: $name: keepsake exit $rc" "$(cat "$f.err")"
        return
    fi
    "$GEOMETRY" --name "$name" "$f.dump" >"$f.out" 2>&1
    rc=$?
    if [ "$rc" = 0 ]; then
        ok "geometry: $name"
    elif [ "$rc" = 1 ]; then
        bad "geometry: $name: $(wc -l <"$f.out" | tr -d ' ') violations (all in $f.out)" "$(cat "$f.out")"
    else
        bad "geometry: $name: the checker could not read the dump (exit $rc)" "$(cat "$f.out")"
    fi
}

geometry() {
    mkdir -p "$OUT/geometry"
    if [ ! -x "$GEOMETRY" ]; then
        bad "geometry: no checker at $GEOMETRY (make $GEOMETRY)"
        return
    fi
    for d in tests/geometry/*.dump; do
        n=$(basename "$d" .dump) want=0 f=$OUT/geometry/self-$(basename "$d" .dump)
        [ -f "${d%.dump}.expect" ] && want=1
        [ -f "${d%.dump}.stderr" ] && want=2
        "$GEOMETRY" --name "$n" "$d" >"$f.out" 2>"$f.err"
        rc=$?
        if [ "$rc" != "$want" ]; then
            bad "geometry: checker on $d: exit $rc, expected $want" "$(cat "$f.out" "$f.err")"
        elif [ "$want" = 1 ] && ! diff -u "${d%.dump}.expect" "$f.out" >"$f.diff" 2>&1; then
            bad "geometry: checker on $d: output differs" "$(cat "$f.diff")"
        elif [ "$want" = 2 ] && ! diff -u "${d%.dump}.stderr" "$f.err" >"$f.diff" 2>&1; then
            bad "geometry: checker on $d: message differs" "$(cat "$f.diff")"
        elif { [ "$want" != 2 ] && [ -s "$f.err" ]; } || { [ "$want" = 0 ] && [ -s "$f.out" ]; }; then
            bad "geometry: checker on $d: unexpected output" "$(cat "$f.out" "$f.err")"
        else
            ok "geometry: checker on $d"
        fi
    done
    for b in content/books/*.yaml; do
        book=$(basename "$b" .yaml)
        [ "$book" != worksheet ] || continue
        for l in layouts/*.yaml; do
            lay=$(basename "$l" .yaml)
            # The worksheet layout's footer names the worksheet variables
            # (client, practice, contact): a book without them is refused
            # with a located error (bad/footer-unknown-placeholder).
            [ "$lay" != worksheet ] || grep -q '^  client:' "$b" || continue
            geometry_one "$book on $lay" "$book.$lay" build "$b" -l "$lay"
        done
    done
    if ! "$K" list exercises >"$OUT/geometry/exercises" 2>&1 || [ ! -s "$OUT/geometry/exercises" ]; then
        bad "geometry: keepsake list exercises" "$(cat "$OUT/geometry/exercises")"
        return
    fi
    for e in $(awk '{ print $1 }' "$OUT/geometry/exercises"); do
        for lay in a4 letter; do
            geometry_one "worksheet $e on $lay" "worksheet-$e.$lay" worksheet "$e" -l "$lay"
        done
    done
    # In a double-sided book a sheet of cards is a right-hand (odd) page and
    # its back, the next page, holds the cards' backs: cutting a card out
    # never cuts into another page.
    for f in "$OUT"/geometry/*.dump; do
        grep -q '^document .* duplex=yes' "$f" && grep -q ' kind=cards ' "$f" || continue
        if awk '/^page /{ n = $2; k = $3
                    if (want_back && k != "kind=card-backs") { print "page " n " after a sheet of cards is " k; e++ }
                    want_back = 0
                    if (k == "kind=cards") { if (n % 2 == 0) { print "cards on page " n ", a left-hand page"; e++ } want_back = 1 } }
                END { exit e > 0 }' "$f" >"${f%.dump}.cards" 2>&1; then
            ok "geometry: $(basename "${f%.dump}"): cards on right-hand pages, backed by their backs"
        else
            bad "geometry: $(basename "${f%.dump}"): cards on right-hand pages, backed by their backs" \
                "$(head -n 3 "${f%.dump}.cards")"
        fi
    done
}

# ---- reference images: one page of each kind, as pictures ----------------
# The dumps check where boxes go; these check how the pages look. The first
# page of each kind in docs/gallery.yaml is rendered by pdftoppm at REF_DPI
# and compared with tests/ref/KIND.png by build/pngdiff (tests/pngdiff.c: a
# pixel differs when a channel moves by more than 32/255, a page when over
# 0.2 % of its pixels do). A failure names the new render and a diff image
# (differing pixels in red over the faded reference) in tests/out/ref/.
# UPDATE=1 rewrites tests/ref/ (and tests/ref/pdftoppm.txt, the renderer's
# version: another rasteriser shades edges differently enough to fail);
# look at the old and new pictures before committing them.
REF_DPI=40
ref_render() { # ref_render PDF PAGE OUT-PREFIX
    pdftoppm -r $REF_DPI -png -singlefile -f "$2" -l "$2" "$1" "$3" </dev/null 2>/dev/null
}
refimages() {
    dir=$OUT/ref
    mkdir -p "$dir"
    [ -z "${UPDATE:-}" ] || mkdir -p tests/ref
    pd=$UNIT_DIR/pngdiff
    if [ ! -x "$pd" ]; then
        bad "refimages: $pd is missing (make test builds it)"
        return
    fi
    if ! ks build docs/gallery.yaml -o "$dir/gallery.pdf" 2>"$dir/gallery.err" ||
        ! "$K" build docs/gallery.yaml --dump >"$dir/gallery.dump" 2>>"$dir/gallery.err"; then
        bad "refimages: build docs/gallery.yaml" "$(cat "$dir/gallery.err")"
        return
    fi
    awk '/^page / { split($3, k, "="); if (!seen[k[2]]++) print $2, k[2] }' "$dir/gallery.dump" >"$dir/kinds.txt"
    renderer=$(pdftoppm -v 2>&1 | head -n 1)
    made_with=$(cat tests/ref/pdftoppm.txt 2>/dev/null)
    note=
    [ "$renderer" = "$made_with" ] || note=" (tests/ref/ was made with '$made_with', this is '$renderer')"
    while read -r page kind; do
        new=$dir/$kind.png
        if ! ref_render "$dir/gallery.pdf" "$page" "$dir/$kind"; then
            bad "refimages/$kind: pdftoppm could not render page $page"
            continue
        fi
        if [ -n "${UPDATE:-}" ]; then
            cp "$new" "tests/ref/$kind.png"
            continue
        fi
        if [ ! -f "tests/ref/$kind.png" ]; then
            bad "refimages/$kind: no reference tests/ref/$kind.png (run make test-update, then look at it)"
            continue
        fi
        "$pd" "tests/ref/$kind.png" "$new" "$dir/$kind-diff.png" >"$dir/$kind.log" 2>&1
        rc=$?
        if [ $rc = 0 ]; then
            ok "refimages/$kind"
        elif [ $rc = 1 ] && [ -f "$dir/$kind-diff.png" ]; then
            bad "refimages/$kind: page $page looks different$note" "$(cat "$dir/$kind.log")
old: tests/ref/$kind.png  new: $new  diff: $dir/$kind-diff.png
(if the change is intended: make test-update, look at old and new, commit the new reference)"
        else
            bad "refimages/$kind: page $page looks different$note" "$(cat "$dir/$kind.log")
old: tests/ref/$kind.png  new: $new"
        fi
    done <"$dir/kinds.txt"
    # A reference whose kind is no longer in the gallery is stale.
    for r in tests/ref/*.png; do
        [ -f "$r" ] || continue
        kind=$(basename "$r" .png)
        grep -q " $kind\$" "$dir/kinds.txt" && continue
        if [ -n "${UPDATE:-}" ]; then rm -f "$r"; else
            bad "refimages: $r has no page kind '$kind' in docs/gallery.yaml (make test-update removes it)"; fi
    done
    if [ -n "${UPDATE:-}" ]; then
        echo "$renderer" >tests/ref/pdftoppm.txt
        return
    fi

    # The comparison itself: it passes a page rendered again, and fails
    # on two different kinds and on a check-in whose top margin grew by
    # 1.5 pt (0.8 pixel at 40 dpi; the blocks below the first one stay put).
    set -- $(head -n 2 "$dir/kinds.txt")
    ref_render "$dir/gallery.pdf" "$1" "$dir/again"
    check "refimages: a page rendered twice is the same bytes" cmp "$dir/$2.png" "$dir/again.png"
    "$pd" "$dir/$2.png" "$dir/$4.png" >"$dir/apart.log" 2>&1
    if [ $? = 1 ]; then ok "refimages: pngdiff tells $2 from $4"; else
        bad "refimages: pngdiff tells $2 from $4" "$(cat "$dir/apart.log")"; fi
    top=$(sed -n 's/^document .* margins=\([0-9.]*\),.*/\1/p' "$dir/gallery.dump")
    printf 'type: layout\nextends: a5\npage:\n  margins: {top: %spt}\n' \
        "$(echo "$top + 1.5" | bc)" >"$dir/moved.yaml"
    page=$(awk '$2 == "check-in" { print $1 }' "$dir/kinds.txt")
    if [ -z "$page" ]; then
        bad "refimages: docs/gallery.yaml has no check-in page to move"
    elif "$K" build docs/gallery.yaml -l "$dir/moved.yaml" -o "$dir/moved.pdf" 2>"$dir/moved.err" &&
        ref_render "$dir/moved.pdf" "$page" "$dir/moved"; then
        "$pd" "$dir/check-in.png" "$dir/moved.png" "$dir/moved-diff.png" >"$dir/moved.log" 2>&1
        if [ $? = 1 ]; then ok "refimages: pngdiff sees a check-in top margin 1.5 pt larger"; else
            bad "refimages: pngdiff sees a check-in top margin 1.5 pt larger" "$(cat "$dir/moved.log")"; fi
    else
        bad "refimages: build the gallery with the top margin 1.5 pt larger" "$(cat "$dir/moved.err")"
    fi
}

# ---- the schema: docs/schema.md and the JSON Schema, from the tables -------
# `keepsake schema` prints the tables keepsake checks files with as a JSON
# Schema (draft 2020-12, for editors) and as the Markdown reference. The
# checked-in docs/schema.md must be that reference, byte for byte. Every
# shipped file must validate against the JSON Schema (tests/validate-schema.py
# reads YAML as a YAML 1.2 language server does). Each known-bad file below
# must fail both `keepsake check` and the JSON Schema, the latter for the
# reason after its name (a piece of the validator's message).
# Debian's Python, where python3-jsonschema and python3-yaml install (a
# python3 earlier on PATH, such as pyenv's, may lack them).
PYTHON=${PYTHON:-$([ -x /usr/bin/python3 ] && echo /usr/bin/python3 || echo python3)}
SCHEMA_BAD="misspelled-key|'titel' was unexpected
misspelled-kind|kind: 'checkin' is not one of
count-500|count: 500 is greater than the maximum of 100
colour-name|colours/accent: 'red' does not match
colour-short|colours/accent: '#12' does not match
colour-unquoted-hash|colours/accent: None is not of type 'string'
missing-title|(top): 'title' is a required property
missing-sections|(top): 'sections' is a required property
language-eleven-months|is too short
length-px|ruling/pitch: '12px' does not match
length-no-unit|ruling/pitch: '12' does not match
margin-negative|page/margins/top: '-5mm' does not match
misspelled-margin|'botom' was unexpected
page-size-name|page/size: 'a3' is not valid
font-path-as-family|fonts/body/family: '/usr/share
unknown-type|type: 'booklet' is not one of
list-for-map|page: ['a5'] is not of type 'object'
map-for-list|questions: {'first': 'How are you?'} is not of type 'array'
duplex-yes|page/duplex: 'yes' is not one of
norway-text-stays-text|'extra' was unexpected"

schema_line() { # schema_line FILE RESULTS: the validator's line for FILE
    awk -v f="$1: " 'index($0, f) == 1 { print; exit }' "$2"
}

schema() {
    dir=$OUT/schema
    mkdir -p "$dir"
    ks schema --format markdown >"$dir/schema.md" 2>"$dir/md.err"
    if [ $? = 0 ] && cmp -s docs/schema.md "$dir/schema.md"; then ok "schema: docs/schema.md is current"; else
        bad "schema: docs/schema.md is out of date: run make schema" \
            "$(cat "$dir/md.err"; diff -u docs/schema.md "$dir/schema.md")"; fi
    if ! ks schema >"$dir/schema.json" 2>"$dir/json.err"; then
        bad "schema: keepsake schema" "$(cat "$dir/json.err")"
        return
    fi
    "$K" schema --format json >"$dir/again.json" 2>/dev/null
    check "schema: two runs print the same bytes" cmp "$dir/schema.json" "$dir/again.json"
    loc=$(locale -a 2>/dev/null | grep -i '^fr_FR\.utf-\?8$' | head -n 1)
    if [ -n "$loc" ]; then
        LC_ALL=$loc "$K" schema >"$dir/fr.json" 2>/dev/null
        check "schema: the same under $loc" cmp "$dir/schema.json" "$dir/fr.json"
    fi
    check "schema: --help" "$K" schema --help
    "$K" schema --format xml >/dev/null 2>&1
    check "schema: an unknown --format is a usage error (exit 2)" test $? = 2
    "$K" schema >/dev/full 2>/dev/null
    check "schema: /dev/full is an output error (exit 3)" test $? = 3
    if ! "$PYTHON" -c 'import jsonschema, yaml' 2>/dev/null; then
        bad "schema: $PYTHON cannot import jsonschema and yaml (make test-deps installs python3-jsonschema and python3-yaml)"
        return
    fi
    set -- $(find content -name '*.yaml' | LC_ALL=C sort) layouts/*.yaml docs/gallery.yaml tests/cases/*/book.yaml
    "$PYTHON" tests/validate-schema.py "$dir/schema.json" "$@" >"$dir/good.txt" 2>&1
    if [ $? = 2 ]; then
        bad "schema: the JSON Schema is not a valid draft 2020-12 schema" "$(cat "$dir/good.txt")"
        return
    fi
    for f in "$@"; do
        line=$(schema_line "$f" "$dir/good.txt")
        if [ "$line" = "$f: ok" ]; then ok "schema: $f validates"; else
            bad "schema: $f validates" "${line:-no result: $(tail -n 5 "$dir/good.txt")}"; fi
    done
    printf '%s\n' "$SCHEMA_BAD" >"$dir/known-bad.txt"
    set --
    while IFS='|' read -r name why; do set -- "$@" "tests/bad/$name.yaml"; done <"$dir/known-bad.txt"
    "$PYTHON" tests/validate-schema.py "$dir/schema.json" "$@" >"$dir/bad.txt" 2>&1
    while IFS='|' read -r name why; do
        y=tests/bad/$name.yaml
        "$K" check "$y" >/dev/null 2>"$dir/$name.err"
        rc=$?
        line=$(schema_line "$y" "$dir/bad.txt")
        if [ "$rc" != 1 ]; then
            bad "schema: $name fails keepsake check" "exit $rc: $(cat "$dir/$name.err")"
        else case $line in
            "$y: invalid: "*"$why"*) ok "schema: $name fails keepsake check and the JSON Schema" ;;
            *) bad "schema: $name fails the JSON Schema ($why)" "${line:-no result}" ;;
        esac; fi
    done <"$dir/known-bad.txt"
    # NO, 012, 3.10, yes, off, on and ~ are text to keepsake and to the
    # schema: the unknown key is the one error.
    line=$(schema_line tests/bad/norway-text-stays-text.yaml "$dir/bad.txt")
    case $line in
        *';'*) bad "schema: YAML 1.1 booleans and numbers are text" "$line" ;;
        *) ok "schema: YAML 1.1 booleans and numbers are text" ;;
    esac
}

# ---- booklets ------------------------------------------------------------------
# build --impose booklet, read back with poppler: each half of each sheet
# side is cropped with pdftotext to its footer band, where the book's pages
# print their label (the cover has none: its half has the title instead).
# Then the sheets are folded in the shell: in a signature of k sheets, the
# leaves read front-right, back-left of sheets 1..k, then back-right,
# front-left of sheets k..1 (mirrored for --rtl), where a back's left and
# right are as seen after turning the sheet over like a leaf. With --flip
# long the printer turns the back like a calendar, so the PDF must carry it
# upside down: its footer band is at the top, and reader's left is the PDF's
# right. Reading the wrong band finds nothing, so that checks the rotation.
# On a larger sheet the pages sit centred, PAGE_TOP below its top edge.
SHEET_W=595 SHEET_H=419 # A5 landscape, in whole points
face() { # face PDF PDF-PAGE HALF(0 left, 1 right, as the reader sees it) UPSIDE-DOWN(0/1)
    top=${PAGE_TOP:-0}
    h=$3 y=$((SHEET_H - top - 32))
    [ "$4" = 0 ] || { h=$((1 - h)); y=$((top + 10)); }
    x=$((h * (SHEET_W + 1) / 2))
    t=$(pdftotext -f "$2" -l "$2" -x "$x" -y "$y" -W $((SHEET_W / 2)) -H 22 "$1" - 2>/dev/null | tr -d '\f\n ')
    [ -n "$t" ] || { pdftotext -f "$2" -l "$2" -x "$x" -y 0 -W $((SHEET_W / 2)) -H "$SHEET_H" "$1" - 2>/dev/null |
        grep -q 'Fold Test\|Little Things' && t=cover; }
    echo "${t:--}"
}
fold_read() { # fold_read PDF SHEETS PER-SIGNATURE FLIP RTL(0/1) [COVER(0/1)]: the labels in reading order
    pdf=$1 n=$2 per=$3 up=0 kept=1 cover=${6:-0}
    [ "$4" = long ] && up=1
    [ "$5" = 1 ] && kept=0
    folded=$((1 - kept)) first=0
    # a cover outside: sheet 1, folded around all the signatures
    [ "$cover" = 0 ] || { face "$pdf" 1 $kept 0; face "$pdf" 2 $folded $up; first=1; }
    while [ $first -lt "$n" ]; do
        last=$((first + per - 1))
        [ $last -lt "$n" ] || last=$((n - 1))
        i=$first
        while [ $i -le $last ]; do
            face "$pdf" $((2 * i + 1)) $kept 0; face "$pdf" $((2 * i + 2)) $folded $up
            i=$((i + 1))
        done
        while [ $i -gt $first ]; do
            i=$((i - 1))
            face "$pdf" $((2 * i + 2)) $kept $up; face "$pdf" $((2 * i + 1)) $folded 0
        done
        first=$((last + 1))
    done
    [ "$cover" = 0 ] || { face "$pdf" 2 $kept $up; face "$pdf" 1 $folded 0; }
}
booklet_case() { # booklet_case NAME BOOK SHEETS PER-SIGNATURE WANT-ORDER KEEPSAKE-ARGS...
    name=$1 book=$2 n=$3 per=$4 want=$5
    shift 5
    pdf=$OUT/booklet-$name.pdf sheet=${SHEET:-a5} size=${SHEET_SIZE:-595.276 x 419.528}
    if ! ks build "$book" -o "$pdf" --impose booklet --sheet "$sheet" "$@" 2>"$OUT/booklet-$name.err"; then
        bad "booklet $name: build" "$(cat "$OUT/booklet-$name.err")"
        return
    fi
    info=$(pdfinfo "$pdf")
    if printf '%s\n' "$info" | grep -q "^Pages: *$((2 * n))\$" &&
        printf '%s\n' "$info" | grep -q "^Page size: *$size pts"; then
        ok "booklet $name: $((2 * n)) $sheet landscape pages"; else
        bad "booklet $name: $((2 * n)) $sheet landscape pages" "$(printf '%s\n' "$info" | grep 'Pages\|size')"; fi
    flip=short rtl=0 cover=0
    case " $* " in *" --flip long "*) flip=long ;; esac
    case " $* " in *" --rtl "*) rtl=1 ;; esac
    case " $* " in *" --cover outside "*) cover=1 ;; esac
    got=$(fold_read "$pdf" "$n" "$per" $flip $rtl $cover | tr '\n' ' ')
    if [ "$got" = "$want " ]; then ok "booklet $name: folded, it reads in order"; else
        bad "booklet $name: folded, it reads in order" "want: $want
got:  $got"; fi
    if qpdf --check "$pdf" >"$OUT/booklet-$name.qpdf" 2>&1; then ok "booklet $name: qpdf --check"; else
        bad "booklet $name: qpdf --check" "$(cat "$OUT/booklet-$name.qpdf")"; fi
}
labels() { # labels N BLANK: cover 1 2 ... N-1, then BLANK dashes
    seq 1 $(($1 - 1)) | tr '\n' ' ' | sed 's/^/cover /; s/ $//'
    i=0; while [ $i -lt "$2" ]; do printf ' -'; i=$((i + 1)); done
}
booklets() {
    booklet_case "8 pages" tests/impose/notes-8.yaml 2 2 "$(labels 8 0)"
    booklet_case "12 pages" tests/impose/notes-12.yaml 3 3 "$(labels 12 0)"
    booklet_case "30 pages" tests/impose/notes-30.yaml 8 8 "$(labels 30 2)"
    booklet_case "30 pages, signatures of 5" tests/impose/notes-30.yaml 8 5 "$(labels 30 2)" --signature 5
    booklet_case "12 pages, flip long" tests/impose/notes-12.yaml 3 3 "$(labels 12 0)" --flip long
    booklet_case "30 pages, flip long, signatures of 3" tests/impose/notes-30.yaml 8 3 "$(labels 30 2)" \
        --flip long --signature 3
    booklet_case "12 pages, rtl" tests/impose/notes-12.yaml 3 3 "$(labels 12 0)" --rtl
    gift=$(seq 1 38 | tr '\n' ' ' | sed 's/^/cover ii /; s/ $//')
    booklet_case "gift booklet" content/books/gift-booklet.yaml 10 10 "$gift"
    b=$OUT/booklet
    ks build tests/impose/notes-30.yaml --impose booklet --signature 5 -o "$b-a.pdf" 2>"$b.err"
    check "booklet: what to do with the sheets" test "$(cat "$b.err")" = \
        "30 pages + 2 blank -> 8 sheets (2 signatures); print double-sided, flip on the short edge"
    check "booklet: the default sheet is the page pair" sh -c \
        "pdfinfo '$b-a.pdf' | grep -q '^Page size: *595.28 x 419.53 pts'"
    ks build tests/impose/notes-30.yaml --impose booklet --signature 5 -o "$b-b.pdf" 2>/dev/null
    check "booklet: two runs give the same bytes" cmp "$b-a.pdf" "$b-b.pdf"
    ks build tests/impose/notes-8.yaml --impose booklet --sheet 150x100mm -o "$b-c.pdf" 2>"$b.err"
    check "booklet: a sheet too small is an error (exit 1), nothing written" \
        sh -c "test $? = 1 && ! test -e '$b-c.pdf' && grep -q 'do not fit side by side' '$b.err'"
    ks build tests/impose/notes-8.yaml --impose booklet --flip sideways -o "$b-c.pdf" 2>/dev/null
    check "booklet: a bad --flip is a usage error (exit 2)" test $? = 2
    # Creep: on the inner sheet of two, the content moves 1 mm towards the
    # fold on both halves (the heading's first letter, from -bbox).
    for c in 0 1; do
        ks build tests/impose/notes-8.yaml --impose booklet --creep $c -o "$b-creep$c.pdf" 2>/dev/null
        pdftotext -f 3 -l 3 -bbox "$b-creep$c.pdf" - | sed -n 's/.*xMin="\([0-9.]*\)".*>Notes<.*/\1/p' \
            >"$b-creep$c.txt"
    done
    if awk 'NR == FNR { a[FNR] = $1; next } { d = $1 - a[FNR]; if (FNR == 2) d = -d
            if (d < 2.82 || d > 2.84) bad = 1; n++ } END { exit bad || n != 2 }' \
        "$b-creep0.txt" "$b-creep1.txt"; then ok "booklet: --creep moves inner pages towards the fold"; else
        bad "booklet: --creep moves inner pages towards the fold" "$(cat "$b-creep0.txt" "$b-creep1.txt")"; fi
    # Fold marks: Cairo writes the dash pattern into the page's content.
    ks build tests/impose/notes-8.yaml --impose booklet --sheet a4 --marks fold -o "$b-marks.pdf" 2>/dev/null
    n=$(qpdf --qdf --object-streams=disable "$b-marks.pdf" - 2>/dev/null | grep -ac '\[ *2 *2 *\] *0 d$')
    check "booklet: --marks fold on every sheet side ($n)" test "$n" = 4
}

# ---- printing: booklets on office paper, cards n-up, print shops, greys ----
# The gift booklet imposed on A4 and on Letter, printed double-sided and
# folded (face/fold_read above), reads in order, with its cover outside
# signatures too; staple marks sit on each signature's middle spread; the
# cards of a book come n-up with their backs behind their fronts for both
# flips (tests/cards-check.py turns the sheet over through its pixels); a
# bleed grows the page, sets TrimBox and BleedBox (qpdf --json) and keeps
# the text inside the trim; --grayscale leaves no colour in the pixels;
# pages come in sizes by name or exact. Reference pictures (tests/ref/print/)
# show a booklet sheet, a middle spread, a card sheet and a bleed page.
qpdf_boxes() { # qpdf_boxes PDF: "MediaBox TrimBox BleedBox" of page 1, in points to 0.1
    qpdf --json --json-key=pages --json-key=qpdf "$1" 2>/dev/null | $PYTHON -c '
import json, sys
d = json.load(sys.stdin)
o = d["qpdf"][1]["obj:" + d["pages"][0]["object"]]["value"]
print(" ".join("%s=%s" % (k, ",".join("%.1f" % v for v in o.get("/" + k, [])))
               for k in ("MediaBox", "TrimBox", "BleedBox")))'
}
first_link() { # first_link PDF: the lower left corner of the first link's Rect
    qpdf --json --json-key=qpdf "$1" 2>/dev/null | $PYTHON -c '
import json, sys
for v in json.load(sys.stdin)["qpdf"][1].values():
    v = v.get("value")
    if isinstance(v, dict) and v.get("/Subtype") == "/Link":
        print(v["/Rect"][0], v["/Rect"][1])
        break'
}
print_ref() { # print_ref NAME PDF PAGE: compare the page with tests/ref/print/NAME.png
    dir=$OUT/print-ref
    mkdir -p "$dir"
    ref_render "$2" "$3" "$dir/$1"
    if [ -n "${UPDATE:-}" ]; then
        mkdir -p tests/ref/print
        cp "$dir/$1.png" "tests/ref/print/$1.png"
        return
    fi
    if [ ! -f "tests/ref/print/$1.png" ]; then
        bad "printing/ref $1: no tests/ref/print/$1.png (make test-update, then look at it)"
        return
    fi
    if "$UNIT_DIR/pngdiff" "tests/ref/print/$1.png" "$dir/$1.png" "$dir/$1-diff.png" >"$dir/$1.log" 2>&1; then
        ok "printing/ref $1"
    else
        bad "printing/ref $1: page $3 of $2 looks different" "$(cat "$dir/$1.log")
old: tests/ref/print/$1.png  new: $dir/$1.png  diff: $dir/$1-diff.png"
    fi
}
printing() {
    p=$OUT/printing
    mkdir -p "$p"
    gift=$(seq 1 38 | tr '\n' ' ' | sed 's/^/cover ii /; s/ $//')
    SHEET=a4 SHEET_SIZE="841.89 x 595.276" SHEET_W=841 SHEET_H=595 PAGE_TOP=88 \
        booklet_case "gift booklet on A4" content/books/gift-booklet.yaml 10 10 "$gift"
    SHEET=a4 SHEET_SIZE="841.89 x 595.276" SHEET_W=841 SHEET_H=595 PAGE_TOP=88 \
        booklet_case "gift booklet on A4, flip long" content/books/gift-booklet.yaml 10 10 "$gift" --flip long
    SHEET=letter SHEET_SIZE="792 x 612" SHEET_W=792 SHEET_H=612 PAGE_TOP=96 \
        booklet_case "gift booklet on Letter" content/books/gift-booklet.yaml 10 10 "$gift"
    SHEET=letter SHEET_SIZE="792 x 612" SHEET_W=792 SHEET_H=612 PAGE_TOP=96 \
        booklet_case "gift booklet on Letter, flip long" content/books/gift-booklet.yaml 10 10 "$gift" --flip long
    SHEET=a4 SHEET_SIZE="841.89 x 595.276" SHEET_W=841 SHEET_H=595 PAGE_TOP=88 \
        booklet_case "gift booklet on A4, cover outside 3 signatures of 3" content/books/gift-booklet.yaml \
        10 3 "$gift" --cover outside --signature 3
    booklet_case "30 pages, cover outside, signatures of 2, flip long, rtl" tests/impose/notes-30.yaml 8 2 \
        "$(labels 30 2)" --cover outside --signature 2 --flip long --rtl
    ks build content/books/gift-booklet.yaml --impose booklet --sheet a4 -o "$p/gift.pdf" 2>"$p/gift.err"
    summary_is "printing: the booklet's summary names the book's notes page" "$p/gift.err" \
        "39 pages + 1 notes page -> 10 sheets (1 signature); print double-sided, flip on the short edge"
    ks build content/books/gift-booklet.yaml --impose booklet --sheet a4 --cover outside --signature 3 \
        -o "$p/gift-cover.pdf" 2>"$p/gift-cover.err"
    summary_is "printing: the summary counts the cover apart" "$p/gift-cover.err" \
        "39 pages + 1 notes page -> 10 sheets (a cover + 3 signatures); print double-sided, flip on the short edge"

    # Staple marks: across the fold, a quarter of the page from its top,
    # on the middle spread only (the last sheet's back; each signature's).
    ks build content/books/gift-booklet.yaml --impose booklet --sheet a4 --marks fold,staple \
        -o "$p/staple.pdf" 2>/dev/null
    y=$((88 + 105)) # page top + a quarter of 419.5
    mid=$($PYTHON tests/ink.py dark "$p/staple.pdf" 20 416 $((y - 2)) 10 4)
    other=$($PYTHON tests/ink.py dark "$p/staple.pdf" 18 416 $((y - 2)) 10 4)
    check "printing: staple marks on the middle spread ($mid dark pixels), none elsewhere ($other)" \
        test "$mid" -ge 6 -a "$other" = 0
    ks build tests/impose/notes-30.yaml --impose booklet --sheet a4 --signature 3 --marks staple \
        -o "$p/staple3.pdf" 2>/dev/null
    sides=
    for pg in $(seq 1 16); do
        [ "$($PYTHON tests/ink.py dark "$p/staple3.pdf" "$pg" 416 $((88 + 103)) 10 6)" = 0 ] || sides="$sides $pg"
    done
    check "printing: staple marks on each signature's middle spread (sides$sides)" test "$sides" = " 6 12 16"

    # Creep in the sheets' dump: the content moves towards the fold by
    # creep x depth, sheet by sheet, and not at all without --creep.
    "$K" build tests/impose/notes-30.yaml --impose booklet --creep 0.5 --dump >"$p/creep.dump" 2>&1
    "$K" build tests/impose/notes-30.yaml --impose booklet --dump >"$p/nocreep.dump" 2>&1
    check "printing: creep grows sheet by sheet in the dump (0.5 mm = 1.42 pt a sheet)" awk '
        / front / { split($0, f, " "); for (i = 1; i <= NF; i++) { if ($i ~ /^depth=/) d = substr($i, 7)
            if ($i == "left:") { split($(i + 2), a, "="); lx = a[2] } }
            want = d * 0.5 * 72 / 25.4; if (lx - want > 0.01 || want - lx > 0.01) bad = 1; n++ }
        END { exit bad || n != 8 }' "$p/creep.dump"
    check "printing: no creep without --creep: every page at its trim" awk '
        /^sheet / { for (i = 1; i <= NF; i++) if ($i ~ /^x=/) { x = substr($i, 3); split($(i + 1), t, "=")
            if (x != t[2]) bad = 1; n++ } } END { exit bad || n != 32 }' "$p/nocreep.dump"

    # Cards n-up: positions in the dump, backs behind fronts in the PDF.
    for b in gift-booklet our-year; do
        for f in short long; do
            ks build content/books/$b.yaml --impose cards --flip $f -o "$p/cards-$b-$f.pdf" 2>"$p/cards-$b-$f.err"
            "$K" build content/books/$b.yaml --impose cards --flip $f --dump >"$p/cards-$b-$f.dump" 2>&1
            slot=$(sed -n 's/.* slot=\([0-9.]*\)x\([0-9.]*\) .*/\1 \2/p' "$p/cards-$b-$f.dump")
            pages=$(pdf_pages "$p/cards-$b-$f.pdf")
            check "printing: $b cards, flip $f: 16 cards in the dump, 2 sheets of fronts and backs" \
                sh -c "test \$(grep -c '^card .* back page=' '$p/cards-$b-$f.dump') = 16 && test '$pages' = 4"
            for pg in 1 3; do
                if $PYTHON tests/cards-check.py "$p/cards-$b-$f.pdf" $pg $f $slot >"$p/cards-$b-$f-$pg.log" 2>&1; then
                    ok "printing: $b cards, flip $f, sheet $(((pg + 1) / 2)): backs behind fronts"; else
                    bad "printing: $b cards, flip $f, sheet $(((pg + 1) / 2)): backs behind fronts" "$(cat "$p/cards-$b-$f-$pg.log")"; fi
            done
        done
    done
    summary_is "printing: the cards' summary" "$p/cards-gift-booklet-short.err" \
        "16 cards -> 2 sheets of up to 9 (3 x 3 on A4); print double-sided, flip on the short edge; cut along the crop marks"
    n=$(pdftotext "$p/cards-gift-booklet-short.pdf" - | grep -c '…')
    want=$(grep -c '^card ' "$p/cards-gift-booklet-short.dump")
    check "printing: every card's sentence is on the cards sheets ($n of $want)" test "$n" = "$want"
    printf 'type: layout\nextends: a6\npage:\n  duplex: false\n' >"$p/simplex.yaml"
    ks build content/books/gift-booklet.yaml -l "$p/simplex.yaml" --impose cards -o "$p/cards-simplex.pdf" 2>"$p/cards-simplex.err"
    check "printing: cards of a single-sided book: no backs, print single-sided" sh -c \
        "grep -q 'print single-sided (the cards have no backs)' '$p/cards-simplex.err' && test \$(pdfinfo '$p/cards-simplex.pdf' | sed -n 's/^Pages: *//p') = 2"
    ks build content/books/gift-booklet.yaml --impose cards --sheet letter -o "$p/cards-letter.pdf" 2>"$p/cards-letter.err"
    check "printing: cards on Letter: 2 x 4 portrait" grep -q '(2 x 4 on Letter)' "$p/cards-letter.err"

    # The calibration sheet: the back's upper half (upright) answers short,
    # its lower half (printed upside down) answers long.
    ks build content/books/gift-booklet.yaml --impose calibration -o "$p/cal.pdf" 2>"$p/cal.err"
    pdftotext -f 2 -l 2 -x 0 -y 0 -W 842 -H 297 "$p/cal.pdf" "$p/cal-upper.txt"
    pdftotext -f 2 -l 2 -x 0 -y 298 -W 842 -H 297 "$p/cal.pdf" "$p/cal-lower.txt"
    check "printing: calibration: one A4 sheet, front and back" test "$(pdf_pages "$p/cal.pdf")" = 2
    check "printing: calibration: the upright half says --flip short" sh -c \
        "grep -q -- '--flip short' '$p/cal-upper.txt' && ! grep -q -- '--flip long' '$p/cal-upper.txt'"
    check "printing: calibration: the upside-down half says --flip long" sh -c \
        "grep -q -- '--flip long' '$p/cal-lower.txt' && ! grep -q -- '--flip short' '$p/cal-lower.txt'"
    check "printing: calibration: the front says how to turn the sheet" sh -c \
        "pdftotext -f 1 -l 1 '$p/cal.pdf' - | grep -q 'turn the sheet over the way you turn the page'"

    # A print shop's PDF: 3 mm bleed and crop marks.
    ks build content/books/gift-booklet.yaml --bleed 3mm -o "$p/bleed.pdf" 2>"$p/bleed.err"
    check "printing: --bleed 3mm: the page grows by 3 mm a side, the trim and bleed boxes set" \
        test "$(qpdf_boxes "$p/bleed.pdf")" = "MediaBox=0.0,0.0,314.6,436.5 TrimBox=8.5,8.5,306.1,428.0 BleedBox=0.0,0.0,314.6,436.5"
    ks build content/books/gift-booklet.yaml --bleed 3mm --marks crop -o "$p/crop.pdf" 2>"$p/crop.err"
    check "printing: --marks crop: the page grows to hold the marks outside the bleed" \
        test "$(qpdf_boxes "$p/crop.pdf")" = "MediaBox=0.0,0.0,354.3,476.2 TrimBox=28.3,28.3,326.0,447.9 BleedBox=19.8,19.8,334.5,456.4"
    summary_is "printing: the summary gives the trim" "$p/crop.err" \
        "wrote $p/crop.pdf: 40 pages, A6 (the trim: 105x148 mm), bleed 3.0 mm, crop marks, sheet 125x168 mm, $(( ($(stat -c %s "$p/crop.pdf") + 512) / 1024 )) KB"
    check "printing: qpdf --check passes with the rewritten boxes" qpdf --check "$p/crop.pdf"
    outside=$(pdftotext -bbox "$p/crop.pdf" - | awk -F'"' '/<word/ { if ($2 < 28.3 || $4 < 28.3 || $6 > 326 || $8 > 448) n++ }
        END { print n + 0 }')
    check "printing: all the text stays inside the trim ($outside words outside)" test "$outside" = 0
    ks build content/books/gift-booklet.yaml -o "$p/plain.pdf" 2>/dev/null
    a=$(pdftotext -bbox -f 3 -l 3 "$p/plain.pdf" - | awk -F'"' '/<word/ { print $2, $4; exit }')
    b=$(pdftotext -bbox -f 3 -l 3 "$p/crop.pdf" - | awk -F'"' '/<word/ { print $2 - 28.34, $4 - 28.34; exit }')
    check "printing: the content keeps its place in the trim ($a vs $b)" sh -c "echo $a $b | awk '{
        d = \$1 - \$3; e = \$2 - \$4; exit !(d < 0.02 && d > -0.02 && e < 0.02 && e > -0.02) }'"
    # Links move with the page: the contents' first link, 3 mm (8.5 pt)
    # right and up (PDF's y goes up, the page grew below), to a point.
    ks build content/books/our-year.yaml -o "$p/links.pdf" 2>/dev/null
    ks build content/books/our-year.yaml --bleed 3mm -o "$p/links-bleed.pdf" 2>/dev/null
    links="$(first_link "$p/links.pdf") $(first_link "$p/links-bleed.pdf")"
    check "printing: with a bleed, links stay on what they link ($links)" awk -v l="$links" 'BEGIN {
        if (split(l, v, " ") != 4) exit 1; dx = v[3] - v[1] - 8.5; dy = v[4] - v[2] - 8.5
        exit !(dx < 1 && dx > -1 && dy < 1 && dy > -1) }'
    printf 'type: layout\nextends: a6\ncolours:\n  paper: "#e0c8a0"\n' >"$p/paper.yaml"
    ks build content/books/gift-booklet.yaml -l "$p/paper.yaml" --bleed 3mm --marks crop -o "$p/paper.pdf" 2>/dev/null
    check "printing: the paper colour fills the bleed" test "$($PYTHON tests/ink.py pixel "$p/paper.pdf" 1 21 21)" = "224 200 160"
    check "printing: the slug outside the bleed stays white" test "$($PYTHON tests/ink.py pixel "$p/paper.pdf" 1 10 200)" = "255 255 255"

    # Grayscale: no pixel with colour; colour pages have some.
    ks build content/books/gift-booklet.yaml --grayscale -o "$p/gray.pdf" 2>"$p/gray.err"
    ks build content/books/gift-booklet.yaml --impose cards --grayscale -o "$p/gray-cards.pdf" 2>/dev/null
    coloured= colour=0
    for pg in 1 3 7 13 14 30; do
        [ "$($PYTHON tests/ink.py colour "$p/gray.pdf" $pg)" = 0 ] || coloured="$coloured $pg"
        colour=$((colour + $($PYTHON tests/ink.py colour "$p/plain.pdf" $pg)))
    done
    [ "$($PYTHON tests/ink.py colour "$p/gray-cards.pdf" 2)" = 0 ] || coloured="$coloured cards"
    check "printing: --grayscale pages have no colour (coloured:$coloured); in colour they have ($colour)" \
        test -z "$coloured" -a "$colour" -gt 0
    ks worksheet tests/impose/red-text.yaml --grayscale -o "$p/red-gray.pdf" 2>/dev/null
    ks worksheet tests/impose/red-text.yaml -o "$p/red.pdf" 2>/dev/null
    check "printing: --grayscale turns the markup's own colours grey too" \
        test "$($PYTHON tests/ink.py colour "$p/red-gray.pdf" 1)" = 0 -a "$($PYTHON tests/ink.py colour "$p/red.pdf" 1)" -gt 0
    printf 'type: layout\nextends: a6\ncolours:\n  rule: "#f0f0f0"\n' >"$p/faint.yaml"
    ks build content/books/gift-booklet.yaml -l "$p/faint.yaml" --grayscale -o "$p/faint.pdf" 2>/dev/null
    ks build content/books/gift-booklet.yaml -l "$p/faint.yaml" -o "$p/faint-colour.pdf" 2>/dev/null
    dark=$($PYTHON tests/ink.py dark "$p/faint.pdf" 37 0 0 298 420)
    light=$($PYTHON tests/ink.py dark "$p/faint-colour.pdf" 37 0 0 298 420)
    check "printing: --grayscale keeps faint ruling visible ($dark dark pixels, $light in colour)" \
        test "$dark" -gt $((light + 1000))

    # Page sizes by name or exact, in layouts and for --sheet.
    for s in "B5|498.9 x 708.66" "148x210mm|419.53 x 595.28" "5.5x8.5in|396 x 612" "Letter|612 x 792"; do
        name=${s%%|*} size=${s#*|}
        printf 'type: layout\nextends: a5\npage:\n  size: %s\n' "$name" >"$p/size.yaml"
        ks build content/books/gift-booklet.yaml -l "$p/size.yaml" -o "$p/size.pdf" 2>/dev/null
        check "printing: page size $name is $size pt" sh -c "pdfinfo '$p/size.pdf' | grep -q '^Page size: *$size pts'"
    done
    ks build tests/impose/notes-8.yaml --impose booklet --sheet 11x8.5in -o "$p/sheet-in.pdf" 2>/dev/null
    check "printing: --sheet 11x8.5in is Letter landscape" sh -c "pdfinfo '$p/sheet-in.pdf' | grep -q '^Page size: *792 x 612 pts'"

    # A layout's print: section imposes as the command line would; the
    # command line wins, and --impose none prints the pages.
    printf 'type: layout\nextends: a6\nprint:\n  impose: booklet\n  sheet: A4\n  flip: long\n' >"$p/print-booklet.yaml"
    ks build content/books/gift-booklet.yaml -l "$p/print-booklet.yaml" -o "$p/by-layout.pdf" 2>"$p/by-layout.err"
    ks build content/books/gift-booklet.yaml --impose booklet --sheet a4 --flip long -o "$p/by-cli.pdf" 2>/dev/null
    check "printing: print: {impose: booklet, sheet: A4, flip: long} in the layout is --impose booklet --sheet a4 --flip long" \
        cmp "$p/by-layout.pdf" "$p/by-cli.pdf"
    check "printing: ... and says so" grep -q '10 sheets (1 signature); print double-sided, flip on the long edge' "$p/by-layout.err"
    ks build content/books/gift-booklet.yaml -l "$p/print-booklet.yaml" --flip short --marks fold -o "$p/by-layout2.pdf" 2>/dev/null
    ks build content/books/gift-booklet.yaml --impose booklet --sheet a4 --marks fold -o "$p/by-cli2.pdf" 2>/dev/null
    check "printing: --flip and --marks fold on the command line join the layout's booklet" cmp "$p/by-layout2.pdf" "$p/by-cli2.pdf"
    ks build content/books/gift-booklet.yaml -l "$p/print-booklet.yaml" --impose none -o "$p/by-none.pdf" 2>/dev/null
    ks build content/books/gift-booklet.yaml -l a6 -o "$p/by-a6.pdf" 2>/dev/null
    check "printing: --impose none prints the pages whatever the layout says" cmp "$p/by-none.pdf" "$p/by-a6.pdf"
    printf 'type: layout\nextends: a6\nprint:\n  impose: cards\n' >"$p/print-cards.yaml"
    ks build content/books/gift-booklet.yaml -l "$p/print-cards.yaml" -o "$p/cards-by-layout.pdf" 2>/dev/null
    check "printing: print: {impose: cards} in the layout" cmp "$p/cards-by-layout.pdf" "$p/cards-gift-booklet-short.pdf"

    # Reference pictures.
    print_ref booklet-sheet "$p/staple.pdf" 1
    print_ref middle-spread "$p/staple.pdf" 20
    print_ref card-sheet "$p/cards-gift-booklet-short.pdf" 1
    print_ref bleed-crop "$p/paper.pdf" 1
}

# ---- packaging: build by id, shell completion, make install/uninstall ----
# keepsake build ID finds content/books/ID.yaml in the data folder (--data,
# else found from the current folder, else the installed data); a file of
# that name wins. (The .deb is tested by make test-deb: tests/deb.sh.)
packaging() {
    dir=$OUT/packaging
    mkdir -p "$dir/elsewhere" "$dir/sub"
    repo=$PWD
    k=$(cd "$(dirname "$K")" && pwd)/$(basename "$K")
    ks build content/books/gift-booklet.yaml -o "$dir/by-path.pdf" >/dev/null 2>&1
    elsewhere=$(mktemp -d)
    if (cd "$elsewhere" && $VG "$k" build gift-booklet --data "$repo") >"$dir/by-id.err" 2>&1 &&
        cmp -s "$dir/by-path.pdf" "$elsewhere/gift-booklet.pdf"; then
        ok "packaging: build gift-booklet --data DIR from another folder: the book's PDF"
    else
        bad "packaging: build gift-booklet --data DIR from another folder: the book's PDF" \
            "$(cat "$dir/by-id.err"; ls "$elsewhere")"
    fi
    rm -rf "$elsewhere"
    if (cd "$dir/sub" && $VG "$k" build gift-booklet -o up.pdf) >"$dir/up.err" 2>&1 &&
        cmp -s "$dir/by-path.pdf" "$dir/sub/up.pdf"; then
        ok "packaging: build gift-booklet inside the data folder finds it"
    else
        bad "packaging: build gift-booklet inside the data folder finds it" "$(cat "$dir/up.err")"
    fi
    # A file named like an id is that file (here the gift booklet's 40
    # pages), not the id's book (Our Year Together's 221).
    sed 's/^id: gift-booklet$/id: our-year/' content/books/gift-booklet.yaml >"$dir/sub/our-year"
    if (cd "$dir/sub" && $VG "$k" build our-year) >"$dir/file.err" 2>&1 &&
        [ "$(pdfinfo "$dir/sub/our-year.pdf" 2>&1 | grep '^Pages:')" = \
          "$(pdfinfo "$dir/by-path.pdf" 2>&1 | grep '^Pages:')" ]; then
        ok "packaging: build ID: a file of that name wins"
    else
        bad "packaging: build ID: a file of that name wins" "$(cat "$dir/file.err")"
    fi
    (cd "$dir/elsewhere" && $VG "$k" build no-such-book --data "$repo") >/dev/null 2>"$dir/none.err"
    rc=$?
    want="build no-such-book: error: no book 'no-such-book' (looked for $repo/content/books/no-such-book.yaml)"
    if [ "$rc" = 1 ] && [ "$(head -n 1 "$dir/none.err")" = "$want" ] && [ -z "$(ls -A "$dir/elsewhere")" ]; then
        ok "packaging: build of an unknown id names the file it looked for"
    else
        bad "packaging: build of an unknown id names the file it looked for" "exit $rc: $(cat "$dir/none.err")"
    fi

    # Bash completion: source completions/keepsake.bash and call _keepsake
    # with COMP_WORDS and COMP_CWORD as bash sets them ("--layout=a" comes
    # as "--layout" "=" "a"). The ids come from keepsake list, run with the
    # keepsake being completed (its full path here) and the line's --data.
    # "empty" is a folder inside the data folder with no files to offer.
    mkdir -p "$dir/empty" "$dir/data"
    cp -R content layouts "$dir/data/"
    cp content/books/gift-booklet.yaml "$dir/data/content/books/zz-added.yaml"
    books=$("$k" list books | awk '{ printf "%s ", $1 }')
    layouts=$("$k" list layouts | awk '{ printf "%s ", $1 }')
    refl=$("$k" list exercises | awk '$1 ~ /^reflection-/ { printf "%s ", $1 }')
    # Outside any data folder the ids are the installed data's, if any.
    outside=$(mktemp -d)
    installed=$(cd "$outside" && "$k" list layouts 2>/dev/null | awk '{ printf "%s ", $1 }')
    while IFS='|' read -r where want line; do
        [ -n "$line" ] || continue
        case $where in here) cd_to=$dir/empty note= ;; out) cd_to=$outside note=" (outside the data)" ;; esac
        got=$(cd "$cd_to" && K_PATH="$k" LINE="$line" bash --norc --noprofile -c '
            . "$1/completions/keepsake.bash" || exit 9
            eval "COMP_WORDS=($LINE)"
            COMP_WORDS[0]=$K_PATH
            COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
            _keepsake
            printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' sh "$repo" 2>&1)
        want=$(printf '%s\n' $want | sort | tr '\n' ' ')
        if [ "$got" = "$want" ]; then ok "completion: bash: $line$note"; else
            bad "completion: bash: $line$note" "expected: $want
got:      $got"; fi
    done <<EOF_CASES
here|batch build|keepsake b
here|build worksheet batch check list show new schema help|keepsake ""
here|--recipients|keepsake batch --rec
here|$refl|keepsake batch --worksheet ref
here|$books|keepsake batch -f ""
here|--help --version|keepsake -
here|$refl|keepsake worksheet ref
here|$refl|keepsake show ref
here|$layouts|keepsake build -l ""
here|a4 a5 a6|keepsake build --layout = a
here|$books|keepsake build ""
here||keepsake build our-year ""
here|-o --output -l --layout -s --set --data --dump --watch -f --format --dpi --pages -h --help --impose --sheet --flip --signature --creep --marks --cover --rtl --bleed --grayscale|keepsake build -
here|pdf png svg contact|keepsake build our-year --format ""
here|svg|keepsake worksheet --format = s
here||keepsake build --pages ""
here|booklet cards calibration none|keepsake build --impose ""
here|half-letter|keepsake build --impose booklet --sheet h
here|$books|keepsake build --impose booklet --sheet a4 ""
here|--output|keepsake worksheet --o
here|json markdown|keepsake schema --format ""
here|books exercises layouts|keepsake list ""
here|show schema|keepsake help s
out|$installed|keepsake build -l ""
out|$books zz-added|keepsake build --data "$repo/$dir/data" ""
out|zz-added|keepsake build --data = "$repo/$dir/data" z
EOF_CASES
    rm -rf "$outside"
    if [ "$(printf '%s' "$refl" | wc -w)" -lt 4 ] || [ "$(printf '%s' "$layouts" | wc -w)" -lt 5 ]; then
        bad "completion: keepsake list gave the ids" "exercises: $refl; layouts: $layouts"; fi

    # make install and make uninstall, in a copy of the tree (installing
    # rebuilds for the PREFIX's data folder; the tree's keepsake stays as
    # it is): with DESTDIR and PREFIX=/usr, as a package does, then with a
    # PREFIX alone, where the installed keepsake finds its data itself.
    # Files of other programs in the shared folders must survive.
    tree=$dir/tree root=$repo/$dir/root prefix=$repo/$dir/prefix
    rm -rf "$tree" "$root" "$prefix"
    mkdir -p "$tree" "$root/usr/bin" "$root/usr/share/bash-completion/completions"
    # The tree's objects come along (with their times), so make install
    # compiles only what PREFIX changes (model.o, see the Makefile) and
    # links: the install is tested, not the compiler again. A build from a
    # clean tree is make test-deb's (dpkg-buildpackage).
    cp -Rp Makefile src tools docs content layouts fonts completions "$tree/"
    mkdir -p "$tree/$UNIT_DIR"
    cp -p "$UNIT_DIR"/*.o "$UNIT_DIR"/*.d "$UNIT_DIR/flags" "$tree/$UNIT_DIR/" 2>/dev/null
    [ ! -d "$UNIT_DIR/kinds" ] || cp -Rp "$UNIT_DIR/kinds" "$tree/$UNIT_DIR/"
    echo other >"$root/usr/bin/other"
    echo other >"$root/usr/share/bash-completion/completions/other"
    jobs=$(nproc 2>/dev/null || echo 2)
    if (unset MAKEFLAGS MFLAGS MAKELEVEL; make -C "$tree" -j"$jobs" install DESTDIR="$root" PREFIX=/usr) \
        >"$dir/install.log" 2>&1; then
        ok "install: make install DESTDIR=... PREFIX=/usr"
    else
        bad "install: make install DESTDIR=... PREFIX=/usr" "$(tail -n 20 "$dir/install.log")"
    fi
    missing=
    for f in usr/bin/keepsake usr/share/man/man1/keepsake.1 usr/share/bash-completion/completions/keepsake \
             usr/share/zsh/vendor-completions/_keepsake; do
        [ -s "$root/$f" ] || missing="$missing $f"
    done
    [ -x "$root/usr/bin/keepsake" ] || missing="$missing usr/bin/keepsake(executable)"
    (find content layouts fonts -type f | sort) >"$dir/data.want"
    (cd "$root/usr/share/keepsake" 2>/dev/null && find . -type f | sed 's#^\./##' | sort) >"$dir/data.got"
    if [ -z "$missing" ] && cmp -s "$dir/data.want" "$dir/data.got"; then
        ok "install: the program, man page, completions and every data file are in place"
    else
        bad "install: the program, man page, completions and every data file are in place" \
            "missing:$missing; $(diff "$dir/data.want" "$dir/data.got" | head -n 5)"
    fi
    if grep -q '/usr/share/keepsake' "$root/usr/share/man/man1/keepsake.1" &&
        ! grep -q '/usr/local' "$root/usr/share/man/man1/keepsake.1"; then
        ok "install: the man page names the installed data folder"
    else
        bad "install: the man page names the installed data folder"
    fi
    ks build content/books/our-year.yaml -o "$dir/our-year.pdf" >/dev/null 2>&1
    ks worksheet reflection-emotions -o "$dir/reflection-emotions.pdf" >/dev/null 2>&1
    outside=$(mktemp -d)
    if (cd "$outside" && "$root/usr/bin/keepsake" build our-year --data "$root/usr/share/keepsake" &&
            "$root/usr/bin/keepsake" worksheet reflection-emotions --data "$root/usr/share/keepsake") \
            >"$dir/installed.err" 2>&1 &&
        cmp -s "$dir/our-year.pdf" "$outside/our-year.pdf" &&
        cmp -s "$dir/reflection-emotions.pdf" "$outside/reflection-emotions.pdf"; then
        ok "install: DESTDIR's keepsake builds our-year and a worksheet from another folder, as the tree does"
    else
        bad "install: DESTDIR's keepsake builds our-year and a worksheet from another folder, as the tree does" \
            "$(cat "$dir/installed.err"; ls "$outside")"
    fi
    rm -rf "$outside"
    (unset MAKEFLAGS MFLAGS MAKELEVEL; make -C "$tree" uninstall DESTDIR="$root" PREFIX=/usr) \
        >"$dir/uninstall.log" 2>&1 || bad "install: make uninstall DESTDIR=... PREFIX=/usr" "$(cat "$dir/uninstall.log")"
    # What is left: the other programs' files and the shared folders.
    (cd "$root" && find . | sort | tr '\n' ' ') >"$dir/left"
    want_left=". ./usr ./usr/bin ./usr/bin/other ./usr/share ./usr/share/bash-completion\
 ./usr/share/bash-completion/completions ./usr/share/bash-completion/completions/other\
 ./usr/share/man ./usr/share/man/man1 ./usr/share/zsh ./usr/share/zsh/vendor-completions "
    if [ "$(cat "$dir/left")" = "$want_left" ]; then
        ok "install: make uninstall leaves no keepsake file or folder, and the shared folders"
    else
        bad "install: make uninstall leaves no keepsake file or folder, and the shared folders" "left: $(cat "$dir/left")"
    fi
    if (unset MAKEFLAGS MFLAGS MAKELEVEL; make -C "$tree" -j"$jobs" install PREFIX="$prefix") \
            >"$dir/install-prefix.log" 2>&1 &&
        outside=$(mktemp -d) && (cd "$outside" && "$prefix/bin/keepsake" build our-year) >"$dir/prefix.err" 2>&1 &&
        cmp -s "$dir/our-year.pdf" "$outside/our-year.pdf"; then
        ok "install: PREFIX's keepsake finds its installed data: build our-year from anywhere"
    else
        bad "install: PREFIX's keepsake finds its installed data: build our-year from anywhere" \
            "$(tail -n 5 "$dir/install-prefix.log"; cat "$dir/prefix.err")"
    fi
    rm -rf "${outside:?}"
    (unset MAKEFLAGS MFLAGS MAKELEVEL; make -C "$tree" uninstall PREFIX="$prefix") >/dev/null 2>&1
    left=$(find "$prefix" -name '*keepsake*')
    if [ -z "$left" ] && [ -z "$(find "$prefix" -type f)" ]; then ok "install: make uninstall PREFIX=..."; else
        bad "install: make uninstall PREFIX=..." "$left"; fi
    rm -rf "$tree"

    # Zsh: the file parses, and (through zsh/zpty) completes a few lines.
    if ! command -v zsh >/dev/null 2>&1; then
        echo "note: zsh is not installed: completions/_keepsake untested (apt-get install zsh)"
        return
    fi
    if zsh -n completions/_keepsake 2>"$dir/zsh-n.err"; then ok "completion: zsh -n completions/_keepsake"; else
        bad "completion: zsh -n completions/_keepsake" "$(cat "$dir/zsh-n.err")"; fi
    mkdir -p "$dir/zbin"
    ln -sf "$k" "$dir/zbin/keepsake"
    (cd "$dir/empty" && PATH=$repo/$dir/zbin:$PATH timeout 60 zsh -f "$repo/tests/complete.zsh" \
        "$repo/completions" "$repo/$dir/zsh.out" 'keepsake wor' 'keepsake worksheet reflection-' \
        'keepsake build -l ' 'keepsake build --layout=a' 'keepsake list ' 'keepsake schema --format ' 'keepsake build --format ')
    rc=$?
    printf '%s\n' "keepsake worksheet " "keepsake worksheet $refl" "keepsake build -l $layouts" \
        "keepsake build --layout=a4 --layout=a5 --layout=a6 " "keepsake list books exercises layouts " \
        "keepsake schema --format json markdown " "keepsake build --format contact pdf png svg " >"$dir/zsh.want"
    if [ "$rc" = 2 ]; then
        echo "note: zsh has no zpty module: completions/_keepsake only parsed"
    elif [ "$rc" = 0 ] && diff -u "$dir/zsh.want" "$dir/zsh.out" >"$dir/zsh.diff" 2>&1; then
        ok "completion: zsh completes commands, exercise and layout ids, --layout=, formats"
    else
        bad "completion: zsh completes commands, exercise and layout ids, --layout=, formats" \
            "exit $rc: $(cat "$dir/zsh.diff")"
    fi
}

. tests/previews.sh # groups previews and tablets
# ---- render: what makes drawing cheap (bench/README.md) -------------------
# Pages that look alike paint one recorded drawing of their writing lines
# (a form XObject), each ink's lines are one path, and fontconfig reads its
# configuration once, for our pinned configuration, never for a default one.
form_of() { # form_of PDF PAGE: the object number of the form XObject the page paints
    mutool show "$1" "pages/$2/Resources/XObject" 2>/dev/null |
        sed -n 's/^ *\/x[0-9]* \([0-9]*\) 0 R$/\1/p' | head -n 1
}
strokes_in() { # strokes_in PDF OBJECT: how many S (stroke) operators its stream has
    mutool show -b "$1" "$2" 2>/dev/null | tr ' ' '\n' | grep -cx S
}
render() {
    pdf=$OUT/render.pdf
    ks build "$BOOK" -q -o "$pdf" 2>"$OUT/render.err" && ks build "$BOOK" --dump >"$OUT/render.dump"
    # two gratitude pages on the same side of the spread (the margins swap)
    # shellcheck disable=SC2046 # two page numbers
    set -- $(awk '$1 == "page" && $3 == "kind=gratitude" { n[$2 % 2]++; if (n[$2 % 2] <= 2) p[$2 % 2] = p[$2 % 2] " " $2 }
                  END { print p[1] }' "$OUT/render.dump")
    a=$(form_of "$pdf" "${1:-0}") b=$(form_of "$pdf" "${2:-0}")
    if [ -n "$a" ] && [ "$a" = "$b" ]; then
        ok "render: two weeks' gratitude pages paint one shared drawing"; else
        bad "render: two weeks' gratitude pages paint one shared drawing" \
            "pages ${1:-?} and ${2:-?} paint '$a' and '$b'; $(head -n 3 "$OUT/render.err")"; fi
    # the heading's rule, the writing lines, the leaders between the days
    n=$(strokes_in "$pdf" "${a:-0}")
    if [ -n "$a" ] && [ "$n" -le 3 ]; then
        ok "render: a gratitude page's rules and leaders are three strokes"; else
        bad "render: a gratitude page's rules and leaders are three strokes" "$n strokes in object $a"; fi
    if ! command -v strace >/dev/null 2>&1; then
        bad "render: fontconfig reads its configuration once (strace is missing: apt-get install -y strace)"
    elif [ -n "${VALGRIND:-}" ]; then
        ok "render: fontconfig reads its configuration once (not under valgrind)"
    # (LeakSanitizer cannot run under ptrace: make asan's binary skips it here)
    elif ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" strace -f -qq -e trace=openat \
            -o "$OUT/render.strace" "$K" build "$BOOK" -q -o "$OUT/render2.pdf" 2>/dev/null; then
        n=$(grep -c "\"$FONTCONFIG_FILE\"" "$OUT/render.strace")
        if [ "$n" = 1 ]; then ok "render: fontconfig reads its configuration once"; else
            bad "render: fontconfig reads its configuration once" "opened $FONTCONFIG_FILE $n times"; fi
    else
        bad "render: fontconfig reads its configuration once" "strace failed: $(tail -n 2 "$OUT/render.strace")"
    fi
}

# A plain PDF's book is laid out as a stream (layout.h: twice, a page at a
# time, texts let go and laid out again past COMPOSE_STREAM_MAX_TEXTS, which
# our-year's 1,700 texts pass); --pages lays it out whole. Every book on
# every layout, with the print options, and every exercise as a worksheet
# comes out the same bytes both ways.
streamed() {
    d=$OUT/streamed
    rm -rf "$d" && mkdir -p "$d"
    n=0 differ=""
    for b in our-year worksheets worksheet; do
        for l in a4 a5 a6 half-letter letter kindle-scribe remarkable-2 remarkable-paper-pro supernote-a5x; do
            set -- "$b" --layout "$l"
            ks build "$@" -q -o "$d/s.pdf" 2>"$d/err" && ks build "$@" --pages 1- -q -o "$d/w.pdf" 2>>"$d/err" &&
                cmp -s "$d/s.pdf" "$d/w.pdf" || differ="$differ $b/$l($(head -c 200 "$d/err"))"
            n=$((n + 1))
        done
    done
    for o in "--bleed 3mm" "--bleed 3mm --marks crop" "--grayscale" "--marks crop --grayscale"; do
        # shellcheck disable=SC2086 # the options are words
        ks build our-year $o -q -o "$d/s.pdf" 2>"$d/err" && ks build our-year $o --pages 1- -q -o "$d/w.pdf" 2>>"$d/err" &&
            cmp -s "$d/s.pdf" "$d/w.pdf" || differ="$differ our-year($o)"
        n=$((n + 1))
    done
    for e in $(ks list 2>/dev/null | awk '/^exercises:/ { on = 1; next } /^[a-z]+:$/ { on = 0 } on && NF { print $1 }'); do
        ks worksheet "$e" -q -o "$d/s.pdf" 2>"$d/err" && ks worksheet "$e" --pages 1- -q -o "$d/w.pdf" 2>>"$d/err" &&
            cmp -s "$d/s.pdf" "$d/w.pdf" || differ="$differ worksheet:$e"
        n=$((n + 1))
    done
    if [ "$n" -ge 70 ] && [ -z "$differ" ]; then
        ok "streamed: $n books, layouts, print options and worksheets come out the same streamed as laid out whole"; else
        bad "streamed: every book comes out the same streamed as laid out whole" "of $n, these differ:$differ"; fi
}

suite() {
    group errors
    group cases
    group e2e
    group examples
}

. tests/newcomer.sh # the newcomer group

# group NAME: runs the group NAME unless ONLY names others, with a heading
# that says where the run is and how long the group took.

group() {
    case " ${ONLY:-$1} " in *" $1 "*) ;; *) return 0 ;; esac
    g_start=$(date +%s)
    g_fail=$fail
    printf '== %s%s\n' "$1" "${LOCALE_NOTE:-}"
    "$1"
    printf '   %s: %s s, %s failed\n' "$1" $(($(date +%s) - g_start)) $((fail - g_fail))
}

# keepsake batch (tests/batch.sh)
. tests/batch.sh
# ---- two lanes at once ----------------------------------------------------
# The machine has two cores; most groups run keepsake one file at a time.
# So the groups run in two lanes, each this script again (TEST_LANE=1 or 2)
# with ONLY set to its share: lane 2 takes LANE2's groups, lane 1 all the
# others (a new group lands there by itself), in order. Lane 1 writes into
# tests/out and prints as it goes; lane 2 writes into tests/out/lane2 and
# its output follows lane 1's, whole, so lines never interleave. Each lane
# leaves its counts in a file; the last line is their sum. UPDATE=1 and
# VALGRIND=1 run in one lane, as before.
LANE2="e2e killed packaging schema fallback hostile printing"

lane_groups() { # lane_groups 1|2: this lane's groups among those asked for
    all=$(sed -n 's/^ *group \([a-z0-9_-]*\).*/\1/p' tests/run.sh | awk '!seen[$0]++')
    for g in ${ONLY:-$all}; do
        case " $LANE2 " in *" $g "*) in2=1 ;; *) in2= ;; esac
        if { [ "$1" = 2 ] && [ -n "$in2" ]; } || { [ "$1" = 1 ] && [ -z "$in2" ]; }; then
            printf '%s ' "$g"
        fi
    done
}

lanes() {
    g1=$(lane_groups 1)
    g2=$(lane_groups 2)
    [ -n "$g1" ] && [ -n "$g2" ] || return 0 # one lane's worth: here, as it goes
    mkdir -p "$OUT/lane2"
    [ -z "$g2" ] || TEST_LANE=2 TEST_OUT=$OUT/lane2 TEST_COUNTS=$OUT/lane2.counts ONLY=$g2 \
        sh tests/run.sh >"$OUT/lane2.log" 2>&1 </dev/null &
    lane2=$!
    [ -z "$g1" ] || TEST_LANE=1 TEST_OUT=$OUT TEST_COUNTS=$OUT/lane1.counts ONLY=$g1 sh tests/run.sh
    [ -z "$g2" ] || { wait $lane2; cat "$OUT/lane2.log"; }
    for n in 1 2; do
        eval "g=\$g$n"
        [ -n "$g" ] || continue
        if read -r p f <"$OUT/lane$n.counts" 2>/dev/null; then
            pass=$((pass + p))
            fail=$((fail + f))
        else
            bad "lane $n ($g) ended without its counts"
        fi
    done
    echo "$pass passed, $fail failed"
    [ "$fail" = 0 ]
    exit
}

# The end of a run: the counts, on the last line or (a lane) in a file.
finish() {
    if [ -n "${TEST_LANE:-}" ]; then
        echo "$pass $fail" >"$TEST_COUNTS"
    else
        echo "$pass passed, $fail failed"
    fi
    [ "$fail" = 0 ]
    exit
}

[ -n "${TEST_LANE:-}" ] || [ "${JOBS:-2}" -lt 2 ] || [ -n "${UPDATE:-}" ] || [ -n "${VALGRIND:-}" ] || lanes

group unit
group replays
LC_ALL=C
export LC_ALL
group geometry
group refimages # once: the pictures do not depend on the locale (the dumps show that)
group schema    # once: it compares the other locale's output itself
group booklets  # once: poppler reads the same sheets in any locale
group printing  # once: the same, and pixels
group packaging # once: build by id, completion, make install/uninstall
group killed    # once: it is about files, not text
group manpage   # once: it reads files
group previews  # once: pictures and files, not text
group tablets   # once: links and tabs
group batch     # once: files, shards, signals (tests/batch.sh)
group render    # once: it reads the PDF's objects
group streamed  # once: every book both ways
group newcomer  # once: files and folders outside the repository
LOCALE_NOTE=" (LC_ALL=C)"
suite
group hostile   # once: see hostile()
group bounded   # once: see bounded()
group fallback
fr=$(locale -a 2>/dev/null | grep -i '^fr_FR\.utf-\?8$' | head -n 1)
if [ -z "${UPDATE:-}" ]; then
    if [ -n "$fr" ]; then
        # Everything French but the messages (strerror's words), so the
        # expected messages still compare.
        unset LC_ALL
        LANG=$fr LC_MESSAGES=C
        export LANG LC_MESSAGES
        LOCALE_NOTE=" (LANG=$fr LC_MESSAGES=C)"
        suite
    else
        bad "locale: fr_FR.UTF-8 is missing, so the decimal-comma run could not happen (see tools/deps.sh)"
    fi
fi
finish
