package io.changetrail.app.lifecycle;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.ledger.Fact;
import io.changetrail.domain.ledger.LedgerEntry;
import io.changetrail.domain.lifecycle.ApprovalPolicy;
import io.changetrail.domain.lifecycle.ChangeId;
import io.changetrail.domain.lifecycle.ChangeRecord;
import io.changetrail.domain.lifecycle.EventKind;
import io.changetrail.domain.lifecycle.Identities;
import io.changetrail.ledger.LedgerStore;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The ledger as the change lifecycle reads and writes it: facts appended, entries read back and
 * folded into {@link ChangeRecord}s. Every state is a projection of these entries.
 */
public final class ChangeLedger {
  private static final int ATTEMPTS = 20;

  private final LedgerStore store;
  private final ApprovalPolicy policy;
  private java.util.function.Supplier<Identities> identities = Identities::none;
  private final Clock clock;
  private final EntryCache cache;

  public ChangeLedger(LedgerStore store, ApprovalPolicy policy, Clock clock) {
    this(store, policy, clock, null);
  }

  /**
   * @param cache parsed entries shared between calls of a long-running process; null to read the
   *     whole ledger each time
   */
  public ChangeLedger(LedgerStore store, ApprovalPolicy policy, Clock clock, EntryCache cache) {
    this.store = store;
    this.policy = policy;
    this.clock = clock;
    this.cache = cache;
  }

  /** Where the projection takes its canonical identities from (none by default). */
  public void identities(java.util.function.Supplier<Identities> source) {
    this.identities = source;
  }

  public LedgerStore store() {
    return store;
  }

  public ApprovalPolicy policy() {
    return policy;
  }

  public Instant now() {
    return clock.instant();
  }

  public LedgerEntry append(Fact fact) {
    return store.append(fact);
  }

  /** Appends facts in one transaction: all or none. */
  public List<LedgerEntry> append(List<Fact> facts) {
    return store.append(facts);
  }

  /** Every entry, in index order. */
  public List<LedgerEntry> entries() {
    return snapshot().entries();
  }

  /** Entries grouped by change id, each group in index order. */
  public Map<String, List<LedgerEntry>> byChange() {
    return snapshot().byChange();
  }

  /** The record of one change; an unknown id is an error that says so. */
  public ChangeRecord change(String id) {
    String key = key(id);
    return existing(key, snapshotOf(key).byChange().getOrDefault(key, List.of()));
  }

  /**
   * The change that entries {@code [first, last]} are about, as it stood right after {@code last}:
   * what a write that appended exactly those entries answered. Empty when they name no change.
   */
  public Optional<ChangeRecord> asAppended(long first, long last) {
    Optional<ChangeRecord> indexed =
        store.read(
            reader -> {
              if (!reader.changeIndexCurrent()) {
                return null;
              }
              String[] id = {null};
              reader.entries(
                  first,
                  last + 1,
                  (index, bytes, leaf) -> {
                    String change = parse(bytes).fact().change();
                    if (id[0] == null && change != null && !change.isEmpty()) {
                      id[0] = change;
                    }
                  });
              if (id[0] == null) {
                return Optional.<ChangeRecord>empty();
              }
              List<LedgerEntry> entries =
                  entriesOf(reader, id[0]).stream().filter(e -> e.index() <= last).toList();
              ChangeRecord record = project(id[0], entries);
              return record.exists() ? Optional.of(record) : Optional.<ChangeRecord>empty();
            });
    if (indexed != null) {
      return indexed;
    }
    Snapshot snapshot = snapshot();
    Optional<String> id =
        snapshot.entries().stream()
            .filter(e -> e.index() >= first && e.index() <= last)
            .map(e -> e.fact().change())
            .filter(c -> c != null && !c.isEmpty())
            .findFirst();
    if (id.isEmpty()) {
      return Optional.empty();
    }
    List<LedgerEntry> entries =
        snapshot.byChange().getOrDefault(id.get(), List.of()).stream()
            .filter(e -> e.index() <= last)
            .toList();
    ChangeRecord record = project(id.get(), entries);
    return record.exists() ? Optional.of(record) : Optional.empty();
  }

