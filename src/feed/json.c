/*
 * JSON Feed 1.1 over a small strict JSON parser (RFC 8259: no comments,
 * no trailing commas, no control characters in strings, valid surrogate
 * pairs), with nesting capped at KZ_FEED_DEPTH_MAX.
 */
#include <stdlib.h>
#include <string.h>

#include "feed/feed_int.h"

enum jt { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

struct jv {
	enum jt t;
	char *s; /* J_STR, J_NUM (its text); for members of J_OBJ: key */
	size_t n;
	char *key;
	struct jv *kids; /* J_ARR, J_OBJ */
	size_t nkids;
};

struct jp {
	const char *p;
	size_t n, i;
	struct kz_err *err;
};

static void
jv_fini(struct jv *v)
{
	free(v->s);
	free(v->key);
	for (size_t i = 0; i < v->nkids; i++)
		jv_fini(&v->kids[i]);
	free(v->kids);
}

static void
ws(struct jp *j)
{
	while (j->i < j->n &&
	    (j->p[j->i] == ' ' || j->p[j->i] == '\t' || j->p[j->i] == '\n' ||
	        j->p[j->i] == '\r'))
		j->i++;
}

static kz_rc
bad(struct jp *j, const char *what)
{
	size_t line = 1;
	for (size_t k = 0; k < j->i && k < j->n; k++)
		line += j->p[k] == '\n';
	return kz_fail(j->err, KZ_EPARSE, "line %zu: JSON: %s", line, what);
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
	kz_buf_init(&b, KZ_FEED_FIELD_MAX_BYTES);
	while (rc == KZ_OK) {
		size_t st = j->i;
		while (j->i < j->n && j->p[j->i] != '"' && j->p[j->i] != '\\' &&
		    (unsigned char)j->p[j->i] >= 0x20)
			j->i++;
		if (kz_buf_append(&b, j->p + st, j->i - st) != KZ_OK) {
			rc = kz_fail(j->err, KZ_ELIMIT,
			    "JSON string longer than %u bytes",
			    KZ_FEED_FIELD_MAX_BYTES);
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
		const char *m = strchr(map, c);
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
			    "JSON string holds a NUL character");
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

static kz_rc value(struct jp *j, struct jv *v, unsigned depth);

static kz_rc
container(struct jp *j, struct jv *v, unsigned depth)
{
	int obj = j->p[j->i] == '{';
	char close = obj ? '}' : ']';
	kz_rc rc;

	v->t = obj ? J_OBJ : J_ARR;
	if (depth >= KZ_FEED_DEPTH_MAX)
		return kz_fail(j->err, KZ_ELIMIT, "JSON nested deeper than %u",
		    KZ_FEED_DEPTH_MAX);
	j->i++;
	ws(j);
	if (j->i < j->n && j->p[j->i] == close) {
		j->i++;
		return KZ_OK;
	}
	for (;;) {
		struct jv kid = {0};
		ws(j);
		if (obj) {
			size_t kn;
			if (j->i >= j->n || j->p[j->i] != '"')
				return bad(j, "expected a member name");
			rc = jstring(j, &kid.key, &kn);
			if (rc != KZ_OK)
				return rc;
			ws(j);
			if (j->i >= j->n || j->p[j->i] != ':') {
				jv_fini(&kid);
				return bad(j, "expected ':'");
			}
			j->i++;
		}
		rc = value(j, &kid, depth + 1);
		if (rc == KZ_OK && v->nkids >= KZ_FEED_ENTRIES_MAX * 4u)
			rc = kz_fail(j->err, KZ_ELIMIT,
			    "JSON array or object too large");
		if (rc != KZ_OK) {
			jv_fini(&kid);
			return rc;
		}
		v->kids =
		    kz_xreallocarray(v->kids, v->nkids + 1, sizeof *v->kids);
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

static kz_rc
number(struct jp *j, struct jv *v)
{
	size_t st = j->i;
	if (j->p[j->i] == '-')
		j->i++;
	if (j->i >= j->n)
		return bad(j, "bad number");
	if (j->p[j->i] == '0')
		j->i++;
	else if (j->p[j->i] >= '1' && j->p[j->i] <= '9')
		while (j->i < j->n && j->p[j->i] >= '0' && j->p[j->i] <= '9')
			j->i++;
	else
		return bad(j, "bad number");
	if (j->i < j->n && j->p[j->i] == '.') {
		j->i++;
		size_t d = j->i;
		while (j->i < j->n && j->p[j->i] >= '0' && j->p[j->i] <= '9')
			j->i++;
		if (d == j->i)
			return bad(j, "bad number");
	}
	if (j->i < j->n && (j->p[j->i] == 'e' || j->p[j->i] == 'E')) {
		j->i++;
		if (j->i < j->n && (j->p[j->i] == '+' || j->p[j->i] == '-'))
			j->i++;
		size_t d = j->i;
		while (j->i < j->n && j->p[j->i] >= '0' && j->p[j->i] <= '9')
			j->i++;
		if (d == j->i)
			return bad(j, "bad number");
	}
	if (j->i - st > 64)
		return bad(j, "number too long");
	v->t = J_NUM;
	v->n = j->i - st;
	v->s = kz_xstrndup(j->p + st, v->n);
	return KZ_OK;
}

static kz_rc
value(struct jp *j, struct jv *v, unsigned depth)
{
	ws(j);
	if (j->i >= j->n)
		return bad(j, "unexpected end");
	char c = j->p[j->i];
	if (c == '{' || c == '[')
		return container(j, v, depth);
	if (c == '"') {
		v->t = J_STR;
		return jstring(j, &v->s, &v->n);
	}
	if (c == '-' || (c >= '0' && c <= '9'))
		return number(j, v);
	if (lit(j, "true") || lit(j, "false")) {
		v->t = J_BOOL;
		return KZ_OK;
	}
	if (lit(j, "null")) {
		v->t = J_NULL;
		return KZ_OK;
	}
	return bad(j, "unexpected character");
}

static const struct jv *
get(const struct jv *o, const char *key)
{
	if (o == NULL || o->t != J_OBJ)
		return NULL;
	for (size_t i = 0; i < o->nkids; i++)
		if (strcmp(o->kids[i].key, key) == 0)
			return &o->kids[i];
	return NULL;
}

/* A string member (numbers too, for ids) as text into *dst. */
static kz_rc
str(const struct jv *o, const char *key, int html, char **dst,
    struct kz_err *err)
{
	const struct jv *v = get(o, key);
	if (v == NULL || (v->t != J_STR && v->t != J_NUM) || *dst != NULL)
		return KZ_OK;
	return kz_feed_str(dst, v->s, v->n, html, key, err);
}

static void
jdate(struct kz_feed *f, const struct jv *o, const char *key, int64_t *dst)
{
	const struct jv *v = get(o, key);
	int64_t t;

	if (v == NULL || v->t != J_STR)
		return;
	if (kz_feed_date_parse(v->s, v->n, &t) == KZ_OK)
		*dst = t;
	else
		kz_feed_warn(f, "%s is not a date: %.64s", key, v->s);
}

static kz_rc
item(struct kz_feed *f, const struct jv *it, struct kz_err *err)
{
	struct kz_feed_entry *e;
	kz_rc rc = kz_feed_entry_add(f, &e, err);

	if (rc == KZ_OK)
		rc = str(it, "id", 0, &e->id, err);
	if (rc == KZ_OK)
		rc = str(it, "url", 0, &e->link, err);
	if (rc == KZ_OK)
		rc = str(it, "external_url", 0, &e->link, err);
	if (rc == KZ_OK)
		rc = str(it, "title", 0, &e->title, err);
	if (rc == KZ_OK)
		rc = str(it, "summary", 0, &e->summary, err);
	if (rc == KZ_OK)
		rc = str(it, "content_html", 1, &e->content, err);
	if (rc == KZ_OK)
		rc = str(it, "content_text", 0, &e->content, err);
	const struct jv *a = get(it, "authors");
	if (rc == KZ_OK && a != NULL && a->t == J_ARR && a->nkids > 0)
		rc = str(&a->kids[0], "name", 0, &e->author, err);
	if (rc == KZ_OK)
		rc = str(get(it, "author"), "name", 0, &e->author, err);
	jdate(f, it, "date_published", &e->published);
	jdate(f, it, "date_modified", &e->updated);
	const struct jv *tags = get(it, "tags");
	for (size_t i = 0;
	     rc == KZ_OK && tags != NULL && tags->t == J_ARR && i < tags->nkids;
	     i++) {
		char *t = NULL;
		if (tags->kids[i].t != J_STR)
			continue;
		rc = kz_feed_str(
		    &t, tags->kids[i].s, tags->kids[i].n, 0, "tag", err);
		kz_feed_category_add(e, t);
	}
	const struct jv *att = get(it, "attachments");
	for (size_t i = 0;
	     rc == KZ_OK && att != NULL && att->t == J_ARR && i < att->nkids;
	     i++) {
		const struct jv *u = get(&att->kids[i], "url");
		const struct jv *t = get(&att->kids[i], "mime_type");
		const struct jv *s = get(&att->kids[i], "size_in_bytes");
		if (u == NULL || u->t != J_STR || u->n == 0 ||
		    u->n > KZ_URL_MAX_BYTES)
			continue;
		int64_t len = -1;
		if (s != NULL && s->t == J_NUM && s->s[0] != '-' &&
		    strspn(s->s, "0123456789") == s->n && s->n < 19)
			len = strtoll(s->s, NULL, 10);
		kz_feed_enclosure_add(e, kz_xstrdup(u->s),
		    t != NULL && t->t == J_STR ? kz_xstrdup(t->s) : NULL, len);
	}
	return rc;
}

kz_rc
kz_feed_json_parse(
    const char *p, size_t n, struct kz_feed *f, struct kz_err *err)
{
	struct jp j = {p, n, 0, err};
	struct jv root = {0};
	kz_rc rc;

	rc = value(&j, &root, 0);
	if (rc == KZ_OK) {
		ws(&j);
		if (j.i != j.n)
			rc = bad(&j, "text after the value");
	}
	if (rc != KZ_OK) {
		jv_fini(&root);
		return rc;
	}
	const struct jv *ver = get(&root, "version");
	if (root.t != J_OBJ || ver == NULL || ver->t != J_STR ||
	    strncmp(ver->s, "https://jsonfeed.org/version/", 29) != 0) {
		jv_fini(&root);
		return kz_fail(err, KZ_EPARSE,
		    "JSON: not a JSON Feed (no jsonfeed.org version)");
	}
	f->format = KZ_FEED_JSONFEED;
	rc = str(&root, "title", 0, &f->title, err);
	if (rc == KZ_OK)
		rc = str(&root, "home_page_url", 0, &f->link, err);
	if (rc == KZ_OK)
		rc = str(&root, "description", 0, &f->subtitle, err);
	if (rc == KZ_OK)
		rc = str(&root, "language", 0, &f->language, err);
	const struct jv *items = get(&root, "items");
	for (size_t i = 0; rc == KZ_OK && items != NULL && items->t == J_ARR &&
	     i < items->nkids;
	     i++)
		if (items->kids[i].t == J_OBJ)
			rc = item(f, &items->kids[i], err);
	jv_fini(&root);
	return rc;
}
