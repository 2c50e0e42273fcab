/*
 * replay_view.h - layer 6: the screen's replay of a recording.
 */
#ifndef KMEMTOP_REPLAY_VIEW_H
#define KMEMTOP_REPLAY_VIEW_H

#include <stddef.h>

#include "options.h"
#include "recfile.h"
#include "util.h"
#include "view.h"

/* The screen's replay: a session over the recording (--replay, --from:
 * where it opens), a tab per view it holds, each a struct view whose
 * read shows the session's current snapshot; their keys step through
 * time ([ ] { } ( ) and @ to go to a time); the screen's d and z work
 * as live, on the row set the tab's readings go to (the snapshot shown
 * and the one before it, at their recorded times; z: the snapshot shown
 * is the baseline). The tabs are freed by their view's destroy, the
 * session by replay_close after them. NULL with err when the recording
 * cannot be read. */
struct replay_session;
/* The keys of a replay's tabs (for --list-keys and the man page check). */
extern const struct view_key replay_keys[];
extern const size_t nreplay_keys;
extern const struct view_edit replay_edits[]; /* one: @ */
struct replay_session *replay_open(const struct options *o, struct kerr *err);
size_t replay_tabs(const struct replay_session *s);
const struct view *replay_tab_view(struct replay_session *s, size_t i,
				   void **st);
const struct recfile *replay_file(const struct replay_session *s);
void replay_close(struct replay_session *s);

#endif
