/* output: atomic file replacement (see output.h). */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Cairo hands its stream the PDF in small pieces (every structure element
 * in several): tens of thousands for the default book. They are gathered
 * here and written OUTPUT_BUFFER_BYTES at a time. */
enum { OUTPUT_BUFFER_BYTES = 64 * 1024 };

struct output {
    char *path;
    char *tmp;
    int fd;
    int write_errno; /* first write error, reported at commit */
    size_t n;        /* bytes waiting in buf */
    unsigned char buf[OUTPUT_BUFFER_BYTES];
};

/* The one piece of global state: a signal handler has no other way to find
 * the temporary file it must remove. Set while a temporary file exists. */
static volatile sig_atomic_t have_tmp;
static char tmp_for_signal[4096];

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

output_t *output_open(run_t *run, const char *path, const char *const *inputs)
{
    struct stat st, in;
    if (lstat(path, &st) == 0) {
        if (S_ISLNK(st.st_mode)) {
            diag_error(&run->diag, diag_at(path, 0, 0),
                       "output is a symbolic link; refusing to write through it");
            return NULL;
        }
        if (S_ISDIR(st.st_mode)) {
            diag_error(&run->diag, diag_at(path, 0, 0),
                       "output is a directory; give a file name such as %s/book.pdf", path);
            return NULL;
        }
        if (!S_ISREG(st.st_mode)) {
            diag_error(&run->diag, diag_at(path, 0, 0),
                       "output is not a regular file (a FIFO, socket or device)");
            return NULL;
        }
        for (size_t i = 0; inputs && inputs[i]; i++)
            if (stat(inputs[i], &in) == 0 && in.st_dev == st.st_dev && in.st_ino == st.st_ino) {
                diag_error(&run->diag, diag_at(path, 0, 0),
                           "output is the input file %s; refusing to overwrite it", inputs[i]);
                return NULL;
            }
    } else if (errno != ENOENT) {
        report(run, path, "cannot use output", errno);
        return NULL;
    }

    char *dir = g_path_get_dirname(path), *base = g_path_get_basename(path);
    output_t *o = g_new0(output_t, 1);
    o->path = g_strdup(path);
    o->tmp = g_strdup_printf("%s/.%s.keepsake-XXXXXX", dir, base);
    g_free(dir);
    g_free(base);
    if (strlen(o->tmp) >= sizeof tmp_for_signal) {
        diag_error(&run->diag, diag_at(path, 0, 0), "output path is too long");
        goto fail;
    }
    o->fd = mkstemp(o->tmp);
    if (o->fd < 0) {
        report(run, path, "cannot create a file in the output folder", errno);
        goto fail;
    }
    /* mkstemp makes 0600; a finished PDF gets the usual 0666 & ~umask. */
    mode_t mask = umask(0);
    umask(mask);
    if (fchmod(o->fd, 0666 & ~mask) != 0) {
        report(run, path, "cannot set permissions", errno);
        close(o->fd);
        unlink(o->tmp);
        goto fail;
    }
    memcpy(tmp_for_signal, o->tmp, strlen(o->tmp) + 1);
    have_tmp = 1;
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGHUP, on_signal);
    /* Past a file size limit (ulimit -f), let write() fail with EFBIG and be
     * reported, instead of the process dying with the temporary file. */
    signal(SIGXFSZ, SIG_IGN);
    return o;
fail:
    g_free(o->path);
    g_free(o->tmp);
    g_free(o);
    return NULL;
}

/* Write `len` bytes to the file, keeping the first failure in write_errno. */
static void write_all(output_t *o, const unsigned char *data, size_t len)
{
    while (len > 0 && !o->write_errno) {
        ssize_t n = write(o->fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            o->write_errno = n < 0 ? errno : EIO;
            return;
        }
        data += n;
        len -= (size_t)n;
    }
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
    have_tmp = 0;
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    g_free(o->path);
    g_free(o->tmp);
    g_free(o);
}

bool output_commit(run_t *run, output_t *o)
{
    bool ok = false;
    flush(o);
    if (o->write_errno) {
        report(run, o->path, "cannot write", o->write_errno);
    } else if (!looks_whole(o->fd)) {
        diag_error(&run->diag, diag_at(o->path, 0, 0), "the PDF written is incomplete");
    } else if (fsync(o->fd) != 0) {
        report(run, o->path, "cannot write (fsync)", errno);
    } else {
        int fd = o->fd;
        o->fd = -1;
        if (close(fd) != 0)
            report(run, o->path, "cannot write (close)", errno);
        else if (rename(o->tmp, o->path) != 0)
            report(run, o->path, "cannot move the finished file into place", errno);
        else
            ok = true;
    }
    if (ok) {
        /* The rename is durable only once the folder is synced. */
        char *dir = g_path_get_dirname(o->path);
        int dfd = open(dir, O_RDONLY | O_DIRECTORY);
        /* Some file systems cannot sync a folder (EINVAL): the file is in
         * place by now, so any failure here is a warning, not an error. */
        if (dfd >= 0) {
            if (fsync(dfd) != 0 && errno != EINVAL)
                diag_warning(&run->diag, diag_at(dir, 0, 0), "cannot sync the folder: %s",
                             strerror(errno));
            if (close(dfd) != 0)
                diag_warning(&run->diag, diag_at(dir, 0, 0), "cannot close the folder: %s",
                             strerror(errno));
        }
        g_free(dir);
        release(o);
        return true;
    }
    output_abort(o);
    return false;
}

void output_abort(output_t *o)
{
    if (!o)
        return;
    if (o->fd >= 0)
        close(o->fd);
    unlink(o->tmp);
    release(o);
}
