#!/bin/sh
# keepsake's benchmark: the default book against the peer (bench/peer.c, a
# direct Cairo + Pango program drawing as many pages), in one hyperfine
# invocation, so both see the same machine. Prints medians and the ratio.
set -eu
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "bench needs hyperfine: apt-get install -y hyperfine" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
pages=$(./keepsake build content/books/our-year.yaml --dump | sed -n 's/^document pages=\([0-9]*\).*/\1/p')
hyperfine -N -w 3 -r "${RUNS:-20}" --export-json "$out/h.json" \
    -n keepsake "./keepsake build content/books/our-year.yaml -o $out/k.pdf" \
    -n peer "bench/peer $pages $out/p.pdf" >/dev/null
python3 - "$out/h.json" "$pages" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
k, p = r["keepsake"]["median"], r["peer"]["median"]
n = int(sys.argv[2])
print(f"pages: {n}")
print(f"keepsake: median {k*1000:.1f} ms ({k/n*1000:.2f} ms a page)")
print(f"peer:     median {p*1000:.1f} ms ({p/n*1000:.2f} ms a page)")
print(f"ratio keepsake/peer: {k/p:.2f}")
PY
