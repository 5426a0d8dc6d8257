/* test-layout: layout_paginate() on small books.
 *
 * The books and exercises are written into a temporary data folder
 * (test-data.h) whose fonts/ is the repository's; fontconfig sees only
 * those (tests/fonts.conf, as tests/run.sh sets it; set here too when the
 * program is run by hand). One font map serves every book, as in the fuzz
 * target: fontconfig's set-up is the slow part. The checks read the boxes:
 * how text flows over pages (no lone lines, no heading left at a page's
 * foot), the page title repeated on the pages a tracker or chart spills
 * onto, the contents and its links, page labels and footers, and the error
 * for text that cannot fit. */
#include "layout.h"

#include "test-harness.h"
#include "test-data.h"

#include "compose.h"
#include "fonts.h"
#include "kind.h"

#include <math.h>

static PangoFontMap *map;

/* ---- exercises ------------------------------------------------------------ */

/* Deterministic prose: sentence `k` of a paragraph, about 80 characters
 * (a little over a line of A5 body text), told apart by `tag`. */
static void sentence(GString *s, const char *tag, unsigned k)
{
    static const char *const W[] = {"quiet", "evening", "walk", "kitchen", "letter", "garden",
                                    "small", "habit", "listen", "remember", "window", "morning",
                                    "story", "laugh", "table", "river", "promise", "tea"};
    g_string_append_printf(s, "%s%s %u:", s->len && s->str[s->len - 1] != '"' ? " " : "", tag, k);
    for (unsigned i = 0; i < 11; i++)
        g_string_append_printf(s, " %s", W[(k * 7 + i * 5 + strlen(tag)) % G_N_ELEMENTS(W)]);
    g_string_append_c(s, '.');
}

static void paragraph(GString *y, const char *tag, unsigned sentences)
{
    g_string_append(y, "  - paragraph: \"");
    for (unsigned k = 0; k < sentences; k++)
        sentence(y, tag, k);
    g_string_append(y, "\"\n");
}

#define TEXT_HEAD(ID, TITLE) \
    "type: exercise\nid: " ID "\npractice: check-ins\nkind: text\ntitle: \"" TITLE "\"\nbody:\n"

enum { N_FLOWS = 12 };

/* flow-N: N one-line paragraphs, then 30 paragraphs of 1 to 9 sentences,
 * a heading before every fifth, two headings in a row once, and a list.
 * The lead paragraphs move each page break to another place in the text,
 * so across the N_FLOWS texts the breaks fall at the head, the foot and
 * the middle of paragraphs (test_flow counts how often the rules acted). */
static void write_flow(unsigned n)
{
    char *id = g_strdup_printf("flow-%u", n);
    char *head = g_strdup_printf(TEXT_HEAD("%s", "Flowing text %u"), id, n);
    GString *y = g_string_new(head);
    for (unsigned i = 0; i < n; i++)
        g_string_append_printf(y, "  - paragraph: \"Lead line %u.\"\n", i);
    for (unsigned i = 0; i < 30; i++) {
        char tag[16];
        snprintf(tag, sizeof tag, "P%u", i);
        if (i % 5 == 2)
            g_string_append_printf(y, "  - heading: \"Heading %u\"\n", i);
        if (i == 13)
            g_string_append_printf(y, "  - heading: \"Heading %ub\"\n", i);
        if (i == 21) {
            g_string_append(y, "  - list:\n");
            for (unsigned k = 0; k < 4; k++) {
                g_string_append(y, "      - \"");
                sentence(y, tag, k);
                sentence(y, "item", k + 1);
                g_string_append(y, "\"\n");
            }
        }
        paragraph(y, tag, 1 + (i * 7) % 9);
    }
    char *rel = g_strdup_printf("content/x/%s.yaml", id);
    data_put(rel, y->str);
    g_free(rel);
    g_string_free(y, TRUE);
    g_free(head);
    g_free(id);
}

enum { N_PAIRS = 50 };

/* pair-N: N one-line paragraphs, then two headings in a row and a
 * paragraph: over the N_PAIRS texts, the headings come to every place on
 * the first page, its foot included. */
