/* test-pdfpack: a PDF Cairo made, packed (with and without page boxes),
 * read back the way a reader does, and refusals of what Cairo does not
 * write.
 *
 * A three-page PDF is made in memory and packed. The check follows the
 * file from startxref to the cross-reference stream, inflates it, and for
 * each entry finds the object: "N 0 obj" at exactly its offset (type 1),
 * or N at its index in the header of its object stream (type 2). */
#include "pdfpack.h"

#include "test-harness.h"

#include <cairo-pdf.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include <zlib.h>

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

/* Pack `len` bytes of `pdf` through a scratch file into `out`. */
static bool pack(const unsigned char *pdf, size_t len, const pdfpack_rect_t *boxes,
                 GByteArray *out, const char **why, int *err)
{
    char name[] = "/tmp/test-pdfpack-XXXXXX";
    int fd = mkstemp(name);
    unlink(name);
    pdfpack_t *p = pdfpack_new(fd);
    for (size_t i = 0; i < len; i += 1000) /* in pieces, as Cairo writes */
        pdfpack_write(p, pdf + i, (unsigned int)MIN(1000, len - i));
    bool ok = pdfpack_finish(p, boxes, append, out, why, err);
    pdfpack_free(p);
    return ok;
}

static size_t count(const GByteArray *a, const char *needle)
{
    size_t n = 0, m = strlen(needle);
    for (size_t i = 0; i + m <= a->len; i++)
        n += !memcmp(a->data + i, needle, m);
    return n;
}

/* g_strstr_len() stops at a NUL; compressed data has them. */
static const char *mem(const char *hay, const char *end, const char *needle)
{
    size_t m = strlen(needle);
    for (const char *h = hay; h + m <= end; h++)
        if (!memcmp(h, needle, m))
            return h;
    return NULL;
}

static GByteArray *inflated(const unsigned char *data, size_t len)
{
    GByteArray *out = g_byte_array_new();
    unsigned char buf[4096];
    z_stream z = {0};
    inflateInit(&z);
    z.next_in = (Bytef *)data;
    z.avail_in = (uInt)len;
    int r;
    do {
        z.next_out = buf;
        z.avail_out = sizeof buf;
        r = inflate(&z, Z_NO_FLUSH);
        g_byte_array_append(out, buf, (guint)(sizeof buf - z.avail_out));
    } while (r == Z_OK);
    inflateEnd(&z);
    if (r != Z_STREAM_END)
        g_byte_array_set_size(out, 0);
    return out;
}

/* The inflated data of the stream object at `off`, NULL if none. */
static GByteArray *stream_at(const GByteArray *a, size_t off, GString *dict)
{
    const char *s = (const char *)a->data + off, *end = (const char *)a->data + a->len;
    const char *len = mem(s, end, "/Length "), *st = mem(s, end, "stream\n");
    if (!len || !st)
        return NULL;
    g_string_assign(dict, "");
    g_string_append_len(dict, s, st - s);
    size_t n = strtoul(len + 8, NULL, 10);
    return inflated((const unsigned char *)st + 7, n);
}

/* Every object of the cross-reference stream is where it says; the
 * object streams' text, inflated, is appended to `plain`. */
