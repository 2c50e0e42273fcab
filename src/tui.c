/*
 * tui.c - the interactive monitor (ncursesw): a tab per view of the
 * registry (slab, vmalloc, oom, ...), each with its sort, incremental
 * filter, scrolling selection and summary, and a help screen generated
 * from the keys.
 *
 * The only module that includes curses. It knows no view: each tab's
 * data, summary, status, keys and edit come from its struct view; this
 * file owns the screen, the loop and the keys every tab has. It never
 * exits (it returns a status to main) and always restores the terminal:
 * on 'q', on SIGINT/SIGTERM/SIGHUP/SIGQUIT, when the terminal goes away,
 * and from the out-of-memory hook.
 *
 * A key is one entry: the screen's own in keys[] below, a view's in its
 * struct view, a sort letter in the tab's column table. A handler returns
 * R_* flags saying what the loop must redo; the help screen, --list-keys
 * and the man page check read the same entries.
 */
#define _XOPEN_SOURCE_EXTENDED 1
#include "tui.h"

#include "replay_view.h"

#include <curses.h>
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chart.h"
#include "history.h"
#include "table.h"
#include "util.h"
#include "view.h"

/* The one writable global: set by the SIGINT/SIGTERM/SIGHUP/SIGQUIT
 * handler. */
static volatile sig_atomic_t got_signal;

/* The signals that must wake the wait for keys: a resize (curses' own
 * handler, which leaves KEY_RESIZE to read) and those that end the
 * program. They are blocked but in that wait (ppoll opens them): one
 * that came while the screen was drawn is pending then, not lost until
 * the next key or refresh (-d 600 waited ten minutes). */
static sigset_t wake_signals, open_mask;

/* Key codes curses gives as plain characters. */
enum { KEY_ESC = 27, KEY_CTRL_U = 21, KEY_DEL = 127, KEY_CTRL_H = 8 };
_Static_assert(VIEW_KEY_LEFT == KEY_LEFT && VIEW_KEY_RIGHT == KEY_RIGHT,
	       "view.h's key codes are curses'");

enum color_pair {
	CP_HEADER = 1,
	CP_GROW, /* growing: the thing a leak hunter looks for */
	CP_SHRINK,
	CP_NEW,
	CP_ERROR,
};

enum { TAB_FILTER_MAX = 256, TAB_MSG = 256 };

/* The screen's state for one view. */
struct tab {
	const struct view *view;
	void *st;
	struct out_table rows;	   /* the view's rows at the last rebuild */
	const struct table *table; /* the table the sort refers to */
	int sort_col;
	bool sort_desc;
	char filter[TAB_FILTER_MAX];
	struct sbuf selected; /* identity of the selected row */
	bool follow;	      /* the user moved the selection */
	size_t sel, top;
	size_t *idx; /* rows shown, filtered and sorted */
	size_t nidx, idx_cap;
	struct history hist;   /* live: recent main values of the rows */
	struct rowset rs;      /* the rows over time: every change shown */
	char error[2048];      /* what the last read said went wrong */
	char message[TAB_MSG]; /* what the last key did */
	/* The columns on screen (layout): empty[k], column k has no value
	 * in any row (rebuild); off[k], not drawn now (empty, dropped for
	 * the width, or scrolled off to the left) */
	bool *empty, *off;
	size_t empty_cap, off_cap;
	int name_col;	  /* the COL_NAME column drawn, or -1 */
	int name_longest; /* cells of its longest text in the rows shown */
	int name_cells;	  /* what it gets (layout) */
	size_t hscroll;	  /* columns the user scrolled off to the left */
	size_t nleft;	  /* ... of them, as many as there are */
	size_t nright;	  /* columns dropped for the width */
};

struct tui {
	struct view_env env;
	struct sbuf host; /* the node name (view_env_host), or empty */
	bool human;	  /* sizes in B K M G T (B, --human) */
	struct tab tabs[VIEWS_MAX]; /* one per view, in the registry's order */
	size_t ntabs, cur;	    /* cur: the tab shown */
	size_t first;		    /* the tab the screen opened with (-s) */
	bool prompt;		    /* the filter prompt is open */
	bool editing;		    /* the edit prompt ('e') is open */
	bool edit_fresh; /* its value is still the one shown: selected,
			    * so the first key typed replaces it */
	bool confirming; /* the edit waits for y/Enter */
	const struct view_edit *edit_op; /* the edit open, of the tab's view */
	char edit_title[160];
	char edit[32]; /* the text being edited */
	char question[256];
	bool help;    /* the help screen is open */
	bool chart;   /* the selected row's history under the table */
	bool detail;  /* the selected row's every field is shown */
	int pane_top; /* the help's or the detail's first line shown */
	int page;     /* table rows on screen */
	double delay; /* seconds */
	bool colors;
	unsigned text_flags; /* SAN_WIDE or SAN_ASCII: what the locale shows */
	struct sbuf scratch;
	/* keys typed during a read that must wait for its end */
	int pending[256];
	size_t npending;
	bool reading;
	int empty_reads; /* readable input without a key, in a row */
	struct replay_session *replay; /* --replay: the recording shown */
	/* Enter took the screen from tab back_from to tab back_to (filtered
	 * to the row): Escape there comes back */
	bool back;
	size_t back_from, back_to;
};

struct key_binding {
	int key;	   /* curses key code */
	const char *label; /* as the help screen shows it */
	unsigned (*fn)(struct tui *t, struct tab *b, int key);
	const char *help;
};

static struct tab *cur_tab(struct tui *t)
{
	return &t->tabs[t->cur];
}

static const void *row_at(const struct tab *b, size_t i)
{
	return (const char *)b->rows.rows + b->idx[i] * b->rows.row_size;
}

/* Remember row i's identity: the selection follows it across refreshes
 * and re-sorting. */
static void select_row(struct tab *b, size_t i)
{
	table_row_id(b->table, row_at(b, i), &b->selected);
}

/* ---- the screen's keys ------------------------------------------------ */

static unsigned act_quit(struct tui *t, struct tab *b, int key)
{
	(void)t, (void)b, (void)key;
	return R_QUIT;
}

static unsigned act_refresh(struct tui *t, struct tab *b, int key)
{
	(void)t, (void)key;
	snprintf(b->message, sizeof(b->message), "refreshed");
	return R_REREAD;
}

static void set_sort(struct tab *b, int col)
{
	b->sort_col = col;
	b->sort_desc = !(b->table->cols[col].flags & COL_ASC);
}

/* A sort letter of the tab's table. */
static unsigned act_sort_letter(struct tui *t, struct tab *b, int key)
{
	int col = table_find_letter(b->table, (char)key);

	(void)t;
	if (col < 0)
		return R_NONE;
	set_sort(b, col);
	return R_REBUILD;
}

static unsigned act_sort_delta(struct tui *t, struct tab *b, int key)
{
	(void)t, (void)key;
	for (size_t i = 0; i < b->table->ncols; i++) {
		if (b->table->cols[i].flags & COL_DELTA) {
			set_sort(b, (int)i);
			return R_REBUILD;
		}
	}
	snprintf(b->message, sizeof(b->message),
		 "this table has no delta column");
	return R_REDRAW;
}

/* A column of the tab's table on screen (its deltas always). */
static bool shown(const struct tab *b, const struct column *c)
{
	return out_col_shown(&b->rows, c, true);
}

static unsigned act_sort_move(struct tui *t, struct tab *b, int key)
{
	int n = (int)b->table->ncols, c = b->sort_col;
	int step = key == '<' ? -1 : 1;

	(void)t;
	for (int i = 0; i < n; i++) {
		c = (c + step + n) % n;
		if (shown(b, &b->table->cols[c]))
			break;
	}
	set_sort(b, c);
	return R_REBUILD;
}

static unsigned act_reverse(struct tui *t, struct tab *b, int key)
{
	(void)t, (void)key;
	b->sort_desc = !b->sort_desc;
	return R_REBUILD;
}

static unsigned act_filter(struct tui *t, struct tab *b, int key)
{
	(void)b, (void)key;
	t->prompt = true;
	return R_REDRAW;
}

