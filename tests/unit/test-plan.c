/* test-plan: plan_build() on small books.
 *
 * Each test writes a book into a temporary data folder (test-data.h) that
 * holds a few small exercises, builds the model and the plan, and looks at
 * the logical pages, the contents/outline entries, the people, the PDF's
 * metadata and the footer. Problems are compared as whole messages, with
 * "$D" standing for the folder. */
#include "plan.h"

#include "test-harness.h"
#include "test-data.h"

#include <pango/pangocairo.h>

/* ---- exercises and books ------------------------------------------------ */

#define NOTES(ID, TITLE) \
    "type: exercise\nid: " ID "\npractice: check-ins\nkind: notes\ntitle: \"" TITLE "\"\n"

enum { N_PROMPTS = 8 };
static const char *const PROMPTS[N_PROMPTS] = {"Prompt A", "Prompt B", "Prompt C", "Prompt D",
                                               "Prompt E", "Prompt F", "Prompt G", "Prompt H"};

static bool setup(void)
{
    if (!data_open("plan"))
        return false;
    data_put("content/x/every.yaml", NOTES("every", "Every week"));
    data_put("content/x/wk.yaml", NOTES("wk", "Week {week}: {range}"));
    data_put("content/x/who.yaml", NOTES("who", "For {names}"));
    data_put("content/x/year.yaml", NOTES("year", "For {names} 2027"));
    /* {week} at line 5, column 19; {range} at column 20; {nmes} at 13 */
    data_put("content/x/bad-week.yaml", NOTES("bad-week", "Plans for {week}"));
    data_put("content/x/bad-range.yaml", NOTES("bad-range", "Plans for {range}"));
    data_put("content/x/typo.yaml", NOTES("typo", "For {nmes}"));
    GString *st = g_string_new("type: exercise\nid: st\npractice: stories\nkind: story\n"
                               "title: \"A story\"\nprompts:\n");
    for (size_t i = 0; i < N_PROMPTS; i++)
        g_string_append_printf(st, "  - \"%s\"\n", PROMPTS[i]);
    data_put("content/x/st.yaml", st->str);
    g_string_free(st, TRUE);
    /* a layout whose footer names a variable */
    data_put("layouts/ft.yaml", "type: layout\nextends: a5\nfooter:\n"
                                "  text: \"{title} · {page}\"\n");
    return true;
}

/* Lines 1-9 of every book; the sections start on line 10. */
#define HEAD_WITH(NAMES)                                                            \
    "type: book\nlayout: a5\nlanguage: en\nvariables:\n  title: \"Our Test\"\n"     \
    "  names: " NAMES "\n  start: 2027-01-04\n  weeks: 4\n  seed: 1\n"
#define HEAD HEAD_WITH("[Alex, Sam]")
#define WEEKLY(PAGES)                                                               \
    HEAD "sections:\n  - title: \"The weeks\"\n    repeat: weekly\n"               \
         "    entry: \"Week {week}\"\n    pages:\n" PAGES

typedef struct {
    session_t s;
    model_book_t *book;
    plan_t *plan;
} planned_t;

/* Build `yaml` with `sets` and plan it; the caller closes p->s. False if
 * either stage failed (the messages stay in the session). */
static bool plan_of(planned_t *p, const char *yaml, const model_setting_t *sets, size_t n)
{
    session_open(&p->s);
    p->plan = NULL;
    p->book = session_book(&p->s, "b", yaml, sets, n);
    return p->book && plan_build(p->s.run, p->book, &p->plan);
}

/* `yaml` plans without a message. */
static bool plan_ok(planned_t *p, const char *yaml, const model_setting_t *sets, size_t n)
{
    bool ok = plan_of(p, yaml, sets, n);
    if (!ok)
        printf("  the book was refused: %s", session_messages(&p->s));
    return CHECK(session_said(&p->s, "") && ok);
}

/* `yaml` is refused by the plan (the model accepts it) with exactly `want`. */
static bool plan_fails(const char *yaml, const model_setting_t *sets, size_t n,
                       const char *want)
{
    planned_t p;
    bool ok = !plan_of(&p, yaml, sets, n) && p.book != NULL;
    if (!ok)
        printf("  %s\n", p.book ? "the plan was accepted" : "the model refused the book");
    ok = session_said(&p.s, want) && ok;
    session_close(&p.s);
    return ok;
}

