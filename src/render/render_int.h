/*
 * Shared between the report writers in src/render/: the grouped, sorted view
 * of a report and the per-language phrases.  Not part of the public API.
 */
#ifndef KZ_RENDER_INT_H
#define KZ_RENDER_INT_H

#include <stddef.h>

#include "kuzet/render.h"

/* One item of a report, placed and with its display language chosen. */
struct kz_rent {
	const struct kz_incident *inc;
	size_t rank; /* taxonomy index; tax->n for unknown sections */
	size_t orig; /* index in the caller's array (stable order) */
	struct kz_date date; /* kz_incident_sort_date */
	enum kz_lang lang; /* language the text is shown in */
	int fallback; /* 1 if lang differs from the report's */
	const char *title; /* never NULL ("" when absent) */
	const char *summary; /* never NULL */
};

/* A section of the report: items ents[start, end). */
struct kz_rgroup {
	const char *id; /* taxonomy id or the items' unknown id */
	const char *name; /* in the report's language; id if unknown */
	int number; /* 1-based taxonomy position; 0 if unknown */
	size_t start, end;
};

/* The report as the writers see it.  Views into the caller's data. */
struct kz_rview {
	const struct kz_report_opts *opts;
	struct kz_rent *ents;
	size_t n;
	struct kz_rgroup *groups; /* every taxonomy section, then unknown */
	size_t ngroups;
	size_t missing; /* items shown in a fallback language */
};

/* Phrases in one language. */
struct kz_rphrases {
	const char *title; /* report title */
	const char *intro_pre; /* intro text before "FROM – TO" */
	const char *intro_post; /* after it */
	const char *toc;
	const char *sources;
	const char *date;
	const char *total;
	const char *missing;
	const char *generated;
	const char *empty_section;
	const char *untitled;
	const char *note_pre; /* "Нет перевода на русский: " */
	const char *note_lang[KZ_LANG_COUNT]; /* "казахском" */
	const char *note_mid; /* " (" or " тілінде (" */
};

const struct kz_rphrases *kz_render_phrases(enum kz_lang l);

/* "FROM – TO" in long form in language l. */
kz_rc kz_render_period_long(struct kz_buf *out, struct kz_date from,
    struct kz_date to, enum kz_lang l) KZ_MUST_CHECK;
/* The fallback note without markup: "⚠ Нет перевода ...: ... (kk)." */
kz_rc kz_render_fallback_note(
    struct kz_buf *out, enum kz_lang report, enum kz_lang shown) KZ_MUST_CHECK;

/*
 * Markdown text that cmark reads back as the same plain text.  Each line is
 * trimmed of spaces and tabs and blank lines are dropped.  With one_line
 * (a heading) lines are joined by a space; otherwise (a paragraph) they are
 * kept as line breaks and line-start markers (list, setext, fence) are
 * escaped as well.
 */
kz_rc kz_render_md_text(
    struct kz_buf *out, const char *s, size_t n, int one_line) KZ_MUST_CHECK;
/* 1 if url starts with http:// or https:// (any case). */
int kz_render_url_is_web(const char *url);

/* Incident JSON; with ent (not NULL) it also carries "fallback_lang": null,
 * or the code of the language the report shows it in when that is not the
 * report's language. */
kz_rc kz_render_incident_json_x(struct kz_buf *out,
    const struct kz_incident *inc, const struct kz_rent *ent) KZ_MUST_CHECK;

kz_rc kz_render_md(struct kz_buf *out, const struct kz_rview *v) KZ_MUST_CHECK;
kz_rc
kz_render_html(struct kz_buf *out, const struct kz_rview *v) KZ_MUST_CHECK;
kz_rc
kz_render_json(struct kz_buf *out, const struct kz_rview *v) KZ_MUST_CHECK;
kz_rc kz_render_csv(struct kz_buf *out, const struct kz_rview *v) KZ_MUST_CHECK;

/* Check an rc and return it from the enclosing function. */
#define KZ_TRY(expr)                                                           \
	do {                                                                   \
		kz_rc kz_try_rc_ = (expr);                                     \
		if (kz_try_rc_ != KZ_OK)                                       \
			return kz_try_rc_;                                     \
	} while (0)

#endif
