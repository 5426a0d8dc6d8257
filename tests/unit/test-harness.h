/* test-harness: the smallest harness that does the job.
 *
 * CHECK(cond) counts a pass, or prints `FAIL file:line: cond` and counts a
 * failure; CHECK_STR(a, b) compares two strings (either may be NULL) and shows
 * both on failure. harness_finish() prints `N passed, M failed` and returns
 * the exit status: non-zero when anything failed. Header-only: each test
 * program includes it once. */
#ifndef KEEPSAKE_TEST_HARNESS_H
#define KEEPSAKE_TEST_HARNESS_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static unsigned harness_passed, harness_failed;

static inline bool harness_check(bool ok, const char *file, int line,
                                 const char *what)
{
    if (ok) {
        harness_passed++;
    } else {
        harness_failed++;
        printf("FAIL %s:%d: %s\n", file, line, what);
    }
    return ok;
}

static inline bool harness_check_str(const char *a, const char *b,
                                     const char *file, int line,
                                     const char *sa, const char *sb)
{
    bool ok = (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
    if (!harness_check(ok, file, line, "CHECK_STR"))
        printf("  %s = \"%s\"\n  %s = \"%s\"\n", sa, a ? a : "(null)", sb,
               b ? b : "(null)");
    return ok;
}

#define CHECK(cond) harness_check((cond) ? true : false, __FILE__, __LINE__, #cond)
#define CHECK_STR(a, b) harness_check_str((a), (b), __FILE__, __LINE__, #a, #b)

static inline int harness_finish(void)
{
    printf("%u passed, %u failed\n", harness_passed, harness_failed);
    fflush(stdout);
    return harness_failed > 0;
}

#endif
