/* The incident archive: generic store layer and SQLite backend. */
/* cmocka.h needs these first, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "kuzet/store.h"
#include "store/store_int.h"

/* ---- fixture: a fresh temporary directory per test ---- */

struct fx {
	char dir[512];
	char path[600]; /* dir/kuzet.db */
	struct kz_store *s;
};

static void
rm_rf(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return;
	if (S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		if (d != NULL) {
			struct dirent *e;
			while ((e = readdir(d)) != NULL) {
				if (strcmp(e->d_name, ".") == 0 ||
				    strcmp(e->d_name, "..") == 0)
					continue;
				char sub[1024];
				snprintf(
				    sub, sizeof sub, "%s/%s", path, e->d_name);
				rm_rf(sub);
			}
			closedir(d);
		}
		rmdir(path);
	} else {
		unlink(path);
	}
}

static int
setup(void **state)
{
	struct fx *fx = calloc(1, sizeof *fx);
	assert_non_null(fx);
	const char *tmp = getenv("TMPDIR");
	if (tmp == NULL || tmp[0] == '\0')
		tmp = "/tmp";
	snprintf(fx->dir, sizeof fx->dir, "%s/kz-store-XXXXXX", tmp);
	assert_non_null(mkdtemp(fx->dir));
	snprintf(fx->path, sizeof fx->path, "%s/kuzet.db", fx->dir);
	*state = fx;
	return 0;
}

/* setup, then open (creating) fx->path. */
static int
setup_open(void **state)
{
	setup(state);
	struct fx *fx = *state;
	struct kz_err err = {0};
	kz_rc rc = kz_store_open(fx->path, 1, &fx->s, &err);
	if (rc != KZ_OK)
		fail_msg("open: %s", err.msg);
	return 0;
}

static int
teardown(void **state)
{
	struct fx *fx = *state;
	kz_store_close(fx->s);
	rm_rf(fx->dir);
	free(fx);
	return 0;
}

/* ---- helpers ---- */

#define OK(expr)                                                               \
	do {                                                                   \
		struct kz_err e_ = {0};                                        \
		kz_rc rc_ = (expr);                                            \
		if (rc_ != KZ_OK)                                              \
			fail_msg(                                              \
			    "%s: %s (%s)", #expr, e_.msg, kz_rc_str(rc_));     \
	} while (0)

static struct kz_date
date(int y, int m, int d)
{
	struct kz_date dt = {y, m, d};
	return dt;
}

/* A draft in section with a Russian title and one source. */
static void
make(struct kz_incident *inc, const char *section, const char *title_ru,
    const char *url)
{
	kz_incident_init(inc);
	snprintf(inc->section, sizeof inc->section, "%s", section);
	if (title_ru != NULL)
		kz_incident_set_text(&inc->title[KZ_LANG_RU], title_ru);
	if (url != NULL)
		kz_incident_add_source(inc, url, url);
}

static int64_t
add(struct kz_store *s, struct kz_incident *inc)
{
	struct kz_err err = {0};
	kz_rc rc = kz_store_incident_add(s, inc, "tester", &err);
	if (rc != KZ_OK)
		fail_msg("add: %s", err.msg);
	return inc->id;
}

/* Add a draft and free it; returns the id. */
static int64_t
add_simple(struct kz_store *s, const char *section, const char *title_ru,
    const char *url)
{
	struct kz_incident inc;
	make(&inc, section, title_ru, url);
	int64_t id = add(s, &inc);
	kz_incident_fini(&inc);
	return id;
}

/* Collected audit rows (owned copies). */
struct arow {
	int64_t incident_id;
	int64_t at;
	char actor[64];
	char field[32];
	char old_value[256]; /* "(null)" for NULL */
	char new_value[256];
};

struct alog {
	struct arow v[64];
	size_t n;
};

static kz_rc
collect_audit(void *ctx, const struct kz_audit *a)
{
	struct alog *l = ctx;
	assert_true(l->n < 64);
	struct arow *r = &l->v[l->n++];
	r->incident_id = a->incident_id;
	r->at = a->at;
	snprintf(r->actor, sizeof r->actor, "%s", a->actor);
	snprintf(r->field, sizeof r->field, "%s", a->field);
	snprintf(r->old_value, sizeof r->old_value, "%s",
	    a->old_value != NULL ? a->old_value : "(null)");
	snprintf(r->new_value, sizeof r->new_value, "%s",
	    a->new_value != NULL ? a->new_value : "(null)");
	return KZ_OK;
}

static void
audit_of(struct kz_store *s, int64_t id, struct alog *l)
{
	l->n = 0;
	OK(kz_store_audit_list(s, id, collect_audit, l, &e_));
}

static void
assert_row(const struct arow *r, const char *field, const char *old_value,
    const char *new_value, const char *actor)
{
	assert_string_equal(r->field, field);
	assert_string_equal(r->old_value, old_value);
	assert_string_equal(r->new_value, new_value);
	assert_string_equal(r->actor, actor);
	assert_true(r->at > 0);
}

/* Collected list results: ids and a copy of each incident. */
struct ilist {
	int64_t id[64];
	struct kz_incident inc[64];
	size_t n;
	size_t stop_after; /* 0: never */
};

static kz_rc
collect_inc(void *ctx, const struct kz_incident *inc)
{
	struct ilist *l = ctx;
	assert_true(l->n < 64);
	l->id[l->n] = inc->id;
	kz_incident_copy(&l->inc[l->n], inc);
	l->n++;
	if (l->stop_after != 0 && l->n == l->stop_after)
		return KZ_ELIMIT;
	return KZ_OK;
}

static void
ilist_fini(struct ilist *l)
{
	for (size_t i = 0; i < l->n; i++)
		kz_incident_fini(&l->inc[i]);
	l->n = 0;
}

static void
list_ids(
    struct kz_store *s, const struct kz_incident_filter *f, struct ilist *l)
{
	ilist_fini(l);
	OK(kz_store_incident_list(s, f, collect_inc, l, &e_));
}

static void
assert_ids(const struct ilist *l, const int64_t *want, size_t n)
{
	assert_int_equal(l->n, n);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(l->id[i], want[i]);
}

/* One integer from a SQL query on a raw handle. */
static int64_t
query_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int64_t v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void
query_text(sqlite3 *db, const char *sql, char *out, size_t outsz)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	const unsigned char *v = sqlite3_column_text(st, 0);
	snprintf(out, outsz, "%s", v != NULL ? (const char *)v : "");
	sqlite3_finalize(st);
}

static sqlite3 *
raw_open(const char *path)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	return db;
}

static void
raw_exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fail_msg("%s: %s", sql, msg);
		sqlite3_free(msg);
	}
}

static int64_t
count(struct kz_store *s)
{
	int64_t n = -1;
	OK(kz_store_incident_count(s, &n, &e_));
	return n;
}

/* ---- add / get ---- */

static const char title_ru[] =
    "Блокировка сайта «Уральская неделя» — ёлки-палки";
static const char title_kk[] =
    "«Орал апталығы» сайтының бұғатталуы: әғқңөұүһі ӘҒҚҢӨҰҮҺІ";
