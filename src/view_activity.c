/*
 * view_activity.c - the activity view: allocations, frees and bytes per
 * second per slab cache, from the kmem tracepoints (an eBPF program the
 * source layer loads when this view is first read, and unloads when the
 * view is destroyed or the process ends). It works on the live system
 * only: a captured tree or a recording has no events. Where the program
 * cannot be loaded (not built, no CAP_BPF/CAP_PERFMON, lockdown, no BTF)
 * its one line says why and the other views work as before.
 *
 * Frees the tracepoints do not show (bulk and RCU frees) make a cache's
 * free rate unknown (blank, null in JSON), never 0; allocs minus frees is
 * not shown anywhere: growth is /proc/slabinfo's (the slab view).
 */
#include "view_activity.h"

#include <inttypes.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "activity_feed.h"

#define ROW(p) ((const struct act_row *)(p))

/* ---- columns ---------------------------------------------------------- */

static void get_alloc_rate(const void *p, struct value *v)
{
	v->kind = ROW(p)->have_rate ? V_U64 : V_NONE;
	v->u = u64_round(ROW(p)->alloc_rate);
}

static void get_free_rate(const void *p, struct value *v)
{
	v->kind = ROW(p)->have_free_rate ? V_U64 : V_NONE;
	v->u = u64_round(ROW(p)->free_rate);
}

static void get_bytes_rate(const void *p, struct value *v)
{
	v->kind = ROW(p)->have_rate ? V_U64 : V_NONE;
	v->u = u64_round(ROW(p)->bytes_rate);
}

static void get_req_rate(const void *p, struct value *v)
{
	v->kind = ROW(p)->have_rate ? V_U64 : V_NONE;
	v->u = u64_round(ROW(p)->req_rate);
}

static void get_frees(const void *p, struct value *v)
{
	v->kind = ROW(p)->have_frees ? V_U64 : V_NONE;
	v->u = ROW(p)->frees;
}

static void get_approx(const void *p, struct value *v)
{
	v->kind = V_U64;
	v->u = ROW(p)->approx;
}

/* the columns both tables have */
#define ALLOC_RATE                                                                                                 \
	{                                                                                                          \
		.key = "allocs_per_sec", .title = "ALLOC/s",                                                       \
		.json = "allocs_per_sec", .letter = 'a', .width = 9,                                               \
		.fmt = F_COUNT, .flags = COL_MAYBE, .get = get_alloc_rate,                                         \
		.help = "allocations per second over the last interval (kmem_cache_alloc and kmalloc tracepoints)" \
	}
#define BYTES_RATE                                                                      \
	{                                                                               \
		.key = "bytes_per_sec", .title = "BYTES/s",                             \
		.json = "bytes_per_sec", .letter = 'b', .width = 8,                     \
		.fmt = F_KIB, .flags = COL_MAYBE, .get = get_bytes_rate,                \
		.help = "bytes of the slots allocated per second, in KiB (JSON: bytes)" \
	}
#define ALLOCS                                                                                   \
	{ .key = "allocs",                                                                       \
	  .title = "ALLOCS",                                                                     \
	  .json = "allocs",                                                                      \
	  .letter = 'A',                                                                         \
	  .width = 11,                                                                           \
	  .fmt = F_COUNT,                                                                        \
	  .kind = V_U64,                                                                         \
	  .off = offsetof(struct act_row, allocs),                                               \
	  .help = "allocations seen since kmemtop attached" },                                   \
	{                                                                                        \
		.key = "delta_allocs", .title = "dALLOCS",                                       \
		.json = "delta_allocs", .width = 9, .fmt = F_DELTA,                              \
		.flags = COL_DELTA | COL_NOJSON, .delta_of = "allocs",                           \
		.help = "change of ALLOCS (since the last refresh, the baseline, or per second)" \
	}

