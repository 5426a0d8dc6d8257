/* batch: see batch.h. */
#define _GNU_SOURCE /* syncfs */
#include "batch.h"

#include "fonts.h"
#include "layout.h"
#include "output.h"
#include "plan.h"
#include "recipients.h"
#include "render.h"
#include "text.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#ifndef KEEPSAKE_VERSION
#define KEEPSAKE_VERSION "0.0.0"
#endif

/* One recipient to make: its row, its output and its inputs' hash. */
typedef struct {
    size_t index;   /* 0-based in the file */
    unsigned line;
    const char *name; /* file name in DIR */
    char hash[65];  /* SHA-256, hex */
    model_setting_t *sets; /* the row's fields */
    src_pos_t *at;         /* where each is */
    size_t n_sets;
} item_t;

typedef struct {
    char hash[65];
    size_t size;
} entry_t;

typedef struct {
    const batch_job_t *job;
    run_t *run;                /* the parent's: owns the book */
    model_book_t *book;        /* checked once */
    const char *pattern;       /* --name, or the default */
    const char *first_column;  /* for the default pattern */
    char base[65];             /* hash of keepsake, the files read, the date */
    GPtrArray *items;          /* item_t*, this shard's, in file order */
    GHashTable *taken;         /* casefolded names given so far */
    GHashTable *manifest;      /* name -> entry_t* */
    size_t failed, written, up_to_date, not_done;
    GArray *pending;           /* pending_t: written, not yet synced and recorded */
    gint64 last_sync;
    bool output_failed;
    FILE *devnull;
    const char *rpath;         /* the recipients file, as positions name it */
    const char *exercise_id;   /* --worksheet: the exercise's id */
} batch_t;

/* ---- names ---------------------------------------------------------------- */

static bool name_char(gunichar u)
{
    return g_unichar_isalnum(u) || g_unichar_ismark(u) || u == '_' || u == '+';
}

char *batch_safe_name(const char *raw)
{
    char *valid = g_utf8_make_valid(raw, -1);
    char *nfc = g_utf8_normalize(valid, -1, G_NORMALIZE_NFC);
    g_free(valid);
    size_t n = strlen(nfc);
    if (n >= 4 && !g_ascii_strcasecmp(nfc + n - 4, ".pdf"))
        nfc[n - 4] = '\0';
    GString *s = g_string_new(NULL);
    char last = '-'; /* so that none is leading */
    for (const char *p = nfc; *p; p = g_utf8_next_char(p)) {
        gunichar u = g_utf8_get_char(p);
        if (name_char(u)) {
            const char *next = g_utf8_next_char(p);
            if (s->len + (size_t)(next - p) > BATCH_MAX_NAME_BYTES)
                break;
            g_string_append_len(s, p, next - p);
            last = 'a';
        } else {
            char c = u == '.' ? '.' : '-';
            if (last == '-' || last == '.') /* one of a run; '.' then '-' stays '.' */
                continue;
            if (s->len + 1 > BATCH_MAX_NAME_BYTES)
                break;
            g_string_append_c(s, c);
            last = c;
        }
    }
    while (s->len && (s->str[s->len - 1] == '-' || s->str[s->len - 1] == '.'))
        g_string_truncate(s, s->len - 1);
    if (!s->len)
        g_string_assign(s, "recipient");
    g_free(nfc);
    return g_string_free(s, FALSE);
}

bool batch_parse_shard(const char *s, unsigned *k, unsigned *n)
{
    const char *slash = strchr(s, '/');
    long long a, b;
    if (!slash)
        return false;
    char *left = g_strndup(s, (gsize)(slash - s));
    bool ok = text_parse_int(left, 1, BATCH_MAX_SHARDS, &a) &&
              text_parse_int(slash + 1, 1, BATCH_MAX_SHARDS, &b) && a <= b;
    g_free(left);
    if (ok)
        *k = (unsigned)a, *n = (unsigned)b;
    return ok;
}

/* Placeholders of a name: the book's variables, and {row}. */
typedef struct {
    const model_book_t *book;
    size_t row;
    arena_t *a;
} name_ctx_t;

static const char *name_lookup(const void *ctx, const char *name)
{
    const name_ctx_t *c = ctx;
    if (!strcmp(name, "row"))
        return arena_printf(c->a, "%zu", c->row + 1);
    return model_var(c->book, name);
}

