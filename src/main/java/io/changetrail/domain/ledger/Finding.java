package io.changetrail.domain.ledger;

/**
 * One thing wrong with a log. {@code index} is the first entry index the problem makes bad, or -1
 * when no entry is bad (a forged checkpoint beside intact entries).
 */
public record Finding(long index, String message) {}
