/*
 * RSS 0.9x/2.0, RSS 1.0/0.90 (RDF) and Atom 1.0 over libxml2's tree, with
 * network access, DTD loading and entity substitution off.
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>

#include "feed/feed_int.h"

#define NS_ATOM "http://www.w3.org/2005/Atom"
#define NS_ATOM03 "http://purl.org/atom/ns#"
#define NS_XHTML "http://www.w3.org/1999/xhtml"
#define NS_RSS10 "http://purl.org/rss/1.0/"
#define NS_RSS090 "http://my.netscape.com/rdf/simple/0.9/"
#define NS_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NS_DC "http://purl.org/dc/elements/1.1/"
#define NS_DCTERMS "http://purl.org/dc/terms/"
#define NS_CONTENT "http://purl.org/rss/1.0/modules/content/"

/*
 * CDATA sections lifted out of the text before libxml2 reads it.  libxml2
 * 2.9 reads a CDATA section a character at a time (most of the parse time
 * of a feed whose descriptions are Cyrillic HTML in CDATA), although its
 * content is opaque.  So the content of each long section in element
 * content is replaced by a marker: U+E000, the section's number, U+E001,
 * then as many newlines as the content had (line numbers stay right); and
 * gather() puts the content back.  Only content libxml2 would take as it
 * is gets lifted: XML characters without CR (the text is valid UTF-8
 * already).  A document that holds U+E000 or U+E001, or any <!DOCTYPE or
 * other declaration, is read as it is; one that is not well-formed is
 * read again as it is, so recovery never sees markers.
 */
#define CD_OPEN "\xee\x80\x80"
#define CD_CLOSE "\xee\x80\x81"
#define CD_MIN_BYTES 64u

struct cd_sec {
	const char *p; /* into the original text */
	size_t n, nl;
};

struct cd_map {
	struct cd_sec *v;
	size_t n, cap;
};

struct px {
	struct kz_feed *f;
	struct kz_err *err;
	const char *core; /* namespace of the format's own elements */
	struct kz_buf raw; /* gathered character data */
	int entity_warned;
	const struct cd_map *cd; /* lifted CDATA; NULL: none */
};

/* Content p[0..n) of a CDATA section that may be lifted: no CR, no C0
 * control but TAB and LF, no U+FFFE/U+FFFF; *nl counts its LFs. */
static int
cd_plain(const char *p, size_t n, size_t *nl)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t lf = 0;
	for (size_t i = 0; i < n; i++) {
		if (u[i] < 0x20) {
			if (u[i] == '\n')
				lf++;
			else if (u[i] != '\t')
				return 0;
		} else if (u[i] == 0xef && i + 2 < n && u[i + 1] == 0xbf &&
		    (u[i + 2] == 0xbe || u[i + 2] == 0xbf)) {
			return 0;
		}
	}
	*nl = lf;
	return 1;
}

/* First s (sn bytes) in p[i..n), or n. */
static size_t
find(const char *p, size_t i, size_t n, const char *s, size_t sn)
{
	while (i + sn <= n) {
		const char *c = memchr(p + i, s[0], n - i - sn + 1);
		if (c == NULL)
			return n;
		i = (size_t)(c - p);
		if (memcmp(p + i, s, sn) == 0)
			return i;
		i++;
	}
	return n;
}

/* Copy p[0..n) to out with long CDATA sections lifted into m; 0 if
 * nothing was lifted (out is then unused). */
