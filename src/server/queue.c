/*
 * /queue: the review queue.  Candidates most relevant first, a page at a
 * time; select many and accept (new draft incidents), attach to an
 * existing incident, or dismiss with a reason (dismissals train as
 * "none").  /articles/ID shows the stored copy of an article.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kuzet/analysis.h"
#include "kuzet/analyze.h"
#include "kuzet/collect.h"
#include "kuzet/render.h"
#include "server/server_int.h"

#define QUEUE_BATCH_MAX 1000 /* candidates one action may take */

/* Write the strings of a JSON array of strings (the stored reasons),
 * escaped, separated by ", "; at most 8. */
static void
out_reasons(struct kz_resp *rs, const char *j)
{
	struct kz_buf t;
	int shown = 0;

	kz_buf_init(&t, 4096);
	for (const char *p = j ? j : ""; *p && shown < 8; p++) {
		if (*p != '"')
			continue;
		kz_buf_reset(&t);
		for (p++; *p && *p != '"'; p++) {
			char c = *p;
			if (c == '\\' && p[1] != '\0') {
				p++;
				c = *p == 'n' || *p == 't' ? ' ' : *p;
				if (*p == 'u') {
					c = '?';
					for (int k = 0; k < 4 && p[1]; k++)
						p++;
				}
			}
			if (kz_buf_putc(&t, c) != KZ_OK)
				break;
		}
		if (t.len > 0 && kz_utf8_valid(t.data, t.len, NULL)) {
			kz_out(rs, shown++ ? ", " : "");
			kz_esc(rs, kz_buf_str(&t));
		}
		if (*p == '\0')
			break;
	}
	kz_buf_fini(&t);
}

static void
out_host(struct kz_resp *rs, const char *url)
{
	const char *h = url ? strstr(url, "://") : NULL;
	if (h == NULL) {
		kz_esc(rs, url);
		return;
	}
	h += 3;
	kz_escn(rs, h, strcspn(h, "/?#"));
}

struct qctx {
	struct kz_req *rq;
	struct kz_resp *rs;
	int editor;
};

static kz_rc
queue_row(void *ctx, const struct kz_candidate *c)
{
	struct qctx *q = ctx;
	struct kz_resp *rs = q->rs;
	char t[32];

	kz_outf(rs, "<tr class=cand data-id=%" PRId64 " tabindex=-1><td>",
	    c->article_id);
	if (q->editor)
		kz_outf(rs,
		    "<input type=checkbox name=ids value=%" PRId64
		    " form=act aria-label=select>",
		    c->article_id);
	kz_outf(rs,
	    "</td><td class=rel><meter min=0 max=1 value=%.3f>"
	    "</meter> %.0f%%</td><td class=label>",
	    c->relevance, c->relevance * 100);
	if (strcmp(c->label, "none") == 0)
		kz_out(rs, "—");
	else
		kz_esc(rs, kz_section_name(q->rq, c->label, q->rq->ui));
	kz_outf(rs, "</td><td class=title><a href=/articles/%" PRId64 ">",
	    c->article_id);
	kz_esc(rs, c->title && c->title[0] ? c->title : c->url);
	kz_out(rs, "</a><div class=why>");
	out_reasons(rs, c->reasons);
	kz_out(rs, "</div></td><td class=src>");
	out_host(rs, c->url);
	kz_out(rs, "</td><td class=date>");
	if (c->published > 0) {
		kz_render_time(c->published, t);
		t[10] = '\0';
		kz_outf(rs, "<time>%s</time>", t);
	}
	kz_out(rs, "</td></tr>\n");
	return KZ_OK;
}

