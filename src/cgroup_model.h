/*
 * cgroup_model.h - layer 3: kernel memory by cgroup. A reading is the
 * machine's figures (meminfo, sockstat) and one node per cgroup (its
 * path, depth and values, each value present or absent); the model turns
 * it into rows: the machine, what no top-level cgroup is charged for,
 * then the cgroups in tree order (children by KERNEL, largest first).
 * Their changes over time are the row set's (rowset.h): a row's identity
 * is its kind and path.
 */
#ifndef KMEMTOP_CGROUP_MODEL_H
#define KMEMTOP_CGROUP_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* The values of a row (bytes, but OOM_KILLS). */
enum cg_col {
	CC_KERNEL,
	CC_SLAB_U,
	CC_SLAB_R,
	CC_SOCK,
	CC_STACK,
	CC_PGTBL,
	CC_PERCPU,
	CC_VMALLOC,
	CC_CURRENT,
	CC_MAX,
	CC_OOM_KILLS,
	CC_NVALS
};

enum cg_kind { CGR_MACHINE, CGR_UNCHARGED, CGR_CGROUP };

struct cg_node {
	char *path; /* "/system.slice/foo.service"; owned by the reading */
	int depth;  /* 1: a top-level cgroup */
	uint64_t v[CC_NVALS];
	bool have[CC_NVALS];
	double psi; /* memory.pressure some avg10, percent */
	bool have_psi;
};

struct cg_reading {
	struct cg_node machine; /* path "", depth 0 */
	struct cg_node *nodes;	/* parents before children */
	size_t n, cap;
};

void cg_reading_free(struct cg_reading *r);

struct cg_row {
	const char *path;  /* identity; "" for the machine rows */
	const char *label; /* the tree's indented name, or the path */
	int depth;
	enum cg_kind kind;
	uint64_t order; /* tree order */
	uint64_t v[CC_NVALS];
	bool have[CC_NVALS];
	double psi;
	bool have_psi;
	bool collapsed; /* the screen hides its children */
	bool has_children;
};

struct cg_model {
	struct cg_reading cur;
	double t_cur;
	struct cg_row *rows;
	size_t nrows, rows_cap;
	char *labels; /* the rows' labels */
	size_t labels_len, labels_cap;
};

void cg_model_init(struct cg_model *m);
void cg_model_free(struct cg_model *m);

/* Take a reading (the model owns it from now; r is emptied) at time now.
 * flat: labels are full paths, else indented names. */
void cg_model_update(struct cg_model *m, struct cg_reading *r, double now,
		     bool flat);

#endif
