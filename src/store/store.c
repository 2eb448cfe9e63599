/*
 * The generic store layer: what every backend shares.  It resolves the
 * database URL, validates incidents, computes the audit trail and wraps
 * each operation in a transaction; backends (sqlite.c, later pg.c) only
 * provide the primitives of struct kz_store_ops.
 *
 * Transactions nest: ops->begin inside an open transaction starts a nested
 * one (a SAVEPOINT), ops->commit releases it and ops->rollback undoes only
 * it.  So every kz_store_* call is all-or-nothing on its own, and when the
 * caller has a transaction open (kz_store_begin) the call joins it: a failed
 * call leaves the caller's earlier work intact, and nothing is durable until
 * the caller's kz_store_commit.
 */
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kuzet/store.h"

void
kz_incident_filter_init(struct kz_incident_filter *f)
{
	memset(f, 0, sizeof *f);
	f->section = NULL;
	f->status = -1;
	f->lang = -1;
}

/* ---- opening ---- */

static int
has_prefix(const char *s, const char *prefix)
{
	return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

static int
is_pg_url(const char *url)
{
	return has_prefix(url, "postgresql://") ||
	    has_prefix(url, "postgres://");
}

static const char *
nonempty_env(const char *name)
{
	const char *v = getenv(name);
	return v != NULL && v[0] != '\0' ? v : NULL;
}

/*
 * The default database path: $XDG_DATA_HOME/kuzet/kuzet.db when that is an
 * absolute path (the XDG spec ignores relative ones), else
 * $HOME/.local/share/kuzet/kuzet.db, with the home directory from the
 * password database when HOME is unset.
 */
static char *
default_path(void)
{
	const char *xdg = nonempty_env("XDG_DATA_HOME");
	if (xdg != NULL && xdg[0] == '/')
		return kz_xasprintf("%s/kuzet/kuzet.db", xdg);
	const char *home = nonempty_env("HOME");
	if (home == NULL) {
		const struct passwd *pw = getpwuid(getuid());
		if (pw != NULL && pw->pw_dir != NULL && pw->pw_dir[0] != '\0')
			home = pw->pw_dir;
	}
	if (home == NULL)
		return kz_xstrdup("kuzet.db");
	return kz_xasprintf("%s/.local/share/kuzet/kuzet.db", home);
}

char *
kz_store_resolve(const char *url)
{
	if (url == NULL || url[0] == '\0') {
		const char *env = nonempty_env("KUZET_DB");
		if (env == NULL)
			return default_path();
		url = env;
	}
	if (is_pg_url(url))
		return kz_xstrdup(url);
	if (has_prefix(url, "sqlite:")) {
		url += strlen("sqlite:");
		/* "sqlite:///abs/path" as well as "sqlite:/abs/path" */
		if (url[0] == '/' && url[1] == '/')
			url += 2;
	}
	return kz_xstrdup(url);
}

/* mkdir -p of the directory part of path, with mode 0700 for what it
 * creates (the archive holds unpublished drafts and editors' names). */
static kz_rc
make_parent_dirs(const char *path, struct kz_err *err)
{
	char *dir = kz_xstrdup(path);
	char *slash = strrchr(dir, '/');
	kz_rc rc = KZ_OK;
	if (slash == NULL || slash == dir) {
		free(dir);
		return KZ_OK;
	}
	*slash = '\0';
	for (char *p = dir + 1; rc == KZ_OK; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char saved = *p;
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST)
			rc = kz_fail(err, KZ_EIO,
			    "cannot create directory %s: %s", dir,
			    strerror(errno));
		*p = saved;
		if (saved == '\0')
			break;
	}
	struct stat st;
	if (rc == KZ_OK && (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)))
		rc = kz_fail(err, KZ_EIO, "%s is not a directory", dir);
	free(dir);
	return rc;
}

