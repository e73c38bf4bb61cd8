package io.changetrail.domain.document;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A change document: the header, free text before the first section, the sections in the order
 * written (the methodology's and any others) and the git trailers. The same model serves both
 * carriers, a commit message and a {@code changes/<id>.md} file.
 *
 * @param header the first line
 * @param intro text between the header and the first section, without surrounding blank lines
 * @param sections the {@code ##} sections, in document order
 * @param trailers the git trailers of the last paragraph, in order
 */
public record ChangeDocument(
    Header header, String intro, List<DocumentSection> sections, List<Trailer> trailers) {
  public ChangeDocument {
    header = header == null ? Header.untyped("") : header;
    intro = intro == null ? "" : intro;
    sections = List.copyOf(sections);
    trailers = List.copyOf(trailers);
  }

  /** The first section with this methodology heading. */
  public Optional<DocumentSection> section(Section section) {
    return sections.stream().filter(s -> s.section().orElse(null) == section).findFirst();
  }

  public boolean has(Section section) {
    return section(section).isPresent();
  }

  /** The values of every trailer with this key (case-insensitive), in order. */
  public List<String> trailers(String key) {
    return trailers.stream()
        .filter(t -> t.key().equalsIgnoreCase(key))
        .map(Trailer::value)
        .toList();
  }

  /** Whether the header or a {@code BREAKING CHANGE} trailer declares a breaking change. */
  public boolean breaking() {
    return header.breaking()
        || trailers.stream()
            .anyMatch(
                t ->
                    t.key().equalsIgnoreCase("BREAKING CHANGE")
                        || t.key().equalsIgnoreCase("BREAKING-CHANGE"));
  }

  /** A copy with {@code section} replaced, or added in methodology order when it is missing. */
  public ChangeDocument with(DocumentSection section) {
    List<DocumentSection> updated = new ArrayList<>(sections);
    Optional<Section> known = section.section();
    for (int i = 0; i < updated.size(); i++) {
      if (updated.get(i).heading().equalsIgnoreCase(section.heading())
          || (known.isPresent() && updated.get(i).section().equals(known))) {
        updated.set(i, section);
        return new ChangeDocument(header, intro, updated, trailers);
      }
    }
    int at = updated.size();
    if (known.isPresent()) {
      for (int i = 0; i < updated.size(); i++) {
        Optional<Section> other = updated.get(i).section();
        if (other.isPresent() && other.get().ordinal() > known.get().ordinal()) {
          at = i;
          break;
        }
      }
    }
    updated.add(at, section);
    return new ChangeDocument(header, intro, updated, trailers);
  }

  public ChangeDocument withTrailer(Trailer trailer) {
    List<Trailer> updated = new ArrayList<>(trailers);
    updated.add(trailer);
    return new ChangeDocument(header, intro, sections, updated);
  }
}
