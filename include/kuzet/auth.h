/*
 * Passwords, tokens and sessions for the editorial web app (libsodium):
 * argon2id password hashes, random session and CSRF tokens, and login.
 */
#ifndef KUZET_AUTH_H
#define KUZET_AUTH_H

#include <stddef.h>
#include <stdint.h>

#include "kuzet/users.h"

#define KZ_PASSWORD_MIN 8 /* characters */
#define KZ_PASSWORD_MAX 1024 /* bytes */
#define KZ_AUTH_HASH_BYTES 128 /* crypto_pwhash_STRBYTES */
#define KZ_TOKEN_CHARS 43 /* 32 random bytes, base64url without padding */
#define KZ_SESSION_TTL (12 * 3600) /* seconds a session lives */

/* Initialize libsodium once (thread-safe to call repeatedly). */
kz_rc kz_auth_init(struct kz_err *err) KZ_MUST_CHECK;
/* KZ_EUSAGE naming what is wrong when pw is no acceptable password
 * (length, NUL, invalid UTF-8). */
kz_rc kz_auth_password_check(const char *pw, struct kz_err *err) KZ_MUST_CHECK;
/* argon2id hash (interactive limits) of pw into out (NUL-terminated). */
kz_rc kz_auth_hash(const char *pw, char out[KZ_AUTH_HASH_BYTES],
    struct kz_err *err) KZ_MUST_CHECK;
/* 1 when pw matches hash, else 0. */
int kz_auth_verify(const char *hash, const char *pw);
/* A new random token (KZ_TOKEN_CHARS + NUL). */
void kz_auth_token(char out[KZ_TOKEN_CHARS + 1]);
/* 1 when the NUL-terminated strings a and b are equal, in time independent
 * of where they differ. */
int kz_auth_equal(const char *a, const char *b);

/* Add user name with role and password (checked, hashed). */
kz_rc kz_app_user_add(struct kz_store *s, const char *name, enum kz_role role,
    const char *pw, struct kz_err *err) KZ_MUST_CHECK;
/* Set a user's password (ends their sessions). */
kz_rc kz_app_user_passwd(struct kz_store *s, const char *name, const char *pw,
    struct kz_err *err) KZ_MUST_CHECK;

/*
 * Log in: on the right name and password store a new session (lifetime
 * ttl seconds from now), fill *user and *ses and write the cookie token
 * into token.  A wrong password and an unknown name both give KZ_EPERM
 * with the same message, after the same work (a hash is verified either
 * way).
 */
kz_rc kz_app_login(struct kz_store *s, const char *name, const char *pw,
    int64_t now, int64_t ttl, struct kz_user *user, struct kz_session *ses,
    char token[KZ_TOKEN_CHARS + 1], struct kz_err *err) KZ_MUST_CHECK;
/* The live session of a cookie token and its user; KZ_ENOTFOUND. */
kz_rc kz_app_session(struct kz_store *s, const char *token, int64_t now,
    struct kz_session *ses, struct kz_user *user,
    struct kz_err *err) KZ_MUST_CHECK;
/* End the session of a cookie token. */
kz_rc kz_app_logout(
    struct kz_store *s, const char *token, struct kz_err *err) KZ_MUST_CHECK;

#endif
