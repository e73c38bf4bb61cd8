package io.changetrail.domain.lifecycle;

import io.changetrail.domain.assess.Level;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who may approve what, and how many approvals a change needs: from changetrail.yml ({@code
 * approvals:} and {@code emergency:}), with defaults (one approval for LOW and MEDIUM risk, two for
 * HIGH; anyone but the change's own people may approve; emergency changes approved within 24 hours;
 * sign-off whenever anything is HIGH).
 *
 * @param required approvals needed per risk level
 * @param approvers who may approve which systems or tiers; empty means anyone
 * @param emergencyWindow how long an emergency change may stay unapproved after deployment
 */
public record ApprovalPolicy(
    Map<Level, Integer> required, List<ApproverRule> approvers, Duration emergencyWindow) {

  public ApprovalPolicy {
    required = Map.copyOf(required);
    approvers = List.copyOf(approvers);
  }

  /** One rule: these people may approve changes to these systems or tiers. */
  public record ApproverRule(List<String> people, List<String> systems, List<Integer> tiers) {
    public ApproverRule {
      people = List.copyOf(people);
      systems = List.copyOf(systems);
      tiers = List.copyOf(tiers);
    }

    boolean matches(Person person) {
      return people.stream().anyMatch(p -> p.equals("*") || Person.parse(p).sameAs(person));
    }

    boolean covers(String system, int tier) {
      boolean anySystem = systems.isEmpty() || systems.contains("*");
      boolean anyTier = tiers.isEmpty();
      if (anySystem && anyTier) {
        return true;
      }
      return (!systems.isEmpty() && (systems.contains("*") || systems.contains(system)))
          || (!anyTier && tiers.contains(tier));
    }
  }

  public static ApprovalPolicy defaults() {
    Map<Level, Integer> required = new EnumMap<>(Level.class);
    required.put(Level.LOW, 1);
    required.put(Level.MEDIUM, 1);
    required.put(Level.HIGH, 2);
    return new ApprovalPolicy(required, List.of(), Duration.ofHours(24));
  }

  public int requiredApprovals(Level risk, ChangeClass changeClass) {
    if (changeClass == ChangeClass.STANDARD) {
      return 0;
    }
    return required.getOrDefault(risk, 1);
  }

  /**
   * Why {@code person} may not approve a change touching these systems under this policy, or empty
   * when they may. (Segregation of duties is checked by {@link ChangeRecord}.)
   */
  public Optional<String> refusal(Person person, List<ChangeRecord.SystemRef> systems) {
    if (approvers.isEmpty()) {
      return Optional.empty();
    }
    List<ApproverRule> own = approvers.stream().filter(r -> r.matches(person)).toList();
    if (own.isEmpty()) {
      return Optional.of(
          person.display() + " is not an approver in changetrail.yml (approvals.approvers)");
    }
    for (ChangeRecord.SystemRef system : systems) {
      if (own.stream().noneMatch(r -> r.covers(system.name(), system.tier()))) {
        return Optional.of(
            person.display()
                + " may not approve changes to "
                + system.name()
                + " (tier "
                + system.tier()
                + ") under approvals.approvers");
      }
    }
    return Optional.empty();
  }
}
