/*
 * vmalloc_model.h - layer 3: vmalloc areas aggregated by caller, type or
 * module (or one row per area), totals by type over all areas, and each
 * group's change since the previous read, keyed by the group's name.
 *
 * The clock is an argument, so tests are deterministic.
 */
#ifndef KMEMTOP_VMALLOC_MODEL_H
#define KMEMTOP_VMALLOC_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"
#include "vmallocinfo.h"

enum vm_group_by { VG_CALLER, VG_TYPE, VG_MODULE, VG_NONE };
const char *vm_group_by_name(enum vm_group_by g);	   /* "caller", ... */
int vm_group_by_parse(const char *s, enum vm_group_by *g); /* 0 or -1 */

struct vm_filter {
	unsigned types;	    /* bitmask of 1u << VT_x; 0 = all */
	const char *caller; /* case-insensitive substring of the caller
				 * or module; NULL = any. Borrowed. */
};

struct vm_totals {
	uint64_t areas, bytes;	       /* bytes */
	uint64_t type_areas[VT_COUNT]; /* by primary type */
	uint64_t type_bytes[VT_COUNT]; /* bytes */
};

/* One row when grouped. */
struct vm_group {
	const char *key; /* caller ("func" or "func [module]";
				 * "(unpurged)", "(vm_map_ram)" or "(none)"
				 * without one), type name, or module name
				 * ("(kernel)" when built in) */
	size_t key_len;
	uint64_t areas;
	uint64_t bytes;	 /* bytes */
	unsigned types;	 /* primary types seen in the group */
	bool has_ref;	 /* the previous read had this group */
	bool is_new;	 /* ... and it did not */
	int64_t d_areas; /* change since the previous read */
	int64_t d_bytes; /* bytes */
};

/* One row per area (VG_NONE). */
struct vm_row {
	uint64_t start, end; /* as printed */
	uint64_t size;	     /* bytes */
	uint64_t pages;
	uint64_t phys, phys_end; /* phys_end = phys + size */
	bool have_pages, have_phys;
	const char *caller; /* NUL-terminated, "" when none; model-owned */
	const char *module; /* NUL-terminated, "" when built in */
	enum vm_type type;
	unsigned types;
	size_t line;
};

/* A table of groups with its name index (internal to the model). */
struct vm_gtable {
	struct vm_group *g;
	size_t n, cap;
	size_t *key_off; /* offsets into keys, per group */
	size_t key_cap;
	char *keys; /* arena of NUL-terminated keys */
	size_t keys_len, keys_cap;
	size_t *slots; /* open addressing: group index or SIZE_MAX */
	size_t nslots;
};

struct vm_model {
	enum vm_group_by group_by;
	struct vm_filter filter;
	struct vm_totals tot, tot_prev; /* over all areas, unfiltered */
	bool have_prev;
	struct vm_group *groups; /* filtered, in first-seen order */
	size_t ngroups;
	struct vm_row *rows; /* VG_NONE: filtered, file order */
	size_t nrows;
	struct vm_parse_stats stats;
	double t_cur, t_prev; /* seconds, the caller's clock */

	/* internals */
	struct vm_gtable tab[2]; /* current and previous groups */
	int cur;
	bool restart;	  /* grouping or filter changed */
	bool loaded;	  /* updated at least once */
	bool feeding;	  /* between the first feed and end */
	size_t next_line; /* line number of the next feed */
	size_t rows_cap;
	size_t *row_off; /* caller/module offsets in row_text */
	size_t row_off_cap;
	char *row_text;
	size_t row_text_len, row_text_cap;
	struct sbuf key;      /* scratch for building a key */
	struct sbuf last_key; /* key of last_group */
	size_t last_group;    /* index in the current table or SIZE_MAX */
};

void vm_model_init(struct vm_model *m, enum vm_group_by g,
		   const struct vm_filter *f);
/* Take effect at the next update; deltas restart there. */
void vm_model_set_group_by(struct vm_model *m, enum vm_group_by g);
void vm_model_set_filter(struct vm_model *m, const struct vm_filter *f);
/* Read a new copy of /proc/vmallocinfo taken at time now: feed it in
 * runs of whole lines (the first feed starts the new reading), then end
 * it. Until the first feed the model is unchanged, so a file that cannot
 * be opened leaves the last reading in place. */
void vm_model_feed(struct vm_model *m, const char *text, size_t len);
void vm_model_end(struct vm_model *m, double now);
/* vm_model_feed with the model as a void *: a procfs_lines_fn. */
void vm_model_feed_fn(const char *text, size_t len, void *m);
/* Both at once, for text in one piece. */
void vm_model_update(struct vm_model *m, const char *text, size_t len,
		     double now);
void vm_model_free(struct vm_model *m);

#endif
