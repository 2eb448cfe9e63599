/*
 * Full-text search for the SQLite backend: the "kuzet" FTS5 tokenizer and
 * the safe query builder.
 *
 * The tokenizer runs kuzet's own (kz_tokenize_spans: NFKC, case folding,
 * ё -> е, URLs, @handles, #hashtags) and emits each word's stem, with the
 * word's byte span in the column text so that highlight() and snippet()
 * mark the words as written:
 *  - a word with letters only Kazakh has (ә ғ қ ң ө ұ ү һ і): the Kazakh
 *    stemmer;
 *  - another Cyrillic word: the Russian stemmer; and, in a query, or in a
 *    document (one column value) that kz_lang_detect calls Kazakh, the
 *    Kazakh stem too, at the same position (FTS5_TOKEN_COLOCATED; in a
 *    query the two are alternatives).  So a Russian word in a Kazakh text
 *    (or the other way round, as short texts are told apart less surely)
 *    is still found by either form;
 *  - a word without Cyrillic letters: the English stemmer;
 *  - numbers, URLs, handles and hashtags: as normalized.
 * In a prefix query ("word"*, where FTS5 makes the last word a prefix),
 * that word becomes what it shares with its stem (блокировки* is
 * блокировк*, so it finds блокировкой; happy* is happ*, as the stem is
 * happi); the words before it are stemmed as usual.
 *
 * When an auxiliary function (snippet(), highlight()) tokenizes a column
 * (FTS5_TOKENIZE_AUX), only the positions and byte spans are read, never
 * the terms: the tables use detail=full, where FTS5 takes the matches from
 * the index.  So each token is emitted once, as its span of the input,
 * without the language test, the stemmers or the colocated second stem;
 * positions count non-colocated tokens only, so they are those of the
 * index.  snippet() tokenizes every column to find sentences, then the
 * chosen one again to mark it: the spans of the last AUX_CACHE texts are
 * kept and replayed when the same text comes again.
 *
 * kuzet_bm25(table, sz, w...) is FTS5's bm25(table, w...) with the row's
 * %_docsize value passed in (sz, from a join on the shadow table) instead
 * of looked up per row through a nested statement, which was most of the
 * cost of ranking a common word: the same formula in the same order of
 * operations, so the same doubles.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "kuzet/base.h"
#include "kuzet/limits.h"
#include "kuzet/nlp.h"
#include "store/store_int.h"

/* The spans of one text tokenized for an auxiliary function. */
struct aux_text {
	char *text;
	size_t n, cap; /* n == 0: empty slot */
	int *span; /* start, end of each token */
	size_t nspan, spancap;
};

#define AUX_CACHE 4 /* texts */
#define AUX_CACHE_TEXT_MAX_BYTES 65536 /* longer ones are not kept */

/* One tokenizer instance (per FTS5 table per connection; a connection is
 * used by one thread at a time). */
struct fts_tok {
	struct kz_stemmer *stem;
	struct aux_text aux[AUX_CACHE];
	size_t aux_next; /* the slot to fill next */
};

static int
tok_create(void *pctx, const char **args, int nargs, Fts5Tokenizer **out)
{
	(void)pctx;
	(void)args;
	if (nargs != 0)
		return SQLITE_ERROR; /* the tokenizer takes no arguments */
	struct fts_tok *t = kz_xcalloc(1, sizeof *t);
	t->stem = kz_stemmer_new();
	*out = (Fts5Tokenizer *)t;
	return SQLITE_OK;
}

static void
tok_delete(Fts5Tokenizer *p)
{
	struct fts_tok *t = (struct fts_tok *)p;
	if (t == NULL)
		return;
	kz_stemmer_free(t->stem);
	for (size_t i = 0; i < AUX_CACHE; i++) {
		free(t->aux[i].text);
		free(t->aux[i].span);
	}
	free(t);
}

/* 1 if w[0..n) (normalized, lower case) has a letter only Kazakh has. */
static int
has_kazakh_letter(const char *w, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++) {
		unsigned char a = (unsigned char)w[i],
		              b = (unsigned char)w[i + 1];
		/* ә U+04D9, ғ U+0493, қ U+049B, ң U+04A3, ө U+04E9, ұ U+04B1,
		 * ү U+04AF, һ U+04BB, і U+0456 */
		if ((a == 0xd3 && (b == 0x99 || b == 0xa9)) ||
		    (a == 0xd2 &&
		        (b == 0x93 || b == 0x9b || b == 0xa3 || b == 0xb1 ||
		            b == 0xaf || b == 0xbb)) ||
		    (a == 0xd1 && b == 0x96))
			return 1;
	}
	return 0;
}

