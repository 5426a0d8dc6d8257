#!/usr/bin/env python3
"""Turn bench/workbook.yaml into each benchmarked tool's input.

    gen.py [--weeks N] OUTDIR

writes, in OUTDIR:
  keepsake/            a data folder: content/books/workbook.yaml, the
                       exercises in content/bench/, layouts/bench-a5.yaml,
                       and links to the checkout's fonts/ and content/lang/
  workbook.html        for WeasyPrint (fonts by family name, via fontconfig)
  workbook.typ         for Typst (fonts from the checkout's fonts/)
  floor.txt            for bench/floor.c: one page a line, fields split by tabs

All four hold the same pages: cover, contents, per week a check-in and a
gratitude page, one page per story prompt, a closing page.
"""
import datetime
import html
import os
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
MON3 = [m[:3] for m in MONTHS]
WD3 = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def week_days(d, week):
    s = d["start"] + datetime.timedelta(days=7 * (week - 1))
    return [s + datetime.timedelta(days=i) for i in range(7)]


def day_label(day):
    return f"{WD3[day.weekday()]} {day.day} {MON3[day.month - 1]}"


def week_range(days):
    a, b = days[0], days[-1]
    if a.month == b.month:
        return f"{a.day}–{b.day} {MON3[b.month - 1]} {b.year}"
    if a.year == b.year:
        return f"{a.day} {MON3[a.month - 1]} – {b.day} {MON3[b.month - 1]} {b.year}"
    return f"{a.day} {MON3[a.month - 1]} {a.year} – {b.day} {MON3[b.month - 1]} {b.year}"


def pages(d):
    """The page list every tool draws, as (kind, fields) tuples."""
    n = d["weeks"]
    a, b = week_days(d, 1)[0], week_days(d, n)[-1]
    span = (f"{a.day} {MONTHS[a.month - 1]} {a.year} – "
            f"{b.day} {MONTHS[b.month - 1]} {b.year}")
    out = [("cover", {"title": d["title"], "name": d["name"], "range": span})]
    # contents: the sections and the first week of each month, with pages
    rows = [("The weeks", 1)]  # printed page numbers: the body starts at 1
    seen = set()
    for w in range(1, n + 1):
        first = week_days(d, w)[0]
        key = (first.year, first.month)
        if key not in seen:
            seen.add(key)
            rows.append((f"{MONTHS[first.month - 1]} {first.year}", 1 + 2 * (w - 1)))
    rows.append(("Stories", 1 + 2 * n))
    rows.append(("Looking back", 1 + 2 * n + len(d["stories"]["prompts"])))
    out.append(("contents", {"rows": rows}))
    ci, gr = d["check-in"], d["gratitude"]
    for w in range(1, n + 1):
        days = week_days(d, w)
        out.append(("check-in", {"title": ci["title"].replace("{week}", str(w)),
                                 "range": week_range(days), "intro": ci["intro"],
                                 "questions": ci["questions"], "lines": ci["lines"],
                                 "scale": ci["scale"]}))
        out.append(("gratitude", {"title": gr["title"], "range": week_range(days),
                                  "intro": gr["intro"], "lines": gr["lines"],
                                  "days": [day_label(x) for x in days]}))
    st = d["stories"]
    for p in st["prompts"]:
        out.append(("story", {"title": st["title"], "intro": st["intro"], "prompt": p}))
    out.append(("closing", d["closing"]))
    return out


# ---- keepsake ---------------------------------------------------------------

def esc(s):
    return html.escape(s, quote=False)


