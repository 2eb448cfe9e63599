/*
 * kz_render_report: check the options, place every item in its section,
 * choose the language it is shown in, sort, and hand the grouped view to
 * the writer for the format.  O(n log n) in the number of items.
 */
#include <stdlib.h>
#include <string.h>

#include "kuzet/text.h"
#include "render/render_int.h"

static const struct kz_rphrases phrases[KZ_LANG_COUNT] = {
    [KZ_LANG_RU] =
        {
            .title = "Мониторинг цифровых прав",
            .intro_pre = "Мониторинг цифровых прав за период ",
            .intro_post = ".",
            .toc = "Содержание",
            .sources = "Источники",
            .date = "Дата события",
            .total = "Всего инцидентов",
            .missing = "Без перевода",
            .generated = "Сформировано",
            .empty_section = "За этот период инцидентов нет.",
            .untitled = "(без заголовка)",
            .note_pre = "Нет перевода на русский: текст на ",
            .note_lang = {"русском", "казахском", "английском"},
            .note_mid = " (",
        },
    [KZ_LANG_KK] =
        {
            .title = "Цифрлық құқықтар мониторингі",
            .intro_pre = "Цифрлық құқықтар мониторингі: ",
            .intro_post = " кезеңі.",
            .toc = "Мазмұны",
            .sources = "Дереккөздер",
            .date = "Оқиға күні",
            .total = "Инциденттер саны",
            .missing = "Аудармасы жоқ",
            .generated = "Жасалған уақыты",
            .empty_section = "Бұл кезеңде инцидент жоқ.",
            .untitled = "(тақырыпсыз)",
            .note_pre = "Қазақша аудармасы жоқ: мәтін ",
            .note_lang = {"орыс", "қазақ", "ағылшын"},
            .note_mid = " тілінде (",
        },
    [KZ_LANG_EN] =
        {
            .title = "Digital rights monitoring",
            .intro_pre = "Digital rights monitoring for ",
            .intro_post = ".",
            .toc = "Contents",
            .sources = "Sources",
            .date = "Date",
            .total = "Total incidents",
            .missing = "Without translation",
            .generated = "Generated",
            .empty_section = "No incidents in this period.",
            .untitled = "(untitled)",
            .note_pre = "No English translation: text in ",
            .note_lang = {"Russian", "Kazakh", "English"},
            .note_mid = " (",
        },
};

const struct kz_rphrases *
kz_render_phrases(enum kz_lang l)
{
	if ((int)l < 0 || l >= KZ_LANG_COUNT)
		l = KZ_LANG_EN;
	return &phrases[l];
}

kz_rc
kz_render_period_long(
    struct kz_buf *out, struct kz_date from, struct kz_date to, enum kz_lang l)
{
	char a[64], b[64];

	kz_date_format_long(from, l, a, sizeof a);
	kz_date_format_long(to, l, b, sizeof b);
	return kz_buf_printf(out, "%s – %s", a, b);
}

kz_rc
kz_render_fallback_note(
    struct kz_buf *out, enum kz_lang report, enum kz_lang shown)
{
	const struct kz_rphrases *p = kz_render_phrases(report);

	return kz_buf_printf(out, "⚠ %s%s%s%s).", p->note_pre,
	    p->note_lang[shown], p->note_mid, kz_lang_code(shown));
}

static int
has_text(const char *s)
{
	return s != NULL && s[0] != '\0';
}

/* Choose the language an item is shown in: the report's when it has a title
 * there, else the first it has in ru, kk, en order. */
static void
choose_lang(struct kz_rent *e, enum kz_lang want)
{
	const struct kz_incident *inc = e->inc;

	e->lang = kz_incident_lang(inc, want);
	e->fallback = e->lang != want;
	e->title = inc->title[e->lang] != NULL ? inc->title[e->lang] : "";
	e->summary = inc->summary[e->lang] != NULL ? inc->summary[e->lang] : "";
}

static int
cmp_section_id(const struct kz_incident *a, const struct kz_incident *b)
{
	return strncmp(a->section, b->section, KZ_SECTION_ID_BYTES);
}

static int
cmp_ent(const void *pa, const void *pb)
{
	const struct kz_rent *a = pa, *b = pb;
	int c;

	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	if (a->rank == SIZE_MAX) {
		c = cmp_section_id(a->inc, b->inc);
		if (c != 0)
			return c;
	}
	c = kz_date_cmp(a->date, b->date);
	if (c != 0)
		return c;
	if (a->inc->id != b->inc->id)
		return a->inc->id < b->inc->id ? -1 : 1;
	if (a->orig != b->orig)
		return a->orig < b->orig ? -1 : 1;
	return 0;
}

