/*
 * Fuzz kz_import_md_parse.  Input: an option byte, then the Markdown.
 *
 * Option byte: bit 0 also renders the parsed items as a Markdown report
 * (kz_render_report) and parses that back; bits 1-2 pick the report
 * language (mod 3).
 *
 * Invariants on success: at most KZ_IMPORT_ITEMS_MAX items, each in a
 * taxonomy section, published, with a title and a summary in exactly one
 * language that are valid UTF-8, within their caps, non-empty, without
 * leading or trailing spaces; at most KZ_SOURCES_MAX sources whose url_norm
 * normalizes to itself; line numbers rise; dates real and inside the
 * period.  On failure: KZ_EPARSE, KZ_ECHARSET or KZ_ELIMIT with a valid
 * UTF-8 message that starts with "origin:LINE:".  With bit 0: the report
 * imports back to the same sections, titles, summaries and sources.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "kuzet/import.h"
#include "kuzet/render.h"
#include "kuzet/url.h"

static int
clean_text(const char *s, size_t max)
{
	size_t n;

	if (s == NULL)
		return 0;
	n = strlen(s);
	return n > 0 && n <= max && kz_utf8_valid(s, n, NULL) && s[0] != ' ' &&
	    s[n - 1] != ' ' && s[n - 1] != '\n';
}

static void
check_doc(const struct kz_import_doc *doc, const struct kz_taxonomy *tax)
{
	CHECK(doc->n <= KZ_IMPORT_ITEMS_MAX);
	CHECK(kz_date_unknown(doc->period_from) ||
	    (kz_date_valid(doc->period_from) && kz_date_valid(doc->period_to) &&
	        kz_date_cmp(doc->period_from, doc->period_to) <= 0));
	for (size_t i = 0; i < doc->n; i++) {
		const struct kz_incident *it = &doc->items[i];
		int langs = 0;

		CHECK(kz_taxonomy_find(tax, it->section) != NULL);
		CHECK(it->status == KZ_STATUS_PUBLISHED);
		for (int l = 0; l < KZ_LANG_COUNT; l++) {
			CHECK(
			    (it->title[l] == NULL) == (it->summary[l] == NULL));
			if (it->title[l] == NULL)
				continue;
			langs++;
			CHECK(clean_text(it->title[l], KZ_TITLE_MAX_BYTES));
			CHECK(strchr(it->title[l], '\n') == NULL);
			CHECK(clean_text(it->summary[l], KZ_SUMMARY_MAX_BYTES));
		}
		CHECK(langs == 1);
		fuzz_check_sources(it);
		CHECK(doc->lines[i] >= 1);
		if (i > 0)
			CHECK(doc->lines[i] > doc->lines[i - 1]);
		if (!kz_date_unknown(it->occurred_on)) {
			CHECK(kz_date_valid(it->occurred_on));
			if (!kz_date_unknown(it->period_from))
				CHECK(kz_date_cmp(it->occurred_on,
				          it->period_from) >= 0 &&
				    kz_date_cmp(
				        it->occurred_on, it->period_to) <= 0);
		}
	}
}

static int
same_str(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

static int
same_item(const struct kz_incident *a, const struct kz_incident *b)
{
	if (strcmp(a->section, b->section) != 0 || a->nsources != b->nsources)
		return 0;
	for (int l = 0; l < KZ_LANG_COUNT; l++)
		if (!same_str(a->title[l], b->title[l]) ||
		    !same_str(a->summary[l], b->summary[l]))
			return 0;
	for (size_t k = 0; k < a->nsources; k++) {
		size_t j;

		for (j = 0; j < b->nsources; j++)
			if (strcmp(a->sources[k].url_norm,
			        b->sources[j].url_norm) == 0)
				break;
		if (j == b->nsources)
			return 0;
	}
	return 1;
}

/* Render doc as a Markdown report, parse it back, compare. */
static void
round_trip(const struct kz_import_doc *doc, const struct kz_taxonomy *tax,
    enum kz_lang lang)
{
	struct kz_report_opts opts;
	struct kz_import_doc back = {0};
	struct kz_buf md;
	struct kz_err err = {0};
	char *used;
	kz_rc rc;

	if (doc->n == 0 || doc->n > 64)
		return;
	memset(&opts, 0, sizeof opts);
	opts.lang = lang;
	opts.tax = tax;
	opts.from = doc->period_from;
	opts.to = doc->period_to;
	if (kz_date_unknown(opts.from)) {
		opts.from = (struct kz_date){2000, 1, 1};
		opts.to = (struct kz_date){2099, 12, 31};
	}
	kz_buf_init(&md, KZ_IMPORT_FILE_MAX_BYTES);
	rc = kz_render_report(
	    &md, KZ_FMT_MD, &opts, doc->items, doc->n, NULL, &err);
	CHECK(rc == KZ_OK);
	rc = kz_import_md_parse(
	    md.data, md.len, "rendered.md", tax, &back, &err);
	if (rc != KZ_OK) {
		fprintf(stderr,
		    "fuzz_import: rendered report does not parse: "
		    "%s\n%s\n",
		    err.msg, md.data);
		abort();
	}
	if (back.n != doc->n) {
		fprintf(stderr, "fuzz_import: %zu items back, want %zu\n%s\n",
		    back.n, doc->n, md.data);
		abort();
	}
	used = calloc(back.n, 1);
	CHECK(used != NULL);
	for (size_t i = 0; i < doc->n; i++) {
		size_t j;

		for (j = 0; j < back.n; j++)
			if (!used[j] &&
			    same_item(&doc->items[i], &back.items[j]))
				break;
		if (j == back.n) {
			fprintf(stderr,
			    "fuzz_import: item %zu does not come back\n%s\n", i,
			    md.data);
			abort();
		}
		used[j] = 1;
	}
	free(used);
	kz_import_doc_fini(&back);
	kz_buf_fini(&md);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kz_taxonomy tax;
	struct kz_import_doc doc = {0};
	struct kz_err err = {0};
	unsigned opt;
	kz_rc rc;

	if (size == 0)
		return 0;
	opt = data[0];
	kz_taxonomy_default(&tax);
	rc = kz_import_md_parse(
	    (const char *)data + 1, size - 1, "in.md", &tax, &doc, &err);
	if (rc == KZ_OK) {
		check_doc(&doc, &tax);
		if (opt & 1)
			round_trip(&doc, &tax, (enum kz_lang)((opt >> 1) % 3));
		kz_import_doc_fini(&doc);
	} else {
		CHECK(rc == KZ_EPARSE || rc == KZ_ECHARSET || rc == KZ_ELIMIT);
		CHECK(err.rc == rc);
		CHECK(strncmp(err.msg, "in.md:", 6) == 0);
		CHECK(err.msg[6] >= '1' && err.msg[6] <= '9');
		CHECK(kz_utf8_valid(err.msg, strlen(err.msg), NULL));
		CHECK(doc.n == 0 && doc.items == NULL);
	}
	kz_taxonomy_fini(&tax);
	return 0;
}