kz_rc
kz_store_open(
    const char *url, int create, struct kz_store **out, struct kz_err *err)
{
	char *path = kz_store_resolve(url);
	kz_rc rc = KZ_OK;
	if (is_pg_url(path)) {
		rc = kz_fail(err, KZ_EUSAGE,
		    "%s: PostgreSQL backend not built yet (use sqlite:PATH)",
		    path);
	} else if (path[0] == '\0') {
		rc = kz_fail(err, KZ_EUSAGE, "empty database path");
	} else if (strcmp(path, ":memory:") != 0) {
		struct stat st;
		if (stat(path, &st) == 0) {
			if (S_ISDIR(st.st_mode))
				rc = kz_fail(err, KZ_EUSAGE,
				    "database %s is a directory", path);
		} else if (errno != ENOENT && errno != ENOTDIR) {
			rc = kz_fail(
			    err, KZ_EIO, "%s: %s", path, strerror(errno));
		} else if (!create) {
			rc = kz_fail(err, KZ_ENOTFOUND,
			    "database %s does not exist (run kuzet init)",
			    path);
		} else {
			rc = make_parent_dirs(path, err);
		}
	}
	if (rc != KZ_OK) {
		free(path);
		return rc;
	}
	struct kz_store *s = kz_xcalloc(1, sizeof *s);
	s->ops = &kz_store_sqlite_ops;
	s->target = path;
	rc = s->ops->open(s, path, create, err);
	if (rc != KZ_OK) {
		free(s->target);
		free(s);
		return rc;
	}
	*out = s;
	return KZ_OK;
}

void
kz_store_close(struct kz_store *s)
{
	if (s == NULL)
		return;
	s->ops->close(s);
	free(s->target);
	free(s);
}

/* ---- transactions ---- */

kz_rc
kz_store_begin(struct kz_store *s, struct kz_err *err)
{
	kz_rc rc = s->ops->begin(s, err);
	if (rc == KZ_OK)
		s->in_tx++;
	return rc;
}

kz_rc
kz_store_commit(struct kz_store *s, struct kz_err *err)
{
	if (s->in_tx == 0)
		return kz_fail(err, KZ_EUSAGE,
		    "%s: commit without a transaction", s->target);
	/* A failed commit has been rolled back by the backend. */
	s->in_tx--;
	return s->ops->commit(s, err);
}

void
kz_store_rollback(struct kz_store *s)
{
	if (s->in_tx == 0)
		return;
	s->in_tx--;
	(void)s->ops->rollback(s);
}

/* Commit the operation's own (possibly nested) transaction if rc is KZ_OK,
 * else roll it back; returns the outcome. */
static kz_rc
finish(struct kz_store *s, kz_rc rc, struct kz_err *err)
{
	if (rc == KZ_OK)
		return s->ops->commit(s, err);
	(void)s->ops->rollback(s);
	return rc;
}

/* ---- validation ---- */

static const char *
text_or_null(const char *s)
{
	return s != NULL && s[0] != '\0' ? s : NULL;
}

static kz_rc
check_text(const struct kz_incident *inc, const char *what, const char *s,
    size_t max, struct kz_err *err)
{
	if (s == NULL)
		return KZ_OK;
	size_t n = strlen(s);
	if (n > max)
		return kz_fail(err, KZ_ELIMIT,
		    "incident %lld: %s is %zu bytes, more than %zu",
		    (long long)inc->id, what, n, max);
	if (!kz_utf8_valid(s, n, NULL))
		return kz_fail(err, KZ_ECHARSET,
		    "incident %lld: %s is not valid UTF-8", (long long)inc->id,
		    what);
	return KZ_OK;
}

static kz_rc
check_date(const struct kz_incident *inc, const char *what, struct kz_date d,
    struct kz_err *err)
{
	if (kz_date_unknown(d) || kz_date_valid(d))
		return KZ_OK;
	return kz_fail(err, KZ_EUSAGE,
	    "incident %lld: %s is not a valid date (%d-%d-%d)",
	    (long long)inc->id, what, d.y, d.m, d.d);
}

static int
valid_section(const char *id)
{
	size_t n = strnlen(id, KZ_SECTION_ID_BYTES);
	if (n == 0 || n >= KZ_SECTION_ID_BYTES)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = id[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		        c == '_' || c == '-'))
			return 0;
	}
	return 1;
}

