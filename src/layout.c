/* layout: plan -> pages of boxes (see layout.h).
 *
 * Each page kind is one function over a small toolkit: heading(), para(),
 * rules(), columns of writing lines, the 1-10 scale, dated rows. Vertical
 * space is handed out in two steps: first the fixed parts (headings,
 * questions) are measured, then what is left is divided into whole writing
 * lines at the layout's pitch, so lines stay evenly spaced on every page.
 *
 * The contents page is laid out last: its page count is known up front from
 * the number of entries, so every other page's number is known by then.
 * PangoLayouts for repeated small texts (scale numbers, day labels, names)
 * come from a cache keyed by font, width and markup. */
#include "layout.h"

#include "text.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "fonts.h"

#define MM (72.0 / 25.4)

typedef enum { F_BODY, F_HEADING, F_TITLE, F_LABEL, F_N } font_id_t;

typedef struct {
    run_t *run;
    const plan_t *plan;
    const model_layout_t *L;
    PangoContext *pc;
    PangoFontDescription *fonts[F_N];
    GHashTable *cache; /* key -> PangoLayout* */
    layout_doc_t *doc;
    GArray *pages; /* layout_page_t */
    size_t cur;    /* the page being filled */
    bool ok;
    /* the content area of the current page */
    double cx, cy, cw, ch;
} ctx_t;

/* ---- toolkit ----------------------------------------------------------- */

