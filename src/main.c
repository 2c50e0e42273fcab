/*
 * main.c - layer 5: options, mode dispatch and exit codes.
 *
 * The only module that exits: 0 success, 1 runtime failure, 2 usage
 * error. Everything below it returns errors with a message.
 */
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model.h"
#include "options.h"
#include "output.h"
#include "procfs.h"
#include "procs.h"
#include "tui.h"
#include "view_oom.h"
#include "view_slab.h"
#include "view_vmalloc.h"
#include "vmalloc_model.h"

enum { OPT_VIEW = 300, OPT_GROUP_BY, OPT_TYPE, OPT_IOREMAP, OPT_CALLER,
       OPT_KTHREADS };
enum { OPT_JSON = 256, OPT_ROOT, OPT_PAGE_SIZE, OPT_LIST_COLUMNS, OPT_LIST_KEYS };

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: kmemtop [options]\n"
		"\n"
		"Watch kernel memory live: slab caches, vmalloc areas, and the\n"
		"processes the OOM killer would pick.\n"
		"\n"
		"Options:\n"
		" -o, --once            print one snapshot and exit (like slabtop -o)\n"
		"     --view VIEW       slab (default), vmalloc or oom\n"
		"     --group-by G      vmalloc: caller (default), type, module or none\n"
		"     --type LIST       vmalloc: only these types (ioremap,vmalloc,...)\n"
		"     --ioremap         vmalloc: only ioremap areas (--type ioremap)\n"
		"     --caller TEXT     vmalloc: only callers containing TEXT\n"
		"     --kernel-threads  oom: list kernel threads too\n"
		" -s, --sort KEY        sort by a slabtop letter or a column key\n"
		" -d, --delay SECS      seconds between refreshes (default 3)\n"
		"     --json            with --once: one JSON object on one line\n"
		"     --root DIR        read DIR/proc/... instead of /proc/...\n"
		"     --page-size BYTES page size for CACHE SIZE (default: this machine's)\n"
		"     --list-columns    list every view's columns (key, title, JSON name)\n"
		"     --list-keys       list the interactive keys\n"
		" -h, --help            display this help and exit\n"
		" -V, --version         output version information and exit\n"
		"\n"
		"Sort keys (letter, key, meaning):\n");
	for (size_t i = 0; i < view_slab.ncols; i++) {
		const struct column *c = &view_slab.cols[i];
		fprintf(f, " %c  %-13s %s\n", c->letter ? c->letter : ' ',
			c->key, c->help);
	}
	fprintf(f, "\nThe default sort is o (objects), descending; n sorts "
		   "names ascending.\nSee kmemtop(1).\n");
}

static void __attribute__((noreturn, format(printf, 1, 2)))
usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "kmemtop: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'kmemtop --help' for more information.\n");
	exit(2);
}

/* One line per column: key, title, sort letter, JSON name, flags, help;
 * tab-separated, for scripts and the man page check. */
static void list_view_columns(const char *table, const struct view *vw)
{
	for (size_t i = 0; i < vw->ncols; i++) {
		const struct column *c = &vw->cols[i];
		printf("%s\t%s\t%s\t%c\t%s\t%s%s%s\t%s\n", table, c->key,
		       c->title, c->letter ? c->letter : '-',
		       (c->flags & COL_NOJSON) ? "-" : c->json,
		       (c->flags & COL_HIDDEN) ? "hidden" : "shown",
		       (c->flags & COL_DELTA) ? ",delta" : "",
		       (c->flags & COL_ASC) ? ",ascending" : "", c->help);
	}
}

/* Every table of every view: TABLE KEY TITLE LETTER JSON FLAGS HELP,
 * tab-separated (the man page's FIELDS sections are checked against it). */
static void list_columns(void)
{
	list_view_columns("slab", &view_slab);
	list_view_columns("vmalloc-caller", view_vmalloc_groups(VG_CALLER));
	list_view_columns("vmalloc-type", view_vmalloc_groups(VG_TYPE));
	list_view_columns("vmalloc-module", view_vmalloc_groups(VG_MODULE));
	list_view_columns("vmalloc-areas", &view_vmalloc_areas);
	list_view_columns("vmalloc-map", &view_vmalloc_map);
	list_view_columns("oom", &view_oom);
}

static void set_sort(struct options *o, const char *arg)
{
	int i = -1;

	if (strlen(arg) == 1)
		i = view_find_letter(&view_slab, (char)(arg[0] | 0x20));
	if (i < 0)
		i = view_find_key(&view_slab, arg);
	if (i < 0)
		usage_error("unknown sort key '%s' (see --help)", arg);
	o->sort_col = i;
	o->sort_desc = !(view_slab.cols[i].flags & COL_ASC);
}