/* Place every item; fill v->ents (sorted) and v->groups. */
static void
build_view(struct kz_rview *v, const struct kz_incident *items, size_t n)
{
	const struct kz_taxonomy *tax = v->opts->tax;
	size_t i, g;

	v->n = n;
	v->ents = kz_xreallocarray(NULL, n > 0 ? n : 1, sizeof *v->ents);
	v->missing = 0;
	for (i = 0; i < n; i++) {
		struct kz_rent *e = &v->ents[i];
		char id[KZ_SECTION_ID_BYTES];
		int idx;

		memcpy(id, items[i].section, sizeof id);
		id[sizeof id - 1] = '\0';
		idx = kz_taxonomy_index(tax, id);
		e->inc = &items[i];
		e->rank = idx >= 0 ? (size_t)idx : SIZE_MAX;
		e->orig = i;
		e->date = kz_incident_sort_date(&items[i]);
		choose_lang(e, v->opts->lang);
		if (e->fallback)
			v->missing++;
	}
	if (n > 1)
		qsort(v->ents, n, sizeof *v->ents, cmp_ent);

	/* Every taxonomy section, then one group per unknown id. */
	v->groups = kz_xreallocarray(NULL, tax->n + n + 1, sizeof *v->groups);
	i = 0;
	for (g = 0; g < tax->n; g++) {
		const struct kz_section *s = &tax->sections[g];
		struct kz_rgroup *gr = &v->groups[g];

		gr->id = s->id;
		gr->name = has_text(s->name[v->opts->lang])
		    ? s->name[v->opts->lang]
		    : s->id;
		gr->number = (int)g + 1;
		gr->start = i;
		while (i < n && v->ents[i].rank == g)
			i++;
		gr->end = i;
	}
	while (i < n) {
		struct kz_rgroup *gr = &v->groups[g++];
		const struct kz_incident *first = v->ents[i].inc;

		gr->id = first->section;
		gr->name = first->section;
		gr->number = 0;
		gr->start = i;
		while (i < n && cmp_section_id(v->ents[i].inc, first) == 0)
			i++;
		gr->end = i;
	}
	v->ngroups = g;
}

kz_rc
kz_render_report(struct kz_buf *out, enum kz_format fmt,
    const struct kz_report_opts *opts, const struct kz_incident *items,
    size_t n, size_t *missing, struct kz_err *err)
{
	struct kz_rview v;
	size_t start;
	kz_rc rc;

	if (out == NULL || opts == NULL || opts->tax == NULL ||
	    (items == NULL && n > 0))
		return kz_fail(err, KZ_EUSAGE, "render: missing argument");
	if ((int)fmt < KZ_FMT_MD || fmt > KZ_FMT_CSV)
		return kz_fail(
		    err, KZ_EUSAGE, "render: unknown format %d", (int)fmt);
	if ((int)opts->lang < 0 || opts->lang >= KZ_LANG_COUNT)
		return kz_fail(err, KZ_EUSAGE, "render: unknown language %d",
		    (int)opts->lang);
	if (!kz_date_valid(opts->from) || !kz_date_valid(opts->to) ||
	    kz_date_cmp(opts->from, opts->to) > 0)
		return kz_fail(err, KZ_EUSAGE,
		    "render: report period %04d-%02d-%02d .. %04d-%02d-%02d "
		    "is not a valid date range",
		    opts->from.y, opts->from.m, opts->from.d, opts->to.y,
		    opts->to.m, opts->to.d);
	for (size_t i = 0; i < n; i++) {
		if (memchr(items[i].section, '\0', KZ_SECTION_ID_BYTES) == NULL)
			return kz_fail(err, KZ_EUSAGE,
			    "render: item %zu: section id not terminated", i);
	}

	memset(&v, 0, sizeof v);
	v.opts = opts;
	build_view(&v, items, n);
	start = out->len;
	switch (fmt) {
	case KZ_FMT_MD:
		rc = kz_render_md(out, &v);
		break;
	case KZ_FMT_HTML:
		rc = kz_render_html(out, &v);
		break;
	case KZ_FMT_JSON:
		rc = kz_render_json(out, &v);
		break;
	case KZ_FMT_CSV:
	default:
		rc = kz_render_csv(out, &v);
		break;
	}
	free(v.ents);
	free(v.groups);
	if (rc != KZ_OK) {
		/* Leave the buffer as it was. */
		out->len = start;
		if (out->data != NULL)
			out->data[start] = '\0';
		if (rc == KZ_ELIMIT)
			return kz_fail(err, rc,
			    "render: report larger than %zu bytes", out->max);
		return kz_fail(err, rc, "render: %s", kz_rc_str(rc));
	}
	if (missing != NULL)
		*missing = v.missing;
	return KZ_OK;
}