static void layout(struct tui *t, struct tab *b);

/* , and .: the columns that did not fit come in from the right as
 * those on the left go (the name column stays) */
static unsigned act_hscroll(struct tui *t, struct tab *b, int key)
{
	layout(t, b);
	if (key == '.' && b->nright)
		b->hscroll = b->nleft + 1;
	else if (key == ',' && b->nleft)
		b->hscroll = b->nleft - 1;
	else
		snprintf(b->message, sizeof(b->message),
			 "no more columns to the %s",
			 key == '.' ? "right" : "left");
	return R_REDRAW;
}

static unsigned switch_to(struct tui *t, size_t tab);

static unsigned act_clear_filter(struct tui *t, struct tab *b, int key)
{
	unsigned redo = R_REBUILD;

	(void)key;
	snprintf(b->message, sizeof(b->message), "%s",
		 b->filter[0] ? "filter cleared" : "no filter to clear");
	b->filter[0] = '\0';
	if (b->view->restrict_to) /* what Enter restricted the view to */
		redo |= b->view->restrict_to(b->st, NULL);
	if (t->back && t->cur == t->back_to) {
		/* back to the row Enter came from */
		t->back = false;
		b->message[0] = '\0';
		return switch_to(t, t->back_from);
	}
	return redo;
}

/* The view's edit bound to key, or NULL. */
static const struct view_edit *find_edit(const struct view *v, int key)
{
	for (size_t i = 0; i < v->nedits; i++)
		if (v->edits[i].key == key)
			return &v->edits[i];
	return NULL;
}

static unsigned act_edit(struct tui *t, struct tab *b, int key)
{
	const struct view_edit *e = find_edit(b->view, key);

	if (!e)
		return R_NONE;
	if (!e->begin(b->st, &t->env, b->nidx ? row_at(b, b->sel) : NULL,
		      t->edit_title, sizeof(t->edit_title), t->edit,
		      sizeof(t->edit), b->message, sizeof(b->message)))
		return R_REDRAW;
	t->edit_op = e;
	if (!e->typed) { /* straight to the confirmation */
		t->confirming = e->check(b->st, "", t->question,
					 sizeof(t->question), b->message,
					 sizeof(b->message));
		if (!t->confirming) {
			e->end(b->st);
			return R_REBUILD; /* done without a question */
		}
		return R_REDRAW;
	}
	t->editing = true;
	t->edit_fresh = true;
	return R_REDRAW;
}

static unsigned act_move(struct tui *t, struct tab *b, int key)
{
	size_t page = t->page > 1 ? (size_t)t->page - 1 : 1;

	if (!b->nidx)
		return R_NONE;
	switch (key) {
	case KEY_UP:
		if (b->sel > 0)
			b->sel--;
		break;
	case KEY_DOWN:
		if (b->sel + 1 < b->nidx)
			b->sel++;
		break;
	case KEY_PPAGE:
		b->sel = b->sel > page ? b->sel - page : 0;
		break;
	case KEY_NPAGE:
		b->sel = b->sel + page < b->nidx ? b->sel + page : b->nidx - 1;
		break;
	case KEY_HOME:
		b->sel = 0;
		break;
	case KEY_END:
		b->sel = b->nidx - 1;
		break;
	}
	/* a selection on the first row stays on the first row: the top of
	 * the sort order is what a user watches until they pick a row */
	b->follow = b->sel != 0;
	select_row(b, b->sel);
	return R_REDRAW;
}

static unsigned act_detail(struct tui *t, struct tab *b, int key)
{
	(void)key;
	struct view_target to = { 0 };

	if (!b->nidx) {
		snprintf(b->message, sizeof(b->message), "no row to show");
		return R_REDRAW;
	}
	to.rs = &b->rs; /* what the row is: its changes as shown */
	to.row = b->idx[b->sel];
	if (b->view->enter && b->view->enter(b->st, row_at(b, b->sel), &to)) {
		for (size_t i = 0; i < t->ntabs; i++)
			if (t->tabs[i].view == to.view) {
				struct tab *d = &t->tabs[i];
				int col;
				bool desc;
				if (d->view->restrict_to) {
					d->view->restrict_to(d->st,
							     to.arg[0] ? to.arg
								       : NULL);
					d->filter[0] = '\0';
				} else {
					snprintf(d->filter, sizeof(d->filter),
						 "%s", to.arg);
				}
				/* a tab not shown yet sorts its first
				 * table (check_table keeps it) */
				if (to.sort && !d->table && d->view->ntables)
					d->table = d->view->tables[0];
				if (to.sort && d->table &&
				    !view_sort_key(d->table, to.sort, &col,
						   &desc)) {
					d->sort_col = col;
					d->sort_desc = desc;
				}
				snprintf(d->message, sizeof(d->message),
					 "Escape: back to the %s view",
					 b->view->name);
				t->back = true;
				t->back_from = t->cur;
				t->back_to = i;
				return switch_to(t, i);
			}
	}
	t->detail = true;
	t->pane_top = 0;
	return R_REDRAW;
}

static unsigned act_chart(struct tui *t, struct tab *b, int key)
{
	(void)key;
	t->chart = !t->chart;
	snprintf(b->message, sizeof(b->message), "%s",
		 t->chart ? "chart of the selected row's main value"
			  : "chart closed");
	return R_REDRAW;
}

static unsigned act_help(struct tui *t, struct tab *b, int key)
{
	(void)b, (void)key;
	t->help = true;
	t->pane_top = 0;
	return R_REDRAW;
}

/* seconds: + doubles the delay up to the longest -d accepts; - halves it
 * down to DELAY_MIN, and leaves a shorter one given with -d as it is */
#define DELAY_MIN 0.1
#define DELAY_MAX 86400.0

static unsigned act_delay(struct tui *t, struct tab *b, int key)
{
	if (key == '+')
		t->delay = t->delay * 2 < DELAY_MAX ? t->delay * 2 : DELAY_MAX;
	else if (t->delay / 2 >= DELAY_MIN)
		t->delay /= 2;
	else if (t->delay > DELAY_MIN)
		t->delay = DELAY_MIN;
	snprintf(b->message, sizeof(b->message), "refresh every %gs", t->delay);
	return R_REDRAW;
}

static unsigned switch_to(struct tui *t, size_t tab)
{
	t->cur = tab;
	/* read now: a view shown again must not show what it read when it
	 * was left (its deltas span the time it was hidden) */
	return R_REREAD;
}

static unsigned act_next_view(struct tui *t, struct tab *b, int key)
{
	(void)b, (void)key;
	return switch_to(t, (t->cur + 1) % t->ntabs);
}

static unsigned act_delta_mode(struct tui *t, struct tab *b, int key)
{
	struct sbuf m = { 0 };

	(void)t, (void)key;
	rowset_set_mode(&b->rs, (b->rs.mode + 1) % DELTA_MODE_COUNT);
	rowset_describe(&b->rs, &m);
	snprintf(b->message, sizeof(b->message), "deltas: %s", m.s);
	sbuf_free(&m);
	return R_REBUILD;
}

/* z means now: the baseline is a reading taken at once, not the last
 * one (which can be a refresh interval old); in a replay, the snapshot
 * shown. */
static unsigned act_reset_base(struct tui *t, struct tab *b, int key)
{
	(void)key;
	rowset_reset_base(&b->rs);
	snprintf(b->message, sizeof(b->message), "%s",
		 t->replay ? "baseline: the snapshot shown"
			   : "baseline: a reading taken now");
	return R_REREAD;
}

/* Sizes in human units on the screen, or in K as slabtop shows them. */
static unsigned act_units(struct tui *t, struct tab *b, int key)
{
	(void)key;
	t->human = !t->human;
	snprintf(b->message, sizeof(b->message), "%s",
		 t->human ? "sizes: B K M G T" : "sizes: K, as slabtop");
	return R_REDRAW;
}

/* The delta keys of every tab whose view has none of its own. */
static const struct key_binding delta_keys[] = {
	{ 'd', "d", act_delta_mode,
	  "delta mode: since last refresh, since baseline, per second" },
	{ 'z', "z", act_reset_base,
	  "baseline: take a reading now; \"since baseline\" deltas start from it" },
};

