/* Unit tests: field edits and the $EDITOR text form. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kuzet/app.h"
#include "kuzet/limits.h"

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

static void
make(struct kz_incident *inc)
{
	kz_incident_init(inc);
	inc->id = 7;
	inc->version = 3;
	snprintf(inc->section, sizeof inc->section, "courts");
	inc->status = KZ_STATUS_PUBLISHED;
	inc->occurred_on = (struct kz_date){2026, 1, 14};
	kz_incident_set_text(
	    &inc->title[KZ_LANG_RU], "Суд признал отказ законным");
	kz_incident_set_text(
	    &inc->summary[KZ_LANG_RU], "Первый абзац.\n\nВторой абзац.");
	kz_incident_set_text(
	    &inc->title[KZ_LANG_KK], "Сот бас тартуды заңды деп таныды");
	kz_incident_add_source(
	    inc, "https://a.example/1", "https://a.example/1");
}

static void
test_form_round_trip_keeps_every_field(void **state)
{
	(void)state;
	struct kz_incident a, b;
	make(&a);
	make(&b);
	struct kz_buf form;
	kz_buf_init(&form, 1 << 20);
	assert_int_equal(kz_app_form_write(&form, &a), KZ_OK);
	struct kz_err err = {0};
	assert_int_equal(
	    kz_app_form_read(form.data, form.len, "form", &tax, &b, &err),
	    KZ_OK);
	assert_string_equal(b.section, "courts");
	assert_int_equal(b.status, KZ_STATUS_PUBLISHED);
	assert_int_equal(kz_date_cmp(b.occurred_on, a.occurred_on), 0);
	assert_string_equal(b.title[KZ_LANG_RU], a.title[KZ_LANG_RU]);
	assert_string_equal(b.summary[KZ_LANG_RU], a.summary[KZ_LANG_RU]);
	assert_string_equal(b.title[KZ_LANG_KK], a.title[KZ_LANG_KK]);
	assert_null(b.summary[KZ_LANG_KK]);
	assert_null(b.title[KZ_LANG_EN]);
	assert_int_equal(b.nsources, 1);
	kz_buf_fini(&form);
	kz_incident_fini(&a);
	kz_incident_fini(&b);
}

static void
test_form_errors_leave_incident_alone(void **state)
{
	(void)state;
	static const struct {
		const char *form;
		kz_rc rc;
		const char *msg;
	} cases[] = {
	    {"version: 2\nsection: courts\n=== sources\n", KZ_ECONFLICT,
	        "version 2"},
	    {"version: 3\nsection: nosuch\n=== title.ru\nT\n=== sources\n",
	        KZ_EPARSE, "f:2: unknown section"},
	    {"version: 3\ndate: 2026-02-30\n=== title.ru\nT\n=== sources\n",
	        KZ_EPARSE, "f:2: date"},
	    {"version: 3\n=== title.ru\nT\n=== sources\nftp://x\n", KZ_EPARSE,
	        "f:4:"},
	    {"version: 3\n=== title.ru\n\n=== sources\n", KZ_EPARSE,
	        "needs a title"},
	    {"section: courts\n=== title.ru\nT\n=== sources\n", KZ_EPARSE,
	        "version"},
	    {"version: 3\nnonsense\n", KZ_EPARSE, "f:2:"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct kz_incident inc;
		make(&inc);
		struct kz_err err = {0};
		kz_rc rc = kz_app_form_read(cases[i].form,
		    strlen(cases[i].form), "f", &tax, &inc, &err);
		if (rc == KZ_OK || strstr(err.msg, cases[i].msg) == NULL)
			fail_msg("case %zu: rc %d '%s' (want '%s')", i, rc,
			    err.msg, cases[i].msg);
		assert_string_equal(
		    inc.title[KZ_LANG_RU], "Суд признал отказ законным");
		assert_string_equal(inc.section, "courts");
		kz_incident_fini(&inc);
	}
}

static void
test_set_validates_fields(void **state)
{
	(void)state;
	struct kz_incident inc;
	make(&inc);
	struct kz_err err;
	assert_int_equal(
	    kz_app_incident_set(&inc, &tax, "title.en", "Court", &err), KZ_OK);
	assert_string_equal(inc.title[KZ_LANG_EN], "Court");
	assert_int_equal(
	    kz_app_incident_set(&inc, &tax, "title.en", "", &err), KZ_OK);
	assert_null(inc.title[KZ_LANG_EN]);
	assert_int_equal(
	    kz_app_incident_set(&inc, &tax, "title.de", "x", &err), KZ_EUSAGE);
	assert_int_equal(
	    kz_app_incident_set(&inc, &tax, "title.ru", "a\nb", &err),
	    KZ_EUSAGE);
	assert_int_equal(
	    kz_app_incident_set(&inc, &tax, "title.ru", "\xff", &err),
	    KZ_ECHARSET);
	assert_int_equal(
	    kz_app_incident_set(&inc, &tax, "status", "gone", &err), KZ_EUSAGE);
	assert_int_equal(
	    kz_app_incident_set(&inc, &tax, "date", "", &err), KZ_OK);
	assert_true(kz_date_unknown(inc.occurred_on));
	assert_int_equal(
	    kz_app_incident_set(&inc, &tax, "sources",
	        "https://b.example/?utm_source=x  http://C.example:80/p", &err),
	    KZ_OK);
	assert_int_equal(inc.nsources, 2);
	assert_string_equal(inc.sources[0].url_norm, "https://b.example/");
	assert_string_equal(inc.sources[1].url_norm, "http://c.example/p");
	assert_int_equal(
	    kz_app_source_edit(&inc, "https://b.example/", 1, &err), KZ_EEXIST);
	assert_int_equal(
	    kz_app_source_edit(&inc, "https://b.example/?fbclid=1", 0, &err),
	    KZ_OK);
	assert_int_equal(inc.nsources, 1);
	assert_int_equal(
	    kz_app_source_edit(&inc, "https://zz.example/", 0, &err),
	    KZ_ENOTFOUND);
	char *big = kz_xmalloc(KZ_TITLE_MAX_BYTES + 2);
	memset(big, 'a', KZ_TITLE_MAX_BYTES + 1);
	big[KZ_TITLE_MAX_BYTES + 1] = '\0';
	assert_int_equal(
	    kz_app_incident_set(&inc, &tax, "title.ru", big, &err), KZ_ELIMIT);
	free(big);
	kz_incident_fini(&inc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_form_round_trip_keeps_every_field),
	    cmocka_unit_test(test_form_errors_leave_incident_alone),
	    cmocka_unit_test(test_set_validates_fields),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