static bool xref_sound(const GByteArray *a, GString *plain)
{
    const char *s = (const char *)a->data;
    char *tail = g_strndup(s + a->len - 40, 40), *sx = strstr(tail, "startxref");
    size_t at = sx ? strtoul(sx + 10, NULL, 10) : 0;
    g_free(tail);
    if (!sx || at >= a->len)
        return false;
    GString *dict = g_string_new(NULL);
    GByteArray *x = stream_at(a, at, dict);
    const char *w = strstr(dict->str, "/W [ 1 "), *size = strstr(dict->str, "/Size ");
    bool ok = x && w && size && strstr(dict->str, "/Type /XRef") && strstr(dict->str, "/Root ");
    size_t n = size ? strtoul(size + 6, NULL, 10) : 0, w2 = w ? strtoul(w + 7, NULL, 10) : 0;
    size_t cols = 1 + w2 + 2;
    ok = ok && x->len == n * (cols + 1);
    unsigned char prev[16] = {0};
    for (size_t i = 0; ok && i < n; i++) {
        unsigned char *row = x->data + i * (cols + 1);
        ok = row[0] == 2; /* Up */
        for (size_t b = 0; b < cols; b++)
            prev[b] = (unsigned char)(prev[b] + row[1 + b]);
        size_t f2 = 0, f3 = (size_t)prev[1 + w2] << 8 | prev[2 + w2];
        for (size_t b = 0; b < w2; b++)
            f2 = f2 << 8 | prev[1 + b];
        char head[32];
        if (prev[0] == 0) {
            ok = ok && (i || f3 == 65535);
        } else if (prev[0] == 1) {
            snprintf(head, sizeof head, "%zu 0 obj", i);
            ok = ok && f2 < a->len && !strncmp(s + f2, head, strlen(head));
        } else if (prev[0] == 2) {
            /* f2: the object stream's number, whose entry came before or
             * comes after; find it by its header */
            snprintf(head, sizeof head, "\n%zu 0 obj\n<< /Type /ObjStm", f2);
            const char *o = mem(s, s + a->len, head);
            GString *d = g_string_new(NULL);
            GByteArray *os = o ? stream_at(a, (size_t)(o + 1 - s), d) : NULL;
            ok = ok && os && os->len;
            if (ok) {
                char *text = g_strndup((const char *)os->data, os->len);
                gchar **nums = g_strsplit_set(text, " \n", -1);
                ok = strtoul(nums[2 * f3], NULL, 10) == i;
                if (f3 == 0)
                    g_string_append(plain, text);
                g_strfreev(nums);
                g_free(text);
            }
            if (os)
                g_byte_array_free(os, TRUE);
            g_string_free(d, TRUE);
        } else {
            ok = false;
        }
    }
    if (x)
        g_byte_array_free(x, TRUE);
    g_string_free(dict, TRUE);
    return ok;
}

static void test_pack(void)
{
    GByteArray *pdf = three_pages(), *out = g_byte_array_new(), *plain = g_byte_array_new();
    pdfpack_rect_t boxes[2] = {{8.5, 8.5, 191.5, 291.5}, {0, 0, 200, 300}};
    const char *why = NULL;
    int err = -1;
    GString *text = g_string_new(NULL);
    CHECK(pack(pdf->data, pdf->len, boxes, out, &why, &err));
    CHECK(!memcmp(out->data, "%PDF-1.5\n", 9));
    CHECK(count(out, "/Type /ObjStm") >= 1 && count(out, "/Type /XRef") == 1);
    CHECK(count(out, "\nxref\n") == 0 && count(out, "trailer") == 0);
    CHECK(count(out, "/Type /Page") == 0); /* packed */
    CHECK(xref_sound(out, text));
    CHECK(strstr(text->str, "/Type /Page") != NULL);
    CHECK(count(pdf, "/TrimBox") == 0);
    {
        GByteArray t = {.data = (guint8 *)text->str, .len = (guint)text->len};
        CHECK(count(&t, "/TrimBox [ 8.50 8.50 191.50 291.50 ]") == 3);
        CHECK(count(&t, "/BleedBox [ 0.00 0.00 200.00 300.00 ]") == 3);
    }
    CHECK(out->len < pdf->len);
    /* the same input, the same bytes */
    GByteArray *again = g_byte_array_new();
    CHECK(pack(pdf->data, pdf->len, boxes, again, &why, &err));
    CHECK(again->len == out->len && !memcmp(again->data, out->data, out->len));
    /* without boxes */
    g_string_truncate(text, 0);
    CHECK(pack(pdf->data, pdf->len, NULL, plain, &why, &err));
    CHECK(xref_sound(plain, text) && !strstr(text->str, "/TrimBox"));
    g_string_free(text, TRUE);
    g_byte_array_free(again, TRUE);
    g_byte_array_free(plain, TRUE);
    g_byte_array_free(out, TRUE);
    g_byte_array_free(pdf, TRUE);
}

/* `pdf` with the first `from` replaced by `to`. */
static GByteArray *edited(const GByteArray *pdf, const char *from, const char *to)
{
    GByteArray *b = g_byte_array_new();
    size_t m = strlen(from), i = 0;
    while (i + m <= pdf->len && memcmp(pdf->data + i, from, m))
        i++;
    g_byte_array_append(b, pdf->data, (guint)MIN(i, pdf->len));
    if (i + m <= pdf->len) {
        g_byte_array_append(b, (const guint8 *)to, (guint)strlen(to));
        g_byte_array_append(b, pdf->data + i + m, (guint)(pdf->len - i - m));
    }
    return b;
}

static bool refused(const GByteArray *bad, const pdfpack_rect_t *boxes, const char *why_has)
{
    GByteArray *out = g_byte_array_new();
    const char *why = NULL;
    int err = -1;
    bool ok = !pack(bad->data, bad->len, boxes, out, &why, &err) && err == 0 && why &&
              strstr(why, why_has);
    if (!ok)
        printf("  why: %s\n", why ? why : "(null)");
    g_byte_array_free(out, TRUE);
    return ok;
}