static const struct column act_cols[] = {
	{ .key = "name",
	  .title = "NAME",
	  .json = "name",
	  .letter = 'n',
	  .width = 24,
	  .fmt = F_TEXT,
	  .flags = COL_ASC | COL_ID | COL_NAME | COL_CLIP,
	  .kind = V_STR,
	  .off = offsetof(struct act_row, name),
	  .help = "the slab cache (merged caches under one name; \"(other)\": caches the bounded map had no room for)" },
	ALLOC_RATE,
	{ .key = "frees_per_sec",
	  .title = "FREE/s",
	  .json = "frees_per_sec",
	  .letter = 'f',
	  .width = 9,
	  .fmt = F_COUNT,
	  .flags = COL_MAYBE,
	  .get = get_free_rate,
	  .help = "frees per second seen by the kmem_cache_free and kfree tracepoints; blank (null) when no free of the cache was ever seen: unknown, not 0 (bulk and RCU frees fire none)" },
	BYTES_RATE,
	{ .key = "requested_per_sec",
	  .title = "REQ/s",
	  .json = "requested_per_sec",
	  .width = 8,
	  .fmt = F_KIB,
	  .flags = COL_MAYBE | COL_EXTRA,
	  .get = get_req_rate,
	  .help = "bytes asked for per second (kmalloc's size; a cache's object size), in KiB (JSON: bytes)" },
	ALLOCS,
	{ .key = "frees",
	  .title = "FREES",
	  .json = "frees",
	  .letter = 'F',
	  .width = 11,
	  .fmt = F_COUNT,
	  .flags = COL_MAYBE,
	  .get = get_frees,
	  .help = "frees seen since kmemtop attached; blank (null) when none was seen: unknown" },
	{ .key = "approximate",
	  .title = "~",
	  .json = "approximate",
	  .width = 1,
	  .fmt = F_COUNT,
	  .flags = COL_HIDDEN,
	  .get = get_approx,
	  .help = "1: no cache was known (the classic tracepoints, or no bpf_get_kmem_cache): a kmalloc bucket guessed from the size, or kfree's unknown cache" },
};

static const struct table act_table = {
	.name = "activity",
	.cols = act_cols,
	.ncols = ARRAY_SIZE(act_cols),
	.default_sort = 1, /* ALLOC/s, largest first */
};

static const struct column site_cols[] = {
	{ .key = "caller",
	  .title = "CALLER",
	  .json = "caller",
	  .letter = 'n',
	  .width = 40,
	  .fmt = F_TEXT,
	  .flags = COL_ASC | COL_ID | COL_NAME | COL_CLIP,
	  .kind = V_STR,
	  .off = offsetof(struct act_row, name),
	  .help = "the call site: function+offset [module] from /proc/kallsyms, or its address where no symbol holds it (\"(other)\": sites the bounded map had no room for)" },
	ALLOC_RATE,
	BYTES_RATE,
	ALLOCS,
};

static const struct table site_table = {
	.name = "activity-site",
	.cols = site_cols,
	.ncols = ARRAY_SIZE(site_cols),
	.default_sort = 1, /* ALLOC/s, largest first */
};

static void get_pid(const void *p, struct value *v)
{
	v->kind = V_U64;
	v->u = ROW(p)->tgid;
}

static const struct column proc_cols[] = {
	{ .key = "pid",
	  .title = "PID",
	  .json = "pid",
	  .width = 7,
	  .fmt = F_COUNT,
	  .flags = COL_ASC | COL_ID,
	  .get = get_pid,
	  .help = "the process (its thread group) that allocated" },
	ALLOC_RATE,
	BYTES_RATE,
	ALLOCS,
	{ .key = "command",
	  .title = "COMMAND",
	  .json = "command",
	  .letter = 'n',
	  .width = 16,
	  .fmt = F_TEXT,
	  .flags = COL_ASC | COL_NAME | COL_CLIP,
	  .kind = V_STR,
	  .off = offsetof(struct act_row, name),
	  .help = "the process's name (comm, never the command line; \"(other)\": processes the bounded map had no room for)" },
};

static const struct table proc_table = {
	.name = "activity-process",
	.cols = proc_cols,
	.ncols = ARRAY_SIZE(proc_cols),
	.default_sort = 1, /* ALLOC/s, largest first */
};

static const struct column cgroup_cols[] = {
	{ .key = "cgroup",
	  .title = "CGROUP",
	  .json = "cgroup",
	  .letter = 'n',
	  .width = 40,
	  .fmt = F_TEXT,
	  .flags = COL_ASC | COL_ID | COL_NAME | COL_CLIP,
	  .kind = V_STR,
	  .off = offsetof(struct act_row, name),
	  .help = "the cgroup of the allocating task: its path, or \"cgroup N\" where no path is found (\"(other)\": cgroups the bounded map had no room for)" },
	ALLOC_RATE,
	BYTES_RATE,
	ALLOCS,
};

static const struct table cgroup_table = {
	.name = "activity-cgroup",
	.cols = cgroup_cols,
	.ncols = ARRAY_SIZE(cgroup_cols),
	.default_sort = 1, /* ALLOC/s, largest first */
};

/* by enum act_by */
static const struct table *const tables[] = { &act_table, &site_table,
					      &proc_table, &cgroup_table };
static const char *const by_word[] = { "cache", "site", "process", "cgroup" };
static const char *const by_words[] = { "By cache", "By call site",
					"By process", "By cgroup" };

