#!/bin/sh
# Bounded work: a few kilobytes of YAML must never make keepsake lay out
# millions of pages or gigabytes of text. For every list-valued key of the
# schema (read from `keepsake schema`, so a new key is covered without
# touching this script), the first file of the data folder that uses it is
# copied with that list fanned out through aliases: as many items as the
# schema allows, each an alias of one item whose texts are all one 60 kB
# text (itself an alias). The copy is built in a book of 52 weeks (an
# exercise, a layout and a language in a data folder of their own, made of
# links to the real one). A list whose items hold text must be refused with
# a message at the copy (exit 1); one whose items hold no text (a page
# size) has nothing to grow, and renders. Then the other ways to ask for
# much: many weeks and `count`, sections and entries aliased, months of
# outline rows, thousands of texts on a page. Each case runs under the
# bad-input suite's checks: 2 s, 200 MB, no output left, input unchanged.
# A list key that no file in the data folder uses fails the generator:
# add a file that uses it to tests/gen/uses/.
. tests/gen/lib.sh

KEEPSAKE=${KEEPSAKE:-./keepsake}
"$KEEPSAKE" schema >"$out/schema.json"
python3 - "$out" <<'EOF'
import glob
import shutil, json, os, sys
import yaml

out = sys.argv[1]
root = os.getcwd()
schema = json.load(open(os.path.join(out, "schema.json")))
defs = schema["$defs"]
os.unlink(os.path.join(out, "schema.json"))
BIG = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 1100)[:60000]
CAP = 10000  # items of a list the schema does not bound


def alts(s):
    """The schema alternatives of s, each with its path suffix (nested
    anyOf flattened: a page size is a name, a pattern or a pair)."""
    if isinstance(s, dict) and "anyOf" in s:
        return [(b, "/anyOf[%d]%s" % (i, suffix))
                for i, a in enumerate(s["anyOf"]) for b, suffix in alts(a)]
    return [(s, "")]


def deref(s, path):
    while isinstance(s, dict) and "$ref" in s:
        name = s["$ref"].split("/")[-1]
        s, path = defs[name], "/$defs/" + name
    return s, path


def root_of(doc):
    t = doc.get("type")
    if t == "exercise":
        name = "%s-exercise" % doc.get("kind")
        return "/$defs/" + name if name in defs else "/$defs/exercise"
    if t in ("book", "layout", "language"):
        return "/$defs/" + t
    return None


def schema_at(path):
    s = schema
    for part in path.strip("/").split("/"):
        if part.startswith("anyOf["):
            s = s["anyOf"][int(part[6:-1])]
        else:
            s = s[part]
    return s


# Where each list-valued key is used: schema path -> (file, data path).
uses = {}


def walk(node, s, spath, file, dpath):
    s, spath = deref(s, spath)
    for a, suffix in alts(s):
        a, apath = deref(a, spath + suffix)
        if isinstance(node, list) and isinstance(a, dict) and a.get("type") == "array":
            uses.setdefault(apath, (file, dpath))
            for i, item in enumerate(node):
                walk(item, a.get("items", {}), apath + "/items", file, dpath + [i])
            return
        if isinstance(node, dict) and isinstance(a, dict) and "properties" in a:
            for k, v in node.items():
                sub = a["properties"].get(k)
                if isinstance(sub, dict):
                    walk(v, sub, apath + "/properties/" + k, file, dpath + [k])
            return


# The data folder's files, then those of tests/gen/uses/ for the forms it
# does not use.
files = sorted(glob.glob("content/*/*.yaml") + glob.glob("layouts/*.yaml"))
for f in files + sorted(glob.glob("tests/gen/uses/*.yaml")):
    doc = yaml.safe_load(open(f))
    if isinstance(doc, dict) and root_of(doc):
        walk(doc, schema_at(root_of(doc)), root_of(doc), f, [])

# Every list-valued key of the schema, wherever it is.
wanted = []


def find_arrays(s, path):
    if isinstance(s, dict):
        if s.get("type") == "array":
            wanted.append(path)
        for k, v in s.items():
            find_arrays(v, path + "/" + k)
    elif isinstance(s, list):
        for i, v in enumerate(s):
            find_arrays(v, "%s[%d]" % (path, i))


