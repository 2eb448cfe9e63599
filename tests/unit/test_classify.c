/* Unit tests of src/classify: metrics, the model format, determinism,
 * training on separable vectors, the JSON Lines reader and the lexicon. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify/cls_int.h"

static const char *const labels3[] = {"law", "courts", "none"};

/* Hand-computed: gold rows, predicted columns over law, courts, none.
 *   law:    8 1 1   (support 10)
 *   courts: 2 6 2   (support 10)
 *   none:   0 1 9   (support 10)
 * law P 8/10 R 8/10 F1 .8; courts P 6/8 R 6/10 F1 2*.75*.6/1.35 = .6667;
 * none P 9/12 R 9/10 F1 2*.75*.9/1.65 = .81818; macro (.8+.6667+.8182)/3;
 * accuracy 23/30; relevance: tp 17 (law/courts rows to law/courts cols),
 * fp 1 (none -> courts), fn 3: P 17/18, R 17/20. */
static void
test_metrics_hand_computed(void **state)
{
	(void)state;
	size_t cm[9] = {8, 1, 1, 2, 6, 2, 0, 1, 9};
	struct kz_cls_metrics m;
	kz_cls_metrics_compute(cm, 3, &m);
	assert_true(fabs(m.per_label[0].f1 - 0.8) < 1e-9);
	assert_true(fabs(m.per_label[1].precision - 0.75) < 1e-9);
	assert_true(fabs(m.per_label[1].f1 - 2 * .75 * .6 / 1.35) < 1e-9);
	assert_true(fabs(m.per_label[2].f1 - 2 * .75 * .9 / 1.65) < 1e-9);
	assert_true(
	    fabs(m.macro_f1 -
	        (0.8 + 2 * .75 * .6 / 1.35 + 2 * .75 * .9 / 1.65) / 3) < 1e-9);
	assert_true(fabs(m.accuracy - 23.0 / 30) < 1e-9);
	assert_true(fabs(m.rel_precision - 17.0 / 18) < 1e-9);
	assert_true(fabs(m.rel_recall - 17.0 / 20) < 1e-9);
	assert_int_equal(m.per_label[2].support, 10);
	assert_int_equal(m.total, 30);
}

static void
test_metrics_empty_label_is_zero(void **state)
{
	(void)state;
	size_t cm[4] = {0, 0, 0, 5};
	struct kz_cls_metrics m;
	kz_cls_metrics_compute(cm, 2, &m);
	assert_true(m.per_label[0].f1 == 0);
	assert_true(m.per_label[1].f1 == 1);
	assert_true(m.rel_f1 == 0);
}

/* Three labels, each lighting its own buckets, with some shared noise
 * (counts 2 on the label's words, 1 on the noise). */
static void
make_set(struct cls_set *s, size_t n, uint64_t seed)
{
	cls_set_init(s, 12);
	for (size_t i = 0; i < n; i++) {
		uint32_t f[6];
		int32_t v[6];
		size_t b[CLS_NB] = {0, 4, 6};
		int y = (int)(i % 3);
		for (int j = 0; j < 4; j++) {
			f[j] = (uint32_t)(y * 100 + j +
			    (int)(cls_rand(&seed) % 20));
			v[j] = 2;
		}
		f[4] = (uint32_t)(1000 + cls_rand(&seed) % 50);
		v[4] = 1;
		f[5] = (uint32_t)(2000 + cls_rand(&seed) % 50);
		v[5] = -1;
		cls_set_add(s, f, v, 6, b, y);
	}
}

/* A set keeps whole signed counts in 4 bytes a feature and weighs them
 * when read: sublinear tf, idf, per-block norm; counts saturate at
 * 2^(31 - bits) - 1. */
static void
test_set_packs_counts(void **state)
{
	(void)state;
	struct cls_set s;
	uint32_t f[5] = {7, 4095, 9, 1, 2};
	int32_t v[5] = {1, -3, 1000000, 1, 1};
	size_t b[CLS_NB] = {0, 2, 3};
	float idf[4096];
	struct kz_feat x[5];
	for (size_t j = 0; j < 4096; j++)
		idf[j] = 1;
	idf[4095] = 2;
	cls_set_init(&s, 12);
	cls_set_add(&s, f, v, 5, b, 1);
	assert_int_equal(cls_set_len(&s, 0), 5);
	assert_int_equal(cls_set_get(&s, 0, idf, x), 5);
	assert_int_equal(x[0].idx, 7);
	assert_int_equal(x[1].idx, 4095);
	/* words: 1 and -(1 + ln 3) * idf 2, normalized, times 1/sqrt(2) */
	double a = 1, c = -(1 + log(3.0)) * 2, nn = sqrt(a * a + c * c);
	assert_true(fabs(x[0].v - a / nn * 0.70710678) < 1e-6);
	assert_true(fabs(x[1].v - c / nn * 0.70710678) < 1e-6);
	/* one char feature: its sign times 1/sqrt(2), whatever its count */
	assert_true(fabs(x[2].v - 0.70710678) < 1e-6);
	/* extras: no idf, 1/2 */
	assert_true(fabs(x[3].v - 0.5 / sqrt(2.0)) < 1e-6);
	/* saturation: 10^6 is kept as 2^19 - 1 at 12 bits */
	uint32_t p = cls_set_pack(&s, 9, 1e6f);
	assert_int_equal(p & 4095, 9);
	assert_int_equal(p >> 13, (1u << 19) - 1);
	assert_int_equal((p >> 12) & 1, 0);
	assert_int_equal((cls_set_pack(&s, 9, -2.0f) >> 12) & 1, 1);
	cls_set_fini(&s);
}

