/* robots.txt parsing and matching (RFC 9309). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kuzet/limits.h"
#include "kuzet/net.h"

struct rule {
	char *pat;
	size_t n;
	int allow;
};

struct kz_robots {
	struct rule *rules;
	size_t nrules;
	long crawl_delay_ms; /* -1: none for us */
};

/* A Crawl-delay value (decimal seconds, "0.5" or "10"), in milliseconds
 * capped at KZ_ROBOTS_CRAWL_DELAY_MAX_MS; -1 if it is not a number. */
static long
crawl_delay(const char *v, size_t n)
{
	long ms = 0, frac = 0, scale = 1000;
	size_t i = 0;
	int digits = 0;
	for (; i < n && v[i] >= '0' && v[i] <= '9'; i++, digits++)
		if (ms <= KZ_ROBOTS_CRAWL_DELAY_MAX_MS)
			ms = ms * 10 + (v[i] - '0') * 1000;
	if (i < n && v[i] == '.')
		for (i++; i < n && v[i] >= '0' && v[i] <= '9'; i++, digits++)
			if (scale > 1) {
				scale /= 10;
				frac += (v[i] - '0') * scale;
			}
	if (digits == 0 || i != n)
		return -1;
	ms += frac;
	return ms < KZ_ROBOTS_CRAWL_DELAY_MAX_MS ? ms
	                                         : KZ_ROBOTS_CRAWL_DELAY_MAX_MS;
}

struct group_rules {
	struct rule *v;
	size_t n, cap;
};

static void
push(struct group_rules *g, const char *p, size_t n, int allow)
{
	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 16;
		g->v = kz_xreallocarray(g->v, g->cap, sizeof *g->v);
	}
	g->v[g->n].pat = kz_xstrndup(p, n);
	g->v[g->n].n = n;
	g->v[g->n].allow = allow;
	g->n++;
}

static void
drop(struct group_rules *g)
{
	for (size_t i = 0; i < g->n; i++)
		free(g->v[i].pat);
	free(g->v);
	g->v = NULL;
	g->n = g->cap = 0;
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* Does the User-agent value v[0..n) name agent?  The product token is the
 * leading run of letters, '-' and '_' (RFC 9309 2.2.1). */
static int
agent_matches(const char *v, size_t n, const char *agent)
{
	size_t k = 0;
	while (k < n &&
	    ((v[k] >= 'a' && v[k] <= 'z') || (v[k] >= 'A' && v[k] <= 'Z') ||
	        v[k] == '-' || v[k] == '_'))
		k++;
	return k > 0 && k == strlen(agent) && strncasecmp(v, agent, k) == 0;
}

struct kz_robots *
kz_robots_parse(const char *p, size_t n, const char *agent)
{
	/* Rules of groups for agent, and of groups for "*". */
	struct group_rules mine = {0}, star = {0};
	int in_agents = 0; /* the previous line was a User-agent line */
	int cur_mine = 0, cur_star = 0, saw_mine = 0;
	long delay_mine = -1, delay_star = -1;
	size_t i = 0;

	while (i < n) {
		size_t e = i;
		while (e < n && p[e] != '\n' && p[e] != '\r')
			e++;
		const char *line = p + i;
		size_t len = e - i;
		i = e < n ? e + 1 : e;

		const char *hash = memchr(line, '#', len);
		if (hash != NULL)
			len = (size_t)(hash - line);
		const char *colon = memchr(line, ':', len);
		if (colon == NULL)
			continue;
		size_t kb = 0, ke = (size_t)(colon - line);
		while (kb < ke && is_space(line[kb]))
			kb++;
		while (ke > kb && is_space(line[ke - 1]))
			ke--;
		size_t vb = (size_t)(colon - line) + 1, ve = len;
		while (vb < ve && is_space(line[vb]))
			vb++;
		while (ve > vb && is_space(line[ve - 1]))
			ve--;
		const char *key = line + kb, *val = line + vb;
		size_t klen = ke - kb, vlen = ve - vb;

		if (klen == 10 && strncasecmp(key, "user-agent", 10) == 0) {
			if (!in_agents) {
				cur_mine = cur_star = 0;
				in_agents = 1;
			}
			if (vlen == 1 && val[0] == '*')
				cur_star = 1;
			else if (agent_matches(val, vlen, agent))
				cur_mine = saw_mine = 1;
			continue;
		}
		if (klen == 11 && strncasecmp(key, "crawl-delay", 11) == 0) {
			long d = crawl_delay(val, vlen);
			in_agents = 0;
			if (d >= 0 && cur_mine)
				delay_mine = d;
			if (d >= 0 && cur_star)
				delay_star = d;
			continue;
		}
		int allow;
		if (klen == 5 && strncasecmp(key, "allow", 5) == 0)
			allow = 1;
		else if (klen == 8 && strncasecmp(key, "disallow", 8) == 0)
			allow = 0;
		else
			continue; /* Sitemap, junk: not rules */
		in_agents = 0;
		if (vlen == 0)
			continue; /* "Disallow:" allows everything */
		if (cur_mine)
			push(&mine, val, vlen, allow);
		if (cur_star)
			push(&star, val, vlen, allow);
	}

	struct kz_robots *r = kz_xcalloc(1, sizeof *r);
	/* A group naming us replaces the "*" groups, even an empty one. */
	if (saw_mine) {
		r->rules = mine.v;
		r->nrules = mine.n;
		r->crawl_delay_ms = delay_mine;
		drop(&star);
	} else {
		r->rules = star.v;
		r->nrules = star.n;
		r->crawl_delay_ms = delay_star;
		drop(&mine);
	}
	return r;
}

void
kz_robots_free(struct kz_robots *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->nrules; i++)
		free(r->rules[i].pat);
	free(r->rules);
	free(r);
}

/*
 * Does pattern pat[0..pn) match a prefix of s (or all of it with a final
 * '$')?  '*' matches any run.  Greedy with backtracking to the last star:
 * O(pn * strlen(s)) at worst, never exponential.
 */
static int
pat_match(const char *pat, size_t pn, const char *s)
{
	int anchored = pn > 0 && pat[pn - 1] == '$';
	if (anchored)
		pn--;
	size_t pi = 0, si = 0, slen = strlen(s);
	size_t star_p = (size_t)-1, star_s = 0;
	for (;;) {
		if (pi == pn) {
			if (!anchored || si == slen)
				return 1;
		} else if (pat[pi] == '*') {
			star_p = pi++;
			star_s = si;
			continue;
		} else if (si < slen && pat[pi] == s[si]) {
			pi++;
			si++;
			continue;
		}
		if (star_p == (size_t)-1 || star_s >= slen)
			return 0;
		pi = star_p + 1;
		si = ++star_s;
	}
}

long
kz_robots_crawl_delay_ms(const struct kz_robots *r)
{
	return r != NULL ? r->crawl_delay_ms : -1;
}

int
kz_robots_allows(const struct kz_robots *r, const char *path)
{
	if (r == NULL)
		return 1;
	if (strcmp(path, "/robots.txt") == 0)
		return 1;
	size_t best = 0;
	int found = 0, allow = 1;
	for (size_t i = 0; i < r->nrules; i++) {
		const struct rule *u = &r->rules[i];
		if (!pat_match(u->pat, u->n, path))
			continue;
		if (!found || u->n > best || (u->n == best && u->allow)) {
			best = u->n;
			allow = u->allow;
			found = 1;
		}
	}
	return allow;
}
