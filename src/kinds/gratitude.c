/* gratitude: seven dated days, each with numbered lines to fill in. */
#include "kind.h"

#include <stddef.h>

#define MM COMPOSE_MM

enum { GRATITUDE_MAX_LINES = 6 }; /* seven days of them fit an A6 page */

typedef struct {
    unsigned lines;
} gratitude_t;

static const schema_key_t KEYS[] = {
    {.name = "lines", .type = SCHEMA_TYPE_UINT, .min = 1, .max = GRATITUDE_MAX_LINES, .def = "2",
     .at = offsetof(gratitude_t, lines), .doc = "Numbered lines for each day."},
};
static const schema_table_t SCHEMA =
    SCHEMA_TABLE("a gratitude exercise", "A week of gratitude.", gratitude_t, KEYS, NULL);

typedef struct {
    const char *days[7]; /* the dated day labels, markup */
    unsigned lines;
} gratitude_plan_t;

static void plan(plan_ctx_t *c, const model_exercise_t *e, const void *data, plan_page_t *p)
{
    (void)e;
    const model_book_t *b = plan_book(c);
    gratitude_plan_t *d = arena_alloc(plan_arena(c), sizeof *d);
    d->lines = ((const gratitude_t *)data)->lines;
    GDate base = plan_week_first(c) ? *plan_week_first(c) : b->start;
    for (int i = 0; i < 7; i++) {
        GDate day;
        dates_add_days(&base, i, &day);
        d->days[i] = plan_escape(
            c, dates_format(plan_arena(c), &b->lang->names, b->lang->names.date_short, &day));
    }
    p->data = d;
}

/* One day's row at ry: its label, then numbered writing lines. */
static void day_row(compose_t *c, const char *label, unsigned lines, double ry)
{
    double pitch = c->L->pitch, dayw = 20 * MM, numw = 4 * MM;
    PangoLayout *day =
        compose_text(c, COMPOSE_FONT_LABEL, 1.0, label, dayw - 2 * MM, PANGO_ALIGN_LEFT);
    compose_label(c, day, c->cx, ry + pitch - compose_baseline(day) - 1.2 * MM, LAYOUT_INK_ACCENT);
    for (unsigned k = 1; k <= lines; k++) {
        char num[12];
        snprintf(num, sizeof num, "%u", k);
        PangoLayout *nl = compose_text(c, COMPOSE_FONT_LABEL, 0.85, num, -1, PANGO_ALIGN_LEFT);
        double ly = ry + k * pitch;
        compose_label(c, nl, c->cx + dayw, ly - compose_baseline(nl) - 1.2 * MM,
                      LAYOUT_INK_MUTED);
        compose_box(c, LAYOUT_BOX_RULE, c->cx + dayw + numw, ly, c->cw - dayw - numw, 0,
                    LAYOUT_INK_RULE);
    }
}

static void lay(compose_t *c, const plan_page_t *p)
{
    const gratitude_plan_t *d = p->data;
    double y = compose_head(c, "gratitude", p, 3 * MM);
    double row = (compose_bottom(c) - y) / 7, pitch = c->L->pitch;
    if (d->lines * pitch + 2 * MM > row) {
        compose_no_room(c, p->pos, "seven days of numbered lines");
        return;
    }
    for (int i = 0; i < 7; i++) {
        day_row(c, d->days[i], d->lines, y + i * row + (row - d->lines * pitch) / 2);
        if (i < 6)
            compose_box(c, LAYOUT_BOX_LEADER, c->cx, y + (i + 1) * row, c->cw, 0, LAYOUT_INK_RULE);
    }
}

const kind_t kind_gratitude = {
    .name = "gratitude",
    .doc = "Seven dated days, each with numbered lines.",
    .schema = &SCHEMA,
    .plan = plan,
    .lay = lay,
};
