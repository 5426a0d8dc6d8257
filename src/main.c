/* keepsake: YAML in, print-ready PDF workbooks out.
 *
 * The command line, and the pipeline in the order it runs:
 * load + model (model_build), plan, fonts, layout, render. Each stage
 * reports its own problems; main only chooses the exit code. */
#include "dump.h"
#include "fonts.h"
#include "layout.h"
#include "model.h"
#include "plan.h"
#include "render.h"

#include <cairo.h>
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
    "  help [COMMAND]    show help for a command\n"
    "\n"
    "Options:\n"
    "  -h, --help        show this help\n"
    "  --version         show the version and the libraries in use\n"
    "\n"
    "Exit status: 0 ok, 1 bad input, 2 bad command line, 3 output failed.\n"
    "Run 'keepsake build --help' for the options of build. See keepsake(1).\n";

static int version(void)
{
    unsigned fc = (unsigned)FcGetVersion();
    printf("keepsake %s\n", KEEPSAKE_VERSION);
    printf("libyaml %s, Pango %s, Cairo %s, fontconfig %u.%u.%u, GLib %u.%u.%u\n",
           yaml_get_version_string(), pango_version_string(), cairo_version_string(),
           fc / 10000, fc / 100 % 100, fc % 100, glib_major_version, glib_minor_version,
           glib_micro_version);
    return EXIT_OK;
}

static int usage_error(const char *command, const char *message)
{
    fprintf(stderr, "keepsake: %s\nTry 'keepsake %s --help'.\n", message, command);
    return EXIT_USAGE;
}

/* Output name when -o is not given: the book file's name, .pdf, here. */
static char *default_output(const char *book)
{
    char *base = g_path_get_basename(book);
    char *dot = strrchr(base, '.');
    if (dot)
        *dot = '\0';
    char *r = g_strdup_printf("%s.pdf", base);
    g_free(base);
    return r;
}

/* The data folder: --data, else found from the current folder. */
static const char *data_folder(run_t *run, const char *data)
{
    if (data)
        return data;
    return model_data_dir(run, "./keepsake");
}

/* build BOOK.yaml, or (worksheet) build the data folder's worksheet book
 * with its `exercise` variable set to ID. */
static int cmd_build(int argc, char **argv, bool worksheet)
{
    const char *cmd = worksheet ? "worksheet" : "build";
    char *output = NULL, *layout_name = NULL, *data = NULL;
    char **sets = NULL;
    gboolean dump = FALSE;
    GOptionEntry entries[] = {
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
         "Write the PDF to FILE (default: the book's file name with .pdf)", "FILE"},
        {"layout", 'l', 0, G_OPTION_ARG_FILENAME, &layout_name,
         "Use this layout instead of the book's: an id (a5, a4, letter, half-letter) "
         "or a path to a layout file", "LAYOUT"},
        {"set", 's', 0, G_OPTION_ARG_FILENAME_ARRAY, &sets,
         "Set a personal variable, e.g. --set names=\"Alex & Sam\" --set start=2027-01-04 "
         "(repeatable)", "KEY=VALUE"},
        {"data", 0, 0, G_OPTION_ARG_FILENAME, &data,
         "Folder holding content/, layouts/ and fonts/ (default: found from the book's "
         "location, else the installed data)", "DIR"},
        {"dump", 0, 0, G_OPTION_ARG_NONE, &dump,
         "Print the laid-out pages as text instead of writing a PDF", NULL},
        {NULL, 0, 0, 0, NULL, NULL, NULL}};
    GOptionContext *ctx = g_option_context_new(
        worksheet ? "EXERCISE - print one exercise as a worksheet"
                  : "BOOK.yaml - render a book to PDF");
    g_option_context_add_main_entries(ctx, entries, NULL);
    g_option_context_set_description(
        ctx, worksheet
                 ? "The worksheet is content/books/worksheet.yaml with its page set to\n"
                   "EXERCISE (see 'keepsake list exercises'). Its variables: client,\n"
                   "practice, contact (in the footer), names, start (the date).\n\n"
                   "Example:\n  keepsake worksheet reflection --set client=\"Jo Rivera\" \\\n"
                   "      --set practice=\"Your practice\" --set start=2027-03-01\n"
                 : "Example:\n  keepsake build content/books/our-year.yaml -o our-year.pdf \\\n"
                   "      --set names=\"Alex & Sam\" --set start=2027-01-04\n");
    GError *err = NULL;
    run_t run = {0};
    model_book_t *book = NULL;
    plan_t *plan = NULL;
    PangoFontMap *map = NULL;
    layout_doc_t *doc = NULL;
    model_setting_t *settings = NULL;
    size_t n_sets = 0;
    int rc = EXIT_INPUT;

    if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
        rc = usage_error(argv[0], err->message);
        g_error_free(err);
        goto out;
    }
    if (argc != 2) {
        rc = usage_error(cmd, worksheet ? "worksheet takes one EXERCISE id"
                              : argc < 2 ? "build needs one BOOK.yaml"
                                         : "build takes one BOOK.yaml");
        goto out;
    }
    n_sets = sets ? g_strv_length(sets) : 0;
    settings = g_new0(model_setting_t, n_sets + 2);
    for (size_t i = 0; i < n_sets; i++) {
        char *eq = strchr(sets[i], '=');
        if (!eq || eq == sets[i]) {
            char *m = g_strdup_printf("--set needs KEY=VALUE, not '%s'", sets[i]);
            rc = usage_error(cmd, m);
            g_free(m);
            goto out;
        }
        *eq = '\0';
        settings[i].name = sets[i];
        settings[i].value = eq + 1;
    }

    run.arena = arena_new();
    run.data_dir = data;
    run.inputs = g_ptr_array_new();
    diag_init(&run.diag, stderr);
    const char *book_path = argv[1];
    if (worksheet) {
        /* The exercise comes first, so a later --set exercise=... wins. */
        memmove(settings + 1, settings, sizeof *settings * n_sets++);
        settings[0].name = "exercise";
        settings[0].value = argv[1];
        book_path = arena_printf(run.arena, "%s/content/books/worksheet.yaml",
                                 data_folder(&run, data));
        if (!output && !dump)
            output = g_strdup_printf("%s.pdf", argv[1]);
    }
    if (!model_build(&run, book_path, layout_name, settings, n_sets, &book) ||
        !plan_build(&run, book, &plan))
        goto out;
    if (!(map = fonts_open(&run, book->layout, book->fonts_dir)))
        goto out;
    if (!layout_paginate(&run, plan, map, &doc))
        goto out;
    if (dump) {
        dump_layout(stdout, doc);
        rc = fflush(stdout) == 0 ? EXIT_OK : EXIT_OUTPUT;
        goto out;
    }
    if (!output)
        output = default_output(book_path);
    /* Every file the run read, layouts it extends included: the output
     * must never replace one of them. */
    g_ptr_array_add(run.inputs, NULL);
    rc = render_pdf(&run, doc, output, (const char *const *)((GPtrArray *)run.inputs)->pdata)
             ? EXIT_OK
             : EXIT_OUTPUT;
