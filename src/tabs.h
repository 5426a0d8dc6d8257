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
 * known, and adds boxes only. */
#ifndef KEEPSAKE_TABS_H
#define KEEPSAKE_TABS_H

#include "compose.h"

/* Limits: a tab shorter than TABS_MIN_H cannot be tapped or labelled; one
 * taller than TABS_MAX_H looks like a bar, not a tab. */
#define TABS_MIN_H (7 * COMPOSE_MM)
#define TABS_MAX_H (16 * COMPOSE_MM)
#define TABS_SPACE (1 * COMPOSE_MM) /* between two tabs */

/* Add the tabs to every page of `c`. False after reporting that they do
 * not fit down the page. */
bool tabs_add(compose_t *c);

#endif
