/*
 * HTML pages: the main text and metadata of an article page, and the posts
 * of a Telegram channel's public web preview (https://t.me/s/CHANNEL).
 * Pure parsers over kuzet's own HTML tree builder (src/html/tok.c; no
 * network, no entities from outside the document): bytes in, structs out;
 * they never fetch or store.
 */
#ifndef KUZET_HTML_H
#define KUZET_HTML_H

#include <stddef.h>
#include <stdint.h>

#include "kuzet/base.h"

/* What kz_html_extract found on an article page.  Every string is valid
 * UTF-8, NUL-terminated and owned by the article. */
struct kz_article {
	char *title; /* og:title, else <title> without the site's name, else
	                <h1>; NULL if none.  At most KZ_TITLE_MAX_BYTES. */
	char *lang; /* primary language subtag declared by the page ("ru",
	               "kk", "en"), lower case; NULL if none */
	char *canonical_url; /* <link rel=canonical> (else og:url), made
	                        absolute against the page URL; NULL if none */
	char *text; /* main text, paragraphs separated by "\n"; never NULL,
	               "" when nothing was found; at most
	               KZ_ARTICLE_TEXT_MAX_BYTES */
	size_t text_len;
	int has_published; /* 1 if published is set */
	int64_t published; /* publication time, unix seconds UTC */
};

/*
 * Extract the article in html[0..len) (any bytes; a declared charset is
 * honoured, else UTF-8 is assumed and invalid sequences become U+FFFD).
 * url, the address the page was fetched from, may be NULL; it resolves a
 * relative canonical URL.  On success *out gets a new article the caller
 * frees with kz_article_free.  Fails with KZ_ELIMIT when len exceeds
 * KZ_HTML_MAX_BYTES or the page has more than KZ_HTML_NODES_MAX nodes.
 * Start tags nested deeper than KZ_HTML_DEPTH_MAX are ignored (their text
 * is kept).
 */
kz_rc kz_html_extract(const char *html, size_t len, const char *url,
    struct kz_article **out, struct kz_err *err) KZ_MUST_CHECK;

/* Free an article from kz_html_extract; NULL is a no-op. */
void kz_article_free(struct kz_article *a);

/* One post of a Telegram channel page.  Strings are owned by the page. */
struct kz_tg_post {
	int64_t id; /* message id, from data-post="CHANNEL/ID" */
	char *channel; /* CHANNEL as written in data-post */
	char *permalink; /* https://t.me/CHANNEL/ID */
	int has_date;
	int64_t date; /* <time datetime> of the post's date link, unix
	                 seconds UTC */
	char *text; /* the message text with line breaks kept; "" for posts
	               without text (photos, stickers) */
	char **links; /* absolute http(s) links inside the text, in order,
	                 without duplicates */
	size_t nlinks;
};

/* A parsed channel page: posts in page order (oldest first on t.me). */
struct kz_tg_page {
	struct kz_tg_post *posts;
	size_t n;
	int64_t before; /* id for the previous page (?before=ID), 0 if none */
};

/*
 * Parse a Telegram channel's web preview page html[0..len) (the HTML of
 * https://t.me/s/CHANNEL or ...?before=ID).  Message blocks are the
 * elements with class tgme_widget_message and a data-post attribute;
 * blocks without a valid "channel/id" are skipped.  On success *out gets a
 * page the caller frees with kz_tg_page_free (it may hold 0 posts).  Fails
 * with KZ_ELIMIT past KZ_HTML_MAX_BYTES or KZ_HTML_NODES_MAX nodes.  At most
 * KZ_TG_POSTS_MAX posts, KZ_TG_TEXT_MAX_BYTES of text and KZ_TG_LINKS_MAX links
 * per post are kept.
 */
kz_rc kz_html_telegram_parse(const char *html, size_t len,
    struct kz_tg_page **out, struct kz_err *err) KZ_MUST_CHECK;

/* Free a page from kz_html_telegram_parse; NULL is a no-op. */
void kz_tg_page_free(struct kz_tg_page *p);

#endif
