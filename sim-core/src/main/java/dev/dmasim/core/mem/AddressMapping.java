package dev.dmasim.core.mem;

import dev.dmasim.core.param.ParamError;

import java.util.ArrayList;
import java.util.List;

/**
 * How a physical address selects a DRAM channel, bank, row and column: the parameter
 * {@code dram.mapping} lists the four fields from the most to the least significant bits, e.g.
 * {@code row:bank:column:channel} (the default: consecutive 64 B bursts alternate between
 * channels, then walk the columns of one row, then the banks, then the rows).
 *
 * <p>The {@value #BURST_SHIFT} lowest bits select a byte within a burst (BL8 on a 64-bit
 * channel = {@value #BURST_BYTES} B) and belong to no field. Field widths: channel
 * log2(channels), bank log2(banks), column log2(row_size / 64), row the rest.
 */
public final class AddressMapping {
    public static final int BURST_BYTES = 64;
    public static final int BURST_SHIFT = 6;
    public static final String DEFAULT = "row:bank:column:channel";
    private static final List<String> FIELDS = List.of("row", "bank", "column", "channel");

    private final String text;
    private final int channelShift, bankShift, columnShift, rowShift;
    private final long channelMask, bankMask, columnMask, rowMask;

    private AddressMapping(String text, int[] shift, long[] mask) {
        this.text = text;
        this.rowShift = shift[0];
        this.rowMask = mask[0];
        this.bankShift = shift[1];
        this.bankMask = mask[1];
        this.columnShift = shift[2];
        this.columnMask = mask[2];
        this.channelShift = shift[3];
        this.channelMask = mask[3];
    }

    /**
     * Parse {@code text} for a memory of the given geometry (already checked: powers of two,
     * size a multiple of channels x banks x rowBytes). Problems go to {@code errors} under
     * {@code param}; returns null then.
     */
    public static AddressMapping parse(String param, String text, long size, int channels, int banks, long rowBytes,
                                       List<ParamError> errors) {
        String[] parts = text.trim().split("\\s*:\\s*");
        List<String> seen = new ArrayList<>();
        for (String p : parts) {
            if (!FIELDS.contains(p) || seen.contains(p)) {
                errors.add(new ParamError(param, param + " = '" + text + "' must list each of row, bank, column, channel"
                        + " exactly once, separated by ':', most significant first (e.g. " + DEFAULT + ")"));
                return null;
            }
            seen.add(p);
        }
        if (seen.size() != FIELDS.size()) {
            errors.add(new ParamError(param, param + " = '" + text + "' must list each of row, bank, column, channel"
                    + " exactly once, separated by ':', most significant first (e.g. " + DEFAULT + ")"));
            return null;
        }
        long rows = size / ((long) channels * banks * rowBytes);
        boolean rowOnTop = seen.get(0).equals("row");
        if (!rowOnTop && Long.bitCount(rows) != 1) {
            errors.add(new ParamError(param, param + " = '" + text + "' puts row below another field, which needs a"
                    + " power-of-two number of rows, but dram.size gives " + rows + " rows",
                    java.util.List.of("dram.size", "dram.channels", "dram.banks", "dram.row_size")));
            return null;
        }
        int[] width = new int[4];
        width[0] = rowOnTop ? 64 : Long.numberOfTrailingZeros(rows);
        width[1] = Integer.numberOfTrailingZeros(banks);
        width[2] = Long.numberOfTrailingZeros(rowBytes / BURST_BYTES);
        width[3] = Integer.numberOfTrailingZeros(channels);
        int[] shift = new int[4];
        long[] mask = new long[4];
        int at = BURST_SHIFT;
        for (int i = seen.size() - 1; i >= 0; i--) {
            int f = FIELDS.indexOf(seen.get(i));
            shift[f] = at;
            mask[f] = width[f] >= 64 ? -1L : (1L << width[f]) - 1;
            if (width[f] < 64) at += width[f];
        }
        return new AddressMapping(String.join(":", seen), shift, mask);
    }

    public String text() { return text; }

    public int channel(long addr) { return (int) ((addr >>> channelShift) & channelMask); }

    public int bank(long addr) { return (int) ((addr >>> bankShift) & bankMask); }

    public long row(long addr) { return (addr >>> rowShift) & rowMask; }

    public long column(long addr) { return (addr >>> columnShift) & columnMask; }

    @Override public String toString() { return text; }
}
