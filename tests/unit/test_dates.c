/* Month names, periods, event dates and language guesses (text.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kuzet/text.h"

static void
expect_date(struct kz_date got, int y, int m, int d, const char *what)
{
	if (got.y != y || got.m != m || got.d != d)
		fail_msg("%s: got %04d-%02d-%02d, want %04d-%02d-%02d", what,
		    got.y, got.m, got.d, y, m, d);
}

static void
test_month_parse_forms(void **state)
{
	static const struct {
		const char *word;
		int month;
	} cases[] = {
	    /* Russian, every case form */
	    {"январь", 1},
	    {"января", 1},
	    {"январе", 1},
	    {"январю", 1},
	    {"январём", 1},
	    {"январем", 1},
	    {"ЯНВАРЯ", 1},
	    {"Февраль", 2},
	    {"февраля", 2},
	    {"март", 3},
	    {"марта", 3},
	    {"марте", 3},
	    {"мартом", 3},
	    {"апреле", 4},
	    {"май", 5},
	    {"мая", 5},
	    {"мае", 5},
	    {"июнь", 6},
	    {"июля", 7},
	    {"август", 8},
	    {"августа", 8},
	    {"августе", 8},
	    {"сентябрь", 9},
	    {"сентября", 9},
	    {"сентябре", 9},
	    {"октября", 10},
	    {"ноябрю", 11},
	    {"декабрь", 12},
	    {"декабря", 12},
	    {"дек", 12},
	    {"сент", 9},
	    /* Kazakh, with case endings */
	    {"қаңтар", 1},
	    {"қаңтарда", 1},
	    {"қаңтардың", 1},
	    {"Қаңтарда", 1},
	    {"ақпан", 2},
	    {"ақпанның", 2},
	    {"наурызда", 3},
	    {"сәуір", 4},
	    {"сәуірде", 4},
	    {"мамыр", 5},
	    {"маусымда", 6},
	    {"шілде", 7},
	    {"шілдеде", 7},
	    {"шілденің", 7},
	    {"тамыз", 8},
	    {"тамызда", 8},
	    {"қыркүйек", 9},
	    {"қыркүйекте", 9},
	    {"қыркүйектің", 9},
	    {"ҚЫРКҮЙЕКТЕ", 9},
	    {"қыркүйегі", 9},
	    {"қыркүйегінде", 9},
	    {"қазан", 10},
	    {"қазанда", 10},
	    {"қараша", 11},
	    {"қарашада", 11},
	    {"желтоқсан", 12},
	    {"желтоқсанда", 12},
	    {"желтоқсаннан", 12},
	    /* English */
	    {"January", 1},
	    {"february", 2},
	    {"MAY", 5},
	    {"Sept", 9},
	    {"sep", 9},
	    {"December", 12},
	    /* not month names */
	    {"маяк", 0},
	    {"мартышка", 0},
	    {"марш", 0},
	    {"августовский", 0},
	    {"январский", 0},
	    {"қыркүйег", 0},
	    {"тамызшы", 0},
	    {"Januaryx", 0},
	    {"mayor", 0},
	    {"2025", 0},
	    {"", 0},
	    {" январь", 0},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t len = 0;
		int m =
		    kz_month_parse(cases[i].word, strlen(cases[i].word), &len);
		if (m != cases[i].month)
			fail_msg("\"%s\": month %d, want %d", cases[i].word, m,
			    cases[i].month);
		if (m != 0 && len != strlen(cases[i].word))
			fail_msg("\"%s\": len %zu", cases[i].word, len);
	}
}

static void
test_month_parse_stops_at_word_end(void **state)
{
	size_t len = 0;
	(void)state;
	const char *s1 = "сентября 2025", *s2 = "марта,", *s3 = "тамыз–қаңтар";
	assert_int_equal(kz_month_parse(s1, strlen(s1), &len), 9);
	assert_int_equal(len, strlen("сентября"));
	assert_int_equal(kz_month_parse(s2, strlen(s2), &len), 3);
	assert_int_equal(len, strlen("марта"));
	assert_int_equal(kz_month_parse(s3, strlen(s3), &len), 8);
	assert_int_equal(len, strlen("тамыз"));
	/* n is honoured: "январь" cut to 3 letters is the abbreviation "янв",
	 * to 2 letters nothing */
	assert_int_equal(kz_month_parse("январь", 6, NULL), 1);
	assert_int_equal(kz_month_parse("январь", 4, NULL), 0);
	assert_int_equal(kz_month_parse(NULL, 0, NULL), 0);
}

