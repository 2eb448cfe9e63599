/*
 * Tests for src/render (reports in md/html/json/csv, incident JSON, the
 * escapers) and src/text/format.c (long dates).
 */
/* cmocka needs these first, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include <cmark.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kuzet/import.h"
#include "kuzet/render.h"
#include "kuzet/text.h"
#include "render/render_int.h" /* kz_render_md_text */

/* ---- a strict RFC 8259 validator ---- */

struct jv {
	const char *p, *end;
	int depth;
};

static int jv_value(struct jv *j);

static void
jv_ws(struct jv *j)
{
	while (j->p < j->end &&
	    (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

static int
jv_lit(struct jv *j, const char *lit)
{
	size_t n = strlen(lit);
	if ((size_t)(j->end - j->p) < n || memcmp(j->p, lit, n) != 0)
		return 0;
	j->p += n;
	return 1;
}

static int
jv_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

static int
jv_string(struct jv *j)
{
	if (j->p >= j->end || *j->p != '"')
		return 0;
	j->p++;
	while (j->p < j->end) {
		unsigned char c = (unsigned char)*j->p;
		if (c == '"') {
			j->p++;
			return 1;
		}
		if (c < 0x20)
			return 0;
		if (c == '\\') {
			j->p++;
			if (j->p >= j->end)
				return 0;
			c = (unsigned char)*j->p;
			if (c == 'u') {
				if (j->end - j->p < 5)
					return 0;
				for (int k = 1; k <= 4; k++)
					if (!jv_hex(j->p[k]))
						return 0;
				j->p += 5;
				continue;
			}
			if (strchr("\"\\/bfnrt", c) == NULL || c == '\0')
				return 0;
			j->p++;
			continue;
		}
		if (c >= 0x80) {
			uint32_t cp;
			size_t len =
			    kz_utf8_decode(j->p, (size_t)(j->end - j->p), &cp);
			if (len == 0 || cp == 0x2028 || cp == 0x2029)
				return 0;
			j->p += len;
			continue;
		}
		j->p++;
	}
	return 0;
}

static int
jv_number(struct jv *j)
{
	const char *s = j->p;
	if (j->p < j->end && *j->p == '-')
		j->p++;
	if (j->p >= j->end)
		return 0;
	if (*j->p == '0') {
		j->p++;
	} else if (*j->p >= '1' && *j->p <= '9') {
		while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
			j->p++;
	} else {
		return 0;
	}
	if (j->p < j->end && *j->p == '.') {
		j->p++;
		if (j->p >= j->end || *j->p < '0' || *j->p > '9')
			return 0;
		while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
			j->p++;
	}
	if (j->p < j->end && (*j->p == 'e' || *j->p == 'E')) {
		j->p++;
		if (j->p < j->end && (*j->p == '+' || *j->p == '-'))
			j->p++;
		if (j->p >= j->end || *j->p < '0' || *j->p > '9')
			return 0;
		while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
			j->p++;
	}
	return j->p > s;
}

static int
jv_value(struct jv *j)
{
	int ok;

	jv_ws(j);
	if (j->p >= j->end || ++j->depth > 200)
		return 0;
	switch (*j->p) {
	case '{':
		j->p++;
		jv_ws(j);
		if (j->p < j->end && *j->p == '}') {
			j->p++;
			break;
		}
		for (;;) {
			jv_ws(j);
			if (!jv_string(j))
				return 0;
			jv_ws(j);
			if (j->p >= j->end || *j->p++ != ':')
				return 0;
			if (!jv_value(j))
				return 0;
			jv_ws(j);
			if (j->p < j->end && *j->p == ',') {
				j->p++;
				continue;
			}
			if (j->p < j->end && *j->p == '}') {
				j->p++;
				break;
			}
			return 0;
		}
		break;
	case '[':
		j->p++;
		jv_ws(j);
		if (j->p < j->end && *j->p == ']') {
			j->p++;
			break;
		}
		for (;;) {
			if (!jv_value(j))
				return 0;
			jv_ws(j);
			if (j->p < j->end && *j->p == ',') {
				j->p++;
				continue;
			}
			if (j->p < j->end && *j->p == ']') {
				j->p++;
				break;
			}
			return 0;
		}
		break;
	case '"':
		ok = jv_string(j);
		if (!ok)
			return 0;
		break;
	case 't':
		if (!jv_lit(j, "true"))
			return 0;
		break;
	case 'f':
		if (!jv_lit(j, "false"))
			return 0;
		break;
	case 'n':
		if (!jv_lit(j, "null"))
			return 0;
		break;
	default:
		if (!jv_number(j))
			return 0;
		break;
	}
	j->depth--;
	return 1;
}

static int
json_valid(const char *s, size_t n)
{
	struct jv j = {s, s + n, 0};
	if (!jv_value(&j))
		return 0;
	jv_ws(&j);
	return j.p == j.end;
}

/* ---- fixtures ---- */

struct fx {
	struct kz_taxonomy tax;
	struct kz_report_opts opts;
	struct kz_incident items[16];
	size_t n;
	struct kz_buf out;
};

static struct kz_date
D(int y, int m, int d) {
	struct kz_date dt = {y, m, d};
	return dt;
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	assert_non_null(f);
	kz_taxonomy_default(&f->tax);
	f->opts.lang = KZ_LANG_RU;
	f->opts.from = D(2025, 8, 1);
	f->opts.to = D(2026, 1, 31);
	f->opts.tax = &f->tax;
	f->opts.generated = 1769860800; /* 2026-01-31T12:00:00Z */
	kz_buf_init(&f->out, KZ_REPORT_MAX_BYTES);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	for (size_t i = 0; i < f->n; i++)
		kz_incident_fini(&f->items[i]);
	kz_buf_fini(&f->out);
	kz_taxonomy_fini(&f->tax);
	free(f);
	return 0;
}

/* Add an incident; texts per language may be NULL. */
static struct kz_incident *
add(struct fx *f, int64_t id, const char *section, struct kz_date occurred,
    const char *ru_t, const char *ru_s, const char *kk_t, const char *kk_s,
    const char *en_t, const char *en_s, const char *url)
{
	struct kz_incident *inc;

	assert_true(f->n < sizeof f->items / sizeof f->items[0]);
	inc = &f->items[f->n++];
	kz_incident_init(inc);
	inc->id = id;
	snprintf(inc->section, sizeof inc->section, "%s", section);
	inc->status = KZ_STATUS_PUBLISHED;
	inc->occurred_on = occurred;
	inc->period_from = D(2025, 8, 1);
	inc->period_to = D(2026, 1, 31);
	kz_incident_set_text(&inc->title[KZ_LANG_RU], ru_t);
	kz_incident_set_text(&inc->summary[KZ_LANG_RU], ru_s);
	kz_incident_set_text(&inc->title[KZ_LANG_KK], kk_t);
	kz_incident_set_text(&inc->summary[KZ_LANG_KK], kk_s);
	kz_incident_set_text(&inc->title[KZ_LANG_EN], en_t);
	kz_incident_set_text(&inc->summary[KZ_LANG_EN], en_s);
	if (url != NULL)
		kz_incident_add_source(inc, url, url);
	return inc;
}

static const char *
render(struct fx *f, enum kz_format fmt, size_t *missing)
{
	struct kz_err err = {0};
	kz_buf_reset(&f->out);
	kz_rc rc = kz_render_report(
	    &f->out, fmt, &f->opts, f->items, f->n, missing, &err);
	if (rc != KZ_OK)
		fail_msg("kz_render_report: %s", err.msg);
	assert_true(kz_utf8_valid(f->out.data, f->out.len, NULL));
	return kz_buf_str(&f->out);
}

static size_t
count(const char *hay, const char *needle)
{
	size_t k = 0;
	const char *p = hay;
	while ((p = strstr(p, needle)) != NULL) {
		k++;
		p += strlen(needle);
	}
	return k;
}

/* Offset of needle in hay; fails the test when absent. */
static size_t
at(const char *hay, const char *needle)
{
	const char *p = strstr(hay, needle);
	if (p == NULL)
		fail_msg("missing \"%s\" in:\n%s", needle, hay);
	return (size_t)(p - hay);
}

static void
add_three(struct fx *f)
{
	add(f, 1, "expression", D(2025, 9, 26), "Токаев о соцсетях",
	    "Президент заявил.\n\nВторой абзац.",
	    "Тоқаев әлеуметтік желі туралы", "Президент мәлімдеді.",
	    "Tokayev on social media", "The president said.",
	    "https://www.zakon.kz/a.html");
	add(f, 2, "privacy", D(2025, 10, 3), "Утечка данных", "16 млн.",
	    "Деректер ағып кетті", "16 млн.", "Data leak", "16 million.",
	    "https://inform.kz/b");
	add(f, 3, "courts", D(0, 0, 0), "Суд над блогером", "Приговор.",
	    "Блогерге сот", "Үкім.", "Blogger trial", "Sentence.",
	    "https://vlast.kz/c");
}

/* ---- tests ---- */

static void
test_date_format_long_in_each_language(void **state)
{
	char buf[64];
	(void)state;

	kz_date_format_long(D(2025, 9, 26), KZ_LANG_RU, buf, sizeof buf);
	assert_string_equal(buf, "26 сентября 2025");
	kz_date_format_long(D(2025, 9, 26), KZ_LANG_KK, buf, sizeof buf);
	assert_string_equal(buf, "2025 жылғы 26 қыркүйек");
	kz_date_format_long(D(2025, 9, 26), KZ_LANG_EN, buf, sizeof buf);
	assert_string_equal(buf, "26 September 2025");
	kz_date_format_long(D(2026, 1, 31), KZ_LANG_KK, buf, sizeof buf);
	assert_string_equal(buf, "2026 жылғы 31 қаңтар");
	kz_date_format_long(D(0, 0, 0), KZ_LANG_RU, buf, sizeof buf);
	assert_string_equal(buf, "");
	kz_date_format_long(D(2025, 2, 30), KZ_LANG_RU, buf, sizeof buf);
	assert_string_equal(buf, "2025-02-30");
	assert_string_equal(kz_month_name(5, KZ_LANG_RU, 0), "май");
	assert_string_equal(kz_month_name(5, KZ_LANG_RU, 1), "мая");
	assert_string_equal(kz_month_name(12, KZ_LANG_KK, 1), "желтоқсан");
	assert_string_equal(kz_month_name(3, KZ_LANG_EN, 0), "March");
	assert_string_equal(kz_month_name(13, KZ_LANG_EN, 0), "");
}

static void
test_date_format_long_reads_back_as_period(void **state)
{
	(void)state;
	for (int l = 0; l < KZ_LANG_COUNT; l++) {
		char a[64], b[64], text[200];
		struct kz_date from, to;
		kz_date_format_long(
		    D(2025, 8, 1), (enum kz_lang)l, a, sizeof a);
		kz_date_format_long(
		    D(2026, 1, 31), (enum kz_lang)l, b, sizeof b);
		snprintf(text, sizeof text, "%s – %s", a, b);
		assert_int_equal(
		    kz_period_find(text, strlen(text), &from, &to), 1);
		assert_int_equal(kz_date_cmp(from, D(2025, 8, 1)), 0);
		assert_int_equal(kz_date_cmp(to, D(2026, 1, 31)), 0);
	}
}

static void
test_format_parse(void **state)
{
	enum kz_format fmt;
	(void)state;
	assert_int_equal(kz_format_parse("md", &fmt), 0);
	assert_int_equal(fmt, KZ_FMT_MD);
	assert_int_equal(kz_format_parse("HTML", &fmt), 0);
	assert_int_equal(fmt, KZ_FMT_HTML);
	assert_int_equal(kz_format_parse("json", &fmt), 0);
	assert_int_equal(fmt, KZ_FMT_JSON);
	assert_int_equal(kz_format_parse("csv", &fmt), 0);
	assert_int_equal(fmt, KZ_FMT_CSV);
	assert_int_equal(kz_format_parse("pdf", &fmt), -1);
	assert_int_equal(kz_format_parse("", &fmt), -1);
}

static void
test_render_time_is_rfc3339_utc(void **state)
{
	char ts[32];
	(void)state;
	kz_render_time(0, ts);
	assert_string_equal(ts, "1970-01-01T00:00:00Z");
	kz_render_time(1758880800, ts);
	assert_string_equal(ts, "2025-09-26T10:00:00Z");
	kz_render_time(951782400, ts); /* leap day */
	assert_string_equal(ts, "2000-02-29T00:00:00Z");
	kz_render_time(-1, ts);
	assert_string_equal(ts, "1969-12-31T23:59:59Z");
	kz_render_time(INT64_MAX, ts);
	assert_string_equal(ts, "9999-12-31T23:59:59Z");
	kz_render_time(INT64_MIN, ts);
	assert_string_equal(ts, "0000-01-01T00:00:00Z");
}

static void
test_render_md_ru_shape(void **state)
{
	struct fx *f = *state;
	size_t missing = 99;
	add_three(f);
	const char *md = render(f, KZ_FMT_MD, &missing);

	assert_int_equal(missing, 0);
	const char *want =
	    "# Мониторинг цифровых прав\n"
	    "\n"
	    "Мониторинг цифровых прав за период 1 августа 2025 – 31 января "
	    "2026.\n"
	    "\n"
	    "## 1. Свобода выражения мнения и доступ к информации\n"
	    "\n"
	    "### Токаев о соцсетях\n"
	    "\n"
	    "Президент заявил.\n"
	    "\n"
	    "Второй абзац.\n"
	    "\n"
	    "<https://www.zakon.kz/a.html>\n"
	    "\n"
	    "## 2. Защита персональных данных\n"
	    "\n"
	    "### Утечка данных\n"
	    "\n"
	    "16 млн.\n"
	    "\n"
	    "<https://inform.kz/b>\n"
	    "\n"
	    "## 5. Судебные прецеденты\n"
	    "\n"
	    "### Суд над блогером\n"
	    "\n"
	    "Приговор.\n"
	    "\n"
	    "<https://vlast.kz/c>\n";
	assert_string_equal(md, want);
}

static void
test_render_md_kk_and_en_headings(void **state)
{
	struct fx *f = *state;
	add_three(f);

	f->opts.lang = KZ_LANG_KK;
	const char *md = render(f, KZ_FMT_MD, NULL);
	at(md, "# Цифрлық құқықтар мониторингі\n\n");
	at(md,
	    "Цифрлық құқықтар мониторингі: 2025 жылғы 1 тамыз – 2026 жылғы "
	    "31 қаңтар кезеңі.\n");
	at(md, "## 1. Пікір білдіру бостандығы және ақпаратқа қол жеткізу\n");
	at(md, "### Тоқаев әлеуметтік желі туралы\n");
	at(md, "## 5. Сот прецеденттері\n");

	f->opts.lang = KZ_LANG_EN;
	md = render(f, KZ_FMT_MD, NULL);
	at(md, "# Digital rights monitoring\n\n");
	at(md,
	    "Digital rights monitoring for 1 August 2025 – 31 January "
	    "2026.\n");
	at(md, "## 2. Personal data protection\n");
	at(md, "### Data leak\n\n16 million.\n");
}

static void
test_render_html_dates_per_language(void **state)
{
	struct fx *f = *state;
	add_three(f);

	const char *html = render(f, KZ_FMT_HTML, NULL);
	at(html, "<html lang=\"ru\">");
	at(html, "<time datetime=\"2025-09-26\">26 сентября 2025</time>");
	at(html, "<h1>Мониторинг цифровых прав</h1>");
	f->opts.lang = KZ_LANG_KK;
	html = render(f, KZ_FMT_HTML, NULL);
	at(html, "<html lang=\"kk\">");
	at(html, ">2025 жылғы 26 қыркүйек</time>");
	f->opts.lang = KZ_LANG_EN;
	html = render(f, KZ_FMT_HTML, NULL);
	at(html, ">26 September 2025</time>");
	at(html, "<h3>Tokayev on social media</h3>");
}

static void
test_render_sections_follow_taxonomy_then_date_then_id(void **state)
{
	struct fx *f = *state;
	add(f, 10, "zzz-unknown", D(2025, 9, 1), "Неизвестный раздел", "Текст.",
	    NULL, NULL, NULL, NULL, NULL);
	add(f, 11, "courts", D(2025, 9, 1), "Суд", "Текст.", NULL, NULL, NULL,
	    NULL, NULL);
	add(f, 12, "expression", D(2025, 12, 1), "Поздний", "Текст.", NULL,
	    NULL, NULL, NULL, NULL);
	add(f, 14, "expression", D(2025, 9, 1), "Ранний Б", "Текст.", NULL,
	    NULL, NULL, NULL, NULL);
	add(f, 13, "expression", D(2025, 9, 1), "Ранний А", "Текст.", NULL,
	    NULL, NULL, NULL, NULL);
	/* No occurred_on: placed by period_to (2026-01-31), so last. */
	add(f, 9, "expression", D(0, 0, 0), "Без даты", "Текст.", NULL, NULL,
	    NULL, NULL, NULL);
	add(f, 15, "aaa-unknown", D(2025, 9, 1), "Другой раздел", "Текст.",
	    NULL, NULL, NULL, NULL, NULL);

	const char *md = render(f, KZ_FMT_MD, NULL);
	size_t s1 = at(md, "## 1. Свобода");
	size_t a = at(md, "### Ранний А");
	size_t b = at(md, "### Ранний Б");
	size_t late = at(md, "### Поздний");
	size_t nodate = at(md, "### Без даты");
	size_t s5 = at(md, "## 5. Судебные");
	size_t ua = at(md, "## aaa-unknown\n");
	size_t uz = at(md, "## zzz-unknown\n");
	assert_true(s1 < a && a < b && b < late && late < nodate);
	assert_true(nodate < s5 && s5 < ua && ua < uz);
	assert_null(strstr(md, "## 2."));
	assert_null(strstr(md, "## 3."));

	/* html and json list every section, empty ones with count 0. */
	const char *html = render(f, KZ_FMT_HTML, NULL);
	at(html,
	    "<a href=\"#s-expression\">1. Свобода выражения мнения и "
	    "доступ к информации</a> <span class=\"count\">4</span>");
	at(html,
	    "<a href=\"#s-privacy\">2. Защита персональных данных</a> "
	    "<span class=\"count\">0</span>");
	at(html, "<section id=\"s-privacy\">");
	at(html,
	    "<a href=\"#s-zzz-unknown\">zzz-unknown</a> "
	    "<span class=\"count\">1</span>");
	const char *json = render(f, KZ_FMT_JSON, NULL);
	assert_true(json_valid(json, strlen(json)));
	at(json,
	    "{\"id\":\"privacy\",\"name\":\"Защита персональных "
	    "данных\",\"number\":2,\"count\":0,\"incidents\":[]}");
	assert_true(at(json,
	                "\"id\":\"aaa-unknown\",\"name\":\"aaa-unknown\","
	                "\"number\":null,\"count\":1") <
	    at(json, "\"id\":\"zzz-unknown\""));
	const char *csv = render(f, KZ_FMT_CSV, NULL);
	assert_true(at(csv, "\r\n13,expression,") < at(csv, "\r\n14,"));
	assert_true(at(csv, "\r\n14,") < at(csv, "\r\n12,"));
	assert_true(at(csv, "\r\n9,") < at(csv, "\r\n11,courts,"));
	assert_true(at(csv, "\r\n11,") < at(csv, "\r\n15,aaa-unknown,"));
}

static void
test_render_fallback_is_marked_and_counted(void **state)
{
	struct fx *f = *state;
	size_t missing = 0;
	add(f, 1, "expression", D(2025, 9, 26), NULL, NULL, "Қазақша тақырып",
	    "Қазақша мәтін.", NULL, NULL, "https://kaz.kz/1");
	add(f, 2, "expression", D(2025, 9, 27), NULL, NULL, NULL, NULL,
	    "English title", "English text.", "https://en.kz/2");
	add(f, 3, "expression", D(2025, 9, 28), "Русский", "Текст.", NULL, NULL,
	    NULL, NULL, "https://ru.kz/3");

	const char *md = render(f, KZ_FMT_MD, &missing);
	assert_int_equal(missing, 2);
	at(md,
	    "### Қазақша тақырып\n\n> ⚠ Нет перевода на русский: текст на "
	    "казахском (kk).\n\nҚазақша мәтін.\n");
	at(md,
	    "### English title\n\n> ⚠ Нет перевода на русский: текст на "
	    "английском (en).\n\nEnglish text.\n");
	assert_int_equal(count(md, "⚠"), 2);

	const char *html = render(f, KZ_FMT_HTML, &missing);
	assert_int_equal(missing, 2);
	at(html,
	    "<h3 lang=\"kk\">Қазақша тақырып</h3>\n<p class=\"fallback\">⚠ "
	    "Нет перевода на русский: текст на казахском (kk).</p>");
	at(html, "<div class=\"text\" lang=\"en\">");
	at(html, "Без перевода: 2</p>");

	const char *json = render(f, KZ_FMT_JSON, &missing);
	assert_true(json_valid(json, strlen(json)));
	at(json, "\"missing_translation\":2");
	assert_int_equal(count(json, "\"fallback_lang\":\"kk\""), 1);
	assert_int_equal(count(json, "\"fallback_lang\":\"en\""), 1);
	assert_int_equal(count(json, "\"fallback_lang\":null"), 1);

	const char *csv = render(f, KZ_FMT_CSV, &missing);
	at(csv,
	    "\r\n1,expression,Свобода выражения мнения и доступ к "
	    "информации,published,2025-09-26,kk,Қазақша тақырып,Қазақша "
	    "мәтін.,https://kaz.kz/1\r\n");
	at(csv, ",2025-09-27,en,English title,");
	at(csv, ",2025-09-28,ru,Русский,");

	f->opts.lang = KZ_LANG_KK;
	md = render(f, KZ_FMT_MD, &missing);
	assert_int_equal(missing, 2);
	at(md, "> ⚠ Қазақша аудармасы жоқ: мәтін ағылшын тілінде (en).\n");
	at(md, "> ⚠ Қазақша аудармасы жоқ: мәтін орыс тілінде (ru).\n");
	f->opts.lang = KZ_LANG_EN;
	md = render(f, KZ_FMT_MD, &missing);
	assert_int_equal(missing, 2);
	at(md, "> ⚠ No English translation: text in Kazakh (kk).\n");
	at(md, "> ⚠ No English translation: text in Russian (ru).\n");
}

static void
test_render_escapes_script_everywhere(void **state)
{
	struct fx *f = *state;
	const char *evil = "<script>alert(1)</script>";
	add(f, 1, "expression", D(2025, 9, 26), evil, "a \"q\" & 'b' <b>x</b>",
	    NULL, NULL, NULL, NULL, "javascript:alert(1)");
	add(f, 2, "<script>", D(2025, 9, 26), "x", "y", NULL, NULL, NULL, NULL,
	    "https://x.kz/?a=1&b=\"2\"<script>");

	const char *html = render(f, KZ_FMT_HTML, NULL);
	assert_int_equal(count(html, "<script"), 0);
	assert_int_equal(count(html, "<b>"), 0);
	at(html, "<h3>&lt;script&gt;alert(1)&lt;/script&gt;</h3>");
	at(html,
	    "<p>a &quot;q&quot; &amp; &#39;b&#39; &lt;b&gt;x&lt;/b&gt;</p>");
	/* Not http(s): shown as text, never as a link. */
	assert_null(strstr(html, "href=\"javascript"));
	at(html, "<li><span>javascript:alert(1)</span></li>");
	at(html,
	    "<a href=\"https://x.kz/?a=1&amp;b=&quot;2&quot;&lt;script&gt;"
	    "\" rel=\"noreferrer\">");

	const char *json = render(f, KZ_FMT_JSON, NULL);
	assert_true(json_valid(json, strlen(json)));
	at(json, "\"ru\":\"<script>alert(1)</script>\"");
	at(json, "\"ru\":\"a \\\"q\\\" & 'b' <b>x</b>\"");

	const char *csv = render(f, KZ_FMT_CSV, NULL);
	at(csv,
	    ",ru,<script>alert(1)</script>,\"a \"\"q\"\" & 'b' <b>x</b>\",");

	const char *md = render(f, KZ_FMT_MD, NULL);
	at(md, "### \\<script\\>alert(1)\\</script\\>\n");
	assert_int_equal(count(md, "<script"), count(md, "\\<script"));
	at(md, "\njavascript:alert(1)\n");
	at(md, "\n<https://x.kz/?a=1&b=\"2\"%3Cscript%3E>\n");
}

static void
test_render_json_escapes_controls_and_separators(void **state)
{
	struct kz_buf b;
	(void)state;
	kz_buf_init(&b, 1024);
	assert_int_equal(
	    kz_render_json_str(&b, "a\"\\\b\f\n\r\t\x01\x1f z", 12), KZ_OK);
	assert_string_equal(
	    kz_buf_str(&b), "\"a\\\"\\\\\\b\\f\\n\\r\\t\\u0001\\u001f z\"");
	kz_buf_reset(&b);
	assert_int_equal(
	    kz_render_json_str(&b, "x\xE2\x80\xA8y\xE2\x80\xA9", 8), KZ_OK);
	assert_string_equal(kz_buf_str(&b), "\"x\\u2028y\\u2029\"");
	kz_buf_reset(&b);
	/* Invalid UTF-8 never reaches the output. */
	assert_int_equal(kz_render_json_str(&b, "a\xff\xc3", 3), KZ_OK);
	assert_string_equal(kz_buf_str(&b), "\"a\xEF\xBF\xBD\xEF\xBF\xBD\"");
	assert_true(json_valid(b.data, b.len));
	kz_buf_fini(&b);
}

static void
test_render_csv_quotes_and_guards_formulas(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
	    {"plain", "plain"},
	    {"", ""},
	    {"a,b", "\"a,b\""},
	    {"say \"hi\"", "\"say \"\"hi\"\"\""},
	    {"line1\nline2", "\"line1\nline2\""},
	    {"cr\rhere", "\"cr\rhere\""},
	    {"=SUM(A1:A2)", "'=SUM(A1:A2)"},
	    {"+1", "'+1"},
	    {"-1", "'-1"},
	    {"@cmd", "'@cmd"},
	    {"\tx", "'\tx"},
	    {"'quoted", "''quoted"},
	    {"=HYPERLINK(\"x\",\"y\")", "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\""},
	    {"a=b", "a=b"},
	};
	struct kz_buf b;
	(void)state;

	kz_buf_init(&b, 1024);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		kz_buf_reset(&b);
		assert_int_equal(
		    kz_render_csv_field(&b, cases[i].in, strlen(cases[i].in)),
		    KZ_OK);
		assert_string_equal(kz_buf_str(&b), cases[i].out);
	}
	kz_buf_fini(&b);
}

static void
test_render_csv_shape(void **state)
{
	struct fx *f = *state;
	struct kz_incident *inc = add(f, 7, "law", D(2025, 11, 2),
	    "Закон, \"о медиа\"", "Абзац 1.\n\nАбзац 2.", NULL, NULL, NULL,
	    NULL, "https://a.kz/1");
	kz_incident_add_source(inc, "https://b.kz/2", NULL);

	const char *csv = render(f, KZ_FMT_CSV, NULL);
	assert_string_equal(csv,
	    "id,section,section_name,status,occurred_on,lang,title,summary,"
	    "sources\r\n"
	    "7,law,Правовое регулирование,published,2025-11-02,ru,\"Закон, "
	    "\"\"о медиа\"\"\",\"Абзац 1.\n\nАбзац 2.\",https://a.kz/1 "
	    "https://b.kz/2\r\n");
}

static void
test_render_incident_json_shape(void **state)
{
	struct fx *f = *state;
	struct kz_incident *inc = add(f, 1, "expression", D(2025, 9, 26), "Т",
	    "С", NULL, NULL, NULL, NULL, NULL);
	kz_incident_add_source(
	    inc, "https://A.kz/x?utm_source=t", "https://a.kz/x");
	inc->created = 1758880800;
	inc->updated = 1758884400;
	inc->version = 3;

	kz_buf_reset(&f->out);
	assert_int_equal(kz_render_incident_json(&f->out, inc), KZ_OK);
	assert_string_equal(kz_buf_str(&f->out),
	    "{\"id\":1,\"section\":\"expression\",\"status\":\"published\","
	    "\"occurred_on\":\"2025-09-26\",\"period\":{\"from\":\"2025-08-"
	    "01\","
	    "\"to\":\"2026-01-31\"},\"title\":{\"ru\":\"Т\"},\"summary\":{"
	    "\"ru\":\"С\"},\"sources\":[{\"url\":\"https://A.kz/"
	    "x?utm_source=t\","
	    "\"url_norm\":\"https://a.kz/x\"}],\"created\":\"2025-09-26T10:00:"
	    "00Z\",\"updated\":\"2025-09-26T11:00:00Z\",\"version\":3}");
	assert_true(json_valid(f->out.data, f->out.len));

	/* Unknown dates and an unstored incident: nulls. */
	struct kz_incident bare;
	kz_incident_init(&bare);
	snprintf(bare.section, sizeof bare.section, "law");
	kz_buf_reset(&f->out);
	assert_int_equal(kz_render_incident_json(&f->out, &bare), KZ_OK);
	assert_string_equal(kz_buf_str(&f->out),
	    "{\"id\":0,\"section\":\"law\",\"status\":\"draft\","
	    "\"occurred_on\":null,\"period\":null,\"title\":{},\"summary\":{},"
	    "\"sources\":[],\"created\":null,\"updated\":null,\"version\":0}");
	kz_incident_fini(&bare);
}

static void
test_render_json_report_is_valid(void **state)
{
	struct fx *f = *state;
	add_three(f);
	add(f, 4, "cyber", D(2025, 12, 1), "Ctl \x01\x1f",
	    "tab\there \xE2\x80\xA8", NULL, NULL, NULL, NULL,
	    "https://x.kz/\"");

	const char *json = render(f, KZ_FMT_JSON, NULL);
	assert_true(json_valid(json, strlen(json)));
	at(json,
	    "{\"lang\":\"ru\",\"period\":{\"from\":\"2025-08-01\",\"to\":"
	    "\"2026-01-31\"},\"generated\":\"2026-01-31T12:00:00Z\","
	    "\"count\":4,\"missing_translation\":0,\"sections\":[");
	assert_int_equal(count(json, "\"number\":"), 5);

	/* And python agrees, when it is there. */
	char path[] = "/tmp/kz_render_json_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *fp = fdopen(fd, "w");
	assert_non_null(fp);
	fwrite(json, 1, strlen(json), fp);
	fclose(fp);
	char cmd[256];
	snprintf(cmd, sizeof cmd,
	    "command -v python3 >/dev/null 2>&1 || exit 0; "
	    "python3 -m json.tool %s >/dev/null",
	    path);
	int st = system(cmd);
	remove(path);
	assert_int_equal(st, 0);
}

static void
test_render_empty_report(void **state)
{
	struct fx *f = *state;
	size_t missing = 5;

	const char *md = render(f, KZ_FMT_MD, &missing);
	assert_int_equal(missing, 0);
	assert_string_equal(md,
	    "# Мониторинг цифровых прав\n\nМониторинг цифровых прав за период "
	    "1 августа 2025 – 31 января 2026.\n");
	const char *html = render(f, KZ_FMT_HTML, NULL);
	assert_int_equal(count(html, "<span class=\"count\">0</span>"), 5);
	assert_int_equal(count(html, "<article"), 0);
	at(html, "Всего инцидентов: 0</p>");
	at(html, "</html>\n");
	const char *json = render(f, KZ_FMT_JSON, NULL);
	assert_true(json_valid(json, strlen(json)));
	assert_int_equal(count(json, "\"count\":0,\"incidents\":[]"), 5);
	const char *csv = render(f, KZ_FMT_CSV, NULL);
	assert_string_equal(csv,
	    "id,section,section_name,status,occurred_on,"
	    "lang,title,summary,sources\r\n");
}

static void
test_render_html_is_self_contained(void **state)
{
	struct fx *f = *state;
	add_three(f);
	const char *html = render(f, KZ_FMT_HTML, NULL);
	assert_int_equal(at(html, "<!DOCTYPE html>\n"), 0);
	at(html, "<meta charset=\"utf-8\">");
	at(html, "@media print");
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "<link"));
	assert_null(strstr(html, "src="));
	assert_null(strstr(html, "@import"));
	at(html, "<p class=\"period\">1 августа 2025 – 31 января 2026</p>");
	at(html, "<p>Президент заявил.</p>\n<p>Второй абзац.</p>");
	at(html,
	    "<li><a href=\"https://www.zakon.kz/a.html\" "
	    "rel=\"noreferrer\">https://www.zakon.kz/a.html</a></li>");
	at(html, "Всего инцидентов: 3</p>");
	at(html, "<time datetime=\"2026-01-31T12:00:00Z\">");
}

