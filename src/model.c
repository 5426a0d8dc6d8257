/* model: YAML trees -> checked, typed model (see model.h).
 *
 * The schema, one file kind at a time (`?` optional, `|` alternatives):
 *
 *   book      := type: book, id?, layout, language, subject?, keywords?,
 *                variables?, sections
 *   variables := map of name -> text (names may also be a list of texts);
 *                typed: start (YYYY-MM-DD), weeks (1..520),
 *                week-starts (monday..sunday), seed (0..2^53)
 *   sections  := list of section
 *   section   := title, entry?, repeat? (weekly), matter? (front|body),
 *                contents? (true|false), pages
 *   page      := { page: cover|contents } |
 *                { exercise: ID, count?: 1..100, every?: 1..520, from?: week,
 *                  style?: lined|dotted|grid|blank }
 *
 *   exercise  := type: exercise, id, practice, kind, title, intro?, and by kind:
 *                text: body (list of {heading|paragraph: text} | {list: [text]})
 *                check-in: questions (1..8 texts), scale? {question, low, high},
 *                          deeper? (a pool's id)
 *                gratitude: lines? (1..6)
 *                story: prompts (texts)
 *                notes: style? (lined|dotted|grid|blank)
 *                pool: prompts (drawn from by a check-in's `deeper: ID`)
 *                cards: prompts, per-page? (1..12)
 *                questions: sections ({heading?, prompts}), answers? (one|each),
 *                           lines? (1..8)
 *                log: entries? (1..12), lines? (1..6)
 *                tracker: rows? (1..20)
 *                chart: (title and intro only)
 *                calendar: view? (year|month), marks? ({date, label}: a date
 *                          written YYYY-MM-DD or a variable holding one)
 *
 *   language  := type: language, id, name, code?, months (12), months-short (12),
 *                weekdays (7, Monday first), weekdays-short (7),
 *                formats {date, date-short, month-year, range-same-month,
 *                         range-same-year, range, names-two, names-list},
 *                words {contents, date}
 *
 *   layout    := type: layout, id?, extends?, description?,
 *                page {size, margins? {top, bottom, inner, outer}, duplex?},
 *                ruling? {pitch, width}, fonts? {body, heading, title, label:
 *                {family, size, style?}}, colours? {text, accent, rule, muted},
 *                footer? {text, align?: outer|center|inner}
 *
 * Lengths are a number and a unit (mm cm in pt); colours are #rgb or
 * #rrggbb; page sizes are a name (a4 a5 a6 letter half-letter) or [w, h].
 * A layout that extends another is merged key by key over it: maps merge,
 * anything else replaces.
 *
 * Exercises are found by id: the file content/<any folder>/<id>.yaml. */
#include "model.h"

#include "text.h"

#include <dirent.h>
#include <errno.h>
#include <pango/pango.h>
#include <string.h>
#include <sys/stat.h>

#ifndef KEEPSAKE_DATADIR
#define KEEPSAKE_DATADIR "/usr/local/share/keepsake"
#endif

typedef struct {
    run_t *run;
    diag_t *d;
    arena_t *a;
    const char *data_dir;
    GHashTable *exercise_files; /* id -> path (arena) */
    GHashTable *exercises;      /* id -> model_exercise_t* */
    bool ok;
} ctx_t;

static bool fail(ctx_t *c) { return c->ok = false; }

#define ERR(c, pos, ...) (diag_error((c)->d, (pos), __VA_ARGS__), fail(c))

static const char *const PRACTICES[] = {
    "stories", "affirmation", "laughter", "self-awareness", "check-ins",
    "appreciation", "rituals", "therapy", NULL};
static const char *const KINDS[] = {"text", "check-in", "gratitude", "story",
                                    "notes", "pool", "cards", "questions", "log",
                                    "tracker", "chart", "calendar", NULL};
static const char *const NOTES[] = {"lined", "dotted", "grid", "blank", NULL};
static const char *const WEEKDAYS[] = {"monday", "tuesday", "wednesday",
                                       "thursday", "friday", "saturday",
                                       "sunday", NULL};

/* ---- generic checks ---------------------------------------------------- */

static bool in_list(const char *s, const char *const *l)
{
    for (size_t i = 0; l[i]; i++)
        if (!strcmp(s, l[i]))
            return true;
    return false;
}

static char *join_list(ctx_t *c, const char *const *l)
{
    GString *s = g_string_new(NULL);
    for (size_t i = 0; l[i]; i++)
        g_string_append_printf(s, "%s%s", i ? ", " : "", l[i]);
    char *r = arena_strdup(c->a, s->str);
    g_string_free(s, TRUE);
    return r;
}

/* Unknown keys (with a suggestion) and missing required keys of a map. */
static bool check_keys(ctx_t *c, const load_node_t *map, const char *what,
                       const char *const *allowed, const char *const *required)
{
    bool ok = true;
    const char *suggested[8];
    size_t n_suggested = 0;
    for (size_t i = 0; i < map->count; i++) {
        const load_node_t *k = map->pairs[i].key;
        if (in_list(k->text, allowed))
            continue;
        const char *s = text_suggest(k->text, allowed);
        if (s && n_suggested < G_N_ELEMENTS(suggested))
            suggested[n_suggested++] = s;
        if (s)
            ERR(c, k->pos, "unknown key '%s' in %s (did you mean '%s'?)",
                k->text, what, s);
        else
            ERR(c, k->pos, "unknown key '%s' in %s (known keys: %s)", k->text,
                what, join_list(c, allowed));
        ok = false;
    }
    for (size_t i = 0; required && required[i]; i++) {
        bool named = false; /* a misspelling of it was reported already */
        for (size_t j = 0; j < n_suggested; j++)
            named = named || !strcmp(suggested[j], required[i]);
        if (!named && !load_map_get(map, required[i])) {
            ERR(c, map->pos, "%s is missing the required key '%s'", what,
                required[i]);
            ok = false;
        }
    }
    return ok;
}

static bool want(ctx_t *c, const load_node_t *n, load_kind_t k, const char *what)
{
    if (n->kind == k)
        return true;
    static const char *const article[] = {"text", "a list", "a map"};
    return ERR(c, n->pos, "%s should be %s, not %s%s", what, article[k],
               n->kind == LOAD_SCALAR ? "" : "a ",
               n->kind == LOAD_SCALAR ? "text" : load_kind_name(n->kind));
}

static void set_text(const load_node_t *n, model_text_t *t)
{
    t->text = n->text;
    t->pos = n->pos;
    t->src = n->src;
    t->style = n->style;
}

/* Text under `key`; `t` stays zeroed when absent. Checks placeholder syntax
 * and, with `markup`, that the markup parses and asks for no absurd size. */
static bool check_markup(ctx_t *c, const model_text_t *t);
static bool check_braces(ctx_t *c, const model_text_t *t);

static bool get_text_node(ctx_t *c, const load_node_t *n, const char *what,
                          bool markup, model_text_t *t)
{
    if (!want(c, n, LOAD_SCALAR, what))
        return false;
    set_text(n, t);
    if (!check_braces(c, t))
        return false;
    return !markup || check_markup(c, t);
}

static bool get_text(ctx_t *c, const load_node_t *map, const char *key,
                     bool markup, model_text_t *t)
{
    const load_node_t *n = load_map_get(map, key);
    memset(t, 0, sizeof *t);
    if (!n)
        return true;
    return get_text_node(c, n, arena_printf(c->a, "'%s'", key), markup, t);
}

static const char *get_plain(ctx_t *c, const load_node_t *map, const char *key)
{
    const load_node_t *n = load_map_get(map, key);
    if (!n || !want(c, n, LOAD_SCALAR, arena_printf(c->a, "'%s'", key)))
        return NULL;
    return n->text;
}

static int get_enum(ctx_t *c, const load_node_t *n, const char *what,
                    const char *const *values)
{
    if (!want(c, n, LOAD_SCALAR, what))
        return -1;
    for (size_t i = 0; values[i]; i++)
        if (!strcmp(n->text, values[i]))
            return (int)i;
    const char *s = text_suggest(n->text, values);
    if (s)
        ERR(c, n->pos, "%s cannot be '%s' (did you mean '%s'? one of: %s)", what, n->text,
            s, join_list(c, values));
    else
        ERR(c, n->pos, "%s cannot be '%s' (one of: %s)", what, n->text,
            join_list(c, values));
    return -1;
}

static bool get_bool(ctx_t *c, const load_node_t *n, const char *what, bool *out)
{
    static const char *const B[] = {"false", "true", NULL};
    int v = get_enum(c, n, what, B);
    if (v < 0)
        return false;
    *out = v == 1;
    return true;
}

