/* kuzet source add|list|rm|enable|disable: what kuzet watches. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "kuzet/feed.h"
#include "kuzet/limits.h"
#include "kuzet/pipeline.h"

static const char usage[] =
    "usage: kuzet source add URL [--kind K] [--name N] [--lang L]\n"
    "                        [--every DURATION] [--no-detect] [--json]\n"
    "       kuzet source import FILE [--kind K] [--lang L] [--every DURATION]\n"
    "                           [--json]\n"
    "       kuzet source list [--json]\n"
    "       kuzet source rm ID...\n"
    "       kuzet source enable ID...\n"
    "       kuzet source disable ID...\n"
    "\n"
    "  --kind K         auto, rss, atom, jsonfeed, html or telegram\n"
    "                   (default: auto: detected with one fetch, following\n"
    "                   a page's <link rel=alternate> to its feed)\n"
    "  --name N         a name to show (default: none)\n"
    "  --lang L         ru, kk or en, when the source does not say\n"
    "  --every DURATION how often to collect: 90s, 30m, 6h, 1d\n"
    "                   (default: 30m)\n"
    "  --no-detect      add: do not fetch to detect the kind\n"
    "  --allow-file     add, import: allow file:// URLs (offline use)\n"
    "\n"
    "import adds every source of a list: OPML as feed readers export it\n"
    "(each outline with an xmlUrl; its title names it) or a text file with\n"
    "one URL per line, a name after it if wanted, # for comments. With\n"
    "--kind auto (the default) kinds are detected at the first collection.\n"
    "A bad line stores nothing and names the line; URLs already there are\n"
    "skipped.\n"
    "\n"
    "  --json           machine output\n" KZ_CLI_COMMON_HELP
    "  -h, --help       show this help\n";

/* "30m" → 1800; -1 when bad. */
static int64_t
duration(const char *s)
{
	char *end;
	long long v = strtoll(s, &end, 10);
	if (end == s || v <= 0)
		return -1;
	int64_t mul = *end == 's' || *end == '\0' ? 1
	    : *end == 'm'                         ? 60
	    : *end == 'h'                         ? 3600
	    : *end == 'd'                         ? 86400
	                                          : -1;
	if (mul < 0 || (*end != '\0' && end[1] != '\0') || v > 366LL * 86400)
		return -1;
	return v * mul;
}

static kz_rc
json_source(struct kz_buf *b, const struct kz_csource *c)
{
	char t[32];
	kz_rc rc = kz_buf_printf(b, "{\"id\":%lld,\"url\":", (long long)c->id);
	if (rc == KZ_OK)
		rc = kz_render_json_str(b, c->url, strlen(c->url));
	if (rc == KZ_OK)
		rc = kz_buf_printf(b,
		    ",\"kind\":\"%s\",\"name\":", kz_source_kind_name(c->kind));
	if (rc == KZ_OK)
		rc = c->name ? kz_render_json_str(b, c->name, strlen(c->name))
		             : kz_buf_puts(b, "null");
	if (rc == KZ_OK)
		rc = kz_buf_printf(b,
		    ",\"lang\":%s%s%s,\"every_s\":%lld,\"enabled\":%s,"
		    "\"last_fetch\":",
		    c->lang >= 0 ? "\"" : "",
		    c->lang >= 0 ? kz_lang_code((enum kz_lang)c->lang) : "null",
		    c->lang >= 0 ? "\"" : "", (long long)c->every_s,
		    c->enabled ? "true" : "false");
	kz_render_time(c->last_fetch, t);
	if (rc == KZ_OK)
		rc = c->last_fetch ? kz_buf_printf(b, "\"%s\"", t)
		                   : kz_buf_puts(b, "null");
	if (rc == KZ_OK)
		rc = kz_buf_printf(
		    b, ",\"last_status\":%d,\"last_error\":", c->last_status);
	if (rc == KZ_OK)
		rc = c->last_error ? kz_render_json_str(b, c->last_error,
		                         strlen(c->last_error))
		                   : kz_buf_puts(b, "null");
	if (rc == KZ_OK)
		rc = kz_buf_printf(b, ",\"failures\":%lld,\"items_seen\":%lld}",
		    (long long)c->failures, (long long)c->items_seen);
	return rc;
}

