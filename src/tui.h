/*
 * tui.h - layer 4: the interactive full-screen monitor (ncursesw).
 * The only module that includes curses.
 */
#ifndef KMEMTOP_TUI_H
#define KMEMTOP_TUI_H

#include <stdio.h>

#include "options.h"

/* Run until the user quits. Returns the exit status for main: 0 after
 * 'q', 1 when the terminal cannot be used (with a message on stderr). */
int tui_run(const struct options *o);

/* Print the key binding table: one key a line, "LABEL<TAB>help". */
void tui_list_keys(FILE *f);

#endif
