/*
 * The HTML report: one self-contained page (inline CSS, no scripts, no
 * external resources) that prints well.  Shape:
 *
 *   <!DOCTYPE html><html lang="ru"><head>... <style>...</style></head><body>
 *   <header><h1>title</h1><p class="period">FROM – TO</p>
 *     <p class="intro">intro</p></header>
 *   <nav class="toc"><h2>Содержание</h2><ol>
 *     <li><a href="#s-expression">1. Name</a> <span class="count">3</span></li>
 *   ...</ol></nav>
 *   <main><section id="s-expression"><h2>1. Name</h2>
 *     <article id="i-7"><h3 lang="kk">Title</h3>
 *       <p class="fallback">⚠ ...</p>
 *       <p class="date">Дата события: <time datetime="2025-09-26">26
 *         сентября 2025</time></p>
 *       <div class="text" lang="kk"><p>para</p>...</div>
 *       <p class="sources-label">Источники:</p>
 *       <ul class="sources"><li><a href="URL" rel="noreferrer">URL</a></li>
 *       </ul></article>
 *   </section>...</main>
 *   <footer><p>Всего инцидентов: N</p>...</footer></body></html>
 *
 * Every section of the taxonomy is listed, with its count, even when empty.
 * Every string from data goes through kz_render_html_text; only http(s)
 * URLs become links.
 */
#include <string.h>

#include "kuzet/text.h"
#include "render/render_int.h"

static const char css[] =
    "body{font-family:\"PT Serif\",Georgia,serif;max-width:46em;margin:2em "
    "auto;padding:0 1em;line-height:1.5;color:#111;background:#fff}\n"
    "h1{font-size:1.8em;margin-bottom:.2em}\n"
    "h2{font-size:1.35em;border-bottom:1px solid #999;margin-top:2em}\n"
    "h3{font-size:1.1em;margin:1.5em 0 .3em}\n"
    ".period{color:#444;margin-top:0}\n"
    ".toc ol{list-style:none;padding-left:0}\n"
    ".count{color:#555}\n"
    ".count::before{content:\"(\"}.count::after{content:\")\"}\n"
    ".date,.sources-label{color:#444;font-size:.9em;margin:.2em 0}\n"
    ".fallback{display:inline-block;background:#fff3cd;border:1px solid "
    "#e0b400;border-radius:3px;padding:0 .4em;font-size:.85em;margin:0}\n"
    ".sources{font-size:.9em;margin-top:.2em;padding-left:1.2em}\n"
    ".sources a,.sources span{word-break:break-all}\n"
    ".empty{color:#666;font-style:italic}\n"
    "footer{margin-top:3em;border-top:1px solid #999;color:#444;"
    "font-size:.9em}\n"
    "@media print{body{max-width:none;margin:0;font-size:11pt}"
    "a{color:inherit;text-decoration:none}"
    ".toc{break-after:page}article{break-inside:avoid}"
    "h2,h3{break-after:avoid}"
    ".fallback{border:1px solid #000;background:none}}\n";

static kz_rc
text(struct kz_buf *out, const char *s)
{
	return kz_render_html_text(out, s, strlen(s));
}

/* The anchor of a group: "s-<id>" when the id is a plain taxonomy-style id,
 * else "s-<position>". */
static kz_rc
anchor(struct kz_buf *out, const struct kz_rgroup *gr, size_t g)
{
	const char *id = gr->id;
	size_t i;

	for (i = 0; id[i] != '\0'; i++) {
		char c = id[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		        c == '-' || c == '_'))
			break;
	}
	if (i > 0 && id[i] == '\0')
		return kz_buf_printf(out, "s-%s", id);
	return kz_buf_printf(out, "s-%zu", g + 1);
}

static kz_rc
group_title(struct kz_buf *out, const struct kz_rgroup *gr)
{
	if (gr->number > 0)
		KZ_TRY(kz_buf_printf(out, "%d. ", gr->number));
	return text(out, gr->name[0] != '\0' ? gr->name : "none");
}

/* Paragraphs of a summary, split at blank lines; single newlines become
 * <br>. */
