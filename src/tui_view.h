/*
 * tui_view.h - layer 4: what the interactive monitor needs from each view
 * (slab, vmalloc, oom), without curses.
 *
 * tui.c owns the screen, the loop, the keys and the generic table state
 * (sort, filter, selection, scrolling); tui_views.c adapts each model to
 * it: reading its sources, its rows and column table, its summary and
 * status text, and the keys that only make sense in it.
 */
#ifndef KMEMTOP_TUI_VIEW_H
#define KMEMTOP_TUI_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "meminfo.h"
#include "options.h"
#include "source.h"
#include "util.h"
#include "table.h"

enum { TV_SLAB, TV_VMALLOC, TV_OOM, TV_COUNT };

/* Shared by the views: the read buffer and /proc/meminfo, read once per
 * refresh by tui.c. */
struct tui_shared {
	const struct options *opt;
	struct source src;
	struct source_buf buf;
	struct meminfo mi, mi_prev;
	bool have_mi, have_mi_prev;
	/* A read that takes long calls idle between its pieces: the screen
	 * answers keys meanwhile (from what it showed before the read). */
	void (*idle)(void *ctx);
	void *idle_ctx;
};

enum { TV_FILTER_MAX = 256 };

struct tview {
	const struct tview_ops *ops;
	void *data;	   /* the view's model, owned */
	char error[2048];  /* non-empty: its source is unreadable */
	char message[256]; /* one-shot status message */

	/* table state, kept by tui.c */
	const struct table *cols; /* the table the sort refers to */
	int sort_col;
	bool sort_desc;
	char filter[TV_FILTER_MAX];
	struct sbuf selected; /* identity of the selected row (table_row_id) */
	bool follow;		   /* the user moved the selection */
	size_t sel, top;
	size_t *idx; /* rows shown, filtered and sorted */
	size_t nidx, idx_cap;
	bool loaded; /* read at least once */
};

struct tview_ops {
	const char *name; /* "slab" */
	void (*init)(struct tview *v, const struct options *o);
	void (*free)(struct tview *v);
	/* Read the view's sources (at time now) and update its model; an
	 * unreadable source sets v->error, clears it otherwise. */
	void (*read)(struct tview *v, struct tui_shared *sh, double now);
	const struct table *(*columns)(const struct tview *v);
	/* The default sort of a column table: column and direction. */
	void (*default_sort)(const struct tview *v, const struct table *cols,
			     int *col, bool *desc);
	const void *(*rows)(const struct tview *v, size_t *n, size_t *size);
	/* What the '/' filter matches in a row (cache name, group key,
	 * caller, "PID command"). The selection follows the row's identity
	 * instead: its COL_ID columns (table_row_id). */
	const char *(*filter_key)(const struct tview *v, const void *row);
	bool (*row_is_new)(const struct tview *v, const void *row);
	/* Summary lines, each ending in "\n". */
	void (*summary)(const struct tview *v, const struct tui_shared *sh,
			struct sbuf *out);
	/* The view's part of the status line ("Deltas: ..."). */
	void (*status)(const struct tview *v, struct sbuf *out);
	/* Optional: edit a value of the row ('e'), in three steps.
	 * edit_begin takes hold of the row's object, fills the prompt's
	 * title and the current value and returns true, or sets v->message
	 * and returns false. edit_check gets the text the user entered:
	 * true with the question to confirm ("PID NAME: OLD -> NEW"), or
	 * false with v->message saying why not (the edit ends). Only after
	 * the confirmation does edit_commit write, saying in v->message what
	 * came of it. edit_end lets go of the object in every case. */
	bool (*edit_begin)(struct tview *v, const void *row, char *title,
			   size_t title_size, char *text, size_t text_size);
	bool (*edit_check)(struct tview *v, const char *text, char *question,
			   size_t question_size);
	void (*edit_commit)(struct tview *v);
	void (*edit_end)(struct tview *v);
	/* Optional lines for the foot of the help screen. */
	const char *help_note;
};

extern const struct tview_ops tview_slab_ops;
extern const struct tview_ops tview_vmalloc_ops;
extern const struct tview_ops tview_oom_ops;

/* View-specific key handlers; each returns R_* flags (tui.c). */
enum tv_redo {
	R_NONE = 0,
	R_REDRAW = 1 << 0,  /* draw the screen again */
	R_REBUILD = 1 << 1, /* filter and sort the rows again */
	R_REREAD = 1 << 2,  /* read /proc now */
	R_QUIT = 1 << 3,
};
unsigned tview_slab_delta_mode(struct tview *v);
unsigned tview_slab_reset_base(struct tview *v);
unsigned tview_vmalloc_toggle_ioremap(struct tview *v);
unsigned tview_vmalloc_cycle_group(struct tview *v);
unsigned tview_oom_toggle_kthreads(struct tview *v);

#endif
