/* layout: the pagination driver (see layout.h).
 *
 * Each logical page is laid out by its kind (kind.h) in the compose
 * toolkit, onto as many printed pages as it needs. Then come the page
 * labels (front matter in roman numerals, the rest from 1), the kinds that
 * fill reserved pages once every label is known (the contents), the
 * outline, and the footers and tabs, a page at a time. PangoLayouts for
 * repeated small texts (scale numbers, day labels, names) come from the
 * toolkit's cache.
 *
 * Laid out whole (layout_paginate), every page's boxes are kept. As a
 * stream (layout_stream_open), the same steps run in two passes: the
 * first lays every logical page out to count its printed pages and lets
 * its boxes go (the contents keep theirs, to be filled in), then the
 * labels, outline, contents and tabs; the second lays each logical page
 * out again, in the same printed pages (compose_t.next), adds its footers
 * and tabs, and hands it out. A page comes out the same either way: the
 * second pass is the first one's, box for box, plus what the whole way
 * adds after. */
#include "layout.h"

#include "compose.h"
#include "fonts.h"
#include "kind.h"
#include "tabs.h"
#include "text.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#define MM COMPOSE_MM

static PangoFontDescription *font_desc(const model_font_t *f)
{
    PangoFontDescription *d = pango_font_description_new();
    pango_font_description_set_family(d, f->family);
    pango_font_description_set_size(d, (int)lround(f->size * PANGO_SCALE));
    pango_font_description_set_weight(
        d, f->style & MODEL_FONT_STYLE_BOLD ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_style(
        d, f->style & MODEL_FONT_STYLE_ITALIC ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
    return d;
}

static char *roman(arena_t *a, size_t n)
{
    static const struct { unsigned v; const char *s; } R[] = {
        {1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"},
        {50, "l"}, {40, "xl"}, {10, "x"}, {9, "ix"}, {5, "v"}, {4, "iv"}, {1, "i"}};
    GString *s = g_string_new(NULL);
    for (size_t i = 0; i < G_N_ELEMENTS(R); i++)
        while (n >= R[i].v)
            g_string_append(s, R[i].s), n -= R[i].v;
    char *r = arena_strdup(a, s->str);
    g_string_free(s, TRUE);
    return r;
}

static const char *footer_lookup(const void *ctx, const char *name)
{
    const char *const *label = ctx;
    return !strcmp(name, "page") ? *label : NULL;
}

/* The footer's alignment on printed page i: outer and inner swap sides on
 * left-hand pages of a double-sided book. */
static PangoAlignment footer_align(const model_layout_t *L, size_t i)
{
    if (L->footer_align == MODEL_ALIGN_CENTER)
        return PANGO_ALIGN_CENTER;
    bool outer = L->footer_align == MODEL_ALIGN_OUTER, recto = i % 2 == 0;
    bool right = !L->duplex ? outer : (recto == outer);
    return right ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT;
}

/* The footer of printed page i. False after reporting one that does not
 * fit. */
static bool footer(compose_t *c, size_t i)
{
    const model_layout_t *L = c->L;
    compose_set_page(c, i);
    layout_page_t *pg = compose_page(c);
    if (pg->no_footer)
        return true;
    text_problem_t pr;
    const char *label = pg->label;
    char *m = text_expand(c->run->arena, c->plan->footer, footer_lookup, &label, true, &pr);
    PangoLayout *f = compose_text(c, COMPOSE_FONT_LABEL, 1.0, m ? m : "", c->cw,
                                  footer_align(L, i));
    double y = L->page_h - L->margin_bottom * 0.55 - compose_baseline(f);
    /* The footer lives in the bottom margin: between the content and
     * the paper's edge. */
    if (y < compose_bottom(c) + 1 * MM || y + compose_height(f) > L->page_h - 2 * MM) {
        /* A value longer than the footer's own text is what makes it
         * too long: blamed where it was given (--set, the book). */
        const model_var_t *v = c->plan->footer_var;
        if (v && g_utf8_strlen(v->value, -1) > g_utf8_strlen(L->footer.text, -1)) {
            diag_error(&c->run->diag, v->pos,
                       "the footer does not fit in the bottom margin with this '%s' "
                       "(%ld characters); shorten it", v->name,
                       (long)g_utf8_strlen(v->value, -1));
            diag_note(&c->run->diag, L->footer.pos, "the footer, with {%s}, is here",
                      v->name);
        } else {
            diag_error(&c->run->diag, L->footer.pos,
                       "the footer does not fit in the bottom margin; make the margin "
                       "larger or the footer shorter");
        }
        return false;
    }
    compose_role(compose_put(c, f, c->cx, y, LAYOUT_INK_MUTED), LAYOUT_ROLE_FOOTER, 0);
    return true;
}

/* The footers and tabs (`tabs` NULL: none) of printed pages [from, to). */
static bool finish_pages(compose_t *c, const tabs_t *tabs, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        if (!footer(c, i))
            return false;
    for (size_t i = from; tabs && i < to; i++)
        tabs_add_page(c, tabs, i);
    return true;
}

/* Labels: front matter in roman numerals, the rest from 1. */
static void labels(compose_t *c)
{
    size_t front = 0, body = 0;
    for (size_t i = 0; i < c->pages->len; i++) {
        layout_page_t *pg = &g_array_index(c->pages, layout_page_t, i);
        pg->label = c->plan->pages[pg->plan_page].front
                        ? roman(c->run->arena, ++front)
                        : arena_printf(c->run->arena, "%zu", ++body);
    }
}

/* Logical page i by its kind, from printed page c->next on; i ==
 * plan->n_pages: the pages that make up the count the book asks for (a
 * folded booklet's four), of its pad exercise. */
static void lay_page(compose_t *c, size_t i)
{
    const plan_t *plan = c->plan;
    c->plan_page = i;
    if (i == plan->n_pages) {
        for (unsigned k = 0; plan->pad && k < plan->pad_to && c->next % plan->pad_to; k++)
            plan->pad->kind->lay(c, plan->pad);
        return;
    }
    const plan_page_t *p = &plan->pages[i];
    size_t first = c->next;
    p->kind->lay(c, p);
    for (size_t k = first; k < c->next; k++)
        g_array_index(c->pages, layout_page_t, k).no_footer = p->kind->no_footer;
}

/* Every logical page by its kind, and the pad pages; first_of[i] is the
 * first printed page of logical page i (and first_of[n_pages] that of the
 * pad pages). `done` (NULL: none) is called after each, with its index. */
static void lay_pages(compose_t *c, size_t *first_of, void (*done)(void *, size_t), void *ctx)
{
    const plan_t *plan = c->plan;
    for (size_t i = 0; i <= plan->n_pages && compose_ok(c); i++) {
        first_of[i] = c->next;
        lay_page(c, i);
        if (done)
            done(ctx, i);
    }
    if (plan->pad && c->next % plan->pad_to && compose_ok(c))
        diag_error(&c->run->diag, plan->pad->pos,
                   "pages of this exercise cannot make the page count a multiple of %u",
                   plan->pad_to);
}

/* The outline, and each entry's first printed page (for the contents). */
static void outline(compose_t *c, layout_doc_t *doc, const size_t *first_of)
{
    const plan_t *plan = c->plan;
    size_t n = c->pages->len;
    size_t *at = xcalloc(plan->n_entries + 1, sizeof(size_t)); /* entry -> bookmark + 1 */
    c->entry_page = xcalloc(plan->n_entries + 1, sizeof(size_t));
    doc->outline = xcalloc(plan->n_entries + 1, sizeof(layout_outline_t));
    for (size_t e = 0; e < plan->n_entries; e++) {
        const plan_entry_t *en = &plan->entries[e];
        size_t fp = en->first_page;
        c->entry_page[e] = fp < plan->n_pages ? first_of[fp] : (n ? n - 1 : 0);
        if (!en->in_outline)
            continue;
        layout_outline_t *o = &doc->outline[doc->n_outline];
        o->title = en->title;
        o->page = c->entry_page[e];
        o->parent = en->parent ? at[en->parent - 1] : 0;
        at[e] = ++doc->n_outline;
    }
    free(at);
}

static layout_doc_t *doc_new(const plan_t *plan)
{
    const model_layout_t *L = plan->style;
    layout_doc_t *doc = xcalloc(1, sizeof *doc);
    doc->meta = plan->meta;
    doc->inks[LAYOUT_INK_TEXT] = L->text;
    doc->inks[LAYOUT_INK_ACCENT] = L->accent;
    doc->inks[LAYOUT_INK_RULE] = L->rule;
    doc->inks[LAYOUT_INK_MUTED] = L->muted;
    doc->paper = L->paper;
    doc->page_w = L->page_w;
    doc->page_h = L->page_h;
    doc->margin_top = L->margin_top;
    doc->margin_bottom = L->margin_bottom;
    doc->margin_inner = L->margin_inner;
    doc->margin_outer = L->margin_outer;
    doc->duplex = L->duplex;
    return doc;
}

layout_cache_t *layout_cache_new(PangoFontMap *map) { return compose_cache_new(map); }

void layout_cache_free(layout_cache_t *k) { compose_cache_free(k); }

bool layout_paginate(run_t *run, const plan_t *plan, PangoFontMap *map, layout_doc_t **out)
{
    layout_cache_t *k = layout_cache_new(map);
    bool ok = layout_paginate_cached(run, plan, k, out);
    layout_cache_free(k);
    return ok;
}

/* A document's layout, whole or as a stream. */
typedef struct {
    compose_t c;
    layout_doc_t *doc;
    size_t *first_of; /* lay_pages()'s */
    tabs_t *tabs;
} lay_t;

static void lay_begin(lay_t *l, run_t *run, const plan_t *plan, layout_cache_t *cache)
{
    const model_layout_t *L = plan->style;
    const model_font_t *F[COMPOSE_FONT_N] = {&L->body, &L->heading, &L->title, &L->label};
    compose_t *c = &l->c;
    *l = (lay_t){.c = {.run = run, .plan = plan, .L = L, .errors = run->diag.errors}};
    for (int f = 0; f < COMPOSE_FONT_N; f++)
        c->fonts[f] = font_desc(F[f]);
    c->cache = cache;
    c->pc = compose_cache_begin(cache, plan->language, c->fonts);
    c->missing = g_hash_table_new(NULL, NULL);
    c->pages = g_array_new(FALSE, TRUE, sizeof(layout_page_t));
    compose_set_page(c, 0); /* the content area, known before any page */
    l->doc = doc_new(plan);
    l->first_of = xcalloc(plan->n_pages + 1, sizeof(size_t));
}

/* Once every logical page is laid out: the labels, the outline, the
 * contents' numbers (kinds with late()) and the tabs. */
static void lay_known(lay_t *l)
{
    compose_t *c = &l->c;
    const plan_t *plan = c->plan;
    labels(c);
    outline(c, l->doc, l->first_of);
    for (size_t i = 0; i < plan->n_pages && compose_ok(c); i++)
        if (plan->pages[i].kind->late) {
            c->plan_page = i;
            plan->pages[i].kind->late(c, &plan->pages[i], l->first_of[i],
                                      l->first_of[i + 1] - l->first_of[i]);
        }
    if (compose_ok(c) && c->L->tabs)
        tabs_plan(c, &l->tabs);
}

static void lay_end(lay_t *l)
{
    compose_t *c = &l->c;
    tabs_free(l->tabs);
    free(c->entry_page);
    free(l->first_of);
    for (int f = 0; f < COMPOSE_FONT_N; f++)
        pango_font_description_free(c->fonts[f]);
    g_hash_table_destroy(c->missing);
}

bool layout_paginate_cached(run_t *run, const plan_t *plan, layout_cache_t *cache,
                            layout_doc_t **out)
{
    lay_t l;
    lay_begin(&l, run, plan, cache);
    compose_t *c = &l.c;
    lay_pages(c, l.first_of, NULL, NULL);
    lay_known(&l);
    if (compose_ok(c))
        finish_pages(c, l.tabs, 0, c->pages->len);
    layout_doc_t *doc = l.doc;
    doc->n_pages = c->pages->len;
    doc->pages = (layout_page_t *)(void *)g_array_free(c->pages, FALSE);
    lay_end(&l);
    *out = doc;
    return compose_ok(c);
}

/* ---- the stream ---------------------------------------------------------- */

struct layout_stream {
    lay_t l;
    layout_cache_t *cache;
    layout_see_fn see;
    void *ctx;
    bool *kept;    /* logical page -> its boxes kept from the first pass */
    size_t next;   /* the next logical page to hand out; n_pages: the pads */
    size_t from, to; /* the printed pages handed out last */
};

/* The first pass, after logical page i: a page whose kind fills it in
 * later (the contents) keeps its boxes; the others are seen and let go. */
static void counted(void *ctx, size_t i)
{
    layout_stream_t *s = ctx;
    compose_t *c = &s->l.c;
    const plan_t *plan = c->plan;
    compose_cache_done(s->cache, i, false);
    if (i < plan->n_pages && plan->pages[i].kind->late) {
        s->kept[i] = true;
        return;
    }
    for (size_t k = s->l.first_of[i]; k < c->next; k++) {
        layout_page_t *pg = &g_array_index(c->pages, layout_page_t, k);
        s->see(s->ctx, k, pg);
        layout_page_clear(pg);
    }
}

void layout_stream_close(layout_stream_t *s)
{
    if (!s)
        return;
    compose_t *c = &s->l.c;
    if (c->pages) { /* the doc's pages, from the first pass on */
        s->l.doc->pages = (layout_page_t *)(void *)g_array_free(c->pages, FALSE);
        c->pages = NULL;
    }
    lay_end(&s->l);
    layout_cache_free(s->cache);
    g_free(s->kept);
    g_free(s);
}

bool layout_stream_open(run_t *run, const plan_t *plan, PangoFontMap *map, layout_see_fn see,
                        void *ctx, layout_doc_t **doc, layout_stream_t **out)
{
    layout_stream_t *s = g_new0(layout_stream_t, 1);
    s->cache = layout_cache_new(map);
    compose_cache_stream(s->cache);
    s->see = see;
    s->ctx = ctx;
    s->kept = g_new0(bool, plan->n_pages + 1);
    lay_begin(&s->l, run, plan, s->cache);
    compose_t *c = &s->l.c;
    lay_pages(c, s->l.first_of, counted, s);
    lay_known(&s->l);
    /* The pages kept are complete but for their footers and tabs: seen. */
    for (size_t i = 0; i < plan->n_pages; i++)
        for (size_t k = s->l.first_of[i]; s->kept[i] && k < s->l.first_of[i + 1]; k++)
            see(ctx, k, &g_array_index(c->pages, layout_page_t, k));
    *doc = s->l.doc;
    s->l.doc->n_pages = c->pages->len;
    s->l.doc->pages = (layout_page_t *)(void *)c->pages->data; /* the array's, until closed */
    if (!compose_ok(c)) {
        layout_stream_close(s);
        *out = NULL;
        return false;
    }
    *out = s;
    return true;
}

bool layout_stream_next(layout_stream_t *s, size_t *first, size_t *n)
{
    compose_t *c = &s->l.c;
    const plan_t *plan = c->plan;
    for (size_t k = s->from; k < s->to; k++)
        layout_page_clear(&g_array_index(c->pages, layout_page_t, k));
    if (s->next > 0) /* texts no later page uses */
        compose_cache_done(s->cache, s->next - 1, true);
    s->from = s->to;
    while (s->next <= plan->n_pages && compose_ok(c)) {
        size_t i = s->next++;
        size_t from = s->l.first_of[i], to = i < plan->n_pages ? s->l.first_of[i + 1] : c->pages->len;
        if (from == to)
            continue;
        if (!s->kept[i]) {
            c->next = from;
            lay_page(c, i);
            if (c->next != to) /* layout is a function of its input */
                return diag_error(&c->run->diag, i < plan->n_pages ? plan->pages[i].pos
                                                                  : plan->pad->pos,
                                  "internal error: this page came out as %zu printed pages "
                                  "the second time, %zu the first",
                                  c->next - from, to - from);
        }
        c->plan_page = i;
        if (!finish_pages(c, s->l.tabs, from, to))
            return false;
        s->from = from;
        s->to = to;
        *first = from;
        *n = to - from;
        return true;
    }
    return false;
}

void layout_page_clear(layout_page_t *pg)
{
    for (size_t j = 0; j < pg->n_boxes; j++)
        if (pg->boxes[j].text)
            g_object_unref(pg->boxes[j].text);
    free(pg->boxes);
    pg->boxes = NULL;
    pg->n_boxes = pg->cap = 0;
}

void layout_free(layout_doc_t *doc)
{
    if (!doc)
        return;
    for (size_t i = 0; i < doc->n_pages; i++)
        layout_page_clear(&doc->pages[i]);
    g_free(doc->pages);
    free(doc->outline);
    free(doc);
}
