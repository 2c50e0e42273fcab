/*
 * sockstat.c - reads the "NAME: key value ..." lines of /proc/net/sockstat
 * (sockstat.h).
 *
 * It never opens files, prints or exits; a malformed line is skipped and
 * counted, never half taken.
 */
#include "sockstat.h"

#include <string.h>

#include "util.h"

static const char *const names[SS_NPROTO] = {
	[SS_SOCKETS] = "sockets", [SS_TCP] = "TCP", [SS_UDP] = "UDP",
	[SS_UDPLITE] = "UDPLITE", [SS_RAW] = "RAW", [SS_FRAG] = "FRAG",
};

const char *sockstat_name(enum ss_proto p)
{
	return p < SS_NPROTO ? names[p] : "?";
}

/* The key s[0..n) is k. */
static bool is_key(const char *s, size_t n, const char *k)
{
	return strlen(k) == n && !memcmp(s, k, n);
}

/* One line: its protocol (SS_NPROTO: an unknown one) and values in *v;
 * false when it is malformed. */
static bool parse_line(const char *line, size_t n, int *proto,
		       struct sockstat_proto *v)
{
	const char *colon = memchr(line, ':', n), *p, *end = line + n;
	size_t nl;

	memset(v, 0, sizeof(*v));
	if (!colon || colon == line ||
	    memchr(line, ' ', (size_t)(colon - line)))
		return false;
	nl = (size_t)(colon - line);
	for (*proto = 0; *proto < SS_NPROTO; (*proto)++)
		if (is_key(line, nl, names[*proto]))
			break;
	p = colon + 1;
	if (p == end) /* no pairs */
		return false;
	while (p < end) {
		const char *k, *sp;
		uint64_t x;
		size_t kl;
		bool *have = NULL;
		uint64_t *dst = NULL;

		if (*p++ != ' ')
			return false;
		k = p;
		sp = memchr(k, ' ', (size_t)(end - k));
		if (!sp || sp == k)
			return false;
		kl = (size_t)(sp - k);
		p = sp + 1;
		if (p == end || *p < '0' || *p > '9' ||
		    !parse_u64(&p, end, &x) || (p < end && *p != ' '))
			return false;
		if (is_key(k, kl, *proto == SS_SOCKETS ? "used" : "inuse")) {
			have = &v->have_inuse;
			dst = &v->inuse;
		} else if (is_key(k, kl, "mem")) {
			have = &v->have_mem;
			dst = &v->mem;
		}
		if (have && *have) /* a key twice: which one? neither */
			return false;
		if (have) {
			*have = true;
			*dst = x;
		}
	}
	return true;
}

void sockstat_parse(const char *text, size_t len, struct sockstat *out)
{
	const char *pos = text, *end = text + len, *line;
	uint64_t unknown = 0; /* the mem pages of unknown protocols */
	bool have_unknown = false, over = false, seen[SS_NPROTO] = { false };
	size_t n;

	memset(out, 0, sizeof(*out));
	while ((line = text_next_line(&pos, end, &n))) {
		struct sockstat_proto v;
		int p;

		if (!n)
			continue;
		if (!parse_line(line, n, &p, &v)) {
			out->skipped++;
			continue;
		}
		if (p == SS_NPROTO) {
			if (v.have_mem) {
				over |= __builtin_add_overflow(unknown, v.mem,
							       &unknown);
				have_unknown = true;
			}
		} else if (seen[p]) {
			memset(&out->p[p], 0, sizeof(out->p[p]));
			out->p[p].dup = true;
		} else {
			out->p[p] = v;
			seen[p] = true;
		}
	}
	out->mem = unknown;
	out->have_mem = have_unknown;
	for (int p = 0; p < SS_NPROTO; p++)
		if (out->p[p].have_mem) {
			over |= __builtin_add_overflow(out->mem, out->p[p].mem,
						       &out->mem);
			out->have_mem = true;
		}
	if (over) {
		out->mem = 0;
		out->have_mem = false;
	}
}
