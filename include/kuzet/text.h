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

#endif
