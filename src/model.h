/* model: YAML trees -> a checked, typed book with its layout, language and
 * exercises.
 *
 * Four kinds of file, each saying what it is in its `type:` key: books
 * (content/books/), exercises (content/), languages (content/lang/) and
 * layouts (layouts/). The schema of each is written at the top of model.c.
 * Every problem in every file is reported with its position before the run
 * stops; nothing after the model sees unchecked input. */
#ifndef KEEPSAKE_MODEL_H
#define KEEPSAKE_MODEL_H

#include "dates.h"
#include "diag.h"
#include "load.h"
#include "run.h"

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

/* Limits a book can ask for, with their reasons. */
enum {
    MODEL_MAX_WEEKS = 520,    /* ten years of weekly pages */
    MODEL_MAX_PEOPLE = 4,     /* columns of writing space still wide enough */
    MODEL_MAX_SECTIONS = 200, /* far beyond any workbook's table of contents */
    MODEL_MAX_COUNT = 100,    /* `count:` of one page entry */
    MODEL_MAX_VALUE_BYTES = 1024, /* one personal variable's value */
    MODEL_MAX_EXTENDS = 8,    /* depth of a layout's `extends:` chain */
    MODEL_MAX_TEXT_PT = 72,   /* largest text size markup may ask for */
};

/* A piece of text from a file: a template that may hold placeholders and,
 * where markup is allowed, Pango markup. */
typedef struct {
    const char *text; /* NULL: not given */
    src_pos_t pos;
    const char *src;   /* one-line scalars: the source text (see load.h) */
    load_style_t style;
} model_text_t;

/* Where byte `offset` of a text lies in its file: exact for one-line
 * scalars, else the text's start. */
src_pos_t model_text_pos(const model_text_t *t, size_t offset);

typedef struct {
    const char *family;
    double size; /* points */
    bool bold, italic;
    src_pos_t pos;
} model_font_t;

typedef struct {
    double r, g, b;
} model_colour_t;

typedef enum {
    MODEL_ALIGN_OUTER,
    MODEL_ALIGN_CENTER,
    MODEL_ALIGN_INNER,
} model_align_t;

typedef struct {
    const char *id;
    const char *path;
    src_pos_t pos;
    double page_w, page_h; /* points */
    double margin_top, margin_bottom, margin_inner, margin_outer;
    bool duplex; /* inner/outer swap on left-hand (even) pages */
    double pitch;      /* distance between writing lines */
    double rule_width; /* line thickness */
    model_font_t body, heading, title, label;
    model_colour_t text, accent, rule, muted;
    model_text_t footer;
    model_align_t footer_align;
} model_layout_t;

typedef struct {
    const char *id;
    const char *path;
    dates_names_t names;
    const char *and_two;  /* "{a} & {b}" */
    const char *and_list; /* "{list} & {last}" */
    const char *word_contents, *word_date;
    const char *code; /* Pango language tag, e.g. "en" */
} model_language_t;

typedef enum {
    MODEL_KIND_TEXT,
    MODEL_KIND_CHECKIN,
    MODEL_KIND_GRATITUDE,
    MODEL_KIND_STORY,
    MODEL_KIND_NOTES,
    MODEL_KIND_POOL,  /* prompts other exercises draw from; not a page */
    MODEL_KIND_CARDS, /* cut-out cards, a sentence starter each */
    MODEL_KIND_QUESTIONS, /* groups of prompts, each with writing space */
    MODEL_KIND_LOG,   /* dated entries */
    MODEL_KIND_TRACKER,  /* a grid: rows to name, a column for each week */
    MODEL_KIND_CHART,    /* the weeks' 1-10 closeness scores, as a grid */
    MODEL_KIND_CALENDAR, /* the year at a glance, or a page a month */
} model_kind_t;

/* A group of prompts under a heading (kind questions). */
typedef struct {
    model_text_t heading; /* may be absent */
    model_text_t *prompts;
    size_t n_prompts;
} model_group_t;

typedef enum {
    MODEL_NOTES_LINED,
    MODEL_NOTES_DOTTED,
    MODEL_NOTES_GRID,
    MODEL_NOTES_BLANK,
} model_notes_t;

typedef enum {
    MODEL_BLOCK_HEADING,
    MODEL_BLOCK_PARAGRAPH,
    MODEL_BLOCK_LIST,
} model_block_kind_t;

typedef struct {
    model_block_kind_t kind;
    model_text_t text;   /* heading, paragraph */
    model_text_t *items; /* list */
    size_t n_items;
} model_block_t;

