/* A parsed feed as JSON, for `kuzet parse --json`. */
#include <string.h>

#include "kuzet/app.h"
#include "kuzet/feed.h"

#define TRY(x)                                                                 \
	do {                                                                   \
		kz_rc rc_ = (x);                                               \
		if (rc_ != KZ_OK)                                              \
			return rc_;                                            \
	} while (0)

/* "key":"escaped" or "key":null, with a leading comma unless first. */
static kz_rc
field(struct kz_buf *out, const char *key, const char *s, int first)
{
	TRY(kz_buf_printf(out, "%s\"%s\":", first ? "" : ",", key));
	if (s == NULL)
		return kz_buf_puts(out, "null");
	return kz_render_json_str(out, s, strlen(s));
}

static kz_rc
date(struct kz_buf *out, const char *key, int64_t t)
{
	char ts[32];

	if (t == KZ_FEED_NO_DATE)
		return kz_buf_printf(out, ",\"%s\":null", key);
	kz_render_time(t, ts);
	return kz_buf_printf(out, ",\"%s\":\"%s\"", key, ts);
}

static kz_rc
entry(struct kz_buf *out, const struct kz_feed_entry *e)
{
	TRY(kz_buf_putc(out, '{'));
	TRY(field(out, "id", e->id, 1));
	TRY(field(out, "link", e->link, 0));
	TRY(field(out, "title", e->title, 0));
	TRY(field(out, "summary", e->summary, 0));
	TRY(field(out, "content", e->content, 0));
	TRY(field(out, "author", e->author, 0));
	TRY(date(out, "published", e->published));
	TRY(date(out, "updated", e->updated));
	TRY(kz_buf_puts(out, ",\"categories\":["));
	for (size_t i = 0; i < e->n_categories; i++) {
		if (i > 0)
			TRY(kz_buf_putc(out, ','));
		TRY(kz_render_json_str(
		    out, e->categories[i], strlen(e->categories[i])));
	}
	TRY(kz_buf_puts(out, "],\"enclosures\":["));
	for (size_t i = 0; i < e->n_enclosures; i++) {
		const struct kz_feed_enclosure *x = &e->enclosures[i];
		TRY(kz_buf_puts(out, i > 0 ? ",{" : "{"));
		TRY(field(out, "url", x->url, 1));
		TRY(field(out, "type", x->type, 0));
		if (x->length >= 0)
			TRY(kz_buf_printf(
			    out, ",\"length\":%lld", (long long)x->length));
		else
			TRY(kz_buf_puts(out, ",\"length\":null"));
		TRY(kz_buf_putc(out, '}'));
	}
	return kz_buf_puts(out, "]}");
}

kz_rc
kz_app_feed_json(struct kz_buf *out, const struct kz_feed *f)
{
	TRY(kz_buf_putc(out, '{'));
	TRY(field(out, "format", kz_feed_format_name(f->format), 1));
	TRY(field(out, "encoding", f->encoding, 0));
	TRY(kz_buf_puts(out, ",\"warnings\":["));
	for (size_t i = 0; i < f->n_warnings; i++) {
		if (i > 0)
			TRY(kz_buf_putc(out, ','));
		TRY(kz_render_json_str(
		    out, f->warnings[i], strlen(f->warnings[i])));
	}
	TRY(kz_buf_putc(out, ']'));
	TRY(field(out, "title", f->title, 0));
	TRY(field(out, "link", f->link, 0));
	TRY(field(out, "subtitle", f->subtitle, 0));
	TRY(field(out, "language", f->language, 0));
	TRY(date(out, "updated", f->updated));
	TRY(kz_buf_puts(out, ",\"entries\":["));
	for (size_t i = 0; i < f->n_entries; i++) {
		if (i > 0)
			TRY(kz_buf_putc(out, ','));
		TRY(entry(out, &f->entries[i]));
	}
	return kz_buf_puts(out, "]}\n");
}
