/*
 * main.c - layer 7: options, mode dispatch and exit codes.
 *
 * The only module that exits: 0 success, 1 runtime failure, 2 usage
 * error. Everything below it returns errors with a message. It knows no
 * view: their names, options, tables and sort keys come from the
 * registry (views.c).
 */
#include <errno.h>
#include <getopt.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "leak_report.h"
#include "options.h"
#include "outfile.h"
#include "output.h"
#include "replay_plot.h"
#include "report.h"
#include "source.h"
#include "tui.h"
#include "view.h"

/* getopt values of the options without a letter; the views' options
 * come after OPT_VIEW_BASE, VIEW_OPTS_MAX a view */
enum {
	OPT_JSON = 256,
	OPT_ROOT,
	OPT_PAGE_SIZE,
	OPT_LIST_COLUMNS,
	OPT_LIST_KEYS,
	OPT_VIEW,
	OPT_OUTPUT,
	OPT_FORMAT,
	OPT_REPLAY,
	OPT_FROM,
	OPT_TO,
	OPT_PLOT,
	OPT_TOP,
	OPT_PLOT_SIZE,
	OPT_PLOT_PANELS,
	OPT_HUMAN,
	OPT_ACTIVITY_SOURCE,
	OPT_VIEW_BASE = 1000,
	VIEW_OPTS_MAX = 64,
};

/* Set by SIGINT/SIGTERM/SIGHUP in batch mode: stop after this snapshot. */
static volatile sig_atomic_t stop_signal;

/* "slab, vmalloc or oom": the registry's names. */
static void view_names(FILE *f, const char *last)
{
	for (size_t i = 0; i < nviews; i++)
		fprintf(f, "%s%s", i ? (i + 1 == nviews ? last : ", ") : "",
			views[i]->name);
}

static void usage(FILE *f)
{
	const struct table *t = views[0]->tables[0];

	fprintf(f,
		"Usage: kmemtop [options]\n"
		"\n"
		"Watch kernel memory live, in %zu views:", nviews);
	/* the registry's words, so a new view is named here too; wrapped
	 * at 72 columns */
	for (size_t i = 0, col = 35; i < nviews; i++) {
		char item[128];
		int n = snprintf(item, sizeof(item), "%s%s (%s)%s",
				 i + 1 == nviews && i ? "and " : "",
				 views[i]->what, views[i]->name,
				 i + 1 == nviews ? "." : ",");
		if (col + 1 + (size_t)n > 72) {
			fputs("\n", f);
			col = 0;
		} else {
			fputc(' ', f);
			col++;
		}
		fputs(item, f);
		col += (size_t)n;
	}
	fprintf(f,
		"\n"
		"\n"
		"Options:\n"
		" -o, --once            print one snapshot and exit (like slabtop -o)\n"
		" -b, --batch           print snapshots every -d seconds (like top -b)\n"
		" -n, --iterations N    batch: stop after N snapshots (default: never)\n"
		"     --output FILE     append the snapshots to FILE (created if missing)\n"
		"     --format F        text (default), json (JSON Lines) or prometheus\n"
		"     --view LIST       ");
	view_names(f, " or ");
	fprintf(f,
		"; a comma list\n"
		"                       with -o or -b (the first: %s)\n",
		views[0]->name);
	for (size_t i = 0; i < nviews; i++) {
		for (size_t k = 0; k < views[i]->noptions; k++) {
			const struct view_option *vo = &views[i]->options[k];
			char opt[64];
			snprintf(opt, sizeof(opt), "%s%s%s", vo->name,
				 vo->arg ? " " : "", vo->arg ? vo->arg : "");
			fprintf(f, "     --%-15s %s\n", opt, vo->help);
		}
	}
	fprintf(f,
		" -s, --sort KEY        sort by a sort letter or a column key\n"
		" -d, --delay SECS      seconds between refreshes (default 3)\n"
		"     --human           the screen's sizes in B, K, M, G, T (key B)\n"
		"     --json            --format json: one JSON object per view a line\n"
		"     --root DIR        read DIR/proc/... instead of /proc/...\n"
		"     --page-size BYTES page size for CACHE SIZE (default: this machine's)\n"
		"     --activity-source S  the activity's tracepoints: auto (default: tp_btf,\n"
		"                       else the classic ones), btf or tracepoint\n"
		"     --replay FILE     a recording (-b --json, plain, .gz or .zst) instead of\n"
		"                       the live system: the screen steps through it; with -o,\n"
		"                       the leak report (what grew --from T1 --to T2)\n"
		"     --from T, --to T  replay: HH:MM[:SS] or ISO 8601 (UTC unless an offset)\n"
		"     --plot FILE       replay: draw the --top N rows that grew most (.png, .svg)\n"
		"     --top N           rows a plot draws (default 8)\n"
		"     --plot-size WxH   the plot's size (default 1200x700)\n"
		"     --plot-panels     a small chart per row, each with its own y axis\n"
		"     --list-columns    list every view's columns (key, title, JSON name)\n"
		"     --list-keys       list the interactive keys\n"
		" -h, --help            display this help and exit\n"
		" -V, --version         output version information and exit\n"
		"\n"
		"Sort keys of the %s view (letter, key, meaning):\n",
		views[0]->name);
	for (size_t i = 0; i < t->ncols; i++) {
		const struct column *c = &t->cols[i];
		fprintf(f, " %c  %-13s %s\n", c->letter ? c->letter : ' ',
			c->key, c->help);
	}
	fprintf(f,
		"\n"
		"The default sort is %s, ",
		t->cols[t->default_sort].key);
	fprintf(f,
		"descending; names sort ascending.\n"
		"Every view has its keys: --list-columns lists them. See kmemtop(1).\n");
}

