/* UTF-8 checks, decoding and a small case fold for matching. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kuzet/base.h"

size_t
kz_utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	if (n == 0)
		return 0;
	unsigned char c = p[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	size_t len;
	uint32_t v, min;
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		v = c & 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		v = c & 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		v = c & 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (p[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return len;
}

size_t
kz_utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

int
kz_utf8_valid(const char *p, size_t n, size_t *bad_off)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t i = 0;
	while (i < n) {
		/* ASCII eight bytes at a time, two-byte sequences (Cyrillic,
		 * Kazakh) inline: the common cases of feeds and pages */
		if (u[i] < 0x80) {
			uint64_t w;
			while (i + 8 <= n &&
			    (memcpy(&w, u + i, 8),
			        (w & 0x8080808080808080u) == 0))
				i += 8;
			while (i < n && u[i] < 0x80)
				i++;
			continue;
		}
		if (u[i] >= 0xC2 && u[i] <= 0xDF && i + 1 < n &&
		    (u[i + 1] & 0xC0) == 0x80) {
			i += 2;
			while (i + 1 < n && u[i] >= 0xC2 && u[i] <= 0xDF &&
			    (u[i + 1] & 0xC0) == 0x80)
				i += 2;
			continue;
		}
		uint32_t cp;
		size_t l = kz_utf8_decode(p + i, n - i, &cp);
		if (l == 0) {
			if (bad_off != NULL)
				*bad_off = i;
			return 0;
		}
		i += l;
	}
	return 1;
}

size_t
kz_utf8_len(const char *p, size_t n)
{
	size_t count = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)p[i] & 0xC0) != 0x80)
			count++;
	return count;
}

/* Lower-case one code point: Latin, Latin-1, Cyrillic incl. Kazakh. */
static uint32_t
fold_cp(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 0x20;
	if (c < 0xC0)
		return c;
	if (c <= 0xDE && c != 0xD7)
		return c + 0x20;
	if (c == 0x0401 || c == 0x0451)
		return 0x0435; /* Ё, ё -> е */
	if (c >= 0x0410 && c <= 0x042F)
		return c + 0x20;
	if (c >= 0x0400 && c <= 0x040F)
		return c + 0x50;
	if ((c >= 0x0460 && c <= 0x0481) || (c >= 0x048A && c <= 0x04BF) ||
	    (c >= 0x04D0 && c <= 0x04FF))
		return c | 1;
	if (c >= 0x04C1 && c <= 0x04CE && (c & 1))
		return c + 1;
	if (c == 0x04C0)
		return 0x04CF;
	return c;
}

char *
kz_utf8_fold(const char *p, size_t n)
{
	char *out = kz_xmalloc(n + 1);
	size_t o = 0, i = 0;
	while (i < n) {
		uint32_t cp;
		size_t l = kz_utf8_decode(p + i, n - i, &cp);
		if (l == 0) { /* keep bad bytes as they are */
			out[o++] = p[i++];
			continue;
		}
		char enc[4];
		size_t el = kz_utf8_encode(fold_cp(cp), enc);
		if (el <= l) {
			memcpy(out + o, enc, el);
			o += el;
		} else { /* never longer in the ranges above; be safe */
			memcpy(out + o, p + i, l);
			o += l;
		}
		i += l;
	}
	out[o] = '\0';
	return out;
}

struct kz_str
kz_str_trim(struct kz_str s)
{
	for (;;) {
		if (s.n > 0 &&
		    (s.p[0] == ' ' || s.p[0] == '\t' || s.p[0] == '\n' ||
		        s.p[0] == '\r')) {
			s.p++;
			s.n--;
		} else if (s.n >= 2 && (unsigned char)s.p[0] == 0xC2 &&
		    (unsigned char)s.p[1] == 0xA0) {
			s.p += 2;
			s.n -= 2;
		} else {
			break;
		}
	}
	for (;;) {
		if (s.n > 0 &&
		    (s.p[s.n - 1] == ' ' || s.p[s.n - 1] == '\t' ||
		        s.p[s.n - 1] == '\n' || s.p[s.n - 1] == '\r')) {
			s.n--;
		} else if (s.n >= 2 && (unsigned char)s.p[s.n - 2] == 0xC2 &&
		    (unsigned char)s.p[s.n - 1] == 0xA0) {
			s.n -= 2;
		} else {
			break;
		}
	}
	return s;
}

kz_rc
kz_file_read(const char *path, size_t max, char **out, size_t *out_len,
    struct kz_err *err)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return kz_fail(
		    err, KZ_EIO, "%s: cannot open: %s", path, strerror(errno));
	struct stat st;
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		return kz_fail(err, KZ_EIO, "%s: is a directory", path);
	}
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) &&
	    (uintmax_t)st.st_size > max) {
		fclose(f);
		return kz_fail(err, KZ_ELIMIT,
		    "%s: file is %jd bytes, over the limit of %zu", path,
		    (intmax_t)st.st_size, max);
	}
	struct kz_buf b;
	kz_buf_init(&b, max);
	char chunk[65536];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (kz_buf_append(&b, chunk, got) != KZ_OK) {
			fclose(f);
			kz_buf_fini(&b);
			return kz_fail(err, KZ_ELIMIT,
			    "%s: file is over the limit of %zu bytes", path,
			    max);
		}
	}
	if (ferror(f)) {
		int e = errno;
		fclose(f);
		kz_buf_fini(&b);
		return kz_fail(
		    err, KZ_EIO, "%s: read error: %s", path, strerror(e));
	}
	fclose(f);
	*out_len = b.len;
	*out = kz_buf_take(&b);
	return KZ_OK;
}

int
kz_cp_kazakh(uint32_t cp)
{
	switch (cp) {
	case 0x4d9: /* ә */
	case 0x493: /* ғ */
	case 0x49b: /* қ */
	case 0x4a3: /* ң */
	case 0x4e9: /* ө */
	case 0x4b1: /* ұ */
	case 0x4af: /* ү */
	case 0x4bb: /* һ */
	case 0x456: /* і */
		return 1;
	default:
		return 0;
	}
}

int
kz_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
kz_utf8_clip(const char *s, int max)
{
	int n = 0, i, back = 0, need;
	unsigned char lead;

	while (n < max && s[n] != '\0')
		n++;
	/* a character cut at the end: drop its first bytes too */
	i = n;
	while (i > 0 && back < 3 && ((unsigned char)s[i - 1] & 0xC0) == 0x80) {
		i--;
		back++;
	}
	if (i == 0)
		return n;
	lead = (unsigned char)s[i - 1];
	need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
	return need > 1 && back + 1 < need ? i - 1 : n;
}
