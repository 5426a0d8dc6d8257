/* fonts: fontconfig set-up (see fonts.h).
 *
 * The configuration is written in memory: a <dir> for fonts/ followed by an
 * include of the usual configuration file (FcConfigFilename honours
 * FONTCONFIG_FILE, which the tests point at a file that lists no system
 * folders). Fonts of the first <dir> come first in fontconfig's set, so if a
 * machine has another version of one of our families installed, ours still
 * wins the tie. */
#include "fonts.h"

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <string.h>

static bool family_exists(FcConfig *cfg, const char *family)
{
    FcPattern *pat = FcPatternCreate();
    FcResult res;
    bool found = false;

    FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
    FcConfigSubstitute(cfg, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcPattern *m = FcFontMatch(cfg, pat, &res);
    if (m) {
        FcChar8 *name;
        for (int i = 0; !found && FcPatternGetString(m, FC_FAMILY, i, &name) == FcResultMatch; i++)
            found = g_ascii_strcasecmp((const char *)name, family) == 0;
        FcPatternDestroy(m);
    }
    FcPatternDestroy(pat);
    return found;
}

PangoFontMap *fonts_open(run_t *run, const model_layout_t *layout,
                         const char *fonts_dir)
{
    FcConfig *cfg = FcConfigCreate();
    PangoFontMap *map = NULL;
    FcChar8 *sys = FcConfigFilename(NULL);
    char *abs = g_canonicalize_filename(fonts_dir, NULL);
    char *xml_dir = g_markup_escape_text(abs, -1);
    char *xml_sys = sys ? g_markup_escape_text((const char *)sys, -1) : NULL;
    GString *xml = g_string_new("<?xml version=\"1.0\"?>\n<fontconfig>\n");
    bool ok = true;

    if (!g_file_test(abs, G_FILE_TEST_IS_DIR)) {
        diag_error(&run->diag, diag_at(fonts_dir, 0, 0),
                   "the fonts folder is missing; keepsake needs its own fonts");
        ok = false;
        goto out;
    }
    g_string_append_printf(xml, "  <dir>%s</dir>\n", xml_dir);
    if (xml_sys)
        g_string_append_printf(xml, "  <include ignore_missing=\"yes\">%s</include>\n",
                               xml_sys);
    g_string_append(xml, "</fontconfig>\n");
    if (!FcConfigParseAndLoadFromMemory(cfg, (const FcChar8 *)xml->str, FcTrue) ||
        !FcConfigBuildFonts(cfg)) {
        diag_error(&run->diag, diag_at(fonts_dir, 0, 0),
                   "fontconfig could not load the fonts configuration");
        ok = false;
        goto out;
    }
    const model_font_t *fonts[] = {&layout->body, &layout->heading, &layout->title,
                                   &layout->label};
    for (size_t i = 0; i < G_N_ELEMENTS(fonts); i++) {
        if (family_exists(cfg, fonts[i]->family))
            continue;
        bool dup = false;
        for (size_t j = 0; j < i; j++)
            dup = dup || !strcmp(fonts[j]->family, fonts[i]->family);
        if (!dup)
            diag_error(&run->diag, fonts[i]->pos,
                       "font family '%s' matches no font (keepsake's fonts are in %s)",
                       fonts[i]->family, fonts_dir);
        ok = false;
    }
    if (!ok)
        goto out;
    map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
    pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(map), cfg);
    pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(map), 72.0);
out:
    FcConfigDestroy(cfg);
    FcStrFree(sys);
    g_free(abs);
    g_free(xml_dir);
    g_free(xml_sys);
    g_string_free(xml, TRUE);
    return map;
}

PangoContext *fonts_context(PangoFontMap *map, const char *language)
{
    PangoContext *ctx = pango_font_map_create_context(map);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    pango_cairo_context_set_font_options(ctx, fo);
    cairo_font_options_destroy(fo);
    pango_context_set_round_glyph_positions(ctx, FALSE);
    pango_context_set_language(ctx, pango_language_from_string(language));
    return ctx;
}
