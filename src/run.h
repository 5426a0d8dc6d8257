/* run: what one invocation of keepsake carries through every stage.
 *
 * No stage keeps global state; options and the arena that owns the run's
 * data live here and are passed down. */
#ifndef KEEPSAKE_RUN_H
#define KEEPSAKE_RUN_H

#include "arena.h"
#include "diag.h"

typedef struct {
    arena_t *arena;    /* owns the YAML trees, the model and the plan */
    diag_t diag;
    const char *data_dir; /* holds content/, layouts/ and fonts/; NULL: find it */
    void *inputs; /* GPtrArray of every file the run read (paths in the
                     arena), or NULL; the output must never replace one */
} run_t;

/* Exit codes, as documented in keepsake(1). */
enum {
    EXIT_OK = 0,
    EXIT_INPUT = 1,  /* bad input: messages say where */
    EXIT_USAGE = 2,  /* bad command line */
    EXIT_OUTPUT = 3, /* the output could not be written */
};

#endif
