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

/* The smallest card worth writing on by hand, and the gutter between
 * cards, wide enough for the crop marks of both. */
#define CARD_MIN_W (50 * MM)
#define CARD_MIN_H (45 * MM)
#define CARD_GUTTER (8 * MM)

/* How the cards sit on a sheet: columns, rows and a card's size. */
typedef struct {
    size_t cols, rows;
    double x, y, w, h;
} sheet_t;

/* The most cards of at least CARD_MIN_W x CARD_MIN_H that fit below y, two
 * columns at the most, never more than `n`. */
static sheet_t sheet_of(const compose_t *c, double y, size_t n)
{
    sheet_t s = {.x = c->cx, .y = y};
    double room = compose_bottom(c) - 4 * MM - y;
    s.cols = c->cw >= 2 * CARD_MIN_W + CARD_GUTTER && n > 1 ? 2 : 1;
    s.rows = (size_t)floor((room + CARD_GUTTER) / (CARD_MIN_H + CARD_GUTTER));
    s.rows = s.rows < 1 ? 1 : s.rows;
    if (s.rows * s.cols > n)
        s.rows = (n + s.cols - 1) / s.cols;
    s.w = (c->cw - (double)(s.cols - 1) * CARD_GUTTER) / (double)s.cols;
    s.h = (room - (double)(s.rows - 1) * CARD_GUTTER) / (double)s.rows;
    return s;
}

static double card_x(const sheet_t *s, size_t k)
{
    return s->x + (double)(k % s->cols) * (s->w + CARD_GUTTER);
}

static double card_y(const sheet_t *s, size_t k)
{
    return s->y + (double)(k / s->cols) * (s->h + CARD_GUTTER);
}

/* Cards [from, from + n) on a sheet: crop marks, the starter, and lines
 * that start at the same height across a row. */
static bool cards(compose_t *c, const plan_page_t *p, const cards_plan_t *d, size_t from,
                  size_t n, const sheet_t *s)
{
    double pad = 4 * MM, pitch = c->L->pitch;
    for (size_t row = 0; row * s->cols < n; row++) {
        PangoLayout *t[2] = {NULL, NULL};
        double th = 0;
        for (size_t k = 0; k < s->cols && row * s->cols + k < n; k++) {
            char *m = g_strdup_printf("<i>%s</i>", d->cards[from + row * s->cols + k]);
            t[k] = compose_text(c, COMPOSE_FONT_BODY, 1.1, m, s->w - 2 * pad, PANGO_ALIGN_LEFT);
            g_free(m);
            th = fmax(th, compose_height(t[k]));
        }
        double room = s->h - 2 * pad - th;
        unsigned lines = room > 0 ? (unsigned)floor(room / pitch) : 0;
        if (lines < 2)
            return compose_no_room(c, p->pos, "a card's sentence with two writing lines");
        for (size_t k = 0; k < s->cols && t[k]; k++) {
            size_t at = row * s->cols + k;
            double x = card_x(s, at), y = card_y(s, at);
            compose_cut(c, x, y, s->w, s->h);
            compose_put(c, t[k], x + pad, y + pad, LAYOUT_INK_TEXT);
            compose_rules(c, x + pad, y + pad + th + (room - lines * pitch) / 2 - pitch * 0.25,
                          s->w - 2 * pad, lines);
        }
    }
    return true;
}

/* The back of a sheet: each card's back where the card falls when the
 * sheet is printed on both sides, turned over its long edge (the mirror
 * image across the page's middle), with an ornament. */
static void backs(compose_t *c, size_t n, const sheet_t *s)
{
    compose_start(c, "card-backs");
    for (size_t k = 0; k < n; k++) {
        double x = c->L->page_w - card_x(s, k) - s->w, y = card_y(s, k);
        double ow = fmin(s->w * 0.6, 40 * MM), oh = ow * 0.35;
        compose_box(c, LAYOUT_BOX_ORNAMENT, x + (s->w - ow) / 2, y + (s->h - oh) / 2, ow, oh,
                    LAYOUT_INK_ACCENT);
    }
}

/* Where a double-sided book would put a sheet on a left-hand page, whose
 * back is the page before it, a notes page comes first: a card's back is
 * never another page's content. */
static void to_right_hand_page(compose_t *c)
{
    if (!c->L->duplex || c->next % 2 == 0)
        return;
    compose_start(c, "notes");
    double y = compose_heading(c, c->plan->words_notes, NULL, c->plan->pages[c->plan_page].pos);
    compose_fill(c, MODEL_NOTES_LINED, y, 0, c->plan->pages[c->plan_page].pos, "notes");
}

static void lay(compose_t *c, const plan_page_t *p)
{
    const cards_plan_t *d = p->data;
    for (size_t from = 0; from < d->n_cards && compose_ok(c);) {
        to_right_hand_page(c);
        /* Crop marks reach 3.5 mm beyond a card: keep them off the text
         * above and the footer below, and let the gutter hold them. */
        double y = (from ? compose_continue(c, "cards") : compose_head(c, "cards", p)) + 3 * MM;
        sheet_t s = sheet_of(c, y, d->n_cards - from);
        size_t n = s.cols * s.rows < d->n_cards - from ? s.cols * s.rows : d->n_cards - from;
        if (!cards(c, p, d, from, n, &s))
            return;
        if (c->L->duplex)
            backs(c, n, &s);
        from += n;
    }
}

const kind_t kind_cards = {
    .name = "cards", .schema = &SCHEMA, .deals = true, .deck_at = offsetof(cards_t, deck),
    .plan = plan, .lay = lay, .show = kind_show_deck,
    .doc = "Cut-out cards with crop marks, a sentence starter and lines on each; in a "
           "double-sided book each sheet on a right-hand page, its back the cards' backs.",
};
