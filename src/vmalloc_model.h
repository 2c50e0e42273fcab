/*
 * vmalloc_model.h - layer 3: vmalloc areas aggregated by caller, type or
 * module (or one row per area), and totals by type over all areas.
 * Groups and areas are the current reading's only: the row set pairs
 * them with earlier readings, groups by name, areas by their range,
 * caller and module (the n-th of equal ones with the n-th, for kernels
 * that print every address as 0).
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

/* Over all areas: VIRTUAL is the size field, MAPPED the size without the
 * guard page, RAM the pages= (vmallocinfo.h). */
struct vm_totals {
	uint64_t areas, bytes;	       /* bytes: virtual */
	uint64_t ram, mapped;	       /* bytes */
	uint64_t type_areas[VT_COUNT]; /* by primary type */
	uint64_t type_bytes[VT_COUNT]; /* virtual bytes */
	uint64_t type_ram[VT_COUNT];
	uint64_t type_mapped[VT_COUNT];
};

/* One row when grouped. */
struct vm_group {
	const char *key; /* caller ("func" or "func [module]";
				 * "(unpurged)", "(vm_map_ram)" or "(none)"
				 * without one), type name, or module name
				 * ("(kernel)" when built in) */
	size_t key_len;
	uint64_t areas;
	uint64_t bytes;	 /* virtual bytes */
	uint64_t ram;	 /* bytes */
	uint64_t mapped; /* bytes */
	unsigned types;	 /* primary types seen in the group */
};

struct iomem_res;

/* One row per area (VG_NONE). 80 bytes: a million areas are two tables
 * of them while a read is fed (the last read's is shown meanwhile), one
 * when it ends. */
struct vm_row {
	uint64_t start, end; /* as printed */
	uint64_t size;	     /* bytes: virtual */
	uint64_t pages;
	uint64_t phys;
	uint64_t mapped; /* bytes */
	/* NUL-terminated, "" when none; model-owned. While a read is fed
	 * they hold string numbers (caller_id, module_id), made pointers
	 * when it ends. */
	union {
		const char *caller;
		size_t caller_id;
	};
	union {
		const char *module;
		size_t module_id;
	};
	/* the /proc/iomem resource that holds an ioremap's physical range
	 * (set by the view; valid until its next read), or NULL */
	const struct iomem_res *res;
	uint16_t types;
	uint8_t type;	    /* enum vm_type */
	uint8_t page_shift; /* RAM = pages << page_shift */
	uint8_t res_match;  /* enum iomem_match, or VM_RES_UNKNOWN */
	bool have_pages, have_phys;
};

/* res_match of a row no resource was looked for (no phys=, no iomem),
 * and of one whose iomem had every address zero. */
enum { VM_RES_UNKNOWN = 0xfe, VM_RES_HIDDEN = 0xff };

/* Interned strings: each distinct string once, numbered (internal). */
struct vm_strtab {
	char *text;
	size_t len, cap;
	size_t *off; /* string i starts at text + off[i] */
	size_t *slen;
	size_t n, off_cap, slen_cap;
	struct keyindex ix;
};

/* A read's groups (internal). Group i's key is string i of keys. */
struct vm_gtable {
	struct vm_group *g;
	size_t n, cap;
	struct vm_strtab keys;
};

/* A read's areas (internal). */
struct vm_rtable {
	struct vm_row *r;
	size_t n, cap;
	struct vm_strtab strs;
};

/* What one thread gathers of a read being fed (internal): totals, and
 * the groups in tab. */
struct vm_acc {
	struct vm_model *m; /* rows are added to it (main thread) */
	/* the reading's settings, each thread's copy: the lines the
	 * other thread writes are not read a line at a time */
	enum vm_group_by group_by;
	unsigned types;
	const char *caller; /* NULL: any */
	uint64_t page_size;
	struct vm_totals tot;
	struct vm_parse_stats stats;
	struct vm_gtable *tab;
	size_t recent[16]; /* groups in tab by the lengths of their key
			    * parts, or SIZE_MAX */
	struct sbuf key;   /* scratch for building a key */
};

/* A second thread that parses half of each big piece (internal). */
struct vm_worker;

struct vm_model {
	/* 0: a big reading is parsed by two threads when there are two
	 * CPUs; 1: by one; 2: by two (tests) */
	int threads;
	uint64_t page_size; /* bytes, a power of two (4096 unless set) */
	enum vm_group_by group_by;
	struct vm_filter filter;
	struct vm_totals tot;	 /* over all areas, unfiltered */
	struct vm_group *groups; /* filtered, in first-seen order */
	size_t ngroups;
	struct vm_row *rows; /* VG_NONE: filtered, file order */
	size_t nrows;
	struct vm_parse_stats stats;
	double t_cur; /* seconds, the caller's clock */

	/* internals */
	/* the settings of the reading being fed (or last fed), taken
	 * when it began: a change waits for the next one, and the worker
	 * reads them while the main thread may change the others */
	enum vm_group_by rd_group_by;
	unsigned rd_types;
	struct sbuf rd_caller;	  /* "" = any */
	struct vm_acc acc;	  /* of the read being fed */
	bool pending;		  /* the worker has a piece of it */
	size_t pending_base;	  /* the line number of its first line */
	unsigned split;		  /* the main thread's part of a piece, in
			      * sixteenths */
	struct vm_worker *worker; /* NULL until a piece is big enough */
	bool no_worker;		  /* one CPU, or no thread could be made */
	struct vm_gtable tab[2];  /* current and previous groups */
	struct vm_rtable rtab[2]; /* areas shown, and those being fed (the
				   * other's freed when a read ends) */
	int cur;
	bool restart;	  /* grouping or filter changed */
	bool loaded;	  /* updated at least once */
	bool feeding;	  /* between the first feed and end */
	size_t next_line; /* line number of the next feed */
};

void vm_model_init(struct vm_model *m, enum vm_group_by g,
		   const struct vm_filter *f);
/* Take effect at the next update. */
void vm_model_set_group_by(struct vm_model *m, enum vm_group_by g);
void vm_model_set_filter(struct vm_model *m, const struct vm_filter *f);
/* Read a new copy of /proc/vmallocinfo taken at time now: feed it in
 * runs of whole lines (the first feed starts the new reading), then end
 * it. A piece's text must stay valid until the next feed, the end or
 * the abort returns (a big one is parsed by a second thread meanwhile:
 * source_read_lines keeps it so). Until the end the model shows the last reading (rows, groups,
 * totals and stats stay as they were, so a screen can be drawn from them
 * between feeds); a file that cannot be opened leaves it in place. */
void vm_model_feed(struct vm_model *m, const char *text, size_t len);
void vm_model_end(struct vm_model *m, double now);
/* The counts of the reading being fed so far (areas, skipped lines),
 * every piece fed parsed. */
const struct vm_parse_stats *vm_model_fed(struct vm_model *m);
/* Drop the reading being fed (a file that turned out not to be one):
 * the last reading stays. */
void vm_model_abort(struct vm_model *m);
/* vm_model_feed with the model as a void *: a source_lines_fn. */
void vm_model_feed_fn(const char *text, size_t len, void *m);
/* Both at once, for text in one piece. */
void vm_model_update(struct vm_model *m, const char *text, size_t len,
		     double now);
void vm_model_free(struct vm_model *m);

#endif
