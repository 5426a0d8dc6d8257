/* test-dates: parsing, week starts, date arithmetic and range names. */
#include "dates.h"

#include "test-harness.h"

#include <limits.h>

/* The English names and patterns, as in content/lang/en.yaml. */
static const dates_names_t EN = {
    .months = {"January", "February", "March", "April", "May", "June", "July",
               "August", "September", "October", "November", "December"},
    .months_short = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
                     "Oct", "Nov", "Dec"},
    .weekdays = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                 "Sunday"},
    .weekdays_short = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"},
    .date = "{day} {month} {year}",
    .date_short = "{weekday-short} {day} {month-short}",
    .range_same_month = "{day1}–{day2} {month-short2} {year2}",
    .range_same_year = "{day1} {month-short1} – {day2} {month-short2} {year2}",
    .range = "{day1} {month-short1} {year1} – {day2} {month-short2} {year2}",
};

/* Parse a date the test knows is valid. */
static GDate D(const char *s)
{
    GDate d;
    if (!dates_parse(s, &d)) {
        printf("  test bug: %s does not parse\n", s);
        g_date_clear(&d, 1);
    }
    return d;
}

static bool is(const GDate *d, const char *iso)
{
    arena_t *a = arena_new();
    const char *got = g_date_valid(d) ? dates_iso(a, d) : "(invalid)";
    bool ok = !strcmp(got, iso);
    if (!ok)
        printf("  date %s, expected %s\n", got, iso);
    arena_free(a);
    return ok;
}

static void test_parse(void)
{
    GDate d;
    CHECK(dates_parse("2027-01-04", &d) && g_date_get_year(&d) == 2027 &&
          g_date_get_month(&d) == G_DATE_JANUARY && g_date_get_day(&d) == 4);
    CHECK(dates_parse("2028-02-29", &d) && g_date_get_month(&d) == G_DATE_FEBRUARY &&
          g_date_get_day(&d) == 29);
    CHECK(dates_parse("2000-02-29", &d));
    CHECK(dates_parse("0001-01-01", &d) && g_date_get_year(&d) == 1);
    CHECK(dates_parse("9999-12-31", &d) && g_date_get_year(&d) == 9999);

    const char *refused[] = {
        "2027-02-30", "2027-13-01", "0000-01-01", "10000-01-01", "2027-1-4",
        "2027/01/04", "", "2027-00-10", "2027-01-00", "2027-01-32", "2100-02-29",
        "2027-02-29", "2027-01-04 ", " 2027-01-04", "2027-01-0a", "-027-01-04",
        "+027-01-04", "2027-01-04T00", "27-01-04", "2027-011-4",
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
        if (!CHECK(!dates_parse(refused[i], &d)))
            printf("  accepted \"%s\"\n", refused[i]);
}

static void test_week_start(void)
{
    GDate thu = D("2027-01-07"), mon = D("2027-01-04"), sun = D("2027-01-10");
    GDate r;
    r = dates_week_start(&thu, G_DATE_MONDAY);
    CHECK(is(&r, "2027-01-04"));
    r = dates_week_start(&thu, G_DATE_SUNDAY);
    CHECK(is(&r, "2027-01-03"));
    r = dates_week_start(&mon, G_DATE_MONDAY);
    CHECK(is(&r, "2027-01-04"));
    r = dates_week_start(&sun, G_DATE_MONDAY);
    CHECK(is(&r, "2027-01-04"));
    r = dates_week_start(&sun, G_DATE_SUNDAY);
    CHECK(is(&r, "2027-01-10"));
    r = dates_week_start(&mon, G_DATE_SATURDAY);
    CHECK(is(&r, "2027-01-02"));
    /* Back across a year boundary: 2027-01-01 is a Friday. */
    GDate ny = D("2027-01-01");
    r = dates_week_start(&ny, G_DATE_MONDAY);
    CHECK(is(&r, "2026-12-28"));
}

static void test_add_days(void)
{
    GDate d = D("2027-01-04"), r;
    CHECK(dates_add_days(&d, 364, &r) && is(&r, "2028-01-03"));
    CHECK(dates_add_days(&d, -4, &r) && is(&r, "2026-12-31"));
    CHECK(dates_add_days(&d, 0, &r) && is(&r, "2027-01-04"));

    GDate end = D("9999-12-30"), first = D("0001-01-01");
    CHECK(dates_add_days(&end, 1, &r) && is(&r, "9999-12-31"));
    CHECK(!dates_add_days(&end, 2, &r));
    CHECK(dates_add_days(&first, 0, &r) && is(&r, "0001-01-01"));
    CHECK(!dates_add_days(&first, -1, &r));
    CHECK(!dates_add_days(&d, 3000000, &r));
    CHECK(!dates_add_days(&d, LONG_MAX, &r));
    CHECK(!dates_add_days(&d, LONG_MIN, &r));
}

static void test_format(void)
{
    arena_t *a = arena_new();
    GDate d = D("2027-01-04");
    CHECK_STR(dates_format(a, &EN, EN.date, &d), "4 January 2027");
    CHECK_STR(dates_format(a, &EN, EN.date_short, &d), "Mon 4 Jan");
    CHECK_STR(dates_format(a, &EN, "{weekday}, {day}. {month-short} {{{year}}}", &d),
              "Monday, 4. Jan {2027}");
    CHECK_STR(dates_iso(a, &d), "2027-01-04");
    GDate early = D("0031-03-09");
    CHECK_STR(dates_iso(a, &early), "0031-03-09");
    CHECK_STR(dates_format(a, &EN, EN.date, &early), "9 March 31");
    /* Unknown placeholders, and a range's parts in a single date's pattern. */
    CHECK(dates_format(a, &EN, "{nope}", &d) == NULL);
    CHECK(dates_format(a, &EN, "{day1}", &d) == NULL);
    CHECK(dates_format(a, &EN, "{day", &d) == NULL);

    struct {
        const char *first, *last, *want;
    } ranges[] = {
        {"2027-01-04", "2027-01-10", "4–10 Jan 2027"},
        {"2027-03-29", "2027-04-04", "29 Mar – 4 Apr 2027"},
        {"2027-12-27", "2028-01-02", "27 Dec 2027 – 2 Jan 2028"},
        {"2028-02-28", "2028-03-05", "28 Feb – 5 Mar 2028"},
    };
    for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++) {
        GDate f = D(ranges[i].first), l = D(ranges[i].last);
        CHECK_STR(dates_format_range(a, &EN, &f, &l), ranges[i].want);
    }

    /* A range pattern must name which date each part belongs to. */
    dates_names_t bad = EN;
    bad.range_same_month = "{day}–{day2}";
    GDate f = D("2027-01-04"), l = D("2027-01-10");
    CHECK(dates_format_range(a, &bad, &f, &l) == NULL);
    arena_free(a);
}

int main(void)
{
    test_parse();
    test_week_start();
    test_add_days();
    test_format();
    return harness_finish();
}
