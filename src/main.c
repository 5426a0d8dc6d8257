/* keepsake: YAML in, print-ready PDF workbooks out.
 *
 * The command line only: each command's options become a job for the
 * stage that does the work (build.c for build and worksheet, the model for
 * check, list and show, the schema tables for schema). */
#include "batch.h"
#include "build.h"
#include "fonts.h"
#include "impose.h"
#include "kind.h"
#include "model.h"
#include "paper.h"
#include "plan.h"
#include "preview.h"
#include "render.h"
#include "starter.h"
#include "text.h"
#include "watch.h"

#include <cairo.h>
#include <errno.h>
#include <fontconfig/fontconfig.h>
#include <glib.h>
#include <locale.h>
#include <pango/pango.h>
#include <stdio.h>
#include <string.h>
#include <yaml.h>

#ifndef KEEPSAKE_VERSION
#define KEEPSAKE_VERSION "0.0.0"
#endif

static const char USAGE[] =
    "Usage: keepsake COMMAND [OPTION...]\n"
    "\n"
    "Make printable journals and workbooks from YAML.\n"
    "\n"
    "Commands:\n"
    "  build BOOK.yaml   render a book to PDF\n"
    "  worksheet EXERCISE   print one exercise as a worksheet (see --help)\n"
    "  batch BOOK.yaml --recipients FILE -o DIR   one PDF for each recipient\n"
    "  check FILE...     check books, exercises, layouts and languages; render nothing\n"
    "  list [books|exercises|layouts]   list what the data folder holds\n"
    "  show EXERCISE     print an exercise's content as text\n"
    "  new DIR           make a starter folder: a book, a layout, an exercise\n"
    "  schema [--format json|markdown]   print the files' schema (JSON Schema or reference)\n"
    "  help [COMMAND]    show help for a command\n"
    "\n"
    "Options:\n"
    "  -h, --help        show this help\n"
    "  --version         show the version and the libraries in use\n"
    "\n"
    "Exit status: 0 ok, 1 bad input, 2 bad command line, 3 output failed.\n"
    "Run 'keepsake help COMMAND' for a command's options. See keepsake(1).\n";

static int version(void)
{
    unsigned fc = (unsigned)FcGetVersion();
    printf("keepsake %s\n", KEEPSAKE_VERSION);
    printf("libyaml %s, Pango %s, Cairo %s, fontconfig %u.%u.%u, GLib %u.%u.%u\n",
           yaml_get_version_string(), pango_version_string(), cairo_version_string(),
           fc / 10000, fc / 100 % 100, fc % 100, glib_major_version, glib_minor_version,
           glib_micro_version);
    return RUN_EXIT_OK;
}

/* A usage error quotes the command line (an unknown option, a bad value):
 * made safe for the terminal the way every message is. */
static int usage_error(const char *command, const char *message)
{
    char *safe = diag_line(message);
    fprintf(stderr, "%s\nTry 'keepsake %s --help'.\n", safe, command);
    g_free(safe);
    return RUN_EXIT_USAGE;
}

/* --data DIR, when given, must be a data folder. False after saying so. */
static bool data_ok(run_t *run, const char *data)
{
    if (!data || model_is_data_dir(data))
        return true;
    return diag_error(&run->diag, diag_at(data, 0, 0),
                      "not a data folder: it holds no content/ or layouts/");
}

/* The data folders of a command that has no book to start from (list,
 * show, worksheet, build ID): the search path from the current folder,
 * with run->data_dir as --data. NULL after saying where it looked, if
 * there is none. */
static const char *const *search_path(run_t *run)
{
    if (!data_ok(run, run->data_dir))
        return NULL;
    const char *const *dirs = model_search_path(run, NULL);
    if (dirs[0])
        return dirs;
    char *here = g_get_current_dir();
    diag_error(&run->diag, diag_at(NULL, 0, 0),
               "no data folder: no content/ or layouts/ in %s or the folders above it, "
               "and no installed data in %s; name one with --data DIR", here,
               model_installed_dir());
    g_free(here);
    return NULL;
}

/* The first of the data folders' `rel` (content/books/ID.yaml) that
 * exists (g_free it), or NULL after saying where it looked for `what`,
 * blaming `at` (the command line). */
static char *find_file(const char *data, const char *rel, const char *at, const char *what)
{
    run_t *run = run_new(stderr, data);
    const char *const *dirs = search_path(run);
    char *found = NULL;
    GString *looked = g_string_new(NULL);
    for (size_t i = 0; dirs && dirs[i] && !found; i++) {
        char *p = g_strdup_printf("%s/%s", dirs[i], rel);
        if (g_file_test(p, G_FILE_TEST_IS_REGULAR)) {
            found = p;
            break;
        }
        g_string_append_printf(looked, "%s%s", i == 0 ? "" : dirs[i + 1] ? ", " : " or ", p);
        g_free(p);
    }
    if (dirs && !found)
        diag_error(&run->diag, diag_at(at, 0, 0), "no %s (looked for %s)", what, looked->str);
    g_string_free(looked, TRUE);
    diag_finish(&run->diag);
    run_free(run);
    return found;
}

/* Where exercises, layouts and languages are looked for (--help of build
 * and worksheet); %s is the installed data folder. */
static const char SEARCH_PATH[] =
    "The search path: each exercise, layout and language is taken from the first\n"
    "of these folders that has it, so your own files hide the shipped ones:\n"
    "  1. the book's own folders: each folder at or above the book that holds\n"
    "     content/ or layouts/, nearest first (for worksheet and build ID, the\n"
    "     current folder's);\n"
    "  2. --data DIR;\n"
    "  3. the installed data: $KEEPSAKE_DATADIR, else %s.\n"
    "A message that cannot find something names every place it looked.\n\n";

/* Parse the options of `cmd` (`usage` names its arguments, `about` ends its
 * help, after the search path when `search` is set). False after printing a
 * usage error; the entries' targets are set either way. */
