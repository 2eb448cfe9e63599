/*
 * Relevance and section classification (src/classify/): labeled data in
 * JSON Lines, hashed features, linear models (logistic regression, linear
 * SVM) with calibrated scores, a versioned binary model format, the
 * cold-start keyword lexicon and evaluation metrics.
 *
 * Labels are indexed 0..nlabels-1: the taxonomy's section ids in taxonomy
 * order, then "none" last.  A model carries its own label names.
 */
#ifndef KUZET_CLASSIFY_H
#define KUZET_CLASSIFY_H

#include <stddef.h>
#include <stdint.h>

#include "kuzet/base.h"
#include "kuzet/incident.h"
#include "kuzet/limits.h"

/* ---- labeled items (JSON Lines) ---- */

/* One labeled (or unlabeled) item.  Owns its strings. */
struct kz_cls_item {
	char *id; /* "" when absent */
	char *title; /* "" when absent */
	char *text; /* "" when absent */
	int lang; /* an enum kz_lang, or -1 when absent (detected later) */
	char label[KZ_SECTION_ID_BYTES]; /* "" when absent */
};

/* A growable list of items; owns them.  Free with kz_cls_data_fini. */
struct kz_cls_data {
	struct kz_cls_item *items;
	size_t n, cap;
};

void kz_cls_data_init(struct kz_cls_data *d);
void kz_cls_data_fini(struct kz_cls_data *d);
/* Append a copy of the strings (title, text may be NULL for ""). */
void kz_cls_data_add(struct kz_cls_data *d, const char *id, const char *title,
    const char *text, int lang, const char *label);

/*
 * Parse JSON Lines p[0..n): one JSON object per non-blank line with string
 * fields id, title, text, lang ("ru", "kk", "en") and label; other fields
 * are checked and ignored.  Strict: a malformed line, a wrong type, invalid
 * UTF-8 or a line past KZ_JSONL_LINE_MAX_BYTES fails with KZ_EPARSE or
 * KZ_ELIMIT and a message "origin:LINE: what".  Appends to *out (which
 * keeps the items of earlier lines when this fails); at most
 * KZ_CLS_ITEMS_MAX items in all.
 */
kz_rc kz_cls_jsonl_parse(const char *p, size_t n, const char *origin,
    struct kz_cls_data *out, struct kz_err *err) KZ_MUST_CHECK;
/* Read a JSON Lines file (capped at KZ_JSONL_FILE_MAX_BYTES) into *out. */
kz_rc kz_cls_jsonl_read(const char *path, struct kz_cls_data *out,
    struct kz_err *err) KZ_MUST_CHECK;

/* ---- sparse feature vectors (the model's input) ---- */

struct kz_feat {
	uint32_t idx; /* bucket, < 2^hash_bits */
	float v;
};

/* ---- models ---- */

enum kz_cls_algo { KZ_ALGO_LOGREG = 0, KZ_ALGO_SVM, KZ_ALGO_COUNT };
/* "logreg", "svm". */
const char *kz_cls_algo_name(enum kz_cls_algo a);
/* 0 on success, -1 if unknown. */
int kz_cls_algo_parse(const char *s, enum kz_cls_algo *out);

struct kz_train_opts {
	enum kz_cls_algo algo;
	uint64_t seed; /* shuffling and the calibration split */
	unsigned hash_bits; /* 0: KZ_CLS_HASH_BITS_DEFAULT */
	double c; /* regularization: svm C, logreg 1/(lambda n); 0: default */
	unsigned epochs; /* 0: default */
	int calibrate; /* hold out 20% to fit Platt scaling (else a = 1) */
};
/* The defaults above, algo logreg, seed 1, calibrate on. */
void kz_train_opts_init(struct kz_train_opts *o);

struct kz_model;

/*
 * Train a model on the items of d whose label is one of the nlabels names
 * in labels (sections then "none"; items with other labels fail with
 * KZ_EPARSE naming the item).  Deterministic given o->seed.  Fails with
 * KZ_EUSAGE when fewer than 2 labels have items.  On success *out is a new
 * model (kz_model_free).
 */
kz_rc kz_model_train(const struct kz_cls_data *d, const char *const *labels,
    size_t nlabels, const struct kz_train_opts *o, struct kz_model **out,
    struct kz_err *err) KZ_MUST_CHECK;
void kz_model_free(struct kz_model *m);

size_t kz_model_nlabels(const struct kz_model *m);
/* Label i's name (borrowed from the model). */
const char *kz_model_label(const struct kz_model *m, size_t i);
enum kz_cls_algo kz_model_algo(const struct kz_model *m);

/*
 * Serialize m as a versioned binary blob (magic "KZMODEL", format version,
 * little-endian, a checksum at the end) appended to out.
 */
kz_rc kz_model_save(const struct kz_model *m, struct kz_buf *out,
    struct kz_err *err) KZ_MUST_CHECK;
