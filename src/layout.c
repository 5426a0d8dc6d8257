/* layout: the pagination driver (see layout.h).
 *
 * Each logical page is laid out by its kind (kind.h) in the compose
 * toolkit, onto as many printed pages as it needs. Then come the page
 * labels (front matter in roman numerals, the rest from 1), the kinds that
 * fill reserved pages once every label is known (the contents), the
 * outline, and the footers. PangoLayouts for repeated small texts (scale
 * numbers, day labels, names) come from the toolkit's cache. */
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

static void footers(compose_t *c)
{
    const model_layout_t *L = c->L;
    for (size_t i = 0; i < c->pages->len; i++) {
        compose_set_page(c, i);
        layout_page_t *pg = compose_page(c);
        if (pg->no_footer)
            continue;
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
            return;
        }
        compose_role(compose_put(c, f, c->cx, y, LAYOUT_INK_MUTED), LAYOUT_ROLE_FOOTER, 0);
    }
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

/* Every logical page by its kind; first_of[i] is the first printed page of
 * logical page i (and first_of[n_pages] the page count). */
static void lay_pages(compose_t *c, size_t *first_of)
{
    const plan_t *plan = c->plan;
    for (size_t i = 0; i < plan->n_pages && compose_ok(c); i++) {
        const plan_page_t *p = &plan->pages[i];
        first_of[i] = c->pages->len;
        c->plan_page = i;
        p->kind->lay(c, p);
        for (size_t k = first_of[i]; k < c->pages->len; k++)
            g_array_index(c->pages, layout_page_t, k).no_footer = p->kind->no_footer;
    }
    first_of[plan->n_pages] = c->pages->len;
    /* Pages to make up the count the book asks for (a folded booklet's
     * four), of its pad exercise. */
    for (unsigned i = 0; plan->pad && i < plan->pad_to && c->pages->len % plan->pad_to; i++) {
        c->plan_page = plan->n_pages;
        plan->pad->kind->lay(c, plan->pad);
    }
    if (plan->pad && c->pages->len % plan->pad_to && compose_ok(c))
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

bool layout_paginate_cached(run_t *run, const plan_t *plan, layout_cache_t *cache,
                            layout_doc_t **out)
{
    const model_layout_t *L = plan->style;
    const model_font_t *F[COMPOSE_FONT_N] = {&L->body, &L->heading, &L->title, &L->label};
    compose_t c = {.run = run, .plan = plan, .L = L, .errors = run->diag.errors};
    for (int f = 0; f < COMPOSE_FONT_N; f++)
        c.fonts[f] = font_desc(F[f]);
    c.cache = cache;
    c.pc = compose_cache_begin(cache, plan->language, c.fonts);
    c.missing = g_hash_table_new(NULL, NULL);
    c.pages = g_array_new(FALSE, TRUE, sizeof(layout_page_t));
    compose_set_page(&c, 0); /* the content area, known before any page */
    layout_doc_t *doc = doc_new(plan);

    size_t *first_of = xcalloc(plan->n_pages + 1, sizeof(size_t));
    lay_pages(&c, first_of);
    labels(&c);
    outline(&c, doc, first_of);
    for (size_t i = 0; i < plan->n_pages && compose_ok(&c); i++)
        if (plan->pages[i].kind->late) {
            c.plan_page = i;
            plan->pages[i].kind->late(&c, &plan->pages[i], first_of[i],
                                      first_of[i + 1] - first_of[i]);
        }
    if (compose_ok(&c))
        footers(&c);
    if (compose_ok(&c) && L->tabs)
        tabs_add(&c);
    doc->n_pages = c.pages->len;
    doc->pages = (layout_page_t *)(void *)g_array_free(c.pages, FALSE);

    free(c.entry_page);
    free(first_of);
    for (int f = 0; f < COMPOSE_FONT_N; f++)
        pango_font_description_free(c.fonts[f]);
    g_hash_table_destroy(c.missing);
    *out = doc;
    return compose_ok(&c);
}

void layout_free(layout_doc_t *doc)
{
    if (!doc)
        return;
    for (size_t i = 0; i < doc->n_pages; i++) {
        for (size_t j = 0; j < doc->pages[i].n_boxes; j++)
            if (doc->pages[i].boxes[j].text)
                g_object_unref(doc->pages[i].boxes[j].text);
        free(doc->pages[i].boxes);
    }
    g_free(doc->pages);
    free(doc->outline);
    free(doc);
}