static void parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "once", no_argument, NULL, 'o' },
		{ "sort", required_argument, NULL, 's' },
		{ "delay", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "view", required_argument, NULL, OPT_VIEW },
		{ "group-by", required_argument, NULL, OPT_GROUP_BY },
		{ "type", required_argument, NULL, OPT_TYPE },
		{ "ioremap", no_argument, NULL, OPT_IOREMAP },
		{ "caller", required_argument, NULL, OPT_CALLER },
		{ "kernel-threads", no_argument, NULL, OPT_KTHREADS },
		{ "root", required_argument, NULL, OPT_ROOT },
		{ "page-size", required_argument, NULL, OPT_PAGE_SIZE },
		{ "list-columns", no_argument, NULL, OPT_LIST_COLUMNS },
		{ "list-keys", no_argument, NULL, OPT_LIST_KEYS },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	char *end;

	o->root = "/";
	o->delay = 3;
	o->sort_col = (int)view_slab.default_sort;
	o->sort_desc = true;
	o->page_size = (uint64_t)sysconf(_SC_PAGESIZE);
	while ((c = getopt_long(argc, argv, "os:d:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			o->once = true;
			break;
		case 's':
			o->sort_key = optarg;
			break;
		case OPT_VIEW:
			if (!strcmp(optarg, "slab"))
				o->view = VIEW_SLAB;
			else if (!strcmp(optarg, "vmalloc"))
				o->view = VIEW_VMALLOC;
			else if (!strcmp(optarg, "oom"))
				o->view = VIEW_OOM;
			else
				usage_error("unknown view '%s' (slab, vmalloc "
					    "or oom)", optarg);
			break;
		case OPT_GROUP_BY: {
			enum vm_group_by g;
			if (vm_group_by_parse(optarg, &g) < 0)
				usage_error("unknown grouping '%s' (caller, "
					    "type, module or none)", optarg);
			o->group_by = (int)g;
			break;
		}
		case OPT_TYPE: {
			struct kerr err = { { 0 } };
			unsigned mask;
			if (vm_type_parse_list(optarg, &mask, &err) < 0)
				usage_error("--type: %s", err.msg);
			o->vm_types |= mask;
			break;
		}
		case OPT_IOREMAP:
			o->vm_types |= 1u << VT_IOREMAP;
			break;
		case OPT_CALLER:
			o->vm_caller = optarg;
			break;
		case OPT_KTHREADS:
			o->kthreads = true;
			break;
		case 'd':
			errno = 0;
			o->delay = strtod(optarg, &end);
			if (errno || end == optarg || *end || !isfinite(o->delay) ||
			    o->delay <= 0 || o->delay > 86400)
				usage_error("invalid delay '%s' (seconds, "
					    "greater than 0)", optarg);
			break;
		case OPT_JSON:
			o->json = true;
			break;
		case OPT_ROOT:
			if (!*optarg)
				usage_error("--root needs a directory");
			o->root = optarg;
			break;
		case OPT_PAGE_SIZE: {
			unsigned long long v;
			errno = 0;
			v = strtoull(optarg, &end, 10);
			if (errno || end == optarg || *end || v == 0 ||
			    (v & (v - 1)))
				usage_error("invalid page size '%s' (a power "
					    "of two, in bytes)", optarg);
			o->page_size = v;
			break;
		}
		case OPT_LIST_KEYS:
			tui_list_keys(stdout);
			exit(0);
		case OPT_LIST_COLUMNS:
			list_columns();
			exit(0);
		case 'h':
			usage(stdout);
			exit(0);
		case 'V':
			printf("kmemtop %s\n", PACKAGE_VERSION);
			exit(0);
		default:
			fprintf(stderr, "Try 'kmemtop --help' for more "
					"information.\n");
			exit(2);
		}
	}
	if (optind < argc)
		usage_error("unexpected argument '%s'", argv[optind]);
	if (o->json && !o->once)
		usage_error("--json needs --once");
	if (o->view == VIEW_SLAB && o->sort_key)
		set_sort(o, o->sort_key);
}

static int write_all(const struct sbuf *b)
{
	errno = 0;
	if (b->len && fwrite(b->s, 1, b->len, stdout) != b->len)
		return errno ? errno : EIO;
	if (fflush(stdout) != 0)
		return errno ? errno : EIO;
	return 0;
}

/* Write a finished --once report to standard output, then note the
 * lines the parser had to skip. Returns the exit status. */