  public Optional<ChangeRecord> find(String id) {
    List<LedgerEntry> entries = snapshotOf(id).byChange().getOrDefault(id, List.of());
    ChangeRecord record = project(id, entries);
    return record.exists() ? Optional.of(record) : Optional.empty();
  }

  /**
   * Records a decision about one change. {@code decide} looks at the change as it stands and
   * returns the facts to append, or throws to refuse. The facts are appended only if no other entry
   * of that change was stored since it was read (checked while holding the writer's turn);
   * otherwise the change is read and decided again, so a decision never rests on a state that
   * another writer, on any node, has just changed. Returns the change as the facts leave it,
   * projected from what was read and appended: a write that committed is never answered with the
   * failure of a later read.
   *
   * @throws ChangeTrailException {@link Problem#CONFLICT} when the change kept moving for {@value
   *     #ATTEMPTS} attempts
   */
  public ChangeRecord update(String id, Function<ChangeRecord, List<Fact>> decide) {
    String key = key(id);
    for (int attempt = 1; ; attempt++) {
      Snapshot snapshot = snapshotOf(key);
      List<LedgerEntry> entries = snapshot.byChange().getOrDefault(key, List.of());
      ChangeRecord record = existing(key, entries);
      Optional<List<LedgerEntry>> appended =
          store.appendUnless(snapshot.size(), about(record.id()), decide.apply(record));
      if (appended.isPresent()) {
        List<LedgerEntry> after = new ArrayList<>(entries);
        after.addAll(appended.get());
        return project(record.id(), after);
      }
      if (attempt == ATTEMPTS) {
        throw busy(record.id());
      }
    }
  }

  /**
   * Records a new change: {@code facts} get the id that {@code newId} draws from the ids already
   * taken, and are appended only if no entry of that id was stored meanwhile (else a new id is
   * drawn). Returns the new change, projected from what was appended.
   */
  public ChangeRecord create(
      Function<Set<String>, String> newId, Function<String, List<Fact>> facts) {
    return create(newId, facts, "", same -> {});
  }

  /**
   * Records a new change bound to {@code contentHash}, as {@link #create(Function, Function)}, but
   * first hands {@code sameContent} every change that already covers exactly this content (an empty
   * list when none does): it throws to refuse, or returns to register anyway (a change that
   * supersedes a rejected one). Registrations of one content that race, on any node, see each
   * other: an entry naming the content that was stored meanwhile makes the registration read and
   * decide again.
   */
  public ChangeRecord create(
      Function<Set<String>, String> newId,
      Function<String, List<Fact>> facts,
      String contentHash,
      java.util.function.Consumer<List<ChangeRecord>> sameContent) {
    for (int attempt = 1; ; attempt++) {
      Snapshot snapshot = snapshotForCreate(contentHash);
      if (!contentHash.isEmpty()) {
        sameContent.accept(coveringContent(snapshot, contentHash));
      }
      String id = newId.apply(snapshot.taken());
      Predicate<byte[]> conflicts =
          contentHash.isEmpty() ? about(id) : about(id).or(naming(contentHash));
      Optional<List<LedgerEntry>> appended =
          store.appendUnless(snapshot.size(), conflicts, facts.apply(id));
      if (appended.isPresent()) {
        return project(id, appended.get());
      }
      if (attempt == ATTEMPTS) {
        throw busy(id);
      }
    }
  }

  /** Every registered change, oldest first. */
  public List<ChangeRecord> changes() {
    List<ChangeRecord> records = new ArrayList<>();
    for (Map.Entry<String, List<LedgerEntry>> group : byChange().entrySet()) {
      ChangeRecord record = project(group.getKey(), group.getValue());
      if (record.exists()) {
        records.add(record);
      }
    }
    return records;
  }

