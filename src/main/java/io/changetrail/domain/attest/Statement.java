package io.changetrail.domain.attest;

import io.changetrail.domain.ledger.CanonicalJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-toto Statement v1: the subjects it is about (each a name and a digest set), the predicate's
 * type URI and the predicate. Serialized as canonical JSON, so the same statement always has the
 * same bytes (and the same signature input).
 */
public record Statement(
    List<Subject> subjects, String predicateType, Map<String, Object> predicate) {
  public static final String TYPE = "https://in-toto.io/Statement/v1";

  /**
   * A resource descriptor naming one subject by its digests ({@code sha256}, {@code gitTree}...).
   */
  public record Subject(String name, Map<String, String> digest) {
    public Subject {
      if (digest.isEmpty()) {
        throw new IllegalArgumentException("a subject needs at least one digest");
      }
      digest = Map.copyOf(digest);
    }
  }

  public Statement {
    if (subjects.isEmpty()) {
      throw new IllegalArgumentException("a statement needs at least one subject");
    }
    subjects = List.copyOf(subjects);
    predicate = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(predicate));
  }

  /** The statement as the maps and lists of its JSON form. */
  public Map<String, Object> toMap() {
    List<Object> subject = new ArrayList<>();
    for (Subject s : subjects) {
      Map<String, Object> node = new LinkedHashMap<>();
      node.put("name", s.name());
      node.put("digest", new LinkedHashMap<>(s.digest()));
      subject.add(node);
    }
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("_type", TYPE);
    map.put("subject", subject);
    map.put("predicateType", predicateType);
    map.put("predicate", predicate);
    return map;
  }

  /** The exact payload bytes: canonical JSON of {@link #toMap()}. */
  public byte[] bytes() {
    return CanonicalJson.bytes(toMap());
  }
}
