/* check-in: the week's questions, each with writing space for every
 * person, the week's deeper question from a pool, and a 1-10 closeness
 * scale at the foot of the page. */
#include "kind.h"

#include <math.h>
#include <stddef.h>

#define MM COMPOSE_MM

enum { CHECK_IN_MAX_QUESTIONS = 8 };

typedef struct {
    model_text_t question, low, high;
} scale_t;

typedef struct {
    model_text_t *questions;
    size_t n_questions;
    scale_t scale;
    model_ref_t deeper;
} check_in_t;

static const schema_key_t SCALE_KEYS[] = {
    {.name = "question", .type = SCHEMA_TYPE_MARKUP, .required = true,
     .at = offsetof(scale_t, question), .doc = "What the scale asks."},
    {.name = "low", .type = SCHEMA_TYPE_MARKUP, .required = true, .at = offsetof(scale_t, low),
     .doc = "The words under 1."},
    {.name = "high", .type = SCHEMA_TYPE_MARKUP, .required = true, .at = offsetof(scale_t, high),
     .doc = "The words under 10."},
};
static const schema_table_t SCALE =
    SCHEMA_TABLE("'scale'", "A 1-10 rating for each person.", scale_t, SCALE_KEYS, NULL);

static const char *const POOL[] = {"pool", NULL};

static const schema_key_t KEYS[] = {
    {.name = "questions", .type = SCHEMA_TYPE_MARKUPS, .required = true, .min = 1,
     .max = CHECK_IN_MAX_QUESTIONS, .at = offsetof(check_in_t, questions),
     .count_at = offsetof(check_in_t, n_questions), .doc = "The week's questions."},
    {.name = "scale", .type = SCHEMA_TYPE_MAP, .at = offsetof(check_in_t, scale), .sub = &SCALE,
     .doc = "A 1-10 scale at the foot of the page."},
    {.name = "deeper", .type = SCHEMA_TYPE_REF, .values = POOL,
     .at = offsetof(check_in_t, deeper),
     .doc = "A pool whose prompts give each week one more question."},
};
static const schema_table_t SCHEMA =
    SCHEMA_TABLE("a check-in exercise", "A weekly check-in page.", check_in_t, KEYS, NULL);

typedef struct {
    const char **questions;
    size_t n_questions;
    const char *scale_question, *scale_low, *scale_high;
    const char *deeper, *deeper_label; /* the week's pool question */
} check_in_plan_t;

static void plan(plan_ctx_t *c, const model_exercise_t *e, const void *data, plan_page_t *p)
{
    (void)e;
    const check_in_t *m = data;
    check_in_plan_t *d = arena_alloc(plan_arena(c), sizeof *d);
    d->questions = plan_expand_all(c, m->questions, m->n_questions);
    d->n_questions = m->n_questions;
    d->scale_question = plan_expand(c, &m->scale.question);
    d->scale_low = plan_expand(c, &m->scale.low);
    d->scale_high = plan_expand(c, &m->scale.high);
    if (m->deeper.to) {
        const model_text_t *t = plan_deal(c, m->deeper.to, p->pos);
        d->deeper = t ? plan_expand(c, t) : NULL;
        d->deeper_label = plan_expand(c, &m->deeper.to->title);
    }
    p->data = d;
}

/* The questions as laid-out texts: the fixed ones, then the week's deeper
 * question under its label. */
static PangoLayout **question_texts(compose_t *c, const check_in_plan_t *d, size_t nq)
{
    PangoLayout **q = g_new0(PangoLayout *, nq + 1);
    const model_colour_t *a = &c->L->accent;
    for (size_t i = 0; i < nq; i++) {
        char *m = i < d->n_questions
                      ? g_strdup_printf("<b>%s</b>", d->questions[i])
                      : g_strdup_printf("<span size=\"smaller\" foreground=\"#%02x%02x%02x\">"
                                        "%s</span>\n<b>%s</b>",
                                        (unsigned)lround(a->r * 255), (unsigned)lround(a->g * 255),
                                        (unsigned)lround(a->b * 255), d->deeper_label, d->deeper);
        q[i] = compose_text(c, COMPOSE_FONT_BODY, 1.0, m, c->cw, PANGO_ALIGN_LEFT);
        g_free(m);
    }
    return q;
}

static double scale(compose_t *c, const check_in_plan_t *d, size_t np, bool place)
{
    if (!d->scale_question)
        return 0;
    return compose_scale(c, d->scale_question, d->scale_low, d->scale_high, np, place);
}