static void write_pair(unsigned n)
{
    char *id = g_strdup_printf("pair-%u", n);
    char *head = g_strdup_printf(TEXT_HEAD("%s", "Two headings"), id);
    GString *y = g_string_new(head);
    for (unsigned i = 0; i < n; i++)
        g_string_append_printf(y, "  - paragraph: \"Lead line %u.\"\n", i);
    g_string_append(y, "  - heading: \"First heading\"\n  - heading: \"Second heading\"\n");
    paragraph(y, "Q", 8);
    char *rel = g_strdup_printf("content/x/%s.yaml", id);
    data_put(rel, y->str);
    g_free(rel);
    g_string_free(y, TRUE);
    g_free(head);
    g_free(id);
}

static bool setup(void)
{
    if (!data_open("layout"))
        return false;
    for (unsigned n = 0; n < N_FLOWS; n++)
        write_flow(n);
    for (unsigned n = 0; n < N_PAIRS; n++)
        write_pair(n);
    GString *y = g_string_new(TEXT_HEAD("welcome", "Welcome"));
    for (unsigned i = 0; i < 12; i++) {
        char tag[16];
        snprintf(tag, sizeof tag, "W%u", i);
        paragraph(y, tag, 6);
    }
    data_put("content/x/welcome.yaml", y->str);
    g_string_free(y, TRUE);
    data_put("content/x/every.yaml", "type: exercise\nid: every\npractice: check-ins\n"
                                     "kind: notes\ntitle: \"Notes\"\n");
    data_put("content/x/wk.yaml", "type: exercise\nid: wk\npractice: check-ins\n"
                                  "kind: notes\ntitle: \"Week {week}\"\n");
    data_put("content/x/tracker.yaml", "type: exercise\nid: tracker\npractice: rituals\n"
                                       "kind: tracker\ntitle: \"Rituals\"\n"
                                       "intro: \"Tick the weeks.\"\nrows: 16\n");
    data_put("content/x/chart.yaml", "type: exercise\nid: chart\npractice: check-ins\n"
                                     "kind: chart\ntitle: \"Closeness\"\n"
                                     "intro: \"Mark each week.\"\n");
    /* a prompt far too long for its page, at line 7, column 5 */
    GString *st = g_string_new("type: exercise\nid: long-story\npractice: stories\n"
                               "kind: story\ntitle: \"A story\"\nprompts:\n  - \"");
    for (unsigned k = 0; k < 60; k++)
        sentence(st, "S", k);
    g_string_append(st, "\"\n");
    data_put("content/x/long-story.yaml", st->str);
    g_string_free(st, TRUE);
    return true;
}

/* ---- laying out a book ---------------------------------------------------- */

#define BOOK_HEAD(LAYOUT)                                                        \
    "type: book\nlayout: " LAYOUT "\nlanguage: en\nvariables:\n"                 \
    "  title: \"Our Test\"\n  names: [Alex, Sam]\n  start: 2027-01-04\n"         \
    "  weeks: 52\nsections:\n"

typedef struct {
    session_t s;
    plan_t *plan;
    layout_doc_t *doc;
} laid_t;

/* Model, plan and layout of `yaml`; false after messages, which stay in
 * the session. The caller calls laid_close(). */
static bool lay_out(laid_t *l, const char *yaml, const model_setting_t *sets, size_t n)
{
    session_open(&l->s);
    l->plan = NULL;
    l->doc = NULL;
    model_book_t *b = session_book(&l->s, "b", yaml, sets, n);
    if (!b || !plan_build(l->s.run, b, &l->plan))
        return false;
    if (!map && !(map = fonts_open(l->s.run, b->layout, b->fonts_dir)))
        return false;
    return layout_paginate(l->s.run, l->plan, map, &l->doc);
}

/* lay_out() with the texts of `cache` (NULL: layout_paginate()'s own). */
static bool lay_out_cached(laid_t *l, const char *yaml, const model_setting_t *sets, size_t n,
                           layout_cache_t *cache)
{
    if (!cache)
        return lay_out(l, yaml, sets, n);
    session_open(&l->s);
    l->plan = NULL;
    l->doc = NULL;
    model_book_t *b = session_book(&l->s, "b", yaml, sets, n);
    return b && plan_build(l->s.run, b, &l->plan) &&
           layout_paginate_cached(l->s.run, l->plan, cache, &l->doc);
}

