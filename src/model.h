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
#include "schema.h"

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

/* Limits a book can ask for, with their reasons. */
enum {
    MODEL_MAX_WEEKS = 520,    /* ten years of weekly pages */
    MODEL_MAX_PEOPLE = 4,     /* columns of writing space still wide enough */
    MODEL_MAX_SECTIONS = 200, /* far beyond any workbook's table of contents */
    MODEL_MAX_COUNT = 100,    /* `count:` of one page entry */
    MODEL_MAX_PAGE_ENTRIES = 1000, /* entries in one section */
    MODEL_MAX_PAD_TO = 16,    /* pages a sheet or a signature can take */
    MODEL_MAX_VALUE_BYTES = 1024, /* one personal variable's value */
    MODEL_MAX_EXTENDS = 8,    /* depth of a layout's `extends:` chain */
    MODEL_MAX_TEXT_PT = 72,   /* largest text size markup may ask for */
    /* What a book expands into, checked before layout (see SECURITY.md).
     * The default book plans 223 pages and 69 kB of text; a 520-week
     * one about 2,200 pages. */
    MODEL_MAX_PAGES = 5000,   /* pages a book plans, before text flows on */
    MODEL_MAX_ENTRIES = 20000, /* rows of the outline and contents, together */
    MODEL_MAX_TEXT_BYTES = 4 * 1024 * 1024, /* text a book lays out, expanded */
    MODEL_MAX_PAGE_TEXTS = 2000, /* texts (boxes of text) on one planned page */
    MODEL_MAX_WORD_BYTES = 256, /* one name or pattern of a language file */
    /* characters in a row with nowhere to break a line: twice a personal
     * variable's 1024 bytes, so a value alone never reaches it */
    MODEL_MAX_UNBREAKABLE = 2048,
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
    int style;   /* MODEL_FONT_STYLE_*: bit 0 italic, bit 1 bold */
    src_pos_t pos;
} model_font_t;

enum {
    MODEL_FONT_STYLE_ITALIC = 1,
    MODEL_FONT_STYLE_BOLD = 2,
};

typedef struct {
    double r, g, b;
} model_colour_t;

typedef enum {
    MODEL_ALIGN_OUTER,
    MODEL_ALIGN_CENTER,
    MODEL_ALIGN_INNER,
} model_align_t;

typedef enum { MODEL_IMPOSE_NONE, MODEL_IMPOSE_BOOKLET, MODEL_IMPOSE_CARDS } model_impose_t;
typedef enum { MODEL_FLIP_SHORT, MODEL_FLIP_LONG } model_flip_t;

typedef struct {
    const char *id;
    const char *path;
    src_pos_t pos;
    const char *type, *extends, *description;
    double page_w, page_h; /* points */
    double margin_top, margin_bottom, margin_inner, margin_outer;
    bool duplex; /* inner/outer swap on left-hand (even) pages */
    double pitch;      /* distance between writing lines */
    double rule_width; /* line thickness */
    model_font_t body, heading, title, label;
    model_colour_t text, accent, rule, muted;
    model_colour_t paper; /* printed under everything, to the edges and into a bleed */
    model_text_t footer;
    int footer_align; /* model_align_t */
    /* tablet: (tabs.h) */
    int toolbar;       /* model_edge_t: the edge a device's toolbar covers */
    double toolbar_w;  /* how far in from that edge, points */
    bool tabs;         /* a column of link tabs on every page */
    src_pos_t tablet_pos; /* the 'tablet' key, for layout's messages */
    /* print: how its books print unless the command line says (build.c) */
    int print_impose;      /* model_impose_t */
    double print_sheet[2]; /* points, landscape; 0: not given */
    int print_flip;        /* model_flip_t */
    src_pos_t print_pos;   /* the print: map, for messages */
} model_layout_t;

typedef enum {
    MODEL_EDGE_NONE,
    MODEL_EDGE_LEFT,
    MODEL_EDGE_RIGHT,
    MODEL_EDGE_TOP,
    MODEL_EDGE_BOTTOM,
} model_edge_t;

/* A tab column (tabs.h) is this wide, and this far off the paper's edge
 * and off the content: the margin it sits in must hold all three. */