/* ---- options ---------------------------------------------------------- */

struct act_settings {
	enum act_by by;
	const char *cache; /* --cache: borrowed from the command line */
};

static void *settings_new(void)
{
	return xcalloc(1, sizeof(struct act_settings)); /* ACT_BY_CACHE */
}

static int set_cache(void *s, const char *arg, struct kerr *err)
{
	(void)err;
	((struct act_settings *)s)->cache = arg;
	return 0;
}

static int set_sites(void *s, const char *arg, struct kerr *err)
{
	(void)arg, (void)err;
	((struct act_settings *)s)->by = ACT_BY_SITE;
	return 0;
}

static int set_by(void *s, const char *arg, struct kerr *err)
{
	for (int b = 0; b < ACT_BY_N; b++)
		if (!strcmp(arg, by_word[b])) {
			((struct act_settings *)s)->by = (enum act_by)b;
			return 0;
		}
	kerr_set(err, "--by: '%.40s' is not cache, site, process or cgroup",
		 arg);
	return -1;
}

static const struct view_option options[] = {
	{ "sites", NULL,
	  "activity: one row per call site, not per cache (as --by site)",
	  set_sites },
	{ "by", "cache|site|process|cgroup",
	  "activity: one row per cache (the default), call site, process or cgroup",
	  set_by },
	{ "cache", "NAME",
	  "activity: only the allocations from cache NAME (as Enter on it)",
	  set_cache },
};

/* ---- reading ---------------------------------------------------------- */

struct act_view {
	struct act_feed *feed; /* the run's (view_env_activity), borrowed */
	enum act_by by;	       /* what a row is */
	/* Enter on a cache: only the rows of that cache (its key and
	 * name), and what the rows were before it (Escape) */
	bool restricted;
	uint64_t cache;
	char cache_name[VIEW_ARG_MAX];
	enum act_by by_before;
	struct act_part only; /* the restricted rows of this reading */
	const char *want;     /* --cache NAME: restricted once NAME is read */
};

#define AV(st)	((struct act_view *)(st))
#define CAV(st) ((const struct act_view *)(st))

static void *create(const struct options *o, const void *settings)
{
	struct act_view *v = xcalloc(1, sizeof(*v));

	(void)o;
	v->by = settings ? ((const struct act_settings *)settings)->by
			 : ACT_BY_CACHE;
	v->want = settings ? ((const struct act_settings *)settings)->cache
			   : NULL;
	return v;
}

static void destroy(void *st)
{
	act_part_free(&AV(st)->only);
	free(st);
}

/* The feed attaches on the first read of the live system; refused once,
 * refused for good (the line says why). */
/* the feed's model; before the first read, an empty one */
static const struct act_model *model(const struct act_view *v)
{
	static const struct act_model none;

	return v->feed ? &v->feed->m : &none;
}

static bool attached(const struct act_view *v)
{
	return act_feed_attached(v->feed);
}

/* why there are no counts */
static const char *why(const struct act_view *v)
{
	return v->feed && v->feed->why.msg[0] ? v->feed->why.msg
					      : "not read yet";
}

/* The restricted rows, from the feed's model as it is now. */
static void restrict_rows(struct act_view *v)
{
	if (v->restricted && v->feed)
		act_model_of_cache(&v->feed->m, v->by, v->cache, &v->only);
}

static int read_view(void *st, struct view_env *env, double now,
		     struct kerr *err)
{
	struct act_view *v = AV(st);
	int rc;

	v->feed = view_env_activity(env);
	rc = act_feed_read(v->feed, &env->src, now, env->refresh, err);
	/* --cache NAME: as Enter on its row, once a reading has it */
	if (v->want && !v->restricted) {
		const struct act_row *c =
			act_model_cache_named(&v->feed->m, v->want);

		if (c) {
			struct sbuf name = { 0 };

			v->restricted = true;
			v->cache = c->key;
			/* a kernel's cache name: escaped, as Enter's */
			sanitize(&name, c->name, strlen(c->name), SAN_ASCII);
			snprintf(v->cache_name, sizeof(v->cache_name), "%.80s",
				 name.s ? name.s : "");
			sbuf_free(&name);
			v->by_before = v->by;
			v->want = NULL;
		}
	}
	restrict_rows(v);
	return rc;
}

/* -o: the rates need a second reading */
static bool warming(const void *st)
{
	const struct act_view *v = CAV(st);

	return attached(v) && v->feed->m.nreads < 2;
}