static bool parse_in(const char *cmd, int *argc, char ***argv, const GOptionEntry *entries,
                     const char *usage, const char *about, bool search)
{
    GOptionContext *ctx = g_option_context_new(usage);
    GError *err = NULL;
    g_option_context_add_main_entries(ctx, entries, NULL);
    char *path = search ? g_strdup_printf(SEARCH_PATH, model_installed_dir()) : NULL;
    char *text = g_strconcat(path ? path : "", about ? about : "", NULL);
    if (*text)
        g_option_context_set_description(ctx, text);
    g_free(text);
    g_free(path);
    bool ok = g_option_context_parse(ctx, argc, argv, &err);
    if (!ok) {
        usage_error(cmd, err->message);
        g_error_free(err);
    }
    g_option_context_free(ctx);
    return ok;
}

static bool parse(const char *cmd, int *argc, char ***argv, const GOptionEntry *entries,
                  const char *usage, const char *about)
{
    return parse_in(cmd, argc, argv, entries, usage, about, false);
}

/* The end of a run: its messages, and the exit code they mean. */
static int finish(run_t *run, bool ok)
{
    diag_finish(&run->diag);
    int rc = ok && run->diag.errors == 0 ? RUN_EXIT_OK : RUN_EXIT_INPUT;
    run_free(run);
    return rc;
}

/* --set KEY=VALUE, each split at its '=' (in place), into `*out`. False
 * after a usage error. */
static bool parse_sets(const char *cmd, char **sets, model_setting_t **out, size_t *n)
{
    *n = sets ? g_strv_length(sets) : 0;
    *out = g_new0(model_setting_t, *n + 1);
    for (size_t i = 0; i < *n; i++) {
        char *eq = strchr(sets[i], '=');
        if (!eq || eq == sets[i]) {
            char *m = g_strdup_printf("--set needs KEY=VALUE, not '%s'", sets[i]);
            usage_error(cmd, m);
            g_free(m);
            return false;
        }
        *eq = '\0';
        (*out)[i] = (model_setting_t){.name = sets[i], .value = eq + 1};
    }
    return true;
}

static const char BUILD_ABOUT[] =
    "BOOK.yaml may also be a book's id, such as our-year (see 'keepsake list\n"
    "books'): when no such file exists, content/books/ID.yaml of the search path.\n\n"
    "--watch builds again whenever a .yaml file changes in a folder the build read\n"
    "from; a build that fails prints its errors and keeps the last good PDF.\n\n"
    "A booklet to print double-sided, fold and staple (it says how to print it):\n"
    "  keepsake build content/books/gift-booklet.yaml --impose booklet --sheet a5\n"
    "Which --flip your printer needs (one sheet to print double-sided):\n"
    "  keepsake build content/books/gift-booklet.yaml --impose calibration -o flip.pdf\n"
    "The book's cards alone, n-up on A4 with crop marks; a print shop's PDF:\n"
    "  keepsake build content/books/gift-booklet.yaml --impose cards -o cards.pdf\n"
    "  keepsake build content/books/gift-booklet.yaml --bleed 3mm --marks crop -o shop.pdf\n\n"
    "Pictures of pages 1-5 and 9 (our-year-png/page-001.png, ...), contact sheets\n"
    "of the whole book, and the edition for a reMarkable 2 tablet:\n"
    "  keepsake build our-year --format png --pages 1-5,9\n"
    "  keepsake build our-year --format contact -o proof\n"
    "  keepsake build our-year -l remarkable-2 -o our-year-remarkable.pdf\n\n"
    "Example:\n  keepsake build content/books/our-year.yaml -o our-year.pdf \\\n"
    "      --set names=\"Alex & Sam\" --set start=2027-01-04\n";

/* usage_error() for checks that return bool. */
static bool refuse(const char *command, const char *message)
{
    usage_error(command, message);
    return false;
}

/* The --impose options as given; NULL or 0 where not. */
typedef struct {
    char *impose, *sheet, *flip, *creep, *marks;
    int signature;
    gboolean rtl;
    char *cover, *bleed;
    gboolean grayscale;
} impose_args_t;

static void impose_args_free(impose_args_t *a)
{
    g_free(a->impose);
    g_free(a->sheet);
    g_free(a->flip);
    g_free(a->creep);
    g_free(a->marks);
    g_free(a->cover);
    g_free(a->bleed);
}

/* --marks: a comma-separated list of fold, staple and crop. */
static bool parse_marks(const char *cmd, const char *marks, build_impose_t *out)
{
    char **v = g_strsplit(marks, ",", -1);
    bool ok = v[0] != NULL;
    for (size_t i = 0; ok && v[i]; i++) {
        if (!strcmp(v[i], "fold"))
            out->fold_marks = true;
        else if (!strcmp(v[i], "staple"))
            out->staple_marks = true;
        else if (!strcmp(v[i], "crop"))
            out->crop_marks = true;
        else
            ok = false;
    }
    g_strfreev(v);
    if (!ok)
        return refuse(cmd, "--marks is a list of fold, staple (booklets) and crop (pages), "
                           "such as fold,staple");
    if ((out->fold_marks || out->staple_marks) && out->given && !out->booklet)
        return refuse(cmd, "--marks fold and staple are for --impose booklet");
    if (out->crop_marks && (out->booklet || out->cards || out->calibration))
        return refuse(cmd, "--marks crop is for the book's pages, without --impose (cards "
                           "have their own crop marks)");
    return true;
}

