/* kz_html_telegram_parse on the hand-made pages in tests/cases/telegram/. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kuzet/html.h"
#include "kuzet/limits.h"

static struct kz_tg_page *
parse_case(const char *name)
{
	const char *src = getenv("KZ_SOURCE_DIR");
	char path[4096];
	char *html = NULL;
	size_t len = 0;
	struct kz_tg_page *pg = NULL;
	struct kz_err err = {0};

	snprintf(path, sizeof path, "%s/tests/cases/telegram/%s",
	    src != NULL ? src : ".", name);
	if (kz_file_read(path, KZ_HTML_MAX_BYTES, &html, &len, &err) != KZ_OK)
		fail_msg("%s", err.msg);
	assert_int_equal(kz_html_telegram_parse(html, len, &pg, &err), KZ_OK);
	free(html);
	assert_non_null(pg);
	return pg;
}

static void
test_telegram_channel_posts(void **state)
{
	struct kz_tg_page *pg = parse_case("channel.html");
	const struct kz_tg_post *p;

	(void)state;
	/* the service block without a valid data-post is skipped */
	assert_int_equal(pg->n, 3);
	assert_int_equal(pg->before, 101);

	p = &pg->posts[0];
	assert_int_equal(p->id, 101);
	assert_string_equal(p->channel, "kz_test_channel");
	assert_string_equal(p->permalink, "https://t.me/kz_test_channel/101");
	assert_true(p->has_date);
	assert_int_equal(p->date, 1758874500); /* 2025-09-26T08:15:00Z */
	assert_string_equal(p->text,
	    "⚡ Суд в Алматы оштрафовал журналиста за публикацию.\n\n"
	    "Подробности: example.kz/news/1\n#суд #суд & право");
	/* relative hashtag links are not kept */
	assert_int_equal(p->nlinks, 1);
	assert_string_equal(
	    p->links[0], "https://example.kz/news/1?utm_source=tg");

	/* a photo without text; the date's zone is applied */
	p = &pg->posts[1];
	assert_int_equal(p->id, 102);
	assert_string_equal(p->text, "");
	assert_int_equal(p->nlinks, 0);
	assert_int_equal(p->date, 1758859200); /* 04:00Z */

	/* the reply quote is not the text; duplicate links once */
	p = &pg->posts[2];
	assert_int_equal(p->id, 103);
	assert_string_equal(p->text,
	    "Сот шешімі 2025 жылғы 26 қыркүйекте жарияланды.\n"
	    "Second line with a link and the same link again.");
	assert_null(strstr(p->text, "QUOTED"));
	assert_int_equal(p->nlinks, 2);
	assert_string_equal(p->links[0], "http://example.org/a");
	assert_string_equal(
	    p->links[1], "https://example.kz/news/1?utm_source=tg");
	assert_int_equal(p->date, 1758969005);
	kz_tg_page_free(pg);
	kz_tg_page_free(NULL);
}

static void
test_telegram_more_link_and_empty(void **state)
{
	struct kz_tg_page *pg = parse_case("more_only.html");

	(void)state;
	assert_int_equal(pg->n, 1);
	assert_int_equal(pg->before, 5000);
	assert_string_equal(
	    pg->posts[0].permalink, "https://t.me/kz_other/5000");
	assert_string_equal(pg->posts[0].text, "Line one\nLine two");
	assert_int_equal(pg->posts[0].date, 1709251199);
	kz_tg_page_free(pg);

	pg = parse_case("empty.html");
	assert_int_equal(pg->n, 0);
	assert_int_equal(pg->before, 0);
	kz_tg_page_free(pg);
}

static void
test_telegram_hostile(void **state)
{
	static const char *const bad[] = {
	    "<div class='tgme_widget_message' data-post='/1'>x</div>",
	    "<div class='tgme_widget_message' data-post='c/'>x</div>",
	    "<div class='tgme_widget_message' data-post='c/-5'>x</div>",
	    "<div class='tgme_widget_message' "
	    "data-post='c/99999999999999999999'>x</div>",
	    "<div class='tgme_widget_message' data-post='c d/5'>x</div>",
	};
	struct kz_tg_page *pg = NULL;
	struct kz_err err = {0};
	size_t n = 200000, i;
	char *p, *q;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(
		    kz_html_telegram_parse(bad[i], strlen(bad[i]), &pg, &err),
		    KZ_OK);
		assert_int_equal(pg->n, 0);
		kz_tg_page_free(pg);
	}
	/* more posts than the cap, and deep nesting inside one */
	p = malloc(n * 64);
	q = p;
	for (i = 0; i < KZ_TG_POSTS_MAX + 10; i++)
		q += sprintf(q,
		    "<div class='tgme_widget_message' data-post='c/%zu'>"
		    "<div class='tgme_widget_message_text'>t</div></div>",
		    i + 1);
	for (i = 0; i < 100000; i++)
		q += sprintf(q, "<b>");
	assert_int_equal(
	    kz_html_telegram_parse(p, (size_t)(q - p), &pg, &err), KZ_OK);
	assert_int_equal(pg->n, KZ_TG_POSTS_MAX);
	kz_tg_page_free(pg);
	free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_telegram_channel_posts),
	    cmocka_unit_test(test_telegram_more_link_and_empty),
	    cmocka_unit_test(test_telegram_hostile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
