/* test-load: the YAML loader's tree, positions, refusals and limits.
 *
 * Every message is captured through a diag_t writing into a memory stream
 * and compared whole, position prefix included. */
#include "load.h"

#include "test-harness.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- helpers ------------------------------------------------------------ */

/* Load `len` bytes as "t.yaml" into `a`. Returns every message printed
 * (caller frees); `*root` gets the result. */
static char *load_n(arena_t *a, const char *data, size_t len, load_node_t **root)
{
    char *out = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&out, &size);
    diag_t d;
    diag_init(&d, f);
    *root = load_buffer(a, &d, "t.yaml", data, len);
    diag_finish(&d);
    fclose(f);
    return out;
}

/* True when `data` is refused with exactly the messages `want`; prints what
 * came instead otherwise. */
static bool refused_n(const char *data, size_t len, const char *want)
{
    arena_t *a = arena_new();
    load_node_t *root;
    char *got = load_n(a, data, len, &root);
    bool ok = root == NULL && strcmp(got, want) == 0;
    if (!ok)
        printf("  input: \"%.60s\"\n  want: %s  got:  %s  root: %s\n", data, want,
               got, root ? "non-NULL" : "NULL");
    free(got);
    arena_free(a);
    return ok;
}

static bool refused(const char *data, const char *want)
{
    return refused_n(data, strlen(data), want);
}

/* Loads without a message; the tree lives in `a`. */
static load_node_t *loads(arena_t *a, const char *data)
{
    load_node_t *root;
    char *got = load_n(a, data, strlen(data), &root);
    bool quiet = *got == '\0';
    if (!quiet)
        printf("  unexpected messages for \"%.60s\":\n%s", data, got);
    free(got);
    return quiet ? root : NULL;
}

static bool at(const load_node_t *n, unsigned line, unsigned col)
{
    if (n && n->pos.line == line && n->pos.col == col)
        return true;
    if (n)
        printf("  node at %u:%u, expected %u:%u\n", n->pos.line, n->pos.col, line, col);
    return false;
}

/* The value of a key in a map, as a scalar's text or NULL. */
static const char *text_of(const load_node_t *map, const char *key)
{
    const load_node_t *v = load_map_get(map, key);
    return v && v->kind == LOAD_SCALAR ? v->text : NULL;
}

/* ---- tree and positions ------------------------------------------------- */

static void test_positions(void)
{
    arena_t *a = arena_new();
    load_node_t *r = loads(a, "title: Hello\n"
                              "list:\n"
                              "  - one\n"
                              "  - two\n"
                              "map:\n"
                              "  key: value\n");
    CHECK(r && r->kind == LOAD_MAP && r->count == 3);
    if (r && r->kind == LOAD_MAP && r->count == 3) {
        CHECK(at(r, 1, 1));
        CHECK(at(r->pairs[0].key, 1, 1));
        CHECK(at(r->pairs[0].value, 1, 8));
        CHECK(at(r->pairs[1].key, 2, 1));
        const load_node_t *l = r->pairs[1].value;
        CHECK(l->kind == LOAD_SEQ && l->count == 2);
        CHECK(at(l, 3, 3));
        CHECK(at(l->items[0], 3, 5));
        CHECK(at(l->items[1], 4, 5));
        const load_node_t *m = load_map_get(r, "map");
        CHECK(m && m->kind == LOAD_MAP && m->count == 1);
        CHECK(at(m->pairs[0].key, 6, 3));
        CHECK(at(m->pairs[0].value, 6, 8));
        CHECK_STR(text_of(m, "key"), "value");
    }
    arena_free(a);
}

