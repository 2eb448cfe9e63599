/* Passwords (argon2id), tokens and login sessions, with libsodium. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "kuzet/auth.h"

#define CHECK(e)                                                               \
	do {                                                                   \
		kz_rc r_ = (e);                                                \
		if (r_ != KZ_OK)                                               \
			return r_;                                             \
	} while (0)

_Static_assert(KZ_AUTH_HASH_BYTES == crypto_pwhash_STRBYTES,
    "KZ_AUTH_HASH_BYTES must be crypto_pwhash_STRBYTES");

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static int init_rc = -1;
/* A hash of a random password, verified when the user does not exist so
 * that a wrong name costs as much as a wrong password. */
static char dummy_hash[crypto_pwhash_STRBYTES];

static void
do_init(void)
{
	unsigned char pw[16];

	init_rc = sodium_init() < 0 ? -1 : 0;
	if (init_rc != 0)
		return;
	randombytes_buf(pw, sizeof pw);
	if (crypto_pwhash_str_alg(dummy_hash, (const char *)pw, sizeof pw,
	        crypto_pwhash_OPSLIMIT_INTERACTIVE,
	        crypto_pwhash_MEMLIMIT_INTERACTIVE,
	        crypto_pwhash_ALG_ARGON2ID13) != 0)
		init_rc = -1;
}

kz_rc
kz_auth_init(struct kz_err *err)
{
	pthread_once(&init_once, do_init);
	if (init_rc != 0)
		return kz_fail(err, KZ_EINTERNAL,
		    "cannot initialize libsodium (out of memory?)");
	return KZ_OK;
}

kz_rc
kz_auth_password_check(const char *pw, struct kz_err *err)
{
	size_t n = strlen(pw), bad;

	if (n > KZ_PASSWORD_MAX)
		return kz_fail(err, KZ_EUSAGE,
		    "password too long (at most %d bytes)", KZ_PASSWORD_MAX);
	if (!kz_utf8_valid(pw, n, &bad))
		return kz_fail(err, KZ_EUSAGE,
		    "password is not valid UTF-8 (byte %zu)", bad);
	if (kz_utf8_len(pw, n) < KZ_PASSWORD_MIN)
		return kz_fail(err, KZ_EUSAGE,
		    "password too short (at least %d characters)",
		    KZ_PASSWORD_MIN);
	return KZ_OK;
}

kz_rc
kz_auth_hash(const char *pw, char out[KZ_AUTH_HASH_BYTES], struct kz_err *err)
{
	CHECK(kz_auth_init(err));
	if (crypto_pwhash_str_alg(out, pw, strlen(pw),
	        crypto_pwhash_OPSLIMIT_INTERACTIVE,
	        crypto_pwhash_MEMLIMIT_INTERACTIVE,
	        crypto_pwhash_ALG_ARGON2ID13) != 0)
		return kz_fail(err, KZ_EINTERNAL,
		    "cannot hash the password (out of memory?)");
	return KZ_OK;
}

int
kz_auth_verify(const char *hash, const char *pw)
{
	struct kz_err err;

	if (kz_auth_init(&err) != KZ_OK || hash == NULL ||
	    memchr(hash, '\0', crypto_pwhash_STRBYTES) == NULL)
		return 0;
	return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

void
kz_auth_token(char out[KZ_TOKEN_CHARS + 1])
{
	unsigned char raw[32];
	struct kz_err err;

	if (kz_auth_init(&err) != KZ_OK)
		abort();
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(out, KZ_TOKEN_CHARS + 1, raw, sizeof raw,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
}

int
kz_auth_equal(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);

	if (na != nb)
		return 0;
	return sodium_memcmp(a, b, na) == 0;
}

kz_rc
kz_app_user_add(struct kz_store *s, const char *name, enum kz_role role,
    const char *pw, struct kz_err *err)
{
	struct kz_user u;
	char hash[KZ_AUTH_HASH_BYTES];

	if (strlen(name) > KZ_USER_NAME_MAX)
		return kz_fail(err, KZ_EUSAGE,
		    "invalid user name: at most %d bytes", KZ_USER_NAME_MAX);
	CHECK(kz_auth_password_check(pw, err));
	CHECK(kz_auth_hash(pw, hash, err));
	kz_user_init(&u);
	memcpy(u.name, name, strlen(name) + 1);
	u.role = role;
	u.pw_hash = hash;
	kz_rc rc = kz_store_user_add(s, &u, err);
	u.pw_hash = NULL;
	kz_user_fini(&u);
	sodium_memzero(hash, sizeof hash);
	return rc;
}

kz_rc
kz_app_user_passwd(
    struct kz_store *s, const char *name, const char *pw, struct kz_err *err)
{
	struct kz_user u;
	char hash[KZ_AUTH_HASH_BYTES];

	CHECK(kz_auth_password_check(pw, err));
	CHECK(kz_store_user_get(s, name, &u, err));
	kz_rc rc = kz_auth_hash(pw, hash, err);
	if (rc == KZ_OK) {
		struct kz_user_change c = {-1, hash, NULL};
		rc = kz_store_user_update(s, u.id, &c, err);
	}
	kz_user_fini(&u);
	return rc;
}

kz_rc
kz_app_login(struct kz_store *s, const char *name, const char *pw, int64_t now,
    int64_t ttl, struct kz_user *user, struct kz_session *ses,
    char token[KZ_TOKEN_CHARS + 1], struct kz_err *err)
{
	struct kz_err e2;

	CHECK(kz_auth_init(err));
	kz_user_init(user);
	kz_rc rc = kz_store_user_get(s, name, user, &e2);
	if (rc == KZ_ENOTFOUND) {
		(void)kz_auth_verify(dummy_hash, pw);
		return kz_fail(err, KZ_EPERM, "wrong user name or password");
	}
	if (rc != KZ_OK) {
		*err = e2;
		return rc;
	}
	if (!kz_auth_verify(user->pw_hash, pw)) {
		kz_user_fini(user);
		return kz_fail(err, KZ_EPERM, "wrong user name or password");
	}
	free(user->pw_hash);
	user->pw_hash = NULL;
	memset(ses, 0, sizeof *ses);
	kz_auth_token(token);
	kz_sha256_hex(token, strlen(token), ses->token_hash);
	char csrf[KZ_TOKEN_CHARS + 1];
	kz_auth_token(csrf);
	memcpy(ses->csrf, csrf, sizeof csrf);
	ses->user_id = user->id;
	ses->created = now;
	ses->expires = now + ttl;
	if (kz_store_session_prune(s, now, &e2) != KZ_OK)
		fprintf(stderr, "kuzet: pruning sessions: %s\n", e2.msg);
	rc = kz_store_session_put(s, ses, err);
	if (rc != KZ_OK)
		kz_user_fini(user);
	return rc;
}

kz_rc
kz_app_session(struct kz_store *s, const char *token, int64_t now,
    struct kz_session *ses, struct kz_user *user, struct kz_err *err)
{
	char h[65];

	if (strlen(token) != KZ_TOKEN_CHARS)
		return kz_fail(err, KZ_ENOTFOUND, "no such session");
	kz_sha256_hex(token, strlen(token), h);
	return kz_store_session_get(s, h, now, ses, user, err);
}

kz_rc
kz_app_logout(struct kz_store *s, const char *token, struct kz_err *err)
{
	char h[65];

	kz_sha256_hex(token, strlen(token), h);
	return kz_store_session_remove(s, h, err);
}
