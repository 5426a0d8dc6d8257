/* render: laid-out pages -> a PDF, with metadata, outline, page labels,
 * links and structure tags from the boxes' roles. Render never measures:
 * every position comes from layout. */
#ifndef KEEPSAKE_RENDER_H
#define KEEPSAKE_RENDER_H

#include "impose.h"
#include "layout.h"
#include "run.h"

/* Write `doc` as a PDF to `path`, atomically (see output.h); the files the
 * run read (run->inputs) are never overwritten. False after reporting;
 * then no file was created or changed. */
bool render_pdf(run_t *run, const layout_doc_t *doc, const char *path);

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

#endif