/* Columns count characters, not bytes: é is 2 bytes, 😀 is 4. */
static void test_positions_utf8(void)
{
    arena_t *a = arena_new();
    load_node_t *r = loads(a, "été: ünïcode\n"
                              "clé: [ä, 😀, z]\n"
                              "😀😀: {ü: x, y: 1}\n");
    CHECK(r && r->kind == LOAD_MAP && r->count == 3);
    if (r && r->kind == LOAD_MAP && r->count == 3) {
        CHECK(at(r->pairs[0].value, 1, 6));
        CHECK_STR(r->pairs[0].value->text, "ünïcode");
        const load_node_t *l = r->pairs[1].value;
        CHECK(at(l, 2, 6));
        CHECK(l->kind == LOAD_SEQ && l->count == 3);
        if (l->kind == LOAD_SEQ && l->count == 3) {
            CHECK(at(l->items[0], 2, 7));
            CHECK(at(l->items[1], 2, 10));
            CHECK(at(l->items[2], 2, 13));
        }
        const load_node_t *m = r->pairs[2].value;
        CHECK(at(r->pairs[2].key, 3, 1));
        CHECK(at(m, 3, 5));
        CHECK(m->kind == LOAD_MAP && m->count == 2);
        if (m->kind == LOAD_MAP && m->count == 2) {
            CHECK(at(m->pairs[0].key, 3, 6));
            CHECK(at(m->pairs[0].value, 3, 9));
            CHECK(at(m->pairs[1].key, 3, 12));
        }
    }
    arena_free(a);
}

/* No YAML 1.1 type resolution: every scalar is the text as written. */
static void test_scalars_as_written(void)
{
    arena_t *a = arena_new();
    load_node_t *r = loads(a, "a: NO\n"
                              "b: 012\n"
                              "c: 3.10\n"
                              "d: ~\n"
                              "e: null\n"
                              "f: yes\n"
                              "g: 1e3\n"
                              "h: 'it''s'\n"
                              "i: \"tab\\there\"\n"
                              "j: |\n"
                              "  one\n"
                              "  two\n"
                              "k:\n");
    CHECK(r != NULL);
    CHECK_STR(text_of(r, "a"), "NO");
    CHECK_STR(text_of(r, "b"), "012");
    CHECK_STR(text_of(r, "c"), "3.10");
    CHECK_STR(text_of(r, "d"), "~");
    CHECK_STR(text_of(r, "e"), "null");
    CHECK_STR(text_of(r, "f"), "yes");
    CHECK_STR(text_of(r, "g"), "1e3");
    CHECK_STR(text_of(r, "h"), "it's");
    CHECK_STR(text_of(r, "i"), "tab\there");
    CHECK_STR(text_of(r, "j"), "one\ntwo\n");
    CHECK_STR(text_of(r, "k"), "");
    const load_node_t *c = load_map_get(r, "c"), *h = load_map_get(r, "h"),
                      *i = load_map_get(r, "i"), *j = load_map_get(r, "j");
    CHECK(c && c->len == 4 && c->style == LOAD_STYLE_PLAIN && !c->multiline);
    CHECK(h && h->style == LOAD_STYLE_SINGLE);
    CHECK(i && i->style == LOAD_STYLE_DOUBLE);
    CHECK(j && j->style == LOAD_STYLE_BLOCK && j->multiline);
    CHECK(load_map_get(r, "missing") == NULL);
    CHECK(load_map_get(c, "c") == NULL); /* not a map */
    CHECK_STR(load_kind_name(LOAD_SCALAR), "text");
    CHECK_STR(load_kind_name(LOAD_SEQ), "list");
    CHECK_STR(load_kind_name(LOAD_MAP), "map");

    /* A quoted "<<" is an ordinary key; only the plain one is a merge. */
    r = loads(a, "'<<': 1\n");
    CHECK_STR(text_of(r, "<<"), "1");

    /* An alias shares its anchor's node. */
    r = loads(a, "a: &x [1, 2]\nb: *x\n");
    CHECK(r && load_map_get(r, "a") == load_map_get(r, "b"));
    arena_free(a);
}

/* ---- refusals ----------------------------------------------------------- */