static PangoFontDescription *font_desc(const model_font_t *f)
{
    PangoFontDescription *d = pango_font_description_new();
    pango_font_description_set_family(d, f->family);
    pango_font_description_set_size(d, (int)lround(f->size * PANGO_SCALE));
    pango_font_description_set_weight(d, f->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_style(d, f->italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
    return d;
}

/* A laid-out text; the ctx's cache keeps one reference, boxes take theirs. */
static PangoLayout *text(ctx_t *c, font_id_t f, double scale, const char *markup,
                         double width, PangoAlignment align)
{
    char wbuf[32];
    char *key = g_strdup_printf("%d|%g|%s|%d|%s", f, scale, text_fmt(wbuf, sizeof wbuf, width, 2),
                                align, markup);
    PangoLayout *pl = g_hash_table_lookup(c->cache, key);
    if (pl) {
        g_free(key);
        return pl;
    }
    pl = pango_layout_new(c->pc);
    if (scale != 1.0) {
        PangoFontDescription *d = pango_font_description_copy(c->fonts[f]);
        pango_font_description_set_size(
            d, (int)lround(pango_font_description_get_size(d) * scale));
        pango_layout_set_font_description(pl, d);
        pango_font_description_free(d);
    } else {
        pango_layout_set_font_description(pl, c->fonts[f]);
    }
    if (width > 0)
        pango_layout_set_width(pl, (int)lround(width * PANGO_SCALE));
    pango_layout_set_wrap(pl, PANGO_WRAP_WORD_CHAR);
    /* Alignment as asked, whatever the text's direction: a right-to-left
     * name must not swap sides inside a label's slot. Bidi reordering
     * within the text still happens. */
    pango_layout_set_auto_dir(pl, FALSE);
    pango_layout_set_alignment(pl, align);
    pango_layout_set_markup(pl, markup, -1);
    g_hash_table_insert(c->cache, key, pl);
    return pl;
}

static double height_of(PangoLayout *pl)
{
    PangoRectangle r;
    pango_layout_get_extents(pl, NULL, &r);
    return (double)r.height / PANGO_SCALE;
}

static double width_of(PangoLayout *pl)
{
    PangoRectangle r;
    pango_layout_get_extents(pl, NULL, &r);
    return (double)r.width / PANGO_SCALE;
}

static double baseline_of(PangoLayout *pl)
{
    return (double)pango_layout_get_baseline(pl) / PANGO_SCALE;
}

static layout_page_t *page(ctx_t *c)
{
    return &g_array_index(c->pages, layout_page_t, c->cur);
}

static layout_box_t *box(ctx_t *c, layout_box_kind_t kind, double x, double y,
                         double w, double h, layout_ink_t ink)
{
    layout_page_t *p = page(c);
    if (p->n_boxes == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 32;
        p->boxes = xrealloc(p->boxes, sizeof(layout_box_t) * p->cap);
    }
    layout_box_t *b = &p->boxes[p->n_boxes++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    b->x = x, b->y = y, b->w = w, b->h = h;
    b->ink = ink;
    b->stroke = c->L->rule_width;
    static const layout_role_t ROLE[] = {
        [LAYOUT_BOX_TEXT] = LAYOUT_ROLE_PARAGRAPH, [LAYOUT_BOX_RULE] = LAYOUT_ROLE_WRITING,
        [LAYOUT_BOX_LEADER] = LAYOUT_ROLE_DECORATION, [LAYOUT_BOX_DOTS] = LAYOUT_ROLE_WRITING,
        [LAYOUT_BOX_GRID] = LAYOUT_ROLE_WRITING, [LAYOUT_BOX_CIRCLE] = LAYOUT_ROLE_WRITING,
        [LAYOUT_BOX_ORNAMENT] = LAYOUT_ROLE_DECORATION, [LAYOUT_BOX_LINK] = LAYOUT_ROLE_LINK,
        [LAYOUT_BOX_CUT] = LAYOUT_ROLE_DECORATION, [LAYOUT_BOX_RECT] = LAYOUT_ROLE_WRITING};
    b->role = ROLE[kind];
    return b;
}

static layout_box_t *role(layout_box_t *b, layout_role_t r, int level)
{
    b->role = r;
    b->level = level;
    return b;
}

static layout_box_t *put(ctx_t *c, PangoLayout *pl, double x, double y, layout_ink_t ink)
{
    PangoRectangle r;
    pango_layout_get_extents(pl, NULL, &r);
    layout_box_t *b = box(c, LAYOUT_BOX_TEXT, x + (double)r.x / PANGO_SCALE, y,
                          width_of(pl), height_of(pl), ink);
    b->origin_x = x;
    b->text = g_object_ref(pl);
    b->line_first = 0;
    b->line_count = pango_layout_get_line_count(pl);
    return b;
}

/* Make page i current, with its content area (inner margin on the
 * binding side: page 1 is a right-hand page). */
static void set_page(ctx_t *c, size_t i)
{
    const model_layout_t *L = c->L;
    bool recto = i % 2 == 0;
    c->cur = i;
    c->cx = !L->duplex || recto ? L->margin_inner : L->margin_outer;
    c->cy = L->margin_top;
    c->cw = L->page_w - L->margin_inner - L->margin_outer;
    c->ch = L->page_h - L->margin_top - L->margin_bottom;
}

static void start_page(ctx_t *c, const char *kind, size_t plan_page)
{
    layout_page_t p = {0};
    p.kind = kind;
    p.plan_page = plan_page;
    g_array_append_val(c->pages, p);
    set_page(c, c->pages->len - 1);
}

static double bottom(ctx_t *c) { return c->cy + c->ch; }

/* Writing lines: n rules `pitch` apart, the first one `pitch` below y. */
static void rules(ctx_t *c, double x, double y, double w, unsigned n)
{
    for (unsigned i = 1; i <= n; i++)
        box(c, LAYOUT_BOX_RULE, x, y + i * c->L->pitch, w, 0, LAYOUT_INK_RULE);
}

static bool too_big(ctx_t *c, src_pos_t at, const char *what)
{
    c->ok = false;
    return diag_error(&c->run->diag, at, "no room for %s on printed page %u (%s)", what,
                      (unsigned)c->cur + 1, page(c)->kind);
}

/* A one-line label whose right edge is at `right`; wraps within `maxw`. */
static double label_right(ctx_t *c, double scale, const char *markup, double maxw,
                          double right, double y, layout_ink_t ink)
{
    PangoLayout *pl = text(c, F_LABEL, scale, markup, -1, PANGO_ALIGN_LEFT);
    double w = width_of(pl);
    if (w > maxw) {
        pl = text(c, F_LABEL, scale, markup, maxw, PANGO_ALIGN_RIGHT);
        w = maxw;
    }
    role(put(c, pl, right - w, y, ink), LAYOUT_ROLE_LABEL, 0);
    return height_of(pl);
}

/* A page heading: the title at left, the week's dates at right. Returns y
 * below it. */
static double heading(ctx_t *c, const char *title, const char *range, src_pos_t at)
{
    double y = c->cy, rw = 0;
    PangoLayout *r = NULL;
    double origin = 0;
    if (range) { /* at most 45% of the width, so the title keeps room */
        r = text(c, F_LABEL, 1.0, range, -1, PANGO_ALIGN_LEFT);
        rw = width_of(r);
        if (rw > c->cw * 0.45) {
            rw = c->cw * 0.45;
            r = text(c, F_LABEL, 1.0, range, rw, PANGO_ALIGN_RIGHT);
        }
        origin = c->cx + c->cw - (pango_layout_get_width(r) > 0 ? rw : width_of(r));
    }
    PangoLayout *t = text(c, F_HEADING, 1.0, title, c->cw - rw - (r ? 4 * MM : 0),
                          PANGO_ALIGN_LEFT);
    role(put(c, t, c->cx, y, LAYOUT_INK_ACCENT), LAYOUT_ROLE_HEADING, 1);
    if (r) /* share the title's first baseline */
        role(put(c, r, origin, y + baseline_of(t) - baseline_of(r), LAYOUT_INK_MUTED),
             LAYOUT_ROLE_LABEL, 0);
    y += height_of(t) + 1.5 * MM;
    layout_box_t *line = box(c, LAYOUT_BOX_RULE, c->cx, y, c->cw, 0, LAYOUT_INK_ACCENT);
    line->stroke = c->L->rule_width * 1.5;
    line->role = LAYOUT_ROLE_DECORATION;
    y += 4 * MM;
    if (y > bottom(c))
        too_big(c, at, "the page heading");
    return y;
}

/* A paragraph placed whole at y; returns y below it. */
static double para(ctx_t *c, font_id_t f, double scale, const char *markup, double x,
                   double y, double w, layout_ink_t ink)
{
    PangoLayout *pl = text(c, f, scale, markup, w, PANGO_ALIGN_LEFT);
    put(c, pl, x, y, ink);
    return y + height_of(pl);
}

/* ---- page kinds -------------------------------------------------------- */

static void lay_cover(ctx_t *c, const plan_page_t *p, size_t idx)
{
    start_page(c, "cover", idx);
    const model_layout_t *L = c->L;
    double w = L->page_w - 2 * L->margin_outer, x = L->margin_outer;
    double y = L->page_h * 0.24;
    box(c, LAYOUT_BOX_ORNAMENT, L->page_w / 2 - 20 * MM, y, 40 * MM, 14 * MM,
        LAYOUT_INK_ACCENT);
    y += 24 * MM;
    PangoLayout *t = text(c, F_TITLE, 1.0, p->title, w, PANGO_ALIGN_CENTER);
    role(put(c, t, x, y, LAYOUT_INK_TEXT), LAYOUT_ROLE_HEADING, 1);
    y += height_of(t) + 6 * MM;
    if (p->names) {
        PangoLayout *n = text(c, F_BODY, 1.6, p->names, w, PANGO_ALIGN_CENTER);
        put(c, n, x, y, LAYOUT_INK_ACCENT);
        y += height_of(n) + 3 * MM;
    }
    if (p->dates) {
        PangoLayout *d = text(c, F_LABEL, 1.1, p->dates, w, PANGO_ALIGN_CENTER);
        put(c, d, x, y, LAYOUT_INK_MUTED);
        y += height_of(d);
    }
    double dy = L->page_h * 0.74;
    if (p->dedication) {
        char *m = g_strdup_printf("<i>%s</i>", p->dedication);
        PangoLayout *dd = text(c, F_BODY, 1.1, m, w * 0.8, PANGO_ALIGN_CENTER);
        g_free(m);
        if (y + 8 * MM > dy)
            dy = y + 8 * MM;
        put(c, dd, x + w * 0.1, dy, LAYOUT_INK_TEXT);
        y = dy + height_of(dd);
    }
    if (y > L->page_h - L->margin_bottom)
        too_big(c, p->pos, "the cover's title, names and dedication");
}

/* Lines of `pl` that fit between y and the bottom, from line `first`. */
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

/* Height of lines [first, first + n) of `pl`. */
static double line_span(PangoLayout *pl, int first, int n)
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

/* Text flowing over as many pages as it needs: returns y below it, or a
 * new page's y when it moved on. */
static double flow(ctx_t *c, size_t idx, PangoLayout *pl,
                   double x, double y, layout_ink_t ink, const char *bullet,
                   layout_role_t r, src_pos_t at)
{
    int total = pango_layout_get_line_count(pl), first = 0;
    double indent = x - c->cx; /* pages alternate sides: keep the offset */
    while (first < total) {
        double used;
        x = c->cx + indent;
        int n = lines_fitting(pl, first, bottom(c) - y, &used);
        int left = total - first;
        /* No lone line at the foot or the head of a page (orphans, widows):
         * split a paragraph only where two lines stay on each side. At the
         * top of a page a paragraph cannot move on, so only the widow rule
         * applies there. */
        if (n < left) {
            if (left - n < 2 && left > 2)
                n = left - 2;
            if (n < 2 && y > c->cy + 0.5)
                n = 0;
            else if (n > 0)
                used = line_span(pl, first, n);
        }
        if (n == 0) {
            if (y <= c->cy + 0.5) {
                too_big(c, at, "a line of text");
                return y;
            }
            start_page(c, "text", idx);
            y = c->cy;
            continue;
        }
        layout_box_t *b = box(c, LAYOUT_BOX_TEXT, x, y, width_of(pl), used, ink);
        b->origin_x = x;
        b->text = g_object_ref(pl);
        b->line_first = first;
        b->line_count = n;
        role(b, r, r == LAYOUT_ROLE_HEADING ? 2 : 0);
        if (bullet && first == 0)
            role(put(c, text(c, F_BODY, 1.0, bullet, -1, PANGO_ALIGN_LEFT), x - 4.5 * MM, y,
                     LAYOUT_INK_ACCENT), LAYOUT_ROLE_DECORATION, 0);
        first += n;
        y += used;
        if (first < total) {
            start_page(c, "text", idx);
            y = c->cy;
        }
    }
    return y;
}

static void lay_text(ctx_t *c, const plan_page_t *p, size_t idx)
{
    start_page(c, "text", idx);
    double y = heading(c, p->title, NULL, p->pos);
    double gap = c->L->body.size * 0.6;
    for (size_t i = 0; i < p->n_blocks && c->ok; i++) {
        const plan_block_t *b = &p->blocks[i];
        switch (b->kind) {
        case MODEL_BLOCK_HEADING: {
            PangoLayout *h = text(c, F_HEADING, 0.8, b->markup, c->cw, PANGO_ALIGN_LEFT);
            /* Keep a heading with the first two lines that follow it. */
            double next = 0;
            if (i + 1 < p->n_blocks) {
                const plan_block_t *nb = &p->blocks[i + 1];
                const char *m = nb->kind == MODEL_BLOCK_LIST ? nb->items[0] : nb->markup;
                PangoLayout *np = text(c, nb->kind == MODEL_BLOCK_HEADING ? F_HEADING : F_BODY,
                                       nb->kind == MODEL_BLOCK_HEADING ? 0.8 : 1.0, m,
                                       nb->kind == MODEL_BLOCK_LIST ? c->cw - 6 * MM : c->cw,
                                       PANGO_ALIGN_LEFT);
                int nl = pango_layout_get_line_count(np);
                next = line_span(np, 0, nl <= 3 ? nl : 2);
            }
            if (y + gap + height_of(h) + gap * 0.5 + next > bottom(c) && y > c->cy) {
                start_page(c, "text", idx);
                y = c->cy;
            }
            if (y > c->cy)
                y += gap;
            y = flow(c, idx, h, c->cx, y, LAYOUT_INK_ACCENT, NULL, LAYOUT_ROLE_HEADING,
                     b->pos) + gap * 0.5;
            break;
        }
        case MODEL_BLOCK_PARAGRAPH:
            y = flow(c, idx, text(c, F_BODY, 1.0, b->markup, c->cw, PANGO_ALIGN_LEFT),
                     c->cx, y, LAYOUT_INK_TEXT, NULL, LAYOUT_ROLE_PARAGRAPH, b->pos) + gap;
            break;
        case MODEL_BLOCK_LIST:
            for (size_t j = 0; j < b->n_items; j++) {
                double indent = 6 * MM;
                PangoLayout *it = text(c, F_BODY, 1.0, b->items[j], c->cw - indent,
                                       PANGO_ALIGN_LEFT);
                y = flow(c, idx, it, c->cx + indent, y, LAYOUT_INK_TEXT, "•",
                         LAYOUT_ROLE_LIST_ITEM, b->pos) +
                    gap * 0.4;
            }
            y += gap * 0.6;
            break;
        }
    }
}

/* Partner columns: a label for each person (wrapped within the column) and
 * the column width. With one person there are no labels. */
typedef struct {
    size_t n;
    double colw, gutter, label_h;
    PangoLayout *labels[MODEL_MAX_PEOPLE];
} columns_t;

static columns_t columns(ctx_t *c, size_t np)
{
    columns_t k = {.n = np, .gutter = 6 * MM};
    k.colw = (c->cw - (double)(np - 1) * k.gutter) / (double)np;
    const model_book_t *B = c->plan->book;
    for (size_t i = 0; i < np && np > 1; i++) {
        char *esc = g_markup_escape_text(B->people[i], -1);
        k.labels[i] = text(c, F_LABEL, 1.0, esc, k.colw, PANGO_ALIGN_LEFT);
        g_free(esc);
        k.label_h = fmax(k.label_h, height_of(k.labels[i]));
    }
    return k;
}

/* The space to answer in: labels, then `lines` writing lines in each
 * column. Returns y below the last line. */
static double answer(ctx_t *c, const columns_t *k, double y, unsigned lines)
{
    for (size_t i = 0; i < k->n && k->n > 1; i++)
        role(put(c, k->labels[i], c->cx + (double)i * (k->colw + k->gutter), y,
                 LAYOUT_INK_MUTED), LAYOUT_ROLE_LABEL, 0);
    y += k->label_h;
    for (size_t i = 0; i < k->n; i++)
        rules(c, c->cx + (double)i * (k->colw + k->gutter), y - c->L->pitch * 0.25, k->colw,
              lines);
    return y + lines * c->L->pitch;
}

static void lay_checkin(ctx_t *c, const plan_page_t *p, size_t idx)
{
    start_page(c, "check-in", idx);
    const model_book_t *B = c->plan->book;
    size_t np = B->n_people ? B->n_people : 1;
    double y = heading(c, p->title, p->range, p->pos);
    if (p->intro)
        y = para(c, F_BODY, 0.95, p->intro, c->cx, y, c->cw, LAYOUT_INK_MUTED) + 4 * MM;

    /* The scale, measured first: it sits at the bottom of the page. */
    double scale_h = 0, d = 6.5 * MM, namew = 0;
    PangoLayout *sq = NULL, *lo = NULL, *hi = NULL;
    PangoLayout *names[MODEL_MAX_PEOPLE] = {0};
    for (size_t i = 0; i < np && B->people; i++) {
        char *esc = g_markup_escape_text(B->people[i], -1);
        names[i] = text(c, F_LABEL, 1.0, esc, c->cw * 0.28, PANGO_ALIGN_LEFT);
        g_free(esc);
        if (width_of(names[i]) > namew)
            namew = width_of(names[i]);
    }
    if (p->scale_question) {
        sq = text(c, F_BODY, 1.0, p->scale_question, c->cw, PANGO_ALIGN_LEFT);
        lo = text(c, F_LABEL, 0.9, p->scale_low, c->cw / 3, PANGO_ALIGN_LEFT);
        hi = text(c, F_LABEL, 0.9, p->scale_high, c->cw / 3, PANGO_ALIGN_LEFT);
        double step = (c->cw - namew - 3 * MM) / 10;
        if (d > step * 0.85)
            d = step * 0.85;
        double row = d + 2.5 * MM;
        for (size_t i = 0; i < np; i++)
            if (names[i] && height_of(names[i]) + 1 * MM > row)
                row = height_of(names[i]) + 1 * MM;
        scale_h = height_of(sq) + 2.5 * MM + np * row +
                  fmax(height_of(lo), height_of(hi));
        double sy = bottom(c) - scale_h;
        put(c, sq, c->cx, sy, LAYOUT_INK_TEXT);
        sy += height_of(sq) + 2.5 * MM;
        double x0 = c->cx + c->cw - 10 * step;
        for (size_t i = 0; i < np; i++) {
            if (names[i])
                role(put(c, names[i], c->cx, sy + (d - height_of(names[i])) / 2,
                         LAYOUT_INK_MUTED), LAYOUT_ROLE_LABEL, 0);
            for (int k = 0; k < 10; k++) {
                double bx = x0 + k * step + (step - d) / 2;
                box(c, LAYOUT_BOX_CIRCLE, bx, sy, d, d, LAYOUT_INK_RULE);
                char num[12];
                snprintf(num, sizeof num, "%d", k + 1);
                PangoLayout *nl = text(c, F_LABEL, 0.85, num, d, PANGO_ALIGN_CENTER);
                role(put(c, nl, bx, sy + (d - height_of(nl)) / 2, LAYOUT_INK_MUTED),
                     LAYOUT_ROLE_LABEL, 0);
            }
            sy += row;
        }
        role(put(c, lo, x0, sy - 1.5 * MM, LAYOUT_INK_MUTED), LAYOUT_ROLE_LABEL, 0);
        label_right(c, 0.9, p->scale_high, c->cw / 3, c->cx + c->cw, sy - 1.5 * MM,
                    LAYOUT_INK_MUTED);
        scale_h += 6 * MM; /* air between the last question and the scale */
    }

    /* Questions: measure, then share the room left as whole lines. */
    double area = bottom(c) - scale_h - y, fixed = 0, gap = 4 * MM;
    columns_t cols = columns(c, np);
    double label_h = cols.label_h;
    /* The fixed questions, then the week's deeper question under its label. */
    size_t nq = p->n_questions + (p->deeper ? 1 : 0);
    PangoLayout **q = g_new0(PangoLayout *, nq + 1);
    for (size_t i = 0; i < nq; i++) {
        char *m;
        if (i < p->n_questions) {
            m = g_strdup_printf("<b>%s</b>", p->questions[i]);
        } else {
            const model_colour_t *a = &c->L->accent;
            m = g_strdup_printf("<span size=\"smaller\" foreground=\"#%02x%02x%02x\">%s</span>\n"
                                "<b>%s</b>",
                                (unsigned)lround(a->r * 255), (unsigned)lround(a->g * 255),
                                (unsigned)lround(a->b * 255), p->deeper_label, p->deeper);
        }
        q[i] = text(c, F_BODY, 1.0, m, c->cw, PANGO_ALIGN_LEFT);
        g_free(m);
        fixed += height_of(q[i]) + 1.5 * MM + label_h;
    }
    fixed += (double)(nq - 1) * gap;
    long lines = (long)floor((area - fixed) / ((double)nq * c->L->pitch));
    if (lines < 2) {
        too_big(c, p->pos, "the check-in's questions with two writing lines each");
        g_free(q);
        return;
    }
    /* Spread any leftover evenly after each question's lines. */
    double spare = area - fixed - (double)lines * (double)nq * c->L->pitch;
    gap += spare / (double)nq;
    for (size_t i = 0; i < nq; i++) {
        put(c, q[i], c->cx, y, LAYOUT_INK_TEXT);
        y += height_of(q[i]) + 1.5 * MM;
        y = answer(c, &cols, y, (unsigned)lines) + gap;
    }
    g_free(q);
}

/* Cut-out cards in a grid, crop marks at their corners, a sentence starter
 * and writing lines on each. */
static void lay_cards(ctx_t *c, const plan_page_t *p, size_t idx)
{
    start_page(c, "cards", idx);
    double y = heading(c, p->title, p->range, p->pos);
    if (p->intro)
        y = para(c, F_BODY, 0.95, p->intro, c->cx, y, c->cw, LAYOUT_INK_MUTED);
    /* Crop marks reach 3.5 mm beyond a card: keep them off the text above
     * and the footer below, and let the gutter hold them between cards. */
    y += 7 * MM;
    size_t n = p->n_cards, cols = n > 1 ? 2 : 1, rows = (n + cols - 1) / cols;
    double gutter = 8 * MM, pad = 4 * MM;
    double w = (c->cw - (double)(cols - 1) * gutter) / (double)cols;
    double h = (bottom(c) - 4 * MM - y - (double)(rows - 1) * gutter) / (double)rows;
    for (size_t k = 0; k < n && c->ok; k++) {
        double x = c->cx + (double)(k % cols) * (w + gutter);
        double top = y + (double)(k / cols) * (h + gutter);
        box(c, LAYOUT_BOX_CUT, x, top, w, h, LAYOUT_INK_MUTED);
        char *m = g_strdup_printf("<i>%s</i>", p->cards[k]);
        PangoLayout *s = text(c, F_BODY, 1.1, m, w - 2 * pad, PANGO_ALIGN_LEFT);
        g_free(m);
        put(c, s, x + pad, top + pad, LAYOUT_INK_TEXT);
        double room = h - 2 * pad - height_of(s);
        unsigned lines = room > 0 ? (unsigned)floor(room / c->L->pitch) : 0;
        if (lines < 2) {
            too_big(c, p->pos, "a card's sentence with two writing lines");
            return;
        }
        rules(c, x + pad, top + pad + height_of(s) + (room - lines * c->L->pitch) / 2 -
                              c->L->pitch * 0.25,
              w - 2 * pad, lines);
    }
}

/* Prompts in groups, each followed by writing lines: one space, or a
 * column for each person. A prompt and its lines stay on one page; a group
 * heading stays with its first prompt; the page kind flows over as many
 * pages as it needs. */
static void lay_questions(ctx_t *c, const plan_page_t *p, size_t idx)
{
    const model_book_t *B = c->plan->book;
    size_t np = p->each && B->n_people > 1 ? B->n_people : 1;
    double gap = 4 * MM;
    start_page(c, "questions", idx);
    double y = heading(c, p->title, p->range, p->pos);
    if (p->intro)
        y = para(c, F_BODY, 0.95, p->intro, c->cx, y, c->cw, LAYOUT_INK_MUTED) + 4 * MM;
    columns_t cols = columns(c, np);
    double label_h = cols.label_h;
    for (size_t g = 0; g < p->n_groups && c->ok; g++) {
        const plan_group_t *gr = &p->groups[g];
        PangoLayout *h = gr->heading && *gr->heading
                             ? text(c, F_HEADING, 0.75, gr->heading, c->cw, PANGO_ALIGN_LEFT)
                             : NULL;
        for (size_t i = 0; i < gr->n_prompts && c->ok; i++) {
            char *m = g_strdup_printf("<b>%s</b>", gr->prompts[i]);
            PangoLayout *q = text(c, F_BODY, 1.0, m, c->cw, PANGO_ALIGN_LEFT);
            g_free(m);
            double block = height_of(q) + 1.5 * MM + label_h + p->lines * c->L->pitch;
            double head = i == 0 && h ? height_of(h) + 2 * MM : 0;
            if (y + head + block > bottom(c)) {
                if (y <= c->cy + 0.5 || block + head > c->ch) {
                    too_big(c, p->pos, "a question with its writing lines");
                    return;
                }
                start_page(c, "questions", idx);
                y = c->cy;
            }
            if (head) {
                role(put(c, h, c->cx, y, LAYOUT_INK_ACCENT), LAYOUT_ROLE_HEADING, 2);
                y += head;
            }
            put(c, q, c->cx, y, LAYOUT_INK_TEXT);
            y += height_of(q) + 1.5 * MM;
            y = answer(c, &cols, y, p->lines) + gap;
        }
        y += gap * 0.5;
    }
}

/* Dated entries: a place for the date, then writing lines, the entries
 * spread evenly down the page. */
static void lay_log(ctx_t *c, const plan_page_t *p, size_t idx)
{
    start_page(c, "log", idx);
    double y = heading(c, p->title, p->range, p->pos);
    if (p->intro)
        y = para(c, F_BODY, 0.95, p->intro, c->cx, y, c->cw, LAYOUT_INK_MUTED) + 3 * MM;
    double pitch = c->L->pitch, row = (bottom(c) - y) / p->entries;
    if ((p->lines + 1) * pitch + 2 * MM > row) {
        too_big(c, p->pos, "the log's entries with their lines");
        return;
    }
    PangoLayout *date = text(c, F_LABEL, 1.0, p->date_word, -1, PANGO_ALIGN_LEFT);
    for (unsigned k = 0; k < p->entries; k++) {
        double ry = y + k * row + (row - (p->lines + 1) * pitch) / 2;
        double base = ry + pitch;
        role(put(c, date, c->cx, base - baseline_of(date) - 1.2 * MM, LAYOUT_INK_ACCENT),
             LAYOUT_ROLE_LABEL, 0);
        double dx = c->cx + width_of(date) + 2 * MM;
        box(c, LAYOUT_BOX_RULE, dx, base, 30 * MM, 0, LAYOUT_INK_RULE);
        rules(c, c->cx, base, c->cw, p->lines);
        if (k + 1 < p->entries)
            box(c, LAYOUT_BOX_LEADER, c->cx, y + (k + 1) * row, c->cw, 0, LAYOUT_INK_RULE);
    }
}

/* A cell of a grid: a hairline square. */
static void cell(ctx_t *c, double x, double y, double w, double h)
{
    box(c, LAYOUT_BOX_RECT, x, y, w, h, LAYOUT_INK_RULE)->stroke = c->L->rule_width * 0.7;
}

/* A small label centred in a box. */
static void centred(ctx_t *c, double scale, const char *markup, double x, double y, double w,
                    double h, layout_ink_t ink)
{
    PangoLayout *pl = text(c, F_LABEL, scale, markup, w, PANGO_ALIGN_CENTER);
    role(put(c, pl, x, y + (h - height_of(pl)) / 2, ink), LAYOUT_ROLE_LABEL, 0);
}

/* Room for a block `h` tall at *y: on this page, or on a new one that
 * starts with the title (and, before the first block, the intro and
 * `gap`). False after reporting a block that no page can hold. */
static bool room_for(ctx_t *c, const plan_page_t *p, size_t idx, const char *kind, double h,
                     bool first_block, double gap, bool *fresh, double *y, const char *what)
{
    if (!*fresh && *y + h <= bottom(c))
        return true;
    start_page(c, kind, idx);
    *y = heading(c, p->title, NULL, p->pos);
    if (p->intro && first_block)
        *y = para(c, F_BODY, 0.95, p->intro, c->cx, *y, c->cw, LAYOUT_INK_MUTED) + gap;
    *fresh = false;
    return *y + h <= bottom(c) || too_big(c, p->pos, what);
}

/* Rituals to tick off week by week: a column to name each ritual, a
 * column for each week, a quarter of the year a block, blocks down the page
 * and over as many pages as the weeks need. */
static void lay_tracker(ctx_t *c, const plan_page_t *p, size_t idx)
{
    unsigned first = 1;
    bool fresh = true;
    double y = 0;
    while (first <= p->weeks && c->ok) {
        double namew = c->cw * 0.3, rowh = c->L->pitch, cw = (c->cw - namew) / 13;
        double block = rowh * (p->rows + 1) + 5 * MM;
        if (!room_for(c, p, idx, "tracker", block, first == 1, 4 * MM, &fresh, &y,
                      "the tracker's rows"))
            return;
        unsigned cols = p->weeks - first + 1 < 13 ? p->weeks - first + 1 : 13;
        for (unsigned k = 0; k < cols; k++) {
            char num[12];
            snprintf(num, sizeof num, "%u", first + k);
            centred(c, 0.9, num, c->cx + namew + k * cw, y, cw, rowh, LAYOUT_INK_MUTED);
        }
        y += rowh;
        for (unsigned r = 0; r < p->rows; r++) {
            box(c, LAYOUT_BOX_RULE, c->cx, y + rowh, namew - 2 * MM, 0, LAYOUT_INK_RULE);
            for (unsigned k = 0; k < cols; k++)
                cell(c, c->cx + namew + k * cw + 1, y + 1.5, cw - 2, rowh - 3);
            y += rowh;
        }
        y += 5 * MM;
        first += cols;
    }
}

/* The weeks' closeness scores on a grid: a band of 26 weeks, scores 10 at
 * the top to 1 at the bottom, bands down the page. */
static void lay_chart(ctx_t *c, const plan_page_t *p, size_t idx)
{
    unsigned first = 1;
    bool fresh = true;
    double y = 0;
    while (first <= p->weeks && c->ok) {
        double labw = 6 * MM, cw = (c->cw - labw) / 26, ch = cw * 0.9;
        double band = 11 * ch + 6 * MM;
        if (!room_for(c, p, idx, "chart", band, first == 1, 3 * MM, &fresh, &y,
                      "a band of the chart"))
            return;
        unsigned cols = p->weeks - first + 1 < 26 ? p->weeks - first + 1 : 26;
        for (int s = 10; s >= 1; s--) {
            char num[12];
            snprintf(num, sizeof num, "%d", s);
            centred(c, 0.8, num, c->cx, y, labw, ch, LAYOUT_INK_MUTED);
            for (unsigned k = 0; k < cols; k++)
                cell(c, c->cx + labw + k * cw, y, cw, ch);
            y += ch;
        }
        for (unsigned k = 0; k < cols; k++) {
            char num[12];
            snprintf(num, sizeof num, "%u", first + k);
            centred(c, 0.7, num, c->cx + labw + k * cw, y, cw, ch, LAYOUT_INK_MUTED);
        }
        y += ch + 6 * MM;
        first += cols;
    }
}

/* A month as a grid of days: weekday heads, then six rows of cells. The
 * cells are `ch` tall; marked days get their label (month view) or a ring
 * (year view). */
static void month_grid(ctx_t *c, const plan_page_t *p, const plan_month_t *m, double x,
                       double y, double w, double ch, bool big)
{
    double cw = w / 7;
    for (int d = 0; d < 7; d++)
        centred(c, big ? 0.9 : 0.6, p->weekday_heads[d], x + d * cw, y, cw, big ? 5 * MM : ch,
                LAYOUT_INK_MUTED);
    y += big ? 5 * MM : ch;
    for (unsigned day = 1; day <= m->days; day++) {
        unsigned pos = m->offset + day - 1, col = pos % 7, row = pos / 7;
        double cx = x + col * cw, cy = y + row * ch;
        char num[12];
        snprintf(num, sizeof num, "%u", day);
        if (big) {
            cell(c, cx, cy, cw, ch);
            PangoLayout *n = text(c, F_LABEL, 0.9, num, -1, PANGO_ALIGN_LEFT);
            role(put(c, n, cx + 1.2 * MM, cy + 0.8 * MM,
                     m->marks[day] ? LAYOUT_INK_ACCENT : LAYOUT_INK_TEXT),
                 LAYOUT_ROLE_LABEL, 0);
            if (m->marks[day]) {
                PangoLayout *l = text(c, F_LABEL, 0.75, m->marks[day], cw - 2 * MM, PANGO_ALIGN_LEFT);
                double ly = cy + 0.8 * MM + height_of(n);
                if (ly + height_of(l) > cy + ch) {
                    too_big(c, p->pos, "a special date's label in its day");
                    return;
                }
                role(put(c, l, cx + 1 * MM, ly, LAYOUT_INK_ACCENT), LAYOUT_ROLE_LABEL, 0);
            }
        } else {
            if (m->marks[day])
                box(c, LAYOUT_BOX_CIRCLE, cx + (cw - ch) / 2, cy, ch, ch, LAYOUT_INK_ACCENT)
                    ->role = LAYOUT_ROLE_DECORATION;
            centred(c, 0.6, num, cx, cy, cw, ch, m->marks[day] ? LAYOUT_INK_ACCENT : LAYOUT_INK_TEXT);
        }
    }
}

static void lay_calendar(ctx_t *c, const plan_page_t *p, size_t idx)
{
    if (p->month_view) {
        for (size_t k = 0; k < p->n_months && c->ok; k++) {
            start_page(c, "calendar-month", idx);
            double y = heading(c, p->months[k].title, NULL, p->pos);
            double ch = (bottom(c) - y - 5 * MM) / 6;
            month_grid(c, p, &p->months[k], c->cx, y, c->cw, ch, true);
        }
        return;
    }
    start_page(c, "calendar-year", idx);
    double y = heading(c, p->title, NULL, p->pos);
    if (p->intro)
        y = para(c, F_BODY, 0.95, p->intro, c->cx, y, c->cw, LAYOUT_INK_MUTED) + 3 * MM;
    /* Three months across, four down; a month is a title, heads, six rows. */
    double gutter = 5 * MM, w = (c->cw - 2 * gutter) / 3;
    double mh = (bottom(c) - y - 3 * gutter) / 4;
    PangoLayout *t0 = text(c, F_LABEL, 1.0, "X", -1, PANGO_ALIGN_LEFT);
    double ch = (mh - height_of(t0) - 1 * MM) / 7;
    if (ch < 6) {
        too_big(c, p->pos, "twelve months");
        return;
    }
    for (size_t k = 0; k < p->n_months && k < 12; k++) {
        double x = c->cx + (k % 3) * (w + gutter), my = y + (k / 3) * (mh + gutter);
        PangoLayout *t = text(c, F_LABEL, 1.0, p->months[k].title, w, PANGO_ALIGN_LEFT);
        role(put(c, t, x, my, LAYOUT_INK_ACCENT), LAYOUT_ROLE_HEADING, 2);
        month_grid(c, p, &p->months[k], x, my + height_of(t) + 1 * MM, w, ch, false);
    }
}

static void lay_gratitude(ctx_t *c, const plan_page_t *p, size_t idx)
{
    start_page(c, "gratitude", idx);
    double y = heading(c, p->title, p->range, p->pos);
    if (p->intro)
        y = para(c, F_BODY, 0.95, p->intro, c->cx, y, c->cw, LAYOUT_INK_MUTED) + 3 * MM;
    double row = (bottom(c) - y) / 7, pitch = c->L->pitch;
    double dayw = 20 * MM, numw = 4 * MM;
    if (p->lines * pitch + 2 * MM > row) {
        too_big(c, p->pos, "seven days of numbered lines");
        return;
    }
    for (int d = 0; d < 7; d++) {
        double ry = y + d * row + (row - p->lines * pitch) / 2;
        PangoLayout *day = text(c, F_LABEL, 1.0, p->days[d], dayw - 2 * MM, PANGO_ALIGN_LEFT);
        role(put(c, day, c->cx, ry + pitch - baseline_of(day) - 1.2 * MM, LAYOUT_INK_ACCENT),
             LAYOUT_ROLE_LABEL, 0);
        for (unsigned k = 1; k <= p->lines; k++) {
            char num[12];
            snprintf(num, sizeof num, "%u", k);
            PangoLayout *nl = text(c, F_LABEL, 0.85, num, -1, PANGO_ALIGN_LEFT);
            double ly = ry + k * pitch;
            role(put(c, nl, c->cx + dayw, ly - baseline_of(nl) - 1.2 * MM, LAYOUT_INK_MUTED),
                 LAYOUT_ROLE_LABEL, 0);
            box(c, LAYOUT_BOX_RULE, c->cx + dayw + numw, ly, c->cw - dayw - numw, 0,
                LAYOUT_INK_RULE);
        }
        if (d < 6)
            box(c, LAYOUT_BOX_LEADER, c->cx, y + (d + 1) * row, c->cw, 0, LAYOUT_INK_RULE);
    }
}

static void fill(ctx_t *c, model_notes_t style, double y)
{
    double h = bottom(c) - y, grid = 5 * MM;
    switch (style) {
    case MODEL_NOTES_LINED:
        rules(c, c->cx, y, c->cw, (unsigned)floor(h / c->L->pitch));
        break;
    case MODEL_NOTES_DOTTED:
    case MODEL_NOTES_GRID: {
        /* whole cells only, centred across the width */
        double w = floor(c->cw / grid) * grid, hh = floor(h / grid) * grid;
        /* Dots are small: the darker ink keeps them visible in print. */
        bool grid_style = style == MODEL_NOTES_GRID;
        layout_box_t *b = box(c, grid_style ? LAYOUT_BOX_GRID : LAYOUT_BOX_DOTS,
                              c->cx + (c->cw - w) / 2, y, w, hh,
                              grid_style ? LAYOUT_INK_RULE : LAYOUT_INK_MUTED);
        b->step = grid;
        break;
    }
    case MODEL_NOTES_BLANK:
        break;
    }
}

static void lay_story(ctx_t *c, const plan_page_t *p, size_t idx)
{
    start_page(c, "story", idx);
    double y = heading(c, p->title, p->range, p->pos);
    if (p->prompt) {
        char *m = g_strdup_printf("<i>%s</i>", p->prompt);
        y = para(c, F_BODY, 1.25, m, c->cx, y, c->cw, LAYOUT_INK_TEXT) + 2 * MM;
        g_free(m);
    }
    if (p->intro)
        y = para(c, F_BODY, 0.9, p->intro, c->cx, y, c->cw, LAYOUT_INK_MUTED) + 2 * MM;
    if (bottom(c) - y < 4 * c->L->pitch) {
        too_big(c, p->prompt ? p->prompt_pos : p->pos, "the story prompt with room to write");
        return;
    }
    fill(c, MODEL_NOTES_LINED, y);
}

static void lay_notes(ctx_t *c, const plan_page_t *p, size_t idx)
{
    static const char *const KIND[] = {"notes", "notes-dotted", "notes-grid", "notes-blank"};
    start_page(c, KIND[p->notes], idx);
    double y = heading(c, p->title, p->range, p->pos);
    if (p->intro)
        y = para(c, F_BODY, 0.95, p->intro, c->cx, y, c->cw, LAYOUT_INK_MUTED) + 2 * MM;
    if (bottom(c) - y < 3 * c->L->pitch) {
        too_big(c, p->pos, "the notes page's title and introduction");
        return;
    }
    fill(c, p->notes, y);
}

/* ---- contents ---------------------------------------------------------- */

static double row_height(ctx_t *c) { return c->L->label.size * 2.1; }

/* The layouts of one contents row: the title and the week's dates. */
static void entry_texts(ctx_t *c, const plan_entry_t *en, PangoLayout **title,
                        PangoLayout **detail)
{
    double indent = en->parent ? 5 * MM : 0;
    char *esc = g_markup_escape_text(en->title, -1);
    char *m = en->parent ? g_strdup(esc) : g_strdup_printf("<b>%s</b>", esc);
    *title = text(c, F_LABEL, 1.0, m, c->cw * 0.5 - indent, PANGO_ALIGN_LEFT);
    g_free(m);
    g_free(esc);
    *detail = NULL;
    if (en->detail) {
        char *d = g_markup_escape_text(en->detail, -1);
        *detail = text(c, F_LABEL, 0.9, d, c->cw * 0.3, PANGO_ALIGN_LEFT);
        g_free(d);
    }
}

/* A row is one line high, or taller when a long title wraps. */
static double entry_height(ctx_t *c, const plan_entry_t *en)
{
    PangoLayout *t, *d;
    entry_texts(c, en, &t, &d);
    double h = fmax(height_of(t), d ? height_of(d) : 0) + row_height(c) * 0.5;
    return fmax(h, row_height(c));
}

/* How many pages the contents needs: the first also holds the heading. */
static size_t contents_pages(ctx_t *c, const plan_page_t *p)
{
    PangoLayout *h = text(c, F_HEADING, 1.0, p->title, c->cw, PANGO_ALIGN_LEFT);
    double y = c->cy + height_of(h) + 5.5 * MM;
    size_t pages = 1;
    for (size_t e = 0; e < c->plan->n_entries; e++) {
        const plan_entry_t *en = &c->plan->entries[e];
        if (!en->in_contents)
            continue;
        double rh = entry_height(c, en);
        if (y + rh > bottom(c) + 0.01) {
            pages++;
            y = c->cy;
        }
        y += rh;
    }
    return pages;
}

/* Fill the reserved contents pages, now that every entry has its page. */
static void lay_contents(ctx_t *c, size_t first_page, size_t n_pages, const plan_page_t *p,
                         const size_t *entry_page)
{
    size_t e = 0;
    for (size_t k = 0; k < n_pages; k++) {
        set_page(c, first_page + k);
        double y = c->cy;
        if (k == 0)
            y = heading(c, p->title, NULL, p->pos);
        for (; e < c->plan->n_entries; e++) {
            const plan_entry_t *en = &c->plan->entries[e];
            if (!en->in_contents)
                continue;
            double rh = entry_height(c, en);
            if (y + rh > bottom(c) + 0.01)
                break;
            PangoLayout *t, *dl;
            entry_texts(c, en, &t, &dl);
            const char *label =
                g_array_index(c->pages, layout_page_t, entry_page[e]).label;
            PangoLayout *num = text(c, F_LABEL, 1.0, label, -1, PANGO_ALIGN_LEFT);
            double base = y + row_height(c) * 0.7, tx = c->cx + (en->parent ? 5 * MM : 0);
            role(put(c, t, tx, base - baseline_of(t),
                     en->parent ? LAYOUT_INK_TEXT : LAYOUT_INK_ACCENT),
                 LAYOUT_ROLE_LIST_ITEM, 0);
            double after = tx + width_of(t) + 2 * MM;
            if (dl) {
                double dx = fmax(c->cx + c->cw * 0.22, after);
                role(put(c, dl, dx, base - baseline_of(dl), LAYOUT_INK_MUTED),
                     LAYOUT_ROLE_LABEL, 0);
                after = dx + width_of(dl) + 2 * MM;
            }
            double nx = c->cx + c->cw - width_of(num);
            if (nx - 2 * MM > after)
                box(c, LAYOUT_BOX_LEADER, after, base, nx - 2 * MM - after, 0, LAYOUT_INK_RULE);
            role(put(c, num, nx, base - baseline_of(num), LAYOUT_INK_MUTED),
                 LAYOUT_ROLE_LABEL, 0);
            box(c, LAYOUT_BOX_LINK, c->cx, y, c->cw, rh, LAYOUT_INK_TEXT)->target = entry_page[e];
            y += rh;
        }
    }
    /* contents_pages() measured the same rows; a row left over is a bug. */
    while (e < c->plan->n_entries && !c->plan->entries[e].in_contents)
        e++;
    if (e < c->plan->n_entries)
        too_big(c, p->pos, "every entry of the contents");
}

/* ---- page labels and footers ------------------------------------------- */

static char *roman(arena_t *a, size_t n)
{
    static const struct { unsigned v; const char *s; } R[] = {
        {1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"},
        {50, "l"}, {40, "xl"}, {10, "x"}, {9, "ix"}, {5, "v"}, {4, "iv"}, {1, "i"}};
    GString *s = g_string_new(NULL);
    for (size_t i = 0; i < G_N_ELEMENTS(R); i++)
        while (n >= R[i].v)
            g_string_append(s, R[i].s), n -= R[i].v;
    char *r = arena_strdup(a, s->str);
    g_string_free(s, TRUE);
    return r;
}

static const char *footer_lookup(void *ctx, const char *name)
{
    const char **label = ctx;
    return !strcmp(name, "page") ? *label : NULL;
}

static void footers(ctx_t *c)
{
    const model_layout_t *L = c->L;
    for (size_t i = 0; i < c->pages->len && c->ok; i++) {
        set_page(c, i);
        layout_page_t *pg = page(c);
        if (!strcmp(pg->kind, "cover"))
            continue;
        text_problem_t pr;
        const char *label = pg->label;
        char *m = text_expand(c->run->arena, c->plan->footer, footer_lookup, &label, true, &pr);
        if (!m)
            m = ""; /* plan checked the footer: cannot happen */
        bool recto = i % 2 == 0;
        PangoAlignment al = PANGO_ALIGN_CENTER;
        if (L->footer_align != MODEL_ALIGN_CENTER) {
            bool outer = L->footer_align == MODEL_ALIGN_OUTER;
            bool right = !L->duplex ? outer : (recto == outer);
            al = right ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT;
        }
        PangoLayout *f = text(c, F_LABEL, 1.0, m, c->cw, al);
        double y = L->page_h - L->margin_bottom * 0.55 - baseline_of(f);
        /* The footer lives in the bottom margin: between the content and
         * the paper's edge. */
        if (y < bottom(c) + 1 * MM || y + height_of(f) > L->page_h - 2 * MM) {
            c->ok = false;
            diag_error(&c->run->diag, L->footer.pos,
                       "the footer does not fit in the bottom margin; make the margin "
                       "larger or the footer shorter");
            return;
        }
        role(put(c, f, c->cx, y, LAYOUT_INK_MUTED), LAYOUT_ROLE_FOOTER, 0);
    }
}

/* ---- the whole document ------------------------------------------------ */

bool layout_paginate(run_t *run, const plan_t *plan, PangoFontMap *map, layout_doc_t **out)
{
    const model_layout_t *L = plan->book->layout;
    ctx_t c = {.run = run, .plan = plan, .L = L, .ok = true};
    c.pc = fonts_context(map, plan->book->lang->code);
    c.fonts[F_BODY] = font_desc(&L->body);
    c.fonts[F_HEADING] = font_desc(&L->heading);
    c.fonts[F_TITLE] = font_desc(&L->title);
    c.fonts[F_LABEL] = font_desc(&L->label);
    c.cache = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_object_unref);
    c.pages = g_array_new(FALSE, TRUE, sizeof(layout_page_t));
    layout_doc_t *doc = xcalloc(1, sizeof *doc);
    doc->plan = plan;
    doc->style = L;
    doc->page_w = L->page_w;
    doc->page_h = L->page_h;
    c.doc = doc;

    size_t *first_of = xcalloc(plan->n_pages + 1, sizeof(size_t));
    size_t contents_at = (size_t)-1, contents_n = 0, contents_plan = 0;
    for (size_t i = 0; i < plan->n_pages && c.ok; i++) {
        const plan_page_t *p = &plan->pages[i];
        first_of[i] = c.pages->len;
        switch (p->kind) {
        case PLAN_COVER: lay_cover(&c, p, i); break;
        case PLAN_CONTENTS:
            start_page(&c, "contents", i);
            contents_at = c.pages->len - 1;
            contents_plan = i;
            contents_n = contents_pages(&c, p);
            for (size_t k = 1; k < contents_n; k++)
                start_page(&c, "contents", i);
            break;
        case PLAN_TEXT: lay_text(&c, p, i); break;
        case PLAN_CHECKIN: lay_checkin(&c, p, i); break;
        case PLAN_GRATITUDE: lay_gratitude(&c, p, i); break;
        case PLAN_STORY: lay_story(&c, p, i); break;
        case PLAN_NOTES: lay_notes(&c, p, i); break;
        case PLAN_CARDS: lay_cards(&c, p, i); break;
        case PLAN_QUESTIONS: lay_questions(&c, p, i); break;
        case PLAN_LOG: lay_log(&c, p, i); break;
        case PLAN_TRACKER: lay_tracker(&c, p, i); break;
        case PLAN_CHART: lay_chart(&c, p, i); break;
        case PLAN_CALENDAR: lay_calendar(&c, p, i); break;
        }
    }
    first_of[plan->n_pages] = c.pages->len;

    /* Labels: front matter in roman numerals, the rest from 1. */
    size_t front = 0, body = 0, n = c.pages->len;
    for (size_t i = 0; i < n; i++) {
        layout_page_t *pg = &g_array_index(c.pages, layout_page_t, i);
        pg->label = plan->pages[pg->plan_page].front
                        ? roman(run->arena, ++front)
                        : arena_printf(run->arena, "%zu", ++body);
    }

    size_t *entry_page = xcalloc(plan->n_entries + 1, sizeof(size_t));
    doc->outline = xcalloc(plan->n_entries + 1, sizeof(layout_outline_t));
    for (size_t e = 0; e < plan->n_entries; e++) {
        size_t fp = plan->entries[e].first_page;
        entry_page[e] = fp < plan->n_pages ? first_of[fp] : (n ? n - 1 : 0);
        doc->outline[e].title = plan->entries[e].title;
        doc->outline[e].page = entry_page[e];
        doc->outline[e].parent = plan->entries[e].parent;
    }
    doc->n_outline = plan->n_entries;

    if (c.ok && contents_at != (size_t)-1)
        lay_contents(&c, contents_at, contents_n, &plan->pages[contents_plan], entry_page);
    if (c.ok)
        footers(&c);
    doc->n_pages = c.pages->len;
    doc->pages = (layout_page_t *)(void *)g_array_free(c.pages, FALSE);

    free(entry_page);
    free(first_of);
    for (int f = 0; f < F_N; f++)
        pango_font_description_free(c.fonts[f]);
    g_hash_table_destroy(c.cache);
    g_object_unref(c.pc);
    *out = doc;
    return c.ok;
}

void layout_free(layout_doc_t *doc)
{
    if (!doc)
        return;
    for (size_t i = 0; i < doc->n_pages; i++) {
        for (size_t j = 0; j < doc->pages[i].n_boxes; j++)
            if (doc->pages[i].boxes[j].text)
                g_object_unref(doc->pages[i].boxes[j].text);
        free(doc->pages[i].boxes);
    }
    g_free(doc->pages);
    free(doc->outline);
    free(doc);
}