static const char *iso(planned_t *p, const GDate *d)
{
    return g_date_valid(d) ? dates_iso(p->s.run->arena, d) : "(invalid)";
}

/* The pages' titles joined with " | ". */
static const char *titles(planned_t *p)
{
    GString *s = g_string_new(NULL);
    for (size_t i = 0; i < p->plan->n_pages; i++)
        g_string_append_printf(s, "%s%s", i ? " | " : "", p->plan->pages[i].title);
    const char *r = arena_strdup(p->s.run->arena, s->str);
    g_string_free(s, TRUE);
    return r;
}

/* The entries as "title (detail) ^parent @first_page" joined with " | ";
 * a leading "-" marks an entry not in the contents. */
static const char *entries(planned_t *p)
{
    GString *s = g_string_new(NULL);
    for (size_t i = 0; i < p->plan->n_entries; i++) {
        const plan_entry_t *e = &p->plan->entries[i];
        g_string_append_printf(s, "%s%s%s", i ? " | " : "", e->in_contents ? "" : "-", e->title);
        if (e->detail)
            g_string_append_printf(s, " (%s)", e->detail);
        g_string_append_printf(s, " ^%zu @%zu", e->parent, e->first_page);
    }
    const char *r = arena_strdup(p->s.run->arena, s->str);
    g_string_free(s, TRUE);
    return r;
}

/* The pages' weeks, "w" marking the pages of exercise wk ("Week ..."). */
static const char *weeks_of(planned_t *p)
{
    GString *s = g_string_new(NULL);
    for (size_t i = 0; i < p->plan->n_pages; i++)
        g_string_append_printf(s, "%s%u%s", i ? " " : "", p->plan->pages[i].week,
                               p->plan->pages[i].title[0] == 'W' ? "w" : "");
    const char *r = arena_strdup(p->s.run->arena, s->str);
    g_string_free(s, TRUE);
    return r;
}

/* ---- week ranges -------------------------------------------------------- */

/* Week `w` (1-based) of a one-page-a-week book starting on `start` with
 * weeks starting on `starts`: its first and last day and its range. */
static void check_week(const char *start, const char *starts, unsigned w, const char *first,
                       const char *last, const char *range)
{
    const model_setting_t sets[] = {{"start", start, NULL}, {"weeks", "3", NULL}, {"week-starts", starts, NULL}};
    planned_t p;
    if (plan_ok(&p, WEEKLY("      - exercise: wk\n"), sets, 3) &&
        CHECK(p.plan->n_pages == 3)) {
        const plan_page_t *pg = &p.plan->pages[w - 1];
        bool ok = CHECK(pg->week == w);
        ok = CHECK_STR(iso(&p, &pg->first), first) && ok;
        ok = CHECK_STR(iso(&p, &pg->last), last) && ok;
        ok = CHECK_STR(pg->range, range) && ok;
        char *title = g_strdup_printf("Week %u: %s", w, range);
        ok = CHECK_STR(pg->title, title) && ok;
        g_free(title);
        if (!ok)
            printf("  start %s, weeks starting on %s, week %u\n", start, starts, w);
    }
    session_close(&p.s);
}

