/*
 * view_oom.c - the OOM view: processes ranked by oom_score, as the OOM
 * killer would pick them, with oom_score_adj and a safe way to change it
 * ('e'); the memory-pressure summary from /proc/meminfo.
 *
 * Processes come from libproc2 (procs.c), of the live system only.
 */
#include "view_oom.h"

#include <inttypes.h>
#include <json-c/json.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oom_model.h"
#include "procs.h"
#include "prom.h"

#define ROW(p)	   ((const struct oom_row *)(p))
#define F(type, f) .kind = type, .off = offsetof(struct oom_row, f)

static const struct column oom_cols[] = {
	{ .key = "pid",
	  .title = "PID",
	  .json = "pid",
	  .width = 7,
	  .fmt = F_INT,
	  .flags = COL_ASC | COL_ID,
	  F(V_I64, pid),
	  .help = "process ID",
	  .label = "pid" },
	{ .key = "user",
	  .title = "USER",
	  .json = "user",
	  .width = 8,
	  .fmt = F_TEXT,
	  .flags = COL_ASC | COL_CLIP,
	  F(V_STR, user),
	  .help = "effective user (cut to 8 characters on screen)" },
	{ .key = "oom_score",
	  .title = "SCORE",
	  .json = "oom_score",
	  .width = 5,
	  .fmt = F_INT,
	  F(V_I64, oom_score),
	  .help = "oom_score: the OOM killer picks the highest first",
	  .metric = "oom_score",
	  .met = MET_SUM,
	  .metric_help =
		  "oom_score of the processes the OOM killer would pick first, by PID and name (comm, never the command line)." },
	{ .key = "oom_score_adj",
	  .title = "ADJ",
	  .json = "oom_score_adj",
	  .width = 5,
	  .fmt = F_INT,
	  F(V_I64, oom_score_adj),
	  .help = "oom_score_adj, -1000 (never kill) to 1000 (kill first)",
	  .metric = "oom_score_adj",
	  .met = MET_SUM,
	  .metric_help = "oom_score_adj of the same processes." },
	{ .key = "delta_score",
	  .title = "dSCORE",
	  .json = "delta_oom_score",
	  .width = 6,
	  .fmt = F_DELTA,
	  .flags = COL_DELTA | COL_NOJSON,
	  .delta_of = "oom_score",
	  .help = "change of SCORE (since the last refresh, the baseline, or per second)" },
	{ .key = "rss",
	  .title = "RSS",
	  .json = "rss",
	  .width = 9,
	  .fmt = F_KIB,
	  F(V_U64, rss),
	  .help = "resident memory in KiB (JSON: bytes)" },
	{ .key = "delta_rss",
	  .title = "dRSS",
	  .json = "delta_rss",
	  .width = 8,
	  .fmt = F_DELTA_KIB,
	  .flags = COL_DELTA | COL_NOJSON,
	  .delta_of = "rss",
	  .help = "change of RSS in KiB (same modes as dSCORE)" },
	{ .key = "swap",
	  .title = "SWAP",
	  .json = "swap",
	  .width = 8,
	  .fmt = F_KIB,
	  F(V_U64, swap),
	  .help = "swapped-out memory in KiB (JSON: bytes)" },
	{ .key = "fds",
	  .title = "FDS",
	  .json = "fds",
	  .width = 6,
	  .fmt = F_COUNT,
	  .flags = COL_MAYBE | COL_LAZY,
	  F(V_U64, fds),
	  .have = offsetof(struct oom_row, have_fds),
	  .help = "open file descriptors (entries of /proc/PID/fd, counted, never followed)" },
	{ .key = "socks",
	  .title = "SOCKS",
	  .json = "sockets",
	  .width = 6,
	  .fmt = F_COUNT,
	  .flags = COL_MAYBE | COL_LAZY,
	  F(V_U64, socks),
	  .have = offsetof(struct oom_row, have_socks),
	  .help = "sockets among its file descriptors (an fd's link reads socket:[N])" },
	{ .key = "pte",
	  .title = "PTE",
	  .json = "vm_pte",
	  .width = 7,
	  .fmt = F_KIB,
	  .flags = COL_MAYBE | COL_LAZY,
	  F(V_U64, pte),
	  .have = offsetof(struct oom_row, have_pte),
	  .help = "its page tables (VmPTE of /proc/PID/status) in KiB (JSON: bytes)" },
	{ .key = "ram_pct",
	  .title = "%RAM",
	  .json = "ram_percent",
	  .width = 5,
	  .fmt = F_PCT1,
	  .flags = COL_NOJSON,
	  F(V_F64, ram_pct),
	  .help = "RSS as a percentage of MemTotal" },
	{ .key = "start_time",
	  .title = "START",
	  .json = "start_time",
	  .width = 12,
	  .fmt = F_COUNT,
	  .flags = COL_HIDDEN | COL_ID,
	  F(V_U64, start_time),
	  .help = "start time in clock ticks after boot: with the PID, the process's identity (not displayed)" },
	{ .key = "cgroup",
	  .title = "CGROUP",
	  .json = "cgroup",
	  .width = 20,
	  .fmt = F_TEXT,
	  .flags = COL_ASC | COL_CLIP | COL_MAYBE,
	  F(V_STR, cgroup),
	  .help = "its memory cgroup (/proc/PID/cgroup), cut to the column on screen; '/' matches it" },
	{ .key = "command",
	  .title = "COMMAND",
	  .json = "command",
	  .width = 0,
	  .fmt = F_TEXT,
	  .flags = COL_ASC | COL_NAME,
	  F(V_STR, command),
	  .help = "command line ([name] for kernel threads); escaped" },
};

