package io.changetrail.domain.document;

/**
 * Writes a change document as text, in the one form both carriers use: the header, a blank line,
 * the intro, each section as {@code ## Heading} with its body, and the trailers last. {@link
 * ChangeDocumentParser} reads back exactly the document that was written.
 */
public final class ChangeDocumentRenderer {
  private ChangeDocumentRenderer() {}

  public static String render(ChangeDocument document) {
    StringBuilder out = new StringBuilder(256);
    out.append(document.header().line());
    if (!document.intro().isEmpty()) {
      out.append("\n\n").append(document.intro());
    }
    for (DocumentSection section : document.sections()) {
      out.append("\n\n##");
      if (!section.heading().isEmpty()) {
        out.append(' ').append(section.heading());
      }
      if (!section.body().isEmpty()) {
        out.append('\n').append(section.body());
      }
    }
    if (!document.trailers().isEmpty()) {
      out.append("\n\n");
      for (int i = 0; i < document.trailers().size(); i++) {
        if (i > 0) {
          out.append('\n');
        }
        out.append(document.trailers().get(i).line());
      }
    }
    return out.append('\n').toString();
  }
}
