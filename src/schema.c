/* schema: the generic checker over key tables (see schema.h).
 *
 * Each type has one reader, used for what files say and for the defaults
 * (which are YAML too, parsed by the loader), so a default can never be a
 * value that a file could not hold. */
#include "schema.h"

#include "model.h"
#include "text.h"

#include <pango/pango.h>
#include <string.h>

/* ---- small helpers ------------------------------------------------------ */

bool schema_valid_id(const char *s)
{
    enum { MAX_ID_BYTES = 64 }; /* ids are file names: short and portable */
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
    static const struct { const char *unit; double pt; } UNITS[] = {
        {"mm", 72.0 / 25.4}, {"cm", 720.0 / 25.4}, {"in", 72.0}, {"pt", 1.0}};
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

void schema_markdown(FILE *out, const schema_table_t *t, int level)
{
    arena_t *a = arena_new();
    fprintf(out, "%.*s %s\n\n", level, "######", t->name);
    if (t->doc)
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
            schema_markdown(out, k->sub, level < 6 ? level + 1 : 6);
    }
    arena_free(a);
}