def q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_keepsake(d, out):
    data = os.path.join(out, "keepsake")
    for sub in ("content/books", "content/bench", "layouts"):
        os.makedirs(os.path.join(data, sub), exist_ok=True)
    for link, target in (("fonts", os.path.join(ROOT, "fonts")),
                         ("content/lang", os.path.join(ROOT, "content/lang"))):
        p = os.path.join(data, link)
        if not os.path.lexists(p):
            os.symlink(target, p)
    f, pg = d["fonts"], d["page"]
    m = pg["margin-mm"]
    layout = f"""type: layout
id: bench-a5
description: "The benchmark's workbook: A5, 15 mm margins, 8 mm lines"
page:
  size: [{pg['width-mm']}mm, {pg['height-mm']}mm]
  margins: {{top: {m}mm, bottom: {m}mm, inner: {m}mm, outer: {m}mm}}
  duplex: false
ruling:
  pitch: {d['pitch-mm']}mm
  width: 0.5pt
fonts:
  body: {{family: {q(f['body'])}, size: {f['body-pt']}pt}}
  heading: {{family: {q(f['heading'])}, size: {f['heading-pt']}pt, style: bold}}
  title: {{family: {q(f['body'])}, size: {f['title-pt']}pt}}
  label: {{family: {q(f['heading'])}, size: 8.5pt}}
footer:
  text: "{{page}}"
  align: outer
"""
    ci, gr, st, cl = d["check-in"], d["gratitude"], d["stories"], d["closing"]
    exercises = {
        "bench-check-in": f"""type: exercise
id: bench-check-in
practice: check-ins
kind: check-in
title: {q(ci['title'])}
intro: {q(esc(ci['intro']))}
questions:
""" + "".join(f"  - {q(esc(x))}\n" for x in ci["questions"]) + f"""scale:
  question: {q(esc(ci['scale']['question']))}
  low: {q(esc(ci['scale']['low']))}
  high: {q(esc(ci['scale']['high']))}
""",
        "bench-gratitude": f"""type: exercise
id: bench-gratitude
practice: appreciation
kind: gratitude
title: {q(esc(gr['title']))}
intro: {q(esc(gr['intro']))}
lines: {gr['lines']}
""",
        "bench-stories": f"""type: exercise
id: bench-stories
practice: stories
kind: story
title: {q(esc(st['title']))}
intro: {q(esc(st['intro']))}
prompts:
""" + "".join(f"  - {q(esc(x))}\n" for x in st["prompts"]),
        "bench-closing": f"""type: exercise
id: bench-closing
practice: rituals
kind: text
title: {q(esc(cl['title']))}
body:
""" + "".join(f"  - paragraph: {q(esc(x))}\n" for x in cl["paragraphs"]),
    }
    book = f"""type: book
id: workbook
layout: bench-a5
language: en
variables:
  title: {q(d['title'])}
  names: [{q(d['name'])}]
  start: {d['start'].isoformat()}
  weeks: {d['weeks']}
sections:
  - title: "{{title}}"
    matter: front
    contents: false
    pages:
      - page: cover
  - title: "Contents"
    matter: front
    contents: false
    pages:
      - page: contents
  - title: "The weeks"
    repeat: weekly
    entry: "Week {{week}}"
    pages:
      - exercise: bench-check-in
      - exercise: bench-gratitude
  - title: "Stories"
    pages:
      - exercise: bench-stories
        count: {len(st['prompts'])}
  - title: "Looking back"
    pages:
      - exercise: bench-closing
"""
    files = {"layouts/bench-a5.yaml": layout, "content/books/workbook.yaml": book}
    for k, v in exercises.items():
        files[f"content/bench/{k}.yaml"] = v
    for path, text in files.items():
        with open(os.path.join(data, path), "w", encoding="utf-8") as fh:
            fh.write(text)


# ---- the floor ----------------------------------------------------------------

def write_floor(d, pl, out):
    """One line of settings, then one page a line: the kind, then its fields,
    split by tabs (lists flattened in place)."""
    f, pg = d["fonts"], d["page"]
    lines = ["\t".join(str(x) for x in (
        "book", pg["width-mm"], pg["height-mm"], pg["margin-mm"], d["pitch-mm"],
        f["body"], f["heading"], f["body-pt"], f["heading-pt"], f["title-pt"]))]
    for kind, p in pl:
        if kind == "cover":
            fields = [p["title"], p["name"], p["range"]]
        elif kind == "contents":
            fields = [x for r in p["rows"] for x in (r[0], str(r[1]))]
        elif kind == "check-in":
            sc = p["scale"]
            fields = [p["title"], p["range"], p["intro"], str(p["lines"]), sc["question"],
                      sc["low"], sc["high"]] + p["questions"]
        elif kind == "gratitude":
            fields = [p["title"], p["range"], p["intro"], str(p["lines"])] + p["days"]
        elif kind == "story":
            fields = [p["title"], p["intro"], p["prompt"]]
        else:
            fields = [p["title"]] + p["paragraphs"]
        lines.append("\t".join([kind] + fields))
    with open(os.path.join(out, "floor.txt"), "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")


