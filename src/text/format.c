/*
 * Writing month names and long dates in Russian, Kazakh and English
 * (text.h).  The long forms are exactly those kz_period_find and
 * kz_date_find read back, so a rendered report imports again.
 */
#include <stdio.h>

#include "kuzet/text.h"

/* Nominative month names, by language. */
static const char *const month_nom[KZ_LANG_COUNT][12] = {
    [KZ_LANG_RU] = {"январь", "февраль", "март", "апрель", "май", "июнь",
        "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь"},
    [KZ_LANG_KK] = {"қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым",
        "шілде", "тамыз", "қыркүйек", "қазан", "қараша", "желтоқсан"},
    [KZ_LANG_EN] = {"January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December"},
};

/* Russian genitive ("26 сентября"); Kazakh and English do not change. */
static const char *const month_gen_ru[12] = {"января", "февраля", "марта",
    "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября",
    "декабря"};

/*
 * Month m (1..12) in language l; "" when m or l is out of range, so a
 * caller formatting a bad date never dereferences NULL.  Static storage.
 */
const char *
kz_month_name(int m, enum kz_lang l, int genitive)
{
	if (m < 1 || m > 12 || (int)l < 0 || l >= KZ_LANG_COUNT)
		return "";
	if (genitive && l == KZ_LANG_RU)
		return month_gen_ru[m - 1];
	return month_nom[l][m - 1];
}

/*
 * "26 сентября 2025", "2025 жылғы 26 қыркүйек", "26 September 2025".  An
 * unknown date (y == 0) writes ""; a date that is not a real calendar date
 * or a language out of range falls back to "YYYY-MM-DD" so nothing is lost.
 * Output is truncated (still NUL-terminated) if outsz is too small.
 */
void
kz_date_format_long(struct kz_date dt, enum kz_lang l, char *out, size_t outsz)
{
	if (out == NULL || outsz == 0)
		return;
	out[0] = '\0';
	if (kz_date_unknown(dt))
		return;
	if (!kz_date_valid(dt) || (int)l < 0 || l >= KZ_LANG_COUNT) {
		snprintf(out, outsz, "%04d-%02d-%02d", dt.y, dt.m, dt.d);
		return;
	}
	switch (l) {
	case KZ_LANG_KK:
		snprintf(out, outsz, "%d жылғы %d %s", dt.y, dt.d,
		    kz_month_name(dt.m, l, 1));
		break;
	case KZ_LANG_RU:
	case KZ_LANG_EN:
	default:
		snprintf(out, outsz, "%d %s %d", dt.d,
		    kz_month_name(dt.m, l, 1), dt.y);
		break;
	}
}
