/*
 * The store on a synthetic archive: insert N incidents (default 100,000;
 * two languages, two sources each, dates over two years), then time list
 * with and without filters, paging, get, save, find_dup and single adds.
 *
 * Usage: bench_store [N] [DB]   (DB defaults to a temporary file, removed;
 * N = 0 times an existing DB without inserting)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kuzet/store.h"

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
die(const char *what, const struct kz_err *err)
{
	fprintf(stderr, "bench_store: %s: %s\n", what, err->msg);
	exit(1);
}

static const char *const sections[] = {
    "expression", "privacy", "cyber", "law", "courts"};

static void
make(struct kz_incident *inc, long i, long n)
{
	char buf[1024];
	kz_incident_init(inc);
	snprintf(inc->section, sizeof inc->section, "%s", sections[i % 5]);
	inc->status = i % 10 == 0 ? KZ_STATUS_DRAFT : KZ_STATUS_PUBLISHED;
	/* Roughly chronological, as reports are imported month by month,
	 * with two weeks of jitter. */
	long day = i * 730 / n + (i * 7919) % 29 - 14;
	if (day < 0)
		day = 0;
	inc->occurred_on.y = 2024 + (int)(day / 365);
	inc->occurred_on.m = (int)(day % 365 / 31) + 1;
	inc->occurred_on.d = (int)(day % 28) + 1;
	if (i % 7 == 0) {
		/* Only the report period is known. */
		inc->period_from = inc->occurred_on;
		inc->period_from.d = 1;
		inc->period_to = inc->occurred_on;
		inc->period_to.d = 28;
		inc->occurred_on.y = 0;
	}
	snprintf(buf, sizeof buf,
	    "Блокировка сайта издания номер %ld в Казахстане", i);
	kz_incident_set_text(&inc->title[KZ_LANG_RU], buf);
	snprintf(buf, sizeof buf,
	    "Қазақстандағы %ld нөмірлі басылым сайтының бұғатталуы", i);
	kz_incident_set_text(&inc->title[KZ_LANG_KK], buf);
	snprintf(buf, sizeof buf,
	    "Сайт издания %ld недоступен для пользователей без VPN начиная с "
	    "утра; Министерство информации не комментирует ситуацию, а "
	    "редакция сообщает о требовании удалить материал о закупках. "
	    "Мониторинг зафиксировал недоступность у трёх операторов связи.",
	    i);
	kz_incident_set_text(&inc->summary[KZ_LANG_RU], buf);
	kz_incident_set_text(&inc->summary[KZ_LANG_KK], buf);
	snprintf(
	    buf, sizeof buf, "https://news%ld.kz/2024/item-%ld", i % 97, i);
	kz_incident_add_source(inc, buf, buf);
	snprintf(buf, sizeof buf, "https://t.me/channel%ld/%ld", i % 13, i);
	kz_incident_add_source(inc, buf, buf);
}

struct tally {
	long n;
	size_t bytes;
};

static kz_rc
count_fn(void *ctx, const struct kz_incident *inc)
{
	struct tally *t = ctx;
	t->n++;
	for (int l = 0; l < KZ_LANG_COUNT; l++)
		if (inc->title[l] != NULL)
			t->bytes += strlen(inc->title[l]);
	t->bytes += inc->nsources;
	return KZ_OK;
}

static void
time_list(
    struct kz_store *s, const char *label, const struct kz_incident_filter *f)
{
	struct kz_err err = {0};
	struct tally t = {0, 0};
	double best = 1e9, first = 0;
	for (int run = 0; run < 3; run++) {
		t.n = 0;
		double t0 = now();
		if (kz_store_incident_list(s, f, count_fn, &t, &err) != KZ_OK)
			die(label, &err);
		double dt = now() - t0;
		if (run == 0)
			first = dt;
		if (dt < best)
			best = dt;
	}
	printf("%-36s %7ld rows %8.1f ms first, %7.1f ms best of 3\n", label,
	    t.n, first * 1e3, best * 1e3);
}

