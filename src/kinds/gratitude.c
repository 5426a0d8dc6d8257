/* gratitude: seven dated days, each with numbered lines to fill in. */
#include "kind.h"

#include <math.h>
#include <stddef.h>

#define MM COMPOSE_MM

enum { GRATITUDE_MAX_LINES = 6 }; /* seven days of them fit an A6 page */

typedef struct {
    unsigned lines;
    int labels; /* 0 numbers, 1 names */
} gratitude_t;

static const char *const LABELS[] = {"numbers", "names", NULL};

static const schema_key_t KEYS[] = {
    {.name = "lines", .type = SCHEMA_TYPE_UINT, .min = 1, .max = GRATITUDE_MAX_LINES, .def = "2",
     .at = offsetof(gratitude_t, lines), .doc = "Lines for each day."},
    {.name = "labels", .type = SCHEMA_TYPE_ENUM, .values = LABELS, .def = "numbers",
     .at = offsetof(gratitude_t, labels),
     .doc = "What stands before each line: its number, or whose it is (the names in turn)."},
};
static const schema_table_t SCHEMA =
    SCHEMA_TABLE("a gratitude exercise", "A week of gratitude.", gratitude_t, KEYS, NULL);

typedef struct {
    const char *days[7]; /* the dated day labels, markup */
    unsigned lines;
    const char *labels[GRATITUDE_MAX_LINES]; /* before each line, markup */
} gratitude_plan_t;

static void plan(plan_ctx_t *c, const model_exercise_t *e, const void *data, plan_page_t *p)
{
    (void)e;
    const model_book_t *b = plan_book(c);
    gratitude_plan_t *d = arena_alloc(plan_arena(c), sizeof *d);
    const gratitude_t *m = data;
    d->lines = m->lines;
    for (unsigned k = 0; k < m->lines; k++) /* whose line, or its number */
        d->labels[k] = m->labels && b->n_people
                           ? plan_escape(c, b->people[k % b->n_people])
                           : arena_printf(plan_arena(c), "%u", k + 1);
    /* In a week, its dates; alone (a worksheet), the weekdays, to be dated
     * by hand. */
    const GDate *first = plan_week_first(c);
    for (int i = 0; i < 7; i++) {
        GDate day;
        if (!first) {
            const char *name = b->lang->names.weekdays_short[(b->week_starts - 1 + i) % 7];
            d->days[i] = plan_escape(c, name);
            continue;
        }
        dates_add_days(first, i, &day);
        d->days[i] = plan_escape(
            c, dates_format(plan_arena(c), &b->lang->names, b->lang->names.date_short, &day));
    }
    p->data = d;
}

/* The width of the day labels' column: the widest label on one line, at
 * least 20 mm, at most a third of the page. */
static double day_width(compose_t *c, const gratitude_plan_t *d)
{
    double w = 20 * MM;
    for (int i = 0; i < 7; i++) {
        PangoLayout *l =
            compose_text(c, COMPOSE_FONT_LABEL, 1.0, d->days[i], -1, PANGO_ALIGN_LEFT);
        w = fmax(w, compose_width(l) + 3 * MM);
    }
    return fmin(w, c->cw / 3);
}

/* The labels' column: as wide as the widest, and 4 mm at least. */
static double label_width(compose_t *c, const gratitude_plan_t *d)
{
    double w = 4 * MM;
    for (unsigned k = 0; k < d->lines; k++)
        w = fmax(w, compose_width(compose_text(c, COMPOSE_FONT_LABEL, 0.85, d->labels[k], -1,
                                               PANGO_ALIGN_LEFT)) + 2 * MM);
    return fmin(w, c->cw / 4);
}

/* One day's row at ry: its label, then a label and a writing line each. */
static void day_row(compose_t *c, const gratitude_plan_t *d, int day, double ry, double dayw,
                    double numw)
{
    double pitch = c->L->pitch;
    /* day_width() laid the label out on one line: where that fits, it is
     * the same text, shaped once and held once */
    PangoLayout *l =
        compose_text(c, COMPOSE_FONT_LABEL, 1.0, d->days[day], -1, PANGO_ALIGN_LEFT);
    if (compose_width(l) > dayw - 2 * MM)
        l = compose_text(c, COMPOSE_FONT_LABEL, 1.0, d->days[day], dayw - 2 * MM,
                         PANGO_ALIGN_LEFT);
    compose_label(c, l, c->cx, ry + pitch - compose_baseline(l) - 1.2 * MM, LAYOUT_INK_ACCENT);
    for (unsigned k = 1; k <= d->lines; k++) {
        PangoLayout *nl = compose_text(c, COMPOSE_FONT_LABEL, 0.85, d->labels[k - 1], numw,
                                       PANGO_ALIGN_LEFT);
        double ly = ry + k * pitch;
        compose_role(compose_put(c, nl, c->cx + dayw, ly - compose_baseline(nl) - 1.2 * MM,
                                 LAYOUT_INK_MUTED),
                     LAYOUT_ROLE_DECORATION, 0); /* numbers or names the lines: not read */
        compose_box(c, LAYOUT_BOX_RULE, c->cx + dayw + numw, ly, c->cw - dayw - numw, 0,
                    LAYOUT_INK_RULE);
    }
}

/* Days [first, first + n) on the current page from y, spread evenly. */
static void days(compose_t *c, const gratitude_plan_t *d, int first, int n, double y)
{
    double row = (compose_bottom(c) - y) / n, pitch = c->L->pitch, dayw = day_width(c, d);
    double numw = label_width(c, d);
    for (int i = 0; i < n; i++) {
        day_row(c, d, first + i, y + i * row + (row - d->lines * pitch) / 2, dayw, numw);
        if (i + 1 < n)
            compose_box(c, LAYOUT_BOX_LEADER, c->cx, y + (i + 1) * row, c->cw, 0, LAYOUT_INK_RULE);
    }
}

/* Seven days on the page, or, where the paper is too small for them, as
 * many as fit and the rest on the next page under the title again. */
static void lay(compose_t *c, const plan_page_t *p)
{
    const gratitude_plan_t *d = p->data;
    double y = compose_head(c, "gratitude", p);
    double need = d->lines * c->L->pitch + 2 * MM;
    int done = 0;
    while (done < 7 && compose_ok(c)) {
        int fit = (int)floor((compose_bottom(c) - y) / need), left = 7 - done;
        if (fit < 1) {
            compose_no_room(c, p->pos, "a day of numbered lines");
            return;
        }
        /* split a week evenly, never one day alone on a page */
        int n = fit >= left ? left : fit >= 4 && left - fit < 2 ? left - 2 : fit;
        days(c, d, done, n, y);
        done += n;
        if (done < 7)
            y = compose_continue(c, "gratitude");
    }
}

const kind_t kind_gratitude = {
    .name = "gratitude", .schema = &SCHEMA, .plan = plan, .lay = lay,
    .doc = "Seven dated days, each with numbered lines.",
};
