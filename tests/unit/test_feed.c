/* Feed parser: formats, dates, encodings and hostile documents. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <iconv.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kuzet/app.h"
#include "kuzet/feed.h"
#include "kuzet/text.h"

static struct kz_feed *
parse_ok(const char *doc, size_t len, const char *ct, const char *base)
{
	struct kz_feed *f = NULL;
	struct kz_err err = {0};
	kz_rc rc = kz_feed_parse(doc, len, ct, base, &f, &err);
	if (rc != KZ_OK)
		fail_msg("parse failed: %s", err.msg);
	assert_non_null(f);
	return f;
}

static kz_rc
parse_rc(const char *doc, size_t len, struct kz_err *err)
{
	struct kz_feed *f = NULL;
	kz_rc rc = kz_feed_parse(doc, len, NULL, NULL, &f, err);
	if (rc == KZ_OK)
		kz_feed_free(f);
	return rc;
}

static void
test_feed_parse_rss20(void **state)
{
	static const char doc[] =
	    "<?xml version=\"1.0\"?>\n"
	    "<rss version=\"2.0\" "
	    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
	    "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">"
	    "<channel><title>Vlast.kz</title><link>https://vlast.kz/</link>"
	    "<description>News &amp; views</description>"
	    "<language>ru</language>"
	    "<lastBuildDate>Fri, 26 Sep 2025 12:00:00 GMT</lastBuildDate>"
	    "<item><title>Суд &lt;b&gt;оштрафовал&lt;/b&gt; журналиста</title>"
	    "<link>/a/1</link><guid isPermaLink=\"false\">id-1</guid>"
	    "<description><![CDATA[<p>Первый&nbsp;абзац.</p><p>Второй "
	    "&laquo;абзац&raquo;</p>]]></description>"
	    "<content:encoded>&lt;div&gt;Full&lt;/div&gt;</content:encoded>"
	    "<dc:creator>Автор</dc:creator>"
	    "<pubDate>Fri, 26 Sep 2025 10:00 +0600</pubDate>"
	    "<category>Суды</category><category>Медиа</category>"
	    "<enclosure url=\"/m.mp3\" type=\"audio/mpeg\" length=\"123\"/>"
	    "</item></channel></rss>";
	(void)state;
	struct kz_feed *f =
	    parse_ok(doc, sizeof doc - 1, NULL, "https://vlast.kz/rss");
	assert_int_equal(f->format, KZ_FEED_RSS20);
	assert_string_equal(f->encoding, "utf-8");
	assert_int_equal(f->n_warnings, 0);
	assert_string_equal(f->title, "Vlast.kz");
	assert_string_equal(f->subtitle, "News & views");
	assert_string_equal(f->language, "ru");
	assert_int_equal(f->n_entries, 1);
	struct kz_feed_entry *e = &f->entries[0];
	assert_string_equal(e->title, "Суд оштрафовал журналиста");
	assert_string_equal(e->link, "https://vlast.kz/a/1");
	assert_string_equal(e->id, "id-1");
	assert_string_equal(e->summary, "Первый абзац. Второй «абзац»");
	assert_string_equal(e->content, "Full");
	assert_string_equal(e->author, "Автор");
	assert_int_equal(e->published, 1758859200); /* 2025-09-26T04:00Z */
	assert_int_equal(e->n_categories, 2);
	assert_string_equal(e->categories[1], "Медиа");
	assert_int_equal(e->n_enclosures, 1);
	assert_string_equal(e->enclosures[0].url, "https://vlast.kz/m.mp3");
	assert_int_equal(e->enclosures[0].length, 123);
	struct kz_buf out;
	kz_buf_init(&out, 1 << 20);
	assert_int_equal(kz_app_feed_json(&out, f), KZ_OK);
	assert_non_null(
	    strstr(out.data, "\"published\":\"2025-09-26T04:00:00Z\""));
	kz_buf_fini(&out);
	kz_feed_free(f);
}

