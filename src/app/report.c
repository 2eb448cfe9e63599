/* Loading incidents and building reports from the archive. */
#include <stdlib.h>
#include <string.h>

#include "kuzet/app.h"

void
kz_incidents_fini(struct kz_incidents *l)
{
	for (size_t i = 0; i < l->n; i++)
		kz_incident_fini(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

static kz_rc
collect(void *ctx, const struct kz_incident *inc)
{
	struct kz_incidents *l = ctx;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = kz_xreallocarray(l->v, l->cap, sizeof *l->v);
	}
	kz_incident_copy(&l->v[l->n++], inc);
	return KZ_OK;
}

kz_rc
kz_app_incidents_load(struct kz_store *s, const struct kz_incident_filter *f,
    struct kz_incidents *out, struct kz_err *err)
{
	return kz_store_incident_list(s, f, collect, out, err);
}

kz_rc
kz_app_report(struct kz_store *s, const struct kz_report_opts *opts,
    enum kz_format fmt, int status, struct kz_buf *out, size_t *missing,
    size_t *count, struct kz_err *err)
{
	struct kz_incident_filter f;
	kz_incident_filter_init(&f);
	f.from = opts->from;
	f.to = opts->to;
	f.status = status;
	struct kz_incidents l = {NULL, 0, 0};
	kz_rc rc = kz_app_incidents_load(s, &f, &l, err);
	if (rc == KZ_OK)
		rc = kz_render_report(out, fmt, opts, l.v, l.n, missing, err);
	if (rc == KZ_OK && count != NULL)
		*count = l.n;
	kz_incidents_fini(&l);
	return rc;
}