/* Check what a backend relies on and what limits.h promises, before any
 * write: bad input is reported, never stored. */
static kz_rc
check_incident(const struct kz_incident *inc, struct kz_err *err)
{
	long long id = (long long)inc->id;
	if (!valid_section(inc->section))
		return kz_fail(err, KZ_EUSAGE,
		    "incident %lld: bad section id '%.*s' (want [a-z0-9_-], 1 "
		    "to "
		    "%d bytes)",
		    id, KZ_SECTION_ID_BYTES - 1, inc->section,
		    KZ_SECTION_ID_BYTES - 1);
	if ((unsigned)inc->status > KZ_STATUS_REJECTED)
		return kz_fail(err, KZ_EUSAGE, "incident %lld: bad status %d",
		    id, (int)inc->status);
	kz_rc rc = check_date(inc, "occurred_on", inc->occurred_on, err);
	if (rc == KZ_OK)
		rc = check_date(inc, "period_from", inc->period_from, err);
	if (rc == KZ_OK)
		rc = check_date(inc, "period_to", inc->period_to, err);
	if (rc != KZ_OK)
		return rc;
	if (!kz_date_unknown(inc->period_from) &&
	    !kz_date_unknown(inc->period_to) &&
	    kz_date_cmp(inc->period_from, inc->period_to) > 0)
		return kz_fail(err, KZ_EUSAGE,
		    "incident %lld: period ends before it starts", id);
	for (int l = 0; l < KZ_LANG_COUNT && rc == KZ_OK; l++) {
		char what[32];
		const char *code = kz_lang_code((enum kz_lang)l);
		snprintf(what, sizeof what, "title.%s", code);
		rc = check_text(
		    inc, what, inc->title[l], KZ_TITLE_MAX_BYTES, err);
		if (rc != KZ_OK)
			break;
		snprintf(what, sizeof what, "summary.%s", code);
		rc = check_text(
		    inc, what, inc->summary[l], KZ_SUMMARY_MAX_BYTES, err);
	}
	if (rc != KZ_OK)
		return rc;
	if (inc->nsources > KZ_SOURCES_MAX)
		return kz_fail(err, KZ_ELIMIT,
		    "incident %lld: %zu sources, more than %u", id,
		    inc->nsources, KZ_SOURCES_MAX);
	for (size_t i = 0; i < inc->nsources && rc == KZ_OK; i++) {
		const struct kz_source *src = &inc->sources[i];
		if (text_or_null(src->url) == NULL)
			return kz_fail(err, KZ_EUSAGE,
			    "incident %lld: source %zu has no URL", id, i + 1);
		rc = check_text(
		    inc, "source URL", src->url, KZ_URL_MAX_BYTES, err);
		if (rc == KZ_OK)
			rc = check_text(inc, "normalized source URL",
			    src->url_norm, KZ_URL_MAX_BYTES, err);
	}
	return rc;
}

/* The first title in language order, for "created"/"deleted" rows. */
static const char *
first_title(const struct kz_incident *inc)
{
	for (int l = 0; l < KZ_LANG_COUNT; l++)
		if (text_or_null(inc->title[l]) != NULL)
			return inc->title[l];
	return NULL;
}

static const char *
actor_or_default(const char *actor)
{
	return actor != NULL ? actor : "";
}

/* The backends write new source ids into inc; these put the old ones back
 * when the operation fails (out-parameters change only on success). */
static int64_t *
source_ids_save(const struct kz_incident *inc)
{
	int64_t *ids = kz_xreallocarray(NULL, inc->nsources, sizeof *ids);
	for (size_t i = 0; i < inc->nsources; i++)
		ids[i] = inc->sources[i].id;
	return ids;
}

static void
source_ids_restore(struct kz_incident *inc, int64_t *ids)
{
	for (size_t i = 0; i < inc->nsources; i++)
		inc->sources[i].id = ids[i];
	free(ids);
}

/* ---- operations ---- */

