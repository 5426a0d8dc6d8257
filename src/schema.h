/* schema: the keys of every file type, declared once as tables, and the one
 * checker that walks them.
 *
 * A table row says everything about a key: its name, its type, its range or
 * allowed values, its default (written as YAML, read by the same code as the
 * files), whether it is required, a one-line description, and where the
 * value is stored (an offset into the struct being filled). The checker
 * reports unknown keys with a "did you mean", missing required keys, wrong
 * types and values out of range, all with their positions, and fills in the
 * defaults of keys left out. The same tables print the schema reference
 * (docs/schema.md, `keepsake schema --format markdown`) and a JSON Schema
 * for editors (`keepsake schema`).
 *
 * Reading never stops at the first problem: every problem of a file is
 * reported, and the diag's error count is the one failure channel. */
#ifndef KEEPSAKE_SCHEMA_H
#define KEEPSAKE_SCHEMA_H

#include "arena.h"
#include "diag.h"
#include "load.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef enum {
    SCHEMA_TYPE_MARKUP,   /* model_text_t: placeholders and Pango markup */
    SCHEMA_TYPE_TEMPLATE, /* model_text_t: placeholders, no markup */
    SCHEMA_TYPE_PLAIN,    /* const char *: text as written */
    SCHEMA_TYPE_ID,       /* const char *: a-z, 0-9, '-' and '_' */
    SCHEMA_TYPE_UINT,     /* unsigned, within [min, max] */
    SCHEMA_TYPE_BOOL,     /* bool: true or false */
    SCHEMA_TYPE_ENUM,     /* int: the index of the value in `values` */
    SCHEMA_TYPE_LENGTH,   /* double: a number and a unit, in points, [min, max] */
    SCHEMA_TYPE_COLOUR,   /* model_colour_t: #rgb or #rrggbb */
    SCHEMA_TYPE_REF,      /* model_ref_t: an exercise id, of kind values[0] */
    SCHEMA_TYPE_MARKUPS,  /* model_text_t * and a size_t count at `count_at`:
                             a list of [min, max] markup texts */
    SCHEMA_TYPE_NAMES,    /* const char *[max]: a list of exactly max texts */
    SCHEMA_TYPE_MAP,      /* a nested table `sub`, stored inside at `at` */
    SCHEMA_TYPE_MAPS,     /* a list of [min, max] maps of table `sub`: a
                             pointer at `at` to sub->size-byte items, and a
                             size_t count at `count_at` */
    SCHEMA_TYPE_CUSTOM,   /* read by `read`; `type_doc` describes it */
} schema_type_t;

typedef struct schema_ctx schema_ctx_t;
typedef struct schema_table schema_table_t;

typedef struct schema_key schema_key_t;

/* A custom reader of row `k`: store what `n` says at `dst` (the row's
 * place); false after reporting. */
typedef bool (*schema_read_fn)(schema_ctx_t *c, const schema_key_t *k, const load_node_t *n,
                               const char *what, void *dst);

struct schema_key {
    const char *name;
    schema_type_t type;
    bool required;
    double min, max;            /* UINT, LENGTH (points), MARKUPS/MAPS (items) */
    const char *const *values;  /* ENUM: the values; REF: {kind, NULL};
                                   CUSTOM: what the reader needs (placeholders,
                                   paper names...) */
    const char *def;            /* the default, as YAML; NULL: none */
    size_t at;                  /* offset of the value in the struct */
    size_t count_at;            /* MARKUPS, MAPS: offset of the count */
    const schema_table_t *sub;  /* MAP, MAPS */
    schema_read_fn read;        /* CUSTOM */
    const char *type_doc;       /* CUSTOM: what it takes, for the reference */
    const char *json;           /* CUSTOM: its JSON Schema, as the members of
                                   an object (see schema_json) */
    const char *what;           /* how messages name it; NULL: 'name' */
    const char *doc;            /* one line for the reference */
};

/* Checks that need more than one key, run after the keys are read (even
 * when some failed: a check must cope with zeroed values), and where the
 * map's own position is to be kept. */
typedef void (*schema_check_fn)(schema_ctx_t *c, const load_node_t *map, void *dst);

struct schema_table {
    const char *name;  /* "a layout", "'margins'": how messages name the map */
    const char *doc;   /* a paragraph for the reference */
    size_t size;       /* MAPS items: bytes of one item */
    const schema_key_t *keys;
    size_t n_keys;
    schema_check_fn check; /* or NULL */
};

