/* kuzet init: create (or upgrade) the database. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static const char usage[] =
    "usage: kuzet init [--db URL] [--taxonomy FILE] [--json]\n"
    "\n"
    "Create the database, or upgrade an older one in place.\n"
    "\n" KZ_CLI_COMMON_HELP
    "  --json           print {\"db\": PATH, \"incidents\": N}\n"
    "  -h, --help       show this help\n";

int
cmd_init(int argc, char **argv)
{
	struct kz_cli cli = {.cmd = "init"};
	int st = kz_cli_parse_simple(&cli, argc, argv, usage);
	if (st != 0)
		return st;
	if (optind != argc)
		return kz_cli_usage(
		    &cli, "unexpected argument '%s'", argv[optind]);
	struct kz_err err = {0};
	kz_rc rc = kz_cli_open(&cli, 1, &err);
	int64_t n = 0;
	if (rc == KZ_OK)
		rc = kz_store_incident_count(cli.store, &n, &err);
	if (rc != KZ_OK) {
		kz_cli_fini(&cli);
		return kz_cli_fail(&err);
	}
	char *path = kz_store_resolve(cli.db);
	struct kz_buf b;
	kz_buf_init(&b, 1 << 20);
	if (cli.json) {
		rc = kz_buf_puts(&b, "{\"db\":");
		if (rc == KZ_OK)
			rc = kz_render_json_str(&b, path, strlen(path));
		if (rc == KZ_OK)
			rc = kz_buf_printf(
			    &b, ",\"incidents\":%lld}\n", (long long)n);
		if (rc == KZ_OK)
			fputs(kz_buf_str(&b), stdout);
	} else {
		printf(
		    "database %s ready (%lld incidents)\n", path, (long long)n);
	}
	kz_buf_fini(&b);
	free(path);
	kz_cli_fini(&cli);
	return kz_cli_finish(0);
}