kz_rc
kz_store_incident_add(struct kz_store *s, struct kz_incident *inc,
    const char *actor, struct kz_err *err)
{
	if (inc->id != 0)
		return kz_fail(err, KZ_EUSAGE,
		    "incident %lld is already stored; save it instead",
		    (long long)inc->id);
	kz_rc rc = check_incident(inc, err);
	if (rc != KZ_OK)
		return rc;
	rc = s->ops->begin(s, err);
	if (rc != KZ_OK)
		return rc;
	int64_t *ids = source_ids_save(inc);
	struct kz_incident tmp = *inc;
	rc = s->ops->insert(s, &tmp, err);
	if (rc == KZ_OK)
		rc = s->ops->audit_add(s, tmp.id, actor_or_default(actor),
		    "created", NULL, first_title(inc), err);
	rc = finish(s, rc, err);
	if (rc == KZ_OK) {
		/* tmp shares inc's strings; only the scalars are new. */
		inc->id = tmp.id;
		inc->created = tmp.created;
		inc->updated = tmp.updated;
		inc->version = tmp.version;
		free(ids);
	} else {
		source_ids_restore(inc, ids);
	}
	return rc;
}

kz_rc
kz_store_incident_get(
    struct kz_store *s, int64_t id, struct kz_incident *out, struct kz_err *err)
{
	struct kz_incident inc;
	kz_incident_init(&inc);
	kz_rc rc = s->ops->get(s, id, &inc, err);
	if (rc != KZ_OK) {
		kz_incident_fini(&inc);
		return rc;
	}
	*out = inc;
	return KZ_OK;
}

/* One changed field: an audit row to write. */
struct change {
	const char *field;
	char *old_value; /* owned; NULL for none */
	char *new_value;
};

struct changes {
	struct change v[4 + 2 * KZ_LANG_COUNT + 1];
	size_t n;
};

static char *
dup_or_null(const char *s)
{
	return s != NULL ? kz_xstrdup(s) : NULL;
}

/* Record field as changed when old and new differ (NULL and "" are both
 * "none"). */
static void
diff_text(struct changes *c, const char *field, const char *old_value,
    const char *new_value)
{
	old_value = text_or_null(old_value);
	new_value = text_or_null(new_value);
	if (old_value == NULL && new_value == NULL)
		return;
	if (old_value != NULL && new_value != NULL &&
	    strcmp(old_value, new_value) == 0)
		return;
	struct change *ch = &c->v[c->n++];
	ch->field = field;
	ch->old_value = dup_or_null(old_value);
	ch->new_value = dup_or_null(new_value);
}

/* "YYYY-MM-DD", or "" when unknown. */
static void
date_text(struct kz_date d, char out[11])
{
	if (kz_date_unknown(d))
		out[0] = '\0';
	else
		kz_date_format_iso(d, out);
}

/* The report period as "FROM/TO" (ISO 8601 interval, either side empty
 * when unknown), or "" when both are unknown. */
static void
period_text(const struct kz_incident *inc, char out[22])
{
	char from[11], to[11];
	date_text(inc->period_from, from);
	date_text(inc->period_to, to);
	if (from[0] == '\0' && to[0] == '\0')
		out[0] = '\0';
	else
		snprintf(out, 22, "%s/%s", from, to);
}

/* The sources' URLs joined by newlines ("" when none). */
static char *
sources_text(const struct kz_incident *inc)
{
	size_t len = 1;
	for (size_t i = 0; i < inc->nsources; i++)
		len += strlen(inc->sources[i].url) + 1;
	char *out = kz_xmalloc(len);
	char *p = out;
	for (size_t i = 0; i < inc->nsources; i++) {
		size_t n = strlen(inc->sources[i].url);
		if (i > 0)
			*p++ = '\n';
		memcpy(p, inc->sources[i].url, n);
		p += n;
	}
	*p = '\0';
	return out;
}

static int
same_sources(const struct kz_incident *a, const struct kz_incident *b)
{
	if (a->nsources != b->nsources)
		return 0;
	for (size_t i = 0; i < a->nsources; i++) {
		const struct kz_source *x = &a->sources[i], *y = &b->sources[i];
		if (strcmp(x->url, y->url) != 0)
			return 0;
		const char *xn = x->url_norm != NULL ? x->url_norm : x->url;
		const char *yn = y->url_norm != NULL ? y->url_norm : y->url;
		if (strcmp(xn, yn) != 0)
			return 0;
	}
	return 1;
}

