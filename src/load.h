/* load: YAML files -> a generic tree that remembers where every value was.
 *
 * The loader drives libyaml's event API (never yaml_parser_load(), which has
 * no depth limit) and builds load_node_t trees in the run's arena. Scalars are
 * kept exactly as written: no YAML 1.1 type resolution happens here, so `NO`,
 * `012` and `3.10` stay text until the model decides what a key needs.
 *
 * Refused with a located error: invalid UTF-8, UTF-16/32, NUL and control
 * characters, tags, merge keys (`<<`), non-scalar keys, duplicate keys, more
 * than one document, undefined or recursive aliases, and anything past the
 * limits below. Aliases are shared, not copied, but count at their expanded
 * size against LOAD_MAX_NODES and LOAD_MAX_TEXT_BYTES, so an alias bomb
 * stops early. */
#ifndef KEEPSAKE_LOAD_H
#define KEEPSAKE_LOAD_H

#include "arena.h"
#include "diag.h"

#include <stdbool.h>
#include <stddef.h>

/* Limits, each with the reason for its size. */
enum {
    /* The largest content file we ship is a few KiB; 4 MiB leaves room for a
     * whole library in one file while keeping a stray binary out. */
    LOAD_MAX_FILE_BYTES = 4 * 1024 * 1024,
    /* One paragraph or prompt; a scalar past 64 KiB is not prose. */
    LOAD_MAX_SCALAR_BYTES = 64 * 1024,
    /* Our schemas nest 5 deep; 64 is generous and keeps recursion shallow. */
    LOAD_MAX_DEPTH = 64,
    /* Nodes in one file with aliases expanded: stops alias bombs and runaway
     * files long before memory or time become a problem. */
    LOAD_MAX_NODES = 100000,
    /* Bytes of text in one file with aliases expanded: what the checks
     * after loading read. Twice the largest file, so only aliases reach it. */
    LOAD_MAX_TEXT_BYTES = 2 * LOAD_MAX_FILE_BYTES,
};

typedef enum { LOAD_SCALAR, LOAD_SEQ, LOAD_MAP } load_kind_t;

typedef enum {
    LOAD_STYLE_PLAIN,
    LOAD_STYLE_SINGLE,
    LOAD_STYLE_DOUBLE,
    LOAD_STYLE_BLOCK, /* literal | or folded > */
} load_style_t;

typedef struct load_node load_node_t;

typedef struct {
    load_node_t *key; /* always a scalar */
    load_node_t *value;
} load_pair_t;

struct load_node {
    load_kind_t kind;
    src_pos_t pos;
    /* LOAD_SCALAR: NUL-terminated text (NUL bytes are refused) */
    const char *text;
    size_t len;
    load_style_t style;
    bool multiline; /* the scalar spans more than one source line */
    const char *src; /* one-line scalars: the source between the quotes, so
                        columns inside the text can be found; else NULL */
    /* LOAD_SEQ: items; LOAD_MAP: pairs, in file order */
    size_t count;
    load_node_t **items;
    load_pair_t *pairs;
    size_t weight; /* nodes in this subtree, aliases expanded */
    size_t bytes;  /* bytes of text in this subtree, aliases expanded */
};

/* Read and parse `path`. Returns the document's root node, owned by `a`, or
 * NULL after reporting every problem found to `d`. An empty document
 * (no content at all) is an error. `path` is copied into the arena. */
load_node_t *load_file(arena_t *a, diag_t *d, const char *path);

/* The same for text already in memory; `name` is used in positions and
 * must outlive the arena's use (it is not copied). */
load_node_t *load_buffer(arena_t *a, diag_t *d, const char *name,
                         const char *data, size_t len);

/* Line and column (1-based, columns in characters) of byte `offset` in
 * `data`, counting LF, CRLF and lone CR as line breaks. */
void load_offset_position(const char *data, size_t len, size_t offset,
                          unsigned *line, unsigned *col);

/* The column (in characters, 0-based, from the scalar's first character
 * after any quote) of byte `offset` of `text`, a one-line scalar whose
 * source is `src`: escapes in double quotes and '' in single quotes make the
 * two differ. */
unsigned load_column_of(const char *src, load_style_t style, const char *text,
                        size_t offset);

/* The value stored under `key` in a map node, or NULL. */
load_node_t *load_map_get(const load_node_t *map, const char *key);

/* A short name for the node's kind, for messages: "text", "list", "map". */
const char *load_kind_name(load_kind_t k);

#endif
