/* render: boxes -> cairo PDF surface (see render.h).
 *
 * Boxes are drawn in layout's order; their roles become the PDF's structure
 * tags (see draw_tagged), so the structure tree reads in that order too.
 * The creation date comes from SOURCE_DATE_EPOCH when set (anything but a
 * whole number of seconds is an error), else a fixed date, so the same
 * input gives the same bytes. Cairo's status is checked
 * after each page and after cairo_surface_finish(), which writes the bulk of
 * the file; a failure anywhere leaves no file behind. */
#include "render.h"

#include "output.h"
#include "render-print.h"
#include "text.h"

#include <cairo-pdf.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef KEEPSAKE_VERSION
#define KEEPSAKE_VERSION "0.0.0"
#endif

static void ink(cairo_t *cr, const layout_doc_t *doc, layout_ink_t i)
{
    const model_colour_t *c = &doc->inks[i];
    cairo_set_source_rgb(cr, c->r, c->g, c->b);
}

static void draw_text(cairo_t *cr, const layout_doc_t *doc, const layout_box_t *b)
{
    PangoLayout *text = doc->grayscale ? render_gray_layout(b->text) : g_object_ref(b->text);
    int total = pango_layout_get_line_count(text);
    if (b->line_first == 0 && b->line_count == total) {
        cairo_move_to(cr, b->origin_x, b->y);
        pango_cairo_show_layout(cr, text);
        g_object_unref(text);
        return;
    }
    PangoLayoutIter *it = pango_layout_get_iter(text);
    int i = 0;
    double top = 0;
    do {
        if (i >= b->line_first + b->line_count)
            break;
        PangoRectangle r;
        pango_layout_iter_get_line_extents(it, NULL, &r);
        if (i == b->line_first)
            top = (double)r.y / PANGO_SCALE;
        if (i >= b->line_first) {
            double base = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
            cairo_move_to(cr, b->origin_x + (double)r.x / PANGO_SCALE, b->y + base - top);
            pango_cairo_show_layout_line(cr, pango_layout_iter_get_line_readonly(it));
        }
        i++;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    g_object_unref(text);
}

static void draw_ornament(cairo_t *cr, const layout_box_t *b)
{
    /* Two rings, linked, between two fine lines. */
    double cx = b->x + b->w / 2, cy = b->y + b->h / 2, r = b->h * 0.32;
    cairo_set_line_width(cr, 1.1);
    cairo_new_sub_path(cr);
    cairo_arc(cr, cx - r * 0.55, cy, r, 0, 2 * M_PI);
    cairo_new_sub_path(cr);
    cairo_arc(cr, cx + r * 0.55, cy, r, 0, 2 * M_PI);
    cairo_stroke(cr);
    cairo_set_line_width(cr, 0.6);
    cairo_move_to(cr, b->x, cy);
    cairo_line_to(cr, cx - r * 1.9, cy);
    cairo_move_to(cr, cx + r * 1.9, cy);
    cairo_line_to(cr, b->x + b->w, cy);
    cairo_stroke(cr);
}

/* A dotted leader: square dots RENDER_DOT wide (as much ink as the round
 * dots 0.9 pt across they replace), RENDER_DOT_STEP apart, as butt-capped
 * dashes. Round caps (dashes of length 0) look the same at this size but
 * cost Cairo 1.16 an arc outline per dot, computed twice a page: a quarter
 * of all the work of rendering a book. */
#define RENDER_DOT 0.8
#define RENDER_DOT_STEP 2.8

static void leader_style(cairo_t *cr)
{
    static const double dash[] = {RENDER_DOT, RENDER_DOT_STEP - RENDER_DOT};
    cairo_set_line_width(cr, RENDER_DOT);
    cairo_set_dash(cr, dash, 2, 0);
}

static void draw_leader(cairo_t *cr, const layout_box_t *b)
{
    cairo_save(cr);
    leader_style(cr);
    cairo_move_to(cr, b->x, b->y);
    cairo_line_to(cr, b->x + b->w, b->y);
    cairo_stroke(cr);
    cairo_restore(cr);
}

/* Dots or a square grid filling the box, `step` apart. */
static void draw_grid(cairo_t *cr, const layout_box_t *b, bool dots)
{
    int nx = (int)lround(b->w / b->step), ny = (int)lround(b->h / b->step);
    if (dots) {
        for (int j = 0; j <= ny; j++)
            for (int i = 0; i <= nx; i++) {
                cairo_new_sub_path(cr);
                cairo_arc(cr, b->x + i * b->step, b->y + j * b->step, 0.6, 0, 2 * M_PI);
            }
        cairo_fill(cr);
        return;
    }
    cairo_set_line_width(cr, b->stroke * 0.6);
    for (int i = 0; i <= nx; i++) {
        cairo_move_to(cr, b->x + i * b->step, b->y);
        cairo_line_to(cr, b->x + i * b->step, b->y + b->h);
    }
    for (int j = 0; j <= ny; j++) {
        cairo_move_to(cr, b->x, b->y + j * b->step);
        cairo_line_to(cr, b->x + b->w, b->y + j * b->step);
    }
    cairo_stroke(cr);
}

/* Crop marks: two short lines a corner, kept off the card itself. */
static void draw_cut(cairo_t *cr, const layout_box_t *b)
{
    cairo_set_line_width(cr, 0.4);
    render_corner_marks(cr, b->x, b->y, b->w, b->h, 1.5, 8);
    cairo_stroke(cr);
}

/* A link to printed page `target`, by its named destination. */
static void draw_link(cairo_t *cr, const layout_box_t *b)
{
    char f[4][32];
    char *attrs = g_strdup_printf("rect=[%s %s %s %s] dest='p%zu'", text_fmt(f[0], 32, b->x, 2),
                                  text_fmt(f[1], 32, b->y, 2), text_fmt(f[2], 32, b->w, 2),
                                  text_fmt(f[3], 32, b->h, 2), b->target + 1);
    cairo_tag_begin(cr, CAIRO_TAG_LINK, attrs);
    cairo_tag_end(cr, CAIRO_TAG_LINK);
    g_free(attrs);
}

static void draw_box(cairo_t *cr, const layout_doc_t *doc, const layout_box_t *b)
{
    ink(cr, doc, b->ink);
    cairo_set_line_width(cr, b->stroke);
    switch (b->kind) {
    case LAYOUT_BOX_TEXT:
        draw_text(cr, doc, b);
        break;
    case LAYOUT_BOX_RULE:
        cairo_move_to(cr, b->x, b->y);
        cairo_line_to(cr, b->x + b->w, b->y);
        cairo_stroke(cr);
        break;
    case LAYOUT_BOX_LEADER:
        draw_leader(cr, b);
        break;
    case LAYOUT_BOX_DOTS:
    case LAYOUT_BOX_GRID:
        draw_grid(cr, b, b->kind == LAYOUT_BOX_DOTS);
        break;
    case LAYOUT_BOX_CIRCLE:
        cairo_new_sub_path(cr);
        cairo_arc(cr, b->x + b->w / 2, b->y + b->h / 2, b->w / 2 - b->stroke / 2, 0, 2 * M_PI);
        cairo_stroke(cr);
        break;
    case LAYOUT_BOX_ORNAMENT:
        draw_ornament(cr, b);
        break;
    case LAYOUT_BOX_RECT:
        cairo_rectangle(cr, b->x, b->y, b->w, b->h);
        cairo_stroke(cr);
        break;
    case LAYOUT_BOX_CUT:
        draw_cut(cr, b);
        break;
    case LAYOUT_BOX_DISC:
        cairo_new_sub_path(cr);
        cairo_arc(cr, b->x + b->w / 2, b->y + b->h / 2, b->w / 2, 0, 2 * M_PI);
        cairo_fill(cr);
        break;
    case LAYOUT_BOX_LINK:
        draw_link(cr, b);
        break;
    }
}

/* ---- a page's graphics, grouped ------------------------------------------
 * Writing lines, leaders, circles, cells and markers are outside the
 * structure tree (see draw_tagged), so their order among the text does not
 * matter to a reader: they are drawn first, before any text, and those
 * that share an ink, a width and a way of drawing go into one path, drawn
 * with one stroke or fill. A check-in page's two dozen strokes become two,
 * and its text is no longer cut into a block a line by the strokes between
 * them. Groups are drawn in the order of their first box, so a marker
 * drawn after the cells it sits in stays on top. */

/* Circles are kept apart from straight lines: a viewer may snap a path of
 * straight lines alone to the pixel grid (poppler does), but not one with
 * curves in it, so together the writing lines would look fainter on screen. */
typedef enum { STROKE, CURVES, LEADER, FILL, NOT_GROUPED } graphic_t;

static graphic_t graphic_of(const layout_box_t *b)
{
    if (b->role != LAYOUT_ROLE_DECORATION && b->role != LAYOUT_ROLE_WRITING &&
        b->role != LAYOUT_ROLE_FOOTER)
        return NOT_GROUPED; /* tagged: drawn in its element */
    switch (b->kind) {
    case LAYOUT_BOX_RULE:
    case LAYOUT_BOX_RECT:
        return STROKE;
    case LAYOUT_BOX_CIRCLE:
        return CURVES;
    case LAYOUT_BOX_LEADER:
        return LEADER;
    case LAYOUT_BOX_DISC:
        return FILL;
    default:
        return NOT_GROUPED;
    }
}

/* Whether `b` is drawn by draw_graphics(). */
static bool grouped(const layout_box_t *b) { return graphic_of(b) != NOT_GROUPED; }

static bool same_group(const layout_box_t *a, const layout_box_t *b)
{
    graphic_t g = graphic_of(a);
    return g == graphic_of(b) && a->ink == b->ink &&
           (g == LEADER || g == FILL || a->stroke == b->stroke);
}

static void add_to_path(cairo_t *cr, const layout_box_t *b)
{
    switch (b->kind) {
    case LAYOUT_BOX_CIRCLE:
        cairo_new_sub_path(cr);
        cairo_arc(cr, b->x + b->w / 2, b->y + b->h / 2, b->w / 2 - b->stroke / 2, 0, 2 * M_PI);
        break;
    case LAYOUT_BOX_RECT:
        cairo_rectangle(cr, b->x, b->y, b->w, b->h);
        break;
    case LAYOUT_BOX_DISC:
        cairo_new_sub_path(cr);
        cairo_arc(cr, b->x + b->w / 2, b->y + b->h / 2, b->w / 2, 0, 2 * M_PI);
        break;
    default: /* a rule or a leader */
        cairo_move_to(cr, b->x, b->y);
        cairo_line_to(cr, b->x + b->w, b->y);
        break;
    }
}

/* The grouped boxes of a page, a path a group. */
static void draw_graphics(cairo_t *cr, const layout_doc_t *doc, const layout_page_t *pg)
{
    for (size_t i = 0; i < pg->n_boxes; i++) {
        const layout_box_t *first = &pg->boxes[i];
        size_t j = 0;
        if (!grouped(first))
            continue;
        while (j < i && !(grouped(&pg->boxes[j]) && same_group(&pg->boxes[j], first)))
            j++;
        if (j < i)
            continue; /* drawn with the group of an earlier box */
        cairo_save(cr);
        ink(cr, doc, first->ink);
        cairo_set_line_width(cr, first->stroke);
        if (graphic_of(first) == LEADER)
            leader_style(cr);
        cairo_new_path(cr);
        for (j = i; j < pg->n_boxes; j++)
            if (grouped(&pg->boxes[j]) && same_group(&pg->boxes[j], first))
                add_to_path(cr, &pg->boxes[j]);
        if (graphic_of(first) == FILL)
            cairo_fill(cr);
        else
            cairo_stroke(cr);
        cairo_restore(cr);
    }
}

/* The latest SOURCE_DATE_EPOCH: 9999-12-31T23:59:59Z, the last second a
 * PDF date (four-digit years) can hold. */
#define RENDER_MAX_EPOCH 253402300799LL

/* The PDF's creation date, ISO 8601, in `buf`: SOURCE_DATE_EPOCH when set,
 * else a fixed date, never "now". False after reporting a value that is not
 * a whole number of seconds from 1970 to RENDER_MAX_EPOCH. */
static bool creation_date(run_t *run, char buf[static 32])
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    long long t = 1798761600; /* 2027-01-01T00:00:00Z */
    src_pos_t at = diag_at("SOURCE_DATE_EPOCH", 0, 0);
    if (sde && !text_parse_int(sde, 0, RENDER_MAX_EPOCH, &t)) {
        if (*sde && strspn(sde, "0123456789") == strlen(sde))
            return diag_error(&run->diag, at,
                              "must be a whole number of seconds since 1970, up to %lld (the "
                              "end of 9999), not '%s'", RENDER_MAX_EPOCH, sde);
        return diag_error(&run->diag, at,
                          "must be a whole number of seconds since 1970, not '%s'", sde);
    }
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return true;
}

