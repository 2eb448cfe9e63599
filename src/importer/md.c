/*
 * Monitoring reports in the seed's Markdown shape (include/kuzet/import.h).
 *
 * cmark parses the bytes (CMARK_OPT_DEFAULT); this file walks the top-level
 * blocks of the tree and reads sections and items out of them.
 *
 * Blocks, in the order they come:
 *  - "# Title" (a heading of level 1 that names no section) is the report
 *    title and is ignored; text after it, up to the next section heading,
 *    is intro again (so two reports pasted together still read).
 *  - Paragraphs before the first section heading are the intro: the
 *    report's period (kz_period_find) and, with the headings, its language.
 *  - A heading of level 1 or 2 that kz_import_match_section places is a
 *    section.  An unplaced "##" before the first section is part of the
 *    intro; after it, it is an error.
 *  - An item starts with
 *      a. a heading of level 3 or more ("### **Title**");
 *      b. a paragraph that is all bold ("**Title**");
 *      c. a paragraph that opens with bold and a line break
 *         ("**Title**  \nSummary..."): the rest of the paragraph is
 *         summary;
 *      d. a plain paragraph of one short line (at most 400 bytes, no line
 *         break, no source link) right after a section heading, or after
 *         an item whose summary and sources were both seen when it does
 *         not end in sentence punctuation and a paragraph follows it.
 *    Anything else right after a section heading is an error.
 *  - Everything else in an item is its summary: paragraphs, block quotes,
 *    lists (one paragraph per list item, marked "- " or "N. ") and code
 *    blocks, as plain text with whitespace collapsed.  Paragraphs are
 *    separated by "\n\n"; a hard line break inside a paragraph separates
 *    paragraphs as well.  A paragraph is joined to the previous one with a
 *    space instead when the previous one does not end in sentence
 *    punctuation (. ! ? … : ;, maybe followed by closing quotes or
 *    brackets) and is not a list item, and this one starts with a
 *    lower-case letter (after opening quotes): a paragraph split in two
 *    mid-sentence.  The rule looks only at the two texts, so a summary
 *    written out by kz_render_report reads back the same.
 *  - Sources: a link whose text is itself a URL (http://, https:// or
 *    www., or the same as its target), written as <url> or [url](url), is
 *    a source: its target becomes the source's url, kz_url_normalize gives
 *    url_norm, and it leaves the text.  Other links keep their text and
 *    are not sources; images are dropped.  Bold, emphasis and code keep
 *    their text.
 *  - A block quote whose text starts with "⚠" is the renderer's
 *    "translation missing" note and is skipped; a thematic break ends the
 *    current item, and paragraphs after it that do not start an item are
 *    ignored (a footer).
 *
 * Truncated files: what is complete is read.  A last item cut inside its
 * title, or before any summary, is an error naming its line ("has no
 * summary"); one cut inside its summary keeps the summary it has.  An
 * incomplete UTF-8 sequence at the very end of the data (a multi-byte
 * character cut in two) is dropped; anywhere else it is an error.
 */
#include <cmark.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kuzet/import.h"
#include "kuzet/text.h"
#include "kuzet/url.h"

/* A paragraph of one line at most this long may be a title without
 * markup. */
#define PLAIN_TITLE_MAX_BYTES 400u
/* Text kept for guessing the document's language. */
#define LANG_TEXT_MAX_BYTES 65536u

enum state {
	S_INTRO, /* before a section heading */
	S_SECTION, /* after a section heading, before its first item */
	S_ITEM, /* inside an item */
	S_BREAK /* after a thematic break inside a section */
};

struct src {
	char *url;
	char *norm;
};

struct parser {
	const char *origin;
	const struct kz_taxonomy *tax;
	struct kz_err *err;
	enum state state;
	int section; /* taxonomy index, -1 before the first section */
	int seen_section;
	int have_period;
	struct kz_date from, to; /* the current period */
	struct kz_import_doc doc;
	size_t cap;
	struct kz_buf intro; /* intro text since the last title */
	struct kz_buf langtext; /* intro and headings, for doc.lang */
	struct kz_buf tmp; /* text of the block being read */
	struct kz_buf para; /* one normalized paragraph */
	struct kz_buf scratch;
	/* the current item */
	int item; /* 1 while an item is open */
	int item_line; /* its first line */
	struct kz_buf title;
	struct kz_buf summary;
	size_t para_start; /* where the summary's last paragraph starts */
	struct src *srcs;
	size_t nsrcs, srccap;
	/* sources found in the block being read */
	struct src *pend;
	size_t npend, pendcap;
};

/* ---- small text helpers ---- */

static int
line_of(const char *data, size_t off)
{
	int line = 1;
	const char *p = data, *end = data + off;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		if (nl == NULL)
			break;
		line++;
		p = nl + 1;
	}
	return line;
}

static int
ascii_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v';
}

/* Append s[0..n) to b with runs of ASCII whitespace collapsed to one space
 * and none at either end of b. */
static kz_rc
put_collapsed(struct kz_buf *b, const char *s, size_t n)
{
	size_t i = 0;
	kz_rc rc = KZ_OK;

	while (i < n && rc == KZ_OK) {
		size_t j = i;

		if (ascii_space(s[i])) {
			while (i < n && ascii_space(s[i]))
				i++;
			if (b->len > 0 && b->data[b->len - 1] != ' ' && i < n)
				rc = kz_buf_putc(b, ' ');
			continue;
		}
		while (j < n && !ascii_space(s[j]))
			j++;
		rc = kz_buf_append(b, s + i, j - i);
		i = j;
	}
	return rc;
}

