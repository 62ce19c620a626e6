package dev.dmasim.core.engine;

import dev.dmasim.core.time.ClockDomain;
import dev.dmasim.core.time.Time;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The ten-line example of docs/engine.md, checked. */
class EngineExampleTest {
    @Test
    void docExampleStopsWhenTheJobIsDoneAlthoughTheCameraRunsForever() {
        List<String> printed = new ArrayList<>();
        Engine engine = new Engine();
        ClockDomain gpu = new ClockDomain("gpu", 1_500_000_000L);
        EventHandler camera = new EventHandler() {
            @Override public void handleEvent(int type, long frame, Object att) {
                engine.scheduleDaemonAfter(16_666_666_667L, this, 0, frame + 1); } };
        engine.scheduleDaemon(0, 0, camera, 0, 0, null);
        EventHandler job = (type, payload, att) -> printed.add("done at " + Time.format(engine.now()));
        engine.schedule(gpu.after(engine.now(), 1000), job, 0, 0);
        engine.setQuiescenceListener(engine::stop);
        RunOutcome out = engine.run();
        assertEquals(RunOutcome.STOPPED, out);
        assertEquals(666_666, engine.now());
        assertEquals(List.of("done at 666.666 ns"), printed);
        assertEquals(2, engine.eventsProcessed()); // the first frame and the job
        assertEquals(1, engine.pending());         // the next frame, a daemon event
    }
}
