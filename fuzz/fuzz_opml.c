/*
 * Fuzz kz_source_list_parse (OPML and text lists of sources).  Input: an
 * option byte (bit 0: allow file URLs), then the list.
 *
 * Invariants on success: 1..KZ_SOURCE_IMPORT_MAX entries, each URL http,
 * https (or file when allowed), at most KZ_URL_MAX_BYTES without spaces
 * or control characters, names valid UTF-8 within KZ_SOURCE_NAME_MAX_BYTES,
 * lines at least 1.  On failure: KZ_EPARSE, KZ_ECHARSET or KZ_ELIMIT with
 * a valid UTF-8 message naming the file.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "kuzet/feed.h"
#include "kuzet/limits.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kz_source_entry *v = NULL;
	size_t n = 0;
	struct kz_err err = {0};
	int allow_file;
	kz_rc rc;

	if (size < 1)
		return 0;
	allow_file = data[0] & 1;
	rc = kz_source_list_parse((const char *)data + 1, size - 1, "in.opml",
	    allow_file, &v, &n, &err);
	if (rc != KZ_OK) {
		CHECK(rc == KZ_EPARSE || rc == KZ_ECHARSET || rc == KZ_ELIMIT);
		CHECK(kz_utf8_valid(err.msg, strlen(err.msg), NULL));
		CHECK(strncmp(err.msg, "in.opml", 7) == 0);
		CHECK(v == NULL && n == 0);
		return 0;
	}
	CHECK(n >= 1 && n <= KZ_SOURCE_IMPORT_MAX);
	for (size_t i = 0; i < n; i++) {
		const char *u = v[i].url;
		size_t ul = strlen(u);
		CHECK(strncmp(u, "http://", 7) == 0 ||
		    strncmp(u, "https://", 8) == 0 ||
		    (allow_file && strncmp(u, "file://", 7) == 0));
		CHECK(ul <= KZ_URL_MAX_BYTES);
		for (size_t k = 0; k < ul; k++)
			CHECK((unsigned char)u[k] > ' ');
		CHECK(kz_utf8_valid(u, ul, NULL));
		if (v[i].name != NULL) {
			CHECK(strlen(v[i].name) <= KZ_SOURCE_NAME_MAX_BYTES);
			CHECK(
			    kz_utf8_valid(v[i].name, strlen(v[i].name), NULL));
		}
		CHECK(v[i].line >= 1);
	}
	kz_source_list_free(v, n);
	return 0;
}
