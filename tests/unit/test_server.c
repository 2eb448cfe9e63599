/*
 * Unit tests of kuzet serve's core without a socket: form decoding, the
 * login throttle, the translation table, and requests answered by
 * kz_srv_handle against a real SQLite file.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "server/server_int.h"

static void
test_form_decoding(void **state)
{
	(void)state;
	struct kz_kvs l = {0};
	const char f[] = "a=1&b=x+y%20z&c=%D0%B1%D2%B1&d&e=&a=2&=v;f=%3D%26";
	assert_int_equal(kz_form_parse(&l, f, sizeof f - 1), 0);
	assert_string_equal(kz_kvs_get(&l, "a"), "1");
	assert_string_equal(kz_kvs_get(&l, "b"), "x y z");
	assert_string_equal(kz_kvs_get(&l, "c"), "бұ");
	assert_string_equal(kz_kvs_get(&l, "d"), "");
	assert_string_equal(kz_kvs_get(&l, "e"), "");
	assert_string_equal(kz_kvs_get(&l, "f"), "=&");
	assert_string_equal(kz_kvs_get(&l, ""), "v");
	assert_null(kz_kvs_get(&l, "zz"));
	size_t n2 = 0;
	for (size_t i = 0; i < l.n; i++)
		n2 += strcmp(l.v[i].k, "a") == 0;
	assert_int_equal(n2, 2); /* repeated fields kept (ids=1&ids=2) */
	kz_kvs_fini(&l);
	/* a truncated escape stays literal; bad UTF-8 and NUL are refused */
	assert_int_equal(kz_form_parse(&l, "a=%4", 4), 0);
	assert_string_equal(kz_kvs_get(&l, "a"), "%4");
	kz_kvs_fini(&l);
	assert_int_equal(kz_form_parse(&l, "a=%ff", 5), -1);
	kz_kvs_fini(&l);
	assert_int_equal(kz_form_parse(&l, "a=%00b", 6), -1);
	kz_kvs_fini(&l);
	/* too many fields */
	struct kz_buf b;
	kz_buf_init(&b, 1 << 20);
	for (int i = 0; i <= KZ_FORM_FIELDS_MAX; i++)
		assert_int_equal(kz_buf_puts(&b, "x=1&"), KZ_OK);
	assert_int_equal(kz_form_parse(&l, b.data, b.len), -1);
	kz_kvs_fini(&l);
	kz_buf_fini(&b);
}

static void
test_rate_limit(void **state)
{
	(void)state;
	struct kz_rate *r = calloc(1, sizeof *r);
	pthread_mutex_init(&r->mu, NULL);
	for (int i = 0; i < 3; i++) {
		assert_true(kz_rate_allowed(r, "u:a", 3, 1000));
		kz_rate_fail(r, "u:a", 1000 + i);
	}
	assert_false(kz_rate_allowed(r, "u:a", 3, 1010));
	assert_true(kz_rate_allowed(r, "u:b", 3, 1010));
	/* the window passes */
	assert_true(kz_rate_allowed(r, "u:a", 3, 1000 + KZ_RATE_WINDOW));
	kz_rate_fail(r, "u:c", 5);
	kz_rate_reset(r, "u:c");
	assert_true(kz_rate_allowed(r, "u:c", 1, 6));
	/* more keys than slots: the table stays bounded and working */
	char k[32];
	for (int i = 0; i < KZ_RATE_SLOTS + 100; i++) {
		snprintf(k, sizeof k, "a:%d", i);
		kz_rate_fail(r, k, 2000 + i);
	}
	assert_false(kz_rate_allowed(r, k, 1, 2000 + KZ_RATE_SLOTS + 100));
	pthread_mutex_destroy(&r->mu);
	free(r);
}

static void
test_translations_complete(void **state)
{
	(void)state;
	const char *bad = NULL;
	assert_int_equal(kz_i18n_check(&bad), 0);
	assert_string_equal(kz_t_lang(KZ_LANG_KK, "nav.queue"), "Кезек");
	assert_string_equal(
	    kz_t_lang(KZ_LANG_EN, "no.such.key"), "no.such.key");
}

/* ---- requests through kz_srv_handle ---- */

