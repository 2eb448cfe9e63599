/*
 * URL normalization (include/kuzet/url.h).  libc only.
 *
 * The result is meant for matching, not for fetching: two spellings of the
 * same source normalize to the same string, and normalizing a normalized URL
 * gives it back unchanged (fuzz/fuzz_url.c checks this).
 */
#include <stdlib.h>
#include <string.h>

#include "kuzet/base.h"
#include "kuzet/limits.h"
#include "kuzet/url.h"

static const char hexdig[] = "0123456789ABCDEF";

static int
lower(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c + ('a' - 'A');
	return c;
}

static int
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_unreserved(int c)
{
	return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' ||
	    c == '~';
}

static int
is_ascii_punct(int c)
{
	return (c >= 0x21 && c <= 0x2f) || (c >= 0x3a && c <= 0x40) ||
	    (c >= 0x5b && c <= 0x60) || (c >= 0x7b && c <= 0x7e);
}

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v';
}

/* Bytes percent-encoded wherever they appear in a path or query. */
static int
must_escape(unsigned char c)
{
	return c <= 0x20 || c >= 0x7f || c == '"' || c == '<' || c == '>' ||
	    c == '\\' || c == '^' || c == '`' || c == '{' || c == '|' ||
	    c == '}';
}

int
kz_url_is_tracking(const char *name, size_t n)
{
	static const char *const exact[] = {"fbclid", "gclid", "dclid",
	    "gbraid", "wbraid", "msclkid", "yclid", "ysclid", "mc_cid",
	    "mc_eid", "_ga", "_gl", "igshid", "igsh", "si", "ref_src",
	    "_openstat", "from", "spm"};
	char low[16];
	size_t i;

	if (n >= 4 && lower(name[0]) == 'u' && lower(name[1]) == 't' &&
	    lower(name[2]) == 'm' && name[3] == '_')
		return 1;
	if (n == 0 || n >= sizeof low)
		return 0;
	for (i = 0; i < n; i++)
		low[i] = (char)lower((unsigned char)name[i]);
	low[n] = '\0';
	for (i = 0; i < sizeof exact / sizeof exact[0]; i++)
		if (strcmp(low, exact[i]) == 0)
			return 1;
	return 0;
}

/*
 * Append p[0..n) to b with escapes normalized: valid escapes upper-cased or,
 * for unreserved characters, decoded; a stray '%' becomes "%25"; bytes that
 * may not appear raw are escaped.
 */
static kz_rc
put_escaped(struct kz_buf *b, const char *p, size_t n)
{
	size_t i;
	kz_rc rc = KZ_OK;

	for (i = 0; i < n && rc == KZ_OK; i++) {
		unsigned char c = (unsigned char)p[i];
		char esc[3];

		if (c == '%' && i + 2 < n && kz_hexval(p[i + 1]) >= 0 &&
		    kz_hexval(p[i + 2]) >= 0) {
			int v = kz_hexval(p[i + 1]) * 16 + kz_hexval(p[i + 2]);

			if (is_unreserved(v)) {
				rc = kz_buf_putc(b, (char)v);
			} else {
				esc[0] = '%';
				esc[1] = hexdig[v >> 4];
				esc[2] = hexdig[v & 15];
				rc = kz_buf_append(b, esc, 3);
			}
			i += 2;
			continue;
		}
		if (c == '%' || must_escape(c)) {
			esc[0] = '%';
			esc[1] = hexdig[c >> 4];
			esc[2] = hexdig[c & 15];
			rc = kz_buf_append(b, esc, 3);
			continue;
		}
		rc = kz_buf_putc(b, (char)c);
	}
	return rc;
}

/*
 * Resolve "." and ".." segments of an absolute path in place (RFC 3986
 * 5.2.4 for a path that starts with '/'); returns the new length.
 */
static size_t
remove_dot_segments(char *p, size_t n)
{
	size_t in = 0, out = 0;

	while (in < n) {
		size_t end = in + 1, seglen;

		/* p[in] == '/' here; the segment runs to the next '/'. */
		while (end < n && p[end] != '/')
			end++;
		seglen = end - in - 1;
		if (seglen == 1 && p[in + 1] == '.') {
			if (end == n)
				p[out++] = '/';
		} else if (seglen == 2 && p[in + 1] == '.' &&
		    p[in + 2] == '.') {
			while (out > 0 && p[out - 1] != '/')
				out--;
			if (out > 0)
				out--; /* the '/' before the dropped segment */
			if (end == n)
				p[out++] = '/';
		} else {
			memmove(p + out, p + in, end - in);
			out += end - in;
		}
		in = end;
	}
	if (out == 0)
		p[out++] = '/';
	return out;
}

/*
 * Copy url into a scratch string without surrounding whitespace or <> and
 * without Markdown backslash escapes (a backslash before ASCII punctuation,
 * including another backslash, is dropped).
 */