find_arrays(defs, "/$defs")
missing = [p for p in wanted if p not in uses]
if missing:
    sys.exit("fanout.sh: no file in the data folder uses %s; add one that does" % ", ".join(missing))


class Alias:
    def __init__(self, name, value):
        self.name, self.value = name, value


def is_text(s):
    return isinstance(s, dict) and s.get("$ref") == "#/$defs/text"


def inflate(node, s, spath, grown):
    """node with every free text in it replaced by the big text."""
    if is_text(s) and isinstance(node, str):
        grown.append(1)
        return Alias("t", BIG)
    s, spath = deref(s, spath)
    if (isinstance(s, dict) and any(is_text(a) for a, _ in alts(s))
                      and isinstance(node, str)):
        grown.append(1)
        return Alias("t", BIG)
    for a, suffix in alts(s):
        a, apath = deref(a, spath + suffix)
        if a is not s and is_text(a) and isinstance(node, str):
            grown.append(1)
            return Alias("t", BIG)
        if isinstance(node, list) and isinstance(a, dict) and a.get("type") == "array":
            return [inflate(x, a.get("items", {}), apath + "/items", grown) for x in node]
        if isinstance(node, dict) and isinstance(a, dict) and "properties" in a:
            return {k: inflate(v, a["properties"][k], apath + "/properties/" + k, grown)
                    if isinstance(a["properties"].get(k), dict) else v
                    for k, v in node.items()}
    return node


def emit(node, defined):
    """node as YAML flow (JSON, with anchors and aliases)."""
    if isinstance(node, Alias):
        if node.name in defined:
            return "*" + node.name
        defined.add(node.name)
        return "&%s %s" % (node.name, emit(node.value, defined))
    if isinstance(node, dict):
        return "{%s}" % ", ".join("%s: %s" % (json.dumps(str(k)), emit(v, defined))
                                  for k, v in node.items())
    if isinstance(node, list):
        return "[%s]" % ", ".join(emit(v, defined) for v in node)
    if node is True or node is False:
        return "true" if node else "false"
    if node is None:
        return "null"
    if hasattr(node, "isoformat"):
        return json.dumps(node.isoformat())
    return json.dumps(str(node), ensure_ascii=False)


def block(doc):
    """The top level as block YAML, one key a line, values in flow."""
    defined = set()
    return "".join("%s: %s\n" % (k, emit(v, defined)) for k, v in doc.items())


def quote(w):
    return "'" + w.replace("'", "'\\''") + "' "


def case(name, code, where, args, input_path):
    open(os.path.join(out, name + ".args"), "w").write("".join(quote(a) for a in args))
    if code != 1:
        open(os.path.join(out, name + ".code"), "w").write("%d\n" % code)
    open(os.path.join(out, name + ".where"), "w").write(where)
    open(os.path.join(out, name + ".input"), "w").write(input_path)


def data_folder(name, replaced, text):
    """A data folder of links to the real one, with file `replaced` as `text`."""
    d = os.path.join(out, name + ".data")
    for f in sorted(glob.glob("content/*/*.yaml") + glob.glob("layouts/*.yaml")):
        os.makedirs(os.path.join(d, os.path.dirname(f)), exist_ok=True)
        if f == replaced:
            open(os.path.join(d, f), "w").write(text)
        else:
            os.symlink(os.path.join(root, f), os.path.join(d, f))
    os.symlink(os.path.join(root, "fonts"), os.path.join(d, "fonts"))
    return d


