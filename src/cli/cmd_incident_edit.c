/* kuzet incident add|edit|publish|rm: changing the archive. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/incident.h"
#include "kuzet/limits.h"

/* Print the incident as --json would, else one confirmation line. */
static kz_rc
print_incident(const struct kz_cli *cli, const struct kz_incident *inc,
    const char *verb, struct kz_err *err)
{
	if (!cli->json) {
		printf("%s incident %lld\n", verb, (long long)inc->id);
		return KZ_OK;
	}
	struct kz_buf b;
	kz_buf_init(&b, KZ_REPORT_MAX_BYTES);
	kz_rc rc = kz_render_incident_json(&b, inc);
	if (rc == KZ_OK)
		rc = kz_buf_putc(&b, '\n');
	if (rc == KZ_OK)
		fwrite(b.data, 1, b.len, stdout);
	else
		kz_fail(err, rc, "rendering incident %lld", (long long)inc->id);
	kz_buf_fini(&b);
	return rc;
}

int
kz_incident_add(struct kz_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {KZ_CLI_COMMON_OPTS,
	    {"json", no_argument, NULL, KZ_OPT_JSON},
	    {"section", required_argument, NULL, 's'},
	    {"status", required_argument, NULL, 'S'},
	    {"lang", required_argument, NULL, 'l'},
	    {"title", required_argument, NULL, 't'},
	    {"summary", required_argument, NULL, 'm'},
	    {"source", required_argument, NULL, 'u'},
	    {"date", required_argument, NULL, 'd'}, {NULL, 0, NULL, 0}};
	const char *section = NULL, *lang = NULL, *title = NULL, *summary = "",
	           *status = "draft", *date = "";
	struct kz_buf sources;
	kz_buf_init(&sources, KZ_SOURCES_MAX * (KZ_URL_MAX_BYTES + 1));
	int c, st = 0;
	while (
	    st == 0 && (c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (kz_cli_common(cli, c, kz_incident_usage))
			continue;
		switch (c) {
		case KZ_OPT_JSON:
			cli->json = 1;
			break;
		case 's':
			section = optarg;
			break;
		case 'S':
			status = optarg;
			break;
		case 'l':
			lang = optarg;
			break;
		case 't':
			title = optarg;
			break;
		case 'm':
			summary = optarg;
			break;
		case 'd':
			date = optarg;
			break;
		case 'u':
			if (kz_buf_puts(&sources, optarg) != KZ_OK ||
			    kz_buf_putc(&sources, ' ') != KZ_OK)
				st = kz_cli_usage(cli, "too many --source");
			break;
		default:
			st = kz_cli_usage(cli, "bad option");
		}
	}
	if (st == 0 && optind != argc)
		st =
		    kz_cli_usage(cli, "unexpected argument '%s'", argv[optind]);
	if (st == 0 && (section == NULL || lang == NULL || title == NULL))
		st = kz_cli_usage(
		    cli, "add needs --section, --lang and --title");
	if (st != 0) {
		kz_buf_fini(&sources);
		return st;
	}
	struct kz_err err = {0};
	struct kz_incident inc;
	kz_incident_init(&inc);
	char tf[32], sf[32];
	snprintf(tf, sizeof tf, "title.%s", lang);
	snprintf(sf, sizeof sf, "summary.%s", lang);
	kz_rc rc = kz_cli_tax(cli, &err);
	const char *fields[][2] = {{"section", section}, {"status", status},
	    {"date", date}, {tf, title}, {sf, summary},
	    {"sources", kz_buf_str(&sources)}};
	for (size_t i = 0; i < 6 && rc == KZ_OK; i++)
		rc = kz_app_incident_set(
		    &inc, &cli->tax, fields[i][0], fields[i][1], &err);
	if (rc == KZ_OK && inc.title[0] == NULL && inc.title[1] == NULL &&
	    inc.title[2] == NULL)
		rc = kz_fail(&err, KZ_EUSAGE, "--title is empty");
	if (rc == KZ_OK)
		rc = kz_cli_open(cli, 1, &err);
	if (rc == KZ_OK)
		rc = kz_store_incident_add(
		    cli->store, &inc, kz_cli_actor(), &err);
	if (rc == KZ_OK)
		rc = print_incident(cli, &inc, "added", &err);
	kz_incident_fini(&inc);
	kz_buf_fini(&sources);
	return rc == KZ_OK ? 0 : kz_cli_fail(&err);
}

/* Run $VISUAL/$EDITOR (default vi) on path; KZ_OK if it exited 0. */
static kz_rc
run_editor(const char *path, struct kz_err *err)
{
	const char *ed = getenv("VISUAL");
	if (ed == NULL || ed[0] == '\0')
		ed = getenv("EDITOR");
	if (ed == NULL || ed[0] == '\0')
		ed = "vi";
	pid_t pid = fork();
	if (pid < 0)
		return kz_fail(err, KZ_EIO, "fork: %s", strerror(errno));
	if (pid == 0) {
		/* the editor command may carry arguments: run it via sh */
		execl("/bin/sh", "sh", "-c", "exec $0 \"$1\"", ed, path,
		    (char *)NULL);
		_exit(127);
	}
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return kz_fail(
			    err, KZ_EIO, "waitpid: %s", strerror(errno));
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return kz_fail(err, KZ_EUSAGE,
		    "editor '%s' failed; nothing changed (form kept in %s)", ed,
		    path);
	return KZ_OK;
}

/* Edit inc through a text form in $EDITOR. */
static kz_rc
edit_form(struct kz_cli *cli, struct kz_incident *inc, char **keep,
    struct kz_err *err)
{
	const char *tmpdir = getenv("TMPDIR");
	char *path = kz_xasprintf("%s/kuzet-incident-%lld-XXXXXX",
	    tmpdir && tmpdir[0] ? tmpdir : "/tmp", (long long)inc->id);
	int fd = mkstemp(path);
	if (fd < 0) {
		kz_rc rc =
		    kz_fail(err, KZ_EIO, "%s: %s", path, strerror(errno));
		free(path);
		return rc;
	}
	struct kz_buf form;
	kz_buf_init(&form, KZ_EDIT_FORM_MAX_BYTES);
	kz_rc rc = kz_app_form_write(&form, inc);
	if (rc == KZ_OK && write(fd, form.data, form.len) != (ssize_t)form.len)
		rc = kz_fail(err, KZ_EIO, "%s: %s", path, strerror(errno));
	close(fd);
	kz_buf_fini(&form);
	if (rc == KZ_OK)
		rc = run_editor(path, err);
	char *text = NULL;
	size_t len = 0;
	if (rc == KZ_OK)
		rc = kz_file_read(
		    path, KZ_EDIT_FORM_MAX_BYTES, &text, &len, err);
	if (rc == KZ_OK)
		rc = kz_app_form_read(text, len, path, &cli->tax, inc, err);
	free(text);
	if (rc == KZ_OK)
		unlink(path), free(path);
	else
		*keep = path; /* the user's text is not lost */
	return rc;
}

int
kz_incident_edit(struct kz_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {KZ_CLI_COMMON_OPTS,
	    {"json", no_argument, NULL, KZ_OPT_JSON},
	    {"set", required_argument, NULL, 's'},
	    {"add-source", required_argument, NULL, 'a'},
	    {"rm-source", required_argument, NULL, 'r'}, {NULL, 0, NULL, 0}};
	/* changes are applied in order after the incident is loaded */
	char **ops = kz_xcalloc((size_t)argc, sizeof *ops);
	char *kinds = kz_xcalloc((size_t)argc, 1);
	size_t nops = 0;
	int c, st = 0;
	while (
	    st == 0 && (c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (kz_cli_common(cli, c, kz_incident_usage))
			continue;
		if (c == KZ_OPT_JSON) {
			cli->json = 1;
		} else if (c == 's' || c == 'a' || c == 'r') {
			if (c == 's' && strchr(optarg, '=') == NULL)
				st = kz_cli_usage(
				    cli, "--set wants FIELD=VALUE");
			kinds[nops] = (char)c;
			ops[nops++] = optarg;
		} else {
			st = kz_cli_usage(cli, "bad option");
		}
	}
	long long id = -1;
	if (st == 0 && optind + 1 != argc)
		st = kz_cli_usage(cli, "edit takes one incident ID");
	if (st == 0 && (id = kz_cli_id(argv[optind])) < 0)
		st = kz_cli_usage(
		    cli, "'%s' is not an incident ID", argv[optind]);
	if (st != 0) {
		free(ops);
		free(kinds);
		return st;
	}
	struct kz_err err = {0};
	struct kz_incident inc;
	kz_incident_init(&inc);
	char *kept = NULL;
	kz_rc rc = kz_cli_open(cli, 0, &err);
	if (rc == KZ_OK)
		rc = kz_store_incident_get(cli->store, id, &inc, &err);
	for (size_t i = 0; i < nops && rc == KZ_OK; i++) {
		if (kinds[i] == 's') {
			char *f = kz_xstrdup(ops[i]);
			char *eq = strchr(f, '=');
			*eq = '\0';
			rc = kz_app_incident_set(
			    &inc, &cli->tax, f, eq + 1, &err);
			free(f);
		} else {
			rc = kz_app_source_edit(
			    &inc, ops[i], kinds[i] == 'a', &err);
		}
	}
	if (rc == KZ_OK && nops == 0)
		rc = edit_form(cli, &inc, &kept, &err);
	if (rc == KZ_OK)
		rc = kz_store_incident_save(
		    cli->store, &inc, kz_cli_actor(), &err);
	if (rc == KZ_OK)
		rc = print_incident(cli, &inc, "saved", &err);
	kz_incident_fini(&inc);
	free(ops);
	free(kinds);
	if (rc != KZ_OK) {
		int ret = kz_cli_fail(&err);
		if (kept != NULL)
			fprintf(stderr,
			    "kuzet: your edited form is kept in %s\n", kept);
		free(kept);
		return ret;
	}
	return 0;
}

/* Apply fn to every ID argument; stops at the first failure. */
static int
each_id(struct kz_cli *cli, int argc, char **argv, const char *what,
    kz_rc (*fn)(struct kz_cli *, int64_t, struct kz_err *))
{
	static const struct option opts[] = {
	    KZ_CLI_COMMON_OPTS, {NULL, 0, NULL, 0}};
	int c;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1)
		if (!kz_cli_common(cli, c, kz_incident_usage))
			return kz_cli_usage(cli, "bad option");
	if (optind == argc)
		return kz_cli_usage(
		    cli, "%s needs at least one incident ID", what);
	for (int i = optind; i < argc; i++)
		if (kz_cli_id(argv[i]) < 0)
			return kz_cli_usage(
			    cli, "'%s' is not an incident ID", argv[i]);
	struct kz_err err = {0};
	kz_rc rc = kz_cli_open(cli, 0, &err);
	for (int i = optind; i < argc && rc == KZ_OK; i++)
		rc = fn(cli, kz_cli_id(argv[i]), &err);
	return rc == KZ_OK ? 0 : kz_cli_fail(&err);
}

static kz_rc
publish_one(struct kz_cli *cli, int64_t id, struct kz_err *err)
{
	struct kz_incident inc;
	kz_rc rc = kz_store_incident_get(cli->store, id, &inc, err);
	if (rc != KZ_OK)
		return rc;
	inc.status = KZ_STATUS_PUBLISHED;
	rc = kz_store_incident_save(cli->store, &inc, kz_cli_actor(), err);
	if (rc == KZ_OK)
		printf("published incident %lld\n", (long long)id);
	kz_incident_fini(&inc);
	return rc;
}

static kz_rc
rm_one(struct kz_cli *cli, int64_t id, struct kz_err *err)
{
	kz_rc rc =
	    kz_store_incident_remove(cli->store, id, kz_cli_actor(), err);
	if (rc == KZ_OK)
		printf("removed incident %lld\n", (long long)id);
	return rc;
}

int
kz_incident_publish(struct kz_cli *cli, int argc, char **argv)
{
	return each_id(cli, argc, argv, "publish", publish_one);
}

int
kz_incident_rm(struct kz_cli *cli, int argc, char **argv)
{
	return each_id(cli, argc, argv, "rm", rm_one);
}
