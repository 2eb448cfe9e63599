/*
 * /report: choose the period and language, preview the report (HTML) and
 * download it as md, html, json or csv (the archive's renderers, published
 * incidents only).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "kuzet/render.h"
#include "server/server_int.h"

struct rep_args {
	struct kz_date from, to;
	enum kz_lang lang;
	enum kz_format fmt;
	const char *bad;
};

static void
rep_args(struct kz_req *rq, struct rep_args *a)
{
	const char *v;
	struct kz_date today = kz_date_today();

	memset(a, 0, sizeof *a);
	a->lang = rq->ui;
	a->fmt = KZ_FMT_HTML;
	/* default: the last six months */
	a->to = today;
	a->from = today;
	a->from.m -= 6;
	if (a->from.m < 1) {
		a->from.m += 12;
		a->from.y--;
	}
	a->from.d = 1;
	v = kz_kvs_get(&rq->query, "from");
	if (v != NULL && v[0] && kz_date_parse_iso(v, &a->from) != 0)
		a->bad = "from";
	v = kz_kvs_get(&rq->query, "to");
	if (v != NULL && v[0] && kz_date_parse_iso(v, &a->to) != 0)
		a->bad = "to";
	v = kz_kvs_get(&rq->query, "lang");
	if (v != NULL && v[0] && kz_lang_parse(v, &a->lang) != 0)
		a->bad = "lang";
	v = kz_kvs_get(&rq->query, "format");
	if (v != NULL && v[0] && kz_format_parse(v, &a->fmt) != 0)
		a->bad = "format";
	if (a->bad == NULL && kz_date_cmp(a->from, a->to) > 0)
		a->bad = "from > to";
}

void
kz_h_report(struct kz_req *rq, struct kz_resp *rs)
{
	static const char *const fmts[] = {"md", "html", "json", "csv"};
	struct rep_args a;
	char from[16], to[16];

	rep_args(rq, &a);
	kz_page_begin(rq, rs, kz_t(rq, "rep.title"));
	kz_out(rs, "<h1>");
	kz_esc(rs, kz_t(rq, "rep.title"));
	kz_out(rs, "</h1>");
	if (a.bad != NULL) {
		rs->status = 400;
		kz_out(rs, "<p class=error>");
		kz_esc(rs, kz_t(rq, "err.form"));
		kz_out(rs, " (");
		kz_esc(rs, a.bad);
		kz_out(rs, ")</p>");
		kz_page_end(rq, rs);
		return;
	}
	kz_date_format_iso(a.from, from);
	kz_date_format_iso(a.to, to);
	kz_out(rs, "<form method=get action=/report class=filters><label>");
	kz_esc(rs, kz_t(rq, "f.from"));
	kz_outf(
	    rs, " <input type=date name=from value=%s></label> <label>", from);
	kz_esc(rs, kz_t(rq, "f.to"));
	kz_outf(rs, " <input type=date name=to value=%s></label> <label>", to);
	kz_esc(rs, kz_t(rq, "f.lang"));
	kz_out(rs, " <select name=lang>");
	for (int l = 0; l < KZ_LANG_COUNT; l++)
		kz_outf(rs, "<option value=%s%s>%s</option>",
		    kz_lang_code((enum kz_lang)l),
		    (int)a.lang == l ? " selected" : "",
		    kz_lang_code((enum kz_lang)l));
	kz_out(rs, "</select></label> <button>");
	kz_esc(rs, kz_t(rq, "btn.preview"));
	kz_out(rs, "</button></form><p class=downloads>");
	kz_esc(rs, kz_t(rq, "btn.download"));
	kz_out(rs, ":");
	for (int f = 0; f < 4; f++)
		kz_outf(rs,
		    " <a download href=\"/report/file?from=%s&amp;to=%s&amp;"
		    "lang=%s&amp;format=%s\">%s</a>",
		    from, to, kz_lang_code(a.lang), fmts[f], fmts[f]);
	kz_outf(rs,
	    "</p><iframe class=preview title=preview sandbox "
	    "src=\"/report/"
	    "file?from=%s&amp;to=%s&amp;lang=%s&amp;format=html&amp;"
	    "inline=1\"></iframe>",
	    from, to, kz_lang_code(a.lang));
	kz_page_end(rq, rs);
}

void
kz_h_report_file(struct kz_req *rq, struct kz_resp *rs)
{
	static const char *const types[] = {"text/markdown; charset=utf-8",
	    "text/html; charset=utf-8", "application/json; charset=utf-8",
	    "text/csv; charset=utf-8"};
	static const char *const exts[] = {"md", "html", "json", "csv"};
	struct rep_args a;
	struct kz_report_opts o;
	struct kz_err err;
	size_t missing = 0, count = 0;
	char from[16], to[16], disp[128];

	rep_args(rq, &a);
	if (a.bad != NULL) {
		rs->status = 400;
		rs->ctype = "text/plain; charset=utf-8";
		kz_outf(rs, "invalid parameter: %s\n", a.bad);
		return;
	}
	memset(&o, 0, sizeof o);
	o.lang = a.lang;
	o.from = a.from;
	o.to = a.to;
	o.tax = rq->srv->tax;
	o.generated = rq->now;
	if (kz_app_report(rq->store, &o, a.fmt, KZ_STATUS_PUBLISHED, &rs->body,
	        &missing, &count, &err) != KZ_OK) {
		kz_page_fail(rq, rs, &err);
		return;
	}
	rs->ctype = types[a.fmt];
	/* the report page is self-contained: its own inline style, nothing
	 * else */
	kz_resp_header(rs, "Content-Security-Policy",
	    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
	    "frame-ancestors 'self'");
	kz_date_format_iso(a.from, from);
	kz_date_format_iso(a.to, to);
	snprintf(disp, sizeof disp, "%s; filename=\"kuzet-%s-%s-%s.%s\"",
	    kz_kvs_get(&rq->query, "inline") ? "inline" : "attachment", from,
	    to, kz_lang_code(a.lang), exts[a.fmt]);
	kz_resp_header(rs, "Content-Disposition", disp);
	char n[64];
	snprintf(n, sizeof n, "%zu", count);
	kz_resp_header(rs, "X-Kuzet-Incidents", n);
	snprintf(n, sizeof n, "%zu", missing);
	kz_resp_header(rs, "X-Kuzet-Missing-Translation", n);
}
