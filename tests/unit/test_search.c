/* Full-text search: the "kuzet" FTS5 tokenizer, the safe query builder and
 * search through the store on a real SQLite file. */
/* cmocka.h needs these first, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "kuzet/limits.h"
#include "kuzet/store.h"
#include "store/store_int.h"

#define OK(expr)                                                               \
	do {                                                                   \
		struct kz_err e_ = {0};                                        \
		kz_rc rc_ = (expr);                                            \
		if (rc_ != KZ_OK)                                              \
			fail_msg(                                              \
			    "%s: %s (%s)", #expr, e_.msg, kz_rc_str(rc_));     \
	} while (0)

/* ---- the tokenizer, through SQLite ---- */

static sqlite3 *
mem_db(void)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	OK(kz_store_fts_register(db, ":memory:", &e_));
	char *msg = NULL;
	if (sqlite3_exec(db,
	        "CREATE VIRTUAL TABLE t USING fts5(x, tokenize = 'kuzet');"
	        "CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance');",
	        NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s", msg);
	return db;
}

static void
put_doc(sqlite3 *db, int64_t id, const char *text, int n)
{
	sqlite3_stmt *st;
	assert_int_equal(
	    sqlite3_prepare_v2(
	        db, "INSERT INTO t (rowid, x) VALUES (?1, ?2)", -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, text, n, SQLITE_TRANSIENT);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
}

/* The rows of a one-column query joined by '|' into out. */
static void
rows(sqlite3 *db, const char *sql, const char *arg, char *out, size_t cap)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	if (arg != NULL)
		sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
	size_t n = 0;
	out[0] = '\0';
	int src;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *v = sqlite3_column_text(st, 0);
		int w = snprintf(out + n, cap - n, "%s|",
		    v != NULL ? (const char *)v : "NULL");
		assert_true(w > 0 && (size_t)w < cap - n);
		n += (size_t)w;
	}
	if (src != SQLITE_DONE)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	sqlite3_finalize(st);
}

/* The terms a document was indexed under, in order of position. */
static void
terms_of(const char *text, char *out, size_t cap)
{
	sqlite3 *db = mem_db();
	put_doc(db, 1, text, -1);
	rows(db, "SELECT term FROM v ORDER BY offset, term", NULL, out, cap);
	sqlite3_close(db);
}

static void
test_fts_tokenizer_stems_by_script_and_language(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
	    /* Russian: Snowball */
	    {"Блокировки сайтов", "блокировк|сайт|"},
	    /* a Kazakh text: Kazakh letters pick the Kazakh stemmer; its
	     * other Cyrillic words get the Russian and the Kazakh stem */
	    {"Сайттары бұғатталды", "сайт|сайттар|бұғатта|"},
	    /* English, numbers, URLs, handles, hashtags */
	    {"Sites were blocked 15 times https://a.kz/x @user #тег",
	        "site|were|block|15|time|https://a.kz/x|@user|#тег|"},
	    /* a Kazakh word in a Russian text still gets the Kazakh stemmer */
	    {"Слово бұғаттау в тексте", "слов|слово|бұғатта|в|текс|текст|"},
	    /* ё is е, case folded */
	    {"ЁЛКИ", "елк|"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char got[1024];
		terms_of(cases[i].in, got, sizeof got);
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("case %zu '%s': got '%s', want '%s'", i,
			    cases[i].in, got, cases[i].want);
	}
}

