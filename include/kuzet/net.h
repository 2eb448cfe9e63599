/*
 * kuzet net: a polite HTTP fetcher on libcurl's multi interface, and the
 * robots.txt matcher it uses.
 *
 * One fetcher drives many transfers at once: at most `jobs` in total and
 * `per_host` per host, with `host_delay_ms` between the starts of two
 * requests to one host.  robots.txt is fetched once per host and honoured
 * for pages (not feeds).  Bodies are capped, redirects are capped, only
 * http and https (and file, when allowed) are spoken, and 5xx answers and
 * timeouts are retried with backoff.  One URL failing never stops others.
 */
#ifndef KUZET_NET_H
#define KUZET_NET_H

#include <signal.h>
#include <stddef.h>

#include "kuzet/base.h"

/* The product token robots.txt groups are matched against. */
#define KZ_FETCH_AGENT_TOKEN "kuzet"
/* The default User-Agent: what the program is, and no contact, because
 * only the operator has one to give (kz_fetch_user_agent adds it; the CLI
 * takes it from $KUZET_CONTACT). */
#define KZ_FETCH_USER_AGENT "kuzet/" KZ_VERSION " (digital-rights monitoring)"
/* A contact in the User-Agent, in bytes. */
#define KZ_FETCH_CONTACT_MAX_BYTES 200u

/*
 * The User-Agent naming contact (a URL or an e-mail address where the
 * operator can be reached): "kuzet/VERSION (digital-rights monitoring;
 * +CONTACT)", in *out (free it).  Fails with KZ_EUSAGE for an empty
 * contact, one over KZ_FETCH_CONTACT_MAX_BYTES, or one with characters other
 * than printable ASCII or with ( ) ; \ (they would end the comment).
 */
kz_rc kz_fetch_user_agent(
    const char *contact, char **out, struct kz_err *err) KZ_MUST_CHECK;

/*
 * Fetcher settings.  kz_fetch_opts_init fills in the defaults given on each
 * field (from include/kuzet/limits.h); change what you need afterwards.
 * Strings are borrowed and must outlive the fetcher.
 */
struct kz_fetch_opts {
	unsigned jobs; /* transfers at once; default 8, 1..256 */
	unsigned per_host; /* transfers at once per host; default 2 */
	long host_delay_ms; /* between starts to one host; 1000 */
	long connect_timeout_ms; /* per attempt; default 10000 */
	long total_timeout_ms; /* per attempt, incl. body; 60000 */
	size_t max_bytes; /* decoded body cap; default 10 MB */
	long max_redirects; /* default 5 */
	unsigned retries; /* extra attempts on 5xx/timeouts; 2 */
	long retry_backoff_ms; /* first retry delay, doubled; 1000 */
	const char *user_agent; /* default KZ_FETCH_USER_AGENT */
	int allow_file; /* allow file:// URLs; default 0 */
	int robots; /* honour robots.txt for pages; default 1 */
	/* NULL or a NULL-terminated list of "HOST:PORT:ADDRESS" entries that
	 * pin a host name to an address, as curl --resolve; default NULL. */
	const char *const *resolve;
};

/* Fill o with the defaults. */
void kz_fetch_opts_init(struct kz_fetch_opts *o);

/* One request.  Strings are copied by kz_fetcher_add. */
struct kz_fetch_req {
	const char *url;
	const char *etag; /* NULL, or the ETag seen last time */
	const char *last_modified; /* NULL, or Last-Modified seen last time */
	int is_page; /* 1: an article page, robots.txt applies */
	void *user; /* handed back in the result */
};

/*
 * The outcome of one request, handed to the done callback.  Every pointer
 * is borrowed and valid only during the callback, except that the callback
 * may take the body with kz_buf_take (or swap it out).
 *
 * rc is KZ_OK for a 2xx answer and for 304 (then not_modified is 1 and the
 * body is empty).  Otherwise rc and err say what failed:
 *   KZ_EHTTP   an HTTP status that is not 2xx/304 (status holds it);
 *   KZ_ELIMIT  body over max_bytes, or more than max_redirects redirects;
 *   KZ_ENET    connect/resolve failure, timeout, truncated body; also a
 *              request abandoned by the stop flag (then cancelled is 1);
 *   KZ_EPERM   scheme not allowed, or robots.txt disallows the page;
 *   KZ_EPARSE  a URL libcurl cannot parse.
 * err.msg starts with the URL.
 */
