# The newcomer's path, sourced by tests/run.sh (group newcomer): what a
# new user does outside the repository. keepsake new makes a starter
# folder in a temporary folder; it builds there and from another folder
# with the repository standing in as the installed data
# (KEEPSAKE_DATADIR); a user's exercise hides a shipped one; the search
# path's order is shown by one exercise id in each of its three levels; a
# worksheet of the user's own exercise file given by path; and build
# --watch rebuilds, keeps the last good PDF, and stops on SIGINT.
# Every wait is bounded (10 s), and a keepsake left running is killed.

# wait_for SECONDS COMMAND...: until COMMAND succeeds; false after SECONDS.
wait_for() {
    wf_end=$(($(date +%s) + $1))
    shift
    while ! "$@" 2>/dev/null; do
        [ "$(date +%s)" -lt "$wf_end" ] || return 1
        sleep 0.1
    done
}

# probe_title DIR ARGS...: the 'Probe LEVEL' title that build ARGS --dump, run in DIR, shows
probe_title() {
    (cd "$1" && shift && $VG "$kabs" build "$@" --dump 2>&1) | grep -o 'Probe [a-z-]*' | head -n 1
}

newcomer() {
    repo=$PWD
    kabs=$(cd "$(dirname "$K")" && pwd)/$(basename "$K")
    nc=$(mktemp -d)
    mkdir -p "$nc/elsewhere"
    installed=$repo # the repository's data, as if installed

    # keepsake new: a starter folder that builds at once, here and from elsewhere
    (cd "$nc" && $VG "$kabs" new my-book) >"$nc/new.out" 2>"$nc/new.err"
    rc=$?
    if [ $rc = 0 ] && [ ! -s "$nc/new.out" ] &&
        [ "$(cat "$nc/new.err")" = "made my-book: build it with 'keepsake build my-book/book.yaml', then read my-book/README.md" ] &&
        [ "$(cd "$nc/my-book" && find . -type f | sort | tr '\n' ' ')" = "./README.md ./book.yaml ./content/our-questions.yaml ./layouts/my-a5.yaml " ]; then
        ok "newcomer: keepsake new makes a book, a layout, an exercise and a README"; else
        bad "newcomer: keepsake new makes a book, a layout, an exercise and a README" \
            "exit $rc: $(cat "$nc/new.err"; ls -R "$nc")"; fi
    (cd "$nc/my-book" && KEEPSAKE_DATADIR=$installed $VG "$kabs" build book.yaml) >/dev/null 2>"$nc/b1.err"
    rc=$?
    if [ $rc = 0 ] && [ -f "$nc/my-book/book.pdf" ] && grep -q '^wrote book.pdf: 12 pages, A5, ' "$nc/b1.err"; then
        ok "newcomer: the starter folder builds where it is, without --data"; else
        bad "newcomer: the starter folder builds where it is, without --data" "exit $rc: $(cat "$nc/b1.err")"; fi
    pdf_text_has "newcomer: the starter's own exercise is in its PDF" "$nc/my-book/book.pdf" "Questions for the two of us"
    pdf_text_has "newcomer: the shipped check-in is in its PDF" "$nc/my-book/book.pdf" "How have you really been feeling"
    (cd "$nc/elsewhere" && KEEPSAKE_DATADIR=$installed $VG "$kabs" build ../my-book/book.yaml -q -o from-elsewhere.pdf) 2>"$nc/b2.err"
    if cmp -s "$nc/my-book/book.pdf" "$nc/elsewhere/from-elsewhere.pdf"; then
        ok "newcomer: built from another folder, the same bytes"; else
        bad "newcomer: built from another folder, the same bytes" "$(cat "$nc/b2.err")"; fi
    (cd "$nc/elsewhere" && KEEPSAKE_DATADIR= $VG "$kabs" build ../my-book/book.yaml -q -o none.pdf --data "$repo/tests") 2>"$nc/b3.err"
    rc=$?
    if [ $rc = 1 ] && [ ! -e "$nc/elsewhere/none.pdf" ] &&
        [ "$(head -n 1 "$nc/b3.err")" = "$repo/tests: error: not a data folder: it holds no content/ or layouts/" ]; then
        ok "newcomer: --data of a folder that is not one is an error"; else
        bad "newcomer: --data of a folder that is not one is an error" "exit $rc: $(cat "$nc/b3.err")"; fi

    # keepsake new refuses a folder with files in it, and changes nothing there
    sums() { (cd "$nc/my-book" && find . -type f | sort | xargs cksum); }
    before=$(sums)
    (cd "$nc" && $VG "$kabs" new my-book) >/dev/null 2>"$nc/again.err"
    rc=$?
    if [ $rc = 1 ] && [ "$(sums)" = "$before" ] &&
        [ "$(cat "$nc/again.err")" = "my-book: error: the folder is not empty; keepsake new makes a new folder and changes nothing in one that has files" ] &&
        [ -z "$(ls -A "$nc" | grep keepsake-new)" ]; then
        ok "newcomer: keepsake new refuses a folder with files in it"; else
        bad "newcomer: keepsake new refuses a folder with files in it" "exit $rc: $(cat "$nc/again.err")"; fi
    mkdir "$nc/empty"
    : >"$nc/a-file"
    (cd "$nc" && $VG "$kabs" new -q empty/ && $VG "$kabs" new -q a-file 2>"$nc/file.err"; echo $? >"$nc/file.rc")
    if [ -f "$nc/empty/book.yaml" ] && [ "$(cat "$nc/file.rc")" = 1 ] && [ ! -s "$nc/a-file" ] &&
        grep -q '^a-file: error: a file of that name exists' "$nc/file.err"; then
        ok "newcomer: keepsake new fills an empty folder, refuses a file"; else
        bad "newcomer: keepsake new fills an empty folder, refuses a file" "$(cat "$nc/file.err")"; fi

    # A book alone, with shipped exercises only, builds from the installed data;
    # with none, one error says where keepsake looked.
    sed -n '/^type: book/,$p' content/books/gift-booklet.yaml | sed 's/^id: gift-booklet$//' >"$nc/elsewhere/gift.yaml"
    (cd "$nc/elsewhere" && KEEPSAKE_DATADIR=$installed $VG "$kabs" build gift.yaml -q) 2>"$nc/alone.err"
    rc=$?
    if [ $rc = 0 ] && [ "$(pdf_pages "$nc/elsewhere/gift.pdf")" = 40 ]; then
        ok "newcomer: a book alone, of shipped exercises, builds from the installed data"; else
        bad "newcomer: a book alone, of shipped exercises, builds from the installed data" "exit $rc: $(cat "$nc/alone.err")"; fi
    (cd "$nc/elsewhere" && KEEPSAKE_DATADIR=$nc/none $VG "$kabs" build gift.yaml -q -o none.pdf) 2>"$nc/none.err"
    rc=$?
    if [ $rc = 1 ] && [ ! -e "$nc/elsewhere/none.pdf" ] && [ "$(cat "$nc/none.err")" = "gift.yaml:1:1: error: no data folder for this book: no content/ or layouts/ in . or the folders above it, no --data, and no installed data in $nc/none; name one with --data DIR
keepsake: 1 error; nothing was written" ]; then
        ok "newcomer: no data folder at all is one error that says where it looked"; else
        bad "newcomer: no data folder at all is one error that says where it looked" "exit $rc: $(cat "$nc/none.err")"; fi

    # A user's exercise hides the shipped one of the same id.
    sed 's/^title: .*/title: "Our own check-in"/' content/check-ins/weekly-check-in.yaml >"$nc/my-book/content/weekly-check-in.yaml"
    (cd "$nc/my-book" && KEEPSAKE_DATADIR=$installed $VG "$kabs" build book.yaml -q -o shadow.pdf) 2>"$nc/shadow.err"
    pdf_text_has "newcomer: the user's weekly-check-in is used instead of the shipped one" "$nc/my-book/shadow.pdf" "Our own check-in"
    rm "$nc/my-book/content/weekly-check-in.yaml"

    # The search path's order: an exercise 'probe' in each level, the
    # nearest winning; --data and the installed data are whole data folders.
    mkdir -p "$nc/data/content" "$nc/inst/content" "$nc/own/content"
    ln -s "$repo/layouts" "$nc/inst/layouts"
    ln -s "$repo/fonts" "$nc/inst/fonts"
    for d in "$repo"/content/*/; do ln -s "$d" "$nc/inst/content/$(basename "$d")"; done
    for level in own data inst; do
        printf 'type: exercise\nid: probe\npractice: stories\nkind: questions\ntitle: "Probe %s"\nsections:\n  - prompts: ["?"]\n' \
            "$level" >"$nc/$level/content/probe.yaml"
    done
    printf 'type: book\nlayout: a5\nlanguage: en\nsections:\n  - title: "P"\n    pages:\n      - exercise: probe\n' >"$nc/own/book.yaml"
    for want in own data inst; do
        got=$(KEEPSAKE_DATADIR=$nc/inst probe_title "$nc/own" book.yaml --data "$nc/data")
        if [ "$got" = "Probe $want" ]; then ok "newcomer: search path: '$want' wins over the levels after it"; else
            bad "newcomer: search path: '$want' wins over the levels after it" "got '$got'"; fi
        rm "$nc/$want/content/probe.yaml"
    done
    (cd "$nc/own" && KEEPSAKE_DATADIR=$nc/inst $VG "$kabs" build book.yaml --data "$nc/data" --dump) >/dev/null 2>"$nc/probe.err"
    if [ "$(head -n 1 "$nc/probe.err")" = "book.yaml:7:19: error: no exercise 'probe' in ./content, $nc/data/content or $nc/inst/content" ]; then
        ok "newcomer: search path: an exercise in no level names each place looked"; else
        bad "newcomer: search path: an exercise in no level names each place looked" "$(cat "$nc/probe.err")"; fi

    # A worksheet of the user's own exercise file, given by path, from outside.
    (cd "$nc/elsewhere" && KEEPSAKE_DATADIR=$installed $VG "$kabs" worksheet ../my-book/content/our-questions.yaml \
        --set client="Jo Rivera") 2>"$nc/ws.err"
    rc=$?
    if [ $rc = 0 ] && [ -f "$nc/elsewhere/our-questions.pdf" ]; then
        ok "newcomer: worksheet of the user's own exercise file, from another folder"; else
        bad "newcomer: worksheet of the user's own exercise file, from another folder" "exit $rc: $(cat "$nc/ws.err")"; fi
    [ ! -f "$nc/elsewhere/our-questions.pdf" ] ||
        pdf_text_has "newcomer: the worksheet holds the user's questions and client" "$nc/elsewhere/our-questions.pdf" "Jo Rivera"

    newcomer_watch
    rm -rf "$nc"
}

# build --watch: rebuild on a change, keep the last good PDF on an error,
# rebuild on the fix, exit 0 on SIGINT. Every wait is bounded.
newcomer_watch() {
    w=$nc/my-book
    (cd "$w" && KEEPSAKE_DATADIR=$installed exec "$kabs" build book.yaml --watch -o watch.pdf) \
        >"$nc/watch.out" 2>"$nc/watch.err" </dev/null &
    wpid=$!
    wrote() { [ "$(grep -c '^wrote watch.pdf: ' "$nc/watch.err")" -ge "$1" ]; }
    if wait_for 10 grep -q '^keepsake: watching ' "$nc/watch.err" && wrote 1; then
        ok "watch: builds first, then watches"; else
        bad "watch: builds first, then watches" "$(cat "$nc/watch.err")"; fi
    sed -i 's/Our Little Book/Our Watched Book/' "$w/book.yaml"
    if wait_for 10 wrote 2 && pdftotext "$w/watch.pdf" - 2>/dev/null | grep -q 'Our Watched Book'; then
        ok "watch: an edit of the book rebuilds it"; else
        bad "watch: an edit of the book rebuilds it" "$(cat "$nc/watch.err")"; fi
    cp "$w/watch.pdf" "$nc/good.pdf"
    sed -i 's/^lines: 3$/lines: three/' "$w/content/our-questions.yaml"
    if wait_for 10 grep -q "our-questions.yaml:9:8: error: 'lines' must be a whole number" "$nc/watch.err" &&
        cmp -s "$w/watch.pdf" "$nc/good.pdf" && ! wrote 3; then
        ok "watch: a broken exercise prints the error, the last good PDF stays"; else
        bad "watch: a broken exercise prints the error, the last good PDF stays" "$(cat "$nc/watch.err")"; fi
    sed -i 's/^lines: three$/lines: 3/' "$w/content/our-questions.yaml"
    if wait_for 10 wrote 3 && cmp -s "$w/watch.pdf" "$nc/good.pdf"; then
        ok "watch: the fix rebuilds it"; else
        bad "watch: the fix rebuilds it" "$(cat "$nc/watch.err")"; fi
    # an editor's burst (write a temporary file, rename it over the file,
    # touch it) gives one build
    n=$(grep -c '^wrote watch.pdf: ' "$nc/watch.err")
    cp "$w/layouts/my-a5.yaml" "$w/layouts/.my-a5.yaml.tmp"
    sed -i 's/3f6b4f/4f3f6b/' "$w/layouts/.my-a5.yaml.tmp"
    mv "$w/layouts/.my-a5.yaml.tmp" "$w/layouts/my-a5.yaml"
    touch "$w/layouts/my-a5.yaml"
    wait_for 10 wrote $((n + 1))
    sleep 1 # time for a second build, if one were coming
    if [ "$(grep -c '^wrote watch.pdf: ' "$nc/watch.err")" = $((n + 1)) ]; then
        ok "watch: a burst of events gives one build"; else
        bad "watch: a burst of events gives one build" "$(cat "$nc/watch.err")"; fi
    kill -s INT $wpid 2>/dev/null
    if wait_for 10 sh -c "! kill -0 $wpid"; then
        wait $wpid
        rc=$?
        if [ $rc = 0 ] && [ ! -s "$nc/watch.out" ]; then ok "watch: Ctrl-C (SIGINT) exits 0"; else
            bad "watch: Ctrl-C (SIGINT) exits 0" "exit $rc"; fi
    else
        kill -s KILL $wpid 2>/dev/null
        wait $wpid 2>/dev/null
        bad "watch: Ctrl-C (SIGINT) exits 0" "still running 10 s after SIGINT: killed"
    fi
}