/* highlight() marks the words as written: the offsets are right. */
static void
test_fts_tokenizer_offsets_highlight(void **state)
{
	static const struct {
		const char *doc, *q, *want;
	} cases[] = {
	    {"О блокировке сайта «Азаттык»", "блокировки",
	        "О [блокировке] сайта «Азаттык»|"},
	    {"Ёлка и ЁЖ", "еж", "Ёлка и [ЁЖ]|"},
	    {"Сайт бұғатталды, VPN керек", "бұғаттау",
	        "Сайт [бұғатталды], VPN керек|"},
	    {"бло\xc2\xad"
	     "кировка сайта",
	        "блокировка",
	        "[бло\xc2\xad"
	        "кировка] сайта|"},
	    {"cafe\xcc\x81 ＡＢ done", "ab", "cafe\xcc\x81 [ＡＢ] done|"},
	    {"Blocked sites", "block*", "[Blocked] sites|"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		sqlite3 *db = mem_db();
		put_doc(db, 1, cases[i].doc, -1);
		char got[1024], *m = NULL;
		size_t terms;
		OK(kz_store_fts_query(cases[i].q, -1, &m, &terms, &e_));
		rows(db,
		    "SELECT highlight(t, 0, '[', ']') FROM t WHERE t MATCH ?1",
		    m, got, sizeof got);
		free(m);
		sqlite3_close(db);
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("case %zu: got '%s', want '%s'", i, got,
			    cases[i].want);
	}
}

/* snippet() and highlight() tokenize the column again (FTS5_TOKENIZE_AUX,
 * where the tokenizer emits no stems): the positions must still be the
 * index's, where a Kazakh text's ambiguous words have two stems at one
 * position (colocated).  Else the mark would land on another word. */
static void
test_fts_tokenizer_aux_positions_match_the_index(void **state)
{
	/* Kazakh (letters only Kazakh has), its words before the match
	 * Cyrillic without Kazakh letters: each indexed with a Russian and a
	 * Kazakh stem at one position. */
	static const char doc[] =
	    "Бүгін сайттар мен порталдар, блогтар және форумдар, "
	    "журналистер мен редакторлар, министрлік ақпарат бермеді.";
	static const struct {
		const char *q, *want_hl, *want_snip;
	} cases[] = {
	    {"министрлік",
	        "Бүгін сайттар мен порталдар, блогтар және форумдар, "
	        "журналистер мен редакторлар, [министрлік] ақпарат "
	        "бермеді.|",
	        "…редакторлар, [министрлік] ақпарат…|"},
	    {"форумдар",
	        "Бүгін сайттар мен порталдар, блогтар және [форумдар], "
	        "журналистер мен редакторлар, министрлік ақпарат "
	        "бермеді.|",
	        "…және [форумдар], журналистер…|"},
	};
	(void)state;
	sqlite3 *db = mem_db();
	put_doc(db, 1, doc, -1);
	/* the index holds colocated stems here, so the test means it */
	char got[2048];
	rows(db,
	    "SELECT count(*) > count(DISTINCT offset) FROM v WHERE doc = 1",
	    NULL, got, sizeof got);
	assert_string_equal(got, "1|");
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *m = NULL;
		size_t terms;
		OK(kz_store_fts_query(cases[i].q, -1, &m, &terms, &e_));
		rows(db,
		    "SELECT highlight(t, 0, '[', ']') FROM t WHERE t MATCH ?1",
		    m, got, sizeof got);
		if (strcmp(got, cases[i].want_hl) != 0)
			fail_msg("case %zu highlight: got '%s', want '%s'", i,
			    got, cases[i].want_hl);
		rows(db,
		    "SELECT snippet(t, 0, '[', ']', '…', 3) FROM t"
		    " WHERE t MATCH ?1",
		    m, got, sizeof got);
		free(m);
		if (strcmp(got, cases[i].want_snip) != 0)
			fail_msg("case %zu snippet: got '%s', want '%s'", i,
			    got, cases[i].want_snip);
	}
	sqlite3_close(db);
}

/* The tokenizer keeps the spans of the last texts snippet() and
 * highlight() asked for and replays them for the same text: texts of one
 * length but other words, and the same text again, are marked right. */
static void
test_fts_tokenizer_aux_cache(void **state)
{
	static const char *const docs[] = {"аа бб вв", "ааа б вв", "аа бб вв",
	    "а ббб вв", "вв", "аа бб вв дд", "ааа б вв"};
	(void)state;
	sqlite3 *db = mem_db();
	for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++)
		put_doc(db, (int64_t)i + 1, docs[i], -1);
	char got[1024];
	for (int round = 0; round < 2; round++) {
		rows(db,
		    "SELECT highlight(t, 0, '[', ']') || snippet(t, 0, '<',"
		    " '>', '…', 2) FROM t WHERE t MATCH 'вв' ORDER BY rowid",
		    NULL, got, sizeof got);
		assert_string_equal(got,
		    "аа бб [вв]…бб <вв>|ааа б [вв]…б <вв>|аа бб [вв]…бб <вв>|"
		    "а ббб [вв]…ббб <вв>|[вв]<вв>|аа бб [вв] дд…<вв> дд|"
		    "ааа б [вв]…б <вв>|");
	}
	sqlite3_close(db);
}

/* Empty text, invalid UTF-8 and a 10 KB word index without error; a long
 * word's term is capped. */
static void
test_fts_tokenizer_bad_and_huge_input(void **state)
{
	(void)state;
	sqlite3 *db = mem_db();
	put_doc(db, 1, "", 0);
	put_doc(db, 2,
	    "abc\xff\xfe"
	    "def \xc3",
	    -1);
	size_t n = 10000;
	char *w = malloc(n + 1);
	assert_non_null(w);
	for (size_t i = 0; i < n; i += 2)
		memcpy(w + i, "ж", 2);
	w[n] = '\0';
	put_doc(db, 3, w, (int)n);
	free(w);
	char got[1024];
	rows(db,
	    "SELECT max(length(CAST(term AS BLOB))) <= 260 FROM v WHERE doc = "
	    "3",
	    NULL, got, sizeof got);
	assert_string_equal(got, "1|");
	rows(db, "SELECT term FROM v WHERE doc = 2 ORDER BY offset", NULL, got,
	    sizeof got);
	assert_string_equal(got, "abc|def|");
	rows(db, "SELECT count(*) FROM v WHERE doc = 1", NULL, got, sizeof got);
	assert_string_equal(got, "0|");
	sqlite3_close(db);
}

