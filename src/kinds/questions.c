/* questions: groups of prompts, each with writing lines: one space, or a
 * column for each person (`answers: each`), over as many pages as they
 * need. */
#include "kind.h"

#include <stddef.h>

#define MM COMPOSE_MM

enum {
    QUESTIONS_MAX_GROUPS = 100,
    QUESTIONS_MAX_PROMPTS = 100, /* in one group */
    QUESTIONS_MAX_LINES = 8,     /* under one prompt */
};

typedef struct {
    model_text_t heading;
    model_text_t *prompts;
    size_t n_prompts;
} group_t;

typedef struct {
    group_t *groups;
    size_t n_groups;
    int answers; /* 0 one, 1 each */
    unsigned lines;
} questions_t;

static const schema_key_t GROUP_KEYS[] = {
    {.name = "heading", .type = SCHEMA_TYPE_MARKUP, .at = offsetof(group_t, heading),
     .doc = "The group's heading."},
    {.name = "prompts", .type = SCHEMA_TYPE_MARKUPS, .required = true, .min = 1,
     .max = QUESTIONS_MAX_PROMPTS, .at = offsetof(group_t, prompts),
     .count_at = offsetof(group_t, n_prompts), .doc = "The group's prompts."},
};
static const schema_table_t GROUP = SCHEMA_TABLE(
    "a section of questions", "A group of prompts under a heading.", group_t, GROUP_KEYS, NULL);

static const char *const ANSWERS[] = {"one", "each", NULL};

static const schema_key_t KEYS[] = {
    {.name = "sections", .type = SCHEMA_TYPE_MAPS, .required = true, .min = 0,
     .max = QUESTIONS_MAX_GROUPS, .at = offsetof(questions_t, groups),
     .count_at = offsetof(questions_t, n_groups), .sub = &GROUP,
     .doc = "The groups of prompts."},
    {.name = "answers", .type = SCHEMA_TYPE_ENUM, .values = ANSWERS, .def = "one",
     .at = offsetof(questions_t, answers),
     .doc = "One writing space, or a column for each person."},
    {.name = "lines", .type = SCHEMA_TYPE_UINT, .min = 1, .max = QUESTIONS_MAX_LINES, .def = "3",
     .at = offsetof(questions_t, lines), .doc = "Writing lines under each prompt."},
};
static const schema_table_t SCHEMA =
    SCHEMA_TABLE("a questions exercise", "Prompts with writing space.", questions_t, KEYS, NULL);

typedef struct {
    compose_group_t *groups;
    size_t n_groups;
    bool each;
    unsigned lines;
} questions_plan_t;

static void plan(plan_ctx_t *c, const model_exercise_t *e, const void *data, plan_page_t *p)
{
    (void)e;
    const questions_t *m = data;
    questions_plan_t *d = arena_alloc(plan_arena(c), sizeof *d);
    d->each = m->answers == 1;
    d->lines = m->lines;
    d->groups = arena_alloc(plan_arena(c), sizeof(compose_group_t) * (m->n_groups + 1));
    d->n_groups = m->n_groups;
    for (size_t g = 0; g < m->n_groups; g++) {
        d->groups[g].heading = plan_expand(c, &m->groups[g].heading);
        d->groups[g].prompts = plan_expand_all(c, m->groups[g].prompts, m->groups[g].n_prompts);
        d->groups[g].n_prompts = m->groups[g].n_prompts;
    }
    p->data = d;
}

static void lay(compose_t *c, const plan_page_t *p)
{
    const questions_plan_t *d = p->data;
    /* a column each, unless the page is one person's own */
    size_t np = d->each && !p->person && c->plan->n_people > 1 ? c->plan->n_people : 1;
    compose_prompts(c, p, "questions", d->groups, d->n_groups, d->lines, np, -1);
}

static void show(FILE *out, arena_t *a, const model_exercise_t *e)
{
    const questions_t *m = e->data;
    for (size_t g = 0; g < m->n_groups; g++) {
        const group_t *gr = &m->groups[g];
        fprintf(out, "\n%s:\n", gr->heading.text ? plan_plain(a, gr->heading.text) : "Questions");
        for (size_t i = 0; i < gr->n_prompts; i++)
            fprintf(out, "%4zu. %s\n", i + 1, plan_plain(a, gr->prompts[i].text));
    }
}

const kind_t kind_questions = {
    .name = "questions", .schema = &SCHEMA, .plan = plan, .lay = lay, .show = show,
    .doc = "Groups of prompts, each with writing lines: one space, or a column for each person.",
};
