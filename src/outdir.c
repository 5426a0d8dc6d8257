/* outdir: a folder written whole or not at all (see outdir.h). */
/* For renameat2() and RENAME_EXCHANGE (Linux); where they are missing,
 * the old folder is moved aside before the new one is renamed in. */
#define _GNU_SOURCE
#include "outdir.h"

#include "output.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <sys/syscall.h>
#include <fcntl.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

static const char TEMP_TAG[] = ".keepsake-"; /* .NAME.keepsake-XXXXXX (output_is_temp_name) */

struct outdir {
    char *path; /* the target folder */
    char *tmp;  /* the temporary folder beside it */
    int dfd;    /* tmp, open and flock()ed while it exists */
    int fd;     /* the file begun last, or -1 */
    char *name; /* its name */
    int write_errno;
    size_t size; /* bytes of all files */
};

/* ---- signals ----------------------------------------------------------------
 * SIGINT, SIGTERM and SIGHUP remove the temporary folder, as output.c does
 * for its file. A handler may call only async-signal-safe functions, so it
 * lists the folder with the getdents64 system call on the descriptor held
 * open for it, unlinks each entry and removes the folder. The one piece of
 * global state of this file, for the same reason as output.c's. Where
 * getdents64 is missing, the folder is left to the next run (remove_stale). */
static volatile sig_atomic_t have_dir;
static int dir_fd_for_signal = -1;
static char dir_for_signal[4096];

static void on_signal(int sig)
{
#ifdef SYS_getdents64
    if (have_dir) {
        char buf[4096];
        long n;
        lseek(dir_fd_for_signal, 0, SEEK_SET);
        while ((n = syscall(SYS_getdents64, dir_fd_for_signal, buf, sizeof buf)) > 0)
            for (long at = 0; at < n;) {
                /* struct linux_dirent64: ino (8), off (8), reclen (2), type (1), name */
                unsigned short reclen;
                memcpy(&reclen, buf + at + 16, sizeof reclen);
                const char *name = buf + at + 19;
                if (strcmp(name, ".") && strcmp(name, ".."))
                    unlinkat(dir_fd_for_signal, name, 0);
                at += reclen;
            }
        rmdir(dir_for_signal);
    }
#endif
    signal(sig, SIG_DFL);
    raise(sig);
}

static void catch_signals(const outdir_t *d);
static void release_signals(void)
{
    have_dir = 0;
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
}

static bool report(run_t *run, const char *path, const char *what, int err)
{
    return diag_error(&run->diag, diag_at(path, 0, 0), "%s: %s", what, strerror(err));
}

static bool digits_then(const char *s, const char *tail)
{
    size_t n = strspn(s, "0123456789");
    return n > 0 && !strcmp(s + n, tail);
}

bool outdir_ours(const char *name)
{
    if (!strncmp(name, "page-", 5))
        return digits_then(name + 5, ".png") || digits_then(name + 5, ".svg");
    return !strncmp(name, "sheet-", 6) && digits_then(name + 6, ".png");
}

/* Whether the folder open at `dfd` holds only files keepsake names; else
 * `*foreign` (g_free it) is the first other entry. */
static bool holds_only_ours(int dfd, char **foreign)
{
    int fd = openat(dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC); /* not dup(): its own offset */
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    bool ok = true;
    *foreign = NULL;
    if (!d) {
        if (fd >= 0)
            close(fd);
        return false;
    }
    struct dirent *e;
    while (ok && (e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") && !outdir_ours(e->d_name)) {
            *foreign = g_strdup(e->d_name);
            ok = false;
        }
    closedir(d);
    return ok;
}

/* Remove the files of the folder open at `dfd` (only ours are there). */
static void empty(int dfd)
{
    int fd = openat(dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC); /* not dup(): its own offset */
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d) {
        if (fd >= 0)
            close(fd);
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)))
        if (outdir_ours(e->d_name))
            unlinkat(dfd, e->d_name, 0);
    closedir(d);
}