void
kz_h_queue(struct kz_req *rq, struct kz_resp *rs)
{
	struct kz_err err;
	int64_t page = kz_arg_int(kz_kvs_get(&rq->query, "page"), 1);
	const char *mins = kz_kvs_get(&rq->query, "min");
	double min = mins != NULL ? strtod(mins, NULL) : 0.0;
	const char *done = kz_kvs_get(&rq->query, "done");
	int editor = rq->user.role >= KZ_ROLE_EDITOR;

	if (page < 1 || page > 100000)
		page = 1;
	if (!(min >= 0.0 && min <= 1.0))
		min = 0.0;
	kz_page_begin(rq, rs, kz_t(rq, "q.title"));
	kz_out(rs, "<h1>");
	kz_esc(rs, kz_t(rq, "q.title"));
	kz_out(rs, "</h1>");
	if (done != NULL) {
		kz_out(rs, "<p class=ok role=status>");
		kz_esc(rs, kz_t(rq, "q.done"));
		kz_outf(rs, ": %" PRId64 "</p>", kz_arg_int(done, 0));
	}
	kz_out(rs, "<form method=get action=/queue class=filters><label>");
	kz_esc(rs, kz_t(rq, "f.min"));
	kz_outf(rs,
	    " <input type=number name=min min=0 max=1 step=0.05 "
	    "value=%.2f></label> <button>",
	    min);
	kz_esc(rs, kz_t(rq, "btn.apply"));
	kz_out(rs, "</button></form>");
	if (editor) {
		kz_out(rs,
		    "<form method=post action=/queue id=act class=actions>");
		kz_out_csrf(rq, rs);
		kz_outf(rs,
		    "<input type=hidden name=back value=\"/queue?page=%" PRId64
		    "&amp;min=%.2f\">",
		    page, min);
		kz_out(rs, "<label>");
		kz_esc(rs, kz_t(rq, "f.section"));
		kz_out(rs, " ");
		kz_out_sections(rq, rs, "section", NULL, "f.suggested");
		kz_out(
		    rs, "</label> <button name=action value=accept id=accept>");
		kz_esc(rs, kz_t(rq, "btn.accept"));
		kz_out(rs, "</button> <button name=action value=attach>");
		kz_esc(rs, kz_t(rq, "btn.attach"));
		kz_out(rs,
		    "</button><input name=incident inputmode=numeric "
		    "size=6 aria-label=incident> <label>");
		kz_esc(rs, kz_t(rq, "f.reason"));
		kz_out(rs,
		    " <input name=reason id=reason maxlength=500></label> "
		    "<button name=action value=dismiss id=dismiss>");
		kz_esc(rs, kz_t(rq, "btn.dismiss"));
		kz_out(rs, "</button></form><p class=keys>");
		kz_esc(rs, kz_t(rq, "q.keys"));
		kz_out(rs, "</p>");
	}
	kz_out(rs, "<table class=queue><thead><tr><th>");
	if (editor)
		kz_out(rs, "<input type=checkbox id=all aria-label=all>");
	kz_out(rs, "</th><th>");
	kz_esc(rs, kz_t(rq, "f.relevance"));
	kz_out(rs, "</th><th>");
	kz_esc(rs, kz_t(rq, "f.section"));
	kz_out(rs, "</th><th>");
	kz_esc(rs, kz_t(rq, "f.title"));
	kz_out(rs, "</th><th>");
	kz_esc(rs, kz_t(rq, "f.source"));
	kz_out(rs, "</th><th>");
	kz_esc(rs, kz_t(rq, "f.published"));
	kz_out(rs, "</th></tr></thead><tbody>\n");
	/* the count, then only the page's rows: a collection can leave tens
	 * of thousands waiting */
	struct qctx q = {rq, rs, editor};
	int64_t total = 0;
	if (kz_store_candidate_count(
	        rq->store, KZ_CAND_NEW, min, &total, &err) != KZ_OK ||
	    kz_store_candidate_list(rq->store, KZ_CAND_NEW, min,
	        (page - 1) * KZ_PAGE_SIZE, KZ_PAGE_SIZE, queue_row, &q,
	        &err) != KZ_OK) {
		kz_page_fail(rq, rs, &err);
		return;
	}
	kz_out(rs, "</tbody></table>");
	if (total == 0) {
		kz_out(rs, "<p class=empty>");
		kz_esc(rs, kz_t(rq, "q.empty"));
		kz_out(rs, "</p>");
	} else {
		kz_outf(rs, "<p class=total>%" PRId64 " ", total);
		kz_esc(rs, kz_t(rq, "q.total"));
		kz_out(rs, "</p>");
	}
	kz_out(rs, "<nav class=pages>");
	if (page > 1)
		kz_outf(rs,
		    "<a rel=prev href=\"/queue?page=%" PRId64
		    "&amp;min=%.2f\">%s</a> ",
		    page - 1, min, kz_t(rq, "pub.prev"));
	if (total > page * KZ_PAGE_SIZE)
		kz_outf(rs,
		    "<a rel=next href=\"/queue?page=%" PRId64
		    "&amp;min=%.2f\">%s</a>",
		    page + 1, min, kz_t(rq, "pub.next"));
	kz_out(rs, "</nav>");
	kz_page_end(rq, rs);
}

