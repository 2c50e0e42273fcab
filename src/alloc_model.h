/*
 * alloc_model.h - layer 3: the call sites of /proc/allocinfo as rows,
 * each or grouped by module or by file, with their totals (the memory
 * view's allocation profile). Rows hold copies of the names: the text
 * read may go.
 */
#ifndef KMEMTOP_ALLOC_MODEL_H
#define KMEMTOP_ALLOC_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "allocinfo.h"
#include "util.h"

enum alloc_group { AG_SITE, AG_MODULE, AG_FILE, AG_COUNT };

/* "site", "module", "file" */
const char *alloc_group_name(enum alloc_group g);
/* Its group named by word, or -1 with err. */
int alloc_group_parse(const char *word, enum alloc_group *g, struct kerr *err);

struct alloc_row {
	const char *name;   /* FILE:LINE; the module ("(built in)"); FILE */
	const char *func;   /* a call site's function, else "" */
	const char *module; /* a call site's module, else "" */
	int64_t bytes;
	uint64_t calls;
	uint64_t sites;	      /* call sites summed in the row */
	const char *accurate; /* "no" where a counter missed (2.0), "" */
};

struct alloc_model {
	enum alloc_group group;
	struct alloc_row *rows;
	size_t nrows, cap;
	char *text; /* the names, NUL-separated */
	size_t len, text_cap;
	struct allocinfo_stats st;
	int64_t total; /* bytes of every call site */
	uint64_t calls;
};

void alloc_model_free(struct alloc_model *m);

/* Read the allocinfo text into m's rows, grouped by m->group (call
 * sites in file order, groups in name order). Returns 0, or -1 with err
 * (allocinfo_parse's refusal): no rows then. */
int alloc_model_read(struct alloc_model *m, const char *text, size_t len,
		     struct kerr *err);

#endif
