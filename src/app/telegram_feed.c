/* A Telegram channel page seen as a feed (kuzet parse). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kuzet/app.h"
#include "kuzet/feed.h"
#include "kuzet/html.h"

/* The first line of s, cut at max characters (UTF-8 aware). */
static char *
first_line(const char *s, size_t max)
{
	size_t line = strcspn(s, "\n"), cut = 0, chars = 0;
	while (cut < line && chars < max) {
		cut++;
		while (cut < line && ((unsigned char)s[cut] & 0xC0) == 0x80)
			cut++;
		chars++;
	}
	return kz_xstrndup(s, cut);
}

void
kz_app_telegram_feed(const struct kz_tg_page *page, struct kz_feed **out)
{
	struct kz_feed *f = kz_xcalloc(1, sizeof *f);
	f->format = KZ_FEED_TELEGRAM;
	snprintf(f->encoding, sizeof f->encoding, "utf-8");
	f->updated = KZ_FEED_NO_DATE;
	if (page->n > 0 && page->posts[0].channel != NULL) {
		f->title = kz_xstrdup(page->posts[0].channel);
		f->link =
		    kz_xasprintf("https://t.me/s/%s", page->posts[0].channel);
	}
	f->entries = kz_xcalloc(page->n ? page->n : 1, sizeof *f->entries);
	for (size_t i = 0; i < page->n; i++) {
		const struct kz_tg_post *p = &page->posts[i];
		struct kz_feed_entry *e = &f->entries[f->n_entries++];
		e->id = kz_xstrdup(p->permalink);
		e->link = kz_xstrdup(p->permalink);
		e->title = first_line(p->text, 120);
		e->summary = kz_xstrdup(p->text);
		e->author = p->channel ? kz_xstrdup(p->channel) : NULL;
		e->published = p->has_date ? p->date : KZ_FEED_NO_DATE;
		e->updated = KZ_FEED_NO_DATE;
	}
	*out = f;
}