bool render_check_date(run_t *run)
{
    char buf[32];
    return creation_date(run, buf);
}

/* Structure tags. Each page's content is its own elements inside the
 * page's Document element (see draw_page): headings are
 * H1/H2, paragraphs and labels P, and a run of list items an L of
 * LI > LBody > P. Labels and links that follow a list item (a contents
 * row's dates, page number and link) join its LBody; a heading, a
 * paragraph, a footer or the end of the page ends the list, so every
 * element begins and ends on one page. A link box is a Link element of its
 * own (draw_box), in the open LBody or else in Document.
 *
 * Cairo 1.16 marks content (BDC/EMC with an MCID) only inside leaf
 * elements: the text of an element that also has child elements is left
 * out of the tree. So each leaf holds exactly one box. Cairo 1.16 has no
 * Artifact tag either (an unknown tag name is CAIRO_STATUS_TAG_ERROR), so
 * decorations, writing lines and footers are drawn while no leaf is open:
 * their content is unmarked, outside the structure tree, but not marked
 * /Artifact. */
typedef struct {
    cairo_t *cr;
    bool in_item; /* L > LI > LBody are open */
} tags_t;

static void end_list(tags_t *t)
{
    if (!t->in_item)
        return;
    cairo_tag_end(t->cr, "LBody");
    cairo_tag_end(t->cr, "LI");
    cairo_tag_end(t->cr, "L");
    t->in_item = false;
}