/* Queries: a Cyrillic word without Kazakh letters matches by its Russian
 * or its Kazakh stem; prefixes use the stem when it is one. */
static void
test_fts_tokenizer_queries(void **state)
{
	static const struct {
		const char *q, *want;
	} cases[] = {
	    {"блокировкой", "1|"},
	    {"блокиров*", "1|"},
	    {"блокировки*", "1|"},
	    {"бұғаттау", "2|"},
	    {"бұғат*", "2|"},
	    /* the Kazakh stem of сайттар is the Russian one of сайтов */
	    {"сайттар", "1|2|"},
	    {"сайтов", "1|2|"},
	    {"\"блокировка сайтов\"", "1|"},
	    {"\"сайтов блокировка\"", ""},
	    {"blocking", "3|"},
	    /* prefix: the last word only; happy* is happ* (stem happi) */
	    {"\"sites block\"*", "3|"},
	    {"\"sites blocked\"*", "3|"},
	    {"\"blocked site\"*", ""},
	    {"\"блокировка сайтов\"*", "1|"},
	    {"happy*", "4|"},
	    {"happ*", "4|"},
	};
	sqlite3 *db = mem_db();
	(void)state;
	put_doc(db, 1, "Блокировка сайтов в Казахстане", -1);
	put_doc(db, 2, "Сайттары бұғатталды", -1);
	put_doc(db, 3, "Sites blocked", -1);
	put_doc(db, 4, "Happily", -1);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char got[256], *m = NULL;
		size_t terms;
		OK(kz_store_fts_query(cases[i].q, -1, &m, &terms, &e_));
		rows(db, "SELECT rowid FROM t WHERE t MATCH ?1 ORDER BY rowid",
		    m, got, sizeof got);
		free(m);
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("case %zu '%s': got '%s', want '%s'", i,
			    cases[i].q, got, cases[i].want);
	}
	sqlite3_close(db);
}

/* ---- the query builder ---- */

static void
test_fts_query_quotes_everything(void **state)
{
	static const struct {
		const char *q;
		int lang;
		const char *want;
		size_t terms;
	} cases[] = {
	    {"", -1, "", 0},
	    {"   ", -1, "", 0},
	    {"\"", -1, "", 0},
	    {"* - : ( ) ^ + {}", -1, "", 0},
	    {"блок", -1, "\"блок\"", 1},
	    {"a b", -1, "\"a\" AND \"b\"", 2},
	    {"NEAR(a b) AND c", -1,
	        "\"NEAR(a\" AND \"b)\" AND \"AND\" AND \"c\"", 4},
	    {"\"две слова\" три*", -1, "\"две слова\" AND \"три\"*", 2},
	    {"\"unclosed phrase", -1, "\"unclosed phrase\"", 1},
	    {"-x col:y ^z", -1, "\"-x\" AND \"col:y\" AND \"^z\"", 3},
	    {"сайт", 1, "{title_kk summary_kk} : (\"сайт\")", 1},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *m = NULL;
		size_t terms = 99;
		OK(kz_store_fts_query(
		    cases[i].q, cases[i].lang, &m, &terms, &e_));
		if (strcmp(m, cases[i].want) != 0)
			fail_msg("case %zu '%s': got '%s', want '%s'", i,
			    cases[i].q, m, cases[i].want);
		assert_int_equal(terms, cases[i].terms);
		free(m);
	}
}

static void
test_fts_query_limits(void **state)
{
	(void)state;
	char big[KZ_SEARCH_QUERY_MAX_BYTES + 2];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	char *m = NULL;
	size_t terms;
	struct kz_err err = {0};
	assert_int_equal(
	    kz_store_fts_query(big, -1, &m, &terms, &err), KZ_ELIMIT);
	assert_null(m);
	assert_non_null(strstr(err.msg, "bytes"));
	char many[4 * (KZ_SEARCH_TERMS_MAX + 1) + 1];
	size_t n = 0;
	for (unsigned i = 0; i <= KZ_SEARCH_TERMS_MAX; i++)
		n += (size_t)snprintf(many + n, sizeof many - n, "%c%c ",
		    'a' + (char)(i % 26), 'a' + (char)(i / 26));
	assert_int_equal(
	    kz_store_fts_query(many, -1, &m, &terms, &err), KZ_ELIMIT);
	assert_non_null(strstr(err.msg, "terms"));
	/* Exactly the maximum is fine. */
	many[n - 4] = '\0';
	OK(kz_store_fts_query(many, -1, &m, &terms, &e_));
	assert_int_equal(terms, KZ_SEARCH_TERMS_MAX);
	free(m);
}

/* ---- search through the store ---- */

struct fx {
	char dir[512];
	char path[600];
	struct kz_store *s;
};

static int
setup(void **state)
{
	struct fx *fx = calloc(1, sizeof *fx);
	assert_non_null(fx);
	const char *tmp = getenv("TMPDIR");
	if (tmp == NULL || tmp[0] == '\0')
		tmp = "/tmp";
	snprintf(fx->dir, sizeof fx->dir, "%s/kz-search-XXXXXX", tmp);
	assert_non_null(mkdtemp(fx->dir));
	snprintf(fx->path, sizeof fx->path, "%s/kuzet.db", fx->dir);
	*state = fx;
	return 0;
}

