/*
 * cgroupfs.c - cgroup memory files, parsed (cgroupfs.h).
 */
#include "cgroupfs.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

static const char *const names[CG_NKEYS] = {
	[CG_KERNEL] = "kernel",
	[CG_SLAB_UNRECL] = "slab_unreclaimable",
	[CG_SLAB_RECL] = "slab_reclaimable",
	[CG_SOCK] = "sock",
	[CG_KERNEL_STACK] = "kernel_stack",
	[CG_PAGETABLES] = "pagetables",
	[CG_SEC_PAGETABLES] = "sec_pagetables",
	[CG_PERCPU] = "percpu",
	[CG_VMALLOC] = "vmalloc",
};

const char *cg_key_name(enum cg_key k)
{
	return names[k];
}

/* "key value" on the line s[0..n): the key's length and the value. */
static bool key_value(const char *s, size_t n, size_t *klen, uint64_t *v)
{
	const char *sp = memchr(s, ' ', n), *p, *end = s + n;

	if (!sp || sp == s)
		return false;
	*klen = (size_t)(sp - s);
	p = sp + 1;
	if (!parse_u64(&p, end, v))
		return false;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p == end;
}

void cgroupfs_stat(const char *text, size_t len, struct cg_stat *out)
{
	const char *pos = text, *end = text + len, *line;
	bool seen[CG_NKEYS] = { false };
	size_t n;

	memset(out, 0, sizeof(*out));
	while ((line = text_next_line(&pos, end, &n))) {
		size_t klen;
		uint64_t v;

		if (!n)
			continue;
		if (!key_value(line, n, &klen, &v)) {
			out->skipped++;
			continue;
		}
		for (int k = 0; k < CG_NKEYS; k++) {
			if (strlen(names[k]) != klen ||
			    memcmp(names[k], line, klen))
				continue;
			if (seen[k]) { /* twice: which one? neither */
				out->have[k] = false;
				out->bad[k] = true;
				out->dup++;
			} else {
				out->v[k] = v;
				out->have[k] = true;
			}
			seen[k] = true;
		}
	}
}

int cgroupfs_value(const char *text, bool max, uint64_t *v)
{
	const char *p = text, *end = text + strlen(text);

	while (end > p && (end[-1] == '\n' || end[-1] == ' '))
		end--;
	if (max && end - p == 3 && !memcmp(p, "max", 3)) {
		*v = UINT64_MAX;
		return 0;
	}
	if (!parse_u64(&p, end, v) || p != end)
		return -1;
	return 0;
}

int cgroupfs_key(const char *text, size_t len, const char *key, uint64_t *v)
{
	const char *pos = text, *end = text + len, *line;
	size_t n, kl = strlen(key);
	int found = 0;

	while ((line = text_next_line(&pos, end, &n))) {
		size_t klen;
		uint64_t x;
		if (key_value(line, n, &klen, &x) && klen == kl &&
		    !memcmp(line, key, kl)) {
			*v = x;
			found++;
		}
	}
	return found == 1 ? 0 : -1;
}

int cgroupfs_pressure(const char *text, double *avg10)
{
	const char *p = strstr(text, "some ");
	char *e;

	if (!p || (p != text && p[-1] != '\n'))
		return -1;
	p = strstr(p, "avg10=");
	if (!p)
		return -1;
	*avg10 = strtod(p + 6, &e);
	if (e == p + 6 || !(*avg10 >= 0 && *avg10 <= 100))
		return -1;
	return 0;
}