static struct kz_model *
train_tiny(enum kz_cls_algo algo, uint64_t seed)
{
	struct kz_train_opts o;
	struct cls_set s;
	struct kz_model *m;
	kz_train_opts_init(&o);
	o.algo = algo;
	o.seed = seed;
	o.hash_bits = 12;
	m = cls_model_new(algo, 12, labels3, 3);
	for (size_t j = 0; j < 4096; j++)
		m->idf[j] = 1;
	make_set(&s, 150, 42);
	cls_train_set(m, &s, &o);
	cls_set_fini(&s);
	return m;
}

static void
test_train_separable(void **state)
{
	(void)state;
	for (int a = 0; a < KZ_ALGO_COUNT; a++) {
		struct kz_model *m = train_tiny((enum kz_cls_algo)a, 7);
		struct cls_set t;
		size_t right = 0;
		make_set(&t, 60, 99);
		for (size_t i = 0; i < t.n; i++) {
			double mg[3];
			size_t n;
			struct kz_cls_result r;
			struct kz_feat x[6];
			n = cls_set_get(&t, i, m->idf, x);
			assert_int_equal(n, 6);
			cls_margins(m, x, n, mg);
			cls_decide(m, mg, &r);
			right += (int)r.label == t.y[i];
			assert_true(r.relevance >= 0 && r.relevance <= 1);
			for (size_t k = 0; k < 3; k++)
				assert_true(r.score[k] >= 0 && r.score[k] <= 1);
		}
		assert_int_equal(right, t.n);
		cls_set_fini(&t);
		kz_model_free(m);
	}
}

static void
test_train_is_deterministic(void **state)
{
	(void)state;
	struct kz_model *a = train_tiny(KZ_ALGO_LOGREG, 5);
	struct kz_model *b = train_tiny(KZ_ALGO_LOGREG, 5);
	struct kz_buf x, y;
	kz_buf_init(&x, KZ_MODEL_MAX_BYTES);
	kz_buf_init(&y, KZ_MODEL_MAX_BYTES);
	assert_int_equal(kz_model_save(a, &x, NULL), KZ_OK);
	assert_int_equal(kz_model_save(b, &y, NULL), KZ_OK);
	assert_int_equal(x.len, y.len);
	assert_memory_equal(x.data, y.data, x.len);
	kz_buf_fini(&x);
	kz_buf_fini(&y);
	kz_model_free(a);
	kz_model_free(b);
}

static void
test_model_round_trip(void **state)
{
	(void)state;
	struct kz_model *m = train_tiny(KZ_ALGO_SVM, 3), *l = NULL;
	struct kz_buf x, y;
	struct kz_err err = {0};
	kz_buf_init(&x, KZ_MODEL_MAX_BYTES);
	kz_buf_init(&y, KZ_MODEL_MAX_BYTES);
	assert_int_equal(kz_model_save(m, &x, NULL), KZ_OK);
	assert_int_equal(kz_model_load(x.data, x.len, &l, &err), KZ_OK);
	assert_int_equal(kz_model_algo(l), KZ_ALGO_SVM);
	assert_int_equal(kz_model_nlabels(l), 3);
	assert_string_equal(kz_model_label(l, 1), "courts");
	assert_int_equal(kz_model_save(l, &y, NULL), KZ_OK);
	assert_memory_equal(x.data, y.data, x.len);
	kz_buf_fini(&x);
	kz_buf_fini(&y);
	kz_model_free(m);
	kz_model_free(l);
}

