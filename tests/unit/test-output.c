/* test-output: writing a file whole or not at all (src/output.h).
 *
 * Each test writes into an empty temporary folder (test-data.h) and then
 * looks at the whole folder: the target with exactly the bytes written, or
 * the old target untouched, and never a temporary file left over (they are
 * named .NAME.keepsake-XXXXXX beside the target). Refused targets are
 * refused up front, with a message and without a byte written. */
#include "output.h"

#include "test-harness.h"
#include "test-data.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>

/* ---- the folder ------------------------------------------------------------ */

static int by_name(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The folder's entries, sorted, joined with " " ("" when empty); in the
 * run's arena. */
static const char *listing(session_t *s)
{
    GDir *dir = g_dir_open(data_dir, 0, NULL);
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    const char *name;
    while (dir && (name = g_dir_read_name(dir)))
        g_ptr_array_add(names, g_strdup(name));
    if (dir)
        g_dir_close(dir);
    g_ptr_array_sort(names, by_name);
    GString *r = g_string_new(NULL);
    for (size_t i = 0; i < names->len; i++)
        g_string_append_printf(r, "%s%s", i ? " " : "", (const char *)names->pdata[i]);
    const char *out = arena_strdup(s->run->arena, r->str);
    g_string_free(r, TRUE);
    g_ptr_array_free(names, TRUE);
    return out;
}

/* Empty the folder between tests. */
static void clear(void)
{
    GDir *dir = g_dir_open(data_dir, 0, NULL);
    const char *name;
    while (dir && (name = g_dir_read_name(dir))) {
        char *p = g_build_filename(data_dir, name, NULL);
        CHECK(data_remove_tree(p));
        g_free(p);
    }
    if (dir)
        g_dir_close(dir);
}

/* D/rel holds exactly `want` (`n` bytes). */
static bool holds(const char *rel, const char *want, size_t n)
{
    char *path = data_path(rel), *got = NULL;
    size_t len = 0;
    bool ok = g_file_get_contents(path, &got, &len, NULL) && len == n && !memcmp(got, want, n);
    if (!ok)
        printf("  %s: %zu bytes, want %zu\n", rel, got ? len : 0, n);
    g_free(got);
    g_free(path);
    return ok;
}

static bool holds_str(const char *rel, const char *want)
{
    return holds(rel, want, strlen(want));
}

/* A stand-in for a PDF: what output_commit() checks for a whole one (a
 * %PDF- head, a %%EOF tail), and bytes of every value in between. */
static char *fake_pdf(size_t *n)
{
    GString *s = g_string_new("%PDF-1.7\n");
    for (unsigned i = 0; i < 5000; i++)
        g_string_append_c(s, (char)(i * 7 % 256));
    g_string_append(s, "\n%%EOF\n");
    *n = s->len;
    return g_string_free(s, FALSE);
}

/* Write `data` in three pieces. */
static void write_all(output_t *o, const char *data, size_t n)
{
    size_t a = n / 3, b = n / 2;
    const unsigned char *u = (const unsigned char *)data;
    CHECK(output_write(o, u, (unsigned)a) == CAIRO_STATUS_SUCCESS);
    CHECK(output_write(o, u + a, (unsigned)(b - a)) == CAIRO_STATUS_SUCCESS);
    CHECK(output_write(o, u + b, (unsigned)(n - b)) == CAIRO_STATUS_SUCCESS);
}

/* A temporary file name for `target`: .TARGET.keepsake- and 6 characters. */
static bool is_temp_for(const char *name, const char *target)
{
    char *prefix = g_strdup_printf(".%s.keepsake-", target);
    bool ok = g_str_has_prefix(name, prefix) && strlen(name) == strlen(prefix) + 6;
    g_free(prefix);
    return ok;
}

/* ---- writing ---------------------------------------------------------------- */

static void test_commit(void)
{
    size_t n;
    char *pdf = fake_pdf(&n);
    session_t s;
    session_open(&s);
    char *path = data_path("book.pdf");
    output_t *o = output_open(s.run, path, NULL);
    if (CHECK(o != NULL)) {
        /* while it is written, only the temporary file exists, beside the
         * target */
        write_all(o, pdf, n);
        const char *during = listing(&s);
        if (!CHECK(is_temp_for(during, "book.pdf")))
            printf("  the folder holds: %s\n", during);
        CHECK(output_commit(s.run, o, NULL));
        CHECK_STR(listing(&s), "book.pdf");
        CHECK(holds("book.pdf", pdf, n));
        struct stat st;
        CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0644); /* umask 022 */
    }
    CHECK(session_said(&s, ""));

    /* an existing file is replaced whole */
    data_put("old.pdf", "the old file");
    char *old = data_path("old.pdf");
    o = output_open(s.run, old, NULL);
    if (CHECK(o != NULL)) {
        write_all(o, pdf, n);
        CHECK(holds_str("old.pdf", "the old file")); /* until the commit */
        CHECK(output_commit(s.run, o, NULL));
        CHECK(holds("old.pdf", pdf, n));
    }
    CHECK_STR(listing(&s), "book.pdf old.pdf");
    CHECK(session_said(&s, ""));
    session_close(&s);
    g_free(old);
    g_free(path);
    g_free(pdf);
    clear();
}

