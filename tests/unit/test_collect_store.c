/* Unit tests: collection storage (sources, articles, evidence) and SHA-256. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kuzet/analysis.h"
#include "kuzet/collect.h"

struct fx {
	char dir[256];
	char path[300];
	struct kz_store *s;
};

static int
setup(void **state)
{
	struct fx *fx = kz_xcalloc(1, sizeof *fx);
	const char *tmp = getenv("TMPDIR");
	snprintf(fx->dir, sizeof fx->dir, "%s/kz-collect-XXXXXX",
	    tmp && tmp[0] ? tmp : "/tmp");
	assert_non_null(mkdtemp(fx->dir));
	snprintf(fx->path, sizeof fx->path, "%s/k.db", fx->dir);
	struct kz_err err;
	assert_int_equal(kz_store_open(fx->path, 1, &fx->s, &err), KZ_OK);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *fx = *state;
	kz_store_close(fx->s);
	char p[400];
	const char *sfx[] = {"", "-wal", "-shm"};
	for (int i = 0; i < 3; i++) {
		snprintf(p, sizeof p, "%s%s", fx->path, sfx[i]);
		unlink(p);
	}
	rmdir(fx->dir);
	free(fx);
	return 0;
}

static void
test_sha256_known_vectors(void **state)
{
	(void)state;
	char h[65];
	kz_sha256_hex("", 0, h);
	assert_string_equal(h,
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	kz_sha256_hex("abc", 3, h);
	assert_string_equal(h,
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	const char *m =
	    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	kz_sha256_hex(m, strlen(m), h);
	assert_string_equal(h,
	    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static kz_rc
count_cb(void *ctx, const struct kz_csource *c)
{
	(void)c;
	(*(int *)ctx)++;
	return KZ_OK;
}

static void
test_sources_add_list_record_remove(void **state)
{
	struct fx *fx = *state;
	struct kz_err err;
	struct kz_csource c;
	kz_csource_init(&c);
	c.url = kz_xstrdup("https://news.example/feed.xml");
	c.name = kz_xstrdup("Новости");
	c.kind = KZ_KIND_RSS;
	c.lang = KZ_LANG_RU;
	assert_int_equal(kz_store_csource_add(fx->s, &c, &err), KZ_OK);
	assert_true(c.id > 0);
	int64_t id = c.id;
	c.id = 0;
	assert_int_equal(kz_store_csource_add(fx->s, &c, &err), KZ_EEXIST);
	assert_non_null(strstr(err.msg, "already a source"));
	kz_csource_fini(&c);

	int n = 0;
	assert_int_equal(
	    kz_store_csource_list(fx->s, 0, count_cb, &n, &err), KZ_OK);
	assert_int_equal(n, 1);
	n = 0; /* due now: next_due starts at 0 */
	assert_int_equal(
	    kz_store_csource_list(fx->s, 100, count_cb, &n, &err), KZ_OK);
	assert_int_equal(n, 1);

	struct kz_csource got;
	assert_int_equal(kz_store_csource_get(fx->s, id, &got, &err), KZ_OK);
	assert_string_equal(got.name, "Новости");
	assert_int_equal(got.kind, KZ_KIND_RSS);
	assert_int_equal(got.lang, KZ_LANG_RU);
	got.etag = kz_xstrdup("\"abc\"");
	got.last_status = 200;
	got.last_fetch = 1000;
	got.next_due = 5000;
	got.items_seen = 12;
	assert_int_equal(kz_store_csource_record(fx->s, &got, &err), KZ_OK);
	kz_csource_fini(&got);
	assert_int_equal(kz_store_csource_get(fx->s, id, &got, &err), KZ_OK);
	assert_string_equal(got.etag, "\"abc\"");
	assert_int_equal(got.items_seen, 12);
	kz_csource_fini(&got);
	n = 0; /* not due before 5000 */
	assert_int_equal(
	    kz_store_csource_list(fx->s, 4999, count_cb, &n, &err), KZ_OK);
	assert_int_equal(n, 0);
	assert_int_equal(kz_store_csource_enable(fx->s, id, 0, &err), KZ_OK);
	n = 0;
	assert_int_equal(
	    kz_store_csource_list(fx->s, 9999, count_cb, &n, &err), KZ_OK);
	assert_int_equal(n, 0);
	assert_int_equal(kz_store_csource_remove(fx->s, id, &err), KZ_OK);
	assert_int_equal(
	    kz_store_csource_remove(fx->s, id, &err), KZ_ENOTFOUND);
	assert_int_equal(
	    kz_store_csource_get(fx->s, id, &got, &err), KZ_ENOTFOUND);
}

