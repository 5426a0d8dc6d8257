/* log: dated entries, a place for the date and writing lines each, spread
 * evenly down the page. */
#include "kind.h"

#include <math.h>
#include <stddef.h>

#define MM COMPOSE_MM

enum { LOG_MAX_ENTRIES = 12, LOG_MAX_LINES = 6 };

typedef struct {
    unsigned entries, lines;
} log_t;

static const schema_key_t KEYS[] = {
    {.name = "entries", .type = SCHEMA_TYPE_UINT, .min = 1, .max = LOG_MAX_ENTRIES, .def = "6",
     .at = offsetof(log_t, entries),
     .doc = "Entries on a page (fewer where the paper holds fewer)."},
    {.name = "lines", .type = SCHEMA_TYPE_UINT, .min = 1, .max = LOG_MAX_LINES, .def = "2",
     .at = offsetof(log_t, lines), .doc = "Writing lines an entry."},
};
static const schema_table_t SCHEMA =
    SCHEMA_TABLE("a log exercise", "Dated entries.", log_t, KEYS, NULL);

typedef struct {
    unsigned entries, lines;
    const char *date_word; /* markup */
} log_plan_t;

static void plan(plan_ctx_t *c, const model_exercise_t *e, const void *data, plan_page_t *p)
{
    (void)e;
    const log_t *m = data;
    log_plan_t *d = arena_alloc(plan_arena(c), sizeof *d);
    d->entries = m->entries;
    d->lines = m->lines;
    d->date_word = plan_escape(c, plan_book(c)->lang->word_date);
    p->data = d;
}

static void lay(compose_t *c, const plan_page_t *p)
{
    const log_plan_t *d = p->data;
    double y = compose_head(c, "log", p);
    /* `entries` on a page, or as many as the paper holds */
    double pitch = c->L->pitch, need = (d->lines + 1) * pitch + 2 * MM;
    unsigned n = d->entries;
    if (n * need > compose_bottom(c) - y)
        n = (unsigned)floor((compose_bottom(c) - y) / need);
    if (n == 0) {
        compose_no_room(c, p->pos, "the log's entries with their lines");
        return;
    }
    double row = (compose_bottom(c) - y) / n;
    PangoLayout *date =
        compose_text(c, COMPOSE_FONT_LABEL, 1.0, d->date_word, -1, PANGO_ALIGN_LEFT);
    for (unsigned k = 0; k < n; k++) {
        double ry = y + k * row + (row - (d->lines + 1) * pitch) / 2;
        double base = ry + pitch;
        compose_label(c, date, c->cx, base - compose_baseline(date) - 1.2 * MM, LAYOUT_INK_ACCENT);
        double dx = c->cx + compose_width(date) + 2 * MM;
        compose_box(c, LAYOUT_BOX_RULE, dx, base, 30 * MM, 0, LAYOUT_INK_RULE);
        compose_rules(c, c->cx, base, c->cw, d->lines);
        if (k + 1 < n)
            compose_box(c, LAYOUT_BOX_LEADER, c->cx, y + (k + 1) * row, c->cw, 0, LAYOUT_INK_RULE);
    }
}

const kind_t kind_log = {
    .name = "log", .schema = &SCHEMA, .plan = plan, .lay = lay,
    .doc = "Dated entries with writing lines, spread evenly down the page.",
};
