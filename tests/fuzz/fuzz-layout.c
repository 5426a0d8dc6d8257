/* Fuzz target: lay out arbitrary text on pages. The input is split at
 * newlines into the personal variables title, names and dedication of
 * tests/fuzz/book.yaml, which reach the cover, the contents, the headings
 * and the check-in's name columns. Whatever they hold, the run must end in a
 * layout or in reported errors, never a crash; and no text box may end
 * below the page. */
#include "fuzz.h"
#include "fonts.h"
#include "layout.h"
#include "plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *sink;
    static PangoFontMap *map; /* kept across runs: fontconfig set-up is slow */
    if (!sink)
        sink = fopen("/dev/null", "w");
    char *buf = g_strndup((const char *)data, size);
    char *parts[3] = {buf, "", ""};
    for (int i = 1; i < 3; i++) {
        char *nl = strchr(parts[i - 1], '\n');
        if (!nl)
            break;
        *nl = '\0';
        parts[i] = nl + 1;
    }
    model_setting_t sets[3] = {{"title", parts[0], NULL}, {"names", parts[1], NULL},
                               {"dedication", parts[2], NULL}};
    run_t *run = run_new(sink, getenv("KEEPSAKE_DATA") ? getenv("KEEPSAKE_DATA") : ".");
    model_book_t *book;
    plan_t *plan;
    layout_doc_t *doc = NULL;
    const char *path = "tests/fuzz/book.yaml";
    if (model_build(run, path, "tests/fuzz/a6-fuzz.yaml", sets, 3, &book) &&
        plan_build(run, book, &plan)) {
        if (!map)
            map = fonts_open(run, book->layout, book->fonts_dir);
        if (!map)
            abort();
        if (layout_paginate(run, plan, map, &doc)) {
            for (size_t i = 0; i < doc->n_pages; i++)
                for (size_t j = 0; j < doc->pages[i].n_boxes; j++) {
                    const layout_box_t *b = &doc->pages[i].boxes[j];
                    if (b->kind == LAYOUT_BOX_TEXT && b->y + b->h > doc->page_h + 0.01)
                        abort(); /* text ran off the page */
                }
        } else if (run->diag.errors == 0) {
            abort();
        }
    } else if (run->diag.errors == 0) {
        abort();
    }
    layout_free(doc);
    run_free(run);
    g_free(buf);
    return 0;
}
