/* contents: the book's sections and weeks with their page numbers, each row
 * a link. A book page, placed by `page: contents`. Its page count is known
 * up front from the entries, so it reserves its pages when laid out and
 * fills them once every other page has its number. */
#include "kind.h"

#include <math.h>

#define MM COMPOSE_MM

static void plan(plan_ctx_t *c, const model_exercise_t *e, const void *data, plan_page_t *p)
{
    (void)e, (void)data;
    p->title = plan_escape(c, plan_book(c)->lang->word_contents);
}

/* Sections get more air than the months and pages under them, so that the
 * contents of a year fits a page where it can. */
static double row_height(const compose_t *c, const plan_entry_t *en)
{
    return c->L->label.size * (en->depth ? 1.75 : 2.3);
}

static double indent_of(const plan_entry_t *en) { return en->depth * 5 * MM; }

/* The layouts of one contents row: the title and the week's dates. */
static void entry_texts(compose_t *c, const plan_entry_t *en, PangoLayout **title,
                        PangoLayout **detail)
{
    /* sections bold, months plain, the pages within them italic */
    char *m = en->depth == 0   ? g_strdup_printf("<b>%s</b>", en->markup)
              : en->depth == 1 ? g_strdup(en->markup)
                               : g_strdup_printf("<i>%s</i>", en->markup);
    *title = compose_text(c, COMPOSE_FONT_LABEL, 1.0, m, c->cw * 0.55 - indent_of(en),
                          PANGO_ALIGN_LEFT);
    g_free(m);
    *detail = en->detail ? compose_text(c, COMPOSE_FONT_LABEL, 0.9, en->detail, c->cw * 0.3,
                                        PANGO_ALIGN_LEFT)
                         : NULL;
}

/* A row is one line high, or taller when a long title wraps. */
static double entry_height(compose_t *c, const plan_entry_t *en)
{
    PangoLayout *t, *d;
    entry_texts(c, en, &t, &d);
    double h = fmax(compose_height(t), d ? compose_height(d) : 0) + row_height(c, en) * 0.4;
    return fmax(h, row_height(c, en));
}

/* Reserve the pages the contents needs: the first also holds the heading. */
static void lay(compose_t *c, const plan_page_t *p)
{
    compose_start(c, "contents");
    PangoLayout *h = compose_text(c, COMPOSE_FONT_HEADING, 1.0, p->title, c->cw, PANGO_ALIGN_LEFT);
    double y = c->cy + compose_height(h) + 5.5 * MM;
    for (size_t e = 0; e < c->plan->n_entries; e++) {
        const plan_entry_t *en = &c->plan->entries[e];
        if (!en->in_contents)
            continue;
        double rh = entry_height(c, en);
        if (y + rh > compose_bottom(c) + 0.01) {
            compose_start(c, "contents");
            y = c->cy;
        }
        y += rh;
    }
}

/* A tablet's contents (layouts with tabs, tabs.h) links every week: a
 * month's row shows its weeks' numbers, each a link to its week, where
 * paper shows "weeks 1-4". The weeks of month entry `e` are the outline's
 * week entries that follow it, up to the next row. `*end` is where the
 * numbers end; false when the month has no weeks to show. */
static bool week_links(compose_t *c, size_t e, double x, double base, double y, double rh,
                       double *end)
{
    const plan_t *plan = c->plan;
    const double tap = 7 * MM; /* wide enough to tap with a finger or a pen */
    size_t n = 0;
    for (size_t w = e + 1; w < plan->n_entries; w++) {
        const plan_entry_t *we = &plan->entries[w];
        if (we->in_contents && we->depth <= 1)
            break;
        const plan_page_t *p = we->first_page < plan->n_pages ? &plan->pages[we->first_page]
                                                               : NULL;
        if (we->in_contents || we->depth != 1 || !p || !p->week)
            continue;
        char num[16];
        snprintf(num, sizeof num, "%u", p->week);
        PangoLayout *pl = compose_text(c, COMPOSE_FONT_LABEL, 0.9, num, -1, PANGO_ALIGN_LEFT);
        double wx = x + (double)n * tap;
        compose_label(c, pl, wx + (tap - compose_width(pl)) / 2, base - compose_baseline(pl),
                      LAYOUT_INK_ACCENT);
        compose_box(c, LAYOUT_BOX_LINK, wx, y, tap, rh, LAYOUT_INK_TEXT)->target =
            c->entry_page[w];
        n++;
    }
    *end = x + (double)n * tap;
    return n > 0;
}

