/*
 * Feeds: RSS 0.9x/2.0, RSS 1.0 (RDF), RSS 0.90, Atom 1.0 and JSON Feed 1.1,
 * parsed from bytes into structs.  The parser never fetches or stores:
 * network access, DTD loading and entity expansion are off.
 */
#ifndef KUZET_FEED_H
#define KUZET_FEED_H

#include <stddef.h>
#include <stdint.h>

#include "kuzet/base.h"
#include "kuzet/limits.h"

/* A date that is absent or could not be read. */
#define KZ_FEED_NO_DATE INT64_MIN

enum kz_feed_format {
	KZ_FEED_RSS20 = 0,
	KZ_FEED_RSS10,
	KZ_FEED_RSS09,
	KZ_FEED_ATOM10,
	KZ_FEED_JSONFEED,
	KZ_FEED_TELEGRAM /* a Telegram channel page (kz_app_telegram_feed) */
};

/* "rss20", "rss10", "rss09", "atom10", "jsonfeed"; static storage. */
const char *kz_feed_format_name(enum kz_feed_format f);

struct kz_feed_enclosure {
	char *url; /* absolute when a base was known; never NULL */
	char *type; /* NULL when not given */
	int64_t length; /* bytes, -1 when not given */
};

/*
 * One item or entry.  Strings are valid UTF-8 plain text (HTML turned into
 * text: tags stripped, entities decoded, whitespace collapsed) or NULL when
 * absent; links are absolute when a base was known.  Dates are unix
 * seconds or KZ_FEED_NO_DATE.
 */
struct kz_feed_entry {
	char *id;
	char *link;
	char *title;
	char *summary;
	char *content;
	char *author;
	int64_t published;
	int64_t updated;
	char **categories;
	size_t n_categories;
	struct kz_feed_enclosure *enclosures;
	size_t n_enclosures;
};

/* A parsed feed; everything in it is owned by it (kz_feed_free). */
struct kz_feed {
	enum kz_feed_format format;
	char encoding[32]; /* what the bytes were in: "utf-8", "koi8-r" */
	char **warnings; /* problems worked around; empty for a clean doc */
	size_t n_warnings;
	char *title;
	char *link;
	char *subtitle;
	char *language;
	int64_t updated;
	struct kz_feed_entry *entries;
	size_t n_entries;
};

/*
 * Parse a feed of len bytes (at most KZ_FEED_MAX_BYTES).  content_type is
 * the HTTP Content-Type (NULL without HTTP): its charset takes part in
 * choosing the encoding (kz_charset_to_utf8 in text.h), and a JSON type
 * or a leading '{' selects JSON Feed.  base_url (may be NULL) resolves
 * relative links, under any xml:base.
 *
 * Fails with KZ_EPARSE (not well-formed XML or JSON, or not a feed),
 * KZ_ECHARSET (a NUL character) or KZ_ELIMIT (a document, nesting, entry
 * count or field past the caps in limits.h); err says where.  libxml2
 * never substitutes entities; the parser itself puts in the text of an
 * internal entity whose value holds no '&' or '<' (bounded by the field
 * cap), and drops every other reference (external, nested) with a
 * warning.  On success *out is a new feed the caller frees with
 * kz_feed_free.
 */
kz_rc kz_feed_parse(const char *data, size_t len, const char *content_type,
    const char *base_url, struct kz_feed **out,
    struct kz_err *err) KZ_MUST_CHECK;

/* Free a feed from kz_feed_parse; NULL is a no-op. */
void kz_feed_free(struct kz_feed *f);

/*
 * Read a date as feeds write it into unix seconds (UTC):
 *  - RFC 822/1123 with or without the weekday and seconds, 2- or 4-digit
 *    years (00-49 -> 20YY, 50-99 -> 19YY), and zones GMT, UT, UTC, Z,
 *    EST/EDT/CST/CDT/MST/MDT/PST/PDT, MSK, military letters (as UTC),
 *    +0600, +06:00, +06, GMT+3, UTC+06:00; no zone means UTC;
 *  - ISO 8601 / W3CDTF: 2025, 2025-09, 2025-09-26, 20250926, with
 *    "T" or a space and hh:mm[:ss[.frac]] and Z, +hh:mm, +hhmm or +hh;
 *  - day-month-year with month names in Russian, Kazakh or English
 *    ("26 сентября 2025, 10:00", "2025 жылғы 26 қыркүйек", "September
 *    26, 2025") and dd.mm.yyyy [hh:mm].
 * Returns KZ_OK and sets *unix_out, or KZ_EPARSE when s[0..n) is not a
 * date (a field out of range counts as not a date).
 */
kz_rc
kz_feed_date_parse(const char *s, size_t n, int64_t *unix_out) KZ_MUST_CHECK;

/* A source read from a list (src/feed/opml.c). */
struct kz_source_entry {
	char *url;
	char *name; /* NULL: none */
	long line; /* where it was read */
};

/*
 * A list of sources: OPML (every <outline> with an xmlUrl, at any depth,
 * named by its title or text) or plain text (one "URL [name]" per line,
 * blank lines and '#' comments skipped), told apart by a leading '<'.
 * URLs must be http or https (or file with allow_file).  OPML that
 * declares entities is refused.  Errors (KZ_EPARSE, KZ_ECHARSET,
 * KZ_ELIMIT) name origin and line; an empty list is an error.  Limits:
 * KZ_SOURCE_IMPORT_MAX entries, KZ_URL_MAX_BYTES per URL,
 * KZ_SOURCE_NAME_MAX_BYTES per name (OPML names are cut there).  Free
 * *out with kz_source_list_free.
 */
kz_rc kz_source_list_parse(const char *p, size_t n, const char *origin,
    int allow_file, struct kz_source_entry **out, size_t *nout,
    struct kz_err *err) KZ_MUST_CHECK;
void kz_source_list_free(struct kz_source_entry *v, size_t n);

#endif
