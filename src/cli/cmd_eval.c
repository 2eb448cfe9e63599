/* kuzet eval: train and test the classifier, or cross-validate it. */
#include <stdlib.h>
#include <string.h>

#include "cli/cls.h"

static const char usage[] =
    "usage: kuzet eval --train A.jsonl --test B.jsonl [--algo A] [--json]\n"
    "       kuzet eval --data A.jsonl [--folds K] [--algo A] [--json]\n"
    "\n"
    "Train the classifier on labeled JSON Lines items (title, text, lang,\n"
    "label) and measure it on others, or by K-fold cross-validation:\n"
    "per-label precision, recall, F1 and support, macro-F1, accuracy,\n"
    "relevance (any section vs none) and the confusion matrix (rows gold,\n"
    "columns predicted). No database is opened.\n"
    "\n"
    "  --train FILE     training items (repeatable)\n"
    "  --test FILE      test items (repeatable)\n"
    "  --data FILE      items for cross-validation (repeatable)\n"
    "  --folds K        folds of cross-validation (default: 5)\n"
    "  --algo A         logreg, svm or all (default: logreg)\n"
    "  --seed N         seed of shuffles and splits (default: 1)\n"
    "  --taxonomy FILE  sections file (default: built in; $KUZET_TAXONOMY)\n"
    "  --json           print JSON\n"
    "  -h, --help       show this help\n";

enum { OPT_TRAIN = 0x200, OPT_TEST, OPT_DATA, OPT_FOLDS, OPT_ALGO, OPT_SEED };

static void
print_table(const struct kz_cls_metrics *m, const size_t *cm,
    const char *const *names, const char *algo)
{
	size_t n = m->n;
	printf("%s: macro-F1 %.3f  accuracy %.3f  relevance P %.3f R %.3f "
	       "F1 %.3f  (%zu items)\n\n",
	    algo, m->macro_f1, m->accuracy, m->rel_precision, m->rel_recall,
	    m->rel_f1, m->total);
	printf("%-12s %9s %9s %9s %9s\n", "label", "precision", "recall", "f1",
	    "support");
	for (size_t k = 0; k < n; k++)
		printf("%-12s %9.3f %9.3f %9.3f %9zu\n", names[k],
		    m->per_label[k].precision, m->per_label[k].recall,
		    m->per_label[k].f1, m->per_label[k].support);
	printf("\nconfusion (rows gold, columns predicted)\n%-12s", "");
	for (size_t p = 0; p < n; p++)
		printf(" %6.6s", names[p]);
	putchar('\n');
	for (size_t g = 0; g < n; g++) {
		printf("%-12s", names[g]);
		for (size_t p = 0; p < n; p++)
			printf(" %6zu", cm[g * n + p]);
		putchar('\n');
	}
}

struct files {
	char **v;
	size_t n;
};

static void
add(struct files *f, char *s)
{
	f->v = kz_xreallocarray(f->v, f->n + 1, sizeof *f->v);
	f->v[f->n++] = s;
}

