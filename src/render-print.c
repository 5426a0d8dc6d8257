/* render-print: print production pieces of render (see render.h and
 * render-print.h): the paper colour, crop marks, greys, cards n-up and
 * the duplex calibration sheet. */
#include "render-print.h"

#include "text.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#define MM (72.0 / 25.4)

double render_print_margin(const render_print_t *pr)
{
    if (!pr->crop_marks)
        return pr->bleed;
    return MAX(pr->bleed, RENDER_CROP_GAP) + RENDER_CROP_LEN + RENDER_CROP_SLUG;
}

void render_paper(cairo_t *cr, const layout_doc_t *doc, double x, double y, double w, double h)
{
    const model_colour_t *c = &doc->paper;
    if (c->r >= 1 && c->g >= 1 && c->b >= 1)
        return;
    double gray = 0.299 * c->r + 0.587 * c->g + 0.114 * c->b;
    cairo_save(cr);
    if (doc->grayscale)
        cairo_set_source_rgb(cr, gray, gray, gray);
    else
        cairo_set_source_rgb(cr, c->r, c->g, c->b);
    cairo_rectangle(cr, x, y, w, h);
    cairo_fill(cr);
    cairo_restore(cr);
}

void render_corner_marks(cairo_t *cr, double x, double y, double w, double h, double gap,
                         double len)
{
    const double xs[2] = {x, x + w}, ys[2] = {y, y + h};
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++) {
            double dx = i ? 1 : -1, dy = j ? 1 : -1;
            cairo_move_to(cr, xs[i] + dx * gap, ys[j]);
            cairo_line_to(cr, xs[i] + dx * (gap + len), ys[j]);
            cairo_move_to(cr, xs[i], ys[j] + dy * gap);
            cairo_line_to(cr, xs[i], ys[j] + dy * (gap + len));
        }
}

void render_crop_marks(cairo_t *cr, double x, double y, double w, double h, double bleed)
{
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0, 0, 0); /* registration marks are black on every plate */
    cairo_set_line_width(cr, 0.25);
    render_corner_marks(cr, x, y, w, h, MAX(bleed, RENDER_CROP_GAP), RENDER_CROP_LEN);
    cairo_stroke(cr);
    cairo_restore(cr);
}

static double luma(double r, double g, double b)
{
    return 0.299 * r + 0.587 * g + 0.114 * b;
}

const layout_doc_t *render_gray_doc(const layout_doc_t *doc, layout_doc_t *gray)
{
    *gray = *doc;
    gray->grayscale = true;
    for (int i = 0; i < 4; i++) {
        model_colour_t *c = &gray->inks[i];
        double y = luma(c->r, c->g, c->b);
        if (i == LAYOUT_INK_RULE || i == LAYOUT_INK_MUTED)
            y = MIN(y, RENDER_GRAY_MAX);
        c->r = c->g = c->b = y;
    }
    return gray;
}

/* pango_attr_list_filter() visits every attribute: turn colours grey in
 * place, counting them in `*changed`; remove none. */
static gboolean gray_attr(PangoAttribute *a, gpointer changed)
{
    switch (a->klass->type) {
    case PANGO_ATTR_FOREGROUND:
    case PANGO_ATTR_BACKGROUND:
    case PANGO_ATTR_UNDERLINE_COLOR:
    case PANGO_ATTR_STRIKETHROUGH_COLOR: {
        PangoColor *c = &((PangoAttrColor *)a)->color;
        guint16 y = (guint16)lround(luma(c->red, c->green, c->blue));
        c->red = c->green = c->blue = y;
        (*(int *)changed)++;
        break;
    }
    default:
        break;
    }
    return FALSE;
}

PangoLayout *render_gray_layout(PangoLayout *pl)
{
    PangoAttrList *attrs = pango_layout_get_attributes(pl);
    if (!attrs)
        return g_object_ref(pl);
    int changed = 0;
    PangoAttrList *g = pango_attr_list_copy(attrs);
    PangoAttrList *removed = pango_attr_list_filter(g, gray_attr, &changed);
    if (removed)
        pango_attr_list_unref(removed);
    PangoLayout *copy = changed ? pango_layout_copy(pl) : g_object_ref(pl);
    if (changed) /* the text's own colours (markup): the lines stay as they were */
        pango_layout_set_attributes(copy, g);
    pango_attr_list_unref(g);
    return copy;
}

