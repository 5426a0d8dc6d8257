/* render: laid-out pages -> a PDF, with metadata, outline, page labels,
 * links and structure tags from the boxes' roles. Render never measures:
 * every position comes from layout. */
#ifndef KEEPSAKE_RENDER_H
#define KEEPSAKE_RENDER_H

#include "impose.h"
#include "layout.h"
#include "run.h"

#include <cairo.h>

/* Write `doc` as a PDF to `path` ("-": standard output), atomically (see
 * output.h); the files the run read (run->inputs) are never overwritten.
 * `*size` (if not NULL) is set to the PDF's size in bytes. False after
 * reporting; then no file was created or changed. */
bool render_pdf(run_t *run, const layout_doc_t *doc, const char *path, size_t *size);

/* Check SOURCE_DATE_EPOCH, which gives the PDF's creation date: unset, or
 * a whole number of seconds since 1970 (up to the end of 9999). False
 * after reporting, so a build can stop before writing anything. */
bool render_check_date(run_t *run);

/* An imposed PDF: one page for each side of each sheet of `plan`. */
typedef struct {
    const impose_plan_t *plan; /* borrowed */
    impose_geom_t geom;
    bool fold_marks;
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

#endif
