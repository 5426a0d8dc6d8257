/* recipients: see recipients.h. */
#include "recipients.h"

#include <errno.h>
#include <stdarg.h>
#include <glib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

struct recipients {
    diag_t *d;
    diag_t *quiet; /* NULL, or where problems of single rows go */
    char *path;
    FILE *f;
    bool yaml;
    bool fatal;  /* a problem that stops reading was reported */
    /* CSV: the position of the next character, and one character read ahead */
    unsigned line, col;
    long bytes;
    int ahead; /* -2: none */
    recipients_field_t *head;
    size_t n_head;
    /* the current row: names and values owned here until the next row */
    recipients_field_t fields[RECIPIENTS_MAX_COLUMNS];
    char *owned[2 * RECIPIENTS_MAX_COLUMNS];
    size_t n_fields, n_owned;
    size_t rows;
    GString *buf;
    /* YAML */
    yaml_parser_t parser;
    bool parser_ready, in_list, done;
};

enum { NONE = -2 };

static bool fail(recipients_t *r, unsigned line, unsigned col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Report at line:col; false. */
static bool fail(recipients_t *r, unsigned line, unsigned col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *m = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    diag_error(r->quiet && !r->fatal ? r->quiet : r->d, diag_at(r->path, line, col), "%s", m);
    g_free(m);
    return false;
}

static void clear_row(recipients_t *r)
{
    for (size_t i = 0; i < r->n_owned; i++)
        g_free(r->owned[i]);
    r->n_owned = r->n_fields = 0;
}

/* Keep `s` (taken over) for the current row. */
static const char *own(recipients_t *r, char *s)
{
    r->owned[r->n_owned++] = s;
    return s;
}

static bool too_big(recipients_t *r)
{
    if (r->bytes <= RECIPIENTS_MAX_BYTES)
        return false;
    if (!r->fatal) {
        r->fatal = true;
        fail(r, r->line, r->col, "the file is larger than %ld MiB, the limit for one batch "
             "(RECIPIENTS_MAX_BYTES); split it into several files", RECIPIENTS_MAX_BYTES >> 20);
    }
    return true;
}

/* ---- CSV ------------------------------------------------------------------ */

/* The next byte, line ends made '\n' (CRLF and a lone CR alike), or EOF. */
static int get(recipients_t *r)
{
    int c = r->ahead != NONE ? r->ahead : getc(r->f);
    r->ahead = NONE;
    if (c == EOF)
        return EOF;
    r->bytes++;
    if (c == '\r') {
        int n = getc(r->f);
        if (n == '\n')
            r->bytes++;
        else if (n != EOF)
            r->ahead = n;
        c = '\n';
    }
    if (c == '\n')
        r->line++, r->col = 1;
    else if ((c & 0xC0) != 0x80)
        r->col++;
    return too_big(r) ? EOF : c;
}

static int peek(recipients_t *r)
{
    if (r->ahead == NONE)
        r->ahead = getc(r->f);
    return r->ahead == '\r' ? '\n' : r->ahead;
}

/* One field's text, growing in r->buf: past the limit it is dropped. */
typedef struct {
    unsigned line, col;
    bool too_long, nul;
} field_t;

static void add(recipients_t *r, field_t *f, int c)
{
    if (c == 0)
        f->nul = true;
    else if (r->buf->len >= RECIPIENTS_MAX_FIELD_BYTES)
        f->too_long = true;
    else
        g_string_append_c(r->buf, (char)c);
}

/* Read one field; `*end` is what ended it: ',', '\n' or EOF. False after
 * reporting a problem in it (the row goes on to its end). */
static bool csv_field(recipients_t *r, field_t *f, int *end)
{
    bool ok = true;
    g_string_truncate(r->buf, 0);
    *f = (field_t){r->line, r->col, false, false};
    int c = get(r);
    if (c == '"') {
        for (;;) {
            c = get(r);
            if (c == EOF) {
                if (!r->fatal) {
                    r->fatal = true;
                    fail(r, f->line, f->col, "this quoted field is never closed: a field "
                         "that starts with \" ends with \" (write a quote inside as \"\")");
                }
                *end = EOF;
                return false;
            }
            if (c == '"') {
                if (peek(r) != '"')
                    break;
                c = get(r);
            }
            add(r, f, c);
        }
        c = get(r);
        if (c != ',' && c != '\n' && c != EOF) {
            ok = fail(r, r->line, r->col - 1, "after a quoted field comes a comma or the end "
                      "of the line (write a quote inside a quoted field as \"\")");
            while (c != ',' && c != '\n' && c != EOF)
                c = get(r);
        }
    } else {
        bool quote_said = false;
        while (c != ',' && c != '\n' && c != EOF) {
            if (c == '"' && !quote_said) {
                quote_said = true;
                ok = fail(r, r->line, r->col - 1, "a quote inside a field that does not start "
                          "with one: quote the whole field and double the quote "
                          "(\"say \"\"hi\"\"\")");
            }
            add(r, f, c);
            c = get(r);
        }
    }
    *end = c;
    if (f->nul)
        ok = fail(r, f->line, f->col, "this field holds a NUL byte, which is never text");
    if (f->too_long)
        ok = fail(r, f->line, f->col, "this field is longer than %d bytes "
                  "(RECIPIENTS_MAX_FIELD_BYTES); no variable can hold it",
                  RECIPIENTS_MAX_FIELD_BYTES);
    return ok;
}

/* One CSV record into r->fields (names left NULL). */
static recipients_status_t csv_record(recipients_t *r, unsigned *line)
{
    clear_row(r);
    while (peek(r) == '\n')
        get(r);
    if (r->fatal)
        return RECIPIENTS_FATAL;
    if (peek(r) == EOF) {
        if (ferror(r->f)) {
            r->fatal = true;
            fail(r, r->line, r->col, "cannot read: %s", g_strerror(errno));
            return RECIPIENTS_FATAL;
        }
        return RECIPIENTS_END;
    }
    *line = r->line;
    bool ok = true, wide_said = false;
    int end;
    do {
        field_t f;
        bool field_ok = csv_field(r, &f, &end);
        ok = ok && field_ok;
        if (r->fatal)
            return RECIPIENTS_FATAL;
        if (r->n_fields == RECIPIENTS_MAX_COLUMNS) {
            if (!wide_said)
                ok = fail(r, f.line, f.col, "more than %d fields in a row "
                          "(RECIPIENTS_MAX_COLUMNS)", RECIPIENTS_MAX_COLUMNS);
            wide_said = true;
            continue;
        }
        r->fields[r->n_fields++] =
            (recipients_field_t){NULL, own(r, g_strndup(r->buf->str, r->buf->len)),
                              diag_at(r->path, f.line, f.col)};
    } while (end == ',');
    if (ferror(r->f)) {
        r->fatal = true;
        fail(r, r->line, r->col, "cannot read: %s", g_strerror(errno));
        return RECIPIENTS_FATAL;
    }
    return ok ? RECIPIENTS_ROW : RECIPIENTS_BAD;
}

static bool csv_header(recipients_t *r)
{
    unsigned line;
    /* a UTF-8 byte order mark */
    if (peek(r) == 0xEF) {
        int c1 = r->ahead, c2 = getc(r->f), c3 = getc(r->f);
        r->ahead = NONE;
        if (c1 != 0xEF || c2 != 0xBB || c3 != 0xBF)
            return fail(r, 1, 1, "the file starts with bytes that are not UTF-8");
        r->bytes += 3;
    }
    recipients_status_t st = csv_record(r, &line);
    if (st == RECIPIENTS_END)
        return fail(r, 1, 1, "the file is empty: a recipients CSV starts with a header "
                    "row naming the variables (names,start)");
    if (st != RECIPIENTS_ROW)
        return false;
    bool ok = true;
    r->n_head = r->n_fields;
    r->head = g_new0(recipients_field_t, r->n_head + 1);
    for (size_t i = 0; i < r->n_head; i++) {
        r->head[i] = r->fields[i];
        r->head[i].name = r->head[i].value = g_strdup(r->fields[i].value);
        if (!*r->head[i].name)
            ok = fail(r, r->head[i].pos.line, r->head[i].pos.col,
                      "column %zu has no name: the header row names each column's variable",
                      i + 1);
        for (size_t j = 0; j < i && *r->head[i].name; j++)
            if (!strcmp(r->head[j].name, r->head[i].name)) {
                ok = fail(r, r->head[i].pos.line, r->head[i].pos.col,
                          "column '%s' is named twice (first in column %zu)", r->head[i].name,
                          j + 1);
                break;
            }
    }
    clear_row(r);
    return ok;
}

static recipients_status_t csv_next(recipients_t *r, recipients_row_t *row)
{
    recipients_status_t st = csv_record(r, &row->line);
    if (st != RECIPIENTS_ROW && st != RECIPIENTS_BAD)
        return st;
    if (r->n_fields != r->n_head) {
        fail(r, row->line, 1, "this row has %zu field%s; the header has %zu", r->n_fields,
             r->n_fields == 1 ? "" : "s", r->n_head);
        st = RECIPIENTS_BAD;
    }
    for (size_t i = 0; i < r->n_fields && i < r->n_head; i++)
        r->fields[i].name = r->head[i].name;
    return st;
}

/* ---- YAML ----------------------------------------------------------------- */

static int yaml_read(void *data, unsigned char *buf, size_t size, size_t *read)
{
    recipients_t *r = data;
    *read = fread(buf, 1, size, r->f);
    r->bytes += (long)*read;
    if (too_big(r)) {
        *read = 0;
        return 0;
    }
    return !ferror(r->f);
}

/* The next event; false after reporting a parse error (fatal). */
static bool yaml_event(recipients_t *r, yaml_event_t *e)
{
    if (yaml_parser_parse(&r->parser, e))
        return true;
    if (!r->fatal) {
        r->fatal = true;
        fail(r, (unsigned)r->parser.problem_mark.line + 1,
             (unsigned)r->parser.problem_mark.column + 1, "%s",
             r->parser.problem ? r->parser.problem : "cannot read the YAML");
    }
    return false;
}

/* Skip the rest of a list or map whose start event was just read. */
static bool yaml_skip(recipients_t *r)
{
    for (size_t depth = 1; depth;) {
        yaml_event_t e;
        if (!yaml_event(r, &e))
            return false;
        if (e.type == YAML_SEQUENCE_START_EVENT || e.type == YAML_MAPPING_START_EVENT)
            depth++;
        else if (e.type == YAML_SEQUENCE_END_EVENT || e.type == YAML_MAPPING_END_EVENT)
            depth--;
        yaml_event_delete(&e);
    }
    return true;
}

static unsigned mark_line(const yaml_mark_t *m) { return (unsigned)m->line + 1; }
static unsigned mark_col(const yaml_mark_t *m) { return (unsigned)m->column + 1; }

/* Up to the list's first item: the stream, the document, the list. */
static recipients_status_t yaml_start(recipients_t *r)
{
    for (;;) {
        yaml_event_t e;
        if (!yaml_event(r, &e))
            return RECIPIENTS_FATAL;
        yaml_event_type_t t = e.type;
        yaml_mark_t at = e.start_mark;
        yaml_event_delete(&e);
        if (t == YAML_STREAM_END_EVENT)
            return RECIPIENTS_END;
        if (t == YAML_SEQUENCE_START_EVENT) {
            r->in_list = true;
            return RECIPIENTS_ROW;
        }
        if (t != YAML_STREAM_START_EVENT && t != YAML_DOCUMENT_START_EVENT) {
            r->fatal = true;
            fail(r, mark_line(&at), mark_col(&at), "a recipients file in YAML is a list of "
                 "maps, one for each recipient (- names: Alex & Sam)");
            return RECIPIENTS_FATAL;
        }
    }
}

static recipients_status_t yaml_next(recipients_t *r, recipients_row_t *row)
{
    clear_row(r);
    if (r->done)
        return RECIPIENTS_END;
    if (!r->in_list) {
        recipients_status_t st = yaml_start(r);
        if (st != RECIPIENTS_ROW) {
            r->done = true;
            return st;
        }
    }
    yaml_event_t e;
    if (!yaml_event(r, &e))
        return RECIPIENTS_FATAL;
    row->line = mark_line(&e.start_mark);
    if (e.type == YAML_SEQUENCE_END_EVENT) {
        yaml_event_delete(&e);
        r->done = true; /* one document: what follows it is not read */
        return RECIPIENTS_END;
    }
    if (e.type != YAML_MAPPING_START_EVENT) {
        fail(r, row->line, mark_col(&e.start_mark), "a recipient is a map of variables "
             "(names: Alex & Sam), not %s", e.type == YAML_SEQUENCE_START_EVENT ? "a list"
                                            : "a single value");
        bool nested = e.type == YAML_SEQUENCE_START_EVENT;
        yaml_event_delete(&e);
        if (nested && !yaml_skip(r))
            return RECIPIENTS_FATAL;
        return RECIPIENTS_BAD;
    }
    yaml_event_delete(&e);
    bool ok = true;
    for (;;) {
        yaml_event_t k, v;
        if (!yaml_event(r, &k))
            return RECIPIENTS_FATAL;
        if (k.type == YAML_MAPPING_END_EVENT) {
            yaml_event_delete(&k);
            break;
        }
        unsigned kl = mark_line(&k.start_mark), kc = mark_col(&k.start_mark);
        char *key = k.type == YAML_SCALAR_EVENT ? g_strdup((char *)k.data.scalar.value) : NULL;
        bool k_nested = k.type == YAML_SEQUENCE_START_EVENT || k.type == YAML_MAPPING_START_EVENT;
        yaml_event_delete(&k);
        if (!key) {
            ok = fail(r, kl, kc, "a variable's name is a single word, such as names");
            if (k_nested && !yaml_skip(r))
                return RECIPIENTS_FATAL;
        }
        if (!yaml_event(r, &v)) {
            g_free(key);
            return RECIPIENTS_FATAL;
        }
        unsigned vl = mark_line(&v.start_mark), vc = mark_col(&v.start_mark);
        bool nested = v.type == YAML_SEQUENCE_START_EVENT || v.type == YAML_MAPPING_START_EVENT;
        char *value = NULL;
        size_t len = 0;
        if (v.type == YAML_SCALAR_EVENT) {
            len = v.data.scalar.length;
            value = g_strndup((char *)v.data.scalar.value, len);
        }
        yaml_event_delete(&v);
        if (nested && !yaml_skip(r)) {
            g_free(key);
            return RECIPIENTS_FATAL;
        }
        if (!key) {
            g_free(value);
            continue;
        }
        if (!value) {
            ok = fail(r, vl, vc, "the value of '%s' is one text, not %s", key,
                      nested ? "a list or a map (write names as \"Alex & Sam\")"
                             : "an alias");
        } else if (strlen(value) != len) {
            ok = fail(r, vl, vc, "the value of '%s' holds a NUL character, which is never text",
                      key);
        } else if (len > RECIPIENTS_MAX_FIELD_BYTES) {
            ok = fail(r, vl, vc, "the value of '%s' is longer than %d bytes "
                      "(RECIPIENTS_MAX_FIELD_BYTES); no variable can hold it", key,
                      RECIPIENTS_MAX_FIELD_BYTES);
        } else if (r->n_fields == RECIPIENTS_MAX_COLUMNS) {
            ok = fail(r, kl, kc, "more than %d variables for one recipient "
                      "(RECIPIENTS_MAX_COLUMNS)", RECIPIENTS_MAX_COLUMNS);
        } else {
            for (size_t i = 0; i < r->n_fields; i++)
                if (!strcmp(r->fields[i].name, key)) {
                    ok = fail(r, kl, kc, "'%s' is given twice for this recipient", key);
                    break;
                }
            r->fields[r->n_fields++] =
                (recipients_field_t){own(r, key), own(r, value), diag_at(r->path, vl, vc)};
            continue;
        }
        g_free(key);
        g_free(value);
    }
    return ok ? RECIPIENTS_ROW : RECIPIENTS_BAD;
}

/* ---- entry points --------------------------------------------------------- */

recipients_t *recipients_open(diag_t *d, const char *path)
{
    bool csv = g_str_has_suffix(path, ".csv") || g_str_has_suffix(path, ".CSV");
    bool yaml = g_str_has_suffix(path, ".yaml") || g_str_has_suffix(path, ".yml");
    if (!csv && !yaml) {
        diag_error(d, diag_at(path, 0, 0), "a recipients file is NAME.csv (a header row, then "
                   "one row for each recipient) or NAME.yaml (a list of maps)");
        return NULL;
    }
    FILE *f = fopen(path, "rb");
    struct stat st;
    if (!f) {
        diag_error(d, diag_at(path, 0, 0), "cannot open the recipients file: %s",
                   g_strerror(errno));
        return NULL;
    }
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        diag_error(d, diag_at(path, 0, 0), "the recipients file is a folder");
        fclose(f);
        return NULL;
    }
    recipients_t *r = g_new0(recipients_t, 1);
    r->d = d;
    r->path = g_strdup(path);
    r->f = f;
    r->yaml = yaml;
    r->line = r->col = 1;
    r->ahead = NONE;
    r->buf = g_string_new(NULL);
    if (S_ISREG(st.st_mode) && st.st_size > RECIPIENTS_MAX_BYTES) {
        r->bytes = (long)st.st_size;
        too_big(r);
        recipients_close(r);
        return NULL;
    }
    if (yaml) {
        yaml_parser_initialize(&r->parser);
        yaml_parser_set_input(&r->parser, yaml_read, r);
        r->parser_ready = true;
    } else if (!csv_header(r)) {
        recipients_close(r);
        return NULL;
    }
    return r;
}

