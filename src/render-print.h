/* render-print: what render.c and render-print.c share (not for other
 * modules): the open PDF, drawing one box, and the print options' pieces
 * (paper, crop marks, greys). */
#ifndef KEEPSAKE_RENDER_PRINT_H
#define KEEPSAKE_RENDER_PRINT_H

#include "output.h"
#include "pdfpack.h"
#include "render.h"

#include <cairo.h>
#include <pango/pango.h>

/* An open PDF: the output, the packer Cairo writes to (see pdfpack.h),
 * the surface with the book's metadata, and a context on it. */
typedef struct {
    output_t *out;
    pdfpack_t *pack;
    cairo_surface_t *s;
    cairo_t *cr;
    pdfpack_rect_t boxes[2]; /* TrimBox, BleedBox */
    bool has_boxes;
} pdf_t;

/* Open and close a PDF of pages `w` x `h` (render.c's pdf_open and
 * pdf_close; see there). */
bool render_open(run_t *run, const layout_doc_t *doc, const char *path, double w, double h,
                 pdf_t *p);
bool render_close(run_t *run, pdf_t *p, cairo_status_t st, const char *path, size_t *size);

/* Draw one box, as a book page does, without its structure tag. */
void render_box(cairo_t *cr, const layout_doc_t *doc, const layout_box_t *b);

/* The paper colour over `x, y, w, h`; nothing if it is white. */
void render_paper(cairo_t *cr, const layout_doc_t *doc, double x, double y, double w, double h);

/* Crop marks at the corners of the trim `x, y, w, h`, along its edges and
 * outside them, starting beyond the bleed. */
/* Two short lines at each corner of the rectangle, starting `gap` off it
 * and `len` long, added to the current path (the caller strokes). */
void render_corner_marks(cairo_t *cr, double x, double y, double w, double h, double gap,
                         double len);

void render_crop_marks(cairo_t *cr, double x, double y, double w, double h, double bleed);

/* `doc` with its inks turned to greys, in `*gray` (which borrows the
 * pages); returns `gray`. */
const layout_doc_t *render_gray_doc(const layout_doc_t *doc, layout_doc_t *gray);

/* `pl` with its colour attributes (markup's foreground, background,
 * underline and strikethrough colours) turned grey: a copy if it has any,
 * else `pl` itself. The caller unrefs what it gets. */
PangoLayout *render_gray_layout(PangoLayout *pl);

#endif
