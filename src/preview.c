/* preview: pages -> PNG, SVG and contact sheets; page selections (see
 * preview.h).
 *
 * Every picture is drawn by render_page() from the laid-out document, in
 * points scaled to pixels (dpi / 72): nothing is measured again, except
 * the contact sheets' page numbers, which are laid out with the book's
 * font map just before the sheet is drawn. Pictures are painted white
 * first (PNG as RGB without alpha), so they look like paper everywhere. */
#include "preview.h"

#include "fonts.h"
#include "outdir.h"
#include "render.h"
#include "text.h"

#include <cairo-svg.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdint.h>
#include <string.h>

bool preview_parse_format(const char *s, preview_format_t *out)
{
    static const struct { const char *name; preview_format_t f; } F[] = {
        {"pdf", PREVIEW_PDF}, {"png", PREVIEW_PNG}, {"svg", PREVIEW_SVG},
        {"contact", PREVIEW_CONTACT}};
    for (size_t i = 0; i < G_N_ELEMENTS(F); i++)
        if (!strcmp(s, F[i].name)) {
            *out = F[i].f;
            return true;
        }
    return false;
}

/* A page number of a selection, at `*s`; moves past it. */
static bool page_number(const char **s, size_t *out)
{
    size_t n = strspn(*s, "0123456789");
    long long v;
    char buf[16];
    if (n == 0 || n >= sizeof buf)
        return false;
    memcpy(buf, *s, n);
    buf[n] = '\0';
    if (!text_parse_int(buf, 1, PREVIEW_MAX_PAGE, &v))
        return false;
    *out = (size_t)v;
    *s += n;
    return true;
}

bool preview_parse_pages(const char *s, preview_pages_t *out, char **why)
{
    GArray *r = g_array_new(FALSE, TRUE, sizeof(preview_range_t));
    const char *p = s;
    *why = NULL;
    while (!*why) {
        preview_range_t x = {0, 0};
        const char *start = p;
        size_t len = strcspn(p, ",");
        if (!page_number(&p, &x.first)) {
            *why = len ? g_strdup_printf("'%.*s' is not a page number from 1 to %d", (int)len,
                                         start, PREVIEW_MAX_PAGE)
                       : g_strdup("a range is empty (two commas, or one at an end)");
            break;
        }
        x.last = x.first;
        if (*p == '-') {
            p++;
            x.last = 0;
            if (*p && *p != ',' && !page_number(&p, &x.last)) {
                *why = g_strdup_printf("'%.*s' is not a range such as 3-7 or 12-", (int)len,
                                       start);
                break;
            }
            if (x.last && x.last < x.first) {
                *why = g_strdup_printf("'%.*s' runs backwards; write %zu-%zu", (int)len, start,
                                       x.last, x.first);
                break;
            }
        }
        if (*p && *p != ',') {
            *why = g_strdup_printf("'%.*s' is not a page number or a range such as 3-7",
                                   (int)len, start);
            break;
        }
        if (r->len >= PREVIEW_MAX_RANGES) {
            *why = g_strdup_printf("more than %d ranges", PREVIEW_MAX_RANGES);
            break;
        }
        g_array_append_val(r, x);
        if (!*p)
            break;
        p++;
    }
    if (*why) {
        g_array_free(r, TRUE);
        return false;
    }
    out->n = r->len;
    out->ranges = (preview_range_t *)(void *)g_array_free(r, FALSE);
    return true;
}

bool *preview_select(const preview_pages_t *sel, size_t n_pages, char **why)
{
    *why = NULL;
    for (size_t i = 0; i < sel->n; i++)
        if (sel->ranges[i].first > n_pages || sel->ranges[i].last > n_pages) {
            size_t past = sel->ranges[i].last > n_pages ? sel->ranges[i].last
                                                        : sel->ranges[i].first;
            *why = g_strdup_printf("page %zu is past the end: the book has %zu page%s", past,
                                   n_pages, n_pages == 1 ? "" : "s");
            return NULL;
        }
    bool *keep = g_new0(bool, n_pages + 1);
    for (size_t i = 0; i < sel->n; i++) {
        size_t last = sel->ranges[i].last ? sel->ranges[i].last : n_pages;
        for (size_t p = sel->ranges[i].first; p <= last; p++)
            keep[p - 1] = true;
    }
    return keep;
}