/* The keys of every tab. The number keys (a view each), the views' own
 * keys and the sort letters of the tab's table come from the registry. */
static const struct key_binding keys[] = {
	{ 'q', "q", act_quit, "quit" },
	{ ' ', "Space", act_refresh, "refresh now" },
	{ '\t', "Tab", act_next_view, "next view" },
	{ 'D', "D", act_sort_delta,
	  "sort by the first delta column: growing on top" },
	{ '<', "<", act_sort_move, "sort by the column to the left" },
	{ '>', ">", act_sort_move, "sort by the column to the right" },
	{ '.', ".", act_hscroll,
	  "scroll the columns: those that did not fit come in from the right (the name stays)" },
	{ ',', ",", act_hscroll, "scroll the columns back to the left" },
	{ 'r', "r", act_reverse, "reverse the sort order" },
	{ '/', "/", act_filter,
	  "filter by name (Enter keeps it, Escape clears it)" },
	{ KEY_ESC, "Escape", act_clear_filter, "clear the filter" },
	{ KEY_UP, "Up", act_move, "select the previous row" },
	{ KEY_DOWN, "Down", act_move, "select the next row" },
	{ KEY_PPAGE, "PgUp", act_move, "one page up" },
	{ KEY_NPAGE, "PgDn", act_move, "one page down" },
	{ KEY_HOME, "Home", act_move, "first row" },
	{ KEY_END, "End", act_move, "last row" },
	{ '+', "+", act_delay, "refresh less often (longer delay)" },
	{ '-', "-", act_delay, "refresh more often (shorter delay)" },
	{ 'B', "B", act_units,
	  "sizes in B, K, M, G, T (again: in K, as slabtop)" },
	{ 'H', "H", act_chart,
	  "chart of the selected row's main value over time (again: close)" },
	{ '\n', "Enter", act_detail,
	  "every field of the selected row (Enter or Escape closes it)" },
	{ '?', "?", act_help, "this help (any key closes it)" },
	{ 'h', "h", act_help, "this help" },
};

/* Keys that work on the rows shown while a read goes on: moving, sorting,
 * filtering, help. */
static bool mid_read(const struct key_binding *k)
{
	return k->fn == act_move || k->fn == act_sort_letter ||
	       k->fn == act_sort_delta || k->fn == act_sort_move ||
	       k->fn == act_reverse || k->fn == act_help ||
	       k->fn == act_detail || k->fn == act_filter ||
	       k->fn == act_hscroll || k->fn == act_chart ||
	       k->fn == act_clear_filter || k->fn == act_units;
}

/* A line of the help screen or of --list-keys: label, help, where. */
typedef void (*key_line_fn)(void *ctx, const char *label, const char *help,
			    const char *where);

/* The sort letters of table t as key lines. */
static void letter_lines(const struct table *t, const char *where,
			 key_line_fn fn, void *ctx)
{
	for (size_t i = 0; i < t->ncols; i++) {
		const struct column *c = &t->cols[i];
		char label[2] = { c->letter, 0 }, help[256];
		if (!c->letter)
			continue;
		snprintf(help, sizeof(help), "sort by %s: %s", c->title,
			 c->help);
		fn(ctx, label, help, where);
	}
}

/* Every key of a tab of view v with table t (NULL: every table of v):
 * the screen's, the view numbers, the view's own, its sort letters. */
static void view_key_lines(const struct view *v, const struct table *t,
			   key_line_fn fn, void *ctx)
{
	for (size_t i = 0; i < v->nedits; i++)
		fn(ctx, v->edits[i].label, v->edits[i].help, v->name);
	for (size_t i = 0; i < v->nkeys; i++)
		fn(ctx, v->keys[i].label, v->keys[i].help, v->name);
	if (t) {
		letter_lines(t, v->name, fn, ctx);
		return;
	}
	/* each letter once, though several tables have it */
	for (size_t k = 0; k < v->ntables; k++) {
		const struct table *tk = v->tables[k];
		for (size_t i = 0; i < tk->ncols; i++) {
			const struct column *c = &tk->cols[i];
			bool seen = false;
			char label[2] = { c->letter, 0 }, help[256];
			for (size_t j = 0; j < k && !seen; j++)
				seen = table_find_letter(v->tables[j],
							 c->letter) >= 0;
			if (!c->letter || seen)
				continue;
			snprintf(help, sizeof(help), "sort by %s: %s", c->title,
				 c->help);
			fn(ctx, label, help, v->name);
		}
	}
}

static void common_key_lines(key_line_fn fn, void *ctx)
{
	char label[8], help[128];

	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		fn(ctx, keys[i].label, keys[i].help, "all");
	for (size_t i = 0; i < ARRAY_SIZE(delta_keys); i++)
		fn(ctx, delta_keys[i].label, delta_keys[i].help, "all");
	for (size_t i = 0; i < nviews && i < 9; i++) {
		snprintf(label, sizeof(label), "%zu", i + 1);
		snprintf(help, sizeof(help), "the %s view", views[i]->what);
		fn(ctx, label, help, "all");
	}
}

static void print_key_line(void *ctx, const char *label, const char *help,
			   const char *where)
{
	fprintf(ctx, "%s\t%s\t%s\n", label, help, where);
}

void tui_list_keys(FILE *f)
{
	common_key_lines(print_key_line, f);
	for (size_t i = 0; i < nviews; i++)
		view_key_lines(views[i], NULL, print_key_line, f);
	/* a replay's tabs have keys of their own (moving through time) */
	for (size_t i = 0; i < nreplay_keys; i++)
		print_key_line(f, replay_keys[i].label, replay_keys[i].help,
			       "replay");
	print_key_line(f, replay_edits[0].label, replay_edits[0].help,
		       "replay");
}

/* The key binding ch has in tab b, in *tmp for a view's own key or a
 * sort letter; NULL when it has none. */
static const struct key_binding *find_key(const struct tui *t,
					  const struct tab *b, int ch,
					  struct key_binding *tmp)
{
	if (ch == 'Q')
		ch = 'q';
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		if (keys[i].key == ch)
			return &keys[i];
	if (ch >= '1' && ch <= '9' && (size_t)(ch - '1') < t->ntabs) {
		*tmp = (struct key_binding){ ch, "", NULL, "" };
		return tmp;
	}
	if (find_edit(b->view, ch)) {
		*tmp = (struct key_binding){ ch, "", act_edit, "" };
		return tmp;
	}
	for (size_t i = 0; i < b->view->nkeys; i++)
		if (b->view->keys[i].key == ch) {
			*tmp = (struct key_binding){ ch, b->view->keys[i].label,
						     NULL,
						     b->view->keys[i].help };
			return tmp;
		}
	if (ch > 0 && ch < 128 && table_find_letter(b->table, (char)ch) >= 0) {
		*tmp = (struct key_binding){ ch, "", act_sort_letter, "" };
		return tmp;
	}
	for (size_t i = 0; i < ARRAY_SIZE(delta_keys); i++)
		if (delta_keys[i].key == ch)
			return &delta_keys[i];
	return NULL;
}

/* ---- data ------------------------------------------------------------ */

static void read_tab(struct tui *t, struct tab *b)
{
	struct kerr err = { { 0 } };
	double mono = now_mono();

	t->env.refresh++;
	if (b->view->meminfo & VIEW_MI_SCREEN)
		view_env_meminfo(&t->env);
	if (b->view->read(b->st, &t->env, mono, &err)) {
		snprintf(b->error, sizeof(b->error), "%s", err.msg);
		return;
	}
	b->error[0] = '\0';
	view_rowset_update(b->view, b->st, &t->env, USE_SCREEN, &b->rs, mono,
			   now_wall());
}

static bool key_matches(const char *key, const char *filter)
{
	return !filter[0] || strcasestr(key, filter) != NULL;
}

/* The sort refers to a column table; when the tab's table changed (the
 * vmalloc grouping), take the new table's default sort, or the -s key
 * given for the view the screen opened with. */
