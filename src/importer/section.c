/*
 * Matching a report's section heading against the taxonomy
 * (kz_import_match_section in include/kuzet/import.h).
 *
 * Rules, in order:
 *  1. the heading's name (numbering stripped) equals a section name in
 *     any language, ignoring case and punctuation;
 *  2. word overlap: the heading's significant words (3 letters or more,
 *     not "and"/"және"/...) are looked up among all the names of each
 *     section, a word matching when equal or sharing a long prefix
 *     ("прецеденты"/"прецеденттері"); the section matching the most words,
 *     at least half of them, wins if no other section ties with it.  This
 *     reads mixed-language headings such as "Судебные precedents";
 *  3. the number "N." (1-based taxonomy order).
 * The name goes first so a report that numbers only the sections it has
 * still lands each heading in the right section.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kuzet/import.h"

#define WORDS_MAX 64

struct words {
	struct kz_str w[WORDS_MAX];
	size_t n;
};

static int
word_cp(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') ||
	    (c >= 0xc0 && c <= 0x24f && c != 0xd7 && c != 0xf7) ||
	    (c >= 0x400 && c <= 0x52f);
}

/* Split a folded string into words (runs of letters and digits). */
static void
split(const char *s, struct words *out)
{
	size_t n = strlen(s), i = 0;

	out->n = 0;
	while (i < n && out->n < WORDS_MAX) {
		uint32_t c;
		size_t k = kz_utf8_decode(s + i, n - i, &c), start;

		if (k == 0) {
			i++;
			continue;
		}
		if (!word_cp(c)) {
			i += k;
			continue;
		}
		start = i;
		while (i < n) {
			k = kz_utf8_decode(s + i, n - i, &c);
			if (k == 0 || !word_cp(c))
				break;
			i += k;
		}
		out->w[out->n].p = s + start;
		out->w[out->n].n = i - start;
		out->n++;
	}
}

static int
same(struct kz_str a, struct kz_str b)
{
	return a.n == b.n && memcmp(a.p, b.p, a.n) == 0;
}

static int
stopword(struct kz_str w)
{
	static const char *const stop[] = {
	    "and", "the", "for", "және", "мен", "для", "или", "при"};
	size_t i;

	if (kz_utf8_len(w.p, w.n) < 3)
		return 1;
	for (i = 0; i < sizeof stop / sizeof stop[0]; i++)
		if (w.n == strlen(stop[i]) && memcmp(w.p, stop[i], w.n) == 0)
			return 1;
	return 0;
}

/* Equal, or a common prefix of at least 5 code points that leaves at most
 * 3 of the shorter word ("защита"/"защиты", "прецеденты"/"прецеденттері"). */
static int
similar(struct kz_str a, struct kz_str b)
{
	size_t i = 0, common = 0, la, lb, shorter;

	if (same(a, b))
		return 1;
	while (i < a.n && i < b.n && a.p[i] == b.p[i])
		i++;
	/* back up to a code point boundary */
	while (i > 0 && i < a.n && ((unsigned char)a.p[i] & 0xc0) == 0x80)
		i--;
	common = kz_utf8_len(a.p, i);
	la = kz_utf8_len(a.p, a.n);
	lb = kz_utf8_len(b.p, b.n);
	shorter = la < lb ? la : lb;
	return common >= 5 && common + 3 >= shorter;
}

static int
same_words(const struct words *a, const struct words *b)
{
	size_t i;

	if (a->n != b->n || a->n == 0)
		return 0;
	for (i = 0; i < a->n; i++)
		if (!same(a->w[i], b->w[i]))
			return 0;
	return 1;
}

/* Strip leading "N.", "N)", "N:" or "N " and return N (0 if none). */
static const char *
strip_number(const char *h, int *num)
{
	const char *p = h;
	long v = 0;
	int nd = 0;

	*num = 0;
	while (*p == ' ' || *p == '\t')
		p++;
	while (*p >= '0' && *p <= '9' && nd < 9) {
		v = v * 10 + (*p - '0');
		p++;
		nd++;
	}
	if (nd == 0 || (*p >= '0' && *p <= '9'))
		return h;
	if (*p == '.' || *p == ')' || *p == ':') {
		p++;
	} else if (*p != ' ' && *p != '\t' && *p != '\0') {
		return h;
	}
	*num = (int)v;
	return p;
}

int
kz_import_match_section(const struct kz_taxonomy *tax, const char *heading)
{
	struct words hw, nw;
	char *folded;
	const char *rest;
	int num, best = -1, best_score = 0, tie = 0, result = -1;
	size_t s, i, l, significant = 0;

	if (tax == NULL || heading == NULL)
		return -1;
	rest = strip_number(heading, &num);
	folded = kz_utf8_fold(rest, strlen(rest));
	split(folded, &hw);
	if (hw.n == 0)
		goto by_number;
	/* 1. a whole name */
	for (s = 0; s < tax->n && result < 0; s++) {
		for (l = 0; l < KZ_LANG_COUNT && result < 0; l++) {
			const char *name = tax->sections[s].name[l];
			char *fn;

			if (name == NULL)
				continue;
			fn = kz_utf8_fold(name, strlen(name));
			split(fn, &nw);
			if (same_words(&hw, &nw))
				result = (int)s;
			free(fn);
		}
	}
	if (result >= 0)
		goto done;
	/* 2. word overlap */
	for (i = 0; i < hw.n; i++)
		if (!stopword(hw.w[i]))
			significant++;
	for (s = 0; s < tax->n && significant > 0; s++) {
		int score = 0;
		char *fn[KZ_LANG_COUNT];
		struct words names[KZ_LANG_COUNT];

		for (l = 0; l < KZ_LANG_COUNT; l++) {
			const char *name = tax->sections[s].name[l];

			fn[l] = kz_utf8_fold(
			    name ? name : "", name ? strlen(name) : 0);
			split(fn[l], &names[l]);
		}
		for (i = 0; i < hw.n; i++) {
			int hit = 0;

			if (stopword(hw.w[i]))
				continue;
			for (l = 0; l < KZ_LANG_COUNT && !hit; l++) {
				size_t j;

				for (j = 0; j < names[l].n && !hit; j++)
					if (similar(hw.w[i], names[l].w[j]))
						hit = 1;
			}
			score += hit;
		}
		for (l = 0; l < KZ_LANG_COUNT; l++)
			free(fn[l]);
		if (score > best_score) {
			best_score = score;
			best = (int)s;
			tie = 0;
		} else if (score == best_score && score > 0) {
			tie = 1;
		}
	}
	if (best >= 0 && !tie && (size_t)best_score * 2 >= significant) {
		result = best;
		goto done;
	}
by_number:
	if (num >= 1 && (size_t)num <= tax->n)
		result = num - 1;
done:
	free(folded);
	return result;
}
