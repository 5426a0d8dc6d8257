/* layout: plan -> printed pages of positioned boxes, measured with Pango.
 *
 * Layout never draws: it decides where every piece of text, every writing
 * line, dot grid, scale circle and link goes, and how many printed pages a
 * logical page needs. Text is measured with the same font map and context
 * that render draws with. Units are points, origin top left.
 *
 * Text that cannot fit where it must (a question too long for its page, a
 * title that fills the cover) is an error naming the printed page and the
 * source position. */
#ifndef KEEPSAKE_LAYOUT_H
#define KEEPSAKE_LAYOUT_H

#include "plan.h"

#include <pango/pango.h>

typedef enum {
    LAYOUT_INK_TEXT,
    LAYOUT_INK_ACCENT,
    LAYOUT_INK_RULE,
    LAYOUT_INK_MUTED,
} layout_ink_t;

typedef enum {
    LAYOUT_BOX_TEXT,     /* lines [line_first, line_first+line_count) of `text` */
    LAYOUT_BOX_RULE,     /* a writing line from (x, y) to (x + w, y) */
    LAYOUT_BOX_LEADER,   /* a dotted leader from (x, y) to (x + w, y) */
    LAYOUT_BOX_DOTS,     /* a dot grid filling the box, `step` apart */
    LAYOUT_BOX_GRID,     /* a square grid filling the box, `step` apart */
    LAYOUT_BOX_CIRCLE,   /* a circle inscribed in the box */
    LAYOUT_BOX_ORNAMENT, /* the cover's drawn ornament, centred in the box */
    LAYOUT_BOX_LINK,     /* a clickable area leading to page `target` */
    LAYOUT_BOX_CUT,      /* a card to cut out: crop marks outside its corners */
    LAYOUT_BOX_RECT,     /* a rectangle's outline: a cell of a grid */
    LAYOUT_BOX_DISC,     /* a filled circle inscribed in the box: a marker */
} layout_box_kind_t;

/* What a box is to a reader. Render turns roles into PDF structure tags;
 * decorations, ruling and footers stay out of the reading order. */
typedef enum {
    LAYOUT_ROLE_DECORATION, /* ornaments, separators, crop marks, grid cells */
    LAYOUT_ROLE_HEADING,    /* with `level`: 1 the page's title, 2 within it */
    LAYOUT_ROLE_PARAGRAPH,
    LAYOUT_ROLE_LIST_ITEM,
    LAYOUT_ROLE_LABEL,      /* a short label: a name, a day, a number */
    LAYOUT_ROLE_WRITING,    /* a writing line or area to fill in by hand */
    LAYOUT_ROLE_LINK,
    LAYOUT_ROLE_FOOTER,
    LAYOUT_ROLE_NAV,        /* a tablet's tabs in the margin (tabs.h), links too */
} layout_role_t;

typedef struct {
    layout_box_kind_t kind;
    layout_role_t role;
    int level; /* LAYOUT_ROLE_HEADING: 1 or 2 */
    double x, y, w, h; /* for text: the logical extents of the lines drawn */
    double origin_x;   /* text: where the PangoLayout's origin goes */
    layout_ink_t ink;
    double stroke;
    PangoLayout *text; /* LAYOUT_BOX_TEXT: a reference the box owns */
    int line_first, line_count;
    double step;
    size_t target; /* LAYOUT_BOX_LINK: 0-based printed page */
} layout_box_t;

typedef struct {
    layout_box_t *boxes;
    size_t n_boxes, cap;
    const char *label; /* page label, as printed in the footer: "iii", "12" */
    const char *kind;  /* page kind, for dumps */
    size_t plan_page;  /* the logical page it belongs to */
    bool no_footer;
} layout_page_t;

typedef struct {
    const char *title; /* plain text */
    size_t page;       /* 0-based printed page */
    size_t parent;     /* index + 1 of the parent item; 0: top level */
} layout_outline_t;

/* Everything render needs, copied from the plan and the layout file, so
 * render reads nothing else. */
typedef struct {
    plan_meta_t meta;
    model_colour_t inks[4]; /* by layout_ink_t */
    model_colour_t paper;   /* the background; white: none */
    bool grayscale;         /* draw colours as greys (render sets it on its copy) */
    double page_w, page_h;
    double margin_top, margin_bottom, margin_inner, margin_outer; /* for dumps */
    bool duplex;
    layout_page_t *pages;
    size_t n_pages;
    layout_outline_t *outline;
    size_t n_outline;
} layout_doc_t;

/* Lay out every page of `plan` with fonts from `map`. Returns false after
 * reporting; on success the caller frees `*out` with layout_free(). */
bool layout_paginate(run_t *run, const plan_t *plan, PangoFontMap *map,
                     layout_doc_t **out);

/* The texts laid out, kept for the next document (compose.h): a batch
 * worker lays out each recipient with one, so the texts recipients share
 * are shaped once. A document comes out the same, byte for byte, with a
 * cache new or used. */
typedef struct compose_cache layout_cache_t;
layout_cache_t *layout_cache_new(PangoFontMap *map);
void layout_cache_free(layout_cache_t *k);
/* layout_paginate() with the cache's font map and texts. */
bool layout_paginate_cached(run_t *run, const plan_t *plan, layout_cache_t *cache,
                            layout_doc_t **out);

/* A book laid out as a stream, for a PDF of its pages as they are: its
 * peak memory is one logical page's boxes and the texts still to be used,
 * not every page's. Cairo writes pages in order, and the first pages (the
 * contents) need every entry's page number, so layout_stream_open() lays
 * the book out once to count, reporting every error it finds, and lets
 * each logical page's boxes go once it is laid out (a kind that fills its
 * pages in later, the contents, keeps them). `see` is called once for
 * every printed page, its boxes complete but for its footer and tabs, so
 * that render can tell which pages share what they draw. Then each
 * layout_stream_next() lays the next logical page out again, the same
 * page for page, adds its footers and tabs, and hands its printed pages
 * [*first, *first + *n) out in (*doc)->pages, complete; the call after
 * lets them and the texts no later page uses go. False when every page
 * has been handed out, or after reporting an error (a footer too long).
 *
 * `*doc` has every page's label, kind and logical page from the start,
 * and the outline; the caller frees it with layout_free() after
 * layout_stream_close(), whatever the stream returned. */
typedef struct layout_stream layout_stream_t;
typedef void (*layout_see_fn)(void *ctx, size_t page, const layout_page_t *pg);
bool layout_stream_open(run_t *run, const plan_t *plan, PangoFontMap *map, layout_see_fn see,
                        void *ctx, layout_doc_t **doc, layout_stream_t **out);
bool layout_stream_next(layout_stream_t *s, size_t *first, size_t *n);
void layout_stream_close(layout_stream_t *s);

/* What a text box's PangoLayout was made of (font, size, width,
 * alignment, markup), from the layout's cache: equal texts have equal ids
 * whether or not they share the PangoLayout. NULL for a layout made
 * outside the cache (a tab's label). */
const char *layout_text_id(PangoLayout *pl);

/* Let a page's boxes go, and the references to texts they hold. */
void layout_page_clear(layout_page_t *pg);

void layout_free(layout_doc_t *doc);

#endif
