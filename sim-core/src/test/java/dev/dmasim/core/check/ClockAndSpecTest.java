package dev.dmasim.core.check;

import dev.dmasim.core.param.ParamError;
import dev.dmasim.core.param.ParamRegistry;
import dev.dmasim.core.param.ParamValues;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ClockAndSpecTest {
    @Test
    void snapshotsAreFrozenWhileTheClockMovesOn() {
        VectorClock c = new VectorClock(2);
        ClockSnapshot s = c.snapshot();
        c.tick(2);
        c.join(ClockSnapshot.of(5, 0, 0, 0, 7));
        assertEquals(ClockSnapshot.of(0, 0, 1), s);
        assertEquals(2, c.get(2));
        assertEquals(5, c.get(0));
        assertEquals(7, c.get(4));
        assertEquals(0, c.get(9));
        assertEquals(ClockSnapshot.of(5, 0, 2, 0, 7), c.snapshot());
    }

    @Test
    void mergeIsTheComponentWiseMaximumAndShorterMeansZero() {
        ClockSnapshot a = ClockSnapshot.of(3, 1), b = ClockSnapshot.of(1, 4, 2);
        assertEquals(ClockSnapshot.of(3, 4, 2), ClockSnapshot.merge(a, b));
        assertEquals(ClockSnapshot.of(3, 1, 0, 0), a);
        assertEquals(ClockSnapshot.of(3, 1).hashCode(), ClockSnapshot.of(3, 1, 0).hashCode());
        assertTrue(a.leq(ClockSnapshot.of(3, 1, 9)));
        assertFalse(b.leq(a));
        assertSame(b, ClockSnapshot.merge(ClockSnapshot.of(1), b));
        assertSame(a, ClockSnapshot.merge(a, null));
    }

    @Test
    void extentCountsEachByteOnce() {
        Extent e = new Extent();
        e.add(0, 64);
        e.add(64, 128); // touching: extends
        e.add(256, 320);
        e.add(32, 96); // inside
        assertEquals(192, e.total());
        assertEquals(2, e.intervals());
        e.add(100, 300); // bridges both
        assertEquals(320, e.total());
        assertEquals(1, e.intervals());
        e.add(1000, 1010);
        e.add(500, 510); // before the last: general merge
        assertEquals(340, e.total());
        assertEquals(3, e.intervals());
    }

    @Test
    void parametersAreDeclaredWithModelDefaultsAndValidated() {
        ParamRegistry r = new ParamRegistry();
        CheckerSpec.declare(r);
        assertEquals(CheckerSpec.DEFAULT, CheckerSpec.from(ParamValues.defaults(r), new ArrayList<>()));
        assertEquals("64B", r.find("check.granularity").defaultShown());
        List<ParamError> errors = new ArrayList<>();
        CheckerSpec s = CheckerSpec.from(ParamValues.resolve(r, Map.of("check.granularity", 16L, "check.enabled", false), errors), errors);
        assertEquals(List.of(), errors);
        assertEquals(new CheckerSpec(false, 16), s);
        CheckerSpec bad = CheckerSpec.from(ParamValues.resolve(r, Map.of("check.granularity", 48L), errors), errors);
        assertEquals(1, errors.size());
        assertEquals("check.granularity", errors.get(0).param());
        assertEquals("check.granularity = 48 B is not valid (valid: 4, 8, 16, 32 or 64 B)", errors.get(0).message());
        assertEquals(64, bad.granularity());
        ParamValues.resolve(r, Map.of("check.granularity", 128L), errors);
        assertEquals(2, errors.size()); // out of the declared range
        assertEquals(16, s.newChecker(() -> 0).granularity());
        assertFalse(s.newChecker(() -> 0).enabled());
    }
}
