/*
 * activity_feed.c - one run's live allocation activity: the event source
 * opened once, read at most once per refresh, its call sites named. It
 * draws nothing and knows no view.
 */
#include "activity_feed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/types.h>

#include "activity_src.h"
#include "mountinfo.h"
#include "bpf/activity_maps.h"

struct act_feed *act_feed_new(void)
{
	struct act_feed *f = xcalloc(1, sizeof(*f));

	act_model_init(&f->m);
	return f;
}

void act_feed_free(struct act_feed *f)
{
	if (!f)
		return;
	act_src_close(f->src);
	act_model_free(&f->m);
	kallsyms_free(&f->ks);
	free(f->ks_unnamed);
	source_buf_free(&f->buf);
	sbuf_free(&f->scratch);
	act_cgroups_free(&f->cg);
	free(f);
}

/* ---- cgroups by id ---------------------------------------------------- */

void act_cgroups_free(struct act_cgroups *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i].name);
	free(c->v);
	free(c->missed);
	free(c->base);
	memset(c, 0, sizeof(*c));
}

static int cmp_cg(const void *a, const void *b)
{
	uint64_t x = ((const struct act_cgname *)a)->id;
	uint64_t y = ((const struct act_cgname *)b)->id;

	return x < y ? -1 : x > y;
}

static int cmp_id(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

struct cg_walk {
	struct act_cgroups *c;
	const char *path; /* of the directory listed: "" the base */
	char **dirs;	  /* its subdirectories */
	size_t ndirs, cap;
};

static void add_cg(struct act_cgroups *c, uint64_t id, const char *path)
{
	if (c->n >= ACT_CG_MAX) {
		c->cut = true;
		return;
	}
	xgrow((void **)&c->v, &c->cap, c->n + 1, sizeof(*c->v));
	c->v[c->n].id = id;
	c->v[c->n++].name = xstrdup(path[0] ? path : "/");
}

static void on_cg(const char *name, uint64_t ino, bool dir, void *ctx)
{
	struct cg_walk *w = ctx;

	if (!name[0]) {
		/* the directory itself: the base's id (a subdirectory's
		 * was taken from its parent's listing) */
		if (!w->path[0])
			add_cg(w->c, ino, "");
		return;
	}
	/* past ACT_CG_MAX nothing more is named, nor kept to walk */
	if (!dir || w->c->cut)
		return;
	xgrow((void **)&w->dirs, &w->cap, w->ndirs + 1, sizeof(*w->dirs));
	w->dirs[w->ndirs++] = xstrdup(name);
	{
		struct sbuf p = { 0 };

		sbuf_addf(&p, "%s/%s", w->path, name);
		add_cg(w->c, ino, p.s);
		sbuf_free(&p);
	}
}

/* The directories under path ("" the base, "/a" below), depth d. */
static void walk_cg(struct act_cgroups *c, const struct source *src,
		    const char *path, int d)
{
	struct cg_walk w = { .c = c, .path = path };
	struct sbuf rel = { 0 };
	struct kerr err;

	sbuf_addf(&rel, "%s%s", c->base, path);
	source_list_ino(src, rel.s, on_cg, &w, &err);
	sbuf_free(&rel);
	for (size_t i = 0; i < w.ndirs; i++) {
		struct sbuf p = { 0 };

		if (d < ACT_CG_DEPTH && !c->cut) {
			sbuf_addf(&p, "%s/%s", path, w.dirs[i]);
			walk_cg(c, src, p.s, d + 1);
			sbuf_free(&p);
		}
		free(w.dirs[i]);
	}
	free(w.dirs);
}

void act_cgroups_walk(struct act_cgroups *c, const struct source *src)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i].name);
	c->n = 0;
	c->nmissed = 0;
	c->cut = false;
	c->walks++;
	if (!c->base)
		return;
	walk_cg(c, src, "", 1);
	if (c->n)
		qsort(c->v, c->n, sizeof(*c->v), cmp_cg);
}

const char *act_cgroups_path(const struct act_cgroups *c, uint64_t id)
{
	struct act_cgname k = { .id = id };
	const struct act_cgname *e;

	if (!c->n)
		return NULL;
	e = bsearch(&k, c->v, c->n, sizeof(k), cmp_cg);
	return e ? e->name : NULL;
}

static bool missed(const struct act_cgroups *c, uint64_t id)
{
	return c->nmissed &&
	       bsearch(&id, c->missed, c->nmissed, sizeof(id), cmp_id);
}

