#!/bin/sh
# Any valid text gives a PDF or an input error, never an output error. Each
# class of code point, as --set title (the PDF's Title, its outline, the
# cover's H1), names (its Author, the cover, the text) and dedication (the
# cover's text), on the default book: text builds into a sound PDF whose
# metadata holds it as given; noncharacters, which Cairo 1.16 cannot write
# into a PDF (exit 3 before), and bytes that are not UTF-8 (surrogates
# written as CESU-8, overlong forms, cut sequences, stray bytes) are refused
# at the --set. Builds use the machine's fonts, as users do; code points no
# font has give keepsake's warning, not an error.
. tests/gen/lib.sh

u() { for h in "$@"; do utf8 "$h"; done; } # u HEX...: the characters, together

# name|text: the classes that are text. (No ',' or '&': names splits there.)
texts() {
    echo "ascii|Plain Title 42 (x) ~ \$HOME 'q'"
    echo "latin-1|Zo$(u EB) $(u C5)ngstr$(u F6)m $(u DF) $(u FF) $(u A9) $(u BF)"
    echo "cjk|$(u 674E 5C0F 9F8D) $(u 3055 304F 3089) $(u D55C AD6D) $(u 20BB7)"
    echo "rtl|$(u 633 627 631 627) $(u 5E0 5D5 5E2 5DD)"
    echo "combining|e$(u 301) a$(u 308) Z$(u 336 335) $(u 915 94D 937)"
    echo "emoji|$(u 1F49C) $(u 1F469 200D 1F469 200D 1F467) $(u 1F1EB 1F1F7) $(u 1F44D 1F3FD)"
    echo "private-use|$(u E000) $(u F8FF) $(u F0000) $(u 10FFFD) x"
    echo "unassigned|$(u 378) $(u 40000) $(u E0080) $(u 2FFFD) x"
    echo "bom|$(u FEFF)Lead and mid$(u FEFF)dle"
}

# name|hex: the noncharacters, one of each kind.
noncharacters() {
    for h in FDD0 FDEF FFFE FFFF 1FFFE 10FFFF; do echo "u$h|$h"; done
}

# name|bytes: what is not UTF-8 at all.
invalid() {
    echo "cesu-surrogate|a$(u D800)b"
    echo "cesu-pair|$(u D83D DC9C)"
    echo "overlong|$(printf '\300\257')"
    echo "cut|x$(printf '\342\202')"
    echo "stray|$(printf '\377\376')"
}

for var in title names dedication; do
    texts >"$out/classes"
    while IFS='|' read -r class text; do
        c=$var-$class
        set_case "$c" 0 "" "$var=$text"
        : >"$out/$c.machine-fonts"
        case $var in
            title) echo "Title: $text" >"$out/$c.info" ;;
            names) echo "Author: $text" >"$out/$c.info" ;;
        esac
    done <"$out/classes"
    noncharacters >"$out/classes"
    while IFS='|' read -r class h; do
        set_case "$var-$class" 1 "--set $var: error: the value of '$var' holds U+$h, a noncharacter" \
            "$var=a$(u "$h")b"
    done <"$out/classes"
    invalid >"$out/classes"
    while IFS='|' read -r class bytes; do
        set_case "$var-$class" 1 "--set $var: error: the value of '$var' is not valid UTF-8" "$var=$bytes"
    done <"$out/classes"
done
rm "$out/classes"

# The same classes in a book file itself, in each string that reaches the
# PDF's metadata (subject, author, keywords, the title variable), its
# outline, its contents links and its structure tags (a section's title):
# text builds; a noncharacter (exit 3 before: the output failed for an
# input that had been accepted), a control character or bytes that are
# not UTF-8 are refused where they stand in the file.
in_file() { # in_file NAME FIELD VALUE: the default book as NAME.yaml, VALUE in FIELD
    case $2 in
        title) book_with "$1" "title: \"$3\"" ;;
        *) V=$3 awk -v f="$2" -v id="$1" '
            /^id: / { print "id: " id; next }
            f == "subject" && /^subject: / { print "subject: \"" ENVIRON["V"] "\""; next }
            f == "author" && /^subject: / { print; print "author: \"" ENVIRON["V"] "\""; next }
            f == "keywords" && /^keywords: / { print "keywords: [\"" ENVIRON["V"] "\"]"; next }
            f == "section" && /^  - title: "Welcome"/ { print "  - title: \"" ENVIRON["V"] "\""; next }
            { print }' content/books/our-year.yaml >"$out/$1.yaml" ;;
    esac
    case $2 in
        title) pat='^  title: ' ;; section) pat='^  - title: ' ;; keywords) pat='^keywords: ' ;;
        *) pat="^$2: " ;;
    esac
    line=$(LC_ALL=C grep -n -m 1 -e "$pat" "$out/$1.yaml" | cut -d: -f1)
    [ "$2" = section ] && line=$(line_of content/books/our-year.yaml '^  - title: "Welcome"')
    col=$(sed -n "${line}p" "$out/$1.yaml" | LC_ALL=C awk '{ print index($0, "\"") + 1 }')
}
for field in subject author keywords title section; do
    texts >"$out/classes"
    while IFS='|' read -r class text; do
        c=file-$field-$class
        in_file "$c" "$field" "$text"
        write_case "$c" 0 "" build '{}' -o '{pdf}' --set weeks=1
        : >"$out/$c.machine-fonts"
        case $field in
            subject) echo "Subject: $text" >"$out/$c.info" ;;
            author) echo "Author: $text" >"$out/$c.info" ;;
            keywords) echo "Keywords: $text" >"$out/$c.info" ;;
            title) echo "Title: $text" >"$out/$c.info" ;;
        esac
    done <"$out/classes"
    noncharacters >"$out/classes"
    while IFS='|' read -r class h; do
        c=$(echo "file-$field-$class" | tr A-Z a-z) # a book's id is lowercase
        in_file "$c" "$field" "a$(u "$h")b"
        write_case "$c" 1 "$out/$c.yaml:$line:$((col + 1)): error: U+$h is a noncharacter" \
            build '{}' -o '{pdf}' --set weeks=1
    done <"$out/classes"
    { invalid; echo "control|x$(printf '\033')[2Jy"; echo "c1|x$(u 9B)y"; } >"$out/classes"
    while IFS='|' read -r class bytes; do
        c=file-$field-$class
        in_file "$c" "$field" "$bytes"
        write_case "$c" 1 "$out/$c.yaml:$line:" build '{}' -o '{pdf}' --set weeks=1
    done <"$out/classes"
done
rm "$out/classes"