static void rows(const void *st, enum view_use use, struct out_table *t)
{
	const struct act_view *v = CAV(st);
	const struct act_part *pt =
		v->restricted ? &v->only : act_model_part(model(v), v->by);

	(void)use;
	*t = (struct out_table){
		.table = tables[v->by],
		.rows = pt->rows,
		.row_size = sizeof(*pt->rows),
		.nrows = pt->nrows,
	};
}

static const char *filter_key(const void *st, const void *row)
{
	(void)st;
	return ROW(row)->name;
}

/* ---- summaries -------------------------------------------------------- */

static void summary(const void *st, const struct view_env *env,
		    enum view_use use, const struct rowset *rs,
		    struct sbuf *out)
{
	const struct act_view *v = CAV(st);
	const struct act_model *m = model(v);

	(void)env, (void)rs;
	if (!attached(v)) {
		sbuf_addf(out, "Activity: %s\n", why(v));
	} else {
		sbuf_addf(
			out,
			"Activity: %zu caches, %zu call sites, %zu processes, %zu cgroups",
			m->cur.n, m->cur.nsites, m->procs.nrows,
			m->cgroups.nrows);
		if (m->have_total)
			sbuf_addf(
				out,
				", %.0f allocs/s, %.0f frees/s seen, %.0f KiB/s",
				m->caches.total_alloc_rate,
				m->caches.total_free_rate,
				m->caches.total_bytes_rate / 1024);
		else
			sbuf_addf(out, " (rates from the second reading)");
		sbuf_addc(out, '\n');
		sbuf_addf(out, "Source: eBPF %s",
			  act_progs_name(act_src_progs(v->feed->src)));
		if (m->caches.napprox)
			sbuf_addf(
				out,
				"; %zu row(s) approximate: kmalloc counted in the bucket of its size, kfree's cache unknown",
				m->caches.napprox);
		sbuf_addc(out, '\n');
		if (v->restricted)
			sbuf_addf(
				out,
				"Cache %s only: its %s (what the maps had no room for is in no cache)\n",
				v->cache_name,
				v->by == ACT_BY_SITE   ? "call sites"
				: v->by == ACT_BY_PROC ? "processes"
						       : "cgroups");
		if (m->cur.other.allocs)
			sbuf_addf(
				out,
				"More than %zu caches: those the map had no room for are counted in (other)\n",
				m->cur.max);
		if (v->by == ACT_BY_SITE && m->cur.other_site.allocs)
			sbuf_addf(
				out,
				"More than %zu call sites: those the map had no room for are counted in (other)\n",
				m->cur.max_sites);
		if ((v->by == ACT_BY_PROC || v->by == ACT_BY_CGROUP) &&
		    m->cur.other_proc.allocs)
			sbuf_addf(
				out,
				"More than %zu (process, cgroup, cache) entries: those the map had no room for are counted in (other)\n",
				m->cur.max_procs);
		if (v->by == ACT_BY_CGROUP && v->feed->cg.why.msg[0])
			sbuf_addf(out, "Cgroups by number: %s\n",
				  v->feed->cg.why.msg);
		if (v->by == ACT_BY_SITE && v->feed->ks_why.msg[0])
			sbuf_addf(out, "Call sites by address: %s\n",
				  v->feed->ks_why.msg);
		if (v->by == ACT_BY_CACHE && m->caches.nunknown)
			sbuf_addf(
				out,
				"%zu cache(s) with no free seen: FREE/s blank = unknown, not 0 (bulk and RCU frees fire no tracepoint)\n",
				m->caches.nunknown);
	}
	if (use != USE_SCREEN)
		sbuf_addc(out, '\n');
}

/* JSON's "by" (words of recordings before processes and cgroups) */
static const char *const by_json[] = { "cache", "call site", "process",
				       "cgroup" };

static void json_head(const void *st, const struct view_env *env,
		      json_object *head)
{
	const struct act_view *v = CAV(st);
	const struct act_model *m = model(v);
	json_object *sum = json_object_new_object();

	(void)env;
	json_object_object_add(sum, "attached",
			       json_object_new_boolean(attached(v)));
	if (!attached(v))
		json_object_object_add(sum, "why",
				       output_json_string(why(v),
							  strlen(why(v))));
	output_json_u64(sum, "caches", m->cur.n);
	output_json_u64(sum, "caches_max", m->cur.max);
	output_json_u64(sum, "frees_unknown", m->caches.nunknown);
	if (attached(v))
		json_object_object_add(sum, "source",
				       json_object_new_string(act_progs_name(
					       act_src_progs(v->feed->src))));
	output_json_u64(sum, "approximate", m->caches.napprox);
	output_json_u64(sum, "call_sites", m->cur.nsites);
	output_json_u64(sum, "call_sites_max", m->cur.max_sites);
	output_json_u64(sum, "processes", m->procs.nrows);
	output_json_u64(sum, "cgroups", m->cgroups.nrows);
	json_object_object_add(sum, "by",
			       json_object_new_string(by_json[v->by]));
	if (v->restricted)
		json_object_object_add(
			sum, "cache",
			output_json_string(v->cache_name,
					   strlen(v->cache_name)));
	json_object_object_add(head, "summary", sum);
}

