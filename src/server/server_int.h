/*
 * Internals of kuzet serve.  A request is one struct kz_req (everything
 * the handlers may read, already decoded) and its answer one struct
 * kz_resp; kz_srv_handle maps one to the other without a socket, so the
 * handlers are testable as plain functions.  http.c is the only file that
 * knows libmicrohttpd.
 */
#ifndef KZ_SERVER_INT_H
#define KZ_SERVER_INT_H

#include <pthread.h>
#include <stdint.h>

#include "kuzet/app.h"
#include "kuzet/auth.h"
#include "kuzet/server.h"
#include "kuzet/users.h"

#define KZ_FORM_FIELDS_MAX 4096 /* fields in one form or query */
#define KZ_PAGE_SIZE 50 /* items per page of lists */
#define KZ_API_LIMIT_MAX 1000 /* /api/incidents?limit= */
#define KZ_RESP_MAX ((size_t)64 << 20) /* bytes of one response */
#define KZ_RATE_SLOTS 4096 /* login throttle entries kept */
#define KZ_RATE_WINDOW 900 /* seconds */
#define KZ_RATE_USER_FAILS 5 /* failed logins per account per window */
#define KZ_RATE_ADDR_FAILS 20 /* failed logins per address per window */

/* Decoded name=value pairs (query, form, cookies), owned. */
struct kz_kv {
	char *k, *v;
};
struct kz_kvs {
	struct kz_kv *v;
	size_t n, cap;
};
void kz_kvs_add(
    struct kz_kvs *l, const char *k, size_t kn, const char *v, size_t vn);
/* The first value of k, or NULL. */
const char *kz_kvs_get(const struct kz_kvs *l, const char *k);
void kz_kvs_fini(struct kz_kvs *l);
/*
 * Parse application/x-www-form-urlencoded s[0..n) into l (appending):
 * '+' is a space, %XX a byte.  -1 (l unchanged past what was added) when
 * a name or value is not valid UTF-8 or there are more than
 * KZ_FORM_FIELDS_MAX fields.
 */
int kz_form_parse(struct kz_kvs *l, const char *s, size_t n);

/* Login throttle: failures per account and per address in a window. */
struct kz_rate_slot {
	char key[KZ_USER_NAME_MAX + 8];
	int64_t start;
	int fails;
};
struct kz_rate {
	pthread_mutex_t mu;
	struct kz_rate_slot slots[KZ_RATE_SLOTS];
};
/* 1 when key may try again at now, else 0. */
int kz_rate_allowed(struct kz_rate *r, const char *key, int max, int64_t now);
void kz_rate_fail(struct kz_rate *r, const char *key, int64_t now);
void kz_rate_reset(struct kz_rate *r, const char *key);

/* What a server shares between its threads. */
struct kz_srv {
	struct kz_server_opts o;
	const struct kz_taxonomy *tax;
	struct kz_rate rate;
};

struct kz_req {
	const char *method; /* "GET", "HEAD", "POST", ... */
	const char *path; /* decoded path, no query */
	struct kz_kvs query, form;
	const char *cookie_session, *cookie_csrf, *cookie_lang;
	const char *host; /* Host header, may be NULL */
	const char *remote; /* client address (text) */
	int secure; /* over HTTPS, directly or per a trusted proxy */
	int64_t now;
	/* set by the dispatcher */
	struct kz_store *store;
	struct kz_srv *srv;
	int logged_in;
	struct kz_user user;
	struct kz_session ses;
	char csrf[KZ_TOKEN_CHARS + 1]; /* the token forms must carry */
	int new_csrf; /* csrf was made for this response (set the cookie) */
	enum kz_lang ui; /* interface language */
	int64_t id; /* the {id} of the route, 0 if none */
};
void kz_req_init(struct kz_req *rq);
void kz_req_fini(struct kz_req *rq);

#define KZ_RESP_HEADERS 12
struct kz_resp {
	int status;
	const char *ctype;
	struct kz_buf body;
	int failed; /* the body hit KZ_RESP_MAX */
	char *hname[KZ_RESP_HEADERS], *hval[KZ_RESP_HEADERS];
	size_t nh;
};
void kz_resp_init(struct kz_resp *rs);
void kz_resp_fini(struct kz_resp *rs);
void kz_resp_header(struct kz_resp *rs, const char *name, const char *val);

/* Answer rq into rs (status, type, body, headers). */
void kz_srv_handle(struct kz_srv *srv, struct kz_req *rq, struct kz_resp *rs);

