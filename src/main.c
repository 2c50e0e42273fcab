/*
 * main.c - layer 5: options, mode dispatch and exit codes.
 *
 * The only module that exits: 0 success, 1 runtime failure, 2 usage
 * error. Everything below it returns errors with a message.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <time.h>
#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "slab_model.h"
#include "options.h"
#include "outfile.h"
#include "output.h"
#include "source.h"
#include "procs.h"
#include "report.h"
#include "tui.h"
#include "view_oom.h"
#include "view_slab.h"
#include "view_vmalloc.h"
#include "vmalloc_model.h"

enum {
	OPT_VIEW = 300,
	OPT_GROUP_BY,
	OPT_TYPE,
	OPT_IOREMAP,
	OPT_CALLER,
	OPT_KTHREADS,
	OPT_OUTPUT,
	OPT_FORMAT
};
enum {
	OPT_JSON = 256,
	OPT_ROOT,
	OPT_PAGE_SIZE,
	OPT_LIST_COLUMNS,
	OPT_LIST_KEYS
};

/* Set by SIGINT/SIGTERM/SIGHUP in batch mode: stop after this snapshot. */
static volatile sig_atomic_t stop_signal;

static void usage(FILE *f)
{
	fprintf(f, "Usage: kmemtop [options]\n"
		   "\n"
		   "Watch kernel memory live: slab caches, vmalloc areas, and "
		   "the\n"
		   "processes the OOM killer would pick.\n"
		   "\n"
		   "Options:\n"
		   " -o, --once            print one snapshot and exit (like "
		   "slabtop -o)\n"
		   " -b, --batch           print snapshots every -d seconds "
		   "(like top -b)\n"
		   " -n, --iterations N    batch: stop after N snapshots "
		   "(default: never)\n"
		   "     --output FILE     append the snapshots to FILE "
		   "(created if missing)\n"
		   "     --format F        text (default), json (JSON Lines) "
		   "or prometheus\n"
		   "     --view LIST       slab (default), vmalloc or oom; a "
		   "comma list\n"
		   "                       (slab,vmalloc,oom) with -o or -b\n"
		   "     --group-by G      vmalloc: caller (default), type, "
		   "module or none\n"
		   "     --type LIST       vmalloc: only these types "
		   "(ioremap,vmalloc,...)\n"
		   "     --ioremap         vmalloc: only ioremap areas (--type "
		   "ioremap)\n"
		   "     --caller TEXT     vmalloc: only callers containing "
		   "TEXT\n"
		   "     --kernel-threads  oom: list kernel threads too\n"
		   " -s, --sort KEY        sort by a slabtop letter or a "
		   "column key\n"
		   " -d, --delay SECS      seconds between refreshes (default "
		   "3)\n"
		   "     --json            --format json: one JSON object per "
		   "view a line\n"
		   "     --root DIR        read DIR/proc/... instead of "
		   "/proc/...\n"
		   "     --page-size BYTES page size for CACHE SIZE (default: "
		   "this machine's)\n"
		   "     --list-columns    list every view's columns (key, "
		   "title, JSON name)\n"
		   "     --list-keys       list the interactive keys\n"
		   " -h, --help            display this help and exit\n"
		   " -V, --version         output version information and "
		   "exit\n"
		   "\n"
		   "Sort keys of the slab view (letter, key, meaning):\n");
	for (size_t i = 0; i < view_slab.ncols; i++) {
		const struct column *c = &view_slab.cols[i];
		fprintf(f, " %c  %-13s %s\n", c->letter ? c->letter : ' ',
			c->key, c->help);
	}
	fprintf(f, "\nThe default sort is o (objects), descending; n sorts "
		   "names ascending.\nThe vmalloc view sorts by size, the oom "
		   "view by "
		   "oom_score; --list-columns\nlists the keys of every view. "
		   "See kmemtop(1).\n");
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
static void list_view_columns(const char *table, const struct table *vw)
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
		i = table_find_letter(&view_slab, (char)(arg[0] | 0x20));
	if (i < 0)
		i = table_find_key(&view_slab, arg);
	if (i < 0) {
		/* the other views' keys are checked by report_new / the TUI */
		if (o->nviews == 1 && o->views[0] == VIEW_SLAB)
			usage_error("unknown sort key '%s' (see --help)", arg);
		return;
	}
	o->sort_slab_known = true;
	o->sort_col = i;
	o->sort_desc = !(view_slab.cols[i].flags & COL_ASC);
}

