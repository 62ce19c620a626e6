package dev.dmasim.core.mem;

/**
 * A FIFO of requests, each an object with two {@code long} keys (a DRAM channel's queue: the
 * transaction, its bank and row; a cache's requests waiting for an MSHR: who asked, a tag, the
 * line), in a ring buffer of parallel arrays: adding and taking the oldest move nothing, and a
 * request may leave from any position while the others keep their order. It grows by doubling
 * and never allocates otherwise.
 */
public final class RequestQueue<T> {
    private Object[] items = new Object[16];
    private long[] keysA = new long[16];
    private long[] keysB = new long[16];
    private int head, size;

    public int size() { return size; }

    public boolean isEmpty() { return size == 0; }

    /** The {@code j}-th oldest request (0 = the oldest). */
    @SuppressWarnings("unchecked")
    public T item(int j) { return (T) items[at(j)]; }

    public long keyA(int j) { return keysA[at(j)]; }

    public long keyB(int j) { return keysB[at(j)]; }

    public void add(T item, long a, long b) {
        if (size == items.length) grow();
        int i = at(size);
        items[i] = item;
        keysA[i] = a;
        keysB[i] = b;
        size++;
    }

    /** Remove the {@code j}-th oldest request; the others keep their order. */
    public void remove(int j) {
        if (j < 0 || j >= size) throw new IndexOutOfBoundsException("request " + j + " of " + size);
        int mask = items.length - 1;
        for (int k = j; k > 0; k--) { // the j older requests move one place towards the tail
            int to = (head + k) & mask, from = (head + k - 1) & mask;
            items[to] = items[from];
            keysA[to] = keysA[from];
            keysB[to] = keysB[from];
        }
        items[head] = null;
        head = (head + 1) & mask;
        size--;
    }

    private int at(int j) { return (head + j) & (items.length - 1); }

    private void grow() {
        int n = items.length;
        Object[] i2 = new Object[n * 2];
        long[] a2 = new long[n * 2];
        long[] b2 = new long[n * 2];
        for (int j = 0; j < size; j++) {
            int i = at(j);
            i2[j] = items[i];
            a2[j] = keysA[i];
            b2[j] = keysB[i];
        }
        items = i2;
        keysA = a2;
        keysB = b2;
        head = 0;
    }
}
