/* pdfpack: see pdfpack.h.
 *
 * The layout of Cairo 1.16's output that this relies on: "%PDF-1.N", then
 * objects "N 0 obj ... endobj", a classic cross-reference table ("xref",
 * subsections of 20-byte entries), a "trailer" dictionary (/Size, /Root,
 * /Info, perhaps /ID) and "startxref" with its offset at the end; each page
 * a dictionary object without a stream, beginning "<< /Type /Page" and
 * holding "/MediaBox [ ... ]".
 *
 * An object's bytes run from its offset in the table to the next offset
 * in the file (or to the table): "N 0 obj", its body, "endobj", blanks.
 * A stream object is one whose body ends with "endstream" on a line of its
 * own: no other object can end so. Only the two ends of each object are
 * read to tell; bodies are read again when their object stream is
 * compressed, in chunks. The output: a header, the streams in Cairo's
 * order as they come, each object stream as it fills, the
 * cross-reference stream. */
#include "pdfpack.h"

#include "text.h"

#include <errno.h>
#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

/* Bytes read or written at a time; also the most of an object read at
 * once (the head and tail of any object, a whole page object). */
enum { PDFPACK_CHUNK = 64 * 1024 };

/* Limit: more objects than this is not a PDF keepsake wrote (a 100000-page
 * book has about a million). */
#define PDFPACK_MAX_OBJECTS 50000000

/* An object's head, "N 0 obj" and the blanks after, fits in this many
 * bytes; its tail, "endstream", "endobj" and blanks, too. */
enum { PDFPACK_END_BYTES = 64 };

/* zlib's settings for the object streams and the cross-reference stream,
 * as measured on the 137-page benchmark book (callgrind, whole build).
 * Level 3 packs it to 186,865 bytes and costs 2.6% of the build's
 * instructions; level 6 (zlib's default, lazy matching) gains 2.2%
 * (182,772 bytes) for 4.3%; level 1, 187,927 bytes for 2.5%. The
 * structure elements, all alike, compress well whatever the effort, and
 * their likes are near: a 4 KB window and a small hash (memory level 4)
 * pack the book smaller still (184,711 bytes) in 24 KB of state instead
 * of zlib's default 256 KB, which would add to the peak of a long book. */
enum { PDFPACK_LEVEL = 3, PDFPACK_WINDOW_BITS = 12, PDFPACK_MEM_LEVEL = 4 };

/* The cross-reference stream's rows: type (1 byte), offset or object
 * stream (`w` bytes), generation or index (2 bytes: object 0 is free with
 * generation 65535). */
enum { PDFPACK_GEN_BYTES = 2 };

struct pdfpack {
    int fd;      /* the scratch file Cairo writes to */
    int err;     /* the first error writing it */
    size_t size; /* bytes written to it */
    size_t n;    /* bytes waiting in buf */
    unsigned char buf[PDFPACK_CHUNK];
};

/* Where an object is, by number, in 64 bits: the top two its state, the
 * rest its place. Free: 0. In Cairo's file, not yet written: SLOT_CAIRO
 * and its offset there. Written at top level: SLOT_TOP and its offset in
 * the output. In an object stream: SLOT_PACKED, the stream's number and
 * (16 bits) the object's index in it. The states other than SLOT_CAIRO are
 * the cross-reference stream's types. Eight bytes an object, and eight
 * more for Cairo's offsets sorted: the pass's only memory that grows
 * with the book. */
typedef uint64_t slot_t;
enum { SLOT_FREE, SLOT_TOP, SLOT_PACKED, SLOT_CAIRO };
#define SLOT(state, v) ((slot_t)(state) << 62 | (slot_t)(v))
#define SLOT_STATE(s) ((unsigned)((s) >> 62))
#define SLOT_VALUE(s) ((s) & (((slot_t)1 << 62) - 1))
G_STATIC_ASSERT(PDFPACK_GROUP_OBJECTS <= 0xffff);

/* An object waiting for its object stream: its body [body, end) in
 * Cairo's file, and where the boxes go (0: none). */
