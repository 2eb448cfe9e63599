/*
 * Fuzz the report writers.  Input: a leading option byte, then fields
 * separated by '|', taken nine at a time per incident:
 *
 *   section|YYYY-MM-DD|ru title|ru summary|kk title|kk summary|en title|
 *   en summary|space-separated URLs|...
 *
 * Option byte: bits 0-1 the report language (mod 3), bit 2 a small output
 * cap (so the KZ_ELIMIT paths run).  Fields that are not valid UTF-8 or hold
 * a NUL are left out (NULL), as the store never holds such text.
 *
 * Invariants checked on every format: KZ_OK (or KZ_ELIMIT under the small
 * cap, leaving the buffer empty); valid UTF-8 out; html has no markup but
 * the writer's own tags (so no "<script" from input); json parses (strict
 * RFC 8259 validator below); csv parses back into n + 1 records of nine
 * fields; md has one "### " heading per item and one "> ⚠" note per
 * fallback.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "kuzet/render.h"

#define MAX_ITEMS 64
#define NFIELDS 9

/* ---- a strict JSON validator ---- */

struct jv {
	const char *p, *end;
	int depth;
};

static int jv_value(struct jv *j);

static void
jv_ws(struct jv *j)
{
	while (
	    j->p < j->end && strchr(" \t\n\r", *j->p) != NULL && *j->p != '\0')
		j->p++;
}

static int
jv_digits(struct jv *j)
{
	const char *s = j->p;
	while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
		j->p++;
	return j->p > s;
}

static int
jv_string(struct jv *j)
{
	if (j->p >= j->end || *j->p != '"')
		return 0;
	j->p++;
	while (j->p < j->end) {
		unsigned char c = (unsigned char)*j->p;
		if (c == '"') {
			j->p++;
			return 1;
		}
		if (c < 0x20)
			return 0;
		if (c == '\\') {
			if (++j->p >= j->end)
				return 0;
			if (*j->p == 'u') {
				if (j->end - j->p < 5)
					return 0;
				for (int k = 1; k <= 4; k++)
					if (strchr("0123456789abcdefABCDEF",
					        j->p[k]) == NULL ||
					    j->p[k] == '\0')
						return 0;
				j->p += 5;
			} else if (*j->p != '\0' &&
			    strchr("\"\\/bfnrt", *j->p) != NULL) {
				j->p++;
			} else {
				return 0;
			}
			continue;
		}
		if (c >= 0x80) {
			uint32_t cp;
			size_t len =
			    kz_utf8_decode(j->p, (size_t)(j->end - j->p), &cp);
			if (len == 0 || cp == 0x2028 || cp == 0x2029)
				return 0;
			j->p += len;
			continue;
		}
		j->p++;
	}
	return 0;
}

static int
jv_container(struct jv *j, char close, int object)
{
	j->p++;
	jv_ws(j);
	if (j->p < j->end && *j->p == close) {
		j->p++;
		return 1;
	}
	for (;;) {
		if (object) {
			jv_ws(j);
			if (!jv_string(j))
				return 0;
			jv_ws(j);
			if (j->p >= j->end || *j->p++ != ':')
				return 0;
		}
		if (!jv_value(j))
			return 0;
		jv_ws(j);
		if (j->p < j->end && *j->p == ',') {
			j->p++;
			continue;
		}
		if (j->p < j->end && *j->p == close) {
			j->p++;
			return 1;
		}
		return 0;
	}
}

static int
jv_value(struct jv *j)
{
	int ok;

	jv_ws(j);
	if (j->p >= j->end || ++j->depth > 64)
		return 0;
	switch (*j->p) {
	case '{':
		ok = jv_container(j, '}', 1);
		break;
	case '[':
		ok = jv_container(j, ']', 0);
		break;
	case '"':
		ok = jv_string(j);
		break;
	case 't':
		ok = j->end - j->p >= 4 && memcmp(j->p, "true", 4) == 0;
		j->p += ok ? 4 : 0;
		break;
	case 'f':
		ok = j->end - j->p >= 5 && memcmp(j->p, "false", 5) == 0;
		j->p += ok ? 5 : 0;
		break;
	case 'n':
		ok = j->end - j->p >= 4 && memcmp(j->p, "null", 4) == 0;
		j->p += ok ? 4 : 0;
		break;
	default:
		if (*j->p == '-')
			j->p++;
		ok = jv_digits(j);
		if (ok && j->p < j->end && *j->p == '.') {
			j->p++;
			ok = jv_digits(j);
		}
		break;
	}
	j->depth--;
	return ok;
}

