/* load: libyaml events -> load_node_t tree with positions.
 *
 * Before libyaml sees a byte, check_encoding() walks the buffer once: libyaml
 * reports bad UTF-8 and control characters only as a byte offset, accepts
 * UTF-16, and counts NEL, LS and PS as line breaks where editors do not, so
 * we refuse those ourselves and report line and column. Then
 * parse_node() reads one node per call, recursing into collections up to
 * LOAD_MAX_DEPTH. Anchored nodes are kept in a hash table by name; an alias
 * returns the same node (the tree is read-only once built), and its weight is
 * charged again, which is what bounds alias bombs. An anchor becomes visible
 * only once its node is complete, so a node cannot contain an alias to itself.
 */
#include "load.h"

#include "text.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

typedef struct {
    arena_t *arena;
    diag_t *diag;
    const char *name;
    const char *data;
    size_t len;
    yaml_parser_t parser;
    yaml_event_t event;
    bool have_event;
    GHashTable *anchors; /* char* (g_strdup) -> load_node_t* */
    GArray *lines;       /* size_t: byte offset where each line starts */
    size_t nodes;        /* running total, aliases expanded */
    size_t bytes;        /* of text, the same way */
    bool failed;
} loader_t;

const char *load_kind_name(load_kind_t k)
{
    switch (k) {
    case LOAD_SCALAR: return "text";
    case LOAD_SEQ: return "list";
    case LOAD_MAP: return "map";
    }
    return "?";
}

void load_offset_position(const char *data, size_t len, size_t offset,
                          unsigned *line, unsigned *col)
{
    unsigned l = 1, c = 1;
    if (offset > len)
        offset = len;
    for (size_t i = 0; i < offset; i++) {
        unsigned char ch = (unsigned char)data[i];
        if (ch == '\n') {
            l++, c = 1;
        } else if (ch == '\r') {
            if (i + 1 < len && data[i + 1] == '\n')
                continue; /* CRLF counts once, at the LF */
            l++, c = 1;
        } else if ((ch & 0xC0) != 0x80) {
            c++; /* count characters, not continuation bytes */
        }
    }
    *line = l;
    *col = c;
}

static src_pos_t offset_pos(loader_t *L, size_t offset)
{
    unsigned line, col;
    load_offset_position(L->data, L->len, offset, &line, &col);
    return diag_at(L->name, line, col);
}

/* The byte offset of a libyaml mark. Its `index` counts characters, not
 * bytes, so go from the start of its line, `column` characters in. */
static size_t mark_byte(loader_t *L, yaml_mark_t m)
{
    if (m.line >= L->lines->len)
        return L->len;
    size_t at = g_array_index(L->lines, size_t, m.line);
    for (size_t k = 0; k < m.column && at < L->len; k++)
        at = (size_t)(g_utf8_next_char(L->data + at) - L->data);
    return at < L->len ? at : L->len;
}

static src_pos_t mark_pos(loader_t *L, yaml_mark_t m)
{
    /* libyaml marks are 0-based, columns in characters: the one place we add 1 */
    return diag_at(L->name, (unsigned)m.line + 1, (unsigned)m.column + 1);
}

/* Allowed: tab, LF, CR, printable ASCII, and any valid UTF-8 sequence of a
 * character YAML calls printable (no C0/C1 controls, no DEL, no surrogates)
 * that is not a noncharacter (U+FDD0 to U+FDEF, U+xxFFFE and U+xxFFFF). */