static kz_rc
count_token(void *ctx, const struct kz_token *t)
{
	(void)t;
	++*(size_t *)ctx;
	return KZ_OK;
}

/* State of one xTokenize call. */
struct tok_call {
	struct fts_tok *t;
	int flags;
	int kk; /* a Kazakh document: both stems of ambiguous words */
	void *fctx;
	int (*xtoken)(void *, int, const char *, int, int, int);
	int src; /* the SQLite error that stopped the walk */
	size_t ntok, itok; /* a prefix query: its tokens, this one */
};

/* The prefix to look up for the word w[0..n) with stem[0..sn): what the
 * two share, cut at a code point (the word when they share nothing). */
static size_t
prefix_form(const char *w, size_t n, const char *stem, size_t sn)
{
	size_t k = 0;
	while (k < n && k < sn && w[k] == stem[k])
		k++;
	while (k > 0 && k < n && ((unsigned char)w[k] & 0xc0) == 0x80)
		k--;
	return k > 0 ? k : n;
}

static kz_rc
on_token(void *vctx, const struct kz_token *tk)
{
	struct tok_call *c = vctx;
	char a[KZ_TOKEN_MAX_BYTES + 8], b[KZ_TOKEN_MAX_BYTES + 8];
	const char *first = tk->p, *second = NULL;
	size_t n1 = tk->n, n2 = 0;
	int query = (c->flags & FTS5_TOKENIZE_QUERY) != 0;
	int prefix =
	    (c->flags & FTS5_TOKENIZE_PREFIX) != 0 && c->itok + 1 == c->ntok;
	c->itok++;

	if (tk->kind == KZ_TOK_WORD) {
		enum kz_lang l = KZ_LANG_EN;
		if (tk->cyrillic)
			l = has_kazakh_letter(tk->p, tk->n) ? KZ_LANG_KK
			                                    : KZ_LANG_RU;
		n1 = kz_stem(c->t->stem, l, tk->p, tk->n, a, sizeof a);
		first = a;
		if ((query || c->kk) && l == KZ_LANG_RU) {
			n2 = kz_stem(
			    c->t->stem, KZ_LANG_KK, tk->p, tk->n, b, sizeof b);
			second = b;
		}
		if (prefix) {
			n1 = prefix_form(tk->p, tk->n, a, n1);
			first = tk->p;
			second = NULL; /* one prefix: the Russian stem or
			                  the word covers the Kazakh one */
		}
		if (n1 == 0) { /* not expected: stems keep a letter */
			first = tk->p;
			n1 = tk->n;
		}
	}
	int src =
	    c->xtoken(c->fctx, 0, first, (int)n1, (int)tk->start, (int)tk->end);
	if (src == SQLITE_OK && second != NULL && n2 > 0 &&
	    (n2 != n1 || memcmp(first, second, n1) != 0))
		src = c->xtoken(c->fctx, FTS5_TOKEN_COLOCATED, second, (int)n2,
		    (int)tk->start, (int)tk->end);
	if (src != SQLITE_OK) {
		c->src = src;
		return KZ_EINTERNAL;
	}
	return KZ_OK;
}

/* State of one AUX tokenization: the caller's callback, and the slot that
 * records the spans (NULL: not kept). */
struct aux_call {
	const char *text;
	void *fctx;
	int (*xtoken)(void *, int, const char *, int, int, int);
	int src;
	struct aux_text *rec;
};

static kz_rc
on_aux_token(void *vctx, const struct kz_token *tk)
{
	struct aux_call *c = vctx;
	int s = (int)tk->start, e = (int)tk->end;
	struct aux_text *r = c->rec;
	if (r != NULL) {
		if (r->nspan + 2 > r->spancap) {
			r->spancap = r->spancap ? 2 * r->spancap : 256;
			r->span = kz_xreallocarray(
			    r->span, r->spancap, sizeof *r->span);
		}
		r->span[r->nspan++] = s;
		r->span[r->nspan++] = e;
	}
	c->src = c->xtoken(c->fctx, 0, c->text + s, e - s, s, e);
	return c->src == SQLITE_OK ? KZ_OK : KZ_EINTERNAL;
}

/* Tokenize text[0..n) for an auxiliary function: from the cache when it
 * holds this text, else anew (and kept when short enough). */