static int
cd_lift(const char *p, size_t n, struct kz_buf *out, struct cd_map *m)
{
	size_t i = 0, last = 0;

	for (const char *c = p; (c = memchr(c, 0xee, n - (size_t)(c - p))); c++)
		if ((size_t)(c - p) + 2 < n && (unsigned char)c[1] == 0x80 &&
		    ((unsigned char)c[2] == 0x80 ||
		        (unsigned char)c[2] == 0x81))
			return 0;
	while (i < n) {
		const char *lt = memchr(p + i, '<', n - i);
		if (lt == NULL)
			break;
		size_t j = (size_t)(lt - p), e;
		if (n - j >= 9 && memcmp(p + j, "<![CDATA[", 9) == 0) {
			size_t st = j + 9, nl = 0;
			e = find(p, st, n, "]]>", 3);
			if (e == n)
				break;
			if (e - st >= CD_MIN_BYTES &&
			    cd_plain(p + st, e - st, &nl)) {
				char mark[32];
				int k = snprintf(mark, sizeof mark,
				    CD_OPEN "%zu" CD_CLOSE, m->n);
				if (kz_buf_append(out, p + last, st - last) !=
				        KZ_OK ||
				    kz_buf_append(out, mark, (size_t)k) !=
				        KZ_OK)
					return 0;
				for (size_t q = 0; q < nl; q++)
					if (kz_buf_putc(out, '\n') != KZ_OK)
						return 0;
				if (m->n == m->cap) {
					m->cap = m->cap ? m->cap * 2 : 64;
					m->v = kz_xreallocarray(
					    m->v, m->cap, sizeof *m->v);
				}
				m->v[m->n++] =
				    (struct cd_sec){p + st, e - st, nl};
				last = e;
			}
			i = e + 3;
		} else if (n - j >= 4 && memcmp(p + j, "<!--", 4) == 0) {
			e = find(p, j + 4, n, "-->", 3);
			if (e == n)
				break;
			i = e + 3;
		} else if (n - j >= 2 && p[j + 1] == '?') {
			e = find(p, j + 2, n, "?>", 2);
			if (e == n)
				break;
			i = e + 2;
		} else if (n - j >= 2 && p[j + 1] == '!') {
			return 0; /* a DOCTYPE or other declaration */
		} else {
			/* a start or end tag, its quoted values skipped */
			char q = 0;
			for (e = j + 1; e < n; e++) {
				if (q != 0) {
					if (p[e] == q)
						q = 0;
				} else if (p[e] == '"' || p[e] == '\'') {
					q = p[e];
				} else if (p[e] == '>') {
					break;
				}
			}
			if (e == n)
				break;
			i = e + 1;
		}
	}
	if (m->n == 0)
		return 0;
	return kz_buf_append(out, p + last, n - last) == KZ_OK;
}

/* Append text node content s to x->raw with lifted CDATA put back. */
static kz_rc
put_text(struct px *x, const char *s)
{
	const char *c;
	if (x->cd == NULL || (c = strstr(s, CD_OPEN)) == NULL)
		return kz_buf_puts(&x->raw, s);
	for (;;) {
		kz_rc rc = kz_buf_append(&x->raw, s, (size_t)(c - s));
		if (rc != KZ_OK)
			return rc;
		char *end;
		unsigned long long k = strtoull(c + 3, &end, 10);
		if (end == c + 3 || strncmp(end, CD_CLOSE, 3) != 0 ||
		    k >= x->cd->n) {
			/* not a marker of ours (cannot happen: the text had
			 * none); keep it as it is */
			rc = kz_buf_append(&x->raw, c, 3);
			s = c + 3;
		} else {
			const struct cd_sec *sec = &x->cd->v[k];
			rc = kz_buf_append(&x->raw, sec->p, sec->n);
			s = end + 3;
			for (size_t q = 0; q < sec->nl && *s == '\n'; q++)
				s++;
		}
		if (rc != KZ_OK)
			return rc;
		if ((c = strstr(s, CD_OPEN)) == NULL)
			return kz_buf_puts(&x->raw, s);
	}
}

static const char *
ns_of(const xmlNode *n)
{
	return n->ns != NULL ? (const char *)n->ns->href : NULL;
}

static int
ns_eq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Element n is {ns}name; ns NULL means no namespace. */
static int
is(const xmlNode *n, const char *ns, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->name, name) == 0 && ns_eq(ns_of(n), ns);
}

/* One of the format's own elements (RSS also under the userland
 * namespaces some feeds declare as default). */
