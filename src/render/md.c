/*
 * The Markdown report, in the clean form of the seed report:
 *
 *     # Мониторинг цифровых прав
 *
 *     Мониторинг цифровых прав за период 1 августа 2025 – 31 января 2026.
 *
 *     ## 1. Свобода выражения мнения и доступ к информации
 *
 *     ### Title
 *
 *     > ⚠ Нет перевода на русский: текст на казахском (kk).
 *
 *     Summary paragraph.
 *
 *     <https://example.kz/a>
 *
 * Only sections with items appear; "## N." is the section's position in
 * the taxonomy, so a number always means the same section.  Sections not in
 * the taxonomy come last as "## id".  Text is escaped (kz_render_md_text)
 * so kz_import_md_parse reads back the same titles and summaries.
 */
#include <string.h>

#include "render/render_int.h"

/* A source as an autolink "<url>"; bytes an autolink cannot hold (space,
 * controls, < >) are percent-encoded.  Only http(s) URLs become links (as in
 * the HTML report, so a "javascript:" source never turns into one); any
 * other is written as escaped text. */
static kz_rc
md_url(struct kz_buf *out, const char *u)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i, run = 0;

	if (!kz_render_url_is_web(u))
		return kz_render_md_text(out, u, strlen(u), 1);
	KZ_TRY(kz_buf_putc(out, '<'));
	for (i = 0; u[i] != '\0'; i++) {
		unsigned char c = (unsigned char)u[i];
		char pct[3];
		if (c > 0x20 && c != '<' && c != '>' && c != 0x7f)
			continue;
		KZ_TRY(kz_buf_append(out, u + run, i - run));
		pct[0] = '%';
		pct[1] = hex[c >> 4];
		pct[2] = hex[c & 15];
		KZ_TRY(kz_buf_append(out, pct, 3));
		run = i + 1;
	}
	KZ_TRY(kz_buf_append(out, u + run, i - run));
	return kz_buf_putc(out, '>');
}

static int
blank_line(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' &&
		    p[i] != '\v' && p[i] != '\f')
			return 0;
	}
	return 1;
}

/* The summary as paragraphs: split at blank lines, each followed by an
 * empty line. */
static kz_rc
md_summary(struct kz_buf *out, const char *s)
{
	size_t n = strlen(s), pos = 0, para = 0;
	int in_para = 0;

	while (pos <= n) {
		const char *nl = memchr(s + pos, '\n', n - pos);
		size_t end = nl != NULL ? (size_t)(nl - s) : n;
		int blank = blank_line(s + pos, end - pos);

		if (!blank && !in_para) {
			para = pos;
			in_para = 1;
		}
		if ((blank || nl == NULL) && in_para) {
			size_t pend = blank ? pos : end;
			KZ_TRY(
			    kz_render_md_text(out, s + para, pend - para, 0));
			KZ_TRY(kz_buf_puts(out, "\n\n"));
			in_para = 0;
		}
		if (nl == NULL)
			break;
		pos = end + 1;
	}
	return KZ_OK;
}

static kz_rc
md_item(struct kz_buf *out, const struct kz_rview *v, const struct kz_rent *e)
{
	const struct kz_rphrases *p = kz_render_phrases(v->opts->lang);
	const struct kz_incident *inc = e->inc;
	size_t before;

	KZ_TRY(kz_buf_puts(out, "### "));
	before = out->len;
	KZ_TRY(kz_render_md_text(out, e->title, strlen(e->title), 1));
	if (out->len == before)
		KZ_TRY(kz_render_md_text(
		    out, p->untitled, strlen(p->untitled), 1));
	KZ_TRY(kz_buf_puts(out, "\n\n"));
	if (e->fallback) {
		KZ_TRY(kz_buf_puts(out, "> "));
		KZ_TRY(kz_render_fallback_note(out, v->opts->lang, e->lang));
		KZ_TRY(kz_buf_puts(out, "\n\n"));
	}
	KZ_TRY(md_summary(out, e->summary));
	for (size_t i = 0; i < inc->nsources; i++) {
		const char *u = inc->sources[i].url;
		if (u == NULL || u[0] == '\0')
			continue;
		KZ_TRY(md_url(out, u));
		KZ_TRY(kz_buf_puts(out, "\n\n"));
	}
	return KZ_OK;
}

kz_rc
kz_render_md(struct kz_buf *out, const struct kz_rview *v)
{
	const struct kz_report_opts *o = v->opts;
	const struct kz_rphrases *p = kz_render_phrases(o->lang);

	KZ_TRY(kz_buf_printf(out, "# %s\n\n%s", p->title, p->intro_pre));
	KZ_TRY(kz_render_period_long(out, o->from, o->to, o->lang));
	KZ_TRY(kz_buf_printf(out, "%s\n", p->intro_post));
	for (size_t g = 0; g < v->ngroups; g++) {
		const struct kz_rgroup *gr = &v->groups[g];
		if (gr->start == gr->end)
			continue;
		KZ_TRY(kz_buf_puts(out, "\n## "));
		if (gr->number > 0)
			KZ_TRY(kz_buf_printf(out, "%d. ", gr->number));
		KZ_TRY(kz_render_md_text(out, gr->name, strlen(gr->name), 1));
		KZ_TRY(kz_buf_puts(out, "\n\n"));
		for (size_t i = gr->start; i < gr->end; i++)
			KZ_TRY(md_item(out, v, &v->ents[i]));
		/* Items end with an empty line; drop it before the next
		 * heading's own. */
		out->len--;
		out->data[out->len] = '\0';
	}
	return KZ_OK;
}
