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
#include "tui.h"
#include "view_slab.h"

enum { OPT_JSON = 256, OPT_ROOT, OPT_PAGE_SIZE, OPT_LIST_COLUMNS, OPT_LIST_KEYS };

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: kmemtop [options]\n"
		"\n"
		"Watch kernel memory: slab caches from /proc/slabinfo, live.\n"
		"\n"
		"Options:\n"
		" -o, --once            print one snapshot and exit (like slabtop -o)\n"
		" -s, --sort KEY        sort by a slabtop letter or a column key\n"
		" -d, --delay SECS      seconds between refreshes (default 3)\n"
		"     --json            with --once: one JSON object on one line\n"
		"     --root DIR        read DIR/proc/... instead of /proc/...\n"
		"     --page-size BYTES page size for CACHE SIZE (default: this machine's)\n"
		"     --list-columns    list the columns (key, title, letter, JSON name)\n"
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
static void list_columns(void)
{
	for (size_t i = 0; i < view_slab.ncols; i++) {
		const struct column *c = &view_slab.cols[i];
		printf("%s\t%s\t%c\t%s\t%s%s%s\t%s\n", c->key, c->title,
		       c->letter ? c->letter : '-',
		       (c->flags & COL_NOJSON) ? "-" : c->json,
		       (c->flags & COL_HIDDEN) ? "hidden" : "shown",
		       (c->flags & COL_DELTA) ? ",delta" : "",
		       (c->flags & COL_ASC) ? ",ascending" : "", c->help);
	}
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
			set_sort(o, optarg);
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

static int run_once(const struct options *o)
{
	struct procfs_buf buf = { 0 };
	struct slab_model m;
	struct kerr err = { { 0 } };
	struct sbuf out = { 0 };
	size_t *idx;
	int rc = 0, e;

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
	if ((e = write_all(&out))) {
		fprintf(stderr, "kmemtop: cannot write standard output: %s\n",
			strerror(e));
		rc = 1;
	}
	if (m.cur.skipped)
		fprintf(stderr,
			"kmemtop: %zu malformed line(s) skipped in slabinfo "
			"(first: line %zu)\n",
			m.cur.skipped, m.cur.first_skipped);
out:
	sbuf_free(&out);
	procfs_buf_free(&buf);
	slab_model_free(&m);
	return rc;
}

int main(int argc, char **argv)
{
	struct options o = { 0 };

	setlocale(LC_ALL, "");
	parse_options(argc, argv, &o);
	if (o.once)
		return run_once(&o);
	return tui_run(&o);
}
