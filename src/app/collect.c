/*
 * Collection pipeline: due sources → fetcher → feed / Telegram / page
 * parsers → articles in the store, with raw bodies kept as evidence.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <zlib.h>

#include "kuzet/discover.h"
#include "kuzet/feed.h"
#include "kuzet/html.h"
#include "kuzet/limits.h"
#include "kuzet/pipeline.h"
#include "kuzet/text.h"
#include "kuzet/url.h"

/* A title made from a Telegram post's text: its first line, cut. */
#define TG_TITLE_CHARS 120

void
kz_collect_opts_init(struct kz_collect_opts *o)
{
	memset(o, 0, sizeof *o);
	kz_fetch_opts_init(&o->fetch);
	o->fetch_pages = 1;
	o->teaser_chars = 400;
	o->tg_backfill_pages = 5;
	o->evidence_days = 365;
}

enum job_type { J_SOURCE, J_PAGE, J_TG_BACK, J_DISCOVERED };

/* One request in flight; freed by the done callback. */
struct job {
	enum job_type type;
	size_t src;
	unsigned depth; /* J_TG_BACK: pages gone back */
	struct kz_article_rec art; /* J_PAGE: the feed item waiting */
};

struct src_state {
	struct kz_csource c;
	struct kz_source_report rep;
	size_t pending; /* jobs not finished */
	int failed;
	int detected; /* kind seen in the body, or -1 */
	long retry_after_s; /* the longest Retry-After its fetches got */
};

struct run {
	struct kz_store *s;
	const struct kz_collect_opts *o;
	struct kz_collect_stats *st;
	struct kz_fetcher *f;
	struct src_state *src;
	size_t nsrc, done;
	int64_t now;
	kz_rc fatal; /* a store failure: stop storing, report it */
	struct kz_err *err;
};

static kz_rc
load_src(void *ctx, const struct kz_csource *c)
{
	struct run *r = ctx;
	if (r->o->only_source > 0 && c->id != r->o->only_source)
		return KZ_OK;
	if (!c->enabled)
		return KZ_OK;
	r->src = kz_xreallocarray(r->src, r->nsrc + 1, sizeof *r->src);
	struct src_state *ss = &r->src[r->nsrc++];
	memset(ss, 0, sizeof *ss);
	ss->c = *c;
	ss->c.url = kz_xstrdup(c->url);
	ss->c.name = c->name ? kz_xstrdup(c->name) : NULL;
	ss->c.etag = c->etag ? kz_xstrdup(c->etag) : NULL;
	ss->c.last_modified =
	    c->last_modified ? kz_xstrdup(c->last_modified) : NULL;
	ss->c.last_error = NULL;
	ss->detected = -1;
	return KZ_OK;
}

/* gzip bytes for evidence; NULL when compression fails (then the raw
 * bytes are kept as they are). */
static unsigned char *
gzip(const char *p, size_t n, size_t *out_len)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
	    Z_OK)
		return NULL;
	uLong cap = deflateBound(&z, (uLong)n);
	unsigned char *out = kz_xmalloc(cap);
	z.next_in = (Bytef *)(uintptr_t)p;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	int rc = deflate(&z, Z_FINISH);
	*out_len = z.total_out;
	deflateEnd(&z);
	if (rc != Z_STREAM_END) {
		free(out);
		return NULL;
	}
	return out;
}

/* The raw body of one response, stored with the first new article. */
struct evidence {
	const struct kz_fetch_result *res;
	int used;
};

