/* kuzet incident list|show: reading the archive. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/incident.h"
#include "kuzet/limits.h"

const char kz_incident_usage[] =
    "usage: kuzet incident list [--section S] [--status S] [--from DATE]\n"
    "                           [--to DATE] [--lang L] [--limit N]\n"
    "                           [--search QUERY] [--json]\n"
    "       kuzet incident show ID [--json]\n"
    "       kuzet incident add --section S --lang L --title T --summary S\n"
    "                          [--source URL]... [--date DATE]\n"
    "                          [--status S] [--json]\n"
    "       kuzet incident edit ID [--set FIELD=VALUE]... [--add-source URL]\n"
    "                          [--rm-source URL]  (none: opens $EDITOR)\n"
    "       kuzet incident publish ID...\n"
    "       kuzet incident rm ID...\n"
    "\n"
    "  --section S      a section id of the taxonomy (expression, privacy,\n"
    "                   cyber, law, courts by default)\n"
    "  --status S       draft, published or rejected (add: default draft)\n"
    "  --from DATE      list: event date (else period) on or after DATE\n"
    "  --to DATE        list: event date (else period) on or before DATE\n"
    "  --lang L         ru, kk or en (list: only incidents with that text)\n"
    "  --limit N        list: at most N incidents (default: all)\n"
    "  --search QUERY   list: only matches, best first (see kuzet search)\n"
    "  --title T        add: the title in --lang\n"
    "  --summary S      add: the summary in --lang\n"
    "  --source URL     add: a source; repeat for several\n"
    "  --date DATE      add: the event date, YYYY-MM-DD\n"
    "  --set F=V        edit: set a field: section, status, date,\n"
    "                   period_from, period_to, title.LANG, summary.LANG,\n"
    "                   sources (space-separated URLs)\n"
    "  --add-source URL edit: add a source\n"
    "  --rm-source URL  edit: remove a source (matched normalized)\n"
    "  --json           machine output (see kuzet(1) and "
    "docs/formats.md)\n" KZ_CLI_COMMON_HELP
    "  -h, --help       show this help\n";

struct list_ctx {
	struct kz_buf *json;
	int lang;
	size_t n;
	kz_rc rc;
};

static kz_rc
list_row(void *vctx, const struct kz_incident *inc)
{
	struct list_ctx *c = vctx;
	if (c->json != NULL) {
		kz_rc rc = kz_buf_puts(c->json, c->n ? ",\n" : "\n");
		if (rc == KZ_OK)
			rc = kz_render_incident_json(c->json, inc);
		c->n++;
		return rc;
	}
	kz_cli_incident_line(inc, c->lang);
	c->n++;
	return KZ_OK;
}

int
kz_incident_list(struct kz_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {KZ_CLI_COMMON_OPTS,
	    {"json", no_argument, NULL, KZ_OPT_JSON},
	    {"section", required_argument, NULL, 's'},
	    {"status", required_argument, NULL, 'S'},
	    {"from", required_argument, NULL, 'f'},
	    {"to", required_argument, NULL, 't'},
	    {"lang", required_argument, NULL, 'l'},
	    {"limit", required_argument, NULL, 'n'},
	    {"search", required_argument, NULL, 'q'}, {NULL, 0, NULL, 0}};
	struct kz_incident_filter f;
	kz_incident_filter_init(&f);
	const char *section = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (kz_cli_common(cli, c, kz_incident_usage))
			continue;
		enum kz_status st;
		enum kz_lang l;
		switch (c) {
		case KZ_OPT_JSON:
			cli->json = 1;
			break;
		case 's':
			section = optarg;
			break;
		case 'S':
			if (kz_status_parse(optarg, &st) != 0)
				return kz_cli_usage(
				    cli, "--status: '%s'", optarg);
			f.status = (int)st;
			break;
		case 'f':
		case 't':
			if (kz_date_parse_iso(
			        optarg, c == 'f' ? &f.from : &f.to))
				return kz_cli_usage(cli,
				    "--%s: '%s' is not a date (YYYY-MM-DD)",
				    c == 'f' ? "from" : "to", optarg);
			break;
		case 'l':
			if (kz_lang_parse(optarg, &l) != 0)
				return kz_cli_usage(cli,
				    "--lang: '%s' (want ru, kk or en)", optarg);
			f.lang = (int)l;
			break;
		case 'n':
			f.limit = kz_cli_id(optarg);
			if (f.limit < 0)
				return kz_cli_usage(
				    cli, "--limit: '%s'", optarg);
			break;
		case 'q':
			f.q = optarg;
			break;
		default:
			return kz_cli_usage(cli, "bad option");
		}
	}
	if (optind != argc)
		return kz_cli_usage(
		    cli, "unexpected argument '%s'", argv[optind]);
	struct kz_err err = {0};
	kz_rc rc = kz_cli_open(cli, 0, &err);
	if (rc == KZ_OK && section != NULL) {
		rc = kz_taxonomy_check(&cli->tax, section, &err);
		f.section = section;
	}
	struct kz_buf json;
	kz_buf_init(&json, KZ_REPORT_MAX_BYTES);
	struct list_ctx ctx = {cli->json ? &json : NULL, f.lang, 0, KZ_OK};
	if (rc == KZ_OK && cli->json)
		rc = kz_buf_putc(&json, '[');
	if (rc == KZ_OK)
		rc = kz_store_incident_list(
		    cli->store, &f, list_row, &ctx, &err);
	if (rc == KZ_OK && cli->json) {
		rc = kz_buf_puts(&json, ctx.n ? "\n]\n" : "]\n");
		if (rc == KZ_OK)
			fwrite(json.data, 1, json.len, stdout);
	}
	if (rc == KZ_ELIMIT && err.msg[0] == '\0')
		kz_fail(&err, rc, "the list is over %u bytes; use --limit",
		    KZ_REPORT_MAX_BYTES);
	kz_buf_fini(&json);
	if (rc != KZ_OK)
		return kz_cli_fail(&err);
	return 0;
}

struct hist_ctx {
	struct kz_buf *json;
	size_t n;
};

static kz_rc
hist_row(void *vctx, const struct kz_audit *a)
{
	struct hist_ctx *c = vctx;
	char t[32];
	kz_render_time(a->at, t);
	if (c->json == NULL) {
		printf("  %s  %-12s %-12s", t, a->actor, a->field);
		if (a->new_value != NULL && strcmp(a->field, "created") != 0) {
			fputs(" → ", stdout);
			kz_cli_print_trunc(a->new_value, 50);
		}
		putchar('\n');
		return KZ_OK;
	}
	struct kz_buf *b = c->json;
	kz_rc rc = kz_buf_printf(
	    b, "%s{\"at\":\"%s\",\"actor\":", c->n++ ? "," : "", t);
	if (rc == KZ_OK)
		rc = kz_render_json_str(b, a->actor, strlen(a->actor));
	if (rc == KZ_OK)
		rc = kz_buf_puts(b, ",\"field\":");
	if (rc == KZ_OK)
		rc = kz_render_json_str(b, a->field, strlen(a->field));
	const char *vals[2] = {a->old_value, a->new_value};
	for (int i = 0; i < 2 && rc == KZ_OK; i++) {
		rc = kz_buf_puts(b, i ? ",\"new\":" : ",\"old\":");
		if (rc == KZ_OK)
			rc = vals[i]
			    ? kz_render_json_str(b, vals[i], strlen(vals[i]))
			    : kz_buf_puts(b, "null");
	}
	if (rc == KZ_OK)
		rc = kz_buf_putc(b, '}');
	return rc;
}

static void
show_text(const struct kz_cli *cli, const struct kz_incident *inc)
{
	const struct kz_section *sec =
	    kz_taxonomy_find(&cli->tax, inc->section);
	char d[3][11];
	printf("incident %lld (version %lld)\n", (long long)inc->id,
	    (long long)inc->version);
	printf("section:  %s%s%s\n", inc->section, sec ? " — " : "",
	    sec ? sec->name[KZ_LANG_EN] : "");
	printf("status:   %s\n", kz_status_name(inc->status));
	kz_date_format_iso(inc->occurred_on, d[0]);
	printf("date:     %s\n",
	    kz_date_unknown(inc->occurred_on) ? "(unknown)" : d[0]);
	if (!kz_date_unknown(inc->period_from)) {
		kz_date_format_iso(inc->period_from, d[1]);
		kz_date_format_iso(inc->period_to, d[2]);
		printf("period:   %s – %s\n", d[1], d[2]);
	}
	for (int l = 0; l < KZ_LANG_COUNT; l++) {
		if (inc->title[l] == NULL && inc->summary[l] == NULL)
			continue;
		const char *code = kz_lang_code((enum kz_lang)l);
		printf("\ntitle.%s:   %s\n", code,
		    inc->title[l] ? inc->title[l] : "");
		printf("summary.%s: %s\n", code,
		    inc->summary[l] ? inc->summary[l] : "");
	}
	puts("\nsources:");
	for (size_t i = 0; i < inc->nsources; i++)
		printf("  %s\n", inc->sources[i].url);
	puts("\nhistory:");
}

int
kz_incident_show(struct kz_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {KZ_CLI_COMMON_OPTS,
	    {"json", no_argument, NULL, KZ_OPT_JSON}, {NULL, 0, NULL, 0}};
	int c;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (kz_cli_common(cli, c, kz_incident_usage))
			continue;
		if (c == KZ_OPT_JSON)
			cli->json = 1;
		else
			return kz_cli_usage(cli, "bad option");
	}
	if (optind + 1 != argc)
		return kz_cli_usage(cli, "show takes one incident ID");
	long long id = kz_cli_id(argv[optind]);
	if (id < 0)
		return kz_cli_usage(
		    cli, "'%s' is not an incident ID", argv[optind]);
	struct kz_err err = {0};
	struct kz_incident inc;
	kz_incident_init(&inc);
	kz_rc rc = kz_cli_open(cli, 0, &err);
	if (rc == KZ_OK)
		rc = kz_store_incident_get(cli->store, id, &inc, &err);
	struct kz_buf b;
	kz_buf_init(&b, KZ_REPORT_MAX_BYTES);
	struct hist_ctx hc = {cli->json ? &b : NULL, 0};
	if (rc == KZ_OK && cli->json) {
		rc = kz_render_incident_json(&b, &inc);
		/* the incident object gains a "history" array */
		if (rc == KZ_OK && b.len > 0 && b.data[b.len - 1] == '}') {
			b.data[--b.len] = '\0';
			rc = kz_buf_puts(&b, ",\"history\":[");
		}
	} else if (rc == KZ_OK) {
		show_text(cli, &inc);
	}
	if (rc == KZ_OK)
		rc = kz_store_audit_list(cli->store, id, hist_row, &hc, &err);
	if (rc == KZ_OK && cli->json) {
		rc = kz_buf_puts(&b, "]}\n");
		if (rc == KZ_OK)
			fwrite(b.data, 1, b.len, stdout);
	}
	kz_buf_fini(&b);
	kz_incident_fini(&inc);
	if (rc != KZ_OK)
		return kz_cli_fail(&err);
	return 0;
}

static const struct {
	const char *name;
	int (*fn)(struct kz_cli *, int, char **);
} subs[] = {
    {"add", kz_incident_add},
    {"edit", kz_incident_edit},
    {"list", kz_incident_list},
    {"publish", kz_incident_publish},
    {"rm", kz_incident_rm},
    {"show", kz_incident_show},
};

int
cmd_incident(int argc, char **argv)
{
	struct kz_cli cli = {.cmd = "incident"};
	if (argc < 2)
		return kz_cli_usage(&cli,
		    "which: list, show, add, edit, "
		    "publish or rm?");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(kz_incident_usage, stdout);
		return kz_cli_finish(0);
	}
	for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++) {
		if (strcmp(argv[1], subs[i].name) != 0)
			continue;
		optind = 1;
		int st = subs[i].fn(&cli, argc - 1, argv + 1);
		kz_cli_fini(&cli);
		return kz_cli_finish(st);
	}
	return kz_cli_usage(&cli, "unknown incident command '%s'", argv[1]);
}
