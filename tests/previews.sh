# Test groups previews and tablets, sourced by tests/run.sh (which has ok,
# bad, check, ks, $K, $OUT and $UNIT_DIR).

png_size() { # png_size FILE: WxH from the PNG's header
    python3 -c 'import struct, sys
d = open(sys.argv[1], "rb").read(24)
assert d[:8] == b"\x89PNG\r\n\x1a\n" and d[12:16] == b"IHDR"
print("%dx%d" % struct.unpack(">II", d[16:24]))' "$1" 2>/dev/null
}

png_chunks() { # png_chunks FILE: the chunk types in order
    python3 -c 'import struct, sys
d = open(sys.argv[1], "rb").read()[8:]
i, out = 0, []
while i < len(d):
    n = struct.unpack(">I", d[i:i + 4])[0]
    out.append(d[i + 4:i + 8].decode())
    i += 12 + n
print(" ".join(out))' "$1" 2>/dev/null
}

usage_refused() { # usage_refused NAME WANT-IN-STDERR KEEPSAKE-ARGS...: exit 2, says it, writes nothing
    name=$1 want=$2
    shift 2
    rm -rf "$OUT/pv/refused"
    ks "$@" -o "$OUT/pv/refused" >"$OUT/pv/refused.out" 2>"$OUT/pv/refused.err"
    rc=$?
    if [ $rc = 2 ] && grep -qF -- "$want" "$OUT/pv/refused.err" && [ ! -e "$OUT/pv/refused" ]; then
        ok "previews: $name"
    else
        bad "previews: $name" "exit $rc, want 2 and '$want': $(cat "$OUT/pv/refused.err")"
    fi
}

previews() {
    d=$OUT/pv
    mkdir -p "$d"
    # PNG: one file a selected page, named after its place in the book, the
    # same bytes every run, the page's size at the resolution asked for.
    ks build "$BOOK" --format png --pages 1-3,9 -o "$d/a" 2>"$d/a.err"
    ks build "$BOOK" --format png --pages 1-3,9 -o "$d/b" 2>/dev/null
    files=$(cd "$d/a" 2>/dev/null && ls | tr '\n' ' ')
    if [ "$files" = "page-001.png page-002.png page-003.png page-009.png " ]; then
        ok "previews: --pages 1-3,9 writes page-001..003 and page-009"; else
        bad "previews: --pages 1-3,9 writes page-001..003 and page-009" "$files $(cat "$d/a.err")"; fi
    if diff -r "$d/a" "$d/b" >/dev/null 2>&1 && [ -n "$files" ]; then
        ok "previews: PNG pages are the same bytes every run"; else
        bad "previews: PNG pages are the same bytes every run"; fi
    chunks=$(png_chunks "$d/a/page-009.png")
    case " $chunks " in
        *" tIME "* | *" tEXt "* | *" iTXt "* | *" zTXt "* | " ") bad "previews: a PNG holds no time or text" "$chunks" ;;
        *) ok "previews: a PNG holds no time or text" ;; esac
    # A5 is 419.53 x 595.28 pt: at 96 dpi 560 x 794 pixels, at 50 dpi 292 x 414.
    check "previews: an A5 page at 96 dpi is 560x794" test "$(png_size "$d/a/page-001.png")" = 560x794
    ks build "$BOOK" --format png --dpi 50 --pages 2 -o "$d/dpi" 2>/dev/null
    check "previews: --dpi 50 makes it 292x414" test "$(png_size "$d/dpi/page-002.png")" = 292x414
    if grep -qx "wrote $d/a/: 4 PNG pages (of 269), 96 dpi, [0-9]* KB" "$d/a.err"; then
        ok "previews: the summary says what was written"; else
        bad "previews: the summary says what was written" "$(cat "$d/a.err")"; fi
    # The page as drawn is the page of the PDF: the same text at the same place.
    ks build "$BOOK" -o "$d/full.pdf" 2>/dev/null
    # A PDF of a selection: its pages, their labels, sound, links only to
    # pages it holds.
    ks build "$BOOK" --pages 1-5,9 -o "$d/sel.pdf" 2>/dev/null
    if [ "$(pdf_pages "$d/sel.pdf")" = 6 ] &&
        [ "$(pdftotext -f 6 -l 6 "$d/sel.pdf" - 2>/dev/null)" = "$(pdftotext -f 9 -l 9 "$d/full.pdf" - 2>/dev/null)" ] &&
        qpdf --check "$d/sel.pdf" >/dev/null 2>&1; then
        ok "previews: a PDF of --pages 1-5,9 has those 6 pages, sound"; else
        bad "previews: a PDF of --pages 1-5,9 has those 6 pages, sound"; fi
    if pdfinfo "$d/sel.pdf" 2>/dev/null | grep -q '^Page size: *419.53 x 595.28'; then
        ok "previews: a selection keeps the page size"; else bad "previews: a selection keeps the page size"; fi
    # (mutool leaves out a link to a destination the PDF lacks, with a
    # warning: a link left pointing at a page not selected.)
    mutool run tests/links.js "$d/sel.pdf" >"$d/sel-links.txt" 2>"$d/sel-links.err"
    if [ -s "$d/sel-links.txt" ] && ! grep -q . "$d/sel-links.err" &&
        awk '$2 < 1 || $2 > 6 { bad = 1 } END { exit bad }' "$d/sel-links.txt"; then
        ok "previews: the selection's links lead to its own pages"; else
        bad "previews: the selection's links lead to its own pages" "$(head -n 5 "$d/sel-links.txt")"; fi
    # SVG: one well-formed file a page, its size in points, the same bytes every run.
    ks build "$BOOK" --format svg --pages 4-6 -o "$d/svg" 2>/dev/null
    ks build "$BOOK" --format svg --pages 4-6 -o "$d/svg2" 2>/dev/null
    n_svg=$(ls "$d/svg" 2>/dev/null | grep -c '^page-00[456]\.svg$')
    if [ "$n_svg" = 3 ] && python3 -c 'import sys, xml.dom.minidom as m
