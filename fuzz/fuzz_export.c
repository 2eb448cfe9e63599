/*
 * Fuzz the import of kuzet's own exports (kz_import_json_parse,
 * kz_import_csv_parse; the JSON reader under them).  Input: an option
 * byte, then the file.
 *
 * Option byte: bit 0 picks CSV (else JSON); bit 1 renders what parsed as a
 * report in that format (kz_render_report) and parses it back.
 *
 * Invariants on success: at most KZ_IMPORT_ITEMS_MAX items, each in a
 * taxonomy section, with a title in some language, texts valid UTF-8
 * within their caps, at most KZ_SOURCES_MAX sources whose url_norm
 * normalizes to itself, valid dates and a period in order.  On failure:
 * KZ_EPARSE, KZ_ECHARSET or KZ_ELIMIT with a valid UTF-8 message naming
 * the file.  With bit 1: the rendered report imports back to as many items
 * with the same sections, statuses and sources (texts in the report's
 * language, which CSV keeps alone).
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
text_ok(const char *s, size_t max)
{
	return s == NULL ||
	    (strlen(s) <= max && kz_utf8_valid(s, strlen(s), NULL));
}

static void
check_doc(const struct kz_import_doc *doc, const struct kz_taxonomy *tax)
{
	CHECK(doc->n <= KZ_IMPORT_ITEMS_MAX);
	for (size_t i = 0; i < doc->n; i++) {
		const struct kz_incident *it = &doc->items[i];
		int titled = 0;

		CHECK(kz_taxonomy_find(tax, it->section) != NULL);
		CHECK((unsigned)it->status <= KZ_STATUS_REJECTED);
		for (int l = 0; l < KZ_LANG_COUNT; l++) {
			titled |= it->title[l] != NULL && it->title[l][0];
			CHECK(text_ok(it->title[l], KZ_TITLE_MAX_BYTES));
			CHECK(text_ok(it->summary[l], KZ_SUMMARY_MAX_BYTES));
		}
		CHECK(titled);
		fuzz_check_sources(it);
		CHECK(kz_date_unknown(it->occurred_on) ||
		    kz_date_valid(it->occurred_on));
		CHECK(kz_date_unknown(it->period_from) ||
		    (kz_date_valid(it->period_from) &&
		        kz_date_valid(it->period_to) &&
		        kz_date_cmp(it->period_from, it->period_to) <= 0));
		CHECK(doc->lines[i] >= 1);
	}
}

static int
same_sources(const struct kz_incident *a, const struct kz_incident *b)
{
	if (a->nsources != b->nsources)
		return 0;
	for (size_t k = 0; k < a->nsources; k++)
		if (strcmp(a->sources[k].url_norm, b->sources[k].url_norm) != 0)
			return 0;
	return 1;
}

/* Render doc as a report in fmt, parse it back, compare. */
static void
round_trip(const struct kz_import_doc *doc, const struct kz_taxonomy *tax,
    enum kz_format fmt)
{
	struct kz_report_opts opts;
	struct kz_import_doc back = {0};
	struct kz_buf out;
	struct kz_err err = {0};
	kz_rc rc;

	if (doc->n == 0 || doc->n > 64)
		return;
	memset(&opts, 0, sizeof opts);
	opts.lang = KZ_LANG_RU;
	opts.tax = tax;
	opts.from = (struct kz_date){2000, 1, 1};
	opts.to = (struct kz_date){2099, 12, 31};
	kz_buf_init(&out, KZ_IMPORT_FILE_MAX_BYTES);
	rc = kz_render_report(&out, fmt, &opts, doc->items, doc->n, NULL, &err);
	CHECK(rc == KZ_OK);
	rc = fmt == KZ_FMT_CSV
	    ? kz_import_csv_parse(out.data, out.len, "r.csv", tax, &back, &err)
	    : kz_import_json_parse(
	          out.data, out.len, "r.json", tax, &back, &err);
	if (rc != KZ_OK) {
		fprintf(stderr,
		    "fuzz_export: the rendered report does not "
		    "import: %s\n%s\n",
		    err.msg, out.data);
		abort();
	}
	CHECK(back.n == doc->n);
	/* the renderer sorts by section and date: match each item by its
	 * sources, section and status */
	for (size_t i = 0; i < doc->n; i++) {
		size_t j;
		for (j = 0; j < back.n; j++)
			if (strcmp(back.items[j].section,
			        doc->items[i].section) == 0 &&
			    back.items[j].status == doc->items[i].status &&
			    same_sources(&back.items[j], &doc->items[i]))
				break;
		CHECK(j < back.n);
	}
	kz_import_doc_fini(&back);
	kz_buf_fini(&out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kz_taxonomy tax;
	struct kz_import_doc doc = {0};
	struct kz_err err = {0};
	const char *p = (const char *)data + 1;
	unsigned opt;
	kz_rc rc;

	if (size < 1)
		return 0;
	opt = data[0];
	kz_taxonomy_default(&tax);
	rc = (opt & 1)
	    ? kz_import_csv_parse(p, size - 1, "in.csv", &tax, &doc, &err)
	    : kz_import_json_parse(p, size - 1, "in.json", &tax, &doc, &err);
	if (rc == KZ_OK) {
		check_doc(&doc, &tax);
		if (opt & 2)
			round_trip(
			    &doc, &tax, (opt & 1) ? KZ_FMT_CSV : KZ_FMT_JSON);
		kz_import_doc_fini(&doc);
	} else {
		CHECK(rc == KZ_EPARSE || rc == KZ_ECHARSET || rc == KZ_ELIMIT);
		CHECK(kz_utf8_valid(err.msg, strlen(err.msg), NULL));
		CHECK(strncmp(err.msg, (opt & 1) ? "in.csv" : "in.json",
		          (opt & 1) ? 6 : 7) == 0);
	}
	kz_taxonomy_fini(&tax);
	return 0;
}
