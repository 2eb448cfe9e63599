/* Article metadata from a parsed page (src/html/meta.c). */
#ifndef KZ_HTML_META_INT_H
#define KZ_HTML_META_INT_H

#include "html/dom.h"
#include "kuzet/html.h"

/* Fill a's title, lang, canonical_url and published from doc; url (may be
 * NULL) resolves a relative canonical link. */
void
kz_html_meta(const struct kz_hdoc *doc, const char *url, struct kz_article *a);

#endif
