/* plan: checked model -> the list of logical pages, with every text
 * expanded (placeholders filled in, values escaped for markup), dates
 * computed, story prompts rotated, and the entries of the contents page and
 * the PDF outline.
 *
 * A logical page may become several printed pages (a long text flows on);
 * layout decides that. Unknown placeholders are reported here, with their
 * position, and the run stops before layout. */
#ifndef KEEPSAKE_PLAN_H
#define KEEPSAKE_PLAN_H

#include "model.h"

typedef enum {
    PLAN_COVER,
    PLAN_CONTENTS,
    PLAN_TEXT,
    PLAN_CHECKIN,
    PLAN_GRATITUDE,
    PLAN_STORY,
    PLAN_NOTES,
    PLAN_CARDS,
    PLAN_QUESTIONS,
    PLAN_LOG,
    PLAN_TRACKER,
    PLAN_CHART,
    PLAN_CALENDAR,
} plan_kind_t;

/* One month of a calendar, ready to draw. */
typedef struct {
    const char *title;  /* "January 2027", markup */
    unsigned offset;    /* column of day 1, 0 = the week's first day */
    unsigned days;      /* 28..31 */
    const char *marks[32]; /* marks[d]: the label of day d (markup), or NULL */
} plan_month_t;

typedef struct {
    const char *heading; /* markup or NULL */
    const char **prompts;
    size_t n_prompts;
} plan_group_t;

typedef struct {
    model_block_kind_t kind;
    const char *markup;  /* heading, paragraph */
    const char **items;  /* list */
    size_t n_items;
    src_pos_t pos;
} plan_block_t;

typedef struct {
    plan_kind_t kind;
    src_pos_t pos;   /* the page entry in the book, or the exercise */
    unsigned week;   /* 1-based in weekly sections, else 0 */
    GDate first, last; /* the week's days (weekly sections) */
    const char *title;  /* markup */
    const char *range;  /* the week's dates, markup; NULL outside weeks */
    const char *intro;  /* markup or NULL */
    plan_block_t *blocks; /* text */
    size_t n_blocks;
    const char **questions; /* check-in */
    size_t n_questions;
    const char *scale_question, *scale_low, *scale_high;
    const char *deeper, *deeper_label; /* check-in: the week's pool question */
    const char **cards; /* cards: one sentence starter a card */
    size_t n_cards;
    plan_group_t *groups; /* questions */
    size_t n_groups;
    bool each;           /* questions: a column for each person */
    unsigned entries;    /* log */
    unsigned rows;       /* tracker */
    unsigned weeks;      /* tracker, chart: the book's weeks */
    plan_month_t *months; /* calendar */
    size_t n_months;
    bool month_view;
    const char *weekday_heads[7]; /* calendar: from the week's first day */
    const char *date_word; /* log: the word before each entry's date */
    const char *days[7]; /* gratitude: the dated day labels */
    unsigned lines;      /* gratitude: lines a day */
    const char *prompt;  /* story */
    src_pos_t prompt_pos;
    model_notes_t notes;
    size_t entry;  /* index of its entry in plan_t.entries */
    bool front;    /* front matter */
    /* cover */
    const char *names, *dates, *dedication;
} plan_page_t;

typedef struct {
    const char *title;    /* plain text */
    const char *detail;   /* plain text or NULL: a week's dates */
    size_t parent;        /* index + 1 of the parent entry; 0: top level */
    size_t first_page;    /* index into plan_t.pages */
    bool in_contents;
} plan_entry_t;

typedef struct {
    const model_book_t *book;
    plan_page_t *pages;
    size_t n_pages;
    plan_entry_t *entries;
    size_t n_entries;
    /* PDF metadata, plain text */
    const char *title, *author, *subject, *keywords;
    const char *footer; /* the layout's footer, variables filled in, {page} kept */
} plan_t;

/* Build the plan; false after reporting problems. `*out` is in run->arena. */
bool plan_build(run_t *run, const model_book_t *book, plan_t **out);

/* The plain text of a markup string (for outlines and metadata). */
const char *plan_plain(arena_t *a, const char *markup);

#endif