out:
    if (run.arena) {
        diag_finish(&run.diag);
        if (rc == EXIT_INPUT && run.diag.errors)
            fprintf(stderr, "keepsake: %u error%s; nothing was written\n", run.diag.errors,
                    run.diag.errors == 1 ? "" : "s");
    }
    if (run.inputs)
        g_ptr_array_free(run.inputs, TRUE);
    layout_free(doc);
    if (map)
        g_object_unref(map);
    arena_free(run.arena);
    g_free(settings);
    g_strfreev(sets);
    g_free(output);
    g_free(layout_name);
    g_free(data);
    g_option_context_free(ctx);
    return rc;
}

static int cmd_check(int argc, char **argv)
{
    char *data = NULL;
    GOptionEntry entries[] = {
        {"data", 0, 0, G_OPTION_ARG_FILENAME, &data,
         "Folder holding content/ and layouts/ for the files books use", "DIR"},
        {NULL, 0, 0, 0, NULL, NULL, NULL}};
    GOptionContext *ctx =
        g_option_context_new("FILE... - check books, exercises, layouts and languages");
    g_option_context_add_main_entries(ctx, entries, NULL);
    g_option_context_set_description(
        ctx, "Each file says what it is in its 'type:' key. Every problem is reported\n"
             "as FILE:LINE:COLUMN: error: ...; nothing is rendered.\n");
    GError *err = NULL;
    int rc = EXIT_OK;
    if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
        rc = usage_error(argv[0], err->message);
        g_error_free(err);
    } else if (argc < 2) {
        rc = usage_error("check", "check needs at least one FILE");
    } else {
        run_t run = {0};
        run.arena = arena_new();
        run.data_dir = data;
        diag_init(&run.diag, stderr);
        for (int i = 1; i < argc; i++)
            model_check_file(&run, argv[i]);
        diag_finish(&run.diag);
        if (run.diag.errors)
            rc = EXIT_INPUT;
        arena_free(run.arena);
    }
    g_free(data);
    g_option_context_free(ctx);
    return rc;
}

