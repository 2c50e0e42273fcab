/*
 * tui.c - the interactive monitor (ncursesw): the slab view with per-cache
 * deltas, sorting, an incremental name filter, a scrolling selection and a
 * help screen generated from the key table.
 *
 * The only module that includes curses. It reads /proc through procfs,
 * feeds the model and draws the rows through the view's column table; it
 * never exits (it returns a status to main) and always restores the
 * terminal: on 'q', on SIGINT/SIGTERM, and from the out-of-memory hook.
 *
 * Each key is one entry of the binding table below; a handler returns
 * flags saying what the loop must redo, and the help screen, --list-keys
 * and the man page check all read the same table.
 */
#define _XOPEN_SOURCE_EXTENDED 1
#include "tui.h"

#include <curses.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "meminfo.h"
#include "model.h"
#include "output.h"
#include "procfs.h"
#include "util.h"
#include "view_slab.h"

/* The one writable global: set by the SIGINT/SIGTERM handler. */
static volatile sig_atomic_t got_signal;

enum redo {
	R_NONE = 0,
	R_REDRAW = 1 << 0,	/* draw the screen again */
	R_REBUILD = 1 << 1,	/* filter and sort the rows again */
	R_REREAD = 1 << 2,	/* read /proc now */
	R_QUIT = 1 << 3,
};

enum { FILTER_MAX = 256, NAME_KEY_MAX = 4096 };

enum color_pair {
	CP_HEADER = 1,
	CP_GROW,	/* a cache growing: the thing a leak hunter looks for */
	CP_SHRINK,
	CP_NEW,
	CP_ERROR,
	CP_SELECT,
};

struct tui {
	const struct options *opt;
	struct slab_model model;
	struct procfs_buf buf;
	struct meminfo mi, mi_prev;
	bool have_mi, have_mi_prev;
	char read_error[2048];		/* non-empty: slabinfo unreadable */
	char message[256];		/* one-shot status message */

	size_t *rows;			/* indices into model.rows, shown */
	size_t nrows, rows_cap;
	int sort_col;
	bool sort_desc;
	char filter[FILTER_MAX];
	bool prompt;			/* the filter prompt is open */
	bool help;			/* the help screen is open */
	char selected[NAME_KEY_MAX];	/* name of the selected cache */
	bool follow;			/* the user moved the selection */
	size_t sel;			/* index into rows */
	size_t top;			/* first row shown */
	int page;			/* table rows on screen */
	double delay;			/* seconds */
	bool colors;
};

struct key_binding {
	int key;		/* curses key code, 0 for a range entry */
	const char *label;	/* as the help screen shows it */
	unsigned (*fn)(struct tui *t, int key);
	const char *help;
};

/* ---- actions ------------------------------------------------------- */

static unsigned act_quit(struct tui *t, int key)
{
	(void)t;
	(void)key;
	return R_QUIT;
}

static unsigned act_refresh(struct tui *t, int key)
{
	(void)t;
	(void)key;
	return R_REREAD;
}

static void set_sort(struct tui *t, int col)
{
	t->sort_col = col;
	t->sort_desc = !(view_slab.cols[col].flags & COL_ASC);
}

static unsigned act_sort_letter(struct tui *t, int key)
{
	int col = view_find_letter(&view_slab, (char)key);
	if (col >= 0)
		set_sort(t, col);
	return R_REBUILD;
}

static unsigned act_sort_delta(struct tui *t, int key)
{
	(void)key;
	set_sort(t, view_find_key(&view_slab, "delta_active"));
	return R_REBUILD;
}

static bool shown(const struct column *c)
{
	return !(c->flags & COL_HIDDEN);
}

static unsigned act_sort_move(struct tui *t, int key)
{
	int n = (int)view_slab.ncols, c = t->sort_col;
	int step = key == '<' ? -1 : 1;

	for (int i = 0; i < n; i++) {
		c = (c + step + n) % n;
		if (shown(&view_slab.cols[c]))
			break;
	}
	set_sort(t, c);
	return R_REBUILD;
}