static char *
unwrap(const char *url, size_t n, size_t *outn)
{
	size_t a = 0, b = n, i, k = 0;
	char *s;

	for (;;) {
		while (a < b && is_space((unsigned char)url[a]))
			a++;
		while (b > a && is_space((unsigned char)url[b - 1]))
			b--;
		if (b - a >= 2 && url[a] == '<' && url[b - 1] == '>') {
			a++;
			b--;
			continue;
		}
		break;
	}
	s = kz_xmalloc(b - a + 1);
	for (i = a; i < b; i++) {
		if (url[i] == '\\' && i + 1 < b &&
		    is_ascii_punct((unsigned char)url[i + 1]))
			continue;
		s[k++] = url[i];
	}
	s[k] = '\0';
	*outn = k;
	return s;
}

static kz_rc
normalize_host(struct kz_buf *b, const char *h, size_t n, struct kz_err *err)
{
	size_t i;
	char esc[3];

	while (n > 0 && h[n - 1] == '.')
		n--;
	if (n == 0)
		return kz_fail(err, KZ_EPARSE, "URL has an empty host");
	if (h[0] == '[') {
		if (h[n - 1] != ']' || n < 3)
			return kz_fail(
			    err, KZ_EPARSE, "URL has a bad IPv6 host");
		for (i = 1; i + 1 < n; i++) {
			int c = (unsigned char)h[i];

			if (!(kz_hexval(c) >= 0 || c == ':' || c == '.'))
				return kz_fail(
				    err, KZ_EPARSE, "URL has a bad IPv6 host");
		}
	}
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)h[i];
		kz_rc rc;

		if (c == '%' && i + 2 < n && kz_hexval(h[i + 1]) >= 0 &&
		    kz_hexval(h[i + 2]) >= 0) {
			int v = kz_hexval(h[i + 1]) * 16 + kz_hexval(h[i + 2]);

			if (is_unreserved(v)) {
				rc = kz_buf_putc(b, (char)lower(v));
			} else {
				esc[0] = '%';
				esc[1] = hexdig[v >> 4];
				esc[2] = hexdig[v & 15];
				rc = kz_buf_append(b, esc, 3);
			}
			i += 2;
		} else if (c >= 0x80) {
			rc = kz_buf_putc(b, (char)c);
		} else if (is_unreserved(c) || c == '!' || c == '$' ||
		    c == '&' || c == '\'' || c == '(' || c == ')' || c == '*' ||
		    c == '+' || c == ',' || c == ';' || c == '=' ||
		    (h[0] == '[' && (c == '[' || c == ']' || c == ':'))) {
			rc = kz_buf_putc(b, (char)lower(c));
		} else {
			return kz_fail(err, KZ_EPARSE,
			    "URL host has a bad character 0x%02x", c);
		}
		if (rc != KZ_OK)
			return rc;
	}
	return KZ_OK;
}

/* Lower-case the non-ASCII part of a host (IDN written in Unicode). */
static kz_rc
fold_host(struct kz_buf *b, size_t host_start, struct kz_err *err)
{
	size_t i, hn = b->len - host_start;
	char *folded;
	kz_rc rc;

	for (i = host_start; i < b->len; i++)
		if ((unsigned char)b->data[i] >= 0x80)
			break;
	if (i == b->len)
		return KZ_OK;
	if (!kz_utf8_valid(b->data + host_start, hn, NULL))
		return kz_fail(err, KZ_EPARSE, "URL host is not valid UTF-8");
	folded = kz_utf8_fold(b->data + host_start, hn);
	b->len = host_start;
	b->data[b->len] = '\0';
	rc = kz_buf_puts(b, folded);
	free(folded);
	return rc;
}

static kz_rc
normalize_query(struct kz_buf *b, const char *q, size_t n)
{
	struct kz_buf param;
	size_t i = 0;
	int any = 0;
	kz_rc rc = KZ_OK;

	kz_buf_init(&param, KZ_URL_MAX_BYTES * 3);
	while (i <= n && rc == KZ_OK) {
		size_t end = i, name_len;

		while (end < n && q[end] != '&')
			end++;
		if (end > i) {
			kz_buf_reset(&param);
			rc = put_escaped(&param, q + i, end - i);
			if (rc != KZ_OK)
				break;
			name_len = 0;
			while (
			    name_len < param.len && param.data[name_len] != '=')
				name_len++;
			if (!kz_url_is_tracking(param.data, name_len)) {
				rc = kz_buf_putc(b, any ? '&' : '?');
				if (rc == KZ_OK)
					rc = kz_buf_append(
					    b, param.data, param.len);
				any = 1;
			}
		}
		i = end + 1;
	}
	kz_buf_fini(&param);
	return rc;
}

