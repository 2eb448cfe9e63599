/* kuzet serve: the editorial web app and the public pages. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "kuzet/server.h"

static const char usage[] =
    "usage: kuzet serve [--listen ADDR] [--base-url URL] [--threads N]\n"
    "                   [--timeout SECONDS] [--max-body BYTES]\n"
    "                   [--tls-cert FILE --tls-key FILE] [--trust-proxy]\n"
    "                   [--ready-file FILE]\n"
    "\n"
    "Serve the review queue, the incident editor and the report to logged-in\n"
    "users (kuzet user add), and published incidents, the Atom feed, the\n"
    "JSON API and the CSV export to everyone.  Stops on SIGINT or SIGTERM.\n"
    "\n"
    "  --listen ADDR    IPV4:PORT or [IPV6]:PORT (default: 127.0.0.1:8080;\n"
    "                   port 0 picks a free one)\n"
    "  --base-url URL   the site's public URL, for links in the feed\n"
    "                   (default: from each request's Host header)\n"
    "  --threads N      worker threads, 1-64 (default: one per CPU)\n"
    "  --timeout SECONDS  cut off connections idle this long (default: 30)\n"
    "  --max-body BYTES request bodies larger get 413 (default: 1048576)\n"
    "  --tls-cert FILE  serve HTTPS with this PEM certificate ...\n"
    "  --tls-key FILE   ... and this PEM key; cookies get Secure\n"
    "  --trust-proxy    behind a reverse proxy: honour X-Forwarded-Proto\n"
    "                   (Secure cookies) and X-Forwarded-For (throttle)\n"
    "  --ready-file FILE  write the URL served to FILE once "
    "listening\n" KZ_CLI_COMMON_HELP "  -h, --help       show this help\n";

enum {
	OPT_LISTEN = 0x200,
	OPT_BASE,
	OPT_THREADS,
	OPT_TIMEOUT,
	OPT_MAXBODY,
	OPT_CERT,
	OPT_KEY,
	OPT_PROXY,
	OPT_READY
};

static long long
num(const char *s, long long lo, long long hi)
{
	char *end;
	long long v = strtoll(s, &end, 10);
	if (end == s || *end != '\0' || v < lo || v > hi)
		return -1;
	return v;
}

int
cmd_serve(int argc, char **argv)
{
	struct kz_cli cli = {.cmd = "serve"};
	static const struct option opts[] = {KZ_CLI_COMMON_OPTS,
	    {"listen", required_argument, NULL, OPT_LISTEN},
	    {"base-url", required_argument, NULL, OPT_BASE},
	    {"threads", required_argument, NULL, OPT_THREADS},
	    {"timeout", required_argument, NULL, OPT_TIMEOUT},
	    {"max-body", required_argument, NULL, OPT_MAXBODY},
	    {"tls-cert", required_argument, NULL, OPT_CERT},
	    {"tls-key", required_argument, NULL, OPT_KEY},
	    {"trust-proxy", no_argument, NULL, OPT_PROXY},
	    {"ready-file", required_argument, NULL, OPT_READY},
	    {NULL, 0, NULL, 0}};
	struct kz_server_opts o;
	long long v;
	int c;

	kz_server_opts_init(&o);
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (kz_cli_common(&cli, c, usage))
			continue;
		switch (c) {
		case OPT_LISTEN:
			o.listen = optarg;
			break;
		case OPT_BASE:
			if (strncmp(optarg, "http://", 7) != 0 &&
			    strncmp(optarg, "https://", 8) != 0)
				return kz_cli_usage(&cli,
				    "--base-url: '%s' is not an http(s) URL",
				    optarg);
			o.base_url = optarg;
			break;
		case OPT_THREADS:
			if ((v = num(optarg, 1, 64)) < 0)
				return kz_cli_usage(&cli,
				    "--threads: '%s' (want 1-64)", optarg);
			o.threads = (unsigned)v;
			break;
		case OPT_TIMEOUT:
			if ((v = num(optarg, 1, 3600)) < 0)
				return kz_cli_usage(&cli,
				    "--timeout: '%s' (want 1-3600 seconds)",
				    optarg);
			o.timeout_s = (unsigned)v;
			break;
		case OPT_MAXBODY:
			if ((v = num(optarg, 1024, 1LL << 30)) < 0)
				return kz_cli_usage(&cli,
				    "--max-body: '%s' (want 1024-1073741824)",
				    optarg);
			o.body_max = (size_t)v;
			break;
		case OPT_CERT:
			o.tls_cert = optarg;
			break;
		case OPT_KEY:
			o.tls_key = optarg;
			break;
		case OPT_PROXY:
			o.trust_proxy = 1;
			break;
		case OPT_READY:
			o.ready_file = optarg;
			break;
		default:
			return kz_cli_usage(&cli, "bad option");
		}
	}
	if (optind != argc)
		return kz_cli_usage(
		    &cli, "unexpected argument '%s'", argv[optind]);
	struct kz_err err = {0};
	kz_rc rc = kz_cli_tax(&cli, &err);
	if (rc == KZ_OK) {
		o.db = cli.db;
		o.tax = &cli.tax;
		rc = kz_server_run(&o, &err);
	}
	kz_cli_fini(&cli);
	if (rc != KZ_OK)
		return kz_cli_fail(&err);
	return 0;
}