struct list_ctx {
	struct kz_buf *json;
	size_t n;
};

static kz_rc
list_row(void *vctx, const struct kz_csource *c)
{
	struct list_ctx *l = vctx;
	if (l->json != NULL) {
		kz_rc rc = kz_buf_puts(l->json, l->n++ ? ",\n" : "\n");
		return rc == KZ_OK ? json_source(l->json, c) : rc;
	}
	char t[32] = "never";
	if (c->last_fetch)
		kz_render_time(c->last_fetch, t);
	printf("%-4lld %-8s %-3s %-20s %3d %3lld fail %5lld seen  %s%s%s\n",
	    (long long)c->id, kz_source_kind_name(c->kind),
	    c->enabled ? "on" : "off", t, c->last_status,
	    (long long)c->failures, (long long)c->items_seen, c->url,
	    c->last_error ? "\n     error: " : "",
	    c->last_error ? c->last_error : "");
	l->n++;
	return KZ_OK;
}

/* Options add and import share (ids from 0x300 on, in this order). */
enum { O_KIND = 0x300, O_LANG, O_EVERY, O_FILE, O_NAME, O_NODETECT };
#define SOURCE_OPTS                                                            \
	{"json", no_argument, NULL, KZ_OPT_JSON},                              \
	    {"kind", required_argument, NULL, O_KIND},                         \
	    {"lang", required_argument, NULL, O_LANG},                         \
	    {"every", required_argument, NULL, O_EVERY},                       \
	{                                                                      \
		"allow-file", no_argument, NULL, O_FILE                        \
	}

/* Option ch of add or import into c (kind, lang, every_s), *allow_file or
 * cli->json: 1 if it was one of those (*st set when its value is bad). */
static int
source_opt(
    struct kz_cli *cli, int ch, struct kz_csource *c, int *allow_file, int *st)
{
	enum kz_lang l;

	switch (ch) {
	case KZ_OPT_JSON:
		cli->json = 1;
		return 1;
	case O_KIND:
		if (kz_source_kind_parse(optarg, &c->kind))
			*st = kz_cli_usage(cli, "--kind: '%s'", optarg);
		return 1;
	case O_LANG:
		if (kz_lang_parse(optarg, &l) != 0)
			*st = kz_cli_usage(cli, "--lang: '%s'", optarg);
		else
			c->lang = (int)l;
		return 1;
	case O_EVERY:
		if ((c->every_s = duration(optarg)) < 0)
			*st = kz_cli_usage(cli,
			    "--every: '%s' (want e.g. 90s, 30m, 6h, 1d)",
			    optarg);
		return 1;
	case O_FILE:
		*allow_file = 1;
		return 1;
	default:
		return 0;
	}
}

