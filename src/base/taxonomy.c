/* The taxonomy of report sections, read from an INI-like data file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kuzet/incident.h"

/* Generated from data/taxonomy.ini by CMake. */
extern const unsigned char kz_taxonomy_default_ini[];
extern const size_t kz_taxonomy_default_ini_len;

static int
valid_id(const char *p, size_t n)
{
	if (n == 0 || n >= KZ_SECTION_ID_BYTES)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = p[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		        c == '_' || c == '-'))
			return 0;
	}
	return !(n == 4 && memcmp(p, "none", 4) == 0);
}

/* Check the section just finished has all names. */
static kz_rc
check_complete(const struct kz_taxonomy *t, const char *origin, int line,
    struct kz_err *err)
{
	if (t->n == 0)
		return KZ_OK;
	const struct kz_section *s = &t->sections[t->n - 1];
	for (int l = 0; l < KZ_LANG_COUNT; l++)
		if (s->name[l] == NULL)
			return kz_fail(err, KZ_EPARSE,
			    "%s:%d: section [%s] has no '%s' name", origin,
			    line, s->id, kz_lang_code((enum kz_lang)l));
	return KZ_OK;
}

kz_rc
kz_taxonomy_parse(const char *text, size_t len, const char *origin,
    struct kz_taxonomy *out, struct kz_err *err)
{
	struct kz_taxonomy t = {NULL, 0};
	kz_rc rc = KZ_OK;
	size_t bad;
	if (len > KZ_TAXONOMY_FILE_MAX_BYTES)
		return kz_fail(err, KZ_ELIMIT, "%s: over %u bytes", origin,
		    KZ_TAXONOMY_FILE_MAX_BYTES);
	if (memchr(text, '\0', len) != NULL || !kz_utf8_valid(text, len, &bad))
		return kz_fail(err, KZ_ECHARSET, "%s: not UTF-8 text", origin);
	int line = 0, sec_line = 0;
	size_t pos = 0;
	while (pos < len && rc == KZ_OK) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl != NULL ? (size_t)(nl - text) : len;
		struct kz_str s = {text + pos, end - pos};
		pos = end + 1;
		line++;
		s = kz_str_trim(s);
		if (s.n == 0 || s.p[0] == '#' || s.p[0] == ';')
			continue;
		if (s.p[0] == '[') {
			if (s.p[s.n - 1] != ']' ||
			    !valid_id(s.p + 1, s.n - 2)) {
				rc = kz_fail(err, KZ_EPARSE,
				    "%s:%d: bad section id (want [a-z0-9_-], "
				    "at most %d characters, not 'none')",
				    origin, line, KZ_SECTION_ID_BYTES - 1);
				break;
			}
			rc = check_complete(&t, origin, sec_line, err);
			if (rc != KZ_OK)
				break;
			sec_line = line;
			for (size_t i = 0; i < t.n; i++)
				if (strlen(t.sections[i].id) == s.n - 2 &&
				    memcmp(t.sections[i].id, s.p + 1,
				        s.n - 2) == 0)
					rc = kz_fail(err, KZ_EPARSE,
					    "%s:%d: section [%s] defined twice",
					    origin, line, t.sections[i].id);
			if (rc != KZ_OK)
				break;
			if (t.n >= KZ_TAXONOMY_SECTIONS_MAX) {
				rc = kz_fail(err, KZ_ELIMIT,
				    "%s:%d: more than %u sections", origin,
				    line, KZ_TAXONOMY_SECTIONS_MAX);
				break;
			}
			t.sections = kz_xreallocarray(
			    t.sections, t.n + 1, sizeof *t.sections);
			struct kz_section *sec = &t.sections[t.n++];
			memset(sec, 0, sizeof *sec);
			memcpy(sec->id, s.p + 1, s.n - 2);
			continue;
		}
		const char *eq = memchr(s.p, '=', s.n);
		if (eq == NULL) {
			rc = kz_fail(err, KZ_EPARSE,
			    "%s:%d: expected 'lang = name' or '[id]'", origin,
			    line);
			break;
		}
		if (t.n == 0) {
			rc = kz_fail(err, KZ_EPARSE,
			    "%s:%d: name before the first [section]", origin,
			    line);
			break;
		}
		struct kz_str key =
		    kz_str_trim((struct kz_str){s.p, (size_t)(eq - s.p)});
		struct kz_str val = kz_str_trim(
		    (struct kz_str){eq + 1, s.n - (size_t)(eq + 1 - s.p)});
		char code[8];
		enum kz_lang l;
		if (key.n >= sizeof code) {
			rc = kz_fail(err, KZ_EPARSE,
			    "%s:%d: unknown language key", origin, line);
			break;
		}
		memcpy(code, key.p, key.n);
		code[key.n] = '\0';
		if (kz_lang_parse(code, &l) != 0) {
			rc = kz_fail(err, KZ_EPARSE,
			    "%s:%d: unknown language '%s' (want ru, kk, en)",
			    origin, line, code);
			break;
		}
		if (val.n == 0) {
			rc = kz_fail(
			    err, KZ_EPARSE, "%s:%d: empty name", origin, line);
			break;
		}
		struct kz_section *sec = &t.sections[t.n - 1];
		free(sec->name[l]);
		sec->name[l] = kz_xstrndup(val.p, val.n);
	}
	if (rc == KZ_OK)
		rc = check_complete(&t, origin, sec_line, err);
	if (rc == KZ_OK && t.n == 0)
		rc = kz_fail(err, KZ_EPARSE, "%s: no sections defined", origin);
	if (rc != KZ_OK) {
		kz_taxonomy_fini(&t);
		return rc;
	}
	*out = t;
	return KZ_OK;
}

