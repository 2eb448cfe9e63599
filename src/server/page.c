/* Writing pages: escaped output, the layout, errors and redirects. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kuzet/render.h"
#include "server/server_int.h"

void
kz_outn(struct kz_resp *rs, const char *s, size_t n)
{
	if (!rs->failed && kz_buf_append(&rs->body, s, n) != KZ_OK)
		rs->failed = 1;
}

void
kz_out(struct kz_resp *rs, const char *s)
{
	kz_outn(rs, s, strlen(s));
}

void
kz_esc(struct kz_resp *rs, const char *s)
{
	if (s != NULL && !rs->failed &&
	    kz_render_html_text(&rs->body, s, strlen(s)) != KZ_OK)
		rs->failed = 1;
}

void
kz_escn(struct kz_resp *rs, const char *s, size_t n)
{
	if (!rs->failed && kz_render_html_text(&rs->body, s, n) != KZ_OK)
		rs->failed = 1;
}

void
kz_outf(struct kz_resp *rs, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (!rs->failed && kz_buf_vprintf(&rs->body, fmt, ap) != KZ_OK)
		rs->failed = 1;
	va_end(ap);
}

void
kz_out_qv(struct kz_resp *rs, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; s != NULL && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		    c == '.' || c == '~' || c == '/') {
			kz_outn(rs, (const char *)&c, 1);
		} else {
			char e[3] = {'%', hex[c >> 4], hex[c & 15]};
			kz_outn(rs, e, 3);
		}
	}
}

void
kz_out_csrf(struct kz_req *rq, struct kz_resp *rs)
{
	kz_out(rs, "<input type=hidden name=csrf value=\"");
	kz_esc(rs, rq->csrf);
	kz_out(rs, "\">");
}

static void
nav_link(
    struct kz_req *rq, struct kz_resp *rs, const char *href, const char *key)
{
	int here = strcmp(rq->path, href) == 0;
	kz_outf(
	    rs, "<a href=\"%s\"%s>", href, here ? " aria-current=page" : "");
	kz_esc(rs, kz_t(rq, key));
	kz_out(rs, "</a>");
}

void
kz_page_begin(struct kz_req *rq, struct kz_resp *rs, const char *title)
{
	kz_outf(rs,
	    "<!doctype html>\n<html lang=%s><head><meta charset=utf-8>"
	    "<meta name=viewport content=\"width=device-width, "
	    "initial-scale=1\"><title>",
	    kz_lang_code(rq->ui));
	kz_esc(rs, title);
	kz_out(rs,
	    " — kuzet</title><link rel=stylesheet href=/static/app.css>"
	    "<link rel=alternate type=application/atom+xml "
	    "href=/feed.atom title=\"Atom\"></head><body><header><nav>"
	    "<a class=brand href=/>kuzet</a>");
	nav_link(rq, rs, "/", "nav.public");
	if (rq->logged_in) {
		nav_link(rq, rs, "/queue", "nav.queue");
		if (rq->user.role >= KZ_ROLE_EDITOR)
			nav_link(rq, rs, "/incidents/new", "nav.new");
		nav_link(rq, rs, "/report", "nav.report");
		if (rq->user.role >= KZ_ROLE_ADMIN) {
			nav_link(rq, rs, "/sources", "nav.sources");
			nav_link(rq, rs, "/users", "nav.users");
		}
	}
	kz_out(rs,
	    "<span class=grow></span><form method=post action=/lang "
	    "class=inline>");
	kz_out_csrf(rq, rs);
	kz_out(rs, "<input type=hidden name=back value=\"");
	kz_esc(rs, rq->path);
	kz_out(rs, "\">");
	for (int l = 0; l < KZ_LANG_COUNT; l++)
		kz_outf(rs, "<button name=lang value=%s%s>%s</button>",
		    kz_lang_code((enum kz_lang)l),
		    (int)rq->ui == l ? " aria-pressed=true" : "",
		    l == KZ_LANG_RU       ? "рус"
		        : l == KZ_LANG_KK ? "қаз"
		                          : "eng");
	kz_out(rs, "</form>");
	if (rq->logged_in) {
		kz_out(rs, "<form method=post action=/logout class=inline>");
		kz_out_csrf(rq, rs);
		kz_out(rs, "<span class=who>");
		kz_esc(rs, rq->user.name);
		kz_out(rs, " (");
		kz_esc(rs,
		    kz_t(rq,
		        rq->user.role == KZ_ROLE_ADMIN        ? "role.admin"
		            : rq->user.role == KZ_ROLE_EDITOR ? "role.editor"
		                                              : "role.viewer"));
		kz_out(rs, ")</span> <button id=logout>");
		kz_esc(rs, kz_t(rq, "nav.logout"));
		kz_out(rs, "</button></form>");
	} else {
		nav_link(rq, rs, "/login", "nav.login");
	}
	kz_out(rs, "</nav></header><main>");
}

void
kz_page_end(struct kz_req *rq, struct kz_resp *rs)
{
	kz_out(rs, "</main><footer><a href=/feed.atom>");
	kz_esc(rs, kz_t(rq, "nav.feed"));
	kz_out(rs, "</a> · <a href=/export.csv>");
	kz_esc(rs, kz_t(rq, "nav.csv"));
	kz_out(rs, "</a> · <a href=/api/incidents>");
	kz_esc(rs, kz_t(rq, "nav.api"));
	kz_out(rs,
	    "</a></footer><script src=/static/app.js></script>"
	    "</body></html>\n");
}

void
kz_page_error(
    struct kz_req *rq, struct kz_resp *rs, int status, const char *key)
{
	kz_buf_reset(&rs->body);
	rs->status = status;
	rs->ctype = "text/html; charset=utf-8";
	kz_page_begin(rq, rs, kz_t(rq, key));
	kz_outf(rs, "<h1>%d</h1><p class=error>", status);
	kz_esc(rs, kz_t(rq, key));
	kz_out(rs, "</p>");
	kz_page_end(rq, rs);
}

void
kz_page_fail(struct kz_req *rq, struct kz_resp *rs, const struct kz_err *e)
{
	/* the details go to the server's log, never to the client */
	fprintf(
	    stderr, "kuzet serve: %s %s: %s\n", rq->method, rq->path, e->msg);
	kz_page_error(rq, rs, 500, "err.internal");
}

