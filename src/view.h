/*
 * view.h - layer 5: a view of kernel memory (slab caches, vmalloc areas,
 * processes by OOM score, ...), described once.
 *
 * A view is one struct view: its --view name and its own options, how it
 * reads its sources into its model, its rows and column tables, its
 * summaries (text, JSON, metrics), its status text and its keys. The
 * live screen, --once, batch, JSON and metrics loop over the registry
 * (views.c) and never name a view; a new view is its own files plus one
 * line there.
 *
 * Words: a view is what --view names; a table is one of its column tables
 * (table.h); a tab is the screen's state for a view (tui.c).
 */
#ifndef KMEMTOP_VIEW_H
#define KMEMTOP_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "meminfo.h"
#include "options.h"
#include "output.h"
#include "rowset.h"
#include "source.h"
#include "table.h"
#include "util.h"

struct json_object;
struct act_feed;

/* What a key or a read asks of the screen: draw again, filter and sort
 * the rows again, read the files now, end. */
enum redo {
	R_NONE = 0,
	R_REDRAW = 1 << 0,
	R_REBUILD = 1 << 1,
	R_REREAD = 1 << 2,
	R_QUIT = 1 << 3,
};

/* What the views of one run share: the source, a read buffer,
 * /proc/meminfo read once a refresh for the views that show it, and a
 * hook a long read calls between its pieces. */
struct view_env {
	const struct options *opt;
	struct source src;
	struct source_buf buf;
	struct meminfo mi; /* this refresh's (the row sets keep earlier ones) */
	bool have_mi;
	struct kerr mi_err; /* why meminfo is missing */
	void (*idle)(void *ctx);
	void *idle_ctx;
	/* the run's allocation activity (the eBPF feed), made when a view
	 * first asks for it (view_env_activity); NULL: none asked */
	struct act_feed *act;
	/* the run's refreshes, numbered: one more before each snapshot's
	 * reads (the views of one snapshot share a number) */
	unsigned long refresh;
};

void view_env_init(struct view_env *env, const struct options *o);
void view_env_free(struct view_env *env);
/* Read /proc/meminfo for this refresh. Returns have_mi. */
bool view_env_meminfo(struct view_env *env);
/* The run's activity feed, made on the first call (nothing is attached
 * until it is read: act_feed_read). */
struct act_feed *view_env_activity(struct view_env *env);

/* The node name (proc/sys/kernel/hostname of the root read: a capture's
 * own, where it has one) into out, at most HOSTNAME_READ_MAX bytes of
 * it, as it is (untrusted text: JSON escapes it). Returns false, out
 * empty, where there is none. */
enum { HOSTNAME_READ_MAX = 256 };
bool view_env_host(const struct view_env *env, struct sbuf *out);

/* Where rows are shown: the live screen, text (-o, batch), JSON. */
enum view_use { USE_SCREEN, USE_TEXT, USE_JSON };

/* When a view wants /proc/meminfo read before it: for the screen, for
 * text and JSON, whether it fails without it (its summary is mostly
 * meminfo), and for JSON only (fields of its JSON summary). */
enum {
	VIEW_MI_SCREEN = 1,
	VIEW_MI_REPORT = 2,
	VIEW_MI_NEEDED = 4,
	VIEW_MI_JSON = 8
};

/* Keys a view may bind that are not characters: curses' codes (tui.c
 * checks they are the same). */
enum { VIEW_KEY_LEFT = 0404, VIEW_KEY_RIGHT = 0405 };

/* A key of a view: the handler gets the selected row (NULL: none),
 * returns R_* flags and may say what it did in msg (size bytes). */
struct view_key {
	int key;	   /* curses key code */
	const char *label; /* as the help screen and the man page show it */
	unsigned (*fn)(void *st, const void *row, char *msg, size_t size);
	const char *help;
};

/* Where Enter on a row goes: the view, the text that restricts it (its
 * restrict_to; "": every row) or else filters it ('/'), and the column
 * key it is sorted by there (NULL: its sort as it is). Given to enter
 * with them: the screen's row set, and the row's index in it (the
 * changes shown of the row; rs NULL: none). */
enum { VIEW_ARG_MAX = 256 };
struct view;
struct view_target {
	const struct view *view;
	char arg[VIEW_ARG_MAX];
	const char *sort;
	const struct rowset *rs;
	size_t row;
};

/* An option of a view (--group-by): parsed into its settings. */
struct view_option {
	const char *name; /* without "--" */
	const char *arg;  /* the argument's name in --help, NULL: a flag */
	const char *help;
	/* 0, or -1 with err (a usage error) */
	int (*set)(void *settings, const char *arg, struct kerr *err);
};

/* Changing the kernel's state for the selected row ('e' edits a value,
 * 'S' shrinks a cache), in three steps: begin takes hold of the row's
 * object (reading, and holding what it writes, through env's source),
 * fills the prompt's title and the value shown (false: msg says why
 * not); check gets the text typed (for an action that is not typed,
 * "") and gives the question to confirm ("PID NAME: OLD -> NEW"; false:
 * msg says why not, it ends); after a confirmation, commit writes and
 * says in msg what came of it. end lets go in every case. */
