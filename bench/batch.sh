#!/bin/sh
# bench/batch.sh: keepsake batch against separate runs (make bench calls it;
# it runs alone too: sh bench/batch.sh). Prints, each a median of RUNS runs
# after a warm-up (hyperfine):
#   1. 200 worksheets by `keepsake batch --jobs 1` against 200 separate
#      `keepsake worksheet` runs: the throughput ratio (target >= 10x);
#   2. `--jobs 2` against `--jobs 1` on the same 200 (target >= 1.8x;
#      needs 2 free processors);
#   3. a worker's peak RSS (VmHWM, read from /proc) at its 100th and its
#      1,000th recipient (target: within 2 MiB);
#   4. Cairo's own cost of the worksheet's PDF (bench/floor-sheet: its
#      texts and lines by direct Pango + Cairo calls, 1 and 200 PDFs in one
#      process), keepsake batch's time a PDF against it, and the bound it
#      sets on the ratio of 1.: a separate run's time (start-up + a PDF)
#      over the floor's time a PDF.
# The figures are printed, never asserted. Environment: KEEPSAKE (default
# ./keepsake), FLOOR_SHEET (default bench/floor-sheet, made if missing),
# RUNS (default 5), BENCH_OUT (default out/bench/batch).
set -eu
cd "$(dirname "$0")/.."
K=${KEEPSAKE:-./keepsake}
RUNS=${RUNS:-5}
OUT=${BENCH_OUT:-out/bench/batch}
case $K in /*) ;; *) K=$PWD/$K ;; esac
[ -x "$K" ] || { echo "bench/batch.sh: no $K; run make first" >&2; exit 1; }
if ! command -v hyperfine >/dev/null 2>&1; then
    echo "bench/batch.sh: skipped: needs hyperfine (apt-get install -y hyperfine)" >&2
    exit 0
fi
rm -rf "$OUT"
mkdir -p "$OUT"
FONTCONFIG_FILE=$PWD/tests/fonts.conf # the repository's fonts only, as the tests
XDG_CACHE_HOME=$PWD/$OUT/cache
SOURCE_DATE_EPOCH=1767225600
export FONTCONFIG_FILE XDG_CACHE_HOME SOURCE_DATE_EPOCH
EX=reflection-emotions

awk 'BEGIN { print "client,date"; for (i = 1; i <= 200; i++)
    printf "Client %d,%d March 2027\n", i, i % 28 + 1 }' >"$OUT/200.csv"
awk 'BEGIN { print "client"; for (i = 1; i <= 1100; i++) printf "Client %d\n", i }' \
    >"$OUT/1100.csv"
# The separate runs, as a shell loop over the same 200 rows.
cat >"$OUT/separate.sh" <<EOF
#!/bin/sh
tail -n +2 "$OUT/200.csv" | while IFS=, read -r c d; do
    "$K" worksheet $EX --set client="\$c" --set date="\$d" -o "$OUT/sep/w.pdf" -q || exit 1
done
EOF
mkdir -p "$OUT/sep"

median() { # median JSON INDEX: hyperfine's median of command INDEX, in seconds
    python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]["median"])' "$1" "$2"
}

echo "== keepsake batch: 200 worksheets ($EX), median of $RUNS runs"
hyperfine -N --warmup 1 --runs "$RUNS" --export-json "$OUT/runs.json" \
    -n "200 x keepsake worksheet" "sh $OUT/separate.sh" \
    -n "batch --jobs 1" "$K batch --worksheet $EX --recipients $OUT/200.csv -o $OUT/j1 --jobs 1 --force -q" \
    -n "batch --jobs 2" "$K batch --worksheet $EX --recipients $OUT/200.csv -o $OUT/j2 --jobs 2 --force -q" \
    >"$OUT/hyperfine.log" 2>&1 || { cat "$OUT/hyperfine.log" >&2; exit 1; }
cpu() { # cpu JSON INDEX: hyperfine's mean user + system time of command INDEX
    python3 -c 'import json, sys; r = json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]; print(r["user"] + r["system"])' "$1" "$2"
}
sep=$(median "$OUT/runs.json" 0)
j1=$(median "$OUT/runs.json" 1)
j2=$(median "$OUT/runs.json" 2)
awk -v s="$sep" -v a="$j1" -v b="$j2" -v n="$(getconf _NPROCESSORS_ONLN)" \
    -v cs="$(cpu "$OUT/runs.json" 0)" -v ca="$(cpu "$OUT/runs.json" 1)" \
    -v load="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN {
    printf "  200 separate runs:  %7.3f s  (%6.1f PDFs/s)\n", s, 200 / s
    printf "  batch --jobs 1:     %7.3f s  (%6.1f PDFs/s)  %5.1fx separate runs (target >= 10x)\n", a, 200 / a, s / a
    printf "  batch --jobs 2:     %7.3f s  (%6.1f PDFs/s)  %5.2fx --jobs 1 (target >= 1.8x; %d processors)\n", b, 200 / b, a / b, n
    printf "  CPU time (user + system, mean): separate %.3f s, batch --jobs 1 %.3f s: %.1fx\n", cs, ca, cs / ca
    printf "  (load average when measured: %s; other work on the machine slows both)\n", load
}'

# A worker's peak RSS when it has made 100 and 1,000 recipients: the files
# in DIR count what it made; VmHWM is read from /proc at that moment.
echo "== a worker's peak RSS, one worker, median of $RUNS runs"
: >"$OUT/rss"
r=0
while [ $r -lt "$RUNS" ]; do
    r=$((r + 1))
    rm -rf "$OUT/rss-dir"
    "$K" batch --worksheet $EX --recipients "$OUT/1100.csv" -o "$OUT/rss-dir" --jobs 1 -q &
    parent=$!
    at100= at1000= worker=
    while kill -0 $parent 2>/dev/null; do
        [ -n "$worker" ] || worker=$(ps -o pid= --ppid $parent 2>/dev/null | head -n 1 | tr -d ' ')
        n=$(ls "$OUT/rss-dir" 2>/dev/null | grep -c '\.pdf$' || true)
        if [ -n "$worker" ] && [ -r /proc/$worker/status ]; then
            hwm=$(awk '/^VmHWM:/ { print $2 }' /proc/$worker/status 2>/dev/null || true)
            [ -n "$at100" ] || [ "$n" -lt 100 ] || at100=$hwm
            [ -n "$at1000" ] || [ "$n" -lt 1000 ] || at1000=$hwm
        fi
        sleep 0.02
    done
    wait $parent || true
    [ -n "$at100" ] && [ -n "$at1000" ] && echo "$at100 $at1000" >>"$OUT/rss"
done
if [ -s "$OUT/rss" ]; then
    sort -n -k2 "$OUT/rss" | awk '{ a[NR] = $1; b[NR] = $2 } END {
        m = int((NR + 1) / 2)
        printf "  at the 100th recipient:   %6.1f MiB\n", a[m] / 1024
        printf "  at the 1,000th recipient: %6.1f MiB  (+%.2f MiB; target: within 2 MiB)\n",
            b[m] / 1024, (b[m] - a[m]) / 1024 }'
else
    echo "  skipped: could not read the worker's /proc/PID/status"
fi

# Cairo's own cost of a PDF: bench/floor-sheet draws the worksheet as
# keepsake placed it (its --dump, the client left as @N@), 1 and 200 PDFs.
FS=${FLOOR_SHEET:-bench/floor-sheet}
[ -x "$FS" ] || [ -n "${FLOOR_SHEET:-}" ] || make -s bench/floor-sheet >/dev/null 2>&1 || true
echo "== Cairo's own cost of a worksheet PDF (bench/floor-sheet), median of $RUNS runs"
if [ ! -x "$FS" ]; then
    echo "  skipped: no $FS (make bench/floor-sheet)"
    exit 0
fi
"$K" worksheet $EX --set client=@N@ --set date="1 March 2027" --dump >"$OUT/sheet.dump"
mkdir -p "$OUT/floor"
hyperfine -N --warmup 1 --runs "$RUNS" --export-json "$OUT/floor.json" \
    -n "floor-sheet 1" "$FS $OUT/sheet.dump fonts $OUT/floor 1" \
    -n "floor-sheet 200" "$FS $OUT/sheet.dump fonts $OUT/floor 200" \
    >"$OUT/floor.log" 2>&1 || { cat "$OUT/floor.log" >&2; exit 1; }
awk -v s="$sep" -v a="$j1" -v f1="$(median "$OUT/floor.json" 0)" \
    -v f200="$(median "$OUT/floor.json" 1)" \
    -v load="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN {
    pdf = (f200 - f1) / 199; run = s / 200; batch = a / 200
    printf "  floor: 1 PDF %.3f s, 200 PDFs %.3f s: %.2f ms a PDF\n", f1, f200, pdf * 1000
    printf "  keepsake batch --jobs 1: %.2f ms a PDF, %.2fx the floor\n", batch * 1000, batch / pdf
    printf "  a separate run: %.2f ms = start-up %.2f ms + the floor'"'"'s PDF %.2f ms\n", run * 1000, (run - pdf) * 1000, pdf * 1000
    printf "  bound on batch against separate runs: (start-up + PDF) / PDF = %.1fx; batch --jobs 1 has %.1fx, %.0f %% of it\n", run / pdf, s / a, 100 * (s / a) / (run / pdf)
    printf "  (load average when measured: %s)\n", load
}'
