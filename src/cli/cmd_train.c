/* kuzet train: fit the classifier on labeled JSON Lines items. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cls.h"

static const char usage[] =
    "usage: kuzet train --data FILE.jsonl... --model OUT [--algo A]\n"
    "                   [--seed N] [--json]\n"
    "\n"
    "Train the relevance and section classifier on labeled JSON Lines\n"
    "items (title, text, lang, label; label a section id or none) and\n"
    "write the model (a versioned binary file) to OUT. Scores are\n"
    "calibrated on a held-out fifth of the items.\n"
    "\n"
    "  --data FILE      labeled items (repeatable; also as arguments)\n"
    "  --model OUT      where to write the model (required for now)\n"
    "  --algo A         logreg or svm (default: logreg)\n"
    "  --seed N         seed of shuffles and the calibration split\n"
    "                   (default: 1)\n"
    "  --taxonomy FILE  sections file (default: built in; $KUZET_TAXONOMY)\n"
    "  --json           print a JSON summary\n"
    "  -h, --help       show this help\n";

enum { OPT_DATA = 0x200, OPT_MODEL, OPT_ALGO, OPT_SEED };

int
cmd_train(int argc, char **argv)
{
	struct kz_cli cli = {.cmd = "train"};
	static const struct option opts[] = {
	    {"data", required_argument, NULL, OPT_DATA},
	    {"model", required_argument, NULL, OPT_MODEL},
	    {"algo", required_argument, NULL, OPT_ALGO},
	    {"seed", required_argument, NULL, OPT_SEED},
	    {"taxonomy", required_argument, NULL, KZ_OPT_TAXONOMY},
	    {"json", no_argument, NULL, KZ_OPT_JSON},
	    {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
	char **files = NULL;
	size_t nfiles = 0;
	const char *model_path = NULL;
	const char *names[KZ_CLS_LABELS_MAX];
	struct kz_train_opts o;
	struct kz_cls_data d;
	struct kz_model *m = NULL;
	struct kz_err err = {0};
	int c, status = 0;
	char *end;
	kz_rc rc;

	kz_train_opts_init(&o);
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (kz_cli_common(&cli, c, usage))
			continue;
		if (c == OPT_DATA) {
			files =
			    kz_xreallocarray(files, nfiles + 1, sizeof *files);
			files[nfiles++] = optarg;
		} else if (c == OPT_MODEL) {
			model_path = optarg;
		} else if (c == OPT_ALGO) {
			if (kz_cls_algo_parse(optarg, &o.algo) != 0)
				status = kz_cli_usage(
				    &cli, "--algo takes logreg or svm");
		} else if (c == OPT_SEED) {
			o.seed = strtoull(optarg, &end, 10);
			if (*end != '\0' || optarg[0] == '\0')
				status = kz_cli_usage(&cli, "bad --seed");
		} else if (c == KZ_OPT_JSON) {
			cli.json = 1;
		} else {
			status = kz_cli_usage(&cli, "bad option");
		}
		if (status) {
			free(files);
			return status;
		}
	}
	for (int i = optind; i < argc; i++) {
		files = kz_xreallocarray(files, nfiles + 1, sizeof *files);
		files[nfiles++] = argv[i];
	}
	/* HOOK(--from-db): kz_app_training_from_db() appends the archive's
	 * items to d; storing the model in the database (kz_model_save into
	 * a kz_buf, then the store's versioned model table) replaces the
	 * --model requirement. */
	if (nfiles == 0 || model_path == NULL) {
		free(files);
		return kz_cli_usage(
		    &cli, nfiles == 0 ? "no --data given" : "no --model given");
	}
	kz_cls_data_init(&d);
	rc = kz_cli_tax(&cli, &err);
	if (rc == KZ_OK)
		rc = kz_cli_cls_read(files, nfiles, &d, &err);
	size_t nl = kz_cli_cls_labels(&cli, names);
	clock_t t0 = clock();
	if (rc == KZ_OK)
		rc = kz_model_train(&d, names, nl, &o, &m, &err);
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	if (rc == KZ_OK)
		rc = kz_model_write_file(m, model_path, &err);
	if (rc == KZ_OK) {
		if (cli.json) {
			printf("{\"items\":%zu,\"algo\":\"%s\",\"labels\":[",
			    d.n, kz_cls_algo_name(o.algo));
			for (size_t k = 0; k < nl; k++)
				printf("%s\"%s\"", k ? "," : "", names[k]);
			printf("],\"seconds\":%.3f}\n", secs);
		} else {
			printf("trained %s on %zu items in %.2f s: %s\n",
			    kz_cls_algo_name(o.algo), d.n, secs, model_path);
		}
	}
	status = rc == KZ_OK ? 0 : kz_cli_fail(&err);
	kz_model_free(m);
	kz_cls_data_fini(&d);
	free(files);
	kz_cli_fini(&cli);
	return status ? status : kz_cli_finish(0);
}