/* The print options that need no --impose: --bleed, --grayscale, --marks. */
static bool parse_print(const char *cmd, const impose_args_t *a, bool dump, build_impose_t *out)
{
    out->grayscale = a->grayscale;
    if ((a->bleed || a->grayscale || a->marks) && dump)
        return refuse(cmd, "--dump prints the book's pages: leave out --bleed, --grayscale "
                           "and --marks");
    if (a->bleed && (!paper_parse_length(a->bleed, &out->bleed) || out->bleed < 0 ||
                     out->bleed > RENDER_MAX_BLEED))
        return refuse(cmd, "--bleed is a length with its unit, from 0 to 10mm, such as 3mm or 0.125in");
    if (a->bleed && (out->booklet || out->cards || out->calibration))
        return refuse(cmd, "--bleed is for the book's pages, without --impose (or with "
                           "--impose none)");
    return !a->marks || parse_marks(cmd, a->marks, out);
}

/* Check the --impose options into `*out`; false after a usage error. */
static bool parse_impose(const char *cmd, const impose_args_t *a, bool dump, build_impose_t *out)
{
    const double mm = 72 / 25.4;
    double creep = 0;
    *out = (build_impose_t){0};
    /* Without --impose, the layout's print: section may impose the book:
     * build.c checks the options that need an imposition then. */
    out->given = a->impose != NULL;
    out->booklet = out->given && !strcmp(a->impose, "booklet");
    out->cards = out->given && !strcmp(a->impose, "cards");
    out->calibration = out->given && !strcmp(a->impose, "calibration");
    out->none = out->given && !strcmp(a->impose, "none");
    if (out->given && !out->booklet && !out->cards && !out->calibration && !out->none)
        return refuse(cmd, "--impose takes: booklet, cards, calibration or none");
    if (dump && out->calibration)
        return refuse(cmd, "--dump prints the book's pages or sheets: leave out --impose "
                           "calibration");
    if (a->sheet && !impose_parse_sheet(a->sheet, &out->sheet_w, &out->sheet_h))
        return refuse(cmd, "--sheet is a paper's name (a3, a4, a5, a6, b5, letter, "
                           "half-letter, tabloid) or WxH with mm, cm, in or pt (320x225mm, "
                           "11x8.5in)");
    if (out->given && !out->booklet && (a->creep || a->signature || a->rtl || a->cover))
        return refuse(cmd, "--signature, --creep, --rtl and --cover are for --impose booklet");
    if (out->none && (a->sheet || a->flip))
        return refuse(cmd, "--sheet and --flip are for --impose booklet, cards or calibration");
    if (out->calibration && a->flip)
        return refuse(cmd, "--impose calibration tells you which --flip to use: leave it out");
    if (a->cover && strcmp(a->cover, "outside"))
        return refuse(cmd, "--cover takes: outside (the cover's sheet around all signatures)");
    if (a->flip && strcmp(a->flip, "short") && strcmp(a->flip, "long"))
        return refuse(cmd, "--flip is short or long");
    if (a->signature < 0 || a->signature > IMPOSE_MAX_PAGES / 4)
        return refuse(cmd, "--signature is a number of sheets (0: one signature)");
    if (a->creep && (!text_parse_number(a->creep, &creep) || creep < 0 || creep > 5))
        return refuse(cmd, "--creep is millimetres per sheet, from 0 to 5 (e.g. 0.1)");
    out->opts = (impose_opts_t){(size_t)a->signature,
                                a->flip && !strcmp(a->flip, "long") ? IMPOSE_FLIP_LONG
                                                                   : IMPOSE_FLIP_SHORT,
                                a->rtl, a->cover != NULL};
    out->flip_given = a->flip != NULL;
    out->creep = creep * mm;
    return parse_print(cmd, a, dump, out);
}

/* The book of `build ID` (our-year, an argument that names no file) or
 * of `worksheet EXERCISE`, from the search path of the current folder (g_free
 * it); NULL after reporting. When `arg` is a file, a copy of it. */
static char *book_file(const char *cmd, const char *arg, const char *data, bool worksheet)
{
    if (!worksheet && (g_file_test(arg, G_FILE_TEST_EXISTS) || !schema_valid_id(arg)))
        return g_strdup(arg);
    char *at = g_strdup_printf("%s %s", cmd, arg);
    char *rel = g_strdup_printf("content/books/%s.yaml", worksheet ? "worksheet" : arg);
    char *what = worksheet ? g_strdup("worksheet book") : g_strdup_printf("book '%s'", arg);
    char *path = find_file(data, rel, at, what);
    g_free(at);
    g_free(rel);
    g_free(what);
    return path;
}

/* book_file(), once the data folders are known to be usable (reported
 * otherwise, and NULL). */
static char *checked_book_file(const char *cmd, const char *arg, const char *data,
                               bool worksheet)
{
    run_t *check = run_new(stderr, data);
    bool good = data_ok(check, data);
    diag_finish(&check->diag);
    run_free(check);
    return good ? book_file(cmd, arg, data, worksheet) : NULL;
}

static const char WORKSHEET_ABOUT[] =
    "The worksheet is content/books/worksheet.yaml with its page set to\n"
    "EXERCISE (an id, see 'keepsake list exercises', or the path to an\n"
    "exercise file of your own). Its variables: client, date\n"
    "and practice (in the footer; left out, lines to write on), contact (on\n"
    "the support page), names (the columns of exercises for two).\n"
    "It is written to EXERCISE.pdf unless -o says otherwise.\n\n"
    "Example:\n  keepsake worksheet reflection-emotions --set client=\"Jo Rivera\" \\\n"
    "      --set practice=\"Our Practice\" --set date=\"1 March 2027\"\n";

/* --format, --dpi and --pages as given; NULL where not. */
typedef struct {
    char *format, *dpi, *pages;
} preview_args_t;

/* Check --format, --dpi and --pages into the job (`*pages` is the
 * selection's storage); false after a usage error. */