void
kz_h_queue_act(struct kz_req *rq, struct kz_resp *rs)
{
	const char *action = kz_kvs_get(&rq->form, "action");
	const char *section = kz_kvs_get(&rq->form, "section");
	const char *reason = kz_kvs_get(&rq->form, "reason");
	int64_t target = kz_arg_int(kz_kvs_get(&rq->form, "incident"), -1);
	int64_t ids[QUEUE_BATCH_MAX], last = 0;
	size_t n = 0;
	struct kz_err err;
	kz_rc rc = KZ_OK;

	for (size_t i = 0; i < rq->form.n; i++) {
		if (strcmp(rq->form.v[i].k, "ids") != 0)
			continue;
		int64_t id = kz_arg_int(rq->form.v[i].v, -1);
		if (id <= 0 || n == QUEUE_BATCH_MAX) {
			kz_page_error(rq, rs, 400, "err.form");
			return;
		}
		ids[n++] = id;
	}
	if (action == NULL ||
	    (strcmp(action, "accept") != 0 && strcmp(action, "attach") != 0 &&
	        strcmp(action, "dismiss") != 0) ||
	    (strcmp(action, "attach") == 0 && target <= 0) ||
	    (section != NULL && section[0] != '\0' &&
	        kz_taxonomy_find(rq->srv->tax, section) == NULL) ||
	    (reason != NULL && strlen(reason) > 2000)) {
		kz_page_error(rq, rs, 400, "err.form");
		return;
	}
	if (n == 0) {
		kz_page_error(rq, rs, 400, "q.none_selected");
		return;
	}
	if (section != NULL && section[0] == '\0')
		section = NULL;
	/* Each candidate in its own transaction: one that fails (gone,
	 * "none" without a section) stops the batch with what was done
	 * kept. */
	for (size_t i = 0; i < n && rc == KZ_OK; i++) {
		if (action[1] == 'c') /* accept */
			rc = kz_app_candidate_accept(rq->store, rq->srv->tax,
			    ids[i], section, rq->user.name, &last, &err);
		else if (action[1] == 't') /* attach */
			rc = kz_app_candidate_attach(
			    rq->store, ids[i], target, rq->user.name, &err);
		else
			rc = kz_store_candidate_review(rq->store, ids[i],
			    KZ_CAND_DISMISSED,
			    reason != NULL && reason[0] ? reason : NULL, 0,
			    &err);
		if (rc == KZ_OK)
			continue;
		if (rc == KZ_EUSAGE || rc == KZ_ENOTFOUND) {
			rs->status = rc == KZ_ENOTFOUND ? 404 : 400;
			kz_page_begin(rq, rs, kz_t(rq, "q.title"));
			kz_outf(rs, "<p class=ok>%s: %zu</p><p class=error>",
			    kz_t(rq, "q.done"), i);
			kz_esc(rs, err.msg);
			kz_out(rs, "</p><p><a href=/queue>");
			kz_esc(rs, kz_t(rq, "q.title"));
			kz_out(rs, "</a></p>");
			kz_page_end(rq, rs);
		} else {
			kz_page_fail(rq, rs, &err);
		}
		return;
	}
	if (action[1] == 'c' && n == 1) {
		char loc[64];
		snprintf(loc, sizeof loc, "/incidents/%" PRId64 "/edit", last);
		kz_redirect(rs, loc);
	} else if (action[1] == 't') {
		char loc[64];
		snprintf(
		    loc, sizeof loc, "/incidents/%" PRId64 "/edit", target);
		kz_redirect(rs, loc);
	} else {
		char loc[64];
		snprintf(loc, sizeof loc, "/queue?done=%zu", n);
		kz_redirect(rs, loc);
	}
}

void
kz_h_article(struct kz_req *rq, struct kz_resp *rs)
{
	struct kz_article_rec a;
	struct kz_err err;
	char t[32];
	kz_rc rc = kz_store_article_get(rq->store, rq->id, &a, &err);

	if (rc == KZ_ENOTFOUND) {
		kz_page_error(rq, rs, 404, "err.notfound");
		return;
	}
	if (rc != KZ_OK) {
		kz_page_fail(rq, rs, &err);
		return;
	}
	kz_page_begin(rq, rs, a.title && a.title[0] ? a.title : a.url);
	kz_out(rs, "<article class=stored><p class=meta>");
	kz_esc(rs, kz_t(rq, "art.title"));
	kz_out(rs, " · ");
	kz_esc(rs, kz_t(rq, "art.fetched"));
	kz_render_time(a.fetched, t);
	kz_outf(
	    rs, " <time>%s</time> · <a rel=\"nofollow noopener\" href=\"", t);
	kz_esc(rs, a.url);
	kz_out(rs, "\">");
	kz_esc(rs, kz_t(rq, "art.original"));
	kz_out(rs, "</a></p><h1>");
	kz_esc(rs, a.title);
	kz_out(rs, "</h1>");
	kz_out_paras(rs, a.text);
	kz_out(rs, "</article>");
	kz_page_end(rq, rs);
	kz_article_rec_fini(&a);
}
