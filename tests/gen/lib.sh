# tests/gen/lib.sh: what the generators of hostile cases share. Each
# generator is run as `sh tests/gen/GROUP.sh FOLDER` from the repository's
# root, sources this file and writes its cases into FOLDER in the form
# tests/run.sh reads (see "the bad-input suite" there): NAME.args,
# NAME.code, NAME.where, NAME.text, NAME.info, NAME.input, NAME.machine-fonts
# and NAME.yaml.
set -eu
LC_ALL=C
export LC_ALL
out=$1
rm -rf "$out"
mkdir -p "$out"

# The bytes of a code point as UTF-8, written out whatever it is:
# noncharacters and surrogates are what some cases are about.
utf8() { # utf8 HEX
    awk -v h="$1" 'function b(n) { printf "%c", n }
        BEGIN { u = 0; for (i = 1; i <= length(h); i++) u = u * 16 + index("0123456789ABCDEF", toupper(substr(h, i, 1))) - 1
            if (u < 128) b(u)
            else if (u < 2048) { b(192 + int(u / 64)); b(128 + u % 64) }
            else if (u < 65536) { b(224 + int(u / 4096)); b(128 + int(u / 64) % 64); b(128 + u % 64) }
            else { b(240 + int(u / 262144)); b(128 + int(u / 4096) % 64); b(128 + int(u / 64) % 64)
                   b(128 + u % 64) } }'
}

repeat() { # repeat N STRING: N copies of STRING
    S=$2 awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) printf "%s", ENVIRON["S"] }'
}

quote() { # quote WORD: WORD as one shell word, for NAME.args
    printf "'%s' " "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}

# write_case NAME CODE WHERE ARG...: keepsake ARG... must exit CODE, and a
# line of its messages start with WHERE (empty: no message asked for).
write_case() {
    name=$1 code=$2 where=$3
    shift 3
    for a in "$@"; do quote "$a"; done >"$out/$name.args"
    [ "$code" = 1 ] || echo "$code" >"$out/$name.code"
    printf '%s' "$where" >"$out/$name.where"
}

# set_case NAME CODE WHERE KEY=VALUE...: the same for the default book
# built with one week and these --set values, into {pdf}.
set_case() {
    name=$1 code=$2 where=$3
    shift 3
    for kv in "$@"; do
        set -- "$@" --set "$kv"
        shift
    done
    write_case "$name" "$code" "$where" build '{}' -o '{pdf}' --set weeks=1 "$@"
}

# The default book as NAME.yaml, with its id changed to match and each
# variable KEY given (as YAML) replaced: `book_with NAME 'title: "x"'`.
book_with() { # book_with NAME LINE...
    name=$1
    shift
    awk -v id="$name" 'BEGIN { for (i = 2; i < ARGC; i++) { split(ARGV[i], kv, ":"); line[kv[1]] = ARGV[i]; ARGV[i] = "" } }
        /^id: / { print "id: " id; next }
        /^variables:/ { vars = 1; print; next }
        vars && /^[^ ]/ { vars = 0 }
        vars && /^  [a-z0-9-]+:/ { k = $1; sub(/^ */, "", k); sub(/:$/, "", k)
            if (k in line) { print "  " line[k]; skip = 1; next } }
        vars && skip && /^    / { next }
        { skip = 0; print }' content/books/our-year.yaml "$@" >"$out/$name.yaml"
}

line_of() { # line_of FILE PATTERN: the number of FILE's first line matching PATTERN
    grep -n -m 1 -e "$2" "$1" | cut -d: -f1
}

# expect_text NAME TEXT...: each TEXT must be in the text of NAME's PDF.
expect_text() {
    name=$1
    shift
    printf '%s\n' "$@" >"$out/$name.text"
}
