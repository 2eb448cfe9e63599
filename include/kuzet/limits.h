/*
 * Every cap kuzet enforces, with its unit and why.  Operators can override
 * those that are flags (see kuzet(1)); the rest protect against hostile or
 * broken input.
 */
#ifndef KUZET_LIMITS_H
#define KUZET_LIMITS_H

/* A report file to import: the seed is 45 KB; 16 MB leaves room for years
 * of reports yet refuses a mistaken multi-gigabyte file before reading it. */
#define KZ_IMPORT_FILE_MAX_BYTES (16u * 1024u * 1024u)
/* Items in one imported report. */
#define KZ_IMPORT_ITEMS_MAX 100000u
/* Sources attached to one incident. */
#define KZ_SOURCES_MAX 64u
/* A title, in bytes of UTF-8. */
#define KZ_TITLE_MAX_BYTES 2048u
/* A summary, in bytes of UTF-8. */
#define KZ_SUMMARY_MAX_BYTES (64u * 1024u)
/* A URL, in bytes. */
#define KZ_URL_MAX_BYTES 4096u
/* A taxonomy file, and the sections it may define. */
#define KZ_TAXONOMY_FILE_MAX_BYTES (256u * 1024u)
#define KZ_TAXONOMY_SECTIONS_MAX 64u
#define KZ_SECTION_ID_BYTES 32 /* incl. NUL */
/* Markdown nesting cmark is allowed to build before we refuse the file. */
#define KZ_MD_DEPTH_MAX 64u
/* A rendered report held in memory before it is written. */
#define KZ_REPORT_MAX_BYTES (512u * 1024u * 1024u)
/* A text form opened in $EDITOR. */
#define KZ_EDIT_FORM_MAX_BYTES (1024u * 1024u)
/* Milliseconds SQLite waits on a locked database before failing. */
#define KZ_DB_BUSY_TIMEOUT_MS 5000

/* A feed document, in bytes as received: 32 MB is three times the fetch
 * cap, so a feed the fetcher accepts always parses. */
#define KZ_FEED_MAX_BYTES (32u * 1024u * 1024u)
/* Element (or JSON) nesting in a feed; real feeds stay under 12. */
#define KZ_FEED_DEPTH_MAX 64u
/* Entries in one feed document (large archives carry a few thousand). */
#define KZ_FEED_ENTRIES_MAX 20000u
/* One text field of a feed (title, summary, content), in bytes. */
#define KZ_FEED_FIELD_MAX_BYTES (4u * 1024u * 1024u)
/* Categories and enclosures kept per entry, and warnings per document. */
#define KZ_FEED_LIST_MAX 256u

/* An HTML page to extract or parse: 10 MB, the default fetch size cap (the
 * largest page of the extraction benchmark is 1.5 MB). */
#define KZ_HTML_MAX_BYTES (10u * 1024u * 1024u)
/* Element nesting the HTML extractors look into; deeper parts (broken or
 * hostile markup: real pages stay under 100) are ignored. */
#define KZ_HTML_DEPTH_MAX 512u
/* The main text of an article, in bytes of UTF-8. */
#define KZ_ARTICLE_TEXT_MAX_BYTES (1024u * 1024u)
/* Posts kept from one Telegram channel page (t.me shows about 20). */
#define KZ_TG_POSTS_MAX 1000u
/* The text of one Telegram post (Telegram allows 4096 characters). */
#define KZ_TG_TEXT_MAX_BYTES (64u * 1024u)
/* Links kept from one Telegram post. */
#define KZ_TG_LINKS_MAX 256u

#endif