/* lay_out() without a message. */
static bool lay_out_ok(laid_t *l, const char *yaml, const model_setting_t *sets, size_t n)
{
    bool ok = lay_out(l, yaml, sets, n);
    if (!ok)
        printf("  the book was refused: %s", session_messages(&l->s));
    return CHECK(session_said(&l->s, "") && ok && l->doc && l->doc->n_pages > 0);
}

static void laid_close(laid_t *l)
{
    layout_free(l->doc);
    session_close(&l->s);
}

static const char *text_of(const layout_box_t *b)
{
    return b->kind == LAYOUT_BOX_TEXT && b->text ? pango_layout_get_text(b->text) : "";
}

static double content_bottom(const layout_doc_t *d) { return d->page_h - d->margin_bottom; }

/* The first printed page of logical page `i`, or n_pages. */
static size_t first_printed(const layout_doc_t *d, size_t i)
{
    for (size_t k = 0; k < d->n_pages; k++)
        if (d->pages[k].plan_page == i)
            return k;
    return d->n_pages;
}

/* The first logical page of kind `kind`, or n_pages. */
static size_t logical_page_of(const plan_t *p, const char *kind)
{
    for (size_t i = 0; i < p->n_pages; i++)
        if (!strcmp(p->pages[i].kind->name, kind))
            return i;
    return p->n_pages;
}

/* ---- flow ----------------------------------------------------------------- */

/* How often the flow rules had something to do, over all the texts: a
 * test of the rules is only as good as the breaks it sees. */
typedef struct {
    unsigned splits;      /* paragraphs of 3+ lines broken over two pages */
    unsigned held_back;   /* breaks leaving room for one more line (widow rule) */
    unsigned moved_whole; /* paragraphs that went on the next page although a
                             line of them fitted (orphan rule) */
} flow_stats_t;

/* The flow rules on logical page `lp`: a paragraph of 3 or more lines
 * never has a one-line fragment; a broken paragraph goes on first thing on
 * the next page, from the next line; no text below the text area; no
 * heading as a page's last text. */
static void check_flow(const laid_t *l, size_t lp, flow_stats_t *st)
{
    const layout_doc_t *d = l->doc;
    double bottom = content_bottom(d), gap = l->plan->style->body.size * 0.6;
    PangoLayout *open = NULL; /* a paragraph to go on with on the next page */
    int next_line = 0;
    double prev_bottom = 0; /* where the text ended on the page before */
    for (size_t k = first_printed(d, lp); k < d->n_pages && d->pages[k].plan_page == lp; k++) {
        const layout_page_t *pg = &d->pages[k];
        const layout_box_t *last = NULL;
        bool first = true;
        for (size_t j = 0; j < pg->n_boxes; j++) {
            const layout_box_t *b = &pg->boxes[j];
            if (b->kind != LAYOUT_BOX_TEXT || b->role == LAYOUT_ROLE_FOOTER ||
                b->role == LAYOUT_ROLE_DECORATION || /* footers, bullets */
                (b->role == LAYOUT_ROLE_HEADING && b->level == 1)) /* the page's title */
                continue;
            int total = pango_layout_get_line_count(b->text);
            if (!CHECK(b->y + b->h <= bottom + 0.01))
                printf("  page %zu: \"%.30s\" ends at %.2f, below %.2f\n", k + 1, text_of(b),
                       b->y + b->h, bottom);
            if (first && open) {
                if (!CHECK(b->text == open && b->line_first == next_line))
                    printf("  page %zu starts with \"%.30s\" line %d, not line %d of \"%.30s\"\n",
                           k + 1, text_of(b), b->line_first + 1, next_line + 1,
                           pango_layout_get_text(open));
            } else if (first && k > first_printed(d, lp) && b->line_first == 0 &&
                       b->role != LAYOUT_ROLE_HEADING &&
                       prev_bottom + gap + compose_line_span(b->text, 0, 1) <= bottom) {
                st->moved_whole++;
            } else if (open) {
                CHECK(!"a paragraph broken at a page's foot goes on at the next page's head");
                printf("  page %zu: \"%.30s\" after a broken paragraph\n", k + 1, text_of(b));
            }
            open = NULL;
            if (total >= 3 && b->line_count < total) {
                if (!CHECK(b->line_count >= 2))
                    printf("  page %zu: a lone line (line %d of %d) of \"%.40s\"\n", k + 1,
                           b->line_first + 1, total, text_of(b));
                if (b->line_first == 0)
                    st->splits++;
            }
            if (b->line_first + b->line_count < total) {
                open = b->text;
                next_line = b->line_first + b->line_count;
                if (b->y + b->h + compose_line_span(b->text, next_line, 1) <= bottom)
                    st->held_back++;
            }
            first = false;
            last = b;
        }
        if (last && !CHECK(last->role != LAYOUT_ROLE_HEADING))
            printf("  page %zu ends with the heading \"%s\"\n", k + 1, text_of(last));
        prev_bottom = last ? last->y + last->h : bottom;
    }
    if (!CHECK(open == NULL))
        printf("  \"%.30s\" stops at line %d\n", pango_layout_get_text(open), next_line);
}

