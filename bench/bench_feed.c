/*
 * Feed parsing speed: parse each FILE repeatedly for about SECONDS of CPU
 * time on one core and print "bytes seconds MB/s".
 * Usage: bench_feed SECONDS FILE...
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "kuzet/feed.h"

int
main(int argc, char **argv)
{
	if (argc < 3) {
		fputs("usage: bench_feed SECONDS FILE...\n", stderr);
		return 2;
	}
	double budget = atof(argv[1]);
	size_t nfiles = (size_t)(argc - 2);
	char **data = calloc(nfiles, sizeof *data);
	size_t *len = calloc(nfiles, sizeof *len);
	struct kz_err err = {0};
	for (size_t i = 0; i < nfiles; i++)
		if (kz_file_read(argv[i + 2], KZ_FEED_MAX_BYTES, &data[i],
		        &len[i], &err) != KZ_OK) {
			fprintf(stderr, "bench_feed: %s\n", err.msg);
			return 1;
		}
	double bytes = 0, secs = 0;
	size_t entries = 0;
	clock_t t0 = clock();
	while (secs < budget) {
		for (size_t i = 0; i < nfiles; i++) {
			struct kz_feed *f = NULL;
			if (kz_feed_parse(data[i], len[i], NULL, NULL, &f,
			        &err) != KZ_OK) {
				fprintf(stderr, "bench_feed: %s: %s\n",
				    argv[i + 2], err.msg);
				return 1;
			}
			entries += f->n_entries;
			kz_feed_free(f);
			bytes += (double)len[i];
		}
		secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	}
	printf(
	    "%.0f %.3f %.2f %zu\n", bytes, secs, bytes / secs / 1e6, entries);
	for (size_t i = 0; i < nfiles; i++)
		free(data[i]);
	free(data);
	free(len);
	return 0;
}