static void
test_render_rejects_bad_options(void **state)
{
	struct fx *f = *state;
	struct kz_err err = {0};

	f->opts.to = D(2025, 1, 1);
	assert_int_equal(
	    kz_render_report(&f->out, KZ_FMT_MD, &f->opts, NULL, 0, NULL, &err),
	    KZ_EUSAGE);
	f->opts.to = D(2026, 1, 31);
	assert_int_equal(kz_render_report(&f->out, (enum kz_format)9, &f->opts,
	                     NULL, 0, NULL, &err),
	    KZ_EUSAGE);
	f->opts.lang = (enum kz_lang)7;
	assert_int_equal(
	    kz_render_report(&f->out, KZ_FMT_MD, &f->opts, NULL, 0, NULL, &err),
	    KZ_EUSAGE);
}

static void
test_render_limit_leaves_buffer_unchanged(void **state)
{
	struct fx *f = *state;
	struct kz_buf small;
	struct kz_err err = {0};
	size_t missing = 42;
	add_three(f);

	for (int fmt = KZ_FMT_MD; fmt <= KZ_FMT_CSV; fmt++) {
		kz_buf_init(&small, 300);
		assert_int_equal(kz_buf_puts(&small, "keep"), KZ_OK);
		assert_int_equal(kz_render_report(&small, (enum kz_format)fmt,
		                     &f->opts, f->items, f->n, &missing, &err),
		    KZ_ELIMIT);
		assert_string_equal(kz_buf_str(&small), "keep");
		assert_int_equal(missing, 42);
		assert_non_null(strstr(err.msg, "300"));
		kz_buf_fini(&small);
	}
	kz_buf_init(&small, 10);
	assert_int_equal(
	    kz_render_incident_json(&small, &f->items[0]), KZ_ELIMIT);
	assert_int_equal(small.len, 0);
	kz_buf_fini(&small);
}