/* The pattern's placeholders are known; false after a usage error. */
static bool pattern_ok(batch_t *b, const char *pattern)
{
    arena_t *a = arena_new();
    name_ctx_t c = {b->book, 0, a};
    text_problem_t pr;
    bool ok = text_expand(a, pattern, name_lookup, &c, false, &pr) != NULL;
    if (!ok) {
        const char **known = arena_alloc(a, sizeof(char *) * (b->book->n_vars + 2));
        size_t n = 0;
        for (size_t i = 0; i < b->book->n_vars; i++)
            known[n++] = b->book->vars[i].name;
        known[n++] = "row";
        const char *s = pr.name ? text_suggest(pr.name, known) : NULL;
        if (pr.name)
            fprintf(stderr, "keepsake: --name: unknown placeholder {%s}%s%s%s\n", pr.name,
                    s ? " (did you mean {" : "", s ? s : "", s ? "}?)" : "");
        else
            fprintf(stderr, "keepsake: --name: %s\n", pr.message);
        fputs("Try 'keepsake batch --help'.\n", stderr);
    }
    arena_free(a);
    return ok;
}

/* The next free name for `stem`: stem.pdf, else stem-2.pdf, stem-3.pdf ... */
static const char *unique_name(batch_t *b, const char *stem)
{
    for (unsigned k = 1;; k++) {
        char *name = k == 1 ? g_strdup_printf("%s.pdf", stem)
                            : g_strdup_printf("%s-%u.pdf", stem, k);
        char *key = g_utf8_casefold(name, -1);
        if (!g_hash_table_contains(b->taken, key)) {
            g_hash_table_add(b->taken, key);
            const char *r = arena_strdup(b->run->arena, name);
            g_free(name);
            return r;
        }
        g_free(key);
        g_free(name);
    }
}

/* ---- hashes --------------------------------------------------------------- */

static void hash_str(GChecksum *c, const char *s)
{
    g_checksum_update(c, (const guchar *)s, (gssize)strlen(s) + 1); /* with its NUL */
}

static bool hash_file(GChecksum *c, const char *path)
{
    gchar *data = NULL;
    gsize len = 0;
    if (!g_file_get_contents(path, &data, &len, NULL))
        return false;
    char n[32];
    snprintf(n, sizeof n, "%zu", (size_t)len);
    hash_str(c, path);
    hash_str(c, n);
    g_checksum_update(c, (const guchar *)data, (gssize)len);
    g_free(data);
    return true;
}

/* A font file into `c` by its name, size and CRC-32 (zlib's), not its
 * bytes: SHA-256 of the 5 MB of fonts cost a batch of 200 worksheets 6 %
 * of its instructions, CRC-32 of them 1/14 of that. A font is only ever
 * changed by accident (an upgrade, a copy), never to collide on purpose,
 * and any change of its size, or of its bytes in a way CRC-32 sees (every
 * change of up to 32 bits in a row, 1 - 2^-32 of all the others) changes
 * the hash. The files are read in pieces: no 2 MB copy in memory. */
static bool hash_font(GChecksum *c, const char *path)
{
    enum { PIECE = 1 << 16 }; /* bytes read at a time */
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    unsigned char *buf = g_malloc(PIECE);
    uLong crc = crc32(0L, Z_NULL, 0);
    size_t n, len = 0;
    while ((n = fread(buf, 1, PIECE, f)) > 0) {
        crc = crc32(crc, buf, (uInt)n);
        len += n;
    }
    bool ok = !ferror(f);
    fclose(f);
    g_free(buf);
    char s[64];
    snprintf(s, sizeof s, "%zu crc32 %08lx", len, (unsigned long)crc);
    hash_str(c, path);
    hash_str(c, ok ? s : "(unreadable)");
    return ok;
}

static gint by_name(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Every file under `dir`, in name order (the fonts), by hash_font(). */
static void hash_tree(GChecksum *c, const char *dir, int depth)
{
    GDir *d = depth < 4 ? g_dir_open(dir, 0, NULL) : NULL;
    if (!d)
        return;
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    const char *e;
    while ((e = g_dir_read_name(d)))
        g_ptr_array_add(names, g_build_filename(dir, e, NULL));
    g_dir_close(d);
    g_ptr_array_sort(names, by_name);
    for (size_t i = 0; i < names->len; i++) {
        const char *p = names->pdata[i];
        if (g_file_test(p, G_FILE_TEST_IS_DIR))
            hash_tree(c, p, depth + 1);
        else
            hash_font(c, p);
    }
    g_ptr_array_free(names, TRUE);
}

/* What every output depends on besides its variables: keepsake's version,
 * the files the book read (their names and bytes), the fonts (their names,
 * sizes and CRC-32s), the layout asked for and SOURCE_DATE_EPOCH. */
static void base_hash(batch_t *b)
{
    GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    hash_str(c, "keepsake " KEEPSAKE_VERSION);
    hash_str(c, b->job->layout ? b->job->layout : "");
    hash_str(c, sde ? sde : "(now)");
    for (size_t i = 0; i < b->run->inputs.n; i++)
        hash_file(c, b->run->inputs.paths[i]);
    hash_tree(c, b->book->fonts_dir, 0);
    g_strlcpy(b->base, g_checksum_get_string(c), sizeof b->base);
    g_checksum_free(c);
}

/* The hash of one output: the base, its name and every variable. */
static void item_hash(const batch_t *b, const model_book_t *book, item_t *it)
{
    GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);
    hash_str(c, b->base);
    hash_str(c, it->name);
    for (size_t i = 0; i < book->n_vars; i++) {
        hash_str(c, book->vars[i].name);
        hash_str(c, book->vars[i].value);
    }
    g_strlcpy(it->hash, g_checksum_get_string(c), sizeof it->hash);
    g_checksum_free(c);
}