kz_rc
kz_url_normalize(const char *url, size_t n, char **out, struct kz_err *err)
{
	struct kz_buf b;
	char *s;
	size_t sn, i, scheme_len, auth, auth_end, host, host_end, path_start;
	size_t path_end, query_end, at, port_colon;
	int https;
	long port = -1;
	kz_rc rc;

	if (n > KZ_URL_MAX_BYTES)
		return kz_fail(err, KZ_ELIMIT, "URL longer than %u bytes",
		    KZ_URL_MAX_BYTES);
	s = unwrap(url, n, &sn);
	for (i = 0; i < sn; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f) {
			free(s);
			return kz_fail(
			    err, KZ_EPARSE, "URL has a control character");
		}
	}
	/* scheme */
	scheme_len = 0;
	while (scheme_len < sn &&
	    (is_alpha((unsigned char)s[scheme_len]) ||
	        (scheme_len > 0 &&
	            (is_digit((unsigned char)s[scheme_len]) ||
	                s[scheme_len] == '+' || s[scheme_len] == '-' ||
	                s[scheme_len] == '.'))))
		scheme_len++;
	if (scheme_len == 4 && lower(s[0]) == 'h' && lower(s[1]) == 't' &&
	    lower(s[2]) == 't' && lower(s[3]) == 'p') {
		https = 0;
	} else if (scheme_len == 5 && lower(s[0]) == 'h' &&
	    lower(s[1]) == 't' && lower(s[2]) == 't' && lower(s[3]) == 'p' &&
	    lower(s[4]) == 's') {
		https = 1;
	} else {
		free(s);
		return kz_fail(err, KZ_EPARSE, "not an http(s) URL");
	}
	if (sn < scheme_len + 3 || s[scheme_len] != ':' ||
	    s[scheme_len + 1] != '/' || s[scheme_len + 2] != '/') {
		free(s);
		return kz_fail(err, KZ_EPARSE, "not an absolute http(s) URL");
	}
	auth = scheme_len + 3;
	auth_end = auth;
	while (auth_end < sn && s[auth_end] != '/' && s[auth_end] != '?' &&
	    s[auth_end] != '#')
		auth_end++;
	/* userinfo@host:port */
	host = auth;
	for (at = auth_end; at > auth; at--)
		if (s[at - 1] == '@') {
			host = at;
			break;
		}
	host_end = auth_end;
	port_colon = 0;
	for (i = auth_end; i > host; i--) {
		if (s[i - 1] == ']')
			break;
		if (s[i - 1] == ':') {
			port_colon = i - 1;
			break;
		}
	}
	if (port_colon != 0) {
		host_end = port_colon;
		port = 0;
		for (i = port_colon + 1; i < auth_end; i++) {
			if (!is_digit((unsigned char)s[i]) || port > 65535) {
				free(s);
				return kz_fail(
				    err, KZ_EPARSE, "URL has a bad port");
			}
			port = port * 10 + (s[i] - '0');
		}
		if (port > 65535) {
			free(s);
			return kz_fail(err, KZ_EPARSE, "URL has a bad port");
		}
		if (port_colon + 1 == auth_end)
			port = -1; /* "host:" */
	}

	kz_buf_init(&b, KZ_URL_MAX_BYTES);
	rc = kz_buf_puts(&b, https ? "https://" : "http://");
	if (rc == KZ_OK && host > auth) {
		rc = put_escaped(&b, s + auth, host - auth - 1);
		if (rc == KZ_OK)
			rc = kz_buf_putc(&b, '@');
	}
	if (rc == KZ_OK) {
		size_t hs = b.len;

		rc = normalize_host(&b, s + host, host_end - host, err);
		if (rc == KZ_OK)
			rc = fold_host(&b, hs, err);
	}
	if (rc == KZ_OK && port >= 0 && port != (https ? 443 : 80))
		rc = kz_buf_printf(&b, ":%ld", port);
	/* path */
	path_start = auth_end;
	path_end = path_start;
	while (path_end < sn && s[path_end] != '?' && s[path_end] != '#')
		path_end++;
	if (rc == KZ_OK) {
		size_t ps = b.len;

		if (path_end == path_start)
			rc = kz_buf_putc(&b, '/');
		else
			rc = put_escaped(
			    &b, s + path_start, path_end - path_start);
		if (rc == KZ_OK) {
			b.len =
			    ps + remove_dot_segments(b.data + ps, b.len - ps);
			b.data[b.len] = '\0';
		}
	}
	/* query */
	query_end = path_end;
	if (path_end < sn && s[path_end] == '?') {
		query_end = path_end + 1;
		while (query_end < sn && s[query_end] != '#')
			query_end++;
		if (rc == KZ_OK)
			rc = normalize_query(
			    &b, s + path_end + 1, query_end - path_end - 1);
	}
	free(s);
	if (rc == KZ_ELIMIT) {
		kz_buf_fini(&b);
		return kz_fail(err, KZ_ELIMIT,
		    "normalized URL longer than %u bytes", KZ_URL_MAX_BYTES);
	}
	if (rc != KZ_OK) {
		kz_buf_fini(&b);
		return rc;
	}
	*out = kz_buf_take(&b);
	return KZ_OK;
}
