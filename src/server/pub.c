/*
 * The public side of kuzet serve (no login): published incidents with
 * filters and search, one incident, the Atom feed, the JSON API and the
 * CSV export.  Nothing but published incidents is ever shown here to
 * visitors who are not logged in.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "kuzet/render.h"
#include "server/server_int.h"

/* The filters of /, /api/incidents, /feed.atom and /export.csv. */
struct pub_filter {
	struct kz_incident_filter f;
	enum kz_lang lang; /* text shown in */
	int lang_only; /* ?lang= given: only incidents with that title */
	const char *q;
	const char *bad; /* the first invalid parameter, or NULL */
};

static void
pub_filter(struct kz_req *rq, struct pub_filter *pf)
{
	const char *v;

	memset(pf, 0, sizeof *pf);
	kz_incident_filter_init(&pf->f);
	pf->f.status = KZ_STATUS_PUBLISHED;
	pf->f.newest_first = 1;
	pf->lang = rq->ui;
	v = kz_kvs_get(&rq->query, "section");
	if (v != NULL && v[0] != '\0') {
		if (kz_taxonomy_find(rq->srv->tax, v) != NULL)
			pf->f.section = v;
		else
			pf->bad = "section";
	}
	v = kz_kvs_get(&rq->query, "from");
	if (v != NULL && v[0] != '\0' && kz_date_parse_iso(v, &pf->f.from) != 0)
		pf->bad = "from";
	v = kz_kvs_get(&rq->query, "to");
	if (v != NULL && v[0] != '\0' && kz_date_parse_iso(v, &pf->f.to) != 0)
		pf->bad = "to";
	v = kz_kvs_get(&rq->query, "lang");
	if (v != NULL && v[0] != '\0') {
		enum kz_lang l;
		if (kz_lang_parse(v, &l) == 0) {
			pf->lang = l;
			pf->lang_only = 1;
			pf->f.lang = (int)l;
		} else {
			pf->bad = "lang";
		}
	}
	v = kz_kvs_get(&rq->query, "q");
	if (v != NULL && v[0] != '\0') {
		pf->q = v;
		pf->f.q = v;
	}
}

/* ---- / ---- */

struct list_ctx {
	struct kz_req *rq;
	struct kz_resp *rs;
	enum kz_lang lang;
	size_t n, show;
};

static void
out_date(struct kz_resp *rs, struct kz_date d)
{
	char iso[16];
	if (kz_date_unknown(d) || !kz_date_valid(d))
		return;
	kz_date_format_iso(d, iso);
	kz_outf(rs, "<time datetime=%s>%s</time>", iso, iso);
}

/* A search snippet: the text escaped, the matched words (between \x02
 * and \x03) in <mark>. */
static void
out_snippet(struct kz_resp *rs, const char *s)
{
	while (*s) {
		size_t n = strcspn(s, "\x02\x03");
		kz_escn(rs, s, n);
		s += n;
		if (*s == '\x02')
			kz_out(rs, "<mark>");
		else if (*s == '\x03')
			kz_out(rs, "</mark>");
		if (*s)
			s++;
	}
}

static kz_rc list_one_x(
    struct list_ctx *c, const struct kz_incident *inc, const char *snippet);

static kz_rc
list_one(void *ctx, const struct kz_incident *inc)
{
	return list_one_x(ctx, inc, NULL);
}

static kz_rc
search_one(void *ctx, const struct kz_search_hit *h)
{
	return list_one_x(ctx, h->inc, h->snippet);
}

static kz_rc
list_one_x(
    struct list_ctx *c, const struct kz_incident *inc, const char *snippet)
{
	struct kz_resp *rs = c->rs;

