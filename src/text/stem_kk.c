/*
 * A Kazakh stemmer: iterative suffix stripping (there is no Snowball one).
 *
 * A Kazakh noun is root + plural + possessive + case, a verb root + voice +
 * tense/participle + person; suffixes change their first consonant after
 * the sound before them (-ның after vowels and м н ң, -дың after other
 * voiced sounds, -тың after voiceless ones) and their vowel by vowel
 * harmony (back а о ұ ы, front ә е ө ү і).  The stripper removes the
 * longest suffix that fits, from the end inwards, as long as
 *  - each suffix removed belongs to a slot at least as deep as the one
 *    before it (case, then possessive, then plural, then verb inflection,
 *    then voice), so бұғатталды loses -ды and -л but not the -та of its
 *    root;
 *  - the sound before it is one the suffix follows (the conditions below,
 *    kept loose);
 *  - its vowel agrees with the stem's last vowel (и у ю count as both);
 *  - the stem keeps a vowel and at least 2 letters (3 after a one-letter
 *    suffix, 4 for some that often end roots: -м, -ң, -ым, -л).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "kuzet/base.h"
#include "text/nlp_int.h"

enum slot { CASE = 1, POSS, PLUR, VERB, VOICE };

enum cond {
	ANY, /* anything */
	VOW, /* stem ends in a vowel */
	CONS, /* in a consonant */
	VN, /* in a vowel or м н ң */
	YI, /* in ы or і: after a 3rd person possessive */
	P12, /* in ым ім ың ің: after a 1st/2nd person possessive */
	LA, /* in ла or ле: a verb stem before passive -н */
	VL, /* in та те да де ла ле, not рта ита (портал, капитал): a verb
	       stem before passive -л */
	VSY /* in a vowel other than ы і: before -сы/-сі (жұмыс-ы, not
	       жұмы-сы) */
};

struct sfx {
	const char *s;
	unsigned char n; /* strlen(s) */
	unsigned char slot, cond, min; /* min: letters left */
	const char *not_after; /* a letter the stem may not end in */
};

