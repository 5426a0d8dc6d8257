/* compose: the block toolkit (see compose.h). */
#include "compose.h"

#include "fonts.h"
#include "text.h"

#include <glib-object.h>
#include <math.h>
#include <string.h>

#define MM COMPOSE_MM

/* ---- characters no font has ------------------------------------------ */

/* The Unicode script of `ch` by name: GLib's enum nick, capitalised
 * ("devanagari" -> "Devanagari", "old-italic" -> "Old Italic"). GLib, Pango
 * and HarfBuzz name scripts otherwise only by ISO 15924 code ("Deva"). */
static void script_name(gunichar ch, char *buf, size_t size)
{
    GEnumClass *k = g_type_class_ref(G_TYPE_UNICODE_SCRIPT);
    GEnumValue *v = g_enum_get_value(k, g_unichar_get_script(ch));
    g_strlcpy(buf, v ? v->value_nick : "unknown", size);
    g_type_class_unref(k);
    for (char *p = buf; *p; p++) {
        if (*p == '-')
            *p = ' ';
        else if (p == buf || p[-1] == ' ')
            *p = g_ascii_toupper(*p);
    }
}

/* A quote long enough to find the text by: so many characters either side. */
enum { QUOTE_CONTEXT = 20 };

/* The text around byte `at` of `text`, on one line, "..." where cut. */
static char *quote_around(const char *text, size_t at)
{
    const char *start = text + at, *end = text + at;
    for (int i = 0; i < QUOTE_CONTEXT && start > text; i++)
        start = g_utf8_prev_char(start);
    for (int i = 0; i <= QUOTE_CONTEXT && *end; i++)
        end = g_utf8_next_char(end);
    GString *q = g_string_new(start > text ? "..." : "");
    for (const char *s = start; s < end; s = g_utf8_next_char(s)) {
        GUnicodeType t = g_unichar_type(g_utf8_get_char(s));
        if (t == G_UNICODE_CONTROL || t == G_UNICODE_LINE_SEPARATOR ||
            t == G_UNICODE_PARAGRAPH_SEPARATOR)
            g_string_append_c(q, ' ');
        else
            g_string_append_len(q, s, g_utf8_next_char(s) - s);
    }
    if (*end)
        g_string_append(q, "...");
    return g_string_free(q, FALSE);
}

/* Pango drew a box for each character that neither our fonts nor the
 * system's have: say which, once a character, with the text it is in. The
 * layout is only read, so the output stays the same. */
static void warn_missing(compose_t *c, PangoLayout *pl)
{
    const char *text = pango_layout_get_text(pl);
    PangoLayoutIter *it = pango_layout_get_iter(pl);
    do {
        PangoLayoutRun *r = pango_layout_iter_get_run_readonly(it);
        for (int i = 0; r && i < r->glyphs->num_glyphs; i++) {
            PangoGlyph g = r->glyphs->glyphs[i].glyph;
            gunichar ch = g & ~PANGO_GLYPH_UNKNOWN_FLAG;
            if (!(g & PANGO_GLYPH_UNKNOWN_FLAG) || g == PANGO_GLYPH_INVALID_INPUT ||
                !g_hash_table_add(c->missing, GUINT_TO_POINTER(ch)))
                continue;
            char utf8[8] = {0}, script[64];
            g_unichar_to_utf8(ch, utf8);
            script_name(ch, script, sizeof script);
            char *q = quote_around(text, (size_t)(r->item->offset + r->glyphs->log_clusters[i]));
            diag_warning(&c->run->diag, diag_at(NULL, 0, 0),
                         "no font has U+%04X '%s' (%s), in \"%s\"", (unsigned)ch, utf8, script, q);
            g_free(q);
        }
    } while (pango_layout_iter_next_run(it));
    pango_layout_iter_free(it);
}

/* ---- the cache -------------------------------------------------------- */

typedef struct {
    PangoLayout *pl;  /* holds the key, as its text id (layout_text_id) */
    unsigned used;    /* the last document that used it */
    guint64 id;       /* a hash of the key */
    unsigned recent;  /* the cache's clock when last used */
    size_t last;      /* a stream's: the last logical page to use it, + 1 */
    bool unknown;     /* has characters no font has */
} kept_t;

struct compose_cache {
    PangoFontMap *map;
    PangoContext *pc; /* NULL before the first document */
    char *language;
    PangoFontDescription *fonts[COMPOSE_FONT_N];
    GHashTable *texts; /* key -> kept_t* */
    unsigned doc;      /* the document being laid out, from 1 */
    /* a book laid out as a stream (compose_cache_stream) */
    GHashTable *lasts; /* text id -> the last logical page to use it, + 1 */
    unsigned clock;    /* logical pages done */
};

