#!/bin/sh
# doc/leak-hunt.sh - how doc/leak-hunt.png was made: three minutes of
# kmemtop -b on a machine where a program leaks 200 UNIX sockets (100 pairs) and 400
# files every 2 seconds, then the leak report and the plot. Run as root;
# it leaves its files in a temporary directory it names.
set -eu
d=$(mktemp -d)
cd "$d"
mkdir files
cat > leak.py <<'PY'
import socket, time
held = []
for step in range(80):
    for i in range(100):
        held.extend(socket.socketpair())
    for i in range(400):
        open("files/f%d_%d" % (step, i), "w").close()
    time.sleep(2)
time.sleep(40) # holds the sockets until the recording ends
PY
kmemtop -b -d 2 -n 95 --json --view slab,vmalloc,oom --output night.jsonl.zst &
sleep 6
ulimit -n "$(ulimit -Hn)" # the sockets are file descriptors
python3 leak.py
wait
kmemtop -o --replay night.jsonl.zst --view slab | head -12
kmemtop --replay night.jsonl.zst --plot leak-hunt.png
echo "$d/leak-hunt.png"
