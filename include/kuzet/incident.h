/*
 * The data model shared by every module: languages, calendar dates,
 * incidents and their sources, and the taxonomy of sections.
 */
#ifndef KUZET_INCIDENT_H
#define KUZET_INCIDENT_H

#include <stddef.h>
#include <stdint.h>

#include "kuzet/base.h"
#include "kuzet/limits.h"

/* Languages kuzet writes in; the order is the order of kz_lang values. */
enum kz_lang { KZ_LANG_RU = 0, KZ_LANG_KK, KZ_LANG_EN, KZ_LANG_COUNT };

/* "ru", "kk", "en". */
const char *kz_lang_code(enum kz_lang l);
/* Parse a code ("ru", "kk", "en", case-insensitive); 0 on success, -1 if
 * unknown. */
int kz_lang_parse(const char *s, enum kz_lang *out);

/* A calendar date; y == 0 means "unknown". */
struct kz_date {
	int y, m, d;
};

/* 1 if the date is a real Gregorian date (1..9999), else 0. */
int kz_date_valid(struct kz_date dt);
/* 1 if y == 0 (unknown). */
int kz_date_unknown(struct kz_date dt);
/* <0, 0, >0 like strcmp; unknown dates sort first. */
int kz_date_cmp(struct kz_date a, struct kz_date b);
/* Days in month m of year y. */
int kz_date_days_in_month(int y, int m);
/* Parse strictly "YYYY-MM-DD"; 0 on success, -1 otherwise. */
int kz_date_parse_iso(const char *s, struct kz_date *out);
/* Write "YYYY-MM-DD" into out (at least 11 bytes). */
void kz_date_format_iso(struct kz_date dt, char *out);
/* Today in UTC. */
struct kz_date kz_date_today(void);

enum kz_status { KZ_STATUS_DRAFT = 0, KZ_STATUS_PUBLISHED, KZ_STATUS_REJECTED };
const char *kz_status_name(enum kz_status s);
int kz_status_parse(const char *s, enum kz_status *out);

/* One source of an incident.  Owns its strings. */
struct kz_source {
	int64_t id; /* 0 until stored */
	char *url; /* as given */
	char *url_norm; /* normalized (kz_url_normalize) */
};

/*
 * An incident.  Owns all its strings and the sources array; free with
 * kz_incident_fini.  Text fields per language are NULL when absent.
 */
struct kz_incident {
	int64_t id; /* 0 until stored */
	char section[KZ_SECTION_ID_BYTES];
	enum kz_status status;
	struct kz_date occurred_on; /* unknown if y == 0 */
	struct kz_date period_from; /* report period the item came from */
	struct kz_date period_to;
	char *title[KZ_LANG_COUNT];
	char *summary[KZ_LANG_COUNT];
	struct kz_source *sources;
	size_t nsources;
	int64_t created; /* unix seconds, set by the store */
	int64_t updated;
	int64_t version; /* bumped by the store on each change */
};

void kz_incident_init(struct kz_incident *inc);
void kz_incident_fini(struct kz_incident *inc);
/* Deep copy src into dst (dst must be uninitialised or finied). */
void kz_incident_copy(struct kz_incident *dst, const struct kz_incident *src);
/* Replace a text field (copying s, which may be NULL to clear it). */
void kz_incident_set_text(char **field, const char *s);
/* Append a source (copies both strings). */
void kz_incident_add_source(
    struct kz_incident *inc, const char *url, const char *url_norm);
/* The date an incident is placed by in reports: occurred_on if known, else
 * period_to, else period_from (may be unknown). */
struct kz_date kz_incident_sort_date(const struct kz_incident *inc);
/* The language inc is shown in when want is asked for: want when it has a
 * title there, else the first of ru, kk, en that has one, else want. */
enum kz_lang kz_incident_lang(const struct kz_incident *inc, enum kz_lang want);

/* ---- taxonomy ---- */

struct kz_section {
	char id[KZ_SECTION_ID_BYTES];
	char *name[KZ_LANG_COUNT];
};

/* The ordered list of report sections.  Owns its sections. */
struct kz_taxonomy {
	struct kz_section *sections;
	size_t n;
};

/*
 * Parse a taxonomy file (format in docs/formats.md):
 *
 *     # comment
 *     [expression]
 *     ru = Свобода выражения мнения и доступ к информации
 *     kk = ...
 *     en = ...
 *
 * `origin` names the file in errors ("taxonomy.ini:12: ...").  Every section
 * needs ru, kk and en names; ids are [a-z0-9_-]{1,31}, unique, and not "none".
 * On success fills *out (free with kz_taxonomy_fini).
 */
kz_rc kz_taxonomy_parse(const char *text, size_t len, const char *origin,
    struct kz_taxonomy *out, struct kz_err *err) KZ_MUST_CHECK;
/* Load the built-in default taxonomy (data/taxonomy.ini, compiled in). */
void kz_taxonomy_default(struct kz_taxonomy *out);
/* Load from a file path, or the default when path is NULL. */
kz_rc kz_taxonomy_load(const char *path, struct kz_taxonomy *out,
    struct kz_err *err) KZ_MUST_CHECK;
void kz_taxonomy_fini(struct kz_taxonomy *t);
/* The section with this id, or NULL. */
const struct kz_section *
kz_taxonomy_find(const struct kz_taxonomy *t, const char *id);
/* Index of the section in taxonomy order, or -1. */
int kz_taxonomy_index(const struct kz_taxonomy *t, const char *id);
/* Check an id; KZ_EUSAGE "unknown section 'x' (known: a, b, ...)" if not
 * found. */
kz_rc kz_taxonomy_check(const struct kz_taxonomy *t, const char *id,
    struct kz_err *err) KZ_MUST_CHECK;

#endif
