/*
 * Full-text search over N incidents (default 10,000; ru and kk titles and
 * summaries, one word in 8 from a list of topical words, 90% published):
 * queries per second through kz_store_incident_search (published, 20 per page,
 * with and without snippets: the store's whole work), and a ranked-ids SQL
 * query alone (kuzet_bm25 with the row sizes and incidents joined, sorted
 * by SQL; the store walks that join unsorted into a heap instead) on the
 * "kuzet" tokenizer against the peer, the same FTS5 table with SQLite's
 * built-in unicode61 tokenizer (no stems), in the same run, and on the
 * kuzet table with FTS5's bm25() (a nested lookup of each row's size: how
 * search ranked before); and the time to index all N with each.  Medians
 * of 5 rounds.
 *
 * Usage: bench_search [N]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "kuzet/store.h"
#include "store/store_int.h"

#define ROUNDS 5

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
die(const char *what, const char *msg)
{
	fprintf(stderr, "bench_search: %s: %s\n", what, msg);
	exit(1);
}

static const char *const ru_words[] = {"блокировка", "блокировку",
    "блокировкой", "сайта", "сайтов", "журналиста", "журналистов", "суд",
    "суда", "оштрафовал", "утечка", "данных", "клиентов", "фишинговые",
    "сообщения", "telegram", "мессенджер", "провайдеры", "доступ", "ограничили",
    "закон", "поправки", "СМИ", "блогера", "задержали", "атака", "DDoS",
    "редакции", "министерство", "информации", "пользователи", "VPN", "аккаунт",
    "удалили", "пост", "публикацию", "расследование"};
static const char *const kk_words[] = {"сайтты", "бұғаттау", "бұғатталды",
    "бұғатталған", "журналист", "сот", "айыппұл", "деректер", "деректерінің",
    "жарияланды", "хабарлама", "министрлігі", "ақпарат", "пайдаланушылар",
    "тыйым", "салынды", "заң", "түзетулер", "блогер", "шабуыл", "редакция",
    "аккаунты", "жойылды", "тергеу", "қолжетімсіз"};

static unsigned long rng = 88172645463325252ul;

static unsigned long
next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* count words: one in 8 from the topical list w, the others made of 2-4
 * syllables of the script (a vocabulary of tens of thousands), so a query
 * matches a part of the archive, as in real text. */
static void
words(char *buf, size_t cap, const char *const *w, size_t nw, int count,
    const char *const *syl, size_t nsyl)
{
	size_t n = 0;
	buf[0] = '\0';
	for (int i = 0; i < count && n + 64 < cap; i++) {
		if (i)
			buf[n++] = ' ';
		if (next() % 8 == 0) {
			n += (size_t)snprintf(
			    buf + n, cap - n, "%s", w[next() % nw]);
			continue;
		}
		int k = 2 + (int)(next() % 3);
		for (int j = 0; j < k; j++)
			n += (size_t)snprintf(
			    buf + n, cap - n, "%s", syl[next() % nsyl]);
	}
	buf[n] = '\0';
}

static const char *const ru_syl[] = {"ба", "ве", "ги", "до", "жу", "за", "ки",
    "ло", "му", "не", "по", "ра", "си", "то", "ус", "фа", "хо", "це", "ча",
    "ше", "ны", "ль", "ст", "пр", "ов", "ен", "ка", "ми"};
static const char *const kk_syl[] = {"ба", "бе", "ғы", "да", "жә", "за", "қа",
    "лі", "мұ", "не", "ор", "ра", "сі", "тү", "ұл", "ші", "ың", "ің", "ке",
    "ме", "ды", "ті", "ар", "ер", "өз", "үй", "ас", "ет"};
#define NSYL(a) (sizeof a / sizeof a[0])