typedef struct {
    size_t num, body, end, insert;
} member_t;

typedef struct {
    int fd;
    size_t size;              /* Cairo's file */
    unsigned char *win;       /* a window on it: [win_at, win_at + win_len) */
    size_t win_at, win_len;
    cairo_write_func_t write; /* the output */
    void *closure;
    size_t written;
    slot_t *e;                /* by object number: Cairo's, then the new ones */
    size_t n_obj, n_new, cap; /* Cairo's objects; new ones so far; room in e */
    member_t group[PDFPACK_GROUP_OBJECTS];
    size_t n_group, group_bytes;
    const char *boxes; /* text put after each page's MediaBox; NULL: none */
    size_t boxes_len, n_pages;
    z_stream z;
    GByteArray *zout; /* the stream being compressed */
    int err;          /* errno of a failed read or write */
    const char *why;
} pack_t;

static bool blank(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

/* memmem() is a GNU extension. */
static const unsigned char *find(const unsigned char *hay, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    for (size_t i = 0; m <= n && i <= n - m; i++)
        if (hay[i] == (unsigned char)needle[0] && !memcmp(hay + i, needle, m))
            return hay + i;
    return NULL;
}

/* A decimal number at `*p` (below `end`), then skip the blanks after it. */
static bool number(const unsigned char **p, const unsigned char *end, size_t *out)
{
    size_t v = 0;
    const unsigned char *s = *p;
    if (s >= end || *s < '0' || *s > '9')
        return false;
    while (s < end && *s >= '0' && *s <= '9') {
        if (v > PDFPACK_MAX_OBJECTS * (size_t)1000)
            return false;
        v = v * 10 + (size_t)(*s++ - '0');
    }
    while (s < end && blank(*s))
        s++;
    *p = s;
    *out = v;
    return true;
}

/* `v` in decimal into `buf` (room for 20 digits), not terminated; the
 * digits' count. Each object stream's header holds two numbers an object:
 * printf costs tens of times more. */
static size_t decimal(char *buf, size_t v)
{
    char rev[20];
    size_t n = 0;
    do
        rev[n++] = (char)('0' + v % 10);
    while ((v /= 10));
    for (size_t i = 0; i < n; i++)
        buf[i] = rev[n - 1 - i];
    return n;
}

static bool fail(pack_t *k, const char *why)
{
    k->why = why;
    return false;
}

/* ---- reading Cairo's file ---- */

/* Bytes [off, off + n) of Cairo's file (n <= PDFPACK_CHUNK), valid until
 * the next call; NULL if the file is shorter or cannot be read. */
static const unsigned char *at(pack_t *k, size_t off, size_t n)
{
    if (off >= k->win_at && off - k->win_at + n <= k->win_len)
        return k->win + (off - k->win_at);
    if (n > PDFPACK_CHUNK || off > k->size || n > k->size - off) {
        k->why = "an offset past the end of the file";
        return NULL;
    }
    size_t want = MIN((size_t)PDFPACK_CHUNK, k->size - off), got = 0;
    while (got < want) {
        ssize_t r = pread(k->fd, k->win + got, want - got, (off_t)(off + got));
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            k->err = r < 0 ? errno : EIO;
            k->why = "cannot read the scratch file";
            k->win_len = 0;
            return NULL;
        }
        got += (size_t)r;
    }
    k->win_at = off;
    k->win_len = got;
    return k->win;
}

/* The byte at `pos`, or -1. */
static int byte_at(pack_t *k, size_t pos)
{
    const unsigned char *s = pos < k->size ? at(k, pos, 1) : NULL;
    return s ? *s : -1;
}

/* ---- writing the output ---- */

static void put(pack_t *k, const void *data, size_t len)
{
    if (!k->err && k->write(k->closure, data, (unsigned int)len) != CAIRO_STATUS_SUCCESS) {
        k->err = EIO;
        k->why = "cannot write the PDF";
    }
    k->written += len;
}

static void put_str(pack_t *k, const char *s)
{
    put(k, s, strlen(s));
}

/* ---- compressing a stream into k->zout ---- */

