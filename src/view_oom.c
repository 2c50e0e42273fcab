/*
 * view_oom.c - the OOM view's column table: one entry per column.
 */
#include "view_oom.h"

#define ROW(p) ((const struct oom_row *)(p))

static void get_pid(const void *p, struct value *v)
{
	v->kind = V_I64;
	v->i = ROW(p)->pid;
}

static void get_start_time(const void *p, struct value *v)
{
	v->kind = V_U64;
	v->u = ROW(p)->start_time;
}

static void get_user(const void *p, struct value *v)
{
	v->kind = V_STR;
	v->s = ROW(p)->user;
}

static void get_score(const void *p, struct value *v)
{
	v->kind = V_I64;
	v->i = ROW(p)->oom_score;
}

static void get_adj(const void *p, struct value *v)
{
	v->kind = V_I64;
	v->i = ROW(p)->oom_score_adj;
}

static void get_d_score(const void *p, struct value *v)
{
	v->kind = ROW(p)->has_ref ? V_I64 : V_NONE;
	v->i = ROW(p)->d_score;
}

static void get_rss(const void *p, struct value *v)
{
	v->kind = V_U64;
	v->u = ROW(p)->rss;
}

static void get_swap(const void *p, struct value *v)
{
	v->kind = V_U64;
	v->u = ROW(p)->swap;
}

static void get_d_rss(const void *p, struct value *v)
{
	v->kind = ROW(p)->has_ref ? V_I64 : V_NONE;
	v->i = ROW(p)->d_rss;
}

static void get_ram(const void *p, struct value *v)
{
	v->kind = V_F64;
	v->f = ROW(p)->ram_pct;
}

static void get_command(const void *p, struct value *v)
{
	v->kind = V_STR;
	v->s = ROW(p)->command;
}

static const struct column oom_cols[] = {
	{ .key = "pid",
	  .title = "PID",
	  .json = "pid",
	  .width = 7,
	  .fmt = F_INT,
	  .flags = COL_ASC | COL_ID,
	  .get = get_pid,
	  .help = "process ID" },
	{ .key = "user",
	  .title = "USER",
	  .json = "user",
	  .width = 8,
	  .fmt = F_TEXT,
	  .flags = COL_ASC | COL_CLIP,
	  .get = get_user,
	  .help = "effective user (cut to 8 characters on screen)" },
	{ .key = "oom_score",
	  .title = "SCORE",
	  .json = "oom_score",
	  .width = 5,
	  .fmt = F_INT,
	  .get = get_score,
	  .help = "oom_score: the OOM killer picks the highest first" },
	{ .key = "oom_score_adj",
	  .title = "ADJ",
	  .json = "oom_score_adj",
	  .width = 5,
	  .fmt = F_INT,
	  .get = get_adj,
	  .help = "oom_score_adj, -1000 (never kill) to 1000 (kill first)" },
	{ .key = "delta_score",
	  .title = "dSCORE",
	  .json = "delta_oom_score",
	  .width = 6,
	  .fmt = F_DELTA,
	  .flags = COL_DELTA | COL_NOJSON,
	  .get = get_d_score,
	  .help = "change of SCORE since the last refresh" },
	{ .key = "rss",
	  .title = "RSS",
	  .json = "rss",
	  .width = 9,
	  .fmt = F_KIB,
	  .get = get_rss,
	  .help = "resident memory in KiB (JSON: bytes)" },
	{ .key = "delta_rss",
	  .title = "dRSS",
	  .json = "delta_rss",
	  .width = 8,
	  .fmt = F_DELTA_KIB,
	  .flags = COL_DELTA | COL_NOJSON,
	  .get = get_d_rss,
	  .help = "change of RSS in KiB since the last refresh" },
	{ .key = "swap",
	  .title = "SWAP",
	  .json = "swap",
	  .width = 8,
	  .fmt = F_KIB,
	  .get = get_swap,
	  .help = "swapped-out memory in KiB (JSON: bytes)" },
	{ .key = "ram_pct",
	  .title = "%RAM",
	  .json = "ram_percent",
	  .width = 5,
	  .fmt = F_PCT1,
	  .flags = COL_NOJSON,
	  .get = get_ram,
	  .help = "RSS as a percentage of MemTotal" },
	{ .key = "start_time",
	  .title = "START",
	  .json = "start_time",
	  .width = 12,
	  .fmt = F_COUNT,
	  .flags = COL_HIDDEN | COL_ID,
	  .get = get_start_time,
	  .help = "start time in clock ticks after boot: with the PID, the "
		  "process's identity (not displayed)" },
	{ .key = "command",
	  .title = "COMMAND",
	  .json = "command",
	  .width = 0,
	  .fmt = F_TEXT,
	  .flags = COL_ASC,
	  .get = get_command,
	  .help = "command line ([name] for kernel threads); escaped" },
};

const struct view view_oom = {
	.name = "oom",
	.cols = oom_cols,
	.ncols = ARRAY_SIZE(oom_cols),
	.default_sort = 2, /* oom_score, highest first */
};