#define MODEL_TAB_W (11 * 72 / 25.4)
#define MODEL_TAB_GAP (1.5 * 72 / 25.4)

typedef struct {
    const char *id;
    const char *path;
    const char *type, *name;
    dates_names_t names;
    const char *and_two;  /* "{a} & {b}" */
    const char *and_list; /* "{list} & {last}" */
    const char *word_contents, *word_date, *word_to, *word_from;
    const char *word_continued; /* "{title}, continued" */
    const char *word_notes;     /* "Notes" */
    const char *word_weeks;     /* "weeks {first}–{last}" */
    const char *word_person;    /* "{title} — {name}" */
    const char *code; /* Pango language tag, e.g. "en" */
} model_language_t;

struct kind;

/* Prompts an exercise deals from, one per page or card, never twice in a
 * book (story, pool, cards). */
typedef struct {
    model_text_t *prompts;
    size_t n_prompts;
} model_deck_t;

/* A reference from one exercise to another by id (a check-in's `deeper:`
 * pool), resolved when a book uses the exercise. */
typedef struct model_ref {
    const load_node_t *node;  /* the id as written; NULL: not given */
    struct model_exercise *to; /* resolved */
} model_ref_t;

typedef enum {
    MODEL_NOTES_LINED,
    MODEL_NOTES_DOTTED,
    MODEL_NOTES_GRID,
    MODEL_NOTES_BLANK,
} model_notes_t;

/* An exercise: the keys every kind has, and its kind's own keys in `data`
 * (a struct the kind's file declares, read by its schema table). */
typedef struct model_exercise {
    const char *id;
    const char *path;
    src_pos_t pos;
    const char *type;
    const char *practice; /* one of MODEL_PRACTICES */
    int practice_index;
    const struct kind *kind;
    model_text_t title, intro;
    model_text_t standalone_title; /* the title outside weekly sections */
    int for_whom; /* MODEL_FOR_*: the page once for all, or once for each person */
    void *data; /* kind->schema->size bytes, or NULL */
} model_exercise_t;

/* One entry of a section's `pages`: a book page (cover, contents) or an
 * exercise, `count` times, in a weekly section every `every` weeks from
 * week `from`. */
typedef struct {
    const struct kind *kind;
    model_exercise_t *exercise; /* NULL for book pages */
    const void *data;  /* the exercise's data with this entry's overrides */
    src_pos_t pos;
    const load_node_t *node, *page, *id, *style; /* as written; for the model */
    unsigned count, every, from;
} model_page_t;

typedef struct {
    model_text_t title; /* outline and contents */
    model_text_t entry; /* weekly: each week's title, e.g. "Week {week}" */
    int repeat;       /* MODEL_REPEAT_* */
    int matter;       /* MODEL_MATTER_* */
    bool in_contents; /* listed on the contents page */
    model_page_t *pages;
    size_t n_pages;
    src_pos_t pos;
} model_section_t;

enum { MODEL_REPEAT_NONE, MODEL_REPEAT_WEEKLY, MODEL_REPEAT_UNKNOWN = -1 };
enum { MODEL_FOR_TOGETHER, MODEL_FOR_EACH };
enum { MODEL_MATTER_BODY, MODEL_MATTER_FRONT };

typedef struct {
    const char *name;
    const char *value; /* raw text, unescaped */
    src_pos_t pos;
} model_var_t;

/* A `--set name=value` from the command line. */
typedef struct {
    const char *name;
    const char *value;
    const char *where; /* what its messages blame; NULL: "--set NAME" */
} model_setting_t;

typedef struct {
    const char *path;
    const char *id;
    src_pos_t pos;
    const char *type, *layout_id, *language_id;
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
    model_text_t subject, author;
    const char **keywords;
    size_t n_keywords;
    const char *fonts_dir;
    unsigned pad_to;   /* the page count is a multiple of this... */
    model_page_t pad;  /* ...made up with pages of this (pad.exercise) */
} model_book_t;

/* Load and check the book at `path` and every file it uses. `layout` (an id
 * or a path) replaces the book's layout when not NULL. Returns false after
 * reporting every problem; on success `*out` is owned by run->arena. */
bool model_build(run_t *run, const char *path, const char *layout,
                 const model_setting_t *sets, size_t n_sets, model_book_t **out);