struct view_edit {
	int key;	   /* curses key code */
	const char *label; /* as the help screen and the man page show it */
	const char *help;  /* for the help screen and the man page */
	bool typed;	   /* a value is typed before the confirmation */
	bool (*begin)(void *st, const struct view_env *env, const void *row,
		      char *title, size_t title_size, char *text,
		      size_t text_size, char *msg, size_t size);
	bool (*check)(void *st, const char *text, char *question,
		      size_t question_size, char *msg, size_t size);
	/* Before check, a typed value it refuses as text (not a number,
	 * out of range): false, msg says why, and the prompt stays open
	 * with it for another value (Escape still cancels). NULL: check
	 * alone judges it. */
	bool (*valid)(void *st, const char *text, char *msg, size_t size);
	void (*commit)(void *st, char *msg, size_t size);
	void (*end)(void *st);
};

struct view {
	const char *name; /* the --view word */
	const char *what; /* "slab caches": help screen, --help */
	/* Read only where --view names it (or its tab is shown): not
	 * among "every view" of a metrics run, because reading it costs
	 * the whole system something (the activity view attaches an eBPF
	 * program to every allocation). */
	bool named_only;
	unsigned meminfo; /* VIEW_MI_*: when /proc/meminfo is read first */

	/* Its options, their settings (made before the command line is
	 * parsed, freed with free()). */
	const struct view_option *options;
	size_t noptions;
	void *(*settings_new)(void);

	/* The view's state (model, settings, what the keys changed) for
	 * one screen or one report; settings may be NULL (defaults). */
	void *(*create)(const struct options *o, const void *settings);
	void (*destroy)(void *st);

	/* Read the view's sources into its model at time now (monotonic
	 * seconds). Returns 0, or -1 with err saying what and why (the
	 * view keeps showing its last good reading), or 1 with err a note
	 * (batch writes it once and the view's rows; the screen shows it:
	 * the OOM view on a capture, the activity view without eBPF). Lines it had to skip
	 * come from skipped(). */
	int (*read)(void *st, struct view_env *env, double now,
		    struct kerr *err);
	/* After a read: its values are per second and this was the first
	 * reading, which has none (the eBPF rates). -o then waits one
	 * delay (-d) and reads again, as top's first iteration does. NULL:
	 * never. */
	bool (*warming)(const void *st);
	/* Lines skipped in the last read: how many (0: none), and a note
	 * that says so appended to note (view_skipped_note's, or the
	 * view's own words). The screen shows the note on the status line;
	 * reports write it to standard error when the count changes. */
	size_t (*skipped)(const void *st, struct sbuf *note);

	/* The rows for use: table, rows, n, size, the previous read's rows
	 * and the vanished ones (output.h); the caller sorts and fills
	 * idx. */
	void (*rows)(const void *st, enum view_use use, struct out_table *out);
	/* Give the row set the readings after a read, at their own times
	 * (a replay: the snapshot shown and the one before it, at their
	 * recorded times; the baseline a recorded snapshot). NULL: the
	 * rows of the read, at the time of the read (view_rowset_update). */
	void (*update_rowset)(void *st, struct rowset *rs);
	/* What '/' matches in a row. The selection follows the row's
	 * identity instead (its COL_ID columns). */
	const char *(*filter_key)(const void *st, const void *row);

	/* Summary lines, each ending in "\n"; rs: the changes, in the row
	 * set's mode (NULL: none). Text ends with a blank line. */
	void (*summary)(const void *st, const struct view_env *env,
			enum view_use use, const struct rowset *rs,
			struct sbuf *out);
	/* Totals the summary shows with their change (rowset.h's slots):
	 * filled after each read. NULL: none. */
	void (*totals)(const void *st, uint64_t *tot, bool *have);
	/* JSON: the members after "time" and "view" (summary, ...). */
	void (*json_head)(const void *st, const struct view_env *env,
			  struct json_object *head);
	/* Prometheus: the families that are no column (summary gauges),
	 * after those of the table rows(USE_JSON) gives (prom_table).
	 * NULL: none. */
	void (*metrics)(const void *st, const struct view_env *env,
			struct sbuf *out);
	/* The screen: the view's part of the status line. */
	void (*status)(const void *st, struct sbuf *out);

	const struct view_key *keys;
	size_t nkeys;
	const struct view_edit *edits; /* what its keys can change */
	size_t nedits;
	/* Values too costly to read for every row (a file per row, e.g. a
	 * cache's partial slabs, COL_LAZY columns): read for a row before
	 * the screen shows it, and for every row when the screen sorts by
	 * one. row: an index into the rows that rows() gave for the
	 * screen. NULL: none. Reports get them from read. */
	void (*fetch)(void *st, const struct view_env *env, size_t row);
	/* The detail pane's lines for a row after its fields (what the view
	 * knows of one row beyond its columns; it may read files for it).
	 * NULL: none. The text is untrusted: the screen sanitizes it. */
	void (*detail)(void *st, const struct view_env *env, const void *row,
		       struct sbuf *out);
	const char *help_note; /* lines for the help screen's foot */
	/* The screen's text of a row's COL_NAME column where it shows
	 * other than the field (the OOM view's COMMAND: argv[0] without
	 * its directory); false: the field. NULL: never. */
	bool (*screen_name)(const void *row, struct value *out);

