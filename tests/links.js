// Print every link of a PDF as "FROM TO" (1-based page numbers); mutool run.
var doc = new Document(scriptArgs[0]);
var n = doc.countPages();
for (var i = 0; i < n; i++) {
  var links = doc.loadPage(i).getLinks();
  for (var j = 0; j < links.length; j++) {
    var t = doc.resolveLink(links[j].uri);
    var to = typeof t == "object" ? t.page : t;
    print((i + 1) + " " + (to + 1));
  }
}
