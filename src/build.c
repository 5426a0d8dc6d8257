/* build: see build.h. */
#include "build.h"

#include "dump.h"
#include "cardset.h"
#include "fonts.h"
#include "kind.h"
#include "layout.h"
#include "plan.h"
#include "render.h"

#include "text.h"

#include <stdio.h>
#include <string.h>

/* Output name when -o is not given: the book file's name, .pdf, here. */
/* Previews go to a folder: NAME-png, NAME-svg, NAME-contact. */
static char *default_output(const build_job_t *job, const char *exercise)
{
    static const char *const SUFFIX[] = {".pdf", "-png", "-svg", "-contact"};
    const char *suffix = SUFFIX[job->format];
    if (exercise)
        return g_strdup_printf("%s%s", exercise, suffix);
    char *base = g_path_get_basename(job->book);
    char *dot = strrchr(base, '.');
    if (dot)
        *dot = '\0';
    char *r = g_strdup_printf("%s%s", base, suffix);
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

/* The pages the book's pad-with exercise added to make up its pad-to (the
 * gift booklet's notes pages): they come last, of no logical page. */
static size_t padding_pages(const plan_t *plan, const layout_doc_t *doc)
{
    size_t n = 0;
    while (n < doc->n_pages && doc->pages[doc->n_pages - 1 - n].plan_page == plan->n_pages)
        n++;
    return n;
}

/* What to do with the sheets, once written: one line on stderr. `notes`
 * of the pages are the book's own padding. */
static void say_sheets(const impose_plan_t *p, const impose_opts_t *o, size_t notes,
                       const char *pad_kind)
{
    char blank[48] = "", padded[64] = "", sigs[64];
    size_t pages = p->n_pages - notes, inner = p->n_signatures - (p->cover ? 1 : 0);
    if (notes)
        snprintf(padded, sizeof padded, " + %zu %s page%s", notes, pad_kind,
                 notes == 1 ? "" : "s");
    if (p->n_padded > p->n_pages)
        snprintf(blank, sizeof blank, " + %zu blank", p->n_padded - p->n_pages);
    snprintf(sigs, sizeof sigs, "%s%zu signature%s", p->cover ? "a cover + " : "", inner,
             inner == 1 ? "" : "s");
    fprintf(stderr, "%zu page%s%s%s -> %zu sheet%s (%s); print double-sided, "
            "flip on the %s edge\n", pages, pages == 1 ? "" : "s", padded, blank, p->n_sheets,
            p->n_sheets == 1 ? "" : "s", sigs, o->flip == IMPOSE_FLIP_LONG ? "long" : "short");
}

/* --dump with --impose booklet: where each page goes on each side of each
 * sheet, in points, in the side's upright frame ("-": blank padding). */
static void dump_sheets(FILE *out, const impose_plan_t *p, const impose_geom_t *g)
{
    char f[3][32];
    fprintf(out, "sheets %zu signatures %zu pages %zu padded %zu cover=%d sheet=%sx%s creep=%s\n",
            p->n_sheets, p->n_signatures, p->n_pages, p->n_padded, p->cover,
            text_fmt(f[0], 32, g->sheet_w, 2), text_fmt(f[1], 32, g->sheet_h, 2),
            text_fmt(f[2], 32, g->creep, 2));
    for (size_t i = 0; i < p->n_sheets; i++)
        for (int side = IMPOSE_FRONT; side <= IMPOSE_BACK; side++) {
            const impose_sheet_t *sh = &p->sheets[i];
            fprintf(out, "sheet %zu %s signature=%zu depth=%zu rotate=%d", i + 1,
                    side == IMPOSE_FRONT ? "front" : "back", sh->signature + 1, sh->depth,
                    sh->side[side].rotate);
            for (int slot = IMPOSE_LEFT; slot <= IMPOSE_RIGHT; slot++) {
                double x, y, trim;
                size_t page = sh->side[side].slot[slot];
                impose_place(g, sh->depth, slot, &x, &y, &trim);
                char pg[32] = "-";
                if (page < p->n_pages)
                    snprintf(pg, sizeof pg, "%zu", page + 1);
                fprintf(out, " %s: page=%s x=%s trim=%s", slot == IMPOSE_LEFT ? "left" : "right",
                        pg, text_fmt(f[0], 32, x, 2), text_fmt(f[1], 32, trim, 2));
            }
            fputc('\n', out);
        }
}

/* Impose `doc` as a booklet and write it to `output`. Pages are never
 * scaled: a sheet too small for two pages side by side is an error. */
static int write_booklet(run_t *run, const build_impose_t *im, const plan_t *book,
                         const layout_doc_t *doc, const char *output, bool dump)
{
    impose_plan_t plan;
    render_sheets_t rs = {&plan, {doc->page_w, doc->page_h, im->sheet_w, im->sheet_h, im->creep},
                          im->fold_marks, im->staple_marks, im->grayscale};
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
    if (dump) {
        dump_sheets(stdout, &plan, &rs.geom);
        impose_plan_free(&plan);
        return fflush(stdout) == 0 ? RUN_EXIT_OK : RUN_EXIT_OUTPUT;
    }
    bool ok = render_pdf_sheets(run, doc, &rs, output);
    if (ok)
        say_sheets(&plan, &im->opts, padding_pages(book, doc),
                   book->pad ? book->pad->kind->name : "");
    impose_plan_free(&plan);
    return ok ? RUN_EXIT_OK : RUN_EXIT_OUTPUT;
}

/* A paper's name as the summary gives it ("A4", "Half-letter"), else its
 * size in millimetres, into `buf`. */
static const char *paper_label(char *buf, size_t n, double w, double h)
{
    const char *name = model_paper_name(w, h);
    if (name) {
        g_strlcpy(buf, name, n);
        buf[0] = g_ascii_toupper(buf[0]);
    } else {
        snprintf(buf, n, "%.0fx%.0f mm", w / 72 * 25.4, h / 72 * 25.4);
    }
    return buf;
}

/* --impose cards: the book's cards, n-up on sheets (A4 unless --sheet). */
/* --dump with --impose cards: each card's page and where it and its back
 * go, in points. */
static void dump_cards(FILE *out, const cardset_t *set, const impose_grid_t *g, impose_flip_t flip)
{
    char f[6][32];
    size_t per = g->cols * g->rows;
    fprintf(out, "cards %zu grid %zux%zu sheet=%sx%s slot=%sx%s flip=%s\n", set->n_cards, g->cols,
            g->rows, text_fmt(f[0], 32, g->sheet_w, 2), text_fmt(f[1], 32, g->sheet_h, 2),
            text_fmt(f[2], 32, g->slot_w, 2), text_fmt(f[3], 32, g->slot_h, 2),
            flip == IMPOSE_FLIP_LONG ? "long" : "short");
    for (size_t i = 0; i < set->n_cards; i++) {
        const cardset_card_t *c = &set->cards[i];
        double x, y, bx, by;
        impose_card_slot(g, i % per, IMPOSE_FRONT, flip, &x, &y);
        impose_card_slot(g, i % per, IMPOSE_BACK, flip, &bx, &by);
        fprintf(out, "card %zu sheet %zu page=%zu w=%s h=%s front x=%s y=%s", i + 1, i / per + 1,
                c->page + 1, text_fmt(f[0], 32, c->w, 2), text_fmt(f[1], 32, c->h, 2),
                text_fmt(f[2], 32, x, 2), text_fmt(f[3], 32, y, 2));
        if (c->back != CARDSET_NO_BACK)
            fprintf(out, " back page=%zu x=%s y=%s", c->back + 1, text_fmt(f[4], 32, bx, 2),
                    text_fmt(f[5], 32, by, 2));
        fputc('\n', out);
    }
}

static int write_cards(run_t *run, const build_impose_t *im, const layout_doc_t *doc,
                       const char *output, bool dump)
{
    cardset_t set;
    impose_grid_t grid;
    char paper[64];
    double sw = im->sheet_w ? im->sheet_w : 841.89, sh = im->sheet_w ? im->sheet_h : 595.28;
    const double mm = 72 / 25.4;
    if (!cardset_collect(doc, &set)) {
        diag_error(&run->diag, diag_at(output, 0, 0),
                   "the book has no cards to print (no exercise of kind 'cards'): leave out "
                   "--impose cards");
        return RUN_EXIT_INPUT;
    }
    if (!impose_cards(set.max_w, set.max_h, sw, sh, &grid)) {
        diag_error(&run->diag, diag_at(output, 0, 0),
                   "a %.0fx%.0f mm card does not fit on a %.0fx%.0f mm sheet with %.0f mm "
                   "margins (cards are never scaled): choose a larger --sheet",
                   set.max_w / mm, set.max_h / mm, sw / mm, sh / mm, IMPOSE_CARD_MARGIN / mm);
        cardset_free(&set);
        return RUN_EXIT_INPUT;
    }
    if (dump) {
        dump_cards(stdout, &set, &grid, im->opts.flip);
        cardset_free(&set);
        return fflush(stdout) == 0 ? RUN_EXIT_OK : RUN_EXIT_OUTPUT;
    }
    render_cards_t rc = {&set, &grid, im->opts.flip, im->grayscale};
    size_t sheets = 0;
    bool backs = false;
    bool ok = render_pdf_cards(run, doc, &rc, output, &sheets, &backs);
    if (ok) {
        char how[96];
        if (backs)
            snprintf(how, sizeof how, "print double-sided, flip on the %s edge",
                     im->opts.flip == IMPOSE_FLIP_LONG ? "long" : "short");
        else
            snprintf(how, sizeof how, "print single-sided (the cards have no backs)");
        fprintf(stderr, "%zu card%s -> %zu sheet%s of up to %zu (%zu x %zu on %s); %s; cut "
                "along the crop marks\n", set.n_cards, set.n_cards == 1 ? "" : "s", sheets,
                sheets == 1 ? "" : "s", grid.cols * grid.rows, grid.cols, grid.rows,
                paper_label(paper, sizeof paper, grid.sheet_w, grid.sheet_h), how);
    }
    cardset_free(&set);
    return ok ? RUN_EXIT_OK : RUN_EXIT_OUTPUT;
}

/* --impose calibration: the duplex test sheet (A4 unless --sheet). */
static int write_calibration(run_t *run, const build_impose_t *im, const layout_doc_t *doc,
                             PangoFontMap *map, const char *output)
{
    char paper[64];
    double w = im->sheet_w ? im->sheet_w : 841.89, h = im->sheet_w ? im->sheet_h : 595.28;
    if (!render_pdf_calibration(run, doc, map, w, h, output))
        return RUN_EXIT_OUTPUT;
    fprintf(stderr, "wrote %s: a duplex calibration sheet, %s landscape; print it "
            "double-sided, turn it over like a book's page and read which --flip to use\n",
            strcmp(output, "-") ? output : "standard output",
            paper_label(paper, sizeof paper, w, h));
    return RUN_EXIT_OK;
}

/* The line a PDF written gets: its pages, its paper (a name, else its
 * size in millimetres) and its size in KB (of 1024 bytes). */
static void summary(FILE *out, const char *output, const layout_doc_t *doc,
                    const render_print_t *pr, size_t bytes)
{
    char paper[64], print[160] = "";
    paper_label(paper, sizeof paper, doc->page_w, doc->page_h);
    double m = render_print_margin(pr), mm = 72 / 25.4;
    if (m > 0)
        snprintf(print, sizeof print, " (the trim: %.0fx%.0f mm), bleed %.1f mm%s, sheet "
                 "%.0fx%.0f mm", doc->page_w / mm, doc->page_h / mm, pr->bleed / mm,
                 pr->crop_marks ? ", crop marks" : "", (doc->page_w + 2 * m) / mm,
                 (doc->page_h + 2 * m) / mm);
    fprintf(out, "wrote %s: %zu page%s, %s%s%s, %zu KB\n",
            strcmp(output, "-") ? output : "standard output", doc->n_pages,
            doc->n_pages == 1 ? "" : "s", paper, print, pr->grayscale ? ", grayscale" : "",
            (bytes + 512) / 1024);
}

/* The imposition: the command line's, else the layout's print: section
 * (not for --dump, nor when the command line asks for a bleed or crop
 * marks, which are for the pages as they are). False after a usage error
 * for an option that needs an imposition there is none of. */
static bool imposition(const build_job_t *job, const model_layout_t *L, build_impose_t *im)
{
    *im = job->impose;
    bool shop = im->bleed > 0 || im->crop_marks;
    /* pictures and page selections are of the pages as they are */
    bool selection = job->pages || job->format != PREVIEW_PDF;
    if (!im->given && !job->dump && !shop && !selection) {
        im->booklet = L->print_impose == MODEL_IMPOSE_BOOKLET;
        im->cards = L->print_impose == MODEL_IMPOSE_CARDS;
    }
    bool imposed = im->booklet || im->cards || im->calibration;
    if (imposed && !im->sheet_w && L->print_sheet[0]) {
        im->sheet_w = L->print_sheet[0];
        im->sheet_h = L->print_sheet[1];
    }
    if (imposed && !im->flip_given)
        im->opts.flip = L->print_flip == MODEL_FLIP_LONG ? IMPOSE_FLIP_LONG : IMPOSE_FLIP_SHORT;
    const char *why = NULL;
    if (!im->booklet && (im->fold_marks || im->staple_marks || im->opts.signature ||
                         im->creep > 0 || im->opts.rtl || im->opts.cover_outside))
        why = "--marks fold and staple, --signature, --creep, --rtl and --cover are for "
              "booklets: give --impose booklet (or print: {impose: booklet} in the layout)";
    else if (!imposed && (im->sheet_w || im->flip_given))
        why = "--sheet and --flip are for --impose booklet, cards or calibration (or a layout "
              "whose print: imposes)";
    else if (job->format != PREVIEW_PDF && (shop || im->grayscale))
        why = "--bleed, --marks crop and --grayscale are for PDF output, not --format png, "
              "svg or contact";
    if (why)
        fprintf(stderr, "keepsake: %s\nTry 'keepsake %s --help'.\n", why,
                job->exercise ? "worksheet" : "build");
    return !why;
}

/* The line previews written get: "wrote our-year-png/: 6 PNG pages (of
 * 269), 96 dpi, 297 KB"; contact sheets say their pages and sheets. */
static void preview_summary(FILE *out, const char *output, const build_job_t *job,
                            size_t n_shown, size_t n_pages, size_t n_files, size_t bytes)
{
    char of[48] = "", dpi[32] = "", *dir = g_strdup(output);
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        dir[--n] = '\0';
    if (n_shown != n_pages)
        snprintf(of, sizeof of, " (of %zu)", n_pages);
    if (job->format != PREVIEW_SVG)
        snprintf(dpi, sizeof dpi, ", %u dpi", job->dpi);
    if (job->format == PREVIEW_CONTACT)
        fprintf(out, "wrote %s/: %zu page%s%s on %zu contact sheet%s%s, %zu KB\n", dir, n_shown,
                n_shown == 1 ? "" : "s", of, n_files, n_files == 1 ? "" : "s", dpi,
                (bytes + 512) / 1024);
    else
        fprintf(out, "wrote %s/: %zu %s page%s%s%s, %zu KB\n", dir, n_shown,
                job->format == PREVIEW_PNG ? "PNG" : "SVG", n_shown == 1 ? "" : "s", of, dpi,
                (bytes + 512) / 1024);
    g_free(dir);
}

/* --pages and --format: the selected pages (all, without --pages) as a
 * PDF or as pictures. */
static int write_selection(run_t *run, const build_job_t *job, const layout_doc_t *doc,
                           const plan_t *plan, PangoFontMap *map, const render_print_t *pr,
                           const char *output)
{
    char *why = NULL;
    bool *keep = NULL;
    int rc = RUN_EXIT_OUTPUT;
    if (job->pages && !(keep = preview_select(job->pages, doc->n_pages, &why))) {
        diag_finish(&run->diag);
        fprintf(stderr, "keepsake: --pages: %s\nTry 'keepsake %s --help'.\n", why,
                job->exercise ? "worksheet" : "build");
        g_free(why);
        return RUN_EXIT_USAGE;
    }
    /* A PDF of the selection has just its pages; pictures are named after
     * their places in the whole book. */
    layout_doc_t *sub = keep && job->format == PREVIEW_PDF ? preview_doc(doc, keep) : NULL;
    const layout_doc_t *use = sub ? sub : doc;
    size_t bytes = 0, files = 0, shown = doc->n_pages;
    for (size_t i = 0; keep && i < doc->n_pages; i++)
        shown -= !keep[i];
    if (job->format == PREVIEW_PDF) {
        if (render_pdf_print(run, use, pr, output, &bytes)) {
            rc = RUN_EXIT_OK;
            if (!job->quiet)
                summary(run->diag.out, output, use, pr, bytes);
        }
    } else {
        preview_opts_t o = {job->format, job->dpi, keep, map, plan->language};
        if (preview_write(run, doc, &o, output, &files, &bytes)) {
            rc = RUN_EXIT_OK;
            if (!job->quiet)
                preview_summary(run->diag.out, output, job, shown, doc->n_pages, files, bytes);
        }
    }
    preview_doc_free(sub);
    g_free(keep);
    return rc;
}

/* The book's pages as they are, as a PDF: laid out as a stream (layout.h),
 * so that a long book's memory is one logical page's boxes at a time, not
 * all of them. */
static int write_book(run_t *run, const plan_t *plan, PangoFontMap *map,
                      const render_print_t *pr, const char *output, bool quiet)
{
    render_layers_t *layers = render_layers_new();
    layout_doc_t *doc = NULL;
    layout_stream_t *ls = NULL;
    int rc = RUN_EXIT_INPUT;
    if (layout_stream_open(run, plan, map, render_layers_see, layers, &doc, &ls)) {
        render_book_t *b = render_book_open(run, doc, pr, layers, output);
        unsigned errors = run->diag.errors;
        size_t first, n, bytes = 0;
        bool drawn = b != NULL;
        while (drawn && layout_stream_next(ls, &first, &n))
            drawn = render_book_pages(b, first, n);
        bool laid = run->diag.errors == errors; /* no footer too long */
        if (render_book_close(b, laid, &bytes)) {
            rc = RUN_EXIT_OK;
            if (!quiet)
                summary(run->diag.out, output, doc, pr, bytes);
        } else if (laid) {
            rc = RUN_EXIT_OUTPUT;
        }
    }
    layout_stream_close(ls);
    layout_free(doc);
    render_layers_free(layers);
    return rc;
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
    build_impose_t im;
    bool built = model_build(run, job->book, job->layout, sets, n_sets, &book);
    if (built && !imposition(job, book->layout, &im)) {
        rc = RUN_EXIT_USAGE;
        goto out;
    }
    if (!built || !plan_build(run, book, &plan) || !date_ok ||
        !(map = fonts_open(run, book->layout, book->fonts_dir)))
        goto out;
    render_print_t pr = {im.bleed, im.crop_marks, im.grayscale};
    if (!job->dump && !job->pages && job->format == PREVIEW_PDF && !im.booklet && !im.cards &&
        !im.calibration) {
        output = job->output ? g_strdup(job->output) : default_output(job, exercise);
        rc = write_book(run, plan, map, &pr, output, job->quiet);
        goto out;
    }
    if (!layout_paginate(run, plan, map, &doc))
        goto out;
    if (job->dump && (im.booklet || im.cards)) {
        rc = im.booklet ? write_booklet(run, &im, plan, doc, "-", true)
                        : write_cards(run, &im, doc, "-", true);
        goto out;
    }
    if (job->dump) {
        dump_layout(stdout, doc);
        rc = fflush(stdout) == 0 ? RUN_EXIT_OK : RUN_EXIT_OUTPUT;
        goto out;
    }
    output = job->output ? g_strdup(job->output) : default_output(job, exercise);
    if (job->pages || job->format != PREVIEW_PDF) {
        rc = write_selection(run, job, doc, plan, map, &pr, output);
    } else if (im.booklet) {
        rc = write_booklet(run, &im, plan, doc, output, false);
    } else if (im.cards) {
        rc = write_cards(run, &im, doc, output, false);
    } else {
        rc = write_calibration(run, &im, doc, map, output);
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
