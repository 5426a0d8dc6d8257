/* arena: memory that lives for one run.
 *
 * Everything the loader, the model and the planner build is allocated from one
 * arena and released together by arena_free(). Out of memory is not an error
 * path: xmalloc() and friends print a message and abort, as cmark's default
 * allocator does; a batch tool gains nothing from half-handled OOM. */
#ifndef KEEPSAKE_ARENA_H
#define KEEPSAKE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct arena arena_t;

arena_t *arena_new(void);
void arena_free(arena_t *a);

/* Zeroed, aligned for any type; owned by the arena. */
void *arena_alloc(arena_t *a, size_t size);
char *arena_strdup(arena_t *a, const char *s);
char *arena_strndup(arena_t *a, const char *s, size_t n);
char *arena_printf(arena_t *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *arena_vprintf(arena_t *a, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/* Heap allocation that aborts on failure; the caller frees. */
void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);

#endif
