/* kuzet article list|show: what collection stored. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "kuzet/collect.h"

static const char usage[] =
    "usage: kuzet article list [--source ID] [--since DATE] [--limit N]\n"
    "                          [--json]\n"
    "       kuzet article show ID [--json]\n"
    "\n"
    "  --source ID      only articles from this source\n"
    "  --since DATE     only articles fetched on or after DATE (YYYY-MM-DD)\n"
    "  --limit N        at most N (default: all), newest first\n"
    "  --json           machine output: id, source, url, canonical_url,\n"
    "                   title, text, lang, published, "
    "fetched\n" KZ_CLI_COMMON_HELP "  -h, --help       show this help\n";

static kz_rc
str_field(struct kz_buf *b, const char *name, const char *v)
{
	kz_rc rc = kz_buf_printf(b, ",\"%s\":", name);
	if (rc == KZ_OK)
		rc = v ? kz_render_json_str(b, v, strlen(v))
		       : kz_buf_puts(b, "null");
	return rc;
}

static kz_rc
time_field(struct kz_buf *b, const char *name, int64_t t)
{
	char s[32];
	kz_render_time(t, s);
	return t ? kz_buf_printf(b, ",\"%s\":\"%s\"", name, s)
	         : kz_buf_printf(b, ",\"%s\":null", name);
}

static kz_rc
json_article(struct kz_buf *b, const struct kz_article_rec *a)
{
	kz_rc rc =
	    kz_buf_printf(b, "{\"id\":%lld,\"source\":", (long long)a->id);
	if (rc == KZ_OK)
		rc = a->source_id
		    ? kz_buf_printf(b, "%lld", (long long)a->source_id)
		    : kz_buf_puts(b, "null");
	if (rc == KZ_OK)
		rc = str_field(b, "url", a->url);
	if (rc == KZ_OK)
		rc = str_field(b, "canonical_url", a->canonical_url);
	if (rc == KZ_OK)
		rc = str_field(b, "title", a->title);
	if (rc == KZ_OK)
		rc = str_field(b, "text", a->text);
	if (rc == KZ_OK)
		rc = str_field(b, "lang",
		    a->lang >= 0 ? kz_lang_code((enum kz_lang)a->lang) : NULL);
	if (rc == KZ_OK)
		rc = time_field(b, "published", a->published);
	if (rc == KZ_OK)
		rc = time_field(b, "fetched", a->fetched);
	if (rc == KZ_OK)
		rc =
		    kz_buf_printf(b, ",\"hash\":\"%s\",\"previous\":", a->hash);
	if (rc == KZ_OK)
		rc = a->previous_id
		    ? kz_buf_printf(b, "%lld}", (long long)a->previous_id)
		    : kz_buf_puts(b, "null}");
	return rc;
}

struct list_ctx {
	struct kz_buf *json;
	size_t n;
};

static kz_rc
row(void *vctx, const struct kz_article_rec *a)
{
	struct list_ctx *l = vctx;
	if (l->json != NULL) {
		kz_rc rc = kz_buf_puts(l->json, l->n++ ? ",\n" : "\n");
		return rc == KZ_OK ? json_article(l->json, a) : rc;
	}
	char t[32];
	kz_render_time(a->published ? a->published : a->fetched, t);
	t[10] = '\0';
	printf("%-6lld %s %-2s ", (long long)a->id, t,
	    a->lang >= 0 ? kz_lang_code((enum kz_lang)a->lang) : "--");
	kz_cli_print_trunc(a->title && a->title[0] ? a->title : a->url, 80);
	putchar('\n');
	l->n++;
	return KZ_OK;
}

int
cmd_article(int argc, char **argv)
{
	struct kz_cli cli = {.cmd = "article"};
	enum { O_SOURCE = 0x300, O_SINCE, O_LIMIT };
	static const struct option opts[] = {KZ_CLI_COMMON_OPTS,
	    {"json", no_argument, NULL, KZ_OPT_JSON},
	    {"source", required_argument, NULL, O_SOURCE},
	    {"since", required_argument, NULL, O_SINCE},
	    {"limit", required_argument, NULL, O_LIMIT}, {NULL, 0, NULL, 0}};
	if (argc < 2)
		return kz_cli_usage(&cli, "which: list or show?");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(usage, stdout);
		return kz_cli_finish(0);
	}
	int show = strcmp(argv[1], "show") == 0;
	if (!show && strcmp(argv[1], "list") != 0)
		return kz_cli_usage(
		    &cli, "unknown article command '%s'", argv[1]);
	int64_t source = 0, since = 0, limit = 0;
	struct kz_date d;
	int ch;
	optind = 1;
	while ((ch = getopt_long(argc - 1, argv + 1, "h", opts, NULL)) != -1) {
		if (kz_cli_common(&cli, ch, usage))
			continue;
		if (ch == KZ_OPT_JSON)
			cli.json = 1;
		else if (ch == O_SOURCE && (source = kz_cli_id(optarg)) < 0)
			return kz_cli_usage(&cli, "--source: '%s'", optarg);
		else if (ch == O_LIMIT && (limit = kz_cli_id(optarg)) < 0)
			return kz_cli_usage(&cli, "--limit: '%s'", optarg);
		else if (ch == O_SINCE) {
			if (kz_date_parse_iso(optarg, &d) != 0)
				return kz_cli_usage(
				    &cli, "--since: '%s'", optarg);
			/* days since the epoch, UTC, without timegm */
			int64_t y = d.y - (d.m <= 2);
			int64_t era = (y >= 0 ? y : y - 399) / 400;
			int64_t yoe = y - era * 400;
			int64_t doy =
			    (153 * (d.m + (d.m > 2 ? -3 : 9)) + 2) / 5 + d.d -
			    1;
			int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
			since = (era * 146097 + doe - 719468) * 86400;
		} else if (ch != O_SOURCE && ch != O_LIMIT)
			return kz_cli_usage(&cli, "bad option");
	}
	optind++; /* past the subcommand */
	struct kz_err err = {0};
	struct kz_buf b;
	kz_buf_init(&b, 256u << 20);
	kz_rc rc;
	if (show) {
		if (optind + 1 != argc || kz_cli_id(argv[optind]) < 0)
			return kz_cli_usage(&cli, "show takes one article ID");
		struct kz_article_rec a;
		rc = kz_cli_open(&cli, 0, &err);
		if (rc == KZ_OK)
			rc = kz_store_article_get(
			    cli.store, kz_cli_id(argv[optind]), &a, &err);
		if (rc == KZ_OK) {
			if (cli.json && json_article(&b, &a) == KZ_OK)
				printf("%s\n", kz_buf_str(&b));
			else if (!cli.json)
				printf("%s\n%s\n\n%s\n", a.title ? a.title : "",
				    a.url, a.text ? a.text : "");
			kz_article_rec_fini(&a);
		}
	} else {
		if (optind != argc)
			return kz_cli_usage(
			    &cli, "unexpected argument '%s'", argv[optind]);
		struct list_ctx l = {cli.json ? &b : NULL, 0};
		rc = kz_cli_open(&cli, 0, &err);
		if (rc == KZ_OK)
			rc = kz_store_article_list(
			    cli.store, source, since, limit, row, &l, &err);
		if (rc == KZ_OK && cli.json)
			printf("[%s%s]\n", kz_buf_str(&b), l.n ? "\n" : "");
	}
	kz_buf_fini(&b);
	kz_cli_fini(&cli);
	return rc == KZ_OK ? kz_cli_finish(0) : kz_cli_fail(&err);
}
