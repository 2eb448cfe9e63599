/* What every fuzz target shares: its entry point and CHECK, which aborts
 * (a finding for libFuzzer, a failure for the corpus replay) naming the
 * file, the line and the condition; and the checks of an imported
 * incident's sources. */
#ifndef KZ_FUZZ_H
#define KZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kuzet/incident.h"
#include "kuzet/limits.h"
#include "kuzet/url.h"

#define CHECK(c)                                                               \
	do {                                                                   \
		if (!(c)) {                                                    \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, \
			    __LINE__, #c);                                     \
			abort();                                               \
		}                                                              \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An incident's sources: at most KZ_SOURCES_MAX, each with a URL and a
 * normalized URL that normalizes to itself. */
static inline void
fuzz_check_sources(const struct kz_incident *it)
{
	CHECK(it->nsources <= KZ_SOURCES_MAX);
	for (size_t k = 0; k < it->nsources; k++) {
		const char *u = it->sources[k].url_norm;
		char *again = NULL;

		CHECK(it->sources[k].url != NULL && u != NULL);
		CHECK(kz_url_normalize(u, strlen(u), &again, NULL) == KZ_OK);
		CHECK(strcmp(again, u) == 0);
		free(again);
	}
}

#endif
