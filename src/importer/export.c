/*
 * Importing kuzet's own exports back (docs/formats.md): JSON (an array of
 * incidents as `incident list --json` and /api/incidents print, one
 * incident as `incident show --json`, or a report as `report --format
 * json`) and the report's CSV (`report --format csv`, /export.csv).  What
 * an archive assigns (id, created, updated, version, history) is not
 * read; normalized URLs are computed again, not trusted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kuzet/import.h"
#include "kuzet/json.h"
#include "kuzet/limits.h"
#include "kuzet/render.h"
#include "kuzet/url.h"

static size_t
skip_ws(const char *p, size_t n, size_t i)
{
	while (i < n &&
	    (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r'))
		i++;
	return i;
}

/* Bytes of a UTF-8 BOM at p, or 0. */
static size_t
bom(const char *p, size_t n)
{
	return n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

/* 1 if p (after any BOM) starts with the report CSV's header row. */
static int
csv_header(const char *p, size_t n)
{
	static const char h[] = KZ_REPORT_CSV_HEADER;
	size_t i = bom(p, n);

	return n - i >= sizeof h - 1 && memcmp(p + i, h, sizeof h - 1) == 0 &&
	    (n - i == sizeof h - 1 || p[i + sizeof h - 1] == '\r' ||
	        p[i + sizeof h - 1] == '\n');
}

enum kz_import_format
kz_import_sniff(const char *data, size_t len)
{
	size_t i;

	if (csv_header(data, len))
		return KZ_IMPORT_CSV;
	i = skip_ws(data, len, bom(data, len));
	/* '[' then '{', '[' or ']', or '{' then '"' or '}': a Markdown
	 * report may well start with a link, "[text](url)" */
	if (i < len && (data[i] == '[' || data[i] == '{')) {
		char open = data[i];
		i = skip_ws(data, len, i + 1);
		if (i < len &&
		    (open == '[' ? strchr("{[]", data[i]) != NULL
		                 : data[i] == '"' || data[i] == '}'))
			return KZ_IMPORT_JSON;
	}
	return KZ_IMPORT_MD;
}

/* A new item at the end of doc (line of its start). */
static struct kz_incident *
item_new(
    struct kz_import_doc *doc, int line, const char *origin, struct kz_err *err)
{
	if (doc->n >= KZ_IMPORT_ITEMS_MAX) {
		kz_fail(err, KZ_ELIMIT, "%s:%d: more than %u incidents", origin,
		    line, KZ_IMPORT_ITEMS_MAX);
		return NULL;
	}
	size_t cap = kz_grow_cap(doc->n);
	if (cap != 0) {
		doc->items =
		    kz_xreallocarray(doc->items, cap, sizeof *doc->items);
		doc->lines =
		    kz_xreallocarray(doc->lines, cap, sizeof *doc->lines);
	}
	doc->lines[doc->n] = line;
	kz_incident_init(&doc->items[doc->n]);
	return &doc->items[doc->n++];
}

/* One source URL (url[0..n)), normalized. */
static kz_rc
add_source(struct kz_incident *inc, const char *url, size_t n,
    const char *origin, int line, struct kz_err *err)
{
	char *u, *norm = NULL;
	kz_rc rc;

	if (inc->nsources >= KZ_SOURCES_MAX)
		return kz_fail(err, KZ_ELIMIT, "%s:%d: more than %u sources",
		    origin, line, KZ_SOURCES_MAX);
	if (n > KZ_URL_MAX_BYTES)
		return kz_fail(err, KZ_ELIMIT,
		    "%s:%d: a source URL longer than %u bytes", origin, line,
		    KZ_URL_MAX_BYTES);
	u = kz_xstrndup(url, n);
	rc = kz_url_normalize(u, n, &norm, NULL);

	if (rc != KZ_OK) {
		rc =
		    kz_fail(err, KZ_EPARSE, "%s:%d: source '%.*s' is not a URL",
		        origin, line, kz_utf8_clip(u, 200), u);
		free(u);
		return rc;
	}
	kz_incident_add_source(inc, u, norm);
	free(u);
	free(norm);
	return KZ_OK;
}

/* The fields every format shares, checked. */
static kz_rc
set_common(struct kz_incident *inc, const struct kz_taxonomy *tax,
    const char *section, const char *status, const char *occurred,
    const char *origin, int line, struct kz_err *err)
{
	if (section == NULL || kz_taxonomy_find(tax, section) == NULL)
		return kz_fail(err, KZ_EPARSE,
		    "%s:%d: section '%.*s' is not in the taxonomy", origin,
		    line, section ? kz_utf8_clip(section, 64) : 0,
		    section ? section : "");
	snprintf(inc->section, sizeof inc->section, "%s", section);
	inc->status = KZ_STATUS_PUBLISHED;
	if (status != NULL && status[0] != '\0' &&
	    kz_status_parse(status, &inc->status) != 0)
		return kz_fail(err, KZ_EPARSE,
		    "%s:%d: status '%.*s' (want draft, published or "
		    "rejected)",
		    origin, line, kz_utf8_clip(status, 32), status);
	if (occurred != NULL && occurred[0] != '\0' &&
	    kz_date_parse_iso(occurred, &inc->occurred_on) != 0)
		return kz_fail(err, KZ_EPARSE,
		    "%s:%d: occurred_on '%.*s' is not YYYY-MM-DD", origin, line,
		    kz_utf8_clip(occurred, 32), occurred);
	return KZ_OK;
}

/* What the store would refuse, said with the file and line: a title in
 * no language, texts over their caps, too many sources, a period that
 * ends before it starts. */
static kz_rc
check_item(const struct kz_incident *inc, const char *origin, int line,
    struct kz_err *err)
{
	int titled = 0;

	for (int l = 0; l < KZ_LANG_COUNT; l++) {
		const char *code = kz_lang_code((enum kz_lang)l);
		if (inc->title[l] != NULL && inc->title[l][0] != '\0')
			titled = 1;
		if (inc->title[l] != NULL &&
		    strlen(inc->title[l]) > KZ_TITLE_MAX_BYTES)
			return kz_fail(err, KZ_ELIMIT,
			    "%s:%d: title.%s is longer than %u bytes", origin,
			    line, code, KZ_TITLE_MAX_BYTES);
		if (inc->summary[l] != NULL &&
		    strlen(inc->summary[l]) > KZ_SUMMARY_MAX_BYTES)
			return kz_fail(err, KZ_ELIMIT,
			    "%s:%d: summary.%s is longer than %u bytes", origin,
			    line, code, KZ_SUMMARY_MAX_BYTES);
	}
	if (!titled)
		return kz_fail(err, KZ_EPARSE,
		    "%s:%d: an incident without a title", origin, line);
	if (!kz_date_unknown(inc->period_from) &&
	    kz_date_cmp(inc->period_from, inc->period_to) > 0)
		return kz_fail(err, KZ_EPARSE,
		    "%s:%d: the period ends before it starts", origin, line);
	return KZ_OK;
}

/* ---- JSON ---- */

static const char *
jstr(const struct kz_json *o, const char *key)
{
	const struct kz_json *v = kz_json_get(o, key);
	return v != NULL && v->t == KZ_JSON_STR ? v->s : NULL;
}

/* title or summary: {"ru": ..., "kk": ..., "en": ...} */
static kz_rc
jtexts(const struct kz_json *o, const char *key, char **dst, const char *origin,
    struct kz_err *err)
{
	const struct kz_json *v = kz_json_get(o, key);

	if (v == NULL || v->t == KZ_JSON_NULL)
		return KZ_OK;
	if (v->t != KZ_JSON_OBJ)
		return kz_fail(err, KZ_EPARSE,
		    "%s:%u: %s is not an object keyed by language", origin,
		    v->line, key);
	for (size_t i = 0; i < v->nkids; i++) {
		const struct kz_json *t = &v->kids[i];
		enum kz_lang l;
		if (kz_lang_parse(t->key, &l) != 0 || t->t != KZ_JSON_STR)
			return kz_fail(err, KZ_EPARSE,
			    "%s:%u: %s.%.*s: want ru, kk or en with a string",
			    origin, t->line, key, kz_utf8_clip(t->key, 16),
			    t->key);
		kz_incident_set_text(&dst[l], t->s);
	}
	return KZ_OK;
}

static kz_rc
json_incident(const struct kz_json *o, const struct kz_taxonomy *tax,
    const char *origin, struct kz_import_doc *doc, struct kz_err *err)
{
	int line = (int)o->line;
	struct kz_incident *inc;
	const struct kz_json *v;
	kz_rc rc;

	if (o->t != KZ_JSON_OBJ)
		return kz_fail(err, KZ_EPARSE,
		    "%s:%d: an incident is an object", origin, line);
	inc = item_new(doc, line, origin, err);
	if (inc == NULL)
		return err->rc;
	rc = set_common(inc, tax, jstr(o, "section"), jstr(o, "status"),
	    jstr(o, "occurred_on"), origin, line, err);
	v = kz_json_get(o, "period");
	if (rc == KZ_OK && v != NULL && v->t == KZ_JSON_OBJ) {
		const char *f = jstr(v, "from"), *t = jstr(v, "to");
		if (f == NULL || t == NULL ||
		    kz_date_parse_iso(f, &inc->period_from) != 0 ||
		    kz_date_parse_iso(t, &inc->period_to) != 0)
			rc = kz_fail(err, KZ_EPARSE,
			    "%s:%u: period needs from and to as YYYY-MM-DD",
			    origin, v->line);
	}
	if (rc == KZ_OK)
		rc = jtexts(o, "title", inc->title, origin, err);
	if (rc == KZ_OK)
		rc = jtexts(o, "summary", inc->summary, origin, err);
	v = kz_json_get(o, "sources");
	if (rc == KZ_OK && v != NULL && v->t != KZ_JSON_ARR &&
	    v->t != KZ_JSON_NULL)
		rc = kz_fail(err, KZ_EPARSE, "%s:%u: sources is not an array",
		    origin, v->line);
	for (size_t i = 0;
	     rc == KZ_OK && v != NULL && v->t == KZ_JSON_ARR && i < v->nkids;
	     i++) {
		const char *u = jstr(&v->kids[i], "url");
		if (u == NULL)
			rc = kz_fail(err, KZ_EPARSE,
			    "%s:%u: a source without a url", origin,
			    v->kids[i].line);
		else
			rc = add_source(inc, u, strlen(u), origin,
			    (int)v->kids[i].line, err);
	}
	return rc == KZ_OK ? check_item(inc, origin, line, err) : rc;
}

kz_rc
kz_import_json_parse(const char *data, size_t len, const char *origin,
    const struct kz_taxonomy *tax, struct kz_import_doc *out,
    struct kz_err *err)
{
	static const struct kz_json_limits lim = {KZ_IMPORT_JSON_DEPTH_MAX,
	    KZ_IMPORT_FILE_MAX_BYTES, KZ_IMPORT_ITEMS_MAX};
	struct kz_json root;
	const struct kz_json *secs;
	kz_rc rc;

	memset(out, 0, sizeof *out);
	out->lang = KZ_LANG_RU;
	if (!kz_utf8_valid(data, len, NULL))
		return kz_fail(err, KZ_ECHARSET, "%s: not valid UTF-8", origin);
	rc = kz_json_parse(data, len, &lim, &root, err);
	if (rc != KZ_OK) {
		char msg[sizeof err->msg];
		snprintf(msg, sizeof msg, "%s", err->msg);
		return kz_fail(err, rc, "%s: %s", origin, msg);
	}
	secs = kz_json_get(&root, "sections");
	if (root.t == KZ_JSON_ARR) {
		for (size_t i = 0; rc == KZ_OK && i < root.nkids; i++)
			rc =
			    json_incident(&root.kids[i], tax, origin, out, err);
	} else if (secs != NULL && secs->t == KZ_JSON_ARR) {
		/* a report: sections of incidents */
		for (size_t s = 0; rc == KZ_OK && s < secs->nkids; s++) {
			const struct kz_json *l =
			    kz_json_get(&secs->kids[s], "incidents");
			for (size_t i = 0; rc == KZ_OK && l != NULL &&
			     l->t == KZ_JSON_ARR && i < l->nkids;
			     i++)
				rc = json_incident(
				    &l->kids[i], tax, origin, out, err);
		}
	} else if (root.t == KZ_JSON_OBJ && kz_json_get(&root, "section")) {
		rc = json_incident(&root, tax, origin, out, err);
	} else {
		rc = kz_fail(err, KZ_EPARSE,
		    "%s:1: not a kuzet export (want an array of incidents, an "
		    "incident or a report)",
		    origin);
	}
	kz_json_fini(&root);
	if (rc != KZ_OK)
		kz_import_doc_fini(out);
	return rc;
}

/* ---- CSV (RFC 4180) ---- */

enum { CSV_FIELDS = 9 };

struct csv {
	const char *p, *e;
	int line; /* of p */
	struct kz_buf f[CSV_FIELDS];
};

/* One record into c->f; 0 at the end, 1 read, -1 malformed (err set). */
static int
csv_record(struct csv *c, const char *origin, struct kz_err *err)
{
	size_t k = 0;
	int start = c->line;

	if (c->p >= c->e)
		return 0;
	for (size_t i = 0; i < CSV_FIELDS; i++)
		kz_buf_reset(&c->f[i]);
	for (;;) {
		struct kz_buf *b = k < CSV_FIELDS ? &c->f[k] : NULL;
		if (c->p < c->e && *c->p == '"') {
			c->p++;
			for (;;) {
				const char *q =
				    memchr(c->p, '"', (size_t)(c->e - c->p));
				if (q == NULL) {
					kz_fail(err, KZ_EPARSE,
					    "%s:%d: a quoted field never "
					    "ends",
					    origin, start);
					return -1;
				}
				for (const char *r = c->p; r < q; r++)
					c->line += *r == '\n';
				if (b != NULL &&
				    kz_buf_append(
				        b, c->p, (size_t)(q - c->p)) != KZ_OK)
					goto big;
				c->p = q + 1;
				if (c->p < c->e && *c->p == '"') {
					if (b != NULL &&
					    kz_buf_putc(b, '"') != KZ_OK)
						goto big;
					c->p++;
					continue;
				}
				break;
			}
		} else {
			const char *q = c->p;
			while (
			    q < c->e && *q != ',' && *q != '\n' && *q != '\r')
				q++;
			if (memchr(c->p, '"', (size_t)(q - c->p)) != NULL) {
				kz_fail(err, KZ_EPARSE,
				    "%s:%d: a quote inside an unquoted field",
				    origin, c->line);
				return -1;
			}
			if (b != NULL &&
			    kz_buf_append(b, c->p, (size_t)(q - c->p)) != KZ_OK)
				goto big;
			c->p = q;
		}
		k++;
		if (c->p < c->e && *c->p == ',') {
			c->p++;
			continue;
		}
		if (c->p < c->e && *c->p == '\r')
			c->p++;
		if (c->p < c->e && *c->p == '\n') {
			c->p++;
			c->line++;
		} else if (c->p < c->e) {
			kz_fail(err, KZ_EPARSE,
			    "%s:%d: text after a quoted field", origin,
			    c->line);
			return -1;
		}
		break;
	}
	if (k != CSV_FIELDS) {
		kz_fail(err, KZ_EPARSE, "%s:%d: %zu fields, want %d", origin,
		    start, k, CSV_FIELDS);
		return -1;
	}
	return 1;
big:
	kz_fail(err, KZ_ELIMIT, "%s:%d: a field is too long", origin, start);
	return -1;
}

/* A field as written: one leading "'" (formula guard) dropped. */
static const char *
field(struct csv *c, int i)
{
	const char *s = kz_buf_str(&c->f[i]);
	return s[0] == '\'' ? s + 1 : s;
}

kz_rc
kz_import_csv_parse(const char *data, size_t len, const char *origin,
    const struct kz_taxonomy *tax, struct kz_import_doc *out,
    struct kz_err *err)
{
	struct csv c = {data, data + len, 1, {{0}}};
	kz_rc rc = KZ_OK;
	int r;

	memset(out, 0, sizeof *out);
	out->lang = KZ_LANG_RU;
	if (!kz_utf8_valid(data, len, NULL) || memchr(data, '\0', len))
		return kz_fail(err, KZ_ECHARSET,
		    "%s: not valid UTF-8 (or holds NUL bytes)", origin);
	if (!csv_header(data, len))
		return kz_fail(err, KZ_EPARSE,
		    "%s:1: not kuzet's report CSV (want the header %s)", origin,
		    KZ_REPORT_CSV_HEADER);
	c.p += bom(data, len);
	for (int i = 0; i < CSV_FIELDS; i++)
		kz_buf_init(&c.f[i], KZ_IMPORT_FILE_MAX_BYTES);
	r = csv_record(&c, origin, err); /* the header */
	while (r == 1) {
		int line = c.line;
		struct kz_incident *inc;
		enum kz_lang l;
		const char *s;

		r = csv_record(&c, origin, err);
		if (r != 1)
			break;
		inc = item_new(out, line, origin, err);
		if (inc == NULL) {
			r = -1;
			break;
		}
		rc = set_common(inc, tax, field(&c, 1), field(&c, 3),
		    field(&c, 4), origin, line, err);
		if (rc == KZ_OK && kz_lang_parse(field(&c, 5), &l) != 0)
			rc = kz_fail(err, KZ_EPARSE,
			    "%s:%d: lang '%.*s' (want ru, kk or en)", origin,
			    line, kz_utf8_clip(field(&c, 5), 16), field(&c, 5));
		if (rc == KZ_OK) {
			kz_incident_set_text(&inc->title[l], field(&c, 6));
			kz_incident_set_text(&inc->summary[l], field(&c, 7));
		}
		s = field(&c, 8);
		while (rc == KZ_OK && *s != '\0') {
			size_t n = strcspn(s, " ");
			if (n > 0)
				rc = add_source(inc, s, n, origin, line, err);
			s += n;
			s += strspn(s, " ");
		}
		if (rc == KZ_OK)
			rc = check_item(inc, origin, line, err);
		if (rc != KZ_OK) {
			r = -1;
			break;
		}
	}
	for (int i = 0; i < CSV_FIELDS; i++)
		kz_buf_fini(&c.f[i]);
	if (r < 0) {
		kz_import_doc_fini(out);
		return err->rc;
	}
	return KZ_OK;
}
