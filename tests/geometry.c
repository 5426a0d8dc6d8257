/* geometry: checks the layout's invariants from the outside, on the text dump
 * that `keepsake build BOOK --dump` prints (src/dump.c), so that every book
 * on every layout can be checked without golden files.
 *
 * In: one dump, from a file argument or stdin. Out: one line a violation on
 * stdout, `NAME: page N (kind=K): what is wrong: the box line`, where NAME is
 * --name (default: the file name). The invariants, on every page:
 *   1. no box has a negative width or height;
 *   2. no box reaches outside the paper (0..W, 0..H);
 *   3. only role=footer and role=nav (a tablet's tabs) boxes lie in the
 *      margins: every other box, links
 *      too, lies inside the content area. With duplex=yes odd pages are
 *      rectos (inner margin on the left) and even pages versos (inner margin
 *      on the right); with duplex=no the inner margin is always on the left;
 *   4. no two text boxes overlap by more than 0.5 pt in both directions.
 * A box with a negative size is measured over the span it really covers
 * (x+w..x), and a box already off the paper is not also reported as being
 * in the margin: one problem, one line.
 *
 * Exit 0 when the dump is clean, 1 when anything was violated, 2 for a usage
 * error or a dump it cannot read (the first such line is named on stderr,
 * and checking stops there). Only libc and GLib, so it builds without the
 * rest of keepsake and checks the dump exactly as a reader would see it. */
#include <glib.h>

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Geometry is done in integer hundredths of a point (cp), the dump's own
 * precision, so that a tolerance of 0.01 pt means exactly that and no
 * floating-point rounding turns 524.42 against 524.41 into a violation. */
typedef long long cp_t;
#define CP(v) ((double)(v) / 100.0) /* for printing with %.2f */
/* The dump rounds every number, so an edge computed as x + w, or a content
 * area computed as W - inner, can be off by a hundredth. */
#define EDGE_CP 1
/* Stacked lines' ink extents touch or graze each other; text boxes overlap
 * only when they share more than 0.5 pt in both directions. */
#define OVERLAP_CP 50
/* A page kind is a short word; longer means a garbled dump. */
#define WORD_MAX 64

typedef struct {
    cp_t x0, y0, x1, y1; /* the span covered, whatever the sign of w and h */
    const char *line;    /* borrowed from the input buffer */
    size_t lineno;
} box_t;

typedef struct {
    const char *name;
    cp_t page_w, page_h;
    cp_t top, bottom, inner, outer;
    bool duplex;
    bool have_doc;
    size_t n_pages; /* pages= of the document line */
    size_t page;    /* the current page, 1-based; 0 before the first */
    char page_kind[WORD_MAX];
    GArray *texts; /* box_t: the text boxes of the current page */
    size_t violations;
} check_t;

