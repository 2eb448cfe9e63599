/*
 * The fetcher: a queue of requests scheduled onto libcurl's multi
 * interface under per-host politeness rules.
 *
 * Each request is a `struct job`.  Queued jobs wait in f->pend (in the order
 * added); kz_fetcher_run starts those whose host has a free slot and whose
 * delay has passed, up to `jobs` at once, and polls libcurl.  A finished
 * transfer is either retried (back into f->pend with a not-before time) or
 * reported through the callback and freed.  Hosts (scheme://host:port) live
 * for the fetcher's life and cache robots.txt; a robots.txt fetch is an
 * internal job that is never reported.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include "kuzet/limits.h"
#include "kuzet/net.h"

enum robots_state { ROBOTS_NONE, ROBOTS_FETCHING, ROBOTS_READY };

struct host {
	char *key; /* "scheme://host:port"; "" for file: */
	unsigned active;
	int64_t next_ok_ms; /* earliest start of the next request */
	int web; /* http or https: robots.txt applies */
	enum robots_state robots_state;
	struct kz_robots *robots; /* NULL: allow all (or failed, see rc) */
	kz_rc robots_rc; /* KZ_OK, or why pages cannot be fetched */
	char robots_msg[256];
	int64_t robots_expires_ms;
	long crawl_delay_ms; /* from robots.txt; -1 none */
	int64_t retry_until_ms; /* Retry-After: nothing before this */
};

struct job {
	char *url; /* as requested */
	char *cur; /* after manual redirects (pages); NULL: url */
	unsigned hops; /* redirects followed by hand */
	long retry_after_s; /* the host asked to wait this long */
	char *etag;
	char *last_modified;
	char *path; /* path?query, for robots.txt */
	int is_page;
	int is_robots; /* internal robots.txt fetch */
	void *user;
	struct host *host;
	kz_rc early_rc; /* fails before any transfer */
	char early_msg[256];
	unsigned attempts;
	int64_t first_ms, not_before_ms;
	CURL *easy;
	struct curl_slist *hdrs;
	struct kz_buf body;
	int over_cap;
	char errbuf[CURL_ERROR_SIZE];
};

struct kz_fetcher {
	struct kz_fetch_opts o;
	char *user_agent;
	struct curl_slist *resolve;
	CURLM *multi;
	struct job **pend;
	size_t npend, cappend;
	struct job **act; /* in flight, including robots jobs */
	size_t nact, capact;
	struct host **hosts;
	size_t nhosts, caphosts;
	kz_fetch_done_fn cb;
	void *ctx;
};

static unsigned curl_users;

static int64_t
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
kz_fetch_opts_init(struct kz_fetch_opts *o)
{
	memset(o, 0, sizeof *o);
	o->jobs = KZ_FETCH_JOBS_DEFAULT;
	o->per_host = KZ_FETCH_PER_HOST_DEFAULT;
	o->host_delay_ms = KZ_FETCH_HOST_DELAY_MS;
	o->connect_timeout_ms = KZ_FETCH_CONNECT_TIMEOUT_MS;
	o->total_timeout_ms = KZ_FETCH_TOTAL_TIMEOUT_MS;
	o->max_bytes = KZ_FETCH_BODY_MAX_BYTES;
	o->max_redirects = KZ_FETCH_REDIRECTS_MAX;
	o->retries = KZ_FETCH_RETRIES_DEFAULT;
	o->retry_backoff_ms = KZ_FETCH_RETRY_BACKOFF_MS;
	o->user_agent = KZ_FETCH_USER_AGENT;
	o->allow_file = 0;
	o->robots = 1;
	o->resolve = NULL;
}

kz_rc
kz_fetch_user_agent(const char *contact, char **out, struct kz_err *err)
{
	size_t n = contact != NULL ? strlen(contact) : 0;
	if (n == 0)
		return kz_fail(err, KZ_EUSAGE, "contact: empty");
	if (n > KZ_FETCH_CONTACT_MAX_BYTES)
		return kz_fail(err, KZ_EUSAGE, "contact: over %u bytes",
		    KZ_FETCH_CONTACT_MAX_BYTES);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)contact[i];
		if (c < 0x21 || c > 0x7e || strchr("();\\", c) != NULL)
			return kz_fail(err, KZ_EUSAGE,
			    "contact: '%.60s' holds a character not allowed "
			    "in a User-Agent comment (byte %zu)",
			    contact, i);
	}
	*out = kz_xasprintf(
	    "kuzet/%s (digital-rights monitoring; +%s)", KZ_VERSION, contact);
	return KZ_OK;
}

