/* Shared internals of src/html: reading a document, collecting text, times. */
#ifndef KZ_HTML_INT_H
#define KZ_HTML_INT_H

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <stdint.h>

#include "kuzet/base.h"

/*
 * Parse html[0..len) with libxml2's HTML parser (no network, errors quiet,
 * recovering).  Without a declared non-UTF-8 charset the bytes are read as
 * UTF-8, invalid sequences replaced by U+FFFD and NULs dropped first.
 * Returns a document the caller frees with xmlFreeDoc, or NULL with err set
 * (KZ_ELIMIT past KZ_HTML_MAX_BYTES, KZ_EPARSE).
 */
htmlDocPtr kz_html_read(const char *html, size_t len, struct kz_err *err);

/* The value of attribute name on element n as a borrowed string, or NULL
 * (only plain text attribute values are looked at). */
const char *kz_html_attr(const xmlNode *n, const char *name);

/* 1 if element n's class attribute holds the word cls. */
int kz_html_has_class(const xmlNode *n, const char *cls);

/*
 * A text writer: collapses whitespace runs (ASCII and U+00A0) into one
 * space, keeps paragraph breaks as "\n" and never starts or ends a line
 * with a space.  Text past the buffer's cap is dropped whole (full = 1),
 * so the output stays valid UTF-8.
 */
struct kz_tw {
	struct kz_buf b;
	int space; /* a space is pending before the next word */
	int full;
};
void kz_tw_init(struct kz_tw *w, size_t max);
void kz_tw_text(struct kz_tw *w, const char *s);
/* End the current paragraph (at most one "\n" in a row). */
void kz_tw_para(struct kz_tw *w);
/* A hard line break (<br>): "\n", at most two in a row. */
void kz_tw_line(struct kz_tw *w);
/* Trim trailing newlines and hand the text over (free()). */
char *kz_tw_take(struct kz_tw *w, size_t *len);

/*
 * Parse a date-time as pages write it: ISO 8601 / RFC 3339
 * ("2019-11-19T13:02:11+03:00", "2019-11-19T10:02:11.000Z", "2019-11-19",
 * "2019-11-19 13:02") or RFC 822 ("Tue, 19 Nov 2019 13:02:11 GMT").  A time
 * without a zone is taken as UTC.  Returns 1 and sets *t (unix seconds)
 * when s starts with such a date (after spaces), else 0.
 */
int kz_html_time_parse(const char *s, int64_t *t);

/* Unix seconds of a civil date-time in UTC (no range checks). */
int64_t kz_html_epoch(int y, int m, int d, int hh, int mi, int ss);

/* Copy s (at most max bytes, cut at a character boundary) with whitespace
 * collapsed and trimmed; NULL when nothing is left.  free(). */
char *kz_html_clean(const char *s, size_t max);

#endif