static void
make(struct kz_incident *inc, long i)
{
	char buf[2048];
	kz_incident_init(inc);
	snprintf(inc->section, sizeof inc->section, "%s",
	    (const char *[]){
	        "expression", "privacy", "cyber", "law", "courts"}[i % 5]);
	inc->status = i % 10 == 0 ? KZ_STATUS_DRAFT : KZ_STATUS_PUBLISHED;
	inc->occurred_on.y = 2024 + (int)(i % 2);
	inc->occurred_on.m = (int)(i % 12) + 1;
	inc->occurred_on.d = (int)(i % 28) + 1;
	size_t nru = sizeof ru_words / sizeof ru_words[0];
	size_t nkk = sizeof kk_words / sizeof kk_words[0];
	words(buf, sizeof buf, ru_words, nru, 8, ru_syl, NSYL(ru_syl));
	kz_incident_set_text(&inc->title[KZ_LANG_RU], buf);
	words(buf, sizeof buf, ru_words, nru, 60, ru_syl, NSYL(ru_syl));
	kz_incident_set_text(&inc->summary[KZ_LANG_RU], buf);
	words(buf, sizeof buf, kk_words, nkk, 7, kk_syl, NSYL(kk_syl));
	kz_incident_set_text(&inc->title[KZ_LANG_KK], buf);
	words(buf, sizeof buf, kk_words, nkk, 50, kk_syl, NSYL(kk_syl));
	kz_incident_set_text(&inc->summary[KZ_LANG_KK], buf);
	snprintf(buf, sizeof buf, "https://news%ld.kz/item-%ld", i % 97, i);
	kz_incident_add_source(inc, buf, buf);
}

static const char *const queries[] = {"блокировки", "бұғатталды",
    "суд журналиста", "утечка данных", "фишинг*", "\"блокировка сайта\"",
    "telegram", "деректер", "атака DDoS", "закон о СМИ"};
#define NQ (sizeof queries / sizeof queries[0])

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double
median(double *v)
{
	qsort(v, ROUNDS, sizeof *v, cmp_double);
	return v[ROUNDS / 2];
}

static kz_rc
count_hit(void *ctx, const struct kz_search_hit *h)
{
	(void)h;
	++*(long *)ctx;
	return KZ_OK;
}

/* One round of every query through the store API; returns hits. */
static long
api_round(struct kz_store *s, int snippets)
{
	long hits = 0;
	for (size_t i = 0; i < NQ; i++) {
		struct kz_incident_filter f;
		kz_incident_filter_init(&f);
		f.status = KZ_STATUS_PUBLISHED;
		f.limit = 20;
		f.q = queries[i];
		struct kz_err err = {0};
		if (kz_store_incident_search(s, &f, snippets ? "[" : NULL,
		        snippets ? "]" : NULL, count_hit, &hits, &err) != KZ_OK)
			die("search", err.msg);
	}
	return hits;
}

/* One round of the ranked-ids query on table t (bm25: with FTS5's bm25()
 * instead of the store's query); returns hits. */
static long
raw_round(sqlite3 *db, const char *t, char *const *match, int bm25)
{
	char sql[1024];
	if (bm25)
		snprintf(sql, sizeof sql,
		    "SELECT i.id, bm25(%s, 4.0, 4.0, 4.0, 1.0, 1.0, 1.0)"
		    " AS score FROM %s JOIN incidents i ON i.id = %s.rowid"
		    " WHERE %s MATCH ?1 AND i.status = 'published'"
		    " ORDER BY score, i.sort_date DESC, i.id DESC LIMIT 20",
		    t, t, t, t);
	else
		snprintf(sql, sizeof sql,
		    "SELECT f.rowid, kuzet_bm25(f.%s, d.sz, 4.0, 4.0, 4.0,"
		    " 1.0, 1.0, 1.0) AS score FROM %s AS f"
		    " CROSS JOIN %s_docsize AS d ON d.id = f.rowid"
		    " CROSS JOIN incidents AS i ON i.id = f.rowid"
		    " WHERE f.%s MATCH ?1 AND i.status = 'published'"
		    " ORDER BY score, i.sort_date DESC, i.id DESC LIMIT 20",
		    t, t, t, t);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		die(sql, sqlite3_errmsg(db));
	long hits = 0;
	for (size_t i = 0; i < NQ; i++) {
		sqlite3_bind_text(st, 1, match[i], -1, SQLITE_STATIC);
		int src;
		while ((src = sqlite3_step(st)) == SQLITE_ROW)
			hits++;
		if (src != SQLITE_DONE)
			die("raw search", sqlite3_errmsg(db));
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return hits;
}

static void
exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		die(sql, msg);
}

