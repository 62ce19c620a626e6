package dev.dmasim.devices.dmabuf;

/**
 * Someone who can hold a buffer, wait, or signal: a thread or device queue (an agent, job -1),
 * or one job of a device queue. The name is what reports show: {@code cpu0/main},
 * {@code dma0}, {@code dma0 job 7}.
 *
 * @param agent the happens-before agent (thread or device queue) that acts for this party
 * @param job   the job number on that agent's queue, or -1 for the agent itself
 * @param name  for reports and wait-for chains
 */
public record Party(int agent, long job, String name) {
    public static Party agent(int agent, String name) { return new Party(agent, -1, name); }

    public boolean isJob() { return job >= 0; }

    @Override public String toString() { return name; }
}
