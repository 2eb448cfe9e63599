/* Shared pieces of the command-line interface. */
#ifndef KUZET_CLI_H
#define KUZET_CLI_H

#include <getopt.h>
#include <stdio.h>

#include "kuzet/app.h"
#include "kuzet/net.h"

/* State every command may need; opened lazily. */
struct kz_cli {
	const char *cmd; /* "import", "incident list", ... for messages */
	const char *db; /* --db, else NULL (KUZET_DB / default) */
	const char *taxonomy; /* --taxonomy, else $KUZET_TAXONOMY, else NULL */
	struct kz_store *store;
	struct kz_taxonomy tax;
	int have_tax;
	int json;
};

/* Long options every command accepts; returned codes are >= 0x100. */
enum { KZ_OPT_DB = 0x100, KZ_OPT_TAXONOMY, KZ_OPT_HELP, KZ_OPT_JSON };
#define KZ_CLI_COMMON_OPTS                                                     \
	{"db", required_argument, NULL, KZ_OPT_DB},                            \
	    {"taxonomy", required_argument, NULL, KZ_OPT_TAXONOMY},            \
	{                                                                      \
		"help", no_argument, NULL, 'h'                                 \
	}

/* The --help lines of the options in KZ_CLI_COMMON_OPTS but --help. */
#define KZ_CLI_COMMON_HELP                                                     \
	"  --db URL         database: sqlite:PATH or PATH (default: "          \
	"$KUZET_DB,\n"                                                         \
	"                   else $XDG_DATA_HOME/kuzet/kuzet.db)\n"             \
	"  --taxonomy FILE  sections file (default: built in; "                \
	"$KUZET_TAXONOMY)\n"

typedef int (*kz_cmd_fn)(int argc, char **argv);

/* Handle a common option: 1 if handled, 0 if not one of them. --help
 * prints usage to stdout and exits 0. */
int kz_cli_common(struct kz_cli *cli, int c, const char *usage);
/* A usage error: message, hint, exit status 2. */
int
kz_cli_usage(const struct kz_cli *cli, const char *fmt, ...) KZ_PRINTF(2, 3);
/* Print "kuzet: error: <msg>" and return the exit status for rc. */
int kz_cli_fail(const struct kz_err *err);
/* Open the store (create != 0 makes a new database when missing). */
kz_rc kz_cli_open(struct kz_cli *cli, int create, struct kz_err *err);
/* Load the taxonomy once. */
kz_rc kz_cli_tax(struct kz_cli *cli, struct kz_err *err);
/* Close what was opened. */
void kz_cli_fini(struct kz_cli *cli);
/* Flush stdout and report a write error (sfeed): the exit status to use. */
int kz_cli_finish(int status);
/* The actor recorded in the audit log: $KUZET_USER, $USER or "cli". */
const char *kz_cli_actor(void);
/* o->user_agent names the contact in $KUZET_CONTACT, if set; 0, or the
 * usage error's exit status (2) for a contact that cannot be sent. */
int kz_cli_user_agent(const struct kz_cli *cli, struct kz_fetch_opts *o);
/* Parse a positive incident id; -1 if not one. */
long long kz_cli_id(const char *s);
/* Write bytes to path atomically (temp file + rename), or to stdout when
 * path is NULL or "-". */
kz_rc kz_cli_write(
    const char *path, const char *data, size_t len, struct kz_err *err);

/* Parse a command's options when it has only the common ones and --json;
 * optind is left at the first argument.  0, or the usage-error exit
 * status. */
int kz_cli_parse_simple(
    struct kz_cli *cli, int argc, char **argv, const char *usage);

/* Print up to max characters of s (UTF-8 aware), "…" if cut. */
void kz_cli_print_trunc(const char *s, size_t max);
/* One incident as a line of `incident list` and `search`: id, sort date
 * ("~" when it is not the event date), section, status, and the title in
 * lang (-1: the first language that has one). */
void kz_cli_incident_line(const struct kz_incident *inc, int lang);

int cmd_analyze(int argc, char **argv);
int cmd_article(int argc, char **argv);
int cmd_classify(int argc, char **argv);
int cmd_collect(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_extract(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_incident(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_parse(int argc, char **argv);
int cmd_queue(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_search(int argc, char **argv);
int cmd_source(int argc, char **argv);
int cmd_train(int argc, char **argv);
int cmd_watch(int argc, char **argv);

#endif
