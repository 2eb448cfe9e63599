/*
 * /incidents/new and /incidents/ID/edit: the incident editor.  Titles
 * and summaries in Russian and Kazakh side by side (English below),
 * section, status, event date and sources with links to the stored copy
 * of each article.  A save carries the version it was made from; when
 * someone saved in between, nothing is overwritten and the editor gets
 * both versions (409).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kuzet/collect.h"
#include "server/server_int.h"

void kz_out_history(struct kz_req *rq, struct kz_resp *rs, int64_t id);

static void
text_field(struct kz_req *rq, struct kz_resp *rs, const char *what,
    enum kz_lang l, const char *value, int area)
{
	const char *code = kz_lang_code(l);
	kz_outf(rs, "<label lang=%s>", code);
	kz_esc(
	    rs, kz_t(rq, strcmp(what, "title") == 0 ? "f.title" : "f.summary"));
	kz_outf(rs, " (%s)", code);
	if (area)
		kz_outf(rs, "<textarea name=%s.%s id=%s-%s rows=10 lang=%s>",
		    what, code, what, code, code);
	else
		kz_outf(rs, "<input name=%s.%s id=%s-%s lang=%s value=\"", what,
		    code, what, code, code);
	kz_esc(rs, value != NULL ? value : "");
	kz_out(rs, area ? "</textarea></label>" : "\"></label>");
}

/* The stored copy of a source, if kuzet collected it. */
static int64_t
stored_copy(struct kz_req *rq, const struct kz_source *src)
{
	struct kz_err err;
	int64_t id = 0;
	const char *u = src->url_norm ? src->url_norm : src->url;

	if (u == NULL ||
	    kz_store_article_find_url(rq->store, u, &id, &err) != KZ_OK)
		return 0;
	return id;
}

static void
edit_form(struct kz_req *rq, struct kz_resp *rs, const struct kz_incident *inc,
    int64_t version, const char *error)
{
	static const char *const st_keys[] = {
	    "st.draft", "st.published", "st.rejected"};
	char iso[16] = "";

	if (inc->id > 0)
		kz_outf(rs,
		    "<form method=post action=/incidents/%" PRId64
		    "/edit class=editor id=editor>",
		    inc->id);
	else
		kz_out(rs,
		    "<form method=post action=/incidents/new class=editor "
		    "id=editor>");
	kz_out_csrf(rq, rs);
	kz_outf(
	    rs, "<input type=hidden name=version value=%" PRId64 ">", version);
	if (error != NULL) {
		kz_out(rs, "<p class=error role=alert>");
		kz_esc(rs, kz_t(rq, "ed.invalid"));
		kz_out(rs, ": ");
		kz_esc(rs, error);
		kz_out(rs, "</p>");
	}
	kz_out(rs, "<div class=row><label>");
	kz_esc(rs, kz_t(rq, "f.section"));
	kz_out(rs, " ");
	kz_out_sections(rq, rs, "section", inc->section, NULL);
	kz_out(rs, "</label><label>");
	kz_esc(rs, kz_t(rq, "f.status"));
	kz_out(rs, " <select name=status id=status>");
	for (int s = 0; s < 3; s++)
		kz_outf(rs, "<option value=%s%s>%s</option>",
		    kz_status_name((enum kz_status)s),
		    (int)inc->status == s ? " selected" : "",
		    kz_t(rq, st_keys[s]));
	kz_out(rs, "</select></label><label>");
	kz_esc(rs, kz_t(rq, "f.date"));
	if (!kz_date_unknown(inc->occurred_on) &&
	    kz_date_valid(inc->occurred_on))
		kz_date_format_iso(inc->occurred_on, iso);
	kz_outf(rs,
	    " <input type=date name=date id=date value=\"%s\">"
	    "</label></div>",
	    iso);
	kz_out(rs, "<div class=sidebyside><div>");
	text_field(rq, rs, "title", KZ_LANG_RU, inc->title[KZ_LANG_RU], 0);
	text_field(rq, rs, "summary", KZ_LANG_RU, inc->summary[KZ_LANG_RU], 1);
	kz_out(rs, "</div><div>");
	text_field(rq, rs, "title", KZ_LANG_KK, inc->title[KZ_LANG_KK], 0);
	text_field(rq, rs, "summary", KZ_LANG_KK, inc->summary[KZ_LANG_KK], 1);
	kz_out(rs, "</div></div><details");
	if ((inc->title[KZ_LANG_EN] && inc->title[KZ_LANG_EN][0]) ||
	    (inc->summary[KZ_LANG_EN] && inc->summary[KZ_LANG_EN][0]))
		kz_out(rs, " open");
	kz_out(rs, "><summary>English</summary>");
	text_field(rq, rs, "title", KZ_LANG_EN, inc->title[KZ_LANG_EN], 0);
	text_field(rq, rs, "summary", KZ_LANG_EN, inc->summary[KZ_LANG_EN], 1);
	kz_out(rs, "</details><fieldset><legend>");
	kz_esc(rs, kz_t(rq, "f.sources"));
	kz_out(rs, "</legend><ul class=sources>");
	for (size_t i = 0; i < inc->nsources; i++) {
		const struct kz_source *src = &inc->sources[i];
		int64_t art = stored_copy(rq, src);
		kz_out(
		    rs, "<li><label><input type=checkbox name=rmsrc value=\"");
		kz_esc(rs, src->url);
		kz_out(rs, "\"> ");
		kz_esc(rs, kz_t(rq, "btn.remove"));
		kz_out(rs, "</label> <a rel=\"nofollow noopener\" href=\"");
		kz_esc(rs, src->url);
		kz_out(rs, "\">");
		kz_esc(rs, src->url);
		kz_out(rs, "</a>");
		if (art > 0) {
			kz_outf(rs,
			    " · <a class=stored href=/articles/%" PRId64 ">",
			    art);
			kz_esc(rs, kz_t(rq, "f.stored"));
			kz_out(rs, "</a>");
		}
		kz_out(rs, "</li>");
	}
	kz_out(rs, "</ul><label>");
	kz_esc(rs, kz_t(rq, "f.addsources"));
	kz_out(rs,
	    "<textarea name=addsrc id=addsrc rows=3></textarea></label>"
	    "</fieldset><button id=save>");
	kz_esc(rs, kz_t(rq, "btn.save"));
	kz_out(rs, "</button>");
	if (inc->id > 0) {
		kz_outf(rs, " <a href=/incidents/%" PRId64 ">", inc->id);
		kz_esc(rs, kz_t(rq, "pub.title"));
		kz_out(rs, "</a>");
	}
	kz_out(rs, "</form>");
}

