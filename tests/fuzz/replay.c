/* Replays inputs through a fuzz target without libFuzzer, for `make test`
 * (regressions) and for builds with gcc: `replay FILE...`. Prints one line
 * a file and ends with "N passed, 0 failed": a failure aborts. */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    int n = 0;
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            perror(argv[i]);
            return 1;
        }
        size_t cap = 1 << 16, len = 0, got;
        unsigned char *buf = malloc(cap);
        while (buf && (got = fread(buf + len, 1, cap - len, f)) > 0) {
            len += got;
            if (len == cap)
                buf = realloc(buf, cap *= 2);
        }
        fclose(f);
        if (!buf)
            return 1;
        LLVMFuzzerTestOneInput(buf, len);
        free(buf);
        printf("ok %s\n", argv[i]);
        n++;
    }
    printf("%d passed, 0 failed\n", n);
    return 0;
}
