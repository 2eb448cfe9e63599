/*
 * Atom 1.0 (RFC 4287) feed of incidents.  Text is escaped for XML and
 * characters XML 1.0 forbids (C0 controls but TAB, LF, CR) are dropped.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "render/render_int.h"

/* Append s escaped as XML character data. */
static kz_rc
xml_text(struct kz_buf *out, const char *s)
{
	size_t i = 0, start = 0, n = s != NULL ? strlen(s) : 0;

	for (; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
			KZ_TRY(kz_render_html_text(out, s + start, i - start));
			start = i + 1;
		}
	}
	return kz_render_html_text(out, s + start, n - start);
}

kz_rc
kz_render_atom(struct kz_buf *out, const struct kz_atom_opts *o,
    const struct kz_incident *items, size_t n)
{
	char t[32];
	int64_t newest = 0;

	for (size_t i = 0; i < n; i++)
		if (items[i].updated > newest)
			newest = items[i].updated;
	kz_render_time(newest, t);
	KZ_TRY(kz_buf_printf(out,
	    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"%s\">\n"
	    "<title>",
	    kz_lang_code(o->lang)));
	KZ_TRY(xml_text(out, o->title));
	KZ_TRY(kz_buf_puts(out, "</title>\n<id>"));
	KZ_TRY(xml_text(out, o->self));
	KZ_TRY(kz_buf_puts(out, "</id>\n<link rel=\"self\" href=\""));
	KZ_TRY(xml_text(out, o->self));
	KZ_TRY(kz_buf_puts(out, "\"/>\n<link rel=\"alternate\" href=\""));
	KZ_TRY(xml_text(out, o->base));
	KZ_TRY(kz_buf_printf(out,
	    "/\"/>\n<updated>%s</updated>\n<author><name>kuzet</name>"
	    "</author>\n",
	    t));
	for (size_t i = 0; i < n; i++) {
		const struct kz_incident *inc = &items[i];
		enum kz_lang got = kz_incident_lang(inc, o->lang);
		const char *title = inc->title[got] ? inc->title[got] : "";
		const struct kz_section *sec =
		    kz_taxonomy_find(o->tax, inc->section);
		char url[64];

		snprintf(url, sizeof url, "/incidents/%" PRId64, inc->id);
		KZ_TRY(kz_buf_printf(out, "<entry xml:lang=\"%s\">\n<title>",
		    kz_lang_code(got)));
		KZ_TRY(xml_text(out, title[0] ? title : "—"));
		KZ_TRY(kz_buf_puts(out, "</title>\n<id>"));
		KZ_TRY(xml_text(out, o->base));
		KZ_TRY(kz_buf_printf(out, "%s</id>\n<link href=\"", url));
		KZ_TRY(xml_text(out, o->base));
		kz_render_time(inc->updated, t);
		KZ_TRY(kz_buf_printf(
		    out, "%s\"/>\n<updated>%s</updated>\n", url, t));
		kz_render_time(inc->created, t);
		KZ_TRY(kz_buf_printf(out, "<published>%s</published>\n", t));
		KZ_TRY(kz_buf_puts(out, "<category term=\""));
		KZ_TRY(xml_text(out, inc->section));
		KZ_TRY(kz_buf_puts(out, "\" label=\""));
		KZ_TRY(xml_text(out,
		    sec != NULL && sec->name[o->lang] ? sec->name[o->lang]
		                                      : inc->section));
		KZ_TRY(kz_buf_puts(out, "\"/>\n"));
		const char *sum = inc->summary[got] ? inc->summary[got] : "";
		if (sum[0] != '\0') {
			KZ_TRY(kz_buf_puts(out, "<summary>"));
			KZ_TRY(xml_text(out, sum));
			KZ_TRY(kz_buf_puts(out, "</summary>\n"));
		}
		KZ_TRY(kz_buf_puts(out, "</entry>\n"));
	}
	return kz_buf_puts(out, "</feed>\n");
}
