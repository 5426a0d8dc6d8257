#!/bin/sh
# Usage errors are safe too: the command line is as untrusted as a file (a
# script may pass a shared file's text as an argument), and a usage error
# quotes it. Each kind of hostile text (an escape sequence that would clear
# the screen, an OSC title, a bidi override, bytes that are not UTF-8, a
# 10 kB argument) in each place a usage error quotes one (the command, an
# option's name, an option's value, --set) must exit 2 with the message
# escaped and shortened: the suite's check on every case refuses raw
# controls, bidi controls, invalid UTF-8 and lines over DIAG_MAX_LINE.
. tests/gen/lib.sh

# name|text: the hostile texts.
texts() {
    echo "csi|x$(printf '\033')[2Jy"
    echo "osc|x$(printf '\033')]0;owned$(printf '\007')y"
    echo "c1|x$(printf '\302\233')31my"
    echo "bidi|x$(utf8 202E)gnp.exe"
    echo "invalid|x$(printf '\377\376')y"
    echo "long|$(repeat 10000 a)"
}

texts >"$out/classes"
while IFS='|' read -r class t; do
    write_case "command-$class" 2 "keepsake: unknown command '" "$t"
    write_case "help-$class" 2 "keepsake: unknown command '" help "$t"
    write_case "option-$class" 2 "keepsake: Unknown option --" build '{}' "--$t"
    write_case "set-$class" 2 "keepsake: --set needs KEY=VALUE, not '" build '{}' --set "$t"
    # (GLib may refuse a value its locale cannot convert before we see it)
    write_case "format-$class" 2 "keepsake: " schema "--format=$t"
    write_case "signature-$class" 2 "keepsake: Cannot parse integer value" build '{}' "--signature=$t"
done <"$out/classes"
rm "$out/classes"
