/* impose: finished pages -> sheets for a saddle-stitched booklet.
 *
 * A pure stage: it knows page counts and sizes, never boxes or Cairo.
 * impose_booklet() pads the book to a multiple of four pages and says, for
 * each sheet and each of its sides, which page goes in the left and the
 * right slot, and whether the side is drawn upside down. Printed
 * double-sided, flipped on the chosen edge, each signature's sheets stacked
 * (the first on top), folded in half and the signatures gathered in order
 * (one after another, not nested: signature 2 goes after signature 1), the
 * booklet reads 1, 2, 3, ... then the blank padding. With cover_outside the
 * first sheet is the cover, its own signature: pages 1 and 2 and the
 * padded book's last two, folded around the gathered signatures.
 *
 * Sheets are landscape with two portrait pages side by side. Flipped on
 * the short edge (the usual duplex setting for booklets) a sheet turns over
 * like a book's leaf, so its back is upright. Flipped on the long edge it
 * turns over like a calendar, so the back is drawn rotated by 180 degrees
 * to come out upright. Right-to-left binding (the spine on the right)
 * mirrors the slots. tests/unit/test-impose.c folds the sheets to check. */
#ifndef KEEPSAKE_IMPOSE_H
#define KEEPSAKE_IMPOSE_H

#include <stdbool.h>
#include <stddef.h>

/* Limit: a booklet of more pages than this is surely a mistake (a
 * saddle-stitched one holds 100 or so). */
#define IMPOSE_MAX_PAGES 100000

typedef enum { IMPOSE_FLIP_SHORT, IMPOSE_FLIP_LONG } impose_flip_t;

typedef struct {
    size_t signature; /* sheets per signature; 0: one signature for the book */
    impose_flip_t flip;
    bool rtl;         /* right-to-left binding */
    bool cover_outside; /* the first and last two pages on a sheet around all signatures */
} impose_opts_t;

enum { IMPOSE_LEFT, IMPOSE_RIGHT };
enum { IMPOSE_FRONT, IMPOSE_BACK };

typedef struct {
    /* 0-based page in the padded book, as read in the side's upright
     * frame; a page >= impose_plan_t.n_pages is padding: left blank. */
    size_t slot[2]; /* IMPOSE_LEFT, IMPOSE_RIGHT */
    bool rotate;    /* draw the whole side rotated by 180 degrees */
} impose_side_t;

typedef struct {
    impose_side_t side[2]; /* IMPOSE_FRONT, IMPOSE_BACK */
    size_t signature;      /* 0-based */
    size_t depth;          /* within its signature: 0 the outermost sheet */
} impose_sheet_t;

typedef struct {
    size_t n_pages;  /* the book's pages */
    size_t n_padded; /* n_pages rounded up to a multiple of 4 */
    size_t n_sheets, n_signatures; /* the cover, if any, counts as a signature */
    bool cover;              /* sheets[0] is the cover: printed first, folded around the rest */
    impose_sheet_t *sheets; /* in printing order; the caller frees it */
} impose_plan_t;

/* The plan for `n_pages` pages. False (the plan untouched) if n_pages is
 * 0 or above IMPOSE_MAX_PAGES. On success free it with impose_plan_free(). */
bool impose_booklet(size_t n_pages, const impose_opts_t *opts, impose_plan_t *out);

void impose_plan_free(impose_plan_t *plan);

/* Fold marks (in points): IMPOSE_MARK_LEN long, IMPOSE_MARK_GAP off the
 * pages' trim; left out where the sheet's margin is below IMPOSE_MARK_MIN
 * after the gap (a sheet of just the page pair has no margin). */
#define IMPOSE_MARK_LEN 14.17 /* 5 mm */
#define IMPOSE_MARK_GAP 5.67  /* 2 mm */
#define IMPOSE_MARK_MIN 2.83  /* 1 mm */
/* Staple marks: IMPOSE_STAPLE_LEN across the fold, on the middle spread
 * of each signature, a quarter of the page's height from its ends. */
#define IMPOSE_STAPLE_LEN 11.34 /* 4 mm */

/* Where pages go on a sheet, in points. */
typedef struct {
    double page_w, page_h;   /* the book's pages */
    double sheet_w, sheet_h; /* landscape */
    double creep;            /* per sheet of depth, towards the fold */
} impose_geom_t;

/* Where the top left corner of the page in `slot` of a side of a sheet at
 * `depth` goes, in the side's upright frame: the two pages meet at the
 * fold, centred on the sheet, and the content moves towards the fold by
 * creep x depth. `*trim_x` is where the page's trim (its unshifted
 * edge) is, for clipping. */
void impose_place(const impose_geom_t *g, size_t depth, int slot, double *x, double *y,
                  double *trim_x);

/* ---- cards n-up ----
 * Cards of one size (slots) in a grid of columns and rows, centred on the
 * sheet, IMPOSE_CARD_GUTTER apart (wide enough for the crop marks of two
 * cards) and at least IMPOSE_CARD_MARGIN off the sheet's edges (more than
 * a printer's unprintable border, with room for the marks). The sheet is
 * turned whichever way holds more cards (portrait when equal). */
#define IMPOSE_CARD_GUTTER 22.68 /* 8 mm */
#define IMPOSE_CARD_MARGIN 28.35 /* 10 mm */

typedef struct {
    double sheet_w, sheet_h; /* as printed */
    double slot_w, slot_h;
    double x, y;             /* the top left slot's corner */
    size_t cols, rows;
} impose_grid_t;

/* The grid for slots `slot_w` x `slot_h` on a sheet `sheet_w` x `sheet_h`
 * (either way round). False if not one slot fits. */
bool impose_cards(double slot_w, double slot_h, double sheet_w, double sheet_h,
                  impose_grid_t *out);

/* Where slot `k` (0 .. cols x rows - 1, row by row) is on `side`: on the
 * back, where the front's slot k falls when the sheet is printed
 * double-sided and flipped on `flip`. Flipped on the long edge of a
 * portrait sheet (or the short edge of a landscape one) the sheet turns
 * over side to side, so the columns are mirrored; otherwise it turns over
 * top to bottom, and the rows are. Each side is drawn upright. */
void impose_card_slot(const impose_grid_t *g, size_t k, int side, impose_flip_t flip,
                      double *x, double *y);

/* A sheet size by name or exact (see paper.h: a4, letter, 320x225mm,
 * 11x8.5in...), in points, turned landscape (w >= h). False if `s` is
 * neither. */
bool impose_parse_sheet(const char *s, double *w, double *h);

#endif