static void test_flow(void)
{
    flow_stats_t st = {0, 0, 0};
    for (unsigned n = 0; n < N_FLOWS; n++) {
        char *yaml = g_strdup_printf(BOOK_HEAD("a5") "  - title: Text\n    pages:\n"
                                                     "      - exercise: flow-%u\n",
                                     n);
        laid_t l;
        if (lay_out_ok(&l, yaml, NULL, 0)) {
            const layout_doc_t *d = l.doc;
            /* one logical page over several printed ones, all of its kind */
            bool ok = CHECK(l.plan->n_pages == 1 && d->n_pages >= 3);
            for (size_t k = 0; k < d->n_pages; k++)
                ok = CHECK(d->pages[k].plan_page == 0 && !strcmp(d->pages[k].kind, "text")) &&
                     ok;
            /* the title at the top of every page: the first, then "Title,
             * continued" on each page the text runs on to */
            size_t titles = 0;
            for (size_t k = 0; k < d->n_pages; k++) {
                for (size_t j = 0; j < d->pages[k].n_boxes; j++)
                    titles += d->pages[k].boxes[j].role == LAYOUT_ROLE_HEADING &&
                              d->pages[k].boxes[j].level == 1;
                ok = CHECK(d->pages[k].boxes[0].role == LAYOUT_ROLE_HEADING &&
                           d->pages[k].boxes[0].level == 1) && ok;
                if (k > 0)
                    ok = CHECK(strstr(pango_layout_get_text(d->pages[k].boxes[0].text),
                                      ", continued") != NULL) && ok;
            }
            ok = CHECK(titles == d->n_pages) && ok;
            check_flow(&l, 0, &st);
            if (!ok)
                printf("  in flow-%u\n", n);
        }
        laid_close(&l);
        g_free(yaml);
    }
    /* the texts did put the rules to work */
    if (!CHECK(st.splits >= 5 && st.held_back >= 1 && st.moved_whole >= 1))
        printf("  %u splits, %u lines held back, %u paragraphs moved whole\n", st.splits,
               st.held_back, st.moved_whole);
}

/* A heading followed by a heading stays with it, and both with the lines
 * after them: neither is ever a page's last text. */
static void test_heading_pair(void)
{
    unsigned moved = 0; /* texts whose first heading starts the second page */
    for (unsigned n = 0; n < N_PAIRS; n++) {
        char *yaml = g_strdup_printf(BOOK_HEAD("a5") "  - title: Text\n    pages:\n"
                                                     "      - exercise: pair-%u\n",
                                     n);
        laid_t l;
        flow_stats_t st = {0, 0, 0};
        if (lay_out_ok(&l, yaml, NULL, 0)) {
            check_flow(&l, 0, &st);
            /* page 2 starts with its title ("Text, continued") and its
             * rule, then the pair of headings */
            const layout_page_t *p2 = l.doc->n_pages > 1 ? &l.doc->pages[1] : NULL;
            for (size_t j = 0; p2 && j < p2->n_boxes; j++) {
                const layout_box_t *b = &p2->boxes[j];
                if (b->kind != LAYOUT_BOX_TEXT || (b->role == LAYOUT_ROLE_HEADING && b->level == 1))
                    continue;
                moved += !strcmp(text_of(b), "First heading");
                break;
            }
        }
        laid_close(&l);
        g_free(yaml);
    }
    if (!CHECK(moved >= 1))
        printf("  the headings never reached a page's foot\n");
}

/* ---- room_for: blocks that spill onto more pages -------------------------- */

