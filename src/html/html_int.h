/* Shared internals of src/html: reading a document, collecting text, times. */
#ifndef KZ_HTML_INT_H
#define KZ_HTML_INT_H

#include <stdint.h>

#include "html/dom.h"
#include "kuzet/base.h"

/*
 * Parse html[0..len) with kuzet's HTML tree builder (dom.h).  A UTF-16 BOM
 * or a charset declared in the page's first 4 KB other than UTF-8 is
 * converted to UTF-8 first (iconv, bad sequences become U+FFFD; an
 * encoding iconv does not know is read as UTF-8).  UTF-8 is read in place:
 * text and attribute values with invalid sequences or NULs are copied with
 * U+FFFD for each bad byte and NULs dropped.  Returns a document the
 * caller frees with kz_hdoc_free, or NULL with err set (KZ_ELIMIT past
 * KZ_HTML_MAX_BYTES or KZ_HTML_NODES_MAX).  The document may point into
 * html, which must outlive it.
 */
struct kz_hdoc *kz_html_read(const char *html, size_t len, struct kz_err *err);

/* The value of attribute name (lower case; one of the kept KZ_A_* names,
 * others are never found) on element n as a borrowed NUL-terminated
 * string, or NULL. */
const char *kz_html_attr(const struct kz_hnode *n, const char *name);

/* The value of the known attribute id (KZ_A_*) on element n, or NULL. */
static inline const char *
kz_html_attr_id(const struct kz_hnode *n, enum kz_attr id)
{
	if (!(n->amask & (1u << id)))
		return NULL;
	for (uint16_t i = 0; i < n->nattr; i++)
		if (n->attr[i].id == (uint32_t)id)
			return n->attr[i].value;
	return NULL;
}

/* 1 if element n's class attribute holds the word cls. */
int kz_html_has_class(const struct kz_hnode *n, const char *cls);

/* The text of n and its descendants (script and style included), joined,
 * NUL-terminated, at most max bytes (cut at a text node's boundary).
 * free(). */
char *kz_html_node_text(const struct kz_hnode *n, size_t max);

/* Next node after n in document order within root: into n's children
 * unless skip, else its next sibling or an ancestor's.  NULL at the end. */
static inline struct kz_hnode *
kz_hnode_step(const struct kz_hnode *n, const struct kz_hnode *root, int skip)
{
	if (!skip && n->first != NULL)
		return n->first;
	while (n != root && n->next == NULL)
		n = n->parent;
	return n == root ? NULL : n->next;
}

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
void kz_tw_text(struct kz_tw *w, const char *s, size_t n);
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
