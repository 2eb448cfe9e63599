/*
 * Escapers for every output format kuzet writes, and small helpers shared by
 * the report writers.  Every escaper appends runs of safe bytes in one
 * kz_buf_append, so the cost is linear in the input.  Input is expected to
 * be valid UTF-8; an invalid byte is written as U+FFFD so the output always
 * is.
 */
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "render/render_int.h"

#define REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD */

int
kz_format_parse(const char *s, enum kz_format *out)
{
	static const struct {
		const char *name;
		enum kz_format fmt;
	} names[] = {
	    {"md", KZ_FMT_MD},
	    {"markdown", KZ_FMT_MD},
	    {"html", KZ_FMT_HTML},
	    {"json", KZ_FMT_JSON},
	    {"csv", KZ_FMT_CSV},
	};

	if (s == NULL)
		return -1;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strcasecmp(s, names[i].name) == 0) {
			if (out != NULL)
				*out = names[i].fmt;
			return 0;
		}
	}
	return -1;
}

/*
 * Length of the valid UTF-8 sequence at p (1..4), or 0 if the bytes there
 * are not one.  *cp gets the code point.
 */
static size_t
seq(const char *p, size_t n, uint32_t *cp)
{
	unsigned char c = (unsigned char)p[0];

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	return kz_utf8_decode(p, n, cp);
}

/* ---- JSON (RFC 8259) ---- */

kz_rc
kz_render_json_str(struct kz_buf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t run = 0, i = 0;

	KZ_TRY(kz_buf_putc(out, '"'));
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		const char *rep = NULL;
		char tmp[8];
		size_t len = 1;

		if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0x80) {
			uint32_t cp;
			len = seq(s + i, n - i, &cp);
			if (len == 0) {
				rep = REPLACEMENT;
				len = 1;
			} else if (cp == 0x2028) {
				rep = "\\u2028";
			} else if (cp == 0x2029) {
				rep = "\\u2029";
			} else {
				i += len;
				continue;
			}
		} else {
			switch (c) {
			case '"':
				rep = "\\\"";
				break;
			case '\\':
				rep = "\\\\";
				break;
			case '\b':
				rep = "\\b";
				break;
			case '\f':
				rep = "\\f";
				break;
			case '\n':
				rep = "\\n";
				break;
			case '\r':
				rep = "\\r";
				break;
			case '\t':
				rep = "\\t";
				break;
			default:
				memcpy(tmp, "\\u00", 4);
				tmp[4] = hex[c >> 4];
				tmp[5] = hex[c & 15];
				tmp[6] = '\0';
				rep = tmp;
				break;
			}
		}
		KZ_TRY(kz_buf_append(out, s + run, i - run));
		KZ_TRY(kz_buf_puts(out, rep));
		i += len;
		run = i;
	}
	KZ_TRY(kz_buf_append(out, s + run, i - run));
	return kz_buf_putc(out, '"');
}

/* ---- HTML ---- */

/*
 * Escape & < > " ' so the text is safe both as element content and inside a
 * quoted attribute.  Control characters that HTML does not allow (C0 other
 * than TAB, LF, CR; DEL; C1) become U+FFFD, as do invalid bytes.
 */
kz_rc
kz_render_html_text(struct kz_buf *out, const char *s, size_t n)
{
	size_t run = 0, i = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		const char *rep;
		size_t len = 1;

		if (c >= 0x80) {
			uint32_t cp;
			len = seq(s + i, n - i, &cp);
			if (len != 0 && cp > 0x9f) {
				i += len;
				continue;
			}
			if (len == 0)
				len = 1;
			rep = REPLACEMENT;
		} else if (c == '&') {
			rep = "&amp;";
		} else if (c == '<') {
			rep = "&lt;";
		} else if (c == '>') {
			rep = "&gt;";
		} else if (c == '"') {
			rep = "&quot;";
		} else if (c == '\'') {
			rep = "&#39;";
		} else if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') ||
		    c == 0x7f) {
			rep = REPLACEMENT;
		} else {
			i++;
			continue;
		}
		KZ_TRY(kz_buf_append(out, s + run, i - run));
		KZ_TRY(kz_buf_puts(out, rep));
		i += len;
		run = i;
	}
	return kz_buf_append(out, s + run, i - run);
}

int
kz_render_url_is_web(const char *url)
{
	if (url == NULL)
		return 0;
	return strncasecmp(url, "http://", 7) == 0 ||
	    strncasecmp(url, "https://", 8) == 0;
}

/* ---- CSV (RFC 4180) ---- */

/*
 * One CSV field.  It is quoted when it holds , " CR or LF, with quotes
 * doubled.  Formula injection guard: a field starting with = + - @ TAB or CR
 * (which spreadsheets run as a formula) gets a ' in front; so that the guard
 * can be undone exactly, a field that already starts with ' gets one too.
 * A reader of kuzet's CSV drops one leading ' from a field that has it.
 * Invalid UTF-8 bytes become U+FFFD.
 */
