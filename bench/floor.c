/* floor: the benchmark's floor, the reference workbook drawn with direct
 * Cairo and Pango calls and nothing else: no YAML, no checking, no
 * structure tags, outline or links, no pagination logic beyond the
 * contents. What keepsake does on top of this is what it costs.
 *
 *     floor [--shared] FLOOR.TXT FONTS-DIR OUT.PDF
 *
 * FLOOR.TXT comes from bench/gen.py (a line of settings, then a page a
 * line, fields split by tabs). --shared draws the parts that repeat from
 * page to page (sets of writing lines, the 1-10 scale, a gratitude day's
 * lines, the footer rule) once into cairo recording surfaces and paints
 * them on each page, so the PDF holds each one once as a form XObject.
 * Writing lines are one path a set, dotted leaders butt-capped dashes. */
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <math.h>
#include <stdbool.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MM (72.0 / 25.4)
#define MAX_FIELDS 64

typedef struct {
    double w, h, margin, pitch;
    PangoFontDescription *body, *italic, *heading, *label, *title, *small;
} book_t;

typedef struct {
    cairo_t *cr;
    PangoContext *pc;
    GHashTable *layouts; /* "font|width|align|text" -> PangoLayout* */
    PangoLayout *pl;     /* the last text shown */
    const book_t *b;
    bool shared;
    GHashTable *parts; /* name -> cairo_surface_t* (recording) */
} ctx_t;

static const double TEXT[3] = {0x2b / 255.0, 0x29 / 255.0, 0x26 / 255.0};
static const double ACCENT[3] = {0x8c / 255.0, 0x54 / 255.0, 0x40 / 255.0};
static const double RULE[3] = {0xb9 / 255.0, 0xb3 / 255.0, 0xab / 255.0};
static const double MUTED[3] = {0x71 / 255.0, 0x6b / 255.0, 0x66 / 255.0};

static void ink(cairo_t *cr, const double c[3]) { cairo_set_source_rgb(cr, c[0], c[1], c[2]); }

/* Text at (x, y), wrapped at w (<= 0: not), aligned; returns its height.
 * Each text is shaped once: its layout is kept, by font, width, alignment
 * and text, and shown again where it repeats (c->pl is the last one). */
static double text(ctx_t *c, cairo_t *cr, PangoFontDescription *f, const char *s, double x,
                   double y, double w, PangoAlignment al, const double colour[3])
{
    char *key = g_strdup_printf("%p|%.2f|%d|%s", (void *)f, w, (int)al, s);
    PangoLayout *pl = g_hash_table_lookup(c->layouts, key);
    if (!pl) {
        pl = pango_layout_new(c->pc);
        pango_layout_set_font_description(pl, f);
        pango_layout_set_width(pl, w > 0 ? (int)(w * PANGO_SCALE) : -1);
        pango_layout_set_alignment(pl, al);
        pango_layout_set_text(pl, s, -1);
        g_hash_table_insert(c->layouts, key, pl);
    } else {
        g_free(key);
    }
    c->pl = pl;
    int lw, lh;
    pango_layout_get_size(c->pl, &lw, &lh);
    if (w <= 0 && al == PANGO_ALIGN_RIGHT)
        x -= (double)lw / PANGO_SCALE;
    if (w <= 0 && al == PANGO_ALIGN_CENTER)
        x -= (double)lw / PANGO_SCALE / 2;
    ink(cr, colour);
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, c->pl);
    return (double)lh / PANGO_SCALE;
}

/* n writing lines of width w, the first `pitch` below (x, y): one path. */
static void draw_lines(cairo_t *cr, const book_t *b, double x, double y, double w, int n)
{
    ink(cr, RULE);
    cairo_set_line_width(cr, 0.5);
    for (int i = 1; i <= n; i++) {
        cairo_move_to(cr, x, y + i * b->pitch);
        cairo_rel_line_to(cr, w, 0);
    }
    cairo_stroke(cr);
}

typedef void (*part_fn)(ctx_t *c, cairo_t *cr, const void *arg);

/* Draw a part at (x, y): directly, or (--shared) its recording, made once
 * under `name`, painted. */
static void part(ctx_t *c, const char *name, double x, double y, double w, double h,
                 part_fn fn, const void *arg)
{
    if (!c->shared) {
        cairo_save(c->cr);
        cairo_translate(c->cr, x, y);
        fn(c, c->cr, arg);
        cairo_restore(c->cr);
        return;
    }
    cairo_surface_t *s = g_hash_table_lookup(c->parts, name);
    if (!s) {
        cairo_rectangle_t ext = {0, -2, w, h + 4};
        s = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &ext);
        cairo_t *rc = cairo_create(s);
        fn(c, rc, arg);
        cairo_destroy(rc);
        g_hash_table_insert(c->parts, g_strdup(name), s);
    }
    cairo_set_source_surface(c->cr, s, x, y);
    cairo_paint(c->cr);
}

