/*
 * The dispatcher of kuzet serve: one route table, sessions, CSRF and
 * roles checked before any handler runs; decoded forms; the login
 * throttle.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/server_int.h"

/* ---- name=value lists ---- */

void
kz_kvs_add(struct kz_kvs *l, const char *k, size_t kn, const char *v, size_t vn)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = kz_xreallocarray(l->v, l->cap, sizeof *l->v);
	}
	l->v[l->n].k = kz_xstrndup(k, kn);
	l->v[l->n].v = kz_xstrndup(v, vn);
	l->n++;
}

const char *
kz_kvs_get(const struct kz_kvs *l, const char *k)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].k, k) == 0)
			return l->v[i].v;
	return NULL;
}

void
kz_kvs_fini(struct kz_kvs *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].k);
		free(l->v[i].v);
	}
	free(l->v);
	memset(l, 0, sizeof *l);
}

/* Decode s[0..n) ('+' space, %XX) into a new string of *out_n bytes;
 * NULL when the result is not valid UTF-8 or holds a NUL. */
static char *
url_decode(const char *s, size_t n, size_t *out_n)
{
	char *o = kz_xmalloc(n + 1);
	size_t j = 0;

	for (size_t i = 0; i < n; i++) {
		int hi, lo;
		if (s[i] == '+') {
			o[j++] = ' ';
		} else if (s[i] == '%' && i + 2 < n &&
		    (hi = kz_hexval(s[i + 1])) >= 0 &&
		    (lo = kz_hexval(s[i + 2])) >= 0) {
			o[j++] = (char)(hi * 16 + lo);
			i += 2;
		} else {
			o[j++] = s[i];
		}
	}
	o[j] = '\0';
	if (memchr(o, '\0', j) != NULL || !kz_utf8_valid(o, j, NULL)) {
		free(o);
		return NULL;
	}
	*out_n = j;
	return o;
}

int
kz_form_parse(struct kz_kvs *l, const char *s, size_t n)
{
	size_t i = 0, fields = 0;

	while (i < n) {
		size_t e = i, eq;
		while (e < n && s[e] != '&' && s[e] != ';')
			e++;
		eq = i;
		while (eq < e && s[eq] != '=')
			eq++;
		if (e > i) {
			size_t kn, vn;
			char *k, *v;
			if (++fields > KZ_FORM_FIELDS_MAX)
				return -1;
			k = url_decode(s + i, eq - i, &kn);
			v = url_decode(s + (eq < e ? eq + 1 : e),
			    eq < e ? e - eq - 1 : 0, &vn);
			if (k == NULL || v == NULL) {
				free(k);
				free(v);
				return -1;
			}
			kz_kvs_add(l, k, kn, v, vn);
			free(k);
			free(v);
		}
		i = e + 1;
	}
	return 0;
}

/* ---- login throttle ---- */

static struct kz_rate_slot *
rate_find(struct kz_rate *r, const char *key, int create, int64_t now)
{
	struct kz_rate_slot *old = NULL;

	for (size_t i = 0; i < KZ_RATE_SLOTS; i++) {
		struct kz_rate_slot *s = &r->slots[i];
		if (s->key[0] != '\0' && strcmp(s->key, key) == 0) {
			if (now - s->start >= KZ_RATE_WINDOW) {
				s->start = now;
				s->fails = 0;
			}
			return s;
		}
		if (old == NULL || s->key[0] == '\0' ||
		    (old->key[0] != '\0' && s->start < old->start))
			old = s;
	}
	if (!create)
		return NULL;
	/* an empty slot, else the one whose window began first */
	snprintf(old->key, sizeof old->key, "%s", key);
	old->start = now;
	old->fails = 0;
	return old;
}

int
kz_rate_allowed(struct kz_rate *r, const char *key, int max, int64_t now)
{
	pthread_mutex_lock(&r->mu);
	struct kz_rate_slot *s = rate_find(r, key, 0, now);
	int ok = s == NULL || s->fails < max;
	pthread_mutex_unlock(&r->mu);
	return ok;
}

void
kz_rate_fail(struct kz_rate *r, const char *key, int64_t now)
{
	pthread_mutex_lock(&r->mu);
	rate_find(r, key, 1, now)->fails++;
	pthread_mutex_unlock(&r->mu);
}

void
kz_rate_reset(struct kz_rate *r, const char *key)
{
	pthread_mutex_lock(&r->mu);
	struct kz_rate_slot *s = rate_find(r, key, 0, 0);
	if (s != NULL)
		memset(s, 0, sizeof *s);
	pthread_mutex_unlock(&r->mu);
}

/* ---- requests and responses ---- */