static int
tok_aux(struct fts_tok *t, void *fctx, const char *text, size_t n,
    int (*xtoken)(void *, int, const char *, int, int, int))
{
	for (size_t i = 0; i < AUX_CACHE; i++) {
		const struct aux_text *a = &t->aux[i];
		if (a->n != n || memcmp(a->text, text, n) != 0)
			continue;
		for (size_t k = 0; k < a->nspan; k += 2) {
			int s = a->span[k], e = a->span[k + 1];
			int src = xtoken(fctx, 0, text + s, e - s, s, e);
			if (src != SQLITE_OK)
				return src;
		}
		return SQLITE_OK;
	}
	struct aux_call c = {text, fctx, xtoken, SQLITE_OK, NULL};
	if (n <= AUX_CACHE_TEXT_MAX_BYTES) {
		c.rec = &t->aux[t->aux_next];
		t->aux_next = (t->aux_next + 1) % AUX_CACHE;
		c.rec->n = 0; /* empty until complete */
		c.rec->nspan = 0;
	}
	kz_rc rc = kz_tokenize_spans(text, n, on_aux_token, &c);
	if (rc != KZ_OK)
		return c.src != SQLITE_OK ? c.src : SQLITE_ERROR;
	if (c.rec != NULL) {
		if (c.rec->cap < n) {
			c.rec->text = kz_xrealloc(c.rec->text, n);
			c.rec->cap = n;
		}
		memcpy(c.rec->text, text, n);
		c.rec->n = n;
	}
	return SQLITE_OK;
}

static int
tok_tokenize(Fts5Tokenizer *p, void *fctx, int flags, const char *text,
    int ntext, int (*xtoken)(void *, int, const char *, int, int, int))
{
	struct fts_tok *t = (struct fts_tok *)p;
	if (text == NULL || ntext <= 0)
		return SQLITE_OK;
	if (flags & FTS5_TOKENIZE_AUX)
		return tok_aux(t, fctx, text, (size_t)ntext, xtoken);
	struct tok_call c = {t, flags, 0, fctx, xtoken, SQLITE_OK, 0, 0};
	size_t n = (size_t)ntext;
	if (!(flags & FTS5_TOKENIZE_QUERY))
		c.kk = kz_lang_detect(text, n, NULL) == KZ_LANG_KK;
	if ((flags & FTS5_TOKENIZE_PREFIX) &&
	    kz_tokenize(text, n, count_token, &c.ntok) != KZ_OK)
		return SQLITE_ERROR;
	kz_rc rc = kz_tokenize_spans(text, n, on_token, &c);
	if (rc != KZ_OK)
		return c.src != SQLITE_OK ? c.src : SQLITE_ERROR;
	return SQLITE_OK;
}

/* ---- ranking ---- */

/* bm25's per-query statistics, computed on the first row. */
struct bm25_data {
	int nphrase, ncol;
	double avgdl; /* mean tokens per row */
	double *idf; /* per phrase */
	double *weight; /* per column: the arguments (1.0 when not given) */
};

static int
count_row(const Fts5ExtensionApi *api, Fts5Context *fts, void *ctx)
{
	(void)api;
	(void)fts;
	++*(sqlite3_int64 *)ctx;
	return SQLITE_OK;
}

/* The query's bm25_data, computed once (as FTS5's bm25 does: rows, total
 * tokens and, per phrase, the rows it occurs in). */
