/* run: what one invocation of keepsake carries through every stage.
 *
 * No stage keeps global state; the arena that owns the run's data, the
 * diagnostics and the list of files the run read live here and are passed
 * down. run_new() and run_free() are the only set-up and tear-down. */
#ifndef KEEPSAKE_RUN_H
#define KEEPSAKE_RUN_H

#include "arena.h"
#include "diag.h"

#include <stdio.h>

/* The files a run read, in the order it read them (paths in the arena):
 * the output must never replace one of them. NULL-terminated. */
typedef struct {
    const char **paths;
    size_t n, cap;
} run_inputs_t;

typedef struct {
    arena_t *arena; /* owns the YAML trees, the model and the plan */
    diag_t diag;
    const char *data_dir; /* holds content/, layouts/ and fonts/; NULL: find it */
    run_inputs_t inputs;
    /* An exercise file given by path on the command line (worksheet,
     * show): found by its file name's id before the data folder's. */
    const char *exercise_file;
    /* batch: outputs are not fsynced one by one; the batch syncs their
     * folder once (syncfs) before its manifest says they are done. */
    bool no_fsync;
    /* batch: the output folder's stale temporary files were removed once
     * (output_tidy) before the workers started, not again for each file. */
    bool tidied;
} run_t;

/* A run whose messages go to `out`; `data_dir` (may be NULL) is copied.
 * Free it with run_free(). */
run_t *run_new(FILE *out, const char *data_dir);
void run_free(run_t *run);

/* Note that the run read `path` (copied into the arena). */
void run_add_input(run_t *run, const char *path);

/* Exit codes, as documented in keepsake(1). */
enum {
    RUN_EXIT_OK = 0,
    RUN_EXIT_INPUT = 1,  /* bad input: messages say where */
    RUN_EXIT_USAGE = 2,  /* bad command line */
    RUN_EXIT_OUTPUT = 3, /* the output could not be written */
};

#endif
