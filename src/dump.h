/* dump: plain-text dumps of laid-out pages, for golden tests and --dump.
 * Fixed precision, '.' as the decimal separator whatever the locale. */
#ifndef KEEPSAKE_DUMP_H
#define KEEPSAKE_DUMP_H

#include "layout.h"

#include <stdio.h>

void dump_layout(FILE *out, const layout_doc_t *doc);

#endif