/* ---- the manifest --------------------------------------------------------
 * DIR/keepsake-batch.manifest: a first line "# keepsake batch manifest 1",
 * then "SHA256 SIZE NAME" for each PDF written, appended as each is
 * written (under flock, so shards sharing DIR can append at once); the
 * last line for a name wins, and a line cut short is ignored. At the end
 * of a run it is rewritten with one line per name (atomically, under the
 * lock; an appender whose file was replaced opens the new one). */

static const char MANIFEST_HEAD[] = "# keepsake batch manifest 1\n";

static char *manifest_path(const batch_t *b)
{
    return g_build_filename(b->job->dir, BATCH_MANIFEST, NULL);
}

static void manifest_parse(GHashTable *t, const char *text)
{
    const char *p = text;
    while (*p) {
        const char *nl = strchr(p, '\n');
        if (!nl)
            break; /* cut short */
        char hash[65];
        size_t size;
        int off = 0;
        char *line = g_strndup(p, (gsize)(nl - p));
        if (line[0] != '#' && sscanf(line, "%64[0-9a-f] %zu %n", hash, &size, &off) == 2 &&
            off > 0 && strlen(hash) == 64 && line[off] && !strchr(line + off, '/')) {
            entry_t *e = g_new(entry_t, 1);
            memcpy(e->hash, hash, 65);
            e->size = size;
            g_hash_table_replace(t, g_strdup(line + off), e);
        }
        g_free(line);
        p = nl + 1;
    }
}

static void manifest_load(batch_t *b)
{
    char *path = manifest_path(b), *text = NULL;
    b->manifest = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    if (g_file_get_contents(path, &text, NULL, NULL))
        manifest_parse(b->manifest, text);
    g_free(text);
    g_free(path);
}

/* An fd on the manifest, locked, that is still the file at its name. -1
 * after reporting. */
static int manifest_lock(batch_t *b, const char *path)
{
    for (int tries = 0; tries < 8; tries++) {
        int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
        struct stat mine, there;
        if (fd < 0)
            break;
        if (flock(fd, LOCK_EX) == 0 && fstat(fd, &mine) == 0 && stat(path, &there) == 0 &&
            mine.st_dev == there.st_dev && mine.st_ino == there.st_ino) {
            if (mine.st_size == 0 && write(fd, MANIFEST_HEAD, sizeof MANIFEST_HEAD - 1) < 0) {
                close(fd);
                break;
            }
            return fd;
        }
        close(fd); /* replaced by a rewrite meanwhile: open the new one */
    }
    diag_error(&b->run->diag, diag_at(path, 0, 0), "cannot write the manifest: %s",
               g_strerror(errno));
    return -1;
}

static void manifest_add(batch_t *b, const item_t *it, size_t size)
{
    char *path = manifest_path(b);
    int fd = manifest_lock(b, path);
    if (fd >= 0) {
        char *line = g_strdup_printf("%s %zu %s\n", it->hash, size, it->name);
        if (write(fd, line, strlen(line)) != (ssize_t)strlen(line))
            diag_error(&b->run->diag, diag_at(path, 0, 0), "cannot write the manifest: %s",
                       g_strerror(errno));
        g_free(line);
        close(fd); /* and the lock with it */
    }
    entry_t *e = g_new(entry_t, 1);
    memcpy(e->hash, it->hash, 65);
    e->size = size;
    g_hash_table_replace(b->manifest, g_strdup(it->name), e);
    g_free(path);
}