/* Remove the folder `path` and its files, if it holds nothing else. */
static void remove_folder(const char *path)
{
    int dfd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    char *foreign = NULL;
    if (dfd < 0)
        return;
    if (holds_only_ours(dfd, &foreign))
        empty(dfd);
    g_free(foreign);
    close(dfd);
    rmdir(path);
}

/* The temporary folders of killed runs in `dir`: ours by name, of our
 * user, unlocked, holding only files of our names. Failures are silent. */
static void remove_stale(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        struct stat st;
        if (!output_is_temp_name(e->d_name) ||
            fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
            !S_ISDIR(st.st_mode) || st.st_uid != geteuid())
            continue;
        int fd = openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        char *foreign = NULL;
        if (fd < 0)
            continue;
        if (flock(fd, LOCK_EX | LOCK_NB) == 0 && holds_only_ours(fd, &foreign)) {
            empty(fd);
            unlinkat(dirfd(d), e->d_name, AT_REMOVEDIR);
        }
        g_free(foreign);
        close(fd);
    }
    closedir(d);
}

/* False, after reporting, if the folder `path` must not be replaced. */
static bool target_ok(run_t *run, const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0) {
        if (errno == ENOENT)
            return true;
        return report(run, path, "cannot use output", errno);
    }
    if (S_ISLNK(st.st_mode))
        return diag_error(&run->diag, diag_at(path, 0, 0),
                          "output is a symbolic link; refusing to write through it");
    if (!S_ISDIR(st.st_mode))
        return diag_error(&run->diag, diag_at(path, 0, 0),
                          "output exists and is not a folder; previews are written as a "
                          "folder of files: give a new name");
    int dfd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (dfd < 0)
        return report(run, path, "cannot read the output folder", errno);
    char *foreign = NULL;
    bool ok = holds_only_ours(dfd, &foreign);
    close(dfd);
    if (!ok && foreign)
        diag_error(&run->diag, diag_at(path, 0, 0),
                   "the output folder holds '%s', which keepsake did not write; refusing to "
                   "replace it: give a new folder name", foreign);
    else if (!ok)
        report(run, path, "cannot read the output folder", errno);
    g_free(foreign);
    return ok;
}

