/* schema: the generic checker over key tables (see schema.h).
 *
 * Each type has one reader, used for what files say and for the defaults
 * (which are YAML too, parsed by the loader), so a default can never be a
 * value that a file could not hold. */
#include "schema.h"

#include "model.h"
#include "text.h"

#include <math.h>
#include <pango/pango.h>
#include <stdarg.h>
#include <string.h>

/* ---- small helpers ------------------------------------------------------ */

enum { MAX_ID_BYTES = 64 }; /* ids are file names: short and portable */

/* The units of lengths, in points. */
static const struct { const char *unit; double pt; } UNITS[] = {
    {"mm", 72.0 / 25.4}, {"cm", 720.0 / 25.4}, {"in", 72.0}, {"pt", 1.0}};

bool schema_valid_id(const char *s)
{
    if (!*s || strlen(s) > MAX_ID_BYTES)
        return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' ||
              *p == '_'))
            return false;
    return true;
}

char *schema_join(arena_t *a, const char *const *list)
{
    GString *s = g_string_new(NULL);
    for (size_t i = 0; list[i]; i++)
        g_string_append_printf(s, "%s%s", i ? ", " : "", list[i]);
    char *r = arena_strdup(a, s->str);
    g_string_free(s, TRUE);
    return r;
}

bool schema_want(schema_ctx_t *c, const load_node_t *n, load_kind_t want, const char *what)
{
    static const char *const ARTICLE[] = {"text", "a list", "a map"};
    if (n->kind == want)
        return true;
    return diag_error(c->d, n->pos, "%s should be %s, not %s%s", what, ARTICLE[want],
                      n->kind == LOAD_SCALAR ? "" : "a ",
                      n->kind == LOAD_SCALAR ? "text" : load_kind_name(n->kind));
}

bool schema_bad_value(schema_ctx_t *c, const load_node_t *n, const char *what,
                      const char *const *values)
{
    const char *s = text_suggest(n->text, values);
    if (s)
        return diag_error(c->d, n->pos, "%s cannot be '%s' (did you mean '%s'? one of: %s)",
                          what, n->text, s, schema_join(c->a, values));
    return diag_error(c->d, n->pos, "%s cannot be '%s' (one of: %s)", what, n->text,
                      schema_join(c->a, values));
}

const schema_key_t *schema_find(const schema_table_t *t, const char *name)
{
    for (size_t i = 0; t && i < t->n_keys; i++)
        if (!strcmp(t->keys[i].name, name))
            return &t->keys[i];
    return NULL;
}

static void *field(void *dst, size_t at)
{
    return (char *)dst + at;
}

/* How messages name row `k`: its `what` (where "%s" stands for the map
 * it is in, as in "the size of %s"), else 'name'. */
static const char *what_of(schema_ctx_t *c, const schema_key_t *k)
{
    if (!k->what)
        return arena_printf(c->a, "'%s'", k->name);
    if (!strstr(k->what, "%s"))
        return k->what;
    GString *s = g_string_new(NULL);
    const char *at = strstr(k->what, "%s");
    g_string_append_len(s, k->what, at - k->what);
    g_string_append(s, c->map ? c->map : "the map");
    g_string_append(s, at + 2);
    char *r = arena_strdup(c->a, s->str);
    g_string_free(s, TRUE);
    return r;
}

/* ---- text ----------------------------------------------------------------- */

static bool check_braces(schema_ctx_t *c, const model_text_t *t)
{
    text_problem_t pr;
    if (text_expand(c->a, t->text, text_any_name, NULL, false, &pr))
        return true;
    return diag_error(c->d, model_text_pos(t, pr.offset), "%s", pr.message);
}

/* Markup that asks for an absurd size: the largest size any attribute
 * sets, in Pango units. */
static int largest_size(PangoAttrList *attrs)
{
    int most = 0;
    PangoAttrIterator *it = pango_attr_list_get_iterator(attrs);
    do {
        GSList *list = pango_attr_iterator_get_attrs(it);
        for (GSList *l = list; l; l = l->next) {
            PangoAttribute *a = l->data;
            int size = 0;
            if (a->klass->type == PANGO_ATTR_SIZE || a->klass->type == PANGO_ATTR_ABSOLUTE_SIZE)
                size = ((PangoAttrSize *)a)->size;
            else if (a->klass->type == PANGO_ATTR_FONT_DESC)
                size = pango_font_description_get_size(((PangoAttrFontDesc *)a)->desc);
            else if (a->klass->type == PANGO_ATTR_SCALE)
                size = ((PangoAttrFloat *)a)->value > 4 ? INT32_MAX : 0;
            most = size > most ? size : most;
        }
        g_slist_free_full(list, (GDestroyNotify)pango_attribute_destroy);
    } while (pango_attr_iterator_next(it));
    pango_attr_iterator_destroy(it);
    return most;
}

