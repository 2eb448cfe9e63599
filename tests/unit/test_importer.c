/*
 * kz_import_md_parse and kz_import_match_section: heading forms, the item
 * forms of the seed report, the seed itself (from KZ_SHARED_DIR), the
 * cases in tests/cases/import/, bad and pathological inputs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kuzet/import.h"
#include "kuzet/render.h"
#include "kuzet/limits.h"
#include "kuzet/text.h"

static struct kz_taxonomy tax;

static int
setup(void **state)
{
	(void)state;
	kz_taxonomy_default(&tax);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	kz_taxonomy_fini(&tax);
	return 0;
}

static kz_rc
parse(const char *md, struct kz_import_doc *doc, struct kz_err *err)
{
	return kz_import_md_parse(md, strlen(md), "t.md", &tax, doc, err);
}

/* Parse md, which must succeed. */
static void
parse_ok(const char *md, struct kz_import_doc *doc)
{
	struct kz_err err = {0};
	kz_rc rc = parse(md, doc, &err);
	if (rc != KZ_OK)
		fail_msg("parse failed: %s", err.msg);
}

/* Parse md, which must fail with rc and a message containing want. */
static void
parse_bad(const char *md, size_t len, kz_rc rc, const char *want)
{
	struct kz_import_doc doc = {0};
	struct kz_err err = {0};
	kz_rc got = kz_import_md_parse(md, len, "t.md", &tax, &doc, &err);
	if (got != rc)
		fail_msg("rc %d, want %d (%s) for want \"%s\"", got, rc,
		    err.msg, want);
	if (strstr(err.msg, want) == NULL)
		fail_msg("message \"%s\" lacks \"%s\"", err.msg, want);
	if (strncmp(err.msg, "t.md:", 5) != 0)
		fail_msg("message \"%s\" does not name the file", err.msg);
	assert_int_equal(doc.n, 0);
	assert_null(doc.items);
}

static const char *
title_of(const struct kz_incident *inc)
{
	for (int l = 0; l < KZ_LANG_COUNT; l++)
		if (inc->title[l] != NULL)
			return inc->title[l];
	return NULL;
}

static const char *
summary_of(const struct kz_incident *inc)
{
	for (int l = 0; l < KZ_LANG_COUNT; l++)
		if (inc->summary[l] != NULL)
			return inc->summary[l];
	return NULL;
}

static void
expect_date(struct kz_date got, int y, int m, int d)
{
	if (got.y != y || got.m != m || got.d != d)
		fail_msg("got %04d-%02d-%02d, want %04d-%02d-%02d", got.y,
		    got.m, got.d, y, m, d);
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

/* 1 if s is valid UTF-8 without Markdown markup or untidy whitespace. */
static int
plain(const char *s)
{
	size_t n = strlen(s);
	if (!kz_utf8_valid(s, n, NULL) || n == 0)
		return 0;
	if (s[0] == ' ' || s[n - 1] == ' ' || strstr(s, "  ") != NULL ||
	    strstr(s, "**") != NULL || strstr(s, "](") != NULL ||
	    strstr(s, "<http") != NULL || strstr(s, "\n\n\n") != NULL)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '\t' || s[i] == '\r' ||
		    (s[i] == '\n' && (i + 1 >= n || s[i + 1] != '\n') &&
		        (i == 0 || s[i - 1] != '\n')))
			return 0;
	return 1;
}

/* ---- section headings ---- */

static void
test_match_section_by_number_and_name(void **state)
{
	static const struct {
		const char *heading;
		int want;
	} cases[] = {
	    {"1. Свобода выражения мнения и доступ к информации", 0},
	    {"Свобода выражения мнения и доступ к информации", 0},
	    {"2. Защита персональных данных", 1},
	    {"3. Кибербезопасность", 2},
	    {"3. Кибербезопасность и инфраструктура", 2},
	    {"4. Правовое регулирование", 3},
	    {"5. Судебные precedents", 4},
	    {"Судебные precedents", 4},
	    {"Судебные прецеденты", 4},
	    /* Kazakh */
	    {"Пікір білдіру бостандығы және ақпаратқа қол жеткізу", 0},
	    {"2. Дербес деректерді қорғау", 1},
	    {"Киберқауіпсіздік және инфрақұрылым", 2},
	    {"Құқықтық реттеу", 3},
	    {"Сот прецеденттері", 4},
	    /* English */
	    {"Freedom of expression and access to information", 0},
	    {"Personal data protection", 1},
	    {"3. CYBERSECURITY AND INFRASTRUCTURE", 2},
	    {"Legal regulation", 3},
	    {"5) Court precedents", 4},
	    /* numbers only */
	    {"1.", 0},
	    {"3", 2},
	    {"4:", 3},
	    {" 5. ", 4},
	    /* the name wins over the number */
	    {"2. Свобода выражения мнения", 0},
	    /* nothing */
	    {"Введение", -1},
	    {"6.", -1},
	    {"0. ", -1},
	    {"", -1},
	    {"2025 год", -1},
	    {"Контакты и методология", -1},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int got = kz_import_match_section(&tax, cases[i].heading);
		if (got != cases[i].want)
			fail_msg("\"%s\": %d, want %d", cases[i].heading, got,
			    cases[i].want);
	}
	assert_int_equal(kz_import_match_section(NULL, "1."), -1);
	assert_int_equal(kz_import_match_section(&tax, NULL), -1);
}

