/*
 * Fuzz kz_html_extract.  The first byte picks whether a page URL is given;
 * the rest is the page.
 *
 * Invariants on success: every string is valid UTF-8 within its cap (title
 * KZ_TITLE_MAX_BYTES, canonical URL KZ_URL_MAX_BYTES and absolute http(s),
 * text KZ_ARTICLE_TEXT_MAX_BYTES with text_len == strlen), and the JSON of
 * the article renders.  On failure: KZ_ELIMIT or KZ_EPARSE with a message.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "kuzet/app.h"
#include "kuzet/html.h"
#include "kuzet/limits.h"

static void
check_str(const char *s, size_t max)
{
	if (s == NULL)
		return;
	CHECK(strlen(s) <= max);
	CHECK(kz_utf8_valid(s, strlen(s), NULL));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kz_article *a = NULL;
	struct kz_err err = {0};
	struct kz_buf json;
	const char *url = NULL;
	kz_rc rc;

	if (size > 0) {
		if (data[0] & 1)
			url = "https://example.kz/news/2025/article?id=1";
		data++;
		size--;
	}
	rc = kz_html_extract((const char *)data, size, url, &a, &err);
	if (rc != KZ_OK) {
		CHECK(rc == KZ_ELIMIT || rc == KZ_EPARSE);
		CHECK(err.rc == rc && err.msg[0] != '\0');
		CHECK(a == NULL);
		return 0;
	}
	CHECK(a != NULL && a->text != NULL);
	CHECK(strlen(a->text) == a->text_len);
	check_str(a->text, KZ_ARTICLE_TEXT_MAX_BYTES);
	check_str(a->title, KZ_TITLE_MAX_BYTES);
	check_str(a->lang, 3);
	check_str(a->canonical_url, KZ_URL_MAX_BYTES);
	if (a->canonical_url != NULL)
		CHECK(strncmp(a->canonical_url, "http://", 7) == 0 ||
		    strncmp(a->canonical_url, "https://", 8) == 0);
	kz_buf_init(&json, (size_t)16 * 1024 * 1024);
	CHECK(kz_app_article_json(&json, a) == KZ_OK);
	CHECK(kz_utf8_valid(json.data, json.len, NULL));
	kz_buf_fini(&json);
	kz_article_free(a);
	return 0;
}
