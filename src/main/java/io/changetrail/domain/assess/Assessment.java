package io.changetrail.domain.assess;

import io.changetrail.domain.change.CommitInfo;
import java.util.List;

/**
 * The impact assessment of one change: what it is, what it touches, how risky it is, what it needs
 * tested and documented, and how hard it is to roll back. Deterministic: the same diff and policy
 * give an equal assessment.
 *
 * @param subject what was assessed ("staged changes", "commit 1a2b3c4d5e"...)
 * @param description the description used for classification
 * @param commits the commits assessed, oldest first
 * @param classification the change type and its evidence
 * @param stats size of the change
 * @param systems affected systems, direct first (most critical first), then indirect
 * @param systemsSource where the systems come from (changetrail.yml, Maven modules...)
 * @param risk risk level and its factors
 * @param testing testing requirements
 * @param rollback rollback complexity and its reasons
 * @param documentation the documentation plan
 * @param notes what the reader should know about how the change was read
 */
public record Assessment(
    String subject,
    String description,
    List<CommitInfo> commits,
    Classification classification,
    ChangeStats stats,
    List<AffectedSystem> systems,
    String systemsSource,
    RiskAssessment risk,
    List<TestingRequirement> testing,
    RollbackAssessment rollback,
    DocumentationPlan documentation,
    List<String> notes) {

  public Assessment {
    commits = List.copyOf(commits);
    systems = List.copyOf(systems);
    testing = List.copyOf(testing);
    notes = List.copyOf(notes);
  }

  public List<AffectedSystem> directSystems() {
    return systems.stream().filter(AffectedSystem::direct).toList();
  }

  public List<AffectedSystem> indirectSystems() {
    return systems.stream().filter(s -> !s.direct()).toList();
  }
}