static void draw_leaf(cairo_t *cr, const layout_doc_t *doc, const layout_box_t *b,
                      const char *tag)
{
    cairo_tag_begin(cr, tag, NULL);
    draw_box(cr, doc, b);
    cairo_tag_end(cr, tag);
}

static void draw_tagged(tags_t *t, const layout_doc_t *doc, const layout_box_t *b)
{
    cairo_t *cr = t->cr;
    if (b->kind == LAYOUT_BOX_LINK) {
        draw_box(cr, doc, b);
        return;
    }
    switch (b->role) {
    case LAYOUT_ROLE_HEADING:
        end_list(t);
        draw_leaf(cr, doc, b, b->level <= 1 ? "H1" : "H2");
        break;
    case LAYOUT_ROLE_PARAGRAPH:
        end_list(t);
        draw_leaf(cr, doc, b, "P");
        break;
    case LAYOUT_ROLE_LIST_ITEM:
        if (t->in_item) {
            cairo_tag_end(cr, "LBody");
            cairo_tag_end(cr, "LI");
        } else {
            cairo_tag_begin(cr, "L", NULL);
        }
        cairo_tag_begin(cr, "LI", NULL);
        cairo_tag_begin(cr, "LBody", NULL);
        t->in_item = true;
        draw_leaf(cr, doc, b, "P");
        break;
    case LAYOUT_ROLE_LABEL:
    case LAYOUT_ROLE_LINK: /* text marked as a link: keep it in the tree */
        draw_leaf(cr, doc, b, "P");
        break;
    case LAYOUT_ROLE_FOOTER:
    case LAYOUT_ROLE_NAV: /* tabs: on every page, like the footer */
        end_list(t);
        draw_box(cr, doc, b);
        break;
    case LAYOUT_ROLE_DECORATION:
    case LAYOUT_ROLE_WRITING:
        draw_box(cr, doc, b);
        break;
    }
}

