/*
 * tui.c - the interactive monitor (ncursesw): a view per tab (slab,
 * vmalloc, oom), each with its sort, incremental filter, scrolling selection
 * and summary, plus a help screen generated from the key table.
 *
 * The only module that includes curses. Views supply their data through
 * struct tview_ops (tui_views.c); this file owns the screen, the loop and
 * the keys. It never exits (it returns a status to main) and always
 * restores the terminal: on 'q', on SIGINT/SIGTERM/SIGHUP/SIGQUIT, when
 * the terminal goes away, and from the
 * out-of-memory hook.
 *
 * Each key is one entry of the binding table below; a handler returns
 * flags saying what the loop must redo, and the help screen, --list-keys
 * and the man page check all read the same table.
 */
#define _XOPEN_SOURCE_EXTENDED 1
#include "tui.h"

#include <curses.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tui_view.h"
#include "util.h"
#include "table.h"

/* The one writable global: set by the SIGINT/SIGTERM/SIGHUP/SIGQUIT
 * handler. */
static volatile sig_atomic_t got_signal;

enum color_pair {
	CP_HEADER = 1,
	CP_GROW, /* growing: the thing a leak hunter looks for */
	CP_SHRINK,
	CP_NEW,
	CP_ERROR,
};

struct tui {
	struct tui_shared sh;
	struct tview views[TV_COUNT];
	int cur;      /* the view shown */
	bool prompt;  /* the filter prompt is open */
	bool editing;	 /* the edit prompt ('e') is open */
	bool edit_fresh; /* its value is still the one shown: selected,
			  * so the first key typed replaces it */
	bool confirming; /* the edit waits for y/Enter */
	char edit_title[160];
	char edit[32]; /* the text being edited */
	char question[256];
	bool help;     /* the help screen is open */
	int page;      /* table rows on screen */
	double delay;  /* seconds */
	bool colors;
	unsigned text_flags; /* SAN_WIDE or SAN_ASCII: what the locale shows */
	struct sbuf scratch;
	/* keys typed during a read that must wait for its end */
	int pending[256];
	size_t npending;
	bool reading;
	int empty_reads; /* readable input without a key, in a row */
};

static const struct tview_ops *const view_ops[TV_COUNT] = {
	[TV_SLAB] = &tview_slab_ops,
	[TV_VMALLOC] = &tview_vmalloc_ops,
	[TV_OOM] = &tview_oom_ops,
};

/* which views a key works in */
enum {
	IN_SLAB = 1 << TV_SLAB,
	IN_VMALLOC = 1 << TV_VMALLOC,
	IN_OOM = 1 << TV_OOM,
	IN_ALL = IN_SLAB | IN_VMALLOC | IN_OOM
};

struct key_binding {
	int key;	   /* curses key code */
	const char *label; /* as the help screen shows it */
	unsigned views;	   /* IN_* */
	unsigned (*fn)(struct tui *t, struct tview *v, int key);
	const char *help;
};

static struct tview *cur_view(struct tui *t)
{
	return &t->views[t->cur];
}

/* ---- actions ------------------------------------------------------- */

static unsigned act_quit(struct tui *t, struct tview *v, int key)
{
	(void)t, (void)v, (void)key;
	return R_QUIT;
}

static unsigned act_refresh(struct tui *t, struct tview *v, int key)
{
	(void)t, (void)v, (void)key;
	return R_REREAD;
}

static void set_sort(struct tview *v, int col)
{
	v->sort_col = col;
	v->sort_desc = !(v->cols->cols[col].flags & COL_ASC);
}

static unsigned act_sort_letter(struct tui *t, struct tview *v, int key)
{
	int col = table_find_letter(v->cols, (char)key);
	(void)t;
	if (col >= 0)
		set_sort(v, col);
	return R_REBUILD;
}

static unsigned act_sort_delta(struct tui *t, struct tview *v, int key)
{
	(void)t, (void)key;
	for (size_t i = 0; i < v->cols->ncols; i++) {
		if (v->cols->cols[i].flags & COL_DELTA) {
			set_sort(v, (int)i);
			break;
		}
	}
	return R_REBUILD;
}

static bool shown(const struct column *c)
{
	return !(c->flags & COL_HIDDEN);
}