struct kz_fetch_result {
	const char *url; /* as requested */
	const char *final_url; /* after redirects; NULL if never sent */
	long status; /* last HTTP status, 0 if none */
	const char *content_type; /* NULL if none; verbatim, with charset */
	const char *etag; /* NULL if none */
	const char *last_modified; /* NULL if none */
	struct kz_buf body; /* decoded (gzip/deflate) bytes */
	int not_modified; /* 1 on 304 */
	int cancelled; /* 1 if abandoned by the stop flag */
	unsigned attempts; /* transfers made, incl. retries and (pages)
	                      redirect hops */
	long retry_after_s; /* > 0: the host asked (Retry-After on a 429 or
	                       503) not to be asked again for this long */
	long elapsed_ms; /* from first attempt to the end */
	kz_rc rc;
	struct kz_err err;
	void *user; /* from the request */
};

/* Called once per request added, from inside kz_fetcher_run. */
typedef void (*kz_fetch_done_fn)(void *ctx, struct kz_fetch_result *res);

struct kz_fetcher;

/*
 * Make a fetcher with the options o (NULL: defaults).  Initialises libcurl
 * the first time (reference-counted; kz_fetcher_free of the last fetcher
 * cleans it up), so create fetchers from one thread.  Fails with KZ_EUSAGE
 * for out-of-range options and KZ_ENET if libcurl cannot start.  On success
 * *out is the fetcher; free it with kz_fetcher_free.
 */
kz_rc kz_fetcher_new(const struct kz_fetch_opts *o, struct kz_fetcher **out,
    struct kz_err *err) KZ_MUST_CHECK;

/* Free f, with any requests still queued (no callbacks).  NULL is a no-op. */
void kz_fetcher_free(struct kz_fetcher *f);

/*
 * Queue a request; it runs in the next (or current) kz_fetcher_run.  May be
 * called from the done callback.  Fails with KZ_EUSAGE when req->url is
 * NULL and KZ_ELIMIT when a string is over KZ_URL_MAX_BYTES; a URL that is
 * bad in any other way is accepted and reported through the callback.
 */
kz_rc kz_fetcher_add(struct kz_fetcher *f, const struct kz_fetch_req *req,
    struct kz_err *err) KZ_MUST_CHECK;

/*
 * Run every queued request to its end, calling cb(ctx, result) once for
 * each, in completion order.  When *stop (may be NULL) becomes non-zero,
 * in-flight transfers are abandoned and they and the queued requests are
 * reported with cancelled = 1; the stop flag is checked at least every
 * 100 ms.  Returns KZ_OK when all requests were reported, or KZ_EINTERNAL
 * if libcurl's multi interface failed (then remaining requests are
 * reported with that error).  robots.txt results stay cached in f.
 */
kz_rc kz_fetcher_run(struct kz_fetcher *f, kz_fetch_done_fn cb, void *ctx,
    volatile sig_atomic_t *stop) KZ_MUST_CHECK;

/*
 * robots.txt (RFC 9309): the groups whose User-agent is `agent` (matched
 * case-insensitively), else those for "*"; within them the Allow/Disallow
 * rule with the longest matching path pattern wins ("*" and a final "$"
 * are understood), Allow on a tie; no rule means allowed.
 */
struct kz_robots;

/* Parse p[0..n) for agent; never fails (junk lines are skipped).  Free the
 * result with kz_robots_free. */
struct kz_robots *kz_robots_parse(const char *p, size_t n, const char *agent);
void kz_robots_free(struct kz_robots *r);
/* 1 if path (with its "?query", percent-escapes as sent) may be fetched. */
int kz_robots_allows(const struct kz_robots *r, const char *path);
/* The Crawl-delay of the group that applies, in milliseconds (capped at
 * KZ_ROBOTS_CRAWL_DELAY_MAX_MS); -1 if none (or r is NULL). */
long kz_robots_crawl_delay_ms(const struct kz_robots *r);

#endif