/* One row at y: title, dates, a dotted leader, the page number, a link
 * (entry `e`). */
static void row(compose_t *c, size_t e, size_t page, double y, double rh)
{
    const plan_entry_t *en = &c->plan->entries[e];
    PangoLayout *t, *dl;
    entry_texts(c, en, &t, &dl);
    const char *label = g_array_index(c->pages, layout_page_t, page).label;
    PangoLayout *num = compose_text(c, COMPOSE_FONT_LABEL, 1.0, label, -1, PANGO_ALIGN_LEFT);
    double base = y + row_height(c, en) * 0.7, tx = c->cx + indent_of(en);
    compose_role(compose_put(c, t, tx, base - compose_baseline(t),
                             en->depth ? LAYOUT_INK_TEXT : LAYOUT_INK_ACCENT),
                 LAYOUT_ROLE_LIST_ITEM, 0);
    double after = tx + compose_width(t) + 2 * MM, weeks_from = 0, weeks_to = 0;
    if (c->L->tabs && en->depth == 1 && dl) {
        weeks_from = fmax(c->cx + c->cw * 0.22, after);
        if (week_links(c, e, weeks_from, base, y, rh, &weeks_to)) {
            dl = NULL;
            after = weeks_to + 2 * MM;
        } else {
            weeks_from = 0;
        }
    }
    if (dl) {
        double dx = fmax(c->cx + c->cw * 0.22, after);
        compose_label(c, dl, dx, base - compose_baseline(dl), LAYOUT_INK_MUTED);
        after = dx + compose_width(dl) + 2 * MM;
    }
    double nx = c->cx + c->cw - compose_width(num);
    if (nx - 2 * MM > after)
        compose_box(c, LAYOUT_BOX_LEADER, after, base, nx - 2 * MM - after, 0, LAYOUT_INK_RULE);
    compose_label(c, num, nx, base - compose_baseline(num), LAYOUT_INK_MUTED);
    if (weeks_from) { /* the row's own links on either side of the weeks' */
        compose_box(c, LAYOUT_BOX_LINK, c->cx, y, weeks_from - c->cx, rh, LAYOUT_INK_TEXT)
            ->target = page;
        compose_box(c, LAYOUT_BOX_LINK, weeks_to, y, c->cx + c->cw - weeks_to, rh,
                    LAYOUT_INK_TEXT)->target = page;
        return;
    }
    compose_box(c, LAYOUT_BOX_LINK, c->cx, y, c->cw, rh, LAYOUT_INK_TEXT)->target = page;
}

/* Fill the reserved pages, now that every entry has its page. */
static void late(compose_t *c, const plan_page_t *p, size_t first, size_t n)
{
    size_t e = 0;
    for (size_t k = 0; k < n; k++) {
        compose_set_page(c, first + k);
        double y = k == 0 ? compose_heading(c, p->title, NULL, p->pos) : c->cy;
        for (; e < c->plan->n_entries; e++) {
            const plan_entry_t *en = &c->plan->entries[e];
            if (!en->in_contents)
                continue;
            double rh = entry_height(c, en);
            if (y + rh > compose_bottom(c) + 0.01)
                break;
            row(c, e, c->entry_page[e], y, rh);
            y += rh;
        }
    }
    /* lay() measured the same rows; a row left over is a bug. */
    while (e < c->plan->n_entries && !c->plan->entries[e].in_contents)
        e++;
    if (e < c->plan->n_entries)
        compose_no_room(c, p->pos, "every entry of the contents");
}

const kind_t kind_contents = {
    .name = "contents", .book_page = true, .plan = plan, .lay = lay, .late = late,
    .doc = "The sections and weeks with their page numbers, each a link.",
};
