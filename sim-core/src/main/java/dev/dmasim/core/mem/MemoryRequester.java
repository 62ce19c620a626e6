package dev.dmasim.core.mem;

/** A master's end of the memory path: told, at completion time, that a transaction is done. */
public interface MemoryRequester {
    void memoryResponse(MemTransaction t);

}
