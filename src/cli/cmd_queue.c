/* kuzet queue / kuzet analyze: the review queue of collected articles. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "kuzet/analyze.h"

static const char usage[] =
    "usage: kuzet queue [--status new|accepted|dismissed|all] [--min R]\n"
    "                   [--limit N] [--json]\n"
    "       kuzet queue accept ARTICLE [--section S]\n"
    "       kuzet queue dismiss ARTICLE [--reason TEXT]\n"
    "       kuzet analyze [--limit N] [--again]\n"
    "\n"
    "The queue holds collected articles with their suggested section, their\n"
    "relevance (the chance they are a digital-rights item) and the words\n"
    "that weighed most, most relevant first. analyze classifies articles\n"
    "not yet in the queue (collect does it too) with the trained model, or\n"
    "with the keyword lexicon before any training. accept makes a draft\n"
    "incident from the article; dismiss marks it as not an incident (it\n"
    "then trains as \"none\").\n"
    "\n"
    "  --status S       which candidates (default: new)\n"
    "  --min R          only relevance >= R, 0..1 (default: 0)\n"
    "  --limit N        at most N (default: 50; 0: all)\n"
    "  --section S      accept: the section (default: the suggested one)\n"
    "  --reason TEXT    dismiss: why (default: none)\n"
    "  --again          analyze: also classify anew the candidates waiting\n"
    "                   for review (after kuzet train)\n"
    "  --json           machine output\n" KZ_CLI_COMMON_HELP
    "  -h, --help       show this help\n";

struct ctx {
	struct kz_buf *json;
	size_t n;
};

static kz_rc
row(void *vctx, const struct kz_candidate *c)
{
	struct ctx *x = vctx;
	if (x->json == NULL) {
		printf("%-6lld %4.0f%%  %-10s ", (long long)c->article_id,
		    c->relevance * 100, c->label);
		kz_cli_print_trunc(
		    c->title && c->title[0] ? c->title : c->url, 70);
		printf("\n       why: %s\n", c->reasons ? c->reasons : "[]");
		x->n++;
		return KZ_OK;
	}
	struct kz_buf *b = x->json;
	char t[32];
	kz_render_time(c->published, t);
	kz_rc rc = kz_buf_printf(b,
	    "%s{\"article\":%lld,\"label\":", x->n++ ? ",\n" : "\n",
	    (long long)c->article_id);
	if (rc == KZ_OK) /* the label is data: escape it like any string */
		rc = kz_render_json_str(b, c->label, strlen(c->label));
	if (rc == KZ_OK)
		rc = kz_buf_printf(b,
		    ",\"relevance\":%.4f,\"status\":\"%s\",\"model\":%lld,"
		    "\"scores\":%s,\"why\":%s,\"published\":",
		    c->relevance, kz_cand_status_name(c->status),
		    (long long)c->model_id, c->scores ? c->scores : "{}",
		    c->reasons ? c->reasons : "[]");
	if (rc == KZ_OK)
		rc = c->published ? kz_buf_printf(b, "\"%s\"", t)
		                  : kz_buf_puts(b, "null");
	const char *f[2] = {c->title, c->url};
	const char *names[2] = {",\"title\":", ",\"url\":"};
	for (int i = 0; i < 2 && rc == KZ_OK; i++) {
		rc = kz_buf_puts(b, names[i]);
		if (rc == KZ_OK)
			rc = f[i] ? kz_render_json_str(b, f[i], strlen(f[i]))
			          : kz_buf_puts(b, "null");
	}
	if (rc == KZ_OK)
		rc = kz_buf_printf(
		    b, ",\"incident\":%lld}", (long long)c->incident_id);
	return rc;
}