static void squeeze(pack_t *k, const void *data, size_t len, int flush)
{
    unsigned char buf[16 * 1024];
    k->z.next_in = (Bytef *)data;
    k->z.avail_in = (uInt)len;
    int r;
    do {
        k->z.next_out = buf;
        k->z.avail_out = sizeof buf;
        r = deflate(&k->z, flush);
        if (r == Z_STREAM_ERROR)
            g_error("deflate: %s", k->z.msg ? k->z.msg : "stream error");
        g_byte_array_append(k->zout, buf, (guint)(sizeof buf - k->z.avail_out));
    } while (k->z.avail_out == 0 || (flush == Z_FINISH && r != Z_STREAM_END));
}

/* [from, to) of Cairo's file, a window at a time: copied to the output,
 * or compressed into k->zout when `compress`. */
static bool pass_range(pack_t *k, size_t from, size_t to, bool compress)
{
    while (from < to) {
        size_t n = MIN((size_t)PDFPACK_CHUNK, to - from);
        const unsigned char *p = at(k, from, n);
        if (!p)
            return false;
        if (compress)
            squeeze(k, p, n, Z_NO_FLUSH);
        else
            put(k, p, n);
        from += n;
    }
    return true;
}

/* Write the compressed stream as object `num` with the dictionary entries
 * `dict`. */
static void put_stream(pack_t *k, size_t num, const char *dict)
{
    char head[128];
    squeeze(k, NULL, 0, Z_FINISH);
    snprintf(head, sizeof head, "%zu 0 obj\n<< ", num);
    put_str(k, head);
    put_str(k, dict);
    snprintf(head, sizeof head, " /Filter /FlateDecode /Length %u >>\nstream\n", k->zout->len);
    put_str(k, head);
    put(k, k->zout->data, k->zout->len);
    put_str(k, "\nendstream\nendobj\n");
    g_byte_array_set_size(k->zout, 0);
    deflateReset(&k->z);
}

/* A new object's number; its entry is at the output's current end. */
static size_t new_object(pack_t *k)
{
    size_t num = k->n_obj + k->n_new++;
    if (num >= k->cap) { /* an object stream per PDFPACK_GROUP_OBJECTS, mostly */
        k->cap += k->cap / 64 + 16;
        k->e = g_renew(slot_t, k->e, k->cap);
    }
    k->e[num] = SLOT(SLOT_TOP, k->written);
    return num;
}

/* ---- the objects ---- */

/* Write the waiting objects as one object stream: "NUM OFFSET" pairs,
 * then the bodies, each followed by a newline. */
static bool flush_group(pack_t *k)
{
    if (!k->n_group)
        return true;
    size_t num = new_object(k), pos = 0, first = 0;
    char head[PDFPACK_GROUP_OBJECTS * 42]; /* "NUM OFFSET " */
    for (size_t j = 0; j < k->n_group; j++) {
        const member_t *m = &k->group[j];
        k->e[m->num] = SLOT(SLOT_PACKED, num << 16 | j);
        first += decimal(head + first, m->num);
        head[first++] = ' ';
        first += decimal(head + first, pos);
        head[first++] = j + 1 < k->n_group ? ' ' : '\n';
        pos += m->end - m->body + (m->insert ? k->boxes_len : 0) + 1;
    }
    squeeze(k, head, first, Z_NO_FLUSH);
    for (size_t j = 0; j < k->n_group; j++) {
        const member_t *m = &k->group[j];
        size_t split = m->insert ? m->insert : m->end;
        if (!pass_range(k, m->body, split, true))
            return false;
        if (m->insert) {
            squeeze(k, k->boxes, k->boxes_len, Z_NO_FLUSH);
            if (!pass_range(k, split, m->end, true))
                return false;
        }
        squeeze(k, "\n", 1, Z_NO_FLUSH);
    }
    char dict[96];
    snprintf(dict, sizeof dict, "/Type /ObjStm /N %zu /First %zu", k->n_group, first);
    put_stream(k, num, dict);
    k->n_group = 0;
    k->group_bytes = 0;
    return true;
}

