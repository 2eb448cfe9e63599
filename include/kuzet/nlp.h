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
	/* Letters of any script with combining marks and digits after the
	 * first letter or digit ("5g", "mp3"), inner apostrophes (’ becomes
	 * ') and inner hyphens between letters ("интернет-ресурс"). */
	KZ_TOK_WORD = 0,
	/* Digits only, with inner . or , between digits ("3,14",
	 * "1.000.000"); "2023-жылы" is a number and a word. */
	KZ_TOK_NUMBER,
	/* http://, https:// or www. up to a space, quote or bracket; trailing
	 * . , ; : ! ? * ] and an unbalanced ) are left out. */
	KZ_TOK_URL,
	/* @name, with the @: letters, digits and _ after an @ that does not
	 * follow a word (user@mail.kz is three words). */
	KZ_TOK_HANDLE,
	/* #tag, with the #, the same way. */
	KZ_TOK_HASHTAG
};

/* One token: p[0..n) is normalized text (NFKC, case-folded, ё → е) owned
 * by the tokenizer and valid during the callback only. */
struct kz_token {
	const char *p;
	size_t n;
	enum kz_tok_kind kind;
	int cyrillic; /* 1 if a word has Cyrillic letters */
	/* kz_tokenize_spans only (else 0): the token's bytes in the input
	 * text are [start, end), start < end, the whole token even when
	 * p[0..n) was cut; dropped characters (soft hyphens) inside or right
	 * after it are included.  Starts never decrease; spans overlap only
	 * when one input character expands into several tokens (U+FDFA
	 * into four words: each gets that character's span). */
	size_t start, end;
};

typedef kz_rc (*kz_token_fn)(void *ctx, const struct kz_token *t);

/*
 * Normalize and tokenize text (UTF-8; an invalid byte separates tokens) and
 * call fn for each token in order.  Stops with fn's return value when it is
 * not KZ_OK.  Tokens longer than KZ_TOKEN_MAX_BYTES are cut there (at a
 * code point); the rest of such a token is dropped.  Soft hyphens and
 * zero-width characters are removed; other punctuation, symbols and emoji
 * separate tokens.  Allocates one buffer about the size of the text per
 * call; linear time.  Thread-safe.
 */
kz_rc kz_tokenize(const char *text, size_t n, kz_token_fn fn, void *ctx);

/*
 * As kz_tokenize, and each token's start and end give its place in text
 * (for highlighting: SQLite FTS5 snippets).  Costs one more array of
 * n + 16 offsets (size_t) per call, and the rare stretches that need
 * utf8proc go through it one code point at a time.
 */
kz_rc kz_tokenize_spans(const char *text, size_t n, kz_token_fn fn, void *ctx);

/*
 * The stem of a normalized word w[0..n) in language l, written to out (at
 * most cap - 1 bytes and a NUL); returns the stem's length.  ru and en use
 * Snowball; kk uses kuzet's suffix stripper (plural, possessive, case and
 * common verb endings: деректерінің → дерек, бұғатталды → бұғатта).
 * A word without Cyrillic letters is stemmed as English, and a Cyrillic
 * word with l == KZ_LANG_EN as Russian.  The stem is at most 4 bytes longer
 * than the word (in practice never longer).  kz_stemmer_new aborts when out of
 * memory; kz_stemmer_free(NULL) is a no-op.  Thread-compatible: each thread
 * needs its own kz_stemmer.
 */
struct kz_stemmer;
struct kz_stemmer *kz_stemmer_new(void);
void kz_stemmer_free(struct kz_stemmer *s);
size_t kz_stem(struct kz_stemmer *s, enum kz_lang l, const char *w, size_t n,
    char *out, size_t cap);

/*
 * The language of a document: kk when Kazakh-only letters appear enough,
 * else by a character n-gram model of ru, kk and en; *confidence (may be
 * NULL) gets a score in [0, 1] (0 when the text has no letters; then the
 * answer is ru).  Kazakh in Latin script (á ǵ ı ń ó ú ý or ä ğ ñ ö ü ū ş)
 * counts as kk.  Reads at most the first 64 KB.  Thread-safe.
 */
enum kz_lang kz_lang_detect(const char *text, size_t n, double *confidence);

#endif
