/*
 * /sources (admins): what kuzet collects — list with the last fetch,
 * status, error, failures and items seen; add; enable, disable, remove.
 * Adding never fetches inside the request: "auto" is detected at the
 * first collection.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kuzet/collect.h"
#include "kuzet/render.h"
#include "server/server_int.h"

struct sctx {
	struct kz_req *rq;
	struct kz_resp *rs;
	size_t n;
};

static void
button(struct kz_req *rq, struct kz_resp *rs, int64_t id, const char *action,
    const char *key)
{
	kz_out(rs, "<form method=post action=/sources class=inline>");
	kz_out_csrf(rq, rs);
	kz_outf(rs,
	    "<input type=hidden name=id value=%" PRId64
	    "><button name=action value=%s>",
	    id, action);
	kz_esc(rs, kz_t(rq, key));
	kz_out(rs, "</button></form> ");
}

static kz_rc
source_row(void *ctx, const struct kz_csource *c)
{
	struct sctx *x = ctx;
	struct kz_resp *rs = x->rs;
	char t[32] = "";

	x->n++;
	kz_outf(rs, "<tr class=\"%s\"><td>%" PRId64 "</td><td>",
	    c->enabled ? "on" : "off", c->id);
	kz_esc(rs, c->name ? c->name : "");
	kz_out(rs, "<div><a rel=\"nofollow noopener\" href=\"");
	kz_esc(rs, c->url);
	kz_out(rs, "\">");
	kz_esc(rs, c->url);
	kz_outf(
	    rs, "</a></div></td><td>%s</td><td>", kz_source_kind_name(c->kind));
	if (c->last_fetch > 0)
		kz_render_time(c->last_fetch, t);
	kz_outf(rs, "%s</td><td>%d</td><td class=error>", t, c->last_status);
	kz_esc(rs, c->last_error ? c->last_error : "");
	kz_outf(rs, "</td><td>%" PRId64 "</td><td>%" PRId64 "</td><td>",
	    c->failures, c->items_seen);
	button(x->rq, rs, c->id, c->enabled ? "disable" : "enable",
	    c->enabled ? "src.disable" : "src.enable");
	button(x->rq, rs, c->id, "rm", "btn.remove");
	kz_out(rs, "</td></tr>\n");
	return KZ_OK;
}

static void
sources_page(
    struct kz_req *rq, struct kz_resp *rs, const char *msg, int is_error)
{
	static const char *const heads[] = {"#", "src.name", "src.kind",
	    "src.last", "src.status", "src.error", "src.failures", "src.items",
	    ""};
	static const char *const kinds[] = {
	    "auto", "rss", "atom", "jsonfeed", "html", "telegram"};
	struct kz_err err;
	struct sctx x = {rq, rs, 0};

	kz_page_begin(rq, rs, kz_t(rq, "nav.sources"));
	kz_out(rs, "<h1>");
	kz_esc(rs, kz_t(rq, "nav.sources"));
	kz_out(rs, "</h1>");
	if (msg != NULL) {
		kz_out(rs,
		    is_error ? "<p class=error role=alert>"
		             : "<p class=ok role=status>");
		kz_esc(rs, msg);
		kz_out(rs, "</p>");
	}
	kz_out(rs, "<table class=sources><thead><tr>");
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
		kz_out(rs, "<th>");
		kz_esc(rs,
		    heads[i][0] && heads[i][1] ? kz_t(rq, heads[i]) : heads[i]);
		kz_out(rs, "</th>");
	}
	kz_out(rs, "</tr></thead><tbody>");
	if (kz_store_csource_list(rq->store, 0, source_row, &x, &err) !=
	    KZ_OK) {
		kz_page_fail(rq, rs, &err);
		return;
	}
	kz_out(rs, "</tbody></table><h2>");
	kz_esc(rs, kz_t(rq, "btn.add"));
	kz_out(rs, "</h2><form method=post action=/sources class=filters>");
	kz_out_csrf(rq, rs);
	kz_out(rs,
	    "<input type=hidden name=action value=add><label>URL "
	    "<input name=url type=url required size=40></label> <label>");
	kz_esc(rs, kz_t(rq, "src.kind"));
	kz_out(rs, " <select name=kind>");
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		kz_outf(rs, "<option>%s</option>", kinds[i]);
	kz_out(rs, "</select></label> <label>");
	kz_esc(rs, kz_t(rq, "src.name"));
	kz_out(rs, " <input name=name maxlength=200></label> <label>");
	kz_esc(rs, kz_t(rq, "f.lang"));
	kz_out(rs,
	    " <select name=lang><option value=\"\">—</option>"
	    "<option>ru</option><option>kk</option><option>en</option>"
	    "</select></label> <label>");
	kz_esc(rs, kz_t(rq, "src.every"));
	kz_out(rs,
	    " <input name=every type=number min=1 max=10080 value=30>"
	    "</label> <button>");
	kz_esc(rs, kz_t(rq, "btn.add"));
	kz_out(rs, "</button></form>");
	kz_page_end(rq, rs);
}

void
kz_h_sources(struct kz_req *rq, struct kz_resp *rs)
{
	sources_page(rq, rs, NULL, 0);
}

void
kz_h_sources_act(struct kz_req *rq, struct kz_resp *rs)
{
	const char *action = kz_kvs_get(&rq->form, "action");
	int64_t id = kz_arg_int(kz_kvs_get(&rq->form, "id"), -1);
	struct kz_err err;
	kz_rc rc;

	if (action == NULL) {
		kz_page_error(rq, rs, 400, "err.form");
		return;
	}
	if (strcmp(action, "add") == 0) {
		const char *url = kz_kvs_get(&rq->form, "url");
		const char *kind = kz_kvs_get(&rq->form, "kind");
		const char *name = kz_kvs_get(&rq->form, "name");
		const char *lang = kz_kvs_get(&rq->form, "lang");
		int64_t every = kz_arg_int(kz_kvs_get(&rq->form, "every"), 30);
		struct kz_csource c;
		enum kz_lang l;
		kz_csource_init(&c);
		if (url == NULL || strlen(url) > 2000 ||
		    (strncmp(url, "http://", 7) != 0 &&
		        strncmp(url, "https://", 8) != 0) ||
		    (kind != NULL &&
		        kz_source_kind_parse(kind, &c.kind) != 0) ||
		    (lang != NULL && lang[0] && kz_lang_parse(lang, &l) != 0) ||
		    every < 1 || every > 10080 ||
		    (name != NULL && strlen(name) > 200)) {
			kz_csource_fini(&c);
			rs->status = 400;
			sources_page(rq, rs, kz_t(rq, "err.form"), 1);
			return;
		}
		c.url = kz_xstrdup(url);
		if (name != NULL && name[0])
			c.name = kz_xstrdup(name);
		if (lang != NULL && lang[0])
			c.lang = (int)l;
		c.every_s = every * 60;
		rc = kz_store_csource_add(rq->store, &c, &err);
		kz_csource_fini(&c);
	} else if (id > 0 && strcmp(action, "rm") == 0) {
		rc = kz_store_csource_remove(rq->store, id, &err);
	} else if (id > 0 &&
	    (strcmp(action, "enable") == 0 || strcmp(action, "disable") == 0)) {
		rc = kz_store_csource_enable(
		    rq->store, id, action[0] == 'e', &err);
	} else {
		kz_page_error(rq, rs, 400, "err.form");
		return;
	}
	if (rc == KZ_OK) {
		kz_redirect(rs, "/sources");
	} else if (rc == KZ_ENOTFOUND || rc == KZ_EUSAGE || rc == KZ_EEXIST ||
	    rc == KZ_ECONFLICT) {
		rs->status = rc == KZ_ENOTFOUND ? 404 : 400;
		sources_page(rq, rs, err.msg, 1);
	} else {
		kz_page_fail(rq, rs, &err);
	}
}
