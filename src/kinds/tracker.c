/* tracker: rituals to tick off week by week: a column to name each ritual,
 * a column for each week, a quarter of the year a block, blocks down the
 * page and over as many pages as the weeks need. */
#include "kind.h"

#include <stddef.h>

#define MM COMPOSE_MM

enum { TRACKER_MAX_ROWS = 20, TRACKER_WEEKS_A_BLOCK = 13 };

typedef struct {
    unsigned rows;
} tracker_t;

static const schema_key_t KEYS[] = {
    {.name = "rows", .type = SCHEMA_TYPE_UINT, .min = 1, .max = TRACKER_MAX_ROWS, .def = "8",
     .at = offsetof(tracker_t, rows), .doc = "Rows to name and tick."},
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

/* One block of `cols` weeks from week `first` at y; returns y below it. */
static double block(compose_t *c, const tracker_plan_t *d, unsigned first, unsigned cols, double y)
{
    double namew = c->cw * 0.3, rowh = c->L->pitch, cw = (c->cw - namew) / TRACKER_WEEKS_A_BLOCK;
    for (unsigned k = 0; k < cols; k++) {
        char num[12];
        snprintf(num, sizeof num, "%u", first + k);
        compose_centred(c, 0.9, num, c->cx + namew + k * cw, y, cw, rowh, LAYOUT_INK_MUTED);
    }
    y += rowh;
    for (unsigned r = 0; r < d->rows; r++) {
        compose_box(c, LAYOUT_BOX_RULE, c->cx, y + rowh, namew - 2 * MM, 0, LAYOUT_INK_RULE);
        for (unsigned k = 0; k < cols; k++)
            compose_cell(c, c->cx + namew + k * cw + 1, y + 1.5, cw - 2, rowh - 3);
        y += rowh;
    }
    return y + 5 * MM;
}

static void lay(compose_t *c, const plan_page_t *p)
{
    const tracker_plan_t *d = p->data;
    unsigned first = 1;
    bool fresh = true;
    double y = 0;
    while (first <= d->weeks && compose_ok(c)) {
        double h = c->L->pitch * (d->rows + 1) + 5 * MM;
        if (!compose_room_for(c, p, "tracker", h, first == 1, &fresh, &y,
                              "the tracker's rows"))
            return;
        unsigned left = d->weeks - first + 1;
        unsigned cols = left < TRACKER_WEEKS_A_BLOCK ? left : TRACKER_WEEKS_A_BLOCK;
        y = block(c, d, first, cols, y);
        first += cols;
    }
}

const kind_t kind_tracker = {
    .name = "tracker",
    .doc = "Rows to name, a column for each week of the book, to tick off.",
    .schema = &SCHEMA,
    .plan = plan,
    .lay = lay,
};