static bool check_markup(schema_ctx_t *c, const model_text_t *t)
{
    text_problem_t pr;
    char *sample = text_expand(c->a, t->text, text_any_name, NULL, true, &pr);
    PangoAttrList *attrs = NULL;
    GError *err = NULL;
    size_t at;
    if (!sample)
        return false; /* check_braces reported it */
    const char *problem = text_markup_problem(c->a, t->text, &at);
    if (problem)
        return diag_error(c->d, model_text_pos(t, at), "invalid markup: %s", problem);
    if (!pango_parse_markup(sample, -1, 0, &attrs, NULL, NULL, &err)) {
        /* Attribute problems. GLib words them "Error on line 1 char 5: ...",
         * counting in a string the user never wrote: drop the count. */
        GRegex *re = g_regex_new("^Error on line \\d+ char \\d+: | on line \\d+( char \\d+)?",
                                 0, 0, NULL);
        char *msg = g_regex_replace_literal(re, err->message, -1, 0, "", 0, NULL);
        diag_error(c->d, t->pos, "invalid markup: %s", msg ? msg : err->message);
        g_free(msg);
        g_regex_unref(re);
        g_error_free(err);
        return false;
    }
    bool ok = largest_size(attrs) <= MODEL_MAX_TEXT_PT * PANGO_SCALE ||
              diag_error(c->d, t->pos, "markup asks for text larger than %d pt",
                         MODEL_MAX_TEXT_PT);
    pango_attr_list_unref(attrs);
    return ok;
}

static bool read_text(schema_ctx_t *c, const load_node_t *n, const char *what, bool markup,
                      model_text_t *t)
{
    if (!schema_want(c, n, LOAD_SCALAR, what))
        return false;
    t->text = n->text;
    t->pos = n->pos;
    t->src = n->src;
    t->style = n->style;
    return check_braces(c, t) && (!markup || check_markup(c, t));
}

/* A list of [min, max] items under row `k`. */
static bool want_list(schema_ctx_t *c, const schema_key_t *k, const load_node_t *n)
{
    if (!schema_want(c, n, LOAD_SEQ, what_of(c, k)))
        return false;
    if (n->count < k->min || n->count > k->max)
        return diag_error(c->d, n->pos, "'%s' holds %zu items; it needs %.0f to %.0f",
                          k->name, n->count, k->min, k->max);
    return true;
}

static bool read_markups(schema_ctx_t *c, const schema_key_t *k, const load_node_t *n,
                         void *dst)
{
    model_text_t **out = field(dst, k->at);
    size_t *count = field(dst, k->count_at);
    if (!want_list(c, k, n))
        return false;
    *out = arena_alloc(c->a, sizeof(model_text_t) * (n->count + 1));
    bool ok = true;
    for (size_t i = 0; i < n->count; i++)
        ok = read_text(c, n->items[i], arena_printf(c->a, "an item of '%s'", k->name), true,
                       &(*out)[i]) && ok;
    *count = n->count;
    return ok;
}

static bool read_names(schema_ctx_t *c, const schema_key_t *k, const load_node_t *n,
                       void *dst)
{
    const char **out = field(dst, k->at);
    size_t want = (size_t)k->max;
    if (!schema_want(c, n, LOAD_SEQ, what_of(c, k)))
        return false;
    if (n->count != want)
        return diag_error(c->d, n->pos, "'%s' must list exactly %zu names, not %zu", k->name,
                          want, n->count);
    bool ok = true;
    for (size_t i = 0; i < want; i++) {
        const load_node_t *item = n->items[i];
        if (schema_want(c, item, LOAD_SCALAR, arena_printf(c->a, "a name in '%s'", k->name)))
            out[i] = item->text;
        else
            ok = false;
    }
    return ok;
}

/* ---- numbers, lengths, colours -------------------------------------------- */

static bool read_uint(schema_ctx_t *c, const schema_key_t *k, const load_node_t *n,
                      unsigned *out)
{
    long long v, min = (long long)k->min, max = (long long)k->max;
    if (!schema_want(c, n, LOAD_SCALAR, what_of(c, k)))
        return false;
    if (!text_parse_int(n->text, min, max, &v))
        return diag_error(c->d, n->pos, "%s must be a whole number from %lld to %lld, not '%s'",
                          what_of(c, k), min, max, n->text);
    *out = (unsigned)v;
    return true;
}

static bool read_length(schema_ctx_t *c, const schema_key_t *k, const load_node_t *n,
                        double *out)
{
    const char *what = what_of(c, k);
    if (!schema_want(c, n, LOAD_SCALAR, what))
        return false;
    for (size_t i = 0; i < G_N_ELEMENTS(UNITS); i++) {
        if (n->len <= 2 || strcmp(n->text + n->len - 2, UNITS[i].unit))
            continue;
        double v;
        if (!text_parse_number(arena_strndup(c->a, n->text, n->len - 2), &v))
            break;
        v *= UNITS[i].pt;
        char lo[32], hi[32];
        if (v < k->min || v > k->max)
            return diag_error(c->d, n->pos, "%s is %s; it must be from %s%s to %s%s", what,
                              n->text, text_fmt(lo, sizeof lo, k->min / UNITS[i].pt, 1),
                              UNITS[i].unit, text_fmt(hi, sizeof hi, k->max / UNITS[i].pt, 1),
                              UNITS[i].unit);
        *out = v;
        return true;
    }
    return diag_error(c->d, n->pos,
                      "%s must be a length such as 12mm, 1.5cm, 0.5in or 10pt, not '%s'", what,
                      n->text);
}

static int hexval(char ch)
{
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
    return -1;
}

static bool read_colour(schema_ctx_t *c, const load_node_t *n, const char *what,
                        model_colour_t *out)
{
    if (!schema_want(c, n, LOAD_SCALAR, what))
        return false;
    const char *s = n->text;
    size_t len = n->len, digits = len - 1;
    int v[6];
    bool ok = s[0] == '#' && (len == 4 || len == 7);
    for (size_t i = 1; ok && i < len; i++)
        ok = (v[i - 1] = hexval(s[i])) >= 0;
    if (ok) {
        /* #rgb is #rrggbb with each digit doubled */
        double ch[3];
        for (int i = 0; i < 3; i++)
            ch[i] = digits == 3 ? v[i] * 17 / 255.0 : (v[2 * i] * 16 + v[2 * i + 1]) / 255.0;
        *out = (model_colour_t){ch[0], ch[1], ch[2]};
        return true;
    }
    if (!*s) /* `colour: #abc` unquoted: YAML read a comment */
        return diag_error(c->d, n->pos, "%s is empty; quote colours, as in \"#7a4b3a\": "
                                        "an unquoted # starts a YAML comment", what);
    return diag_error(c->d, n->pos,
                      "%s must be a colour such as \"#7a4b3a\" or \"#333\", not '%s'", what, s);
}

