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
}
