/* kuzet's HTML tokenizer and tree builder (src/html/tok.c): the hard cases. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "html/html_int.h"
#include "kuzet/discover.h"
#include "kuzet/limits.h"

/* The tree as text: name(children), text as 'text', kept attributes as
 * [name=value]; <html> and <head>/<body> included. */
static void
dump(const struct kz_hnode *n, struct kz_buf *b)
{
	kz_rc rc = KZ_OK;

	if (n->tag == KZ_TAG_TEXT) {
		rc = kz_buf_printf(b, "'%.*s'", (int)n->len, n->u.text);
		assert_int_equal(rc, KZ_OK);
		return;
	}
	rc = kz_buf_puts(b, n->u.name);
	for (uint16_t i = 0; i < n->nattr && rc == KZ_OK; i++)
		rc = kz_buf_printf(
		    b, "[%s=%s]", n->attr[i].name, n->attr[i].value);
	if (rc == KZ_OK && n->first != NULL) {
		rc = kz_buf_putc(b, '(');
		for (const struct kz_hnode *k = n->first; k != NULL;
		     k = k->next)
			dump(k, b);
		if (rc == KZ_OK)
			rc = kz_buf_putc(b, ')');
	}
	assert_int_equal(rc, KZ_OK);
}

/* Parse s (len bytes) through kz_html_read and return the dump (free()). */
static char *
tree_n(const char *s, size_t len)
{
	struct kz_err err = {0};
	struct kz_hdoc *d = kz_html_read(s, len, &err);
	struct kz_buf b;

	if (d == NULL)
		fail_msg("parse failed: %s", err.msg);
	kz_buf_init(&b, 1u << 24);
	dump(d->root, &b);
	kz_hdoc_free(d);
	return kz_buf_take(&b);
}

static char *
tree(const char *s)
{
	return tree_n(s, strlen(s));
}

#define TREE_EQ(html, want)                                                    \
	do {                                                                   \
		char *got_ = tree(html);                                       \
		assert_string_equal(got_, want);                               \
		free(got_);                                                    \
	} while (0)

static void
test_tok_implied_structure(void **state)
{
	(void)state;
	TREE_EQ("", "html");
	TREE_EQ("hello", "html(body('hello'))");
	TREE_EQ("<title>T</title><p>x", "html(head(title('T'))body(p('x')))");
	TREE_EQ("<!DOCTYPE html><HTML LANG=kk><Body class=a><P>x</P></body>"
	        "</html>after",
	    "html[lang=kk](body[class=a](p('x')'after'))");
	/* whitespace before the body is dropped, meta after it stays put */
	TREE_EQ("  \n<head> <meta name=a content=b> </head> <div>x<meta "
	        "name=c></div>",
	    "html(head(meta[name=a][content=b])body(div('x'meta[name=c])))");
}

static void
test_tok_entities(void **state)
{
	(void)state;
	TREE_EQ("<p>&laquo;a&raquo; &amp; &lt;b&gt; &nbsp;&#1089;&#x43A;"
	        "&numero;&hellip;</p>",
	    "html(body(p('«a» & <b> \xC2\xA0ск№…')))");
	/* legacy names without ';' in text, not before '=' or letters in
	 * attributes; unknown names and bare '&' stay */
	TREE_EQ("<p>&amp &copy2024 &bogus; & &#; &#x;</p>",
	    "html(body(p('& ©2024 &bogus; & &#; &#x;')))");
	TREE_EQ("<a href='/?a=1&copy=2&amp;b=3&lt'>x</a>",
	    "html(body(a[href=/?a=1&copy=2&b=3<]('x')))");
	/* numeric edge cases: NUL, surrogates, past U+10FFFF, C1 as
	 * windows-1252 */
	TREE_EQ("<p>&#0;&#xD800;&#x110000;&#99999999999;&#128;&#x97;</p>",
	    "html(body(p('\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
	    "€—')))");
	/* title and textarea decode, script does not */
	TREE_EQ("<title>a &amp; b</title><script type=application/ld+json>"
	        "{\"a\":\"&amp;\"}</script>",
	    "html(head(title('a & b')script[type=application/ld+json]("
	    "'{\"a\":\"&amp;\"}')))");
}

