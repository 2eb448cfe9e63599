/* Import pipeline: read and parse every file, then store in one transaction. */
#include <stdlib.h>
#include <string.h>

#include "kuzet/app.h"
#include "kuzet/limits.h"

/* The language an imported item is written in (its only title). */
static int
item_lang(const struct kz_incident *inc)
{
	for (int l = 0; l < KZ_LANG_COUNT; l++)
		if (inc->title[l] != NULL)
			return l;
	return -1;
}

/* Search for an incident this item duplicates: one of its sources and the
 * same title.  Sets *found. */
static kz_rc
find_dup(struct kz_store *s, const struct kz_incident *item, int l, int *found,
    struct kz_err *err)
{
	*found = 0;
	for (size_t i = 0; i < item->nsources; i++) {
		int64_t id;
		kz_rc rc = kz_store_incident_find_dup(
		    s, item->sources[i].url_norm, item->title[l], &id, err);
		if (rc == KZ_OK) {
			*found = 1;
			return KZ_OK;
		}
		if (rc != KZ_ENOTFOUND)
			return rc;
	}
	if (item->nsources == 0) {
		int64_t id;
		kz_rc rc = kz_store_incident_find_dup(
		    s, NULL, item->title[l], &id, err);
		if (rc == KZ_OK)
			*found = 1;
		else if (rc != KZ_ENOTFOUND)
			return rc;
	}
	return KZ_OK;
}

struct translate_ctx {
	struct kz_store *s;
	const struct kz_incident *item;
	int lang;
	const char *actor;
	int done;
	struct kz_err *err;
};

/* Called per incident sharing a source with the item: attach the item's
 * text as a translation when the section matches and the language is
 * missing. */
static kz_rc
try_translate(void *vctx, int64_t id)
{
	struct translate_ctx *c = vctx;
	if (c->done)
		return KZ_OK;
	struct kz_incident inc;
	kz_rc rc = kz_store_incident_get(c->s, id, &inc, c->err);
	if (rc != KZ_OK)
		return rc;
	if (strcmp(inc.section, c->item->section) == 0 &&
	    inc.title[c->lang] == NULL) {
		kz_incident_set_text(
		    &inc.title[c->lang], c->item->title[c->lang]);
		kz_incident_set_text(
		    &inc.summary[c->lang], c->item->summary[c->lang]);
		if (kz_date_unknown(inc.occurred_on))
			inc.occurred_on = c->item->occurred_on;
		rc = kz_store_incident_save(c->s, &inc, c->actor, c->err);
		if (rc == KZ_OK)
			c->done = 1;
	}
	kz_incident_fini(&inc);
	return rc;
}

kz_rc
kz_app_import_doc(struct kz_store *s, const struct kz_import_doc *doc,
    const char *actor, struct kz_import_stats *stats, struct kz_err *err)
{
	for (size_t i = 0; i < doc->n; i++) {
		const struct kz_incident *item = &doc->items[i];
		int l = item_lang(item);
		if (l < 0)
			continue;
		if (stats != NULL)
			stats->items++;
		int dup;
		kz_rc rc = find_dup(s, item, l, &dup, err);
		if (rc != KZ_OK)
			return rc;
		if (dup) {
			if (stats != NULL)
				stats->skipped++;
			continue;
		}
		struct translate_ctx tc = {s, item, l, actor, 0, err};
		for (size_t k = 0; k < item->nsources && !tc.done; k++) {
			rc = kz_store_incident_find_by_url(s,
			    item->sources[k].url_norm, try_translate, &tc, err);
			if (rc != KZ_OK)
				return rc;
		}
		if (tc.done) {
			if (stats != NULL)
				stats->translated++;
			continue;
		}
		struct kz_incident copy;
		kz_incident_copy(&copy, item);
		copy.id = 0;
		rc = kz_store_incident_add(s, &copy, actor, err);
		kz_incident_fini(&copy);
		if (rc != KZ_OK)
			return rc;
		if (stats != NULL)
			stats->added++;
	}
	return KZ_OK;
}

kz_rc
kz_app_import(struct kz_store *s, const struct kz_taxonomy *tax,
    const char *const *paths, size_t npaths, const char *actor,
    struct kz_import_stats *stats, struct kz_err *err)
{
	struct kz_import_doc *docs = kz_xcalloc(npaths, sizeof *docs);
	size_t parsed = 0;
	kz_rc rc = KZ_OK;
	for (; parsed < npaths; parsed++) {
		char *data;
		size_t len;
		rc = kz_file_read(
		    paths[parsed], KZ_IMPORT_FILE_MAX_BYTES, &data, &len, err);
		if (rc != KZ_OK)
			break;
		switch (kz_import_sniff(data, len)) {
		case KZ_IMPORT_JSON:
			rc = kz_import_json_parse(
			    data, len, paths[parsed], tax, &docs[parsed], err);
			break;
		case KZ_IMPORT_CSV:
			rc = kz_import_csv_parse(
			    data, len, paths[parsed], tax, &docs[parsed], err);
			break;
		default:
			rc = kz_import_md_parse(
			    data, len, paths[parsed], tax, &docs[parsed], err);
			break;
		}
		free(data);
		if (rc != KZ_OK)
			break;
		if (stats != NULL)
			stats->files++;
	}
	if (rc == KZ_OK)
		rc = kz_store_begin(s, err);
	if (rc == KZ_OK) {
		for (size_t i = 0; i < npaths && rc == KZ_OK; i++)
			rc = kz_app_import_doc(s, &docs[i], actor, stats, err);
		if (rc == KZ_OK)
			rc = kz_store_commit(s, err);
		else
			kz_store_rollback(s);
	}
	for (size_t i = 0; i < parsed; i++)
		kz_import_doc_fini(&docs[i]);
	free(docs);
	return rc;
}