static unsigned act_sort_move(struct tui *t, struct tview *v, int key)
{
	int n = (int)v->cols->ncols, c = v->sort_col;
	int step = key == '<' ? -1 : 1;

	(void)t;
	for (int i = 0; i < n; i++) {
		c = (c + step + n) % n;
		if (shown(&v->cols->cols[c]))
			break;
	}
	set_sort(v, c);
	return R_REBUILD;
}

static unsigned act_reverse(struct tui *t, struct tview *v, int key)
{
	(void)t, (void)key;
	v->sort_desc = !v->sort_desc;
	return R_REBUILD;
}

static unsigned act_filter(struct tui *t, struct tview *v, int key)
{
	(void)v, (void)key;
	t->prompt = true;
	return R_REDRAW;
}

static unsigned act_clear_filter(struct tui *t, struct tview *v, int key)
{
	(void)t, (void)key;
	if (!v->filter[0])
		return R_NONE;
	v->filter[0] = '\0';
	snprintf(v->message, sizeof(v->message), "filter cleared");
	return R_REBUILD;
}

static const void *row_at(const struct tview *v, size_t i);

static unsigned act_edit(struct tui *t, struct tview *v, int key)
{
	(void)key;
	if (!v->ops->edit_begin)
		return R_NONE;
	if (!v->ops->edit_begin(v, v->nidx ? row_at(v, v->sel) : NULL,
				t->edit_title, sizeof(t->edit_title), t->edit,
				sizeof(t->edit)))
		return R_REDRAW;
	t->editing = true;
	t->edit_fresh = true;
	return R_REDRAW;
}

static const void *row_at(const struct tview *v, size_t i)
{
	size_t n, size;
	const char *rows = v->ops->rows(v, &n, &size);
	return rows + v->idx[i] * size;
}

/* Remember row i's identity: the selection follows it across refreshes
 * and re-sorting. */
static void select_row(struct tview *v, size_t i)
{
	table_row_id(v->cols, row_at(v, i), &v->selected);
}

static unsigned act_move(struct tui *t, struct tview *v, int key)
{
	size_t page = t->page > 1 ? (size_t)t->page - 1 : 1;

	if (!v->nidx)
		return R_NONE;
	switch (key) {
	case KEY_UP:
		if (v->sel > 0)
			v->sel--;
		break;
	case KEY_DOWN:
		if (v->sel + 1 < v->nidx)
			v->sel++;
		break;
	case KEY_PPAGE:
		v->sel = v->sel > page ? v->sel - page : 0;
		break;
	case KEY_NPAGE:
		v->sel = v->sel + page < v->nidx ? v->sel + page : v->nidx - 1;
		break;
	case KEY_HOME:
		v->sel = 0;
		break;
	case KEY_END:
		v->sel = v->nidx - 1;
		break;
	}
	/* a selection on the first row stays on the first row: the top of
	 * the sort order is what a user watches until they pick a row */
	v->follow = v->sel != 0;
	select_row(v, v->sel);
	return R_REDRAW;
}

static unsigned act_help(struct tui *t, struct tview *v, int key)
{
	(void)v, (void)key;
	t->help = true;
	return R_REDRAW;
}

/* seconds: + doubles the delay up to the longest -d accepts; - halves it
 * down to DELAY_MIN, and leaves a shorter one given with -d as it is */
#define DELAY_MIN 0.1
#define DELAY_MAX 86400.0

static unsigned act_delay(struct tui *t, struct tview *v, int key)
{
	if (key == '+')
		t->delay = t->delay * 2 < DELAY_MAX ? t->delay * 2 : DELAY_MAX;
	else if (t->delay / 2 >= DELAY_MIN)
		t->delay /= 2;
	else if (t->delay > DELAY_MIN)
		t->delay = DELAY_MIN;
	snprintf(v->message, sizeof(v->message), "refresh every %gs", t->delay);
	return R_REDRAW;
}

static unsigned act_delta_mode(struct tui *t, struct tview *v, int key)
{
	(void)t, (void)key;
	return tview_slab_delta_mode(v);
}

static unsigned act_reset_base(struct tui *t, struct tview *v, int key)
{
	(void)t, (void)key;
	return tview_slab_reset_base(v);
}

static unsigned act_ioremap(struct tui *t, struct tview *v, int key)
{
	(void)t, (void)key;
	return tview_vmalloc_toggle_ioremap(v);
}

