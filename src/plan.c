/* plan: model -> logical pages (see plan.h).
 *
 * Expansion happens here, once: each template is expanded with the book's
 * variables and, inside a weekly section, {week} and {range}. Values are
 * escaped for Pango markup on the way in, so "Sam <3 & Alex" prints as
 * written, and each personal variable's value is isolated (FSI ... PDI), so
 * whatever its script it cannot reorder the text around it. Story prompts
 * are dealt from a shuffled deck per exercise: the order depends only on
 * the `seed` variable, and a book that asks for more story pages than an
 * exercise has prompts is an error, never a repeat. */
#include "plan.h"

#include "kind.h"
#include "text.h"

#include <pango/pango.h>
#include <stdarg.h>
#include <string.h>

struct plan_ctx {
    run_t *run;
    GDate month;           /* weekly sections: the month of the current row */
    size_t special_parent; /* weekly sections: the section's entry + 1 */
    arena_t *a;
    const model_book_t *b;
    unsigned week;
    const GDate *first; /* the week's first day, or NULL */
    const char *range;  /* plain */
    unsigned errors;    /* diag errors when planning began */
    GPtrArray *pages, *entries;
    GHashTable *decks; /* exercise -> deck_t* */
    GHashTable *blamed; /* variables whose value was reported bad, or missing */
    const model_page_t *page; /* the book's entry being planned, or NULL */
    /* What the book lays out, against the limits in model.h */
    src_pos_t at;       /* the page entry being planned */
    size_t text_bytes;  /* expanded text, the whole book */
    size_t page_texts;  /* texts on the page being planned */
    bool over;          /* a limit was reported: plan no more */
};
typedef struct plan_ctx ctx_t;

typedef struct {
    size_t *order;
    size_t next;
    size_t turn; /* pages of the exercise planned so far */
} deck_t;

/* The placeholders keepsake fills in itself, or NULL for any other name. */
static const char *builtin(const ctx_t *c, const char *name)
{
    const model_book_t *b = c->b;
    if (!strcmp(name, "week"))
        return c->week ? arena_printf(c->a, "%u", c->week) : NULL;
    if (!strcmp(name, "range"))
        return c->week ? c->range : NULL;
    if (!strcmp(name, "start"))
        return dates_format(c->a, &b->lang->names, b->lang->names.date, &b->start);
    if (!strcmp(name, "end") || !strcmp(name, "year")) {
        GDate first = dates_week_start(&b->start, b->week_starts), last;
        dates_add_days(&first, (long)b->weeks * 7 - 1, &last);
        if (!strcmp(name, "year"))
            return arena_printf(c->a, "%u", (unsigned)g_date_get_year(&b->start));
        return dates_format(c->a, &b->lang->names, b->lang->names.date, &last);
    }
    if (!strcmp(name, "weeks"))
        return arena_printf(c->a, "%u", b->weeks);
    return NULL;
}

static const char *lookup(const void *vctx, const char *name)
{
    const ctx_t *c = vctx;
    const char *v = builtin(c, name);
    return v ? v : model_var(c->b, name);
}

/* In markup, a personal variable's value is isolated (U+2068 FIRST STRONG
 * ISOLATE ... U+2069 POP DIRECTIONAL ISOLATE): laid out as if it stood
 * alone, it cannot reorder the text around it, whatever script it is in. */
static const char *isolated_lookup(const void *vctx, const char *name)
{
    const ctx_t *c = vctx;
    const char *v = builtin(c, name);
    if (v)
        return v;
    v = model_var(c->b, name);
    return v && *v ? arena_printf(c->a, "\u2068%s\u2069", v) : v;
}

