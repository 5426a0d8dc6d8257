/* test-impose: impose_booklet() checked by folding paper.
 *
 * The fold simulator does not reuse the planner's arithmetic. It prints
 * each sheet as a printer would (the back seen after turning the sheet
 * over like a book's leaf; a long-edge flip turns it like a calendar,
 * which is the book turn plus 180 degrees), giving each physical half of
 * each sheet a front face and a back face, each with a page and whether
 * that page stands upright. Then it stacks a signature's sheets (the first
 * on top, fronts up) and folds the left half under (the right half under
 * for right-to-left binding), which gives the leaves from top to bottom:
 * the kept halves of sheets 1..s, then the folded halves of sheets s..1,
 * the folded ones upside down in the stack (their back faces up). Reading
 * the booklet is reading each leaf's top face, then its bottom face;
 * signatures are gathered one after another. Every page must come in
 * order, upright, then the padding. */
#include "impose.h"

#include "test-harness.h"

#include <stdlib.h>

typedef struct {
    size_t page;
    bool upright;
} face_t;

enum { FACE_UP, FACE_DOWN }; /* a half's front face (printed first), its back face */

typedef struct {
    face_t half[2][2]; /* [physical half: 0 left, 1 right, seen from the front][face] */
} paper_t;

/* What a side looks like printed, in the order it is seen. */
static void print_side(const impose_side_t *s, bool turned, face_t seen[2])
{
    if (!turned) {
        seen[0] = (face_t){s->slot[IMPOSE_LEFT], true};
        seen[1] = (face_t){s->slot[IMPOSE_RIGHT], true};
    } else {
        seen[0] = (face_t){s->slot[IMPOSE_RIGHT], false};
        seen[1] = (face_t){s->slot[IMPOSE_LEFT], false};
    }
}

static paper_t print_sheet(const impose_sheet_t *sh, impose_flip_t flip)
{
    paper_t p;
    face_t seen[2];
    print_side(&sh->side[IMPOSE_FRONT], sh->side[IMPOSE_FRONT].rotate, seen);
    p.half[0][FACE_UP] = seen[0];
    p.half[1][FACE_UP] = seen[1];
    /* Turned over like a leaf, the sheet's right half is on the left. */
    bool turned = sh->side[IMPOSE_BACK].rotate != (flip == IMPOSE_FLIP_LONG);
    print_side(&sh->side[IMPOSE_BACK], turned, seen);
    p.half[1][FACE_DOWN] = seen[0];
    p.half[0][FACE_DOWN] = seen[1];
    return p;
}

/* Read one folded signature of `n` sheets into `read`, from `*at` on. */
static void fold_and_read(const paper_t *stack, size_t n, bool rtl, face_t *read, size_t *at)
{
    int kept = rtl ? 0 : 1, folded = 1 - kept;
    for (size_t i = 0; i < n; i++) {
        read[(*at)++] = stack[i].half[kept][FACE_UP];
        read[(*at)++] = stack[i].half[kept][FACE_DOWN];
    }
    for (size_t i = n; i-- > 0;) {
        read[(*at)++] = stack[i].half[folded][FACE_DOWN];
        read[(*at)++] = stack[i].half[folded][FACE_UP];
    }
}

/* Print, fold and read `p`; true if it reads 0, 1, 2, ... upright and
 * each sheet's depth is its place in its signature. On failure `why`
 * says what was read wrong. */
static bool simulate(const impose_plan_t *p, impose_flip_t flip, bool rtl, char *why, size_t n)
{
    paper_t *stack = calloc(p->n_sheets, sizeof *stack);
    face_t *read = calloc(p->n_padded, sizeof *read);
    size_t first = p->cover ? 1 : 0, at = 0, start = first;
    int kept = rtl ? 0 : 1, folded = 1 - kept;
    bool ok = p->n_sheets * 4 == p->n_padded && (!p->cover || p->n_sheets > 1);
    snprintf(why, n, "%zu sheets for %zu pages", p->n_sheets, p->n_padded);
    /* A cover outside: its sheet is folded on its own and wrapped around
     * the gathered signatures, so its kept half is read first and its
     * folded half last. */
    paper_t cover = {0};
    if (ok && p->cover) {
        cover = print_sheet(&p->sheets[0], flip);
        read[at++] = cover.half[kept][FACE_UP];
        read[at++] = cover.half[kept][FACE_DOWN];
        if (p->sheets[0].depth != 0 || p->sheets[0].signature != 0 ||
            p->sheets[1].signature != 1) {
            snprintf(why, n, "the cover is not a signature of its own");
            ok = false;
        }
    }
    for (size_t i = first; ok && i < p->n_sheets; i++) {
        const impose_sheet_t *sh = &p->sheets[i];
        stack[i] = print_sheet(sh, flip);
        if (i > start && sh->signature != p->sheets[i - 1].signature)
            start = i;
        if (sh->depth != i - start || sh->signature >= p->n_signatures) {
            snprintf(why, n, "sheet %zu: depth %zu, signature %zu", i, sh->depth, sh->signature);
            ok = false;
        }
        if (i + 1 == p->n_sheets || p->sheets[i + 1].signature != sh->signature)
            fold_and_read(stack + start, i + 1 - start, rtl, read, &at);
    }
    if (ok && p->cover) {
        read[at++] = cover.half[folded][FACE_DOWN];
        read[at++] = cover.half[folded][FACE_UP];
    }
    for (size_t i = 0; ok && i < p->n_padded; i++)
        if (read[i].page != i || !read[i].upright) {
            snprintf(why, n, "page %zu reads as %zu%s", i, read[i].page,
                     read[i].upright ? "" : ", upside down");
            ok = false;
        }
    free(stack);
    free(read);
    return ok;
}

