/* diag: message formatting and counting.
 *
 * Messages quote what files and the command line hold, and files are
 * shared, so each message line is made safe for a terminal here, the one
 * place every message goes through: no caller can forget. A character a
 * terminal acts on (C0 and C1 controls, DEL) or that can reorder the line
 * (bidi controls and marks, line and paragraph separators) is shown as an
 * escape, \x1b or \u202e, and a byte that is not UTF-8 as \xff. A quoted
 * '...' value keeps its first DIAG_MAX_QUOTED characters, a file name its
 * first and last DIAG_MAX_FILE / 2, a line its first DIAG_MAX_LINE bytes;
 * "…" stands for what was left out. */
#include "diag.h"

#include "text.h"

#include <glib.h>
#include <stdarg.h>
#include <string.h>

#define ELLIPSIS "\xe2\x80\xa6" /* U+2026 */

enum { SHOWN = 12 }; /* one character as shown: up to 4 bytes, or an escape */

void diag_init(diag_t *d, FILE *out)
{
    d->out = out;
    d->errors = d->warnings = d->suppressed = 0;
    d->n_includes = 0;
}

static bool escaped(gunichar u)
{
    return u < 0x20 || (u >= 0x7F && u <= 0x9F) || u == 0x2028 || u == 0x2029 ||
           text_is_bidi_control(u) || text_is_bidi_mark(u);
}

/* How the character at `s` (`n` bytes left) is shown, into `shown`; returns
 * the bytes it takes. */
static size_t show_char(const char *s, size_t n, char shown[SHOWN])
{
    gunichar u = g_utf8_get_char_validated(s, (gssize)(n < 4 ? n : 4));
    if (u == (gunichar)-1 || u == (gunichar)-2) {
        snprintf(shown, SHOWN, "\\x%02x", (unsigned)(unsigned char)*s);
        return 1;
    }
    size_t len = (size_t)(g_utf8_next_char(s) - s);
    if (u < 0x20 || u == 0x7F)
        snprintf(shown, SHOWN, "\\x%02x", (unsigned)u);
    else if (escaped(u))
        snprintf(shown, SHOWN, "\\u%04x", (unsigned)u);
    else
        memcpy(shown, s, len), shown[len] = '\0';
    return len;
}

/* A message line being made: once DIAG_MAX_LINE bytes are near, "…" ends
 * it and the rest is left out. */
typedef struct {
    GString *s;
    bool full;
} line_t;

static void put(line_t *l, const char *shown)
{
    size_t n = strlen(shown);
    if (l->full)
        return;
    if (l->s->len + n + strlen(ELLIPSIS) > DIAG_MAX_LINE) {
        g_string_append(l->s, ELLIPSIS);
        l->full = true;
        return;
    }
    g_string_append_len(l->s, shown, (gssize)n);
}

/* The file name part: past DIAG_MAX_FILE characters, its middle is left
 * out (its start says where, its end which file). */
static void put_file(line_t *l, const char *file)
{
    const size_t n = strlen(file), half = DIAG_MAX_FILE / 2;
    char shown[SHOWN];
    size_t count = 0;
    for (size_t i = 0; i < n; count++)
        i += show_char(file + i, n - i, shown);
    size_t k = 0;
    for (size_t i = 0; i < n; k++) {
        i += show_char(file + i, n - i, shown);
        if (count <= DIAG_MAX_FILE || k < half || k >= count - half)
            put(l, shown);
        else if (k == half)
            put(l, ELLIPSIS);
    }
}

/* Any byte of a word: a letter or digit, or part of a non-ASCII character. */
static bool word_byte(char c) { return g_ascii_isalnum(c) || (unsigned char)c >= 0x80; }

/* The message: a quoted '...' value longer than DIAG_MAX_QUOTED characters
 * keeps its start. A quote opens after a character that is not part of a
 * word and closes before one, so the apostrophe of "keepsake's" is none. */
