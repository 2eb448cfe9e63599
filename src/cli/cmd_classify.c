/* kuzet classify: label, relevance and reasons of a text or of items. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cls.h"
#include "kuzet/analysis.h"

static const char usage[] =
    "usage: kuzet classify [--model FILE] [--lang L] [--json]\n"
    "                      [TEXT | --file F | < ITEMS.jsonl]\n"
    "\n"
    "Classify a text (an argument or a file) or JSON Lines items on\n"
    "standard input (title, text, lang; one result per line): the label\n"
    "(a section id or none), the relevance (calibrated probability of a\n"
    "digital-rights item), a score per label and the words that weighed\n"
    "most. Without --model, the database's model (kuzet train) classifies,\n"
    "or the built-in keyword lexicon when none was trained.\n"
    "\n"
    "  --model FILE     a model written by kuzet train (default: the\n"
    "                   keyword lexicon)\n"
    "  --file F         classify the text of file F\n"
    "  --lang L         ru, kk or en (default: detected)\n"
    "  --json           print JSON (one object per item)\n"
    "  -h, --help       show this help\n";

enum { OPT_MODEL = 0x200, OPT_FILE, OPT_LANG };

struct run {
	struct kz_model *m;
	struct kz_cls_ctx *ctx;
	const char *names[KZ_CLS_LABELS_MAX];
	int json;
};

static kz_rc
one(struct run *r, const char *id, const char *title, const char *text,
    int lang)
{
	struct kz_cls_result res;
	struct kz_buf b;
	kz_rc rc;

	if (r->m != NULL)
		kz_model_classify(r->m, r->ctx, title, text, lang, 1, &res);
	else
		kz_lexicon_classify(title, text, &res);
	if (r->json) {
		kz_buf_init(&b, 1 << 20);
		rc = kz_cli_cls_result_json(&b, &res, r->names,
		    r->m ? kz_cls_algo_name(kz_model_algo(r->m)) : "lexicon",
		    id);
		if (rc == KZ_OK) {
			fwrite(b.data, 1, b.len, stdout);
			putchar('\n');
		}
		kz_buf_fini(&b);
		return rc;
	}
	if (id != NULL && id[0] != '\0')
		printf("%s\t", id);
	printf("%s\trelevance %.3f\n", r->names[res.label], res.relevance);
	if (id != NULL)
		return KZ_OK;
	printf("scores:");
	for (size_t k = 0; k < res.nlabels; k++)
		printf(" %s %.3f", r->names[k], res.score[k]);
	printf("\nterms:");
	for (size_t i = 0; i < res.nterms; i++)
		printf("%s %s (%.3f)", i ? "," : "", res.terms[i].text,
		    res.terms[i].weight);
	putchar('\n');
	return KZ_OK;
}

int
cmd_classify(int argc, char **argv)
{
	struct kz_cli cli = {.cmd = "classify"};
	static const struct option opts[] = {
	    {"model", required_argument, NULL, OPT_MODEL},
	    {"file", required_argument, NULL, OPT_FILE},
	    {"lang", required_argument, NULL, OPT_LANG},
	    {"json", no_argument, NULL, KZ_OPT_JSON},
	    {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
	const char *model = NULL, *file = NULL;
	struct run r = {0};
	struct kz_err err = {0};
	int c, lang = -1;
	kz_rc rc = KZ_OK;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'h') {
			fputs(usage, stdout);
			return kz_cli_finish(0);
		} else if (c == OPT_MODEL) {
			model = optarg;
		} else if (c == OPT_FILE) {
			file = optarg;
		} else if (c == OPT_LANG) {
			enum kz_lang l;
			if (kz_lang_parse(optarg, &l) != 0)
				return kz_cli_usage(
				    &cli, "--lang takes ru, kk or en");
			lang = (int)l;
		} else if (c == KZ_OPT_JSON) {
			r.json = 1;
		} else {
			return kz_cli_usage(&cli, "bad option");
		}
	}
	if (argc - optind > 1)
		return kz_cli_usage(&cli, "one TEXT at a time (quote it)");
	if (file != NULL && optind < argc)
		return kz_cli_usage(&cli, "TEXT and --file exclude each other");
	if (file == NULL && optind == argc && isatty(0))
		return kz_cli_usage(&cli, "no TEXT, --file or items on stdin");
	/* Without --model: the database's active model when there is a
	 * database and a model in it, else the lexicon. */
	if (model == NULL) {
		char *path = kz_store_resolve(cli.db);
		int exists = access(path, F_OK) == 0;
		free(path);
		void *blob = NULL;
		size_t len = 0;
		if (exists && kz_cli_open(&cli, 0, &err) == KZ_OK &&
		    kz_store_model_active(cli.store, &blob, &len, NULL, &err) ==
		        KZ_OK) {
			rc = kz_model_load(blob, len, &r.m, &err);
			free(blob);
			if (rc != KZ_OK) {
				kz_cli_fini(&cli);
				return kz_cli_fail(&err);
			}
		}
		kz_cli_fini(&cli);
		memset(&err, 0, sizeof err);
	}
	if (model != NULL || r.m != NULL) {
		if (model != NULL) {
			rc = kz_model_read_file(model, &r.m, &err);
			if (rc != KZ_OK)
				return kz_cli_fail(&err);
		}
		r.ctx = kz_cls_ctx_new();
		for (size_t k = 0; k < kz_model_nlabels(r.m); k++)
			r.names[k] = kz_model_label(r.m, k);
	} else {
		size_t k;
		for (k = 0; k < kz_lexicon_nsections(); k++)
			r.names[k] = kz_lexicon_section_id(k);
		r.names[k] = "none";
	}
	if (optind < argc) {
		rc = one(&r, NULL, NULL, argv[optind], lang);
	} else if (file != NULL) {
		char *data;
		size_t len;
		rc = kz_file_read(
		    file, KZ_CLS_TEXT_MAX_BYTES * 64, &data, &len, &err);
		if (rc == KZ_OK) {
			rc = one(&r, NULL, NULL, data, lang);
			free(data);
		}
	} else {
		struct kz_cls_data d;
		struct kz_buf in;
		char chunk[65536];
		size_t got;
		kz_cls_data_init(&d);
		kz_buf_init(&in, KZ_JSONL_FILE_MAX_BYTES);
		while (rc == KZ_OK &&
		    (got = fread(chunk, 1, sizeof chunk, stdin)) > 0)
			rc = kz_buf_append(&in, chunk, got);
		if (rc != KZ_OK)
			(void)kz_fail(&err, rc, "<stdin>: more than %u bytes",
			    KZ_JSONL_FILE_MAX_BYTES);
		if (rc == KZ_OK)
			rc = kz_cls_jsonl_parse(
			    in.data, in.len, "<stdin>", &d, &err);
		for (size_t i = 0; i < d.n && rc == KZ_OK; i++)
			rc = one(&r, d.items[i].id, d.items[i].title,
			    d.items[i].text,
			    d.items[i].lang >= 0 ? d.items[i].lang : lang);
		kz_buf_fini(&in);
		kz_cls_data_fini(&d);
	}
	if (rc != KZ_OK && err.msg[0] == '\0')
		(void)kz_fail(&err, rc, "classify: output too large");
	kz_cls_ctx_free(r.ctx);
	kz_model_free(r.m);
	return rc == KZ_OK ? kz_cli_finish(0) : kz_cli_fail(&err);
}
