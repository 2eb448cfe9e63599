/* kuzet import: monitoring reports into the archive. */
#include "cli/cli.h"

static const char usage[] =
    "usage: kuzet import [--db URL] [--taxonomy FILE] [--json] FILE...\n"
    "\n"
    "Import monitoring reports in Markdown (the shape kuzet's own reports\n"
    "and the NGO's published reports share), or kuzet's own exports: JSON\n"
    "(a list of incidents, one incident or a report, as the incident and\n"
    "report commands and /api/incidents print them) and the report's CSV\n"
    "(also /export.csv), told apart by their first bytes. All files are\n"
    "parsed before anything is stored; an error in any of them stores\n"
    "nothing. Items already in the archive (same normalized source URL and\n"
    "title) are skipped; an item in another language with the same source\n"
    "and section becomes that incident's translation. The database is\n"
    "created if missing.\n"
    "\n" KZ_CLI_COMMON_HELP
    "  --json           print {\"files\",\"items\",\"added\",\"translated\",\n"
    "                   \"skipped\"}\n"
    "  -h, --help       show this help\n";

int
cmd_import(int argc, char **argv)
{
	struct kz_cli cli = {.cmd = "import"};
	int bad = kz_cli_parse_simple(&cli, argc, argv, usage);
	if (bad != 0)
		return bad;
	if (optind == argc)
		return kz_cli_usage(&cli, "no files to import");
	struct kz_err err = {0};
	struct kz_import_stats st = {0};
	kz_rc rc = kz_cli_open(&cli, 1, &err);
	if (rc == KZ_OK)
		rc = kz_app_import(cli.store, &cli.tax,
		    (const char *const *)argv + optind, (size_t)(argc - optind),
		    kz_cli_actor(), &st, &err);
	kz_cli_fini(&cli);
	if (rc != KZ_OK)
		return kz_cli_fail(&err);
	if (cli.json)
		printf("{\"files\":%zu,\"items\":%zu,\"added\":%zu,"
		       "\"translated\":%zu,\"skipped\":%zu}\n",
		    st.files, st.items, st.added, st.translated, st.skipped);
	else
		printf("imported %zu file%s: %zu items, %zu added, %zu "
		       "translations, %zu already present\n",
		    st.files, st.files == 1 ? "" : "s", st.items, st.added,
		    st.translated, st.skipped);
	return kz_cli_finish(0);
}