/*
 * Load a blob written by kz_model_save.  Strict: wrong magic or version,
 * a bad size, label or checksum, non-finite numbers, or more than
 * KZ_MODEL_MAX_BYTES fail with KZ_EPARSE or KZ_ELIMIT; never reads out of
 * p[0..n).  On success *out is a new model (kz_model_free).
 */
kz_rc kz_model_load(const void *p, size_t n, struct kz_model **out,
    struct kz_err *err) KZ_MUST_CHECK;
/* File helpers over save/load (atomic write: temp file + rename). */
kz_rc kz_model_write_file(const struct kz_model *m, const char *path,
    struct kz_err *err) KZ_MUST_CHECK;
kz_rc kz_model_read_file(
    const char *path, struct kz_model **out, struct kz_err *err) KZ_MUST_CHECK;

/* A term that weighed in a decision: the word (or "w1 w2") as it appeared
 * in the input and its contribution to the chosen label's margin (for
 * "none", to the relevance margin's opposite). */
struct kz_cls_term {
	char text[KZ_CLS_TERM_BYTES];
	double weight;
};

/* The outcome of classifying one item. */
struct kz_cls_result {
	size_t label; /* index of the chosen label */
	double relevance; /* calibrated P(not none), in [0, 1] */
	size_t nlabels;
	double score[KZ_CLS_LABELS_MAX]; /* calibrated P(label), [0, 1] */
	double margin[KZ_CLS_LABELS_MAX]; /* raw linear scores */
	int lang; /* the language used (given or detected) */
	size_t nterms;
	struct kz_cls_term terms[KZ_CLS_TERMS_MAX];
};

/*
 * Per-thread scratch for featurizing and classifying (a stemmer, an
 * accumulator of 2^hash_bits floats).  kz_cls_ctx_free(NULL) is a no-op.
 */
struct kz_cls_ctx;
struct kz_cls_ctx *kz_cls_ctx_new(void);
void kz_cls_ctx_free(struct kz_cls_ctx *c);

/*
 * Classify one item (title and text may be NULL; lang -1 detects it).
 * explain != 0 fills out->terms with the words that weighed most.
 */
void kz_model_classify(const struct kz_model *m, struct kz_cls_ctx *c,
    const char *title, const char *text, int lang, int explain,
    struct kz_cls_result *out);

/* ---- the cold-start lexicon (src/classify/lexicon.c) ---- */

/*
 * The section (an index into the default taxonomy's ids, as
 * kz_lexicon_section_id names them) that a normalized (case-folded) word
 * w[0..n) points to, or -1: ru and kk keyword stems matched as prefixes.
 */
int kz_lexicon_match(const char *w, size_t n);
/* The id of lexicon section i ("expression", ...), NULL past the end. */
const char *kz_lexicon_section_id(size_t i);
/* Number of lexicon sections. */
size_t kz_lexicon_nsections(void);

/*
 * Classify without a model: count keyword hits per section in title and
 * text.  Labels of out are the lexicon's sections then "none" (label
 * names from kz_lexicon_section_id; index nsections is "none").  Terms are
 * the matched words.
 */
void kz_lexicon_classify(
    const char *title, const char *text, struct kz_cls_result *out);

/* ---- evaluation ---- */

/* A confusion matrix: cm[gold * n + predicted]. */
struct kz_cls_metrics {
	size_t n; /* labels; the last one is "none" */
	struct {
		double precision, recall, f1;
		size_t support;
	} per_label[KZ_CLS_LABELS_MAX];
	double macro_f1, accuracy;
	double rel_precision, rel_recall, rel_f1;
	size_t total;
};

/*
 * Metrics of confusion matrix cm (n x n, rows gold, columns predicted,
 * label n-1 is "none"): per-label P/R/F1 (0 when undefined), macro-F1 over
 * all n labels, accuracy, and relevance (any label but the last vs the
 * last) precision, recall and F1.
 */
void
kz_cls_metrics_compute(const size_t *cm, size_t n, struct kz_cls_metrics *out);

/*
 * Evaluate: train on train (opts) and classify test, adding into cm
 * (nlabels x nlabels, zeroed by the caller).  Items of test with an
 * unknown label fail with KZ_EPARSE.
 */
kz_rc
kz_cls_evaluate(const struct kz_cls_data *train, const struct kz_cls_data *test,
    const char *const *labels, size_t nlabels, const struct kz_train_opts *opts,
    size_t *cm, struct kz_err *err) KZ_MUST_CHECK;
/* k-fold cross-validation of d (folds by a seeded shuffle), adding the
 * confusion of every fold into cm. */
kz_rc kz_cls_crossval(const struct kz_cls_data *d, unsigned folds,
    const char *const *labels, size_t nlabels, const struct kz_train_opts *opts,
    size_t *cm, struct kz_err *err) KZ_MUST_CHECK;

#endif
