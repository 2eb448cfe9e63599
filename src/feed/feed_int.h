/* Internals of the feed parser shared by its XML and JSON halves. */
#ifndef KZ_FEED_INT_H
#define KZ_FEED_INT_H

#include "kuzet/feed.h"

/* Add a warning (at most KZ_FEED_LIST_MAX are kept). */
void kz_feed_warn(struct kz_feed *f, const char *fmt, ...) KZ_PRINTF(2, 3);

/*
 * Turn p[0..n) into plain text appended to out: with html != 0 tags are
 * stripped (block elements become spaces, script and style are dropped)
 * and entities decoded; whitespace runs become one space and the ends are
 * trimmed.  KZ_ELIMIT past KZ_FEED_FIELD_MAX_BYTES.
 */
kz_rc kz_feed_text(struct kz_buf *out, const char *p, size_t n,
    int html) KZ_MUST_CHECK;

/* A new string: the text of p[0..n) (as kz_feed_text); NULL when empty.
 * what names the field in the error. */
kz_rc kz_feed_str(char **dst, const char *p, size_t n, int html,
    const char *what, struct kz_err *err) KZ_MUST_CHECK;

/* Append a new zeroed entry (dates KZ_FEED_NO_DATE); KZ_ELIMIT past
 * KZ_FEED_ENTRIES_MAX. */
kz_rc kz_feed_entry_add(struct kz_feed *f, struct kz_feed_entry **out,
    struct kz_err *err) KZ_MUST_CHECK;

/* Add a category (the string is taken over) / an enclosure; extra ones
 * past KZ_FEED_LIST_MAX are dropped. */
void kz_feed_category_add(struct kz_feed_entry *e, char *cat);
void kz_feed_enclosure_add(
    struct kz_feed_entry *e, char *url, char *type, int64_t length);

/* Parse a JSON Feed from UTF-8 text into f. */
kz_rc kz_feed_json_parse(const char *p, size_t n, struct kz_feed *f,
    struct kz_err *err) KZ_MUST_CHECK;

/* Parse an XML feed from UTF-8 text into f. */
kz_rc kz_feed_xml_parse(const char *p, size_t n, const char *base_url,
    struct kz_feed *f, struct kz_err *err) KZ_MUST_CHECK;

#endif
