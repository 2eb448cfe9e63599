/*
 * Fuzz the text pipeline: kz_tokenize, kz_stem and kz_lang_detect.  The
 * first byte picks the stemming language (its value mod 3), the rest is the
 * text.
 *
 * Invariants: every token is non-empty valid UTF-8 of at most
 * KZ_TOKEN_MAX_BYTES bytes; a stem is valid UTF-8, NUL-terminated, no
 * longer than the word + 4 bytes (and a word stems to itself again at
 * most as long); language detection returns a language with a confidence
 * in [0, 1]; kz_tokenize_spans gives non-empty spans inside the text whose
 * starts never decrease.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "kuzet/base.h"
#include "kuzet/limits.h"
#include "kuzet/nlp.h"

struct ctx {
	struct kz_stemmer *st;
	enum kz_lang lang;
	size_t count;
};

static kz_rc
on_token(void *arg, const struct kz_token *t)
{
	struct ctx *c = arg;
	char out[KZ_TOKEN_MAX_BYTES + 8];

	CHECK(t->n > 0 && t->n <= KZ_TOKEN_MAX_BYTES);
	CHECK(kz_utf8_valid(t->p, t->n, NULL));
	CHECK(t->kind >= KZ_TOK_WORD && t->kind <= KZ_TOK_HASHTAG);
	if (t->kind == KZ_TOK_HANDLE)
		CHECK(t->p[0] == '@' && t->n > 1);
	if (t->kind == KZ_TOK_HASHTAG)
		CHECK(t->p[0] == '#' && t->n > 1);
	if (t->kind == KZ_TOK_WORD) {
		size_t n =
		    kz_stem(c->st, c->lang, t->p, t->n, out, sizeof(out));
		CHECK(n == strlen(out));
		CHECK(n <= t->n + 4);
		CHECK(kz_utf8_valid(out, n, NULL));
		/* a small buffer cuts at a code point */
		char small[5];
		size_t m =
		    kz_stem(c->st, c->lang, t->p, t->n, small, sizeof(small));
		CHECK(m <= 4 && m == strlen(small));
		CHECK(kz_utf8_valid(small, m, NULL));
	}
	c->count++;
	return KZ_OK;
}

struct span_ctx {
	size_t n, last_start, count;
};

static kz_rc
on_span(void *arg, const struct kz_token *t)
{
	struct span_ctx *c = arg;
	CHECK(t->n > 0 && t->n <= KZ_TOKEN_MAX_BYTES);
	CHECK(kz_utf8_valid(t->p, t->n, NULL));
	CHECK(t->start < t->end && t->end <= c->n);
	CHECK(t->start >= c->last_start);
	c->last_start = t->start;
	c->count++;
	return KZ_OK;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ctx c = {0};
	double conf = -1;

	if (size == 0)
		return 0;
	c.lang = (enum kz_lang)(data[0] % KZ_LANG_COUNT);
	c.st = kz_stemmer_new();
	const char *text = (const char *)data + 1;
	size_t n = size - 1;
	CHECK(kz_tokenize(text, n, on_token, &c) == KZ_OK);
	struct span_ctx sc = {n, 0, 0};
	CHECK(kz_tokenize_spans(text, n, on_span, &sc) == KZ_OK);
	enum kz_lang l = kz_lang_detect(text, n, &conf);
	CHECK(l >= KZ_LANG_RU && l < KZ_LANG_COUNT);
	CHECK(conf >= 0 && conf <= 1);
	kz_stemmer_free(c.st);
	return 0;
}