	if (++c->n > c->show)
		return KZ_OK;
	enum kz_lang got = kz_incident_lang(inc, c->lang);
	const char *title = inc->title[got] ? inc->title[got] : "";
	const char *sum = inc->summary[got] ? inc->summary[got] : "";
	kz_outf(rs, "<article class=inc><h2><a href=/incidents/%" PRId64 ">",
	    inc->id);
	kz_esc(rs, title[0] ? title : "—");
	kz_out(rs, "</a>");
	if (got != c->lang) {
		kz_outf(rs, " <small class=notrans lang=%s>",
		    kz_lang_code(c->lang));
		kz_esc(rs, kz_t(c->rq, "pub.notrans"));
		kz_out(rs, "</small>");
	}
	kz_out(rs, "</h2><p class=meta>");
	out_date(rs, kz_incident_sort_date(inc));
	kz_out(rs, " · <a href=\"/?section=");
	kz_out_qv(rs, inc->section);
	kz_out(rs, "\">");
	kz_esc(rs, kz_section_name(c->rq, inc->section, c->rq->ui));
	kz_out(rs, "</a></p>");
	if (snippet != NULL) {
		kz_out(rs, "<p class=snippet>");
		out_snippet(rs, snippet);
		kz_out(rs, "</p>");
	} else if (sum[0] != '\0') {
		size_t n = strlen(sum), cut = n;
		if (cut > 500) {
			cut = 500;
			while (
			    cut > 0 && ((unsigned char)sum[cut] & 0xC0) == 0x80)
				cut--;
		}
		kz_out(rs, "<p>");
		kz_escn(rs, sum, cut);
		if (cut < n)
			kz_out(rs, "…");
		kz_out(rs, "</p>");
	}
	kz_out(rs, "</article>\n");
	return KZ_OK;
}

static void
keep_args(struct kz_req *rq, struct kz_resp *rs, const char *skip)
{
	static const char *const keys[] = {
	    "q", "section", "from", "to", "lang"};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		const char *v = kz_kvs_get(&rq->query, keys[i]);
		if (v == NULL || v[0] == '\0' || strcmp(keys[i], skip) == 0)
			continue;
		kz_outf(rs, "&amp;%s=", keys[i]);
		kz_out_qv(rs, v);
	}
}

static void
input(struct kz_req *rq, struct kz_resp *rs, const char *name, const char *type,
    const char *label)
{
	const char *v = kz_kvs_get(&rq->query, name);
	kz_outf(rs, "<label>%s", "");
	kz_esc(rs, kz_t(rq, label));
	kz_outf(rs, " <input type=%s name=%s value=\"", type, name);
	kz_esc(rs, v != NULL ? v : "");
	kz_out(rs, "\"></label> ");
}

void
kz_h_index(struct kz_req *rq, struct kz_resp *rs)
{
	struct pub_filter pf;
	struct kz_err err;
	int64_t page = kz_arg_int(kz_kvs_get(&rq->query, "page"), 1);

	if (page < 1 || page > 1000000)
		page = 1;
	pub_filter(rq, &pf);
	kz_page_begin(rq, rs, kz_t(rq, "pub.title"));
	kz_out(rs, "<h1>");
	kz_esc(rs, kz_t(rq, "pub.title"));
	kz_out(rs, "</h1><form method=get action=/ class=filters role=search>");
	input(rq, rs, "q", "search", "f.q");
	kz_out(rs, "<label>");
	kz_esc(rs, kz_t(rq, "f.section"));
	kz_out(rs, " ");
	kz_out_sections(
	    rq, rs, "section", kz_kvs_get(&rq->query, "section"), "f.any");
	kz_out(rs, "</label> ");
	input(rq, rs, "from", "date", "f.from");
	input(rq, rs, "to", "date", "f.to");
	kz_out(rs, "<label>");
	kz_esc(rs, kz_t(rq, "f.lang"));
	kz_out(rs, " <select name=lang><option value=\"\">");
	kz_esc(rs, kz_t(rq, "f.any"));
	kz_out(rs, "</option>");
	for (int l = 0; l < KZ_LANG_COUNT; l++)
		kz_outf(rs, "<option value=%s%s>%s</option>",
		    kz_lang_code((enum kz_lang)l),
		    pf.lang_only && (int)pf.lang == l ? " selected" : "",
		    kz_lang_code((enum kz_lang)l));
	kz_out(rs, "</select></label> <button>");
	kz_esc(rs, kz_t(rq, "btn.search"));
	kz_out(rs, "</button></form>\n");
	if (pf.bad != NULL) {
		kz_out(rs, "<p class=error>");
		kz_esc(rs, kz_t(rq, "err.form"));
		kz_outf(rs, " (%s)</p>", pf.bad);
		kz_page_end(rq, rs);
		rs->status = 400;
		return;
	}
	pf.f.limit = KZ_PAGE_SIZE + 1;
	pf.f.offset = (page - 1) * KZ_PAGE_SIZE;
	struct list_ctx c = {rq, rs, pf.lang, 0, KZ_PAGE_SIZE};
	kz_out(rs, "<div id=results>");
	kz_rc rc = pf.q != NULL
	    ? kz_store_incident_search(
	          rq->store, &pf.f, "\x02", "\x03", search_one, &c, &err)
	    : kz_store_incident_list(rq->store, &pf.f, list_one, &c, &err);
	if (rc == KZ_ELIMIT) {
		rs->status = 400;
		kz_out(rs, "<p class=error>");
		kz_esc(rs, kz_t(rq, "err.query"));
		kz_out(rs, "</p></div>");
		kz_page_end(rq, rs);
		return;
	}
	if (rc != KZ_OK) {
		kz_page_fail(rq, rs, &err);
		return;
	}
	if (c.n == 0) {
		kz_out(rs, "<p class=empty>");
		kz_esc(rs, kz_t(rq, "pub.none"));
		kz_out(rs, "</p>");
	}
	kz_out(rs, "</div><nav class=pages>");
	if (page > 1) {
		kz_outf(rs, "<a rel=prev href=\"/?page=%" PRId64, page - 1);
		keep_args(rq, rs, "page");
		kz_out(rs, "\">");
		kz_esc(rs, kz_t(rq, "pub.prev"));
		kz_out(rs, "</a> ");
	}
	if (c.n > KZ_PAGE_SIZE) {
		kz_outf(rs, "<a rel=next href=\"/?page=%" PRId64, page + 1);
		keep_args(rq, rs, "page");
		kz_out(rs, "\">");
		kz_esc(rs, kz_t(rq, "pub.next"));
		kz_out(rs, "</a>");
	}
	kz_out(rs, "</nav>");
	kz_page_end(rq, rs);
}

