/*
 * Dates and periods in Russian, Kazakh and English text, and a language
 * guess for short texts (include/kuzet/text.h).
 *
 * Text is cut into tokens (numbers, month names, year words such as "года"
 * or "жылғы", dashes, punctuation, other words) and the forms of text.h are
 * matched over the tokens, so "26\u00a0сентября", "26 сентября," and
 * "26 сентября 2025 г." all read the same.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kuzet/base.h"
#include "kuzet/incident.h"
#include "kuzet/text.h"

/* ---- letters ---- */

/* Lower-case one code point: ASCII, Cyrillic incl. Kazakh; ё -> е. */
static inline uint32_t
fold_cp(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if (c < 0x400 || c > 0x52f)
		return c;
	if (c >= 0x410 && c <= 0x42f)
		return c + 0x20;
	if (c >= 0x400 && c <= 0x40f)
		c += 0x50;
	if (c == 0x451)
		return 0x435;
	if ((c >= 0x460 && c <= 0x4bf) || (c >= 0x4d0 && c <= 0x52f))
		return c | 1;
	if (c == 0x4c0)
		return 0x4cf;
	if (c >= 0x4c1 && c <= 0x4ce && (c & 1))
		return c + 1;
	return c;
}

static inline int
is_letter(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= 0xc0 && c <= 0x24f && c != 0xd7 && c != 0xf7) ||
	    (c >= 0x400 && c <= 0x52f);
}

static int
is_cyrillic(uint32_t c)
{
	return c >= 0x400 && c <= 0x52f;
}

static int
is_latin(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= 0xc0 && c <= 0x24f && c != 0xd7 && c != 0xf7);
}

/* ә ғ қ ң ө ұ ү һ і in either case. */
static int
is_kazakh_only(uint32_t c)
{
	return kz_cp_kazakh(fold_cp(c));
}

static int
is_space_cp(uint32_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v' || c == 0xa0 || (c >= 0x2000 && c <= 0x200b) ||
	    c == 0x202f || c == 0x205f || c == 0x3000 || c == 0xfeff;
}

static int
is_dash_cp(uint32_t c)
{
	return c == '-' || (c >= 0x2010 && c <= 0x2015) || c == 0x2212;
}

/* Decode at p (n > 0), treating a bad byte as a one-byte code point
 * U+FFFD.  ASCII and two-byte sequences (Cyrillic) are decoded here. */
static inline size_t
next_cp(const char *p, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t k;

	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if (u[0] >= 0xC2 && u[0] <= 0xDF && n >= 2 && (u[1] & 0xC0) == 0x80) {
		*cp = (uint32_t)(u[0] & 0x1F) << 6 | (u[1] & 0x3F);
		return 2;
	}
	k = kz_utf8_decode(p, n, cp);

	if (k == 0) {
		*cp = 0xfffd;
		k = 1;
	}
	return k;
}

/*
 * The word (run of letters) at the start of p: its byte length, and its
 * lower-cased UTF-8 in out (NUL-terminated, length in *outlen) when it
 * fits in outsz, else out is "".
 */
static size_t
word_at(const char *p, size_t n, char *out, size_t outsz, size_t *outlen)
{
	size_t i = 0, o = 0;
	int fits = 1;

	while (i < n) {
		uint32_t c;
		size_t k = next_cp(p + i, n - i, &c);
		char enc[4];
		size_t el;

		if (!is_letter(c))
			break;
		i += k;
		c = fold_cp(c);
		el = c < 0x80 ? 1 : c < 0x800 ? 2 : kz_utf8_encode(c, enc);
		if (!fits || o + el >= outsz) {
			fits = 0;
		} else if (el == 1) {
			out[o++] = (char)c;
		} else if (el == 2) {
			out[o++] = (char)(0xC0 | c >> 6);
			out[o++] = (char)(0x80 | (c & 0x3F));
		} else {
			memcpy(out + o, enc, el);
			o += el;
		}
	}
	if (!fits)
		o = 0;
	if (outsz > 0)
		out[o] = '\0';
	*outlen = o;
	return i;
}

/* ---- month names ---- */

/* Russian stems with their ending classes. */
enum { END_SOFT, END_HARD, END_MAY };

