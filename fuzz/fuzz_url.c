/*
 * Fuzz kz_url_normalize and kz_url_is_tracking.  The input is the URL.
 *
 * Invariants on success: the result is an absolute http(s) URL of at most
 * KZ_URL_MAX_BYTES bytes with no fragment, whitespace or control bytes, and
 * normalizing it again gives it back unchanged.  On failure: KZ_EPARSE or
 * KZ_ELIMIT with a message, and *out untouched.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "kuzet/limits.h"
#include "kuzet/url.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data;
	char *out = NULL, *again = NULL;
	struct kz_err err = {0};
	kz_rc rc;

	(void)kz_url_is_tracking(in, size);
	rc = kz_url_normalize(in, size, &out, &err);
	if (rc != KZ_OK) {
		CHECK(rc == KZ_EPARSE || rc == KZ_ELIMIT);
		CHECK(err.rc == rc && err.msg[0] != '\0');
		CHECK(out == NULL);
		return 0;
	}
	size_t n = strlen(out);
	CHECK(n <= KZ_URL_MAX_BYTES);
	CHECK(strncmp(out, "http://", 7) == 0 ||
	    strncmp(out, "https://", 8) == 0);
	CHECK(strchr(out, '#') == NULL);
	for (size_t i = 0; i < n; i++)
		CHECK((unsigned char)out[i] > 0x20 &&
		    (unsigned char)out[i] != 0x7f);
	rc = kz_url_normalize(out, n, &again, &err);
	CHECK(rc == KZ_OK);
	if (strcmp(again, out) != 0) {
		fprintf(stderr, "fuzz_url: not idempotent:\n  %s\n  %s\n", out,
		    again);
		abort();
	}
	free(again);
	free(out);
	return 0;
}
