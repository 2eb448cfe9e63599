/* kz_html_extract: metadata sources, main text, hostile pages. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kuzet/html.h"
#include "kuzet/limits.h"

/* A body long enough to be the article. */
#define PROSE                                                                  \
	"<p>The court in Almaty fined the journalist for a post, and the "     \
	"ruling, which her lawyer called unlawful, will be appealed.</p>"      \
	"<p>Observers said the case, the third this year, shows how the "      \
	"law on false information is used against reporters, bloggers and "    \
	"activists.</p>"                                                       \
	"<p>The journalist said she would keep writing, whatever the "         \
	"outcome, because readers deserve to know.</p>"

static struct kz_article *
ex(const char *html, const char *url)
{
	struct kz_article *a = NULL;
	struct kz_err err = {0};

	assert_int_equal(
	    kz_html_extract(html, strlen(html), url, &a, &err), KZ_OK);
	assert_non_null(a);
	assert_non_null(a->text);
	assert_int_equal(strlen(a->text), a->text_len);
	return a;
}

static void
test_html_title_sources(void **state)
{
	static const struct {
		const char *html, *want;
	} cases[] = {
	    {"<html><head><meta property='og:title' content=' OG  title '>"
	     "<title>T | Site</title></head><body><h1>H</h1></body></html>",
	        "OG title"},
	    {"<title>Court fines journalist for post | Example News</title>"
	     "<body><p>x</p>",
	        "Court fines journalist for post"},
	    {"<title>Site</title><body><h1>Court fines journalist</h1>"
	     "<p>x</p>",
	        "Site"},
	    {"<title>Суд оштрафовал журналиста — Новости</title><p>x</p>",
	        "Суд оштрафовал журналиста"},
	    {"<body><h1>Only &amp; heading</h1><p>x</p>", "Only & heading"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct kz_article *a = ex(cases[i].html, NULL);
		assert_non_null(a->title);
		assert_string_equal(a->title, cases[i].want);
		kz_article_free(a);
	}
	kz_article_free(NULL);
}

static void
test_html_date_sources(void **state)
{
	static const struct {
		const char *html;
		int64_t want; /* -1: none */
	} cases[] = {
	    {"<meta property='article:published_time' "
	     "content='2019-11-19T13:02:11+03:00'><p>x</p>",
	        1574157731},
	    {"<body><span itemprop='datePublished' "
	     "content='2019-11-19'></span><p>x</p>",
	        1574121600},
	    {"<script type='application/ld+json'>{\"@type\":\"NewsArticle\","
	     "\"datePublished\": \"2019-11-19T10:02:11.000Z\"}</script>",
	        1574157731},
	    {"<body><time datetime='2019-11-19T10:02:11Z'>19 Nov</time>",
	        1574157731},
	    {"<meta name='pubdate' content='Tue, 19 Nov 2019 10:02:11 GMT'>",
	        1574157731},
	    {"<body><h1>Суд</h1><div>26 сентября 2025 года, 14:00</div>" PROSE,
	        1758844800},
	    {"<body><h1>Сот</h1><div>2025 жылғы 26 қыркүйек</div>" PROSE,
	        1758844800},
	    {"<body><h1>Суд</h1><div>26.09.2025</div>" PROSE, 1758844800},
	    {"<body><h1>Court</h1>" PROSE, -1},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct kz_article *a = ex(cases[i].html, NULL);
		if (cases[i].want < 0) {
			assert_int_equal(a->has_published, 0);
		} else {
			assert_int_equal(a->has_published, 1);
			assert_int_equal(a->published, cases[i].want);
		}
		kz_article_free(a);
	}
}

static void
test_html_lang_and_canonical(void **state)
{
	struct kz_article *a;

	(void)state;
	a = ex("<html lang='ru-RU'><head><link rel='canonical' "
	       "href='/news/1?x=1'></head><body><p>x</p></body></html>",
	    "https://example.kz/a/b?utm_source=x");
	assert_string_equal(a->lang, "ru");
	assert_string_equal(a->canonical_url, "https://example.kz/news/1?x=1");
	kz_article_free(a);
	a = ex("<html><head><meta http-equiv='Content-Language' "
	       "content='kk'><meta property='og:url' "
	       "content='https://e.kz/x'></head><p>x</p>",
	    NULL);
	assert_string_equal(a->lang, "kk");
	assert_string_equal(a->canonical_url, "https://e.kz/x");
	kz_article_free(a);
	/* relative without a page URL, and a junk lang */
	a = ex("<html lang='x1'><link rel=canonical href='/a'><p>x</p>", NULL);
	assert_null(a->lang);
	assert_null(a->canonical_url);
	kz_article_free(a);
}

static void
test_html_main_text_drops_boilerplate(void **state)
{
	struct kz_article *a;

	(void)state;
	a = ex("<html><head><style>p{color:red}</style>"
	       "<script>var secret='SCRIPT';</script></head><body>"
	       "<nav><a href='/'>Home</a> <a href='/n'>NAVLINK</a></nav>"
	       "<div class='sidebar'><p>SIDEBAR text, with, commas, enough to "
	       "be scored as a paragraph of its own.</p></div>"
	       "<article><h1>Title</h1>" PROSE
	       "<div class='share'>SHARE on Facebook</div></article>"
	       "<div id='comments'><p>COMMENT: a reader's long opinion, with "
	       "commas, which is not part of the article at all.</p></div>"
	       "<footer>FOOTER &copy; 2025</footer></body></html>",
	    NULL);
	assert_non_null(strstr(a->text, "The court in Almaty fined"));
	assert_non_null(strstr(a->text, "because readers deserve to know."));
	/* paragraphs, one per line */
	assert_non_null(strstr(a->text, "appealed.\nObservers"));
	static const char *const gone[] = {"SCRIPT", "color", "NAVLINK",
	    "SIDEBAR", "SHARE", "COMMENT", "FOOTER", "Title"};
	for (size_t i = 0; i < sizeof gone / sizeof gone[0]; i++)
		if (strstr(a->text, gone[i]) != NULL)
			fail_msg("'%s' left in: %s", gone[i], a->text);
	kz_article_free(a);
}

static void
test_html_cyrillic_and_entities(void **state)
{
	struct kz_article *a;

	(void)state;
	a = ex("<html lang=ru><body><div class='content'>"
	       "<p>Суд в Алматы оштрафовал журналиста за публикацию, а "
	       "адвокат назвал решение незаконным &laquo;и обжалует "
	       "его&raquo;.</p><p>Это третье дело в&nbsp;этом году, "
	       "&#1089;&#1082;&#1072;&#1079;&#1072;&#1083;&#1080; "
	       "наблюдатели &amp; юристы.</p></div></body></html>",
	    NULL);
	assert_non_null(strstr(a->text, "«и обжалует его»"));
	assert_non_null(strstr(a->text, "в этом году, сказали"));
	assert_non_null(strstr(a->text, "наблюдатели & юристы."));
	kz_article_free(a);
}

static void
test_html_invalid_utf8_and_nul(void **state)
{
	static const char page[] =
	    "<title>Caf\xe9 \xff</title><body><p>Bad \xc3 bytes \x00 here, "
	    "\xed\xa0\x80 and a paragraph, long enough, of text.</p>";
	struct kz_article *a = NULL;
	struct kz_err err = {0};

	(void)state;
	assert_int_equal(
	    kz_html_extract(page, sizeof page - 1, NULL, &a, &err), KZ_OK);
	assert_non_null(a->title);
	assert_true(kz_utf8_valid(a->title, strlen(a->title), NULL));
	assert_true(kz_utf8_valid(a->text, a->text_len, NULL));
	assert_non_null(strstr(a->text, "Bad \xEF\xBF\xBD bytes here"));
	kz_article_free(a);
}

/* Whitespace runs, tabs, newlines and U+00A0 collapse to one space
 * wherever they fall: the writer copies text in 16-byte blocks, so each
 * case is tried at every offset of a block. */
static void
test_html_text_whitespace_any_offset(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
	    {"a  b\t\nc\xC2\xA0"
	     "d \xC2\xAB e\xC2\xBB  ,f",
	        "a b c d \xC2\xAB e\xC2\xBB ,f"},
	    {"one two three four five six seven",
	        "one two three four five six seven"},
	    {"\xC2\xA0\xC2\xA0word\xC2\xA0 \xC2\xA0\xD0\xB4\xD0\xB0 \f\v\r x",
	        "word \xD0\xB4\xD0\xB0 x"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		for (size_t off = 0; off < 34; off++) {
			char page[1024], want[128];
			struct kz_article *a;

			memset(want, 'x', off);
			snprintf(want + off, sizeof want - off, " %s.",
			    cases[i].want);
			snprintf(page, sizeof page,
			    "<body><article><p>%.*s %s.</p>" PROSE
			    "</article></body>",
			    (int)off, want, cases[i].in);
			a = ex(page, NULL);
			if (strncmp(a->text, off ? want : want + 1,
			        strlen(off ? want : want + 1)) != 0)
				fail_msg("offset %zu: '%s'", off, a->text);
			kz_article_free(a);
		}
}

static void
test_html_windows1251_declared(void **state)
{
	/* "Привет, мир" in windows-1251 */
	static const char page[] =
	    "<html><head><meta charset='windows-1251'></head><body>"
	    "<p>\xcf\xf0\xe8\xe2\xe5\xf2, \xec\xe8\xf0</p></body></html>";
	struct kz_article *a = NULL;
	struct kz_err err = {0};

	(void)state;
	assert_int_equal(
	    kz_html_extract(page, sizeof page - 1, NULL, &a, &err), KZ_OK);
	assert_string_equal(a->text, "Привет, мир");
	kz_article_free(a);
}

static void
test_html_deep_nesting_is_quick(void **state)
{
	static const char *const open[] = {"<div>", "<b>", "<table><tr><td>"};
	(void)state;
	for (size_t k = 0; k < 3; k++) {
		size_t depth = 100000, ol = strlen(open[k]);
		char *p = malloc(depth * ol + 64), *q = p;
		struct kz_article *a = NULL;
		struct kz_err err = {0};
		clock_t t0 = clock();
		kz_rc rc;

		q += sprintf(q, "<html><body>");
		for (size_t i = 0; i < depth; i++, q += ol)
			memcpy(q, open[k], ol);
		q += sprintf(q, "deep text</body></html>");
		rc = kz_html_extract(p, (size_t)(q - p), NULL, &a, &err);
		if (rc == KZ_OK) {
			assert_true(kz_utf8_valid(a->text, a->text_len, NULL));
			kz_article_free(a);
		} else {
			assert_true(rc == KZ_ELIMIT || rc == KZ_EPARSE);
		}
		assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 10.0);
		free(p);
	}
}

static void
test_html_rejects_oversized_and_empty(void **state)
{
	struct kz_article *a = NULL;
	struct kz_err err = {0};
	size_t n = KZ_HTML_MAX_BYTES + 1;
	char *p = malloc(n);

	(void)state;
	memset(p, 'a', n);
	assert_int_equal(kz_html_extract(p, n, NULL, &a, &err), KZ_ELIMIT);
	assert_null(a);
	assert_true(err.msg[0] != '\0');
	free(p);
	/* empty input: an error or an empty article, never a crash */
	if (kz_html_extract("", 0, NULL, &a, &err) == KZ_OK) {
		assert_string_equal(a->text, "");
		kz_article_free(a);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_html_title_sources),
	    cmocka_unit_test(test_html_date_sources),
	    cmocka_unit_test(test_html_lang_and_canonical),
	    cmocka_unit_test(test_html_main_text_drops_boilerplate),
	    cmocka_unit_test(test_html_cyrillic_and_entities),
	    cmocka_unit_test(test_html_invalid_utf8_and_nul),
	    cmocka_unit_test(test_html_text_whitespace_any_offset),
	    cmocka_unit_test(test_html_windows1251_declared),
	    cmocka_unit_test(test_html_deep_nesting_is_quick),
	    cmocka_unit_test(test_html_rejects_oversized_and_empty),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
