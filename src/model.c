/* model: YAML trees -> checked, typed model (see model.h).
 *
 * The schema of each file type is declared once, as tables of schema.h:
 * books, sections and page entries, layouts (with their pages, margins,
 * ruling, fonts, colours and footer), languages, and exercises, whose keys
 * are the common ones below plus their kind's (src/kinds/). docs/schema.md
 * is printed from the same tables (`make schema`).
 *
 * What the tables cannot say is checked here: a layout's `extends:` chain
 * (merged key by key: maps merge, anything else replaces), exercises found
 * by id (the file content/<any folder>/<id>.yaml), references between
 * exercises, the personal variables and their typed values. The diag's
 * error count is the one failure channel. */
#include "model.h"

#include "kind.h"
#include "paper.h"
#include "text.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <pango/pango.h>
#include <stddef.h>
#include <string.h>
#include <sys/stat.h>

#ifndef KEEPSAKE_DATADIR
#define KEEPSAKE_DATADIR "/usr/local/share/keepsake"
#endif

#define MM (72.0 / 25.4)

enum {
    MODEL_MAX_INDEX_DEPTH = 4, /* folders below content/ */
    MODEL_MAX_VAR_NAME = 32,
    MODEL_MAX_KEYWORDS = 100,
};

typedef struct {
    schema_ctx_t sc; /* first: schema callbacks get it and find the rest */
    run_t *run;
    diag_t *d;
    arena_t *a;
    const char *const *dirs;    /* the data folders, first first (model_search_path) */
    const load_node_t *vars;    /* the book's `variables:` */
    GHashTable *exercise_files; /* id -> path (arena) */
    GHashTable *exercises;      /* id -> model_exercise_t*, or NULL: failed */
} ctx_t;

#define ERR(c, pos, ...) diag_error((c)->d, (pos), __VA_ARGS__)

static ctx_t ctx_make(run_t *run, const char *const *dirs)
{
    ctx_t c = {.run = run, .d = &run->diag, .a = run->arena, .dirs = dirs};
    c.sc.a = run->arena;
    c.sc.d = &run->diag;
    return c;
}

const char *const MODEL_PRACTICES[] = {
    "stories", "affirmation", "laughter", "self-awareness", "check-ins",
    "appreciation", "rituals", "therapy", NULL};

static const char *stem(ctx_t *c, const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    return arena_strndup(c->a, base, dot ? (size_t)(dot - base) : strlen(base));
}

/* Where a byte offset inside a text falls in its file, when we can tell. */
src_pos_t model_text_pos(const model_text_t *t, size_t offset)
{
    src_pos_t p = t->pos;
    if (t->src)
        p.col += load_column_of(t->src, t->style, t->text, offset) +
                 (t->style == LOAD_STYLE_PLAIN ? 0 : 1);
    return p;
}

static bool check_type(ctx_t *c, const load_node_t *root, const char *type)
{
    const load_node_t *t = load_map_get(root, "type");
    if (!t)
        return ERR(c, root->pos, "missing 'type:' (book, exercise, layout or language)");
    if (!schema_want(&c->sc, t, LOAD_SCALAR, "'type'"))
        return false;
    if (strcmp(t->text, type))
        return ERR(c, t->pos, "expected a file of type '%s', found '%s'", type, t->text);
    return true;
}

/* `id:` when present must be a valid id equal to the file's name: ids are
 * how books find exercises, layouts and languages. */
static const char *check_id(ctx_t *c, const load_node_t *root, const char *path)
{
    const load_node_t *n = load_map_get(root, "id");
    const char *file_id = stem(c, path);
    if (!n || n->kind != LOAD_SCALAR || !schema_valid_id(n->text))
        return file_id; /* the id row reports a bad one */
    if (strcmp(n->text, file_id))
        ERR(c, n->pos, "id '%s' does not match the file name '%s.yaml'", n->text, file_id);
    return n->text;
}

static load_node_t *load_root(ctx_t *c, const char *path);

/* A file that is a directory, a device or missing where a reference
 * leads: said at the reference, which is what to change. */
static bool is_file_at(ctx_t *c, const char *path, src_pos_t ref, const char *what,
                       const char *name)
{
    struct stat st;
    if (stat(path, &st) != 0 || S_ISREG(st.st_mode))
        return true; /* missing: the caller says so; a file: fine */
    return ERR(c, ref, "%s '%s' is %s, which is %s, not a file", what, name, path,
               S_ISDIR(st.st_mode) ? "a directory" : "not a regular file");
}

/* Load the file a reference at `from` leads to (a book's exercise, layout
 * or language, a layout's `extends`): its messages say so. */
static load_node_t *load_included(ctx_t *c, const char *path, src_pos_t from)
{
    diag_include(c->d, path, from);
    return load_root(c, path);
}

static load_node_t *load_root(ctx_t *c, const char *path)
{
    run_add_input(c->run, path);
    load_node_t *root = load_file(c->a, c->d, path);
    if (root && root->kind != LOAD_MAP) {
        ERR(c, root->pos, "the file should be a map of keys, starting with 'type:'");
        return NULL;
    }
    return root;
}

/* A row for `type:`, which check_type() has checked. */
#define TYPE_ROW(TYPE, NAME)                                                          \
    {.name = "type", .type = SCHEMA_TYPE_PLAIN, .required = true,                     \
     .at = offsetof(TYPE, type), .doc = "What the file is: " NAME "."}
/* A row for `id:`, which check_id() compares with the file's name. */
#define ID_ROW(TYPE)                                                                  \
    {.name = "id", .type = SCHEMA_TYPE_ID, .at = offsetof(TYPE, id),                  \
     .doc = "The file's name without .yaml; other files refer to it by this."}

/* ---- language ---------------------------------------------------------- */

/* A pattern whose placeholders must all be among the row's values. */
static bool read_pattern(schema_ctx_t *sc, const schema_key_t *k, const load_node_t *n,
                         const char *what, void *dst)
{
    ctx_t *c = (ctx_t *)sc;
    const char *const *names = k->values;
    const char **out = dst;
    if (!schema_want(sc, n, LOAD_SCALAR, what))
        return false;
    model_text_t t = {.text = n->text, .pos = n->pos, .src = n->src, .style = n->style};
    text_problem_t pr;
    if (!text_expand(c->a, t.text, text_any_name, NULL, false, &pr))
        return ERR(c, model_text_pos(&t, pr.offset), "%s", pr.message);
    for (const char *p = t.text; (p = strchr(p, '{'));) {
        if (p[1] == '{') {
            p += 2;
            continue;
        }
        const char *e = strchr(p, '}');
        char *name = arena_strndup(c->a, p + 1, (size_t)(e - p - 1));
        bool known = false;
        for (size_t i = 0; names[i]; i++)
            known = known || !strcmp(names[i], name);
        if (!known) {
            const char *s = text_suggest(name, names);
            return ERR(c, model_text_pos(&t, (size_t)(p - t.text)),
                       "unknown placeholder {%s} in %s%s%s%s", name, what,
                       s ? " (did you mean {" : "", s ? s : "", s ? "}?)" : "");
        }
        p = e + 1;
    }
    *out = t.text;
    return true;
}

static const char *const DATE_NAMES[] = {"day", "month", "month-short", "year", "weekday",
                                         "weekday-short", NULL};
static const char *const RANGE_NAMES[] = {
    "day1", "month1", "month-short1", "year1", "weekday1", "weekday-short1",
    "day2", "month2", "month-short2", "year2", "weekday2", "weekday-short2", NULL};
static const char *const TWO_NAMES[] = {"a", "b", NULL};
static const char *const LIST_NAMES[] = {"list", "last", NULL};
static const char *const TITLE_NAMES[] = {"title", NULL};
static const char *const WEEKS_NAMES[] = {"first", "last", NULL};
static const char *const PERSON_NAMES[] = {"title", "name", NULL};

#define LANG_AT(F) offsetof(model_language_t, F)
#define PATTERN_ROW(NAME, FIELD, NAMES, DOC)                                           \
    {.name = NAME, .type = SCHEMA_TYPE_CUSTOM, .required = true, .at = LANG_AT(FIELD),  \
     .read = read_pattern, .values = NAMES, .type_doc = "pattern",       \
     .json = "\"$ref\": \"#/$defs/text\"", .doc = DOC}

static const schema_key_t FORMAT_KEYS[] = {
    PATTERN_ROW("date", names.date, DATE_NAMES,
                "A date: {day} {month} {month-short} {year} {weekday} {weekday-short}."),
    PATTERN_ROW("date-short", names.date_short, DATE_NAMES, "A short date (day rows)."),
    PATTERN_ROW("month-year", names.month_year, DATE_NAMES, "A month's title."),
    PATTERN_ROW("range-same-month", names.range_same_month, RANGE_NAMES,
                "A week within one month: {day1} ... {year2}."),
    PATTERN_ROW("range-same-year", names.range_same_year, RANGE_NAMES,
                "A week across two months."),
    PATTERN_ROW("range", names.range, RANGE_NAMES, "A week across two years."),
    PATTERN_ROW("names-two", and_two, TWO_NAMES, "Two names: {a} and {b}."),
    PATTERN_ROW("names-list", and_list, LIST_NAMES,
                "More names: {list} (all but the last, with commas) and {last}."),
};
/* Offsets are into model_language_t: the map is stored at offset 0. */
static const schema_table_t FORMATS = SCHEMA_TABLE(
    "'formats'", "How dates, weeks and names are written.", model_language_t, FORMAT_KEYS, NULL);

static const schema_key_t WORD_KEYS[] = {
    {.name = "contents", .type = SCHEMA_TYPE_PLAIN, .required = true,
     .at = LANG_AT(word_contents), .doc = "The contents page's title."},
    {.name = "date", .type = SCHEMA_TYPE_PLAIN, .required = true, .at = LANG_AT(word_date),
     .doc = "The word before a date to fill in."},
    {.name = "to", .type = SCHEMA_TYPE_PLAIN, .required = true, .at = LANG_AT(word_to),
     .doc = "Before the name a letter is for."},
    {.name = "from", .type = SCHEMA_TYPE_PLAIN, .required = true, .at = LANG_AT(word_from),
     .doc = "Before the name of who wrote it."},
    {.name = "notes", .type = SCHEMA_TYPE_PLAIN, .required = true, .at = LANG_AT(word_notes),
     .doc = "The title of a page left to write on, such as the one before a sheet of cards."},
    {.name = "person", .type = SCHEMA_TYPE_CUSTOM, .required = true, .at = LANG_AT(word_person),
     .read = read_pattern, .values = PERSON_NAMES, .type_doc = "pattern",
     .json = "\"$ref\": \"#/$defs/text\"",
     .doc = "The title of a page one person fills in alone: {title} — {name}."},
    {.name = "weeks", .type = SCHEMA_TYPE_CUSTOM, .required = true, .at = LANG_AT(word_weeks),
     .read = read_pattern, .values = WEEKS_NAMES, .type_doc = "pattern",
     .json = "\"$ref\": \"#/$defs/text\"",
     .doc = "The weeks a month's row of the contents covers: weeks {first}–{last}."},
    {.name = "continued", .type = SCHEMA_TYPE_CUSTOM, .required = true,
     .at = LANG_AT(word_continued), .read = read_pattern, .values = TITLE_NAMES,
     .type_doc = "pattern", .json = "\"$ref\": \"#/$defs/text\"",
     .doc = "The heading of a page an exercise runs on to: {title}, continued."},
};
static const schema_table_t WORDS = SCHEMA_TABLE(
    "'words'", "The words keepsake prints itself.", model_language_t, WORD_KEYS, NULL);

