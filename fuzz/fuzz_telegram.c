/*
 * Fuzz kz_html_telegram_parse.  The input is the page.
 *
 * Invariants on success: at most KZ_TG_POSTS_MAX posts, each with a
 * positive id, a permalink https://t.me/CHANNEL/ID, text that is valid
 * UTF-8 within KZ_TG_TEXT_MAX_BYTES, and at most KZ_TG_LINKS_MAX distinct
 * absolute http(s) links.  On failure: KZ_ELIMIT or KZ_EPARSE.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "kuzet/html.h"
#include "kuzet/limits.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kz_tg_page *pg = NULL;
	struct kz_err err = {0};
	kz_rc rc;

	rc = kz_html_telegram_parse((const char *)data, size, &pg, &err);
	if (rc != KZ_OK) {
		CHECK(rc == KZ_ELIMIT || rc == KZ_EPARSE);
		CHECK(err.msg[0] != '\0');
		CHECK(pg == NULL);
		return 0;
	}
	CHECK(pg != NULL && pg->n <= KZ_TG_POSTS_MAX && pg->before >= 0);
	for (size_t i = 0; i < pg->n; i++) {
		const struct kz_tg_post *p = &pg->posts[i];
		char want[128];

		CHECK(p->id > 0 && p->channel != NULL && p->text != NULL);
		snprintf(want, sizeof want, "https://t.me/%s/%lld", p->channel,
		    (long long)p->id);
		CHECK(strcmp(p->permalink, want) == 0);
		CHECK(strlen(p->text) <= KZ_TG_TEXT_MAX_BYTES);
		CHECK(kz_utf8_valid(p->text, strlen(p->text), NULL));
		CHECK(p->nlinks <= KZ_TG_LINKS_MAX);
		for (size_t j = 0; j < p->nlinks; j++) {
			CHECK(strncmp(p->links[j], "http://", 7) == 0 ||
			    strncmp(p->links[j], "https://", 8) == 0);
			CHECK(strlen(p->links[j]) <= KZ_URL_MAX_BYTES);
			CHECK(kz_utf8_valid(
			    p->links[j], strlen(p->links[j]), NULL));
			for (size_t k = 0; k < j; k++)
				CHECK(strcmp(p->links[j], p->links[k]) != 0);
		}
	}
	kz_tg_page_free(pg);
	return 0;
}
