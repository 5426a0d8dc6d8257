/* cards: cut-out cards in a grid, crop marks at their corners, a sentence
 * starter dealt from the deck and writing lines on each. */
#include "kind.h"

#include <math.h>
#include <stddef.h>

#define MM COMPOSE_MM

enum { CARDS_MAX_PROMPTS = 10000, CARDS_MAX_PER_PAGE = 12 };

typedef struct {
    model_deck_t deck;
    unsigned per_page;
} cards_t;

static const schema_key_t KEYS[] = {
    KIND_DECK_ROW(cards_t, CARDS_MAX_PROMPTS, "Sentence starters, one a card."),
    {.name = "per-page", .type = SCHEMA_TYPE_UINT, .min = 1, .max = CARDS_MAX_PER_PAGE,
     .def = "4", .at = offsetof(cards_t, per_page), .doc = "Cards on a page."},
};
static const schema_table_t SCHEMA =
    SCHEMA_TABLE("a cards exercise", "Cut-out cards.", cards_t, KEYS, NULL);

typedef struct {
    const char **cards; /* one sentence starter a card, markup */
    size_t n_cards;
} cards_plan_t;

static void plan(plan_ctx_t *c, const model_exercise_t *e, const void *data, plan_page_t *p)
{
    const cards_t *m = data;
    cards_plan_t *d = arena_alloc(plan_arena(c), sizeof *d);
    d->cards = arena_alloc(plan_arena(c), sizeof(char *) * (m->per_page + 1));
    for (unsigned k = 0; k < m->per_page; k++) {
        const model_text_t *t = plan_deal(c, e, p->pos);
        if (!t)
            break;
        d->cards[d->n_cards++] = plan_expand(c, t);
    }
    p->data = d;
}

/* One card at (x, top), w by h: crop marks, its starter, lines. */
static bool card(compose_t *c, const plan_page_t *p, const char *starter, double x, double top,
                 double w, double h)
{
    double pad = 4 * MM;
    compose_cut(c, x, top, w, h);
    char *m = g_strdup_printf("<i>%s</i>", starter);
    PangoLayout *s = compose_text(c, COMPOSE_FONT_BODY, 1.1, m, w - 2 * pad, PANGO_ALIGN_LEFT);
    g_free(m);
    compose_put(c, s, x + pad, top + pad, LAYOUT_INK_TEXT);
    double room = h - 2 * pad - compose_height(s);
    unsigned lines = room > 0 ? (unsigned)floor(room / c->L->pitch) : 0;
    if (lines < 2)
        return compose_no_room(c, p->pos, "a card's sentence with two writing lines");
    compose_rules(c, x + pad,
                  top + pad + compose_height(s) + (room - lines * c->L->pitch) / 2 -
                      c->L->pitch * 0.25,
                  w - 2 * pad, lines);
    return true;
}

static void lay(compose_t *c, const plan_page_t *p)
{
    const cards_plan_t *d = p->data;
    /* Crop marks reach 3.5 mm beyond a card: keep them off the text above
     * and the footer below, and let the gutter hold them between cards. */
    double y = compose_head(c, "cards", p) + 3 * MM;
    size_t n = d->n_cards, cols = n > 1 ? 2 : 1, rows = (n + cols - 1) / cols;
    double gutter = 8 * MM;
    double w = (c->cw - (double)(cols - 1) * gutter) / (double)cols;
    double h = (compose_bottom(c) - 4 * MM - y - (double)(rows - 1) * gutter) / (double)rows;
    for (size_t k = 0; k < n; k++)
        if (!card(c, p, d->cards[k], c->cx + (double)(k % cols) * (w + gutter),
                  y + (double)(k / cols) * (h + gutter), w, h))
            return;
}

const kind_t kind_cards = {
    .name = "cards", .schema = &SCHEMA, .deals = true, .deck_at = offsetof(cards_t, deck),
    .plan = plan, .lay = lay, .show = kind_show_deck,
    .doc = "Cut-out cards with crop marks, a sentence starter and lines on each.",
};