static void kept_free(gpointer p)
{
    kept_t *t = p;
    g_object_unref(t->pl);
    g_free(t);
}

compose_cache_t *compose_cache_new(PangoFontMap *map)
{
    compose_cache_t *k = g_new0(compose_cache_t, 1);
    k->map = g_object_ref(map);
    /* a key belongs to its layout (text_id_quark), which the entry holds */
    k->texts = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, kept_free);
    return k;
}

static void cache_forget_context(compose_cache_t *k)
{
    g_hash_table_remove_all(k->texts); /* they belong to the context */
    if (k->pc)
        g_object_unref(k->pc);
    k->pc = NULL;
    g_free(k->language);
    k->language = NULL;
    for (int f = 0; f < COMPOSE_FONT_N; f++) {
        if (k->fonts[f])
            pango_font_description_free(k->fonts[f]);
        k->fonts[f] = NULL;
    }
}

void compose_cache_free(compose_cache_t *k)
{
    if (!k)
        return;
    cache_forget_context(k);
    g_hash_table_destroy(k->texts);
    if (k->lasts)
        g_hash_table_destroy(k->lasts);
    g_object_unref(k->map);
    g_free(k);
}

static gboolean unused_last(gpointer key, gpointer value, gpointer doc)
{
    (void)key;
    return ((const kept_t *)value)->used != GPOINTER_TO_UINT(doc);
}

PangoContext *compose_cache_begin(compose_cache_t *k, const char *language,
                                  PangoFontDescription *const fonts[COMPOSE_FONT_N])
{
    bool same = k->pc && !strcmp(k->language, language);
    for (int f = 0; same && f < COMPOSE_FONT_N; f++)
        same = pango_font_description_equal(k->fonts[f], fonts[f]);
    if (!same) {
        cache_forget_context(k);
        k->pc = fonts_context(k->map, language);
        k->language = g_strdup(language);
        for (int f = 0; f < COMPOSE_FONT_N; f++)
            k->fonts[f] = pango_font_description_copy(fonts[f]);
    } else {
        /* what the last document did not use, a recipient's own texts
         * (their names, dates, footers), the next one will not either */
        g_hash_table_foreach_remove(k->texts, unused_last, GUINT_TO_POINTER(k->doc));
        if (g_hash_table_size(k->texts) > COMPOSE_CACHE_MAX_TEXTS)
            g_hash_table_remove_all(k->texts);
    }
    k->doc++;
    return k->pc;
}

void compose_cache_stream(compose_cache_t *k)
{
    if (!k->lasts)
        k->lasts = g_hash_table_new(g_direct_hash, g_direct_equal);
}

static gboolean passed(gpointer key, gpointer value, gpointer upto)
{
    (void)key;
    return ((const kept_t *)value)->last <= *(const size_t *)upto + 1;
}

static int by_recent(gconstpointer a, gconstpointer b)
{
    unsigned x = (*(kept_t *const *)a)->recent, y = (*(kept_t *const *)b)->recent;
    return x < y ? -1 : x > y;
}

void compose_cache_done(compose_cache_t *k, size_t page, bool release)
{
    k->clock++;
    if (release)
        g_hash_table_foreach_remove(k->texts, passed, &page);
    guint n = g_hash_table_size(k->texts);
    if (n <= COMPOSE_STREAM_MAX_TEXTS)
        return;
    /* the least recently used go, down to three quarters of the limit */
    GPtrArray *all = g_ptr_array_sized_new(n);
    GHashTableIter it;
    gpointer key, value;
    g_hash_table_iter_init(&it, k->texts);
    while (g_hash_table_iter_next(&it, &key, &value))
        g_ptr_array_add(all, value);
    g_ptr_array_sort(all, by_recent);
    for (guint i = 0; i < n - COMPOSE_STREAM_MAX_TEXTS / 4 * 3; i++)
        g_hash_table_remove(k->texts, layout_text_id(((kept_t *)all->pdata[i])->pl));
    g_ptr_array_free(all, TRUE);
}

/* ---- text and boxes --------------------------------------------------- */

/* A cached layout's key, which says everything it was made of. */
static GQuark text_id_quark(void)
{
    static GQuark q;
    if (!q)
        q = g_quark_from_static_string("keepsake-text-id");
    return q;
}

const char *layout_text_id(PangoLayout *pl)
{
    return g_object_get_qdata(G_OBJECT(pl), text_id_quark());
}

