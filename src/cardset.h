/* cardset: the cards in a laid-out book, for printing them n-up.
 *
 * A card is a cut box (LAYOUT_BOX_CUT) on a page of kind "cards"; what it
 * holds is every other box lying inside it. Its back, if the book has
 * one, is on the "card-backs" page right after its page, where the card
 * falls when that page is printed on the back (the mirror image across
 * the page's middle, see src/kinds/cards.c): the boxes inside that
 * rectangle. */
#ifndef KEEPSAKE_CARDSET_H
#define KEEPSAKE_CARDSET_H

#include "layout.h"

#include <stdbool.h>
#include <stddef.h>

#define CARDSET_NO_BACK ((size_t)-1)

typedef struct {
    size_t page;       /* 0-based printed page of the front */
    double x, y, w, h; /* the card on that page */
    size_t back;       /* the page holding its back, or CARDSET_NO_BACK */
    double back_x;     /* the back's left edge on that page (same y, w, h) */
} cardset_card_t;

typedef struct {
    cardset_card_t *cards; /* in reading order; free with cardset_free() */
    size_t n_cards;
    double max_w, max_h;   /* the largest card */
    bool backs;            /* some card has a back */
} cardset_t;

/* The cards of `doc`; false (and `*out` empty) if it has none. */
bool cardset_collect(const layout_doc_t *doc, cardset_t *out);

void cardset_free(cardset_t *set);

/* True if box `b` lies inside the rectangle (within a hair), so that it is
 * part of the card there. Cut marks and links are never. */
bool cardset_holds(const layout_box_t *b, double x, double y, double w, double h);

#endif
