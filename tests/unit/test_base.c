/* Unit tests: kz_buf, UTF-8, dates, taxonomy. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "kuzet/incident.h"

static void
test_buf_cap_refuses_past_max(void **state)
{
	(void)state;
	struct kz_buf b;
	kz_buf_init(&b, 8);
	assert_int_equal(kz_buf_puts(&b, "12345678"), KZ_OK);
	assert_int_equal(kz_buf_putc(&b, 'x'), KZ_ELIMIT);
	assert_string_equal(kz_buf_str(&b), "12345678");
	assert_int_equal(kz_buf_printf(&b, "%d", 1), KZ_ELIMIT);
	kz_buf_reset(&b);
	assert_int_equal(kz_buf_printf(&b, "%s-%d", "ab", 42), KZ_OK);
	assert_string_equal(kz_buf_str(&b), "ab-42");
	char *s = kz_buf_take(&b);
	assert_string_equal(s, "ab-42");
	free(s);
	assert_int_equal(b.len, 0);
	kz_buf_fini(&b);
}

static void
test_buf_printf_long(void **state)
{
	(void)state;
	struct kz_buf b;
	kz_buf_init(&b, 1 << 20);
	char big[1000];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(kz_buf_printf(&b, "<%s>", big), KZ_OK);
	assert_int_equal(b.len, 1001);
	kz_buf_fini(&b);
}

static void
test_utf8_valid_rejects_bad_sequences(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		int ok;
		size_t off;
	} cases[] = {
	    {"plain", 1, 0},
	    {"қазақша әғқңөұүһі", 1, 0},
	    {"ab\xC0\xAF", 0, 2}, /* overlong */
	    {"\xED\xA0\x80", 0, 0}, /* surrogate */
	    {"x\xF4\x90\x80\x80", 0, 1}, /* > U+10FFFF */
	    {"\xD0", 0, 0}, /* truncated */
	    {"ok\xE2\x82", 0, 2}, /* truncated 3-byte */
	    {"0123456789abcdef\xC0\xAFxyz", 0, 16}, /* after 8-byte runs */
	    {"0123456789abcdefgh", 1, 0},
	    {"тесттесттест\xD0", 0, 24}, /* after a two-byte run */
	    {"тест\xD0"
	     "a",
	        0, 8}, /* bad continuation byte */
	    {"тест\xC1\x81", 0, 8}, /* overlong two-byte */
	    {"тест€ok", 1, 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t off = 99;
		int v = kz_utf8_valid(cases[i].s, strlen(cases[i].s), &off);
		assert_int_equal(v, cases[i].ok);
		if (!v)
			assert_int_equal(off, cases[i].off);
	}
}

/* Clipping for messages never cuts a character; kz_fail's own cut
 * neither. */
static void
test_utf8_clip_and_long_errors(void **state)
{
	struct kz_err err = {0};
	char big[2 * sizeof err.msg];
	size_t n = 0;

	(void)state;
	assert_int_equal(kz_utf8_clip("abc", 2), 2);
	assert_int_equal(kz_utf8_clip("abc", 10), 3);
	assert_int_equal(kz_utf8_clip("ә", 1), 0); /* 2 bytes */
	assert_int_equal(kz_utf8_clip("aә", 2), 1);
	assert_int_equal(kz_utf8_clip("aә", 3), 3);
	assert_int_equal(kz_utf8_clip("a€", 3), 1); /* 3 bytes */
	assert_int_equal(kz_utf8_clip("a\xF0\x9F\x98\x80", 4), 1);
	assert_int_equal(kz_utf8_clip("a\xF0\x9F\x98\x80", 5), 5);
	/* a long message of Cyrillic cut at every offset stays valid */
	for (int shift = 0; shift < 3; shift++) {
		n = 0;
		for (int i = 0; i < shift; i++)
			big[n++] = 'x';
		while (n + 2 < sizeof big) {
			memcpy(big + n, "қ", 2);
			n += 2;
		}
		big[n] = '\0';
		kz_fail(&err, KZ_EPARSE, "%s", big);
		assert_true(kz_utf8_valid(err.msg, strlen(err.msg), NULL));
		assert_true(strlen(err.msg) >= sizeof err.msg - 2);
	}
}

static void
test_utf8_fold_cyrillic_and_kazakh(void **state)
{
	(void)state;
	const char *in = "ҚАЗАҚСТАН Әділет ЁЛКА ІҢҒҮҰӨҺ Ünï";
	char *out = kz_utf8_fold(in, strlen(in));
	assert_string_equal(out, "қазақстан әділет елка іңғүұөһ ünï");
	free(out);
}

