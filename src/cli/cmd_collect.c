/* kuzet collect / kuzet watch: fetch the due sources. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "kuzet/limits.h"
#include "kuzet/analyze.h"
#include "kuzet/pipeline.h"

static const char usage[] =
    "usage: kuzet collect [--jobs N] [--delay MS] [--all] [--source ID]\n"
    "                     [--no-pages] [--no-analyze] [--allow-file]\n"
    "                     [--keep-evidence DAYS] [--resolve H:P:A] [--json]\n"
    "       kuzet watch   [--jobs N] [--delay MS] [--no-pages] [--no-analyze]\n"
    "                     [--allow-file] [--keep-evidence DAYS]\n"
    "                     [--resolve H:P:A]\n"
    "\n"
    "collect fetches every due source once; watch collects due sources until\n"
    "SIGINT or SIGTERM, then abandons transfers in flight and exits, with\n"
    "everything stored so far kept. One failing source never stops others.\n"
    "\n"
    "  --jobs N         transfers at once (default: 8; at most 2 per host)\n"
    "  --delay MS       pause between requests to one host (default: 1000)\n"
    "  --all            collect: every enabled source, due or not\n"
    "  --source ID      collect: only this source, due or not\n"
    "  --no-pages       do not fetch article pages for teaser-only items\n"
    "  --no-analyze     do not classify new articles into the review queue\n"
    "  --allow-file     allow file:// sources (offline use)\n"
    "  --keep-evidence DAYS  keep raw bodies this long (default: 365;\n"
    "                   0: forever)\n"
    "  --resolve HOST:PORT:ADDR  connect to ADDR for HOST:PORT, as curl\n"
    "                   --resolve (a site's own server when its name is\n"
    "                   blocked or tampered with); repeatable, up to 256\n"
    "  --json           collect: print a summary object\n" KZ_CLI_COMMON_HELP
    "  -h, --help       show this help\n"
    "\n"
    "Requests say User-Agent: kuzet/VERSION (digital-rights monitoring);\n"
    "set KUZET_CONTACT to a URL or e-mail address where site owners can\n"
    "reach you, and it is added as \"; +CONTACT\". Politeness: at most 2\n"
    "requests at once per host, --delay or the host's robots.txt\n"
    "Crawl-delay (up to 60 s) between them, robots.txt for article pages\n"
    "(also on each host a page redirects to), and Retry-After on 429/503\n"
    "honoured (up to 24 h; the source is not collected again before it).\n";

static volatile sig_atomic_t stop_flag;

static void
on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}

struct progress {
	int tty;
	int quiet;
};

static void
report(void *ctx, const struct kz_source_report *r, size_t done, size_t total)
{
	struct progress *p = ctx;
	if (p->quiet)
		return;
	if (p->tty) {
		int width = 30, fill = total ? (int)(done * 30 / total) : 30;
		fprintf(stderr, "\r[%.*s%*s] %zu/%zu sources", fill,
		    "##############################", width - fill, "", done,
		    total);
		if (done == total)
			fputc('\n', stderr);
		return;
	}
	if (r->rc != KZ_OK)
		printf("source %lld: error: %s\n", (long long)r->source->id,
		    r->error ? r->error : kz_rc_str(r->rc));
	else
		printf("source %lld: %ld%s, %zu items, %zu new, %zu changed, "
		       "%ld ms  %s\n",
		    (long long)r->source->id, r->status,
		    r->not_modified ? " not modified" : "", r->entries,
		    r->added, r->changed, r->elapsed_ms, r->source->url);
	fflush(stdout);
}

/* 1 if s is HOST:PORT:ADDRESS (curl's --resolve form: a port 1..65535
 * and an IPv4 or [IPv6] address, or several separated by commas). */
static int
resolve_ok(const char *s)
{
	const char *c1 = strchr(s, ':'), *c2;
	char *end;
	long port;

	if (c1 == NULL || c1 == s)
		return 0;
	for (const char *h = s; h < c1; h++)
		if (!((*h >= 'a' && *h <= 'z') || (*h >= 'A' && *h <= 'Z') ||
		        (*h >= '0' && *h <= '9') || *h == '.' || *h == '-' ||
		        *h == '_'))
			return 0;
	port = strtol(c1 + 1, &end, 10);
	c2 = end;
	if (c2 == c1 + 1 || *c2 != ':' || port < 1 || port > 65535)
		return 0;
	c2++;
	if (*c2 == '\0')
		return 0;
	for (; *c2 != '\0'; c2++)
		if (strchr("0123456789abcdefABCDEF.:[],", *c2) == NULL)
			return 0;
	return 1;
}

