/*
 * The cold-start lexicon: a short list of Russian and Kazakh keyword stems
 * per default section, matched as prefixes of case-folded words.  It
 * classifies when no model is trained yet, and its hits are extra features
 * of the trained models ("lex:<section>").
 */
#include <stdlib.h>
#include <string.h>

#include "kuzet/classify.h"

static const char *const sections[] = {
    "expression", "privacy", "cyber", "law", "courts"};
#define NSEC (sizeof sections / sizeof sections[0])

struct kw {
	const char *stem; /* folded, matched as a prefix */
	unsigned char sec;
};

/* Stems short enough to catch inflections, long enough not to catch
 * unrelated words.  ru first, then kk, per section. */
static const struct kw lexicon[] = {
    /* expression */
    {"блокир", 0},
    {"заблокир", 0},
    {"разблокир", 0},
    {"цензур", 0},
    {"свобод", 0},
    {"журналист", 0},
    {"сми", 0},
    {"vpn", 0},
    {"ddos", 0},
    {"отключени", 0},
    {"аккаунт", 0},
    {"фейк", 0},
    {"недостоверн", 0},
    {"ограничен", 0},
    {"доступ", 0},
    {"бұғатта", 0},
    {"бұғаттал", 0},
    {"цензура", 0},
    {"бостанды", 0},
    {"журналистер", 0},
    {"тілші", 0},
    {"ақпарат", 0},
    {"жалған", 0},
    {"өшірі", 0},
    {"шектеу", 0},
    /* privacy */
    {"персональн", 1},
    {"утечк", 1},
    {"утек", 1},
    {"слив", 1},
    {"биометр", 1},
    {"конфиденц", 1},
    {"паспортн", 1},
    {"иин", 1},
    {"дербес", 1},
    {"деректер", 1},
    {"деректерді", 1},
    {"жеке", 1},
    {"құпиял", 1},
    {"биометрия", 1},
    {"жсн", 1},
    {"таралып", 1},
    /* cyber */
    {"кибер", 2},
    {"хакер", 2},
    {"взлом", 2},
    {"вирус", 2},
    {"фишинг", 2},
    {"мошенни", 2},
    {"вредонос", 2},
    {"атак", 2},
    {"шпион", 2},
    {"уязвим", 2},
    {"инцидент", 2},
    {"киберқауіп", 2},
    {"хакерлер", 2},
    {"шабуыл", 2},
    {"алаяқ", 2},
    {"бұзу", 2},
    {"вирустар", 2},
    {"интернет-алаяқ", 2},
    /* law */
    {"закон", 3},
    {"законопроект", 3},
    {"поправк", 3},
    {"мажилис", 3},
    {"сенат", 3},
    {"указ", 3},
    {"кодекс", 3},
    {"регулирова", 3},
    {"постановлен", 3},
    {"конституц", 3},
    {"заң", 3},
    {"заңжоба", 3},
    {"түзету", 3},
    {"мәжіліс", 3},
    {"сенат", 3},
    {"жарлы", 3},
    {"кодекс", 3},
    {"реттеу", 3},
    {"депутат", 3},
    /* courts */
    {"суд", 4},
    {"приговор", 4},
    {"уголовн", 4},
    {"задержан", 4},
    {"арест", 4},
    {"штраф", 4},
    {"протокол", 4},
    {"обвин", 4},
    {"клевет", 4},
    {"адвокат", 4},
    {"полици", 4},
    {"сот", 4},
    {"үкім", 4},
    {"қылмыст", 4},
    {"айыппұл", 4},
    {"ұстал", 4},
    {"тергеу", 4},
    {"жала", 4},
    {"полиция", 4},
    {"қамау", 4},
};
#define NKW (sizeof lexicon / sizeof lexicon[0])

int
kz_lexicon_match(const char *w, size_t n)
{
	int best = -1;
	size_t best_len = 0;

	if (n < 3)
		return -1;
	for (size_t i = 0; i < NKW; i++) {
		/* cheap first: the first two bytes (every stem has 3+) */
		if (w[0] != lexicon[i].stem[0] || w[1] != lexicon[i].stem[1])
			continue;
		size_t k = strlen(lexicon[i].stem);
		if (k <= n && k > best_len &&
		    memcmp(w, lexicon[i].stem, k) == 0) {
			/* short ASCII stems must be whole words */
			if (k <= 4 && k != n && (unsigned char)w[0] < 0x80)
				continue;
			/* "суд", "сот", "заң", "иин": the word or an
			 * inflection, not a longer unrelated stem (сотовый,
			 * судьба). */
			if (k <= 6 && n > k + 8)
				continue;
			best = lexicon[i].sec;
			best_len = k;
		}
	}
	if (best_len > 0 && best_len <= 6) {
		/* a few known false friends */
		static const char *const stop[] = {"сотов", "сотрудн", "судьб",
		    "сотн", "доступн", "жекелеген"};
		for (size_t i = 0; i < sizeof stop / sizeof stop[0]; i++) {
			size_t k = strlen(stop[i]);
			if (k <= n && memcmp(w, stop[i], k) == 0)
				return -1;
		}
	}
	return best;
}