static const struct {
	const char *stem;
	int month;
	int cls;
} ru_stems[] = {
    {"январ", 1, END_SOFT},
    {"феврал", 2, END_SOFT},
    {"март", 3, END_HARD},
    {"апрел", 4, END_SOFT},
    {"ма", 5, END_MAY},
    {"июн", 6, END_SOFT},
    {"июл", 7, END_SOFT},
    {"август", 8, END_HARD},
    {"сентябр", 9, END_SOFT},
    {"октябр", 10, END_SOFT},
    {"ноябр", 11, END_SOFT},
    {"декабр", 12, END_SOFT},
};

static const char *const ru_endings[][7] = {
    /* END_SOFT: январь января январе январю январём/январем */
    {"ь", "я", "е", "ю", "ем", NULL, NULL},
    /* END_HARD: март марта марте марту мартом */
    {"", "а", "е", "у", "ом", NULL, NULL},
    /* END_MAY: май мая мае маю маем */
    {"й", "я", "е", "ю", "ем", NULL, NULL},
};

/* Whole-word abbreviations, Russian and English. */
static const struct {
	const char *word;
	int month;
} abbrevs[] = {
    {"янв", 1},
    {"фев", 2},
    {"февр", 2},
    {"мар", 3},
    {"апр", 4},
    {"июн", 6},
    {"июл", 7},
    {"авг", 8},
    {"сен", 9},
    {"сент", 9},
    {"окт", 10},
    {"ноя", 11},
    {"нояб", 11},
    {"дек", 12},
    {"january", 1},
    {"february", 2},
    {"march", 3},
    {"april", 4},
    {"may", 5},
    {"june", 6},
    {"july", 7},
    {"august", 8},
    {"september", 9},
    {"october", 10},
    {"november", 11},
    {"december", 12},
    {"jan", 1},
    {"feb", 2},
    {"mar", 3},
    {"apr", 4},
    {"jun", 6},
    {"jul", 7},
    {"aug", 8},
    {"sep", 9},
    {"sept", 9},
    {"oct", 10},
    {"nov", 11},
    {"dec", 12},
};

/* Kazakh month stems; "қыркүйег" is қыркүйек before a vowel suffix. */
static const struct {
	const char *stem;
	int month;
	int need_suffix;
} kk_stems[] = {
    {"қаңтар", 1, 0},
    {"ақпан", 2, 0},
    {"наурыз", 3, 0},
    {"сәуір", 4, 0},
    {"мамыр", 5, 0},
    {"маусым", 6, 0},
    {"шілде", 7, 0},
    {"тамыз", 8, 0},
    {"қыркүйек", 9, 0},
    {"қыркүйег", 9, 1},
    {"қазан", 10, 0},
    {"қараша", 11, 0},
    {"желтоқсан", 12, 0},
};

/* Case and possessive endings a Kazakh month name may carry (harmony is
 * not checked: any ending after any stem). */
static const char *const kk_suffixes[] = {"ы", "і", "сы", "сі", "да", "де",
    "та", "те", "нда", "нде", "дан", "ден", "тан", "тен", "нан", "нен", "ға",
    "ге", "қа", "ке", "на", "не", "ның", "нің", "дың", "дің", "тың", "тің",
    "ды", "ді", "ты", "ті", "ны", "ні", "мен", "бен", "пен", "дағы", "дегі",
    "тағы", "тегі", "ндағы", "ндегі", "ғы", "гі", "қы", "кі", "ында", "інде",
    "ынан", "інен", "ына", "іне", "ын", "ін", "сында", "сінде", "сынан",
    "сінен", "сына", "сіне", "сын", "сін", "ындағы", "індегі", "сындағы",
    "сіндегі"};

/* Year and range words (tokens below). */
static const char *const ru_year[] = {
    "год", "года", "году", "годом", "г", "гг"};
static const char *const kk_year[] = {"жылғы", "жыл", "жылы", "ж", "жылдың"};
static const char *const range_words[] = {
    "по", "до", "to", "until", "till", "through"};