const recipients_field_t *recipients_header(const recipients_t *r, size_t *n)
{
    *n = r->n_head;
    return r->head;
}

size_t recipients_next_index(const recipients_t *r)
{
    return r->rows;
}

void recipients_quiet(recipients_t *r, diag_t *quiet)
{
    r->quiet = quiet;
}

const char *recipients_path(const recipients_t *r)
{
    return r->path;
}

recipients_status_t recipients_next(recipients_t *r, recipients_row_t *row)
{
    *row = (recipients_row_t){0};
    if (r->fatal)
        return RECIPIENTS_FATAL;
    recipients_status_t st = r->yaml ? yaml_next(r, row) : csv_next(r, row);
    if (st == RECIPIENTS_ROW || st == RECIPIENTS_BAD) {
        if (r->rows == RECIPIENTS_MAX_ROWS) {
            r->fatal = true;
            fail(r, row->line, 1, "more than %d recipients, the limit for one batch "
                 "(RECIPIENTS_MAX_ROWS); split the file", RECIPIENTS_MAX_ROWS);
            clear_row(r);
            return RECIPIENTS_FATAL;
        }
        row->index = r->rows++;
        row->fields = r->fields;
        row->n = r->n_fields;
    }
    return st;
}

void recipients_close(recipients_t *r)
{
    if (!r)
        return;
    clear_row(r);
    for (size_t i = 0; i < r->n_head; i++)
        g_free((char *)r->head[i].name);
    g_free(r->head);
    if (r->parser_ready)
        yaml_parser_delete(&r->parser);
    if (r->f)
        fclose(r->f);
    g_string_free(r->buf, TRUE);
    g_free(r->path);
    g_free(r);
}