static const char *const title_fields[KZ_LANG_COUNT] = {
    "title.ru", "title.kk", "title.en"};
static const char *const summary_fields[KZ_LANG_COUNT] = {
    "summary.ru", "summary.kk", "summary.en"};

/* What changed from old to new, field by field, in a fixed order. */
static void
diff_incidents(const struct kz_incident *old, const struct kz_incident *new,
    struct changes *c)
{
	c->n = 0;
	diff_text(c, "section", old->section, new->section);
	diff_text(c, "status", kz_status_name(old->status),
	    kz_status_name(new->status));
	char a[22], b[22];
	date_text(old->occurred_on, a);
	date_text(new->occurred_on, b);
	diff_text(c, "occurred_on", a, b);
	period_text(old, a);
	period_text(new, b);
	diff_text(c, "period", a, b);
	for (int l = 0; l < KZ_LANG_COUNT; l++)
		diff_text(c, title_fields[l], old->title[l], new->title[l]);
	for (int l = 0; l < KZ_LANG_COUNT; l++)
		diff_text(
		    c, summary_fields[l], old->summary[l], new->summary[l]);
	char *os = sources_text(old), *ns = sources_text(new);
	diff_text(c, "sources", os, ns);
	free(os);
	free(ns);
}

static void
changes_fini(struct changes *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].old_value);
		free(c->v[i].new_value);
	}
	c->n = 0;
}

kz_rc
kz_store_incident_save(struct kz_store *s, struct kz_incident *inc,
    const char *actor, struct kz_err *err)
{
	if (inc->id <= 0)
		return kz_fail(err, KZ_EUSAGE,
		    "incident is not stored yet; add it instead");
	kz_rc rc = check_incident(inc, err);
	if (rc != KZ_OK)
		return rc;
	rc = s->ops->begin(s, err);
	if (rc != KZ_OK)
		return rc;
	struct kz_incident old;
	kz_incident_init(&old);
	struct changes c = {.n = 0};
	rc = s->ops->get(s, inc->id, &old, err);
	if (rc == KZ_OK && old.version != inc->version)
		rc = kz_fail(err, KZ_ECONFLICT,
		    "incident %lld was changed by someone else (version %lld, "
		    "yours %lld)",
		    (long long)inc->id, (long long)old.version,
		    (long long)inc->version);
	if (rc == KZ_OK)
		diff_incidents(&old, inc, &c);
	if (rc == KZ_OK && c.n == 0 && same_sources(&old, inc)) {
		/* Nothing changed: write nothing. */
		(void)s->ops->rollback(s);
		kz_incident_fini(&old);
		return KZ_OK;
	}
	for (size_t i = 0; i < c.n && rc == KZ_OK; i++)
		rc = s->ops->audit_add(s, inc->id, actor_or_default(actor),
		    c.v[i].field, c.v[i].old_value, c.v[i].new_value, err);
	int64_t *ids = source_ids_save(inc);
	struct kz_incident tmp = *inc;
	if (rc == KZ_OK)
		rc = s->ops->update(s, &tmp, err);
	rc = finish(s, rc, err);
	if (rc == KZ_OK) {
		inc->version = tmp.version;
		inc->updated = tmp.updated;
		free(ids);
	} else {
		source_ids_restore(inc, ids);
	}
	changes_fini(&c);
	kz_incident_fini(&old);
	return rc;
}

kz_rc
kz_store_incident_remove(
    struct kz_store *s, int64_t id, const char *actor, struct kz_err *err)
{
	kz_rc rc = s->ops->begin(s, err);
	if (rc != KZ_OK)
		return rc;
	struct kz_incident old;
	kz_incident_init(&old);
	rc = s->ops->get(s, id, &old, err);
	if (rc == KZ_OK)
		rc = s->ops->audit_add(s, id, actor_or_default(actor),
		    "deleted", first_title(&old), NULL, err);
	if (rc == KZ_OK)
		rc = s->ops->remove(s, id, err);
	kz_incident_fini(&old);
	return finish(s, rc, err);
}

