package io.changetrail.domain.document;

/**
 * One line of a checklist: {@code - ✅ text} or {@code - [x] text} passed, {@code - ❌ text} or
 * {@code - [ ] text} not passed.
 *
 * @param passed whether it is ticked
 * @param text what was checked
 * @param line the line within its section's body, counting from 0
 */
public record ChecklistItem(boolean passed, String text, int line) {
  /** The item as the renderer writes it. */
  public String render() {
    return "- " + (passed ? "✅" : "❌") + " " + text;
  }
}
