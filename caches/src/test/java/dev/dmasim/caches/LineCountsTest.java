package dev.dmasim.caches;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class LineCountsTest {
    /** Random adds and removes over a small key space (so probe runs collide and wrap) agree with a HashMap. */
    @Property(tries = 300)
    void agreesWithAHashMap(@ForAll @Size(max = 400) List<@IntRange(min = 0, max = 60) Integer> ops,
                            @ForAll @IntRange(min = 0, max = 3) int spread) {
        LineCounts c = new LineCounts(2);
        Map<Long, Integer> ref = new HashMap<>();
        for (int op : ops) {
            long line = (long) (op >> 1) << (spread * 7); // spread > 0: keys far apart, as line numbers are
            if ((op & 1) == 0 || !ref.containsKey(line)) {
                c.add(line);
                ref.merge(line, 1, Integer::sum);
            } else {
                c.remove(line);
                if (ref.merge(line, -1, Integer::sum) == 0) ref.remove(line);
            }
            assertEquals(ref.size(), c.size());
        }
        for (long k = 0; k <= 31; k++) {
            long line = k << (spread * 7);
            assertEquals(ref.getOrDefault(line, 0), c.count(line), "line " + line);
            assertEquals(ref.containsKey(line), c.contains(line));
        }
    }

    @Test
    void removingAnAbsentLineIsAnInvariantViolation() {
        LineCounts c = new LineCounts();
        c.add(7);
        c.remove(7);
        assertThrows(IllegalStateException.class, () -> c.remove(7));
        assertThrows(IllegalArgumentException.class, () -> c.add(-1));
    }
}