static const char summary_ru[] =
    "Сайт недоступен без VPN с 3 сентября.\nВторая строка.";
static const char summary_kk[] = "Сайт 3 қыркүйектен бері VPN-сіз ашылмайды.";

static void
make_full(struct kz_incident *inc)
{
	kz_incident_init(inc);
	snprintf(inc->section, sizeof inc->section, "expression");
	inc->status = KZ_STATUS_PUBLISHED;
	inc->occurred_on = date(2025, 9, 3);
	inc->period_from = date(2025, 8, 1);
	inc->period_to = date(2026, 1, 31);
	kz_incident_set_text(&inc->title[KZ_LANG_RU], title_ru);
	kz_incident_set_text(&inc->title[KZ_LANG_KK], title_kk);
	kz_incident_set_text(&inc->title[KZ_LANG_EN], "Site blocked");
	kz_incident_set_text(&inc->summary[KZ_LANG_RU], summary_ru);
	kz_incident_set_text(&inc->summary[KZ_LANG_KK], summary_kk);
	kz_incident_add_source(inc, "https://Example.kz/news/1?utm_source=tg",
	    "https://example.kz/news/1");
	kz_incident_add_source(inc, "https://t.me/channel/42", NULL);
}

static void
test_store_add_get_round_trips_every_field(void **state)
{
	struct fx *fx = *state;
	struct kz_incident inc, got;
	make_full(&inc);
	add(fx->s, &inc);
	assert_true(inc.id > 0);
	assert_int_equal(inc.version, 1);
	assert_true(inc.created > 0);
	assert_int_equal(inc.updated, inc.created);
	assert_true(inc.sources[0].id > 0);
	assert_true(inc.sources[1].id > inc.sources[0].id);

	OK(kz_store_incident_get(fx->s, inc.id, &got, &e_));
	assert_int_equal(got.id, inc.id);
	assert_string_equal(got.section, "expression");
	assert_int_equal(got.status, KZ_STATUS_PUBLISHED);
	assert_int_equal(kz_date_cmp(got.occurred_on, date(2025, 9, 3)), 0);
	assert_int_equal(kz_date_cmp(got.period_from, date(2025, 8, 1)), 0);
	assert_int_equal(kz_date_cmp(got.period_to, date(2026, 1, 31)), 0);
	assert_string_equal(got.title[KZ_LANG_RU], title_ru);
	assert_string_equal(got.title[KZ_LANG_KK], title_kk);
	assert_string_equal(got.title[KZ_LANG_EN], "Site blocked");
	assert_string_equal(got.summary[KZ_LANG_RU], summary_ru);
	assert_string_equal(got.summary[KZ_LANG_KK], summary_kk);
	assert_null(got.summary[KZ_LANG_EN]);
	assert_int_equal(got.nsources, 2);
	assert_string_equal(
	    got.sources[0].url, "https://Example.kz/news/1?utm_source=tg");
	assert_string_equal(
	    got.sources[0].url_norm, "https://example.kz/news/1");
	assert_int_equal(got.sources[0].id, inc.sources[0].id);
	assert_string_equal(got.sources[1].url, "https://t.me/channel/42");
	assert_string_equal(got.sources[1].url_norm, "https://t.me/channel/42");
	assert_int_equal(got.created, inc.created);
	assert_int_equal(got.updated, inc.updated);
	assert_int_equal(got.version, 1);

	struct alog log;
	audit_of(fx->s, inc.id, &log);
	assert_int_equal(log.n, 1);
	assert_row(&log.v[0], "created", "(null)", title_ru, "tester");
	assert_int_equal(log.v[0].incident_id, inc.id);
	kz_incident_fini(&got);
	kz_incident_fini(&inc);
}

static void
test_store_add_unknown_dates_and_no_text(void **state)
{
	struct fx *fx = *state;
	struct kz_incident inc, got;
	make(&inc, "cyber", NULL, NULL);
	/* An empty text counts as none. */
	kz_incident_set_text(&inc.summary[KZ_LANG_KK], "");
	add(fx->s, &inc);
	OK(kz_store_incident_get(fx->s, inc.id, &got, &e_));
	assert_true(kz_date_unknown(got.occurred_on));
	assert_true(kz_date_unknown(got.period_from));
	assert_true(kz_date_unknown(got.period_to));
	for (int l = 0; l < KZ_LANG_COUNT; l++) {
		assert_null(got.title[l]);
		assert_null(got.summary[l]);
	}
	assert_int_equal(got.nsources, 0);
	assert_int_equal(got.status, KZ_STATUS_DRAFT);
	kz_incident_fini(&got);
	kz_incident_fini(&inc);
}

static void
test_store_get_missing_names_the_id(void **state)
{
	struct fx *fx = *state;
	struct kz_incident got;
	struct kz_err err = {0};
	memset(&got, 0x5a, sizeof got);
	assert_int_equal(
	    kz_store_incident_get(fx->s, 4242, &got, &err), KZ_ENOTFOUND);
	assert_non_null(strstr(err.msg, "incident 4242 not found"));
	/* Out-parameters are written only on success. */
	assert_int_equal(got.id, 0x5a5a5a5a5a5a5a5a);
}

static void
test_store_add_rejects_bad_input(void **state)
{
	struct fx *fx = *state;
	struct kz_incident inc;
	struct kz_err err = {0};

	make(&inc, "Bad Section", "t", NULL);
	assert_int_equal(
	    kz_store_incident_add(fx->s, &inc, "x", &err), KZ_EUSAGE);
	assert_non_null(strstr(err.msg, "section"));
	kz_incident_fini(&inc);

	make(&inc, "law", "bad \xff utf-8", NULL);
	assert_int_equal(
	    kz_store_incident_add(fx->s, &inc, "x", &err), KZ_ECHARSET);
	assert_non_null(strstr(err.msg, "title.ru"));
	kz_incident_fini(&inc);

	char *big = malloc(KZ_TITLE_MAX_BYTES + 2);
	memset(big, 'a', KZ_TITLE_MAX_BYTES + 1);
	big[KZ_TITLE_MAX_BYTES + 1] = '\0';
	make(&inc, "law", big, NULL);
	assert_int_equal(
	    kz_store_incident_add(fx->s, &inc, "x", &err), KZ_ELIMIT);
	kz_incident_fini(&inc);
	free(big);

	make(&inc, "law", "t", NULL);
	for (unsigned i = 0; i <= KZ_SOURCES_MAX; i++)
		kz_incident_add_source(&inc, "https://a.kz/", NULL);
	assert_int_equal(
	    kz_store_incident_add(fx->s, &inc, "x", &err), KZ_ELIMIT);
	kz_incident_fini(&inc);

	make(&inc, "law", "t", NULL);
	inc.occurred_on = date(2025, 2, 30);
	assert_int_equal(
	    kz_store_incident_add(fx->s, &inc, "x", &err), KZ_EUSAGE);
	inc.occurred_on = date(0, 0, 0);
	inc.period_from = date(2025, 3, 1);
	inc.period_to = date(2025, 2, 1);
	assert_int_equal(
	    kz_store_incident_add(fx->s, &inc, "x", &err), KZ_EUSAGE);
	assert_int_equal(inc.id, 0);
	kz_incident_fini(&inc);

	assert_int_equal(count(fx->s), 0);
	struct alog log;
	audit_of(fx->s, 0, &log);
	assert_int_equal(log.n, 0);
}

