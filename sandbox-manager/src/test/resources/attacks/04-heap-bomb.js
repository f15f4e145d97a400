// fenrir-attack: memory bomb in Node: 1 MiB Buffers filled and kept forever (off the V8 heap, so V8's own heap limit does not apply); the memory cgroup's OOM killer ends it at memoryMb
// expect-verdict: MEMORY_LIMIT
// limits: cpuMs=10000 wallMs=20000 memoryMb=128
const kept = [];
for (;;) {
  kept.push(Buffer.alloc(1 << 20, 0x5a)); // filled, so every page is really touched
}