/* The metrics' alone: the process's name, as ps -o comm shows it (a
 * command line is text the process chose, and metrics are often
 * world-readable). */
static const struct column met_cols[] = {
	{ .key = "comm", F(V_STR, comm), .label = "comm" },
};

/* The processes the OOM killer would pick first: each PID is a series
 * of its own, which churns as processes come and go, so a few. */
static const struct table_metrics oom_metrics = {
	.prefix = "kmemtop_",
	.top = PROM_OOM_TOP,
	.rank = { "oom_score" },
	.cols = met_cols,
	.ncols = ARRAY_SIZE(met_cols),
};

const struct table oom_table = {
	.name = "oom",
	.cols = oom_cols,
	.ncols = ARRAY_SIZE(oom_cols),
	.default_sort = 2, /* oom_score, highest first */
	.metrics = &oom_metrics,
};

static const struct table *const tables[] = { &oom_table };

/* ---- options ---------------------------------------------------------- */

struct oom_settings {
	bool kthreads;
};

static void *settings_new(void)
{
	return xcalloc(1, sizeof(struct oom_settings));
}

static int set_kthreads(void *s, const char *arg, struct kerr *err)
{
	(void)arg, (void)err;
	((struct oom_settings *)s)->kthreads = true;
	return 0;
}

static const struct view_option options[] = {
	{ "kernel-threads", NULL, "oom: list kernel threads too",
	  set_kthreads },
};

/* ---- the view --------------------------------------------------------- */

struct oom_view {
	struct oom_model m;
	int overcommit; /* vm.overcommit_memory, -1: unknown */
	bool live;	/* the process table can be read */
	bool all_kmem;	/* reports: every row's fds and page tables */
	const char *root;
	/* 'e': the process chosen, its name as shown, the values */
	struct proc_handle edit;
	char edit_name[64];
	int edit_old, edit_new;
};

#define OV(st)	((struct oom_view *)(st))
#define COV(st) ((const struct oom_view *)(st))

static void *create(const struct options *o, const void *settings)
{
	const struct oom_settings *s = settings;
	struct oom_view *v = xcalloc(1, sizeof(*v));

	oom_model_init(&v->m, s && s->kthreads);
	v->live = root_is_live(o->root);
	/* -o, -b, text and JSON: every row's (their cost: bench/README.md);
	 * metrics have no column of them; the screen reads them for the rows
	 * it shows, and for all when it sorts by one */
	v->all_kmem = (o->once || o->batch) && o->format != FMT_PROM;
	v->root = o->root;
	v->overcommit = -1;
	v->edit.dirfd = -1;
	return v;
}

static void destroy(void *st)
{
	proc_handle_close(&OV(st)->edit);
	oom_model_free(&OV(st)->m);
	free(st);
}

/* FDS, SOCKS and PTE of row i, once a reading */
static void fetch(void *st, const struct view_env *env, size_t i)
{
	struct oom_row *r = &OV(st)->m.rows[i];
	struct proc_kmem k;

	(void)env; /* the live system's, as the process table */
	if (r->fetched)
		return;
	r->fetched = true;
	procs_kmem_read((int)r->pid, r->start_time, &k);
	r->fds = k.fds;
	r->socks = k.socks;
	r->pte = k.pte;
	r->have_fds = k.have_fds;
	r->have_socks = k.have_socks;
	r->have_pte = k.have_pte;
}

