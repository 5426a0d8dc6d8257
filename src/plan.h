/* plan: checked model -> the list of logical pages, with every text
 * expanded (placeholders filled in, values escaped for markup), dates
 * computed, prompts dealt, and the entries of the contents page and the PDF
 * outline.
 *
 * A logical page may become several printed pages (a long text flows on);
 * layout decides that. What a page holds beyond its common part is its
 * kind's payload (`data`), made by the kind's plan step with the functions
 * below. Personal variables are escaped here, once: nothing after plan
 * escapes. Unknown placeholders are reported with their position, and the
 * run stops before layout. */
#ifndef KEEPSAKE_PLAN_H
#define KEEPSAKE_PLAN_H

#include "model.h"

struct kind;

typedef struct {
    const struct kind *kind;
    src_pos_t pos;     /* the page entry in the book */
    unsigned week;     /* 1-based in weekly sections, else 0 */
    GDate first, last; /* the week's days (weekly sections) */
    const char *title; /* markup */
    const char *continued; /* the title on the pages it runs on to, markup */
    const char *range; /* the week's dates, markup; NULL outside weeks */
    const char *intro; /* markup or NULL */
    src_pos_t intro_pos;
    const void *data;  /* the kind's payload */
    size_t person;     /* a page for one person: their index + 1; else 0 */
    size_t entry;      /* index of its entry in plan_t.entries */
    bool front;        /* front matter */
} plan_page_t;

typedef struct {
    const char *title;  /* plain text, for the outline */
    const char *markup; /* the title as markup, for the contents */
    const char *detail; /* markup or NULL: a week's dates */
    size_t parent;      /* index + 1 of the parent entry; 0: top level */
    size_t first_page;  /* index into plan_t.pages */
    unsigned depth;     /* on the contents page: 0 a section, 1 a month of
                           weeks, 2 a page within it (a letter, cards) */
    bool in_contents;   /* a row of the contents page */
    bool in_outline;    /* a bookmark of the PDF */
} plan_entry_t;

/* What the PDF says about itself, plain text. */
typedef struct {
    const char *title, *author, *subject, *keywords;
} plan_meta_t;

typedef struct {
    const model_layout_t *style;
    const char *language;  /* Pango language tag */
    const char **people;   /* the names, as markup */
    size_t n_people;
    plan_page_t *pages;
    size_t n_pages;
    unsigned pad_to;     /* the printed pages are a multiple of this... */
    plan_page_t *pad;    /* ...made up with this page (pages[n_pages]), or NULL */
    plan_entry_t *entries;
    size_t n_entries;
    plan_meta_t meta;
    const char *footer; /* the layout's footer, variables filled in, {page} kept */
    /* The footer's longest personal variable, or NULL: a footer too long
     * for its margin because of a value is blamed where it was given. */
    const model_var_t *footer_var;
    const char *words_notes; /* "Notes", markup: the title of a page left to write on */
} plan_t;

/* Build the plan; false after reporting problems. `*out` is in run->arena. */
bool plan_build(run_t *run, const model_book_t *book, plan_t **out);

/* The plain text of a markup string (for outlines and metadata). */
const char *plan_plain(arena_t *a, const char *markup);

/* ---- for kinds' plan steps -------------------------------------------- */

typedef struct plan_ctx plan_ctx_t;

arena_t *plan_arena(plan_ctx_t *c);
const model_book_t *plan_book(plan_ctx_t *c);

/* The first day of the current week, or NULL outside weekly sections. */
const GDate *plan_week_first(plan_ctx_t *c);

/* `t` expanded as markup (values escaped); NULL when `t` is absent, "" after
 * reporting a problem. */
const char *plan_expand(plan_ctx_t *c, const model_text_t *t);

/* The `n` texts of `t` expanded, in an array of n + 1 (NULL last). */
const char **plan_expand_all(plan_ctx_t *c, const model_text_t *t, size_t n);

/* `t` expanded as plain text (values as they are), or NULL after
 * reporting. */
const char *plan_expand_plain(plan_ctx_t *c, const model_text_t *t);

/* `s` escaped for markup. */
const char *plan_escape(plan_ctx_t *c, const char *s);

/* The next prompt of `e`'s deck (shuffled by the book's seed), or NULL
 * after reporting at `at` that the book asks for more than it holds. */
const model_text_t *plan_deal(plan_ctx_t *c, const model_exercise_t *e, src_pos_t at);

/* How many pages of exercise `e` were planned before this one: 0, 1, 2...
 * (for kinds that take turns, such as letters between partners). */
size_t plan_turn(plan_ctx_t *c, const model_exercise_t *e);

/* Report that the value `t` expanded to is wrong (`fmt`...). When `t` is
 * a personal variable alone ("{anniversary}"), the problem is the value's:
 * it is blamed where the value was given (its --set, or the book's line),
 * once however often the variable is used, with a note at `t`. Else it is
 * reported at `t`. The run stops before layout. */
void plan_value_error(plan_ctx_t *c, const model_text_t *t, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Report a problem at `at`; the run stops before layout. */
void plan_error(plan_ctx_t *c, src_pos_t at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
