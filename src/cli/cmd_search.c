/* kuzet search: full-text search of the archive, best match first. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "kuzet/limits.h"
#include "kuzet/nlp.h"

static const char usage[] =
    "usage: kuzet search QUERY... [--section S] [--status S] [--from DATE]\n"
    "                    [--to DATE] [--lang L] [--limit N] [--json]\n"
    "\n"
    "Search the titles and summaries of incidents in every language, by\n"
    "stems (блокировки finds блокировку, бұғатталды finds бұғаттау), best\n"
    "match first.  All words must match; \"two words\" match as a phrase;\n"
    "word* matches words starting so.  Several QUERY arguments are one\n"
    "query.\n"
    "\n"
    "  --section S      only this section\n"
    "  --status S       only draft, published or rejected (default: any)\n"
    "  --from DATE      event date (else period) on or after DATE\n"
    "  --to DATE        event date (else period) on or before DATE\n"
    "  --lang L         ru, kk or en: match only texts in that language\n"
    "  --limit N        at most N incidents (default: 20)\n"
    "  --json           the array of `incident list --json`, each object\n"
    "                   with \"score\" and \"snippet\" (matches in [ "
    "])\n" KZ_CLI_COMMON_HELP "  -h, --help       show this help\n";

struct search_ctx {
	struct kz_buf *json;
	int lang; /* --lang, else -1 */
	size_t n;
};

static kz_rc
json_hit(struct kz_buf *b, const struct kz_search_hit *hit)
{
	kz_rc rc = kz_render_incident_json(b, hit->inc);
	if (rc != KZ_OK)
		return rc;
	/* Reopen the object for the search fields. */
	b->data[--b->len] = '\0';
	rc = kz_buf_printf(b, ",\"score\":%.6g,\"snippet\":", hit->score);
	if (rc == KZ_OK)
		rc = hit->snippet != NULL
		    ? kz_render_json_str(b, hit->snippet, strlen(hit->snippet))
		    : kz_buf_puts(b, "null");
	if (rc == KZ_OK)
		rc = kz_buf_putc(b, '}');
	return rc;
}

static kz_rc
on_hit(void *vctx, const struct kz_search_hit *hit)
{
	struct search_ctx *c = vctx;
	if (c->json != NULL) {
		kz_rc rc = kz_buf_puts(c->json, c->n ? ",\n" : "\n");
		if (rc == KZ_OK)
			rc = json_hit(c->json, hit);
		c->n++;
		return rc;
	}
	kz_cli_incident_line(hit->inc, c->lang);
	if (hit->snippet != NULL) {
		fputs("       ", stdout);
		kz_cli_print_trunc(hit->snippet, 200);
		putchar('\n');
	}
	c->n++;
	return KZ_OK;
}

static kz_rc
count_tok(void *ctx, const struct kz_token *t)
{
	(void)t;
	++*(size_t *)ctx;
	return KZ_OK;
}

/* Parse the filter options into f; 0, or the usage-error exit status. */
static int
parse_opts(struct kz_cli *cli, int argc, char **argv,
    struct kz_incident_filter *f, const char **section)
{
	static const struct option opts[] = {KZ_CLI_COMMON_OPTS,
	    {"json", no_argument, NULL, KZ_OPT_JSON},
	    {"section", required_argument, NULL, 's'},
	    {"status", required_argument, NULL, 'S'},
	    {"from", required_argument, NULL, 'f'},
	    {"to", required_argument, NULL, 't'},
	    {"lang", required_argument, NULL, 'l'},
	    {"limit", required_argument, NULL, 'n'}, {NULL, 0, NULL, 0}};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (kz_cli_common(cli, c, usage))
			continue;
		enum kz_status st;
		enum kz_lang l;
		switch (c) {
		case KZ_OPT_JSON:
			cli->json = 1;
			break;
		case 's':
			*section = optarg;
			break;
		case 'S':
			if (kz_status_parse(optarg, &st) != 0)
				return kz_cli_usage(
				    cli, "--status: '%s'", optarg);
			f->status = (int)st;
			break;
		case 'f':
		case 't':
			if (kz_date_parse_iso(
			        optarg, c == 'f' ? &f->from : &f->to))
				return kz_cli_usage(cli,
				    "--%s: '%s' is not a date (YYYY-MM-DD)",
				    c == 'f' ? "from" : "to", optarg);
			break;
		case 'l':
			if (kz_lang_parse(optarg, &l) != 0)
				return kz_cli_usage(cli,
				    "--lang: '%s' (want ru, kk or en)", optarg);
			f->lang = (int)l;
			break;
		case 'n':
			f->limit = kz_cli_id(optarg);
			if (f->limit < 0)
				return kz_cli_usage(
				    cli, "--limit: '%s'", optarg);
			break;
		default:
			return kz_cli_usage(cli, "bad option");
		}
	}
	return 0;
}

int
cmd_search(int argc, char **argv)
{
	struct kz_cli cli = {.cmd = "search"};
	struct kz_incident_filter f;
	kz_incident_filter_init(&f);
	f.limit = 20;
	const char *section = NULL;
	int st = parse_opts(&cli, argc, argv, &f, &section);
	if (st != 0)
		return st;
	if (optind == argc)
		return kz_cli_usage(&cli, "what to search for?");
	struct kz_buf q;
	kz_buf_init(&q, KZ_SEARCH_QUERY_MAX_BYTES);
	kz_rc rc = KZ_OK;
	for (int i = optind; i < argc && rc == KZ_OK; i++) {
		if (i > optind)
			rc = kz_buf_putc(&q, ' ');
		if (rc == KZ_OK)
			rc = kz_buf_puts(&q, argv[i]);
	}
	size_t words = 0;
	if (rc == KZ_OK)
		rc = kz_tokenize(q.data, q.len, count_tok, &words);
	if (rc != KZ_OK || words == 0) {
		kz_buf_fini(&q);
		return rc != KZ_OK
		    ? kz_cli_usage(&cli, "the query is over %u bytes",
		          KZ_SEARCH_QUERY_MAX_BYTES)
		    : kz_cli_usage(&cli, "no word to search for");
	}
	f.q = kz_buf_str(&q);
	struct kz_err err = {0};
	rc = kz_cli_open(&cli, 0, &err);
	if (rc == KZ_OK && section != NULL) {
		rc = kz_taxonomy_check(&cli.tax, section, &err);
		f.section = section;
	}
	struct kz_buf json;
	kz_buf_init(&json, KZ_REPORT_MAX_BYTES);
	struct search_ctx ctx = {cli.json ? &json : NULL, f.lang, 0};
	if (rc == KZ_OK && cli.json)
		rc = kz_buf_putc(&json, '[');
	if (rc == KZ_OK)
		rc = kz_store_incident_search(
		    cli.store, &f, "[", "]", on_hit, &ctx, &err);
	if (rc == KZ_OK && cli.json) {
		rc = kz_buf_puts(&json, ctx.n ? "\n]\n" : "]\n");
		if (rc == KZ_OK)
			fwrite(json.data, 1, json.len, stdout);
	}
	if (rc == KZ_ELIMIT && err.msg[0] == '\0')
		kz_fail(&err, rc, "the results are over %u bytes; use --limit",
		    KZ_REPORT_MAX_BYTES);
	kz_buf_fini(&json);
	kz_buf_fini(&q);
	kz_cli_fini(&cli);
	if (rc != KZ_OK)
		return kz_cli_fail(&err);
	return kz_cli_finish(0);
}