/* A capture has no processes: 1, with that note in err. */
static int read_view(void *st, struct view_env *env, double now,
		     struct kerr *err)
{
	struct oom_view *v = OV(st);
	int rc = 0;

	(void)now;
	v->overcommit = overcommit_read(&env->src, &env->buf);
	if (!v->live) {
		kerr_set(
			err,
			"%.1000s is not the live system: the OOM view shows its memory summary, but processes only of the live system",
			v->root);
		rc = 1;
	} else if (procs_read(oom_model_table(&v->m), err)) {
		return -1;
	}
	oom_model_update(&v->m, env->have_mi ? env->mi.bytes[MI_MEMTOTAL] : 0);
	for (size_t i = 0; v->all_kmem && i < v->m.nrows; i++)
		fetch(v, env, i);
	return rc;
}

static size_t skipped(const void *st, struct sbuf *note)
{
	(void)st, (void)note;
	return 0;
}

static void rows(const void *st, enum view_use use, struct out_table *t)
{
	const struct oom_model *m = &COV(st)->m;

	(void)use;
	*t = (struct out_table){
		.table = &oom_table,
		.rows = m->rows,
		.row_size = sizeof(*m->rows),
		.nrows = m->nrows,
		.nhidden = m->nhidden,
	};
}

/* The screen's COMMAND: argv[0] without its directory, then the rest
 * (an interpreter's script: "python3.11 leak.py"); the detail pane and
 * the text output keep it whole. */
static bool screen_name(const void *row, struct value *out)
{
	out->kind = V_STR;
	out->s = ROW(row)->command + ROW(row)->command_dir;
	return true;
}

static const char *filter_key(const void *st, const void *row)
{
	(void)st;
	return ROW(row)->key;
}

/* " LABEL : a / b" in KiB, with the change of a (fields fa minus fb of
 * meminfo; fb MI_COUNT: none) in the row set's mode when known */
static void kib_pair(struct sbuf *out, const char *label, uint64_t a,
		     uint64_t b, const struct rowset *rs, enum mi_field fa,
		     enum mi_field fb)
{
	double da, db = 0;
	bool rate;

	output_label(out, label);
	sbuf_addf(out, "%" PRIu64 "K / %" PRIu64 "K", a / 1024, b / 1024);
	if (b)
		sbuf_addf(out, " (%.1f%%)", (double)a * 100.0 / (double)b);
	if (rs && rowset_mi_change(rs, fa, &da, &rate) &&
	    (fb == MI_COUNT || rowset_mi_change(rs, fb, &db, &rate)))
		output_change(out, (int64_t)((da - db) / 1024),
			      rate ? "K/s" : "K");
	sbuf_addc(out, '\n');
}

static void pressure_lines(const struct oom_model *m, const struct meminfo *mi,
			   const struct rowset *rs, int overcommit,
			   struct sbuf *out)
{
	const uint64_t *b = mi ? mi->bytes : NULL;

	if (mi && mi->have[MI_MEMTOTAL] && mi->have[MI_MEMAVAILABLE])
		kib_pair(out, "MemAvailable / MemTotal", b[MI_MEMAVAILABLE],
			 b[MI_MEMTOTAL], rs, MI_MEMAVAILABLE, MI_COUNT);
	else
		sbuf_addf(out, " %-35s: not in meminfo\n",
			  "MemAvailable / MemTotal");
	if (mi && mi->have[MI_SWAPTOTAL])
		kib_pair(out, "Swap used / total",
			 b[MI_SWAPTOTAL] - b[MI_SWAPFREE], b[MI_SWAPTOTAL], rs,
			 MI_SWAPTOTAL, MI_SWAPFREE);
	if (mi && mi->have[MI_COMMITTED_AS] && mi->have[MI_COMMITLIMIT])
		kib_pair(out, "Committed_AS / CommitLimit", b[MI_COMMITTED_AS],
			 b[MI_COMMITLIMIT], rs, MI_COMMITTED_AS, MI_COUNT);
	if (overcommit >= 0)
		sbuf_addf(out, " %-35s: %d (%s)\n",
			  "Overcommit (vm.overcommit_memory)", overcommit,
			  overcommit_name(overcommit));
	else
		sbuf_addf(out, " %-35s: unknown\n",
			  "Overcommit (vm.overcommit_memory)");
	sbuf_addf(out, " %-35s: %zu shown, %zu kernel thread(s) %s\n",
		  "Processes", m->nrows, m->nkthreads,
		  m->show_kthreads ? "included" : "hidden");
}