static void check_spill(const laid_t *l, const char *kind, const char *title,
                        const char *intro, size_t min_pages)
{
    const layout_doc_t *d = l->doc;
    size_t lp = logical_page_of(l->plan, kind), n = 0;
    for (size_t k = first_printed(d, lp); k < d->n_pages && d->pages[k].plan_page == lp; k++) {
        const layout_page_t *pg = &d->pages[k];
        size_t headings = 0, intros = 0;
        for (size_t j = 0; j < pg->n_boxes; j++) {
            const layout_box_t *b = &pg->boxes[j];
            if (b->role == LAYOUT_ROLE_HEADING && b->level == 1) {
                char *want = n ? g_strdup_printf("%s, continued", title) : g_strdup(title);
                headings++;
                CHECK_STR(text_of(b), want); /* "Title, continued" after the first */
                g_free(want);
                CHECK(fabs(b->y - d->margin_top) < 0.01); /* at the top */
            }
            intros += !strcmp(text_of(b), intro);
        }
        if (!CHECK(headings == 1 && intros == (n == 0)))
            printf("  %s, page %zu: %zu titles, %zu intros\n", kind, n + 1, headings, intros);
        CHECK_STR(pg->kind, kind);
        n++;
    }
    if (!CHECK(n >= min_pages))
        printf("  %s takes %zu pages\n", kind, n);
}

static void test_room_for(void)
{
    laid_t l;
    const model_setting_t weeks[] = {{"weeks", "104", NULL}};
    if (lay_out_ok(&l, BOOK_HEAD("a5") "  - title: Tracker\n    pages:\n"
                                       "      - exercise: tracker\n"
                                       "  - title: Chart\n    pages:\n"
                                       "      - exercise: chart\n",
                   weeks, 1)) {
        /* 16 rows: one block of 13 weeks a page; 3 bands of 26 weeks fit an
         * A5 page, so 104 weeks spill onto a second */
        check_spill(&l, "tracker", "Rituals", "Tick the weeks.", 8);
        check_spill(&l, "chart", "Closeness", "Mark each week.", 2);
    }
    laid_close(&l);
}

/* ---- the contents, labels and footers ------------------------------------- */

static const char *const BOOK =
    BOOK_HEAD("a5") "  - title: \"{title}\"\n    matter: front\n    contents: false\n"
                    "    pages:\n      - page: cover\n"
                    "  - title: Welcome\n    matter: front\n    pages:\n"
                    "      - exercise: welcome\n"
                    "  - title: Contents\n    matter: front\n    contents: false\n"
                    "    pages:\n      - page: contents\n"
                    "  - title: The text\n    pages:\n      - exercise: flow-3\n"
                    "  - title: The weeks\n    repeat: weekly\n    entry: \"Week {week}\"\n"
                    "    pages:\n      - exercise: every\n"
                    "      - exercise: wk\n        every: 4\n        from: 2\n"
                    "  - title: Tracker\n    pages:\n      - exercise: tracker\n";