static int
core(const struct px *x, const xmlNode *n, const char *name)
{
	if (n->type != XML_ELEMENT_NODE ||
	    strcmp((const char *)n->name, name) != 0)
		return 0;
	const char *ns = ns_of(n);
	if (ns_eq(ns, x->core))
		return 1;
	return x->core == NULL && ns != NULL &&
	    (strcmp(ns, "http://backend.userland.com/rss2") == 0 ||
	        strcmp(ns, "http://blogs.law.harvard.edu/tech/rss") == 0);
}

/* Attribute without a namespace; NULL if absent.  Borrowed. */
static const char *
attr(const xmlNode *n, const char *name)
{
	for (const xmlAttr *a = n->properties; a != NULL; a = a->next)
		if (a->ns == NULL && strcmp((const char *)a->name, name) == 0) {
			if (a->children != NULL &&
			    a->children->type == XML_TEXT_NODE &&
			    a->children->next == NULL)
				return (const char *)a->children->content;
			return "";
		}
	return NULL;
}

static int
is_block(const xmlNode *n)
{
	static const char *const b[] = {"p", "br", "div", "li", "ul", "ol",
	    "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "table",
	    "blockquote", "pre", "hr", "section", "article", "dd", "dt", NULL};
	for (const char *const *p = b; *p != NULL; p++)
		if (strcmp((const char *)n->name, *p) == 0)
			return 1;
	return 0;
}

/* Append the character data under n to x->raw; markup != 0 puts spaces
 * around block elements (XHTML content).  Depth is bounded by the check
 * in kz_feed_xml_parse. */
static kz_rc
gather(struct px *x, const xmlNode *n, int markup)
{
	kz_rc rc = KZ_OK;

	for (const xmlNode *c = n->children; c != NULL && rc == KZ_OK;
	     c = c->next) {
		switch (c->type) {
		case XML_TEXT_NODE:
		case XML_CDATA_SECTION_NODE:
			if (c->content != NULL)
				rc = put_text(x, (const char *)c->content);
			break;
		case XML_ELEMENT_NODE:
			if (markup && is_block(c))
				rc = kz_buf_putc(&x->raw, ' ');
			if (rc == KZ_OK)
				rc = gather(x, c, markup);
			if (rc == KZ_OK && markup && is_block(c))
				rc = kz_buf_putc(&x->raw, ' ');
			break;
		case XML_ENTITY_REF_NODE: {
			/* an internal entity of plain text is expanded here,
			 * bounded by the field cap; others never are */
			xmlEntityPtr ent = xmlGetDocEntity(c->doc, c->name);
			if (ent != NULL &&
			    ent->etype == XML_INTERNAL_GENERAL_ENTITY &&
			    ent->content != NULL &&
			    strpbrk((const char *)ent->content, "&<") == NULL) {
				rc = kz_buf_puts(
				    &x->raw, (const char *)ent->content);
				break;
			}
			if (!x->entity_warned)
				kz_feed_warn(x->f,
				    "line %ld: entity &%s; not expanded",
				    xmlGetLineNo(c), (const char *)c->name);
			x->entity_warned = 1;
			break;
		}
		default:
			break;
		}
	}
	if (rc != KZ_OK)
		return kz_fail(x->err, KZ_ELIMIT,
		    "line %ld: <%s> longer than %u bytes", xmlGetLineNo(n),
		    (const char *)n->name, KZ_FEED_FIELD_MAX_BYTES);
	return KZ_OK;
}

/* How an element's content is to be read. */
enum kind { PLAIN, HTML, XHTML, BASE64 };

/* Decode base64 in place (whitespace and bad characters skipped);
 * returns the decoded length. */
static size_t
base64_decode(char *p, size_t n)
{
	static const char a[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	uint32_t acc = 0;
	size_t o = 0;
	int bits = 0;

	for (size_t i = 0; i < n && p[i] != '='; i++) {
		const char *c = p[i] != '\0' ? strchr(a, p[i]) : NULL;
		if (c == NULL)
			continue;
		acc = (acc << 6) | (uint32_t)(c - a);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			p[o++] = (char)((acc >> bits) & 0xff);
		}
	}
	return o;
}