static void test_weeks(void)
{
    check_week("2027-01-04", "monday", 1, "2027-01-04", "2027-01-10", "4–10 Jan 2027");
    check_week("2027-01-04", "monday", 3, "2027-01-18", "2027-01-24", "18–24 Jan 2027");
    /* across two months, across a year's end */
    check_week("2027-03-22", "monday", 2, "2027-03-29", "2027-04-04", "29 Mar – 4 Apr 2027");
    check_week("2027-12-20", "monday", 2, "2027-12-27", "2028-01-02",
               "27 Dec 2027 – 2 Jan 2028");
    /* 2027-01-06 is a Wednesday: the first week starts on the day before it
     * that is the first day of a week, and the weeks follow from there */
    check_week("2027-01-06", "monday", 1, "2027-01-04", "2027-01-10", "4–10 Jan 2027");
    check_week("2027-01-06", "sunday", 1, "2027-01-03", "2027-01-09", "3–9 Jan 2027");
    check_week("2027-01-06", "sunday", 2, "2027-01-10", "2027-01-16", "10–16 Jan 2027");
    check_week("2027-01-06", "wednesday", 1, "2027-01-06", "2027-01-12", "6–12 Jan 2027");
    check_week("2027-01-06", "thursday", 1, "2026-12-31", "2027-01-06",
               "31 Dec 2026 – 6 Jan 2027");

    /* Under the section's entry, a contents row for the month (with its
     * weeks) and a bookmark a week (not on the contents: '-'), with the
     * week's dates. */
    planned_t p;
    const model_setting_t three[] = {{"weeks", "3", NULL}};
    if (plan_ok(&p, WEEKLY("      - exercise: wk\n"), three, 1))
        CHECK_STR(entries(&p), "The weeks ^0 @0 | January 2027 (weeks 1–3) ^1 @0 | "
                               "-Week 1 (4–10 Jan 2027) ^1 @0 | -Week 2 (11–17 Jan 2027) ^1 @1 | "
                               "-Week 3 (18–24 Jan 2027) ^1 @2");
    session_close(&p.s);

    /* Outside a weekly section, pages have no week. */
    if (plan_ok(&p, HEAD "sections:\n  - title: Notes\n    pages:\n      - exercise: every\n",
                NULL, 0)) {
        const plan_page_t *pg = &p.plan->pages[0];
        CHECK(p.plan->n_pages == 1 && pg->week == 0 && pg->range == NULL);
        CHECK_STR(entries(&p), "Notes ^0 @0");
    }
    session_close(&p.s);
}

/* ---- every: and from: ----------------------------------------------------- */

static void test_every_from(void)
{
    const model_setting_t twelve[] = {{"weeks", "12", NULL}};
    planned_t p;
    /* every: 4, from: 2 gives weeks 2, 6 and 10, after the weekly page */
    if (plan_ok(&p, WEEKLY("      - exercise: every\n"
                           "      - exercise: wk\n        every: 4\n        from: 2\n"),
                twelve, 1)) {
        CHECK_STR(weeks_of(&p), "1 2 2w 3 4 5 6 6w 7 8 9 10 10w 11 12");
        CHECK(p.plan->n_entries == 16); /* the section, 12 weeks, 3 months */
    }
    session_close(&p.s);

    /* every: alone starts at week 1; from: alone takes every week from it */
    if (plan_ok(&p, WEEKLY("      - exercise: wk\n        every: 5\n"
                           "      - exercise: every\n        from: 10\n"),
                twelve, 1))
        CHECK_STR(weeks_of(&p), "1w 6w 10 11w 11 12");
    session_close(&p.s);

    /* A week whose pages are all skipped has no entry: weeks 2, 6 and 10
     * only, each entry pointing at its own page. */
    if (plan_ok(&p, WEEKLY("      - exercise: wk\n        every: 4\n        from: 2\n"), twelve,
                1)) {
        CHECK_STR(entries(&p), "The weeks ^0 @0 | January 2027 (weeks 1–4) ^1 @0 | "
                               "-Week 2 (11–17 Jan 2027) ^1 @0 | February 2027 (weeks 5–8) ^1 @1 | "
                               "-Week 6 (8–14 Feb 2027) ^1 @1 | March 2027 (weeks 9–12) ^1 @2 | "
                               "-Week 10 (8–14 Mar 2027) ^1 @2");
        CHECK(p.plan->n_pages == 3);
        for (size_t i = 0; i < p.plan->n_pages && i < 3; i++) {
            const plan_page_t *pg = &p.plan->pages[i]; /* months and weeks alternate */
            CHECK(pg->entry == 2 * i + 2 && p.plan->entries[pg->entry].first_page == i);
            CHECK(pg->week == 2 + 4 * i);
        }
    }
    session_close(&p.s);

    /* count: repeats a page within its week */
    const model_setting_t two[] = {{"weeks", "2", NULL}};
    if (plan_ok(&p, WEEKLY("      - exercise: wk\n        count: 2\n"), two, 1))
        CHECK_STR(titles(&p), "Week 1: 4–10 Jan 2027 | Week 1: 4–10 Jan 2027 | "
                              "Week 2: 11–17 Jan 2027 | Week 2: 11–17 Jan 2027");
    session_close(&p.s);
}

/* ---- prompt rotation -------------------------------------------------------- */

/* The payload of a story page; the test reads its first field, the prompt
 * (src/kinds/story.c). A layout change there shows up as prompts that are
 * not in the deck, never as a passing test. */
