/* Article metadata: title, publication time, language, canonical URL. */
#include <libxml/uri.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html/html_int.h"
#include "html/meta_int.h"
#include "kuzet/limits.h"
#include "kuzet/text.h"

/* Date sources, best first. */
enum { D_META_ART, D_ITEMPROP, D_JSONLD, D_META_OTHER, D_TIME, D_N };

struct meta {
	char *og_title, *title, *h1, *lang, *canonical, *og_url;
	int has[D_N];
	int64_t t[D_N];
	const struct kz_hnode *h1_node;
};

static void
set_str(char **dst, const char *s, size_t max)
{
	if (*dst == NULL && s != NULL)
		*dst = kz_html_clean(s, max);
}

static void
set_time(struct meta *m, int k, const char *s)
{
	int64_t t;

	if (!m->has[k] && kz_html_time_parse(s, &t)) {
		m->has[k] = 1;
		m->t[k] = t;
	}
}

static int
lc_eq(const char *a, const char *b)
{
	if (a == NULL)
		return 0;
	for (; *a != '\0' && *b != '\0'; a++, b++) {
		char c = *a;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		if (c != *b)
			return 0;
	}
	return *a == '\0' && *b == '\0';
}

/* What a <meta> name or property gives. */
enum { K_OG_TITLE, K_OG_URL, K_PUBLISHED, K_LANG, K_DATE };

static const struct {
	const char *name;
	int what;
} meta_names[] = {
    {"og:title", K_OG_TITLE},
    {"og:url", K_OG_URL},
    {"article:published_time", K_PUBLISHED},
    {"language", K_LANG},
    {"dc.language", K_LANG},
    {"og:published_time", K_DATE},
    {"pubdate", K_DATE},
    {"publishdate", K_DATE},
    {"publish-date", K_DATE},
    {"publish_date", K_DATE},
    {"date", K_DATE},
    {"dc.date.issued", K_DATE},
    {"dc.date", K_DATE},
    {"dcterms.created", K_DATE},
    {"dcterms.issued", K_DATE},
    {"dcterms.date", K_DATE},
    {"sailthru.date", K_DATE},
    {"parsely-pub-date", K_DATE},
    {"article.published", K_DATE},
    {"datepublished", K_DATE},
    {"published_time", K_DATE},
    {"article_date_original", K_DATE},
    {"originalpublicationdate", K_DATE},
};

static void
on_meta(struct meta *m, const struct kz_hnode *n)
{
	const char *content = kz_html_attr_id(n, KZ_A_CONTENT);
	const char *k = kz_html_attr_id(n, KZ_A_PROPERTY);
	char k0;

	if (content == NULL)
		return;
	if (k == NULL)
		k = kz_html_attr_id(n, KZ_A_NAME);
	if (lc_eq(kz_html_attr_id(n, KZ_A_ITEMPROP), "datepublished"))
		set_time(m, D_ITEMPROP, content);
	if (lc_eq(kz_html_attr_id(n, KZ_A_HTTP_EQUIV), "content-language"))
		set_str(&m->lang, content, 64);
	if (k == NULL)
		return;
	/* the first byte, lower-cased, rules most names out at once */
	k0 = (char)(k[0] >= 'A' && k[0] <= 'Z' ? k[0] + 32 : k[0]);
	for (size_t i = 0; i < sizeof meta_names / sizeof meta_names[0]; i++) {
		if (meta_names[i].name[0] != k0 ||
		    !lc_eq(k, meta_names[i].name))
			continue;
		switch (meta_names[i].what) {
		case K_OG_TITLE:
			set_str(&m->og_title, content, KZ_TITLE_MAX_BYTES);
			break;
		case K_OG_URL:
			set_str(&m->og_url, content, KZ_URL_MAX_BYTES);
			break;
		case K_PUBLISHED:
			set_time(m, D_META_ART, content);
			break;
		case K_LANG:
			set_str(&m->lang, content, 64);
			break;
		default:
			set_time(m, D_META_OTHER, content);
			break;
		}
		return;
	}
}

/* The first k[0..kl) in p[0..n), or NULL. */
static const char *
find(const char *p, size_t n, const char *k, size_t kl)
{
	const char *e = p + n;

	while ((size_t)(e - p) >= kl) {
		const char *q = memchr(p, k[0], (size_t)(e - p) - kl + 1);
		if (q == NULL)
			return NULL;
		if (memcmp(q, k, kl) == 0)
			return q;
		p = q + 1;
	}
	return NULL;
}