static int finish_once(const struct sbuf *out, const char *root,
		       const char *rel, size_t skipped, size_t first_skipped)
{
	int e = write_all(out);
	struct sbuf path = { 0 };

	if (e)
		fprintf(stderr, "kmemtop: cannot write standard output: %s\n",
			strerror(e));
	if (skipped) {
		procfs_path(root, rel, &path);
		fprintf(stderr,
			"kmemtop: %zu malformed line(s) skipped in %s "
			"(first: line %zu)\n",
			skipped, path.s, first_skipped);
		sbuf_free(&path);
	}
	return e ? 1 : 0;
}

static int run_once(const struct options *o)
{
	struct procfs_buf buf = { 0 };
	struct slab_model m;
	struct kerr err = { { 0 } };
	struct sbuf out = { 0 };
	size_t *idx;
	int rc = 0;

	slab_model_init(&m, o->page_size);
	if (procfs_read(o->root, "proc/slabinfo", &buf, &err)) {
		fprintf(stderr, "kmemtop: %s\n", err.msg);
		rc = 1;
		goto out;
	}
	if (slab_model_update(&m, buf.data, buf.len, now_mono(), &err)) {
		struct sbuf path = { 0 };
		procfs_path(o->root, "proc/slabinfo", &path);
		fprintf(stderr, "kmemtop: %s: %s\n", path.s, err.msg);
		sbuf_free(&path);
		rc = 1;
		goto out;
	}
	idx = xmalloc((m.nrows ? m.nrows : 1) * sizeof(*idx));
	for (size_t i = 0; i < m.nrows; i++)
		idx[i] = i;
	view_sort(&view_slab.cols[o->sort_col], o->sort_desc, m.rows,
		  sizeof(*m.rows), idx, m.nrows);
	if (o->json)
		output_slab_json(&m, idx, m.nrows, now_wall(), &out);
	else
		output_slab_text(&m, idx, m.nrows, &out);
	free(idx);
	rc = finish_once(&out, o->root, "proc/slabinfo", m.cur.skipped,
			 m.cur.first_skipped);
out:
	sbuf_free(&out);
	procfs_buf_free(&buf);
	slab_model_free(&m);
	return rc;
}

/* The vmalloc view's table for these options: grouped, the ioremap
 * register map (ungrouped, ioremap only), or one row per area. */
static const struct view *vmalloc_view(const struct options *o)
{
	if (o->group_by != VG_NONE)
		return view_vmalloc_groups((enum vm_group_by)o->group_by);
	if (o->vm_types == (1u << VT_IOREMAP) && !o->json)
		return &view_vmalloc_map;
	return &view_vmalloc_areas;
}

/* -s as a column key of table vw ("what" names it in the error); the
 * default is the table's default column. Names sort ascending, numbers
 * largest first. */
static void key_sort(const struct options *o, const struct view *vw,
		     const char *what, int *col, bool *desc)
{
	if (o->sort_key) {
		*col = view_find_key(vw, o->sort_key);
		if (*col < 0)
			usage_error("unknown sort key '%s' for %s (see "
				    "kmemtop(1))", o->sort_key, what);
	} else {
		*col = (int)vw->default_sort;
	}
	*desc = !(vw->cols[*col].flags & COL_ASC);
}

/* -s for the vmalloc view; the register map reads in address order. */
static void vmalloc_sort(const struct options *o, const struct view *vw,
			 int *col, bool *desc)
{
	key_sort(o, vw, "this vmalloc view", col, desc);
	*desc = *desc && vw != &view_vmalloc_map;
}

