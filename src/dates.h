/* dates: calendar dates, week ranges and their names, without the locale.
 *
 * Dates are GLib GDates (proleptic Gregorian, years 1..9999). Names of months
 * and weekdays and the patterns that put a date or a range together come from
 * the language file in content/lang/, so a translation is only data. */
#ifndef KEEPSAKE_DATES_H
#define KEEPSAKE_DATES_H

#include "arena.h"

#include <glib.h>
#include <stdbool.h>

typedef struct {
    const char *months[12];
    const char *months_short[12];
    const char *weekdays[7]; /* Monday first */
    const char *weekdays_short[7];
    /* Patterns; placeholders: {day} {month} {month-short} {year} {weekday}
     * {weekday-short}, and for ranges the same with 1 and 2 appended. */
    const char *date;
    const char *date_short;
    const char *range_same_month;
    const char *range_same_year;
    const char *range;
    const char *month_year; /* a calendar month's title: {month} {year} */
} dates_names_t;

/* Parse YYYY-MM-DD exactly (years 0001-9999) into a valid date. */
bool dates_parse(const char *s, GDate *out);

/* The first day of the week holding `d`, weeks starting on `first`
 * (G_DATE_MONDAY .. G_DATE_SUNDAY). */
GDate dates_week_start(const GDate *d, GDateWeekday first);

/* `d` plus `days`, or false if that leaves years 1..9999. */
bool dates_add_days(const GDate *d, long days, GDate *out);

/* Format with one of the patterns in `names`. NULL only if a pattern holds
 * an unknown placeholder (the model checks patterns, so not in practice). */
char *dates_format(arena_t *a, const dates_names_t *names, const char *pattern,
                   const GDate *d);
char *dates_format_range(arena_t *a, const dates_names_t *names,
                         const GDate *first, const GDate *last);

/* ISO form, YYYY-MM-DD. */
char *dates_iso(arena_t *a, const GDate *d);

#endif
