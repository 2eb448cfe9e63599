/*
 * Lists of sources to import: OPML (what feed readers export: every
 * <outline> with an xmlUrl, at any depth; its title or text names it) or
 * plain text (one URL per line, an optional name after it, '#' comments).
 * libxml2 reads the OPML with network access off; a document that declares
 * entities is refused outright, so nothing is ever expanded.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "kuzet/feed.h"
#include "kuzet/limits.h"

void
kz_source_list_free(struct kz_source_entry *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].url);
		free(v[i].name);
	}
	free(v);
}

struct sl {
	struct kz_source_entry *v;
	size_t n;
	const char *origin;
	int allow_file;
	struct kz_err *err;
};

/* Append url[0..un) named name[0..nn) (nn 0: none), read at line. */
static kz_rc
entry(struct sl *s, const char *url, size_t un, const char *name, size_t nn,
    long line)
{
	int web = (un > 7 && strncmp(url, "http://", 7) == 0) ||
	    (un > 8 && strncmp(url, "https://", 8) == 0);
	int file = s->allow_file && un > 7 && strncmp(url, "file://", 7) == 0;

	if (!web && !file)
		return kz_fail(s->err, KZ_EPARSE,
		    "%s:%ld: '%.*s' is not an http or https URL%s", s->origin,
		    line, kz_utf8_clip(url, un < 200 ? (int)un : 200), url,
		    s->allow_file ? " (or file)" : "");
	if (un > KZ_URL_MAX_BYTES)
		return kz_fail(s->err, KZ_ELIMIT,
		    "%s:%ld: a URL longer than %u bytes", s->origin, line,
		    KZ_URL_MAX_BYTES);
	for (size_t i = 0; i < un; i++)
		if ((unsigned char)url[i] <= ' ')
			return kz_fail(s->err, KZ_EPARSE,
			    "%s:%ld: a space or control character in a URL",
			    s->origin, line);
	if (s->n >= KZ_SOURCE_IMPORT_MAX)
		return kz_fail(s->err, KZ_ELIMIT,
		    "%s:%ld: more than %u sources", s->origin, line,
		    KZ_SOURCE_IMPORT_MAX);
	size_t cap = kz_grow_cap(s->n);
	if (cap != 0)
		s->v = kz_xreallocarray(s->v, cap, sizeof *s->v);
	s->v[s->n].url = kz_xstrndup(url, un);
	s->v[s->n].name = nn > 0 ? kz_xstrndup(name, nn) : NULL;
	s->v[s->n].line = line;
	s->n++;
	return KZ_OK;
}

/* Plain text: "URL [name...]" per line. */
static kz_rc
text_list(struct sl *s, const char *p, size_t n)
{
	const char *e = p + n;
	long line = 0;
	kz_rc rc = KZ_OK;

	while (p < e && rc == KZ_OK) {
		const char *nl = memchr(p, '\n', (size_t)(e - p));
		const char *le = nl != NULL ? nl : e, *u, *ue, *nm;

		line++;
		while (p < le && (*p == ' ' || *p == '\t'))
			p++;
		while (le > p &&
		    (le[-1] == ' ' || le[-1] == '\t' || le[-1] == '\r'))
			le--;
		if (p < le && *p != '#') {
			u = p;
			ue = u;
			while (ue < le && *ue != ' ' && *ue != '\t')
				ue++;
			nm = ue;
			while (nm < le && (*nm == ' ' || *nm == '\t'))
				nm++;
			if ((size_t)(le - nm) > KZ_SOURCE_NAME_MAX_BYTES)
				rc = kz_fail(s->err, KZ_ELIMIT,
				    "%s:%ld: a name longer than %u bytes",
				    s->origin, line, KZ_SOURCE_NAME_MAX_BYTES);
			else
				rc = entry(s, u, (size_t)(ue - u), nm,
				    (size_t)(le - nm), line);
		}
		p = nl != NULL ? nl + 1 : e;
	}
	return rc;
}

/* 1 if the document declares entities (in a DOCTYPE's internal subset). */
static int
declares_entities(const char *p, size_t n)
{
	static const char needle[] = "<!ENTITY";
	for (size_t i = 0; i + sizeof needle - 1 <= n; i++) {
		const char *q = memchr(p + i, '<', n - i);
		if (q == NULL)
			return 0;
		i = (size_t)(q - p);
		if (n - i >= sizeof needle - 1 &&
		    memcmp(q, needle, sizeof needle - 1) == 0)
			return 1;
	}
	return 0;
}