/* Store one article; counts the outcome. */
static void
store_article(struct run *r, struct src_state *ss, struct kz_article_rec *a,
    struct evidence *ev)
{
	if (r->fatal != KZ_OK)
		return;
	if (a->canonical_url == NULL) {
		char *norm = NULL;
		const char *u = a->url;
		if (kz_url_normalize(u, strlen(u), &norm, NULL) == KZ_OK)
			a->canonical_url = norm;
		else
			a->canonical_url = kz_xstrdup(u);
	}
	a->source_id = ss->c.id;
	a->fetched = r->now;
	if (a->lang < 0)
		a->lang = ss->c.lang;
	kz_article_rec_hash(a);
	unsigned char *gz = NULL;
	size_t gz_len = 0;
	const void *raw = NULL;
	size_t raw_len = 0;
	const char *enc = NULL;
	if (ev != NULL && !ev->used && ev->res->body.len > 0) {
		gz = gzip(ev->res->body.data, ev->res->body.len, &gz_len);
		raw = gz ? (const void *)gz : ev->res->body.data;
		raw_len = gz ? gz_len : ev->res->body.len;
		enc = gz ? "gzip" : NULL;
	}
	enum kz_article_outcome out;
	kz_rc rc = kz_store_article_put(r->s, a, raw, raw_len, enc,
	    ev ? ev->res->content_type : NULL, &out, r->err);
	free(gz);
	if (rc != KZ_OK) {
		r->fatal = rc;
		return;
	}
	if (out == KZ_ARTICLE_SAME) {
		r->st->same++;
		return;
	}
	if (ev != NULL)
		ev->used = 1;
	if (out == KZ_ARTICLE_NEW) {
		r->st->added++;
		ss->rep.added++;
	} else {
		r->st->changed++;
		ss->rep.changed++;
	}
}

static void
add_job(struct run *r, size_t src, enum job_type type, const char *url,
    int is_page, struct job *job)
{
	job->type = type;
	job->src = src;
	struct kz_fetch_req req = {url, NULL, NULL, is_page, job};
	if (type == J_SOURCE) {
		req.etag = r->src[src].c.etag;
		req.last_modified = r->src[src].c.last_modified;
	}
	struct kz_err e;
	if (kz_fetcher_add(r->f, &req, &e) != KZ_OK) {
		/* the URL is over the limits: this job ends here */
		kz_article_rec_fini(&job->art);
		free(job);
		return;
	}
	r->src[src].pending++;
	r->st->fetches++;
}

static int
lang_of(const char *code)
{
	enum kz_lang l;
	char two[3] = {0, 0, 0};
	if (code == NULL || strlen(code) < 2)
		return -1;
	memcpy(two, code, 2);
	return kz_lang_parse(two, &l) == 0 ? (int)l : -1;
}

static enum kz_source_kind
kind_of_feed(enum kz_feed_format f)
{
	switch (f) {
	case KZ_FEED_ATOM10:
		return KZ_KIND_ATOM;
	case KZ_FEED_JSONFEED:
		return KZ_KIND_JSONFEED;
	default:
		return KZ_KIND_RSS;
	}
}

static void
take_feed(struct run *r, size_t si, const struct kz_fetch_result *res,
    struct evidence *ev)
{
	struct src_state *ss = &r->src[si];
	struct kz_feed *feed;
	struct kz_err e;
	if (kz_feed_parse(res->body.data, res->body.len, res->content_type,
	        res->final_url ? res->final_url : res->url, &feed,
	        &e) != KZ_OK) {
		ss->failed = 1;
		ss->rep.rc = e.rc;
		free(ss->c.last_error);
		ss->c.last_error = kz_xasprintf("%s: %s", res->url, e.msg);
		return;
	}
	ss->detected = (int)kind_of_feed(feed->format);
	int feed_lang = lang_of(feed->language);
	for (size_t i = 0; i < feed->n_entries && r->fatal == KZ_OK; i++) {
		const struct kz_feed_entry *en = &feed->entries[i];
		const char *link = en->link ? en->link : en->id;
		if (link == NULL || strncmp(link, "http", 4) != 0)
			continue;
		ss->rep.entries++;
		r->st->entries++;
		struct kz_article_rec a;
		kz_article_rec_init(&a);
		a.url = kz_xstrdup(link);
		a.title = en->title ? kz_xstrdup(en->title) : NULL;
		const char *text =
		    en->content && en->content[0] ? en->content : en->summary;
		a.text = kz_xstrdup(text ? text : "");
		int64_t when = en->published != KZ_FEED_NO_DATE ? en->published
		                                                : en->updated;
		a.published = when != KZ_FEED_NO_DATE ? when : 0;
		a.lang = feed_lang;
		char *norm = NULL;
		if (kz_url_normalize(link, strlen(link), &norm, NULL) == KZ_OK)
			a.canonical_url = norm;
		int64_t known;
		/* a teaser: no full content, only a short summary */
		int teaser = (en->content == NULL || en->content[0] == '\0') &&
		    kz_utf8_len(a.text, strlen(a.text)) < r->o->teaser_chars;
		if (teaser && r->o->fetch_pages && a.canonical_url != NULL) {
			kz_rc frc = kz_store_article_find_url(
			    r->s, a.canonical_url, &known, NULL);
			if (frc == KZ_ENOTFOUND) {
				struct job *job = kz_xcalloc(1, sizeof *job);
				job->art = a;
				add_job(r, si, J_PAGE, link, 1, job);
				continue;
			}
			if (frc != KZ_OK) { /* the store failed */
				r->fatal = frc;
				kz_article_rec_fini(&a);
				break;
			}
			/* seen in full before: a teaser adds nothing */
			r->st->same++;
			kz_article_rec_fini(&a);
			continue;
		}
		store_article(r, ss, &a, ev);
		kz_article_rec_fini(&a);
	}
	kz_feed_free(feed);
}

