package dev.dmasim.core.mem;

/**
 * The memory behind the bus (the DRAM controller), as the bus sees it. Unlike a plain
 * {@link MemoryTarget}, it tells the bus ahead of time when a read's data will be ready, so the
 * bus can arbitrate the data's return without an event per read.
 *
 * <p>Contract: {@link #accept} is called when the transaction arrives, at {@code engine.now()}
 * (the bus moves the engine's clock when it runs ahead, see {@code Bus}). For a read the
 * controller later (or during {@code accept}) calls
 * {@link Upstream#readReady(MemTransaction, long)} with a time not before the arrival, having
 * already filled {@code t.versions} and {@code t.servedBy}. For a write it calls
 * {@link Upstream#writeDone(MemTransaction)} at the simulated time the write is committed to
 * memory (during {@code accept} if that is the arrival, else from its own event); from then on
 * every later access sees it.
 */
public interface MemoryController {
    void accept(MemTransaction t);

    /** Connect the single upstream (the bus) that receives this controller's answers. */
    void connect(Upstream upstream);

    /** Where a memory controller's answers go. */
    interface Upstream {
        /** Read data of {@code t} will be ready at {@code readyPs} (not before now). */
        void readReady(MemTransaction t, long readyPs);

        /** Write {@code t} has been committed to memory now. */
        void writeDone(MemTransaction t);
    }
}
