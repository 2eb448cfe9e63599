/* Tokens, stems and language identification (nlp.h). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kuzet/base.h"
#include "kuzet/limits.h"
#include "kuzet/nlp.h"

/* ---- tokenizer ---- */

struct toks {
	char s[4096]; /* "kind:text|kind:text|" */
	size_t n, count, bytes;
	int stop_after;
};

static kz_rc
collect(void *ctx, const struct kz_token *t)
{
	static const char kinds[] = "wnuh#";
	struct toks *k = ctx;
	int w = snprintf(k->s + k->n, sizeof(k->s) - k->n, "%c%s:%.*s|",
	    kinds[t->kind], t->cyrillic ? "c" : "", (int)t->n, t->p);
	if (w > 0 && (size_t)w < sizeof(k->s) - k->n)
		k->n += (size_t)w;
	k->count++;
	if (k->stop_after && k->count == (size_t)k->stop_after)
		return KZ_ELIMIT;
	return KZ_OK;
}

static void
test_tokenize_cases(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
	    {"", ""},
	    {"Hello, World!", "w:hello|w:world|"},
	    {"Свобода СЛОВА", "wc:свобода|wc:слова|"},
	    {"Ёлка, ЁЖИК и ещё", "wc:елка|wc:ежик|wc:и|wc:еще|"},
	    {"ҚАЗАҚСТАН Әділет ҰЛТТЫҚ Һ Ііі",
	        "wc:қазақстан|wc:әділет|wc:ұлттық|wc:һ|wc:ііі|"},
	    {"Telegram-каналы и YouTube", "wc:telegram-каналы|wc:и|w:youtube|"},
	    {"«Қазақстан» — “news”", "wc:қазақстан|w:news|"},
	    {"ﬁnance ＡＢＣ１２３", "w:finance|w:abc123|"},
	    {"е\xcc\x88ж и\xcc\x86", "wc:еж|wc:й|"},
	    {"see https://example.kz/a?b=1. now",
	        "w:see|u:https://example.kz/a?b=1|w:now|"},
	    {"(www.gov.kz/ru/news), ok", "u:www.gov.kz/ru/news|w:ok|"},
	    {"http://x.kz/path_(1)) end", "u:http://x.kz/path_(1)|w:end|"},
	    {"сайт https://сайт.kz/жаңа", "wc:сайт|u:https://сайт.kz/жаңа|"},
	    {"@Kaz_News и #ДДоС #kz2025",
	        "h:@kaz_news|wc:и|#c:#ддос|#:#kz2025|"},
	    {"mail user@mail.kz", "w:mail|w:user|w:mail|w:kz|"},
	    {"@ # @@ ##", ""},
	    {"3,14 1.000.000 2023-жылы 50%",
	        "n:3,14|n:1.000.000|n:2023|wc:жылы|n:50|"},
	    {"5G и COVID-19, 10.", "w:5g|wc:и|w:covid|n:19|n:10|"},
	    {"don’t O'Brien 'quoted'", "w:don't|w:o'brien|w:quoted|"},
	    {"интернет-ресурс -дефис- a--b",
	        "wc:интернет-ресурс|wc:дефис|w:a|w:b|"},
	    {"bad\xff\xfe"
	     "bytes \xc3 x\xe2\x82",
	        "w:bad|w:bytes|w:x|"},
	    {"soft\xc2\xadhyphen zero\xe2\x80\x8bwidth",
	        "w:softhyphen|w:zerowidth|"},
	    {"нбсп\xc2\xa0раздел 100\xe2\x82\xb8", "wc:нбсп|wc:раздел|n:100|"},
	    {"Straße İstanbul", "w:strasse|w:i\xcc\x87stanbul|"},
	    {"tab\tnew\nline\r\n", "w:tab|w:new|w:line|"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct toks k = {0};
		assert_int_equal(
		    kz_tokenize(cases[i].in, strlen(cases[i].in), collect, &k),
		    KZ_OK);
		if (strcmp(k.s, cases[i].want) != 0)
			fail_msg("case %zu \"%s\":\n got  %s\n want %s", i,
			    cases[i].in, k.s, cases[i].want);
	}
}

