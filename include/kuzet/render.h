/*
 * Writers for reports and incident data.  All escaping lives here: HTML text
 * and attributes, JSON strings, CSV fields, Markdown.
 */
#ifndef KUZET_RENDER_H
#define KUZET_RENDER_H

#include <stddef.h>

#include "kuzet/incident.h"

enum kz_format { KZ_FMT_MD = 0, KZ_FMT_HTML, KZ_FMT_JSON, KZ_FMT_CSV };

/* The header row of the report's CSV (which `kuzet import` reads back). */
#define KZ_REPORT_CSV_HEADER                                                   \
	"id,section,section_name,status,occurred_on,lang,title,summary,"       \
	"sources"
int kz_format_parse(const char *s, enum kz_format *out);

struct kz_report_opts {
	enum kz_lang lang;
	struct kz_date from, to; /* the period, both known */
	const struct kz_taxonomy *tax;
	int64_t generated; /* unix seconds, shown in html/json */
};

/*
 * Render a report of items (any order; the renderer groups them by section
 * in taxonomy order, and within a section by sort date then id) in
 * opts->lang to out.  An item without a title in that language is shown in
 * the first language it has (ru, kk, en) and visibly marked; *missing (if
 * not NULL) gets their count.  Items in a section not in the taxonomy come
 * last under their id.
 *  - md: "# title", an intro naming the period, "## N. Section",
 *    "### Title", summary paragraphs, "<url>" lines; imports back with
 *    kz_import_md_parse to the same incidents.
 *  - html: one self-contained printable page: inline CSS, table of contents
 *    with counts per section, every string escaped.
 *  - json: {"lang","period":{"from","to"},"generated","missing_translation",
 *    "sections":[{"id","name","count","incidents":[...]}]} with incidents in
 *    the shape of kz_render_incident_json.
 *  - csv: RFC 4180, a header row, one row per incident.
 */
kz_rc kz_render_report(struct kz_buf *out, enum kz_format fmt,
    const struct kz_report_opts *opts, const struct kz_incident *items,
    size_t n, size_t *missing, struct kz_err *err) KZ_MUST_CHECK;

/* One incident as a JSON object: id, section, status, occurred_on (or null),
 * period {from,to} (or null), title and summary keyed by language (only
 * languages present), sources [{url, url_norm}], created, updated (RFC 3339
 * UTC), version. */
kz_rc kz_render_incident_json(
    struct kz_buf *out, const struct kz_incident *inc) KZ_MUST_CHECK;

/* Escapers: append s (n bytes) escaped. */
kz_rc
kz_render_json_str(struct kz_buf *out, const char *s, size_t n) KZ_MUST_CHECK;
kz_rc
kz_render_html_text(struct kz_buf *out, const char *s, size_t n) KZ_MUST_CHECK;
kz_rc
kz_render_csv_field(struct kz_buf *out, const char *s, size_t n) KZ_MUST_CHECK;

/* Options of an Atom feed. */
struct kz_atom_opts {
	const char *title; /* the feed's title */
	const char *base; /* site URL without the final '/' */
	const char *self; /* the feed's own URL (also its id) */
	enum kz_lang lang; /* text shown in this language, else another */
	const struct kz_taxonomy *tax; /* section names */
};
/*
 * An Atom 1.0 feed of items (in the given order): an entry per incident
 * with title, id and link BASE/incidents/ID, updated, published (its
 * creation), category (section id, name as label) and summary; every
 * string escaped for XML.
 */
kz_rc kz_render_atom(struct kz_buf *out, const struct kz_atom_opts *o,
    const struct kz_incident *items, size_t n) KZ_MUST_CHECK;

/* RFC 3339 UTC "2025-09-26T10:00:00Z" for unix seconds t (out >= 21). */
void kz_render_time(int64_t t, char *out);

#endif