static void
on_jsonld(struct meta *m, const struct kz_hnode *n)
{
	static const char key[] = "\"datePublished\"";

	for (const struct kz_hnode *k = n->first; k != NULL; k = k->next) {
		const char *p = k->u.text, *e = p + k->len;

		if (k->tag != KZ_TAG_TEXT)
			continue;
		while ((p = find(p, (size_t)(e - p), key, sizeof key - 1)) !=
		    NULL) {
			char v[64];
			size_t l = 0;

			p += sizeof key - 1;
			while (p < e &&
			    (*p == ' ' || *p == '\t' || *p == '\n' ||
			        *p == '\r'))
				p++;
			if (p >= e || *p != ':')
				continue;
			p++;
			while (p < e &&
			    (*p == ' ' || *p == '\t' || *p == '\n' ||
			        *p == '\r'))
				p++;
			if (p >= e || *p != '"')
				continue;
			p++;
			while (p + l < e && l < sizeof v - 1 && p[l] != '"')
				l++;
			memcpy(v, p, l);
			v[l] = '\0';
			set_time(m, D_JSONLD, v);
			return;
		}
	}
}

/* Set *dst from the text of n, cleaned, if *dst is unset. */
static void
set_text(char **dst, const struct kz_hnode *n, size_t max)
{
	char *s;

	if (*dst != NULL)
		return;
	s = kz_html_node_text(n, KZ_HTML_MAX_BYTES);
	*dst = kz_html_clean(s, max);
	free(s);
}

/* The elements on_element reads whatever their attributes (any element
 * with an itemprop too). */
static const uint8_t meta_tags[KZ_TAG_N] = {
    [KZ_TAG_META] = 1,
    [KZ_TAG_TITLE] = 1,
    [KZ_TAG_H1] = 1,
    [KZ_TAG_HTML] = 1,
    [KZ_TAG_LINK] = 1,
    [KZ_TAG_SCRIPT] = 1,
    [KZ_TAG_TIME] = 1,
};

static void
on_element(struct meta *m, const struct kz_hnode *n)
{
	const char *v;

	switch (n->tag) {
	case KZ_TAG_META:
		on_meta(m, n);
		break;
	case KZ_TAG_TITLE:
		set_text(&m->title, n, KZ_TITLE_MAX_BYTES);
		break;
	case KZ_TAG_H1:
		if (m->h1 == NULL) {
			set_text(&m->h1, n, KZ_TITLE_MAX_BYTES);
			if (m->h1 != NULL)
				m->h1_node = n;
		}
		break;
	case KZ_TAG_HTML:
		v = kz_html_attr_id(n, KZ_A_LANG);
		set_str(&m->lang,
		    v != NULL ? v : kz_html_attr_id(n, KZ_A_XML_LANG), 64);
		break;
	case KZ_TAG_LINK:
		v = kz_html_attr_id(n, KZ_A_REL);
		if (lc_eq(v, "canonical"))
			set_str(&m->canonical, kz_html_attr_id(n, KZ_A_HREF),
			    KZ_URL_MAX_BYTES);
		break;
	case KZ_TAG_SCRIPT:
		v = kz_html_attr_id(n, KZ_A_TYPE);
		if (lc_eq(v, "application/ld+json"))
			on_jsonld(m, n);
		break;
	case KZ_TAG_TIME:
		set_time(m, D_TIME, kz_html_attr_id(n, KZ_A_DATETIME));
		break;
	default:
		break;
	}
	if ((n->amask & 1u << KZ_A_ITEMPROP) && !m->has[D_ITEMPROP] &&
	    lc_eq(kz_html_attr_id(n, KZ_A_ITEMPROP), "datepublished")) {
		v = kz_html_attr_id(n, KZ_A_DATETIME);
		set_time(m, D_ITEMPROP,
		    v != NULL ? v : kz_html_attr_id(n, KZ_A_CONTENT));
	}
}

/* Strip a site name: "Headline | Site", "Headline - Site", "Site: ..." */
static char *
clean_title(char *t, const char *h1)
{
	static const char *const seps[] = {" | ", " - ", " \xE2\x80\x94 ",
	    " \xE2\x80\x93 ", " :: ", " \xC2\xAB "};
	size_t best = 0, n = strlen(t);
	const char *cut = NULL;

	if (h1 != NULL && strstr(t, h1) != NULL && strlen(h1) * 2 >= n / 2) {
		char *r = kz_xstrdup(h1);
		free(t);
		return r;
	}
	for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++) {
		const char *p = t, *q;
		/* the last separator: the site name is the tail */
		while ((q = strstr(p, seps[i])) != NULL) {
			if ((size_t)(q - t) > best) {
				best = (size_t)(q - t);
				cut = q;
			}
			p = q + 1;
		}
	}
	if (cut != NULL && best >= n / 3 && best >= 10)
		t[best] = '\0';
	return t;
}