/* The writing lines each of questions [from, from + n) gets when they share
 * `area`; under two, they do not fit. */
static long share(compose_t *c, PangoLayout **q, size_t from, size_t n, double area,
                  double label_h, double gap)
{
    double fixed = (double)(n - 1) * gap;
    for (size_t i = from; i < from + n; i++)
        fixed += compose_height(q[i]) + 1.5 * MM + label_h;
    return (long)floor((area - fixed) / ((double)n * c->L->pitch));
}

/* Questions [from, from + n) from y, `lines` each, any room left spread
 * evenly after each question's lines. */
static void place(compose_t *c, PangoLayout **q, size_t from, size_t n, double y, double area,
                  long lines, const compose_columns_t *cols)
{
    double gap = 4 * MM, used = (double)(n - 1) * gap + (double)lines * (double)n * c->L->pitch;
    for (size_t i = from; i < from + n; i++)
        used += compose_height(q[i]) + 1.5 * MM + cols->label_h;
    gap += (area - used) / (double)n;
    for (size_t i = from; i < from + n; i++) {
        compose_put(c, q[i], c->cx, y, LAYOUT_INK_TEXT);
        y += compose_height(q[i]) + 1.5 * MM;
        y = compose_answer(c, cols, y, (unsigned)lines) + gap;
    }
}

/* The fewest pages that give every question two lines or more, the scale
 * at the foot of the last: 1 on any paper the layouts ship but A6. */
static size_t pages_needed(compose_t *c, PangoLayout **q, size_t nq, double first_area,
                           double area, double scale_h, double label_h)
{
    for (size_t k = 1; k <= nq; k++) {
        size_t per = (nq + k - 1) / k;
        bool fits = true;
        for (size_t from = 0; from < nq && fits; from += per) {
            size_t n = from + per < nq ? per : nq - from;
            double a = (from ? area : first_area) - (from + n == nq ? scale_h : 0);
            fits = share(c, q, from, n, a, label_h, 4 * MM) >= 2;
        }
        if (fits)
            return k;
    }
    return 0;
}

static void lay(compose_t *c, const plan_page_t *p)
{
    const check_in_plan_t *d = p->data;
    size_t np = c->plan->n_people ? c->plan->n_people : 1;
    compose_start(c, "check-in");
    double head = compose_heading(c, p->title, p->range, p->pos);
    double y = compose_intro(c, p->intro, head), scale_h = scale(c, d, np, false);
    compose_columns_t cols = compose_columns(c, np);
    size_t nq = d->n_questions + (d->deeper ? 1 : 0);
    PangoLayout **q = question_texts(c, d, nq);
    size_t k = pages_needed(c, q, nq, compose_bottom(c) - y, compose_bottom(c) - head, scale_h,
                            cols.label_h);
    if (k == 0) {
        compose_no_room(c, p->pos, "the check-in's questions with two writing lines each");
        g_free(q);
        return;
    }
    size_t per = (nq + k - 1) / k;
    for (size_t from = 0; from < nq; from += per) {
        size_t n = from + per < nq ? per : nq - from;
        if (from) /* a page more, under "Week 3, continued" */
            y = compose_continue(c, "check-in");
        double area = compose_bottom(c) - y - (from + n == nq ? scale_h : 0);
        place(c, q, from, n, y, area, share(c, q, from, n, area, cols.label_h, 4 * MM), &cols);
    }
    scale(c, d, np, true);
    g_free(q);
}

static void show(FILE *out, arena_t *a, const model_exercise_t *e)
{
    const check_in_t *m = e->data;
    fprintf(out, "\nQuestions:\n");
    for (size_t i = 0; i < m->n_questions; i++)
        fprintf(out, "%4zu. %s\n", i + 1, plan_plain(a, m->questions[i].text));
    if (m->scale.question.text)
        fprintf(out, "\nScale, 1 (%s) to 10 (%s): %s\n", plan_plain(a, m->scale.low.text),
                plan_plain(a, m->scale.high.text), plan_plain(a, m->scale.question.text));
    if (m->deeper.to)
        fprintf(out, "\nEach week also asks one question from '%s' (%zu questions).\n",
                m->deeper.to->id, kind_deck(m->deeper.to)->n_prompts);
}

const kind_t kind_check_in = {
    .name = "check-in", .schema = &SCHEMA, .plan = plan, .lay = lay, .show = show,
    .doc = "A weekly check-in: questions with writing space for each person, a "
           "deeper question from a pool, a 1-10 scale.",
};
