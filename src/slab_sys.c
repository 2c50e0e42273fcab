/*
 * slab_sys.c - /sys/kernel/slab beside /proc/slabinfo: merged names,
 * object sizes, waste, partial slabs, and one cache in detail.
 *
 * It reads only through the source and only what is asked: a listing
 * and two small files per new cache, one file per row whose partial
 * slabs are wanted, the rest for the detail pane. It never writes (the
 * shrink key is the view's, through a handle it holds).
 *
 * The formulas are those of the kernel's tools/mm/slabinfo.c (report()
 * and slabcache()): Loss = slab memory - objects x object_size, %Ef =
 * objects x object_size x 100 / slab memory, %Fr = partial x 100 /
 * slabs, integer division, 100 for a cache without slabs.
 */
#include "slab_sys.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLAB_DIR "sys/kernel/slab"

void slab_sys_init(struct slab_sys *s)
{
	memset(s, 0, sizeof(*s));
}

void slab_sys_free(struct slab_sys *s)
{
	free(s->c);
	keyindex_free(&s->by_dir);
	free(s->name_off);
	free(s->name_cache);
	keyindex_free(&s->by_name);
	free(s->text);
	free(s->row_text[0]);
	free(s->row_text[1]);
	memset(s, 0, sizeof(*s));
}

static bool dir_eq(const void *owner, size_t i, const void *key)
{
	const struct slab_sys *s = owner;

	return !strcmp(s->text + s->c[i].dir, key);
}

static bool name_eq(const void *owner, size_t i, const void *key)
{
	const struct slab_sys *s = owner;

	return !strcmp(s->text + s->name_off[i], key);
}

static uint64_t hash_str(const char *k)
{
	return hash_bytes(k, strlen(k));
}

/* ROOT/sys/kernel/slab/DIR/ATTR: its first number (the total). */
static bool attr(const struct source *src, const char *dir, const char *name,
		 struct source_buf *buf, struct slabsys_count *v)
{
	struct sbuf rel = { 0 };
	struct kerr err;
	bool ok;

	sbuf_addf(&rel, SLAB_DIR "/%s/%s", dir, name);
	ok = !source_read(src, rel.s, buf, &err) &&
	     !slabsys_count(buf->data, v);
	sbuf_free(&rel);
	return ok;
}

static bool attr_u64(const struct source *src, const char *dir,
		     const char *name, struct source_buf *buf, uint64_t *v)
{
	struct slabsys_count c;

	if (!attr(src, dir, name, buf, &c))
		return false;
	*v = c.total;
	return true;
}

/* ---- the listing ------------------------------------------------------ */

struct entry {
	size_t name, target; /* offsets into the listing's arena */
};

struct listing {
	struct entry *e;
	size_t n, cap;
	char *text;
	size_t len, text_cap;
};

/* A link's target must be another entry of the same directory: a plain
 * name (a captured tree's "../../etc" is not followed, nor listed). */
static bool plain_name(const char *s)
{
	return *s && !strchr(s, '/') && strcmp(s, ".") && strcmp(s, "..");
}

static void on_entry(const char *name, const char *link, bool dir, void *ctx)
{
	struct listing *l = ctx;
	const char *target = link ? link : name;

	(void)dir;
	if (!plain_name(name) || !plain_name(target))
		return;
	xgrow((void **)&l->e, &l->cap, l->n + 1, sizeof(*l->e));
	l->e[l->n].name =
		arena_add(&l->text, &l->len, &l->text_cap, name, strlen(name));
	l->e[l->n].target = arena_add(&l->text, &l->len, &l->text_cap, target,
				      strlen(target));
	l->n++;
}

struct pair {
	size_t cache;
	const char *name;
};

