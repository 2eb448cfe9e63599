/* URL normalization for matching the same source written differently. */
#ifndef KUZET_URL_H
#define KUZET_URL_H

#include <stddef.h>

#include "kuzet/base.h"

/*
 * Normalize an absolute http(s) URL:
 *  - trim surrounding whitespace and <>; undo Markdown backslash escapes
 *    ("utm\_source");
 *  - lower-case the scheme and host, drop a trailing dot on the host, drop
 *    the default port (:80 for http, :443 for https);
 *  - an empty path becomes "/"; "." and ".." path segments are resolved;
 *  - percent-escapes are upper-cased, and escapes of unreserved characters
 *    (A-Z a-z 0-9 - . _ ~) decoded;
 *  - tracking parameters are removed from the query (kz_url_is_tracking),
 *    the others keep their order; an empty query loses its "?";
 *  - the fragment is dropped.
 * Fails with KZ_EPARSE for anything but an absolute http/https URL with a
 * host, and KZ_ELIMIT past KZ_URL_MAX_BYTES.  On success *out is a new
 * string the caller frees with free().
 */
kz_rc kz_url_normalize(
    const char *url, size_t n, char **out, struct kz_err *err) KZ_MUST_CHECK;

/*
 * 1 if a query parameter name is a tracking parameter: utm_*, fbclid, gclid,
 * dclid, gbraid, wbraid, msclkid, yclid, ysclid, mc_cid, mc_eid, _ga, _gl,
 * igshid, igsh, si (YouTube/Spotify share ids), ref_src, _openstat,
 * from (vk), spm; else 0.  Names compare case-insensitively.
 */
int kz_url_is_tracking(const char *name, size_t n);

#endif
