/* text: see text.h. */
#include "text.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static bool name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

const char *text_any_name(const void *ctx, const char *name)
{
    (void)ctx, (void)name;
    return "x";
}

char *text_expand(arena_t *a, const char *tmpl, text_lookup_fn lookup,
                  const void *ctx, bool markup, text_problem_t *problem)
{
    GString *out = g_string_sized_new(strlen(tmpl) + 16);
    char *result = NULL;
    const char *p = tmpl;

    while (*p) {
        if (p[0] == '{' && p[1] == '{') {
            g_string_append_c(out, '{');
            p += 2;
            continue;
        }
        if (p[0] == '}' && p[1] == '}') {
            g_string_append_c(out, '}');
            p += 2;
            continue;
        }
        if (*p != '{') {
            g_string_append_c(out, *p++);
            continue;
        }
        const char *start = p + 1, *q = start;
        while (name_char(*q))
            q++;
        if (q == start || *q != '}') {
            problem->offset = (size_t)(p - tmpl);
            problem->name = NULL;
            problem->message = "'{' starts no placeholder; write '{{' for a brace, "
                               "or {name} with lowercase letters, digits and '-'";
            goto out;
        }
        char *name = arena_strndup(a, start, (size_t)(q - start));
        const char *value = lookup(ctx, name);
        if (!value) {
            problem->offset = (size_t)(p - tmpl);
            problem->name = name;
            problem->message = "unknown placeholder";
            goto out;
        }
        if (markup) {
            char *esc = g_markup_escape_text(value, -1);
            g_string_append(out, esc);
            g_free(esc);
        } else {
            g_string_append(out, value);
        }
        p = q + 1;
    }
    result = arena_strndup(a, out->str, out->len);
out:
    g_string_free(out, TRUE);
    return result;
}

static const char *const TAGS[] = {"b", "big", "i", "s", "small", "span", "sub", "sup",
                                   "tt", "u", NULL};

static bool known_tag(const char *name, size_t n)
{
    for (size_t i = 0; TAGS[i]; i++)
        if (strlen(TAGS[i]) == n && !strncmp(TAGS[i], name, n))
            return true;
    return false;
}

/* The entity at s[i] (a '&'): NULL when it is a known one, else what is
 * wrong with it. */
static const char *entity_problem(arena_t *a, const char *s, size_t i)
{
    static const char *const E[] = {"amp", "lt", "gt", "quot", "apos"};
    size_t j = i + 1;
    if (s[j] == '#') {
        bool hex = s[++j] == 'x';
        size_t d = j += hex;
        while (hex ? g_ascii_isxdigit(s[j]) : g_ascii_isdigit(s[j]))
            j++;
        if (j > d && s[j] == ';')
            return NULL;
        return "a '&' in text must be written &amp; (markup is allowed here)";
    }
    while (g_ascii_isalnum(s[j]))
        j++;
    if (s[j] != ';')
        return "a '&' in text must be written &amp; (markup is allowed here)";
    for (size_t k = 0; k < G_N_ELEMENTS(E); k++)
        if (j - i - 1 == strlen(E[k]) && !strncmp(s + i + 1, E[k], j - i - 1))
            return NULL;
    return arena_printf(a, "unknown entity '%.*s'; write &amp; for a '&'", (int)(j - i + 1),
                        s + i);
}

/* The length of the tag name at s. */
static size_t name_len(const char *s)
{
    size_t n = 0;
    while (g_ascii_isalpha(s[n]))
        n++;
    return n;
}

/* Open tags: where each starts, innermost last. */
enum { MAX_OPEN = 32 }; /* nesting deeper than this is not prose */
typedef struct {
    size_t at[MAX_OPEN], depth;
} open_tags_t;

/* The tag at s[i] (a '<'), checked against the open ones; *gt is its '>'. */
static const char *tag_problem(arena_t *a, const char *s, size_t i, open_tags_t *open,
                               const char **gt)
{
    bool closing = s[i + 1] == '/';
    size_t n0 = i + 1 + closing, n = name_len(s + n0);
    *gt = strchr(s + i, '>');
    if (n == 0 || !*gt)
        return "'<' starts no tag; write &lt; for a '<' (markup is allowed here)";
    if (!known_tag(s + n0, n))
        return arena_printf(a, "unknown tag <%.*s> (markup allows b, big, i, s, small, "
                               "span, sub, sup, tt, u)",
                            (int)n, s + n0);
    if (closing) {
        if (open->depth == 0)
            return arena_printf(a, "</%.*s> closes no tag", (int)n, s + n0);
        size_t o = open->at[--open->depth] + 1, on = name_len(s + o);
        if (on != n || strncmp(s + o, s + n0, n))
            return arena_printf(a, "</%.*s> where </%.*s> was expected", (int)n, s + n0,
                                (int)on, s + o);
    } else if ((*gt)[-1] != '/') {
        if (open->depth == MAX_OPEN)
            return arena_printf(a, "markup nests deeper than %d tags", MAX_OPEN);
        open->at[open->depth++] = i;
    }
    return NULL;
}

const char *text_markup_problem(arena_t *a, const char *s, size_t *offset)
{
    open_tags_t open = {.depth = 0};
    for (size_t i = 0; s[i]; i++) {
        const char *problem = NULL, *gt;
        if (s[i] == '&')
            problem = entity_problem(a, s, i);
        else if (s[i] == '<' && !(problem = tag_problem(a, s, i, &open, &gt)))
            i = (size_t)(gt - s);
        if (problem) {
            *offset = i;
            return problem;
        }
    }
    if (open.depth) {
        size_t o = open.at[open.depth - 1] + 1, on = name_len(s + o);
        *offset = open.at[open.depth - 1];
        return arena_printf(a, "<%.*s> is never closed; add </%.*s>", (int)on, s + o, (int)on,
                            s + o);
    }
    return NULL;
}

