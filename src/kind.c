/* kind: the registry (see kind.h). The list is src/kinds/list.h. */
#include "kind.h"

#include <string.h>

#define KIND(NAME) extern const kind_t kind_##NAME;
#include "kinds/list.h"
#undef KIND

static const kind_t *const REGISTRY[] = {
#define KIND(NAME) &kind_##NAME,
#include "kinds/list.h"
#undef KIND
    NULL};

const kind_t *const *kind_all(void)
{
    return REGISTRY;
}

const kind_t *kind_find(const char *name)
{
    for (size_t i = 0; REGISTRY[i]; i++)
        if (!strcmp(REGISTRY[i]->name, name))
            return REGISTRY[i];
    return NULL;
}

const char **kind_names(arena_t *a, bool book_pages)
{
    const char **names = arena_alloc(a, sizeof REGISTRY);
    size_t n = 0;
    for (size_t i = 0; REGISTRY[i]; i++)
        if (REGISTRY[i]->book_page == book_pages)
            names[n++] = REGISTRY[i]->name;
    return names;
}

const model_deck_t *kind_deck(const model_exercise_t *e)
{
    if (!e->kind->deals)
        return NULL;
    return (const model_deck_t *)(const void *)((const char *)e->data + e->kind->deck_at);
}

void kind_show_deck(FILE *out, arena_t *a, const model_exercise_t *e)
{
    const model_deck_t *d = kind_deck(e);
    fprintf(out, "\nPrompts:\n");
    for (size_t i = 0; i < d->n_prompts; i++)
        fprintf(out, "%4zu. %s\n", i + 1, plan_plain(a, d->prompts[i].text));
}
