/* render: laid-out pages -> a PDF, with metadata, outline, page labels,
 * links and structure tags from the boxes' roles. Render never measures:
 * every position comes from layout. */
#ifndef KEEPSAKE_RENDER_H
#define KEEPSAKE_RENDER_H

#include "cardset.h"
#include "impose.h"
#include "layout.h"
#include "run.h"

#include <cairo.h>

/* Write `doc` as a PDF to `path` ("-": standard output), atomically (see
 * output.h); the files the run read (run->inputs) are never overwritten.
 * `*size` (if not NULL) is set to the PDF's size in bytes. False after
 * reporting; then no file was created or changed. */
bool render_pdf(run_t *run, const layout_doc_t *doc, const char *path, size_t *size);

/* Print options for a PDF of the book's pages (render_pdf_print). */
typedef struct {
    double bleed;    /* points the page grows by on every side; 0: none */
    bool crop_marks; /* crop marks outside the bleed; the page grows to hold them */
    bool grayscale;  /* colours as greys (see RENDER_GRAY_MAX) */
} render_print_t;

/* Crop marks: RENDER_CROP_LEN long, at least RENDER_CROP_GAP off the trim
 * and never inside the bleed, with RENDER_CROP_SLUG of paper beyond them. */
#define RENDER_CROP_GAP 8.50  /* 3 mm */
#define RENDER_CROP_LEN 14.17 /* 5 mm */
#define RENDER_CROP_SLUG 5.67 /* 2 mm */
/* Limit: a bleed is a few millimetres; 10 mm is more than any print shop asks. */
#define RENDER_MAX_BLEED 28.35 /* 10 mm */
/* Grayscale: a grey is the colour's luma (Rec. 601); writing lines, grids,
 * dots and muted labels are at least this dark (0 black, 1 white), so that
 * ruling stays visible however light its colour. */
#define RENDER_GRAY_MAX 0.6

/* How far the page's edge lies outside its trim for `pr`: the bleed, and
 * the room for crop marks when asked. */
double render_print_margin(const render_print_t *pr);

/* render_pdf() with print options: with a bleed or crop marks each page
 * grows by render_print_margin() on every side, the book's page (the
 * trim) centred on it, the paper colour filling the bleed; every page's
 * TrimBox and BleedBox are set. */
bool render_pdf_print(run_t *run, const layout_doc_t *doc, const render_print_t *pr,
                      const char *path, size_t *size);

/* A book's PDF a few pages at a time, for a book laid out as a stream
 * (layout.h), in three steps. render_layers_see() is the stream's `see`:
 * it is told every printed page before any is drawn, so that a layer
 * (what pages of a kind draw alike: writing lines, scales) that pages
 * share is written once. render_book_open() opens the PDF (`doc` gives
 * its metadata, outline and page count; its pages come later), each
 * render_book_pages() draws pages [first, first + n) of doc->pages, in
 * order, and render_book_close() finishes, packs and commits the PDF when
 * `ok`, else lets it go without a word (the caller has reported why).
 * Cairo's own errors are reported, and leave no file, either way. */
typedef struct render_layers render_layers_t;
render_layers_t *render_layers_new(void);
void render_layers_see(void *layers, size_t page, const layout_page_t *pg);
void render_layers_free(render_layers_t *l);

typedef struct render_book render_book_t;
render_book_t *render_book_open(run_t *run, const layout_doc_t *doc, const render_print_t *pr,
                                render_layers_t *layers, const char *path);
bool render_book_pages(render_book_t *b, size_t first, size_t n);
bool render_book_close(render_book_t *b, bool ok, size_t *size);

/* Check SOURCE_DATE_EPOCH, which gives the PDF's creation date: unset, or
 * a whole number of seconds since 1970 (up to the end of 9999). False
 * after reporting, so a build can stop before writing anything. */
bool render_check_date(run_t *run);

/* An imposed PDF: one page for each side of each sheet of `plan`. */
typedef struct {
    const impose_plan_t *plan; /* borrowed */
    impose_geom_t geom;
    bool fold_marks;
    bool staple_marks; /* on the fold of each signature's middle spread */
    bool grayscale;
} render_sheets_t;

/* Write `doc` imposed on sheets as a PDF to `path`, atomically, as
 * render_pdf() does; every page must fit its slot (build checks). False
 * after reporting; then no file was created or changed. */
bool render_pdf_sheets(run_t *run, const layout_doc_t *doc, const render_sheets_t *rs,
                       const char *path);

/* Draw printed page `page` of `doc` onto `cr` in points, origin at the
 * page's top left, without links, tags or labels: the back-end for the
 * PNG, SVG and contact-sheet previews (preview.h). The caller checks
 * cairo_status(). */
void render_page(cairo_t *cr, const layout_doc_t *doc, size_t page);
/* Cards n-up: every card of the book's cards pages (see cardset.h) on
 * sheets, with crop marks, their backs (if any) on the backs of the
 * sheets where they fall when printed double-sided, flipped on `flip`. */
typedef struct {
    const cardset_t *set;      /* borrowed */
    const impose_grid_t *grid; /* borrowed: slots of set->max_w x set->max_h */
    impose_flip_t flip;
    bool grayscale;
} render_cards_t;

/* Write the cards of `doc` as a PDF to `path`, atomically. `*sheets` and
 * `*with_backs` say what was written. False after reporting. */
bool render_pdf_cards(run_t *run, const layout_doc_t *doc, const render_cards_t *rc,
                      const char *path, size_t *sheets, bool *with_backs);

/* A duplex calibration sheet: one landscape sheet `w` x `h`, front and
 * back, whose back says which --flip the printer's setting matches. Its
 * text is set in Lato from `map` (the book's fonts). */
bool render_pdf_calibration(run_t *run, const layout_doc_t *doc, PangoFontMap *map, double w,
                            double h, const char *path);

#endif