static int
run(int argc, char **argv, int watch)
{
	struct kz_cli cli = {.cmd = watch ? "watch" : "collect"};
	enum {
		O_JOBS = 0x300,
		O_DELAY,
		O_ALL,
		O_SOURCE,
		O_NOPAGES,
		O_NOANALYZE,
		O_FILE,
		O_KEEP,
		O_RESOLVE
	};
	static const struct option opts[] = {KZ_CLI_COMMON_OPTS,
	    {"json", no_argument, NULL, KZ_OPT_JSON},
	    {"jobs", required_argument, NULL, O_JOBS},
	    {"delay", required_argument, NULL, O_DELAY},
	    {"all", no_argument, NULL, O_ALL},
	    {"source", required_argument, NULL, O_SOURCE},
	    {"no-pages", no_argument, NULL, O_NOPAGES},
	    {"no-analyze", no_argument, NULL, O_NOANALYZE},
	    {"allow-file", no_argument, NULL, O_FILE},
	    {"keep-evidence", required_argument, NULL, O_KEEP},
	    {"resolve", required_argument, NULL, O_RESOLVE},
	    {NULL, 0, NULL, 0}};
	const char *resolve[KZ_RESOLVE_MAX + 1] = {NULL};
	size_t nresolve = 0;
	struct kz_collect_opts o;
	kz_collect_opts_init(&o);
	int ch, analyze = 1;
	size_t classified = 0;
	long long v;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (kz_cli_common(&cli, ch, usage))
			continue;
		switch (ch) {
		case KZ_OPT_JSON:
			cli.json = 1;
			break;
		case O_JOBS:
			v = kz_cli_id(optarg);
			if (v < 1 || v > 256)
				return kz_cli_usage(&cli, "--jobs: 1..256");
			o.fetch.jobs = (unsigned)v;
			break;
		case O_DELAY:
			v = strcmp(optarg, "0") == 0 ? 0 : kz_cli_id(optarg);
			if (v < 0 || v > 600000)
				return kz_cli_usage(
				    &cli, "--delay: 0..600000 ms");
			o.fetch.host_delay_ms = (long)v;
			break;
		case O_ALL:
			o.all = 1;
			break;
		case O_SOURCE:
			if ((o.only_source = kz_cli_id(optarg)) < 0)
				return kz_cli_usage(
				    &cli, "--source: '%s'", optarg);
			break;
		case O_NOANALYZE:
			analyze = 0;
			break;
		case O_NOPAGES:
			o.fetch_pages = 0;
			break;
		case O_FILE:
			o.fetch.allow_file = 1;
			break;
		case O_KEEP:
			v = strcmp(optarg, "0") == 0 ? 0 : kz_cli_id(optarg);
			if (v < 0)
				return kz_cli_usage(
				    &cli, "--keep-evidence: '%s'", optarg);
			o.evidence_days = v;
			break;
		case O_RESOLVE:
			if (!resolve_ok(optarg))
				return kz_cli_usage(&cli,
				    "--resolve: '%s' is not HOST:PORT:ADDRESS",
				    optarg);
			if (nresolve == KZ_RESOLVE_MAX)
				return kz_cli_usage(&cli,
				    "--resolve: at most %u", KZ_RESOLVE_MAX);
			resolve[nresolve++] = optarg;
			o.fetch.resolve = resolve;
			break;
		default:
			return kz_cli_usage(&cli, "bad option");
		}
	}
	if (optind != argc)
		return kz_cli_usage(
		    &cli, "unexpected argument '%s'", argv[optind]);
	int ua_st = kz_cli_user_agent(&cli, &o.fetch);
	if (ua_st != 0)
		return ua_st;
	struct progress p = {isatty(STDERR_FILENO) && !cli.json, cli.json};
	o.report = report;
	o.report_ctx = &p;
	o.stop = &stop_flag;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	struct kz_err err = {0};
	struct kz_collect_stats st = {0};
	kz_rc rc = kz_cli_open(&cli, 0, &err);
	while (rc == KZ_OK) {
		rc = kz_app_collect(cli.store, &o, &st, &err);
		if (rc == KZ_OK && analyze) {
			size_t n = 0;
			rc = kz_app_analyze(cli.store, 0, 0, &n, &err);
			classified += n;
		}
		if (!watch || stop_flag || rc != KZ_OK)
			break;
		/* sleep until something is due, checking the flag */
		for (int i = 0; i < 30 && !stop_flag; i++)
			sleep(1);
		if (stop_flag)
			break;
	}
	kz_cli_fini(&cli);
	if (rc != KZ_OK)
		return kz_cli_fail(&err);
	if (cli.json)
		printf("{\"sources\":%zu,\"failed\":%zu,\"not_modified\":%zu,"
		       "\"fetches\":%zu,\"entries\":%zu,\"added\":%zu,"
		       "\"changed\":%zu,\"same\":%zu,\"evidence_pruned\":%lld,"
		       "\"classified\":%zu,\"interrupted\":%s}\n",
		    st.sources, st.failed, st.not_modified, st.fetches,
		    st.entries, st.added, st.changed, st.same,
		    (long long)st.evidence_pruned, classified,
		    st.cancelled || stop_flag ? "true" : "false");
	else if (!watch)
		fprintf(stderr,
		    "kuzet: %zu sources (%zu failed, %zu not modified), %zu "
		    "new "
		    "articles, %zu changed\n",
		    st.sources, st.failed, st.not_modified, st.added,
		    st.changed);
	return kz_cli_finish(0);
}

int
cmd_collect(int argc, char **argv)
{
	return run(argc, argv, 0);
}

int
cmd_watch(int argc, char **argv)
{
	return run(argc, argv, 1);
}
