/* kuzet: dispatch to a subcommand (a sorted table, as redis and kore do). */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static const struct {
	const char *name;
	kz_cmd_fn fn;
	const char *help;
} commands[] = {
    {"analyze", cmd_analyze, "classify collected articles into the queue"},
    {"article", cmd_article, "list and show collected articles"},
    {"classify", cmd_classify, "classify a text or items (label, relevance)"},
    {"collect", cmd_collect, "fetch every due source once"},
    {"eval", cmd_eval, "evaluate the classifier on labeled items"},
    {"extract", cmd_extract, "extract the article from an HTML page"},
    {"import", cmd_import, "import monitoring reports (Markdown)"},
    {"incident", cmd_incident,
        "list, show, add, edit, publish, remove incidents"},
    {"init", cmd_init, "create the database"},
    {"parse", cmd_parse, "parse a feed file offline"},
    {"queue", cmd_queue, "the review queue: list, accept, dismiss"},
    {"report", cmd_report,
        "write the report for a period (md, html, json, csv)"},
    {"search", cmd_search, "full-text search of incidents, best first"},
    {"serve", cmd_serve, "serve the web app and the public pages"},
    {"source", cmd_source, "add, list, remove, enable, disable sources"},
    {"train", cmd_train, "train the classifier on labeled items"},
    {"user", cmd_user, "add, list, change and remove web app users"},
    {"watch", cmd_watch, "collect due sources until stopped"},
};

static void
usage(FILE *f)
{
	fputs("usage: kuzet [--version] [--help] COMMAND [ARGS]\n\n"
	      "kuzet watches for digital-rights incidents and publishes the\n"
	      "bilingual monitoring report.\n\nCommands:\n",
	    f);
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].help);
	fputs("\nEvery command takes --db URL (or KUZET_DB; default "
	      "$XDG_DATA_HOME/kuzet/kuzet.db),\n--taxonomy FILE (or "
	      "KUZET_TAXONOMY) and --help.  See kuzet(1).\n",
	    f);
}

int
main(int argc, char **argv)
{
#ifdef M_TRIM_THRESHOLD
	/* Keep freed heap (up to 64 MB) for reuse instead of handing it back
	 * to the kernel after every response body or page: collecting 1,000
	 * feeds made ~3,800 brk calls, and fresh memory costs a page fault
	 * per 4 KB.  Blocks up to 32 MB come from the heap for the same
	 * reason. */
	mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
	mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
#endif
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	const char *name = argv[1];
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 ||
	    strcmp(name, "help") == 0) {
		usage(stdout);
		return kz_cli_finish(0);
	}
	if (strcmp(name, "--version") == 0) {
		printf("kuzet %s\n", KZ_VERSION);
		return kz_cli_finish(0);
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(name, commands[i].name) == 0)
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "kuzet: error: unknown command '%s'\n", name);
	usage(stderr);
	return 2;
}