# ---- WeasyPrint -----------------------------------------------------------------

CSS = """
@page { size: %(w)smm %(h)smm; margin: %(m)smm;
        @bottom-right { content: counter(page); font: 8.5pt "%(sans)s"; color: #716b66; } }
@page cover { @bottom-right { content: none; } }
body { margin: 0; font: %(body)spt/1.3 "%(serif)s"; color: #2b2926; }
section { page-break-after: always; height: %(ch)smm; position: relative; }
section:last-child { page-break-after: auto; }
.cover { page: cover; text-align: center; }
.cover h1 { font: %(title)spt "%(serif)s"; margin: 55mm 0 6mm; color: #2b2926; }
.cover p { font: 11pt "%(sans)s"; color: #716b66; margin: 2mm 0; }
h2 { font: bold %(head)spt "%(sans)s"; color: #8c5440; margin: 0 0 1mm; display: flex;
     justify-content: space-between; align-items: baseline; }
h2 small { font: 8.5pt "%(sans)s"; color: #716b66; }
.intro { color: #716b66; margin: 0 0 4mm; }
.q { margin: 0.5mm 0 0; line-height: 1.15; }
.line { height: %(pitch)smm; border-bottom: 0.5pt solid #b9b3ab; }
.row { display: flex; align-items: flex-end; }
.row .day { width: 24mm; font: 8.5pt "%(sans)s"; color: #716b66; padding-bottom: 1mm; }
.row .lines { flex: 1; }
.scale { position: absolute; bottom: 0; left: 0; right: 0; }
.circles { width: 100%%; border-collapse: separate; border-spacing: 2.6mm 0; margin: 2mm 0 1mm; }
.circles td { width: 7mm; height: 7mm; border: 0.5pt solid #b9b3ab; border-radius: 50%%; padding: 0;
              font: 8.5pt "%(sans)s"; text-align: center; vertical-align: middle; color: #716b66; }
.ends { display: flex; justify-content: space-between; font: 8.5pt "%(sans)s"; color: #716b66; }
.toc { width: 100%%; border-collapse: collapse; font: 8.5pt "%(sans)s"; }
.toc td { padding: 1.2mm 0; white-space: nowrap; }
.toc td.leader { width: 100%%; border-bottom: 0.9pt dotted #b9b3ab; }
.toc a { color: inherit; text-decoration: none; }
.toc .sub td:first-child { padding-left: 5mm; }
"""


def lines_html(n):
    return '<div class="line"></div>' * n