static int
run(int argc, char **argv, int analyze)
{
	struct kz_cli cli = {.cmd = analyze ? "analyze" : "queue"};
	enum { O_STATUS = 0x300, O_MIN, O_LIMIT, O_SECTION, O_REASON, O_AGAIN };
	static const struct option opts[] = {KZ_CLI_COMMON_OPTS,
	    {"json", no_argument, NULL, KZ_OPT_JSON},
	    {"status", required_argument, NULL, O_STATUS},
	    {"min", required_argument, NULL, O_MIN},
	    {"limit", required_argument, NULL, O_LIMIT},
	    {"section", required_argument, NULL, O_SECTION},
	    {"reason", required_argument, NULL, O_REASON},
	    {"again", no_argument, NULL, O_AGAIN}, {NULL, 0, NULL, 0}};
	int status = KZ_CAND_NEW, ch, again = 0;
	double min = 0;
	long long limit = analyze ? 0 : 50;
	const char *section = NULL, *reason = NULL;
	enum kz_cand_status cs;
	char *end;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (kz_cli_common(&cli, ch, usage))
			continue;
		switch (ch) {
		case KZ_OPT_JSON:
			cli.json = 1;
			break;
		case O_STATUS:
			if (strcmp(optarg, "all") == 0)
				status = -1;
			else if (kz_cand_status_parse(optarg, &cs) == 0)
				status = (int)cs;
			else
				return kz_cli_usage(
				    &cli, "--status: '%s'", optarg);
			break;
		case O_MIN:
			min = strtod(optarg, &end);
			if (*end != '\0' || !(min >= 0 && min <= 1))
				return kz_cli_usage(&cli, "--min: 0..1");
			break;
		case O_LIMIT:
			limit = strcmp(optarg, "0") ? kz_cli_id(optarg) : 0;
			if (limit < 0)
				return kz_cli_usage(
				    &cli, "--limit: '%s'", optarg);
			break;
		case O_SECTION:
			section = optarg;
			break;
		case O_REASON:
			reason = optarg;
			break;
		case O_AGAIN:
			again = 1;
			break;
		default:
			return kz_cli_usage(&cli, "bad option");
		}
	}
	const char *verb = !analyze && optind < argc ? argv[optind] : NULL;
	long long id = -1;
	if (verb != NULL) {
		if (strcmp(verb, "accept") != 0 && strcmp(verb, "dismiss") != 0)
			return kz_cli_usage(
			    &cli, "unknown queue command '%s'", verb);
		if (optind + 2 != argc ||
		    (id = kz_cli_id(argv[optind + 1])) < 0)
			return kz_cli_usage(
			    &cli, "%s takes one article ID", verb);
	} else if (optind != argc) {
		return kz_cli_usage(
		    &cli, "unexpected argument '%s'", argv[optind]);
	}
	struct kz_err err = {0};
	kz_rc rc = kz_cli_open(&cli, 0, &err);
	if (rc == KZ_OK && analyze) {
		size_t n = 0;
		rc = kz_app_analyze(cli.store, limit, again, &n, &err);
		if (rc == KZ_OK)
			printf("classified %zu articles into the queue\n", n);
	} else if (rc == KZ_OK && verb != NULL && verb[0] == 'a') {
		int64_t inc = 0;
		rc = kz_app_candidate_accept(cli.store, &cli.tax, id, section,
		    kz_cli_actor(), &inc, &err);
		if (rc == KZ_OK)
			printf("article %lld became incident %lld (draft)\n",
			    id, (long long)inc);
	} else if (rc == KZ_OK && verb != NULL) {
		rc = kz_store_candidate_review(
		    cli.store, id, KZ_CAND_DISMISSED, reason, 0, &err);
		if (rc == KZ_OK)
			printf("dismissed article %lld\n", id);
	} else if (rc == KZ_OK) {
		struct kz_buf b;
		kz_buf_init(&b, 256u << 20);
		struct ctx x = {cli.json ? &b : NULL, 0};
		rc = kz_store_candidate_list(
		    cli.store, status, min, 0, limit, row, &x, &err);
		if (rc == KZ_OK && cli.json)
			printf("[%s%s]\n", kz_buf_str(&b), x.n ? "\n" : "");
		kz_buf_fini(&b);
	}
	kz_cli_fini(&cli);
	return rc == KZ_OK ? kz_cli_finish(0) : kz_cli_fail(&err);
}

int
cmd_queue(int argc, char **argv)
{
	return run(argc, argv, 0);
}

int
cmd_analyze(int argc, char **argv)
{
	return run(argc, argv, 1);
}
