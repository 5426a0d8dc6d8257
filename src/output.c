/* output: atomic file replacement (see output.h). */
/* For O_TMPFILE (Linux): for -o -, a file that never has a name. Where it
 * is missing, open_unnamed() makes one with mkstemp() and unlinks it. */
#define _GNU_SOURCE
#include "output.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* Cairo hands its stream the PDF in small pieces (every structure element
 * in several): tens of thousands for the default book. They are gathered
 * here and written OUTPUT_BUFFER_BYTES at a time. */
enum { OUTPUT_BUFFER_BYTES = 64 * 1024 };

/* Tries at a locked temporary file: a try fails only when a later run,
 * cleaning up, took the file in the moment between mkstemp() and flock()
 * (see lock_temp), so a second try all but always succeeds. */
enum { OUTPUT_TEMP_TRIES = 8 };

static const char TEMP_TAG[] = ".keepsake-"; /* .NAME.keepsake-XXXXXX */
static const char STDOUT_NAME[] = "standard output";

struct output {
    char *path;      /* the target; "-" for standard output */
    const char *name; /* for messages: the path, or "standard output" */
    char *tmp;       /* the temporary file; NULL for standard output (unnamed) */
    int fd;
    int write_errno; /* first write error, reported at commit */
    size_t size;     /* bytes written to fd */
    size_t n;        /* bytes waiting in buf */
    unsigned char buf[OUTPUT_BUFFER_BYTES];
};

/* The one piece of global state: a signal handler has no other way to find
 * the temporary file it must remove. Set while a temporary file exists. */
static volatile sig_atomic_t have_tmp;
static char tmp_for_signal[4096];
/* The actions before open_temp(), put back by release(): build --watch
 * (GLib's handlers) must still see its Ctrl-C after a build. */
static struct sigaction prev_int, prev_term, prev_hup;

static void on_signal(int sig)
{
    if (have_tmp)
        unlink(tmp_for_signal);
    signal(sig, SIG_DFL);
    raise(sig);
}

static bool report(run_t *run, const char *path, const char *what, int err)
{
    return diag_error(&run->diag, diag_at(path, 0, 0), "%s: %s", what, strerror(err));
}

/* False, after reporting, if `path` must not be written: a symbolic link,
 * a directory, not a regular file, or one of `inputs`. */
static bool target_ok(run_t *run, const char *path, const char *const *inputs)
{
    struct stat st, in;
    if (lstat(path, &st) != 0) {
        if (errno == ENOENT)
            return true;
        return report(run, path, "cannot use output", errno);
    }
    if (S_ISLNK(st.st_mode))
        return diag_error(&run->diag, diag_at(path, 0, 0),
                          "output is a symbolic link; refusing to write through it");
    if (S_ISDIR(st.st_mode))
        return diag_error(&run->diag, diag_at(path, 0, 0),
                          "output is a directory; give a file name such as %s/book.pdf", path);
    if (!S_ISREG(st.st_mode))
        return diag_error(&run->diag, diag_at(path, 0, 0),
                          "output is not a regular file (a FIFO, socket or device)");
    for (size_t i = 0; inputs && inputs[i]; i++)
        if (stat(inputs[i], &in) == 0 && in.st_dev == st.st_dev && in.st_ino == st.st_ino)
            return diag_error(&run->diag, diag_at(path, 0, 0),
                              "output is the input file %s; refusing to overwrite it", inputs[i]);
    return true;
}

/* ---- stale temporary files ------------------------------------------------
 * SIGKILL (or a crash, or a power cut) cannot be caught, so it leaves the
 * temporary file. A run holds an exclusive flock() on its temporary file
 * from just after creating it until it is renamed or removed; the kernel
 * drops the lock when the process dies, however it dies. So before making
 * its own, a run removes from the output's folder each file that has
 * keepsake's name pattern and whose lock it can take: one that no running
 * keepsake holds. Only regular files of our own user, empty or starting
 * with %PDF-, are candidates; anything else is never touched. Where the
 * file system has no flock() the lock cannot be taken, so nothing is
 * removed. */