static void
test_tokenize_stops_on_callback_error(void **state)
{
	struct toks k = {0};
	const char *in = "one two three four";

	(void)state;
	k.stop_after = 2;
	assert_int_equal(kz_tokenize(in, strlen(in), collect, &k), KZ_ELIMIT);
	assert_int_equal(k.count, 2);
}

static kz_rc
check_tok(void *ctx, const struct kz_token *t)
{
	struct toks *k = ctx;
	assert_true(t->n > 0 && t->n <= KZ_TOKEN_MAX_BYTES);
	assert_true(kz_utf8_valid(t->p, t->n, NULL));
	k->count++;
	k->bytes += t->n;
	return KZ_OK;
}

static void
test_tokenize_long_word_is_cut(void **state)
{
	size_t n = 10000;
	char *in = malloc(n);
	struct toks k = {0};

	(void)state;
	assert_non_null(in);
	for (size_t i = 0; i + 1 < n; i += 2)
		memcpy(in + i, "ж", 2); /* one 10 KB word */
	assert_int_equal(kz_tokenize(in, n, check_tok, &k), KZ_OK);
	assert_int_equal(k.count, 1);
	assert_true(k.bytes <= KZ_TOKEN_MAX_BYTES && k.bytes >= 250);
	free(in);
}

/* ---- token spans (kz_tokenize_spans) ---- */

struct spans {
	const char *in;
	char s[4096]; /* "text@start-end|" */
	size_t n, count;
	size_t last_start;
};

static kz_rc
collect_span(void *ctx, const struct kz_token *t)
{
	struct spans *k = ctx;
	size_t len = strlen(k->in);
	assert_true(t->start < t->end);
	assert_true(t->end <= len);
	assert_true(t->start >= k->last_start); /* in order */
	k->last_start = t->start;
	int w = snprintf(k->s + k->n, sizeof(k->s) - k->n, "%.*s@%zu-%zu|",
	    (int)t->n, t->p, t->start, t->end);
	if (w > 0 && (size_t)w < sizeof(k->s) - k->n)
		k->n += (size_t)w;
	k->count++;
	return KZ_OK;
}

static void
test_tokenize_spans_cases(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
	    {"", ""},
	    {"Блокировка сайта", "блокировка@0-20|сайта@21-31|"},
	    /* ё -> е keeps the span of the original letter */
	    {"Ёлки, ёж!", "елки@0-8|еж@10-14|"},
	    /* Kazakh letters, a URL and a hashtag */
	    {"Сайт бұғатталды: https://x.kz/a. #Күзет",
	        "сайт@0-8|бұғатталды@9-29|https://x.kz/a@31-45|#күзет@47-58|"},
	    /* a soft hyphen inside a word is dropped; the span covers it */
	    {"бло\xc2\xad"
	     "кировка",
	        "блокировка@0-22|"},
	    /* a combining acute composes with its base (slow path) */
	    {"cafe\xcc\x81 ok", "café@0-6|ok@7-9|"},
	    /* fullwidth letters (NFKC) and a ligature */
	    {"\xef\xbc\xa1\xef\xbc\xa2 \xef\xac\x81nd", "ab@0-6|find@7-12|"},
	    /* invalid bytes separate tokens */
	    {"abc\xff"
	     "def\xc3",
	        "abc@0-3|def@4-7|"},
	    /* one character, four words: each gets its span */
	    {"\xef\xb7\xba x", "صلى@0-3|الله@0-3|عليه@0-3|وسلم@0-3|x@4-5|"},
	    /* mixed scripts in one text */
	    {"iPhone-ы және Telegram",
	        "iphone-ы@0-9|және@10-18|telegram@19-27|"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct spans k = {.in = cases[i].in};
		assert_int_equal(kz_tokenize_spans(cases[i].in,
		                     strlen(cases[i].in), collect_span, &k),
		    KZ_OK);
		if (strcmp(k.s, cases[i].want) != 0)
			fail_msg("case %zu: got '%s', want '%s'", i, k.s,
			    cases[i].want);
	}
}

