/*
 * prom.c - the models as Prometheus metrics (text exposition format).
 *
 * Conventions (prometheus.io/docs/practices/naming): the kmemtop_ prefix,
 * base units in the name (_bytes), no _total since nothing here is a
 * counter: every value is a gauge read from /proc. One series per label
 * set: where a label value repeats (two caches of one name, as real
 * kernels have; two long names alike in their first 120 bytes) the
 * series is the sum of them, so nothing is lost and the series add up
 * to the totals (a size per object takes the largest instead); HELP
 * says so.
 */
#include "prom.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "table.h"
#include "view_oom.h"
#include "vmallocinfo.h"

/* label values cut to this many bytes (at a character boundary) */
enum { LABEL_MAX = 120 };

void prom_label_value(struct sbuf *out, const char *s)
{
	struct sbuf clean = { 0 };
	size_t n;

	sanitize(&clean, s, strlen(s), 0);
	n = clean.len;
	if (n > LABEL_MAX) {
		n = LABEL_MAX;
		while (n && ((unsigned char)clean.s[n] & 0xc0) == 0x80)
			n--;
	}
	for (size_t i = 0; i < n; i++) {
		char c = clean.s[i];
		if (c == '\\' || c == '"')
			sbuf_addc(out, '\\');
		if (c == '\n') {
			sbuf_add(out, "\\n", 2);
			continue;
		}
		sbuf_addc(out, c);
	}
	sbuf_free(&clean);
}

static void family(struct sbuf *out, const char *name, const char *help)
{
	sbuf_addf(out, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
}

/* The label sets {key="value"} of n values, escaped, made once and
 * shared by every metric of a family group; first_of[i] is the first
 * value with the same label set (i itself for the first). */
struct labels {
	char **s;
	size_t *first_of;
	size_t n;
};

static int cmp_label(const void *a, const void *b, void *ctx)
{
	const struct labels *l = ctx;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = strcmp(l->s[x], l->s[y]);

	return c ? c : (x > y) - (x < y);
}

static void labels_make(struct labels *l, const char *key,
			const char *const *values, size_t n)
{
	struct sbuf b = { 0 };
	size_t *order = xmalloc((n ? n : 1) * sizeof(*order));

	l->n = n;
	l->s = xmalloc((n ? n : 1) * sizeof(*l->s));
	l->first_of = xmalloc((n ? n : 1) * sizeof(*l->first_of));
	for (size_t i = 0; i < n; i++) {
		sbuf_reset(&b);
		sbuf_addf(&b, "{%s=\"", key);
		prom_label_value(&b, values[i]);
		sbuf_add(&b, "\"}", 2);
		l->s[i] = xstrdup(b.s);
		order[i] = i;
	}
	/* equal labels sort together, earliest row first: n log n, not a
	 * scan per label */
	qsort_r(order, n, sizeof(*order), cmp_label, l);
	for (size_t k = 0; k < n; k++) {
		bool first = !k || strcmp(l->s[order[k]], l->s[order[k - 1]]);
		l->first_of[order[k]] = first ? order[k]
					      : l->first_of[order[k - 1]];
	}
	free(order);
	sbuf_free(&b);
}

static void labels_free(struct labels *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->s[i]);
	free(l->s);
	free(l->first_of);
	memset(l, 0, sizeof(*l));
}

/* How the values of one label set combine. */
enum combine { SUM, MAX };

/* A family: HELP, TYPE and a sample per label set, from the values v[i]
 * of the n labelled things, combined where label sets repeat. */
static void samples(struct sbuf *out, const char *name, const char *help,
		    const struct labels *l, const uint64_t *v, enum combine how)
{
	uint64_t *acc = xcalloc(l->n ? l->n : 1, sizeof(*acc));

	family(out, name, help);
	for (size_t i = 0; i < l->n; i++) {
		uint64_t *a = &acc[l->first_of[i]];
		if (how == SUM)
			*a += v[i];
		else if (v[i] > *a)
			*a = v[i];
	}
	for (size_t i = 0; i < l->n; i++)
		if (l->first_of[i] == i)
			sbuf_addf(out, "%s%s %" PRIu64 "\n", name, l->s[i],
				  acc[i]);
	free(acc);
}

/* ---- slab ------------------------------------------------------------- */