static void test_contents(const laid_t *l)
{
    const layout_doc_t *d = l->doc;
    const plan_t *p = l->plan;
    size_t first = first_printed(d, logical_page_of(p, "contents")), reserved = 0;
    while (first + reserved < d->n_pages && !strcmp(d->pages[first + reserved].kind, "contents"))
        reserved++;
    /* the rows of 4 sections and the 12 months of 52 weeks fit one page */
    CHECK(reserved == 1);
    size_t e = 0, rows = 0;
    for (size_t k = first; k < first + reserved; k++) {
        const layout_page_t *pg = &d->pages[k];
        size_t links = 0, row_start = 0;
        for (size_t j = 0; j < pg->n_boxes; j++) {
            const layout_box_t *b = &pg->boxes[j];
            if (b->kind != LAYOUT_BOX_LINK)
                continue;
            links++, rows++;
            while (e < p->n_entries && !p->entries[e].in_contents)
                e++;
            if (!CHECK(e < p->n_entries))
                break;
            /* the row: title first, the page number just before the link */
            size_t target = first_printed(d, p->entries[e].first_page);
            const layout_box_t *title = &pg->boxes[row_start];
            while (title < b && title->role != LAYOUT_ROLE_LIST_ITEM)
                title++;
            bool ok = CHECK(b->target == target);
            ok = CHECK(j > 0 && pg->boxes[j - 1].kind == LAYOUT_BOX_TEXT) && ok;
            if (ok && target < d->n_pages)
                ok = CHECK_STR(text_of(&pg->boxes[j - 1]), d->pages[target].label);
            ok = CHECK(title < b) && CHECK_STR(text_of(title), p->entries[e].title) && ok;
            /* the number lies inside its link */
            const layout_box_t *num = &pg->boxes[j - 1];
            ok = CHECK(num->y >= b->y - 0.01 && num->y + num->h <= b->y + b->h + 0.01) && ok;
            if (!ok)
                printf("  contents page %zu, row of entry %zu \"%s\"\n", k - first + 1, e,
                       p->entries[e].title);
            e++;
            row_start = j + 1;
        }
        if (!CHECK(links > 0))
            printf("  contents page %zu of %zu has no rows\n", k - first + 1, reserved);
    }
    /* one row for each entry in the contents, and for no other */
    size_t want = 0;
    for (size_t i = 0; i < p->n_entries; i++)
        want += p->entries[i].in_contents;
    if (!CHECK(rows == want && want == 4 + 12))
        printf("  %zu rows for %zu entries\n", rows, want);

    /* the outline: every entry meant for it (the sections and each week,
     * not the months), in order, at its first page */
    size_t o = 0;
    for (size_t i = 0; i < p->n_entries; i++) {
        if (!p->entries[i].in_outline)
            continue;
        if (CHECK(o < d->n_outline)) {
            CHECK_STR(d->outline[o].title, p->entries[i].title);
            CHECK(d->outline[o].page == first_printed(d, p->entries[i].first_page));
        }
        o++;
    }
    if (!CHECK(d->n_outline == o && o == 6 + 52)) /* six sections (two not in the contents) */
        printf("  %zu bookmarks of %zu\n", d->n_outline, o);
}

static void test_labels(const laid_t *l)
{
    static const char *const ROMAN[] = {"i",   "ii", "iii", "iv", "v",  "vi",
                                        "vii", "viii", "ix", "x", "xi", "xii"};
    const layout_doc_t *d = l->doc;
    size_t front = 0, body = 0;
    for (size_t k = 0; k < d->n_pages; k++) {
        bool is_front = l->plan->pages[d->pages[k].plan_page].front;
        char num[24];
        snprintf(num, sizeof num, "%zu", body + 1);
        const char *want = is_front ? (front < G_N_ELEMENTS(ROMAN) ? ROMAN[front] : "?") : num;
        if (!CHECK_STR(d->pages[k].label, want))
            printf("  printed page %zu\n", k + 1);
        if (is_front) {
            front++;
            CHECK(body == 0); /* the front matter comes first */
        } else {
            body++;
        }
    }
    /* cover, welcome (3 pages), contents (1 page) */
    if (!CHECK(front == 5 && body > 40))
        printf("  %zu front pages, %zu others\n", front, body);
}

static void test_footers(const laid_t *l)
{
    const layout_doc_t *d = l->doc;
    for (size_t k = 0; k < d->n_pages; k++) {
        const layout_page_t *pg = &d->pages[k];
        size_t n = 0;
        bool inside = true;
        for (size_t j = 0; j < pg->n_boxes; j++) {
            const layout_box_t *b = &pg->boxes[j];
            if (b->role != LAYOUT_ROLE_FOOTER)
                continue;
            n++;
            inside = inside && b->y >= content_bottom(d) && b->y + b->h <= d->page_h &&
                     b->x >= 0 && b->x + b->w <= d->page_w;
            CHECK_STR(text_of(b), pg->label); /* the footer is "{page}" */
        }
        bool cover = !strcmp(pg->kind, "cover");
        if (!CHECK(n == (cover ? 0u : 1u) && inside))
            printf("  page %zu (%s): %zu footers%s\n", k + 1, pg->kind, n,
                   inside ? "" : ", not in the bottom margin");
    }
    CHECK(!strcmp(d->pages[0].kind, "cover"));
}

/* ---- texts kept from one document to the next ------------------------------ */

/* The first text box of `d` that has `needle`, or NULL. */
static const layout_box_t *box_with(const layout_doc_t *d, const char *needle)
{
    for (size_t k = 0; k < d->n_pages; k++)
        for (size_t j = 0; j < d->pages[k].n_boxes; j++)
            if (strstr(text_of(&d->pages[k].boxes[j]), needle))
                return &d->pages[k].boxes[j];
    return NULL;
}