typedef struct {
    double w;
    int n;
} lines_arg_t;

static void lines_part(ctx_t *c, cairo_t *cr, const void *arg)
{
    const lines_arg_t *a = arg;
    draw_lines(cr, c->b, 0, 0, a->w, a->n);
}

static void lines(ctx_t *c, double x, double y, double w, int n)
{
    char name[64];
    lines_arg_t a = {w, n};
    snprintf(name, sizeof name, "lines %.2f %d", w, n);
    part(c, name, x, y, w, n * c->b->pitch, lines_part, &a);
}

static double content_w(const book_t *b) { return b->w - 2 * b->margin; }
static double bottom(const book_t *b) { return b->h - b->margin - 8 * MM; }

static void footer_part(ctx_t *c, cairo_t *cr, const void *arg)
{
    (void)arg;
    ink(cr, ACCENT);
    cairo_set_line_width(cr, 0.6);
    cairo_move_to(cr, 0, 0);
    cairo_rel_line_to(cr, content_w(c->b), 0);
    cairo_stroke(cr);
}

/* The heading: title at left, the dates at right, an accent rule below.
 * Returns the y below it. */
static double heading(ctx_t *c, const char *title, const char *range)
{
    const book_t *b = c->b;
    double y = b->margin;
    double h = text(c, c->cr, b->heading, title, b->margin, y, 0, PANGO_ALIGN_LEFT, ACCENT);
    if (range && *range)
        text(c, c->cr, b->label, range, b->w - b->margin, y + h - 12, 0, PANGO_ALIGN_RIGHT, MUTED);
    y += h + 1.5 * MM;
    part(c, "heading rule", b->margin, y, content_w(b), 1, footer_part, NULL);
    return y + 3 * MM;
}

static double intro(ctx_t *c, const char *s, double y)
{
    const book_t *b = c->b;
    return y + text(c, c->cr, b->body, s, b->margin, y, content_w(b), PANGO_ALIGN_LEFT, MUTED) +
           4 * MM;
}

static void footer(ctx_t *c, const char *label)
{
    const book_t *b = c->b;
    text(c, c->cr, b->label, label, b->w - b->margin, b->h - b->margin - 4, 0, PANGO_ALIGN_RIGHT,
         MUTED);
}

static void cover(ctx_t *c, char **f)
{
    const book_t *b = c->b;
    cairo_t *cr = c->cr;
    double cx = b->w / 2, cy = b->h * 0.3, r = 4 * MM;
    ink(cr, ACCENT);
    cairo_set_line_width(cr, 1.1);
    cairo_new_sub_path(cr);
    cairo_arc(cr, cx - r * 0.55, cy, r, 0, 2 * M_PI);
    cairo_new_sub_path(cr);
    cairo_arc(cr, cx + r * 0.55, cy, r, 0, 2 * M_PI);
    cairo_stroke(cr);
    cairo_set_line_width(cr, 0.6);
    cairo_move_to(cr, cx - 20 * MM, cy);
    cairo_line_to(cr, cx - r * 1.9, cy);
    cairo_move_to(cr, cx + r * 1.9, cy);
    cairo_line_to(cr, cx + 20 * MM, cy);
    cairo_stroke(cr);
    double y = cy + 15 * MM;
    y += text(c, cr, b->title, f[1], b->margin, y, content_w(b), PANGO_ALIGN_CENTER, TEXT) + 4 * MM;
    y += text(c, cr, b->heading, f[2], b->margin, y, content_w(b), PANGO_ALIGN_CENTER, ACCENT) +
         2 * MM;
    text(c, cr, b->label, f[3], b->margin, y, content_w(b), PANGO_ALIGN_CENTER, MUTED);
}

/* A dotted leader: butt-capped short dashes, one stroke. */
static void leader(cairo_t *cr, double x0, double x1, double y)
{
    static const double dash[] = {0.9, 1.9};
    ink(cr, RULE);
    cairo_set_line_width(cr, 0.9);
    cairo_set_dash(cr, dash, 2, 0);
    cairo_move_to(cr, x0, y);
    cairo_line_to(cr, x1, y);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
}

/* The contents' rows from field `from` on; returns the field after the
 * last row that fitted. */