/* Trim ASCII whitespace and U+00A0 from b[from..len), in place. */
static void
trim_buf(struct kz_buf *b, size_t from)
{
	struct kz_str t;

	if (b->len <= from)
		return;
	t = kz_str_trim((struct kz_str){b->data + from, b->len - from});
	memmove(b->data + from, t.p, t.n);
	b->len = from + t.n;
	b->data[b->len] = '\0';
}

/* 1 if b holds no text (whitespace only). */
static int
blank_buf(const struct kz_buf *b)
{
	return kz_str_trim((struct kz_str){b->data ? b->data : "", b->len}).n ==
	    0;
}

static int
lower_cp(uint32_t c)
{
	if (c >= 'a' && c <= 'z')
		return 1;
	if (c >= 0xdf && c <= 0xff && c != 0xf7)
		return 1;
	if (c >= 0x430 && c <= 0x45f)
		return 1;
	if (((c >= 0x460 && c <= 0x481) || (c >= 0x48a && c <= 0x4bf) ||
	        (c >= 0x4d0 && c <= 0x52f)) &&
	    (c & 1))
		return 1;
	if (c >= 0x4c2 && c <= 0x4ce && !(c & 1))
		return 1;
	return c == 0x4cf;
}

/* Opening quotes and brackets skipped before the first letter. */
static int
opening(uint32_t c)
{
	return c == '"' || c == '\'' || c == '(' || c == '[' || c == 0xab ||
	    c == 0x2018 || c == 0x201c || c == 0x201e || c == 0x2039 ||
	    c == ' ';
}

/* Closing quotes and brackets skipped before the last punctuation. */
static int
closing(uint32_t c)
{
	return c == '"' || c == '\'' || c == ')' || c == ']' || c == 0xbb ||
	    c == 0x2019 || c == 0x201d || c == 0x203a || c == ' ';
}

static int
starts_lower(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		uint32_t c;
		size_t k = kz_utf8_decode(s + i, n - i, &c);

		if (k == 0)
			return 0;
		if (!opening(c))
			return lower_cp(c);
		i += k;
	}
	return 0;
}

static int
ends_sentence(const char *s, size_t n)
{
	while (n > 0) {
		size_t k = 1;
		uint32_t c;

		while (
		    k < n && k < 4 && ((unsigned char)s[n - k] & 0xc0) == 0x80)
			k++;
		if (kz_utf8_decode(s + n - k, k, &c) != k)
			return 0;
		if (closing(c)) {
			n -= k;
			continue;
		}
		return c == '.' || c == '!' || c == '?' || c == ':' ||
		    c == ';' || c == 0x2026;
	}
	return 0;
}

/* 1 if s[0..n) starts with the ASCII word w, ignoring case. */
static int
ci_prefix(const char *s, size_t n, const char *w)
{
	size_t i, k = strlen(w);

	if (n < k)
		return 0;
	for (i = 0; i < k; i++) {
		char c = s[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c + ('a' - 'A'));
		if (c != w[i])
			return 0;
	}
	return 1;
}

/* 1 if t (trimmed) reads as a URL: http://, https:// or www., and no
 * spaces. */
static int
url_text(const char *t, size_t n)
{
	struct kz_str s = kz_str_trim((struct kz_str){t, n});
	size_t i;

	if (!ci_prefix(s.p, s.n, "http://") &&
	    !ci_prefix(s.p, s.n, "https://") && !ci_prefix(s.p, s.n, "www."))
		return 0;
	for (i = 0; i < s.n; i++)
		if (ascii_space(s.p[i]))
			return 0;
	return 1;
}

/* 1 if s starts with a list marker this file writes: "- " or "N. ". */
static int
list_marker(const char *s, size_t n)
{
	size_t i = 0;

	if (n >= 2 && s[0] == '-' && s[1] == ' ')
		return 1;
	while (i < n && i < 9 && s[i] >= '0' && s[i] <= '9')
		i++;
	return i > 0 && i + 1 < n && s[i] == '.' && s[i + 1] == ' ';
}

/* ---- errors ---- */

/* How much of b to quote in a message: at most 120 bytes, not cutting a
 * UTF-8 sequence. */
static int
quote_len(const struct kz_buf *b)
{
	size_t n = b->len < 120 ? b->len : 120;

	while (
	    n > 0 && n < b->len && ((unsigned char)b->data[n] & 0xc0) == 0x80)
		n--;
	return (int)n;
}

static kz_rc
fail_at(struct parser *p, kz_rc rc, int line, const char *what)
{
	return kz_fail(p->err, rc, "%s:%d: %s", p->origin, line, what);
}

static int
node_line(cmark_node *n)
{
	while (n != NULL) {
		int l = cmark_node_get_start_line(n);

		if (l > 0)
			return l;
		n = cmark_node_parent(n);
	}
	return 1;
}

/* ---- sources ---- */

static void
src_clear(struct src *v, size_t *n)
{
	size_t i;

	for (i = 0; i < *n; i++) {
		free(v[i].url);
		free(v[i].norm);
	}
	*n = 0;
}

