/*
 * Fuzz kz_feed_parse.  Input: an option byte, then the document.
 *
 * Option byte: bits 0-2 pick a Content-Type (none, text/xml,
 * application/rss+xml, text/xml with koi8-r, application/xml with utf-16,
 * application/feed+json, text/plain, a bogus charset); bit 3 passes a base
 * URL.
 *
 * Invariants: a parse ends in KZ_OK or an error with a message; every
 * string in a feed is valid UTF-8 without NUL and within the field cap;
 * counts are within the caps; the JSON of the feed is valid UTF-8.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "kuzet/app.h"
#include "kuzet/feed.h"

static void
check_str(const char *s, size_t max)
{
	if (s == NULL)
		return;
	size_t n = strlen(s);
	CHECK(n <= max);
	CHECK(kz_utf8_valid(s, n, NULL));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const types[] = {NULL, "text/xml",
	    "application/rss+xml", "text/xml; charset=koi8-r",
	    "application/xml; charset=utf-16", "application/feed+json",
	    "text/plain", "text/xml; charset=x-no-such"};
	struct kz_feed *f = NULL;
	struct kz_err err = {0};

	if (size == 0)
		return 0;
	const char *ct = types[data[0] & 7];
	const char *base = (data[0] & 8) ? "http://example.com/a/feed" : NULL;
	kz_rc rc =
	    kz_feed_parse((const char *)data + 1, size - 1, ct, base, &f, &err);
	if (rc != KZ_OK) {
		CHECK(err.rc == rc && err.msg[0] != '\0');
		return 0;
	}
	const size_t m = KZ_FEED_FIELD_MAX_BYTES;
	CHECK(f->n_entries <= KZ_FEED_ENTRIES_MAX);
	CHECK(f->n_warnings <= KZ_FEED_LIST_MAX);
	check_str(f->encoding, sizeof f->encoding);
	check_str(f->title, m);
	check_str(f->link, m);
	check_str(f->subtitle, m);
	check_str(f->language, m);
	for (size_t i = 0; i < f->n_warnings; i++)
		check_str(f->warnings[i], 512);
	for (size_t i = 0; i < f->n_entries; i++) {
		const struct kz_feed_entry *e = &f->entries[i];
		check_str(e->id, m);
		check_str(e->link, m);
		check_str(e->title, m);
		check_str(e->summary, m);
		check_str(e->content, m);
		check_str(e->author, m);
		CHECK(e->n_categories <= KZ_FEED_LIST_MAX);
		CHECK(e->n_enclosures <= KZ_FEED_LIST_MAX);
		for (size_t k = 0; k < e->n_categories; k++)
			check_str(e->categories[k], m);
		for (size_t k = 0; k < e->n_enclosures; k++) {
			CHECK(e->enclosures[k].url != NULL);
			check_str(e->enclosures[k].url, m);
			check_str(e->enclosures[k].type, m);
		}
	}
	struct kz_buf out;
	kz_buf_init(&out, SIZE_MAX);
	CHECK(kz_app_feed_json(&out, f) == KZ_OK);
	CHECK(kz_utf8_valid(out.data, out.len, NULL));
	kz_buf_fini(&out);
	kz_feed_free(f);
	return 0;
}
