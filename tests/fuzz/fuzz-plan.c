/* Fuzz target: the model and plan stages, where a book expands into pages,
 * entries and text. Input: a book, then optionally a line "#%exercise" and
 * an exercise file, which the book may name as `exercise: fuzz` (it is
 * found before the data folder's, as a worksheet's own file is). Both go
 * into a private folder; the rest (layouts, languages, other exercises)
 * comes from the data folder KEEPSAKE_DATA (default: the current one).
 * Properties checked: failure always comes with a message, and whatever
 * the plan holds stays within the limits the model promises (pages,
 * entries, bytes of text). */
#include "fuzz.h"
#include "model.h"
#include "plan.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void put(const char *path, const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    fwrite(data, 1, size, f);
    fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char dir[64], book[96], exercise[96];
    static FILE *sink;
    if (!sink) {
        snprintf(dir, sizeof dir, "/tmp/keepsake-fuzz-plan-%d", (int)getpid());
        snprintf(book, sizeof book, "%s/book.yaml", dir);
        snprintf(exercise, sizeof exercise, "%s/fuzz.yaml", dir);
        g_mkdir_with_parents(dir, 0700);
        sink = getenv("FUZZ_VERBOSE") ? stderr : fopen("/dev/null", "w"); /* messages, to see why */
    }
    static const char marker[] = "#%exercise\n";
    const uint8_t *split = NULL;
    for (size_t i = 0; !split && i + sizeof marker - 1 <= size; i++)
        if ((i == 0 || data[i - 1] == '\n') && !memcmp(data + i, marker, sizeof marker - 1))
            split = data + i;
    size_t n_book = split ? (size_t)(split - data) : size;
    put(book, data, n_book);
    if (split)
        put(exercise, split + sizeof marker - 1, size - n_book - (sizeof marker - 1));
    else
        unlink(exercise);

    run_t *run = run_new(sink, getenv("KEEPSAKE_DATA") ? getenv("KEEPSAKE_DATA") : ".");
    if (split)
        run->exercise_file = exercise;
    model_book_t *b = NULL;
    plan_t *plan = NULL;
    bool ok = model_build(run, book, NULL, NULL, 0, &b) && plan_build(run, b, &plan);
    if (!ok && run->diag.errors == 0)
        abort(); /* failure always comes with a message */
    if (ok && (plan->n_pages > MODEL_MAX_PAGES || plan->n_entries > MODEL_MAX_ENTRIES))
        abort(); /* the limits hold */
    run_free(run);
    return 0;
}