static unsigned act_group(struct tui *t, struct tview *v, int key)
{
	(void)t, (void)key;
	return tview_vmalloc_cycle_group(v);
}

static unsigned act_kthreads(struct tui *t, struct tview *v, int key)
{
	(void)t, (void)key;
	return tview_oom_toggle_kthreads(v);
}

static unsigned switch_to(struct tui *t, int view)
{
	t->cur = view;
	/* read now: a view shown again must not show what it read when it
	 * was left (its deltas span the time it was hidden) */
	return R_REREAD;
}

static unsigned act_view(struct tui *t, struct tview *v, int key)
{
	(void)v;
	if (key == '\t')
		return switch_to(t, (t->cur + 1) % TV_COUNT);
	if (key >= '1' && key < '1' + TV_COUNT)
		return switch_to(t, key - '1');
	return R_NONE;
}

static const struct key_binding keys[] = {
	{ 'q', "q", IN_ALL, act_quit, "quit" },
	{ ' ', "Space", IN_ALL, act_refresh, "refresh now" },
	{ '\t', "Tab", IN_ALL, act_view, "next view (slab, vmalloc, oom)" },
	{ '1', "1", IN_ALL, act_view, "slab view" },
	{ '2', "2", IN_ALL, act_view, "vmalloc view" },
	{ '3', "3", IN_ALL, act_view, "OOM view" },
	{ 'a', "a", IN_SLAB, act_sort_letter,
	  "sort by active objects (ACTIVE)" },
	{ 'b', "b", IN_SLAB, act_sort_letter,
	  "sort by objects per slab (OBJ/SLAB)" },
	{ 'c', "c", IN_SLAB, act_sort_letter,
	  "sort by cache size (CACHE SIZE)" },
	{ 'l', "l", IN_SLAB, act_sort_letter,
	  "sort by number of slabs (SLABS)" },
	{ 'v', "v", IN_SLAB, act_sort_letter,
	  "sort by active slabs (not displayed)" },
	{ 'n', "n", IN_SLAB, act_sort_letter,
	  "sort by name (NAME), ascending" },
	{ 'o', "o", IN_SLAB, act_sort_letter,
	  "sort by number of objects (OBJS), the default" },
	{ 'p', "p", IN_SLAB, act_sort_letter,
	  "sort by pages per slab (not displayed)" },
	{ 's', "s", IN_SLAB, act_sort_letter,
	  "sort by object size (OBJ SIZE)" },
	{ 'u', "u", IN_SLAB, act_sort_letter,
	  "sort by cache utilization (USE)" },
	{ 'D', "D", IN_ALL, act_sort_delta,
	  "sort by the first delta column: growing on top" },
	{ '<', "<", IN_ALL, act_sort_move, "sort by the column to the left" },
	{ '>', ">", IN_ALL, act_sort_move, "sort by the column to the right" },
	{ 'r', "r", IN_ALL, act_reverse, "reverse the sort order" },
	{ 'd', "d", IN_SLAB, act_delta_mode,
	  "delta mode: since last refresh, since baseline, per second" },
	{ 'z', "z", IN_SLAB, act_reset_base,
	  "reset the baseline to now (zero deltas)" },
	{ 'i', "i", IN_VMALLOC, act_ioremap,
	  "ioremap areas only, or all types again" },
	{ 'g', "g", IN_VMALLOC, act_group,
	  "group by caller, type, module, or not at all" },
	{ 'e', "e", IN_OOM, act_edit,
	  "edit the selected process's oom_score_adj (-1000..1000)" },
	{ 'K', "K", IN_OOM, act_kthreads, "show or hide kernel threads" },
	{ '/', "/", IN_ALL, act_filter,
	  "filter by name (Enter keeps it, Escape clears it)" },
	{ 27, "Escape", IN_ALL, act_clear_filter, "clear the filter" },
	{ KEY_UP, "Up", IN_ALL, act_move, "select the previous row" },
	{ KEY_DOWN, "Down", IN_ALL, act_move, "select the next row" },
	{ KEY_PPAGE, "PgUp", IN_ALL, act_move, "one page up" },
	{ KEY_NPAGE, "PgDn", IN_ALL, act_move, "one page down" },
	{ KEY_HOME, "Home", IN_ALL, act_move, "first row" },
	{ KEY_END, "End", IN_ALL, act_move, "last row" },
	{ '+', "+", IN_ALL, act_delay, "refresh less often (longer delay)" },
	{ '-', "-", IN_ALL, act_delay, "refresh more often (shorter delay)" },
	{ '?', "?", IN_ALL, act_help, "this help (any key closes it)" },
	{ 'h', "h", IN_ALL, act_help, "this help" },
};

