/* kz_url_normalize and kz_url_is_tracking: a case table (curl unit1302). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kuzet/limits.h"
#include "kuzet/url.h"

static const struct {
	const char *in;
	const char *want;
} good[] = {
    /* tracking parameters */
    {"https://www.inform.kz/ru/kiberugroza-df15ec?utm_source=chatgpt.com",
        "https://www.inform.kz/ru/kiberugroza-df15ec"},
    {"https://factcheck.kz/novosti/x/?utm\\_source=chatgpt.com",
        "https://factcheck.kz/novosti/x/"},
    {"https://profit.kz/news/1/?utm\\\\_source=chatgpt.com",
        "https://profit.kz/news/1/"},
    {"https://a.kz/p?b=2&utm_medium=x&a=1&fbclid=abc&gclid=1",
        "https://a.kz/p?b=2&a=1"},
    {"https://a.kz/p?UTM_Campaign=x&yclid=1&ysclid=2&_ga=3&_gl=4",
        "https://a.kz/p"},
    {"https://a.kz/p?igshid=1&igsh=2&si=3&ref_src=twsrc&mc_cid=1&mc_eid=2",
        "https://a.kz/p"},
    {"https://vk.com/wall1?from=feed&spm=1&msclkid=2&dclid=3&id=7",
        "https://vk.com/wall1?id=7"},
    {"https://a.kz/p?utm%5Fsource=x&q=1", "https://a.kz/p?q=1"},
    {"https://a.kz/p?&&q=1&&", "https://a.kz/p?q=1"},
    {"https://a.kz/p?", "https://a.kz/p"},
    /* wrappers and escapes */
    {"<https://exclusive.kz/a/>", "https://exclusive.kz/a/"},
    {"  https://a.kz/x \n", "https://a.kz/x"},
    {"https://t.me/lmc\\_kz/4982", "https://t.me/lmc_kz/4982"},
    {"https://a.kz/%7euser/%2fx%41%3f", "https://a.kz/~user/%2FxA%3F"},
    {"https://a.kz/50%", "https://a.kz/50%25"},
    {"https://a.kz/50%zz", "https://a.kz/50%25zz"},
    {"https://a.kz/a b", "https://a.kz/a%20b"},
    {"https://a.kz/\xd0\xbf\xd1\x83\xd1\x82\xd1\x8c",
        "https://a.kz/%D0%BF%D1%83%D1%82%D1%8C"},
    {"https://a.kz/%d0%bf", "https://a.kz/%D0%BF"},
    {"https://a.kz/{x}|y^", "https://a.kz/%7Bx%7D%7Cy%5E"},
    /* scheme, host, port */
    {"HTTPS://WWW.Zakon.KZ/Path", "https://www.zakon.kz/Path"},
    {"hTtP://Example.KZ", "http://example.kz/"},
    {"http://example.kz:80/a", "http://example.kz/a"},
    {"https://example.kz:443", "https://example.kz/"},
    {"https://example.kz:0443/", "https://example.kz/"},
    {"http://example.kz:443/", "http://example.kz:443/"},
    {"https://example.kz:8443/a", "https://example.kz:8443/a"},
    {"https://example.kz:/a", "https://example.kz/a"},
    {"https://example.kz./", "https://example.kz/"},
    {"https://User@A.kz/", "https://User@a.kz/"},
    {"https://[2001:DB8::1]:443/x", "https://[2001:db8::1]/x"},
    {"https://\xd0\x9a\xd0\xa3\xd0\x97\xd0\x95\xd0\xa2.kz/",
        "https://\xd0\xba\xd1\x83\xd0\xb7\xd0\xb5\xd1\x82.kz/"},
    /* paths and fragments */
    {"https://a.kz/a/./b/../c", "https://a.kz/a/c"},
    {"https://a.kz/a/b/..", "https://a.kz/a/"},
    {"https://a.kz/..", "https://a.kz/"},
    {"https://a.kz/%2e%2E/x", "https://a.kz/x"},
    {"https://a.kz/a//b", "https://a.kz/a//b"},
    {"https://a.kz/p#frag", "https://a.kz/p"},
    {"https://a.kz/p?x=1#frag?utm_source=y", "https://a.kz/p?x=1"},
    {"https://a.kz#", "https://a.kz/"},
    {"https://a.kz?q", "https://a.kz/?q"},
};