bool text_is_printable(const char *s)
{
    if (!g_utf8_validate(s, -1, NULL))
        return false;
    for (const char *p = s; *p; p = g_utf8_next_char(p)) {
        gunichar u = g_utf8_get_char(p);
        if ((u < 0x20 && u != '\t') || (u >= 0x7F && u <= 0x9F))
            return false;
    }
    return true;
}

bool text_is_bidi_control(gunichar u)
{
    return (u >= 0x202A && u <= 0x202E) || (u >= 0x2066 && u <= 0x2069);
}

bool text_is_bidi_mark(gunichar u) { return u == 0x200E || u == 0x200F || u == 0x061C; }

bool text_is_noncharacter(gunichar u)
{
    return (u >= 0xFDD0 && u <= 0xFDEF) || (u & 0xFFFE) == 0xFFFE;
}

gunichar text_find(const char *s, bool (*is)(gunichar u))
{
    for (const char *p = s; *p; p = g_utf8_next_char(p))
        if (is(g_utf8_get_char(p)))
            return g_utf8_get_char(p);
    return 0;
}

/* Unicode 15's Default_Ignorable_Code_Point (DerivedCoreProperties.txt),
 * and U+2800, which is assigned but prints nothing. */
static const gunichar INVISIBLE[][2] = {
    {0x00AD, 0x00AD}, {0x034F, 0x034F}, {0x061C, 0x061C}, {0x115F, 0x1160},
    {0x17B4, 0x17B5}, {0x180B, 0x180F}, {0x200B, 0x200F}, {0x202A, 0x202E},
    {0x2060, 0x206F}, {0x2800, 0x2800}, {0x3164, 0x3164}, {0xFE00, 0xFE0F},
    {0xFEFF, 0xFEFF}, {0xFFA0, 0xFFA0}, {0xFFF0, 0xFFF8}, {0x1BCA0, 0x1BCA3},
    {0x1D173, 0x1D17A}, {0xE0000, 0xE0FFF},
};

static bool visible(gunichar u)
{
    if (g_unichar_isspace(u))
        return false;
    for (size_t i = 0; i < G_N_ELEMENTS(INVISIBLE); i++)
        if (u >= INVISIBLE[i][0] && u <= INVISIBLE[i][1])
            return false;
    return true;
}

bool text_is_blank(const char *s) { return !text_find(s, visible); }

char *text_escape(arena_t *a, const char *s)
{
    char *esc = g_markup_escape_text(s, -1);
    char *r = arena_strdup(a, esc);
    g_free(esc);
    return r;
}

bool text_parse_number(const char *s, double *out)
{
    const char *p = s;
    bool neg = false;
    double v = 0;
    int digits = 0;

    if (*p == '-')
        neg = true, p++;
    while (*p >= '0' && *p <= '9') {
        v = v * 10 + (*p++ - '0');
        if (++digits > 12)
            return false;
    }
    if (*p == '.') {
        double scale = 0.1;
        int frac = 0;
        p++;
        while (*p >= '0' && *p <= '9') {
            v += (*p++ - '0') * scale;
            scale /= 10;
            if (++frac > 6)
                return false;
        }
        if (frac == 0)
            return false;
    }
    if (*p || digits == 0)
        return false;
    *out = neg ? -v : v;
    return true;
}

bool text_parse_int(const char *s, long long min, long long max, long long *out)
{
    const char *p = s;
    bool neg = false;
    unsigned long long v = 0;
    /* The magnitude allowed on this side of zero, computed without
     * overflow even for LLONG_MIN. */
    unsigned long long lim;

    if (*p == '-' && min < 0)
        neg = true, p++;
    lim = neg ? (unsigned long long)(-(min + 1)) + 1
              : (max < 0 ? 0 : (unsigned long long)max);
    if (!(*p >= '0' && *p <= '9'))
        return false;
    while (*p >= '0' && *p <= '9') {
        unsigned d = (unsigned)(*p++ - '0');
        if (v > lim / 10 || (v == lim / 10 && d > lim % 10))
            return false;
        v = v * 10 + d;
    }
    if (*p)
        return false;
    long long r = neg ? (v == 0 ? 0 : -(long long)(v - 1) - 1) : (long long)v;
    if (r < min || r > max)
        return false;
    *out = r;
    return true;
}

static size_t distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return (size_t)-1;
    size_t row[65];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t prev = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t cur = row[j];
            size_t cost = g_ascii_tolower(a[i - 1]) == g_ascii_tolower(b[j - 1]) ? 0 : 1;
            size_t best = prev + cost;
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            prev = cur;
        }
    }
    return row[lb];
}

const char *text_suggest(const char *word, const char *const *candidates)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    size_t len = strlen(word);
    size_t limit = len <= 3 ? 1 : len <= 6 ? 2 : 3;

    for (size_t i = 0; candidates[i]; i++) {
        size_t d = distance(word, candidates[i]);
        if (d < best_d)
            best_d = d, best = candidates[i];
    }
    return best_d <= limit ? best : NULL;
}

const char *text_fmt(char *buf, size_t size, double v, int precision)
{
    /* g_ascii_formatd always uses '.', whatever LC_NUMERIC says. */
    char fmt[8];
    snprintf(fmt, sizeof fmt, "%%.%df", precision);
    if (fabs(v) < 0.5 * pow(10, -precision))
        v = 0; /* no "-0.00" */
    return g_ascii_formatd(buf, (int)size, fmt, v);
}
