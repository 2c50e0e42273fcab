# tests/tmux.sh - helpers for terminal tests: kmemtop runs inside tmux on a
# private socket at a fixed size; the screen is read with capture-pane and
# polled until it shows what is expected (no bare sleeps). Sourced after
# lib.sh.

command -v tmux >/dev/null 2>&1 || skip "tmux is not installed (./bootstrap installs it)"

# Each tm_start gets a socket of its own, in the test's temporary
# directory (so nothing is left behind): a server being killed can still
# hold the old one for a moment, and a new session there fails with
# "server exited unexpectedly".
TMUX_RUN=0
TMUX_SOCK="$T_TMP/tmux-0"
TMUX_SCREEN="$T_TMP/screen.txt"
unset TMUX

tm() {
	tmux -S "$TMUX_SOCK" "$@"
}

# tm_start COLS ROWS COMMAND: run COMMAND (a shell line) in a new session;
# after it ends, the pane shows "EXIT=<status>" and stays open
tm_start() {
	tm_stop
	TMUX_RUN=$((TMUX_RUN + 1))
	TMUX_SOCK="$T_TMP/tmux-$TMUX_RUN"
	tm -f /dev/null new-session -d -x "$1" -y "$2" \
		"env TERM=screen-256color LC_ALL=C.UTF-8 $3; echo EXIT=\$?; sleep 600"
	tm set-option -g window-size manual >/dev/null 2>&1 || true
	tm set-option -g remain-on-exit on >/dev/null 2>&1 || true
}

# tm_stop: end the session and whatever its pane started. A program
# still running gets SIGHUP from the server's end; under the sanitizers,
# LeakSanitizer's check at exit can then hang for ever in a process that
# lost its terminal (its tracer waits for a stop that never comes), so
# what is left a moment later is killed: a test never leaves a process
# behind. Only the same process (its PID and start time): a PID that
# ended may already be another test's process (the OOM tests make PIDs
# be reused on purpose).
tm_stop() {
	_pids=$(for _p in $(tm list-panes -a -F '#{pane_pid}' 2>/dev/null); do
		for _c in $(pgrep -P "$_p"); do
			echo "$_c:$(tm_start_time "$_c")"
		done; done)
	tm kill-server >/dev/null 2>&1 || true
	for _e in $_pids; do
		_p=${_e%%:*}
		_i=0
		while tm_running "$_p" && [ $_i -lt 40 ]; do sleep 0.05; _i=$((_i + 1)); done
		[ "$_p:$(tm_start_time "$_p")" = "$_e" ] && kill -9 "$_p" 2>/dev/null
	done
	return 0
}

# tm_running PID: the process exists and has not ended (a zombie has: in
# a PID namespace of a test's own, own_pid_namespace, the ended server's
# children wait as zombies for the test's shell, their init, to reap them)
tm_running() {
	_st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)
	[ -n "$_st" ] && [ "$_st" != Z ]
}

# tm_start_time PID: field 22 of /proc/PID/stat (empty when gone)
tm_start_time() {
	sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f20
}

tm_capture() {
	tm capture-pane -p > "$TMUX_SCREEN" 2>/dev/null
}

# tm_wait PATTERN [SECONDS]: poll the screen until grep -E PATTERN matches
tm_wait() {
	_limit=$(( ${2:-10} * 20 ))
	_i=0
	while [ $_i -lt $_limit ]; do
		tm_capture
		if grep -Eq -- "$1" "$TMUX_SCREEN"; then
			return 0
		fi
		_i=$((_i + 1))
		sleep 0.05
	done
	echo "--- screen while waiting for: $1"
	cat "$TMUX_SCREEN"
	echo "---"
	return 1
}

# tm_wait_not PATTERN [SECONDS]: poll until PATTERN is gone
tm_wait_not() {
	_limit=$(( ${2:-10} * 20 ))
	_i=0
	while [ $_i -lt $_limit ]; do
		tm_capture
		if ! grep -Eq -- "$1" "$TMUX_SCREEN"; then
			return 0
		fi
		_i=$((_i + 1))
		sleep 0.05
	done
	echo "--- screen while waiting for '$1' to go:"
	cat "$TMUX_SCREEN"
	echo "---"
	return 1
}

# tm_wait_line N PATTERN [SECONDS]: poll until line N of the screen
# matches grep -E PATTERN (curses writes a screen top to bottom, in many
# writes: a capture can hold a new status line above the old rows)
tm_wait_line() {
	_limit=$(( ${3:-10} * 20 ))
	_i=0
	while [ $_i -lt $_limit ]; do
		tm_capture
		sed -n "${1}p" "$TMUX_SCREEN" | grep -Eq -- "$2" && return 0
		_i=$((_i + 1))
		sleep 0.05
	done
	echo "--- line $1 never matched: $2"
	cat "$TMUX_SCREEN"
	echo "---"
	return 1
}

tm_keys() {
	tm send-keys "$@"
}

# tm_sel_row HEADER: the table row (0 first) drawn in reverse video below
# the line matching HEADER: its leading SGR sequences turn reverse on,
# or (the first row) keep the header's on
tm_sel_row() {
	tm capture-pane -p -e | awk -v hdr="$1" '$0 ~ hdr { h = NR; next }
		h {
			lead = $0; sub(/[^\033\[0-9;m].*$/, "", lead)
			if (lead ~ /7m/ || (NR == h + 1 && lead !~ /\[0m|\[0;/)) {
				print NR - h - 1; exit
			}
		}'
}

# tm_wait_sel HEADER N [SECONDS]: poll until row N is selected
tm_wait_sel() {
	_limit=$(( ${3:-10} * 20 ))
	_i=0
	while [ $_i -lt $_limit ]; do
		[ "$(tm_sel_row "$1")" = "$2" ] && return 0
		_i=$((_i + 1))
		sleep 0.05
	done
	echo "--- row $2 never selected (row $(tm_sel_row "$1"))"
	return 1
}

# tm_sel_text HEADER: the selected row's text, attributes removed
tm_sel_text() {
	_r=$(tm_sel_row "$1")
	[ -n "$_r" ] || return 1
	tm capture-pane -p | awk -v hdr="$1" -v r="$_r" '$0 ~ hdr { h = NR; next } h && NR == h + 1 + r { print; exit }'
}

