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
	unsigned char slot, cond, min; /* min: letters left */
	const char *not_after; /* a letter the stem may not end in */
};

static const struct sfx sfx[] = {
    /* case: genitive, dative, accusative, locative, ablative,
     * instrumental, locative-attributive */
    {"ның", CASE, VN, 2, NULL},
    {"нің", CASE, VN, 2, NULL},
    {"дың", CASE, CONS, 2, NULL},
    {"дің", CASE, CONS, 2, NULL},
    {"тың", CASE, CONS, 2, NULL},
    {"тің", CASE, CONS, 2, NULL},
    {"ға", CASE, ANY, 2, NULL},
    {"ге", CASE, ANY, 2, NULL},
    {"қа", CASE, CONS, 2, NULL},
    {"ке", CASE, CONS, 2, NULL},
    {"на", CASE, YI, 2, NULL},
    {"не", CASE, YI, 2, NULL},
    {"а", CASE, P12, 2, NULL},
    {"е", CASE, P12, 2, NULL},
    {"ны", CASE, VOW, 2, NULL},
    {"ні", CASE, VOW, 2, NULL},
    {"ды", CASE, CONS, 2, NULL},
    {"ді", CASE, CONS, 2, NULL},
    {"ты", CASE, CONS, 2, NULL},
    {"ті", CASE, CONS, 2, NULL},
    {"н", CASE, YI, 3, NULL},
    {"да", CASE, ANY, 2, NULL},
    {"де", CASE, ANY, 2, NULL},
    {"та", CASE, CONS, 2, NULL},
    {"те", CASE, CONS, 2, NULL},
    {"нда", CASE, YI, 2, NULL},
    {"нде", CASE, YI, 2, NULL},
    {"дан", CASE, CONS, 2, NULL},
    {"ден", CASE, CONS, 2, NULL},
    {"тан", CASE, CONS, 2, "с"},
    {"тен", CASE, CONS, 2, NULL},
    {"нан", CASE, VN, 2, NULL},
    {"нен", CASE, VN, 2, NULL},
    {"мен", CASE, ANY, 2, NULL},
    {"бен", CASE, ANY, 2, NULL},
    {"пен", CASE, ANY, 2, NULL},
    {"дағы", CASE, ANY, 2, NULL},
    {"дегі", CASE, ANY, 2, NULL},
    {"тағы", CASE, CONS, 2, NULL},
    {"тегі", CASE, CONS, 2, NULL},
    {"ндағы", CASE, YI, 2, NULL},
    {"ндегі", CASE, YI, 2, NULL},
    /* possessive */
    {"ы", POSS, CONS, 3, NULL},
    {"і", POSS, CONS, 3, NULL},
    {"сы", POSS, VSY, 2, NULL},
    {"сі", POSS, VSY, 2, NULL},
    {"ым", POSS, CONS, 4, NULL},
    {"ім", POSS, CONS, 4, NULL},
    {"м", POSS, VOW, 4, NULL},
    {"ың", POSS, CONS, 4, NULL},
    {"ің", POSS, CONS, 4, NULL},
    {"ң", POSS, VOW, 4, NULL},
    {"мыз", POSS, VOW, 2, NULL},
    {"міз", POSS, VOW, 2, NULL},
    {"ымыз", POSS, CONS, 2, NULL},
    {"іміз", POSS, CONS, 2, NULL},
    {"ңыз", POSS, VOW, 2, NULL},
    {"ңіз", POSS, VOW, 2, NULL},
    {"ыңыз", POSS, CONS, 2, NULL},
    {"іңіз", POSS, CONS, 2, NULL},
    /* plural */
    {"лар", PLUR, ANY, 2, NULL},
    {"лер", PLUR, ANY, 2, NULL},
    {"дар", PLUR, CONS, 2, NULL},
    {"дер", PLUR, CONS, 2, NULL},
    {"тар", PLUR, CONS, 2, NULL},
    {"тер", PLUR, CONS, 2, NULL},
    /* verbs: participles, present tense, verbal noun, converbs,
     * conditional */
    {"ды", VERB, VOW, 2, NULL},
    {"ді", VERB, VOW, 2, NULL},
    {"ған", VERB, ANY, 2, NULL},
    {"ген", VERB, ANY, 2, NULL},
    {"қан", VERB, CONS, 2, NULL},
    {"кен", VERB, CONS, 2, NULL},
    {"атын", VERB, CONS, 2, NULL},
    {"етін", VERB, CONS, 2, NULL},
    {"йтын", VERB, VOW, 2, NULL},
    {"йтін", VERB, VOW, 2, NULL},
    {"у", VERB, ANY, 3, NULL},
    {"ып", VERB, CONS, 2, NULL},
    {"іп", VERB, CONS, 2, NULL},
    {"п", VERB, VOW, 3, NULL},
    {"са", VERB, ANY, 2, NULL},
    {"се", VERB, ANY, 2, NULL},
    /* voice: passive */
    {"л", VOICE, VL, 4, NULL},
    {"ыл", VOICE, CONS, 3, NULL},
    {"іл", VOICE, CONS, 3, NULL},
    {"н", VOICE, LA, 4, NULL},
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
			size_t sn = strlen(x->s);
			/* Case and plural come once; possessive, verb and
			 * voice suffixes may repeat (желі-сі, -іл-ген). */
			if (x->slot < slot ||
			    (x->slot == slot && (slot == CASE || slot == PLUR)))
				continue;
			if (sn >= len || sn < best_n || (best && sn == best_n))
				continue;
			if (memcmp(w + len - sn, x->s, sn) != 0)
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
