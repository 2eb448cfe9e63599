/*
 * The text pipeline for analysis: normalization, tokens, stems and the
 * language of a document.  Implemented in src/text/ (utf8proc, Snowball's
 * libstemmer, kuzet's own Kazakh stemmer).
 */
#ifndef KUZET_NLP_H
#define KUZET_NLP_H

#include <stddef.h>

#include "kuzet/incident.h"

enum kz_tok_kind {
	KZ_TOK_WORD = 0, /* letters (Cyrillic or Latin), apostrophes, inner
			    hyphens */
	KZ_TOK_NUMBER,   /* digits, with inner . , */
	KZ_TOK_URL,      /* http(s)://… or www.… */
	KZ_TOK_HANDLE,   /* @name */
	KZ_TOK_HASHTAG   /* #tag */
};

/* One token: p[0..n) is normalized text (NFKC, case-folded, ё → е) owned
 * by the tokenizer and valid during the callback only. */
struct kz_token {
	const char *p;
	size_t n;
	enum kz_tok_kind kind;
	int cyrillic; /* 1 if a word has Cyrillic letters */
};

typedef kz_rc (*kz_token_fn)(void *ctx, const struct kz_token *t);

/*
 * Normalize and tokenize text (UTF-8; invalid bytes are skipped) and call
 * fn for each token in order.  Stops with fn's return value when it is not
 * KZ_OK.  Words longer than KZ_TOKEN_MAX_BYTES are cut there.
 */
kz_rc kz_tokenize(const char *text, size_t n, kz_token_fn fn, void *ctx);

/*
 * The stem of a normalized word w[0..n) in language l, written to out (at
 * most cap - 1 bytes and a NUL); returns the stem's length.  ru and en use
 * Snowball; kk uses kuzet's suffix stripper (plural, possessive, case and
 * common verb endings: деректерінің → дерек, бұғатталды → бұғатта).
 * Thread-compatible: each thread needs its own kz_stemmer.
 */
struct kz_stemmer;
struct kz_stemmer *kz_stemmer_new(void);
void kz_stemmer_free(struct kz_stemmer *s);
size_t kz_stem(struct kz_stemmer *s, enum kz_lang l, const char *w, size_t n,
    char *out, size_t cap);

/*
 * The language of a document: kk when Kazakh-only letters appear enough,
 * else by a character n-gram model of ru, kk and en; *confidence (may be
 * NULL) gets a score in [0, 1].
 */
enum kz_lang kz_lang_detect(const char *text, size_t n, double *confidence);

#endif
