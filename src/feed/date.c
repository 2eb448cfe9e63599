/* Dates as feeds write them: RFC 822, ISO 8601 / W3CDTF, ru/kk/en words. */
#include <string.h>
#include <strings.h>

#include "kuzet/feed.h"
#include "kuzet/text.h"

struct tm_parts {
	int y, mo, d, h, mi, s;
	int have_date, have_time;
	int off; /* zone offset, seconds east of UTC */
};

/* Days since 1970-01-01 of a proleptic Gregorian date (Hinnant). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int
mdays(int y, int m)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

static kz_rc
finish(const struct tm_parts *t, int64_t *out)
{
	if (!t->have_date || t->y < 1 || t->y > 9999 || t->mo < 1 ||
	    t->mo > 12 || t->d < 1 || t->d > mdays(t->y, t->mo) || t->h < 0 ||
	    t->h > 24 || t->mi < 0 || t->mi > 59 || t->s < 0 || t->s > 60 ||
	    (t->h == 24 && (t->mi != 0 || t->s != 0)))
		return KZ_EPARSE;
	int s = t->s == 60 ? 59 : t->s;
	*out = days_from_civil(t->y, t->mo, t->d) * 86400 +
	    (int64_t)t->h * 3600 + t->mi * 60 + s - t->off;
	return KZ_OK;
}

static int
isdig(char c)
{
	return c >= '0' && c <= '9';
}

/* Read up to max digits at s[*i]; -1 if none. *nd gets the count. */
static int
digits(const char *s, size_t n, size_t *i, int max, int *nd)
{
	int v = 0, k = 0;
	while (*i < n && isdig(s[*i]) && k < max) {
		v = v * 10 + (s[*i] - '0');
		(*i)++;
		k++;
	}
	if (nd != NULL)
		*nd = k;
	return k == 0 ? -1 : v;
}

/* A numeric zone at s[*i] ("+06:00", "-0500", "+3"); 1 if read. */
static int
num_zone(const char *s, size_t n, size_t *i, int *off)
{
	size_t j = *i;
	int nd, sign, h, m = 0;

	if (j >= n || (s[j] != '+' && s[j] != '-'))
		return 0;
	sign = s[j] == '-' ? -1 : 1;
	j++;
	h = digits(s, n, &j, 4, &nd);
	if (h < 0)
		return 0;
	if (nd == 4) {
		m = h % 100;
		h /= 100;
	} else if (nd == 3) {
		return 0;
	} else if (j + 2 < n + 1 && j < n && s[j] == ':') {
		j++;
		m = digits(s, n, &j, 2, &nd);
		if (m < 0 || nd != 2)
			return 0;
	}
	if (h > 14 || m > 59)
		return 0;
	*off = sign * (h * 3600 + m * 60);
	*i = j;
	return 1;
}

static int
iso(const char *s, size_t n, int64_t *out)
{
	struct tm_parts t = {0};
	size_t i = 0;
	int nd;

	t.y = digits(s, n, &i, 4, &nd);
	if (nd != 4)
		return 0;
	t.mo = 1;
	t.d = 1;
	if (i < n && s[i] == '-') {
		i++;
		t.mo = digits(s, n, &i, 2, &nd);
		if (nd != 2)
			return 0;
		if (i < n && s[i] == '-') {
			i++;
			t.d = digits(s, n, &i, 2, &nd);
			if (nd != 2)
				return 0;
		}
	} else if (i + 4 <= n && isdig(s[i])) {
		t.mo = digits(s, n, &i, 2, &nd);
		t.d = digits(s, n, &i, 2, &nd);
		if (nd != 2)
			return 0;
	}
	t.have_date = 1;
	if (i < n && (s[i] == 'T' || s[i] == 't' || s[i] == ' ') && i + 1 < n &&
	    isdig(s[i + 1])) {
		i++;
		t.h = digits(s, n, &i, 2, &nd);
		if (nd != 2)
			return 0;
		if (i < n && s[i] == ':')
			i++;
		t.mi = digits(s, n, &i, 2, &nd);
		if (nd != 2)
			return 0;
		if (i < n && s[i] == ':')
			i++;
		if (i < n && isdig(s[i])) {
			t.s = digits(s, n, &i, 2, &nd);
			if (nd != 2)
				return 0;
			if (i < n && (s[i] == '.' || s[i] == ','))
				for (i++; i < n && isdig(s[i]); i++)
					;
		}
		while (i < n && s[i] == ' ')
			i++;
		if (i < n && (s[i] == 'Z' || s[i] == 'z'))
			i++;
		else if (i < n && !num_zone(s, n, &i, &t.off))
			return 0;
	}
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i != n)
		return 0;
	return finish(&t, out) == KZ_OK;
}