  /** One page of changes, and the change to page on after (empty on the last page). */
  public record Page(List<ChangeRecord> changes, Optional<String> next) {
    public Page {
      changes = List.copyOf(changes);
    }
  }

  /**
   * One page of every registered change, in the order of their first entries (oldest first, or
   * {@code newestFirst}), starting after the change {@code after} ("" for the first page). Only the
   * page's changes are read and projected, through the index by change (the whole ledger while the
   * index is being rebuilt), also on a server node: its cache is for what reads every change.
   */
  public Page page(String after, boolean newestFirst, int limit) {
    Optional<Map<String, List<LedgerEntry>>> indexed =
        store.read(reader -> pageFromIndex(reader, after, newestFirst, limit));
    if (indexed.isPresent()) {
      return pageOf(indexed.get(), limit);
    }
    Map<String, List<LedgerEntry>> groups = snapshot().byChange();
    List<String> order = new ArrayList<>(groups.keySet());
    if (newestFirst) {
      java.util.Collections.reverse(order);
    }
    int start = 0;
    if (!after.isEmpty()) {
      start = order.indexOf(after) + 1;
      if (start == 0) {
        throw unknownAfter(after);
      }
    }
    Map<String, List<LedgerEntry>> page = new LinkedHashMap<>();
    for (int i = start; i < order.size() && page.size() <= limit; i++) {
      List<LedgerEntry> entries = groups.get(order.get(i));
      if (registers(entries)) {
        page.put(order.get(i), entries);
      }
    }
    return pageOf(page, limit);
  }

  /**
   * One page of the registered changes that {@code accepts} takes, in the order of a filtered list
   * (newest first by registration, ties in ledger order; or exactly the reverse), after the change
   * {@code after} ("" for the first page). Read from the ledger's change states: only the changes
   * whose state {@code narrow} lets through are read (through the index by change) and projected, a
   * batch at a time, until the page is full. Empty while the states are being rebuilt.
   */
  public Optional<Page> filtered(
      LedgerStore.StateFilter narrow,
      Predicate<ChangeRecord> accepts,
      String after,
      boolean newestFirst,
      int limit) {
    Identities known = identities.get();
    List<ChangeRecord> found =
        store.read(
            reader -> {
              if (!reader.changeStateCurrent()) {
                return null;
              }
              LedgerStore.StateCursor cursor = null;
              if (!after.isEmpty()) {
                LedgerStore.StateRow row =
                    reader.changeState(after).orElseThrow(() -> unknownAfter(after));
                ChangeRecord record = project(after, entriesOf(reader, after), known);
                if (!record.exists() || !accepts.test(record)) {
                  throw unknownAfter(after);
                }
                cursor = new LedgerStore.StateCursor(row.registeredAt(), row.firstIndex());
              }
              List<ChangeRecord> page = new ArrayList<>();
              int batch = Math.max(limit + 1, 100);
              while (page.size() <= limit) {
                List<LedgerStore.StateRow> rows =
                    reader.changeStates(narrow, cursor, newestFirst, batch);
                for (LedgerStore.StateRow row : rows) {
                  if (page.size() > limit) {
                    break;
                  }
                  ChangeRecord record =
                      project(row.change(), entriesOf(reader, row.change()), known);
                  if (record.exists() && accepts.test(record)) {
                    page.add(record);
                  }
                  cursor = new LedgerStore.StateCursor(row.registeredAt(), row.firstIndex());
                }
                if (rows.size() < batch) {
                  break;
                }
              }
              return page;
            });
    if (found == null) {
      return Optional.empty();
    }
    List<ChangeRecord> changes = found.subList(0, Math.min(limit, found.size()));
    Optional<String> next =
        found.size() > limit ? Optional.of(changes.get(changes.size() - 1).id()) : Optional.empty();
    return Optional.of(new Page(changes, next));
  }