/* ---- cards n-up ---- */

/* The boxes of page `page` inside its rectangle x, y (w x h) drawn with
 * that corner at sx, sy, centred in the slot, clipped to the card. */
static void draw_card(cairo_t *cr, const layout_doc_t *doc, const impose_grid_t *g,
                      size_t page, double x, double y, double w, double h, double sx, double sy)
{
    const layout_page_t *pg = &doc->pages[page];
    double cx = sx + (g->slot_w - w) / 2, cy = sy + (g->slot_h - h) / 2;
    cairo_save(cr);
    cairo_rectangle(cr, cx, cy, w, h);
    cairo_clip(cr);
    render_paper(cr, doc, cx, cy, w, h);
    cairo_translate(cr, cx - x, cy - y);
    for (size_t j = 0; j < pg->n_boxes; j++)
        if (cardset_holds(&pg->boxes[j], x, y, w, h))
            render_box(cr, doc, &pg->boxes[j]);
    cairo_restore(cr);
}

/* The card's cut marks, as on the book's page. */
static void draw_card_cut(cairo_t *cr, const layout_doc_t *doc, const impose_grid_t *g,
                          const cardset_card_t *c, double sx, double sy)
{
    layout_box_t cut = {.kind = LAYOUT_BOX_CUT, .ink = LAYOUT_INK_MUTED, .stroke = 0.4,
                        .x = sx + (g->slot_w - c->w) / 2, .y = sy + (g->slot_h - c->h) / 2,
                        .w = c->w, .h = c->h};
    render_box(cr, doc, &cut);
}

static cairo_status_t draw_card_sheets(cairo_t *cr, const layout_doc_t *doc,
                                       const render_cards_t *rc, size_t *sheets)
{
    const impose_grid_t *g = rc->grid;
    size_t per = g->cols * g->rows, n = rc->set->n_cards;
    *sheets = 0;
    for (size_t first = 0; first < n; first += per) {
        size_t on = MIN(per, n - first);
        for (int side = IMPOSE_FRONT; side <= (rc->set->backs ? IMPOSE_BACK : IMPOSE_FRONT);
             side++) {
            for (size_t k = 0; k < on; k++) {
                const cardset_card_t *c = &rc->set->cards[first + k];
                double sx, sy;
                impose_card_slot(g, k, side, rc->flip, &sx, &sy);
                if (side == IMPOSE_FRONT) {
                    draw_card(cr, doc, g, c->page, c->x, c->y, c->w, c->h, sx, sy);
                    draw_card_cut(cr, doc, g, c, sx, sy);
                } else if (c->back != CARDSET_NO_BACK) {
                    draw_card(cr, doc, g, c->back, c->back_x, c->y, c->w, c->h, sx, sy);
                }
            }
            cairo_show_page(cr);
            cairo_status_t st = cairo_status(cr);
            if (st != CAIRO_STATUS_SUCCESS)
                return st;
        }
        (*sheets)++;
    }
    return CAIRO_STATUS_SUCCESS;
}

bool render_pdf_cards(run_t *run, const layout_doc_t *book, const render_cards_t *rc,
                      const char *path, size_t *sheets, bool *with_backs)
{
    pdf_t p;
    layout_doc_t gray;
    const layout_doc_t *doc = rc->grayscale ? render_gray_doc(book, &gray) : book;
    *with_backs = rc->set->backs;
    if (!render_open(run, doc, path, rc->grid->sheet_w, rc->grid->sheet_h, &p))
        return false;
    return render_close(run, &p, draw_card_sheets(p.cr, doc, rc, sheets), path, NULL);
}

/* ---- the duplex calibration sheet ---- */

/* Centred text in the Lato family, `pt` points, its top at y. */
static double say(cairo_t *cr, PangoLayout *pl, const char *markup, double pt, double x,
                  double y, double w)
{
    PangoFontDescription *fd = pango_font_description_from_string("Lato");
    pango_font_description_set_absolute_size(fd, pt * PANGO_SCALE);
    pango_layout_set_font_description(pl, fd);
    pango_font_description_free(fd);
    pango_layout_set_width(pl, (int)(w * PANGO_SCALE));
    pango_layout_set_alignment(pl, PANGO_ALIGN_CENTER);
    pango_layout_set_markup(pl, markup, -1);
    int lw, lh; /* Pango units */
    pango_layout_get_size(pl, &lw, &lh);
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, pl);
    return y + (double)lh / PANGO_SCALE;
}