static int cmd_list(int argc, char **argv)
{
    char *data = NULL;
    GOptionEntry entries[] = {
        {"data", 0, 0, G_OPTION_ARG_FILENAME, &data,
         "Folder holding content/ and layouts/ (default: found from here, else the "
         "installed data)", "DIR"},
        {NULL, 0, 0, 0, NULL, NULL, NULL}};
    GOptionContext *ctx = g_option_context_new("[books|exercises|layouts] - list ids and titles");
    g_option_context_add_main_entries(ctx, entries, NULL);
    GError *err = NULL;
    int rc = EXIT_OK;
    if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
        rc = usage_error("list", err->message);
        g_error_free(err);
    } else if (argc > 2 || (argc == 2 && strcmp(argv[1], "books") && strcmp(argv[1], "exercises") &&
                            strcmp(argv[1], "layouts"))) {
        rc = usage_error("list", "list takes one of: books, exercises, layouts");
    } else {
        run_t run = {0};
        run.arena = arena_new();
        diag_init(&run.diag, stderr);
        const char *dir = data_folder(&run, data);
        const char *kinds[] = {"books", "exercises", "layouts"};
        for (size_t k = 0; k < 3; k++) {
            if (argc == 2 && strcmp(argv[1], kinds[k]))
                continue;
            model_entry_t *rows;
            size_t n;
            model_list(&run, dir, kinds[k], &rows, &n);
            if (argc < 2)
                printf("%s%s:\n", k ? "\n" : "", kinds[k]);
            for (size_t i = 0; i < n; i++) {
                if (k == 1)
                    printf("%-22s %-15s %-10s %s\n", rows[i].id, rows[i].practice, rows[i].kind,
                           plan_plain(run.arena, rows[i].title));
                else if (k == 2)
                    printf("%-22s %-12s %s\n", rows[i].id, rows[i].kind, rows[i].title);
                else
                    printf("%-22s %s\n", rows[i].id, rows[i].title);
            }
        }
        diag_finish(&run.diag);
        if (run.diag.errors)
            rc = EXIT_INPUT;
        arena_free(run.arena);
    }
    g_free(data);
    g_option_context_free(ctx);
    return rc;
}

static void show_texts(arena_t *a, const char *heading, const model_text_t *t, size_t n)
{
    if (!n)
        return;
    printf("\n%s:\n", heading);
    for (size_t i = 0; i < n; i++)
        printf("%4zu. %s\n", i + 1, plan_plain(a, t[i].text));
}

static int cmd_show(int argc, char **argv)
{
    char *data = NULL;
    GOptionEntry entries[] = {
        {"data", 0, 0, G_OPTION_ARG_FILENAME, &data, "Folder holding content/", "DIR"},
        {NULL, 0, 0, 0, NULL, NULL, NULL}};
    GOptionContext *ctx = g_option_context_new("EXERCISE - print an exercise's content as text");
    g_option_context_add_main_entries(ctx, entries, NULL);
    GError *err = NULL;
    int rc = EXIT_OK;
    if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
        rc = usage_error("show", err->message);
        g_error_free(err);
    } else if (argc != 2) {
        rc = usage_error("show", "show takes one exercise id (see 'keepsake list exercises')");
    } else {
        run_t run = {0};
        run.arena = arena_new();
        diag_init(&run.diag, stderr);
        arena_t *a = run.arena;
        model_exercise_t *e = model_find_exercise(&run, data_folder(&run, data), argv[1]);
        if (e) {
            printf("%s: %s\n", e->id, e->title.text ? plan_plain(a, e->title.text) : "");
            printf("practice: %s, kind: %s\n", e->practice, model_kind_name(e->kind));
            if (e->intro.text)
                printf("\n%s\n", plan_plain(a, e->intro.text));
            for (size_t i = 0; i < e->n_blocks; i++) {
                const model_block_t *b = &e->blocks[i];
                if (b->kind == MODEL_BLOCK_LIST)
                    for (size_t j = 0; j < b->n_items; j++)
                        printf("  - %s\n", plan_plain(a, b->items[j].text));
                else
                    printf(b->kind == MODEL_BLOCK_HEADING ? "\n## %s\n" : "\n%s\n",
                           plan_plain(a, b->text.text));
            }
            show_texts(a, "Questions", e->questions, e->n_questions);
            if (e->scale_question.text)
                printf("\nScale, 1 (%s) to 10 (%s): %s\n", plan_plain(a, e->scale_low.text),
                       plan_plain(a, e->scale_high.text), plan_plain(a, e->scale_question.text));
            if (e->deeper)
                printf("\nEach week also asks one question from '%s' (%zu questions).\n",
                       e->deeper->id, e->deeper->n_prompts);
            show_texts(a, "Prompts", e->prompts, e->n_prompts);
            for (size_t g = 0; g < e->n_groups; g++)
                show_texts(a, e->groups[g].heading.text ? plan_plain(a, e->groups[g].heading.text)
                                                        : "Questions",
                           e->groups[g].prompts, e->groups[g].n_prompts);
        }
        diag_finish(&run.diag);
        if (!e)
            rc = EXIT_INPUT;
        arena_free(run.arena);
    }
    g_free(data);
    g_option_context_free(ctx);
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
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "version"))
        return version();
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help")) {
        fputs(USAGE, stdout);
        return EXIT_OK;
    }
    char *help_args[] = {argv[0], NULL, (char *)"--help", NULL};
    if (!strcmp(cmd, "help")) {
        if (argc < 3) {
            fputs(USAGE, stdout);
            return EXIT_OK;
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
    fprintf(stderr, "keepsake: unknown command '%s'\n\n%s", cmd, USAGE);
    return EXIT_USAGE;
}
