/* notes: a page to write or draw on: lined, dotted, grid or blank. A book's
 * page entry may choose the style (`style:`). */
#include "kind.h"

#include <stddef.h>

#define MM COMPOSE_MM

enum { NOTES_MIN_LINES = 3 }; /* of room to write, below the intro */

typedef struct {
    int style; /* model_notes_t */
} notes_t;

static const char *const STYLES[] = {"lined", "dotted", "grid", "blank", NULL};

static const schema_key_t KEYS[] = {
    {.name = "style", .type = SCHEMA_TYPE_ENUM, .values = STYLES, .def = "lined",
     .at = offsetof(notes_t, style), .doc = "How the page is ruled; a page entry may change it."},
};
static const schema_table_t SCHEMA =
    SCHEMA_TABLE("a notes exercise", "A page to write or draw on.", notes_t, KEYS, NULL);

static void plan(plan_ctx_t *c, const model_exercise_t *e, const void *data, plan_page_t *p)
{
    (void)c, (void)e;
    p->data = data;
}

static void lay(compose_t *c, const plan_page_t *p)
{
    static const char *const KIND[] = {"notes", "notes-dotted", "notes-grid", "notes-blank"};
    model_notes_t style = (model_notes_t)((const notes_t *)p->data)->style;
    double y = compose_head(c, KIND[style], p);
    compose_fill(c, style, y, NOTES_MIN_LINES, p->pos,
                 "the notes page's title and introduction");
}

const kind_t kind_notes = {
    .name = "notes", .schema = &SCHEMA, .plan = plan, .lay = lay,
    .doc = "A page to write or draw on: lined, dotted, grid or blank.",
};