static void test_abort(void)
{
    size_t n;
    char *pdf = fake_pdf(&n);
    session_t s;
    session_open(&s);
    char *path = data_path("book.pdf");
    output_t *o = output_open(s.run, path, NULL);
    if (CHECK(o != NULL)) {
        write_all(o, pdf, n);
        output_abort(o);
    }
    CHECK_STR(listing(&s), ""); /* no file, no temporary file */
    output_abort(NULL);

    /* aborting leaves an existing target as it was */
    data_put("book.pdf", "the old file");
    o = output_open(s.run, path, NULL);
    if (CHECK(o != NULL)) {
        write_all(o, pdf, n);
        output_abort(o);
    }
    CHECK_STR(listing(&s), "book.pdf");
    CHECK(holds_str("book.pdf", "the old file"));
    CHECK(session_said(&s, ""));
    session_close(&s);
    g_free(path);
    g_free(pdf);
    clear();
}

/* A run that fails at the end never replaces the target: the file written
 * is not a whole PDF, so the commit refuses it. */
static void test_failed_run(void)
{
    const char *halves[] = {"not a PDF at all, but long enough to be checked: "
                            "0123456789012345678901234567890123456789",
                            NULL};
    size_t n;
    char *pdf = fake_pdf(&n);
    /* the same PDF cut short of its %%EOF */
    char *cut = g_strndup(pdf, n - 40);
    halves[1] = cut;
    for (size_t i = 0; i < G_N_ELEMENTS(halves); i++) {
        session_t s;
        session_open(&s);
        data_put("book.pdf", "the old file");
        char *path = data_path("book.pdf");
        output_t *o = output_open(s.run, path, NULL);
        if (CHECK(o != NULL)) {
            write_all(o, halves[i], strlen(halves[i]));
            CHECK(!output_commit(s.run, o, NULL));
        }
        CHECK(session_said(&s, "$D/book.pdf: error: the PDF written is incomplete\n"));
        CHECK_STR(listing(&s), "book.pdf");
        CHECK(holds_str("book.pdf", "the old file"));
        session_close(&s);
        g_free(path);
    }
    g_free(cut);
    g_free(pdf);
    clear();
}

/* SIGTERM while the file is written removes the temporary file and leaves
 * the target as it was. */
static void test_signal(void)
{
    session_t s;
    session_open(&s);
    data_put("book.pdf", "the old file");
    char *path = data_path("book.pdf");
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        FILE *sink = fopen("/dev/null", "w");
        run_t *run = run_new(sink ? sink : stderr, NULL);
        output_t *o = output_open(run, path, NULL);
        if (!o)
            _exit(2);
        output_write(o, (const unsigned char *)"%PDF-1.7\n", 9);
        raise(SIGTERM);
        _exit(3); /* not reached: the handler re-raises the signal */
    }
    int status = 0;
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
    if (!CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM))
        printf("  the child ended with status %d\n", status);
    CHECK_STR(listing(&s), "book.pdf");
    CHECK(holds_str("book.pdf", "the old file"));
    session_close(&s);
    g_free(path);
    clear();
}

/* ---- what killed runs leave ------------------------------------------------ */

/* A run removes the temporary files that killed runs left in its folder,
 * whatever output they were for, and nothing else: not a file that a
 * running keepsake holds (its flock), not a name that only looks like one,
 * not a file that is not a PDF in the making, a folder or a link. */