static void
test_tok_implied_end_tags(void **state)
{
	(void)state;
	TREE_EQ("<p>a<p>b<div>c</div>", "html(body(p('a')p('b')div('c')))");
	TREE_EQ("<ul><li>a<li>b<ul><li>c</ul><li>d</ul>",
	    "html(body(ul(li('a')li('b'ul(li('c')))li('d'))))");
	TREE_EQ("<table><tr><td>a<td>b<tr><td>c</table>",
	    "html(body(table(tr(td('a')td('b'))tr(td('c')))))");
	TREE_EQ("<dl><dt>t<dd>d<dt>u</dl>",
	    "html(body(dl(dt('t')dd('d')dt('u'))))");
	TREE_EQ("<select><option>a<option>b</select>",
	    "html(body(select(option('a')option('b'))))");
	TREE_EQ("<a href=1>x<a href=2>y</a>",
	    "html(body(a[href=1]('x')a[href=2]('y')))");
	TREE_EQ("<h1>a<h2>b</h2>", "html(body(h1('a')h2('b')))");
}

static void
test_tok_misnested_and_stray(void **state)
{
	(void)state;
	/* a stray end tag is ignored; </span> never closes a div, </div>
	 * closes the inline elements left open inside it */
	TREE_EQ("</b><div><span>a</div>b</span>c</div>",
	    "html(body(div(span('a'))'b''c'))");
	TREE_EQ(
	    "<div><span>a<b>b</div>c", "html(body(div(span('a'b('b')))'c'))");
	/* </td> never closes past a table inside it... */
	TREE_EQ("<table><tr><td><div>x</td>y</div></table>",
	    "html(body(table(tr(td(div('x'))'y'))))");
	/* </br> is a <br>, "<x/>" closes x, void elements take no content */
	TREE_EQ("<p>a</br>b<div/>c<img src=x>d",
	    "html(body(p('a'br'b')div'c'img'd'))");
}

static void
test_tok_raw_text(void **state)
{
	(void)state;
	/* script and style content is raw (and only JSON-LD is kept) */
	TREE_EQ("<script>if (a<b) document.write('<p>x</p>')</script>"
	        "<p>y</p>",
	    "html(head(script)body(p('y')))");
	TREE_EQ("<body><style>p{}</style><p>y</p><SCRIPT>x='</scriptx>'"
	        "</Script >z",
	    "html(body(stylep('y')script'z'))");
	TREE_EQ("<textarea><b>x</b></textarea>",
	    "html(body(textarea('<b>x</b>')))");
	/* an unclosed script runs to the end; an unclosed title ends at the
	 * next tag */
	TREE_EQ("<p>a<script>b<p>c", "html(body(p('a'script)))");
	TREE_EQ("<title>T<p>x", "html(head(title('T'))body(p('x')))");
	/* comments, doctype, processing instructions and CDATA are dropped */
	TREE_EQ("<p>a<!-- <p>b --><!---->c<!--->d<?php x ?>e<![CDATA[f]]>g"
	        "<!x>h</p>",
	    "html(body(p('a''c''d''e''g''h')))");
	TREE_EQ("<p>a<!-- unclosed <p>b", "html(body(p('a')))");
}

static void
test_tok_attributes(void **state)
{
	(void)state;
	/* the first of a name wins; unquoted "main/" keeps its '/' */
	TREE_EQ("<div CLASS=a id = \"b c\" style='x:\"1\"' hidden "
	        "data-x=1 class=dup role=main/>",
	    "html(body(div[class=a][id=b c][style=x:\"1\"][hidden=][role="
	    "main/]))");
	/* unquoted values end at space or '>'; '/' belongs to the value */
	TREE_EQ("<a href=/x/y/>t</a>", "html(body(a[href=/x/y/]('t')))");
	/* a '<' that starts no tag is text */
	TREE_EQ(
	    "<p>1 < 2 <3 <> </ p>x", "html(body(p('1 ''< 2 ''<3 ''<> ''x')))");
}