/* The text of a cmark document's paragraphs/headings, as the importer would
 * see it (text nodes concatenated, soft breaks as "\n"). */
static void
md_plain(cmark_node *root, struct kz_buf *b)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		if (t == CMARK_NODE_TEXT) {
			assert_int_equal(
			    kz_buf_puts(b, cmark_node_get_literal(n)), KZ_OK);
		} else if (t == CMARK_NODE_SOFTBREAK) {
			assert_int_equal(kz_buf_putc(b, '\n'), KZ_OK);
		} else if (t != CMARK_NODE_DOCUMENT &&
		    t != CMARK_NODE_PARAGRAPH && t != CMARK_NODE_HEADING) {
			fail_msg("unexpected node %s",
			    cmark_node_get_type_string(n));
		}
	}
	cmark_iter_free(it);
}

static void
test_render_md_text_reads_back_through_cmark(void **state)
{
	static const char *const cases[] = {
	    "plain text",
	    "*bold* _it_ `code` [link](http://x) <b>html</b> &amp; &#65;",
	    "# not a heading",
	    "1. not a list",
	    "12) not a list",
	    "- not a list",
	    "+ not a list",
	    "> not a quote",
	    "--- not a rule",
	    "=== x",
	    "~~~ not a fence",
	    "``` not a fence",
	    "back\\slash \\* \\",
	    "C# and F# #",
	    "line one\n- line two\n=====\n2. three",
	    "tail two spaces  \nnext",
	    "<https://autolink.kz>",
	    "![img](x.png)",
	    "[ref]: http://x",
	    "***",
	    "Instagram @uralsk_week_media",
	};
	(void)state;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct kz_buf md, plain, want;
		kz_buf_init(&md, 4096);
		kz_buf_init(&plain, 4096);
		kz_buf_init(&want, 4096);
		assert_int_equal(
		    kz_render_md_text(&md, cases[i], strlen(cases[i]), 0),
		    KZ_OK);
		cmark_node *doc =
		    cmark_parse_document(md.data, md.len, CMARK_OPT_DEFAULT);
		md_plain(doc, &plain);
		cmark_node_free(doc);
		/* Lines come back trimmed of trailing spaces. */
		for (const char *p = cases[i]; *p != '\0'; p++) {
			if (*p == ' ' && (p[1] == ' ' || p[1] == '\n'))
				continue;
			assert_int_equal(kz_buf_putc(&want, *p), KZ_OK);
		}
		if (strcmp(kz_buf_str(&plain), kz_buf_str(&want)) != 0)
			fail_msg("case %zu: md \"%s\" reads back as \"%s\"", i,
			    kz_buf_str(&md), kz_buf_str(&plain));
		kz_buf_fini(&md);
		kz_buf_fini(&plain);
		kz_buf_fini(&want);
	}
}

