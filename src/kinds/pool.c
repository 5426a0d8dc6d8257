/* pool: prompts that other exercises draw from (a check-in's `deeper:`).
 * Printed on its own, as a worksheet, a pool deals a page of its prompts,
 * each with writing lines: the book's seed picks which. */
#include "kind.h"

#include <stddef.h>

#define MM COMPOSE_MM

enum {
    POOL_MAX_PROMPTS = 10000,
    POOL_PAGE = 6,  /* prompts on its own page */
    POOL_LINES = 3, /* writing lines under each */
};

typedef struct {
    model_deck_t deck;
} pool_t;

static const schema_key_t KEYS[] = {
    KIND_DECK_ROW(pool_t, POOL_MAX_PROMPTS,
                  "The prompts, dealt one at a time to the exercises that draw on the pool."),
};
static const schema_table_t SCHEMA =
    SCHEMA_TABLE("a pool exercise", "Prompts other exercises draw from.", pool_t, KEYS, NULL);

static void plan(plan_ctx_t *c, const model_exercise_t *e, const void *data, plan_page_t *p)
{
    (void)data;
    compose_group_t *g = arena_alloc(plan_arena(c), sizeof *g);
    g->prompts = arena_alloc(plan_arena(c), sizeof(char *) * (POOL_PAGE + 1));
    for (size_t i = 0; i < POOL_PAGE && i < kind_deck(e)->n_prompts; i++) {
        const model_text_t *t = plan_deal(c, e, p->pos);
        if (!t)
            break;
        g->prompts[g->n_prompts++] = plan_expand(c, t);
    }
    p->data = g;
}

static void lay(compose_t *c, const plan_page_t *p)
{
    compose_prompts(c, p, "questions", p->data, 1, POOL_LINES, 1, -1);
}

const kind_t kind_pool = {
    .name = "pool", .schema = &SCHEMA, .deals = true, .deck_at = offsetof(pool_t, deck),
    .plan = plan, .lay = lay, .show = kind_show_deck,
    .doc = "Prompts that check-ins draw from (`deeper:`); alone, a page of them with lines.",
};
