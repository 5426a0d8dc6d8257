/* test-model: the checked model built from a small data folder.
 *
 * Each test writes YAML files into a temporary folder laid out like the data
 * folder (content/, content/lang/en.yaml, layouts/a5.yaml, content/books/,
 * one exercise), builds or checks them with a diag_t writing into a memory
 * stream, and compares the messages whole. "$D" in an expected message
 * stands for the temporary folder. */
#include "model.h"

#include "test-harness.h"
#include "test-data.h"

#include <math.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* The shared data folder and session of test-data.h; D is its folder. */
#define D data_dir

static void drop(const char *rel)
{
    char *path = data_path(rel);
    CHECK(unlink(path) == 0);
    g_free(path);
}

/* The messages so far equal `want`. */
static bool messages_are(session_t *s, const char *want)
{
    fflush(s->f);
    char *w = data_with_dir(want);
    bool ok = strcmp(s->msgs, w) == 0;
    if (!ok)
        printf("  want: %s  got:  %s", w, *s->msgs ? s->msgs : "(nothing)\n");
    g_free(w);
    return ok;
}

static bool build(session_t *s, const char *layout, const model_setting_t *sets,
                  size_t n_sets, model_book_t **out)
{
    char *path = data_path("content/books/b.yaml");
    bool ok = model_build(s->run, path, layout, sets, n_sets, out);
    g_free(path);
    return ok;
}

/* The book `yaml` with `sets` builds; the session keeps the result. */
static model_book_t *book_ok(session_t *s, const char *yaml, const model_setting_t *sets,
                             size_t n_sets)
{
    model_book_t *b = NULL;
    data_put("content/books/b.yaml", yaml);
    bool ok = build(s, NULL, sets, n_sets, &b);
    if (!ok || !messages_are(s, ""))
        return NULL;
    return b;
}

/* The book `yaml` with `sets` is refused with exactly `want`. */
static bool book_fails(const char *yaml, const model_setting_t *sets, size_t n_sets,
                       const char *want)
{
    session_t s;
    model_book_t *b;
    session_open(&s);
    data_put("content/books/b.yaml", yaml);
    bool ok = !build(&s, NULL, sets, n_sets, &b);
    if (!ok)
        printf("  the book was accepted\n");
    ok = messages_are(&s, want) && ok;
    session_close(&s);
    return ok;
}

/* Check D/rel holding `yaml` with model_check_file(), which must fail; the
 * messages are returned (g_free them) and the file is removed. */
static char *check_messages(const char *rel, const char *yaml)
{
    session_t s;
    session_open(&s);
    data_put(rel, yaml);
    char *path = data_path(rel);
    if (model_check_file(s.run, path))
        printf("  %s was accepted\n", rel);
    fflush(s.f);
    char *msgs = g_strdup(s.run->diag.errors ? s.msgs : "(accepted)\n");
    g_free(path);
    session_close(&s);
    drop(rel);
    return msgs;
}

/* D/rel holding `yaml` is refused with exactly `want`. */
static bool check_fails(const char *rel, const char *yaml, const char *want)
{
    char *got = check_messages(rel, yaml);
    char *w = data_with_dir(want);
    bool ok = strcmp(got, w) == 0;
    if (!ok)
        printf("  want: %s  got:  %s", w, got);
    g_free(w);
    g_free(got);
    return ok;
}

/* D/rel holding `yaml` is refused with one message that starts with `start`
 * and holds `hint`. */
static bool check_suggests(const char *rel, const char *yaml, const char *start,
                           const char *hint)
{
    char *got = check_messages(rel, yaml);
    char *w = data_with_dir(start);
    const char *nl = strchr(got, '\n');
    bool ok = g_str_has_prefix(got, w) && nl && nl[1] == '\0' && strstr(got, hint);
    if (!ok)
        printf("  want: %s... (%s)\n  got:  %s", w, hint, got);
    g_free(w);
    g_free(got);
    return ok;
}

static bool check_ok(const char *rel, const char *yaml)
{
    session_t s;
    session_open(&s);
    data_put(rel, yaml);
    char *path = data_path(rel);
    bool ok = model_check_file(s.run, path) && messages_are(&s, "");
    g_free(path);
    session_close(&s);
    drop(rel);
    return ok;
}

static bool near(double a, double b)
{
    if (fabs(a - b) < 1e-9)
        return true;
    printf("  %.6f != %.6f\n", a, b);
    return false;
}