static void
test_feed_parse_atom_xml_base(void **state)
{
	static const char doc[] =
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"kk\" "
	    "xml:base=\"http://example.org/blog/\">"
	    "<title type=\"html\">A &lt;em&gt;feed&lt;/em&gt;</title>"
	    "<link href=\"index.html\"/>"
	    "<updated>2025-09-26T10:00:00+05:00</updated>"
	    "<entry xml:base=\"posts/\"><id>urn:x:1</id>"
	    "<title>Plain &lt;tag&gt;</title>"
	    "<link rel=\"alternate\" href=\"one.html\"/>"
	    "<link rel=\"enclosure\" href=\"/a.mp3\" length=\"5\"/>"
	    "<author><name>Ann</name></author>"
	    "<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/"
	    "xhtml\"><p>One</p><p>Two</p></div></content>"
	    "<category term=\"law\"/>"
	    "<published>2025-09-26T05:00:00Z</published></entry></feed>";
	(void)state;
	struct kz_feed *f = parse_ok(doc, sizeof doc - 1, NULL, NULL);
	assert_int_equal(f->format, KZ_FEED_ATOM10);
	assert_string_equal(f->title, "A feed");
	assert_string_equal(f->link, "http://example.org/blog/index.html");
	assert_string_equal(f->language, "kk");
	assert_int_equal(f->updated, 1758862800);
	struct kz_feed_entry *e = &f->entries[0];
	assert_string_equal(e->title, "Plain <tag>");
	assert_string_equal(e->link, "http://example.org/blog/posts/one.html");
	assert_string_equal(e->enclosures[0].url, "http://example.org/a.mp3");
	assert_string_equal(e->content, "One Two");
	assert_string_equal(e->author, "Ann");
	assert_string_equal(e->categories[0], "law");
	kz_feed_free(f);
}

static void
test_feed_parse_rdf_and_rss09(void **state)
{
	static const char rdf[] =
	    "<rdf:RDF "
	    "xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
	    "xmlns=\"http://purl.org/rss/1.0/\" "
	    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
	    "<channel rdf:about=\"http://x/\"><title>R</title></channel>"
	    "<item rdf:about=\"http://x/1\"><title>I</title><link>http://x/1"
	    "</link><dc:date>2025-09-26</dc:date></item></rdf:RDF>";
	static const char r09[] =
	    "<rss version=\"0.91\"><channel><title>Old</title><item><title>i"
	    "</title></item></channel></rss>";
	(void)state;
	struct kz_feed *f = parse_ok(rdf, sizeof rdf - 1, NULL, NULL);
	assert_int_equal(f->format, KZ_FEED_RSS10);
	assert_string_equal(f->entries[0].id, "http://x/1");
	assert_int_equal(f->entries[0].updated, 1758844800);
	kz_feed_free(f);
	f = parse_ok(r09, sizeof r09 - 1, NULL, NULL);
	assert_int_equal(f->format, KZ_FEED_RSS09);
	kz_feed_free(f);
}

static void
test_feed_parse_jsonfeed(void **state)
{
	static const char doc[] =
	    "{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"J\","
	    "\"home_page_url\":\"https://j/\",\"items\":[{\"id\":7,\"url\":"
	    "\"https://j/7\",\"content_html\":\"<p>Hi &amp; \\u0431\\ud83d"
	    "\\ude00</p>\",\"date_published\":\"2025-09-26T10:00:00Z\","
	    "\"tags\":[\"a\"],\"authors\":[{\"name\":\"N\"}],\"attachments\":"
	    "[{\"url\":\"https://j/a\",\"mime_type\":\"image/png\","
	    "\"size_in_bytes\":9}]}]}";
	static const char *const bad[] = {"{\"version\":1,}", "{\"a\":[1,]}",
	    "{\"version\":\"https://jsonfeed.org/version/"
	    "1\",\"x\":\"\\ud800\"}",
	    "{\"version\":\"x\"}", "{\"a\":01}", "[\"unterminated"};
	(void)state;
	struct kz_feed *f = parse_ok(doc, sizeof doc - 1, NULL, NULL);
	assert_int_equal(f->format, KZ_FEED_JSONFEED);
	assert_string_equal(f->entries[0].id, "7");
	assert_string_equal(f->entries[0].content, "Hi & б😀");
	assert_string_equal(f->entries[0].author, "N");
	assert_int_equal(f->entries[0].enclosures[0].length, 9);
	kz_feed_free(f);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct kz_err err = {0};
		assert_int_equal(
		    parse_rc(bad[i], strlen(bad[i]), &err), KZ_EPARSE);
	}
}