static void
test_period_find_forms(void **state)
{
	static const struct {
		const char *text;
		int fy, fm, fd, ty, tm, td;
	} cases[] = {
	    {"Предлагаем вашему вниманию Мониторинг цифровых прав в "
	     "Казахстане за август 25 – январь 26 года, который помогает",
	        2025, 8, 1, 2026, 1, 31},
	    {"август 2025 – январь 2026", 2025, 8, 1, 2026, 1, 31},
	    {"2025 жылғы тамыз – 2026 жылғы қаңтар", 2025, 8, 1, 2026, 1, 31},
	    {"August 2025 – January 2026", 2025, 8, 1, 2026, 1, 31},
	    {"Мониторинг цифровых прав за период 1 августа 2025 – 31 января "
	     "2026.",
	        2025, 8, 1, 2026, 1, 31},
	    {"Цифрлық құқықтар мониторингі: 2025 жылғы 1 тамыз – 2026 жылғы "
	     "31 қаңтар кезеңі.",
	        2025, 8, 1, 2026, 1, 31},
	    {"Digital rights monitoring for 1 August 2025 – 31 January 2026.",
	        2025, 8, 1, 2026, 1, 31},
	    {"за февраль 24 - март 24 года", 2024, 2, 1, 2024, 3, 31},
	    {"за февраль 24 — февраль 24 года", 2024, 2, 1, 2024, 2, 29},
	    {"сентябрь—декабрь 2025", 2025, 9, 1, 2025, 12, 31},
	    {"с 1 сентября по 30 ноября 2025 года", 2025, 9, 1, 2025, 11, 30},
	    {"ноябрь 2025 – февраль", 2025, 11, 1, 2026, 2, 28},
	    {"2025-08-01 – 2026-01-31", 2025, 8, 1, 2026, 1, 31},
	    {"Мониторинг за сентябрь 2025 года.", 2025, 9, 1, 2025, 9, 30},
	    {"2025 жылғы қыркүйек", 2025, 9, 1, 2025, 9, 30},
	    {"from September 1, 2025 to January 31, 2026", 2025, 9, 1, 2026, 1,
	        31},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct kz_date f = {0, 0, 0}, t = {0, 0, 0};
		char what[64];

		if (!kz_period_find(
		        cases[i].text, strlen(cases[i].text), &f, &t))
			fail_msg("no period in \"%s\"", cases[i].text);
		snprintf(what, sizeof what, "case %zu from", i);
		expect_date(f, cases[i].fy, cases[i].fm, cases[i].fd, what);
		snprintf(what, sizeof what, "case %zu to", i);
		expect_date(t, cases[i].ty, cases[i].tm, cases[i].td, what);
	}
}

static void
test_period_find_rejects(void **state)
{
	static const char *const none[] = {
	    "",
	    "Мониторинг цифровых прав",
	    "январь – февраль",
	    "август 2026 – январь 2025",
	    "31 февраля 2025 – 3 марта 2025",
	    "с 2024 по 2025 год",
	    "26 сентября 2025 года",
	};
	(void)state;
	for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
		struct kz_date f = {7, 7, 7}, t = {7, 7, 7};

		if (kz_period_find(none[i], strlen(none[i]), &f, &t))
			fail_msg("found a period in \"%s\": %d-%d-%d", none[i],
			    f.y, f.m, f.d);
		/* out-parameters untouched */
		assert_int_equal(f.y, 7);
		assert_int_equal(t.y, 7);
	}
}