/* Where the boxes go in the page whose body is [body, end): after its
 * MediaBox's closing bracket; 0 if it is not a page, SIZE_MAX if it is
 * one Cairo would not write. */
static size_t page_insert(pack_t *k, size_t body, size_t end)
{
    static const char page[] = "<< /Type /Page";
    size_t m = sizeof page - 1;
    const unsigned char *s = at(k, body, MIN(end - body, m + 1));
    if (!s || end - body <= m || memcmp(s, page, m) || !strchr(" %/>\r\n", s[m]))
        return 0; /* another object (/Pages has an 's' here) */
    if (end - body > PDFPACK_CHUNK || !(s = at(k, body, end - body)))
        return SIZE_MAX;
    const unsigned char *mb = find(s, end - body, "/MediaBox");
    const unsigned char *close = mb ? memchr(mb, ']', end - body - (size_t)(mb - s)) : NULL;
    return close ? body + (size_t)(close + 1 - s) : SIZE_MAX;
}

/* The object whose bytes are [off, next): copied if it is a stream, else
 * put in the object stream being filled. */
static bool object(pack_t *k, size_t off, size_t next)
{
    size_t n = MIN((size_t)PDFPACK_END_BYTES, next - off), num, gen;
    const unsigned char *s = at(k, off, n), *p = s, *end = s ? s + n : NULL;
    if (!s)
        return false;
    /* the table says this object is here, and it is not written yet */
    if (!number(&p, end, &num) || num >= k->n_obj || k->e[num] != SLOT(SLOT_CAIRO, off) ||
        !number(&p, end, &gen) || (size_t)(end - p) < 3 || memcmp(p, "obj", 3))
        return fail(k, "an object is not where the cross-reference table says");
    if (gen != 0)
        return fail(k, "an object of a generation other than 0");
    for (p += 3; p < end && blank(*p); p++)
        ;
    size_t body = off + (size_t)(p - s);
    /* the tail, backwards: blanks, "endobj", blanks */
    size_t t0 = MAX(body, next - MIN(next - off, (size_t)PDFPACK_END_BYTES));
    if (!(s = at(k, t0, next - t0)))
        return false;
    size_t i = next - t0;
    while (i > 0 && blank(s[i - 1]))
        i--;
    if (i < 7 || memcmp(s + i - 6, "endobj", 6) || !blank(s[i - 7]))
        return fail(k, "an object does not end with endobj");
    for (i -= 6; i > 0 && blank(s[i - 1]); i--)
        ;
    size_t bend = t0 + i;
    if (i >= 10 && !memcmp(s + i - 9, "endstream", 9) && (s[i - 10] == '\n' || s[i - 10] == '\r')) {
        k->e[num] = SLOT(SLOT_TOP, k->written);
        return pass_range(k, off, next, false);
    }
    size_t insert = k->boxes ? page_insert(k, body, bend) : 0;
    if (insert == SIZE_MAX)
        return fail(k, "a page has no MediaBox, or is longer than 64 KB");
    k->n_pages += insert != 0;
    k->group[k->n_group++] = (member_t){num, body, bend, insert};
    k->group_bytes += bend - body;
    if (k->n_group == PDFPACK_GROUP_OBJECTS || k->group_bytes >= PDFPACK_GROUP_BYTES)
        return flush_group(k);
    return true;
}

/* ---- Cairo's cross-reference table and trailer ---- */

/* The offset "startxref" gives, from the file's last bytes. */
static bool startxref(pack_t *k, size_t *out)
{
    size_t n = MIN(k->size, (size_t)PDFPACK_END_BYTES);
    const unsigned char *t = at(k, k->size - n, n), *end = t ? t + n : NULL;
    const unsigned char *s = t ? find(t, n, "startxref") : NULL;
    if (!s)
        return fail(k, "no startxref at its end");
    for (s += strlen("startxref"); s < end && blank(*s); s++)
        ;
    if (!number(&s, end, out) || *out >= k->size)
        return fail(k, "no startxref at its end");
    return true;
}