static void summary(const void *st, const struct view_env *env,
		    enum view_use use, const struct rowset *rs, struct sbuf *out)
{
	pressure_lines(&COV(st)->m, env->have_mi ? &env->mi : NULL, rs,
		       COV(st)->overcommit, out);
	if (use != USE_SCREEN)
		sbuf_addc(out, '\n');
}

/* ---- the replay screen ------------------------------------------------ */

static const struct {
	const char *json;
	enum mi_field f;
} json_mi[] = {
	{ "mem_total", MI_MEMTOTAL },
	{ "mem_available", MI_MEMAVAILABLE },
	{ "swap_total", MI_SWAPTOTAL },
	{ "swap_free", MI_SWAPFREE },
	{ "commit_limit", MI_COMMITLIMIT },
	{ "committed_as", MI_COMMITTED_AS },
};

/* The memory pressure lines from a recording's meminfo fields (a line
 * whose fields were not recorded says so, as live); the processes: the
 * rows recorded, kernel threads included when every process is. */
static bool json_summary(json_object *line, struct sbuf *out)
{
	json_object *sum = NULL, *rows, *f;
	struct meminfo mi;
	struct oom_model m;
	uint64_t procs = 0, kthreads = 0;
	int overcommit = -1;

	memset(&mi, 0, sizeof(mi));
	memset(&m, 0, sizeof(m));
	json_object_object_get_ex(line, "summary", &sum);
	if (!sum)
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(json_mi); i++)
		mi.have[json_mi[i].f] = view_json_u64(sum, json_mi[i].json,
						      &mi.bytes[json_mi[i].f]);
	if (json_object_object_get_ex(sum, "overcommit_memory", &f) &&
	    json_object_is_type(f, json_type_int) &&
	    json_object_get_int64(f) >= 0 && json_object_get_int64(f) <= 2)
		overcommit = (int)json_object_get_int64(f);
	view_json_u64(sum, "processes", &procs);
	view_json_u64(sum, "kernel_threads", &kthreads);
	if (json_object_object_get_ex(line, "rows", &rows) &&
	    json_object_is_type(rows, json_type_array))
		m.nrows = json_object_array_length(rows);
	m.nkthreads = (size_t)kthreads;
	m.show_kthreads = kthreads && m.nrows >= procs;
	pressure_lines(&m, &mi, NULL, overcommit, out);
	return true;
}

/* %RAM: the recorded rss of the recorded MemTotal */
static bool json_value(const struct column *c, json_object *row,
		       json_object *line, struct value *out, struct sbuf *text)
{
	json_object *sum = NULL;
	uint64_t rss, total;

	(void)text;
	if (strcmp(c->key, "ram_pct"))
		return false;
	if (!row)
		return true;
	out->kind = V_NONE;
	json_object_object_get_ex(line, "summary", &sum);
	if (view_json_u64(row, "rss", &rss) &&
	    view_json_u64(sum, "mem_total", &total) && total) {
		out->kind = V_F64;
		out->f = (double)rss * 100.0 / (double)total;
	}
	return true;
}

/* "PID command", then "CGROUP/", as the model's key */
static void json_filter_key(json_object *row, struct sbuf *out)
{
	json_object *f;

	if (json_object_object_get_ex(row, "pid", &f) &&
	    json_object_is_type(f, json_type_int))
		sbuf_addf(out, "%" PRId64 " ", json_object_get_int64(f));
	if (json_object_object_get_ex(row, "command", &f) &&
	    json_object_is_type(f, json_type_string))
		sbuf_add(out, json_object_get_string(f),
			 (size_t)json_object_get_string_len(f));
	sbuf_addc(out, '\n');
	if (json_object_object_get_ex(row, "cgroup", &f) &&
	    json_object_is_type(f, json_type_string))
		sbuf_add(out, json_object_get_string(f),
			 (size_t)json_object_get_string_len(f));
	sbuf_addc(out, '/');
}