static void expand_problem(ctx_t *c, const model_text_t *t, const text_problem_t *pr)
{
    static const char *const BUILTIN[] = {"week", "range", "start", "end", "year", "weeks"};
    src_pos_t at = model_text_pos(t, pr->offset);
    if (pr->name && (!strcmp(pr->name, "week") || !strcmp(pr->name, "range"))) {
        diag_error(&c->run->diag, at, "{%s} is only known on pages of a weekly section",
                   pr->name);
    } else if (pr->name) {
        const char **known = arena_alloc(c->a, sizeof(char *) *
                                                   (G_N_ELEMENTS(BUILTIN) + c->b->n_vars + 1));
        size_t n = 0;
        for (size_t i = 0; i < G_N_ELEMENTS(BUILTIN); i++)
            known[n++] = BUILTIN[i];
        for (size_t i = 0; i < c->b->n_vars; i++)
            known[n++] = c->b->vars[i].name;
        const char *s = text_suggest(pr->name, known);
        const model_page_t *pg = c->page;
        /* No near name: not a typo in the exercise, but a variable it
         * needs that the book lacks; said once, at the book's entry. Not
         * when the entry names "{exercise}" (a worksheet's): the book is
         * keepsake's, and the exercise is the one to change. */
        if (!s && pg && pg->exercise && pg->id && !strchr(pg->id->text, '{') && t->pos.file &&
            strcmp(t->pos.file, pg->exercise->path) == 0) {
            const char *key = arena_printf(c->a, "{%s}", pr->name);
            if (g_hash_table_contains(c->blamed, key))
                return;
            g_hash_table_add(c->blamed, (gpointer)key);
            diag_error(&c->run->diag, pg->pos, "exercise '%s' uses the variable '%s', which the "
                       "book does not have: add it to the book's 'variables:' (\"\" for none)",
                       pg->exercise->id, pr->name);
            diag_note(&c->run->diag, at, "{%s} is used here", pr->name);
            return;
        }
        diag_error(&c->run->diag, at, "unknown placeholder {%s}%s%s%s", pr->name,
                   s ? " (did you mean {" : "", s ? s : "", s ? "}?)" : "");
    } else {
        diag_error(&c->run->diag, at, "%s", pr->message);
    }
}

/* The longest run of characters in `plain` with nowhere to break a line
 * (Unicode's line breaking, as Pango lays it out). Pango wraps such a run
 * by shaping it again for every line, so its time grows with the square of
 * its length: 60,000 characters took seconds. */
static size_t longest_unbreakable(const char *plain)
{
    int n = (int)g_utf8_strlen(plain, -1);
    if (n <= MODEL_MAX_UNBREAKABLE)
        return (size_t)n;
    PangoLogAttr *attrs = g_new(PangoLogAttr, n + 1);
    pango_get_log_attrs(plain, (int)strlen(plain), -1, NULL, attrs, n + 1);
    size_t run = 0, longest = 0;
    for (int i = 0; i < n; i++) {
        run = attrs[i].is_white ? 0 : attrs[i].is_line_break ? 1 : run + 1;
        if (run > longest)
            longest = run;
    }
    g_free(attrs);
    return longest;
}

/* Count the text `t` expanded into, `r`: each limit is reported once, at
 * the page entry that goes past it, with a note at the text; planning then
 * stops. True while within the limits. */
static bool within_limits(ctx_t *c, const model_text_t *t, const char *r, bool markup)
{
    if (c->over)
        return false;
    size_t run = strlen(r) <= MODEL_MAX_UNBREAKABLE /* bytes >= characters: short enough */
                     ? 0 : longest_unbreakable(markup ? plan_plain(c->a, r) : r);
    if (run > MODEL_MAX_UNBREAKABLE) { /* the text's own fault: said at the text */
        diag_error(&c->run->diag, t->pos, "this text has %zu characters in a row with nowhere "
                   "to break a line; the limit is %d (MODEL_MAX_UNBREAKABLE)", run,
                   MODEL_MAX_UNBREAKABLE);
        c->over = true;
        return false;
    }
    c->text_bytes += strlen(r);
    c->page_texts++;
    if (c->text_bytes > MODEL_MAX_TEXT_BYTES)
        diag_error(&c->run->diag, c->at, "this entry brings the book's text past %d MiB, the "
                   "most a book lays out (MODEL_MAX_TEXT_BYTES)", MODEL_MAX_TEXT_BYTES >> 20);
    else if (c->page_texts > MODEL_MAX_PAGE_TEXTS)
        diag_error(&c->run->diag, c->at, "this entry puts more than %d texts on one page "
                   "(MODEL_MAX_PAGE_TEXTS)", MODEL_MAX_PAGE_TEXTS);
    else
        return true;
    diag_note(&c->run->diag, t->pos, "the text that went past it");
    c->over = true;
    return false;
}

/* A markup template expanded with `fn`'s values, escaped. */
static const char *expand_with(ctx_t *c, const model_text_t *t, text_lookup_fn fn)
{
    if (!t || !t->text)
        return NULL;
    if (c->over)
        return "";
    text_problem_t pr;
    char *r = text_expand(c->a, t->text, fn, c, true, &pr);
    if (r)
        return within_limits(c, t, r, true) ? r : "";
    expand_problem(c, t, &pr);
    return "";
}