/* The table at `xref`, into k->e; `*trailer`: where the trailer begins. */
static bool read_table(pack_t *k, size_t xref, size_t *trailer)
{
    static const char *no_table = "no classic cross-reference table where startxref says";
    size_t pos = xref;
    const unsigned char *s = at(k, pos, MIN(k->size - pos, (size_t)PDFPACK_END_BYTES)), *p;
    if (!s || k->size - pos < 5 || memcmp(s, "xref", 4))
        return fail(k, no_table);
    int c;
    for (pos += 4; (c = byte_at(k, pos)) >= 0 && blank((unsigned char)c); pos++)
        ;
    /* subsections: "FIRST COUNT", then COUNT entries of 20 bytes */
    while ((c = byte_at(k, pos)) >= 0 && c != 't') {
        size_t first, count, n = MIN(k->size - pos, (size_t)PDFPACK_END_BYTES);
        p = s = at(k, pos, n);
        if (!s || !number(&p, s + n, &first) || !number(&p, s + n, &count) ||
            first + count > PDFPACK_MAX_OBJECTS || (k->size - pos) / 20 < count)
            return fail(k, no_table);
        pos += (size_t)(p - s);
        if (first + count > k->n_obj) {
            k->e = g_renew(slot_t, k->e, first + count);
            memset(k->e + k->n_obj, 0, (first + count - k->n_obj) * sizeof *k->e);
            k->n_obj = k->cap = first + count;
        }
        for (size_t i = 0; i < count; i++, pos += 20) {
            size_t off;
            if (!(s = at(k, pos, 20)))
                return fail(k, no_table);
            p = s;
            if (s[17] == 'f')
                continue;
            if (s[17] != 'n' || !number(&p, s + 10, &off) || off == 0 || off >= xref)
                return fail(k, no_table);
            k->e[first + i] = SLOT(SLOT_CAIRO, off);
        }
    }
    *trailer = pos;
    if (!k->n_obj)
        return fail(k, no_table);
    return true;
}

/* The trailer's entries other than /Size, as text for the cross-reference
 * stream's dictionary, into `keys`: /Root and /Info (references) and /ID
 * (an array of two strings), copied as they are. */
static bool read_trailer(pack_t *k, size_t pos, GString *keys)
{
    static const char *odd = "a trailer that is not Cairo's (/Size, /Root, /Info, /ID)";
    size_t n = k->size - pos, size = 0;
    const unsigned char *s = n <= PDFPACK_CHUNK ? at(k, pos, n) : NULL, *end, *p;
    if (!s || n < 9 || memcmp(s, "trailer", 7))
        return fail(k, "no trailer after the cross-reference table");
    end = s + n;
    for (p = s + 7; p < end && blank(*p); p++)
        ;
    if (end - p < 2 || memcmp(p, "<<", 2))
        return fail(k, odd);
    for (p += 2;;) {
        while (p < end && blank(*p))
            p++;
        if (end - p >= 2 && !memcmp(p, ">>", 2))
            break;
        const unsigned char *key = p, *v;
        if (p >= end || *p++ != '/')
            return fail(k, odd);
        while (p < end && g_ascii_isalpha(*p))
            p++;
        size_t klen = (size_t)(p - key), a, b;
        while (p < end && blank(*p))
            p++;
        v = p;
        if (klen == 5 && !memcmp(key, "/Size", 5)) {
            if (!number(&p, end, &size))
                return fail(k, odd);
            continue;
        } else if ((klen == 5 && !memcmp(key, "/Root", 5)) ||
                   (klen == 5 && !memcmp(key, "/Info", 5))) {
            if (!number(&p, end, &a) || !number(&p, end, &b) || b != 0 || a >= k->n_obj ||
                p >= end || *p++ != 'R')
                return fail(k, odd);
        } else if (klen == 3 && !memcmp(key, "/ID", 3)) {
            while (p < end && *p != ']' && (*p == '[' || *p == '<' || *p == '>' || blank(*p) ||
                                            g_ascii_isxdigit(*p)))
                p++;
            if (*v != '[' || p >= end || *p++ != ']')
                return fail(k, odd);
        } else {
            return fail(k, odd);
        }
        g_string_append_c(keys, ' ');
        g_string_append_len(keys, (const char *)key, (gssize)(p - key));
    }
    if (size != k->n_obj)
        return fail(k, "the trailer's /Size is not the table's");
    return true;
}

