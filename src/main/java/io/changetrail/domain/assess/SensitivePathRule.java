package io.changetrail.domain.assess;

import io.changetrail.domain.system.PathGlob;
import java.util.List;

/**
 * Paths that make a change riskier or harder to roll back (database migrations, security code,
 * deployment configuration, trading limits, wire formats...).
 *
 * @param name rule name, shown as the risk factor
 * @param description what these paths are, for people
 * @param patterns path patterns
 * @param weight risk weight added when any path matches
 * @param rollback rollback complexity these paths imply (LOW means no effect)
 * @param rollbackReason why, in a few words
 * @param test a testing requirement these paths add (empty for none)
 */
public record SensitivePathRule(
    String name,
    String description,
    List<String> patterns,
    int weight,
    Level rollback,
    String rollbackReason,
    String test) {

  public SensitivePathRule {
    patterns = List.copyOf(patterns);
    rollbackReason = rollbackReason == null ? "" : rollbackReason;
    test = test == null ? "" : test;
  }

  public List<PathGlob> globs() {
    return patterns.stream().map(PathGlob::compile).toList();
  }

  /** Whether any of these paths matches one of the rule's patterns. */
  public boolean matchesAny(List<String> paths) {
    PathGlob any = PathGlob.anyOf(patterns);
    for (String path : paths) {
      if (any.matches(path)) {
        return true;
      }
    }
    return false;
  }

  /** The rules built in; changetrail.yml may replace or add to them. */
  public static List<SensitivePathRule> defaults() {
    return List.of(
        new SensitivePathRule(
            "db-migration",
            "database schema or data migration",
            List.of(
                // Flyway (SQL and Java migrations), in db/migration or any "migration" folder
                "**/db/migration/**",
                "**/migration/**/{V,U,R}*__*.{sql,java,kt}",
                // Liquibase changelogs
                "**/db/changelog/**",
                "*changelog*.{xml,yaml,yml,sql}",
                "**/liquibase/**/*.{xml,yaml,yml,sql}",
                // Rails, Django, Alembic, golang-migrate, Knex/TypeORM/Sequelize, Prisma
                "db/migrate/*.rb",
                "**/migrations/*.{sql,py,js,ts,rb,go}",
                "**/alembic/versions/*.py",
                "**/prisma/migrations/**/*.sql"),
            25,
            Level.HIGH,
            "schema or data migration: a revert of the code does not revert the database",
            "Run the migration forward and back on a copy of production data"),
        new SensitivePathRule(
            "security",
            "authentication, authorization, cryptography or secrets",
            List.of(
                "**/security/**",
                "**/auth/**",
                "**/crypto/**",
                "*.pem",
                "*.key",
                "*.jks",
                "*.p12",
                "*Secret*",
                "*secret*",
                "*Credential*",
                "*credential*"),
            25,
            Level.LOW,
            "",
            "Security review and scan of the changed code"),
        new SensitivePathRule(
            "deployment-config",
            "deployment and infrastructure configuration",
            List.of(
                "deploy/**",
                "deployment/**",
                "**/k8s/**",
                "**/kubernetes/**",
                "**/helm/**",
                "**/ansible/**",
                "*.tf",
                "Dockerfile",
                "docker-compose*.yml",
                ".github/workflows/**",
                "Jenkinsfile",
                ".gitlab-ci.yml"),
            20,
            Level.MEDIUM,
            "deployment configuration: the previous configuration must be re-applied, not just"
                + " the code",
            "Dry-run the deployment configuration in a pre-production environment"),
        new SensitivePathRule(
            "trading-limits",
            "trading limits, risk thresholds and trading parameters",
            List.of(
                // configuration files, not the code that reads them
                "**/limits/**/*.{yml,yaml,json,properties,conf,csv,xml,toml}",
                "*limit*.{yml,yaml,json,properties,conf,csv,xml,toml}",
                "*Limit*.{yml,yaml,json,properties,conf,csv,xml,toml}",
                "*threshold*.{yml,yaml,json,properties,conf,csv,xml,toml}",
                "**/parameters/**/*.{yml,yaml,json,properties,conf,csv,xml,toml}",
                "*-params.{yml,yaml,json,properties,conf,csv,xml,toml}",
                "*_params.{yml,yaml,json,properties,conf,csv,xml,toml}",
                "*circuit-breaker*.{yml,yaml,json,properties,conf,csv,xml,toml}",
                "*kill-switch*.{yml,yaml,json,properties,conf,csv,xml,toml}"),
            30,
            Level.MEDIUM,
            "trading parameters: the previous values must be restored and confirmed live",
            "Exercise the limits with boundary values in pre-production and have risk confirm"
                + " them"),
        new SensitivePathRule(
            "wire-format",
            "wire formats and protocol dictionaries",
            List.of(
                // schema and dictionary formats, whatever folder or package they sit in
                "*.proto",
                "*.avsc",
                "*.avdl",
                "*.fbs",
                "*.thrift",
                "*.capnp",
                // SBE message schemas and FIX / FIXT XML data dictionaries
                "**/sbe/**/*.xml",
                "*sbe*.xml",
                "FIX{4,5,T,L}*.xml",
                "*dictionary*.xml",
                "*Dictionary*.xml"),
            20,
            Level.HIGH,
            "wire format or protocol dictionary: both ends must roll back together",
            "Compatibility tests against every counterparty of the changed messages"),
        new SensitivePathRule(
            "dependencies",
            "build dependency manifests",
            List.of(
                "pom.xml",
                "build.gradle",
                "build.gradle.kts",
                "package.json",
                "package-lock.json",
                "yarn.lock",
                "go.mod",
                "go.sum",
                "requirements.txt",
                "Cargo.toml",
                "Cargo.lock"),
            // no risk points: on real history (apache/activemq, quickfixj) commits that change a
            // manifest are less often bug-inducing than others; the rollback and testing
            // requirements stay (docs/risk-model.md)
            0,
            Level.MEDIUM,
            "build dependencies: a rollback must restore the previous artifacts, not only the"
                + " source",
            "Full build and dependency scan with the new dependency versions"));
  }
}