/* ---- writing pages (page.c) ---- */
/* Raw (trusted) bytes, escaped text, printf of trusted values. */
void kz_out(struct kz_resp *rs, const char *s);
void kz_outn(struct kz_resp *rs, const char *s, size_t n);
void kz_esc(struct kz_resp *rs, const char *s);
void kz_outf(struct kz_resp *rs, const char *fmt, ...) KZ_PRINTF(2, 3);
/* A URL query value, percent-encoded. */
void kz_out_qv(struct kz_resp *rs, const char *s);
/* The interface string key in rq's language (the key itself if missing). */
const char *kz_t(const struct kz_req *rq, const char *key);
const char *kz_t_lang(enum kz_lang l, const char *key);
/* 0 when every interface string has all three translations (valid
 * UTF-8) and no key is twice; else -1 and *bad names the key. */
int kz_i18n_check(const char **bad);
/* The page head (title escaped) with the navigation, and its end. */
void kz_page_begin(struct kz_req *rq, struct kz_resp *rs, const char *title);
void kz_page_end(struct kz_req *rq, struct kz_resp *rs);
/* A hidden input with the form token. */
void kz_out_csrf(struct kz_req *rq, struct kz_resp *rs);
/* A whole error page (message key translated; never paths or SQL). */
void kz_page_error(
    struct kz_req *rq, struct kz_resp *rs, int status, const char *key);
/* 303 See Other to a local path. */
void kz_redirect(struct kz_resp *rs, const char *path);
/* n bytes of s, escaped. */
void kz_escn(struct kz_resp *rs, const char *s, size_t n);
/* text as paragraphs: each non-empty line a <p>, escaped. */
void kz_out_paras(struct kz_resp *rs, const char *text);
/* The section's name in lang (its id when not in the taxonomy). */
const char *
kz_section_name(const struct kz_req *rq, const char *id, enum kz_lang lang);
/* A <select name=...> of the sections (with an empty "any" when any). */
void kz_out_sections(struct kz_req *rq, struct kz_resp *rs, const char *name,
    const char *selected, const char *any_key);
/* The internal-error page, logging err to stderr (never to the client). */
void
kz_page_fail(struct kz_req *rq, struct kz_resp *rs, const struct kz_err *e);
/* Load incident id into *inc: 1 when done, else 0 with the 404 or 500
 * page already written to rs (inc is then empty). */
int kz_load_incident(struct kz_req *rq, struct kz_resp *rs, int64_t id,
    struct kz_incident *inc);
/* The positive integer of a query/form value, else def. */
int64_t kz_arg_int(const char *s, int64_t def);

/* ---- handlers ---- */
typedef void (*kz_handler)(struct kz_req *rq, struct kz_resp *rs);
void kz_h_index(struct kz_req *rq, struct kz_resp *rs);
void kz_h_incident(struct kz_req *rq, struct kz_resp *rs);
void kz_h_feed(struct kz_req *rq, struct kz_resp *rs);
void kz_h_api(struct kz_req *rq, struct kz_resp *rs);
void kz_h_export(struct kz_req *rq, struct kz_resp *rs);
void kz_h_static(struct kz_req *rq, struct kz_resp *rs);
void kz_h_login_form(struct kz_req *rq, struct kz_resp *rs);
void kz_h_login(struct kz_req *rq, struct kz_resp *rs);
void kz_h_logout(struct kz_req *rq, struct kz_resp *rs);
void kz_h_lang(struct kz_req *rq, struct kz_resp *rs);
void kz_h_queue(struct kz_req *rq, struct kz_resp *rs);
void kz_h_queue_act(struct kz_req *rq, struct kz_resp *rs);
void kz_h_article(struct kz_req *rq, struct kz_resp *rs);
void kz_h_edit_form(struct kz_req *rq, struct kz_resp *rs);
void kz_h_edit(struct kz_req *rq, struct kz_resp *rs);
void kz_h_report(struct kz_req *rq, struct kz_resp *rs);
void kz_h_report_file(struct kz_req *rq, struct kz_resp *rs);
void kz_h_users(struct kz_req *rq, struct kz_resp *rs);
void kz_h_users_act(struct kz_req *rq, struct kz_resp *rs);
void kz_h_sources(struct kz_req *rq, struct kz_resp *rs);
void kz_h_sources_act(struct kz_req *rq, struct kz_resp *rs);

#endif