static bool same_file(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* .NAME.keepsake-XXXXXX, X being mkstemp()'s letters and digits. */
static bool is_temp_name(const char *name)
{
    size_t n = strlen(name), t = sizeof TEMP_TAG - 1;
    if (name[0] != '.' || n < 2 + t + 6 || memcmp(name + n - 6 - t, TEMP_TAG, t) != 0)
        return false;
    for (const char *x = name + n - 6; *x; x++)
        if (!g_ascii_isalnum(*x))
            return false;
    return true;
}

bool output_is_temp_name(const char *name) { return is_temp_name(name); }

/* Whether the file open at `fd`, locked by us, was being written by a
 * keepsake that died: empty, or the start of a PDF. */
static bool looks_ours(int fd)
{
    char head[5];
    ssize_t n = pread(fd, head, sizeof head, 0);
    return n == 0 || (n == (ssize_t)sizeof head && !memcmp(head, "%PDF-", 5));
}

static void remove_if_stale(int dfd, const char *name)
{
    struct stat st, now;
    if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode) ||
        st.st_uid != geteuid())
        return;
    int fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return;
    /* Still the file looked at, unlocked, ours, and still at its name. */
    if (fstat(fd, &now) == 0 && same_file(&st, &now) && flock(fd, LOCK_EX | LOCK_NB) == 0 &&
        looks_ours(fd) && fstatat(dfd, name, &now, AT_SYMLINK_NOFOLLOW) == 0 &&
        same_file(&st, &now))
        unlinkat(dfd, name, 0);
    close(fd);
}

/* Remove the stale temporary files in `dir`. Failures are silent: the
 * folder is only tidied, and writing the output decides success. */
static void remove_stale(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)))
        if (is_temp_name(e->d_name))
            remove_if_stale(dirfd(d), e->d_name);
    closedir(d);
}

/* Create and lock the temporary file o->tmp (a mkstemp() template). A run
 * cleaning up may take a file we just made before we lock it; then our
 * flock() fails, or succeeds on a file no longer at its name, and we try
 * another name. Without flock() (EINVAL, ENOLCK, ENOSYS) the file stays
 * unlocked: no run can then take its lock, so none removes it. */
static bool lock_temp(run_t *run, output_t *o)
{
    char *template = g_strdup(o->tmp);
    int err = EEXIST;
    for (int i = 0; i < OUTPUT_TEMP_TRIES; i++) {
        struct stat mine, there;
        memcpy(o->tmp, template, strlen(template) + 1);
        if ((o->fd = mkstemp(o->tmp)) < 0) {
            err = errno;
            break;
        }
        bool taken = flock(o->fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK;
        if (!taken && fstat(o->fd, &mine) == 0 && stat(o->tmp, &there) == 0 &&
            same_file(&mine, &there)) {
            g_free(template);
            return true;
        }
        close(o->fd); /* the name is no longer ours: never unlink it */
    }
    g_free(template);
    o->fd = -1;
    return report(run, o->name, "cannot create a file in the output folder", err);
}

/* A temporary file beside `o->path`, locked, with the usual permissions. */
static bool open_temp(run_t *run, output_t *o)
{
    char *dir = g_path_get_dirname(o->path), *base = g_path_get_basename(o->path);
    o->tmp = g_strdup_printf("%s/.%s%sXXXXXX", dir, base, TEMP_TAG);
    g_free(base);
    if (strlen(o->tmp) >= sizeof tmp_for_signal) {
        g_free(dir);
        return diag_error(&run->diag, diag_at(o->path, 0, 0), "output path is too long");
    }
    if (!run->tidied)
        remove_stale(dir);
    g_free(dir);
    if (!lock_temp(run, o))
        return false;
    /* mkstemp makes 0600; a finished PDF gets the usual 0666 & ~umask. */
    mode_t mask = umask(0);
    umask(mask);
    if (fchmod(o->fd, 0666 & ~mask) != 0) {
        report(run, o->path, "cannot set permissions", errno);
        close(o->fd);
        unlink(o->tmp);
        return false;
    }
    memcpy(tmp_for_signal, o->tmp, strlen(o->tmp) + 1);
    have_tmp = 1;
    struct sigaction sa = {.sa_handler = on_signal, .sa_flags = SA_RESTART}; /* as signal() */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &prev_int);
    sigaction(SIGTERM, &sa, &prev_term);
    sigaction(SIGHUP, &sa, &prev_hup);
    return true;
}