	/* Enter on a row opens another view filtered to it (the cgroup
	 * view: the row's processes in the OOM view; Escape there comes
	 * back): the view and its filter text, in to; false: Enter shows
	 * the row's detail, as in every view. NULL: never. */
	bool (*enter)(void *st, const void *row, struct view_target *to);
	/* The view Enter opens shows, instead of the rows filter matches
	 * as text, exactly the rows that arg names (the OOM view: the
	 * processes of cgroup arg and of those below it), and names it in
	 * its status line; NULL lifts it (Escape). Returns R_* flags.
	 * NULL: Enter's text becomes the '/' filter. */
	unsigned (*restrict_to)(void *st, const char *arg);
	/* The chart's values of a row over time (a replay reads them from
	 * the recording), at most max of them into t[] and v[]; NULL: the
	 * screen keeps a history of its own reads. */
	size_t (*series)(void *st, const void *row, double *t, double *v,
			 size_t max);
	/* Replay, its leak report and plots: the JSON field of a row's main
	 * value (what grows in a leak), whether it is bytes, and the JSON
	 * fields that name a row for people (those present, joined). */
	const char *main_value;
	bool main_bytes;
	/* What the leak report's order says of main_value's change
	 * (NULL: "biggest growth first", a stock that grows): a count of
	 * events (the activity view's allocs) is no growth. */
	const char *main_order;
	const char *const *label;
	/* The replay screen: a recorded line of the view (its JSON, as
	 * json_head and the tables write it; untrusted, any field may be
	 * missing) shown as the screen shows a live reading. NULL: the
	 * recorded fields as they are. json_summary: the screen's summary
	 * lines from the line's "summary" (no changes); false when it
	 * lacks what they need. json_value: column c of a recorded row
	 * where the screen shows more than its field (the slab NAME's
	 * "+N", the OOM %RAM), its text in text; false: the field as
	 * recorded; row NULL asks whether the view makes c at all.
	 * json_filter_key: what '/' matches, as filter_key. */
	bool (*json_summary)(struct json_object *line, struct sbuf *out);
	bool (*json_value)(const struct column *c, struct json_object *row,
			   struct json_object *line, struct value *out,
			   struct sbuf *text);
	void (*json_filter_key)(struct json_object *row, struct sbuf *out);

	/* Every table the view can show, named (--list-columns, the man
	 * page check). */
	const struct table *const *tables;
	size_t ntables;
};

/* A screen summary's meminfo line: "Slab: 120K (+4K)  SUnreclaim: ..."
 * for the fields f[0..n) this refresh has, with their change in the row
 * set's mode (rs NULL: none); "meminfo: not available" without it. */
void view_meminfo_line(const struct view_env *env, const struct rowset *rs,
		       const enum mi_field *f, size_t n, struct sbuf *out);

/* skipped() of a view that reads no lines it could skip (the activity
 * view), or counts them in its summary (the cgroup view): 0. */
size_t view_skipped_none(const void *st, struct sbuf *note);

/* The note of n malformed lines skipped in file, the first of them line
 * first: "3 malformed line(s) skipped in FILE (first: line 12)"; nothing
 * when n is 0. */
void view_skipped_note(size_t n, const char *file, size_t first,
		       struct sbuf *note);

/* A recorded JSON object's member key as an unsigned integer: false
 * when it is missing, null, negative or no integer. */
bool view_json_u64(struct json_object *o, const char *key, uint64_t *out);

/* After a read: the view's rows for use, given to its row set as the new
 * reading (with the meminfo of env and the view's totals), and bound. */
void view_rowset_update(const struct view *v, void *st,
			const struct view_env *env, enum view_use use,
			struct rowset *rs, double mono, double wall);

/* The registry (views.c), in the order Tab walks them. */
extern const struct view *const views[];
extern const size_t nviews;

/* The view named name[0..len), or NULL. */
const struct view *view_find(const char *name, size_t len);
/* Its index in views[]. */
size_t view_index(const struct view *v);

/* -s: the column of table t named by key (a column key, or a one-letter
 * sort key of the table, case-insensitive) and its direction (names
 * ascending, numbers largest first). Returns 0, or -1 when t has no such
 * column. */
int view_sort_key(const struct table *t, const char *key, int *col, bool *desc);

/* The keys -s takes for table t, as a list for people: "name, objs (o),
 * ..." (each column's key, and its letter where it has one). */
void view_sort_keys(const struct table *t, struct sbuf *out);

/* The table's default sort. */
void view_sort_default(const struct table *t, int *col, bool *desc);

#endif
