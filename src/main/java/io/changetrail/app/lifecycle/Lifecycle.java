package io.changetrail.app.lifecycle;

import io.changetrail.app.Workspace;
import io.changetrail.app.config.LifecycleConfig;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.lifecycle.Person;
import io.changetrail.ledger.LedgerStore;
import java.time.Clock;

/**
 * What every lifecycle use case works with: the repository, its change-control settings, the
 * ledger, and who is acting. Opened once per command; closes the ledger.
 */
public final class Lifecycle implements AutoCloseable {
  private final Workspace workspace;
  private final LifecycleConfig config;
  private final ChangeLedger ledger;
  private final java.util.function.Supplier<Person> actorSource;
  private Person actor;

  public Lifecycle(Workspace workspace, LedgerStore store, Person actor, Clock clock) {
    this(workspace, store, () -> actor, clock);
  }

  /**
   * @param actor who is acting, asked for only when a use case records something: reading needs no
   *     identity
   */
  public Lifecycle(
      Workspace workspace,
      LedgerStore store,
      java.util.function.Supplier<Person> actor,
      Clock clock) {
    this(workspace, store, actor, clock, null);
  }

  /**
   * @param cache parsed ledger entries shared by the requests of a server node; null to read the
   *     ledger anew
   */
  public Lifecycle(
      Workspace workspace,
      LedgerStore store,
      java.util.function.Supplier<Person> actor,
      Clock clock,
      EntryCache cache) {
    this.workspace = workspace;
    this.config = workspace.lifecycle();
    this.ledger = new ChangeLedger(store, config.approvals(), clock, cache);
    this.actorSource = actor;
  }

  /**
   * Who is acting: {@code CHANGETRAIL_USER} ("Name &lt;email&gt;") when set, else git's user.name
   * and user.email. Locally this is as trustworthy as git's own authorship; the team server
   * authenticates people with tokens instead.
   */
  public static Person actorOf(Workspace workspace, String override) {
    String value =
        override != null && !override.isBlank() ? override : System.getenv("CHANGETRAIL_USER");
    if (value != null && !value.isBlank()) {
      return Person.parse(value);
    }
    String name = workspace.git().config("user.name").orElse("");
    String email = workspace.git().config("user.email").orElse("");
    if (name.isEmpty() && email.isEmpty()) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT,
          "cannot tell who you are: git has no user.name or user.email",
          "set them with 'git config user.name ...' and 'git config user.email ...', or set"
              + " CHANGETRAIL_USER='Name <email>'");
    }
    return new Person(name, email);
  }

  public Workspace workspace() {
    return workspace;
  }

  public LifecycleConfig config() {
    return config;
  }

  public ChangeLedger ledger() {
    return ledger;
  }

  public Person actor() {
    if (actor == null) {
      actor = actorSource.get();
    }
    return actor;
  }

  @Override
  public void close() {
    ledger.store().close();
  }
}