static void
pend_add(struct parser *p, const char *url, char *norm)
{
	if (p->npend == p->pendcap) {
		p->pendcap = p->pendcap ? p->pendcap * 2 : 8;
		p->pend =
		    kz_xreallocarray(p->pend, p->pendcap, sizeof *p->pend);
	}
	p->pend[p->npend].url = kz_xstrdup(url);
	p->pend[p->npend].norm = norm;
	p->npend++;
}

/* Plain text of a node's subtree (links as their text, images dropped,
 * breaks as spaces) into b. */
static kz_rc
plain_text(cmark_node *node, struct kz_buf *b)
{
	cmark_iter *it = cmark_iter_new(node);
	cmark_event_type ev;
	kz_rc rc = KZ_OK;

	while (rc == KZ_OK && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *cur = cmark_iter_get_node(it);
		const char *lit;

		if (ev != CMARK_EVENT_ENTER)
			continue;
		switch (cmark_node_get_type(cur)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			lit = cmark_node_get_literal(cur);
			if (lit != NULL)
				rc = kz_buf_puts(b, lit);
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			rc = kz_buf_putc(b, ' ');
			break;
		case CMARK_NODE_IMAGE:
			if (cur != node)
				cmark_iter_reset(it, cur, CMARK_EVENT_EXIT);
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
	return rc;
}

/* If link is a source, record it in p->pend and return 1. */
static int
link_source(struct parser *p, cmark_node *link)
{
	const char *href = cmark_node_get_url(link);
	struct kz_buf t;
	int is_url, same;
	char *norm = NULL;

	kz_buf_init(&t, KZ_URL_MAX_BYTES * 2);
	if (plain_text(link, &t) != KZ_OK) {
		kz_buf_fini(&t);
		return 0;
	}
	is_url = url_text(t.data ? t.data : "", t.len);
	same = href != NULL && strcmp(kz_buf_str(&t), href) == 0 && t.len > 0;
	if (!is_url && !same) {
		kz_buf_fini(&t);
		return 0;
	}
	if (href != NULL &&
	    kz_url_normalize(href, strlen(href), &norm, NULL) == KZ_OK) {
		pend_add(p, href, norm);
	} else if (is_url &&
	    kz_url_normalize(t.data, t.len, &norm, NULL) == KZ_OK) {
		struct kz_str s = kz_str_trim((struct kz_str){t.data, t.len});
		char *u = kz_xstrndup(s.p, s.n);

		pend_add(p, u, norm);
		free(u);
	} else {
		kz_buf_fini(&t);
		return 0;
	}
	kz_buf_fini(&t);
	return 1;
}

/*
 * The text of block's inline content into p->tmp, from start (a child of
 * block) or from the beginning when start is NULL.  A hard line break is
 * written as '\n'; soft breaks as spaces.  Source links go to p->pend.
 */
static kz_rc
inline_text(struct parser *p, cmark_node *block, cmark_node *start)
{
	cmark_iter *it = cmark_iter_new(block);
	cmark_event_type ev;
	kz_rc rc = KZ_OK;

	kz_buf_reset(&p->tmp);
	if (start != NULL) {
		cmark_iter_reset(it, start, CMARK_EVENT_ENTER);
		ev = cmark_iter_get_event_type(it);
	} else {
		ev = cmark_iter_next(it);
	}
	for (; rc == KZ_OK && ev != CMARK_EVENT_DONE;
	     ev = cmark_iter_next(it)) {
		cmark_node *cur = cmark_iter_get_node(it);
		const char *lit;

		if (ev != CMARK_EVENT_ENTER)
			continue;
		switch (cmark_node_get_type(cur)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			lit = cmark_node_get_literal(cur);
			if (lit != NULL)
				rc = kz_buf_puts(&p->tmp, lit);
			break;
		case CMARK_NODE_SOFTBREAK:
			rc = kz_buf_putc(&p->tmp, ' ');
			break;
		case CMARK_NODE_LINEBREAK:
			rc = kz_buf_putc(&p->tmp, '\n');
			break;
		case CMARK_NODE_HTML_INLINE:
			lit = cmark_node_get_literal(cur);
			if (lit != NULL &&
			    (strncmp(lit, "<br", 3) == 0 ||
			        strncmp(lit, "<BR", 3) == 0))
				rc = kz_buf_putc(&p->tmp, '\n');
			break;
		case CMARK_NODE_LINK:
			if (link_source(p, cur))
				cmark_iter_reset(it, cur, CMARK_EVENT_EXIT);
			break;
		case CMARK_NODE_IMAGE:
			cmark_iter_reset(it, cur, CMARK_EVENT_EXIT);
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
	if (rc != KZ_OK)
		return fail_at(p, rc, node_line(block), "paragraph too long");
	return KZ_OK;
}

/* ---- items ---- */

static kz_rc
add_sources(struct parser *p, int line)
{
	size_t i, j;

	for (i = 0; i < p->npend; i++) {
		int dup = 0;

		for (j = 0; j < p->nsrcs && !dup; j++)
			dup = strcmp(p->srcs[j].norm, p->pend[i].norm) == 0;
		if (dup)
			continue;
		if (p->nsrcs >= KZ_SOURCES_MAX) {
			src_clear(p->pend, &p->npend);
			return kz_fail(p->err, KZ_ELIMIT,
			    "%s:%d: more than %u sources in one item",
			    p->origin, line, KZ_SOURCES_MAX);
		}
		if (p->nsrcs == p->srccap) {
			p->srccap = p->srccap ? p->srccap * 2 : 4;
			p->srcs = kz_xreallocarray(
			    p->srcs, p->srccap, sizeof *p->srcs);
		}
		p->srcs[p->nsrcs++] = p->pend[i];
		p->pend[i].url = NULL;
		p->pend[i].norm = NULL;
	}
	src_clear(p->pend, &p->npend);
	return KZ_OK;
}

/*
 * Add the text in p->tmp to the current summary: split at hard breaks
 * ('\n'), collapse whitespace, and join or separate by the paragraph
 * rule.  prefix (may be NULL) goes before the first paragraph: "- " for
 * a list item.
 */
static kz_rc
add_summary(struct parser *p, int line, const char *prefix)
{
	const char *s = p->tmp.data ? p->tmp.data : "";
	size_t n = p->tmp.len, pos = 0;
	kz_rc rc = KZ_OK;

	while (pos < n && rc == KZ_OK) {
		const char *nl = memchr(s + pos, '\n', n - pos);
		size_t end = nl ? (size_t)(nl - s) : n;
		size_t plen = prefix != NULL ? strlen(prefix) : 0;
		int join = 0;

		kz_buf_reset(&p->para);
		if (plen > 0)
			rc = kz_buf_append(&p->para, prefix, plen);
		if (rc == KZ_OK)
			rc = put_collapsed(&p->para, s + pos, end - pos);
		trim_buf(&p->para, plen);
		pos = end + 1;
		if (rc != KZ_OK || p->para.len == plen)
			continue;
		prefix = NULL;
		if (p->summary.len > 0) {
			join =
			    !ends_sentence(p->summary.data, p->summary.len) &&
			    !list_marker(p->summary.data + p->para_start,
			        p->summary.len - p->para_start) &&
			    starts_lower(p->para.data, p->para.len);
			rc = kz_buf_puts(&p->summary, join ? " " : "\n\n");
		}
		if (!join)
			p->para_start = p->summary.len;
		if (rc == KZ_OK)
			rc = kz_buf_append(
			    &p->summary, p->para.data, p->para.len);
	}
	if (rc == KZ_ELIMIT)
		return kz_fail(p->err, rc,
		    "%s:%d: summary longer than %u bytes", p->origin, line,
		    KZ_SUMMARY_MAX_BYTES);
	return rc;
}

/* Close the current item and append it to the document. */
static kz_rc
finish_item(struct parser *p)
{
	struct kz_incident *inc;
	enum kz_lang lang;
	struct kz_date d;
	size_t i;
	kz_rc rc;

	if (!p->item)
		return KZ_OK;
	p->item = 0;
	if (p->summary.len == 0)
		return kz_fail(p->err, KZ_EPARSE,
		    "%s:%d: item \"%.*s\" has a title but no summary",
		    p->origin, p->item_line, quote_len(&p->title),
		    kz_buf_str(&p->title));
	if (p->doc.n >= KZ_IMPORT_ITEMS_MAX)
		return kz_fail(p->err, KZ_ELIMIT,
		    "%s:%d: more than %u items in one report", p->origin,
		    p->item_line, KZ_IMPORT_ITEMS_MAX);
	if (p->doc.n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->doc.items = kz_xreallocarray(
		    p->doc.items, p->cap, sizeof *p->doc.items);
		p->doc.lines = kz_xreallocarray(
		    p->doc.lines, p->cap, sizeof *p->doc.lines);
	}
	kz_buf_reset(&p->scratch);
	rc = kz_buf_append(&p->scratch, p->title.data, p->title.len);
	if (rc == KZ_OK)
		rc = kz_buf_putc(&p->scratch, '\n');
	if (rc == KZ_OK)
		rc =
		    kz_buf_append(&p->scratch, p->summary.data, p->summary.len);
	if (rc != KZ_OK)
		return kz_fail(p->err, rc, "%s:%d: item too long", p->origin,
		    p->item_line);
	inc = &p->doc.items[p->doc.n];
	kz_incident_init(inc);
	p->doc.lines[p->doc.n] = p->item_line;
	p->doc.n++;
	snprintf(inc->section, sizeof inc->section, "%s",
	    p->tax->sections[p->section].id);
	inc->status = KZ_STATUS_PUBLISHED;
	lang = kz_lang_guess(p->scratch.data, p->scratch.len);
	kz_incident_set_text(&inc->title[lang], kz_buf_str(&p->title));
	kz_incident_set_text(&inc->summary[lang], kz_buf_str(&p->summary));
	if (p->have_period) {
		inc->period_from = p->from;
		inc->period_to = p->to;
	}
	if (kz_date_find(p->scratch.data, p->scratch.len,
	        p->have_period ? p->from : (struct kz_date){0, 0, 0},
	        p->have_period ? p->to : (struct kz_date){0, 0, 0}, &d))
		inc->occurred_on = d;
	for (i = 0; i < p->nsrcs; i++)
		kz_incident_add_source(inc, p->srcs[i].url, p->srcs[i].norm);
	src_clear(p->srcs, &p->nsrcs);
	kz_buf_reset(&p->title);
	kz_buf_reset(&p->summary);
	return KZ_OK;
}

/* Open an item titled by the text in p->tmp (sources in p->pend). */
static kz_rc
start_item(struct parser *p, int line)
{
	kz_rc rc;

	if (p->section < 0)
		return fail_at(p, KZ_EPARSE, line,
		    p->seen_section ? "item before a section heading"
		                    : "item before the first section heading");
	rc = finish_item(p);
	if (rc != KZ_OK)
		return rc;
	kz_buf_reset(&p->title);
	kz_buf_reset(&p->summary);
	rc = put_collapsed(
	    &p->title, p->tmp.data ? p->tmp.data : "", p->tmp.len);
	trim_buf(&p->title, 0);
	if (rc == KZ_ELIMIT)
		return kz_fail(p->err, rc, "%s:%d: title longer than %u bytes",
		    p->origin, line, KZ_TITLE_MAX_BYTES);
	if (rc != KZ_OK)
		return rc;
	p->item = 1;
	p->item_line = line;
	p->state = S_ITEM;
	return add_sources(p, line);
}

/* ---- block classification ---- */

static int
is_strong(cmark_node *n)
{
	cmark_node_type t = cmark_node_get_type(n);
	cmark_node *c;

	if (t == CMARK_NODE_STRONG)
		return 1;
	if (t != CMARK_NODE_EMPH)
		return 0;
	/* ***Title*** is emphasis around strong */
	c = cmark_node_first_child(n);
	return c != NULL && cmark_node_next(c) == NULL && is_strong(c);
}

static int
blank_text(cmark_node *n)
{
	cmark_node_type t = cmark_node_get_type(n);
	const char *lit;

	if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK)
		return 1;
	if (t != CMARK_NODE_TEXT)
		return 0;
	lit = cmark_node_get_literal(n);
	for (; lit != NULL && *lit != '\0'; lit++)
		if (!ascii_space(*lit))
			return 0;
	return 1;
}

/* A paragraph of bold only (and spaces). */
static int
all_bold(cmark_node *para)
{
	cmark_node *c;
	int strong = 0;

	for (c = cmark_node_first_child(para); c; c = cmark_node_next(c)) {
		if (is_strong(c))
			strong = 1;
		else if (!blank_text(c))
			return 0;
	}
	return strong;
}

/* "**Title**  \nSummary": returns the node after the break, else NULL. */
static cmark_node *
bold_then_break(cmark_node *para)
{
	cmark_node *c = cmark_node_first_child(para), *br;

	while (c != NULL && cmark_node_get_type(c) == CMARK_NODE_TEXT &&
	    blank_text(c))
		c = cmark_node_next(c);
	if (c == NULL || !is_strong(c))
		return NULL;
	br = cmark_node_next(c);
	while (br != NULL && cmark_node_get_type(br) == CMARK_NODE_TEXT &&
	    blank_text(br))
		br = cmark_node_next(br);
	if (br == NULL ||
	    (cmark_node_get_type(br) != CMARK_NODE_LINEBREAK &&
	        cmark_node_get_type(br) != CMARK_NODE_SOFTBREAK))
		return NULL;
	return cmark_node_next(br);
}

static int
has_break(cmark_node *para)
{
	cmark_node *c;

	for (c = cmark_node_first_child(para); c; c = cmark_node_next(c)) {
		cmark_node_type t = cmark_node_get_type(c);

		if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK)
			return 1;
	}
	return 0;
}

/* A block quote written by the renderer for a missing translation. */
static int
warning_quote(cmark_node *q)
{
	struct kz_buf b;
	struct kz_str s;
	int warn;

	kz_buf_init(&b, 4096);
	(void)plain_text(q, &b);
	s = kz_str_trim((struct kz_str){b.data ? b.data : "", b.len});
	warn = s.n >= 3 && memcmp(s.p, "\xe2\x9a\xa0", 3) == 0;
	kz_buf_fini(&b);
	return warn;
}

/*
 * The text of a paragraph in p->tmp qualifies as a title without markup:
 * one line, short, no sources; strict also wants no closing sentence
 * punctuation and a following paragraph.
 */
static int
plain_title(struct parser *p, cmark_node *para, int strict)
{
	struct kz_str s;
	cmark_node *next;

	if (p->npend > 0 || has_break(para) ||
	    p->tmp.len > PLAIN_TITLE_MAX_BYTES)
		return 0;
	s = kz_str_trim(
	    (struct kz_str){p->tmp.data ? p->tmp.data : "", p->tmp.len});
	if (s.n == 0)
		return 0;
	if (!strict)
		return 1;
	if (ends_sentence(s.p, s.n))
		return 0;
	next = cmark_node_next(para);
	while (next != NULL &&
	    cmark_node_get_type(next) == CMARK_NODE_BLOCK_QUOTE &&
	    warning_quote(next))
		next = cmark_node_next(next);
	return next != NULL &&
	    (cmark_node_get_type(next) == CMARK_NODE_PARAGRAPH ||
	        cmark_node_get_type(next) == CMARK_NODE_LIST ||
	        cmark_node_get_type(next) == CMARK_NODE_BLOCK_QUOTE);
}

static kz_rc summary_list(struct parser *p, cmark_node *list);
static kz_rc
summary_blocks(struct parser *p, cmark_node *node, const char *prefix);

/* One block of an item's summary as paragraphs; prefix (may be NULL) goes
 * before its first paragraph ("- " for a list item). */
static kz_rc
summary_block(struct parser *p, cmark_node *c, const char *prefix)
{
	int line = node_line(c);
	const char *lit;
	kz_rc rc = KZ_OK;

	switch (cmark_node_get_type(c)) {
	case CMARK_NODE_PARAGRAPH:
	case CMARK_NODE_HEADING:
		rc = inline_text(p, c, NULL);
		if (rc == KZ_OK)
			rc = add_sources(p, line);
		if (rc == KZ_OK)
			rc = add_summary(p, line, prefix);
		break;
	case CMARK_NODE_CODE_BLOCK:
		kz_buf_reset(&p->tmp);
		lit = cmark_node_get_literal(c);
		rc = kz_buf_puts(&p->tmp, lit != NULL ? lit : "");
		for (size_t i = 0; i < p->tmp.len; i++)
			if (p->tmp.data[i] == '\n')
				p->tmp.data[i] = ' ';
		if (rc == KZ_OK)
			rc = add_summary(p, line, prefix);
		break;
	case CMARK_NODE_BLOCK_QUOTE:
		if (!warning_quote(c))
			rc = summary_blocks(p, c, prefix);
		break;
	case CMARK_NODE_LIST:
		rc = summary_list(p, c);
		break;
	default:
		break;
	}
	return rc;
}

/* The blocks inside a container (block quote, list item). */
static kz_rc
summary_blocks(struct parser *p, cmark_node *node, const char *prefix)
{
	cmark_node *c;
	kz_rc rc = KZ_OK;

	for (c = cmark_node_first_child(node); c && rc == KZ_OK;
	     c = cmark_node_next(c)) {
		rc = summary_block(p, c, prefix);
		prefix = NULL;
	}
	return rc;
}

/* A list: each item as paragraphs, the first marked "- " or "N. ". */
static kz_rc
summary_list(struct parser *p, cmark_node *list)
{
	int ordered = cmark_node_get_list_type(list) == CMARK_ORDERED_LIST;
	int num = cmark_node_get_list_start(list);
	cmark_node *item;
	kz_rc rc = KZ_OK;

	for (item = cmark_node_first_child(list); item && rc == KZ_OK;
	     item = cmark_node_next(item)) {
		char mark[24];

		if (ordered)
			snprintf(mark, sizeof mark, "%d. ", num++);
		else
			snprintf(mark, sizeof mark, "- ");
		rc = summary_blocks(p, item, mark);
	}
	return rc;
}

/* Keep text for guessing the document's language, up to a cap. */
static void
lang_add(struct parser *p, const char *s, size_t n)
{
	if (p->langtext.len + n + 1 > LANG_TEXT_MAX_BYTES)
		return;
	if (kz_buf_append(&p->langtext, s, n) != KZ_OK)
		return;
	if (kz_buf_putc(&p->langtext, '\n') != KZ_OK)
		return;
}

/* Text before the first section: kept for the period and language. */
static kz_rc
intro_block(struct parser *p, cmark_node *node)
{
	kz_buf_reset(&p->tmp);
	if (plain_text(node, &p->tmp) != KZ_OK)
		return fail_at(p, KZ_ELIMIT, node_line(node), "intro too long");
	if (kz_buf_append(&p->intro, p->tmp.data, p->tmp.len) != KZ_OK ||
	    kz_buf_putc(&p->intro, '\n') != KZ_OK)
		return fail_at(p, KZ_ELIMIT, node_line(node), "intro too long");
	lang_add(p, p->tmp.data, p->tmp.len);
	return KZ_OK;
}

static int
numbered(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return *s >= '0' && *s <= '9';
}

static kz_rc
heading(struct parser *p, cmark_node *node)
{
	int level = cmark_node_get_heading_level(node);
	int line = node_line(node);
	int idx;
	kz_rc rc;

	if (level >= 3) {
		rc = inline_text(p, node, NULL);
		if (rc != KZ_OK)
			return rc;
		if (kz_str_trim((struct kz_str){
		                    p->tmp.data ? p->tmp.data : "", p->tmp.len})
		        .n == 0) {
			src_clear(p->pend, &p->npend);
			return KZ_OK; /* an empty heading */
		}
		return start_item(p, line);
	}
	kz_buf_reset(&p->tmp);
	if (plain_text(node, &p->tmp) != KZ_OK)
		return fail_at(p, KZ_ELIMIT, line, "heading too long");
	idx = kz_import_match_section(p->tax, kz_buf_str(&p->tmp));
	/* "# Title" is a section only when numbered ("# 1. Name") */
	if (level == 1 && !numbered(kz_buf_str(&p->tmp)))
		idx = -1;
	if (idx >= 0) {
		rc = finish_item(p);
		if (rc != KZ_OK)
			return rc;
		if (p->state == S_INTRO && p->intro.len > 0) {
			struct kz_date f, t;

			if (kz_period_find(
			        p->intro.data, p->intro.len, &f, &t)) {
				p->from = f;
				p->to = t;
				p->have_period = 1;
				if (p->doc.period_from.y == 0) {
					p->doc.period_from = f;
					p->doc.period_to = t;
				}
			}
			kz_buf_reset(&p->intro);
		}
		lang_add(p, p->tmp.data, p->tmp.len);
		p->section = idx;
		p->seen_section = 1;
		p->state = S_SECTION;
		return KZ_OK;
	}
	if (level == 1) {
		/* a report title: what follows is intro again */
		rc = finish_item(p);
		if (rc != KZ_OK)
			return rc;
		p->section = -1;
		p->state = S_INTRO;
		kz_buf_reset(&p->intro);
		return intro_block(p, node);
	}
	if (p->state == S_INTRO)
		return intro_block(p, node);
	return kz_fail(p->err, KZ_EPARSE,
	    "%s:%d: heading \"%.*s\" matches no section of the taxonomy",
	    p->origin, line, quote_len(&p->tmp), kz_buf_str(&p->tmp));
}

static kz_rc
paragraph(struct parser *p, cmark_node *node)
{
	int line = node_line(node);
	cmark_node *rest;
	kz_rc rc;

	if (p->state == S_INTRO)
		return intro_block(p, node);
	/* a bold title: unless the bold holds only a source link */
	if (all_bold(node)) {
		rc = inline_text(p, node, NULL);
		if (rc != KZ_OK)
			return rc;
		if (!blank_buf(&p->tmp))
			return start_item(p, line);
		src_clear(p->pend, &p->npend);
	}
	rest = bold_then_break(node);
	if (rest != NULL) {
		cmark_node *strong = cmark_node_first_child(node);

		while (!is_strong(strong))
			strong = cmark_node_next(strong);
		rc = inline_text(p, strong, NULL);
		if (rc == KZ_OK && !blank_buf(&p->tmp)) {
			rc = start_item(p, line);
			if (rc == KZ_OK)
				rc = inline_text(p, node, rest);
			if (rc == KZ_OK)
				rc = add_sources(p, line);
			if (rc == KZ_OK)
				rc = add_summary(p, line, NULL);
			return rc;
		}
		src_clear(p->pend, &p->npend);
		if (rc != KZ_OK)
			return rc;
	}
	rc = inline_text(p, node, NULL);
	if (rc != KZ_OK)
		return rc;
	switch (p->state) {
	case S_SECTION:
		if (!plain_title(p, node, 0)) {
			src_clear(p->pend, &p->npend);
			return fail_at(p, KZ_EPARSE, line,
			    "expected an item title (\"### Title\" or "
			    "\"**Title**\") after the section heading");
		}
		return start_item(p, line);
	case S_BREAK:
		if (plain_title(p, node, 1))
			return start_item(p, line);
		src_clear(p->pend, &p->npend);
		return KZ_OK; /* a footer */
	case S_ITEM:
		if (p->summary.len > 0 && p->nsrcs > 0 &&
		    plain_title(p, node, 1))
			return start_item(p, line);
		rc = add_sources(p, line);
		if (rc == KZ_OK)
			rc = add_summary(p, line, NULL);
		return rc;
	case S_INTRO:
		break;
	}
	return KZ_OK;
}

static kz_rc
block(struct parser *p, cmark_node *node)
{
	switch (cmark_node_get_type(node)) {
	case CMARK_NODE_HEADING:
		return heading(p, node);
	case CMARK_NODE_PARAGRAPH:
		return paragraph(p, node);
	case CMARK_NODE_THEMATIC_BREAK:
		if (p->state == S_INTRO)
			return KZ_OK;
		p->state = S_BREAK;
		return finish_item(p);
	case CMARK_NODE_BLOCK_QUOTE:
	case CMARK_NODE_LIST:
	case CMARK_NODE_CODE_BLOCK:
		if (p->state == S_INTRO)
			return intro_block(p, node);
		if (cmark_node_get_type(node) == CMARK_NODE_BLOCK_QUOTE &&
		    warning_quote(node))
			return KZ_OK;
		if (p->state == S_ITEM)
			return summary_block(p, node, NULL);
		if (p->state == S_BREAK)
			return KZ_OK;
		return fail_at(p, KZ_EPARSE, node_line(node),
		    "expected an item title (\"### Title\" or \"**Title**\") "
		    "after the section heading");
	default:
		return KZ_OK; /* HTML blocks */
	}
}

/* ---- checks before parsing ---- */

/* Length of a valid but incomplete UTF-8 sequence at the end of p[0..n),
 * or 0. */
static size_t
cut_tail(const char *p, size_t n, size_t bad)
{
	unsigned char c = (unsigned char)p[bad];
	size_t need, i;

	if (c >= 0xc2 && c <= 0xdf)
		need = 2;
	else if (c >= 0xe0 && c <= 0xef)
		need = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		need = 4;
	else
		return 0;
	if (n - bad >= need)
		return 0;
	for (i = bad + 1; i < n; i++)
		if (((unsigned char)p[i] & 0xc0) != 0x80)
			return 0;
	return n - bad;
}

static kz_rc
check_bytes(
    const char *data, size_t *len, const char *origin, struct kz_err *err)
{
	const char *nul;
	size_t bad, i;

	if (*len > KZ_IMPORT_FILE_MAX_BYTES)
		return kz_fail(err, KZ_ELIMIT,
		    "%s:1: file larger than the limit of %u bytes", origin,
		    KZ_IMPORT_FILE_MAX_BYTES);
	nul = memchr(data, '\0', *len);
	if (!kz_utf8_valid(data, *len, &bad)) {
		size_t cut = cut_tail(data, *len, bad);

		if (nul != NULL && (size_t)(nul - data) < bad)
			cut = 0; /* report the NUL: it comes first */
		else if (cut == 0)
			return kz_fail(err, KZ_ECHARSET,
			    "%s:%d: invalid UTF-8 (byte 0x%02x)", origin,
			    line_of(data, bad), (unsigned char)data[bad]);
		*len -= cut;
	}
	if (nul != NULL)
		return kz_fail(err, KZ_ECHARSET,
		    "%s:%d: NUL byte: a binary file, not a Markdown report",
		    origin, line_of(data, (size_t)(nul - data)));
	i = *len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
	while (i < *len && ascii_space(data[i]))
		i++;
	if (i == *len)
		return kz_fail(err, KZ_EPARSE, "%s:1: empty file", origin);
	return KZ_OK;
}

/* Refuse trees nested deeper than KZ_MD_DEPTH_MAX. */
static kz_rc
check_depth(cmark_node *doc, const char *origin, struct kz_err *err)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	unsigned depth = 0;
	kz_rc rc = KZ_OK;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *cur = cmark_iter_get_node(it);

		if (ev == CMARK_EVENT_EXIT) {
			depth--;
			continue;
		}
		switch (cmark_node_get_type(cur)) {
		case CMARK_NODE_HTML_BLOCK:
		case CMARK_NODE_THEMATIC_BREAK:
		case CMARK_NODE_CODE_BLOCK:
		case CMARK_NODE_TEXT:
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
		case CMARK_NODE_CODE:
		case CMARK_NODE_HTML_INLINE:
			continue; /* leaves: no exit event */
		default:
			break;
		}
		if (++depth > KZ_MD_DEPTH_MAX) {
			rc = kz_fail(err, KZ_ELIMIT,
			    "%s:%d: Markdown nested deeper than %u levels",
			    origin, node_line(cur), KZ_MD_DEPTH_MAX);
			break;
		}
	}
	cmark_iter_free(it);
	return rc;
}