static void
test_render_md_imports_back(void **state)
{
	struct fx *f = *state;
	struct kz_import_doc doc;
	struct kz_err err = {0};

	add_three(f);
	add(f, 4, "law", D(2025, 11, 5), "Закон о *медиа* [2025] #1",
	    "Первый абзац с <тегом> & знаком_подчёркивания.\n\n"
	    "1. Не список, а текст.",
	    NULL, NULL, NULL, NULL,
	    "https://adilet.zan.kz/rus/docs/Z2500000001");
	kz_incident_add_source(&f->items[3], "https://example.kz/second", NULL);

	for (int l = 0; l < KZ_LANG_COUNT; l++) {
		f->opts.lang = (enum kz_lang)l;
		const char *md = render(f, KZ_FMT_MD, NULL);
		char *copy = kz_xstrdup(md);
		kz_rc rc = kz_import_md_parse(
		    copy, strlen(copy), "report.md", &f->tax, &doc, &err);
		if (rc != KZ_OK) {
			print_error("import (%s): %s\n%s", kz_lang_code(l),
			    err.msg, copy);
			free(copy);
			fail();
		}
		assert_int_equal(kz_date_cmp(doc.period_from, f->opts.from), 0);
		assert_int_equal(kz_date_cmp(doc.period_to, f->opts.to), 0);
		assert_int_equal(doc.n, f->n);
		/* The report order: expression(1), privacy(2), law(4),
		 * courts(3); item 4 has ru text only, so it falls back. */
		static const size_t order[] = {0, 1, 3, 2};
		for (size_t i = 0; i < doc.n; i++) {
			const struct kz_incident *want = &f->items[order[i]];
			const struct kz_incident *got = &doc.items[i];
			enum kz_lang wl = want->title[l] != NULL
			    ? (enum kz_lang)l
			    : KZ_LANG_RU;
			const char *gt = NULL, *gs = NULL;
			for (int k = 0; k < KZ_LANG_COUNT; k++) {
				if (got->title[k] != NULL) {
					gt = got->title[k];
					gs = got->summary[k];
				}
			}
			assert_string_equal(got->section, want->section);
			assert_non_null(gt);
			assert_string_equal(gt, want->title[wl]);
			assert_non_null(gs);
			assert_string_equal(gs, want->summary[wl]);
			assert_int_equal(got->nsources, want->nsources);
			for (size_t s = 0; s < got->nsources; s++)
				assert_string_equal(
				    got->sources[s].url, want->sources[s].url);
		}
		kz_import_doc_fini(&doc);
		free(copy);
	}
}