typedef struct {
    const char *prompt;
} story_payload_t;

/* The prompts of the story pages of `yaml` with `seed` and `weeks`, joined
 * with "|"; NULL if the book was refused. g_free() it. */
static char *dealt(const char *yaml, const char *seed, const char *weeks)
{
    const model_setting_t sets[] = {{"seed", seed, NULL}, {"weeks", weeks, NULL}};
    planned_t p;
    char *r = NULL;
    if (plan_ok(&p, yaml, sets, 2)) {
        GString *s = g_string_new(NULL);
        for (size_t i = 0; i < p.plan->n_pages; i++)
            if (!strcmp(p.plan->pages[i].title, "A story")) {
                const story_payload_t *d = p.plan->pages[i].data;
                g_string_append_printf(s, "%s%s", s->len ? "|" : "",
                                       d && d->prompt ? d->prompt : "(none)");
            }
        r = g_string_free(s, FALSE);
    }
    session_close(&p.s);
    return r;
}

/* `order` holds each prompt of the deck once. */
static bool each_prompt_once(const char *order)
{
    char **got = g_strsplit(order ? order : "", "|", -1);
    bool ok = g_strv_length(got) == N_PROMPTS;
    for (size_t i = 0; i < N_PROMPTS && ok; i++) {
        size_t seen = 0;
        for (size_t j = 0; got[j]; j++)
            seen += !strcmp(got[j], PROMPTS[i]);
        ok = seen == 1;
    }
    if (!ok)
        printf("  dealt: %s\n", order ? order : "(refused)");
    g_strfreev(got);
    return ok;
}

static void test_rotation(void)
{
    /* 3 pages in a plain section and 5 weeks: the whole deck of 8, shared
     * by both entries. The weekly entry is on line 19. */
    const char *book = HEAD "sections:\n  - title: First\n    pages:\n"
                            "      - exercise: st\n        count: 3\n"
                            "  - title: \"The weeks\"\n    repeat: weekly\n"
                            "    entry: \"Week {week}\"\n    pages:\n"
                            "      - exercise: st\n";
    char *a = dealt(book, "1", "5"), *b = dealt(book, "1", "5"), *c = dealt(book, "2", "5");
    CHECK(each_prompt_once(a));
    CHECK(each_prompt_once(c));
    CHECK(a && b && !strcmp(a, b)); /* the same seed, the same order */
    if (!CHECK(a && c && strcmp(a, c) != 0))
        printf("  seed 1: %s\n  seed 2: %s\n", a ? a : "", c ? c : "");
    /* the deck is shuffled, not dealt in the file's order */
    CHECK(a && strcmp(a, "Prompt A|Prompt B|Prompt C|Prompt D|Prompt E|Prompt F|Prompt G|"
                         "Prompt H") != 0);
    g_free(a), g_free(b), g_free(c);

    /* A sixth week asks for a ninth prompt: an error at the weekly entry
     * (line 19, column 9), never a repeat. */
    const model_setting_t six[] = {{"weeks", "6", NULL}};
    CHECK(plan_fails(book, six, 1,
                     "$D/content/books/b.yaml:19:9: error: this book needs more prompts "
                     "than exercise 'st' has (8); prompts never repeat within a book, so add "
                     "prompts or use fewer pages\n"));
}

/* ---- placeholders and escaping -------------------------------------------- */