static void
test_model_load_rejects_corrupted(void **state)
{
	(void)state;
	struct kz_model *m = train_tiny(KZ_ALGO_LOGREG, 3), *l = NULL;
	struct kz_buf x;
	struct kz_err err = {0};
	kz_buf_init(&x, KZ_MODEL_MAX_BYTES);
	assert_int_equal(kz_model_save(m, &x, NULL), KZ_OK);
	/* every truncation */
	for (size_t n = 0; n < x.len; n += 1 + n / 3) {
		assert_int_not_equal(kz_model_load(x.data, n, &l, &err), KZ_OK);
	}
	/* flipped bytes anywhere: the checksum or a field check */
	unsigned char *p = (unsigned char *)x.data;
	for (size_t i = 0; i < x.len; i += 1 + i / 5) {
		p[i] ^= 0x41;
		assert_int_not_equal(
		    kz_model_load(x.data, x.len, &l, &err), KZ_OK);
		p[i] ^= 0x41;
	}
	/* one byte too many */
	assert_int_equal(kz_buf_putc(&x, 0), KZ_OK);
	assert_int_equal(kz_model_load(x.data, x.len, &l, &err), KZ_EPARSE);
	assert_int_equal(kz_model_load("KZMODEL", 8, &l, &err), KZ_EPARSE);
	assert_int_equal(kz_model_load("garbage!", 8, &l, &err), KZ_EPARSE);
	assert_non_null(strstr(err.msg, "model"));
	kz_buf_fini(&x);
	kz_model_free(m);
}

static void
test_jsonl_parses_items(void **state)
{
	(void)state;
	static const char in[] =
	    "{\"id\":\"a\",\"title\":\"T\\u0451\",\"text\":\"x\\ny\","
	    "\"lang\":\"kk\",\"label\":\"law\",\"n\":[1,2.5e3,{\"z\":null}]}\n"
	    "\n"
	    "  {\"text\":\"\\ud83d\\ude00\",\"label\":null}\r\n";
	struct kz_cls_data d;
	struct kz_err err = {0};
	kz_cls_data_init(&d);
	assert_int_equal(
	    kz_cls_jsonl_parse(in, sizeof in - 1, "t.jsonl", &d, &err), KZ_OK);
	assert_int_equal(d.n, 2);
	assert_string_equal(d.items[0].title, "T\xd1\x91");
	assert_string_equal(d.items[0].text, "x\ny");
	assert_int_equal(d.items[0].lang, KZ_LANG_KK);
	assert_string_equal(d.items[0].label, "law");
	assert_string_equal(d.items[1].text, "\xf0\x9f\x98\x80");
	assert_int_equal(d.items[1].lang, -1);
	assert_string_equal(d.items[1].label, "");
	kz_cls_data_fini(&d);
}

static void
test_jsonl_rejects_bad_lines(void **state)
{
	(void)state;
	static const char *const bad[] = {
	    "{\"text\":\"a\"} x",
	    "[1]",
	    "{\"text\":1}",
	    "{\"text\":\"a\",\"text\":\"b\"}",
	    "{\"text\":\"\\ud800\"}",
	    "{\"text\":\"a\\q\"}",
	    "{\"lang\":\"xx\"}",
	    "{\"text\":\"\xff\"}",
	    "{\"a\":01}",
	    "{\"a\":tru}",
	    "{\"text\":\"unterminated}",
	    "{\"a\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]"
	    "]]]]]]]]]]]]]]]]}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct kz_cls_data d;
		struct kz_err err = {0};
		char buf[256];
		int n = snprintf(buf, sizeof buf, "{}\n%s\n", bad[i]);
		kz_cls_data_init(&d);
		assert_int_not_equal(
		    kz_cls_jsonl_parse(buf, (size_t)n, "t.jsonl", &d, &err),
		    KZ_OK);
		assert_non_null(strstr(err.msg, "t.jsonl:2: "));
		kz_cls_data_fini(&d);
	}
}

static void
test_lexicon_cold_start(void **state)
{
	(void)state;
	struct kz_cls_result r;
	kz_lexicon_classify("Суд оштрафовал блогера",
	    "Суд вынес приговор по уголовному делу, адвокат обжалует.", &r);
	assert_string_equal(kz_lexicon_section_id(r.label), "courts");
	assert_true(r.relevance > 0.5);
	assert_true(r.nterms > 0);
	kz_lexicon_classify("Ауа райы болжамы", "Ертең жаңбыр жауады.", &r);
	assert_int_equal(r.label, kz_lexicon_nsections());
	assert_true(r.relevance < 0.5);
	kz_lexicon_classify(NULL, "Дербес деректердің таралып кетуі", &r);
	assert_string_equal(kz_lexicon_section_id(r.label), "privacy");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_metrics_hand_computed),
	    cmocka_unit_test(test_metrics_empty_label_is_zero),
	    cmocka_unit_test(test_set_packs_counts),
	    cmocka_unit_test(test_train_separable),
	    cmocka_unit_test(test_train_is_deterministic),
	    cmocka_unit_test(test_model_round_trip),
	    cmocka_unit_test(test_model_load_rejects_corrupted),
	    cmocka_unit_test(test_jsonl_parses_items),
	    cmocka_unit_test(test_jsonl_rejects_bad_lines),
	    cmocka_unit_test(test_lexicon_cold_start),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