/* Same tokens as kz_tokenize; the span of a cut token covers all of it. */
static kz_rc
collect_plain(void *ctx, const struct kz_token *t)
{
	return collect(ctx, t);
}

static kz_rc
collect_spanned(void *ctx, const struct kz_token *t)
{
	assert_true(t->start < t->end);
	return collect(ctx, t);
}

static void
test_tokenize_spans_match_tokens(void **state)
{
	static const char *const in[] = {
	    "Суд оштрафовал блогера @aidos_s за пост #свободаслова 3,5 млн ₸",
	    "Ақпарат министрлігі 2023-жылы 15 сайтты бұғаттады https://a.kz/x)",
	    "Ｆｕｌｌｗｉｄｔｈ ﬁnance é\xcc\x81 Ǆ 東京 ١٢٣",
	    "e\xcc\x81\xcc\x81\xcc\x81 Ω\xcd\x82 ᄀ\xe1\x85\xa1\xe1\x86\xa8",
	};
	(void)state;
	for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
		struct toks a = {0}, b = {0};
		assert_int_equal(
		    kz_tokenize(in[i], strlen(in[i]), collect_plain, &a),
		    KZ_OK);
		assert_int_equal(kz_tokenize_spans(
		                     in[i], strlen(in[i]), collect_spanned, &b),
		    KZ_OK);
		assert_string_equal(a.s, b.s);
	}
	size_t n = 3000;
	char *w = malloc(n + 3);
	assert_non_null(w);
	for (size_t i = 0; i < n; i += 2)
		memcpy(w + i, "ж", 2);
	memcpy(w + n, " a", 3);
	struct spans k = {.in = w};
	assert_int_equal(kz_tokenize_spans(w, n + 2, collect_span, &k), KZ_OK);
	assert_int_equal(k.count, 2);
	assert_non_null(strstr(k.s, "@0-3000|a@3001-3002|"));
	free(w);
}

/* Random bytes: spans stay inside the input, in order. */
static void
test_tokenize_spans_random_bytes(void **state)
{
	static const char alpha[][5] = {"a", " ", "ж", "ә", "\xcc\x81", "\xff",
	    "\xc2\xad", "-", "'", "#", "@", "1", ",", "\xe2\x80\x8b", "東", "ﬁ",
	    "Ω", "h", "w", ".", "\xf0\x9f\x98\x80", "\xc3", "\xef\xb7\xba",
	    "\xe3\x8f\x82"};
	unsigned seed = 12345;
	(void)state;
	for (int round = 0; round < 2000; round++) {
		char buf[512];
		size_t len = 0;
		int parts = (int)(seed % 60);
		for (int j = 0; j < parts; j++) {
			seed = seed * 1103515245u + 12345u;
			const char *p = alpha[(seed >> 16) %
			    (sizeof alpha / sizeof alpha[0])];
			size_t l = strlen(p);
			memcpy(buf + len, p, l);
			len += l;
		}
		seed = seed * 1103515245u + 12345u;
		buf[len] = '\0';
		struct spans k = {.in = buf};
		assert_int_equal(
		    kz_tokenize_spans(buf, len, collect_span, &k), KZ_OK);
	}
}

/* 10 MB of mixed text, and 10 MB without a single separator (the slow
 * path on one stretch): both must stay linear. */
