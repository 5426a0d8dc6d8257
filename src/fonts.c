/* fonts: fontconfig set-up (see fonts.h).
 *
 * The configuration is written in memory. It lists fonts/ as a <dir>, then
 * includes the usual configuration file (FcConfigFilename honours
 * FONTCONFIG_FILE, which the tests point at a file that lists no system
 * folders), so a character our fonts lack falls back to a system font.
 *
 * Being first in the font set is not enough to win: fontconfig ranks the
 * language coverage and the font version before the order, so a machine
 * with Debian's fonts-ebgaramond once set the body in its "EB Garamond 08".
 * So the families that our files name are pinned to our files:
 *
 *   - <selectfont> rejects every font of those families and accepts ours by
 *     file name (fontconfig checks <acceptfont> first), so a system copy is
 *     not in the font set at all, whatever its version or coverage;
 *   - `serif`, `sans-serif` and `sans` are bound (strongly, before the
 *     system's own aliases run) to our serif and sans;
 *   - after the system's rules, our faces are never emboldened: every style
 *     the layouts use is shipped, and a synthetic bold would make the PDF
 *     depend on whether the machine's configuration has 90-synthetic.conf.
 *
 * Which families our files name is found in the configuration's own
 * fonts, built once without the <selectfont>, which is then added and the
 * fonts built again (see config_pinned): the system's configuration is
 * parsed once, and fontconfig's default configuration is never loaded
 * (see fonts_open). */
#include "fonts.h"

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <stdarg.h>
#include <string.h>

/* The generic names that resolve to our fonts, not to the machine's. */
static const struct {
    const char *generic, *family;
} GENERIC[] = {{"serif", "EB Garamond"}, {"sans-serif", "Lato"}, {"sans", "Lato"}};

