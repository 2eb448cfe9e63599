/*
 * kz_html_extract in one process: CPU time over every page given (best of
 * RUNS passes, default 3), as pages/s and MB/s of HTML on one core.
 *
 * Usage: bench_extract FILE.html...   prints "pages N bytes B seconds S"
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "kuzet/html.h"
#include "kuzet/limits.h"

static double
cpu(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	int n = argc - 1, runs = 3;
	char **html;
	size_t *len, bytes = 0;
	double best = 0;
	const char *r = getenv("RUNS");

	if (n < 1) {
		fputs("usage: bench_extract FILE.html...\n", stderr);
		return 2;
	}
	if (r != NULL && atoi(r) > 0)
		runs = atoi(r);
	html = calloc((size_t)n, sizeof *html);
	len = calloc((size_t)n, sizeof *len);
	if (html == NULL || len == NULL)
		return 1;
	for (int i = 0; i < n; i++) {
		struct kz_err err = {0};
		if (kz_file_read(argv[i + 1], KZ_HTML_MAX_BYTES, &html[i],
		        &len[i], &err) != KZ_OK) {
			fprintf(stderr, "bench_extract: %s\n", err.msg);
			return 1;
		}
		bytes += len[i];
	}
	for (int k = 0; k < runs; k++) {
		double t0 = cpu(), t;
		for (int i = 0; i < n; i++) {
			struct kz_article *a = NULL;
			struct kz_err err = {0};
			if (kz_html_extract(html[i], len[i], NULL, &a, &err) !=
			    KZ_OK) {
				fprintf(stderr, "bench_extract: %s: %s\n",
				    argv[i + 1], err.msg);
				return 1;
			}
			kz_article_free(a);
		}
		t = cpu() - t0;
		if (k == 0 || t < best)
			best = t;
	}
	printf("pages %d bytes %zu seconds %.6f\n", n, bytes, best);
	for (int i = 0; i < n; i++)
		free(html[i]);
	free(html);
	free(len);
	return 0;
}
