/* Error details and allocation that aborts on out-of-memory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kuzet/base.h"

kz_rc
kz_fail(struct kz_err *err, kz_rc rc, const char *fmt, ...)
{
	if (err != NULL) {
		va_list ap;
		va_start(ap, fmt);
		int n = vsnprintf(err->msg, sizeof err->msg, fmt, ap);
		va_end(ap);
		if (n >= (int)sizeof err->msg)
			err->msg[kz_utf8_clip(
			    err->msg, (int)sizeof err->msg - 1)] = '\0';
		err->rc = rc;
	}
	return rc;
}

const char *
kz_rc_str(kz_rc rc)
{
	switch (rc) {
	case KZ_OK:
		return "ok";
	case KZ_EUSAGE:
		return "usage error";
	case KZ_EIO:
		return "i/o error";
	case KZ_EPARSE:
		return "parse error";
	case KZ_ELIMIT:
		return "limit exceeded";
	case KZ_ECHARSET:
		return "bad encoding";
	case KZ_ENOTFOUND:
		return "not found";
	case KZ_EEXIST:
		return "already exists";
	case KZ_EDB:
		return "database error";
	case KZ_ENET:
		return "network error";
	case KZ_EHTTP:
		return "http error";
	case KZ_EPERM:
		return "permission denied";
	case KZ_EINTERNAL:
		return "internal error";
	case KZ_ECONFLICT:
		return "conflict";
	}
	return "unknown error";
}

static void
oom(size_t n)
{
	fprintf(stderr, "kuzet: fatal: out of memory (%zu bytes)\n", n);
	abort();
}

void *
kz_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (p == NULL)
		oom(n);
	return p;
}

void *
kz_xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
	if (p == NULL)
		oom(nmemb * size);
	return p;
}

void *
kz_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (q == NULL)
		oom(n);
	return q;
}

void *
kz_xreallocarray(void *p, size_t nmemb, size_t size)
{
	if (size != 0 && nmemb > SIZE_MAX / size) {
		fprintf(stderr, "kuzet: fatal: size overflow (%zu * %zu)\n",
		    nmemb, size);
		abort();
	}
	return kz_xrealloc(p, nmemb * size);
}

char *
kz_xstrdup(const char *s)
{
	return kz_xstrndup(s, strlen(s));
}

char *
kz_xstrndup(const char *s, size_t n)
{
	char *p = kz_xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
kz_xasprintf(const char *fmt, ...)
{
	va_list ap, ap2;
	va_start(ap, fmt);
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		va_end(ap2);
		oom(0);
	}
	char *p = kz_xmalloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap2);
	va_end(ap2);
	return p;
}
