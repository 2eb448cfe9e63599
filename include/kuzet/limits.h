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
/* JSON nesting in an imported export (a report nests 5 deep). */
#define KZ_IMPORT_JSON_DEPTH_MAX 16u
/* Sources attached to one incident. */
#define KZ_SOURCES_MAX 64u
/* Sources in one list for `source import`, and a source's name. */
#define KZ_SOURCE_IMPORT_MAX 10000u
#define KZ_SOURCE_NAME_MAX_BYTES 512u
/* A source list file to import (OPML or text). */
#define KZ_SOURCE_LIST_MAX_BYTES (8u * 1024u * 1024u)
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
/* Element nesting of a parsed HTML page; start tags deeper (broken or
 * hostile markup: real pages stay under 100) are ignored, their text kept. */
#define KZ_HTML_DEPTH_MAX 512u
/* Nodes (elements and text runs) of one parsed HTML page: a page past it
 * is refused (KZ_ELIMIT); real pages stay under 50,000. */
#define KZ_HTML_NODES_MAX 1000000u
/* Arena memory a thread keeps from one parsed HTML page for the next
 * (one block, the largest): 16 MB. */
#define KZ_HTML_ARENA_KEEP (16u * 1024u * 1024u)
/* The main text of an article, in bytes of UTF-8. */
#define KZ_ARTICLE_TEXT_MAX_BYTES (1024u * 1024u)
/* Posts kept from one Telegram channel page (t.me shows about 20). */
#define KZ_TG_POSTS_MAX 1000u
/* The text of one Telegram post (Telegram allows 4096 characters). */
#define KZ_TG_TEXT_MAX_BYTES (64u * 1024u)
/* Links kept from one Telegram post. */
#define KZ_TG_LINKS_MAX 256u

/* Fetching (src/net).  Defaults of struct kz_fetch_opts; operators override
 * them with flags.  Transfers at once: 8 keeps a laptop's uplink and the
 * sites we watch comfortable; the ceiling bounds sockets and memory
 * (jobs x body cap). */
#define KZ_FETCH_JOBS_DEFAULT 8u
#define KZ_FETCH_JOBS_MAX 256u
/* Transfers at once to one host (scheme://host:port): polite crawling. */
#define KZ_FETCH_PER_HOST_DEFAULT 2u
/* Milliseconds between the starts of two requests to one host. */
#define KZ_FETCH_HOST_DELAY_MS 1000L
/* Milliseconds to connect (DNS + TCP + TLS), per attempt. */
#define KZ_FETCH_CONNECT_TIMEOUT_MS 10000L
/* Milliseconds for a whole transfer, body included, per attempt. */
#define KZ_FETCH_TOTAL_TIMEOUT_MS 60000L
/* A fetched body after gzip/deflate decoding, in bytes: the largest real
 * feeds are a few MB; the cap also stops decompression bombs. */
#define KZ_FETCH_BODY_MAX_BYTES (10u * 1024u * 1024u)
/* Redirects followed for one request. */
#define KZ_FETCH_REDIRECTS_MAX 5L
/* Extra attempts after a 5xx answer or a timeout, and the first backoff in
 * milliseconds (doubled for each further attempt). */
#define KZ_FETCH_RETRIES_DEFAULT 2u
#define KZ_FETCH_RETRY_BACKOFF_MS 1000L
/* An ETag or Last-Modified value kept for conditional GET, in bytes; longer
 * ones are dropped. */
#define KZ_FETCH_VALIDATOR_MAX_BYTES 1024u
/* robots.txt: RFC 9309 asks crawlers to read at least 500 KiB. */
#define KZ_ROBOTS_MAX_BYTES (500u * 1024u)
/* Milliseconds a fetched robots.txt stays cached (RFC 9309: up to 24 h),
 * and how long an unreachable one blocks pages before it is asked again. */
#define KZ_ROBOTS_CACHE_MS (24L * 3600L * 1000L)
#define KZ_ROBOTS_FAIL_CACHE_MS (5L * 60L * 1000L)
/* --resolve pins of one collect or watch run. */
#define KZ_RESOLVE_MAX 256u
/* A robots.txt Crawl-delay (the non-standard delay between two requests to
 * the host) is honoured up to this many milliseconds: one page a minute
 * still gets a day's news from a site. */
#define KZ_ROBOTS_CRAWL_DELAY_MAX_MS (60L * 1000L)
/* Retry-After on a 429 or 503 answer (seconds or an HTTP-date) is honoured
 * up to this many seconds: no request to the host before then, and the
 * source is not collected again before then.  A wait of up to
 * KZ_FETCH_RETRY_AFTER_WAIT_MS is waited out within the run (the request
 * retried if retries are left); a longer one ends the host's requests of
 * this run with the error. */
#define KZ_FETCH_RETRY_AFTER_MAX_S (24L * 3600L)
#define KZ_FETCH_RETRY_AFTER_WAIT_MS (30L * 1000L)

/* A token's bytes; longer words (URLs, junk) are cut there. */
#define KZ_TOKEN_MAX_BYTES 256u

/* Classification (src/classify).  A JSON Lines line of training data: the
 * corpus's items are ~1 KB; 1 MiB leaves room for whole articles. */
#define KZ_JSONL_LINE_MAX_BYTES (1024u * 1024u)
/* A JSON Lines file read whole: 100,000 items of ~2 KB with room. */
#define KZ_JSONL_FILE_MAX_BYTES (1024u * 1024u * 1024u)
/* JSON nesting inside one line (values we skip). */
#define KZ_JSONL_DEPTH_MAX 32u
/* Items in one training or evaluation set. */
#define KZ_CLS_ITEMS_MAX 2000000u
/* Labels of a model: sections plus "none" (taxonomies have a handful). */
#define KZ_CLS_LABELS_MAX 32u
/* Articles classified per transaction by analyze (a commit each cost a
 * sync each). */
#define KZ_ANALYZE_BATCH 500u
/* Hash buckets: 2^18 by default; 2^12..2^22 accepted in a model. */
#define KZ_CLS_HASH_BITS_DEFAULT 18u
#define KZ_CLS_HASH_BITS_MIN 12u
#define KZ_CLS_HASH_BITS_MAX 22u
/* A serialized model: 2^22 buckets x 32 labels x 4 bytes is 512 MiB; the
 * default (2^18 x 6) is ~7 MiB. */
#define KZ_MODEL_MAX_BYTES (600u * 1024u * 1024u)
/* Terms shown as the reasons of a decision, and the bytes of one. */
#define KZ_CLS_TERMS_MAX 10u
#define KZ_CLS_TERM_BYTES 96u
/* Bytes of one item's title + text that are classified; the rest of a very
 * long article is ignored (the start of a news item carries its topic). */
#define KZ_CLS_TEXT_MAX_BYTES (256u * 1024u)

/* A search query (kz_incident_filter.q): bytes and terms (words, "phrases"
 * or prefix* words, ANDed); longer queries are refused (KZ_ELIMIT), as no
 * one types them and each term costs a posting-list read. */
#define KZ_SEARCH_QUERY_MAX_BYTES 1024u
#define KZ_SEARCH_TERMS_MAX 32u
/* Words around the matches in a search snippet. */
#define KZ_SEARCH_SNIPPET_TOKENS 16

#endif