static bool read_enum(schema_ctx_t *c, const load_node_t *n, const char *what,
                      const char *const *values, int *out)
{
    if (!schema_want(c, n, LOAD_SCALAR, what))
        return false;
    for (size_t i = 0; values[i]; i++)
        if (!strcmp(n->text, values[i])) {
            *out = (int)i;
            return true;
        }
    return schema_bad_value(c, n, what, values);
}

/* ---- one value, one map --------------------------------------------------- */

static bool read_maps(schema_ctx_t *c, const schema_key_t *k, const load_node_t *n, void *dst)
{
    void **out = field(dst, k->at);
    size_t *count = field(dst, k->count_at);
    if (!want_list(c, k, n))
        return false;
    char *items = arena_alloc(c->a, k->sub->size * (n->count + 1));
    bool ok = true;
    for (size_t i = 0; i < n->count; i++) {
        void *item = items + k->sub->size * *count;
        if (!schema_want(c, n->items[i], LOAD_MAP, k->sub->name)) {
            ok = false;
            continue;
        }
        ok = schema_read(c, n->items[i], k->sub->name, &k->sub, &item, 1) && ok;
        (*count)++;
    }
    *out = items;
    return ok;
}

bool schema_read_value(schema_ctx_t *c, const schema_key_t *k, const load_node_t *n, void *dst)
{
    const char *what = what_of(c, k);
    void *at = field(dst, k->at);
    switch (k->type) {
    case SCHEMA_TYPE_MARKUP:
    case SCHEMA_TYPE_TEMPLATE:
        return read_text(c, n, what, k->type == SCHEMA_TYPE_MARKUP, at);
    case SCHEMA_TYPE_PLAIN:
        if (!schema_want(c, n, LOAD_SCALAR, what))
            return false;
        *(const char **)at = n->text;
        return true;
    case SCHEMA_TYPE_ID:
        if (!schema_want(c, n, LOAD_SCALAR, what))
            return false;
        if (!schema_valid_id(n->text))
            return diag_error(c->d, n->pos, "%s may hold only a-z, 0-9, '-' and '_', not '%s'",
                              what, n->text);
        *(const char **)at = n->text;
        return true;
    case SCHEMA_TYPE_UINT:
        return read_uint(c, k, n, at);
    case SCHEMA_TYPE_BOOL: {
        static const char *const BOOLS[] = {"false", "true", NULL};
        int v;
        if (!read_enum(c, n, what, BOOLS, &v))
            return false;
        *(bool *)at = v == 1;
        return true;
    }
    case SCHEMA_TYPE_ENUM:
        return read_enum(c, n, what, k->values, at);
    case SCHEMA_TYPE_LENGTH:
        return read_length(c, k, n, at);
    case SCHEMA_TYPE_COLOUR:
        return read_colour(c, n, what, at);
    case SCHEMA_TYPE_REF: {
        model_ref_t *r = at;
        if (!schema_want(c, n, LOAD_SCALAR, what))
            return false;
        r->node = n;
        return schema_valid_id(n->text) ||
               diag_error(c->d, n->pos, "%s names a%s %s exercise's id, not '%s'", what,
                          strchr("aeiou", k->values[0][0]) ? "n" : "", k->values[0], n->text);
    }
    case SCHEMA_TYPE_MARKUPS:
        return read_markups(c, k, n, dst);
    case SCHEMA_TYPE_NAMES:
        return read_names(c, k, n, dst);
    case SCHEMA_TYPE_MAP: {
        if (!schema_want(c, n, LOAD_MAP, what))
            return false;
        return schema_read(c, n, what, &k->sub, &at, 1);
    }
    case SCHEMA_TYPE_MAPS:
        return read_maps(c, k, n, dst);
    case SCHEMA_TYPE_CUSTOM:
        return k->read(c, k, n, what, at);
    }
    return false;
}

/* Give a default's nodes the position of the map it fills in, so what is
 * said about a default points at the file. */
static void place(load_node_t *n, src_pos_t at)
{
    n->pos = at;
    n->src = NULL;
    for (size_t i = 0; n->kind == LOAD_SEQ && i < n->count; i++)
        place(n->items[i], at);
    for (size_t i = 0; n->kind == LOAD_MAP && i < n->count; i++)
        place(n->pairs[i].value, at);
}

static void read_default(schema_ctx_t *c, const schema_key_t *k, const load_node_t *map,
                         void *dst)
{
    if (!k->def)
        return;
    /* Defaults are the tables' own text: a failure here is a bug in them. */
    load_node_t *n = load_buffer(c->a, c->d, "<default>", k->def, strlen(k->def));
    g_assert(n);
    place(n, map->pos);
    if (!schema_read_value(c, k, n, dst))
        g_error("the default of '%s' does not read", k->name);
}

/* Unknown keys, with a suggestion from every table's names. Returns the
 * names suggested, so a misspelt required key is not also "missing". */
