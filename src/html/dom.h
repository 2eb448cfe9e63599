/*
 * kuzet's own HTML tree (src/html/tok.c): a tokenizer and tree builder
 * close to what browsers and libxml2 build for real pages, made for
 * extraction speed.  One arena per document holds every node, attribute
 * and decoded string; text without character references points into the
 * (valid UTF-8) input instead of being copied.
 *
 * What it does: implied <html>, <head> and <body>; head elements before
 * the body go to <head>; raw text for script, style, iframe, noembed,
 * noframes and xmp, RCDATA (entities decoded) for title and textarea, each
 * to its matching end tag; comments, doctypes, processing instructions and
 * CDATA sections dropped; void elements; "<x/>" closes x (as libxml2 does);
 * implied end tags for p, li, dd, dt, td, th, tr, thead/tbody/tfoot,
 * option, optgroup, rb/rt/rp, a and headings; an end tag closes the nearest
 * open element of its name unless a stronger container lies between them
 * (libxml2's end priorities: </span> never closes a div, </div> never a
 * td), and is ignored when none is open; character references: decimal,
 * hex and the named ones in tables.c (HTML 4 and the HTML5 names pages
 * use), without ';' only for the legacy few (amp lt gt quot nbsp copy reg).
 * Start tags nested deeper than KZ_HTML_DEPTH_MAX are ignored (their text
 * stays, in the deepest element).
 */
#ifndef KZ_HTML_DOM_H
#define KZ_HTML_DOM_H

#include <stddef.h>
#include <stdint.h>

#include "html/tags.h"
#include "kuzet/base.h"

/* Tag flags (kz_tag_flags). */
enum {
	KZ_TF_VOID = 1, /* no content, never pushed */
	KZ_TF_RAW = 2, /* raw text to the matching end tag */
	KZ_TF_RCDATA = 4, /* raw text with character references */
	KZ_TF_HEAD = 8, /* stays in <head> before the body */
	KZ_TF_CLOSEP = 16, /* its start closes an open <p> */
	KZ_TF_SPECIAL = 32, /* a block: stops the search for an open li/dd/dt */
	KZ_TF_SCOPE = 64, /* a scope boundary (table, td, ...) */
	KZ_TF_PHRASE = 128 /* inline */
};

extern const char *const kz_tag_names[KZ_TAG_N];
extern const uint8_t kz_tag_flags[KZ_TAG_N];

/* The id of the lower-case tag name s[0..n), KZ_TAG_OTHER if unknown. */
enum kz_tag kz_tag_lookup(const char *s, size_t n);

struct kz_entity {
	const char *name;
	uint32_t cp;
};
extern const struct kz_entity kz_entities[];
extern const size_t kz_entities_n;

/* Attribute names the extractors ask for, as ids (bits of a node's
 * amask); KZ_A_OTHER for any other name.  Only these attributes are kept
 * on the tree. */
enum kz_attr {
	KZ_A_OTHER = 0,
	KZ_A_CLASS,
	KZ_A_ID,
	KZ_A_STYLE,
	KZ_A_ROLE,
	KZ_A_HIDDEN,
	KZ_A_ARIA_HIDDEN,
	KZ_A_ITEMPROP,
	KZ_A_CONTENT,
	KZ_A_PROPERTY,
	KZ_A_NAME,
	KZ_A_HTTP_EQUIV,
	KZ_A_DATETIME,
	KZ_A_REL,
	KZ_A_HREF,
	KZ_A_TYPE,
	KZ_A_LANG,
	KZ_A_XML_LANG,
	KZ_A_DATA_POST,
	KZ_A_DATA_BEFORE,
	KZ_A_N
};

/* The id of the lower-case attribute name s[0..n). */
enum kz_attr kz_attr_lookup(const char *s, size_t n);

/* A kept attribute: its name and decoded value, both NUL-terminated. */
struct kz_hattr {
	const char *name;
	const char *value;
	uint32_t id; /* enum kz_attr */
};

/*
 * A node.  Elements: tag (KZ_TAG_OTHER for unknown names, then name holds
 * the lower-case name), attributes (amask has bit 1 << id for each known
 * one), children; id numbers the elements 0..nelem-1 in document order.
 * Text (tag KZ_TAG_TEXT): text is len bytes of valid UTF-8, not
 * NUL-terminated; id numbers the text nodes 0..ntext-1.
 */
struct kz_hnode {
	struct kz_hnode *parent, *first, *last, *next;
	union {
		const char *name; /* element */
		const char *text; /* text */
	} u;
	struct kz_hattr *attr;
	uint32_t len; /* text: bytes */
	uint32_t id;
	uint32_t amask;
	uint16_t tag;
	uint16_t nattr;
};

struct kz_hblock;

/* A parsed document.  root is the <html> element (always there). */
struct kz_hdoc {
	struct kz_hnode *root;
	size_t nelem; /* elements (ids 0..nelem-1) */
	size_t ntext; /* text nodes (ids 0..ntext-1) */
	size_t nnodes; /* elements and text nodes */
	char *owned; /* converted or sanitized input, if any */
	struct kz_hblock *blocks; /* the arena */
};

/*
 * Parse html[0..len) (UTF-8) into *out; the text of the tree points into
 * html, which must outlive the document.  Every text node and attribute
 * value is checked: one with invalid UTF-8 or NULs is copied with each bad
 * byte as U+FFFD and NULs dropped, so the tree only holds valid UTF-8.
 * The raw text of scripts is kept only for JSON-LD (type
 * application/ld+json); styles' never.  Fails with KZ_ELIMIT past
 * KZ_HTML_NODES_MAX nodes.
 */
kz_rc kz_hdoc_parse_utf8(const char *html, size_t len, struct kz_hdoc **out,
    struct kz_err *err) KZ_MUST_CHECK;

/* Free a document; NULL is a no-op. */
void kz_hdoc_free(struct kz_hdoc *d);

/* 1 if n is an element with tag t. */
static inline int
kz_hnode_is(const struct kz_hnode *n, enum kz_tag t)
{
	return n != NULL && n->tag == t;
}

static inline int
kz_hnode_elem(const struct kz_hnode *n)
{
	return n != NULL && n->tag != KZ_TAG_TEXT;
}

/* 1 if s[0..n) is valid UTF-8 without NUL bytes. */
int kz_html_utf8_clean(const char *s, size_t n);

/* s[0..n) into o (room for 3 * n + 1 bytes) with each invalid byte as
 * U+FFFD and NULs dropped, NUL-terminated; returns the length. */
size_t kz_html_utf8_fix(const char *s, size_t n, char *o);

/*
 * Decode the character references in s[0..n) into out (room for n + 1
 * bytes: the result is never longer; out may be s), NUL-terminated; attr != 0
 * reads them as in an attribute value (a legacy name without ';' before '=' or
 * an alphanumeric stays literal).  Returns the decoded length.
 */
size_t kz_html_unescape(const char *s, size_t n, char *out, int attr);

#endif
