/* tabs: link tabs down the edge of every page (see tabs.h). */
#include "tabs.h"

#include "kind.h"

#include <math.h>
#include <string.h>

typedef struct {
    const char *label; /* plain text */
    size_t page;       /* 0-based printed page it leads to */
} tab_t;

/* A month tab's label: the first word of "January 2027", cut to three
 * characters ("Jan"). */
static const char *month_label(compose_t *c, const char *title)
{
    size_t word = strcspn(title, " ");
    const char *end = title;
    for (int i = 0; i < 3 && (size_t)(end - title) < word; i++)
        end = g_utf8_next_char(end);
    return arena_printf(c->run->arena, "%.*s", (int)(end - title), title);
}

/* The tabs of the book, in order, into `out` (room for n_entries + 1). */
static size_t collect(compose_t *c, tab_t *out)
{
    const plan_t *plan = c->plan;
    size_t n = 0, months = 0;
    for (size_t i = 0; i < c->pages->len; i++) {
        const layout_page_t *pg = &g_array_index(c->pages, layout_page_t, i);
        if (pg->kind && !strcmp(pg->kind, "contents")) {
            const plan_page_t *p = &plan->pages[pg->plan_page];
            const char *title = p->entry < plan->n_entries ? plan->entries[p->entry].title : NULL;
            out[n++] = (tab_t){title ? title : "Contents", i};
            break;
        }
    }
    for (size_t e = 0; e < plan->n_entries; e++)
        months += plan->entries[e].in_contents && plan->entries[e].depth == 1;
    for (size_t e = 0; e < plan->n_entries; e++) {
        const plan_entry_t *en = &plan->entries[e];
        if (!en->in_contents)
            continue;
        if (months >= 2 ? en->depth == 1
                        : en->depth == 0 && (!n || c->entry_page[e] != out[0].page))
            out[n++] = (tab_t){months >= 2 ? month_label(c, en->title) : en->title,
                               c->entry_page[e]};
    }
    return n;
}

/* The tab that page `i` belongs to: the contents tab on a contents page,
 * else the last tab that starts at or before it; SIZE_MAX before the
 * first. `first` is where the parts' tabs begin (after the contents). */
static size_t current(const tab_t *tabs, size_t n, size_t first, size_t i, bool on_contents)
{
    if (on_contents && first == 1)
        return 0;
    size_t k = SIZE_MAX;
    for (size_t t = first; t < n; t++)
        if (tabs[t].page <= i)
            k = t;
    return k;
}

/* The widest word of `pl`'s text, in points. */
static double widest_word(PangoLayout *pl, const char *text)
{
    double widest = 0;
    gchar **words = g_strsplit(text, " ", -1);
    for (size_t i = 0; words[i]; i++) {
        PangoRectangle r;
        pango_layout_set_text(pl, words[i], -1);
        pango_layout_get_extents(pl, NULL, &r);
        widest = MAX(widest, (double)r.width / PANGO_SCALE);
    }
    g_strfreev(words);
    return widest;
}

/* A label wrapped to the tab's width at word boundaries, in a smaller size
 * (down to TABS_MIN_PT) where a word would not fit, at most as many lines
 * as the tab's height holds, ellipsized past them. The caller unrefs it. */
#define TABS_MIN_PT 4.5
static PangoLayout *label_text(compose_t *c, const char *text, double w, double h)
{
    PangoLayout *pl = pango_layout_new(c->pc);
    PangoFontDescription *fd = pango_font_description_copy(c->fonts[COMPOSE_FONT_LABEL]);
    double size = MIN(pango_font_description_get_size(fd) / (double)PANGO_SCALE, 7.5) * 0.85;
    pango_font_description_set_size(fd, (int)lround(size * PANGO_SCALE));
    pango_layout_set_font_description(pl, fd);
    double widest = widest_word(pl, text);
    if (widest > w) {
        size = MAX(TABS_MIN_PT, floor(size * w / widest * 10) / 10);
        pango_font_description_set_size(fd, (int)lround(size * PANGO_SCALE));
        pango_layout_set_font_description(pl, fd);
    }
    pango_font_description_free(fd);
    pango_layout_set_width(pl, (int)lround(w * PANGO_SCALE));
    pango_layout_set_alignment(pl, PANGO_ALIGN_CENTER);
    pango_layout_set_wrap(pl, PANGO_WRAP_WORD_CHAR); /* only a word wider at TABS_MIN_PT */
    pango_layout_set_ellipsize(pl, PANGO_ELLIPSIZE_END);
    pango_layout_set_height(pl, (int)lround(h * PANGO_SCALE));
    pango_layout_set_text(pl, text, -1);
    return pl;
}

