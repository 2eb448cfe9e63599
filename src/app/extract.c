/* kuzet extract: an article page's title, date, language and main text. */
#include <stdlib.h>
#include <string.h>

#include "kuzet/app.h"
#include "kuzet/html.h"
#include "kuzet/limits.h"
#include "kuzet/render.h"

static kz_rc
str_or_null(struct kz_buf *out, const char *s)
{
	if (s == NULL)
		return kz_buf_puts(out, "null");
	return kz_render_json_str(out, s, strlen(s));
}

kz_rc
kz_app_article_json(struct kz_buf *out, const struct kz_article *a)
{
	char ts[32];
	kz_rc rc;

	rc = kz_buf_puts(out, "{\"title\":");
	if (rc == KZ_OK)
		rc = str_or_null(out, a->title);
	if (rc == KZ_OK)
		rc = kz_buf_puts(out, ",\"published\":");
	if (rc == KZ_OK && a->has_published) {
		kz_render_time(a->published, ts);
		rc = kz_buf_printf(out, "\"%s\"", ts);
	} else if (rc == KZ_OK) {
		rc = kz_buf_puts(out, "null");
	}
	if (rc == KZ_OK)
		rc = kz_buf_puts(out, ",\"lang\":");
	if (rc == KZ_OK)
		rc = str_or_null(out, a->lang);
	if (rc == KZ_OK)
		rc = kz_buf_puts(out, ",\"text\":");
	if (rc == KZ_OK)
		rc = kz_render_json_str(out, a->text, a->text_len);
	if (rc == KZ_OK)
		rc = kz_buf_puts(out, ",\"canonical_url\":");
	if (rc == KZ_OK)
		rc = str_or_null(out, a->canonical_url);
	if (rc == KZ_OK)
		rc = kz_buf_puts(out, "}\n");
	return rc;
}

kz_rc
kz_app_extract(
    const char *path, const char *url, struct kz_buf *out, struct kz_err *err)
{
	char *html = NULL;
	size_t len = 0;
	struct kz_article *a = NULL;
	kz_rc rc;

	rc = kz_file_read(path, KZ_HTML_MAX_BYTES, &html, &len, err);
	if (rc != KZ_OK)
		return rc;
	rc = kz_html_extract(html, len, url, &a, err);
	free(html);
	if (rc != KZ_OK)
		return rc;
	rc = kz_app_article_json(out, a);
	kz_article_free(a);
	if (rc != KZ_OK)
		return kz_fail(
		    err, rc, "%s: extracted article too large", path);
	return KZ_OK;
}