static void test_duplicate_keys(void)
{
    CHECK(refused("a: 1\nb: 2\na: 3\n",
                  "t.yaml:3:1: error: duplicate key 'a'\n"
                  "t.yaml:1:1: note: 'a' was first set here\n"));
    CHECK(refused("a: 1\n\"a\": 2\n",
                  "t.yaml:2:1: error: duplicate key 'a'\n"
                  "t.yaml:1:1: note: 'a' was first set here\n"));
    CHECK(refused("m: {x: 1, 'x': 2}\n",
                  "t.yaml:1:11: error: duplicate key 'x'\n"
                  "t.yaml:1:5: note: 'x' was first set here\n"));
    CHECK(refused("top:\n  été: 1\n  été: 2\n",
                  "t.yaml:3:3: error: duplicate key 'été'\n"
                  "t.yaml:2:3: note: 'été' was first set here\n"));
}

static void test_unsupported(void)
{
    /* Tags are quoted as written, not in libyaml's resolved form. */
    CHECK(refused("a: !!str x\n",
                  "t.yaml:1:4: error: tags such as '!!str' are not supported\n"));
    CHECK(refused("a: !foo x\n",
                  "t.yaml:1:4: error: tags such as '!foo' are not supported\n"));
    CHECK(refused("- !!map {}\n",
                  "t.yaml:1:3: error: tags such as '!!map' are not supported\n"));
    CHECK(refused("- [!foo, b]\n",
                  "t.yaml:1:4: error: tags such as '!foo' are not supported\n"));
    CHECK(refused("a: &x !!str y\n",
                  "t.yaml:1:4: error: tags such as '!!str' are not supported\n"));
    CHECK(refused("base: &a {x: 1}\nchild:\n  <<: *a\n  y: 2\n",
                  "t.yaml:3:3: error: merge keys (<<) are not supported\n"));
    CHECK(refused("? [a]\n: 1\n",
                  "t.yaml:1:3: error: a key must be plain text, not a list\n"));
    CHECK(refused("{[a]: 1}\n",
                  "t.yaml:1:2: error: a key must be plain text, not a list\n"));
    CHECK(refused("? {a: 1}\n: 1\n",
                  "t.yaml:1:3: error: a key must be plain text, not a map\n"));
    CHECK(refused("a: 1\n---\nb: 2\n",
                  "t.yaml:2:1: error: a second YAML document; a file holds exactly "
                  "one\n"));
    CHECK(refused("a: *nope\n",
                  "t.yaml:1:4: error: alias '*nope' names no earlier, complete "
                  "anchor '&nope'\n"));
    /* An anchor is visible only once its node is complete. */
    CHECK(refused("a: &x [1, *x]\n",
                  "t.yaml:1:11: error: alias '*x' names no earlier, complete "
                  "anchor '&x'\n"));
}

/* The classic "billion laughs": 9 levels of 9 aliases, 9^9 values expanded. */
static void test_alias_bomb(void)
{
    const char *bomb =
        "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
        "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
        "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
        "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
        "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
        "i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]\n";
    /* e's tree holds 66430 values; the first *e in f passes 100000. That it
     * stops there, not after expanding, is what the node count shows; the
     * suite's time limit for tests/bad/alias-bomb guards against a hang. */
    CHECK(refused(bomb, "t.yaml:6:8: error: too many values: more than 100000 in one "
                        "file (an alias counts at its full size)\n"));

    /* The same shape, small enough, loads with the aliases shared. */
    arena_t *a = arena_new();
    load_node_t *r = loads(a, "a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n");
    CHECK(r && load_map_get(r, "c") && load_map_get(r, "c")->weight == 1 + 3 * 13);
    arena_free(a);
}