struct tabs {
    tab_t *tabs;
    size_t n, first; /* first: where the parts' tabs begin (after the contents) */
    double x, top, h;
};

void tabs_free(tabs_t *t)
{
    if (!t)
        return;
    g_free(t->tabs);
    g_free(t);
}

bool tabs_plan(compose_t *c, tabs_t **out)
{
    const model_layout_t *L = c->L;
    *out = NULL;
    tabs_t *t = g_new0(tabs_t, 1);
    t->tabs = g_new(tab_t, c->plan->n_entries + 2);
    size_t n = t->n = collect(c, t->tabs);
    bool has_contents = n && c->pages->len &&
                        !strcmp(g_array_index(c->pages, layout_page_t, t->tabs[0].page).kind,
                                "contents");
    t->first = has_contents ? 1 : 0;
    if (n < 2) { /* one tab leads nowhere else: a worksheet of a page or two */
        tabs_free(t);
        return true;
    }
    /* The column: down the edge away from the toolbar, between the top and
     * bottom margins, and below (above) a toolbar along the top (bottom). */
    t->x = L->toolbar == MODEL_EDGE_RIGHT ? MODEL_TAB_GAP : L->page_w - MODEL_TAB_GAP - MODEL_TAB_W;
    double top = L->margin_top, bottom = L->page_h - L->margin_bottom;
    if (L->toolbar == MODEL_EDGE_TOP)
        top = MAX(top, L->toolbar_w + MODEL_TAB_GAP);
    if (L->toolbar == MODEL_EDGE_BOTTOM)
        bottom = MIN(bottom, L->page_h - L->toolbar_w - MODEL_TAB_GAP);
    t->top = top;
    t->h = MIN(TABS_MAX_H, (bottom - top - (double)(n - 1) * TABS_SPACE) / (double)n);
    if (t->h < TABS_MIN_H) {
        tabs_free(t);
        return diag_error(&c->run->diag, L->tablet_pos,
                          "%zu tabs do not fit down the page: each needs %.0f mm, and there "
                          "is room for %.0f", n, TABS_MIN_H / COMPOSE_MM,
                          floor((bottom - top + TABS_SPACE) / (TABS_MIN_H + TABS_SPACE)));
    }
    *out = t;
    return true;
}

void tabs_add_page(compose_t *c, const tabs_t *tabs, size_t i)
{
    const double pad = 0.8 * COMPOSE_MM, h = tabs->h, x = tabs->x;
    compose_set_page(c, i);
    const layout_page_t *pg = compose_page(c);
    size_t cur = current(tabs->tabs, tabs->n, tabs->first, i,
                         pg->kind && !strcmp(pg->kind, "contents"));
    for (size_t t = 0; t < tabs->n; t++) {
        double y = tabs->top + (double)t * (h + TABS_SPACE);
        bool here = t == cur;
        layout_box_t *cell = compose_box(c, LAYOUT_BOX_RECT, x, y, MODEL_TAB_W, h,
                                         here ? LAYOUT_INK_ACCENT : LAYOUT_INK_RULE);
        compose_role(cell, LAYOUT_ROLE_NAV, 0);
        cell->stroke = here ? 1.2 : 0.6;
        PangoLayout *pl = label_text(c, tabs->tabs[t].label, MODEL_TAB_W - 2 * pad, h - 2 * pad);
        double th = compose_height(pl);
        compose_role(compose_put(c, pl, x + pad, y + (h - th) / 2,
                                 here ? LAYOUT_INK_ACCENT : LAYOUT_INK_MUTED),
                     LAYOUT_ROLE_NAV, 0);
        g_object_unref(pl); /* the box holds its own reference */
        layout_box_t *link = compose_box(c, LAYOUT_BOX_LINK, x, y, MODEL_TAB_W, h,
                                         LAYOUT_INK_TEXT);
        compose_role(link, LAYOUT_ROLE_NAV, 0)->target = tabs->tabs[t].page;
    }
}
