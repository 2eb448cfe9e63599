/*
 * JSON Feed 1.1 over kuzet's JSON reader (kuzet/json.h), with nesting
 * capped at KZ_FEED_DEPTH_MAX.
 */
#include <stdlib.h>
#include <string.h>

#include "feed/feed_int.h"
#include "kuzet/json.h"

/* A string member (numbers too, for ids) as text into *dst. */
static kz_rc
str(const struct kz_json *o, const char *key, int html, char **dst,
    struct kz_err *err)
{
	const struct kz_json *v = kz_json_get(o, key);
	if (v == NULL || (v->t != KZ_JSON_STR && v->t != KZ_JSON_NUM) ||
	    *dst != NULL)
		return KZ_OK;
	return kz_feed_str(dst, v->s, v->n, html, key, err);
}

static void
jdate(struct kz_feed *f, const struct kz_json *o, const char *key, int64_t *dst)
{
	const struct kz_json *v = kz_json_get(o, key);
	int64_t t;

	if (v == NULL || v->t != KZ_JSON_STR)
		return;
	if (kz_feed_date_parse(v->s, v->n, &t) == KZ_OK)
		*dst = t;
	else
		kz_feed_warn(f, "%s is not a date: %.64s", key, v->s);
}

static kz_rc
item(struct kz_feed *f, const struct kz_json *it, struct kz_err *err)
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
	const struct kz_json *a = kz_json_get(it, "authors");
	if (rc == KZ_OK && a != NULL && a->t == KZ_JSON_ARR && a->nkids > 0)
		rc = str(&a->kids[0], "name", 0, &e->author, err);
	if (rc == KZ_OK)
		rc = str(kz_json_get(it, "author"), "name", 0, &e->author, err);
	jdate(f, it, "date_published", &e->published);
	jdate(f, it, "date_modified", &e->updated);
	const struct kz_json *tags = kz_json_get(it, "tags");
	for (size_t i = 0; rc == KZ_OK && tags != NULL &&
	     tags->t == KZ_JSON_ARR && i < tags->nkids;
	     i++) {
		char *t = NULL;
		if (tags->kids[i].t != KZ_JSON_STR)
			continue;
		rc = kz_feed_str(
		    &t, tags->kids[i].s, tags->kids[i].n, 0, "tag", err);
		kz_feed_category_add(e, t);
	}
	const struct kz_json *att = kz_json_get(it, "attachments");
	for (size_t i = 0; rc == KZ_OK && att != NULL &&
	     att->t == KZ_JSON_ARR && i < att->nkids;
	     i++) {
		const struct kz_json *u = kz_json_get(&att->kids[i], "url");
		const struct kz_json *t =
		    kz_json_get(&att->kids[i], "mime_type");
		const struct kz_json *s =
		    kz_json_get(&att->kids[i], "size_in_bytes");
		if (u == NULL || u->t != KZ_JSON_STR || u->n == 0 ||
		    u->n > KZ_URL_MAX_BYTES)
			continue;
		int64_t len = -1;
		if (s != NULL && s->t == KZ_JSON_NUM && s->s[0] != '-' &&
		    strspn(s->s, "0123456789") == s->n && s->n < 19)
			len = strtoll(s->s, NULL, 10);
		kz_feed_enclosure_add(e, kz_xstrdup(u->s),
		    t != NULL && t->t == KZ_JSON_STR ? kz_xstrdup(t->s) : NULL,
		    len);
	}
	return rc;
}

kz_rc
kz_feed_json_parse(
    const char *p, size_t n, struct kz_feed *f, struct kz_err *err)
{
	static const struct kz_json_limits lim = {KZ_FEED_DEPTH_MAX,
	    KZ_FEED_FIELD_MAX_BYTES, KZ_FEED_ENTRIES_MAX * 4u};
	struct kz_json root;
	kz_rc rc = kz_json_parse(p, n, &lim, &root, err);

	if (rc != KZ_OK)
		return rc;
	const struct kz_json *ver = kz_json_get(&root, "version");
	if (root.t != KZ_JSON_OBJ || ver == NULL || ver->t != KZ_JSON_STR ||
	    strncmp(ver->s, "https://jsonfeed.org/version/", 29) != 0) {
		kz_json_fini(&root);
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
	const struct kz_json *items = kz_json_get(&root, "items");
	for (size_t i = 0; rc == KZ_OK && items != NULL &&
	     items->t == KZ_JSON_ARR && i < items->nkids;
	     i++)
		if (items->kids[i].t == KZ_JSON_OBJ)
			rc = item(f, &items->kids[i], err);
	kz_json_fini(&root);
	return rc;
}
