package dev.dmasim.workloads.lang;

/** The example scripts of WORKLOAD-LANGUAGE.md, verbatim (plus the declarations they use). */
final class Examples {
    private Examples() {}

    static final String HEADER = """
            workload "camera-to-display"        # a name for reports (default: file name)
            seed 42                             # default 1; the whole run is a pure function of script+seed
            policy implicit                     # nonblocking | enforced | exclusive | implicit (default) | explicit;
                                                # `dmasim run --policy P` overrides it
            time_limit 2s                       # simulated-time limit (default 60s); the run stops cleanly there
            system soc {                        # an optional preset name (default soc), then overrides;
                                                # `system { ... }` alone means the default preset
              bus.width = 32B
              cpu.coherent = false
              gpu0.l2.size = 2MiB
            }
            buffer fb[3] 1920x1080 XRGB8888     # an array of 3 framebuffers; formats: XRGB8888 ARGB8888 RGB565 NV12 YUYV
            buffer tex 4MiB                     # a plain buffer of a size
            buffer odd 100B align=4B            # alignment (default 4KiB); unaligned buffers share cache lines
                                                # buffers are placed in declaration order, each at the next
                                                # address that meets its alignment
            fence ready                         # a named user fence, visible to every thread
            deadline 50ms                       # per-frame glass-to-glass budget; exceeding it is a deadline-miss
            """;

    static final String THREAD = """
            buffer fb[3] 1920x1080 XRGB8888
            thread main on cpu0 {               # a userspace thread pinned to a CPU core (default cpu0)
              repeat 120 as i {                 # loop; `as i` binds 0..119 (`repeat 3 { ... }` needs no name)
                b = fb[i % 3]                   # local variables hold buffers, fences and numbers
                span "render" {                 # a named span: its duration is measured for every execution
                  f0 = gpu0.render(b, rows=0..540)
                  f1 = gpu1.render(b, rows=540..1080)
                }
                wait(merge(f0, f1))
              }
            }
            """;

    static final String SLI = """
            workload "sli-sfr-shared-buffer"
            policy nonblocking
            buffer fb[2] 1920x1080 XRGB8888
            thread main {
              sli(mode=sfr)
              repeat 60 as i {
                f = sli.render(fb[i % 2], cost=8 cycles)
                wait(f)
                disp0.flip(fb[i % 2])
              }
            }
            """;

    /** Every operation and declaration form at least once; checks clean with the MODEL.md defaults. */
    static final String ALL_OPS = """
            workload "every-operation"
            seed 7
            policy explicit
            time_limit 500ms
            deadline 40ms
            system soc {
              bus.width = 64B; bus.freq = 1.5GHz
              bus.arbitration = fixed-priority   # a bare hyphenated word
              cam0.isp = demosaic:1,denoise:2,csc:1
              cam0.mode = 1280x720@60
              gpu0.l2.size = 1MiB
              dma.engines = 3
            }
            buffer fb[3] 1920x1080 XRGB8888
            buffer cam[4] 1280x720 NV12
            buffer tex 4MiB align=64KiB
            buffer out 100B align=4B
            fence ready

            thread producer on cpu1 {
              cam0.start()
              repeat 4 as k { cam0.qbuf(cam[k], flags=no_cache_invalidate|no_cache_clean) }
              repeat 10 as i {
                b = cam0.dqbuf(timeout=100ms)
                begin_cpu_access(b, read)
                read(b, rows=0..360)
                read(b, bytes=0..4KiB)
                end_cpu_access(b, read)
                s = export_sync_file(b, write)
                f = gpu0.render(fb[i % 3], reads=[b, tex], cost=4 cycles, after=[s])
                g = gpu1.copy(b, tex, after=f)
                h = dma2.copy(tex, out, after=[f, g])
                import_sync_file(out, h, write)
                span "display" {
                  r = disp0.flip(fb[i % 3], after=merge(f, g, h))
                  disp0.wait_vblank()
                }
                cam0.qbuf(b, flags=[no_cache_clean])
                n = signaled(r) + 1
              }
              cam0.stop()
              signal(ready)
            }

            thread other {
              wait(ready, timeout=1s)
              attach(gpu0, tex); map(gpu0, tex, rw)
              x = gpu0.read(tex, rows=0..10)
              y = gpu0.clear(tex)
              unmap(gpu0, tex, rw); detach(gpu0, tex)
              poll(out, out); poll(tex, in, timeout=16ms)
              sli(mode=afr)
              z = sli.render(fb[0], cost=8, hang=false)
              t = tg0.stream(tex, read, bytes=1MiB, rate=2GB/s, pattern=random)
              t2 = tg1.stream(tex, write, interval=exp(100ns))
              t3 = tg0.stream(tex, write, interval=0ns, pattern=sequential)
              wait(merge([x, y, z], t, t2, t3))
              compute(2us); compute(5000 cycles); sleep(1ms)
              write(out); write(out, 0..50)
              e = fence()
              signal(e)
            }
            """;
}