/* ---- save ---- */

static void
test_store_save_audits_each_field_and_bumps_version(void **state)
{
	struct fx *fx = *state;
	struct kz_incident inc;
	make_full(&inc);
	add(fx->s, &inc);
	int64_t id = inc.id;

	struct kz_incident ed;
	OK(kz_store_incident_get(fx->s, id, &ed, &e_));
	snprintf(ed.section, sizeof ed.section, "courts");
	ed.status = KZ_STATUS_REJECTED;
	ed.occurred_on = date(0, 0, 0);
	ed.period_to = date(2025, 12, 31);
	kz_incident_set_text(&ed.title[KZ_LANG_RU], "Новый заголовок");
	kz_incident_set_text(&ed.title[KZ_LANG_EN], NULL);
	kz_incident_set_text(&ed.summary[KZ_LANG_EN], "Added summary");
	kz_incident_add_source(&ed, "https://vlast.kz/x", NULL);
	struct kz_err err = {0};
	assert_int_equal(
	    kz_store_incident_save(fx->s, &ed, "editor2", &err), KZ_OK);
	assert_int_equal(ed.version, 2);
	assert_true(ed.updated >= ed.created);
	assert_true(ed.sources[2].id > 0);

	struct alog log;
	audit_of(fx->s, id, &log);
	assert_int_equal(log.n, 9);
	assert_row(&log.v[0], "created", "(null)", title_ru, "tester");
	assert_row(&log.v[1], "section", "expression", "courts", "editor2");
	assert_row(&log.v[2], "status", "published", "rejected", "editor2");
	assert_row(&log.v[3], "occurred_on", "2025-09-03", "(null)", "editor2");
	assert_row(&log.v[4], "period", "2025-08-01/2026-01-31",
	    "2025-08-01/2025-12-31", "editor2");
	assert_row(
	    &log.v[5], "title.ru", title_ru, "Новый заголовок", "editor2");
	assert_row(&log.v[6], "title.en", "Site blocked", "(null)", "editor2");
	assert_row(
	    &log.v[7], "summary.en", "(null)", "Added summary", "editor2");
	assert_row(&log.v[8], "sources",
	    "https://Example.kz/news/1?utm_source=tg\nhttps://t.me/channel/42",
	    "https://Example.kz/news/1?utm_source=tg\nhttps://t.me/channel/42\n"
	    "https://vlast.kz/x",
	    "editor2");

	struct kz_incident got;
	OK(kz_store_incident_get(fx->s, id, &got, &e_));
	assert_int_equal(got.version, 2);
	assert_string_equal(got.section, "courts");
	assert_int_equal(got.status, KZ_STATUS_REJECTED);
	assert_true(kz_date_unknown(got.occurred_on));
	assert_int_equal(kz_date_cmp(got.period_to, date(2025, 12, 31)), 0);
	assert_string_equal(got.title[KZ_LANG_RU], "Новый заголовок");
	assert_string_equal(got.title[KZ_LANG_KK], title_kk);
	assert_null(got.title[KZ_LANG_EN]);
	assert_string_equal(got.summary[KZ_LANG_EN], "Added summary");
	assert_int_equal(got.nsources, 3);
	assert_string_equal(got.sources[2].url, "https://vlast.kz/x");

	/* A second save from the same copy goes on from version 2. */
	got.status = KZ_STATUS_PUBLISHED;
	OK(kz_store_incident_save(fx->s, &got, "editor3", &e_));
	assert_int_equal(got.version, 3);
	kz_incident_fini(&got);
	kz_incident_fini(&ed);
	kz_incident_fini(&inc);
}

static void
test_store_save_conflicts_between_two_handles(void **state)
{
	struct fx *fx = *state;
	int64_t id = add_simple(fx->s, "privacy", "Утечка данных", NULL);
	struct kz_store *other;
	OK(kz_store_open(fx->path, 0, &other, &e_));

	struct kz_incident a, b;
	OK(kz_store_incident_get(fx->s, id, &a, &e_));
	OK(kz_store_incident_get(other, id, &b, &e_));
	kz_incident_set_text(&a.title[KZ_LANG_RU], "Утечка данных (А)");
	kz_incident_set_text(&b.title[KZ_LANG_RU], "Утечка данных (Б)");
	OK(kz_store_incident_save(fx->s, &a, "alice", &e_));

	struct kz_err err = {0};
	char want[128];
	snprintf(want, sizeof want,
	    "incident %lld was changed by someone else (version 2, yours 1)",
	    (long long)id);
	assert_int_equal(
	    kz_store_incident_save(other, &b, "bob", &err), KZ_ECONFLICT);
	assert_string_equal(err.msg, want);
	assert_int_equal(b.version, 1);

	/* Nothing of bob's was written. */
	struct kz_incident got;
	OK(kz_store_incident_get(other, id, &got, &e_));
	assert_string_equal(got.title[KZ_LANG_RU], "Утечка данных (А)");
	struct alog log;
	audit_of(other, id, &log);
	assert_int_equal(log.n, 2);
	assert_string_equal(log.v[1].actor, "alice");

	kz_incident_fini(&got);
	kz_incident_fini(&a);
	kz_incident_fini(&b);
	kz_store_close(other);
}

static void
test_store_save_without_changes_writes_nothing(void **state)
{
	struct fx *fx = *state;
	struct kz_incident inc;
	make_full(&inc);
	add(fx->s, &inc);
	sqlite3 *db = kz_store_sqlite_handle(fx->s);
	int before = sqlite3_total_changes(db);

	struct kz_incident same;
	OK(kz_store_incident_get(fx->s, inc.id, &same, &e_));
	/* "" is the same as no text. */
	kz_incident_set_text(&same.summary[KZ_LANG_EN], "");
	OK(kz_store_incident_save(fx->s, &same, "editor", &e_));
	assert_int_equal(same.version, 1);
	assert_int_equal(same.updated, inc.updated);
	assert_int_equal(sqlite3_total_changes(db), before);

	struct alog log;
	audit_of(fx->s, inc.id, &log);
	assert_int_equal(log.n, 1);
	kz_incident_fini(&same);
	kz_incident_fini(&inc);
}

static void
test_store_save_missing_or_unstored(void **state)
{
	struct fx *fx = *state;
	struct kz_incident inc;
	struct kz_err err = {0};
	make(&inc, "law", "Закон", NULL);
	assert_int_equal(
	    kz_store_incident_save(fx->s, &inc, "x", &err), KZ_EUSAGE);
	inc.id = 77;
	inc.version = 1;
	assert_int_equal(
	    kz_store_incident_save(fx->s, &inc, "x", &err), KZ_ENOTFOUND);
	assert_non_null(strstr(err.msg, "incident 77 not found"));
	kz_incident_fini(&inc);
}