static void test_limits(void)
{
    char buf[2 * LOAD_MAX_DEPTH + 200];

    /* LOAD_MAX_DEPTH levels load; one more does not. */
    memset(buf, '[', LOAD_MAX_DEPTH);
    memset(buf + LOAD_MAX_DEPTH, ']', LOAD_MAX_DEPTH);
    buf[2 * LOAD_MAX_DEPTH] = '\0';
    arena_t *a = arena_new();
    CHECK(loads(a, buf) != NULL);
    arena_free(a);

    memset(buf, '[', 200);
    buf[200] = '\0';
    CHECK(refused(buf, "t.yaml:1:65: error: nesting is deeper than 64 levels\n"));

    /* A scalar of exactly LOAD_MAX_SCALAR_BYTES loads; one byte more does not. */
    size_t n = LOAD_MAX_SCALAR_BYTES + 1;
    char *big = malloc(n + 5);
    memcpy(big, "a: ", 3);
    memset(big + 3, 'x', n);
    memcpy(big + 3 + n, "\n", 2);
    CHECK(refused(big, "t.yaml:1:4: error: text is 65537 bytes long; the limit is "
                       "65536\n"));
    memcpy(big + 3 + n - 1, "\n", 2);
    a = arena_new();
    load_node_t *r = loads(a, big);
    CHECK(r && load_map_get(r, "a") && load_map_get(r, "a")->len == LOAD_MAX_SCALAR_BYTES);
    arena_free(a);
    free(big);
}

static void test_encoding(void)
{
    CHECK(refused("x: 1\ny: 2\na: \xff\n",
                  "t.yaml:3:4: error: invalid UTF-8 byte 0xFF\n"));
    /* Column after two-byte characters on the same line. */
    CHECK(refused("x: 1\nclé: é\xc3\n",
                  "t.yaml:2:7: error: invalid UTF-8 byte 0xC3\n"));
    /* Truncated at the end, overlong, and a UTF-16 surrogate. */
    CHECK(refused("a: \xe2\x82", "t.yaml:1:4: error: invalid UTF-8 byte 0xE2\n"));
    CHECK(refused("a: \xc0\xaf\n", "t.yaml:1:4: error: invalid UTF-8 byte 0xC0\n"));
    CHECK(refused("a: \xed\xa0\x80\n", "t.yaml:1:4: error: invalid UTF-8 byte 0xED\n"));

    const char *utf16 = "file is UTF-16 or UTF-32; keepsake reads UTF-8 only\n";
    char want[100];
    snprintf(want, sizeof want, "t.yaml:1:1: error: %s", utf16);
    CHECK(refused_n("\xff\xfe" "a\0:\0 \0" "1\0", 10, want));
    CHECK(refused_n("\xfe\xff" "\0a\0:\0 \0" "1", 10, want));
    CHECK(refused_n("\0\0\xfe\xff\0\0\0a", 8,
                    "t.yaml:1:1: error: file is UTF-32; keepsake reads UTF-8 only\n"));
    /* UTF-16 without a BOM is caught by its NUL bytes. */
    CHECK(refused_n("a\0:\0", 4,
                    "t.yaml:1:2: error: NUL byte in file (is this a binary file?)\n"));

    CHECK(refused_n("a: 1\nb: x\0y\n", 12,
                    "t.yaml:2:5: error: NUL byte in file (is this a binary file?)\n"));
    CHECK(refused("a: 1\n\nb: \x01\n",
                  "t.yaml:3:4: error: control character U+0001 is not allowed\n"));
    CHECK(refused("é: \x7f\n",
                  "t.yaml:1:4: error: control character U+007F is not allowed\n"));
    CHECK(refused("a: \xc2\x80\n",
                  "t.yaml:1:4: error: control character U+0080 is not allowed\n"));
    /* A NUL written as an escape reaches the scalar, and is refused there. */
    CHECK(refused("a: \"x\\0y\"\n", "t.yaml:1:4: error: NUL character in text\n"));
}

static void test_empty(void)
{
    CHECK(refused("", "t.yaml:1:1: error: file is empty\n"));
    CHECK(refused("\n\n", "t.yaml:1:1: error: file holds no YAML document (is it "
                          "empty?)\n"));
    CHECK(refused("# only a comment\n", "t.yaml:1:1: error: file holds no YAML "
                                        "document (is it empty?)\n"));
    CHECK(refused("---\n", "t.yaml:2:1: error: file holds an empty document\n"));
}