struct slab_metric {
	const char *name, *help;
	uint64_t (*get)(const struct slab_row *r);
	enum combine how;
};

static uint64_t s_active(const struct slab_row *r)
{
	return r->c.active_objs;
}

static uint64_t s_objs(const struct slab_row *r)
{
	return r->c.num_objs;
}

static uint64_t s_size(const struct slab_row *r)
{
	return r->c.objsize;
}

static uint64_t s_slabs(const struct slab_row *r)
{
	return r->c.num_slabs;
}

static uint64_t s_bytes(const struct slab_row *r)
{
	return r->cache_size;
}

#define SAME_NAME " Caches of one name are summed."
static const struct slab_metric slab_metrics[] = {
	{ "kmemtop_slab_objects_active",
	  "Objects in use in the slab cache (active_objs)." SAME_NAME, s_active,
	  SUM },
	{ "kmemtop_slab_objects",
	  "Objects allocated in the slab cache, in use or free (num_objs)." SAME_NAME,
	  s_objs, SUM },
	{ "kmemtop_slab_object_size_bytes",
	  "Size of one object of the slab cache (objsize); the largest of "
	  "caches of one name.",
	  s_size, MAX },
	{ "kmemtop_slab_slabs",
	  "Slabs allocated to the cache (num_slabs)." SAME_NAME, s_slabs,
	  SUM },
	{ "kmemtop_slab_cache_size_bytes",
	  "Memory of the slab cache: slabs x pages per slab x page size." SAME_NAME,
	  s_bytes, SUM },
};

static void slab_metrics_out(const struct slab_model *m, struct sbuf *out)
{
	size_t n = m->nrows;
	const char **names = xmalloc((n ? n : 1) * sizeof(*names));
	uint64_t *v = xmalloc((n ? n : 1) * sizeof(*v));
	struct labels l;

	for (size_t i = 0; i < n; i++)
		names[i] = m->rows[i].name;
	labels_make(&l, "cache", names, n);
	for (size_t k = 0; k < ARRAY_SIZE(slab_metrics); k++) {
		for (size_t i = 0; i < n; i++)
			v[i] = slab_metrics[k].get(&m->rows[i]);
		samples(out, slab_metrics[k].name, slab_metrics[k].help, &l, v,
			slab_metrics[k].how);
	}
	labels_free(&l);
	free(names);
	free(v);
	family(out, "kmemtop_slab_caches", "Slab caches in /proc/slabinfo.");
	sbuf_addf(out, "kmemtop_slab_caches %" PRIu64 "\n", m->tot.num_caches);
	family(out, "kmemtop_slab_size_bytes",
	       "Memory of all slab objects: active (in use) or total.");
	sbuf_addf(out,
		  "kmemtop_slab_size_bytes{state=\"active\"} %" PRIu64
		  "\nkmemtop_slab_size_bytes{state=\"total\"} %" PRIu64 "\n",
		  m->tot.active_size, m->tot.total_size);
}

/* ---- vmalloc ---------------------------------------------------------- */

static int cmp_group_bytes(const void *a, const void *b)
{
	const struct vm_group *x = *(const struct vm_group *const *)a;
	const struct vm_group *y = *(const struct vm_group *const *)b;

	return (x->bytes < y->bytes) - (x->bytes > y->bytes);
}

