/* output: writing a file so that it appears whole or not at all.
 *
 * The PDF is written to a temporary file beside the target (same folder, so
 * rename(2) stays on one file system), .NAME.keepsake-XXXXXX, locked with
 * flock() while it exists; then checked, fsynced and renamed over the
 * target. On any failure, or SIGINT/SIGTERM/SIGHUP, the temporary file is
 * removed and the target is untouched. SIGKILL cannot be caught: the file
 * it leaves is removed by the next run writing into that folder, which
 * removes every file of that name pattern whose lock it can take (so none
 * a running keepsake holds). Refused up front: a target that is a
 * directory, a symbolic link, a FIFO or device, or one of the run's inputs.
 *
 * The target "-" is standard output: the PDF goes to a file without a name
 * in the temporary folder, is checked, and is copied out whole. */
#ifndef KEEPSAKE_OUTPUT_H
#define KEEPSAKE_OUTPUT_H

#include "run.h"

#include <cairo.h>
#include <stdbool.h>

typedef struct output output_t;

/* Prepare to write `path` ("-": standard output); `inputs` (NULL-terminated)
 * are files the run read, which the output must not replace. Removes the
 * stale temporary files of killed runs from the target's folder first.
 * NULL after reporting. */
output_t *output_open(run_t *run, const char *path, const char *const *inputs);

/* Remove the stale temporary files of killed runs from `dir`, as
 * output_open() does for its target's folder (unless run->tidied). */
void output_tidy(const char *dir);

/* A scratch file for what is written before the output itself (the PDF
 * as Cairo writes it, before pdfpack packs it): a file without a name,
 * open for reading and writing, in the target's folder (on the file system
 * the output goes to; for standard output, in the temporary folder). Its
 * descriptor, which the caller closes; -1 after reporting. */
int output_scratch(run_t *run, const output_t *o);

/* A cairo_write_func_t writing to the temporary file. */
cairo_status_t output_write(void *closure, const unsigned char *data, unsigned int len);

/* Check that a whole PDF was written, fsync, rename into place, fsync the
 * folder (for standard output: copy it out). `*size` (if not NULL) is set
 * to the bytes written. Frees `o` whatever happens; false after reporting. */
bool output_commit(run_t *run, output_t *o, size_t *size);

/* Remove the temporary file and free `o`. NULL is allowed. */
void output_abort(output_t *o);

/* Whether `name` has the temporary files' pattern, .NAME.keepsake-XXXXXX
 * (outdir.c names its temporary folders the same way). */
bool output_is_temp_name(const char *name);

#endif
