/*
 * JSON: one incident (the `incident list --json` contract) and the report.
 *
 * Incident:
 *   {"id":1,"section":"expression","status":"published",
 *    "occurred_on":"2025-09-26"|null,
 *    "period":{"from":"2025-08-01","to":"2026-01-31"}|null,
 *    "title":{"ru":"..."},"summary":{"ru":"..."},
 *    "sources":[{"url":"...","url_norm":"..."|null}],
 *    "created":"2025-09-26T10:00:00Z"|null,"updated":...|null,"version":1}
 * created/updated are null while 0 (not stored yet).  In a report each
 * incident also has "fallback_lang": null, or the code of the language it is
 * shown in when it has no title in the report's language.
 *
 * Report:
 *   {"lang":"ru","period":{"from":"...","to":"..."},
 *    "generated":"RFC 3339"|null,"count":N,"missing_translation":M,
 *    "sections":[{"id":"expression","name":"...","number":1,"count":2,
 *                 "incidents":[...]}]}
 * Every taxonomy section is listed (count 0 when empty), then sections not in
 * the taxonomy ("number":null, "name" = id).  Output is compact JSON with a
 * newline before each section and each incident, and one at the end.
 */
#include <inttypes.h>
#include <string.h>

#include "render/render_int.h"

static kz_rc
str(struct kz_buf *out, const char *s)
{
	return kz_render_json_str(out, s, strlen(s));
}

static kz_rc
date_or_null(struct kz_buf *out, struct kz_date d)
{
	char iso[16];

	if (kz_date_unknown(d) || !kz_date_valid(d))
		return kz_buf_puts(out, "null");
	kz_date_format_iso(d, iso);
	return kz_buf_printf(out, "\"%s\"", iso);
}

static kz_rc
time_or_null(struct kz_buf *out, int64_t t)
{
	char ts[24];

	if (t == 0)
		return kz_buf_puts(out, "null");
	kz_render_time(t, ts);
	return kz_buf_printf(out, "\"%s\"", ts);
}

/* {"ru":"...","kk":"..."} with only the languages present. */
static kz_rc
texts(struct kz_buf *out, char *const *t)
{
	int first = 1;

	KZ_TRY(kz_buf_putc(out, '{'));
	for (int l = 0; l < KZ_LANG_COUNT; l++) {
		if (t[l] == NULL)
			continue;
		if (!first)
			KZ_TRY(kz_buf_putc(out, ','));
		first = 0;
		KZ_TRY(kz_buf_printf(out, "\"%s\":", kz_lang_code(l)));
		KZ_TRY(str(out, t[l]));
	}
	return kz_buf_putc(out, '}');
}

