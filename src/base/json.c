/* The JSON reader (see kuzet/json.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kuzet/json.h"

struct jp {
	const char *p;
	size_t n, i;
	unsigned line; /* of p[i] */
	const struct kz_json_limits *lim;
	struct kz_err *err;
};

void
kz_json_fini(struct kz_json *v)
{
	free(v->s);
	free(v->key);
	for (size_t i = 0; i < v->nkids; i++)
		kz_json_fini(&v->kids[i]);
	free(v->kids);
	memset(v, 0, sizeof *v);
}

static void
ws(struct jp *j)
{
	while (j->i < j->n &&
	    (j->p[j->i] == ' ' || j->p[j->i] == '\t' || j->p[j->i] == '\n' ||
	        j->p[j->i] == '\r')) {
		j->line += j->p[j->i] == '\n';
		j->i++;
	}
}

static kz_rc
bad(struct jp *j, const char *what)
{
	return kz_fail(j->err, KZ_EPARSE, "line %u: JSON: %s", j->line, what);
}

static int
hex4(const char *p, uint32_t *out)
{
	uint32_t v = 0;
	for (int k = 0; k < 4; k++) {
		char c = p[k];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (uint32_t)(c - 'A' + 10);
		else
			return 0;
	}
	*out = v;
	return 1;
}

static kz_rc
jstring(struct jp *j, char **out, size_t *outn)
{
	struct kz_buf b;
	kz_rc rc = KZ_OK;

	j->i++; /* the quote */
	kz_buf_init(&b, j->lim->str_bytes);
	while (rc == KZ_OK) {
		size_t st = j->i;
		while (j->i < j->n && j->p[j->i] != '"' && j->p[j->i] != '\\' &&
		    (unsigned char)j->p[j->i] >= 0x20)
			j->i++;
		if (kz_buf_append(&b, j->p + st, j->i - st) != KZ_OK) {
			rc = kz_fail(j->err, KZ_ELIMIT,
			    "line %u: JSON string longer than %zu bytes",
			    j->line, j->lim->str_bytes);
			break;
		}
		if (j->i >= j->n || (unsigned char)j->p[j->i] < 0x20) {
			rc = bad(j, "unterminated string");
			break;
		}
		if (j->p[j->i] == '"') {
			j->i++;
			break;
		}
		/* an escape */
		if (j->i + 1 >= j->n) {
			rc = bad(j, "bad escape");
			break;
		}
		char c = j->p[j->i + 1], u[4];
		const char *map = "\"\"\\\\//b\bf\fn\nr\rt\t";
		/* strchr finds the terminator for c == '\0' */
		const char *m = c != '\0' ? strchr(map, c) : NULL;
		j->i += 2;
		if (c != 'u' && m != NULL && ((m - map) % 2) == 0) {
			rc = kz_buf_putc(&b, m[1]);
			continue;
		}
		uint32_t cp, lo;
		if (c != 'u' || j->i + 4 > j->n || !hex4(j->p + j->i, &cp)) {
			rc = bad(j, "bad escape");
			break;
		}
		j->i += 4;
		if (cp >= 0xd800 && cp <= 0xdbff) {
			if (j->i + 6 > j->n || j->p[j->i] != '\\' ||
			    j->p[j->i + 1] != 'u' ||
			    !hex4(j->p + j->i + 2, &lo) || lo < 0xdc00 ||
			    lo > 0xdfff) {
				rc = bad(j, "lone surrogate");
				break;
			}
			j->i += 6;
			cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
		} else if (cp >= 0xdc00 && cp <= 0xdfff) {
			rc = bad(j, "lone surrogate");
			break;
		}
		if (cp == 0) {
			rc = kz_fail(j->err, KZ_ECHARSET,
			    "line %u: JSON string holds a NUL character",
			    j->line);
			break;
		}
		rc = kz_buf_append(&b, u, kz_utf8_encode(cp, u));
	}
	if (rc != KZ_OK) {
		kz_buf_fini(&b);
		return rc;
	}
	*outn = b.len;
	*out = kz_buf_take(&b);
	kz_buf_fini(&b);
	return KZ_OK;
}

static kz_rc value(struct jp *j, struct kz_json *v, unsigned depth);