/* ---- the new cross-reference ---- */

static int by_offset(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* The cross-reference stream, object number last, rows predicted from the
 * row above (PNG's Up) so that runs of like entries compress to little;
 * then startxref. */
static void put_xref(pack_t *k, const GString *keys)
{
    size_t num = new_object(k), xref_at = k->written, size = k->n_obj + k->n_new, w = 1;
    while (w < sizeof(size_t) && (MAX(xref_at, size) >> (8 * w)))
        w++;
    size_t cols = 1 + w + PDFPACK_GEN_BYTES;
    unsigned char prev[1 + sizeof(size_t) + PDFPACK_GEN_BYTES] = {0}, row[sizeof prev + 1];
    unsigned char buf[8 * 1024];
    size_t used = 0;
    for (size_t i = 0; i < size; i++) {
        unsigned type = SLOT_STATE(k->e[i]);
        size_t v = SLOT_VALUE(k->e[i]), f2 = v, f3 = 0;
        if (type == SLOT_PACKED)
            f2 = v >> 16, f3 = v & 0xffff;
        else if (type == SLOT_FREE)
            f2 = 0, f3 = i ? 0 : 65535; /* object 0 heads the free list */
        unsigned char cur[sizeof prev];
        cur[0] = (unsigned char)type;
        for (size_t b = 0; b < w; b++)
            cur[1 + b] = (unsigned char)(f2 >> (8 * (w - 1 - b)));
        cur[1 + w] = (unsigned char)(f3 >> 8);
        cur[2 + w] = (unsigned char)f3;
        row[0] = 2; /* Up */
        for (size_t b = 0; b < cols; b++)
            row[1 + b] = (unsigned char)(cur[b] - prev[b]);
        memcpy(prev, cur, cols);
        if (used + cols + 1 > sizeof buf) {
            squeeze(k, buf, used, Z_NO_FLUSH);
            used = 0;
        }
        memcpy(buf + used, row, cols + 1);
        used += cols + 1;
    }
    squeeze(k, buf, used, Z_NO_FLUSH);
    GString *dict = g_string_new(NULL);
    g_string_printf(dict, "/Type /XRef /Size %zu /W [ 1 %zu %d ]%s", size, w, PDFPACK_GEN_BYTES,
                    keys->str);
    g_string_append_printf(dict, " /DecodeParms << /Columns %zu /Predictor 12 >>", cols);
    put_stream(k, num, dict->str);
    g_string_free(dict, TRUE);
    char tail[64];
    snprintf(tail, sizeof tail, "startxref\n%zu\n%%%%EOF\n", xref_at);
    put_str(k, tail);
}

/* The header: Cairo's version if 1.5 or later (object streams need 1.5),
 * and the comment of binary bytes that tells file tools it is not text. */
static bool put_header(pack_t *k)
{
    const unsigned char *s = at(k, 0, MIN(k->size, (size_t)16));
    if (!s || k->size < 16 || memcmp(s, "%PDF-1.", 7) || s[7] < '0' || s[7] > '9')
        return fail(k, "no %PDF-1. header");
    char head[32];
    snprintf(head, sizeof head, "%%PDF-1.%c\n%%\xb5\xed\xae\xfb\n", MAX(s[7], '5'));
    put_str(k, head);
    return true;
}

static bool pack(pack_t *k)
{
    size_t xref, trailer, n_used = 0;
    size_t *order = NULL; /* Cairo's objects' offsets, in the file's order */
    GString *keys = g_string_new(NULL);
    bool ok = false;
    if (!startxref(k, &xref) || !read_table(k, xref, &trailer) ||
        !read_trailer(k, trailer, keys))
        goto out;
    /* Cairo's objects in the file's order: each ends where the next begins */
    order = g_new(size_t, k->n_obj);
    for (size_t i = 0; i < k->n_obj; i++)
        if (SLOT_STATE(k->e[i]) == SLOT_CAIRO)
            order[n_used++] = SLOT_VALUE(k->e[i]);
    qsort(order, n_used, sizeof *order, by_offset);
    for (size_t i = 1; i < n_used; i++)
        if (order[i] == order[i - 1]) {
            fail(k, "two objects at one offset");
            goto out;
        }
    if (!put_header(k))
        goto out;
    for (size_t i = 0; i < n_used; i++) {
        size_t next = i + 1 < n_used ? order[i + 1] : xref;
        if (!object(k, order[i], next))
            goto out;
    }
    if (!flush_group(k))
        goto out;
    if (k->boxes && !k->n_pages) {
        fail(k, "no pages");
        goto out;
    }
    put_xref(k, keys);
    ok = !k->err;
out:
    g_free(order);
    g_string_free(keys, TRUE);
    return ok;
}

/* ---- the scratch file ---- */

pdfpack_t *pdfpack_new(int fd)
{
    pdfpack_t *p = g_new0(pdfpack_t, 1);
    p->fd = fd;
    return p;
}

static void flush(pdfpack_t *p)
{
    const unsigned char *s = p->buf;
    size_t len = p->n;
    p->n = 0;
    while (len > 0 && !p->err) {
        ssize_t n = write(p->fd, s, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            p->err = n < 0 ? errno : EIO;
            break;
        }
        s += n;
        len -= (size_t)n;
        p->size += (size_t)n;
    }
}

cairo_status_t pdfpack_write(void *closure, const unsigned char *data, unsigned int len)
{
    pdfpack_t *p = closure;
    while (len > 0) {
        size_t n = MIN((size_t)len, sizeof p->buf - p->n);
        memcpy(p->buf + p->n, data, n);
        p->n += n;
        data += n;
        len -= (unsigned int)n;
        if (p->n == sizeof p->buf)
            flush(p);
    }
    return CAIRO_STATUS_SUCCESS;
}

static void boxes_text(GString *g, const pdfpack_rect_t boxes[2])
{
    static const char *names[2] = {"TrimBox", "BleedBox"};
    for (int i = 0; i < 2; i++) {
        char f[4][32];
        const pdfpack_rect_t *r = &boxes[i];
        g_string_append_printf(g, "\n   /%s [ %s %s %s %s ]", names[i],
                               text_fmt(f[0], 32, r->x0, 2), text_fmt(f[1], 32, r->y0, 2),
                               text_fmt(f[2], 32, r->x1, 2), text_fmt(f[3], 32, r->y1, 2));
    }
}

bool pdfpack_finish(pdfpack_t *p, const pdfpack_rect_t boxes[2], cairo_write_func_t write,
                    void *closure, const char **why, int *err)
{
    flush(p);
    if (p->err) {
        *why = "cannot write the scratch file";
        *err = p->err;
        return false;
    }
    pack_t k = {.fd = p->fd, .size = p->size, .write = write, .closure = closure};
    GString *b = g_string_new(NULL);
    if (boxes) {
        boxes_text(b, boxes);
        k.boxes = b->str;
        k.boxes_len = b->len;
    }
    k.win = p->buf; /* Cairo is done writing: its buffer is free */
    k.zout = g_byte_array_new();
    if (deflateInit2(&k.z, PDFPACK_LEVEL, Z_DEFLATED, PDFPACK_WINDOW_BITS, PDFPACK_MEM_LEVEL,
                     Z_DEFAULT_STRATEGY) != Z_OK)
        g_error("out of memory");
    bool ok = pack(&k);
    deflateEnd(&k.z);
    g_byte_array_free(k.zout, TRUE);
    g_free(k.e);
    g_string_free(b, TRUE);
    *why = k.why ? k.why : "cannot write the PDF";
    *err = k.err;
    return ok;
}

void pdfpack_free(pdfpack_t *p)
{
    if (!p)
        return;
    if (p->fd >= 0)
        close(p->fd);
    g_free(p);
}