static int
setup_open(void **state)
{
	setup(state);
	struct fx *fx = *state;
	OK(kz_store_open(fx->path, 1, &fx->s, &e_));
	return 0;
}

static int
teardown(void **state)
{
	struct fx *fx = *state;
	kz_store_close(fx->s);
	char p[700];
	static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
	for (size_t i = 0; i < 4; i++) {
		snprintf(p, sizeof p, "%s%s", fx->path, suffix[i]);
		unlink(p);
	}
	rmdir(fx->dir);
	free(fx);
	return 0;
}

static int64_t
add(struct kz_store *s, const char *section, int status, const char *date,
    const char *title_ru, const char *summary_ru, const char *title_kk)
{
	struct kz_incident inc;
	kz_incident_init(&inc);
	snprintf(inc.section, sizeof inc.section, "%s", section);
	inc.status = (enum kz_status)status;
	if (date != NULL)
		assert_int_equal(kz_date_parse_iso(date, &inc.occurred_on), 0);
	kz_incident_set_text(&inc.title[KZ_LANG_RU], title_ru);
	kz_incident_set_text(&inc.summary[KZ_LANG_RU], summary_ru);
	kz_incident_set_text(&inc.title[KZ_LANG_KK], title_kk);
	OK(kz_store_incident_add(s, &inc, "tester", &e_));
	int64_t id = inc.id;
	kz_incident_fini(&inc);
	return id;
}

struct hits {
	char ids[512];
	char snip[4][512];
	double score[16];
	size_t n;
};

static kz_rc
on_hit(void *ctx, const struct kz_search_hit *h)
{
	struct hits *k = ctx;
	size_t l = strlen(k->ids);
	snprintf(k->ids + l, sizeof k->ids - l, "%lld ", (long long)h->inc->id);
	if (k->n < 4)
		snprintf(k->snip[k->n], sizeof k->snip[0], "%s",
		    h->snippet != NULL ? h->snippet : "NULL");
	if (k->n < 16)
		k->score[k->n] = h->score;
	k->n++;
	return KZ_OK;
}

/* Search q (filter f, or all) and return the ids "1 2 3 ". */
static const char *
search(struct kz_store *s, struct kz_incident_filter *f, const char *q,
    struct hits *k)
{
	struct kz_incident_filter all;
	if (f == NULL) {
		kz_incident_filter_init(&all);
		f = &all;
	}
	memset(k, 0, sizeof *k);
	f->q = q;
	OK(kz_store_incident_search(s, f, "[", "]", on_hit, k, &e_));
	return k->ids;
}

static kz_rc
on_inc(void *ctx, const struct kz_incident *inc)
{
	char *ids = ctx;
	size_t l = strlen(ids);
	snprintf(ids + l, 512 - l, "%lld ", (long long)inc->id);
	return KZ_OK;
}

static int64_t
count_incidents_for_test(struct kz_store *s)
{
	int64_t n = -1;
	OK(kz_store_incident_count(s, &n, &e_));
	return n;
}