static char dbpath[256];
static struct kz_store *store;
static struct kz_taxonomy tax;
static struct kz_srv srv;

static int
setup_db(void **state)
{
	(void)state;
	struct kz_err err;
	snprintf(dbpath, sizeof dbpath, "%s/kz-server-XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(dbpath));
	strcat(dbpath, "/t.db");
	assert_int_equal(kz_store_open(dbpath, 1, &store, &err), KZ_OK);
	kz_taxonomy_default(&tax);
	memset(&srv, 0, sizeof srv);
	kz_server_opts_init(&srv.o);
	srv.tax = &tax;
	pthread_mutex_init(&srv.rate.mu, NULL);
	assert_int_equal(kz_app_user_add(store, "ed", KZ_ROLE_EDITOR,
	                     "editor-password", &err),
	    KZ_OK);
	struct kz_incident inc;
	kz_incident_init(&inc);
	snprintf(inc.section, sizeof inc.section, "law");
	inc.status = KZ_STATUS_PUBLISHED;
	kz_incident_set_text(&inc.title[KZ_LANG_RU], "<b>x</b> & \"y\"");
	assert_int_equal(kz_store_incident_add(store, &inc, "t", &err), KZ_OK);
	kz_incident_fini(&inc);
	return 0;
}

static int
teardown_db(void **state)
{
	(void)state;
	kz_store_close(store);
	kz_taxonomy_fini(&tax);
	pthread_mutex_destroy(&srv.rate.mu);
	unlink(dbpath);
	char wal[300];
	snprintf(wal, sizeof wal, "%s-wal", dbpath);
	unlink(wal);
	snprintf(wal, sizeof wal, "%s-shm", dbpath);
	unlink(wal);
	*strrchr(dbpath, '/') = '\0';
	rmdir(dbpath);
	return 0;
}

static const char *
header(const struct kz_resp *rs, const char *name)
{
	for (size_t i = 0; i < rs->nh; i++)
		if (strcmp(rs->hname[i], name) == 0)
			return rs->hval[i];
	return NULL;
}

static void
request(
    struct kz_req *rq, struct kz_resp *rs, const char *method, const char *path)
{
	kz_req_init(rq);
	kz_resp_init(rs);
	rq->method = method;
	rq->path = path;
	rq->store = store;
	rq->now = 1700000000;
	rq->remote = "127.0.0.1";
}

static void
done(struct kz_req *rq, struct kz_resp *rs)
{
	kz_req_fini(rq);
	kz_resp_fini(rs);
}

static void
test_public_page_escapes(void **state)
{
	(void)state;
	struct kz_req rq;
	struct kz_resp rs;
	request(&rq, &rs, "GET", "/");
	kz_srv_handle(&srv, &rq, &rs);
	assert_int_equal(rs.status, 200);
	const char *body = kz_buf_str(&rs.body);
	assert_non_null(
	    strstr(body, "&lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot;"));
	assert_null(strstr(body, "<b>x</b>"));
	/* a visitor without a form token gets one as a cookie */
	assert_non_null(header(&rs, "Set-Cookie"));
	assert_non_null(strstr(header(&rs, "Set-Cookie"), "kz_csrf="));
	done(&rq, &rs);
}

static void
test_routes_and_roles(void **state)
{
	(void)state;
	struct kz_req rq;
	struct kz_resp rs;
	request(&rq, &rs, "GET", "/incidents/0");
	kz_srv_handle(&srv, &rq, &rs);
	assert_int_equal(rs.status, 404);
	done(&rq, &rs);
	request(&rq, &rs, "GET", "/incidents/99999999999999999999");
	kz_srv_handle(&srv, &rq, &rs);
	assert_int_equal(rs.status, 404);
	done(&rq, &rs);
	request(&rq, &rs, "PUT", "/queue");
	kz_srv_handle(&srv, &rq, &rs);
	assert_int_equal(rs.status, 405);
	done(&rq, &rs);
	request(&rq, &rs, "GET", "/queue");
	kz_srv_handle(&srv, &rq, &rs);
	assert_int_equal(rs.status, 303);
	assert_string_equal(header(&rs, "Location"), "/login?next=/queue");
	done(&rq, &rs);
	request(&rq, &rs, "HEAD", "/feed.atom");
	kz_srv_handle(&srv, &rq, &rs);
	assert_int_equal(rs.status, 200);
	done(&rq, &rs);
}

static void
test_login_needs_token_then_works(void **state)
{
	(void)state;
	struct kz_req rq;
	struct kz_resp rs;
	const char tok[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ";
	/* the cookie token and the form token must match */
	request(&rq, &rs, "POST", "/login");
	rq.cookie_csrf = tok;
	kz_kvs_add(&rq.form, "name", 4, "ed", 2);
	kz_kvs_add(&rq.form, "password", 8, "editor-password", 15);
	kz_kvs_add(&rq.form, "csrf", 4, "x", 1);
	kz_srv_handle(&srv, &rq, &rs);
	assert_int_equal(rs.status, 403);
	done(&rq, &rs);
	request(&rq, &rs, "POST", "/login");
	rq.cookie_csrf = tok;
	kz_kvs_add(&rq.form, "name", 4, "ed", 2);
	kz_kvs_add(&rq.form, "password", 8, "wrong-password", 14);
	kz_kvs_add(&rq.form, "csrf", 4, tok, strlen(tok));
	kz_srv_handle(&srv, &rq, &rs);
	assert_int_equal(rs.status, 401);
	done(&rq, &rs);
	request(&rq, &rs, "POST", "/login");
	rq.cookie_csrf = tok;
	kz_kvs_add(&rq.form, "name", 4, "ed", 2);
	kz_kvs_add(&rq.form, "password", 8, "editor-password", 15);
	kz_kvs_add(&rq.form, "csrf", 4, tok, strlen(tok));
	kz_kvs_add(&rq.form, "next", 4, "https://evil.example/", 21);
	kz_srv_handle(&srv, &rq, &rs);
	assert_int_equal(rs.status, 303);
	assert_string_equal(header(&rs, "Location"), "/queue");
	const char *c = NULL;
	for (size_t i = 0; i < rs.nh; i++)
		if (strncmp(rs.hval[i], "kz_session=", 11) == 0)
			c = rs.hval[i];
	assert_non_null(c);
	assert_non_null(strstr(c, "HttpOnly"));
	assert_non_null(strstr(c, "SameSite=Strict"));
	char token[KZ_TOKEN_CHARS + 1];
	memcpy(token, c + 11, KZ_TOKEN_CHARS);
	token[KZ_TOKEN_CHARS] = '\0';
	done(&rq, &rs);
	/* the session opens the queue */
	request(&rq, &rs, "GET", "/queue");
	rq.cookie_session = token;
	kz_srv_handle(&srv, &rq, &rs);
	assert_int_equal(rs.status, 200);
	assert_non_null(strstr(kz_buf_str(&rs.body), "id=act"));
	assert_string_equal(header(&rs, "Cache-Control"), "no-store");
	done(&rq, &rs);
	/* a session past its expiry does not */
	request(&rq, &rs, "GET", "/queue");
	rq.cookie_session = token;
	rq.now += KZ_SESSION_TTL + 1;
	kz_srv_handle(&srv, &rq, &rs);
	assert_int_equal(rs.status, 303);
	done(&rq, &rs);
	/* a new password ends the user's sessions, in one transaction */
	struct kz_err err;
	struct kz_session ses;
	struct kz_user u;
	assert_int_equal(
	    kz_app_session(store, token, 1700000000, &ses, &u, &err), KZ_OK);
	kz_user_fini(&u);
	assert_int_equal(
	    kz_app_user_passwd(store, "ed", "another-password", &err), KZ_OK);
	assert_int_equal(
	    kz_app_session(store, token, 1700000000, &ses, &u, &err),
	    KZ_ENOTFOUND);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_form_decoding),
	    cmocka_unit_test(test_rate_limit),
	    cmocka_unit_test(test_translations_complete),
	    cmocka_unit_test(test_public_page_escapes),
	    cmocka_unit_test(test_routes_and_roles),
	    cmocka_unit_test(test_login_needs_token_then_works),
	};
	return cmocka_run_group_tests(tests, setup_db, teardown_db);
}
