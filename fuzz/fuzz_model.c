/*
 * Fuzz the model loader and the JSON Lines reader.  The first byte picks
 * the target: even bytes load a model (the rest of the input, or a valid
 * small model with the input's bytes written over part of it), odd bytes
 * parse JSON Lines.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "kuzet/classify.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kz_err err;
	if (size == 0)
		return 0;
	if (data[0] & 1) {
		struct kz_cls_data d;
		kz_cls_data_init(&d);
		if (kz_cls_jsonl_parse((const char *)data + 1, size - 1, "fuzz",
		        &d, &err) == KZ_OK) {
			for (size_t i = 0; i < d.n; i++)
				if (!kz_utf8_valid(d.items[i].text,
				        strlen(d.items[i].text), NULL))
					abort();
		}
		kz_cls_data_fini(&d);
		return 0;
	}
	struct kz_model *m = NULL;
	if (kz_model_load(data + 1, size - 1, &m, &err) == KZ_OK) {
		struct kz_buf b;
		/* what loads saves back to the same bytes */
		kz_buf_init(&b, KZ_MODEL_MAX_BYTES);
		if (kz_model_save(m, &b, &err) != KZ_OK || b.len != size - 1 ||
		    memcmp(b.data, data + 1, b.len) != 0)
			abort();
		kz_buf_fini(&b);
		kz_model_free(m);
	}
	return 0;
}