static int
add(struct kz_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {KZ_CLI_COMMON_OPTS, SOURCE_OPTS,
	    {"name", required_argument, NULL, O_NAME},
	    {"no-detect", no_argument, NULL, O_NODETECT}, {NULL, 0, NULL, 0}};
	struct kz_csource c;
	kz_csource_init(&c);
	int detect = 1, allow_file = 0, ch, st = 0;
	while (
	    st == 0 && (ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (kz_cli_common(cli, ch, usage) ||
		    source_opt(cli, ch, &c, &allow_file, &st))
			continue;
		if (ch == O_NAME)
			kz_incident_set_text(&c.name, optarg);
		else if (ch == O_NODETECT)
			detect = 0;
		else
			st = kz_cli_usage(cli, "bad option");
	}
	if (st == 0 && optind + 1 != argc)
		st = kz_cli_usage(cli, "add takes one URL");
	if (st == 0 && strncmp(argv[optind], "http://", 7) != 0 &&
	    strncmp(argv[optind], "https://", 8) != 0 &&
	    !(allow_file && strncmp(argv[optind], "file://", 7) == 0))
		st = kz_cli_usage(cli, "'%s': only http and https URLs%s",
		    argv[optind],
		    allow_file ? " and file" : " (file with --allow-file)");
	if (st != 0) {
		kz_csource_fini(&c);
		return st;
	}
	c.url = kz_xstrdup(argv[optind]);
	struct kz_err err = {0};
	kz_rc rc = KZ_OK;
	if (detect && c.kind == KZ_KIND_AUTO) {
		struct kz_fetch_opts fo;
		kz_fetch_opts_init(&fo);
		fo.allow_file = allow_file;
		int ua_st = kz_cli_user_agent(cli, &fo);
		if (ua_st != 0) {
			kz_csource_fini(&c);
			return ua_st;
		}
		char *feed_url = NULL;
		rc = kz_app_source_detect(c.url, &fo, &c.kind, &feed_url, &err);
		if (rc != KZ_OK) {
			fprintf(stderr,
			    "kuzet: warning: %s; the kind will be detected at "
			    "the first collection\n",
			    err.msg);
			rc = KZ_OK;
		} else if (feed_url != NULL) {
			fprintf(stderr, "kuzet: %s announces the feed %s\n",
			    c.url, feed_url);
			free(c.url);
			c.url = feed_url;
		}
	}
	if (rc == KZ_OK)
		rc = kz_cli_open(cli, 1, &err);
	if (rc == KZ_OK)
		rc = kz_store_csource_add(cli->store, &c, &err);
	if (rc == KZ_OK && cli->json) {
		struct kz_buf b;
		kz_buf_init(&b, 1 << 20);
		if (json_source(&b, &c) == KZ_OK)
			printf("%s\n", kz_buf_str(&b));
		kz_buf_fini(&b);
	} else if (rc == KZ_OK) {
		printf("added source %lld (%s) %s\n", (long long)c.id,
		    kz_source_kind_name(c.kind), c.url);
	}
	kz_csource_fini(&c);
	return rc == KZ_OK ? 0 : kz_cli_fail(&err);
}

static int
import(struct kz_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    KZ_CLI_COMMON_OPTS, SOURCE_OPTS, {NULL, 0, NULL, 0}};
	struct kz_csource tmpl; /* kind, lang and every for all */
	int allow_file = 0, ch, st = 0;

	kz_csource_init(&tmpl);
	while (
	    st == 0 && (ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (kz_cli_common(cli, ch, usage) ||
		    source_opt(cli, ch, &tmpl, &allow_file, &st))
			continue;
		st = kz_cli_usage(cli, "bad option");
	}
	if (st == 0 && optind + 1 != argc)
		st = kz_cli_usage(cli, "import takes one file");
	if (st != 0)
		return st;

	struct kz_err err = {0};
	struct kz_source_entry *v = NULL;
	size_t n = 0, added = 0, skipped = 0;
	char *data = NULL;
	size_t len = 0;
	kz_rc rc = kz_file_read(
	    argv[optind], KZ_SOURCE_LIST_MAX_BYTES, &data, &len, &err);
	if (rc == KZ_OK)
		rc = kz_source_list_parse(
		    data, len, argv[optind], allow_file, &v, &n, &err);
	free(data);
	if (rc == KZ_OK)
		rc = kz_cli_open(cli, 1, &err);
	if (rc == KZ_OK)
		rc = kz_store_begin(cli->store, &err);
	for (size_t i = 0; rc == KZ_OK && i < n; i++) {
		struct kz_csource c;
		kz_csource_init(&c);
		c.url = kz_xstrdup(v[i].url);
		c.name = v[i].name ? kz_xstrdup(v[i].name) : NULL;
		c.kind = tmpl.kind;
		c.lang = tmpl.lang;
		c.every_s = tmpl.every_s;
		rc = kz_store_csource_add(cli->store, &c, &err);
		if (rc == KZ_EEXIST) {
			skipped++;
			rc = KZ_OK;
		} else if (rc == KZ_OK) {
			added++;
		} else {
			char msg[sizeof err.msg];
			snprintf(msg, sizeof msg, "%s", err.msg);
			kz_fail(&err, rc, "%s:%ld: %s", argv[optind], v[i].line,
			    msg);
		}
		kz_csource_fini(&c);
	}
	if (rc == KZ_OK && n > 0)
		rc = kz_store_commit(cli->store, &err);
	else if (cli->store != NULL)
		kz_store_rollback(cli->store);
	kz_source_list_free(v, n);
	if (rc != KZ_OK)
		return kz_cli_fail(&err);
	if (cli->json)
		printf("{\"sources\":%zu,\"added\":%zu,\"skipped\":%zu}\n", n,
		    added, skipped);
	else
		printf("imported %zu sources: %zu added, %zu already there\n",
		    n, added, skipped);
	return 0;
}

static int
list(struct kz_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {KZ_CLI_COMMON_OPTS,
	    {"json", no_argument, NULL, KZ_OPT_JSON}, {NULL, 0, NULL, 0}};
	int ch;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (kz_cli_common(cli, ch, usage))
			continue;
		if (ch != KZ_OPT_JSON)
			return kz_cli_usage(cli, "bad option");
		cli->json = 1;
	}
	if (optind != argc)
		return kz_cli_usage(
		    cli, "unexpected argument '%s'", argv[optind]);
	struct kz_err err = {0};
	struct kz_buf b;
	kz_buf_init(&b, 64u << 20);
	struct list_ctx l = {cli->json ? &b : NULL, 0};
	kz_rc rc = kz_cli_open(cli, 0, &err);
	if (rc == KZ_OK)
		rc = kz_store_csource_list(cli->store, 0, list_row, &l, &err);
	if (rc == KZ_OK && cli->json)
		printf("[%s%s]\n", kz_buf_str(&b), l.n ? "\n" : "");
	kz_buf_fini(&b);
	return rc == KZ_OK ? 0 : kz_cli_fail(&err);
}