/* A file without a name in `dir`: O_TMPFILE where the file system has it,
 * else a file made with mkstemp() under the temporary files' name pattern
 * (`base` the target's name) and unlinked at once. If a kill comes in
 * between (only without O_TMPFILE), the next run into the same folder
 * removes it, as any stale temporary file; one in TMPDIR (for -o -) stays
 * until the system clears TMPDIR. -1 and errno if it cannot. */
static int unnamed_in(const char *dir, const char *base)
{
    int fd;
#ifdef O_TMPFILE
    if ((fd = open(dir, O_TMPFILE | O_RDWR | O_EXCL | O_CLOEXEC, 0600)) >= 0)
        return fd;
#endif
    char *name = g_strdup_printf("%s/.%s%sXXXXXX", dir, base, TEMP_TAG);
    fd = g_mkstemp(name);
    if (fd >= 0)
        unlink(name);
    int err = errno;
    g_free(name);
    errno = err;
    return fd;
}

/* For standard output, the PDF is gathered in a file without a name (in
 * TMPDIR, else /tmp), so nothing is left behind however the run ends, and
 * copied out once whole. */
static bool open_unnamed(run_t *run, output_t *o)
{
    const char *dir = g_get_tmp_dir();
    if ((o->fd = unnamed_in(dir, "keepsake")) < 0)
        return report(run, dir, "cannot create a temporary file", errno);
    return true;
}

int output_scratch(run_t *run, const output_t *o)
{
    char *dir = o->tmp ? g_path_get_dirname(o->path) : g_strdup(g_get_tmp_dir());
    char *base = o->tmp ? g_path_get_basename(o->path) : g_strdup("keepsake");
    int fd = unnamed_in(dir, base);
    if (fd < 0)
        report(run, dir, "cannot create a temporary file", errno);
    g_free(dir);
    g_free(base);
    return fd;
}

void output_tidy(const char *dir)
{
    remove_stale(dir);
}

output_t *output_open(run_t *run, const char *path, const char *const *inputs)
{
    bool to_stdout = !strcmp(path, "-");
    if (!to_stdout && !target_ok(run, path, inputs))
        return NULL;
    output_t *o = g_new0(output_t, 1);
    o->path = g_strdup(path);
    o->name = to_stdout ? STDOUT_NAME : o->path;
    o->fd = -1;
    if (!(to_stdout ? open_unnamed(run, o) : open_temp(run, o))) {
        g_free(o->path);
        g_free(o->tmp);
        g_free(o);
        return NULL;
    }
    /* Past a file size limit (ulimit -f), let write() fail with EFBIG and be
     * reported, instead of the process dying with the temporary file. */
    signal(SIGXFSZ, SIG_IGN);
    return o;
}

