/*
 * Fuzz kuzet's HTML tokenizer and tree builder (src/html/tok.c) through
 * kz_html_read, and kz_html_unescape on the same bytes.
 *
 * Invariants on success: the tree is well linked (each child's parent,
 * first/last/next agree), elements nest at most KZ_HTML_DEPTH_MAX deep
 * (<html> counted), element and text ids are unique and below nelem and
 * ntext, nnodes counts them all, every text node and attribute value is
 * valid UTF-8 (attributes NUL-terminated, without NULs).  On failure:
 * KZ_ELIMIT with a message.  kz_html_unescape never writes more than it
 * reads and keeps valid UTF-8 valid.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "html/html_int.h"
#include "kuzet/limits.h"

static void
check_tree(const struct kz_hdoc *d)
{
	const struct kz_hnode *n = d->root;
	unsigned depth = 0;
	size_t nelem = 0, ntext = 0;
	uint8_t *seen_e = calloc(d->nelem + 1, 1);
	uint8_t *seen_t = calloc(d->ntext + 1, 1);

	CHECK(seen_e != NULL && seen_t != NULL);
	CHECK(n != NULL && n->tag == KZ_TAG_HTML && n->parent == NULL);
	while (n != NULL) {
		if (n->tag == KZ_TAG_TEXT) {
			CHECK(n->id < d->ntext && !seen_t[n->id]);
			seen_t[n->id] = 1;
			ntext++;
			CHECK(n->first == NULL);
			CHECK(kz_utf8_valid(n->u.text, n->len, NULL));
			CHECK(memchr(n->u.text, '\0', n->len) == NULL);
		} else {
			CHECK(n->tag < KZ_TAG_N);
			CHECK(n->id < d->nelem && !seen_e[n->id]);
			seen_e[n->id] = 1;
			nelem++;
			CHECK(depth < KZ_HTML_DEPTH_MAX);
			CHECK(n->u.name != NULL && n->u.name[0] != '\0');
			for (uint16_t i = 0; i < n->nattr; i++) {
				const char *v = n->attr[i].value;
				CHECK(n->attr[i].id > KZ_A_OTHER &&
				    n->attr[i].id < KZ_A_N);
				CHECK(n->amask & (1u << n->attr[i].id));
				CHECK(kz_utf8_valid(v, strlen(v), NULL));
			}
			CHECK((n->first == NULL) == (n->last == NULL));
			if (n->last != NULL)
				CHECK(n->last->next == NULL);
		}
		for (const struct kz_hnode *k = n->first; k != NULL;
		     k = k->next)
			CHECK(k->parent == n);
		if (n->first != NULL) {
			n = n->first;
			depth++;
			continue;
		}
		while (n != d->root && n->next == NULL) {
			CHECK(n->parent->last == n);
			n = n->parent;
			depth--;
		}
		n = n == d->root ? NULL : n->next;
	}
	CHECK(nelem == d->nelem && ntext == d->ntext);
	CHECK(nelem + ntext == d->nnodes && d->nnodes <= KZ_HTML_NODES_MAX);
	free(seen_e);
	free(seen_t);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kz_err err = {0};
	struct kz_hdoc *d = kz_html_read((const char *)data, size, &err);
	char *out;
	size_t n;

	if (d == NULL) {
		CHECK(err.rc == KZ_ELIMIT && err.msg[0] != '\0');
	} else {
		check_tree(d);
		kz_hdoc_free(d);
	}
	/* kz_html_unescape in both modes, on the bytes and in place */
	out = malloc(size + 1);
	CHECK(out != NULL);
	for (int attr = 0; attr < 2; attr++) {
		n = kz_html_unescape((const char *)data, size, out, attr);
		CHECK(n <= size && out[n] == '\0');
		if (kz_html_utf8_clean((const char *)data, size))
			CHECK(kz_utf8_valid(out, n, NULL));
	}
	memcpy(out, data, size);
	n = kz_html_unescape(out, size, out, 0);
	CHECK(n <= size);
	free(out);
	/* repair makes any bytes valid UTF-8 without NULs */
	out = malloc(3 * size + 1);
	CHECK(out != NULL);
	n = kz_html_utf8_fix((const char *)data, size, out);
	CHECK(n <= 3 * size && kz_html_utf8_clean(out, n));
	CHECK(kz_html_utf8_clean((const char *)data, size) ==
	    (n == size && memcmp(out, data, size) == 0));
	free(out);
	return 0;
}