static GPtrArray *unknown_keys(schema_ctx_t *c, const load_node_t *map, const char *what,
                               const schema_table_t *const *tables, size_t n)
{
    GPtrArray *names = g_ptr_array_new(), *suggested = g_ptr_array_new();
    for (size_t t = 0; t < n; t++)
        for (size_t i = 0; i < tables[t]->n_keys; i++)
            g_ptr_array_add(names, (gpointer)tables[t]->keys[i].name);
    g_ptr_array_add(names, NULL);
    const char *const *known = (const char *const *)names->pdata;
    for (size_t i = 0; i < map->count; i++) {
        const load_node_t *key = map->pairs[i].key;
        bool found = false;
        for (size_t t = 0; t < n && !found; t++)
            found = schema_find(tables[t], key->text) != NULL;
        if (found)
            continue;
        const char *s = text_suggest(key->text, known);
        if (s) {
            g_ptr_array_add(suggested, (gpointer)s);
            diag_error(c->d, key->pos, "unknown key '%s' in %s (did you mean '%s'?)", key->text,
                       what, s);
        } else {
            diag_error(c->d, key->pos, "unknown key '%s' in %s (known keys: %s)", key->text,
                       what, schema_join(c->a, known));
        }
    }
    g_ptr_array_free(names, TRUE);
    return suggested;
}

static bool was_suggested(GPtrArray *suggested, const char *name)
{
    for (size_t i = 0; i < suggested->len; i++)
        if (!strcmp(suggested->pdata[i], name))
            return true;
    return false;
}

bool schema_read(schema_ctx_t *c, const load_node_t *map, const char *what,
                 const schema_table_t *const *tables, void *const *dst, size_t n)
{
    unsigned before = c->d->errors;
    const char *outer = c->map;
    c->map = what;
    GPtrArray *suggested = unknown_keys(c, map, what, tables, n);
    for (size_t t = 0; t < n; t++)
        for (size_t i = 0; i < tables[t]->n_keys; i++) {
            const schema_key_t *k = &tables[t]->keys[i];
            if (k->required && !load_map_get(map, k->name) && !was_suggested(suggested, k->name))
                diag_error(c->d, map->pos, "%s is missing the required key '%s'", what, k->name);
        }
    g_ptr_array_free(suggested, TRUE);
    for (size_t t = 0; t < n; t++) {
        for (size_t i = 0; i < tables[t]->n_keys; i++) {
            const schema_key_t *k = &tables[t]->keys[i];
            const load_node_t *v = load_map_get(map, k->name);
            if (v)
                schema_read_value(c, k, v, dst[t]);
            else
                read_default(c, k, map, dst[t]);
        }
        if (tables[t]->check)
            tables[t]->check(c, map, dst[t]);
    }
    c->map = outer;
    return c->d->errors == before;
}

/* ---- the reference -------------------------------------------------------- */

/* The reference gives lengths up to an inch in points, longer ones in mm. */
#define SMALL_LENGTH_PT 72.0

static char *type_doc(arena_t *a, const schema_key_t *k)
{
    char lo[32], hi[32];
    const double mm = 72.0 / 25.4;
    switch (k->type) {
    case SCHEMA_TYPE_MARKUP: return "text (markup, placeholders)";
    case SCHEMA_TYPE_TEMPLATE: return "text (placeholders)";
    case SCHEMA_TYPE_PLAIN: return "text";
    case SCHEMA_TYPE_ID: return "id (a-z, 0-9, - and _)";
    case SCHEMA_TYPE_UINT: return arena_printf(a, "whole number, %.0f to %.0f", k->min, k->max);
    case SCHEMA_TYPE_BOOL: return "true or false";
    case SCHEMA_TYPE_ENUM: return arena_printf(a, "one of: %s", schema_join(a, k->values));
    case SCHEMA_TYPE_LENGTH:
        if (k->max <= SMALL_LENGTH_PT) /* type sizes and line widths read better in points */
            return arena_printf(a, "length, %spt to %spt", text_fmt(lo, sizeof lo, k->min, 1),
                                text_fmt(hi, sizeof hi, k->max, 1));
        return arena_printf(a, "length, %smm to %smm", text_fmt(lo, sizeof lo, k->min / mm, 1),
                            text_fmt(hi, sizeof hi, k->max / mm, 1));
    case SCHEMA_TYPE_COLOUR: return "colour (#rgb or #rrggbb)";
    case SCHEMA_TYPE_REF: return arena_printf(a, "the id of a %s exercise", k->values[0]);
    case SCHEMA_TYPE_MARKUPS:
        return arena_printf(a, "list of %.0f to %.0f texts (markup)", k->min, k->max);
    case SCHEMA_TYPE_NAMES: return arena_printf(a, "list of %.0f texts", k->max);
    case SCHEMA_TYPE_MAP: return arena_printf(a, "map (%s, below)", k->sub->name);
    case SCHEMA_TYPE_MAPS:
        return arena_printf(a, "list of %.0f to %.0f maps (%s, below)", k->min, k->max,
                            k->sub->name);
    case SCHEMA_TYPE_CUSTOM: return (char *)k->type_doc;
    }
    return "";
}

/* Markdown table cells hold no '|' or line break. */
static void cell(FILE *out, const char *s)
{
    for (; s && *s; s++)
        fputs(*s == '|' ? "\\|" : *s == '\n' ? " " : (char[]){*s, 0}, out);
}

