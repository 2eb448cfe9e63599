/*
 * Character sets: pick a document's encoding from its BOM, the HTTP
 * Content-Type and the XML declaration (RFC 7303, feedparser's order) and
 * convert it to UTF-8 with iconv.
 */
#include <errno.h>
#include <stdio.h>
#include <strings.h>
#include <iconv.h>
#include <string.h>

#include "kuzet/text.h"

/* Lower-case ASCII copy of p[0..n) into out (outsz); 0 if it does not fit
 * or holds characters no encoding name has. */
static int
name_copy(const char *p, size_t n, char *out, size_t outsz)
{
	size_t i;

	while (n > 0 && (*p == ' ' || *p == '\t' || *p == '"' || *p == '\''))
		p++, n--;
	while (n > 0 &&
	    (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '"' ||
	        p[n - 1] == '\''))
		n--;
	if (n == 0 || n >= outsz)
		return 0;
	for (i = 0; i < n; i++) {
		char c = p[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		        c == '-' || c == '_' || c == '.' || c == ':'))
			return 0;
		out[i] = c;
	}
	out[n] = '\0';
	return 1;
}

/* Canonical names for the aliases feeds use; "utf-16"/"utf-32" stay
 * without byte order. */
static void
canonical(char *name, size_t sz)
{
	static const struct {
		const char *alias, *name;
	} map[] = {
	    {"utf8", "utf-8"},
	    {"ascii", "us-ascii"},
	    {"us_ascii", "us-ascii"},
	    {"utf16", "utf-16"},
	    {"utf_16", "utf-16"},
	    {"u16", "utf-16"},
	    {"ucs-2", "utf-16"},
	    {"iso-10646-ucs-2", "utf-16"},
	    {"csunicode", "utf-16"},
	    {"utf32", "utf-32"},
	    {"utf_32", "utf-32"},
	    {"u32", "utf-32"},
	    {"ucs-4", "utf-32"},
	    {"iso-10646-ucs-4", "utf-32"},
	    {"csucs4", "utf-32"},
	    {"utf_16le", "utf-16le"},
	    {"utf_16be", "utf-16be"},
	    {"gb2312", "gb18030"},
	    {"cp1251", "windows-1251"},
	    {"win-1251", "windows-1251"},
	    {"cp1252", "windows-1252"},
	    {"latin1", "iso-8859-1"},
	    {"latin-1", "iso-8859-1"},
	    {"iso8859-1", "iso-8859-1"},
	    {"iso_8859-1", "iso-8859-1"},
	    {"koi8r", "koi8-r"},
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(name, map[i].alias) == 0) {
			strncpy(name, map[i].name, sz - 1);
			name[sz - 1] = '\0';
			return;
		}
}

int
kz_charset_from_content_type(const char *content_type, char *out, size_t outsz)
{
	const char *p = content_type;

	if (p == NULL)
		return 0;
	while ((p = strchr(p, ';')) != NULL) {
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncasecmp(p, "charset", 7) != 0)
			continue;
		p += 7;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p != '=')
			continue;
		p++;
		size_t n = strcspn(p, ";");
		if (name_copy(p, n, out, outsz)) {
			canonical(out, outsz);
			return 1;
		}
	}
	return 0;
}