static gint entry_order(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Rewrite the manifest with one line per name, sorted, under its lock. */
static void manifest_compact(batch_t *b)
{
    char *path = manifest_path(b), *tmp = NULL, *text = NULL;
    int fd = manifest_lock(b, path), out = -1;
    if (fd < 0)
        goto done;
    GHashTable *t = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    if (g_file_get_contents(path, &text, NULL, NULL))
        manifest_parse(t, text);
    guint n;
    const char **names = (const char **)g_hash_table_get_keys_as_array(t, &n);
    qsort(names, n, sizeof *names, entry_order);
    GString *s = g_string_new(MANIFEST_HEAD);
    for (guint i = 0; i < n; i++) {
        const entry_t *e = g_hash_table_lookup(t, names[i]);
        g_string_append_printf(s, "%s %zu %s\n", e->hash, e->size, names[i]);
    }
    g_free(names);
    tmp = g_strdup_printf("%s/.%s.XXXXXX", b->job->dir, BATCH_MANIFEST);
    out = g_mkstemp(tmp);
    if (out < 0 || write(out, s->str, s->len) != (ssize_t)s->len || fsync(out) != 0 ||
        rename(tmp, path) != 0) {
        diag_error(&b->run->diag, diag_at(path, 0, 0), "cannot rewrite the manifest: %s",
                   g_strerror(errno));
        if (out >= 0)
            unlink(tmp);
    }
    g_string_free(s, TRUE);
    g_hash_table_destroy(t);
done:
    if (out >= 0)
        close(out);
    if (fd >= 0)
        close(fd);
    g_free(tmp);
    g_free(text);
    g_free(path);
}

typedef struct {
    const item_t *it;
    size_t size;
} pending_t;

/* Outputs are written without fsync (one each would cost more than making
 * a worksheet): every so often, and at the end, the folder's file system
 * is synced once and only then are they recorded as done. */
static void manifest_flush(batch_t *b)
{
    if (!b->pending->len)
        return;
    int dfd = open(b->job->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0 || syncfs(dfd) != 0)
        diag_warning(&b->run->diag, diag_at(b->job->dir, 0, 0), "cannot sync the folder: %s",
                     g_strerror(errno));
    if (dfd >= 0)
        close(dfd);
    for (guint i = 0; i < b->pending->len; i++) {
        const pending_t *p = &g_array_index(b->pending, pending_t, i);
        manifest_add(b, p->it, p->size);
    }
    g_array_set_size(b->pending, 0);
    b->last_sync = g_get_monotonic_time();
}

static bool up_to_date(const batch_t *b, const item_t *it)
{
    const entry_t *e = g_hash_table_lookup(b->manifest, it->name);
    struct stat st;
    if (!e || strcmp(e->hash, it->hash))
        return false;
    char *path = g_build_filename(b->job->dir, it->name, NULL);
    bool ok = lstat(path, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size == e->size;
    g_free(path);
    return ok;
}

/* ---- reading the recipients ---------------------------------------------- */

static bool in_shard(const batch_t *b, size_t index)
{
    return !b->job->shard_n || index % b->job->shard_n == b->job->shard_k - 1;
}

/* The CSV header names variables: checked as --set names them, each with
 * the book's own value, so only the names can be wrong. */
static bool header_ok(batch_t *b, recipients_t *r)
{
    size_t n;
    const recipients_field_t *head = recipients_header(r, &n);
    if (!n)
        return true;
    run_t *scratch = run_new(stderr, NULL);
    model_setting_t *s = g_new0(model_setting_t, n);
    src_pos_t *at = g_new0(src_pos_t, n);
    for (size_t i = 0; i < n; i++) {
        const char *v = model_var(b->book, head[i].name);
        s[i].name = head[i].name;
        s[i].value = v ? v : "";
        at[i] = head[i].pos;
        at[i].file = b->rpath;
    }
    model_book_t *ignored;
    bool ok = model_vary(scratch, b->book, s, at, n, &ignored);
    b->first_column = arena_strdup(b->run->arena, head[0].name);
    g_free(s);
    g_free(at);
    run_free(scratch);
    return ok;
}

/* One row: checked, named, hashed; kept when it is this shard's. */
static void add_row(batch_t *b, const recipients_row_t *row, bool row_ok)
{
    bool mine = in_shard(b, row->index);
    run_t *scratch = run_new(mine ? stderr : b->devnull, NULL);
    model_setting_t *sets = arena_alloc(b->run->arena, sizeof(model_setting_t) * (row->n + 1));
    src_pos_t *at = arena_alloc(b->run->arena, sizeof(src_pos_t) * (row->n + 1));
    for (size_t i = 0; i < row->n; i++) {
        const recipients_field_t *f = &row->fields[i];
        sets[i].name = arena_strdup(b->run->arena, f->name);
        sets[i].value = arena_strdup(b->run->arena, f->value);
        at[i] = f->pos;
        at[i].file = b->rpath;
    }
    model_book_t *book = NULL;
    if (row_ok)
        row_ok = model_vary(scratch, b->book, sets, at, row->n, &book);
    if (!b->pattern && row_ok) {
        const char *first = b->first_column ? b->first_column : row->n ? row->fields[0].name
                                                                       : NULL;
        const char *id = b->job->exercise ? b->exercise_id : b->book->id;
        char *safe_id = batch_safe_name(id);
        b->pattern = first ? arena_printf(b->run->arena, "%s-{%s}.pdf", safe_id, first)
                           : arena_printf(b->run->arena, "%s-{row}.pdf", safe_id);
        g_free(safe_id);
    }
    if (row_ok) {
        name_ctx_t c = {book, row->index, scratch->arena};
        text_problem_t pr;
        const char *raw = text_expand(scratch->arena, b->pattern, name_lookup, &c, false, &pr);
        char *stem = batch_safe_name(raw ? raw : "");
        item_t *it = arena_alloc(b->run->arena, sizeof *it);
        it->index = row->index;
        it->line = row->line;
        it->name = unique_name(b, stem);
        it->sets = sets;
        it->at = at;
        it->n_sets = row->n;
        item_hash(b, book, it);
        g_free(stem);
        if (mine)
            g_ptr_array_add(b->items, it);
    } else if (mine) {
        b->failed++;
    }
    run_free(scratch);
}

/* Read every row; false when the file could not be read to its end. */
static bool read_rows(batch_t *b)
{
    recipients_t *r = recipients_open(&b->run->diag, b->job->recipients);
    if (!r)
        return false;
    b->rpath = arena_strdup(b->run->arena, recipients_path(r));
    bool ok = header_ok(b, r);
    recipients_row_t row;
    if (!ok) {
        recipients_close(r);
        return false;
    }
    recipients_status_t st;
    /* A row of another shard is checked too (its name may take one this
     * shard's row would have), but quietly: its shard reports it. */
    diag_t quiet;
    diag_init(&quiet, b->devnull);
    for (;;) {
        recipients_quiet(r, in_shard(b, recipients_next_index(r)) ? NULL : &quiet);
        if ((st = recipients_next(r, &row)) == RECIPIENTS_END)
            break;
        if (st == RECIPIENTS_FATAL) {
            ok = false;
            break;
        }
        add_row(b, &row, st == RECIPIENTS_ROW);
    }
    recipients_close(r);
    return ok;
}

/* ---- workers -------------------------------------------------------------- */

/* What a worker sends back for each item, then `len` bytes of messages. */
typedef struct {
    uint32_t item; /* index into the to-do list */
    int32_t rc;    /* RUN_EXIT_* */
    uint64_t size;
    uint32_t len;
} report_t;

static bool write_full(int fd, const void *data, size_t len)
{
    const char *p = data;
    while (len) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        p += n;
        len -= (size_t)n;
    }
    return true;
}

static void send_report(int fd, uint32_t item, int rc, size_t size, const char *msg, size_t len)
{
    report_t r = {item, rc, size, (uint32_t)len};
    char *buf = g_malloc(sizeof r + len);
    memcpy(buf, &r, sizeof r);
    memcpy(buf + sizeof r, msg, len);
    write_full(fd, buf, sizeof r + len);
    g_free(buf);
}

/* Make one item: the recipient's book from the checked one, planned, laid
 * out with the worker's fonts and texts (`cache`) and written. Messages
 * into `out`. */
static int make_item(const batch_t *b, const item_t *it, layout_cache_t *cache, FILE *out,
                     size_t *size)
{
    run_t *run = run_new(out, b->run->data_dir);
    model_book_t *book = NULL;
    plan_t *plan = NULL;
    layout_doc_t *doc = NULL;
    char *path = g_build_filename(b->job->dir, it->name, NULL);
    int rc = RUN_EXIT_INPUT;
    for (size_t i = 0; i < b->run->inputs.n; i++)
        run_add_input(run, b->run->inputs.paths[i]);
    run->no_fsync = true; /* the parent syncs DIR before the manifest names it */
    run->tidied = true;   /* the parent tidied DIR before the workers started */
    if (model_vary(run, b->book, it->sets, it->at, it->n_sets, &book) && plan_build(run, book, &plan) &&
        layout_paginate_cached(run, plan, cache, &doc))
        rc = render_pdf(run, doc, path, size) ? RUN_EXIT_OK : RUN_EXIT_OUTPUT;
    diag_finish(&run->diag);
    layout_free(doc);
    run_free(run);
    g_free(path);
    return rc;
}

/* A worker: its fonts and texts, made here after the fork, then items w,
 * w + n, ... of `todo`. A signal waits until the file being written is whole
 * and reported (they are blocked meanwhile), then ends the worker. */
static void worker(const batch_t *b, const GPtrArray *todo, unsigned w, unsigned n, int fd)
{
    sigset_t stop, old;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGHUP);
    /* The parent's handler is replaced while the signals are still blocked
     * (see run_workers), so none is lost in between. */
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    sigprocmask(SIG_UNBLOCK, &stop, NULL);
    char *msg = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&msg, &len);
    run_t *frun = run_new(out, b->run->data_dir);
    PangoFontMap *map = fonts_open(frun, b->book->layout, b->book->fonts_dir);
    /* the worker's: the texts its recipients share are shaped once */
    layout_cache_t *cache = map ? layout_cache_new(map) : NULL;
    diag_finish(&frun->diag);
    fflush(out);
    for (size_t i = w; i < todo->len; i += n) {
        size_t size = 0;
        int rc = RUN_EXIT_INPUT;
        sigprocmask(SIG_BLOCK, &stop, &old);
        if (map) {
            rewind(out);
            len = 0;
            rc = make_item(b, todo->pdata[i], cache, out, &size);
            fflush(out);
        }
        send_report(fd, (uint32_t)i, rc, size, msg, len);
        if (!map)
            len = 0; /* the fonts' message once */
        sigprocmask(SIG_SETMASK, &old, NULL);
    }
    layout_cache_free(cache);
    if (map)
        g_object_unref(map);
    run_free(frun);
    fclose(out);
    free(msg);
    close(fd);
}

