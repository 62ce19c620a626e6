package dev.dmasim.devices.tg;

import org.apache.commons.math3.random.RandomGenerator;

/**
 * A seeded random permutation of {@code [0, n)} computed on demand, without a table: a
 * four-round Feistel network on the smallest even number of bits covering {@code n}, with
 * cycle walking for the values {@code >= n} (fewer than four steps on average).
 */
final class Permutation {
    private final long n;
    private final int half;
    private final long halfMask;
    private final long[] keys = new long[4];

    Permutation(long n, RandomGenerator rng) {
        if (n < 1) throw new IllegalArgumentException("empty permutation");
        this.n = n;
        int bits = Math.max(2, 64 - Long.numberOfLeadingZeros(n - 1));
        if ((bits & 1) == 1) bits++;
        this.half = bits / 2;
        this.halfMask = (1L << half) - 1;
        for (int i = 0; i < keys.length; i++) keys[i] = rng.nextLong();
    }

    long apply(long k) {
        if (k < 0 || k >= n) throw new IllegalArgumentException("index " + k + " outside [0, " + n + ")");
        long x = k;
        do {
            x = encrypt(x);
        } while (x >= n);
        return x;
    }

    private long encrypt(long x) {
        long l = x >>> half, r = x & halfMask;
        for (long key : keys) {
            long f = mix(r ^ key) & halfMask;
            long t = r;
            r = l ^ f;
            l = t;
        }
        return (l << half) | r;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }
}