/* The cgroup2 mount: the live system's from its mountinfo, a captured
 * tree's sys/fs/cgroup. */
static void find_base(struct act_cgroups *c, const struct source *src)
{
	struct source_buf buf = { 0 };
	struct kerr err;

	c->tried = true;
	if (!src->live) {
		c->base = xstrdup("sys/fs/cgroup");
		return;
	}
	if (!source_read(src, "proc/self/mountinfo", &buf, &err)) {
		struct mountinfo mi;
		const struct mount_entry *e;

		mountinfo_parse(buf.data, buf.len, &mi);
		/* a path under the source's root: without the leading "/" */
		if ((e = mountinfo_find(&mi, "cgroup2", NULL)))
			c->base = xstrdup(e->point + 1);
		mountinfo_free(&mi);
	}
	source_buf_free(&buf);
	if (!c->base)
		kerr_set(
			&c->why,
			"no cgroup2 mount (cgroup v1 only?): cgroups are shown by their v2 id");
}

void act_cgroups_name(struct act_cgroups *c, const struct source *src,
		      struct act_reading *r)
{
	uint64_t *ids = xcalloc(r->nprocs + 1, sizeof(*ids));
	size_t n = 0;
	bool walked = false;

	if (!c->tried)
		find_base(c, src);
	for (size_t i = 0; i < r->nprocs; i++)
		ids[i] = r->procs[i].cgroup;
	if (r->nprocs)
		qsort(ids, r->nprocs, sizeof(*ids), cmp_id);
	for (size_t i = 0; i < r->nprocs; i++)
		if (!n || ids[i] != ids[n - 1])
			ids[n++] = ids[i];
	for (size_t i = 0; i < n; i++) {
		const char *path = act_cgroups_path(c, ids[i]);

		if (!path && !walked && c->base && !missed(c, ids[i])) {
			act_cgroups_walk(c, src);
			walked = true;
			path = act_cgroups_path(c, ids[i]);
		}
		if (path) {
			act_reading_cgname(r, ids[i], path);
		} else if (walked && !missed(c, ids[i])) {
			/* not found by a walk done after it was read: not
			 * walked for again (cgroup ids are not reused) */
			xgrow((void **)&c->missed, &c->missed_cap,
			      c->nmissed + 1, sizeof(*c->missed));
			c->missed[c->nmissed++] = ids[i];
		}
	}
	/* sorted once (ids are unique: none added is asked again here);
	 * at most the reading's cgroups, and emptied by the next walk */
	if (c->nmissed)
		qsort(c->missed, c->nmissed, sizeof(*c->missed), cmp_id);
	free(ids);
	act_reading_cgname_sort(r);
}

bool act_feed_attached(const struct act_feed *f)
{
	return f && f->src;
}

/* /proc/kallsyms read (again) into f->ks at time now */
static void read_kallsyms(struct act_feed *f, const struct source *src,
			  double now)
{
	f->ks_tried = true;
	f->ks_at = now;
	f->ks_reads++;
	f->ks_why.msg[0] = '\0';
	if (source_read(src, "proc/kallsyms", &f->buf, &f->ks_why))
		return;
	kallsyms_parse(f->buf.data, f->buf.len, &f->ks);
	if (f->ks.hidden)
		kerr_set(
			&f->ks_why,
			"/proc/kallsyms shows no addresses (kptr_restrict; CAP_SYSLOG)");
	else if (!f->ks.n)
		kerr_set(&f->ks_why, "/proc/kallsyms holds no symbol");
}

static bool left_unnamed(const struct act_feed *f, uint64_t addr)
{
	return f->ks_nunnamed && bsearch(&addr, f->ks_unnamed, f->ks_nunnamed,
					 sizeof(addr), cmp_id);
}

/* Name r's sites; the count of those no symbol holds that the last
 * read did not already leave unnamed */
static size_t name_all(struct act_feed *f, struct act_reading *r)
{
	size_t fresh = 0;

	for (size_t i = 0; i < r->nsites; i++) {
		bool named;

		sbuf_reset(&f->scratch);
		named = kallsyms_name(&f->ks, r->sites[i].key, &f->scratch);
		snprintf(r->sites[i].name, sizeof(r->sites[i].name), "%s",
			 f->scratch.s);
		if (!named && !left_unnamed(f, r->sites[i].key))
			fresh++;
	}
	return fresh;
}