static int
each(struct kz_cli *cli, int argc, char **argv, const char *verb)
{
	static const struct option opts[] = {
	    KZ_CLI_COMMON_OPTS, {NULL, 0, NULL, 0}};
	int ch;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1)
		if (!kz_cli_common(cli, ch, usage))
			return kz_cli_usage(cli, "bad option");
	if (optind == argc)
		return kz_cli_usage(cli, "%s needs a source ID", verb);
	for (int i = optind; i < argc; i++)
		if (kz_cli_id(argv[i]) < 0)
			return kz_cli_usage(
			    cli, "'%s' is not a source ID", argv[i]);
	struct kz_err err = {0};
	kz_rc rc = kz_cli_open(cli, 0, &err);
	for (int i = optind; i < argc && rc == KZ_OK; i++) {
		int64_t id = kz_cli_id(argv[i]);
		rc = verb[0] == 'r'
		    ? kz_store_csource_remove(cli->store, id, &err)
		    : kz_store_csource_enable(
		          cli->store, id, verb[0] == 'e', &err);
		if (rc == KZ_OK)
			printf("%s source %lld\n",
			    verb[0] == 'r'       ? "removed"
			        : verb[0] == 'e' ? "enabled"
			                         : "disabled",
			    (long long)id);
	}
	return rc == KZ_OK ? 0 : kz_cli_fail(&err);
}

int
cmd_source(int argc, char **argv)
{
	struct kz_cli cli = {.cmd = "source"};
	if (argc < 2)
		return kz_cli_usage(
		    &cli, "which: add, import, list, rm, enable or disable?");
	const char *sub = argv[1];
	int st;
	optind = 1;
	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0) {
		fputs(usage, stdout);
		return kz_cli_finish(0);
	} else if (strcmp(sub, "add") == 0) {
		st = add(&cli, argc - 1, argv + 1);
	} else if (strcmp(sub, "import") == 0) {
		st = import(&cli, argc - 1, argv + 1);
	} else if (strcmp(sub, "list") == 0) {
		st = list(&cli, argc - 1, argv + 1);
	} else if (strcmp(sub, "rm") == 0 || strcmp(sub, "enable") == 0 ||
	    strcmp(sub, "disable") == 0) {
		st = each(&cli, argc - 1, argv + 1, sub);
	} else {
		return kz_cli_usage(&cli, "unknown source command '%s'", sub);
	}
	kz_cli_fini(&cli);
	return kz_cli_finish(st);
}
