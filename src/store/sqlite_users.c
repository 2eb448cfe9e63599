/*
 * The SQLite backend's users and sessions.  Constant SQL prepared per
 * call; data only bound.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "kuzet/users.h"
#include "store/store_int.h"

static void
row_user(sqlite3_stmt *st, int col, struct kz_user *u, int with_hash)
{
	const unsigned char *p;

	kz_user_init(u);
	u->id = sqlite3_column_int64(st, col);
	p = sqlite3_column_text(st, col + 1);
	snprintf(u->name, sizeof u->name, "%s", p ? (const char *)p : "");
	p = sqlite3_column_text(st, col + 2);
	enum kz_role r = KZ_ROLE_VIEWER;
	if (p != NULL)
		(void)kz_role_parse((const char *)p, &r);
	u->role = r;
	p = sqlite3_column_text(st, col + 3);
	if (p != NULL && strlen((const char *)p) == 2)
		memcpy(u->lang, p, 3);
	u->created = sqlite3_column_int64(st, col + 4);
	if (with_hash)
		u->pw_hash = kz_sqc_col_dup(st, col + 5);
}

kz_rc
kz_sq_user_add(struct kz_store *s, struct kz_user *u, struct kz_err *err)
{
	sqlite3_stmt *st;
	kz_rc rc = kz_sqc_prep(s,
	    "INSERT INTO users (name, role, pw_hash, lang, created)"
	    " VALUES (?1, ?2, ?3, ?4, ?5)",
	    &st, err);
	if (rc != KZ_OK)
		return rc;
	if (u->created == 0)
		u->created = (int64_t)time(NULL);
	kz_sqc_bind_str(st, 1, u->name);
	kz_sqc_bind_str(st, 2, kz_role_name(u->role));
	kz_sqc_bind_str(st, 3, u->pw_hash);
	kz_sqc_bind_str(st, 4, u->lang);
	sqlite3_bind_int64(st, 5, u->created);
	int r = sqlite3_step(st);
	sqlite3_finalize(st);
	if ((r & 0xff) == SQLITE_CONSTRAINT)
		return kz_fail(
		    err, KZ_ECONFLICT, "user '%s' exists already", u->name);
	if (r != SQLITE_DONE)
		return kz_sqc_fail(
		    s, kz_store_sqlite_handle(s), "adding a user", err);
	u->id = sqlite3_last_insert_rowid(kz_store_sqlite_handle(s));
	return KZ_OK;
}

kz_rc
kz_sq_user_get(struct kz_store *s, const char *name, struct kz_user *out,
    struct kz_err *err)
{
	sqlite3_stmt *st;
	kz_rc rc = kz_sqc_prep(s,
	    "SELECT id, name, role, lang, created, pw_hash FROM users"
	    " WHERE name = ?1",
	    &st, err);
	if (rc != KZ_OK)
		return rc;
	kz_sqc_bind_str(st, 1, name);
	int r = sqlite3_step(st);
	if (r == SQLITE_ROW)
		row_user(st, 0, out, 1);
	else if (r == SQLITE_DONE)
		rc = kz_fail(err, KZ_ENOTFOUND, "no user '%s'", name);
	else
		rc = kz_sqc_fail(
		    s, kz_store_sqlite_handle(s), "reading a user", err);
	sqlite3_finalize(st);
	return rc;
}

kz_rc
kz_sq_user_list(struct kz_store *s,
    kz_rc (*fn)(void *ctx, const struct kz_user *u), void *ctx,
    struct kz_err *err)
{
	sqlite3_stmt *st;
	kz_rc rc = kz_sqc_prep(s,
	    "SELECT id, name, role, lang, created FROM users ORDER BY name",
	    &st, err);
	if (rc != KZ_OK)
		return rc;
	int r;
	while (rc == KZ_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
		struct kz_user u;
		row_user(st, 0, &u, 0);
		rc = fn(ctx, &u);
		kz_user_fini(&u);
	}
	if (rc == KZ_OK && r != SQLITE_DONE)
		rc = kz_sqc_fail(
		    s, kz_store_sqlite_handle(s), "listing users", err);
	sqlite3_finalize(st);
	return rc;
}

kz_rc
kz_sq_user_update(struct kz_store *s, int64_t id,
    const struct kz_user_change *c, struct kz_err *err)
{
	sqlite3_stmt *st;
	kz_rc rc = kz_sqc_prep(s,
	    "UPDATE users SET role = coalesce(?2, role),"
	    " pw_hash = coalesce(?3, pw_hash), lang = coalesce(?4, lang)"
	    " WHERE id = ?1",
	    &st, err);
	if (rc != KZ_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	kz_sqc_bind_str(
	    st, 2, c->role >= 0 ? kz_role_name((enum kz_role)c->role) : NULL);
	kz_sqc_bind_str(st, 3, c->pw_hash);
	kz_sqc_bind_str(st, 4, c->lang);
	rc = kz_sqc_run(s, st, "changing a user", err);
	if (rc != KZ_OK)
		return rc;
	if (sqlite3_changes(kz_store_sqlite_handle(s)) == 0)
		return kz_fail(
		    err, KZ_ENOTFOUND, "no user with id %lld", (long long)id);
	if (c->pw_hash == NULL)
		return KZ_OK;
	rc =
	    kz_sqc_prep(s, "DELETE FROM sessions WHERE user_id = ?1", &st, err);
	if (rc != KZ_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	return kz_sqc_run(s, st, "ending a user's sessions", err);
}

kz_rc
kz_sq_user_remove(struct kz_store *s, const char *name, struct kz_err *err)
{
	sqlite3_stmt *st;
	kz_rc rc =
	    kz_sqc_prep(s, "DELETE FROM users WHERE name = ?1", &st, err);
	if (rc != KZ_OK)
		return rc;
	kz_sqc_bind_str(st, 1, name);
	rc = kz_sqc_run(s, st, "removing a user", err);
	if (rc == KZ_OK && sqlite3_changes(kz_store_sqlite_handle(s)) == 0)
		rc = kz_fail(err, KZ_ENOTFOUND, "no user '%s'", name);
	return rc;
}

kz_rc
kz_sq_session_put(
    struct kz_store *s, const struct kz_session *ses, struct kz_err *err)
{
	sqlite3_stmt *st;
	kz_rc rc = kz_sqc_prep(s,
	    "INSERT INTO sessions (token_hash, user_id, csrf, created,"
	    " expires) VALUES (?1, ?2, ?3, ?4, ?5)",
	    &st, err);
	if (rc != KZ_OK)
		return rc;
	kz_sqc_bind_str(st, 1, ses->token_hash);
	sqlite3_bind_int64(st, 2, ses->user_id);
	kz_sqc_bind_str(st, 3, ses->csrf);
	sqlite3_bind_int64(st, 4, ses->created);
	sqlite3_bind_int64(st, 5, ses->expires);
	return kz_sqc_run(s, st, "storing a session", err);
}

kz_rc
kz_sq_session_get(struct kz_store *s, const char *token_hash, int64_t now,
    struct kz_session *out, struct kz_user *user, struct kz_err *err)
{
	sqlite3_stmt *st;
	kz_rc rc = kz_sqc_prep(s,
	    "SELECT s.token_hash, s.user_id, s.csrf, s.created, s.expires,"
	    " u.id, u.name, u.role, u.lang, u.created"
	    " FROM sessions s JOIN users u ON u.id = s.user_id"
	    " WHERE s.token_hash = ?1 AND s.expires > ?2",
	    &st, err);
	if (rc != KZ_OK)
		return rc;
	kz_sqc_bind_str(st, 1, token_hash);
	sqlite3_bind_int64(st, 2, now);
	int r = sqlite3_step(st);
	if (r == SQLITE_ROW) {
		const unsigned char *p;
		memset(out, 0, sizeof *out);
		p = sqlite3_column_text(st, 0);
		snprintf(out->token_hash, sizeof out->token_hash, "%s",
		    p ? (const char *)p : "");
		out->user_id = sqlite3_column_int64(st, 1);
		p = sqlite3_column_text(st, 2);
		snprintf(out->csrf, sizeof out->csrf, "%s",
		    p ? (const char *)p : "");
		out->created = sqlite3_column_int64(st, 3);
		out->expires = sqlite3_column_int64(st, 4);
		if (user != NULL)
			row_user(st, 5, user, 0);
	} else if (r == SQLITE_DONE) {
		rc = kz_fail(err, KZ_ENOTFOUND, "no such session");
	} else {
		rc = kz_sqc_fail(
		    s, kz_store_sqlite_handle(s), "reading a session", err);
	}
	sqlite3_finalize(st);
	return rc;
}

kz_rc
kz_sq_session_remove(
    struct kz_store *s, const char *token_hash, struct kz_err *err)
{
	sqlite3_stmt *st;
	kz_rc rc = kz_sqc_prep(
	    s, "DELETE FROM sessions WHERE token_hash = ?1", &st, err);
	if (rc != KZ_OK)
		return rc;
	kz_sqc_bind_str(st, 1, token_hash);
	return kz_sqc_run(s, st, "ending a session", err);
}

kz_rc
kz_sq_session_prune(struct kz_store *s, int64_t now, struct kz_err *err)
{
	sqlite3_stmt *st;
	kz_rc rc = kz_sqc_prep(
	    s, "DELETE FROM sessions WHERE expires <= ?1", &st, err);
	if (rc != KZ_OK)
		return rc;
	sqlite3_bind_int64(st, 1, now);
	return kz_sqc_run(s, st, "pruning sessions", err);
}