static void
parser_fini(struct parser *p)
{
	kz_buf_fini(&p->intro);
	kz_buf_fini(&p->langtext);
	kz_buf_fini(&p->tmp);
	kz_buf_fini(&p->para);
	kz_buf_fini(&p->scratch);
	kz_buf_fini(&p->title);
	kz_buf_fini(&p->summary);
	src_clear(p->srcs, &p->nsrcs);
	src_clear(p->pend, &p->npend);
	free(p->srcs);
	free(p->pend);
}

kz_rc
kz_import_md_parse(const char *data, size_t len, const char *origin,
    const struct kz_taxonomy *tax, struct kz_import_doc *out,
    struct kz_err *err)
{
	struct parser p;
	cmark_node *doc, *c;
	kz_rc rc;

	if (origin == NULL)
		origin = "<input>";
	if (data == NULL)
		len = 0;
	if (len == 0)
		return kz_fail(err, KZ_EPARSE, "%s:1: empty file", origin);
	rc = check_bytes(data, &len, origin, err);
	if (rc != KZ_OK)
		return rc;
	if (tax == NULL || tax->n == 0)
		return kz_fail(err, KZ_EUSAGE,
		    "%s: no taxonomy to match "
		    "sections against",
		    origin);

	memset(&p, 0, sizeof p);
	p.origin = origin;
	p.tax = tax;
	p.err = err;
	p.section = -1;
	p.state = S_INTRO;
	kz_buf_init(&p.intro, KZ_IMPORT_FILE_MAX_BYTES);
	kz_buf_init(&p.langtext, LANG_TEXT_MAX_BYTES);
	kz_buf_init(&p.tmp, KZ_IMPORT_FILE_MAX_BYTES);
	kz_buf_init(&p.para, KZ_IMPORT_FILE_MAX_BYTES);
	kz_buf_init(&p.scratch, KZ_TITLE_MAX_BYTES + KZ_SUMMARY_MAX_BYTES + 2);
	kz_buf_init(&p.title, KZ_TITLE_MAX_BYTES);
	kz_buf_init(&p.summary, KZ_SUMMARY_MAX_BYTES);

