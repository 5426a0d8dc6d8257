/* paper: sizes of paper by name or given exactly, for layouts (page.size)
 * and the command line (--sheet).
 *
 * A name is one of the table's (A3, A4, A5, A6, B5, Letter, Half-letter,
 * Tabloid), case-insensitive; an exact size is WxH followed by a unit,
 * mm, cm, in or pt, as in 148x210mm or 5.5x8.5in. Sizes are in points,
 * width first, as named (portrait) or as given. */
#ifndef KEEPSAKE_PAPER_H
#define KEEPSAKE_PAPER_H

#include <stdbool.h>

/* Limits: a business card to a poster. Going past them is an error. */
#define PAPER_MIN_PT 72.0
#define PAPER_MAX_PT 3400.0

typedef enum {
    PAPER_FOR_PAGE,  /* a book's page: the sizes books are made in */
    PAPER_FOR_SHEET, /* a printer's sheet: also A3 and Tabloid */
} paper_use_t;

/* Parse `s` into `*w` x `*h` points. False, with `*why` (static text,
 * may be NULL) saying what is wrong, if `s` is neither a name for `use`
 * nor an exact size within PAPER_MIN_PT .. PAPER_MAX_PT. */
bool paper_parse(const char *s, paper_use_t use, double *w, double *h, const char **why);

/* The names of pages (PAPER_FOR_PAGE), NULL-terminated, and a JSON
 * Schema pattern (ECMA regex, escaped for a C string) of what else a
 * page size may be: a name in any case, or an exact size. */
extern const char *const PAPER_PAGE_NAMES[];
extern const char *const PAPER_SHEET_NAMES[]; /* for PAPER_FOR_SHEET */
#define PAPER_JSON_PATTERN                                                                 \
    "^([0-9]+(\\\\.[0-9]+)?x[0-9]+(\\\\.[0-9]+)?(mm|cm|in|pt)|[Aa][456]|[Bb]5|"            \
    "[Ll][Ee][Tt][Tt][Ee][Rr]|[Hh][Aa][Ll][Ff]-[Ll][Ee][Tt][Tt][Ee][Rr])$"

/* The names for `use`, lower case, NULL-terminated (for suggestions,
 * completion and documentation). */
const char *const *paper_names(paper_use_t use);

/* A length with its unit, mm, cm, in or pt ("3mm"), in points; false if
 * `s` is not one. */
bool paper_parse_length(const char *s, double *pt);

/* The name of the paper `w` x `h` points, either way round, lower case,
 * or NULL. Within half a point: [148mm, 210mm] is A5 too. */
const char *paper_name(double w, double h);

#endif