/* FNV-1a, 64 bits, of a string. */
static guint64 fnv64(const char *s)
{
    guint64 h = 14695981039346656037u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

/* A stream's cache: text `t` is used on the current logical page. Its
 * last use, + 1, is what the first pass saw (or this page, if later). */
static void used_on(compose_t *c, kept_t *t)
{
    compose_cache_t *k = c->cache;
    if (!k->lasts)
        return;
    gpointer key = GSIZE_TO_POINTER((gsize)t->id);
    t->last = GPOINTER_TO_SIZE(g_hash_table_lookup(k->lasts, key));
    if (t->last < c->plan_page + 1) {
        t->last = c->plan_page + 1;
        g_hash_table_insert(k->lasts, key, GSIZE_TO_POINTER(t->last));
    }
}

PangoLayout *compose_text(compose_t *c, compose_font_t f, double scale, const char *markup,
                          double width, PangoAlignment align)
{
    /* scale to 1/10000 and width to 1/100 pt, as whole numbers: formatting
     * them as decimals cost 3 % of a book's instructions */
    char *key = g_strdup_printf("%d|%ld|%ld|%d|%s", f, lround(scale * 1e4),
                                width > 0 ? lround(width * 100) : -1L, align, markup);
    kept_t *t = g_hash_table_lookup(c->cache->texts, key);
    if (t) {
        g_free(key);
        /* kept from an earlier document: its missing characters are this
         * one's too, said as if it had been laid out here */
        if (t->unknown && t->used != c->cache->doc)
            warn_missing(c, t->pl);
        t->used = c->cache->doc;
        t->recent = c->cache->clock;
        used_on(c, t);
        return t->pl;
    }
    PangoLayout *pl = pango_layout_new(c->pc);
    PangoFontDescription *d = pango_font_description_copy(c->fonts[f]);
    if (scale != 1.0)
        pango_font_description_set_size(d,
                                        (int)lround(pango_font_description_get_size(d) * scale));
    pango_layout_set_font_description(pl, d);
    pango_font_description_free(d);
    if (width > 0)
        pango_layout_set_width(pl, (int)lround(width * PANGO_SCALE));
    pango_layout_set_wrap(pl, PANGO_WRAP_WORD_CHAR);
    /* Alignment as asked, whatever the text's direction: a right-to-left
     * name must not swap sides inside a label's slot. Bidi reordering
     * within the text still happens. */
    pango_layout_set_auto_dir(pl, FALSE);
    pango_layout_set_alignment(pl, align);
    pango_layout_set_markup(pl, markup, -1);
    g_object_set_qdata_full(G_OBJECT(pl), text_id_quark(), key, g_free);
    t = g_new(kept_t, 1);
    t->pl = pl;
    t->used = c->cache->doc;
    t->id = fnv64(key);
    t->recent = c->cache->clock;
    t->last = 0;
    used_on(c, t);
    t->unknown = pango_layout_get_unknown_glyphs_count(pl) > 0;
    if (t->unknown)
        warn_missing(c, pl);
    g_hash_table_insert(c->cache->texts, key, t);
    return pl;
}

static PangoRectangle extents(PangoLayout *pl)
{
    PangoRectangle r;
    pango_layout_get_extents(pl, NULL, &r);
    return r;
}

double compose_height(PangoLayout *pl) { return (double)extents(pl).height / PANGO_SCALE; }
double compose_width(PangoLayout *pl) { return (double)extents(pl).width / PANGO_SCALE; }
double compose_baseline(PangoLayout *pl)
{
    return (double)pango_layout_get_baseline(pl) / PANGO_SCALE;
}

layout_page_t *compose_page(compose_t *c)
{
    return &g_array_index(c->pages, layout_page_t, c->cur);
}

layout_box_t *compose_box(compose_t *c, layout_box_kind_t kind, double x, double y, double w,
                          double h, layout_ink_t ink)
{
    static const layout_role_t ROLE[] = {
        [LAYOUT_BOX_TEXT] = LAYOUT_ROLE_PARAGRAPH, [LAYOUT_BOX_RULE] = LAYOUT_ROLE_WRITING,
        [LAYOUT_BOX_LEADER] = LAYOUT_ROLE_DECORATION, [LAYOUT_BOX_DOTS] = LAYOUT_ROLE_WRITING,
        [LAYOUT_BOX_GRID] = LAYOUT_ROLE_WRITING, [LAYOUT_BOX_CIRCLE] = LAYOUT_ROLE_WRITING,
        [LAYOUT_BOX_ORNAMENT] = LAYOUT_ROLE_DECORATION, [LAYOUT_BOX_LINK] = LAYOUT_ROLE_LINK,
        [LAYOUT_BOX_CUT] = LAYOUT_ROLE_DECORATION, [LAYOUT_BOX_RECT] = LAYOUT_ROLE_WRITING,
        [LAYOUT_BOX_DISC] = LAYOUT_ROLE_DECORATION};
    layout_page_t *p = compose_page(c);
    if (p->n_boxes == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 32;
        p->boxes = xrealloc(p->boxes, sizeof(layout_box_t) * p->cap);
    }
    layout_box_t *b = &p->boxes[p->n_boxes++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    b->role = ROLE[kind];
    b->x = x, b->y = y, b->w = w, b->h = h;
    b->ink = ink;
    b->stroke = c->L->rule_width;
    return b;
}

layout_box_t *compose_role(layout_box_t *b, layout_role_t role, int level)
{
    b->role = role;
    b->level = level;
    return b;
}

/* Lines [first, first + n) of `pl` at y, its origin at x. */
static layout_box_t *put_lines(compose_t *c, PangoLayout *pl, double x, double y, int first,
                               int n, double h, layout_ink_t ink)
{
    PangoRectangle r = extents(pl);
    layout_box_t *b = compose_box(c, LAYOUT_BOX_TEXT, x + (double)r.x / PANGO_SCALE, y,
                                  (double)r.width / PANGO_SCALE, h, ink);
    b->origin_x = x;
    b->text = g_object_ref(pl);
    b->line_first = first;
    b->line_count = n;
    return b;
}

layout_box_t *compose_put(compose_t *c, PangoLayout *pl, double x, double y, layout_ink_t ink)
{
    return put_lines(c, pl, x, y, 0, pango_layout_get_line_count(pl), compose_height(pl), ink);
}

layout_box_t *compose_label(compose_t *c, PangoLayout *pl, double x, double y, layout_ink_t ink)
{
    return compose_role(compose_put(c, pl, x, y, ink), LAYOUT_ROLE_LABEL, 0);
}

/* ---- pages ------------------------------------------------------------ */

void compose_set_page(compose_t *c, size_t i)
{
    const model_layout_t *L = c->L;
    bool recto = i % 2 == 0; /* page 1 is a right-hand page: binding at left */
    c->cur = i;
    c->cx = !L->duplex || recto ? L->margin_inner : L->margin_outer;
    c->cy = L->margin_top;
    c->cw = L->page_w - L->margin_inner - L->margin_outer;
    c->ch = L->page_h - L->margin_top - L->margin_bottom;
}

void compose_start(compose_t *c, const char *kind)
{
    /* The page being left is all but always done: its boxes keep no more
     * room to spare than the footer's, which layout adds once every page
     * has its number (a book laid out whole keeps every page's boxes until
     * it is rendered; a page filled again later grows again). */
    if (c->cur < c->pages->len) {
        layout_page_t *done = compose_page(c);
        if (done->cap > done->n_boxes + 1 && done->n_boxes > 0) {
            done->cap = done->n_boxes + 1;
            done->boxes = xrealloc(done->boxes, sizeof(layout_box_t) * done->cap);
        }
    }
    if (c->next < c->pages->len) {
        /* laid out again (layout.c's second pass): the page keeps its
         * label; its boxes were let go after the first */
        layout_page_t *p = &g_array_index(c->pages, layout_page_t, c->next);
        p->kind = kind;
        p->plan_page = c->plan_page;
    } else {
        layout_page_t p = {0};
        p.kind = kind;
        p.plan_page = c->plan_page;
        g_array_append_val(c->pages, p);
    }
    compose_set_page(c, c->next++);
    c->top = c->cy;
}

double compose_bottom(const compose_t *c) { return c->cy + c->ch; }

bool compose_ok(const compose_t *c) { return c->run->diag.errors == c->errors; }

bool compose_no_room(compose_t *c, src_pos_t at, const char *what)
{
    return diag_error(&c->run->diag, at, "no room for %s on printed page %u (%s)", what,
                      (unsigned)c->cur + 1, compose_page(c)->kind);
}

/* ---- blocks ----------------------------------------------------------- */

void compose_rules(compose_t *c, double x, double y, double w, unsigned n)
{
    for (unsigned i = 1; i <= n; i++)
        compose_box(c, LAYOUT_BOX_RULE, x, y + i * c->L->pitch, w, 0, LAYOUT_INK_RULE);
}

double compose_label_right(compose_t *c, double scale, const char *markup, double maxw,
                           double right, double y, layout_ink_t ink)
{
    PangoLayout *pl = compose_text(c, COMPOSE_FONT_LABEL, scale, markup, -1, PANGO_ALIGN_LEFT);
    double w = compose_width(pl);
    if (w > maxw) {
        pl = compose_text(c, COMPOSE_FONT_LABEL, scale, markup, maxw, PANGO_ALIGN_RIGHT);
        w = maxw;
    }
    compose_label(c, pl, right - w, y, ink);
    return compose_height(pl);
}

/* A heading's title and dates, as laid out texts; the dates take at most
 * 45% of the width, so the title keeps room. */
typedef struct {
    PangoLayout *t, *r;
    double origin; /* the dates' x */
} heading_t;

static heading_t heading_texts(compose_t *c, const char *title, const char *range)
{
    heading_t h = {0};
    double rw = 0;
    if (range) {
        h.r = compose_text(c, COMPOSE_FONT_LABEL, 1.0, range, -1, PANGO_ALIGN_LEFT);
        rw = compose_width(h.r);
        if (rw > c->cw * 0.45) {
            rw = c->cw * 0.45;
            h.r = compose_text(c, COMPOSE_FONT_LABEL, 1.0, range, rw, PANGO_ALIGN_RIGHT);
        }
        h.origin = c->cx + c->cw - (pango_layout_get_width(h.r) > 0 ? rw : compose_width(h.r));
    }
    h.t = compose_text(c, COMPOSE_FONT_HEADING, 1.0, title, c->cw - rw - (h.r ? 4 * MM : 0),
                       PANGO_ALIGN_LEFT);
    return h;
}

/* The rule under a heading and the air below it. */
#define HEADING_BELOW (1.5 * MM + 4 * MM)

double compose_heading_height(compose_t *c, const char *title, const char *range)
{
    return compose_height(heading_texts(c, title, range).t) + HEADING_BELOW;
}

double compose_heading(compose_t *c, const char *title, const char *range, src_pos_t at)
{
    heading_t h = heading_texts(c, title, range);
    double y = c->cy;
    compose_role(compose_put(c, h.t, c->cx, y, LAYOUT_INK_ACCENT), LAYOUT_ROLE_HEADING, 1);
    if (h.r) /* share the title's first baseline */
        compose_label(c, h.r, h.origin, y + compose_baseline(h.t) - compose_baseline(h.r),
                      LAYOUT_INK_MUTED);
    y += compose_height(h.t) + 1.5 * MM;
    layout_box_t *line = compose_box(c, LAYOUT_BOX_RULE, c->cx, y, c->cw, 0, LAYOUT_INK_ACCENT);
    line->stroke = c->L->rule_width * 1.5;
    line->role = LAYOUT_ROLE_DECORATION;
    y += 4 * MM;
    if (y > compose_bottom(c))
        compose_no_room(c, at, "the page heading");
    return y;
}

double compose_para(compose_t *c, compose_font_t f, double scale, const char *markup, double x,
                    double y, double w, layout_ink_t ink)
{
    PangoLayout *pl = compose_text(c, f, scale, markup, w, PANGO_ALIGN_LEFT);
    compose_put(c, pl, x, y, ink);
    return y + compose_height(pl);
}

double compose_intro(compose_t *c, const char *intro, double y)
{
    if (!intro)
        return y;
    y = compose_para(c, COMPOSE_FONT_BODY, 0.95, intro, c->cx, y, c->cw, LAYOUT_INK_MUTED);
    if (y > compose_bottom(c)) /* an intro runs on no page: it says what the page is for */
        compose_no_room(c, c->plan->pages[c->plan_page].intro_pos, "the introduction");
    return y + COMPOSE_INTRO_GAP;
}

double compose_continue(compose_t *c, const char *kind)
{
    const plan_page_t *p = &c->plan->pages[c->plan_page];
    compose_start(c, kind);
    return c->top = compose_heading(c, p->continued ? p->continued : p->title, p->range, p->pos);
}

double compose_head(compose_t *c, const char *kind, const plan_page_t *p)
{
    compose_start(c, kind);
    double y = compose_heading(c, p->title, p->range, p->pos);
    return compose_intro(c, p->intro, y);
}

/* Lines of `pl` that fit in `room`, from line `first`. */
static int lines_fitting(PangoLayout *pl, int first, double room, double *used)
{
    PangoLayoutIter *it = pango_layout_get_iter(pl);
    int i = 0, n = 0;
    double top = 0;
    *used = 0;
    do {
        PangoRectangle r;
        pango_layout_iter_get_line_extents(it, NULL, &r);
        if (i == first)
            top = (double)r.y / PANGO_SCALE;
        if (i >= first) {
            double end = (double)(r.y + r.height) / PANGO_SCALE - top;
            if (end > room)
                break;
            *used = end;
            n++;
        }
        i++;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    return n;
}

double compose_line_span(PangoLayout *pl, int first, int n)
{
    PangoLayoutIter *it = pango_layout_get_iter(pl);
    int i = 0;
    double top = 0, end = 0;
    do {
        PangoRectangle r;
        pango_layout_iter_get_line_extents(it, NULL, &r);
        if (i == first)
            top = (double)r.y / PANGO_SCALE;
        if (i == first + n - 1)
            end = (double)(r.y + r.height) / PANGO_SCALE;
        i++;
    } while (i < first + n && pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    return end - top;
}

/* How many of the `left` lines from `first` to put on this page: what fits,
 * less any that would leave a lone line at the foot or the head of a page
 * (orphans, widows). At the top of a page a paragraph cannot move on, so
 * only the widow rule applies there. */
static int lines_here(compose_t *c, PangoLayout *pl, int first, int left, double y, bool top,
                      double *used)
{
    int n = lines_fitting(pl, first, compose_bottom(c) - y, used);
    if (n >= left)
        return n;
    if (left - n < 2 && left > 2)
        n = left - 2;
    if (n < 2 && !top)
        n = 0;
    else if (n > 0)
        *used = compose_line_span(pl, first, n);
    return n;
}

double compose_flow(compose_t *c, PangoLayout *pl, double x, double y, layout_ink_t ink,
                    const char *bullet, layout_role_t role, src_pos_t at)
{
    int total = pango_layout_get_line_count(pl), first = 0;
    double indent = x - c->cx; /* pages alternate sides: keep the offset */
    const char *kind = compose_page(c)->kind;
    while (first < total) {
        double used;
        bool top = y <= c->top + 0.5;
        int n = lines_here(c, pl, first, total - first, y, top, &used);
        if (n == 0) {
            if (top) {
                compose_no_room(c, at, "a line of text");
                return y;
            }
            y = compose_continue(c, kind);
            continue;
        }
        x = c->cx + indent;
        layout_box_t *b = put_lines(c, pl, x, y, first, n, used, ink);
        compose_role(b, role, role == LAYOUT_ROLE_HEADING ? 2 : 0);
        if (bullet && first == 0)
            compose_role(compose_put(c, compose_text(c, COMPOSE_FONT_BODY, 1.0, bullet, -1,
                                                     PANGO_ALIGN_LEFT),
                                     x - 4.5 * MM, y, LAYOUT_INK_ACCENT),
                         LAYOUT_ROLE_DECORATION, 0);
        first += n;
        y += used;
        if (first < total)
            y = compose_continue(c, kind);
    }
    return y;
}

layout_box_t *compose_centred(compose_t *c, double scale, const char *markup, double x,
                              double y, double w, double h, layout_ink_t ink)
{
    PangoLayout *pl = compose_text(c, COMPOSE_FONT_LABEL, scale, markup, w, PANGO_ALIGN_CENTER);
    return compose_label(c, pl, x, y + (h - compose_height(pl)) / 2, ink);
}

void compose_cell(compose_t *c, double x, double y, double w, double h)
{
    compose_box(c, LAYOUT_BOX_RECT, x, y, w, h, LAYOUT_INK_RULE)->stroke = c->L->rule_width * 0.7;
}

void compose_cut(compose_t *c, double x, double y, double w, double h)
{
    compose_box(c, LAYOUT_BOX_CUT, x, y, w, h, LAYOUT_INK_MUTED);
}

bool compose_fill(compose_t *c, model_notes_t style, double y, unsigned lines, src_pos_t at,
                  const char *what)
{
    double h = compose_bottom(c) - y, grid = 5 * MM;
    if (h < lines * c->L->pitch)
        return compose_no_room(c, at, what);
    if (style == MODEL_NOTES_LINED) {
        compose_rules(c, c->cx, y, c->cw, (unsigned)floor(h / c->L->pitch));
    } else if (style == MODEL_NOTES_DOTTED || style == MODEL_NOTES_GRID) {
        /* whole cells only, centred across the width; dots are small, so
         * the darker ink keeps them visible in print */
        double w = floor(c->cw / grid) * grid, hh = floor(h / grid) * grid;
        bool ruled = style == MODEL_NOTES_GRID;
        layout_box_t *b = compose_box(c, ruled ? LAYOUT_BOX_GRID : LAYOUT_BOX_DOTS,
                                      c->cx + (c->cw - w) / 2, y, w, hh,
                                      ruled ? LAYOUT_INK_RULE : LAYOUT_INK_MUTED);
        b->step = grid;
    }
    return true;
}

bool compose_room_for(compose_t *c, const plan_page_t *p, const char *kind, double h,
                      bool first_block, bool *fresh, double *y, const char *what)
{
    if (!*fresh && *y + h <= compose_bottom(c))
        return true;
    if (first_block) {
        compose_start(c, kind);
        *y = compose_intro(c, p->intro, compose_heading(c, p->title, NULL, p->pos));
    } else {
        *y = compose_continue(c, kind);
    }
    *fresh = false;
    return *y + h <= compose_bottom(c) || compose_no_room(c, p->pos, what);
}

/* ---- partner columns -------------------------------------------------- */

compose_columns_t compose_columns(compose_t *c, size_t people)
{
    compose_columns_t k = {.n = people, .gutter = 6 * MM};
    k.colw = (c->cw - (double)(people - 1) * k.gutter) / (double)people;
    for (size_t i = 0; i < people && people > 1; i++) {
        k.labels[i] = compose_text(c, COMPOSE_FONT_LABEL, 1.0, c->plan->people[i], k.colw,
                                   PANGO_ALIGN_LEFT);
        k.label_h = fmax(k.label_h, compose_height(k.labels[i]));
    }
    return k;
}

double compose_answer(compose_t *c, const compose_columns_t *k, double y, unsigned lines)
{
    for (size_t i = 0; i < k->n && k->n > 1; i++)
        compose_label(c, k->labels[i], c->cx + (double)i * (k->colw + k->gutter), y,
                      LAYOUT_INK_MUTED);
    y += k->label_h;
    for (size_t i = 0; i < k->n; i++)
        compose_rules(c, c->cx + (double)i * (k->colw + k->gutter), y - c->L->pitch * 0.25,
                      k->colw, lines);
    return y + lines * c->L->pitch;
}

/* ---- the rating scale ------------------------------------------------- */

/* One row of circles 1-10 at (x0, y), `step` apart, `d` across. */
static void scale_row(compose_t *c, double x0, double y, double step, double d)
{
    for (int k = 0; k < 10; k++) {
        double bx = x0 + k * step + (step - d) / 2;
        compose_box(c, LAYOUT_BOX_CIRCLE, bx, y, d, d, LAYOUT_INK_RULE);
        char num[12];
        snprintf(num, sizeof num, "%d", k + 1);
        PangoLayout *nl = compose_text(c, COMPOSE_FONT_LABEL, 0.85, num, d, PANGO_ALIGN_CENTER);
        /* the numbers mark the circles; read aloud, twenty of them a page
         * would drown the question */
        compose_role(compose_put(c, nl, bx, y + (d - compose_height(nl)) / 2, LAYOUT_INK_MUTED),
                     LAYOUT_ROLE_DECORATION, 0);
    }
}

double compose_scale(compose_t *c, const char *question, const char *low, const char *high,
                     size_t people, bool place)
{
    double d = 6.5 * MM, namew = 0;
    PangoLayout *names[MODEL_MAX_PEOPLE] = {0};
    for (size_t i = 0; i < people && c->plan->n_people; i++) {
        names[i] = compose_text(c, COMPOSE_FONT_LABEL, 1.0, c->plan->people[i], c->cw * 0.28,
                                PANGO_ALIGN_LEFT);
        namew = fmax(namew, compose_width(names[i]));
    }
    PangoLayout *sq = compose_text(c, COMPOSE_FONT_BODY, 1.0, question, c->cw, PANGO_ALIGN_LEFT);
    PangoLayout *lo = compose_text(c, COMPOSE_FONT_LABEL, 0.9, low, c->cw / 3, PANGO_ALIGN_LEFT);
    PangoLayout *hi = compose_text(c, COMPOSE_FONT_LABEL, 0.9, high, c->cw / 3, PANGO_ALIGN_LEFT);
    double step = (c->cw - namew - 3 * MM) / 10;
    d = fmin(d, step * 0.85);
    double row = d + 2.5 * MM;
    for (size_t i = 0; i < people; i++)
        if (names[i])
            row = fmax(row, compose_height(names[i]) + 1 * MM);
    double h = compose_height(sq) + 2.5 * MM + (double)people * row +
               fmax(compose_height(lo), compose_height(hi));
    if (!place)
        return h + 6 * MM;
    double y = compose_bottom(c) - h, x0 = c->cx + c->cw - 10 * step;
    compose_put(c, sq, c->cx, y, LAYOUT_INK_TEXT);
    y += compose_height(sq) + 2.5 * MM;
    for (size_t i = 0; i < people; i++) {
        if (names[i])
            compose_label(c, names[i], c->cx, y + (d - compose_height(names[i])) / 2,
                          LAYOUT_INK_MUTED);
        scale_row(c, x0, y, step, d);
        y += row;
    }
    compose_label(c, lo, x0, y - 1.5 * MM, LAYOUT_INK_MUTED);
    compose_label_right(c, 0.9, high, c->cw / 3, c->cx + c->cw, y - 1.5 * MM, LAYOUT_INK_MUTED);
    return h + 6 * MM; /* air between the last question and the scale */
}

/* ---- prompts with writing lines --------------------------------------- */

/* One prompt measured: its group's heading when it is the first of its
 * group, the prompt, and what it takes besides its writing lines. */
typedef struct {
    PangoLayout *head, *q;
    double fixed;
} prompt_t;

static prompt_t *measure_prompts(compose_t *c, const compose_group_t *groups, size_t n_groups,
                                 double label_h, size_t *n)
{
    size_t total = 0;
    for (size_t g = 0; g < n_groups; g++)
        total += groups[g].n_prompts;
    prompt_t *items = g_new0(prompt_t, total + 1);
    *n = 0;
    for (size_t g = 0; g < n_groups; g++)
        for (size_t i = 0; i < groups[g].n_prompts; i++) {
            prompt_t *it = &items[(*n)++];
            const char *h = groups[g].heading;
            if (i == 0 && h && *h)
                it->head = compose_text(c, COMPOSE_FONT_HEADING, 0.75, h, c->cw, PANGO_ALIGN_LEFT);
            char *m = g_strdup_printf("<b>%s</b>", groups[g].prompts[i]);
            it->q = compose_text(c, COMPOSE_FONT_BODY, 1.0, m, c->cw, PANGO_ALIGN_LEFT);
            g_free(m);
            it->fixed = (it->head ? compose_height(it->head) + 2 * MM : 0) +
                        compose_height(it->q) + 1.5 * MM + label_h;
        }
    return items;
}

/* The lines each of items [from, to) gets in `area`, `gap` apart. */
static long prompt_lines(const compose_t *c, const prompt_t *items, size_t from, size_t to,
                         double area, double gap)
{
    double fixed = (double)(to - from - 1) * gap;
    for (size_t i = from; i < to; i++)
        fixed += items[i].fixed;
    return (long)floor((area - fixed) / ((double)(to - from) * c->L->pitch));
}

/* Where each page's prompts begin (starts[0] = 0, starts[k] = n), the
 * fewest pages that give every prompt `lines` lines, the prompts shared as
 * evenly as those pages allow. Returns k, or 0 if one prompt fits no page. */
static size_t prompt_pages(const compose_t *c, const prompt_t *items, size_t n, unsigned lines,
                           double first_area, double area, double gap, size_t *starts)
{
    size_t k = 0, from = 0;
    while (from < n) { /* greedy: as many as fit */
        size_t to = from + 1;
        double a = k ? area : first_area;
        if (prompt_lines(c, items, from, to, a, gap) < (long)lines)
            return 0;
        while (to < n && prompt_lines(c, items, from, to + 1, a, gap) >= (long)lines)
            to++;
        starts[k++] = from;
        from = to;
    }
    starts[k] = n;
    size_t per = (n + k - 1) / k; /* even by count, where that still fits */
    for (size_t p = 0; p < k; p++) {
        size_t f = p * per, t = f + per < n ? f + per : n;
        if (f >= t || prompt_lines(c, items, f, t, p ? area : first_area, gap) < (long)lines)
            return k; /* keep the greedy split */
    }
    for (size_t p = 0; p < k; p++)
        starts[p] = p * per;
    return k;
}

/* Items [from, to) from y to the foot of the page, sharing its room. */
static double place_prompts(compose_t *c, const prompt_t *items, size_t from, size_t to,
                            double y, double gap, const compose_columns_t *cols)
{
    double area = compose_bottom(c) - y;
    long lines = prompt_lines(c, items, from, to, area, gap);
    double used = (double)(to - from - 1) * gap + (double)lines * (double)(to - from) * c->L->pitch;
    for (size_t i = from; i < to; i++)
        used += items[i].fixed;
    gap += (area - used) / (double)(to - from); /* what is left, after each prompt */
    for (size_t i = from; i < to; i++) {
        if (items[i].head) {
            compose_role(compose_put(c, items[i].head, c->cx, y, LAYOUT_INK_ACCENT),
                         LAYOUT_ROLE_HEADING, 2);
            y += compose_height(items[i].head) + 2 * MM;
        }
        compose_put(c, items[i].q, c->cx, y, LAYOUT_INK_TEXT);
        y += compose_height(items[i].q) + 1.5 * MM;
        y = compose_answer(c, cols, y, (unsigned)lines) + gap;
    }
    return y;
}

double compose_prompts(compose_t *c, const plan_page_t *p, const char *kind,
                       const compose_group_t *groups, size_t n_groups, unsigned lines,
                       size_t people, double y)
{
    double gap = 4 * MM, first;
    if (y < 0)
        y = compose_head(c, kind, p);
    first = compose_bottom(c) - y;
    compose_columns_t cols = compose_columns(c, people);
    size_t n;
    prompt_t *items = measure_prompts(c, groups, n_groups, cols.label_h, &n);
    size_t *starts = g_new0(size_t, n + 2);
    /* a page more starts under "Title, continued" */
    double head = compose_heading_height(c, p->continued ? p->continued : p->title, p->range);
    size_t k = n ? prompt_pages(c, items, n, lines, first, c->ch - head, gap, starts) : 0;
    if (n && k == 0)
        compose_no_room(c, p->pos, "a question with its writing lines");
    for (size_t pg = 0; pg < k; pg++) {
        if (pg)
            y = compose_continue(c, kind);
        y = place_prompts(c, items, starts[pg], starts[pg + 1], y, gap, &cols);
    }
    g_free(starts);
    g_free(items);
    return y;
}
