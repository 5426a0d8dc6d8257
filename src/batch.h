/* batch: one book (or worksheet) for each recipient of a recipients file.
 *
 * The parent reads and checks the book, its exercises and layout once
 * (model_build), then every recipient's variables against it (model_vary,
 * the --set checks), names every output and hashes its inputs, all before
 * any work starts. Outputs that the manifest in DIR says are up to date are
 * skipped. Then it forks the workers: each opens its own fonts (no
 * fontconfig, Pango or Cairo font state exists before the fork) and renders
 * its share of the recipients, recipient i of the to-do list going to
 * worker i mod N, sending back one record for each. The parent prints
 * progress, records each PDF written in the manifest, and ends with a
 * summary: "48 written, 1 failed, 1 up to date".
 *
 * Output names come from a pattern of placeholders ({names}, {row}),
 * expanded and made safe (batch_safe_name), collisions numbered -2, -3 in
 * the file's order. Every file is written atomically (output.c); on
 * SIGINT or SIGTERM a worker finishes the file it is writing and stops,
 * so no partial file is left and the manifest names only whole files.
 *
 * --shard K/N keeps recipient i (0-based, in file order) when i mod N is
 * K-1, so N machines given 1/N ... N/N share a batch, each name being the
 * same whichever shard makes it. */
#ifndef KEEPSAKE_BATCH_H
#define KEEPSAKE_BATCH_H

#include "model.h"

#include <stdbool.h>
#include <stddef.h>

enum {
    BATCH_MAX_NAME_BYTES = 200, /* an output name's stem, before -N and .pdf: with
                                 * output.c's temporary name around it, under
                                 * NAME_MAX (255) */
    BATCH_MAX_JOBS = 64,        /* worker processes */
    BATCH_MAX_SHARDS = 100000,  /* N of --shard K/N */
};

/* The manifest's file name in DIR. */
#define BATCH_MANIFEST "keepsake-batch.manifest"

typedef struct {
    const char *book;       /* the book file (main resolves an id) */
    const char *exercise;   /* --worksheet: the exercise (book is the worksheet book) */
    const char *layout;     /* -l, or NULL */
    const char *data_dir;   /* --data, or NULL */
    const char *recipients; /* --recipients FILE */
    const char *dir;        /* -o DIR */
    const char *name;       /* --name PATTERN, or NULL: the default */
    const model_setting_t *sets; /* --set, for every recipient */
    size_t n_sets;
    unsigned jobs;          /* 0: the number of processors */
    unsigned shard_k, shard_n; /* shard_n 0: all recipients */
    bool force;             /* rebuild outputs that are up to date */
    bool quiet;             /* errors only */
} batch_job_t;

/* Run `job`; returns a RUN_EXIT_* code: RUN_EXIT_INPUT when any recipient
 * failed (the others are written). */
int batch_run(const batch_job_t *job);

/* `raw` made into a safe file name stem (without .pdf), never empty, at
 * most BATCH_MAX_NAME_BYTES: letters, digits, marks, '_', '+' and '.'
 * kept; anything else (path separators, white space, punctuation, control,
 * bidi and invisible characters) a '-'; runs of '-' or '.' made one; no
 * leading or trailing '-' or '.'; a trailing ".pdf" dropped. g_free it. */
char *batch_safe_name(const char *raw);

/* Parse --shard's "K/N" (1 <= K <= N <= BATCH_MAX_SHARDS). */
bool batch_parse_shard(const char *s, unsigned *k, unsigned *n);

#endif