static void
test_feed_date_parse_cases(void **state)
{
	static const struct {
		const char *s;
		int64_t t; /* -1: not a date */
	} cases[] = {
	    {"Fri, 26 Sep 2025 10:00:00 GMT", 1758880800},
	    {"Fri, 26 Sep 2025 10:00:00 +0600", 1758859200},
	    {"26 Sep 2025 10:00 +06:00", 1758859200},
	    {"Fri, 26 Sep 25 10:00:00 EST", 1758898800},
	    {"Fri, 26 Sep 2025 10:00:00 GMT+3", 1758870000},
	    {"Fri, 26 Sep 2025 10:00:00 UTC+06:00", 1758859200},
	    {"Fri, 26 Sep 2025 10:00:00", 1758880800},
	    {"Thu, 01 Jan 04 19:48:21 GMT", 1072986501},
	    {"Sat, 26 Sep 2025 10:00:00 PDT", 1758906000},
	    {"2025-09-26T10:00:00Z", 1758880800},
	    {"2025-09-26T10:00:00.123+05:00", 1758862800},
	    {"2025-09-26 10:00:00", 1758880800},
	    {"2025-09-26T10:00+0500", 1758862800},
	    {"2025-09-26", 1758844800},
	    {"2025-09", 1756684800},
	    {"20250926T100000Z", 1758880800},
	    {"26 сентября 2025, 10:00", 1758880800},
	    {"26 сентября 2025 г. 10:00 MSK", 1758870000},
	    {"2025 жылғы 26 қыркүйек", 1758844800},
	    {"26.09.2025 10:00", 1758880800},
	    {"September 26, 2025", 1758844800},
	    {"2024-02-29T00:00:00Z", 1709164800},
	    {"2025-02-29T00:00:00Z", -1},
	    {"Fri, 32 Sep 2025 10:00:00 GMT", -1},
	    {"2025-13-01", -1},
	    {"yesterday", -1},
	    {"", -1},
	    {"10:00", -1},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int64_t t = 0;
		kz_rc rc =
		    kz_feed_date_parse(cases[i].s, strlen(cases[i].s), &t);
		if (cases[i].t < 0) {
			if (rc == KZ_OK)
				fail_msg("'%s' read as %lld", cases[i].s,
				    (long long)t);
		} else if (rc != KZ_OK || t != cases[i].t) {
			fail_msg("'%s': rc %d, %lld, want %lld", cases[i].s,
			    (int)rc, (long long)t, (long long)cases[i].t);
		}
	}
}

static void
test_feed_parse_encodings(void **state)
{
	/* "тест" in windows-1251 and KOI8-R */
	static const char w1251[] = "<?xml version=\"1.0\" encoding=\"windows-"
	                            "1251\"?><rss><channel><title>\xf2\xe5\xf1"
	                            "\xf2</title></channel></rss>";
	static const char koi[] = "<?xml version=\"1.0\" encoding=\"KOI8-R\"?>"
	                          "<rss><channel><title>\xd4\xc5\xd3\xd4"
	                          "</title></channel></rss>";
	(void)state;
	struct kz_feed *f = parse_ok(w1251, sizeof w1251 - 1, NULL, NULL);
	assert_string_equal(f->encoding, "windows-1251");
	assert_string_equal(f->title, "тест");
	kz_feed_free(f);
	f = parse_ok(koi, sizeof koi - 1, NULL, NULL);
	assert_string_equal(f->encoding, "koi8-r");
	assert_string_equal(f->title, "тест");
	kz_feed_free(f);
	/* the HTTP charset beats the prolog for application/xml */
	f = parse_ok(
	    koi, sizeof koi - 1, "application/rss+xml; charset=cp1251", NULL);
	assert_string_equal(f->encoding, "windows-1251");
	kz_feed_free(f);
	/* text/xml without a charset is us-ascii: not ASCII, so overridden */
	f = parse_ok(koi, sizeof koi - 1, "text/xml", NULL);
	assert_true(f->n_warnings > 0);
	kz_feed_free(f);

	/* UTF-16LE with a BOM, declaration saying utf-16 */
	const char *src = "<?xml version=\"1.0\" encoding=\"utf-16\"?><rss>"
	                  "<channel><title>Ok</title></channel></rss>";
	size_t n = strlen(src);
	char *u16 = malloc(2 + 2 * n);
	u16[0] = (char)0xff;
	u16[1] = (char)0xfe;
	for (size_t i = 0; i < n; i++) {
		u16[2 + 2 * i] = src[i];
		u16[3 + 2 * i] = 0;
	}
	f = parse_ok(u16, 2 + 2 * n, NULL, NULL);
	assert_string_equal(f->encoding, "utf-16le");
	assert_string_equal(f->title, "Ok");
	kz_feed_free(f);
	/* the BOM beats an HTTP charset */
	f = parse_ok(u16, 2 + 2 * n, "text/xml; charset=koi8-r", NULL);
	assert_string_equal(f->encoding, "utf-16le");
	kz_feed_free(f);
	free(u16);
}