void act_feed_name_sites(struct act_feed *f, const struct source *src,
			 struct act_reading *r, double now)
{
	if (!f->ks_tried)
		read_kallsyms(f, src, now);
	if (!name_all(f, r) || now - f->ks_at < ACT_KALLSYMS_REREAD)
		return;
	/* a module loaded since the last read, maybe */
	read_kallsyms(f, src, now);
	name_all(f, r);
	/* what this read names not: no reason to read again for it */
	f->ks_nunnamed = 0;
	for (size_t i = 0; i < r->nsites; i++) {
		sbuf_reset(&f->scratch);
		if (kallsyms_name(&f->ks, r->sites[i].key, &f->scratch) ||
		    f->ks_nunnamed >= ACT_UNNAMED_MAX)
			continue;
		xgrow((void **)&f->ks_unnamed, &f->ks_unnamed_cap,
		      f->ks_nunnamed + 1, sizeof(*f->ks_unnamed));
		f->ks_unnamed[f->ks_nunnamed++] = r->sites[i].key;
	}
	if (f->ks_nunnamed)
		qsort(f->ks_unnamed, f->ks_nunnamed, sizeof(*f->ks_unnamed),
		      cmp_id);
}

/* the kmem events, in act_feed_layout's order */
static const char *const tp_events[4] = { "kmem_cache_alloc", "kmem_cache_free",
					  "kmalloc", "kfree" };

/* One field the program reads: its offset into *off, the record's
 * length to read grown to its end. need_loc: a __data_loc. */
static int tp_field(const struct tracefmt *t, const char *ev, const char *name,
		    bool need_loc, struct act_tp_event *e, __u32 *off,
		    struct kerr *why)
{
	const struct tracefmt_field *f = tracefmt_find(t, name);
	__u32 size = need_loc ? 4 : e->word;

	if (!f) {
		kerr_set(why, "the %s tracepoint has no %s field", ev, name);
		return -1;
	}
	if (f->data_loc != need_loc || f->size != size || f->offset % size ||
	    f->offset + size > ACT_TP_REC_MAX) {
		kerr_set(
			why,
			"the %s tracepoint's %s field is not as expected (offset %u, %u bytes%s)",
			ev, name, (unsigned)f->offset, (unsigned)f->size,
			f->data_loc ? ", __data_loc" : "");
		return -1;
	}
	*off = f->offset;
	if (e->len < f->offset + size)
		e->len = f->offset + size;
	return 0;
}

int act_feed_layout(const struct tracefmt fmt[4], struct act_tp_layout *out,
		    struct kerr *why)
{
	struct act_tp_event *ev[4] = { &out->cache_alloc, &out->cache_free,
				       &out->kmalloc, &out->kfree };

	memset(out, 0, sizeof(*out));
	for (int i = 0; i < 4; i++) {
		const struct tracefmt_field *p = tracefmt_find(&fmt[i], "ptr");
		struct act_tp_event *e = ev[i];
		const char *n = tp_events[i];

		/* the word: the pointer's size; the others alike */
		e->word = p && (p->size == 4 || p->size == 8) ? p->size : 8;
		if (tp_field(&fmt[i], n, "ptr", false, e, &e->ptr, why))
			return -1;
		if (i == 0 || i == 2) {
			if (tp_field(&fmt[i], n, "call_site", false, e,
				     &e->call_site, why) ||
			    tp_field(&fmt[i], n, "bytes_req", false, e,
				     &e->bytes_req, why) ||
			    tp_field(&fmt[i], n, "bytes_alloc", false, e,
				     &e->bytes_alloc, why))
				return -1;
		}
		if (i <= 1) {
			if (tp_field(&fmt[i], n, "name", true, e, &e->name,
				     why)) {
				kerr_set(
					why,
					"the %s tracepoint names no cache (a name field, Linux 6.1 on)",
					n);
				return -1;
			}
			e->has_name = 1;
		}
	}
	return 0;
}

/* The record layout from tracefs (live: /sys/kernel/tracing, or under
 * debugfs where it is mounted there only). */
static int read_layout(struct act_feed *f, const struct source *src,
		       struct act_tp_layout *out, struct kerr *why)
{
	struct tracefmt *fmt = xcalloc(4, sizeof(*fmt));
	static const char *const dirs[] = { "sys/kernel/tracing",
					    "sys/kernel/debug/tracing" };
	char path[128];
	int rc = 0;

