#!/bin/sh
# Writes the bad inputs too big to keep in git into the folder given ($1):
# each NAME.yaml here has its expectations beside this script
# (NAME.stderr, and NAME.args / NAME.code when not "check {}" / 1).
set -eu
out=$1
mkdir -p "$out"

# 100,000 levels of nesting: stopped at the 65th.
awk 'BEGIN { s = ""; for (i = 0; i < 100000; i++) s = s "["; print s }' >"$out/nesting-100000.yaml"

# A 50 MB scalar: the file is over the size limit, so it is never parsed.
{ printf 'type: exercise\ntitle: "'; head -c 52428800 /dev/zero | tr '\0' 'a'; printf '"\n'; } \
    >"$out/scalar-50mb.yaml"

# A 3 MB scalar in a file under the size limit: the scalar limit stops it.
{ printf 'type: exercise\nid: scalar-3mb\npractice: stories\nkind: story\ntitle: "'
  head -c 3145728 /dev/zero | tr '\0' 'a'; printf '"\nprompts: ["x"]\n'; } >"$out/scalar-3mb.yaml"

# 100,000 sections: stopped by the node limit while loading.
{ printf 'type: book\nlayout: a5\nlanguage: en\nsections:\n'
  awk 'BEGIN { for (i = 0; i < 100000; i++) print "  - {title: a, pages: [{page: cover}]}" }'; } \
    >"$out/sections-100000.yaml"

# 300 sections: loads, then the model's section limit stops it.
{ printf 'type: book\nlayout: a5\nlanguage: en\nsections:\n'
  awk 'BEGIN { for (i = 0; i < 300; i++) print "  - {title: a, pages: [{page: cover}]}" }'; } \
    >"$out/sections-300.yaml"

# One list of 1,000 items aliased 1,000 times: a million nodes expanded.
{ printf 'type: exercise\nbase: &b ['
  awk 'BEGIN { for (i = 0; i < 1000; i++) printf "x%s", (i < 999 ? ", " : "") }'
  printf ']\nmany: ['
  awk 'BEGIN { for (i = 0; i < 1000; i++) printf "*b%s", (i < 999 ? ", " : "") }'
  printf ']\n'; } >"$out/alias-wide.yaml"

# A FIFO given as input: refused at once, never waited on.
rm -f "$out/fifo-input.yaml"
mkfifo "$out/fifo-input.yaml"