static bool check_encoding(loader_t *L)
{
    const unsigned char *p = (const unsigned char *)L->data;
    size_t n = L->len;

    if (n >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF)))
        return diag_error(L->diag, diag_at(L->name, 1, 1),
                          "file is UTF-16 or UTF-32; keepsake reads UTF-8 only");
    if (n >= 4 && ((p[0] == 0 && p[1] == 0 && p[2] == 0xFE && p[3] == 0xFF)))
        return diag_error(L->diag, diag_at(L->name, 1, 1),
                          "file is UTF-32; keepsake reads UTF-8 only");

    size_t zero = 0;
    g_array_append_val(L->lines, zero);
    for (size_t i = 0; i < n;) {
        unsigned char c = p[i];
        if (c == '\n' || (c == '\r' && (i + 1 >= n || p[i + 1] != '\n'))) {
            size_t next = i + 1;
            g_array_append_val(L->lines, next);
        }
        if (c < 0x80) {
            if (c == 0)
                return diag_error(L->diag, offset_pos(L, i),
                                  "NUL byte in file (is this a binary file?)");
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F)
                return diag_error(L->diag, offset_pos(L, i),
                                  "control character U+%04X is not allowed", c);
            i++;
            continue;
        }
        size_t span = n - i < 4 ? n - i : 4;
        gunichar u = g_utf8_get_char_validated((const gchar *)p + i, (gssize)span);
        if (u == (gunichar)-1 || u == (gunichar)-2)
            return diag_error(L->diag, offset_pos(L, i),
                              "invalid UTF-8 byte 0x%02X", c);
        /* NEL, LS and PS are line breaks to libyaml but not to editors:
         * refusing them keeps every line:column we print true. */
        if (u == 0x85 || u == 0x2028 || u == 0x2029)
            return diag_error(L->diag, offset_pos(L, i),
                              "line separator U+%04X is not allowed; use an "
                              "ordinary line break",
                              (unsigned)u);
        if (u >= 0x80 && u <= 0x9F)
            return diag_error(L->diag, offset_pos(L, i),
                              "control character U+%04X is not allowed", (unsigned)u);
        /* Cairo cannot write them into a PDF: refused here, where they are,
         * not as an output failure after everything was accepted. */
        if (text_is_noncharacter(u))
            return diag_error(L->diag, offset_pos(L, i),
                              "U+%04X is a noncharacter, which is never text", (unsigned)u);
        i += (size_t)g_unichar_to_utf8(u, NULL);
    }
    return true;
}

static bool next_event(loader_t *L)
{
    if (L->have_event) {
        yaml_event_delete(&L->event);
        L->have_event = false;
    }
    if (!yaml_parser_parse(&L->parser, &L->event)) {
        yaml_parser_t *P = &L->parser;
        src_pos_t at = P->error == YAML_READER_ERROR
                           ? offset_pos(L, P->problem_offset)
                           : mark_pos(L, P->problem_mark);
        const char *problem = P->problem ? P->problem : "malformed YAML";
        const char *context = P->context ? P->context : "";
        size_t off = mark_byte(L, P->problem_mark);
        /* libyaml's words describe its parser; say what to change instead,
         * for the mistakes people make most. */
        if (P->error != YAML_READER_ERROR && off < L->len && L->data[off] == '\t')
            diag_error(L->diag, at,
                       "tab character where YAML needs spaces (indent with spaces)");
        else if (strstr(context, "quoted scalar") && strstr(problem, "end of stream"))
            diag_error(L->diag, mark_pos(L, P->context_mark),
                       "the quoted text starting here has no closing %s",
                       L->data[mark_byte(L, P->context_mark)] == '\'' ? "\"'\"" : "'\"'");
        else if (!strcmp(problem, "did not find expected key") &&
                 strstr(context, "block mapping"))
            diag_error(L->diag, at,
                       "bad indentation: this line lines up with no key above it; "
                       "indent it like the keys it belongs with");
        else if (!strcmp(problem, "mapping values are not allowed in this context"))
            diag_error(L->diag, at,
                       "': ' is not allowed in unquoted text; put the whole text in quotes");
        else if (!strcmp(problem, "found character that cannot start any token"))
            diag_error(L->diag, at,
                       "this character cannot start unquoted text; put the text in quotes");
        else if (P->context)
            diag_error(L->diag, at, "%s (%s at line %u)", problem, P->context,
                       (unsigned)P->context_mark.line + 1);
        else
            diag_error(L->diag, at, "%s", problem);
        L->failed = true;
        return false;
    }
    L->have_event = true;
    return true;
}

