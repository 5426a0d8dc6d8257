/* dates: see dates.h. */
#include "dates.h"

#include "text.h"

#include <string.h>

bool dates_parse(const char *s, GDate *out)
{
    long long y, m, d;
    char ys[5], ms[3], ds[3];

    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    memcpy(ys, s, 4), ys[4] = 0;
    memcpy(ms, s + 5, 2), ms[2] = 0;
    memcpy(ds, s + 8, 2), ds[2] = 0;
    if (!text_parse_int(ys, 1, 9999, &y) || !text_parse_int(ms, 1, 12, &m) ||
        !text_parse_int(ds, 1, 31, &d))
        return false;
    if (!g_date_valid_dmy((GDateDay)d, (GDateMonth)m, (GDateYear)y))
        return false;
    g_date_clear(out, 1);
    g_date_set_dmy(out, (GDateDay)d, (GDateMonth)m, (GDateYear)y);
    return true;
}

GDate dates_week_start(const GDate *d, GDateWeekday first)
{
    GDate r = *d;
    int back = ((int)g_date_get_weekday(d) - (int)first + 7) % 7;
    if (back)
        g_date_subtract_days(&r, (guint)back);
    return r;
}

bool dates_add_days(const GDate *d, long days, GDate *out)
{
    /* Julian day 1 is 0001-01-01; 3652059 is 9999-12-31. */
    if (days < -3652059 || days > 3652059)
        return false;
    long j = (long)g_date_get_julian(d) + days;
    if (j < 1 || j > 3652059)
        return false;
    g_date_clear(out, 1);
    g_date_set_julian(out, (guint32)j);
    return true;
}

typedef struct {
    arena_t *a;
    const dates_names_t *names;
    const GDate *d[2];
} fmt_ctx_t;

static const char *lookup(const void *vctx, const char *name)
{
    const fmt_ctx_t *c = vctx;
    size_t n = strlen(name);
    int which = 0;
    char base[32];

    if (n >= sizeof base)
        return NULL;
    memcpy(base, name, n + 1);
    if (n > 0 && (name[n - 1] == '1' || name[n - 1] == '2')) {
        which = name[n - 1] - '1';
        base[n - 1] = '\0';
        if (!c->d[1])
            return NULL;
    } else if (c->d[1]) {
        return NULL; /* a range pattern names each date's part */
    }
    const GDate *d = c->d[which];
    int mon = g_date_get_month(d) - 1, wd = g_date_get_weekday(d) - 1;
    if (!strcmp(base, "day"))
        return arena_printf(c->a, "%u", (unsigned)g_date_get_day(d));
    if (!strcmp(base, "year"))
        return arena_printf(c->a, "%u", (unsigned)g_date_get_year(d));
    if (!strcmp(base, "month"))
        return c->names->months[mon];
    if (!strcmp(base, "month-short"))
        return c->names->months_short[mon];
    if (!strcmp(base, "weekday"))
        return c->names->weekdays[wd];
    if (!strcmp(base, "weekday-short"))
        return c->names->weekdays_short[wd];
    return NULL;
}

char *dates_format(arena_t *a, const dates_names_t *names, const char *pattern,
                   const GDate *d)
{
    fmt_ctx_t c = {a, names, {d, NULL}};
    text_problem_t pr;
    return text_expand(a, pattern, lookup, &c, false, &pr);
}

char *dates_format_range(arena_t *a, const dates_names_t *names,
                         const GDate *first, const GDate *last)
{
    fmt_ctx_t c = {a, names, {first, last}};
    text_problem_t pr;
    const char *pattern = names->range;
    if (g_date_get_year(first) == g_date_get_year(last))
        pattern = g_date_get_month(first) == g_date_get_month(last)
                      ? names->range_same_month
                      : names->range_same_year;
    return text_expand(a, pattern, lookup, &c, false, &pr);
}

char *dates_iso(arena_t *a, const GDate *d)
{
    return arena_printf(a, "%04u-%02u-%02u", (unsigned)g_date_get_year(d),
                        (unsigned)g_date_get_month(d), (unsigned)g_date_get_day(d));
}