/* ---- remove ---- */

static void
test_store_remove_keeps_the_audit_trail(void **state)
{
	struct fx *fx = *state;
	struct kz_incident inc;
	make_full(&inc);
	int64_t id = add(fx->s, &inc);
	int64_t keep = add_simple(fx->s, "law", "Другое", "https://b.kz/");
	OK(kz_store_incident_remove(fx->s, id, "admin", &e_));

	struct kz_incident got;
	struct kz_err err = {0};
	assert_int_equal(
	    kz_store_incident_get(fx->s, id, &got, &err), KZ_ENOTFOUND);
	assert_int_equal(
	    kz_store_incident_remove(fx->s, id, "admin", &err), KZ_ENOTFOUND);
	assert_int_equal(count(fx->s), 1);

	struct alog log;
	audit_of(fx->s, id, &log);
	assert_int_equal(log.n, 2);
	assert_row(&log.v[0], "created", "(null)", title_ru, "tester");
	assert_row(&log.v[1], "deleted", title_ru, "(null)", "admin");

	/* Texts and sources went with it (foreign keys cascade); the other
	 * incident's stayed. */
	sqlite3 *db = kz_store_sqlite_handle(fx->s);
	assert_int_equal(query_int(db, "SELECT count(*) FROM sources"), 1);
	assert_int_equal(
	    query_int(db, "SELECT count(*) FROM incident_texts"), 1);

	/* Ids are not reused, so the old trail never mixes with a new one. */
	OK(kz_store_incident_remove(fx->s, keep, "admin", &e_));
	int64_t next = add_simple(fx->s, "law", "Новое", NULL);
	assert_true(next > keep);
	kz_incident_fini(&inc);
}

/* ---- list ---- */

/* Incidents for the list tests; ids in insertion order are 1..8. */
static void
seed_list(struct kz_store *s, int64_t *ids)
{
	struct {
		const char *section;
		enum kz_status status;
		struct kz_date occ, from, to;
		const char *ru, *kk;
		int nsrc;
	} rows[] = {
	    /* 1 */ {"expression", KZ_STATUS_PUBLISHED, {2025, 9, 3},
	        {2025, 8, 1}, {2026, 1, 31}, "Один", "Бір", 1},
	    /* 2 */
	    {"privacy", KZ_STATUS_DRAFT, {0, 0, 0}, {2025, 8, 1}, {2026, 1, 31},
	        "Два", NULL, 2},
	    /* 3 */
	    {"expression", KZ_STATUS_DRAFT, {2025, 8, 15}, {0, 0, 0}, {0, 0, 0},
	        NULL, "Үш", 0},
	    /* 4 */
	    {"cyber", KZ_STATUS_REJECTED, {0, 0, 0}, {0, 0, 0}, {0, 0, 0},
	        "Четыре", NULL, 1},
	    /* 5 */
	    {"expression", KZ_STATUS_PUBLISHED, {2025, 9, 3}, {0, 0, 0},
	        {0, 0, 0}, "Пять", "Бес", 3},
	    /* 6 */
	    {"law", KZ_STATUS_PUBLISHED, {2025, 12, 1}, {0, 0, 0}, {0, 0, 0},
	        "Шесть", NULL, 1},
	    /* 7 */
	    {"law", KZ_STATUS_PUBLISHED, {0, 0, 0}, {2025, 10, 1}, {0, 0, 0},
	        NULL, "Жеті", 1},
	    /* 8 */
	    {"courts", KZ_STATUS_PUBLISHED, {2026, 1, 10}, {0, 0, 0}, {0, 0, 0},
	        "Восемь", "Сегіз", 2},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct kz_incident inc;
		make(&inc, rows[i].section, rows[i].ru, NULL);
		inc.status = rows[i].status;
		inc.occurred_on = rows[i].occ;
		inc.period_from = rows[i].from;
		inc.period_to = rows[i].to;
		if (rows[i].kk != NULL)
			kz_incident_set_text(
			    &inc.title[KZ_LANG_KK], rows[i].kk);
		char sum[64];
		snprintf(sum, sizeof sum, "summary %zu", i + 1);
		kz_incident_set_text(&inc.summary[KZ_LANG_EN], sum);
		for (int k = 0; k < rows[i].nsrc; k++) {
			char url[64];
			snprintf(
			    url, sizeof url, "https://s%zu.kz/%d", i + 1, k);
			kz_incident_add_source(&inc, url, NULL);
		}
		ids[i] = add(s, &inc);
		kz_incident_fini(&inc);
	}
}

static void
test_store_list_orders_by_sort_date_then_id(void **state)
{
	struct fx *fx = *state;
	int64_t ids[8];
	seed_list(fx->s, ids);
	struct ilist l = {.n = 0};
	struct kz_incident_filter f;
	kz_incident_filter_init(&f);
	list_ids(fx->s, &f, &l);
	/* Sort dates: 1 2025-09-03, 2 2026-01-31, 3 2025-08-15, 4 none,
	 * 5 2025-09-03, 6 2025-12-01, 7 2025-10-01, 8 2026-01-10. */
	int64_t want[] = {
	    ids[3], ids[2], ids[0], ids[4], ids[6], ids[5], ids[7], ids[1]};
	assert_ids(&l, want, 8);

	/* Each incident came with its own texts and sources. */
	for (size_t i = 0; i < l.n; i++) {
		const struct kz_incident *inc = &l.inc[i];
		size_t row = (size_t)(inc->id - ids[0]);
		char sum[64];
		snprintf(sum, sizeof sum, "summary %zu", row + 1);
		assert_string_equal(inc->summary[KZ_LANG_EN], sum);
		static const size_t nsrc[8] = {1, 2, 0, 1, 3, 1, 1, 2};
		assert_int_equal(inc->nsources, nsrc[row]);
		for (size_t k = 0; k < inc->nsources; k++) {
			char url[64];
			snprintf(
			    url, sizeof url, "https://s%zu.kz/%zu", row + 1, k);
			assert_string_equal(inc->sources[k].url, url);
		}
	}
	assert_string_equal(l.inc[0].title[KZ_LANG_RU], "Четыре");
	assert_null(l.inc[1].title[KZ_LANG_RU]);
	assert_string_equal(l.inc[1].title[KZ_LANG_KK], "Үш");
	ilist_fini(&l);
}

