/* /users (admins): list, add, change role, remove. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "kuzet/render.h"
#include "server/server_int.h"

static const char *const role_keys[] = {
    "role.viewer", "role.editor", "role.admin"};

struct uctx {
	struct kz_req *rq;
	struct kz_resp *rs;
};

static kz_rc
user_row(void *ctx, const struct kz_user *u)
{
	struct uctx *c = ctx;
	struct kz_resp *rs = c->rs;
	char t[32];

	kz_out(rs, "<tr><td>");
	kz_esc(rs, u->name);
	kz_out(rs, "</td><td><form method=post action=/users class=inline>");
	kz_out_csrf(c->rq, rs);
	kz_out(rs, "<input type=hidden name=name value=\"");
	kz_esc(rs, u->name);
	kz_out(rs, "\"><select name=role>");
	for (int r = 0; r <= KZ_ROLE_ADMIN; r++)
		kz_outf(rs, "<option value=%s%s>%s</option>",
		    kz_role_name((enum kz_role)r),
		    (int)u->role == r ? " selected" : "",
		    kz_t(c->rq, role_keys[r]));
	kz_out(rs, "</select> <button name=action value=role>");
	kz_esc(rs, kz_t(c->rq, "btn.save"));
	kz_out(rs, "</button> <button name=action value=rm>");
	kz_esc(rs, kz_t(c->rq, "btn.remove"));
	kz_render_time(u->created, t);
	kz_outf(rs,
	    "</button></form></td><td>%s</td><td><time>%s</time></td>"
	    "</tr>\n",
	    u->lang, t);
	return KZ_OK;
}

static void
users_page(struct kz_req *rq, struct kz_resp *rs, const char *msg, int is_error)
{
	struct kz_err err;
	struct uctx c = {rq, rs};

	kz_page_begin(rq, rs, kz_t(rq, "users.title"));
	kz_out(rs, "<h1>");
	kz_esc(rs, kz_t(rq, "users.title"));
	kz_out(rs, "</h1>");
	if (msg != NULL) {
		kz_out(rs,
		    is_error ? "<p class=error role=alert>"
		             : "<p class=ok role=status>");
		kz_esc(rs, msg);
		kz_out(rs, "</p>");
	}
	kz_out(rs, "<table><thead><tr><th>");
	kz_esc(rs, kz_t(rq, "f.user"));
	kz_out(rs, "</th><th>");
	kz_esc(rs, kz_t(rq, "f.role"));
	kz_out(rs, "</th><th>");
	kz_esc(rs, kz_t(rq, "nav.lang"));
	kz_out(rs, "</th><th></th></tr></thead><tbody>");
	if (kz_store_user_list(rq->store, user_row, &c, &err) != KZ_OK) {
		kz_page_fail(rq, rs, &err);
		return;
	}
	kz_out(rs, "</tbody></table><h2>");
	kz_esc(rs, kz_t(rq, "btn.add"));
	kz_out(rs, "</h2><form method=post action=/users class=adduser>");
	kz_out_csrf(rq, rs);
	kz_out(rs, "<input type=hidden name=action value=add><label>");
	kz_esc(rs, kz_t(rq, "f.user"));
	kz_out(rs, " <input name=name required maxlength=64></label> <label>");
	kz_esc(rs, kz_t(rq, "f.role"));
	kz_out(rs, " <select name=role>");
	for (int r = 0; r <= KZ_ROLE_ADMIN; r++)
		kz_outf(rs, "<option value=%s>%s</option>",
		    kz_role_name((enum kz_role)r), kz_t(rq, role_keys[r]));
	kz_out(rs, "</select></label> <label>");
	kz_esc(rs, kz_t(rq, "f.password"));
	kz_out(rs,
	    " <input type=password name=password required minlength=8 "
	    "autocomplete=new-password></label> <button>");
	kz_esc(rs, kz_t(rq, "btn.add"));
	kz_out(rs, "</button></form>");
	kz_page_end(rq, rs);
}

void
kz_h_users(struct kz_req *rq, struct kz_resp *rs)
{
	users_page(rq, rs, NULL, 0);
}

void
kz_h_users_act(struct kz_req *rq, struct kz_resp *rs)
{
	const char *action = kz_kvs_get(&rq->form, "action");
	const char *name = kz_kvs_get(&rq->form, "name");
	const char *role = kz_kvs_get(&rq->form, "role");
	enum kz_role r = KZ_ROLE_VIEWER;
	struct kz_err err;
	kz_rc rc;

	if (action == NULL || name == NULL ||
	    (role != NULL && kz_role_parse(role, &r) != 0)) {
		kz_page_error(rq, rs, 400, "err.form");
		return;
	}
	if (strcmp(action, "add") == 0) {
		const char *pw = kz_kvs_get(&rq->form, "password");
		rc = kz_app_user_add(rq->store, name, r, pw ? pw : "", &err);
		if (rc == KZ_OK) {
			users_page(rq, rs, kz_t(rq, "users.added"), 0);
			return;
		}
	} else if (strcmp(action, "rm") == 0 || strcmp(action, "role") == 0) {
		if (strcmp(name, rq->user.name) == 0) {
			rs->status = 400;
			users_page(rq, rs, kz_t(rq, "users.self"), 1);
			return;
		}
		if (action[0] == 'r' && action[1] == 'm') {
			rc = kz_store_user_remove(rq->store, name, &err);
		} else {
			struct kz_user u;
			rc = kz_store_user_get(rq->store, name, &u, &err);
			if (rc == KZ_OK) {
				struct kz_user_change ch = {(int)r, NULL, NULL};
				rc = kz_store_user_update(
				    rq->store, u.id, &ch, &err);
				kz_user_fini(&u);
			}
		}
		if (rc == KZ_OK) {
			kz_redirect(rs, "/users");
			return;
		}
	} else {
		kz_page_error(rq, rs, 400, "err.form");
		return;
	}
	if (rc == KZ_EUSAGE || rc == KZ_ECONFLICT || rc == KZ_ENOTFOUND) {
		rs->status = rc == KZ_ENOTFOUND ? 404 : 400;
		users_page(rq, rs, err.msg, 1);
		return;
	}
	kz_page_fail(rq, rs, &err);
}
