/* Shared pieces of kuzet train, classify and eval. */
#ifndef KUZET_CLI_CLS_H
#define KUZET_CLI_CLS_H

#include "cli/cli.h"
#include "kuzet/classify.h"
#include "kuzet/render.h"

/* The labels of a new model: the taxonomy's section ids, then "none".
 * names[] points into cli->tax; returns the count. */
size_t kz_cli_cls_labels(const struct kz_cli *cli, const char **names);
/* Append the items of each JSON Lines file in paths[0..n) to d. */
kz_rc kz_cli_cls_read(
    char *const *paths, size_t n, struct kz_cls_data *d, struct kz_err *err);
/* Evaluation metrics as a JSON object (PRODUCT.md's shape) appended to b:
 * macro_f1, accuracy, relevance, per_label, confusion {gold: {pred: n}},
 * items. */
kz_rc kz_cli_cls_metrics_json(struct kz_buf *b, const struct kz_cls_metrics *m,
    const size_t *cm, const char *const *names);
/* One classification as a JSON object appended to b (id may be NULL). */
kz_rc kz_cli_cls_result_json(struct kz_buf *b, const struct kz_cls_result *r,
    const char *const *names, const char *model, const char *id);

#endif