static const char *expand(ctx_t *c, const model_text_t *t)
{
    return expand_with(c, t, isolated_lookup);
}

static bool failed(const ctx_t *c) { return c->run->diag.errors != c->errors; }

/* ---- for kinds -------------------------------------------------------- */

arena_t *plan_arena(plan_ctx_t *c) { return c->a; }
const model_book_t *plan_book(plan_ctx_t *c) { return c->b; }
const GDate *plan_week_first(plan_ctx_t *c) { return c->first; }
const char *plan_expand(plan_ctx_t *c, const model_text_t *t) { return expand(c, t); }
const char *plan_escape(plan_ctx_t *c, const char *s) { return text_escape(c->a, s); }

const char **plan_expand_all(plan_ctx_t *c, const model_text_t *t, size_t n)
{
    const char **r = arena_alloc(c->a, sizeof(char *) * (n + 1));
    for (size_t i = 0; i < n; i++)
        r[i] = expand(c, &t[i]);
    return r;
}

const char *plan_expand_plain(plan_ctx_t *c, const model_text_t *t)
{
    if (c->over)
        return NULL;
    text_problem_t pr;
    char *r = text_expand(c->a, t->text, lookup, c, false, &pr);
    if (!r)
        expand_problem(c, t, &pr);
    return r && within_limits(c, t, r, false) ? r : NULL;
}

void plan_error(plan_ctx_t *c, src_pos_t at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *m = arena_vprintf(c->a, fmt, ap);
    va_end(ap);
    diag_error(&c->run->diag, at, "%s", m);
}

void plan_value_error(plan_ctx_t *c, const model_text_t *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *m = arena_vprintf(c->a, fmt, ap);
    va_end(ap);
    const model_var_t *v = model_var_of(c->b, t->text);
    if (!v) {
        diag_error(&c->run->diag, t->pos, "%s", m);
    } else if (!g_hash_table_contains(c->blamed, v->name)) {
        g_hash_table_add(c->blamed, (gpointer)v->name);
        diag_error(&c->run->diag, v->pos, "%s", m);
        diag_note(&c->run->diag, t->pos, "'%s' is used here", v->name);
    }
}

/* For the footer: {page} stays for layout to fill; braces in values are
 * doubled so a value can never become a placeholder. */
static const char *footer_lookup(const void *vctx, const char *name)
{
    const ctx_t *c = vctx;
    if (!strcmp(name, "page"))
        return "{page}";
    const char *v = isolated_lookup(c, name);
    if (!v || !strpbrk(v, "{}"))
        return v;
    GString *s = g_string_new(NULL);
    for (const char *p = v; *p; p++) {
        if (*p == '{' || *p == '}')
            g_string_append_c(s, *p);
        g_string_append_c(s, *p);
    }
    const char *r = arena_strdup(c->a, s->str);
    g_string_free(s, TRUE);
    return r;
}

const char *plan_plain(arena_t *a, const char *markup)
{
    char *text = NULL;
    if (!pango_parse_markup(markup, -1, 0, NULL, &text, NULL, NULL))
        return arena_strdup(a, markup);
    const char *r = arena_strdup(a, text);
    g_free(text);
    return r;
}

