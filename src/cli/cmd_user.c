/* kuzet user add|list|passwd|rm: who may log in to kuzet serve. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli/cli.h"
#include "kuzet/auth.h"
#include "kuzet/render.h"

static const char usage[] =
    "usage: kuzet user add NAME --role admin|editor|viewer "
    "[--password-stdin]\n"
    "       kuzet user list [--json]\n"
    "       kuzet user passwd NAME [--password-stdin]\n"
    "       kuzet user rm NAME\n"
    "\n"
    "Users of the web app (kuzet serve).  Viewers read; editors also triage,\n"
    "edit and publish; admins also manage users.  Passwords (at least 8\n"
    "characters) are stored as argon2id hashes only.\n"
    "\n"
    "  --role R         admin, editor or viewer\n"
    "  --password-stdin read the password from the first line of stdin\n"
    "                   (default: ask on the terminal, twice)\n"
    "  --json           machine output\n" KZ_CLI_COMMON_HELP
    "  -h, --help       show this help\n";

enum { OPT_ROLE = 0x200, OPT_PWSTDIN };

/* Read one line (no newline) into buf; -1 on EOF or a line too long. */
static int
read_line(FILE *f, char *buf, size_t n)
{
	if (fgets(buf, (int)n, f) == NULL)
		return -1;
	size_t l = strlen(buf);
	if (l > 0 && buf[l - 1] == '\n')
		buf[--l] = '\0';
	else if (!feof(f))
		return -1;
	if (l > 0 && buf[l - 1] == '\r')
		buf[--l] = '\0';
	return 0;
}

static int
prompt(const char *what, char *buf, size_t n)
{
	struct termios t, quiet;
	FILE *tty = fopen("/dev/tty", "r+");
	int rc;

	if (tty == NULL)
		return -1;
	fputs(what, tty);
	fflush(tty);
	int echo_off = tcgetattr(fileno(tty), &t) == 0;
	if (echo_off) {
		quiet = t;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(fileno(tty), TCSAFLUSH, &quiet);
	}
	rc = read_line(tty, buf, n);
	if (echo_off)
		tcsetattr(fileno(tty), TCSAFLUSH, &t);
	fputs("\n", tty);
	fclose(tty);
	return rc;
}

/* The new password: from stdin, or asked twice on the terminal. */
static int
get_password(struct kz_cli *cli, int from_stdin, char *pw, size_t n)
{
	char again[KZ_PASSWORD_MAX + 2];

	if (from_stdin) {
		if (read_line(stdin, pw, n) != 0)
			return kz_cli_usage(cli,
			    "--password-stdin: no password line (or longer "
			    "than "
			    "%d bytes) on stdin",
			    KZ_PASSWORD_MAX);
		return 0;
	}
	if (prompt("Password: ", pw, n) != 0)
		return kz_cli_usage(cli,
		    "no terminal to ask the password on; use --password-stdin");
	if (prompt("Password again: ", again, sizeof again) != 0 ||
	    strcmp(pw, again) != 0) {
		memset(again, 0, sizeof again);
		return kz_cli_usage(cli, "the passwords do not match");
	}
	memset(again, 0, sizeof again);
	return 0;
}

struct list_ctx {
	struct kz_buf *json;
	size_t n;
};

static kz_rc
list_one(void *ctx, const struct kz_user *u)
{
	struct list_ctx *c = ctx;
	char t[32];

	kz_render_time(u->created, t);
	if (c->json == NULL) {
		printf("%-24s %-7s %s  %s\n", u->name, kz_role_name(u->role),
		    u->lang, t);
		c->n++;
		return KZ_OK;
	}
	kz_rc rc =
	    kz_buf_puts(c->json, c->n++ ? ",\n{\"name\":" : "\n{\"name\":");
	if (rc == KZ_OK)
		rc = kz_render_json_str(c->json, u->name, strlen(u->name));
	if (rc == KZ_OK)
		rc = kz_buf_printf(c->json,
		    ",\"role\":\"%s\",\"lang\":\"%s\",\"created\":\"%s\"}",
		    kz_role_name(u->role), u->lang, t);
	return rc;
}