static void
test_tok_truncated_input(void **state)
{
	static const char *const cuts[] = {"<div cla", "<div class='a",
	    "<p>x</p", "<p>x<", "<!-- x", "<!DOCTYPE", "<script>abc",
	    "<![CDATA[x", "<a href=\"x\" ", "&#x10", "</", "<"};
	(void)state;
	for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
		char *t = tree(cuts[i]);
		assert_true(kz_utf8_valid(t, strlen(t), NULL));
		free(t);
	}
	TREE_EQ("<p>x</p", "html(body(p('x')))");
	TREE_EQ("<p>a<div cla", "html(body(p('a')))");
	TREE_EQ("<p>&#x10", "html(body(p('\x10')))");
}

static void
test_tok_nul_and_invalid_utf8(void **state)
{
	static const char page[] = "<p cla\0ss=a title='b\xff'>x\0y \xd0 z "
	                           "\xed\xa0\x80 \xd0\x96</p>";
	char *t;

	(void)state;
	t = tree_n(page, sizeof page - 1);
	assert_true(kz_utf8_valid(t, strlen(t), NULL));
	assert_non_null(strstr(t,
	    "'xy \xEF\xBF\xBD z \xEF\xBF\xBD\xEF\xBF\xBD"
	    "\xEF\xBF\xBD \xD0\x96'"));
	free(t);
	/* a valid page is read in place: text points into the input */
	{
		static const char ok[] = "<p>Жазу</p>";
		struct kz_err err = {0};
		struct kz_hdoc *d = kz_html_read(ok, sizeof ok - 1, &err);
		const struct kz_hnode *p;
		assert_non_null(d);
		p = d->root->last->first;
		assert_int_equal(p->tag, KZ_TAG_P);
		assert_ptr_equal(p->first->u.text, ok + 3);
		assert_null(d->owned);
		kz_hdoc_free(d);
	}
}

/* The parse takes the page to be valid and checks it in spans, skipping
 * the raw text nobody reads; a bad span anywhere makes it start over with
 * every text and value checked on its own. */
static void
test_tok_utf8_spans(void **state)
{
	static const char in_script[] = "<script>x='\xff\0'</script>"
	                                "<p>Жазу</p>";
	struct kz_err err = {0};
	struct kz_hdoc *d;

	(void)state;
	/* bad bytes inside a skipped script: the page is still read in
	 * place */
	d = kz_html_read(in_script, sizeof in_script - 1, &err);
	assert_non_null(d);
	assert_ptr_equal(d->root->last->first->first->u.text,
	    in_script + sizeof in_script - 1 - 12);
	kz_hdoc_free(d);
	/* bad bytes before, between and after scripts are replaced */
	TREE_EQ("<p>a\xff"
	        "b</p><script>s</script><p>c</p>",
	    "html(body(p('a\xEF\xBF\xBD"
	    "b')scriptp('c')))");
	TREE_EQ("<p>a</p><script>s</script><p>c\xfe</p><style>t</style>",
	    "html(body(p('a')scriptp('c\xEF\xBF\xBD')style))");
	TREE_EQ("<script>s</script><style>t</style><p id='\xc0'>c</p>",
	    "html(head(scriptstyle)body(p[id=\xEF\xBF\xBD]('c')))");
	/* the kept JSON-LD script is checked too */
	TREE_EQ("<script type=application/ld+json>{\xff}</script>",
	    "html(head(script[type=application/ld+json]("
	    "'{\xEF\xBF\xBD}')))");
}

