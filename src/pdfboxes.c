/* pdfboxes: see pdfboxes.h.
 *
 * The layout of Cairo 1.16's output that this relies on: a classic
 * cross-reference table ("xref", subsections of 20-byte entries), a
 * "trailer" dictionary after it and "startxref" with its offset at the
 * end; each page a dictionary object without a stream, beginning
 * "<< /Type /Page" and holding "/MediaBox [ ... ]". */
#include "pdfboxes.h"

#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Limit: more objects than this is not a PDF keepsake wrote (a 100000-page
 * book has about a million). */
#define PDFBOXES_MAX_OBJECTS 50000000

typedef struct {
    size_t offset; /* 0: free */
    size_t insert; /* where the boxes go in the object, 0: not a page */
} entry_t;

/* memmem() is a GNU extension. */
static const unsigned char *find(const unsigned char *hay, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    for (size_t i = 0; m <= n && i <= n - m; i++)
        if (hay[i] == (unsigned char)needle[0] && !memcmp(hay + i, needle, m))
            return hay + i;
    return NULL;
}

/* A decimal number at `*p` (below `end`), then skip the blanks after it. */
static bool number(const unsigned char **p, const unsigned char *end, size_t *out)
{
    size_t v = 0;
    const unsigned char *s = *p;
    if (s >= end || *s < '0' || *s > '9')
        return false;
    while (s < end && *s >= '0' && *s <= '9') {
        if (v > PDFBOXES_MAX_OBJECTS * (size_t)100)
            return false;
        v = v * 10 + (size_t)(*s++ - '0');
    }
    while (s < end && (*s == ' ' || *s == '\r' || *s == '\n'))
        s++;
    *p = s;
    *out = v;
    return true;
}

/* The offset "startxref" gives, from the file's last 64 bytes. */
static bool startxref(const unsigned char *pdf, size_t len, size_t *out)
{
    size_t from = len > 64 ? len - 64 : 0;
    const unsigned char *s = find(pdf + from, len - from, "startxref"), *end = pdf + len;
    if (!s)
        return false;
    s += strlen("startxref");
    while (s < end && (*s == '\r' || *s == '\n' || *s == ' '))
        s++;
    return number(&s, end, out) && *out < len;
}

/* Where the boxes go in the object at `off`, or 0 if it is not a page;
 * false if it is not an object at all. `n` is the object's number. */
static bool page_insert(const unsigned char *pdf, size_t len, size_t off, size_t n,
                        size_t *insert)
{
    const unsigned char *s = pdf + off, *end = pdf + len;
    size_t num, gen;
    *insert = 0;
    if (!number(&s, end, &num) || num != n || !number(&s, end, &gen) ||
        (size_t)(end - s) < 3 || memcmp(s, "obj", 3))
        return false;
    s += 3;
    while (s < end && (*s == ' ' || *s == '\r' || *s == '\n'))
        s++;
    const char *page = "<< /Type /Page";
    size_t m = strlen(page);
    if ((size_t)(end - s) <= m || memcmp(s, page, m) || !strchr(" %/>\r\n", s[m]))
        return true; /* another object (/Pages has an 's' here) */
    const unsigned char *obj_end = find(s, (size_t)(end - s), "endobj");
    const unsigned char *mb = obj_end ? find(s, (size_t)(obj_end - s), "/MediaBox") : NULL;
    const unsigned char *close = mb ? memchr(mb, ']', (size_t)(obj_end - mb)) : NULL;
    if (!close)
        return false;
    *insert = (size_t)(close + 1 - pdf);
    return true;
}

static void rect(GString *g, const char *name, const pdfboxes_rect_t *r)
{
    char f[4][32];
    g_string_append_printf(g, "\n   /%s [ %s %s %s %s ]", name, text_fmt(f[0], 32, r->x0, 2),
                           text_fmt(f[1], 32, r->y0, 2), text_fmt(f[2], 32, r->x1, 2),
                           text_fmt(f[3], 32, r->y1, 2));
}