/* Charge `weight` nodes and `bytes` of text to the file: a node read once
 * and an alias to a subtree alike, so what later stages walk is bounded. */
static bool charge(loader_t *L, size_t weight, size_t bytes, src_pos_t at)
{
    if (weight > LOAD_MAX_NODES - L->nodes) {
        L->failed = true;
        return diag_error(L->diag, at,
                          "too many values: more than %d in one file "
                          "(an alias counts at its full size)",
                          LOAD_MAX_NODES);
    }
    if (bytes > LOAD_MAX_TEXT_BYTES - L->bytes) {
        L->failed = true;
        return diag_error(L->diag, at,
                          "too much text: more than %d MiB in one file "
                          "(an alias counts at its full size; LOAD_MAX_TEXT_BYTES)",
                          LOAD_MAX_TEXT_BYTES >> 20);
    }
    L->nodes += weight;
    L->bytes += bytes;
    return true;
}

static bool refuse_tag(loader_t *L, const yaml_char_t *tag, yaml_mark_t m)
{
    if (!tag)
        return true;
    /* Quote the tag as written (libyaml hands over its resolved form). */
    size_t start = mark_byte(L, m), end;
    if (start < L->len && L->data[start] == '&') { /* an anchor comes first */
        while (start < L->len && !g_ascii_isspace(L->data[start]))
            start++;
        while (start < L->len && L->data[start] == ' ')
            start++;
    }
    for (end = start; end < L->len && end - start < 80 && !g_ascii_isspace(L->data[end]) &&
                      !strchr(",[]{}", L->data[end]);
         end++)
        ;
    L->failed = true;
    if (end > start && L->data[start] == '!')
        return diag_error(L->diag, mark_pos(L, m), "tags such as '%.*s' are not supported",
                          (int)(end - start), L->data + start);
    return diag_error(L->diag, mark_pos(L, m), "tags such as '%s' are not supported",
                      (const char *)tag);
}

static load_node_t *parse_node(loader_t *L, unsigned depth);

static void remember_anchor(loader_t *L, const yaml_char_t *anchor, load_node_t *n)
{
    if (anchor)
        g_hash_table_insert(L->anchors, g_strdup((const char *)anchor), n);
}

static load_node_t *parse_scalar(loader_t *L)
{
    yaml_event_t *e = &L->event;
    src_pos_t at = mark_pos(L, e->start_mark);
    if (!refuse_tag(L, e->data.scalar.tag, e->start_mark))
        return NULL;
    if (e->data.scalar.length > LOAD_MAX_SCALAR_BYTES) {
        L->failed = true;
        diag_error(L->diag, at, "text is %zu bytes long; the limit is %d",
                   (size_t)e->data.scalar.length, LOAD_MAX_SCALAR_BYTES);
        return NULL;
    }
    if (!charge(L, 1, e->data.scalar.length, at))
        return NULL;
    if (memchr(e->data.scalar.value, '\0', e->data.scalar.length)) {
        L->failed = true;
        diag_error(L->diag, at, "NUL character in text");
        return NULL;
    }
    load_node_t *n = arena_alloc(L->arena, sizeof *n);
    n->kind = LOAD_SCALAR;
    n->pos = at;
    n->len = e->data.scalar.length;
    n->text = arena_strndup(L->arena, (const char *)e->data.scalar.value, n->len);
    switch (e->data.scalar.style) {
    case YAML_SINGLE_QUOTED_SCALAR_STYLE: n->style = LOAD_STYLE_SINGLE; break;
    case YAML_DOUBLE_QUOTED_SCALAR_STYLE: n->style = LOAD_STYLE_DOUBLE; break;
    case YAML_LITERAL_SCALAR_STYLE:
    case YAML_FOLDED_SCALAR_STYLE: n->style = LOAD_STYLE_BLOCK; break;
    default: n->style = LOAD_STYLE_PLAIN; break;
    }
    n->multiline = e->end_mark.line != e->start_mark.line;
    if (!n->multiline && n->style != LOAD_STYLE_BLOCK) {
        size_t q = n->style == LOAD_STYLE_PLAIN ? 0 : 1;
        size_t from = mark_byte(L, e->start_mark) + q, to = mark_byte(L, e->end_mark) - q;
        if (from <= to && to <= L->len)
            n->src = arena_strndup(L->arena, L->data + from, to - from);
    }
    n->weight = 1;
    n->bytes = n->len;
    remember_anchor(L, e->data.scalar.anchor, n);
    return n;
}

