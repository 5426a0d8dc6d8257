/* floor-sheet: Cairo's own cost of one worksheet PDF, the bound under
 * `keepsake batch`'s throughput. It draws the worksheet's texts and
 * writing lines, as `keepsake worksheet --dump` places them, with direct
 * Pango and Cairo calls, into N separate PDFs in one process:
 *
 *     floor-sheet DUMP FONTS-DIR OUT-DIR N
 *
 * DUMP is `keepsake worksheet ID --set client=@N@ --dump` of a worksheet
 * in the worksheet layout; "@N@" in a text becomes the PDF's own client,
 * "Client 1" ... "Client N", so each PDF differs as a batch's do. Each PDF
 * is its own Cairo PDF surface, OUT-DIR/1.pdf ... OUT-DIR/N.pdf, finished
 * (fonts subset, streams deflated) before the next one starts. Texts that
 * are the same in every PDF are shaped once, as a batch worker's cache
 * does; a client's own texts are shaped for each PDF.
 *
 * What keepsake does on top of this is its own: the PDF's structure tags,
 * outline, page labels and metadata, checking and laying out the book.
 * bench/batch.sh times N = 1 and N = 200: the difference over 199 is the
 * cost of a PDF, and a separate `keepsake worksheet` run's time over it the
 * most a batch could gain over separate runs. */
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_BOXES 4096 /* boxes in a dump */
#define CLIENT "@N@"   /* in a text: the PDF's client */

/* The worksheet layout's fonts (layouts/a4.yaml, worksheet.yaml) by what
 * a text is: the page's title, a group's heading, the intro, a question
 * (bold), the footer. */
typedef enum { F_TITLE, F_GROUP, F_INTRO, F_QUESTION, F_FOOTER, F_N } font_t;
static const char *const FONT[F_N] = {"Lato Bold 18", "Lato Bold 13.5", "EB Garamond 11.4",
                                      "EB Garamond Bold 12", "Lato 9.5"};

typedef struct {
    int page;          /* 0-based */
    bool rule;         /* else a text */
    double x, y, w;
    const double *ink;
    font_t font;
    char *text;        /* UTF-8, with CLIENT where the client goes */
    PangoLayout *kept; /* a text without CLIENT, shaped once */
    bool shared;       /* the same on every page: in the shared part */
} box_t;

static const double TEXT[3] = {0x2b / 255.0, 0x29 / 255.0, 0x26 / 255.0};
static const double ACCENT[3] = {0x8c / 255.0, 0x54 / 255.0, 0x40 / 255.0};
static const double RULE[3] = {0xb9 / 255.0, 0xb3 / 255.0, 0xab / 255.0};
static const double MUTED[3] = {0x71 / 255.0, 0x6b / 255.0, 0x66 / 255.0};

static const double *ink_of(const char *name)
{
    return !strcmp(name, "accent") ? ACCENT : !strcmp(name, "rule") ? RULE
                                        : !strcmp(name, "muted") ? MUTED : TEXT;
}

/* The quoted text at the end of a dump line, its \" and \\ undone. */
static char *quoted(const char *line)
{
    const char *p = strchr(line, '"');
    if (!p)
        return g_strdup("");
    GString *s = g_string_new(NULL);
    for (p++; *p && *p != '"'; p++) {
        if (*p == '\\' && p[1])
            p++;
        g_string_append_c(s, *p);
    }
    return g_string_free(s, FALSE);
}

/* The value of `key=` in a dump line, as a number. */
static double field(const char *line, const char *key)
{
    char k[32];
    snprintf(k, sizeof k, " %s=", key);
    const char *p = strstr(line, k);
    return p ? atof(p + strlen(k)) : 0;
}

static void word(const char *line, const char *key, char *buf, size_t n)
{
    char k[32];
    snprintf(k, sizeof k, " %s=", key);
    const char *p = strstr(line, k);
    buf[0] = '\0';
    if (p)
        sscanf(p + strlen(k), "%31s", buf), buf[n - 1] = '\0';
}