static void test_syntax(void)
{
    CHECK(refused("a:\n\tb: 1\n", "t.yaml:2:1: error: tab character where YAML needs "
                                  "spaces (indent with spaces)\n"));
    CHECK(refused("a: b: c\n", "t.yaml:1:5: error: ': ' is not allowed in unquoted "
                                "text; put the whole text in quotes\n"));
    CHECK(refused("a: @x\n", "t.yaml:1:4: error: this character cannot start "
                              "unquoted text; put the text in quotes\n"));
    /* An unclosed quote is reported where it opens, naming the quote. */
    CHECK(refused("a: \"x\nb: 1\n", "t.yaml:1:4: error: the quoted text starting "
                                     "here has no closing '\"'\n"));
    CHECK(refused("a: 'x\nb: 1\n", "t.yaml:1:4: error: the quoted text starting "
                                    "here has no closing \"'\"\n"));
    CHECK(refused("a: [1, 2\nb: 3\n",
                  "t.yaml:2:2: error: did not find expected ',' or ']' (while "
                  "parsing a flow sequence at line 1)\n"));
}

static void test_line_endings(void)
{
    const char *crlf = "a: 1\r\nb: 2\r\nc: [x,\r\n  y]\r\n";
    const char *cr = "a: 1\rb: 2\rc: [x,\r  y]\r";
    const char *inputs[] = {crlf, cr};
    arena_t *a = arena_new();
    for (size_t i = 0; i < 2; i++) {
        load_node_t *r = loads(a, inputs[i]);
        CHECK(r && r->kind == LOAD_MAP && r->count == 3);
        if (!r || r->kind != LOAD_MAP || r->count != 3)
            continue;
        CHECK(at(r->pairs[1].key, 2, 1));
        CHECK_STR(r->pairs[1].value->text, "2");
        const load_node_t *c = r->pairs[2].value;
        CHECK(c->kind == LOAD_SEQ && c->count == 2);
        if (c->kind == LOAD_SEQ && c->count == 2)
            CHECK(at(c->items[1], 4, 3));
    }
    arena_free(a);
    /* Errors found before libyaml runs use the same line counting. */
    CHECK(refused("a: 1\r\nb: 2\r\nc: \x01\r\n",
                  "t.yaml:3:4: error: control character U+0001 is not allowed\n"));
    CHECK(refused("a: 1\rb: 2\rc: \x01\r",
                  "t.yaml:3:4: error: control character U+0001 is not allowed\n"));
    CHECK(refused("a: 1\r\nb: 2\r\na: 3\r\n",
                  "t.yaml:3:1: error: duplicate key 'a'\n"
                  "t.yaml:1:1: note: 'a' was first set here\n"));
}

/* U+0085 (NEL) and U+2028/U+2029 are line breaks to libyaml but not to
 * load_offset_position() or editors, so they are refused: otherwise every
 * position after one would be a line off. */
static void test_unicode_line_breaks(void)
{
    CHECK(refused("a: \"x\xc2\x85y\"\nb: 1\n",
                  "t.yaml:1:6: error: line separator U+0085 is not allowed; use "
                  "an ordinary line break\n"));
    CHECK(refused("é: x\xe2\x80\xa8y\n",
                  "t.yaml:1:5: error: line separator U+2028 is not allowed; use "
                  "an ordinary line break\n"));
    CHECK(refused("a: 1\nb: x\xe2\x80\xa9\n",
                  "t.yaml:2:5: error: line separator U+2029 is not allowed; use "
                  "an ordinary line break\n"));
}

static void test_offset_position(void)
{
    struct {
        const char *data;
        size_t offset;
        unsigned line, col;
    } cases[] = {
        {"abc", 0, 1, 1},
        {"abc", 2, 1, 3},
        {"ab\ncd", 4, 2, 2},
        {"a\r\nb", 3, 2, 1},    /* CRLF is one break */
        {"a\r\n\r\nb", 5, 3, 1},
        {"a\rb\rc", 4, 3, 1},    /* lone CR */
        {"a\n\rb", 3, 3, 1},    /* LF then CR: two breaks */
        {"é😀x", 6, 1, 3},      /* characters, not bytes */
        {"ab", 99, 1, 3},       /* past the end: clamped */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        unsigned line = 0, col = 0;
        load_offset_position(cases[i].data, strlen(cases[i].data), cases[i].offset,
                             &line, &col);
        if (!CHECK(line == cases[i].line && col == cases[i].col))
            printf("  case %zu: got %u:%u, want %u:%u\n", i, line, col,
                   cases[i].line, cases[i].col);
    }
}