static kz_rc
check_filter(const struct kz_incident_filter *f, struct kz_err *err)
{
	if (f->status < -1 || f->status > KZ_STATUS_REJECTED)
		return kz_fail(
		    err, KZ_EUSAGE, "filter: bad status %d", f->status);
	if (f->lang < -1 || f->lang >= KZ_LANG_COUNT)
		return kz_fail(
		    err, KZ_EUSAGE, "filter: bad language %d", f->lang);
	if ((!kz_date_unknown(f->from) && !kz_date_valid(f->from)) ||
	    (!kz_date_unknown(f->to) && !kz_date_valid(f->to)))
		return kz_fail(err, KZ_EUSAGE, "filter: bad date");
	if (f->limit < 0 || f->offset < 0)
		return kz_fail(
		    err, KZ_EUSAGE, "filter: negative limit or offset");
	return KZ_OK;
}

/* kz_store_incident_list over a search: the hits' incidents. */
struct hit_ctx {
	kz_incident_fn fn;
	void *ctx;
};

static kz_rc
hit_to_incident(void *vctx, const struct kz_search_hit *hit)
{
	const struct hit_ctx *c = vctx;
	return c->fn(c->ctx, hit->inc);
}

kz_rc
kz_store_incident_list(struct kz_store *s, const struct kz_incident_filter *f,
    kz_incident_fn fn, void *ctx, struct kz_err *err)
{
	struct kz_incident_filter all;
	if (f == NULL) {
		kz_incident_filter_init(&all);
		f = &all;
	}
	kz_rc rc = check_filter(f, err);
	if (rc != KZ_OK)
		return rc;
	if (f->q != NULL)
		return s->ops->search(s, f, NULL, NULL, hit_to_incident,
		    &(struct hit_ctx){fn, ctx}, err);
	return s->ops->list(s, f, fn, ctx, err);
}

kz_rc
kz_store_incident_search(struct kz_store *s, const struct kz_incident_filter *f,
    const char *mark_open, const char *mark_close, kz_search_fn fn, void *ctx,
    struct kz_err *err)
{
	struct kz_incident_filter all;
	if (f == NULL) {
		kz_incident_filter_init(&all);
		f = &all;
	}
	kz_rc rc = check_filter(f, err);
	if (rc != KZ_OK)
		return rc;
	if (mark_open == NULL || mark_close == NULL)
		mark_open = mark_close = NULL;
	return s->ops->search(s, f, mark_open, mark_close, fn, ctx, err);
}

kz_rc
kz_store_incident_find_dup(struct kz_store *s, const char *url_norm,
    const char *title, int64_t *id, struct kz_err *err)
{
	if (text_or_null(title) == NULL)
		return kz_fail(err, KZ_EUSAGE, "find_dup: no title");
	return s->ops->find_dup(s, url_norm, title, id, err);
}

kz_rc
kz_store_incident_find_by_url(struct kz_store *s, const char *url_norm,
    kz_id_fn fn, void *ctx, struct kz_err *err)
{
	if (text_or_null(url_norm) == NULL)
		return kz_fail(err, KZ_EUSAGE, "find_by_url: no URL");
	int64_t *ids = NULL;
	size_t n = 0;
	kz_rc rc = s->ops->find_by_url(s, url_norm, &ids, &n, err);
	for (size_t i = 0; i < n && rc == KZ_OK; i++)
		rc = fn(ctx, ids[i]);
	free(ids);
	return rc;
}

kz_rc
kz_store_audit_list(struct kz_store *s, int64_t incident_id, kz_audit_fn fn,
    void *ctx, struct kz_err *err)
{
	return s->ops->audit_list(s, incident_id, fn, ctx, err);
}

kz_rc
kz_store_incident_count(struct kz_store *s, int64_t *n, struct kz_err *err)
{
	return s->ops->count(s, n, err);
}