static const double MM = 72.0 / 25.4;

/* ---- files used throughout ---------------------------------------------- */

#define HEAD "type: book\nlayout: a5\nlanguage: en\n" /* lines 1-3 */
#define SECTIONS "sections:\n  - title: Notes\n    pages:\n      - exercise: ex\n"
#define VARS(v) HEAD "variables:\n" v SECTIONS /* first variable on line 5 */

#define EXERCISE "type: exercise\nid: e1\npractice: check-ins\nkind: notes\n"

static const char *const BOOK = VARS("  title: \"Our Test\"\n"
                                     "  names: [Alex, Sam]\n"
                                     "  start: 2027-01-04\n"
                                     "  weeks: 4\n");

static bool setup(void)
{
    if (!data_open_empty("test-model"))
        return false;
    bool ok = data_copy_in("content/lang/en.yaml") && data_copy_in("layouts/a5.yaml");
    data_put("content/x/ex.yaml", "type: exercise\nid: ex\npractice: check-ins\n"
                             "kind: notes\ntitle: \"Notes\"\n");
    return CHECK(ok);
}

/* ---- tests -------------------------------------------------------------- */

static void test_good_book(void)
{
    session_t s;
    session_open(&s);
    model_book_t *b = book_ok(&s, BOOK, NULL, 0);
    CHECK(b != NULL);
    if (b) {
        CHECK(b->weeks == 4);
        CHECK(b->n_people == 2 && !strcmp(b->people[0], "Alex") &&
              !strcmp(b->people[1], "Sam"));
        CHECK_STR(model_var(b, "names"), "Alex & Sam");
        CHECK_STR(model_var(b, "title"), "Our Test");
        CHECK(model_var(b, "nothing") == NULL);
        CHECK(g_date_get_day(&b->start) == 4 && g_date_get_year(&b->start) == 2027);
        CHECK(b->week_starts == G_DATE_MONDAY);
        CHECK(b->lang && !strcmp(b->lang->id, "en"));
        CHECK(b->lang && !strcmp(b->lang->names.months_short[11], "Dec"));
        CHECK(b->layout && near(b->layout->margin_top, 14 * MM));
        CHECK(b->layout && near(b->layout->page_w, 419.53));
        CHECK(b->n_sections == 1 && b->sections[0].n_pages == 1);
        CHECK(b->n_sections == 1 && b->sections[0].pages[0].exercise &&
              !strcmp(b->sections[0].pages[0].exercise->id, "ex"));
    }
    session_close(&s);
}

static void test_keys(void)
{
    CHECK(book_fails(HEAD "sectons:\n  - title: x\n", NULL, 0,
                     "$D/content/books/b.yaml:4:1: error: unknown key 'sectons' in a "
                     "book (did you mean 'sections'?)\n"));
    CHECK(book_fails(HEAD "variables: {}\n", NULL, 0,
                     "$D/content/books/b.yaml:1:1: error: a book is missing the "
                     "required key 'sections'\n"));
    CHECK(book_fails(HEAD "colour: red\n" SECTIONS, NULL, 0,
                     "$D/content/books/b.yaml:4:1: error: unknown key 'colour' in a "
                     "book (known keys: type, id, layout, language, subject, pad-to, pad-with, author, keywords, "
                     "variables, sections)\n"));
    CHECK(check_fails("content/x/e1.yaml", EXERCISE "title: x\ntitel: y\n",
                      "$D/content/x/e1.yaml:6:1: error: unknown key 'titel' in a "
                      "notes exercise (did you mean 'title'?)\n"));
    CHECK(check_fails("content/x/e1.yaml", EXERCISE,
                      "$D/content/x/e1.yaml:1:1: error: a notes exercise is missing "
                      "the required key 'title'\n"));
    CHECK(check_fails("layouts/l.yaml",
                      "type: layout\npage:\n  size: a5\n  margins: {botom: 10mm}\n",
                      "$D/layouts/l.yaml:4:13: error: unknown key 'botom' in "
                      "'margins' (did you mean 'bottom'?)\n"));
}

