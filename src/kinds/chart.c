/* chart: the weeks' closeness scores on a grid: a band of 26 weeks, scores
 * 10 at the top to 1 at the bottom, bands down the page. */
#include "kind.h"

#define MM COMPOSE_MM

enum { CHART_WEEKS_A_BAND = 26 };

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

/* One band of `cols` weeks from week `first` at y; returns y below it. */
static double band(compose_t *c, unsigned first, unsigned cols, double y)
{
    double labw = 6 * MM, cw = (c->cw - labw) / CHART_WEEKS_A_BAND, ch = cw * 0.9;
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
        compose_centred(c, 0.7, num, c->cx + labw + k * cw, y, cw, ch, LAYOUT_INK_MUTED);
    }
    return y + ch + 6 * MM;
}

static void lay(compose_t *c, const plan_page_t *p)
{
    const chart_plan_t *d = p->data;
    unsigned first = 1;
    bool fresh = true;
    double y = 0;
    while (first <= d->weeks && compose_ok(c)) {
        double cw = (c->cw - 6 * MM) / CHART_WEEKS_A_BAND, h = 11 * cw * 0.9 + 6 * MM;
        if (!compose_room_for(c, p, "chart", h, first == 1, &fresh, &y,
                              "a band of the chart"))
            return;
        unsigned left = d->weeks - first + 1;
        unsigned cols = left < CHART_WEEKS_A_BAND ? left : CHART_WEEKS_A_BAND;
        y = band(c, first, cols, y);
        first += cols;
    }
}

const kind_t kind_chart = {
    .name = "chart",
    .doc = "The weeks' 1-10 closeness scores, as a grid to mark by hand.",
    .plan = plan,
    .lay = lay,
};