void
kz_req_init(struct kz_req *rq)
{
	memset(rq, 0, sizeof *rq);
	kz_user_init(&rq->user);
	rq->method = "GET";
	rq->path = "/";
	rq->remote = "";
}

void
kz_req_fini(struct kz_req *rq)
{
	kz_kvs_fini(&rq->query);
	kz_kvs_fini(&rq->form);
	kz_user_fini(&rq->user);
}

void
kz_resp_init(struct kz_resp *rs)
{
	memset(rs, 0, sizeof *rs);
	rs->status = 200;
	rs->ctype = "text/html; charset=utf-8";
	kz_buf_init(&rs->body, KZ_RESP_MAX);
}

void
kz_resp_fini(struct kz_resp *rs)
{
	kz_buf_fini(&rs->body);
	for (size_t i = 0; i < rs->nh; i++) {
		free(rs->hname[i]);
		free(rs->hval[i]);
	}
	rs->nh = 0;
}

void
kz_resp_header(struct kz_resp *rs, const char *name, const char *val)
{
	if (rs->nh == KZ_RESP_HEADERS)
		abort(); /* programmer error: raise KZ_RESP_HEADERS */
	rs->hname[rs->nh] = kz_xstrdup(name);
	rs->hval[rs->nh] = kz_xstrdup(val);
	rs->nh++;
}

/* ---- routes ---- */

enum { PUBLIC = -1 };

struct route {
	const char *method;
	const char *pattern; /* "#" matches a positive integer segment */
	int role; /* PUBLIC, else the least enum kz_role */
	kz_handler fn;
};

static const struct route routes[] = {
    {"GET", "/", PUBLIC, kz_h_index},
    {"GET", "/incidents/#", PUBLIC, kz_h_incident},
    {"GET", "/feed.atom", PUBLIC, kz_h_feed},
    {"GET", "/api/incidents", PUBLIC, kz_h_api},
    {"GET", "/export.csv", PUBLIC, kz_h_export},
    {"GET", "/static/app.css", PUBLIC, kz_h_static},
    {"GET", "/static/app.js", PUBLIC, kz_h_static},
    {"GET", "/login", PUBLIC, kz_h_login_form},
    {"POST", "/login", PUBLIC, kz_h_login},
    {"POST", "/logout", PUBLIC, kz_h_logout},
    {"POST", "/lang", PUBLIC, kz_h_lang},
    {"GET", "/queue", KZ_ROLE_VIEWER, kz_h_queue},
    {"POST", "/queue", KZ_ROLE_EDITOR, kz_h_queue_act},
    {"GET", "/articles/#", KZ_ROLE_VIEWER, kz_h_article},
    {"GET", "/incidents/new", KZ_ROLE_EDITOR, kz_h_edit_form},
    {"POST", "/incidents/new", KZ_ROLE_EDITOR, kz_h_edit},
    {"GET", "/incidents/#/edit", KZ_ROLE_EDITOR, kz_h_edit_form},
    {"POST", "/incidents/#/edit", KZ_ROLE_EDITOR, kz_h_edit},
    {"GET", "/report", KZ_ROLE_VIEWER, kz_h_report},
    {"GET", "/report/file", KZ_ROLE_VIEWER, kz_h_report_file},
    {"GET", "/users", KZ_ROLE_ADMIN, kz_h_users},
    {"POST", "/users", KZ_ROLE_ADMIN, kz_h_users_act},
    {"GET", "/sources", KZ_ROLE_ADMIN, kz_h_sources},
    {"POST", "/sources", KZ_ROLE_ADMIN, kz_h_sources_act},
};

/* Match path against pattern; *id gets the "#" segment. */
static int
match(const char *pattern, const char *path, int64_t *id)
{
	const char *p = pattern, *s = path;

	*id = 0;
	while (*p != '\0') {
		if (*p == '#') {
			int64_t v = 0;
			const char *st = s;
			while (*s >= '0' && *s <= '9') {
				if (v > (INT64_MAX - 9) / 10)
					return 0;
				v = v * 10 + (*s - '0');
				s++;
			}
			if (s == st || *st == '0' || v <= 0)
				return 0;
			*id = v;
			p++;
			continue;
		}
		if (*p != *s)
			return 0;
		p++;
		s++;
	}
	return *s == '\0';
}

int64_t
kz_arg_int(const char *s, int64_t def)
{
	int64_t v = 0;

	if (s == NULL || *s == '\0')
		return def;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9' || v > (INT64_MAX - 9) / 10)
			return def;
		v = v * 10 + (*p - '0');
	}
	return v;
}

static int
lang_of(const char *s, enum kz_lang *l)
{
	return s != NULL && kz_lang_parse(s, l) == 0;
}

