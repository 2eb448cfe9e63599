/*
 * A small strict JSON reader (RFC 8259: no comments, no trailing commas,
 * no control characters in strings, valid surrogate pairs, no NUL
 * characters) into a tree, with every limit given by the caller.  Used
 * for JSON Feed (src/feed/json.c) and for importing kuzet's own JSON
 * exports (src/importer/json.c).
 */
#ifndef KUZET_JSON_H
#define KUZET_JSON_H

#include <stddef.h>

#include "kuzet/base.h"

enum kz_json_type {
	KZ_JSON_NULL,
	KZ_JSON_BOOL,
	KZ_JSON_NUM,
	KZ_JSON_STR,
	KZ_JSON_ARR,
	KZ_JSON_OBJ
};

struct kz_json {
	enum kz_json_type t;
	char *
	    s; /* KZ_JSON_STR (UTF-8, NUL-terminated), KZ_JSON_NUM (its text) */
	size_t n; /* bytes of s */
	char *key; /* a member of an object: its name */
	struct kz_json *kids; /* KZ_JSON_ARR, KZ_JSON_OBJ */
	size_t nkids;
	int b; /* KZ_JSON_BOOL */
	unsigned line; /* 1-based line where the value starts */
};

struct kz_json_limits {
	unsigned depth; /* arrays and objects nested */
	size_t str_bytes; /* one string, decoded */
	size_t kids; /* members of one array or object */
};

/*
 * Parse p[0..n) (one value, whitespace around it) into *root.  Errors:
 * KZ_EPARSE "line N: JSON: what", KZ_ECHARSET for a \u0000, KZ_ELIMIT past
 * a limit.  Strings are not checked for UTF-8 here (check the input).
 * On error *root is left empty.
 */
kz_rc kz_json_parse(const char *p, size_t n, const struct kz_json_limits *lim,
    struct kz_json *root, struct kz_err *err) KZ_MUST_CHECK;

void kz_json_fini(struct kz_json *v);

/* The member key of object o; NULL if o is not an object or has none. */
const struct kz_json *kz_json_get(const struct kz_json *o, const char *key);

#endif
