/* kuzet parse: a feed file to its parse, offline (a pure filter, as sfeed). */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "kuzet/discover.h"
#include "kuzet/feed.h"
#include "kuzet/html.h"

static const char usage[] =
    "usage: kuzet parse [--content-type TYPE] [--base URL] [--json] FILE\n"
    "\n"
    "Parse a feed (RSS 0.9x/2.0, RSS 1.0, Atom 1.0, JSON Feed 1.1) or a\n"
    "Telegram channel page (t.me/s/CHANNEL, format telegram) offline\n"
    "and print it: the format, the encoding the bytes were in, warnings\n"
    "about problems worked around, the feed's title, link, subtitle,\n"
    "language and updated date, and its entries. Text is plain (HTML is\n"
    "turned into text); dates are RFC 3339 in UTC. FILE - reads stdin.\n"
    "Nothing is fetched or stored.\n"
    "\n"
    "  --content-type TYPE  the HTTP Content-Type the feed came with, e.g.\n"
    "                   \"text/xml; charset=koi8-r\" (default: none; the\n"
    "                   byte order mark and XML declaration decide)\n"
    "  --base URL       resolve relative links against URL (default: none)\n"
    "  --json           print the parse as JSON (see kuzet(1))\n"
    "  -h, --help       show this help\n";

enum { OPT_CTYPE = 0x200, OPT_BASE };

/* 1 if the page has Telegram's message blocks. */
static int
memmem_tg(const char *p, size_t n)
{
	static const char key[] = "tgme_widget_message";
	size_t k = sizeof key - 1;
	for (size_t i = 0; i + k <= n; i++)
		if (p[i] == 't' && memcmp(p + i, key, k) == 0)
			return 1;
	return 0;
}

static void
print_text(const struct kz_feed *f)
{
	printf("%s (%s): %s\n", kz_feed_format_name(f->format), f->encoding,
	    f->title != NULL ? f->title : "(no title)");
	for (size_t i = 0; i < f->n_warnings; i++)
		printf("warning: %s\n", f->warnings[i]);
	for (size_t i = 0; i < f->n_entries; i++) {
		const struct kz_feed_entry *e = &f->entries[i];
		char ts[32] = "-";
		int64_t t =
		    e->published != KZ_FEED_NO_DATE ? e->published : e->updated;
		if (t != KZ_FEED_NO_DATE)
			kz_render_time(t, ts);
		printf("%s\t%s\t%s\n", ts, e->title != NULL ? e->title : "",
		    e->link != NULL ? e->link : "");
	}
}

int
cmd_parse(int argc, char **argv)
{
	struct kz_cli cli = {.cmd = "parse"};
	static const struct option opts[] = {
	    {"content-type", required_argument, NULL, OPT_CTYPE},
	    {"base", required_argument, NULL, OPT_BASE},
	    {"json", no_argument, NULL, KZ_OPT_JSON},
	    {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
	const char *ctype = NULL, *base = NULL;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'h') {
			fputs(usage, stdout);
			return kz_cli_finish(0);
		} else if (c == OPT_CTYPE)
			ctype = optarg;
		else if (c == OPT_BASE)
			base = optarg;
		else if (c == KZ_OPT_JSON)
			cli.json = 1;
		else
			return kz_cli_usage(&cli, "bad option");
	}
	if (optind == argc)
		return kz_cli_usage(&cli, "no file to parse");
	if (argc - optind > 1)
		return kz_cli_usage(&cli, "one file at a time");
	const char *path = argv[optind];
	struct kz_err err = {0};
	struct kz_feed *f = NULL;
	char *data = NULL;
	size_t len = 0;
	kz_rc rc = kz_file_read(strcmp(path, "-") == 0 ? "/dev/stdin" : path,
	    KZ_FEED_MAX_BYTES, &data, &len, &err);
	if (rc == KZ_OK &&
	    kz_discover_kind(base, ctype, data, len) != KZ_DOC_FEED &&
	    memmem_tg(data, len)) {
		struct kz_tg_page *page;
		rc = kz_html_telegram_parse(data, len, &page, &err);
		if (rc == KZ_OK) {
			kz_app_telegram_feed(page, &f);
			kz_tg_page_free(page);
		}
	} else if (rc == KZ_OK) {
		rc = kz_feed_parse(data, len, ctype, base, &f, &err);
	}
	free(data);
	if (rc != KZ_OK) {
		/* say which file, as "x.xml: line 12: ..." */
		fprintf(stderr, "kuzet: error: %s: %s\n", path,
		    err.msg[0] ? err.msg : kz_rc_str(err.rc));
		return err.rc == KZ_EUSAGE ? 2 : 1;
	}
	if (cli.json) {
		struct kz_buf out;
		kz_buf_init(&out, SIZE_MAX);
		rc = kz_app_feed_json(&out, f);
		if (rc == KZ_OK)
			fwrite(out.data, 1, out.len, stdout);
		kz_buf_fini(&out);
	} else {
		print_text(f);
	}
	kz_feed_free(f);
	return kz_cli_finish(0);
}