int
cmd_user(int argc, char **argv)
{
	struct kz_cli cli = {.cmd = "user"};
	static const struct option opts[] = {KZ_CLI_COMMON_OPTS,
	    {"json", no_argument, NULL, KZ_OPT_JSON},
	    {"role", required_argument, NULL, OPT_ROLE},
	    {"password-stdin", no_argument, NULL, OPT_PWSTDIN},
	    {NULL, 0, NULL, 0}};
	const char *role = NULL;
	int pw_stdin = 0, c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (kz_cli_common(&cli, c, usage))
			continue;
		switch (c) {
		case KZ_OPT_JSON:
			cli.json = 1;
			break;
		case OPT_ROLE:
			role = optarg;
			break;
		case OPT_PWSTDIN:
			pw_stdin = 1;
			break;
		default:
			return kz_cli_usage(&cli, "bad option");
		}
	}
	if (optind >= argc)
		return kz_cli_usage(
		    &cli, "missing subcommand (add, list, passwd, rm)");
	const char *sub = argv[optind++];
	int want_name = strcmp(sub, "list") != 0;
	if (strcmp(sub, "add") != 0 && strcmp(sub, "list") != 0 &&
	    strcmp(sub, "passwd") != 0 && strcmp(sub, "rm") != 0)
		return kz_cli_usage(&cli, "unknown subcommand '%s'", sub);
	if (want_name && optind + 1 != argc)
		return kz_cli_usage(&cli, "user %s takes one NAME", sub);
	if (!want_name && optind != argc)
		return kz_cli_usage(
		    &cli, "unexpected argument '%s'", argv[optind]);
	enum kz_role r = KZ_ROLE_VIEWER;
	if (strcmp(sub, "add") == 0 &&
	    (role == NULL || kz_role_parse(role, &r) != 0))
		return kz_cli_usage(
		    &cli, "user add needs --role admin, editor or viewer");
	if (strcmp(sub, "add") != 0 && role != NULL)
		return kz_cli_usage(&cli, "--role is for user add");

	char pw[KZ_PASSWORD_MAX + 2];
	if (strcmp(sub, "add") == 0 || strcmp(sub, "passwd") == 0) {
		int st = get_password(&cli, pw_stdin, pw, sizeof pw);
		if (st != 0)
			return st;
	}
	struct kz_err err = {0};
	kz_rc rc = kz_cli_open(&cli, strcmp(sub, "add") == 0, &err);
	struct kz_buf json;
	kz_buf_init(&json, (size_t)64 << 20);
	if (rc == KZ_OK) {
		const char *name = want_name ? argv[optind] : NULL;
		if (strcmp(sub, "add") == 0) {
			rc = kz_app_user_add(cli.store, name, r, pw, &err);
			if (rc == KZ_OK && !cli.json)
				printf("user %s added (%s)\n", name,
				    kz_role_name(r));
		} else if (strcmp(sub, "passwd") == 0) {
			rc = kz_app_user_passwd(cli.store, name, pw, &err);
			if (rc == KZ_OK)
				printf("password of %s changed; their sessions "
				       "ended\n",
				    name);
		} else if (strcmp(sub, "rm") == 0) {
			rc = kz_store_user_remove(cli.store, name, &err);
			if (rc == KZ_OK)
				printf("user %s removed\n", name);
		} else {
			struct list_ctx lc = {cli.json ? &json : NULL, 0};
			if (cli.json)
				rc = kz_buf_putc(&json, '[');
			if (rc == KZ_OK)
				rc = kz_store_user_list(
				    cli.store, list_one, &lc, &err);
			if (rc == KZ_ELIMIT)
				kz_fail(
				    &err, rc, "user list: output too large");
			if (rc == KZ_OK && cli.json) {
				rc = kz_buf_puts(&json, lc.n ? "\n]\n" : "]\n");
				if (rc == KZ_OK)
					fwrite(json.data, 1, json.len, stdout);
			}
		}
	}
	memset(pw, 0, sizeof pw);
	kz_buf_fini(&json);
	kz_cli_fini(&cli);
	if (rc != KZ_OK)
		return kz_cli_fail(&err);
	return kz_cli_finish(0);
}