static int
bm25_data_of(const Fts5ExtensionApi *api, Fts5Context *fts, int nw,
    sqlite3_value **w, struct bm25_data **out)
{
	struct bm25_data *p = api->xGetAuxdata(fts, 0);
	if (p != NULL) {
		*out = p;
		return SQLITE_OK;
	}
	int nphrase = api->xPhraseCount(fts), ncol = api->xColumnCount(fts);
	sqlite3_uint64 size = sizeof *p +
	    ((sqlite3_uint64)nphrase + (sqlite3_uint64)ncol) * sizeof(double);
	p = sqlite3_malloc64(size);
	if (p == NULL)
		return SQLITE_NOMEM;
	memset(p, 0, (size_t)size);
	p->nphrase = nphrase;
	p->ncol = ncol;
	p->idf = (double *)(p + 1);
	p->weight = p->idf + nphrase;
	for (int c = 0; c < ncol; c++)
		p->weight[c] = c < nw ? sqlite3_value_double(w[c]) : 1.0;
	sqlite3_int64 nrow = 0, ntok = 0;
	int rc = api->xRowCount(fts, &nrow);
	if (rc == SQLITE_OK)
		rc = api->xColumnTotalSize(fts, -1, &ntok);
	if (rc == SQLITE_OK)
		p->avgdl = (double)ntok / (double)nrow;
	for (int i = 0; rc == SQLITE_OK && i < nphrase; i++) {
		sqlite3_int64 nhit = 0;
		rc = api->xQueryPhrase(fts, i, &nhit, count_row);
		if (rc == SQLITE_OK) {
			/* log((N - n + 0.5) / (n + 0.5)), at least 1e-6 (a
			 * word in over half the rows) */
			double idf = log((nrow - nhit + 0.5) / (nhit + 0.5));
			if (idf <= 0.0)
				idf = 1e-6;
			p->idf[i] = idf;
		}
	}
	if (rc != SQLITE_OK) {
		sqlite3_free(p);
		return rc;
	}
	/* On failure xSetAuxdata frees p itself. */
	rc = api->xSetAuxdata(fts, p, sqlite3_free);
	if (rc == SQLITE_OK)
		*out = p;
	return rc;
}

/* The row's tokens (all columns) from its %_docsize value: one varint per
 * column.  0 when sz is not that (then ask FTS5). */
static int
docsize_total(sqlite3_value *sz, int ncol, int *out)
{
	if (sqlite3_value_type(sz) != SQLITE_BLOB)
		return 0;
	const unsigned char *p = sqlite3_value_blob(sz);
	int n = sqlite3_value_bytes(sz), i = 0;
	int64_t total = 0;
	for (int c = 0; c < ncol; c++) {
		uint32_t v = 0;
		int k = 0;
		/* SQLite's varint, up to 4 bytes (28 bits: a column has at
		 * most 2^31 tokens, but longer ones go to FTS5) */
		for (;;) {
			if (i >= n || k == 4)
				return 0;
			v = (v << 7) | (p[i] & 0x7f);
			k++;
			if (!(p[i++] & 0x80))
				break;
		}
		total += v;
	}
	if (i != n || total > INT32_MAX)
		return 0;
	*out = (int)total;
	return 1;
}

/*
 * kuzet_bm25(table, sz, weight...): see the top of the file.  The weights
 * are read on the first row (the query passes constants).  A phrase's
 * frequency sums its instances' column weights in the order of its
 * position list, as xInst gives them to bm25 (the sum is the same double).
 */
static void
kuzet_bm25(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
    int nval, sqlite3_value **val)
{
	const double k1 = 1.2, b = 0.75;
	struct bm25_data *p = NULL;
	if (nval < 1) {
		sqlite3_result_error(
		    ctx, "kuzet_bm25: no docsize argument", -1);
		return;
	}
	int rc = bm25_data_of(api, fts, nval - 1, val + 1, &p);
	int ntok = 0;
	if (rc == SQLITE_OK && !docsize_total(val[0], p->ncol, &ntok))
		rc = api->xColumnSize(fts, -1, &ntok);
	double d = (double)ntok, score = 0.0;
	for (int i = 0; rc == SQLITE_OK && i < p->nphrase; i++) {
		Fts5PhraseIter it;
		int ic = 0, io = 0;
		double freq = 0.0;
		rc = api->xPhraseFirst(fts, i, &it, &ic, &io);
		while (rc == SQLITE_OK && ic >= 0) {
			if (ic < p->ncol)
				freq += p->weight[ic];
			api->xPhraseNext(fts, &it, &ic, &io);
		}
		score += p->idf[i] *
		    ((freq * (k1 + 1.0)) /
		        (freq + k1 * (1 - b + b * d / p->avgdl)));
	}
	if (rc != SQLITE_OK) {
		sqlite3_result_error_code(ctx, rc);
		return;
	}
	sqlite3_result_double(ctx, -1.0 * score);
}

/* The fts5_api of db, or NULL when SQLite lacks FTS5. */
static fts5_api *
fts5_api_of(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) !=
	    SQLITE_OK)
		return NULL;
	sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	return api;
}