static unsigned act_reverse(struct tui *t, int key)
{
	(void)key;
	t->sort_desc = !t->sort_desc;
	return R_REBUILD;
}

static unsigned act_filter(struct tui *t, int key)
{
	(void)key;
	t->prompt = true;
	return R_REDRAW;
}

static unsigned act_clear_filter(struct tui *t, int key)
{
	(void)key;
	if (!t->filter[0])
		return R_NONE;
	t->filter[0] = '\0';
	snprintf(t->message, sizeof(t->message), "filter cleared");
	return R_REBUILD;
}

static unsigned act_move(struct tui *t, int key)
{
	size_t page = t->page > 1 ? (size_t)t->page - 1 : 1;

	if (!t->nrows)
		return R_NONE;
	switch (key) {
	case KEY_UP:
		if (t->sel > 0)
			t->sel--;
		break;
	case KEY_DOWN:
		if (t->sel + 1 < t->nrows)
			t->sel++;
		break;
	case KEY_PPAGE:
		t->sel = t->sel > page ? t->sel - page : 0;
		break;
	case KEY_NPAGE:
		t->sel = t->sel + page < t->nrows ? t->sel + page
						  : t->nrows - 1;
		break;
	case KEY_HOME:
		t->sel = 0;
		break;
	case KEY_END:
		t->sel = t->nrows - 1;
		break;
	}
	/* a selection on the first row stays on the first row: the top of
	 * the sort order is what a user watches until they pick a cache */
	t->follow = t->sel != 0;
	snprintf(t->selected, sizeof(t->selected), "%s",
		 t->model.rows[t->rows[t->sel]].name);
	return R_REDRAW;
}

static unsigned act_help(struct tui *t, int key)
{
	(void)key;
	t->help = true;
	return R_REDRAW;
}

static const double delay_steps[] = { 0.1, 0.2, 0.5, 1, 2, 3, 5, 10, 30, 60 };

static unsigned act_delay(struct tui *t, int key)
{
	size_t n = ARRAY_SIZE(delay_steps), i;

	if (key == '+') {
		for (i = 0; i < n && delay_steps[i] <= t->delay; i++)
			;
		t->delay = i < n ? delay_steps[i] : delay_steps[n - 1];
	} else {
		for (i = n; i > 0 && delay_steps[i - 1] >= t->delay; i--)
			;
		t->delay = i > 0 ? delay_steps[i - 1] : delay_steps[0];
	}
	snprintf(t->message, sizeof(t->message), "refresh every %gs",
		 t->delay);
	return R_REDRAW;
}

static unsigned act_delta_mode(struct tui *t, int key)
{
	(void)key;
	slab_model_set_mode(&t->model,
			    (t->model.mode + 1) % DELTA_MODE_COUNT);
	snprintf(t->message, sizeof(t->message), "deltas: %s",
		 delta_mode_name(t->model.mode));
	return R_REBUILD;
}

static unsigned act_reset_base(struct tui *t, int key)
{
	(void)key;
	slab_model_reset_base(&t->model);
	snprintf(t->message, sizeof(t->message),
		 "baseline reset: deltas since now");
	return R_REBUILD;
}