#define SCHEMA_TABLE(NAME, DOC, TYPE, KEYS, CHECK) \
    {NAME, DOC, sizeof(TYPE), KEYS, sizeof(KEYS) / sizeof(KEYS[0]), CHECK}

/* Where read values go and problems are told: the run's arena and diag.
 * REF values are only read here; the model resolves them. */
struct schema_ctx {
    arena_t *a;
    diag_t *d;
    const char *map; /* how messages name the map being read */
    void *user; /* the model's context, for custom readers and checks */
};

/* Read `map` against `tables[i]` into `dst[i]` (one map whose keys come
 * from several tables, such as an exercise's common keys and its kind's).
 * `what` names the map in messages. Unknown keys, missing required ones,
 * types and ranges are reported; left-out keys get their defaults. Returns
 * false if anything was reported. */
bool schema_read(schema_ctx_t *c, const load_node_t *map, const char *what,
                 const schema_table_t *const *tables, void *const *dst, size_t n);

/* Read one value of row `k` from node `n` into `dst + k->at`. */
bool schema_read_value(schema_ctx_t *c, const schema_key_t *k, const load_node_t *n,
                       void *dst);

/* The row named `name` in `t`, or NULL. */
const schema_key_t *schema_find(const schema_table_t *t, const char *name);

/* `n` is of kind `want`, else an error naming `what`. */
bool schema_want(schema_ctx_t *c, const load_node_t *n, load_kind_t want, const char *what);

/* Report `s` not being one of `values`, with a suggestion. Returns false. */
bool schema_bad_value(schema_ctx_t *c, const load_node_t *n, const char *what,
                      const char *const *values);

/* True if `s` is a valid id: 1 to 64 of a-z, 0-9, '-' and '_'. */
bool schema_valid_id(const char *s);

/* "a, b, c" (in the arena). */
char *schema_join(arena_t *a, const char *const *list);

/* Print the reference of `t` (and its nested tables) as Markdown: a
 * heading of `level` (1-6) naming it and its doc, unless `heading` is false
 * (the caller wrote its own), a table of its keys, then its nested tables
 * one level down. */
void schema_markdown(FILE *out, const schema_table_t *t, int level, bool heading);

/* ---- the JSON Schema -------------------------------------------------------
 * What a file may be is a choice on the value of one key: `type:` picks a
 * book, an exercise, a layout or a language, and an exercise's `kind:` adds
 * its kind's keys. An option's table gives the row named after its choice's
 * key the option's value as a constant, and the row named after its own
 * choice's key the list of that choice's values. */
typedef struct schema_choice schema_choice_t;

typedef struct {
    const char *value;             /* the key's value: "book", "notes" */
    const char *doc;               /* NULL: the table's */
    const schema_table_t *table;   /* its keys; NULL: none beyond its parent's */
    const schema_choice_t *choice; /* a further choice among its keys, or NULL */
    /* A key that makes a file a change to another (a layout's `extends:`):
     * with it, the file's maps merge onto the other's, so no key is
     * required. NULL: none. */
    const char *merges_with;
} schema_option_t;

struct schema_choice {
    const char *key; /* "type", "kind" */
    const schema_option_t *options;
    size_t n;
};

/* A list of names a CUSTOM row's `json` may refer to, as
 * "$ref": "#/$defs/NAME" (the kinds of book page, which only the registry
 * knows). */
typedef struct {
    const char *name;
    const char *doc;
    const char *const *values; /* NULL-terminated */
} schema_names_t;

/* Print one JSON Schema (draft 2020-12) for the files of `top`, titled
 * `title` and described by `doc`: every table reachable from it is one of
 * its $defs, keys that are not in a file's tables are refused, and so are
 * values of the wrong type, out of range or not among a row's values where
 * a JSON Schema can tell. Beside the tables' own, $defs holds `text` (any
 * scalar: keepsake reads them all as text), `id`, `length` and `colour`,
 * for CUSTOM rows' `json` to refer to; a `json` may accept more than its
 * reader does, never less. The output depends only on the tables. A CUSTOM
 * row without `json` is a bug in the tables: it aborts. */
void schema_json(FILE *out, const char *title, const char *doc, const schema_choice_t *top,
                 const schema_names_t *names, size_t n_names);

#endif