static void test_stale(void)
{
    size_t n;
    char *pdf = fake_pdf(&n);
    static const char *const KEPT[] = {
        ".book.pdf.keepsake-AbC12",   /* five characters, not six */
        ".book.pdf.keepsake-AbC1234", /* seven */
        ".book.pdf.keepsake-AbC12_",  /* not mkstemp's letters and digits */
        ".book.pdf.keepsakes-AbC123",
        ".keepsake-AbC123",           /* no NAME */
        "book.pdf.keepsake-AbC123",   /* no leading dot */
        ".notes.txt.keepsake-Abcdef", /* not a PDF */
    };
    session_t s;
    session_open(&s);
    data_put(".book.pdf.keepsake-Stale1", "");      /* killed before writing */
    data_put(".other.pdf.keepsake-Stale2", "%PDF-1.7\n half a PDF");
    data_put(".held.pdf.keepsake-Held01", "%PDF-1.7\n being written");
    for (size_t i = 0; i < G_N_ELEMENTS(KEPT); i++)
        data_put(KEPT[i], i + 1 < G_N_ELEMENTS(KEPT) ? "%PDF-1.7\n" : "my notes");
    char *dir = data_path(".dir.pdf.keepsake-Folder"), *link = data_path(".ln.pdf.keepsake-Link01");
    CHECK(g_mkdir(dir, 0700) == 0);
    CHECK(symlink(".book.pdf.keepsake-Stale1", link) == 0);
    /* a running keepsake's file: locked through another open file */
    char *held = data_path(".held.pdf.keepsake-Held01");
    int fd = open(held, O_RDONLY);
    CHECK(fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0);
    char *path = data_path("book.pdf");
    output_t *o = output_open(s.run, path, NULL);
    if (CHECK(o != NULL)) {
        write_all(o, pdf, n);
        size_t size = 0;
        CHECK(output_commit(s.run, o, &size));
        CHECK(size == n);
    }
    CHECK_STR(listing(&s), ".book.pdf.keepsake-AbC12 .book.pdf.keepsake-AbC1234 "
                           ".book.pdf.keepsake-AbC12_ .book.pdf.keepsakes-AbC123 "
                           ".dir.pdf.keepsake-Folder .held.pdf.keepsake-Held01 .keepsake-AbC123 "
                           ".ln.pdf.keepsake-Link01 .notes.txt.keepsake-Abcdef book.pdf "
                           "book.pdf.keepsake-AbC123");
    CHECK(holds_str(".held.pdf.keepsake-Held01", "%PDF-1.7\n being written"));
    /* once its writer is gone, the next run removes it */
    if (fd >= 0)
        close(fd);
    o = output_open(s.run, path, NULL);
    output_abort(o);
    CHECK(!g_file_test(held, G_FILE_TEST_EXISTS));
    CHECK(session_said(&s, ""));
    session_close(&s);
    g_free(held);
    g_free(link);
    g_free(dir);
    g_free(path);
    g_free(pdf);
    clear();
}

/* While a run writes, its temporary file is locked: another run cannot
 * take it. */
static void test_locked_while_written(void)
{
    session_t s;
    session_open(&s);
    char *path = data_path("book.pdf");
    output_t *o = output_open(s.run, path, NULL);
    if (CHECK(o != NULL)) {
        const char *name = listing(&s);
        char *tmp = data_path(name);
        int fd = open(tmp, O_RDONLY);
        CHECK(fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK);
        if (fd >= 0)
            close(fd);
        output_abort(o);
        g_free(tmp);
    }
    CHECK_STR(listing(&s), "");
    session_close(&s);
    g_free(path);
}

/* ---- standard output ---------------------------------------------------------- */

/* Write a PDF to "-" with standard output sent to `to`: what the commit
 * says, and nothing left in the folder. */
static bool to_stdout(session_t *s, const char *to, const char *pdf, size_t n)
{
    fflush(stdout);
    int saved = dup(STDOUT_FILENO), fd = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    bool ok = false;
    if (CHECK(saved >= 0 && fd >= 0 && dup2(fd, STDOUT_FILENO) == STDOUT_FILENO)) {
        output_t *o = output_open(s->run, "-", NULL);
        if (o) {
            write_all(o, pdf, n);
            ok = output_commit(s->run, o, NULL);
        }
        dup2(saved, STDOUT_FILENO);
    }
    if (fd >= 0)
        close(fd);
    if (saved >= 0)
        close(saved);
    CHECK_STR(listing(s), "");
    return ok;
}

static void test_stdout(void)
{
    size_t n;
    char *pdf = fake_pdf(&n);
    char *out = g_strdup_printf("%s.stdout", data_dir);
    session_t s;
    session_open(&s);
    CHECK(to_stdout(&s, out, pdf, n));
    char *got = NULL;
    size_t len = 0;
    CHECK(g_file_get_contents(out, &got, &len, NULL) && len == n && !memcmp(got, pdf, n));
    CHECK(session_said(&s, ""));
    CHECK(!to_stdout(&s, "/dev/full", pdf, n));
    CHECK(session_said(&s, "standard output: error: cannot write: No space left on device\n"));
    session_close(&s);
    unlink(out);
    g_free(got);
    g_free(out);
    g_free(pdf);
}

