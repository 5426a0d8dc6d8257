#!/bin/sh
# Make sure the build and test dependencies are installed.
# On Debian/Ubuntu as root: install what is missing with apt-get.
# Elsewhere: print the exact command and fail.
# Usage: tools/deps.sh build|test
set -u
what=${1:-build}

# pkg-config module -> Debian package
need_pkgs=""
command -v pkg-config >/dev/null 2>&1 || need_pkgs="$need_pkgs pkg-config"
command -v cc >/dev/null 2>&1 || need_pkgs="$need_pkgs gcc"
for pair in cairo-pdf:libcairo2-dev pangocairo:libpango1.0-dev pangoft2:libpango1.0-dev \
            yaml-0.1:libyaml-dev fontconfig:libfontconfig-dev zlib:zlib1g-dev; do
    mod=${pair%%:*} pkg=${pair#*:}
    if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists "$mod" 2>/dev/null; then
        case " $need_pkgs " in *" $pkg "*) ;; *) need_pkgs="$need_pkgs $pkg" ;; esac
    fi
done
if [ "$what" = test ]; then
    for pair in pdfinfo:poppler-utils qpdf:qpdf mutool:mupdf-tools localedef:locales \
                /usr/bin/time:time bc:bc parallel:parallel strace:strace; do
        cmd=${pair%%:*} pkg=${pair#*:}
        command -v "$cmd" >/dev/null 2>&1 || need_pkgs="$need_pkgs $pkg"
    done
    # The personal-variables fuzz target (replayed in the suite) reads the
    # PDF's text back with poppler-glib.
    pkg-config --exists poppler-glib 2>/dev/null || need_pkgs="$need_pkgs libpoppler-glib-dev"
    # The schema test validates the shipped files with Python's jsonschema and yaml.
    py=python3
    [ -x /usr/bin/python3 ] && py=/usr/bin/python3 # where Debian's packages install
    "$py" -c 'import jsonschema, yaml' >/dev/null 2>&1 ||
        need_pkgs="$need_pkgs python3-jsonschema python3-yaml"
    # The font tests run with the machine's own fontconfig: they need system
    # copies of our families (to prove ours still win), a Devanagari font and
    # DejaVu (for the fallback) and no FONTCONFIG_FILE of the caller's.
    for pair in "EB Garamond:fonts-ebgaramond" "Lato:fonts-lato" ":charset=905:fonts-lohit-deva" \
                ":charset=2602:fonts-dejavu-core"; do
        pat=${pair%:*} pkg=${pair##*:}
        env -u FONTCONFIG_FILE fc-list "$pat" file 2>/dev/null | grep -q . ||
            need_pkgs="$need_pkgs $pkg"
    done
fi

if [ -n "$need_pkgs" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "keepsake: installing:$need_pkgs" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >&2 && apt-get install -y -qq $need_pkgs >&2 || {
            echo "keepsake: apt-get failed; run: apt-get install -y$need_pkgs" >&2
            exit 1
        }
    else
        echo "keepsake: missing build dependencies. Install them with:" >&2
        if command -v apt-get >/dev/null 2>&1; then
            echo "  sudo apt-get install -y$need_pkgs" >&2
        elif command -v dnf >/dev/null 2>&1; then
            echo "  sudo dnf install -y cairo-devel pango-devel libyaml-devel fontconfig-devel zlib-devel poppler-utils poppler-glib-devel qpdf python3-jsonschema python3-pyyaml" >&2
        elif command -v brew >/dev/null 2>&1; then
            echo "  brew install pkg-config cairo pango libyaml fontconfig poppler qpdf" >&2
        else
            echo "  (Debian names)$need_pkgs" >&2
        fi
        exit 1
    fi
fi

# The tests also run under a decimal-comma locale.
if [ "$what" = test ] && ! locale -a 2>/dev/null | grep -qi '^fr_FR\.utf-\?8$'; then
    if [ "$(id -u)" = 0 ]; then
        localedef -i fr_FR -f UTF-8 fr_FR.UTF-8 >&2 || echo "keepsake: could not make the fr_FR.UTF-8 locale" >&2
    else
        echo "keepsake: the locale test needs fr_FR.UTF-8: sudo localedef -i fr_FR -f UTF-8 fr_FR.UTF-8" >&2
    fi
fi
exit 0