kz_rc
kz_fetcher_new(
    const struct kz_fetch_opts *o, struct kz_fetcher **out, struct kz_err *err)
{
	struct kz_fetch_opts d;
	if (o == NULL) {
		kz_fetch_opts_init(&d);
		o = &d;
	}
	if (o->jobs < 1 || o->jobs > KZ_FETCH_JOBS_MAX)
		return kz_fail(err, KZ_EUSAGE, "fetch: jobs must be 1..%u",
		    KZ_FETCH_JOBS_MAX);
	if (o->per_host < 1)
		return kz_fail(err, KZ_EUSAGE, "fetch: per_host must be >= 1");
	if (o->host_delay_ms < 0 || o->connect_timeout_ms < 1 ||
	    o->total_timeout_ms < 1 || o->max_redirects < 0 ||
	    o->retry_backoff_ms < 0 || o->max_bytes < 1 || o->retries > 16)
		return kz_fail(err, KZ_EUSAGE, "fetch: option out of range");
	if (curl_users == 0 && curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
		return kz_fail(err, KZ_ENET, "fetch: curl_global_init failed");
	curl_users++;

	struct kz_fetcher *f = kz_xcalloc(1, sizeof *f);
	f->o = *o;
	f->user_agent = kz_xstrdup(
	    o->user_agent != NULL ? o->user_agent : KZ_FETCH_USER_AGENT);
	f->o.user_agent = f->user_agent;
	for (size_t i = 0; o->resolve != NULL && o->resolve[i] != NULL; i++) {
		struct curl_slist *l =
		    curl_slist_append(f->resolve, o->resolve[i]);
		if (l == NULL)
			abort(); /* OOM */
		f->resolve = l;
	}
	f->o.resolve = NULL;
	f->multi = curl_multi_init();
	if (f->multi == NULL) {
		kz_fetcher_free(f);
		return kz_fail(err, KZ_ENET, "fetch: curl_multi_init failed");
	}
	*out = f;
	return KZ_OK;
}

static void
job_free(struct job *j)
{
	if (j == NULL)
		return;
	if (j->easy != NULL)
		curl_easy_cleanup(j->easy);
	curl_slist_free_all(j->hdrs);
	kz_buf_fini(&j->body);
	free(j->url);
	free(j->cur);
	free(j->etag);
	free(j->last_modified);
	free(j->path);
	free(j);
}

void
kz_fetcher_free(struct kz_fetcher *f)
{
	if (f == NULL)
		return;
	for (size_t i = 0; i < f->nact; i++) {
		curl_multi_remove_handle(f->multi, f->act[i]->easy);
		job_free(f->act[i]);
	}
	for (size_t i = 0; i < f->npend; i++)
		job_free(f->pend[i]);
	for (size_t i = 0; i < f->nhosts; i++) {
		kz_robots_free(f->hosts[i]->robots);
		free(f->hosts[i]->key);
		free(f->hosts[i]);
	}
	if (f->multi != NULL)
		curl_multi_cleanup(f->multi);
	curl_slist_free_all(f->resolve);
	free(f->act);
	free(f->pend);
	free(f->hosts);
	free(f->user_agent);
	free(f);
	if (curl_users > 0 && --curl_users == 0)
		curl_global_cleanup();
}

static void
pend_push(struct kz_fetcher *f, struct job *j)
{
	if (f->npend == f->cappend) {
		f->cappend = f->cappend ? f->cappend * 2 : 64;
		f->pend =
		    kz_xreallocarray(f->pend, f->cappend, sizeof *f->pend);
	}
	f->pend[f->npend++] = j;
}

static void
pend_remove(struct kz_fetcher *f, size_t i)
{
	memmove(
	    &f->pend[i], &f->pend[i + 1], (f->npend - i - 1) * sizeof *f->pend);
	f->npend--;
}

static void
act_push(struct kz_fetcher *f, struct job *j)
{
	if (f->nact == f->capact) {
		f->capact = f->capact ? f->capact * 2 : 64;
		f->act = kz_xreallocarray(f->act, f->capact, sizeof *f->act);
	}
	f->act[f->nact++] = j;
}

static void
act_remove(struct kz_fetcher *f, struct job *j)
{
	for (size_t i = 0; i < f->nact; i++) {
		if (f->act[i] == j) {
			f->act[i] = f->act[--f->nact];
			return;
		}
	}
}

static struct host *
host_get(struct kz_fetcher *f, const char *key, int web)
{
	for (size_t i = 0; i < f->nhosts; i++)
		if (strcmp(f->hosts[i]->key, key) == 0)
			return f->hosts[i];
	if (f->nhosts == f->caphosts) {
		f->caphosts = f->caphosts ? f->caphosts * 2 : 16;
		f->hosts =
		    kz_xreallocarray(f->hosts, f->caphosts, sizeof *f->hosts);
	}
	struct host *h = kz_xcalloc(1, sizeof *h);
	h->key = kz_xstrdup(key);
	h->web = web;
	h->crawl_delay_ms = -1;
	f->hosts[f->nhosts++] = h;
	return h;
}

static char *
dup_opt(const char *s)
{
	return s != NULL && s[0] != '\0' ? kz_xstrdup(s) : NULL;
}

/* Work out the host and robots path of the job's current URL, or set
 * early_rc. */
static void
job_classify(struct kz_fetcher *f, struct job *j)
{
	const char *target = j->cur != NULL ? j->cur : j->url;
	CURLU *u = curl_url();
	char *scheme = NULL, *hostname = NULL, *port = NULL, *path = NULL,
	     *query = NULL;
	if (u == NULL)
		abort(); /* OOM */
	CURLUcode uc =
	    curl_url_set(u, CURLUPART_URL, target, CURLU_NON_SUPPORT_SCHEME);
	if (uc != CURLUE_OK) {
		j->early_rc = KZ_EPARSE;
		snprintf(j->early_msg, sizeof j->early_msg, "bad URL: %s",
		    curl_url_strerror(uc));
		goto out;
	}
	if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK) {
		j->early_rc = KZ_EPARSE;
		snprintf(
		    j->early_msg, sizeof j->early_msg, "bad URL: no scheme");
		goto out;
	}
	int web =
	    strcasecmp(scheme, "http") == 0 || strcasecmp(scheme, "https") == 0;
	int file = strcasecmp(scheme, "file") == 0;
	if (!web && !(file && f->o.allow_file)) {
		j->early_rc = KZ_EPERM;
		snprintf(j->early_msg, sizeof j->early_msg,
		    "scheme \"%.32s\" not allowed (http, https%s)", scheme,
		    f->o.allow_file ? ", file" : "");
		goto out;
	}
	if (file) {
		j->host = host_get(f, "", 0);
		goto out;
	}
	if (curl_url_get(u, CURLUPART_HOST, &hostname, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) !=
	        CURLUE_OK) {
		j->early_rc = KZ_EPARSE;
		snprintf(j->early_msg, sizeof j->early_msg, "bad URL: no host");
		goto out;
	}
	for (char *c = scheme; *c != '\0'; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	for (char *c = hostname; *c != '\0'; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	char *key = kz_xasprintf("%s://%s:%s", scheme, hostname, port);
	j->host = host_get(f, key, 1);
	free(key);
	if (curl_url_get(u, CURLUPART_PATH, &path, 0) != CURLUE_OK)
		path = NULL;
	if (curl_url_get(u, CURLUPART_QUERY, &query, 0) != CURLUE_OK)
		query = NULL;
	free(j->path);
	j->path = kz_xasprintf("%s%s%s", path != NULL ? path : "/",
	    query != NULL ? "?" : "", query != NULL ? query : "");
out:
	curl_free(scheme);
	curl_free(hostname);
	curl_free(port);
	curl_free(path);
	curl_free(query);
	curl_url_cleanup(u);
}

kz_rc
kz_fetcher_add(
    struct kz_fetcher *f, const struct kz_fetch_req *req, struct kz_err *err)
{
	if (req == NULL || req->url == NULL)
		return kz_fail(err, KZ_EUSAGE, "fetch: request without a URL");
	if (strlen(req->url) > KZ_URL_MAX_BYTES)
		return kz_fail(err, KZ_ELIMIT, "fetch: URL over %u bytes",
		    KZ_URL_MAX_BYTES);
	if ((req->etag != NULL &&
	        strlen(req->etag) > KZ_FETCH_VALIDATOR_MAX_BYTES) ||
	    (req->last_modified != NULL &&
	        strlen(req->last_modified) > KZ_FETCH_VALIDATOR_MAX_BYTES))
		return kz_fail(err, KZ_ELIMIT,
		    "fetch: %s: validator over %u bytes", req->url,
		    KZ_FETCH_VALIDATOR_MAX_BYTES);
	struct job *j = kz_xcalloc(1, sizeof *j);
	j->url = kz_xstrdup(req->url);
	j->etag = dup_opt(req->etag);
	j->last_modified = dup_opt(req->last_modified);
	j->is_page = req->is_page;
	j->user = req->user;
	kz_buf_init(&j->body, f->o.max_bytes);
	job_classify(f, j);
	pend_push(f, j);
	return KZ_OK;
}

static size_t
on_write(char *p, size_t size, size_t n, void *arg)
{
	struct job *j = arg;
	size_t len = size * n;
	if (kz_buf_append(&j->body, p, len) != KZ_OK) {
		j->over_cap = 1;
		return 0; /* abort the transfer: CURLE_WRITE_ERROR */
	}
	return len;
}

/* Headers that are not worth a message of their own: "should not happen"
 * failures of curl_easy_setopt are collected and reported once. */
#define SETOPT(e, opt, val) (bad |= curl_easy_setopt((e), (opt), (val)))

/* Make j's easy handle and hand it to the multi handle. */
static kz_rc
job_start(struct kz_fetcher *f, struct job *j, int64_t now)
{
	const struct kz_fetch_opts *o = &f->o;
	CURL *e = curl_easy_init();
	int bad = 0;
	if (e == NULL)
		return KZ_ENET;
	j->easy = e;
	kz_buf_reset(&j->body);
	j->over_cap = 0;
	j->errbuf[0] = '\0';
	curl_slist_free_all(j->hdrs);
	j->hdrs = NULL;
	if (j->etag != NULL) {
		char *h = kz_xasprintf("If-None-Match: %s", j->etag);
		j->hdrs = curl_slist_append(j->hdrs, h);
		free(h);
	}
	if (j->last_modified != NULL) {
		char *h =
		    kz_xasprintf("If-Modified-Since: %s", j->last_modified);
		struct curl_slist *l = curl_slist_append(j->hdrs, h);
		free(h);
		j->hdrs = l;
	}

	/* pages follow redirects here, one transfer a hop, so that each
	 * host's robots.txt is asked before its page is */
	int by_hand = j->is_page && o->robots;
	SETOPT(e, CURLOPT_URL, j->cur != NULL ? j->cur : j->url);
	SETOPT(e, CURLOPT_PRIVATE, (void *)j);
	SETOPT(e, CURLOPT_WRITEFUNCTION, on_write);
	SETOPT(e, CURLOPT_WRITEDATA, (void *)j);
	SETOPT(e, CURLOPT_ERRORBUFFER, j->errbuf);
	SETOPT(e, CURLOPT_NOSIGNAL, 1L);
	SETOPT(e, CURLOPT_PROTOCOLS_STR,
	    o->allow_file ? "http,https,file" : "http,https");
	SETOPT(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	SETOPT(e, CURLOPT_FOLLOWLOCATION, by_hand ? 0L : 1L);
	SETOPT(e, CURLOPT_MAXREDIRS, o->max_redirects);
	SETOPT(e, CURLOPT_ACCEPT_ENCODING, "");
	SETOPT(e, CURLOPT_USERAGENT, f->user_agent);
	SETOPT(e, CURLOPT_CONNECTTIMEOUT_MS, o->connect_timeout_ms);
	SETOPT(e, CURLOPT_TIMEOUT_MS, o->total_timeout_ms);
	SETOPT(e, CURLOPT_MAXFILESIZE_LARGE,
	    (curl_off_t)(j->is_robots ? KZ_ROBOTS_MAX_BYTES : o->max_bytes));
	if (j->hdrs != NULL)
		SETOPT(e, CURLOPT_HTTPHEADER, j->hdrs);
	if (f->resolve != NULL)
		SETOPT(e, CURLOPT_RESOLVE, f->resolve);
	if (bad)
		return KZ_EINTERNAL;
	if (curl_multi_add_handle(f->multi, e) != CURLM_OK)
		return KZ_EINTERNAL;
	if (j->attempts == 0)
		j->first_ms = now;
	j->attempts++;
	j->host->active++;
	if (j->host->web) {
		long delay = o->host_delay_ms;
		if (j->host->crawl_delay_ms > delay)
			delay = j->host->crawl_delay_ms;
		j->host->next_ok_ms = now + delay;
		if (j->host->retry_until_ms > j->host->next_ok_ms)
			j->host->next_ok_ms = j->host->retry_until_ms;
	}
	act_push(f, j);
	return KZ_OK;
}

/* A header of the last response, or NULL (also when over the cap). */
static const char *
last_header(CURL *e, const char *name)
{
	struct curl_header *h = NULL;
	if (curl_easy_header(e, name, 0, CURLH_HEADER, -1, &h) != CURLHE_OK)
		return NULL;
	if (strlen(h->value) > KZ_FETCH_VALIDATOR_MAX_BYTES)
		return NULL;
	return h->value;
}

/* Report j to the caller and free it. */
static void report(struct kz_fetcher *f, struct job *j, kz_rc rc, int cancelled,
    const char *fmt, ...) KZ_PRINTF(5, 6);

static void
report(struct kz_fetcher *f, struct job *j, kz_rc rc, int cancelled,
    const char *fmt, ...)
{
	struct kz_fetch_result r;
	memset(&r, 0, sizeof r);
	r.url = j->url;
	r.user = j->user;
	r.rc = rc;
	r.cancelled = cancelled;
	r.attempts = j->attempts;
	r.elapsed_ms = j->attempts > 0 ? (long)(now_ms() - j->first_ms) : 0;
	r.retry_after_s = j->retry_after_s;
	r.err.rc = rc;
	if (rc != KZ_OK && fmt != NULL) {
		char msg[400];
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(msg, sizeof msg, fmt, ap);
		va_end(ap);
		snprintf(
		    r.err.msg, sizeof r.err.msg, "%.100s: %s", j->url, msg);
	}
	if (j->easy != NULL && !cancelled) {
		char *s = NULL;
		long status = 0;
		if (curl_easy_getinfo(j->easy, CURLINFO_EFFECTIVE_URL, &s) ==
		    CURLE_OK)
			r.final_url = s;
		s = NULL;
		if (curl_easy_getinfo(j->easy, CURLINFO_CONTENT_TYPE, &s) ==
		    CURLE_OK)
			r.content_type = s;
		if (curl_easy_getinfo(
		        j->easy, CURLINFO_RESPONSE_CODE, &status) == CURLE_OK)
			r.status = status;
		r.etag = last_header(j->easy, "ETag");
		r.last_modified = last_header(j->easy, "Last-Modified");
		r.not_modified = rc == KZ_OK && status == 304;
	}
	if (rc == KZ_OK) {
		r.body = j->body; /* handed over; job_free frees an empty one */
		kz_buf_init(&j->body, 0);
	} else {
		kz_buf_init(&r.body, 0);
	}
	f->cb(f->ctx, &r);
	kz_buf_fini(&r.body);
	job_free(j);
}

/* Cached robots.txt of h says whether the page job j may go ahead: 1 yes,
 * 0 reported (disallowed or robots failed), -1 not known yet. */
static int
robots_gate(struct kz_fetcher *f, struct job *j, int64_t now)
{
	struct host *h = j->host;
	if (!f->o.robots || !j->is_page || !h->web)
		return 1;
	if (h->robots_state == ROBOTS_READY && now >= h->robots_expires_ms) {
		kz_robots_free(h->robots);
		h->robots = NULL;
		h->robots_state = ROBOTS_NONE;
	}
	if (h->robots_state != ROBOTS_READY)
		return -1;
	if (h->robots_rc != KZ_OK)
		return 0;
	return kz_robots_allows(h->robots, j->path);
}

static void
robots_start(struct kz_fetcher *f, struct host *h, int64_t now)
{
	struct job *r = kz_xcalloc(1, sizeof *r);
	r->url = kz_xasprintf("%s/robots.txt", h->key);
	r->is_robots = 1;
	r->host = h;
	kz_buf_init(&r->body, KZ_ROBOTS_MAX_BYTES);
	h->robots_state = ROBOTS_FETCHING;
	if (job_start(f, r, now) != KZ_OK) {
		h->robots_state = ROBOTS_READY;
		h->robots_rc = KZ_EINTERNAL;
		snprintf(h->robots_msg, sizeof h->robots_msg,
		    "robots.txt: could not start the transfer");
		h->robots_expires_ms = now + KZ_ROBOTS_FAIL_CACHE_MS;
		job_free(r);
	}
}

/* Start what may start now; report jobs that fail before starting. */
static void
schedule(struct kz_fetcher *f)
{
	int64_t now = now_ms();
	size_t i = 0;
	while (i < f->npend && f->nact < f->o.jobs) {
		struct job *j = f->pend[i];
		if (j->early_rc != KZ_OK) {
			pend_remove(f, i);
			report(f, j, j->early_rc, 0, "%s", j->early_msg);
			continue;
		}
		if (now < j->not_before_ms) {
			i++;
			continue;
		}
		struct host *h = j->host;
		int gate = robots_gate(f, j, now);
		if (gate == 0) {
			pend_remove(f, i);
			if (h->robots_rc != KZ_OK)
				report(
				    f, j, h->robots_rc, 0, "%s", h->robots_msg);
			else
				report(f, j, KZ_EPERM, 0,
				    "robots.txt disallows %.200s", j->path);
			continue;
		}
		if (h->retry_until_ms - now > KZ_FETCH_RETRY_AFTER_WAIT_MS) {
			/* the host asked for a longer pause than a run waits */
			pend_remove(f, i);
			j->retry_after_s =
			    (long)((h->retry_until_ms - now + 999) / 1000);
			report(f, j, KZ_EHTTP, 0,
			    "host asked to wait %ld s (Retry-After); not "
			    "fetched",
			    j->retry_after_s);
			continue;
		}
		if (h->active >= f->o.per_host || now < h->next_ok_ms) {
			i++;
			continue;
		}
		if (gate < 0) {
			if (h->robots_state == ROBOTS_NONE)
				robots_start(f, h, now);
			i++;
			continue;
		}
		pend_remove(f, i);
		if (job_start(f, j, now) != KZ_OK) {
			if (j->easy != NULL) {
				curl_easy_cleanup(j->easy);
				j->easy = NULL;
			}
			report(f, j, KZ_EINTERNAL, 0,
			    "could not start the transfer");
		}
	}
}

static int
retryable(CURLcode cc, long status)
{
	if (cc == CURLE_OK)
		return status >= 500 && status <= 599;
	switch (cc) {
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_COULDNT_CONNECT:
	case CURLE_GOT_NOTHING:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_PARTIAL_FILE:
		return 1;
	default:
		return 0;
	}
}

static void
robots_done(struct job *j, CURLcode cc, long status)
{
	struct host *h = j->host;
	int64_t now = now_ms();
	h->robots_state = ROBOTS_READY;
	h->robots_rc = KZ_OK;
	h->robots_msg[0] = '\0';
	h->robots_expires_ms = now + KZ_ROBOTS_CACHE_MS;
	kz_robots_free(h->robots);
	h->robots = NULL;
	if (cc == CURLE_OK && status >= 200 && status <= 299) {
		h->robots = kz_robots_parse(j->body.data ? j->body.data : "",
		    j->body.len, KZ_FETCH_AGENT_TOKEN);
		h->crawl_delay_ms = kz_robots_crawl_delay_ms(h->robots);
	} else if (cc == CURLE_OK && status >= 400 && status <= 499 &&
	    status != 429) {
		/* RFC 9309 2.3.1.3: unavailable, so anything goes; but 429
		 * asks us to slow down, so it counts as unreachable (as
		 * Google and Bing read it) */
	} else if (cc == CURLE_TOO_MANY_REDIRECTS) {
		/* RFC 9309 2.3.1.2: treated as unavailable */
	} else {
		/* RFC 9309 2.3.1.4: unreachable, so nothing goes */
		h->robots_rc = cc == CURLE_OK ? KZ_EHTTP : KZ_ENET;
		if (cc == CURLE_OK)
			snprintf(h->robots_msg, sizeof h->robots_msg,
			    "robots.txt unreachable (HTTP %ld); page not "
			    "fetched",
			    status);
		else
			snprintf(h->robots_msg, sizeof h->robots_msg,
			    "robots.txt unreachable (%s); page not fetched",
			    curl_easy_strerror(cc));
		h->robots_expires_ms = now + KZ_ROBOTS_FAIL_CACHE_MS;
	}
	job_free(j);
}

/* The Retry-After of j's answer in seconds (capped at
 * KZ_FETCH_RETRY_AFTER_MAX_S), or -1 if none or unreadable. */
static long
retry_after(CURL *e)
{
	const char *v = last_header(e, "Retry-After");
	if (v == NULL)
		return -1;
	while (*v == ' ' || *v == '\t')
		v++;
	long s = 0;
	if (*v >= '0' && *v <= '9') {
		for (; *v >= '0' && *v <= '9'; v++)
			if (s <= KZ_FETCH_RETRY_AFTER_MAX_S)
				s = s * 10 + (*v - '0');
		while (*v == ' ' || *v == '\t')
			v++;
		if (*v != '\0')
			return -1;
	} else {
		time_t t = curl_getdate(v, NULL);
		if (t == (time_t)-1)
			return -1;
		time_t now = time(NULL);
		s = t > now ? (long)(t - now) : 0;
	}
	return s < KZ_FETCH_RETRY_AFTER_MAX_S ? s : KZ_FETCH_RETRY_AFTER_MAX_S;
}

/* Page job j was redirected to `to` (absolute): queue the next hop, whose
 * host's robots.txt the scheduler asks first, or report why not. */
static void
follow(struct kz_fetcher *f, struct job *j, const char *to)
{
	if ((long)j->hops >= f->o.max_redirects) {
		report(f, j, KZ_ELIMIT, 0, "more than %ld redirects",
		    f->o.max_redirects);
		return;
	}
	if (strncasecmp(to, "http://", 7) != 0 &&
	    strncasecmp(to, "https://", 8) != 0) {
		report(f, j, KZ_EPERM, 0,
		    "protocol not allowed: redirect to %.100s", to);
		return;
	}
	if (strlen(to) > KZ_URL_MAX_BYTES) {
		report(f, j, KZ_ELIMIT, 0, "redirect to a URL over %u bytes",
		    KZ_URL_MAX_BYTES);
		return;
	}
	char *next = kz_xstrdup(to);
	curl_easy_cleanup(j->easy);
	j->easy = NULL;
	free(j->cur);
	j->cur = next;
	j->hops++;
	j->host = NULL;
	job_classify(f, j);
	if (j->early_rc == KZ_OK && j->host == NULL)
		j->early_rc = KZ_EPARSE;
	j->not_before_ms = 0;
	pend_push(f, j);
}

/* A transfer of j ended with cc. */
static void
done(struct kz_fetcher *f, struct job *j, CURLcode cc)
{
	long status = 0;
	curl_multi_remove_handle(f->multi, j->easy);
	act_remove(f, j);
	j->host->active--;
	curl_easy_getinfo(j->easy, CURLINFO_RESPONSE_CODE, &status);
	if (j->is_robots) {
		robots_done(j, cc, status);
		return;
	}
	if (cc == CURLE_OK && (status == 429 || status == 503)) {
		long s = retry_after(j->easy);
		if (s >= 0) {
			int64_t until = now_ms() + (int64_t)s * 1000;
			struct host *h = j->host;
			if (until > h->retry_until_ms)
				h->retry_until_ms = until;
			if (until > h->next_ok_ms)
				h->next_ok_ms = until;
			j->retry_after_s = s;
			if ((int64_t)s * 1000 <= KZ_FETCH_RETRY_AFTER_WAIT_MS &&
			    j->attempts - j->hops <= f->o.retries) {
				curl_easy_cleanup(j->easy);
				j->easy = NULL;
				j->not_before_ms = until;
				pend_push(f, j);
				return;
			}
			report(f, j, KZ_EHTTP, 0,
			    "HTTP %ld (Retry-After %ld s)", status, s);
			return;
		}
	}
	if (cc == CURLE_OK && status >= 300 && status <= 399 && status != 304 &&
	    j->is_page && f->o.robots) {
		char *to = NULL;
		if (curl_easy_getinfo(j->easy, CURLINFO_REDIRECT_URL, &to) ==
		        CURLE_OK &&
		    to != NULL) {
			follow(f, j, to);
			return;
		}
	}
	if (retryable(cc, status) && j->attempts - j->hops <= f->o.retries) {
		long wait = f->o.retry_backoff_ms
		    << (j->attempts - j->hops - 1);
		curl_easy_cleanup(j->easy);
		j->easy = NULL;
		j->not_before_ms = now_ms() + wait;
		pend_push(f, j);
		return;
	}
	const char *detail = j->errbuf[0] ? j->errbuf : curl_easy_strerror(cc);
	if (cc == CURLE_OK) {
		if ((status >= 200 && status <= 299) || status == 304)
			report(f, j, KZ_OK, 0, NULL);
		else if (status == 0 && !j->host->web)
			report(f, j, KZ_OK, 0, NULL);
		else
			report(f, j, KZ_EHTTP, 0, "HTTP %ld", status);
	} else if ((cc == CURLE_WRITE_ERROR && j->over_cap) ||
	    cc == CURLE_FILESIZE_EXCEEDED) {
		report(
		    f, j, KZ_ELIMIT, 0, "body over %zu bytes", f->o.max_bytes);
	} else if (cc == CURLE_TOO_MANY_REDIRECTS) {
		report(f, j, KZ_ELIMIT, 0, "more than %ld redirects",
		    f->o.max_redirects);
	} else if (cc == CURLE_UNSUPPORTED_PROTOCOL) {
		report(f, j, KZ_EPERM, 0, "protocol not allowed: %s", detail);
	} else if (cc == CURLE_URL_MALFORMAT) {
		report(f, j, KZ_EPARSE, 0, "bad URL: %s", detail);
	} else if (cc == CURLE_OPERATION_TIMEDOUT) {
		report(f, j, KZ_ENET, 0, "timeout: %s", detail);
	} else {
		report(f, j, KZ_ENET, 0, "%s", detail);
	}
}

/* Abandon everything in flight and queued, reporting each as cancelled. */
static void
cancel_all(struct kz_fetcher *f, kz_rc rc, const char *why)
{
	while (f->nact > 0) {
		struct job *j = f->act[f->nact - 1];
		curl_multi_remove_handle(f->multi, j->easy);
		f->nact--;
		j->host->active--;
		if (j->is_robots) {
			j->host->robots_state = ROBOTS_NONE;
			job_free(j);
		} else {
			report(f, j, rc, rc == KZ_ENET, "%s", why);
		}
	}
	while (f->npend > 0) {
		struct job *j = f->pend[0];
		pend_remove(f, 0);
		report(f, j, rc, rc == KZ_ENET, "%s", why);
	}
}

/*
 * Milliseconds until a queued job may be worth another look (<= cap).  Right
 * after schedule(), a job whose time has come is waiting for a slot, which
 * only a finished transfer frees, and the poll sees that; so only future
 * times count.
 */
static long
wait_ms(const struct kz_fetcher *f, long cap)
{
	int64_t now = now_ms(), best = now + cap;
	for (size_t i = 0; i < f->npend; i++) {
		const struct job *j = f->pend[i];
		int64_t t = j->not_before_ms;
		if (j->host != NULL && j->host->next_ok_ms > t)
			t = j->host->next_ok_ms;
		if (t > now && t < best)
			best = t;
	}
	return best > now ? (long)(best - now) : 0;
}

kz_rc
kz_fetcher_run(struct kz_fetcher *f, kz_fetch_done_fn cb, void *ctx,
    volatile sig_atomic_t *stop)
{
	f->cb = cb;
	f->ctx = ctx;
	for (;;) {
		if (stop != NULL && *stop) {
			cancel_all(f, KZ_ENET, "cancelled");
			return KZ_OK;
		}
		schedule(f);
		if (f->nact == 0 && f->npend == 0)
			return KZ_OK;
		int running = 0;
		if (curl_multi_perform(f->multi, &running) != CURLM_OK) {
			cancel_all(f, KZ_EINTERNAL, "libcurl multi failed");
			return KZ_EINTERNAL;
		}
		int finished = 0;
		for (;;) {
			int left;
			CURLMsg *m = curl_multi_info_read(f->multi, &left);
			if (m == NULL)
				break;
			if (m->msg != CURLMSG_DONE)
				continue;
			char *p = NULL;
			CURLcode cc = m->data.result;
			curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, &p);
			done(f, (struct job *)(void *)p, cc);
			finished = 1;
		}
		if (finished)
			continue;
		long t = f->nact < f->o.jobs ? wait_ms(f, 100) : 100;
		if (t > 0 &&
		    curl_multi_poll(f->multi, NULL, 0, (int)t, NULL) !=
		        CURLM_OK) {
			cancel_all(f, KZ_EINTERNAL, "libcurl poll failed");
			return KZ_EINTERNAL;
		}
	}
}
