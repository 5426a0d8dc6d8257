// Print a PDF's structure tree, one element a line, indented by depth:
// "NAME PAGES" and, for an element holding marked content, its text
// ("H1 2 "Welcome""); PAGES is the 1-based page, or FIRST-LAST when the
// element's content spans pages. Then "unmarked PAGE "TEXT"" for each piece
// of text drawn outside any structure element. mutool run.
//
// The text of MCID n on a page is that of the page's n-th outermost marked
// content sequence: cairo numbers them in order and never nests them. The
// /Span << /ActualText >> sequences cairo puts around a line break carry no
// MCID and are not counted.
var doc = new PDFDocument(scriptArgs[0]);
var n = doc.countPages();
var pageOf = {};
for (var i = 0; i < n; i++)
  pageOf[doc.findPage(i).toString()] = i + 1;

// Text is compared with the layout dump's, which has no ligatures.
var ligatures = { 0xfb00: "ff", 0xfb01: "fi", 0xfb02: "fl", 0xfb03: "ffi", 0xfb04: "ffl" };
var mcText = [], unmarked = [];
for (var i = 0; i < n; i++) {
  var texts = [], depth = 0, cur = -1, inSpan = false;
  var dev = {
    beginLayer: function (name) {
      if (depth++ == 0) {
        inSpan = name == "Span";
        if (!inSpan)
          texts[++cur] = "";
      }
    },
    endLayer: function () { depth--; },
    fillText: function (text) {
      var s = "";
      text.walk({ showGlyph: function (f, m, g, u) { s += ligatures[u] || String.fromCharCode(u); } });
      if (depth > 0 && !inSpan)
        texts[cur] += s;
      else if (depth == 0 || inSpan)
        unmarked.push("unmarked " + (i + 1) + " \"" + s + "\"");
    },
  };
  doc.loadPage(i).run(dev, Identity);
  mcText[i + 1] = texts;
}

var lines = [];
function walk(e, indent) { // returns [first page, last page] of e's content
  var name = e.get("S").asName(), k = e.get("K"), pg = e.get("Pg");
  var page = pg ? pageOf[pg.toString()] : 0;
  var at = lines.length, text = null, first = 0, last = 0;
  lines.push("");
  function mark(p) { if (!first || p < first) first = p; if (p > last) last = p; }
  function kid(c) {
    if (c.isNumber()) {
      mark(page);
      text = (text || "") + (mcText[page][c.asNumber()] || "");
    } else if (c.isDictionary() && String(c.get("Type")) == "/StructElem") {
      var r = walk(c, indent + "  ");
      if (r[0]) { mark(r[0]); mark(r[1]); }
    } else if (c.isDictionary() && String(c.get("Type")) == "/MCR") {
      var p = pageOf[c.get("Pg").toString()];
      mark(p);
      text = (text || "") + (mcText[p][c.get("MCID").asNumber()] || "");
    } // OBJR: a link annotation, no content of its own
  }
  if (k.isArray())
    for (var j = 0; j < k.length; j++) kid(k.get(j));
  else if (k)
    kid(k);
  lines[at] = indent + name + (first ? " " + first + (last != first ? "-" + last : "") : "") +
    (text != null ? " \"" + text + "\"" : "");
  return [first, last];
}
var root = doc.getTrailer().get("Root").get("StructTreeRoot");
if (root) {
  var top = root.get("K");
  if (top.isArray())
    for (var j = 0; j < top.length; j++) walk(top.get(j), "");
  else
    walk(top, "");
}
print(lines.join("\n"));
if (unmarked.length)
  print(unmarked.join("\n"));