  /** One change's entries, read through the index by change. */
  private static List<LedgerEntry> entriesOf(LedgerStore.Reader reader, String id)
      throws java.sql.SQLException {
    List<LedgerEntry> entries = new ArrayList<>();
    reader.changeEntries(id, (index, bytes, leaf) -> entries.add(checked(id, bytes)));
    return entries;
  }

  /**
   * Up to {@code limit + 1} registered changes after {@code after} with their entries, read through
   * the index by change; empty when the index is being rebuilt.
   */
  private static Optional<Map<String, List<LedgerEntry>>> pageFromIndex(
      LedgerStore.Reader reader, String after, boolean newestFirst, int limit)
      throws java.sql.SQLException {
    if (!reader.changeIndexCurrent()) {
      return Optional.empty();
    }
    long bound = newestFirst ? Long.MAX_VALUE : -1;
    if (!after.isEmpty()) {
      bound = reader.firstEntryOf(after).orElseThrow(() -> unknownAfter(after));
    }
    Map<String, List<LedgerEntry>> page = new LinkedHashMap<>();
    while (page.size() <= limit) {
      List<LedgerStore.FirstEntry> batch =
          reader.changesByFirstEntry(bound, newestFirst, limit + 1 - page.size());
      for (LedgerStore.FirstEntry first : batch) {
        List<LedgerEntry> entries = new ArrayList<>();
        String id = first.change();
        reader.changeEntries(id, (index, bytes, leaf) -> entries.add(checked(id, bytes)));
        if (registers(entries)) {
          page.put(id, entries);
        }
        bound = first.index();
      }
      if (batch.isEmpty()) {
        break;
      }
    }
    return Optional.of(page);
  }

  /** Whether these entries register a change (a change exists from its registration on). */
  private static boolean registers(List<LedgerEntry> entries) {
    return entries != null
        && entries.stream().anyMatch(e -> EventKind.REGISTERED.equals(e.fact().kind()));
  }

  /** The first {@code limit} of up to {@code limit + 1} changes, projected, and the next. */
  private Page pageOf(Map<String, List<LedgerEntry>> found, int limit) {
    List<ChangeRecord> changes = new ArrayList<>();
    for (Map.Entry<String, List<LedgerEntry>> group : found.entrySet()) {
      if (changes.size() == limit) {
        break;
      }
      changes.add(project(group.getKey(), group.getValue()));
    }
    Optional<String> next =
        found.size() > limit ? Optional.of(changes.get(changes.size() - 1).id()) : Optional.empty();
    return new Page(changes, next);
  }

  private static ChangeTrailException unknownAfter(String after) {
    return new ChangeTrailException(
        Problem.INVALID_INPUT,
        "'" + after + "' is not one of the changes listed",
        "page on with the 'next' of the page before, with the same filters and order");
  }

  /**
   * One consistent read of the ledger: its size and entries grouped by change, either every entry
   * or only those of the changes asked for (read through the ledger's index by change); {@code
   * taken} is every change id the ledger has.
   */
  private record Snapshot(
      long size,
      List<LedgerEntry> entries,
      Map<String, List<LedgerEntry>> byChange,
      Set<String> taken) {
    Snapshot(long size, List<LedgerEntry> entries, Map<String, List<LedgerEntry>> byChange) {
      this(size, entries, byChange, byChange.keySet());
    }
  }

  /**
   * What a decision about one change needs: that change's entries and the ledger's size, read
   * through the index by change, not by reading the whole ledger, on a server node too (the whole
   * ledger when the index is being rebuilt).
   */
  private Snapshot snapshotOf(String id) {
    Snapshot indexed =
        store.read(
            reader -> {
              if (!reader.changeIndexCurrent()) {
                return null;
              }
              long size = reader.size();
              List<LedgerEntry> entries = new ArrayList<>();
              reader.changeEntries(id, (index, bytes, leaf) -> entries.add(checked(id, bytes)));
              Map<String, List<LedgerEntry>> groups = new LinkedHashMap<>();
              if (!entries.isEmpty()) {
                groups.put(id, entries);
              }
              return new Snapshot(size, entries, groups, Set.of());
            });
    return indexed != null ? indexed : snapshot();
  }