static bool parse_preview(const char *cmd, const preview_args_t *a, bool dump, bool impose,
                          build_job_t *job, preview_pages_t *pages)
{
    char *why = NULL;
    long long dpi = 0;
    job->format = PREVIEW_PDF;
    if (a->format && !preview_parse_format(a->format, &job->format))
        return refuse(cmd, "--format is pdf, png, svg or contact");
    if ((dump || impose) && (job->format != PREVIEW_PDF || a->pages))
        return refuse(cmd, dump ? "--dump prints every page: leave out --format and --pages"
                                : "--impose writes sheets as a PDF: leave out "
                                  "--format and --pages");
    if (job->format != PREVIEW_PDF && job->output && g_str_has_suffix(job->output, ".pdf")) {
        char *m = g_strdup_printf("-o %s names a PDF, but --format %s writes a folder of "
                                  "pictures: give a folder name, or leave out -o",
                                  job->output, a->format);
        usage_error(cmd, m);
        g_free(m);
        return false;
    }
    if (a->dpi && job->format != PREVIEW_PNG && job->format != PREVIEW_CONTACT)
        return refuse(cmd, "--dpi is for --format png and --format contact");
    if (a->dpi && !text_parse_int(a->dpi, PREVIEW_MIN_DPI, PREVIEW_MAX_DPI, &dpi)) {
        char *m = g_strdup_printf("--dpi is a whole number from %d to %d, not '%s'",
                                  PREVIEW_MIN_DPI, PREVIEW_MAX_DPI, a->dpi);
        usage_error(cmd, m);
        g_free(m);
        return false;
    }
    job->dpi = dpi ? (unsigned)dpi
                   : job->format == PREVIEW_CONTACT ? PREVIEW_CONTACT_DPI : PREVIEW_DPI;
    if (a->pages) {
        if (!preview_parse_pages(a->pages, pages, &why)) {
            char *m = g_strdup_printf("--pages %s: %s (write pages such as 1-5,9 or 12-)",
                                      a->pages, why);
            usage_error(cmd, m);
            g_free(m);
            g_free(why);
            return false;
        }
        job->pages = pages;
    }
    return true;
}

/* build BOOK.yaml, or (worksheet) build the data folder's worksheet book
 * with its `exercise` variable set to ID. */
static int cmd_build(int argc, char **argv, bool worksheet)
{
    const char *cmd = worksheet ? "worksheet" : "build";
    char *output = NULL, *layout_name = NULL, *data = NULL, *sheet = NULL, **sets = NULL;
    gboolean dump = FALSE, quiet = FALSE, watch = FALSE;
    impose_args_t im = {0};
    preview_args_t pv = {0};
    preview_pages_t pages = {0};
    model_setting_t *settings = NULL;
    size_t n_sets = 0;
    int rc = RUN_EXIT_USAGE;
    GOptionEntry entries[] = {
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
         worksheet ? "Write the PDF to FILE, - for standard output (default: EXERCISE.pdf; "
                     "pictures go to a folder, default EXERCISE-png, -svg or -contact)"
                   : "Write the PDF to FILE, - for standard output (default: the book's file "
                     "name with .pdf; pictures go to a folder, default NAME-png, -svg or "
                     "-contact)", "FILE"},
        {"layout", 'l', 0, G_OPTION_ARG_FILENAME, &layout_name,
         "Use this layout instead of the book's: an id (a5, a4, letter, half-letter; for "
         "tablets remarkable-2, remarkable-paper-pro, kindle-scribe, supernote-a5x) or a "
         "path to a layout file", "LAYOUT"},
        {"set", 's', 0, G_OPTION_ARG_FILENAME_ARRAY, &sets,
         "Set a personal variable, e.g. --set names=\"Alex & Sam\" --set start=2027-01-04 "
         "(repeatable)", "KEY=VALUE"},
        {"data", 0, 0, G_OPTION_ARG_FILENAME, &data,
         "A data folder (content/, layouts/, fonts/) to look in after the book's own "
         "and before the installed data (see the search path below)", "DIR"},
        {"dump", 0, 0, G_OPTION_ARG_NONE, &dump,
         "Print the laid-out pages as text instead of writing a PDF", NULL},
        {"impose", 0, 0, G_OPTION_ARG_STRING, &im.impose,
         "booklet: print the pages two to a side of landscape sheets, in the order that "
         "folds into a saddle-stitched booklet; cards: only the book's cards, as many to a "
         "sheet as fit, with crop marks, backs behind fronts; calibration: one sheet that "
         "tells which --flip your printer needs; none: the pages as they are, whatever the "
         "layout's print: section says", "booklet|cards|calibration|none"},
        {"sheet", 0, 0, G_OPTION_ARG_STRING, &im.sheet,
         "The sheet: a3, a4, a5, a6, b5, letter, half-letter, tabloid or WxH with mm, cm, "
         "in or pt, e.g. 320x225mm (default: booklets two pages side by side, exactly; "
         "cards and calibration a4)", "SIZE"},
        {"flip", 0, 0, G_OPTION_ARG_STRING, &im.flip,
         "The printer's duplex setting: short (the default; flip on the short edge) or long "
         "(the backs are drawn upside down to suit)", "short|long"},
        {"signature", 0, 0, G_OPTION_ARG_INT, &im.signature,
         "Sheets per signature, each folded on its own and gathered in order (default 0: "
         "one signature)", "N"},
        {"creep", 0, 0, G_OPTION_ARG_STRING, &im.creep,
         "Move each page's content towards the fold by MM for each sheet it lies inside "
         "its signature (default 0)", "MM"},
        {"marks", 0, 0, G_OPTION_ARG_STRING, &im.marks,
         "Comma-separated: fold (booklets: dashed lines at the fold above and below the "
         "pages), staple (booklets: where the staples go, on each signature's middle "
         "spread), crop (the book's pages: crop marks outside the trim)", "fold,staple,crop"},
        {"cover", 0, 0, G_OPTION_ARG_STRING, &im.cover,
         "outside: print the cover (the first two and last two pages) on a sheet of its own "
         "that wraps all the signatures", "outside"},
        {"bleed", 0, 0, G_OPTION_ARG_STRING, &im.bleed,
         "Grow each page by LENGTH on every side for a print shop to trim (e.g. 3mm); the "
         "paper colour fills it; TrimBox and BleedBox are set", "LENGTH"},
        {"grayscale", 0, 0, G_OPTION_ARG_NONE, &im.grayscale,
         "Print colours as greys, writing lines dark enough to see (saves colour ink)", NULL},
        {"rtl", 0, 0, G_OPTION_ARG_NONE, &im.rtl,
         "Bind on the right (right-to-left reading)", NULL},
        {"format", 'f', 0, G_OPTION_ARG_STRING, &pv.format,
         "pdf (the default); png or svg: a folder of one picture a page (page-001.png, ...); "
         "contact: a folder of contact sheets of thumbnails (sheet-1.png, ...)",
         "pdf|png|svg|contact"},
        {"dpi", 0, 0, G_OPTION_ARG_STRING, &pv.dpi,
         "Resolution of --format png (default 96) and of contact sheets' thumbnails "
         "(default 24), from 10 to 600", "N"},
        {"pages", 0, 0, G_OPTION_ARG_STRING, &pv.pages,
         "Only these pages, counted from the first page of the book, e.g. 1-5,9 or 12- "
         "(any format)", "LIST"},
        {"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet,
         "Print nothing when all is well (problems are still reported); without it, one "
         "line says what was written", NULL},
        {"watch", 0, 0, G_OPTION_ARG_NONE, &watch,
         "Build, then build again whenever a .yaml file the build read (or a new one beside "
         "it) changes, until Ctrl-C; a failed build prints its errors and keeps the last "
         "good PDF", NULL},
        {NULL, 0, 0, 0, NULL, NULL, NULL}};
    if (!parse_in(cmd, &argc, &argv, entries,
                  worksheet ? "EXERCISE - print one exercise as a worksheet"
                            : "BOOK.yaml - render a book to PDF",
                  worksheet ? WORKSHEET_ABOUT : BUILD_ABOUT, true))
        goto out;
    if (argc != 2) {
        usage_error(cmd, worksheet ? "worksheet takes one EXERCISE id"
                         : argc < 2 ? "build needs one BOOK.yaml"
                                    : "build takes one BOOK.yaml");
        goto out;
    }
    if (watch && (dump || (output && !strcmp(output, "-")))) {
        usage_error(cmd, "--watch writes a file again and again: leave out --dump and -o -");
        goto out;
    }
    build_impose_t impose;
    if (!parse_sets(cmd, sets, &settings, &n_sets) || !parse_impose(cmd, &im, dump, &impose))
        goto out;
    build_job_t job = {.book = argv[1], .layout = layout_name, .data_dir = data,
                       .output = output, .sets = settings, .n_sets = n_sets, .dump = dump,
                       .impose = impose, .quiet = quiet,
                       .exercise = worksheet ? argv[1] : NULL};
    if (!parse_preview(cmd, &pv, dump, impose.booklet || impose.cards || impose.calibration,
                       &job, &pages))
        goto out;
    job.book = sheet = checked_book_file(cmd, argv[1], data, worksheet);
    rc = !job.book ? RUN_EXIT_INPUT : watch ? watch_run(&job) : build_run(&job);