void
kz_taxonomy_default(struct kz_taxonomy *out)
{
	struct kz_err err;
	kz_rc rc = kz_taxonomy_parse((const char *)kz_taxonomy_default_ini,
	    kz_taxonomy_default_ini_len, "taxonomy.ini (built in)", out, &err);
	if (rc != KZ_OK) { /* a build error: the file is compiled in */
		fprintf(stderr, "kuzet: fatal: %s\n", err.msg);
		abort();
	}
}

kz_rc
kz_taxonomy_load(const char *path, struct kz_taxonomy *out, struct kz_err *err)
{
	if (path == NULL) {
		kz_taxonomy_default(out);
		return KZ_OK;
	}
	char *data;
	size_t len;
	kz_rc rc =
	    kz_file_read(path, KZ_TAXONOMY_FILE_MAX_BYTES, &data, &len, err);
	if (rc != KZ_OK)
		return rc;
	rc = kz_taxonomy_parse(data, len, path, out, err);
	free(data);
	return rc;
}

void
kz_taxonomy_fini(struct kz_taxonomy *t)
{
	for (size_t i = 0; i < t->n; i++)
		for (int l = 0; l < KZ_LANG_COUNT; l++)
			free(t->sections[i].name[l]);
	free(t->sections);
	t->sections = NULL;
	t->n = 0;
}

int
kz_taxonomy_index(const struct kz_taxonomy *t, const char *id)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->sections[i].id, id) == 0)
			return (int)i;
	return -1;
}

const struct kz_section *
kz_taxonomy_find(const struct kz_taxonomy *t, const char *id)
{
	int i = kz_taxonomy_index(t, id);
	return i >= 0 ? &t->sections[i] : NULL;
}

kz_rc
kz_taxonomy_check(
    const struct kz_taxonomy *t, const char *id, struct kz_err *err)
{
	if (kz_taxonomy_index(t, id) >= 0)
		return KZ_OK;
	char known[512] = "";
	size_t o = 0;
	for (size_t i = 0; i < t->n && o < sizeof known - 40; i++)
		o += (size_t)snprintf(known + o, sizeof known - o, "%s%s",
		    i ? ", " : "", t->sections[i].id);
	return kz_fail(
	    err, KZ_EUSAGE, "unknown section '%s' (known: %s)", id, known);
}