layout_doc_t *preview_doc(const layout_doc_t *doc, const bool *keep)
{
    layout_doc_t *sub = g_new0(layout_doc_t, 1);
    size_t *to = g_new(size_t, doc->n_pages + 1); /* old page -> new, or SIZE_MAX */
    *sub = *doc;
    sub->n_pages = 0;
    sub->pages = g_new0(layout_page_t, doc->n_pages + 1);
    for (size_t i = 0; i < doc->n_pages; i++)
        to[i] = keep[i] ? sub->n_pages++ : SIZE_MAX;
    for (size_t i = 0, k = 0; i < doc->n_pages; i++) {
        if (!keep[i])
            continue;
        layout_page_t *pg = &sub->pages[k++];
        *pg = doc->pages[i];
        pg->boxes = g_new(layout_box_t, pg->n_boxes + 1);
        pg->n_boxes = pg->cap = 0;
        for (size_t j = 0; j < doc->pages[i].n_boxes; j++) {
            layout_box_t b = doc->pages[i].boxes[j];
            if (b.kind == LAYOUT_BOX_LINK) {
                if (b.target >= doc->n_pages || to[b.target] == SIZE_MAX)
                    continue; /* to a page left out */
                b.target = to[b.target];
            }
            pg->boxes[pg->n_boxes++] = b;
        }
    }
    /* The outline: the entries on kept pages, each under its nearest kept
     * ancestor. */
    size_t *id = g_new0(size_t, doc->n_outline + 1); /* entry -> new index + 1, or 0 */
    sub->outline = g_new0(layout_outline_t, doc->n_outline + 1);
    sub->n_outline = 0;
    for (size_t i = 0; i < doc->n_outline; i++) {
        const layout_outline_t *o = &doc->outline[i];
        size_t parent = o->parent ? id[o->parent - 1] : 0;
        if (o->page >= doc->n_pages || to[o->page] == SIZE_MAX) {
            id[i] = parent;
            continue;
        }
        sub->outline[sub->n_outline] = (layout_outline_t){o->title, to[o->page], parent};
        id[i] = ++sub->n_outline;
    }
    g_free(id);
    g_free(to);
    return sub;
}

void preview_doc_free(layout_doc_t *sub)
{
    if (!sub)
        return;
    for (size_t i = 0; i < sub->n_pages; i++)
        g_free(sub->pages[i].boxes);
    g_free(sub->pages);
    g_free(sub->outline);
    g_free(sub);
}

/* ---- pictures ------------------------------------------------------------ */

/* Pixels for `points` at `dpi`, rounded up so the page is all there, but
 * not for a hundredth of a pixel: a page size written in points to two
 * decimals (a tablet's 1872 pixels at 226 dpi are 596.39 pt, 1872.002 px)
 * is the size it was meant to be. */
static int pixels(double points, unsigned dpi)
{
    return (int)ceil(points * dpi / 72.0 - 0.01);
}

static bool check_surface(run_t *run, const char *path, cairo_status_t st, const char *what)
{
    if (st == CAIRO_STATUS_SUCCESS)
        return true;
    return diag_error(&run->diag, diag_at(path, 0, 0), "cannot draw %s: %s", what,
                      cairo_status_to_string(st));
}

/* `page` onto `cr`, white first, at `scale` pixels a point. */
static void draw_paper(cairo_t *cr, const layout_doc_t *doc, size_t page, double scale)
{
    cairo_save(cr);
    cairo_scale(cr, scale, scale);
    cairo_rectangle(cr, 0, 0, doc->page_w, doc->page_h);
    cairo_clip(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    render_page(cr, doc, page);
    cairo_restore(cr);
}

/* The file name of page `i` (0-based) or sheet `i`: digits enough for
 * `count`, at least three for pages. */
static char *file_name(const char *stem, size_t i, size_t count, int min_digits,
                       const char *ext)
{
    int digits = 1;
    for (size_t n = count; n >= 10; n /= 10)
        digits++;
    digits = MAX(digits, min_digits);
    return g_strdup_printf("%s-%0*zu.%s", stem, digits, i + 1, ext);
}

static bool write_png(run_t *run, outdir_t *d, const char *path, const char *name,
                      cairo_surface_t *s)
{
    if (!outdir_begin(run, d, name))
        return false;
    cairo_status_t st = cairo_surface_write_to_png_stream(s, outdir_write, d);
    bool ok = outdir_end(run, d); /* says what a failed write was */
    return ok && check_surface(run, path, st, "the PNG");
}

static bool page_png(run_t *run, outdir_t *d, const char *path, const layout_doc_t *doc,
                     size_t page, unsigned dpi, const char *name)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, pixels(doc->page_w, dpi),
                                                    pixels(doc->page_h, dpi));
    cairo_t *cr = cairo_create(s);
    draw_paper(cr, doc, page, dpi / 72.0);
    bool ok = check_surface(run, path, cairo_status(cr), "the page");
    cairo_destroy(cr);
    ok = ok && write_png(run, d, path, name, s);
    cairo_surface_destroy(s);
    return ok;
}

