/* run: see run.h. */
#include "run.h"

#include <stdlib.h>
#include <string.h>

run_t *run_new(FILE *out, const char *data_dir)
{
    run_t *run = xcalloc(1, sizeof *run);
    run->arena = arena_new();
    diag_init(&run->diag, out);
    run->data_dir = data_dir ? arena_strdup(run->arena, data_dir) : NULL;
    return run;
}

void run_free(run_t *run)
{
    if (!run)
        return;
    free(run->inputs.paths);
    arena_free(run->arena);
    free(run);
}

void run_add_input(run_t *run, const char *path)
{
    run_inputs_t *in = &run->inputs;
    if (in->n + 1 >= in->cap) {
        in->cap = in->cap ? in->cap * 2 : 16;
        in->paths = xrealloc(in->paths, sizeof(char *) * in->cap);
    }
    in->paths[in->n++] = arena_strdup(run->arena, path);
    in->paths[in->n] = NULL;
}