static void test_every_booklet(void)
{
    char why[128];
    for (size_t n = 1; n <= 200; n++)
        for (size_t sig = 0; sig <= 8; sig++)
            for (int flip = 0; flip < 2; flip++)
                for (int rtl = 0; rtl < 2; rtl++)
                for (int cover = 0; cover < 2; cover++) {
                    impose_opts_t o = {sig, (impose_flip_t)flip, rtl, cover};
                    impose_plan_t p;
                    if (!CHECK(impose_booklet(n, &o, &p)))
                        continue;
                    bool ok = p.n_pages == n && p.n_padded % 4 == 0 && p.n_padded >= n &&
                              p.n_padded < n + 4 && p.cover == (cover && p.n_sheets > 1) &&
                              simulate(&p, o.flip, o.rtl, why, sizeof why);
                    for (size_t i = 0; ok && i < p.n_sheets; i++)
                        ok = !sig || p.sheets[i].depth < sig;
                    if (!CHECK(ok))
                        printf("  %zu pages, signature %zu, flip %s%s%s: %s\n", n, sig,
                               flip ? "long" : "short", rtl ? ", rtl" : "",
                               cover ? ", cover outside" : "", why);
                    impose_plan_free(&p);
                }
}

/* The simulator catches wrong plans: each of these must fail. */
static void test_simulator_catches(void)
{
    char why[128];
    impose_opts_t o = {0, IMPOSE_FLIP_SHORT, false, false};
    impose_plan_t p;
    CHECK(impose_booklet(8, &o, &p));
    CHECK(simulate(&p, o.flip, false, why, sizeof why));
    impose_side_t *front = &p.sheets[0].side[IMPOSE_FRONT];
    size_t t = front->slot[0];
    front->slot[0] = front->slot[1];
    front->slot[1] = t;
    CHECK(!simulate(&p, o.flip, false, why, sizeof why)); /* two slots swapped */
    front->slot[1] = front->slot[0];
    front->slot[0] = t;
    CHECK(simulate(&p, o.flip, false, why, sizeof why));
    CHECK(!simulate(&p, o.flip, true, why, sizeof why));              /* read as rtl */
    CHECK(!simulate(&p, IMPOSE_FLIP_LONG, false, why, sizeof why));   /* printed flip long */
    p.sheets[1].side[IMPOSE_BACK].rotate = true;
    CHECK(!simulate(&p, o.flip, false, why, sizeof why));             /* one back rotated */
    p.sheets[1].side[IMPOSE_BACK].rotate = false;
    impose_sheet_t s0 = p.sheets[0];
    p.sheets[0] = p.sheets[1];
    p.sheets[1] = s0;
    CHECK(!simulate(&p, o.flip, false, why, sizeof why));             /* sheets swapped */
    impose_plan_free(&p);

    o.flip = IMPOSE_FLIP_LONG;
    CHECK(impose_booklet(12, &o, &p));
    CHECK(simulate(&p, o.flip, false, why, sizeof why));
    p.sheets[2].side[IMPOSE_BACK].rotate = false;
    CHECK(!simulate(&p, o.flip, false, why, sizeof why));             /* a back not rotated */
    impose_plan_free(&p);

    o = (impose_opts_t){1, IMPOSE_FLIP_SHORT, false, false};
    CHECK(impose_booklet(12, &o, &p));
    CHECK(p.n_signatures == 3 && simulate(&p, o.flip, false, why, sizeof why));
    p.sheets[1].signature = 0; /* two signatures taken as one */
    p.sheets[1].depth = 1;
    CHECK(!simulate(&p, o.flip, false, why, sizeof why));
    impose_plan_free(&p);
}

static void test_plan_shape(void)
{
    impose_opts_t o = {3, IMPOSE_FLIP_SHORT, false, false};
    impose_plan_t p;
    CHECK(!impose_booklet(0, &o, &p));
    CHECK(!impose_booklet(IMPOSE_MAX_PAGES + 1, &o, &p));
    CHECK(impose_booklet(30, &o, &p)); /* 32 pages, 8 sheets: signatures of 3, 3, 2 */
    CHECK(p.n_padded == 32 && p.n_sheets == 8 && p.n_signatures == 3);
    CHECK(p.sheets[7].signature == 2 && p.sheets[7].depth == 1);
    /* the first sheet of the first signature: 12 pages, 11 and 0 on the front */
    CHECK(p.sheets[0].side[IMPOSE_FRONT].slot[IMPOSE_LEFT] == 11);
    CHECK(p.sheets[0].side[IMPOSE_FRONT].slot[IMPOSE_RIGHT] == 0);
    CHECK(!p.sheets[0].side[IMPOSE_BACK].rotate);
    impose_plan_free(&p);
}