/* The --output pattern has a %n or %t (after any flags, width or E/O
 * modifier, as strftime reads them): a newline or a tab in a file name,
 * which breaks every line-based tool that lists the files. */
static bool pattern_find_blank(const char *p)
{
	for (; *p; p++) {
		if (*p != '%')
			continue;
		p++;
		p += strspn(p, "_-0^#");
		p += strspn(p, "0123456789");
		if (*p == 'E' || *p == 'O')
			p++;
		if (*p == 'n' || *p == 't')
			return true;
		if (!*p)
			break;
	}
	return false;
}

static void __attribute__((noreturn, format(printf, 1, 2)))
usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "kmemtop: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n"
			"Try 'kmemtop --help' for more information.\n");
	exit(2);
}

/* Every table of every view, a column a line, tab-separated: TABLE KEY
 * TITLE LETTER JSON FLAGS HELP (the man page's sections are checked
 * against it, and shell completion reads it). */
static void list_columns(void)
{
	for (size_t v = 0; v < nviews; v++) {
		for (size_t k = 0; k < views[v]->ntables; k++) {
			const struct table *t = views[v]->tables[k];
			for (size_t i = 0; i < t->ncols; i++) {
				const struct column *c = &t->cols[i];
				printf("%s\t%s\t%s\t%c\t%s\t%s%s%s\t%s\n",
				       t->name, c->key, c->title,
				       c->letter ? c->letter : '-',
				       (c->flags & COL_NOJSON) ? "-" : c->json,
				       (c->flags & COL_HIDDEN) ? "hidden"
							       : "shown",
				       (c->flags & COL_DELTA) ? ",delta" : "",
				       (c->flags & COL_ASC) ? ",ascending" : "",
				       c->help);
			}
		}
	}
}

/* --view LIST: registry names, comma-separated, each once */
static void parse_views(struct options *o, const char *list)
{
	const char *p = list;

	o->nviews = 0;
	for (;;) {
		size_t n = strcspn(p, ",");
		const struct view *v = view_find(p, n);
		size_t i;

		if (!v) {
			fprintf(stderr, "kmemtop: unknown view '%.*s' (",
				(int)(n > 64 ? 64 : n), p);
			view_names(stderr, " or ");
			fprintf(stderr,
				")\n"
				"Try 'kmemtop --help' for more information.\n");
			exit(2);
		}
		i = view_index(v);
		for (size_t k = 0; k < o->nviews; k++)
			if (o->views[k] == i)
				usage_error("view '%s' named twice", v->name);
		if (o->nviews == VIEWS_MAX)
			usage_error("too many views");
		o->views[o->nviews++] = i;
		if (!p[n])
			break;
		p += n + 1;
	}
}

/* The short options (getopt's string: a ':' after one that takes an
 * argument). */
#define SHORTOPTS "obn:s:d:hV"

/* The long options: kmemtop's own, then every view's, into all (room
 * for LONGOPTS_MAX; the registry has far fewer). */
