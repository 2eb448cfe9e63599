/*
 * Telegram channel web preview pages (https://t.me/s/CHANNEL), as the
 * public scrapers (snscrape and others) read them:
 *
 *   <div class="tgme_widget_message_wrap js-widget_message_wrap">
 *    <div class="tgme_widget_message js-widget_message"
 *         data-post="CHANNEL/123">
 *     <div class="tgme_widget_message_text js-message_text">text<br>...
 *     <div class="tgme_widget_message_footer">
 *      <a class="tgme_widget_message_date" href="https://t.me/CHANNEL/123">
 *       <time datetime="2024-03-01T10:15:00+00:00" class="time">...
 *
 * Paging back: <link rel="prev" href="/s/CHANNEL?before=101"> in the head,
 * or <a class="tme_messages_more" data-before="101">.
 */
#include <stdlib.h>
#include <string.h>

#include "html/html_int.h"
#include "kuzet/html.h"
#include "kuzet/limits.h"

/* A positive decimal id of at most 18 digits; 0 if s is not one. */
static int64_t
parse_id(const char *s, size_t n)
{
	int64_t v = 0;

	if (n == 0 || n > 18)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static int64_t
before_of(const char *href)
{
	const char *p = href != NULL ? strstr(href, "before=") : NULL;
	size_t n = 0;

	if (p == NULL)
		return 0;
	p += 7;
	while (p[n] >= '0' && p[n] <= '9')
		n++;
	return parse_id(p, n);
}

static void
add_link(struct kz_tg_post *p, const char *href)
{
	size_t n;

	if (href == NULL || p->nlinks >= KZ_TG_LINKS_MAX)
		return;
	if (strncmp(href, "http://", 7) != 0 &&
	    strncmp(href, "https://", 8) != 0)
		return;
	n = strlen(href);
	if (n > KZ_URL_MAX_BYTES)
		return;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)href[i] <= 0x20 || href[i] == 0x7f)
			return;
	for (size_t i = 0; i < p->nlinks; i++)
		if (strcmp(p->links[i], href) == 0)
			return;
	p->links = kz_xreallocarray(p->links, p->nlinks + 1, sizeof *p->links);
	p->links[p->nlinks++] = kz_xstrdup(href);
}

/* The message text: text nodes, <br> as line breaks, block ends as line
 * breaks, links collected. */
static void
message_text(struct kz_tg_post *p, struct kz_hnode *box)
{
	struct kz_tw w;
	struct kz_hnode *n = box->first;

	kz_tw_init(&w, KZ_TG_TEXT_MAX_BYTES);
	while (n != NULL) {
		int skip = 0;

		switch (n->tag) {
		case KZ_TAG_TEXT:
			kz_tw_text(&w, n->u.text, n->len);
			break;
		case KZ_TAG_BR:
			kz_tw_line(&w);
			break;
		case KZ_TAG_A:
			add_link(p, kz_html_attr_id(n, KZ_A_HREF));
			break;
		case KZ_TAG_SCRIPT:
		case KZ_TAG_STYLE:
			skip = 1;
			break;
		case KZ_TAG_DIV:
		case KZ_TAG_P:
		case KZ_TAG_BLOCKQUOTE:
		case KZ_TAG_PRE:
			kz_tw_line(&w);
			break;
		default:
			break;
		}
		n = kz_hnode_step(n, box, skip);
	}
	p->text = kz_tw_take(&w, NULL);
}

static int
in_reply(const struct kz_hnode *n, const struct kz_hnode *msg)
{
	for (; n != NULL && n != msg; n = n->parent)
		if (n->tag != KZ_TAG_TEXT &&
		    (kz_html_has_class(n, "tgme_widget_message_reply") ||
		        kz_html_has_class(
		            n, "tgme_widget_message_link_preview")))
			return 1;
	return 0;
}

