/* calendar: the year at a glance (twelve months on a page) or a page a
 * month, with special dates marked: a date written YYYY-MM-DD or a
 * variable holding one; a mark left blank is skipped. Marks recur every
 * year, on their month and day. */
#include "kind.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

#define MM COMPOSE_MM

enum {
    CALENDAR_MAX_MARKS = 400, /* every day of a year, and then some */
    CALENDAR_YEAR_MONTHS = 12,
};

/* The year view's day numbers and weekday heads: 0.6 of the label font, but
 * never under CALENDAR_MIN_PT, so they stay readable in print. */
#define CALENDAR_MIN_PT 7.0

static double small_scale(const compose_t *c)
{
    return fmax(0.6, CALENDAR_MIN_PT / c->L->label.size);
}

typedef struct {
    model_text_t date, label;
} mark_t;

typedef struct {
    int view; /* 0 year, 1 month */
    mark_t *marks;
    size_t n_marks;
} calendar_t;

static const schema_key_t MARK_KEYS[] = {
    {.name = "date", .type = SCHEMA_TYPE_TEMPLATE, .required = true, .at = offsetof(mark_t, date),
     .doc = "YYYY-MM-DD, or a variable holding one, such as \"{anniversary}\"."},
    {.name = "label", .type = SCHEMA_TYPE_MARKUP, .required = true,
     .at = offsetof(mark_t, label), .doc = "What the day is."},
};
static const schema_table_t MARK =
    SCHEMA_TABLE("a mark", "A special date.", mark_t, MARK_KEYS, NULL);

static const char *const VIEWS[] = {"year", "month", NULL};

static const schema_key_t KEYS[] = {
    {.name = "view", .type = SCHEMA_TYPE_ENUM, .values = VIEWS, .def = "year",
     .at = offsetof(calendar_t, view), .doc = "The year on a page, or a page a month."},
    {.name = "marks", .type = SCHEMA_TYPE_MAPS, .min = 0, .max = CALENDAR_MAX_MARKS,
     .at = offsetof(calendar_t, marks), .count_at = offsetof(calendar_t, n_marks), .sub = &MARK,
     .doc = "Special dates to mark."},
};
static const schema_table_t SCHEMA =
    SCHEMA_TABLE("a calendar exercise", "Months at a glance.", calendar_t, KEYS, NULL);

/* One month, ready to draw. */
typedef struct {
    const char *title;     /* "January 2027", markup */
    unsigned offset;       /* column of day 1, 0 = the week's first day */
    unsigned days;         /* 28..31 */
    unsigned month_no;     /* 1..12 */
    const char *marks[32]; /* marks[d]: the label of day d (markup), or NULL */
} month_t;

typedef struct {
    month_t *months;
    size_t n_months;
    bool month_view;
    const char *weekday_heads[7]; /* from the week's first day */
    const char *weekday_initials[7]; /* their first letters, for narrow days */
} calendar_plan_t;

/* A mark's month, day and label; false when blank or after reporting. */
static bool read_mark(plan_ctx_t *c, const mark_t *m, unsigned *month, unsigned *day,
                      const char **label)
{
    const char *ds = plan_expand_plain(c, &m->date);
    GDate md;
    if (!ds)
        return false;
    ds = g_strstrip(arena_strdup(plan_arena(c), ds));
    if (!*ds || strspn(ds, "_- ") == strlen(ds))
        return false; /* left blank: nothing to mark */
    if (!dates_parse(ds, &md)) {
        plan_value_error(c, &m->date, "a mark's date must be a date written YYYY-MM-DD, not "
                                      "'%s'", ds);
        return false;
    }
    *month = g_date_get_month(&md);
    *day = g_date_get_day(&md);
    *label = plan_expand(c, &m->label);
    return true;
}

static void mark_months(plan_ctx_t *c, const calendar_t *m, calendar_plan_t *d)
{
    for (size_t i = 0; i < m->n_marks; i++) {
        unsigned month, day;
        const char *label;
        if (!read_mark(c, &m->marks[i], &month, &day, &label))
            continue;
        for (size_t k = 0; k < d->n_months; k++) {
            month_t *pm = &d->months[k];
            if (pm->month_no != month || day > pm->days)
                continue;
            pm->marks[day] = pm->marks[day] ? arena_printf(plan_arena(c), "%s, %s",
                                                           pm->marks[day], label)
                                            : label;
        }
    }
}