/* A copy of the checked book `tpl` with `sets` applied over its values,
 * each checked exactly as --set is (batch: one recipient's variables). The
 * copy lives in run->arena and shares everything else with `tpl`, which
 * must outlive it. A setting that would change which exercise a page
 * entry names (`exercise: "{exercise}"`) is refused: the pages were
 * checked once. Problems are reported at `at[i]`, where setting i was
 * written (a field of a recipients file). Returns false after reporting. */
bool model_vary(run_t *run, const model_book_t *tpl, const model_setting_t *sets,
                const src_pos_t *at, size_t n_sets, model_book_t **out);

/* Check one file of any kind, wherever it lies. A book is checked with the
 * files it uses. Returns false after reporting every problem. */
bool model_check_file(run_t *run, const char *path);

/* model_check_file(), and the layout the file is or uses (a layout, or a
 * book's), or NULL, with the fonts folder it would be drawn with: for the
 * checks of later stages that `check` makes too (its font families). */
bool model_check_file_layout(run_t *run, const char *path, const model_layout_t **layout,
                             const char **fonts_dir);

/* One row of `keepsake list`. */
typedef struct {
    const char *id;
    const char *title;    /* as written, placeholders and all; may be "" */
    const char *practice; /* exercises; else "" */
    const char *kind;     /* exercises: the kind; layouts: the paper; books: "" */
    const char *path;
} model_entry_t;

/* The books, exercises or layouts (`what`) in the data folders `dirs`
 * (model_search_path(); an earlier folder's id hides a later one's), sorted by
 * id, in `*out` (run->arena). Files that fail to load are reported and
 * skipped. Returns false if `what` is unknown or a file had problems. */
bool model_list(run_t *run, const char *const *dirs, const char *what,
                model_entry_t **out, size_t *n);

/* An exercise named on the command line: an id as it is, or a path to an
 * exercise file (then run->exercise_file is set, so the file is found
 * before the data folder's); returns the id to use. */
const char *model_exercise_id(run_t *run, const char *arg);
/* `arg` is a path to an existing file, not an id. */
bool model_is_exercise_path(const char *arg);

/* Load and check the exercise `id` from the data folders `dirs`. NULL after
 * reporting. */
model_exercise_t *model_find_exercise(run_t *run, const char *const *dirs, const char *id);

/* The practices an exercise may belong to, NULL-terminated. */
extern const char *const MODEL_PRACTICES[];

/* The schema tables of the four file types (for the reference). */
const schema_table_t *model_schema(const char *type);

/* The variable that the template `tmpl` is made of alone ("{anniversary}",
 * spaces aside), or NULL: a problem with what `tmpl` gives is that
 * variable's value's (blamed at its pos: its --set or the book's line). */
const model_var_t *model_var_of(const model_book_t *b, const char *tmpl);

/* The value of variable `name`, or NULL. */
const char *model_var(const model_book_t *b, const char *name);

/* The name of the paper `w` x `h` points ("a5", "letter", ...), or NULL
 * when it is not one of those a layout may name. */
const char *model_paper_name(double w, double h);

/* The search path of the data folders for the book (or file) at `path`,
 * or, with `path` NULL, for the current folder; NULL-terminated, in
 * run->arena, first first; each exercise, layout, language and the fonts
 * are taken from the first folder that has them:
 *   1. the book's own folders: each folder at or above the book's (up to
 *      8 up) that holds content/ or layouts/, nearest first (so a book
 *      beside its content/, in a books/ folder beside it, or in
 *      DATA/content/books/ finds it, and a starter folder inside a
 *      checkout finds the checkout's data after its own), shown relative
 *      to the current folder when inside it;
 *   2. --data (run->data_dir);
 *   3. the installed data (model_installed_dir()).
 * Folders that are not data folders, and repeats, are left out: it may be
 * empty. */
const char *const *model_search_path(run_t *run, const char *path);

/* The installed data folder: $KEEPSAKE_DATADIR when set and not empty,
 * else the one keepsake was built for. */
const char *model_installed_dir(void);

/* Whether `dir` is a data folder: it holds content/ or layouts/. */
bool model_is_data_dir(const char *dir);

#endif
