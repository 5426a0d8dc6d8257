/* tabs: the tablet edition's column of link tabs, a layout step.
 *
 * A PDF read on a tablet is navigated by tapping. With `tablet: {tabs:
 * true}` in the layout, every printed page gets, down the edge away from
 * the device's toolbar (the right edge, or the left one when the toolbar is
 * on the right), a column of tabs: first one back to the contents (when
 * the book has one), then one for each month of the book's weeks, or,
 * when it has none, one for each section of the contents. Each tab is an
 * outlined cell with a short label and a link over it; the tab of the part
 * the page belongs to is drawn in the accent ink. A book of one part gets
 * no tabs: one tab would lead nowhere else. No tab lies within the
 * toolbar's reach from its edge (model.c checks the margins).
 *
 * It runs after the footers, once every page and its entries' pages are
 * known, and adds boxes only: a page at a time, so that a book laid out as
 * a stream (layout.h) adds them to each page as it comes. */
#ifndef KEEPSAKE_TABS_H
#define KEEPSAKE_TABS_H

#include "compose.h"

/* Limits: a tab shorter than TABS_MIN_H cannot be tapped or labelled; one
 * taller than TABS_MAX_H looks like a bar, not a tab. */
#define TABS_MIN_H (7 * COMPOSE_MM)
#define TABS_MAX_H (16 * COMPOSE_MM)
#define TABS_SPACE (1 * COMPOSE_MM) /* between two tabs */

/* The book's tabs, once every printed page and every entry's first page
 * are known (c->pages, c->entry_page): `*out` NULL for a book of one part.
 * False after reporting that they do not fit down the page. */
typedef struct tabs tabs_t;
bool tabs_plan(compose_t *c, tabs_t **out);
/* Add the tabs to printed page `i` of `c`. */
void tabs_add_page(compose_t *c, const tabs_t *t, size_t i);
void tabs_free(tabs_t *t);

#endif
