/* The generic layer of users and sessions (users.h). */
#include <stdlib.h>
#include <string.h>

#include "kuzet/users.h"

static const char *const role_names[] = {"viewer", "editor", "admin"};

const char *
kz_role_name(enum kz_role r)
{
	return (unsigned)r <= KZ_ROLE_ADMIN ? role_names[r] : "?";
}

int
kz_role_parse(const char *s, enum kz_role *out)
{
	for (int i = 0; i <= KZ_ROLE_ADMIN; i++)
		if (strcmp(s, role_names[i]) == 0) {
			*out = (enum kz_role)i;
			return 0;
		}
	return -1;
}

int
kz_user_name_check(const char *name)
{
	size_t n = strlen(name), i = 0;

	if (n == 0 || n > KZ_USER_NAME_MAX)
		return -1;
	while (i < n) {
		uint32_t cp;
		size_t l = kz_utf8_decode(name + i, n - i, &cp);

		if (l == 0)
			return -1;
		if (cp < 0x80) {
			int c = (int)cp;
			if (!((c >= 'a' && c <= 'z') ||
			        (c >= 'A' && c <= 'Z') ||
			        (c >= '0' && c <= '9') || c == '.' ||
			        c == '-' || c == '_' || c == '@'))
				return -1;
		} else if (cp < 0xC0 || (cp >= 0x2000 && cp < 0x3000) ||
		    cp == 0xFEFF) {
			return -1; /* controls, punctuation and spaces */
		}
		i += l;
	}
	return 0;
}

void
kz_user_init(struct kz_user *u)
{
	memset(u, 0, sizeof *u);
	memcpy(u->lang, "ru", 3);
}

void
kz_user_fini(struct kz_user *u)
{
	free(u->pw_hash);
	kz_user_init(u);
}

kz_rc
kz_store_user_add(struct kz_store *s, struct kz_user *u, struct kz_err *err)
{
	if (kz_user_name_check(u->name) != 0)
		return kz_fail(err, KZ_EUSAGE,
		    "invalid user name '%s': use 1-%d letters, digits, '.', "
		    "'-', '_' or '@'",
		    u->name, KZ_USER_NAME_MAX);
	return s->ops->user_add(s, u, err);
}

kz_rc
kz_store_user_get(struct kz_store *s, const char *name, struct kz_user *out,
    struct kz_err *err)
{
	return s->ops->user_get(s, name, out, err);
}

kz_rc
kz_store_user_list(
    struct kz_store *s, kz_user_fn fn, void *ctx, struct kz_err *err)
{
	return s->ops->user_list(s, fn, ctx, err);
}

kz_rc
kz_store_user_update(struct kz_store *s, int64_t id,
    const struct kz_user_change *c, struct kz_err *err)
{
	/* a new password and the end of the old sessions land together */
	kz_rc rc = kz_store_begin(s, err);
	if (rc != KZ_OK)
		return rc;
	rc = s->ops->user_update(s, id, c, err);
	if (rc == KZ_OK)
		return kz_store_commit(s, err);
	kz_store_rollback(s);
	return rc;
}

kz_rc
kz_store_user_remove(struct kz_store *s, const char *name, struct kz_err *err)
{
	return s->ops->user_remove(s, name, err);
}

kz_rc
kz_store_session_put(
    struct kz_store *s, const struct kz_session *ses, struct kz_err *err)
{
	return s->ops->session_put(s, ses, err);
}

kz_rc
kz_store_session_get(struct kz_store *s, const char *token_hash, int64_t now,
    struct kz_session *out, struct kz_user *user, struct kz_err *err)
{
	return s->ops->session_get(s, token_hash, now, out, user, err);
}

kz_rc
kz_store_session_remove(
    struct kz_store *s, const char *token_hash, struct kz_err *err)
{
	return s->ops->session_remove(s, token_hash, err);
}

kz_rc
kz_store_session_prune(struct kz_store *s, int64_t now, struct kz_err *err)
{
	return s->ops->session_prune(s, now, err);
}