def write_html(d, pl, out):
    f, pg = d["fonts"], d["page"]
    pitch = d["pitch-mm"]
    ch = pg["height-mm"] - 2 * pg["margin-mm"] - 8  # room for the footer
    css = CSS % {"w": pg["width-mm"], "h": pg["height-mm"], "m": pg["margin-mm"],
                 "sans": f["heading"], "serif": f["body"], "body": f["body-pt"],
                 "title": f["title-pt"], "head": f["heading-pt"], "pitch": pitch, "ch": ch}
    e = html.escape
    body = []
    for i, (kind, p) in enumerate(pl):
        if kind == "cover":
            body.append(f'<section class="cover"><h1>{e(p["title"])}</h1><p>{e(p["name"])}</p>'
                        f'<p>{e(p["range"])}</p></section>')
        elif kind == "contents":
            rows = "".join(
                f'<tr class="{"sub" if j and j < len(p["rows"]) - 2 else ""}"><td><a href="#p{n + 2}">'
                f'{e(t)}</a></td><td class="leader"></td><td><a href="#p{n + 2}">{n}</a></td></tr>'
                for j, (t, n) in enumerate(p["rows"]))
            body.append(f'<section id="p2"><h2>Contents</h2><table class="toc">{rows}</table></section>')
        elif kind == "check-in":
            qs = "".join(f'<p class="q">{e(x)}</p>{lines_html(p["lines"])}' for x in p["questions"])
            sc = p["scale"]
            circles = "".join(f"<td>{k}</td>" for k in range(1, 11))
            body.append(f'<section id="p{i + 1}"><h2>{e(p["title"])}<small>{e(p["range"])}</small></h2>'
                        f'<p class="intro">{e(p["intro"])}</p>{qs}<div class="scale">'
                        f'<p class="q">{e(sc["question"])}</p><table class="circles"><tr>{circles}</tr></table>'
                        f'<div class="ends"><span>{e(sc["low"])}</span><span>{e(sc["high"])}</span>'
                        f'</div></div></section>')
        elif kind == "gratitude":
            rows = "".join(f'<div class="row"><span class="day">{e(x)}</span><div class="lines">'
                           f'{lines_html(p["lines"])}</div></div>' for x in p["days"])
            body.append(f'<section id="p{i + 1}"><h2>{e(p["title"])}<small>{e(p["range"])}</small></h2>'
                        f'<p class="intro">{e(p["intro"])}</p>{rows}</section>')
        elif kind == "story":
            body.append(f'<section id="p{i + 1}"><h2>{e(p["title"])}</h2><p class="intro">'
                        f'{e(p["intro"])}</p><p class="q">{e(p["prompt"])}</p>{lines_html(15)}'
                        f'</section>')
        else:
            paras = "".join(f"<p>{e(x)}</p>" for x in p["paragraphs"])
            body.append(f'<section id="p{i + 1}"><h2>{e(p["title"])}</h2>{paras}</section>')
    doc = (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{e(d["title"])}'
           f'</title><style>{css}</style></head><body>{"".join(body)}</body></html>\n')
    with open(os.path.join(out, "workbook.html"), "w", encoding="utf-8") as fh:
        fh.write(doc)


# ---- Typst ---------------------------------------------------------------------

def ts(s):
    """A Typst string literal."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


TYPST_HEAD = """#set document(title: %(title)s)
#let muted = rgb("#716b66")
#let accent = rgb("#8c5440")
#let rulec = rgb("#b9b3ab")
#set page(width: %(w)smm, height: %(h)smm, margin: %(m)smm,
  footer: counter(page).display(n => if n > 1 { align(right, text(font: %(sans)s, size: 8.5pt,
    fill: muted, if n == 2 { "ii" } else { str(n - 2) })) }))
#set text(font: %(serif)s, size: %(body)spt, fill: rgb("#2b2926"))
#set par(leading: 0.45em)
#set block(spacing: 2mm)
#let lines(n) = block(width: 100%%, height: n * %(pitch)smm, spacing: 0pt, for i in range(n) {
  place(top + left, dy: (i + 1) * %(pitch)smm, line(length: 100%%, stroke: 0.5pt + rulec)) })
#let head(t, r) = { grid(columns: (1fr, auto), text(font: %(sans)s, size: %(head)spt, weight: "bold", fill: accent, t),
  text(font: %(sans)s, size: 8.5pt, fill: muted, r)); v(1mm) }
#let intro(t) = { text(fill: muted, t); v(4mm) }
#let scale(q, lo, hi) = { place(bottom, block(width: 100%%, {
  par(q); v(2mm)
  grid(columns: (1fr,) * 10, ..range(1, 11).map(k => align(center, circle(radius: 3.5mm, stroke: 0.5pt + rulec,
    align(center + horizon, text(font: %(sans)s, size: 8.5pt, fill: muted, str(k)))))))
  v(1mm)
  grid(columns: (1fr, 1fr), text(font: %(sans)s, size: 8.5pt, fill: muted, lo),
    align(right, text(font: %(sans)s, size: 8.5pt, fill: muted, hi))) })) }
