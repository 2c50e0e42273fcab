/*
 * iomem.h - layer 2: the /proc/iomem parser, and which resource holds a
 * physical range.
 *
 *   00000000-00000fff : Reserved
 *   eec00000-febfffff : Reserved
 *     eec00000-eecfffff : PCI ECAM 0000 [bus 00-00]
 *       eec00000-eecfffff : PCI Bus 0000:00
 *
 * Two spaces of indent per level make the tree; ends are inclusive. (A
 * line indented deeper than one level below the last, or whose range its
 * parent does not hold, goes under the nearest resource that holds it:
 * kernels print neither.) As
 * a user, the kernel prints every address as zero (and kmemtop says so
 * instead of matching zeros). Names are the drivers' text: untrusted,
 * kept as read.
 */
#ifndef KMEMTOP_IOMEM_H
#define KMEMTOP_IOMEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

struct iomem_res {
	uint64_t start, end; /* inclusive */
	const char *name;    /* NUL-terminated */
	/* "outermost\n...\nthis": the names from the top of the tree
	 * down to this one, newline-separated (a name has no newline) */
	const char *chain;
	/* for people, where rows of one name must be told apart: the
	 * name, and where other resources share it (iomem_make_labels), the
	 * nearest ancestor whose name differs from theirs at that distance
	 * ("virtio-pci-modern (0000:00:03.0)"); the name alone where none
	 * does */
	const char *label;
	size_t depth;  /* 0 at the top */
	size_t parent; /* index, or SIZE_MAX at the top */
};

struct iomem {
	struct iomem_res *res; /* in file order: a parent before its
				* children */
	size_t n, cap;
	char *text; /* names and chains (offsets while parsing) */
	size_t len, text_cap;
	char *labels; /* the labels that are not a name alone */
	size_t labels_len, labels_cap;
	bool zeros;	/* every address zero: read as a user */
	size_t skipped; /* lines that are not a resource */
};

/* Parse text[0..len) into io (emptied first). Never fails: lines that
 * are not "START-END : NAME" are counted in skipped. */
void iomem_parse(struct iomem *io, const char *text, size_t len);
void iomem_free(struct iomem *io);

/* Names shared by more resources than this get no label of their own
 * (telling each apart costs the square of their number). */
enum { IOMEM_LABEL_PEERS_MAX = 256 };

/* Make every resource's label (iomem_parse leaves each its name), telling
 * apart only the resources among[i] marks (those some rows are matched
 * to; NULL: all). */
void iomem_make_labels(struct iomem *io, const bool *among);

enum iomem_match {
	IOMEM_CONTAINED, /* a resource holds the whole range */
	IOMEM_SPANS,	 /* none does, but the range overlaps some */
	IOMEM_NONE,	 /* no resource overlaps the range */
	IOMEM_PAGES,	 /* a resource holds it but for page rounding */
};

/* The deepest resource that holds [start, end] (inclusive): at each level
 * the narrowest of the siblings that hold it (siblings may overlap), and
 * then its children. *idx gets it, or SIZE_MAX. */
enum iomem_match iomem_find(const struct iomem *io, uint64_t start,
			    uint64_t end, size_t *idx);

/* A mapping of whole pages [start, end] (ioremap rounds the range it was
 * asked for out to pages of page_size bytes): the resource it was made
 * for. That is, below the resource that holds it (iomem_find), the
 * deepest (then narrowest) resource whose own range, rounded out to
 * pages, holds the mapping (HPET's 1 KiB at fed00000 in a mapping of its
 * page): IOMEM_PAGES; where there is none, iomem_find's answer. */
enum iomem_match iomem_find_pages(const struct iomem *io, uint64_t start,
				  uint64_t end, uint64_t page_size, size_t *idx);

/* "contained", "spans", "none", "pages" */
const char *iomem_match_name(enum iomem_match m);

#endif
