/* /login, /logout and /lang: sessions, the login throttle, the
 * interface language. */
#include <stdio.h>
#include <string.h>

#include "server/server_int.h"

/* A local path to go back to (never another site): starts with one '/'
 * and holds no backslash or control characters. */
static const char *
local_path(const char *p, const char *def)
{
	if (p == NULL || p[0] != '/' || p[1] == '/' || p[1] == '\\' ||
	    strlen(p) > 512)
		return def;
	for (const char *s = p; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == '\\' || *s == 0x7f)
			return def;
	return p;
}

static void
login_page(struct kz_req *rq, struct kz_resp *rs, const char *msg_key,
    const char *name)
{
	const char *next = local_path(kz_kvs_get(&rq->query, "next"), NULL);
	if (next == NULL)
		next = local_path(kz_kvs_get(&rq->form, "next"), "/queue");
	kz_page_begin(rq, rs, kz_t(rq, "login.title"));
	kz_out(rs, "<h1>");
	kz_esc(rs, kz_t(rq, "login.title"));
	kz_out(rs, "</h1>");
	if (msg_key != NULL) {
		kz_out(rs, "<p class=error role=alert>");
		kz_esc(rs, kz_t(rq, msg_key));
		kz_out(rs, "</p>");
	}
	kz_out(rs, "<form method=post action=/login class=login>");
	kz_out_csrf(rq, rs);
	kz_out(rs, "<input type=hidden name=next value=\"");
	kz_esc(rs, next);
	kz_out(rs, "\"><label>");
	kz_esc(rs, kz_t(rq, "f.user"));
	kz_out(rs,
	    " <input name=name id=name autocomplete=username required "
	    "value=\"");
	kz_esc(rs, name != NULL ? name : "");
	kz_out(rs, "\"></label><label>");
	kz_esc(rs, kz_t(rq, "f.password"));
	kz_out(rs,
	    " <input type=password name=password id=password "
	    "autocomplete=current-password required></label>"
	    "<button id=login>");
	kz_esc(rs, kz_t(rq, "nav.login"));
	kz_out(rs, "</button></form>");
	kz_page_end(rq, rs);
}

void
kz_h_login_form(struct kz_req *rq, struct kz_resp *rs)
{
	login_page(rq, rs, NULL, NULL);
}

static void
session_cookie(
    struct kz_req *rq, struct kz_resp *rs, const char *token, int64_t max_age)
{
	char c[256];
	snprintf(c, sizeof c,
	    "kz_session=%s; Path=/; Max-Age=%lld; HttpOnly; "
	    "SameSite=Strict%s",
	    token, (long long)max_age, rq->secure ? "; Secure" : "");
	kz_resp_header(rs, "Set-Cookie", c);
}

void
kz_h_login(struct kz_req *rq, struct kz_resp *rs)
{
	const char *name = kz_kvs_get(&rq->form, "name");
	const char *pw = kz_kvs_get(&rq->form, "password");
	char ukey[KZ_USER_NAME_MAX + 8], akey[KZ_USER_NAME_MAX + 8];
	struct kz_user u;
	struct kz_session ses;
	char token[KZ_TOKEN_CHARS + 1];
	struct kz_err err;

	if (name == NULL || pw == NULL || strlen(name) > KZ_USER_NAME_MAX ||
	    strlen(pw) > KZ_PASSWORD_MAX) {
		rs->status = 401;
		login_page(rq, rs, "login.bad", NULL);
		return;
	}
	snprintf(ukey, sizeof ukey, "u:%s", name);
	snprintf(akey, sizeof akey, "a:%s", rq->remote);
	if (!kz_rate_allowed(
	        &rq->srv->rate, ukey, KZ_RATE_USER_FAILS, rq->now) ||
	    !kz_rate_allowed(
	        &rq->srv->rate, akey, KZ_RATE_ADDR_FAILS, rq->now)) {
		rs->status = 429;
		kz_resp_header(rs, "Retry-After", "900");
		login_page(rq, rs, "login.slow", name);
		return;
	}
	kz_rc rc = kz_app_login(rq->store, name, pw, rq->now, KZ_SESSION_TTL,
	    &u, &ses, token, &err);
	if (rc == KZ_EPERM) {
		kz_rate_fail(&rq->srv->rate, ukey, rq->now);
		kz_rate_fail(&rq->srv->rate, akey, rq->now);
		rs->status = 401;
		login_page(rq, rs, "login.bad", name);
		return;
	}
	if (rc != KZ_OK) {
		kz_page_fail(rq, rs, &err);
		return;
	}
	kz_rate_reset(&rq->srv->rate, ukey);
	/* the old session, if any, ends */
	if (rq->cookie_session != NULL &&
	    kz_app_logout(rq->store, rq->cookie_session, &err) != KZ_OK)
		fprintf(stderr, "kuzet serve: ending a session: %s\n", err.msg);
	session_cookie(rq, rs, token, KZ_SESSION_TTL);
	kz_redirect(rs, local_path(kz_kvs_get(&rq->form, "next"), "/queue"));
	kz_user_fini(&u);
}

void
kz_h_logout(struct kz_req *rq, struct kz_resp *rs)
{
	struct kz_err err;

	if (rq->cookie_session != NULL &&
	    kz_app_logout(rq->store, rq->cookie_session, &err) != KZ_OK) {
		kz_page_fail(rq, rs, &err);
		return;
	}
	session_cookie(rq, rs, "", 0);
	kz_redirect(rs, "/");
}

void
kz_h_lang(struct kz_req *rq, struct kz_resp *rs)
{
	const char *l = kz_kvs_get(&rq->form, "lang");
	enum kz_lang lang;
	struct kz_err err;
	char c[128];

	if (l == NULL || kz_lang_parse(l, &lang) != 0) {
		kz_page_error(rq, rs, 400, "err.form");
		return;
	}
	if (rq->logged_in) {
		struct kz_user_change ch = {-1, NULL, kz_lang_code(lang)};
		if (kz_store_user_update(rq->store, rq->user.id, &ch, &err) !=
		    KZ_OK) {
			kz_page_fail(rq, rs, &err);
			return;
		}
	}
	snprintf(c, sizeof c,
	    "kz_lang=%s; Path=/; Max-Age=31536000; SameSite=Strict%s",
	    kz_lang_code(lang), rq->secure ? "; Secure" : "");
	kz_resp_header(rs, "Set-Cookie", c);
	kz_redirect(rs, local_path(kz_kvs_get(&rq->form, "back"), "/"));
}