/* Named zones: offset in hours east of UTC. */
static int
zone_name(const char *w, size_t n, int *hours)
{
	static const struct {
		const char *name;
		int h;
	} z[] = {{"GMT", 0}, {"UT", 0}, {"UTC", 0}, {"Z", 0}, {"EST", -5},
	    {"EDT", -4}, {"CST", -6}, {"CDT", -5}, {"MST", -7}, {"MDT", -6},
	    {"PST", -8}, {"PDT", -7}, {"MSK", 3}, {"BST", 1}, {"CET", 1},
	    {"CEST", 2}, {"EET", 2}, {"EEST", 3}};
	for (size_t i = 0; i < sizeof z / sizeof z[0]; i++)
		if (strlen(z[i].name) == n &&
		    strncasecmp(z[i].name, w, n) == 0) {
			*hours = z[i].h;
			return 1;
		}
	if (n == 1 &&
	    ((w[0] >= 'A' && w[0] <= 'Z') || (w[0] >= 'a' && w[0] <= 'z'))) {
		*hours = 0; /* military zones are unreliable: UTC */
		return 1;
	}
	return 0;
}

static int
year_of(int v, int nd)
{
	if (nd <= 2)
		return v < 50 ? 2000 + v : 1900 + v;
	return v;
}

/* Day, month (a word) and year in any order, a time and a zone. */
static int
words(const char *s, size_t n, int64_t *out)
{
	struct tm_parts t = {0};
	size_t i = 0;
	int nd, v, have_y = 0, have_d = 0, have_zone = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (isdig((char)c)) {
			size_t st = i;
			v = digits(s, n, &i, 9, &nd);
			if (i < n && s[i] == ':' && !t.have_time && nd <= 2) {
				t.h = v;
				i++;
				t.mi = digits(s, n, &i, 2, &nd);
				if (nd != 2)
					return 0;
				if (i < n && s[i] == ':') {
					i++;
					t.s = digits(s, n, &i, 2, &nd);
					if (nd != 2)
						return 0;
					if (i < n && s[i] == '.')
						for (i++; i < n && isdig(s[i]);
						     i++)
							;
				}
				t.have_time = 1;
			} else if (i < n && s[i] == '.' && i + 1 < n &&
			    isdig(s[i + 1]) && !have_d && t.mo == 0 &&
			    nd <= 2) {
				/* dd.mm.yyyy */
				t.d = v;
				i++;
				t.mo = digits(s, n, &i, 2, &nd);
				if (i >= n || s[i] != '.')
					return 0;
				i++;
				v = digits(s, n, &i, 4, &nd);
				if (v < 0)
					return 0;
				t.y = year_of(v, nd);
				have_d = have_y = 1;
			} else if (nd == 4 && !have_y) {
				t.y = v;
				have_y = 1;
			} else if (nd <= 2 && !have_d && v >= 1 && v <= 31) {
				t.d = v;
				have_d = 1;
			} else if (nd <= 2 && !have_y && have_d) {
				t.y = year_of(v, nd);
				have_y = 1;
			} else {
				return 0;
			}
			(void)st;
			continue;
		}
		if ((c == '+' || c == '-') && t.have_time && !have_zone) {
			if (!num_zone(s, n, &i, &t.off))
				return 0;
			have_zone = 1;
			continue;
		}
		if (c >= 0x80 || (c >= 'A' && c <= 'Z') ||
		    (c >= 'a' && c <= 'z')) {
			size_t len = 0, st = i;
			int m = 0, h;
			if (t.mo == 0)
				m = kz_month_parse(s + i, n - i, &len);
			if (m > 0) {
				t.mo = m;
				i += len;
				continue;
			}
			while (i < n &&
			    (((unsigned char)s[i] >= 0x80) ||
			        (s[i] >= 'A' && s[i] <= 'Z') ||
			        (s[i] >= 'a' && s[i] <= 'z')))
				i++;
			if (t.have_time && !have_zone &&
			    zone_name(s + st, i - st, &h)) {
				t.off = h * 3600;
				have_zone = 1;
				int off2;
				/* GMT+3, UTC+06:00 */
				if (num_zone(s, n, &i, &off2))
					t.off += off2;
			}
			/* other words: weekdays, "г.", "года", "жылғы" */
			continue;
		}
		i++; /* separators: space , . / - */
	}
	if (!have_d || !have_y || t.mo == 0)
		return 0;
	t.have_date = 1;
	return finish(&t, out) == KZ_OK;
}

kz_rc
kz_feed_date_parse(const char *s, size_t n, int64_t *unix_out)
{
	int64_t t;

	while (n > 0 && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n'))
		s++, n--;
	while (n > 0 &&
	    (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' ||
	        s[n - 1] == '\n'))
		n--;
	if (n == 0 || n > 256)
		return KZ_EPARSE;
	if (n >= 4 && isdig(s[0]) && isdig(s[1]) && isdig(s[2]) &&
	    isdig(s[3]) && (n == 4 || s[4] == '-' || isdig(s[4]))) {
		if (iso(s, n, &t)) {
			*unix_out = t;
			return KZ_OK;
		}
	}
	if (words(s, n, &t)) {
		*unix_out = t;
		return KZ_OK;
	}
	return KZ_EPARSE;
}