static void
test_date_find_year_from_period(void **state)
{
	const struct kz_date from = {2025, 8, 1}, to = {2026, 1, 31};
	static const struct {
		const char *text;
		int y, m, d; /* y == 0: nothing found */
	} cases[] = {
	    /* the seed's three examples */
	    {"26 сентября президент Казахстана Касым-Жомарт Токаев заявил",
	        2025, 9, 26},
	    {"Редакция «Власти» 10 декабря сообщила о том, что сайт", 2025, 12,
	        10},
	    {"14 января апелляционная коллегия административного суда", 2026, 1,
	        14},
	    {"Указ об этом подписал президент Токаев 18 сентября.", 2025, 9,
	        18},
	    {"Суд назначен на 1\xc2\xa0декабря", 2025, 12, 1},
	    {"С 18 января 2026 года в Казахстане вступит в силу", 2026, 1, 18},
	    {"2025 жылғы 26 қыркүйек күні", 2025, 9, 26},
	    {"26 қыркүйекте Тоқаев мәлімдеді", 2025, 9, 26},
	    {"14 қаңтарда сот шешім шығарды", 2026, 1, 14},
	    {"On September 26, 2025 the president said", 2025, 9, 26},
	    {"on 26 September the president said", 2025, 9, 26},
	    {"on December 10 the site went down", 2025, 12, 10},
	    {"атаки 1–3 декабря", 2025, 12, 1},
	    {"2025-12-10", 2025, 12, 10},
	    /* dates outside the period are skipped */
	    {"публикацию от 27 января 2025 года недостоверной", 0, 0, 0},
	    {"публикацию от 27 января 2025 года; суд назначен на 1 декабря",
	        2025, 12, 1},
	    {"15 мая", 0, 0, 0},
	    {"31 февраля", 0, 0, 0},
	    {"31 сентября и 2 октября", 2025, 10, 2},
	    /* no day and month together */
	    {"За январь–июль текущего года в РК", 0, 0, 0},
	    {"штраф 5000 МРП, 16 млн граждан, 18,4%", 0, 0, 0},
	    {"за 2023 год", 0, 0, 0},
	    {"", 0, 0, 0},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct kz_date got = {7, 7, 7};
		int found = kz_date_find(
		    cases[i].text, strlen(cases[i].text), from, to, &got);

		if (cases[i].y == 0) {
			if (found)
				fail_msg("\"%s\": found %d-%d-%d",
				    cases[i].text, got.y, got.m, got.d);
			assert_int_equal(got.y, 7);
			continue;
		}
		if (!found)
			fail_msg("\"%s\": no date", cases[i].text);
		expect_date(
		    got, cases[i].y, cases[i].m, cases[i].d, cases[i].text);
	}
}

static void
test_date_find_without_period(void **state)
{
	const struct kz_date unknown = {0, 0, 0};
	struct kz_date got;
	const char *t1 = "26 сентября президент заявил";
	const char *t2 = "26 сентября 2025 года президент заявил";
	const char *t3 = "2025 жылғы 26 қыркүйек";
	(void)state;
	assert_false(kz_date_find(t1, strlen(t1), unknown, unknown, &got));
	assert_true(kz_date_find(t2, strlen(t2), unknown, unknown, &got));
	expect_date(got, 2025, 9, 26, t2);
	assert_true(kz_date_find(t3, strlen(t3), unknown, unknown, &got));
	expect_date(got, 2025, 9, 26, t3);
}

static void
test_date_find_period_in_one_year(void **state)
{
	const struct kz_date from = {2024, 1, 1}, to = {2024, 12, 31};
	struct kz_date got;
	const char *t = "29 февраля";
	(void)state;
	assert_true(kz_date_find(t, strlen(t), from, to, &got));
	expect_date(got, 2024, 2, 29, t);
}

static void
test_lang_guess(void **state)
{
	static const struct {
		const char *text;
		enum kz_lang lang;
	} cases[] = {
	    {"Токаев высказался о провокационных материалах в соцсетях",
	        KZ_LANG_RU},
	    {"Сот прецеденттері", KZ_LANG_KK},
	    {"Пікір білдіру бостандығы және ақпаратқа қол жеткізу", KZ_LANG_KK},
	    {"2025 жылғы 26 қыркүйекте Президент мәлімдеме жасады", KZ_LANG_KK},
	    {"Court precedents", KZ_LANG_EN},
	    {"Freedom House: Kazakhstan is Not Free", KZ_LANG_EN},
	    {"Apple и Google предупредили пользователей в Казахстане",
	        KZ_LANG_RU},
	    /* one Kazakh name in a long Russian text stays Russian */
	    {"В Алматы задержали блогера и журналиста по делу о разжигании "
	     "национальной розни, сообщает Азаттык; его зовут Мырзатайұлы, и "
	     "он ранее уже сталкивался с давлением со стороны властей.",
	        KZ_LANG_RU},
	    {"", KZ_LANG_RU},
	    {"12345", KZ_LANG_RU},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		enum kz_lang l =
		    kz_lang_guess(cases[i].text, strlen(cases[i].text));
		if (l != cases[i].lang)
			fail_msg("\"%s\": %s, want %s", cases[i].text,
			    kz_lang_code(l), kz_lang_code(cases[i].lang));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_month_parse_forms),
	    cmocka_unit_test(test_month_parse_stops_at_word_end),
	    cmocka_unit_test(test_period_find_forms),
	    cmocka_unit_test(test_period_find_rejects),
	    cmocka_unit_test(test_date_find_year_from_period),
	    cmocka_unit_test(test_date_find_without_period),
	    cmocka_unit_test(test_date_find_period_in_one_year),
	    cmocka_unit_test(test_lang_guess),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
