package dev.dmasim.caches;

/**
 * What one maintenance operation did.
 *
 * @param op           the operation
 * @param linesVisited line addresses visited (the range's lines; for a whole-cache flush, every way of every set)
 * @param cleaned      lines whose dirty data were written back to memory
 * @param invalidated  lines (addresses) of which at least one valid copy was dropped
 * @param startPs      when the operation started
 * @param endPs        when it completed: the per-line cost has elapsed and every write-back it caused has landed
 */
public record MaintenanceResult(MaintenanceOp op, long linesVisited, long cleaned, long invalidated,
                                long startPs, long endPs) {}