static const struct sfx sfx[] = {
    /* case: genitive, dative, accusative, locative, ablative,
     * instrumental, locative-attributive */
    {"ның", sizeof "ның" - 1, CASE, VN, 2, NULL},
    {"нің", sizeof "нің" - 1, CASE, VN, 2, NULL},
    {"дың", sizeof "дың" - 1, CASE, CONS, 2, NULL},
    {"дің", sizeof "дің" - 1, CASE, CONS, 2, NULL},
    {"тың", sizeof "тың" - 1, CASE, CONS, 2, NULL},
    {"тің", sizeof "тің" - 1, CASE, CONS, 2, NULL},
    {"ға", sizeof "ға" - 1, CASE, ANY, 2, NULL},
    {"ге", sizeof "ге" - 1, CASE, ANY, 2, NULL},
    {"қа", sizeof "қа" - 1, CASE, CONS, 2, NULL},
    {"ке", sizeof "ке" - 1, CASE, CONS, 2, NULL},
    {"на", sizeof "на" - 1, CASE, YI, 2, NULL},
    {"не", sizeof "не" - 1, CASE, YI, 2, NULL},
    {"а", sizeof "а" - 1, CASE, P12, 2, NULL},
    {"е", sizeof "е" - 1, CASE, P12, 2, NULL},
    {"ны", sizeof "ны" - 1, CASE, VOW, 2, NULL},
    {"ні", sizeof "ні" - 1, CASE, VOW, 2, NULL},
    {"ды", sizeof "ды" - 1, CASE, CONS, 2, NULL},
    {"ді", sizeof "ді" - 1, CASE, CONS, 2, NULL},
    {"ты", sizeof "ты" - 1, CASE, CONS, 2, NULL},
    {"ті", sizeof "ті" - 1, CASE, CONS, 2, NULL},
    {"н", sizeof "н" - 1, CASE, YI, 3, NULL},
    {"да", sizeof "да" - 1, CASE, ANY, 2, NULL},
    {"де", sizeof "де" - 1, CASE, ANY, 2, NULL},
    {"та", sizeof "та" - 1, CASE, CONS, 2, NULL},
    {"те", sizeof "те" - 1, CASE, CONS, 2, NULL},
    {"нда", sizeof "нда" - 1, CASE, YI, 2, NULL},
    {"нде", sizeof "нде" - 1, CASE, YI, 2, NULL},
    {"дан", sizeof "дан" - 1, CASE, CONS, 2, NULL},
    {"ден", sizeof "ден" - 1, CASE, CONS, 2, NULL},
    {"тан", sizeof "тан" - 1, CASE, CONS, 2, "с"},
    {"тен", sizeof "тен" - 1, CASE, CONS, 2, NULL},
    {"нан", sizeof "нан" - 1, CASE, VN, 2, NULL},
    {"нен", sizeof "нен" - 1, CASE, VN, 2, NULL},
    {"мен", sizeof "мен" - 1, CASE, ANY, 2, NULL},
    {"бен", sizeof "бен" - 1, CASE, ANY, 2, NULL},
    {"пен", sizeof "пен" - 1, CASE, ANY, 2, NULL},
    {"дағы", sizeof "дағы" - 1, CASE, ANY, 2, NULL},
    {"дегі", sizeof "дегі" - 1, CASE, ANY, 2, NULL},
    {"тағы", sizeof "тағы" - 1, CASE, CONS, 2, NULL},
    {"тегі", sizeof "тегі" - 1, CASE, CONS, 2, NULL},
    {"ндағы", sizeof "ндағы" - 1, CASE, YI, 2, NULL},
    {"ндегі", sizeof "ндегі" - 1, CASE, YI, 2, NULL},
    /* possessive */
    {"ы", sizeof "ы" - 1, POSS, CONS, 3, NULL},
    {"і", sizeof "і" - 1, POSS, CONS, 3, NULL},
    {"сы", sizeof "сы" - 1, POSS, VSY, 2, NULL},
    {"сі", sizeof "сі" - 1, POSS, VSY, 2, NULL},
    {"ым", sizeof "ым" - 1, POSS, CONS, 4, NULL},
    {"ім", sizeof "ім" - 1, POSS, CONS, 4, NULL},
    {"м", sizeof "м" - 1, POSS, VOW, 4, NULL},
    {"ың", sizeof "ың" - 1, POSS, CONS, 4, NULL},
    {"ің", sizeof "ің" - 1, POSS, CONS, 4, NULL},
    {"ң", sizeof "ң" - 1, POSS, VOW, 4, NULL},
    {"мыз", sizeof "мыз" - 1, POSS, VOW, 2, NULL},
    {"міз", sizeof "міз" - 1, POSS, VOW, 2, NULL},
    {"ымыз", sizeof "ымыз" - 1, POSS, CONS, 2, NULL},
    {"іміз", sizeof "іміз" - 1, POSS, CONS, 2, NULL},
    {"ңыз", sizeof "ңыз" - 1, POSS, VOW, 2, NULL},
    {"ңіз", sizeof "ңіз" - 1, POSS, VOW, 2, NULL},
    {"ыңыз", sizeof "ыңыз" - 1, POSS, CONS, 2, NULL},
    {"іңіз", sizeof "іңіз" - 1, POSS, CONS, 2, NULL},
    /* plural */
    {"лар", sizeof "лар" - 1, PLUR, ANY, 2, NULL},
    {"лер", sizeof "лер" - 1, PLUR, ANY, 2, NULL},
    {"дар", sizeof "дар" - 1, PLUR, CONS, 2, NULL},
    {"дер", sizeof "дер" - 1, PLUR, CONS, 2, NULL},
    {"тар", sizeof "тар" - 1, PLUR, CONS, 2, NULL},
    {"тер", sizeof "тер" - 1, PLUR, CONS, 2, NULL},
    /* verbs: participles, present tense, verbal noun, converbs,
     * conditional */
    {"ды", sizeof "ды" - 1, VERB, VOW, 2, NULL},
    {"ді", sizeof "ді" - 1, VERB, VOW, 2, NULL},
    {"ған", sizeof "ған" - 1, VERB, ANY, 2, NULL},
    {"ген", sizeof "ген" - 1, VERB, ANY, 2, NULL},
    {"қан", sizeof "қан" - 1, VERB, CONS, 2, NULL},
    {"кен", sizeof "кен" - 1, VERB, CONS, 2, NULL},
    {"атын", sizeof "атын" - 1, VERB, CONS, 2, NULL},
    {"етін", sizeof "етін" - 1, VERB, CONS, 2, NULL},
    {"йтын", sizeof "йтын" - 1, VERB, VOW, 2, NULL},
    {"йтін", sizeof "йтін" - 1, VERB, VOW, 2, NULL},
    {"у", sizeof "у" - 1, VERB, ANY, 3, NULL},
    {"ып", sizeof "ып" - 1, VERB, CONS, 2, NULL},
    {"іп", sizeof "іп" - 1, VERB, CONS, 2, NULL},
    {"п", sizeof "п" - 1, VERB, VOW, 3, NULL},
    {"са", sizeof "са" - 1, VERB, ANY, 2, NULL},
    {"се", sizeof "се" - 1, VERB, ANY, 2, NULL},
    /* voice: passive */
    {"л", sizeof "л" - 1, VOICE, VL, 4, NULL},
    {"ыл", sizeof "ыл" - 1, VOICE, CONS, 3, NULL},
    {"іл", sizeof "іл" - 1, VOICE, CONS, 3, NULL},
    {"н", sizeof "н" - 1, VOICE, LA, 4, NULL},
};

