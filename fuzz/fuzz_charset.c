/*
 * Fuzz kz_charset_to_utf8 and kz_charset_convert.  Input: an option byte,
 * then the bytes.
 *
 * Option byte: bits 0-2 pick a Content-Type (none, text/xml,
 * application/xml, koi8-r, windows-1251, utf-16, a bogus charset,
 * text/html); bits 3-4 pick an encoding for kz_charset_convert (utf-8,
 * windows-1251, utf-16le, koi8-r), bit 5 makes it strict.
 *
 * Invariants: output is valid UTF-8; on success it holds no NUL and the
 * encoding name is non-empty; a strict conversion that fails leaves the
 * buffer as it was.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "kuzet/text.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const types[] = {NULL, "text/xml", "application/xml",
	    "text/xml; charset=\"koi8-r\"",
	    "application/rss+xml;charset=cp1251",
	    "application/xml; charset=utf-16",
	    "text/xml; charset=bogus-charset", "text/html"};
	static const char *const encs[] = {
	    "utf-8", "windows-1251", "utf-16le", "koi8-r"};
	struct kz_charset_info info;
	struct kz_buf out;
	struct kz_err err = {0};

	if (size == 0)
		return 0;
	const char *p = (const char *)data + 1;
	size_t n = size - 1;
	kz_buf_init(&out, 1u << 24);
	kz_rc rc =
	    kz_charset_to_utf8(p, n, types[data[0] & 7], &out, &info, &err);
	CHECK(kz_utf8_valid(out.data != NULL ? out.data : "", out.len, NULL));
	if (rc == KZ_OK) {
		CHECK(info.name[0] != '\0');
		CHECK(out.len == 0 || memchr(out.data, '\0', out.len) == NULL);
	}
	kz_buf_reset(&out);
	CHECK(kz_buf_append(&out, "x", 1) == KZ_OK);
	size_t invalid = 0;
	int strict = (data[0] >> 5) & 1;
	rc = kz_charset_convert(
	    p, n, encs[(data[0] >> 3) & 3], strict, &out, &invalid, &err);
	CHECK(kz_utf8_valid(out.data, out.len, NULL));
	if (rc != KZ_OK)
		CHECK(out.len == 1);
	/* the input as a Content-Type value */
	char ct[256], name[32];
	size_t cn = n < sizeof ct - 1 ? n : sizeof ct - 1;
	memcpy(ct, p, cn);
	ct[cn] = '\0';
	if (kz_charset_from_content_type(ct, name, sizeof name))
		CHECK(name[0] != '\0' && strlen(name) < sizeof name);
	kz_buf_fini(&out);
	return 0;
}