static int run_once_vmalloc(const struct options *o)
{
	struct procfs_buf buf = { 0 };
	struct vm_model m;
	struct vm_filter f = { .types = o->vm_types, .caller = o->vm_caller };
	struct meminfo mi;
	bool have_mi;
	struct kerr err = { { 0 } };
	struct sbuf out = { 0 };
	const struct view *vw = vmalloc_view(o);
	const void *rows;
	size_t n, row_size, *idx;
	int col, rc = 0;
	bool desc;

	vmalloc_sort(o, vw, &col, &desc);
	have_mi = procfs_read(o->root, "proc/meminfo", &buf, &err) == 0;
	if (have_mi)
		meminfo_parse(buf.data, buf.len, &mi);
	vm_model_init(&m, (enum vm_group_by)o->group_by, &f);
	if (procfs_read_lines(o->root, "proc/vmallocinfo", &buf,
			      vm_model_feed_fn, &m, &err)) {
		fprintf(stderr, "kmemtop: %s\n", err.msg);
		procfs_buf_free(&buf);
		vm_model_free(&m);
		return 1;
	}
	vm_model_end(&m, now_mono());
	if (m.stats.areas == 0 && m.stats.skipped) {
		struct sbuf path = { 0 };
		procfs_path(o->root, "proc/vmallocinfo", &path);
		fprintf(stderr,
			"kmemtop: %s: not a vmallocinfo file (no area line; "
			"%zu line(s) skipped)\n",
			path.s, m.stats.skipped);
		sbuf_free(&path);
		procfs_buf_free(&buf);
		vm_model_free(&m);
		return 1;
	}
	if (o->group_by == VG_NONE) {
		rows = m.rows;
		n = m.nrows;
		row_size = sizeof(*m.rows);
	} else {
		rows = m.groups;
		n = m.ngroups;
		row_size = sizeof(*m.groups);
	}
	idx = xmalloc((n ? n : 1) * sizeof(*idx));
	for (size_t i = 0; i < n; i++)
		idx[i] = i;
	view_sort(&vw->cols[col], desc, rows, row_size, idx, n);
	if (o->json) {
		output_vmalloc_json(&m, vw, rows, row_size, idx, n, now_wall(),
				    &out);
	} else {
		output_vmalloc_summary(&m, have_mi ? &mi : NULL, &out);
		output_table(vw, rows, row_size, idx, n, &out);
	}
	free(idx);
	rc = finish_once(&out, o->root, "proc/vmallocinfo", m.stats.skipped,
			 m.stats.first_skipped);
	sbuf_free(&out);
	procfs_buf_free(&buf);
	vm_model_free(&m);
	return rc;
}

/* -s for the OOM view; the default is oom_score, highest first. */
static void oom_sort(const struct options *o, int *col, bool *desc)
{
	key_sort(o, &view_oom, "the oom view", col, desc);
}

static int run_once_oom(const struct options *o)
{
	struct procfs_buf buf = { 0 };
	struct oom_model m;
	struct meminfo mi;
	struct kerr err = { { 0 } };
	struct sbuf out = { 0 };
	bool have_mi, desc;
	int col, overcommit, rc;
	size_t *idx;

	oom_sort(o, &col, &desc);
	oom_model_init(&m, o->kthreads);
	have_mi = procfs_read(o->root, "proc/meminfo", &buf, &err) == 0;
	if (have_mi)
		meminfo_parse(buf.data, buf.len, &mi);
	else
		fprintf(stderr, "kmemtop: %s\n", err.msg);
	overcommit = overcommit_read(o->root, &buf);
	if (!root_is_live(o->root)) {
		fprintf(stderr, "kmemtop: %s is not the live system: the OOM "
				"view shows its memory summary, but processes "
				"only of the live system\n", o->root);
	} else if (procs_read(&m.tab, &err)) {
		fprintf(stderr, "kmemtop: %s\n", err.msg);
		rc = 1;
		goto out;
	}
	oom_model_update(&m, have_mi ? mi.bytes[MI_MEMTOTAL] : 0);
	idx = xmalloc((m.nrows ? m.nrows : 1) * sizeof(*idx));
	for (size_t i = 0; i < m.nrows; i++)
		idx[i] = i;
	view_sort(&view_oom.cols[col], desc, m.rows, sizeof(*m.rows), idx,
		  m.nrows);
	if (o->json) {
		output_oom_json(&m, have_mi ? &mi : NULL, overcommit, idx,
				m.nrows, now_wall(), &out);
	} else {
		output_oom_summary(&m, have_mi ? &mi : NULL, NULL, overcommit,
				   &out);
		output_table(&view_oom, m.rows, sizeof(*m.rows), idx, m.nrows,
			     &out);
	}
	free(idx);
	rc = finish_once(&out, o->root, "proc/meminfo", 0, 0);
out:
	sbuf_free(&out);
	procfs_buf_free(&buf);
	oom_model_free(&m);
	return rc;
}

int main(int argc, char **argv)
{
	struct options o = { 0 };

	setlocale(LC_ALL, "");
	parse_options(argc, argv, &o);
	if (o.view == VIEW_OOM) {
		int col;
		bool desc;
		oom_sort(&o, &col, &desc); /* a bad -s is a usage error */
	}
	if (o.once) {
		switch (o.view) {
		case VIEW_VMALLOC:
			return run_once_vmalloc(&o);
		case VIEW_OOM:
			return run_once_oom(&o);
		default:
			return run_once(&o);
		}
	}
	return tui_run(&o);
}