static const char *views_text(unsigned views)
{
	switch (views) {
	case IN_ALL:
		return "all";
	case IN_SLAB:
		return "slab";
	case IN_VMALLOC:
		return "vmalloc";
	case IN_OOM:
		return "oom";
	default:
		return "?";
	}
}

void tui_list_keys(FILE *f)
{
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		fprintf(f, "%s\t%s\t%s\n", keys[i].label, keys[i].help,
			views_text(keys[i].views));
}

static const struct key_binding *find_key(int ch, int view)
{
	if (ch == 'Q')
		ch = 'q';
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		if (keys[i].key == ch && (keys[i].views & (1u << view)))
			return &keys[i];
	return NULL;
}

/* ---- data ------------------------------------------------------------ */

static void read_sources(struct tui *t, struct tview *v)
{
	struct kerr err = { { 0 } };

	t->sh.mi_prev = t->sh.mi;
	t->sh.have_mi_prev = t->sh.have_mi;
	t->sh.have_mi = source_read(&t->sh.src, "proc/meminfo", &t->sh.buf,
				    &err) == 0;
	if (t->sh.have_mi)
		meminfo_parse(t->sh.buf.data, t->sh.buf.len, &t->sh.mi);
	v->ops->read(v, &t->sh, now_mono());
	v->loaded = true;
}

static bool key_matches(const char *key, const char *filter)
{
	return !filter[0] || strcasestr(key, filter) != NULL;
}

/* The sort refers to a column table; when the view's table changed (the
 * vmalloc grouping), take the new table's default sort, or the -s key the
 * user gave for this view. */
static void check_columns(struct tui *t, struct tview *v, int id)
{
	const struct table *cols = v->ops->columns(v);
	const struct options *o = t->sh.opt;

	if (v->cols == cols)
		return;
	v->cols = cols;
	v->ops->default_sort(v, cols, &v->sort_col, &v->sort_desc);
	if (o->sort_key && (int)o->view == id) {
		int c = table_find_key(cols, o->sort_key);
		if (c >= 0)
			set_sort(v, c);
	}
	v->top = 0;
}

static void rebuild(struct tui *t, struct tview *v)
{
	size_t n, size;
	const char *rows = v->ops->rows(v, &n, &size);

	check_columns(t, v, t->cur);
	xgrow((void **)&v->idx, &v->idx_cap, n, sizeof(*v->idx));
	v->nidx = 0;
	for (size_t i = 0; i < n; i++)
		if (key_matches(v->ops->filter_key(v, rows + i * size),
				v->filter))
			v->idx[v->nidx++] = i;
	table_sort(&v->cols->cols[v->sort_col], v->sort_desc, rows, size, v->idx,
		  v->nidx);

	/* the selection follows its row; if it is gone, the first row */
	v->sel = 0;
	for (size_t i = 0; v->follow && i < v->nidx; i++) {
		table_row_id(v->cols, row_at(v, i), &t->scratch);
		if (t->scratch.len == v->selected.len &&
		    !memcmp(t->scratch.s, v->selected.s, t->scratch.len)) {
			v->sel = i;
			return;
		}
	}
	if (v->nidx)
		select_row(v, 0);
}

/* ---- drawing --------------------------------------------------------- */

/* Write s (already sanitized) at row y from column x, cut at the screen's
 * right edge by display cells (never a wide character half off the
 * edge). Returns the cells written. */
static int put_text(struct tui *t, int y, int x, const char *s, attr_t attr)
{
	size_t cells, n;

	if (y < 0 || y >= LINES || x >= COLS)
		return 0;
	n = text_fit(s, strlen(s), t->text_flags, (size_t)(COLS - x), &cells);
	attron(attr);
	mvaddnstr(y, x, s, (int)n);
	attroff(attr);
	return (int)cells;
}

#define put(y, x, s, attr) put_text(t, y, x, s, attr)