static void test_types(void)
{
    CHECK(check_fails("content/x/e1.yaml", EXERCISE "title: [a, b]\n",
                      "$D/content/x/e1.yaml:5:8: error: 'title' should be text, not "
                      "a list\n"));
    CHECK(book_fails(HEAD "sections: {a: 1}\n", NULL, 0,
                     "$D/content/books/b.yaml:4:11: error: 'sections' should be a "
                     "list, not a map\n"));
    CHECK(check_fails("content/x/e1.yaml",
                      "type: exercise\nid: e1\npractice: check-ins\nkind: story\n"
                      "title: x\nprompts: {a: 1}\n",
                      "$D/content/x/e1.yaml:6:10: error: 'prompts' should be a list, "
                      "not a map\n"));
    CHECK(book_fails(VARS("  title: {a: 1}\n"), NULL, 0,
                     "$D/content/books/b.yaml:5:10: error: variable 'title' should "
                     "be text, not a map\n"));
}

static void test_layout_values(void)
{
    const char *L = "layouts/l.yaml";
    struct {
        const char *margin, *want;
    } lengths[] = {
        {"12", "margin 'top' must be a length such as 12mm, 1.5cm, 0.5in or 10pt, "
               "not '12'"},
        {"12px", "margin 'top' must be a length such as 12mm, 1.5cm, 0.5in or 10pt, "
                 "not '12px'"},
        {"-3mm", "margin 'top' is -3mm; it must be from 0.0mm to 352.8mm"},
        {"1e1mm", "margin 'top' must be a length such as 12mm, 1.5cm, 0.5in or 10pt, "
                  "not '1e1mm'"},
    };
    for (size_t i = 0; i < sizeof lengths / sizeof lengths[0]; i++) {
        char *yaml = g_strdup_printf("type: layout\npage:\n  size: a5\n"
                                     "  margins: {top: %s}\n",
                                     lengths[i].margin);
        char *want = g_strdup_printf("$D/layouts/l.yaml:4:18: error: %s\n",
                                     lengths[i].want);
        CHECK(check_fails(L, yaml, want));
        g_free(yaml);
        g_free(want);
    }
    CHECK(check_fails(L, "type: layout\npage: {size: a5}\ncolours:\n  accent: \"#12345\"\n",
                      "$D/layouts/l.yaml:4:11: error: colour 'accent' must be a colour "
                      "such as \"#7a4b3a\" or \"#333\", not '#12345'\n"));
    CHECK(check_fails(L, "type: layout\npage: {size: a5}\ncolours:\n  accent: red\n",
                      "$D/layouts/l.yaml:4:11: error: colour 'accent' must be a colour "
                      "such as \"#7a4b3a\" or \"#333\", not 'red'\n"));
    CHECK(check_fails(L, "type: layout\npage: {size: a5}\ncolours:\n  accent: #abc\n",
                      "$D/layouts/l.yaml:4:10: error: colour 'accent' is empty; quote "
                      "colours, as in \"#7a4b3a\": an unquoted # starts a YAML "
                      "comment\n"));
    CHECK(check_suggests(L, "type: layout\npage:\n  size: a55\n",
                         "$D/layouts/l.yaml:3:9: error: page size cannot be 'a55'",
                         "did you mean 'a5'?"));
    CHECK(check_suggests(L, "type: layout\npage:\n  size: leter\n",
                         "$D/layouts/l.yaml:3:9: error: page size cannot be 'leter'",
                         "did you mean 'letter'?"));
    CHECK(check_fails(L, "type: layout\npage:\n  size: tabloid\n",
                      "$D/layouts/l.yaml:3:9: error: page size cannot be 'tabloid' "
                      "(one of: a4, a5, a6, b5, letter, half-letter; or exact, such as "
                      "148x210mm or 5.5x8.5in; or [width, height] such as [297mm, 420mm])\n"));
    CHECK(check_fails(L, "type: layout\npage:\n  size: 148x210\n",
                      "$D/layouts/l.yaml:3:9: error: page size cannot be '148x210': an exact "
                      "size ends with its unit: mm, cm, in or pt (e.g. 148x210mm)\n"));
    CHECK(check_ok(L, "type: layout\npage:\n  size: B5\n"));
    CHECK(check_ok(L, "type: layout\npage:\n  size: 5.5x8.5in\n"));
    CHECK(check_ok(L, "type: layout\npage:\n  size: [100mm, 5in]\n"
                      "colours: {accent: \"#ABC\", text: \"#7a4b3a\"}\n"));
}