kz_rc
kz_render_incident_json_x(struct kz_buf *out, const struct kz_incident *inc,
    const struct kz_rent *ent)
{
	char section[KZ_SECTION_ID_BYTES];

	memcpy(section, inc->section, sizeof section);
	section[sizeof section - 1] = '\0';
	KZ_TRY(kz_buf_printf(out, "{\"id\":%" PRId64 ",\"section\":", inc->id));
	KZ_TRY(str(out, section));
	KZ_TRY(kz_buf_puts(out, ",\"status\":"));
	KZ_TRY(str(out, kz_status_name(inc->status)));
	KZ_TRY(kz_buf_puts(out, ",\"occurred_on\":"));
	KZ_TRY(date_or_null(out, inc->occurred_on));
	KZ_TRY(kz_buf_puts(out, ",\"period\":"));
	if (kz_date_unknown(inc->period_from) &&
	    kz_date_unknown(inc->period_to)) {
		KZ_TRY(kz_buf_puts(out, "null"));
	} else {
		KZ_TRY(kz_buf_puts(out, "{\"from\":"));
		KZ_TRY(date_or_null(out, inc->period_from));
		KZ_TRY(kz_buf_puts(out, ",\"to\":"));
		KZ_TRY(date_or_null(out, inc->period_to));
		KZ_TRY(kz_buf_putc(out, '}'));
	}
	KZ_TRY(kz_buf_puts(out, ",\"title\":"));
	KZ_TRY(texts(out, inc->title));
	KZ_TRY(kz_buf_puts(out, ",\"summary\":"));
	KZ_TRY(texts(out, inc->summary));
	KZ_TRY(kz_buf_puts(out, ",\"sources\":["));
	for (size_t i = 0; i < inc->nsources; i++) {
		const struct kz_source *s = &inc->sources[i];
		if (i > 0)
			KZ_TRY(kz_buf_putc(out, ','));
		KZ_TRY(kz_buf_puts(out, "{\"url\":"));
		KZ_TRY(str(out, s->url != NULL ? s->url : ""));
		KZ_TRY(kz_buf_puts(out, ",\"url_norm\":"));
		if (s->url_norm != NULL)
			KZ_TRY(str(out, s->url_norm));
		else
			KZ_TRY(kz_buf_puts(out, "null"));
		KZ_TRY(kz_buf_putc(out, '}'));
	}
	KZ_TRY(kz_buf_puts(out, "],\"created\":"));
	KZ_TRY(time_or_null(out, inc->created));
	KZ_TRY(kz_buf_puts(out, ",\"updated\":"));
	KZ_TRY(time_or_null(out, inc->updated));
	KZ_TRY(kz_buf_printf(out, ",\"version\":%" PRId64, inc->version));
	if (ent != NULL) {
		KZ_TRY(kz_buf_puts(out, ",\"fallback_lang\":"));
		if (ent->fallback)
			KZ_TRY(kz_buf_printf(
			    out, "\"%s\"", kz_lang_code(ent->lang)));
		else
			KZ_TRY(kz_buf_puts(out, "null"));
	}
	return kz_buf_putc(out, '}');
}

/*
 * One incident as a JSON object (render.h).  On error (KZ_ELIMIT from out)
 * the buffer is left as it was.
 */
kz_rc
kz_render_incident_json(struct kz_buf *out, const struct kz_incident *inc)
{
	size_t start = out->len;
	kz_rc rc = kz_render_incident_json_x(out, inc, NULL);

	if (rc != KZ_OK) {
		out->len = start;
		if (out->data != NULL)
			out->data[start] = '\0';
	}
	return rc;
}

kz_rc
kz_render_json(struct kz_buf *out, const struct kz_rview *v)
{
	const struct kz_report_opts *o = v->opts;

	KZ_TRY(kz_buf_printf(out,
	    "{\"lang\":\"%s\",\"period\":{\"from\":", kz_lang_code(o->lang)));
	KZ_TRY(date_or_null(out, o->from));
	KZ_TRY(kz_buf_puts(out, ",\"to\":"));
	KZ_TRY(date_or_null(out, o->to));
	KZ_TRY(kz_buf_puts(out, "},\"generated\":"));
	KZ_TRY(time_or_null(out, o->generated));
	KZ_TRY(kz_buf_printf(out,
	    ",\"count\":%zu,\"missing_translation\":%zu,\"sections\":[", v->n,
	    v->missing));
	for (size_t g = 0; g < v->ngroups; g++) {
		const struct kz_rgroup *gr = &v->groups[g];
		if (g > 0)
			KZ_TRY(kz_buf_putc(out, ','));
		KZ_TRY(kz_buf_puts(out, "\n{\"id\":"));
		KZ_TRY(str(out, gr->id));
		KZ_TRY(kz_buf_puts(out, ",\"name\":"));
		KZ_TRY(str(out, gr->name));
		if (gr->number > 0)
			KZ_TRY(
			    kz_buf_printf(out, ",\"number\":%d", gr->number));
		else
			KZ_TRY(kz_buf_puts(out, ",\"number\":null"));
		KZ_TRY(kz_buf_printf(out, ",\"count\":%zu,\"incidents\":[",
		    gr->end - gr->start));
		for (size_t i = gr->start; i < gr->end; i++) {
			if (i > gr->start)
				KZ_TRY(kz_buf_putc(out, ','));
			KZ_TRY(kz_buf_putc(out, '\n'));
			KZ_TRY(kz_render_incident_json_x(
			    out, v->ents[i].inc, &v->ents[i]));
		}
		KZ_TRY(kz_buf_puts(out, "]}"));
	}
	return kz_buf_puts(out, "]}\n");
}