/* Long CDATA sections are lifted out before libxml2 reads the text and put
 * back as the tree is read: the same text, in every context a section can
 * be confused with, and the same line numbers in warnings. */
static void
test_feed_parse_cdata_sections(void **state)
{
#define LONG_RU "Суд оштрафовал редакцию за публикацию о блокировке сайта "
	static const char doc[] =
	    "<?xml version=\"1.0\"?>\n"
	    "<rss version=\"2.0\"><channel><title>t</title>\n"
	    "<!-- <![CDATA[ a comment, not a section: " LONG_RU " ]]> -->\n"
	    "<?pi <![CDATA[ nor in a processing instruction " LONG_RU " ]]>?>\n"
	    "<item><title a=\"p>q\">T1</title>"
	    "<description>before <![CDATA[<p>" LONG_RU
	    "</p>\n\n<p>второй</p>]]> between <![CDATA[" LONG_RU
	    "]]]]><![CDATA[> end]]></description></item>\n"
	    "<item><title>T2</title><description><![CDATA[" LONG_RU
	    "\r\nCR LF]]></description></item>\n"
	    "<item><title>T3</title><description><![CDATA[" LONG_RU
	    "\xee\x80\x80"
	    "0\xee\x80\x81]]></description></item>\n"
	    "</channel></rss>\n";
	(void)state;
	struct kz_feed *f = parse_ok(doc, sizeof doc - 1, NULL, NULL);
	assert_int_equal(f->n_warnings, 0);
	assert_int_equal(f->n_entries, 3);
	assert_string_equal(f->entries[0].title, "T1");
	assert_string_equal(f->entries[0].summary,
	    "before " LONG_RU "второй between " LONG_RU "]]> end");
	assert_string_equal(f->entries[1].summary, LONG_RU "CR LF");
	/* a document holding the marker characters is read as it is */
	assert_string_equal(f->entries[2].summary,
	    LONG_RU "\xee\x80\x80"
	            "0\xee\x80\x81");
	kz_feed_free(f);

	/* not well-formed after a multi-line section: the line is right,
	 * and the recovering parse reads the section as it is */
	static const char bad[] = "<rss version=\"2.0\"><channel>\n"
	                          "<item><description><![CDATA[" LONG_RU
	                          "\n\n\n" LONG_RU "]]></description>\n"
	                          "<title>x</titel></item>\n"
	                          "</channel></rss>\n";
	f = parse_ok(bad, sizeof bad - 1, NULL, NULL);
	assert_true(f->n_warnings > 0);
	assert_non_null(strstr(f->warnings[0], "line 6:"));
	assert_non_null(f->entries);
	/* (the final space is trimmed) */
	assert_int_equal(
	    strlen(f->entries[0].summary), sizeof(LONG_RU LONG_RU) - 2);
	assert_memory_equal(f->entries[0].summary, LONG_RU LONG_RU,
	    sizeof(LONG_RU LONG_RU) - 2);
	kz_feed_free(f);

	/* a control character in a section is still an error */
	static const char ctl[] =
	    "<rss version=\"2.0\"><channel><item>"
	    "<description><![CDATA[" LONG_RU "\x01]]></description></item>"
	    "</channel></rss>";
	f = parse_ok(ctl, sizeof ctl - 1, NULL, NULL);
	assert_true(f->n_warnings > 0);
	kz_feed_free(f);
#undef LONG_RU
}

/* Single-byte encodings go through a byte table: the same text as iconv's
 * own streaming conversion (the reference here), the bad byte's offset when
 * strict, and U+FFFD counted for it otherwise. */
