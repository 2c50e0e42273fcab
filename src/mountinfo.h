/*
 * mountinfo.h - layer 2: /proc/PID/mountinfo parsed (proc(5),
 * Documentation/filesystems/proc.rst "mountinfo"). A line is
 *
 *   36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
 *   ID PARENT MAJ:MIN ROOT POINT OPTIONS [OPTIONAL...] - TYPE SOURCE SUPER-OPTIONS
 *
 * fields parted by one blank each, the kernel writing a blank, tab,
 * newline or backslash inside a field as an octal escape ("\040").
 *
 * A line that is not of this form (a field missing, an ID that is no
 * number or past 64 bits, a ROOT or POINT that is not absolute, an
 * escape that makes a NUL byte) is skipped and counted; fields after
 * SUPER-OPTIONS are ignored. Text in, structs out: never a file, a
 * print or an exit.
 */
#ifndef KMEMTOP_MOUNTINFO_H
#define KMEMTOP_MOUNTINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One mount. Strings are NUL-terminated, owned by the struct mountinfo;
 * root, point, type and source are unescaped (no NUL inside), options
 * are as the kernel wrote them. */
struct mount_entry {
	uint64_t id, parent;   /* mount IDs */
	uint64_t major, minor; /* the device of the files on it */
	char *root;    /* the directory of the filesystem mounted: "/" */
	char *point;   /* where: "/sys/fs/cgroup" */
	char *type;    /* "cgroup2", "ext4", "fuse.sshfs" */
	char *source;  /* "/dev/vda", "cgroup"; may be "" */
	char *options; /* the superblock's: "rw,memory" */
};

struct mountinfo {
	struct mount_entry *m; /* in the order of the text */
	size_t n, cap;
	size_t skipped; /* malformed lines (empty ones not counted) */
};

/* Parse text[0..len) into out (cleared first; free with
 * mountinfo_free). Never fails. */
void mountinfo_parse(const char *text, size_t len, struct mountinfo *out);
void mountinfo_free(struct mountinfo *mi);

/* True when opt is one of e's comma-separated superblock options
 * ("memory" of "rw,memory"), whole. */
bool mountinfo_has_option(const struct mount_entry *e, const char *opt);

/* The first mount of type type (and with superblock option opt, unless
 * opt is NULL); NULL when there is none. Borrowed from mi. */
const struct mount_entry *mountinfo_find(const struct mountinfo *mi,
					 const char *type, const char *opt);

#endif