/* Encoding named by a byte order mark; *bom_len gets its length. */
static const char *
bom_sniff(const unsigned char *p, size_t n, size_t *bom_len)
{
	if (n >= 4 && p[0] == 0 && p[1] == 0 && p[2] == 0xfe && p[3] == 0xff)
		return *bom_len = 4, "utf-32be";
	if (n >= 4 && p[0] == 0xff && p[1] == 0xfe && p[2] == 0 && p[3] == 0)
		return *bom_len = 4, "utf-32le";
	if (n >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
		return *bom_len = 3, "utf-8";
	if (n >= 2 && p[0] == 0xfe && p[1] == 0xff)
		return *bom_len = 2, "utf-16be";
	if (n >= 2 && p[0] == 0xff && p[1] == 0xfe)
		return *bom_len = 2, "utf-16le";
	*bom_len = 0;
	return NULL;
}

/* UTF-16/32 recognised by how "<" is laid out (XML 1.0 appendix F). */
static const char *
pattern_sniff(const unsigned char *p, size_t n)
{
	if (n < 4)
		return NULL;
	if (p[0] == 0 && p[1] == 0 && p[2] == 0 && p[3] == '<')
		return "utf-32be";
	if (p[0] == '<' && p[1] == 0 && p[2] == 0 && p[3] == 0)
		return "utf-32le";
	if (p[0] == 0 && p[1] == '<' && p[2] == 0)
		return "utf-16be";
	if (p[0] == '<' && p[1] == 0 && p[3] == 0)
		return "utf-16le";
	return NULL;
}

/* The encoding in the XML declaration, read in code units of width w
 * (1, 2 or 4) with the ASCII byte at offset off of each unit. */
static int
decl_sniff(const unsigned char *p, size_t n, size_t w, size_t off, char *out,
    size_t outsz)
{
	char head[512];
	size_t k = 0;

	for (size_t i = off; i < n && k < sizeof head - 1; i += w) {
		if (p[i] >= 0x80)
			break;
		head[k++] = (char)p[i];
	}
	head[k] = '\0';
	if (strncmp(head, "<?xml", 5) != 0)
		return 0;
	char *end = strstr(head, "?>");
	if (end == NULL)
		return 0;
	*end = '\0';
	char *e = strstr(head, "encoding");
	if (e == NULL)
		return 0;
	e += 8;
	while (*e == ' ' || *e == '\t' || *e == '\r' || *e == '\n')
		e++;
	if (*e != '=')
		return 0;
	e++;
	while (*e == ' ' || *e == '\t' || *e == '\r' || *e == '\n')
		e++;
	char q = *e;
	if (q != '"' && q != '\'')
		return 0;
	char *close = strchr(e + 1, q);
	if (close == NULL ||
	    !name_copy(e + 1, (size_t)(close - e - 1), out, outsz))
		return 0;
	canonical(out, outsz);
	return 1;
}

static int
is_utf8(const char *name)
{
	return strcmp(name, "utf-8") == 0;
}

/* Append p[0..n) (UTF-8) to out, replacing bad sequences with U+FFFD. */
static kz_rc
utf8_copy(const char *p, size_t n, int strict, struct kz_buf *out,
    size_t *invalid, struct kz_err *err)
{
	size_t off = 0, bad = 0;
	kz_rc rc;

	if (kz_utf8_valid(p, n, &bad))
		return kz_buf_append(out, p, n) == KZ_OK
		    ? KZ_OK
		    : kz_fail(err, KZ_ELIMIT, "document too large");
	if (strict)
		return kz_fail(
		    err, KZ_ECHARSET, "invalid UTF-8 at byte %zu", bad);
	while (off < n) {
		if (!kz_utf8_valid(p + off, n - off, &bad)) {
			uint32_t cp;
			rc = kz_buf_append(out, p + off, bad);
			if (rc == KZ_OK)
				rc = kz_buf_append(out, "\xef\xbf\xbd", 3);
			if (rc != KZ_OK)
				return kz_fail(err, rc, "document too large");
			off += bad;
			/* skip the bad lead byte and its continuation bytes */
			if (kz_utf8_decode(p + off, n - off, &cp) == 0) {
				off++;
				while (off < n &&
				    ((unsigned char)p[off] & 0xc0) == 0x80)
					off++;
			}
			if (invalid != NULL)
				(*invalid)++;
			continue;
		}
		rc = kz_buf_append(out, p + off, n - off);
		if (rc != KZ_OK)
			return kz_fail(err, rc, "document too large");
		break;
	}
	return KZ_OK;
}

static size_t
unit_width(const char *from)
{
	if (strncmp(from, "utf-32", 6) == 0)
		return 4;
	if (strncmp(from, "utf-16", 6) == 0)
		return 2;
	return 1;
}

/* Single-byte encodings (windows-125x, KOI8, ISO-8859-x, IBM866) are
 * converted through a table of what iconv makes of each of the 256 bytes:
 * a byte-at-a-time loop instead of iconv's per-character dispatch, about
 * a fifth of the instructions on a windows-1251 feed.  The table is built
 * per call (256 one-byte conversions), so nothing is shared or cached. */
struct sb_table {
	unsigned char len[256]; /* UTF-8 length; 0: not a character */
	char u[256][4]; /* the UTF-8 bytes, then padding */
};

static int
single_byte_name(const char *name)
{
	static const char *const pre[] = {"windows-125", "cp125", "koi8",
	    "iso-8859-", "iso8859-", "ibm866", "cp866", NULL};
	for (const char *const *q = pre; *q != NULL; q++)
		if (strncmp(name, *q, strlen(*q)) == 0)
			return 1;
	return 0;
}

/* 1 if every byte converts alone to at most 3 UTF-8 bytes or is invalid
 * on its own (EILSEQ); 0 if the encoding turns out not single-byte. */
static int
sb_table_build(iconv_t cd, struct sb_table *t)
{
	for (int b = 0; b < 256; b++) {
		char in = (char)b, o[8];
		char *ip = &in, *op = o;
		size_t il = 1, ol = sizeof o;
		iconv(cd, NULL, NULL, NULL, NULL);
		if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1) {
			if (errno != EILSEQ)
				return 0;
			t->len[b] = 0;
			continue;
		}
		size_t k = (size_t)(op - o);
		if (k == 0 || k > 3 || il != 0)
			return 0;
		t->len[b] = (unsigned char)k;
		memset(t->u[b], 0, sizeof t->u[b]);
		memcpy(t->u[b], o, k);
	}
	iconv(cd, NULL, NULL, NULL, NULL);
	return 1;
}

