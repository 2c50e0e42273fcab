/*
 * tracefmt.h - layer 2: a tracepoint's format file (tracefs
 * events/<system>/<event>/format) parsed into its fields: each field's
 * name, offset and size in the raw trace record, and whether it is a
 * __data_loc (a 32-bit word in the record: the data's offset in the
 * record in its low 16 bits, its length in the high 16). The classic
 * tracepoint programs of the eBPF source read the record at these
 * offsets: nothing about its layout is taken from BTF.
 *
 * It never opens the file: the text comes from the source. A field line
 * it cannot read (no offset, a size of 0, a name too long, a duplicate)
 * is skipped and counted; the print fmt line and unknown lines are
 * ignored. Never fails.
 */
#ifndef KMEMTOP_TRACEFMT_H
#define KMEMTOP_TRACEFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* fields kept (the kmem events have at most 12) and bytes of a name,
 * its NUL included */
enum { TRACEFMT_FIELDS_MAX = 32, TRACEFMT_NAME_MAX = 48 };

/* a record is at most this long (the kernel's PERF_MAX_TRACE_SIZE is
 * smaller): a field past it is malformed */
#define TRACEFMT_RECORD_MAX 65535u

struct tracefmt_field {
	char name[TRACEFMT_NAME_MAX]; /* "bytes_req"; untrusted text */
	uint32_t offset;	      /* bytes from the record's start */
	uint32_t size;		      /* bytes */
	bool is_signed;
	bool data_loc; /* __data_loc: see above */
};

struct tracefmt {
	char event[TRACEFMT_NAME_MAX]; /* the "name:" line's; "" none */
	bool have_id;
	uint32_t id; /* the "ID:" line's */
	struct tracefmt_field f[TRACEFMT_FIELDS_MAX];
	size_t n;
	size_t skipped; /* field lines not understood, or past the max */
};

/* Parse text[0..len) into out (replacing what it held). */
void tracefmt_parse(const char *text, size_t len, struct tracefmt *out);

/* The field called name, or NULL. */
const struct tracefmt_field *tracefmt_find(const struct tracefmt *t,
					   const char *name);

#endif
