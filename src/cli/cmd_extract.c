/* kuzet extract: the article in an HTML page, as JSON. */
#include <stdlib.h>

#include "cli/cli.h"

static const char usage[] =
    "usage: kuzet extract [--url URL] [--json] FILE.html\n"
    "\n"
    "Extract the article from a saved HTML page: its title, publication\n"
    "time, declared language, canonical URL and main text (paragraphs\n"
    "separated by newlines), without navigation, comments or other page\n"
    "furniture. Prints one JSON object {\"title\", \"published\" (RFC 3339\n"
    "UTC), \"lang\", \"text\", \"canonical_url\"}, with null for what the\n"
    "page does not give. A pure filter: no database is opened.\n"
    "\n"
    "  --url URL        the address the page came from, to resolve a\n"
    "                   relative canonical link (default: none)\n"
    "  --json           print JSON (the default and only format)\n"
    "  -h, --help       show this help\n";

enum { OPT_URL = 0x200 };

int
cmd_extract(int argc, char **argv)
{
	struct kz_cli cli = {.cmd = "extract"};
	static const struct option opts[] = {
	    {"url", required_argument, NULL, OPT_URL},
	    {"json", no_argument, NULL, KZ_OPT_JSON},
	    {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
	const char *url = NULL;
	struct kz_err err = {0};
	struct kz_buf out;
	kz_rc rc;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'h') {
			fputs(usage, stdout);
			return kz_cli_finish(0);
		}
		if (c == OPT_URL)
			url = optarg;
		else if (c == KZ_OPT_JSON)
			cli.json = 1;
		else
			return kz_cli_usage(&cli, "bad option");
	}
	if (optind == argc)
		return kz_cli_usage(&cli, "no HTML file given");
	if (argc - optind > 1)
		return kz_cli_usage(&cli, "one HTML file at a time");
	kz_buf_init(&out, (size_t)64 * 1024 * 1024);
	rc = kz_app_extract(argv[optind], url, &out, &err);
	if (rc != KZ_OK) {
		kz_buf_fini(&out);
		return kz_cli_fail(&err);
	}
	fwrite(out.data, 1, out.len, stdout);
	kz_buf_fini(&out);
	return kz_cli_finish(0);
}