static bool get_uint(ctx_t *c, const load_node_t *n, const char *what,
                     long long min, long long max, unsigned *out)
{
    long long v;
    if (!want(c, n, LOAD_SCALAR, what))
        return false;
    if (!text_parse_int(n->text, min, max, &v))
        return ERR(c, n->pos, "%s must be a whole number from %lld to %lld, not '%s'",
                   what, min, max, n->text);
    *out = (unsigned)v;
    return true;
}

/* A length: number and unit, converted to points, within [min, max] pt. */
static bool get_length(ctx_t *c, const load_node_t *n, const char *what,
                       double min, double max, double *out)
{
    static const struct { const char *unit; double pt; } U[] = {
        {"mm", 72.0 / 25.4}, {"cm", 720.0 / 25.4}, {"in", 72.0}, {"pt", 1.0}};
    if (!want(c, n, LOAD_SCALAR, what))
        return false;
    size_t len = n->len;
    for (size_t i = 0; i < G_N_ELEMENTS(U); i++) {
        if (len > 2 && !strcmp(n->text + len - 2, U[i].unit)) {
            char *num = arena_strndup(c->a, n->text, len - 2);
            double v;
            if (!text_parse_number(num, &v))
                break;
            v *= U[i].pt;
            char lo[32], hi[32];
            if (v < min || v > max)
                return ERR(c, n->pos, "%s is %s; it must be from %s%s to %s%s",
                           what, n->text, text_fmt(lo, sizeof lo, min / U[i].pt, 1),
                           U[i].unit, text_fmt(hi, sizeof hi, max / U[i].pt, 1), U[i].unit);
            *out = v;
            return true;
        }
    }
    return ERR(c, n->pos,
               "%s must be a length such as 12mm, 1.5cm, 0.5in or 10pt, not '%s'",
               what, n->text);
}

static int hexval(char ch)
{
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
    return -1;
}

static bool get_colour(ctx_t *c, const load_node_t *n, const char *what,
                       model_colour_t *out)
{
    if (!want(c, n, LOAD_SCALAR, what))
        return false;
    const char *s = n->text;
    int v[6];
    size_t len = n->len;
    if (s[0] == '#' && (len == 4 || len == 7)) {
        bool ok = true;
        for (size_t i = 1; i < len; i++)
            ok = ok && (v[i - 1] = hexval(s[i])) >= 0;
        if (ok) {
            if (len == 4) {
                out->r = v[0] * 17 / 255.0;
                out->g = v[1] * 17 / 255.0;
                out->b = v[2] * 17 / 255.0;
            } else {
                out->r = (v[0] * 16 + v[1]) / 255.0;
                out->g = (v[2] * 16 + v[3]) / 255.0;
                out->b = (v[4] * 16 + v[5]) / 255.0;
            }
            return true;
        }
    }
    if (!*s) /* `colour: #abc` unquoted: YAML read a comment */
        return ERR(c, n->pos, "%s is empty; quote colours, as in \"#7a4b3a\": "
                              "an unquoted # starts a YAML comment", what);
    return ERR(c, n->pos, "%s must be a colour such as \"#7a4b3a\" or \"#333\", not '%s'",
               what, s);
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

static const char *any_name(void *ctx, const char *name)
{
    (void)ctx, (void)name;
    return "x";
}

static bool check_braces(ctx_t *c, const model_text_t *t)
{
    text_problem_t pr;
    if (text_expand(c->a, t->text, any_name, NULL, false, &pr))
        return true;
    return ERR(c, model_text_pos(t, pr.offset), "%s", pr.message);
}

static bool check_markup(ctx_t *c, const model_text_t *t)
{
    text_problem_t pr;
    char *sample = text_expand(c->a, t->text, any_name, NULL, true, &pr);
    PangoAttrList *attrs = NULL;
    GError *err = NULL;
    bool ok = true;

    if (!sample)
        return false; /* check_braces reported it */
    size_t at;
    const char *problem = text_markup_problem(c->a, t->text, &at);
    if (problem)
        return ERR(c, model_text_pos(t, at), "invalid markup: %s", problem);
    if (!pango_parse_markup(sample, -1, 0, &attrs, NULL, NULL, &err)) {
        /* Attribute problems. GLib words them "Error on line 1 char 5: ...",
         * counting in a string the user never wrote: drop the count. */
        GRegex *re = g_regex_new("^Error on line \\d+ char \\d+: | on line \\d+( char \\d+)?", 0, 0, NULL);
        char *msg = g_regex_replace_literal(re, err->message, -1, 0, "", 0, NULL);
        ERR(c, t->pos, "invalid markup: %s", msg ? msg : err->message);
        g_free(msg);
        g_regex_unref(re);
        g_error_free(err);
        return false;
    }
    PangoAttrIterator *it = pango_attr_list_get_iterator(attrs);
    do {
        GSList *list = pango_attr_iterator_get_attrs(it);
        for (GSList *l = list; l; l = l->next) {
            PangoAttribute *a = l->data;
            int size = 0;
            if (a->klass->type == PANGO_ATTR_SIZE ||
                a->klass->type == PANGO_ATTR_ABSOLUTE_SIZE)
                size = ((PangoAttrSize *)a)->size;
            else if (a->klass->type == PANGO_ATTR_FONT_DESC)
                size = pango_font_description_get_size(((PangoAttrFontDesc *)a)->desc);
            else if (a->klass->type == PANGO_ATTR_SCALE)
                size = ((PangoAttrFloat *)a)->value > 4 ? INT32_MAX : 0;
            if (size > MODEL_MAX_TEXT_PT * PANGO_SCALE && ok)
                ok = ERR(c, t->pos, "markup asks for text larger than %d pt",
                         MODEL_MAX_TEXT_PT);
        }
        g_slist_free_full(list, (GDestroyNotify)pango_attribute_destroy);
    } while (pango_attr_iterator_next(it));
    pango_attr_iterator_destroy(it);
    pango_attr_list_unref(attrs);
    return ok;
}

/* A list of texts under `key`, with a count in [min, max]. */
static bool get_texts(ctx_t *c, const load_node_t *map, const char *key,
                      size_t min, size_t max, bool markup, model_text_t **out,
                      size_t *n_out)
{
    const load_node_t *n = load_map_get(map, key);
    *out = NULL, *n_out = 0;
    if (!n)
        return true;
    if (!want(c, n, LOAD_SEQ, arena_printf(c->a, "'%s'", key)))
        return false;
    if (n->count < min || n->count > max)
        return ERR(c, n->pos, "'%s' holds %zu items; it needs %zu to %zu", key,
                   n->count, min, max);
    *out = arena_alloc(c->a, sizeof(model_text_t) * (n->count + 1));
    bool ok = true;
    for (size_t i = 0; i < n->count; i++)
        ok = get_text_node(c, n->items[i], arena_printf(c->a, "an item of '%s'", key),
                           markup, &(*out)[i]) && ok;
    *n_out = n->count;
    return ok;
}

static bool check_type(ctx_t *c, const load_node_t *root, const char *type)
{
    const load_node_t *t = load_map_get(root, "type");
    if (!t)
        return ERR(c, root->pos, "missing 'type:' (book, exercise, layout or language)");
    if (!want(c, t, LOAD_SCALAR, "'type'"))
        return false;
    if (strcmp(t->text, type))
        return ERR(c, t->pos, "expected a file of type '%s', found '%s'", type, t->text);
    return true;
}

static bool valid_id(const char *s)
{
    if (!*s || strlen(s) > 64)
        return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' ||
              *p == '_'))
            return false;
    return true;
}

static const char *stem(ctx_t *c, const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    return arena_strndup(c->a, base, dot ? (size_t)(dot - base) : strlen(base));
}

/* `id:` when present must be a valid id equal to the file's name. */
static const char *check_id(ctx_t *c, const load_node_t *root, const char *path,
                            bool required)
{
    const load_node_t *n = load_map_get(root, "id");
    const char *file_id = stem(c, path);
    if (!n) {
        if (required)
            ERR(c, root->pos, "missing 'id:'");
        return file_id;
    }
    if (!want(c, n, LOAD_SCALAR, "'id'"))
        return file_id;
    if (!valid_id(n->text))
        ERR(c, n->pos, "id '%s' may hold only a-z, 0-9, '-' and '_'", n->text);
    else if (strcmp(n->text, file_id))
        ERR(c, n->pos, "id '%s' does not match the file name '%s.yaml'", n->text,
            file_id);
    return n->text;
}