/* The text of element n into *dst (replacing it). */
static kz_rc
text(struct px *x, const xmlNode *n, enum kind k, char **dst)
{
	kz_rc rc;

	kz_buf_reset(&x->raw);
	rc = gather(x, n, k == XHTML);
	if (rc != KZ_OK)
		return rc;
	if (k == BASE64) {
		size_t len = base64_decode(x->raw.data, x->raw.len);
		if (!kz_utf8_valid(x->raw.data, len, NULL)) {
			kz_feed_warn(x->f, "line %ld: <%s>: binary content",
			    xmlGetLineNo(n), (const char *)n->name);
			return KZ_OK;
		}
		x->raw.len = len;
		k = HTML;
	}
	return kz_feed_str(dst, x->raw.data != NULL ? x->raw.data : "",
	    x->raw.len, k == HTML, (const char *)n->name, x->err);
}

/* Like text() but only when *dst is still empty. */
static kz_rc
text_once(struct px *x, const xmlNode *n, enum kind k, char **dst)
{
	return *dst != NULL ? KZ_OK : text(x, n, k, dst);
}

/* An Atom text construct's kind from its type attribute. */
static enum kind
atom_kind(const xmlNode *n)
{
	const char *t = attr(n, "type");
	const char *mode = attr(n, "mode"); /* Atom 0.3 */
	if (mode != NULL && strcmp(mode, "base64") == 0)
		return BASE64;
	if (mode != NULL && strcmp(mode, "escaped") == 0)
		return HTML;
	if (t == NULL || strcmp(t, "text") == 0 || strcmp(t, "text/plain") == 0)
		return PLAIN;
	if (strcmp(t, "html") == 0 || strcmp(t, "text/html") == 0)
		return HTML;
	if (strcmp(t, "xhtml") == 0 || strcmp(t, "application/xhtml+xml") == 0)
		return XHTML;
	size_t tl = strlen(t);
	if (strncmp(t, "text/", 5) == 0)
		return PLAIN;
	if ((tl > 4 && strcmp(t + tl - 4, "+xml") == 0) ||
	    (tl > 4 && strcmp(t + tl - 4, "/xml") == 0))
		return XHTML;
	return BASE64;
}

/* A URL in n's context made absolute (xml:base, then the document URL). */
static char *
resolve(const xmlNode *n, const char *href)
{
	struct kz_str s = kz_str_trim((struct kz_str){href, strlen(href)});
	if (s.n == 0 || s.n > KZ_URL_MAX_BYTES)
		return NULL;
	char *h = kz_xstrndup(s.p, s.n);
	xmlChar *base = xmlNodeGetBase(n->doc, n);
	if (base == NULL)
		return h;
	xmlChar *abs = xmlBuildURI((const xmlChar *)h, base);
	xmlFree(base);
	if (abs == NULL)
		return h;
	free(h);
	char *r = kz_xstrdup((const char *)abs);
	xmlFree(abs);
	return r;
}

/* The text of n as a URL resolved in its context. */
static kz_rc
link_text(struct px *x, const xmlNode *n, char **dst)
{
	char *t = NULL;
	kz_rc rc = text(x, n, PLAIN, &t);
	if (rc != KZ_OK || t == NULL)
		return rc;
	free(*dst);
	*dst = resolve(n, t);
	free(t);
	return KZ_OK;
}

static void
date(struct px *x, const xmlNode *n, int64_t *dst)
{
	char *t = NULL;
	int64_t v;

	if (*dst != KZ_FEED_NO_DATE || text(x, n, PLAIN, &t) != KZ_OK ||
	    t == NULL) {
		free(t);
		return;
	}
	if (kz_feed_date_parse(t, strlen(t), &v) == KZ_OK)
		*dst = v;
	else
		kz_feed_warn(x->f, "line %ld: <%s> is not a date: %.64s",
		    xmlGetLineNo(n), (const char *)n->name, t);
	free(t);
}