void
kz_h_edit_form(struct kz_req *rq, struct kz_resp *rs)
{
	struct kz_incident inc;

	kz_incident_init(&inc);
	if (rq->id > 0 && !kz_load_incident(rq, rs, rq->id, &inc))
		return;
	const char *title = kz_t(rq, rq->id > 0 ? "ed.title" : "ed.new");
	kz_page_begin(rq, rs, title);
	kz_out(rs, "<h1>");
	kz_esc(rs, title);
	if (rq->id > 0)
		kz_outf(rs, " №%" PRId64, rq->id);
	kz_out(rs, "</h1>");
	if (kz_kvs_get(&rq->query, "saved") != NULL) {
		kz_out(rs, "<p class=ok role=status id=saved>");
		kz_esc(rs, kz_t(rq, "ed.saved"));
		kz_out(rs, "</p>");
	}
	edit_form(rq, rs, &inc, inc.version, NULL);
	if (rq->id > 0)
		kz_out_history(rq, rs, rq->id);
	kz_page_end(rq, rs);
	kz_incident_fini(&inc);
}

/* Apply the submitted form to inc; KZ_EUSAGE with err naming the field. */
static kz_rc
apply_form(struct kz_req *rq, struct kz_incident *inc, struct kz_err *err)
{
	static const char *const fields[] = {"section", "status", "date",
	    "title.ru", "title.kk", "title.en", "summary.ru", "summary.kk",
	    "summary.en"};
	kz_rc rc = KZ_OK;

	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		const char *v = kz_kvs_get(&rq->form, fields[i]);
		if (v == NULL)
			continue;
		/* browsers send CRLF in textareas */
		char *t = kz_xstrdup(v), *o = t;
		for (const char *p = v; *p; p++)
			if (*p != '\r')
				*o++ = *p;
		*o = '\0';
		rc = kz_app_incident_set(inc, rq->srv->tax, fields[i], t, err);
		free(t);
		if (rc != KZ_OK)
			return rc;
	}
	for (size_t i = 0; i < rq->form.n && rc == KZ_OK; i++)
		if (strcmp(rq->form.v[i].k, "rmsrc") == 0) {
			rc = kz_app_source_edit(inc, rq->form.v[i].v, 0, err);
			if (rc == KZ_ENOTFOUND)
				rc = KZ_OK; /* removed already */
		}
	const char *add = kz_kvs_get(&rq->form, "addsrc");
	while (rc == KZ_OK && add != NULL && *add) {
		size_t n = strcspn(add, " \t\r\n");
		if (n > 0) {
			char *u = kz_xstrndup(add, n);
			rc = kz_app_source_edit(inc, u, 1, err);
			if (rc == KZ_EEXIST)
				rc = KZ_OK;
			else if (rc != KZ_OK)
				rc = KZ_EUSAGE;
			free(u);
		}
		add += n;
		while (
		    *add == ' ' || *add == '\t' || *add == '\r' || *add == '\n')
			add++;
	}
	if (rc == KZ_OK && inc->section[0] == '\0')
		rc = kz_fail(err, KZ_EUSAGE, "section: required");
	return rc;
}

