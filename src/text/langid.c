/*
 * The language of a document: ru, kk or en (kz_lang_detect in
 * include/kuzet/nlp.h).
 *
 * Two signals.  Kazakh-only letters decide at once when they are frequent
 * enough: ә ғ қ ң ө ұ ү һ і in Cyrillic text, and á ǵ ı ń ó ú ý ä ğ ñ ö ü ū ş
 * in Latin-script Kazakh; a Kazakh name in a Russian paragraph stays below
 * the threshold.  Otherwise a character trigram model (langid_model.c,
 * counts of texts written for kuzet) scores the folded letters of the first
 * KZ_LANGID_MAX_BYTES of the text and the best language wins.
 */
#include <stdint.h>
#include <stdlib.h>

#include "kuzet/base.h"
#include "kuzet/limits.h"
#include "kuzet/nlp.h"
#include "text/nlp_int.h"

/* Bytes of a document the model reads: a news text tells its language
 * long before this. */
#define KZ_LANGID_MAX_BYTES (64u * 1024u)

static int
is_kk_cyr(uint32_t c)
{
	return kz_cp_kazakh(c);
}

static int
is_kk_lat(uint32_t c)
{
	switch (c) {
	case 0xe1: /* á */
	case 0x1f5: /* ǵ */
	case 0x131: /* ı */
	case 0x144: /* ń */
	case 0xf3: /* ó */
	case 0xfa: /* ú */
	case 0xfd: /* ý */
	case 0xe4: /* ä */
	case 0x11f: /* ğ */
	case 0xf1: /* ñ */
	case 0xf6: /* ö */
	case 0xfc: /* ü */
	case 0x16b: /* ū */
	case 0x15f: /* ş */
		return 1;
	default:
		return 0;
	}
}

static const struct kz_langid_tri *
find_tri(uint64_t key)
{
	size_t lo = 0, hi = kz_langid_ntri;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (kz_langid_tri[mid].key < key)
			lo = mid + 1;
		else if (kz_langid_tri[mid].key > key)
			hi = mid;
		else
			return &kz_langid_tri[mid];
	}
	return NULL;
}

struct counts {
	size_t cyr, kk_cyr, lat, kk_lat, ntri;
	long score[KZ_LANG_COUNT];
};

static void
add_tri(struct counts *k, uint32_t a, uint32_t b, uint32_t c)
{
	uint64_t key = (uint64_t)a << 42 | (uint64_t)b << 21 | c;
	const struct kz_langid_tri *t = find_tri(key);
	for (int l = 0; l < KZ_LANG_COUNT; l++)
		k->score[l] += t ? t->lp[l] : kz_langid_floor[l];
	k->ntri++;
}

static void
count(struct counts *k, const char *text, size_t n)
{
	uint32_t a = ' ', b = ' ';
	size_t i = 0;

	if (n > KZ_LANGID_MAX_BYTES)
		n = KZ_LANGID_MAX_BYTES;
	while (i < n) {
		uint32_t cp, c = ' ';
		size_t l = kz_utf8_decode(text + i, n - i, &cp);
		if (l == 0) {
			l = 1;
			cp = ' ';
		}
		i += l;
		if (cp < 0x500 && kz_nlp_fold_tab[cp] >> 16 == KZ_NC_LET)
			c = kz_nlp_fold_tab[cp] & 0xffff;
		if (c == ' ') {
			if (b != ' ')
				add_tri(k, a, b, ' ');
			a = b = ' ';
			continue;
		}
		if (c >= 0x400 && c <= 0x52f) {
			k->cyr++;
			k->kk_cyr += (size_t)is_kk_cyr(c);
		} else {
			k->lat++;
			k->kk_lat += (size_t)is_kk_lat(c);
		}
		if (b != ' ' || a == ' ')
			add_tri(k, a, b, c);
		a = b;
		b = c;
	}
	if (b != ' ')
		add_tri(k, a, b, ' ');
}

/* e^x for x <= 0, to a few parts in a thousand: (1 + x/1024)^1024, so
 * that kz_text needs no libm. */
static double
exp_neg(double x)
{
	if (x < -60)
		return 0;
	double y = 1 + x / 1024;
	for (int i = 0; i < 10; i++)
		y *= y;
	return y;
}

enum kz_lang
kz_lang_detect(const char *text, size_t n, double *confidence)
{
	struct counts k = {0};
	enum kz_lang best = KZ_LANG_RU;
	double post[KZ_LANG_COUNT], sum = 0;

	count(&k, text, n);
	for (int l = 1; l < KZ_LANG_COUNT; l++)
		if (k.score[l] > k.score[best])
			best = (enum kz_lang)l;
	/* Naive Bayes is overconfident: temper the scores (x 100 in the
	 * table) before turning them into a posterior. */
	for (int l = 0; l < KZ_LANG_COUNT; l++) {
		post[l] =
		    exp_neg((double)(k.score[l] - k.score[best]) / 100.0 * 0.1);
		sum += post[l];
	}
	if (k.cyr >= k.lat && k.kk_cyr >= 2 && k.kk_cyr * 50 >= k.cyr)
		best = KZ_LANG_KK;
	else if (k.lat > k.cyr && k.kk_lat >= 2 && k.kk_lat * 33 >= k.lat)
		best = KZ_LANG_KK;
	if (confidence) {
		if (k.ntri == 0)
			*confidence = 0;
		else if (best == KZ_LANG_KK && post[best] / sum < 0.9)
			*confidence = 0.9;
		else
			*confidence = post[best] / sum;
	}
	return best;
}
