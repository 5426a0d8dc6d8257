/* paper: see paper.h. */
#include "paper.h"

#include "text.h"

#include <glib.h>
#include <math.h>
#include <string.h>

#define MM (72.0 / 25.4)

/* ISO sizes in millimetres, the others in points. */
static const struct {
    const char *name;
    double w, h, unit;
    bool sheet_only;
} PAPER[] = {
    {"a4", 210, 297, MM, false},    {"a5", 148, 210, MM, false},
    {"a6", 105, 148, MM, false},    {"b5", 176, 250, MM, false},
    {"letter", 612, 792, 1, false}, {"half-letter", 396, 612, 1, false},
    {"a3", 297, 420, MM, true},     {"tabloid", 792, 1224, 1, true},
};

const char *const PAPER_PAGE_NAMES[] = {"a4", "a5", "a6", "b5", "letter", "half-letter", NULL};
const char *const PAPER_SHEET_NAMES[] = {"a3", "a4", "a5", "a6", "b5", "letter",
                                          "half-letter", "tabloid", NULL};

const char *const *paper_names(paper_use_t use)
{
    return use == PAPER_FOR_PAGE ? PAPER_PAGE_NAMES : PAPER_SHEET_NAMES;
}

const char *paper_name(double w, double h)
{
    const double near = 0.5;
    for (size_t i = 0; i < G_N_ELEMENTS(PAPER); i++)
        for (int turn = 0; turn < 2; turn++) {
            double a = turn ? h : w, b = turn ? w : h, pw = PAPER[i].w * PAPER[i].unit,
                   ph = PAPER[i].h * PAPER[i].unit;
            if (pw - near < a && a < pw + near && ph - near < b && b < ph + near)
                return PAPER[i].name;
        }
    return NULL;
}

static const struct { const char *unit; double pt; } UNITS[] = {
    {"mm", MM}, {"cm", 10 * MM}, {"in", 72}, {"pt", 1}};

static double unit_of(const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < G_N_ELEMENTS(UNITS); i++)
        if (n > 2 && !strcmp(s + n - 2, UNITS[i].unit))
            return UNITS[i].pt;
    return 0;
}

bool paper_parse_length(const char *s, double *pt)
{
    double unit = unit_of(s), v;
    if (!unit)
        return false;
    char *num = g_strndup(s, strlen(s) - 2);
    bool ok = text_parse_number(num, &v);
    g_free(num);
    if (ok)
        *pt = v * unit;
    return ok;
}

/* WxH and a unit: two positive numbers, an 'x' between them. */
static bool exact(const char *s, double *w, double *h, const char **why)
{
    size_t n = strlen(s);
    const char *x = strchr(s, 'x');
    double unit = unit_of(s);
    if (!x || x == s) {
        *why = "a paper's name, or WxH and a unit (mm, cm, in or pt) such as 148x210mm";
        return false;
    }
    if (!unit) {
        *why = "an exact size ends with its unit: mm, cm, in or pt (e.g. 148x210mm)";
        return false;
    }
    char *ws = g_strndup(s, (size_t)(x - s)), *hs = g_strndup(x + 1, (size_t)(s + n - 2 - x - 1));
    bool ok = text_parse_number(ws, w) && text_parse_number(hs, h);
    g_free(ws);
    g_free(hs);
    if (!ok) {
        *why = "an exact size is two numbers with an x between them and a unit, such as "
               "148x210mm or 5.5x8.5in";
        return false;
    }
    *w *= unit;
    *h *= unit;
    if (!(*w >= PAPER_MIN_PT && *h >= PAPER_MIN_PT && *w <= PAPER_MAX_PT && *h <= PAPER_MAX_PT)) {
        *why = "each side must be from 25.4mm to 1199.4mm";
        return false;
    }
    return true;
}

bool paper_parse(const char *s, paper_use_t use, double *w, double *h, const char **why)
{
    const char *dummy;
    double a = 0, b = 0;
    bool found = false;
    why = why ? why : &dummy;
    for (size_t i = 0; i < G_N_ELEMENTS(PAPER) && !found; i++)
        if (!g_ascii_strcasecmp(s, PAPER[i].name)) {
            if (PAPER[i].sheet_only && use == PAPER_FOR_PAGE) {
                *why = "a sheet to print on, not a book's page";
                return false;
            }
            a = PAPER[i].w * PAPER[i].unit;
            b = PAPER[i].h * PAPER[i].unit;
            found = true;
        }
    if (!found && !exact(s, &a, &b, why))
        return false;
    /* a book's page in whole hundredths of a point, as layouts have always
     * had them: 148x210mm is A5 to the dump's last digit */
    *w = use == PAPER_FOR_PAGE ? round(a * 100) / 100 : a;
    *h = use == PAPER_FOR_PAGE ? round(b * 100) / 100 : b;
    return true;
}
