/* test-batch: the recipients reader (CSV and YAML) and the output-name
 * sanitiser of keepsake batch. */
#include "batch.h"
#include "recipients.h"

#include "test-harness.h"

#include <glib.h>
#include <stdlib.h>
#include <unistd.h>

/* ---- batch_safe_name ------------------------------------------------------ */

static void name_is(const char *raw, const char *want, int line)
{
    char *got = batch_safe_name(raw);
    if (!harness_check_str(got, want, __FILE__, line, "batch_safe_name(raw)", "want"))
        printf("  raw = \"%s\"\n", raw);
    g_free(got);
}
#define NAME_IS(raw, want) name_is((raw), (want), __LINE__)

static void test_names(void)
{
    NAME_IS("Alex & Sam", "Alex-Sam");
    NAME_IS("Zoë & Ann.pdf", "Zoë-Ann");
    NAME_IS("our-year-Alex-2027-01-04.pdf", "our-year-Alex-2027-01-04");
    NAME_IS("../../etc/passwd", "etc-passwd");
    NAME_IS("a/b\\c", "a-b-c");
    NAME_IS("..", "recipient");
    NAME_IS("...pdf", "recipient");
    NAME_IS("a..b", "a.b");
    NAME_IS(".hidden", "hidden");
    NAME_IS("", "recipient");
    NAME_IS("   ", "recipient");
    NAME_IS("\xe2\x80\x8b\xe2\x80\x8b", "recipient");            /* zero-width spaces */
    NAME_IS("evil\xe2\x80\xae" "fdp.exe", "evil-fdp.exe");           /* U+202E override */
    NAME_IS("tab\there\nnl\x1b[31m", "tab-here-nl-31m");          /* controls */
    NAME_IS("bad\xff\xfeutf8", "bad-utf8");                        /* invalid UTF-8 */
    NAME_IS("<b>Jo</b>", "b-Jo-b");                                /* markup */
    NAME_IS("Jo_Rivera+1", "Jo_Rivera+1");
    NAME_IS("e\xcc\x81t\xc3\xa9", "\xc3\xa9t\xc3\xa9");           /* NFC */
    NAME_IS("\xd9\x85\xd8\xb1\xd9\x8a\xd9\x85", "\xd9\x85\xd8\xb1\xd9\x8a\xd9\x85"); /* Arabic */
    /* capped, at a character boundary, whatever the input's length */
    GString *s = g_string_new(NULL);
    for (int i = 0; i < 500; i++)
        g_string_append(s, "\xc3\xa9");
    char *got = batch_safe_name(s->str);
    CHECK(strlen(got) <= BATCH_MAX_NAME_BYTES);
    CHECK(strlen(got) == BATCH_MAX_NAME_BYTES); /* 100 two-byte letters */
    CHECK(g_utf8_validate(got, -1, NULL));
    g_free(got);
    g_string_assign(s, "a");
    for (int i = 0; i < 300; i++)
        g_string_append(s, "\xc3\xa9");
    got = batch_safe_name(s->str);
    CHECK(strlen(got) == BATCH_MAX_NAME_BYTES - 1); /* no half character */
    CHECK(g_utf8_validate(got, -1, NULL));
    g_free(got);
    g_string_free(s, TRUE);
}

static void test_shard(void)
{
    unsigned k = 0, n = 0;
    CHECK(batch_parse_shard("1/4", &k, &n) && k == 1 && n == 4);
    CHECK(batch_parse_shard("4/4", &k, &n) && k == 4 && n == 4);
    CHECK(!batch_parse_shard("0/4", &k, &n));
    CHECK(!batch_parse_shard("5/4", &k, &n));
    CHECK(!batch_parse_shard("1/0", &k, &n));
    CHECK(!batch_parse_shard("1", &k, &n));
    CHECK(!batch_parse_shard("a/b", &k, &n));
    CHECK(!batch_parse_shard("1/4/2", &k, &n));
    CHECK(!batch_parse_shard("-1/4", &k, &n));
    CHECK(!batch_parse_shard("1/100001", &k, &n));
}

/* ---- the reader ------------------------------------------------------------ */

typedef struct {
    char *path;
    char *messages;
    size_t len;
    FILE *out;
    diag_t d;
    recipients_t *r;
} reader_t;

static bool open_text(reader_t *t, const char *ext, const char *text, size_t len)
{
    char *tmpl = g_strdup_printf("%s/test-batch-XXXXXX", g_get_tmp_dir());
    int fd = g_mkstemp(tmpl);
    if (fd < 0 || write(fd, text, len) != (ssize_t)len)
        abort();
    close(fd);
    t->path = g_strdup_printf("%s%s", tmpl, ext);
    rename(tmpl, t->path);
    g_free(tmpl);
    t->messages = NULL;
    t->out = open_memstream(&t->messages, &t->len);
    diag_init(&t->d, t->out);
    t->r = recipients_open(&t->d, t->path);
    return t->r != NULL;
}

