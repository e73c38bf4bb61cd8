package io.changetrail.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.changetrail.app.LedgerLocation;
import io.changetrail.app.Workspace;
import io.changetrail.app.lifecycle.Lifecycle;
import io.changetrail.app.users.AccessControl;
import io.changetrail.app.users.IssuedToken;
import io.changetrail.app.users.Role;
import io.changetrail.app.users.TokenInfo;
import io.changetrail.app.users.User;
import io.changetrail.domain.ledger.LedgerEntry;
import io.changetrail.domain.lifecycle.Person;
import io.changetrail.json.Json;
import io.changetrail.ledger.LedgerStore;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code changetrail users}: the team server's users, their roles and their API tokens. */
@Command(
    name = "users",
    mixinStandardHelpOptions = true,
    description = {
      "Manage who may use the team server (changetrail serve): users, their roles and their API"
          + " tokens, stored in the ledger's database. Every change is recorded in the ledger with"
          + " you (git's user.name and user.email, or CHANGETRAIL_USER) as the actor.",
      "Roles: developer, approver, deployer, auditor, admin. They do not imply each other: an"
          + " admin manages users but approves nothing unless also an approver."
    },
    subcommands = {
      UsersCommand.Add.class,
      UsersCommand.Update.class,
      UsersCommand.ListUsers.class,
      UsersCommand.Roles.class,
      UsersCommand.Token.class,
      UsersCommand.Tokens.class,
      UsersCommand.Revoke.class,
      UsersCommand.Disable.class,
      UsersCommand.Enable.class
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  changetrail users add alice --name Alice --email a@acme.io --roles approver",
      "  changetrail users add alice --name Alice --email a@acme.io --email alice@home.example",
      "  changetrail users update alice --add-email asmith@old.example",
      "  changetrail users token alice --label laptop --expires 30d",
      "  changetrail users roles alice approver,deployer",
      "  changetrail users list",
      "  changetrail users revoke 3f9a0c1b2d4e5f60",
      "",
      "Exit codes: 0 ok; 2 invalid command line; 3 not a repository; 7 invalid name, email,"
          + " role or lifetime; 10 ledger unreachable or locked; 14 refused (user disabled, token"
          + " already revoked); 15 a user of that name exists, or the email is another user's; 16"
          + " no such user or token."
    })
final class UsersCommand implements Runnable {
  private static final ObjectMapper JSON = Json.MAPPER;

