/* impose: see impose.h.
 *
 * In a signature of s sheets holding pages p .. p + 4s - 1, sheet i
 * (0 the outermost) carries the 2i-th and the (2i+1)-th page from the
 * front and from the back of the signature: its front has the later
 * one on the left and the earlier on the right (the right half becomes
 * the leaf that is read first), its back the other way round. */
#include "impose.h"

#include "text.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#define MM (72.0 / 25.4)

static void plan_signature(impose_plan_t *p, size_t sig, size_t first_sheet, size_t n_sheets,
                           const impose_opts_t *o)
{
    size_t first_page = 4 * first_sheet, last_page = first_page + 4 * n_sheets - 1;
    for (size_t i = 0; i < n_sheets; i++) {
        impose_sheet_t *sh = &p->sheets[first_sheet + i];
        size_t lo = first_page + 2 * i, hi = last_page - 2 * i;
        int l = o->rtl ? IMPOSE_RIGHT : IMPOSE_LEFT, r = o->rtl ? IMPOSE_LEFT : IMPOSE_RIGHT;
        sh->signature = sig;
        sh->depth = i;
        sh->side[IMPOSE_FRONT].slot[l] = hi;
        sh->side[IMPOSE_FRONT].slot[r] = lo;
        sh->side[IMPOSE_FRONT].rotate = false;
        sh->side[IMPOSE_BACK].slot[l] = lo + 1;
        sh->side[IMPOSE_BACK].slot[r] = hi - 1;
        sh->side[IMPOSE_BACK].rotate = o->flip == IMPOSE_FLIP_LONG;
    }
}

bool impose_booklet(size_t n_pages, const impose_opts_t *opts, impose_plan_t *out)
{
    if (n_pages == 0 || n_pages > IMPOSE_MAX_PAGES)
        return false;
    impose_plan_t p = {.n_pages = n_pages, .n_padded = (n_pages + 3) / 4 * 4};
    p.n_sheets = p.n_padded / 4;
    size_t per = opts->signature && opts->signature < p.n_sheets ? opts->signature : p.n_sheets;
    p.n_signatures = (p.n_sheets + per - 1) / per;
    p.sheets = calloc(p.n_sheets, sizeof *p.sheets);
    if (!p.sheets)
        g_error("out of memory");
    for (size_t s = 0; s < p.n_signatures; s++) {
        size_t first = s * per;
        plan_signature(&p, s, first, MIN(per, p.n_sheets - first), opts);
    }
    *out = p;
    return true;
}

void impose_plan_free(impose_plan_t *plan)
{
    if (!plan)
        return;
    free(plan->sheets);
    plan->sheets = NULL;
}

void impose_place(const impose_geom_t *g, size_t depth, int slot, double *x, double *y,
                  double *trim_x)
{
    double fold = g->sheet_w / 2, shift = g->creep * (double)depth;
    if (slot == IMPOSE_LEFT) {
        *trim_x = fold - g->page_w;
        *x = *trim_x + shift;
    } else {
        *trim_x = fold;
        *x = *trim_x - shift;
    }
    *y = (g->sheet_h - g->page_h) / 2;
}

bool impose_parse_sheet(const char *s, double *w, double *h)
{
    static const struct { const char *name; double w, h; } SIZES[] = {
        {"a3", 297 * MM, 420 * MM}, {"a4", 210 * MM, 297 * MM}, {"a5", 148 * MM, 210 * MM},
        {"letter", 612, 792},       {"tabloid", 792, 1224}};
    double a = 0, b = 0;
    bool found = false;
    for (size_t i = 0; i < G_N_ELEMENTS(SIZES) && !found; i++)
        if (!g_ascii_strcasecmp(s, SIZES[i].name)) {
            a = SIZES[i].w;
            b = SIZES[i].h;
            found = true;
        }
    if (!found) {
        /* WxHmm: two numbers, an 'x' between them, "mm" at the end */
        size_t n = strlen(s);
        const char *x = strchr(s, 'x');
        if (n < 5 || !x || g_ascii_strcasecmp(s + n - 2, "mm"))
            return false;
        char *ws = g_strndup(s, (size_t)(x - s)), *hs = g_strndup(x + 1, (size_t)(s + n - 2 - x - 1));
        found = text_parse_number(ws, &a) && text_parse_number(hs, &b) && a > 0 && b > 0 &&
                a < 10000 && b < 10000; /* 10 m: no printer's sheet */
        g_free(ws);
        g_free(hs);
        a *= MM;
        b *= MM;
    }
    if (!found)
        return false;
    *w = MAX(a, b);
    *h = MIN(a, b);
    return true;
}
