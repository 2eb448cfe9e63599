/* Shared helpers of the command-line interface. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

int
kz_cli_common(struct kz_cli *cli, int c, const char *usage)
{
	switch (c) {
	case KZ_OPT_DB:
		cli->db = optarg;
		return 1;
	case KZ_OPT_TAXONOMY:
		cli->taxonomy = optarg;
		return 1;
	case 'h':
		fputs(usage, stdout);
		exit(kz_cli_finish(0));
	}
	return 0;
}

int
kz_cli_usage(const struct kz_cli *cli, const char *fmt, ...)
{
	va_list ap;
	fputs("kuzet: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'kuzet %s --help'.\n", cli->cmd);
	return 2;
}

int
kz_cli_fail(const struct kz_err *err)
{
	fprintf(stderr, "kuzet: error: %s\n",
	    err->msg[0] ? err->msg : kz_rc_str(err->rc));
	return err->rc == KZ_EUSAGE ? 2 : 1;
}

kz_rc
kz_cli_tax(struct kz_cli *cli, struct kz_err *err)
{
	if (cli->have_tax)
		return KZ_OK;
	const char *path = cli->taxonomy;
	if (path == NULL) {
		path = getenv("KUZET_TAXONOMY");
		if (path != NULL && path[0] == '\0')
			path = NULL;
	}
	kz_rc rc = kz_taxonomy_load(path, &cli->tax, err);
	if (rc == KZ_OK)
		cli->have_tax = 1;
	return rc;
}

kz_rc
kz_cli_open(struct kz_cli *cli, int create, struct kz_err *err)
{
	if (cli->store != NULL)
		return KZ_OK;
	kz_rc rc = kz_cli_tax(cli, err);
	if (rc != KZ_OK)
		return rc;
	return kz_store_open(cli->db, create, &cli->store, err);
}

void
kz_cli_fini(struct kz_cli *cli)
{
	kz_store_close(cli->store);
	cli->store = NULL;
	if (cli->have_tax)
		kz_taxonomy_fini(&cli->tax);
	cli->have_tax = 0;
}

int
kz_cli_finish(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr,
		    "kuzet: error: writing to standard output: %s\n",
		    strerror(errno));
		return 1;
	}
	return status;
}

int
kz_cli_user_agent(const struct kz_cli *cli, struct kz_fetch_opts *o)
{
	static char *ua; /* one command a process: lives until exit */
	const char *c = getenv("KUZET_CONTACT");
	if (c == NULL || c[0] == '\0')
		return 0;
	struct kz_err err = {0};
	free(ua);
	ua = NULL;
	if (kz_fetch_user_agent(c, &ua, &err) != KZ_OK)
		return kz_cli_usage(cli, "KUZET_CONTACT: %s", err.msg);
	o->user_agent = ua;
	return 0;
}

const char *
kz_cli_actor(void)
{
	const char *a = getenv("KUZET_USER");
	if (a == NULL || a[0] == '\0')
		a = getenv("USER");
	if (a == NULL || a[0] == '\0')
		a = "cli";
	return a;
}

long long
kz_cli_id(const char *s)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v <= 0)
		return -1;
	return v;
}

kz_rc
kz_cli_write(const char *path, const char *data, size_t len, struct kz_err *err)
{
	if (path == NULL || strcmp(path, "-") == 0) {
		if (fwrite(data, 1, len, stdout) != len)
			return kz_fail(err, KZ_EIO,
			    "writing to standard output: %s", strerror(errno));
		return KZ_OK;
	}
	char *tmp = kz_xasprintf("%s.tmp.%ld", path, (long)getpid());
	FILE *f = fopen(tmp, "wb");
	if (f == NULL) {
		kz_rc rc = kz_fail(err, KZ_EIO, "%s: cannot create: %s", path,
		    strerror(errno));
		free(tmp);
		return rc;
	}
	int bad = fwrite(data, 1, len, f) != len;
	bad |= fflush(f) != 0;
	bad |= fsync(fileno(f)) != 0;
	int e = errno;
	bad |= fclose(f) != 0;
	if (bad || rename(tmp, path) != 0) {
		if (!bad)
			e = errno;
		unlink(tmp);
		free(tmp);
		return kz_fail(
		    err, KZ_EIO, "%s: cannot write: %s", path, strerror(e));
	}
	free(tmp);
	return KZ_OK;
}

void
kz_cli_print_trunc(const char *s, size_t max)
{
	size_t chars = 0, i = 0, n = strlen(s);
	while (i < n && chars < max) {
		i++;
		while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
		chars++;
	}
	fwrite(s, 1, i, stdout);
	if (i < n)
		fputs("…", stdout);
}

int
kz_cli_parse_simple(
    struct kz_cli *cli, int argc, char **argv, const char *usage)
{
	static const struct option opts[] = {KZ_CLI_COMMON_OPTS,
	    {"json", no_argument, NULL, KZ_OPT_JSON}, {NULL, 0, NULL, 0}};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (kz_cli_common(cli, c, usage))
			continue;
		if (c != KZ_OPT_JSON)
			return kz_cli_usage(cli, "bad option");
		cli->json = 1;
	}
	return 0;
}

void
kz_cli_incident_line(const struct kz_incident *inc, int lang)
{
	char d[11] = "          ";
	struct kz_date sd = kz_incident_sort_date(inc);
	enum kz_lang l =
	    kz_incident_lang(inc, lang >= 0 ? (enum kz_lang)lang : KZ_LANG_RU);

	if (!kz_date_unknown(sd))
		kz_date_format_iso(sd, d);
	printf("%-6lld %s%s %-10s %-9s ", (long long)inc->id, d,
	    kz_date_unknown(inc->occurred_on) ? "~" : " ", inc->section,
	    kz_status_name(inc->status));
	kz_cli_print_trunc(inc->title[l] != NULL ? inc->title[l] : "", 60);
	putchar('\n');
}