/* ---- the parent ----------------------------------------------------------- */

static volatile sig_atomic_t stop_signal;

static void on_stop(int sig)
{
    stop_signal = sig;
}

typedef struct {
    pid_t pid;
    int fd;
    GByteArray *in; /* bytes read, not yet a whole report */
} child_t;

/* Progress: a bar with the time left on a terminal, else a line a file. */
typedef struct {
    bool bar, quiet;
    size_t done, total;
    gint64 start, drawn;
} progress_t;

static void progress_clear(const progress_t *p, bool always)
{
    if (p->bar && (always || p->drawn))
        fputs("\r\033[K", stderr);
}

static void progress_draw(progress_t *p)
{
    enum { WIDTH = 30 };
    const gint64 EVERY = G_USEC_PER_SEC / 10; /* redraws at most this often */
    gint64 now = g_get_monotonic_time();
    if (!p->bar || !p->total || (p->done < p->total && now - p->drawn < EVERY))
        return;
    p->drawn = now;
    size_t fill = p->done * WIDTH / p->total;
    char bar[WIDTH + 1];
    for (size_t i = 0; i < WIDTH; i++)
        bar[i] = i < fill ? '#' : '.';
    bar[WIDTH] = '\0';
    double elapsed = (double)(g_get_monotonic_time() - p->start) / 1e6;
    fprintf(stderr, "\r[%s] %zu/%zu", bar, p->done, p->total);
    if (p->done) {
        long left = (long)(elapsed / (double)p->done * (double)(p->total - p->done) + 0.5);
        fprintf(stderr, "  %ld:%02ld left", left / 60, left % 60);
    }
    fflush(stderr);
}

