/* Evaluation: metrics of a confusion matrix, train/test and k-fold runs. */
#include <stdlib.h>
#include <string.h>

#include "classify/cls_int.h"

static double
f1of(double p, double r)
{
	return p + r > 0 ? 2 * p * r / (p + r) : 0;
}

void
kz_cls_metrics_compute(const size_t *cm, size_t n, struct kz_cls_metrics *out)
{
	size_t total = 0, right = 0, rtp = 0, rfp = 0, rfn = 0;
	double sum = 0;

	memset(out, 0, sizeof *out);
	out->n = n;
	for (size_t k = 0; k < n; k++) {
		size_t tp = cm[k * n + k], gold = 0, pred = 0;
		for (size_t j = 0; j < n; j++) {
			gold += cm[k * n + j];
			pred += cm[j * n + k];
		}
		total += gold;
		right += tp;
		out->per_label[k].support = gold;
		out->per_label[k].precision = pred ? (double)tp / pred : 0;
		out->per_label[k].recall = gold ? (double)tp / gold : 0;
		out->per_label[k].f1 =
		    f1of(out->per_label[k].precision, out->per_label[k].recall);
		sum += out->per_label[k].f1;
	}
	/* relevance: any label but the last ("none") */
	for (size_t g = 0; g < n; g++)
		for (size_t p = 0; p < n; p++) {
			int gr = g + 1 < n, pr = p + 1 < n;
			if (gr && pr)
				rtp += cm[g * n + p];
			else if (!gr && pr)
				rfp += cm[g * n + p];
			else if (gr && !pr)
				rfn += cm[g * n + p];
		}
	out->total = total;
	out->macro_f1 = n ? sum / (double)n : 0;
	out->accuracy = total ? (double)right / total : 0;
	out->rel_precision = rtp + rfp ? (double)rtp / (rtp + rfp) : 0;
	out->rel_recall = rtp + rfn ? (double)rtp / (rtp + rfn) : 0;
	out->rel_f1 = f1of(out->rel_precision, out->rel_recall);
}
