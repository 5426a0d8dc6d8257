/* pdfboxes: set every page's TrimBox and BleedBox in a PDF Cairo wrote.
 *
 * Cairo 1.16 has no API for page boxes (1.18 neither: it has only the
 * MediaBox), so keepsake writes the PDF to memory and rewrites it: each
 * page object gets the two boxes after its /MediaBox, and the
 * cross-reference table is written again with the objects' new offsets.
 * Objects are found through Cairo's own cross-reference table, never by
 * searching the file (compressed streams may hold any bytes). The rewrite
 * refuses anything it does not expect (an xref stream, an object not
 * where the table says, a page without a MediaBox) rather than guess. */
#ifndef KEEPSAKE_PDFBOXES_H
#define KEEPSAKE_PDFBOXES_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

/* A rectangle in PDF user space (points, origin bottom left). */
typedef struct {
    double x0, y0, x1, y1;
} pdfboxes_rect_t;

/* Rewrite the PDF `pdf` (`len` bytes) into `out` (appended to) with the
 * TrimBox `trim` and the BleedBox `bleed` on every page. False, `out`
 * unchanged and `*why` (static text) saying what was unexpected, if the
 * PDF is not as Cairo writes it. */
bool pdfboxes_rewrite(const unsigned char *pdf, size_t len, const pdfboxes_rect_t *trim,
                      const pdfboxes_rect_t *bleed, GByteArray *out, const char **why);

#endif