static void test_typed_variables(void)
{
    const char *weeks[] = {"0", "-1", "100000", "12.5", "\"52 \"", "\"\"", "fifty"};
    const char *shown[] = {"0", "-1", "100000", "12.5", "52 ", "", "fifty"};
    for (size_t i = 0; i < sizeof weeks / sizeof weeks[0]; i++) {
        char *yaml = g_strdup_printf(VARS("  weeks: %s\n"), weeks[i]);
        char *want = g_strdup_printf("$D/content/books/b.yaml:5:10: error: 'weeks' must "
                                     "be a whole number from 1 to 520, not '%s'\n",
                                     shown[i]);
        CHECK(book_fails(yaml, NULL, 0, want));
        g_free(yaml);
        g_free(want);
    }
    CHECK(book_fails(VARS("  start: 2027-02-30\n"), NULL, 0,
                     "$D/content/books/b.yaml:5:10: error: 'start' must be a real date "
                     "written YYYY-MM-DD (years 1 to 9999), not '2027-02-30'\n"));
    CHECK(book_fails(VARS("  start: 9999-12-01\n"), NULL, 0,
                     "$D/content/books/b.yaml:5:10: error: the weeks from 'start' run "
                     "past the year 9999\n"));
    CHECK(book_fails(VARS("  week-starts: funday\n"), NULL, 0,
                     "$D/content/books/b.yaml:5:16: error: 'week-starts' must be a "
                     "weekday name (monday ... sunday), not 'funday'\n"));

    session_t s;
    session_open(&s);
    model_book_t *b = book_ok(&s, VARS("  weeks: 520\n  week-starts: Sunday\n"
                                       "  start: 2027-01-07\n"),
                              NULL, 0);
    CHECK(b && b->weeks == 520 && b->week_starts == G_DATE_SUNDAY);
    session_close(&s);
}

static void test_settings(void)
{
    const model_setting_t sets[] = {{"names", "Jo & Kim", NULL}, {"start", "2027-03-01", NULL},
                                    {"weeks", "10", NULL}};
    session_t s;
    session_open(&s);
    model_book_t *b = book_ok(&s, BOOK, sets, 3);
    CHECK(b != NULL);
    if (b) {
        CHECK(b->n_people == 2 && !strcmp(b->people[0], "Jo") &&
              !strcmp(b->people[1], "Kim"));
        CHECK_STR(model_var(b, "names"), "Jo & Kim");
        CHECK(g_date_get_month(&b->start) == G_DATE_MARCH && g_date_get_day(&b->start) == 1);
        CHECK(b->weeks == 10);
    }
    session_close(&s);

    /* The typed variables exist in every book, so --set reaches them. */
    const model_setting_t weeks[] = {{"weeks", "3", NULL}, {"week-starts", "sunday", NULL}};
    session_open(&s);
    b = book_ok(&s, HEAD SECTIONS, weeks, 2);
    CHECK(b && b->weeks == 3 && b->week_starts == G_DATE_SUNDAY);
    session_close(&s);

    const model_setting_t typo[] = {{"titel", "x", NULL}};
    CHECK(book_fails(BOOK, typo, 1,
                     "--set titel: error: the book has no variable 'titel' (did you "
                     "mean 'title'?)\n"));
    const model_setting_t unknown[] = {{"colour", "x", NULL}};
    CHECK(book_fails(BOOK, unknown, 1,
                     "--set colour: error: the book has no variable 'colour'\n"));
    const model_setting_t bad_start[] = {{"start", "2027-02-30", NULL}};
    CHECK(book_fails(BOOK, bad_start, 1,
                     "--set start: error: 'start' must be a real date written "
                     "YYYY-MM-DD (years 1 to 9999), not '2027-02-30'\n"));
    const model_setting_t control[] = {{"title", "a\x01", NULL}};
    CHECK(book_fails(BOOK, control, 1,
                     "--set title: error: the value of 'title' holds a control "
                     "character\n"));
}