typedef struct model_exercise {
    const char *id;
    const char *path;
    src_pos_t pos;
    const char *practice;
    model_kind_t kind;
    model_text_t title, intro;
    model_block_t *blocks; /* text */
    size_t n_blocks;
    model_text_t *questions; /* check-in */
    size_t n_questions;
    model_text_t scale_question, scale_low, scale_high;
    const load_node_t *deeper_ref; /* check-in: a pool's id, from `deeper:` */
    struct model_exercise *deeper; /* resolved in a book */
    model_text_t *prompts; /* story */
    size_t n_prompts;
    unsigned lines; /* gratitude: numbered lines a day */
    unsigned per_page; /* cards: cards on one page */
    model_group_t *groups; /* questions */
    size_t n_groups;
    bool each;        /* questions: a column for each person, else one space */
    unsigned entries; /* log: entries a page */
    unsigned rows;    /* tracker: rows to name */
    bool month_view;  /* calendar: a page a month, else the year on a page */
    model_text_t *mark_dates, *mark_labels; /* calendar: special dates */
    size_t n_marks;
    model_notes_t notes;
} model_exercise_t;

typedef enum {
    MODEL_PAGE_COVER,
    MODEL_PAGE_CONTENTS,
    MODEL_PAGE_EXERCISE,
} model_page_kind_t;

typedef struct {
    model_page_kind_t kind;
    model_exercise_t *exercise; /* MODEL_PAGE_EXERCISE */
    src_pos_t pos;
    unsigned count;  /* pages of this entry, for notes and stories */
    unsigned every;  /* in a weekly section: only every Nth week... */
    unsigned from;   /* ...starting with this week */
    int notes_style; /* -1: the exercise's own */
} model_page_t;

typedef struct {
    model_text_t title; /* outline and contents */
    model_text_t entry; /* weekly: each week's title, e.g. "Week {week}" */
    bool weekly;
    bool front;       /* front matter: roman page labels */
    bool in_contents; /* listed on the contents page */
    model_page_t *pages;
    size_t n_pages;
    src_pos_t pos;
} model_section_t;

typedef struct {
    const char *name;
    const char *value; /* raw text, unescaped */
    src_pos_t pos;
} model_var_t;

/* A `--set name=value` from the command line. */
typedef struct {
    const char *name;
    const char *value;
} model_setting_t;

typedef struct {
    const char *path;
    const char *id;
    src_pos_t pos;
    model_layout_t *layout;
    model_language_t *lang;
    model_section_t *sections;
    size_t n_sections;
    model_var_t *vars;
    size_t n_vars;
    /* typed variables */
    GDate start;
    unsigned weeks;
    GDateWeekday week_starts;
    uint64_t seed;
    const char **people;
    size_t n_people;
    model_text_t subject;
    const char **keywords;
    size_t n_keywords;
    const char *fonts_dir;
} model_book_t;

/* Load and check the book at `path` and every file it uses. `layout` (an id
 * or a path) replaces the book's layout when not NULL. Returns false after
 * reporting every problem; on success `*out` is owned by run->arena. */
bool model_build(run_t *run, const char *path, const char *layout,
                 const model_setting_t *sets, size_t n_sets, model_book_t **out);

/* Check one file of any kind, wherever it lies. A book is checked with the
 * files it uses. Returns false after reporting every problem. */
bool model_check_file(run_t *run, const char *path);

/* One row of `keepsake list`. */
typedef struct {
    const char *id;
    const char *title;    /* as written, placeholders and all; may be "" */
    const char *practice; /* exercises; else "" */
    const char *kind;     /* exercises: the kind; layouts: the paper; books: "" */
    const char *path;
} model_entry_t;

/* The books, exercises or layouts (`what`) in the data folder, sorted by
 * id, in `*out` (run->arena). Files that fail to load are reported and
 * skipped. Returns false if `what` is unknown or a file had problems. */
bool model_list(run_t *run, const char *data_dir, const char *what,
                model_entry_t **out, size_t *n);

/* Load and check the exercise `id` from the data folder. NULL after
 * reporting. */
model_exercise_t *model_find_exercise(run_t *run, const char *data_dir, const char *id);

/* The name of an exercise kind, as written in files. */
const char *model_kind_name(model_kind_t k);

/* The value of variable `name`, or NULL. */
const char *model_var(const model_book_t *b, const char *name);

/* The data folder for `path` (walking up from it to a folder that holds
 * content/ and layouts/), else the installed one; never NULL. */
const char *model_data_dir(run_t *run, const char *path);

#endif
