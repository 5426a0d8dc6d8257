/* The peer keepsake's benchmark compares against: a direct Cairo + Pango
 * program drawing an A5 PDF of N pages, each with a heading, a paragraph
 * and 18 writing lines, in EB Garamond and Lato from fonts/ (through the
 * same kind of fontconfig set-up). It has no YAML, no checks, no layout
 * engine: the cost of the libraries alone. Usage: peer PAGES OUT.pdf */
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: peer PAGES OUT.pdf\n");
        return 2;
    }
    int pages = atoi(argv[1]);
    FcConfig *cfg = FcInitLoadConfigAndFonts();
    FcConfigAppFontAddDir(cfg, (const FcChar8 *)"fonts");
    PangoFontMap *map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
    pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(map), cfg);
    pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(map), 72);
    cairo_surface_t *s = cairo_pdf_surface_create(argv[2], 419.53, 595.28);
    cairo_t *cr = cairo_create(s);
    PangoContext *ctx = pango_font_map_create_context(map);
    PangoLayout *head = pango_layout_new(ctx), *body = pango_layout_new(ctx);
    PangoFontDescription *hf = pango_font_description_from_string("Lato Bold 15");
    PangoFontDescription *bf = pango_font_description_from_string("EB Garamond 11");
    pango_layout_set_font_description(head, hf);
    pango_layout_set_font_description(body, bf);
    pango_layout_set_width(body, 329 * PANGO_SCALE);
    pango_layout_set_wrap(body, PANGO_WRAP_WORD_CHAR);
    for (int p = 0; p < pages; p++) {
        char title[32];
        snprintf(title, sizeof title, "Week %d", p + 1);
        pango_layout_set_text(head, title, -1);
        cairo_move_to(cr, 54, 40);
        pango_cairo_show_layout(cr, head);
        pango_layout_set_text(body, "How have you really been feeling these past few days? "
                                    "Sit down together somewhere quiet and take turns.", -1);
        cairo_move_to(cr, 54, 70);
        pango_cairo_show_layout(cr, body);
        cairo_set_line_width(cr, 0.5);
        for (int i = 0; i < 18; i++) {
            cairo_move_to(cr, 54, 120 + i * 22.68);
            cairo_line_to(cr, 383, 120 + i * 22.68);
        }
        cairo_stroke(cr);
        cairo_show_page(cr);
    }
    cairo_destroy(cr);
    cairo_surface_finish(s);
    int rc = cairo_surface_status(s) != CAIRO_STATUS_SUCCESS;
    cairo_surface_destroy(s);
    g_object_unref(head);
    g_object_unref(body);
    g_object_unref(ctx);
    g_object_unref(map);
    pango_font_description_free(hf);
    pango_font_description_free(bf);
    return rc;
}
