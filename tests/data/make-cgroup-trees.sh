#!/bin/sh
# make-cgroup-trees.sh - writes the cgroup fixture trees of tests/data:
#   cgroup2-6.6/   a kernel with memory.stat's kernel, vmalloc and
#                  sec_pagetables keys (6.3 on), in the kernel's order;
#   cgroup2-5.10/  one before them (no kernel, vmalloc, sec_pagetables);
#   cgroup1/       a v1 memory hierarchy (what v1 offers);
#   nocgroup/      no memory controller at all.
# Key names and order: Documentation/admin-guide/cgroup-v2.rst (memory.stat,
# memory.events, memory.pressure). Values are made up, in KiB, so that the
# test can check sums by hand: each parent's memory.stat is its own
# values plus its children's (v2 is hierarchical), KERNEL includes 'other'
# kernel memory the parts do not name.
set -eu
cd "$(dirname "$0")"

# node TREE PATH STACK PGTBL SEC PERCPU SOCK VMALLOC SLAB_R SLAB_U OTHER
#      CURRENT MAX OOM_KILL PSI: one cgroup, values in KiB (MAX: KiB or max)
node() {
	t=$1 p=$2
	d="$t/sys/fs/cgroup$p"
	mkdir -p "$d"
	k() { echo $(($1 * 1024)); }
	kernel=$(($3 + $4 + $5 + $6 + $8 + $9 + ${10} + ${11}))
	{
		echo "anon $(k 1000)"
		echo "file $(k 2000)"
		case $t in *6.6) echo "kernel $(k $kernel)" ;; esac
		echo "kernel_stack $(k $3)"
		echo "pagetables $(k $4)"
		case $t in *6.6) echo "sec_pagetables $(k $5)" ;; esac
		echo "percpu $(k $6)"
		echo "sock $(k $7)"
		case $t in *6.6) echo "vmalloc $(k $8)" ;; esac
		echo "shmem 0"
		echo "file_mapped $(k 100)"
		echo "file_dirty 0"
		echo "file_writeback 0"
		echo "anon_thp 0"
		echo "inactive_anon $(k 500)"
		echo "active_anon $(k 500)"
		echo "inactive_file $(k 1000)"
		echo "active_file $(k 1000)"
		echo "unevictable 0"
		echo "slab_reclaimable $(k $9)"
		echo "slab_unreclaimable $(k ${10})"
		echo "slab $(k $((${9} + ${10})))"
		echo "workingset_refault_anon 0"
		echo "pgfault 12345"
	} > "$d/memory.stat"
	echo "$(k ${12})" > "$d/memory.current"
	case ${13} in max) echo max ;; *) k ${13} ;; esac > "$d/memory.max"
	printf 'low 0\nhigh 0\nmax 0\noom %s\noom_kill %s\n' ${14} ${14} > "$d/memory.events"
	printf 'some avg10=%s avg60=0.00 avg300=0.00 total=0\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n' ${15} > "$d/memory.pressure"
	echo "0::$p" > /dev/null
}

machine() { # TREE: meminfo and sockstat of the machine
	mkdir -p "$1/proc/net"
	cat > "$1/proc/meminfo" <<'M'
MemTotal:        4000000 kB
MemFree:         3000000 kB
MemAvailable:    3500000 kB
Slab:              13000 kB
SReclaimable:       8000 kB
SUnreclaim:         5000 kB
KernelStack:         900 kB
PageTables:         1500 kB
VmallocTotal:   34359738367 kB
VmallocUsed:        2000 kB
Percpu:              600 kB
SwapTotal:             0 kB
SwapFree:              0 kB
CommitLimit:     2000000 kB
Committed_AS:     500000 kB
M
	printf 'sockets: used 40\nTCP: inuse 3 orphan 0 tw 0 alloc 5 mem 100\nUDP: inuse 2 mem 28\nUDPLITE: inuse 0\nRAW: inuse 0\nFRAG: inuse 0 memory 0\n' > "$1/proc/net/sockstat"
}

for t in cgroup2-6.6 cgroup2-5.10; do
	rm -rf "$t"
	machine "$t"
	mkdir -p "$t/sys/fs/cgroup"
	echo "cpuset cpu io memory hugetlb pids rdma misc" > "$t/sys/fs/cgroup/cgroup.controllers"
	#                                          stack pgtbl sec percpu sock vmalloc slab_r slab_u other current max oom psi
	node $t /system.slice/sshd.service             32  40   0   8    4   12   100   60   20   5000  max      0 0.00
	node $t /system.slice/docker.service/ctr1      64 120   8  16  256   40   300  900   50  20000  65536    2 1.50
	node $t /system.slice/docker.service           80 144   8  24  256   44   350  980   60  23000  max      2 1.50
	node $t /system.slice                         112 184   8  36  260   56   450 1040   80  28000  max      2 0.80
	node $t /user.slice/user-1000.slice/session-1.scope 48 200 0 8 32   8   400  120   30  30000  max      0 0.20
	node $t /user.slice/user-1000.slice            48 200   0  12   32    8   400  120   30  30000  max      0 0.20
	node $t /user.slice                            48 200   0  16   32    8   400  120   30  30000  max      0 0.10
done
rm -rf cgroup1 nocgroup
machine cgroup1
for p in "" /docker /docker/abc; do
	d="cgroup1/sys/fs/cgroup/memory$p"
	mkdir -p "$d"
	case $p in
	"") u=900000 k=400000 ;;
	/docker) u=300000 k=120000 ;;
	*) u=200000 k=90000 ;;
	esac
	echo $((u * 1024)) > "$d/memory.usage_in_bytes"
	echo $((k * 1024)) > "$d/memory.kmem.usage_in_bytes"
	echo 4096 > "$d/memory.kmem.tcp.usage_in_bytes"
	echo 9223372036854771712 > "$d/memory.limit_in_bytes"
	printf 'oom_kill_disable 0\nunder_oom 0\noom_kill 1\n' > "$d/memory.oom_control"
	echo "cache 0" > "$d/memory.stat"
done
machine nocgroup
mkdir -p nocgroup/sys/fs/cgroup
echo "cpu io pids" > nocgroup/sys/fs/cgroup/cgroup.controllers