enum tok_type {
	T_NUM, /* digits: val, nd */
	T_MONTH, /* val = month, latin = English name */
	T_YEAR_RU, /* год, года, году, годом, г */
	T_YEAR_KK, /* жылғы, жыл, жылы, ж */
	T_RANGE, /* по, до, to, until, till, through */
	T_WORD, /* any other word */
	T_DASH,
	T_COMMA,
	T_DOT,
	T_ISO, /* YYYY-MM-DD: iso */
	T_OTHER
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Every word with a meaning here, each written out (abbreviations, Russian
 * stems with each of their endings, Kazakh stems bare and with each
 * suffix, year and range words) in one hash table built once, so a word of
 * the text costs one lookup.  A form made twice keeps its first meaning:
 * months first, in the order of the lists above.
 */
#define FORMS_MAX                                                              \
	(NELEM(abbrevs) + NELEM(ru_stems) * NELEM(ru_endings[0]) +             \
	    NELEM(kk_stems) * (1 + NELEM(kk_suffixes)) + NELEM(ru_year) +      \
	    NELEM(kk_year) + NELEM(range_words))
#define FORM_SLOTS 4096 /* a power of two, over twice FORMS_MAX */
#define FORM_MAX_BYTES 40 /* the longest form is 30 bytes */

struct form {
	char w[FORM_MAX_BYTES];
	uint8_t len;
	uint8_t type; /* enum tok_type */
	uint8_t month;
};

static struct {
	struct form v[FORMS_MAX];
	uint16_t slot[FORM_SLOTS]; /* index in v + 1; 0: empty */
	size_t n;
} forms;
static pthread_once_t forms_once = PTHREAD_ONCE_INIT;

_Static_assert(FORM_SLOTS >= 2 * FORMS_MAX, "form table too full");

/* FNV-1a */
static uint32_t
form_hash(const char *w, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)w[i]) * 16777619u;
	return h;
}

static const struct form *
form_find(const char *w, size_t n)
{
	uint32_t h = form_hash(w, n) & (FORM_SLOTS - 1);

	for (; forms.slot[h] != 0; h = (h + 1) & (FORM_SLOTS - 1)) {
		const struct form *f = &forms.v[forms.slot[h] - 1];
		if (f->len == n && memcmp(f->w, w, n) == 0)
			return f;
	}
	return NULL;
}

static void
form_add(const char *stem, const char *end, enum tok_type type, int month)
{
	size_t ls = strlen(stem), le = strlen(end);
	struct form *f;
	uint32_t h;

	if (ls + le >= FORM_MAX_BYTES || forms.n >= FORMS_MAX)
		abort(); /* the lists above outgrew the table */
	f = &forms.v[forms.n];
	memcpy(f->w, stem, ls);
	memcpy(f->w + ls, end, le);
	if (form_find(f->w, ls + le) != NULL)
		return;
	f->len = (uint8_t)(ls + le);
	f->type = (uint8_t)type;
	f->month = (uint8_t)month;
	h = form_hash(f->w, f->len) & (FORM_SLOTS - 1);
	while (forms.slot[h] != 0)
		h = (h + 1) & (FORM_SLOTS - 1);
	forms.slot[h] = (uint16_t)(++forms.n);
}

static void
forms_build(void)
{
	size_t i, j;

	for (i = 0; i < NELEM(abbrevs); i++)
		form_add(abbrevs[i].word, "", T_MONTH, abbrevs[i].month);
	for (i = 0; i < NELEM(ru_stems); i++)
		for (j = 0; j < NELEM(ru_endings[0]) &&
		     ru_endings[ru_stems[i].cls][j] != NULL;
		     j++)
			form_add(ru_stems[i].stem,
			    ru_endings[ru_stems[i].cls][j], T_MONTH,
			    ru_stems[i].month);
	for (i = 0; i < NELEM(kk_stems); i++) {
		if (!kk_stems[i].need_suffix)
			form_add(
			    kk_stems[i].stem, "", T_MONTH, kk_stems[i].month);
		for (j = 0; j < NELEM(kk_suffixes); j++)
			form_add(kk_stems[i].stem, kk_suffixes[j], T_MONTH,
			    kk_stems[i].month);
	}
	for (i = 0; i < NELEM(ru_year); i++)
		form_add(ru_year[i], "", T_YEAR_RU, 0);
	for (i = 0; i < NELEM(kk_year); i++)
		form_add(kk_year[i], "", T_YEAR_KK, 0);
	for (i = 0; i < NELEM(range_words); i++)
		form_add(range_words[i], "", T_RANGE, 0);
}

/* Type of the lower-cased whole word w[0..n) (T_WORD when it has no
 * meaning here) and its month (T_MONTH) in *month, else 0. */