#define SORT_KEY(ch, what)                                                     \
	{ ch, #ch, act_sort_letter, "sort by " what }

static const struct key_binding keys[] = {
	{ 'q', "q", act_quit, "quit" },
	{ ' ', "Space", act_refresh, "refresh now" },
	{ 'a', "a", act_sort_letter, "sort by active objects (ACTIVE)" },
	{ 'b', "b", act_sort_letter, "sort by objects per slab (OBJ/SLAB)" },
	{ 'c', "c", act_sort_letter, "sort by cache size (CACHE SIZE)" },
	{ 'l', "l", act_sort_letter, "sort by number of slabs (SLABS)" },
	{ 'v', "v", act_sort_letter,
	  "sort by active slabs (not displayed)" },
	{ 'n', "n", act_sort_letter, "sort by name (NAME), ascending" },
	{ 'o', "o", act_sort_letter,
	  "sort by number of objects (OBJS), the default" },
	{ 'p', "p", act_sort_letter, "sort by pages per slab (not displayed)" },
	{ 's', "s", act_sort_letter, "sort by object size (OBJ SIZE)" },
	{ 'u', "u", act_sort_letter, "sort by cache utilization (USE)" },
	{ 'D', "D", act_sort_delta,
	  "sort by the change of active objects: growing caches on top" },
	{ '<', "<", act_sort_move, "sort by the column to the left" },
	{ '>', ">", act_sort_move, "sort by the column to the right" },
	{ 'r', "r", act_reverse, "reverse the sort order" },
	{ 'd', "d", act_delta_mode,
	  "delta mode: since last refresh, since baseline, per second" },
	{ 'z', "z", act_reset_base, "reset the baseline to now (zero deltas)" },
	{ '/', "/", act_filter,
	  "filter by cache name (Enter keeps it, Escape clears it)" },
	{ 27, "Escape", act_clear_filter, "clear the filter" },
	{ KEY_UP, "Up", act_move, "select the previous cache" },
	{ KEY_DOWN, "Down", act_move, "select the next cache" },
	{ KEY_PPAGE, "PgUp", act_move, "one page up" },
	{ KEY_NPAGE, "PgDn", act_move, "one page down" },
	{ KEY_HOME, "Home", act_move, "first cache" },
	{ KEY_END, "End", act_move, "last cache" },
	{ '+', "+", act_delay, "refresh less often (longer delay)" },
	{ '-', "-", act_delay, "refresh more often (shorter delay)" },
	{ '?', "?", act_help, "this help (any key closes it)" },
	{ 'h', "h", act_help, "this help" },
};

void tui_list_keys(FILE *f)
{
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		fprintf(f, "%s\t%s\n", keys[i].label, keys[i].help);
}

static const struct key_binding *find_key(int ch)
{
	if (ch == 'Q')
		ch = 'q';
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		if (keys[i].key == ch)
			return &keys[i];
	return NULL;
}

/* ---- data ------------------------------------------------------------ */

static void read_sources(struct tui *t)
{
	struct kerr err = { { 0 } };
	double now = now_mono();

	if (procfs_read(t->opt->root, "proc/slabinfo", &t->buf, &err) == 0) {
		if (slab_model_update(&t->model, t->buf.data, t->buf.len, now,
				      &err) == 0) {
			t->read_error[0] = '\0';
		} else {
			struct sbuf path = { 0 };
			procfs_path(t->opt->root, "proc/slabinfo", &path);
			snprintf(t->read_error, sizeof(t->read_error), "%.1000s: %s",
				 path.s, err.msg);
			sbuf_free(&path);
		}
	} else {
		snprintf(t->read_error, sizeof(t->read_error), "%s", err.msg);
	}
	t->mi_prev = t->mi;
	t->have_mi_prev = t->have_mi;
	t->have_mi = procfs_read(t->opt->root, "proc/meminfo", &t->buf,
				 &err) == 0;
	if (t->have_mi)
		meminfo_parse(t->buf.data, t->buf.len, &t->mi);
}

static bool name_matches(const char *name, const char *filter)
{
	return !filter[0] || strcasestr(name, filter) != NULL;
}

static void rebuild(struct tui *t)
{
	const struct slab_model *m = &t->model;

	xgrow((void **)&t->rows, &t->rows_cap, m->nrows, sizeof(*t->rows));
	t->nrows = 0;
	for (size_t i = 0; i < m->nrows; i++)
		if (name_matches(m->rows[i].name, t->filter))
			t->rows[t->nrows++] = i;
	view_sort(&view_slab.cols[t->sort_col], t->sort_desc, m->rows,
		  sizeof(*m->rows), t->rows, t->nrows);

	/* the selection follows its cache; if it is gone, the first row */
	t->sel = 0;
	for (size_t i = 0; t->follow && i < t->nrows; i++) {
		if (!strcmp(m->rows[t->rows[i]].name, t->selected)) {
			t->sel = i;
			return;
		}
	}
	if (t->nrows)
		snprintf(t->selected, sizeof(t->selected), "%s",
			 m->rows[t->rows[0]].name);
}

/* ---- drawing --------------------------------------------------------- */

/* Write s (already sanitized) at row y from column x, cut at the screen's
 * right edge. */
static void put(int y, int x, const char *s, attr_t attr)
{
	int w = COLS - x;
	if (y < 0 || y >= LINES || w <= 0)
		return;
	attron(attr);
	mvaddnstr(y, x, s, w);
	attroff(attr);
}

static attr_t pair(struct tui *t, enum color_pair p)
{
	return t->colors ? COLOR_PAIR(p) : 0;
}

static void put_text(struct tui *t, int y, int x, const char *s, attr_t a)
{
	struct sbuf b = { 0 };
	(void)t;
	sanitize(&b, s, strlen(s), 0);
	put(y, x, b.s ? b.s : "", a);
	sbuf_free(&b);
}

static void fmt_kib_delta(struct sbuf *b, const char *name, enum mi_field f,
			  const struct tui *t)
{
	sbuf_addf(b, "%s: %lluK", name,
		  (unsigned long long)(t->mi.bytes[f] / 1024));
	if (t->have_mi_prev && t->mi_prev.have[f]) {
		long long d = (long long)(t->mi.bytes[f] - t->mi_prev.bytes[f]);
		if (d)
			sbuf_addf(b, " (%+lldK)", d / 1024);
	}
	sbuf_add(b, "  ", 2);
}

static int draw_summary(struct tui *t)
{
	struct sbuf b = { 0 };
	int y = 0;
	const char *p, *e;

	if (t->model.have_base || !t->read_error[0])
		output_slab_summary(&t->model.tot, &b);
	/* the five slabtop lines, without the blank one */
	for (p = b.s; p && *p && y < 5; p = e + 1) {
		e = strchr(p, '\n');
		if (!e)
			break;
		char line[512];
		snprintf(line, sizeof(line), "%.*s", (int)(e - p), p);
		put(y++, 0, line, 0);
	}
	y = 5;
	sbuf_reset(&b);
	if (t->have_mi) {
		fmt_kib_delta(&b, "Slab", MI_SLAB, t);
		fmt_kib_delta(&b, "SReclaimable", MI_SRECLAIMABLE, t);
		fmt_kib_delta(&b, "SUnreclaim", MI_SUNRECLAIM, t);
	} else {
		sbuf_addf(&b, "meminfo: not available");
	}
	put(y++, 0, b.s, 0);
	sbuf_free(&b);
	return y;
}

static void draw_status(struct tui *t, int y)
{
	struct sbuf b = { 0 };
	const struct column *c = &view_slab.cols[t->sort_col];

	if (t->prompt) {
		sbuf_addf(&b, "Filter: ");
		sanitize(&b, t->filter, strlen(t->filter), 0);
		put(y, 0, b.s, A_BOLD);
		move(y, (int)b.len < COLS ? (int)b.len : COLS - 1);
		sbuf_free(&b);
		return;
	}
	sbuf_addf(&b, "Sort: %s %s  Deltas: %s  Every %gs", c->title,
		  t->sort_desc ? "desc" : "asc",
		  delta_mode_name(t->model.mode), t->delay);
	if (t->filter[0]) {
		sbuf_addf(&b, "  Filter: ");
		sanitize(&b, t->filter, strlen(t->filter), 0);
		sbuf_addf(&b, " (%zu of %zu)", t->nrows, t->model.nrows);
	}
	if (t->model.cur.skipped)
		sbuf_addf(&b, "  %zu malformed line(s) skipped",
			  t->model.cur.skipped);
	if (t->message[0])
		sbuf_addf(&b, "  | %s", t->message);
	else
		sbuf_addf(&b, "  | ? help  q quit");
	put(y, 0, b.s, A_BOLD);
	sbuf_free(&b);
}

static void draw_header(struct tui *t, int y)
{
	struct sbuf b = { 0 };
	bool first = true;

	for (size_t i = 0; i < view_slab.ncols; i++) {
		const struct column *c = &view_slab.cols[i];
		if (!shown(c))
			continue;
		if (!first)
			sbuf_addc(&b, ' ');
		first = false;
		col_header(c, &b);
	}
	while ((int)b.len < COLS)
		sbuf_addc(&b, ' ');
	put(y, 0, b.s, A_REVERSE | pair(t, CP_HEADER));
	sbuf_free(&b);
}

static void draw_row(struct tui *t, int y, const struct slab_row *r,
		     bool selected)
{
	struct sbuf b = { 0 };
	int x = 0;

	for (size_t i = 0; i < view_slab.ncols && x < COLS; i++) {
		const struct column *c = &view_slab.cols[i];
		struct value v;
		attr_t a = 0;

		if (!shown(c))
			continue;
		if (x > 0)
			put(y, x++, " ", selected ? A_REVERSE : 0);
		sbuf_reset(&b);
		c->get(r, &v);
		col_format(c, &v, &b, c->fmt == F_TEXT ? COLS - x : 0);
		if (c->flags & COL_DELTA) {
			bool grow = (v.kind == V_I64 && v.i > 0) ||
				    (v.kind == V_F64 && v.f > 0);
			bool shrink = (v.kind == V_I64 && v.i < 0) ||
				      (v.kind == V_F64 && v.f < 0);
			if (grow)
				a = pair(t, CP_GROW) | (t->colors ? A_BOLD : 0);
			else if (shrink)
				a = pair(t, CP_SHRINK);
		}
		if (selected)
			a = A_REVERSE;
		put(y, x, b.s, a);
		x += (int)b.len;
	}
	if (r->is_new && x < COLS)
		put(y, x, " (new)", selected ? A_REVERSE : pair(t, CP_NEW) | A_BOLD);
	if (selected) {
		/* extend the highlight to the right edge */
		int cy, cx;
		getyx(stdscr, cy, cx);
		(void)cy;
		if (cx > 0 && cx < COLS) {
			attron(A_REVERSE);
			mvhline(y, cx, ' ', COLS - cx);
			attroff(A_REVERSE);
		}
	}
	sbuf_free(&b);
}

static void draw_help(struct tui *t)
{
	int y = 0;
	char line[256];

	erase();
	put(y++, 0, "kmemtop - keys (any key closes this help)", A_BOLD);
	y++;
	for (size_t i = 0; i < ARRAY_SIZE(keys) && y < LINES; i++) {
		snprintf(line, sizeof(line), "  %-8s %s", keys[i].label,
			 keys[i].help);
		put(y++, 0, line, 0);
	}
	if (y + 1 < LINES) {
		snprintf(line, sizeof(line),
			 "Deltas now: %s. New caches are marked (new).",
			 delta_mode_name(t->model.mode));
		put(++y, 0, line, 0);
	}
	refresh();
}

static void draw(struct tui *t)
{
	int y, table_y;

	if (t->help) {
		draw_help(t);
		return;
	}
	erase();
	y = draw_summary(t);
	if (t->read_error[0]) {
		put_text(t, y++, 0, t->read_error,
			 pair(t, CP_ERROR) | A_BOLD);
	}
	table_y = y + 2;
	t->page = LINES - table_y;
	if (t->page < 0)
		t->page = 0;
	draw_header(t, y + 1);

	/* keep the selection on screen */
	if (t->sel < t->top)
		t->top = t->sel;
	if (t->page > 0 && t->sel >= t->top + (size_t)t->page)
		t->top = t->sel - (size_t)t->page + 1;
	if (t->top > t->nrows)
		t->top = 0;
	for (int i = 0; i < t->page && t->top + (size_t)i < t->nrows; i++) {
		size_t k = t->top + (size_t)i;
		draw_row(t, table_y + i, &t->model.rows[t->rows[k]],
			 k == t->sel);
	}
	draw_status(t, y);
	curs_set(t->prompt ? 1 : 0);
	refresh();
}

/* ---- input ----------------------------------------------------------- */

static unsigned prompt_key(struct tui *t, int ch)
{
	size_t n = strlen(t->filter);

	switch (ch) {
	case 27: /* Escape: clear and close */
		t->filter[0] = '\0';
		t->prompt = false;
		return R_REBUILD;
	case '\n':
	case '\r':
	case KEY_ENTER:
		t->prompt = false;
		return R_REBUILD;
	case KEY_BACKSPACE:
	case 127:
	case 8:
		if (n)
			t->filter[n - 1] = '\0';
		return R_REBUILD;
	case 21: /* Ctrl-U */
		t->filter[0] = '\0';
		return R_REBUILD;
	default:
		if (ch >= 0x20 && ch < 0x7f && n + 1 < sizeof(t->filter)) {
			t->filter[n] = (char)ch;
			t->filter[n + 1] = '\0';
			return R_REBUILD;
		}
		return R_NONE;
	}
}

static unsigned handle_key(struct tui *t, int ch)
{
	const struct key_binding *k;

	if (ch == KEY_RESIZE)
		return R_REDRAW;
	if (t->help) {
		t->help = false;
		return R_REDRAW;
	}
	if (t->prompt)
		return prompt_key(t, ch);
	t->message[0] = '\0';
	k = find_key(ch);
	if (!k)
		return R_NONE;
	return k->fn(t, ch);
}

/* ---- setup ----------------------------------------------------------- */

static void on_signal(int sig)
{
	got_signal = sig;
}

static void restore_terminal(void)
{
	if (!isendwin())
		endwin();
}

static bool terminal_usable(void)
{
	const char *term = getenv("TERM");

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "kmemtop: the interactive view needs a "
				"terminal; use --once (-o) for a snapshot\n");
		return false;
	}
	if (!term || !*term || !strcmp(term, "dumb")) {
		fprintf(stderr,
			"kmemtop: TERM is %s: the interactive view needs a "
			"capable terminal; use --once (-o) for a snapshot\n",
			term && *term ? term : "not set");
		return false;
	}
	return true;
}