/* splitmix64: small, good enough to shuffle prompts, same on every machine. */
static uint64_t next_random(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static deck_t *deck_for(ctx_t *c, const model_exercise_t *e, size_t n)
{
    deck_t *d = g_hash_table_lookup(c->decks, e);
    if (d)
        return d;
    d = arena_alloc(c->a, sizeof *d);
    d->order = arena_alloc(c->a, sizeof(size_t) * (n + 1));
    for (size_t i = 0; i < n; i++)
        d->order[i] = i;
    /* Seed 0 (the default) deals in the written order, so a year's
     * prompts can be arranged lighter first; any other seed shuffles,
     * mixed with the exercise id so two decks differ. */
    uint64_t s = c->b->seed ^ g_str_hash(e->id);
    for (size_t i = n; i > 1 && c->b->seed; i--) {
        size_t j = (size_t)(next_random(&s) % i);
        size_t t = d->order[i - 1];
        d->order[i - 1] = d->order[j];
        d->order[j] = t;
    }
    g_hash_table_insert(c->decks, (gpointer)e, d);
    return d;
}

/* The next prompt of `pool`'s deck, or NULL after reporting that the book
 * asks for more than the pool holds (prompts never repeat in a book). */
size_t plan_turn(plan_ctx_t *c, const model_exercise_t *e)
{
    const model_deck_t *prompts = kind_deck(e);
    return deck_for(c, e, prompts ? prompts->n_prompts : 0)->turn++;
}

const model_text_t *plan_deal(plan_ctx_t *c, const model_exercise_t *e, src_pos_t at)
{
    const model_deck_t *prompts = kind_deck(e);
    deck_t *d = deck_for(c, e, prompts->n_prompts);
    if (d->next < prompts->n_prompts)
        return &prompts->prompts[d->order[d->next++]];
    if (!failed(c))
        diag_error(&c->run->diag, at,
                   "this book needs more prompts than exercise '%s' has (%zu); prompts "
                   "never repeat within a book, so add prompts or use fewer pages",
                   e->id, prompts->n_prompts);
    return NULL;
}

/* Pages a weekly section has every PLAN_MONTHLY weeks or more often are
 * its regulars; the others get a contents row. */
enum { PLAN_MONTHLY = 4 };

/* Where an entry goes: the contents page, the outline, or both. */
enum { PLAN_CONTENTS = 1, PLAN_OUTLINE = 2 };

static size_t add_entry(ctx_t *c, const char *title, const char *detail, size_t parent,
                        unsigned depth, unsigned where)
{
    if (c->entries->len == MODEL_MAX_ENTRIES && !c->over) {
        diag_error(&c->run->diag, c->at, "this entry takes the outline and contents past %d "
                   "rows (MODEL_MAX_ENTRIES)", MODEL_MAX_ENTRIES);
        c->over = true;
    }
    plan_entry_t *e = arena_alloc(c->a, sizeof *e);
    e->title = plan_plain(c->a, title);
    e->markup = text_escape(c->a, e->title);
    e->detail = detail ? text_escape(c->a, detail) : NULL;
    e->parent = parent;
    e->first_page = c->pages->len;
    e->depth = depth;
    e->in_contents = where & PLAN_CONTENTS;
    e->in_outline = where & PLAN_OUTLINE;
    g_ptr_array_add(c->entries, e);
    return c->entries->len - 1;
}

static plan_page_t *new_page(ctx_t *c, const model_page_t *src, size_t entry,
                             const model_section_t *sec)
{
    plan_page_t *p = arena_alloc(c->a, sizeof *p);
    c->page_texts = 0;
    p->kind = src->kind;
    p->pos = src->pos;
    p->entry = entry;
    p->front = sec->matter == MODEL_MATTER_FRONT;
    p->week = c->week;
    if (c->first) {
        p->range = text_escape(c->a, c->range);
        p->first = *c->first;
        dates_add_days(c->first, 6, &p->last);
    }
    g_ptr_array_add(c->pages, p);
    return p;
}

/* A language pattern with {title} (markup already) and {name} (plain)
 * filled in; the pattern's own text is escaped. */
static const char *titled(ctx_t *c, const char *pat, const char *title, const char *name)
{
    GString *s = g_string_new(NULL);
    for (const char *p = pat; *p;) {
        const char *next = strchr(p, '{');
        size_t n = next ? (size_t)(next - p) : strlen(p);
        g_string_append(s, text_escape(c->a, arena_strndup(c->a, p, n)));
        p += n;
        if (g_str_has_prefix(p, "{title}"))
            g_string_append(s, title), p += 7;
        else if (g_str_has_prefix(p, "{name}"))
            g_string_append(s, text_escape(c->a, name ? name : "")), p += 6;
        else if (*p)
            g_string_append_c(s, *p++);
    }
    const char *r = arena_strdup(c->a, s->str);
    g_string_free(s, TRUE);
    return r;
}

/* "Week 3, continued": the language's pattern with the title in it. */
static const char *continued(ctx_t *c, const char *title)
{
    return title ? titled(c, c->b->lang->word_continued, title, NULL) : NULL;
}

/* The pages of one page entry. */
static void plan_pages_of(ctx_t *c, const model_page_t *pg, size_t entry,
                          const model_section_t *sec)
{
    const model_exercise_t *e = pg->exercise;
    /* A page a weekly section has less than monthly is one people look
     * for: a row of its own on the contents page, and a bookmark. */
    bool special = c->week && e && pg->every > PLAN_MONTHLY;
    /* A page for one person alone comes once for each, with their name. */
    size_t people = e && e->for_whom == MODEL_FOR_EACH && c->b->n_people > 1 ? c->b->n_people : 1;
    c->page = pg;
    c->at = pg->pos;
    for (unsigned n = 0; n < pg->count * people && !c->over; n++) {
        if (special && n == 0)
            add_entry(c, expand(c, &e->title), expand(c, &sec->entry), c->special_parent, 2,
                      PLAN_OUTLINE | (sec->in_contents ? PLAN_CONTENTS : 0));
        plan_page_t *p = new_page(c, pg, entry, sec);
        if (e) {
            bool alone = !c->week && e->standalone_title.text;
            p->title = expand(c, alone ? &e->standalone_title : &e->title);
            p->intro = expand(c, &e->intro);
            p->intro_pos = e->intro.pos;
        }
        if (people > 1) {
            p->person = n % people + 1;
            p->title = titled(c, c->b->lang->word_person, p->title, c->b->people[n % people]);
        }
        pg->kind->plan(c, e, pg->data, p);
        p->continued = continued(c, p->title);
    }
    c->page = NULL;
}

static void plan_pages(ctx_t *c, const model_section_t *sec, size_t entry)
{
    for (size_t i = 0; i < sec->n_pages && !c->over; i++) {
        const model_page_t *pg = &sec->pages[i];
        if (c->week && (c->week < pg->from || (c->week - pg->from) % pg->every != 0))
            continue;
        plan_pages_of(c, pg, entry, sec);
    }
}

/* A weekly section: its pages for each week, under an entry a week. */
/* The week's title, such as "Week 5", as markup. */
static const char *plan_page_entry_title(ctx_t *c, const model_section_t *sec)
{
    return text_escape(c->a, plan_plain(c->a, expand(c, &sec->entry)));
}

/* "weeks 9-13": the language's pattern with the first and last week. */
static const char *weeks_detail(ctx_t *c, unsigned first, unsigned last)
{
    GString *s = g_string_new(NULL);
    for (const char *p = c->b->lang->word_weeks; *p;) {
        if (g_str_has_prefix(p, "{first}"))
            g_string_append_printf(s, "%u", first), p += 7;
        else if (g_str_has_prefix(p, "{last}"))
            g_string_append_printf(s, "%u", last), p += 6;
        else
            g_string_append_c(s, *p++);
    }
    const char *r = arena_strdup(c->a, s->str);
    g_string_free(s, TRUE);
    return r;
}

/* A weekly section: its pages for each week, under an outline entry a
 * week; on the contents page a row a month ("March 2027, weeks 9-13") and
 * a row for each page that comes less than monthly (a letter, cards). */
static void plan_weeks(ctx_t *c, const model_section_t *sec, size_t entry)
{
    const model_book_t *b = c->b;
    GDate first = dates_week_start(&b->start, b->week_starts);
    plan_entry_t *month = NULL;
    unsigned month_first = 0, contents = sec->in_contents ? PLAN_CONTENTS : 0;
    for (unsigned w = 1; w <= b->weeks && !failed(c); w++) {
        GDate last;
        dates_add_days(&first, 6, &last);
        c->week = w;
        c->first = &first;
        c->range = dates_format_range(c->a, &b->lang->names, &first, &last);
        if (!month || g_date_get_month(&first) != g_date_get_month(&c->month)) {
            c->month = first;
            const char *t = dates_format(c->a, &b->lang->names, b->lang->names.month_year, &first);
            size_t m = add_entry(c, t, NULL, entry + 1, 1, contents); /* may move pdata */
            month = c->entries->pdata[m];
            month_first = w;
        }
        size_t child = add_entry(c, expand(c, &sec->entry), c->range, entry + 1, 1, PLAN_OUTLINE);
        size_t before = c->pages->len;
        c->special_parent = entry + 1;
        plan_pages(c, sec, child);
        if (c->pages->len == before) /* every page skipped this week */
            g_ptr_array_remove_index(c->entries, child);
        month->detail = month_first == w ? plan_page_entry_title(c, sec)
                                         : text_escape(c->a, weeks_detail(c, month_first, w));
        dates_add_days(&first, 7, &first);
    }
    c->week = 0;
    c->first = NULL;
}

/* The layout's footer with the variables filled in and {page} kept. */
static const char *plan_footer(ctx_t *c)
{
    const model_text_t *ft = &c->b->layout->footer;
    text_problem_t pr;
    const char *f = text_expand(c->a, ft->text, footer_lookup, c, true, &pr);
    if (f)
        return f;
    diag_error(&c->run->diag, model_text_pos(ft, pr.offset), "%s%s%s in the footer",
               pr.name ? "unknown placeholder {" : pr.message, pr.name ? pr.name : "",
               pr.name ? "}" : "");
    return "";
}

/* The personal variable with the longest value among the {name}s of
 * `tmpl`, or NULL. */
static const model_var_t *longest_var(ctx_t *c, const char *tmpl)
{
    const model_var_t *best = NULL;
    for (const char *p = tmpl ? strchr(tmpl, '{') : NULL; p; p = strchr(p + 1, '{')) {
        const char *end = strchr(p, '}');
        if (!end)
            break;
        const model_var_t *v = model_var_of(c->b, arena_strndup(c->a, p, (size_t)(end - p + 1)));
        if (v && (!best || strlen(v->value) > strlen(best->value)))
            best = v;
    }
    return best;
}

static plan_meta_t plan_meta(ctx_t *c)
{
    const model_book_t *b = c->b;
    const char *title = model_var(b, "title"), *names = model_var(b, "names");
    plan_meta_t m = {.title = title ? title : b->id, .author = names ? names : ""};
    /* The metadata is plain text, not laid out by Pango: no isolates. */
    if (b->author.text) { /* a blank left to write in is no author */
        const char *a = plan_plain(c->a, expand_with(c, &b->author, lookup));
        m.author = strspn(a, "_ ") == strlen(a) ? "" : a;
    }
    m.subject = b->subject.text ? plan_plain(c->a, expand_with(c, &b->subject, lookup)) : "";
    GString *kw = g_string_new(NULL);
    for (size_t i = 0; i < b->n_keywords; i++)
        g_string_append_printf(kw, "%s%s", i ? ", " : "", b->keywords[i]);
    m.keywords = arena_strdup(c->a, kw->str);
    g_string_free(kw, TRUE);
    return m;
}

/* The pointers of `arr` copied, in order, into an array of `size`-byte
 * items in the arena. */
static void *flatten(arena_t *a, GPtrArray *arr, size_t size)
{
    char *items = arena_alloc(a, size * (arr->len + 1));
    for (size_t i = 0; i < arr->len; i++)
        memcpy(items + i * size, arr->pdata[i], size);
    return items;
}

bool plan_build(run_t *run, const model_book_t *b, plan_t **out)
{
    ctx_t c = {.run = run, .a = run->arena, .b = b, .errors = run->diag.errors};
    c.pages = g_ptr_array_new();
    c.entries = g_ptr_array_new();
    c.decks = g_hash_table_new(g_direct_hash, g_direct_equal);
    c.blamed = g_hash_table_new(g_str_hash, g_str_equal);
    for (size_t i = 0; i < b->n_sections && !c.over; i++) {
        const model_section_t *sec = &b->sections[i];
        c.at = sec->pos;
        size_t entry = add_entry(&c, expand(&c, &sec->title), NULL, 0, 0,
                                 PLAN_OUTLINE | (sec->in_contents ? PLAN_CONTENTS : 0));
        if (sec->repeat == MODEL_REPEAT_WEEKLY)
            plan_weeks(&c, sec, entry);
        else
            plan_pages(&c, sec, entry);
    }
    plan_t *p = arena_alloc(c.a, sizeof *p);
    p->style = b->layout;
    p->language = b->lang->code;
    p->n_people = b->n_people;
    p->people = arena_alloc(c.a, sizeof(char *) * (b->n_people + 1));
    for (size_t i = 0; i < b->n_people; i++)
        p->people[i] = text_escape(c.a, b->people[i]);
    p->n_pages = c.pages->len;
    if (b->pad.exercise) { /* planned after the rest, kept one past the end */
        plan_pages_of(&c, &b->pad, c.entries->len ? c.entries->len - 1 : 0,
                      &b->sections[b->n_sections - 1]);
        p->pad_to = b->pad_to;
    }
    p->pages = flatten(c.a, c.pages, sizeof(plan_page_t));
    p->pad = b->pad.exercise ? &p->pages[p->n_pages] : NULL;
    p->n_entries = c.entries->len;
    p->entries = flatten(c.a, c.entries, sizeof(plan_entry_t));
    p->meta = plan_meta(&c);
    p->footer = plan_footer(&c);
    p->footer_var = longest_var(&c, b->layout->footer.text);
    p->words_notes = text_escape(c.a, b->lang->word_notes);
    g_ptr_array_free(c.pages, TRUE);
    g_ptr_array_free(c.entries, TRUE);
    g_hash_table_destroy(c.decks);
    g_hash_table_destroy(c.blamed);
    if (p->n_pages == 0 && !failed(&c))
        diag_error(&run->diag, b->pos, "the book has no pages");
    *out = p;
    return !failed(&c);
}