static enum tok_type
word_type(const char *w, size_t n, int *month)
{
	const struct form *f;

	pthread_once(&forms_once, forms_build);
	f = n > 0 ? form_find(w, n) : NULL;
	*month = f != NULL ? f->month : 0;
	return f != NULL ? (enum tok_type)f->type : T_WORD;
}

int
kz_month_parse(const char *p, size_t n, size_t *len)
{
	char w[96];
	size_t k, wl;
	int m;

	if (p == NULL || n == 0)
		return 0;
	k = word_at(p, n, w, sizeof w, &wl);
	if (k == 0 || word_type(w, wl, &m) != T_MONTH)
		return 0;
	if (len != NULL)
		*len = k;
	return m;
}

/* ---- tokens ---- */

struct tok {
	enum tok_type type;
	int val;
	int nd;
	int latin;
	struct kz_date iso;
};

struct toks {
	struct tok *v;
	size_t n, cap;
};

static void
tok_push(struct toks *t, struct tok k)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->v = kz_xreallocarray(t->v, t->cap, sizeof *t->v);
	}
	t->v[t->n++] = k;
}

static int
is_digit_byte(const char *p, size_t n, size_t i)
{
	return i < n && p[i] >= '0' && p[i] <= '9';
}

static void
tokenize(const char *p, size_t n, struct toks *t)
{
	size_t i = 0;

	while (i < n) {
		uint32_t c;
		size_t k = next_cp(p + i, n - i, &c);
		struct tok tk;

		memset(&tk, 0, sizeof tk);
		if (is_space_cp(c)) {
			i += k;
			continue;
		}
		if (c >= '0' && c <= '9') {
			size_t j = i;
			long v = 0;

			while (j < n && p[j] >= '0' && p[j] <= '9') {
				if (v < 100000000)
					v = v * 10 + (p[j] - '0');
				j++;
			}
			/* YYYY-MM-DD (not part of a longer number) */
			if (j - i == 4 && j + 5 < n && p[j] == '-' &&
			    is_digit_byte(p, n, j + 1) &&
			    is_digit_byte(p, n, j + 2) && p[j + 3] == '-' &&
			    is_digit_byte(p, n, j + 4) &&
			    is_digit_byte(p, n, j + 5) &&
			    !is_digit_byte(p, n, j + 6)) {
				tk.type = T_ISO;
				tk.iso.y = (int)v;
				tk.iso.m =
				    (p[j + 1] - '0') * 10 + p[j + 2] - '0';
				tk.iso.d =
				    (p[j + 4] - '0') * 10 + p[j + 5] - '0';
				tok_push(t, tk);
				i = j + 6;
				continue;
			}
			tk.type = T_NUM;
			tk.val = (int)v;
			tk.nd = (int)(j - i);
			tok_push(t, tk);
			i = j;
			continue;
		}
		if (is_letter(c)) {
			char w[96];
			size_t ol, wl = word_at(p + i, n - i, w, sizeof w, &ol);

			tk.type = word_type(w, ol, &tk.val);
			tk.latin = is_latin(c);
			tok_push(t, tk);
			i += wl;
			continue;
		}
		if (is_dash_cp(c))
			tk.type = T_DASH;
		else if (c == ',')
			tk.type = T_COMMA;
		else if (c == '.')
			tk.type = T_DOT;
		else
			tk.type = T_OTHER;
		tok_push(t, tk);
		i += k;
	}
}

/* ---- forms ---- */

/* One side of a period, or a date: y/d are 0 when not written. */
struct side {
	int y, m, d;
};

static int
is_year4(const struct tok *k)
{
	return k->type == T_NUM && k->nd == 4 && k->val >= 1900 &&
	    k->val <= 2199;
}

static int
is_day(const struct tok *k)
{
	return k->type == T_NUM && k->nd <= 2 && k->val >= 1 && k->val <= 31;
}

/* Skip a year word after a year ("года", "г.", "ж."); returns the index
 * after it. */
static size_t
skip_year_word(const struct toks *t, size_t i, enum tok_type type)
{
	if (i < t->n && t->v[i].type == type) {
		i++;
		if (i < t->n && t->v[i].type == T_DOT)
			i++;
	}
	return i;
}