out:
    impose_args_free(&im);
    g_free(pv.format);
    g_free(pv.dpi);
    g_free(pv.pages);
    g_free(pages.ranges);
    g_free(sheet);
    g_free(settings);
    g_strfreev(sets);
    g_free(output);
    g_free(layout_name);
    g_free(data);
    return rc;
}

static const char BATCH_ABOUT[] =
    "One PDF for each recipient of FILE, into DIR. FILE is a CSV file with a\n"
    "header row naming the variables (names,start), one row for each recipient,\n"
    "or a YAML list of maps (- names: Alex & Sam). Each value is checked as\n"
    "--set checks it; a bad row is reported (people.csv:27:3: error: ...) and\n"
    "the others are still made. BOOK.yaml may be a book's id; with --worksheet\n"
    "EXERCISE instead, each recipient gets that exercise as a worksheet.\n\n"
    "Each file is named by --name, its placeholders being the recipient's\n"
    "variables and {row} (the recipient's number in FILE); the default is\n"
    "BOOK-{FIRST}.pdf, FIRST being FILE's first column (EXERCISE-{FIRST}.pdf\n"
    "with --worksheet). Names are made safe for any file system: letters and\n"
    "digits stay, anything else becomes '-', at most 200 bytes; the same name\n"
    "twice gets -2, -3 in FILE's order.\n\n"
    "DIR/keepsake-batch.manifest records what each PDF was made from; a run\n"
    "again skips the PDFs that are up to date (--force makes them all). The\n"
    "run ends with a line such as '48 written, 1 failed, 1 up to date' and\n"
    "exits 1 if any recipient failed. --shard K/N makes recipients K, K+N,\n"
    "K+2N, ... (counting from 1 in FILE's order), so N machines share a batch.\n\n"
    "Examples:\n"
    "  keepsake batch gift-booklet --recipients examples/batch/couples.yaml -o out/couples\n"
    "  keepsake batch --worksheet reflection-emotions \\\n"
    "      --recipients examples/batch/clients.csv \\\n"
    "      -o out/clients --name \"{client}.pdf\" --set practice=\"Our Practice\"\n";