/* ---- /incidents/ID ---- */

static kz_rc
audit_row(void *ctx, const struct kz_audit *a)
{
	struct kz_resp *rs = ctx;
	char t[32];

	kz_render_time(a->at, t);
	kz_outf(rs, "<tr><td><time datetime=%s>%s</time></td><td>", t, t);
	kz_esc(rs, a->actor);
	kz_out(rs, "</td><td>");
	kz_esc(rs, a->field);
	kz_out(rs, "</td><td class=old>");
	kz_esc(rs, a->old_value != NULL ? a->old_value : "");
	kz_out(rs, "</td><td class=new>");
	kz_esc(rs, a->new_value != NULL ? a->new_value : "");
	kz_out(rs, "</td></tr>\n");
	return KZ_OK;
}

/* The audit log of an incident as a table (for logged-in users). */
void kz_out_history(struct kz_req *rq, struct kz_resp *rs, int64_t id);
void
kz_out_history(struct kz_req *rq, struct kz_resp *rs, int64_t id)
{
	struct kz_err err;

	kz_out(rs, "<section id=history><h2>");
	kz_esc(rs, kz_t(rq, "pub.history"));
	kz_out(rs, "</h2><table><tbody>");
	if (kz_store_audit_list(rq->store, id, audit_row, rs, &err) != KZ_OK)
		fprintf(stderr, "kuzet serve: history of %" PRId64 ": %s\n", id,
		    err.msg);
	kz_out(rs, "</tbody></table></section>");
}

