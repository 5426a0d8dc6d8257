/* cover: the book's first page: the title, the names, the span of the
 * weeks and the dedication, under a drawn ornament. A book page, placed by
 * `page: cover`; it carries no footer. */
#include "kind.h"

#define MM COMPOSE_MM

typedef struct {
    const char *names, *dates, *dedication; /* markup or NULL */
} cover_t;

static const char *escaped_var(plan_ctx_t *c, const char *name)
{
    const char *v = model_var(plan_book(c), name);
    return v ? plan_escape(c, v) : NULL;
}

static void plan(plan_ctx_t *c, const model_exercise_t *e, const void *data, plan_page_t *p)
{
    (void)e, (void)data;
    const model_book_t *b = plan_book(c);
    cover_t *d = arena_alloc(plan_arena(c), sizeof *d);
    p->title = escaped_var(c, "title");
    if (!p->title)
        p->title = "";
    d->names = escaped_var(c, "names");
    d->dedication = escaped_var(c, "dedication");
    /* The span of the weeks, for a book that has weeks. */
    bool weekly = false;
    for (size_t k = 0; k < b->n_sections; k++)
        weekly = weekly || b->sections[k].repeat == MODEL_REPEAT_WEEKLY;
    if (weekly) {
        GDate first = dates_week_start(&b->start, b->week_starts), last;
        dates_add_days(&first, (long)b->weeks * 7 - 1, &last);
        d->dates = plan_escape(c, dates_format_range(plan_arena(c), &b->lang->names, &b->start,
                                                     &last));
    }
    p->data = d;
}

/* A centred text `w` wide at y; returns y below it. */
static double centred_text(compose_t *c, compose_font_t f, double scale, const char *markup,
                           double x, double y, double w, layout_ink_t ink)
{
    PangoLayout *pl = compose_text(c, f, scale, markup, w, PANGO_ALIGN_CENTER);
    compose_put(c, pl, x, y, ink);
    return y + compose_height(pl);
}

static void lay(compose_t *c, const plan_page_t *p)
{
    const cover_t *d = p->data;
    const model_layout_t *L = c->L;
    compose_start(c, "cover");
    double w = L->page_w - 2 * L->margin_outer, x = L->margin_outer;
    double y = L->page_h * 0.24;
    compose_box(c, LAYOUT_BOX_ORNAMENT, L->page_w / 2 - 20 * MM, y, 40 * MM, 14 * MM,
                LAYOUT_INK_ACCENT);
    y += 24 * MM;
    PangoLayout *t = compose_text(c, COMPOSE_FONT_TITLE, 1.0, p->title, w, PANGO_ALIGN_CENTER);
    compose_role(compose_put(c, t, x, y, LAYOUT_INK_TEXT), LAYOUT_ROLE_HEADING, 1);
    y += compose_height(t) + 6 * MM;
    if (d->names)
        y = centred_text(c, COMPOSE_FONT_BODY, 1.6, d->names, x, y, w, LAYOUT_INK_ACCENT) +
            3 * MM;
    if (d->dates)
        y = centred_text(c, COMPOSE_FONT_LABEL, 1.1, d->dates, x, y, w, LAYOUT_INK_MUTED);
    double dy = L->page_h * 0.74;
    if (d->dedication) {
        char *m = g_strdup_printf("<i>%s</i>", d->dedication);
        if (y + 8 * MM > dy)
            dy = y + 8 * MM;
        y = centred_text(c, COMPOSE_FONT_BODY, 1.1, m, x + w * 0.1, dy, w * 0.8,
                         LAYOUT_INK_TEXT);
        g_free(m);
    }
    if (y > L->page_h - L->margin_bottom)
        compose_no_room(c, p->pos, "the cover's title, names and dedication");
}

const kind_t kind_cover = {
    .name = "cover", .book_page = true, .no_footer = true, .plan = plan, .lay = lay,
    .doc = "The title, the names, the weeks' dates and the dedication, from the book's variables.",
};