/* ---- a page's layer ---------------------------------------------------------
 * What a page draws outside the structure tree but its footer (the grouped
 * graphics of draw_graphics and decorative text such as the numbers of a
 * scale) is its layer. Pages of a kind mostly have the same layer: every
 * week's check-in its writing lines and scale, every gratitude page its
 * days' lines and leaders. A layer that two pages or more share is drawn
 * once, into a cairo recording surface, which each of them paints: the
 * PDF holds it once, as a form XObject, and Cairo turns it into PDF
 * operators once. A layer of one page alone is drawn on the page. */

static bool in_layer(const layout_box_t *b)
{
    return grouped(b) || (b->kind == LAYOUT_BOX_TEXT && b->role == LAYOUT_ROLE_DECORATION);
}

/* The next box of page `pg`'s layer at or after `*j`, or NULL. */
static const layout_box_t *next_in_layer(const layout_page_t *pg, size_t *j)
{
    for (; *j < pg->n_boxes; (*j)++)
        if (in_layer(&pg->boxes[*j]))
            return &pg->boxes[(*j)++];
    return NULL;
}

/* Whether two texts are the same: the same PangoLayout, or equal ones
 * from the layout's cache (layout_text_id). */
static bool same_text(PangoLayout *a, PangoLayout *b)
{
    if (a == b)
        return true;
    const char *x = a ? layout_text_id(a) : NULL, *y = b ? layout_text_id(b) : NULL;
    return x && y && !strcmp(x, y);
}

/* Whether two boxes draw the same. */
static bool same_box(const layout_box_t *a, const layout_box_t *b)
{
    return a->kind == b->kind && a->role == b->role && a->ink == b->ink &&
           a->line_first == b->line_first && a->line_count == b->line_count && a->x == b->x &&
           a->y == b->y && a->w == b->w && a->h == b->h && a->origin_x == b->origin_x &&
           a->stroke == b->stroke && a->step == b->step && same_text(a->text, b->text);
}

/* Whether pages `a` and `b` have the same layer, box for box. */
static bool same_layer(const layout_page_t *a, const layout_page_t *b)
{
    size_t i = 0, j = 0;
    for (;;) {
        const layout_box_t *x = next_in_layer(a, &i), *y = next_in_layer(b, &j);
        if (!x || !y)
            return x == y;
        if (!same_box(x, y))
            return false;
    }
}

/* FNV-1a over `n` bytes, continuing from `h`. */
static guint64 fnv(guint64 h, const void *v, size_t n)
{
    const unsigned char *p = v;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 1099511628211u;
    return h;
}

/* A hash of page `pg`'s layer: equal layers, equal hashes. Only a first
 * sieve: pages with equal hashes are compared box for box (same_layer), so
 * a collision costs a comparison, never a wrong drawing. (It replaced a
 * SHA-256 of the boxes' bytes, 3 % of a book's instructions.) */
static guint64 layer_hash(const layout_page_t *pg)
{
    guint64 h = 14695981039346656037u;
    size_t j = 0;
    for (const layout_box_t *b; (b = next_in_layer(pg, &j));) {
        int ints[5] = {(int)b->kind, (int)b->role, (int)b->ink, b->line_first, b->line_count};
        double ds[7] = {b->x, b->y, b->w, b->h, b->origin_x, b->stroke, b->step};
        for (size_t k = 0; k < G_N_ELEMENTS(ds); k++)
            ds[k] += 0.0; /* -0 and +0 draw the same: hash them the same */
        h = fnv(h, ints, sizeof ints);
        h = fnv(h, ds, sizeof ds);
        const char *id = b->text ? layout_text_id(b->text) : NULL;
        if (id)
            h = fnv(h, id, strlen(id) + 1);
        else
            h = fnv(h, &b->text, sizeof b->text);
    }
    return h;
}

static void draw_layer(cairo_t *cr, const layout_doc_t *doc, const layout_page_t *pg)
{
    draw_graphics(cr, doc, pg);
    for (size_t j = 0; j < pg->n_boxes; j++)
        if (in_layer(&pg->boxes[j]) && !grouped(&pg->boxes[j]))
            draw_box(cr, doc, &pg->boxes[j]);
}

/* The pages' layers, by hash: render_layers_see() counts the pages of
 * each before any is drawn. The first page of a layer that two pages or
 * more have is recorded, and its layer's boxes kept, until the last of
 * them is drawn: each of the others is compared with them box for box and
 * painted from the recording (or, if a hash collision made them differ,
 * drawn). So the layers a stream keeps are those still to be painted. */
