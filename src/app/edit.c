/* Changing incidents: one field from a string, or a whole text form. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kuzet/app.h"
#include "kuzet/limits.h"
#include "kuzet/url.h"

/* Parse "title.ru" style names: returns the lang or -1. */
static int
field_lang(const char *field, const char *prefix)
{
	size_t n = strlen(prefix);
	if (strncmp(field, prefix, n) != 0 || field[n] != '.')
		return -1;
	enum kz_lang l;
	if (kz_lang_parse(field + n + 1, &l) != 0)
		return -1;
	return (int)l;
}

static kz_rc
check_text(const char *field, const char *value, size_t max, struct kz_err *err)
{
	size_t n = strlen(value);
	if (n > max)
		return kz_fail(err, KZ_ELIMIT,
		    "%s: %zu bytes, over the limit of %zu", field, n, max);
	size_t bad;
	if (!kz_utf8_valid(value, n, &bad))
		return kz_fail(err, KZ_ECHARSET,
		    "%s: invalid UTF-8 at byte %zu", field, bad);
	return KZ_OK;
}

/* Replace the sources with the whitespace-separated URLs in value. */
static kz_rc
set_sources(struct kz_incident *inc, const char *value, struct kz_err *err)
{
	struct kz_incident tmp;
	kz_incident_init(&tmp);
	const char *p = value;
	kz_rc rc = KZ_OK;
	while (*p != '\0' && rc == KZ_OK) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (*p == '\0')
			break;
		const char *e = p;
		while (*e != '\0' && *e != ' ' && *e != '\t' && *e != '\n' &&
		    *e != '\r')
			e++;
		char *norm;
		rc = kz_url_normalize(p, (size_t)(e - p), &norm, err);
		if (rc != KZ_OK)
			break;
		if (tmp.nsources >= KZ_SOURCES_MAX) {
			free(norm);
			rc = kz_fail(err, KZ_ELIMIT, "sources: more than %u",
			    KZ_SOURCES_MAX);
			break;
		}
		char *url = kz_xstrndup(p, (size_t)(e - p));
		kz_incident_add_source(&tmp, url, norm);
		free(url);
		free(norm);
		p = e;
	}
	if (rc == KZ_OK) {
		for (size_t i = 0; i < inc->nsources; i++) {
			free(inc->sources[i].url);
			free(inc->sources[i].url_norm);
		}
		free(inc->sources);
		inc->sources = tmp.sources;
		inc->nsources = tmp.nsources;
		tmp.sources = NULL;
		tmp.nsources = 0;
	}
	kz_incident_fini(&tmp);
	return rc;
}

static kz_rc
set_date(struct kz_date *dt, const char *field, const char *value,
    struct kz_err *err)
{
	if (value[0] == '\0' || strcmp(value, "null") == 0) {
		memset(dt, 0, sizeof *dt);
		return KZ_OK;
	}
	if (kz_date_parse_iso(value, dt) != 0)
		return kz_fail(err, KZ_EUSAGE,
		    "%s: '%s' is not a date (want YYYY-MM-DD)", field, value);
	return KZ_OK;
}

kz_rc
kz_app_incident_set(struct kz_incident *inc, const struct kz_taxonomy *tax,
    const char *field, const char *value, struct kz_err *err)
{
	int l;
	kz_rc rc;
	if (strcmp(field, "section") == 0) {
		rc = kz_taxonomy_check(tax, value, err);
		if (rc != KZ_OK)
			return rc;
		snprintf(inc->section, sizeof inc->section, "%s", value);
		return KZ_OK;
	}
	if (strcmp(field, "status") == 0) {
		enum kz_status st;
		if (kz_status_parse(value, &st) != 0)
			return kz_fail(err, KZ_EUSAGE,
			    "status: '%s' (want draft, published or rejected)",
			    value);
		inc->status = st;
		return KZ_OK;
	}
	if (strcmp(field, "date") == 0 || strcmp(field, "occurred_on") == 0)
		return set_date(&inc->occurred_on, field, value, err);
	if (strcmp(field, "period_from") == 0)
		return set_date(&inc->period_from, field, value, err);
	if (strcmp(field, "period_to") == 0)
		return set_date(&inc->period_to, field, value, err);
	if (strcmp(field, "sources") == 0)
		return set_sources(inc, value, err);
	if ((l = field_lang(field, "title")) >= 0) {
		rc = check_text(field, value, KZ_TITLE_MAX_BYTES, err);
		if (rc != KZ_OK)
			return rc;
		if (strchr(value, '\n') != NULL)
			return kz_fail(
			    err, KZ_EUSAGE, "%s: a title is one line", field);
		kz_incident_set_text(
		    &inc->title[l], value[0] != '\0' ? value : NULL);
		return KZ_OK;
	}
	if ((l = field_lang(field, "summary")) >= 0) {
		rc = check_text(field, value, KZ_SUMMARY_MAX_BYTES, err);
		if (rc != KZ_OK)
			return rc;
		kz_incident_set_text(
		    &inc->summary[l], value[0] != '\0' ? value : NULL);
		return KZ_OK;
	}
	return kz_fail(err, KZ_EUSAGE,
	    "unknown field '%s' (known: section, status, date, period_from, "
	    "period_to, title.LANG, summary.LANG, sources; LANG is ru, kk "
	    "or en)",
	    field);
}