/* One report from a worker: its messages, the line or bar, the manifest. */
static void take_report(batch_t *b, const GPtrArray *todo, const report_t *r, const char *msg,
                        progress_t *p)
{
    const item_t *it = r->item < todo->len ? todo->pdata[r->item] : NULL;
    if (!it)
        return;
    progress_clear(p, r->len || r->rc != RUN_EXIT_OK);
    if (r->len)
        fwrite(msg, 1, r->len, stderr);
    p->done++;
    if (r->rc == RUN_EXIT_OK) {
        b->written++;
        pending_t pd = {it, (size_t)r->size};
        g_array_append_val(b->pending, pd);
        enum { SYNC_EVERY = 256 };                 /* outputs */
        const gint64 SYNC_AFTER = G_USEC_PER_SEC; /* or a second */
        if (b->pending->len >= SYNC_EVERY || g_get_monotonic_time() - b->last_sync > SYNC_AFTER)
            manifest_flush(b);
        if (!p->bar && !p->quiet)
            fprintf(stderr, "wrote %s/%s\n", b->job->dir, it->name);
    } else {
        b->failed++;
        b->output_failed = b->output_failed || r->rc == RUN_EXIT_OUTPUT;
        fprintf(stderr, "%s:%u: note: recipient %zu (%s) was not written\n", b->rpath, it->line,
                it->index + 1, it->name);
    }
    progress_draw(p);
}

