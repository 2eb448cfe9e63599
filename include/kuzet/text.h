/*
 * Reading and writing dates and periods in Russian, Kazakh and English text,
 * and telling the language of a short text.
 */
#ifndef KUZET_TEXT_H
#define KUZET_TEXT_H

#include <stddef.h>

#include "kuzet/incident.h"

/*
 * Month number 1..12 for a month name at the start of p[0..n) in Russian
 * (any case form: "январь", "января", "январе"), Kazakh (with case endings:
 * "қаңтар", "қаңтарда", "қаңтардың") or English ("January", "Jan").  Matching
 * ignores letter case.  Returns 0 if p does not start with a month name; on
 * success *len (if not NULL) gets the byte length of the whole word.
 */
int kz_month_parse(const char *p, size_t n, size_t *len);

/*
 * Month name in language l: nominative ("сентябрь", "қыркүйек",
 * "September") when genitive == 0, else the form used after a day number
 * ("сентября"; Kazakh and English do not change).  m is 1..12.
 */
const char *kz_month_name(int m, enum kz_lang l, int genitive);

/*
 * Find a report period in text such as the intro of a report:
 *   "за август 25 – январь 26 года", "август 2025 – январь 2026",
 *   "2025 жылғы тамыз – 2026 жылғы қаңтар", "August 2025 – January 2026",
 *   "1 августа 2025 – 31 января 2026", "2025 жылғы 1 тамыз – 2026 жылғы
 *   31 қаңтар", "1 August 2025 – 31 January 2026".
 * Two-digit years are 20YY.  A month range covers the first day of the first
 * month to the last day of the last.  Dashes may be -, – or —.  Returns 1 and
 * fills *from and *to when found (from <= to), else 0.
 */
int kz_period_find(
    const char *text, size_t n, struct kz_date *from, struct kz_date *to);

/*
 * Find the first date in text with a day and a month, in any of the forms
 * "26 сентября", "26 сентября 2025 года", "2025 жылғы 26 қыркүйек",
 * "26 қыркүйекте", "September 26, 2025", "26 September".  A missing year is
 * taken from the period [from, to]: the year that puts the date inside it.
 * Dates (with or without a year) outside a known period are skipped.  When
 * the period is unknown a date without a year is skipped.  Returns 1 and
 * fills *out when found, else 0.
 */
int kz_date_find(const char *text, size_t n, struct kz_date from,
    struct kz_date to, struct kz_date *out);

/*
 * Write dt in language l into out (outsz bytes, at least 64):
 * "26 сентября 2025", "2025 жылғы 26 қыркүйек", "26 September 2025".
 */
void
kz_date_format_long(struct kz_date dt, enum kz_lang l, char *out, size_t outsz);

/*
 * Guess the language of a short text: en when Latin letters outnumber
 * Cyrillic ones, kk when Kazakh-only letters (ә ғ қ ң ө ұ ү һ і) make at
 * least 2% of the Cyrillic letters (so one Kazakh name in a Russian
 * paragraph stays ru), else ru.
 */
enum kz_lang kz_lang_guess(const char *p, size_t n);

/*
 * Character sets of documents received over HTTP (XML feeds).
 *
 * kz_charset_to_utf8 picks the encoding of data[0..len) the way RFC 7303 and
 * feedparser do:
 *  1. a byte order mark (UTF-8, UTF-16LE/BE, UTF-32LE/BE) wins;
 *  2. content_type (an HTTP Content-Type value, or NULL when there was no
 *     HTTP) application/xml, application/xml-dtd,
 *     application/xml-external-parsed-entity and application/ *+xml: its
 *     charset, else the XML declaration's encoding, else UTF-8;
 *     text/xml, text/xml-external-parsed-entity, text/ *+xml and other
 *     text/ *: its charset, else US-ASCII; any other type: the declaration,
 *     else UTF-8 (with a KZ_CHARSET_NOT_XML flag for non-XML types);
 *  3. without content_type: the declaration, else UTF-16/32 recognised by
 *     the pattern of "<?" bytes, else UTF-8.
 * An encoding named "utf-16" or "utf-32" without a BOM is read in the byte
 * order its "<?" pattern shows; gb2312 is read as its superset gb18030.
 * When the chosen encoding cannot decode the bytes, the declaration, the
 * sniffed encoding, UTF-8 and windows-1252 are tried in turn and
 * KZ_CHARSET_OVERRIDE is set; when none decodes, the chosen one is used with
 * U+FFFD for each bad sequence and KZ_CHARSET_INVALID is set.
 *
 * On success out (reset first) holds valid UTF-8 without a BOM, and info
 * the encoding's lower-case name ("utf-8", "windows-1251", "utf-16le") and
 * flags.  Fails with KZ_ECHARSET when the text holds a NUL character.
 */
enum {
	KZ_CHARSET_OVERRIDE = 1, /* the chosen encoding failed; another used */
	KZ_CHARSET_INVALID = 2, /* bad bytes replaced with U+FFFD */
	KZ_CHARSET_NOT_XML = 4, /* content_type is not an XML media type */
	KZ_CHARSET_UNKNOWN = 8 /* a named encoding iconv does not know */
};
struct kz_charset_info {
	char name[32];
	unsigned flags;
};
kz_rc kz_charset_to_utf8(const char *data, size_t len, const char *content_type,
    struct kz_buf *out, struct kz_charset_info *info,
    struct kz_err *err) KZ_MUST_CHECK;

/*
 * Convert data[0..len) from encoding `from` (an iconv name) to UTF-8,
 * appending to out.  strict != 0: fail with KZ_ECHARSET at the first bad
 * sequence (out is then left as it was); else replace each with U+FFFD and
 * count them in *invalid (if not NULL).  KZ_ECHARSET also for an unknown
 * encoding; KZ_ELIMIT when out's cap is reached.
 */
kz_rc
kz_charset_convert(const char *data, size_t len, const char *from, int strict,
    struct kz_buf *out, size_t *invalid, struct kz_err *err) KZ_MUST_CHECK;

/*
 * The charset parameter of a Content-Type value ("text/xml; charset=
 * 'koi8-r'" -> "koi8-r"), lower-cased, into out (outsz bytes); 1 if found.
 */
int
kz_charset_from_content_type(const char *content_type, char *out, size_t outsz);

#endif
