/* text: headings, paragraphs and lists of Pango markup, flowing over as
 * many pages as they need. A heading stays with the first lines after it;
 * no paragraph leaves a lone line at a page's foot or head. */
#include "kind.h"

#include <stddef.h>

#define MM COMPOSE_MM

enum { TEXT_MAX_BLOCKS = 500, TEXT_MAX_ITEMS = 100 };
#define TEXT_ROOM_FOR_LINES 0.4

/* One block of `body`: exactly one of its three keys. */
typedef struct {
    model_text_t heading, paragraph;
    model_text_t *list;
    size_t n_list;
} block_t;

typedef struct {
    block_t *body;
    size_t n_body;
} text_t;

static void check_block(schema_ctx_t *c, const load_node_t *map, void *dst)
{
    (void)dst;
    if (map->count != 1)
        diag_error(c->d, map->pos, "a block is one of heading, paragraph or list");
}

static const schema_key_t BLOCK_KEYS[] = {
    {.name = "heading", .type = SCHEMA_TYPE_MARKUP, .at = offsetof(block_t, heading),
     .doc = "A heading within the text."},
    {.name = "paragraph", .type = SCHEMA_TYPE_MARKUP, .at = offsetof(block_t, paragraph),
     .doc = "A paragraph."},
    {.name = "list", .type = SCHEMA_TYPE_MARKUPS, .min = 1, .max = TEXT_MAX_ITEMS,
     .at = offsetof(block_t, list), .count_at = offsetof(block_t, n_list),
     .doc = "A bulleted list."},
};
static const schema_table_t BLOCK = SCHEMA_TABLE(
    "a block of 'body'", "Each block of a text's body is one of these keys.", block_t,
    BLOCK_KEYS, check_block);

static const schema_key_t KEYS[] = {
    {.name = "body", .type = SCHEMA_TYPE_MAPS, .required = true, .min = 0,
     .max = TEXT_MAX_BLOCKS, .at = offsetof(text_t, body), .count_at = offsetof(text_t, n_body),
     .sub = &BLOCK, .doc = "The text, block by block."},
};
static const schema_table_t SCHEMA =
    SCHEMA_TABLE("a text exercise", "Pages of running text.", text_t, KEYS, NULL);

typedef enum { BLOCK_HEADING, BLOCK_PARAGRAPH, BLOCK_LIST } block_kind_t;

typedef struct {
    block_kind_t kind;
    const char *markup;  /* heading, paragraph */
    const char **items;  /* list */
    size_t n_items;
    src_pos_t pos;
} plan_block_t;

typedef struct {
    plan_block_t *blocks;
    size_t n_blocks;
} text_plan_t;

static void plan(plan_ctx_t *c, const model_exercise_t *e, const void *data, plan_page_t *p)
{
    (void)e;
    const text_t *t = data;
    text_plan_t *d = arena_alloc(plan_arena(c), sizeof *d);
    d->blocks = arena_alloc(plan_arena(c), sizeof(plan_block_t) * (t->n_body + 1));
    d->n_blocks = t->n_body;
    for (size_t i = 0; i < t->n_body; i++) {
        const block_t *mb = &t->body[i];
        plan_block_t *pb = &d->blocks[i];
        pb->kind = mb->list ? BLOCK_LIST : mb->heading.text ? BLOCK_HEADING : BLOCK_PARAGRAPH;
        const model_text_t *one = pb->kind == BLOCK_HEADING ? &mb->heading : &mb->paragraph;
        pb->pos = mb->list ? mb->list[0].pos : one->pos;
        pb->markup = plan_expand(c, one);
        pb->items = plan_expand_all(c, mb->list, mb->n_list);
        pb->n_items = mb->n_list;
    }
    p->data = d;
}

/* The height of what must go on the same page as a heading: the first
 * lines of block `nb` (of the blocks before `end`) after it; when that
 * block is a heading too, all of it and, in turn, what must go with it, so
 * that a heading is never left at a page's foot. */
