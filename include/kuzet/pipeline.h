/*
 * Collection: fetch every due source once, parse what came (feed, Telegram
 * channel page, article page), fetch article pages for teaser-only feed
 * items, and store the articles with their raw bytes as evidence.
 */
#ifndef KUZET_PIPELINE_H
#define KUZET_PIPELINE_H

#include <signal.h>
#include <stdint.h>

#include "kuzet/collect.h"
#include "kuzet/net.h"

/* How one source's collection went (for progress lines). */
struct kz_source_report {
	const struct kz_csource *source;
	long status; /* HTTP status, 0 if none */
	int not_modified;
	kz_rc rc; /* KZ_OK, or why it failed */
	const char *error; /* message when rc != KZ_OK */
	size_t entries; /* items in the document */
	size_t added; /* new articles */
	size_t changed; /* new versions */
	long elapsed_ms;
};

typedef void (*kz_source_report_fn)(
    void *ctx, const struct kz_source_report *r, size_t done, size_t total);

struct kz_collect_opts {
	struct kz_fetch_opts fetch; /* jobs, timeouts, caps, allow_file... */
	int64_t now; /* unix seconds; 0: time(NULL) */
	int all; /* collect every enabled source, due or
	            not */
	int64_t only_source; /* >0: just this source */
	int fetch_pages; /* fetch article pages for teasers (1) */
	unsigned teaser_chars; /* a feed text shorter than this is a
	                          teaser (400) */
	unsigned tg_backfill_pages; /* first collection of a channel: pages
	                               back with ?before= (5) */
	int64_t evidence_days; /* prune raw bodies older (365; 0 keeps
	                          them forever) */
	kz_source_report_fn report; /* may be NULL */
	void *report_ctx;
	volatile sig_atomic_t *stop; /* may be NULL */
};
void kz_collect_opts_init(struct kz_collect_opts *o);

struct kz_collect_stats {
	size_t sources; /* collected this run */
	size_t failed;
	size_t not_modified;
	size_t fetches; /* HTTP requests made, pages included */
	size_t entries;
	size_t added;
	size_t changed;
	size_t same;
	int64_t evidence_pruned;
	int cancelled; /* stopped by the stop flag */
};

/*
 * Collect the due sources once.  A failing source is recorded on that
 * source (status, error, consecutive failures, a later next_due with
 * backoff) and never stops the others.  Each article is stored in its own
 * transaction, so an interrupted run keeps what it stored.
 */
kz_rc kz_app_collect(struct kz_store *s, const struct kz_collect_opts *o,
    struct kz_collect_stats *stats, struct kz_err *err) KZ_MUST_CHECK;

/*
 * Detect a source's kind from its URL with one fetch (auto): a feed, a
 * Telegram channel, or an HTML page; a page that announces a feed
 * (autodiscovery) gives that feed's URL in *feed_url (malloc'd, free()),
 * else NULL.
 */
kz_rc kz_app_source_detect(const char *url, const struct kz_fetch_opts *fo,
    enum kz_source_kind *kind, char **feed_url,
    struct kz_err *err) KZ_MUST_CHECK;

#endif
