package io.changetrail.domain.assess;

import io.changetrail.domain.document.Section;
import java.util.List;
import java.util.Optional;

/**
 * One item of the documentation plan, named as the methodology's {@code
 * plan_documentation_requirements} names it ("Integration points documentation"), tied to the rule
 * that checks it and to what in the change document shows it.
 *
 * @param item the methodology's name of the item (or ChangeTrail's, for the items it adds)
 * @param rule the rule id that checks it ({@code doc.integration-points}...)
 * @param reason why this change needs it (every change, FEATURE change, HIGH risk...)
 * @param prompt what the author should write
 * @param anyOf what shows the item, any one of them is enough; the first is where templates put it
 * @param notApplicable why the item does not apply to this change, when the plan knows it does not
 */
public record DocumentationRequirement(
    String item,
    String rule,
    String reason,
    String prompt,
    List<Evidence> anyOf,
    Optional<String> notApplicable) {
  public DocumentationRequirement {
    anyOf = List.copyOf(anyOf);
    if (anyOf.isEmpty()) {
      throw new IllegalArgumentException("a documentation item needs evidence");
    }
  }

  /** The section the item is written in (the first evidence's). */
  public Section section() {
    return anyOf.get(0).section();
  }

  public boolean applies() {
    return notApplicable.isEmpty();
  }

  /** Whether the item is the section itself, present and filled in. */
  public boolean isWholeSection() {
    return anyOf.get(0).kind() == Evidence.Kind.SECTION;
  }

  /** For people: what shows the item, e.g. "'## Business Driver' or a link in ...". */
  public String evidence() {
    return String.join(" or ", anyOf.stream().map(Evidence::describe).toList());
  }

  DocumentationRequirement notApplicable(String why) {
    return new DocumentationRequirement(item, rule, reason, prompt, anyOf, Optional.of(why));
  }

  DocumentationRequirement because(String more) {
    return new DocumentationRequirement(
        item, rule, reason + "; " + more, prompt, anyOf, notApplicable);
  }
}
