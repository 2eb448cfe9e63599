/*
 * A small strict JSON Lines reader for labeled items: one object per line,
 * string fields id, title, text, lang, label; other values are validated
 * and skipped.  Caps: line bytes, nesting depth, item count.
 */
#include <stdlib.h>
#include <string.h>

#include "kuzet/classify.h"

struct jp {
	const char *p, *end;
	const char *origin;
	size_t line;
	struct kz_err *err;
};

void
kz_cls_data_init(struct kz_cls_data *d)
{
	d->items = NULL;
	d->n = d->cap = 0;
}

void
kz_cls_data_fini(struct kz_cls_data *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->items[i].id);
		free(d->items[i].title);
		free(d->items[i].text);
	}
	free(d->items);
	kz_cls_data_init(d);
}

void
kz_cls_data_add(struct kz_cls_data *d, const char *id, const char *title,
    const char *text, int lang, const char *label)
{
	struct kz_cls_item *it;

	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 64;
		d->items = kz_xreallocarray(d->items, d->cap, sizeof *d->items);
	}
	it = &d->items[d->n++];
	it->id = kz_xstrdup(id ? id : "");
	it->title = kz_xstrdup(title ? title : "");
	it->text = kz_xstrdup(text ? text : "");
	it->lang = lang;
	it->label[0] = '\0';
	if (label != NULL) {
		size_t n = strlen(label);
		if (n >= sizeof it->label)
			n = sizeof it->label - 1;
		memcpy(it->label, label, n);
		it->label[n] = '\0';
	}
}

static kz_rc
bad(struct jp *j, const char *what)
{
	return kz_fail(
	    j->err, KZ_EPARSE, "%s:%zu: %s", j->origin, j->line, what);
}

