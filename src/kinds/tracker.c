/* tracker: rituals to tick off week by week. The rituals are named once,
 * on numbered lines at the top; then a block a quarter of the year: a row
 * for each ritual by its number, a column for each week, blocks down the
 * page and over as many pages as the weeks need. */
#include "kind.h"

#include <math.h>
#include <stddef.h>

#define MM COMPOSE_MM

enum { TRACKER_MAX_ROWS = 20, TRACKER_WEEKS_A_BLOCK = 13 };

typedef struct {
    unsigned rows;
} tracker_t;

static const schema_key_t KEYS[] = {
    {.name = "rows", .type = SCHEMA_TYPE_UINT, .min = 1, .max = TRACKER_MAX_ROWS, .def = "8",
     .at = offsetof(tracker_t, rows), .doc = "Rituals to name and tick."},
};
static const schema_table_t SCHEMA =
    SCHEMA_TABLE("a tracker exercise", "A grid of weeks to tick.", tracker_t, KEYS, NULL);

typedef struct {
    unsigned rows, weeks;
} tracker_plan_t;

static void plan(plan_ctx_t *c, const model_exercise_t *e, const void *data, plan_page_t *p)
{
    (void)e;
    tracker_plan_t *d = arena_alloc(plan_arena(c), sizeof *d);
    d->rows = ((const tracker_t *)data)->rows;
    d->weeks = plan_book(c)->weeks;
    p->data = d;
}

/* The rituals' numbered lines, in two columns, at y; returns y below. */
static double names(compose_t *c, const tracker_plan_t *d, double y)
{
    double gutter = 6 * MM, w = (c->cw - gutter) / 2, pitch = c->L->pitch;
    unsigned per_col = (d->rows + 1) / 2;
    for (unsigned r = 0; r < d->rows; r++) {
        double x = c->cx + (r < per_col ? 0 : w + gutter), base = y + (r % per_col + 1) * pitch;
        char num[12];
        snprintf(num, sizeof num, "%u", r + 1);
        PangoLayout *n = compose_text(c, COMPOSE_FONT_LABEL, 1.0, num, -1, PANGO_ALIGN_LEFT);
        compose_label(c, n, x, base - compose_baseline(n) - 1.2 * MM, LAYOUT_INK_ACCENT);
        compose_box(c, LAYOUT_BOX_RULE, x + 5 * MM, base, w - 5 * MM, 0, LAYOUT_INK_RULE);
    }
    return y + per_col * pitch + 6 * MM;
}

/* One block of `cols` weeks from week `first` at y; returns y below it. */
static double block(compose_t *c, const tracker_plan_t *d, unsigned first, unsigned cols, double y)
{
    double numw = 6 * MM, rowh = c->L->pitch, cw = (c->cw - numw) / TRACKER_WEEKS_A_BLOCK;
    for (unsigned k = 0; k < cols; k++) {
        char num[12];
        snprintf(num, sizeof num, "%u", first + k);
        compose_centred(c, 0.9, num, c->cx + numw + k * cw, y, cw, rowh, LAYOUT_INK_MUTED);
    }
    y += rowh;
    for (unsigned r = 0; r < d->rows; r++) {
        char num[12];
        snprintf(num, sizeof num, "%u", r + 1);
        compose_centred(c, 0.9, num, c->cx, y, numw, rowh, LAYOUT_INK_ACCENT);
        for (unsigned k = 0; k < cols; k++)
            compose_cell(c, c->cx + numw + k * cw + 1, y + 1.5, cw - 2, rowh - 3);
        y += rowh;
    }
    return y + 5 * MM;
}

static void lay(compose_t *c, const plan_page_t *p)
{
    const tracker_plan_t *d = p->data;
    bool fresh = false;
    double y = names(c, d, compose_head(c, "tracker", p));
    for (unsigned first = 1; first <= d->weeks && compose_ok(c);) {
        double h = c->L->pitch * (d->rows + 1) + 5 * MM;
        if (!compose_room_for(c, p, "tracker", h, false, &fresh, &y, "the tracker's rows"))
            return;
        unsigned left = d->weeks - first + 1;
        unsigned cols = left < TRACKER_WEEKS_A_BLOCK ? left : TRACKER_WEEKS_A_BLOCK;
        y = block(c, d, first, cols, y);
        first += cols;
    }
}

const kind_t kind_tracker = {
    .name = "tracker", .schema = &SCHEMA, .plan = plan, .lay = lay,
    .doc = "Rituals named once, then a row for each and a column for each week, to tick off.",
};