static void
test_store_list_filters(void **state)
{
	struct fx *fx = *state;
	int64_t ids[8];
	seed_list(fx->s, ids);
	struct ilist l = {.n = 0};
	struct kz_incident_filter f;

	kz_incident_filter_init(&f);
	f.section = "expression";
	list_ids(fx->s, &f, &l);
	int64_t want_sec[] = {ids[2], ids[0], ids[4]};
	assert_ids(&l, want_sec, 3);

	kz_incident_filter_init(&f);
	f.status = KZ_STATUS_DRAFT;
	list_ids(fx->s, &f, &l);
	int64_t want_draft[] = {ids[2], ids[1]};
	assert_ids(&l, want_draft, 2);

	/* from/to are inclusive and compare the sort date; an incident
	 * without any date is outside every bounded range. */
	kz_incident_filter_init(&f);
	f.from = date(2025, 9, 3);
	f.to = date(2025, 12, 1);
	list_ids(fx->s, &f, &l);
	int64_t want_range[] = {ids[0], ids[4], ids[6], ids[5]};
	assert_ids(&l, want_range, 4);

	kz_incident_filter_init(&f);
	f.from = date(2026, 1, 1);
	list_ids(fx->s, &f, &l);
	int64_t want_from[] = {ids[7], ids[1]};
	assert_ids(&l, want_from, 2);

	kz_incident_filter_init(&f);
	f.to = date(2025, 8, 31);
	list_ids(fx->s, &f, &l);
	int64_t want_to[] = {ids[2]};
	assert_ids(&l, want_to, 1);

	kz_incident_filter_init(&f);
	f.lang = KZ_LANG_KK;
	list_ids(fx->s, &f, &l);
	int64_t want_kk[] = {ids[2], ids[0], ids[4], ids[6], ids[7]};
	assert_ids(&l, want_kk, 5);

	/* A summary alone does not count as having the language. */
	kz_incident_filter_init(&f);
	f.lang = KZ_LANG_EN;
	list_ids(fx->s, &f, &l);
	assert_int_equal(l.n, 0);

	kz_incident_filter_init(&f);
	f.status = KZ_STATUS_PUBLISHED;
	f.section = "law";
	f.lang = KZ_LANG_RU;
	list_ids(fx->s, &f, &l);
	int64_t want_combo[] = {ids[5]};
	assert_ids(&l, want_combo, 1);

	kz_incident_filter_init(&f);
	f.section = "nope";
	list_ids(fx->s, &f, &l);
	assert_int_equal(l.n, 0);
	ilist_fini(&l);
}

static void
test_store_list_limit_and_offset(void **state)
{
	struct fx *fx = *state;
	int64_t ids[8];
	seed_list(fx->s, ids);
	struct ilist l = {.n = 0};
	struct kz_incident_filter f;

	kz_incident_filter_init(&f);
	f.limit = 3;
	list_ids(fx->s, &f, &l);
	int64_t want_first[] = {ids[3], ids[2], ids[0]};
	assert_ids(&l, want_first, 3);

	f.offset = 3;
	list_ids(fx->s, &f, &l);
	int64_t want_second[] = {ids[4], ids[6], ids[5]};
	assert_ids(&l, want_second, 3);
	/* Paged queries load the texts and sources of exactly the page. */
	assert_int_equal(l.inc[0].nsources, 3);
	assert_string_equal(l.inc[0].title[KZ_LANG_KK], "Бес");
	assert_int_equal(l.inc[2].nsources, 1);

	kz_incident_filter_init(&f);
	f.offset = 6;
	list_ids(fx->s, &f, &l);
	int64_t want_rest[] = {ids[7], ids[1]};
	assert_ids(&l, want_rest, 2);

	kz_incident_filter_init(&f);
	f.status = KZ_STATUS_PUBLISHED;
	f.limit = 2;
	f.offset = 1;
	list_ids(fx->s, &f, &l);
	int64_t want_pub[] = {ids[4], ids[6]};
	assert_ids(&l, want_pub, 2);

	kz_incident_filter_init(&f);
	f.offset = 100;
	list_ids(fx->s, &f, &l);
	assert_int_equal(l.n, 0);

	struct kz_err err = {0};
	kz_incident_filter_init(&f);
	f.limit = -1;
	assert_int_equal(
	    kz_store_incident_list(fx->s, &f, collect_inc, &l, &err),
	    KZ_EUSAGE);
	ilist_fini(&l);
}

static void
test_store_list_stops_when_the_callback_fails(void **state)
{
	struct fx *fx = *state;
	int64_t ids[8];
	seed_list(fx->s, ids);
	struct ilist l = {.n = 0, .stop_after = 2};
	struct kz_err err = {0};
	assert_int_equal(
	    kz_store_incident_list(fx->s, NULL, collect_inc, &l, &err),
	    KZ_ELIMIT);
	assert_int_equal(l.n, 2);
	ilist_fini(&l);
	/* The store is usable afterwards. */
	assert_int_equal(count(fx->s), 8);
	OK(kz_store_begin(fx->s, &e_));
	kz_store_rollback(fx->s);
}

struct publish_ctx {
	struct kz_store *s;
	int saved;
};

/* Publish each listed draft from inside the walk. */
static kz_rc
publish_each(void *vctx, const struct kz_incident *inc)
{
	struct publish_ctx *c = vctx;
	if (inc->status != KZ_STATUS_DRAFT)
		return KZ_OK;
	struct kz_incident copy;
	kz_incident_copy(&copy, inc);
	copy.status = KZ_STATUS_PUBLISHED;
	struct kz_err err = {0};
	kz_rc rc = kz_store_incident_save(c->s, &copy, "bot", &err);
	if (rc == KZ_OK)
		c->saved++;
	/* A nested read works too. */
	struct kz_incident again;
	if (rc == KZ_OK)
		rc = kz_store_incident_get(c->s, inc->id, &again, &err);
	if (rc == KZ_OK) {
		assert_int_equal(again.status, KZ_STATUS_PUBLISHED);
		kz_incident_fini(&again);
	}
	kz_incident_fini(&copy);
	return rc;
}

static void
test_store_list_callback_may_use_the_store(void **state)
{
	struct fx *fx = *state;
	int64_t ids[8];
	seed_list(fx->s, ids);
	struct publish_ctx c = {fx->s, 0};
	OK(kz_store_incident_list(fx->s, NULL, publish_each, &c, &e_));
	assert_int_equal(c.saved, 2);
	struct kz_incident_filter f;
	kz_incident_filter_init(&f);
	f.status = KZ_STATUS_DRAFT;
	struct ilist l = {.n = 0};
	list_ids(fx->s, &f, &l);
	assert_int_equal(l.n, 0);

	/* ... and it is durable: another handle sees it. */
	struct kz_store *other;
	OK(kz_store_open(fx->path, 0, &other, &e_));
	ilist_fini(&l);
	OK(kz_store_incident_list(other, &f, collect_inc, &l, &e_));
	assert_int_equal(l.n, 0);
	kz_store_close(other);
}

struct nested_ctx {
	struct kz_store *s;
	long outer, inner;
};

static kz_rc
count_inner(void *vctx, const struct kz_incident *inc)
{
	(void)inc;
	((struct nested_ctx *)vctx)->inner++;
	return KZ_OK;
}

/* The same list (same cached statements) from inside a walk. */
static kz_rc
list_again(void *vctx, const struct kz_incident *inc)
{
	struct nested_ctx *c = vctx;
	(void)inc;
	c->outer++;
	struct kz_err err = {0};
	return kz_store_incident_list(c->s, NULL, count_inner, c, &err);
}

static void
test_store_list_may_nest(void **state)
{
	struct fx *fx = *state;
	int64_t ids[8];
	seed_list(fx->s, ids);
	struct nested_ctx c = {fx->s, 0, 0};
	OK(kz_store_incident_list(fx->s, NULL, list_again, &c, &e_));
	assert_int_equal(c.outer, 8);
	assert_int_equal(c.inner, 64);
}