static kz_rc
sb_convert(const struct sb_table *t, const char *data, size_t len,
    const char *from, int strict, struct kz_buf *out, size_t *invalid,
    struct kz_err *err)
{
	const unsigned char *p = (const unsigned char *)data;
	char chunk[8192];
	size_t o = 0;

	for (size_t i = 0; i < len; i++) {
		if (o > sizeof chunk - 4) {
			if (kz_buf_append(out, chunk, o) != KZ_OK)
				return kz_fail(
				    err, KZ_ELIMIT, "document too large");
			o = 0;
		}
		unsigned k = t->len[p[i]];
		if (k == 0) {
			if (strict)
				return kz_fail(err, KZ_ECHARSET,
				    "byte %zu is not valid %s", i, from);
			memcpy(chunk + o, "\xef\xbf\xbd", 3);
			o += 3;
			if (invalid != NULL)
				(*invalid)++;
			continue;
		}
		memcpy(chunk + o, t->u[p[i]], 4); /* k bytes count */
		o += k;
	}
	if (o > 0 && kz_buf_append(out, chunk, o) != KZ_OK)
		return kz_fail(err, KZ_ELIMIT, "document too large");
	return KZ_OK;
}

kz_rc
kz_charset_convert(const char *data, size_t len, const char *from, int strict,
    struct kz_buf *out, size_t *invalid, struct kz_err *err)
{
	size_t start = out->len;
	char chunk[8192];
	kz_rc rc = KZ_OK;

	if (is_utf8(from)) {
		rc = utf8_copy(data, len, strict, out, invalid, err);
		if (rc != KZ_OK)
			out->len = start;
		return rc;
	}
	const char *name = from;
	if (strcmp(from, "us-ascii") == 0)
		name = "ASCII";
	iconv_t cd = iconv_open("UTF-8", name);
	if (cd == (iconv_t)-1)
		return kz_fail(err, KZ_ECHARSET, "unknown encoding '%s'", from);
	if (single_byte_name(from)) {
		struct sb_table t;
		if (sb_table_build(cd, &t)) {
			iconv_close(cd);
			rc = sb_convert(
			    &t, data, len, from, strict, out, invalid, err);
			if (rc != KZ_OK)
				out->len = start;
			if (out->data != NULL)
				out->data[out->len] = '\0';
			return rc;
		}
	}
	char *in = (char *)(uintptr_t)data; /* iconv does not write input */
	size_t inleft = len, w = unit_width(from);
	while (inleft > 0) {
		char *o = chunk;
		size_t oleft = sizeof chunk;
		size_t r = iconv(cd, &in, &inleft, &o, &oleft);
		int e = errno;
		if (o > chunk) {
			rc = kz_buf_append(out, chunk, (size_t)(o - chunk));
			if (rc != KZ_OK) {
				rc = kz_fail(err, rc, "document too large");
				break;
			}
		}
		if (r != (size_t)-1 || e == E2BIG)
			continue;
		if (strict) {
			rc = kz_fail(err, KZ_ECHARSET,
			    "byte %zu is not valid %s", len - inleft, from);
			break;
		}
		rc = kz_buf_append(out, "\xef\xbf\xbd", 3);
		if (rc != KZ_OK) {
			rc = kz_fail(err, rc, "document too large");
			break;
		}
		if (invalid != NULL)
			(*invalid)++;
		size_t skip = w < inleft ? w : inleft;
		in += skip;
		inleft -= skip;
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	iconv_close(cd);
	if (rc != KZ_OK)
		out->len = start;
	if (out->data != NULL)
		out->data[out->len] = '\0';
	return rc;
}

static int
media_is(const char *ct, size_t n, const char *type)
{
	return strlen(type) == n && strncasecmp(ct, type, n) == 0;
}

static int
has_suffix_xml(const char *ct, size_t n)
{
	return n > 4 && strncasecmp(ct + n - 4, "+xml", 4) == 0;
}

/* Resolve "utf-16"/"utf-32" to a byte order using the sniffed one. */
static void
byte_order(char *name, size_t sz, const char *sniffed)
{
	if (strcmp(name, "utf-16") == 0 || strcmp(name, "utf-32") == 0) {
		if (sniffed != NULL && strncmp(sniffed, name, 6) == 0)
			snprintf(name, sz, "%s", sniffed);
		else if (strlen(name) + 3 <= sz)
			strcat(name, "be");
	}
}

kz_rc
kz_charset_to_utf8(const char *data, size_t len, const char *content_type,
    struct kz_buf *out, struct kz_charset_info *info, struct kz_err *err)
{
	const unsigned char *u = (const unsigned char *)data;
	char http[32] = "", decl[32] = "", chosen[32] = "";
	size_t bom_len = 0, invalid = 0;
	unsigned flags = 0;
	kz_rc rc;

