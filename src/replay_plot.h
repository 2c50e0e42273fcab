/*
 * replay_plot.h - layer 6: a recording's rows that grew most, drawn.
 */
#ifndef KMEMTOP_REPLAY_PLOT_H
#define KMEMTOP_REPLAY_PLOT_H

#include "options.h"

/* kmemtop --replay FILE --plot OUT: the top rows by growth of the
 * first --view over the recording, drawn by plot.c. Returns the exit
 * status (messages on stderr). */
int replay_plot(const struct options *o);

#endif