/* Load the session of the cookie, pick the interface language and the
 * form token. */
static void
identify(struct kz_req *rq)
{
	struct kz_err err;
	enum kz_lang l;

	rq->ui = KZ_LANG_RU;
	if (rq->cookie_session != NULL &&
	    kz_app_session(rq->store, rq->cookie_session, rq->now, &rq->ses,
	        &rq->user, &err) == KZ_OK)
		rq->logged_in = 1;
	if (rq->logged_in && lang_of(rq->user.lang, &l))
		rq->ui = l;
	else if (lang_of(rq->cookie_lang, &l))
		rq->ui = l;
	if (lang_of(kz_kvs_get(&rq->query, "ui"), &l))
		rq->ui = l;
	if (rq->logged_in) {
		size_t n = strnlen(rq->ses.csrf, KZ_TOKEN_CHARS);
		memcpy(rq->csrf, rq->ses.csrf, n);
		rq->csrf[n] = '\0';
	} else if (rq->cookie_csrf != NULL &&
	    strlen(rq->cookie_csrf) == KZ_TOKEN_CHARS) {
		snprintf(rq->csrf, sizeof rq->csrf, "%s", rq->cookie_csrf);
	} else {
		kz_auth_token(rq->csrf);
		rq->new_csrf = 1;
	}
}

static void
security_headers(struct kz_req *rq, struct kz_resp *rs)
{
	kz_resp_header(rs, "X-Content-Type-Options", "nosniff");
	kz_resp_header(rs, "Referrer-Policy", "same-origin");
	kz_resp_header(rs, "X-Frame-Options", "SAMEORIGIN");
	int has_csp = 0;
	for (size_t i = 0; i < rs->nh; i++)
		has_csp |= strcmp(rs->hname[i], "Content-Security-Policy") == 0;
	if (!has_csp)
		kz_resp_header(rs, "Content-Security-Policy",
		    "default-src 'self'; script-src 'self'; style-src 'self'; "
		    "img-src 'self' data:; frame-ancestors 'self'; form-action "
		    "'self'; base-uri 'none'");
	/* pages with forms need the token; data and static files do not */
	if (rq->new_csrf && strncmp(rs->ctype, "text/html", 9) == 0) {
		char c[160];
		snprintf(c, sizeof c,
		    "kz_csrf=%s; Path=/; HttpOnly; SameSite=Strict%s", rq->csrf,
		    rq->secure ? "; Secure" : "");
		kz_resp_header(rs, "Set-Cookie", c);
	}
}

void
kz_srv_handle(struct kz_srv *srv, struct kz_req *rq, struct kz_resp *rs)
{
	const struct route *hit = NULL;
	int path_known = 0;
	const char *method =
	    strcmp(rq->method, "HEAD") == 0 ? "GET" : rq->method;

	rq->srv = srv;
	identify(rq);
	for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
		int64_t id;
		if (!match(routes[i].pattern, rq->path, &id))
			continue;
		path_known = 1;
		if (strcmp(routes[i].method, method) == 0) {
			hit = &routes[i];
			rq->id = id;
			break;
		}
	}
	if (hit == NULL) {
		if (path_known) {
			kz_page_error(rq, rs, 405, "err.method");
			kz_resp_header(rs, "Allow", "GET, HEAD, POST");
		} else {
			kz_page_error(rq, rs, 404, "err.notfound");
		}
	} else if (strcmp(method, "POST") == 0 &&
	    (kz_kvs_get(&rq->form, "csrf") == NULL ||
	        !kz_auth_equal(kz_kvs_get(&rq->form, "csrf"), rq->csrf) ||
	        rq->new_csrf)) {
		kz_page_error(rq, rs, 403, "err.csrf");
	} else if (hit->role != PUBLIC && !rq->logged_in) {
		if (strcmp(method, "GET") == 0) {
			struct kz_resp tmp;
			kz_resp_init(&tmp);
			kz_out(&tmp, "/login?next=");
			kz_out_qv(&tmp, rq->path);
			kz_redirect(rs, kz_buf_str(&tmp.body));
			kz_resp_fini(&tmp);
		} else {
			kz_page_error(rq, rs, 403, "err.login");
		}
	} else if (hit->role != PUBLIC && (int)rq->user.role < hit->role) {
		kz_page_error(rq, rs, 403, "err.role");
	} else {
		hit->fn(rq, rs);
	}
	if (rs->failed) {
		kz_buf_reset(&rs->body);
		rs->failed = 0;
		kz_page_error(rq, rs, 500, "err.toolarge");
	}
	security_headers(rq, rs);
	if (rq->logged_in)
		kz_resp_header(rs, "Cache-Control", "no-store");
}