static void
ws(struct jp *j)
{
	while (
	    j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\r'))
		j->p++;
}

static int
hex4(const char *p, const char *end, uint32_t *out)
{
	uint32_t v = 0;
	if (end - p < 4)
		return -1;
	for (int i = 0; i < 4; i++) {
		int h = kz_hexval(p[i]);
		if (h < 0)
			return -1;
		v = v * 16 + (uint32_t)h;
	}
	*out = v;
	return 0;
}

/* A string at j->p (at '"'); decoded into out when out != NULL. */
static kz_rc
str(struct jp *j, struct kz_buf *out)
{
	j->p++;
	while (j->p < j->end) {
		unsigned char c = (unsigned char)*j->p;
		if (c == '"') {
			j->p++;
			return KZ_OK;
		}
		if (c < 0x20)
			return bad(j, "control character in a string");
		if (c == '\\') {
			char tmp[4];
			size_t tn = 1;
			if (j->end - j->p < 2)
				return bad(j, "unterminated string");
			switch (j->p[1]) {
			case '"':
			case '\\':
			case '/':
				tmp[0] = j->p[1];
				break;
			case 'b':
				tmp[0] = '\b';
				break;
			case 'f':
				tmp[0] = '\f';
				break;
			case 'n':
				tmp[0] = '\n';
				break;
			case 'r':
				tmp[0] = '\r';
				break;
			case 't':
				tmp[0] = '\t';
				break;
			case 'u': {
				uint32_t cp, lo;
				if (hex4(j->p + 2, j->end, &cp) != 0)
					return bad(j, "bad \\u escape");
				j->p += 6;
				if (cp >= 0xD800 && cp <= 0xDBFF) {
					if (j->end - j->p < 6 ||
					    j->p[0] != '\\' || j->p[1] != 'u' ||
					    hex4(j->p + 2, j->end, &lo) != 0 ||
					    lo < 0xDC00 || lo > 0xDFFF)
						return bad(j, "lone surrogate");
					j->p += 6;
					cp = 0x10000 + ((cp - 0xD800) << 10) +
					    (lo - 0xDC00);
				} else if (cp >= 0xDC00 && cp <= 0xDFFF) {
					return bad(j, "lone surrogate");
				}
				if (cp == 0)
					return bad(j, "NUL in a string");
				tn = kz_utf8_encode(cp, tmp);
				if (out != NULL &&
				    kz_buf_append(out, tmp, tn) != KZ_OK)
					return bad(j, "string too long");
				continue;
			}
			default:
				return bad(j, "bad escape");
			}
			if (out != NULL && kz_buf_append(out, tmp, tn) != KZ_OK)
				return bad(j, "string too long");
			j->p += 2;
			continue;
		}
		/* a run of plain bytes */
		const char *s = j->p;
		while (j->p < j->end && *j->p != '"' && *j->p != '\\' &&
		    (unsigned char)*j->p >= 0x20)
			j->p++;
		if (!kz_utf8_valid(s, (size_t)(j->p - s), NULL))
			return bad(j, "invalid UTF-8");
		if (out != NULL &&
		    kz_buf_append(out, s, (size_t)(j->p - s)) != KZ_OK)
			return bad(j, "string too long");
	}
	return bad(j, "unterminated string");
}

static kz_rc value(struct jp *j, unsigned depth);

static kz_rc
number(struct jp *j)
{
	const char *s = j->p;
	if (j->p < j->end && *j->p == '-')
		j->p++;
	if (j->p < j->end && *j->p == '0') {
		j->p++;
	} else {
		if (j->p >= j->end || *j->p < '1' || *j->p > '9')
			return bad(j, "bad number");
		while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
			j->p++;
	}
	if (j->p < j->end && *j->p == '.') {
		j->p++;
		if (j->p >= j->end || *j->p < '0' || *j->p > '9')
			return bad(j, "bad number");
		while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
			j->p++;
	}
	if (j->p < j->end && (*j->p == 'e' || *j->p == 'E')) {
		j->p++;
		if (j->p < j->end && (*j->p == '+' || *j->p == '-'))
			j->p++;
		if (j->p >= j->end || *j->p < '0' || *j->p > '9')
			return bad(j, "bad number");
		while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
			j->p++;
	}
	(void)s;
	return KZ_OK;
}

static kz_rc
lit(struct jp *j, const char *w)
{
	size_t n = strlen(w);
	if ((size_t)(j->end - j->p) < n || memcmp(j->p, w, n) != 0)
		return bad(j, "unexpected character");
	j->p += n;
	return KZ_OK;
}

/* Skip any value (validated). */
static kz_rc
value(struct jp *j, unsigned depth)
{
	kz_rc rc;
	ws(j);
	if (j->p >= j->end)
		return bad(j, "value expected");
	switch (*j->p) {
	case '"':
		return str(j, NULL);
	case 't':
		return lit(j, "true");
	case 'f':
		return lit(j, "false");
	case 'n':
		return lit(j, "null");
	case '{':
	case '[': {
		char close = *j->p == '{' ? '}' : ']';
		int obj = close == '}';
		if (depth >= KZ_JSONL_DEPTH_MAX)
			return kz_fail(j->err, KZ_ELIMIT,
			    "%s:%zu: nested deeper than %u", j->origin, j->line,
			    KZ_JSONL_DEPTH_MAX);
		j->p++;
		ws(j);
		if (j->p < j->end && *j->p == close) {
			j->p++;
			return KZ_OK;
		}
		for (;;) {
			if (obj) {
				ws(j);
				if (j->p >= j->end || *j->p != '"')
					return bad(j, "key expected");
				if ((rc = str(j, NULL)) != KZ_OK)
					return rc;
				ws(j);
				if (j->p >= j->end || *j->p != ':')
					return bad(j, "':' expected");
				j->p++;
			}
			if ((rc = value(j, depth + 1)) != KZ_OK)
				return rc;
			ws(j);
			if (j->p < j->end && *j->p == ',') {
				j->p++;
				continue;
			}
			if (j->p < j->end && *j->p == close) {
				j->p++;
				return KZ_OK;
			}
			return bad(j, "',' or end expected");
		}
	}
	default:
		return number(j);
	}
}

enum { F_ID, F_TITLE, F_TEXT, F_LANG, F_LABEL, F_N };
static const char *const fields[F_N] = {"id", "title", "text", "lang", "label"};

static kz_rc
line_item(struct jp *j, struct kz_cls_data *out)
{
	struct kz_buf key, val[F_N];
	int seen[F_N] = {0};
	kz_rc rc = KZ_OK;
	int lang = -1;

	kz_buf_init(&key, KZ_JSONL_LINE_MAX_BYTES);
	for (int i = 0; i < F_N; i++)
		kz_buf_init(&val[i], KZ_JSONL_LINE_MAX_BYTES);
	ws(j);
	if (j->p >= j->end || *j->p != '{') {
		rc = bad(j, "a JSON object expected");
		goto done;
	}
	j->p++;
	ws(j);
	if (j->p < j->end && *j->p == '}') {
		j->p++;
	} else {
		for (;;) {
			int f = -1;
			ws(j);
			if (j->p >= j->end || *j->p != '"') {
				rc = bad(j, "key expected");
				goto done;
			}
			kz_buf_reset(&key);
			if ((rc = str(j, &key)) != KZ_OK)
				goto done;
			ws(j);
			if (j->p >= j->end || *j->p != ':') {
				rc = bad(j, "':' expected");
				goto done;
			}
			j->p++;
			ws(j);
			for (int i = 0; i < F_N; i++)
				if (strcmp(kz_buf_str(&key), fields[i]) == 0)
					f = i;
			if (f >= 0) {
				if (seen[f]) {
					rc = kz_fail(j->err, KZ_EPARSE,
					    "%s:%zu: duplicate \"%s\"",
					    j->origin, j->line, fields[f]);
					goto done;
				}
				seen[f] = 1;
				if (j->p < j->end && *j->p == 'n' &&
				    lit(j, "null") == KZ_OK) {
					/* null: as if absent */
				} else if (j->p >= j->end || *j->p != '"') {
					rc = kz_fail(j->err, KZ_EPARSE,
					    "%s:%zu: \"%s\" is not a string",
					    j->origin, j->line, fields[f]);
					goto done;
				} else if ((rc = str(j, &val[f])) != KZ_OK) {
					goto done;
				}
			} else if ((rc = value(j, 1)) != KZ_OK) {
				goto done;
			}
			ws(j);
			if (j->p < j->end && *j->p == ',') {
				j->p++;
				continue;
			}
			if (j->p < j->end && *j->p == '}') {
				j->p++;
				break;
			}
			rc = bad(j, "',' or '}' expected");
			goto done;
		}
	}
	ws(j);
	if (j->p != j->end) {
		rc = bad(j, "trailing characters after the object");
		goto done;
	}
	if (val[F_LANG].len > 0) {
		enum kz_lang l;
		if (kz_lang_parse(kz_buf_str(&val[F_LANG]), &l) != 0) {
			rc = kz_fail(j->err, KZ_EPARSE,
			    "%s:%zu: unknown lang \"%.16s\"", j->origin,
			    j->line, kz_buf_str(&val[F_LANG]));
			goto done;
		}
		lang = (int)l;
	}
	if (val[F_LABEL].len >= KZ_SECTION_ID_BYTES) {
		rc = kz_fail(j->err, KZ_EPARSE, "%s:%zu: label too long",
		    j->origin, j->line);
		goto done;
	}
	if (out->n >= KZ_CLS_ITEMS_MAX) {
		rc = kz_fail(j->err, KZ_ELIMIT, "%s:%zu: more than %u items",
		    j->origin, j->line, KZ_CLS_ITEMS_MAX);
		goto done;
	}
	kz_cls_data_add(out, kz_buf_str(&val[F_ID]), kz_buf_str(&val[F_TITLE]),
	    kz_buf_str(&val[F_TEXT]), lang, kz_buf_str(&val[F_LABEL]));
done:
	kz_buf_fini(&key);
	for (int i = 0; i < F_N; i++)
		kz_buf_fini(&val[i]);
	return rc;
}

kz_rc
kz_cls_jsonl_parse(const char *p, size_t n, const char *origin,
    struct kz_cls_data *out, struct kz_err *err)
{
	struct jp j = {.origin = origin ? origin : "<input>", .err = err};
	const char *end = p + n;
	kz_rc rc;

	if (n > 0 && p == NULL)
		return kz_fail(err, KZ_EINTERNAL, "no input");
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		const char *q = p;
		j.line++;
		if ((size_t)(le - p) > KZ_JSONL_LINE_MAX_BYTES)
			return kz_fail(err, KZ_ELIMIT,
			    "%s:%zu: line longer than %u bytes", j.origin,
			    j.line, KZ_JSONL_LINE_MAX_BYTES);
		while (q < le && (*q == ' ' || *q == '\t' || *q == '\r'))
			q++;
		if (q < le) {
			j.p = q;
			j.end = le;
			if ((rc = line_item(&j, out)) != KZ_OK)
				return rc;
		}
		p = nl ? nl + 1 : end;
	}
	return KZ_OK;
}

kz_rc
kz_cls_jsonl_read(const char *path, struct kz_cls_data *out, struct kz_err *err)
{
	char *data;
	size_t len;
	kz_rc rc =
	    kz_file_read(path, KZ_JSONL_FILE_MAX_BYTES, &data, &len, err);
	if (rc != KZ_OK)
		return rc;
	rc = kz_cls_jsonl_parse(data, len, path, out, err);
	free(data);
	return rc;
}