static attr_t pair(struct tui *t, enum color_pair p)
{
	return t->colors ? COLOR_PAIR(p) : 0;
}

/* The lines of text (each ending in "\n") from row y, at most max of
 * them; returns the row after the last. Text is sanitized here. */
static int put_lines(struct tui *t, int y, const char *text, attr_t a,
		     int max)
{
	struct sbuf b = { 0 };
	const char *p = text, *e;

	for (; p && *p && max > 0; max--) {
		e = strchr(p, '\n');
		if (!e)
			e = p + strlen(p);
		sbuf_reset(&b);
		sanitize(&b, p, (size_t)(e - p), t->text_flags);
		put(y++, 0, b.s ? b.s : "", a);
		p = *e ? e + 1 : e;
	}
	sbuf_free(&b);
	return y;
}

/* Lines of text (each ending in "\n"). */
static int count_lines(const char *text)
{
	int n = 0;

	for (const char *p = text; p && *p; p++)
		n += *p == '\n';
	if (text && *text && text[strlen(text) - 1] != '\n')
		n++;
	return n;
}

static void draw_status(struct tui *t, struct tview *v, int y)
{
	struct sbuf b = { 0 };
	const struct column *c = &v->cols->cols[v->sort_col];

	if (t->confirming) {
		int x = put(y, 0, t->question, A_BOLD);
		move(y, x < COLS ? x : COLS - 1);
		return;
	}
	if (t->editing) {
		/* the value as it was is selected: typing replaces it */
		int x;
		sbuf_addf(&b, "%s: ", t->edit_title);
		x = put(y, 0, b.s, A_BOLD);
		x += put(y, x, t->edit, t->edit_fresh ? A_REVERSE : A_BOLD);
		move(y, x < COLS ? x : COLS - 1);
		sbuf_free(&b);
		return;
	}
	if (t->prompt) {
		int x;
		sbuf_addf(&b, "Filter: ");
		sanitize(&b, v->filter, strlen(v->filter), t->text_flags);
		x = put(y, 0, b.s, A_BOLD);
		move(y, x < COLS ? x : COLS - 1);
		sbuf_free(&b);
		return;
	}
	sbuf_addf(&b, "[%d:%s] ", t->cur + 1, v->ops->name);
	/* what just happened comes first, before a long line is cut */
	if (v->message[0])
		sbuf_addf(&b, "%s | ", v->message);
	sbuf_addf(&b, "Sort: %s %s  ", c->title, v->sort_desc ? "desc" : "asc");
	v->ops->status(v, &b);
	sbuf_addf(&b, "  Every %gs", t->delay);
	if (v->filter[0]) {
		size_t n, size;
		v->ops->rows(v, &n, &size);
		sbuf_addf(&b, "  Filter: ");
		sanitize(&b, v->filter, strlen(v->filter), t->text_flags);
		sbuf_addf(&b, " (%zu of %zu)", v->nidx, n);
	}
	if (!v->message[0])
		sbuf_addf(&b, "  | ? help  Tab view  q quit");
	put(y, 0, b.s, A_BOLD);
	sbuf_free(&b);
}

