/* keepsake: YAML in, print-ready PDF workbooks out.
 *
 * The command line only: each command's options become a job for the
 * stage that does the work (build.c for build and worksheet, the model for
 * check, list and show, the schema tables for schema). */
#include "build.h"
#include "fonts.h"
#include "impose.h"
#include "kind.h"
#include "model.h"
#include "plan.h"
#include "text.h"

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
    "  check FILE...     check books, exercises, layouts and languages; render nothing\n"
    "  list [books|exercises|layouts]   list what the data folder holds\n"
    "  show EXERCISE     print an exercise's content as text\n"
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

/* The data folder: --data, else found from the current folder, else the
 * installed one. NULL after saying where it looked, if that holds no
 * content/ and layouts/. */
static const char *data_folder(run_t *run, const char *data)
{
    const char *dir = data ? data : model_data_dir(run, "./keepsake");
    if (model_is_data_dir(dir))
        return dir;
    if (data) {
        diag_error(&run->diag, diag_at(data, 0, 0),
                   "not a data folder: it holds no content/ and layouts/");
    } else {
        char *here = g_get_current_dir();
        diag_error(&run->diag, diag_at(NULL, 0, 0),
                   "no data folder: no content/ and layouts/ in %s or the folders above it, "
                   "and no installed data in %s; name one with --data DIR", here, dir);
        g_free(here);
    }
    return NULL;
}

/* worksheet: the data folder's worksheet book (g_free it); NULL after
 * reporting. */
static char *worksheet_book(const char *data)
{
    run_t *run = run_new(stderr, data);
    const char *dir = data_folder(run, data);
    char *book = dir ? g_strdup_printf("%s/content/books/worksheet.yaml", dir) : NULL;
    diag_finish(&run->diag);
    run_free(run);
    return book;
}

/* Parse the options of `cmd` (`usage` names its arguments, `about` ends its
 * help). False after printing a usage error; the entries' targets are set
 * either way. */
static bool parse(const char *cmd, int *argc, char ***argv, const GOptionEntry *entries,
                  const char *usage, const char *about)
{
    GOptionContext *ctx = g_option_context_new(usage);
    GError *err = NULL;
    g_option_context_add_main_entries(ctx, entries, NULL);
    if (about)
        g_option_context_set_description(ctx, about);
    bool ok = g_option_context_parse(ctx, argc, argv, &err);
    if (!ok) {
        usage_error(cmd, err->message);
        g_error_free(err);
    }
    g_option_context_free(ctx);
    return ok;
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
        (*out)[i] = (model_setting_t){sets[i], eq + 1};
    }
    return true;
}

static const char BUILD_ABOUT[] =
    "BOOK.yaml may also be a book's id, such as our-year (see 'keepsake list\n"
    "books'): when no such file exists, the data folder's content/books/ID.yaml.\n\n"
    "A booklet to print double-sided, fold and staple (it says how to print it):\n"
    "  keepsake build content/books/gift-booklet.yaml --impose booklet --sheet a5\n\n"
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
} impose_args_t;

static void impose_args_free(impose_args_t *a)
{
    g_free(a->impose);
    g_free(a->sheet);
    g_free(a->flip);
    g_free(a->creep);
    g_free(a->marks);
}

