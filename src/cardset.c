/* cardset: see cardset.h. */
#include "cardset.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

bool cardset_holds(const layout_box_t *b, double x, double y, double w, double h)
{
    const double eps = 0.5;
    if (b->kind == LAYOUT_BOX_CUT || b->kind == LAYOUT_BOX_LINK)
        return false;
    return b->x >= x - eps && b->y >= y - eps && b->x + b->w <= x + w + eps &&
           b->y + b->h <= y + h + eps;
}

bool cardset_collect(const layout_doc_t *doc, cardset_t *out)
{
    GArray *a = g_array_new(FALSE, TRUE, sizeof(cardset_card_t));
    *out = (cardset_t){0};
    for (size_t i = 0; i < doc->n_pages; i++) {
        const layout_page_t *pg = &doc->pages[i];
        if (strcmp(pg->kind, "cards"))
            continue;
        bool backed = i + 1 < doc->n_pages && !strcmp(doc->pages[i + 1].kind, "card-backs");
        for (size_t j = 0; j < pg->n_boxes; j++) {
            const layout_box_t *b = &pg->boxes[j];
            if (b->kind != LAYOUT_BOX_CUT)
                continue;
            cardset_card_t c = {i, b->x, b->y, b->w, b->h, CARDSET_NO_BACK,
                                doc->page_w - b->x - b->w};
            if (backed) {
                c.back = i + 1;
                out->backs = true;
            }
            out->max_w = MAX(out->max_w, b->w);
            out->max_h = MAX(out->max_h, b->h);
            g_array_append_val(a, c);
        }
    }
    out->n_cards = a->len;
    out->cards = (cardset_card_t *)g_array_free(a, FALSE);
    if (!out->n_cards)
        cardset_free(out);
    return out->n_cards > 0;
}

void cardset_free(cardset_t *set)
{
    if (!set)
        return;
    g_free(set->cards);
    *set = (cardset_t){0};
}