	doc = cmark_parse_document(data, len, CMARK_OPT_DEFAULT);
	if (doc == NULL)
		abort(); /* cmark returns NULL only when out of memory */
	rc = check_depth(doc, origin, err);
	for (c = cmark_node_first_child(doc); c && rc == KZ_OK;
	     c = cmark_node_next(c))
		rc = block(&p, c);
	if (rc == KZ_OK)
		rc = finish_item(&p);
	if (rc == KZ_OK && !p.seen_section)
		rc = kz_fail(err, KZ_EPARSE,
		    "%s:1: no section headings found (expected \"## 1. "
		    "Section name\")",
		    origin);
	cmark_node_free(doc);
	if (rc == KZ_OK) {
		p.doc.lang = kz_lang_guess(p.langtext.data, p.langtext.len);
		*out = p.doc;
		memset(&p.doc, 0, sizeof p.doc);
	}
	kz_import_doc_fini(&p.doc);
	parser_fini(&p);
	return rc;
}

void
kz_import_doc_fini(struct kz_import_doc *doc)
{
	size_t i;

	if (doc == NULL)
		return;
	for (i = 0; i < doc->n; i++)
		kz_incident_fini(&doc->items[i]);
	free(doc->items);
	free(doc->lines);
	memset(doc, 0, sizeof *doc);
}