void
kz_h_incident(struct kz_req *rq, struct kz_resp *rs)
{
	struct kz_incident inc;
	struct kz_err err;
	kz_rc rc = kz_store_incident_get(rq->store, rq->id, &inc, &err);

	if (rc == KZ_ENOTFOUND ||
	    (rc == KZ_OK && inc.status != KZ_STATUS_PUBLISHED &&
	        !rq->logged_in)) {
		if (rc == KZ_OK)
			kz_incident_fini(&inc);
		kz_page_error(rq, rs, 404, "err.notfound");
		return;
	}
	if (rc != KZ_OK) {
		kz_page_fail(rq, rs, &err);
		return;
	}
	enum kz_lang got = kz_incident_lang(&inc, rq->ui);
	const char *title = inc.title[got] ? inc.title[got] : "";
	kz_page_begin(rq, rs, title);
	kz_outf(rs,
	    "<article class=incident data-id=%" PRId64 "><p class=meta>",
	    inc.id);
	out_date(rs, inc.occurred_on);
	kz_out(rs, " · ");
	kz_esc(rs, kz_section_name(rq, inc.section, rq->ui));
	if (rq->logged_in) {
		kz_outf(rs, " · <span class=\"status %s\">",
		    kz_status_name(inc.status));
		kz_esc(rs,
		    kz_t(rq,
		        inc.status == KZ_STATUS_PUBLISHED   ? "st.published"
		            : inc.status == KZ_STATUS_DRAFT ? "st.draft"
		                                            : "st.rejected"));
		kz_out(rs, "</span>");
		if (rq->user.role >= KZ_ROLE_EDITOR) {
			kz_outf(rs,
			    " · <a class=edit href=/incidents/%" PRId64
			    "/edit>",
			    inc.id);
			kz_esc(rs, kz_t(rq, "pub.edit"));
			kz_out(rs, "</a>");
		}
	}
	kz_out(rs, "</p><div class=langs>");
	for (int l = 0; l < KZ_LANG_COUNT; l++) {
		if ((inc.title[l] == NULL || !inc.title[l][0]) &&
		    (inc.summary[l] == NULL || !inc.summary[l][0]))
			continue;
		kz_outf(rs, "<div class=lang lang=%s><h1>",
		    kz_lang_code((enum kz_lang)l));
		kz_esc(rs, inc.title[l] ? inc.title[l] : "");
		kz_out(rs, "</h1>");
		kz_out_paras(rs, inc.summary[l]);
		kz_out(rs, "</div>");
	}
	kz_out(rs, "</div><h2>");
	kz_esc(rs, kz_t(rq, "f.sources"));
	kz_out(rs, "</h2><ul class=sources>");
	for (size_t i = 0; i < inc.nsources; i++) {
		const char *u = inc.sources[i].url;
		int web = strncmp(u, "http://", 7) == 0 ||
		    strncmp(u, "https://", 8) == 0;
		kz_out(rs, "<li>");
		if (web) {
			kz_out(rs, "<a rel=\"nofollow noopener\" href=\"");
			kz_esc(rs, u);
			kz_out(rs, "\">");
		}
		kz_esc(rs, u);
		kz_out(rs, web ? "</a></li>" : "</li>");
	}
	kz_out(rs, "</ul></article>");
	if (rq->logged_in)
		kz_out_history(rq, rs, inc.id);
	kz_page_end(rq, rs);
	kz_incident_fini(&inc);
}

/* ---- data: feed, API, CSV ---- */

/* The site's URL: --base-url, else from the Host header when it looks
 * like a host name, else the listening address. */
static void
base_url(struct kz_req *rq, struct kz_buf *out)
{
	const char *h = rq->host;
	int ok = h != NULL && h[0] != '\0' && strlen(h) < 256;

	if (rq->srv->o.base_url != NULL) {
		size_t n = strlen(rq->srv->o.base_url);
		while (n > 0 && rq->srv->o.base_url[n - 1] == '/')
			n--;
		if (kz_buf_append(out, rq->srv->o.base_url, n) != KZ_OK)
			kz_buf_reset(out);
		return;
	}
	for (const char *p = h; ok && *p; p++)
		ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' ||
		    *p == ':' || *p == '[' || *p == ']';
	if (kz_buf_printf(out, "%s://%s", rq->secure ? "https" : "http",
	        ok ? h : rq->srv->o.listen) != KZ_OK)
		kz_buf_reset(out);
}

static void
json_error(struct kz_resp *rs, int status, const char *msg)
{
	kz_buf_reset(&rs->body);
	rs->status = status;
	rs->ctype = "application/json; charset=utf-8";
	kz_out(rs, "{\"error\":");
	if (kz_render_json_str(&rs->body, msg, strlen(msg)) != KZ_OK)
		rs->failed = 1;
	kz_out(rs, "}\n");
}