static load_node_t *load_root(ctx_t *c, const char *path)
{
    if (c->run->inputs)
        g_ptr_array_add(c->run->inputs, (gpointer)path);
    load_node_t *root = load_file(c->a, c->d, path);
    if (!root)
        return fail(c), NULL;
    if (root->kind != LOAD_MAP) {
        ERR(c, root->pos, "the file should be a map of keys, starting with 'type:'");
        return NULL;
    }
    return root;
}

/* ---- language ---------------------------------------------------------- */

static bool get_names(ctx_t *c, const load_node_t *map, const char *key,
                      const char **out, size_t n)
{
    const load_node_t *l = load_map_get(map, key);
    if (!l)
        return true;
    if (!want(c, l, LOAD_SEQ, arena_printf(c->a, "'%s'", key)))
        return false;
    if (l->count != n)
        return ERR(c, l->pos, "'%s' must list exactly %zu names, not %zu", key, n,
                   l->count);
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        if (!want(c, l->items[i], LOAD_SCALAR, arena_printf(c->a, "a name in '%s'", key)))
            ok = false;
        else
            out[i] = l->items[i]->text;
    }
    return ok;
}

static bool check_pattern(ctx_t *c, const load_node_t *map, const char *key,
                          const char *const *names, const char **out)
{
    const load_node_t *n = load_map_get(map, key);
    if (!n)
        return true;
    model_text_t t;
    if (!get_text_node(c, n, arena_printf(c->a, "'%s'", key), false, &t))
        return false;
    /* Every placeholder must be one this pattern knows. */
    for (const char *p = t.text; (p = strchr(p, '{'));) {
        if (p[1] == '{') {
            p += 2;
            continue;
        }
        const char *e = strchr(p, '}');
        char *name = arena_strndup(c->a, p + 1, (size_t)(e - p - 1));
        if (!in_list(name, names)) {
            const char *s = text_suggest(name, names);
            return ERR(c, model_text_pos(&t, (size_t)(p - t.text)),
                       "unknown placeholder {%s} in '%s'%s%s%s", name, key,
                       s ? " (did you mean {" : "", s ? s : "", s ? "}?)" : "");
        }
        p = e + 1;
    }
    *out = t.text;
    return true;
}