static void check_table(struct tui *t, struct tab *b)
{
	const struct options *o = t->env.opt;

	const struct table *was = b->table;
	int keep;

	if (b->table == b->rows.table)
		return;
	b->table = b->rows.table;
	/* a table of the same columns and more (the slab view's with its
	 * waste columns) keeps the sort the user chose */
	keep = was ? table_find_key(b->table, was->cols[b->sort_col].key) : -1;
	if (keep >= 0) {
		b->sort_col = keep;
		return;
	}
	view_sort_default(b->table, &b->sort_col, &b->sort_desc);
	if (o->sort_key && b == &t->tabs[t->first])
		view_sort_key(b->table, o->sort_key, &b->sort_col,
			      &b->sort_desc);
	b->top = 0;
}

/* The costly values of shown row i, read now if the view has any. */
static void fetch(struct tui *t, struct tab *b, size_t i)
{
	if (b->view->fetch)
		b->view->fetch(b->st, &t->env, b->idx[i]);
}

/* The value of column c of row i (an index into b->rows) as the screen
 * shows it: the view's own text for its name column. */
static void screen_value(const struct tab *b, const struct column *c, size_t i,
			 struct value *out)
{
	const void *row = (const char *)b->rows.rows + i * b->rows.row_size;

	if (!(c->flags & COL_NAME) || !b->view->screen_name ||
	    !b->view->screen_name(row, out))
		out_value(&b->rows, c, i, out);
}

/* Column c has no value (or empty text) in any row but the totals: one
 * read with the rows (not COL_LAZY), not a change (blank until a second
 * reading), not the name. */
static bool col_empty(const struct tab *b, const struct column *c)
{
	struct value v;

	if ((c->flags & (COL_LAZY | COL_DELTA | COL_NAME)) ||
	    b->rows.nrows <= b->rows.ntotals)
		return false;
	for (size_t i = b->rows.ntotals; i < b->rows.nrows; i++) {
		out_value(&b->rows, c, i, &v);
		if (v.kind != V_NONE && !(v.kind == V_STR && !*v.s))
			return false;
	}
	return true;
}

/* Rows whose name the layout measures: a million vmalloc areas are not
 * sanitized for it on every refresh. */
enum { NAME_SCAN = 4096 };

/* What the layout needs of the rows: the empty columns, and the cells
 * of the longest name of the rows shown. */
static void measure(struct tui *t, struct tab *b)
{
	const struct table *tb = b->table;

	xgrow((void **)&b->empty, &b->empty_cap, tb->ncols, sizeof(*b->empty));
	b->name_longest = 0;
	for (size_t k = 0; k < tb->ncols; k++)
		b->empty[k] = col_empty(b, &tb->cols[k]);
	/* the change of an empty column is empty too */
	for (size_t k = 0; k < tb->ncols; k++)
		for (size_t j = 0; tb->cols[k].delta_of && j < tb->ncols; j++)
			if (b->empty[j] && tb->cols[j].json &&
			    !strcmp(tb->cols[j].json, tb->cols[k].delta_of))
				b->empty[k] = true;
	for (size_t k = 0; k < tb->ncols; k++) {
		const struct column *c = &tb->cols[k];
		if (!(c->flags & COL_NAME) || c->fmt != F_TEXT)
			continue;
		for (size_t i = 0; i < b->nidx && i < NAME_SCAN; i++) {
			struct value v;
			int n;
			screen_value(b, c, b->idx[i], &v);
			if (v.kind != V_STR)
				continue;
			sbuf_reset(&t->scratch);
			n = (int)sanitize(&t->scratch, v.s, strlen(v.s),
					  t->text_flags);
			if (n > b->name_longest)
				b->name_longest = n;
		}
	}
}