static const schema_key_t LANGUAGE_KEYS[] = {
    TYPE_ROW(model_language_t, "language"),
    ID_ROW(model_language_t),
    {.name = "name", .type = SCHEMA_TYPE_PLAIN, .required = true, .at = LANG_AT(name),
     .doc = "The language's name."},
    {.name = "code", .type = SCHEMA_TYPE_PLAIN, .at = LANG_AT(code),
     .doc = "Its tag for hyphenation and shaping (default: the id)."},
    {.name = "months", .type = SCHEMA_TYPE_NAMES, .required = true, .max = 12,
     .at = LANG_AT(names.months), .doc = "January to December."},
    {.name = "months-short", .type = SCHEMA_TYPE_NAMES, .required = true, .max = 12,
     .at = LANG_AT(names.months_short), .doc = "Jan to Dec."},
    {.name = "weekdays", .type = SCHEMA_TYPE_NAMES, .required = true, .max = 7,
     .at = LANG_AT(names.weekdays), .doc = "Monday to Sunday."},
    {.name = "weekdays-short", .type = SCHEMA_TYPE_NAMES, .required = true, .max = 7,
     .at = LANG_AT(names.weekdays_short), .doc = "Mon to Sun."},
    {.name = "formats", .type = SCHEMA_TYPE_MAP, .required = true, .at = 0, .sub = &FORMATS,
     .doc = "Patterns for dates, weeks and names."},
    {.name = "words", .type = SCHEMA_TYPE_MAP, .required = true, .at = 0, .sub = &WORDS,
     .doc = "Words keepsake prints."},
};
static const schema_table_t LANGUAGE =
    SCHEMA_TABLE("a language", "A language file, content/lang/ID.yaml: the names and "
                               "patterns of dates and the words keepsake prints.",
                 model_language_t, LANGUAGE_KEYS, NULL);

/* A language's names and patterns are words: each goes on many pages (a
 * weekday on every calendar), so a long one is refused where it is. */
static bool short_words(ctx_t *c, const load_node_t *n)
{
    if (n->kind == LOAD_SCALAR && n->len > MODEL_MAX_WORD_BYTES)
        return ERR(c, n->pos, "a language's words are short: this is %zu bytes; the limit is "
                   "%d (MODEL_MAX_WORD_BYTES)", n->len, MODEL_MAX_WORD_BYTES);
    for (size_t i = 0; n->kind == LOAD_SEQ && i < n->count; i++)
        if (!short_words(c, n->items[i]))
            return false;
    for (size_t i = 0; n->kind == LOAD_MAP && i < n->count; i++)
        if (!short_words(c, n->pairs[i].value))
            return false;
    return true;
}

static model_language_t *language_parse(ctx_t *c, const load_node_t *root, const char *path)
{
    unsigned before = c->d->errors;
    model_language_t *L = arena_alloc(c->a, sizeof *L);
    L->path = path;
    if (!check_type(c, root, "language"))
        return NULL;
    void *dst = L;
    schema_read(&c->sc, root, LANGUAGE.name, (const schema_table_t *const[]){&LANGUAGE}, &dst, 1);
    short_words(c, root);
    L->id = check_id(c, root, path);
    if (!L->code)
        L->code = L->id;
    return c->d->errors == before ? L : NULL;
}

/* ---- layout ------------------------------------------------------------ */

/* `over` merged onto `base`: maps merge key by key, anything else replaces. */
static load_node_t *merge(ctx_t *c, const load_node_t *base, load_node_t *over)
{
    if (!base || base->kind != LOAD_MAP || over->kind != LOAD_MAP)
        return over;
    load_node_t *m = arena_alloc(c->a, sizeof *m);
    *m = *over;
    m->pairs = arena_alloc(c->a, sizeof(load_pair_t) * (base->count + over->count + 1));
    m->count = 0;
    for (size_t i = 0; i < base->count; i++) {
        const char *k = base->pairs[i].key->text;
        if (!strcmp(k, "extends") || !strcmp(k, "id"))
            continue; /* belong to the file that says them */
        load_node_t *o = load_map_get(over, k);
        m->pairs[m->count].key = base->pairs[i].key;
        m->pairs[m->count++].value = o ? merge(c, base->pairs[i].value, o) : base->pairs[i].value;
    }
    for (size_t i = 0; i < over->count; i++)
        if (!load_map_get(base, over->pairs[i].key->text) ||
            !strcmp(over->pairs[i].key->text, "extends") ||
            !strcmp(over->pairs[i].key->text, "id"))
            m->pairs[m->count++] = over->pairs[i];
    return m;
}

static char *dir_of(ctx_t *c, const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? arena_strndup(c->a, path, (size_t)(slash - path)) : arena_strdup(c->a, ".");
}

/* The first of the data folders' `rel` (such as layouts/a5.yaml) that
 * exists, or NULL. */
static const char *find_in(ctx_t *c, const char *rel)
{
    for (size_t i = 0; c->dirs[i]; i++) {
        const char *p = arena_printf(c->a, "%s/%s", c->dirs[i], rel);
        if (g_file_test(p, G_FILE_TEST_EXISTS))
            return p;
    }
    return NULL;
}

/* Where find_in() looked, for a message: "./layouts/a3.yaml or
 * /usr/share/keepsake/layouts/a3.yaml". */
static const char *looked_in(ctx_t *c, const char *rel)
{
    if (!c->dirs[0])
        return arena_printf(c->a, "%s, with no data folder", rel);
    GString *s = g_string_new(NULL);
    for (size_t i = 0; c->dirs[i]; i++)
        g_string_append_printf(s, "%s%s/%s", i == 0 ? "" : c->dirs[i + 1] ? ", " : " or ",
                               c->dirs[i], rel);
    const char *r = arena_strdup(c->a, s->str);
    g_string_free(s, TRUE);
    return r;
}

/* The file a layout's `extends:` names: beside it, else in layouts/. */
static const char *parent_layout(ctx_t *c, const char *path, const load_node_t *ext)
{
    if (!schema_want(&c->sc, ext, LOAD_SCALAR, "'extends'"))
        return NULL;
    if (!schema_valid_id(ext->text)) {
        ERR(c, ext->pos, "'extends' names a layout id (such as a5), not '%s'", ext->text);
        return NULL;
    }
    char *parent = arena_printf(c->a, "%s/%s.yaml", dir_of(c, path), ext->text);
    if (g_file_test(parent, G_FILE_TEST_EXISTS))
        return is_file_at(c, parent, ext->pos, "layout", ext->text) ? parent : NULL;
    const char *rel = arena_printf(c->a, "layouts/%s.yaml", ext->text);
    if ((parent = (char *)find_in(c, rel)))
        return is_file_at(c, parent, ext->pos, "layout", ext->text) ? parent : NULL;
    ERR(c, ext->pos, "layout '%s' not found beside this file or as %s", ext->text,
        looked_in(c, rel));
    return NULL;
}

/* Load a layout file and the chain of layouts it extends, merged. */
static load_node_t *layout_tree(ctx_t *c, const char *path, unsigned depth, GPtrArray *seen,
                                src_pos_t from)
{
    for (size_t i = 0; i < seen->len; i++)
        if (!strcmp(seen->pdata[i], path)) {
            GString *cycle = g_string_new(NULL);
            for (size_t j = i; j < seen->len; j++)
                g_string_append_printf(cycle, "%s -> ", stem(c, seen->pdata[j]));
            g_string_append(cycle, stem(c, path));
            ERR(c, from, "layout '%s' extends itself through a cycle: %s", stem(c, path),
                cycle->str);
            g_string_free(cycle, TRUE);
            return NULL;
        }
    if (depth > MODEL_MAX_EXTENDS) {
        ERR(c, from, "layouts extend each other more than %d deep", MODEL_MAX_EXTENDS);
        return NULL;
    }
    g_ptr_array_add(seen, (gpointer)path);
    load_node_t *root = load_included(c, path, from);
    if (!root || !check_type(c, root, "layout"))
        return NULL;
    check_id(c, root, path);
    const load_node_t *ext = load_map_get(root, "extends");
    if (!ext)
        return root;
    const char *parent = parent_layout(c, path, ext);
    load_node_t *base = parent ? layout_tree(c, parent, depth + 1, seen, ext->pos) : NULL;
    return base ? merge(c, base, root) : NULL;
}

const char *model_paper_name(double w, double h)
{
    return paper_name(w, h);
}

/* The smallest and largest paper: a business card to a poster. */
#define MODEL_MIN_PAGE PAPER_MIN_PT
#define MODEL_MAX_PAGE PAPER_MAX_PT

/* A page size: a paper's name, or [width, height]; two doubles at dst. */
static bool read_page_size(schema_ctx_t *sc, const schema_key_t *k, const load_node_t *n,
                           const char *what, void *dst)
{
    (void)k;
    static const schema_key_t W = {.name = "width", .type = SCHEMA_TYPE_LENGTH,
                                   .min = MODEL_MIN_PAGE, .max = MODEL_MAX_PAGE,
                                   .what = "page width"};
    static const schema_key_t H = {.name = "height", .type = SCHEMA_TYPE_LENGTH,
                                   .min = MODEL_MIN_PAGE, .max = MODEL_MAX_PAGE,
                                   .at = sizeof(double), .what = "page height"};
    ctx_t *c = (ctx_t *)sc;
    double *wh = dst;
    if (n->kind == LOAD_SEQ) {
        if (n->count != 2)
            return ERR(c, n->pos, "a page size is [width, height], two lengths");
        return schema_read_value(sc, &W, n->items[0], dst) &
               schema_read_value(sc, &H, n->items[1], dst);
    }
    if (!schema_want(sc, n, LOAD_SCALAR, what))
        return false;
    const char *why = NULL;
    if (paper_parse(n->text, PAPER_FOR_PAGE, &wh[0], &wh[1], &why))
        return true;
    if (strpbrk(n->text, "0123456789") && strchr(n->text, 'x'))
        return ERR(c, n->pos, "page size cannot be '%s': %s", n->text, why);
    const char *s = text_suggest(n->text, paper_names(PAPER_FOR_PAGE));
    return ERR(c, n->pos,
               "page size cannot be '%s' (%s%s%sone of: %s; or exact, such as 148x210mm or "
               "5.5x8.5in; or [width, height] such as [297mm, 420mm])",
               n->text, s ? "did you mean '" : "", s ? s : "", s ? "'? " : "",
               schema_join(c->a, paper_names(PAPER_FOR_PAGE)));
}

static bool read_family(schema_ctx_t *sc, const schema_key_t *k, const load_node_t *n,
                        const char *what, void *dst)
{
    (void)k;
    model_font_t *f = dst;
    if (!schema_want(sc, n, LOAD_SCALAR, what))
        return false;
    f->family = n->text;
    f->pos = n->pos;
    if (strchr(n->text, '/') || strchr(n->text, ',') || !*n->text)
        return diag_error(sc->d, n->pos,
                          "'family' is a font family name such as \"EB Garamond\", not '%s'",
                          n->text);
    return true;
}

/* What is left inside the margins must hold a heading and a few lines. */
#define MODEL_MIN_CONTENT_W (40 * MM)
#define MODEL_MIN_CONTENT_H (60 * MM)
/* A margin wider than this leaves no page on any paper keepsake takes. */
#define MODEL_MAX_MARGIN (1000.0)

static void check_room(schema_ctx_t *sc, const load_node_t *map, void *dst)
{
    const model_layout_t *L = dst;
    const load_node_t *page = load_map_get(map, "page");
    const load_node_t *m = page && page->kind == LOAD_MAP ? load_map_get(page, "margins") : NULL;
    if (L->page_w > 0 &&
        (L->page_w - L->margin_inner - L->margin_outer < MODEL_MIN_CONTENT_W ||
         L->page_h - L->margin_top - L->margin_bottom < MODEL_MIN_CONTENT_H))
        diag_error(sc->d, (m ? m : page ? page : map)->pos,
                   "the margins leave too little room: at least 40 mm wide and "
                   "60 mm tall must remain inside them");
}

#define LAYOUT_AT(F) offsetof(model_layout_t, F)
#define MARGIN_ROW(NAME, FIELD, DEF)                                                        \
    {.name = NAME, .type = SCHEMA_TYPE_LENGTH, .min = 0, .max = MODEL_MAX_MARGIN, .def = DEF, \
     .at = LAYOUT_AT(FIELD), .what = "margin '" NAME "'", .doc = "The " NAME " margin."}
