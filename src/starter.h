/* starter: `keepsake new DIR`, a folder of one's own that builds at once.
 *
 * The folder holds a book (book.yaml), a layout that extends the shipped
 * a5 (layouts/my-a5.yaml), an exercise to edit (content/our-questions.yaml)
 * and a README.md saying what to do next. The book's other pages are the
 * shipped exercises, found through the search path (model.h). */
#ifndef KEEPSAKE_STARTER_H
#define KEEPSAKE_STARTER_H

#include "run.h"

/* Make the starter folder `dir`, which must not exist or be empty. It is
 * written beside `dir` under a temporary name and renamed into place, so a
 * failure leaves nothing behind. Reports through run->diag; returns an
 * exit code (RUN_EXIT_*). */
int starter_make(run_t *run, const char *dir);

#endif
