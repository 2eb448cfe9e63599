/*
 * Fetch N feed URLs from the loopback test server (tests/tools/httpd.py)
 * with the fetcher, spread over H host names pinned to 127.0.0.1, and
 * print the wall time.  bench/run starts the server and measures peak
 * memory with /usr/bin/time -v.
 *
 * Usage: bench_fetch PORT [N=1000] [JOBS=32] [HOSTS=100] [PER_HOST=2]
 *                    [DELAY_MS=0]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "kuzet/net.h"

struct tally {
	size_t ok, failed, bytes;
};

static void
on_done(void *ctx, struct kz_fetch_result *r)
{
	struct tally *t = ctx;
	if (r->rc == KZ_OK) {
		t->ok++;
		t->bytes += r->body.len;
	} else {
		if (t->failed < 5)
			fprintf(stderr, "bench_fetch: %s\n", r->err.msg);
		t->failed++;
	}
}

static long
arg(int argc, char **argv, int i, long d)
{
	return argc > i ? strtol(argv[i], NULL, 10) : d;
}

int
main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr,
		    "usage: bench_fetch PORT [N] [JOBS] [HOSTS] "
		    "[PER_HOST] [DELAY_MS]\n");
		return 2;
	}
	long port = arg(argc, argv, 1, 0);
	long n = arg(argc, argv, 2, 1000);
	long jobs = arg(argc, argv, 3, 32);
	long hosts = arg(argc, argv, 4, 100);
	long per_host = arg(argc, argv, 5, 2);
	long delay = arg(argc, argv, 6, 0);
	if (port <= 0 || n <= 0 || jobs <= 0 || hosts <= 0 || hosts > 10000 ||
	    per_host <= 0 || delay < 0) {
		fprintf(stderr, "bench_fetch: bad arguments\n");
		return 2;
	}

	char **names = kz_xcalloc((size_t)hosts + 1, sizeof *names);
	for (long h = 0; h < hosts; h++)
		names[h] = kz_xasprintf("h%ld.test:%ld:127.0.0.1", h, port);
	struct kz_fetch_opts o;
	kz_fetch_opts_init(&o);
	o.jobs = (unsigned)jobs;
	o.per_host = (unsigned)per_host;
	o.host_delay_ms = delay;
	o.retries = 0;
	o.resolve = (const char *const *)names;

	struct kz_err err = {0};
	struct kz_fetcher *f = NULL;
	if (kz_fetcher_new(&o, &f, &err) != KZ_OK) {
		fprintf(stderr, "bench_fetch: %s\n", err.msg);
		return 1;
	}
	for (long i = 0; i < n; i++) {
		char url[128];
		snprintf(url, sizeof url, "http://h%ld.test:%ld/feed/%ld",
		    i % hosts, port, i);
		struct kz_fetch_req req = {.url = url};
		if (kz_fetcher_add(f, &req, &err) != KZ_OK) {
			fprintf(stderr, "bench_fetch: %s\n", err.msg);
			return 1;
		}
	}
	struct tally t = {0};
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	kz_rc rc = kz_fetcher_run(f, on_done, &t, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double s = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	kz_fetcher_free(f);
	for (long h = 0; h < hosts; h++)
		free(names[h]);
	free(names);
	printf("fetch %ld feeds, %ld hosts, jobs %ld, per_host %ld, delay %ld "
	       "ms: %.3f s (%.0f/s), %zu ok, %zu failed, %.1f MB\n",
	    n, hosts, jobs, per_host, delay, s, (double)n / s, t.ok, t.failed,
	    (double)t.bytes / 1e6);
	return rc == KZ_OK && t.failed == 0 ? 0 : 1;
}