def fan_out(doc, dpath, item, n, name, file, code):
    node = doc
    for k in dpath[:-1]:
        node = node[k]
    node[dpath[-1]] = [item if isinstance(item, Alias) else Alias("i", item)] * n
    kind = doc.get("type")
    if kind == "book":
        path = os.path.join(out, name + ".yaml")
        doc["variables"]["weeks"] = 52
        open(path, "w").write(block(doc))
        case(name, code, path + ":" if code else "", ["build", path, "-o", "{pdf}"], path)
        return
    fanned = block(doc)
    if file.startswith("tests/"):  # a layout of tests/gen/uses/, beside the case
        path = os.path.join(out, name + ".yaml")
        doc["id"] = name
        open(path, "w").write(block(doc))
        case(name, code, path + ":" if code else "",
             ["build", "content/books/our-year.yaml", "-l", path, "-o", "{pdf}"], path)
        return
    d = data_folder(name, file, fanned)
    path = os.path.join(d, file)
    if kind == "exercise":
        book = {k: default_book[k] for k in ("type", "id", "layout", "language", "variables")}
        book["id"] = "fan"
        book["sections"] = [{"title": "Weeks", "repeat": "weekly", "entry": "Week {week}",
                             "pages": [{"exercise": doc["id"]}]}]
        bpath = os.path.join(d, "content/books/fan.yaml")
        os.makedirs(os.path.dirname(bpath), exist_ok=True)
        open(bpath, "w").write(block(book))
        args = ["build", bpath, "--data", d, "-o", "{pdf}"]
    else:
        # the default book, in the data folder: its own folder comes first
        # on the search path, before the repository's (a book's own folders
        # are those at or above it)
        bpath = os.path.join(d, "content/books/our-year.yaml")
        os.makedirs(os.path.dirname(bpath), exist_ok=True)
        if os.path.islink(bpath):
            os.unlink(bpath)
        shutil.copyfile("content/books/our-year.yaml", bpath)
        args = ["build", bpath, "--data", d, "-o", "{pdf}"]
    case(name, code, path + ":" if code else "", args, path)


default_book = yaml.safe_load(open("content/books/our-year.yaml"))
for spath in wanted:
    file, dpath = uses[spath]
    doc = yaml.safe_load(open(file))
    a = schema_at(spath)
    node = doc
    for k in dpath[:-1]:
        node = node[k]
    grown = []
    item = inflate(node[dpath[-1]][0], a.get("items", {}), spath + "/items", grown)
    # As many items as the schema allows (the loader's limits may stop it),
    # and as many as stay within them (the model's and plan's limits must).
    most = min(a.get("maxItems", CAP), CAP)
    fit = max(a.get("minItems", 1), min(most, 7 * 2**20 // (len(BIG) * max(len(grown), 1))))
    name = spath.replace("/$defs/", "").replace("/properties/", "-").replace("/", "-")
    name = name.replace("[", "").replace("]", "").lower()
    for suffix, n in (("-most", most), ("-fit", fit)) if fit < most else (("", most),):
        fan_out(doc, dpath, item, n, name + suffix, file, 1 if grown else 0)
EOF

# Many pages: weeks, count, sections and entries, multiplied.
book() { # book NAME SECTIONS-YAML: the default book's head, these sections
    awk '/^sections:/ { exit } { print }' content/books/our-year.yaml | sed "s/^id: .*/id: $1/" >"$out/$1.yaml"
    printf 'sections:\n%s\n' "$2" >>"$out/$1.yaml"
}
pages_case() { # pages_case NAME LINE-PATTERN: the book NAME is refused at a line matching PATTERN
    write_case "$1" 1 "$out/$1.yaml:$(line_of "$out/$1.yaml" "$2"):" build '{}' -o '{pdf}' --set weeks=520
}
book weeks-count '  - title: "Weeks"
    repeat: weekly
    entry: "Week {week}"
    pages:
      - exercise: notes
        count: 100'
pages_case weeks-count 'exercise: notes'

book sections-aliased '  - &s
    title: "Notes"
    pages: &p [{exercise: notes, count: 100}, {exercise: dot-notes, count: 100}, {exercise: grid-notes, count: 100}]
  - *s
  - *s
  - {title: "More", pages: *p}'
for i in $(seq 150); do echo '  - *s'; done >>"$out/sections-aliased.yaml"
write_case sections-aliased 1 "$out/sections-aliased.yaml:" build '{}' -o '{pdf}'

book weekly-sections '  - &w
    title: "Weeks"
    repeat: weekly
    entry: "Week {week}"
    pages: [{exercise: notes, every: 520}]'
for i in $(seq 199); do echo '  - *w'; done >>"$out/weekly-sections.yaml"
write_case weekly-sections 1 "$out/weekly-sections.yaml:" build '{}' -o '{pdf}' --set weeks=520

book for-each '  - title: "Letters"
    repeat: weekly
    entry: "Week {week}"
    pages: [{exercise: letter, count: 10}]'
write_case for-each 1 "$out/for-each.yaml:$(line_of "$out/for-each.yaml" 'exercise: letter'):" \
    build '{}' -o '{pdf}' --set weeks=520 --set 'names=A, B, C, D'