static void
test_date_iso(void **state)
{
	(void)state;
	struct kz_date d;
	assert_int_equal(kz_date_parse_iso("2024-02-29", &d), 0);
	assert_int_equal(kz_date_parse_iso("2025-02-29", &d), -1);
	assert_int_equal(kz_date_parse_iso("2025-9-01", &d), -1);
	assert_int_equal(kz_date_parse_iso("2025-09-31", &d), -1);
	assert_int_equal(kz_date_parse_iso("2025-09-30", &d), 0);
	char s[11];
	kz_date_format_iso(d, s);
	assert_string_equal(s, "2025-09-30");
	struct kz_date a = {2025, 12, 31}, b = {2026, 1, 1}, u = {0, 0, 0};
	assert_true(kz_date_cmp(a, b) < 0);
	assert_true(kz_date_cmp(u, a) < 0);
}

static void
test_taxonomy_default_has_five_sections(void **state)
{
	(void)state;
	struct kz_taxonomy t;
	kz_taxonomy_default(&t);
	assert_int_equal(t.n, 5);
	const char *ids[] = {"expression", "privacy", "cyber", "law", "courts"};
	for (int i = 0; i < 5; i++)
		assert_string_equal(t.sections[i].id, ids[i]);
	assert_string_equal(
	    t.sections[4].name[KZ_LANG_KK], "Сот прецеденттері");
	struct kz_err err;
	assert_int_equal(kz_taxonomy_check(&t, "courts", &err), KZ_OK);
	assert_int_equal(kz_taxonomy_check(&t, "none", &err), KZ_EUSAGE);
	assert_non_null(strstr(err.msg, "unknown section 'none'"));
	kz_taxonomy_fini(&t);
}

static void
test_taxonomy_parse_errors_name_the_line(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		const char *msg;
	} cases[] = {
	    {"[a]\nru = A\nkk = Ә\n", "t.ini:1: section [a] has no 'en'"},
	    {"ru = A\n", "t.ini:1: name before the first [section]"},
	    {"[Bad]\n", "t.ini:1: bad section id"},
	    {"[none]\n", "t.ini:1: bad section id"},
	    {"[a]\nru=A\nkk=B\nen=C\n[a]\n",
	        "t.ini:5: section [a] defined twice"},
	    {"[a]\nde = A\n", "t.ini:2: unknown language 'de'"},
	    {"# nothing\n", "t.ini: no sections defined"},
	    {"[a]\nfoo\n", "t.ini:2: expected"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct kz_taxonomy t;
		struct kz_err err = {0};
		kz_rc rc = kz_taxonomy_parse(
		    cases[i].text, strlen(cases[i].text), "t.ini", &t, &err);
		assert_int_not_equal(rc, KZ_OK);
		if (strstr(err.msg, cases[i].msg) == NULL)
			fail_msg("case %zu: '%s' lacks '%s'", i, err.msg,
			    cases[i].msg);
	}
	struct kz_taxonomy t;
	const char *ok = "[speech]\nru = Речь\nkk = Сөз\nen = Speech\n";
	assert_int_equal(
	    kz_taxonomy_parse(ok, strlen(ok), "t.ini", &t, NULL), KZ_OK);
	assert_int_equal(t.n, 1);
	kz_taxonomy_fini(&t);
}

static void
test_incident_copy_is_deep(void **state)
{
	(void)state;
	struct kz_incident a, b;
	kz_incident_init(&a);
	kz_incident_set_text(&a.title[KZ_LANG_RU], "Заголовок");
	kz_incident_add_source(
	    &a, "https://a.example/x", "https://a.example/x");
	kz_incident_copy(&b, &a);
	kz_incident_fini(&a);
	assert_string_equal(b.title[KZ_LANG_RU], "Заголовок");
	assert_string_equal(b.sources[0].url, "https://a.example/x");
	kz_incident_fini(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_buf_cap_refuses_past_max),
	    cmocka_unit_test(test_buf_printf_long),
	    cmocka_unit_test(test_utf8_valid_rejects_bad_sequences),
	    cmocka_unit_test(test_utf8_clip_and_long_errors),
	    cmocka_unit_test(test_utf8_fold_cyrillic_and_kazakh),
	    cmocka_unit_test(test_date_iso),
	    cmocka_unit_test(test_taxonomy_default_has_five_sections),
	    cmocka_unit_test(test_taxonomy_parse_errors_name_the_line),
	    cmocka_unit_test(test_incident_copy_is_deep),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
