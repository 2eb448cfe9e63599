/*
 * Fuzz kuzet serve's form decoder (kz_form_parse): the input is a request
 * body as application/x-www-form-urlencoded.
 *
 * Invariants: on success every name and value is valid UTF-8 without NUL
 * bytes, there are at most KZ_FORM_FIELDS_MAX fields, and no decoded value
 * is longer than the input; on failure (-1) nothing is left half-written
 * that kz_kvs_fini cannot free.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "server/server_int.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kz_kvs l = {0};
	int rc = kz_form_parse(&l, (const char *)data, size);

	if (rc == 0) {
		CHECK(l.n <= KZ_FORM_FIELDS_MAX);
		for (size_t i = 0; i < l.n; i++) {
			size_t kn = strlen(l.v[i].k), vn = strlen(l.v[i].v);
			CHECK(kn <= size && vn <= size);
			CHECK(kz_utf8_valid(l.v[i].k, kn, NULL));
			CHECK(kz_utf8_valid(l.v[i].v, vn, NULL));
			CHECK(kz_kvs_get(&l, l.v[i].k) != NULL);
		}
	} else {
		CHECK(rc == -1);
	}
	kz_kvs_fini(&l);
	return 0;
}