/* ---- refused targets ---------------------------------------------------------- */

/* output_open() refuses D/rel (or `path`, if given) with exactly `want`,
 * and the folder then holds exactly `left`. */
static bool refused(const char *rel, const char *path, const char *const *inputs,
                    const char *want, const char *left)
{
    session_t s;
    session_open(&s);
    char *p = path ? g_strdup(path) : data_path(rel);
    output_t *o = output_open(s.run, p, inputs);
    bool ok = CHECK(o == NULL);
    if (o)
        output_abort(o);
    ok = CHECK(session_said(&s, want)) && ok;
    ok = CHECK_STR(listing(&s), left) && ok;
    session_close(&s);
    g_free(p);
    return ok;
}

static void test_refused(void)
{
    /* a directory */
    char *dir = data_path("out");
    CHECK(g_mkdir(dir, 0700) == 0);
    refused("out", NULL, NULL,
            "$D/out: error: output is a directory; give a file name such as $D/out/book.pdf\n",
            "out");
    CHECK(g_rmdir(dir) == 0);
    g_free(dir);

    /* a symbolic link, to a file or to nothing: neither is written through */
    data_put("real.pdf", "the real file");
    char *sym = data_path("link.pdf");
    CHECK(symlink("real.pdf", sym) == 0);
    refused("link.pdf", NULL, NULL,
            "$D/link.pdf: error: output is a symbolic link; refusing to write through it\n",
            "link.pdf real.pdf");
    CHECK(holds_str("real.pdf", "the real file"));
    CHECK(g_file_test(sym, G_FILE_TEST_IS_SYMLINK));
    CHECK(unlink(sym) == 0);
    CHECK(symlink("nowhere.pdf", sym) == 0);
    refused("link.pdf", NULL, NULL,
            "$D/link.pdf: error: output is a symbolic link; refusing to write through it\n",
            "link.pdf real.pdf");
    g_free(sym);
    clear();

    /* a FIFO (never opened: that would block) and a device */
    char *fifo = data_path("fifo");
    CHECK(mkfifo(fifo, 0600) == 0);
    refused("fifo", NULL, NULL,
            "$D/fifo: error: output is not a regular file (a FIFO, socket or device)\n",
            "fifo");
    g_free(fifo);
    refused(NULL, "/dev/null", NULL,
            "/dev/null: error: output is not a regular file (a FIFO, socket or device)\n",
            "fifo");
    clear();

    /* one of the run's inputs, by its own name or by another */
    session_t s;
    session_open(&s);
    data_put("book.yaml", "type: book\n");
    char *in = data_path("book.yaml");
    run_add_input(s.run, "/nonexistent/first.yaml");
    run_add_input(s.run, in);
    refused("book.yaml", NULL, s.run->inputs.paths,
            "$D/book.yaml: error: output is the input file $D/book.yaml; refusing to "
            "overwrite it\n",
            "book.yaml");
    char *other = data_path("same.pdf");
    CHECK(link(in, other) == 0); /* a hard link: the same file */
    refused("same.pdf", NULL, s.run->inputs.paths,
            "$D/same.pdf: error: output is the input file $D/book.yaml; refusing to "
            "overwrite it\n",
            "book.yaml same.pdf");
    char *dotted = g_strdup_printf("%s/./book.yaml", data_dir);
    refused(NULL, dotted, s.run->inputs.paths,
            "$D/./book.yaml: error: output is the input file $D/book.yaml; refusing to "
            "overwrite it\n",
            "book.yaml same.pdf");
    CHECK(holds_str("book.yaml", "type: book\n"));
    /* ...while a file that is not an input is fine */
    data_put("other.pdf", "x");
    char *fine = data_path("other.pdf");
    output_t *o = output_open(s.run, fine, s.run->inputs.paths);
    CHECK(o != NULL);
    output_abort(o);
    CHECK(session_said(&s, ""));
    session_close(&s);
    g_free(fine);
    g_free(dotted);
    g_free(other);
    g_free(in);
    clear();

    /* a folder that does not exist: a clean failure, nothing made */
    refused("missing/book.pdf", NULL, NULL,
            "$D/missing/book.pdf: error: cannot create a file in the output folder: No such "
            "file or directory\n",
            "");
}

int main(void)
{
    umask(022);
    if (data_open_empty("output")) {
        test_commit();
        test_abort();
        test_failed_run();
        test_signal();
        test_stale();
        test_locked_while_written();
        test_stdout();
        test_refused();
    }
    data_close();
    return harness_finish();
}
