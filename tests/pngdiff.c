/* pngdiff: compare a page picture with its reference, with a small tolerance.
 *
 * The reference-image tests (tests/run.sh, group refimages) render one page
 * of each kind with pdftoppm and compare it with tests/ref/KIND.png. Exact
 * bytes would be too strict (a newer rasteriser may shade an anti-aliased
 * edge differently), so, the way cairo's own test suite does,
 * a pixel counts as different only when one of its channels moves by more
 * than THRESHOLD, and the pictures differ only when more than LIMIT_PERCENT
 * of the pixels do. Pictures of different sizes always differ. Both pictures
 * are flattened onto white first, so transparency compares as a viewer shows
 * it. What this cannot see, by design: changes fainter than THRESHOLD (a
 * colour nudged by 20 levels; at 40 dpi, even notes-dotted losing all its
 * sub-pixel dots changes only 0.16 % of the page); the layout dumps still
 * show a missing box or a changed ink. Nor is it loose enough for another
 * renderer: pdftocairo or mutool differ from pdftoppm in 0.8 to 5 % of the
 * pixels, which is why tests/ref/pdftoppm.txt names the version that made
 * the references.
 *
 * Usage: pngdiff REF.png NEW.png [DIFF.png]
 * Prints one line with the counts. When the pictures differ and DIFF.png is
 * given, writes there the reference, faded, with the differing pixels in red.
 * Exit status: 0 alike, 1 different, 2 usage error or an unreadable file.
 * Uses only Cairo, so the tests need no image library beyond keepsake's. */
#include <cairo.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* 32 of 255: above the shading noise of anti-aliasing, below the faintest
 * ink keepsake prints (at 48 a dotted page with every dot gone still
 * passed). */
enum { THRESHOLD = 32 };
/* 0.2 %: about 150 pixels of an A5 page at 40 dpi. A text line or a rule
 * that moves by one pixel changes more than that; a few edge pixels do not. */
#define LIMIT_PERCENT 0.2

enum { ALIKE = 0, DIFFERENT = 1, TROUBLE = 2 };

/* Loads a PNG as an opaque RGB24 surface flattened onto white, or NULL with
 * a message. The caller owns the result. */
static cairo_surface_t *load(const char *path)
{
    cairo_surface_t *png = cairo_image_surface_create_from_png(path);
    cairo_surface_t *flat = NULL;
    cairo_t *cr = NULL;

    if (cairo_surface_status(png) != CAIRO_STATUS_SUCCESS) {
        fprintf(stderr, "pngdiff: %s: cannot read it as a PNG (cairo: %s)\n", path,
                cairo_status_to_string(cairo_surface_status(png)));
        goto out;
    }
    flat = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
                                      cairo_image_surface_get_width(png),
                                      cairo_image_surface_get_height(png));
    cr = cairo_create(flat);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_surface(cr, png, 0, 0);
    cairo_paint(cr);
    if (cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
        fprintf(stderr, "pngdiff: %s: %s\n", path, cairo_status_to_string(cairo_status(cr)));
        cairo_surface_destroy(flat);
        flat = NULL;
        goto out;
    }
    cairo_surface_flush(flat);
out:
    if (cr) cairo_destroy(cr);
    cairo_surface_destroy(png);
    return flat;
}

static int channel_gap(uint32_t a, uint32_t b, int shift)
{
    return abs((int)((a >> shift) & 0xff) - (int)((b >> shift) & 0xff));
}

static bool pixels_differ(uint32_t a, uint32_t b)
{
    return channel_gap(a, b, 16) > THRESHOLD || channel_gap(a, b, 8) > THRESHOLD ||
           channel_gap(a, b, 0) > THRESHOLD;
}

/* A reference pixel faded three quarters of the way to white. */
static uint32_t faded(uint32_t p)
{
    uint32_t out = 0xff000000u;
    for (int shift = 0; shift <= 16; shift += 8) {
        uint32_t c = (p >> shift) & 0xff;
        out |= (c + (255 - c) * 3 / 4) << shift;
    }
    return out;
}

int main(int argc, char **argv)
{
    cairo_surface_t *ref = NULL, *cur = NULL, *diff = NULL;
    int result = TROUBLE;

    if (argc < 3 || argc > 4) {
        fprintf(stderr, "usage: pngdiff REF.png NEW.png [DIFF.png]\n");
        return TROUBLE;
    }
    const char *ref_path = argv[1], *new_path = argv[2];
    const char *diff_path = argc == 4 ? argv[3] : NULL;
    if (!(ref = load(ref_path)) || !(cur = load(new_path)))
        goto out;

    int w = cairo_image_surface_get_width(ref), h = cairo_image_surface_get_height(ref);
    if (w != cairo_image_surface_get_width(cur) || h != cairo_image_surface_get_height(cur)) {
        printf("pngdiff: sizes differ: %s is %dx%d, %s is %dx%d\n", ref_path, w, h, new_path,
               cairo_image_surface_get_width(cur), cairo_image_surface_get_height(cur));
        result = DIFFERENT;
        goto out;
    }

    if (diff_path)
        diff = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    const unsigned char *rd = cairo_image_surface_get_data(ref);
    const unsigned char *cd = cairo_image_surface_get_data(cur);
    unsigned char *dd = diff ? cairo_image_surface_get_data(diff) : NULL;
    int rs = cairo_image_surface_get_stride(ref), cs = cairo_image_surface_get_stride(cur);
    int ds = diff ? cairo_image_surface_get_stride(diff) : 0;
    size_t total = (size_t)w * (size_t)h, differing = 0;
    for (int y = 0; y < h; y++) {
        const uint32_t *r = (const uint32_t *)(const void *)(rd + (size_t)y * (size_t)rs);
        const uint32_t *c = (const uint32_t *)(const void *)(cd + (size_t)y * (size_t)cs);
        uint32_t *d = dd ? (uint32_t *)(void *)(dd + (size_t)y * (size_t)ds) : NULL;
        for (int x = 0; x < w; x++) {
            bool differs = pixels_differ(r[x], c[x]);
            differing += differs;
            if (d)
                d[x] = differs ? 0xffff0000u : faded(r[x]);
        }
    }
    double percent = total ? 100.0 * (double)differing / (double)total : 0;
    result = percent > LIMIT_PERCENT ? DIFFERENT : ALIKE;
    printf("pngdiff: %dx%d, %zu of %zu pixels differ by more than %d/255 (%.3f %%, limit %.1f %%)\n",
           w, h, differing, total, THRESHOLD, percent, LIMIT_PERCENT);

    if (result == DIFFERENT && diff) {
        cairo_surface_mark_dirty(diff);
        cairo_status_t st = cairo_surface_write_to_png(diff, diff_path);
        if (st != CAIRO_STATUS_SUCCESS) {
            fprintf(stderr, "pngdiff: writing %s: %s\n", diff_path, cairo_status_to_string(st));
            result = TROUBLE;
        }
    }
out:
    if (diff) cairo_surface_destroy(diff);
    if (cur) cairo_surface_destroy(cur);
    if (ref) cairo_surface_destroy(ref);
    return result;
}
