/* outdir: writing a folder of files so that it appears whole or not at all.
 *
 * The previews (preview.h) write one file a page into a folder. The files
 * go into a temporary folder beside the target, .NAME.keepsake-XXXXXX,
 * locked with flock() while it exists; each is fsynced, and at the end the
 * temporary folder takes the target's place in one step (renameat2 with
 * RENAME_EXCHANGE where the file system has it; else the old folder is
 * moved aside first), and the old folder is removed. On failure, or
 * SIGINT/SIGTERM/SIGHUP, the temporary folder is removed and the target is
 * untouched. A run killed by SIGKILL leaves its temporary folder; the next
 * run writing into that folder removes each one whose lock it can take, as
 * output.h does for files.
 *
 * An existing target must be a folder that holds only files keepsake
 * names (outdir_ours()): a folder of anything else, a file or a symbolic
 * link is refused, so nothing of the user's is lost. */
#ifndef KEEPSAKE_OUTDIR_H
#define KEEPSAKE_OUTDIR_H

#include "run.h"

#include <cairo.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct outdir outdir_t;

/* Whether `name` is a file name keepsake's previews write: page-N.png,
 * page-N.svg or sheet-N.png, N being digits. */
bool outdir_ours(const char *name);

/* Prepare to write the folder `path`. NULL after reporting. */
outdir_t *outdir_open(run_t *run, const char *path);

/* Start the file `name` (outdir_ours() must hold) in the folder; its bytes
 * come through outdir_write() with `d` as the closure. False after
 * reporting. One file at a time. */
bool outdir_begin(run_t *run, outdir_t *d, const char *name);

/* A cairo_write_func_t writing to the file begun last. */
cairo_status_t outdir_write(void *closure, const unsigned char *data, unsigned int len);

/* Finish the file begun last: flush, fsync, close. False after reporting. */
bool outdir_end(run_t *run, outdir_t *d);

/* Put the folder in place of the target; `*size` (if not NULL) gets the
 * bytes of all its files. Frees `d` whatever happens; false after
 * reporting (then the target is as it was). */
bool outdir_commit(run_t *run, outdir_t *d, size_t *size);

/* Remove the temporary folder and free `d`. NULL is allowed. */
void outdir_abort(outdir_t *d);

#endif