/* The months a calendar shows: the twelve from the start month (year
 * view), or the months the book's weeks touch (month view). */
static void plan(plan_ctx_t *c, const model_exercise_t *e, const void *data, plan_page_t *p)
{
    (void)e;
    const calendar_t *m = data;
    const model_book_t *b = plan_book(c);
    const dates_names_t *N = &b->lang->names;
    calendar_plan_t *d = arena_alloc(plan_arena(c), sizeof *d);
    GDate first, last = b->start;
    g_date_clear(&first, 1);
    g_date_set_dmy(&first, 1, g_date_get_month(&b->start), g_date_get_year(&b->start));
    d->n_months = CALENDAR_YEAR_MONTHS;
    d->month_view = m->view == 1;
    if (d->month_view) {
        GDate wk = dates_week_start(&b->start, b->week_starts);
        dates_add_days(&wk, (long)b->weeks * 7 - 1, &last);
        d->n_months = (size_t)((g_date_get_year(&last) - g_date_get_year(&first)) * 12 +
                               (int)g_date_get_month(&last) - (int)g_date_get_month(&first) + 1);
    }
    for (int i = 0; i < 7; i++) {
        const char *name = N->weekdays_short[(b->week_starts - 1 + i) % 7];
        d->weekday_heads[i] = plan_escape(c, name);
        d->weekday_initials[i] = plan_escape(
            c, arena_strndup(plan_arena(c), name, (size_t)(g_utf8_next_char(name) - name)));
    }
    d->months = arena_alloc(plan_arena(c), sizeof(month_t) * d->n_months);
    for (size_t k = 0; k < d->n_months; k++, g_date_add_months(&first, 1)) {
        month_t *pm = &d->months[k];
        pm->title = plan_escape(c, dates_format(plan_arena(c), N, N->month_year, &first));
        pm->offset = ((unsigned)g_date_get_weekday(&first) - (unsigned)b->week_starts + 7) % 7;
        pm->month_no = g_date_get_month(&first);
        pm->days = g_date_get_days_in_month(g_date_get_month(&first), g_date_get_year(&first));
    }
    mark_months(c, m, d);
    p->data = d;
}

/* One day of a month on a page: its cell, number and label. */
static void big_day(compose_t *c, const plan_page_t *p, const month_t *m, unsigned day, double cx,
                    double cy, double cw, double ch)
{
    char num[12];
    snprintf(num, sizeof num, "%u", day);
    compose_cell(c, cx, cy, cw, ch);
    PangoLayout *n = compose_text(c, COMPOSE_FONT_LABEL, 0.9, num, -1, PANGO_ALIGN_LEFT);
    compose_label(c, n, cx + 1.2 * MM, cy + 0.8 * MM,
                  m->marks[day] ? LAYOUT_INK_ACCENT : LAYOUT_INK_TEXT);
    if (!m->marks[day])
        return;
    PangoLayout *l =
        compose_text(c, COMPOSE_FONT_LABEL, 0.75, m->marks[day], cw - 2 * MM, PANGO_ALIGN_LEFT);
    double ly = cy + 0.8 * MM + compose_height(n);
    if (ly + compose_height(l) > cy + ch) {
        compose_no_room(c, p->pos, "a special date's label in its day");
        return;
    }
    compose_label(c, l, cx + 1 * MM, ly, LAYOUT_INK_ACCENT);
}

/* A month as a grid of days: weekday heads, then six rows of cells `ch`
 * tall; marked days get their label (month view) or a ring (year view). */