/* The node a sequence or a mapping starts, its tag refused and its weight
 * charged; `*anchor` is a copy of its anchor (the event is reused). NULL
 * after reporting. */
static load_node_t *open_collection(loader_t *L, load_kind_t kind, const yaml_char_t *tag,
                                    const yaml_char_t *anchor_name, char **anchor)
{
    yaml_event_t *e = &L->event;
    load_node_t *n = arena_alloc(L->arena, sizeof *n);
    n->kind = kind;
    n->pos = mark_pos(L, e->start_mark);
    n->weight = 1;
    *anchor = NULL;
    if (!refuse_tag(L, tag, e->start_mark) || !charge(L, 1, 0, n->pos))
        return NULL;
    *anchor = anchor_name ? g_strdup((const char *)anchor_name) : NULL;
    return n;
}

static load_node_t *parse_seq(loader_t *L, unsigned depth)
{
    yaml_event_t *e = &L->event;
    char *anchor;
    load_node_t *n = open_collection(L, LOAD_SEQ, e->data.sequence_start.tag,
                                     e->data.sequence_start.anchor, &anchor);
    if (!n)
        return NULL;
    GPtrArray *items = g_ptr_array_new();
    load_node_t *result = NULL;
    for (;;) {
        if (!next_event(L))
            goto out;
        if (L->event.type == YAML_SEQUENCE_END_EVENT)
            break;
        load_node_t *item = parse_node(L, depth + 1);
        if (!item)
            goto out;
        n->weight += item->weight;
        n->bytes += item->bytes;
        g_ptr_array_add(items, item);
    }
    n->count = items->len;
    n->items = arena_alloc(L->arena, sizeof(load_node_t *) * (n->count ? n->count : 1));
    if (n->count)
        memcpy(n->items, items->pdata, sizeof(load_node_t *) * n->count);
    remember_anchor(L, (const yaml_char_t *)anchor, n);
    result = n;
out:
    g_free(anchor);
    g_ptr_array_free(items, TRUE);
    return result;
}

static load_node_t *parse_map(loader_t *L, unsigned depth)
{
    yaml_event_t *e = &L->event;
    char *anchor;
    load_node_t *n = open_collection(L, LOAD_MAP, e->data.mapping_start.tag,
                                     e->data.mapping_start.anchor, &anchor);
    if (!n)
        return NULL;
    GArray *pairs = g_array_new(FALSE, FALSE, sizeof(load_pair_t));
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    load_node_t *result = NULL;
    for (;;) {
        if (!next_event(L))
            goto out;
        if (L->event.type == YAML_MAPPING_END_EVENT)
            break;
        bool plain_key = L->event.type == YAML_SCALAR_EVENT &&
                         L->event.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
        load_pair_t pair;
        if (!(pair.key = parse_node(L, depth + 1)))
            goto out;
        if (pair.key->kind != LOAD_SCALAR) {
            L->failed = true;
            diag_error(L->diag, pair.key->pos,
                       "a key must be plain text, not a %s",
                       load_kind_name(pair.key->kind));
            goto out;
        }
        if (plain_key && strcmp(pair.key->text, "<<") == 0) {
            L->failed = true;
            diag_error(L->diag, pair.key->pos, "merge keys (<<) are not supported");
            goto out;
        }
        load_pair_t *first = g_hash_table_lookup(seen, pair.key->text);
        if (first) {
            L->failed = true;
            diag_error(L->diag, pair.key->pos, "duplicate key '%s'", pair.key->text);
            diag_note(L->diag, first->key->pos, "'%s' was first set here",
                      first->key->text);
            goto out;
        }
        if (!next_event(L))
            goto out;
        if (!(pair.value = parse_node(L, depth + 1)))
            goto out;
        n->weight += pair.key->weight + pair.value->weight;
        n->bytes += pair.key->bytes + pair.value->bytes;
        g_array_append_val(pairs, pair);
        /* Index into the arena copy made below would dangle on growth, so
         * keep a stable copy of the pair for the duplicate check. */
        load_pair_t *kept = arena_alloc(L->arena, sizeof *kept);
        *kept = pair;
        g_hash_table_insert(seen, (gpointer)pair.key->text, kept);
    }
    n->count = pairs->len;
    n->pairs = arena_alloc(L->arena, sizeof(load_pair_t) * (n->count ? n->count : 1));
    if (n->count)
        memcpy(n->pairs, pairs->data, sizeof(load_pair_t) * n->count);
    remember_anchor(L, (const yaml_char_t *)anchor, n);
    result = n;
out:
    g_free(anchor);
    g_hash_table_destroy(seen);
    g_array_free(pairs, TRUE);
    return result;
}