static void put_message(line_t *l, const char *m)
{
    const size_t n = strlen(m);
    size_t quoted = 0;
    bool open = false;
    char shown[SHOWN];
    for (size_t i = 0, len; i < n; i += len) {
        len = show_char(m + i, n - i, shown);
        if (m[i] == '\'' && !open && (i == 0 || !word_byte(m[i - 1]))) {
            open = true;
            quoted = 0;
        } else if (m[i] == '\'' && open && !word_byte(m[i + 1])) {
            if (quoted > DIAG_MAX_QUOTED)
                put(l, ELLIPSIS);
            open = false;
        } else if (open && ++quoted > DIAG_MAX_QUOTED) {
            continue;
        }
        put(l, shown);
    }
    if (open && quoted > DIAG_MAX_QUOTED)
        put(l, ELLIPSIS);
}

char *diag_line(const char *message)
{
    line_t l = {g_string_new(NULL), false};
    put(&l, "keepsake: ");
    put_message(&l, message);
    return g_string_free(l.s, FALSE);
}

void diag_include(diag_t *d, const char *file, src_pos_t from)
{
    if (!file || !from.file || !from.line || d->n_includes == DIAG_MAX_INCLUDES ||
        !strcmp(file, from.file))
        return;
    for (size_t i = 0; i < d->n_includes; i++)
        if (!strcmp(d->includes[i].file, file))
            return;
    d->includes[d->n_includes++] = (diag_include_t){file, from};
}

static const diag_include_t *include_of(const diag_t *d, const char *file)
{
    for (size_t i = 0; file && i < d->n_includes; i++)
        if (!strcmp(d->includes[i].file, file))
            return &d->includes[i];
    return NULL;
}

static void emit_line(diag_t *d, src_pos_t at, const char *what, const char *m);

/* The chain of references that led to `file`, innermost first. */
static void emit_chain(diag_t *d, const char *file)
{
    const diag_include_t *inc;
    for (unsigned n = 0; n < DIAG_MAX_CHAIN && (inc = include_of(d, file)); n++) {
        emit_line(d, inc->from, "note", "included from here");
        file = inc->from.file;
    }
}

static void emit(diag_t *d, src_pos_t at, const char *what, const char *fmt,
                 va_list ap)
{
    char *m = g_strdup_vprintf(fmt, ap);
    emit_line(d, at, what, m);
    g_free(m);
    if (strcmp(what, "note"))
        emit_chain(d, at.file);
}

static void emit_line(diag_t *d, src_pos_t at, const char *what, const char *m)
{
    line_t l = {g_string_new(NULL), false};
    if (at.file)
        put_file(&l, at.file);
    else
        put(&l, "keepsake");
    if (at.file && at.line) {
        char pos[32];
        snprintf(pos, sizeof pos, ":%u:%u", at.line, at.col ? at.col : 1);
        put(&l, pos);
    }
    put(&l, ": ");
    put(&l, what);
    put(&l, ": ");
    put_message(&l, m);
    g_string_append_c(l.s, '\n');
    fputs(l.s->str, d->out);
    g_string_free(l.s, TRUE);
}

bool diag_error(diag_t *d, src_pos_t at, const char *fmt, ...)
{
    if (d->errors++ >= DIAG_MAX_ERRORS) {
        d->suppressed++;
        return false;
    }
    va_list ap;
    va_start(ap, fmt);
    emit(d, at, "error", fmt, ap);
    va_end(ap);
    return false;
}

void diag_warning(diag_t *d, src_pos_t at, const char *fmt, ...)
{
    d->warnings++;
    va_list ap;
    va_start(ap, fmt);
    emit(d, at, "warning", fmt, ap);
    va_end(ap);
}

void diag_note(diag_t *d, src_pos_t at, const char *fmt, ...)
{
    if (d->errors > DIAG_MAX_ERRORS)
        return;
    va_list ap;
    va_start(ap, fmt);
    emit(d, at, "note", fmt, ap);
    va_end(ap);
}

void diag_finish(diag_t *d)
{
    if (d->suppressed)
        fprintf(d->out, "keepsake: %u more error%s not shown\n", d->suppressed,
                d->suppressed == 1 ? "" : "s");
    fflush(d->out);
}