static void vm_metrics_out(const struct vm_model *m, struct sbuf *out)
{
	const struct vm_totals *t = &m->tot;
	const char *g = vm_group_by_name(m->group_by);
	const struct vm_group **top;
	const char **keys;
	struct sbuf name = { 0 }, help = { 0 };
	struct labels l;
	size_t n;

	family(out, "kmemtop_vmalloc_areas",
	       "vmalloc areas by type (the first type word of the line).");
	for (int k = 0; k < VT_COUNT; k++)
		sbuf_addf(out,
			  "kmemtop_vmalloc_areas{type=\"%s\"} %" PRIu64 "\n",
			  vm_type_name((enum vm_type)k), t->type_areas[k]);
	family(out, "kmemtop_vmalloc_bytes", "vmalloc bytes by type.");
	for (int k = 0; k < VT_COUNT; k++)
		sbuf_addf(out,
			  "kmemtop_vmalloc_bytes{type=\"%s\"} %" PRIu64 "\n",
			  vm_type_name((enum vm_type)k), t->type_bytes[k]);
	if (m->group_by == VG_NONE || m->group_by == VG_TYPE)
		return;
	/* the largest groups by caller (or module): a bounded set */
	n = m->ngroups;
	top = xmalloc((n ? n : 1) * sizeof(*top));
	for (size_t i = 0; i < n; i++)
		top[i] = &m->groups[i];
	qsort(top, n, sizeof(*top), cmp_group_bytes);
	if (n > PROM_VMALLOC_CALLERS_TOP)
		n = PROM_VMALLOC_CALLERS_TOP;
	keys = xmalloc((n ? n : 1) * sizeof(*keys));
	for (size_t i = 0; i < n; i++)
		keys[i] = top[i]->key;
	labels_make(&l, g, keys, n);
	for (int pass = 0; pass < 2; pass++) {
		const char *what = pass ? "areas" : "bytes";
		uint64_t *v = xmalloc((n ? n : 1) * sizeof(*v));
		for (size_t i = 0; i < n; i++)
			v[i] = pass ? top[i]->areas : top[i]->bytes;
		sbuf_reset(&name);
		sbuf_reset(&help);
		sbuf_addf(&name, "kmemtop_vmalloc_%s_%s", g, what);
		sbuf_addf(&help, "vmalloc %s of the %d largest %s groups.",
			  what, PROM_VMALLOC_CALLERS_TOP, g);
		samples(out, name.s, help.s, &l, v, SUM);
		free(v);
	}
	labels_free(&l);
	free(keys);
	free(top);
	sbuf_free(&name);
	sbuf_free(&help);
}

/* ---- meminfo and oom -------------------------------------------------- */

static void mi_metrics_out(const struct meminfo *mi, struct sbuf *out)
{
	family(out, "kmemtop_memory_bytes",
	       "Fields of /proc/meminfo that kmemtop shows, in bytes.");
	for (int f = 0; f < MI_COUNT; f++)
		if (mi->have[f])
			sbuf_addf(out,
				  "kmemtop_memory_bytes{field=\"%s\"} %" PRIu64
				  "\n",
				  meminfo_name((enum mi_field)f), mi->bytes[f]);
}

static void oom_metrics_out(const struct oom_model *m, int overcommit,
			    struct sbuf *out)
{
	size_t n = m->nrows;
	size_t *idx = table_sorted(&view_oom.cols[view_oom.default_sort], true,
				  m->rows, sizeof(*m->rows), n);
	struct sbuf lab = { 0 };

	if (n > PROM_OOM_TOP)
		n = PROM_OOM_TOP;
	family(out, "kmemtop_oom_score",
	       "oom_score of the processes the OOM killer would pick first.");
	for (int pass = 0; pass < 2; pass++) {
		if (pass)
			family(out, "kmemtop_oom_score_adj",
			       "oom_score_adj of the same processes.");
		for (size_t i = 0; i < n; i++) {
			const struct oom_row *r = &m->rows[idx[i]];
			sbuf_reset(&lab);
			sbuf_addf(&lab, "{pid=\"%" PRId64 "\",command=\"",
				  r->pid);
			prom_label_value(&lab, r->command);
			sbuf_add(&lab, "\"}", 2);
			sbuf_addf(out, "%s%s %" PRId64 "\n",
				  pass ? "kmemtop_oom_score_adj"
				       : "kmemtop_oom_score",
				  lab.s,
				  pass ? r->oom_score_adj : r->oom_score);
		}
	}
	if (overcommit >= 0) {
		family(out, "kmemtop_vm_overcommit_memory",
		       "vm.overcommit_memory: 0 heuristic, 1 always, 2 never.");
		sbuf_addf(out, "kmemtop_vm_overcommit_memory %d\n", overcommit);
	}
	free(idx);
	sbuf_free(&lab);
}

void prom_write(const struct prom_input *in, struct sbuf *out)
{
	if (in->slab)
		slab_metrics_out(in->slab, out);
	if (in->vm)
		vm_metrics_out(in->vm, out);
	if (in->mi)
		mi_metrics_out(in->mi, out);
	if (in->oom)
		oom_metrics_out(in->oom, in->overcommit, out);
	family(out, "kmemtop_snapshot_timestamp_seconds",
	       "When kmemtop took these figures (Unix time).");
	sbuf_addf(out, "kmemtop_snapshot_timestamp_seconds %.3f\n", in->time);
}
