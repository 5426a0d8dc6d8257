/* text: placeholders, markup escaping, number parsing, suggestions.
 *
 * Small string tools shared by the model (which checks templates) and the
 * planner and layout (which expand them). Nothing here depends on the
 * process locale: numbers are read base 10 by hand, and UTF-8 is walked
 * with GLib's helpers.
 *
 * Placeholder syntax: `{name}` where name is [a-z0-9-]+; `{{` and `}}` stand
 * for literal braces. Any other `{` is an error. */
#ifndef KEEPSAKE_TEXT_H
#define KEEPSAKE_TEXT_H

#include "arena.h"

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

/* Looks up a placeholder's value: the raw, unescaped text, or NULL if the
 * name is unknown. */
typedef const char *(*text_lookup_fn)(const void *ctx, const char *name);

/* A lookup that knows every name (its value is "x"): for checking a
 * template's syntax before the values are known. */
const char *text_any_name(const void *ctx, const char *name);

typedef struct {
    size_t offset;    /* byte offset of the problem in the template */
    const char *name; /* unknown placeholder's name (arena), or NULL */
    const char *message;
} text_problem_t;

/* Expand `tmpl`, inserting values from `lookup`. With `markup`, values are
 * escaped for Pango markup (the template itself is markup and is kept as
 * is). Returns the result in `a`, or NULL with `*problem` filled in for an
 * unknown placeholder or a stray brace. */
char *text_expand(arena_t *a, const char *tmpl, text_lookup_fn lookup,
                  const void *ctx, bool markup, text_problem_t *problem);

/* Check the structure of Pango markup: known tags, each closed in order,
 * entities written right. Returns NULL when it is sound, else a message (in
 * `a`) with `*offset` at the problem. Attributes are left to Pango. */
const char *text_markup_problem(arena_t *a, const char *s, size_t *offset);

/* True if `s` is valid UTF-8 without control characters (C0 but tab, DEL,
 * C1): what a personal variable may hold, and what escapes to markup that
 * always parses. */
bool text_is_printable(const char *s);

/* The explicit bidi controls with a scope: the embeddings U+202A and
 * U+202B, U+202C POP DIRECTIONAL FORMATTING, the overrides U+202D and
 * U+202E, and the isolates U+2066 to U+2069. An override shows text in an
 * order other than the one it was typed in. */
bool text_is_bidi_control(gunichar u);

/* The bidi marks U+200E, U+200F and U+061C: invisible, with no scope. */
bool text_is_bidi_mark(gunichar u);

/* The noncharacters U+FDD0 to U+FDEF and U+nFFFE, U+nFFFF of each plane:
 * Unicode keeps them for a program's own use, so they are never text
 * (Cairo 1.16 refuses them in a PDF's strings and text). */
bool text_is_noncharacter(gunichar u);

/* The first character of `s` (valid UTF-8) that `is` holds for, or 0. */
gunichar text_find(const char *s, bool (*is)(gunichar u));

/* True if `s` (valid UTF-8) shows nothing: it is empty or holds only white
 * space and invisible characters (Unicode's White_Space and
 * Default_Ignorable_Code_Point, such as U+200B ZERO WIDTH SPACE, U+2060
 * WORD JOINER and U+FEFF, and U+2800 BRAILLE PATTERN BLANK). */
bool text_is_blank(const char *s);

/* Escape for Pango markup; result in `a`. */
char *text_escape(arena_t *a, const char *s);

/* Parse a decimal number as written: optional '-', digits, optional '.' and
 * digits. No exponents, hex, NaN or Inf, and no locale. Returns false for
 * anything else or a magnitude past 1e12. */
bool text_parse_number(const char *s, double *out);

/* Parse a base-10 integer within [min, max]; no sign unless min < 0, no
 * leading '+', no spaces. */
bool text_parse_int(const char *s, long long min, long long max, long long *out);

/* The candidate closest to `word` by edit distance, if close enough to be a
 * likely misspelling; else NULL. `candidates` ends with NULL. */
const char *text_suggest(const char *word, const char *const *candidates);

/* Format a double with fixed precision and '.' as separator, into `buf`. */
const char *text_fmt(char *buf, size_t size, double v, int precision);

#endif