kz_rc
kz_render_csv_field(struct kz_buf *out, const char *s, size_t n)
{
	int quote = 0;
	size_t i, run;

	for (i = 0; i < n; i++) {
		char c = s[i];
		if (c == ',' || c == '"' || c == '\r' || c == '\n') {
			quote = 1;
			break;
		}
	}
	if (quote)
		KZ_TRY(kz_buf_putc(out, '"'));
	if (n > 0 && strchr("=+-@\t\r'", s[0]) != NULL)
		KZ_TRY(kz_buf_putc(out, '\''));
	i = run = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"') {
			KZ_TRY(kz_buf_append(out, s + run, i + 1 - run));
			run = i; /* the quote is written again: doubled */
			i++;
		} else if (c >= 0x80) {
			uint32_t cp;
			size_t len = seq(s + i, n - i, &cp);
			if (len == 0) {
				KZ_TRY(kz_buf_append(out, s + run, i - run));
				KZ_TRY(kz_buf_puts(out, REPLACEMENT));
				i++;
				run = i;
			} else {
				i += len;
			}
		} else {
			i++;
		}
	}
	KZ_TRY(kz_buf_append(out, s + run, i - run));
	if (quote)
		KZ_TRY(kz_buf_putc(out, '"'));
	return KZ_OK;
}

/* ---- Markdown ---- */

static int
is_md_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* Characters escaped wherever they are: they start emphasis, code, links,
 * autolinks or raw HTML, entities, headings, block quotes, or escapes. */
static int
is_md_special(char c)
{
	return c != '\0' && strchr("\\`*_[]<>#&", c) != NULL;
}

/* Escape one trimmed line.  at_start: the line begins a Markdown line. */
static kz_rc
md_line(struct kz_buf *out, const char *s, size_t n, int at_start)
{
	size_t i = 0, run = 0;

	if (at_start && n > 0) {
		if (strchr("-+=~", s[0]) != NULL) {
			KZ_TRY(kz_buf_putc(out, '\\'));
		} else {
			/* "1." or "1)" would start an ordered list. */
			size_t d = 0;
			while (d < n && d < 10 && s[d] >= '0' && s[d] <= '9')
				d++;
			if (d > 0 && d < n && (s[d] == '.' || s[d] == ')')) {
				KZ_TRY(kz_buf_append(out, s, d));
				KZ_TRY(kz_buf_putc(out, '\\'));
				i = run = d;
			}
		}
	}
	for (; i < n; i++) {
		if (!is_md_special(s[i]))
			continue;
		KZ_TRY(kz_buf_append(out, s + run, i - run));
		KZ_TRY(kz_buf_putc(out, '\\'));
		run = i;
	}
	return kz_buf_append(out, s + run, n - run);
}

kz_rc
kz_render_md_text(struct kz_buf *out, const char *s, size_t n, int one_line)
{
	size_t pos = 0;
	int first = 1;

	while (pos < n) {
		const char *nl = memchr(s + pos, '\n', n - pos);
		size_t end = nl != NULL ? (size_t)(nl - s) : n;
		size_t a = pos, b = end;

		pos = nl != NULL ? end + 1 : n;
		while (a < b && is_md_ws(s[a]))
			a++;
		while (b > a && is_md_ws(s[b - 1]))
			b--;
		if (a == b)
			continue;
		if (!first)
			KZ_TRY(kz_buf_putc(out, one_line ? ' ' : '\n'));
		KZ_TRY(md_line(out, s + a, b - a, !one_line));
		first = 0;
	}
	return KZ_OK;
}

/* ---- time ---- */

/* Write v (0 <= v < 10^w) as w decimal digits. */
static void
digits(char *p, int64_t v, int w)
{
	while (w-- > 0) {
		p[w] = (char)('0' + v % 10);
		v /= 10;
	}
}

/*
 * RFC 3339 UTC for unix seconds t, computed without time_t (so no overflow
 * on 32-bit time_t): days to civil date after H. Hinnant's algorithm.  t is
 * clamped to years 0000..9999 so the output is always 20 characters.
 */
void
kz_render_time(int64_t t, char *out)
{
	const int64_t lo = INT64_C(-62167219200); /* 0000-01-01T00:00:00Z */
	const int64_t hi = INT64_C(253402300799); /* 9999-12-31T23:59:59Z */
	int64_t days, secs, z, era, doe, yoe, doy, mp, y, m, d;

	if (t < lo)
		t = lo;
	if (t > hi)
		t = hi;
	days = t / 86400;
	secs = t % 86400;
	if (secs < 0) {
		secs += 86400;
		days--;
	}
	z = days + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	if (m <= 2)
		y++;
	digits(out, y, 4);
	out[4] = '-';
	digits(out + 5, m, 2);
	out[7] = '-';
	digits(out + 8, d, 2);
	out[10] = 'T';
	digits(out + 11, secs / 3600, 2);
	out[13] = ':';
	digits(out + 14, secs / 60 % 60, 2);
	out[16] = ':';
	digits(out + 17, secs % 60, 2);
	out[19] = 'Z';
	out[20] = '\0';
}
