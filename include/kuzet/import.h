/* Parsing monitoring reports in the seed's Markdown shape (via cmark). */
#ifndef KUZET_IMPORT_H
#define KUZET_IMPORT_H

#include <stddef.h>

#include "kuzet/incident.h"

/* A parsed report.  Owns the incidents; free with kz_import_doc_fini. */
struct kz_import_doc {
	enum kz_lang lang; /* language of the headings and intro */
	struct kz_date period_from; /* unknown (y == 0) if the intro has none */
	struct kz_date period_to;
	struct kz_incident *items; /* title/summary set in the item's language,
	                              sources with url and url_norm, section,
	                              occurred_on, period, status published */
	int *lines; /* 1-based line where each item starts */
	size_t n;
};

/*
 * Parse a report.  data need not be NUL-terminated.  origin names the file in
 * errors ("report.md:14: ...").  Sections are recognised by number ("## 3.")
 * and by name in ru/kk/en from tax; items by a heading, a paragraph that is
 * all bold, or a plain short line after a section heading or a finished
 * item.  Errors (KZ_EPARSE, KZ_ECHARSET, KZ_ELIMIT) name the line: empty
 * input, NUL bytes or invalid UTF-8, no section heading, an item before the
 * first section, an item with no summary, more than KZ_IMPORT_ITEMS_MAX
 * items, Markdown nested deeper than KZ_MD_DEPTH_MAX.  A truncated file
 * reads as far as it is complete: a last item cut before its summary is the
 * "no summary" error, one cut inside its summary keeps what it has, and a
 * character cut in two at the very end is dropped.  The full rules (titles,
 * sources, paragraph joining) are in src/importer/md.c.
 * On success fills *out.
 */
kz_rc kz_import_md_parse(const char *data, size_t len, const char *origin,
    const struct kz_taxonomy *tax, struct kz_import_doc *out,
    struct kz_err *err) KZ_MUST_CHECK;

void kz_import_doc_fini(struct kz_import_doc *doc);

/* What a file to import holds, by its first bytes: kuzet's report CSV (its
 * header row), JSON ('[' or '{' first), else Markdown. */
enum kz_import_format { KZ_IMPORT_MD, KZ_IMPORT_JSON, KZ_IMPORT_CSV };
enum kz_import_format kz_import_sniff(const char *data, size_t len);

/*
 * kuzet's own exports (docs/formats.md), parsed into *out like a report:
 * JSON: an array of incidents (`incident list --json`, /api/incidents),
 * one incident (`incident show --json`) or a report (`report --format
 * json`); CSV: the report's (`report --format csv`, /export.csv).  Each
 * incident keeps its section (checked against tax), status, occurred_on,
 * period, texts per language and sources (normalized again); ids, times,
 * versions and history are the new archive's.  Errors (KZ_EPARSE,
 * KZ_ECHARSET, KZ_ELIMIT) name origin and line.  Limits:
 * KZ_IMPORT_ITEMS_MAX incidents, KZ_IMPORT_JSON_DEPTH_MAX nesting.
 */
kz_rc kz_import_json_parse(const char *data, size_t len, const char *origin,
    const struct kz_taxonomy *tax, struct kz_import_doc *out,
    struct kz_err *err) KZ_MUST_CHECK;
kz_rc kz_import_csv_parse(const char *data, size_t len, const char *origin,
    const struct kz_taxonomy *tax, struct kz_import_doc *out,
    struct kz_err *err) KZ_MUST_CHECK;

/*
 * The section heading text (markup removed, numbering "N." allowed)
 * matched against the taxonomy: by a whole name in any language, then by
 * word overlap, tolerating mixed-language names ("Судебные precedents"),
 * then by number "N." (1-based taxonomy order).  The name goes first so a
 * report that numbers only the sections it has still lands right.  Returns
 * the section index or -1.
 */
int kz_import_match_section(const struct kz_taxonomy *tax, const char *heading);

#endif