static int pair_cmp(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;

	if (x->cache != y->cache)
		return x->cache < y->cache ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* A name a cache is known by: links, and directories named as caches
 * (SLUB names a mergeable cache's directory ":A-0000192"). */
static bool is_name(const char *name, const char *target)
{
	return strcmp(name, target) || name[0] != ':';
}

int slab_sys_scan(struct slab_sys *s, const struct source *src)
{
	struct listing l = { 0 };
	struct slab_sys old = *s;
	struct source_buf buf = { 0 };
	struct pair *pairs;
	size_t np = 0;
	struct kerr err;

	s->tried = true;
	s->lists++;
	if (source_list(src, SLAB_DIR, on_entry, &l, &err)) {
		s->present = false;
		s->why = err;
		free(l.e);
		free(l.text);
		return -1;
	}
	/* a new index; the attributes of caches seen before are kept */
	s->c = NULL;
	s->n = s->cap = 0;
	s->text = NULL;
	s->len = s->text_cap = 0;
	s->name_off = s->name_cache = NULL;
	s->nnames = s->names_cap = 0;
	memset(&s->by_dir, 0, sizeof(s->by_dir));
	memset(&s->by_name, 0, sizeof(s->by_name));
	pairs = xmalloc((l.n ? l.n : 1) * sizeof(*pairs));
	for (size_t i = 0; i < l.n; i++) {
		const char *name = l.text + l.e[i].name;
		const char *dir = l.text + l.e[i].target;
		uint64_t h = hash_str(dir);
		size_t k = keyindex_find(&s->by_dir, h, dir, dir_eq, s);

		if (k == SIZE_MAX) {
			size_t was = old.n ? keyindex_find(&old.by_dir, h, dir,
							   dir_eq, &old)
					   : SIZE_MAX;
			xgrow((void **)&s->c, &s->cap, s->n + 1, sizeof(*s->c));
			k = s->n;
			if (was != SIZE_MAX)
				s->c[k] = old.c[was];
			else
				memset(&s->c[k], 0, sizeof(s->c[k]));
			s->c[k].dir = arena_add(&s->text, &s->len, &s->text_cap,
						dir, strlen(dir));
			s->c[k].nnames = 0;
			s->c[k].listed = true;
			keyindex_add(&s->by_dir, h, dir, dir_eq, s);
			s->n++;
			if (was == SIZE_MAX) {
				struct slab_sys_cache *c = &s->c[k];
				uint64_t v;
				c->have_size = attr_u64(src, dir, "object_size",
							&buf, &c->object_size);
				c->have_reclaim = attr_u64(
					src, dir, "reclaim_account", &buf, &v);
				c->reclaimable = c->have_reclaim && v;
			}
		}
		if (is_name(name, dir))
			pairs[np++] = (struct pair){ k, name };
	}
	/* the names: indexed, and joined per cache in order */
	qsort(pairs, np, sizeof(*pairs), pair_cmp);
	for (size_t i = 0; i < np; i++) {
		struct slab_sys_cache *c = &s->c[pairs[i].cache];
		size_t off = arena_add(&s->text, &s->len, &s->text_cap,
				       pairs[i].name, strlen(pairs[i].name));

		xgrow((void **)&s->name_off, &s->names_cap, s->nnames + 1,
		      sizeof(*s->name_off));
		s->name_cache = xrealloc(s->name_cache,
					 s->names_cap * sizeof(*s->name_cache));
		s->name_off[s->nnames] = off;
		s->name_cache[s->nnames] = pairs[i].cache;
		keyindex_add(&s->by_name, hash_str(pairs[i].name),
			     pairs[i].name, name_eq, s);
		s->nnames++;
		c->nnames++;
	}
	for (size_t i = 0; i < s->n; i++) {
		struct sbuf j = { 0 };

		for (size_t k = 0; k < np; k++)
			if (pairs[k].cache == i) {
				if (j.len)
					sbuf_addc(&j, '\n');
				sbuf_add(&j, pairs[k].name,
					 strlen(pairs[k].name));
			}
		s->c[i].names = arena_add(&s->text, &s->len, &s->text_cap,
					  j.s ? j.s : "", j.len);
		sbuf_free(&j);
	}
	free(pairs);
	free(l.e);
	free(l.text);
	source_buf_free(&buf);
	free(old.c);
	keyindex_free(&old.by_dir);
	free(old.name_off);
	free(old.name_cache);
	keyindex_free(&old.by_name);
	free(old.text);
	s->present = true;
	return 0;
}

const struct slab_sys_cache *slab_sys_find(const struct slab_sys *s,
					   const char *name)
{
	size_t i;

	if (!s->nnames)
		return NULL;
	i = keyindex_find(&s->by_name, hash_str(name), name, name_eq, s);
	return i == SIZE_MAX ? NULL : &s->c[s->name_cache[i]];
}

/* ---- the rows --------------------------------------------------------- */

/* Percent of a in b as tools/mm/slabinfo computes it: integer, 100 when
 * b is 0, at most 100. */
static uint64_t pct100(uint64_t a, uint64_t b)
{
	uint64_t p;

	if (!b)
		return 100;
	p = a > UINT64_MAX / 100 ? a / (b / 100 ? b / 100 : 1) : a * 100 / b;
	return p > 100 ? 100 : p;
}

/* Waste and efficiency of r, from slabinfo's counts (read in one go,
 * consistent with each other) and the cache's object size. */
static void fill_sizes(struct slab_row *r, uint64_t object_size)
{
	uint64_t used = r->c.active_objs * object_size;

	if (object_size && used / object_size != r->c.active_objs)
		used = UINT64_MAX; /* a captured tree's absurd count */
	r->have_sys = true;
	r->object_size = object_size;
	r->waste = r->cache_size > used ? r->cache_size - used : 0;
	r->eff = pct100(used, r->cache_size);
}

void slab_sys_rows(struct slab_sys *s, const struct source *src,
		   struct slab_model *m)
{
	int a = s->turn ^= 1; /* the previous read's strings stay */
	size_t *off;
	bool listed = !s->tried;

	if (listed)
		slab_sys_scan(s, src);
	/* more caches unknown than at the last read (one appeared since):
	 * list again (one that stays unknown is not looked for at every
	 * read) */
	if (s->present) {
		size_t unknown = 0;
		for (size_t i = 0; i < m->nrows; i++)
			unknown += !slab_sys_find(s, m->rows[i].name);
		if (unknown > s->unknown && !listed) {
			slab_sys_scan(s, src);
			unknown = 0;
			for (size_t i = 0; i < m->nrows; i++)
				unknown += !slab_sys_find(s, m->rows[i].name);
		}
		s->unknown = unknown;
	}
	s->row_len[a] = 0;
	off = xmalloc((m->nrows ? m->nrows : 1) * 4 * sizeof(*off));
	for (size_t i = 0; i < m->nrows; i++) {
		struct slab_row *r = &m->rows[i];
		const struct slab_sys_cache *c =
			s->present ? slab_sys_find(s, r->name) : NULL;
		struct sbuf merged = { 0 }, t = { 0 };
		const char *p = c ? s->text + c->names : "";

		/* the other names of its cache */
		while (*p) {
			const char *e = strchrnul(p, '\n');
			if ((size_t)(e - p) != strlen(r->name) ||
			    memcmp(p, r->name, (size_t)(e - p))) {
				if (merged.len)
					sbuf_addc(&merged, '\n');
				sbuf_add(&merged, p, (size_t)(e - p));
				r->nmerged++;
			}
			p = *e ? e + 1 : e;
		}
		off[4 * i] = arena_add(&s->row_text[a], &s->row_len[a],
				       &s->row_cap[a], merged.s ? merged.s : "",
				       merged.len);
		sbuf_addf(&t, "%s", r->name);
		if (r->nmerged)
			sbuf_addf(&t, " +%" PRIu64, r->nmerged);
		off[4 * i + 1] = arena_add(&s->row_text[a], &s->row_len[a],
					   &s->row_cap[a], t.s, t.len);
		sbuf_reset(&t);
		sbuf_addf(&t, "%s%s%s", r->name, merged.len ? "\n" : "",
			  merged.s ? merged.s : "");
		off[4 * i + 2] = arena_add(&s->row_text[a], &s->row_len[a],
					   &s->row_cap[a], t.s, t.len);
		p = c ? s->text + c->dir : "";
		off[4 * i + 3] = arena_add(&s->row_text[a], &s->row_len[a],
					   &s->row_cap[a], p, strlen(p));
		sbuf_free(&merged);
		sbuf_free(&t);
		if (c && c->have_size)
			fill_sizes(r, c->object_size);
		r->have_reclaim = c && c->have_reclaim;
		r->unreclaimable = r->have_reclaim && !c->reclaimable;
	}
	for (size_t i = 0; i < m->nrows; i++) {
		struct slab_row *r = &m->rows[i];
		r->merged = s->row_text[a] + off[4 * i];
		r->label = s->row_text[a] + off[4 * i + 1];
		r->filter = s->row_text[a] + off[4 * i + 2];
		r->dir = s->row_text[a] + off[4 * i + 3];
	}
	free(off);
}

bool slab_sys_partial(const struct slab_sys *s, const struct source *src,
		      struct slab_row *r)
{
	struct source_buf buf = { 0 };
	bool ok;

	(void)s;
	if (!r->dir || !*r->dir)
		return false;
	ok = attr_u64(src, r->dir, "partial", &buf, &r->partial);
	source_buf_free(&buf);
	if (!ok)
		return false;
	r->have_partial = true;
	r->pct_partial = pct100(r->partial, r->c.num_slabs);
	return true;
}

/* ---- one cache in detail ---------------------------------------------- */

/* The flags of a cache, in words: the attribute, what it means. */
static const struct {
	const char *attr, *words;
} flag_words[] = {
	{ "reclaim_account", "reclaimable (SReclaimable)" },
	{ "hwcache_align", "hardware cache aligned" },
	{ "cache_dma", "DMA zone" },
	{ "destroy_by_rcu", "RCU-freed (SLAB_TYPESAFE_BY_RCU)" },
	{ "poison", "poisoned" },
	{ "red_zone", "red zone" },
	{ "store_user", "user tracking" },
	{ "sanity_checks", "sanity checks" },
	{ "trace", "tracing" },
};

static void add_count(struct sbuf *out, const char *what,
		      const struct slabsys_count *c, bool ok)
{
	if (ok)
		sbuf_addf(out, "%" PRIu64 " %s", c->total, what);
	else
		sbuf_addf(out, "? %s", what);
}

/* Per node: "N0: 494 objects, 1 partial slabs" */
static void per_node(struct sbuf *out, const struct slabsys_count *obj,
		     bool have_obj, const struct slabsys_count *part,
		     bool have_part)
{
	size_t n = 0;

	if (have_obj)
		n = obj->nnodes;
	if (have_part && part->nnodes > n)
		n = part->nnodes;
	for (size_t i = 0; i < n; i++) {
		sbuf_addf(out, "  node %zu: ", i);
		if (have_obj)
			sbuf_addf(out, "%" PRIu64 " objects", obj->node[i]);
		if (have_part)
			sbuf_addf(out, "%s%" PRIu64 " partial slabs",
				  have_obj ? ", " : "", part->node[i]);
		sbuf_addc(out, '\n');
	}
}

/* The call sites of one file, biggest count first (the kernel's order),
 * at most max of them, each with its stack. */
static void call_sites(struct sbuf *out, const char *what,
		       const struct slabsys_traces *t, size_t max)
{
	sbuf_addf(out, "\n%s: %zu call site(s)%s\n", what, t->n,
		  t->cut ? " (more not read)" : "");
	for (size_t i = 0; i < t->n && i < max; i++) {
		const struct slabsys_trace *r = &t->t[i];
		const char *p = slabsys_str(t, r->stack);

		sbuf_addf(out, "%8" PRIu64 " %s", r->count,
			  slabsys_str(t, r->func));
		if (r->have_waste)
			sbuf_addf(out,
				  " waste=%" PRIu64 "B (%" PRIu64 "B each)",
				  r->waste, r->waste_each);
		if (r->have_age)
			sbuf_addf(out,
				  " age=%" PRIu64 "/%" PRIu64 "/%" PRIu64
				  " jiffies",
				  r->age_min, r->age_avg, r->age_max);
		if (*slabsys_str(t, r->pids))
			sbuf_addf(out, " pid=%s", slabsys_str(t, r->pids));
		if (*slabsys_str(t, r->cpus))
			sbuf_addf(out, " cpus=%s", slabsys_str(t, r->cpus));
		if (*slabsys_str(t, r->nodes))
			sbuf_addf(out, " nodes=%s", slabsys_str(t, r->nodes));
		sbuf_addc(out, '\n');
		while (*p) {
			const char *e = strchrnul(p, '\n');
			sbuf_addf(out, "           %.*s\n", (int)(e - p), p);
			p = *e ? e + 1 : e;
		}
		if (r->stack_cut)
			sbuf_addf(out, "           ... (more than %d frames)\n",
				  SLABSYS_FRAMES);
	}
	if (t->n > max)
		sbuf_addf(out, "  ... and %zu more call site(s)\n", t->n - max);
}

/* Where the cache tracks its users: alloc_traces and free_traces from
 * debugfs (5.17 on), or alloc_calls/free_calls from sysfs before. */
static void tracking(const struct source *src, const char *dir,
		     const char *name, struct source_buf *buf, struct sbuf *out)
{
	static const char *const files[][2] = {
		{ "alloc_traces", "Allocated by" },
		{ "free_traces", "Last freed by" },
	};
	struct slabsys_traces t = { 0 };
	struct sbuf rel = { 0 };
	struct kerr err;
	bool any = false;

	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		sbuf_reset(&rel);
		sbuf_addf(&rel, "sys/kernel/debug/slab/%s/%s", name,
			  files[i][0]);
		if (source_read(src, rel.s, buf, &err)) {
			/* before 5.17: the same lines in sysfs, no stacks */
			sbuf_reset(&rel);
			sbuf_addf(&rel, SLAB_DIR "/%s/%s_calls", dir,
				  i ? "free" : "alloc");
			if (source_read(src, rel.s, buf, &err))
				continue;
		}
		slabsys_traces_parse(buf->data, buf->len, &t);
		call_sites(out, files[i][1], &t, i ? 10 : 30);
		any = true;
	}
	if (!any) {
		struct sbuf dbg = { 0 };
		source_path(src->root, "sys/kernel/debug/slab", &dbg);
		sbuf_addf(out,
			  "\nCall sites: the cache tracks its users, but %s/%s"
			  "/alloc_traces cannot be read: %s.\n"
			  "  Is debugfs mounted? mount -t debugfs none "
			  "/sys/kernel/debug\n",
			  dbg.s, name, err.msg);
		sbuf_free(&dbg);
	}
	slabsys_traces_free(&t);
	sbuf_free(&rel);
}

void slab_sys_detail(const struct slab_sys *s, const struct source *src,
		     const struct slab_row *r, uint64_t page_size,
		     struct source_buf *buf, struct sbuf *out)
{
	struct slabsys_count obj, total, slabs, part, cpu, objpart;
	bool h_obj, h_total, h_slabs, h_part, h_cpu, h_objpart;
	uint64_t align = 0, slab_bytes, lpad, ltail, lfree, v;
	const char *dir = r->dir;
	bool tracks = false, any = false;

	if (!s->present) {
		sbuf_addf(out,
			  "/sys/kernel/slab: %s\n  (SLUB kernels have it: "
			  "without it there are no merged names, object "
			  "sizes, waste or partial slabs)\n",
			  s->why.msg);
		return;
	}
	if (!dir || !*dir) {
		sbuf_addf(out, "/sys/kernel/slab has no entry for %s\n",
			  r->name);
		return;
	}
	h_obj = attr(src, dir, "objects", buf, &obj);
	h_total = attr(src, dir, "total_objects", buf, &total);
	h_slabs = attr(src, dir, "slabs", buf, &slabs);
	h_part = attr(src, dir, "partial", buf, &part);
	h_cpu = attr(src, dir, "cpu_slabs", buf, &cpu);
	h_objpart = attr(src, dir, "objects_partial", buf, &objpart);
	attr_u64(src, dir, "align", buf, &align);
	slab_bytes = r->c.pagesperslab * page_size;

	sbuf_addf(out, "Cache %s, in /sys/kernel/slab/%s\n", r->name, dir);
	if (r->have_sys)
		sbuf_addf(out,
			  "Object %" PRIu64 " B in a %" PRIu64
			  " B slot (align %" PRIu64 "): %" PRIu64
			  " B of padding, red zone and tracking per object\n",
			  r->object_size, r->c.objsize, align,
			  r->c.objsize > r->object_size
				  ? r->c.objsize - r->object_size
				  : 0);
	sbuf_addf(out,
		  "Slab %" PRIu64 " B (%" PRIu64 " page(s)), %" PRIu64
		  " objects per slab\n",
		  slab_bytes, r->c.pagesperslab, r->c.objperslab);
	sbuf_add(out, "Slabs: ", 7);
	add_count(out, "total, ", &slabs, h_slabs);
	add_count(out, "partial, ", &part, h_part);
	add_count(out, "per-CPU", &cpu, h_cpu);
	sbuf_add(out, "\nObjects: ", 10);
	add_count(out, "in use, ", &obj, h_obj);
	add_count(out, "total, ", &total, h_total);
	add_count(out, "in partial slabs\n", &objpart, h_objpart);
	per_node(out, &obj, h_obj, &part, h_part);

	sbuf_add(out, "Flags: ", 7);
	for (size_t i = 0; i < ARRAY_SIZE(flag_words); i++) {
		if (!attr_u64(src, dir, flag_words[i].attr, buf, &v) || !v)
			continue;
		sbuf_addf(out, "%s%s", any ? ", " : "", flag_words[i].words);
		any = true;
		if (!strcmp(flag_words[i].attr, "store_user"))
			tracks = true;
	}
	sbuf_addf(out, "%s\n", any ? "" : "none");

	/* tools/mm/slabinfo's report(): Lalig and Lpadd, and what is left
	 * of Loss: the free slots */
	if (r->have_sys) {
		lpad = (r->c.objsize > r->object_size
				? r->c.objsize - r->object_size
				: 0) *
		       r->c.active_objs;
		ltail = slab_bytes > r->c.objperslab * r->c.objsize
				? (slab_bytes -
				   r->c.objperslab * r->c.objsize) *
					  r->c.num_slabs
				: 0;
		lfree = r->waste > lpad + ltail ? r->waste - lpad - ltail : 0;
		sbuf_addf(out,
			  "Waste %" PRIu64 " B (efficiency %" PRIu64
			  "%%) = padding %" PRIu64 " B + slab tails %" PRIu64
			  " B + free slots %" PRIu64 " B\n",
			  r->waste, r->eff, lpad, ltail, lfree);
	}
	if (r->nmerged) {
		const char *p = r->merged;
		sbuf_addf(out,
			  "Merged into it (%" PRIu64 " name(s)):", r->nmerged);
		while (*p) {
			const char *e = strchrnul(p, '\n');
			sbuf_addf(out, " %.*s", (int)(e - p), p);
			p = *e ? e + 1 : e;
		}
		sbuf_addf(out, "\n  (SLUB merges caches of one size and flags; "
			       "boot with slab_nomerge to keep them apart)\n");
	}
	if (tracks)
		tracking(src, dir, dir[0] == ':' ? r->name : dir, buf, out);
	else
		sbuf_addf(out,
			  "\nCall sites: the cache does not track its users.\n"
			  "  Boot with slab_debug=U,%s (older kernels: "
			  "slub_debug=U,%s) to see who allocates.\n",
			  r->name, r->name);
}
