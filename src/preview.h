/* preview: laid-out pages -> pictures, and page selections.
 *
 * A back-end beside the PDF (render.h): the same layout_doc_t drawn with
 * render_page() onto Cairo's image surface (PNG) or SVG surface, one file
 * a page, or as contact sheets of thumbnails with their page numbers. The
 * files go into a folder written whole or not at all (outdir.h):
 *
 *   page-001.png ... (png), page-001.svg ... (svg), sheet-1.png ... (contact)
 *
 * numbered by the page's place in the book (1 the first page), zero-padded
 * to at least three digits, so that a listing sorts in reading order.
 *
 * Both are deterministic: Cairo's PNG writer sets no time (no tIME chunk)
 * and its SVG writer numbers glyphs and clips in drawing order.
 *
 * --pages: a selection such as 1-5,9 or 12- (to the end), checked here and
 * against the book's page count once it is laid out. */
#ifndef KEEPSAKE_PREVIEW_H
#define KEEPSAKE_PREVIEW_H

#include "layout.h"
#include "run.h"

#include <pango/pango.h>
#include <stdbool.h>
#include <stddef.h>

typedef enum {
    PREVIEW_PDF,
    PREVIEW_PNG,
    PREVIEW_SVG,
    PREVIEW_CONTACT,
} preview_format_t;

/* Limits. Resolutions from a rough look (10 dpi) to a fine print proof
 * (600 dpi, 139 MB of pixels for an A4 page); a picture is at most
 * PREVIEW_MAX_SIDE pixels a side (Cairo's own limit is 32767). */
#define PREVIEW_MIN_DPI 10
#define PREVIEW_MAX_DPI 600
#define PREVIEW_MAX_SIDE 20000
/* A selection of more ranges than this is surely not typed by hand. */
#define PREVIEW_MAX_RANGES 1000
/* The highest page number a selection can name (as IMPOSE_MAX_PAGES). */
#define PREVIEW_MAX_PAGE 100000

/* Defaults: a screen's resolution for pages; thumbnails for contact
 * sheets, whose grid is PREVIEW_CONTACT_COLS x PREVIEW_CONTACT_ROWS. */
#define PREVIEW_DPI 96
#define PREVIEW_CONTACT_DPI 24
#define PREVIEW_CONTACT_COLS 6
#define PREVIEW_CONTACT_ROWS 5

typedef struct {
    size_t first, last; /* 1-based, first <= last; last 0: to the end */
} preview_range_t;

typedef struct {
    preview_range_t *ranges; /* g_free it */
    size_t n;
} preview_pages_t;

/* Parse a format name (pdf, png, svg, contact). False if it is none. */
bool preview_parse_format(const char *s, preview_format_t *out);

/* Parse a selection: comma-separated N, N-M or N-. False, with `why`
 * (g_free it) saying what is wrong, if it is not one. */
bool preview_parse_pages(const char *s, preview_pages_t *out, char **why);

/* Which of `n_pages` pages `sel` selects, as a new array of n_pages bools
 * (g_free it). NULL, with `why` (g_free it), if `sel` names a page past
 * the end. */
bool *preview_select(const preview_pages_t *sel, size_t n_pages, char **why);

/* A document of the pages of `doc` that `keep` selects, in order, with
 * their labels; links to pages left out are dropped, the others and the
 * outline follow the pages. It borrows `doc`'s texts: free it with
 * preview_doc_free() before `doc`. */
layout_doc_t *preview_doc(const layout_doc_t *doc, const bool *keep);
void preview_doc_free(layout_doc_t *sub);

typedef struct {
    preview_format_t format; /* PNG, SVG or CONTACT */
    unsigned dpi;            /* PNG and CONTACT */
    const bool *keep;        /* pages to draw; NULL: all */
    PangoFontMap *map;       /* the contact sheets' page numbers */
    const char *language;
} preview_opts_t;

/* Write the pages of `doc` as pictures into the folder `path`, whole or
 * not at all. `*n_files` and `*size` (if not NULL) get the files and
 * bytes written. False after reporting (then the folder is as it was). */
bool preview_write(run_t *run, const layout_doc_t *doc, const preview_opts_t *o,
                   const char *path, size_t *n_files, size_t *size);

#endif
