# The batch group of tests/run.sh (sourced by it: ok, bad, $K, $OUT).
#
# keepsake batch end to end: 50 worksheets from a CSV, each with its own
# client (pdftotext), safe file names, a broken row failing alone at its
# position, a re-run that skips finished files, --force; outputs byte for
# byte those of keepsake worksheet/build with the same --set; shards that
# are disjoint and cover every recipient once, run by hand, by GNU
# parallel (examples/batch/parallel.sh), by the Slurm script with
# SLURM_ARRAY_TASK_ID set (and by sbatch on a single-node Slurm the test
# starts, when Slurm and munge are installed) and by the Kubernetes manifest's command with
# JOB_COMPLETION_INDEX set; SIGINT and SIGTERM during a batch; hostile
# values refused row by row; a million rows refused by a named limit in
# bounded memory; the usage errors.

b_pdfs() { # b_pdfs DIR: the PDFs in DIR, sorted
    ls "$1" | grep '\.pdf$' | LC_ALL=C sort
}

b_summary() { # b_summary NAME STDERR WANT: the summary line is WANT
    if tail -n 1 "$2" | grep -qxF "$3"; then ok "$1"; else bad "$1" "$(tail -n 5 "$2")"; fi
}

b_says() { # b_says NAME STDERR LINE-START: some line of STDERR starts with LINE-START
    if grep -qF -- "$3" "$2" && grep -F -- "$3" "$2" | cut -c1-${#3} | grep -qxF -- "$3"; then
        ok "$1"
    else
        bad "$1" "wanted a line starting: $3
$(head -n 12 "$2")"
    fi
}

b_same_set() { # b_same_set NAME DIR...: the union of the DIRs' PDFs is $d/all, each once
    name=$1
    shift
    for x in "$@"; do b_pdfs "$x"; done | LC_ALL=C sort >"$d/union"
    if [ -n "$(uniq -d "$d/union")" ]; then
        bad "$name: a recipient made twice" "$(uniq -d "$d/union" | head -n 5)"
    elif ! cmp -s "$d/union" "$d/all"; then
        bad "$name: not every recipient" "$(diff "$d/all" "$d/union" | head -n 8)"
    else
        ok "$name"
    fi
}

# b_slurm: when Slurm (slurmctld, slurmd, sbatch) and munge are installed
# and we are root, a private single-node cluster (its own munge socket and
# key, configuration, ports 16817-16818 and state in the test folder) runs
# examples/batch/slurm.sh as a real array job of three tasks. Each daemon
# is stopped by its process id at the end. Without them: a note.
b_slurm() {
    if ! command -v slurmctld >/dev/null 2>&1 || ! command -v slurmd >/dev/null 2>&1 ||
        ! command -v sbatch >/dev/null 2>&1 || ! command -v munged >/dev/null 2>&1 ||
        [ "$(id -u)" != 0 ]; then
        echo "note: no Slurm and munge as root: the Slurm script was run with SLURM_ARRAY_TASK_ID set, not by sbatch (apt-get install slurmd slurmctld slurm-client munge)"
        return 0
    fi
    sl=$PWD/$d/slurm-cluster
    mkdir -p "$sl/state" "$sl/spool" "$sl/munge"
    chmod 700 "$sl/munge"
    head -c 1024 /dev/urandom >"$sl/munge/key"
    chmod 400 "$sl/munge/key"
    host=$(hostname -s)
    cat >"$sl/slurm.conf" <<EOF_CONF
ClusterName=keepsake-test
SlurmctldHost=$host
SlurmctldPort=16817
SlurmdPort=16818
AuthType=auth/munge
AuthInfo=socket=$sl/munge/socket
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
MpiDefault=none
SlurmUser=root
SlurmctldPidFile=$sl/slurmctld.pid
SlurmdPidFile=$sl/slurmd.pid
SlurmctldLogFile=$sl/slurmctld.log
SlurmdLogFile=$sl/slurmd.log
StateSaveLocation=$sl/state
SlurmdSpoolDir=$sl/spool
ReturnToService=2
NodeName=$host CPUs=$(getconf _NPROCESSORS_ONLN) State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=10 State=UP
EOF_CONF
    SLURM_CONF=$sl/slurm.conf
    export SLURM_CONF
    munged -F --force -S "$sl/munge/socket" --key-file "$sl/munge/key" \
        --pid-file "$sl/munge/pid" --log-file "$sl/munge/log" --seed-file "$sl/munge/seed" \
        >/dev/null 2>&1 &
    munge_pid=$!
    sleep 0.5
    slurmctld -D -f "$sl/slurm.conf" >/dev/null 2>&1 &
    ctld_pid=$!
    slurmd -D -f "$sl/slurm.conf" >/dev/null 2>&1 &
    d_pid=$!
    w=0
    until [ "$(sinfo -h -o %t 2>/dev/null)" = idle ] || [ $w -ge 200 ]; do
        sleep 0.1
        w=$((w + 1))
    done
    if [ $w -ge 200 ]; then
        echo "note: the test's single-node Slurm did not start within 20 s: $(tail -n 2 "$sl/slurmd.log" 2>/dev/null | tr '\n' ' ')"
    else
        KEEPSAKE=$kabs RECIPIENTS=$PWD/$d/fixed.csv OUT=$PWD/$d/sbatch \
            timeout 120 sbatch --wait --array=1-3 --chdir="$PWD" \
            --output="$sl/job-%A-%a.log" examples/batch/slurm.sh >/dev/null 2>&1
        b_same_set "batch: sbatch --array=1-3 of the Slurm script, on a single-node Slurm" \
            "$d/sbatch"
    fi
    kill $d_pid $ctld_pid 2>/dev/null
    wait $d_pid $ctld_pid 2>/dev/null
    kill $munge_pid 2>/dev/null
    wait $munge_pid 2>/dev/null
    unset SLURM_CONF
}

batch() {
    d=$OUT/batch
    rm -rf "$d"
    mkdir -p "$d"
    SOURCE_DATE_EPOCH=1767225600 # 2026-01-01: the outputs compare byte for byte
    export SOURCE_DATE_EPOCH
    ws="--worksheet reflection-emotions"
    # 50 clients; row 27 (line 28) blank; two rows the same name; a path.
    awk 'BEGIN {
        print "client,date"
        for (i = 1; i <= 50; i++) {
            if (i == 27) c = "   "
            else if (i == 5) c = "../../etc/passwd"
            else if (i == 10) c = "\"Rivera, \"\"Jo\"\"\""
            else if (i == 40 || i == 41) c = "Same Name"
            else c = "Client " i " Zoë"
            printf "%s,%d March 2027\r\n", c, i % 28 + 1
        }
    }' >"$d/people.csv"
    sed 's/^   ,/Client 27 Fixed,/' "$d/people.csv" >"$d/fixed.csv"

    # -- one batch, a broken row
    "$K" batch $ws --recipients "$d/people.csv" -o "$d/out" --set practice="Our Practice" \
        --jobs 2 2>"$d/first.err"
    rc=$?
    if [ $rc = 1 ]; then ok "batch: a failed row makes exit 1"; else bad "batch: exit $rc, not 1"; fi
    b_summary "batch: 49 written, 1 failed" "$d/first.err" "49 written, 1 failed, 0 up to date"
    b_says "batch: the broken row is said at its line and column" "$d/first.err" \
        "$d/people.csv:28:1: error: the value of 'client' is blank"
    n=$(b_pdfs "$d/out" | wc -l)
    if [ "$n" = 49 ]; then ok "batch: 49 PDFs"; else bad "batch: $n PDFs, not 49"; fi
    # each carries its own client
    missing=
    i=0
    while IFS=, read -r c rest; do
        i=$((i + 1))
        [ $i -gt 1 ] || continue
        case $c in "   ") continue ;; '"Rivera') c='Rivera, "Jo"' ;; esac
        want=$(printf '%s' "$c" | sed 's/^"//; s/"$//; s/""/"/g')
        f=$(printf '%s' "$want" | sed 's#[^A-Za-z0-9ë]\{1,\}#-#g; s#^-##; s#-$##')
        pdf="$d/out/reflection-emotions-$f.pdf"
        [ "$want" != "Same Name" ] || continue
        [ "$want" != "../../etc/passwd" ] || pdf="$d/out/reflection-emotions-etc-passwd.pdf"
        pdftotext "$pdf" - 2>/dev/null | grep -qF "$want" || missing="$missing $pdf"
    done <"$d/people.csv"
    if [ -z "$missing" ]; then ok "batch: each PDF carries its own client"
    else bad "batch: PDFs without their client:" "$missing"; fi
    if pdftotext "$d/out/reflection-emotions-Same-Name.pdf" - | grep -q "Same Name" &&
        pdftotext "$d/out/reflection-emotions-Same-Name-2.pdf" - | grep -q "Same Name"; then
        ok "batch: the same name twice is numbered -2"
    else
        bad "batch: the same name twice is numbered -2" "$(b_pdfs "$d/out" | grep Same)"
    fi
    unsafe=$(ls -A "$d/out" | LC_ALL=C grep -v '^[A-Za-z0-9._+-]*$' | grep -v 'Zoë')
    outside=$(ls -A "$d" | grep -v '^\(out\|people.csv\|fixed.csv\|first.err\)$')
    if [ -z "$unsafe" ] && [ -z "$outside" ] &&
        [ -f "$d/out/reflection-emotions-etc-passwd.pdf" ]; then
        ok "batch: file names are safe and all in DIR"
    else
        bad "batch: unsafe names or files outside DIR" "$unsafe $outside"
    fi

    # -- re-runs: up to date, the fixed row, --force
    "$K" batch $ws --recipients "$d/people.csv" -o "$d/out" --set practice="Our Practice" \
        2>"$d/again.err"
    b_summary "batch: a re-run skips finished files" "$d/again.err" \
        "0 written, 1 failed, 49 up to date"
    "$K" batch $ws --recipients "$d/fixed.csv" -o "$d/out" --set practice="Our Practice" \
        2>"$d/fixed.err"
    b_summary "batch: the fixed row alone is made" "$d/fixed.err" \
        "1 written, 0 failed, 49 up to date"
    "$K" batch $ws --recipients "$d/fixed.csv" -o "$d/out" --set practice="Our Practice" -q \
        2>"$d/quiet.err"
    rc=$?
    if [ $rc = 0 ] && [ ! -s "$d/quiet.err" ]; then ok "batch: -q, all up to date: silent, exit 0"
    else bad "batch: -q: exit $rc" "$(cat "$d/quiet.err")"; fi
    "$K" batch $ws --recipients "$d/fixed.csv" -o "$d/out" --set practice="Our Practice" \
        2>"$d/up.err"
    b_summary "batch: 50 up to date" "$d/up.err" "0 written, 0 failed, 50 up to date"
    "$K" batch $ws --recipients "$d/fixed.csv" -o "$d/out" --set practice="Our Practice" \
        --force 2>"$d/force.err"
    b_summary "batch: --force rebuilds" "$d/force.err" "50 written, 0 failed, 0 up to date"
    grep -c ' wrote\|^wrote ' "$d/force.err" | grep -qx 50 &&
        ok "batch: a line for each file when stderr is not a terminal" ||
        bad "batch: a line for each file" "$(head -n 3 "$d/force.err")"
    b_pdfs "$d/out" >"$d/all"
    # the manifest changes with the inputs: another --set rebuilds all
    "$K" batch $ws --recipients "$d/fixed.csv" -o "$d/out" --set practice="Other" -q \
        2>"$d/other.err"
    "$K" batch $ws --recipients "$d/fixed.csv" -o "$d/out" --set practice="Our Practice" \
        2>"$d/back.err"
    b_summary "batch: changed variables make the files again" "$d/back.err" \
        "50 written, 0 failed, 0 up to date"

    # -- the hash sees the fonts' and inputs' content, not their dates: a
    # font changed in one byte (its size and date kept), a file added to
    # fonts/, an exercise edited (its date kept) each make the files again
    mkdir -p "$d/data"
    cp -R content layouts fonts "$d/data/"
    head -n 4 "$d/fixed.csv" >"$d/three.csv"
    kd() { # in the copy, so that its data folder is the one found
        (k=$(cd "$(dirname "$K")" && pwd)/$(basename "$K")
         cd "$d/data" && "$k" batch $ws --recipients ../three.csv -o ../fonts-out "$@")
    }
    kd -q 2>"$d/fonts0.err"
    kd 2>"$d/fonts1.err"
    b_summary "batch: with its own data folder, a re-run is up to date" "$d/fonts1.err" \
        "0 written, 0 failed, 3 up to date"
    f=$d/data/fonts/lato/Lato-Light.ttf # a face the worksheet does not use
    size=$(wc -c <"$f")
    byte=$(tail -c 1 "$f" | od -An -tu1 | tr -d ' ')
    touch -r "$f" "$d/stamp"
    head -c $((size - 1)) "$f" >"$d/font.tmp"
    printf "\\$(printf %o $(((byte + 1) % 256)))" >>"$d/font.tmp"
    cat "$d/font.tmp" >"$f"
    touch -r "$d/stamp" "$f"
    kd 2>"$d/fonts2.err"
    if [ "$(wc -c <"$f")" = "$size" ] && ! cmp -s "$f" fonts/lato/Lato-Light.ttf; then
        b_summary "batch: a font's byte changed (size and date kept) makes the files again" \
            "$d/fonts2.err" "3 written, 0 failed, 0 up to date"
    else
        bad "batch: could not change a font's byte in place"
    fi
    echo "notes" >"$d/data/fonts/lato/NOTES"
    kd 2>"$d/fonts3.err"
    b_summary "batch: a file added to fonts/ makes the files again" "$d/fonts3.err" \
        "3 written, 0 failed, 0 up to date"
    ex=$d/data/content/self-awareness/reflection-emotions.yaml
    if [ -f "$ex" ]; then
        touch -r "$ex" "$d/stamp"
        sed 's/[Ff]eel/fEel/' "$ex" >"$d/ex.tmp" && cat "$d/ex.tmp" >"$ex"
        touch -r "$d/stamp" "$ex"
        kd 2>"$d/fonts4.err"
        b_summary "batch: an input edited (its date kept) makes the files again" \
            "$d/fonts4.err" "3 written, 0 failed, 0 up to date"
    else
        bad "batch: no $ex to edit"
    fi

    # -- the same bytes as one worksheet, one build
    "$K" worksheet reflection-emotions --set client="Client 12 Zoë" --set date="13 March 2027" \
        --set practice="Our Practice" -o "$d/single.pdf" -q
    if cmp -s "$d/single.pdf" "$d/out/reflection-emotions-Client-12-Zoë.pdf"; then
        ok "batch: a worksheet is byte for byte keepsake worksheet's"
    else
        bad "batch: a worksheet differs from keepsake worksheet's"
    fi
    # -- one worker lays out its recipients with one cache of texts: each PDF
    # is still byte for byte the worksheet made alone (cold), in either
    # order, and a text kept from the recipient before (the same name
    # twice) still warns of the characters no font has, for each of them
    { echo "client,date"; printf '%s\n' "練 Kim,1 March 2027" "練 Kim,1 March 2027" \
        "Jo,2 March 2027" "سارا,3 March 2027" \
        "Alexandra Konstantinopoulou-Whitfield,4 March 2027"; } >"$d/warm.csv"
    { head -n 1 "$d/warm.csv"; tail -n +2 "$d/warm.csv" | sed '1!G;h;$!d'; } >"$d/cold.csv"
    "$K" batch $ws --recipients "$d/warm.csv" -o "$d/warm" --jobs 1 2>"$d/warm.err"
    "$K" batch $ws --recipients "$d/cold.csv" -o "$d/cold" --jobs 1 2>"$d/cold.err"
    differ=
    i=0
    tail -n +2 "$d/warm.csv" | while IFS=, read -r c dt; do
        i=$((i + 1))
        "$K" worksheet reflection-emotions --set client="$c" --set date="$dt" \
            -o "$d/alone-$i.pdf" -q </dev/null 2>/dev/null
    done
    set -- reflection-emotions-練-Kim.pdf reflection-emotions-練-Kim-2.pdf \
        reflection-emotions-Jo.pdf reflection-emotions-سارا.pdf \
        reflection-emotions-Alexandra-Konstantinopoulou-Whitfield.pdf
    i=0
    for f in "$@"; do
        i=$((i + 1))
        cmp -s "$d/alone-$i.pdf" "$d/warm/$f" || differ="$differ $f"
    done
    for f in "$d"/cold/*.pdf; do
        n=$(basename "$f")
        case $n in *練-Kim*) continue ;; esac # the -2 goes to the other row
        cmp -s "$f" "$d/warm/$n" || differ="$differ $n(order)"
    done
    if [ -z "$differ" ] && [ "$(b_pdfs "$d/warm" | wc -l)" = 5 ]; then
        ok "batch: one worker's recipients, laid out with one cache, are each byte for byte the worksheet made alone, in either order"
    else
        bad "batch: with the worker's cache, PDFs differ from those made alone:" "$differ"
    fi
    n=$(grep -c "no font has U+7DF4" "$d/warm.err")
    if [ "$n" = 2 ] && grep -q "no font has U+0633" "$d/warm.err"; then
        ok "batch: a kept text's missing characters are warned of for each recipient"
    else
        bad "batch: U+7DF4 warned of $n times, not 2" "$(cat "$d/warm.err")"
    fi

    mkdir -p "$d/books"
    "$K" batch gift-booklet --recipients examples/batch/couples.yaml -o "$d/books" -q --jobs 2 \
        2>"$d/books.err"
    "$K" build gift-booklet --set names="Jo & Kim" --set start=2027-02-01 --set title="Our Year" \
        -o "$d/book.pdf" -q
    if cmp -s "$d/book.pdf" "$d/books/gift-booklet-Jo-Kim.pdf" &&
        pdftotext "$d/books/gift-booklet-Alex-Sam.pdf" - | grep -q "Alex"; then
        ok "batch: a book from YAML recipients is byte for byte keepsake build's"
    else
        bad "batch: a book from YAML differs from keepsake build's" "$(cat "$d/books.err")"
    fi

    # -- shards: by hand, GNU parallel, Slurm, Kubernetes
    for k in 1 2 3; do
        "$K" batch $ws --recipients "$d/fixed.csv" -o "$d/shard$k" --set practice="Our Practice" \
            --shard $k/3 --jobs 1 -q
    done
    b_same_set "batch: shards 1/3 2/3 3/3 are disjoint and cover every recipient" \
        "$d/shard1" "$d/shard2" "$d/shard3"
    diffs=0
    for k in 1 2 3; do
        for f in $(b_pdfs "$d/shard$k"); do cmp -s "$d/shard$k/$f" "$d/out/$f" || diffs=$((diffs + 1)); done
    done
    if [ $diffs = 0 ]; then ok "batch: a shard's files are the whole batch's"
    else bad "batch: $diffs files of shards differ from the whole batch's"; fi
    # a broken row is said by its own shard only (row 5: shard 2 of 3)
    sed '6s/^.*$/"never, "closed"x,1 May/' "$d/fixed.csv" >"$d/broken.csv"
    for k in 1 2; do
        "$K" batch $ws --recipients "$d/broken.csv" -o "$d/broken$k" --shard $k/3 -q \
            2>"$d/broken$k.err"
        echo $? >"$d/broken$k.rc"
    done
    if [ "$(cat "$d/broken1.rc")" = 0 ] && [ ! -s "$d/broken1.err" ] &&
        [ "$(cat "$d/broken2.rc")" = 1 ] &&
        grep -q "^$d/broken.csv:6:10: error: after a quoted field" "$d/broken2.err"; then
        ok "batch: a broken row is said by its own shard alone"
    else
        bad "batch: a broken row and the shards" "$(cat "$d/broken1.err" "$d/broken2.err")"
    fi
    case "$K" in /*) kabs=$K ;; *) kabs=$PWD/$K ;; esac
    mkdir -p "$d/bin"
    ln -sf "$kabs" "$d/bin/keepsake"
    if command -v parallel >/dev/null 2>&1; then
        KEEPSAKE=$kabs RECIPIENTS=$d/fixed.csv OUT=$d/parallel SHARDS=3 \
            sh examples/batch/parallel.sh >"$d/parallel.log" 2>&1
        b_same_set "batch: GNU parallel, three shards at once into one DIR" "$d/parallel"
        m=$(grep -c '\.pdf$' "$d/parallel/keepsake-batch.manifest")
        if [ "$m" = 50 ]; then ok "batch: shards sharing DIR keep one whole manifest"
        else bad "batch: the shared manifest holds $m of 50" "$(cat "$d/parallel.log" | head)"; fi
        # and the README's line, as written but for its output folder
        line=$(awk '/^```/ { on = ($0 == "```sh"); next } on' README.md |
            awk '{ if (sub(/\\$/, "")) { part = part $0; next } print part $0; part = "" }' |
            grep '^parallel -q keepsake batch' | sed "s#-o out/clients#-o $d/readme-parallel#")
        if [ -n "$line" ] && PATH=$PWD/$d/bin:$PATH sh -c "$line" >"$d/readme.log" 2>&1 &&
            [ "$(b_pdfs "$d/readme-parallel" | wc -l)" = "$(($(wc -l <examples/batch/clients.csv) - 1))" ]
        then
            ok "batch: the README's GNU parallel line makes each client once"
        else
            bad "batch: the README's GNU parallel line" "$line
$(tail -n 5 "$d/readme.log")"
        fi
    else
        bad "batch: GNU parallel is not installed (apt-get install parallel)"
    fi
    for id in 1 2 3; do
        KEEPSAKE=$kabs RECIPIENTS=$d/fixed.csv OUT=$d/slurm SLURM_ARRAY_TASK_ID=$id \
            SLURM_ARRAY_TASK_MIN=1 SLURM_ARRAY_TASK_COUNT=3 sh examples/batch/slurm.sh \
            >/dev/null 2>&1
        KEEPSAKE=$kabs RECIPIENTS=$d/fixed.csv OUT=$d/slurm0/$id \
            SLURM_ARRAY_TASK_ID=$((id - 1)) SLURM_ARRAY_TASK_MIN=0 SLURM_ARRAY_TASK_COUNT=3 \
            sh examples/batch/slurm.sh >/dev/null 2>&1
    done
    b_same_set "batch: the Slurm script's tasks 1-3 make every recipient once" "$d/slurm"
    b_same_set "batch: the Slurm script's tasks 0-2 make every recipient once" \
        "$d/slurm0/1" "$d/slurm0/2" "$d/slurm0/3"
    b_slurm
    /usr/bin/python3 - examples/batch/k8s-job.yaml >"$d/k8s.sh" <<'EOF'
import shlex, sys, yaml
job = yaml.safe_load(open(sys.argv[1]))
spec = job["spec"]
c = spec["template"]["spec"]["containers"][0]
env = {e["name"]: e["value"] for e in c["env"]}
assert spec["completionMode"] == "Indexed", "not an Indexed Job"
assert int(env["SHARDS"]) == spec["completions"], "SHARDS is not completions"
assert c["command"][:2] == ["sh", "-c"], "not sh -c"
print("SHARDS=%s" % shlex.quote(env["SHARDS"]))
print("COMPLETIONS=%d" % spec["completions"])
print("COMMAND=%s" % shlex.quote(c["command"][2]))
EOF
    if [ -s "$d/k8s.sh" ]; then
        . "$d/k8s.sh"
        i=0
        while [ $i -lt "$COMPLETIONS" ]; do
            PATH=$PWD/$d/bin:$PATH JOB_COMPLETION_INDEX=$i SHARDS=$SHARDS \
                RECIPIENTS=$d/fixed.csv OUT=$d/k8s/$i sh -c "$COMMAND" >/dev/null 2>&1
            i=$((i + 1))
        done
        set --
        i=0
        while [ $i -lt "$COMPLETIONS" ]; do set -- "$@" "$d/k8s/$i"; i=$((i + 1)); done
        b_same_set "batch: the Kubernetes Job's indexes make every recipient once" "$@"
    else
        bad "batch: cannot read the Kubernetes manifest's command"
    fi

    # -- SIGINT and SIGTERM during a batch: no partial file, no temporary file
    awk 'BEGIN { print "client"; for (i = 1; i <= 300; i++) print "Person " i }' >"$d/many.csv"
    for sig in INT TERM; do
        s=$d/sig-$sig
        "$K" batch $ws --recipients "$d/many.csv" -o "$s" --jobs 2 2>"$s.err" &
        pid=$!
        w=0
        while [ "$(ls "$s" 2>/dev/null | grep -c '\.pdf$')" -lt 3 ] && [ $w -lt 1000 ]; do
            sleep 0.01
            w=$((w + 1))
        done
        kill -$sig $pid
        wait $pid 2>/dev/null
        rc=$?
        partial=
        for f in "$s"/*.pdf; do tail -c 8 "$f" | grep -q '%%EOF' || partial="$partial $f"; done
        temps=$(ls -A "$s" | grep -c 'keepsake-[A-Za-z0-9]\{6\}$\|manifest\.')
        made=$(b_pdfs "$s" | wc -l)
        listed=$(grep -c '\.pdf$' "$s/keepsake-batch.manifest")
        stale=0
        while read -r h size name; do
            case $h in \#*) continue ;; esac
            [ "$(stat -c %s "$s/$name" 2>/dev/null)" = "$size" ] || stale=$((stale + 1))
        done <"$s/keepsake-batch.manifest"
        if [ $rc -gt 128 ] && [ -z "$partial" ] && [ "$temps" = 0 ] && [ "$made" -lt 300 ] &&
            [ $stale = 0 ] && [ "$listed" -le "$made" ] && qpdf --check "$s/$(b_pdfs "$s" | head -n 1)" >/dev/null 2>&1; then
            ok "batch: SIG$sig stops it: no partial or temporary file, the manifest true"
        else
            bad "batch: SIG$sig: exit $rc, partial:$partial, temps $temps, made $made, listed $listed, stale $stale" \
                "$(tail -n 3 "$s.err")"
        fi
        "$K" batch $ws --recipients "$d/many.csv" -o "$s" --jobs 2 2>"$s.again"
        b_summary "batch: after SIG$sig, a run again makes the rest" "$s.again" \
            "$((300 - listed)) written, 0 failed, $listed up to date"
    done

    # -- on a terminal: a progress bar with the time left, no line a file
    if command -v script >/dev/null 2>&1; then
        head -n 21 "$d/many.csv" >"$d/tty.csv"
        script -qec "$K batch $ws --recipients $d/tty.csv -o $d/tty --jobs 2" "$d/tty.log" \
            >/dev/null 2>&1 </dev/null
        if grep -q '\] 20/20  0:00 left' "$d/tty.log" && grep -q '20 written, 0 failed' "$d/tty.log" &&
            ! grep -q '^wrote' "$d/tty.log"; then
            ok "batch: on a terminal, a progress bar with the time left"
        else
            bad "batch: on a terminal, no progress bar" "$(tr '\r' '\n' <"$d/tty.log" | tail -n 4)"
        fi
    fi

    # -- hostile values, refused row by row where they are
    {
        printf 'client,date\n'
        printf '<b>Jo</b> &amp; <i>x,1 May\n'
        printf 'Jo\342\200\256evil,2 May\n'
        printf '../../etc/x,3 May\n'
        printf 'x,"'
        head -c 10485760 /dev/zero | tr '\0' 'a'
        printf '"\n'
        printf 'bad\377\376utf8,5 May\n'
        printf '   ,6 May\n'
        printf '\342\200\213\342\200\213,7 May\n'
        printf 'a\033[31mb,8 May\n'
        printf '%2000s,9 May\n' x
        printf 'last one,10 May\n'
    } >"$d/hostile.csv"
    "$K" batch $ws --recipients "$d/hostile.csv" -o "$d/hostile" --jobs 1 2>"$d/hostile.err"
    rc=$?
    h=$d/hostile.csv
    b_summary "batch: hostile rows fail, the others are made" "$d/hostile.err" \
        "3 written, 7 failed, 0 up to date"
    for want in "$h:3:1: error: the value of 'client' holds a bidi control (U+202E)" \
        "$h:5:3: error: this field is longer than 65536 bytes" \
        "$h:6:1: error: the value of 'client' is not valid UTF-8" \
        "$h:7:1: error: the value of 'client' is blank" \
        "$h:8:1: error: the value of 'client' is blank" \
        "$h:9:1: error: the value of 'client' holds a control character" \
        "$h:10:1: error: the value of 'client' is 2000 bytes; the limit is 1024"; do
        b_says "batch: hostile: ${want#$h:}" "$d/hostile.err" "$want"
    done
    if [ $rc = 1 ] && pdftotext "$d/hostile/reflection-emotions-b-Jo-b-amp-i-x.pdf" - |
        grep -qF '<b>Jo</b> &amp; <i>x' && [ -f "$d/hostile/reflection-emotions-etc-x.pdf" ] &&
        ! unsafe_for_terminal "$d/hostile.err"; then
        ok "batch: hostile: markup printed as written, ../ kept in DIR, messages safe"
    else
        bad "batch: hostile: exit $rc" "$(b_pdfs "$d/hostile")"
    fi
    awk 'BEGIN { print "client"; for (i = 1; i <= 1000000; i++) print "Client " i }' \
        >"$d/million.csv"
    /usr/bin/time -f %M -o "$d/million.rss" "$K" batch $ws --recipients "$d/million.csv" \
        -o "$d/million" 2>"$d/million.err"
    rc=$?
    rss=$(tail -n 1 "$d/million.rss")
    max_rss=150000 # KB; AddressSanitizer's shadow memory needs more
    [ -z "${ASAN_OPTIONS:-}" ] || max_rss=400000
    if [ $rc = 1 ] && [ "$rss" -lt $max_rss ] && [ ! -e "$d/million" ] &&
        grep -qF "$d/million.csv:100002:1: error: more than 100000 recipients" "$d/million.err"
    then
        ok "batch: a million rows: refused by RECIPIENTS_MAX_ROWS, in $rss KB, nothing written"
    else
        bad "batch: a million rows: exit $rc, $rss KB" "$(head -n 3 "$d/million.err")"
    fi
    rm -f "$d/million.csv" "$d/hostile.csv"

    # -- a misspelt column, the usage errors
    printf 'clent,date\nJo,1 May\n' >"$d/typo.csv"
    "$K" batch $ws --recipients "$d/typo.csv" -o "$d/typo" 2>"$d/typo.err"
    rc=$?
    if [ $rc = 1 ] && [ ! -e "$d/typo" ] && grep -qxF \
        "$d/typo.csv:1:1: error: the book has no variable 'clent' (did you mean 'client'?)" \
        "$d/typo.err"; then
        ok "batch: an unknown column: did you mean, nothing written"
    else
        bad "batch: an unknown column: exit $rc" "$(cat "$d/typo.err")"
    fi
    # a worksheet batch makes one exercise: a row naming another fails alone
    printf 'client,exercise\nJo,reflection-emotions\nKim,about-me\n' >"$d/exercise.csv"
    "$K" batch $ws --recipients "$d/exercise.csv" -o "$d/exercise" 2>"$d/exercise.err"
    rc=$?
    if [ $rc = 1 ] && grep -q "^$d/exercise.csv:3:5: error: this would make the page 'about-me' instead of 'reflection-emotions'" "$d/exercise.err" &&
        [ "$(b_pdfs "$d/exercise")" = reflection-emotions-Jo.pdf ]; then
        ok "batch: a row may not change the exercise the batch checked"
    else
        bad "batch: a row changing the exercise: exit $rc" "$(cat "$d/exercise.err")"
    fi
    for args in "--shard 0/3" "--shard 4/3" "--shard 1" "--shard x/y" "--jobs 65" \
        "--name {clent}.pdf" "--name {" "-o" "-o -"; do
        # shellcheck disable=SC2086
        "$K" batch $ws --recipients "$d/fixed.csv" -o "$d/usage" $args >/dev/null 2>"$d/usage.err"
        rc=$?
        if [ $rc = 2 ] && [ ! -e "$d/usage" ] && grep -q "^Try 'keepsake batch --help'" "$d/usage.err"
        then ok "batch: usage error: $args"
        else bad "batch: $args: exit $rc, not 2" "$(cat "$d/usage.err")"; fi
    done
    grep -qF "did you mean {client}" "$d/usage.err" 2>/dev/null ||
        "$K" batch $ws --recipients "$d/fixed.csv" -o "$d/usage" --name "{clent}.pdf" 2>&1 |
        grep -qF "(did you mean {client}?)" && ok "batch: --name: did you mean" ||
        bad "batch: --name: no did you mean"
    "$K" batch --recipients "$d/fixed.csv" -o "$d/usage" 2>"$d/usage.err"
    [ $? = 2 ] && ok "batch: no BOOK: usage error" || bad "batch: no BOOK: not a usage error"
    unset SOURCE_DATE_EPOCH
}