static void test_placeholders(void)
{
#define PLAIN(EX) HEAD "sections:\n  - title: Notes\n    pages:\n      - exercise: " EX "\n"
#define ONE_A_WEEK(EX) WEEKLY("      - exercise: " EX "\n")

    /* {week} and {range} are known on weekly pages only */
    planned_t p;
    if (plan_ok(&p, ONE_A_WEEK("bad-week"), NULL, 0) && CHECK(p.plan->n_pages == 4))
        CHECK_STR(p.plan->pages[3].title, "Plans for 4");
    session_close(&p.s);
    CHECK(plan_fails(PLAIN("bad-week"), NULL, 0,
                     "$D/content/x/bad-week.yaml:5:19: error: {week} is only known on pages "
                     "of a weekly section\n"
                     "$D/content/books/b.yaml:13:19: note: included from here\n"));
    CHECK(plan_fails(PLAIN("bad-range"), NULL, 0,
                     "$D/content/x/bad-range.yaml:5:19: error: {range} is only known on "
                     "pages of a weekly section\n"
                     "$D/content/books/b.yaml:13:19: note: included from here\n"));
    /* ...and so is a section title's {week} */
    CHECK(plan_fails(HEAD "sections:\n  - title: \"Week {week}\"\n    pages:\n"
                          "      - exercise: every\n",
                     NULL, 0,
                     "$D/content/books/b.yaml:11:18: error: {week} is only known on pages of "
                     "a weekly section\n"));

    /* an unknown placeholder, with a suggestion; in weekly sections too */
    CHECK(plan_fails(PLAIN("typo"), NULL, 0,
                     "$D/content/x/typo.yaml:5:13: error: unknown placeholder {nmes} (did you "
                     "mean {names}?)\n"
                     "$D/content/books/b.yaml:13:19: note: included from here\n"));
    CHECK(plan_fails(ONE_A_WEEK("typo"), NULL, 0,
                     "$D/content/x/typo.yaml:5:13: error: unknown placeholder {nmes} (did you "
                     "mean {names}?)\n"
                     "$D/content/books/b.yaml:15:19: note: included from here\n"));
    CHECK(plan_fails(HEAD "sections:\n  - title: \"{wek}\"\n    pages:\n"
                          "      - exercise: every\n",
                     NULL, 0,
                     "$D/content/books/b.yaml:11:13: error: unknown placeholder {wek} (did you "
                     "mean {week}?)\n"));

    /* Personal variables are escaped for markup, once, and isolated where
     * they go into a template (FSI U+2068 ... PDI U+2069), but not in the
     * PDF's metadata. */
    const model_setting_t sets[] = {{"names", "Sam <3 & Alex", NULL}, {"title", "Us <3", NULL}};
    const char *y = HEAD "sections:\n  - title: \"{title}\"\n    pages:\n"
                         "      - exercise: who\n";
    if (plan_ok(&p, y, sets, 2)) {
        CHECK(p.plan->n_people == 2);
        if (p.plan->n_people == 2) {
            CHECK_STR(p.plan->people[0], "Sam &lt;3");
            CHECK_STR(p.plan->people[1], "Alex");
        }
        CHECK_STR(p.plan->pages[0].title, "For \u2068Sam &lt;3 &amp; Alex\u2069");
        CHECK_STR(p.plan->entries[0].title, "\u2068Us <3\u2069");
        CHECK_STR(p.plan->entries[0].markup, "\u2068Us &lt;3\u2069");
        CHECK_STR(p.plan->meta.author, "Sam <3 & Alex");
        CHECK_STR(p.plan->meta.title, "Us <3");
        char *text = NULL;
        CHECK(pango_parse_markup(p.plan->pages[0].title, -1, 0, NULL, &text, NULL, NULL));
        CHECK_STR(text, "For \u2068Sam <3 & Alex\u2069");
        g_free(text);
    }
    session_close(&p.s);
    /* A name that holds "&" is one person when given in a list. */
    const model_setting_t one[] = {{"title", "x", NULL}};
    if (plan_ok(&p, HEAD_WITH("[\"Sam <3 & Alex\", Jo]") "sections:\n  - title: Notes\n"
                    "    pages:\n      - exercise: who\n",
                one, 1)) {
        CHECK(p.plan->n_people == 2);
        if (p.plan->n_people == 2) {
            CHECK_STR(p.plan->people[0], "Sam &lt;3 &amp; Alex");
            CHECK_STR(p.plan->people[1], "Jo");
        }
        CHECK_STR(p.plan->pages[0].title, "For \u2068Sam &lt;3 &amp; Alex &amp; Jo\u2069");
        CHECK_STR(p.plan->meta.author, "Sam <3 & Alex & Jo");
    }
    session_close(&p.s);
}

/* ---- metadata and the footer ------------------------------------------------ */

