/*
 * The model's binary format, version 1 (little-endian):
 *
 *   "KZMODEL\0"  magic, 8 bytes
 *   u32 version (1), u32 algo, u32 hash_bits, u32 nlabels
 *   nlabels x { u8 len, len bytes of [a-z0-9_-] }
 *   f32 ra, rb; nlabels x { f32 bias, pa, pb }
 *   f32 idf[2^bits]; f32 w[2^bits * nlabels]
 *   u64 FNV-1a of everything before
 *
 * Loading checks each field, the exact size, the checksum and that every
 * number is finite.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "classify/cls_int.h"

#define MAGIC "KZMODEL"
#define VERSION 1u

static void
put_u32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t
get_u32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static void
put_f32(unsigned char *p, float f)
{
	uint32_t v;
	memcpy(&v, &f, 4);
	put_u32(p, v);
}

static float
get_f32(const unsigned char *p)
{
	uint32_t v = get_u32(p);
	float f;
	memcpy(&f, &v, 4);
	return f;
}

static uint64_t
fnv64(const unsigned char *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static size_t
blob_size(const struct kz_model *m)
{
	size_t n = 8 + 16 + 8 + m->nl * 12 + 8;
	for (size_t k = 0; k < m->nl; k++)
		n += 1 + strlen(m->labels[k]);
	n += ((size_t)1 << m->bits) * (1 + m->nl) * 4;
	return n;
}

kz_rc
kz_model_save(const struct kz_model *m, struct kz_buf *out, struct kz_err *err)
{
	size_t n = blob_size(m), dim = (size_t)1 << m->bits;
	unsigned char *b = kz_xmalloc(n), *p = b;
	kz_rc rc;

	memcpy(p, MAGIC, 8);
	p += 8;
	put_u32(p, VERSION);
	put_u32(p + 4, (uint32_t)m->algo);
	put_u32(p + 8, m->bits);
	put_u32(p + 12, (uint32_t)m->nl);
	p += 16;
	for (size_t k = 0; k < m->nl; k++) {
		size_t l = strlen(m->labels[k]);
		*p++ = (unsigned char)l;
		memcpy(p, m->labels[k], l);
		p += l;
	}
	put_f32(p, m->ra);
	put_f32(p + 4, m->rb);
	p += 8;
	for (size_t k = 0; k < m->nl; k++) {
		put_f32(p, m->bias[k]);
		put_f32(p + 4, m->pa[k]);
		put_f32(p + 8, m->pb[k]);
		p += 12;
	}
	for (size_t j = 0; j < dim; j++, p += 4)
		put_f32(p, m->idf[j]);
	for (size_t j = 0; j < dim * m->nl; j++, p += 4)
		put_f32(p, m->w[j]);
	uint64_t h = fnv64(b, (size_t)(p - b));
	put_u32(p, (uint32_t)h);
	put_u32(p + 4, (uint32_t)(h >> 32));
	p += 8;
	rc = kz_buf_append(out, b, (size_t)(p - b));
	free(b);
	if (rc != KZ_OK)
		return kz_fail(err, rc, "model: %zu bytes do not fit", n);
	return KZ_OK;
}

static int
label_ok(const unsigned char *p, size_t n)
{
	if (n == 0 || n >= KZ_SECTION_ID_BYTES)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((p[i] >= 'a' && p[i] <= 'z') ||
		        (p[i] >= '0' && p[i] <= '9') || p[i] == '_' ||
		        p[i] == '-'))
			return 0;
	return 1;
}

kz_rc
kz_model_load(
    const void *data, size_t n, struct kz_model **out, struct kz_err *err)
{
	const unsigned char *b = data, *p = data, *end;
	uint32_t ver, algo, bits, nl;
	const char *names[KZ_CLS_LABELS_MAX];
	char tmp[KZ_CLS_LABELS_MAX][KZ_SECTION_ID_BYTES];
	struct kz_model *m;
	size_t dim;

	if (n > KZ_MODEL_MAX_BYTES)
		return kz_fail(err, KZ_ELIMIT, "model: larger than %u bytes",
		    KZ_MODEL_MAX_BYTES);
	if (n < 8 + 16 + 8 || memcmp(b, MAGIC, 8) != 0)
		return kz_fail(err, KZ_EPARSE, "model: not a kuzet model");
	end = b + n - 8;
	ver = get_u32(b + 8);
	algo = get_u32(b + 12);
	bits = get_u32(b + 16);
	nl = get_u32(b + 20);
	if (ver != VERSION)
		return kz_fail(err, KZ_EPARSE,
		    "model: format version %u (this kuzet reads %u)", ver,
		    VERSION);
	if (algo >= KZ_ALGO_COUNT)
		return kz_fail(
		    err, KZ_EPARSE, "model: unknown algorithm %u", algo);
	if (bits < KZ_CLS_HASH_BITS_MIN || bits > KZ_CLS_HASH_BITS_MAX)
		return kz_fail(err, KZ_EPARSE, "model: bad hash bits %u", bits);
	if (nl < 2 || nl > KZ_CLS_LABELS_MAX)
		return kz_fail(err, KZ_EPARSE, "model: bad label count %u", nl);
	{
		uint64_t h = fnv64(b, n - 8);
		if (get_u32(end) != (uint32_t)h ||
		    get_u32(end + 4) != (uint32_t)(h >> 32))
			return kz_fail(
			    err, KZ_EPARSE, "model: checksum mismatch");
	}
	p = b + 24;
	for (uint32_t k = 0; k < nl; k++) {
		size_t l;
		if (p >= end)
			return kz_fail(err, KZ_EPARSE, "model: truncated");
		l = *p++;
		if ((size_t)(end - p) < l || !label_ok(p, l))
			return kz_fail(
			    err, KZ_EPARSE, "model: bad label %u", k);
		memcpy(tmp[k], p, l);
		tmp[k][l] = '\0';
		names[k] = tmp[k];
		p += l;
	}
	dim = (size_t)1 << bits;
	if ((size_t)(end - p) != 8 + (size_t)nl * 12 + dim * (1 + nl) * 4)
		return kz_fail(err, KZ_EPARSE, "model: wrong size");
	m = cls_model_new((enum kz_cls_algo)algo, bits, names, nl);
	m->ra = get_f32(p);
	m->rb = get_f32(p + 4);
	p += 8;
	int finite = isfinite(m->ra) && isfinite(m->rb);
	for (size_t k = 0; k < nl; k++, p += 12) {
		m->bias[k] = get_f32(p);
		m->pa[k] = get_f32(p + 4);
		m->pb[k] = get_f32(p + 8);
		finite = finite && isfinite(m->bias[k]) && isfinite(m->pa[k]) &&
		    isfinite(m->pb[k]);
	}
	for (size_t j = 0; j < dim; j++, p += 4) {
		m->idf[j] = get_f32(p);
		finite = finite && isfinite(m->idf[j]);
	}
	for (size_t j = 0; j < dim * nl; j++, p += 4) {
		m->w[j] = get_f32(p);
		finite = finite && isfinite(m->w[j]);
	}
	if (!finite) {
		kz_model_free(m);
		return kz_fail(err, KZ_EPARSE, "model: a number is not finite");
	}
	*out = m;
	return KZ_OK;
}

kz_rc
kz_model_write_file(
    const struct kz_model *m, const char *path, struct kz_err *err)
{
	struct kz_buf b;
	char *tmp;
	FILE *f;
	kz_rc rc;

	kz_buf_init(&b, KZ_MODEL_MAX_BYTES);
	if ((rc = kz_model_save(m, &b, err)) != KZ_OK) {
		kz_buf_fini(&b);
		return rc;
	}
	tmp = kz_xasprintf("%s.tmp%ld", path, (long)getpid());
	f = fopen(tmp, "wb");
	if (f == NULL) {
		rc = kz_fail(err, KZ_EIO, "%s: %s", tmp, strerror(errno));
		goto out;
	}
	if (fwrite(b.data, 1, b.len, f) != b.len || fflush(f) != 0 ||
	    fsync(fileno(f)) != 0) {
		rc = kz_fail(err, KZ_EIO, "%s: %s", tmp, strerror(errno));
		fclose(f);
		remove(tmp);
		goto out;
	}
	if (fclose(f) != 0 || rename(tmp, path) != 0) {
		rc = kz_fail(err, KZ_EIO, "%s: %s", path, strerror(errno));
		remove(tmp);
		goto out;
	}
out:
	free(tmp);
	kz_buf_fini(&b);
	return rc;
}

kz_rc
kz_model_read_file(const char *path, struct kz_model **out, struct kz_err *err)
{
	char *data;
	size_t len;
	kz_rc rc = kz_file_read(path, KZ_MODEL_MAX_BYTES, &data, &len, err);
	if (rc != KZ_OK)
		return rc;
	rc = kz_model_load(data, len, out, err);
	if (rc != KZ_OK) {
		struct kz_err e2;
		(void)kz_fail(&e2, rc, "%s: %s", path, err ? err->msg : "");
		if (err != NULL)
			*err = e2;
	}
	free(data);
	return rc;
}