void
kz_h_feed(struct kz_req *rq, struct kz_resp *rs)
{
	struct pub_filter pf;
	struct kz_incidents l = {0};
	struct kz_err err;
	struct kz_buf base, self;

	pub_filter(rq, &pf);
	if (pf.bad != NULL) {
		rs->status = 400;
		rs->ctype = "text/plain; charset=utf-8";
		kz_outf(rs, "invalid parameter: %s\n", pf.bad);
		return;
	}
	pf.f.limit = 50;
	if (kz_app_incidents_load(rq->store, &pf.f, &l, &err) != KZ_OK) {
		kz_page_fail(rq, rs, &err);
		return;
	}
	kz_buf_init(&base, 512);
	kz_buf_init(&self, 2048);
	base_url(rq, &base);
	if (kz_buf_printf(&self, "%s/feed.atom", kz_buf_str(&base)) != KZ_OK ||
	    (pf.f.section != NULL &&
	        kz_buf_printf(&self, "?section=%s", pf.f.section) != KZ_OK))
		rs->failed = 1;
	struct kz_atom_opts o = {kz_t_lang(pf.lang, "pub.title"),
	    kz_buf_str(&base), kz_buf_str(&self), pf.lang, rq->srv->tax};
	rs->ctype = "application/atom+xml; charset=utf-8";
	if (kz_render_atom(&rs->body, &o, l.v, l.n) != KZ_OK)
		rs->failed = 1;
	kz_buf_fini(&base);
	kz_buf_fini(&self);
	kz_incidents_fini(&l);
}

struct api_ctx {
	struct kz_resp *rs;
	size_t n;
};

static kz_rc
api_one(void *ctx, const struct kz_incident *inc)
{
	struct api_ctx *c = ctx;
	kz_out(c->rs, c->n++ ? ",\n" : "\n");
	if (!c->rs->failed &&
	    kz_render_incident_json(&c->rs->body, inc) != KZ_OK)
		c->rs->failed = 1;
	return c->rs->failed ? KZ_ELIMIT : KZ_OK;
}

void
kz_h_api(struct kz_req *rq, struct kz_resp *rs)
{
	struct pub_filter pf;
	struct kz_err err;
	const char *lim = kz_kvs_get(&rq->query, "limit");
	const char *off = kz_kvs_get(&rq->query, "offset");

	pub_filter(rq, &pf);
	pf.f.limit = kz_arg_int(lim, 100);
	pf.f.offset = kz_arg_int(off, 0);
	if (pf.bad == NULL && (pf.f.limit < 1 || pf.f.limit > KZ_API_LIMIT_MAX))
		pf.bad = "limit";
	if (pf.bad == NULL &&
	    (pf.f.offset < 0 || (off && off[0] && kz_arg_int(off, -1) < 0)))
		pf.bad = "offset";
	if (pf.bad != NULL) {
		char m[64];
		snprintf(m, sizeof m, "invalid parameter: %s", pf.bad);
		json_error(rs, 400, m);
		return;
	}
	rs->ctype = "application/json; charset=utf-8";
	kz_resp_header(rs, "Access-Control-Allow-Origin", "*");
	struct api_ctx c = {rs, 0};
	kz_out(rs, "[");
	kz_rc rc = kz_store_incident_list(rq->store, &pf.f, api_one, &c, &err);
	if (rc == KZ_ELIMIT && !rs->failed) {
		json_error(rs, 400, err.msg);
		return;
	}
	if (rc != KZ_OK && !rs->failed) {
		fprintf(stderr, "kuzet serve: %s: %s\n", rq->path, err.msg);
		json_error(rs, 500, "internal error");
		return;
	}
	kz_out(rs, c.n ? "\n]\n" : "]\n");
}

void
kz_h_export(struct kz_req *rq, struct kz_resp *rs)
{
	struct pub_filter pf;
	struct kz_incidents l = {0};
	struct kz_err err;

	pub_filter(rq, &pf);
	if (pf.bad != NULL) {
		rs->status = 400;
		rs->ctype = "text/plain; charset=utf-8";
		kz_outf(rs, "invalid parameter: %s\n", pf.bad);
		return;
	}
	if (kz_app_incidents_load(rq->store, &pf.f, &l, &err) != KZ_OK) {
		kz_page_fail(rq, rs, &err);
		return;
	}
	struct kz_report_opts o = {
	    pf.lang, {1, 1, 1}, {9999, 12, 31}, rq->srv->tax, rq->now};
	rs->ctype = "text/csv; charset=utf-8";
	kz_resp_header(rs, "Content-Disposition",
	    "attachment; filename=\"kuzet-incidents.csv\"");
	if (kz_render_report(&rs->body, KZ_FMT_CSV, &o, l.v, l.n, NULL, &err) !=
	    KZ_OK)
		kz_page_fail(rq, rs, &err);
	kz_incidents_fini(&l);
}
