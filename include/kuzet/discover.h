/* Telling what a fetched document is, and finding the feeds a page links. */
#ifndef KUZET_DISCOVER_H
#define KUZET_DISCOVER_H

#include <stddef.h>

#include "kuzet/base.h"

/* What a body looks like. */
enum kz_doc_kind {
	KZ_DOC_UNKNOWN = 0,
	KZ_DOC_FEED, /* XML with an rss, feed or rdf:RDF root, or JSON Feed */
	KZ_DOC_TELEGRAM, /* a t.me/s/ channel page */
	KZ_DOC_HTML /* any other HTML page */
};

/*
 * Guess the kind of a body from its URL, Content-Type (may be NULL) and
 * first bytes: a t.me/s/ URL is Telegram; a JSON object with a "version"
 * naming jsonfeed.org is a feed; XML whose first element is rss, feed or
 * RDF is a feed; text/html or markup starting with <!doctype html / <html
 * is HTML.
 */
enum kz_doc_kind kz_discover_kind(
    const char *url, const char *content_type, const char *body, size_t len);

/*
 * The feeds an HTML page announces with <link rel="alternate"
 * type="application/rss+xml|atom+xml|feed+json|json"> (autodiscovery), made
 * absolute against base_url, in page order, at most max.  On success *urls
 * is a malloc'd array of *n malloc'd strings (free each, then the array);
 * none found is KZ_OK with *n == 0.
 */
kz_rc kz_discover_feeds(const char *html, size_t len, const char *base_url,
    size_t max, char ***urls, size_t *n, struct kz_err *err) KZ_MUST_CHECK;

#endif