static void parse_views(struct options *o, const char *list);

static void parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "once", no_argument, NULL, 'o' },
		{ "batch", no_argument, NULL, 'b' },
		{ "iterations", required_argument, NULL, 'n' },
		{ "output", required_argument, NULL, OPT_OUTPUT },
		{ "format", required_argument, NULL, OPT_FORMAT },
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
	while ((c = getopt_long(argc, argv, "obn:s:d:hV", longopts, NULL)) !=
	       -1) {
		switch (c) {
		case 'o':
			o->once = true;
			break;
		case 'b':
			o->batch = true;
			break;
		case 'n': {
			unsigned long long v;
			errno = 0;
			v = strtoull(optarg, &end, 10);
			if (errno || end == optarg || *end || v == 0 ||
			    optarg[0] == '-' || v > ULONG_MAX)
				usage_error("invalid number of iterations '%s' "
					    "(1 or more)",
					    optarg);
			o->iterations = (unsigned long)v;
			break;
		}
		case OPT_OUTPUT:
			if (!*optarg)
				usage_error("--output needs a file name");
			o->output = optarg;
			break;
		case OPT_FORMAT:
			if (!strcmp(optarg, "text"))
				o->format = FMT_TEXT;
			else if (!strcmp(optarg, "json"))
				o->format = FMT_JSON;
			else if (!strcmp(optarg, "prometheus"))
				o->format = FMT_PROM;
			else
				usage_error("unknown format '%s' (text, json "
					    "or "
					    "prometheus)",
					    optarg);
			break;
		case 's':
			o->sort_key = optarg;
			break;
		case OPT_VIEW:
			parse_views(o, optarg);
			break;
		case OPT_GROUP_BY: {
			enum vm_group_by g;
			if (vm_group_by_parse(optarg, &g) < 0)
				usage_error("unknown grouping '%s' (caller, "
					    "type, module or none)",
					    optarg);
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
			if (errno || end == optarg || *end ||
			    !isfinite(o->delay) || o->delay <= 0 ||
			    o->delay > 86400)
				usage_error("invalid delay '%s' (seconds, "
					    "greater than 0 and at most 86400)",
					    optarg);
			break;
		case OPT_JSON:
			o->format = FMT_JSON;
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
					    "of two, in bytes)",
					    optarg);
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
	if (!o->nviews) {
		/* metrics: every view unless --view says otherwise */
		o->nviews = 0;
		o->views[o->nviews++] = VIEW_SLAB;
		if (o->format == FMT_PROM) {
			o->views[o->nviews++] = VIEW_VMALLOC;
			o->views[o->nviews++] = VIEW_OOM;
		}
	}
	o->view = o->views[0];
	o->json = o->format == FMT_JSON;
	if (o->once && o->batch)
		usage_error("-o and -b: choose one snapshot or many");
	if (!o->once && !o->batch) {
		if (o->format != FMT_TEXT)
			usage_error("--%s needs --once or --batch",
				    o->json ? "json" : "format");
		if (o->nviews > 1)
			usage_error("the live view opens one view: --view %s "
				    "(Tab switches)",
				    "slab|vmalloc|oom");
		if (o->output)
			usage_error("--output needs --once or --batch");
	}
	if (o->iterations && !o->batch)
		usage_error("-n needs -b");
	if (o->sort_key)
		set_sort(o, o->sort_key);
}

/* --view LIST: slab, vmalloc, oom, comma-separated, each once */
static void parse_views(struct options *o, const char *list)
{
	const char *p = list;

	o->nviews = 0;
	for (;;) {
		size_t n = strcspn(p, ",");
		int v = -1;
		for (int i = 0; i < VIEW_COUNT; i++) {
			const char *name = report_view_name((enum view_id)i);
			if (strlen(name) == n && !strncmp(name, p, n))
				v = i;
		}
		if (v < 0)
			usage_error("unknown view '%.*s' (slab, vmalloc or "
				    "oom)",
				    (int)(n > 64 ? 64 : n), p);
		for (size_t i = 0; i < o->nviews; i++)
			if ((int)o->views[i] == v)
				usage_error("view '%s' named twice",
					    report_view_name((enum view_id)v));
		o->views[o->nviews++] = (enum view_id)v;
		if (!p[n])
			break;
		p += n + 1;
	}
}

static void on_stop(int sig)
{
	stop_signal = sig;
}

/* Sleep secs, or less when a stop signal comes. */
static void pause_for(double secs)
{
	struct timespec ts = { (time_t)secs,
			       (long)((secs - (double)(time_t)secs) * 1e9) };

	while (!stop_signal && nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* -o and -b: snapshots of the views to standard output or --output,
 * each built whole, written whole and flushed before the pause. A write
 * error ends with exit 1 naming the file; a closed pipe ends quietly;
 * SIGINT/SIGTERM end after the current snapshot. */
/* A sink's flush: what the snapshot holds so far goes into the record. */
struct record {
	struct outfile *of;
	struct kerr *err;
};

static int record_flush(void *ctx, struct sbuf *buf)
{
	struct record *rec = ctx;

	return outfile_write(rec->of, buf->s, buf->len, rec->err);
}

static int run_report(const struct options *o)
{
	struct kerr err = { { 0 } };
	struct report *r = report_new(o, &err);
	struct sbuf out = { 0 }, errs = { 0 };
	struct outfile of;
	struct record rec = { &of, &err };
	struct out_sink sink = { &out, record_flush, &rec, 0 };
	struct sigaction sa;
	int rc = 0, e = 0;
	unsigned long n = 0;

	if (!r)
		usage_error("%s", err.msg);
	if (outfile_open(&of, o->output, o->format == FMT_PROM, &err) < 0) {
		fprintf(stderr, "kmemtop: %s\n", err.msg);
		report_free(r);
		return 1;
	}
	/* a closed pipe is an EPIPE from write, not a signal */
	signal(SIGPIPE, SIG_IGN);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	if (o->batch) {
		/* an ssh logout ends a batch as Ctrl-C does: after the
		 * snapshot being written */
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
		sigaction(SIGHUP, &sa, NULL);
	}
	for (;;) {
		sbuf_reset(&out);
		sbuf_reset(&errs);
		sink.err = 0;
		/* a record: what the snapshot makes is written as it grows,
		 * then the rest; committed whole or cut off again */
		e = outfile_begin(&of, &err);
		if (!e && !report_snapshot(r, now_wall(), &sink, &errs))
			rc = 1;
		if (errs.len)
			fputs(errs.s, stderr);
		if (!e && !(e = sink.err) &&
		    !(e = outfile_write(&of, out.s, out.len, &err)))
			e = outfile_commit(&of, &err);
		if (e == EPIPE && !o->output) {
			rc = 0; /* the reader is done: | head */
			break;
		}
		if (e) {
			fprintf(stderr, "kmemtop: %s\n", err.msg);
			rc = 1;
			break;
		}
		n++;
		if (o->once || stop_signal ||
		    (o->iterations && n >= o->iterations))
			break;
		pause_for(o->delay);
		if (stop_signal)
			break;
	}
	if (outfile_close(&of, &err) && !e) {
		fprintf(stderr, "kmemtop: %s\n", err.msg);
		rc = 1;
	}
	sbuf_free(&out);
	sbuf_free(&errs);
	report_free(r);
	return rc;
}

int main(int argc, char **argv)
{
	struct options o = { 0 };

	setlocale(LC_ALL, "");
	parse_options(argc, argv, &o);
	/* text for terminals: what this locale can show */
	o.text_flags = strcmp(nl_langinfo(CODESET), "UTF-8") ? SAN_ASCII
							     : SAN_WIDE;
	if (o.once || o.batch)
		return run_report(&o);
	if (o.view != VIEW_SLAB && o.sort_key) {
		/* the live view: a bad -s is a usage error here too */
		struct kerr err = { { 0 } };
		struct report *r = report_new(&o, &err);
		if (!r)
			usage_error("%s", err.msg);
		report_free(r);
	}
	return tui_run(&o);
}