static void rebuild(struct tui *t, struct tab *b)
{
	b->view->rows(b->st, USE_SCREEN, &b->rows);
	rowset_bind(&b->rs, b->rows.table, b->rows.rows, b->rows.nrows,
		    b->rows.row_size);
	b->rows.rs = &b->rs;
	check_table(t, b);
	xgrow((void **)&b->idx, &b->idx_cap, b->rows.nrows, sizeof(*b->idx));
	b->nidx = 0;
	for (size_t i = 0; i < b->rows.nrows; i++)
		if (key_matches(b->view->filter_key(
					b->st, (const char *)b->rows.rows +
						       i * b->rows.row_size),
				b->filter))
			b->idx[b->nidx++] = i;
	/* sorted by a value read per row: every row's is needed */
	for (size_t i = 0;
	     (b->table->cols[b->sort_col].flags & COL_LAZY) && i < b->nidx; i++)
		fetch(t, b, i);
	rowset_sort(&b->rs, &b->table->cols[b->sort_col], b->sort_desc,
		    b->idx, b->nidx);
	measure(t, b);

	/* the selection follows its row; if it is gone, the first row */
	b->sel = 0;
	for (size_t i = 0; b->follow && i < b->nidx; i++) {
		table_row_id(b->table, row_at(b, i), &t->scratch);
		if (t->scratch.len == b->selected.len &&
		    !memcmp(t->scratch.s, b->selected.s, t->scratch.len)) {
			b->sel = i;
			return;
		}
	}
	if (b->nidx)
		select_row(b, 0);
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
static int put_lines(struct tui *t, int y, const char *text, attr_t a, int max)
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

/* The view binds key itself. */
static bool has_own_key(const struct view *v, int key)
{
	for (size_t i = 0; i < v->nkeys; i++)
		if (v->keys[i].key == key)
			return true;
	return false;
}

static void draw_status(struct tui *t, struct tab *b, int y)
{
	struct sbuf s = { 0 }, note = { 0 };
	const struct column *c = &b->table->cols[b->sort_col];
	int x;

	if (t->confirming) {
		x = put(y, 0, t->question, A_BOLD);
		move(y, x < COLS ? x : COLS - 1);
		return;
	}
	if (t->editing) {
		/* the value as it was is selected: typing replaces it */
		sbuf_addf(&s, "%s: ", t->edit_title);
		x = put(y, 0, s.s, A_BOLD);
		x += put(y, x, t->edit, t->edit_fresh ? A_REVERSE : A_BOLD);
		if (b->message[0]) { /* why the value was refused */
			sbuf_reset(&s);
			sbuf_addf(&s, "  %s", b->message);
			put(y, x, s.s, A_NORMAL);
		}
		move(y, x < COLS ? x : COLS - 1);
		sbuf_free(&s);
		return;
	}
	if (t->prompt) {
		sbuf_addf(&s, "Filter: ");
		sanitize(&s, b->filter, strlen(b->filter), t->text_flags);
		x = put(y, 0, s.s, A_BOLD);
		move(y, x < COLS ? x : COLS - 1);
		sbuf_free(&s);
		return;
	}
	sbuf_addf(&s, "[%zu:%s] ", t->cur + 1, b->view->name);
	/* when the rows shown were read (a screenshot says when) */
	if (b->rs.have_cur && isfinite(b->rs.cur.wall) && b->rs.cur.wall > 0) {
		time_t w = (time_t)b->rs.cur.wall;
		struct tm tm;
		char hms[16];

		if (localtime_r(&w, &tm) &&
		    strftime(hms, sizeof(hms), "%H:%M:%S", &tm))
			sbuf_addf(&s, "%s ", hms);
	}
	/* what just happened comes first, before a long line is cut */
	if (b->message[0])
		sbuf_addf(&s, "%s | ", b->message);
	sbuf_addf(&s, "Sort: %s %s  ", c->title, b->sort_desc ? "desc" : "asc");
	if (b->nleft || b->nright)
		sbuf_addf(&s, "Columns: %zu off screen (, .)  ",
			  b->nleft + b->nright);
	b->view->status(b->st, &s);
	if (b->view->skipped(b->st, &note)) { /* a file's text: escaped */
		if (strcmp(s.s + s.len - 2, "  "))
			sbuf_add(&s, "  ", 2);
		sanitize(&s, note.s, note.len, t->text_flags);
	}
	sbuf_free(&note);
	if (!t->replay) /* a replay moves by its keys */
		sbuf_addf(&s, "  Every %gs", t->delay);
	if (b->filter[0]) {
		sbuf_addf(&s, "  Filter: ");
		sanitize(&s, b->filter, strlen(b->filter), t->text_flags);
		sbuf_addf(&s, " (%zu of %zu)", b->nidx, b->rows.nrows);
	}
	if (!has_own_key(b->view, 'd')) {
		sbuf_addf(&s, "  Deltas: ");
		rowset_describe(&b->rs, &s);
	}
	if (!b->message[0])
		sbuf_addf(&s, "  | ? help  Tab view  q quit");
	x = put(y, 0, s.s, A_BOLD);
	/* and where, at the right, where there is room (the name is
	 * untrusted text: escaped) */
	if (t->host.len) {
		struct sbuf h = { 0 };
		int w = (int)sanitize(&h, t->host.s, t->host.len,
				      t->text_flags);

		if (x + 2 + w <= COLS)
			put(y, COLS - w, h.s, A_BOLD);
		sbuf_free(&h);
	}
	sbuf_free(&s);
}

/* The name column keeps at least this many cells of its longest text
 * before any other column is shown. */
enum { NAME_CAP = 24 };

/* Which class of column goes first when the screen is narrow: changes
 * (blank until a second reading), then the columns a key asked for (the
 * slab view's waste), then the table's own, right to left. */
static int drop_class(const struct column *c)
{
	return c->flags & COL_DELTA ? 2 : c->flags & COL_EXTRA ? 1 : 0;
}

/* Choose the columns of the tab's table that fit the screen's width:
 * those shown and not empty; the first b->hscroll of them (but one)
 * scrolled off; the name column keeps min(its longest text, NAME_CAP)
 * cells and the others are dropped, by drop_class (the sort column
 * last), until the rest fits. */
static void layout(struct tui *t, struct tab *b)
{
	const struct table *tb = b->table;
	size_t nrest = 0, skip = b->hscroll;
	int need = 0, min = 0;

	(void)t;
	xgrow((void **)&b->off, &b->off_cap, tb->ncols, sizeof(*b->off));
	b->name_col = -1;
	for (size_t k = 0; k < tb->ncols; k++) {
		const struct column *c = &tb->cols[k];
		b->off[k] = !shown(b, c) ||
			    (k < b->empty_cap && b->empty && b->empty[k]);
		if (b->off[k])
			continue;
		if ((c->flags & COL_NAME) && b->name_col < 0)
			b->name_col = (int)k;
		else
			nrest++;
	}
	b->nleft = 0;
	for (size_t k = 0; k < tb->ncols && skip && nrest > 1; k++) {
		if (b->off[k] || (int)k == b->name_col)
			continue;
		b->off[k] = true;
		b->nleft++, skip--, nrest--;
	}
	if (b->name_col >= 0) {
		const struct column *c = &tb->cols[b->name_col];
		min = b->name_longest < NAME_CAP ? b->name_longest : NAME_CAP;
		if (min < (int)strlen(c->title))
			min = (int)strlen(c->title);
		need = min;
	}
	for (size_t k = 0; k < tb->ncols; k++)
		if (!b->off[k] && (int)k != b->name_col)
			need += col_cells(&tb->cols[k]) + (need ? 1 : 0);
	if (b->name_col >= 0 && nrest)
		need++; /* the name's separator */
	b->nright = 0;
	while (need > COLS) {
		int v = -1;
		/* the sort column last: what the rows are ranked by (the
		 * cgroup link's SOCKS) stays in sight */
		for (size_t k = 0; k < tb->ncols; k++)
			if (!b->off[k] && (int)k != b->name_col &&
			    (int)k != b->sort_col &&
			    (v < 0 || drop_class(&tb->cols[k]) >=
					      drop_class(&tb->cols[v])))
				v = (int)k;
		if (v < 0 && b->sort_col != b->name_col && !b->off[b->sort_col])
			v = b->sort_col;
		if (v < 0)
			break;
		b->off[v] = true;
		need -= col_cells(&tb->cols[v]) + 1;
		b->nright++;
	}
	/* what the line leaves, up to the longest name */
	b->name_cells = min + (COLS > need ? COLS - need : 0);
	if (b->name_cells > b->name_longest)
		b->name_cells = b->name_longest > min ? b->name_longest : min;
}

/* Column k is the last drawn: text there takes the rest of the line. */
static bool last_drawn(const struct tab *b, size_t k)
{
	for (size_t j = k + 1; j < b->table->ncols; j++)
		if (!b->off[j])
			return false;
	return true;
}

static void draw_header(struct tui *t, struct tab *b, int y)
{
	struct sbuf s = { 0 };
	bool first = true;

	for (size_t i = 0; i < b->table->ncols; i++) {
		const struct column *c = &b->table->cols[i];
		if (b->off[i])
			continue;
		if (!first)
			sbuf_addc(&s, ' ');
		first = false;
		if ((int)i != b->name_col || last_drawn(b, i)) {
			col_header(c, &s);
			continue;
		}
		sbuf_addf(&s, "%-*s", b->name_cells, c->title);
	}
	while ((int)s.len < COLS)
		sbuf_addc(&s, ' ');
	put(y, 0, s.s, A_REVERSE | pair(t, CP_HEADER));
	sbuf_free(&s);
}

/* Row i of the view's rows (an index into b->rows). */
static void draw_row(struct tui *t, struct tab *b, int y, size_t i,
		     bool selected)
{
	struct sbuf s = { 0 };
	int x = 0;

	for (size_t k = 0; k < b->table->ncols && x < COLS; k++) {
		const struct column *c = &b->table->cols[k];
		struct value val;
		attr_t a = 0;

		if (b->off[k])
			continue;
		if (x > 0)
			put(y, x++, " ", selected ? A_REVERSE : 0);
		sbuf_reset(&s);
		screen_value(b, c, i, &val);
		if ((int)k == b->name_col && val.kind == V_STR) {
			/* shortened in the middle, never to a start that
			 * rows share */
			bool last = last_drawn(b, k);
			size_t n = sanitize_middle(
				&s, val.s, strlen(val.s), t->text_flags,
				(size_t)(last ? COLS - x : b->name_cells));
			while (!last && n++ < (size_t)b->name_cells)
				sbuf_addc(&s, ' ');
		} else {
			col_format(c, &val, &s, c->fmt == F_TEXT ? COLS - x : 0,
				   t->text_flags |
					   (t->human ? CELL_HUMAN : 0));
		}
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
		x += put(y, x, s.s, a);
	}
	if (rowset_is_new(&b->rs, i) && x < COLS)
		x += put(y, x, " (new)",
			 selected ? A_REVERSE : pair(t, CP_NEW) | A_BOLD);
	for (size_t k = 0; k < b->table->ncols && x < COLS; k++) {
		const struct column *c = &b->table->cols[k];
		char mark[64];

		if (!(c->flags & COL_ALERT) || !rowset_rose(&b->rs, c, i))
			continue;
		snprintf(mark, sizeof(mark), " (%s rose)", c->title);
		x += put(y, x, mark,
			 selected ? A_REVERSE : pair(t, CP_NEW) | A_BOLD);
	}
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
	sbuf_free(&s);
}

static void help_line(void *ctx, const char *label, const char *help,
		      const char *where)
{
	(void)where;
	sbuf_addf(ctx, "  %-8s %s\n", label, help);
}

/* A pane of text under a bold title line, from line *top on (kept
 * within the text): the help and the detail of a row. */
static void draw_pane(struct tui *t, const char *title, const char *text,
		      int *top)
{
	int n = count_lines(text), room = LINES - 2;

	erase();
	put(0, 0, title, A_BOLD);
	if (*top > n - room)
		*top = n - room;
	if (*top < 0)
		*top = 0;
	for (int k = 0; k < *top && *text; k++) {
		text = strchr(text, '\n');
		text = text ? text + 1 : "";
	}
	put_lines(t, 2, text, 0, room);
	refresh();
}

/* The keys of the tab's view first (they are what differs), then the
 * screen's. */
static void draw_help(struct tui *t)
{
	struct tab *b = cur_tab(t);
	struct sbuf text = { 0 };
	char title[256];

	snprintf(
		title, sizeof(title),
		"kmemtop - keys in the %s view (PgUp and PgDn scroll, any other key closes this help)",
		b->view->name);
	view_key_lines(b->view, b->table, help_line, &text);
	common_key_lines(help_line, &text);
	sbuf_addf(
		&text,
		"\nRows that appeared since the baseline are marked (new). See kmemtop(1).\n\n%s",
		b->view->help_note ? b->view->help_note : "");
	draw_pane(t, title, text.s, &t->pane_top);
	sbuf_free(&text);
}

/* The detail pane's changes of the selected row: each column a delta
 * column is the change of, then and now, in the tab's delta mode. */
static void detail_changes(struct tui *t, struct tab *b, struct sbuf *text)
{
	size_t i = b->idx[b->sel];
	struct sbuf words = { 0 }, a = { 0 }, n = { 0 };
	bool any = false;

	if (b->rows.rs != &b->rs)
		return;
	rowset_describe(&b->rs, &words);
	for (size_t k = 0; k < b->table->ncols; k++) {
		const struct column *c = &b->table->cols[k];
		int src;
		struct value then, now, d;

		if (!(c->flags & COL_DELTA) || c->get || !c->delta_of)
			continue;
		src = -1;
		for (size_t x = 0; x < b->table->ncols && src < 0; x++)
			if (!strcmp(b->table->cols[x].json, c->delta_of) &&
			    !(b->table->cols[x].flags & COL_DELTA))
				src = (int)x;
		if (src < 0)
			continue;
		if (!any)
			sbuf_addf(text, "\nChanges %s:\n", words.s);
		any = true;
		if (!rowset_then(&b->rs, &b->table->cols[src], i, &then)) {
			sbuf_addf(text, "  %-16s (no earlier reading of this row)\n",
				  b->table->cols[src].title);
			continue;
		}
		col_get(&b->table->cols[src], row_at(b, b->sel), &now);
		rowset_value(&b->rs, c, i, &d);
		sbuf_reset(&a);
		sbuf_reset(&n);
		col_format(&b->table->cols[src], &then, &a, 0, t->text_flags);
		col_format(&b->table->cols[src], &now, &n, 0, t->text_flags);
		sbuf_addf(text, "  %-16s %s -> %s  (", b->table->cols[src].title,
			  a.s + strspn(a.s, " "), n.s + strspn(n.s, " "));
		sbuf_reset(&a);
		col_format(c, &d, &a, 0, t->text_flags);
		sbuf_addf(text, "%s)\n", a.s + strspn(a.s, " "));
	}
	sbuf_free(&words);
	sbuf_free(&a);
	sbuf_free(&n);
}

/* The selected row, field by field: every column of the table JSON
 * writes (the hidden ones too), a list's items joined, then what the
 * view adds (view detail). It follows the row through refreshes; Up and
 * Down move to the next, PgUp and PgDn scroll. */
static void draw_detail(struct tui *t)
{
	struct tab *b = cur_tab(t);
	struct sbuf v = { 0 }, text = { 0 };
	const struct table *tbl = b->table;
	struct out_table all;
	const void *row;
	static const char title[] =
		"The selected row (Enter or Escape closes; Up and Down move; PgUp and PgDn scroll)";

	if (!b->nidx) {
		draw_pane(t, title, "no row", &t->pane_top);
		return;
	}
	fetch(t, b, b->sel);
	row = row_at(b, b->sel);
	/* the table JSON writes has every field (the screen's may leave
	 * some out), over the same rows */
	b->view->rows(b->st, USE_JSON, &all);
	if (all.rows == b->rows.rows && all.row_size == b->rows.row_size)
		tbl = all.table;
	for (size_t i = 0; i < tbl->ncols; i++) {
		const struct column *c = &tbl->cols[i];
		struct value val;
		const char *p;

		bool twin = false;

		/* a field for JSON alone that a shown column already says */
		for (size_t j = 0; j < i && (c->flags & COL_HIDDEN); j++)
			twin = twin || !strcmp(tbl->cols[j].json, c->json);
		if (tbl == b->table)
			out_value(&b->rows, c, b->idx[b->sel], &val);
		else
			col_get(c, row, &val);
		if (val.kind == V_NONE || twin)
			continue;
		sbuf_reset(&v);
		if (c->fmt == F_RENDER && c->list_sep) {
			/* a list: its items joined with " > " */
			struct sbuf raw = { 0 };
			const char *e;
			c->render(&val, &raw);
			for (p = raw.s; p && *p; p = *e ? e + 1 : e) {
				e = strchr(p, c->list_sep);
				if (!e)
					e = p + strlen(p);
				if (p != raw.s)
					sbuf_add(&v, " > ", 3);
				sanitize(&v, p, (size_t)(e - p), t->text_flags);
			}
			sbuf_free(&raw);
		} else {
			col_format(c, &val, &v, 0, t->text_flags);
		}
		for (p = v.s ? v.s : ""; *p == ' '; p++)
			;
		sbuf_addf(&text, "  %-16s %s\n", c->title, p);
	}
	if (b->view->detail) {
		sbuf_reset(&v);
		b->view->detail(b->st, &t->env, row, &v);
		/* the view's text is untrusted: put_lines sanitizes it */
		sbuf_addc(&text, '\n');
		sbuf_add(&text, v.s ? v.s : "", v.len);
	}
	detail_changes(t, b, &text);
	draw_pane(t, title, text.s ? text.s : "", &t->pane_top);
	sbuf_free(&v);
	sbuf_free(&text);
}

/* Top to bottom: the summary, errors, the status line, the header and
 * the rows. A short terminal shrinks the summary first, then the errors:
 * the status line and one row stay as long as there are two lines. */
enum { CHART_LINES = 10 }; /* the chart pane: a title, the plot, the span */

/* The column of a tab's table holding its view's main value, or -1. */
static int main_col(const struct tab *b)
{
	for (size_t i = 0; b->view->main_value && i < b->table->ncols; i++)
		if (!strcmp(b->table->cols[i].json, b->view->main_value) &&
		    !(b->table->cols[i].flags & COL_DELTA))
			return (int)i;
	return -1;
}

static bool as_double(const struct value *v, double *out)
{
	switch (v->kind) {
	case V_U64:
		*out = (double)v->u;
		return true;
	case V_I64:
		*out = (double)v->i;
		return true;
	case V_F64:
		*out = v->f;
		return true;
	default:
		return false;
	}
}

/* Live: every row's main value at this read, for the chart. */
static void remember(struct tui *t, struct tab *b)
{
	int c = main_col(b);

	if (b->view->series || c < 0)
		return;
	history_begin(&b->hist, now_wall());
	for (size_t i = 0; i < b->rows.nrows; i++) {
		const void *row =
			(const char *)b->rows.rows + i * b->rows.row_size;
		struct value v;
		double x;
		col_get(&b->table->cols[c], row, &v);
		if (!as_double(&v, &x))
			continue;
		table_row_id(b->table, row, &t->scratch);
		history_set(&b->hist, t->scratch.s ? t->scratch.s : "",
			    t->scratch.len, x);
	}
}

/* The chart pane: the selected row's main value over time. */
static void draw_chart(struct tui *t, struct tab *b, int y, int height)
{
	double ts[HISTORY_POINTS > 1000 ? HISTORY_POINTS : 1000],
		vs[HISTORY_POINTS > 1000 ? HISTORY_POINTS : 1000];
	struct sbuf s = { 0 }, name = { 0 };
	size_t n = 0;
	int c = main_col(b);
	const void *row = b->nidx ? row_at(b, b->sel) : NULL;

	if (row && b->view->series)
		n = b->view->series(b->st, row, ts, vs, ARRAY_SIZE(ts));
	else if (row) {
		table_row_id(b->table, row, &t->scratch);
		n = history_get(&b->hist, t->scratch.s ? t->scratch.s : "",
				t->scratch.len, ts, vs);
	}
	if (row)
		table_row_id(b->table, row, &name);
	for (size_t i = 0; i < name.len; i++)
		if (name.s[i] == '\x1f')
			name.s[i] = ' ';
	sbuf_addf(&s, "History of %s: ",
		  c >= 0 ? b->table->cols[c].title : "(no main value)");
	sanitize(&s, name.s ? name.s : "", name.len, t->text_flags);
	if (b->hist.full && !b->view->series)
		sbuf_addf(&s, "  (%d rows kept; newer ones are not)",
			  HISTORY_ROWS);
	put(y, 0, s.s, A_BOLD);
	sbuf_reset(&s);
	chart_text(ts, vs, n, COLS, height - 2, t->text_flags == SAN_WIDE,
		   b->view->main_bytes, &s);
	put_lines(t, y + 1, s.s ? s.s : "", 0, height - 1);
	sbuf_free(&s);
	sbuf_free(&name);
}

static void draw(struct tui *t)
{
	struct tab *b = cur_tab(t);
	struct sbuf s = { 0 };
	int y, status_y, nsum, nerr, room;

	if (t->help) {
		draw_help(t);
		return;
	}
	if (t->detail) {
		draw_detail(t);
		return;
	}
	erase();
	layout(t, b);
	b->view->summary(b->st, &t->env, USE_SCREEN, &b->rs, &s);
	nsum = count_lines(s.s);
	nerr = b->error[0] ? count_lines(b->error) : 0;
	room = LINES - 3; /* status, header, a row */
	if (LINES < 3)
		room = 0;
	if (nerr > room)
		nerr = room;
	if (nsum > room - nerr)
		nsum = room - nerr;
	y = put_lines(t, 0, s.s, 0, nsum);
	sbuf_free(&s);
	if (nerr)
		y = put_lines(t, y, b->error, pair(t, CP_ERROR) | A_BOLD, nerr);
	status_y = y++;
	/* with two lines, no header: the status line and a row */
	if (LINES >= 3)
		draw_header(t, b, y++);
	t->page = LINES - y;
	/* the chart takes the bottom lines while the table keeps some */
	if (t->chart && t->page >= CHART_LINES + 3) {
		t->page -= CHART_LINES;
		draw_chart(t, b, LINES - CHART_LINES, CHART_LINES);
	}
	if (t->page < 0)
		t->page = 0;

	/* keep the selection on screen, and the screen full while there are
	 * rows to show: after the rows shrank (U, a filter, a refresh) or
	 * the page grew (a resize), no blank lines below the last row */
	if (b->sel < b->top)
		b->top = b->sel;
	if (t->page > 0 && b->sel >= b->top + (size_t)t->page)
		b->top = b->sel - (size_t)t->page + 1;
	if (b->top + (size_t)t->page > b->nidx)
		b->top = b->nidx > (size_t)t->page ? b->nidx - (size_t)t->page
						   : 0;
	for (int i = 0; i < t->page && b->top + (size_t)i < b->nidx; i++) {
		size_t k = b->top + (size_t)i;
		fetch(t, b, k);
		draw_row(t, b, y + i, b->idx[k], k == b->sel);
	}
	draw_status(t, b, status_y); /* last: it places the cursor */
	curs_set(t->prompt || t->editing || t->confirming ? 1 : 0);
	refresh();
}

/* ---- input ----------------------------------------------------------- */

/* One key for a one-line prompt (Backspace, Ctrl-U clears, printable
 * ASCII appends): what became of the line. */
enum line_result { LINE_NONE, LINE_CHANGED, LINE_ENTER, LINE_ESCAPE };

static bool is_erase(int ch)
{
	return ch == KEY_BACKSPACE || ch == KEY_DEL || ch == KEY_CTRL_H;
}

static enum line_result line_edit(char *buf, size_t size, int ch)
{
	size_t n = strlen(buf);

	if (ch == KEY_ESC)
		return LINE_ESCAPE;
	if (ch == '\n' || ch == '\r' || ch == KEY_ENTER)
		return LINE_ENTER;
	if (is_erase(ch)) {
		if (n)
			buf[n - 1] = '\0';
		return LINE_CHANGED;
	}
	if (ch == KEY_CTRL_U) {
		buf[0] = '\0';
		return LINE_CHANGED;
	}
	if (ch < 0x20 || ch >= 0x7f || n + 1 >= size)
		return LINE_NONE;
	buf[n] = (char)ch;
	buf[n + 1] = '\0';
	return LINE_CHANGED;
}

/* The filter prompt: incremental; Enter keeps it, Escape clears it. */
static unsigned prompt_key(struct tui *t, struct tab *b, int ch)
{
	switch (line_edit(b->filter, sizeof(b->filter), ch)) {
	case LINE_ESCAPE:
		b->filter[0] = '\0';
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

static void edit_done(struct tui *t, struct tab *b)
{
	t->editing = t->confirming = false;
	t->edit_op->end(b->st);
}

/* The edit prompt ('e'): the value shown is selected, so the first key
 * that edits replaces it (Backspace and Ctrl-U clear it); Enter hands
 * the line to the view, which asks for a confirmation; Escape cancels. */
static unsigned edit_key(struct tui *t, struct tab *b, int ch)
{
	if (t->edit_fresh && ch != '\n' && ch != '\r' && ch != KEY_ENTER &&
	    ch != KEY_ESC) {
		t->edit[0] = '\0';
		t->edit_fresh = false;
		b->message[0] = '\0'; /* a refusal was of the text before */
		if (is_erase(ch) || ch == KEY_CTRL_U)
			return R_REDRAW;
	}
	switch (line_edit(t->edit, sizeof(t->edit), ch)) {
	case LINE_ESCAPE:
		/* the edit alone: the '/' filter stays */
		edit_done(t, b);
		snprintf(b->message, sizeof(b->message),
			 "edit cancelled; nothing changed");
		return R_REDRAW;
	case LINE_ENTER:
		if (t->edit_op->valid &&
		    !t->edit_op->valid(b->st, t->edit, b->message,
				       sizeof(b->message))) {
			/* refused: the prompt stays open with why, the value
			 * selected so that typing replaces it */
			t->edit_fresh = true;
			return R_REDRAW;
		}
		b->message[0] = '\0';
		t->editing = false;
		t->confirming = t->edit_op->check(b->st, t->edit, t->question,
						  sizeof(t->question),
						  b->message,
						  sizeof(b->message));
		if (!t->confirming) {
			edit_done(t, b);
			/* done without a question (a replay's go-to): show
			 * what it did */
			return R_REREAD;
		}
		return R_REDRAW;
	default:
		return R_REDRAW;
	}
}

/* The confirmation: y or Enter writes, any other key cancels. */
static unsigned confirm_key(struct tui *t, struct tab *b, int ch)
{
	bool yes = ch == 'y' || ch == 'Y' || ch == '\n' || ch == '\r' ||
		   ch == KEY_ENTER;

	if (yes)
		t->edit_op->commit(b->st, b->message, sizeof(b->message));
	else
		snprintf(b->message, sizeof(b->message),
			 "cancelled; nothing changed");
	edit_done(t, b);
	return yes ? R_REREAD : R_REDRAW;
}

/* The largest screen drawn: an 8K display in a 6x12-pixel font is 1280
 * x 360 cells. ncurses keeps three copies of the screen at about 28 bytes
 * a cell, so this bound holds them under 60 MB; LINES=COLUMNS=5000 in the
 * environment would cost 2 GB and a redraw of seconds per key. */
enum { SCREEN_COLS_MAX = 1280, SCREEN_ROWS_MAX = 512 };

/* Is the environment's LINES or COLUMNS absent, or within 1..max? */
static bool screen_env_ok(const char *name, long max)
{
	const char *s = getenv(name);
	char *end;
	long v;

	if (!s || !*s)
		return true;
	errno = 0;
	v = strtol(s, &end, 10);
	return !errno && !*end && v >= 1 && v <= max;
}

/* Before the screen opens: LINES or COLUMNS past the bounds are ignored,
 * the terminal's own size is taken. */
static void screen_bound_env(void)
{
	if (!screen_env_ok("LINES", SCREEN_ROWS_MAX) ||
	    !screen_env_ok("COLUMNS", SCREEN_COLS_MAX))
		use_env(FALSE);
}

/* After the screen opened or changed size: a terminal that says it is
 * larger than the bounds is drawn at the bounds. */
static void screen_bound_size(void)
{
	if (LINES > SCREEN_ROWS_MAX || COLS > SCREEN_COLS_MAX)
		resizeterm(LINES > SCREEN_ROWS_MAX ? SCREEN_ROWS_MAX : LINES,
			   COLS > SCREEN_COLS_MAX ? SCREEN_COLS_MAX : COLS);
}

static unsigned handle_key(struct tui *t, int ch)
{
	struct tab *b = cur_tab(t);
	struct key_binding tmp;
	const struct key_binding *k;

	if (ch == KEY_RESIZE) {
		screen_bound_size();
		return R_REDRAW;
	}
	if (ch == '\r' || ch == KEY_ENTER)
		ch = '\n'; /* Enter, however the terminal sends it */
	if ((t->help || t->detail) && (ch == KEY_NPAGE || ch == KEY_PPAGE)) {
		int page = LINES > 4 ? LINES - 3 : 1;
		t->pane_top += ch == KEY_NPAGE ? page : -page;
		return R_REDRAW;
	}
	if (t->help) {
		t->help = false;
		return R_REDRAW;
	}
	if (t->detail && (ch == KEY_ESC || ch == '\n' || ch == 'q')) {
		t->detail = false;
		return R_REDRAW;
	}
	if (t->confirming)
		return confirm_key(t, b, ch);
	if (t->editing)
		return edit_key(t, b, ch);
	if (t->prompt)
		return prompt_key(t, b, ch);
	k = find_key(t, b, ch, &tmp);
	if (!k)
		return R_NONE;
	if (t->reading && !mid_read(k)) {
		/* it needs the read's result (or starts one): after it */
		if (t->npending < ARRAY_SIZE(t->pending))
			t->pending[t->npending++] = ch;
		return R_NONE;
	}
	b->message[0] = '\0';
	if (k->fn)
		return k->fn(t, b, ch);
	if (ch >= '1' && ch <= '9')
		return switch_to(t, (size_t)(ch - '1'));
	/* a view's own key */
	for (size_t i = 0; i < b->view->nkeys; i++)
		if (b->view->keys[i].key == ch)
			return b->view->keys[i].fn(
				b->st, b->nidx ? row_at(b, b->sel) : NULL,
				b->message, sizeof(b->message));
	return R_NONE;
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
		fprintf(stderr,
			"kmemtop: the interactive view needs a terminal; use --once (-o) for a snapshot\n");
		return false;
	}
	if (!term || !*term || !strcmp(term, "dumb")) {
		fprintf(stderr,
			"kmemtop: TERM is %s: the interactive view needs a capable terminal; use --once (-o) for a snapshot\n",
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
	bool intr = false;

	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	if (ppoll(&p, 1, ms < 0 ? NULL : &ts, &open_mask) < 0) {
		if (errno != EINTR)
			return R_QUIT;
		/* curses' SIGWINCH handler leaves KEY_RESIZE to read: the
		 * new size is drawn now, not at the next key */
		intr = true;
	} else if (p.revents & (POLLHUP | POLLERR | POLLNVAL)) {
		return R_QUIT;
	} else if (!(p.revents & POLLIN)) {
		return R_NONE;
	}
	timeout(0);
	while ((ch = getch()) != ERR) {
		n++;
		redo |= handle_key(t, ch);
		if (redo & R_QUIT)
			break;
	}
	/* readable, yet no key: the end of the input (or half of an escape
	 * sequence, which does not repeat) */
	if (n || !intr)
		t->empty_reads = n ? 0 : t->empty_reads + 1;
	if (t->empty_reads > EMPTY_READS_MAX)
		redo |= R_QUIT;
	return redo;
}

/* Between the pieces of a long read: answer the keys that need no new
 * data at once, from the rows shown (the view keeps them until the read
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
		rebuild(t, cur_tab(t));
	if (redo & (R_REBUILD | R_REDRAW))
		draw(t);
}

/* Read the shown tab's view, answering keys meanwhile; then the keys that
 * waited. */
static unsigned read_now(struct tui *t)
{
	unsigned redo = R_NONE;
	int pend[ARRAY_SIZE(t->pending)];
	size_t n;

	t->reading = true;
	read_tab(t, cur_tab(t));
	t->reading = false;
	/* the keys that waited see the new rows */
	rebuild(t, cur_tab(t));
	remember(t, cur_tab(t));
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

	memset(&t, 0, sizeof(t));
	view_env_init(&t.env, o);
	t.text_flags = o->text_flags;
	t.env.idle = idle;
	t.env.idle_ctx = &t;
	t.delay = o->delay;
	t.human = o->human;
	if (!o->replay) /* the live machine's, or a capture's own */
		view_env_host(&t.env, &t.host);
	if (o->replay) {
		/* a tab per view the recording holds, its rows from it */
		struct kerr err = { { 0 } };
		t.replay = replay_open(o, &err);
		if (!t.replay) {
			fprintf(stderr, "kmemtop: %s\n", err.msg);
			view_env_free(&t.env);
			return 1;
		}
		for (size_t i = 0; i < replay_tabs(t.replay); i++) {
			t.tabs[t.ntabs].view = replay_tab_view(
				t.replay, i, &t.tabs[t.ntabs].st);
			t.ntabs++;
		}
		t.cur = t.first = 0;
	} else {
		/* a tab per view; the screen opens the view --view names */
		for (size_t i = 0; i < nviews && i < VIEWS_MAX; i++) {
			t.tabs[t.ntabs].view = views[i];
			t.tabs[t.ntabs++].st =
				views[i]->create(o, o->settings[i]);
		}
		t.cur = t.first = o->nviews ? o->views[0] : 0;
	}

	/* after the recording: a file that is not there is the first
	 * thing to say */
	scr = NULL;
	if (!terminal_usable())
		goto out;
	screen_bound_env();
	scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		/* TERM is text anyone may have set: escaped */
		const char *term = getenv("TERM");
		struct sbuf name = { 0 };
		sanitize(&name, term ? term : "", term ? strlen(term) : 0,
			 t.text_flags);
		fprintf(stderr,
			"kmemtop: cannot use terminal type '%s'; use --once (-o) for a snapshot\n",
			name.s ? name.s : "");
		sbuf_free(&name);
		goto out;
	}
	screen_bound_size();
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
	sigemptyset(&wake_signals);
	sigaddset(&wake_signals, SIGWINCH);
	sigaddset(&wake_signals, SIGINT);
	sigaddset(&wake_signals, SIGTERM);
	sigaddset(&wake_signals, SIGHUP);
	sigaddset(&wake_signals, SIGQUIT);
	sigprocmask(SIG_BLOCK, &wake_signals, &open_mask);

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
			 * read longer than the delay leaves time for keys; a
			 * replay reads when a key moves it */
			next = t.replay ? INFINITY : now_mono() + t.delay;
		}
		if (redo & R_QUIT)
			break;
		if (redo & R_REBUILD)
			rebuild(&t, cur_tab(&t));
		draw(&t);
		wait = next - now_mono();
		redo = wait_keys(&t, !isfinite(wait) ? -1
				     : wait <= 0     ? 0
						     : (int)(wait * 1000) + 1);
	}

	restore_terminal();
	sigprocmask(SIG_SETMASK, &open_mask, NULL);
	delscreen(scr);
	util_set_oom_hook(NULL);
out:
	for (size_t i = 0; i < t.ntabs; i++) {
		t.tabs[i].view->destroy(t.tabs[i].st);
		free(t.tabs[i].idx);
		free(t.tabs[i].empty);
		free(t.tabs[i].off);
		sbuf_free(&t.tabs[i].selected);
		history_free(&t.tabs[i].hist);
		rowset_free(&t.tabs[i].rs);
	}
	replay_close(t.replay);
	sbuf_free(&t.scratch);
	view_env_free(&t.env);
	sbuf_free(&t.host);
	return scr ? 0 : 1;
}
