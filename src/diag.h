/* diag: source positions and the one place messages are printed.
 *
 * Every value that came from a file carries a src_pos_t. Messages are GNU
 * style, `file:line:column: error: what`, so editors can jump to them. Errors
 * are counted; after DIAG_MAX_ERRORS further errors are counted but not
 * printed, and one line says how many were left out. Each line is made
 * safe for a terminal: control characters, bidi controls and invalid UTF-8
 * are shown escaped (\x1b, \u202e, \xff) and long values shortened. */
#ifndef KEEPSAKE_DIAG_H
#define KEEPSAKE_DIAG_H

#include <stdbool.h>
#include <stdio.h>

typedef struct {
    const char *file; /* borrowed; lives for the run. NULL: no position */
    unsigned line, col; /* 1-based; 0 when unknown */
} src_pos_t;

/* Caps on what is printed, so one broken or hostile file cannot flood a
 * terminal. Past a cap, "…" stands for what is left out (see diag.c). */
enum {
    DIAG_MAX_ERRORS = 50,  /* errors printed; the rest are counted */
    DIAG_MAX_QUOTED = 60,  /* characters of a quoted '...' value */
    DIAG_MAX_FILE = 200,   /* characters of the file name before the position */
    DIAG_MAX_LINE = 1000,  /* bytes of one message line, its newline not counted */
    DIAG_MAX_INCLUDES = 1024, /* files whose "included from here" notes are kept */
    DIAG_MAX_CHAIN = 16,   /* notes after one message: deeper than any real chain */
};

/* A file reached through a reference in another: where the reference is. */
typedef struct {
    const char *file;
    src_pos_t from;
} diag_include_t;

typedef struct {
    FILE *out;           /* where messages go: stderr, or a test's buffer */
    unsigned errors;     /* errors reported so far */
    unsigned warnings;
    unsigned suppressed; /* errors past DIAG_MAX_ERRORS */
    diag_include_t includes[DIAG_MAX_INCLUDES];
    size_t n_includes;
} diag_t;

void diag_init(diag_t *d, FILE *out);

/* Report an error at `at`. Always returns false, so callers fail in one line:
 * `return diag_error(d, pos, "...")`. */
bool diag_error(diag_t *d, src_pos_t at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void diag_warning(diag_t *d, src_pos_t at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void diag_note(diag_t *d, src_pos_t at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Print the "N more errors not shown" line if any were suppressed. */
void diag_finish(diag_t *d);

/* Say that `file` (borrowed, lives for the run) was reached through the
 * reference at `from`: every error and warning in `file` is then followed
 * by `FROM: note: included from here`, and so on up the chain, so a
 * message in a shared file says how the run got there. The first
 * reference to a file is the one kept. */
void diag_include(diag_t *d, const char *file, src_pos_t from);

/* "keepsake: MESSAGE", made safe for a terminal as the messages above are
 * (escaped, quoted values shortened, the line bounded), without its
 * newline: for the messages printed outside a run (usage errors). The
 * caller g_free()s it. */
char *diag_line(const char *message);

static inline src_pos_t diag_at(const char *file, unsigned line, unsigned col)
{
    src_pos_t p = {file, line, col};
    return p;
}

#endif