/* "https://t.me/s/CHANNEL?before=ID" from the source URL. */
static char *
tg_before_url(const char *url, int64_t before)
{
	size_t n = strcspn(url, "?#");
	return kz_xasprintf("%.*s?before=%lld", (int)n, url, (long long)before);
}

static void
take_telegram(struct run *r, struct job *job, const struct kz_fetch_result *res,
    struct evidence *ev)
{
	struct src_state *ss = &r->src[job->src];
	struct kz_tg_page *page;
	struct kz_err e;
	if (kz_html_telegram_parse(res->body.data, res->body.len, &page, &e) !=
	    KZ_OK) {
		ss->failed = 1;
		ss->rep.rc = e.rc;
		free(ss->c.last_error);
		ss->c.last_error = kz_xasprintf("%s: %s", res->url, e.msg);
		return;
	}
	ss->detected = KZ_KIND_TELEGRAM;
	size_t new_before = ss->rep.added;
	for (size_t i = 0; i < page->n && r->fatal == KZ_OK; i++) {
		const struct kz_tg_post *p = &page->posts[i];
		ss->rep.entries++;
		r->st->entries++;
		struct kz_article_rec a;
		kz_article_rec_init(&a);
		a.url = kz_xstrdup(p->permalink);
		a.canonical_url = kz_xstrdup(p->permalink);
		size_t line = strcspn(p->text, "\n");
		size_t cut = 0, chars = 0;
		while (cut < line && chars < TG_TITLE_CHARS) {
			cut++;
			while (cut < line &&
			    ((unsigned char)p->text[cut] & 0xC0) == 0x80)
				cut++;
			chars++;
		}
		a.title = kz_xstrndup(p->text, cut);
		a.text = kz_xstrdup(p->text);
		a.published = p->has_date ? p->date : 0;
		a.lang = kz_lang_guess(p->text, strlen(p->text));
		store_article(r, ss, &a, ev);
		kz_article_rec_fini(&a);
	}
	/* the first collection of a channel goes back a few pages */
	if (ss->c.last_fetch == 0 && page->before > 0 &&
	    ss->rep.added > new_before &&
	    job->depth < r->o->tg_backfill_pages) {
		char *url = tg_before_url(ss->c.url, page->before);
		struct job *next = kz_xcalloc(1, sizeof *next);
		kz_article_rec_init(&next->art);
		next->depth = job->depth + 1;
		add_job(r, job->src, J_TG_BACK, url, 0, next);
		free(url);
	}
	kz_tg_page_free(page);
}

