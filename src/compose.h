/* compose: the block toolkit that page kinds are written in.
 *
 * Blocks measure text with Pango and add positioned boxes to the printed
 * page being filled; they never draw. Every box gets a role (layout.h), so
 * the PDF's structure and the geometry tests know what each one is. Vertical
 * space is handed out in whole writing lines at the layout's pitch, so lines
 * stay evenly spaced on every page. Units are points, origin top left.
 *
 * Ownership: PangoLayouts come from a cache that keeps one reference (and
 * may outlive the document: compose_cache_t); a box that holds one takes
 * its own. Errors ("no room for ...") go to the run's
 * diag and are the one failure channel: compose_ok() says whether any
 * happened since layout began. */
#ifndef KEEPSAKE_COMPOSE_H
#define KEEPSAKE_COMPOSE_H

#include "layout.h"

#include <glib.h>
#include <pango/pango.h>

#define COMPOSE_MM (72.0 / 25.4)

typedef enum {
    COMPOSE_FONT_BODY,
    COMPOSE_FONT_HEADING,
    COMPOSE_FONT_TITLE,
    COMPOSE_FONT_LABEL,
    COMPOSE_FONT_N,
} compose_font_t;

/* The laid-out texts, kept from one document to the next: a batch
 * worker's recipients share their prompts, headings and labels, so each is
 * shaped once a worker, not once a recipient. A text belongs to the
 * cache's context (one font map, one language) and is never changed once
 * kept; render tells equal texts apart by their key (layout_text_id), so a
 * text let go and laid out again draws the same. Between documents, texts
 * go at the start of each: those the document before did not use (a
 * recipient's own: names, dates, footers), and all of them when that
 * leaves more than COMPOSE_CACHE_MAX_TEXTS. (A book laid out as a stream
 * lets texts go within the document too: compose_cache_stream().) So a worker holds at most one document's texts
 * more than the document it is laying out, and its memory stays flat
 * however many recipients it makes. (layout.h's layout_cache_t.) */
typedef struct compose_cache compose_cache_t;

/* Texts one document may pass on to the next: a worksheet uses 16, a
 * year's book about 1,700; a document of more starts the next one cold. */
#define COMPOSE_CACHE_MAX_TEXTS 8192

compose_cache_t *compose_cache_new(PangoFontMap *map);
void compose_cache_free(compose_cache_t *k);
/* Start a document in `language` with `fonts`: the cache's context, made
 * again (its texts let go) when either differs from the last document's. */
PangoContext *compose_cache_begin(compose_cache_t *k, const char *language,
                                  PangoFontDescription *const fonts[COMPOSE_FONT_N]);
/* A book laid out as a stream (layout.h) uses its cache so: first
 * compose_cache_stream(), then compose_cache_done() after each logical
 * page of the first pass (`release` false) and of the second (true). The
 * cache notes, for every text, the last logical page that uses it, which
 * the first pass sees (a hash of the text's key to a page number: a
 * collision can only keep a text longer). After a page of the second
 * pass, the texts no later page uses go; and after any page, when more
 * than COMPOSE_STREAM_MAX_TEXTS are kept, the least recently used go
 * until a quarter of that is free: a text they were still to be used for
 * is laid out again, the same. */
void compose_cache_stream(compose_cache_t *k);
void compose_cache_done(compose_cache_t *k, size_t page, bool release);

/* Limit: texts a stream keeps, about 1.2 MB of PangoLayouts. A book of a
 * year (137 pages, 744 texts) lays out each text once; longer ones lay
 * out again, in the second pass, those the limit let go. */
#define COMPOSE_STREAM_MAX_TEXTS 1024

typedef struct {
    run_t *run;
    const plan_t *plan;
    const model_layout_t *L;
    PangoContext *pc;  /* the cache's */
    PangoFontDescription *fonts[COMPOSE_FONT_N];
    compose_cache_t *cache;
    GHashTable *missing; /* characters no font has, warned about once */
    GArray *pages;     /* layout_page_t */
    size_t cur;        /* the printed page being filled */
    size_t next;       /* printed pages started: the index compose_start()
                          gives the next (below pages->len only when
                          layout.c lays a logical page out again) */
    size_t plan_page;  /* the logical page being laid out */
    unsigned errors;   /* diag errors when layout began */
    size_t *entry_page; /* after pagination: each plan entry's first printed
                           page (for the contents) */
    /* the content area of the current page (its size is the same on every
     * page, and known before the first) */
    double cx, cy, cw, ch;
    double top; /* where content starts on this page: cy, or below the
                   heading of a page an exercise runs on to */
} compose_t;

/* ---- text and boxes --------------------------------------------------- */

/* A laid-out text in font `f` at `scale`, wrapped at `width` (<= 0: not
 * wrapped). Borrowed from the cache. */
PangoLayout *compose_text(compose_t *c, compose_font_t f, double scale, const char *markup,
                          double width, PangoAlignment align);
double compose_height(PangoLayout *pl);
double compose_width(PangoLayout *pl);
double compose_baseline(PangoLayout *pl);

/* A new box on the current page, with the role its kind usually has. */
layout_box_t *compose_box(compose_t *c, layout_box_kind_t kind, double x, double y, double w,
                          double h, layout_ink_t ink);