int
cmd_eval(int argc, char **argv)
{
	struct kz_cli cli = {.cmd = "eval"};
	static const struct option opts[] = {
	    {"train", required_argument, NULL, OPT_TRAIN},
	    {"test", required_argument, NULL, OPT_TEST},
	    {"data", required_argument, NULL, OPT_DATA},
	    {"folds", required_argument, NULL, OPT_FOLDS},
	    {"algo", required_argument, NULL, OPT_ALGO},
	    {"seed", required_argument, NULL, OPT_SEED},
	    {"taxonomy", required_argument, NULL, KZ_OPT_TAXONOMY},
	    {"json", no_argument, NULL, KZ_OPT_JSON},
	    {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
	struct files tr = {0}, te = {0}, da = {0};
	struct kz_cls_data dtr, dte, dda;
	struct kz_train_opts o;
	struct kz_err err = {0};
	struct kz_buf out;
	const char *names[KZ_CLS_LABELS_MAX];
	int c, all = 0, status = 0;
	long folds = 5;
	char *end;
	kz_rc rc = KZ_OK;

	kz_train_opts_init(&o);
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (kz_cli_common(&cli, c, usage))
			continue;
		switch (c) {
		case OPT_TRAIN:
			add(&tr, optarg);
			break;
		case OPT_TEST:
			add(&te, optarg);
			break;
		case OPT_DATA:
			add(&da, optarg);
			break;
		case OPT_FOLDS:
			folds = strtol(optarg, &end, 10);
			if (*end != '\0' || folds < 2 || folds > 100)
				status =
				    kz_cli_usage(&cli, "--folds takes 2..100");
			break;
		case OPT_ALGO:
			if (strcmp(optarg, "all") == 0)
				all = 1;
			else if (kz_cls_algo_parse(optarg, &o.algo) != 0)
				status = kz_cli_usage(
				    &cli, "--algo takes logreg, svm or all");
			break;
		case OPT_SEED:
			o.seed = strtoull(optarg, &end, 10);
			if (*end != '\0' || optarg[0] == '\0')
				status = kz_cli_usage(&cli, "bad --seed");
			break;
		case KZ_OPT_JSON:
			cli.json = 1;
			break;
		default:
			status = kz_cli_usage(&cli, "bad option");
		}
		if (status)
			goto done;
	}
	if (optind != argc)
		status = kz_cli_usage(
		    &cli, "unexpected argument '%s'", argv[optind]);
	else if (da.n == 0 && (tr.n == 0 || te.n == 0))
		status = kz_cli_usage(
		    &cli, "give --train and --test, or --data (with --folds)");
	else if (da.n > 0 && (tr.n > 0 || te.n > 0))
		status = kz_cli_usage(&cli, "--data excludes --train/--test");
	if (status)
		goto done;

	kz_cls_data_init(&dtr);
	kz_cls_data_init(&dte);
	kz_cls_data_init(&dda);
	kz_buf_init(&out, (size_t)16 * 1024 * 1024);
	rc = kz_cli_tax(&cli, &err);
	if (rc == KZ_OK)
		rc = kz_cli_cls_read(tr.v, tr.n, &dtr, &err);
	if (rc == KZ_OK)
		rc = kz_cli_cls_read(te.v, te.n, &dte, &err);
	if (rc == KZ_OK)
		rc = kz_cli_cls_read(da.v, da.n, &dda, &err);
	size_t nl = kz_cli_cls_labels(&cli, names);
	int first = 1;
	if (rc == KZ_OK && cli.json && all)
		rc = kz_buf_puts(&out, "{\"algos\":{");
	for (int a = 0; a < KZ_ALGO_COUNT && rc == KZ_OK; a++) {
		size_t *cm;
		struct kz_cls_metrics m;
		if (all)
			o.algo = (enum kz_cls_algo)a;
		else if (a > 0)
			break;
		cm = kz_xcalloc(nl * nl, sizeof *cm);
		rc = da.n
		    ? kz_cls_crossval(
		          &dda, (unsigned)folds, names, nl, &o, cm, &err)
		    : kz_cls_evaluate(&dtr, &dte, names, nl, &o, cm, &err);
		if (rc == KZ_OK) {
			kz_cls_metrics_compute(cm, nl, &m);
			if (!cli.json) {
				if (!first)
					putchar('\n');
				print_table(
				    &m, cm, names, kz_cls_algo_name(o.algo));
			} else {
				if (all) {
					if (!first)
						rc = kz_buf_putc(&out, ',');
					if (rc == KZ_OK)
						rc = kz_buf_printf(&out,
						    "\"%s\":",
						    kz_cls_algo_name(o.algo));
				}
				if (rc == KZ_OK)
					rc = kz_cli_cls_metrics_json(
					    &out, &m, cm, names);
				/* the first algo's numbers at the top too */
				if (rc == KZ_OK && !all)
					rc = kz_buf_putc(&out, '\n');
			}
		}
		first = 0;
		free(cm);
	}
	if (rc == KZ_OK && cli.json && all)
		rc = kz_buf_puts(&out, "}}\n");
	if (rc != KZ_OK && err.msg[0] == '\0')
		(void)kz_fail(&err, rc, "eval: output too large");
	if (rc == KZ_OK && out.len > 0)
		fwrite(out.data, 1, out.len, stdout);
	status = rc == KZ_OK ? 0 : kz_cli_fail(&err);
	kz_buf_fini(&out);
	kz_cls_data_fini(&dtr);
	kz_cls_data_fini(&dte);
	kz_cls_data_fini(&dda);
done:
	free(tr.v);
	free(te.v);
	free(da.v);
	kz_cli_fini(&cli);
	return status ? status : kz_cli_finish(0);
}