static char *
lang_norm(const char *s)
{
	char out[4];
	size_t i = 0;

	if (s == NULL)
		return NULL;
	for (; s[i] != '\0' && s[i] != '-' && s[i] != '_' && s[i] != ','; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		if (i >= 3 || c < 'a' || c > 'z')
			return NULL;
		out[i] = c;
	}
	if (i < 2)
		return NULL;
	out[i] = '\0';
	return kz_xstrdup(out);
}

static int
is_http(const char *u)
{
	return u != NULL &&
	    (strncmp(u, "http://", 7) == 0 || strncmp(u, "https://", 8) == 0);
}

static char *
absolute(const char *href, const char *base)
{
	char *r = NULL;

	if (href == NULL)
		return NULL;
	if (is_http(href))
		return kz_xstrdup(href);
	if (is_http(base)) {
		xmlChar *u =
		    xmlBuildURI((const xmlChar *)href, (const xmlChar *)base);
		if (u != NULL && is_http((const char *)u) &&
		    strlen((const char *)u) <= KZ_URL_MAX_BYTES &&
		    strpbrk((const char *)u, " \t\r\n") == NULL)
			r = kz_xstrdup((const char *)u);
		xmlFree(u);
	}
	return r;
}

/* A date written near the headline ("26 сентября 2025", "12.03.2024"). */
static int
visible_date(const struct kz_hnode *h1, int64_t *t)
{
	struct kz_tw w;
	const struct kz_hnode *n = h1;
	unsigned steps = 0;
	struct kz_date dt, none = {0, 0, 0};
	char *s;
	size_t len;
	int found = 0;

	if (h1 == NULL)
		return 0;
	kz_tw_init(&w, 1500);
	/* text from the headline on, in document order */
	while (n != NULL && !w.full && steps++ < 2000) {
		int skip = n->tag == KZ_TAG_SCRIPT || n->tag == KZ_TAG_STYLE;
		if (n->tag == KZ_TAG_TEXT) {
			kz_tw_text(&w, n->u.text, n->len);
			kz_tw_para(&w);
		}
		n = kz_hnode_step(n, NULL, skip);
	}
	s = kz_tw_take(&w, &len);
	if (kz_date_find(s, len, none, none, &dt) && kz_date_valid(dt)) {
		*t = kz_html_epoch(dt.y, dt.m, dt.d, 0, 0, 0);
		found = 1;
	}
	for (size_t i = 0; !found && i + 10 <= len; i++) {
		int d, m, y;
		const char *p = s + i;

		if (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9')
			continue;
		/* sscanf only where "d.m.y" can start: a digit, a sign or
		 * a space with a '.' in the next three bytes */
		if (!((*p >= '0' && *p <= '9') || *p == ' ' || *p == '+' ||
		        *p == '-') ||
		    memchr(p, '.', len - i < 4 ? len - i : 4) == NULL)
			continue;
		if (sscanf(p, "%2d.%2d.%4d", &d, &m, &y) == 3 && y >= 1990 &&
		    y <= 2100 && m >= 1 && m <= 12 && d >= 1 &&
		    d <= kz_date_days_in_month(y, m)) {
			*t = kz_html_epoch(y, m, d, 0, 0, 0);
			found = 1;
		}
	}
	free(s);
	return found;
}

void
kz_html_meta(const struct kz_hdoc *doc, const char *url, struct kz_article *a)
{
	struct meta m;

	memset(&m, 0, sizeof m);
	for (const struct kz_hnode *n = doc->root; n != NULL;
	     n = kz_hnode_step(n, doc->root, 0))
		if (meta_tags[n->tag] ||
		    (n->tag != KZ_TAG_TEXT && (n->amask & 1u << KZ_A_ITEMPROP)))
			on_element(&m, n);
	if (m.og_title != NULL) {
		a->title = m.og_title;
		m.og_title = NULL;
	} else if (m.title != NULL) {
		a->title = clean_title(m.title, m.h1);
		m.title = NULL;
	} else {
		a->title = m.h1;
		m.h1 = NULL;
	}
	a->lang = lang_norm(m.lang);
	a->canonical_url = absolute(m.canonical, url);
	if (a->canonical_url == NULL)
		a->canonical_url = absolute(m.og_url, url);
	for (int k = 0; k < D_N && !a->has_published; k++)
		if (m.has[k]) {
			a->has_published = 1;
			a->published = m.t[k];
		}
	if (!a->has_published && visible_date(m.h1_node, &a->published))
		a->has_published = 1;
	free(m.og_title);
	free(m.title);
	free(m.h1);
	free(m.lang);
	free(m.canonical);
	free(m.og_url);
}