static void close_text(reader_t *t)
{
    recipients_close(t->r);
    fclose(t->out);
    unlink(t->path);
    g_free(t->path);
    free(t->messages);
}

/* The messages so far, with the temporary file's name as "F". */
static char *said(reader_t *t)
{
    fflush(t->out);
    GString *s = g_string_new(NULL);
    for (const char *p = t->messages; p && *p;) {
        const char *at = strstr(p, t->path);
        if (!at) {
            g_string_append(s, p);
            break;
        }
        g_string_append_len(s, p, at - p);
        g_string_append(s, "F");
        p = at + strlen(t->path);
    }
    return g_string_free(s, FALSE);
}

static void test_csv(void)
{
    reader_t t;
    recipients_row_t row;
    static const char csv[] = "\xef\xbb\xbfnames,start,client\r\n"
                              "Alex & Sam,2027-01-04,\"Rivera, Jo\"\r\n"
                              "\r\n"
                              "\"Zo\xc3\xab \"\"Z\"\" Ann\",2027-02-01,\"two\r\nlines\"\n"
                              "last,2027-03-01,x";
    CHECK(open_text(&t, ".csv", csv, sizeof csv - 1));
    size_t n;
    const recipients_field_t *h = recipients_header(t.r, &n);
    CHECK(n == 3);
    CHECK_STR(h[0].name, "names"); /* the BOM is not part of the name */
    CHECK(h[0].pos.line == 1 && h[0].pos.col == 1);
    CHECK_STR(h[2].name, "client");
    CHECK(h[2].pos.col == 13);
    CHECK(recipients_next(t.r, &row) == RECIPIENTS_ROW);
    CHECK(row.n == 3 && row.line == 2 && row.index == 0);
    CHECK_STR(row.fields[0].value, "Alex & Sam");
    CHECK_STR(row.fields[0].name, "names");
    CHECK_STR(row.fields[2].value, "Rivera, Jo");
    CHECK(row.fields[2].pos.line == 2 && row.fields[2].pos.col == 23);
    CHECK(recipients_next(t.r, &row) == RECIPIENTS_ROW); /* the blank line is skipped */
    CHECK(row.line == 4 && row.index == 1);
    CHECK_STR(row.fields[0].value, "Zo\xc3\xab \"Z\" Ann");
    CHECK(row.fields[1].pos.col == 17); /* columns count characters: ë is one */
    CHECK_STR(row.fields[2].value, "two\nlines");
    CHECK(recipients_next(t.r, &row) == RECIPIENTS_ROW); /* no newline at the end */
    CHECK(row.line == 6);
    CHECK_STR(row.fields[2].value, "x");
    CHECK(recipients_next(t.r, &row) == RECIPIENTS_END);
    char *m = said(&t);
    CHECK_STR(m, "");
    g_free(m);
    close_text(&t);
}

