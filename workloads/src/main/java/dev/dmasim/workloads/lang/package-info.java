/**
 * The front end of the workload language: {@link dev.dmasim.workloads.lang.Lexer},
 * {@link dev.dmasim.workloads.lang.Parser} (to the {@link dev.dmasim.workloads.lang.Ast}),
 * the static checker, and the catalogue of operations ({@link dev.dmasim.workloads.lang.Operations}).
 *
 * <p>Entry point: {@link dev.dmasim.workloads.lang.ScriptFrontEnd#check}, which returns either a
 * {@link dev.dmasim.workloads.lang.CheckedScript} (parameters resolved, buffers placed, every
 * expression typed and every call bound) or every {@link dev.dmasim.workloads.lang.Diagnostic}
 * ({@code FILE:LINE:COL: message}). No input makes it throw. See {@code docs/language.md}.
 */
package dev.dmasim.workloads.lang;
