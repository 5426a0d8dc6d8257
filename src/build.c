/* build: see build.h. */
#include "build.h"

#include "dump.h"
#include "fonts.h"
#include "layout.h"
#include "plan.h"
#include "render.h"

#include <stdio.h>
#include <string.h>

/* Output name when -o is not given: the book file's name, .pdf, here. */
static char *default_output(const build_job_t *job, const char *exercise)
{
    if (exercise)
        return g_strdup_printf("%s.pdf", exercise);
    char *base = g_path_get_basename(job->book);
    char *dot = strrchr(base, '.');
    if (dot)
        *dot = '\0';
    char *r = g_strdup_printf("%s.pdf", base);
    g_free(base);
    return r;
}

/* The job's settings, with a worksheet's exercise first, so that a later
 * --set exercise=... wins; its problems are blamed on "worksheet ARG"
 * (`where`, g_free it). */
static model_setting_t *settings(const build_job_t *job, const char *exercise, size_t *n,
                                 char **where)
{
    model_setting_t *s = g_new0(model_setting_t, job->n_sets + 2);
    *n = 0;
    *where = exercise ? g_strdup_printf("worksheet %s", job->exercise) : NULL;
    if (exercise)
        s[(*n)++] = (model_setting_t){"exercise", exercise, *where};
    for (size_t i = 0; i < job->n_sets; i++)
        s[(*n)++] = job->sets[i];
    return s;
}

/* What to do with the sheets, once written: one line on stderr. */
static void say_sheets(const impose_plan_t *p, const impose_opts_t *o)
{
    char blank[48] = "";
    if (p->n_padded > p->n_pages)
        snprintf(blank, sizeof blank, " + %zu blank", p->n_padded - p->n_pages);
    fprintf(stderr, "%zu page%s%s -> %zu sheet%s (%zu signature%s); print double-sided, "
            "flip on the %s edge\n", p->n_pages, p->n_pages == 1 ? "" : "s", blank, p->n_sheets,
            p->n_sheets == 1 ? "" : "s", p->n_signatures, p->n_signatures == 1 ? "" : "s",
            o->flip == IMPOSE_FLIP_LONG ? "long" : "short");
}

/* Impose `doc` as a booklet and write it to `output`. Pages are never
 * scaled: a sheet too small for two pages side by side is an error. */
static int write_booklet(run_t *run, const build_impose_t *im, const layout_doc_t *doc,
                         const char *output)
{
    impose_plan_t plan;
    render_sheets_t rs = {&plan, {doc->page_w, doc->page_h, im->sheet_w, im->sheet_h, im->creep},
                          im->fold_marks};
    if (!rs.geom.sheet_w) {
        rs.geom.sheet_w = 2 * doc->page_w;
        rs.geom.sheet_h = doc->page_h;
    }
    const double eps = 0.01, mm = 72 / 25.4;
    if (2 * doc->page_w > rs.geom.sheet_w + eps || doc->page_h > rs.geom.sheet_h + eps) {
        diag_error(&run->diag, diag_at(output, 0, 0),
                   "two %.0fx%.0f mm pages do not fit side by side on a %.0fx%.0f mm sheet "
                   "(pages are never scaled): choose a larger --sheet",
                   doc->page_w / mm, doc->page_h / mm, rs.geom.sheet_w / mm, rs.geom.sheet_h / mm);
        return RUN_EXIT_INPUT;
    }
    if (!impose_booklet(doc->n_pages, &im->opts, &plan)) {
        diag_error(&run->diag, diag_at(output, 0, 0), "cannot impose %zu pages (at most %d)",
                   doc->n_pages, IMPOSE_MAX_PAGES);
        return RUN_EXIT_INPUT;
    }
    if (im->fold_marks && (rs.geom.sheet_h - doc->page_h) / 2 - IMPOSE_MARK_GAP < IMPOSE_MARK_MIN)
        diag_warning(&run->diag, diag_at(output, 0, 0),
                     "no room for fold marks: the sheet has no margin above the pages");
    bool ok = render_pdf_sheets(run, doc, &rs, output);
    if (ok)
        say_sheets(&plan, &im->opts);
    impose_plan_free(&plan);
    return ok ? RUN_EXIT_OK : RUN_EXIT_OUTPUT;
}

/* The line a PDF written gets: its pages, its paper (a name, else its
 * size in millimetres) and its size in KB (of 1024 bytes). */
static void summary(FILE *out, const char *output, const layout_doc_t *doc, size_t bytes)
{
    char paper[64];
    const char *name = model_paper_name(doc->page_w, doc->page_h);
    if (name) {
        g_strlcpy(paper, name, sizeof paper);
        paper[0] = g_ascii_toupper(paper[0]);
    } else {
        snprintf(paper, sizeof paper, "%.0fx%.0f mm", doc->page_w / 72 * 25.4,
                 doc->page_h / 72 * 25.4);
    }
    fprintf(out, "wrote %s: %zu page%s, %s, %zu KB\n",
            strcmp(output, "-") ? output : "standard output", doc->n_pages,
            doc->n_pages == 1 ? "" : "s", paper, (bytes + 512) / 1024);
}

int build_run(const build_job_t *job)
{
    run_t *run = run_new(stderr, job->data_dir);
    model_book_t *book = NULL;
    plan_t *plan = NULL;
    PangoFontMap *map = NULL;
    layout_doc_t *doc = NULL;
    char *output = NULL;
    size_t n_sets;
    /* a worksheet's exercise: an id, or a path to the user's own file */
    const char *exercise = job->exercise ? model_exercise_id(run, job->exercise) : NULL;
    char *where;
    model_setting_t *sets = settings(job, exercise, &n_sets, &where);
    int rc = RUN_EXIT_INPUT;

    /* A bad SOURCE_DATE_EPOCH is an input error, reported with the rest. */
    bool date_ok = job->dump || render_check_date(run);
    if (!model_build(run, job->book, job->layout, sets, n_sets, &book) ||
        !plan_build(run, book, &plan) || !date_ok ||
        !(map = fonts_open(run, book->layout, book->fonts_dir)) ||
        !layout_paginate(run, plan, map, &doc))
        goto out;
    if (job->dump) {
        dump_layout(stdout, doc);
        rc = fflush(stdout) == 0 ? RUN_EXIT_OK : RUN_EXIT_OUTPUT;
        goto out;
    }
    output = job->output ? g_strdup(job->output) : default_output(job, exercise);
    if (job->impose.booklet) {
        rc = write_booklet(run, &job->impose, doc, output);
    } else {
        size_t bytes = 0;
        rc = render_pdf(run, doc, output, &bytes) ? RUN_EXIT_OK : RUN_EXIT_OUTPUT;
        if (rc == RUN_EXIT_OK && !job->quiet)
            summary(run->diag.out, output, doc, bytes);
    }
out:
    for (size_t i = 0; job->inputs && i < run->inputs.n; i++)
        g_ptr_array_add(job->inputs, g_strdup(run->inputs.paths[i]));
    diag_finish(&run->diag);
    if (rc == RUN_EXIT_INPUT && run->diag.errors)
        fprintf(stderr, "keepsake: %u error%s; nothing was written\n", run->diag.errors,
                run->diag.errors == 1 ? "" : "s");
    layout_free(doc);
    if (map)
        g_object_unref(map);
    run_free(run);
    g_free(sets);
    g_free(where);
    g_free(output);
    return rc;
}
