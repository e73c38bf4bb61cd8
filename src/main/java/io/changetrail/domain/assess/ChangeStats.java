package io.changetrail.domain.assess;

/** How big a change is. */
public record ChangeStats(
    int files,
    int additions,
    int deletions,
    int added,
    int deleted,
    int renamed,
    int binary,
    int submodules) {}
