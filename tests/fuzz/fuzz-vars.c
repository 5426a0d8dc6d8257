/* Fuzz target: personal variables end to end, from the value typed to the
 * text laid out. The input (up to a NUL) is the value of `title` and of
 * `dedication` in tests/fuzz/book.yaml. Either the value is refused with a
 * message, or the book lays out and what was typed is what prints:
 *  - the cover's dedication box holds exactly the value, isolated
 *    (U+2068 ... U+2069), as Pango shaped it;
 *  - the week's heading, "{title} {week}", shows the value and then the
 *    week number, whatever direction the value's script runs: the "1"
 *    after the isolate is on the heading's last line, right of every
 *    other character there (the value cannot reorder the text around it);
 *  - the PDF's title (the metadata) is the value itself;
 *  - the PDF's text layer, read back with poppler (a test-only
 *    dependency), holds the value on the cover: the characters typed, in
 *    the order typed, white space and invisible format characters aside
 *    (a viewer's text extraction drops or adds those). */
#include "fuzz.h"
#include "fonts.h"
#include "layout.h"
#include "plan.h"
#include "render.h"

#include <glib/gstdio.h>
#include <poppler.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The box whose text is exactly `want`, or NULL. */
static PangoLayout *find_text(const layout_doc_t *doc, const char *want, bool suffix)
{
    for (size_t i = 0; i < doc->n_pages; i++)
        for (size_t j = 0; j < doc->pages[i].n_boxes; j++) {
            const layout_box_t *b = &doc->pages[i].boxes[j];
            if (b->kind != LAYOUT_BOX_TEXT)
                continue;
            const char *t = pango_layout_get_text(b->text);
            if (suffix ? g_str_has_suffix(t, want) : !strcmp(t, want))
                return b->text;
        }
    return NULL;
}

/* The character at byte `at` of `pl` is on its last line, right of every
 * other character of that line. */
static bool last_and_rightmost(PangoLayout *pl, int at)
{
    int line, x, lines = pango_layout_get_line_count(pl);
    pango_layout_index_to_line_x(pl, at, FALSE, &line, &x);
    if (line != lines - 1)
        return false;
    PangoLayoutLine *l = pango_layout_get_line_readonly(pl, line);
    const char *text = pango_layout_get_text(pl);
    for (int i = l->start_index; i < l->start_index + l->length;
         i = (int)(g_utf8_next_char(text + i) - text)) {
        int other_line, other_x;
        pango_layout_index_to_line_x(pl, i, FALSE, &other_line, &other_x);
        if (i != at && other_x > x)
            return false;
    }
    return true;
}

/* `s` without white space, controls and format characters (U+2068 and
 * U+2069 among them), as a comparable string (g_free). */
static char *visible(const char *s)
{
    GString *out = g_string_new(NULL);
    for (const char *p = s; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        GUnicodeType t = g_unichar_type(c);
        if (!g_unichar_isspace(c) && t != G_UNICODE_FORMAT && t != G_UNICODE_CONTROL)
            g_string_append_unichar(out, c);
    }
    return g_string_free(out, FALSE);
}

/* Render `doc` to a PDF in `dir` and read its first page's text back. */
static char *pdf_cover_text(run_t *run, const layout_doc_t *doc, const char *dir)
{
    char *path = g_build_filename(dir, "vars.pdf", NULL), *text = NULL;
    size_t size;
    if (!render_pdf(run, doc, path, &size))
        abort(); /* an accepted value never fails the output */
    char *uri = g_filename_to_uri(path, NULL, NULL);
    PopplerDocument *pd = poppler_document_new_from_file(uri, NULL, NULL);
    if (!pd)
        abort(); /* the PDF does not open */
    PopplerPage *page = poppler_document_get_page(pd, 0);
    if (page) {
        text = poppler_page_get_text(page);
        g_object_unref(page);
    }
    g_object_unref(pd);
    g_unlink(path);
    g_free(uri);
    g_free(path);
    return text ? text : g_strdup("");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *sink;
    static PangoFontMap *map; /* kept across runs: fontconfig set-up is slow */
    static char *dir;         /* where the PDF is written and read back */
    if (!dir && !(dir = g_dir_make_tmp("keepsake-fuzz-vars-XXXXXX", NULL)))
        abort();
    if (!sink)
        sink = getenv("FUZZ_VERBOSE") ? stderr : fopen("/dev/null", "w");
    char *value = g_strndup((const char *)data, size); /* stops at a NUL */
    model_setting_t sets[3] = {{"title", value, NULL}, {"dedication", value, NULL}, {"names", "A & B", NULL}};
    run_t *run = run_new(sink, getenv("KEEPSAKE_DATA") ? getenv("KEEPSAKE_DATA") : ".");
    model_book_t *book;
    plan_t *plan;
    layout_doc_t *doc = NULL;
    bool ok = model_build(run, "tests/fuzz/book.yaml", "tests/fuzz/a6-fuzz.yaml", sets, 3, &book) &&
              plan_build(run, book, &plan);
    if (ok && !map && !(map = fonts_open(run, book->layout, book->fonts_dir)))
        abort();
    ok = ok && layout_paginate(run, plan, map, &doc);
    if (!ok && run->diag.errors == 0)
        abort(); /* a refusal always says why */
    if (ok) {
        char *isolated = g_strdup_printf("\u2068%s\u2069", value);
        char *heading = g_strdup_printf("%s 1", isolated);
        if (strcmp(doc->meta.title, value))
            abort(); /* the metadata is the value as typed */
        PangoLayout *dedication = find_text(doc, isolated, false);
        if (!dedication)
            abort(); /* the dedication prints as typed */
        PangoLayout *h = find_text(doc, heading, true);
        if (!h || !last_and_rightmost(h, (int)strlen(pango_layout_get_text(h)) - 1))
            abort(); /* the value reordered the heading around it */
        /* A character no font has prints as Pango's box of its hex digits
         * (with keepsake's warning), and the text layer holds the digits:
         * the comparison is for values the fonts cover. */
        char *cover = pdf_cover_text(run, doc, dir);
        char *want = visible(value), *got = visible(cover);
        bool covered = pango_layout_get_unknown_glyphs_count(dedication) == 0;
        if (getenv("FUZZ_VERBOSE"))
            fprintf(stderr, "typed: %s\nprinted: %s\n%s\n", want, got,
                    covered ? "covered" : "not covered: not compared");
        if (covered && !strstr(got, want))
            abort(); /* the text layer does not hold what was typed */
        g_free(want);
        g_free(got);
        g_free(cover);
        g_free(isolated);
        g_free(heading);
    }
    layout_free(doc);
    run_free(run);
    g_free(value);
    return 0;
}
