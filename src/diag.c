/* diag: message formatting and counting. */
#include "diag.h"

#include <stdarg.h>

void diag_init(diag_t *d, FILE *out)
{
    d->out = out;
    d->errors = d->warnings = d->suppressed = 0;
}

static void emit(diag_t *d, src_pos_t at, const char *what, const char *fmt,
                 va_list ap)
{
    if (at.file && at.line)
        fprintf(d->out, "%s:%u:%u: %s: ", at.file, at.line, at.col ? at.col : 1,
                what);
    else if (at.file)
        fprintf(d->out, "%s: %s: ", at.file, what);
    else
        fprintf(d->out, "keepsake: %s: ", what);
    vfprintf(d->out, fmt, ap);
    fputc('\n', d->out);
}

bool diag_error(diag_t *d, src_pos_t at, const char *fmt, ...)
{
    if (d->errors++ >= DIAG_MAX_ERRORS) {
        d->suppressed++;
        return false;
    }
    va_list ap;
    va_start(ap, fmt);
    emit(d, at, "error", fmt, ap);
    va_end(ap);
    return false;
}

void diag_warning(diag_t *d, src_pos_t at, const char *fmt, ...)
{
    d->warnings++;
    va_list ap;
    va_start(ap, fmt);
    emit(d, at, "warning", fmt, ap);
    va_end(ap);
}

void diag_note(diag_t *d, src_pos_t at, const char *fmt, ...)
{
    if (d->errors > DIAG_MAX_ERRORS)
        return;
    va_list ap;
    va_start(ap, fmt);
    emit(d, at, "note", fmt, ap);
    va_end(ap);
}

void diag_finish(diag_t *d)
{
    if (d->suppressed)
        fprintf(d->out, "keepsake: %u more error%s not shown\n", d->suppressed,
                d->suppressed == 1 ? "" : "s");
    fflush(d->out);
}