/* ---- files -------------------------------------------------------------- */

static bool file_refused(const char *path, const char *want)
{
    arena_t *a = arena_new();
    char *got = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&got, &size);
    diag_t d;
    diag_init(&d, f);
    load_node_t *root = load_file(a, &d, path);
    fclose(f);
    bool ok = root == NULL && strcmp(got, want) == 0;
    if (!ok)
        printf("  %s\n  want: %s  got:  %s", path, want, got);
    free(got);
    arena_free(a);
    return ok;
}

static void write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (f) {
        CHECK(fwrite(data, 1, len, f) == len);
        fclose(f);
    }
}

static void test_files(void)
{
    char dir[] = "/tmp/keepsake-test-load-XXXXXX";
    if (!CHECK(mkdtemp(dir) != NULL))
        return;
    char path[256], want[1024];

    snprintf(want, sizeof want, "%s: error: is a directory, not a YAML file\n", dir);
    CHECK(file_refused(dir, want));

    snprintf(path, sizeof path, "%s/missing.yaml", dir);
    snprintf(want, sizeof want, "%s: error: cannot open: %s\n", path, strerror(ENOENT));
    CHECK(file_refused(path, want));

    /* A FIFO with no writer: must be refused at once, not wait for one. */
    snprintf(path, sizeof path, "%s/fifo.yaml", dir);
    CHECK(mkfifo(path, 0600) == 0);
    snprintf(want, sizeof want,
             "%s: error: is not a regular file (a device, FIFO or socket)\n", path);
    alarm(10); /* a hang fails the run instead of stalling it */
    CHECK(file_refused(path, want));
    alarm(0);
    unlink(path);

    snprintf(path, sizeof path, "%s/empty.yaml", dir);
    write_file(path, "", 0);
    snprintf(want, sizeof want, "%s:1:1: error: file is empty\n", path);
    CHECK(file_refused(path, want));

    /* Positions name the file by the path it was opened with. */
    snprintf(path, sizeof path, "%s/dup.yaml", dir);
    write_file(path, "a: 1\na: 2\n", 10);
    snprintf(want, sizeof want,
             "%s:2:1: error: duplicate key 'a'\n%s:1:1: note: 'a' was first set here\n",
             path, path);
    CHECK(file_refused(path, want));

    /* A good file loads. */
    snprintf(path, sizeof path, "%s/good.yaml", dir);
    write_file(path, "a: [1, 2]\n", 10);
    arena_t *a = arena_new();
    diag_t d;
    diag_init(&d, stderr);
    load_node_t *r = load_file(a, &d, path);
    CHECK(r && r->kind == LOAD_MAP && d.errors == 0);
    CHECK(r && r->pos.file && strcmp(r->pos.file, path) == 0);
    arena_free(a);
    unlink(path);

    /* One byte past LOAD_MAX_FILE_BYTES is refused before it is read. */
    snprintf(path, sizeof path, "%s/big.yaml", dir);
    size_t n = LOAD_MAX_FILE_BYTES + 1;
    char *big = malloc(n);
    memset(big, '#', n);
    write_file(path, big, n);
    free(big);
    snprintf(want, sizeof want, "%s: error: file is %zu bytes; the limit is %d bytes\n",
             path, n, LOAD_MAX_FILE_BYTES);
    CHECK(file_refused(path, want));

    const char *left[] = {"empty.yaml", "dup.yaml", "big.yaml"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, left[i]);
        unlink(path);
    }
    CHECK(rmdir(dir) == 0);
}

int main(void)
{
    test_positions();
    test_positions_utf8();
    test_scalars_as_written();
    test_duplicate_keys();
    test_unsupported();
    test_alias_bomb();
    test_limits();
    test_encoding();
    test_empty();
    test_syntax();
    test_line_endings();
    test_unicode_line_breaks();
    test_offset_position();
    test_files();
    return harness_finish();
}
