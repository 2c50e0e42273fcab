# bench/gen_vmallocinfo.awk - a synthetic /proc/vmallocinfo of N lines
# (awk -v n=1000000 -f gen_vmallocinfo.awk), shaped like a busy host: most
# lines are thread stacks (one per kernel thread), then unpurged areas,
# module allocations, ioremaps with phys=, vmaps and vm_map_ram. Hashed
# addresses, N0=/N1= counts. Deterministic.
function hex(v) { return sprintf("0x%016x", v) }
BEGIN {
	srand(42)
	split("alloc_thread_stack_node+0x84/0x1a0 bpf_prog_alloc_no_stats+0x4c/0x140 load_module+0x1d3e/0x2a10 __vmalloc_node+0x43/0x50 kvmalloc_node+0x6b/0x110 alloc_large_system_hash+0x161/0x260 pcpu_create_chunk+0x20/0x2d0 n_tty_open+0x1a/0x90 devm_ioremap+0x4f/0x90 pci_iomap_range+0x5b/0x90 acpi_os_map_iomem+0x1bc/0x1e0 memremap+0x92/0x130 drm_gem_shmem_vmap+0x70/0xd0 xfs_buf_get_map+0x211/0x430", callers, " ")
	split("[nvme] [e1000e] [i915] [xfs] [kvm] [bpf_preload]", mods, " ")
	a = 4294967296 * 4294967295 / 2
	for (i = 0; i < n; i++) {
		r = int(rand() * 1000)
		s = a + int(rand() * 1e12)
		e = a + int(rand() * 1e12)
		if (r < 700) {
			printf "%s-%s   20480 %s pages=4 vmalloc N%d=4\n", hex(s), hex(e), callers[1], i % 2
		} else if (r < 850) {
			printf "%s-%s    8192 unpurged vm_area\n", hex(s), hex(e)
		} else if (r < 900) {
			c = callers[2 + int(rand() * 7)]
			p = 1 + int(rand() * 64)
			m = rand() < 0.3 ? " " mods[1 + int(rand() * 6)] : ""
			printf "%s-%s %7d %s%s pages=%d vmalloc vpages N0=%d\n", hex(s), hex(e), (p + 1) * 4096, c, m, p, p
		} else if (r < 960) {
			c = callers[9 + int(rand() * 4)]
			m = rand() < 0.5 ? " " mods[1 + int(rand() * 3)] : ""
			printf "%s-%s %7d %s%s phys=0x%016x ioremap\n", hex(s), hex(e), 4096 * (1 + int(rand() * 16)), c, m, 4026531840 + 4096 * int(rand() * 65536)
		} else if (r < 990) {
			printf "%s-%s %7d %s pages=%d vmap\n", hex(s), hex(e), 8192, callers[13 + int(rand() * 2)], 1
		} else {
			printf "%s-%s   12288 vm_map_ram\n", hex(s), hex(e)
		}
	}
}
