/* starter: see starter.h. */
#include "starter.h"

#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

static const char BOOK[] =
    "# Your book: what goes in it, in which order, and its personal variables.\n"
    "# Build it with `keepsake build book.yaml` (from this folder or any other).\n"
    "# keepsake looks for each exercise and layout here first (content/,\n"
    "# layouts/), then in --data, then in its installed data; `keepsake list`\n"
    "# shows what there is.\n"
    "type: book\n"
    "layout: my-a5          # layouts/my-a5.yaml\n"
    "language: en\n"
    "subject: \"A small workbook of our own\"\n"
    "variables:\n"
    "  title: \"Our Little Book\"\n"
    "  names: \"Alex & Sam\"  # or --set names=\"...\" when you build\n"
    "  start: 2027-01-04\n"
    "  weeks: 4\n"
    "sections:\n"
    "  - title: \"{title}\"\n"
    "    matter: front\n"
    "    contents: false\n"
    "    pages:\n"
    "      - page: cover\n"
    "  - title: \"Our questions\"\n"
    "    pages:\n"
    "      - exercise: our-questions   # content/our-questions.yaml: edit it\n"
    "  - title: \"The weeks\"\n"
    "    repeat: weekly\n"
    "    entry: \"Week {week}\"\n"
    "    pages:\n"
    "      - exercise: weekly-check-in # shipped: keepsake show weekly-check-in\n"
    "      - exercise: gratitude-log\n"
    "  - title: \"Notes\"\n"
    "    pages:\n"
    "      - exercise: notes\n"
    "        count: 2\n";

static const char LAYOUT[] =
    "# How the book looks: the shipped A5 layout, with a colour of our own.\n"
    "# Any key of a layout may go here (see `keepsake schema --format markdown`).\n"
    "type: layout\n"
    "extends: a5\n"
    "description: \"A5, with a green accent\"\n"
    "colours:\n"
    "  accent: \"#3f6b4f\"\n";

static const char EXERCISE[] =
    "# An exercise of our own: change the title and the prompts, add more.\n"
    "# The book finds it by its id, which is its file name.\n"
    "type: exercise\n"
    "id: our-questions\n"
    "practice: stories\n"
    "kind: questions\n"
    "title: \"Questions for the two of us\"\n"
    "intro: \"Take turns: one of you asks, the other answers, then swap.\"\n"
    "lines: 3\n"
    "sections:\n"
    "  - prompts:\n"
    "      - \"Where did we first really talk?\"\n"
    "      - \"What is a small thing I do that you would miss?\"\n"
    "      - \"Which day this year would you like to live again?\"\n";

static const char README[] =
    "# My keepsake book\n"
    "\n"
    "Made by `keepsake new`. It builds as it is:\n"
    "\n"
    "    keepsake build book.yaml            # writes book.pdf\n"
    "    keepsake build book.yaml --watch    # rebuilds whenever a file is saved\n"
    "\n"
    "What to do next:\n"
    "\n"
    "1. Put your names and dates in `book.yaml` (`variables:`), or give them\n"
    "   when you build: `--set names=\"Alex & Sam\" --set start=2027-01-04`.\n"
    "2. Edit `content/our-questions.yaml`, or add exercises of your own beside\n"
    "   it; an exercise's id is its file name. An exercise here with the id of\n"
    "   a shipped one (`keepsake list exercises`) is used instead of it.\n"
    "3. Change the look in `layouts/my-a5.yaml`; it extends the shipped a5.\n"
    "4. `keepsake check book.yaml` reports every problem without building.\n"
    "\n"
    "keepsake looks for exercises, layouts and languages in this folder first,\n"
    "then in `--data DIR`, then in its installed data. See `man keepsake`.\n";

/* The files, by path inside the folder. */
static const struct {
    const char *path;
    const char *text;
} FILES[] = {
    {"book.yaml", BOOK},
    {"layouts/my-a5.yaml", LAYOUT},
    {"content/our-questions.yaml", EXERCISE},
    {"README.md", README},
};

