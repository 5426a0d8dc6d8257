/* impose: see impose.h.
 *
 * In a signature of s sheets holding pages p .. p + 4s - 1, sheet i
 * (0 the outermost) carries the 2i-th and the (2i+1)-th page from the
 * front and from the back of the signature: its front has the later
 * one on the left and the earlier on the right (the right half becomes
 * the leaf that is read first), its back the other way round. */
#include "impose.h"

#include "paper.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>


/* Sheets [first_sheet, first_sheet + n_sheets) hold pages first_page ..
 * first_page + 2 n_sheets - 1 and last_page - 2 n_sheets + 1 .. last_page. */
static void plan_signature(impose_plan_t *p, size_t sig, size_t first_sheet, size_t n_sheets,
                           size_t first_page, size_t last_page, const impose_opts_t *o)
{
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
    p.cover = opts->cover_outside && p.n_sheets > 1;
    p.sheets = calloc(p.n_sheets, sizeof *p.sheets);
    if (!p.sheets)
        g_error("out of memory");
    /* the cover: sheet 0, pages 0, 1 and the last two, a signature of its own */
    size_t c = p.cover ? 1 : 0, inner = p.n_sheets - c;
    if (p.cover)
        plan_signature(&p, 0, 0, 1, 0, p.n_padded - 1, opts);
    size_t per = opts->signature && opts->signature < inner ? opts->signature : inner;
    size_t n_inner = (inner + per - 1) / per;
    p.n_signatures = c + n_inner;
    for (size_t s = 0; s < n_inner; s++) {
        size_t first = s * per, n = MIN(per, inner - first), first_page = 2 * c + 4 * first;
        plan_signature(&p, c + s, c + first, n, first_page, first_page + 4 * n - 1, opts);
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
    double a, b;
    if (!paper_parse(s, PAPER_FOR_SHEET, &a, &b, NULL))
        return false;
    *w = MAX(a, b);
    *h = MIN(a, b);
    return true;
}

static impose_grid_t grid_on(double slot_w, double slot_h, double w, double h)
{
    impose_grid_t g = {.sheet_w = w, .sheet_h = h, .slot_w = slot_w, .slot_h = slot_h};
    double room_w = w - 2 * IMPOSE_CARD_MARGIN + IMPOSE_CARD_GUTTER,
           room_h = h - 2 * IMPOSE_CARD_MARGIN + IMPOSE_CARD_GUTTER;
    g.cols = room_w > 0 ? (size_t)(room_w / (slot_w + IMPOSE_CARD_GUTTER) + 1e-9) : 0;
    g.rows = room_h > 0 ? (size_t)(room_h / (slot_h + IMPOSE_CARD_GUTTER) + 1e-9) : 0;
    g.x = (w - (double)g.cols * (slot_w + IMPOSE_CARD_GUTTER) + IMPOSE_CARD_GUTTER) / 2;
    g.y = (h - (double)g.rows * (slot_h + IMPOSE_CARD_GUTTER) + IMPOSE_CARD_GUTTER) / 2;
    return g;
}

bool impose_cards(double slot_w, double slot_h, double sheet_w, double sheet_h,
                  impose_grid_t *out)
{
    double lo = MIN(sheet_w, sheet_h), hi = MAX(sheet_w, sheet_h);
    impose_grid_t portrait = grid_on(slot_w, slot_h, lo, hi),
                  landscape = grid_on(slot_w, slot_h, hi, lo);
    *out = landscape.cols * landscape.rows > portrait.cols * portrait.rows ? landscape : portrait;
    return out->cols * out->rows > 0;
}

void impose_card_slot(const impose_grid_t *g, size_t k, int side, impose_flip_t flip,
                      double *x, double *y)
{
    *x = g->x + (double)(k % g->cols) * (g->slot_w + IMPOSE_CARD_GUTTER);
    *y = g->y + (double)(k / g->cols) * (g->slot_h + IMPOSE_CARD_GUTTER);
    if (side != IMPOSE_BACK)
        return;
    bool portrait = g->sheet_w <= g->sheet_h;
    if ((flip == IMPOSE_FLIP_LONG) == portrait)
        *x = g->sheet_w - *x - g->slot_w;
    else
        *y = g->sheet_h - *y - g->slot_h;
}
