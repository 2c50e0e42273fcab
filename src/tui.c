/*
 * tui.c - the interactive monitor. Not built yet: tells the user so.
 */
#include "tui.h"

#include <stdio.h>

int tui_run(const struct options *o)
{
	(void)o;
	fprintf(stderr, "kmemtop: the interactive view is not built yet; "
			"use --once\n");
	return 1;
}