void schema_markdown(FILE *out, const schema_table_t *t, int level, bool heading)
{
    arena_t *a = arena_new();
    if (heading)
        fprintf(out, "%.*s %s\n\n", level, "######", t->name);
    if (heading && t->doc)
        fprintf(out, "%s\n\n", t->doc);
    fputs("| key | type | default | required | description |\n|---|---|---|---|---|\n", out);
    for (size_t i = 0; i < t->n_keys; i++) {
        const schema_key_t *k = &t->keys[i];
        fprintf(out, "| `%s` | ", k->name);
        cell(out, type_doc(a, k));
        fputs(" | ", out);
        if (k->def && k->type != SCHEMA_TYPE_MAP)
            fputc('`', out), cell(out, k->def), fputc('`', out);
        fprintf(out, " | %s | ", k->required ? "yes" : "");
        cell(out, k->doc);
        fputs(" |\n", out);
    }
    fputc('\n', out);
    for (size_t i = 0; i < t->n_keys; i++) {
        const schema_key_t *k = &t->keys[i];
        bool first = true; /* a table nested under several keys prints once */
        for (size_t j = 0; j < i; j++)
            first = first && t->keys[j].sub != k->sub;
        if (k->sub && first)
            schema_markdown(out, k->sub, level < 6 ? level + 1 : 6, true);
    }
    arena_free(a);
}

/* ---- the JSON Schema ------------------------------------------------------
 *
 * A YAML language server reads files as YAML 1.2 (core schema): `3` is an
 * integer, `true` a boolean, `8mm` and 2027-01-04 strings, `~` null. keepsake
 * reads every scalar as text and decides what a key needs, so each row
 * accepts the typed values whose text keepsake takes: text rows any scalar,
 * UINT rows integers in range or quoted digits, BOOL rows true and false as
 * booleans or quoted. What needs more than one key (a table's `check`) is
 * left to keepsake. */

/* One table's entry in $defs. */
typedef struct {
    const schema_table_t *table;
    const char *name;              /* its key in $defs */
    const char *key, *value;       /* the option it is: its row `key` is `value` */
    const schema_choice_t *choice; /* its own choice, or NULL */
    const char *merges_with;       /* the option's key that makes a file merge */
    const schema_table_t *parent;  /* an option of a nested choice: the table
                                      whose keys its files have too */
    bool merges; /* in a file that may merge: no key required */
} def_t;

typedef struct {
    FILE *out;
    arena_t *a;
    diag_t d;          /* for reading defaults, which always read */
    int depth;
    bool fresh;        /* nothing written yet in the innermost object or array */
    GPtrArray *defs;   /* def_t *, in the order they are printed */
    GHashTable *names; /* names taken in $defs */
} json_t;

static void json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p == '\n')
            fputs("\\n", out);
        else if (*p < 0x20)
            fprintf(out, "\\u%04x", *p);
        else
            fputc(*p, out);
    }
    fputc('"', out);
}

/* Start a member (`key` set) or an item (`key` NULL) on a line of its own. */
static void j_key(json_t *j, const char *key)
{
    fprintf(j->out, "%s\n%*s", j->fresh ? "" : ",", 2 * j->depth, "");
    j->fresh = false;
    if (key) {
        json_string(j->out, key);
        fputs(": ", j->out);
    }
}

static void j_open(json_t *j, const char *key, char bracket)
{
    j_key(j, key);
    fputc(bracket, j->out);
    j->depth++;
    j->fresh = true;
}

static void j_close(json_t *j, char bracket)
{
    j->depth--;
    if (!j->fresh)
        fprintf(j->out, "\n%*s", 2 * j->depth, "");
    fputc(bracket, j->out);
    j->fresh = false;
}

static void j_str(json_t *j, const char *key, const char *s)
{
    j_key(j, key);
    json_string(j->out, s);
}

