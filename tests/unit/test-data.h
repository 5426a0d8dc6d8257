/* test-data: a temporary data folder and a run whose messages are kept.
 *
 * For the stage tests (test-plan, test-layout, test-output): data_open()
 * makes a folder laid out like the repository's data folder
 * (content/lang/en.yaml and layouts/a5.yaml copied from the repository,
 * fonts/ a link to the repository's fonts), data_open_empty() an empty one;
 * data_put() writes a file into it, and data_close() removes it all. A
 * session_t is a run writing its messages into memory, so a test can
 * compare them whole; "$D" in an expected message stands for the folder.
 * Header-only, like test-harness.h, and included after it; the functions
 * are static inline so that a test may leave some unused. The tests run
 * from the repository root (tests/run.sh does). */
#ifndef KEEPSAKE_TEST_DATA_H
#define KEEPSAKE_TEST_DATA_H

#include "model.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <unistd.h>

static char data_dir[64]; /* "" until data_open() */

static inline char *data_path(const char *rel)
{
    return g_strdup_printf("%s/%s", data_dir, rel);
}

/* Write `text` to D/rel, creating folders on the way. */
static inline void data_put(const char *rel, const char *text)
{
    char *path = data_path(rel);
    char *dir = g_path_get_dirname(path);
    CHECK(g_mkdir_with_parents(dir, 0700) == 0);
    CHECK(g_file_set_contents(path, text, -1, NULL));
    g_free(dir);
    g_free(path);
}

/* A file of the repository, copied into the data folder. */
static inline bool data_copy_in(const char *rel)
{
    char *text = NULL;
    if (!g_file_get_contents(rel, &text, NULL, NULL)) {
        printf("  cannot read %s (run the tests from the repository root)\n", rel);
        return false;
    }
    data_put(rel, text);
    g_free(text);
    return true;
}

/* Remove `path` and, for a folder, everything in it (links are removed,
 * never followed). */
static inline bool data_remove_tree(const char *path)
{
    bool ok = true;
    if (!g_file_test(path, G_FILE_TEST_IS_SYMLINK)) {
        GDir *dir = g_dir_open(path, 0, NULL);
        if (dir) {
            const char *name;
            while ((name = g_dir_read_name(dir))) {
                char *sub = g_build_filename(path, name, NULL);
                ok = data_remove_tree(sub) && ok;
                g_free(sub);
            }
            g_dir_close(dir);
        }
    }
    return remove(path) == 0 && ok;
}

/* An empty temporary folder, `prefix` naming the test in its name. */
static inline bool data_open_empty(const char *prefix)
{
    char *tmpl = g_strdup_printf("/tmp/keepsake-%s-XXXXXX", prefix);
    bool ok = strlen(tmpl) < sizeof data_dir;
    if (ok) {
        memcpy(data_dir, tmpl, strlen(tmpl) + 1);
        ok = CHECK(mkdtemp(data_dir) != NULL);
    }
    g_free(tmpl);
    return ok;
}

/* The data folder. False if it could not be made or the repository's
 * files are not there. */
static inline bool data_open(const char *prefix)
{
    if (!data_open_empty(prefix))
        return false;
    bool ok = data_copy_in("content/lang/en.yaml") && data_copy_in("layouts/a5.yaml");
    char *fonts = g_canonicalize_filename("fonts", NULL);
    char *link = data_path("fonts");
    ok = CHECK(ok && g_file_test(fonts, G_FILE_TEST_IS_DIR) && symlink(fonts, link) == 0) && ok;
    g_free(fonts);
    g_free(link);
    return ok;
}

static inline void data_close(void)
{
    if (data_dir[0] && data_dir[strlen(data_dir) - 1] != 'X') /* mkdtemp() made it */
        CHECK(data_remove_tree(data_dir));
}

/* ---- a run with its messages kept ---------------------------------------- */

typedef struct {
    run_t *run;
    FILE *f;
    char *msgs;
    size_t size;
} session_t;

static inline void session_open(session_t *s)
{
    memset(s, 0, sizeof *s);
    s->f = open_memstream(&s->msgs, &s->size);
    s->run = run_new(s->f, data_dir);
}

/* The messages so far ("" when none); valid until the next message. */
static inline const char *session_messages(session_t *s)
{
    fflush(s->f);
    return s->msgs ? s->msgs : "";
}

static inline void session_close(session_t *s)
{
    run_free(s->run);
    fclose(s->f);
    free(s->msgs);
}

/* `want` with every "$D" replaced by the folder; g_free() it. */
static inline char *data_with_dir(const char *want)
{
    GString *w = g_string_new(NULL);
    for (const char *p = want; *p; p++) {
        if (p[0] == '$' && p[1] == 'D')
            g_string_append(w, data_dir), p++;
        else
            g_string_append_c(w, *p);
    }
    return g_string_free(w, FALSE);
}

/* The messages so far equal `want` ("$D": the folder); shows both if not. */
static inline bool session_said(session_t *s, const char *want)
{
    const char *got = session_messages(s);
    char *w = data_with_dir(want);
    bool ok = strcmp(got, w) == 0;
    if (!ok)
        printf("  want: %s  got:  %s", *w ? w : "(nothing)\n", *got ? got : "(nothing)\n");
    g_free(w);
    return ok;
}

/* Build the book D/content/books/NAME.yaml holding `yaml`, with `sets`. */
static inline model_book_t *session_book(session_t *s, const char *name, const char *yaml,
                                  const model_setting_t *sets, size_t n_sets)
{
    char *rel = g_strdup_printf("content/books/%s.yaml", name);
    char *path = data_path(rel);
    model_book_t *b = NULL;
    data_put(rel, yaml);
    if (!model_build(s->run, path, NULL, sets, n_sets, &b))
        b = NULL;
    g_free(path);
    g_free(rel);
    return b;
}

#endif