enum { LONGOPTS_MAX = 256 };

static void long_options(struct option *all)
{
	static const struct option own[] = {
		{ "once", no_argument, NULL, 'o' },
		{ "batch", no_argument, NULL, 'b' },
		{ "iterations", required_argument, NULL, 'n' },
		{ "output", required_argument, NULL, OPT_OUTPUT },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "sort", required_argument, NULL, 's' },
		{ "delay", required_argument, NULL, 'd' },
		{ "human", no_argument, NULL, OPT_HUMAN },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "view", required_argument, NULL, OPT_VIEW },
		{ "root", required_argument, NULL, OPT_ROOT },
		{ "page-size", required_argument, NULL, OPT_PAGE_SIZE },
		{ "replay", required_argument, NULL, OPT_REPLAY },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "to", required_argument, NULL, OPT_TO },
		{ "plot", required_argument, NULL, OPT_PLOT },
		{ "top", required_argument, NULL, OPT_TOP },
		{ "plot-size", required_argument, NULL, OPT_PLOT_SIZE },
		{ "plot-panels", no_argument, NULL, OPT_PLOT_PANELS },
		{ "activity-source", required_argument, NULL,
		  OPT_ACTIVITY_SOURCE },
		{ "list-columns", no_argument, NULL, OPT_LIST_COLUMNS },
		{ "list-keys", no_argument, NULL, OPT_LIST_KEYS },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
	};
	size_t n = ARRAY_SIZE(own), k = n;

	for (size_t i = 0; i < nviews; i++)
		n += views[i]->noptions;
	if (n + 1 > LONGOPTS_MAX) {
		fprintf(stderr, "kmemtop: the views have too many options\n");
		abort();
	}
	memset(all, 0, LONGOPTS_MAX * sizeof(*all));
	memcpy(all, own, sizeof(own));
	for (size_t i = 0; i < nviews; i++) {
		for (size_t j = 0; j < views[i]->noptions && j < VIEW_OPTS_MAX;
		     j++) {
			const struct view_option *vo = &views[i]->options[j];
			all[k++] = (struct option){
				vo->name,
				vo->arg ? required_argument : no_argument,
				NULL,
				(int)(OPT_VIEW_BASE + i * VIEW_OPTS_MAX + j),
			};
		}
	}
}

/* Per view, the first of its options given, or NULL. */
static const char *option_said[VIEWS_MAX];

/* A view's option: its settings parse it. */
static void view_option(struct options *o, int c, const char *arg)
{
	size_t i = (size_t)(c - OPT_VIEW_BASE) / VIEW_OPTS_MAX;
	size_t j = (size_t)(c - OPT_VIEW_BASE) % VIEW_OPTS_MAX;
	struct kerr err = { { 0 } };

	if (views[i]->options[j].set(o->settings[i], arg, &err) < 0)
		usage_error("%s", err.msg);
	if (!option_said[i])
		option_said[i] = views[i]->options[j].name;
}

/* A view's option for a view that -o or -b does not show is a mistake
 * (the live screen's Tab shows every view, so there it counts). */
static void views_options_used(const struct options *o)
{
	for (size_t i = 0; i < nviews && i < VIEWS_MAX; i++) {
		bool shown = false;

		for (size_t k = 0; k < o->nviews; k++)
			shown = shown || o->views[k] == i;
		if (option_said[i] && !shown)
			usage_error(
				"--%s is an option of the %s view, which this run does not show (add --view %s)",
				option_said[i], views[i]->name, views[i]->name);
	}
}

/* getopt's error, in kmemtop's words (getopt itself would name the
 * program by its path): the option as said, at most 64 bytes of it,
 * sanitized. */