static void test_names(void)
{
    struct {
        const char *names;
        size_t n;
        const char *joined;
    } cases[] = {
        {"[Alex, Sam]", 2, "Alex & Sam"},
        {"\"Alex & Sam\"", 2, "Alex & Sam"},
        {"Alex, Sam and Jo", 2, "Alex, Sam and Jo"}, /* "and" does not split */
        {"[Ann, Bo, Cy]", 3, "Ann, Bo & Cy"},
        {"Alex", 1, "Alex"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *yaml = g_strdup_printf(VARS("  names: %s\n"), cases[i].names);
        session_t s;
        session_open(&s);
        model_book_t *b = book_ok(&s, yaml, NULL, 0);
        if (!CHECK(b && b->n_people == cases[i].n))
            printf("  names: %s\n", cases[i].names);
        if (b)
            CHECK_STR(model_var(b, "names"), cases[i].joined);
        session_close(&s);
        g_free(yaml);
    }
    CHECK(book_fails(VARS("  names: A, B, C, D, E\n"), NULL, 0,
                     "$D/content/books/b.yaml:5:10: error: 'names' holds 5 names; a "
                     "workbook has room for at most 4\n"));
    CHECK(book_fails(VARS("  names: []\n"), NULL, 0,
                     "$D/content/books/b.yaml:5:10: error: 'names' needs at least one "
                     "name\n"));
    CHECK(book_fails(VARS("  names: [Alex, [Sam]]\n"), NULL, 0,
                     "$D/content/books/b.yaml:5:17: error: a name in 'names' should "
                     "be text, not a list\n"));
    /* Names given as a list are checked like names given as text. */
    CHECK(book_fails(VARS("  names: \"A\\x01\"\n"), NULL, 0,
                     "$D/content/books/b.yaml:5:10: error: the value of 'names' holds "
                     "a control character\n"));
    CHECK(book_fails(VARS("  names: [\"A\\x01\", B]\n"), NULL, 0,
                     "$D/content/books/b.yaml:5:11: error: the value of 'names' holds "
                     "a control character\n"));
}

/* Values that print out of order, are no text, or show nothing. */
static void test_hostile_values(void)
{
    CHECK(book_fails(VARS("  names: [Alex, \"Sam\\u202E\"]\n"), NULL, 0,
                     "$D/content/books/b.yaml:5:17: error: the value of 'names' holds a "
                     "bidi control (U+202E), which shows text in an order other than the one "
                     "it is written in; remove it (the marks U+200E, U+200F and U+061C may "
                     "stay)\n"));
    const model_setting_t isolate[] = {{"dedication", "For \u2067Noa", NULL}};
    CHECK(book_fails(VARS("  dedication: x\n"), isolate, 1,
                     "--set dedication: error: the value of 'dedication' holds a bidi control "
                     "(U+2067), which shows text in an order other than the one it is written "
                     "in; remove it (the marks U+200E, U+200F and U+061C may stay)\n"));
    CHECK(book_fails(VARS("  title: \"Us \\uFDD0\"\n"), NULL, 0,
                     "$D/content/books/b.yaml:5:10: error: the value of 'title' holds U+FDD0, "
                     "a noncharacter, which is never text\n"));
    const model_setting_t nonchar[] = {{"names", "Alex \U0010FFFF", NULL}};
    CHECK(book_fails(BOOK, nonchar, 1,
                     "--set names: error: the value of 'names' holds U+10FFFF, a "
                     "noncharacter, which is never text\n"));

    /* Blank names, titles and clients, from a book or --set, as a whole or
     * as one of the names. */
    CHECK(book_fails(VARS("  title: \"\\u200B \\u2060\"\n"), NULL, 0,
                     "$D/content/books/b.yaml:5:10: error: the value of 'title' is blank: it "
                     "holds only spaces or invisible characters\n"));
    CHECK(book_fails(VARS("  names: [Alex, \"\"]\n"), NULL, 0,
                     "$D/content/books/b.yaml:5:17: error: the value of 'names' is empty\n"));
    const model_setting_t blank[] = {{"client", "\xEF\xBB\xBF ", NULL}, {"names", "Alex & \u200D", NULL}};
    CHECK(book_fails(VARS("  client: x\n  names: x\n"), blank, 2,
                     "--set client: error: the value of 'client' is blank: it holds only "
                     "spaces or invisible characters\n"
                     "--set names: error: a name in 'names' is blank: it holds only spaces or "
                     "invisible characters\n"));

    /* Marks, private use, unassigned code points, and an empty value where
     * one means something: all accepted. */
    const model_setting_t fine[] = {{"names", "\u05E0\u05D5\u05E2\u05DD\u200F & Sam", NULL},
                                    {"title", "\uE000 \U000F0000 \u0378", NULL},
                                    {"anniversary", "", NULL}, {"dedication", " ", NULL}};
    session_t s;
    session_open(&s);
    CHECK(book_ok(&s, VARS("  names: x\n  title: x\n  anniversary: x\n  dedication: x\n"), fine,
                      4) != NULL);
    session_close(&s);
}

static void test_extends(void)
{
    data_put("layouts/child.yaml", "type: layout\nextends: a5\npage:\n"
                              "  margins: {top: 30mm}\n");
    session_t s;
    session_open(&s);
    model_book_t *b = NULL;
    data_put("content/books/b.yaml", BOOK);
    CHECK(build(&s, "child", NULL, 0, &b) && messages_are(&s, ""));
    const model_layout_t *L = b ? b->layout : NULL;
    CHECK(L != NULL);
    if (L) {
        CHECK_STR(L->id, "child");
        CHECK(near(L->margin_top, 30 * MM));
        CHECK(near(L->margin_bottom, 16 * MM)); /* a5's, not the defaults */
        CHECK(near(L->margin_inner, 19 * MM));
        CHECK(near(L->margin_outer, 13 * MM));
        CHECK(near(L->page_w, 419.53) && near(L->page_h, 595.28));
        CHECK_STR(L->heading.family, "Lato");
        CHECK((L->heading.style & MODEL_FONT_STYLE_BOLD) && near(L->heading.size, 15));
        CHECK(near(L->accent.r, 0x8c / 255.0));
    }
    session_close(&s);
    drop("layouts/child.yaml");

    data_put("layouts/y.yaml", "type: layout\nextends: x\npage: {size: a5}\n");
    CHECK(check_fails("layouts/x.yaml", "type: layout\nextends: y\npage: {size: a5}\n",
                      "$D/layouts/y.yaml:2:10: error: layout 'x' extends itself "
                      "through a cycle: x -> y -> x\n"
                      "$D/layouts/x.yaml:2:10: note: included from here\n"));
    drop("layouts/y.yaml");
    CHECK(check_fails("layouts/x.yaml", "type: layout\nextends: x\npage: {size: a5}\n",
                      "$D/layouts/x.yaml:2:10: error: layout 'x' extends itself "
                      "through a cycle: x -> x\n"));
    CHECK(check_fails("layouts/x.yaml", "type: layout\nextends: nope\npage: {size: a5}\n",
                      "$D/layouts/x.yaml:2:10: error: layout 'nope' not found beside "
                      "this file or as $D/layouts/nope.yaml\n"));
}

static void test_markup(void)
{
    const char *E1 = "content/x/e1.yaml";
    /* Structure problems point at the tag, counted in the source. */
    CHECK(check_fails(E1, EXERCISE "title: \"<b>unclosed\"\n",
                      "$D/content/x/e1.yaml:5:9: error: invalid markup: <b> is never "
                      "closed; add </b>\n"));
    CHECK(check_fails(E1, EXERCISE "title: \"{names} <b>x\"\n",
                      "$D/content/x/e1.yaml:5:17: error: invalid markup: <b> is never "
                      "closed; add </b>\n"));
    CHECK(check_fails(E1, EXERCISE "title: <span size=\"9999999\">big</span>\n",
                      "$D/content/x/e1.yaml:5:8: error: markup asks for text larger "
                      "than 72 pt\n"));
    CHECK(check_fails(E1, EXERCISE "title: '<span font=\"Sans 200\">big</span>'\n",
                      "$D/content/x/e1.yaml:5:8: error: markup asks for text larger "
                      "than 72 pt\n"));
    CHECK(check_ok(E1, EXERCISE "title: '<span size=\"72pt\">x</span> <i>y</i>'\n"));

    /* A brace error points at the brace inside the title. */
    CHECK(check_fails(E1, EXERCISE "title: \"été {Bad}\"\n",
                      "$D/content/x/e1.yaml:5:13: error: '{' starts no placeholder; "
                      "write '{{' for a brace, or {name} with lowercase letters, "
                      "digits and '-'\n"));
    /* ...also when escapes make the text differ from its source. */
    CHECK(check_fails(E1, EXERCISE "title: 'it''s {Bad}'\n",
                      "$D/content/x/e1.yaml:5:15: error: '{' starts no placeholder; "
                      "write '{{' for a brace, or {name} with lowercase letters, "
                      "digits and '-'\n"));
    CHECK(check_fails(E1, EXERCISE "title: \"\\u00e9t\\u00e9 {Bad}\"\n",
                      "$D/content/x/e1.yaml:5:23: error: '{' starts no placeholder; "
                      "write '{{' for a brace, or {name} with lowercase letters, "
                      "digits and '-'\n"));
}

int main(void)
{
    if (setup()) {
        test_good_book();
        test_keys();
        test_types();
        test_layout_values();
        test_typed_variables();
        test_settings();
        test_names();
        test_hostile_values();
        test_extends();
        test_markup();
    }
    data_close();
    return harness_finish();
}