/* Check the --impose options into `*out`; false after a usage error. */
static bool parse_impose(const char *cmd, const impose_args_t *a, bool dump, build_impose_t *out)
{
    const double mm = 72 / 25.4;
    double creep = 0;
    *out = (build_impose_t){0};
    if (!a->impose) {
        if (a->sheet || a->flip || a->creep || a->marks || a->signature || a->rtl)
            return refuse(cmd, "--sheet, --flip, --signature, --creep, --marks and --rtl "
                                     "need --impose booklet");
        return true;
    }
    if (strcmp(a->impose, "booklet"))
        return refuse(cmd, "--impose takes: booklet");
    if (dump)
        return refuse(cmd, "--dump prints the book's pages: leave out --impose");
    if (a->sheet && !impose_parse_sheet(a->sheet, &out->sheet_w, &out->sheet_h))
        return refuse(cmd, "--sheet is a3, a4, a5, letter, tabloid or WxHmm (e.g. 320x225mm)");
    if (a->flip && strcmp(a->flip, "short") && strcmp(a->flip, "long"))
        return refuse(cmd, "--flip is short or long");
    if (a->signature < 0 || a->signature > IMPOSE_MAX_PAGES / 4)
        return refuse(cmd, "--signature is a number of sheets (0: one signature)");
    if (a->creep && (!text_parse_number(a->creep, &creep) || creep < 0 || creep > 5))
        return refuse(cmd, "--creep is millimetres per sheet, from 0 to 5 (e.g. 0.1)");
    if (a->marks && strcmp(a->marks, "fold"))
        return refuse(cmd, "--marks takes: fold");
    out->booklet = true;
    out->opts = (impose_opts_t){(size_t)a->signature,
                                a->flip && !strcmp(a->flip, "long") ? IMPOSE_FLIP_LONG
                                                                   : IMPOSE_FLIP_SHORT,
                                a->rtl};
    out->creep = creep * mm;
    out->fold_marks = a->marks != NULL;
    return true;
}

/* build's argument when it names no file but is an id (our-year): the
 * book DATA/content/books/ID.yaml, the data folder being --data, else found
 * from the current folder, else the installed data. NULL when `arg` is a
 * file or not an id, so it is used as given. */
static char *book_by_id(const char *arg, const char *data)
{
    if (g_file_test(arg, G_FILE_TEST_EXISTS) || !schema_valid_id(arg))
        return NULL;
    run_t *run = run_new(stderr, data);
    char *path = g_strdup_printf("%s/content/books/%s.yaml", data_folder(run, data), arg);
    run_free(run);
    return path;
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

/* build BOOK.yaml, or (worksheet) build the data folder's worksheet book
 * with its `exercise` variable set to ID. */
static int cmd_build(int argc, char **argv, bool worksheet)
{
    const char *cmd = worksheet ? "worksheet" : "build";
    char *output = NULL, *layout_name = NULL, *data = NULL, *sheet = NULL, **sets = NULL;
    gboolean dump = FALSE, quiet = FALSE;
    impose_args_t im = {0};
    model_setting_t *settings = NULL;
    size_t n_sets = 0;
    int rc = RUN_EXIT_USAGE;
    GOptionEntry entries[] = {
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
         worksheet ? "Write the PDF to FILE, - for standard output (default: EXERCISE.pdf)"
                   : "Write the PDF to FILE, - for standard output (default: the book's file "
                     "name with .pdf)", "FILE"},
        {"layout", 'l', 0, G_OPTION_ARG_FILENAME, &layout_name,
         "Use this layout instead of the book's: an id (a5, a4, letter, half-letter) "
         "or a path to a layout file", "LAYOUT"},
        {"set", 's', 0, G_OPTION_ARG_FILENAME_ARRAY, &sets,
         "Set a personal variable, e.g. --set names=\"Alex & Sam\" --set start=2027-01-04 "
         "(repeatable)", "KEY=VALUE"},
        {"data", 0, 0, G_OPTION_ARG_FILENAME, &data,
         worksheet ? "Folder holding content/, layouts/ and fonts/ (default: found from the "
                     "current folder, else the installed data)"
                   : "Folder holding content/, layouts/ and fonts/ (default: found from the "
                     "book's location, else the installed data)", "DIR"},
        {"dump", 0, 0, G_OPTION_ARG_NONE, &dump,
         "Print the laid-out pages as text instead of writing a PDF", NULL},
        {"impose", 0, 0, G_OPTION_ARG_STRING, &im.impose,
         "booklet: print the pages two to a side of landscape sheets, in the order that "
         "folds into a saddle-stitched booklet", "booklet"},
        {"sheet", 0, 0, G_OPTION_ARG_STRING, &im.sheet,
         "The sheet: a3, a4, a5, letter, tabloid or WxHmm (default: two pages side by side, "
         "exactly)", "SIZE"},
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
         "fold: short dashed lines at the fold above and below the pages", "fold"},
        {"rtl", 0, 0, G_OPTION_ARG_NONE, &im.rtl,
         "Bind on the right (right-to-left reading)", NULL},
        {"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet,
         "Print nothing when all is well (problems are still reported); without it, one "
         "line says what was written", NULL},
        {NULL, 0, 0, 0, NULL, NULL, NULL}};
    if (!parse(cmd, &argc, &argv, entries,
               worksheet ? "EXERCISE - print one exercise as a worksheet"
                         : "BOOK.yaml - render a book to PDF",
               worksheet ? WORKSHEET_ABOUT : BUILD_ABOUT))
        goto out;
    if (argc != 2) {
        usage_error(cmd, worksheet ? "worksheet takes one EXERCISE id"
                         : argc < 2 ? "build needs one BOOK.yaml"
                                    : "build takes one BOOK.yaml");
        goto out;
    }
    build_impose_t impose;
    if (!parse_sets(cmd, sets, &settings, &n_sets) || !parse_impose(cmd, &im, dump, &impose))
        goto out;
    build_job_t job = {.book = argv[1], .layout = layout_name, .data_dir = data,
                       .output = output, .sets = settings, .n_sets = n_sets, .dump = dump,
                       .impose = impose, .quiet = quiet,
                       .exercise = worksheet ? argv[1] : NULL};
    if (!worksheet && (sheet = book_by_id(argv[1], data)))
        job.book = sheet;
    if (worksheet && !(job.book = sheet = worksheet_book(data)))
        rc = RUN_EXIT_INPUT;
    else
        rc = build_run(&job);