/* `a` and `b` have the same boxes, texts compared by their text. */
static bool same_page(const layout_page_t *p, const layout_page_t *q)
{
    if (p->n_boxes != q->n_boxes || strcmp(p->label, q->label) || strcmp(p->kind, q->kind))
        return false;
    for (size_t j = 0; j < p->n_boxes; j++) {
        const layout_box_t *x = &p->boxes[j], *y = &q->boxes[j];
        if (x->kind != y->kind || x->role != y->role || x->x != y->x || x->y != y->y ||
            x->w != y->w || x->h != y->h || x->origin_x != y->origin_x || x->ink != y->ink ||
            x->line_first != y->line_first || x->line_count != y->line_count ||
            x->target != y->target || strcmp(text_of(x), text_of(y)))
            return false;
    }
    return true;
}

static bool same_boxes(const layout_doc_t *a, const layout_doc_t *b)
{
    if (a->n_pages != b->n_pages)
        return false;
    for (size_t k = 0; k < a->n_pages; k++)
        if (!same_page(&a->pages[k], &b->pages[k]))
            return false;
    return true;
}

/* ---- the stream ------------------------------------------------------------ */

typedef struct {
    size_t n, times[512]; /* how often each printed page was seen */
} seen_t;

static void see(void *ctx, size_t page, const layout_page_t *pg)
{
    seen_t *s = ctx;
    (void)pg;
    if (page < G_N_ELEMENTS(s->times))
        s->times[page]++;
    s->n++;
}

/* A book laid out as a stream: every printed page seen once before any is
 * handed out, then handed out once, in order, each the same as the whole
 * book's page (boxes, texts, links, footers); the stream's doc has every
 * label from the start. */
static void test_stream(const laid_t *whole)
{
    laid_t l;
    session_open(&l.s);
    l.plan = NULL;
    l.doc = NULL;
    model_book_t *b = session_book(&l.s, "b", BOOK, NULL, 0);
    seen_t seen = {0};
    layout_stream_t *ls = NULL;
    if (!CHECK(b && plan_build(l.s.run, b, &l.plan) &&
               layout_stream_open(l.s.run, l.plan, map, see, &seen, &l.doc, &ls))) {
        layout_stream_close(ls);
        laid_close(&l);
        return;
    }
    const layout_doc_t *w = whole->doc;
    size_t n = w->n_pages, once = 0, next = 0, differ = SIZE_MAX;
    CHECK(l.doc->n_pages == n && seen.n == n && n <= G_N_ELEMENTS(seen.times));
    for (size_t k = 0; k < n && k < G_N_ELEMENTS(seen.times); k++)
        once += seen.times[k] == 1;
    CHECK(once == n);
    /* every label known, and only the contents' boxes kept */
    bool labels = l.doc->n_pages == n;
    for (size_t k = 0; labels && k < n; k++) {
        const layout_page_t *pg = &l.doc->pages[k];
        bool contents = pg->kind && !strcmp(pg->kind, "contents");
        labels = !strcmp(pg->label, w->pages[k].label) && (contents || pg->n_boxes == 0);
    }
    CHECK(labels);
    size_t first, count;
    while (layout_stream_next(ls, &first, &count)) {
        if (first != next)
            break;
        for (size_t k = first; k < first + count && k < n; k++)
            if (differ == SIZE_MAX && !same_page(&l.doc->pages[k], &w->pages[k]))
                differ = k;
        next = first + count;
    }
    if (!CHECK(next == n && differ == SIZE_MAX && session_said(&l.s, "")))
        printf("  handed out up to page %zu of %zu; page %zu differs\n", next, n, differ);
    /* and lets each page go after it */
    size_t kept = 0;
    for (size_t k = 0; k < n; k++)
        kept += l.doc->pages[k].n_boxes;
    CHECK(kept == 0);
    layout_stream_close(ls);
    laid_close(&l);
}

/* One cache over three books, titled One, Two, One: the third is laid out
 * as a book alone is; what the second used (the welcome) is the same
 * PangoLayout in the third, what only the first used (its title) was let
 * go; a book in other fonts gets a context, and texts, of its own. */