"""


def write_typst(d, pl, out):
    f, pg = d["fonts"], d["page"]
    src = [TYPST_HEAD % {"title": ts(d["title"]), "w": pg["width-mm"], "h": pg["height-mm"],
                         "m": pg["margin-mm"], "sans": ts(f["heading"]), "serif": ts(f["body"] + " 12"),
                         "body": f["body-pt"], "head": f["heading-pt"], "pitch": d["pitch-mm"]}]
    sans = ts(f["heading"])
    for i, (kind, p) in enumerate(pl):
        if i:
            src.append("#pagebreak()")
        if kind == "cover":
            src.append(f'#v(55mm)\n#align(center)[#text(size: {f["title-pt"]}pt, weight: "regular", {ts(p["title"])})\n'
                       f'#v(6mm)\n#text(font: {sans}, fill: muted, {ts(p["name"])})\n\n'
                       f'#text(font: {sans}, fill: muted, {ts(p["range"])})]')
        elif kind == "contents":
            src.append(f'#head("Contents", "")')
            for j, (t, n) in enumerate(p["rows"]):
                ind = "5mm" if j and j < len(p["rows"]) - 2 else "0mm"
                src.append(f'#pad(left: {ind}, link(<p{n + 2}>, text(font: {sans}, size: 8.5pt, '
                           f'{ts(t)} + box(width: 1fr, repeat[ . ]) + "{n}")))')
        elif kind == "check-in":
            src.append(f'#head({ts(p["title"])}, {ts(p["range"])}) <p{i + 1}>\n#intro({ts(p["intro"])})')
            for x in p["questions"]:
                src.append(f'#v(2mm)\n#par({ts(x)})\n#lines({p["lines"]})')
            sc = p["scale"]
            src.append(f'#scale({ts(sc["question"])}, {ts(sc["low"])}, {ts(sc["high"])})')
        elif kind == "gratitude":
            src.append(f'#head({ts(p["title"])}, {ts(p["range"])}) <p{i + 1}>\n#intro({ts(p["intro"])})')
            for x in p["days"]:
                src.append(f'#grid(columns: (24mm, 1fr), align(bottom, pad(bottom: 1mm, text(font: {sans}, '
                           f'size: 8.5pt, fill: muted, {ts(x)}))), lines({p["lines"]}))')
        elif kind == "story":
            src.append(f'#head({ts(p["title"])}, "") <p{i + 1}>\n#intro({ts(p["intro"])})\n'
                       f'#par({ts(p["prompt"])})\n#lines(15)')
        else:
            src.append(f'#head({ts(p["title"])}, "") <p{i + 1}>')
            for x in p["paragraphs"]:
                src.append(f'#par({ts(x)})\n')
    text = "\n".join(src) + "\n"
    with open(os.path.join(out, "workbook.typ"), "w", encoding="utf-8") as fh:
        fh.write(text)
    # Typst 0.11 on (the newer engine) reads the page counter only in
    # `context`, which 0.10 does not have: the one difference.
    a = "footer: counter(page).display(n => if n > 1 {"
    b = "footer: context { let n = counter(page).get().first(); if n > 1 {"
    assert a in text
    text = text.replace(a, b).replace('else { str(n - 2) })) }))', 'else { str(n - 2) })) } })', 1)
    with open(os.path.join(out, "workbook-ts.typ"), "w", encoding="utf-8") as fh:
        fh.write(text)


def main(argv):
    weeks = None
    if len(argv) >= 2 and argv[0] == "--weeks":
        weeks = int(argv[1])
        argv = argv[2:]
    if len(argv) != 1:
        sys.exit("usage: gen.py [--weeks N] OUTDIR")
    with open(os.path.join(HERE, "workbook.yaml"), encoding="utf-8") as fh:
        d = yaml.safe_load(fh)
    if weeks:
        d["weeks"] = weeks
    out = argv[0]
    os.makedirs(out, exist_ok=True)
    pl = pages(d)
    write_keepsake(d, out)
    write_floor(d, pl, out)
    write_html(d, pl, out)
    write_typst(d, pl, out)


if __name__ == "__main__":
    main(sys.argv[1:])