static void test_csv_bad(void)
{
    reader_t t;
    recipients_row_t row;
    static const char csv[] = "names,start\n"
                              "a\"b,2027-01-04\n"      /* a quote inside */
                              "\"ab\"x,2027-01-04\n"   /* after the closing quote */
                              "one field\n"           /* too few fields */
                              "ok,2027-01-04\n"
                              "a,b,c\n"               /* too many */
                              "\"never closed,2027\n";
    CHECK(open_text(&t, ".csv", csv, sizeof csv - 1));
    CHECK(recipients_next(t.r, &row) == RECIPIENTS_BAD);
    CHECK(recipients_next(t.r, &row) == RECIPIENTS_BAD);
    CHECK(recipients_next(t.r, &row) == RECIPIENTS_BAD);
    CHECK(recipients_next(t.r, &row) == RECIPIENTS_ROW);
    CHECK_STR(row.fields[0].value, "ok");
    CHECK(recipients_next(t.r, &row) == RECIPIENTS_BAD);
    CHECK(recipients_next(t.r, &row) == RECIPIENTS_FATAL);
    char *m = said(&t);
    CHECK(strstr(m, "F:2:2: error: a quote inside a field that does not start with one"));
    CHECK(strstr(m, "F:3:5: error: after a quoted field comes a comma"));
    CHECK(strstr(m, "F:4:1: error: this row has 1 field; the header has 2"));
    CHECK(strstr(m, "F:6:1: error: this row has 3 fields; the header has 2"));
    CHECK(strstr(m, "F:7:1: error: this quoted field is never closed"));
    g_free(m);
    close_text(&t);

    /* a field past the limit is refused where it starts, and not held */
    GString *s = g_string_new("names,start\nok,2027-01-04\nx,\"");
    for (int i = 0; i < 10 * 1024 * 1024 / 64; i++)
        g_string_append(s, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde,");
    g_string_append(s, "\"\nafter,2027-01-04\n");
    CHECK(open_text(&t, ".csv", s->str, s->len));
    CHECK(recipients_next(t.r, &row) == RECIPIENTS_ROW);
    CHECK(recipients_next(t.r, &row) == RECIPIENTS_BAD);
    CHECK(recipients_next(t.r, &row) == RECIPIENTS_ROW);
    CHECK_STR(row.fields[0].value, "after");
    CHECK(row.line == 4);
    m = said(&t);
    CHECK(strstr(m, "F:3:3: error: this field is longer than 65536 bytes"));
    g_free(m);
    close_text(&t);
    g_string_free(s, TRUE);

    /* NUL bytes; an empty and a repeated column name */
    static const char nul[] = "names,start\na\0b,2027-01-04\n";
    CHECK(open_text(&t, ".csv", nul, sizeof nul - 1));
    CHECK(recipients_next(t.r, &row) == RECIPIENTS_BAD);
    m = said(&t);
    CHECK(strstr(m, "F:2:1: error: this field holds a NUL byte"));
    g_free(m);
    close_text(&t);
    static const char head[] = "names,,names\n";
    CHECK(!open_text(&t, ".csv", head, sizeof head - 1));
    m = said(&t);
    CHECK(strstr(m, "F:1:7: error: column 2 has no name"));
    CHECK(strstr(m, "F:1:8: error: column 'names' is named twice (first in column 1)"));
    g_free(m);
    close_text(&t);
    CHECK(!open_text(&t, ".csv", "", 0));
    m = said(&t);
    CHECK(strstr(m, "F:1:1: error: the file is empty"));
    g_free(m);
    close_text(&t);
    CHECK(!open_text(&t, ".txt", "a\n", 2));
    close_text(&t);
}

/* Past RECIPIENTS_MAX_ROWS the file is refused at the first row too many. */
static void test_rows_limit(void)
{
    reader_t t;
    recipients_row_t row;
    GString *s = g_string_new("names\n");
    for (int i = 0; i < RECIPIENTS_MAX_ROWS + 5; i++)
        g_string_append(s, "x\n");
    CHECK(open_text(&t, ".csv", s->str, s->len));
    size_t rows = 0;
    recipients_status_t st;
    while ((st = recipients_next(t.r, &row)) == RECIPIENTS_ROW)
        rows++;
    CHECK(st == RECIPIENTS_FATAL);
    CHECK(rows == RECIPIENTS_MAX_ROWS);
    char *m = said(&t);
    char *want = g_strdup_printf("F:%d:1: error: more than %d recipients", RECIPIENTS_MAX_ROWS + 2,
                                 RECIPIENTS_MAX_ROWS);
    CHECK(strstr(m, want));
    g_free(want);
    g_free(m);
    close_text(&t);
    g_string_free(s, TRUE);
}

static void test_yaml(void)
{
    reader_t t;
    recipients_row_t row;
    static const char y[] = "- names: Alex & Sam\n"
                            "  start: 2027-01-04\n"
                            "- names: [A, B]\n"
                            "- just text\n"
                            "- client: \"Jo\"\n"
                            "  client: Kim\n"
                            "- client: Kim\n";
    CHECK(open_text(&t, ".yaml", y, sizeof y - 1));
    size_t n;
    recipients_header(t.r, &n);
    CHECK(n == 0);
    CHECK(recipients_next(t.r, &row) == RECIPIENTS_ROW);
    CHECK(row.n == 2 && row.line == 1);
    CHECK_STR(row.fields[1].name, "start");
    CHECK_STR(row.fields[1].value, "2027-01-04");
    CHECK(row.fields[1].pos.line == 2 && row.fields[1].pos.col == 10);
    CHECK(recipients_next(t.r, &row) == RECIPIENTS_BAD);
    CHECK(recipients_next(t.r, &row) == RECIPIENTS_BAD);
    CHECK(recipients_next(t.r, &row) == RECIPIENTS_BAD);
    CHECK(recipients_next(t.r, &row) == RECIPIENTS_ROW);
    CHECK(row.index == 4);
    CHECK(recipients_next(t.r, &row) == RECIPIENTS_END);
    char *m = said(&t);
    CHECK(strstr(m, "F:3:10: error: the value of 'names' is one text, not a list or a map"));
    CHECK(strstr(m, "F:4:3: error: a recipient is a map of variables"));
    CHECK(strstr(m, "F:6:3: error: 'client' is given twice"));
    g_free(m);
    close_text(&t);
    static const char notlist[] = "names: A\n";
    CHECK(open_text(&t, ".yml", notlist, sizeof notlist - 1));
    CHECK(recipients_next(t.r, &row) == RECIPIENTS_FATAL);
    m = said(&t);
    CHECK(strstr(m, "F:1:1: error: a recipients file in YAML is a list of maps"));
    g_free(m);
    close_text(&t);
}

int main(void)
{
    test_names();
    test_shard();
    test_csv();
    test_csv_bad();
    test_rows_limit();
    test_yaml();
    return harness_finish();
}