/* Rows in the search index. */
static int64_t
query_fts_rows(struct kz_store *s)
{
	sqlite3_stmt *st;
	sqlite3 *db = kz_store_sqlite_handle(s);
	assert_int_equal(
	    sqlite3_prepare_v2(
	        db, "SELECT count(*) FROM incident_fts", -1, &st, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int64_t n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void
test_search_finds_word_forms_and_ranks(void **state)
{
	struct fx *fx = *state;
	int64_t a = add(fx->s, "expression", KZ_STATUS_PUBLISHED, "2025-09-03",
	    "Блокировка сайта «Уральская неделя»", "Сайт недоступен.", NULL);
	int64_t b = add(fx->s, "expression", KZ_STATUS_PUBLISHED, "2025-10-01",
	    "Суд по делу журналиста",
	    "Суд упомянул блокировку ресурса и блокировкой пригрозили ещё.",
	    NULL);
	int64_t c = add(fx->s, "cyber", KZ_STATUS_DRAFT, "2025-11-01",
	    "Утечка данных", "Ничего общего.", "Сайт бұғаттау туралы");
	int64_t d = add(fx->s, "expression", KZ_STATUS_PUBLISHED, "2025-12-01",
	    "Блокировки Telegram", "Очередные блокировки.", NULL);
	struct hits k;
	char want[64];
	/* Title matches weigh more than summary ones. */
	search(fx->s, NULL, "блокировки", &k);
	snprintf(want, sizeof want, "%lld %lld %lld ", (long long)d,
	    (long long)a, (long long)b);
	assert_string_equal(k.ids, want);
	assert_true(k.score[0] <= k.score[1] && k.score[1] <= k.score[2]);
	assert_string_equal(k.snip[0], "[Блокировки] Telegram");
	assert_non_null(strstr(k.snip[2], "[блокировку]"));
	assert_non_null(strstr(k.snip[2], "[блокировкой]"));
	/* Kazakh */
	search(fx->s, NULL, "бұғатталды", &k);
	snprintf(want, sizeof want, "%lld ", (long long)c);
	assert_string_equal(k.ids, want);
	assert_string_equal(k.snip[0], "Сайт [бұғаттау] туралы");
	/* Every word must match. */
	search(fx->s, NULL, "блокировка telegram", &k);
	snprintf(want, sizeof want, "%lld ", (long long)d);
	assert_string_equal(k.ids, want);
	search(fx->s, NULL, "блокировка нетакогослова", &k);
	assert_string_equal(k.ids, "");
	/* Filters combine with the search. */
	struct kz_incident_filter f;
	kz_incident_filter_init(&f);
	f.status = KZ_STATUS_PUBLISHED;
	f.section = "expression";
	assert_int_equal(kz_date_parse_iso("2025-11-01", &f.from), 0);
	search(fx->s, &f, "блокировки", &k);
	snprintf(want, sizeof want, "%lld ", (long long)d);
	assert_string_equal(k.ids, want);
	kz_incident_filter_init(&f);
	f.lang = KZ_LANG_KK;
	search(fx->s, &f, "сайт", &k);
	snprintf(want, sizeof want, "%lld ", (long long)c);
	assert_string_equal(k.ids, want);
	kz_incident_filter_init(&f);
	f.limit = 1;
	f.offset = 1;
	search(fx->s, &f, "блокировки", &k);
	snprintf(want, sizeof want, "%lld ", (long long)a);
	assert_string_equal(k.ids, want);
	/* kz_store_incident_list with q: the same order. */
	kz_incident_filter_init(&f);
	f.q = "блокировки";
	char ids[512] = "";
	OK(kz_store_incident_list(fx->s, &f, on_inc, ids, &e_));
	snprintf(want, sizeof want, "%lld %lld %lld ", (long long)d,
	    (long long)a, (long long)b);
	assert_string_equal(ids, want);
}

/* Equal scores: newest first. */
static void
test_search_ties_newest_first(void **state)
{
	struct fx *fx = *state;
	int64_t a =
	    add(fx->s, "law", 0, "2025-01-01", "Закон о СМИ", NULL, NULL);
	int64_t b =
	    add(fx->s, "law", 0, "2025-03-01", "Закон о СМИ", NULL, NULL);
	int64_t c =
	    add(fx->s, "law", 0, "2025-02-01", "Закон о СМИ", NULL, NULL);
	struct hits k;
	char want[64];
	search(fx->s, NULL, "закон", &k);
	snprintf(want, sizeof want, "%lld %lld %lld ", (long long)b,
	    (long long)c, (long long)a);
	assert_string_equal(k.ids, want);
}

/* ---- the same ranking, pages and snippets as plain bm25() ---- */

#define RANK_MAX 400

/* A search's hits, in order. */
struct ranked {
	size_t n;
	int64_t id[RANK_MAX];
	double score[RANK_MAX];
	char *snip[RANK_MAX];
};

static void
ranked_fini(struct ranked *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->snip[i]);
	r->n = 0;
}

static kz_rc
on_ranked(void *ctx, const struct kz_search_hit *h)
{
	struct ranked *r = ctx;
	assert_true(r->n < RANK_MAX);
	r->id[r->n] = h->inc->id;
	r->score[r->n] = h->score;
	r->snip[r->n] = h->snippet != NULL ? strdup(h->snippet) : NULL;
	r->n++;
	return KZ_OK;
}

/* The reference: FTS5's own bm25() and snippet() in one plain query, the
 * way search ranked before it was made fast. */
static void
reference(struct kz_store *s, const char *q, int lang, int published,
    const char *section, struct ranked *r)
{
	char *m = NULL;
	size_t terms;
	OK(kz_store_fts_query(q, lang, &m, &terms, &e_));
	char sql[1024];
	snprintf(sql, sizeof sql,
	    "SELECT i.id, bm25(incident_fts, 4.0, 4.0, 4.0, 1.0, 1.0, 1.0)"
	    " AS s, snippet(incident_fts, -1, '[', ']', '…', %d)"
	    " FROM incident_fts JOIN incidents i"
	    " ON i.id = incident_fts.rowid WHERE incident_fts MATCH ?1%s%s"
	    " ORDER BY s, i.sort_date DESC, i.id DESC",
	    KZ_SEARCH_SNIPPET_TOKENS,
	    published ? " AND i.status = 'published'" : "",
	    section != NULL ? " AND i.section = ?2" : "");
	sqlite3 *db = kz_store_sqlite_handle(s);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	sqlite3_bind_text(st, 1, m, -1, SQLITE_TRANSIENT);
	if (section != NULL)
		sqlite3_bind_text(st, 2, section, -1, SQLITE_STATIC);
	free(m);
	r->n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		assert_true(r->n < RANK_MAX);
		const unsigned char *t = sqlite3_column_text(st, 2);
		r->id[r->n] = sqlite3_column_int64(st, 0);
		r->score[r->n] = sqlite3_column_double(st, 1);
		r->snip[r->n] =
		    t != NULL && t[0] ? strdup((const char *)t) : NULL;
		r->n++;
	}
	sqlite3_finalize(st);
}

static unsigned long rank_rng = 0x9e3779b97f4a7c15ul;

static unsigned long
rank_next(void)
{
	rank_rng ^= rank_rng << 13;
	rank_rng ^= rank_rng >> 7;
	rank_rng ^= rank_rng << 17;
	return rank_rng;
}

/* n words of w, each a random one. */
static void
rank_words(char *out, size_t cap, const char *const *w, size_t nw, int n)
{
	size_t k = 0;
	out[0] = '\0';
	for (int i = 0; i < n && k + 64 < cap; i++)
		k += (size_t)snprintf(out + k, cap - k, "%s%s", i ? " " : "",
		    w[rank_next() % nw]);
}

/*
 * Over an archive where common words are in most incidents (and some
 * incidents are copies of one another: equal scores), search gives what
 * plain bm25() ranking gives: the same incidents in the same order (score,
 * then newest, then highest id), the same scores to the bit and the same
 * snippets, whole and page by page.
 */
static void
test_search_ranks_pages_and_snippets_as_bm25(void **state)
{
	static const char *const ru[] = {"сайт", "блокировка", "блокировку",
	    "суд", "журналиста", "журналистов", "утечка", "данных", "аккаунт",
	    "штраф", "закон", "доступ", "и", "в", "платформа"};
	static const char *const kk[] = {"сайт", "бұғаттау", "бұғатталды",
	    "сот", "журналист", "деректер", "аккаунт", "айыппұл", "заң",
	    "және"};
	static const struct {
		const char *q;
		int lang, published;
		const char *section;
	} qs[] = {
	    {"сайт", -1, 0, NULL},
	    {"сайт", -1, 1, NULL},
	    {"блокировки", -1, 1, NULL},
	    {"суд журналиста", -1, 0, NULL},
	    {"суд журналиста", -1, 1, "law"},
	    {"\"утечка данных\"", -1, 0, NULL},
	    {"журналист*", -1, 1, NULL},
	    {"бұғаттау", -1, 0, "courts"},
	    {"аккаунт", KZ_LANG_KK, 0, NULL},
	    {"аккаунт штраф", KZ_LANG_RU, 1, NULL},
	};
	struct fx *fx = *state;
	char title[512], sum[2048], title_kk[512];
	OK(kz_store_begin(fx->s, &e_));
	for (int i = 0; i < 300; i++) {
		char date[16];
		snprintf(date, sizeof date, "2025-%02d-%02d",
		    1 + (int)(rank_next() % 12), 1 + (int)(rank_next() % 28));
		if (i % 10 == 3) {
			/* copies: equal scores, told apart by date, then id */
			add(fx->s, "law", i % 3 ? KZ_STATUS_PUBLISHED : 0,
			    i % 20 == 3 ? "2025-05-05" : date,
			    "Сайт суд журналиста", NULL, NULL);
			continue;
		}
		rank_words(title, sizeof title, ru, sizeof ru / sizeof ru[0],
		    3 + (int)(rank_next() % 6));
		rank_words(sum, sizeof sum, ru, sizeof ru / sizeof ru[0],
		    (int)(rank_next() % 40));
		rank_words(title_kk, sizeof title_kk, kk,
		    sizeof kk / sizeof kk[0], (int)(rank_next() % 5));
		add(fx->s, i % 2 ? "courts" : "privacy",
		    i % 4 ? KZ_STATUS_PUBLISHED : 0, i % 17 ? date : NULL,
		    title, sum[0] ? sum : NULL, title_kk[0] ? title_kk : NULL);
	}
	OK(kz_store_commit(fx->s, &e_));
	size_t ties = 0, total = 0;
	static struct ranked want, got;
	for (size_t k = 0; k < sizeof qs / sizeof qs[0]; k++) {
		reference(fx->s, qs[k].q, qs[k].lang, qs[k].published,
		    qs[k].section, &want);
		assert_true(want.n > 3);
		total += want.n;
		for (size_t i = 1; i < want.n; i++)
			ties += want.score[i] == want.score[i - 1];
		struct kz_incident_filter f;
		kz_incident_filter_init(&f);
		f.q = qs[k].q;
		f.lang = qs[k].lang;
		f.status = qs[k].published ? KZ_STATUS_PUBLISHED : -1;
		f.section = qs[k].section;
		/* whole, then pages of 7 */
		for (int64_t lim = 0; lim <= 7; lim += 7) {
			got.n = 0;
			for (int64_t off = 0;; off += lim) {
				size_t before = got.n;
				f.limit = lim;
				f.offset = off;
				OK(kz_store_incident_search(
				    fx->s, &f, "[", "]", on_ranked, &got, &e_));
				if (lim == 0 || got.n - before < (size_t)lim)
					break;
			}
			if (got.n != want.n)
				fail_msg("'%s' limit %lld: %zu hits, want %zu",
				    qs[k].q, (long long)lim, got.n, want.n);
			for (size_t i = 0; i < want.n; i++) {
				if (got.id[i] != want.id[i] ||
				    got.score[i] != want.score[i])
					fail_msg(
					    "'%s' limit %lld, hit %zu: "
					    "%lld (%.17g), want %lld (%.17g)",
					    qs[k].q, (long long)lim, i,
					    (long long)got.id[i], got.score[i],
					    (long long)want.id[i],
					    want.score[i]);
				const char *a = got.snip[i], *b = want.snip[i];
				if ((a == NULL) != (b == NULL) ||
				    (a != NULL && strcmp(a, b) != 0))
					fail_msg("'%s' hit %zu snippet: '%s', "
					         "want '%s'",
					    qs[k].q, i, a ? a : "NULL",
					    b ? b : "NULL");
			}
			ranked_fini(&got);
		}
		/* past the last hit: nothing */
		f.limit = 5;
		f.offset = (int64_t)want.n;
		OK(kz_store_incident_search(
		    fx->s, &f, "[", "]", on_ranked, &got, &e_));
		assert_int_equal(got.n, 0);
		ranked_fini(&want);
	}
	/* the archive is what the test needs: many hits, equal scores */
	assert_true(total > 600);
	assert_true(ties > 20);
}

/* Segments of the search index. */
static int64_t
fts_segments(struct kz_store *s)
{
	sqlite3_stmt *st;
	sqlite3 *db = kz_store_sqlite_handle(s);
	assert_int_equal(
	    sqlite3_prepare_v2(db,
	        "SELECT count(DISTINCT segid) FROM incident_fts_idx", -1, &st,
	        NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int64_t n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* A transaction that writes 1,000 rows of the index (an import) leaves it
 * as one segment; small ones do not merge it. */
static void
test_search_bulk_write_merges_the_index(void **state)
{
	struct fx *fx = *state;
	char title[64];
	OK(kz_store_begin(fx->s, &e_));
	for (int i = 0; i < 1000; i++) {
		snprintf(title, sizeof title, "Блокировка сайта %d", i);
		add(fx->s, "law", 0, "2025-01-01", title, NULL, NULL);
	}
	OK(kz_store_commit(fx->s, &e_));
	assert_int_equal(fts_segments(fx->s), 1);
	add(fx->s, "law", 0, "2025-01-02", "Блокировка", NULL, NULL);
	assert_int_equal(fts_segments(fx->s), 2);
	struct hits k;
	search(fx->s, NULL, "блокировки", &k);
	assert_int_equal(k.n, 1001);
}

/* No user input is an SQL or FTS5 error. */
static void
test_search_syntax_never_errors(void **state)
{
	static const char *const qs[] = {"\"", "\"\"", "*", "блок*", "NEAR(",
	    "NEAR(a b, 2)", "AND", "OR OR", "NOT x", "-", "- блок", ":",
	    "title_ru:блок", "{title_ru}:x", "^блок", "a + b", "(", ")))",
	    "'; DROP TABLE incidents; --", "\xff\xfe", "\"блок", "col:\"x",
	    "**", "a*b*c", "\\", "%_", "\x01\x02"};
	struct fx *fx = *state;
	add(fx->s, "law", 0, "2025-01-01", "Блокировка NEAR AND", NULL, NULL);
	for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
		struct hits k;
		search(fx->s, NULL, qs[i], &k);
	}
	struct hits k;
	search(fx->s, NULL, "\"", &k); /* no words: everything, in order */
	assert_int_equal(k.n, 1);
	assert_string_equal(k.snip[0], "NULL");
	search(fx->s, NULL, "NEAR(", &k); /* the word "near" */
	assert_int_equal(k.n, 1);
	assert_int_equal(count_incidents_for_test(fx->s), 1);
}

/* The index follows add, save (edit, publish) and remove. */
static void
test_search_index_stays_in_sync(void **state)
{
	struct fx *fx = *state;
	int64_t a = add(fx->s, "law", 0, "2025-01-01", "Старый заголовок",
	    "Про штрафы", NULL);
	struct hits k;
	char want[32];
	snprintf(want, sizeof want, "%lld ", (long long)a);
	assert_string_equal(search(fx->s, NULL, "старый", &k), want);
	struct kz_incident inc;
	OK(kz_store_incident_get(fx->s, a, &inc, &e_));
	kz_incident_set_text(&inc.title[KZ_LANG_RU], "Новый заголовок");
	kz_incident_set_text(&inc.title[KZ_LANG_KK], "Жаңа тақырып");
	inc.status = KZ_STATUS_PUBLISHED;
	OK(kz_store_incident_save(fx->s, &inc, "tester", &e_));
	kz_incident_fini(&inc);
	assert_string_equal(search(fx->s, NULL, "старый", &k), "");
	assert_string_equal(search(fx->s, NULL, "новые", &k), want);
	assert_string_equal(search(fx->s, NULL, "тақырыптар", &k), want);
	assert_string_equal(search(fx->s, NULL, "штрафов", &k), want);
	/* A failed save (conflict) leaves the index as it was. */
	OK(kz_store_incident_get(fx->s, a, &inc, &e_));
	inc.version--;
	kz_incident_set_text(&inc.title[KZ_LANG_RU], "Третий");
	struct kz_err err = {0};
	assert_int_equal(
	    kz_store_incident_save(fx->s, &inc, "tester", &err), KZ_ECONFLICT);
	kz_incident_fini(&inc);
	assert_string_equal(search(fx->s, NULL, "третий", &k), "");
	assert_string_equal(search(fx->s, NULL, "новый", &k), want);
	OK(kz_store_incident_remove(fx->s, a, "tester", &e_));
	assert_string_equal(search(fx->s, NULL, "новый", &k), "");
	assert_int_equal(query_fts_rows(fx->s), 0);
}

/* A version-3 database with incidents is migrated and its incidents are
 * found. */
static void
test_search_migrates_and_indexes_a_v3_database(void **state)
{
	struct fx *fx = *state;
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(fx->path, &db), SQLITE_OK);
	OK(kz_store_sqlite_migrate(
	    db, fx->path, kz_store_sqlite_steps, 3, &e_));
	char *msg = NULL;
	if (sqlite3_exec(db,
	        "INSERT INTO incidents (section, status, occurred_on, created,"
	        " updated) VALUES ('law', 'published', '2025-05-05', 1, 1),"
	        " ('courts', 'draft', '2025-06-06', 1, 1);"
	        "INSERT INTO incident_texts VALUES"
	        " (1, 'ru', 'Блокировку сайта обжаловали', 'Суд отказал.'),"
	        " (1, 'kk', 'Сайтты бұғаттау', NULL),"
	        " (2, 'ru', 'Другое дело', 'Без блокировок.'),"
	        " (2, 'xx', 'unknown language блокировка', NULL);",
	        NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s", msg);
	sqlite3_close(db);
	OK(kz_store_open(fx->path, 0, &fx->s, &e_));
	struct hits k;
	assert_string_equal(search(fx->s, NULL, "блокировки", &k), "1 ");
	assert_string_equal(search(fx->s, NULL, "бұғатталды", &k), "1 ");
	assert_string_equal(search(fx->s, NULL, "блокировок", &k), "2 ");
	assert_string_equal(search(fx->s, NULL, "unknown", &k), "");
}

/* A callback error stops the walk and is returned; the callback may use
 * the store. */
static kz_rc
stop_after_one(void *ctx, const struct kz_search_hit *h)
{
	struct kz_store *s = ctx;
	struct kz_incident inc;
	struct kz_err err = {0};
	kz_rc rc = kz_store_incident_get(s, h->inc->id, &inc, &err);
	assert_int_equal(rc, KZ_OK);
	kz_incident_fini(&inc);
	return KZ_ECONFLICT;
}

static void
test_search_callback_may_stop_and_use_the_store(void **state)
{
	struct fx *fx = *state;
	add(fx->s, "law", 0, "2025-01-01", "Закон", NULL, NULL);
	add(fx->s, "law", 0, "2025-01-02", "Закон", NULL, NULL);
	struct kz_incident_filter f;
	kz_incident_filter_init(&f);
	f.q = "закон";
	struct kz_err err = {0};
	assert_int_equal(kz_store_incident_search(fx->s, &f, NULL, NULL,
	                     stop_after_one, fx->s, &err),
	    KZ_ECONFLICT);
	f.q = "";
	char ids[512] = "";
	OK(kz_store_incident_list(fx->s, &f, on_inc, ids, &e_));
	assert_string_equal(ids, "1 2 ");
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup_open, teardown)
#define T0(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fts_tokenizer_stems_by_script_and_language),
	    cmocka_unit_test(test_fts_tokenizer_offsets_highlight),
	    cmocka_unit_test(test_fts_tokenizer_aux_positions_match_the_index),
	    cmocka_unit_test(test_fts_tokenizer_aux_cache),
	    cmocka_unit_test(test_fts_tokenizer_bad_and_huge_input),
	    cmocka_unit_test(test_fts_tokenizer_queries),
	    cmocka_unit_test(test_fts_query_quotes_everything),
	    cmocka_unit_test(test_fts_query_limits),
	    T(test_search_finds_word_forms_and_ranks),
	    T(test_search_ties_newest_first),
	    T(test_search_ranks_pages_and_snippets_as_bm25),
	    T(test_search_bulk_write_merges_the_index),
	    T(test_search_syntax_never_errors),
	    T(test_search_index_stays_in_sync),
	    T0(test_search_migrates_and_indexes_a_v3_database),
	    T(test_search_callback_may_stop_and_use_the_store),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