/* An article page: a feed item's full text, or an HTML source. */
static void
take_page(struct run *r, struct job *job, const struct kz_fetch_result *res,
    struct evidence *ev)
{
	struct src_state *ss = &r->src[job->src];
	struct kz_article *x = NULL;
	struct kz_err e = {0};
	const char *url = res->final_url ? res->final_url : res->url;
	if (res->rc == KZ_OK && !res->not_modified &&
	    kz_html_extract(res->body.data, res->body.len, url, &x, &e) ==
	        KZ_OK) {
		struct kz_article_rec *a = &job->art;
		if (a->url == NULL)
			a->url = kz_xstrdup(url);
		if (x->text_len > 0 &&
		    (a->text == NULL || x->text_len > strlen(a->text))) {
			free(a->text);
			a->text = kz_xstrdup(x->text);
		}
		if (a->title == NULL && x->title != NULL)
			a->title = kz_xstrdup(x->title);
		if (x->canonical_url != NULL) {
			char *norm = NULL;
			if (kz_url_normalize(x->canonical_url,
			        strlen(x->canonical_url), &norm,
			        NULL) == KZ_OK) {
				free(a->canonical_url);
				a->canonical_url = norm;
			}
		}
		if (a->published == 0 && x->has_published)
			a->published = x->published;
		if (a->lang < 0)
			a->lang = lang_of(x->lang);
		if (job->type == J_SOURCE) {
			ss->detected = KZ_KIND_HTML;
			ss->rep.entries++;
			r->st->entries++;
		}
		kz_article_free(x);
	} else if (job->type == J_SOURCE) {
		/* an html source whose page could not be read: say why */
		ss->failed = 1;
		ss->rep.rc = res->rc != KZ_OK ? res->rc : e.rc;
		free(ss->c.last_error);
		ss->c.last_error = kz_xasprintf(
		    "%s: %s", url, res->rc != KZ_OK ? res->err.msg : e.msg);
		return;
	}
	/* a page that failed still leaves the feed's teaser */
	if (job->art.url != NULL)
		store_article(r, ss, &job->art, ev);
}

/* Discovered feeds on an auto source's HTML page: follow the first. */
static int
follow_discovery(struct run *r, size_t si, const struct kz_fetch_result *res)
{
	char **urls = NULL;
	size_t n = 0;
	const char *base = res->final_url ? res->final_url : res->url;
	if (kz_discover_feeds(res->body.data, res->body.len, base, 4, &urls, &n,
	        NULL) != KZ_OK)
		return 0;
	int followed = 0;
	if (n > 0) {
		struct job *job = kz_xcalloc(1, sizeof *job);
		kz_article_rec_init(&job->art);
		add_job(r, si, J_DISCOVERED, urls[0], 0, job);
		followed = 1;
	}
	for (size_t i = 0; i < n; i++)
		free(urls[i]);
	free(urls);
	return followed;
}

/* All of a source's jobs ended: record it and report. */
static void
finish_source(struct run *r, struct src_state *ss)
{
	struct kz_csource *c = &ss->c;
	c->last_fetch = r->now;
	if (ss->failed) {
		c->failures++;
		int64_t back = c->every_s;
		for (int64_t i = 1; i < c->failures && back < 86400; i++)
			back *= 2;
		c->next_due = r->now + (back < 86400 ? back : 86400);
		/* a host that said when to come back is not asked before */
		if (ss->retry_after_s > 0 &&
		    c->next_due < r->now + ss->retry_after_s)
			c->next_due = r->now + ss->retry_after_s;
		r->st->failed++;
		if (ss->rep.rc == KZ_OK)
			ss->rep.rc = KZ_EPARSE;
	} else {
		c->failures = 0;
		free(c->last_error);
		c->last_error = NULL;
		c->next_due = r->now + c->every_s;
		if (c->kind == KZ_KIND_AUTO && ss->detected >= 0)
			c->kind = (enum kz_source_kind)ss->detected;
	}
	c->items_seen += (int64_t)(ss->rep.added + ss->rep.changed);
	ss->rep.error = c->last_error;
	ss->rep.source = c; /* r->src no longer moves */
	if (r->fatal == KZ_OK) {
		struct kz_err e;
		kz_rc rc = kz_store_csource_record(r->s, c, &e);
		if (rc != KZ_OK) {
			r->fatal = rc;
			*r->err = e;
		}
	}
	r->done++;
	r->st->sources++;
	if (r->o->report != NULL)
		r->o->report(r->o->report_ctx, &ss->rep, r->done, r->nsrc);
}