static void
test_render_10000_incidents_quickly(void **state)
{
	struct fx *f = *state;
	size_t n = 10000;
	struct kz_incident *items = kz_xcalloc(n, sizeof *items);
	struct timespec t0, t1;

	for (size_t i = 0; i < n; i++) {
		char t[128], s[512], u[128];
		kz_incident_init(&items[i]);
		items[i].id = (int64_t)(n - i);
		snprintf(items[i].section, sizeof items[i].section, "%s",
		    f->tax.sections[i % f->tax.n].id);
		items[i].occurred_on =
		    D(2025, (int)(i % 12) + 1, (int)(i % 28) + 1);
		snprintf(t, sizeof t, "Инцидент номер %zu <в> \"кавычках\"", i);
		snprintf(s, sizeof s,
		    "Сводка %zu: текст с *разметкой* и & знаками.\n\n"
		    "Второй абзац, достаточно длинный, чтобы быть похожим на "
		    "настоящий текст отчёта о цифровых правах.",
		    i);
		snprintf(u, sizeof u, "https://example.kz/news/%zu?a=1&b=2", i);
		kz_incident_set_text(
		    &items[i].title[i % 7 == 0 ? KZ_LANG_KK : KZ_LANG_RU], t);
		kz_incident_set_text(
		    &items[i].summary[i % 7 == 0 ? KZ_LANG_KK : KZ_LANG_RU], s);
		kz_incident_add_source(&items[i], u, u);
	}
	for (int fmt = KZ_FMT_MD; fmt <= KZ_FMT_CSV; fmt++) {
		struct kz_err err = {0};
		size_t missing = 0;
		kz_buf_reset(&f->out);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		assert_int_equal(kz_render_report(&f->out, (enum kz_format)fmt,
		                     &f->opts, items, n, &missing, &err),
		    KZ_OK);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		double secs = (double)(t1.tv_sec - t0.tv_sec) +
		    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
		print_message("format %d: %zu incidents, %zu bytes, %.3f s\n",
		    fmt, n, f->out.len, secs);
		assert_int_equal(missing, (n + 6) / 7);
		/* Generous, so sanitizer builds pass too; the dev build
		 * takes a few ms. */
		assert_true(secs < 5.0);
		if (fmt == KZ_FMT_JSON)
			assert_true(json_valid(f->out.data, f->out.len));
	}
	for (size_t i = 0; i < n; i++)
		kz_incident_fini(&items[i]);
	free(items);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_date_format_long_in_each_language),
	    cmocka_unit_test(test_date_format_long_reads_back_as_period),
	    cmocka_unit_test(test_format_parse),
	    cmocka_unit_test(test_render_time_is_rfc3339_utc),
	    cmocka_unit_test_setup_teardown(
	        test_render_md_ru_shape, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_render_md_kk_and_en_headings, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_render_html_dates_per_language, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_render_sections_follow_taxonomy_then_date_then_id, setup,
	        teardown),
	    cmocka_unit_test_setup_teardown(
	        test_render_fallback_is_marked_and_counted, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_render_escapes_script_everywhere, setup, teardown),
	    cmocka_unit_test(test_render_json_escapes_controls_and_separators),
	    cmocka_unit_test(test_render_csv_quotes_and_guards_formulas),
	    cmocka_unit_test_setup_teardown(
	        test_render_csv_shape, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_render_incident_json_shape, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_render_json_report_is_valid, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_render_empty_report, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_render_html_is_self_contained, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_render_rejects_bad_options, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_render_limit_leaves_buffer_unchanged, setup, teardown),
	    cmocka_unit_test(test_render_md_text_reads_back_through_cmark),
	    cmocka_unit_test_setup_teardown(
	        test_render_md_imports_back, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_render_10000_incidents_quickly, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