static void
test_tokenize_10mb_linear(void **state)
{
	static const char piece[] =
	    "Суд заблокировал сайт https://example.kz/news?id=1 — "
	    "Қазақстандағы журналистердің құқықтары #kz @user 2025 "
	    "ﬁnal ＦＵＬＬ e\xcc\x81t\xc3\xa9 ";
	size_t n = 10u * 1024u * 1024u, pl = sizeof(piece) - 1;
	char *in = malloc(n);
	struct toks k = {0};

	(void)state;
	assert_non_null(in);
	for (size_t i = 0; i < n; i++)
		in[i] = piece[i % pl];
	n -= n % pl;
	clock_t t0 = clock();
	assert_int_equal(kz_tokenize(in, n, check_tok, &k), KZ_OK);
	double s = (double)(clock() - t0) / CLOCKS_PER_SEC;
	print_message("tokenize: %.1f MB in %.2f s (%.1f MB/s), %zu tokens\n",
	    (double)n / 1e6, s, (double)n / 1e6 / (s > 0 ? s : 1e-9), k.count);
	assert_true(k.count > n / pl * 10);

	for (size_t i = 0; i + 3 <= n; i += 3)
		memcpy(in + i, "\xef\xac\x81", 3); /* ﬁﬁﬁ… */
	memset(&k, 0, sizeof(k));
	t0 = clock();
	assert_int_equal(kz_tokenize(in, n - n % 3, check_tok, &k), KZ_OK);
	s = (double)(clock() - t0) / CLOCKS_PER_SEC;
	print_message("tokenize: one 10 MB ligature word in %.2f s\n", s);
	assert_int_equal(k.count, 1);
	free(in);
}

/* ---- stems ---- */

struct stem_case {
	const char *word, *stem;
};

static void
check_stems(enum kz_lang l, const struct stem_case *c, size_t n, size_t need)
{
	struct kz_stemmer *s = kz_stemmer_new();
	char out[KZ_TOKEN_MAX_BYTES + 8];
	size_t ok = 0;

	for (size_t i = 0; i < n; i++) {
		size_t len = kz_stem(
		    s, l, c[i].word, strlen(c[i].word), out, sizeof(out));
		assert_int_equal(len, strlen(out));
		if (strcmp(out, c[i].stem) == 0)
			ok++;
		else
			print_message("stem %s: %s -> %s, want %s\n",
			    kz_lang_code(l), c[i].word, out, c[i].stem);
	}
	print_message("stem %s: %zu/%zu as expected\n", kz_lang_code(l), ok, n);
	kz_stemmer_free(s);
	assert_true(ok >= need);
}

static void
test_stem_ru_en(void **state)
{
	static const struct stem_case ru[] = {
	    {"блокировки", "блокировк"},
	    {"блокировка", "блокировк"},
	    {"журналистов", "журналист"},
	    {"журналисты", "журналист"},
	    {"свободы", "свобод"},
	    {"данных", "дан"},
	    {"интернета", "интернет"},
	    {"заблокированы", "заблокирова"},
	};
	static const struct stem_case en[] = {
	    {"blocking", "block"},
	    {"blocked", "block"},
	    {"journalists", "journalist"},
	    {"leaked", "leak"},
	    {"courts", "court"},
	};
	(void)state;
	check_stems(KZ_LANG_RU, ru, sizeof(ru) / sizeof(ru[0]),
	    sizeof(ru) / sizeof(ru[0]));
	check_stems(KZ_LANG_EN, en, sizeof(en) / sizeof(en[0]),
	    sizeof(en) / sizeof(en[0]));
}