static void
article(struct kz_article_rec *a, const char *url, const char *title,
    const char *text)
{
	kz_article_rec_init(a);
	a->url = kz_xstrdup(url);
	a->canonical_url = kz_xstrdup(url);
	a->title = kz_xstrdup(title);
	a->text = kz_xstrdup(text);
	a->lang = KZ_LANG_KK;
	kz_article_rec_hash(a);
}

static kz_rc
latest_cb(void *ctx, const struct kz_article_rec *a)
{
	int64_t *ids = ctx;
	ids[++ids[0]] = a->id;
	return KZ_OK;
}

static void
test_articles_stored_once_and_versioned(void **state)
{
	struct fx *fx = *state;
	struct kz_err err;
	enum kz_article_outcome out;
	struct kz_article_rec a, b, c, d;
	article(&a, "https://n.example/1", "Сайт бұғатталды", "Мәтін.");
	assert_int_equal(kz_store_article_put(fx->s, &a, "raw", 3, NULL,
	                     "text/html", &out, &err),
	    KZ_OK);
	assert_int_equal(out, KZ_ARTICLE_NEW);
	/* seen again: nothing added */
	article(&b, "https://n.example/1", "Сайт бұғатталды", "Мәтін.");
	assert_int_equal(
	    kz_store_article_put(fx->s, &b, NULL, 0, NULL, NULL, &out, &err),
	    KZ_OK);
	assert_int_equal(out, KZ_ARTICLE_SAME);
	assert_int_equal(b.id, a.id);
	/* the same content under another URL: nothing added */
	article(&c, "https://mirror.example/x", "Сайт бұғатталды", "Мәтін.");
	assert_int_equal(
	    kz_store_article_put(fx->s, &c, NULL, 0, NULL, NULL, &out, &err),
	    KZ_OK);
	assert_int_equal(out, KZ_ARTICLE_SAME);
	/* changed: a new version, the earlier kept */
	article(
	    &d, "https://n.example/1", "Сайт бұғатталды", "Жаңартылған мәтін.");
	assert_int_equal(kz_store_article_put(fx->s, &d, "raw2", 4, "gzip",
	                     "text/html", &out, &err),
	    KZ_OK);
	assert_int_equal(out, KZ_ARTICLE_CHANGED);
	assert_int_equal(d.previous_id, a.id);
	struct kz_article_rec got;
	assert_int_equal(kz_store_article_get(fx->s, a.id, &got, &err), KZ_OK);
	assert_string_equal(got.text, "Мәтін.");
	assert_int_equal(got.lang, KZ_LANG_KK);
	kz_article_rec_fini(&got);
	int64_t ids[8] = {0};
	assert_int_equal(
	    kz_store_article_list(fx->s, 0, 0, 0, latest_cb, ids, &err), KZ_OK);
	assert_int_equal(ids[0], 1);
	assert_int_equal(ids[1], d.id);
	int64_t n = 0;
	assert_int_equal(
	    kz_store_evidence_prune(fx->s, INT64_MAX, &n, &err), KZ_OK);
	assert_int_equal(n, 2);
	kz_article_rec_fini(&a);
	kz_article_rec_fini(&b);
	kz_article_rec_fini(&c);
	kz_article_rec_fini(&d);
}

static kz_rc
cand_cb(void *ctx, const struct kz_candidate *c)
{
	int64_t *ids = ctx;
	ids[++ids[0]] = c->article_id;
	return KZ_OK;
}