/* ---- lookups ---- */

static void
test_store_find_dup(void **state)
{
	struct fx *fx = *state;
	struct kz_incident inc;
	make(&inc, "privacy", "Утечка", NULL);
	kz_incident_set_text(&inc.title[KZ_LANG_KK], "Ағып кету");
	kz_incident_add_source(
	    &inc, "https://a.kz/1?utm_source=x", "https://a.kz/1");
	kz_incident_add_source(&inc, "https://b.kz/2", NULL);
	int64_t id = add(fx->s, &inc);
	int64_t bare = add_simple(fx->s, "law", "Без источника", NULL);

	int64_t found = 0;
	OK(kz_store_incident_find_dup(
	    fx->s, "https://a.kz/1", "Утечка", &found, &e_));
	assert_int_equal(found, id);
	found = 0;
	OK(kz_store_incident_find_dup(
	    fx->s, "https://b.kz/2", "Ағып кету", &found, &e_));
	assert_int_equal(found, id);

	struct kz_err err = {0};
	found = -5;
	assert_int_equal(kz_store_incident_find_dup(
	                     fx->s, "https://a.kz/1", "Другое", &found, &err),
	    KZ_ENOTFOUND);
	assert_int_equal(found, -5);
	assert_int_equal(
	    kz_store_incident_find_dup(
	        fx->s, "https://a.kz/1?utm_source=x", "Утечка", &found, &err),
	    KZ_ENOTFOUND);
	assert_int_equal(kz_store_incident_find_dup(
	                     fx->s, "https://c.kz/", "Утечка", &found, &err),
	    KZ_ENOTFOUND);

	/* Without a URL: an incident that has no sources. */
	OK(kz_store_incident_find_dup(
	    fx->s, NULL, "Без источника", &found, &e_));
	assert_int_equal(found, bare);
	assert_int_equal(
	    kz_store_incident_find_dup(fx->s, NULL, "Утечка", &found, &err),
	    KZ_ENOTFOUND);
	kz_incident_fini(&inc);
}

struct idvec {
	int64_t v[16];
	size_t n;
};

static kz_rc
collect_id(void *ctx, int64_t id)
{
	struct idvec *iv = ctx;
	assert_true(iv->n < 16);
	iv->v[iv->n++] = id;
	return KZ_OK;
}

static void
test_store_find_by_url(void **state)
{
	struct fx *fx = *state;
	int64_t a = add_simple(fx->s, "law", "A", "https://x.kz/");
	add_simple(fx->s, "law", "B", "https://y.kz/");
	int64_t c = add_simple(fx->s, "law", "C", "https://x.kz/");
	struct idvec iv = {.n = 0};
	OK(kz_store_incident_find_by_url(
	    fx->s, "https://x.kz/", collect_id, &iv, &e_));
	assert_int_equal(iv.n, 2);
	assert_int_equal(iv.v[0], a);
	assert_int_equal(iv.v[1], c);
	iv.n = 0;
	OK(kz_store_incident_find_by_url(
	    fx->s, "https://z.kz/", collect_id, &iv, &e_));
	assert_int_equal(iv.n, 0);
}

/* ---- transactions ---- */

static void
test_store_rollback_leaves_nothing_behind(void **state)
{
	struct fx *fx = *state;
	OK(kz_store_begin(fx->s, &e_));
	add_simple(fx->s, "law", "Первый", "https://a.kz/");
	add_simple(fx->s, "law", "Второй", NULL);
	assert_int_equal(count(fx->s), 2);
	kz_store_rollback(fx->s);
	assert_int_equal(count(fx->s), 0);
	struct alog log;
	audit_of(fx->s, 0, &log);
	assert_int_equal(log.n, 0);
	sqlite3 *db = kz_store_sqlite_handle(fx->s);
	assert_int_equal(query_int(db, "SELECT count(*) FROM sources"), 0);

	/* Committed work stays. */
	OK(kz_store_begin(fx->s, &e_));
	add_simple(fx->s, "law", "Третий", NULL);
	OK(kz_store_commit(fx->s, &e_));
	assert_int_equal(count(fx->s), 1);

	struct kz_err err = {0};
	assert_int_equal(kz_store_commit(fx->s, &err), KZ_EUSAGE);
}

static void
test_store_failed_call_inside_a_transaction_undoes_only_itself(void **state)
{
	struct fx *fx = *state;
	OK(kz_store_begin(fx->s, &e_));
	int64_t id = add_simple(fx->s, "law", "Первый", NULL);
	/* A conflicting save fails after its audit rows were written; they
	 * must go, the caller's earlier add must stay. */
	struct kz_incident inc;
	OK(kz_store_incident_get(fx->s, id, &inc, &e_));
	inc.version = 9;
	kz_incident_set_text(&inc.title[KZ_LANG_RU], "Изменён");
	struct kz_err err = {0};
	assert_int_equal(
	    kz_store_incident_save(fx->s, &inc, "x", &err), KZ_ECONFLICT);
	OK(kz_store_commit(fx->s, &e_));
	assert_int_equal(count(fx->s), 1);
	struct alog log;
	audit_of(fx->s, id, &log);
	assert_int_equal(log.n, 1);
	kz_incident_fini(&inc);

	/* Nested begin/commit pairs. */
	OK(kz_store_begin(fx->s, &e_));
	OK(kz_store_begin(fx->s, &e_));
	add_simple(fx->s, "law", "Вложенный", NULL);
	kz_store_rollback(fx->s);
	add_simple(fx->s, "law", "Внешний", NULL);
	OK(kz_store_commit(fx->s, &e_));
	assert_int_equal(count(fx->s), 2);
}

static void
test_store_close_rolls_back_an_open_transaction(void **state)
{
	struct fx *fx = *state;
	OK(kz_store_begin(fx->s, &e_));
	add_simple(fx->s, "law", "Незавершённый", NULL);
	kz_store_close(fx->s);
	fx->s = NULL;
	OK(kz_store_open(fx->path, 0, &fx->s, &e_));
	assert_int_equal(count(fx->s), 0);
}

/* ---- opening, pragmas, migrations ---- */