static void
test_stem_kk_table(void **state)
{
	static const struct stem_case kk[] = {
	    {"деректерінің", "дерек"},
	    {"деректер", "дерек"},
	    {"деректерді", "дерек"},
	    {"бұғатталды", "бұғатта"},
	    {"бұғаттау", "бұғатта"},
	    {"бұғатталған", "бұғатта"},
	    {"журналистердің", "журналист"},
	    {"журналистің", "журналист"},
	    {"сотқа", "сот"},
	    {"сотта", "сот"},
	    {"сотының", "сот"},
	    {"заңның", "заң"},
	    {"заңдары", "заң"},
	    {"заңға", "заң"},
	    {"сайттары", "сайт"},
	    {"сайтқа", "сайт"},
	    {"сайттан", "сайт"},
	    {"сайтпен", "сайт"},
	    {"Қазақстандағы", "Қазақстан"},
	    {"Қазақстанда", "Қазақстан"},
	    {"Қазақстан", "Қазақстан"},
	    {"еліміздегі", "ел"},
	    {"елде", "ел"},
	    {"интернетте", "интернет"},
	    {"азаматтардың", "азамат"},
	    {"адамдар", "адам"},
	    {"адамның", "адам"},
	    {"баланың", "бала"},
	    {"үйде", "үй"},
	    {"болатын", "бол"},
	    {"жүргізілуде", "жүргіз"},
	    {"жарияланды", "жарияла"},
	    {"жариялау", "жарияла"},
	    {"жұмысына", "жұмыс"},
	    {"тергеуді", "терге"},
	    {"тергеу", "терге"},
	    {"министрлігі", "министрлік"},
	    {"порталы", "портал"},
	    {"кітабы", "кітап"},
	    {"шектелді", "шекте"},
	    {"құқықтары", "құқық"},
	    {"құқығы", "құқық"},
	    {"бостандығын", "бостандық"},
	    {"ақпараттың", "ақпарат"},
	    {"мемлекеттің", "мемлекет"},
	    {"әкімдігі", "әкімдік"},
	    {"полицияға", "полиция"},
	    {"блогерлер", "блогер"},
	    {"блогердің", "блогер"},
	    {"тексерілді", "тексер"},
	    {"компаниялары", "компания"},
	    {"телефондарында", "телефон"},
	    {"қолданушылардың", "қолданушы"},
	    {"жазбасы", "жазба"},
	    {"заңнамасын", "заңнама"},
	    {"желілерде", "желі"},
	    {"хабарлады", "хабарла"},
	    {"заң", "заң"},
	    {"сот", "сот"},
	    {"ел", "ел"},
	};
	(void)state;
	check_stems(KZ_LANG_KK, kk, sizeof(kk) / sizeof(kk[0]),
	    sizeof(kk) / sizeof(kk[0]));
}

static void
test_stem_bounds(void **state)
{
	struct kz_stemmer *s = kz_stemmer_new();
	char out[4];

	(void)state;
	/* out too small: cut at a code point, NUL-terminated */
	assert_int_equal(kz_stem(s, KZ_LANG_KK, "деректерінің",
	                     strlen("деректерінің"), out, sizeof(out)),
	    2);
	assert_string_equal(out, "д");
	assert_int_equal(kz_stem(s, KZ_LANG_RU, "", 0, out, sizeof(out)), 0);
	/* Latin words go to the English stemmer in any language */
	char big[64];
	kz_stem(s, KZ_LANG_KK, "blocking", 8, big, sizeof(big));
	assert_string_equal(big, "block");
	kz_stemmer_free(s);
	kz_stemmer_free(NULL);
}

/* ---- language ---- */

static void
test_lang_detect_basic(void **state)
{
	static const struct {
		const char *text;
		enum kz_lang l;
	} cases[] = {
	    {"Суд оштрафовал журналиста за публикацию в социальной сети.",
	        KZ_LANG_RU},
	    {"Сот журналистке әлеуметтік желідегі жазбасы үшін айыппұл "
	     "салды.",
	        KZ_LANG_KK},
	    {"The court fined a journalist over a social media post.",
	        KZ_LANG_EN},
	    {"Sot jýrnalıske áleýmettik jelidegi jazbasy úshin aıyppul "
	     "saldy.",
	        KZ_LANG_KK},
	    {"Токаев подписал закон. Президент Қасым-Жомарт Тоқаев "
	     "выступил с обращением к народу и рассказал о планах "
	     "правительства на следующий год.",
	        KZ_LANG_RU},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		double conf = -1;
		enum kz_lang l =
		    kz_lang_detect(cases[i].text, strlen(cases[i].text), &conf);
		if (l != cases[i].l)
			fail_msg("case %zu: got %s", i, kz_lang_code(l));
		assert_true(conf >= 0 && conf <= 1);
	}
	double conf = -1;
	assert_int_equal(kz_lang_detect("", 0, &conf), KZ_LANG_RU);
	assert_true(conf == 0);
	(void)kz_lang_detect("\xff\xfe 123", 6, NULL);
}

/* Append the JSON string value of "key" in line to out (decoded), or
 * return 0. */