static void
test_models_and_queue(void **state)
{
	struct fx *fx = *state;
	struct kz_err err;
	void *blob;
	size_t len;
	assert_int_equal(kz_store_model_active(fx->s, &blob, &len, NULL, &err),
	    KZ_ENOTFOUND);
	int64_t m1, m2;
	assert_int_equal(kz_store_model_put(fx->s, "logreg", "AAAA", 4, 10,
	                     "{\"macro_f1\":0.5}", &m1, &err),
	    KZ_OK);
	assert_int_equal(
	    kz_store_model_put(fx->s, "svm", "BBBBBB", 6, 20, NULL, &m2, &err),
	    KZ_OK);
	struct kz_model_info info;
	assert_int_equal(
	    kz_store_model_active(fx->s, &blob, &len, &info, &err), KZ_OK);
	assert_int_equal(info.id, m2);
	assert_string_equal(info.algo, "svm");
	assert_int_equal(len, 6);
	assert_memory_equal(blob, "BBBBBB", 6);
	free(blob);
	kz_model_info_fini(&info);

	enum kz_article_outcome out;
	struct kz_article_rec a[3];
	const char *titles[3] = {"Сайт заблокирован", "Погода", "Утечка"};
	for (int i = 0; i < 3; i++) {
		char url[64];
		snprintf(url, sizeof url, "https://n.example/%d", i);
		article(&a[i], url, titles[i], "Текст.");
		assert_int_equal(kz_store_article_put(fx->s, &a[i], NULL, 0,
		                     NULL, NULL, &out, &err),
		    KZ_OK);
	}
	int64_t *ids;
	size_t n;
	assert_int_equal(
	    kz_store_articles_unclassified(fx->s, 0, &ids, &n, &err), KZ_OK);
	assert_int_equal(n, 3);
	free(ids);
	const double rel[3] = {0.9, 0.05, 0.7};
	const char *labels[3] = {"expression", "none", "privacy"};
	for (int i = 0; i < 3; i++) {
		struct kz_candidate c;
		kz_candidate_init(&c);
		c.article_id = a[i].id;
		c.model_id = m2;
		snprintf(c.label, sizeof c.label, "%s", labels[i]);
		c.relevance = rel[i];
		assert_int_equal(
		    kz_store_candidate_put(fx->s, &c, &err), KZ_OK);
	}
	assert_int_equal(
	    kz_store_articles_unclassified(fx->s, 0, &ids, &n, &err), KZ_OK);
	assert_int_equal(n, 0);
	free(ids);
	int64_t got[8] = {0};
	assert_int_equal(kz_store_candidate_list(
	                     fx->s, KZ_CAND_NEW, 0.5, 0, 0, cand_cb, got, &err),
	    KZ_OK);
	assert_int_equal(got[0], 2);
	assert_int_equal(got[1], a[0].id); /* most relevant first */
	assert_int_equal(got[2], a[2].id);
	/* a page past the first, and the count of all */
	memset(got, 0, sizeof got);
	assert_int_equal(kz_store_candidate_list(
	                     fx->s, KZ_CAND_NEW, 0, 1, 1, cand_cb, got, &err),
	    KZ_OK);
	assert_int_equal(got[0], 1);
	assert_int_equal(got[1], a[2].id); /* the second most relevant */
	int64_t total = -1;
	assert_int_equal(
	    kz_store_candidate_count(fx->s, KZ_CAND_NEW, 0, &total, &err),
	    KZ_OK);
	assert_int_equal(total, 3);
	assert_int_equal(
	    kz_store_candidate_count(fx->s, KZ_CAND_NEW, 0.5, &total, &err),
	    KZ_OK);
	assert_int_equal(total, 2);
	assert_int_equal(kz_store_candidate_review(fx->s, a[0].id,
	                     KZ_CAND_DISMISSED, "old news", 0, &err),
	    KZ_OK);
	struct kz_candidate one;
	assert_int_equal(
	    kz_store_candidate_get(fx->s, a[0].id, &one, &err), KZ_OK);
	assert_int_equal(one.status, KZ_CAND_DISMISSED);
	assert_string_equal(one.dismiss_reason, "old news");
	assert_string_equal(one.label, "expression");
	assert_string_equal(one.title, "Сайт заблокирован");
	kz_candidate_fini(&one);
	assert_int_equal(
	    kz_store_candidate_get(fx->s, 999999, &one, &err), KZ_ENOTFOUND);
	memset(got, 0, sizeof got);
	assert_int_equal(kz_store_candidate_list(
	                     fx->s, KZ_CAND_NEW, 0, 0, 0, cand_cb, got, &err),
	    KZ_OK);
	assert_int_equal(got[0], 2);
	assert_int_equal(kz_store_candidate_review(
	                     fx->s, 999999, KZ_CAND_ACCEPTED, NULL, 1, &err),
	    KZ_ENOTFOUND);
	struct kz_candidate bad;
	kz_candidate_init(&bad);
	bad.article_id = a[1].id;
	bad.relevance = 1.5;
	assert_int_equal(kz_store_candidate_put(fx->s, &bad, &err), KZ_EUSAGE);
	for (int i = 0; i < 3; i++)
		kz_article_rec_fini(&a[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sha256_known_vectors),
	    cmocka_unit_test_setup_teardown(
	        test_sources_add_list_record_remove, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_articles_stored_once_and_versioned, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_models_and_queue, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