kz_rc
kz_store_fts_register(sqlite3 *db, const char *path, struct kz_err *err)
{
	static fts5_tokenizer tok = {tok_create, tok_delete, tok_tokenize};
	fts5_api *api = fts5_api_of(db);
	if (api == NULL || api->iVersion < 2)
		return kz_fail(err, KZ_EDB,
		    "%s: this SQLite has no FTS5 (full-text search)", path);
	if (api->xCreateTokenizer(api, "kuzet", NULL, &tok, NULL) != SQLITE_OK)
		return kz_fail(err, KZ_EDB,
		    "%s: cannot register the search tokenizer: %s", path,
		    sqlite3_errmsg(db));
	if (api->xCreateFunction(api, "kuzet_bm25", NULL, kuzet_bm25, NULL) !=
	    SQLITE_OK)
		return kz_fail(err, KZ_EDB,
		    "%s: cannot register the search ranking: %s", path,
		    sqlite3_errmsg(db));
	return KZ_OK;
}

/* ---- queries ---- */

/* Number of tokens in s[0..n). */
static size_t
tokens_in(const char *s, size_t n)
{
	size_t k = 0;
	if (kz_tokenize(s, n, count_token, &k) != KZ_OK)
		return 0;
	return k;
}

static int
is_space(unsigned char b)
{
	return b == ' ' || (b >= '\t' && b <= '\r');
}

/* Append one term: s[0..n) as an FTS5 string (it holds no '"'), '*' after
 * it for a prefix. */
static kz_rc
put_term(struct kz_buf *b, size_t *terms, const char *s, size_t n, int prefix)
{
	if (tokens_in(s, n) == 0)
		return KZ_OK; /* only punctuation: nothing to find */
	kz_rc rc = kz_buf_puts(b, *terms ? " AND \"" : "\"");
	if (rc == KZ_OK)
		rc = kz_buf_append(b, s, n);
	if (rc == KZ_OK)
		rc = kz_buf_puts(b, prefix ? "\"*" : "\"");
	(*terms)++;
	return rc;
}

kz_rc
kz_store_fts_query(
    const char *q, int lang, char **out, size_t *nterms, struct kz_err *err)
{
	static const char *const cols[KZ_LANG_COUNT] = {
	    "{title_ru summary_ru}",
	    "{title_kk summary_kk}",
	    "{title_en summary_en}",
	};
	size_t n = strlen(q);
	if (n > KZ_SEARCH_QUERY_MAX_BYTES)
		return kz_fail(err, KZ_ELIMIT,
		    "the search query is over %u bytes",
		    KZ_SEARCH_QUERY_MAX_BYTES);
	struct kz_buf b;
	/* Each byte becomes at most itself, and each term adds 8 bytes. */
	kz_buf_init(
	    &b, 64 + 2 * KZ_SEARCH_QUERY_MAX_BYTES + 8 * KZ_SEARCH_TERMS_MAX);
	size_t terms = 0, i = 0;
	kz_rc rc = KZ_OK;
	while (i < n && rc == KZ_OK) {
		unsigned char c = (unsigned char)q[i];
		if (is_space(c)) {
			i++;
			continue;
		}
		size_t s, e;
		int prefix = 0;
		if (c == '"') {
			/* A phrase, up to the next quote or the end. */
			s = i + 1;
			e = s;
			while (e < n && q[e] != '"')
				e++;
			i = e < n ? e + 1 : e;
		} else {
			/* A bareword, up to a space or a quote; a trailing
			 * '*' makes it a prefix. */
			s = i;
			e = s;
			while (e < n && q[e] != '"' &&
			    !is_space((unsigned char)q[e]))
				e++;
			i = e;
			while (e > s && q[e - 1] == '*') {
				e--;
				prefix = 1;
			}
		}
		if (terms >= KZ_SEARCH_TERMS_MAX && tokens_in(q + s, e - s)) {
			kz_buf_fini(&b);
			return kz_fail(err, KZ_ELIMIT,
			    "the search query has over %u terms",
			    KZ_SEARCH_TERMS_MAX);
		}
		rc = put_term(&b, &terms, q + s, e - s, prefix);
	}
	if (rc == KZ_OK && terms > 0 && lang >= 0 && lang < KZ_LANG_COUNT) {
		/* Only that language's columns: "{cols} : (terms)". */
		struct kz_buf w;
		kz_buf_init(&w, b.max + 64);
		rc = kz_buf_printf(&w, "%s : (%s)", cols[lang], kz_buf_str(&b));
		kz_buf_fini(&b);
		b = w;
	}
	if (rc != KZ_OK) {
		/* Not expected: the buffer is sized for the longest query. */
		kz_buf_fini(&b);
		return kz_fail(err, rc, "the search query is too long");
	}
	*nterms = terms;
	*out = kz_buf_take(&b);
	return KZ_OK;
}