static void test_cache(void)
{
    laid_t one, two, again, alone, other;
    model_setting_t t1 = {"title", "One", NULL}, t2 = {"title", "Two", NULL};
    if (!lay_out_ok(&alone, BOOK, &t1, 1)) {
        laid_close(&alone);
        return;
    }
    layout_cache_t *k = layout_cache_new(map);
    bool ok1 = lay_out_cached(&one, BOOK, &t1, 1, k), ok2 = lay_out_cached(&two, BOOK, &t2, 1, k);
    bool ok3 = lay_out_cached(&again, BOOK, &t1, 1, k);
    if (CHECK(ok1 && ok2 && ok3)) {
        CHECK(same_boxes(again.doc, alone.doc));
        const layout_box_t *w2 = box_with(two.doc, "W0 0:"), *w3 = box_with(again.doc, "W0 0:");
        const layout_box_t *c1 = box_with(one.doc, "One"), *c3 = box_with(again.doc, "One");
        CHECK(w2 && w3 && w2->text == w3->text);
        CHECK(c1 && c3 && c1->text != c3->text);
        data_put("layouts/a5big.yaml", "type: layout\nid: a5big\nextends: a5\n"
                                       "fonts:\n  body: {family: \"EB Garamond\", size: 13pt}\n");
        char **halves = g_strsplit(BOOK, "layout: a5\n", 2);
        char *yaml = g_strjoin("layout: a5big\n", halves[0], halves[1], NULL);
        g_strfreev(halves);
        bool other_ok = lay_out_cached(&other, yaml, &t1, 1, k);
        if (!other_ok)
            printf("  %s", session_messages(&other.s));
        if (CHECK(other_ok)) {
            const layout_box_t *wf = box_with(other.doc, "W0 0:");
            CHECK(wf && wf->text != w3->text &&
                  pango_layout_get_context(wf->text) != pango_layout_get_context(w3->text));
        }
        laid_close(&other);
        g_free(yaml);
    }
    laid_close(&alone);
    laid_close(&one);
    laid_close(&two);
    laid_close(&again);
    layout_cache_free(k);
}

/* ---- text that cannot fit ------------------------------------------------- */

static bool layout_fails(const char *yaml, const model_setting_t *sets, size_t n,
                         const char *want)
{
    laid_t l;
    bool ok = !lay_out(&l, yaml, sets, n) && l.doc != NULL;
    if (!ok)
        printf("  %s\n", l.doc ? "the layout was accepted" : "refused before layout");
    ok = session_said(&l.s, want) && ok;
    laid_close(&l);
    return ok;
}

static void test_no_room(void)
{
    CHECK(layout_fails(BOOK_HEAD("a5") "  - title: Cover\n    pages:\n      - page: cover\n"
                                       "  - title: Story\n    pages:\n"
                                       "      - exercise: long-story\n",
                       NULL, 0, "$D/content/x/long-story.yaml:7:5: error: no room for the story "
                       "prompt with room to write on printed page 2 (story)\n"
                       "$D/content/books/b.yaml:15:19: note: included from here\n"));
    /* a title that fills the cover, at the page entry (line 12, column 9) */
    GString *title = g_string_new(NULL);
    for (unsigned k = 0; k < 12; k++)
        sentence(title, "T", k);
    const model_setting_t sets[] = {{"title", title->str, NULL}};
    CHECK(layout_fails(BOOK_HEAD("a5") "  - title: Cover\n    pages:\n      - page: cover\n",
                       sets, 1,
                       "$D/content/books/b.yaml:12:9: error: no room for the cover's title, "
                       "names and dedication on printed page 1 (cover)\n"));
    g_string_free(title, TRUE);
}

int main(void)
{
    /* tests/run.sh sets this; by hand, the same private configuration */
    char *conf = g_canonicalize_filename("tests/fonts.conf", NULL);
    g_setenv("FONTCONFIG_FILE", conf, FALSE);
    g_free(conf);
    if (setup()) {
        test_flow();
        test_heading_pair();
        test_room_for();
        laid_t l;
        if (lay_out_ok(&l, BOOK, NULL, 0)) {
            test_contents(&l);
            test_labels(&l);
            test_footers(&l);
            test_stream(&l);
        }
        laid_close(&l);
        test_cache();
        test_no_room();
    }
    if (map)
        g_object_unref(map);
    data_close();
    return harness_finish();
}
