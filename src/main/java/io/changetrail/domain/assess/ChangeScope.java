package io.changetrail.domain.assess;

/** What kinds of file a change touches, when that alone says something about it. */
public enum ChangeScope {
  DOCUMENTATION_ONLY,
  TESTS_ONLY,
  CONFIGURATION_ONLY,
  /** only dependency manifests and lockfiles: a dependency bump */
  DEPENDENCIES_ONLY,
  /** only CI pipeline configuration */
  CI_ONLY,
  DELETIONS_ONLY,
  MIXED
}