static void draw_header(struct tui *t, struct tview *v, int y)
{
	struct sbuf b = { 0 };
	bool first = true;

	for (size_t i = 0; i < v->cols->ncols; i++) {
		const struct column *c = &v->cols->cols[i];
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

static void draw_row(struct tui *t, struct tview *v, int y, const void *row,
		     bool selected)
{
	struct sbuf b = { 0 };
	int x = 0;

	for (size_t i = 0; i < v->cols->ncols && x < COLS; i++) {
		const struct column *c = &v->cols->cols[i];
		struct value val;
		attr_t a = 0;

		if (!shown(c))
			continue;
		if (x > 0)
			put(y, x++, " ", selected ? A_REVERSE : 0);
		sbuf_reset(&b);
		col_get(c, row, &val);
		col_format(c, &val, &b, c->fmt == F_TEXT ? COLS - x : 0,
			   t->text_flags);
		if (c->flags & COL_DELTA) {
			bool grow = (val.kind == V_I64 && val.i > 0) ||
				    (val.kind == V_F64 && val.f > 0);
			bool shrink = (val.kind == V_I64 && val.i < 0) ||
				      (val.kind == V_F64 && val.f < 0);
			if (grow)
				a = pair(t, CP_GROW) | (t->colors ? A_BOLD : 0);
			else if (shrink)
				a = pair(t, CP_SHRINK);
		}
		if (selected)
			a = A_REVERSE;
		x += put(y, x, b.s, a);
	}
	if (v->ops->row_is_new(v, row) && x < COLS)
		put(y, x, " (new)",
		    selected ? A_REVERSE : pair(t, CP_NEW) | A_BOLD);
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
	snprintf(line, sizeof(line),
		 "kmemtop - keys in the %s view (any key closes this help)",
		 view_ops[t->cur]->name);
	put(y++, 0, line, A_BOLD);
	y++;
	for (size_t i = 0; i < ARRAY_SIZE(keys) && y < LINES; i++) {
		if (!(keys[i].views & (1u << t->cur)))
			continue;
		snprintf(line, sizeof(line), "  %-8s %s", keys[i].label,
			 keys[i].help);
		put(y++, 0, line, 0);
	}
	if (y + 1 < LINES)
		put(++y, 0,
		    "Rows that appeared since the baseline are "
		    "marked (new). See kmemtop(1).",
		    0);
	y++;
	for (const char *p = view_ops[t->cur]->help_note, *e;
	     p && *p && y < LINES; p = *e ? e + 1 : e) {
		e = strchr(p, '\n');
		if (!e)
			e = p + strlen(p);
		snprintf(line, sizeof(line), "%.*s", (int)(e - p), p);
		put(y++, 0, line, 0);
	}
	refresh();
}

/* Top to bottom: the summary, errors, the status line, the header and
 * the rows. A short terminal shrinks the summary first, then the errors:
 * the status line and one row stay as long as there are two lines. */
static void draw(struct tui *t)
{
	struct tview *v = cur_view(t);
	struct sbuf b = { 0 };
	int y, status_y, nsum, nerr, room;

	if (t->help) {
		draw_help(t);
		return;
	}
	erase();
	v->ops->summary(v, &t->sh, &b);
	nsum = count_lines(b.s);
	nerr = v->error[0] ? count_lines(v->error) : 0;
	room = LINES - 3; /* status, header, a row */
	if (LINES < 3)
		room = 0;
	if (nerr > room)
		nerr = room;
	if (nsum > room - nerr)
		nsum = room - nerr;
	y = put_lines(t, 0, b.s, 0, nsum);
	sbuf_free(&b);
	if (nerr)
		y = put_lines(t, y, v->error, pair(t, CP_ERROR) | A_BOLD, nerr);
	status_y = y++;
	/* with two lines, no header: the status line and a row */
	if (LINES >= 3)
		draw_header(t, v, y++);
	t->page = LINES - y;
	if (t->page < 0)
		t->page = 0;

	/* keep the selection on screen */
	if (v->sel < v->top)
		v->top = v->sel;
	if (t->page > 0 && v->sel >= v->top + (size_t)t->page)
		v->top = v->sel - (size_t)t->page + 1;
	if (v->top > v->nidx)
		v->top = 0;
	for (int i = 0; i < t->page && v->top + (size_t)i < v->nidx; i++) {
		size_t k = v->top + (size_t)i;
		draw_row(t, v, y + i, row_at(v, k), k == v->sel);
	}
	draw_status(t, v, status_y); /* last: it places the cursor */
	curs_set(t->prompt || t->editing || t->confirming ? 1 : 0);
	refresh();
}

/* ---- input ----------------------------------------------------------- */

/* One key for a one-line prompt (Backspace, Ctrl-U clears, printable
 * ASCII appends): what became of the line. */
enum line_result { LINE_NONE, LINE_CHANGED, LINE_ENTER, LINE_ESCAPE };

static enum line_result line_edit(char *buf, size_t size, int ch)
{
	size_t n = strlen(buf);

	switch (ch) {
	case 27:
		return LINE_ESCAPE;
	case '\n':
	case '\r':
	case KEY_ENTER:
		return LINE_ENTER;
	case KEY_BACKSPACE:
	case 127:
	case 8:
		if (n)
			buf[n - 1] = '\0';
		return LINE_CHANGED;
	case 21: /* Ctrl-U */
		buf[0] = '\0';
		return LINE_CHANGED;
	default:
		if (ch < 0x20 || ch >= 0x7f || n + 1 >= size)
			return LINE_NONE;
		buf[n] = (char)ch;
		buf[n + 1] = '\0';
		return LINE_CHANGED;
	}
}

/* The filter prompt: incremental; Enter keeps it, Escape clears it. */
static unsigned prompt_key(struct tui *t, struct tview *v, int ch)
{
	switch (line_edit(v->filter, sizeof(v->filter), ch)) {
	case LINE_ESCAPE:
		v->filter[0] = '\0';
		t->prompt = false;
		return R_REBUILD;
	case LINE_ENTER:
		t->prompt = false;
		return R_REBUILD;
	case LINE_CHANGED:
		return R_REBUILD;
	default:
		return R_NONE;
	}
}

static void edit_done(struct tui *t, struct tview *v)
{
	t->editing = t->confirming = false;
	v->ops->edit_end(v);
}

/* The edit prompt ('e'): the value shown is selected, so the first key
 * that edits replaces it (Backspace and Ctrl-U clear it); Enter hands
 * the line to the view, which asks for a confirmation; Escape cancels. */
static unsigned edit_key(struct tui *t, struct tview *v, int ch)
{
	enum line_result r;

	if (t->edit_fresh && ch != '\n' && ch != '\r' && ch != KEY_ENTER &&
	    ch != 27) {
		t->edit[0] = '\0';
		t->edit_fresh = false;
		if (ch == KEY_BACKSPACE || ch == 127 || ch == 8 || ch == 21)
			return R_REDRAW;
	}
	r = line_edit(t->edit, sizeof(t->edit), ch);
	switch (r) {
	case LINE_ESCAPE:
		edit_done(t, v);
		snprintf(v->message, sizeof(v->message),
			 "edit cancelled; nothing changed");
		return R_REDRAW;
	case LINE_ENTER:
		t->editing = false;
		t->confirming = v->ops->edit_check(v, t->edit, t->question,
						   sizeof(t->question));
		if (!t->confirming)
			edit_done(t, v);
		return R_REDRAW;
	default:
		return R_REDRAW;
	}
}

/* The confirmation: y or Enter writes, any other key cancels. */
static unsigned confirm_key(struct tui *t, struct tview *v, int ch)
{
	bool yes = ch == 'y' || ch == 'Y' || ch == '\n' || ch == '\r' ||
		   ch == KEY_ENTER;

	if (yes)
		v->ops->edit_commit(v);
	else
		snprintf(v->message, sizeof(v->message),
			 "cancelled; nothing changed");
	edit_done(t, v);
	return yes ? R_REREAD : R_REDRAW;
}

/* Keys that work on the rows shown while a read goes on: moving, sorting,
 * filtering, help. */
static bool mid_read(const struct key_binding *k)
{
	return k->fn == act_move || k->fn == act_sort_letter ||
	       k->fn == act_sort_delta || k->fn == act_sort_move ||
	       k->fn == act_reverse || k->fn == act_help ||
	       k->fn == act_filter || k->fn == act_clear_filter;
}

static unsigned handle_key(struct tui *t, int ch)
{
	struct tview *v = cur_view(t);
	const struct key_binding *k;

	if (ch == KEY_RESIZE)
		return R_REDRAW;
	if (t->help) {
		t->help = false;
		return R_REDRAW;
	}
	if (t->confirming)
		return confirm_key(t, v, ch);
	if (t->editing)
		return edit_key(t, v, ch);
	if (t->prompt)
		return prompt_key(t, v, ch);
	k = find_key(ch, t->cur);
	if (!k)
		return R_NONE;
	if (t->reading && !mid_read(k)) {
		/* it needs the read's result (or starts one): after it */
		if (t->npending < ARRAY_SIZE(t->pending))
			t->pending[t->npending++] = ch;
		return R_NONE;
	}
	v->message[0] = '\0';
	return k->fn(t, v, ch);
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
}

/* The terminal is gone: a hangup, an error, or input that says it is
 * readable and gives nothing (end of file) many times running. */
enum { EMPTY_READS_MAX = 100 };

/* Wait up to ms for input (ms < 0: no limit); then read every key that
 * is waiting, so a burst of keys costs one redraw. Returns the keys'
 * R_* flags, R_QUIT when the terminal went away. */
static unsigned wait_keys(struct tui *t, int ms)
{
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
	unsigned redo = R_NONE;
	int ch, n = 0;

	if (poll(&p, 1, ms) < 0)
		return errno == EINTR ? R_NONE : R_QUIT;
	if (p.revents & (POLLHUP | POLLERR | POLLNVAL))
		return R_QUIT;
	if (!(p.revents & POLLIN))
		return R_NONE;
	timeout(0);
	while ((ch = getch()) != ERR) {
		n++;
		redo |= handle_key(t, ch);
		if (redo & R_QUIT)
			break;
	}
	/* readable, yet no key: the end of the input (or half of an escape
	 * sequence, which does not repeat) */
	t->empty_reads = n ? 0 : t->empty_reads + 1;
	if (t->empty_reads > EMPTY_READS_MAX)
		redo |= R_QUIT;
	return redo;
}

/* Between the pieces of a long read: answer the keys that need no new
 * data at once, from the rows shown (the model keeps them until the read
 * ends); keep the others for after the read. A terminal gone or a signal
 * ends the program when the read is over. */
static void idle(void *ctx)
{
	struct tui *t = ctx;
	unsigned redo = wait_keys(t, 0);

	if (redo & R_QUIT) {
		t->pending[0] = 'q';
		t->npending = 1;
		return;
	}
	if (redo & R_REBUILD)
		rebuild(t, cur_view(t));
	if (redo & (R_REBUILD | R_REDRAW))
		draw(t);
}

/* Read the shown view's sources, answering keys meanwhile; then the keys
 * that waited. */
static unsigned read_now(struct tui *t)
{
	unsigned redo = R_NONE;
	int pend[ARRAY_SIZE(t->pending)];
	size_t n;

	t->reading = true;
	read_sources(t, cur_view(t));
	t->reading = false;
	/* the keys that waited see the new rows */
	rebuild(t, cur_view(t));
	n = t->npending;
	memcpy(pend, t->pending, n * sizeof(*pend));
	t->npending = 0;
	for (size_t i = 0; i < n && !(redo & R_QUIT); i++)
		redo |= handle_key(t, pend[i]);
	return redo;
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
	t.sh.opt = o;
	t.text_flags = o->text_flags;
	t.sh.idle = idle;
	t.sh.idle_ctx = &t;
	source_open(&t.sh.src, o->root);
	t.delay = o->delay;
	t.cur = o->view == VIEW_VMALLOC ? TV_VMALLOC
		: o->view == VIEW_OOM	? TV_OOM
					: TV_SLAB;
	for (int i = 0; i < TV_COUNT; i++) {
		t.views[i].ops = view_ops[i];
		view_ops[i]->init(&t.views[i], o);
	}

	scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		fprintf(stderr,
			"kmemtop: cannot use terminal type '%s'; use "
			"--once (-o) for a snapshot\n",
			getenv("TERM"));
		redo = R_QUIT;
		goto out;
	}
	util_set_oom_hook(restore_terminal);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* every signal that ends the program restores the terminal first;
	 * Ctrl-\ (SIGQUIT) too */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);

	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	setup_colors(&t);

	next = 0;
	while (!got_signal && !(redo & R_QUIT)) {
		double wait;

		/* keys that wait for a read may ask for another one at once
		 * (Space, Tab): then read again */
		while (((redo & R_REREAD) || now_mono() >= next) &&
		       !(redo & R_QUIT)) {
			redo = (redo & ~R_REREAD) | read_now(&t);
			/* the next read is a delay after this one ended: a
			 * read longer than the delay leaves time for keys */
			next = now_mono() + t.delay;
		}
		if (redo & R_QUIT)
			break;
		if (redo & R_REBUILD)
			rebuild(&t, cur_view(&t));
		draw(&t);
		wait = next - now_mono();
		redo = wait_keys(&t, wait <= 0 ? 0 : (int)(wait * 1000) + 1);
	}

	restore_terminal();
	delscreen(scr);
	util_set_oom_hook(NULL);
out:
	for (int i = 0; i < TV_COUNT; i++) {
		t.views[i].ops->free(&t.views[i]);
		free(t.views[i].idx);
		sbuf_free(&t.views[i].selected);
	}
	sbuf_free(&t.scratch);
	source_buf_free(&t.sh.buf);
	source_close(&t.sh.src);
	return scr ? 0 : 1;
}