/* Vowel classes: 'b' back, 'f' front, 'n' neutral, 0 consonant. */
static char
vowel(uint32_t c)
{
	switch (c) {
	case 0x430: /* а */
	case 0x43e: /* о */
	case 0x4b1: /* ұ */
	case 0x44b: /* ы */
	case 0x44f: /* я */
		return 'b';
	case 0x4d9: /* ә */
	case 0x435: /* е */
	case 0x4e9: /* ө */
	case 0x4af: /* ү */
	case 0x456: /* і */
	case 0x44d: /* э */
		return 'f';
	case 0x438: /* и */
	case 0x443: /* у */
	case 0x44e: /* ю */
	case 0x451: /* ё */
		return 'n';
	default:
		return 0;
	}
}

/* The code point ending w[0..n) and its start, or 0. */
static uint32_t
last_cp(const char *w, size_t n, size_t *start)
{
	size_t k = n;
	uint32_t cp = 0;
	if (n == 0)
		return 0;
	k--;
	while (k > 0 && ((unsigned char)w[k] & 0xc0) == 0x80)
		k--;
	if (kz_utf8_decode(w + k, n - k, &cp) == 0)
		return 0;
	if (start)
		*start = k;
	return cp;
}

static size_t
letters(const char *w, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)w[i] & 0xc0) != 0x80)
			c++;
	return c;
}

/* A vowel for the choice of a suffix's consonant: у after a vowel sounds
 * [w], so тергеу takes -ді like a consonant. */
static int
is_v(uint32_t c)
{
	return vowel(c) != 0 && c != 0x443;
}

/* Does w[0..n) end in the UTF-8 string s? */
static int
ends(const char *w, size_t n, const char *s)
{
	size_t sn = strlen(s);
	return n >= sn && memcmp(w + n - sn, s, sn) == 0;
}

/* Does the stem w[0..n) meet cond? */
static int
cond_ok(const char *w, size_t n, int cond)
{
	size_t k;
	uint32_t c = last_cp(w, n, &k), c2;

	if (c == 0)
		return 0;
	switch (cond) {
	case VOW:
		return is_v(c);
	case CONS:
		return !is_v(c);
	case VN:
		return is_v(c) || c == 0x43c || c == 0x43d || c == 0x4a3;
	case YI:
		return c == 0x44b || c == 0x456;
	case P12:
		if (c != 0x43c && c != 0x4a3) /* м ң */
			return 0;
		c2 = last_cp(w, k, NULL);
		return c2 == 0x44b || c2 == 0x456;
	case LA:
		return ends(w, n, "ла") || ends(w, n, "ле");
	case VL:
		if (ends(w, n, "рта") || ends(w, n, "ита"))
			return 0;
		return ends(w, n, "та") || ends(w, n, "те") ||
		    ends(w, n, "да") || ends(w, n, "де") || ends(w, n, "ла") ||
		    ends(w, n, "ле");
	case VSY:
		return is_v(c) && c != 0x44b && c != 0x456;
	default:
		return 1;
	}
}

