/* watch: `keepsake build --watch`, a build again whenever an input changes.
 *
 * Builds the job, then watches the folders of every file the build read
 * (the book, its exercises, layouts and language) with GLib's file
 * monitors, and builds again when a .yaml file in one of them is written,
 * created, removed or renamed. A burst of events (an editor saves in
 * several steps) gives one build, WATCH_SETTLE_MS after the last event. A
 * build that fails prints its errors and, the output being written
 * atomically, leaves the last good PDF as it was. */
#ifndef KEEPSAKE_WATCH_H
#define KEEPSAKE_WATCH_H

#include "build.h"

enum {
    WATCH_SETTLE_MS = 200, /* quiet time after the last event before a build */
    WATCH_MAX_FOLDERS = 256, /* folders watched; a book reads files from few */
};

/* Build `job` now and after each change, until SIGINT or SIGTERM; then
 * returns RUN_EXIT_OK. job->inputs must be NULL (watch uses it). */
int watch_run(const build_job_t *job);

#endif
