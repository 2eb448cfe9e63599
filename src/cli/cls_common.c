/* Shared pieces of kuzet train, classify and eval. */
#include <string.h>

#include "cli/cls.h"

size_t
kz_cli_cls_labels(const struct kz_cli *cli, const char **names)
{
	size_t n = 0;
	for (size_t i = 0; i < cli->tax.n && n + 1 < KZ_CLS_LABELS_MAX; i++)
		names[n++] = cli->tax.sections[i].id;
	names[n++] = "none";
	return n;
}

kz_rc
kz_cli_cls_read(
    char *const *paths, size_t n, struct kz_cls_data *d, struct kz_err *err)
{
	for (size_t i = 0; i < n; i++) {
		kz_rc rc = kz_cls_jsonl_read(paths[i], d, err);
		if (rc != KZ_OK)
			return rc;
	}
	return KZ_OK;
}

static kz_rc
key(struct kz_buf *b, const char *k)
{
	kz_rc rc = kz_render_json_str(b, k, strlen(k));
	return rc == KZ_OK ? kz_buf_putc(b, ':') : rc;
}

kz_rc
kz_cli_cls_metrics_json(struct kz_buf *b, const struct kz_cls_metrics *m,
    const size_t *cm, const char *const *names)
{
	size_t n = m->n;
	kz_rc rc = kz_buf_printf(b,
	    "{\"macro_f1\":%.4f,\"accuracy\":%.4f,\"items\":%zu,"
	    "\"relevance\":{\"precision\":%.4f,\"recall\":%.4f,\"f1\":%.4f},"
	    "\"per_label\":{",
	    m->macro_f1, m->accuracy, m->total, m->rel_precision, m->rel_recall,
	    m->rel_f1);
	for (size_t k = 0; k < n && rc == KZ_OK; k++) {
		if (k > 0)
			rc = kz_buf_putc(b, ',');
		if (rc == KZ_OK)
			rc = key(b, names[k]);
		if (rc == KZ_OK)
			rc = kz_buf_printf(b,
			    "{\"precision\":%.4f,\"recall\":%.4f,\"f1\":%.4f,"
			    "\"support\":%zu}",
			    m->per_label[k].precision, m->per_label[k].recall,
			    m->per_label[k].f1, m->per_label[k].support);
	}
	if (rc == KZ_OK)
		rc = kz_buf_puts(b, "},\"confusion\":{");
	for (size_t g = 0; g < n && rc == KZ_OK; g++) {
		if (g > 0)
			rc = kz_buf_putc(b, ',');
		if (rc == KZ_OK)
			rc = key(b, names[g]);
		if (rc == KZ_OK)
			rc = kz_buf_putc(b, '{');
		for (size_t p = 0; p < n && rc == KZ_OK; p++) {
			if (p > 0)
				rc = kz_buf_putc(b, ',');
			if (rc == KZ_OK)
				rc = key(b, names[p]);
			if (rc == KZ_OK)
				rc = kz_buf_printf(b, "%zu", cm[g * n + p]);
		}
		if (rc == KZ_OK)
			rc = kz_buf_putc(b, '}');
	}
	if (rc == KZ_OK)
		rc = kz_buf_puts(b, "}}");
	return rc;
}

kz_rc
kz_cli_cls_result_json(struct kz_buf *b, const struct kz_cls_result *r,
    const char *const *names, const char *model, const char *id)
{
	kz_rc rc = kz_buf_putc(b, '{');
	if (rc == KZ_OK && id != NULL) {
		rc = key(b, "id");
		if (rc == KZ_OK)
			rc = kz_render_json_str(b, id, strlen(id));
		if (rc == KZ_OK)
			rc = kz_buf_putc(b, ',');
	}
	if (rc == KZ_OK)
		rc = key(b, "label");
	if (rc == KZ_OK)
		rc = kz_render_json_str(
		    b, names[r->label], strlen(names[r->label]));
	if (rc == KZ_OK)
		rc = kz_buf_printf(b, ",\"relevant\":%s,\"relevance\":%.4f,",
		    r->label + 1 < r->nlabels ? "true" : "false", r->relevance);
	if (rc == KZ_OK)
		rc = key(b, "lang");
	if (rc == KZ_OK)
		rc = r->lang >= 0 ? kz_buf_printf(b, "\"%s\"",
		                        kz_lang_code((enum kz_lang)r->lang))
		                  : kz_buf_puts(b, "null");
	if (rc == KZ_OK)
		rc = kz_buf_puts(b, ",\"model\":");
	if (rc == KZ_OK)
		rc = kz_render_json_str(b, model, strlen(model));
	if (rc == KZ_OK)
		rc = kz_buf_puts(b, ",\"scores\":{");
	for (size_t k = 0; k < r->nlabels && rc == KZ_OK; k++) {
		if (k > 0)
			rc = kz_buf_putc(b, ',');
		if (rc == KZ_OK)
			rc = key(b, names[k]);
		if (rc == KZ_OK)
			rc = kz_buf_printf(b, "%.4f", r->score[k]);
	}
	if (rc == KZ_OK)
		rc = kz_buf_puts(b, "},\"terms\":[");
	for (size_t i = 0; i < r->nterms && rc == KZ_OK; i++) {
		if (i > 0)
			rc = kz_buf_putc(b, ',');
		if (rc == KZ_OK)
			rc = kz_buf_puts(b, "{\"term\":");
		if (rc == KZ_OK)
			rc = kz_render_json_str(
			    b, r->terms[i].text, strlen(r->terms[i].text));
		if (rc == KZ_OK)
			rc = kz_buf_printf(
			    b, ",\"weight\":%.4f}", r->terms[i].weight);
	}
	if (rc == KZ_OK)
		rc = kz_buf_puts(b, "]}");
	return rc;
}