typedef struct {
    guint64 hash;         /* the key */
    size_t uses, left;    /* pages with this hash; of them, still to be drawn */
    layout_page_t rep;    /* the recorded page's layer */
    cairo_surface_t *rec; /* its recording, once made */
} shared_t;

struct render_layers {
    GArray *hash;        /* page -> its layer's hash (guint64) */
    GHashTable *by_hash; /* &shared_t.hash -> shared_t */
};

static void shared_release(shared_t *e)
{
    layout_page_clear(&e->rep);
    if (e->rec)
        cairo_surface_destroy(e->rec); /* the PDF surface keeps what it still needs */
    e->rec = NULL;
}

static void shared_free(gpointer p)
{
    shared_release(p);
    g_free(p);
}

render_layers_t *render_layers_new(void)
{
    render_layers_t *l = g_new(render_layers_t, 1);
    l->hash = g_array_new(FALSE, TRUE, sizeof(guint64));
    l->by_hash = g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL, shared_free);
    return l;
}

void render_layers_free(render_layers_t *l)
{
    if (!l)
        return;
    g_array_unref(l->hash);
    g_hash_table_destroy(l->by_hash);
    g_free(l);
}

void render_layers_see(void *layers, size_t page, const layout_page_t *pg)
{
    render_layers_t *l = layers;
    guint64 h = layer_hash(pg);
    if (page >= l->hash->len)
        g_array_set_size(l->hash, page + 1);
    g_array_index(l->hash, guint64, page) = h;
    shared_t *e = g_hash_table_lookup(l->by_hash, &h);
    if (!e) {
        e = g_new0(shared_t, 1);
        e->hash = h;
        g_hash_table_insert(l->by_hash, &e->hash, e);
    }
    e->uses++;
    e->left++;
}

static shared_t *layer_of(render_layers_t *l, size_t i)
{
    return g_hash_table_lookup(l->by_hash, &g_array_index(l->hash, guint64, i));
}

/* A copy of page `pg`'s layer, its texts referenced. */
static void keep_layer(layout_page_t *to, const layout_page_t *pg)
{
    size_t j = 0, n = 0;
    while (next_in_layer(pg, &j))
        n++;
    to->boxes = xcalloc(n + 1, sizeof(layout_box_t));
    j = 0;
    for (const layout_box_t *b; (b = next_in_layer(pg, &j));) {
        to->boxes[to->n_boxes] = *b;
        if (b->text)
            g_object_ref(b->text);
        to->n_boxes++;
    }
    to->cap = to->n_boxes;
}

/* Page i's layer: painted from its recording when shared, else drawn. */
static void paint_layer(cairo_t *cr, const layout_doc_t *doc, render_layers_t *l, size_t i,
                        const layout_page_t *pg)
{
    shared_t *e = layer_of(l, i);
    if (e->uses < 2) {
        draw_layer(cr, doc, pg);
        return;
    }
    if (!e->rec) {
        cairo_rectangle_t ext = {0, 0, doc->page_w, doc->page_h};
        e->rec = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &ext);
        cairo_t *rc = cairo_create(e->rec);
        draw_layer(rc, doc, pg);
        cairo_destroy(rc);
        keep_layer(&e->rep, pg);
    } else if (!same_layer(pg, &e->rep)) {
        draw_layer(cr, doc, pg); /* the same hash, not the same layer */
        return;
    }
    cairo_save(cr);
    cairo_set_source_surface(cr, e->rec, 0, 0);
    cairo_paint(cr);
    cairo_restore(cr);
}

/* Page i is drawn and shown: a layer no page still to come has goes. */
static void layer_drawn(render_layers_t *l, size_t i)
{
    shared_t *e = layer_of(l, i);
    if (--e->left == 0)
        shared_release(e);
}

/* Whether draw_tagged() puts any of the page's boxes in an element. */
static bool has_tags(const layout_page_t *pg)
{
    for (size_t j = 0; j < pg->n_boxes; j++) {
        const layout_box_t *b = &pg->boxes[j];
        if (b->kind == LAYOUT_BOX_LINK ||
            (b->role != LAYOUT_ROLE_DECORATION && b->role != LAYOUT_ROLE_WRITING &&
             b->role != LAYOUT_ROLE_FOOTER))
            return true;
    }
    return false;
}

/* Each page's elements are in a Document element of its own: Cairo 1.16
 * refuses to paint a recording surface while any element is open, so the
 * page's layer is painted first, then the page's Document opened. Links
 * go to named destinations ('pN', one at the top of each page, in its
 * Document: Cairo 1.16 leaves out of the PDF's name tree most of those
 * made while no element is open): Cairo 1.16 writes a page=N link to a later
 * page without /Dest (it writes a page's links when the page ends), and a
 * struct tree of links alone is never written, leaving object numbers
 * without objects, which qpdf --check reports. With a bleed (m > 0) the
 * page is drawn m in from the sheet's corner, the paper colour filling the
 * bleed, and crop marks, if asked for, go outside the trim. */
