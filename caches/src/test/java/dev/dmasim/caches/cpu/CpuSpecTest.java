package dev.dmasim.caches.cpu;

import dev.dmasim.caches.Replacement;
import dev.dmasim.caches.WritePolicy;
import dev.dmasim.core.param.ParamDecl;
import dev.dmasim.core.param.ParamError;
import dev.dmasim.core.param.ParamRegistry;
import dev.dmasim.core.param.ParamValues;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class CpuSpecTest {
    static ParamRegistry registry() {
        ParamRegistry r = new ParamRegistry();
        CpuSpec.declare(r);
        return r;
    }

    static List<ParamError> errorsFor(Map<String, Object> overrides) {
        ParamRegistry r = registry();
        r.declare(ParamDecl.number("check.granularity", dev.dmasim.core.param.ParamKind.SIZE, 64, 4, 64, "sector size"));
        List<ParamError> errors = new ArrayList<>();
        ParamValues v = ParamValues.resolve(r, overrides, errors);
        int before = errors.size();
        CpuSpec s = CpuSpec.from(v, errors);
        assertEquals(errors.size() == before, s != null);
        return errors;
    }

    @Test
    void defaultsAreModelMds() {
        CpuSpec s = CpuSpec.defaults();
        assertEquals(2, s.cores());
        assertEquals(2_000_000_000L, s.freqHz());
        assertEquals(64, s.lineBytes());
        assertEquals(32 * 1024, s.l1().sizeBytes());
        assertEquals(8, s.l1().ways());
        assertEquals(Replacement.LRU, s.l1().replacement());
        assertEquals(1024 * 1024, s.l2().sizeBytes());
        assertEquals(16, s.l2().ways());
        assertEquals(Replacement.LRU, s.l2().replacement());
        assertEquals(WritePolicy.WRITE_BACK, s.l1().writePolicy());
        assertFalse(s.coherent());
        assertEquals(PrefetchMode.NONE, s.prefetch());
        assertEquals(1, s.prefetchRatePerUs());
        assertEquals(64, s.l1().sets());
        assertEquals(1024, s.l2().sets());
    }

    @Test
    void everyNameIsDeclaredOnceWithADoc() {
        ParamRegistry r = registry();
        for (String n : List.of("cpu.cores", "cpu.freq", "cpu.line", "cpu.l1.size", "cpu.l1.ways", "cpu.l1.replacement",
                "cpu.l1.hit_cycles", "cpu.l1.mshrs", "cpu.l2.size", "cpu.l2.ways", "cpu.l2.replacement", "cpu.l2.hit_cycles",
                "cpu.l2.mshrs", "cpu.write_policy", "cpu.maint_cycles_per_line", "cpu.coherent", "cpu.prefetch",
                "cpu.prefetch_rate")) {
            assertNotNull(r.find(n), n);
            assertFalse(r.find(n).doc().isBlank(), n);
        }
        assertThrows(IllegalStateException.class, () -> CpuSpec.declare(r));
    }

    @Test
    void overridesAreRead() {
        ParamRegistry r = registry();
        List<ParamError> errors = new ArrayList<>();
        ParamValues v = ParamValues.resolve(r, Map.of("cpu.cores", 4L, "cpu.l1.replacement", "plru",
                "cpu.write_policy", "write-through", "cpu.prefetch", "speculative", "cpu.prefetch_rate", 3L), errors);
        CpuSpec s = CpuSpec.from(v, errors);
        assertTrue(errors.isEmpty(), errors.toString());
        assertEquals(4, s.cores());
        assertEquals(Replacement.PLRU, s.l1().replacement());
        assertEquals(WritePolicy.WRITE_THROUGH, s.l2().writePolicy());
        assertEquals(PrefetchMode.SPECULATIVE, s.prefetch());
        assertEquals(3, s.prefetchRatePerUs());
    }

    @Test
    void geometryErrorsNameTheParameterAndTheValidRange() {
        List<ParamError> e = errorsFor(Map.of("cpu.l1.size", 48L * 1024));
        assertEquals(1, e.size());
        assertEquals("cpu.l1.size", e.get(0).param());
        assertTrue(e.get(0).message().contains("valid:"), e.get(0).message());

        e = errorsFor(Map.of("cpu.line", 48L));
        assertEquals(1, e.size(), e.toString());
        assertEquals("cpu.line", e.get(0).param());

        e = errorsFor(Map.of("cpu.l2.size", 64L * 1024, "cpu.l2.ways", 2048L));
        assertEquals("cpu.l2.ways", e.get(0).param());
        assertTrue(e.get(0).message().contains("valid: 1 .. 1024"), e.get(0).message());

        e = errorsFor(Map.of("cpu.l1.size", 64L, "cpu.l1.ways", 2L));
        assertEquals("cpu.l1.ways", e.get(0).param());
        assertTrue(e.get(0).message().contains("valid: 1 .. 1"), e.get(0).message());

        e = errorsFor(Map.of("cpu.line", 32L));
        assertEquals("cpu.line", e.get(0).param());
        assertTrue(e.get(0).message().contains("check.granularity"), e.get(0).message());

        e = errorsFor(Map.of("cpu.line", 4096L, "cpu.l1.size", 2048L));
        assertEquals("cpu.line", e.get(0).param());
        assertTrue(e.get(0).message().contains("larger than cpu.l1.size"), e.get(0).message());

        e = errorsFor(Map.of("cpu.l1.size", 0L));
        assertEquals("cpu.l1.size", e.get(0).param());
        assertTrue(e.get(0).message().contains("valid:"), e.get(0).message());
    }
}
