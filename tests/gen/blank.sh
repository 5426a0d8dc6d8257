#!/bin/sh
# Blank is blank: names, title and client made only of spaces, zero-width
# or other invisible characters are refused like empty ones, at their
# position, from --set (the default book; the worksheet for client) or a
# book's variables, whole or as one of the names. Other variables may stay
# empty or blank on purpose.
. tests/gen/lib.sh

# Each class of nothing: its name and its text.
blanks() {
    echo "empty|"
    echo "spaces|   "
    echo "tab|$(printf '\t')"
    echo "no-break-space|$(utf8 A0)$(utf8 202F)"
    echo "ideographic-space|$(utf8 3000)"
    echo "zero-width-space|$(utf8 200B)"
    echo "zero-width-joiners|$(utf8 200C)$(utf8 200D)"
    echo "word-joiner|$(utf8 2060)"
    echo "bom|$(utf8 FEFF)"
    echo "soft-hyphen|$(utf8 AD)"
    echo "grapheme-joiner|$(utf8 34F)"
    echo "hangul-filler|$(utf8 3164)"
    echo "braille-blank|$(utf8 2800)"
    echo "bidi-mark|$(utf8 200F)"
    echo "variation-selector|$(utf8 FE0F)"
    echo "tag-space|$(utf8 E0020)"
    echo "mixed| $(utf8 200B)$(utf8 A0)$(utf8 FEFF)$(utf8 2060) "
}

why() { # why TEXT: the end of the message for a blank TEXT
    if [ -z "$1" ]; then echo "is empty"; else echo "is blank: it holds only spaces or invisible characters"; fi
}

blanks >"$out/classes"
while IFS='|' read -r class text; do
    for var in names title; do
        set_case "$var-$class" 1 "--set $var: error: the value of '$var' $(why "$text")" "$var=$text"
    done
    write_case "client-$class" 1 "--set client: error: the value of 'client' $(why "$text")" \
        worksheet reflection-emotions -o '{pdf}' --set "client=$text"
    echo content/books/worksheet.yaml >"$out/client-$class.input"
done <"$out/classes"
rm "$out/classes"

# One of several names.
zwsp=$(utf8 200B)
set_case names-one-of-two 1 "--set names: error: a name in 'names' is blank: it holds only spaces or invisible characters" \
    "names=Alex & $zwsp$zwsp"

# From a book: the title, one name of a list, one name of a text.
book_case() { # book_case NAME VARIABLE COLUMN WHAT LINE
    book_with "$1" "$5"
    write_case "$1" 1 \
        "$out/$1.yaml:$(line_of "$out/$1.yaml" "^  $2:"):$3: error: $4 is blank: it holds only spaces or invisible characters" \
        check '{}' --data .
}
book_case book-title title 10 "the value of 'title'" 'title: "\u200B\u2060 \uFEFF"'
book_case book-names-list names 17 "the value of 'names'" 'names: [Alex, "\u3000\u200D"]'
book_case book-names-text names 10 "a name in 'names'" 'names: "Alex, \u200C & Sam"'

# What may be empty or blank: a day no one marks, a dedication left out.
set_case anniversary-empty 0 "" "anniversary=" "birthday-1=" "dedication=$zwsp "