static int contents(ctx_t *c, char **f, int n, int from, bool first)
{
    const book_t *b = c->b;
    double y = heading(c, first ? "Contents" : "Contents, continued", NULL);
    int i = from;
    for (; i + 1 < n; i += 2) {
        bool sub = i > 1 && i + 4 < n;
        double row = (sub ? 1.75 : 2.3) * 8.5;
        if (y + row > bottom(b))
            break;
        double x = b->margin + (sub ? 5 * MM : 0);
        PangoFontDescription *fd = sub ? b->label : b->small;
        double h = text(c, c->cr, fd, f[i], x, y, 0, PANGO_ALIGN_LEFT, sub ? TEXT : ACCENT);
        int tw;
        pango_layout_get_size(c->pl, &tw, NULL);
        text(c, c->cr, b->label, f[i + 1], b->w - b->margin, y, 0, PANGO_ALIGN_RIGHT, MUTED);
        int nw;
        pango_layout_get_size(c->pl, &nw, NULL);
        leader(c->cr, x + (double)tw / PANGO_SCALE + 2, b->w - b->margin - (double)nw / PANGO_SCALE - 2,
               y + h * 0.75);
        y += row;
    }
    return i;
}

static void scale_part(ctx_t *c, cairo_t *cr, const void *arg)
{
    char *const *f = arg; /* low, high */
    const book_t *b = c->b;
    double cw = content_w(b), step = (cw - 14 * MM) / 10, r = 2.6 * MM;
    ink(cr, RULE);
    cairo_set_line_width(cr, 0.5);
    for (int k = 0; k < 10; k++) {
        cairo_new_sub_path(cr);
        cairo_arc(cr, 14 * MM + step * (k + 0.5), r, r, 0, 2 * M_PI);
    }
    cairo_stroke(cr);
    for (int k = 0; k < 10; k++) {
        char num[12];
        snprintf(num, sizeof num, "%d", k + 1);
        text(c, cr, b->small, num, 14 * MM + step * (k + 0.5), r - 4, 0, PANGO_ALIGN_CENTER, MUTED);
    }
    text(c, cr, b->label, f[0], 14 * MM, 2 * r + 1, 0, PANGO_ALIGN_LEFT, MUTED);
    text(c, cr, b->label, f[1], cw, 2 * r + 1, 0, PANGO_ALIGN_RIGHT, MUTED);
}

/* title range intro lines scale-question low high question... */
static void check_in(ctx_t *c, char **f, int n, const char *name)
{
    const book_t *b = c->b;
    double y = intro(c, f[3], heading(c, f[1], f[2]));
    int nl = atoi(f[4]);
    for (int i = 8; i < n; i++) {
        y += text(c, c->cr, b->body, f[i], b->margin, y, content_w(b), PANGO_ALIGN_LEFT, TEXT);
        lines(c, b->margin, y - 2 * MM, content_w(b), nl);
        y += nl * b->pitch + 3 * MM;
    }
    double sy = bottom(b) - 16 * MM;
    text(c, c->cr, b->body, f[5], b->margin, sy, content_w(b), PANGO_ALIGN_LEFT, TEXT);
    text(c, c->cr, b->label, name, b->margin, sy + 8 * MM, 0, PANGO_ALIGN_LEFT, TEXT);
    char key[256];
    snprintf(key, sizeof key, "scale %s|%s", f[6], f[7]);
    part(c, key, b->margin, sy + 7 * MM, content_w(b), 9 * MM, scale_part, f + 6);
}

static void day_part(ctx_t *c, cairo_t *cr, const void *arg)
{
    const int *nl = arg;
    const book_t *b = c->b;
    double dayw = 22 * MM, numw = 4 * MM;
    for (int k = 1; k <= *nl; k++) {
        char num[12];
        snprintf(num, sizeof num, "%d", k);
        text(c, cr, b->small, num, dayw, k * b->pitch - 9, 0, PANGO_ALIGN_LEFT, MUTED);
    }
    draw_lines(cr, b, dayw + numw, 0, content_w(b) - dayw - numw, *nl);
}

/* title range intro lines day*7 */
static void gratitude(ctx_t *c, char **f, int n)
{
    const book_t *b = c->b;
    double y = intro(c, f[3], heading(c, f[1], f[2]));
    int nl = atoi(f[4]), days = n - 5;
    double row = (bottom(b) - y) / days;
    char key[32];
    snprintf(key, sizeof key, "day %d", nl);
    for (int i = 0; i < days; i++) {
        double ry = y + i * row + (row - nl * b->pitch) / 2;
        text(c, c->cr, b->label, f[5 + i], b->margin, ry + b->pitch - 9, 0, PANGO_ALIGN_LEFT,
             ACCENT);
        part(c, key, b->margin, ry, content_w(b), nl * b->pitch, day_part, &nl);
        if (i + 1 < days)
            leader(c->cr, b->margin, b->w - b->margin, y + (i + 1) * row);
    }
}

static void fill_lines(ctx_t *c, double y)
{
    const book_t *b = c->b;
    int n = (int)floor((bottom(b) - y) / b->pitch);
    lines(c, b->margin, y, content_w(b), n);
}