/* Read what `c` sent; false at its end. */
static bool drain(batch_t *b, const GPtrArray *todo, child_t *c, progress_t *p)
{
    char buf[65536];
    ssize_t n = read(c->fd, buf, sizeof buf);
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return true;
    if (n <= 0)
        return false;
    g_byte_array_append(c->in, (const guint8 *)buf, (guint)n);
    for (;;) {
        report_t r;
        if (c->in->len < sizeof r)
            break;
        memcpy(&r, c->in->data, sizeof r);
        if (c->in->len < sizeof r + r.len)
            break;
        take_report(b, todo, &r, (const char *)c->in->data + sizeof r, p);
        g_byte_array_remove_range(c->in, 0, (guint)(sizeof r + r.len));
    }
    return true;
}

/* Fork the workers over `todo` and collect their reports. */
static void run_workers(batch_t *b, GPtrArray *todo, unsigned jobs)
{
    unsigned n = jobs < todo->len ? jobs : (unsigned)todo->len;
    child_t *kids = g_new0(child_t, n);
    progress_t p = {isatty(STDERR_FILENO) && !b->job->quiet, b->job->quiet, 0, todo->len,
                    g_get_monotonic_time(), 0};
    struct sigaction sa = {0}, old_int, old_term, old_hup;
    sa.sa_handler = on_stop;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    sigaction(SIGHUP, &sa, &old_hup);
    signal(SIGPIPE, SIG_IGN);
    fflush(stdout);
    fflush(stderr);
    unsigned started = 0;
    for (; started < n && !stop_signal; started++) {
        int fds[2];
        if (pipe(fds) != 0) {
            diag_error(&b->run->diag, diag_at(NULL, 0, 0), "cannot start a worker: %s",
                       g_strerror(errno));
            break;
        }
        sigset_t stop, old;
        sigemptyset(&stop);
        sigaddset(&stop, SIGINT);
        sigaddset(&stop, SIGTERM);
        sigaddset(&stop, SIGHUP);
        sigprocmask(SIG_BLOCK, &stop, &old);
        pid_t pid = fork();
        if (pid != 0)
            sigprocmask(SIG_SETMASK, &old, NULL);
        if (pid < 0) {
            diag_error(&b->run->diag, diag_at(NULL, 0, 0), "cannot start a worker: %s",
                       g_strerror(errno));
            close(fds[0]);
            close(fds[1]);
            break;
        }
        if (pid == 0) {
            for (unsigned i = 0; i < started; i++)
                close(kids[i].fd);
            close(fds[0]);
            signal(SIGPIPE, SIG_DFL);
            worker(b, todo, started, n, fds[1]);
            _exit(0);
        }
        close(fds[1]);
        kids[started] = (child_t){pid, fds[0], g_byte_array_new()};
    }
    /* Workers split the list by index: with fewer started, the rest is
     * not done (a failure to start was reported). */
    struct pollfd *pf = g_new0(struct pollfd, started ? started : 1);
    unsigned open_fds = started;
    bool told = false;
    while (open_fds) {
        if (stop_signal && !told) {
            for (unsigned i = 0; i < started; i++)
                if (kids[i].pid > 0)
                    kill(kids[i].pid, SIGTERM);
            told = true;
        }
        for (unsigned i = 0; i < started; i++)
            pf[i] = (struct pollfd){kids[i].fd, POLLIN, 0};
        if (poll(pf, started, -1) < 0)
            continue; /* EINTR: a signal; see above */
        for (unsigned i = 0; i < started; i++)
            if (kids[i].fd >= 0 && (pf[i].revents & (POLLIN | POLLHUP | POLLERR)) &&
                !drain(b, todo, &kids[i], &p)) {
                close(kids[i].fd);
                kids[i].fd = -1;
                open_fds--;
            }
    }
    for (unsigned i = 0; i < started; i++) {
        int status;
        while (waitpid(kids[i].pid, &status, 0) < 0 && errno == EINTR)
            ;
        if (WIFSIGNALED(status) && WTERMSIG(status) != SIGINT && WTERMSIG(status) != SIGTERM &&
            WTERMSIG(status) != SIGHUP)
            diag_error(&b->run->diag, diag_at(NULL, 0, 0), "a worker died of signal %d (%s)",
                       WTERMSIG(status), g_strsignal(WTERMSIG(status)));
        g_byte_array_free(kids[i].in, TRUE);
    }
    progress_clear(&p, true);
    b->not_done = todo->len - p.done;
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    sigaction(SIGHUP, &old_hup, NULL);
    g_free(pf);
    g_free(kids);
}