static void month_grid(compose_t *c, const plan_page_t *p, const month_t *m, double x, double y,
                       double w, double ch, bool big)
{
    const calendar_plan_t *d = p->data;
    double cw = w / 7, scale = big ? 0.9 : small_scale(c);
    /* the weekdays' short names, or their initials where a name is wider
     * than its day */
    const char *const *heads = d->weekday_heads;
    for (int i = 0; i < 7; i++)
        if (compose_width(compose_text(c, COMPOSE_FONT_LABEL, scale, d->weekday_heads[i], -1,
                                       PANGO_ALIGN_LEFT)) > cw - 1)
            heads = d->weekday_initials;
    for (int i = 0; i < 7; i++)
        compose_centred(c, scale, heads[i], x + i * cw, y, cw, big ? 5 * MM : ch,
                        LAYOUT_INK_MUTED);
    y += big ? 5 * MM : ch;
    for (unsigned day = 1; day <= m->days && compose_ok(c); day++) {
        unsigned pos = m->offset + day - 1;
        double cx = x + (pos % 7) * cw, cy = y + (pos / 7) * ch;
        if (big) {
            big_day(c, p, m, day, cx, cy, cw, ch);
            continue;
        }
        char num[12];
        snprintf(num, sizeof num, "%u", day);
        if (m->marks[day])
            compose_box(c, LAYOUT_BOX_CIRCLE, cx + (cw - ch) / 2, cy, ch, ch, LAYOUT_INK_ACCENT)
                ->role = LAYOUT_ROLE_DECORATION;
        /* A year of day numbers is no text to read; the month titles are. */
        compose_centred(c, small_scale(c), num, cx, cy, cw, ch,
                        m->marks[day] ? LAYOUT_INK_ACCENT : LAYOUT_INK_TEXT)
            ->role = LAYOUT_ROLE_DECORATION;
    }
}

/* How the year view places its months: columns x rows on a page. */
typedef struct {
    int cols, rows;
    double w, mh, ch; /* a month's width and height, a day's height */
} year_grid_t;

/* Twelve months on the page (3 x 4) where the days stay readable, else six
 * a page (2 x 3) on two pages; false if neither fits. */
static bool year_grid(compose_t *c, double y, year_grid_t *g)
{
    static const int OPTIONS[][2] = {{3, 4}, {2, 3}};
    double gutter = 5 * MM, title = 3.5 * MM + 1 * MM;
    double min_cell = CALENDAR_MIN_PT * 1.3; /* a day's number with air around it */
    for (size_t i = 0; i < G_N_ELEMENTS(OPTIONS); i++) {
        g->cols = OPTIONS[i][0], g->rows = OPTIONS[i][1];
        g->w = (c->cw - (g->cols - 1) * gutter) / g->cols;
        g->mh = (compose_bottom(c) - y - (g->rows - 1) * gutter) / g->rows;
        g->ch = (g->mh - title) / 7;
        if (g->w / 7 >= min_cell && g->ch >= min_cell)
            return true;
    }
    return false;
}

static void lay_year(compose_t *c, const plan_page_t *p)
{
    const calendar_plan_t *d = p->data;
    double y = compose_head(c, "calendar-year", p), gutter = 5 * MM;
    year_grid_t g;
    if (!year_grid(c, y, &g)) {
        compose_no_room(c, p->pos, "twelve months");
        return;
    }
    size_t per_page = (size_t)(g.cols * g.rows);
    for (size_t k = 0; k < d->n_months && k < CALENDAR_YEAR_MONTHS; k++) {
        size_t at = k % per_page;
        if (k && at == 0) /* the second half of the year: a page more */
            y = compose_continue(c, "calendar-year");
        double x = c->cx + (at % g.cols) * (g.w + gutter), my = y + (at / g.cols) * (g.mh + gutter);
        PangoLayout *t =
            compose_text(c, COMPOSE_FONT_LABEL, 1.0, d->months[k].title, g.w, PANGO_ALIGN_LEFT);
        compose_role(compose_put(c, t, x, my, LAYOUT_INK_ACCENT), LAYOUT_ROLE_HEADING, 2);
        month_grid(c, p, &d->months[k], x, my + compose_height(t) + 1 * MM, g.w, g.ch, false);
    }
}

static void lay(compose_t *c, const plan_page_t *p)
{
    const calendar_plan_t *d = p->data;
    if (!d->month_view) {
        lay_year(c, p);
        return;
    }
    for (size_t k = 0; k < d->n_months && compose_ok(c); k++) {
        compose_start(c, "calendar-month");
        double y = compose_heading(c, d->months[k].title, NULL, p->pos);
        double ch = (compose_bottom(c) - y - 5 * MM) / 6;
        month_grid(c, p, &d->months[k], c->cx, y, c->cw, ch, true);
    }
}

const kind_t kind_calendar = {
    .name = "calendar", .schema = &SCHEMA, .plan = plan, .lay = lay,
    .doc = "The year at a glance, or a page a month, with special dates marked.",
};
