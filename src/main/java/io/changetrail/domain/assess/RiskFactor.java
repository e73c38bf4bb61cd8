package io.changetrail.domain.assess;

/**
 * One reason a change is risky, and how much it adds to the score.
 *
 * @param id stable identifier ({@code tier}, {@code sensitive:db-migration}...)
 * @param description what was found, for people
 * @param weight points added to the risk score
 */
public record RiskFactor(String id, String description, int weight) {}