/*
 * Parse a date or month at token i: "2025 жылғы [1] тамыз", "[1] августа
 * [2025] [года]", "August [1,] 2025", "2025-08-01".  Two-digit years after
 * a month are accepted when yy is set ("август 25").  On success fills *s
 * and *next and returns 1.
 */
static int
parse_side(const struct toks *t, size_t i, int yy, struct side *s, size_t *next)
{
	const struct tok *v = t->v;
	size_t j;

	memset(s, 0, sizeof *s);
	if (i >= t->n)
		return 0;
	if (v[i].type == T_ISO) {
		s->y = v[i].iso.y;
		s->m = v[i].iso.m;
		s->d = v[i].iso.d;
		*next = i + 1;
		return s->m >= 1 && s->m <= 12 && s->d >= 1;
	}
	/* Kazakh: 2025 жылғы [26] қыркүйек */
	if (is_year4(&v[i]) && i + 1 < t->n && v[i + 1].type == T_YEAR_KK) {
		j = skip_year_word(t, i + 1, T_YEAR_KK);
		if (j < t->n && is_day(&v[j]) && j + 1 < t->n &&
		    v[j + 1].type == T_MONTH) {
			s->y = v[i].val;
			s->d = v[j].val;
			s->m = v[j + 1].val;
			*next = j + 2;
			return 1;
		}
		if (j < t->n && v[j].type == T_MONTH) {
			s->y = v[i].val;
			s->m = v[j].val;
			*next = j + 1;
			return 1;
		}
		return 0;
	}
	/* English: September 26[,] [2025] */
	if (v[i].type == T_MONTH && v[i].latin && i + 1 < t->n &&
	    is_day(&v[i + 1])) {
		j = i + 2;
		if (j < t->n && v[j].type == T_COMMA)
			j++;
		if (j < t->n && is_year4(&v[j])) {
			s->y = v[j].val;
			j++;
		} else if (yy) {
			/* in a period "August 25" is a month and a year */
			goto month_first;
		} else {
			j = i + 2;
		}
		s->m = v[i].val;
		s->d = v[i + 1].val;
		*next = j;
		return 1;
	}
month_first:
	/* [26] сентября [2025] [года] */
	j = i;
	if (is_day(&v[j]) && j + 1 < t->n && v[j + 1].type == T_MONTH) {
		s->d = v[j].val;
		j++;
	}
	if (v[j].type != T_MONTH)
		return 0;
	s->m = v[j].val;
	j++;
	if (j < t->n && is_year4(&v[j])) {
		s->y = v[j].val;
		j = skip_year_word(t, j + 1, T_YEAR_RU);
	} else if (yy && j < t->n && v[j].type == T_NUM && v[j].nd == 2) {
		s->y = 2000 + v[j].val;
		j = skip_year_word(t, j + 1, T_YEAR_RU);
	}
	*next = j;
	return 1;
}

static int
date_ok(struct kz_date d)
{
	return d.y >= 1 && d.m >= 1 && d.m <= 12 && d.d >= 1 &&
	    d.d <= kz_date_days_in_month(d.y, d.m);
}

static int
side_cmp(const struct side *a, const struct side *b)
{
	if (a->m != b->m)
		return a->m < b->m ? -1 : 1;
	if (a->d != b->d && a->d != 0 && b->d != 0)
		return a->d < b->d ? -1 : 1;
	return 0;
}

/* Combine two sides into a period; 1 if it makes one. */
static int
make_period(
    struct side a, struct side b, struct kz_date *from, struct kz_date *to)
{
	struct kz_date f, e;

	if (a.y == 0 && b.y == 0)
		return 0;
	if (a.y == 0)
		a.y = side_cmp(&a, &b) > 0 ? b.y - 1 : b.y;
	if (b.y == 0)
		b.y = side_cmp(&a, &b) > 0 ? a.y + 1 : a.y;
	f.y = a.y;
	f.m = a.m;
	f.d = a.d ? a.d : 1;
	e.y = b.y;
	e.m = b.m;
	if (e.y < 1 || e.y > 9999 || e.m < 1 || e.m > 12)
		return 0;
	e.d = b.d ? b.d : kz_date_days_in_month(e.y, e.m);
	if (!date_ok(f) || !date_ok(e) || kz_date_cmp(f, e) > 0)
		return 0;
	*from = f;
	*to = e;
	return 1;
}