/* A registration cross at the sheet's centre: printed on both sides, the
 * two lie on each other (held to the light) when the printer keeps its
 * sides in register. */
static void centre_cross(cairo_t *cr, double w, double h)
{
    double r = 6 * MM;
    cairo_set_line_width(cr, 0.5);
    cairo_new_sub_path(cr);
    cairo_arc(cr, w / 2, h / 2, r * 0.6, 0, 2 * M_PI);
    cairo_move_to(cr, w / 2 - r, h / 2);
    cairo_line_to(cr, w / 2 + r, h / 2);
    cairo_move_to(cr, w / 2, h / 2 - r);
    cairo_line_to(cr, w / 2, h / 2 + r);
    cairo_stroke(cr);
}

/* One half of the back, in its own frame (upright or turned), `w` wide:
 * the answer it gives when it is the half that reads the right way up. */
static void back_half(cairo_t *cr, PangoLayout *pl, double w, const char *flip)
{
    double m = 15 * MM, y = 12 * MM;
    char *b = g_strdup_printf("Then build with <b>--flip %s</b> and keep the printer's "
                              "duplex setting you just used. (The printer turned this sheet "
                              "over on its %s edge.)", flip, flip);
    y = say(cr, pl, "<b>This reads the right way up?</b>", 16, m, y, w - 2 * m) + 3 * MM;
    say(cr, pl, b, 12, m, y, w - 2 * m);
    g_free(b);
}

static cairo_status_t draw_calibration(cairo_t *cr, PangoFontMap *map, double w, double h)
{
    PangoContext *ctx = pango_font_map_create_context(map);
    pango_cairo_update_context(cr, ctx);
    PangoLayout *pl = pango_layout_new(ctx);
    double m = 15 * MM, y = 20 * MM;
    cairo_set_source_rgb(cr, 0, 0, 0);
    /* front */
    y = say(cr, pl, "<b>keepsake duplex calibration: FRONT</b>", 20, m, y, w - 2 * m) + 6 * MM;
    y = say(cr, pl,
            "Print this PDF double-sided with the printer setting you mean to use for the "
            "booklet. Then turn the sheet over the way you turn the page of a book: from "
            "right to left, around its left edge.",
            12, m, y, w - 2 * m) + 4 * MM;
    say(cr, pl,
        "One sentence on the back reads the right way up; it names the --flip to build "
        "with. If the back is blank or on a second sheet, the printer did not print "
        "double-sided.",
        12, m, y, w - 2 * m);
    say(cr, pl, "\u2190 turn this sheet over around this edge", 10, m, h - 15 * MM,
        w / 2 - m);
    centre_cross(cr, w, h);
    cairo_show_page(cr);
    /* back: the top half for a short-edge flip (a landscape sheet turned
     * over side to side comes out upright), the bottom half turned by 180
     * degrees for a long-edge flip */
    cairo_save(cr);
    back_half(cr, pl, w, "short");
    cairo_restore(cr);
    cairo_save(cr);
    cairo_translate(cr, w, h);
    cairo_rotate(cr, M_PI);
    back_half(cr, pl, w, "long");
    cairo_restore(cr);
    cairo_set_line_width(cr, 0.5);
    cairo_move_to(cr, m, h / 2);
    cairo_line_to(cr, w / 2 - 10 * MM, h / 2);
    cairo_move_to(cr, w / 2 + 10 * MM, h / 2);
    cairo_line_to(cr, w - m, h / 2);
    cairo_stroke(cr);
    centre_cross(cr, w, h);
    cairo_show_page(cr);
    g_object_unref(pl);
    g_object_unref(ctx);
    return cairo_status(cr);
}

bool render_pdf_calibration(run_t *run, const layout_doc_t *doc, PangoFontMap *map, double w,
                            double h, const char *path)
{
    pdf_t p;
    if (!render_open(run, doc, path, w, h, &p))
        return false;
    return render_close(run, &p, draw_calibration(p.cr, map, w, h), path, NULL);
}