static void __attribute__((noreturn))
option_error(int argc, char **argv, const struct option *longopts)
{
	const char *said = optind > 0 && optind <= argc ? argv[optind - 1] : "";
	struct sbuf name = { 0 };

	if (optopt && optopt < 128 && strncmp(said, "--", 2)) {
		const char *o = strchr(SHORTOPTS, optopt);

		if (o && o[1] == ':')
			usage_error("option -%c needs an argument", optopt);
		sanitize(&name, (const char *)&optopt, 1, SAN_ASCII);
		usage_error("unknown option -%s", name.s);
	}
	if (!strncmp(said, "--", 2)) {
		size_t n = strcspn(said + 2, "=");
		size_t match = 0;
		const struct option *one = NULL;

		sanitize(&name, said + 2, n < 64 ? n : 64, SAN_ASCII);
		for (const struct option *lo = longopts; lo->name; lo++) {
			if (strlen(lo->name) == n &&
			    !memcmp(lo->name, said + 2, n)) {
				one = lo;
				match = 1;
				break;
			}
			if (strlen(lo->name) > n &&
			    !memcmp(lo->name, said + 2, n)) {
				one = lo;
				match++;
			}
		}
		if (match > 1)
			usage_error("option --%s is ambiguous (the start of more than one option)",
				    name.s);
		if (one && one->has_arg == required_argument && !said[2 + n])
			usage_error("option --%s needs an argument", one->name);
		if (one && one->has_arg == no_argument && said[2 + n])
			usage_error("option --%s takes no argument", one->name);
		usage_error("unknown option --%s", name.s);
	}
	sanitize(&name, said, strnlen(said, 64), SAN_ASCII);
	usage_error("invalid option '%s'", name.s ? name.s : "");
}

static void parse_options(int argc, char **argv, struct options *o)
{
	struct option longopts[LONGOPTS_MAX];
	int c;
	char *end;

	long_options(longopts);
	opterr = 0; /* option_error says it */
	o->root = "/";
	o->root_fd = -1;
	o->delay = 3;
	o->page_size = (uint64_t)sysconf(_SC_PAGESIZE);
	o->top = 8;
	o->plot_width = 1200;
	o->plot_height = 700;
	while ((c = getopt_long(argc, argv, SHORTOPTS, longopts, NULL)) !=
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
				usage_error(
					"invalid number of iterations '%s' (1 or more)",
					optarg);
			o->iterations = (unsigned long)v;
			break;
		}
		case OPT_OUTPUT:
			if (!*optarg)
				usage_error("--output needs a file name");
			if (pattern_find_blank(optarg))
				usage_error(
					"--output: %%n and %%t would put a newline or a tab in the file name (write %%%%n for the text %%n)");
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
				usage_error(
					"unknown format '%s' (text, json or prometheus)",
					optarg);
			break;
		case 's':
			o->sort_key = optarg;
			break;
		case OPT_VIEW:
			parse_views(o, optarg);
			break;
		case 'd':
			errno = 0;
			o->delay = strtod(optarg, &end);
			if (errno || end == optarg || *end ||
			    !isfinite(o->delay) || o->delay <= 0 ||
			    o->delay > 86400)
				usage_error(
					"invalid delay '%s' (seconds, greater than 0 and at most 86400)",
					optarg);
			break;
		case OPT_JSON:
			o->format = FMT_JSON;
			break;
		case OPT_HUMAN:
			o->human = true;
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
				usage_error(
					"invalid page size '%s' (a power of two, in bytes)",
					optarg);
			o->page_size = v;
			break;
		}
		case OPT_REPLAY:
			if (!*optarg)
				usage_error("--replay needs a file name");
			o->replay = optarg;
			break;
		case OPT_FROM:
			o->from = optarg;
			break;
		case OPT_TO:
			o->to = optarg;
			break;
		case OPT_PLOT:
			if (!*optarg)
				usage_error("--plot needs a file name");
			o->plot = optarg;
			break;
		case OPT_TOP: {
			unsigned long long v;
			errno = 0;
			v = strtoull(optarg, &end, 10);
			if (errno || end == optarg || *end || v == 0 ||
			    v > 100 || optarg[0] == '-')
				usage_error("invalid --top '%s' (1 to 100)",
					    optarg);
			o->top = (size_t)v;
			break;
		}
		case OPT_PLOT_SIZE: {
			int w, h, k = 0;
			if (sscanf(optarg, "%dx%d%n", &w, &h, &k) != 2 ||
			    optarg[k] || w < 200 || h < 150 || w > 20000 ||
			    h > 20000)
				usage_error(
					"invalid --plot-size '%s' (WxH, 200x150 to 20000x20000)",
					optarg);
			o->plot_width = w;
			o->plot_height = h;
			break;
		}
		case OPT_PLOT_PANELS:
			o->plot_panels = true;
			break;
		case OPT_ACTIVITY_SOURCE:
			if (!strcmp(optarg, "auto"))
				o->activity_source = ACT_SOURCE_AUTO;
			else if (!strcmp(optarg, "btf"))
				o->activity_source = ACT_SOURCE_BTF;
			else if (!strcmp(optarg, "tracepoint"))
				o->activity_source = ACT_SOURCE_TRACEPOINT;
			else
				usage_error(
					"invalid --activity-source '%s' (auto, btf or tracepoint)",
					optarg);
			break;
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
			printf("features: %s\n", KMEMTOP_FEATURES);
			exit(0);
		default:
			if (c >= OPT_VIEW_BASE) {
				view_option(o, c, optarg);
				break;
			}
			option_error(argc, argv, longopts);
		}
	}
	if (optind < argc)
		usage_error("unexpected argument '%s'", argv[optind]);
	if (!o->nviews && !o->replay) {
		/* the first view; metrics: every view but those read only
		 * when named (a replay: every view recorded, its plot the
		 * first) */
		for (size_t i = 0; i < nviews; i++)
			if (!i ||
			    (o->format == FMT_PROM && !views[i]->named_only))
				o->views[o->nviews++] = i;
	}
	if (o->once && o->batch)
		usage_error("-o and -b: choose one snapshot or many");
	if ((o->once || o->batch) && !o->replay)
		views_options_used(o);
	if (!o->once && !o->batch) {
		if (o->format != FMT_TEXT)
			usage_error("--%s needs --once or --batch",
				    o->format == FMT_JSON ? "json" : "format");
		if (o->nviews > 1 && !o->replay)
			usage_error(
				"the live view opens one view (Tab switches): name one with --view");
		if (o->output)
			usage_error("--output needs --once or --batch");
	}
	if (o->iterations && !o->batch)
		usage_error("-n needs -b");
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