static kz_rc
outline(struct sl *s, xmlNode *o)
{
	xmlChar *url = xmlGetProp(o, (const xmlChar *)"xmlUrl");
	xmlChar *name = NULL;
	kz_rc rc = KZ_OK;

	if (url == NULL)
		return KZ_OK; /* a folder, or a link that is not a feed */
	name = xmlGetProp(o, (const xmlChar *)"title");
	if (name == NULL || name[0] == '\0') {
		xmlFree(name);
		name = xmlGetProp(o, (const xmlChar *)"text");
	}
	const char *u = (const char *)url, *nm = (const char *)name;
	size_t un = strlen(u), nn = nm != NULL ? strlen(nm) : 0;
	while (un > 0 && (*u == ' ' || *u == '\t' || *u == '\n')) {
		u++;
		un--;
	}
	while (un > 0 &&
	    (u[un - 1] == ' ' || u[un - 1] == '\t' || u[un - 1] == '\n'))
		un--;
	if (nn > KZ_SOURCE_NAME_MAX_BYTES)
		nn = (size_t)kz_utf8_clip(nm, KZ_SOURCE_NAME_MAX_BYTES);
	rc = entry(s, u, un, nm, nn, xmlGetLineNo(o));
	xmlFree(url);
	xmlFree(name);
	return rc;
}

/* Every outline under n, iteratively (depth is libxml2's to cap). */
static kz_rc
outlines(struct sl *s, xmlNode *root)
{
	xmlNode *n = root->children;
	kz_rc rc = KZ_OK;

	while (n != NULL && rc == KZ_OK) {
		if (n->type == XML_ELEMENT_NODE &&
		    xmlStrcmp(n->name, (const xmlChar *)"outline") == 0)
			rc = outline(s, n);
		if (n->children != NULL && n->type == XML_ELEMENT_NODE) {
			n = n->children;
			continue;
		}
		while (n != NULL && n->next == NULL) {
			n = n->parent;
			if (n == root)
				return rc;
		}
		if (n != NULL)
			n = n->next;
	}
	return rc;
}

static kz_rc
opml(struct sl *s, const char *p, size_t n)
{
	const int opts = XML_PARSE_NONET | XML_PARSE_NOERROR |
	    XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;
	xmlParserCtxtPtr ctxt;
	xmlDocPtr doc;
	xmlNode *root;
	kz_rc rc;

	if (declares_entities(p, n))
		return kz_fail(s->err, KZ_EPARSE,
		    "%s: declares XML entities; refused (OPML needs none)",
		    s->origin);
	if (n > (size_t)INT32_MAX)
		return kz_fail(s->err, KZ_ELIMIT, "%s: too large", s->origin);
	ctxt = xmlNewParserCtxt();
	if (ctxt == NULL)
		abort(); /* out of memory, as kz_xmalloc */
	doc = xmlCtxtReadMemory(ctxt, p, (int)n, NULL, NULL, opts);
	if (doc == NULL || !ctxt->wellFormed) {
		const xmlError *e = &ctxt->lastError;
		char msg[200];
		snprintf(msg, sizeof msg, "%s",
		    e->message != NULL ? e->message : "not well-formed XML");
		msg[strcspn(msg, "\n")] = '\0';
		rc = kz_fail(
		    s->err, KZ_EPARSE, "%s:%d: %s", s->origin, e->line, msg);
		if (doc != NULL)
			xmlFreeDoc(doc);
		xmlFreeParserCtxt(ctxt);
		return rc;
	}
	root = xmlDocGetRootElement(doc);
	if (root == NULL || xmlStrcmp(root->name, (const xmlChar *)"opml") != 0)
		rc = kz_fail(s->err, KZ_EPARSE,
		    "%s: not OPML (the root element is not <opml>)", s->origin);
	else
		rc = outlines(s, root);
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctxt);
	return rc;
}

kz_rc
kz_source_list_parse(const char *p, size_t n, const char *origin,
    int allow_file, struct kz_source_entry **out, size_t *nout,
    struct kz_err *err)
{
	struct sl s = {NULL, 0, origin, allow_file, err};
	size_t i = 0;
	kz_rc rc;

	*out = NULL;
	*nout = 0;
	if (!kz_utf8_valid(p, n, NULL) || memchr(p, '\0', n) != NULL)
		return kz_fail(err, KZ_ECHARSET,
		    "%s: not valid UTF-8 (or holds NUL bytes)", origin);
	if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < n &&
	    (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r'))
		i++;
	rc = i < n && p[i] == '<' ? opml(&s, p, n) : text_list(&s, p, n);
	if (rc == KZ_OK && s.n == 0)
		rc = kz_fail(err, KZ_EPARSE, "%s: no sources in it", origin);
	if (rc != KZ_OK) {
		kz_source_list_free(s.v, s.n);
		return rc;
	}
	*out = s.v;
	*nout = s.n;
	return KZ_OK;
}
