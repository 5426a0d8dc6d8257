/* chart: the weeks' 1-10 closeness scores on a grid, a mark a week for
 * each person (a legend says whose mark is whose), scores 10 at the top to
 * 1 at the bottom, bands of weeks down the page and over as many pages as
 * the weeks need. The cells are as tall as the page allows. */
#include "kind.h"

#include <math.h>

#define MM COMPOSE_MM

enum {
    CHART_WEEKS_A_BAND = 13, /* a quarter of a year */
    CHART_BANDS_A_PAGE = 2,
    CHART_ROWS = 11,         /* ten scores and the week numbers */
};
#define CHART_MAX_CELL (7 * COMPOSE_MM) /* taller cells only spread the marks */

typedef struct {
    unsigned weeks;
} chart_plan_t;

static void plan(plan_ctx_t *c, const model_exercise_t *e, const void *data, plan_page_t *p)
{
    (void)e, (void)data;
    chart_plan_t *d = arena_alloc(plan_arena(c), sizeof *d);
    d->weeks = plan_book(c)->weeks;
    p->data = d;
}

/* Whose mark is whose: a filled dot, a ring, a square, then a dot again. */
static double legend(compose_t *c, double y)
{
    static const layout_box_kind_t MARK[] = {LAYOUT_BOX_DISC, LAYOUT_BOX_CIRCLE, LAYOUT_BOX_RECT};
    double x = c->cx, d = 2.6 * MM;
    if (c->plan->n_people < 2)
        return y;
    for (size_t i = 0; i < c->plan->n_people; i++) {
        PangoLayout *n = compose_text(c, COMPOSE_FONT_LABEL, 1.0, c->plan->people[i], c->cw / 3,
                                      PANGO_ALIGN_LEFT);
        double h = compose_height(n);
        compose_box(c, MARK[i % 3], x, y + (h - d) / 2, d, d, LAYOUT_INK_ACCENT)->role =
            LAYOUT_ROLE_DECORATION;
        compose_label(c, n, x + d + 1.5 * MM, y, LAYOUT_INK_MUTED);
        x += d + 1.5 * MM + compose_width(n) + 6 * MM;
    }
    return y + 6 * MM;
}

/* One band of `cols` weeks from week `first` at y, cells `ch` tall. */
static double band(compose_t *c, unsigned first, unsigned cols, double y, double ch)
{
    double labw = 6 * MM, cw = (c->cw - labw) / CHART_WEEKS_A_BAND;
    for (int s = 10; s >= 1; s--) {
        char num[12];
        snprintf(num, sizeof num, "%d", s);
        compose_centred(c, 0.8, num, c->cx, y, labw, ch, LAYOUT_INK_MUTED);
        for (unsigned k = 0; k < cols; k++)
            compose_cell(c, c->cx + labw + k * cw, y, cw, ch);
        y += ch;
    }
    for (unsigned k = 0; k < cols; k++) {
        char num[12];
        snprintf(num, sizeof num, "%u", first + k);
        compose_centred(c, 0.8, num, c->cx + labw + k * cw, y, cw, ch, LAYOUT_INK_MUTED);
    }
    return y + ch;
}

static void lay(compose_t *c, const plan_page_t *p)
{
    const chart_plan_t *d = p->data;
    double gap = 6 * MM;
    double y = legend(c, compose_head(c, "chart", p));
    for (unsigned first = 1; first <= d->weeks && compose_ok(c);) {
        unsigned left = (d->weeks - first) / CHART_WEEKS_A_BAND + 1;
        unsigned bands = left < CHART_BANDS_A_PAGE ? left : CHART_BANDS_A_PAGE;
        double ch = fmin(CHART_MAX_CELL, (compose_bottom(c) - y - (bands - 1) * gap) /
                                             (bands * CHART_ROWS));
        if (ch < 3 * MM) {
            compose_no_room(c, p->pos, "a band of the chart");
            return;
        }
        for (unsigned b = 0; b < bands && first <= d->weeks; b++) {
            unsigned n = d->weeks - first + 1 < CHART_WEEKS_A_BAND ? d->weeks - first + 1
                                                                   : CHART_WEEKS_A_BAND;
            y = band(c, first, n, y, ch) + gap;
            first += n;
        }
        if (first <= d->weeks)
            y = compose_continue(c, "chart");
    }
}

const kind_t kind_chart = {
    .name = "chart", .plan = plan, .lay = lay,
    .doc = "The weeks' 1-10 closeness scores, a grid to mark by hand, a mark for each person.",
};