static load_node_t *parse_node(loader_t *L, unsigned depth)
{
    yaml_event_t *e = &L->event;
    src_pos_t at = mark_pos(L, e->start_mark);
    if (depth > LOAD_MAX_DEPTH) {
        L->failed = true;
        diag_error(L->diag, at, "nesting is deeper than %d levels", LOAD_MAX_DEPTH);
        return NULL;
    }
    switch (e->type) {
    case YAML_SCALAR_EVENT:
        return parse_scalar(L);
    case YAML_SEQUENCE_START_EVENT:
        return parse_seq(L, depth);
    case YAML_MAPPING_START_EVENT:
        return parse_map(L, depth);
    case YAML_ALIAS_EVENT: {
        const char *name = (const char *)e->data.alias.anchor;
        load_node_t *target = g_hash_table_lookup(L->anchors, name);
        if (!target) {
            L->failed = true;
            diag_error(L->diag, at,
                       "alias '*%s' names no earlier, complete anchor '&%s'",
                       name, name);
            return NULL;
        }
        if (!charge(L, target->weight, target->bytes, at))
            return NULL;
        return target;
    }
    default:
        L->failed = true;
        diag_error(L->diag, at, "unexpected YAML event");
        return NULL;
    }
}

static load_node_t *parse_stream(loader_t *L)
{
    load_node_t *root = NULL;
    if (!next_event(L) || L->event.type != YAML_STREAM_START_EVENT)
        return NULL;
    if (!next_event(L))
        return NULL;
    if (L->event.type == YAML_STREAM_END_EVENT) {
        diag_error(L->diag, diag_at(L->name, 1, 1),
                   "file holds no YAML document (is it empty?)");
        return NULL;
    }
    /* DOCUMENT_START */
    if (!next_event(L))
        return NULL;
    if (!(root = parse_node(L, 1)))
        return NULL;
    if (!next_event(L)) /* DOCUMENT_END */
        return NULL;
    if (!next_event(L))
        return NULL;
    if (L->event.type == YAML_DOCUMENT_START_EVENT) {
        diag_error(L->diag, mark_pos(L, L->event.start_mark),
                   "a second YAML document; a file holds exactly one");
        return NULL;
    }
    if (root->kind == LOAD_SCALAR && root->len == 0 && root->style == LOAD_STYLE_PLAIN) {
        diag_error(L->diag, root->pos, "file holds an empty document");
        return NULL;
    }
    return root;
}