int
main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 100000;
	char tmpdir[] = "/tmp/kz-bench-XXXXXX";
	char path[256];
	int own = argc <= 2;
	if (own) {
		if (mkdtemp(tmpdir) == NULL)
			return 1;
		snprintf(path, sizeof path, "%s/bench.db", tmpdir);
	} else {
		snprintf(path, sizeof path, "%s", argv[2]);
	}
	struct kz_err err = {0};
	struct kz_store *s;
	if (kz_store_open(path, 1, &s, &err) != KZ_OK)
		die("open", &err);

	double t0 = now();
	if (kz_store_begin(s, &err) != KZ_OK)
		die("begin", &err);
	for (long i = 0; i < n; i++) {
		struct kz_incident inc;
		make(&inc, i, n);
		if (kz_store_incident_add(s, &inc, "bench", &err) != KZ_OK)
			die("add", &err);
		kz_incident_fini(&inc);
	}
	if (kz_store_commit(s, &err) != KZ_OK)
		die("commit", &err);
	double dt = now() - t0;
	if (n > 0)
		printf("%-44s %8ld rows %9.1f ms (%.1f us each)\n",
		    "insert, one transaction", n, dt * 1e3,
		    dt * 1e6 / (double)n);
	else {
		int64_t have;
		if (kz_store_incident_count(s, &have, &err) != KZ_OK)
			die("count", &err);
		n = (long)have;
	}

	struct kz_incident_filter f;
	kz_incident_filter_init(&f);
	time_list(s, "list all", &f);
	f.status = KZ_STATUS_PUBLISHED;
	f.from.y = 2024;
	f.from.m = 3;
	f.from.d = 1;
	f.to.y = 2024;
	f.to.m = 3;
	f.to.d = 31;
	time_list(s, "list published, one month", &f);
	kz_incident_filter_init(&f);
	f.section = "courts";
	time_list(s, "list section courts", &f);
	f.lang = KZ_LANG_KK;
	time_list(s, "list section courts, lang kk", &f);
	kz_incident_filter_init(&f);
	f.limit = 50;
	time_list(s, "list limit 50 offset 0", &f);
	f.offset = n / 2;
	time_list(s, "list limit 50 offset N/2", &f);

	long k = n < 1000 ? n : 1000;
	t0 = now();
	for (long i = 0; i < k; i++) {
		struct kz_incident inc;
		int64_t id = 1 + (i * 7919) % n;
		if (kz_store_incident_get(s, id, &inc, &err) != KZ_OK)
			die("get", &err);
		kz_incident_fini(&inc);
	}
	dt = now() - t0;
	printf("%-44s %8ld      %9.1f ms (%.1f us each)\n", "get", k, dt * 1e3,
	    dt * 1e6 / (double)k);

	t0 = now();
	for (long i = 0; i < k; i++) {
		char url[128], title[128];
		int64_t id;
		long j = (i * 7919) % n;
		snprintf(url, sizeof url, "https://news%ld.kz/2024/item-%ld",
		    j % 97, j);
		snprintf(title, sizeof title,
		    "Блокировка сайта издания номер %ld в Казахстане", j);
		if (kz_store_incident_find_dup(s, url, title, &id, &err) !=
		    KZ_OK)
			die("find_dup", &err);
	}
	dt = now() - t0;
	printf("%-44s %8ld      %9.1f ms (%.1f us each)\n", "find_dup (hits)",
	    k, dt * 1e3, dt * 1e6 / (double)k);

	t0 = now();
	for (long i = 0; i < k; i++) {
		struct kz_incident inc;
		int64_t id = 1 + (i * 7919) % n;
		if (kz_store_incident_get(s, id, &inc, &err) != KZ_OK)
			die("get", &err);
		kz_incident_set_text(&inc.title[KZ_LANG_EN], "Edited");
		inc.status = KZ_STATUS_PUBLISHED;
		if (kz_store_incident_save(s, &inc, "bench", &err) != KZ_OK)
			die("save", &err);
		kz_incident_fini(&inc);
	}
	dt = now() - t0;
	printf("%-44s %8ld      %9.1f ms (%.1f us each)\n",
	    "get + save, own transaction each", k, dt * 1e3,
	    dt * 1e6 / (double)k);

	t0 = now();
	for (long i = 0; i < k; i++) {
		struct kz_incident inc;
		make(&inc, n + i, n + k);
		if (kz_store_incident_add(s, &inc, "bench", &err) != KZ_OK)
			die("add", &err);
		kz_incident_fini(&inc);
	}
	dt = now() - t0;
	printf("%-44s %8ld      %9.1f ms (%.1f us each)\n",
	    "add, own transaction each", k, dt * 1e3, dt * 1e6 / (double)k);

	kz_store_close(s);
	if (own) {
		char p[300];
		const char *suffix[] = {"", "-wal", "-shm"};
		for (int i = 0; i < 3; i++) {
			snprintf(p, sizeof p, "%s%s", path, suffix[i]);
			unlink(p);
		}
		rmdir(tmpdir);
	}
	return 0;
}
