/* kuzet report: the monitoring report for a period. */
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "kuzet/limits.h"

static const char usage[] =
    "usage: kuzet report --from YYYY-MM-DD --to YYYY-MM-DD [--lang ru|kk|en]\n"
    "                    [--format md|html|json|csv] [-o FILE]\n"
    "                    [--status published|draft|rejected|all]\n"
    "                    [--db URL] [--taxonomy FILE]\n"
    "\n"
    "Write the report of incidents whose event date (else report period)\n"
    "falls in the period, by section in taxonomy order. Items with no text\n"
    "in the chosen language are shown in the language they have, marked,\n"
    "and counted on stderr.\n"
    "\n"
    "  --from DATE      first day of the period (required)\n"
    "  --to DATE        last day of the period (required)\n"
    "  --lang L         ru, kk or en (default: ru)\n"
    "  --format F       md, html, json or csv (default: md)\n"
    "  -o, --output F   write to F (atomically) instead of stdout\n"
    "  --status S       which incidents (default: "
    "published)\n" KZ_CLI_COMMON_HELP "  -h, --help       show this help\n";

enum { OPT_FROM = 0x200, OPT_TO, OPT_LANG, OPT_FORMAT, OPT_STATUS };

int
cmd_report(int argc, char **argv)
{
	struct kz_cli cli = {.cmd = "report"};
	static const struct option opts[] = {KZ_CLI_COMMON_OPTS,
	    {"from", required_argument, NULL, OPT_FROM},
	    {"to", required_argument, NULL, OPT_TO},
	    {"lang", required_argument, NULL, OPT_LANG},
	    {"format", required_argument, NULL, OPT_FORMAT},
	    {"status", required_argument, NULL, OPT_STATUS},
	    {"output", required_argument, NULL, 'o'}, {NULL, 0, NULL, 0}};
	struct kz_report_opts ro = {.lang = KZ_LANG_RU};
	enum kz_format fmt = KZ_FMT_MD;
	const char *out = NULL;
	int status = KZ_STATUS_PUBLISHED, have_from = 0, have_to = 0, c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		if (kz_cli_common(&cli, c, usage))
			continue;
		switch (c) {
		case OPT_FROM:
			if (kz_date_parse_iso(optarg, &ro.from) != 0)
				return kz_cli_usage(&cli,
				    "--from: '%s' is not a date (YYYY-MM-DD)",
				    optarg);
			have_from = 1;
			break;
		case OPT_TO:
			if (kz_date_parse_iso(optarg, &ro.to) != 0)
				return kz_cli_usage(&cli,
				    "--to: '%s' is not a date (YYYY-MM-DD)",
				    optarg);
			have_to = 1;
			break;
		case OPT_LANG:
			if (kz_lang_parse(optarg, &ro.lang) != 0)
				return kz_cli_usage(&cli,
				    "--lang: '%s' (want ru, kk or en)", optarg);
			break;
		case OPT_FORMAT:
			if (kz_format_parse(optarg, &fmt) != 0)
				return kz_cli_usage(&cli,
				    "--format: '%s' (want md, html, json or "
				    "csv)",
				    optarg);
			break;
		case OPT_STATUS: {
			enum kz_status st;
			if (strcmp(optarg, "all") == 0)
				status = -1;
			else if (kz_status_parse(optarg, &st) == 0)
				status = (int)st;
			else
				return kz_cli_usage(&cli,
				    "--status: '%s' (want published, draft, "
				    "rejected or all)",
				    optarg);
			break;
		}
		case 'o':
			out = optarg;
			break;
		default:
			return kz_cli_usage(&cli, "bad option");
		}
	}
	if (optind != argc)
		return kz_cli_usage(
		    &cli, "unexpected argument '%s'", argv[optind]);
	if (!have_from || !have_to)
		return kz_cli_usage(&cli, "--from and --to are required");
	if (kz_date_cmp(ro.from, ro.to) > 0)
		return kz_cli_usage(&cli, "--from is after --to");
	struct kz_err err = {0};
	struct kz_buf b;
	kz_buf_init(&b, KZ_REPORT_MAX_BYTES);
	size_t missing = 0, count = 0;
	kz_rc rc = kz_cli_open(&cli, 0, &err);
	if (rc == KZ_OK) {
		ro.tax = &cli.tax;
		ro.generated = (int64_t)time(NULL);
		rc = kz_app_report(
		    cli.store, &ro, fmt, status, &b, &missing, &count, &err);
	}
	if (rc == KZ_OK)
		rc = kz_cli_write(out, b.data ? b.data : "", b.len, &err);
	kz_buf_fini(&b);
	kz_cli_fini(&cli);
	if (rc != KZ_OK)
		return kz_cli_fail(&err);
	if (missing > 0)
		fprintf(stderr,
		    "kuzet: %zu of %zu incidents lack a translation into %s; "
		    "shown in the language they have, marked\n",
		    missing, count, kz_lang_code(ro.lang));
	if (out != NULL)
		fprintf(
		    stderr, "kuzet: wrote %s (%zu incidents)\n", out, count);
	return kz_cli_finish(0);
}