  /**
   * What registering needs: every change id taken, and the changes with an entry naming {@code
   * contentHash}, through the index by change.
   */
  private Snapshot snapshotForCreate(String contentHash) {
    Snapshot indexed =
        store.read(
            reader -> {
              if (!reader.changeIndexCurrent()) {
                return null;
              }
              long size = reader.size();
              Set<String> taken = new TakenIds(store);
              Map<String, List<LedgerEntry>> groups = new LinkedHashMap<>();
              List<LedgerEntry> all = new ArrayList<>();
              if (!contentHash.isEmpty()) {
                for (String id : reader.changesNaming(contentHash)) {
                  List<LedgerEntry> entries = new ArrayList<>();
                  reader.changeEntries(id, (index, bytes, leaf) -> entries.add(checked(id, bytes)));
                  groups.put(id, entries);
                  all.addAll(entries);
                }
              }
              return new Snapshot(size, all, groups, taken);
            });
    return indexed != null ? indexed : snapshot();
  }

  /**
   * The change ids the ledger has, asked one at a time through the index by change (a new id is
   * drawn at random, so one or two are asked), rather than every id read: what a registration
   * checks its new id against. Only iterating reads them all. An id taken after the question is
   * still caught: the append is refused when an entry about it was stored meanwhile.
   */
  private static final class TakenIds extends java.util.AbstractSet<String> {
    private final LedgerStore store;
    private Set<String> all;

    TakenIds(LedgerStore store) {
      this.store = store;
    }

    @Override
    public boolean contains(Object id) {
      if (!(id instanceof String text)) {
        return false;
      }
      return all != null
          ? all.contains(text)
          : store.read(reader -> reader.firstEntryOf(text).isPresent());
    }

    @Override
    public java.util.Iterator<String> iterator() {
      return every().iterator();
    }

    @Override
    public int size() {
      return every().size();
    }

    private Set<String> every() {
      if (all == null) {
        all = store.read(LedgerStore.Reader::changeIds);
      }
      return all;
    }
  }

  /** An entry the index says is about {@code id}: refused as tampering when it is not. */
  private static LedgerEntry checked(String id, byte[] bytes) {
    LedgerEntry entry = parse(bytes);
    if (!id.equals(entry.fact().change())) {
      throw new ChangeTrailException(
          Problem.TAMPERED,
          "the ledger's index by change lists entry "
              + entry.index()
              + " under "
              + id
              + ", but the entry is about '"
              + entry.fact().change()
              + "'",
          "run 'changetrail audit verify' to check the ledger and its index");
    }
    return entry;
  }

  /**
   * The ledger as of now: from the node's cache when there is one (it reads only what was appended
   * since), else read whole. Its size counts the entries the caller gets to see, so a later {@link
   * LedgerStore#appendUnless} checks every entry stored after them.
   */
  private Snapshot snapshot() {
    if (cache != null) {
      List<LedgerEntry> entries = cache.entries(store);
      return new Snapshot(entries.size(), entries, byChange(entries));
    }
    return store.read(
        reader -> {
          long size = reader.size();
          List<LedgerEntry> entries = new ArrayList<>();
          reader.entries(0, size, (index, bytes, leaf) -> entries.add(parse(bytes)));
          return new Snapshot(size, entries, byChange(entries));
        });
  }

  private static Map<String, List<LedgerEntry>> byChange(List<LedgerEntry> entries) {
    Map<String, List<LedgerEntry>> groups = new LinkedHashMap<>();
    for (LedgerEntry entry : entries) {
      String change = entry.fact().change();
      if (change != null && !change.isEmpty()) {
        groups.computeIfAbsent(change, k -> new ArrayList<>()).add(entry);
      }
    }
    return groups;
  }