/* batch BOOK.yaml --recipients FILE -o DIR, or batch --worksheet EXERCISE. */
static int cmd_batch(int argc, char **argv)
{
    char *output = NULL, *layout_name = NULL, *data = NULL, *recipients = NULL, *name = NULL;
    char *worksheet = NULL, *shard = NULL, *book = NULL, **sets = NULL;
    gboolean quiet = FALSE, force = FALSE;
    int jobs = 0;
    model_setting_t *settings = NULL;
    size_t n_sets = 0;
    int rc = RUN_EXIT_USAGE;
    GOptionEntry entries[] = {
        {"recipients", 'r', 0, G_OPTION_ARG_FILENAME, &recipients,
         "The recipients: NAME.csv (a header row of variable names) or NAME.yaml (a list of "
         "maps)", "FILE"},
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
         "Write the PDFs into DIR (made if missing)", "DIR"},
        {"worksheet", 'w', 0, G_OPTION_ARG_FILENAME, &worksheet,
         "Make this exercise as a worksheet for each recipient, instead of a BOOK", "EXERCISE"},
        {"name", 'n', 0, G_OPTION_ARG_STRING, &name,
         "File names, e.g. \"{names}-{start}.pdf\" (default: BOOK-{FIRST}.pdf)", "PATTERN"},
        {"jobs", 'j', 0, G_OPTION_ARG_INT, &jobs,
         "Worker processes (default: the number of processors)", "N"},
        {"shard", 0, 0, G_OPTION_ARG_STRING, &shard,
         "Make only part K of N: the recipients K, K+N, K+2N, ... (1 <= K <= N)", "K/N"},
        {"force", 'f', 0, G_OPTION_ARG_NONE, &force,
         "Make every PDF, even those the manifest says are up to date", NULL},
        {"set", 's', 0, G_OPTION_ARG_FILENAME_ARRAY, &sets,
         "Set a variable for every recipient (a column of FILE wins)", "KEY=VALUE"},
        {"layout", 'l', 0, G_OPTION_ARG_FILENAME, &layout_name,
         "Use this layout instead of the book's: an id or a path", "LAYOUT"},
        {"data", 0, 0, G_OPTION_ARG_FILENAME, &data,
         "Folder holding content/, layouts/ and fonts/", "DIR"},
        {"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet,
         "Print only problems: no progress, no line for each file, no summary", NULL},
        {NULL, 0, 0, 0, NULL, NULL, NULL}};
    unsigned k = 0, n = 0;
    if (!parse("batch", &argc, &argv, entries,
               "BOOK.yaml --recipients FILE -o DIR - one PDF for each recipient", BATCH_ABOUT))
        goto out;
    if (worksheet ? argc != 1 : argc != 2) {
        usage_error("batch", worksheet ? "with --worksheet, batch takes no BOOK.yaml"
                             : argc < 2 ? "batch needs one BOOK.yaml (or --worksheet EXERCISE)"
                                        : "batch takes one BOOK.yaml");
        goto out;
    }
    if (!recipients || !output) {
        usage_error("batch", !recipients ? "batch needs --recipients FILE"
                                         : "batch needs -o DIR, the folder for the PDFs");
        goto out;
    }
    if (!strcmp(output, "-")) {
        usage_error("batch", "-o names the folder for the PDFs; standard output holds one PDF "
                             "(keepsake build -o -)");
        goto out;
    }
    if (jobs < 0 || jobs > BATCH_MAX_JOBS) {
        char *m = g_strdup_printf("--jobs is a number of workers from 1 to %d", BATCH_MAX_JOBS);
        usage_error("batch", m);
        g_free(m);
        goto out;
    }
    if (shard && !batch_parse_shard(shard, &k, &n)) {
        char *m = g_strdup_printf("--shard is K/N, part K of N with 1 <= K <= N <= %d "
                                  "(such as 1/4), not '%s'", BATCH_MAX_SHARDS, shard);
        usage_error("batch", m);
        g_free(m);
        goto out;
    }
    if (!parse_sets("batch", sets, &settings, &n_sets))
        goto out;
    batch_job_t job = {.book = worksheet ? NULL : argv[1], .exercise = worksheet,
                       .layout = layout_name, .data_dir = data, .recipients = recipients,
                       .dir = output, .name = name, .sets = settings, .n_sets = n_sets,
                       .jobs = (unsigned)jobs, .shard_k = k, .shard_n = n, .force = force,
                       .quiet = quiet};
    job.book = book = checked_book_file("batch", worksheet ? worksheet : argv[1], data,
                                        worksheet != NULL);
    rc = job.book ? batch_run(&job) : RUN_EXIT_INPUT;
out:
    g_free(book);
    g_free(settings);
    g_strfreev(sets);
    g_free(output);
    g_free(layout_name);
    g_free(data);
    g_free(recipients);
    g_free(name);
    g_free(worksheet);
    g_free(shard);
    return rc;
}

/* One file of `check`: what the model checks, and, for a layout or a
 * book, that its font families match fonts, as build would find. */
static void check_one(run_t *run, const char *path)
{
    const model_layout_t *layout = NULL;
    const char *fonts_dir = NULL;
    if (!model_check_file_layout(run, path, &layout, &fonts_dir) || !layout)
        return;
    PangoFontMap *map = fonts_open(run, layout, fonts_dir);
    if (map)
        g_object_unref(map);
}

static int cmd_check(int argc, char **argv)
{
    char *data = NULL;
    int rc = RUN_EXIT_USAGE;
    GOptionEntry entries[] = {
        {"data", 0, 0, G_OPTION_ARG_FILENAME, &data,
         "A data folder (content/, layouts/) to look in after each file's own folders "
         "and before the installed data", "DIR"},
        {NULL, 0, 0, 0, NULL, NULL, NULL}};
    if (!parse("check", &argc, &argv, entries,
               "FILE... - check books, exercises, layouts and languages",
               "Each file says what it is in its 'type:' key. Every problem is reported\n"
               "as FILE:LINE:COLUMN: error: ...; nothing is rendered.\n")) {
    } else if (argc < 2) {
        usage_error("check", "check needs at least one FILE");
    } else {
        run_t *run = run_new(stderr, data);
        for (int i = 1; i < argc; i++)
            check_one(run, argv[i]);
        rc = finish(run, true);
    }
    g_free(data);
    return rc;
}

/* The rows of one listing (books, exercises or layouts). */
static void print_rows(arena_t *a, const char *what, const model_entry_t *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(what, "exercises"))
            printf("%-22s %-15s %-10s %s\n", rows[i].id, rows[i].practice, rows[i].kind,
                   plan_plain(a, rows[i].title));
        else if (!strcmp(what, "layouts"))
            printf("%-22s %-12s %s\n", rows[i].id, rows[i].kind, rows[i].title);
        else
            printf("%-22s %s\n", rows[i].id, rows[i].title);
    }
}