/* Attribute names in any case; a known one after many others is kept. */
static void
test_tok_many_attributes(void **state)
{
	struct kz_buf b;
	char *t;

	(void)state;
	kz_buf_init(&b, 1u << 20);
	assert_int_equal(kz_buf_puts(&b, "<p"), KZ_OK);
	for (int i = 0; i < 400; i++)
		assert_int_equal(kz_buf_printf(&b, " data-%d=%d", i, i), KZ_OK);
	assert_int_equal(
	    kz_buf_puts(&b, " ItemProp=x HTTP-EQUIV=y xml:LANG=kk>z"), KZ_OK);
	t = tree(b.data);
	assert_string_equal(
	    t, "html(body(p[itemprop=x][http-equiv=y][xml:lang=kk]('z')))");
	free(t);
	kz_buf_fini(&b);
	/* every known name, upper case: each found */
	{
		static const char all[] =
		    "<p CLASS=1 ID=1 STYLE=1 ROLE=1 HIDDEN=1 ARIA-HIDDEN=1 "
		    "ITEMPROP=1 CONTENT=1 PROPERTY=1 NAME=1 HTTP-EQUIV=1 "
		    "DATETIME=1 REL=1 HREF=1 TYPE=1 LANG=1 XML:LANG=1 "
		    "DATA-POST=1 DATA-BEFORE=1>";
		struct kz_err err = {0};
		struct kz_hdoc *d = kz_html_read(all, sizeof all - 1, &err);
		const struct kz_hnode *p;
		assert_non_null(d);
		p = d->root->last->first;
		assert_int_equal(p->nattr, KZ_A_N - 1);
		assert_int_equal(p->amask, ((1u << KZ_A_N) - 1) & ~1u);
		kz_hdoc_free(d);
	}
}

/* Parsing in a thread that ends: the arena block the thread keeps for its
 * next page is freed with it (the ASan build finds a leak otherwise). */
static void *
parse_in_thread(void *arg)
{
	char *t = tree(arg);
	free(t);
	return NULL;
}

static void
test_tok_arena_reuse(void **state)
{
	size_t n = 200000;
	char *big = malloc(n * 4 + 1);
	pthread_t th;

	(void)state;
	for (size_t i = 0; i < n; i++)
		memcpy(big + i * 4, "<p>x", 4);
	big[n * 4] = '\0';
	/* a large page, then small ones reuse (part of) its arena */
	free(tree(big));
	TREE_EQ("<p>a", "html(body(p('a')))");
	TREE_EQ("<p>b<i>c", "html(body(p('b'i('c'))))");
	assert_int_equal(pthread_create(&th, NULL, parse_in_thread, big), 0);
	assert_int_equal(pthread_join(th, NULL), 0);
	free(big);
}

static void
test_tok_charsets(void **state)
{
	/* "Привет" in windows-1251 and KOI8-R; UTF-16LE with a BOM */
	static const char cp[] = "<meta charset=windows-1251><p>\xcf\xf0\xe8"
	                         "\xe2\xe5\xf2</p>";
	static const char koi[] = "<meta http-equiv=Content-Type content='text/"
	                          "html; charset=KOI8-R'><p>\xf0\xd2\xc9\xd7"
	                          "\xc5\xd4</p>";
	static const char u16[] = "\xff\xfe<\0p\0>\0\x1f\x04@\x04<\0/\0p\0>\0";
	char *t;

	(void)state;
	t = tree_n(cp, sizeof cp - 1);
	assert_non_null(strstr(t, "p('Привет')"));
	free(t);
	t = tree_n(koi, sizeof koi - 1);
	assert_non_null(strstr(t, "p('Привет')"));
	free(t);
	t = tree_n(u16, sizeof u16 - 1);
	assert_string_equal(t, "html(body(p('Пр')))");
	free(t);
	/* an encoding iconv does not know: read as UTF-8 */
	t = tree("<meta charset=x-no-such><p>ok</p>");
	assert_non_null(strstr(t, "p('ok')"));
	free(t);
}

