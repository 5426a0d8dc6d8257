/* fonts: the one Pango font map that layout measures with and render draws
 * with.
 *
 * The map sees the project's fonts/ folder first, through a fontconfig
 * configuration made for the run, then the system's fonts, so a character
 * missing from our typefaces falls back to a system font instead of a box,
 * while everything our fonts can draw is drawn by them on every machine: the
 * families our files name (and serif, sans-serif) resolve to our files only,
 * even where the system has its own copies of them (see fonts.c).
 * Each family a layout names must match a font, or it is an error: fontconfig
 * would otherwise substitute silently. */
#ifndef KEEPSAKE_FONTS_H
#define KEEPSAKE_FONTS_H

#include "model.h"
#include "run.h"

#include <pango/pango.h>

/* A new font map (the caller unrefs it), or NULL after reporting. */
PangoFontMap *fonts_open(run_t *run, const model_layout_t *layout,
                         const char *fonts_dir);

/* A Pango context on `map` set up the same way for measuring and drawing:
 * 72 dpi (so Pango sizes are points), no hinting, the book's language. */
PangoContext *fonts_context(PangoFontMap *map, const char *language);

#endif