static int64_t
length_of(const char *s)
{
	if (s == NULL)
		return -1;
	char *end;
	long long v = strtoll(s, &end, 10);
	if (end == s || v < 0)
		return -1;
	return (int64_t)v;
}

/* An Atom person construct as "name (email)", "name" or "email". */
static kz_rc
person(struct px *x, const xmlNode *n, char **dst)
{
	char *name = NULL, *email = NULL;
	kz_rc rc = KZ_OK;

	if (*dst != NULL)
		return KZ_OK;
	for (const xmlNode *c = n->children; c != NULL && rc == KZ_OK;
	     c = c->next)
		if (core(x, c, "name"))
			rc = text_once(x, c, PLAIN, &name);
		else if (core(x, c, "email"))
			rc = text_once(x, c, PLAIN, &email);
	if (rc == KZ_OK && name != NULL && *name != '\0' && email != NULL &&
	    *email != '\0') {
		*dst = kz_xasprintf("%s (%s)", name, email);
		free(name);
		free(email);
		return KZ_OK;
	}
	if (rc == KZ_OK && name != NULL && *name != '\0') {
		*dst = name;
		name = NULL;
	} else if (rc == KZ_OK && email != NULL && *email != '\0') {
		*dst = email;
		email = NULL;
	}
	free(name);
	free(email);
	return rc;
}

/* Elements RSS and Atom feeds borrow from Dublin Core and friends. */
static kz_rc
extension(struct px *x, const xmlNode *c, struct kz_feed_entry *e)
{
	if (is(c, NS_DC, "creator") || is(c, NS_DC, "author"))
		return text_once(x, c, PLAIN, &e->author);
	if (is(c, NS_DC, "date") || is(c, NS_DCTERMS, "modified"))
		date(x, c, &e->updated);
	else if (is(c, NS_DCTERMS, "issued") || is(c, NS_DCTERMS, "created"))
		date(x, c, &e->published);
	else if (is(c, NS_DC, "subject")) {
		char *t = NULL;
		kz_rc rc = text(x, c, PLAIN, &t);
		if (rc != KZ_OK)
			return rc;
		kz_feed_category_add(e, t);
	} else if (is(c, NS_DC, "identifier"))
		return text_once(x, c, PLAIN, &e->id);
	else if (is(c, NS_CONTENT, "encoded"))
		return text_once(x, c, HTML, &e->content);
	else if (is(c, NS_DC, "description"))
		return text_once(x, c, HTML, &e->summary);
	else if (is(c, NS_DC, "title"))
		return text_once(x, c, HTML, &e->title);
	return KZ_OK;
}

static kz_rc
rss_item(struct px *x, const xmlNode *n)
{
	struct kz_feed_entry *e;
	kz_rc rc = kz_feed_entry_add(x->f, &e, x->err);
	char *guid_link = NULL;

	for (const xmlNode *c = n->children; c != NULL && rc == KZ_OK;
	     c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (core(x, c, "title"))
			rc = text_once(x, c, HTML, &e->title);
		else if (core(x, c, "link")) {
			if (e->link == NULL)
				rc = link_text(x, c, &e->link);
		} else if (core(x, c, "description"))
			rc = text_once(x, c, HTML, &e->summary);
		else if (core(x, c, "guid")) {
			rc = text_once(x, c, PLAIN, &e->id);
			const char *pl = attr(c, "isPermaLink");
			if (rc == KZ_OK && e->id != NULL &&
			    (pl == NULL || strcmp(pl, "false") != 0) &&
			    guid_link == NULL &&
			    (strncmp(e->id, "http://", 7) == 0 ||
			        strncmp(e->id, "https://", 8) == 0))
				guid_link = resolve(c, e->id);
		} else if (core(x, c, "author"))
			rc = text_once(x, c, PLAIN, &e->author);
		else if (core(x, c, "pubDate"))
			date(x, c, &e->published);
		else if (core(x, c, "category")) {
			char *t = NULL;
			rc = text(x, c, PLAIN, &t);
			kz_feed_category_add(e, t);
		} else if (core(x, c, "enclosure")) {
			const char *u = attr(c, "url");
			const char *t = attr(c, "type");
			kz_feed_enclosure_add(e, u ? resolve(c, u) : NULL,
			    t && *t ? kz_xstrdup(t) : NULL,
			    length_of(attr(c, "length")));
		} else if (is(c, NS_XHTML, "body"))
			rc = text_once(x, c, XHTML, &e->content);
		else if (core(x, c, "fullitem"))
			rc = text_once(x, c, HTML, &e->content);
		else if (is(c, NS_ATOM, "updated"))
			date(x, c, &e->updated);
		else if (is(c, NS_ATOM, "published"))
			date(x, c, &e->published);
		else
			rc = extension(x, c, e);
	}
	if (rc == KZ_OK && e->id == NULL) {
		xmlChar *about = xmlGetNsProp(
		    n, (const xmlChar *)"about", (const xmlChar *)NS_RDF);
		if (about != NULL) {
			rc = kz_feed_str(&e->id, (const char *)about,
			    strlen((const char *)about), 0, "rdf:about",
			    x->err);
			xmlFree(about);
		}
	}
	if (rc == KZ_OK && e->link == NULL)
		e->link = guid_link;
	else
		free(guid_link);
	return rc;
}