/* Depth of the deepest element. */
static unsigned
depth_of(const struct kz_hnode *n)
{
	unsigned d = 0, best = 0;

	for (const struct kz_hnode *k = n; k != NULL;
	     k = kz_hnode_step(k, n, 0)) {
		const struct kz_hnode *a;
		if (k->tag == KZ_TAG_TEXT)
			continue;
		d = 0;
		for (a = k; a != n; a = a->parent)
			d++;
		if (d > best)
			best = d;
	}
	return best;
}

static void
test_tok_depth_and_node_caps(void **state)
{
	size_t deep = KZ_HTML_DEPTH_MAX + 100, n;
	char *p = malloc(deep * 5 + 64), *q = p;
	struct kz_err err = {0};
	struct kz_hdoc *d;
	const struct kz_hnode *k;

	(void)state;
	for (size_t i = 0; i < deep; i++, q += 5)
		memcpy(q, "<div>", 5);
	q += sprintf(q, "deep text<br>");
	d = kz_html_read(p, (size_t)(q - p), &err);
	assert_non_null(d);
	/* html > body > div... : KZ_HTML_DEPTH_MAX elements nested at most
	 * (the <br> in the deepest div); the text in the deepest div */
	assert_int_equal(depth_of(d->root), KZ_HTML_DEPTH_MAX - 1);
	k = d->root;
	while (k->last != NULL)
		k = k->last;
	assert_int_equal(k->tag, KZ_TAG_BR);
	k = k->parent->first;
	assert_int_equal(k->tag, KZ_TAG_TEXT);
	assert_memory_equal(k->u.text, "deep text", 9);
	kz_hdoc_free(d);
	free(p);

	/* past KZ_HTML_NODES_MAX nodes: KZ_ELIMIT */
	n = KZ_HTML_NODES_MAX + 10;
	p = malloc(n * 4);
	for (size_t i = 0; i < n; i++)
		memcpy(p + i * 4, "<br>", 4);
	d = kz_html_read(p, n * 4, &err);
	assert_null(d);
	assert_int_equal(err.rc, KZ_ELIMIT);
	assert_non_null(strstr(err.msg, "nodes"));
	free(p);
}

static void
test_tok_feed_discovery(void **state)
{
	static const char page[] =
	    "<HTML><head><LINK REL='Alternate stylesheet' TYPE=application/"
	    "rss+xml HREF=/rss.xml><link rel=alternate type=text/css "
	    "href=a.css>"
	    "<link rel=alternate type=application/atom+xml href='https://x.kz/"
	    "atom?a=1&amp;b=2'></head><body><link rel=alternate "
	    "type=application/feed+json href=feed.json>";
	char **urls = NULL;
	size_t n = 0;
	struct kz_err err = {0};

	(void)state;
	assert_int_equal(kz_discover_feeds(page, sizeof page - 1,
	                     "https://news.kz/a/b.html", 10, &urls, &n, &err),
	    KZ_OK);
	assert_int_equal(n, 3);
	assert_string_equal(urls[0], "https://news.kz/rss.xml");
	assert_string_equal(urls[1], "https://x.kz/atom?a=1&b=2");
	assert_string_equal(urls[2], "https://news.kz/a/feed.json");
	for (size_t i = 0; i < n; i++)
		free(urls[i]);
	free(urls);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_tok_implied_structure),
	    cmocka_unit_test(test_tok_entities),
	    cmocka_unit_test(test_tok_implied_end_tags),
	    cmocka_unit_test(test_tok_misnested_and_stray),
	    cmocka_unit_test(test_tok_raw_text),
	    cmocka_unit_test(test_tok_attributes),
	    cmocka_unit_test(test_tok_truncated_input),
	    cmocka_unit_test(test_tok_nul_and_invalid_utf8),
	    cmocka_unit_test(test_tok_utf8_spans),
	    cmocka_unit_test(test_tok_many_attributes),
	    cmocka_unit_test(test_tok_arena_reuse),
	    cmocka_unit_test(test_tok_charsets),
	    cmocka_unit_test(test_tok_depth_and_node_caps),
	    cmocka_unit_test(test_tok_feed_discovery),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