  @ParentCommand Main main;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(),
        "name a subcommand: add, update, list, roles, token, tokens, revoke, disable or enable");
  }

  /** The use cases on the repository's ledger, and who is acting (asked only when needed). */
  private static final class Access implements AutoCloseable {
    final Workspace workspace;
    final LedgerStore store;
    final AccessControl access;

    Access(Main main, AuditCommand.LedgerOption ledger) {
      workspace = Workspace.open(main.directory());
      store = LedgerStore.open(LedgerLocation.resolve(ledger.value(), workspace.git()));
      access = new AccessControl(store, Clock.systemUTC());
    }

    Person actor() {
      return Lifecycle.actorOf(workspace, null);
    }

    /** The user as the API shows it (docs/user.schema.json). */
    Object json(User user) {
      return io.changetrail.app.users.UserJson.user(user, access.tokens(user.name()));
    }

    @Override
    public void close() {
      store.close();
    }
  }

  /** {@code users add}. */
  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = "Add a user of the team server.",
      footerHeading = "%nExamples:%n",
      footer = {
        "  changetrail users add alice --name 'Alice Smith' --email alice@acme.io \\",
        "      --roles approver,deployer",
        "  changetrail users add root --name 'Ops Admin' --email ops@acme.io --roles admin",
        "  changetrail users add rita --name 'Rita Risk' --email rita@acme.io \\",
        "      --email rita@home.example --roles approver",
        "",
        "Exit codes: 0 added; 7 invalid name, email or role; 10 ledger unreachable; 15 a user of"
            + " that name exists, or one of the emails is another user's."
      })
  static final class Add implements Runnable {
    @ParentCommand UsersCommand users;
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin AuditCommand.LedgerOption ledger = new AuditCommand.LedgerOption();

    @Parameters(
        index = "0",
        paramLabel = "NAME",
        description = "The user name: lower-case letters, digits, '.', '_' or '-'.")
    String name;

    @Option(
        names = "--name",
        required = true,
        paramLabel = "DISPLAY",
        description = "The person's name as the ledger records it.")
    String displayName;

    @Option(
        names = "--email",
        required = true,
        paramLabel = "EMAIL",
        description =
            "Their email, the one they commit with (segregation of duties compares it). Repeat it"
                + " for each email of the same person: the first is their primary email, the"
                + " others are them too.")
    List<String> emails;

    @Option(
        names = "--other-emails",
        paramLabel = "EMAILS",
        description =
            "Comma-separated other emails of the same person (another commit address, the one"
                + " their signing key is listed under): each is them, so two approvals from two of"
                + " them count once, and a decision made under one is theirs.")
    String otherEmails;

    @Option(
        names = "--roles",
        paramLabel = "ROLES",
        defaultValue = "none",
        description =
            "Comma-separated roles: developer, approver, deployer, auditor, admin (default:"
                + " ${DEFAULT-VALUE}).")
    String roles;

    @Mixin ResultFormat output = new ResultFormat();

    @Override
    public void run() {
      java.util.Set<Role> parsed = Role.parseList(roles);
      boolean json = output.json(); // a bad --format is refused before anything is recorded
      try (Access opened = new Access(users.main, ledger)) {
        List<String> others = new java.util.ArrayList<>(emails.subList(1, emails.size()));
        others.addAll(emails(otherEmails));
        User user =
            opened.access.addUser(name, displayName, emails.get(0), others, parsed, opened.actor());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
          out.println(LifecycleSupport.json(opened.json(user)));
          return;
        }
        out.println(
            "added "
                + user.name()
                + " ("
                + user.person().display()
                + others(user)
                + "), roles: "
                + Role.names(user.roles()));
        out.println(
            "next: changetrail users token " + user.name() + " (an API token for the server)");
      }
    }
  }

  /** The other emails of {@code --other-emails}: a comma-separated list, or none. */
  static List<String> emails(String text) {
    if (text == null || text.isBlank() || text.strip().equals("none")) {
      return List.of();
    }
    return java.util.Arrays.stream(text.split(",")).map(String::strip).toList();
  }

  static String others(User user) {
    return user.emails().isEmpty() ? "" : ", also " + String.join(", ", user.emails());
  }

  /** {@code users update}. */
  @Command(
      name = "update",
      mixinStandardHelpOptions = true,
      description =
          "Change who a user is: their name as the ledger records it, their primary email, or"
              + " their other emails (each is the same person). Recorded in the ledger as"
              + " user.updated, with the values before.",
      footerHeading = "%nExamples:%n",
      footer = {
        "  changetrail users update rita --add-email rita@home.example",
        "  changetrail users update rita --remove-email r.risk@old.example",
        "  changetrail users update rita --other-emails rita@home.example,r.risk@old.example",
        "  changetrail users update rita --email rita@new.example --other-emails none",
        "",
        "Exit codes: 0 updated (or nothing to change); 7 invalid name or email, an email to"
            + " remove that is not theirs, or their primary one; 10 ledger"
            + " unreachable; 15 one of the emails is another user's; 16 no such user."
      })
  static final class Update implements Runnable {
    @ParentCommand UsersCommand users;
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin AuditCommand.LedgerOption ledger = new AuditCommand.LedgerOption();

    @Parameters(index = "0", paramLabel = "NAME", description = "The user.")
    String name;

    @Option(
        names = "--name",
        paramLabel = "DISPLAY",
        description = "The person's name as the ledger records it.")
    String displayName;

    @Option(names = "--email", paramLabel = "EMAIL", description = "Their primary email.")
    String email;

    @Option(
        names = "--other-emails",
        paramLabel = "EMAILS",
        description = "Replace their other emails: a comma-separated list, or none.")
    String otherEmails;

    @Option(
        names = "--add-email",
        paramLabel = "EMAIL",
        description = "Add another email of theirs (repeatable).")
    List<String> addEmails = new java.util.ArrayList<>();

    @Option(
        names = "--remove-email",
        paramLabel = "EMAIL",
        description = "Remove one of their other emails (repeatable; not the primary one).")
    List<String> removeEmails = new java.util.ArrayList<>();

    @Mixin ResultFormat output = new ResultFormat();

    @Override
    public void run() {
      boolean emailChanges = !addEmails.isEmpty() || !removeEmails.isEmpty();
      if (displayName == null && email == null && otherEmails == null && !emailChanges) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(),
            "say what to change: --name, --email, --other-emails, --add-email or --remove-email");
      }
      if (emailChanges && (displayName != null || email != null || otherEmails != null)) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(),
            "--add-email and --remove-email change the other emails alone: run --name, --email"
                + " or --other-emails as another update");
      }
      output.json(); // a bad --format is refused before anything is recorded
      try (Access opened = new Access(users.main, ledger)) {
        User user =
            emailChanges
                ? opened.access.changeEmails(name, addEmails, removeEmails, opened.actor())
                : opened.access.updateUser(
                    name,
                    Optional.ofNullable(displayName),
                    Optional.ofNullable(email),
                    Optional.ofNullable(otherEmails).map(UsersCommand::emails),
                    opened.actor());
        output.print(
            spec.commandLine().getOut(),
            user.name() + " is " + user.person().display() + others(user),
            () -> opened.json(user));
      }
    }
  }

  /** {@code users list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the users, their roles and whether they are disabled.",
      footerHeading = "%nExamples:%n",
      footer = {
        "  changetrail users list",
        "  changetrail users list --format json",
        "",
        "Exit codes: 0 listed; 10 ledger unreachable."
      })
  static final class ListUsers implements Runnable {
    @ParentCommand UsersCommand users;
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin AuditCommand.LedgerOption ledger = new AuditCommand.LedgerOption();

    @Option(
        names = "--format",
        paramLabel = "FORMAT",
        description = "text or json (default: ${DEFAULT-VALUE}).",
        defaultValue = "text")
    OutputFormat format;

    @Override
    public void run() {
      List<User> all;
      try (Access opened = new Access(users.main, ledger)) {
        all = opened.access.users();
      }
      PrintWriter out = spec.commandLine().getOut();
      if (format == OutputFormat.JSON) {
        ArrayNode list = JSON.createArrayNode();
        for (User user : all) {
          list.add(json(user));
        }
        out.println(LifecycleSupport.json(list));
        return;
      }
      if (all.isEmpty()) {
        out.println("no users yet: add one with 'changetrail users add NAME ...'");
        return;
      }
      int width = Math.max(4, all.stream().mapToInt(u -> u.name().length()).max().orElse(4));
      out.println(pad("NAME", width) + "  " + pad("STATUS", 8) + "  " + pad("ROLES", 30) + "  WHO");
      for (User user : all) {
        out.println(
            pad(user.name(), width)
                + "  "
                + pad(user.enabled() ? "active" : "disabled", 8)
                + "  "
                + pad(Role.names(user.roles()), 30)
                + "  "
                + user.person().display()
                + (user.emails().isEmpty()
                    ? ""
                    : " (also " + String.join(", ", user.emails()) + ")"));
      }
    }

    static ObjectNode json(User user) {
      ObjectNode node = JSON.createObjectNode();
      node.put("name", user.name());
      node.put("displayName", user.displayName());
      node.put("email", user.email());
      ArrayNode emails = node.putArray("emails");
      user.emails().forEach(emails::add);
      ArrayNode roles = node.putArray("roles");
      user.roles().forEach(role -> roles.add(role.label()));
      node.put("created", time(user.created()));
      user.disabled().ifPresent(at -> node.put("disabled", time(at)));
      return node;
    }
  }

  /** {@code users roles}. */
  @Command(
      name = "roles",
      mixinStandardHelpOptions = true,
      description = "Replace a user's roles (none removes them all).",
      footerHeading = "%nExamples:%n",
      footer = {
        "  changetrail users roles alice approver,deployer",
        "  changetrail users roles bob none",
        "",
        "Exit codes: 0 set; 7 invalid role; 10 ledger unreachable; 16 no such user."
      })
  static final class Roles implements Runnable {
    @ParentCommand UsersCommand users;
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin AuditCommand.LedgerOption ledger = new AuditCommand.LedgerOption();

    @Parameters(index = "0", paramLabel = "NAME", description = "The user.")
    String name;

    @Parameters(
        index = "1",
        paramLabel = "ROLES",
        description =
            "Comma-separated roles, or none: developer, approver, deployer, auditor, admin.")
    String roles;

    @Mixin ResultFormat output = new ResultFormat();

    @Override
    public void run() {
      java.util.Set<Role> parsed = Role.parseList(roles);
      output.json(); // a bad --format is refused before anything is recorded
      try (Access opened = new Access(users.main, ledger)) {
        User user = opened.access.setRoles(name, parsed, opened.actor());
        output.print(
            spec.commandLine().getOut(),
            user.name() + " now has the roles: " + Role.names(user.roles()),
            () -> opened.json(user));
      }
    }
  }

  /** {@code users token}. */
  @Command(
      name = "token",
      mixinStandardHelpOptions = true,
      description = {
        "Issue an API token for a user. The token is printed once, alone on standard output (so"
            + " TOKEN=$(changetrail users token alice) works), and cannot be shown again: only a"
            + " hash of its secret is stored."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  changetrail users token alice --label laptop",
        "  changetrail users token ci-bot --label 'release pipeline' --expires 90d",
        "  changetrail users token alice --expires never",
        "",
        "Exit codes: 0 issued; 7 invalid label or lifetime; 10 ledger unreachable; 14 the user is"
            + " disabled; 16 no such user."
      })
  static final class Token implements Runnable {
    @ParentCommand UsersCommand users;
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin AuditCommand.LedgerOption ledger = new AuditCommand.LedgerOption();

    @Parameters(index = "0", paramLabel = "NAME", description = "The user.")
    String name;

    @Option(
        names = "--label",
        paramLabel = "LABEL",
        defaultValue = "",
        description = "What the token is for, e.g. laptop or ci.")
    String label;

    @Option(
        names = "--expires",
        paramLabel = "LIFETIME",
        defaultValue = io.changetrail.app.api.TokenLifetime.DEFAULT,
        description = "How long it is valid: 30d, 12h, 45m, or never (default: ${DEFAULT-VALUE}).")
    String expires;

    @Override
    public void run() {
      Optional<Duration> lifetime = lifetime(expires);
      IssuedToken issued;
      try (Access opened = new Access(users.main, ledger)) {
        issued = opened.access.issueToken(name, label, lifetime, opened.actor());
      }
      TokenInfo token = issued.token();
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      err.println(
          "API token "
              + token.tokenId()
              + " for "
              + token.user()
              + (token.label().isEmpty() ? "" : " (" + token.label() + ")")
              + ", "
              + token.expires().map(t -> "expires " + time(t)).orElse("never expires"));
      err.println(
          "WARNING: store it now (a password manager or a CI secret): it cannot be shown again.");
      err.println("Revoke it with: changetrail users revoke " + token.tokenId());
      err.flush();
      out.println(issued.plaintext());
    }

    static Optional<Duration> lifetime(String text) {
      return io.changetrail.app.api.TokenLifetime.parse(text);
    }
  }

  /** {@code users tokens}. */
  @Command(
      name = "tokens",
      mixinStandardHelpOptions = true,
      description = "List a user's API tokens (never their secrets).",
      footerHeading = "%nExamples:%n",
      footer = {
        "  changetrail users tokens alice",
        "",
        "Exit codes: 0 listed; 10 ledger unreachable; 16 no such user."
      })
  static final class Tokens implements Runnable {
    @ParentCommand UsersCommand users;
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin AuditCommand.LedgerOption ledger = new AuditCommand.LedgerOption();

    @Parameters(index = "0", paramLabel = "NAME", description = "The user.")
    String name;

    @Override
    public void run() {
      List<TokenInfo> tokens;
      try (Access opened = new Access(users.main, ledger)) {
        tokens = opened.access.tokens(name);
      }
      PrintWriter out = spec.commandLine().getOut();
      if (tokens.isEmpty()) {
        out.println(
            name + " has no API tokens: issue one with 'changetrail users token " + name + "'");
        return;
      }
      Instant now = Instant.now();
      out.println(
          pad("TOKEN", 16)
              + "  "
              + pad("STATUS", 7)
              + "  "
              + pad("CREATED", 20)
              + "  "
              + pad("EXPIRES", 20)
              + "  LABEL");
      for (TokenInfo token : tokens) {
        String status =
            token.revoked().isPresent() ? "revoked" : token.activeAt(now) ? "active" : "expired";
        out.println(
            token.tokenId()
                + "  "
                + pad(status, 7)
                + "  "
                + pad(minute(token.created()), 20)
                + "  "
                + pad(token.expires().map(UsersCommand::minute).orElse("never"), 20)
                + "  "
                + token.label());
      }
    }
  }

  /** {@code users revoke}. */
  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = "Revoke an API token at once; the web sessions opened with it end too.",
      footerHeading = "%nExamples:%n",
      footer = {
        "  changetrail users revoke 3f9a0c1b2d4e5f60",
        "",
        "Exit codes: 0 revoked; 10 ledger unreachable; 14 already revoked; 16 no such token."
      })
  static final class Revoke implements Runnable {
    @ParentCommand UsersCommand users;
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin AuditCommand.LedgerOption ledger = new AuditCommand.LedgerOption();

    @Parameters(
        index = "0",
        paramLabel = "TOKEN_ID",
        description = "The token's id (see 'users tokens NAME').")
    String tokenId;

    @Override
    public void run() {
      try (Access opened = new Access(users.main, ledger)) {
        TokenInfo token = opened.access.revokeToken(tokenId, opened.actor());
        spec.commandLine()
            .getOut()
            .println("revoked token " + token.tokenId() + " of " + token.user());
      }
    }
  }

  /** {@code users disable}. */
  @Command(
      name = "disable",
      mixinStandardHelpOptions = true,
      description =
          "Disable a user: their tokens are revoked and their sessions end at once. The user and"
              + " their history stay (users are never deleted).",
      footerHeading = "%nExamples:%n",
      footer = {
        "  changetrail users disable bob",
        "",
        "Exit codes: 0 disabled; 10 ledger unreachable; 14 already disabled; 16 no such user."
      })
  static final class Disable implements Runnable {
    @ParentCommand UsersCommand users;
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin AuditCommand.LedgerOption ledger = new AuditCommand.LedgerOption();

    @Parameters(index = "0", paramLabel = "NAME", description = "The user.")
    String name;

    @Mixin ResultFormat output = new ResultFormat();

    @Override
    public void run() {
      output.json(); // a bad --format is refused before anything is recorded
      try (Access opened = new Access(users.main, ledger)) {
        opened.access.disable(name, opened.actor());
        output.print(
            spec.commandLine().getOut(),
            "disabled " + name + "; their tokens are revoked",
            () -> opened.json(opened.access.user(name)));
      }
    }
  }

  /** {@code users enable}. */
  @Command(
      name = "enable",
      mixinStandardHelpOptions = true,
      description = "Enable a disabled user again (they need a new token).",
      footerHeading = "%nExamples:%n",
      footer = {
        "  changetrail users enable bob",
        "",
        "Exit codes: 0 enabled; 10 ledger unreachable; 14 not disabled; 16 no such user."
      })
  static final class Enable implements Runnable {
    @ParentCommand UsersCommand users;
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin AuditCommand.LedgerOption ledger = new AuditCommand.LedgerOption();

    @Parameters(index = "0", paramLabel = "NAME", description = "The user.")
    String name;

    @Mixin ResultFormat output = new ResultFormat();

    @Override
    public void run() {
      output.json(); // a bad --format is refused before anything is recorded
      try (Access opened = new Access(users.main, ledger)) {
        opened.access.enable(name, opened.actor());
        output.print(
            spec.commandLine().getOut(),
            "enabled " + name + "; issue a new token with 'changetrail users token " + name + "'",
            () -> opened.json(opened.access.user(name)));
      }
    }
  }

  private static String pad(String text, int width) {
    return text.length() >= width ? text : text + " ".repeat(width - text.length());
  }

  private static String time(Instant time) {
    return LedgerEntry.TIME.format(time);
  }

  private static String minute(Instant time) {
    return time(time).substring(0, 16).replace('T', ' ') + " UTC";
  }
}
