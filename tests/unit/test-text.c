/* test-text: placeholders, escaping, numbers, suggestions, formatting. */
#include "text.h"

#include "test-harness.h"

#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>

/* ---- text_expand -------------------------------------------------------- */

static const char *lookup(const void *ctx, const char *name)
{
    const char *const *kv = ctx; /* name, value, name, value, ..., NULL */
    for (size_t i = 0; kv[i]; i += 2)
        if (!strcmp(kv[i], name))
            return kv[i + 1];
    return NULL;
}

static const char *const VARS[] = {"names", "Sam <3 & Alex", "week", "12",
                                   "x-2", "dash", NULL};

static char *expand(arena_t *a, const char *tmpl, bool markup, text_problem_t *pr)
{
    return text_expand(a, tmpl, lookup, VARS, markup, pr);
}

static void test_expand(void)
{
    arena_t *a = arena_new();
    text_problem_t pr = {0, NULL, NULL};

    CHECK_STR(expand(a, "Week {week}", false, &pr), "Week 12");
    CHECK_STR(expand(a, "{names}", false, &pr), "Sam <3 & Alex");
    CHECK_STR(expand(a, "{names}", true, &pr), "Sam &lt;3 &amp; Alex");
    /* The template is markup and stays as written; only values are escaped. */
    CHECK_STR(expand(a, "<b>{names}</b> &amp; {week}", true, &pr),
              "<b>Sam &lt;3 &amp; Alex</b> &amp; 12");
    CHECK_STR(expand(a, "{x-2}{week}", false, &pr), "dash12");
    CHECK_STR(expand(a, "", false, &pr), "");
    CHECK_STR(expand(a, "no placeholders", true, &pr), "no placeholders");

    /* Doubled braces are literal braces, never a placeholder. */
    CHECK_STR(expand(a, "{{week}}", false, &pr), "{week}");
    CHECK_STR(expand(a, "{{{week}}}", false, &pr), "{12}");
    CHECK_STR(expand(a, "a }} b {{ c", false, &pr), "a } b { c");
    CHECK_STR(expand(a, "a } b", false, &pr), "a } b");

    pr = (text_problem_t){0, NULL, NULL};
    CHECK(expand(a, "Hi {nobody}, week {week}", false, &pr) == NULL);
    CHECK_STR(pr.name, "nobody");
    CHECK(pr.offset == 3);
    CHECK_STR(pr.message, "unknown placeholder");

    const char *stray = "'{' starts no placeholder; write '{{' for a brace, or {name} "
                        "with lowercase letters, digits and '-'";
    struct {
        const char *tmpl;
        size_t offset;
    } bad[] = {
        {"a { b", 2}, {"{Bad}", 0}, {"x {}", 2}, {"{week", 0}, {"é {w k}", 3},
        {"{{ {", 3}, {"{week_no}", 0},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        pr = (text_problem_t){99, "stale", NULL};
        if (!CHECK(expand(a, bad[i].tmpl, false, &pr) == NULL))
            continue;
        if (!CHECK(pr.offset == bad[i].offset && pr.name == NULL))
            printf("  \"%s\": offset %zu\n", bad[i].tmpl, pr.offset);
        CHECK_STR(pr.message, stray);
    }
    arena_free(a);
}

static void test_escape(void)
{
    arena_t *a = arena_new();
    CHECK_STR(text_escape(a, "a<b>&\""), "a&lt;b&gt;&amp;&quot;");
    CHECK_STR(text_escape(a, "plain é"), "plain é");
    arena_free(a);
}

/* ---- markup structure ------------------------------------------------- */