/* Channel-level elements of RSS (and RDF's <channel>). */
static kz_rc
rss_channel(struct px *x, const xmlNode *ch)
{
	struct kz_feed *f = x->f;
	int64_t pub = KZ_FEED_NO_DATE;
	kz_rc rc = KZ_OK;

	for (const xmlNode *c = ch->children; c != NULL && rc == KZ_OK;
	     c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (core(x, c, "title"))
			rc = text_once(x, c, HTML, &f->title);
		else if (core(x, c, "link")) {
			if (f->link == NULL)
				rc = link_text(x, c, &f->link);
		} else if (core(x, c, "description"))
			rc = text_once(x, c, HTML, &f->subtitle);
		else if (core(x, c, "language") || is(c, NS_DC, "language"))
			rc = text_once(x, c, PLAIN, &f->language);
		else if (core(x, c, "lastBuildDate") || is(c, NS_DC, "date") ||
		    is(c, NS_DCTERMS, "modified") || is(c, NS_ATOM, "updated"))
			date(x, c, &f->updated);
		else if (core(x, c, "pubDate"))
			date(x, c, &pub);
		else if (is(c, NS_DC, "title"))
			rc = text_once(x, c, HTML, &f->title);
		else if (is(c, NS_DC, "description"))
			rc = text_once(x, c, HTML, &f->subtitle);
		else if (core(x, c, "item"))
			rc = rss_item(x, c);
	}
	if (f->updated == KZ_FEED_NO_DATE)
		f->updated = pub;
	return rc;
}

static kz_rc
atom_entry(struct px *x, const xmlNode *n)
{
	struct kz_feed_entry *e;
	kz_rc rc = kz_feed_entry_add(x->f, &e, x->err);

	for (const xmlNode *c = n->children; c != NULL && rc == KZ_OK;
	     c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (core(x, c, "id"))
			rc = text_once(x, c, PLAIN, &e->id);
		else if (core(x, c, "title"))
			rc = text_once(x, c, atom_kind(c), &e->title);
		else if (core(x, c, "summary"))
			rc = text_once(x, c, atom_kind(c), &e->summary);
		else if (core(x, c, "content")) {
			if (attr(c, "src") == NULL)
				rc = text_once(x, c, atom_kind(c), &e->content);
		} else if (core(x, c, "link")) {
			const char *rel = attr(c, "rel");
			const char *href = attr(c, "href");
			char *body = NULL;
			if (href == NULL) { /* some feeds put it in the text */
				rc = text(x, c, PLAIN, &body);
				href = body;
			}
			if (href == NULL) {
				free(body);
				continue;
			}
			if (rel == NULL || strcmp(rel, "alternate") == 0) {
				if (e->link == NULL)
					e->link = resolve(c, href);
			} else if (strcmp(rel, "enclosure") == 0) {
				const char *t = attr(c, "type");
				kz_feed_enclosure_add(e, resolve(c, href),
				    t && *t ? kz_xstrdup(t) : NULL,
				    length_of(attr(c, "length")));
			}
			free(body);
		} else if (core(x, c, "author"))
			rc = person(x, c, &e->author);
		else if (core(x, c, "published"))
			date(x, c, &e->published);
		else if (core(x, c, "updated"))
			date(x, c, &e->updated);
		else if (core(x, c, "category")) {
			const char *t = attr(c, "term");
			if (t != NULL && *t != '\0') {
				char *s = NULL;
				rc = kz_feed_str(
				    &s, t, strlen(t), 0, "category", x->err);
				kz_feed_category_add(e, s);
			}
		} else
			rc = extension(x, c, e);
	}
	return rc;
}

