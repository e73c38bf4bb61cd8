package io.changetrail.git;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads files of any commit through one {@code git cat-file --batch} process, kept open for as many
 * reads as the caller makes (one process, not one per file). Not thread-safe; close it when done.
 */
public final class BlobReader implements AutoCloseable {
  private final Process process;
  private final OutputStream requests;
  private final InputStream answers;
  private boolean broken;

  BlobReader(GitProcess git) {
    this.process = git.startInteractive(GitArgs.git("cat-file", "--batch"));
    this.requests = new BufferedOutputStream(process.getOutputStream());
    this.answers = new BufferedInputStream(process.getInputStream(), 1 << 16);
  }

  /**
   * The content of {@code path} in the tree of {@code commit}, decoded as UTF-8; empty when the
   * commit or path does not exist there, is not a file, or its object is missing.
   */
  public Optional<String> read(String commit, String path) {
    return readBytes(commit, path).map(b -> new String(b, StandardCharsets.UTF_8));
  }

  /** The contents of several paths of one commit, those that exist, by path. */
  public Map<String, String> readAll(String commit, Collection<String> paths) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String path : paths) {
      read(commit, path).ifPresent(text -> out.put(path, text));
    }
    return out;
  }

  /** As {@link #read}, the raw bytes. */
  public Optional<byte[]> readBytes(String commit, String path) {
    return object(commit + ":" + path).map(Blob::content);
  }

  /** A blob: its object id and content. */
  public record Blob(String id, byte[] content) {}

  /**
   * One entry of a tree object, as git stores it.
   *
   * @param name the file or folder name (not valid UTF-8: undecodable bytes as {@code \xNN})
   * @param id the object id of the blob, tree or submodule commit
   * @param tree whether it is a folder (a tree); else a file, a symbolic link or a submodule
   */
  public record TreeEntry(String name, String id, boolean tree) {}

  /**
   * A tree: its object id and its entries in git's order (the order {@code git ls-tree} prints).
   */
  public record Tree(String id, List<TreeEntry> entries) {}

  private final PathDecoder names = new PathDecoder();

  /** The root tree of {@code commit} (a full SHA), if the repository has it. */
  public Optional<Tree> rootTree(String commit) {
    return tree(commit + "^{tree}");
  }

  /** The tree with object id {@code id}, if the repository has it. */
  public Optional<Tree> tree(String id) {
    Optional<Raw> raw = raw(id);
    if (raw.isEmpty() || !raw.get().type().equals("tree")) {
      return Optional.empty();
    }
    byte[] content = raw.get().content();
    int idLength = raw.get().id().length() / 2;
    List<TreeEntry> entries = new ArrayList<>();
    int i = 0;
    while (i < content.length) {
      int space = i;
      while (space < content.length && content[space] != ' ') {
        space++;
      }
      int nul = space + 1;
      while (nul < content.length && content[nul] != 0) {
        nul++;
      }
      if (space >= content.length || nul >= content.length || nul + 1 + idLength > content.length) {
        throw new ChangeTrailException(
            Problem.GIT_FAILED, "git cat-file gave a malformed tree " + id, "");
      }
      boolean tree = space - i == 5 && content[i] == '4'; // mode 40000: a folder
      String name = names.decode(content, space + 1, nul);
      String entryId = HexFormat.of().formatHex(content, nul + 1, nul + 1 + idLength);
      entries.add(new TreeEntry(name, entryId, tree));
      i = nul + 1 + idLength;
    }
    return Optional.of(new Tree(raw.get().id(), List.copyOf(entries)));
  }

  private final java.util.Map<String, Optional<String>> texts = new java.util.HashMap<>();

  /**
   * The object id and content of {@code path} in {@code commit}'s tree, if it is a blob there; the
   * content is kept for {@link #text(String)}.
   */
  public Optional<String> idOf(String commit, String path) {
    Optional<Blob> blob = object(commit + ":" + path);
    blob.ifPresent(b -> remember(b.id(), new String(b.content(), StandardCharsets.UTF_8)));
    return blob.map(Blob::id);
  }

  /** The content of a blob by its object id, decoded as UTF-8 (read once, then kept). */
  public Optional<String> text(String id) {
    Optional<String> known = texts.get(id);
    if (known != null) {
      return known;
    }
    Optional<String> text = object(id).map(b -> new String(b.content(), StandardCharsets.UTF_8));
    remember(id, text.orElse(null));
    return text;
  }

  /**
   * As {@link #text}, without keeping the content (for a caller that keeps what it makes of it).
   */
  public Optional<String> textOnce(String id) {
    Optional<String> known = texts.get(id);
    if (known != null) {
      return known;
    }
    return object(id).map(b -> new String(b.content(), StandardCharsets.UTF_8));
  }

  private void remember(String id, String text) {
    if (texts.size() > 8192) {
      texts.clear();
    }
    texts.put(id, Optional.ofNullable(text));
  }

  private Optional<Blob> object(String spec) {
    return raw(spec)
        .filter(raw -> raw.type().equals("blob"))
        .map(raw -> new Blob(raw.id(), raw.content()));
  }

  /** An object as {@code cat-file --batch} gives it. */
  private record Raw(String id, String type, byte[] content) {}

  private Optional<Raw> raw(String spec) {
    if (broken || spec.indexOf('\n') >= 0) {
      return Optional.empty();
    }
    String path = spec;
    try {
      requests.write((spec + "\n").getBytes(StandardCharsets.UTF_8));
      requests.flush();
      String header = line();
      if (header == null) {
        broken = true;
        return Optional.empty();
      }
      String[] parts = header.split(" ");
      if (parts.length != 3) {
        return Optional.empty(); // "<name> missing" or "<name> ambiguous"
      }
      long size = Long.parseLong(parts[2]);
      byte[] content = answers.readNBytes((int) size);
      answers.read(); // the newline after the content
      return Optional.of(new Raw(parts[0], parts[1], content));
    } catch (IOException | NumberFormatException e) {
      broken = true;
      throw new ChangeTrailException(
          Problem.GIT_FAILED, "git cat-file failed while reading " + path + ": " + e, "");
    }
  }

  private String line() throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(80);
    int b;
    while ((b = answers.read()) >= 0 && b != '\n') {
      buffer.write(b);
    }
    if (b < 0 && buffer.size() == 0) {
      return null;
    }
    return buffer.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    try {
      requests.close();
    } catch (IOException ignored) {
      // the process is ending anyway
    }
    try {
      answers.close();
    } catch (IOException ignored) {
      // idem
    }
    process.destroy();
  }
}
