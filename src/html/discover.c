/* Document kind detection and feed autodiscovery (kuzet's HTML parser;
 * libxml2 resolves the relative links). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/uri.h>

#include "html/html_int.h"
#include "kuzet/discover.h"
#include "kuzet/limits.h"

/* Case-insensitive "starts with" over a view. */
static int
starts(const char *p, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);
	return n >= k && strncasecmp(p, prefix, k) == 0;
}

/* Skip a BOM, whitespace, XML declaration, comments and doctype; return the
 * offset of the first element's name (after '<'), or len. */
static size_t
first_element(const char *p, size_t len)
{
	size_t i = 0;
	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len) {
		while (i < len &&
		    (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' ||
		        p[i] == '\r'))
			i++;
		if (i >= len || p[i] != '<')
			return len;
		if (i + 1 < len && (p[i + 1] == '?' || p[i + 1] == '!')) {
			const char *end = NULL;
			if (starts(p + i, len - i, "<!--")) {
				for (size_t j = i + 4; j + 2 < len; j++)
					if (memcmp(p + j, "-->", 3) == 0) {
						end = p + j + 2;
						break;
					}
			} else {
				end = memchr(p + i, '>', len - i);
			}
			if (end == NULL)
				return len;
			i = (size_t)(end - p) + 1;
			continue;
		}
		return i + 1;
	}
	return len;
}

enum kz_doc_kind
kz_discover_kind(
    const char *url, const char *content_type, const char *body, size_t len)
{
	if (url != NULL &&
	    (strstr(url, "://t.me/s/") != NULL ||
	        strstr(url, "://telegram.me/s/") != NULL))
		return KZ_DOC_TELEGRAM;
	size_t scan = len < 4096 ? len : 4096;
	size_t i = 0;
	while (i < scan &&
	    (body[i] == ' ' || body[i] == '\n' || body[i] == '\r' ||
	        body[i] == '\t'))
		i++;
	if (i < scan && body[i] == '{') {
		/* JSON Feed: the version URL appears near the start */
		for (size_t j = i; j + 12 < scan; j++)
			if (memcmp(body + j, "jsonfeed.org", 12) == 0)
				return KZ_DOC_FEED;
		return KZ_DOC_UNKNOWN;
	}
	size_t e = first_element(body, scan);
	if (e < scan) {
		const char *p = body + e;
		size_t n = scan - e;
		if (starts(p, n, "rss") || starts(p, n, "feed") ||
		    starts(p, n, "rdf:RDF") || starts(p, n, "RDF"))
			return KZ_DOC_FEED;
		if (starts(p, n, "html"))
			return KZ_DOC_HTML;
	}
	if (content_type != NULL && strstr(content_type, "html") != NULL)
		return KZ_DOC_HTML;
	/* a prefix with a namespace (<atom:feed>) or UTF-16 bytes: let the
	 * feed parser decide */
	if (content_type != NULL &&
	    (strstr(content_type, "xml") != NULL ||
	        strstr(content_type, "rss") != NULL))
		return KZ_DOC_FEED;
	return KZ_DOC_UNKNOWN;
}

static int
is_feed_type(const char *t)
{
	static const char *const types[] = {"application/rss+xml",
	    "application/atom+xml", "application/feed+json", "application/json",
	    "application/rdf+xml", "text/xml", "application/xml"};
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		if (strncasecmp(t, types[i], strlen(types[i])) == 0)
			return 1;
	return 0;
}

/* 1 if the space-separated rel list holds "alternate". */
static int
rel_alternate(const char *rel)
{
	const char *p = rel;
	while (*p != '\0') {
		while (*p == ' ' || *p == '\t')
			p++;
		const char *s = p;
		while (*p != '\0' && *p != ' ' && *p != '\t')
			p++;
		if (p - s == 9 && strncasecmp(s, "alternate", 9) == 0)
			return 1;
	}
	return 0;
}

struct found {
	char **urls;
	size_t n, max;
	const char *base;
};

static void
walk(const struct kz_hnode *root, struct found *f)
{
	for (const struct kz_hnode *c = root; c != NULL && f->n < f->max;
	     c = kz_hnode_step(c, root, 0)) {
		const char *rel, *type, *href;

		if (c->tag != KZ_TAG_LINK)
			continue;
		rel = kz_html_attr_id(c, KZ_A_REL);
		type = kz_html_attr_id(c, KZ_A_TYPE);
		href = kz_html_attr_id(c, KZ_A_HREF);
		if (rel && type && href && rel_alternate(rel) &&
		    is_feed_type(type)) {
			xmlChar *abs = f->base
			    ? xmlBuildURI((const xmlChar *)href,
			          (const xmlChar *)f->base)
			    : NULL;
			const char *u = abs ? (char *)abs : href;
			if (strlen(u) <= KZ_URL_MAX_BYTES)
				f->urls[f->n++] = kz_xstrdup(u);
			xmlFree(abs);
		}
	}
}

kz_rc
kz_discover_feeds(const char *html, size_t len, const char *base_url,
    size_t max, char ***urls, size_t *n, struct kz_err *err)
{
	struct kz_hdoc *doc;
	struct kz_err perr = {0};

	if (len > KZ_HTML_MAX_BYTES)
		return kz_fail(err, KZ_ELIMIT, "%s: page over %u bytes",
		    base_url ? base_url : "page", KZ_HTML_MAX_BYTES);
	doc = kz_html_read(html, len, &perr);
	struct found f = {
	    kz_xcalloc(max ? max : 1, sizeof(char *)), 0, max, base_url};
	if (doc != NULL) {
		walk(doc->root, &f);
		kz_hdoc_free(doc);
	}
	*urls = f.urls;
	*n = f.n;
	return KZ_OK;
}