static void test_meta_footer(void)
{
    planned_t p;
    const char *book = "type: book\nlayout: ft\nlanguage: en\n"
                       "subject: \"A year for <i>{names}</i>\"\n"
                       "keywords: [one, \"two & three\"]\n"
                       "variables:\n  title: \"Our Test\"\n  names: [Alex, Sam]\n"
                       "sections:\n  - title: Notes\n    pages:\n      - exercise: every\n";
    if (plan_ok(&p, book, NULL, 0)) {
        CHECK_STR(p.plan->meta.title, "Our Test");
        CHECK_STR(p.plan->meta.author, "Alex & Sam");
        CHECK_STR(p.plan->meta.subject, "A year for Alex & Sam"); /* plain text */
        CHECK_STR(p.plan->meta.keywords, "one, two & three");
        CHECK_STR(p.plan->footer, "\u2068Our Test\u2069 · {page}");
        CHECK_STR(p.plan->language, "en");
        CHECK(p.plan->style == p.book->layout);
    }
    session_close(&p.s);

    /* In the footer a value is escaped, and its braces doubled so that it
     * never becomes a placeholder when layout fills in {page}. */
    const model_setting_t sets[] = {{"title", "A & {b}", NULL}};
    if (plan_ok(&p, book, sets, 1)) {
        CHECK_STR(p.plan->footer, "\u2068A &amp; {{b}}\u2069 · {page}");
        CHECK_STR(p.plan->meta.title, "A & {b}");
    }
    session_close(&p.s);

    /* Without a title, the book's id; without a subject or keywords, "". */
    if (plan_ok(&p, "type: book\nlayout: a5\nlanguage: en\nsections:\n  - title: Notes\n"
                    "    pages:\n      - exercise: every\n",
                NULL, 0)) {
        CHECK_STR(p.plan->meta.title, "b");
        CHECK_STR(p.plan->meta.author, "");
        CHECK_STR(p.plan->meta.subject, "");
        CHECK_STR(p.plan->meta.keywords, "");
        CHECK_STR(p.plan->footer, "{page}");
        CHECK(p.plan->n_people == 0);
    }
    session_close(&p.s);
}

/* ---- isolation: what the isolates are for ------------------------------------ */

/* Where Pango puts the first byte of `what` in the laid-out `markup` (an
 * LTR paragraph), in Pango units from the left: the leftmost edge of it. */
static int x_of(PangoContext *ctx, const char *markup, const char *what)
{
    PangoLayout *l = pango_layout_new(ctx);
    pango_layout_set_auto_dir(l, FALSE);
    pango_layout_set_markup(l, markup, -1);
    const char *text = pango_layout_get_text(l), *at = strstr(text, what);
    PangoRectangle r = {0, 0, 0, 0};
    if (at)
        pango_layout_index_to_pos(l, (int)(at - text), &r);
    g_object_unref(l);
    return r.width < 0 ? r.x + r.width : r.x;
}

/* In "For {names} 2027" with an Arabic name, the year after the value
 * stays on its right. Without the isolates it would move to the left of
 * the name, joining the right-to-left run (the digits after an Arabic
 * letter are Arabic numbers to the bidi algorithm). */
static void test_isolation(void)
{
    const model_setting_t sets[] = {{"names", "\u0633\u0627\u0631\u0627", NULL}};
    planned_t p;
    if (plan_ok(&p, HEAD "sections:\n  - title: x\n    pages:\n      - exercise: year\n", sets,
                1)) {
        const char *title = p.plan->pages[0].title;
        CHECK_STR(title, "For \u2068\u0633\u0627\u0631\u0627\u2069 2027");
        PangoFontMap *map = pango_cairo_font_map_new();
        PangoContext *ctx = pango_font_map_create_context(map);
        pango_context_set_base_dir(ctx, PANGO_DIRECTION_LTR);
        CHECK(x_of(ctx, title, "2027") > x_of(ctx, title, "\u0633"));
        const char *bare = "For \u0633\u0627\u0631\u0627 2027";
        CHECK(x_of(ctx, bare, "2027") < x_of(ctx, bare, "\u0633"));
        g_object_unref(ctx);
        g_object_unref(map);
    }
    session_close(&p.s);
}

int main(void)
{
    /* tests/run.sh sets this; by hand, the same private configuration */
    char *conf = g_canonicalize_filename("tests/fonts.conf", NULL);
    g_setenv("FONTCONFIG_FILE", conf, FALSE);
    g_free(conf);
    if (setup()) {
        test_isolation();
        test_weeks();
        test_every_from();
        test_rotation();
        test_placeholders();
        test_meta_footer();
    }
    data_close();
    return harness_finish();
}