static kz_rc
atom_feed(struct px *x, const xmlNode *root)
{
	struct kz_feed *f = x->f;
	kz_rc rc = KZ_OK;
	xmlChar *lang = xmlNodeGetLang(root);

	if (lang != NULL) {
		f->language = kz_xstrdup((const char *)lang);
		xmlFree(lang);
	}
	for (const xmlNode *c = root->children; c != NULL && rc == KZ_OK;
	     c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (core(x, c, "title"))
			rc = text_once(x, c, atom_kind(c), &f->title);
		else if (core(x, c, "subtitle") || core(x, c, "tagline"))
			rc = text_once(x, c, atom_kind(c), &f->subtitle);
		else if (core(x, c, "link")) {
			const char *rel = attr(c, "rel");
			const char *href = attr(c, "href");
			if (href != NULL && f->link == NULL &&
			    (rel == NULL || strcmp(rel, "alternate") == 0))
				f->link = resolve(c, href);
		} else if (core(x, c, "updated") || core(x, c, "modified"))
			date(x, c, &f->updated);
		else if (core(x, c, "entry"))
			rc = atom_entry(x, c);
	}
	return rc;
}

/* Refuse a tree deeper than KZ_FEED_DEPTH_MAX (libxml2 itself stops at
 * 256 without XML_PARSE_HUGE); iterative, so any depth is safe here. */
static kz_rc
depth_check(const xmlNode *root, struct kz_err *err)
{
	const xmlNode *n = root;
	unsigned d = 1;

	while (n != NULL) {
		if (n->type == XML_ELEMENT_NODE && d > KZ_FEED_DEPTH_MAX)
			return kz_fail(err, KZ_ELIMIT,
			    "line %ld: <%s> nested deeper than %u",
			    xmlGetLineNo(n), (const char *)n->name,
			    KZ_FEED_DEPTH_MAX);
		if (n->children != NULL && n->type == XML_ELEMENT_NODE) {
			n = n->children;
			d++;
			continue;
		}
		while (n != NULL && n->next == NULL && n != root) {
			n = n->parent;
			d--;
		}
		if (n == NULL || n == root)
			break;
		n = n->next;
	}
	return KZ_OK;
}

kz_rc
kz_feed_xml_parse(const char *p, size_t n, const char *base_url,
    struct kz_feed *f, struct kz_err *err)
{
	const int opts = XML_PARSE_NONET | XML_PARSE_NOERROR |
	    XML_PARSE_NOWARNING | XML_PARSE_NOCDATA | XML_PARSE_IGNORE_ENC |
	    XML_PARSE_NOBLANKS | XML_PARSE_COMPACT;
	struct px x = {f, err, NULL, {0}, 0, NULL};
	kz_rc rc = KZ_OK;