static void
test_import_heading_forms(void **state)
{
	static const struct {
		const char *heading;
		const char *section;
	} cases[] = {
	    {"## 3. Кибербезопасность", "cyber"},
	    {"## **5. Судебные precedents**", "courts"},
	    {"## **1. Свобода выражения мнения и доступ к информации**",
	        "expression"},
	    {"## Сот прецеденттері", "courts"},
	    {"## 2. Дербес деректерді қорғау", "privacy"},
	    {"## 4. Legal regulation", "law"},
	    {"## Personal data protection", "privacy"},
	    {"## 2.", "privacy"},
	    {"## 4", "law"},
	    {"# 3. Кибербезопасность", "cyber"},
	    {"Правовое регулирование\n---", "law"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char md[512];
		struct kz_import_doc doc = {0};

		snprintf(md, sizeof md,
		    "%s\n\n### Заголовок\n\nТекст 26 сентября.\n",
		    cases[i].heading);
		parse_ok(md, &doc);
		assert_int_equal(doc.n, 1);
		if (strcmp(doc.items[0].section, cases[i].section) != 0)
			fail_msg("\"%s\": section %s, want %s",
			    cases[i].heading, doc.items[0].section,
			    cases[i].section);
		kz_import_doc_fini(&doc);
	}
}

/* ---- item forms ---- */

static const char forms_md[] =
    "# Мониторинг цифровых прав\n"
    "\n"
    "Мониторинг за август 25 – январь 26 года.\n"
    "\n"
    "## **1. Свобода выражения мнения и доступ к информации**\n"
    "\n"
    "### **Заголовок в heading**\n"
    "\n"
    "Первый абзац 26 сентября.\n"
    "\n"
    "Второй абзац с **жирным Aitu** и `кодом`.\n"
    "\n"
    "<https://a.example.kz/1?utm_source=chatgpt.com>\n"
    "\n"
    "**Жирный абзац как заголовок**\n"
    "\n"
    "Текст, разорванный посреди фразы: при этом выявлены\n"
    "\n"
    "многомиллиардные траты и «незаконный»\n"
    "\n"
    "«контент» удаляли.\n"
    "\n"
    "[https://b.example.kz/x\\_y?utm\\\\_source=chatgpt.com]"
    "(https://b.example.kz/x_y?utm_source=chatgpt.com)\n"
    "\n"
    "**Заголовок и перенос**  \n"
    "Сводка в том же абзаце, сообщает [Exclusive.kz](https://exclusive.kz)."
    "  \n"
    "Параллельно поправки затрагивают закон. "
    "<https://c.example.kz/2>\n"
    "\n"
    "## 3. Кибербезопасность и инфраструктура\n"
    "\n"
    "Заголовок без разметки после раздела\n"
    "\n"
    "Сводка про портал [Kyzdar.net](http://Kyzdar.net) без точки\n"
    "\n"
    "Следующий абзац с большой буквы.\n"
    "\n"
    "<https://d.example.kz/3>\n"
    "\n"
    "Заголовок без разметки после пункта\n"
    "\n"
    "> ⚠ Нет перевода на русский: текст на казахском (kk).\n"
    "\n"
    "Сводка последнего пункта 10 декабря. "
    "<https://e.example.kz/4> <https://e.example.kz/4#dup>\n";

static void
test_import_item_forms(void **state)
{
	struct kz_import_doc doc = {0};
	const struct kz_incident *it;
	(void)state;

	parse_ok(forms_md, &doc);
	assert_int_equal(doc.n, 5);
	assert_int_equal(doc.lang, KZ_LANG_RU);
	expect_date(doc.period_from, 2025, 8, 1);
	expect_date(doc.period_to, 2026, 1, 31);

	/* ### **Title** */
	it = &doc.items[0];
	assert_string_equal(it->section, "expression");
	assert_int_equal(it->status, KZ_STATUS_PUBLISHED);
	assert_string_equal(it->title[KZ_LANG_RU], "Заголовок в heading");
	assert_null(it->title[KZ_LANG_KK]);
	assert_string_equal(it->summary[KZ_LANG_RU],
	    "Первый абзац 26 сентября.\n\n"
	    "Второй абзац с жирным Aitu и кодом.");
	assert_int_equal(it->nsources, 1);
	assert_string_equal(it->sources[0].url,
	    "https://a.example.kz/1?utm_source=chatgpt.com");
	assert_string_equal(it->sources[0].url_norm, "https://a.example.kz/1");
	expect_date(it->occurred_on, 2025, 9, 26);
	expect_date(it->period_from, 2025, 8, 1);
	expect_date(it->period_to, 2026, 1, 31);
	assert_int_equal(doc.lines[0], 7);

	/* **Title** paragraph; a paragraph split mid-sentence is joined */
	it = &doc.items[1];
	assert_string_equal(
	    it->title[KZ_LANG_RU], "Жирный абзац как заголовок");
	assert_string_equal(it->summary[KZ_LANG_RU],
	    "Текст, разорванный посреди фразы: при этом выявлены "
	    "многомиллиардные траты и «незаконный» «контент» удаляли.");
	assert_int_equal(it->nsources, 1);
	assert_string_equal(it->sources[0].url,
	    "https://b.example.kz/x_y?utm_source=chatgpt.com");
	assert_string_equal(
	    it->sources[0].url_norm, "https://b.example.kz/x_y");
	assert_true(kz_date_unknown(it->occurred_on));
	assert_int_equal(doc.lines[1], 15);

	/* **Title**  \nSummary: a hard break separates paragraphs; a link
	 * whose text is not a URL stays text */
	it = &doc.items[2];
	assert_string_equal(it->title[KZ_LANG_RU], "Заголовок и перенос");
	assert_string_equal(it->summary[KZ_LANG_RU],
	    "Сводка в том же абзаце, сообщает Exclusive.kz.\n\n"
	    "Параллельно поправки затрагивают закон.");
	assert_int_equal(it->nsources, 1);
	assert_string_equal(it->sources[0].url_norm, "https://c.example.kz/2");

	/* a plain line after a section heading */
	it = &doc.items[3];
	assert_string_equal(it->section, "cyber");
	assert_string_equal(
	    it->title[KZ_LANG_RU], "Заголовок без разметки после раздела");
	assert_string_equal(it->summary[KZ_LANG_RU],
	    "Сводка про портал Kyzdar.net без точки\n\n"
	    "Следующий абзац с большой буквы.");
	assert_int_equal(it->nsources, 1);

	/* a plain line after a finished item; the ⚠ note is skipped; the
	 * same source twice is one source */
	it = &doc.items[4];
	assert_string_equal(
	    it->title[KZ_LANG_RU], "Заголовок без разметки после пункта");
	assert_string_equal(
	    it->summary[KZ_LANG_RU], "Сводка последнего пункта 10 декабря.");
	assert_int_equal(it->nsources, 1);
	assert_string_equal(it->sources[0].url_norm, "https://e.example.kz/4");
	expect_date(it->occurred_on, 2025, 12, 10);

	for (size_t i = 0; i < doc.n; i++) {
		assert_true(plain(title_of(&doc.items[i])));
		assert_true(plain(summary_of(&doc.items[i])));
	}
	kz_import_doc_fini(&doc);
	/* fini leaves an empty doc; a second fini is harmless */
	assert_int_equal(doc.n, 0);
	kz_import_doc_fini(&doc);
	kz_import_doc_fini(NULL);
}

static void
test_import_bold_source_is_not_a_title(void **state)
{
	struct kz_import_doc doc = {0};
	(void)state;
	/* bold around nothing but a source link starts no item */
	parse_ok("## 1.\n\n### T\n\nX.\n\n**<https://a.kz>**  \nText.\n\n"
	         "<https://b.kz>\n\n**<https://c.kz>**\n\nMore text.\n",
	    &doc);
	assert_int_equal(doc.n, 1);
	assert_string_equal(doc.items[0].title[KZ_LANG_EN], "T");
	assert_string_equal(
	    doc.items[0].summary[KZ_LANG_EN], "X.\n\nText.\n\nMore text.");
	assert_int_equal(doc.items[0].nsources, 3);
	kz_import_doc_fini(&doc);
	parse_bad("## 1.\n\n**<https://a.kz>**\n\nText.\n", 33, KZ_EPARSE,
	    "t.md:3: expected an item title");
}

static void
test_import_item_language(void **state)
{
	struct kz_import_doc doc = {0};
	(void)state;
	parse_ok("## 1.\n\n### Сайт басылымы бұғатталды\n\n"
	         "Редакция сайттың қолжетімсіз болғанын хабарлады.\n\n"
	         "### Site blocked\n\nThe site was blocked on December 3.\n",
	    &doc);
	assert_int_equal(doc.n, 2);
	assert_non_null(doc.items[0].title[KZ_LANG_KK]);
	assert_null(doc.items[0].title[KZ_LANG_RU]);
	assert_non_null(doc.items[1].title[KZ_LANG_EN]);
	assert_non_null(doc.items[1].summary[KZ_LANG_EN]);
	/* no period: a date without a year is not guessed */
	assert_true(kz_date_unknown(doc.items[1].occurred_on));
	assert_true(kz_date_unknown(doc.period_from));
	kz_import_doc_fini(&doc);
}

/* ---- the seed report ---- */

static const struct {
	const char *section;
	const char *title;
	const char *prefix, *suffix; /* of the summary */
	int len; /* code points */
	int nsources;
} seed_items[] = {
    {"expression", "Токаев высказался о провокационных материалах в соцсетях",
        "26 сентября президент Ка", "ное общественное мнение.", 705, 1},
    {"expression", "В Казахстане появился центр по борьбе с дезинформацией",
        "Его создали в структуре ", "м информационным темам\".", 419, 1},
    {"expression",
        "Минкульт объяснил блокировку издания «Республика» решением суда 2012 "
        "года",
        "Министерство культуры и ", "сят регулярный характер.", 495, 1},
    {"expression",
        "В Instagram'е удалены аккаунты двух казахстанских журналистов",
        "В Instagram удалены акка", "своих страниц и каналов.", 421, 1},
    {"expression",
        "Аккаунт журналиста Ахмедьярова удален после публикации о давлении со "
        "стороны Минобороны",
        "Аккаунт журналиста Лукпа", "м обычных пользователей.", 472, 1},
    {"expression", "Сайт Factcheck.kz оказался частично недоступен в России",
        "В январе читатели из Рос", "йчас доступен через VPN.", 343, 1},
    {"expression",
        "Сайт издания «Власть» на протяжении четырёх недель подвергается "
        "DDoS-атакам",
        "Редакция «Власти» 10 дек", " замедлили работу сайта.", 506, 1},
    {"expression",
        "Аккаунт издания “Уральская неделя” заблокирован в Instagram",
        "О блокировке сообщила ре", "аунт @uralsk_week_media.", 482, 1},
    {"privacy",
        "Киберугроза: почему произошла утечка персональных данных казахстанцев "
        "и как их защитить",
        "В Казахстане произошла у", "людать цифровую гигиену.", 482, 1},
    {"privacy",
        "Минцифры объяснило утечку данных 16 млн казахстанцев и «мертвые» "
        "стартапы на 3 млрд",
        "МЦРИАП РК в ответе на де", "Data Finance на 34 млрд.", 475, 1},
    {"privacy",
        "Токаев поручил госорганам перейти на национальный мессенджер для "
        "защиты персональных данных граждан",
        "Президент Касым-Жомарт Т", "анными на эту платформу.", 610, 1},
    {"privacy", "Команда ЦАРКА представила решения в сфере кибербезопасности",
        "В Министерстве цифрового", "т пресс-служба Минцифры.", 307, 1},
    {"privacy",
        "Защита персональных данных: правонарушений стало больше на 18%",
        "За январь–июль текущего ", "логичный период 2024-го.", 226, 1},
    {"privacy",
        "Данные тысяч казахстанских школьников оказались в открытом доступе",
        "В сети оказались данные ", "ла сравнительно недавно.", 417, 1},
    {"privacy",
        "Уголовную ответственность за массовую утечку персональных данных "
        "хотят ввести в Казахстане",
        "В Казахстане предлагают ", "ать наказание по закону.", 484, 1},
    {"cyber", "В Казахстане появилось министерство искусственного интеллекта",
        "Министерство цифрового р", "дент Токаев 18 сентября.", 310, 1},
    {"cyber",
        "Взломы, вирусы, утечка данных: в Казахстане почти вдвое выросло "
        "количество киберпреступлений",
        "В Казахстане почти вдвое", "ародного сотрудничества.", 632, 1},
    {"cyber",
        "КНБ отразил 86,3 млн кибератак и 2156 DDoS-атак на ресурсы госорганов",
        "КазТАГ со ссылкой на пре", "мы мониторинга и защиты.", 350, 1},
    {"cyber",
        "Google и Apple сообщили о попытках киберслежки за пользователями в "
        "странах Центральной Азии",
        "Apple и Google предупред", " неизвестных источников.", 745, 1},
    {"cyber",
        "МВД Казахстана создало рабочую группу для борьбы с сайтом Kyzdar.net",
        "Портал Kyzdar.net уже дв", "локировать новые адреса.", 482, 1},
    {"law", "Как в Казахстане ограничивается свобода выражения онлайн",
        "Согласно отчету неправит", "чением и регулированием.", 354, 1},
    {"law",
        "В Казахстане вводят наказание за дипфейки и отсутствие маркировки "
        "“сделано ИИ”",
        "С 18 января 2026 года в ", "и правил информирования.", 602, 1},
    {"law",
        "Автоматически выявлять дипфейки планируется в Казахстане, сообщил "
        "вице-министр культуры и информации Евгений Кочетов.",
        "В Казахстане разрабатыва", "аймет несколько месяцев.", 381, 1},
    {"law", "В Казахстане принят закон об искусственном интеллекте",
        "Законопроект направлен н", "илу 18 января 2026 года.", 740, 1},
    {"law",
        "Закон есть, платформы нет: почему в Казахстане задерживается запуск "
        "медиасистемы",
        "В Казахстане с 2024 года", "вперёд для медиаотрасли.", 495, 1},
    {"law",
        "Казахстан ужесточает контроль в соцсетях – объясняем по пунктам, что "
        "вводит новый законопроект",
        "Казахстан готовит жёстки", "ьбы с опасным контентом.", 653, 1},
    {"law", "В Казахстане приняли закон о запрете «пропаганды ЛГБТ»",
        "Документ вносит поправки", "ест на срок до 10 суток.", 458, 1},
    {"law",
        "В проекте новой Конституции Казахстана предлагают расширить основания "
        "для ограничения свободы слова и мирных собраний",
        "В проекте новой Конститу", "ионного запрета цензуры.", 565, 1},
    {"courts",
        "Конституционный суд должен ответить, законно ли отключают интернет в "
        "Казахстане",
        "Команда Евразийского Циф", " принципу соразмерности.", 473, 1},
    {"courts",
        "В Алматы задержали блогера и журналиста Мирболата Мырзатайулы по делу "
        "о разжигании национальной розни",
        "В Алматы задержали блоге", "ахская редакция РСЕ/РС).", 200, 1},
    {"courts",
        "Баннерная демократия: как Сенат загнал журналистов в резервацию",
        "В казахстанском Сенате в", "ов на неудобные вопросы.", 241, 1},
    {"courts", "Sotreport.kz выиграл дело о защите деловой репутации",
        "Суд в Астане отказал ТОО", "пока не вступило в силу.", 256, 1},
    {"courts",
        "Правозащитника оштрафовали за распространение ложной информации в "
        "соцсетях",
        "Акимат Павлодара подал в", "уд назначен на 1 декабря", 635, 1},
    {"courts",
        "На главного редактора издания «Орда» Гульнару Бажкенову заведены "
        "несколько уголовных дел",
        "Полиция Алматы заявляет,", " следствие продолжается.", 431, 1},
    {"courts", "На руководителей КазТАГ возбуждено уголовное дело",
        "В отношении руководителе", "аны на допрос 9 декабря.", 564, 1},
    {"courts",
        "Суд прекратил административное дело в отношении журналиста Кирилла "
        "Павлова",
        "Суд прекратил администра", ", сообщает Exclusive.kz.", 599, 1},
    {"courts",
        "Новый уровень давления на СМИ в РК: условный срок за публикацию с "
        "сайта суда",
        "Суд в Казахстане пригово", "амоцензуры в медиасреде.", 399, 1},
    {"courts",
        "Суд признал решение МИД в отказе в аккредитации радио Азаттык "
        "законным",
        "14 января апелляционная ", "рассматриваться в судах.", 878, 1},
};

static char *
read_file(const char *path, size_t *len)
{
	char *data = NULL;
	struct kz_err err = {0};
	if (kz_file_read(path, KZ_IMPORT_FILE_MAX_BYTES, &data, len, &err) !=
	    KZ_OK)
		return NULL;
	return data;
}

static void
test_import_seed_report(void **state)
{
	const char *shared = getenv("KZ_SHARED_DIR");
	const char *ci = getenv("CI");
	char path[4096];
	char *data;
	size_t len;
	struct kz_import_doc doc = {0};
	struct kz_err err = {0};
	int counts[5] = {0};
	(void)state;

	snprintf(path, sizeof path, "%s/seed/000_bfb9eca3802dfca6.txt",
	    shared ? shared : "../shared");
	data = read_file(path, &len);
	if (data == NULL) {
		if (ci != NULL && strcmp(ci, "true") == 0)
			fail_msg("seed report missing: %s", path);
		skip();
	}
	if (kz_import_md_parse(data, len, path, &tax, &doc, &err) != KZ_OK)
		fail_msg("%s", err.msg);
	free(data);

	assert_int_equal(doc.n, 38);
	assert_int_equal(sizeof seed_items / sizeof seed_items[0], 38);
	assert_int_equal(doc.lang, KZ_LANG_RU);
	expect_date(doc.period_from, 2025, 8, 1);
	expect_date(doc.period_to, 2026, 1, 31);
	for (size_t i = 0; i < doc.n; i++) {
		const struct kz_incident *it = &doc.items[i];
		const char *t = it->title[KZ_LANG_RU];
		const char *s = it->summary[KZ_LANG_RU];
		int n;

		if (t == NULL || s == NULL)
			fail_msg("item %zu is not Russian", i);
		if (strcmp(it->section, seed_items[i].section) != 0)
			fail_msg("item %zu \"%s\": section %s, want %s", i, t,
			    it->section, seed_items[i].section);
		if (strcmp(t, seed_items[i].title) != 0)
			fail_msg("item %zu: title \"%s\", want \"%s\"", i, t,
			    seed_items[i].title);
		if (strncmp(s, seed_items[i].prefix,
		        strlen(seed_items[i].prefix)) != 0)
			fail_msg("item %zu: summary starts \"%.60s\"", i, s);
		if (!ends_with(s, seed_items[i].suffix))
			fail_msg("item %zu: summary ends \"%s\"", i,
			    s + strlen(s) - 40);
		n = (int)kz_utf8_len(s, strlen(s));
		if (n < seed_items[i].len - 3 || n > seed_items[i].len + 3)
			fail_msg("item %zu: summary of %d code points, want "
			         "%d",
			    i, n, seed_items[i].len);
		if ((int)it->nsources != seed_items[i].nsources)
			fail_msg("item %zu: %zu sources", i, it->nsources);
		for (size_t k = 0; k < it->nsources; k++) {
			assert_true(strncmp(it->sources[k].url_norm, "https://",
			                8) == 0);
			assert_null(strstr(it->sources[k].url_norm, "utm_"));
		}
		assert_int_equal(it->status, KZ_STATUS_PUBLISHED);
		expect_date(it->period_from, 2025, 8, 1);
		expect_date(it->period_to, 2026, 1, 31);
		assert_true(plain(t));
		assert_true(plain(s));
		assert_true(doc.lines[i] > 0);
		for (int k = 0; k < 5; k++)
			if (strcmp(it->section, tax.sections[k].id) == 0)
				counts[k]++;
	}
	assert_int_equal(counts[0], 8);
	assert_int_equal(counts[1], 7);
	assert_int_equal(counts[2], 5);
	assert_int_equal(counts[3], 8);
	assert_int_equal(counts[4], 10);

	/* the dated examples */
	expect_date(doc.items[0].occurred_on, 2025, 9, 26);
	expect_date(doc.items[6].occurred_on, 2025, 12, 10);
	expect_date(doc.items[37].occurred_on, 2026, 1, 14);
	expect_date(doc.items[15].occurred_on, 2025, 9, 18);
	/* "27 января 2025 года" is before the period: no date */
	assert_true(kz_date_unknown(doc.items[31].occurred_on));
	assert_int_equal(doc.lines[0], 7);
	assert_int_equal(doc.lines[15], 101);
	assert_int_equal(doc.lines[31], 186);
	assert_int_equal(doc.lines[37], 219);

	/* sources: tracking removed, escapes undone */
	assert_string_equal(doc.items[8].sources[0].url,
	    "https://www.inform.kz/ru/"
	    "kiberugroza-pochemu-proizoshla-utechka-personalnih-dannih-"
	    "kazahstantsev-i-kak-ih-zashchitit-df15ec?utm_source=chatgpt.com");
	assert_string_equal(doc.items[8].sources[0].url_norm,
	    "https://www.inform.kz/ru/"
	    "kiberugroza-pochemu-proizoshla-utechka-personalnih-dannih-"
	    "kazahstantsev-i-kak-ih-zashchitit-df15ec");
	assert_string_equal(
	    doc.items[29].sources[0].url_norm, "https://t.me/lmc_kz/4982");
	/* the split paragraphs, joined */
	assert_non_null(strstr(doc.items[9].summary[KZ_LANG_RU],
	    "При этом выявлены многомиллиардные траты"));
	assert_null(strchr(doc.items[9].summary[KZ_LANG_RU], '\n'));
	assert_non_null(strstr(doc.items[25].summary[KZ_LANG_RU],
	    "быстро удалять «незаконный» контент"));
	/* bold kept as text; real paragraphs kept apart */
	assert_non_null(strstr(
	    doc.items[10].summary[KZ_LANG_RU], "мессенджер Aitu, чтобы"));
	assert_non_null(strstr(doc.items[0].summary[KZ_LANG_RU],
	    "в обществе\".\n\nТокаев подчеркнул"));
	/* links that are not sources keep their text */
	assert_string_equal(doc.items[19].title[KZ_LANG_RU],
	    "МВД Казахстана создало рабочую группу для борьбы с сайтом "
	    "Kyzdar.net");
	assert_true(ends_with(
	    doc.items[35].summary[KZ_LANG_RU], "сообщает Exclusive.kz."));
	kz_import_doc_fini(&doc);
}

/* ---- tests/cases/import ---- */

static char *
read_case(const char *name, size_t *len)
{
	const char *src = getenv("KZ_SOURCE_DIR");
	char path[4096];
	char *data;

	snprintf(path, sizeof path, "%s/tests/cases/import/%s",
	    src ? src : "..", name);
	data = read_file(path, len);
	if (data == NULL)
		fail_msg("cannot read %s (set KZ_SOURCE_DIR)", path);
	return data;
}

static void
test_import_case_kazakh(void **state)
{
	size_t len;
	char *data = read_case("kazakh.md", &len);
	struct kz_import_doc doc = {0};
	struct kz_err err = {0};
	(void)state;

	if (kz_import_md_parse(data, len, "kazakh.md", &tax, &doc, &err) !=
	    KZ_OK)
		fail_msg("%s", err.msg);
	free(data);
	assert_int_equal(doc.lang, KZ_LANG_KK);
	expect_date(doc.period_from, 2025, 8, 1);
	expect_date(doc.period_to, 2026, 1, 31);
	assert_int_equal(doc.n, 2);
	assert_string_equal(doc.items[0].section, "expression");
	assert_string_equal(doc.items[0].title[KZ_LANG_KK],
	    "Тәуелсіз басылымның сайты бұғатталды");
	expect_date(doc.items[0].occurred_on, 2025, 9, 26);
	assert_string_equal(doc.items[0].sources[0].url_norm,
	    "https://news.example.kz/kk/1?id=5");
	assert_string_equal(doc.items[1].section, "courts");
	assert_string_equal(
	    doc.items[1].title[KZ_LANG_KK], "Журналистке айыппұл салынды");
	expect_date(doc.items[1].occurred_on, 2025, 12, 10);
	assert_string_equal(
	    doc.items[1].sources[0].url, "https://court.example.kz/case_7");
	kz_import_doc_fini(&doc);
}

static void
test_import_case_english(void **state)
{
	size_t len;
	char *data = read_case("english.md", &len);
	struct kz_import_doc doc = {0};
	struct kz_err err = {0};
	(void)state;

	if (kz_import_md_parse(data, len, "english.md", &tax, &doc, &err) !=
	    KZ_OK)
		fail_msg("%s", err.msg);
	free(data);
	assert_int_equal(doc.lang, KZ_LANG_EN);
	assert_int_equal(doc.n, 2);
	assert_string_equal(doc.items[0].section, "privacy");
	assert_string_equal(doc.items[0].title[KZ_LANG_EN],
	    "Leaked school records found online");
	assert_string_equal(doc.items[0].summary[KZ_LANG_EN],
	    "Records of at least a thousand pupils appeared on a leak "
	    "aggregator on December 3. The data include names, birth dates "
	    "and schools.\n\nThe ministry said it was investigating.\n\n"
	    "- names and birth dates\n\n- school and class");
	expect_date(doc.items[0].occurred_on, 2025, 12, 3);
	assert_int_equal(doc.items[0].nsources, 2);
	assert_string_equal(
	    doc.items[0].sources[1].url_norm, "http://www.example.com/b");
	assert_string_equal(doc.items[1].section, "cyber");
	assert_string_equal(
	    doc.items[1].title[KZ_LANG_RU], "Атака на сайт министерства");
	expect_date(doc.items[1].occurred_on, 2025, 12, 1);
	/* the footer after the thematic break is not part of the item */
	assert_null(strstr(doc.items[1].summary[KZ_LANG_RU], "Prepared"));
	assert_int_equal(doc.items[1].nsources, 1);
	kz_import_doc_fini(&doc);
}

/* ---- bad input ---- */

static void
test_import_rejects_bad_files(void **state)
{
	static const char binary[] = "## 1.\n\n### T\n\nabc\0def\n";
	char nested[1024];
	(void)state;

#define BAD(lit, rc, want) parse_bad(lit, sizeof lit - 1, rc, want)
	BAD("", KZ_EPARSE, "t.md:1: empty file");
	BAD(" \n\t\n\n", KZ_EPARSE, "t.md:1: empty file");
	BAD("\xef\xbb\xbf\n", KZ_EPARSE, "t.md:1: empty file");
	parse_bad(binary, sizeof binary - 1, KZ_ECHARSET, "t.md:5: NUL byte");
	BAD("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", KZ_ECHARSET, "t.md:1:");
	BAD("## 1.\n\n### Заголовок\n\nТекст \xd0\n", KZ_ECHARSET,
	    "t.md:5: invalid UTF-8");
	BAD("## 1.\n\n### T \xc0\xaf\n\nx\n", KZ_ECHARSET,
	    "t.md:3: invalid UTF-8");
	BAD("# Just a note\n\nSome text without any sections.\n\n- a list\n",
	    KZ_EPARSE, "t.md:1: no section headings found");
	BAD("Intro.\n\n### Item\n\nSummary.\n\n## 1.\n", KZ_EPARSE,
	    "t.md:3: item before the first section heading");
	BAD("## 1.\n\n### Item\n\n### Next\n\nSummary.\n", KZ_EPARSE,
	    "t.md:3: item \"Item\" has a title but no summary");
	BAD("## 1.\n\n### Item\n\n<https://a.kz/>\n", KZ_EPARSE,
	    "t.md:3: item \"Item\" has a title but no summary");
	BAD("## 1.\n\nA long first paragraph. It has sentences.\nAnd two "
	    "lines.\n",
	    KZ_EPARSE, "t.md:3: expected an item title");
	BAD("## 1.\n\n### T\n\nText.\n\n## Контакты\n\nx\n", KZ_EPARSE,
	    "t.md:7: heading \"Контакты\" matches no section");
#undef BAD
	/* nesting: block quotes, lists, emphasis */
	memset(nested, '>', 200);
	snprintf(nested + 200, sizeof nested - 200, " deep\n");
	{
		char md[2048];
		snprintf(md, sizeof md, "## 1.\n\n### T\n\n%s", nested);
		parse_bad(md, strlen(md), KZ_ELIMIT,
		    "t.md:5: Markdown nested deeper than 64");
	}
	{
		char md[32768];
		size_t n = 0;
		n += (size_t)snprintf(md, sizeof md, "## 1.\n\n### T\n\n");
		for (int d = 0; d < 100; d++)
			n += (size_t)snprintf(
			    md + n, sizeof md - n, "%*s- x\n", d * 2, "");
		parse_bad(md, n, KZ_ELIMIT, "nested deeper than 64");
	}
	{
		char md[4096];
		size_t n = 0;
		n += (size_t)snprintf(md, sizeof md, "## 1.\n\n### T\n\n");
		for (int d = 0; d < 70; d++)
			n += (size_t)snprintf(
			    md + n, sizeof md - n, "%s", d % 2 ? "_a " : "*a ");
		n += (size_t)snprintf(md + n, sizeof md - n, "x");
		for (int d = 69; d >= 0; d--)
			n += (size_t)snprintf(
			    md + n, sizeof md - n, "%s", d % 2 ? " a_" : " a*");
		md[n] = '\0';
		parse_bad(md, n, KZ_ELIMIT, "t.md:5: Markdown nested deeper");
	}
}

static void
test_import_limits(void **state)
{
	size_t cap = 64 * 1024, n;
	char *md = malloc(cap);
	(void)state;

	/* more sources than KZ_SOURCES_MAX */
	n = (size_t)snprintf(md, cap, "## 1.\n\n### T\n\nText.\n\n");
	for (unsigned i = 0; i <= KZ_SOURCES_MAX; i++)
		n +=
		    (size_t)snprintf(md + n, cap - n, "<https://a.kz/%u>\n", i);
	parse_bad(md, n, KZ_ELIMIT, "sources in one item");

	/* a title past KZ_TITLE_MAX_BYTES */
	n = (size_t)snprintf(md, cap, "## 1.\n\n### ");
	memset(md + n, 'x', KZ_TITLE_MAX_BYTES + 1);
	n += KZ_TITLE_MAX_BYTES + 1;
	n += (size_t)snprintf(md + n, cap - n, "\n\nText.\n");
	parse_bad(md, n, KZ_ELIMIT, "t.md:3: title longer than");
	free(md);

	/* a summary past KZ_SUMMARY_MAX_BYTES */
	cap = KZ_SUMMARY_MAX_BYTES + 1024;
	md = malloc(cap);
	n = (size_t)snprintf(md, cap, "## 1.\n\n### T\n\n");
	memset(md + n, 'y', KZ_SUMMARY_MAX_BYTES + 1);
	n += KZ_SUMMARY_MAX_BYTES + 1;
	md[n] = '\0';
	parse_bad(md, n, KZ_ELIMIT, "t.md:5: summary longer than");
	free(md);

	/* past KZ_IMPORT_FILE_MAX_BYTES: refused before parsing */
	parse_bad("## 1.", (size_t)KZ_IMPORT_FILE_MAX_BYTES + 1, KZ_ELIMIT,
	    "larger than");
}

static void
test_import_too_many_items(void **state)
{
	const char item[] = "### T\n\nS.\n\n";
	size_t n = (size_t)KZ_IMPORT_ITEMS_MAX + 1;
	size_t cap = 16 + n * (sizeof item - 1), len;
	char *md = malloc(cap);
	char want[64];
	(void)state;

	len = (size_t)snprintf(md, cap, "## 1.\n\n");
	for (size_t i = 0; i < n; i++) {
		memcpy(md + len, item, sizeof item - 1);
		len += sizeof item - 1;
	}
	snprintf(want, sizeof want, "t.md:%u: more than %u items",
	    3 + 4 * KZ_IMPORT_ITEMS_MAX, KZ_IMPORT_ITEMS_MAX);
	parse_bad(md, len, KZ_ELIMIT, want);
	free(md);
}

static void
test_import_truncated(void **state)
{
	struct kz_import_doc doc = {0};
	const char cut_in_title[] =
	    "## 1. Свобода выражения мнения и доступ к информации\n\n"
	    "### Сайт издания";
	const char cut_in_summary[] = "## 1.\n\n### Первый\n\nТекст.\n\n"
	                              "<https://a.kz/1>\n\n### Второй\n\n"
	                              "Текст обрыва";
	const char cut_in_char[] = "## 1.\n\n### Первый\n\nТекст \xd0";
	(void)state;

	parse_bad(cut_in_title, sizeof cut_in_title - 1, KZ_EPARSE,
	    "t.md:3: item \"Сайт издания\" has a title but no summary");
	parse_ok(cut_in_summary, &doc);
	assert_int_equal(doc.n, 2);
	assert_string_equal(doc.items[1].summary[KZ_LANG_RU], "Текст обрыва");
	kz_import_doc_fini(&doc);
	/* a character cut in two at the very end is dropped */
	assert_int_equal(kz_import_md_parse(cut_in_char, sizeof cut_in_char - 1,
	                     "t.md", &tax, &doc, NULL),
	    KZ_OK);
	assert_string_equal(doc.items[0].summary[KZ_LANG_RU], "Текст");
	kz_import_doc_fini(&doc);
}

/* ---- speed ---- */

static void
test_import_100k_items_is_fast(void **state)
{
	/* 100,000 items in seed shape, split into files under the cap */
	const size_t total = 100000, per_file = 25000;
	size_t cap = 24u * 1024 * 1024, done = 0;
	char *md = malloc(cap);
	double secs = 0;
	(void)state;

	while (done < total) {
		size_t len = 0, k;
		struct kz_import_doc doc = {0};
		struct kz_err err = {0};
		clock_t t0;

		len += (size_t)snprintf(md + len, cap - len,
		    "Мониторинг за август 25 – январь 26 года.\n\n");
		for (k = 0; k < per_file; k++) {
			if (k % (per_file / 5) == 0)
				len += (size_t)snprintf(md + len, cap - len,
				    "## **%zu. Раздел**\n\n",
				    k / (per_file / 5) + 1);
			len += (size_t)snprintf(md + len, cap - len,
			    "### **Сайт издания №%zu недоступен**\n\n"
			    "Редакция %zu декабря сообщила, что сайт "
			    "работает с перебоями из-за массированной "
			    "DDoS-атаки. По данным издания, атаки "
			    "продолжаются уже четвёртую неделю, боты "
			    "сгенерировали более 1 млн запросов.\n\n"
			    "<https://news%zu.example.kz/a/%zu?utm_source="
			    "tg>\n\n",
			    done + k, k % 28 + 1, k % 17, done + k);
		}
		assert_true(len < KZ_IMPORT_FILE_MAX_BYTES);
		t0 = clock();
		if (kz_import_md_parse(md, len, "big.md", &tax, &doc, &err) !=
		    KZ_OK)
			fail_msg("%s", err.msg);
		secs += (double)(clock() - t0) / CLOCKS_PER_SEC;
		assert_int_equal(doc.n, per_file);
		expect_date(doc.items[per_file - 1].occurred_on, 2025, 12,
		    (int)((per_file - 1) % 28 + 1));
		kz_import_doc_fini(&doc);
		done += per_file;
	}
	free(md);
	print_message("100000 items parsed in %.2f s\n", secs);
	/* generous for sanitizer builds; a release build takes well under a
	 * second */
	assert_true(secs < 30.0);
}

/* Exports are told from Markdown by their first bytes; a report that
 * starts with a link stays Markdown. */
#define SNIFF(lit) kz_import_sniff(lit, sizeof lit - 1)

static void
test_import_sniff(void **state)
{
	(void)state;
	assert_int_equal(SNIFF("[{\"id\": 1}]"), KZ_IMPORT_JSON);
	assert_int_equal(SNIFF(" \n[\n ]"), KZ_IMPORT_JSON);
	assert_int_equal(SNIFF("[[]]"), KZ_IMPORT_JSON);
	assert_int_equal(SNIFF("{\"lang\": \"ru\"}"), KZ_IMPORT_JSON);
	assert_int_equal(SNIFF("[Отчёт](https://x.kz/)\n# T"), KZ_IMPORT_MD);
	assert_int_equal(SNIFF("{draft}"), KZ_IMPORT_MD);
	assert_int_equal(SNIFF("# Мониторинг"), KZ_IMPORT_MD);
	assert_int_equal(SNIFF("\xEF\xBB\xBFid,section,section_name,status,"
	                       "occurred_on,lang,title,summary,sources\r\n"),
	    KZ_IMPORT_CSV);
	assert_int_equal(SNIFF(KZ_REPORT_CSV_HEADER), KZ_IMPORT_CSV);
	assert_int_equal(SNIFF(KZ_REPORT_CSV_HEADER ",extra\n"), KZ_IMPORT_MD);
	assert_int_equal(SNIFF("["), KZ_IMPORT_MD);
	/* the byte after the text is never read */
	assert_int_equal(kz_import_sniff("[{", 1), KZ_IMPORT_MD);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_match_section_by_number_and_name),
	    cmocka_unit_test(test_import_heading_forms),
	    cmocka_unit_test(test_import_item_forms),
	    cmocka_unit_test(test_import_bold_source_is_not_a_title),
	    cmocka_unit_test(test_import_item_language),
	    cmocka_unit_test(test_import_seed_report),
	    cmocka_unit_test(test_import_case_kazakh),
	    cmocka_unit_test(test_import_case_english),
	    cmocka_unit_test(test_import_rejects_bad_files),
	    cmocka_unit_test(test_import_limits),
	    cmocka_unit_test(test_import_too_many_items),
	    cmocka_unit_test(test_import_truncated),
	    cmocka_unit_test(test_import_100k_items_is_fast),
	    cmocka_unit_test(test_import_sniff),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
