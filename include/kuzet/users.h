/*
 * Editorial users and their sessions, stored through struct kz_store
 * (store.h).  Passwords are stored only as argon2id hashes (kz_auth_*,
 * auth.h); sessions only as the SHA-256 of their token, so a copy of the
 * database opens no session.
 */
#ifndef KUZET_USERS_H
#define KUZET_USERS_H

#include <stdint.h>

#include "kuzet/store.h"

#define KZ_USER_NAME_MAX 64 /* bytes of a user name */

/* Viewers read; editors also triage, edit and publish; admins also
 * manage users and sources. */
enum kz_role { KZ_ROLE_VIEWER = 0, KZ_ROLE_EDITOR, KZ_ROLE_ADMIN };
const char *kz_role_name(enum kz_role r);
int kz_role_parse(const char *s, enum kz_role *out);

/* 0 when name is a valid user name: 1..KZ_USER_NAME_MAX bytes of letters
 * (any script), digits, '.', '-', '_', '@'; else -1. */
int kz_user_name_check(const char *name);

struct kz_user {
	int64_t id; /* 0 until stored */
	char name[KZ_USER_NAME_MAX + 1];
	enum kz_role role;
	char *pw_hash; /* argon2id string (crypto_pwhash_str) */
	char lang[3]; /* interface language: "ru", "kk" or "en" */
	int64_t created; /* unix seconds */
};
void kz_user_init(struct kz_user *u);
void kz_user_fini(struct kz_user *u);
typedef kz_rc (*kz_user_fn)(void *ctx, const struct kz_user *u);

/* Store a new user; sets u->id.  KZ_ECONFLICT when the name is taken. */
kz_rc kz_store_user_add(
    struct kz_store *s, struct kz_user *u, struct kz_err *err) KZ_MUST_CHECK;
/* The user called name (free with kz_user_fini); KZ_ENOTFOUND. */
kz_rc kz_store_user_get(struct kz_store *s, const char *name,
    struct kz_user *out, struct kz_err *err) KZ_MUST_CHECK;
/* Every user, by name (pw_hash NULL in the rows). */
kz_rc kz_store_user_list(struct kz_store *s, kz_user_fn fn, void *ctx,
    struct kz_err *err) KZ_MUST_CHECK;
/* Change role, password hash or language of the user u->id from u (each
 * only when set: role >= 0 ... see kz_user_change); a new password ends
 * every session of the user.  KZ_ENOTFOUND. */
struct kz_user_change {
	int role; /* -1: keep */
	const char *pw_hash; /* NULL: keep */
	const char *lang; /* NULL: keep */
};
kz_rc kz_store_user_update(struct kz_store *s, int64_t id,
    const struct kz_user_change *c, struct kz_err *err) KZ_MUST_CHECK;
/* Delete a user and their sessions.  KZ_ENOTFOUND. */
kz_rc kz_store_user_remove(
    struct kz_store *s, const char *name, struct kz_err *err) KZ_MUST_CHECK;

/* A login session.  The cookie carries a random token; the store keeps its
 * SHA-256 (hex).  csrf is the form token of the session. */
struct kz_session {
	char token_hash[65];
	int64_t user_id;
	char csrf[64];
	int64_t created, expires; /* unix seconds */
};
kz_rc kz_store_session_put(struct kz_store *s, const struct kz_session *ses,
    struct kz_err *err) KZ_MUST_CHECK;
/* The live session (expires > now) with this token hash, and its user
 * (free with kz_user_fini); KZ_ENOTFOUND when none. */
kz_rc kz_store_session_get(struct kz_store *s, const char *token_hash,
    int64_t now, struct kz_session *out, struct kz_user *user,
    struct kz_err *err) KZ_MUST_CHECK;
/* End a session (no error when it is gone already). */
kz_rc kz_store_session_remove(struct kz_store *s, const char *token_hash,
    struct kz_err *err) KZ_MUST_CHECK;
/* Delete sessions that expired before now. */
kz_rc kz_store_session_prune(
    struct kz_store *s, int64_t now, struct kz_err *err) KZ_MUST_CHECK;

#endif