	kz_buf_reset(out);
	const char *bom = bom_sniff(u, len, &bom_len);
	const char *pat = bom != NULL ? bom : pattern_sniff(u, len);
	size_t w = pat != NULL ? unit_width(pat) : 1;
	size_t off = 0;
	if (pat != NULL && strcmp(pat + strlen(pat) - 2, "be") == 0)
		off = w - 1;
	int have_decl =
	    decl_sniff(u + bom_len, len - bom_len, w, off, decl, sizeof decl);
	if (have_decl)
		byte_order(decl, sizeof decl, pat);
	int have_http =
	    kz_charset_from_content_type(content_type, http, sizeof http);
	if (have_http)
		byte_order(http, sizeof http, pat);

	if (bom != NULL) {
		snprintf(chosen, sizeof chosen, "%s", bom);
	} else if (content_type != NULL) {
		size_t n = strcspn(content_type, "; \t");
		const char *ct = content_type;
		if (media_is(ct, n, "application/xml") ||
		    media_is(ct, n, "application/xml-dtd") ||
		    media_is(ct, n, "application/xml-external-parsed-entity") ||
		    (n > 12 && strncasecmp(ct, "application/", 12) == 0 &&
		        has_suffix_xml(ct, n)))
			snprintf(chosen, sizeof chosen, "%s",
			    have_http       ? http
			        : have_decl ? decl
			                    : "utf-8");
		else if (n > 5 && strncasecmp(ct, "text/", 5) == 0) {
			if (!media_is(ct, n, "text/xml") &&
			    !media_is(
			        ct, n, "text/xml-external-parsed-entity") &&
			    !has_suffix_xml(ct, n))
				flags |= KZ_CHARSET_NOT_XML;
			snprintf(chosen, sizeof chosen, "%s",
			    have_http ? http : "us-ascii");
		} else {
			flags |= KZ_CHARSET_NOT_XML;
			snprintf(chosen, sizeof chosen, "%s",
			    have_http       ? http
			        : have_decl ? decl
			                    : "utf-8");
		}
	} else {
		snprintf(chosen, sizeof chosen, "%s",
		    have_decl         ? decl
		        : pat != NULL ? pat
		                      : "utf-8");
	}

	const char *body = data + bom_len;
	size_t body_len = len - bom_len;
	/* A BOM of another encoding than the one chosen is not text. */
	const char *cands[] = {
	    chosen, decl, pat != NULL ? pat : "", "utf-8", "windows-1252"};
	size_t ncands = sizeof cands / sizeof cands[0];
	const char *used = NULL;
	if (bom != NULL || is_utf8(chosen))
		ncands = 1; /* replace bad bytes rather than guess */
	for (size_t i = 0; i < ncands && used == NULL; i++) {
		if (cands[i][0] == '\0')
			continue;
		rc = kz_charset_convert(
		    body, body_len, cands[i], 1, out, NULL, NULL);
		if (rc == KZ_OK)
			used = cands[i];
		else if (rc == KZ_ELIMIT)
			return kz_fail(err, rc, "document too large");
		else if (i == 0) {
			iconv_t cd =
			    is_utf8(chosen) || strcmp(chosen, "us-ascii") == 0
			    ? (iconv_t)0
			    : iconv_open("UTF-8", chosen);
			if (cd == (iconv_t)-1)
				flags |= KZ_CHARSET_UNKNOWN;
			else if (cd != (iconv_t)0)
				iconv_close(cd);
		}
	}
	if (used == NULL) {
		used = (flags & KZ_CHARSET_UNKNOWN) ? "utf-8" : chosen;
		kz_buf_reset(out);
		rc = kz_charset_convert(
		    body, body_len, used, 0, out, &invalid, err);
		if (rc != KZ_OK)
			return rc;
		if (invalid > 0)
			flags |= KZ_CHARSET_INVALID;
	} else if (used != chosen) {
		flags |= KZ_CHARSET_OVERRIDE;
	}
	if (out->len > 0 && memchr(out->data, '\0', out->len) != NULL)
		return kz_fail(err, KZ_ECHARSET,
		    "document holds a NUL character at byte %zu",
		    (size_t)((const char *)memchr(out->data, '\0', out->len) -
		        out->data));
	if (out->data == NULL) {
		rc = kz_buf_append(out, "", 0);
		if (rc != KZ_OK)
			return kz_fail(err, rc, "document too large");
	}
	snprintf(info->name, sizeof info->name, "%s", used);
	info->flags = flags;
	return KZ_OK;
}