outdir_t *outdir_open(run_t *run, const char *path)
{
    if (!strcmp(path, "-")) {
        diag_error(&run->diag, diag_at(path, 0, 0),
                   "previews are a folder of files and cannot go to standard output: give "
                   "-o FOLDER");
        return NULL;
    }
    /* "out/" is the folder out: without the slash, a symbolic link out is
     * seen as one, not followed. */
    char *stripped = g_strdup(path);
    size_t n = strlen(stripped);
    while (n > 1 && stripped[n - 1] == '/')
        stripped[--n] = '\0';
    if (!target_ok(run, stripped)) {
        g_free(stripped);
        return NULL;
    }
    char *dir = g_path_get_dirname(stripped), *base = g_path_get_basename(stripped);
    outdir_t *d = g_new0(outdir_t, 1);
    d->path = stripped;
    d->tmp = g_strdup_printf("%s/.%s%sXXXXXX", dir, base, TEMP_TAG);
    d->dfd = d->fd = -1;
    remove_stale(dir);
    g_free(dir);
    g_free(base);
    if (!g_mkdtemp_full(d->tmp, 0777)) {
        report(run, path, "cannot create a folder beside the output", errno);
        g_free(d->tmp);
        d->tmp = NULL;
        outdir_abort(d);
        return NULL;
    }
    if ((d->dfd = open(d->tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 ||
        (flock(d->dfd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK)) {
        report(run, path, "cannot lock the temporary folder", errno);
        outdir_abort(d);
        return NULL;
    }
    catch_signals(d);
    return d;
}

bool outdir_begin(run_t *run, outdir_t *d, const char *name)
{
    g_free(d->name);
    d->name = g_strdup(name);
    d->write_errno = 0;
    d->fd = openat(d->dfd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (d->fd < 0)
        return report(run, d->path, "cannot create a file in the output folder", errno);
    return true;
}

cairo_status_t outdir_write(void *closure, const unsigned char *data, unsigned int len)
{
    outdir_t *d = closure;
    while (len > 0 && !d->write_errno) {
        ssize_t n = write(d->fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            d->write_errno = n < 0 ? errno : EIO;
            break;
        }
        d->size += (size_t)n;
        data += n;
        len -= (unsigned)n;
    }
    return d->write_errno ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

bool outdir_end(run_t *run, outdir_t *d)
{
    int fd = d->fd, err = d->write_errno;
    d->fd = -1;
    if (!err && fsync(fd) != 0)
        err = errno;
    if (close(fd) != 0 && !err)
        err = errno;
    if (err) {
        char *where = g_build_filename(d->path, d->name, NULL);
        report(run, where, "cannot write", err);
        g_free(where);
        return false;
    }
    return true;
}

static void sync_parent(const char *path)
{
    char *dir = g_path_get_dirname(path);
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    g_free(dir);
}

/* The new folder in place of the old one at d->path, which (after the
 * exchange, or moved aside) is removed. */
static bool swap_in(run_t *run, outdir_t *d)
{
    struct stat st;
    /* From here a signal must not empty the folder at d->dfd: after the
     * exchange it is the one in place. One that comes now leaves the
     * temporary folder to the next run. */
    release_signals();
    if (lstat(d->path, &st) != 0) {
        if (rename(d->tmp, d->path) != 0)
            return report(run, d->path, "cannot move the finished folder into place", errno);
        return true;
    }
    if (!target_ok(run, d->path)) /* checked again: it may have changed meanwhile */
        return false;
#ifdef RENAME_EXCHANGE
    if (renameat2(AT_FDCWD, d->tmp, AT_FDCWD, d->path, RENAME_EXCHANGE) == 0) {
        remove_folder(d->tmp); /* the old folder, now at the temporary name */
        return true;
    }
    if (errno != EINVAL && errno != ENOSYS)
        return report(run, d->path, "cannot move the finished folder into place", errno);
#endif
    char *old = g_strdup_printf("%s.old", d->tmp);
    bool ok = rename(d->path, old) == 0;
    if (!ok)
        report(run, d->path, "cannot move the old folder aside", errno);
    else if (rename(d->tmp, d->path) != 0) {
        ok = report(run, d->path, "cannot move the finished folder into place", errno);
        rename(old, d->path); /* put the old one back */
    } else {
        remove_folder(old);
    }
    g_free(old);
    return ok;
}

static void catch_signals(const outdir_t *d)
{
    size_t n = strlen(d->tmp);
    if (n >= sizeof dir_for_signal)
        return; /* left to the next run */
    memcpy(dir_for_signal, d->tmp, n + 1);
    dir_fd_for_signal = d->dfd;
    have_dir = 1;
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGHUP, on_signal);
}

static void release(outdir_t *d)
{
    release_signals();
    if (d->dfd >= 0)
        close(d->dfd);
    g_free(d->path);
    g_free(d->tmp);
    g_free(d->name);
    g_free(d);
}

bool outdir_commit(run_t *run, outdir_t *d, size_t *size)
{
    bool ok = fsync(d->dfd) == 0 || errno == EINVAL;
    if (!ok)
        report(run, d->path, "cannot write (fsync)", errno);
    ok = ok && swap_in(run, d);
    if (ok)
        sync_parent(d->path);
    if (size)
        *size = d->size;
    if (!ok) {
        outdir_abort(d);
        return false;
    }
    release(d);
    return true;
}

void outdir_abort(outdir_t *d)
{
    if (!d)
        return;
    if (d->fd >= 0)
        close(d->fd);
    if (d->tmp)
        remove_folder(d->tmp);
    release(d);
}