static int
json_valid(const char *s, size_t n)
{
	struct jv j = {s, s + n, 0};
	if (!jv_value(&j))
		return 0;
	jv_ws(&j);
	return j.p == j.end;
}

/* ---- other checks ---- */

/* Every '<' in the page opens one of the writer's own tags. */
static void
check_html(const char *s, size_t n)
{
	static const char *const tags[] = {"!DOCTYPE", "html", "head", "meta",
	    "title", "style", "body", "header", "h1", "h2", "h3", "p", "nav",
	    "ol", "ul", "li", "a", "span", "main", "section", "article", "time",
	    "div", "br", "footer", NULL};

	for (size_t i = 0; i < n; i++) {
		size_t a, b;
		int ok = 0;
		if (s[i] != '<')
			continue;
		a = i + 1;
		if (a < n && s[a] == '/')
			a++;
		b = a;
		while (b < n && s[b] != ' ' && s[b] != '>' && s[b] != '\n')
			b++;
		CHECK(b < n);
		for (int t = 0; tags[t] != NULL; t++) {
			if (strlen(tags[t]) == b - a &&
			    memcmp(tags[t], s + a, b - a) == 0)
				ok = 1;
		}
		if (!ok)
			fprintf(stderr,
			    "fuzz_render: foreign tag at %zu: %.40s\n", i,
			    s + i);
		CHECK(ok);
	}
}

/* Parse RFC 4180 with CRLF records; every record has nfields fields.
 * Returns the number of records. */
static size_t
check_csv(const char *s, size_t n, size_t nfields)
{
	size_t i = 0, records = 0;

	while (i < n) {
		size_t fields = 0;
		for (;;) {
			if (i < n && s[i] == '"') {
				i++;
				for (;;) {
					CHECK(i < n);
					if (s[i] == '"') {
						if (i + 1 < n &&
						    s[i + 1] == '"') {
							i += 2;
							continue;
						}
						i++;
						break;
					}
					i++;
				}
			} else {
				while (i < n && s[i] != ',' && s[i] != '\r') {
					CHECK(s[i] != '"' && s[i] != '\n');
					i++;
				}
			}
			fields++;
			CHECK(i < n);
			if (s[i] == ',') {
				i++;
				continue;
			}
			CHECK(s[i] == '\r' && i + 1 < n && s[i + 1] == '\n');
			i += 2;
			break;
		}
		CHECK(fields == nfields);
		records++;
	}
	return records;
}

static size_t
count(const char *hay, const char *needle)
{
	size_t k = 0;
	const char *p = hay;
	while ((p = strstr(p, needle)) != NULL) {
		k++;
		p += strlen(needle);
	}
	return k;
}

/* A field as a new string, or NULL when empty, not UTF-8 or holding NUL. */
static char *
field_text(const char *p, size_t n)
{
	if (n == 0 || memchr(p, '\0', n) != NULL || !kz_utf8_valid(p, n, NULL))
		return NULL;
	return kz_xstrndup(p, n);
}

