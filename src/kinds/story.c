/* story: one prompt, dealt from the exercise's deck (never twice in a
 * book), with lines to the foot of the page. */
#include "kind.h"

#include <stddef.h>

#define MM COMPOSE_MM

enum { STORY_MAX_PROMPTS = 10000, STORY_MIN_LINES = 4 };

typedef struct {
    model_deck_t deck;
} story_t;

static const schema_key_t KEYS[] = {
    KIND_DECK_ROW(story_t, STORY_MAX_PROMPTS,
                  "The prompts, one a page, dealt in an order the book's seed decides."),
};
static const schema_table_t SCHEMA =
    SCHEMA_TABLE("a story exercise", "A story prompt a page.", story_t, KEYS, NULL);

typedef struct {
    const char *prompt; /* markup or NULL */
    src_pos_t prompt_pos;
} story_plan_t;

static void plan(plan_ctx_t *c, const model_exercise_t *e, const void *data, plan_page_t *p)
{
    (void)data;
    story_plan_t *d = arena_alloc(plan_arena(c), sizeof *d);
    const model_text_t *t = plan_deal(c, e, p->pos);
    if (t) {
        d->prompt = plan_expand(c, t);
        d->prompt_pos = t->pos;
    }
    p->data = d;
}

static void lay(compose_t *c, const plan_page_t *p)
{
    const story_plan_t *d = p->data;
    compose_start(c, "story");
    double y = compose_heading(c, p->title, p->range, p->pos);
    if (d->prompt) {
        char *m = g_strdup_printf("<i>%s</i>", d->prompt);
        y = compose_para(c, COMPOSE_FONT_BODY, 1.25, m, c->cx, y, c->cw, LAYOUT_INK_TEXT) + 2 * MM;
        g_free(m);
    }
    if (p->intro)
        y = compose_para(c, COMPOSE_FONT_BODY, 0.9, p->intro, c->cx, y, c->cw, LAYOUT_INK_MUTED) +
            2 * MM;
    compose_fill(c, MODEL_NOTES_LINED, y, STORY_MIN_LINES, d->prompt ? d->prompt_pos : p->pos,
                 "the story prompt with room to write");
}

const kind_t kind_story = {
    .name = "story", .schema = &SCHEMA, .deals = true, .deck_at = offsetof(story_t, deck),
    .plan = plan, .lay = lay, .show = kind_show_deck,
    .doc = "One prompt a page, never repeated in a book, with lines to the foot of the page.",
};