static void
on_done(void *ctx, struct kz_fetch_result *res)
{
	struct run *r = ctx;
	struct job *job = res->user;
	struct src_state *ss = &r->src[job->src];
	struct evidence ev = {res, 0};
	/* what one transfer brings (a feed's items, the source's record)
	 * lands in one transaction: a commit each per item made storing
	 * 20,000 items cost 20,000 syncs and half the collection's time */
	int tx = 0;
	if (r->fatal == KZ_OK && !res->cancelled) {
		struct kz_err e;
		r->fatal = kz_store_begin(r->s, &e);
		if (r->fatal != KZ_OK)
			*r->err = e;
		tx = r->fatal == KZ_OK;
	}
	if (res->retry_after_s > ss->retry_after_s)
		ss->retry_after_s = res->retry_after_s;
	if (res->cancelled) {
		r->st->cancelled = 1;
	} else if (job->type == J_SOURCE || job->type == J_DISCOVERED) {
		if (job->type == J_SOURCE) {
			ss->rep.status = res->status;
			ss->rep.elapsed_ms = res->elapsed_ms;
			ss->c.last_status = (int)res->status;
		}
		if (res->rc != KZ_OK) {
			ss->failed = 1;
			ss->rep.rc = res->rc;
			free(ss->c.last_error);
			ss->c.last_error = kz_xstrdup(res->err.msg);
		} else if (res->not_modified) {
			ss->rep.not_modified = 1;
			r->st->not_modified++;
		} else {
			if (job->type == J_SOURCE) {
				free(ss->c.etag);
				free(ss->c.last_modified);
				ss->c.etag =
				    res->etag ? kz_xstrdup(res->etag) : NULL;
				ss->c.last_modified = res->last_modified
				    ? kz_xstrdup(res->last_modified)
				    : NULL;
			}
			const char *url =
			    res->final_url ? res->final_url : res->url;
			enum kz_doc_kind k = kz_discover_kind(url,
			    res->content_type, res->body.data, res->body.len);
			if (ss->c.kind == KZ_KIND_TELEGRAM)
				k = KZ_DOC_TELEGRAM;
			else if (ss->c.kind == KZ_KIND_HTML)
				k = KZ_DOC_HTML;
			else if (ss->c.kind != KZ_KIND_AUTO)
				k = KZ_DOC_FEED;
			if (k == KZ_DOC_TELEGRAM)
				take_telegram(r, job, res, &ev);
			else if (k == KZ_DOC_HTML &&
			    (ss->c.kind != KZ_KIND_AUTO ||
			        job->type == J_DISCOVERED ||
			        !follow_discovery(r, job->src, res)))
				take_page(r, job, res, &ev);
			else if (k != KZ_DOC_HTML)
				take_feed(r, job->src, res, &ev);
		}
	} else if (job->type == J_TG_BACK) {
		if (res->rc == KZ_OK && !res->not_modified)
			take_telegram(r, job, res, &ev);
	} else { /* J_PAGE */
		take_page(r, job, res, &ev);
	}
	kz_article_rec_fini(&job->art);
	free(job);
	if (--ss->pending == 0 && !res->cancelled)
		finish_source(r, ss);
	if (tx && r->fatal == KZ_OK) {
		struct kz_err e;
		r->fatal = kz_store_commit(r->s, &e);
		if (r->fatal != KZ_OK)
			*r->err = e;
	} else if (tx) {
		kz_store_rollback(r->s);
	}
}