static void setup_colors(struct tui *t)
{
	const char *nc = getenv("NO_COLOR");

	t->colors = has_colors() && !(nc && *nc);
	if (!t->colors)
		return;
	start_color();
	use_default_colors();
	init_pair(CP_HEADER, COLOR_BLACK, COLOR_CYAN);
	init_pair(CP_GROW, COLOR_RED, -1);
	init_pair(CP_SHRINK, COLOR_GREEN, -1);
	init_pair(CP_NEW, COLOR_CYAN, -1);
	init_pair(CP_ERROR, COLOR_RED, -1);
	init_pair(CP_SELECT, COLOR_BLACK, COLOR_WHITE);
}

int tui_run(const struct options *o)
{
	struct tui t;
	struct sigaction sa;
	SCREEN *scr;
	double next;
	unsigned redo = R_REREAD;

	if (!terminal_usable())
		return 1;
	memset(&t, 0, sizeof(t));
	t.opt = o;
	t.delay = o->delay;
	t.sort_col = o->sort_col;
	t.sort_desc = o->sort_desc;
	slab_model_init(&t.model, o->page_size);

	scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		fprintf(stderr, "kmemtop: cannot use terminal type '%s'; use "
				"--once (-o) for a snapshot\n",
			getenv("TERM"));
		slab_model_free(&t.model);
		return 1;
	}
	util_set_oom_hook(restore_terminal);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);

	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	setup_colors(&t);

	next = 0;
	while (!got_signal) {
		if (redo & R_QUIT)
			break;
		if ((redo & R_REREAD) || now_mono() >= next) {
			read_sources(&t);
			next = now_mono() + t.delay;
			redo |= R_REBUILD;
		}
		if (redo & R_REBUILD)
			rebuild(&t);
		draw(&t);

		double wait = next - now_mono();
		int ms = wait <= 0 ? 0 : (int)(wait * 1000) + 1;
		timeout(ms);
		int ch = getch();
		redo = R_NONE;
		if (ch != ERR)
			redo = handle_key(&t, ch);
	}

	restore_terminal();
	delscreen(scr);
	util_set_oom_hook(NULL);
	free(t.rows);
	procfs_buf_free(&t.buf);
	slab_model_free(&t.model);
	return 0;
}
