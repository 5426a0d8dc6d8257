/* watch: see watch.h. */
#include "watch.h"

#include <gio/gio.h>
#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    const build_job_t *job;
    GMainLoop *loop;
    GHashTable *folders; /* canonical folder -> GFileMonitor* (owned) */
    guint settle;        /* the pending build's timeout, 0: none */
    char *changed;       /* the file of the last event (for the message) */
} watch_t;

static void build_now(watch_t *w);

static gboolean settled(gpointer data)
{
    watch_t *w = data;
    w->settle = 0;
    fprintf(stderr, "keepsake: %s changed; building again\n", w->changed ? w->changed : "a file");
    build_now(w);
    return G_SOURCE_REMOVE;
}

/* Only .yaml files are inputs: the PDF written, its temporary file and an
 * editor's swap and backup files (.book.yaml.swp, book.yaml~) are not. */
static bool is_input(GFile *f)
{
    char *base = f ? g_file_get_basename(f) : NULL;
    bool yes = base && base[0] != '.' && g_str_has_suffix(base, ".yaml");
    g_free(base);
    return yes;
}

static void on_event(GFileMonitor *m, GFile *file, GFile *other, GFileMonitorEvent ev,
                     gpointer data)
{
    watch_t *w = data;
    (void)m;
    if (ev == G_FILE_MONITOR_EVENT_PRE_UNMOUNT || ev == G_FILE_MONITOR_EVENT_UNMOUNTED)
        return;
    GFile *f = is_input(file) ? file : is_input(other) ? other : NULL;
    if (!f)
        return;
    g_free(w->changed);
    w->changed = g_file_get_path(f);
    if (w->settle) /* a burst: wait for it to end */
        g_source_remove(w->settle);
    w->settle = g_timeout_add(WATCH_SETTLE_MS, settled, w);
}

/* Watch the folder of `path`, if it is not watched yet. */
static void watch_folder(watch_t *w, const char *path)
{
    char *abs = g_canonicalize_filename(path, NULL);
    char *dir = g_path_get_dirname(abs);
    g_free(abs);
    if (g_hash_table_contains(w->folders, dir) ||
        g_hash_table_size(w->folders) >= WATCH_MAX_FOLDERS) {
        g_free(dir);
        return;
    }
    GFile *f = g_file_new_for_path(dir);
    GError *err = NULL;
    GFileMonitor *m = g_file_monitor_directory(f, G_FILE_MONITOR_WATCH_MOVES, NULL, &err);
    g_object_unref(f);
    if (!m) {
        fprintf(stderr, "%s: warning: cannot watch this folder: %s\n", dir, err->message);
        g_error_free(err);
        g_free(dir);
        return;
    }
    g_signal_connect(m, "changed", G_CALLBACK(on_event), w);
    g_hash_table_insert(w->folders, dir, m);
}

/* One build; then every folder it read a file from is watched (a new
 * exercise the book names is watched from the build that reads it). */
static void build_now(watch_t *w)
{
    GPtrArray *inputs = g_ptr_array_new_with_free_func(g_free);
    build_job_t job = *w->job;
    job.inputs = inputs;
    build_run(&job);
    watch_folder(w, w->job->book);
    if (w->job->layout && (strchr(w->job->layout, '/') || g_str_has_suffix(w->job->layout, ".yaml")))
        watch_folder(w, w->job->layout);
    for (size_t i = 0; i < inputs->len; i++)
        watch_folder(w, inputs->pdata[i]);
    g_ptr_array_unref(inputs);
    fflush(stderr);
}

static gboolean on_signal(gpointer data)
{
    watch_t *w = data;
    g_main_loop_quit(w->loop);
    return G_SOURCE_CONTINUE;
}

int watch_run(const build_job_t *job)
{
    watch_t w = {.job = job, .loop = g_main_loop_new(NULL, FALSE),
                 .folders = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                                  g_object_unref)};
    guint sigint = g_unix_signal_add(SIGINT, on_signal, &w);
    guint sigterm = g_unix_signal_add(SIGTERM, on_signal, &w);
    build_now(&w);
    fprintf(stderr, "keepsake: watching %u folder%s for changes to .yaml files; Ctrl-C stops\n",
            g_hash_table_size(w.folders), g_hash_table_size(w.folders) == 1 ? "" : "s");
    g_main_loop_run(w.loop);
    if (w.settle)
        g_source_remove(w.settle);
    g_source_remove(sigint);
    g_source_remove(sigterm);
    g_hash_table_destroy(w.folders);
    g_main_loop_unref(w.loop);
    g_free(w.changed);
    return RUN_EXIT_OK;
}
