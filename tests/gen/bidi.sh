#!/bin/sh
# Personal variables cannot reorder the page. A value holding a bidi control
# with a scope (the embeddings U+202A, U+202B and U+202C, the overrides
# U+202D and U+202E, the isolates U+2066 to U+2069) is refused at its
# position, from --set or from a book; right-to-left text and the bidi marks
# (U+200E, U+200F, U+061C) build, and the PDF's text layer holds each name
# as it was typed.
. tests/gen/lib.sh

for h in 202A 202B 202C 202D 202E 2066 2067 2068 2069; do
    set_case "set-names-u$h" 1 "--set names: error: the value of 'names' holds a bidi control (U+$h)" \
        "names=Alex$(utf8 "$h")maS & Jo"
done
set_case set-dedication-rlo 1 "--set dedication: error: the value of 'dedication' holds a bidi control (U+202E)" \
    "dedication=For $(utf8 202E)Sam, with love"

# From a book: one of its names, and its dedication.
book_with book-name-rlo 'names: [Alex, "Sam\u202Eevil"]'
write_case book-name-rlo 1 \
    "$out/book-name-rlo.yaml:$(line_of "$out/book-name-rlo.yaml" '^  names:'):17: error: the value of 'names' holds a bidi control (U+202E)" \
    check '{}' --data .
book_with book-dedication-lri 'dedication: "For \u2066Noa"'
write_case book-dedication-lri 1 \
    "$out/book-dedication-lri.yaml:$(line_of "$out/book-dedication-lri.yaml" '^  dedication:'):15: error: the value of 'dedication' holds a bidi control (U+2066)" \
    check '{}' --data .

# Right-to-left names, alone, in a Latin name and with marks, with the
# machine's fonts (ours have no Arabic or Hebrew): they build, and in the
# welcome page's "a workbook made for {names}." the text layer holds each
# name as it was typed. pdftotext writes a right-to-left run between U+202B
# and U+202C, in the order it was typed; a value whose first letter is
# right-to-left is one such run, read from the right ("Sam & NOAM" on the
# page for "NOAM & Sam"), as it would be on its own.
sara=$(utf8 633)$(utf8 627)$(utf8 631)$(utf8 627)
noam=$(utf8 5E0)$(utf8 5D5)$(utf8 5E2)$(utf8 5DD)
rle=$(utf8 202B) pdf=$(utf8 202C)
rtl_case() { # rtl_case NAME KEY=VALUE TEXT...: builds, and its text holds each TEXT
    name=$1 set=$2
    shift 2
    set_case "$name" 0 "" "$set"
    expect_text "$name" "$@"
    : >"$out/$name.machine-fonts"
}
rtl_case rtl-names "names=$sara & $noam" "made for $rle$sara & $noam$pdf. It is"
rtl_case rtl-run-in-name "names=Léa $sara Martin & Sam" "made for Léa " "$sara" "Martin & Sam. It is"
rtl_case rtl-marks "names=$noam$(utf8 200F) & Sam$(utf8 200E)" "made for Sam & $rle$noam$pdf. It is"