static void
test_store_uses_wal_and_foreign_keys(void **state)
{
	struct fx *fx = *state;
	sqlite3 *db = kz_store_sqlite_handle(fx->s);
	char mode[16];
	query_text(db, "PRAGMA journal_mode", mode, sizeof mode);
	assert_string_equal(mode, "wal");
	assert_int_equal(query_int(db, "PRAGMA foreign_keys"), 1);
	assert_int_equal(query_int(db, "PRAGMA synchronous"), 1); /* NORMAL */
	assert_int_equal(
	    query_int(db, "PRAGMA busy_timeout"), KZ_DB_BUSY_TIMEOUT_MS);
	assert_int_equal(query_int(db, "PRAGMA temp_store"), 2); /* MEMORY */
	int64_t v = -1;
	OK(kz_store_sqlite_version(db, fx->path, &v, &e_));
	assert_int_equal(v, KZ_SCHEMA_VERSION);

	/* The file is the owner's alone. */
	struct stat st;
	assert_int_equal(stat(fx->path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
}

static void
test_store_open_creates_directories(void **state)
{
	struct fx *fx = *state;
	char path[700], url[720];
	snprintf(path, sizeof path, "%s/a/b/c.db", fx->dir);
	snprintf(url, sizeof url, "sqlite:%s", path);
	struct kz_err err = {0};
	struct kz_store *s = NULL;
	assert_int_equal(kz_store_open(url, 0, &s, &err), KZ_ENOTFOUND);
	assert_non_null(strstr(err.msg, path));
	assert_non_null(strstr(err.msg, "kuzet init"));
	assert_null(s);
	OK(kz_store_open(url, 1, &s, &e_));
	assert_string_equal(s->target, path);
	kz_store_close(s);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	snprintf(path, sizeof path, "%s/a", fx->dir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	/* Reopening an existing archive needs no create. */
	OK(kz_store_open(url, 0, &s, &e_));
	kz_store_close(s);
}

static void
test_store_open_refuses_postgresql_for_now(void **state)
{
	(void)state;
	struct kz_err err = {0};
	struct kz_store *s = NULL;
	assert_int_equal(
	    kz_store_open("postgresql://kuzet@localhost/kuzet", 1, &s, &err),
	    KZ_EUSAGE);
	assert_non_null(strstr(err.msg, "PostgreSQL backend not built yet"));
	assert_int_equal(
	    kz_store_open("postgres://h/db", 1, &s, &err), KZ_EUSAGE);
	assert_null(s);
}

/* Set or unset (v == NULL) an environment variable. */
static void
env(const char *name, const char *v)
{
	if (v != NULL)
		setenv(name, v, 1);
	else
		unsetenv(name);
}

static void
test_store_resolve_urls(void **state)
{
	(void)state;
	char *saved[3];
	const char *names[3] = {"KUZET_DB", "XDG_DATA_HOME", "HOME"};
	for (int i = 0; i < 3; i++) {
		const char *v = getenv(names[i]);
		saved[i] = v != NULL ? strdup(v) : NULL;
	}
	struct {
		const char *kuzet_db, *xdg, *home, *url, *want;
	} cases[] = {
	    {NULL, NULL, "/home/u", "sqlite:/srv/k.db", "/srv/k.db"},
	    {NULL, NULL, "/home/u", "sqlite:///srv/k.db", "/srv/k.db"},
	    {NULL, NULL, "/home/u", "sqlite:rel/k.db", "rel/k.db"},
	    {NULL, NULL, "/home/u", "/srv/k.db", "/srv/k.db"},
	    {NULL, NULL, "/home/u", "k.db", "k.db"},
	    {NULL, NULL, "/home/u", "postgresql://h/db", "postgresql://h/db"},
	    {"sqlite:/env/k.db", "/xdg", "/home/u", NULL, "/env/k.db"},
	    {"sqlite:/env/k.db", "/xdg", "/home/u", "/flag.db", "/flag.db"},
	    {NULL, "/xdg", "/home/u", NULL, "/xdg/kuzet/kuzet.db"},
	    {"", "/xdg", "/home/u", NULL, "/xdg/kuzet/kuzet.db"},
	    /* XDG says relative paths are to be ignored. */
	    {NULL, "rel", "/home/u", NULL,
	        "/home/u/.local/share/kuzet/kuzet.db"},
	    {NULL, NULL, "/home/u", NULL,
	        "/home/u/.local/share/kuzet/kuzet.db"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		env("KUZET_DB", cases[i].kuzet_db);
		env("XDG_DATA_HOME", cases[i].xdg);
		env("HOME", cases[i].home);
		char *got = kz_store_resolve(cases[i].url);
		if (strcmp(got, cases[i].want) != 0)
			fail_msg(
			    "case %zu: got %s, want %s", i, got, cases[i].want);
		free(got);
	}
	for (int i = 0; i < 3; i++) {
		env(names[i], saved[i]);
		free(saved[i]);
	}
}

static void
test_store_upgrades_an_empty_version_0_database(void **state)
{
	struct fx *fx = *state;
	sqlite3 *db = raw_open(fx->path);
	raw_exec(db,
	    "CREATE TABLE schema_version (version INTEGER PRIMARY "
	    "KEY, applied INTEGER NOT NULL)");
	sqlite3_close(db);

	OK(kz_store_open(fx->path, 0, &fx->s, &e_));
	int64_t v = -1;
	OK(kz_store_sqlite_version(
	    kz_store_sqlite_handle(fx->s), fx->path, &v, &e_));
	assert_int_equal(v, KZ_SCHEMA_VERSION);
	int64_t id = add_simple(fx->s, "law", "После миграции", NULL);
	assert_true(id > 0);
}

/* A version-1 database (the incident archive only) is upgraded in place
 * to this build's version with its data kept; then a step past this build
 * (test-only) makes this kuzet refuse the database. */
static void
test_store_migrates_an_older_layout_in_place(void **state)
{
	struct fx *fx = *state;
	sqlite3 *db = raw_open(fx->path);
	OK(kz_store_sqlite_migrate(db, fx->path, kz_store_sqlite_steps, 1, &e_));
	raw_exec(db,
	    "INSERT INTO incidents (section, status, created, updated)"
	    " VALUES ('law', 'draft', 1, 1);"
	    "INSERT INTO incident_texts VALUES (1, 'ru', 'Старое', NULL);");
	sqlite3_close(db);

	OK(kz_store_open(fx->path, 0, &fx->s, &e_));
	int64_t v = -1;
	OK(kz_store_sqlite_version(
	    kz_store_sqlite_handle(fx->s), fx->path, &v, &e_));
	assert_int_equal(v, KZ_SCHEMA_VERSION);
	struct kz_incident got;
	OK(kz_store_incident_get(fx->s, 1, &got, &e_));
	assert_string_equal(got.title[KZ_LANG_RU], "Старое");
	kz_incident_fini(&got);
	assert_int_equal(query_int(kz_store_sqlite_handle(fx->s),
			     "SELECT count(*) FROM articles"),
	    0);
	kz_store_close(fx->s);
	fx->s = NULL;

	const char *steps[KZ_SCHEMA_VERSION + 1];
	for (size_t i = 0; i < KZ_SCHEMA_VERSION; i++)
		steps[i] = kz_store_sqlite_steps[i];
	steps[KZ_SCHEMA_VERSION] = "ALTER TABLE incidents ADD COLUMN note TEXT;"
				   "UPDATE incidents SET note = 'migrated';";
	db = raw_open(fx->path);
	OK(kz_store_sqlite_migrate(
	    db, fx->path, steps, KZ_SCHEMA_VERSION + 1, &e_));
	char note[32];
	query_text(db, "SELECT note FROM incidents", note, sizeof note);
	assert_string_equal(note, "migrated");
	assert_int_equal(query_int(db, "SELECT count(*) FROM schema_version"),
	    KZ_SCHEMA_VERSION + 1);
	/* Running it again is a no-op. */
	OK(kz_store_sqlite_migrate(
	    db, fx->path, steps, KZ_SCHEMA_VERSION + 1, &e_));
	sqlite3_close(db);

	struct kz_err err = {0};
	char want[800];
	snprintf(want, sizeof want,
	    "database %s has schema version %d but this kuzet knows up to %d; "
	    "upgrade kuzet",
	    fx->path, KZ_SCHEMA_VERSION + 1, KZ_SCHEMA_VERSION);
	assert_int_equal(kz_store_open(fx->path, 0, &fx->s, &err), KZ_EDB);
	assert_string_equal(err.msg, want);
	assert_null(fx->s);
}

static void
test_store_failed_migration_step_is_rolled_back(void **state)
{
	struct fx *fx = *state;
	OK(kz_store_open(fx->path, 1, &fx->s, &e_));
	add_simple(fx->s, "law", "Старое", NULL);
	kz_store_close(fx->s);
	fx->s = NULL;

	const char *steps[KZ_SCHEMA_VERSION + 1];
	for (size_t i = 0; i < KZ_SCHEMA_VERSION; i++)
		steps[i] = kz_store_sqlite_steps[i];
	steps[KZ_SCHEMA_VERSION] = "CREATE TABLE half_done (x);"
				   "INSERT INTO no_such_table VALUES (1);";
	sqlite3 *db = raw_open(fx->path);
	struct kz_err err = {0};
	assert_int_equal(kz_store_sqlite_migrate(
			     db, fx->path, steps, KZ_SCHEMA_VERSION + 1, &err),
	    KZ_EDB);
	char what[64];
	snprintf(what, sizeof what, "migrating to schema version %d",
	    KZ_SCHEMA_VERSION + 1);
	assert_non_null(strstr(err.msg, what));
	assert_non_null(strstr(err.msg, fx->path));
	int64_t v = -1;
	OK(kz_store_sqlite_version(db, fx->path, &v, &e_));
	assert_int_equal(v, KZ_SCHEMA_VERSION);
	assert_int_equal(query_int(db,
	                     "SELECT count(*) FROM sqlite_master "
	                     "WHERE name = 'half_done'"),
	    0);
	assert_int_equal(query_int(db, "SELECT count(*) FROM incidents"), 1);
	sqlite3_close(db);
}

static void
test_store_refuses_a_newer_schema(void **state)
{
	struct fx *fx = *state;
	sqlite3 *db = raw_open(fx->path);
	raw_exec(db,
	    "CREATE TABLE schema_version (version INTEGER PRIMARY "
	    "KEY, applied INTEGER NOT NULL);"
	    "INSERT INTO schema_version VALUES (99, 0);");
	sqlite3_close(db);
	struct kz_err err = {0};
	char want[800];
	snprintf(want, sizeof want,
	    "database %s has schema version 99 but this kuzet knows up to %d; "
	    "upgrade kuzet",
	    fx->path, KZ_SCHEMA_VERSION);
	assert_int_equal(kz_store_open(fx->path, 0, &fx->s, &err), KZ_EDB);
	assert_string_equal(err.msg, want);
	/* Nothing was changed. */
	db = raw_open(fx->path);
	assert_int_equal(query_int(db,
	                     "SELECT count(*) FROM sqlite_master "
	                     "WHERE name = 'incidents'"),
	    0);
	sqlite3_close(db);
}

static void
test_store_refuses_a_file_that_is_not_a_database(void **state)
{
	struct fx *fx = *state;
	FILE *fp = fopen(fx->path, "w");
	assert_non_null(fp);
	for (int i = 0; i < 100; i++)
		fputs("# Мониторинг цифровых прав, not a database\n", fp);
	fclose(fp);
	struct kz_err err = {0};
	assert_int_equal(kz_store_open(fx->path, 1, &fx->s, &err), KZ_EDB);
	assert_non_null(strstr(err.msg, fx->path));
	assert_non_null(strstr(err.msg, "not a SQLite database"));
	assert_null(fx->s);
	/* ... and left it alone. */
	struct stat st;
	assert_int_equal(stat(fx->path, &st), 0);
	assert_int_equal(st.st_size,
	    100 *
	        strlen("# Мониторинг цифровых "
	               "прав, not a database\n"));
}

static void
test_store_refuses_another_programs_database(void **state)
{
	struct fx *fx = *state;
	sqlite3 *db = raw_open(fx->path);
	raw_exec(db, "CREATE TABLE photos (id INTEGER PRIMARY KEY)");
	sqlite3_close(db);
	struct kz_err err = {0};
	assert_int_equal(kz_store_open(fx->path, 1, &fx->s, &err), KZ_EDB);
	assert_non_null(strstr(err.msg, "not a kuzet archive"));
	assert_non_null(strstr(err.msg, fx->path));
}

static void
test_store_refuses_a_directory(void **state)
{
	struct fx *fx = *state;
	struct kz_err err = {0};
	assert_int_equal(kz_store_open(fx->dir, 1, &fx->s, &err), KZ_EUSAGE);
	assert_non_null(strstr(err.msg, "is a directory"));
}

static void
test_store_in_memory_database(void **state)
{
	(void)state;
	struct kz_store *s;
	OK(kz_store_open(":memory:", 1, &s, &e_));
	int64_t id = add_simple(s, "law", "В памяти", NULL);
	assert_true(id > 0);
	assert_int_equal(count(s), 1);
	kz_store_close(s);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup_open, teardown)
#define T0(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_store_add_get_round_trips_every_field),
	    T(test_store_add_unknown_dates_and_no_text),
	    T(test_store_get_missing_names_the_id),
	    T(test_store_add_rejects_bad_input),
	    T(test_store_save_audits_each_field_and_bumps_version),
	    T(test_store_save_conflicts_between_two_handles),
	    T(test_store_save_without_changes_writes_nothing),
	    T(test_store_save_missing_or_unstored),
	    T(test_store_remove_keeps_the_audit_trail),
	    T(test_store_list_orders_by_sort_date_then_id),
	    T(test_store_list_filters),
	    T(test_store_list_limit_and_offset),
	    T(test_store_list_stops_when_the_callback_fails),
	    T(test_store_list_callback_may_use_the_store),
	    T(test_store_list_may_nest),
	    T(test_store_find_dup),
	    T(test_store_find_by_url),
	    T(test_store_rollback_leaves_nothing_behind),
	    T(test_store_failed_call_inside_a_transaction_undoes_only_itself),
	    T(test_store_close_rolls_back_an_open_transaction),
	    T(test_store_uses_wal_and_foreign_keys),
	    T0(test_store_open_creates_directories),
	    T0(test_store_open_refuses_postgresql_for_now),
	    T0(test_store_resolve_urls),
	    T0(test_store_upgrades_an_empty_version_0_database),
	    T0(test_store_migrates_an_older_layout_in_place),
	    T0(test_store_failed_migration_step_is_rolled_back),
	    T0(test_store_refuses_a_newer_schema),
	    T0(test_store_refuses_a_file_that_is_not_a_database),
	    T0(test_store_refuses_another_programs_database),
	    T0(test_store_refuses_a_directory),
	    T0(test_store_in_memory_database),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