/* Set a box's role; returns it. */
layout_box_t *compose_role(layout_box_t *b, layout_role_t role, int level);
/* Place all of `pl` with its origin at (x, y): a paragraph box. */
layout_box_t *compose_put(compose_t *c, PangoLayout *pl, double x, double y, layout_ink_t ink);
/* compose_put() of a label. */
layout_box_t *compose_label(compose_t *c, PangoLayout *pl, double x, double y,
                            layout_ink_t ink);

/* ---- pages ------------------------------------------------------------ */

/* Start a printed page of `kind` (its name in dumps) for the current
 * logical page, and make it current. */
void compose_start(compose_t *c, const char *kind);
/* Make printed page `i` current, with its content area. */
void compose_set_page(compose_t *c, size_t i);
layout_page_t *compose_page(compose_t *c);
double compose_bottom(const compose_t *c);
/* No error since layout began. */
bool compose_ok(const compose_t *c);
/* Report that `what` has no room on the current page. Returns false. */
bool compose_no_room(compose_t *c, src_pos_t at, const char *what);

/* ---- blocks ----------------------------------------------------------- */

/* The air below a page's intro, the same on every kind of page. */
#define COMPOSE_INTRO_GAP (4 * COMPOSE_MM)

/* The page prologue: start a printed page of `kind`, the heading (title,
 * and the week's dates at right), then the intro and COMPOSE_INTRO_GAP.
 * Returns the y below. */
double compose_head(compose_t *c, const char *kind, const plan_page_t *p);
/* A printed page more for the logical page being laid out: start a page of
 * `kind` headed "Title, continued" (with the week's dates). Returns the y
 * below the heading. */
double compose_continue(compose_t *c, const char *kind);
/* How tall compose_heading() of `title` and `range` is. */
double compose_heading_height(compose_t *c, const char *title, const char *range);
/* A page heading alone at the top of the current page. Returns y below. */
double compose_heading(compose_t *c, const char *title, const char *range, src_pos_t at);
/* A paragraph placed whole at y; returns y below it. */
double compose_para(compose_t *c, compose_font_t f, double scale, const char *markup,
                    double x, double y, double w, layout_ink_t ink);
/* The intro of a page, muted, at y (none: nothing); returns the y below it
 * and COMPOSE_INTRO_GAP. */
double compose_intro(compose_t *c, const char *intro, double y);
/* Text flowing over as many pages as it needs (no lone lines at a page's
 * foot or head); `bullet` marks a list item. Returns y below it. */
double compose_flow(compose_t *c, PangoLayout *pl, double x, double y, layout_ink_t ink,
                    const char *bullet, layout_role_t role, src_pos_t at);
/* Height of lines [first, first + n) of `pl`. */
double compose_line_span(PangoLayout *pl, int first, int n);
/* Writing lines: n rules `pitch` apart, the first one `pitch` below y. */
void compose_rules(compose_t *c, double x, double y, double w, unsigned n);
/* A label whose right edge is at `right`, wrapped within `maxw`. Returns its
 * height. */
double compose_label_right(compose_t *c, double scale, const char *markup, double maxw,
                           double right, double y, layout_ink_t ink);
/* A small label centred in a box; returns it. */
layout_box_t *compose_centred(compose_t *c, double scale, const char *markup, double x,
                              double y, double w, double h, layout_ink_t ink);
/* A cell of a grid: a hairline rectangle to write or tick in. */
void compose_cell(compose_t *c, double x, double y, double w, double h);
/* A card to cut out: crop marks outside its corners. */
void compose_cut(compose_t *c, double x, double y, double w, double h);
/* Fill the page from y down: lined, dotted, grid or blank. Less room than
 * `lines` writing lines is an error about `what`, at `at`. */
bool compose_fill(compose_t *c, model_notes_t style, double y, unsigned lines, src_pos_t at,
                  const char *what);
/* Room for a block `h` tall at *y: on this page, or on a new page of `kind`
 * that starts with the title (and, before the first block, the intro).
 * False after reporting a block that no page can hold. */
bool compose_room_for(compose_t *c, const plan_page_t *p, const char *kind, double h,
                      bool first_block, bool *fresh, double *y, const char *what);

/* Partner columns: a label for each person (wrapped within the column) and
 * the column width. With one person there are no labels. */
typedef struct {
    size_t n;
    double colw, gutter, label_h;
    PangoLayout *labels[MODEL_MAX_PEOPLE];
} compose_columns_t;

compose_columns_t compose_columns(compose_t *c, size_t people);
/* The space to answer in: labels, then `lines` writing lines in each
 * column. Returns y below the last line. */
double compose_answer(compose_t *c, const compose_columns_t *k, double y, unsigned lines);

/* A 1-10 rating scale for each person at the foot of the page (with
 * `place`; else only measured). Returns the height it takes, the air above
 * it included. */
double compose_scale(compose_t *c, const char *question, const char *low, const char *high,
                     size_t people, bool place);

/* Groups of prompts, each prompt with writing lines (a column for each of
 * `people`), flowing over pages of `kind`; a prompt and its lines stay on
 * one page and a group heading stays with its first prompt. */
typedef struct {
    const char *heading; /* markup or NULL */
    const char **prompts;
    size_t n_prompts;
} compose_group_t;

/* Starts with the page prologue unless `y` >= 0, which continues the
 * current page at y. Returns the y below the last prompt. */
double compose_prompts(compose_t *c, const plan_page_t *p, const char *kind,
                       const compose_group_t *groups, size_t n_groups, unsigned lines,
                       size_t people, double y);

#endif