static const struct {
	const char *in;
	kz_rc rc;
} bad[] = {
    {"", KZ_EPARSE},
    {"   ", KZ_EPARSE},
    {"ftp://a.kz/", KZ_EPARSE},
    {"mailto:a@b.kz", KZ_EPARSE},
    {"javascript:alert(1)", KZ_EPARSE},
    {"//a.kz/x", KZ_EPARSE},
    {"a.kz/x", KZ_EPARSE},
    {"www.a.kz/x", KZ_EPARSE},
    {"https://", KZ_EPARSE},
    {"https:///path", KZ_EPARSE},
    {"https:/a.kz", KZ_EPARSE},
    {"https://a.kz:99999/", KZ_EPARSE},
    {"https://a.kz:8x/", KZ_EPARSE},
    {"https://a.kz:1:2/", KZ_EPARSE},
    {"https://a b.kz/", KZ_EPARSE},
    {"https://a<b.kz/", KZ_EPARSE},
    {"https://a.kz/\x01", KZ_EPARSE},
    {"https://a.kz/x\ty", KZ_EPARSE},
    {"https://.../", KZ_EPARSE},
    {"https://[::1/", KZ_EPARSE},
    {"https://[zz]/", KZ_EPARSE},
};

static void
test_url_normalize_cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		char *out = NULL, *again = NULL;
		struct kz_err err = {0};
		kz_rc rc = kz_url_normalize(
		    good[i].in, strlen(good[i].in), &out, &err);
		if (rc != KZ_OK)
			fail_msg("case %zu \"%s\": %s", i, good[i].in, err.msg);
		if (strcmp(out, good[i].want) != 0)
			fail_msg("case %zu \"%s\": got \"%s\", want \"%s\"", i,
			    good[i].in, out, good[i].want);
		/* normalizing a normalized URL changes nothing */
		rc = kz_url_normalize(out, strlen(out), &again, &err);
		assert_int_equal(rc, KZ_OK);
		assert_string_equal(again, out);
		free(again);
		free(out);
	}
}

static void
test_url_normalize_rejects_bad_urls(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *out = (char *)"untouched";
		struct kz_err err = {0};
		kz_rc rc =
		    kz_url_normalize(bad[i].in, strlen(bad[i].in), &out, &err);
		if (rc != bad[i].rc)
			fail_msg("case %zu \"%s\": rc %d, want %d (out %s)", i,
			    bad[i].in, rc, bad[i].rc, rc == KZ_OK ? out : "");
		assert_string_equal(out, "untouched");
		assert_true(err.msg[0] != '\0');
	}
}

static void
test_url_normalize_limits(void **state)
{
	(void)state;
	size_t n = KZ_URL_MAX_BYTES + 10;
	char *u = malloc(n + 1), *out = NULL;
	struct kz_err err = {0};
	memcpy(u, "https://a.kz/", 13);
	memset(u + 13, 'x', n - 13);
	u[n] = '\0';
	assert_int_equal(kz_url_normalize(u, n, &out, &err), KZ_ELIMIT);
	/* short enough to read, too long once escaped */
	memset(u + 13, ' ', KZ_URL_MAX_BYTES / 2);
	u[13 + KZ_URL_MAX_BYTES / 2] = 'x';
	u[14 + KZ_URL_MAX_BYTES / 2] = '\0';
	assert_int_equal(kz_url_normalize(u, strlen(u), &out, NULL), KZ_ELIMIT);
	/* the length argument is honoured: no NUL needed */
	assert_int_equal(
	    kz_url_normalize("https://a.kz/xyz", 14, &out, NULL), KZ_OK);
	assert_string_equal(out, "https://a.kz/x");
	free(out);
	free(u);
}

static void
test_url_is_tracking(void **state)
{
	static const char *yes[] = {"utm_source", "utm_medium", "UTM_Campaign",
	    "utm_", "fbclid", "FBCLID", "gclid", "dclid", "gbraid", "wbraid",
	    "msclkid", "yclid", "ysclid", "mc_cid", "mc_eid", "_ga", "_gl",
	    "igshid", "igsh", "si", "ref_src", "_openstat", "from", "spm"};
	static const char *no[] = {"", "utm", "utmsource", "page", "id", "q",
	    "sid", "fromage", "s", "ref", "gclid2", "xutm_source"};
	(void)state;
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
		if (!kz_url_is_tracking(yes[i], strlen(yes[i])))
			fail_msg("%s should be tracking", yes[i]);
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
		if (kz_url_is_tracking(no[i], strlen(no[i])))
			fail_msg("%s should not be tracking", no[i]);
	/* only n bytes are looked at */
	assert_true(kz_url_is_tracking("gclidXYZ", 5));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_url_normalize_cases),
	    cmocka_unit_test(test_url_normalize_rejects_bad_urls),
	    cmocka_unit_test(test_url_normalize_limits),
	    cmocka_unit_test(test_url_is_tracking),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