static kz_rc
html_summary(struct kz_buf *out, const char *s)
{
	size_t n = strlen(s), pos = 0;
	int in_para = 0;

	while (pos <= n) {
		const char *nl = memchr(s + pos, '\n', n - pos);
		size_t end = nl != NULL ? (size_t)(nl - s) : n;
		size_t a = pos, b = end;

		while (a < b && (s[a] == ' ' || s[a] == '\t' || s[a] == '\r'))
			a++;
		while (b > a &&
		    (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\r'))
			b--;
		if (a == b) {
			if (in_para)
				KZ_TRY(kz_buf_puts(out, "</p>\n"));
			in_para = 0;
		} else {
			KZ_TRY(kz_buf_puts(out, in_para ? "<br>\n" : "<p>"));
			KZ_TRY(kz_render_html_text(out, s + a, b - a));
			in_para = 1;
		}
		if (nl == NULL)
			break;
		pos = end + 1;
	}
	if (in_para)
		KZ_TRY(kz_buf_puts(out, "</p>\n"));
	return KZ_OK;
}

static kz_rc
html_item(struct kz_buf *out, const struct kz_rview *v, const struct kz_rent *e)
{
	const struct kz_rphrases *p = kz_render_phrases(v->opts->lang);
	const struct kz_incident *inc = e->inc;
	const char *code = kz_lang_code(e->lang);
	size_t nsrc = 0;

	KZ_TRY(kz_buf_puts(out, "<article"));
	if (inc->id > 0)
		KZ_TRY(
		    kz_buf_printf(out, " id=\"i-%lld\"", (long long)inc->id));
	KZ_TRY(kz_buf_puts(out, ">\n<h3"));
	if (e->fallback)
		KZ_TRY(kz_buf_printf(out, " lang=\"%s\"", code));
	KZ_TRY(kz_buf_putc(out, '>'));
	KZ_TRY(text(out, e->title[0] != '\0' ? e->title : p->untitled));
	KZ_TRY(kz_buf_puts(out, "</h3>\n"));
	if (e->fallback) {
		KZ_TRY(kz_buf_puts(out, "<p class=\"fallback\">⚠ "));
		KZ_TRY(text(out, p->note_pre));
		KZ_TRY(text(out, p->note_lang[e->lang]));
		KZ_TRY(text(out, p->note_mid));
		KZ_TRY(kz_buf_printf(out, "%s).</p>\n", code));
	}
	if (!kz_date_unknown(inc->occurred_on) &&
	    kz_date_valid(inc->occurred_on)) {
		char iso[16], lng[64];
		kz_date_format_iso(inc->occurred_on, iso);
		kz_date_format_long(
		    inc->occurred_on, v->opts->lang, lng, sizeof lng);
		KZ_TRY(kz_buf_puts(out, "<p class=\"date\">"));
		KZ_TRY(text(out, p->date));
		KZ_TRY(kz_buf_printf(out, ": <time datetime=\"%s\">", iso));
		KZ_TRY(text(out, lng));
		KZ_TRY(kz_buf_puts(out, "</time></p>\n"));
	}
	KZ_TRY(kz_buf_puts(out, "<div class=\"text\""));
	if (e->fallback)
		KZ_TRY(kz_buf_printf(out, " lang=\"%s\"", code));
	KZ_TRY(kz_buf_puts(out, ">\n"));
	KZ_TRY(html_summary(out, e->summary));
	KZ_TRY(kz_buf_puts(out, "</div>\n"));
	for (size_t i = 0; i < inc->nsources; i++) {
		const char *u = inc->sources[i].url;
		if (u == NULL || u[0] == '\0')
			continue;
		if (nsrc++ == 0) {
			KZ_TRY(kz_buf_puts(out, "<p class=\"sources-label\">"));
			KZ_TRY(text(out, p->sources));
			KZ_TRY(kz_buf_puts(
			    out, ":</p>\n<ul class=\"sources\">\n"));
		}
		if (kz_render_url_is_web(u)) {
			KZ_TRY(kz_buf_puts(out, "<li><a href=\""));
			KZ_TRY(text(out, u));
			KZ_TRY(kz_buf_puts(out, "\" rel=\"noreferrer\">"));
			KZ_TRY(text(out, u));
			KZ_TRY(kz_buf_puts(out, "</a></li>\n"));
		} else {
			KZ_TRY(kz_buf_puts(out, "<li><span>"));
			KZ_TRY(text(out, u));
			KZ_TRY(kz_buf_puts(out, "</span></li>\n"));
		}
	}
	if (nsrc > 0)
		KZ_TRY(kz_buf_puts(out, "</ul>\n"));
	return kz_buf_puts(out, "</article>\n");
}

kz_rc
kz_render_html(struct kz_buf *out, const struct kz_rview *v)
{
	const struct kz_report_opts *o = v->opts;
	const struct kz_rphrases *p = kz_render_phrases(o->lang);
	size_t g;

	KZ_TRY(kz_buf_printf(out,
	    "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n"
	    "<meta name=\"generator\" content=\"kuzet\">\n<title>",
	    kz_lang_code(o->lang)));
	KZ_TRY(text(out, p->title));
	KZ_TRY(kz_buf_puts(out, ": "));
	KZ_TRY(kz_render_period_long(out, o->from, o->to, o->lang));
	KZ_TRY(kz_buf_printf(
	    out, "</title>\n<style>\n%s</style>\n</head>\n", css));

	KZ_TRY(kz_buf_puts(out, "<body>\n<header>\n<h1>"));
	KZ_TRY(text(out, p->title));
	KZ_TRY(kz_buf_puts(out, "</h1>\n<p class=\"period\">"));
	KZ_TRY(kz_render_period_long(out, o->from, o->to, o->lang));
	KZ_TRY(kz_buf_puts(out, "</p>\n<p class=\"intro\">"));
	KZ_TRY(text(out, p->intro_pre));
	KZ_TRY(kz_render_period_long(out, o->from, o->to, o->lang));
	KZ_TRY(text(out, p->intro_post));
	KZ_TRY(kz_buf_puts(out, "</p>\n</header>\n"));

	KZ_TRY(kz_buf_puts(out, "<nav class=\"toc\">\n<h2>"));
	KZ_TRY(text(out, p->toc));
	KZ_TRY(kz_buf_puts(out, "</h2>\n<ol>\n"));
	for (g = 0; g < v->ngroups; g++) {
		const struct kz_rgroup *gr = &v->groups[g];
		KZ_TRY(kz_buf_puts(out, "<li><a href=\"#"));
		KZ_TRY(anchor(out, gr, g));
		KZ_TRY(kz_buf_puts(out, "\">"));
		KZ_TRY(group_title(out, gr));
		KZ_TRY(kz_buf_printf(out,
		    "</a> <span class=\"count\">%zu</span></li>\n",
		    gr->end - gr->start));
	}
	KZ_TRY(kz_buf_puts(out, "</ol>\n</nav>\n<main>\n"));

	for (g = 0; g < v->ngroups; g++) {
		const struct kz_rgroup *gr = &v->groups[g];
		KZ_TRY(kz_buf_puts(out, "<section id=\""));
		KZ_TRY(anchor(out, gr, g));
		KZ_TRY(kz_buf_puts(out, "\">\n<h2>"));
		KZ_TRY(group_title(out, gr));
		KZ_TRY(kz_buf_puts(out, "</h2>\n"));
		if (gr->start == gr->end) {
			KZ_TRY(kz_buf_puts(out, "<p class=\"empty\">"));
			KZ_TRY(text(out, p->empty_section));
			KZ_TRY(kz_buf_puts(out, "</p>\n"));
		}
		for (size_t i = gr->start; i < gr->end; i++)
			KZ_TRY(html_item(out, v, &v->ents[i]));
		KZ_TRY(kz_buf_puts(out, "</section>\n"));
	}

	KZ_TRY(kz_buf_puts(out, "</main>\n<footer>\n<p>"));
	KZ_TRY(text(out, p->total));
	KZ_TRY(kz_buf_printf(out, ": %zu</p>\n", v->n));
	if (v->missing > 0) {
		KZ_TRY(kz_buf_puts(out, "<p>"));
		KZ_TRY(text(out, p->missing));
		KZ_TRY(kz_buf_printf(out, ": %zu</p>\n", v->missing));
	}
	if (o->generated > 0) {
		char ts[24];
		kz_render_time(o->generated, ts);
		KZ_TRY(kz_buf_puts(out, "<p>"));
		KZ_TRY(text(out, p->generated));
		KZ_TRY(kz_buf_printf(
		    out, ": <time datetime=\"%s\">%s</time></p>\n", ts, ts));
	}
	return kz_buf_puts(out, "</footer>\n</body>\n</html>\n");
}