/* title intro prompt */
static void story(ctx_t *c, char **f)
{
    const book_t *b = c->b;
    double y = heading(c, f[1], NULL);
    y += text(c, c->cr, b->italic, f[3], b->margin, y, content_w(b), PANGO_ALIGN_LEFT, TEXT) + 2 * MM;
    y = intro(c, f[2], y);
    fill_lines(c, y);
}

/* title paragraph... */
static void closing(ctx_t *c, char **f, int n)
{
    const book_t *b = c->b;
    double y = heading(c, f[1], NULL);
    for (int i = 2; i < n; i++)
        y += text(c, c->cr, b->body, f[i], b->margin, y, content_w(b), PANGO_ALIGN_LEFT, TEXT) +
             2 * MM;
    fill_lines(c, y + 4 * MM);
}

static int split(char *line, char **f)
{
    int n = 0;
    line[strcspn(line, "\n")] = 0;
    for (char *p = line; n < MAX_FIELDS;) {
        f[n++] = p;
        char *t = strchr(p, '\t');
        if (!t)
            break;
        *t = 0;
        p = t + 1;
    }
    return n;
}

static PangoFontDescription *font(const char *family, const char *style, double pt)
{
    PangoFontDescription *d = pango_font_description_from_string(style);
    pango_font_description_set_family(d, family);
    pango_font_description_set_size(d, (int)(pt * PANGO_SCALE));
    return d;
}

int main(int argc, char **argv)
{
    bool shared = argc > 1 && !strcmp(argv[1], "--shared");
    if (argc != 4 + shared) {
        fprintf(stderr, "usage: floor [--shared] FLOOR.TXT FONTS-DIR OUT.PDF\n");
        return 2;
    }
    argv += shared;
    FILE *in = fopen(argv[1], "r");
    if (!in) {
        perror(argv[1]);
        return 1;
    }
    FcConfig *cfg = FcInitLoadConfig();
    FcConfigAppFontAddDir(cfg, (const FcChar8 *)argv[2]);
    FcConfigSetCurrent(cfg);

    char *line = NULL, *f[MAX_FIELDS];
    size_t cap = 0;
    book_t b;
    if (getline(&line, &cap, in) < 0 || split(line, f) != 10 || strcmp(f[0], "book")) {
        fprintf(stderr, "%s: not a floor file\n", argv[1]);
        return 1;
    }
    b.w = atof(f[1]) * MM, b.h = atof(f[2]) * MM, b.margin = atof(f[3]) * MM;
    b.pitch = atof(f[4]) * MM;
    b.body = font(f[5], "", atof(f[7]));
    b.italic = font(f[5], "Italic", atof(f[7]) * 1.15);
    b.title = font(f[5], "", atof(f[9]));
    b.heading = font(f[6], "Bold", atof(f[8]));
    b.label = font(f[6], "", 8.5);
    b.small = font(f[6], "Bold", 8.5);

    PangoFontMap *map = pango_cairo_font_map_new();
    PangoContext *pc = pango_font_map_create_context(map);
    pango_cairo_context_set_resolution(pc, 72);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(pc, fo);
    cairo_surface_t *s = cairo_pdf_surface_create(argv[3], b.w, b.h);
    ctx_t c = {cairo_create(s), pc,
               g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_object_unref), NULL, &b,
               shared,
               g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                     (GDestroyNotify)cairo_surface_destroy)};
    char name[256] = "";
    int page = 0;
    while (getline(&line, &cap, in) >= 0) {
        int n = split(line, f), from = 1;
        do {
            page++;
            if (!strcmp(f[0], "cover")) {
                snprintf(name, sizeof name, "%s", f[2]);
                cover(&c, f);
            } else if (!strcmp(f[0], "contents")) {
                from = contents(&c, f, n, from, from == 1);
            } else if (!strcmp(f[0], "check-in")) {
                check_in(&c, f, n, name);
            } else if (!strcmp(f[0], "gratitude")) {
                gratitude(&c, f, n);
            } else if (!strcmp(f[0], "story")) {
                story(&c, f);
            } else {
                closing(&c, f, n);
            }
            if (page > 1) {
                char label[16];
                if (page == 2)
                    snprintf(label, sizeof label, "ii");
                else
                    snprintf(label, sizeof label, "%d", page - 2);
                footer(&c, label);
            }
            cairo_show_page(c.cr);
        } while (!strcmp(f[0], "contents") && from + 1 < n);
    }
    free(line);
    fclose(in);
    g_hash_table_destroy(c.parts);
    g_hash_table_destroy(c.layouts);
    cairo_destroy(c.cr);
    cairo_surface_finish(s);
    cairo_status_t st = cairo_surface_status(s);
    cairo_surface_destroy(s);
    if (st != CAIRO_STATUS_SUCCESS) {
        fprintf(stderr, "%s: %s\n", argv[3], cairo_status_to_string(st));
        return 1;
    }
    return 0;
}