/* Write all `len` bytes to `fd`: 0, or the error. */
static int write_fd(int fd, const unsigned char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n < 0 ? errno : EIO;
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Write to the file, keeping the first failure in write_errno. */
static void write_all(output_t *o, const unsigned char *data, size_t len)
{
    if (!o->write_errno && !(o->write_errno = write_fd(o->fd, data, len)))
        o->size += len;
}

static void flush(output_t *o)
{
    write_all(o, o->buf, o->n);
    o->n = 0;
}

cairo_status_t output_write(void *closure, const unsigned char *data, unsigned int len)
{
    output_t *o = closure;
    /* After the first failure, swallow the rest and report at commit:
     * cairo 1.16 can abort on an assertion when a stream write fails while
     * it finishes the file, so it never sees the error. */
    if (o->n + len > sizeof o->buf)
        flush(o);
    if (len >= sizeof o->buf)
        write_all(o, data, len);
    else
        memcpy(o->buf + o->n, data, len), o->n += len;
    return CAIRO_STATUS_SUCCESS;
}

/* A complete PDF starts with %PDF- and ends with %%EOF. */
static bool looks_whole(int fd)
{
    char head[5], tail[32];
    off_t size = lseek(fd, 0, SEEK_END);
    if (size < 64 || pread(fd, head, 5, 0) != 5 || memcmp(head, "%PDF-", 5))
        return false;
    ssize_t n = pread(fd, tail, sizeof tail, size - (off_t)sizeof tail);
    return n == (ssize_t)sizeof tail && g_strstr_len(tail, (gssize)sizeof tail, "%%EOF");
}

static void release(output_t *o)
{
    if (have_tmp) {
        sigaction(SIGINT, &prev_int, NULL);
        sigaction(SIGTERM, &prev_term, NULL);
        sigaction(SIGHUP, &prev_hup, NULL);
    }
    have_tmp = 0;
    g_free(o->path);
    g_free(o->tmp);
    g_free(o);
}

/* The rename is durable only once the folder is synced. Some file systems
 * cannot sync a folder (EINVAL); the file is in place by now, so any
 * failure here is a warning, not an error. */
static void sync_folder(run_t *run, const char *path)
{
    char *dir = g_path_get_dirname(path);
    int dfd = open(dir, O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
        if (fsync(dfd) != 0 && errno != EINVAL)
            diag_warning(&run->diag, diag_at(dir, 0, 0), "cannot sync the folder: %s",
                         strerror(errno));
        if (close(dfd) != 0)
            diag_warning(&run->diag, diag_at(dir, 0, 0), "cannot close the folder: %s",
                         strerror(errno));
    }
    g_free(dir);
}

/* Close the synced temporary file and rename it over the target. A
 * duplicate of its descriptor keeps the flock (which belongs to the open
 * file, not to one descriptor) until the rename is done, so that no run
 * cleaning up takes the finished file in between. */
static bool move_into_place(run_t *run, output_t *o)
{
    int fd = o->fd, lock = dup(fd);
    bool ok = false;
    o->fd = -1;
    if (close(fd) != 0)
        report(run, o->path, "cannot write (close)", errno);
    else if (rename(o->tmp, o->path) != 0)
        report(run, o->path, "cannot move the finished file into place", errno);
    else
        ok = true;
    if (lock >= 0)
        close(lock);
    if (ok && !run->no_fsync)
        sync_folder(run, o->path);
    return ok;
}

/* Copy the unnamed file, whole, to standard output (synced when that is a
 * file). */
static bool copy_out(run_t *run, output_t *o)
{
    struct stat st;
    for (off_t at = 0;;) {
        ssize_t n = pread(o->fd, o->buf, sizeof o->buf, at);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return report(run, o->name, "cannot read the temporary file", errno);
        if (n == 0)
            break;
        int err = write_fd(STDOUT_FILENO, o->buf, (size_t)n);
        if (err)
            return report(run, o->name, "cannot write", err);
        at += n;
    }
    if (fstat(STDOUT_FILENO, &st) == 0 && S_ISREG(st.st_mode) && fsync(STDOUT_FILENO) != 0 &&
        errno != EINVAL)
        return report(run, o->name, "cannot write (fsync)", errno);
    return true;
}

bool output_commit(run_t *run, output_t *o, size_t *size)
{
    bool ok = false;
    flush(o);
    if (o->write_errno)
        report(run, o->name, "cannot write", o->write_errno);
    else if (!looks_whole(o->fd))
        diag_error(&run->diag, diag_at(o->name, 0, 0), "the PDF written is incomplete");
    else if (!o->tmp)
        ok = copy_out(run, o);
    else if (!run->no_fsync && fsync(o->fd) != 0)
        report(run, o->path, "cannot write (fsync)", errno);
    else
        ok = move_into_place(run, o);
    if (size)
        *size = o->size;
    if (!ok) {
        output_abort(o);
        return false;
    }
    if (o->fd >= 0)
        close(o->fd);
    release(o);
    return true;
}

void output_abort(output_t *o)
{
    if (!o)
        return;
    if (o->fd >= 0)
        close(o->fd);
    if (o->tmp)
        unlink(o->tmp);
    release(o);
}