static int cmd_list(int argc, char **argv)
{
    static const char *const WHAT[] = {"books", "exercises", "layouts"};
    char *data = NULL;
    int rc = RUN_EXIT_USAGE;
    GOptionEntry entries[] = {
        {"data", 0, 0, G_OPTION_ARG_FILENAME, &data,
         "A data folder (content/, layouts/) to look in after those at or above the "
         "current folder and before the installed data", "DIR"},
        {NULL, 0, 0, 0, NULL, NULL, NULL}};
    if (!parse("list", &argc, &argv, entries, "[books|exercises|layouts] - list ids and titles",
               NULL)) {
    } else if (argc > 2 || (argc == 2 && strcmp(argv[1], "books") &&
                            strcmp(argv[1], "exercises") && strcmp(argv[1], "layouts"))) {
        usage_error("list", "list takes one of: books, exercises, layouts");
    } else {
        run_t *run = run_new(stderr, data);
        const char *const *dirs = search_path(run);
        for (size_t k = 0; dirs && k < G_N_ELEMENTS(WHAT); k++) {
            model_entry_t *rows;
            size_t n;
            if (argc == 2 && strcmp(argv[1], WHAT[k]))
                continue;
            model_list(run, dirs, WHAT[k], &rows, &n);
            if (argc < 2)
                printf("%s%s:\n", k ? "\n" : "", WHAT[k]);
            print_rows(run->arena, WHAT[k], rows, n);
        }
        rc = finish(run, true);
    }
    g_free(data);
    return rc;
}

static int cmd_show(int argc, char **argv)
{
    char *data = NULL;
    int rc = RUN_EXIT_USAGE;
    GOptionEntry entries[] = {
        {"data", 0, 0, G_OPTION_ARG_FILENAME, &data,
         "A data folder (content/, layouts/) to look in after those at or above the "
         "current folder and before the installed data", "DIR"},
        {NULL, 0, 0, 0, NULL, NULL, NULL}};
    if (!parse("show", &argc, &argv, entries, "EXERCISE - print an exercise's content as text",
               NULL)) {
    } else if (argc != 2) {
        usage_error("show", "show takes one exercise id (see 'keepsake list exercises')");
    } else {
        run_t *run = run_new(stderr, data);
        arena_t *a = run->arena;
        const char *const *dirs = search_path(run);
        model_exercise_t *e =
            dirs ? model_find_exercise(run, dirs, model_exercise_id(run, argv[1])) : NULL;
        if (e) {
            printf("%s: %s\n", e->id, e->title.text ? plan_plain(a, e->title.text) : "");
            printf("practice: %s, kind: %s\n", e->practice, e->kind->name);
            if (e->intro.text)
                printf("\n%s\n", plan_plain(a, e->intro.text));
            if (e->kind->show)
                e->kind->show(stdout, a, e);
        }
        rc = finish(run, e != NULL);
    }
    g_free(data);
    return rc;
}

static int cmd_new(int argc, char **argv)
{
    gboolean quiet = FALSE;
    int rc = RUN_EXIT_USAGE;
    GOptionEntry entries[] = {
        {"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet,
         "Print nothing when all is well; without it, one line says what to do next", NULL},
        {NULL, 0, 0, 0, NULL, NULL, NULL}};
    if (!parse("new", &argc, &argv, entries, "DIR - make a starter folder that builds at once",
               "DIR (which must not exist, or be empty) gets book.yaml, a book of a few\n"
               "pages; layouts/my-a5.yaml, a layout that extends the shipped a5;\n"
               "content/our-questions.yaml, an exercise to edit; and a README.md saying\n"
               "what to do next. The book's other exercises are the shipped ones: keepsake\n"
               "looks in the book's own folder first, then --data, then the installed data.\n\n"
               "Example:\n  keepsake new our-book && keepsake build our-book/book.yaml\n")) {
    } else if (argc != 2) {
        usage_error("new", "new takes one DIR, the folder to make");
    } else {
        for (size_t n = strlen(argv[1]); n > 1 && argv[1][n - 1] == '/'; n--)
            argv[1][n - 1] = '\0'; /* my-book/ is my-book, in the message too */
        run_t *run = run_new(stderr, NULL);
        rc = starter_make(run, argv[1]);
        if (rc == RUN_EXIT_OK && !quiet)
            fprintf(stderr, "made %s: build it with 'keepsake build %s/book.yaml', then "
                            "read %s/README.md\n", argv[1], argv[1], argv[1]);
        diag_finish(&run->diag);
        run_free(run);
    }
    return rc;
}

/* The Markdown reference: the four file types' tables, then a section for
 * each page kind. */
static void print_reference(FILE *out, const schema_choice_t *by_type, const kind_t *const *all)
{
    fputs("# keepsake files: the schema reference\n\n"
          "<!-- Generated by `keepsake schema --format markdown` (make schema): do not edit. -->\n\n"
          "Every file says what it is in its `type:` key: `book`, `exercise`, `layout` or\n"
          "`language`. An exercise has the keys of *an exercise* and those of its kind (see\n"
          "[Page kinds](#page-kinds)). A layout with `extends:` merges onto the layout it\n"
          "names, so it needs none of the keys marked required. `keepsake schema` prints\n"
          "the same tables as a JSON Schema, for editors.\n\n", out);
    for (size_t i = 0; i < by_type->n; i++)
        schema_markdown(out, by_type->options[i].table, /*level*/ 2, true);
    fputs("## Page kinds\n\n", out);
    for (size_t i = 0; all[i]; i++) {
        fprintf(out, "### %s\n\n%s\n\n", all[i]->name, all[i]->doc);
        if (all[i]->book_page)
            fprintf(out, "A book page: a section's pages place it with `page: %s`.\n\n",
                    all[i]->name);
        else if (all[i]->schema)
            schema_markdown(out, all[i]->schema, /*level*/ 3, false);
        else
            fputs("Its exercises have the common keys only.\n\n", out);
    }
}