static void status(const void *st, struct sbuf *out)
{
	const struct act_view *v = CAV(st);

	if (v->restricted)
		sbuf_addf(out, "Cache %s: ", v->cache_name);
	sbuf_addf(out, "%s, %s", by_words[v->by],
		  attached(v) ? "eBPF: " : "eBPF: off");
	if (attached(v))
		sbuf_addf(out, "%s",
			  act_progs_name(act_src_progs(v->feed->src)));
}

/* g: caches, call sites, processes, cgroups, and round; restricted to a
 * cache, its call sites, processes and cgroups. */
static unsigned key_by(void *st, const void *row, char *msg, size_t size)
{
	struct act_view *v = AV(st);

	(void)row;
	v->by = (enum act_by)((v->by + 1) % ACT_BY_N);
	if (v->restricted && v->by == ACT_BY_CACHE)
		v->by = ACT_BY_SITE;
	snprintf(msg, size, "%s", by_words[v->by]);
	return R_REREAD;
}

/* Enter on a cache: the activity view itself, restricted to the cache's
 * call sites (arg: its key in hex, a space, its name). */
static bool enter(void *st, const void *row, struct view_target *to)
{
	const struct act_view *v = CAV(st);
	const struct act_row *r = row;

	if (!r || v->restricted || v->by != ACT_BY_CACHE || r->other)
		return false;
	to->view = &view_activity;
	snprintf(to->arg, sizeof(to->arg), "%" PRIx64 " %s", r->key,
		 r->name ? r->name : "");
	to->sort = "allocs_per_sec";
	return true;
}

static unsigned restrict_to(void *st, const char *arg)
{
	struct act_view *v = AV(st);
	struct sbuf name = { 0 };
	char *end;
	uint64_t key;

	if (!arg) {
		if (v->restricted)
			v->by = v->by_before;
		v->restricted = false;
		return R_REBUILD;
	}
	key = strtoull(arg, &end, 16);
	if (end == arg || *end != ' ')
		return R_NONE;
	if (!v->restricted)
		v->by_before = v->by;
	v->restricted = true;
	v->cache = key;
	/* a kernel's cache name: shown in the status line, escaped */
	sanitize(&name, end + 1, strlen(end + 1), SAN_ASCII);
	snprintf(v->cache_name, sizeof(v->cache_name), "%.80s",
		 name.s ? name.s : "");
	sbuf_free(&name);
	v->by = ACT_BY_SITE;
	restrict_rows(v);
	return R_REBUILD;
}

static const struct view_key keys[] = {
	{ 'g', "g", key_by,
	  "rows by cache, call site, process, cgroup (in turn; after Enter on a cache: its call sites, processes, cgroups)" },
};

static const char *const label[] = { "name", "caller", "command", "cgroup",
				     NULL };

const struct view view_activity = {
	.name = "activity",
	.what = "allocation activity",
	.named_only = true,
	.options = options,
	.noptions = ARRAY_SIZE(options),
	.settings_new = settings_new,
	.create = create,
	.destroy = destroy,
	.read = read_view,
	.warming = warming,
	.skipped = view_skipped_none,
	.rows = rows,
	.filter_key = filter_key,
	.summary = summary,
	.json_head = json_head,
	.status = status,
	.keys = keys,
	.nkeys = ARRAY_SIZE(keys),
	.enter = enter,
	.restrict_to = restrict_to,
	.help_note =
		"Counted from the kmem tracepoints by an eBPF program (CAP_BPF and\n"
		"CAP_PERFMON). FREE/s is blank where no free of the cache was ever\n"
		"seen: bulk and RCU frees fire no tracepoint (unknown, not 0).",
	.main_value = "allocs",
	.main_bytes = false,
	/* allocs counts events since kmemtop attached: its change over
	 * the window is how many allocations, not growth (the slab view's
	 * active_objs is) */
	.main_order =
		"most allocations over the window first (a count of events, not growth: the slab view's active_objs is growth; a kmemtop restarted in the window counts from 0 again)",
	.label = label,
	.tables = tables,
	.ntables = ARRAY_SIZE(tables),
};