	for (int i = 0; i < 4 && !rc; i++) {
		struct kerr e;
		int got = -1;

		for (int d = 0; d < 2 && got; d++) {
			snprintf(path, sizeof(path), "%s/events/kmem/%s/format",
				 dirs[d], tp_events[i]);
			got = source_read(src, path, &f->buf, &e);
		}
		if (got) {
			kerr_set(
				why,
				"no tracefs format file of kmem/%s (mount tracefs on /sys/kernel/tracing): %s",
				tp_events[i], e.msg);
			rc = -1;
			break;
		}
		tracefmt_parse(f->buf.data, f->buf.len, &fmt[i]);
	}
	if (!rc)
		rc = act_feed_layout(fmt, out, why);
	free(fmt);
	return rc;
}

/* The source opened as the mode asks: the classic tracepoints' layout
 * read first unless tp_btf alone is asked for. */
static struct act_src *open_src(struct act_feed *f, const struct source *src)
{
	struct act_tp_layout tp;
	struct kerr tp_why = { { 0 } };
	struct act_src_cfg cfg = { .mode = f->mode };

	if (f->mode != ACT_SOURCE_BTF) {
		if (!read_layout(f, src, &tp, &tp_why))
			cfg.tp = &tp;
		cfg.tp_why = tp_why.msg;
	}
	return act_src_open(&cfg, &f->why);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Whether the program's name of a cache (ACT_NAME_LEN - 1 bytes at most:
 * a longer one cut) is among names[0..n), sorted. */
static bool listed(char *const *names, size_t n, const char *name)
{
	size_t len = strlen(name);
	size_t lo = 0, hi = n;

	if (len < ACT_NAME_LEN - 1)
		return bsearch(&name, names, n, sizeof(*names), cmp_str);
	/* cut: any name it begins */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strncmp(names[mid], name, len) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && !strncmp(names[lo], name, len);
}

/* The caches of r that /proc/slabinfo no longer lists were destroyed:
 * their entries leave the program's map and r, so that a cache made
 * later at the same address (the kernel hands the memory out again)
 * counts under its own name, not the old one's. The program checks the
 * name pointer itself, but a new cache's name can be at the old one's
 * address too. Only the tp_btf programs key caches by address; without
 * /proc/slabinfo (no root) nothing is done. */
static void forget_destroyed(struct act_feed *f, const struct source *src,
			     struct act_reading *r)
{
	struct kerr err;
	char **names = NULL;
	size_t n = 0, cap = 0, kept = 0;
	const char *p, *end;

	if (act_src_progs(f->src) == ACT_PROGS_TP ||
	    source_read(src, "proc/slabinfo", &f->buf, &err))
		return;
	p = f->buf.data;
	end = p + f->buf.len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		size_t len = strcspn(p, " \n");

		if (len > (size_t)(e - p))
			len = (size_t)(e - p);
		/* the version line and the header are no cache */
		if (len && *p != '#' && strncmp(p, "slabinfo", 8)) {
			xgrow((void **)&names, &cap, n + 1, sizeof(*names));
			names[n++] = xstrndup(p, len);
		}
		p = e + 1;
	}
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < r->n; i++) {
		const struct act_cache *c = &r->c[i];

		if (n && c->key >= (1ULL << 63) && !c->approx &&
		    !listed(names, n, c->name)) {
			act_src_forget(f->src, c->key);
			continue;
		}
		r->c[kept++] = *c;
	}
	r->n = kept;
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* Attached on the first read of the live system (attaching costs every
 * allocation some 100 ns: only when a view asks); refused once, refused
 * for good (why says it). */
int act_feed_read(struct act_feed *f, const struct source *src, double now,
		  unsigned long refresh, struct kerr *err)
{
	struct act_reading r = { 0 };

	if (!f->tried) {
		f->tried = true;
		if (!src->live)
			kerr_set(
				&f->why,
				"eBPF activity: only on the live system (a captured tree or a recording has no events)");
		else
			f->src = open_src(f, src);
	}
	if (!f->src) {
		*err = f->why;
		return 1;
	}
	if (f->have_last && refresh == f->last_refresh)
		return 0;
	if (act_src_read(f->src, &r, err) < 0) {
		act_reading_free(&r);
		return -1;
	}
	forget_destroyed(f, src, &r);
	act_feed_name_sites(f, src, &r, now);
	act_cgroups_name(&f->cg, src, &r);
	act_model_update(&f->m, &r, now);
	f->last = now;
	f->last_refresh = refresh;
	f->have_last = true;
	return 0;
}