void
kz_redirect(struct kz_resp *rs, const char *path)
{
	kz_buf_reset(&rs->body);
	rs->status = 303;
	kz_resp_header(rs, "Location", path);
}

void
kz_out_paras(struct kz_resp *rs, const char *text)
{
	const char *p = text != NULL ? text : "";

	while (*p) {
		size_t n = strcspn(p, "\n");
		if (n > 0) {
			kz_out(rs, "<p>");
			kz_escn(rs, p, n);
			kz_out(rs, "</p>");
		}
		p += n;
		if (*p == '\n')
			p++;
	}
}

const char *
kz_section_name(const struct kz_req *rq, const char *id, enum kz_lang lang)
{
	const struct kz_section *s = kz_taxonomy_find(rq->srv->tax, id);

	if (s == NULL)
		return id;
	return s->name[lang] != NULL ? s->name[lang] : s->id;
}

void
kz_out_sections(struct kz_req *rq, struct kz_resp *rs, const char *name,
    const char *selected, const char *any_key)
{
	const struct kz_taxonomy *t = rq->srv->tax;

	kz_outf(rs, "<select name=%s id=%s>", name, name);
	if (any_key != NULL) {
		kz_out(rs, "<option value=\"\">");
		kz_esc(rs, kz_t(rq, any_key));
		kz_out(rs, "</option>");
	}
	for (size_t i = 0; i < t->n; i++) {
		kz_out(rs, "<option value=\"");
		kz_esc(rs, t->sections[i].id);
		kz_out(rs, "\"");
		if (selected != NULL &&
		    strcmp(selected, t->sections[i].id) == 0)
			kz_out(rs, " selected");
		kz_out(rs, ">");
		kz_esc(rs, kz_section_name(rq, t->sections[i].id, rq->ui));
		kz_out(rs, "</option>");
	}
	kz_out(rs, "</select>");
}

int
kz_load_incident(
    struct kz_req *rq, struct kz_resp *rs, int64_t id, struct kz_incident *inc)
{
	struct kz_err err;
	kz_rc rc = kz_store_incident_get(rq->store, id, inc, &err);

	if (rc == KZ_OK)
		return 1;
	kz_incident_init(inc);
	if (rc == KZ_ENOTFOUND)
		kz_page_error(rq, rs, 404, "err.notfound");
	else
		kz_page_fail(rq, rs, &err);
	return 0;
}