static bool family_exists(FcConfig *cfg, const char *family)
{
    FcPattern *pat = FcPatternCreate();
    const char *want = family; /* a generic name must resolve to its font */
    FcResult res;
    bool found = false;

    for (size_t i = 0; i < G_N_ELEMENTS(GENERIC); i++)
        if (!g_ascii_strcasecmp(family, GENERIC[i].generic))
            want = GENERIC[i].family;
    FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
    FcConfigSubstitute(cfg, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcPattern *m = FcFontMatch(cfg, pat, &res);
    if (m) {
        FcChar8 *name;
        for (int i = 0; !found && FcPatternGetString(m, FC_FAMILY, i, &name) == FcResultMatch; i++)
            found = g_ascii_strcasecmp((const char *)name, want) == 0;
        FcPatternDestroy(m);
    }
    FcPatternDestroy(pat);
    return found;
}

static gint by_name(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The files in `dir` (absolute) that `cfg` found, and the families they
 * name, each once; both lists are the caller's (g_ptr_array_unref). */
static void shipped_fonts(FcConfig *cfg, const char *dir, GPtrArray *files, GPtrArray *families)
{
    FcFontSet *set = FcConfigGetFonts(cfg, FcSetSystem);
    size_t len = strlen(dir);
    for (int i = 0; set && i < set->nfont; i++) {
        FcChar8 *file, *fam;
        if (FcPatternGetString(set->fonts[i], FC_FILE, 0, &file) != FcResultMatch ||
            strncmp((const char *)file, dir, len) != 0 || file[len] != '/')
            continue;
        g_ptr_array_add(files, g_strdup((const char *)file));
        for (int k = 0; FcPatternGetString(set->fonts[i], FC_FAMILY, k, &fam) == FcResultMatch;
             k++) {
            bool seen = false;
            for (guint j = 0; j < families->len && !seen; j++)
                seen = !g_ascii_strcasecmp(families->pdata[j], (const char *)fam);
            if (!seen)
                g_ptr_array_add(families, g_strdup((const char *)fam));
        }
    }
    /* fontconfig's set is in no particular order; the XML should be */
    g_ptr_array_sort(files, by_name);
    g_ptr_array_sort(families, by_name);
}

/* Append to `xml`, the arguments escaped for XML. */
static void G_GNUC_PRINTF(2, 3) xml_add(GString *xml, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = g_markup_vprintf_escaped(fmt, ap);
    va_end(ap);
    g_string_append(xml, s);
    g_free(s);
}

/* `<pattern><patelt name="NAME"><string>V</string></patelt></pattern>` for
 * each V. */
static void xml_patterns(GString *xml, const char *name, const GPtrArray *values)
{
    for (guint i = 0; i < values->len; i++)
        xml_add(xml, "      <pattern><patelt name=\"%s\"><string>%s</string></patelt></pattern>\n",
                name, (const char *)values->pdata[i]);
}

/* The configuration: our folder, the generic aliases, the system's
 * configuration (`sys`, may be NULL), then the pins when `files` is given. */
/* The configuration, but for which fonts it takes: our <dir>, the generic
 * names bound to our families, the system's configuration, then "never
 * embolden ours". */
static char *config_xml(const char *dir, const char *sys)
{
    GString *xml = g_string_new("<?xml version=\"1.0\"?>\n<fontconfig>\n");
    xml_add(xml, "  <dir>%s</dir>\n", dir);
    for (size_t i = 0; i < G_N_ELEMENTS(GENERIC); i++)
        xml_add(xml,
                "  <alias binding=\"strong\"><family>%s</family>"
                "<prefer><family>%s</family></prefer></alias>\n",
                GENERIC[i].generic, GENERIC[i].family);
    if (sys)
        xml_add(xml, "  <include ignore_missing=\"yes\">%s</include>\n", sys);
    xml_add(xml,
            "  <match target=\"font\">\n"
            "    <test name=\"file\" compare=\"contains\"><string>%s/</string></test>\n"
            "    <edit name=\"embolden\" mode=\"assign\"><bool>false</bool></edit>\n"
            "  </match>\n",
            dir);
    g_string_append(xml, "</fontconfig>\n");
    return g_string_free(xml, FALSE);
}

/* Which fonts it takes: our files, and no other font of their families. */
static char *select_xml(const GPtrArray *files, const GPtrArray *families)
{
    GString *xml = g_string_new("<?xml version=\"1.0\"?>\n<fontconfig>\n");
    g_string_append(xml, "  <selectfont>\n    <acceptfont>\n");
    xml_patterns(xml, "file", files);
    g_string_append(xml, "    </acceptfont>\n    <rejectfont>\n");
    xml_patterns(xml, "family", families);
    g_string_append(xml, "    </rejectfont>\n  </selectfont>\n</fontconfig>\n");
    return g_string_free(xml, FALSE);
}

/* The pinned configuration for our fonts in `dir` (absolute), or NULL
 * after reporting at `where`. The system's configuration is parsed once:
 * the fonts are built, ours found in them, the <selectfont> for them
 * added and the fonts built again (from fontconfig's cache, cheaply). */
static FcConfig *config_pinned(run_t *run, const char *dir, const char *where)
{
    /* Asked of an empty configuration: FcConfigFilename(NULL) would first
     * load fontconfig's default one, the system's whole configuration,
     * only to be thrown away. */
    FcConfig *cfg = FcConfigCreate();
    FcChar8 *sys = FcConfigGetFilename(cfg, NULL);
    GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
    GPtrArray *families = g_ptr_array_new_with_free_func(g_free);
    char *xml = config_xml(dir, (const char *)sys), *sel = NULL;
    bool ok = false;

    if (!FcConfigParseAndLoadFromMemory(cfg, (const FcChar8 *)xml, FcTrue) ||
        !FcConfigBuildFonts(cfg)) {
        diag_error(&run->diag, diag_at(where, 0, 0),
                   "fontconfig could not load the fonts configuration");
        goto out;
    }
    shipped_fonts(cfg, dir, files, families);
    if (!files->len) {
        diag_error(&run->diag, diag_at(where, 0, 0),
                   "the fonts folder holds no fonts; keepsake needs its own fonts");
        goto out;
    }
    sel = select_xml(files, families);
    if (!FcConfigParseAndLoadFromMemory(cfg, (const FcChar8 *)sel, FcTrue) ||
        !FcConfigBuildFonts(cfg)) {
        diag_error(&run->diag, diag_at(where, 0, 0),
                   "fontconfig could not load the fonts configuration");
        goto out;
    }
    ok = true;
out:
    if (!ok) {
        FcConfigDestroy(cfg);
        cfg = NULL;
    }
    if (sys)
        FcStrFree(sys);
    g_free(xml);
    g_free(sel);
    g_ptr_array_unref(files);
    g_ptr_array_unref(families);
    return cfg;
}

PangoFontMap *fonts_open(run_t *run, const model_layout_t *layout,
                         const char *fonts_dir)
{
    FcConfig *cfg = NULL;
    PangoFontMap *map = NULL;
    char *abs = g_canonicalize_filename(fonts_dir, NULL);
    bool ok = true;

    if (!g_file_test(abs, G_FILE_TEST_IS_DIR)) {
        diag_error(&run->diag, diag_at(fonts_dir, 0, 0),
                   "the fonts folder is missing; keepsake needs its own fonts");
        goto out;
    }
    if (!(cfg = config_pinned(run, abs, fonts_dir)))
        goto out;
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
    /* Pango starts a thread that calls FcInit(), which, with no current
     * configuration, loads the system's whole configuration (a tenth of a
     * book's instructions) for a font map that never uses it. With ours
     * current, FcInit() has nothing to do. */
    FcConfigSetCurrent(cfg);
    map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
    pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(map), cfg);
    pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(map), 72.0);
out:
    if (cfg)
        FcConfigDestroy(cfg);
    g_free(abs);
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