/*
 * The form:
 *
 *     # comments
 *     version: 3
 *     section: law
 *     status: draft
 *     date: 2025-09-26
 *     period_from: ...
 *     period_to: ...
 *
 *     === title.ru
 *     text
 *     === summary.ru
 *     text, any number of lines
 *     === sources
 *     one URL per line
 */
kz_rc
kz_app_form_write(struct kz_buf *out, const struct kz_incident *inc)
{
	char d[3][11] = {"", "", ""};
	if (!kz_date_unknown(inc->occurred_on))
		kz_date_format_iso(inc->occurred_on, d[0]);
	if (!kz_date_unknown(inc->period_from))
		kz_date_format_iso(inc->period_from, d[1]);
	if (!kz_date_unknown(inc->period_to))
		kz_date_format_iso(inc->period_to, d[2]);
	kz_rc rc = kz_buf_printf(out,
	    "# kuzet incident %lld. Edit, save and quit; lines starting with "
	    "#\n"
	    "# are ignored. An empty block removes that text. Dates are\n"
	    "# YYYY-MM-DD or empty. Do not change the version line.\n"
	    "version: %lld\nsection: %s\nstatus: %s\ndate: %s\n"
	    "period_from: %s\nperiod_to: %s\n",
	    (long long)inc->id, (long long)inc->version, inc->section,
	    kz_status_name(inc->status), d[0], d[1], d[2]);
	for (int l = 0; l < KZ_LANG_COUNT && rc == KZ_OK; l++) {
		const char *code = kz_lang_code((enum kz_lang)l);
		rc = kz_buf_printf(out,
		    "\n=== title.%s\n%s\n\n=== summary.%s\n%s\n", code,
		    inc->title[l] ? inc->title[l] : "", code,
		    inc->summary[l] ? inc->summary[l] : "");
	}
	if (rc == KZ_OK)
		rc = kz_buf_puts(out, "\n=== sources\n");
	for (size_t i = 0; i < inc->nsources && rc == KZ_OK; i++)
		rc = kz_buf_printf(out, "%s\n", inc->sources[i].url);
	return rc;
}

/* Apply a finished block (=== name) to inc. */
static kz_rc
apply_block(struct kz_incident *inc, const struct kz_taxonomy *tax,
    const char *name, struct kz_buf *text, const char *origin, int line,
    struct kz_err *err)
{
	/* trim trailing blank lines */
	while (text->len > 0 &&
	    (text->data[text->len - 1] == '\n' ||
	        text->data[text->len - 1] == ' '))
		text->data[--text->len] = '\0';
	size_t start = 0;
	while (start < text->len && text->data[start] == '\n')
		start++;
	struct kz_err e2;
	kz_rc rc =
	    kz_app_incident_set(inc, tax, name, kz_buf_str(text) + start, &e2);
	if (rc == KZ_EUSAGE) /* a bad form is bad input, not bad usage */
		rc = KZ_EPARSE;
	if (rc != KZ_OK)
		return kz_fail(err, rc, "%s:%d: %s", origin, line, e2.msg);
	return KZ_OK;
}

