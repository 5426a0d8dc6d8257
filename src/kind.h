/* kind: the registry, the one list of page kinds.
 *
 * A page kind is a unit: one file in src/kinds/ holds its schema rows (the
 * keys its exercises may have), its plan step (model -> a logical page, texts
 * expanded), its layout step (a logical page -> printed pages, written in the
 * compose toolkit) and what `keepsake show` prints of it. The stages call a
 * kind only through this struct; none of them names a kind.
 *
 * Adding a kind: a file src/kinds/NAME.c defining `const kind_t kind_NAME`,
 * and one line `KIND(NAME)` in src/kinds/list.h. */
#ifndef KEEPSAKE_KIND_H
#define KEEPSAKE_KIND_H

#include "compose.h"
#include "model.h"
#include "plan.h"
#include "schema.h"

#include <stddef.h>
#include <stdio.h>

typedef struct kind {
    const char *name; /* as written in files: `kind: check-in` */
    const char *doc;  /* one line, for the schema reference */
    /* The keys of its exercises beyond the common ones, stored in a struct
     * of schema->size bytes (model_exercise_t.data); NULL: none. */
    const schema_table_t *schema;
    /* Placed in a book by `page: NAME` (cover, contents) rather than by an
     * exercise of this kind. */
    bool book_page;
    /* Its prompts are dealt (story, pool, cards): the offset of its
     * model_deck_t in the payload, and `deals` set. */
    bool deals;
    size_t deck_at;
    /* Its printed pages carry no footer (the cover). */
    bool no_footer;
    /* Plan one logical page of exercise `e` (NULL for book pages) into `p`,
     * whose common part is filled in: set p->data. `data` is the
     * exercise's payload with the page entry's overrides. */
    void (*plan)(plan_ctx_t *c, const model_exercise_t *e, const void *data, plan_page_t *p);
    /* Lay out logical page `p` on as many printed pages as it needs. */
    void (*lay)(compose_t *c, const plan_page_t *p);
    /* Optional: fill the printed pages [first, first + n) that `lay`
     * reserved, once every page's label is known (the contents). */
    void (*late)(compose_t *c, const plan_page_t *p, size_t first, size_t n);
    /* Print the payload's content as text for `keepsake show`. */
    void (*show)(FILE *out, arena_t *a, const model_exercise_t *e);
} kind_t;

/* The kind named `name`, or NULL. */
const kind_t *kind_find(const char *name);

/* The kinds, in registry order, NULL-terminated. */
const kind_t *const *kind_all(void);

/* The names of the kinds that are exercises (`book_page` false) or that are
 * book pages, NULL-terminated, in `a`. */
const char **kind_names(arena_t *a, bool book_pages);

/* The deck of exercise `e`, or NULL if its kind deals no prompts. */
const model_deck_t *kind_deck(const model_exercise_t *e);

/* The `prompts` row of a kind that deals: TYPE holds a model_deck_t
 * `deck`. */
#define KIND_DECK_ROW(TYPE, MAX, DOC)                                                   \
    {.name = "prompts", .type = SCHEMA_TYPE_MARKUPS, .required = true, .min = 1,        \
     .max = MAX, .at = offsetof(TYPE, deck.prompts),                                    \
     .count_at = offsetof(TYPE, deck.n_prompts), .doc = DOC}

/* A `show` for kinds that deal: the deck's prompts, numbered. */
void kind_show_deck(FILE *out, arena_t *a, const model_exercise_t *e);

#endif