static kz_rc
container(struct jp *j, struct kz_json *v, unsigned depth)
{
	int obj = j->p[j->i] == '{';
	char close = obj ? '}' : ']';
	kz_rc rc;

	v->t = obj ? KZ_JSON_OBJ : KZ_JSON_ARR;
	if (depth >= j->lim->depth)
		return kz_fail(j->err, KZ_ELIMIT,
		    "line %u: JSON nested deeper than %u", j->line,
		    j->lim->depth);
	j->i++;
	ws(j);
	if (j->i < j->n && j->p[j->i] == close) {
		j->i++;
		return KZ_OK;
	}
	for (;;) {
		struct kz_json kid = {0};
		ws(j);
		kid.line = j->line;
		if (obj) {
			size_t kn;
			if (j->i >= j->n || j->p[j->i] != '"')
				return bad(j, "expected a member name");
			rc = jstring(j, &kid.key, &kn);
			if (rc != KZ_OK)
				return rc;
			ws(j);
			if (j->i >= j->n || j->p[j->i] != ':') {
				kz_json_fini(&kid);
				return bad(j, "expected ':'");
			}
			j->i++;
		}
		rc = value(j, &kid, depth + 1);
		if (rc == KZ_OK && v->nkids >= j->lim->kids)
			rc = kz_fail(j->err, KZ_ELIMIT,
			    "line %u: JSON array or object of more than %zu "
			    "members",
			    j->line, j->lim->kids);
		if (rc != KZ_OK) {
			kz_json_fini(&kid);
			return rc;
		}
		size_t cap = kz_grow_cap(v->nkids);
		if (cap != 0)
			v->kids =
			    kz_xreallocarray(v->kids, cap, sizeof *v->kids);
		v->kids[v->nkids++] = kid;
		ws(j);
		if (j->i < j->n && j->p[j->i] == ',') {
			j->i++;
			continue;
		}
		if (j->i < j->n && j->p[j->i] == close) {
			j->i++;
			return KZ_OK;
		}
		return bad(
		    j, obj ? "expected ',' or '}'" : "expected ',' or ']'");
	}
}

static int
lit(struct jp *j, const char *w)
{
	size_t n = strlen(w);
	if (j->n - j->i < n || memcmp(j->p + j->i, w, n) != 0)
		return 0;
	j->i += n;
	return 1;
}

/* Past a run of decimal digits; how many. */
static size_t
digits(struct jp *j)
{
	size_t st = j->i;
	while (j->i < j->n && j->p[j->i] >= '0' && j->p[j->i] <= '9')
		j->i++;
	return j->i - st;
}

static kz_rc
number(struct jp *j, struct kz_json *v)
{
	size_t st = j->i;
	if (j->p[j->i] == '-')
		j->i++;
	if (j->i >= j->n)
		return bad(j, "bad number");
	if (j->p[j->i] == '0')
		j->i++;
	else if (j->p[j->i] >= '1' && j->p[j->i] <= '9')
		digits(j);
	else
		return bad(j, "bad number");
	if (j->i < j->n && j->p[j->i] == '.') {
		j->i++;
		if (digits(j) == 0)
			return bad(j, "bad number");
	}
	if (j->i < j->n && (j->p[j->i] == 'e' || j->p[j->i] == 'E')) {
		j->i++;
		if (j->i < j->n && (j->p[j->i] == '+' || j->p[j->i] == '-'))
			j->i++;
		if (digits(j) == 0)
			return bad(j, "bad number");
	}
	if (j->i - st > 64)
		return bad(j, "number too long");
	v->t = KZ_JSON_NUM;
	v->n = j->i - st;
	v->s = kz_xstrndup(j->p + st, v->n);
	return KZ_OK;
}

static kz_rc
value(struct jp *j, struct kz_json *v, unsigned depth)
{
	ws(j);
	v->line = j->line;
	if (j->i >= j->n)
		return bad(j, "unexpected end");
	char c = j->p[j->i];
	if (c == '{' || c == '[')
		return container(j, v, depth);
	if (c == '"') {
		v->t = KZ_JSON_STR;
		return jstring(j, &v->s, &v->n);
	}
	if (c == '-' || (c >= '0' && c <= '9'))
		return number(j, v);
	if (lit(j, "true") || lit(j, "false")) {
		v->t = KZ_JSON_BOOL;
		v->b = c == 't';
		return KZ_OK;
	}
	if (lit(j, "null")) {
		v->t = KZ_JSON_NULL;
		return KZ_OK;
	}
	return bad(j, "unexpected character");
}

const struct kz_json *
kz_json_get(const struct kz_json *o, const char *key)
{
	if (o == NULL || o->t != KZ_JSON_OBJ)
		return NULL;
	for (size_t i = 0; i < o->nkids; i++)
		if (strcmp(o->kids[i].key, key) == 0)
			return &o->kids[i];
	return NULL;
}

kz_rc
kz_json_parse(const char *p, size_t n, const struct kz_json_limits *lim,
    struct kz_json *root, struct kz_err *err)
{
	struct jp j = {p, n, 0, 1, lim, err};
	kz_rc rc;

	memset(root, 0, sizeof *root);
	rc = value(&j, root, 0);
	if (rc == KZ_OK) {
		ws(&j);
		if (j.i != j.n)
			rc = bad(&j, "text after the value");
	}
	if (rc != KZ_OK)
		kz_json_fini(root);
	return rc;
}
