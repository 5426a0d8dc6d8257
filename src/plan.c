/* plan: model -> logical pages (see plan.h).
 *
 * Expansion happens here, once: each template is expanded with the book's
 * variables and, inside a weekly section, {week} and {range}. Values are
 * escaped for Pango markup on the way in, so "Sam <3 & Alex" prints as
 * written. Story prompts are dealt from a shuffled deck per exercise: the
 * order depends only on the `seed` variable, and a book that asks for more
 * story pages than an exercise has prompts is an error, never a repeat. */
#include "plan.h"

#include "text.h"

#include <pango/pango.h>
#include <string.h>

typedef struct {
    run_t *run;
    arena_t *a;
    const model_book_t *b;
    unsigned week;
    const char *range; /* plain */
    bool ok;
    GPtrArray *pages, *entries;
    GHashTable *decks; /* exercise -> deck_t* */
} ctx_t;

typedef struct {
    size_t *order;
    size_t next;
} deck_t;

static const char *lookup(void *vctx, const char *name)
{
    ctx_t *c = vctx;
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
    return model_var(b, name);
}

static const char *expand(ctx_t *c, const model_text_t *t)
{
    if (!t->text)
        return NULL;
    text_problem_t pr;
    char *r = text_expand(c->a, t->text, lookup, c, true, &pr);
    if (r)
        return r;
    src_pos_t at = model_text_pos(t, pr.offset);
    if (pr.name && (!strcmp(pr.name, "week") || !strcmp(pr.name, "range")))
        diag_error(&c->run->diag, at, "{%s} is only known on pages of a weekly section",
                   pr.name);
    else if (pr.name) {
        const char *known[64];
        size_t n = 0;
        static const char *const builtin[] = {"week", "range", "start", "end", "year",
                                              "weeks"};
        for (size_t i = 0; i < G_N_ELEMENTS(builtin); i++)
            known[n++] = builtin[i];
        for (size_t i = 0; i < c->b->n_vars && n < 63; i++)
            known[n++] = c->b->vars[i].name;
        known[n] = NULL;
        const char *s = text_suggest(pr.name, known);
        diag_error(&c->run->diag, at, "unknown placeholder {%s}%s%s%s", pr.name,
                   s ? " (did you mean {" : "", s ? s : "", s ? "}?)" : "");
    } else
        diag_error(&c->run->diag, at, "%s", pr.message);
    c->ok = false;
    return "";
}

/* For the footer: {page} stays for layout to fill; braces in values are
 * doubled so a value can never become a placeholder. */