int
kz_period_find(
    const char *text, size_t n, struct kz_date *from, struct kz_date *to)
{
	struct toks t = {NULL, 0, 0};
	struct kz_date f, e, single_f = {0, 0, 0}, single_e = {0, 0, 0};
	size_t i;
	int found = 0;

	if (text == NULL || n == 0)
		return 0;
	tokenize(text, n, &t);
	for (i = 0; i < t.n && !found; i++) {
		struct side a, b;
		size_t j, k;
		int ranged;

		if (!parse_side(&t, i, 1, &a, &j))
			continue;
		ranged = j < t.n &&
		    (t.v[j].type == T_DASH || t.v[j].type == T_RANGE);
		if (ranged && parse_side(&t, j + 1, 1, &b, &k)) {
			if (make_period(a, b, &f, &e)) {
				found = 1;
				break;
			}
			j = k; /* a bad range is not two single months */
		}
		/* A single month with a year: the whole month. */
		if (!ranged && single_f.y == 0 && a.d == 0 && a.y != 0 &&
		    make_period(a, a, &f, &e)) {
			single_f = f;
			single_e = e;
		}
		/* go on after this side, not inside it ("31 февраля 2025 –
		 * ..." is no period from "февраля 2025") */
		i = j - 1;
	}
	free(t.v);
	if (!found && single_f.y != 0) {
		f = single_f;
		e = single_e;
		found = 1;
	}
	if (found) {
		*from = f;
		*to = e;
	}
	return found;
}

/* The year that puts m/d inside [from, to], or 0. */
static int
year_in_period(int m, int d, struct kz_date from, struct kz_date to)
{
	int y;

	for (y = from.y; y <= to.y && y >= 1; y++) {
		struct kz_date dt = {y, m, d};

		if (date_ok(dt) && kz_date_cmp(dt, from) >= 0 &&
		    kz_date_cmp(dt, to) <= 0)
			return y;
	}
	return 0;
}

int
kz_date_find(const char *text, size_t n, struct kz_date from, struct kz_date to,
    struct kz_date *out)
{
	struct toks t = {NULL, 0, 0};
	int have_period = from.y != 0 && to.y != 0;
	size_t i;
	int found = 0;

	if (text == NULL || n == 0)
		return 0;
	tokenize(text, n, &t);
	for (i = 0; i < t.n && !found; i++) {
		struct side s;
		struct kz_date dt;
		size_t j;

		/* "1–3 декабря": the first day of a day range */
		if (is_day(&t.v[i]) && i + 3 < t.n &&
		    t.v[i + 1].type == T_DASH && is_day(&t.v[i + 2]) &&
		    t.v[i + 3].type == T_MONTH) {
			if (!parse_side(&t, i + 2, 0, &s, &j))
				continue;
			s.d = t.v[i].val;
		} else if (!parse_side(&t, i, 0, &s, &j)) {
			continue;
		}
		if (s.d == 0)
			continue;
		dt.m = s.m;
		dt.d = s.d;
		if (s.y != 0) {
			dt.y = s.y;
			if (!date_ok(dt))
				continue;
			if (have_period &&
			    (kz_date_cmp(dt, from) < 0 ||
			        kz_date_cmp(dt, to) > 0))
				continue;
		} else {
			if (!have_period)
				continue;
			dt.y = year_in_period(s.m, s.d, from, to);
			if (dt.y == 0)
				continue;
		}
		*out = dt;
		found = 1;
	}
	free(t.v);
	return found;
}

/* ---- language ---- */

enum kz_lang
kz_lang_guess(const char *p, size_t n)
{
	size_t i = 0, cyr = 0, lat = 0, kk = 0;

	while (p != NULL && i < n) {
		uint32_t c;

		i += next_cp(p + i, n - i, &c);
		if (is_cyrillic(c)) {
			cyr++;
			if (is_kazakh_only(c))
				kk++;
		} else if (is_latin(c)) {
			lat++;
		}
	}
	if (lat > cyr)
		return KZ_LANG_EN;
	/* One Kazakh name in a Russian paragraph is not Kazakh text: the
	 * Kazakh-only letters must be at least 2% of the Cyrillic ones (they
	 * are 5-10% of running Kazakh text). */
	if (kk > 0 && kk * 50 >= cyr)
		return KZ_LANG_KK;
	return KZ_LANG_RU;
}