static bool page_svg(run_t *run, outdir_t *d, const char *path, const layout_doc_t *doc,
                     size_t page, const char *name)
{
    if (!outdir_begin(run, d, name))
        return false;
    cairo_surface_t *s = cairo_svg_surface_create_for_stream(outdir_write, d, doc->page_w,
                                                             doc->page_h);
    cairo_svg_surface_set_document_unit(s, CAIRO_SVG_UNIT_PT);
    cairo_t *cr = cairo_create(s);
    draw_paper(cr, doc, page, 1);
    cairo_status_t st = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(s); /* the file is written here */
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(s);
    cairo_surface_destroy(s);
    bool ok = outdir_end(run, d);
    return ok && check_surface(run, path, st, "the SVG");
}

/* ---- contact sheets --------------------------------------------------------
 * A grid of thumbnails, PREVIEW_CONTACT_COLS wide and up to
 * PREVIEW_CONTACT_ROWS high, each with its page's number below it (and its
 * printed label when that differs, such as "3 · iii"). A whole
 * double-sided book is shown in spreads, as it opens: the cover alone on
 * the right, then each left-hand page touching its right-hand one, three
 * spreads a row. Every sheet of a run has the same size, so they print and
 * flip through alike. Sizes are in pixels. */
enum { CONTACT_GAP = 16, CONTACT_LABEL = 18 };

#define CONTACT_BLANK SIZE_MAX /* a slot left empty: left of the cover */

typedef struct {
    int tw, th;     /* a thumbnail */
    int cols, rows; /* of every sheet, in thumbnails */
    bool spreads;   /* pairs of columns touch */
    int w, h;       /* a sheet */
} contact_t;

/* The grid for `n` slots. */
static contact_t contact_geometry(const layout_doc_t *doc, unsigned dpi, size_t n, bool spreads)
{
    contact_t g;
    g.tw = pixels(doc->page_w, dpi);
    g.th = pixels(doc->page_h, dpi);
    g.spreads = spreads;
    g.cols = (int)MIN(n, (size_t)PREVIEW_CONTACT_COLS);
    if (spreads && g.cols % 2)
        g.cols++;
    g.rows = (int)MIN((n + (size_t)g.cols - 1) / (size_t)g.cols, (size_t)PREVIEW_CONTACT_ROWS);
    g.w = spreads ? CONTACT_GAP + g.cols / 2 * (2 * g.tw + CONTACT_GAP)
                  : CONTACT_GAP + g.cols * (g.tw + CONTACT_GAP);
    g.h = CONTACT_GAP + g.rows * (g.th + CONTACT_LABEL + CONTACT_GAP);
    return g;
}

/* Where column `c` of the grid starts. */
static double contact_x(const contact_t *g, int c)
{
    if (g->spreads)
        return CONTACT_GAP + c / 2 * (2 * g->tw + CONTACT_GAP) + c % 2 * g->tw;
    return CONTACT_GAP + c * (g->tw + CONTACT_GAP);
}

static void contact_label(cairo_t *cr, PangoContext *pc, const layout_doc_t *doc, size_t page,
                          double x, double y, int w)
{
    char num[32];
    snprintf(num, sizeof num, "%zu", page + 1);
    const char *label = doc->pages[page].label;
    char *text = label && strcmp(label, num) ? g_strdup_printf("%s · %s", num, label)
                                              : g_strdup(num);
    PangoLayout *pl = pango_layout_new(pc);
    PangoFontDescription *fd = pango_font_description_from_string("Lato 10");
    pango_layout_set_font_description(pl, fd);
    pango_layout_set_width(pl, w * PANGO_SCALE);
    pango_layout_set_alignment(pl, PANGO_ALIGN_CENTER);
    pango_layout_set_ellipsize(pl, PANGO_ELLIPSIZE_END);
    pango_layout_set_text(pl, text, -1);
    cairo_set_source_rgb(cr, 0.25, 0.24, 0.23);
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, pl);
    pango_font_description_free(fd);
    g_object_unref(pl);
    g_free(text);
}

