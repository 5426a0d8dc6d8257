/* pdfpack: the PDF Cairo wrote, packed smaller, with page boxes if asked.
 *
 * Cairo 1.16 writes every object at top level, uncompressed, with a
 * classic cross-reference table. In a tagged book most of the file is
 * then small dictionaries (structure elements, pages, fonts) and the
 * table. pdfpack rewrites the file as PDF 1.5 allows: every object that
 * is not a stream goes into a compressed object stream (/ObjStm, at most
 * PDFPACK_GROUP_OBJECTS objects each), streams are copied byte for byte,
 * and a compressed cross-reference stream (/XRef) replaces the table.
 *
 * Page boxes: Cairo 1.16 has no API for them (1.18 neither: it has only
 * the MediaBox), so when asked each page gets its TrimBox and BleedBox
 * after its /MediaBox as it is packed.
 *
 * Cairo writes to a scratch file (pdfpack_new), read back by offset, so
 * memory stays bounded however long the book: one object stream's worth
 * of objects at a time, and 16 bytes an object (where each is, and
 * Cairo's offsets in the file's order), allocated once Cairo has freed
 * its own, far larger, state. Objects are found through Cairo's own table, never by
 * searching the file (compressed streams may hold any bytes). The rewrite
 * refuses anything it does not expect (an xref stream, an object not
 * where the table says, a generation other than 0, a page without a
 * MediaBox, a trailer key it does not know) rather than guess. The same
 * input gives the same bytes. */
#ifndef KEEPSAKE_PDFPACK_H
#define KEEPSAKE_PDFPACK_H

#include <cairo.h>
#include <stdbool.h>
#include <stddef.h>

/* A rectangle in PDF user space (points, origin bottom left). */
typedef struct {
    double x0, y0, x1, y1;
} pdfpack_rect_t;

typedef struct pdfpack pdfpack_t;

/* Limits: objects in one object stream (qpdf puts 100), and the bytes
 * after which one is closed early, so that a few long objects (the page
 * tree of a long book) never make one large stream held in memory. */
#define PDFPACK_GROUP_OBJECTS 200
#define PDFPACK_GROUP_BYTES (256 * 1024)

/* A packer reading the PDF from `fd`, an empty file open for reading and
 * writing (taken: pdfpack_free closes it). */
pdfpack_t *pdfpack_new(int fd);

/* A cairo_write_func_t appending Cairo's bytes to the file (closure: the
 * pdfpack_t). A failure is kept and reported by pdfpack_finish: Cairo 1.16
 * can abort on an assertion when a stream write fails while it finishes
 * the file. */
cairo_status_t pdfpack_write(void *closure, const unsigned char *data, unsigned int len);

/* Write the packed PDF through `write(closure, ...)`; `boxes` (NULL: none)
 * are the TrimBox and BleedBox of every page. False if it cannot: then
 * `*why` (static text) says what, and `*err` is the errno of a failed
 * read or write, 0 when Cairo's output is not as expected. Part of the PDF
 * may have been written by then. */
bool pdfpack_finish(pdfpack_t *p, const pdfpack_rect_t boxes[2], cairo_write_func_t write,
                    void *closure, const char **why, int *err);

/* Close the file and free `p`. NULL is allowed. */
void pdfpack_free(pdfpack_t *p);

#endif