static void draw_page(cairo_t *cr, cairo_surface_t *s, const layout_doc_t *doc,
                      const render_print_t *pr, render_layers_t *layers, tags_t *t, size_t i)
{
    double m = render_print_margin(pr);
    const layout_page_t *pg = &doc->pages[i];
    cairo_pdf_surface_set_page_label(s, pg->label);
    render_paper(cr, doc, m - pr->bleed, m - pr->bleed, doc->page_w + 2 * pr->bleed,
                 doc->page_h + 2 * pr->bleed);
    cairo_save(cr);
    cairo_translate(cr, m, m);
    paint_layer(cr, doc, layers, i, pg);
    cairo_restore(cr);
    cairo_tag_begin(cr, "Document", "");
    char *dest = g_strdup_printf("name='p%zu' x=0 y=0", i + 1);
    cairo_tag_begin(cr, CAIRO_TAG_DEST, dest);
    cairo_tag_end(cr, CAIRO_TAG_DEST);
    g_free(dest);
    /* An element without elements in it is a leaf, whose content is
     * marked as its own: a page with nothing tagged closes its
     * Document before drawing its footer. */
    bool tagged = has_tags(pg);
    if (!tagged)
        cairo_tag_end(cr, "Document");
    cairo_save(cr);
    cairo_translate(cr, m, m);
    for (size_t j = 0; j < pg->n_boxes; j++) {
        const layout_box_t *b = &pg->boxes[j];
        if (in_layer(b))
            continue;
        if (m > 0 && b->kind == LAYOUT_BOX_LINK) {
            /* Cairo 1.16 takes a link's rect in the page's own space,
             * whatever the transformation: move it by hand */
            layout_box_t moved = *b;
            moved.x += m;
            moved.y += m;
            cairo_save(cr);
            cairo_identity_matrix(cr);
            draw_tagged(t, doc, &moved);
            cairo_restore(cr);
            continue;
        }
        draw_tagged(t, doc, b);
    }
    end_list(t);
    cairo_restore(cr);
    if (tagged)
        cairo_tag_end(cr, "Document");
    if (pr->crop_marks)
        render_crop_marks(cr, m, m, doc->page_w, doc->page_h, pr->bleed);
    cairo_show_page(cr);
    /* Cairo has written the page, and the recording of its layer with
     * it; links name pages, not boxes. */
    layer_drawn(layers, i);
}

/* `boxes` (NULL: none) are the TrimBox and BleedBox of every page. */
static bool pdf_open(run_t *run, const layout_doc_t *doc, const char *path, double w, double h,
                     const pdfpack_rect_t boxes[2], pdf_t *p)
{
    const plan_meta_t *meta = &doc->meta;
    char date[32];
    *p = (pdf_t){0};
    if (!creation_date(run, date) || !(p->out = output_open(run, path, run->inputs.paths)))
        return false;
    int fd = output_scratch(run, p->out);
    if (fd < 0) {
        output_abort(p->out);
        return false;
    }
    p->pack = pdfpack_new(fd);
    if (boxes) {
        p->has_boxes = true;
        p->boxes[0] = boxes[0];
        p->boxes[1] = boxes[1];
    }
    p->s = cairo_pdf_surface_create_for_stream(pdfpack_write, p->pack, w, h);
    p->cr = cairo_create(p->s);
    char *creator = g_strdup_printf("keepsake %s", KEEPSAKE_VERSION);
    cairo_pdf_surface_set_metadata(p->s, CAIRO_PDF_METADATA_TITLE, meta->title);
    cairo_pdf_surface_set_metadata(p->s, CAIRO_PDF_METADATA_AUTHOR, meta->author);
    cairo_pdf_surface_set_metadata(p->s, CAIRO_PDF_METADATA_SUBJECT, meta->subject);
    cairo_pdf_surface_set_metadata(p->s, CAIRO_PDF_METADATA_KEYWORDS, meta->keywords);
    cairo_pdf_surface_set_metadata(p->s, CAIRO_PDF_METADATA_CREATOR, creator);
    cairo_pdf_surface_set_metadata(p->s, CAIRO_PDF_METADATA_CREATE_DATE, date);
    cairo_pdf_surface_set_metadata(p->s, CAIRO_PDF_METADATA_MOD_DATE, date);
    g_free(creator);
    return true;
}

/* Cairo's finished PDF, packed (with its page boxes, if any), to the
 * output. */
static bool write_packed(run_t *run, pdf_t *p, const char *path)
{
    const char *why = NULL;
    int err = 0;
    if (pdfpack_finish(p->pack, p->has_boxes ? p->boxes : NULL, output_write, p->out, &why, &err))
        return true;
    if (err)
        return diag_error(&run->diag, diag_at(path, 0, 0), "cannot write the PDF: %s: %s", why,
                          strerror(err));
    return diag_error(&run->diag, diag_at(path, 0, 0),
                      "cannot pack the PDF: Cairo's output is not as expected (%s)", why);
}

/* Finish the PDF after drawing ended with `st`, pack it and commit it (its
 * size in `*size`, if not NULL); or report and leave no file. Frees `p`
 * either way. */