/* Vowel harmony between the stem w[0..n) and suffix s, loosely. */
static int
harmony_ok(const char *w, size_t n, const char *s)
{
	char sv = 0, wv = 0;
	if (ends(s, strlen(s), "ен") && strlen(s) == strlen("мен"))
		sv = 'n'; /* -мен -бен -пен have no back form */
	size_t i = 0, sn = strlen(s);
	while (i < sn && !sv) {
		uint32_t c;
		size_t l = kz_utf8_decode(s + i, sn - i, &c);
		if (l == 0)
			break;
		sv = vowel(c);
		i += l;
	}
	while (n > 0 && !wv) {
		size_t k;
		uint32_t c = last_cp(w, n, &k);
		if (c == 0)
			break;
		wv = vowel(c);
		n = k;
	}
	if (!wv)
		return 0; /* the stem keeps a vowel */
	if (!sv || sv == 'n' || wv == 'n')
		return 1;
	return sv == wv;
}

size_t
kz_stem_kk(const char *w, size_t n, char *out, size_t cap)
{
	int slot = 0;
	size_t len = n;

	for (int round = 0; round < 8; round++) {
		const struct sfx *best = NULL;
		size_t best_n = 0;
		for (size_t i = 0; i < sizeof(sfx) / sizeof(sfx[0]); i++) {
			const struct sfx *x = &sfx[i];
			size_t sn = x->n;
			/* Case and plural come once; possessive, verb and
			 * voice suffixes may repeat (желі-сі, -іл-ген). */
			if (x->slot < slot ||
			    (x->slot == slot && (slot == CASE || slot == PLUR)))
				continue;
			if (sn >= len || sn < best_n || (best && sn == best_n))
				continue;
			/* The last byte first: most suffixes end otherwise. */
			if (w[len - 1] != x->s[sn - 1] ||
			    memcmp(w + len - sn, x->s, sn) != 0)
				continue;
			size_t stem = len - sn;
			if (letters(w, stem) < x->min ||
			    !cond_ok(w, stem, x->cond) ||
			    !harmony_ok(w, stem, x->s))
				continue;
			if (x->not_after && ends(w, stem, x->not_after))
				continue;
			best = x;
			best_n = sn;
		}
		if (best == NULL)
			break;
		len -= best_n;
		slot = best->slot;
		/* журналист-тер is spelt журналистер: keep the т. */
		if (strncmp(best->s, "т", strlen("т")) == 0 &&
		    ends(w, len, "ис"))
			len += strlen("т");
	}
	if (cap == 0)
		return 0;
	if (len > cap - 1) {
		len = cap - 1;
		while (len > 0 && ((unsigned char)w[len] & 0xc0) == 0x80)
			len--;
	}
	memcpy(out, w, len);
	out[len] = '\0';
	/* Voiced б г ғ before a vowel suffix are п к қ at the end of a word
	 * (кітабы, министрлігі): end every stem the unvoiced way. */
	if (len >= 2 && len + 1 <= cap) {
		static const char *const from[] = {"б", "г", "ғ"};
		static const char *const to[] = {"п", "к", "қ"};
		for (int i = 0; i < 3; i++) {
			if (letters(out, len) >= 3 && ends(out, len, from[i])) {
				size_t fl = strlen(from[i]), tl = strlen(to[i]);
				if (len - fl + tl <= cap - 1) {
					memcpy(out + len - fl, to[i], tl);
					len = len - fl + tl;
					out[len] = '\0';
				}
				break;
			}
		}
	}
	return len;
}
