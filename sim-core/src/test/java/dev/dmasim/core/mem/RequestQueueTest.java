package dev.dmasim.core.mem;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class RequestQueueTest {
    /** Adds and removals at any position (across growth and wrap-around) keep arrival order, as a list does. */
    @Property(tries = 300)
    void behavesLikeAList(@ForAll @Size(max = 300) List<@IntRange(min = 0, max = 1000) Integer> ops) {
        RequestQueue<String> q = new RequestQueue<>();
        List<long[]> ref = new ArrayList<>();
        long next = 0;
        for (int op : ops) {
            if (op % 3 != 0 || ref.isEmpty()) {
                q.add("r" + next, next, -next);
                ref.add(new long[]{next, -next});
                next++;
            } else {
                int j = op % 4 == 0 ? 0 : op % ref.size(); // the oldest often, as FR-FCFS does
                q.remove(j);
                ref.remove(j);
            }
            assertEquals(ref.size(), q.size());
        }
        for (int j = 0; j < ref.size(); j++) {
            assertEquals("r" + ref.get(j)[0], q.item(j));
            assertEquals(ref.get(j)[0], q.keyA(j));
            assertEquals(ref.get(j)[1], q.keyB(j));
        }
        assertThrows(IndexOutOfBoundsException.class, () -> q.remove(q.size()));
    }
}
