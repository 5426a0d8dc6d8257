/* test-diag: message lines are safe for a terminal.
 *
 * Each message is printed through a diag_t writing into a memory stream and
 * compared whole: control characters, bidi controls and invalid UTF-8 are
 * escaped, long quoted values, file names and lines are shortened with
 * "…", and the rest of the line is as the caller wrote it. */
#include "diag.h"

#include "test-harness.h"

#include <glib.h>
#include <stdarg.h>
#include <stdlib.h>

#define ELLIPSIS "\xe2\x80\xa6"

/* The line diag_error prints for `fmt` at `at` (caller frees). */
static char *error_line(src_pos_t at, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static char *error_line(src_pos_t at, const char *fmt, ...)
{
    char *out = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&out, &size);
    diag_t d;
    diag_init(&d, f);
    va_list ap;
    va_start(ap, fmt);
    char *m = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    diag_error(&d, at, "%s", m);
    diag_finish(&d);
    fclose(f);
    g_free(m);
    return out;
}

static bool same(char *got, const char *want)
{
    bool ok = CHECK_STR(got, want);
    free(got);
    return ok;
}

static char *repeat(const char *s, size_t n)
{
    GString *r = g_string_new(NULL);
    for (size_t i = 0; i < n; i++)
        g_string_append(r, s);
    return g_string_free(r, FALSE);
}

static void test_escapes(void)
{
    src_pos_t at = diag_at("t.yaml", 2, 3), none = diag_at(NULL, 0, 0);
    same(error_line(at, "unknown key '%s'", "\x1b[31mred\x1b[0m"),
         "t.yaml:2:3: error: unknown key '\\x1b[31mred\\x1b[0m'\n");
    /* Every C0 control, tab and newline too, DEL and C1 (here CSI, U+009B). */
    same(error_line(at, "'%s'", "a\tb\nc\rd\x7f" "e\xc2\x9b" "f\x01"),
         "t.yaml:2:3: error: 'a\\x09b\\x0ac\\x0dd\\x7fe\\u009bf\\x01'\n");
    /* Bytes that are not UTF-8, one escape each: a lone continuation byte, a
     * surrogate written as UTF-8 (CESU), an overlong '/', a cut sequence. */
    same(error_line(at, "'%s'", "\x80|\xed\xa0\x80|\xc0\xaf|\xe2\x82"),
         "t.yaml:2:3: error: '\\x80|\\xed\\xa0\\x80|\\xc0\\xaf|\\xe2\\x82'\n");
    /* Bidi controls and marks, and line separators, cannot reorder or break
     * the line; other characters stay as they are. */
    same(error_line(none, "'%s'", "a\xe2\x80\xae" "b\xe2\x81\xa6" "c\xe2\x80\x8f" "d\xe2\x80\xa8"),
         "keepsake: error: 'a\\u202eb\\u2066c\\u200fd\\u2028'\n");
    same(error_line(none, "'%s'", "Zoë 李 سارا 💜"), "keepsake: error: 'Zoë 李 سارا 💜'\n");
    /* The file name part, with or without a line. */
    same(error_line(diag_at("a\x1b]0;x\x07\xff.yaml", 0, 0), "cannot open"),
         "a\\x1b]0;x\\x07\\xff.yaml: error: cannot open\n");
    same(error_line(diag_at("--set \x1b[2J", 0, 0), "x"), "--set \\x1b[2J: error: x\n");
}

static void test_shortening(void)
{
    src_pos_t at = diag_at("t.yaml", 1, 1);
    char *v60 = repeat("a", 60), *v61 = repeat("a", 61), *han = repeat("李", 100);
    char *want = g_strdup_printf("t.yaml:1:1: error: key '%s' in a book\n", v60);
    same(error_line(at, "key '%s' in a book", v60), want);
    g_free(want);
    want = g_strdup_printf("t.yaml:1:1: error: key '%s" ELLIPSIS "' in a book\n", v60);
    same(error_line(at, "key '%s' in a book", v61), want);
    g_free(want);
    /* Characters, not bytes, and never half of one. */
    char *han60 = repeat("李", 60);
    want = g_strdup_printf("t.yaml:1:1: error: '%s" ELLIPSIS "' and 'b'\n", han60);
    same(error_line(at, "'%s' and 'b'", han), want);
    g_free(want);
    /* An apostrophe in a word is not a quote; one inside a value is kept. */
    want = g_strdup_printf("t.yaml:1:1: error: keepsake's fonts and 'it's %.*s" ELLIPSIS "'\n",
                           55, v60);
    same(error_line(at, "keepsake's fonts and 'it's %s'", v60), want);
    g_free(want);
    /* A quote never closed is shortened at the end of the line. */
    want = g_strdup_printf("t.yaml:1:1: error: no end '%s" ELLIPSIS "\n", v60);
    same(error_line(at, "no end '%s", v61), want);
    g_free(want);
    g_free(v60), g_free(v61), g_free(han), g_free(han60);
}

static void test_limits(void)
{
    /* A file name keeps its start and its end. */
    char *head = repeat("d/", 50), *mid = repeat("x", 500), *tail = repeat("e", 100);
    char *file = g_strdup_printf("%s%s%s", head, mid, tail);
    char *want = g_strdup_printf("%s" ELLIPSIS "%s: error: x\n", head, tail);
    same(error_line(diag_at(file, 0, 0), "x"), want);
    g_free(want);
    /* A line of unquoted text, or of quotes that do not pair, stops at
     * DIAG_MAX_LINE bytes, with "…"; escapes are never cut in two. */
    char *big = repeat("a' b", 3000), *esc = repeat("\x1b", 600);
    const char *values[] = {big, esc};
    for (size_t i = 0; i < 2; i++) {
        char *got = error_line(diag_at("t.yaml", 1, 1), "%s", values[i]);
        size_t n = strlen(got);
        CHECK(n <= DIAG_MAX_LINE + 1 && got[n - 1] == '\n');
        CHECK(n > 4 && !strcmp(got + n - 4, ELLIPSIS "\n"));
        CHECK(i == 0 || (n - 23) % 4 == 0); /* "t.yaml:1:1: error: " + \x1b... */
        free(got);
    }
    g_free(head), g_free(mid), g_free(tail), g_free(file), g_free(big), g_free(esc);
}

int main(void)
{
    test_escapes();
    test_shortening();
    test_limits();
    return harness_finish();
}