static void test_markup_problem(void)
{
    arena_t *a = arena_new();
    const char *good[] = {"plain", "<b>x</b> <i>y</i>", "<span size=\"10pt\">x</span>",
                          "&amp; &lt; &gt; &quot; &apos; &#169; &#xA9;", "<b><i>x</i></b>",
                          "{name} <b>{{x}}</b>"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        size_t off = 99;
        const char *m = text_markup_problem(a, good[i], &off);
        if (!CHECK(m == NULL))
            printf("  \"%s\": %s\n", good[i], m);
    }
    struct {
        const char *s;
        size_t offset;
        const char *message;
    } bad[] = {
        {"x <b>y", 2, "<b> is never closed; add </b>"},
        {"<b><i>x</b></i>", 7, "</b> where </i> was expected"},
        {"x</b>", 1, "</b> closes no tag"},
        {"a <br> b", 2, "unknown tag <br> (markup allows b, big, i, s, small, span, sub, "
                        "sup, tt, u)"},
        {"Sam & Alex", 4, "a '&' in text must be written &amp; (markup is allowed here)"},
        {"&nbsp;", 0, "unknown entity '&nbsp;'; write &amp; for a '&'"},
        {"1 < 2", 2, "'<' starts no tag; write &lt; for a '<' (markup is allowed here)"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        size_t off = 99;
        const char *m = text_markup_problem(a, bad[i].s, &off);
        CHECK_STR(m, bad[i].message);
        if (!CHECK(off == bad[i].offset))
            printf("  \"%s\": offset %zu\n", bad[i].s, off);
    }
    char deep[40 * 3 + 1] = "";
    for (int i = 0; i < 40; i++)
        strcat(deep, "<b>");
    size_t off = 0;
    CHECK_STR(text_markup_problem(a, deep, &off), "markup nests deeper than 32 tags");
    CHECK(off == 32 * 3);
    arena_free(a);
}

/* ---- numbers ------------------------------------------------------------ */

static void test_parse_number(void)
{
    double v = -1;
    CHECK(text_parse_number("12", &v) && v == 12);
    CHECK(text_parse_number("1.5", &v) && v == 1.5);
    CHECK(text_parse_number("-3", &v) && v == -3);
    CHECK(text_parse_number("-0.5", &v) && v == -0.5);
    CHECK(text_parse_number("0", &v) && v == 0);
    CHECK(text_parse_number("0.3", &v) && fabs(v - 0.3) < 1e-12);
    CHECK(text_parse_number("999999999999", &v) && v == 999999999999.0);

    const char *refused[] = {
        "1e3", "nan", "NaN", "inf", "-inf", "0x10", "1,5", "", ".", "1.", ".5",
        "-", "+1", " 1", "1 ", "--1", "1.2.3", "1.5mm", "١٢", /* Arabic-Indic */
        "1000000000000", "99999999999999999999", "1e400",
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        v = 42;
        if (!CHECK(!text_parse_number(refused[i], &v) && v == 42))
            printf("  accepted \"%s\" as %g\n", refused[i], v);
    }
}

static void test_parse_int(void)
{
    long long v = -1;
    CHECK(text_parse_int("12", 0, 100, &v) && v == 12);
    CHECK(text_parse_int("0", 0, 100, &v) && v == 0);
    CHECK(text_parse_int("100", 0, 100, &v) && v == 100);
    CHECK(text_parse_int("1", 1, 1, &v) && v == 1);
    CHECK(text_parse_int("-5", -10, 10, &v) && v == -5);
    CHECK(text_parse_int("-10", -10, 10, &v) && v == -10);
    CHECK(text_parse_int("007", 0, 10, &v) && v == 7);
    CHECK(text_parse_int("9223372036854775807", 0, LLONG_MAX, &v) && v == LLONG_MAX);
    CHECK(text_parse_int("9007199254740992", 0, 9007199254740992LL, &v) &&
          v == 9007199254740992LL);

    struct {
        const char *s;
        long long min, max;
    } refused[] = {
        {"101", 0, 100},   {"0", 1, 100},     {"-1", 0, 100}, /* no sign when min >= 0 */
        {"-11", -10, 10},  {"11", -10, 10},   {"+5", 0, 10},
        {"", 0, 10},       {"-", -10, 10},    {" 5", 0, 10},
        {"5 ", 0, 10},     {"5.0", 0, 10},    {"1e1", 0, 100},
        {"0x1", 0, 100},   {"9007199254740993", 0, 9007199254740992LL},
        {"99999999999999999999", 0, LLONG_MAX},
        {"99999999999999999999", 1, 520},
        {"9223372036854775808", 0, LLONG_MAX},
        /* Past LLONG_MAX: must not wrap around into the range. */
        {"9223372036854775817", LLONG_MIN + 1, LLONG_MAX},
        {"-9223372036854775817", LLONG_MIN + 1, LLONG_MAX},
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        v = 42;
        if (!CHECK(!text_parse_int(refused[i].s, refused[i].min, refused[i].max, &v) &&
                   v == 42))
            printf("  accepted \"%s\" in [%lld, %lld] as %lld\n", refused[i].s,
                   refused[i].min, refused[i].max, v);
    }
}

/* ---- suggestions -------------------------------------------------------- */

static void test_suggest(void)
{
    static const char *const sides[] = {"top", "bottom", "inner", "outer", NULL};
    static const char *const none[] = {NULL};
    CHECK_STR(text_suggest("botom", sides), "bottom");
    CHECK_STR(text_suggest("Bottom", sides), "bottom");
    CHECK_STR(text_suggest("inenr", sides), "inner");
    CHECK_STR(text_suggest("tp", sides), "top");
    CHECK_STR(text_suggest("top", sides), "top");
    CHECK_STR(text_suggest("colour", sides), NULL);
    CHECK_STR(text_suggest("xyz", sides), NULL);
    CHECK_STR(text_suggest("", sides), NULL);
    CHECK_STR(text_suggest("top", none), NULL);
}

/* ---- formatting --------------------------------------------------------- */

static void test_fmt(void)
{
    char buf[32];
    CHECK_STR(text_fmt(buf, sizeof buf, 1.5, 2), "1.50");
    CHECK_STR(text_fmt(buf, sizeof buf, 36, 2), "36.00");
    CHECK_STR(text_fmt(buf, sizeof buf, -2.26, 1), "-2.3");
    CHECK_STR(text_fmt(buf, sizeof buf, -0.001, 2), "0.00"); /* never "-0.00" */
    CHECK_STR(text_fmt(buf, sizeof buf, 419.53, 0), "420");

    /* Under a decimal-comma locale, numbers still read and print with '.'. */
    static const char *const comma_locales[] = {"fr_FR.UTF-8", "fr_FR.utf8",
                                                "de_DE.UTF-8", "de_DE.utf8", NULL};
    const char *loc = NULL;
    for (size_t i = 0; comma_locales[i] && !loc; i++)
        loc = setlocale(LC_ALL, comma_locales[i]);
    if (!loc) {
        printf("note: no decimal-comma locale installed; locale checks skipped\n");
        return;
    }
    char native[32];
    snprintf(native, sizeof native, "%.2f", 1.5);
    CHECK_STR(native, "1,50"); /* the locale really is a decimal-comma one */
    CHECK_STR(text_fmt(buf, sizeof buf, 1.5, 2), "1.50");
    double v = 0;
    CHECK(text_parse_number("1.5", &v) && v == 1.5);
    CHECK(!text_parse_number("1,5", &v));
    setlocale(LC_ALL, "C");
}

/* ---- characters ----------------------------------------------------------- */

static void test_chars(void)
{
    for (gunichar u = 0x202A; u <= 0x202E; u++)
        CHECK(text_is_bidi_control(u) && !text_is_bidi_mark(u));
    for (gunichar u = 0x2066; u <= 0x2069; u++)
        CHECK(text_is_bidi_control(u));
    CHECK(text_is_bidi_mark(0x200E) && text_is_bidi_mark(0x200F) && text_is_bidi_mark(0x061C));
    CHECK(!text_is_bidi_control(0x200F) && !text_is_bidi_control(0x2065) &&
          !text_is_bidi_control('a') && !text_is_bidi_control(0x05D0));

    const gunichar nonchars[] = {0xFDD0, 0xFDEF, 0xFFFE, 0xFFFF, 0x1FFFE, 0x10FFFF};
    const gunichar chars[] = {0xFDCF, 0xFDF0, 0xFFFD, 0xE000, 0xF0000, 0x10FFFD, 0x1F49C};
    for (size_t i = 0; i < G_N_ELEMENTS(nonchars); i++)
        CHECK(text_is_noncharacter(nonchars[i]));
    for (size_t i = 0; i < G_N_ELEMENTS(chars); i++)
        CHECK(!text_is_noncharacter(chars[i]));

    CHECK(text_find("Alex \u202E", text_is_bidi_control) == 0x202E);
    CHECK(text_find("Alex", text_is_bidi_control) == 0);
    CHECK(text_find("", text_is_noncharacter) == 0);

    /* Blank: nothing a reader would see. */
    const char *blank[] = {"", " ", "\t \u3000", "\u200B\u200C\u200D", "\u2060\uFEFF",
                           "\u00A0\u2800\u3164", "\u200E\u034F\U000E0041"};
    const char *shown[] = {"A", " . ", "\u200BA", "\u0301", "\uE000", "\U0001F49C", "_"};
    for (size_t i = 0; i < G_N_ELEMENTS(blank); i++)
        CHECK(text_is_blank(blank[i]));
    for (size_t i = 0; i < G_N_ELEMENTS(shown); i++)
        CHECK(!text_is_blank(shown[i]));
}

int main(void)
{
    test_chars();
    test_expand();
    test_escape();
    test_markup_problem();
    test_parse_number();
    test_parse_int();
    test_suggest();
    test_fmt();
    return harness_finish();
}