	if (n > (size_t)INT32_MAX)
		return kz_fail(err, KZ_ELIMIT, "document too large");
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	if (ctxt == NULL)
		abort(); /* out of memory, as kz_xmalloc */
	struct cd_map cd = {NULL, 0, 0};
	struct kz_buf lifted;
	kz_buf_init(&lifted, n); /* markers are shorter than what they hold */
	xmlDocPtr doc;
	if (cd_lift(p, n, &lifted, &cd)) {
		x.cd = &cd;
		doc = xmlCtxtReadMemory(
		    ctxt, lifted.data, (int)lifted.len, base_url, NULL, opts);
	} else {
		doc = xmlCtxtReadMemory(ctxt, p, (int)n, base_url, NULL, opts);
	}
	kz_buf_fini(&lifted);
	if (doc == NULL || !ctxt->wellFormed) {
		const xmlError *e = &ctxt->lastError;
		int line = e->line;
		char msg[200];
		snprintf(msg, sizeof msg, "%s",
		    e->message != NULL ? e->message : "not well-formed XML");
		msg[strcspn(msg, "\n")] = '\0';
		int fatal = e->code == XML_ERR_ENTITY_LOOP ||
		    e->code == XML_ERR_INTERNAL_ERROR ||
		    strstr(msg, "depth") != NULL ||
		    strstr(msg, "amplification") != NULL;
		if (doc != NULL)
			xmlFreeDoc(doc);
		doc = NULL;
		if (!fatal) {
			/* keep what a recovering parse can read, as feed
			 * readers do, and say so */
			xmlCtxtReset(ctxt);
			x.cd = NULL; /* the text as it is */
			doc = xmlCtxtReadMemory(ctxt, p, (int)n, base_url, NULL,
			    opts | XML_PARSE_RECOVER);
		}
		if (doc == NULL || xmlDocGetRootElement(doc) == NULL) {
			if (doc != NULL)
				xmlFreeDoc(doc);
			xmlFreeParserCtxt(ctxt);
			free(cd.v);
			return kz_fail(err, fatal ? KZ_ELIMIT : KZ_EPARSE,
			    "line %d: %s", line, msg);
		}
		kz_feed_warn(f, "line %d: not well-formed XML: %s", line, msg);
	}
	xmlFreeParserCtxt(ctxt);

	xmlNodePtr root = xmlDocGetRootElement(doc);
	rc = depth_check(root, err);
	if (rc != KZ_OK)
		goto done;
	kz_buf_init(&x.raw, KZ_FEED_FIELD_MAX_BYTES * 2u);
	const char *rns = ns_of(root);
	if (strcmp((const char *)root->name, "rss") == 0) {
		x.core = rns;
		const char *v = attr(root, "version");
		f->format = v != NULL && strncmp(v, "0.9", 3) == 0
		    ? KZ_FEED_RSS09
		    : KZ_FEED_RSS20;
		for (const xmlNode *c = root->children; c && rc == KZ_OK;
		     c = c->next)
			if (core(&x, c, "channel"))
				rc = rss_channel(&x, c);
			else if (core(&x, c, "item"))
				rc = rss_item(&x, c);
	} else if (is(root, NS_RDF, "RDF")) {
		x.core = NS_RSS10;
		f->format = KZ_FEED_RSS10;
		for (const xmlNode *c = root->children; c; c = c->next)
			if (is(c, NS_RSS090, "channel")) {
				x.core = NS_RSS090;
				f->format = KZ_FEED_RSS09;
			}
		for (const xmlNode *c = root->children; c && rc == KZ_OK;
		     c = c->next)
			if (core(&x, c, "channel"))
				rc = rss_channel(&x, c);
			else if (core(&x, c, "item"))
				rc = rss_item(&x, c);
	} else if (strcmp((const char *)root->name, "feed") == 0 &&
	    (rns == NULL || strcmp(rns, NS_ATOM) == 0 ||
	        strcmp(rns, NS_ATOM03) == 0)) {
		x.core = rns;
		f->format = KZ_FEED_ATOM10;
		rc = atom_feed(&x, root);
	} else {
		rc = kz_fail(err, KZ_EPARSE, "line %ld: <%s> is not a feed",
		    xmlGetLineNo(root), (const char *)root->name);
	}
	kz_buf_fini(&x.raw);
done:
	xmlFreeDoc(doc);
	free(cd.v);
	return rc;
}
