package io.changetrail.app.systems;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.change.FileChange;
import io.changetrail.git.BlobIds;
import io.changetrail.git.BlobReader;
import io.changetrail.git.GitRepository;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What build discovery needs of one tree: which build files it has (pom.xml, settings.gradle,
 * build.gradle, package.json, go.mod and the build wrappers), their contents, read lazily, and its
 * top-level folders. Taken from a commit's tree ({@link #at}), derived for the tree a diff starts
 * from ({@link #before}), or from the work tree ({@link #of}).
 */
public final class BuildTree {
  private static final Set<String> BUILD_FILE_NAMES =
      Set.of(
          "pom.xml",
          "settings.gradle",
          "settings.gradle.kts",
          "build.gradle",
          "build.gradle.kts",
          "package.json",
          "pnpm-workspace.yaml",
          "lerna.json",
          "go.mod");
  private static final Set<String> WRAPPERS = Set.of("mvnw", "gradlew");

  /**
   * path -> the object id of its content ("" for the work tree reader), in path order (git's order
   * of a tree's files, whichever way the tree was derived)
   */
  private final Map<String, String> sources;

  private final Map<String, Integer> topLevel;
  private final Function<String, Optional<String>> workTree;
  private final BlobReader blobs;

  /** work-tree contents by path (commit trees read by object id through the blob reader) */
  private final Map<String, Optional<String>> contents;

  private BuildTree(
      Map<String, String> sources,
      Map<String, Integer> topLevel,
      Function<String, Optional<String>> workTree,
      BlobReader blobs,
      Map<String, Optional<String>> contents) {
    this.sources = sources;
    this.topLevel = topLevel;
    this.workTree = workTree;
    this.blobs = blobs;
    this.contents = contents;
  }

  /** The configuration file whose systems a commit declares (at the root only). */
  public static final String CONFIG_FILE = "changetrail.yml";

  /** Whether discovery reads this path (a build file, a build wrapper, or changetrail.yml). */
  public static boolean isBuildFile(String path) {
    if (path.equals(CONFIG_FILE)) {
      return true;
    }
    int slash = path.lastIndexOf('/');
    String name = slash < 0 ? path : path.substring(slash + 1);
    if (WRAPPERS.contains(path)) {
      return true;
    }
    return (BUILD_FILE_NAMES.contains(name)
            || name.endsWith(".gradle")
            || name.endsWith(".gradle.kts"))
        && !path.contains("node_modules/");
  }

  /** The work tree's (or any file list's) build files, read through {@code reader}. */
  public static BuildTree of(List<String> files, Function<String, Optional<String>> reader) {
    Map<String, String> sources = new TreeMap<>();
    Map<String, Integer> topLevel = new TreeMap<>();
    for (String file : files) {
      add(file, "", sources, topLevel);
    }
    return new BuildTree(sources, topLevel, reader, null, new HashMap<>());
  }

  /**
   * The build files of {@code commit}'s tree, read tree object by tree object through {@code
   * blobs}; a folder whose tree was read before (for any commit) is not read again, so a walk of
   * the history reads only the folders that changed. Contents are read when discovery asks.
   */
  public static BuildTree at(GitRepository git, BlobReader blobs, String commit) {
    BlobReader.Tree root =
        blobs
            .rootTree(commit)
            .orElseThrow(
                () ->
                    new ChangeTrailException(
                        Problem.GIT_FAILED,
                        "the tree of commit " + commit + " cannot be read",
                        "check the repository with 'git fsck'; a partial or damaged clone lacks"
                            + " objects ('git fetch --refetch')"));
    Map<String, String> sources = new TreeMap<>();
    Map<String, Integer> topLevel = new TreeMap<>();
    for (BlobReader.TreeEntry entry : root.entries()) {
      if (entry.tree()) {
        Folder folder = folder(blobs, entry.id());
        if (folder.files() > 0) {
          topLevel.put(entry.name(), folder.files());
        }
        for (String[] candidate : folder.candidates()) {
          String path = entry.name() + "/" + candidate[0];
          if (isBuildFile(path)) {
            sources.put(path, candidate[1]);
          }
        }
      } else if (isBuildFile(entry.name())) {
        sources.put(entry.name(), entry.id());
      }
    }
    return new BuildTree(sources, topLevel, null, blobs, new HashMap<>());
  }

  /**
   * What a folder (a tree object) holds for discovery: how many files are below it, and the files
   * whose name may make them build files, by path below the folder and object id, in git's order.
   */
  private record Folder(int files, List<String[]> candidates) {}

  /** Folders by tree id: a tree id names the same content in any commit (and repository). */
  private static final Map<String, Folder> FOLDERS = new java.util.concurrent.ConcurrentHashMap<>();

  private static Folder folder(BlobReader blobs, String id) {
    Folder known = FOLDERS.get(id);
    if (known != null) {
      return known;
    }
    BlobReader.Tree tree =
        blobs
            .tree(id)
            .orElseThrow(
                () ->
                    new ChangeTrailException(
                        Problem.GIT_FAILED,
                        "object " + id + " is missing from the repository (a folder's tree)",
                        "a partial or damaged clone: fetch the object ('git fetch --refetch', or"
                            + " clone without --filter)"));
    int files = 0;
    List<String[]> candidates = new ArrayList<>();
    for (BlobReader.TreeEntry entry : tree.entries()) {
      if (entry.tree()) {
        Folder folder = folder(blobs, entry.id());
        files += folder.files();
        for (String[] candidate : folder.candidates()) {
          candidates.add(new String[] {entry.name() + "/" + candidate[0], candidate[1]});
        }
      } else {
        files++;
        if (mayBeBuildFile(entry.name())) {
          candidates.add(new String[] {entry.name(), entry.id()});
        }
      }
    }
    Folder folder = new Folder(files, List.copyOf(candidates));
    if (FOLDERS.size() > 100_000) {
      FOLDERS.clear();
    }
    FOLDERS.put(id, folder);
    return folder;
  }

  /** Whether a file of this name is a build file in some folder ({@link #isBuildFile}). */
  private static boolean mayBeBuildFile(String name) {
    return BUILD_FILE_NAMES.contains(name)
        || WRAPPERS.contains(name)
        || name.endsWith(".gradle")
        || name.endsWith(".gradle.kts");
  }

  private static void add(
      String file, String source, Map<String, String> sources, Map<String, Integer> topLevel) {
    if (isBuildFile(file) && source != null) {
      sources.put(file, source);
    }
    int slash = file.indexOf('/');
    if (slash > 0) {
      topLevel.merge(file.substring(0, slash), 1, Integer::sum);
    }
  }

  /**
   * The tree {@code files} (a diff from {@code base} to this tree) starts from: this tree with the
   * diff undone. Build files the diff touches are read at {@code base}; the rest are shared.
   * Returns this very object when the diff touches no build file and no top-level folder appears or
   * goes.
   */
  public BuildTree before(Collection<FileChange> files, String base) {
    return applied(files, false, (i, path) -> idAt(base, path));
  }

  /**
   * As {@link #before(Collection, String)}, with the blob ids of the diff's files as {@code git
   * log} gave them: no object is looked up.
   */
  public BuildTree before(List<FileChange> files, BlobIds ids) {
    return applied(files, false, (i, path) -> isBuildFile(path) ? ids.before(i) : "");
  }

  /**
   * The tree {@code files} (a diff from this tree to {@code commit}'s) leads to: this tree with the
   * diff applied, build files the diff touches read at {@code commit}. The inverse of {@link
   * #before}; returns this very object when the diff touches no build file and no top-level folder
   * appears or goes.
   */
  public BuildTree after(Collection<FileChange> files, String commit) {
    return applied(files, true, (i, path) -> idAt(commit, path));
  }

  /** As {@link #after(Collection, String)}, with the blob ids of the diff's files. */
  public BuildTree after(List<FileChange> files, BlobIds ids) {
    return applied(files, true, (i, path) -> isBuildFile(path) ? ids.after(i) : "");
  }

  /**
   * The object id of the file of diff entry {@code index} at {@code path} on the side the tree is
   * taken to ("" for a file that is not a build file, null for none).
   */
  private interface Ids {
    String of(int index, String path);
  }

  /**
   * This tree with {@code files} applied ({@code forward}: the diff leads from this tree to the
   * side {@code ids} gives) or undone (the diff leads from that side to this tree); build files
   * that appear or change get the ids {@code ids} gives.
   */
  private BuildTree applied(Collection<FileChange> files, boolean forward, Ids ids) {
    Map<String, String> sources = null;
    Map<String, Integer> top = null;
    int index = -1;
    for (FileChange file : files) {
      index++;
      boolean build =
          isBuildFile(file.path()) || (file.oldPath() != null && isBuildFile(file.oldPath()));
      boolean structural =
          switch (file.status()) {
            case ADDED, DELETED, RENAMED, COPIED -> true;
            default -> false;
          };
      if (!build && !structural) {
        continue;
      }
      if (sources == null) {
        sources = new TreeMap<>(this.sources);
        top = new TreeMap<>(this.topLevel);
      }
      // the path that goes and the path that appears, in the direction the diff is taken
      String gone = null;
      String comes = null;
      switch (file.status()) {
        case ADDED, COPIED -> {
          if (forward) {
            comes = file.path();
          } else {
            gone = file.path();
          }
        }
        case DELETED -> {
          if (forward) {
            gone = file.path();
          } else {
            comes = file.path();
          }
        }
        case RENAMED -> {
          gone = forward ? file.oldPath() : file.path();
          comes = forward ? file.path() : file.oldPath();
        }
        default -> {
          if (isBuildFile(file.path())) {
            String id = ids.of(index, file.path());
            if (id == null) {
              sources.remove(file.path());
            } else {
              sources.put(file.path(), id);
            }
          }
        }
      }
      if (gone != null) {
        remove(gone, sources, top);
      }
      if (comes != null) {
        add(comes, ids.of(index, comes), sources, top);
      }
    }
    if (sources == null) {
      return this;
    }
    return new BuildTree(sources, top, workTree, blobs, contents);
  }

  /** The object id of a build file at {@code base} ("" when it is not a build file). */
  private String idAt(String base, String path) {
    if (!isBuildFile(path)) {
      return "";
    }
    return blobs == null ? null : blobs.idOf(base, path).orElse(null);
  }

  private static void remove(String file, Map<String, String> sources, Map<String, Integer> top) {
    sources.remove(file);
    int slash = file.indexOf('/');
    if (slash > 0) {
      top.computeIfPresent(file.substring(0, slash), (k, n) -> n <= 1 ? null : n - 1);
    }
  }

  /** The build files and wrappers of the tree, in path order. */
  public List<String> files() {
    return List.copyOf(sources.keySet());
  }

  /** The top-level folders of the tree. */
  public Set<String> topLevelFolders() {
    return topLevel.keySet();
  }

  /** The content of one of the tree's build files. */
  public Optional<String> read(String path) {
    String id = sources.get(path);
    if (id == null) {
      return Optional.empty();
    }
    if (id.isEmpty() || blobs == null) {
      return contents.computeIfAbsent(path, workTree);
    }
    return blobs.text(id);
  }

  /**
   * As {@link #read}, for a file the caller reads once (its result is kept by object id): a
   * commit's blob is not kept by the blob reader.
   */
  public Optional<String> readOnce(String path) {
    String id = sources.get(path);
    if (id == null || id.isEmpty() || blobs == null) {
      return read(path);
    }
    return blobs.textOnce(id);
  }

  /**
   * The object id of one of the tree's build files: a blob id for a commit's tree, "" for the work
   * tree's (known only by path), null for a file the tree lacks.
   */
  public String objectId(String path) {
    String id = sources.get(path);
    return id == null || blobs == null ? (id == null ? null : "") : id;
  }

  /** Equal for trees whose build files have the same contents and whose top-level folders agree. */
  public Object key() {
    return List.of(sources, topLevel.keySet());
  }
}
