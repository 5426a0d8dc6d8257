/* recipients: a batch's recipients file -> one row of variables at a time.
 *
 * Two forms, told apart by the file's name:
 *  - NAME.csv: RFC 4180 CSV with a header row naming the variables. Fields
 *    may be quoted ("..."), with "" for a quote and commas and line breaks
 *    inside; lines end in LF or CRLF; a UTF-8 byte order mark is skipped.
 *    Every row has as many fields as the header; blank lines are skipped.
 *  - NAME.yaml or NAME.yml: a YAML list of maps, each key a variable and
 *    each value one text (start: 2027-01-04 reads as the text 2027-01-04).
 *
 * The file is streamed: only the current row is held. Every field keeps
 * its line and column (1-based, in characters), so a bad value is reported
 * as people.csv:27:3. Field values are handed on as they are: the model
 * checks them exactly as it checks --set (model_vary). What this reader
 * refuses itself is what would not be a field at all: broken quoting, NUL
 * bytes, fields past RECIPIENTS_MAX_FIELD_BYTES (skipped, never held),
 * rows of the wrong width, nested YAML; and files past the limits below. */
#ifndef KEEPSAKE_RECIPIENTS_H
#define KEEPSAKE_RECIPIENTS_H

#include "model.h"
#include "run.h"

#include <stdbool.h>
#include <stddef.h>

enum {
    /* A field longer than any value could be (MODEL_MAX_VALUE_BYTES) is
     * still read whole up to here, so the model says how long it is; past
     * it, the reader refuses it without holding it. */
    RECIPIENTS_MAX_FIELD_BYTES = 64 * 1024,
    RECIPIENTS_MAX_COLUMNS = 64,      /* far more variables than any book has */
    RECIPIENTS_MAX_ROWS = 100000,     /* recipients of one batch: the parent
                                       * keeps each one's name and variables;
                                       * split larger runs into files or shards */
};
/* Bytes of one recipients file (it is read to the end before any work). */
#define RECIPIENTS_MAX_BYTES (64L * 1024 * 1024)

typedef struct recipients recipients_t;

/* One field: its variable's name, its text and where it starts. */
typedef struct {
    const char *name;
    const char *value;
    src_pos_t pos;
} recipients_field_t;

typedef enum {
    RECIPIENTS_ROW,   /* a row: its fields are in the row */
    RECIPIENTS_BAD,   /* a row with problems, reported; skip it */
    RECIPIENTS_END,   /* no more rows */
    RECIPIENTS_FATAL, /* the file cannot be read further (reported) */
} recipients_status_t;

typedef struct {
    const recipients_field_t *fields; /* owned by the reader until the next call */
    size_t n;
    unsigned line;   /* where the row starts */
    size_t index;    /* 0-based among the file's rows, bad ones counted */
} recipients_row_t;

/* Open `path` (.csv, .yaml or .yml) and, for CSV, read its header. NULL
 * after reporting. Messages go to `d`. */
recipients_t *recipients_open(diag_t *d, const char *path);

/* The CSV header's names and positions (n = 0 for YAML, whose keys come
 * with each row). Owned by the reader. */
const recipients_field_t *recipients_header(const recipients_t *r, size_t *n);

/* The next row. */
recipients_status_t recipients_next(recipients_t *r, recipients_row_t *row);

/* The index the next row will have (0-based). */
size_t recipients_next_index(const recipients_t *r);

/* While `quiet` (not NULL), problems of single rows are reported to it
 * instead (batch: another shard's row); those that stop the reading are
 * always reported to the reader's own. */
void recipients_quiet(recipients_t *r, diag_t *quiet);

/* The file name as positions carry it (lives until recipients_close). */
const char *recipients_path(const recipients_t *r);

void recipients_close(recipients_t *r);

#endif
