/* dump: see dump.h. One line a page, one line a box:
 *   page 3 kind=check-in label=1
 *     text x=51.02 y=39.69 w=120.00 h=14.40 ink=accent "Week 1"
 */
#include "dump.h"

#include "text.h"

#include <string.h>

static const char *const KIND[] = {"text", "rule", "leader", "dots", "grid",
                                   "circle", "ornament", "link", "cut", "rect", "disc"};
static const char *const INK[] = {"text", "accent", "rule", "muted"};
static const char *const ROLE[] = {"decoration", "h", "p", "li", "label", "writing",
                                   "link", "footer", "nav"};

static void dump_text(FILE *out, const layout_box_t *b)
{
    const char *all = pango_layout_get_text(b->text);
    PangoLayoutLine *first = pango_layout_get_line_readonly(b->text, b->line_first);
    PangoLayoutLine *last =
        pango_layout_get_line_readonly(b->text, b->line_first + b->line_count - 1);
    size_t start = (size_t)first->start_index;
    size_t end = (size_t)(last->start_index + last->length);
    fputs(" \"", out);
    for (size_t i = start; i < end && all[i]; i++) {
        char ch = all[i];
        if (ch == '\n')
            fputs("\\n", out);
        else if (ch == '"' || ch == '\\')
            fprintf(out, "\\%c", ch);
        else
            fputc(ch, out);
    }
    fputc('"', out);
}

void dump_layout(FILE *out, const layout_doc_t *doc)
{
    char f[6][32];
    fprintf(out, "document pages=%zu size=%sx%s margins=%s,%s,%s,%s duplex=%s\n",
            doc->n_pages, text_fmt(f[0], 32, doc->page_w, 2),
            text_fmt(f[1], 32, doc->page_h, 2), text_fmt(f[2], 32, doc->margin_top, 2),
            text_fmt(f[3], 32, doc->margin_bottom, 2), text_fmt(f[4], 32, doc->margin_inner, 2),
            text_fmt(f[5], 32, doc->margin_outer, 2), doc->duplex ? "yes" : "no");
    for (size_t i = 0; i < doc->n_outline; i++)
        fprintf(out, "outline %s\"%s\" page=%zu\n", doc->outline[i].parent ? "  " : "",
                doc->outline[i].title, doc->outline[i].page + 1);
    for (size_t i = 0; i < doc->n_pages; i++) {
        const layout_page_t *pg = &doc->pages[i];
        fprintf(out, "page %zu kind=%s label=%s\n", i + 1, pg->kind, pg->label);
        for (size_t j = 0; j < pg->n_boxes; j++) {
            const layout_box_t *b = &pg->boxes[j];
            fprintf(out, "  %s x=%s y=%s w=%s h=%s", KIND[b->kind],
                    text_fmt(f[0], 32, b->x, 2), text_fmt(f[1], 32, b->y, 2),
                    text_fmt(f[2], 32, b->w, 2), text_fmt(f[3], 32, b->h, 2));
            if (b->kind != LAYOUT_BOX_LINK)
                fprintf(out, " ink=%s", INK[b->ink]);
            if (b->role == LAYOUT_ROLE_HEADING)
                fprintf(out, " role=h%d", b->level);
            else if (b->kind != LAYOUT_BOX_LINK || b->role == LAYOUT_ROLE_NAV)
                fprintf(out, " role=%s", ROLE[b->role]); /* a tab's link says it is one */
            if (b->kind == LAYOUT_BOX_DOTS || b->kind == LAYOUT_BOX_GRID)
                fprintf(out, " step=%s", text_fmt(f[4], 32, b->step, 2));
            if (b->kind == LAYOUT_BOX_LINK)
                fprintf(out, " page=%zu", b->target + 1);
            if (b->kind == LAYOUT_BOX_TEXT)
                dump_text(out, b);
            fputc('\n', out);
        }
    }
}