load_node_t *load_buffer(arena_t *a, diag_t *d, const char *name,
                         const char *data, size_t len)
{
    loader_t L = {.arena = a, .diag = d, .name = name, .data = data, .len = len};
    load_node_t *root = NULL;

    if (len == 0) {
        diag_error(d, diag_at(name, 1, 1), "file is empty");
        return NULL;
    }
    /* A UTF-8 byte order mark is invisible in editors: skip it, so it
     * neither confuses the parser nor shifts the columns of line 1. */
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) {
        L.data = data += 3;
        L.len = len -= 3;
    }
    L.lines = g_array_new(FALSE, FALSE, sizeof(size_t));
    if (!check_encoding(&L)) {
        g_array_free(L.lines, TRUE);
        return NULL;
    }
    if (!yaml_parser_initialize(&L.parser)) {
        diag_error(d, diag_at(name, 0, 0), "cannot initialise the YAML parser");
        g_array_free(L.lines, TRUE);
        return NULL;
    }
    yaml_parser_set_input_string(&L.parser, (const unsigned char *)data, len);
    yaml_parser_set_encoding(&L.parser, YAML_UTF8_ENCODING);
    L.anchors = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    root = parse_stream(&L);
    if (L.failed)
        root = NULL;
    if (L.have_event)
        yaml_event_delete(&L.event);
    yaml_parser_delete(&L.parser);
    g_hash_table_destroy(L.anchors);
    g_array_free(L.lines, TRUE);
    return root;
}

load_node_t *load_file(arena_t *a, diag_t *d, const char *path)
{
    const char *name = arena_strdup(a, path);
    char *buf = NULL;
    load_node_t *root = NULL;
    struct stat st;
    /* O_NONBLOCK: opening a FIFO must not wait for a writer. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

    if (fd < 0) {
        diag_error(d, diag_at(name, 0, 0), "cannot open: %s", strerror(errno));
        return NULL;
    }
    if (fstat(fd, &st) != 0) {
        diag_error(d, diag_at(name, 0, 0), "cannot read: %s", strerror(errno));
        goto out;
    }
    if (S_ISDIR(st.st_mode)) {
        diag_error(d, diag_at(name, 0, 0), "is a directory, not a YAML file");
        goto out;
    }
    if (!S_ISREG(st.st_mode)) {
        diag_error(d, diag_at(name, 0, 0),
                   "is not a regular file (a device, FIFO or socket)");
        goto out;
    }
    if (st.st_size > LOAD_MAX_FILE_BYTES) {
        diag_error(d, diag_at(name, 0, 0),
                   "file is %lld bytes; the limit is %d bytes",
                   (long long)st.st_size, LOAD_MAX_FILE_BYTES);
        goto out;
    }
    size_t size = (size_t)st.st_size, got = 0;
    buf = xmalloc(size + 1);
    while (got < size) {
        ssize_t r = read(fd, buf + got, size - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            diag_error(d, diag_at(name, 0, 0), "cannot read: %s", strerror(errno));
            goto out;
        }
        if (r == 0)
            break; /* the file shrank while we read: parse what is there */
        got += (size_t)r;
    }
    buf[got] = '\0';
    root = load_buffer(a, d, name, buf, got);
out:
    free(buf);
    close(fd);
    return root;
}

unsigned load_column_of(const char *src, load_style_t style, const char *text,
                        size_t offset)
{
    size_t vi = 0, si = 0;
    unsigned col = 0;
    size_t slen = strlen(src);
    while (vi < offset && text[vi] && si < slen) {
        size_t esc = 0;
        if (style == LOAD_STYLE_DOUBLE && src[si] == '\\' && si + 1 < slen) {
            char k = src[si + 1];
            esc = k == 'x' ? 4 : k == 'u' ? 6 : k == 'U' ? 10 : 2;
        } else if (style == LOAD_STYLE_SINGLE && src[si] == '\'' && src[si + 1] == '\'') {
            esc = 2;
        }
        vi = (size_t)(g_utf8_next_char(text + vi) - text);
        if (esc) {
            si += esc;
            col += (unsigned)esc;
        } else {
            si = (size_t)(g_utf8_next_char(src + si) - src);
            col++;
        }
    }
    return col;
}

load_node_t *load_map_get(const load_node_t *map, const char *key)
{
    if (!map || map->kind != LOAD_MAP)
        return NULL;
    for (size_t i = 0; i < map->count; i++)
        if (strcmp(map->pairs[i].key->text, key) == 0)
            return map->pairs[i].value;
    return NULL;
}