static void
test_charset_single_byte_table(void **state)
{
	static const char *const encs[] = {
	    "windows-1251", "windows-1252", "koi8-r", "iso-8859-5", "ibm866"};
	(void)state;
	for (size_t e = 0; e < sizeof encs / sizeof encs[0]; e++) {
		char all[256];
		size_t n = 0;
		for (int b = 1; b < 256; b++) {
			char one = (char)b, o[8], *ip = &one, *op = o;
			size_t il = 1, ol = sizeof o;
			iconv_t cd = iconv_open("UTF-8", encs[e]);
			assert_true(cd != (iconv_t)-1);
			if (iconv(cd, &ip, &il, &op, &ol) != (size_t)-1)
				all[n++] = (char)b;
			iconv_close(cd);
		}
		/* reference: iconv over the whole buffer at once */
		char ref[1024], *ip = all, *op = ref;
		size_t il = n, ol = sizeof ref;
		iconv_t cd = iconv_open("UTF-8", encs[e]);
		assert_true(iconv(cd, &ip, &il, &op, &ol) != (size_t)-1);
		iconv_close(cd);
		struct kz_buf out;
		kz_buf_init(&out, 4096);
		assert_int_equal(
		    kz_charset_convert(all, n, encs[e], 1, &out, NULL, NULL),
		    KZ_OK);
		assert_int_equal(out.len, (size_t)(op - ref));
		assert_memory_equal(out.data, ref, out.len);
		kz_buf_fini(&out);
	}
	/* 0x98 is not a windows-1251 character */
	struct kz_buf out;
	struct kz_err err = {0};
	size_t invalid = 0;
	kz_buf_init(&out, 4096);
	assert_int_equal(kz_charset_convert("\xf2\xe5\x98\xf2", 4,
	                     "windows-1251", 1, &out, NULL, &err),
	    KZ_ECHARSET);
	assert_non_null(strstr(err.msg, "byte 2 "));
	assert_int_equal(out.len, 0);
	assert_int_equal(kz_charset_convert("\xf2\xe5\x98\xf2", 4,
	                     "windows-1251", 0, &out, &invalid, &err),
	    KZ_OK);
	assert_string_equal(out.data, "те\xef\xbf\xbdт");
	assert_int_equal(invalid, 1);
	/* the output cap holds */
	kz_buf_fini(&out);
	kz_buf_init(&out, 5);
	assert_int_equal(kz_charset_convert("\xf2\xe5\xf1\xf2", 4,
	                     "windows-1251", 0, &out, NULL, &err),
	    KZ_ELIMIT);
	assert_int_equal(out.len, 0);
	kz_buf_fini(&out);
}

static void
test_feed_parse_invalid_utf8_is_replaced(void **state)
{
	static const char doc[] =
	    "<rss><channel><title>a\xff\xc3(b</title></channel></rss>";
	(void)state;
	struct kz_feed *f = parse_ok(doc, sizeof doc - 1, NULL, NULL);
	assert_true(f->n_warnings > 0);
	assert_true(kz_utf8_valid(f->title, strlen(f->title), NULL));
	assert_non_null(strstr(f->title, "\xef\xbf\xbd"));
	kz_feed_free(f);
}

static void
test_feed_parse_rejects_nul(void **state)
{
	static const char doc[] = "<rss><channel><title>a\0b</title>"
	                          "</channel></rss>";
	struct kz_err err = {0};
	(void)state;
	assert_int_equal(parse_rc(doc, sizeof doc - 1, &err), KZ_ECHARSET);
}

static void
test_feed_parse_rejects_billion_laughs(void **state)
{
	struct kz_buf b;
	struct kz_err err = {0};
	(void)state;
	kz_buf_init(&b, 1 << 20);
	assert_int_equal(kz_buf_puts(&b,
	                     "<?xml version=\"1.0\"?>\n"
	                     "<!DOCTYPE rss [\n<!ENTITY lol \"lol\">\n"),
	    KZ_OK);
	for (int i = 1; i <= 9; i++) {
		assert_int_equal(
		    kz_buf_printf(&b, "<!ENTITY lol%d \"", i), KZ_OK);
		for (int k = 0; k < 10; k++)
			assert_int_equal(kz_buf_printf(&b, "&lol%.0d;",
			                     i - 1 == 0 ? 0 : i - 1),
			    KZ_OK);
		assert_int_equal(kz_buf_puts(&b, "\">\n"), KZ_OK);
	}
	assert_int_equal(kz_buf_puts(&b,
	                     "]>\n<rss><channel><title>&lol9;"
	                     "</title></channel></rss>"),
	    KZ_OK);
	clock_t t0 = clock();
	struct kz_feed *f = NULL;
	kz_rc rc = kz_feed_parse(b.data, b.len, NULL, NULL, &f, &err);
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	assert_true(secs < 2.0);
	if (rc == KZ_OK) {
		/* parsed, but nothing was expanded */
		assert_true(f->title == NULL || strlen(f->title) < 100);
		kz_feed_free(f);
	}
	kz_buf_fini(&b);
}

