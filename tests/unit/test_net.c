/*
 * The fetcher against a real loopback HTTP server (tests/tools/httpd.py),
 * and the robots.txt matcher.
 */
/* cmocka.h needs these first, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kuzet/net.h"

/* ---- the server, started once for the group ---- */

static pid_t srv_pid;
static int srv_port;
static char srv_dir[256];
static char base[64]; /* http://127.0.0.1:PORT */
static char resolve[8][64]; /* a.test .. : pinned to 127.0.0.1 */
static const char *resolve_list[64 + 1];
static char many_resolve[64][64];

static void
sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

static int
group_setup(void **state)
{
	(void)state;
	const char *src = getenv("KZ_SOURCE_DIR");
	if (src == NULL)
		src = ".";
	char script[512], portfile[300];
	snprintf(script, sizeof script, "%s/tests/tools/httpd.py", src);
	snprintf(srv_dir, sizeof srv_dir, "/tmp/kz-net-test.XXXXXX");
	if (mkdtemp(srv_dir) == NULL)
		return -1;
	snprintf(portfile, sizeof portfile, "%s/port", srv_dir);
	srv_pid = fork();
	if (srv_pid < 0)
		return -1;
	if (srv_pid == 0) {
		/* Debian's python3 first: a pyenv shim takes seconds to start
		 * on a loaded machine. */
		if (access("/usr/bin/python3", X_OK) == 0)
			execl("/usr/bin/python3", "python3", script, portfile,
			    (char *)NULL);
		execlp("python3", "python3", script, portfile, (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 1200 && srv_port == 0; i++) {
		if (waitpid(srv_pid, NULL, WNOHANG) == srv_pid) {
			srv_pid = 0;
			break;
		}
		FILE *fp = fopen(portfile, "r");
		if (fp != NULL) {
			if (fscanf(fp, "%d", &srv_port) != 1)
				srv_port = 0;
			fclose(fp);
		}
		if (srv_port == 0)
			sleep_ms(50);
	}
	if (srv_port == 0) {
		fprintf(stderr, "httpd.py did not start\n");
		return -1;
	}
	snprintf(base, sizeof base, "http://127.0.0.1:%d", srv_port);
	/* Pinned names: a.test .. h.test, and h0.test .. h63.test. */
	size_t n = 0;
	for (int i = 0; i < 8; i++) {
		snprintf(resolve[i], sizeof resolve[i], "%c.test:%d:127.0.0.1",
		    'a' + i, srv_port);
		resolve_list[n++] = resolve[i];
	}
	for (int i = 0; i < 56; i++) {
		snprintf(many_resolve[i], sizeof many_resolve[i],
		    "h%d.test:%d:127.0.0.1", i, srv_port);
		resolve_list[n++] = many_resolve[i];
	}
	resolve_list[n] = NULL;
	return 0;
}

static int
group_teardown(void **state)
{
	(void)state;
	if (srv_pid > 0) {
		kill(srv_pid, SIGTERM);
		waitpid(srv_pid, NULL, 0);
	}
	char p[300];
	snprintf(p, sizeof p, "%s/port", srv_dir);
	unlink(p);
	snprintf(p, sizeof p, "%s/file.txt", srv_dir);
	unlink(p);
	rmdir(srv_dir);
	return 0;
}

/* ---- collecting results ---- */

struct got {
	int n; /* times reported: must end as 1 */
	kz_rc rc;
	long status;
	int not_modified, cancelled;
	unsigned attempts;
	long elapsed_ms, retry_after_s;
	char *final_url, *ctype, *etag, *lm, *body;
	size_t body_len;
	char msg[512];
};

struct run {
	struct got *g;
	size_t ng;
	volatile sig_atomic_t *stop; /* set when index stop_on is reported */
	size_t stop_on;
	struct kz_fetcher *f; /* for adding from the callback */
	const char *add_url;
};

static char *
dup_or_null(const char *s)
{
	return s != NULL ? strdup(s) : NULL;
}

static void
on_done(void *ctx, struct kz_fetch_result *r)
{
	struct run *run = ctx;
	size_t i = (size_t)(uintptr_t)r->user;
	assert_true(i < run->ng);
	struct got *g = &run->g[i];
	g->n++;
	g->rc = r->rc;
	g->status = r->status;
	g->not_modified = r->not_modified;
	g->cancelled = r->cancelled;
	g->attempts = r->attempts;
	g->elapsed_ms = r->elapsed_ms;
	g->retry_after_s = r->retry_after_s;
	g->final_url = dup_or_null(r->final_url);
	g->ctype = dup_or_null(r->content_type);
	g->etag = dup_or_null(r->etag);
	g->lm = dup_or_null(r->last_modified);
	g->body_len = r->body.len;
	g->body = kz_buf_take(&r->body);
	snprintf(g->msg, sizeof g->msg, "%s", r->err.msg);
	if (run->stop != NULL && i == run->stop_on)
		*run->stop = 1;
	if (run->add_url != NULL && run->f != NULL) {
		struct kz_fetch_req req = {.url = run->add_url,
		    .user = (void *)(uintptr_t)(run->ng - 1)};
		run->add_url = NULL;
		assert_int_equal(kz_fetcher_add(run->f, &req, NULL), KZ_OK);
	}
}

static void
got_free(struct got *g, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(g[i].final_url);
		free(g[i].ctype);
		free(g[i].etag);
		free(g[i].lm);
		free(g[i].body);
	}
	free(g);
}

/* Options for tests: no host delay, short timeouts, no retries. */
static struct kz_fetch_opts
test_opts(void)
{
	struct kz_fetch_opts o;
	kz_fetch_opts_init(&o);
	o.host_delay_ms = 0;
	o.connect_timeout_ms = 2000;
	o.total_timeout_ms = 2000;
	o.retries = 0;
	o.retry_backoff_ms = 50;
	o.resolve = resolve_list;
	return o;
}

static char *
url(const char *path)
{
	size_t n = strlen(base) + strlen(path) + 1;
	char *u = malloc(n);
	assert_non_null(u);
	snprintf(u, n, "%s%s", base, path);
	return u;
}

/* Fetch full URLs u[0..n) with o; every request must be reported once. */
static struct got *
fetch_urls(const struct kz_fetch_opts *o, char **u, size_t n, int is_page)
{
	struct kz_fetcher *f = NULL;
	struct kz_err err = {0};
	assert_int_equal(kz_fetcher_new(o, &f, &err), KZ_OK);
	struct got *g = calloc(n, sizeof *g);
	assert_non_null(g);
	for (size_t i = 0; i < n; i++) {
		struct kz_fetch_req req = {.url = u[i],
		    .is_page = is_page,
		    .user = (void *)(uintptr_t)i};
		assert_int_equal(kz_fetcher_add(f, &req, &err), KZ_OK);
	}
	struct run run = {.g = g, .ng = n};
	assert_int_equal(kz_fetcher_run(f, on_done, &run, NULL), KZ_OK);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(g[i].n, 1);
	kz_fetcher_free(f);
	return g;
}

/* Fetch base+path once. */
static struct got *
fetch_path(const struct kz_fetch_opts *o, const char *path, int is_page)
{
	char *u = url(path);
	struct got *g = fetch_urls(o, &u, 1, is_page);
	free(u);
	return g;
}

/* A number the server reports (/hits, /maxconc). */
static long
server_number(const char *path)
{
	struct kz_fetch_opts o = test_opts();
	struct got *g = fetch_path(&o, path, 0);
	assert_int_equal(g->rc, KZ_OK);
	long n = strtol(g->body, NULL, 10);
	got_free(g, 1);
	return n;
}

static long
hits(const char *path)
{
	/* Escape the inner path's "?", "&" and "=" for the query. */
	char esc[1024];
	size_t k = 0;
	k += (size_t)snprintf(esc, sizeof esc, "/hits?path=");
	for (const char *c = path; *c != '\0' && k + 4 < sizeof esc; c++) {
		if (*c == '?' || *c == '&' || *c == '=')
			k += (size_t)snprintf(esc + k, sizeof esc - k, "%%%02X",
			    (unsigned char)*c);
		else
			esc[k++] = *c;
	}
	esc[k] = '\0';
	return server_number(esc);
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* ---- tests ---- */

static void
test_fetch_ok_returns_body_type_and_validators(void **state)
{
	(void)state;
	struct kz_fetch_opts o = test_opts();
	struct got *g = fetch_path(&o, "/ok", 0);
	assert_int_equal(g->rc, KZ_OK);
	assert_int_equal(g->status, 200);
	assert_int_equal(g->not_modified, 0);
	assert_int_equal(g->attempts, 1);
	assert_int_equal(g->body_len, 5);
	assert_string_equal(g->body, "hello");
	assert_string_equal(g->ctype, "text/plain");
	assert_string_equal(g->etag, "\"v1\"");
	assert_string_equal(g->lm, "Tue, 01 Jul 2025 10:00:00 GMT");
	assert_true(ends_with(g->final_url, "/ok"));
	assert_string_equal(g->msg, "");
	got_free(g, 1);
}

/* Fetch path with validators; returns the result. */
static struct got *
fetch_conditional(const char *path, const char *etag, const char *lm)
{
	struct kz_fetch_opts o = test_opts();
	struct kz_fetcher *f = NULL;
	assert_int_equal(kz_fetcher_new(&o, &f, NULL), KZ_OK);
	char *u = url(path);
	struct kz_fetch_req req = {.url = u, .etag = etag, .last_modified = lm};
	assert_int_equal(kz_fetcher_add(f, &req, NULL), KZ_OK);
	struct got *g = calloc(1, sizeof *g);
	struct run run = {.g = g, .ng = 1};
	assert_int_equal(kz_fetcher_run(f, on_done, &run, NULL), KZ_OK);
	assert_int_equal(g->n, 1);
	kz_fetcher_free(f);
	free(u);
	return g;
}

static void
test_fetch_conditional_get_costs_one_304(void **state)
{
	(void)state;
	struct got *g1 = fetch_conditional("/ok?k=cond", NULL, NULL);
	assert_int_equal(g1->status, 200);
	struct got *g2 = fetch_conditional("/ok?k=cond", g1->etag, g1->lm);
	assert_int_equal(g2->rc, KZ_OK);
	assert_int_equal(g2->status, 304);
	assert_int_equal(g2->not_modified, 1);
	assert_int_equal(g2->body_len, 0);
	assert_string_equal(g2->etag, "\"v1\"");
	/* Last-Modified alone is enough too. */
	struct got *g3 = fetch_conditional("/ok?k=cond", NULL, g1->lm);
	assert_int_equal(g3->not_modified, 1);
	/* A stale ETag gets the full body. */
	struct got *g4 = fetch_conditional("/ok?k=cond", "\"v0\"", NULL);
	assert_int_equal(g4->status, 200);
	assert_int_equal(g4->not_modified, 0);
	assert_string_equal(g4->body, "hello");
	assert_int_equal(hits("/ok?k=cond"), 4);
	got_free(g1, 1);
	got_free(g2, 1);
	got_free(g3, 1);
	got_free(g4, 1);
}

static void
test_fetch_4xx_is_http_error_and_not_retried(void **state)
{
	(void)state;
	struct kz_fetch_opts o = test_opts();
	o.retries = 2;
	char *u[2] = {url("/status/404?k=r"), url("/status/410?k=r")};
	struct got *g = fetch_urls(&o, u, 2, 0);
	assert_int_equal(g[0].rc, KZ_EHTTP);
	assert_int_equal(g[0].status, 404);
	assert_int_equal(g[0].attempts, 1);
	assert_non_null(strstr(g[0].msg, "HTTP 404"));
	assert_non_null(strstr(g[0].msg, "/status/404"));
	assert_int_equal(g[0].body_len, 0);
	assert_int_equal(g[1].rc, KZ_EHTTP);
	assert_int_equal(g[1].status, 410);
	assert_int_equal(hits("/status/404?k=r"), 1);
	assert_int_equal(hits("/status/410?k=r"), 1);
	free(u[0]);
	free(u[1]);
	got_free(g, 2);
}

static void
test_fetch_5xx_retried_with_backoff_then_fails(void **state)
{
	(void)state;
	struct kz_fetch_opts o = test_opts();
	o.retries = 2;
	o.retry_backoff_ms = 100;
	struct got *g = fetch_path(&o, "/status/500?k=retry", 0);
	assert_int_equal(g->rc, KZ_EHTTP);
	assert_int_equal(g->status, 500);
	assert_int_equal(g->attempts, 3);
	/* Backoff 100 ms, then 200 ms. */
	assert_true(g->elapsed_ms >= 300);
	assert_int_equal(hits("/status/500?k=retry"), 3);
	got_free(g, 1);
}

static void
test_fetch_500_then_200_recovers_on_retry(void **state)
{
	(void)state;
	struct kz_fetch_opts o = test_opts();
	o.retries = 2;
	struct got *g = fetch_path(&o, "/flaky?k=one", 0);
	assert_int_equal(g->rc, KZ_OK);
	assert_int_equal(g->status, 200);
	assert_int_equal(g->attempts, 2);
	assert_string_equal(g->body, "recovered");
	assert_int_equal(hits("/flaky?k=one"), 2);
	/* Without retries the 500 is final. */
	o.retries = 0;
	struct got *g2 = fetch_path(&o, "/flaky?k=two", 0);
	assert_int_equal(g2->rc, KZ_EHTTP);
	assert_int_equal(g2->status, 500);
	got_free(g, 1);
	got_free(g2, 1);
}

static void
test_fetch_redirects_followed_up_to_the_cap(void **state)
{
	(void)state;
	struct kz_fetch_opts o = test_opts();
	char *u[3] = {url("/redirect/4"), url("/redirect/5"), url("/loop")};
	struct got *g = fetch_urls(&o, u, 3, 0);
	/* 4 hops + the one to /ok = 5 redirects: allowed. */
	assert_int_equal(g[0].rc, KZ_OK);
	assert_true(ends_with(g[0].final_url, "/ok"));
	assert_string_equal(g[0].body, "hello");
	/* 6 redirects: over the cap. */
	assert_int_equal(g[1].rc, KZ_ELIMIT);
	assert_non_null(strstr(g[1].msg, "more than 5 redirects"));
	assert_int_equal(g[2].rc, KZ_ELIMIT);
	assert_non_null(strstr(g[2].msg, "redirects"));
	for (int i = 0; i < 3; i++)
		free(u[i]);
	got_free(g, 3);
}

static void
test_fetch_redirect_to_ftp_refused(void **state)
{
	(void)state;
	struct kz_fetch_opts o = test_opts();
	struct got *g = fetch_path(&o, "/redirect-ftp", 0);
	assert_int_equal(g->rc, KZ_EPERM);
	got_free(g, 1);
}

static void
test_fetch_slow_drip_within_timeout_completes(void **state)
{
	(void)state;
	struct kz_fetch_opts o = test_opts();
	struct got *g = fetch_path(&o, "/drip?n=5&ms=50", 0);
	assert_int_equal(g->rc, KZ_OK);
	assert_string_equal(g->body, "xxxxx");
	got_free(g, 1);
}

static void
test_fetch_slow_drip_past_timeout_fails(void **state)
{
	(void)state;
	struct kz_fetch_opts o = test_opts();
	o.total_timeout_ms = 1000;
	struct got *g = fetch_path(&o, "/drip?n=50&ms=100", 0);
	assert_int_equal(g->rc, KZ_ENET);
	assert_non_null(strstr(g->msg, "timeout"));
	assert_int_equal(g->body_len, 0);
	assert_true(g->elapsed_ms >= 900 && g->elapsed_ms < 3000);
	got_free(g, 1);
}

static void
test_fetch_stalled_response_times_out_and_is_retried(void **state)
{
	(void)state;
	struct kz_fetch_opts o = test_opts();
	o.total_timeout_ms = 800;
	o.retries = 1;
	struct got *g = fetch_path(&o, "/stall?k=a", 0);
	assert_int_equal(g->rc, KZ_ENET);
	assert_non_null(strstr(g->msg, "timeout"));
	assert_int_equal(g->attempts, 2);
	assert_int_equal(hits("/stall?k=a"), 2);
	got_free(g, 1);
}

static void
test_fetch_truncated_body_is_an_error(void **state)
{
	(void)state;
	struct kz_fetch_opts o = test_opts();
	struct got *g = fetch_path(&o, "/truncated", 0);
	assert_int_equal(g->rc, KZ_ENET);
	assert_int_equal(g->body_len, 0);
	got_free(g, 1);
}

static void
test_fetch_gzip_and_deflate_are_decoded(void **state)
{
	(void)state;
	struct kz_fetch_opts o = test_opts();
	char *u[2] = {url("/gzip"), url("/deflate")};
	struct got *g = fetch_urls(&o, u, 2, 0);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(g[i].rc, KZ_OK);
		assert_memory_equal(g[i].body, "<?xml", 5);
		assert_non_null(strstr(g[i].body, "<title>item 9</title>"));
		assert_string_equal(g[i].ctype, "application/rss+xml");
		free(u[i]);
	}
	assert_int_equal(g[0].body_len, g[1].body_len);
	got_free(g, 2);
}

static void
test_fetch_body_over_cap_is_limit_error(void **state)
{
	(void)state;
	struct kz_fetch_opts o = test_opts();
	o.max_bytes = 1000;
	char *u[4] = {url("/big?n=1000"), url("/big?n=1001"),
	    url("/big-chunked?n=200000"), url("/gzip-bomb?n=3000000")};
	struct got *g = fetch_urls(&o, u, 4, 0);
	assert_int_equal(g[0].rc, KZ_OK);
	assert_int_equal(g[0].body_len, 1000);
	for (int i = 1; i < 4; i++) {
		assert_int_equal(g[i].rc, KZ_ELIMIT);
		assert_non_null(strstr(g[i].msg, "body over 1000 bytes"));
		assert_int_equal(g[i].body_len, 0);
	}
	for (int i = 0; i < 4; i++)
		free(u[i]);
	got_free(g, 4);
}

static void
test_fetch_wrong_content_type_reported_verbatim(void **state)
{
	(void)state;
	struct kz_fetch_opts o = test_opts();
	struct got *g = fetch_path(&o, "/wrongtype", 0);
	assert_int_equal(g->rc, KZ_OK);
	assert_string_equal(g->ctype, "image/png");
	assert_memory_equal(g->body, "<?xml", 5);
	got_free(g, 1);
}

static void
test_fetch_legacy_charsets_arrive_unchanged(void **state)
{
	(void)state;
	static const char cp1251[] =
	    "\xc1\xeb\xee\xea\xe8\xf0\xee\xe2\xea\xe0\x20\xf1\xe0\xe9\xf2\xee"
	    "\xe2\x20\xe2\x20\xca\xe0\xe7\xe0\xf5\xf1\xf2\xe0\xed\xe5\x3a\x20"
	    "\xed\xee\xe2\xee\xf1\xf2\xe8";
	static const char koi8r[] =
	    "\xe2\xcc\xcf\xcb\xc9\xd2\xcf\xd7\xcb\xc1\x20\xd3\xc1\xca\xd4\xcf"
	    "\xd7\x20\xd7\x20\xeb\xc1\xda\xc1\xc8\xd3\xd4\xc1\xce\xc5\x3a\x20"
	    "\xce\xcf\xd7\xcf\xd3\xd4\xc9";
	struct kz_fetch_opts o = test_opts();
	char *u[2] = {url("/cp1251"), url("/koi8r")};
	struct got *g = fetch_urls(&o, u, 2, 0);
	assert_int_equal(g[0].rc, KZ_OK);
	assert_string_equal(g[0].ctype, "text/plain; charset=windows-1251");
	assert_int_equal(g[0].body_len, sizeof cp1251 - 1);
	assert_memory_equal(g[0].body, cp1251, sizeof cp1251 - 1);
	assert_int_equal(g[1].rc, KZ_OK);
	assert_string_equal(g[1].ctype, "text/plain; charset=KOI8-R");
	assert_int_equal(g[1].body_len, sizeof koi8r - 1);
	assert_memory_equal(g[1].body, koi8r, sizeof koi8r - 1);
	free(u[0]);
	free(u[1]);
	got_free(g, 2);
}

static void
test_fetch_robots_forbids_pages_not_feeds(void **state)
{
	(void)state;
	struct kz_fetch_opts o = test_opts();
	char p[128];
	char *pages[3], *feeds[1];
	snprintf(p, sizeof p, "http://r.test:%d/private/secret", srv_port);
	pages[0] = strdup(p);
	snprintf(p, sizeof p, "http://r.test:%d/private/ok", srv_port);
	pages[1] = strdup(p);
	snprintf(p, sizeof p, "http://r.test:%d/ok?k=page", srv_port);
	pages[2] = strdup(p);
	snprintf(p, sizeof p, "http://r.test:%d/private/feed", srv_port);
	feeds[0] = strdup(p);
	char rs[64];
	snprintf(rs, sizeof rs, "r.test:%d:127.0.0.1", srv_port);
	const char *rl[] = {rs, NULL};
	o.resolve = rl;

	struct got *g = fetch_urls(&o, pages, 3, 1);
	/* The kuzet group applies, not the "*" group that forbids all. */
	assert_int_equal(g[0].rc, KZ_EPERM);
	assert_non_null(strstr(g[0].msg, "robots.txt disallows /private/"));
	assert_int_equal(g[0].attempts, 0);
	assert_int_equal(g[1].rc, KZ_OK);
	assert_int_equal(g[2].rc, KZ_OK);
	/* Feeds are not pages: robots.txt does not apply. */
	struct got *g2 = fetch_urls(&o, feeds, 1, 0);
	assert_int_equal(g2->rc, KZ_OK);
	assert_int_equal(hits("/private/secret"), 0);
	snprintf(
	    p, sizeof p, "/hits?path=/robots.txt&host=r.test:%d", srv_port);
	assert_int_equal(server_number(p), 1);
	/* With robots off, the page is fetched. */
	o.robots = 0;
	struct got *g3 = fetch_urls(&o, pages, 1, 1);
	assert_int_equal(g3->rc, KZ_OK);
	assert_int_equal(server_number(p), 1);
	for (int i = 0; i < 3; i++)
		free(pages[i]);
	free(feeds[0]);
	got_free(g, 3);
	got_free(g2, 1);
	got_free(g3, 1);
}

/* robots.txt answered 429 or 5xx: the host's pages wait (nothing is
 * fetched); 404: anything goes. */
static void
test_fetch_robots_unreachable(void **state)
{
	(void)state;
	static const struct {
		const char *host;
		kz_rc rc;
		const char *msg;
	} cases[] = {
	    {"busy.test", KZ_EHTTP, "robots.txt unreachable (HTTP 429)"},
	    {"down.test", KZ_EHTTP, "robots.txt unreachable (HTTP 503)"},
	    {"gone.test", KZ_OK, NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct kz_fetch_opts o = test_opts();
		char rs[64], p[128], *page;
		snprintf(
		    rs, sizeof rs, "%s:%d:127.0.0.1", cases[i].host, srv_port);
		const char *rl[] = {rs, NULL};
		o.resolve = rl;
		snprintf(p, sizeof p, "http://%s:%d/ok?robots=%zu",
		    cases[i].host, srv_port, i);
		page = strdup(p);
		struct got *g = fetch_urls(&o, &page, 1, 1);
		assert_int_equal(g->rc, cases[i].rc);
		if (cases[i].msg != NULL) {
			assert_non_null(strstr(g->msg, cases[i].msg));
			assert_int_equal(g->attempts, 0);
		}
		snprintf(p, sizeof p, "/ok?robots=%zu", i);
		assert_int_equal(hits(p), cases[i].rc == KZ_OK ? 1 : 0);
		free(page);
		got_free(g, 1);
	}
}

static void
test_fetch_robots_fetched_once_per_host_and_cached(void **state)
{
	(void)state;
	struct kz_fetch_opts o = test_opts();
	char rs[64], p[128];
	snprintf(rs, sizeof rs, "c.test:%d:127.0.0.1", srv_port);
	const char *rl[] = {rs, NULL};
	o.resolve = rl;
	struct kz_fetcher *f = NULL;
	assert_int_equal(kz_fetcher_new(&o, &f, NULL), KZ_OK);
	struct got *g = calloc(10, sizeof *g);
	struct run run = {.g = g, .ng = 10};
	for (int round = 0; round < 2; round++) {
		for (size_t i = 0; i < 5; i++) {
			snprintf(p, sizeof p, "http://c.test:%d/ok?r=%d&i=%zu",
			    srv_port, round, i);
			struct kz_fetch_req req = {.url = p,
			    .is_page = 1,
			    .user = (void *)(uintptr_t)(round * 5 + i)};
			assert_int_equal(kz_fetcher_add(f, &req, NULL), KZ_OK);
		}
		assert_int_equal(kz_fetcher_run(f, on_done, &run, NULL), KZ_OK);
	}
	for (size_t i = 0; i < 10; i++) {
		assert_int_equal(g[i].n, 1);
		assert_int_equal(g[i].rc, KZ_OK);
	}
	kz_fetcher_free(f);
	snprintf(
	    p, sizeof p, "/hits?path=/robots.txt&host=c.test:%d", srv_port);
	assert_int_equal(server_number(p), 1);
	got_free(g, 10);
}

static void
test_fetch_per_host_concurrency_never_above_limit(void **state)
{
	(void)state;
	struct kz_fetch_opts o = test_opts();
	o.jobs = 16;
	o.per_host = 2;
	enum { N = 24 };
	char *u[N];
	for (int i = 0; i < N; i++) {
		char p[128];
		snprintf(p, sizeof p, "http://%c.test:%d/sleep?ms=100&i=%d",
		    i % 2 ? 'e' : 'f', srv_port, i);
		u[i] = strdup(p);
	}
	struct got *g = fetch_urls(&o, u, N, 0);
	for (int i = 0; i < N; i++) {
		assert_int_equal(g[i].rc, KZ_OK);
		free(u[i]);
	}
	char p[128];
	snprintf(p, sizeof p, "/maxconc?host=e.test:%d", srv_port);
	assert_int_equal(server_number(p), 2);
	snprintf(p, sizeof p, "/maxconc?host=f.test:%d", srv_port);
	assert_int_equal(server_number(p), 2);
	got_free(g, N);
}

static void
test_fetch_host_delay_spaces_requests(void **state)
{
	(void)state;
	struct kz_fetch_opts o = test_opts();
	o.per_host = 2;
	o.host_delay_ms = 200;
	char *u[4];
	for (int i = 0; i < 4; i++) {
		char p[128];
		snprintf(
		    p, sizeof p, "http://d.test:%d/ok?delay=%d", srv_port, i);
		u[i] = strdup(p);
	}
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct got *g = fetch_urls(&o, u, 4, 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	long ms = (t1.tv_sec - t0.tv_sec) * 1000 +
	    (t1.tv_nsec - t0.tv_nsec) / 1000000;
	assert_true(ms >= 600);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(g[i].rc, KZ_OK);
		free(u[i]);
	}
	got_free(g, 4);
}

static void
test_fetch_file_refused_unless_allowed(void **state)
{
	(void)state;
	char path[300], u[400];
	snprintf(path, sizeof path, "%s/file.txt", srv_dir);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("offline feed", fp);
	fclose(fp);
	snprintf(u, sizeof u, "file://%s", path);
	char *us[1] = {u};
	struct kz_fetch_opts o = test_opts();
	struct got *g = fetch_urls(&o, us, 1, 0);
	assert_int_equal(g->rc, KZ_EPERM);
	assert_non_null(strstr(g->msg, "not allowed"));
	assert_int_equal(g->attempts, 0);
	o.allow_file = 1;
	struct got *g2 = fetch_urls(&o, us, 1, 0);
	assert_int_equal(g2->rc, KZ_OK);
	assert_string_equal(g2->body, "offline feed");
	got_free(g, 1);
	got_free(g2, 1);
}

static void
test_fetch_other_schemes_and_bad_urls_refused(void **state)
{
	(void)state;
	struct kz_fetch_opts o = test_opts();
	o.allow_file = 1;
	char *u[4] = {
	    "ftp://127.0.0.1/x", "gopher://127.0.0.1/", "not a url", "http://"};
	struct got *g = fetch_urls(&o, u, 4, 0);
	assert_int_equal(g[0].rc, KZ_EPERM);
	assert_non_null(strstr(g[0].msg, "ftp"));
	assert_int_equal(g[1].rc, KZ_EPERM);
	assert_int_equal(g[2].rc, KZ_EPARSE);
	assert_int_equal(g[3].rc, KZ_EPARSE);
	got_free(g, 4);
}

static void
test_fetch_connection_refused_is_net_error(void **state)
{
	(void)state;
	struct kz_fetch_opts o = test_opts();
	/* Port 1 on loopback: nothing listens there. */
	char *u[2] = {"http://127.0.0.1:1/x", NULL};
	u[1] = url("/ok?k=refused-neighbour");
	struct got *g = fetch_urls(&o, u, 2, 0);
	assert_int_equal(g[0].rc, KZ_ENET);
	assert_int_equal(g[1].rc, KZ_OK);
	free(u[1]);
	got_free(g, 2);
}

static void
test_fetch_sends_kuzet_user_agent(void **state)
{
	(void)state;
	struct kz_fetch_opts o = test_opts();
	struct got *g = fetch_path(&o, "/echo-ua", 0);
	assert_int_equal(g->rc, KZ_OK);
	assert_memory_equal(g->body, "kuzet/", 6);
	o.user_agent = "custom/1.0 (+mailto:ops@example.org)";
	struct got *g2 = fetch_path(&o, "/echo-ua", 0);
	assert_string_equal(g2->body, "custom/1.0 (+mailto:ops@example.org)");
	got_free(g, 1);
	got_free(g2, 1);
}

/* The default User-Agent names no made-up contact; kz_fetch_user_agent
 * adds the operator's and refuses what would break the header. */
static void
test_fetch_user_agent_contact(void **state)
{
	(void)state;
	assert_null(strstr(KZ_FETCH_USER_AGENT, "http"));
	char *ua = NULL;
	struct kz_err err = {0};
	assert_int_equal(
	    kz_fetch_user_agent("mailto:ops@example.org", &ua, &err), KZ_OK);
	struct kz_fetch_opts o = test_opts();
	o.user_agent = ua;
	struct got *g = fetch_path(&o, "/echo-ua", 0);
	assert_non_null(strstr(g->body, "; +mailto:ops@example.org)"));
	assert_memory_equal(g->body, "kuzet/", 6);
	got_free(g, 1);
	free(ua);
	static const char *const bad[] = {
	    "", "a b", "x)", "a\r\nX-Evil: 1", "caf\xc3\xa9", "semi;colon"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ua = NULL;
		assert_int_equal(
		    kz_fetch_user_agent(bad[i], &ua, &err), KZ_EUSAGE);
		assert_null(ua);
	}
	char big[KZ_FETCH_CONTACT_MAX_BYTES + 2];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(kz_fetch_user_agent(big, &ua, &err), KZ_EUSAGE);
}

/* 429 with Retry-After: the host is not asked again before it; a short
 * wait is waited out and the request retried, in seconds or as an
 * HTTP-date; 503 too. */
static void
test_fetch_retry_after_short_is_waited_out(void **state)
{
	(void)state;
	struct kz_fetch_opts o = test_opts();
	o.retries = 1;
	char *u[3] = {url("/retry-after?s=1&k=a"),
	    url("/retry-after?s=1&date=1&k=b"),
	    url("/retry-after?s=1&code=503&k=c")};
	for (int i = 0; i < 3; i++) {
		struct timespec t0, t1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		struct got *g = fetch_urls(&o, &u[i], 1, 0);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		long ms = (t1.tv_sec - t0.tv_sec) * 1000 +
		    (t1.tv_nsec - t0.tv_nsec) / 1000000;
		assert_int_equal(g->rc, KZ_OK);
		assert_string_equal(g->body, "after");
		assert_int_equal(g->attempts, 2);
		/* an HTTP-date has whole seconds: at least 0 s is left */
		assert_true(ms >= (i == 1 ? 0 : 950));
		got_free(g, 1);
		free(u[i]);
	}
}

/* A long Retry-After ends the request with the wait in the result, holds
 * back the host's other requests (not fetched), and is capped at 24 h. */
static void
test_fetch_retry_after_long_blocks_the_host(void **state)
{
	(void)state;
	struct kz_fetch_opts o = test_opts();
	o.retries = 2;
	o.per_host = 1;
	char p[160];
	char *u[3];
	snprintf(
	    p, sizeof p, "http://g.test:%d/retry-after?s=3600&k=l", srv_port);
	u[0] = strdup(p);
	snprintf(p, sizeof p, "http://g.test:%d/ok?after-429", srv_port);
	u[1] = strdup(p);
	snprintf(p, sizeof p, "http://h.test:%d/retry-after?s=99999999&k=m",
	    srv_port);
	u[2] = strdup(p);
	struct got *g = fetch_urls(&o, u, 3, 0);
	assert_int_equal(g[0].rc, KZ_EHTTP);
	assert_int_equal(g[0].status, 429);
	assert_int_equal(g[0].attempts, 1);
	assert_true(g[0].retry_after_s == 3600);
	assert_non_null(strstr(g[0].msg, "Retry-After 3600 s"));
	assert_int_equal(g[1].rc, KZ_EHTTP);
	assert_int_equal(g[1].attempts, 0);
	assert_true(g[1].retry_after_s > 3500 && g[1].retry_after_s <= 3600);
	assert_non_null(strstr(g[1].msg, "Retry-After"));
	assert_int_equal(hits("/ok?after-429"), 0);
	assert_true(g[2].retry_after_s == 86400);
	for (int i = 0; i < 3; i++)
		free(u[i]);
	got_free(g, 3);
}

/* robots.txt Crawl-delay spaces a host's requests once it is known. */
static void
test_fetch_crawl_delay_spaces_requests(void **state)
{
	(void)state;
	struct kz_fetch_opts o = test_opts();
	char rs[64], p[128];
	snprintf(rs, sizeof rs, "crawl.test:%d:127.0.0.1", srv_port);
	const char *rl[] = {rs, NULL};
	o.resolve = rl;
	char *u[4];
	for (int i = 0; i < 4; i++) {
		snprintf(
		    p, sizeof p, "http://crawl.test:%d/ok?cd=%d", srv_port, i);
		u[i] = strdup(p);
	}
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct got *g = fetch_urls(&o, u, 4, 1);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	long ms = (t1.tv_sec - t0.tv_sec) * 1000 +
	    (t1.tv_nsec - t0.tv_nsec) / 1000000;
	/* robots.txt, then four pages 0.4 s apart: three gaps (host delay 0
	 * here) */
	assert_true(ms >= 3 * 400);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(g[i].rc, KZ_OK);
		free(u[i]);
	}
	got_free(g, 4);
}

/* A page redirected to another host is fetched only if that host's
 * robots.txt allows it; feeds are followed as before. */
static void
test_fetch_redirect_to_host_whose_robots_forbid(void **state)
{
	(void)state;
	struct kz_fetch_opts o = test_opts();
	char rs[2][64], p[256];
	snprintf(rs[0], sizeof rs[0], "deny.test:%d:127.0.0.1", srv_port);
	snprintf(rs[1], sizeof rs[1], "a.test:%d:127.0.0.1", srv_port);
	const char *rl[] = {rs[0], rs[1], NULL};
	o.resolve = rl;
	char *u[2];
	snprintf(p, sizeof p,
	    "http://a.test:%d/redirect-to?url=http://deny.test:%d/ok%%3Fx=1",
	    srv_port, srv_port);
	u[0] = strdup(p);
	snprintf(p, sizeof p,
	    "http://a.test:%d/redirect-to?url=http://a.test:%d/ok%%3Fx=2",
	    srv_port, srv_port);
	u[1] = strdup(p);
	struct got *g = fetch_urls(&o, u, 2, 1);
	assert_int_equal(g[0].rc, KZ_EPERM);
	assert_non_null(strstr(g[0].msg, "robots.txt disallows /ok?x=1"));
	assert_int_equal(hits("/ok?x=1"), 0);
	snprintf(
	    p, sizeof p, "/hits?path=/robots.txt&host=deny.test:%d", srv_port);
	assert_int_equal(server_number(p), 1);
	/* same host, allowed: followed, the final URL reported */
	assert_int_equal(g[1].rc, KZ_OK);
	assert_true(ends_with(g[1].final_url, "/ok?x=2"));
	assert_string_equal(g[1].body, "hello");
	/* the redirect cap and schemes hold for pages too */
	char *v[3] = {
	    url("/redirect/4"), url("/redirect/5"), url("/redirect-ftp")};
	struct got *g2 = fetch_urls(&o, v, 3, 1);
	assert_int_equal(g2[0].rc, KZ_OK);
	assert_int_equal(g2[1].rc, KZ_ELIMIT);
	assert_non_null(strstr(g2[1].msg, "more than 5 redirects"));
	assert_int_equal(g2[2].rc, KZ_EPERM);
	/* a feed is not a page: followed without asking robots.txt */
	struct got *g3 = fetch_urls(&o, u, 1, 0);
	assert_int_equal(g3->rc, KZ_OK);
	for (int i = 0; i < 3; i++)
		free(v[i]);
	free(u[0]);
	free(u[1]);
	got_free(g, 2);
	got_free(g2, 3);
	got_free(g3, 1);
}

static void
test_fetch_stop_flag_cancels_in_flight(void **state)
{
	(void)state;
	struct kz_fetch_opts o = test_opts();
	o.total_timeout_ms = 20000;
	struct kz_fetcher *f = NULL;
	assert_int_equal(kz_fetcher_new(&o, &f, NULL), KZ_OK);
	char *u[5] = {url("/sleep?ms=200&k=stop"), url("/stall?k=s1"),
	    url("/stall?k=s2"), url("/ok?k=queued1"), url("/ok?k=queued2")};
	for (size_t i = 0; i < 5; i++) {
		struct kz_fetch_req req = {
		    .url = u[i], .user = (void *)(uintptr_t)i};
		assert_int_equal(kz_fetcher_add(f, &req, NULL), KZ_OK);
	}
	volatile sig_atomic_t stop = 0;
	struct got *g = calloc(5, sizeof *g);
	struct run run = {.g = g, .ng = 5, .stop = &stop, .stop_on = 0};
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(kz_fetcher_run(f, on_done, &run, &stop), KZ_OK);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	long ms = (t1.tv_sec - t0.tv_sec) * 1000 +
	    (t1.tv_nsec - t0.tv_nsec) / 1000000;
	assert_true(ms < 2000);
	assert_int_equal(g[0].rc, KZ_OK);
	int cancelled = 0;
	for (int i = 0; i < 5; i++) {
		assert_int_equal(g[i].n, 1);
		if (g[i].cancelled) {
			assert_int_equal(g[i].rc, KZ_ENET);
			assert_non_null(strstr(g[i].msg, "cancelled"));
			cancelled++;
		}
	}
	/* The two stalled ones at least. */
	assert_true(cancelled >= 2);
	assert_int_equal(g[1].cancelled, 1);
	assert_int_equal(g[2].cancelled, 1);
	kz_fetcher_free(f);
	for (int i = 0; i < 5; i++)
		free(u[i]);
	got_free(g, 5);
}

static void
test_fetch_add_from_callback_joins_the_run(void **state)
{
	(void)state;
	struct kz_fetch_opts o = test_opts();
	struct kz_fetcher *f = NULL;
	assert_int_equal(kz_fetcher_new(&o, &f, NULL), KZ_OK);
	char *u0 = url("/ok?k=first"), *u1 = url("/ok?k=second");
	struct kz_fetch_req req = {.url = u0, .user = (void *)(uintptr_t)0};
	assert_int_equal(kz_fetcher_add(f, &req, NULL), KZ_OK);
	struct got *g = calloc(2, sizeof *g);
	struct run run = {.g = g, .ng = 2, .f = f, .add_url = u1};
	assert_int_equal(kz_fetcher_run(f, on_done, &run, NULL), KZ_OK);
	assert_int_equal(g[0].n, 1);
	assert_int_equal(g[1].n, 1);
	assert_int_equal(g[1].rc, KZ_OK);
	assert_int_equal(hits("/ok?k=second"), 1);
	kz_fetcher_free(f);
	free(u0);
	free(u1);
	got_free(g, 2);
}

static void
test_fetch_thousand_requests_with_32_jobs_complete(void **state)
{
	(void)state;
	struct kz_fetch_opts o = test_opts();
	o.jobs = 32;
	o.total_timeout_ms = 20000;
	enum { N = 1000 };
	char **u = calloc(N, sizeof *u);
	for (int i = 0; i < N; i++) {
		char p[128];
		snprintf(p, sizeof p, "http://h%d.test:%d/feed/%d", i % 56,
		    srv_port, i);
		u[i] = strdup(p);
	}
	struct got *g = fetch_urls(&o, u, N, 0);
	for (int i = 0; i < N; i++) {
		assert_int_equal(g[i].rc, KZ_OK);
		assert_non_null(strstr(g[i].body, "</rss>"));
		free(u[i]);
	}
	free(u);
	got_free(g, N);
}

static void
test_fetcher_rejects_bad_options_and_requests(void **state)
{
	(void)state;
	struct kz_fetch_opts o = test_opts();
	struct kz_fetcher *f = NULL;
	struct kz_err err = {0};
	o.jobs = 0;
	assert_int_equal(kz_fetcher_new(&o, &f, &err), KZ_EUSAGE);
	assert_null(f);
	o = test_opts();
	o.per_host = 0;
	assert_int_equal(kz_fetcher_new(&o, &f, &err), KZ_EUSAGE);
	assert_int_equal(kz_fetcher_new(NULL, &f, &err), KZ_OK);
	struct kz_fetch_req req = {0};
	assert_int_equal(kz_fetcher_add(f, &req, &err), KZ_EUSAGE);
	char *long_url = malloc(5000);
	memset(long_url, 'a', 4999);
	long_url[4999] = '\0';
	req.url = long_url;
	assert_int_equal(kz_fetcher_add(f, &req, &err), KZ_ELIMIT);
	kz_fetcher_free(f);
	kz_fetcher_free(NULL);
	free(long_url);
}

/* ---- robots.txt ---- */

struct robots_case {
	const char *txt;
	const char *path;
	int allowed;
};

static void
test_robots_parse_and_match_cases(void **state)
{
	(void)state;
	static const struct robots_case cases[] = {
	    {"", "/x", 1},
	    {"User-agent: *\nDisallow: /", "/x", 0},
	    {"User-agent: *\nDisallow: /", "/robots.txt", 1},
	    {"User-agent: *\nDisallow:", "/x", 1},
	    {"User-agent: *\nDisallow: /private/\n", "/private/a", 0},
	    {"User-agent: *\nDisallow: /private/\n", "/private", 1},
	    {"User-agent: *\nDisallow: /private/\n", "/public", 1},
	    /* Longest match wins; Allow wins a tie. */
	    {"User-agent: *\nDisallow: /a/\nAllow: /a/b", "/a/b/c", 1},
	    {"User-agent: *\nAllow: /a/\nDisallow: /a/b", "/a/b/c", 0},
	    {"User-agent: *\nAllow: /a\nDisallow: /a", "/a", 1},
	    /* Our group replaces "*", whatever the order and case. */
	    {"User-agent: *\nDisallow: /\n\nUser-agent: KUZET\nDisallow: /x",
	        "/y", 1},
	    {"User-agent: *\nDisallow: /\n\nUser-agent: kuzet\nDisallow:", "/y",
	        1},
	    {"User-agent: kuzet/1.0\nDisallow: /y\n", "/y", 0},
	    {"User-agent: kuzetbot\nDisallow: /y\n", "/y", 1},
	    {"User-agent: other\nDisallow: /\n", "/y", 1},
	    /* Grouped agents share the rules that follow. */
	    {"User-agent: a\nUser-agent: kuzet\nDisallow: /z\n", "/z", 0},
	    {"User-agent: kuzet\nDisallow: /z\nUser-agent: b\nDisallow: /w\n",
	        "/w", 1},
	    /* Wildcards and end anchors. */
	    {"User-agent: *\nDisallow: /*.pdf$", "/a/b.pdf", 0},
	    {"User-agent: *\nDisallow: /*.pdf$", "/a/b.pdf?x=1", 1},
	    {"User-agent: *\nDisallow: /*?print=", "/news/1?print=1", 0},
	    {"User-agent: *\nDisallow: /a*b*c", "/a-xx-b-yy-c", 0},
	    {"User-agent: *\nDisallow: /a*b*c", "/a-xx-b-yy", 1},
	    /* Comments, CRLF, spaces, junk lines. */
	    {"# hi\r\nUser-agent : * # all\r\n  Disallow :  /q # no\r\n"
	     "Crawl-delay: 5\r\nSitemap: http://x/s.xml\r\nnonsense\r\n",
	        "/q1", 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct robots_case *c = &cases[i];
		struct kz_robots *r =
		    kz_robots_parse(c->txt, strlen(c->txt), "kuzet");
		if (kz_robots_allows(r, c->path) != c->allowed)
			fail_msg("case %zu: %s on %s", i, c->path, c->txt);
		kz_robots_free(r);
	}
	assert_int_equal(kz_robots_allows(NULL, "/x"), 1);
}

static void
test_robots_crawl_delay(void **state)
{
	(void)state;
	static const struct {
		const char *txt;
		long ms;
	} cases[] = {
	    {"User-agent: kuzet\nCrawl-delay: 2\n", 2000},
	    {"User-agent: kuzet\nCrawl-delay: 0.25\nDisallow: /x\n", 250},
	    {"User-agent: *\nCrawl-delay: 3\n", 3000},
	    /* our group wins over "*" */
	    {"User-agent: *\nCrawl-delay: 3\n\nUser-agent: kuzet\n"
	     "Disallow: /x\n",
	        -1},
	    {"User-agent: other\nCrawl-delay: 3\n", -1},
	    {"User-agent: kuzet\nCrawl-delay: soon\n", -1},
	    {"User-agent: kuzet\nCrawl-delay: 1e9\n", -1},
	    /* capped */
	    {"User-agent: kuzet\nCrawl-delay: 86400\n", 60000},
	    {"User-agent: kuzet\nCrawl-delay: 99999999999999999999\n", 60000},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct kz_robots *r = kz_robots_parse(
		    cases[i].txt, strlen(cases[i].txt), "kuzet");
		if (kz_robots_crawl_delay_ms(r) != cases[i].ms)
			fail_msg("case %zu: %ld, want %ld", i,
			    kz_robots_crawl_delay_ms(r), cases[i].ms);
		kz_robots_free(r);
	}
	assert_int_equal(kz_robots_crawl_delay_ms(NULL), -1);
}

static void
test_robots_wildcards_are_not_exponential(void **state)
{
	(void)state;
	char txt[600], path[5000];
	strcpy(txt, "User-agent: *\nDisallow: /");
	for (int i = 0; i < 200; i++)
		strcat(txt, "*a");
	strcat(txt, "b\n");
	memset(path, 'a', sizeof path - 1);
	path[0] = '/';
	path[sizeof path - 1] = '\0';
	struct kz_robots *r = kz_robots_parse(txt, strlen(txt), "kuzet");
	assert_int_equal(kz_robots_allows(r, path), 1);
	kz_robots_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fetch_ok_returns_body_type_and_validators),
	    cmocka_unit_test(test_fetch_conditional_get_costs_one_304),
	    cmocka_unit_test(test_fetch_4xx_is_http_error_and_not_retried),
	    cmocka_unit_test(test_fetch_5xx_retried_with_backoff_then_fails),
	    cmocka_unit_test(test_fetch_500_then_200_recovers_on_retry),
	    cmocka_unit_test(test_fetch_redirects_followed_up_to_the_cap),
	    cmocka_unit_test(test_fetch_redirect_to_ftp_refused),
	    cmocka_unit_test(test_fetch_slow_drip_within_timeout_completes),
	    cmocka_unit_test(test_fetch_slow_drip_past_timeout_fails),
	    cmocka_unit_test(
	        test_fetch_stalled_response_times_out_and_is_retried),
	    cmocka_unit_test(test_fetch_truncated_body_is_an_error),
	    cmocka_unit_test(test_fetch_gzip_and_deflate_are_decoded),
	    cmocka_unit_test(test_fetch_body_over_cap_is_limit_error),
	    cmocka_unit_test(test_fetch_wrong_content_type_reported_verbatim),
	    cmocka_unit_test(test_fetch_legacy_charsets_arrive_unchanged),
	    cmocka_unit_test(test_fetch_robots_forbids_pages_not_feeds),
	    cmocka_unit_test(test_fetch_robots_unreachable),
	    cmocka_unit_test(
	        test_fetch_robots_fetched_once_per_host_and_cached),
	    cmocka_unit_test(test_fetch_per_host_concurrency_never_above_limit),
	    cmocka_unit_test(test_fetch_host_delay_spaces_requests),
	    cmocka_unit_test(test_fetch_file_refused_unless_allowed),
	    cmocka_unit_test(test_fetch_other_schemes_and_bad_urls_refused),
	    cmocka_unit_test(test_fetch_connection_refused_is_net_error),
	    cmocka_unit_test(test_fetch_sends_kuzet_user_agent),
	    cmocka_unit_test(test_fetch_user_agent_contact),
	    cmocka_unit_test(test_fetch_retry_after_short_is_waited_out),
	    cmocka_unit_test(test_fetch_retry_after_long_blocks_the_host),
	    cmocka_unit_test(test_fetch_crawl_delay_spaces_requests),
	    cmocka_unit_test(test_fetch_redirect_to_host_whose_robots_forbid),
	    cmocka_unit_test(test_fetch_stop_flag_cancels_in_flight),
	    cmocka_unit_test(test_fetch_add_from_callback_joins_the_run),
	    cmocka_unit_test(
	        test_fetch_thousand_requests_with_32_jobs_complete),
	    cmocka_unit_test(test_fetcher_rejects_bad_options_and_requests),
	    cmocka_unit_test(test_robots_parse_and_match_cases),
	    cmocka_unit_test(test_robots_wildcards_are_not_exponential),
	    cmocka_unit_test(test_robots_crawl_delay),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
