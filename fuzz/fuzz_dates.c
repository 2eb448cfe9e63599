/*
 * Fuzz the date readers of text.h.  Input: an option byte, then text.
 *
 * Option byte: bit 0 reads the period from the text itself
 * (kz_period_find), bit 1 uses no period, else the seed's period
 * 2025-08-01..2026-01-31.
 *
 * The same text also goes through the feed date parser
 * (kz_feed_date_parse): a parsed date lies within years 1..9999 and the
 * parse is the same when repeated.
 *
 * Invariants: kz_month_parse returns 0..12 and a length within the input;
 * a found period is two real dates with from <= to; a found date is a real
 * date, inside the period when there is one; kz_lang_guess returns a
 * language.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "kuzet/feed.h"
#include "kuzet/text.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kz_date from = {2025, 8, 1}, to = {2026, 1, 31};
	struct kz_date pf, pt, d;
	const char *text;
	size_t n, len = 0;
	unsigned opt;
	int m;

	if (size == 0)
		return 0;
	opt = data[0];
	text = (const char *)data + 1;
	n = size - 1;

	m = kz_month_parse(text, n, &len);
	CHECK(m >= 0 && m <= 12);
	if (m != 0)
		CHECK(len > 0 && len <= n);

	if (kz_period_find(text, n, &pf, &pt)) {
		CHECK(kz_date_valid(pf) && kz_date_valid(pt));
		CHECK(kz_date_cmp(pf, pt) <= 0);
		if (opt & 1) {
			from = pf;
			to = pt;
		}
	}
	if (opt & 2) {
		from = (struct kz_date){0, 0, 0};
		to = (struct kz_date){0, 0, 0};
	}
	if (kz_date_find(text, n, from, to, &d)) {
		CHECK(kz_date_valid(d));
		if (from.y != 0)
			CHECK(kz_date_cmp(d, from) >= 0 &&
			    kz_date_cmp(d, to) <= 0);
	}
	CHECK((unsigned)kz_lang_guess(text, n) < KZ_LANG_COUNT);

	int64_t t1, t2;
	if (kz_feed_date_parse(text, n, &t1) == KZ_OK) {
		/* 0001-01-01 .. 9999-12-31 in unix seconds */
		CHECK(t1 >= -62135596800LL && t1 <= 253402300799LL);
		CHECK(kz_feed_date_parse(text, n, &t2) == KZ_OK && t1 == t2);
	}
	return 0;
}