kz_rc
kz_app_collect(struct kz_store *s, const struct kz_collect_opts *o,
    struct kz_collect_stats *stats, struct kz_err *err)
{
	struct kz_collect_stats local;
	if (stats == NULL)
		stats = &local;
	memset(stats, 0, sizeof *stats);
	struct run r = {s, o, stats, NULL, NULL, 0, 0, o->now, KZ_OK, err};
	if (r.now == 0)
		r.now = (int64_t)time(NULL);
	kz_rc rc = kz_store_csource_list(
	    s, o->all || o->only_source > 0 ? 0 : r.now, load_src, &r, err);
	if (rc == KZ_OK && r.nsrc > 0)
		rc = kz_fetcher_new(&o->fetch, &r.f, err);
	for (size_t i = 0; rc == KZ_OK && i < r.nsrc; i++) {
		struct job *job = kz_xcalloc(1, sizeof *job);
		kz_article_rec_init(&job->art);
		add_job(&r, i, J_SOURCE, r.src[i].c.url,
		    r.src[i].c.kind == KZ_KIND_HTML, job);
	}
	if (rc == KZ_OK && r.f != NULL)
		rc = kz_fetcher_run(r.f, on_done, &r, o->stop);
	if (rc != KZ_OK && r.f != NULL && err->msg[0] == '\0')
		kz_fail(err, rc, "the fetcher failed");
	if (rc == KZ_OK && r.fatal != KZ_OK)
		rc = r.fatal;
	if (rc == KZ_OK && o->evidence_days > 0)
		rc =
		    kz_store_evidence_prune(s, r.now - o->evidence_days * 86400,
		        &stats->evidence_pruned, err);
	kz_fetcher_free(r.f);
	for (size_t i = 0; i < r.nsrc; i++)
		kz_csource_fini(&r.src[i].c);
	free(r.src);
	return rc;
}

static void
on_detect(void *ctx, struct kz_fetch_result *res)
{
	struct kz_fetch_result *out = ctx;
	out->rc = res->rc;
	out->err = res->err;
	out->status = res->status;
	out->content_type =
	    res->content_type ? kz_xstrdup(res->content_type) : NULL;
	out->final_url = kz_xstrdup(res->final_url ? res->final_url : res->url);
	out->body = res->body;
	kz_buf_init(&res->body, res->body.max);
}

kz_rc
kz_app_source_detect(const char *url, const struct kz_fetch_opts *fo,
    enum kz_source_kind *kind, char **feed_url, struct kz_err *err)
{
	*feed_url = NULL;
	struct kz_fetcher *f;
	kz_rc rc = kz_fetcher_new(fo, &f, err);
	if (rc != KZ_OK)
		return rc;
	struct kz_fetch_req req = {url, NULL, NULL, 0, NULL};
	struct kz_fetch_result res;
	memset(&res, 0, sizeof res);
	kz_buf_init(&res.body, 0);
	rc = kz_fetcher_add(f, &req, err);
	if (rc == KZ_OK)
		rc = kz_fetcher_run(f, on_detect, &res, NULL);
	kz_fetcher_free(f);
	if (rc == KZ_OK && res.rc != KZ_OK) {
		rc = res.rc;
		*err = res.err;
	}
	if (rc == KZ_OK) {
		enum kz_doc_kind k = kz_discover_kind(res.final_url,
		    res.content_type, kz_buf_str(&res.body), res.body.len);
		*kind = k == KZ_DOC_TELEGRAM ? KZ_KIND_TELEGRAM
		    : k == KZ_DOC_HTML       ? KZ_KIND_HTML
		    : k == KZ_DOC_FEED       ? KZ_KIND_AUTO
		                             : KZ_KIND_AUTO;
		if (k == KZ_DOC_FEED) {
			struct kz_feed *feed;
			struct kz_err e;
			if (kz_feed_parse(res.body.data, res.body.len,
			        res.content_type, res.final_url, &feed,
			        &e) == KZ_OK) {
				*kind = kind_of_feed(feed->format);
				kz_feed_free(feed);
			}
		} else if (k == KZ_DOC_HTML) {
			char **urls = NULL;
			size_t n = 0;
			if (kz_discover_feeds(res.body.data, res.body.len,
			        res.final_url, 1, &urls, &n, NULL) == KZ_OK &&
			    n > 0) {
				*feed_url = urls[0];
				*kind = KZ_KIND_AUTO;
			}
			free(urls);
		}
	}
	kz_buf_fini(&res.body);
	free((char *)(uintptr_t)res.content_type);
	free((char *)(uintptr_t)res.final_url);
	return rc;
}
