/* Languages, dates, statuses and incidents: the shared data model. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "kuzet/incident.h"

static const char *const lang_codes[KZ_LANG_COUNT] = {"ru", "kk", "en"};

const char *
kz_lang_code(enum kz_lang l)
{
	return (unsigned)l < KZ_LANG_COUNT ? lang_codes[l] : "??";
}

int
kz_lang_parse(const char *s, enum kz_lang *out)
{
	for (int i = 0; i < KZ_LANG_COUNT; i++) {
		if (strcasecmp(s, lang_codes[i]) == 0) {
			*out = (enum kz_lang)i;
			return 0;
		}
	}
	return -1;
}

int
kz_date_days_in_month(int y, int m)
{
	static const int days[12] = {
	    31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12)
		return 0;
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

int
kz_date_valid(struct kz_date dt)
{
	return dt.y >= 1 && dt.y <= 9999 && dt.m >= 1 && dt.m <= 12 &&
	    dt.d >= 1 && dt.d <= kz_date_days_in_month(dt.y, dt.m);
}

int
kz_date_unknown(struct kz_date dt)
{
	return dt.y == 0;
}

int
kz_date_cmp(struct kz_date a, struct kz_date b)
{
	if (a.y != b.y)
		return a.y < b.y ? -1 : 1;
	if (a.m != b.m)
		return a.m < b.m ? -1 : 1;
	if (a.d != b.d)
		return a.d < b.d ? -1 : 1;
	return 0;
}

int
kz_date_parse_iso(const char *s, struct kz_date *out)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	struct kz_date dt = {(s[0] - '0') * 1000 + (s[1] - '0') * 100 +
	        (s[2] - '0') * 10 + (s[3] - '0'),
	    (s[5] - '0') * 10 + (s[6] - '0'), (s[8] - '0') * 10 + (s[9] - '0')};
	if (!kz_date_valid(dt))
		return -1;
	*out = dt;
	return 0;
}

void
kz_date_format_iso(struct kz_date dt, char *out)
{
	unsigned y = (unsigned)dt.y % 10000u, m = (unsigned)dt.m % 100u,
	         d = (unsigned)dt.d % 100u;
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}

struct kz_date
kz_date_today(void)
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	struct kz_date dt = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
	return dt;
}

static const char *const status_names[] = {"draft", "published", "rejected"};

const char *
kz_status_name(enum kz_status s)
{
	return (unsigned)s <= KZ_STATUS_REJECTED ? status_names[s] : "?";
}

int
kz_status_parse(const char *s, enum kz_status *out)
{
	for (int i = 0; i <= KZ_STATUS_REJECTED; i++) {
		if (strcmp(s, status_names[i]) == 0) {
			*out = (enum kz_status)i;
			return 0;
		}
	}
	return -1;
}

void
kz_incident_init(struct kz_incident *inc)
{
	memset(inc, 0, sizeof *inc);
	inc->status = KZ_STATUS_DRAFT;
}

void
kz_incident_fini(struct kz_incident *inc)
{
	for (int l = 0; l < KZ_LANG_COUNT; l++) {
		free(inc->title[l]);
		free(inc->summary[l]);
	}
	for (size_t i = 0; i < inc->nsources; i++) {
		free(inc->sources[i].url);
		free(inc->sources[i].url_norm);
	}
	free(inc->sources);
	kz_incident_init(inc);
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? kz_xstrdup(s) : NULL;
}

void
kz_incident_copy(struct kz_incident *dst, const struct kz_incident *src)
{
	*dst = *src;
	for (int l = 0; l < KZ_LANG_COUNT; l++) {
		dst->title[l] = dup_or_null(src->title[l]);
		dst->summary[l] = dup_or_null(src->summary[l]);
	}
	dst->sources = NULL;
	if (src->nsources > 0) {
		dst->sources =
		    kz_xreallocarray(NULL, src->nsources, sizeof *dst->sources);
		for (size_t i = 0; i < src->nsources; i++) {
			dst->sources[i].id = src->sources[i].id;
			dst->sources[i].url = dup_or_null(src->sources[i].url);
			dst->sources[i].url_norm =
			    dup_or_null(src->sources[i].url_norm);
		}
	}
}

void
kz_incident_set_text(char **field, const char *s)
{
	char *old = *field;
	*field = dup_or_null(s);
	free(old);
}

void
kz_incident_add_source(
    struct kz_incident *inc, const char *url, const char *url_norm)
{
	inc->sources = kz_xreallocarray(
	    inc->sources, inc->nsources + 1, sizeof *inc->sources);
	struct kz_source *s = &inc->sources[inc->nsources++];
	s->id = 0;
	s->url = kz_xstrdup(url);
	s->url_norm = kz_xstrdup(url_norm != NULL ? url_norm : url);
}

struct kz_date
kz_incident_sort_date(const struct kz_incident *inc)
{
	if (!kz_date_unknown(inc->occurred_on))
		return inc->occurred_on;
	if (!kz_date_unknown(inc->period_to))
		return inc->period_to;
	return inc->period_from;
}

enum kz_lang
kz_incident_lang(const struct kz_incident *inc, enum kz_lang want)
{
	if (inc->title[want] != NULL && inc->title[want][0] != '\0')
		return want;
	for (int l = 0; l < KZ_LANG_COUNT; l++)
		if (inc->title[l] != NULL && inc->title[l][0] != '\0')
			return (enum kz_lang)l;
	return want;
}