#define FONT_ROW(FIELD, DEF, DOC)                                                      \
    {.name = #FIELD, .type = SCHEMA_TYPE_MAP, .def = DEF, .at = LAYOUT_AT(FIELD),       \
     .sub = &FONT, .what = "font '" #FIELD "'", .doc = DOC}
#define COLOUR_ROW(FIELD, DEF, DOC)                                                    \
    {.name = #FIELD, .type = SCHEMA_TYPE_COLOUR, .def = DEF, .at = LAYOUT_AT(FIELD),   \
     .what = "colour '" #FIELD "'", .doc = DOC}

static const schema_key_t MARGIN_KEYS[] = {
    MARGIN_ROW("top", margin_top, "14mm"),
    MARGIN_ROW("bottom", margin_bottom, "14mm"),
    MARGIN_ROW("inner", margin_inner, "18mm"),
    MARGIN_ROW("outer", margin_outer, "14mm"),
};
static const schema_table_t MARGINS = SCHEMA_TABLE(
    "'margins'", "Inner is the binding side: left on right-hand pages.", model_layout_t,
    MARGIN_KEYS, NULL);

static const schema_key_t PAGE_KEYS[] = {
    {.name = "size", .type = SCHEMA_TYPE_CUSTOM, .required = true, .at = LAYOUT_AT(page_w),
     .read = read_page_size, .what = "page size",
     .type_doc = "a4, a5, a6, b5, letter, half-letter (any case), WxH with mm, cm, in or pt "
                 "(148x210mm, 5.5x8.5in), or [width, height]",
     .values = PAPER_PAGE_NAMES,
     .json = "\"anyOf\": [{\"type\": \"string\", \"pattern\": \"" PAPER_JSON_PATTERN "\"}, "
             "{\"type\": \"array\", \"items\": {\"$ref\": \"#/$defs/length\"}, "
             "\"minItems\": 2, \"maxItems\": 2}]",
     .doc = "The paper."},
    {.name = "margins", .type = SCHEMA_TYPE_MAP, .def = "{}", .at = 0, .sub = &MARGINS,
     .doc = "The margins."},
    {.name = "duplex", .type = SCHEMA_TYPE_BOOL, .def = "true", .at = LAYOUT_AT(duplex),
     .doc = "Printed double-sided: inner and outer margins swap on left-hand pages."},
};
static const schema_table_t PAGE =
    SCHEMA_TABLE("'page'", "The paper and the margins.", model_layout_t, PAGE_KEYS, NULL);

static const schema_key_t RULING_KEYS[] = {
    {.name = "pitch", .type = SCHEMA_TYPE_LENGTH, .min = 5 * MM, .max = 30 * MM, .def = "8mm",
     .at = LAYOUT_AT(pitch), .what = "ruling pitch", .doc = "The distance between writing lines."},
    {.name = "width", .type = SCHEMA_TYPE_LENGTH, .min = 0.1, .max = 3, .def = "0.5pt",
     .at = LAYOUT_AT(rule_width), .what = "ruling width", .doc = "The lines' thickness."},
};
static const schema_table_t RULING =
    SCHEMA_TABLE("'ruling'", "Writing lines.", model_layout_t, RULING_KEYS, NULL);

static const char *const FONT_STYLES[] = {"regular", "italic", "bold", "bold-italic", NULL};

static const schema_key_t FONT_KEYS[] = {
    {.name = "family", .type = SCHEMA_TYPE_CUSTOM, .required = true, .at = 0,
     .read = read_family, .type_doc = "a font family name",
     .json = "\"type\": [\"string\", \"number\"], \"pattern\": \"^[^/,]+$\"",
     .doc = "Such as \"EB Garamond\"."},
    {.name = "size", .type = SCHEMA_TYPE_LENGTH, .required = true, .min = 4,
     .max = MODEL_MAX_TEXT_PT, .at = offsetof(model_font_t, size), .what = "the size of %s",
     .doc = "The size."},
    {.name = "style", .type = SCHEMA_TYPE_ENUM, .values = FONT_STYLES, .def = "regular",
     .at = offsetof(model_font_t, style), .what = "font style", .doc = "The style."},
};
static const schema_table_t FONT = SCHEMA_TABLE("a font", "A font.", model_font_t, FONT_KEYS, NULL);

static const schema_key_t FONTS_KEYS[] = {
    FONT_ROW(body, "{family: EB Garamond, size: 11pt}", "Running text and questions."),
    FONT_ROW(heading, "{family: Lato, size: 15pt, style: bold}", "Page headings."),
    FONT_ROW(title, "{family: EB Garamond, size: 30pt}", "The cover's title."),
    FONT_ROW(label, "{family: Lato, size: 8.5pt}", "Labels, dates, numbers, footers."),
};
static const schema_table_t FONTS =
    SCHEMA_TABLE("'fonts'", "The four fonts.", model_layout_t, FONTS_KEYS, NULL);

static const schema_key_t COLOUR_KEYS[] = {
    COLOUR_ROW(text, "'#2b2926'", "Text."),
    COLOUR_ROW(accent, "'#8c5440'", "Headings and ornaments."),
    COLOUR_ROW(rule, "'#b9b3ab'", "Writing lines and grids."),
    COLOUR_ROW(muted, "'#716b66'", "Labels and footers."),
    COLOUR_ROW(paper, "'#ffffff'", "The paper: a background printed to the page's edges (and "
               "into the bleed, with --bleed); white prints nothing."),
};
static const schema_table_t COLOURS =
    SCHEMA_TABLE("'colours'", "The four inks and the paper.", model_layout_t, COLOUR_KEYS, NULL);

static const char *const ALIGNS[] = {"outer", "center", "inner", NULL};

static const schema_key_t FOOTER_KEYS[] = {
    {.name = "text", .type = SCHEMA_TYPE_MARKUP, .def = "'{page}'", .at = LAYOUT_AT(footer),
     .doc = "The footer: {page} and the book's variables."},
    {.name = "align", .type = SCHEMA_TYPE_ENUM, .values = ALIGNS, .def = "outer",
     .at = LAYOUT_AT(footer_align), .what = "footer 'align'", .doc = "Where it sits."},
};
static const schema_table_t FOOTER =
    SCHEMA_TABLE("'footer'", "The footer of every page but the cover.", model_layout_t,
                 FOOTER_KEYS, NULL);

static const char *const EDGES[] = {"none", "left", "right", "top", "bottom", NULL};

/* The content stays off the toolbar, and the tabs have room on the edge
 * away from it (tabs.h). The margin on the left is `inner` on a one-sided
 * page, so a tablet layout must be one-sided. */
static void check_tablet(schema_ctx_t *sc, const load_node_t *map, void *dst)
{
    model_layout_t *L = dst;
    L->tablet_pos = map->pos;
    if (L->toolbar == MODEL_EDGE_NONE && !L->tabs)
        return;
    if (L->duplex) {
        diag_error(sc->d, map->pos, "a tablet's pages are one-sided: set 'duplex: false' "
                                    "under 'page'");
        return;
    }
    const double margin[] = {0, L->margin_inner, L->margin_outer, L->margin_top,
                             L->margin_bottom};
    static const char *const NAME[] = {"", "inner", "outer", "top", "bottom"};
    if (L->toolbar != MODEL_EDGE_NONE && margin[L->toolbar] < L->toolbar_w - 0.005)
        diag_error(sc->d, map->pos,
                   "the %s margin (%.1f mm) is narrower than the toolbar (%.1f mm): the "
                   "content would lie under it", NAME[L->toolbar],
                   margin[L->toolbar] / MM, L->toolbar_w / MM);
    int side = L->toolbar == MODEL_EDGE_RIGHT ? MODEL_EDGE_LEFT : MODEL_EDGE_RIGHT;
    double need = MODEL_TAB_W + 2 * MODEL_TAB_GAP;
    if (L->tabs && margin[side] < need - 0.005)
        diag_error(sc->d, map->pos,
                   "the tabs need the %s margin to be at least %.1f mm (it is %.1f mm)",
                   NAME[side], need / MM, margin[side] / MM);
}

static const schema_key_t TABLET_KEYS[] = {
    {.name = "toolbar", .type = SCHEMA_TYPE_ENUM, .values = EDGES, .def = "none",
     .at = LAYOUT_AT(toolbar), .what = "tablet 'toolbar'",
     .doc = "The edge of the screen the device's toolbar covers (portrait)."},
    {.name = "toolbar-width", .type = SCHEMA_TYPE_LENGTH, .min = 0, .max = 50 * MM,
     .def = "0mm", .at = LAYOUT_AT(toolbar_w), .what = "tablet 'toolbar-width'",
     .doc = "How far the toolbar reaches in from its edge: that margin must be as wide, "
            "and no tab is put there."},
    {.name = "tabs", .type = SCHEMA_TYPE_BOOL, .def = "false", .at = LAYOUT_AT(tabs),
     .doc = "On every page, a column of link tabs to the contents and to the months (or "
            "sections), on the edge away from the toolbar."},
};
static const schema_table_t TABLET =
    SCHEMA_TABLE("'tablet'", "A screen to tap through instead of paper.", model_layout_t,
                 TABLET_KEYS, check_tablet);
static const char *const IMPOSITIONS[] = {"none", "booklet", "cards", NULL};
static const char *const FLIPS[] = {"short", "long", NULL};

/* print: sheet: a sheet as --sheet takes it, turned landscape. */
static bool read_sheet(schema_ctx_t *sc, const schema_key_t *k, const load_node_t *n,
                       const char *what, void *dst)
{
    (void)k;
    ctx_t *c = (ctx_t *)sc;
    double *wh = dst, w, h;
    const char *why = NULL;
    if (!schema_want(sc, n, LOAD_SCALAR, what))
        return false;
    if (!paper_parse(n->text, PAPER_FOR_SHEET, &w, &h, &why)) {
        if (strpbrk(n->text, "0123456789") && strchr(n->text, 'x'))
            return ERR(c, n->pos, "print 'sheet' cannot be '%s': %s", n->text, why);
        const char *s = text_suggest(n->text, PAPER_SHEET_NAMES);
        return ERR(c, n->pos, "print 'sheet' cannot be '%s' (%s%s%sone of: %s; or exact, such "
                              "as 320x225mm or 11x8.5in)", n->text, s ? "did you mean '" : "",
                   s ? s : "", s ? "'? " : "", schema_join(c->a, PAPER_SHEET_NAMES));
    }
    wh[0] = MAX(w, h);
    wh[1] = MIN(w, h);
    return true;
}

static void print_where(schema_ctx_t *sc, const load_node_t *map, void *dst)
{
    (void)sc;
    ((model_layout_t *)dst)->print_pos = map->pos;
}

static const schema_key_t PRINT_KEYS[] = {
    {.name = "impose", .type = SCHEMA_TYPE_ENUM, .values = IMPOSITIONS, .def = "none",
     .at = LAYOUT_AT(print_impose), .what = "print 'impose'",
     .doc = "How `keepsake build` prints the book unless --impose says: none (the pages as "
            "they are), booklet or cards."},
    {.name = "sheet", .type = SCHEMA_TYPE_CUSTOM, .at = LAYOUT_AT(print_sheet),
     .read = read_sheet, .what = "print 'sheet'",
     .type_doc = "a3, a4, a5, a6, b5, letter, half-letter, tabloid (any case), or WxH with mm, "
                 "cm, in or pt (320x225mm, 11x8.5in)",
     .values = PAPER_SHEET_NAMES,
     .json = "\"type\": \"string\", \"pattern\": \"" PAPER_JSON_PATTERN "\"",
     .doc = "The sheet to impose on unless --sheet says (default: a booklet's page pair, "
            "exactly; cards on A4)."},
    {.name = "flip", .type = SCHEMA_TYPE_ENUM, .values = FLIPS, .def = "short",
     .at = LAYOUT_AT(print_flip), .what = "print 'flip'",
     .doc = "The printer's duplex edge unless --flip says (see --impose calibration)."},
};
static const schema_table_t PRINT = SCHEMA_TABLE(
    "'print'", "How the layout's books print; the command line wins.", model_layout_t,
    PRINT_KEYS, print_where);

static const schema_key_t LAYOUT_KEYS[] = {
    TYPE_ROW(model_layout_t, "layout"),
    ID_ROW(model_layout_t),
    {.name = "extends", .type = SCHEMA_TYPE_PLAIN, .at = LAYOUT_AT(extends),
     .doc = "A layout this one changes, key by key (maps merge, the rest replaces)."},
    {.name = "description", .type = SCHEMA_TYPE_PLAIN, .at = LAYOUT_AT(description),
     .doc = "One line for `keepsake list layouts`."},
    {.name = "page", .type = SCHEMA_TYPE_MAP, .required = true, .at = 0, .sub = &PAGE,
     .doc = "The paper."},
    {.name = "ruling", .type = SCHEMA_TYPE_MAP, .def = "{}", .at = 0, .sub = &RULING,
     .doc = "Writing lines."},
    {.name = "fonts", .type = SCHEMA_TYPE_MAP, .def = "{}", .at = 0, .sub = &FONTS,
     .doc = "Fonts."},
    {.name = "colours", .type = SCHEMA_TYPE_MAP, .def = "{}", .at = 0, .sub = &COLOURS,
     .doc = "Inks."},
    {.name = "footer", .type = SCHEMA_TYPE_MAP, .def = "{}", .at = 0, .sub = &FOOTER,
     .doc = "The footer."},
    {.name = "tablet", .type = SCHEMA_TYPE_MAP, .def = "{}", .at = 0, .sub = &TABLET,
     .doc = "For reading and writing on a tablet: the toolbar and the tabs."},
    {.name = "print", .type = SCHEMA_TYPE_MAP, .def = "{}", .at = 0, .sub = &PRINT,
     .doc = "Imposition, sheet and flip edge for printing."},
};
static const schema_table_t LAYOUT =
    SCHEMA_TABLE("a layout", "A layout file, layouts/ID.yaml: how pages look.", model_layout_t,
                 LAYOUT_KEYS, check_room);

static model_layout_t *layout_parse(ctx_t *c, const char *path, src_pos_t from)
{
    unsigned before = c->d->errors;
    GPtrArray *seen = g_ptr_array_new();
    load_node_t *root = layout_tree(c, path, 0, seen, from);
    g_ptr_array_free(seen, TRUE);
    if (!root)
        return NULL;
    model_layout_t *L = arena_alloc(c->a, sizeof *L);
    void *dst = L;
    schema_read(&c->sc, root, LAYOUT.name, (const schema_table_t *const[]){&LAYOUT}, &dst, 1);
    L->path = path;
    L->id = stem(c, path);
    L->pos = root->pos;
    return c->d->errors == before ? L : NULL;
}

/* ---- exercises --------------------------------------------------------- */

static bool read_kind(schema_ctx_t *sc, const schema_key_t *k, const load_node_t *n,
                      const char *what, void *dst)
{
    (void)k;
    if (!schema_want(sc, n, LOAD_SCALAR, what))
        return false;
    const kind_t *kind = kind_find(n->text);
    if (kind && !kind->book_page) {
        *(const kind_t **)dst = kind;
        return true;
    }
    return schema_bad_value(sc, n, what, kind_names(sc->a, false));
}

#define EXERCISE_AT(F) offsetof(model_exercise_t, F)
static const char *const FOR_WHOM[] = {"together", "each", NULL};

static const schema_key_t EXERCISE_KEYS[] = {
    TYPE_ROW(model_exercise_t, "exercise"),
    {.name = "id", .type = SCHEMA_TYPE_ID, .required = true, .at = EXERCISE_AT(id),
     .doc = "The file's name without .yaml; books name the exercise by it."},
    {.name = "practice", .type = SCHEMA_TYPE_ENUM, .required = true, .values = MODEL_PRACTICES,
     .at = EXERCISE_AT(practice_index), .doc = "Which of the eight practices it serves."},
    {.name = "kind", .type = SCHEMA_TYPE_CUSTOM, .required = true, .at = EXERCISE_AT(kind),
     .read = read_kind, .type_doc = "a page kind (below)", .doc = "Its page kind."},
    {.name = "title", .type = SCHEMA_TYPE_MARKUP, .required = true, .at = EXERCISE_AT(title),
     .doc = "The page's heading."},
    {.name = "intro", .type = SCHEMA_TYPE_MARKUP, .at = EXERCISE_AT(intro),
     .doc = "A few lines under the heading."},
    {.name = "for", .type = SCHEMA_TYPE_ENUM, .values = FOR_WHOM, .def = "together",
     .at = EXERCISE_AT(for_whom),
     .doc = "each: a page for each person to fill in alone, headed with their name (in a "
            "book for two or more); together: one page for all."},
    {.name = "standalone-title", .type = SCHEMA_TYPE_MARKUP, .at = EXERCISE_AT(standalone_title),
     .doc = "The title outside a weekly section, as on a worksheet, where a title such as "
            "\"Week {week}\" has no week."},
};
static const schema_table_t EXERCISE = SCHEMA_TABLE(
    "an exercise",
    "An exercise file, content/PRACTICE/ID.yaml: these keys, and those of its kind.",
    model_exercise_t, EXERCISE_KEYS, NULL);

static model_exercise_t *exercise_parse(ctx_t *c, const load_node_t *root, const char *path)
{
    unsigned before = c->d->errors;
    if (!check_type(c, root, "exercise"))
        return NULL;
    model_exercise_t *e = arena_alloc(c->a, sizeof *e);
    e->path = path;
    e->pos = root->pos;
    const load_node_t *kn = load_map_get(root, "kind");
    const kind_t *k = kn && kn->kind == LOAD_SCALAR ? kind_find(kn->text) : NULL;
    if (k && k->book_page)
        k = NULL;
    const schema_table_t *tables[2] = {&EXERCISE, k ? k->schema : NULL};
    void *dst[2] = {e, NULL};
    size_t n = k && k->schema ? 2 : 1;
    if (n == 2)
        dst[1] = e->data = arena_alloc(c->a, k->schema->size);
    const char *what = k ? arena_printf(c->a, "a %s exercise", k->name) : "an exercise";
    schema_read(&c->sc, root, what, tables, dst, n);
    if (e->id)
        check_id(c, root, path);
    if (e->practice_index >= 0 && load_map_get(root, "practice"))
        e->practice = MODEL_PRACTICES[e->practice_index];
    return c->d->errors == before ? e : NULL;
}

/* For g_ptr_array_sort(), which passes pointers to the elements: g_strcmp0
 * itself would compare the pointers' bytes, an order that is no order. */
static int by_text(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Index content/ (all folders but books/ and lang/) by file name. */
static void index_dir(ctx_t *c, const char *dir, unsigned depth)
{
    GDir *d = depth <= MODEL_MAX_INDEX_DEPTH ? g_dir_open(dir, 0, NULL) : NULL;
    if (!d)
        return;
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    const char *name;
    while ((name = g_dir_read_name(d)))
        if (name[0] != '.')
            g_ptr_array_add(names, g_strdup(name));
    g_dir_close(d);
    /* readdir order is the file system's: sort, so output never depends on it */
    g_ptr_array_sort(names, by_text);
    for (size_t i = 0; i < names->len; i++) {
        name = names->pdata[i];
        char *p = arena_printf(c->a, "%s/%s", dir, name);
        struct stat st;
        if (stat(p, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            if (depth > 0 || (strcmp(name, "books") && strcmp(name, "lang")))
                index_dir(c, p, depth + 1);
            continue;
        }
        if (!g_str_has_suffix(name, ".yaml"))
            continue;
        const char *id = stem(c, p), *prev = g_hash_table_lookup(c->exercise_files, id);
        if (prev) {
            ERR(c, diag_at(p, 0, 0), "exercise id '%s' is used by two files", id);
            diag_note(c->d, diag_at(prev, 0, 0), "the other file");
        } else {
            g_hash_table_insert(c->exercise_files, (gpointer)id, p);
        }
    }
    g_ptr_array_free(names, TRUE);
}

static bool no_exercise(ctx_t *c, const load_node_t *ref)
{
    GPtrArray *ids = g_ptr_array_new();
    GHashTableIter it;
    gpointer k, val;
    g_hash_table_iter_init(&it, c->exercise_files);
    while (g_hash_table_iter_next(&it, &k, &val))
        g_ptr_array_add(ids, k);
    g_ptr_array_sort(ids, by_text);
    g_ptr_array_add(ids, NULL);
    const char *s = text_suggest(ref->text, (const char *const *)ids->pdata);
    if (!s) { /* "reflection": the ids it begins, such as reflection-emotions */
        GString *more = g_string_new(NULL);
        size_t n = 0, len = strlen(ref->text);
        for (size_t i = 0; ids->pdata[i]; i++) {
            const char *id = ids->pdata[i];
            if (strncmp(id, ref->text, len) || id[len] != '-')
                continue;
            if (n++ < 4)
                g_string_append_printf(more, "%s'%s'", n > 1 ? ", " : "", id);
        }
        if (n > 4)
            g_string_append(more, ", ...");
        s = n ? arena_strdup(c->a, more->str) : NULL;
        g_string_free(more, TRUE);
        if (s) {
            ERR(c, ref->pos, "no exercise '%s' in %s (did you mean %s?)", ref->text,
                looked_in(c, "content"), s);
            g_ptr_array_free(ids, TRUE);
            return false;
        }
    }
    ERR(c, ref->pos, "no exercise '%s' in %s%s%s%s", ref->text, looked_in(c, "content"),
        s ? " (did you mean '" : "", s ? s : "", s ? "'?)" : "");
    g_ptr_array_free(ids, TRUE);
    return false;
}

static model_exercise_t *exercise_get(ctx_t *c, const load_node_t *ref);

/* Resolve the references of `e`'s kind to other exercises. */
static void resolve_refs(ctx_t *c, model_exercise_t *e)
{
    const schema_table_t *t = e->kind->schema;
    for (size_t i = 0; t && i < t->n_keys; i++) {
        const schema_key_t *k = &t->keys[i];
        model_ref_t *r = (model_ref_t *)(void *)((char *)e->data + k->at);
        if (k->type != SCHEMA_TYPE_REF || !r->node || r->to)
            continue;
        if ((r->to = exercise_get(c, r->node)) && strcmp(r->to->kind->name, k->values[0])) {
            ERR(c, r->node->pos, "'%s' names '%s', which is not a%s %s", k->name, r->to->id,
                strchr("aeiou", k->values[0][0]) ? "n" : "", k->values[0]);
            r->to = NULL;
        }
    }
}

/* The exercise `ref` names, loaded once however often it is used; a file
 * that failed is reported once. NULL after reporting. */
static model_exercise_t *exercise_get(ctx_t *c, const load_node_t *ref)
{
    if (!schema_valid_id(ref->text)) {
        ERR(c, ref->pos, "'exercise' names an exercise id (such as notes), not '%s'", ref->text);
        return NULL;
    }
    gpointer found;
    if (g_hash_table_lookup_extended(c->exercises, ref->text, NULL, &found))
        return found;
    const char *path = g_hash_table_lookup(c->exercise_files, ref->text);
    if (!path)
        return no_exercise(c, ref), NULL;
    /* The command line's own exercise file was named by the user, not
     * reached through the worksheet book: no note points into that. */
    bool own = c->run->exercise_file && !strcmp(path, c->run->exercise_file);
    load_node_t *root = !is_file_at(c, path, ref->pos, "exercise", ref->text) ? NULL
                        : own ? load_root(c, path) : load_included(c, path, ref->pos);
    model_exercise_t *e = root ? exercise_parse(c, root, path) : NULL;
    g_hash_table_insert(c->exercises, (gpointer)arena_strdup(c->a, ref->text), e);
    if (e)
        resolve_refs(c, e);
    return e;
}

/* Index every data folder's content/: an id in an earlier folder hides
 * the same id in a later one (the user's exercise over the shipped one);
 * two files of one id in the same folder are an error. */
static void index_all(ctx_t *c)
{
    GHashTable *all = c->exercise_files;
    for (size_t i = 0; c->dirs[i]; i++) {
        c->exercise_files = g_hash_table_new(g_str_hash, g_str_equal);
        index_dir(c, arena_printf(c->a, "%s/content", c->dirs[i]), 0);
        GHashTableIter it;
        gpointer k, v;
        g_hash_table_iter_init(&it, c->exercise_files);
        while (g_hash_table_iter_next(&it, &k, &v))
            if (!g_hash_table_contains(all, k))
                g_hash_table_insert(all, k, v);
        g_hash_table_destroy(c->exercise_files);
    }
    c->exercise_files = all;
}

static void index_exercises(ctx_t *c)
{
    c->exercise_files = g_hash_table_new(g_str_hash, g_str_equal);
    c->exercises = g_hash_table_new(g_str_hash, g_str_equal);
    index_all(c);
    if (c->run->exercise_file) /* the user's own file wins over the data folder's */
        g_hash_table_insert(c->exercise_files, (gpointer)stem(c, c->run->exercise_file),
                            arena_strdup(c->a, c->run->exercise_file));
}

const char *model_exercise_id(run_t *run, const char *arg)
{
    if (!model_is_exercise_path(arg))
        return arg;
    run->exercise_file = arena_strdup(run->arena, arg);
    const char *base = strrchr(arg, '/');
    base = base ? base + 1 : arg;
    const char *dot = strrchr(base, '.');
    return arena_strndup(run->arena, base, dot ? (size_t)(dot - base) : strlen(base));
}

bool model_is_exercise_path(const char *arg)
{
    return (strchr(arg, '/') || g_str_has_suffix(arg, ".yaml")) &&
           g_file_test(arg, G_FILE_TEST_IS_REGULAR);
}

static void drop_index(ctx_t *c)
{
    g_hash_table_destroy(c->exercise_files);
    g_hash_table_destroy(c->exercises);
}

/* ---- personal variables ------------------------------------------------ */

static bool valid_var_name(const char *s)
{
    if (!*s || strlen(s) > MODEL_MAX_VAR_NAME)
        return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
            return false;
    return true;
}

/* Placeholders the program provides; a book may not define them. */
static const char *const BUILTIN_VARS[] = {"week", "range", "page", "end", "year", NULL};

/* The typed variables every book has, with their defaults, so --set can
 * change them even where a book does not mention them. */
static const char *const TYPED_VARS[][2] = {
    {"start", "2027-01-04"}, {"weeks", "52"}, {"week-starts", "monday"}, {"seed", "0"}};

static const char *const WEEKDAYS[] = {"monday", "tuesday", "wednesday", "thursday",
                                       "friday", "saturday", "sunday", NULL};

/* The largest seed: every integer up to 2^53 is exact in a double, so a
 * seed written anywhere reads back the same. */
#define MODEL_MAX_SEED 9007199254740992LL

static const model_var_t *var_get(const model_book_t *b, const char *name)
{
    for (size_t i = 0; i < b->n_vars; i++)
        if (!strcmp(b->vars[i].name, name))
            return &b->vars[i];
    return NULL;
}

static model_var_t *var_find(model_book_t *b, const char *name)
{
    for (size_t i = 0; i < b->n_vars; i++)
        if (!strcmp(b->vars[i].name, name))
            return &b->vars[i];
    return NULL;
}

const char *model_var(const model_book_t *b, const char *name)
{
    const model_var_t *v = var_get(b, name);
    return v ? v->value : NULL;
}

const model_var_t *model_var_of(const model_book_t *b, const char *tmpl)
{
    if (!tmpl)
        return NULL;
    while (*tmpl == ' ')
        tmpl++;
    const char *close = tmpl[0] == '{' ? strchr(tmpl, '}') : NULL;
    if (!close || strspn(close + 1, " ") != strlen(close + 1))
        return NULL;
    char name[MODEL_MAX_VAR_NAME + 1];
    size_t n = (size_t)(close - tmpl - 1);
    if (n == 0 || n > MODEL_MAX_VAR_NAME)
        return NULL;
    memcpy(name, tmpl + 1, n);
    name[n] = '\0';
    return var_get(b, name);
}

/* The variables that print as words of their own (the people, the title,
 * a worksheet's client): blank, they are a mistake. Any other may be empty
 * on purpose (`anniversary: ""` marks no day). */
static const char *const SHOWN_VARS[] = {"names", "title", "client", NULL};

/* `what` is the value in the message, as in "the value of 'title'". */
static bool blank_ok(ctx_t *c, src_pos_t at, const char *name, const char *v, const char *what)
{
    if (!text_is_blank(v) || !g_strv_contains(SHOWN_VARS, name))
        return true;
    return ERR(c, at, "%s is %s", what,
               *v ? "blank: it holds only spaces or invisible characters" : "empty");
}

/* What any personal variable's value must be, wherever it comes from (a
 * book, --set): text that prints in the order it is written, and that
 * Cairo can write into a PDF. Bidi marks stay: they have no scope, and the
 * page isolates each value (plan.c). */
static bool value_ok(ctx_t *c, src_pos_t at, const char *name, const char *v)
{
    gunichar u;
    if (strlen(v) > MODEL_MAX_VALUE_BYTES)
        return ERR(c, at, "the value of '%s' is %zu bytes; the limit is %d", name, strlen(v),
                   MODEL_MAX_VALUE_BYTES);
    if (!g_utf8_validate(v, -1, NULL))
        return ERR(c, at, "the value of '%s' is not valid UTF-8", name);
    if (!text_is_printable(v))
        return ERR(c, at, "the value of '%s' holds a control character", name);
    if ((u = text_find(v, text_is_bidi_control)))
        return ERR(c, at, "the value of '%s' holds a bidi control (U+%04X), which shows text in "
                          "an order other than the one it is written in; remove it (the marks "
                          "U+200E, U+200F and U+061C may stay)", name, (unsigned)u);
    if ((u = text_find(v, text_is_noncharacter)))
        return ERR(c, at, "the value of '%s' holds U+%04X, a noncharacter, which is never text",
                   name, (unsigned)u);
    if (!blank_ok(c, at, name, v, arena_printf(c->a, "the value of '%s'", name)))
        return false;
    if (strchr(v, '\t'))
        return ERR(c, at, "the value of '%s' holds a tab, which moves the text to the next tab "
                          "stop and can push it off the page; use spaces", name);
    if (g_unichar_ismark(g_utf8_get_char(v)))
        return ERR(c, at, "the value of '%s' begins with U+%04X, a combining mark with no "
                          "letter before it to sit on; put it after the letter it belongs to",
                   name, (unsigned)g_utf8_get_char(v));
    return true;
}

static void split_people(ctx_t *c, model_book_t *b, const load_node_t *list, const char *text,
                         src_pos_t at)
{
    GPtrArray *p = g_ptr_array_new();
    for (size_t i = 0; list && i < list->count; i++)
        if (schema_want(&c->sc, list->items[i], LOAD_SCALAR, "a name in 'names'") &&
            value_ok(c, list->items[i]->pos, "names", list->items[i]->text))
            g_ptr_array_add(p, (gpointer)list->items[i]->text);
    if (!list) {
        /* "Alex & Sam", "Alex, Sam and Jo": split on '&' and ',' only, so
         * a name with "and" in it stays whole. */
        char **parts = g_regex_split_simple("\\s*[&,]\\s*", text, 0, 0);
        for (char **q = parts; *q; q++) {
            char *s = g_strstrip(*q);
            if (*s && blank_ok(c, at, "names", s, "a name in 'names'"))
                g_ptr_array_add(p, arena_strdup(c->a, s));
        }
        g_strfreev(parts);
    }
    if (p->len == 0)
        ERR(c, at, "'names' needs at least one name");
    else if (p->len > MODEL_MAX_PEOPLE)
        ERR(c, at, "'names' holds %u names; a workbook has room for at most %d", p->len,
            MODEL_MAX_PEOPLE);
    b->n_people = p->len;
    b->people = arena_alloc(c->a, sizeof(char *) * (p->len + 1));
    for (size_t i = 0; i < p->len; i++)
        b->people[i] = p->pdata[i];
    g_ptr_array_free(p, TRUE);
}

/* Join a list of names with the language's patterns. */
static const char *join_people(ctx_t *c, const model_language_t *L, const char **people, size_t n)
{
    if (n == 1)
        return people[0];
    GString *s = g_string_new(people[0]);
    for (size_t i = 1; i + 1 < n; i++)
        g_string_append_printf(s, ", %s", people[i]);
    const char *pat = n == 2 ? L->and_two : L->and_list;
    GString *out = g_string_new(NULL);
    for (const char *p = pat; *p;) {
        if (g_str_has_prefix(p, "{a}")) g_string_append(out, people[0]), p += 3;
        else if (g_str_has_prefix(p, "{b}")) g_string_append(out, people[1]), p += 3;
        else if (g_str_has_prefix(p, "{list}")) g_string_append(out, s->str), p += 6;
        else if (g_str_has_prefix(p, "{last}")) g_string_append(out, people[n - 1]), p += 6;
        else if (g_str_has_prefix(p, "{{")) g_string_append_c(out, '{'), p += 2;
        else if (g_str_has_prefix(p, "}}")) g_string_append_c(out, '}'), p += 2;
        else g_string_append_c(out, *p++);
    }
    const char *r = arena_strdup(c->a, out->str);
    g_string_free(s, TRUE);
    g_string_free(out, TRUE);
    return r;
}

/* The book's own variables; `*names_list` is `names:` when it is a list. */
static void file_variables(ctx_t *c, model_book_t *b, const load_node_t *vars,
                           const load_node_t **names_list)
{
    for (size_t i = 0; vars && i < vars->count; i++) {
        const load_node_t *k = vars->pairs[i].key, *v = vars->pairs[i].value;
        if (!valid_var_name(k->text)) {
            ERR(c, k->pos, "variable name '%s' may hold only a-z, 0-9 and '-'", k->text);
            continue;
        }
        bool builtin = false;
        for (size_t j = 0; BUILTIN_VARS[j]; j++)
            builtin = builtin || !strcmp(k->text, BUILTIN_VARS[j]);
        if (builtin) {
            ERR(c, k->pos, "'%s' is provided by keepsake and cannot be set", k->text);
            continue;
        }
        const char *typed[G_N_ELEMENTS(TYPED_VARS) + 1] = {NULL};
        for (size_t j = 0; j < G_N_ELEMENTS(TYPED_VARS); j++)
            typed[j] = TYPED_VARS[j][0];
        const char *s = text_suggest(k->text, typed);
        if (s && strcmp(s, k->text)) { /* weeeks: 10 would leave the book at 52 weeks */
            ERR(c, k->pos, "variable '%s' would do nothing: did you mean '%s'?", k->text, s);
            continue;
        }
        model_var_t *var = &b->vars[b->n_vars++];
        var->name = k->text;
        var->pos = v->pos;
        var->value = "";
        if (!strcmp(k->text, "names") && v->kind == LOAD_SEQ) {
            *names_list = v;
        } else if (schema_want(&c->sc, v, LOAD_SCALAR,
                               arena_printf(c->a, "variable '%s'", k->text))) {
            var->value = v->text;
            value_ok(c, v->pos, k->text, v->text);
        }
    }
}

/* The command line's --set, over the book's values; `where` (may be NULL:
 * --set NAME) says where each was written. */
static void set_variables(ctx_t *c, model_book_t *b, const model_setting_t *sets,
                          const src_pos_t *where, size_t n_sets, const load_node_t **names_list)
{
    for (size_t i = 0; i < n_sets; i++) {
        src_pos_t at = where ? where[i]
                             : diag_at(sets[i].where ? arena_strdup(c->a, sets[i].where)
                                                     : arena_printf(c->a, "--set %s", sets[i].name),
                                       0, 0);
        model_var_t *var = var_find(b, sets[i].name);
        if (!var) {
            const char **known = arena_alloc(c->a, sizeof(char *) * (b->n_vars + 1));
            for (size_t j = 0; j < b->n_vars; j++)
                known[j] = b->vars[j].name;
            const char *s = text_suggest(sets[i].name, known);
            ERR(c, at, "the book has no variable '%s'%s%s%s", sets[i].name,
                s ? " (did you mean '" : "", s ? s : "", s ? "'?)" : "");
            continue;
        }
        if (!value_ok(c, at, sets[i].name, sets[i].value))
            continue;
        var->value = sets[i].value;
        var->pos = at;
        if (!strcmp(var->name, "names"))
            *names_list = NULL;
    }
}

/* start, weeks, week-starts and seed, read from their text. */
static void typed_values(ctx_t *c, model_book_t *b)
{
    const model_var_t *v = var_get(b, "start");
    long long n;
    if (!dates_parse(v->value, &b->start))
        ERR(c, v->pos, "'start' must be a real date written YYYY-MM-DD (years 1 to 9999), "
                       "not '%s'", v->value);
    v = var_get(b, "weeks");
    if (!text_parse_int(v->value, 1, MODEL_MAX_WEEKS, &n))
        ERR(c, v->pos, "'weeks' must be a whole number from 1 to %d, not '%s'", MODEL_MAX_WEEKS,
            v->value);
    else
        b->weeks = (unsigned)n;
    v = var_get(b, "week-starts");
    size_t i;
    for (i = 0; WEEKDAYS[i] && g_ascii_strcasecmp(v->value, WEEKDAYS[i]); i++)
        ;
    if (WEEKDAYS[i])
        b->week_starts = (GDateWeekday)(i + 1);
    else
        ERR(c, v->pos, "'week-starts' must be a weekday name (monday ... sunday), not '%s'",
            v->value);
    v = var_get(b, "seed");
    if (!text_parse_int(v->value, 0, MODEL_MAX_SEED, &n))
        ERR(c, v->pos, "'seed' must be a whole number from 0 to 2^53, not '%s'", v->value);
    else
        b->seed = (uint64_t)n;
}

/* The first week may begin before `start`, and a page of seven days may
 * run past the last week: all of it must be a real date. */
static void check_span(ctx_t *c, const model_book_t *b)
{
    long back = ((long)g_date_get_weekday(&b->start) - (long)b->week_starts + 7) % 7;
    GDate first, last;
    src_pos_t at = var_get(b, "start")->pos;
    if (!dates_add_days(&b->start, -back, &first))
        ERR(c, at, "the first week from 'start' would begin before the year 1");
    else if (!dates_add_days(&first, (long)b->weeks * 7 - 1, &last) ||
             !dates_add_days(&b->start, 6, &last))
        ERR(c, at, "the weeks from 'start' run past the year 9999");
}

static bool read_variables(schema_ctx_t *sc, const schema_key_t *k, const load_node_t *vars,
                           const char *what, void *dst)
{
    (void)k;
    (void)dst;
    if (!schema_want(sc, vars, LOAD_MAP, what))
        return false;
    ((ctx_t *)sc)->vars = vars;
    return true;
}

static void book_variables(ctx_t *c, model_book_t *b, const model_setting_t *sets, size_t n_sets)
{
    const load_node_t *vars = c->vars, *names_list = NULL;
    unsigned before = c->d->errors;
    b->vars = arena_alloc(c->a, sizeof(model_var_t) *
                                    ((vars ? vars->count : 0) + G_N_ELEMENTS(TYPED_VARS) + 1));
    file_variables(c, b, vars, &names_list);
    for (size_t i = 0; i < G_N_ELEMENTS(TYPED_VARS); i++)
        if (!var_find(b, TYPED_VARS[i][0]))
            b->vars[b->n_vars++] = (model_var_t){TYPED_VARS[i][0], TYPED_VARS[i][1], b->pos};
    set_variables(c, b, sets, NULL, n_sets, &names_list);
    typed_values(c, b);
    if (c->d->errors == before && g_date_valid(&b->start))
        check_span(c, b);
    model_var_t *v = var_find(b, "names");
    if (v) {
        split_people(c, b, names_list, v->value, v->pos);
        if (c->d->errors == before && b->lang && names_list)
            v->value = join_people(c, b->lang, b->people, b->n_people);
    }
}

/* ---- book -------------------------------------------------------------- */

/* A node kept as written, for the model to interpret after the tables. */
static bool read_node(schema_ctx_t *sc, const schema_key_t *k, const load_node_t *n,
                      const char *what, void *dst)
{
    (void)k;
    (void)sc, (void)what;
    *(const load_node_t **)dst = n;
    return true;
}

/* An id naming a file: the row's values are what it names, a sample id
 * and the folder, as in {"a layout", "a5", "layouts/"}. */
static bool read_file_id(schema_ctx_t *sc, const schema_key_t *k, const load_node_t *n,
                         const char *what, void *dst)
{
    const char *noun = k->values[0], *sample = k->values[1], *folder = k->values[2];
    if (!schema_want(sc, n, LOAD_SCALAR, what))
        return false;
    if (!*n->text)
        return diag_error(sc->d, n->pos, "%s is empty; name %s such as %s", what, noun, sample);
    if (!schema_valid_id(n->text))
        return diag_error(sc->d, n->pos, "%s names %s id such as %s (a file in %s), not '%s'",
                          what, noun, sample, folder, n->text);
    *(const char **)dst = n->text;
    return true;
}

static const char *const LAYOUT_FILE[] = {"a layout", "a5", "layouts/", NULL};
static const char *const LANGUAGE_FILE[] = {"a language", "en", "content/lang/", NULL};

static bool read_keywords(schema_ctx_t *sc, const schema_key_t *k, const load_node_t *n,
                          const char *what, void *dst)
{
    (void)k;
    model_book_t *b = dst;
    if (!schema_want(sc, n, LOAD_SEQ, what))
        return false;
    if (n->count > MODEL_MAX_KEYWORDS)
        return diag_error(sc->d, n->pos, "'keywords' holds %zu items; the limit is %d", n->count,
                          MODEL_MAX_KEYWORDS);
    b->keywords = arena_alloc(sc->a, sizeof(char *) * (n->count + 1));
    bool ok = true;
    for (size_t i = 0; i < n->count; i++)
        if (!schema_want(sc, n->items[i], LOAD_SCALAR, "a keyword"))
            ok = false;
        else if (n->items[i]->len > MODEL_MAX_VALUE_BYTES) /* metadata, not a library */
            ok = diag_error(sc->d, n->items[i]->pos, "a keyword is %zu bytes long; the limit "
                            "is %d", n->items[i]->len, MODEL_MAX_VALUE_BYTES);
        else
            b->keywords[b->n_keywords++] = n->items[i]->text;
    return ok;
}

#define PAGE_AT(F) offsetof(model_page_t, F)

static const schema_key_t PAGE_ENTRY_KEYS[] = {
    {.name = "page", .type = SCHEMA_TYPE_CUSTOM, .at = PAGE_AT(page), .read = read_node,
     .type_doc = "cover or contents", .json = "\"$ref\": \"#/$defs/book-page\"",
     .doc = "A book page; or name an `exercise`."},
    {.name = "exercise", .type = SCHEMA_TYPE_CUSTOM, .at = PAGE_AT(id), .read = read_node,
     .type_doc = "an exercise id, or a variable holding one (\"{exercise}\")",
     .json = "\"anyOf\": [{\"$ref\": \"#/$defs/id\"}, "
             "{\"type\": \"string\", \"pattern\": \"[{]\"}]",
     .doc = "The exercise to print."},
    {.name = "count", .type = SCHEMA_TYPE_UINT, .min = 1, .max = MODEL_MAX_COUNT, .def = "1",
     .at = PAGE_AT(count), .doc = "How many times in a row."},
    {.name = "every", .type = SCHEMA_TYPE_UINT, .min = 1, .max = MODEL_MAX_WEEKS, .def = "1",
     .at = PAGE_AT(every), .doc = "In a weekly section: only every Nth week..."},
    {.name = "from", .type = SCHEMA_TYPE_UINT, .min = 1, .max = MODEL_MAX_WEEKS, .def = "1",
     .at = PAGE_AT(from), .doc = "...from this week on."},
    {.name = "style", .type = SCHEMA_TYPE_CUSTOM, .at = PAGE_AT(style), .read = read_node,
     .type_doc = "as the exercise's own `style`", .json = "\"type\": \"string\"",
     .doc = "Notes pages: the ruling, for this entry."},
};
static void keep_entry(schema_ctx_t *sc, const load_node_t *map, void *dst)
{
    (void)sc;
    model_page_t *pg = dst;
    pg->node = map;
    pg->pos = map->pos;
}
static const schema_table_t PAGE_ENTRY = SCHEMA_TABLE(
    "a page entry", "One entry of a section's pages: `page` or `exercise`, one of the two.",
    model_page_t, PAGE_ENTRY_KEYS, keep_entry);

#define SECTION_AT(F) offsetof(model_section_t, F)
static const char *const REPEATS[] = {"none", "weekly", NULL};
static const char *const MATTERS[] = {"body", "front", NULL};

static const schema_key_t SECTION_KEYS[] = {
    {.name = "title", .type = SCHEMA_TYPE_MARKUP, .required = true, .at = SECTION_AT(title),
     .doc = "In the outline and the contents."},
    {.name = "entry", .type = SCHEMA_TYPE_MARKUP, .at = SECTION_AT(entry),
     .doc = "Weekly sections: each week's title, such as \"Week {week}\"."},
    {.name = "repeat", .type = SCHEMA_TYPE_ENUM, .values = REPEATS, .def = "none",
     .at = SECTION_AT(repeat), .doc = "weekly: the pages come once a week."},
    {.name = "matter", .type = SCHEMA_TYPE_ENUM, .values = MATTERS, .def = "body",
     .at = SECTION_AT(matter), .doc = "front: numbered i, ii, iii."},
    {.name = "contents", .type = SCHEMA_TYPE_BOOL, .def = "true", .at = SECTION_AT(in_contents),
     .doc = "Listed on the contents page."},
    {.name = "pages", .type = SCHEMA_TYPE_MAPS, .required = true, .min = 1,
     .max = MODEL_MAX_PAGE_ENTRIES, .at = SECTION_AT(pages), .count_at = SECTION_AT(n_pages),
     .sub = &PAGE_ENTRY, .doc = "The section's pages, in order."},
};
static void check_section(schema_ctx_t *sc, const load_node_t *map, void *dst);
static const schema_table_t SECTION = SCHEMA_TABLE(
    "a section", "A part of the book.", model_section_t, SECTION_KEYS, check_section);

#define BOOK_AT(F) offsetof(model_book_t, F)

static const schema_key_t BOOK_KEYS[] = {
    TYPE_ROW(model_book_t, "book"),
    ID_ROW(model_book_t),
    {.name = "layout", .type = SCHEMA_TYPE_CUSTOM, .required = true, .at = BOOK_AT(layout_id),
     .read = read_file_id, .values = LAYOUT_FILE, .type_doc = "a layout id",
     .json = "\"$ref\": \"#/$defs/id\"",
     .doc = "A layout's id (layouts/ID.yaml); `-l` overrides it."},
    {.name = "language", .type = SCHEMA_TYPE_CUSTOM, .required = true,
     .at = BOOK_AT(language_id), .read = read_file_id, .values = LANGUAGE_FILE,
     .type_doc = "a language id", .json = "\"$ref\": \"#/$defs/id\"",
     .doc = "A language's id (content/lang/ID.yaml)."},
    {.name = "subject", .type = SCHEMA_TYPE_TEMPLATE, .at = BOOK_AT(subject),
     .doc = "The PDF's subject."},
    {.name = "pad-to", .type = SCHEMA_TYPE_UINT, .min = 1, .max = MODEL_MAX_PAD_TO, .def = "1",
     .at = BOOK_AT(pad_to),
     .doc = "Make the page count a multiple of this (4 for a folded booklet), with `pad-with`."},
    {.name = "pad-with", .type = SCHEMA_TYPE_CUSTOM, .at = BOOK_AT(pad.id), .read = read_node,
     .type_doc = "an exercise id", .json = "\"$ref\": \"#/$defs/id\"",
     .doc = "The exercise (such as notes) whose pages make up the count `pad-to` asks for."},
    {.name = "author", .type = SCHEMA_TYPE_TEMPLATE, .at = BOOK_AT(author),
     .doc = "The PDF's author, such as \"{practice}\" (default: the names)."},
    {.name = "keywords", .type = SCHEMA_TYPE_CUSTOM, .at = 0, .read = read_keywords,
     .type_doc = "list of texts",
     .json = "\"type\": \"array\", \"items\": {\"$ref\": \"#/$defs/text\"}, \"maxItems\": 100",
     .doc = "The PDF's keywords."},
    {.name = "variables", .type = SCHEMA_TYPE_CUSTOM, .at = 0, .read = read_variables,
     .type_doc = "map of name to text",
     .json = "\"type\": \"object\", \"propertyNames\": {\"pattern\": \"^[a-z0-9-]+$\"}, "
             "\"properties\": {\"names\": {\"anyOf\": [{\"$ref\": \"#/$defs/text\"}, "
             "{\"type\": \"array\", \"items\": {\"$ref\": \"#/$defs/text\"}, \"minItems\": 1}]}}, "
             "\"additionalProperties\": {\"$ref\": \"#/$defs/text\"}",
     .doc = "Personal variables and their defaults; typed: start (YYYY-MM-DD), weeks "
            "(1-520), week-starts (monday...sunday), seed (0, the default, deals prompts in their "
            "written order; any other number shuffles them); names may be a list."},
    {.name = "sections", .type = SCHEMA_TYPE_MAPS, .required = true, .min = 1,
     .max = MODEL_MAX_SECTIONS, .at = BOOK_AT(sections), .count_at = BOOK_AT(n_sections),
     .sub = &SECTION, .doc = "The book's parts, in order."},
};
static const schema_table_t BOOK =
    SCHEMA_TABLE("a book", "A book file, content/books/ID.yaml: what goes in, in which order.",
                 model_book_t, BOOK_KEYS, NULL);

static void check_section(schema_ctx_t *sc, const load_node_t *map, void *dst)
{
    model_section_t *sec = dst;
    const load_node_t *r = load_map_get(map, "repeat");
    sec->pos = map->pos;
    /* A `repeat:` that did not read was reported: whether the section is
     * weekly is unknown, so nothing that depends on it is said again. */
    for (size_t i = 0; r && REPEATS[i]; i++)
        if (r->kind == LOAD_SCALAR && !strcmp(r->text, REPEATS[i]))
            r = NULL;
    if (r)
        sec->repeat = MODEL_REPEAT_UNKNOWN;
    if (sec->repeat == MODEL_REPEAT_WEEKLY && !sec->entry.text)
        diag_error(sc->d, map->pos, "a weekly section needs 'entry', each week's title "
                                    "(such as \"Week {week}\")");
}

static const char *book_lookup(const void *ctx, const char *name)
{
    return model_var(ctx, name);
}

/* The exercise an entry names: an id, or a variable holding one, as in
 * `exercise: "{exercise}"`, which is how `keepsake worksheet ID` picks its
 * page. */
static model_exercise_t *entry_exercise(ctx_t *c, const model_book_t *b, const load_node_t *ex)
{
    if (!schema_want(&c->sc, ex, LOAD_SCALAR, "'exercise'"))
        return NULL;
    if (strchr(ex->text, '{')) {
        load_node_t *id = arena_alloc(c->a, sizeof *id);
        *id = *ex;
        text_problem_t pr;
        id->text = text_expand(c->a, ex->text, book_lookup, b, false, &pr);
        id->src = NULL;
        /* "{exercise}" alone: a wrong id is the value's (the worksheet's
         * argument, a --set, the book's line), not the template's */
        const model_var_t *v = model_var_of(b, ex->text);
        if (v)
            id->pos = v->pos;
        if (!id->text) {
            ERR(c, ex->pos, "%s%s in 'exercise'", pr.name ? "unknown placeholder " : "",
                pr.name ? arena_printf(c->a, "{%s}", pr.name) : pr.message);
            return NULL;
        }
        ex = id;
    }
    return exercise_get(c, ex);
}

/* A page entry's `style:` overrides its exercise's own, on a copy. */
static void entry_style(ctx_t *c, model_page_t *pg)
{
    const model_exercise_t *e = pg->exercise;
    const schema_key_t *k = e ? schema_find(e->kind->schema, "style") : NULL;
    if (!k) {
        if (e)
            ERR(c, pg->style->pos, "'style' is for notes pages; '%s' is a %s exercise", e->id,
                e->kind->name);
        return;
    }
    void *copy = arena_alloc(c->a, e->kind->schema->size);
    memcpy(copy, e->data, e->kind->schema->size);
    if (schema_read_value(&c->sc, k, pg->style, copy))
        pg->data = copy;
}

/* One page entry: a book page or an exercise, checked in its section. */
static void book_entry(ctx_t *c, model_book_t *b, const model_section_t *sec, model_page_t *pg,
                       bool *contents_seen)
{
    bool weekly = sec->repeat != MODEL_REPEAT_NONE; /* unknown: as if weekly, quietly */
    if (!!pg->page == !!pg->id) {
        ERR(c, pg->pos, "a page entry names either 'page' (cover, contents) or 'exercise', "
                        "one of the two");
        return;
    }
    if (pg->page && schema_want(&c->sc, pg->page, LOAD_SCALAR, "'page'")) {
        const kind_t *k = kind_find(pg->page->text);
        if (!k || !k->book_page) {
            schema_bad_value(&c->sc, pg->page, "'page'", kind_names(c->a, true));
            return;
        }
        pg->kind = k;
        if (k->late && (*contents_seen || weekly)) /* a page that lists the others */
            ERR(c, pg->page->pos, "a book has one contents page, outside weekly sections");
        *contents_seen = *contents_seen || k->late;
    } else if (pg->id && (pg->exercise = entry_exercise(c, b, pg->id))) {
        pg->kind = pg->exercise->kind;
        pg->data = pg->exercise->data;
        /* `exercise: "{exercise}"` (the worksheet's): what goes wrong on the
         * page is said where the exercise was named (worksheet ARG, --set) */
        const model_var_t *v = strchr(pg->id->text, '{') ? model_var_of(b, pg->id->text) : NULL;
        if (v)
            pg->pos = v->pos;
    }
    const load_node_t *v;
    if ((v = load_map_get(pg->node, "every")) && !weekly)
        ERR(c, v->pos, "'every' is for pages of a weekly section");
    if ((v = load_map_get(pg->node, "from")) && !weekly)
        ERR(c, v->pos, "'from' is for pages of a weekly section");
    if (pg->style)
        entry_style(c, pg);
}

static void book_pages(ctx_t *c, model_book_t *b)
{
    bool contents_seen = false;
    if (b->pad.id && (b->pad.exercise = entry_exercise(c, b, b->pad.id))) {
        b->pad.kind = b->pad.exercise->kind;
        b->pad.data = b->pad.exercise->data;
        b->pad.pos = b->pad.id->pos;
        b->pad.count = b->pad.every = b->pad.from = 1;
    } else if (b->pad_to > 1 && !b->pad.id) {
        ERR(c, b->pos, "'pad-to' needs 'pad-with', the exercise to make up the pages with");
    }
    for (size_t i = 0; i < b->n_sections; i++) {
        model_section_t *sec = &b->sections[i];
        for (size_t j = 0; j < sec->n_pages; j++)
            book_entry(c, b, sec, &sec->pages[j], &contents_seen);
    }
}

/* The pages entry `pg` of `sec` makes: a weekly section's in each week it
 * comes, `count` times, once for each person if it is for each. */
static uint64_t entry_pages(const model_book_t *b, const model_section_t *sec,
                            const model_page_t *pg)
{
    uint64_t n = pg->count;
    if (!pg->every) /* it did not read: reported */
        return 0;
    if (pg->exercise && pg->exercise->for_whom == MODEL_FOR_EACH && b->n_people > 1)
        n *= b->n_people;
    if (sec->repeat == MODEL_REPEAT_WEEKLY)
        n *= pg->from > b->weeks ? 0 : (b->weeks - pg->from) / pg->every + 1;
    return n;
}

/* What the book will expand into, counted before anything is planned: a
 * few kilobytes of YAML (a list aliased into many sections, many weeks,
 * `count`) must not turn into millions of pages. Reported at the entry
 * that takes the book past the limit. */
static void book_size(ctx_t *c, const model_book_t *b)
{
    uint64_t total = b->pad_to > 1 ? b->pad_to - 1 : 0;
    for (size_t i = 0; i < b->n_sections; i++) {
        const model_section_t *sec = &b->sections[i];
        if (sec->repeat == MODEL_REPEAT_UNKNOWN)
            continue;
        for (size_t j = 0; j < sec->n_pages; j++) {
            const model_page_t *pg = &sec->pages[j];
            uint64_t n = pg->kind ? entry_pages(b, sec, pg) : 0;
            total += n;
            if (total > MODEL_MAX_PAGES) {
                ERR(c, pg->pos, "this entry makes %" PRIu64 " page%s, which brings the book to "
                    "%" PRIu64 "; a book has at most %d pages (MODEL_MAX_PAGES)", n,
                    n == 1 ? "" : "s", total, MODEL_MAX_PAGES);
                return;
            }
        }
    }
}

/* The book's language, by id. */
static void book_language(ctx_t *c, model_book_t *b, const load_node_t *root)
{
    const load_node_t *v = load_map_get(root, "language");
    if (!b->language_id)
        return;
    const char *rel = arena_printf(c->a, "content/lang/%s.yaml", b->language_id);
    const char *lp = find_in(c, rel);
    load_node_t *lr;
    if (!lp)
        ERR(c, v->pos, "no language '%s' (looked for %s)", b->language_id, looked_in(c, rel));
    else if (is_file_at(c, lp, v->pos, "language", b->language_id) &&
             (lr = load_included(c, lp, v->pos)))
        b->lang = language_parse(c, lr, lp);
}

/* The book's layout: `name` (-l: an id or a path) or its own. */
static void book_layout(ctx_t *c, model_book_t *b, const load_node_t *root, const char *name)
{
    src_pos_t at = diag_at("--layout", 0, 0);
    const load_node_t *v = load_map_get(root, "layout");
    if (!name && b->layout_id)
        name = b->layout_id, at = v->pos;
    if (!name)
        return;
    bool by_path = strchr(name, '/') || g_str_has_suffix(name, ".yaml");
    const char *rel = arena_printf(c->a, "layouts/%s.yaml", name);
    const char *lp = by_path ? name : find_in(c, rel);
    if (!lp || !g_file_test(lp, G_FILE_TEST_EXISTS))
        ERR(c, at, "no layout '%s' (looked for %s)", name, by_path ? name : looked_in(c, rel));
    else if (is_file_at(c, lp, at, "layout", name))
        b->layout = layout_parse(c, lp, at);
}

/* The first data folder's fonts/ (the shipped fonts, when the user's own
 * folder has none). */
static const char *first_fonts_dir(ctx_t *c)
{
    for (size_t i = 0; c->dirs[i]; i++) {
        const char *p = arena_printf(c->a, "%s/fonts", c->dirs[i]);
        if (g_file_test(p, G_FILE_TEST_IS_DIR))
            return p;
    }
    return arena_printf(c->a, "%s/fonts", c->dirs[0] ? c->dirs[0] : ".");
}

static model_book_t *book_parse(ctx_t *c, const char *path, const char *layout_name,
                                const model_setting_t *sets, size_t n_sets)
{
    load_node_t *root = load_root(c, path);
    if (!root || !check_type(c, root, "book"))
        return NULL;
    if (!c->dirs[0]) { /* one error, not one for each thing it would look for */
        char *dir = g_path_get_dirname(path);
        ERR(c, root->pos, "no data folder for this book: no content/ or layouts/ in %s or the "
                          "folders above it, no --data, and no installed data in %s; name one "
                          "with --data DIR", dir, model_installed_dir());
        g_free(dir);
        return NULL;
    }
    model_book_t *b = arena_alloc(c->a, sizeof *b);
    b->path = path;
    b->pos = root->pos;
    void *dst = b;
    c->vars = NULL;
    schema_read(&c->sc, root, BOOK.name, (const schema_table_t *const[]){&BOOK}, &dst, 1);
    /* A book's id need not be its file's name: books are found by path
     * (or, for `build ID`, by file name), so a copied book still builds. */
    const load_node_t *idn = load_map_get(root, "id");
    b->id = idn && idn->kind == LOAD_SCALAR ? idn->text : stem(c, path);
    book_language(c, b, root);
    book_layout(c, b, root, layout_name);
    book_variables(c, b, sets, n_sets);
    index_exercises(c);
    book_pages(c, b);
    book_size(c, b);
    drop_index(c);
    b->fonts_dir = first_fonts_dir(c);
    return b;
}

/* ---- entry points ------------------------------------------------------ */

bool model_is_data_dir(const char *dir)
{
    char *content = g_build_filename(dir, "content", NULL);
    char *layouts = g_build_filename(dir, "layouts", NULL);
    bool ok = g_file_test(content, G_FILE_TEST_IS_DIR) ||
              g_file_test(layouts, G_FILE_TEST_IS_DIR);
    g_free(content);
    g_free(layouts);
    return ok;
}

const char *model_installed_dir(void)
{
    const char *env = g_getenv("KEEPSAKE_DATADIR");
    return env && *env ? env : KEEPSAKE_DATADIR;
}

/* `abs` as the user would write it from the current folder: "." or a
 * relative path inside it, else as it is. */
static const char *as_shown(run_t *run, const char *abs)
{
    char *here = g_get_current_dir();
    char *cwd = g_canonicalize_filename(here, NULL);
    size_t n = strlen(cwd);
    const char *r = abs;
    if (!strcmp(abs, cwd))
        r = ".";
    else if (!strncmp(abs, cwd, n) && (abs[n] == '/' || !strcmp(cwd, "/")))
        r = arena_strdup(run->arena, abs + n + (abs[n] == '/'));
    g_free(cwd);
    g_free(here);
    return r;
}

enum { MODEL_MAX_UP = 8 }; /* folders looked in above the book's: DATA/content/books/ is 2 */

/* The book's own data folders into `cand` (at most MODEL_MAX_UP + 1): each
 * folder at or above `dir` that holds content/ or layouts/, nearest first;
 * returns how many. */
static size_t own_dirs(run_t *run, const char *dir, const char **cand)
{
    char *d = g_canonicalize_filename(dir, NULL);
    size_t n = 0;
    for (int i = 0; i <= MODEL_MAX_UP; i++) {
        if (model_is_data_dir(d))
            cand[n++] = as_shown(run, arena_strdup(run->arena, d));
        char *up = g_path_get_dirname(d);
        bool top = !strcmp(up, d);
        g_free(d);
        d = up;
        if (top)
            break;
    }
    g_free(d);
    return n;
}

const char *const *model_search_path(run_t *run, const char *path)
{
    enum { LEVELS = MODEL_MAX_UP + 3 };
    const char *cand[LEVELS];
    char *dir = path ? g_path_get_dirname(path) : g_strdup(".");
    size_t n_cand = own_dirs(run, dir, cand);
    g_free(dir);
    cand[n_cand++] = run->data_dir;
    cand[n_cand++] = model_installed_dir();
    const char **dirs = arena_alloc(run->arena, sizeof(char *) * (LEVELS + 1));
    char *canon[LEVELS] = {NULL};
    size_t n = 0;
    for (size_t i = 0; i < n_cand; i++) {
        if (!cand[i] || !model_is_data_dir(cand[i]))
            continue;
        char *abs = g_canonicalize_filename(cand[i], NULL);
        bool dup = false;
        for (size_t j = 0; j < n; j++)
            dup = dup || !strcmp(canon[j], abs);
        if (dup) {
            g_free(abs);
            continue;
        }
        canon[n] = abs;
        dirs[n++] = cand[i];
    }
    dirs[n] = NULL;
    for (size_t j = 0; j < n; j++)
        g_free(canon[j]);
    return dirs;
}

bool model_build(run_t *run, const char *path, const char *layout, const model_setting_t *sets,
                 size_t n_sets, model_book_t **out)
{
    unsigned before = run->diag.errors;
    ctx_t c = ctx_make(run, model_search_path(run, path));
    *out = book_parse(&c, arena_strdup(run->arena, path), layout, sets, n_sets);
    return *out && run->diag.errors == before;
}

/* An entry's exercise as `b`'s variables name it must be the one the
 * book was checked with. */
static void same_exercise(ctx_t *c, const model_book_t *b, const model_page_t *pg,
                          const model_setting_t *sets, const src_pos_t *where, size_t n_sets)
{
    if (!pg->id || !pg->exercise || pg->id->kind != LOAD_SCALAR || !strchr(pg->id->text, '{'))
        return;
    text_problem_t pr;
    const char *id = text_expand(c->a, pg->id->text, book_lookup, b, false, &pr);
    if (!id || !strcmp(id, pg->exercise->id))
        return;
    src_pos_t at = pg->id->pos;
    for (size_t i = 0; i < n_sets; i++)
        if (strstr(pg->id->text, arena_printf(c->a, "{%s}", sets[i].name)))
            at = where[i];
    ERR(c, at, "this would make the page '%s' instead of '%s'; a batch reads its pages once, "
               "so give the exercise to the batch instead (--worksheet %s)", id,
        pg->exercise->id, id);
}

bool model_vary(run_t *run, const model_book_t *tpl, const model_setting_t *sets,
                const src_pos_t *at, size_t n_sets, model_book_t **out)
{
    unsigned before = run->diag.errors;
    ctx_t c = ctx_make(run, NULL);
    const load_node_t *names_list = NULL;
    model_book_t *b = arena_alloc(c.a, sizeof *b);
    *b = *tpl;
    b->vars = arena_alloc(c.a, sizeof(model_var_t) * (tpl->n_vars + 1));
    memcpy(b->vars, tpl->vars, sizeof(model_var_t) * tpl->n_vars);
    set_variables(&c, b, sets, at, n_sets, &names_list);
    typed_values(&c, b);
    if (run->diag.errors == before && g_date_valid(&b->start))
        check_span(&c, b);
    /* names: split again only when set; else the book's (maybe a list). */
    for (size_t i = 0; i < n_sets; i++)
        if (!strcmp(sets[i].name, "names") && var_find(b, "names")) {
            model_var_t *v = var_find(b, "names");
            split_people(&c, b, NULL, v->value, v->pos);
            break;
        }
    for (size_t i = 0; i < b->n_sections; i++)
        for (size_t j = 0; j < b->sections[i].n_pages; j++)
            same_exercise(&c, b, &b->sections[i].pages[j], sets, at, n_sets);
    same_exercise(&c, b, &b->pad, sets, at, n_sets);
    *out = b;
    return run->diag.errors == before;
}

bool model_check_file(run_t *run, const char *path)
{
    return model_check_file_layout(run, path, NULL, NULL);
}

bool model_check_file_layout(run_t *run, const char *path, const model_layout_t **layout,
                             const char **fonts_dir)
{
    static const char *const TYPES[] = {"book", "exercise", "layout", "language", NULL};
    const model_layout_t *L = NULL;
    unsigned before = run->diag.errors;
    ctx_t c = ctx_make(run, model_search_path(run, path));
    path = arena_strdup(run->arena, path);
    load_node_t *root = load_root(&c, path);
    if (!root)
        return false;
    const load_node_t *t = load_map_get(root, "type");
    if (!t)
        return ERR(&c, root->pos, "missing 'type:' (book, exercise, layout or language)");
    int type = -1;
    static const schema_key_t TYPE = {.name = "type", .type = SCHEMA_TYPE_ENUM, .values = TYPES};
    if (!schema_read_value(&c.sc, &TYPE, t, &type))
        return false;
    if (type == 0) {
        const model_book_t *b = book_parse(&c, path, NULL, NULL, 0);
        L = b ? b->layout : NULL;
    } else if (type == 1) {
        model_exercise_t *e = exercise_parse(&c, root, path);
        if (e && e->data) { /* its references must resolve too */
            index_exercises(&c);
            resolve_refs(&c, e);
            drop_index(&c);
        }
    } else if (type == 2) {
        L = layout_parse(&c, path, root->pos);
    } else {
        language_parse(&c, root, path);
    }
    if (layout)
        *layout = run->diag.errors == before ? L : NULL;
    if (fonts_dir)
        *fonts_dir = first_fonts_dir(&c);
    return run->diag.errors == before;
}

const schema_table_t *model_schema(const char *type)
{
    static const struct { const char *type; const schema_table_t *t; } T[] = {
        {"book", &BOOK}, {"exercise", &EXERCISE}, {"layout", &LAYOUT}, {"language", &LANGUAGE}};
    for (size_t i = 0; i < G_N_ELEMENTS(T); i++)
        if (!strcmp(T[i].type, type))
            return T[i].t;
    return NULL;
}

/* ---- listing ----------------------------------------------------------- */

static int entry_cmp(const void *a, const void *b)
{
    return strcmp(((const model_entry_t *)a)->id, ((const model_entry_t *)b)->id);
}

static const char *scalar_at(const load_node_t *map, const char *k1, const char *k2)
{
    const load_node_t *n = load_map_get(map, k1);
    if (n && k2)
        n = load_map_get(n, k2);
    return n && n->kind == LOAD_SCALAR ? n->text : "";
}

/* Index the files of `what` into c->exercise_files (id -> path). */
static bool list_files(ctx_t *c, const char *what)
{
    if (!strcmp(what, "exercises")) {
        index_all(c);
        return true;
    }
    if (strcmp(what, "books") && strcmp(what, "layouts"))
        return false;
    for (size_t i = 0; c->dirs[i]; i++) { /* an earlier folder's id hides a later one's */
        const char *dir = arena_printf(c->a, "%s/%s", c->dirs[i],
                                       !strcmp(what, "books") ? "content/books" : "layouts");
        GDir *d = g_dir_open(dir, 0, NULL);
        const char *name;
        while (d && (name = g_dir_read_name(d)))
            if (g_str_has_suffix(name, ".yaml") &&
                !g_hash_table_contains(c->exercise_files, stem(c, name)))
                g_hash_table_insert(c->exercise_files, (gpointer)stem(c, name),
                                    arena_printf(c->a, "%s/%s", dir, name));
        if (d)
            g_dir_close(d);
    }
    return true;
}

/* One row of the listing of `what`, or false for a file that failed. */
static bool list_row(ctx_t *c, const char *what, model_entry_t *row)
{
    load_node_t *root = load_root(c, row->path);
    if (!root)
        return false;
    if (!strcmp(what, "exercises")) {
        model_exercise_t *e = exercise_parse(c, root, row->path);
        if (!e)
            return false;
        row->title = e->title.text ? e->title.text : "";
        row->practice = e->practice;
        row->kind = e->kind->name;
    } else if (!strcmp(what, "books")) {
        row->title = scalar_at(root, "variables", "title");
    } else {
        row->title = scalar_at(root, "description", NULL);
        row->kind = scalar_at(root, "page", "size");
    }
    return true;
}

bool model_list(run_t *run, const char *const *dirs, const char *what, model_entry_t **out,
                size_t *n)
{
    unsigned before = run->diag.errors;
    ctx_t c = ctx_make(run, dirs);
    GArray *rows = g_array_new(FALSE, TRUE, sizeof(model_entry_t));
    c.exercise_files = g_hash_table_new(g_str_hash, g_str_equal);
    bool known = list_files(&c, what);
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, c.exercise_files);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        model_entry_t row = {.id = k, .path = v, .title = "", .practice = "", .kind = ""};
        if (list_row(&c, what, &row))
            g_array_append_val(rows, row);
    }
    g_hash_table_destroy(c.exercise_files);
    g_array_sort(rows, entry_cmp);
    *n = rows->len;
    *out = arena_alloc(c.a, sizeof(model_entry_t) * (rows->len + 1));
    memcpy(*out, rows->data, sizeof(model_entry_t) * rows->len);
    g_array_free(rows, TRUE);
    return known && run->diag.errors == before;
}

model_exercise_t *model_find_exercise(run_t *run, const char *const *dirs, const char *id)
{
    unsigned before = run->diag.errors;
    ctx_t c = ctx_make(run, dirs);
    index_exercises(&c);
    load_node_t *r = arena_alloc(c.a, sizeof *r);
    *r = (load_node_t){.kind = LOAD_SCALAR, .text = id, .len = strlen(id),
                       .pos = diag_at("keepsake show", 0, 0)};
    model_exercise_t *e = exercise_get(&c, r);
    drop_index(&c);
    return run->diag.errors == before ? e : NULL;
}