/* The files' schema: `type:` picks one of the four file types, an
 * exercise's `kind:` adds its kind's keys, and a layout with `extends:`
 * merges onto another. Printed as a JSON Schema or as the reference. */
static void print_schema(FILE *out, bool markdown)
{
    static const struct { const char *type, *merges_with; bool by_kind; } TYPES[] = {
        {"book", NULL, false}, {"exercise", NULL, true},
        {"layout", "extends", false}, {"language", NULL, false}};
    const kind_t *const *all = kind_all();
    arena_t *a = arena_new();
    size_t n_all = 0;
    while (all[n_all])
        n_all++;
    schema_option_t *kinds = arena_alloc(a, sizeof(schema_option_t) * n_all);
    schema_option_t types[G_N_ELEMENTS(TYPES)];
    schema_choice_t by_kind = {"kind", kinds, 0}, by_type = {"type", types, G_N_ELEMENTS(TYPES)};
    for (size_t i = 0; all[i]; i++)
        if (!all[i]->book_page)
            kinds[by_kind.n++] = (schema_option_t){.value = all[i]->name, .doc = all[i]->doc,
                                                   .table = all[i]->schema};
    for (size_t i = 0; i < G_N_ELEMENTS(TYPES); i++)
        types[i] = (schema_option_t){.value = TYPES[i].type, .table = model_schema(TYPES[i].type),
                                     .choice = TYPES[i].by_kind ? &by_kind : NULL,
                                     .merges_with = TYPES[i].merges_with};
    schema_names_t pages = {"book-page", "A page made from the book itself.", kind_names(a, true)};
    if (markdown)
        print_reference(out, &by_type, all);
    else
        schema_json(out, "keepsake files",
                    "A keepsake book, exercise, layout or language file (keepsake schema).",
                    &by_type, &pages, 1);
    arena_free(a);
}

static int cmd_schema(int argc, char **argv)
{
    char *format = NULL;
    int rc = RUN_EXIT_USAGE;
    GOptionEntry entries[] = {
        {"format", 'f', 0, G_OPTION_ARG_STRING, &format,
         "json (the default): one JSON Schema for every file type; markdown: the reference, "
         "as in docs/schema.md", "FORMAT"},
        {NULL, 0, 0, 0, NULL, NULL, NULL}};
    if (!parse("schema", &argc, &argv, entries, "- print the schema of keepsake's YAML files",
               "Both come from the tables keepsake checks files with. With the YAML language\n"
               "server (such as VS Code's YAML extension), save the JSON Schema and name it\n"
               "at the top of a file:\n"
               "  keepsake schema > keepsake.schema.json\n"
               "  # yaml-language-server: $schema=keepsake.schema.json\n")) {
    } else if (argc != 1) {
        usage_error("schema", "schema takes no FILE; it prints to standard output");
    } else if (format && strcmp(format, "json") && strcmp(format, "markdown")) {
        usage_error("schema", "--format is json or markdown");
    } else {
        print_schema(stdout, format && !strcmp(format, "markdown"));
        rc = RUN_EXIT_OK;
        if (fflush(stdout) != 0 || ferror(stdout)) {
            fprintf(stderr, "keepsake: cannot write the schema: %s\n", g_strerror(errno));
            rc = RUN_EXIT_OUTPUT;
        }
    }
    g_free(format);
    return rc;
}

int main(int argc, char **argv)
{
    /* The user's locale, as any C program that prints messages and takes
     * file names should. Numbers stay in the C locale: Cairo 1.16 reads the
     * numbers of its tag attributes ("rect=[51.02 ...]") with the C
     * library, and under a decimal-comma locale refuses them and then
     * aborts on an assertion (found by the suite's fr_FR.UTF-8 pass). Our
     * own code reads and writes numbers without the locale (text.h). */
    setlocale(LC_ALL, "");
    setlocale(LC_NUMERIC, "C");
    if (argc < 2) {
        fputs(USAGE, stderr);
        return RUN_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "version"))
        return version();
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help")) {
        fputs(USAGE, stdout);
        return RUN_EXIT_OK;
    }
    char *help_args[] = {argv[0], NULL, (char *)"--help", NULL};
    if (!strcmp(cmd, "help")) {
        /* help, help help: the general usage; help COMMAND: COMMAND --help */
        if (argc < 3 || !strcmp(argv[2], "help")) {
            fputs(USAGE, stdout);
            return RUN_EXIT_OK;
        }
        cmd = help_args[1] = argv[2];
        argv = help_args;
        argc = 3;
    }
    /* The command's own parser sees "keepsake-COMMAND ARGS...". */
    if (!strcmp(cmd, "build"))
        return cmd_build(argc - 1, argv + 1, false);
    if (!strcmp(cmd, "worksheet"))
        return cmd_build(argc - 1, argv + 1, true);
    if (!strcmp(cmd, "batch"))
        return cmd_batch(argc - 1, argv + 1);
    if (!strcmp(cmd, "check"))
        return cmd_check(argc - 1, argv + 1);
    if (!strcmp(cmd, "list"))
        return cmd_list(argc - 1, argv + 1);
    if (!strcmp(cmd, "show"))
        return cmd_show(argc - 1, argv + 1);
    if (!strcmp(cmd, "schema"))
        return cmd_schema(argc - 1, argv + 1);
    if (!strcmp(cmd, "new"))
        return cmd_new(argc - 1, argv + 1);
    char *m = g_strdup_printf("unknown command '%s'", cmd), *safe = diag_line(m);
    fprintf(stderr, "%s\n\n%s", safe, USAGE);
    g_free(safe);
    g_free(m);
    return RUN_EXIT_USAGE;
}