for f in sys.argv[1:]:
    s = m.parse(f).documentElement
    assert s.tagName == "svg" and s.getAttribute("width") == "419.53pt", f
    assert s.getAttribute("height") == "595.28pt", f' "$d"/svg/*.svg 2>"$d/svg.err"; then
        ok "previews: SVG is one well-formed A5 file a page"; else
        bad "previews: SVG is one well-formed A5 file a page" "$n_svg files; $(cat "$d/svg.err")"; fi
    check "previews: SVG pages are the same bytes every run" diff -r "$d/svg" "$d/svg2"
    if [ "$n_svg" = 3 ] && ! grep -qiE '<metadata|<title|date|[0-9]{4}-[0-9]{2}-[0-9]{2}T' "$d"/svg/*.svg; then
        ok "previews: an SVG holds no metadata or date"; else bad "previews: an SVG holds no metadata or date"; fi
    # Contact sheets: the book is double-sided, so they show spreads: a
    # blank slot left of the cover, then 269 pages, 30 slots a sheet: 9
    # sheets, each 3 spreads of two 140x199 px thumbnails (24 dpi) across
    # with 16 px between spreads (904 px), and 5 rows with 18 px for the
    # number (1181 px). A selection of 8 is not in spreads: 6 across with
    # 16 px gaps, two rows, 952x482.
    ks build "$BOOK" --format contact -o "$d/contact" 2>/dev/null
    n_sheets=$(ls "$d/contact" 2>/dev/null | grep -c '^sheet-[1-9]\.png$')
    sizes=$(for f in "$d"/contact/*.png; do png_size "$f"; done | sort -u | tr '\n' ' ')
    if [ "$n_sheets" = 9 ] && [ "$sizes" = "904x1181 " ]; then
        ok "previews: the contact sheets of 269 pages in spreads are 9 sheets of 904x1181"; else
        bad "previews: the contact sheets of 269 pages in spreads are 9 sheets of 904x1181" "$n_sheets sheets, sizes $sizes"; fi
    ks build "$BOOK" --format contact -o "$d/contact2" 2>/dev/null
    check "previews: contact sheets are the same bytes every run" diff -r "$d/contact" "$d/contact2"
    ks build "$BOOK" --format contact --pages 1-8 -o "$d/contact8" 2>/dev/null
    check "previews: 8 pages make one sheet of two rows, 952x482" \
        test "$(ls "$d/contact8" 2>/dev/null)" = sheet-1.png -a "$(png_size "$d/contact8/sheet-1.png")" = 952x482
    # A worksheet previews the same way.
    ks worksheet reflection-emotions --format png -o "$d/ws" 2>/dev/null
    check "previews: a worksheet as PNG" test -s "$d/ws/page-001.png"
    # Bad options are usage errors that say what is wrong, and write nothing.
    usage_refused "--pages 0" "'0' is not a page number" build "$BOOK" --pages 0
    usage_refused "--pages 5-1" "'5-1' runs backwards; write 1-5" build "$BOOK" --pages 5-1
    usage_refused "--pages 1,,2" "a range is empty" build "$BOOK" --pages 1,,2
    usage_refused "--pages 3x" "'3x' is not a page number or a range" build "$BOOK" --pages 3x
    usage_refused "--pages past the end" "page 300 is past the end: the book has 269 pages" \
        build "$BOOK" --format png --pages 1,300
    usage_refused "--dpi 5" "--dpi is a whole number from 10 to 600, not '5'" \
        build "$BOOK" --format png --dpi 5
    usage_refused "--dpi 96dpi" "not '96dpi'" build "$BOOK" --format contact --dpi 96dpi
    usage_refused "--dpi for a PDF" "--dpi is for --format png and --format contact" \
        build "$BOOK" --dpi 96
    usage_refused "--format jpg" "--format is pdf, png, svg or contact" build "$BOOK" --format jpg
    usage_refused "--format png --impose booklet" "leave out --format and --pages" \
        build "$BOOK" --format png --impose booklet
    # Nothing of the user's is lost: a folder holding other files, or a
    # file, is refused and left alone; a folder of an earlier preview is
    # replaced whole (no page of it left over), with no temporary folder
    # left behind.
    mkdir -p "$d/mine"
    echo keep >"$d/mine/notes.txt"
    ks build "$BOOK" --format png --pages 1 -o "$d/mine" 2>"$d/mine.err"
    rc=$?
    if [ $rc = 3 ] && [ "$(cat "$d/mine/notes.txt")" = keep ] && [ ! -e "$d/mine/page-001.png" ] &&
        grep -q "holds 'notes.txt', which keepsake did not write" "$d/mine.err"; then
        ok "previews: a folder of other files is refused and left alone"; else
        bad "previews: a folder of other files is refused and left alone" "exit $rc: $(cat "$d/mine.err")"; fi
    echo keep >"$d/file"
    ks build "$BOOK" --format svg --pages 1 -o "$d/file" 2>/dev/null
    rc=$?
    check "previews: a file in the way is refused and left alone" test $rc = 3 -a "$(cat "$d/file")" = keep
    mkdir -p "$d/real" && ln -s real "$d/link"
    ks build "$BOOK" --format png --pages 1 -o "$d/link/" 2>/dev/null
    rc=$?
    check "previews: a symbolic link (even as link/) is refused" test $rc = 3 -a -L "$d/link" -a ! -e "$d/real/page-001.png"
    ks build "$BOOK" --format png --pages 7 -o "$d/a" 2>/dev/null
    files=$(cd "$d/a" && ls -A | tr '\n' ' ')
    temps=$(ls -A "$d" | grep -c 'keepsake-')
    if [ "$files" = "page-007.png " ] && [ "$temps" = 0 ]; then
        ok "previews: a preview replaces an earlier one whole, nothing left over"; else
        bad "previews: a preview replaces an earlier one whole, nothing left over" "$files; $temps temporary"; fi
    ks build "$BOOK" --format png --pages 1 -o "$d/page.pdf" 2>"$d/pdfname.err"
    rc=$?
    if [ $rc = 2 ] && [ ! -e "$d/page.pdf" ] && grep -q "names a PDF, but --format png writes a folder" "$d/pdfname.err"; then
        ok "previews: -o NAME.pdf with --format png is a usage error"; else
        bad "previews: -o NAME.pdf with --format png is a usage error" "exit $rc: $(cat "$d/pdfname.err")"; fi
    ks build "$BOOK" --format png --pages 1 -o - >"$d/stdout.png" 2>"$d/stdout.err"
    rc=$?
    check "previews: -o - is refused for pictures" test $rc = 3 -a ! -s "$d/stdout.png"
    # SIGINT while pictures are written (the whole book at 150 dpi takes
    # seconds): the temporary folder goes, the earlier preview stays.
    mkdir -p "$d/int" && ks build "$BOOK" --format png --pages 1 -o "$d/int/out" 2>/dev/null
    "$K" build "$BOOK" --format png --dpi 150 -o "$d/int/out" 2>/dev/null &
    pid=$!
    i=0
    while [ $i -lt 100 ] && ! ls -A "$d/int" | grep -q 'keepsake-'; do sleep 0.05; i=$((i + 1)); done
    while [ $i -lt 100 ] && [ -z "$(ls -A "$d"/int/.out.keepsake-* 2>/dev/null)" ]; do sleep 0.05; i=$((i + 1)); done
    kill -s INT $pid 2>/dev/null
    wait $pid
    rc=$?
    left=$(ls -A "$d/int" | tr '\n' ' ')
    if [ $rc -gt 128 ] && [ "$left" = "out " ] && [ "$(ls "$d/int/out")" = page-001.png ]; then
        ok "previews: SIGINT removes the temporary folder and keeps the earlier preview"; else
        bad "previews: SIGINT removes the temporary folder and keeps the earlier preview" "exit $rc; left: $left; out: $(ls "$d/int/out" | head -n 3)"; fi
    # A folder left by a killed run (its lock gone) is removed by the next.
    mkdir "$d/.a.keepsake-Ab12Cd" && : >"$d/.a.keepsake-Ab12Cd/page-001.png"
    ks build "$BOOK" --format png --pages 1 -o "$d/a" 2>/dev/null
    check "previews: a killed run's temporary folder is removed" test ! -e "$d/.a.keepsake-Ab12Cd"
}

# ---- tablets ---------------------------------------------------------------

TABLETS="remarkable-2:1404x1872:226 remarkable-paper-pro:1620x2160:229 kindle-scribe:1860x2480:300 supernote-a5x:1404x1872:226"

tablets() {
    d=$OUT/tablets
    mkdir -p "$d"
    for t in $TABLETS; do
        id=${t%%:*} px=${t#*:} px=${px%:*} dpi=${t##*:}
        if ! ks build "$BOOK" -l "$id" -o "$d/$id.pdf" 2>"$d/$id.err" ||
            ! ks build "$BOOK" -l "$id" --dump >"$d/$id.dump" 2>>"$d/$id.err"; then
            bad "tablets/$id: build" "$(cat "$d/$id.err")"
            continue
        fi
        # The page is the screen: at the device's resolution, its pixels exactly.
        ks build "$BOOK" -l "$id" --format png --dpi "$dpi" --pages 1 -o "$d/$id-png" 2>/dev/null
        check "tablets/$id: a page at $dpi dpi is the screen's $px pixels" \
            test "$(png_size "$d/$id-png/page-001.png")" = "$px"
        # Every link leads to a page of the book.
        mutool run tests/links.js "$d/$id.pdf" >"$d/$id-links.txt" 2>"$d/$id-links.err"
        n=$(pdf_pages "$d/$id.pdf")
        if [ -s "$d/$id-links.txt" ] && ! grep -q . "$d/$id-links.err" &&
            awk -v n="$n" '$2 < 1 || $2 > n { bad = 1 } END { exit bad }' "$d/$id-links.txt"; then
            ok "tablets/$id: every link leads to a page of the book"; else
            bad "tablets/$id: every link leads to a page of the book"; fi
        # Every page has the same tabs (13: the contents, then 12 months),
        # one of them back to the contents; the PDF has them too.
        contents=$(awk '/^page / && /kind=contents/ { print $2; exit }' "$d/$id.dump")
        awk -v c="$contents" -v n="$n" '
            /^page / { if (p) check(); p = $2; tabs = 0; back = 0 }
            /^  link / && / role=nav / { tabs++; if ($0 ~ (" page=" c "$")) back++ }
            function check() { if (tabs != 13 || back != 1) { print "page " p ": " tabs " tabs, " back " to the contents"; bad = 1 } }
            END { check(); if (p != n) { print p " pages in the dump, " n " in the PDF"; bad = 1 }; exit bad }' \
            "$d/$id.dump" >"$d/$id-tabs.txt"
        if [ $? = 0 ] && [ -n "$contents" ]; then ok "tablets/$id: every page has its 13 tabs and a way back to the contents"; else
            bad "tablets/$id: every page has its 13 tabs and a way back to the contents" "$(head -n 5 "$d/$id-tabs.txt")"; fi
        if awk -v c="$contents" '{ from[$1]++; if ($2 == c) back[$1]++ } END { for (p in from) if (!back[p]) bad = 1; exit bad }' \
            "$d/$id-links.txt" && [ "$(cut -d' ' -f1 "$d/$id-links.txt" | sort -u | wc -l)" = "$n" ]; then
            ok "tablets/$id: in the PDF, every page links back to the contents"; else
            bad "tablets/$id: in the PDF, every page links back to the contents"; fi
        # No tab lies within the toolbar's reach (13 mm = 36.85 pt from the
        # left edge): every tab is in the right margin.
        awk '/^document / { split($3, s, /[=x]/); w = s[2] }
            / role=nav/ { for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
                if (v["x"] < 36.85 || v["x"] < w / 2 || v["x"] + v["w"] > w) { print; bad = 1 } }
            END { exit bad }' "$d/$id.dump" >"$d/$id-toolbar.txt"
        if [ $? = 0 ]; then ok "tablets/$id: no tab under the toolbar"; else
            bad "tablets/$id: no tab under the toolbar" "$(head -n 3 "$d/$id-toolbar.txt")"; fi
        # The contents links every week: each week's first page (the
        # outline's "Week N") is the target of a link on a contents page.
        awk '/^outline *"Week [0-9]*"/ { sub(/.*page=/, ""); want[$0] = 1 }
            /^page / { on = / kind=contents / }
            on && /^  link / && !/ role=nav/ { sub(/.*page=/, ""); have[$0] = 1 }
            END { for (p in want) { n++; if (!have[p]) { print "no link to week page " p; bad = 1 } }
                  if (n < 52) { print n " weeks"; bad = 1 }; exit bad }' "$d/$id.dump" >"$d/$id-weeks.txt"
        if [ $? = 0 ]; then ok "tablets/$id: the contents links all 52 weeks"; else
            bad "tablets/$id: the contents links all 52 weeks" "$(head -n 3 "$d/$id-weeks.txt")"; fi
    done
    # A book without weeks or contents gets a tab for each section (the
    # gift booklet's 7) on every page; a worksheet of one part gets none.
    ks build content/books/gift-booklet.yaml -l remarkable-2 --dump >"$d/gift.dump" 2>"$d/gift.err"
    if awk '/^page / { if (p && n != 7) bad = 1; p = $2; n = 0 } /^  link / && / role=nav / { n++ }
            END { exit bad || n != 7 || !p }' "$d/gift.dump"; then
        ok "tablets: the gift booklet has its 7 section tabs on every page"; else
        bad "tablets: the gift booklet has its 7 section tabs on every page" "$(cat "$d/gift.err")"; fi
    ks worksheet reflection-emotions -l remarkable-2 --dump >"$d/ws.dump" 2>/dev/null
    if [ -s "$d/ws.dump" ] && ! grep -q ' role=nav' "$d/ws.dump"; then
        ok "tablets: a worksheet of one part has no tabs"; else bad "tablets: a worksheet of one part has no tabs"; fi
    # A toolbar on the right moves the tabs to the left edge, off it.
    printf 'type: layout\nid: right-bar\nextends: supernote-a5x\npage:\n  margins: {inner: 16mm, outer: 17mm}\ntablet:\n  toolbar: right\n' >"$d/right-bar.yaml"
    if ks build "$BOOK" -l "$d/right-bar.yaml" --dump >"$d/right-bar.dump" 2>"$d/right-bar.err" &&
        awk '/^document / { split($3, s, /[=x]/); w = s[2] }
            / role=nav/ { n++; for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
                if (v["x"] + v["w"] > w / 2 || v["x"] + v["w"] > w - 36.85) bad = 1 }
            END { exit bad || !n }' "$d/right-bar.dump"; then
        ok "tablets: a toolbar on the right puts the tabs on the left"; else
        bad "tablets: a toolbar on the right puts the tabs on the left" "$(cat "$d/right-bar.err")"; fi
    # A margin narrower than the toolbar, or a double-sided tablet, is an
    # error at the 'tablet' key.
    printf 'type: layout\nid: narrow\nextends: remarkable-2\npage:\n  margins: {inner: 8mm}\n' >"$d/narrow.yaml"
    ks check "$d/narrow.yaml" >/dev/null 2>"$d/narrow.err"
    rc=$?
    if [ $rc = 1 ] && grep -q "remarkable-2.yaml:[0-9]*:[0-9]*: error: the inner margin (8.0 mm) is narrower than the toolbar (13.0 mm)" "$d/narrow.err"; then
        ok "tablets: a margin narrower than the toolbar is an error"; else
        bad "tablets: a margin narrower than the toolbar is an error" "exit $rc: $(cat "$d/narrow.err")"; fi
    printf 'type: layout\nid: duplex\nextends: kindle-scribe\npage:\n  duplex: true\n' >"$d/duplex.yaml"
    ks check "$d/duplex.yaml" >/dev/null 2>"$d/duplex.err"
    rc=$?
    if [ $rc = 1 ] && grep -q "error: a tablet's pages are one-sided" "$d/duplex.err"; then
        ok "tablets: a double-sided tablet layout is an error"; else
        bad "tablets: a double-sided tablet layout is an error" "exit $rc: $(cat "$d/duplex.err")"; fi
    # A reference picture of a tablet page: week 1's check-in on the
    # reMarkable 2, tabs and all (rendered as the refimages group does).
    ref=tests/ref/tablet/remarkable-2-week.png
    page=$(awk '/^page / && /kind=check-in/ { print $2; exit }' "$d/remarkable-2.dump")
    if ! pdftoppm -r "$REF_DPI" -png -singlefile -f "$page" -l "$page" "$d/remarkable-2.pdf" "$d/week" 2>/dev/null; then
        bad "tablets: render the reference page"
    elif [ -n "${UPDATE:-}" ]; then
        mkdir -p tests/ref/tablet && cp "$d/week.png" "$ref"
    elif [ ! -f "$ref" ]; then
        bad "tablets: no reference $ref (run make test-update, then look at it)"
    elif "$UNIT_DIR/pngdiff" "$ref" "$d/week.png" "$d/week-diff.png" >"$d/week.log" 2>&1; then
        ok "tablets: the reMarkable 2 week page looks as it did"
    else
        bad "tablets: the reMarkable 2 week page looks as it did" "$(cat "$d/week.log")
old: $ref  new: $d/week.png  diff: $d/week-diff.png"
    fi
}