static int
json_str(const char *line, const char *key, char *out, size_t cap)
{
	char pat[32];
	size_t o = 0;
	snprintf(pat, sizeof(pat), "\"%s\":", key);
	const char *p = strstr(line, pat);
	if (p == NULL)
		return 0;
	p += strlen(pat);
	while (*p == ' ')
		p++;
	if (*p++ != '"')
		return 0;
	while (*p && *p != '"' && o + 5 < cap) {
		if (*p != '\\') {
			out[o++] = *p++;
			continue;
		}
		p++;
		char c = *p++;
		if (c == 'u') {
			unsigned cp = (unsigned)strtoul(
			    (char[5]){p[0], p[1], p[2], p[3], 0}, NULL, 16);
			p += 4;
			if (cp >= 0xd800 && cp < 0xdc00 && p[0] == '\\' &&
			    p[1] == 'u') {
				unsigned lo = (unsigned)strtoul(
				    (char[5]){p[2], p[3], p[4], p[5], 0}, NULL,
				    16);
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				    (lo - 0xdc00);
				p += 6;
			}
			o += kz_utf8_encode(cp, out + o);
		} else {
			out[o++] = c == 'n' ? '\n' : c == 't' ? '\t' : c;
		}
	}
	out[o] = '\0';
	return 1;
}

static void
test_lang_detect_corpus(void **state)
{
	const char *dir = getenv("KZ_SHARED_DIR");
	static const char *files[] = {"train.jsonl", "dev.jsonl"};
	size_t conf_m[KZ_LANG_COUNT][KZ_LANG_COUNT] = {{0}};
	size_t total = 0, right = 0;
	static char line[1 << 20], text[1 << 20], buf[1 << 20];

	(void)state;
	for (size_t f = 0; f < 2; f++) {
		char path[4096];
		snprintf(path, sizeof(path), "%s/corpus/%s",
		    dir ? dir : "../shared", files[f]);
		FILE *fp = fopen(path, "r");
		if (fp == NULL) {
			const char *ci = getenv("CI");
			if (ci && strcmp(ci, "true") == 0)
				fail_msg("%s: missing (CI=true)", path);
			skip();
		}
		while (fgets(line, sizeof(line), fp)) {
			char lang[16];
			enum kz_lang want;
			if (!json_str(line, "lang", lang, sizeof(lang)) ||
			    kz_lang_parse(lang, &want) != 0)
				continue;
			text[0] = '\0';
			json_str(line, "title", text, sizeof(text) / 2);
			size_t tl = strlen(text);
			text[tl++] = '\n';
			json_str(line, "text", buf, sizeof(buf) / 2);
			memcpy(text + tl, buf, strlen(buf) + 1);
			enum kz_lang got =
			    kz_lang_detect(text, strlen(text), NULL);
			conf_m[want][got]++;
			total++;
			if (got == want) {
				right++;
			} else {
				char id[64] = "?";
				json_str(line, "id", id, sizeof(id));
				print_message("langid: %s is %s, detected %s\n",
				    id, kz_lang_code(want), kz_lang_code(got));
			}
		}
		fclose(fp);
	}
	assert_true(total > 0);
	print_message("langid: %zu/%zu right (%.4f); rows true, cols "
	              "detected ru kk en\n",
	    right, total, (double)right / (double)total);
	for (int i = 0; i < KZ_LANG_COUNT; i++)
		print_message("  %s %5zu %5zu %5zu\n",
		    kz_lang_code((enum kz_lang)i), conf_m[i][0], conf_m[i][1],
		    conf_m[i][2]);
	assert_true((double)right / (double)total >= 0.98);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_tokenize_cases),
	    cmocka_unit_test(test_tokenize_stops_on_callback_error),
	    cmocka_unit_test(test_tokenize_long_word_is_cut),
	    cmocka_unit_test(test_tokenize_spans_cases),
	    cmocka_unit_test(test_tokenize_spans_match_tokens),
	    cmocka_unit_test(test_tokenize_spans_random_bytes),
	    cmocka_unit_test(test_tokenize_10mb_linear),
	    cmocka_unit_test(test_stem_ru_en),
	    cmocka_unit_test(test_stem_kk_table),
	    cmocka_unit_test(test_stem_bounds),
	    cmocka_unit_test(test_lang_detect_basic),
	    cmocka_unit_test(test_lang_detect_corpus),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