static void report(check_t *c, const char *line, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

static void report(check_t *c, const char *line, const char *fmt, ...)
{
    va_list ap;
    while (*line == ' ')
        line++;
    printf("%s: page %zu (kind=%s): ", c->name, c->page, c->page_kind);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf(": %s\n", line);
    c->violations++;
}

static bool malformed(check_t *c, size_t lineno, const char *why, const char *line)
{
    fprintf(stderr, "geometry: %s: dump line %zu: %s: %s\n", c->name, lineno, why, line);
    return false;
}

/* The value of KEY among a line's key=value WORDS, or NULL; borrowed from
 * WORDS. */
static const char *field(char **words, const char *key)
{
    size_t n = strlen(key);
    for (size_t i = 0; words[i]; i++)
        if (!strncmp(words[i], key, n) && words[i][n] == '=')
            return words[i] + n + 1;
    return NULL;
}

/* Parses all of S (up to END, or to its end when END is NULL) as a number
 * of points, whatever the locale, into hundredths. */
static bool number(const char *s, const char *end, cp_t *out)
{
    char *stop;
    double v;
    if (!s || !*s || *s == ' ')
        return false;
    v = g_ascii_strtod(s, &stop);
    if (stop == s || (end ? stop != end : *stop != '\0') || !(fabs(v) < 1e12))
        return false;
    *out = llround(v * 100.0);
    return true;
}

static bool count(const char *s, size_t *out)
{
    char *stop;
    if (!s || *s < '0' || *s > '9')
        return false;
    unsigned long long v = g_ascii_strtoull(s, &stop, 10);
    *out = (size_t)v;
    return *stop == '\0';
}

static bool read_document(check_t *c, char **words)
{
    const char *size = field(words, "size"), *margins = field(words, "margins");
    const char *duplex = field(words, "duplex"), *x, *comma[3];
    if (!count(field(words, "pages"), &c->n_pages) || !size || !margins || !duplex)
        return false;
    if (!(x = strchr(size, 'x')) || !number(size, x, &c->page_w) ||
        !number(x + 1, NULL, &c->page_h))
        return false;
    if (!(comma[0] = strchr(margins, ',')) || !(comma[1] = strchr(comma[0] + 1, ',')) ||
        !(comma[2] = strchr(comma[1] + 1, ',')))
        return false;
    if (!number(margins, comma[0], &c->top) || !number(comma[0] + 1, comma[1], &c->bottom) ||
        !number(comma[1] + 1, comma[2], &c->inner) || !number(comma[2] + 1, NULL, &c->outer))
        return false;
    if (strcmp(duplex, "yes") && strcmp(duplex, "no"))
        return false;
    c->duplex = !strcmp(duplex, "yes");
    return c->page_w > 0 && c->page_h > 0;
}

static bool parse_document(check_t *c, char **words, const char *line, size_t lineno)
{
    if (c->have_doc)
        return malformed(c, lineno, "a second document line", line);
    if (!read_document(c, words))
        return malformed(
            c, lineno, "expected `document pages=N size=WxH margins=T,B,I,O duplex=yes|no`", line);
    c->have_doc = true;
    return true;
}

static cp_t min_cp(cp_t a, cp_t b)
{
    return a < b ? a : b;
}

static cp_t max_cp(cp_t a, cp_t b)
{
    return a > b ? a : b;
}

/* Appends ", NAME edge V < LO" or ", NAME edge V > HI" when V is out of
 * LO..HI by more than EDGE_CP. */
static void edge(GString *why, const char *name, cp_t v, cp_t lo, cp_t hi)
{
    if (v < lo - EDGE_CP)
        g_string_append_printf(why, ", %s edge %.2f < %.2f", name, CP(v), CP(lo));
    else if (v > hi + EDGE_CP)
        g_string_append_printf(why, ", %s edge %.2f > %.2f", name, CP(v), CP(hi));
}

/* Invariants 2 and 3 for one box: the paper, then the content area. */
static void check_place(check_t *c, const box_t *b, bool footer)
{
    GString *why = g_string_new(NULL);
    edge(why, "left", b->x0, 0, c->page_w);
    edge(why, "right", b->x1, 0, c->page_w);
    edge(why, "top", b->y0, 0, c->page_h);
    edge(why, "bottom", b->y1, 0, c->page_h);
    if (why->len) {
        report(c, b->line, "outside the paper (%.2f x %.2f)%s", CP(c->page_w), CP(c->page_h),
               why->str);
    } else if (!footer) {
        bool recto = c->page % 2 == 1;
        bool inner_left = recto || !c->duplex;
        cp_t cx0 = inner_left ? c->inner : c->outer;
        cp_t cx1 = c->page_w - (inner_left ? c->outer : c->inner);
        cp_t cy0 = c->top, cy1 = c->page_h - c->bottom;
        edge(why, "left", b->x0, cx0, cx1);
        edge(why, "right", b->x1, cx0, cx1);
        edge(why, "top", b->y0, cy0, cy1);
        edge(why, "bottom", b->y1, cy0, cy1);
        const char *side = !c->duplex ? "one-sided" : recto ? "recto" : "verso";
        if (why->len)
            report(c, b->line,
                   "in the margin (content area x %.2f..%.2f, y %.2f..%.2f of a %s page)%s",
                   CP(cx0), CP(cx1), CP(cy0), CP(cy1), side, why->str);
    }
    g_string_free(why, TRUE);
}

/* Invariant 4: a text box against the text boxes before it on its page. */
static void check_overlap(check_t *c, const box_t *b)
{
    for (size_t i = 0; i < c->texts->len; i++) {
        const box_t *o = &g_array_index(c->texts, box_t, i);
        cp_t ox = min_cp(b->x1, o->x1) - max_cp(b->x0, o->x0);
        cp_t oy = min_cp(b->y1, o->y1) - max_cp(b->y0, o->y0);
        if (ox > OVERLAP_CP && oy > OVERLAP_CP)
            report(c, b->line,
                   "overlaps the text box on dump line %zu (x=%.2f y=%.2f w=%.2f h=%.2f) "
                   "by %.2f x %.2f pt",
                   o->lineno, CP(o->x0), CP(o->y0), CP(o->x1 - o->x0), CP(o->y1 - o->y0), CP(ox),
                   CP(oy));
    }
    g_array_append_val(c->texts, *b);
}

static const char *const BOX_KINDS[] = {"text",   "ornament", "rule", "leader", "dots", "grid",
                                        "circle", "link",     "cut",  "rect",   "disc", NULL};

static bool parse_box(check_t *c, char **words, const char *line, size_t lineno)
{
    cp_t x, y, w, h;
    bool known = false;
    for (size_t i = 0; BOX_KINDS[i]; i++)
        known = known || !strcmp(words[0], BOX_KINDS[i]);
    if (!known)
        return malformed(c, lineno, "unknown box kind", line);
    if (!c->page)
        return malformed(c, lineno, "a box before the first page line", line);
    if (!number(field(words, "x"), NULL, &x) || !number(field(words, "y"), NULL, &y) ||
        !number(field(words, "w"), NULL, &w) || !number(field(words, "h"), NULL, &h))
        return malformed(c, lineno, "a box needs numbers x=, y=, w= and h=", line);

    box_t b = {
        min_cp(x, x + w), min_cp(y, y + h), max_cp(x, x + w), max_cp(y, y + h), line, lineno};
    const char *role = field(words, "role");
    if (w < 0 && h < 0)
        report(c, line, "negative width and height (w=%.2f h=%.2f)", CP(w), CP(h));
    else if (w < 0)
        report(c, line, "negative width (w=%.2f)", CP(w));
    else if (h < 0)
        report(c, line, "negative height (h=%.2f)", CP(h));
    check_place(c, &b, role && (!strcmp(role, "footer") || !strcmp(role, "nav")));
    if (!strcmp(words[0], "text"))
        check_overlap(c, &b);
    return true;
}

static bool parse_page(check_t *c, char **words, const char *line, size_t lineno)
{
    size_t n;
    const char *kind = field(words, "kind");
    if (!c->have_doc)
        return malformed(c, lineno, "a page before the document line", line);
    if (!words[1] || !count(words[1], &n) || !kind || strlen(kind) >= WORD_MAX)
        return malformed(c, lineno, "expected `page N kind=K label=L`", line);
    if (n != c->page + 1)
        return malformed(c, lineno, "pages out of order", line);
    if (n > c->n_pages)
        return malformed(c, lineno, "more pages than the document line's pages=", line);
    c->page = n;
    snprintf(c->page_kind, sizeof c->page_kind, "%s", kind);
    g_array_set_size(c->texts, 0);
    return true;
}

/* One line of the dump; false (with a message) when it cannot be read. The
 * key=value words end where the quoted text of a text box begins, so text
 * such as `role=footer` inside a string is never taken for a field. */
static bool check_line(check_t *c, char *line, size_t lineno)
{
    bool ok = true;
    const char *quote = strchr(line, '"');
    char *head = g_strndup(line, quote ? (size_t)(quote - line) : strlen(line));
    char **words = g_strsplit_set(g_strstrip(head), " ", -1);

    if (!*line || !words[0] || !*words[0])
        ok = malformed(c, lineno, "empty line", line);
    else if (!strncmp(line, "  ", 2))
        ok = parse_box(c, words, line, lineno);
    else if (!strcmp(words[0], "document"))
        ok = parse_document(c, words, line, lineno);
    else if (!strcmp(words[0], "page"))
        ok = parse_page(c, words, line, lineno);
    else if (strcmp(words[0], "outline"))
        ok = malformed(c, lineno, "not a line of a dump", line);
    g_strfreev(words);
    g_free(head);
    return ok;
}

static bool read_input(const char *path, char **text, size_t *len)
{
    GError *err = NULL;
    if (strcmp(path, "-")) {
        if (g_file_get_contents(path, text, len, &err))
            return true;
        fprintf(stderr, "geometry: %s\n", err->message);
        g_error_free(err);
        return false;
    }
    GString *all = g_string_new(NULL);
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, stdin)) > 0)
        g_string_append_len(all, buf, (gssize)n);
    if (ferror(stdin)) {
        fprintf(stderr, "geometry: cannot read stdin\n");
        g_string_free(all, TRUE);
        return false;
    }
    *len = all->len;
    *text = g_string_free(all, FALSE);
    return true;
}