static model_language_t *language_parse(ctx_t *c, const load_node_t *root,
                                        const char *path)
{
    static const char *const KEYS[] = {"type", "id", "name", "code", "months",
                                       "months-short", "weekdays", "weekdays-short",
                                       "formats", "words", NULL};
    static const char *const REQ[] = {"name", "months", "months-short", "weekdays",
                                      "weekdays-short", "formats", "words", NULL};
    static const char *const FKEYS[] = {"date", "date-short", "month-year",
                                        "range-same-month", "range-same-year", "range",
                                        "names-two", "names-list", NULL};
    static const char *const WKEYS[] = {"contents", "date", NULL};
    static const char *const DATE_PH[] = {"day", "month", "month-short", "year",
                                          "weekday", "weekday-short", NULL};
    static const char *const RANGE_PH[] = {
        "day1", "month1", "month-short1", "year1", "weekday1", "weekday-short1",
        "day2", "month2", "month-short2", "year2", "weekday2", "weekday-short2", NULL};
    static const char *const TWO_PH[] = {"a", "b", NULL};
    static const char *const LIST_PH[] = {"list", "last", NULL};

    model_language_t *L = arena_alloc(c->a, sizeof *L);
    L->path = path;
    if (!check_type(c, root, "language"))
        return NULL;
    L->id = check_id(c, root, path, false);
    check_keys(c, root, "a language", KEYS, REQ);
    L->code = get_plain(c, root, "code");
    if (!L->code)
        L->code = L->id;
    dates_names_t *N = &L->names;
    get_names(c, root, "months", N->months, 12);
    get_names(c, root, "months-short", N->months_short, 12);
    get_names(c, root, "weekdays", N->weekdays, 7);
    get_names(c, root, "weekdays-short", N->weekdays_short, 7);
    const load_node_t *f = load_map_get(root, "formats");
    if (f && want(c, f, LOAD_MAP, "'formats'")) {
        check_keys(c, f, "'formats'", FKEYS, FKEYS);
        check_pattern(c, f, "date", DATE_PH, &N->date);
        check_pattern(c, f, "date-short", DATE_PH, &N->date_short);
        check_pattern(c, f, "month-year", DATE_PH, &N->month_year);
        check_pattern(c, f, "range-same-month", RANGE_PH, &N->range_same_month);
        check_pattern(c, f, "range-same-year", RANGE_PH, &N->range_same_year);
        check_pattern(c, f, "range", RANGE_PH, &N->range);
        check_pattern(c, f, "names-two", TWO_PH, &L->and_two);
        check_pattern(c, f, "names-list", LIST_PH, &L->and_list);
    }
    const load_node_t *w = load_map_get(root, "words");
    if (w && want(c, w, LOAD_MAP, "'words'")) {
        check_keys(c, w, "'words'", WKEYS, WKEYS);
        L->word_contents = get_plain(c, w, "contents");
        L->word_date = get_plain(c, w, "date");
    }
    return c->ok ? L : NULL;
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
        m->pairs[m->count++].value = o ? merge(c, base->pairs[i].value, o)
                                       : base->pairs[i].value;
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

/* Load a layout file and the chain of layouts it extends, merged. */
static load_node_t *layout_tree(ctx_t *c, const char *path, unsigned depth,
                                GPtrArray *seen, src_pos_t from)
{
    for (size_t i = 0; i < seen->len; i++)
        if (!strcmp(seen->pdata[i], path)) {
            ERR(c, from, "layout '%s' extends itself through a cycle", stem(c, path));
            return NULL;
        }
    if (depth > MODEL_MAX_EXTENDS) {
        ERR(c, from, "layouts extend each other more than %d deep", MODEL_MAX_EXTENDS);
        return NULL;
    }
    g_ptr_array_add(seen, (gpointer)path);
    load_node_t *root = load_root(c, path);
    if (!root || !check_type(c, root, "layout"))
        return NULL;
    check_id(c, root, path, false);
    const load_node_t *ext = load_map_get(root, "extends");
    if (!ext)
        return root;
    if (!want(c, ext, LOAD_SCALAR, "'extends'"))
        return NULL;
    if (!valid_id(ext->text)) {
        ERR(c, ext->pos, "'extends' names a layout id (such as a5), not '%s'", ext->text);
        return NULL;
    }
    char *parent = arena_printf(c->a, "%s/%s.yaml", dir_of(c, path), ext->text);
    if (!g_file_test(parent, G_FILE_TEST_EXISTS) && c->data_dir)
        parent = arena_printf(c->a, "%s/layouts/%s.yaml", c->data_dir, ext->text);
    if (!g_file_test(parent, G_FILE_TEST_EXISTS)) {
        ERR(c, ext->pos, "layout '%s' not found beside this file or in layouts/",
            ext->text);
        return NULL;
    }
    load_node_t *base = layout_tree(c, parent, depth + 1, seen, ext->pos);
    return base ? merge(c, base, root) : NULL;
}

static void get_font(ctx_t *c, const load_node_t *fonts, const char *key,
                     model_font_t *f)
{
    static const char *const FK[] = {"family", "size", "style", NULL};
    static const char *const FR[] = {"family", "size", NULL};
    static const char *const STYLES[] = {"regular", "italic", "bold", "bold-italic", NULL};
    const load_node_t *n = load_map_get(fonts, key);
    if (!n || !want(c, n, LOAD_MAP, arena_printf(c->a, "font '%s'", key)))
        return;
    check_keys(c, n, arena_printf(c->a, "font '%s'", key), FK, FR);
    const load_node_t *v;
    if ((v = load_map_get(n, "family")) && want(c, v, LOAD_SCALAR, "'family'")) {
        if (strchr(v->text, '/') || strchr(v->text, ',') || !*v->text)
            ERR(c, v->pos, "'family' is a font family name such as \"EB Garamond\", "
                           "not '%s'", v->text);
        f->family = v->text;
        f->pos = v->pos;
    }
    if ((v = load_map_get(n, "size")))
        get_length(c, v, arena_printf(c->a, "the size of font '%s'", key), 4,
                   MODEL_MAX_TEXT_PT, &f->size);
    if ((v = load_map_get(n, "style"))) {
        int s = get_enum(c, v, "font style", STYLES);
        if (s >= 0)
            f->italic = s & 1, f->bold = s & 2;
    }
}

static const struct { const char *name; double w, h; } PAPER[] = {
    {"a4", 595.28, 841.89}, {"a5", 419.53, 595.28}, {"a6", 297.64, 419.53},
    {"letter", 612, 792}, {"half-letter", 396, 612},
};

static model_layout_t *layout_parse(ctx_t *c, const char *path, src_pos_t from)
{
    static const char *const KEYS[] = {"type", "id", "extends", "description", "page",
                                       "ruling", "fonts", "colours", "footer", NULL};
    static const char *const REQ[] = {"page", NULL};
    static const char *const PK[] = {"size", "margins", "duplex", NULL};
    static const char *const PR[] = {"size", NULL};
    static const char *const MK[] = {"top", "bottom", "inner", "outer", NULL};
    static const char *const RK[] = {"pitch", "width", NULL};
    static const char *const FK[] = {"body", "heading", "title", "label", NULL};
    static const char *const CK[] = {"text", "accent", "rule", "muted", NULL};
    static const char *const OK[] = {"text", "align", NULL};
    static const char *const ALIGN[] = {"outer", "center", "inner", NULL};
    static const char *SIZES[G_N_ELEMENTS(PAPER) + 1];
    for (size_t i = 0; i < G_N_ELEMENTS(PAPER); i++)
        SIZES[i] = PAPER[i].name;

    GPtrArray *seen = g_ptr_array_new();
    load_node_t *root = layout_tree(c, path, 0, seen, from);
    g_ptr_array_free(seen, TRUE);
    if (!root)
        return NULL;

    model_layout_t *L = arena_alloc(c->a, sizeof *L);
    L->path = path;
    L->id = stem(c, path);
    L->pos = root->pos;
    /* Defaults for what a layout leaves out; reader-visible words never. */
    double mm = 72.0 / 25.4;
    L->margin_top = L->margin_bottom = L->margin_outer = 14 * mm;
    L->margin_inner = 18 * mm;
    L->duplex = true;
    L->pitch = 8 * mm;
    L->rule_width = 0.5;
    L->body = (model_font_t){"EB Garamond", 11, false, false, root->pos};
    L->heading = (model_font_t){"Lato", 15, true, false, root->pos};
    L->title = (model_font_t){"EB Garamond", 30, false, false, root->pos};
    L->label = (model_font_t){"Lato", 8.5, false, false, root->pos};
    L->text = (model_colour_t){0.17, 0.16, 0.15};
    L->accent = (model_colour_t){0.55, 0.33, 0.25};
    L->rule = (model_colour_t){0.72, 0.70, 0.67};
    L->muted = (model_colour_t){0.45, 0.43, 0.41};
    L->footer.text = "{page}";
    L->footer.pos = root->pos;

    check_keys(c, root, "a layout", KEYS, REQ);
    const load_node_t *page = load_map_get(root, "page"), *v;
    if (page && want(c, page, LOAD_MAP, "'page'")) {
        check_keys(c, page, "'page'", PK, PR);
        if ((v = load_map_get(page, "size"))) {
            if (v->kind == LOAD_SEQ) {
                if (v->count != 2)
                    ERR(c, v->pos, "a page size is [width, height], two lengths");
                else {
                    get_length(c, v->items[0], "page width", 72, 3400, &L->page_w);
                    get_length(c, v->items[1], "page height", 72, 3400, &L->page_h);
                }
            } else if (want(c, v, LOAD_SCALAR, "page size")) {
                size_t i = 0;
                while (SIZES[i] && strcmp(SIZES[i], v->text))
                    i++;
                const char *s = SIZES[i] ? NULL : text_suggest(v->text, SIZES);
                if (SIZES[i])
                    L->page_w = PAPER[i].w, L->page_h = PAPER[i].h;
                else
                    ERR(c, v->pos, "page size cannot be '%s' (%s%s%sone of: %s; or "
                                   "[width, height] such as [297mm, 420mm])",
                        v->text, s ? "did you mean '" : "", s ? s : "", s ? "'? " : "",
                        join_list(c, SIZES));
            }
        }
        const load_node_t *m = load_map_get(page, "margins");
        if (m && want(c, m, LOAD_MAP, "'margins'")) {
            check_keys(c, m, "'margins'", MK, NULL);
            double *dst[] = {&L->margin_top, &L->margin_bottom, &L->margin_inner,
                             &L->margin_outer};
            for (size_t i = 0; MK[i]; i++)
                if ((v = load_map_get(m, MK[i])))
                    get_length(c, v, arena_printf(c->a, "margin '%s'", MK[i]), 0,
                               1000, dst[i]);
        }
        if ((v = load_map_get(page, "duplex")))
            get_bool(c, v, "'duplex'", &L->duplex);
        /* What is left for content must hold a heading and a few lines. */
        if (c->ok && L->page_w > 0 &&
            (L->page_w - L->margin_inner - L->margin_outer < 40 * mm ||
             L->page_h - L->margin_top - L->margin_bottom < 60 * mm))
            ERR(c, (m ? m : page)->pos,
                "the margins leave too little room: at least 40 mm wide and "
                "60 mm tall must remain inside them");
    }
    const load_node_t *r = load_map_get(root, "ruling");
    if (r && want(c, r, LOAD_MAP, "'ruling'")) {
        check_keys(c, r, "'ruling'", RK, NULL);
        if ((v = load_map_get(r, "pitch")))
            get_length(c, v, "ruling pitch", 5 * mm, 30 * mm, &L->pitch);
        if ((v = load_map_get(r, "width")))
            get_length(c, v, "ruling width", 0.1, 3, &L->rule_width);
    }
    const load_node_t *f = load_map_get(root, "fonts");
    if (f && want(c, f, LOAD_MAP, "'fonts'")) {
        check_keys(c, f, "'fonts'", FK, NULL);
        get_font(c, f, "body", &L->body);
        get_font(c, f, "heading", &L->heading);
        get_font(c, f, "title", &L->title);
        get_font(c, f, "label", &L->label);
    }
    const load_node_t *col = load_map_get(root, "colours");
    if (col && want(c, col, LOAD_MAP, "'colours'")) {
        check_keys(c, col, "'colours'", CK, NULL);
        model_colour_t *dst[] = {&L->text, &L->accent, &L->rule, &L->muted};
        for (size_t i = 0; CK[i]; i++)
            if ((v = load_map_get(col, CK[i])))
                get_colour(c, v, arena_printf(c->a, "colour '%s'", CK[i]), dst[i]);
    }
    const load_node_t *ft = load_map_get(root, "footer");
    if (ft && want(c, ft, LOAD_MAP, "'footer'")) {
        check_keys(c, ft, "'footer'", OK, NULL);
        if (load_map_get(ft, "text"))
            get_text(c, ft, "text", true, &L->footer);
        if ((v = load_map_get(ft, "align"))) {
            int a = get_enum(c, v, "footer 'align'", ALIGN);
            if (a >= 0)
                L->footer_align = (model_align_t)a;
        }
    }
    return c->ok ? L : NULL;
}

/* ---- exercises --------------------------------------------------------- */

static bool parse_blocks(ctx_t *c, const load_node_t *body, model_exercise_t *e)
{
    static const char *const BK[] = {"heading", "paragraph", "list", NULL};
    if (!want(c, body, LOAD_SEQ, "'body'"))
        return false;
    e->blocks = arena_alloc(c->a, sizeof(model_block_t) * (body->count + 1));
    for (size_t i = 0; i < body->count; i++) {
        const load_node_t *b = body->items[i];
        model_block_t *blk = &e->blocks[e->n_blocks];
        if (!want(c, b, LOAD_MAP, "a block of 'body'"))
            continue;
        check_keys(c, b, "a block of 'body'", BK, NULL);
        if (b->count != 1) {
            ERR(c, b->pos, "a block is one of heading, paragraph or list");
            continue;
        }
        const char *k = b->pairs[0].key->text;
        if (!strcmp(k, "list")) {
            blk->kind = MODEL_BLOCK_LIST;
            get_texts(c, b, "list", 1, 100, true, &blk->items, &blk->n_items);
        } else if (in_list(k, BK)) {
            blk->kind = !strcmp(k, "heading") ? MODEL_BLOCK_HEADING : MODEL_BLOCK_PARAGRAPH;
            get_text(c, b, k, true, &blk->text);
        } else {
            continue;
        }
        e->n_blocks++;
    }
    return c->ok;
}

static model_exercise_t *exercise_parse(ctx_t *c, const load_node_t *root,
                                        const char *path)
{
    static const char *const COMMON[] = {"type", "id", "practice", "kind", "title",
                                         "intro", NULL};
    static const char *const REQ[] = {"id", "practice", "kind", "title", NULL};
    static const char *const X_TEXT[] = {"body", NULL};
    static const char *const X_CHECKIN[] = {"questions", "scale", "deeper", NULL};
    static const char *const X_GRATITUDE[] = {"lines", NULL};
    static const char *const X_STORY[] = {"prompts", NULL};
    static const char *const X_NOTES[] = {"style", NULL};
    static const char *const X_POOL[] = {"prompts", NULL};
    static const char *const X_CARDS[] = {"prompts", "per-page", NULL};
    static const char *const X_QUESTIONS[] = {"answers", "lines", "sections", NULL};
    static const char *const X_LOG[] = {"entries", "lines", NULL};
    static const char *const X_TRACKER[] = {"rows", NULL};
    static const char *const X_CHART[] = {NULL};
    static const char *const X_CALENDAR[] = {"view", "marks", NULL};
    static const char *const *const EXTRA[] = {X_TEXT,  X_CHECKIN,   X_GRATITUDE, X_STORY,
                                               X_NOTES, X_POOL,      X_CARDS,     X_QUESTIONS,
                                               X_LOG,   X_TRACKER,   X_CHART,     X_CALENDAR};
    static const char *const SK[] = {"question", "low", "high", NULL};

    unsigned errors_before = c->d->errors;
    if (!check_type(c, root, "exercise"))
        return NULL;
    model_exercise_t *e = arena_alloc(c->a, sizeof *e);
    e->path = path;
    e->pos = root->pos;
    e->id = check_id(c, root, path, true);
    e->lines = 2;
    const load_node_t *v;
    int kind = -1;
    if ((v = load_map_get(root, "kind")) && (kind = get_enum(c, v, "'kind'", KINDS)) >= 0)
        e->kind = (model_kind_t)kind;
    if ((v = load_map_get(root, "practice")) && get_enum(c, v, "'practice'", PRACTICES) >= 0)
        e->practice = v->text;

    /* Allowed keys: the common ones plus those of its kind. */
    const char *allowed[16];
    size_t n = 0;
    for (size_t i = 0; COMMON[i]; i++)
        allowed[n++] = COMMON[i];
    for (size_t i = 0; kind >= 0 && EXTRA[kind][i]; i++)
        allowed[n++] = EXTRA[kind][i];
    allowed[n] = NULL;
    check_keys(c, root, arena_printf(c->a, "a%s exercise", kind >= 0 ? arena_printf(c->a, " %s", KINDS[kind]) : "n"),
               allowed, REQ);
    get_text(c, root, "title", true, &e->title);
    get_text(c, root, "intro", true, &e->intro);

    switch (kind) {
    case MODEL_KIND_TEXT:
        if (!(v = load_map_get(root, "body")))
            ERR(c, root->pos, "a text exercise needs a 'body'");
        else
            parse_blocks(c, v, e);
        break;
    case MODEL_KIND_CHECKIN:
        if (!load_map_get(root, "questions"))
            ERR(c, root->pos, "a check-in exercise needs 'questions'");
        get_texts(c, root, "questions", 1, 8, true, &e->questions, &e->n_questions);
        if ((v = load_map_get(root, "scale")) && want(c, v, LOAD_MAP, "'scale'")) {
            check_keys(c, v, "'scale'", SK, SK);
            get_text(c, v, "question", true, &e->scale_question);
            get_text(c, v, "low", true, &e->scale_low);
            get_text(c, v, "high", true, &e->scale_high);
        }
        if ((v = load_map_get(root, "deeper")) && want(c, v, LOAD_SCALAR, "'deeper'")) {
            if (!valid_id(v->text))
                ERR(c, v->pos, "'deeper' names a pool exercise's id, not '%s'", v->text);
            e->deeper_ref = v;
        }
        break;
    case MODEL_KIND_GRATITUDE:
        if ((v = load_map_get(root, "lines")))
            get_uint(c, v, "'lines'", 1, 6, &e->lines);
        break;
    case MODEL_KIND_LOG:
        e->entries = 6;
        if ((v = load_map_get(root, "entries")))
            get_uint(c, v, "'entries'", 1, 12, &e->entries);
        if ((v = load_map_get(root, "lines")))
            get_uint(c, v, "'lines'", 1, 6, &e->lines);
        break;
    case MODEL_KIND_TRACKER:
        e->rows = 8;
        if ((v = load_map_get(root, "rows")))
            get_uint(c, v, "'rows'", 1, 20, &e->rows);
        break;
    case MODEL_KIND_CHART:
        break;
    case MODEL_KIND_CALENDAR: {
        static const char *const VIEWS[] = {"year", "month", NULL};
        static const char *const MK2[] = {"date", "label", NULL};
        if ((v = load_map_get(root, "view")))
            e->month_view = get_enum(c, v, "'view'", VIEWS) == 1;
        const load_node_t *ms = load_map_get(root, "marks");
        if (ms && want(c, ms, LOAD_SEQ, "'marks'")) {
            e->mark_dates = arena_alloc(c->a, sizeof(model_text_t) * (ms->count + 1));
            e->mark_labels = arena_alloc(c->a, sizeof(model_text_t) * (ms->count + 1));
            for (size_t i = 0; i < ms->count; i++) {
                const load_node_t *m = ms->items[i];
                if (!want(c, m, LOAD_MAP, "a mark"))
                    continue;
                check_keys(c, m, "a mark", MK2, MK2);
                get_text(c, m, "date", false, &e->mark_dates[e->n_marks]);
                get_text(c, m, "label", true, &e->mark_labels[e->n_marks]);
                e->n_marks++;
            }
        }
        break;
    }
    case MODEL_KIND_QUESTIONS: {
        static const char *const ANSWERS[] = {"one", "each", NULL};
        static const char *const GK[] = {"heading", "prompts", NULL};
        static const char *const GR[] = {"prompts", NULL};
        e->lines = 3;
        if ((v = load_map_get(root, "lines")))
            get_uint(c, v, "'lines'", 1, 8, &e->lines);
        if ((v = load_map_get(root, "answers")))
            e->each = get_enum(c, v, "'answers'", ANSWERS) == 1;
        const load_node_t *gs = load_map_get(root, "sections");
        if (!gs) {
            ERR(c, root->pos, "a questions exercise needs 'sections'");
            break;
        }
        if (!want(c, gs, LOAD_SEQ, "'sections'"))
            break;
        e->groups = arena_alloc(c->a, sizeof(model_group_t) * (gs->count + 1));
        for (size_t i = 0; i < gs->count; i++) {
            const load_node_t *g = gs->items[i];
            if (!want(c, g, LOAD_MAP, "a section of questions"))
                continue;
            model_group_t *mg = &e->groups[e->n_groups++];
            check_keys(c, g, "a section of questions", GK, GR);
            get_text(c, g, "heading", true, &mg->heading);
            get_texts(c, g, "prompts", 1, 100, true, &mg->prompts, &mg->n_prompts);
        }
        break;
    }
    case MODEL_KIND_STORY:
    case MODEL_KIND_POOL:
    case MODEL_KIND_CARDS:
        if (!load_map_get(root, "prompts"))
            ERR(c, root->pos, "a %s exercise needs 'prompts'",
                KINDS[kind]);
        get_texts(c, root, "prompts", 1, 10000, true, &e->prompts, &e->n_prompts);
        e->per_page = 4;
        if (kind == MODEL_KIND_CARDS && (v = load_map_get(root, "per-page")))
            get_uint(c, v, "'per-page'", 1, 12, &e->per_page);
        break;
    case MODEL_KIND_NOTES:
        if ((v = load_map_get(root, "style"))) {
            int s = get_enum(c, v, "'style'", NOTES);
            if (s >= 0)
                e->notes = (model_notes_t)s;
        }
        break;
    default:
        break;
    }
    return c->d->errors == errors_before ? e : NULL;
}

/* Index content/ (all folders but books/ and lang/) by file name. */
static void index_dir(ctx_t *c, const char *dir, unsigned depth)
{
    DIR *d = opendir(dir);
    if (!d || depth > 4) {
        if (d)
            closedir(d);
        return;
    }
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    struct dirent *ent;
    while ((ent = readdir(d)))
        if (ent->d_name[0] != '.')
            g_ptr_array_add(names, g_strdup(ent->d_name));
    closedir(d);
    /* readdir order is the file system's: sort, so output never depends on it */
    g_ptr_array_sort(names, (GCompareFunc)(void (*)(void))g_strcmp0);
    for (size_t i = 0; i < names->len; i++) {
        const char *name = names->pdata[i];
        char *p = arena_printf(c->a, "%s/%s", dir, name);
        struct stat st;
        if (stat(p, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            if (depth == 0 && (!strcmp(name, "books") || !strcmp(name, "lang")))
                continue;
            index_dir(c, p, depth + 1);
        } else if (g_str_has_suffix(name, ".yaml")) {
            const char *id = stem(c, p);
            const char *prev = g_hash_table_lookup(c->exercise_files, id);
            if (prev) {
                ERR(c, diag_at(p, 0, 0), "exercise id '%s' is used by two files", id);
                diag_note(c->d, diag_at(prev, 0, 0), "the other file");
            } else {
                g_hash_table_insert(c->exercise_files, (gpointer)id, p);
            }
        }
    }
    g_ptr_array_free(names, TRUE);
}

static model_exercise_t *exercise_get(ctx_t *c, const load_node_t *ref)
{
    if (!valid_id(ref->text)) {
        ERR(c, ref->pos, "'exercise' names an exercise id (such as notes), not '%s'",
            ref->text);
        return NULL;
    }
    /* A file that failed is reported once, however often it is used. */
    static model_exercise_t failed;
    model_exercise_t *e = g_hash_table_lookup(c->exercises, ref->text);
    if (e)
        return e == &failed ? NULL : e;
    const char *path = g_hash_table_lookup(c->exercise_files, ref->text);
    if (!path) {
        GPtrArray *ids = g_ptr_array_new();
        GHashTableIter it;
        gpointer k, val;
        g_hash_table_iter_init(&it, c->exercise_files);
        while (g_hash_table_iter_next(&it, &k, &val))
            g_ptr_array_add(ids, k);
        g_ptr_array_add(ids, NULL);
        const char *s = text_suggest(ref->text, (const char *const *)ids->pdata);
        ERR(c, ref->pos, "no exercise '%s' in %s/content%s%s%s", ref->text,
            c->data_dir, s ? " (did you mean '" : "", s ? s : "", s ? "'?)" : "");
        g_ptr_array_free(ids, TRUE);
        return NULL;
    }
    load_node_t *root = load_root(c, path);
    if (!root || !(e = exercise_parse(c, root, path))) {
        g_hash_table_insert(c->exercises, (gpointer)arena_strdup(c->a, ref->text), &failed);
        return NULL;
    }
    g_hash_table_insert(c->exercises, (gpointer)e->id, e);
    return e;
}

/* ---- book -------------------------------------------------------------- */

static bool valid_var_name(const char *s)
{
    if (!*s || strlen(s) > 32)
        return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
            return false;
    return true;
}

/* Placeholders the program provides; a book may not define them. */
static const char *const BUILTIN_VARS[] = {"week", "range", "page", "end", "year", NULL};

static model_var_t *var_find(model_book_t *b, const char *name)
{
    for (size_t i = 0; i < b->n_vars; i++)
        if (!strcmp(b->vars[i].name, name))
            return &b->vars[i];
    return NULL;
}

const char *model_var(const model_book_t *b, const char *name)
{
    const model_var_t *v = var_find((model_book_t *)b, name);
    return v ? v->value : NULL;
}

static bool value_ok(ctx_t *c, src_pos_t at, const char *name, const char *v)
{
    if (strlen(v) > MODEL_MAX_VALUE_BYTES)
        return ERR(c, at, "the value of '%s' is %zu bytes; the limit is %d", name,
                   strlen(v), MODEL_MAX_VALUE_BYTES);
    if (!g_utf8_validate(v, -1, NULL))
        return ERR(c, at, "the value of '%s' is not valid UTF-8", name);
    if (!text_is_printable(v))
        return ERR(c, at, "the value of '%s' holds a control character", name);
    return true;
}

static void split_people(ctx_t *c, model_book_t *b, const load_node_t *list,
                         const char *text, src_pos_t at)
{
    GPtrArray *p = g_ptr_array_new();
    if (list) {
        for (size_t i = 0; i < list->count; i++)
            if (want(c, list->items[i], LOAD_SCALAR, "a name in 'names'") &&
                value_ok(c, list->items[i]->pos, "names", list->items[i]->text))
                g_ptr_array_add(p, (gpointer)list->items[i]->text);
    } else {
        /* "Alex & Sam", "Alex, Sam and Jo": split on '&' and ',' only, so
         * a name with "and" in it stays whole. */
        char **parts = g_regex_split_simple("\\s*[&,]\\s*", text, 0, 0);
        for (char **q = parts; *q; q++) {
            char *s = g_strstrip(*q);
            if (*s)
                g_ptr_array_add(p, arena_strdup(c->a, s));
        }
        g_strfreev(parts);
    }
    if (p->len == 0)
        ERR(c, at, "'names' needs at least one name");
    else if (p->len > MODEL_MAX_PEOPLE)
        ERR(c, at, "'names' holds %u names; a workbook has room for at most %d",
            p->len, MODEL_MAX_PEOPLE);
    b->n_people = p->len;
    b->people = arena_alloc(c->a, sizeof(char *) * (p->len + 1));
    for (size_t i = 0; i < p->len; i++)
        b->people[i] = p->pdata[i];
    g_ptr_array_free(p, TRUE);
}

/* Join a list of names with the language's patterns. */
static const char *join_people(ctx_t *c, const model_language_t *L,
                               const char **people, size_t n)
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

static void book_variables(ctx_t *c, model_book_t *b, const load_node_t *vars,
                           const model_setting_t *sets, size_t n_sets)
{
    const load_node_t *names_list = NULL;
    size_t cap = (vars ? vars->count : 0) + n_sets + 5;
    b->vars = arena_alloc(c->a, sizeof(model_var_t) * cap);
    if (vars && want(c, vars, LOAD_MAP, "'variables'")) {
        for (size_t i = 0; i < vars->count; i++) {
            const load_node_t *k = vars->pairs[i].key, *v = vars->pairs[i].value;
            if (!valid_var_name(k->text)) {
                ERR(c, k->pos, "variable name '%s' may hold only a-z, 0-9 and '-'", k->text);
                continue;
            }
            if (in_list(k->text, BUILTIN_VARS)) {
                ERR(c, k->pos, "'%s' is provided by keepsake and cannot be set", k->text);
                continue;
            }
            model_var_t *var = &b->vars[b->n_vars++];
            var->name = k->text;
            var->pos = v->pos;
            if (!strcmp(k->text, "names") && v->kind == LOAD_SEQ) {
                names_list = v;
                var->value = "";
            } else if (want(c, v, LOAD_SCALAR, arena_printf(c->a, "variable '%s'", k->text))) {
                var->value = v->text;
                value_ok(c, v->pos, k->text, v->text);
            } else {
                var->value = "";
            }
        }
    }
    /* The typed variables exist in every book, with defaults, so --set can
     * change them even where a book does not mention them. */
    static const char *const TYPED[][2] = {{"start", "2027-01-04"}, {"weeks", "52"},
                                            {"week-starts", "monday"}, {"seed", "1"}};
    for (size_t i = 0; i < G_N_ELEMENTS(TYPED); i++)
        if (!var_find(b, TYPED[i][0])) {
            model_var_t *var = &b->vars[b->n_vars++];
            var->name = TYPED[i][0];
            var->value = TYPED[i][1];
            var->pos = b->pos;
        }
    for (size_t i = 0; i < n_sets; i++) {
        src_pos_t at = diag_at(arena_printf(c->a, "--set %s", sets[i].name), 0, 0);
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
            names_list = NULL;
    }

    /* Typed variables, with their defaults. */
    model_var_t *v;
    dates_parse("2027-01-04", &b->start);
    b->weeks = 52;
    b->week_starts = G_DATE_MONDAY;
    if ((v = var_find(b, "start")) && !dates_parse(v->value, &b->start))
        ERR(c, v->pos, "'start' must be a real date written YYYY-MM-DD (years 1 to 9999), "
                       "not '%s'", v->value);
    long long n;
    if ((v = var_find(b, "weeks"))) {
        if (!text_parse_int(v->value, 1, MODEL_MAX_WEEKS, &n))
            ERR(c, v->pos, "'weeks' must be a whole number from 1 to %d, not '%s'",
                MODEL_MAX_WEEKS, v->value);
        else
            b->weeks = (unsigned)n;
    }
    if ((v = var_find(b, "week-starts"))) {
        size_t i;
        for (i = 0; WEEKDAYS[i] && g_ascii_strcasecmp(v->value, WEEKDAYS[i]); i++)
            ;
        if (WEEKDAYS[i])
            b->week_starts = (GDateWeekday)(i + 1);
        else
            ERR(c, v->pos, "'week-starts' must be a weekday name (monday ... sunday), "
                           "not '%s'", v->value);
    }
    if ((v = var_find(b, "seed"))) {
        if (!text_parse_int(v->value, 0, 9007199254740992LL, &n))
            ERR(c, v->pos, "'seed' must be a whole number from 0 to 2^53, not '%s'", v->value);
        else
            b->seed = (uint64_t)n;
    }
    if (c->ok && g_date_valid(&b->start)) {
        /* The first week may begin before `start`, and a page of seven
         * days may run past the last week: all of it must be a real date. */
        long back = ((long)g_date_get_weekday(&b->start) - (long)b->week_starts + 7) % 7;
        GDate first, last;
        src_pos_t at = (v = var_find(b, "start")) ? v->pos : b->pos;
        if (!dates_add_days(&b->start, -back, &first))
            ERR(c, at, "the first week from 'start' would begin before the year 1");
        else if (!dates_add_days(&first, (long)b->weeks * 7 - 1, &last) ||
                 !dates_add_days(&b->start, 6, &last))
            ERR(c, at, "the weeks from 'start' run past the year 9999");
    }
    if ((v = var_find(b, "names"))) {
        split_people(c, b, names_list, v->value, v->pos);
        if (c->ok && b->lang)
            v->value = names_list ? join_people(c, b->lang, b->people, b->n_people)
                                  : v->value;
    }
}

static const char *book_lookup(void *ctx, const char *name)
{
    return model_var(ctx, name);
}

static const char *resolve_layout(ctx_t *c, const char *name)
{
    if (strchr(name, '/') || g_str_has_suffix(name, ".yaml"))
        return name;
    return arena_printf(c->a, "%s/layouts/%s.yaml", c->data_dir, name);
}

static void book_sections(ctx_t *c, model_book_t *b, const load_node_t *secs)
{
    static const char *const SK[] = {"title", "entry", "repeat", "matter", "contents",
                                      "pages", NULL};
    static const char *const SR[] = {"title", "pages", NULL};
    static const char *const PK[] = {"page", "exercise", "count", "every", "from", "style", NULL};
    static const char *const REPEAT[] = {"weekly", NULL};
    static const char *const MATTER[] = {"body", "front", NULL};
    static const char *const PAGES[] = {"cover", "contents", NULL};

    if (!want(c, secs, LOAD_SEQ, "'sections'"))
        return;
    if (secs->count == 0 || secs->count > MODEL_MAX_SECTIONS) {
        ERR(c, secs->pos, "a book needs 1 to %d sections, not %zu", MODEL_MAX_SECTIONS,
            secs->count);
        return;
    }
    b->sections = arena_alloc(c->a, sizeof(model_section_t) * secs->count);
    bool contents_seen = false;
    for (size_t i = 0; i < secs->count; i++) {
        const load_node_t *s = secs->items[i], *v;
        if (!want(c, s, LOAD_MAP, "a section"))
            continue;
        model_section_t *sec = &b->sections[b->n_sections++];
        sec->pos = s->pos;
        sec->in_contents = true;
        check_keys(c, s, "a section", SK, SR);
        get_text(c, s, "title", true, &sec->title);
        get_text(c, s, "entry", true, &sec->entry);
        if ((v = load_map_get(s, "repeat")))
            sec->weekly = get_enum(c, v, "'repeat'", REPEAT) == 0;
        if ((v = load_map_get(s, "matter")))
            sec->front = get_enum(c, v, "'matter'", MATTER) == 1;
        if ((v = load_map_get(s, "contents")))
            get_bool(c, v, "'contents'", &sec->in_contents);
        if (sec->weekly && !sec->entry.text)
            ERR(c, s->pos, "a weekly section needs 'entry', each week's title "
                           "(such as \"Week {week}\")");
        const load_node_t *pages = load_map_get(s, "pages");
        if (!pages || !want(c, pages, LOAD_SEQ, "'pages'"))
            continue;
        if (pages->count == 0)
            ERR(c, pages->pos, "a section needs at least one page");
        sec->pages = arena_alloc(c->a, sizeof(model_page_t) * (pages->count + 1));
        for (size_t j = 0; j < pages->count; j++) {
            const load_node_t *p = pages->items[j];
            if (!want(c, p, LOAD_MAP, "a page entry"))
                continue;
            model_page_t *pg = &sec->pages[sec->n_pages++];
            pg->pos = p->pos;
            pg->count = pg->every = pg->from = 1;
            pg->notes_style = -1;
            check_keys(c, p, "a page entry", PK, NULL);
            const load_node_t *kind = load_map_get(p, "page"),
                              *ex = load_map_get(p, "exercise");
            if (!!kind == !!ex) {
                ERR(c, p->pos, "a page entry names either 'page' (cover, contents) "
                               "or 'exercise', one of the two");
                continue;
            }
            if (kind) {
                int k = get_enum(c, kind, "'page'", PAGES);
                pg->kind = k == 1 ? MODEL_PAGE_CONTENTS : MODEL_PAGE_COVER;
                if (k == 1 && (contents_seen || sec->weekly))
                    ERR(c, kind->pos, "a book has one contents page, outside weekly sections");
                contents_seen = contents_seen || k == 1;
            } else if (want(c, ex, LOAD_SCALAR, "'exercise'")) {
                pg->kind = MODEL_PAGE_EXERCISE;
                /* An id may come from a variable: `exercise: "{exercise}"`,
                 * which is how `keepsake worksheet ID` picks its page. */
                if (strchr(ex->text, '{')) {
                    load_node_t *id = arena_alloc(c->a, sizeof *id);
                    *id = *ex;
                    text_problem_t pr;
                    id->text = text_expand(c->a, ex->text, book_lookup, b, false, &pr);
                    if (!id->text) {
                        ERR(c, ex->pos, "%s%s in 'exercise'", pr.name ? "unknown placeholder " : "",
                            pr.name ? arena_printf(c->a, "{%s}", pr.name) : pr.message);
                        continue;
                    }
                    id->src = NULL;
                    ex = id;
                }
                pg->exercise = exercise_get(c, ex);
                model_exercise_t *e = pg->exercise;
                if (e && e->deeper_ref && !e->deeper &&
                    (e->deeper = exercise_get(c, e->deeper_ref)) &&
                    e->deeper->kind != MODEL_KIND_POOL)
                    ERR(c, e->deeper_ref->pos, "'deeper' names '%s', which is not a pool",
                        e->deeper->id);
            }
            if ((v = load_map_get(p, "count")))
                get_uint(c, v, "'count'", 1, MODEL_MAX_COUNT, &pg->count);
            if ((v = load_map_get(p, "every"))) {
                get_uint(c, v, "'every'", 1, MODEL_MAX_WEEKS, &pg->every);
                if (!sec->weekly)
                    ERR(c, v->pos, "'every' is for pages of a weekly section");
            }
            if ((v = load_map_get(p, "from"))) {
                get_uint(c, v, "'from'", 1, MODEL_MAX_WEEKS, &pg->from);
                if (!sec->weekly)
                    ERR(c, v->pos, "'from' is for pages of a weekly section");
            }
            if ((v = load_map_get(p, "style"))) {
                pg->notes_style = get_enum(c, v, "'style'", NOTES);
                if (pg->exercise && pg->exercise->kind != MODEL_KIND_NOTES)
                    ERR(c, v->pos, "'style' is for notes pages; '%s' is a %s exercise",
                        pg->exercise->id, KINDS[pg->exercise->kind]);
            }
        }
    }
}

static bool book_parse(ctx_t *c, const char *path, const char *layout_name,
                       const model_setting_t *sets, size_t n_sets, model_book_t **out)
{
    static const char *const KEYS[] = {"type", "id", "layout", "language", "subject",
                                       "keywords", "variables", "sections", NULL};
    static const char *const REQ[] = {"layout", "language", "sections", NULL};
    load_node_t *root = load_root(c, path);
    if (!root || !check_type(c, root, "book"))
        return fail(c);
    model_book_t *b = arena_alloc(c->a, sizeof *b);
    b->path = path;
    b->pos = root->pos;
    b->id = check_id(c, root, path, false);
    check_keys(c, root, "a book", KEYS, REQ);

    const load_node_t *v;
    if ((v = load_map_get(root, "language")) && want(c, v, LOAD_SCALAR, "'language'")) {
        if (!valid_id(v->text))
            ERR(c, v->pos, "'language' names a language id such as en (a file in "
                           "content/lang/), not '%s'", v->text);
        else {
            char *lp = arena_printf(c->a, "%s/content/lang/%s.yaml", c->data_dir, v->text);
            load_node_t *lr;
            if (!g_file_test(lp, G_FILE_TEST_EXISTS))
                ERR(c, v->pos, "no language '%s' (looked for %s)", v->text, lp);
            else if ((lr = load_root(c, lp)))
                b->lang = language_parse(c, lr, lp);
        }
    }
    const char *lname = layout_name;
    src_pos_t lpos = diag_at("--layout", 0, 0);
    if (!lname && (v = load_map_get(root, "layout")) && want(c, v, LOAD_SCALAR, "'layout'")) {
        lname = v->text, lpos = v->pos;
        if (!*lname) {
            ERR(c, v->pos, "'layout' is empty; name a layout such as a5");
            lname = NULL;
        } else if (!valid_id(lname)) {
            ERR(c, v->pos, "'layout' names a layout id such as a5 (a file in layouts/), not '%s'",
                lname);
            lname = NULL;
        }
    }
    if (lname) {
        const char *lp = resolve_layout(c, lname);
        if (!g_file_test(lp, G_FILE_TEST_EXISTS))
            ERR(c, lpos, "no layout '%s' (looked for %s)", lname, lp);
        else
            b->layout = layout_parse(c, lp, lpos);
    }
    get_text(c, root, "subject", false, &b->subject);
    if ((v = load_map_get(root, "keywords")) && want(c, v, LOAD_SEQ, "'keywords'")) {
        b->keywords = arena_alloc(c->a, sizeof(char *) * (v->count + 1));
        for (size_t i = 0; i < v->count; i++)
            if (want(c, v->items[i], LOAD_SCALAR, "a keyword"))
                b->keywords[b->n_keywords++] = v->items[i]->text;
    }
    book_variables(c, b, load_map_get(root, "variables"), sets, n_sets);

    c->exercise_files = g_hash_table_new(g_str_hash, g_str_equal);
    c->exercises = g_hash_table_new(g_str_hash, g_str_equal);
    index_dir(c, arena_printf(c->a, "%s/content", c->data_dir), 0);
    if ((v = load_map_get(root, "sections")))
        book_sections(c, b, v);
    g_hash_table_destroy(c->exercise_files);
    g_hash_table_destroy(c->exercises);
    b->fonts_dir = arena_printf(c->a, "%s/fonts", c->data_dir);
    *out = b;
    return c->ok;
}

/* ---- entry points ------------------------------------------------------ */

static bool is_data_dir(const char *dir)
{
    char *content = g_build_filename(dir, "content", NULL);
    char *layouts = g_build_filename(dir, "layouts", NULL);
    bool ok = g_file_test(content, G_FILE_TEST_IS_DIR) &&
              g_file_test(layouts, G_FILE_TEST_IS_DIR);
    g_free(content);
    g_free(layouts);
    return ok;
}

const char *model_data_dir(run_t *run, const char *path)
{
    if (run->data_dir)
        return run->data_dir;
    char *abs = g_canonicalize_filename(path, NULL);
    char *dir = g_path_get_dirname(abs);
    const char *found = NULL;
    for (int i = 0; i < 8 && !found; i++) {
        if (is_data_dir(dir))
            found = arena_strdup(run->arena, dir);
        char *up = g_path_get_dirname(dir);
        bool top = !strcmp(up, dir);
        g_free(dir);
        dir = up;
        if (top)
            break;
    }
    g_free(dir);
    g_free(abs);
    return found ? found : KEEPSAKE_DATADIR;
}

bool model_build(run_t *run, const char *path, const char *layout,
                 const model_setting_t *sets, size_t n_sets, model_book_t **out)
{
    ctx_t c = {.run = run, .d = &run->diag, .a = run->arena, .ok = true};
    c.data_dir = model_data_dir(run, path);
    *out = NULL;
    return book_parse(&c, arena_strdup(run->arena, path), layout, sets, n_sets, out) &&
           run->diag.errors == 0;
}

bool model_check_file(run_t *run, const char *path)
{
    ctx_t c = {.run = run, .d = &run->diag, .a = run->arena, .ok = true};
    path = arena_strdup(run->arena, path);
    load_node_t *root = load_root(&c, path);
    if (!root)
        return false;
    const load_node_t *t = load_map_get(root, "type");
    static const char *const TYPES[] = {"book", "exercise", "layout", "language", NULL};
    int type = t ? get_enum(&c, t, "'type'", TYPES) : -1;
    if (!t)
        return ERR(&c, root->pos, "missing 'type:' (book, exercise, layout or language)");
    model_book_t *b;
    c.data_dir = model_data_dir(run, path);
    switch (type) {
    case 0:
        return book_parse(&c, path, NULL, NULL, 0, &b) && c.ok;
    case 1:
        return exercise_parse(&c, root, path) && c.ok;
    case 2:
        return layout_parse(&c, path, root->pos) && c.ok;
    case 3:
        return language_parse(&c, root, path) && c.ok;
    default:
        return false;
    }
}

/* ---- listing ----------------------------------------------------------- */

const char *model_kind_name(model_kind_t k)
{
    return KINDS[k];
}

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

bool model_list(run_t *run, const char *data_dir, const char *what,
                model_entry_t **out, size_t *n)
{
    ctx_t c = {.run = run, .d = &run->diag, .a = run->arena, .ok = true, .data_dir = data_dir};
    GArray *rows = g_array_new(FALSE, TRUE, sizeof(model_entry_t));
    c.exercise_files = g_hash_table_new(g_str_hash, g_str_equal);
    bool exercises = !strcmp(what, "exercises");
    if (exercises) {
        index_dir(&c, arena_printf(c.a, "%s/content", data_dir), 0);
    } else if (!strcmp(what, "books") || !strcmp(what, "layouts")) {
        const char *dir = !strcmp(what, "books")
                              ? arena_printf(c.a, "%s/content/books", data_dir)
                              : arena_printf(c.a, "%s/layouts", data_dir);
        GDir *d = g_dir_open(dir, 0, NULL);
        const char *name;
        while (d && (name = g_dir_read_name(d)))
            if (g_str_has_suffix(name, ".yaml"))
                g_hash_table_insert(c.exercise_files, (gpointer)stem(&c, name),
                                    arena_printf(c.a, "%s/%s", dir, name));
        if (d)
            g_dir_close(d);
    } else {
        c.ok = false;
    }
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, c.exercise_files);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        model_entry_t row = {.id = k, .path = v, .title = "", .practice = "", .kind = ""};
        load_node_t *root = load_root(&c, v);
        if (!root)
            continue;
        if (exercises) {
            model_exercise_t *e = exercise_parse(&c, root, v);
            if (!e)
                continue;
            row.title = e->title.text ? e->title.text : "";
            row.practice = e->practice;
            row.kind = KINDS[e->kind];
        } else if (!strcmp(what, "books")) {
            row.title = scalar_at(root, "variables", "title");
        } else {
            row.title = scalar_at(root, "description", NULL);
            row.kind = scalar_at(root, "page", "size");
        }
        g_array_append_val(rows, row);
    }
    g_hash_table_destroy(c.exercise_files);
    g_array_sort(rows, entry_cmp);
    *n = rows->len;
    *out = arena_alloc(c.a, sizeof(model_entry_t) * (rows->len + 1));
    memcpy(*out, rows->data, sizeof(model_entry_t) * rows->len);
    g_array_free(rows, TRUE);
    return c.ok;
}

model_exercise_t *model_find_exercise(run_t *run, const char *data_dir, const char *id)
{
    ctx_t c = {.run = run, .d = &run->diag, .a = run->arena, .ok = true, .data_dir = data_dir};
    c.exercise_files = g_hash_table_new(g_str_hash, g_str_equal);
    c.exercises = g_hash_table_new(g_str_hash, g_str_equal);
    index_dir(&c, arena_printf(c.a, "%s/content", data_dir), 0);
    load_node_t ref = {.kind = LOAD_SCALAR, .text = id, .len = strlen(id),
                       .pos = diag_at("keepsake show", 0, 0)};
    load_node_t *r = arena_alloc(c.a, sizeof ref);
    *r = ref;
    model_exercise_t *e = exercise_get(&c, r);
    if (e && e->deeper_ref && !(e->deeper = exercise_get(&c, e->deeper_ref)))
        e = NULL;
    if (e && e->deeper && e->deeper->kind != MODEL_KIND_POOL) {
        ERR(&c, e->deeper_ref->pos, "'deeper' names '%s', which is not a pool", e->deeper->id);
        e = NULL;
    }
    g_hash_table_destroy(c.exercise_files);
    g_hash_table_destroy(c.exercises);
    return c.ok ? e : NULL;
}
