package io.changetrail.domain.assess;

import io.changetrail.domain.document.Section;

/**
 * A section the change document must have, tied to the rule that checks it.
 *
 * @param section the section of the change document
 * @param rule the rule id that checks it ({@code doc.rollback-procedure}...)
 * @param reason why this change needs it (base requirement, FEATURE, HIGH risk...)
 * @param prompt what the author should write there
 */
public record DocumentationRequirement(
    Section section, String rule, String reason, String prompt) {}