/* Sheet `k` of the slots in `list` (n of them: pages, or CONTACT_BLANK). */
static bool contact_sheet(run_t *run, outdir_t *d, const char *path, const layout_doc_t *doc,
                          const preview_opts_t *o, const contact_t *g, const size_t *list,
                          size_t n, size_t k, const char *name)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, g->w, g->h);
    cairo_t *cr = cairo_create(s);
    PangoContext *pc = fonts_context(o->map, o->language);
    size_t per = (size_t)(g->cols * g->rows);
    cairo_set_source_rgb(cr, 0.91, 0.90, 0.88);
    cairo_paint(cr);
    for (size_t i = k * per; i < n && i < (k + 1) * per; i++) {
        int c = (int)((i - k * per) % (size_t)g->cols), r = (int)((i - k * per) / (size_t)g->cols);
        if (list[i] == CONTACT_BLANK)
            continue;
        double x = contact_x(g, c);
        double y = CONTACT_GAP + r * (g->th + CONTACT_LABEL + CONTACT_GAP);
        cairo_save(cr);
        cairo_translate(cr, x, y);
        draw_paper(cr, doc, list[i], o->dpi / 72.0);
        cairo_restore(cr);
        cairo_set_source_rgb(cr, 0.62, 0.60, 0.58);
        cairo_set_line_width(cr, 1);
        cairo_rectangle(cr, x - 0.5, y - 0.5, g->tw + 1, g->th + 1);
        cairo_stroke(cr);
        contact_label(cr, pc, doc, list[i], x, y + g->th + 3, g->tw);
    }
    g_object_unref(pc);
    bool ok = check_surface(run, path, cairo_status(cr), "the contact sheet");
    cairo_destroy(cr);
    ok = ok && write_png(run, d, path, name, s);
    cairo_surface_destroy(s);
    return ok;
}

bool preview_write(run_t *run, const layout_doc_t *doc, const preview_opts_t *o,
                   const char *path, size_t *n_files, size_t *size)
{
    size_t *list = g_new(size_t, doc->n_pages + 2), n = 0, files = 0;
    /* Spreads for a whole double-sided book of more than a page: a
     * selection need not come in pairs. */
    bool spreads = o->format == PREVIEW_CONTACT && doc->duplex && !o->keep && doc->n_pages > 1;
    if (spreads)
        list[n++] = CONTACT_BLANK;
    for (size_t i = 0; i < doc->n_pages; i++)
        if (!o->keep || o->keep[i])
            list[n++] = i;
    contact_t g = contact_geometry(doc, o->dpi, n ? n : 1, spreads);
    bool ok = true;
    if (o->format != PREVIEW_SVG) {
        int w = o->format == PREVIEW_CONTACT ? g.w : g.tw;
        int h = o->format == PREVIEW_CONTACT ? g.h : g.th;
        if (w > PREVIEW_MAX_SIDE || h > PREVIEW_MAX_SIDE)
            ok = diag_error(&run->diag, diag_at(path, 0, 0),
                            "a picture of %dx%d pixels at %u dpi is over the limit of %d a "
                            "side; choose a lower --dpi", w, h, o->dpi, PREVIEW_MAX_SIDE);
    }
    outdir_t *d = ok ? outdir_open(run, path) : NULL;
    if (!d) {
        g_free(list);
        return false;
    }
    if (o->format == PREVIEW_CONTACT) {
        size_t per = (size_t)(g.cols * g.rows), sheets = (n + per - 1) / per;
        for (size_t k = 0; ok && k < sheets; k++) {
            char *name = file_name("sheet", k, sheets, 1, "png");
            ok = contact_sheet(run, d, path, doc, o, &g, list, n, k, name);
            g_free(name);
            files++;
        }
    } else {
        for (size_t i = 0; ok && i < n; i++) {
            bool png = o->format == PREVIEW_PNG;
            char *name = file_name("page", list[i], doc->n_pages, 3, png ? "png" : "svg");
            ok = png ? page_png(run, d, path, doc, list[i], o->dpi, name)
                     : page_svg(run, d, path, doc, list[i], name);
            g_free(name);
            files++;
        }
    }
    g_free(list);
    if (!ok) {
        outdir_abort(d);
        return false;
    }
    if (n_files)
        *n_files = files;
    return outdir_commit(run, d, size);
}
