package dev.dmasim.core.component;

/** What travels between ports. Implementations are plain data. */
public interface Message {}
