#!/bin/sh
# Text that cannot fit fails fast. A run of characters with nowhere to
# break a line (one word of 60,000 letters) made Pango shape it again for
# every line, seconds of work before "no room"; it is refused at the text,
# in each place text goes (a paragraph, a prompt, a title, a heading, a
# section of a book). Runs that can break (CJK, words with spaces) and a run
# as long as the limit still build, within the same 2 s.
. tests/gen/lib.sh

limit=$(sed -n 's/.*MODEL_MAX_UNBREAKABLE = \([0-9]*\),.*/\1/p' src/model.h)
long=$(repeat 60000 x)

exercise() { # exercise NAME KIND BODY-YAML: an exercise file NAME.yaml
    printf 'type: exercise\nid: %s\npractice: check-ins\nkind: %s\ntitle: "Title"\n%s\n' \
        "$1" "$2" "$3" >"$out/$1.yaml"
}
refused() { # refused NAME PATTERN: a worksheet of NAME is refused at the text after PATTERN
    l=$(line_of "$out/$1.yaml" "$2")
    c=$(sed -n "${l}p" "$out/$1.yaml" | awk -v p="$2" '{ print index($0, p) + length(p) }')
    write_case "$1" 1 "$out/$1.yaml:$l:$c: error: this text has 60000 characters in a row" \
        worksheet '{}' -o '{pdf}'
}

exercise paragraph text "body:
  - paragraph: \"$long\""
refused paragraph 'paragraph: '
exercise list-item text "body:
  - list: [\"short\", \"$long\"]"
l=$(line_of "$out/list-item.yaml" 'list: ')
write_case list-item 1 "$out/list-item.yaml:$l:" worksheet '{}' -o '{pdf}'
exercise heading text "body:
  - heading: \"$long\"
  - paragraph: \"x\""
refused heading 'heading: '
exercise story-prompt story "prompts:
  - \"$long\""
refused story-prompt '- '
exercise title notes "style: lined"
sed -i "s/^title: .*/title: \"$long\"/" "$out/title.yaml"
refused title 'title: '

# A book section's title goes to the outline, the contents and page heads.
awk '/^sections:/ { exit } { print }' content/books/our-year.yaml >"$out/section-title.yaml"
printf 'sections:\n  - title: "%s"\n    pages:\n      - exercise: notes\n' "$long" >>"$out/section-title.yaml"
refused section-title '  - title: '
sed -i "s/'worksheet'/'build'/" "$out/section-title.args"

# What can break, builds.
exercise words text "body:
  - paragraph: \"$(repeat 5000 'lorem ipsum ')\""
write_case words 0 "" worksheet '{}' -o '{pdf}'
exercise cjk text "body:
  - paragraph: \"$(repeat 20000 "$(utf8 4E00)")\""
write_case cjk 0 "" worksheet '{}' -o '{pdf}'
exercise at-limit text "body:
  - paragraph: \"$(repeat "$limit" x)\""
write_case at-limit 0 "" worksheet '{}' -o '{pdf}'
exercise over-limit text "body:
  - paragraph: \"$(repeat $((limit + 1)) x)\""
write_case over-limit 1 "$out/over-limit.yaml:7:16: error: this text has $((limit + 1)) characters in a row" \
    worksheet '{}' -o '{pdf}'