/* -o and -b: snapshots of the views to standard output or --output,
 * each built whole and written as one record, before the pause. A write
 * error ends with exit 1 naming the file; a closed pipe ends quietly;
 * SIGINT/SIGTERM/SIGHUP end after the current snapshot. */
/* The file --output names at time t: the name itself, or a pattern's
 * strftime expansion in local time (%Y-%m-%d.jsonl.zst: a file a day;
 * %% is a %). Returns 0, or -1 with err. */
static int output_name(const char *pattern, double t, struct sbuf *out,
		       struct kerr *err)
{
	char buf[4096];
	time_t s = (time_t)t;
	struct tm tm;
	size_t n;

	sbuf_reset(out);
	if (!pattern)
		return 0;
	if (!strchr(pattern, '%')) {
		sbuf_add(out, pattern, strlen(pattern));
		return 0;
	}
	localtime_r(&s, &tm);
#pragma GCC diagnostic push /* the pattern is the user's, by design */
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	n = strftime(buf, sizeof(buf), pattern, &tm);
#pragma GCC diagnostic pop
	if (!n) {
		kerr_set(
			err,
			"--output %.200s: the pattern makes no name (empty, or over 4095 bytes)",
			pattern);
		return -1;
	}
	sbuf_add(out, buf, n);
	return 0;
}

/* The bytes of an --output pattern before the directory its first
 * field is in: that directory must exist, those below it are made
 * (outfile_open_dirs). "/var/log/kmemtop/%Y/%m/%d.jsonl": 16. */
static size_t pattern_fixed_dir(const char *pattern)
{
	size_t k = strcspn(pattern, "%");

	while (k > 0 && pattern[k - 1] != '/')
		k--;
	return k ? k - 1 : 0;
}

/* Open the file --output names now (name): standard output without
 * --output; a pattern's name with its directories made. */
static int output_open(const struct options *o, struct outfile *of,
		       const char *name, struct kerr *err)
{
	bool prom = o->format == FMT_PROM;

	if (o->output && strchr(o->output, '%'))
		return outfile_open_dirs(of, name, pattern_fixed_dir(o->output),
					 prom, err);
	return outfile_open(of, o->output ? name : NULL, prom, err);
}

