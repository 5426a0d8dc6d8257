/* build: one job through every stage, load to output.
 *
 * main.c turns the command line into a build_job_t; build_run() runs the
 * pipeline (model, plan, fonts, layout, then a dump or the PDF) and
 * returns the exit code. Each stage reports its own problems. */
#ifndef KEEPSAKE_BUILD_H
#define KEEPSAKE_BUILD_H

#include "impose.h"
#include "model.h"
#include "preview.h"

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

/* --impose and the print options, checked by main.c. */
typedef struct {
    bool given;             /* --impose was given; else the layout's print: may impose */
    bool none;              /* --impose none: the pages, whatever the layout says */
    bool flip_given;        /* --flip was given; else the layout's print: flip */
    bool booklet;           /* false: one PDF page for each book page */
    impose_opts_t opts;
    double sheet_w, sheet_h; /* points, landscape; 0: the page pair exactly (cards: A4) */
    double creep;           /* points per sheet of depth */
    bool fold_marks;
    bool staple_marks;      /* booklet: --marks staple */
    bool cards;             /* --impose cards: only the book's cards, n-up */
    bool calibration;       /* --impose calibration: the duplex test sheet */
    bool crop_marks;        /* the book's pages: --marks crop */
    double bleed;           /* the book's pages: --bleed, points */
    bool grayscale;         /* any PDF: --grayscale */
} build_impose_t;

typedef struct {
    const char *book;      /* the book file */
    const char *layout;    /* -l: an id or a path; NULL: the book's */
    const char *data_dir;  /* --data, or NULL */
    const char *output;    /* -o; NULL: the book's name with .pdf */
    const char *exercise;  /* worksheet: the exercise, set as {exercise} */
    const model_setting_t *sets;
    size_t n_sets;
    bool dump;             /* print the layout instead of writing a PDF */
    build_impose_t impose;
    bool quiet;            /* -q: no summary line on success */
    preview_format_t format; /* --format: pdf (the default), png, svg, contact */
    unsigned dpi;          /* --dpi; 0: the format's default */
    const preview_pages_t *pages; /* --pages; NULL: every page */
    GPtrArray *inputs;     /* not NULL: gets a copy (g_free) of each file the build read */
} build_job_t;

/* Run `job`; returns a RUN_EXIT_* code. A --pages past the book's end is
 * a usage error (RUN_EXIT_USAGE), said once the book is laid out. A PDF written is summed up on
 * stderr, unless job->quiet: "wrote our-year.pdf: 269 pages, A5, 1091 KB". */
int build_run(const build_job_t *job);

#endif