/* The book, checked once: the worksheet book with its exercise, or BOOK. */
static bool load_book(batch_t *b)
{
    const batch_job_t *job = b->job;
    size_t n = 0;
    model_setting_t *sets = g_new0(model_setting_t, job->n_sets + 2);
    if (job->exercise) {
        b->exercise_id = model_exercise_id(b->run, job->exercise);
        sets[n].name = "exercise";
        sets[n++].value = b->exercise_id;
    }
    for (size_t i = 0; i < job->n_sets; i++)
        sets[n++] = job->sets[i];
    bool date_ok = render_check_date(b->run);
    bool ok = model_build(b->run, job->book, job->layout, sets, n, &b->book) && date_ok;
    g_free(sets);
    return ok;
}

static bool make_dir(batch_t *b)
{
    struct stat st;
    if (stat(b->job->dir, &st) == 0 && !S_ISDIR(st.st_mode))
        return diag_error(&b->run->diag, diag_at(b->job->dir, 0, 0),
                          "-o names a folder for the PDFs; this is a file");
    if (g_mkdir_with_parents(b->job->dir, 0777) != 0)
        return diag_error(&b->run->diag, diag_at(b->job->dir, 0, 0), "cannot make the folder: %s",
                          g_strerror(errno));
    return true;
}

int batch_run(const batch_job_t *job)
{
    batch_t b = {.job = job};
    b.run = run_new(stderr, job->data_dir);
    b.items = g_ptr_array_new();
    b.taken = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    b.devnull = fopen("/dev/null", "w");
    GPtrArray *todo = g_ptr_array_new();
    int rc = RUN_EXIT_INPUT;
    if (!load_book(&b)) {
        diag_finish(&b.run->diag);
        fprintf(stderr, "keepsake: %u error%s; nothing was written\n", b.run->diag.errors,
                b.run->diag.errors == 1 ? "" : "s");
        goto out;
    }
    if (job->name && !pattern_ok(&b, job->name)) {
        rc = RUN_EXIT_USAGE;
        goto out;
    }
    b.pattern = job->name;
    base_hash(&b);
    if (!read_rows(&b)) {
        diag_finish(&b.run->diag);
        fprintf(stderr, "keepsake: the recipients file cannot be used; nothing was written\n");
        goto out;
    }
    if (!make_dir(&b)) {
        rc = RUN_EXIT_OUTPUT;
        goto out;
    }
    manifest_load(&b);
    for (size_t i = 0; i < b.items->len; i++) {
        item_t *it = b.items->pdata[i];
        if (!job->force && up_to_date(&b, it))
            b.up_to_date++;
        else
            g_ptr_array_add(todo, it);
    }
    unsigned jobs = job->jobs ? job->jobs : (unsigned)g_get_num_processors();
    if (jobs > BATCH_MAX_JOBS)
        jobs = BATCH_MAX_JOBS;
    b.pending = g_array_new(FALSE, FALSE, sizeof(pending_t));
    b.last_sync = g_get_monotonic_time();
    if (todo->len) {
        output_tidy(job->dir); /* once, not for each file (a folder of many) */
        run_workers(&b, todo, jobs);
    }
    manifest_flush(&b);
    if (b.written)
        manifest_compact(&b);
    diag_finish(&b.run->diag);
    if (!job->quiet || b.failed || b.not_done) {
        fprintf(stderr, "%zu written, %zu failed, %zu up to date", b.written, b.failed,
                b.up_to_date);
        if (b.not_done)
            fprintf(stderr, ", %zu not done (stopped)", b.not_done);
        if (job->shard_n)
            fprintf(stderr, " (shard %u/%u)", job->shard_k, job->shard_n);
        fputc('\n', stderr);
    }
    rc = b.failed || b.not_done || b.run->diag.errors
             ? (b.output_failed ? RUN_EXIT_OUTPUT : RUN_EXIT_INPUT)
             : RUN_EXIT_OK;
out:
    g_ptr_array_free(todo, TRUE);
    g_ptr_array_free(b.items, TRUE);
    g_hash_table_destroy(b.taken);
    if (b.manifest)
        g_hash_table_destroy(b.manifest);
    if (b.pending)
        g_array_free(b.pending, TRUE);
    if (b.devnull)
        fclose(b.devnull);
    run_free(b.run);
    if (stop_signal) {
        int sig = stop_signal;
        signal(sig, SIG_DFL);
        raise(sig);
    }
    return rc;
}
