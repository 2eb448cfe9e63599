/*
 * The CSV report (RFC 4180): CRLF line ends, a header row
 *
 *   id,section,section_name,status,occurred_on,lang,title,summary,sources
 *
 * and one row per incident in report order.  lang is the language the title
 * and summary are in (the report's, or the fallback's); occurred_on is
 * YYYY-MM-DD or empty; sources are the URLs joined by a space.  Fields are
 * escaped by kz_render_csv_field, which also guards against formula
 * injection (a leading ' before = + - @ TAB CR and ').
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "render/render_int.h"

static kz_rc
field(struct kz_buf *out, const char *s, int last)
{
	KZ_TRY(kz_render_csv_field(out, s, strlen(s)));
	return kz_buf_puts(out, last ? "\r\n" : ",");
}

static kz_rc
csv_row(struct kz_buf *out, struct kz_buf *tmp, const struct kz_rgroup *gr,
    const struct kz_rent *e)
{
	const struct kz_incident *inc = e->inc;
	char num[32], iso[16] = "";

	snprintf(num, sizeof num, "%" PRId64, inc->id);
	if (!kz_date_unknown(inc->occurred_on) &&
	    kz_date_valid(inc->occurred_on))
		kz_date_format_iso(inc->occurred_on, iso);
	KZ_TRY(field(out, num, 0));
	KZ_TRY(field(out, gr->id, 0));
	KZ_TRY(field(out, gr->name, 0));
	KZ_TRY(field(out, kz_status_name(inc->status), 0));
	KZ_TRY(field(out, iso, 0));
	KZ_TRY(field(out, kz_lang_code(e->lang), 0));
	KZ_TRY(field(out, e->title, 0));
	KZ_TRY(field(out, e->summary, 0));
	kz_buf_reset(tmp);
	for (size_t i = 0; i < inc->nsources; i++) {
		const char *u = inc->sources[i].url;
		if (u == NULL || u[0] == '\0')
			continue;
		if (tmp->len > 0)
			KZ_TRY(kz_buf_putc(tmp, ' '));
		KZ_TRY(kz_buf_puts(tmp, u));
	}
	return field(out, kz_buf_str(tmp), 1);
}

kz_rc
kz_render_csv(struct kz_buf *out, const struct kz_rview *v)
{
	struct kz_buf tmp;
	kz_rc rc = KZ_OK;

	KZ_TRY(kz_buf_puts(out, KZ_REPORT_CSV_HEADER "\r\n"));
	/* One incident's sources, joined; capped like the report. */
	kz_buf_init(&tmp, out->max);
	for (size_t g = 0; g < v->ngroups && rc == KZ_OK; g++) {
		const struct kz_rgroup *gr = &v->groups[g];
		for (size_t i = gr->start; i < gr->end && rc == KZ_OK; i++)
			rc = csv_row(out, &tmp, gr, &v->ents[i]);
	}
	kz_buf_fini(&tmp);
	return rc;
}
