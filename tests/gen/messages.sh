#!/bin/sh
# Messages are safe for a terminal: unknown keys, values, --set names and
# file names holding ANSI escape sequences, other C0 and C1 controls, bidi
# controls, invalid UTF-8 and 10 kB of text come back escaped (\x1b, \u009b,
# \xff) and shortened ('…'), at their position. (tests/run.sh also checks
# that no message line holds a raw control byte or runs past DIAG_MAX_LINE.)
. tests/gen/lib.sh

esc=$(printf '\033')
ten_kb=$(repeat 10240 a)
a56=$(repeat 56 a)
a60=$(repeat 60 a)
a94=$(repeat 94 a)
a100=$(repeat 100 a)
dots=$(utf8 2026)

# exercise NAME KEY-OR-VALUE-LINE: a file whose second line is the given
# YAML (escapes such as \e are libyaml's, so the bytes reach keepsake).
exercise() {
    printf 'type: exercise\n%s\n' "$2" >"$out/$1.yaml"
}

exercise key-ansi '"\e[31m\e]0;pwned\a\e[2J": 1'
write_case key-ansi 1 "$out/key-ansi.yaml:2:1: error: unknown key '\\x1b[31m\\x1b]0;pwned\\x07\\x1b[2J' in an exercise" \
    check '{}'
exercise key-c1-bidi '"\x9b31m\x85\u2028\u202e\u2066\u200f": 1'
write_case key-c1-bidi 1 "$out/key-c1-bidi.yaml:2:1: error: unknown key '\\u009b31m\\u0085\\u2028\\u202e\\u2066\\u200f' in an exercise" \
    check '{}'
# (libyaml allows a plain key up to 1,024 characters: a longer one is a
# syntax error, which quotes nothing.)
exercise key-1000 "\"\\e[2J$(repeat 1000 a)\": 1"
write_case key-1000 1 "$out/key-1000.yaml:2:1: error: unknown key '\\x1b[2J$a56$dots' in an exercise" \
    check '{}'
exercise value-ansi 'practice: "\e[31mevil\e[0m"'
write_case value-ansi 1 "$out/value-ansi.yaml:2:11: error: 'practice' cannot be '\\x1b[31mevil\\x1b[0m' (one of:" \
    check '{}'
exercise value-10kb "practice: \"$ten_kb\""
write_case value-10kb 1 "$out/value-10kb.yaml:2:11: error: 'practice' cannot be '$a60$dots' (one of:" \
    check '{}'
# Quotes that do not pair leave the value unquoted: the line stops at
# DIAG_MAX_LINE instead.
exercise value-quotes-10kb "practice: \"$(repeat 2500 "a' b")\""
write_case value-quotes-10kb 1 "$out/value-quotes-10kb.yaml:2:11: error: 'practice' cannot be 'a' b" \
    check '{}'

# File names: an escape sequence, invalid UTF-8 with a C1 control (U+009B
# as UTF-8), a line break; and one that does not exist.
file_case() { # file_case NAME FILE SHOWN
    printf 'type: exercise\nx: 1\n' >"$out/$2"
    printf '%s' "$out/$2" >"$out/$1.input"
    write_case "$1" 1 "$out/$3:2:1: error: unknown key 'x' in an exercise" check "$out/$2"
}
file_case file-ansi "$esc]0;pwned$(printf '\007')${esc}[2J.yaml" '\x1b]0;pwned\x07\x1b[2J.yaml'
file_case file-invalid-utf8 "$(printf '\377\376\302\233').yaml" '\xff\xfe\u009b.yaml'
file_case file-newline "$(printf 'a\nb').yaml" 'a\x0ab.yaml'
write_case file-missing-ansi 1 "$out/\\x1b[2Jmissing.yaml: error: cannot open" check "$out/${esc}[2Jmissing.yaml"

# --set names: the name is the position ("--set NAME") and is quoted.
set_case set-name-ansi 1 "--set \\x1b[31mnames: error: the book has no variable '\\x1b[31mnames'" \
    "${esc}[31mnames=x"
set_case set-name-invalid-utf8 1 "--set \\xff\\xc0names: error: the book has no variable '\\xff\\xc0names'" \
    "$(printf '\377\300')names=x"
set_case set-name-10kb 1 "--set $a94$dots$a100: error: the book has no variable '$a60$dots'" \
    "$ten_kb=x"
set_case set-value-1000 1 "--set weeks: error: 'weeks' must be a whole number from 1 to 520, not '$(repeat 60 9)$dots'" \
    "weeks=$(repeat 1000 9)"
set_case set-value-ansi 1 "--set dedication: error: the value of 'dedication' holds a control character" \
    "dedication=${esc}[2J"
