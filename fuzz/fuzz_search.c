/*
 * Fuzz full-text search through the store: the input is a user's query and
 * the title of an incident.  The first byte picks the language filter (its
 * value mod 4; 3 is none) and where the input splits into query and title
 * (the byte divided by 4, as a fraction of the rest).
 *
 * Invariants: adding an incident with any valid UTF-8 title indexes it
 * without error; a search with any query is KZ_OK or KZ_ELIMIT (too long
 * or too many terms), never an SQL or FTS5 error; a hit's snippet is valid
 * UTF-8; searching for the whole title in quotes finds the incident when
 * the title has words; removing it leaves the index empty of it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "kuzet/base.h"
#include "kuzet/limits.h"
#include "kuzet/nlp.h"
#include "kuzet/store.h"

struct hits {
	int64_t want;
	int found;
	size_t n;
};

static kz_rc
on_hit(void *ctx, const struct kz_search_hit *h)
{
	struct hits *k = ctx;
	if (h->snippet != NULL)
		CHECK(kz_utf8_valid(h->snippet, strlen(h->snippet), NULL));
	if (h->inc->id == k->want)
		k->found = 1;
	k->n++;
	return KZ_OK;
}

static kz_rc
count_tok(void *ctx, const struct kz_token *t)
{
	(void)t;
	++*(size_t *)ctx;
	return KZ_OK;
}

static struct kz_store *
store(void)
{
	static struct kz_store *s;
	if (s == NULL) {
		struct kz_err err = {0};
		CHECK(kz_store_open(":memory:", 1, &s, &err) == KZ_OK);
	}
	return s;
}

static kz_rc
search(struct kz_store *s, const char *q, int lang, struct hits *k,
    struct kz_err *err)
{
	struct kz_incident_filter f;
	kz_incident_filter_init(&f);
	f.q = q;
	f.lang = lang;
	f.limit = 10;
	return kz_store_incident_search(s, &f, "[", "]", on_hit, k, err);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0 || size > 4096)
		return 0;
	struct kz_store *s = store();
	int lang = data[0] % 4 == 3 ? -1 : data[0] % 4;
	size_t rest = size - 1, cut = rest * (data[0] / 4) / 63;
	if (cut > rest)
		cut = rest;
	char *q = kz_xmalloc(cut + 1), *title = kz_xmalloc(rest - cut + 1);
	memcpy(q, data + 1, cut);
	q[cut] = '\0';
	memcpy(title, data + 1 + cut, rest - cut);
	title[rest - cut] = '\0';

	struct kz_incident inc;
	kz_incident_init(&inc);
	snprintf(inc.section, sizeof inc.section, "law");
	enum kz_lang tl = lang >= 0 ? (enum kz_lang)lang : KZ_LANG_RU;
	int valid = strlen(title) == rest - cut &&
	    kz_utf8_valid(title, strlen(title), NULL) && title[0] != '\0';
	if (valid)
		kz_incident_set_text(&inc.title[tl], title);
	struct kz_err err = {0};
	int64_t id = 0;
	if (valid && kz_store_incident_add(s, &inc, "fuzz", &err) == KZ_OK)
		id = inc.id;
	kz_incident_fini(&inc);

	struct hits k = {id, 0, 0};
	kz_rc rc = search(s, q, lang, &k, &err);
	CHECK(rc == KZ_OK || rc == KZ_ELIMIT);

	if (id != 0 && strchr(title, '"') == NULL &&
	    strlen(title) + 2 <= KZ_SEARCH_QUERY_MAX_BYTES) {
		size_t words = 0;
		CHECK(kz_tokenize(title, strlen(title), count_tok, &words) ==
		    KZ_OK);
		if (words > 0) {
			/* The title as a phrase finds it. */
			char *p = kz_xmalloc(strlen(title) + 3);
			snprintf(p, strlen(title) + 3, "\"%s\"", title);
			struct hits k2 = {id, 0, 0};
			rc = search(s, p, lang, &k2, &err);
			free(p);
			CHECK(rc == KZ_OK);
			CHECK(k2.found || k2.n == 10);
		}
	}
	if (id != 0)
		CHECK(kz_store_incident_remove(s, id, "fuzz", &err) == KZ_OK);
	free(q);
	free(title);
	return 0;
}
