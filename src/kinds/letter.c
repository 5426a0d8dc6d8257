/* letter: a page to write a letter on, with who it is to and from. In a
 * book for two or more, the letters of an exercise take turns: the first
 * from the first person to the second, the next from the second to the
 * third (or back to the first), and so on. For one person, or none, the
 * names are lines to write on. */
#include "kind.h"

#define MM COMPOSE_MM

enum { LETTER_MIN_LINES = 6 }; /* a letter needs room to say something */

typedef struct {
    const char *to, *from;           /* names as markup, or NULL: a line */
    const char *word_to, *word_from; /* "To", "From", markup */
} letter_plan_t;

static void plan(plan_ctx_t *c, const model_exercise_t *e, const void *data, plan_page_t *p)
{
    (void)data;
    const model_book_t *b = plan_book(c);
    letter_plan_t *d = arena_alloc(plan_arena(c), sizeof *d);
    d->word_to = plan_escape(c, b->lang->word_to);
    d->word_from = plan_escape(c, b->lang->word_from);
    if (b->n_people >= 2) {
        size_t turn = plan_turn(c, e);
        d->from = plan_escape(c, b->people[turn % b->n_people]);
        d->to = plan_escape(c, b->people[(turn + 1) % b->n_people]);
    }
    p->data = d;
}

/* "To" and a name (or a line for one) at y; returns the y below. */
static double addressee(compose_t *c, const char *word, const char *name, double x, double w,
                        double y)
{
    PangoLayout *l = compose_text(c, COMPOSE_FONT_LABEL, 1.0, word, -1, PANGO_ALIGN_LEFT);
    double base = y + c->L->pitch, lw = compose_width(l) + 2 * MM;
    compose_label(c, l, x, base - compose_baseline(l) - 1.2 * MM, LAYOUT_INK_ACCENT);
    if (name) {
        PangoLayout *n = compose_text(c, COMPOSE_FONT_BODY, 1.1, name, w - lw, PANGO_ALIGN_LEFT);
        compose_label(c, n, x + lw, base - compose_baseline(n) - 1.2 * MM, LAYOUT_INK_TEXT);
    } else {
        compose_box(c, LAYOUT_BOX_RULE, x + lw, base, w - lw, 0, LAYOUT_INK_RULE);
    }
    return base;
}

static void lay(compose_t *c, const plan_page_t *p)
{
    const letter_plan_t *d = p->data;
    double y = compose_head(c, "letter", p), half = (c->cw - 6 * MM) / 2;
    addressee(c, d->word_to, d->to, c->cx, half, y);
    y = addressee(c, d->word_from, d->from, c->cx + half + 6 * MM, half, y) + 2 * MM;
    compose_fill(c, MODEL_NOTES_LINED, y, LETTER_MIN_LINES, p->pos,
                 "the letter's names with room to write");
}

const kind_t kind_letter = {
    .name = "letter", .plan = plan, .lay = lay,
    .doc = "A letter: who it is to and from (taking turns in a book for two), and lines.",
};