/* Remove the tree that write_files() made at `tmp`. */
static void remove_tree(const char *tmp)
{
    for (size_t i = 0; i < G_N_ELEMENTS(FILES); i++) {
        char *p = g_build_filename(tmp, FILES[i].path, NULL);
        g_unlink(p);
        g_free(p);
    }
    const char *const SUBS[] = {"layouts", "content"};
    for (size_t i = 0; i < G_N_ELEMENTS(SUBS); i++) {
        char *p = g_build_filename(tmp, SUBS[i], NULL);
        g_rmdir(p);
        g_free(p);
    }
    g_rmdir(tmp);
}

static bool write_files(run_t *run, const char *tmp)
{
    for (size_t i = 0; i < G_N_ELEMENTS(FILES); i++) {
        char *p = g_build_filename(tmp, FILES[i].path, NULL);
        char *parent = g_path_get_dirname(p);
        GError *err = NULL;
        bool ok = g_mkdir_with_parents(parent, 0777) == 0 &&
                  g_file_set_contents(p, FILES[i].text, -1, &err);
        if (!ok)
            diag_error(&run->diag, diag_at(p, 0, 0), "cannot write: %s",
                       err ? err->message : g_strerror(errno));
        if (err)
            g_error_free(err);
        g_free(parent);
        g_free(p);
        if (!ok)
            return false;
    }
    return true;
}

/* Whether `dir` is a folder with nothing in it. */
static bool empty_dir(const char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    bool empty = d && !g_dir_read_name(d);
    if (d)
        g_dir_close(d);
    return empty;
}

int starter_make(run_t *run, const char *arg)
{
    src_pos_t at = diag_at(arg, 0, 0);
    char *dir = g_strdup(arg); /* "my-book/" is my-book */
    for (size_t n = strlen(dir); n > 1 && dir[n - 1] == '/'; n--)
        dir[n - 1] = '\0';
    char *parent = g_path_get_dirname(dir), *base = g_path_get_basename(dir);
    char *tmp = g_strdup_printf("%s/.%s.keepsake-new-XXXXXX", parent, base);
    int rc = RUN_EXIT_OUTPUT;
    bool made_tmp = false;

    if (g_file_test(dir, G_FILE_TEST_EXISTS) && !empty_dir(dir)) {
        diag_error(&run->diag, at, g_file_test(dir, G_FILE_TEST_IS_DIR)
                                       ? "the folder is not empty; keepsake new makes a new "
                                         "folder and changes nothing in one that has files"
                                       : "a file of that name exists; keepsake new makes a "
                                         "new folder");
        rc = RUN_EXIT_INPUT;
        goto out;
    }
    if (!g_file_test(parent, G_FILE_TEST_IS_DIR)) {
        diag_error(&run->diag, at, "no folder %s to make it in", parent);
        rc = RUN_EXIT_INPUT;
        goto out;
    }
    if (!g_mkdtemp_full(tmp, 0777)) { /* the umask decides, as for any new folder */
        diag_error(&run->diag, at, "cannot make a folder in %s: %s", parent, g_strerror(errno));
        goto out;
    }
    made_tmp = true;
    if (!write_files(run, tmp))
        goto out;
    /* an empty folder of that name gives way; rename(2) replaces only an
     * empty folder, so nothing of the user's is ever lost */
    if (g_file_test(dir, G_FILE_TEST_IS_DIR))
        g_rmdir(dir);
    if (g_rename(tmp, dir) != 0) {
        diag_error(&run->diag, at, "cannot make the folder: %s", g_strerror(errno));
        goto out;
    }
    made_tmp = false;
    rc = RUN_EXIT_OK;
out:
    if (made_tmp)
        remove_tree(tmp);
    g_free(tmp);
    g_free(parent);
    g_free(base);
    g_free(dir);
    return rc;
}
