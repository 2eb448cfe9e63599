/*
 * Pipelines over the archive: import reports, build reports.  The CLI and
 * (later) the server call these; they hold no SQL, parsing or rendering of
 * their own.
 */
#ifndef KUZET_APP_H
#define KUZET_APP_H

#include <stddef.h>

#include "kuzet/html.h"
#include "kuzet/import.h"
#include "kuzet/render.h"
#include "kuzet/store.h"

/* What an import did. */
struct kz_import_stats {
	size_t files; /* files parsed */
	size_t items; /* items found in them */
	size_t added; /* new incidents */
	size_t translated; /* items that added a language to an incident */
	size_t skipped; /* items already in the archive */
};

/*
 * Import report files into the archive, all or nothing: every file is read
 * (at most KZ_IMPORT_FILE_MAX_BYTES) and parsed first; a file that fails
 * stops the import before anything is written, with an error naming the
 * file and line.  Then one transaction stores the items: an item is skipped
 * when an incident has one of its normalized source URLs and the same
 * title; it adds a translation when an incident in the same section has one
 * of its normalized source URLs and no title in the item's language;
 * otherwise it becomes a new incident (published, with the report period).
 * Every change is audited as actor.  stats may be NULL.
 */
kz_rc kz_app_import(struct kz_store *s, const struct kz_taxonomy *tax,
    const char *const *paths, size_t npaths, const char *actor,
    struct kz_import_stats *stats, struct kz_err *err) KZ_MUST_CHECK;

/* Import one report already in memory (origin names it in errors). */
kz_rc kz_app_import_doc(struct kz_store *s, const struct kz_import_doc *doc,
    const char *actor, struct kz_import_stats *stats,
    struct kz_err *err) KZ_MUST_CHECK;

/* A list of incidents owned by the list; free with kz_incidents_fini. */
struct kz_incidents {
	struct kz_incident *v;
	size_t n, cap;
};
void kz_incidents_fini(struct kz_incidents *l);
/* Load the incidents matching f into *out (appending). */
kz_rc
kz_app_incidents_load(struct kz_store *s, const struct kz_incident_filter *f,
    struct kz_incidents *out, struct kz_err *err) KZ_MUST_CHECK;

/*
 * Render the report for [opts->from, opts->to] in opts->lang and fmt into
 * out: incidents with the given status (normally published) whose sort date
 * falls in the period.  *missing gets how many lack text in opts->lang.
 */
kz_rc kz_app_report(struct kz_store *s, const struct kz_report_opts *opts,
    enum kz_format fmt, int status, struct kz_buf *out, size_t *missing,
    size_t *count, struct kz_err *err) KZ_MUST_CHECK;

/*
 * The incident as an editable text form (for $EDITOR), and back.  The form
 * carries the version it was made from; parsing names the line of any
 * error and never changes inc on failure.
 */
kz_rc kz_app_form_write(
    struct kz_buf *out, const struct kz_incident *inc) KZ_MUST_CHECK;
kz_rc kz_app_form_read(const char *text, size_t len, const char *origin,
    const struct kz_taxonomy *tax, struct kz_incident *inc,
    struct kz_err *err) KZ_MUST_CHECK;

/*
 * Set one field of inc from a string: section, status, date (occurred_on,
 * "" clears), period_from, period_to, title.LANG, summary.LANG, sources
 * (URLs separated by whitespace).  Validates (section against tax, URLs,
 * dates, limits); KZ_EUSAGE naming the field on bad values.
 */
kz_rc
kz_app_incident_set(struct kz_incident *inc, const struct kz_taxonomy *tax,
    const char *field, const char *value, struct kz_err *err) KZ_MUST_CHECK;

/*
 * Add (add != 0) or remove a source of inc.  Adding validates and
 * normalizes the URL and refuses a duplicate; removing matches the
 * normalized URL and fails with KZ_ENOTFOUND when no source has it.
 */
kz_rc kz_app_source_edit(struct kz_incident *inc, const char *url, int add,
    struct kz_err *err) KZ_MUST_CHECK;

struct kz_feed;
/*
 * A parsed feed (kuzet/feed.h) as the JSON of `kuzet parse --json`:
 * {"format","encoding","warnings":[],"title","link","subtitle","language",
 * "updated","entries":[{"id","link","title","summary","content","author",
 * "published","updated","categories":[],"enclosures":[{"url","type",
 * "length"}]}]}; absent strings and dates are null, dates RFC 3339 UTC.
 */
kz_rc
kz_app_feed_json(struct kz_buf *out, const struct kz_feed *f) KZ_MUST_CHECK;

/*
 * Append the JSON of an extracted article to out: {"title", "published"
 * (RFC 3339 UTC or null), "lang", "text", "canonical_url"} (nulls where
 * unknown) and a newline.  KZ_ELIMIT when out's cap is reached.
 */
kz_rc kz_app_article_json(
    struct kz_buf *out, const struct kz_article *a) KZ_MUST_CHECK;

/*
 * `kuzet extract`: read the HTML page at path (at most KZ_HTML_MAX_BYTES),
 * extract its article (url, which may be NULL, resolves relative links) and
 * append its JSON (kz_app_article_json) to out.
 */
kz_rc kz_app_extract(const char *path, const char *url, struct kz_buf *out,
    struct kz_err *err) KZ_MUST_CHECK;

struct kz_tg_page;
/*
 * A Telegram channel page (kuzet/html.h) as a feed, for `kuzet parse`:
 * format telegram, encoding utf-8, title the channel, link
 * https://t.me/s/CHANNEL; an entry per post with id and link its
 * permalink, title its first line (at most 120 characters), summary its
 * text, author the channel and published its date.  *out is freed with
 * kz_feed_free.
 */
void kz_app_telegram_feed(const struct kz_tg_page *page, struct kz_feed **out);

#endif