kz_rc
kz_app_form_read(const char *text, size_t len, const char *origin,
    const struct kz_taxonomy *tax, struct kz_incident *inc, struct kz_err *err)
{
	if (len > KZ_EDIT_FORM_MAX_BYTES)
		return kz_fail(err, KZ_ELIMIT, "%s: form over %u bytes", origin,
		    KZ_EDIT_FORM_MAX_BYTES);
	size_t bad;
	if (memchr(text, '\0', len) != NULL || !kz_utf8_valid(text, len, &bad))
		return kz_fail(err, KZ_ECHARSET, "%s: not UTF-8 text", origin);
	struct kz_incident work;
	kz_incident_copy(&work, inc);
	/* an empty block clears, so start from nothing for block fields */
	for (int l = 0; l < KZ_LANG_COUNT; l++) {
		kz_incident_set_text(&work.title[l], NULL);
		kz_incident_set_text(&work.summary[l], NULL);
	}
	struct kz_buf block;
	kz_buf_init(&block, KZ_EDIT_FORM_MAX_BYTES);
	char name[32] = "";
	int block_line = 0, line = 0, seen_version = 0, seen_sources = 0;
	kz_rc rc = KZ_OK;
	size_t pos = 0;
	while (pos < len && rc == KZ_OK) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;
		const char *p = text + pos;
		size_t n = end - pos;
		pos = end + 1;
		line++;
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (n >= 4 && memcmp(p, "=== ", 4) == 0) {
			if (name[0] != '\0')
				rc = apply_block(&work, tax, name, &block,
				    origin, block_line, err);
			if (rc != KZ_OK)
				break;
			struct kz_str s =
			    kz_str_trim((struct kz_str){p + 4, n - 4});
			if (s.n == 0 || s.n >= sizeof name) {
				rc = kz_fail(err, KZ_EPARSE,
				    "%s:%d: bad block name", origin, line);
				break;
			}
			memcpy(name, s.p, s.n);
			name[s.n] = '\0';
			if (strcmp(name, "sources") == 0)
				seen_sources = 1;
			block_line = line;
			kz_buf_reset(&block);
			continue;
		}
		if (name[0] != '\0') {
			if (n > 0 && p[0] == '#')
				continue;
			if (kz_buf_append(&block, p, n) != KZ_OK ||
			    kz_buf_putc(&block, '\n') != KZ_OK)
				rc = kz_fail(err, KZ_ELIMIT,
				    "%s:%d: block too long", origin, line);
			continue;
		}
		struct kz_str s = kz_str_trim((struct kz_str){p, n});
		if (s.n == 0 || s.p[0] == '#')
			continue;
		const char *colon = memchr(s.p, ':', s.n);
		if (colon == NULL) {
			rc = kz_fail(err, KZ_EPARSE,
			    "%s:%d: expected 'field: value' or '=== block'",
			    origin, line);
			break;
		}
		char key[32], *val;
		struct kz_str k =
		    kz_str_trim((struct kz_str){s.p, (size_t)(colon - s.p)});
		struct kz_str v = kz_str_trim((struct kz_str){
		    colon + 1, s.n - (size_t)(colon + 1 - s.p)});
		if (k.n == 0 || k.n >= sizeof key) {
			rc = kz_fail(err, KZ_EPARSE, "%s:%d: bad field name",
			    origin, line);
			break;
		}
		memcpy(key, k.p, k.n);
		key[k.n] = '\0';
		val = kz_xstrndup(v.p, v.n);
		if (strcmp(key, "version") == 0) {
			char *endp;
			long long ver = strtoll(val, &endp, 10);
			if (*endp != '\0' || ver != inc->version)
				rc = kz_fail(err, KZ_ECONFLICT,
				    "%s:%d: the form is for version %s but the "
				    "incident is at version %lld",
				    origin, line, val, (long long)inc->version);
			seen_version = 1;
		} else {
			struct kz_err e2;
			rc = kz_app_incident_set(&work, tax, key, val, &e2);
			if (rc == KZ_EUSAGE)
				rc = KZ_EPARSE;
			if (rc != KZ_OK)
				rc = kz_fail(
				    err, rc, "%s:%d: %s", origin, line, e2.msg);
		}
		free(val);
	}
	if (rc == KZ_OK && name[0] != '\0')
		rc = apply_block(
		    &work, tax, name, &block, origin, block_line, err);
	if (rc == KZ_OK && !seen_version)
		rc = kz_fail(err, KZ_EPARSE,
		    "%s: the 'version:' line is missing", origin);
	if (rc == KZ_OK && !seen_sources)
		rc = kz_fail(err, KZ_EPARSE,
		    "%s: the '=== sources' block is missing", origin);
	if (rc == KZ_OK) {
		int any = 0;
		for (int l = 0; l < KZ_LANG_COUNT; l++)
			any |= work.title[l] != NULL;
		if (!any)
			rc = kz_fail(err, KZ_EPARSE,
			    "%s: an incident needs a title in at least one "
			    "language",
			    origin);
	}
	kz_buf_fini(&block);
	if (rc != KZ_OK) {
		kz_incident_fini(&work);
		return rc;
	}
	kz_incident_fini(inc);
	*inc = work;
	return KZ_OK;
}

kz_rc
kz_app_source_edit(
    struct kz_incident *inc, const char *url, int add, struct kz_err *err)
{
	char *norm;
	kz_rc rc = kz_url_normalize(url, strlen(url), &norm, err);
	if (rc != KZ_OK)
		return rc;
	size_t i = 0;
	while (i < inc->nsources && strcmp(inc->sources[i].url_norm, norm) != 0)
		i++;
	if (add) {
		if (i < inc->nsources)
			rc = kz_fail(
			    err, KZ_EEXIST, "%s: already a source", url);
		else if (inc->nsources >= KZ_SOURCES_MAX)
			rc = kz_fail(err, KZ_ELIMIT, "more than %u sources",
			    KZ_SOURCES_MAX);
		else
			kz_incident_add_source(inc, url, norm);
	} else if (i == inc->nsources) {
		rc = kz_fail(err, KZ_ENOTFOUND,
		    "%s: not a source of incident %lld", url,
		    (long long)inc->id);
	} else {
		free(inc->sources[i].url);
		free(inc->sources[i].url_norm);
		memmove(&inc->sources[i], &inc->sources[i + 1],
		    (inc->nsources - i - 1) * sizeof *inc->sources);
		inc->nsources--;
	}
	free(norm);
	return rc;
}