static int run_report(const struct options *o)
{
	struct kerr err = { { 0 } };
	struct report *r = report_new(o, &err);
	struct sbuf out = { 0 }, errs = { 0 };
	struct outfile of;
	struct sbuf name = { 0 }, next = { 0 };
	struct record rec = { &of, &err };
	struct out_sink sink = { &out, record_flush, &rec, 0 };
	struct sigaction sa;
	int rc = 0, e = 0;
	unsigned long n = 0;
	double now;

	if (!r)
		usage_error("%s", err.msg);
	if (output_name(o->output, now_wall(), &name, &err) ||
	    output_open(o, &of, name.s, &err) < 0) {
		fprintf(stderr, "kmemtop: %s\n", err.msg);
		report_free(r);
		sbuf_free(&name);
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
		/* the snapshot's time, which names its file too: the same
		 * moment for both, or a second that ends between them puts a
		 * snapshot in the file of the second before (seen under
		 * load) */
		now = now_wall();
		/* an --output pattern: a new name, a new file */
		if (o->output && strchr(o->output, '%')) {
			e = output_name(o->output, now, &next, &err) ? EINVAL
								      : 0;
			if (!e && strcmp(next.s, name.s)) {
				e = outfile_close(&of, &err);
				sbuf_reset(&name);
				sbuf_add(&name, next.s, next.len);
				if (!e && output_open(o, &of, name.s, &err) < 0)
					e = EINVAL;
			}
			if (e) {
				fprintf(stderr, "kmemtop: %s\n", err.msg);
				rc = 1;
				break;
			}
		}
		e = outfile_begin(&of, &err);
		of.time = now;
		if (!e && !report_snapshot(r, of.time, &sink, &errs))
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
	sbuf_free(&name);
	sbuf_free(&next);
	report_free(r);
	return rc;
}

/* -s for a replay: a key of a table of a view it may show (those --view
 * names, or every view; the recording says which it holds). The tabs of
 * a replay exist only once the recording is read, and report_new,
 * which checks the live screen's, needs a view named. */
static bool replay_sort_key_known(const struct options *o)
{
	for (size_t i = 0; i < (o->nviews ? o->nviews : nviews); i++) {
		const struct view *v = views[o->nviews ? o->views[i] : i];
		for (size_t k = 0; k < v->ntables; k++) {
			int col;
			bool desc;
			if (!view_sort_key(v->tables[k], o->sort_key, &col,
					   &desc))
				return true;
		}
	}
	return false;
}

int main(int argc, char **argv)
{
	struct options o = { 0 };
	int rc;

	/* the character set only (what a terminal can show): numbers,
	 * times and messages keep the C locale's forms, as JSON and
	 * metrics need; and start-up reads one locale file, not twelve */
	setlocale(LC_CTYPE, "");
	for (size_t i = 0; i < nviews && i < VIEWS_MAX; i++)
		o.settings[i] = views[i]->settings_new
					? views[i]->settings_new()
					: NULL;
	parse_options(argc, argv, &o);
	/* text for terminals: what this locale can show */
	o.text_flags = strcmp(nl_langinfo(CODESET), "UTF-8") ? SAN_ASCII
							     : SAN_WIDE;
	if (o.plot_panels && !o.plot)
		usage_error("--plot-panels is a way to draw --plot FILE");
	if ((o.from || o.to || o.plot) && !o.replay)
		usage_error(
			"--from, --to and --plot read a recording: give --replay FILE");
	if (o.replay && (o.batch || o.output || o.format == FMT_PROM))
		usage_error(
			"--replay reads a recording: -b, --output and --format prometheus make one");
	if (!o.replay) {
		/* --root resolved once: the live "/" or the tree opened now */
		bool live;
		o.root_fd = source_root_open(o.root, &live);
		if (live)
			o.root = "/";
	}
	if (o.replay && o.plot) {
		rc = replay_plot(&o);
	} else if (o.replay && o.once) {
		rc = leak_report_print(&o, stdout);
	} else if (o.once || o.batch) {
		rc = run_report(&o);
	} else {
		if (o.sort_key && o.replay) {
			/* a replay's tabs: a bad -s is a usage error too */
			if (!replay_sort_key_known(&o))
				usage_error(
					"unknown sort key '%s' for the views replayed (see kmemtop(1))",
					o.sort_key);
		} else if (o.sort_key) {
			/* the live view: a bad -s is a usage error here too */
			struct kerr err = { { 0 } };
			struct report *r = report_new(&o, &err);
			if (!r)
				usage_error("%s", err.msg);
			report_free(r);
		}
		rc = tui_run(&o);
	}
	for (size_t i = 0; i < nviews && i < VIEWS_MAX; i++)
		free(o.settings[i]);
	if (o.root_fd >= 0)
		close(o.root_fd);
	return rc;
}