static bool pdf_close(run_t *run, pdf_t *p, cairo_status_t st, const char *path, size_t *size)
{
    bool ok = false;
    cairo_destroy(p->cr);
    if (st == CAIRO_STATUS_SUCCESS) {
        cairo_surface_finish(p->s); /* most of the file is written here */
        st = cairo_surface_status(p->s);
    }
    cairo_surface_destroy(p->s); /* the stream is closed: Cairo's file is complete */
    if (st != CAIRO_STATUS_SUCCESS) {
        diag_error(&run->diag, diag_at(path, 0, 0), "cannot write the PDF: %s",
                   cairo_status_to_string(st));
        output_abort(p->out);
    } else if (!write_packed(run, p, path)) {
        output_abort(p->out);
    } else {
        ok = output_commit(run, p->out, size); /* takes the output, committed or not */
    }
    pdfpack_free(p->pack);
    return ok;
}

bool render_pdf(run_t *run, const layout_doc_t *doc, const char *path, size_t *size)
{
    static const render_print_t plain = {0};
    return render_pdf_print(run, doc, &plain, path, size);
}

struct render_book {
    run_t *run;
    const char *path;
    pdf_t p;
    layout_doc_t gray;
    const layout_doc_t *doc; /* the book's, or &gray */
    render_print_t pr;
    render_layers_t *layers;
    tags_t t;
    cairo_status_t st;
};

render_book_t *render_book_open(run_t *run, const layout_doc_t *book, const render_print_t *pr,
                                render_layers_t *layers, const char *path)
{
    render_book_t *b = g_new0(render_book_t, 1);
    b->run = run;
    b->path = path;
    b->pr = *pr;
    b->layers = layers;
    const layout_doc_t *doc = b->doc = pr->grayscale ? render_gray_doc(book, &b->gray) : book;
    double m = render_print_margin(pr), w = doc->page_w, h = doc->page_h;
    /* the trim inside the margin, the bleed around it; PDF's y goes up */
    pdfpack_rect_t boxes[2] = {{m, m, m + w, m + h},
                                {m - pr->bleed, m - pr->bleed, m + w + pr->bleed,
                                 m + h + pr->bleed}};
    if (!pdf_open(run, doc, path, w + 2 * m, h + 2 * m, m > 0 ? boxes : NULL, &b->p)) {
        g_free(b);
        return NULL;
    }
    int *ids = g_new0(int, doc->n_outline + 1);
    for (size_t i = 0; i < doc->n_outline; i++) {
        const layout_outline_t *o = &doc->outline[i];
        char *dest = g_strdup_printf("page=%zu", o->page + 1);
        int parent = o->parent ? ids[o->parent - 1] : CAIRO_PDF_OUTLINE_ROOT;
        ids[i] = cairo_pdf_surface_add_outline(b->p.s, parent, o->title, dest, 0);
        g_free(dest);
    }
    g_free(ids);
    b->t = (tags_t){b->p.cr, false};
    return b;
}

bool render_book_pages(render_book_t *b, size_t first, size_t n)
{
    for (size_t i = first; i < first + n && b->st == CAIRO_STATUS_SUCCESS; i++) {
        draw_page(b->p.cr, b->p.s, b->doc, &b->pr, b->layers, &b->t, i);
        b->st = cairo_status(b->p.cr);
    }
    return b->st == CAIRO_STATUS_SUCCESS;
}

bool render_book_close(render_book_t *b, bool ok, size_t *size)
{
    if (!b)
        return false;
    bool r;
    if (ok || b->st != CAIRO_STATUS_SUCCESS) {
        r = pdf_close(b->run, &b->p, b->st, b->path, size) && ok;
    } else { /* given up: the output is let go, its error already said */
        cairo_destroy(b->p.cr);
        cairo_surface_destroy(b->p.s);
        output_abort(b->p.out);
        pdfpack_free(b->p.pack);
        r = false;
    }
    g_free(b);
    return r;
}

bool render_pdf_print(run_t *run, const layout_doc_t *doc, const render_print_t *pr,
                      const char *path, size_t *size)
{
    render_layers_t *layers = render_layers_new();
    for (size_t i = 0; i < doc->n_pages; i++)
        render_layers_see(layers, i, &doc->pages[i]);
    render_book_t *b = render_book_open(run, doc, pr, layers, path);
    bool ok = false;
    if (b) {
        render_book_pages(b, 0, doc->n_pages);
        ok = render_book_close(b, true, size); /* reports Cairo's error, if any */
    }
    render_layers_free(layers);
    return ok;
}

void render_page(cairo_t *cr, const layout_doc_t *doc, size_t page)
{
    const layout_page_t *pg = &doc->pages[page];
    for (size_t j = 0; j < pg->n_boxes; j++)
        if (pg->boxes[j].kind != LAYOUT_BOX_LINK)
            draw_box(cr, doc, &pg->boxes[j]);
}

/* ---- imposed sheets ---------------------------------------------------------
 * Each book page is drawn in its slot by moving the origin, never by
 * scaling, and clipped to its trim so that creep never carries it over the
 * fold. The sheets are for printing: no tags, links, outline or labels. */