static PangoLayout *shape(PangoContext *pc, const box_t *b, const char *text, double cw)
{
    PangoLayout *pl = pango_layout_new(pc);
    PangoFontDescription *fd = pango_font_description_from_string(FONT[b->font]);
    pango_layout_set_font_description(pl, fd);
    pango_font_description_free(fd);
    pango_layout_set_width(pl, (int)(cw * PANGO_SCALE));
    pango_layout_set_wrap(pl, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(pl, b->font == F_FOOTER ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
    pango_layout_set_text(pl, text, -1);
    return pl;
}

/* A box: a writing line, or the text `pl`. */
static void draw(cairo_t *cr, const box_t *b, PangoLayout *pl)
{
    cairo_set_source_rgb(cr, b->ink[0], b->ink[1], b->ink[2]);
    if (b->rule) {
        cairo_set_line_width(cr, b->ink == ACCENT ? 0.75 : 0.5);
        cairo_move_to(cr, b->x, b->y);
        cairo_rel_line_to(cr, b->w, 0);
        cairo_stroke(cr);
        return;
    }
    cairo_move_to(cr, b->x, b->y);
    pango_cairo_show_layout(cr, pl);
}

/* `text` with CLIENT replaced by "Client n". */
static char *with_client(const char *text, int n)
{
    char client[32];
    snprintf(client, sizeof client, "Client %d", n);
    GString *s = g_string_new(NULL);
    for (const char *p = text; *p;) {
        const char *at = strstr(p, CLIENT);
        if (!at) {
            g_string_append(s, p);
            break;
        }
        g_string_append_len(s, p, at - p);
        g_string_append(s, client);
        p = at + strlen(CLIENT);
    }
    return g_string_free(s, FALSE);
}

int main(int argc, char **argv)
{
    if (argc != 5 || atoi(argv[4]) < 1) {
        fprintf(stderr, "usage: floor-sheet DUMP FONTS-DIR OUT-DIR N\n");
        return 2;
    }
    FILE *in = fopen(argv[1], "r");
    if (!in) {
        perror(argv[1]);
        return 1;
    }
    FcConfig *cfg = FcInitLoadConfig();
    FcConfigAppFontAddDir(cfg, (const FcChar8 *)argv[2]);
    FcConfigSetCurrent(cfg);

    static box_t boxes[MAX_BOXES];
    size_t n = 0;
    int pages = 0;
    double pw = 0, ph = 0, margin = 0, cw = 0;
    char *line = NULL, ink[32], role[32];
    size_t cap = 0;
    while (getline(&line, &cap, in) >= 0 && n < MAX_BOXES) {
        if (!strncmp(line, "document ", 9)) {
            double t, b, inner, outer;
            if (sscanf(strstr(line, "size="), "size=%lfx%lf", &pw, &ph) != 2 ||
                sscanf(strstr(line, "margins="), "margins=%lf,%lf,%lf,%lf", &t, &b, &inner,
                       &outer) != 4) {
                fprintf(stderr, "%s: not a keepsake --dump\n", argv[1]);
                return 1;
            }
            margin = inner;
            cw = pw - inner - outer;
        } else if (!strncmp(line, "page ", 5)) {
            pages++;
        } else if (pages && (!strncmp(line, "  text ", 7) || !strncmp(line, "  rule ", 7))) {
            box_t *b = &boxes[n++];
            b->page = pages - 1;
            b->rule = line[2] == 'r';
            b->x = field(line, "x"), b->y = field(line, "y"), b->w = field(line, "w");
            word(line, "ink", ink, sizeof ink);
            word(line, "role", role, sizeof role);
            b->ink = ink_of(ink);
            b->font = !strcmp(role, "h1")       ? F_TITLE
                      : !strcmp(role, "h2")     ? F_GROUP
                      : !strcmp(role, "footer") ? F_FOOTER
                      : b->ink == MUTED         ? F_INTRO
                                                : F_QUESTION;
            if (b->font == F_FOOTER)
                b->x = margin; /* centred in the content's width */
            b->text = b->rule ? NULL : quoted(line);
        }
    }
    fclose(in);
    if (!pw || !pages) {
        fprintf(stderr, "%s: not a keepsake --dump\n", argv[1]);
        return 1;
    }

    PangoFontMap *map = pango_cairo_font_map_new();
    PangoContext *pc = pango_font_map_create_context(map);
    pango_cairo_context_set_resolution(pc, 72);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(pc, fo);
    cairo_font_options_destroy(fo);
    for (size_t i = 0; i < n; i++)
        if (!boxes[i].rule && !strstr(boxes[i].text, CLIENT))
            boxes[i].kept = shape(pc, &boxes[i], boxes[i].text, cw);

    /* What every page has the same (the intro, the questions, their
     * lines) is drawn once, into a recording surface each page paints: the
     * PDF holds it once, as a form XObject, as keepsake's shared layers do,
     * its writing lines one path. It is recorded once: replaying it is the
     * PDF's own cost. */
    for (size_t i = 0; i < n; i++) {
        box_t *a = &boxes[i];
        int on = 0;
        for (size_t j = 0; j < n && a->page == 0 && (a->rule || a->kept); j++) {
            const box_t *b = &boxes[j];
            on += b->rule == a->rule && b->x == a->x && b->y == a->y && b->w == a->w &&
                  b->ink == a->ink && (a->rule || (b->kept && !strcmp(a->text, b->text)));
        }
        a->shared = pages > 1 && on == pages;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n && boxes[i].shared; j++)
            if (boxes[j].page && boxes[j].rule == boxes[i].rule && boxes[j].x == boxes[i].x &&
                boxes[j].y == boxes[i].y && boxes[j].w == boxes[i].w &&
                (boxes[i].rule || (boxes[j].kept && !strcmp(boxes[i].text, boxes[j].text))))
                boxes[j].shared = true;
    cairo_rectangle_t ext = {0, 0, pw, ph};
    cairo_surface_t *part = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &ext);
    cairo_t *rc = cairo_create(part);
    for (size_t i = 0; i < n; i++) /* the writing lines: one path */
        if (boxes[i].shared && boxes[i].page == 0 && boxes[i].rule && boxes[i].ink == RULE) {
            cairo_move_to(rc, boxes[i].x, boxes[i].y);
            cairo_rel_line_to(rc, boxes[i].w, 0);
        }
    cairo_set_source_rgb(rc, RULE[0], RULE[1], RULE[2]);
    cairo_set_line_width(rc, 0.5);
    cairo_stroke(rc);
    for (size_t i = 0; i < n; i++)
        if (boxes[i].shared && boxes[i].page == 0 && !(boxes[i].rule && boxes[i].ink == RULE))
            draw(rc, &boxes[i], boxes[i].kept);
    cairo_destroy(rc);

    int total = atoi(argv[4]);
    for (int k = 1; k <= total; k++) {
        char *path = g_strdup_printf("%s/%d.pdf", argv[3], k);
        cairo_surface_t *s = cairo_pdf_surface_create(path, pw, ph);
        cairo_t *cr = cairo_create(s);
        for (int p = 0; p < pages; p++) {
            cairo_set_source_surface(cr, part, 0, 0);
            cairo_paint(cr);
            for (size_t i = 0; i < n; i++) {
                const box_t *b = &boxes[i];
                if (b->page != p || b->shared)
                    continue;
                char *t = b->rule || b->kept ? NULL : with_client(b->text, k);
                PangoLayout *pl = b->rule || b->kept ? NULL : shape(pc, b, t, cw);
                draw(cr, b, b->kept ? b->kept : pl);
                if (pl)
                    g_object_unref(pl);
                g_free(t);
            }
            cairo_show_page(cr);
        }
        cairo_destroy(cr);
        cairo_surface_finish(s);
        if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
            fprintf(stderr, "%s: %s\n", path, cairo_status_to_string(cairo_surface_status(s)));
            return 1;
        }
        cairo_surface_destroy(s);
        g_free(path);
    }
    for (size_t i = 0; i < n; i++) {
        if (boxes[i].kept)
            g_object_unref(boxes[i].kept);
        g_free(boxes[i].text);
    }
    cairo_surface_destroy(part);
    g_object_unref(pc);
    g_object_unref(map);
    free(line);
    return 0;
}
