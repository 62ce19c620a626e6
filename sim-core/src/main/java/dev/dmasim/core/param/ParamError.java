package dev.dmasim.core.param;

/** A user-caused parameter problem: which parameter, and what is wrong with it. */
public record ParamError(String param, String message) {}