static void
build(struct kz_incident *inc, int64_t id, struct kz_str *f)
{
	char *s;

	kz_incident_init(inc);
	inc->id = id;
	inc->status = KZ_STATUS_PUBLISHED;
	s = field_text(f[0].p,
	    f[0].n < KZ_SECTION_ID_BYTES ? f[0].n : KZ_SECTION_ID_BYTES - 1);
	if (s != NULL) {
		memcpy(inc->section, s, strlen(s) + 1);
		free(s);
	}
	s = field_text(f[1].p, f[1].n);
	if (s != NULL) {
		if (kz_date_parse_iso(s, &inc->occurred_on) != 0)
			inc->occurred_on.y = inc->occurred_on.m =
			    inc->occurred_on.d = 0;
		free(s);
	}
	inc->period_from.y = 2025;
	inc->period_from.m = 8;
	inc->period_from.d = 1;
	inc->period_to.y = 2026;
	inc->period_to.m = 1;
	inc->period_to.d = 31;
	for (int l = 0; l < KZ_LANG_COUNT; l++) {
		inc->title[l] = field_text(f[2 + 2 * l].p, f[2 + 2 * l].n);
		inc->summary[l] = field_text(f[3 + 2 * l].p, f[3 + 2 * l].n);
	}
	s = field_text(f[8].p, f[8].n);
	if (s != NULL) {
		char *save = NULL;
		for (char *u = strtok_r(s, " ", &save);
		     u != NULL && inc->nsources < KZ_SOURCES_MAX;
		     u = strtok_r(NULL, " ", &save))
			kz_incident_add_source(inc, u, NULL);
		free(s);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data;
	struct kz_incident items[MAX_ITEMS];
	struct kz_str f[NFIELDS];
	struct kz_taxonomy tax;
	struct kz_report_opts opts;
	size_t n = 0, nf = 0, pos = 1, cap;
	int small;

	if (size < 1)
		return 0;
	memset(&opts, 0, sizeof opts);
	opts.lang = (enum kz_lang)((data[0] & 3) % 3);
	small = (data[0] & 4) != 0;
	cap = small ? 700 : KZ_REPORT_MAX_BYTES;

	/* Fields, nine per incident; a short last group is padded. */
	while (pos <= size && n < MAX_ITEMS) {
		const char *bar = memchr(p + pos, '|', size - pos);
		size_t end = bar != NULL ? (size_t)(bar - p) : size;
		f[nf].p = p + pos;
		f[nf].n = end - pos;
		nf++;
		pos = end + 1;
		if (nf == NFIELDS || bar == NULL) {
			while (nf < NFIELDS) {
				f[nf].p = "";
				f[nf].n = 0;
				nf++;
			}
			build(&items[n], (int64_t)n + 1, f);
			n++;
			nf = 0;
		}
		if (bar == NULL)
			break;
	}

	kz_taxonomy_default(&tax);
	opts.tax = &tax;
	opts.from.y = 2025;
	opts.from.m = 8;
	opts.from.d = 1;
	opts.to.y = 2026;
	opts.to.m = 1;
	opts.to.d = 31;
	opts.generated = 1769860800;

	for (int fmt = KZ_FMT_MD; fmt <= KZ_FMT_CSV; fmt++) {
		struct kz_buf out;
		struct kz_err err;
		size_t missing = SIZE_MAX;
		kz_rc rc;

		kz_buf_init(&out, cap);
		rc = kz_render_report(
		    &out, (enum kz_format)fmt, &opts, items, n, &missing, &err);
		if (rc == KZ_ELIMIT && small) {
			CHECK(out.len == 0);
			CHECK(missing == SIZE_MAX);
			kz_buf_fini(&out);
			continue;
		}
		CHECK(rc == KZ_OK);
		CHECK(missing <= n);
		CHECK(kz_utf8_valid(out.data, out.len, NULL));
		CHECK(strlen(kz_buf_str(&out)) == out.len);
		switch (fmt) {
		case KZ_FMT_MD:
			CHECK(count(out.data, "\n### ") == n);
			CHECK(count(out.data, "\n> ⚠") == missing);
			break;
		case KZ_FMT_HTML:
			check_html(out.data, out.len);
			CHECK(strstr(out.data, "<script") == NULL);
			break;
		case KZ_FMT_JSON:
			CHECK(json_valid(out.data, out.len));
			break;
		case KZ_FMT_CSV:
		default:
			CHECK(check_csv(out.data, out.len, 9) == n + 1);
			break;
		}
		kz_buf_fini(&out);
	}

	for (size_t i = 0; i < n; i++) {
		struct kz_buf out;
		kz_buf_init(&out, KZ_REPORT_MAX_BYTES);
		CHECK(kz_render_incident_json(&out, &items[i]) == KZ_OK);
		CHECK(json_valid(out.data, out.len));
		kz_buf_fini(&out);
		kz_incident_fini(&items[i]);
	}
	kz_taxonomy_fini(&tax);
	return 0;
}