  /** The changes whose current content is {@code contentHash}. */
  private List<ChangeRecord> coveringContent(Snapshot snapshot, String contentHash) {
    List<ChangeRecord> same = new ArrayList<>();
    for (Map.Entry<String, List<LedgerEntry>> group : snapshot.byChange().entrySet()) {
      boolean named = false;
      for (LedgerEntry entry : group.getValue()) {
        named |= contentHash.equals(entry.fact().data().get("contentHash"));
      }
      if (named) {
        ChangeRecord record = project(group.getKey(), group.getValue());
        if (record.exists() && record.contentHash().equals(contentHash)) {
          same.add(record);
        }
      }
    }
    return same;
  }

  /** Whether a stored entry binds some change to {@code contentHash}. */
  private static Predicate<byte[]> naming(String contentHash) {
    return bytes -> contentHash.equals(parse(bytes).fact().data().get("contentHash"));
  }

  /** Whether a stored entry is about change {@code id}. */
  private static Predicate<byte[]> about(String id) {
    return bytes -> id.equals(parse(bytes).fact().change());
  }

  private static String key(String id) {
    try {
      return ChangeId.parse(id).value();
    } catch (IllegalArgumentException e) {
      throw new ChangeTrailException(
          Problem.UNKNOWN_CHANGE,
          e.getMessage(),
          "list the changes with 'changetrail change list'");
    }
  }

  private ChangeRecord existing(String id, List<LedgerEntry> entries) {
    ChangeRecord record = project(id, entries);
    if (!record.exists()) {
      throw new ChangeTrailException(
          Problem.UNKNOWN_CHANGE,
          "no change " + id + " in the ledger at " + store.label(),
          "list the changes with 'changetrail change list'");
    }
    return record;
  }

  private static ChangeTrailException busy(String id) {
    return new ChangeTrailException(
        Problem.CONFLICT,
        id
            + " kept changing while this was being recorded ("
            + ATTEMPTS
            + " attempts): nothing"
            + " was recorded",
        "look at the change again, then retry");
  }

  public ChangeRecord project(String id, List<LedgerEntry> entries) {
    return project(id, entries, identities.get());
  }

  private ChangeRecord project(String id, List<LedgerEntry> entries, Identities known) {
    return ChangeRecord.project(
        id, entries, policy, ChangeLedger::stillRunning, clock.instant(), known);
  }

  /**
   * Whether the process that started a deployment still runs: same host, same process id and the
   * same process start time (so a reused pid does not count).
   */
  static boolean stillRunning(ChangeRecord.DeploymentRun run) {
    Map<String, Object> data = run.startData();
    if (Boolean.TRUE.equals(data.get("manual"))) {
      return true;
    }
    Object host = data.get("host");
    Object pid = data.get("pid");
    Object processStart = data.get("processStart");
    if (host == null || pid == null || !host.equals(hostName())) {
      // another machine: only its own process knows; trust the record until it ends
      return host != null && !host.equals(hostName());
    }
    return ProcessHandle.of(((Number) pid).longValue())
        .filter(ProcessHandle::isAlive)
        .map(
            p ->
                processStart == null
                    || p.info()
                        .startInstant()
                        .map(i -> i.toString().equals(processStart))
                        .orElse(true))
        .orElse(false);
  }

  /** Facts that identify the running process, for {@link EventKind#DEPLOYMENT_STARTED}. */
  static Map<String, Object> processIdentity() {
    Map<String, Object> identity = new LinkedHashMap<>();
    ProcessHandle self = ProcessHandle.current();
    identity.put("host", hostName());
    identity.put("pid", self.pid());
    self.info().startInstant().ifPresent(i -> identity.put("processStart", i.toString()));
    return identity;
  }

  static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }

  static LedgerEntry parse(byte[] bytes) {
    try {
      return io.changetrail.ledger.StoredEntry.parse(bytes);
    } catch (IllegalArgumentException e) {
      throw new ChangeTrailException(
          Problem.TAMPERED,
          "a ledger entry cannot be read: " + e.getMessage(),
          "run 'changetrail audit verify' to find the first bad entry");
    }
  }
}
