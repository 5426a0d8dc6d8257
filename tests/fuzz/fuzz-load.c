/* Fuzz target: load and check any YAML file (book, exercise, layout,
 * language), as `keepsake check FILE` does. Books resolve their exercises
 * and layouts in the data folder KEEPSAKE_DATA (default: the current one). */
#include "fuzz.h"
#include "model.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[64];
    static FILE *sink;
    if (!sink) {
        snprintf(path, sizeof path, "/tmp/keepsake-fuzz-%d.yaml", (int)getpid());
        sink = fopen("/dev/null", "w");
    }
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    fwrite(data, 1, size, f);
    fclose(f);

    run_t *run = run_new(sink, getenv("KEEPSAKE_DATA") ? getenv("KEEPSAKE_DATA") : ".");
    bool ok = model_check_file(run, path);
    /* The one invariant: failure always comes with a message. */
    if (!ok && run->diag.errors == 0)
        abort();
    run_free(run);
    unlink(path);
    return 0;
}
