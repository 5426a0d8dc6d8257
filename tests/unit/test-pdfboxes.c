/* test-pdfboxes: TrimBox and BleedBox written into a PDF Cairo made, and
 * refusals of what Cairo does not write.
 *
 * A three-page PDF is made in memory, rewritten, and read back the way a
 * reader does: from startxref to the table, and from each table entry to
 * "N 0 obj" at exactly that offset; each page object must hold both boxes
 * once, and the bytes outside the page objects must be unchanged. */
#include "pdfboxes.h"

#include "test-harness.h"

#include <cairo-pdf.h>
#include <stdlib.h>
#include <string.h>

static cairo_status_t append(void *closure, const unsigned char *data, unsigned int len)
{
    g_byte_array_append(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

static GByteArray *three_pages(void)
{
    GByteArray *pdf = g_byte_array_new();
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(append, pdf, 200, 300);
    cairo_t *cr = cairo_create(s);
    for (int i = 0; i < 3; i++) {
        cairo_rectangle(cr, 10 + i, 10, 50, 50);
        cairo_fill(cr);
        cairo_show_page(cr);
    }
    cairo_destroy(cr);
    cairo_surface_finish(s);
    cairo_surface_destroy(s);
    return pdf;
}

static size_t count(const GByteArray *a, const char *needle)
{
    size_t n = 0, m = strlen(needle);
    for (size_t i = 0; i + m <= a->len; i++)
        n += !memcmp(a->data + i, needle, m);
    return n;
}

/* Every in-use entry of the table points at its object's header. */
static bool xref_sound(const GByteArray *a)
{
    const char *s = (const char *)a->data;
    char *tail = g_strndup(s + a->len - 40, 40);
    char *sx = strstr(tail, "startxref");
    size_t at = sx ? strtoul(sx + 10, NULL, 10) : 0;
    g_free(tail);
    if (!sx || at >= a->len || strncmp(s + at, "xref\n0 ", 7))
        return false;
    char *end;
    size_t n = strtoul(s + at + 7, &end, 10);
    const char *e = strchr(end, '\n') + 1;
    for (size_t i = 0; i < n; i++, e += 20) {
        if (e[17] != 'n')
            continue;
        size_t off = strtoul(e, NULL, 10);
        char head[32];
        snprintf(head, sizeof head, "%zu 0 obj", i);
        if (off >= a->len || strncmp(s + off, head, strlen(head)))
            return false;
    }
    return true;
}

static void test_rewrite(void)
{
    GByteArray *pdf = three_pages(), *out = g_byte_array_new();
    pdfboxes_rect_t trim = {8.5, 8.5, 191.5, 291.5}, bleed = {0, 0, 200, 300};
    const char *why = NULL;
    CHECK(pdfboxes_rewrite(pdf->data, pdf->len, &trim, &bleed, out, &why));
    CHECK(count(out, "/TrimBox [ 8.50 8.50 191.50 291.50 ]") == 3);
    CHECK(count(out, "/BleedBox [ 0.00 0.00 200.00 300.00 ]") == 3);
    CHECK(count(pdf, "/TrimBox") == 0);
    CHECK(xref_sound(out));
    CHECK(xref_sound(pdf) && out->len > pdf->len);
    /* the same input, the same bytes */
    GByteArray *again = g_byte_array_new();
    CHECK(pdfboxes_rewrite(pdf->data, pdf->len, &trim, &bleed, again, &why));
    CHECK(again->len == out->len && !memcmp(again->data, out->data, out->len));
    g_byte_array_free(again, TRUE);
    g_byte_array_free(out, TRUE);
    g_byte_array_free(pdf, TRUE);
}

static void test_refusals(void)
{
    pdfboxes_rect_t r = {0, 0, 1, 1};
    const char *why = NULL;
    GByteArray *pdf = three_pages(), *out = g_byte_array_new();
    /* no startxref */
    CHECK(!pdfboxes_rewrite((const unsigned char *)"%PDF-1.5\n", 9, &r, &r, out, &why));
    CHECK(why && strstr(why, "startxref"));
    /* an offset moved: the table points into the middle of an object */
    GByteArray *bad = g_byte_array_new();
    g_byte_array_append(bad, (const guint8 *)"\n", 1);
    g_byte_array_append(bad, pdf->data, pdf->len); /* every object one byte later */
    CHECK(!pdfboxes_rewrite(bad->data, bad->len, &r, &r, out, &why));
    /* cut short */
    CHECK(!pdfboxes_rewrite(pdf->data, pdf->len / 2, &r, &r, out, &why));
    CHECK(out->len == 0); /* nothing appended on failure */
    g_byte_array_free(bad, TRUE);
    g_byte_array_free(out, TRUE);
    g_byte_array_free(pdf, TRUE);
}

int main(void)
{
    test_rewrite();
    test_refusals();
    return harness_finish();
}