static void add_mi(json_object *o, const char *k, const struct meminfo *mi,
		   enum mi_field f)
{
	json_object_object_add(o, k,
			       mi && mi->have[f]
				       ? json_object_new_uint64(mi->bytes[f])
				       : NULL);
}

static void json_head(const void *st, const struct view_env *env,
		      json_object *head)
{
	const struct oom_model *m = &COV(st)->m;
	const struct meminfo *mi = env->have_mi ? &env->mi : NULL;
	int overcommit = COV(st)->overcommit;
	json_object *sum = json_object_new_object();

	add_mi(sum, "mem_total", mi, MI_MEMTOTAL);
	add_mi(sum, "mem_available", mi, MI_MEMAVAILABLE);
	add_mi(sum, "swap_total", mi, MI_SWAPTOTAL);
	add_mi(sum, "swap_free", mi, MI_SWAPFREE);
	add_mi(sum, "commit_limit", mi, MI_COMMITLIMIT);
	add_mi(sum, "committed_as", mi, MI_COMMITTED_AS);
	json_object_object_add(sum, "overcommit_memory",
			       overcommit >= 0 ? json_object_new_int(overcommit)
					       : NULL);
	output_json_u64(sum, "processes", m->nprocs);
	output_json_u64(sum, "kernel_threads", m->nkthreads);
	json_object_object_add(head, "summary", sum);
}

/* ---- metrics ---------------------------------------------------------- */

/* vm.overcommit_memory (the processes' metrics come from the columns). */
static void metrics(const void *st, const struct view_env *env,
		    struct sbuf *out)
{
	int overcommit = COV(st)->overcommit;

	(void)env;
	if (overcommit < 0)
		return;
	prom_family(out, "kmemtop_vm_overcommit_memory",
		    "vm.overcommit_memory: 0 heuristic, 1 always, 2 never.");
	sbuf_addf(out, "kmemtop_vm_overcommit_memory %d\n", overcommit);
}

/* ---- the screen ------------------------------------------------------- */

static void status(const void *st, struct sbuf *out)
{
	const char *cg = COV(st)->m.cgroup;

	sbuf_addf(out, "Kernel threads: %s",
		  COV(st)->m.show_kthreads ? "shown" : "hidden");
	if (cg) { /* a path someone named: escaped */
		sbuf_addf(out, "  Cgroup: ");
		sanitize(out, cg, strlen(cg), SAN_ASCII);
		sbuf_addf(out, " and below");
	}
}

/* Enter on a cgroup (the cgroup view): its processes and those of the
 * cgroups below it, by path exactly; NULL: every process again. */
static unsigned restrict_to(void *st, const char *path)
{
	struct oom_model *m = &OV(st)->m;

	if (!path && !m->cgroup)
		return R_NONE;
	oom_model_set_cgroup(m, path);
	return R_REREAD;
}

static unsigned key_kthreads(void *st, const void *row, char *msg, size_t size)
{
	struct oom_model *m = &OV(st)->m;

	(void)row;
	m->show_kthreads = !m->show_kthreads;
	snprintf(msg, size, "kernel threads %s",
		 m->show_kthreads ? "shown" : "hidden");
	return R_REREAD;
}

static const struct view_key keys[] = {
	{ 'K', "K", key_kthreads, "show or hide kernel threads" },
};

/* ---- 'e': oom_score_adj ----------------------------------------------- */

static bool edit_begin(void *st, const struct view_env *env, const void *row,
		       char *title, size_t title_size, char *text,
		       size_t text_size, char *msg, size_t size)
{
	struct oom_view *v = OV(st);
	const struct oom_row *r = row;
	struct kerr err = { { 0 } };
	struct sbuf b = { 0 }, name = { 0 };

	(void)env; /* the process is held by its pidfd (procs.h) */
	if (!r) {
		snprintf(msg, size, "no process selected");
		return false;
	}
	/* hold the process now: what is written at the end reaches it or
	 * nothing */
	proc_handle_close(&v->edit);
	if (proc_handle_open(&v->edit, (int)r->pid, r->start_time, &err) ||
	    proc_handle_read_adj(&v->edit, &v->edit_old, &err)) {
		proc_handle_close(&v->edit);
		snprintf(msg, size, "%.250s", err.msg);
		return false;
	}
	/* the program and its script ("python3 leak.py", not the start of
	 * an interpreter's long path; argv[0]'s directory as the model
	 * knows it, whatever it holds); untrusted: escaped, and cut to fit
	 * the prompt */
	oom_command_name(r->command + r->command_dir, &name);
	sanitize(&b, name.s ? name.s : "", name.len, 0);
	snprintf(v->edit_name, sizeof(v->edit_name), "%.40s", b.s ? b.s : "");
	sbuf_free(&name);
	snprintf(title, title_size, "oom_score_adj of %d %s (now %d)",
		 (int)r->pid, v->edit_name, v->edit_old);
	snprintf(text, text_size, "%d", v->edit_old);
	sbuf_free(&b);
	return true;
}

