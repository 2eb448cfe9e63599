/* A capped, growable byte buffer (curl's dynbuf, sds). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kuzet/base.h"

void
kz_buf_init(struct kz_buf *b, size_t max)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max;
}

void
kz_buf_fini(struct kz_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

void
kz_buf_reset(struct kz_buf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

/* Make room for n more bytes plus the NUL. */
static kz_rc
grow(struct kz_buf *b, size_t n)
{
	if (n > b->max || b->len > b->max - n)
		return KZ_ELIMIT;
	size_t need = b->len + n + 1;
	if (need <= b->cap)
		return KZ_OK;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need) {
		if (cap > SIZE_MAX / 2) {
			cap = need;
			break;
		}
		cap *= 2;
	}
	b->data = kz_xrealloc(b->data, cap);
	b->cap = cap;
	return KZ_OK;
}

kz_rc
kz_buf_append(struct kz_buf *b, const void *p, size_t n)
{
	kz_rc rc = grow(b, n);
	if (rc != KZ_OK)
		return rc;
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return KZ_OK;
}

kz_rc
kz_buf_puts(struct kz_buf *b, const char *s)
{
	return kz_buf_append(b, s, strlen(s));
}

kz_rc
kz_buf_putc(struct kz_buf *b, char c)
{
	return kz_buf_append(b, &c, 1);
}

kz_rc
kz_buf_vprintf(struct kz_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	char small[256];
	int n = vsnprintf(small, sizeof small, fmt, ap);
	if (n < 0) {
		va_end(ap2);
		return KZ_EINTERNAL;
	}
	kz_rc rc;
	if ((size_t)n < sizeof small) {
		rc = kz_buf_append(b, small, (size_t)n);
	} else {
		rc = grow(b, (size_t)n);
		if (rc == KZ_OK) {
			vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap2);
			b->len += (size_t)n;
		}
	}
	va_end(ap2);
	return rc;
}

kz_rc
kz_buf_printf(struct kz_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	kz_rc rc = kz_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

const char *
kz_buf_str(const struct kz_buf *b)
{
	return b->data != NULL ? b->data : "";
}

char *
kz_buf_take(struct kz_buf *b)
{
	char *p = b->data != NULL ? b->data : kz_xstrdup("");
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}
