/*
 * kuzet base: return codes, error details, checked allocation, capped
 * buffers and UTF-8 checks.  libc only.
 */
#ifndef KUZET_BASE_H
#define KUZET_BASE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define KZ_MUST_CHECK __attribute__((warn_unused_result))
#define KZ_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define KZ_MUST_CHECK
#define KZ_PRINTF(a, b)
#endif

typedef enum kz_rc {
	KZ_OK = 0,
	KZ_EUSAGE,
	KZ_EIO,
	KZ_EPARSE,
	KZ_ELIMIT,
	KZ_ECHARSET,
	KZ_ENOTFOUND,
	KZ_EEXIST,
	KZ_EDB,
	KZ_ENET,
	KZ_EHTTP,
	KZ_EPERM,
	KZ_EINTERNAL,
	KZ_ECONFLICT
} kz_rc;

/* Error details, written by whoever detects the problem. */
struct kz_err {
	kz_rc rc;
	char msg[512];
};

/*
 * Record rc and a printf-style message in err (which may be NULL) and return
 * rc, so callers write `return kz_fail(err, KZ_EPARSE, "x:%d: ...", line);`.
 */
kz_rc
kz_fail(struct kz_err *err, kz_rc rc, const char *fmt, ...) KZ_PRINTF(3, 4);

/* A short English name of rc ("parse error"); static storage. */
const char *kz_rc_str(kz_rc rc);

/* Allocation that aborts the process on out-of-memory (STYLE 7.3). */
void *kz_xmalloc(size_t n);
void *kz_xcalloc(size_t nmemb, size_t size);
void *kz_xrealloc(void *p, size_t n);
/* Overflow-checked realloc of nmemb * size bytes; aborts on overflow. */
void *kz_xreallocarray(void *p, size_t nmemb, size_t size);
/* For an array that grows by appending one at a time without keeping its
 * capacity: the capacity to grow to before adding element n (4, then
 * doubling), or 0 while there is room. */
static inline size_t
kz_grow_cap(size_t n)
{
	return n == 0 ? 4 : n >= 4 && (n & (n - 1)) == 0 ? 2 * n : 0;
}
char *kz_xstrdup(const char *s);
char *kz_xstrndup(const char *s, size_t n);
/* printf into a new string; the caller frees it with free(). */
char *kz_xasprintf(const char *fmt, ...) KZ_PRINTF(1, 2);

/*
 * A growable, always NUL-terminated, binary-safe byte buffer with a cap.
 * Appending past `max` bytes fails with KZ_ELIMIT and leaves the buffer
 * unchanged.  The buffer owns `data`; kz_buf_fini frees it.
 */
struct kz_buf {
	char *data; /* NULL until the first append */
	size_t len;
	size_t cap;
	size_t max;
};

/* Initialise an empty buffer that may hold at most max bytes. */
void kz_buf_init(struct kz_buf *b, size_t max);
void kz_buf_fini(struct kz_buf *b);
/* Empty the buffer, keeping its memory. */
void kz_buf_reset(struct kz_buf *b);
kz_rc kz_buf_append(struct kz_buf *b, const void *p, size_t n) KZ_MUST_CHECK;
kz_rc kz_buf_puts(struct kz_buf *b, const char *s) KZ_MUST_CHECK;
kz_rc kz_buf_putc(struct kz_buf *b, char c) KZ_MUST_CHECK;
kz_rc kz_buf_printf(struct kz_buf *b, const char *fmt, ...) KZ_MUST_CHECK
    KZ_PRINTF(2, 3);
kz_rc
kz_buf_vprintf(struct kz_buf *b, const char *fmt, va_list ap) KZ_MUST_CHECK;
/* The contents as a C string ("" when empty); owned by the buffer. */
const char *kz_buf_str(const struct kz_buf *b);
/* Hand the contents over as a malloc'd NUL-terminated string (free());
 * the buffer is left empty. Never NULL. */
char *kz_buf_take(struct kz_buf *b);

/* A borrowed view of bytes. */
struct kz_str {
	const char *p;
	size_t n;
};

/*
 * Check that p[0..n) is valid UTF-8 (no overlongs, surrogates or code
 * points past U+10FFFF).  Returns 1 if valid, else 0 and, if bad_off is
 * not NULL, the offset of the first bad byte.
 */
int kz_utf8_valid(const char *p, size_t n, size_t *bad_off);

/*
 * Decode one code point at p (n bytes available).  Returns its length in
 * bytes (1..4) and stores the code point in *cp, or returns 0 for an invalid
 * or truncated sequence.
 */
size_t kz_utf8_decode(const char *p, size_t n, uint32_t *cp);
/* Encode cp into out (at least 4 bytes); returns the length. */
size_t kz_utf8_encode(uint32_t cp, char *out);
/* Number of code points in a valid UTF-8 string. */
size_t kz_utf8_len(const char *p, size_t n);
/* The bytes of s (NUL-terminated) to print in at most max bytes without
 * cutting a character in two: for "%.*s" in messages. */
int kz_utf8_clip(const char *s, int max);

/*
 * Lower-case a UTF-8 string for matching: ASCII, Cyrillic (incl. Kazakh
 * letters ә ғ қ ң ө ұ ү һ і and ё→е).  Returns a malloc'd string (free()).
 */
char *kz_utf8_fold(const char *p, size_t n);

/*
 * Read a whole file into a new buffer capped at max bytes.  Fails with
 * KZ_EIO (naming the path) or KZ_ELIMIT when the file is larger than max.
 * On success *out holds the bytes (NUL-terminated) and *out_len the
 * length; the caller frees *out with free().
 */
kz_rc kz_file_read(const char *path, size_t max, char **out, size_t *out_len,
    struct kz_err *err) KZ_MUST_CHECK;

/* 1 if the lower-case code point cp is a letter only Kazakh Cyrillic has
 * (ә ғ қ ң ө ұ ү һ і). */
int kz_cp_kazakh(uint32_t cp);
/* The value of a hex digit, or -1. */
int kz_hexval(int c);

/* SHA-256 of p[0..n) as 64 lower-case hex digits and a NUL in out. */
void kz_sha256_hex(const void *p, size_t n, char out[65]);

/* Trim ASCII and Unicode (U+00A0) whitespace from both ends, in place of a
 * view. */
struct kz_str kz_str_trim(struct kz_str s);

#endif