static void test_refusals(void)
{
    pdfpack_rect_t r[2] = {{0, 0, 1, 1}, {0, 0, 1, 1}};
    GByteArray *pdf = three_pages(), *bad = g_byte_array_new();
    /* no startxref */
    g_byte_array_append(bad, (const guint8 *)"%PDF-1.5\n", 9);
    CHECK(refused(bad, NULL, "startxref"));
    /* an offset moved: the table points into the middle of an object */
    g_byte_array_set_size(bad, 0);
    g_byte_array_append(bad, (const guint8 *)"\n", 1);
    g_byte_array_append(bad, pdf->data, pdf->len); /* every object one byte later */
    CHECK(refused(bad, NULL, ""));
    g_byte_array_free(bad, TRUE);
    /* cut short */
    bad = g_byte_array_sized_new(pdf->len / 2);
    g_byte_array_append(bad, pdf->data, pdf->len / 2);
    CHECK(refused(bad, NULL, "startxref"));
    g_byte_array_free(bad, TRUE);
    /* a trailer key Cairo does not write */
    bad = edited(pdf, "/Info", "/Encrypt");
    CHECK(refused(bad, NULL, "trailer"));
    g_byte_array_free(bad, TRUE);
    /* an object of another generation (same length: the offsets hold) */
    bad = edited(pdf, "1 0 obj", "1 1 obj");
    CHECK(refused(bad, NULL, "generation"));
    g_byte_array_free(bad, TRUE);
    /* an object that does not end with endobj */
    bad = edited(pdf, "endobj", "endobx");
    CHECK(refused(bad, NULL, "endobj"));
    g_byte_array_free(bad, TRUE);
    /* a page without a MediaBox, when the boxes go after it */
    bad = edited(pdf, "/MediaBox", "/MediaBax");
    CHECK(refused(bad, r, "MediaBox"));
    g_byte_array_free(bad, TRUE);
    g_byte_array_free(pdf, TRUE);
}

static cairo_status_t count_bytes(void *closure, const unsigned char *data, unsigned int len)
{
    (void)data;
    *(size_t *)closure += len;
    return CAIRO_STATUS_SUCCESS;
}

static long peak_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* Memory stays bounded: a 1000-page tagged PDF of some megabytes, its
 * content streams written as Cairo goes (so Cairo's own peak is small
 * beside the file), is packed with page boxes without raising the
 * process's peak by more than a little: the pass holds one object stream
 * at a time, never the file. */
static void test_bounded(void)
{
    enum { PAGES = 1000, RECTS = 240, TAGS = 8 };
    char name[] = "/tmp/test-pdfpack-XXXXXX";
    int fd = mkstemp(name);
    unlink(name);
    pdfpack_t *p = pdfpack_new(fd);
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(pdfpack_write, p, 200, 300);
    cairo_t *cr = cairo_create(s);
    unsigned seed = 1;
    for (int i = 0; i < PAGES; i++) {
        cairo_tag_begin(cr, "Document", NULL);
        for (int t = 0; t < TAGS; t++) {
            cairo_tag_begin(cr, "P", NULL);
            for (int r = 0; r < RECTS / TAGS; r++) {
                seed = seed * 1103515245 + 12345; /* the same "random" pages each run */
                cairo_rectangle(cr, seed % 180, (seed >> 8) % 280, (seed >> 16) % 20 + 1, 3);
            }
            cairo_fill(cr);
            cairo_tag_end(cr, "P");
        }
        cairo_tag_end(cr, "Document");
        cairo_show_page(cr);
    }
    cairo_destroy(cr);
    cairo_surface_finish(s);
    cairo_surface_destroy(s);
    long before = peak_kb();
    pdfpack_rect_t boxes[2] = {{8.5, 8.5, 191.5, 291.5}, {0, 0, 200, 300}};
    const char *why = NULL;
    int err = 0;
    size_t written = 0;
    off_t cairo_size = lseek(fd, 0, SEEK_END);
    CHECK(pdfpack_finish(p, boxes, count_bytes, &written, &why, &err));
    long grew = peak_kb() - before;
    CHECK(cairo_size > 4 << 20 && written > 0); /* beside a peak of about 10 MB */
    if (!CHECK(grew < 1024))
        printf("  the peak grew by %ld KB from %ld KB packing %lld bytes\n", grew, before,
               (long long)cairo_size);
    pdfpack_free(p);
}

int main(void)
{
    test_pack();
    test_bounded();
    test_refusals();
    return harness_finish();
}