static void draw_slot(cairo_t *cr, const layout_doc_t *doc, const render_sheets_t *rs,
                      const impose_sheet_t *sheet, size_t page, int slot)
{
    double x, y, trim_x;
    if (page >= doc->n_pages)
        return; /* padding: left blank */
    impose_place(&rs->geom, sheet->depth, slot, &x, &y, &trim_x);
    cairo_save(cr);
    cairo_rectangle(cr, trim_x, y, doc->page_w, doc->page_h);
    cairo_clip(cr);
    render_paper(cr, doc, trim_x, y, doc->page_w, doc->page_h);
    cairo_translate(cr, x, y);
    const layout_page_t *pg = &doc->pages[page];
    draw_graphics(cr, doc, pg);
    for (size_t j = 0; j < pg->n_boxes; j++)
        if (pg->boxes[j].kind != LAYOUT_BOX_LINK && !grouped(&pg->boxes[j]))
            draw_box(cr, doc, &pg->boxes[j]);
    cairo_restore(cr);
}

/* Short dashed lines on the fold above and below the pages, in the
 * margin of the sheet, kept IMPOSE_MARK_GAP off the trim. */
static void draw_fold_marks(cairo_t *cr, const impose_geom_t *g)
{
    static const double dash[] = {2, 2};
    double room = (g->sheet_h - g->page_h) / 2 - IMPOSE_MARK_GAP;
    if (room < IMPOSE_MARK_MIN)
        return; /* build warned */
    double len = MIN(room, IMPOSE_MARK_LEN), x = g->sheet_w / 2;
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 0.5);
    cairo_set_dash(cr, dash, 2, 0);
    cairo_move_to(cr, x, room - len);
    cairo_line_to(cr, x, room);
    cairo_move_to(cr, x, g->sheet_h - room);
    cairo_line_to(cr, x, g->sheet_h - room + len);
    cairo_stroke(cr);
    cairo_restore(cr);
}

/* Staple marks: short lines across the fold where the staples go, a
 * quarter of the page's height in from its top and bottom. */
static void draw_staple_marks(cairo_t *cr, const impose_geom_t *g)
{
    double x = g->sheet_w / 2, top = (g->sheet_h - g->page_h) / 2;
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 0.75);
    for (int i = 0; i < 2; i++) {
        double y = top + g->page_h * (i ? 0.75 : 0.25);
        cairo_move_to(cr, x - IMPOSE_STAPLE_LEN / 2, y);
        cairo_line_to(cr, x + IMPOSE_STAPLE_LEN / 2, y);
    }
    cairo_stroke(cr);
    cairo_restore(cr);
}

/* The back of a signature's last sheet is its middle spread, where the
 * staples close. */
static bool middle_spread(const impose_plan_t *p, size_t i, int side)
{
    return side == IMPOSE_BACK &&
           (i + 1 == p->n_sheets || p->sheets[i + 1].signature != p->sheets[i].signature);
}

static cairo_status_t draw_sheets(cairo_t *cr, const layout_doc_t *book,
                                  const render_sheets_t *rs)
{
    layout_doc_t gray;
    const layout_doc_t *doc = rs->grayscale ? render_gray_doc(book, &gray) : book;
    for (size_t i = 0; i < rs->plan->n_sheets; i++)
        for (int side = IMPOSE_FRONT; side <= IMPOSE_BACK; side++) {
            const impose_sheet_t *sh = &rs->plan->sheets[i];
            const impose_side_t *sd = &sh->side[side];
            cairo_save(cr);
            if (sd->rotate) {
                cairo_translate(cr, rs->geom.sheet_w, rs->geom.sheet_h);
                cairo_rotate(cr, M_PI);
            }
            draw_slot(cr, doc, rs, sh, sd->slot[IMPOSE_LEFT], IMPOSE_LEFT);
            draw_slot(cr, doc, rs, sh, sd->slot[IMPOSE_RIGHT], IMPOSE_RIGHT);
            if (rs->fold_marks)
                draw_fold_marks(cr, &rs->geom);
            if (rs->staple_marks && middle_spread(rs->plan, i, side) &&
                !(rs->plan->cover && sh->signature == 0))
                draw_staple_marks(cr, &rs->geom);
            cairo_restore(cr);
            cairo_show_page(cr);
            cairo_status_t st = cairo_status(cr);
            if (st != CAIRO_STATUS_SUCCESS)
                return st;
        }
    return CAIRO_STATUS_SUCCESS;
}

bool render_pdf_sheets(run_t *run, const layout_doc_t *doc, const render_sheets_t *rs,
                       const char *path)
{
    pdf_t p;
    if (!pdf_open(run, doc, path, rs->geom.sheet_w, rs->geom.sheet_h, NULL, &p))
        return false;
    return pdf_close(run, &p, draw_sheets(p.cr, doc, rs), path, NULL);
}

/* ---- for render-print.c ---- */

bool render_open(run_t *run, const layout_doc_t *doc, const char *path, double w, double h,
                 pdf_t *p)
{
    return pdf_open(run, doc, path, w, h, NULL, p);
}

bool render_close(run_t *run, pdf_t *p, cairo_status_t st, const char *path, size_t *size)
{
    return pdf_close(run, p, st, path, size);
}

void render_box(cairo_t *cr, const layout_doc_t *doc, const layout_box_t *b)
{
    draw_box(cr, doc, b);
}
