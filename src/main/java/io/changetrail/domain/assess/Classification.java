package io.changetrail.domain.assess;

import java.util.List;

/**
 * The type of a change and why it was judged so.
 *
 * @param type the change type
 * @param evidence what led to it, most decisive first
 * @param scope what kinds of file the change touches
 * @param breaking whether the description declares a breaking change ({@code !} or {@code BREAKING
 *     CHANGE:})
 */
public record Classification(
    ChangeType type, List<String> evidence, ChangeScope scope, boolean breaking) {
  public Classification {
    evidence = List.copyOf(evidence);
  }
}