/* Fill post from the message block msg; 0 when it has no valid id. */
static int
message(struct kz_tg_post *p, struct kz_hnode *msg)
{
	const char *dp = kz_html_attr_id(msg, KZ_A_DATA_POST);
	const char *slash = dp != NULL ? strchr(dp, '/') : NULL;
	struct kz_hnode *n, *text = NULL, *date_time = NULL, *any_time = NULL;
	size_t cl;

	if (slash == NULL)
		return 0;
	cl = (size_t)(slash - dp);
	if (cl == 0 || cl > 64)
		return 0;
	for (size_t i = 0; i < cl; i++)
		if (!((dp[i] >= 'a' && dp[i] <= 'z') ||
		        (dp[i] >= 'A' && dp[i] <= 'Z') ||
		        (dp[i] >= '0' && dp[i] <= '9') || dp[i] == '_'))
			return 0;
	p->id = parse_id(slash + 1, strlen(slash + 1));
	if (p->id <= 0)
		return 0;
	p->channel = kz_xstrndup(dp, cl);
	p->permalink =
	    kz_xasprintf("https://t.me/%s/%lld", p->channel, (long long)p->id);
	for (n = msg; n != NULL; n = kz_hnode_step(n, msg, 0)) {
		if (n->tag == KZ_TAG_TEXT)
			continue;
		if (text == NULL &&
		    kz_html_has_class(n, "tgme_widget_message_text") &&
		    !in_reply(n, msg))
			text = n;
		if (n->tag == KZ_TAG_TIME &&
		    kz_html_attr_id(n, KZ_A_DATETIME) != NULL) {
			const struct kz_hnode *a = n->parent;
			if (any_time == NULL)
				any_time = n;
			for (; a != NULL && a != msg; a = a->parent)
				if (kz_html_has_class(
				        a, "tgme_widget_message_date"))
					break;
			if (date_time == NULL && a != NULL && a != msg)
				date_time = n;
		}
	}
	if (date_time == NULL)
		date_time = any_time;
	if (date_time != NULL &&
	    kz_html_time_parse(
	        kz_html_attr_id(date_time, KZ_A_DATETIME), &p->date))
		p->has_date = 1;
	if (text != NULL)
		message_text(p, text);
	else
		p->text = kz_xstrdup("");
	return 1;
}

static void
post_fini(struct kz_tg_post *p)
{
	free(p->channel);
	free(p->permalink);
	free(p->text);
	for (size_t i = 0; i < p->nlinks; i++)
		free(p->links[i]);
	free(p->links);
}

kz_rc
kz_html_telegram_parse(
    const char *html, size_t len, struct kz_tg_page **out, struct kz_err *err)
{
	struct kz_hdoc *doc = kz_html_read(html, len, err);
	struct kz_hnode *root, *n;
	struct kz_tg_page *pg;
	size_t cap = 0;

	if (doc == NULL)
		return err != NULL ? err->rc : KZ_EPARSE;
	pg = kz_xcalloc(1, sizeof *pg);
	root = doc->root;
	for (n = root; n != NULL;) {
		int skip = 0;

		if (n->tag == KZ_TAG_LINK && pg->before == 0) {
			const char *rel = kz_html_attr_id(n, KZ_A_REL);
			if (rel != NULL && strcmp(rel, "prev") == 0)
				pg->before =
				    before_of(kz_html_attr_id(n, KZ_A_HREF));
		} else if (n->tag == KZ_TAG_A && pg->before == 0 &&
		    kz_html_has_class(n, "tme_messages_more")) {
			const char *b = kz_html_attr_id(n, KZ_A_DATA_BEFORE);
			if (b != NULL)
				pg->before = parse_id(b, strlen(b));
		} else if (n->tag != KZ_TAG_TEXT && n->nattr != 0 &&
		    kz_html_has_class(n, "tgme_widget_message") &&
		    kz_html_attr_id(n, KZ_A_DATA_POST) != NULL) {
			skip = 1;
			if (pg->n < KZ_TG_POSTS_MAX) {
				if (pg->n == cap) {
					cap = cap ? cap * 2 : 16;
					pg->posts = kz_xreallocarray(
					    pg->posts, cap, sizeof *pg->posts);
				}
				memset(
				    &pg->posts[pg->n], 0, sizeof pg->posts[0]);
				if (message(&pg->posts[pg->n], n))
					pg->n++;
				else
					post_fini(&pg->posts[pg->n]);
			}
		}
		n = kz_hnode_step(n, root, skip);
	}
	kz_hdoc_free(doc);
	*out = pg;
	return KZ_OK;
}

void
kz_tg_page_free(struct kz_tg_page *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->n; i++)
		post_fini(&p->posts[i]);
	free(p->posts);
	free(p);
}