/* Not a number, or out of range: the prompt stays open with why. */
static bool edit_valid(void *st, const char *text, char *msg, size_t size)
{
	struct kerr err = { { 0 } };
	int value;

	(void)st;
	if (oom_adj_parse(text, &value, &err)) {
		snprintf(msg, size, "%.250s", err.msg);
		return false;
	}
	return true;
}

static bool edit_check(void *st, const char *text, char *question,
		       size_t question_size, char *msg, size_t size)
{
	struct oom_view *v = OV(st);
	struct kerr err = { { 0 } };

	/* still the process chosen, and its value now */
	if (oom_adj_parse(text, &v->edit_new, &err) ||
	    proc_handle_read_adj(&v->edit, &v->edit_old, &err)) {
		snprintf(msg, size, "%.250s", err.msg);
		return false;
	}
	if (v->edit_new == v->edit_old) {
		snprintf(msg, size,
			 "oom_score_adj of %d unchanged (%d); nothing written",
			 v->edit.pid, v->edit_old);
		return false;
	}
	snprintf(
		question, question_size,
		"%d %s: %d -> %d? (y or Enter writes it, any other key cancels)",
		v->edit.pid, v->edit_name, v->edit_old, v->edit_new);
	return true;
}

static void edit_commit(void *st, char *msg, size_t size)
{
	struct oom_view *v = OV(st);
	struct kerr err = { { 0 } };

	if (proc_handle_write_adj(&v->edit, v->edit_new, &err)) {
		snprintf(msg, size, "%.250s", err.msg);
		return;
	}
	snprintf(msg, size, "oom_score_adj of %d set to %d (was %d)",
		 v->edit.pid, v->edit_new, v->edit_old);
}

static void edit_end(void *st)
{
	proc_handle_close(&OV(st)->edit);
}

static const struct view_edit edits[] = { {
	.key = 'e',
	.label = "e",
	.typed = true,
	.help = "edit the selected process's oom_score_adj (-1000..1000), with a confirmation",
	.begin = edit_begin,
	.check = edit_check,
	.valid = edit_valid,
	.commit = edit_commit,
	.end = edit_end,
} };

static const char *const label[] = { "pid", "command", NULL };

const struct view view_oom = {
	.name = "oom",
	.what = "OOM score",
	.meminfo = VIEW_MI_SCREEN | VIEW_MI_REPORT | VIEW_MI_NEEDED,
	.options = options,
	.noptions = ARRAY_SIZE(options),
	.settings_new = settings_new,
	.create = create,
	.destroy = destroy,
	.read = read_view,
	.skipped = skipped,
	.rows = rows,
	.filter_key = filter_key,
	.summary = summary,
	.json_head = json_head,
	.metrics = metrics,
	.status = status,
	.restrict_to = restrict_to,
	.screen_name = screen_name,
	.fetch = fetch,
	.keys = keys,
	.nkeys = ARRAY_SIZE(keys),
	.edits = edits,
	.nedits = ARRAY_SIZE(edits),
	.help_note =
		"SCORE is /proc/PID/oom_score: the OOM killer kills the highest.\n"
		"ADJ is oom_score_adj, -1000 (never kill) to 1000 (kill first),\n"
		"added to the memory share (RSS + swap + page tables) in 1/1000ths.\n"
		"The legacy /proc/PID/oom_adj scale, -17 (never) and -16..15, is the\n"
		"same setting on an old scale (15 ~ 1000); kmemtop writes only\n"
		"oom_score_adj. Lowering it needs CAP_SYS_RESOURCE (root).",
	.main_value = "rss",
	.main_bytes = true,
	.label = label,
	.json_summary = json_summary,
	.json_value = json_value,
	.json_filter_key = json_filter_key,
	.tables = tables,
	.ntables = ARRAY_SIZE(tables),
};