const char *
kz_lexicon_section_id(size_t i)
{
	return i < NSEC ? sections[i] : NULL;
}

size_t
kz_lexicon_nsections(void)
{
	return NSEC;
}

static int
is_word_byte(unsigned char c)
{
	return c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	    c == '-';
}

static void
scan(const char *s, double *hits, struct kz_cls_result *out)
{
	char *f;
	size_t n, i = 0;

	if (s == NULL || s[0] == '\0')
		return;
	n = strlen(s);
	if (n > KZ_CLS_TEXT_MAX_BYTES)
		n = KZ_CLS_TEXT_MAX_BYTES;
	f = kz_utf8_fold(s, n);
	n = strlen(f);
	while (i < n) {
		size_t j;
		/* skip separators, including UTF-8 punctuation (« » — …) */
		while (i < n && !is_word_byte((unsigned char)f[i]))
			i++;
		j = i;
		while (j < n && is_word_byte((unsigned char)f[j])) {
			uint32_t cp;
			size_t l = kz_utf8_decode(f + j, n - j, &cp);
			if (l == 0)
				break;
			if (cp == 0xAB || cp == 0xBB ||
			    (cp >= 0x2010 && cp <= 0x206F) || cp == 0xA0)
				break;
			j += l;
		}
		if (j == i) {
			i++;
			continue;
		}
		int sec = kz_lexicon_match(f + i, j - i);
		if (sec >= 0) {
			hits[sec] += 1;
			size_t t;
			for (t = 0; t < out->nterms; t++)
				if (strncmp(out->terms[t].text, f + i,
				        KZ_CLS_TERM_BYTES - 1) == 0 &&
				    strlen(out->terms[t].text) == j - i)
					break;
			if (t == out->nterms && t < KZ_CLS_TERMS_MAX &&
			    j - i < KZ_CLS_TERM_BYTES) {
				memcpy(out->terms[t].text, f + i, j - i);
				out->terms[t].text[j - i] = '\0';
				out->terms[t].weight = 0;
				out->nterms++;
			}
			if (t < out->nterms)
				out->terms[t].weight += 1;
		}
		i = j;
	}
	free(f);
}

void
kz_lexicon_classify(
    const char *title, const char *text, struct kz_cls_result *out)
{
	double hits[NSEC] = {0}, total = 0, best = 0;
	size_t label = NSEC;

	memset(out, 0, sizeof *out);
	out->lang = -1;
	out->nlabels = NSEC + 1;
	scan(title, hits, out);
	/* the title counts twice */
	for (size_t i = 0; i < NSEC; i++)
		hits[i] *= 2;
	scan(text, hits, out);
	for (size_t i = 0; i < NSEC; i++) {
		total += hits[i];
		if (hits[i] > best) {
			best = hits[i];
			label = i;
		}
	}
	/* relevance grows with the hits: 1 hit 0.40, 2 hits 0.57, 6 0.80;
	 * a title hit counts twice */
	out->relevance = 1.0 - 1.0 / (1.0 + total / 1.5);
	if (out->relevance < 0.5)
		label = NSEC;
	for (size_t i = 0; i < NSEC; i++) {
		out->margin[i] = hits[i];
		out->score[i] =
		    total > 0 ? out->relevance * hits[i] / total : 0;
	}
	out->score[NSEC] = 1.0 - out->relevance;
	out->margin[NSEC] = 0;
	out->label = label;
	/* strongest first */
	for (size_t a = 1; a < out->nterms; a++)
		for (size_t b = a;
		     b > 0 && out->terms[b].weight > out->terms[b - 1].weight;
		     b--) {
			struct kz_cls_term t = out->terms[b];
			out->terms[b] = out->terms[b - 1];
			out->terms[b - 1] = t;
		}
}