static double next_lines(compose_t *c, const plan_block_t *nb, const plan_block_t *end,
                         double gap)
{
    if (nb >= end)
        return 0;
    const char *m = nb->kind == BLOCK_LIST ? nb->items[0] : nb->markup;
    bool head = nb->kind == BLOCK_HEADING;
    PangoLayout *np =
        compose_text(c, head ? COMPOSE_FONT_HEADING : COMPOSE_FONT_BODY, head ? 0.8 : 1.0, m,
                     nb->kind == BLOCK_LIST ? c->cw - 6 * MM : c->cw, PANGO_ALIGN_LEFT);
    if (head) /* as lay_heading() places it */
        return gap + compose_height(np) + gap * 0.5 + next_lines(c, nb + 1, end, gap);
    int nl = pango_layout_get_line_count(np);
    return compose_line_span(np, 0, nl <= 3 ? nl : 2);
}

static double lay_heading(compose_t *c, const plan_block_t *b, const plan_block_t *end,
                          double y, double gap)
{
    PangoLayout *h = compose_text(c, COMPOSE_FONT_HEADING, 0.8, b->markup, c->cw, PANGO_ALIGN_LEFT);
    bool top = y <= c->top + 0.5;
    if (y + gap + compose_height(h) + gap * 0.5 + next_lines(c, b + 1, end, gap) >
            compose_bottom(c) &&
        !top) {
        y = compose_continue(c, "text");
        top = true;
    }
    if (!top)
        y += gap;
    return compose_flow(c, h, c->cx, y, LAYOUT_INK_ACCENT, NULL, LAYOUT_ROLE_HEADING, b->pos) +
           gap * 0.5;
}

static double lay_list(compose_t *c, const plan_block_t *b, double y, double gap)
{
    double indent = 6 * MM;
    for (size_t j = 0; j < b->n_items; j++) {
        PangoLayout *it = compose_text(c, COMPOSE_FONT_BODY, 1.0, b->items[j], c->cw - indent,
                                       PANGO_ALIGN_LEFT);
        y = compose_flow(c, it, c->cx + indent, y, LAYOUT_INK_TEXT, "•", LAYOUT_ROLE_LIST_ITEM,
                         b->pos) +
            gap * 0.4;
    }
    return y + gap * 0.6;
}

static void lay(compose_t *c, const plan_page_t *p)
{
    const text_plan_t *d = p->data;
    compose_start(c, "text");
    double y = compose_heading(c, p->title, NULL, p->pos);
    double gap = c->L->body.size * 0.6;
    for (size_t i = 0; i < d->n_blocks && compose_ok(c); i++) {
        const plan_block_t *b = &d->blocks[i];
        if (b->kind == BLOCK_HEADING)
            y = lay_heading(c, b, d->blocks + d->n_blocks, y, gap);
        else if (b->kind == BLOCK_LIST)
            y = lay_list(c, b, y, gap);
        else
            y = compose_flow(c, compose_text(c, COMPOSE_FONT_BODY, 1.0, b->markup, c->cw,
                                             PANGO_ALIGN_LEFT),
                             c->cx, y, LAYOUT_INK_TEXT, NULL, LAYOUT_ROLE_PARAGRAPH, b->pos) +
                gap;
    }
    /* More than TEXT_ROOM_FOR_LINES of the page left after the text becomes
     * room to write, not a blank half page. */
    if (compose_ok(c) && compose_bottom(c) - y > TEXT_ROOM_FOR_LINES * c->ch)
        compose_fill(c, MODEL_NOTES_LINED, y + gap, 0, p->pos, "lines after the text");
}

static void show(FILE *out, arena_t *a, const model_exercise_t *e)
{
    const text_t *t = e->data;
    for (size_t i = 0; i < t->n_body; i++) {
        const block_t *b = &t->body[i];
        for (size_t j = 0; j < b->n_list; j++)
            fprintf(out, "  - %s\n", plan_plain(a, b->list[j].text));
        if (b->heading.text)
            fprintf(out, "\n## %s\n", plan_plain(a, b->heading.text));
        if (b->paragraph.text)
            fprintf(out, "\n%s\n", plan_plain(a, b->paragraph.text));
    }
}

const kind_t kind_text = {
    .name = "text", .schema = &SCHEMA, .plan = plan, .lay = lay, .show = show,
    .doc = "Running text: headings, paragraphs and lists, over as many pages as it needs.",
};