static void
test_feed_parse_rejects_external_entity(void **state)
{
	static const char doc[] =
	    "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n"
	    "<!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n]>\n"
	    "<rss><channel><title>x&xxe;y</title><item><description>&xxe;"
	    "</description></item></channel></rss>";
	struct kz_feed *f = NULL;
	struct kz_err err = {0};
	(void)state;
	kz_rc rc = kz_feed_parse(doc, sizeof doc - 1, NULL, NULL, &f, &err);
	if (rc != KZ_OK)
		return;
	struct kz_buf out;
	kz_buf_init(&out, 1 << 20);
	assert_int_equal(kz_app_feed_json(&out, f), KZ_OK);
	assert_null(strstr(out.data, "root:"));
	assert_string_equal(f->title, "xy");
	kz_buf_fini(&out);
	kz_feed_free(f);
}

static void
test_feed_parse_rejects_deep_nesting(void **state)
{
	const size_t depth = 100000;
	struct kz_buf b;
	struct kz_err err = {0};
	(void)state;
	kz_buf_init(&b, 4 << 20);
	assert_int_equal(kz_buf_puts(&b, "<rss><channel>"), KZ_OK);
	for (size_t i = 0; i < depth; i++)
		assert_int_equal(kz_buf_puts(&b, "<x>"), KZ_OK);
	for (size_t i = 0; i < depth; i++)
		assert_int_equal(kz_buf_puts(&b, "</x>"), KZ_OK);
	assert_int_equal(kz_buf_puts(&b, "</channel></rss>"), KZ_OK);
	kz_rc rc = parse_rc(b.data, b.len, &err);
	assert_true(rc == KZ_ELIMIT || rc == KZ_EPARSE);
	kz_buf_reset(&b);
	/* JSON too */
	for (size_t i = 0; i < depth; i++)
		assert_int_equal(kz_buf_puts(&b, "{\"a\":"), KZ_OK);
	assert_int_equal(parse_rc(b.data, b.len, &err), KZ_ELIMIT);
	/* 65 levels of XML: libxml2 accepts it, the cap does not */
	kz_buf_reset(&b);
	assert_int_equal(kz_buf_puts(&b, "<rss>"), KZ_OK);
	for (size_t i = 0; i < 70; i++)
		assert_int_equal(kz_buf_puts(&b, "<x>"), KZ_OK);
	for (size_t i = 0; i < 70; i++)
		assert_int_equal(kz_buf_puts(&b, "</x>"), KZ_OK);
	assert_int_equal(kz_buf_puts(&b, "</rss>"), KZ_OK);
	assert_int_equal(parse_rc(b.data, b.len, &err), KZ_ELIMIT);
	assert_non_null(strstr(err.msg, "deeper than 64"));
	kz_buf_fini(&b);
}

static void
test_feed_parse_rejects_non_feeds(void **state)
{
	static const char *const bad[] = {
	    "", "<html><body/></html>", "not xml at all", "<rss><channel>"};
	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct kz_err err = {0};
		struct kz_feed *f = NULL;
		kz_rc rc =
		    kz_feed_parse(bad[i], strlen(bad[i]), NULL, NULL, &f, &err);
		if (rc == KZ_OK) {
			/* a recovered parse must say so */
			assert_true(f->n_warnings > 0);
			kz_feed_free(f);
		} else {
			assert_true(err.msg[0] != '\0');
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_feed_parse_rss20),
	    cmocka_unit_test(test_feed_parse_atom_xml_base),
	    cmocka_unit_test(test_feed_parse_rdf_and_rss09),
	    cmocka_unit_test(test_feed_parse_jsonfeed),
	    cmocka_unit_test(test_charset_single_byte_table),
	    cmocka_unit_test(test_feed_parse_cdata_sections),
	    cmocka_unit_test(test_feed_date_parse_cases),
	    cmocka_unit_test(test_feed_parse_encodings),
	    cmocka_unit_test(test_feed_parse_invalid_utf8_is_replaced),
	    cmocka_unit_test(test_feed_parse_rejects_nul),
	    cmocka_unit_test(test_feed_parse_rejects_billion_laughs),
	    cmocka_unit_test(test_feed_parse_rejects_external_entity),
	    cmocka_unit_test(test_feed_parse_rejects_deep_nesting),
	    cmocka_unit_test(test_feed_parse_rejects_non_feeds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