int main(int argc, char **argv)
{
    char *name = NULL, *text = NULL;
    size_t len = 0;
    int rc = 2;
    GError *err = NULL;
    GOptionEntry entries[] = {{"name", 'n', 0, G_OPTION_ARG_STRING, &name,
                               "Name the dump in messages (default: the file)", "NAME"},
                              {NULL, 0, 0, 0, NULL, NULL, NULL}};
    GOptionContext *ctx = g_option_context_new("[DUMP] - check the geometry of a keepsake --dump");
    g_option_context_add_main_entries(ctx, entries, NULL);
    g_option_context_set_summary(
        ctx, "Reads DUMP (default: stdin) and prints one line a violation:\n"
             "negative sizes, boxes off the paper, boxes other than footers and tabs in\n"
             "the margins, overlapping text. Exit 0 clean, 1 violations, 2 errors.");
    check_t c = {.texts = g_array_new(FALSE, FALSE, sizeof(box_t))};

    if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
        fprintf(stderr, "geometry: %s\n", err->message);
        g_error_free(err);
        goto out;
    }
    if (argc > 2) {
        fprintf(stderr, "geometry: one dump at a time (see --help)\n");
        goto out;
    }
    const char *path = argc == 2 ? argv[1] : "-";
    c.name = name ? name : strcmp(path, "-") ? path : "stdin";
    if (!read_input(path, &text, &len))
        goto out;
    if (memchr(text, '\0', len)) {
        fprintf(stderr, "geometry: %s: a NUL byte: not a dump\n", c.name);
        goto out;
    }

    size_t lineno = 0;
    for (char *line = text, *nl; line < text + len; line = nl + 1) {
        nl = strchr(line, '\n');
        if (!nl)
            nl = text + len; /* the last line, without its newline */
        *nl = '\0';
        if (!check_line(&c, line, ++lineno))
            goto out;
    }
    if (!c.have_doc) {
        fprintf(stderr, "geometry: %s: no document line: not a dump\n", c.name);
        goto out;
    }
    if (c.page < c.n_pages) {
        fprintf(
            stderr,
            "geometry: %s: the document line says pages=%zu, but the dump ends after page %zu\n",
            c.name, c.n_pages, c.page);
        goto out;
    }
    rc = c.violations ? 1 : 0;
out:
    g_array_free(c.texts, TRUE);
    g_option_context_free(ctx);
    g_free(text);
    g_free(name);
    return rc;
}