static int by_insert(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

bool pdfboxes_rewrite(const unsigned char *pdf, size_t len, const pdfboxes_rect_t *trim,
                      const pdfboxes_rect_t *bleed, GByteArray *out, const char **why)
{
    size_t xref, n_obj = 0;
    entry_t *e = NULL;
    size_t *ins = NULL, n_ins = 0;
    bool ok = false;
    const unsigned char *s, *end = pdf + len, *trailer;
    *why = "no startxref at its end";
    if (!startxref(pdf, len, &xref))
        goto out;
    *why = "no classic cross-reference table where startxref says";
    s = pdf + xref;
    if ((size_t)(end - s) < 5 || memcmp(s, "xref", 4))
        goto out;
    s += 4;
    while (s < end && (*s == '\r' || *s == '\n' || *s == ' '))
        s++;
    /* subsections: "FIRST COUNT", then COUNT entries of 20 bytes */
    while (s < end && *s != 't') {
        size_t first, count;
        if (!number(&s, end, &first) || !number(&s, end, &count) ||
            first + count > PDFBOXES_MAX_OBJECTS || (size_t)(end - s) / 20 < count)
            goto out;
        if (first + count > n_obj) {
            e = realloc(e, (first + count) * sizeof *e);
            if (!e)
                g_error("out of memory");
            memset(e + n_obj, 0, (first + count - n_obj) * sizeof *e);
            n_obj = first + count;
        }
        for (size_t i = 0; i < count; i++, s += 20) {
            const unsigned char *p = s;
            size_t off;
            if (s[17] == 'f')
                continue;
            if (s[17] != 'n' || !number(&p, s + 10, &off) || off >= xref)
                goto out;
            e[first + i].offset = off;
        }
    }
    trailer = s;
    if ((size_t)(end - trailer) < 7 || memcmp(trailer, "trailer", 7))
        goto out;
    *why = "an object is not where the cross-reference table says, or a page has no MediaBox";
    ins = malloc((n_obj + 1) * sizeof *ins);
    if (!ins)
        g_error("out of memory");
    for (size_t i = 0; i < n_obj; i++) {
        if (!e[i].offset)
            continue;
        if (!page_insert(pdf, xref, e[i].offset, i, &e[i].insert))
            goto out;
        if (e[i].insert)
            ins[n_ins++] = e[i].insert;
    }
    *why = "no pages";
    if (!n_ins)
        goto out;
    qsort(ins, n_ins, sizeof *ins, by_insert);

    GString *boxes = g_string_new(NULL);
    rect(boxes, "TrimBox", trim);
    rect(boxes, "BleedBox", bleed);
    size_t start = out->len, from = 0;
    for (size_t k = 0; k < n_ins; k++) {
        g_byte_array_append(out, pdf + from, (guint)(ins[k] - from));
        g_byte_array_append(out, (const guint8 *)boxes->str, (guint)boxes->len);
        from = ins[k];
    }
    g_byte_array_append(out, pdf + from, (guint)(xref - from));
    /* an object moved by the boxes inserted before it */
    GString *x = g_string_new(NULL);
    g_string_append_printf(x, "xref\n0 %zu\n", n_obj);
    for (size_t i = 0; i < n_obj; i++) {
        if (!e[i].offset) {
            g_string_append(x, i ? "0000000000 00000 f \n" : "0000000000 65535 f \n");
            continue;
        }
        size_t before = 0, hi = n_ins; /* inserts before the object: binary search */
        while (before < hi) {
            size_t mid = before + (hi - before) / 2;
            if (ins[mid] < e[i].offset)
                before = mid + 1;
            else
                hi = mid;
        }
        g_string_append_printf(x, "%010zu 00000 n \n", e[i].offset + before * boxes->len);
    }
    size_t new_xref = out->len - start;
    g_byte_array_append(out, (const guint8 *)x->str, (guint)x->len);
    const unsigned char *sx = find(trailer, (size_t)(end - trailer), "startxref");
    g_byte_array_append(out, trailer, (guint)(sx - trailer));
    g_string_printf(x, "startxref\n%zu\n%%%%EOF\n", new_xref);
    g_byte_array_append(out, (const guint8 *)x->str, (guint)x->len);
    g_string_free(x, TRUE);
    g_string_free(boxes, TRUE);
    ok = true;
out:
    free(e);
    free(ins);
    return ok;
}