static void
conflict_page(
    struct kz_req *rq, struct kz_resp *rs, const struct kz_incident *mine)
{
	struct kz_incident theirs;
	struct kz_err err;

	if (kz_store_incident_get(rq->store, mine->id, &theirs, &err) !=
	    KZ_OK) {
		kz_page_fail(rq, rs, &err);
		return;
	}
	kz_buf_reset(&rs->body);
	rs->status = 409;
	kz_page_begin(rq, rs, kz_t(rq, "ed.title"));
	kz_outf(rs,
	    "<h1>%s №%" PRId64 "</h1><p class=error role=alert "
	    "id=conflict>",
	    kz_t(rq, "ed.title"), mine->id);
	kz_esc(rs, kz_t(rq, "ed.conflict"));
	kz_out(rs, "</p><section class=theirs><h2>");
	kz_esc(rs, kz_t(rq, "ed.theirs"));
	kz_out(rs, "</h2><dl>");
	for (int l = 0; l < KZ_LANG_COUNT; l++) {
		if (theirs.title[l] == NULL && theirs.summary[l] == NULL)
			continue;
		kz_outf(rs, "<dt lang=%s>%s</dt><dd><b>",
		    kz_lang_code((enum kz_lang)l),
		    kz_lang_code((enum kz_lang)l));
		kz_esc(rs, theirs.title[l]);
		kz_out(rs, "</b><br>");
		kz_esc(rs, theirs.summary[l]);
		kz_out(rs, "</dd>");
	}
	kz_out(rs, "</dl></section>");
	/* the editor's text, now based on the stored version */
	struct kz_incident m2;
	kz_incident_copy(&m2, mine);
	edit_form(rq, rs, &m2, theirs.version, NULL);
	kz_incident_fini(&m2);
	kz_out_history(rq, rs, mine->id);
	kz_page_end(rq, rs);
	kz_incident_fini(&theirs);
}

void
kz_h_edit(struct kz_req *rq, struct kz_resp *rs)
{
	struct kz_incident inc;
	struct kz_err err;
	int64_t version = kz_arg_int(kz_kvs_get(&rq->form, "version"), -1);
	kz_rc rc = KZ_OK;

	kz_incident_init(&inc);
	if (rq->id > 0) {
		if (!kz_load_incident(rq, rs, rq->id, &inc))
			return;
	} else {
		inc.status = KZ_STATUS_DRAFT;
	}
	if (version < 0) {
		kz_incident_fini(&inc);
		kz_page_error(rq, rs, 400, "err.form");
		return;
	}
	int stale = rq->id > 0 && version != inc.version;
	rc = apply_form(rq, &inc, &err);
	if (rc == KZ_OK && stale)
		rc = KZ_ECONFLICT;
	if (rc == KZ_OK && rq->id > 0)
		rc = kz_store_incident_save(
		    rq->store, &inc, rq->user.name, &err);
	else if (rc == KZ_OK)
		rc =
		    kz_store_incident_add(rq->store, &inc, rq->user.name, &err);
	if (rc == KZ_OK) {
		char loc[64];
		snprintf(loc, sizeof loc, "/incidents/%" PRId64 "/edit?saved=1",
		    inc.id);
		kz_redirect(rs, loc);
	} else if (rc == KZ_ECONFLICT) {
		conflict_page(rq, rs, &inc);
	} else if (rc == KZ_EUSAGE || rc == KZ_EPARSE || rc == KZ_ELIMIT) {
		rs->status = 400;
		kz_page_begin(rq, rs, kz_t(rq, "ed.title"));
		kz_out(rs, "<h1>");
		kz_esc(rs, kz_t(rq, rq->id > 0 ? "ed.title" : "ed.new"));
		kz_out(rs, "</h1>");
		edit_form(rq, rs, &inc, version, err.msg);
		kz_page_end(rq, rs);
	} else {
		kz_page_fail(rq, rs, &err);
	}
	kz_incident_fini(&inc);
}