/* Time building an FTS5 table over every incident with tokenizer tok. */
static double
build(sqlite3 *db, const char *t, const char *tok)
{
	char sql[1024];
	snprintf(sql, sizeof sql,
	    "DROP TABLE IF EXISTS %s; CREATE VIRTUAL TABLE %s USING fts5("
	    "title_ru, title_kk, title_en, summary_ru, summary_kk, "
	    "summary_en, tokenize = '%s')",
	    t, t, tok);
	exec(db, sql);
	snprintf(sql, sizeof sql,
	    "INSERT INTO %s (rowid, title_ru, title_kk, title_en, summary_ru,"
	    " summary_kk, summary_en) SELECT rowid, title_ru, title_kk,"
	    " title_en, summary_ru, summary_kk, summary_en FROM incident_fts",
	    t);
	double t0 = now();
	exec(db, sql);
	return now() - t0;
}

int
main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 10000;
	char dir[] = "/tmp/kz-bench-search-XXXXXX";
	if (mkdtemp(dir) == NULL)
		die("mkdtemp", "failed");
	char path[256];
	snprintf(path, sizeof path, "%s/bench.db", dir);
	struct kz_store *s;
	struct kz_err err = {0};
	if (kz_store_open(path, 1, &s, &err) != KZ_OK)
		die("open", err.msg);
	double t0 = now();
	if (kz_store_begin(s, &err) != KZ_OK)
		die("begin", err.msg);
	for (long i = 0; i < n; i++) {
		struct kz_incident inc;
		make(&inc, i);
		if (kz_store_incident_add(s, &inc, "bench", &err) != KZ_OK)
			die("add", err.msg);
		kz_incident_fini(&inc);
	}
	if (kz_store_commit(s, &err) != KZ_OK)
		die("commit", err.msg);
	printf(
	    "search: %ld incidents added (indexed) in %.2f s\n", n, now() - t0);

	sqlite3 *db = kz_store_sqlite_handle(s);
	double bk[ROUNDS], bp[ROUNDS];
	for (int r = 0; r < ROUNDS; r++) {
		bk[r] = build(db, "bench_kuzet", "kuzet");
		bp[r] =
		    build(db, "bench_peer", "unicode61 remove_diacritics 2");
	}
	double mk = median(bk), mp = median(bp);
	printf("search: index %ld incidents: kuzet tokenizer %.0f ms, "
	       "unicode61 (peer) %.0f ms, ratio %.2f\n",
	    n, mk * 1e3, mp * 1e3, mk / mp);

	char *match[NQ];
	for (size_t i = 0; i < NQ; i++) {
		size_t terms;
		if (kz_store_fts_query(
		        queries[i], -1, &match[i], &terms, &err) != KZ_OK)
			die("query", err.msg);
	}
	double ta[ROUNDS], tsn[ROUNDS], tk[ROUNDS], tp[ROUNDS], tb[ROUNDS];
	long ha = 0, hs = 0, hk = 0, hp = 0, hb = 0;
	for (int r = 0; r < ROUNDS; r++) {
		double a = now();
		ha = api_round(s, 0);
		ta[r] = now() - a;
		a = now();
		hs = api_round(s, 1);
		tsn[r] = now() - a;
		a = now();
		hk = raw_round(db, "incident_fts", match, 0);
		tk[r] = now() - a;
		a = now();
		hp = raw_round(db, "bench_peer", match, 0);
		tp[r] = now() - a;
		a = now();
		hb = raw_round(db, "incident_fts", match, 1);
		tb[r] = now() - a;
	}
	printf("search: kz_store_incident_search, 20 per page: %.0f queries/s "
	       "(%ld hits)\n",
	    NQ / median(ta), ha);
	printf("search: the same with snippets:             %.0f queries/s "
	       "(%ld hits)\n",
	    NQ / median(tsn), hs);
	double qk = NQ / median(tk), qp = NQ / median(tp);
	printf(
	    "search: ranked ids, kuzet tokenizer: %.0f queries/s (%ld hits); "
	    "unicode61 (peer): %.0f queries/s (%ld hits, no stems); "
	    "ratio %.2f\n",
	    qk, hk, qp, hp, qk / qp);
	printf("search: ranked ids with FTS5's bm25() (a lookup per row): "
	       "%.0f queries/s (%ld hits)\n",
	    NQ / median(tb), hb);
	for (size_t i = 0; i < NQ; i++)
		free(match[i]);
	kz_store_close(s);
	const char *suffix[] = {"", "-wal", "-shm"};
	for (int i = 0; i < 3; i++) {
		char p[300];
		snprintf(p, sizeof p, "%s%s", path, suffix[i]);
		unlink(p);
	}
	rmdir(dir);
	return 0;
}
