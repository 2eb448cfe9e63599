/* The generic layer of collection storage: argument checks, transactions,
 * then the backend's primitives. */
#include <stdlib.h>
#include <string.h>

#include "kuzet/collect.h"
#include "kuzet/limits.h"

static const char *const kind_names[] = {
    "auto", "rss", "atom", "jsonfeed", "html", "telegram"};

const char *
kz_source_kind_name(enum kz_source_kind k)
{
	return (unsigned)k <= KZ_KIND_TELEGRAM ? kind_names[k] : "?";
}

int
kz_source_kind_parse(const char *s, enum kz_source_kind *out)
{
	for (int i = 0; i <= KZ_KIND_TELEGRAM; i++)
		if (strcmp(s, kind_names[i]) == 0) {
			*out = (enum kz_source_kind)i;
			return 0;
		}
	return -1;
}

void
kz_csource_init(struct kz_csource *c)
{
	memset(c, 0, sizeof *c);
	c->lang = -1;
	c->every_s = 1800;
	c->enabled = 1;
}

void
kz_csource_fini(struct kz_csource *c)
{
	free(c->url);
	free(c->name);
	free(c->etag);
	free(c->last_modified);
	free(c->last_error);
	kz_csource_init(c);
}

void
kz_article_rec_init(struct kz_article_rec *a)
{
	memset(a, 0, sizeof *a);
	a->lang = -1;
}

void
kz_article_rec_fini(struct kz_article_rec *a)
{
	free(a->url);
	free(a->canonical_url);
	free(a->title);
	free(a->text);
	kz_article_rec_init(a);
}

void
kz_article_rec_hash(struct kz_article_rec *a)
{
	struct kz_buf b;
	kz_buf_init(&b, SIZE_MAX / 2);
	if (kz_buf_puts(&b, a->title ? a->title : "") != KZ_OK ||
	    kz_buf_putc(&b, '\n') != KZ_OK ||
	    kz_buf_puts(&b, a->text ? a->text : "") != KZ_OK)
		abort(); /* no cap: cannot fail but on OOM, which aborts */
	kz_sha256_hex(b.data, b.len, a->hash);
	kz_buf_fini(&b);
}

kz_rc
kz_store_csource_add(
    struct kz_store *s, struct kz_csource *c, struct kz_err *err)
{
	if (c->url == NULL || c->url[0] == '\0')
		return kz_fail(err, KZ_EUSAGE, "a source needs a URL");
	if (strlen(c->url) > KZ_URL_MAX_BYTES)
		return kz_fail(err, KZ_ELIMIT, "source URL over %u bytes",
		    KZ_URL_MAX_BYTES);
	if (c->every_s <= 0)
		return kz_fail(
		    err, KZ_EUSAGE, "%s: the interval must be > 0", c->url);
	return s->ops->csource_add(s, c, err);
}

kz_rc
kz_store_csource_get(
    struct kz_store *s, int64_t id, struct kz_csource *out, struct kz_err *err)
{
	return s->ops->csource_get(s, id, out, err);
}

kz_rc
kz_store_csource_list(struct kz_store *s, int64_t due_at, kz_csource_fn fn,
    void *ctx, struct kz_err *err)
{
	return s->ops->csource_list(s, due_at, fn, ctx, err);
}

kz_rc
kz_store_csource_remove(struct kz_store *s, int64_t id, struct kz_err *err)
{
	return s->ops->csource_remove(s, id, err);
}

kz_rc
kz_store_csource_enable(
    struct kz_store *s, int64_t id, int enabled, struct kz_err *err)
{
	return s->ops->csource_enable(s, id, enabled, err);
}

kz_rc
kz_store_csource_record(
    struct kz_store *s, const struct kz_csource *c, struct kz_err *err)
{
	return s->ops->csource_record(s, c, err);
}

kz_rc
kz_store_article_put(struct kz_store *s, struct kz_article_rec *a,
    const void *raw, size_t raw_len, const char *raw_encoding,
    const char *content_type, enum kz_article_outcome *outcome,
    struct kz_err *err)
{
	if (a->url == NULL || a->canonical_url == NULL || a->hash[0] == '\0')
		return kz_fail(err, KZ_EUSAGE,
		    "an article needs url, canonical_url and hash");
	kz_rc rc = kz_store_begin(s, err);
	if (rc != KZ_OK)
		return rc;
	rc = s->ops->article_put(
	    s, a, raw, raw_len, raw_encoding, content_type, outcome, err);
	if (rc == KZ_OK)
		return kz_store_commit(s, err);
	kz_store_rollback(s);
	return rc;
}

kz_rc
kz_store_article_get(struct kz_store *s, int64_t id, struct kz_article_rec *out,
    struct kz_err *err)
{
	return s->ops->article_get(s, id, out, err);
}

kz_rc
kz_store_article_list(struct kz_store *s, int64_t source_id, int64_t since,
    int64_t limit, kz_article_fn fn, void *ctx, struct kz_err *err)
{
	return s->ops->article_list(s, source_id, since, limit, fn, ctx, err);
}

kz_rc
kz_store_evidence_prune(
    struct kz_store *s, int64_t before, int64_t *n, struct kz_err *err)
{
	return s->ops->evidence_prune(s, before, n, err);
}

kz_rc
kz_store_article_find_url(struct kz_store *s, const char *canonical_url,
    int64_t *id, struct kz_err *err)
{
	return s->ops->article_find_url(s, canonical_url, id, err);
}