static const char *footer_lookup(void *vctx, const char *name)
{
    ctx_t *c = vctx;
    if (!strcmp(name, "page"))
        return "{page}";
    const char *v = lookup(c, name);
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

static deck_t *deck_for(ctx_t *c, const model_exercise_t *e)
{
    deck_t *d = g_hash_table_lookup(c->decks, e);
    if (d)
        return d;
    d = arena_alloc(c->a, sizeof *d);
    d->order = arena_alloc(c->a, sizeof(size_t) * (e->n_prompts + 1));
    for (size_t i = 0; i < e->n_prompts; i++)
        d->order[i] = i;
    /* Mix the exercise id into the seed so two decks differ. */
    uint64_t s = c->b->seed ^ g_str_hash(e->id);
    for (size_t i = e->n_prompts; i > 1; i--) {
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
static const model_text_t *deal(ctx_t *c, const model_exercise_t *pool, src_pos_t at)
{
    deck_t *d = deck_for(c, pool);
    if (d->next < pool->n_prompts)
        return &pool->prompts[d->order[d->next++]];
    if (c->ok)
        diag_error(&c->run->diag, at,
                   "this book needs more prompts than exercise '%s' has (%zu); prompts "
                   "never repeat within a book, so add prompts or use fewer pages",
                   pool->id, pool->n_prompts);
    c->ok = false;
    return NULL;
}

/* The months a calendar shows: the twelve from the start month (year
 * view), or the months the book's weeks touch (month view); special dates
 * recur every year, on their month and day. */
static void plan_calendar(ctx_t *c, const model_exercise_t *e, plan_page_t *p)
{
    const model_book_t *b = c->b;
    const dates_names_t *N = &b->lang->names;
    GDate first, last = b->start;
    g_date_clear(&first, 1);
    g_date_set_dmy(&first, 1, g_date_get_month(&b->start), g_date_get_year(&b->start));
    unsigned months = 12;
    if (e->month_view) {
        GDate wk = dates_week_start(&b->start, b->week_starts);
        dates_add_days(&wk, (long)b->weeks * 7 - 1, &last);
        months = (unsigned)((g_date_get_year(&last) - g_date_get_year(&first)) * 12 +
                            (int)g_date_get_month(&last) - (int)g_date_get_month(&first) + 1);
    }
    p->month_view = e->month_view;
    for (int d = 0; d < 7; d++)
        p->weekday_heads[d] = text_escape(c->a, N->weekdays_short[(b->week_starts - 1 + d) % 7]);

    /* Special dates: month, day and label. */
    unsigned mark_month[64], mark_day[64];
    const char *mark_label[64];
    size_t n = 0;
    for (size_t i = 0; i < e->n_marks && n < G_N_ELEMENTS(mark_month); i++) {
        text_problem_t pr;
        const model_text_t *dt = &e->mark_dates[i];
        char *ds = text_expand(c->a, dt->text, lookup, c, false, &pr);
        GDate md;
        if (!ds) {
            expand(c, dt); /* reports the problem */
            continue;
        }
        ds = g_strstrip(ds);
        if (!*ds || strspn(ds, "_- ") == strlen(ds))
            continue; /* left blank: nothing to mark */
        if (!dates_parse(ds, &md)) {
            diag_error(&c->run->diag, dt->pos,
                       "a mark's date must be a date written YYYY-MM-DD, not '%s'", ds);
            c->ok = false;
            continue;
        }
        mark_month[n] = g_date_get_month(&md);
        mark_day[n] = g_date_get_day(&md);
        mark_label[n++] = expand(c, &e->mark_labels[i]);
    }

    p->n_months = months;
    p->months = arena_alloc(c->a, sizeof(plan_month_t) * months);
    GDate m = first;
    for (unsigned k = 0; k < months; k++) {
        plan_month_t *pm = &p->months[k];
        const char *t = dates_format(c->a, N, N->month_year, &m);
        pm->title = text_escape(c->a, t);
        pm->offset = ((unsigned)g_date_get_weekday(&m) - (unsigned)b->week_starts + 7) % 7;
        pm->days = g_date_get_days_in_month(g_date_get_month(&m), g_date_get_year(&m));
        for (size_t i = 0; i < n; i++)
            if (mark_month[i] == g_date_get_month(&m) && mark_day[i] <= pm->days)
                pm->marks[mark_day[i]] = pm->marks[mark_day[i]]
                                             ? arena_printf(c->a, "%s, %s",
                                                            pm->marks[mark_day[i]], mark_label[i])
                                             : mark_label[i];
        g_date_add_months(&m, 1);
    }
}

static size_t add_entry(ctx_t *c, const char *title, const char *detail,
                        size_t parent, bool in_contents)
{
    plan_entry_t *e = arena_alloc(c->a, sizeof *e);
    e->title = plan_plain(c->a, title);
    e->detail = detail;
    e->parent = parent;
    e->first_page = c->pages->len;
    e->in_contents = in_contents;
    g_ptr_array_add(c->entries, e);
    return c->entries->len - 1;
}

static plan_page_t *new_page(ctx_t *c, plan_kind_t kind, const model_page_t *src,
                             size_t entry, const model_section_t *sec)
{
    plan_page_t *p = arena_alloc(c->a, sizeof *p);
    p->kind = kind;
    p->pos = src->pos;
    p->entry = entry;
    p->front = sec->front;
    p->week = c->week;
    g_ptr_array_add(c->pages, p);
    return p;
}

static void plan_exercise(ctx_t *c, const model_page_t *src, size_t entry,
                          const model_section_t *sec, const GDate *first)
{
    const model_exercise_t *e = src->exercise;
    static const plan_kind_t KIND[] = {PLAN_TEXT,    PLAN_CHECKIN,   PLAN_GRATITUDE,
                                       PLAN_STORY,   PLAN_NOTES,     PLAN_QUESTIONS,
                                       PLAN_CARDS,   PLAN_QUESTIONS, PLAN_LOG,
                                       PLAN_TRACKER, PLAN_CHART,     PLAN_CALENDAR};
    for (unsigned n = 0; n < src->count; n++) {
        plan_page_t *p = new_page(c, KIND[e->kind], src, entry, sec);
        p->title = expand(c, &e->title);
        p->intro = expand(c, &e->intro);
        if (c->week) {
            p->range = text_escape(c->a, c->range);
            p->first = *first;
            dates_add_days(first, 6, &p->last);
        }
        switch (e->kind) {
        case MODEL_KIND_TEXT:
            p->blocks = arena_alloc(c->a, sizeof(plan_block_t) * (e->n_blocks + 1));
            p->n_blocks = e->n_blocks;
            for (size_t i = 0; i < e->n_blocks; i++) {
                const model_block_t *mb = &e->blocks[i];
                plan_block_t *pb = &p->blocks[i];
                pb->kind = mb->kind;
                pb->pos = mb->kind == MODEL_BLOCK_LIST && mb->n_items ? mb->items[0].pos
                                                                      : mb->text.pos;
                pb->markup = expand(c, &mb->text);
                pb->items = arena_alloc(c->a, sizeof(char *) * (mb->n_items + 1));
                pb->n_items = mb->n_items;
                for (size_t j = 0; j < mb->n_items; j++)
                    pb->items[j] = expand(c, &mb->items[j]);
            }
            break;
        case MODEL_KIND_CHECKIN:
            p->questions = arena_alloc(c->a, sizeof(char *) * (e->n_questions + 1));
            p->n_questions = e->n_questions;
            for (size_t i = 0; i < e->n_questions; i++)
                p->questions[i] = expand(c, &e->questions[i]);
            p->scale_question = expand(c, &e->scale_question);
            p->scale_low = expand(c, &e->scale_low);
            p->scale_high = expand(c, &e->scale_high);
            if (e->deeper) {
                const model_text_t *t = deal(c, e->deeper, src->pos);
                p->deeper = t ? expand(c, t) : NULL;
                p->deeper_label = expand(c, &e->deeper->title);
            }
            break;
        case MODEL_KIND_CARDS:
            p->cards = arena_alloc(c->a, sizeof(char *) * (e->per_page + 1));
            for (unsigned k = 0; k < e->per_page; k++) {
                const model_text_t *t = deal(c, e, src->pos);
                if (!t)
                    break;
                p->cards[p->n_cards++] = expand(c, t);
            }
            break;
        case MODEL_KIND_POOL: {
            /* Printed on its own (a worksheet), a pool deals a page of its
             * prompts, each with lines: the seed picks which. */
            enum { POOL_PAGE = 6 };
            p->lines = 3;
            p->groups = arena_alloc(c->a, sizeof(plan_group_t));
            p->n_groups = 1;
            p->groups[0].prompts = arena_alloc(c->a, sizeof(char *) * (POOL_PAGE + 1));
            for (size_t i = 0; i < POOL_PAGE && i < e->n_prompts; i++) {
                const model_text_t *t = deal(c, e, src->pos);
                if (!t)
                    break;
                p->groups[0].prompts[p->groups[0].n_prompts++] = expand(c, t);
            }
            break;
        }
        case MODEL_KIND_QUESTIONS:
            p->each = e->each;
            p->lines = e->lines;
            p->groups = arena_alloc(c->a, sizeof(plan_group_t) * (e->n_groups + 1));
            p->n_groups = e->n_groups;
            for (size_t g = 0; g < e->n_groups; g++) {
                const model_group_t *mg = &e->groups[g];
                p->groups[g].heading = expand(c, &mg->heading);
                p->groups[g].prompts = arena_alloc(c->a, sizeof(char *) * (mg->n_prompts + 1));
                p->groups[g].n_prompts = mg->n_prompts;
                for (size_t i = 0; i < mg->n_prompts; i++)
                    p->groups[g].prompts[i] = expand(c, &mg->prompts[i]);
            }
            break;
        case MODEL_KIND_TRACKER:
            p->rows = e->rows;
            p->weeks = c->b->weeks;
            break;
        case MODEL_KIND_CHART:
            p->weeks = c->b->weeks;
            break;
        case MODEL_KIND_CALENDAR:
            plan_calendar(c, e, p);
            break;
        case MODEL_KIND_LOG:
            p->entries = e->entries;
            p->lines = e->lines;
            p->date_word = text_escape(c->a, c->b->lang->word_date);
            break;
        case MODEL_KIND_GRATITUDE:
            p->lines = e->lines;
            for (int d = 0; d < 7; d++) {
                GDate day;
                GDate base = c->week ? *first : c->b->start;
                dates_add_days(&base, d, &day);
                p->days[d] = text_escape(
                    c->a, dates_format(c->a, &c->b->lang->names,
                                       c->b->lang->names.date_short, &day));
            }
            break;
        case MODEL_KIND_STORY: {
            const model_text_t *t = deal(c, e, src->pos);
            if (t) {
                p->prompt = expand(c, t);
                p->prompt_pos = t->pos;
            }
            break;
        }
        case MODEL_KIND_NOTES:
            p->notes = src->notes_style >= 0 ? (model_notes_t)src->notes_style : e->notes;
            break;
        }
    }
}

static void plan_pages(ctx_t *c, const model_section_t *sec, size_t entry,
                       const GDate *first)
{
    for (size_t i = 0; i < sec->n_pages; i++) {
        const model_page_t *pg = &sec->pages[i];
        if (c->week && (c->week < pg->from || (c->week - pg->from) % pg->every != 0))
            continue;
        if (pg->kind == MODEL_PAGE_COVER) {
            plan_page_t *p = new_page(c, PLAN_COVER, pg, entry, sec);
            const model_book_t *b = c->b;
            GDate wfirst = dates_week_start(&b->start, b->week_starts), last;
            dates_add_days(&wfirst, (long)b->weeks * 7 - 1, &last);
            p->title = text_escape(c->a, model_var(b, "title") ? model_var(b, "title") : "");
            p->names = model_var(b, "names") ? text_escape(c->a, model_var(b, "names")) : NULL;
            p->dedication = model_var(b, "dedication")
                                ? text_escape(c->a, model_var(b, "dedication"))
                                : NULL;
            /* The span of the weeks, for a book that has weeks. */
            bool weekly = false;
            for (size_t k = 0; k < b->n_sections; k++)
                weekly = weekly || b->sections[k].weekly;
            if (weekly)
                p->dates = text_escape(c->a, dates_format_range(c->a, &b->lang->names,
                                                            &b->start, &last));
        } else if (pg->kind == MODEL_PAGE_CONTENTS) {
            plan_page_t *p = new_page(c, PLAN_CONTENTS, pg, entry, sec);
            p->title = text_escape(c->a, c->b->lang->word_contents);
        } else if (pg->exercise) {
            plan_exercise(c, pg, entry, sec, first);
        }
    }
}

bool plan_build(run_t *run, const model_book_t *b, plan_t **out)
{
    ctx_t c = {.run = run, .a = run->arena, .b = b, .ok = true};
    c.pages = g_ptr_array_new();
    c.entries = g_ptr_array_new();
    c.decks = g_hash_table_new(g_direct_hash, g_direct_equal);

    for (size_t i = 0; i < b->n_sections; i++) {
        const model_section_t *sec = &b->sections[i];
        c.week = 0;
        const char *title = expand(&c, &sec->title);
        size_t entry = add_entry(&c, title, NULL, 0, sec->in_contents);
        if (!sec->weekly) {
            plan_pages(&c, sec, entry, NULL);
            continue;
        }
        GDate first = dates_week_start(&b->start, b->week_starts);
        for (unsigned w = 1; w <= b->weeks && c.ok; w++) {
            GDate last;
            dates_add_days(&first, 6, &last);
            c.week = w;
            c.range = dates_format_range(c.a, &b->lang->names, &first, &last);
            size_t child = add_entry(&c, expand(&c, &sec->entry), c.range, entry + 1,
                                     sec->in_contents);
            size_t before = c.pages->len;
            plan_pages(&c, sec, child, &first);
            if (c.pages->len == before) /* every page skipped this week */
                g_ptr_array_remove_index(c.entries, child);
            dates_add_days(&first, 7, &first);
        }
    }

    plan_t *p = arena_alloc(c.a, sizeof *p);
    p->book = b;
    p->n_pages = c.pages->len;
    p->pages = arena_alloc(c.a, sizeof(plan_page_t) * (p->n_pages + 1));
    for (size_t i = 0; i < p->n_pages; i++)
        p->pages[i] = *(plan_page_t *)c.pages->pdata[i];
    p->n_entries = c.entries->len;
    p->entries = arena_alloc(c.a, sizeof(plan_entry_t) * (p->n_entries + 1));
    for (size_t i = 0; i < p->n_entries; i++)
        p->entries[i] = *(plan_entry_t *)c.entries->pdata[i];

    const char *title = model_var(b, "title");
    const char *names = model_var(b, "names");
    p->title = title ? title : b->id;
    p->author = names ? names : "";
    p->subject = b->subject.text ? plan_plain(c.a, expand(&c, &b->subject)) : "";
    {
        const model_text_t *ft = &b->layout->footer;
        text_problem_t pr;
        c.week = 0;
        p->footer = text_expand(c.a, ft->text, footer_lookup, &c, true, &pr);
        if (!p->footer) {
            c.ok = false;
            p->footer = "";
            diag_error(&run->diag, model_text_pos(ft, pr.offset), "%s%s%s in the footer",
                       pr.name ? "unknown placeholder {" : pr.message, pr.name ? pr.name : "",
                       pr.name ? "}" : "");
        }
    }
    GString *kw = g_string_new(NULL);
    for (size_t i = 0; i < b->n_keywords; i++)
        g_string_append_printf(kw, "%s%s", i ? ", " : "", b->keywords[i]);
    p->keywords = arena_strdup(c.a, kw->str);
    g_string_free(kw, TRUE);

    g_ptr_array_free(c.pages, TRUE);
    g_ptr_array_free(c.entries, TRUE);
    g_hash_table_destroy(c.decks);
    if (p->n_pages == 0 && c.ok) {
        diag_error(&run->diag, b->pos, "the book has no pages");
        c.ok = false;
    }
    *out = p;
    return c.ok;
}
