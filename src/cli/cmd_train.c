/* kuzet train: fit the classifier on labeled JSON Lines items. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cls.h"
#include "kuzet/analyze.h"

static const char usage[] =
    "usage: kuzet train [--data FILE.jsonl]... [--from-db] [--model OUT]\n"
    "                   [--algo A] [--seed N] [--json]\n"
    "\n"
    "Train the relevance and section classifier on labeled JSON Lines\n"
    "items (title, text, lang, label; label a section id or none) and/or\n"
    "the archive (incidents by their section, dismissed candidates as\n"
    "none). The model goes into the database as its new active version\n"
    "(the previous ones are kept), or to the file OUT with --model. Scores\n"
    "are calibrated on a held-out fifth of the items.\n"
    "\n"
    "  --data FILE      labeled items (repeatable; also as arguments)\n"
    "  --from-db        also train on the archive\n"
    "  --model OUT      write the model to OUT instead of the database\n"
    "  --db URL         database (default: $KUZET_DB, else\n"
    "                   $XDG_DATA_HOME/kuzet/kuzet.db)\n"
    "  --algo A         logreg or svm (default: logreg)\n"
    "  --seed N         seed of shuffles and the calibration split\n"
    "                   (default: 1)\n"
    "  --taxonomy FILE  sections file (default: built in; $KUZET_TAXONOMY)\n"
    "  --json           print a JSON summary\n"
    "  -h, --help       show this help\n";

enum { OPT_DATA = 0x200, OPT_MODEL, OPT_ALGO, OPT_SEED, OPT_FROMDB };

int
cmd_train(int argc, char **argv)
{
	struct kz_cli cli = {.cmd = "train"};
	static const struct option opts[] = {
	    {"data", required_argument, NULL, OPT_DATA},
	    {"model", required_argument, NULL, OPT_MODEL},
	    {"algo", required_argument, NULL, OPT_ALGO},
	    {"seed", required_argument, NULL, OPT_SEED},
	    {"from-db", no_argument, NULL, OPT_FROMDB},
	    {"db", required_argument, NULL, KZ_OPT_DB},
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
	int c, status = 0, from_db = 0;
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
		} else if (c == OPT_FROMDB) {
			from_db = 1;
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
	if (nfiles == 0 && !from_db) {
		free(files);
		return kz_cli_usage(&cli, "no --data or --from-db given");
	}
	kz_cls_data_init(&d);
	rc = kz_cli_tax(&cli, &err);
	if (rc == KZ_OK)
		rc = kz_cli_cls_read(files, nfiles, &d, &err);
	if (rc == KZ_OK && (from_db || model_path == NULL))
		rc = kz_cli_open(&cli, 1, &err);
	if (rc == KZ_OK && from_db)
		rc = kz_app_training_from_db(cli.store, &d, &err);
	size_t nl = kz_cli_cls_labels(&cli, names);
	clock_t t0 = clock();
	if (rc == KZ_OK)
		rc = kz_model_train(&d, names, nl, &o, &m, &err);
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	int64_t model_id = 0;
	if (rc == KZ_OK && model_path != NULL) {
		rc = kz_model_write_file(m, model_path, &err);
	} else if (rc == KZ_OK) {
		struct kz_buf blob;
		kz_buf_init(&blob, SIZE_MAX / 2);
		rc = kz_model_save(m, &blob, &err);
		if (rc == KZ_OK)
			rc = kz_store_model_put(cli.store,
			    kz_cls_algo_name(o.algo), blob.data, blob.len,
			    (int64_t)d.n, NULL, &model_id, &err);
		kz_buf_fini(&blob);
	}
	if (rc == KZ_OK) {
		if (cli.json) {
			printf("{\"items\":%zu,\"algo\":\"%s\",\"labels\":[",
			    d.n, kz_cls_algo_name(o.algo));
			for (size_t k = 0; k < nl; k++)
				printf("%s\"%s\"", k ? "," : "", names[k]);
			printf("],\"seconds\":%.3f}\n", secs);
		} else {
			if (model_path != NULL)
				printf(
				    "trained %s on %zu items in %.2f s: %s\n",
				    kz_cls_algo_name(o.algo), d.n, secs,
				    model_path);
			else
				printf("trained %s on %zu items in %.2f s: "
				       "model %lld in the database\n",
				    kz_cls_algo_name(o.algo), d.n, secs,
				    (long long)model_id);
		}
	}
	status = rc == KZ_OK ? 0 : kz_cli_fail(&err);
	kz_model_free(m);
	kz_cls_data_fini(&d);
	free(files);
	kz_cli_fini(&cli);
	return status ? status : kz_cli_finish(0);
}