out:
    impose_args_free(&im);
    g_free(sheet);
    g_free(settings);
    g_strfreev(sets);
    g_free(output);
    g_free(layout_name);
    g_free(data);
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
         "Folder holding content/ and layouts/ for the files books use", "DIR"},
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
         "Folder holding content/ and layouts/ (default: found from here, else the "
         "installed data)", "DIR"},
        {NULL, 0, 0, 0, NULL, NULL, NULL}};
    if (!parse("list", &argc, &argv, entries, "[books|exercises|layouts] - list ids and titles",
               NULL)) {
    } else if (argc > 2 || (argc == 2 && strcmp(argv[1], "books") &&
                            strcmp(argv[1], "exercises") && strcmp(argv[1], "layouts"))) {
        usage_error("list", "list takes one of: books, exercises, layouts");
    } else {
        run_t *run = run_new(stderr, NULL);
        const char *dir = data_folder(run, data);
        for (size_t k = 0; dir && k < G_N_ELEMENTS(WHAT); k++) {
            model_entry_t *rows;
            size_t n;
            if (argc == 2 && strcmp(argv[1], WHAT[k]))
                continue;
            model_list(run, dir, WHAT[k], &rows, &n);
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
         "Folder holding content/ and layouts/ (default: found from here, else the "
         "installed data)", "DIR"},
        {NULL, 0, 0, 0, NULL, NULL, NULL}};
    if (!parse("show", &argc, &argv, entries, "EXERCISE - print an exercise's content as text",
               NULL)) {
    } else if (argc != 2) {
        usage_error("show", "show takes one exercise id (see 'keepsake list exercises')");
    } else {
        run_t *run = run_new(stderr, NULL);
        arena_t *a = run->arena;
        const char *dir = data_folder(run, data);
        model_exercise_t *e =
            dir ? model_find_exercise(run, dir, model_exercise_id(run, argv[1])) : NULL;
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
    if (!strcmp(cmd, "check"))
        return cmd_check(argc - 1, argv + 1);
    if (!strcmp(cmd, "list"))
        return cmd_list(argc - 1, argv + 1);
    if (!strcmp(cmd, "show"))
        return cmd_show(argc - 1, argv + 1);
    if (!strcmp(cmd, "schema"))
        return cmd_schema(argc - 1, argv + 1);
    char *m = g_strdup_printf("unknown command '%s'", cmd), *safe = diag_line(m);
    fprintf(stderr, "%s\n\n%s", safe, USAGE);
    g_free(safe);
    g_free(m);
    return RUN_EXIT_USAGE;
}