/* A member whose value is JSON text already: a number, a literal, a list. */
static void j_raw(json_t *j, const char *key, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
static void j_raw(json_t *j, const char *key, const char *fmt, ...)
{
    va_list ap;
    j_key(j, key);
    va_start(ap, fmt);
    vfprintf(j->out, fmt, ap);
    va_end(ap);
}

/* What a YAML 1.2 reader (core schema) makes of the plain scalar `s`, as
 * JSON: null, a boolean or a number; NULL when it is a string. */
static const char *core_scalar(arena_t *a, const char *s)
{
    static const char *const LITERALS[][2] = {
        {"", "null"},  {"~", "null"},  {"null", "null"},   {"Null", "null"},   {"NULL", "null"},
        {"true", "true"}, {"True", "true"}, {"TRUE", "true"},
        {"false", "false"}, {"False", "false"}, {"FALSE", "false"}};
    for (size_t i = 0; i < G_N_ELEMENTS(LITERALS); i++)
        if (!strcmp(s, LITERALS[i][0]))
            return LITERALS[i][1];
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    if (g_regex_match_simple("^[-+]?[0-9]{1,18}$", s, 0, 0))
        return arena_printf(a, "%lld", (long long)g_ascii_strtoll(s, NULL, 10));
    if (g_regex_match_simple("^0o[0-7]{1,18}$|^0x[0-9a-fA-F]{1,15}$", s, 0, 0))
        return arena_printf(a, "%lld", (long long)g_ascii_strtoll(s + 2, NULL,
                                                                  s[1] == 'o' ? 8 : 16));
    if (g_regex_match_simple("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$", s, 0, 0)
        && isfinite(g_ascii_strtod(s, NULL)))
        return arena_strdup(a, g_ascii_dtostr(buf, sizeof buf, g_ascii_strtod(s, NULL)));
    return NULL; /* larger numbers, .inf and .nan stay text: no table has them */
}

/* A list of strings on one line; `typed`: values that files write as text,
 * so each also as what a YAML 1.2 reader makes of it unquoted, if that is not
 * a string. */
static void j_list(json_t *j, const char *key, const char *const *values, bool typed)
{
    j_key(j, key);
    fputc('[', j->out);
    for (size_t i = 0; values[i]; i++) {
        const char *lit = typed ? core_scalar(j->a, values[i]) : NULL;
        fputs(i ? ", " : "", j->out);
        json_string(j->out, values[i]);
        if (lit)
            fprintf(j->out, ", %s", lit);
    }
    fputc(']', j->out);
}

static void j_enum(json_t *j, const char *const *values)
{
    j_list(j, "enum", values, true);
}

/* A YAML tree (a default) as JSON, scalars as a YAML 1.2 reader types them. */
static void j_node(json_t *j, const char *key, const load_node_t *n)
{
    if (n->kind == LOAD_SCALAR) {
        const char *lit = n->style == LOAD_STYLE_PLAIN ? core_scalar(j->a, n->text) : NULL;
        if (lit)
            j_raw(j, key, "%s", lit);
        else
            j_str(j, key, n->text);
        return;
    }
    bool map = n->kind == LOAD_MAP;
    j_open(j, key, map ? '{' : '[');
    for (size_t i = 0; i < n->count; i++)
        j_node(j, map ? n->pairs[i].key->text : NULL, map ? n->pairs[i].value : n->items[i]);
    j_close(j, map ? '}' : ']');
}

/* ---- $defs ---- */

static const def_t *def_find(const json_t *j, const schema_table_t *t)
{
    for (size_t i = 0; i < j->defs->len; i++)
        if (((const def_t *)j->defs->pdata[i])->table == t)
            return j->defs->pdata[i];
    return NULL;
}

static const char *def_ref(json_t *j, const schema_table_t *t)
{
    return arena_printf(j->a, "#/$defs/%s", def_find(j, t)->name);
}

/* A name for $defs from a table's: "a page entry" -> "page-entry",
 * "'margins'" -> "margins"; made unique with a number. */
static const char *def_name(json_t *j, const char *name)
{
    GString *s = g_string_new(NULL);
    const char *p = g_str_has_prefix(name, "a ") ? name + 2
                    : g_str_has_prefix(name, "an ") ? name + 3 : name;
    for (; *p; p++)
        if (g_ascii_isalnum(*p))
            g_string_append_c(s, g_ascii_tolower(*p));
        else if (s->len && s->str[s->len - 1] != '-')
            g_string_append_c(s, '-');
    while (s->len && s->str[s->len - 1] == '-')
        g_string_truncate(s, s->len - 1);
    const char *base = arena_strdup(j->a, s->str), *r = base;
    for (int i = 2; g_hash_table_contains(j->names, r); i++)
        r = arena_printf(j->a, "%s-%d", base, i);
    g_hash_table_add(j->names, (gpointer)r);
    g_string_free(s, TRUE);
    return r;
}

/* Add `want`'s table, then the tables nested in it, once each. */
static void collect(json_t *j, const def_t *want)
{
    const def_t *seen = def_find(j, want->table);
    if (seen) {
        if (seen->merges != want->merges)
            g_error("table '%s' is in files that merge and in files that do not",
                    want->table->name);
        return;
    }
    def_t *d = arena_alloc(j->a, sizeof *d);
    *d = *want;
    d->name = def_name(j, d->table->name);
    g_ptr_array_add(j->defs, d);
    for (size_t i = 0; i < d->table->n_keys; i++)
        if (d->table->keys[i].sub)
            collect(j, &(def_t){.table = d->table->keys[i].sub, .merges = d->merges});
}

/* The options of `c`, whose files also have the keys of `parent` (or NULL). */
static void collect_choice(json_t *j, const schema_choice_t *c, const schema_table_t *parent,
                           bool merges)
{
    for (size_t i = 0; i < c->n; i++) {
        const schema_option_t *o = &c->options[i];
        bool m = merges || o->merges_with;
        if (o->table)
            collect(j, &(def_t){.table = o->table, .key = c->key, .value = o->value,
                                .choice = o->choice, .merges_with = o->merges_with,
                                .parent = parent, .merges = m});
        if (o->choice)
            collect_choice(j, o->choice, o->table, m);
    }
}

/* ---- rows ---- */

static const char *length_pattern(arena_t *a, bool sign)
{
    GString *s = g_string_new(sign ? "^-?" : "^");
    g_string_append(s, "[0-9]+(\\.[0-9]+)?(");
    for (size_t i = 0; i < G_N_ELEMENTS(UNITS); i++)
        g_string_append_printf(s, "%s%s", i ? "|" : "", UNITS[i].unit);
    g_string_append(s, ")$");
    char *r = arena_strdup(a, s->str);
    g_string_free(s, TRUE);
    return r;
}

static void j_list_of(json_t *j, const char *item_ref, double min, double max)
{
    j_str(j, "type", "array");
    j_open(j, "items", '{');
    j_str(j, "$ref", item_ref);
    j_close(j, '}');
    j_raw(j, "minItems", "%.0f", min);
    j_raw(j, "maxItems", "%.0f", max);
}

/* The values of choice `c`, NULL-terminated. */
static const char *const *choice_values(arena_t *a, const schema_choice_t *c)
{
    const char **v = arena_alloc(a, sizeof(char *) * (c->n + 1));
    for (size_t i = 0; i < c->n; i++)
        v[i] = c->options[i].value;
    return v;
}

/* What row `k` of `d` takes, as members of its schema. */
static void j_type(json_t *j, const def_t *d, const schema_key_t *k)
{
    if (d->key && !strcmp(k->name, d->key)) {
        j_str(j, "const", d->value);
        return;
    }
    if (d->choice && !strcmp(k->name, d->choice->key)) {
        j_enum(j, choice_values(j->a, d->choice));
        return;
    }
    switch (k->type) {
    case SCHEMA_TYPE_MARKUP:
    case SCHEMA_TYPE_TEMPLATE:
    case SCHEMA_TYPE_PLAIN: j_str(j, "$ref", "#/$defs/text"); break;
    case SCHEMA_TYPE_ID:
    case SCHEMA_TYPE_REF: j_str(j, "$ref", "#/$defs/id"); break;
    case SCHEMA_TYPE_UINT:
        /* quoted digits are a number to keepsake too */
        j_raw(j, "type", "[\"integer\", \"string\"]");
        j_raw(j, "minimum", "%.0f", k->min);
        j_raw(j, "maximum", "%.0f", k->max);
        j_str(j, "pattern", "^[0-9]+$");
        break;
    case SCHEMA_TYPE_BOOL: j_enum(j, (const char *const[]){"true", "false", NULL}); break;
    case SCHEMA_TYPE_ENUM: j_enum(j, k->values); break;
    case SCHEMA_TYPE_LENGTH:
        if (k->min >= 0) {
            j_str(j, "$ref", "#/$defs/length");
        } else {
            j_str(j, "type", "string");
            j_str(j, "pattern", length_pattern(j->a, true));
        }
        break;
    case SCHEMA_TYPE_COLOUR: j_str(j, "$ref", "#/$defs/colour"); break;
    case SCHEMA_TYPE_MARKUPS: j_list_of(j, "#/$defs/text", k->min, k->max); break;
    case SCHEMA_TYPE_NAMES: j_list_of(j, "#/$defs/text", k->max, k->max); break;
    case SCHEMA_TYPE_MAP: j_str(j, "$ref", def_ref(j, k->sub)); break;
    case SCHEMA_TYPE_MAPS: j_list_of(j, def_ref(j, k->sub), k->min, k->max); break;
    case SCHEMA_TYPE_CUSTOM:
        if (!k->json)
            g_error("the CUSTOM row '%s' has no json", k->name);
        if (!k->values) {
            j_raw(j, NULL, "%s", k->json);
            break;
        }
        j_open(j, "anyOf", '[');
        j_open(j, NULL, '{');
        j_enum(j, k->values);
        j_close(j, '}');
        j_raw(j, NULL, "{%s}", k->json);
        j_close(j, ']');
        break;
    }
}

static void j_row(json_t *j, const def_t *d, const schema_key_t *k)
{
    j_open(j, k->name, '{');
    /* what the schema cannot say goes into the description */
    if (k->type == SCHEMA_TYPE_LENGTH || k->type == SCHEMA_TYPE_REF)
        j_str(j, "description", arena_printf(j->a, "%s (%s)", k->doc, type_doc(j->a, k)));
    else if (k->doc)
        j_str(j, "description", k->doc);
    j_type(j, d, k);
    if (k->def) {
        load_node_t *n = load_buffer(j->a, &j->d, "<default>", k->def, strlen(k->def));
        g_assert(n); /* the defaults read: read_default() checks them */
        j_node(j, "default", n);
    }
    j_close(j, '}');
}

/* ---- tables ---- */

static void j_required(json_t *j, const schema_table_t *t)
{
    const char **names = arena_alloc(j->a, sizeof(char *) * (t->n_keys + 1));
    size_t n = 0;
    for (size_t i = 0; i < t->n_keys; i++)
        if (t->keys[i].required)
            names[n++] = t->keys[i].name;
    if (n)
        j_list(j, "required", names, false);
}

static bool any_required(const schema_table_t *t)
{
    for (size_t i = 0; i < t->n_keys; i++)
        if (t->keys[i].required || (t->keys[i].sub && any_required(t->keys[i].sub)))
            return true;
    return false;
}

/* The keys `t` and its nested tables require, alone: what a file that
 * merges needs when it does not. */
static void j_required_deep(json_t *j, const char *key, const schema_table_t *t)
{
    j_open(j, key, '{');
    j_required(j, t);
    bool any = false;
    for (size_t i = 0; i < t->n_keys; i++) {
        const schema_key_t *k = &t->keys[i];
        if (!k->sub || !any_required(k->sub))
            continue;
        if (!any) {
            j_open(j, "properties", '{');
            any = true;
        }
        if (k->type == SCHEMA_TYPE_MAP) {
            j_required_deep(j, k->name, k->sub);
            continue;
        }
        j_open(j, k->name, '{');
        j_required_deep(j, "items", k->sub);
        j_close(j, '}');
    }
    if (any)
        j_close(j, '}');
    j_close(j, '}');
}

/* The keys of `parent` that `t` (or NULL) lacks, as properties that take
 * anything: the parent's own def checks them. */
static void j_parent_keys(json_t *j, const schema_table_t *parent, const schema_table_t *t)
{
    for (size_t i = 0; parent && i < parent->n_keys; i++)
        if (!schema_find(t, parent->keys[i].name))
            j_raw(j, parent->keys[i].name, "true");
}

/* One if/then for each option of `c`, whose files also have the keys of
 * `parent` (or NULL). An option without a table of its own still refuses
 * keys that are not its parent's. */
static void j_cases(json_t *j, const schema_choice_t *c, const schema_table_t *parent)
{
    j_open(j, "allOf", '[');
    for (size_t i = 0; i < c->n; i++) {
        const schema_option_t *o = &c->options[i];
        const char *doc = o->doc ? o->doc : o->table ? o->table->doc : NULL;
        j_open(j, NULL, '{');
        j_open(j, "if", '{');
        j_key(j, "properties");
        fputc('{', j->out);
        json_string(j->out, c->key);
        fputs(": {\"const\": ", j->out);
        json_string(j->out, o->value);
        fputs("}}", j->out);
        j_list(j, "required", (const char *const[]){c->key, NULL}, false);
        j_close(j, '}');
        j_open(j, "then", '{');
        if (doc)
            j_str(j, "description", doc);
        if (o->table) {
            j_str(j, "$ref", def_ref(j, o->table));
        } else if (parent) {
            j_open(j, "properties", '{');
            j_parent_keys(j, parent, NULL);
            j_close(j, '}');
            j_raw(j, "additionalProperties", "false");
        }
        j_close(j, '}');
        j_close(j, '}');
    }
    j_close(j, ']');
}

/* A table's def. Unknown keys are refused with additionalProperties, which
 * sees only the properties beside it, so the def of an option of a nested
 * choice (an exercise's kind) lists its parent's keys too: language servers
 * that know JSON Schema up to draft 7 ignore unevaluatedProperties. */
static void j_def(json_t *j, const def_t *d)
{
    const schema_table_t *t = d->table;
    j_open(j, d->name, '{');
    j_str(j, "description", t->doc ? t->doc : t->name);
    j_str(j, "type", "object");
    j_open(j, "properties", '{');
    for (size_t i = 0; i < t->n_keys; i++)
        j_row(j, d, &t->keys[i]);
    j_parent_keys(j, d->parent, t);
    j_close(j, '}');
    if (!d->merges)
        j_required(j, t);
    if (d->merges_with) {
        j_open(j, "if", '{');
        j_list(j, "required", (const char *const[]){d->merges_with, NULL}, false);
        j_close(j, '}');
        j_required_deep(j, "else", t);
    }
    if (d->choice) /* its options' defs refuse unknown keys */
        j_cases(j, d->choice, t);
    else
        j_raw(j, "additionalProperties", "false");
    j_close(j, '}');
}

/* The $defs that rows and CUSTOM rows' json refer to (schema.h). */
static const char *const COMMON[] = {"text", "id", "length", "colour"};

static void j_common(json_t *j, const schema_names_t *names, size_t n_names)
{
    const struct { const char *name, *doc, *types, *pattern; } DEFS[] = {
        {COMMON[0], "Text: keepsake reads every scalar as text, so 2027, true and an empty value "
                 "are text too.", "[\"string\", \"number\", \"boolean\", \"null\"]", NULL},
        /* 2027 is an integer to YAML 1.2 and a good id to keepsake */
        {COMMON[1], "An id: 1 to 64 of a-z, 0-9, '-' and '_'.", "[\"string\", \"integer\"]",
         arena_printf(j->a, "^[a-z0-9_-]{1,%d}$", MAX_ID_BYTES)},
        {COMMON[2], "A length: a number and a unit, such as 12mm, 1.5cm, 0.5in or 10pt.",
         "\"string\"", length_pattern(j->a, false)},
        {COMMON[3], "A colour, #rgb or #rrggbb, quoted: an unquoted # starts a comment.",
         "\"string\"", "^#([0-9a-fA-F]{3}){1,2}$"},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(DEFS); i++) {
        j_open(j, DEFS[i].name, '{');
        j_str(j, "description", DEFS[i].doc);
        j_raw(j, "type", "%s", DEFS[i].types);
        if (DEFS[i].pattern)
            j_str(j, "pattern", DEFS[i].pattern);
        j_close(j, '}');
    }
    for (size_t i = 0; i < n_names; i++) {
        j_open(j, names[i].name, '{');
        j_str(j, "description", names[i].doc);
        j_enum(j, names[i].values);
        j_close(j, '}');
    }
}

void schema_json(FILE *out, const char *title, const char *doc, const schema_choice_t *top,
                 const schema_names_t *names, size_t n_names)
{
    json_t j = {.out = out, .a = arena_new(), .defs = g_ptr_array_new(),
                .names = g_hash_table_new(g_str_hash, g_str_equal)};
    diag_init(&j.d, stderr);
    for (size_t i = 0; i < G_N_ELEMENTS(COMMON); i++)
        g_hash_table_add(j.names, (gpointer)COMMON[i]);
    for (size_t i = 0; i < n_names; i++)
        g_hash_table_add(j.names, (gpointer)names[i].name);
    collect_choice(&j, top, NULL, false);
    fputc('{', out);
    j.depth = 1;
    j.fresh = true;
    j_str(&j, "$schema", "https://json-schema.org/draft/2020-12/schema");
    j_str(&j, "title", title);
    j_str(&j, "description", doc);
    j_str(&j, "type", "object");
    j_list(&j, "required", (const char *const[]){top->key, NULL}, false);
    j_open(&j, "properties", '{');
    j_open(&j, top->key, '{');
    j_enum(&j, choice_values(j.a, top));
    j_close(&j, '}');
    j_close(&j, '}');
    j_cases(&j, top, NULL);
    j_open(&j, "$defs", '{');
    j_common(&j, names, n_names);
    for (size_t i = 0; i < j.defs->len; i++)
        j_def(&j, j.defs->pdata[i]);
    j_close(&j, '}');
    j_close(&j, '}');
    fputc('\n', out);
    g_hash_table_destroy(j.names);
    g_ptr_array_free(j.defs, TRUE);
    arena_free(j.a);
}