static bool near(double a, double b)
{
    return a - b < 0.01 && b - a < 0.01;
}

static void test_place_and_sheets(void)
{
    impose_geom_t g = {.page_w = 100, .page_h = 200, .sheet_w = 300, .sheet_h = 220, .creep = 2};
    double x, y, trim;
    impose_place(&g, 0, IMPOSE_LEFT, &x, &y, &trim);
    CHECK(near(x, 50) && near(y, 10) && near(trim, 50));
    impose_place(&g, 3, IMPOSE_LEFT, &x, &y, &trim); /* inner sheets move towards the fold */
    CHECK(near(x, 56) && near(trim, 50));
    impose_place(&g, 3, IMPOSE_RIGHT, &x, &y, &trim);
    CHECK(near(x, 144) && near(trim, 150));
    double w, h;
    CHECK(impose_parse_sheet("a5", &w, &h) && near(w, 595.28) && near(h, 419.53));
    CHECK(impose_parse_sheet("A4", &w, &h) && near(w, 841.89) && near(h, 595.28));
    CHECK(impose_parse_sheet("letter", &w, &h) && near(w, 792) && near(h, 612));
    CHECK(impose_parse_sheet("tabloid", &w, &h) && near(w, 1224) && near(h, 792));
    CHECK(impose_parse_sheet("a3", &w, &h) && near(w, 1190.55));
    CHECK(impose_parse_sheet("210x297mm", &w, &h) && near(w, 841.89) && near(h, 595.28));
    CHECK(impose_parse_sheet("320.5x225mm", &w, &h) && near(w, 908.50));
    CHECK(!impose_parse_sheet("a6x", &w, &h));
    CHECK(!impose_parse_sheet("210x297", &w, &h));
    CHECK(!impose_parse_sheet("x297mm", &w, &h));
    CHECK(!impose_parse_sheet("0x297mm", &w, &h));
    CHECK(!impose_parse_sheet("1,5x297mm", &w, &h));
    CHECK(impose_parse_sheet("b5", &w, &h) && near(w, 708.66) && near(h, 498.90));
    CHECK(impose_parse_sheet("11x8.5in", &w, &h) && near(w, 792) && near(h, 612));
    CHECK(impose_parse_sheet("half-letter", &w, &h) && near(w, 612) && near(h, 396));
    CHECK(!impose_parse_sheet("11x8.5IN", &w, &h));
}

/* Cards n-up: the grid, and backs behind fronts for both flips, checked
 * by turning the sheet over the way a printer does. */
static void test_cards(void)
{
    impose_grid_t g;
    double x, y, bx, by;
    /* 84 x 50.6 mm cards on A4: 3 x 3 landscape beats 2 x 4 portrait */
    CHECK(impose_cards(238.11, 143.53, 595.28, 841.89, &g));
    CHECK(g.cols == 3 && g.rows == 3 && near(g.sheet_w, 841.89) && near(g.sheet_h, 595.28));
    CHECK(g.x >= IMPOSE_CARD_MARGIN && g.y >= IMPOSE_CARD_MARGIN);
    CHECK(near(2 * g.x + 3 * g.slot_w + 2 * IMPOSE_CARD_GUTTER, g.sheet_w)); /* centred */
    /* 54 x 71 mm cards: 3 x 3 portrait */
    CHECK(impose_cards(153.07, 202.45, 841.89, 595.28, &g));
    CHECK(g.cols == 3 && g.rows == 3 && g.sheet_w < g.sheet_h);
    CHECK(!impose_cards(900, 100, 595.28, 841.89, &g));
    for (int land = 0; land < 2; land++)
        for (int flip = 0; flip < 2; flip++) {
            CHECK(impose_cards(100, 60, land ? 841.89 : 595.28, land ? 595.28 : 841.89, &g));
            bool ok = true;
            for (size_t k = 0; k < g.cols * g.rows; k++) {
                impose_card_slot(&g, k, IMPOSE_FRONT, (impose_flip_t)flip, &x, &y);
                impose_card_slot(&g, k, IMPOSE_BACK, (impose_flip_t)flip, &bx, &by);
                /* the axis the sheet turns on: along its long edge or its short one */
                bool axis_vertical = (flip == IMPOSE_FLIP_LONG) == (g.sheet_h >= g.sheet_w);
                /* a point of the back, seen from the front after printing */
                double fx = axis_vertical ? g.sheet_w - bx - g.slot_w : bx,
                       fy = axis_vertical ? by : g.sheet_h - by - g.slot_h;
                ok = ok && near(fx, x) && near(fy, y);
            }
            if (!CHECK(ok))
                printf("  cards: %s sheet, flip %s: a back is not behind its front\n",
                       land ? "landscape" : "portrait", flip ? "long" : "short");
        }
}

int main(void)
{
    test_every_booklet();
    test_simulator_catches();
    test_plan_shape();
    test_place_and_sheets();
    test_cards();
    return harness_finish();
}
