package io.changetrail.domain.changelog;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The changelog settings of a repository ({@code changelog:} in changetrail.yml).
 *
 * @param ticketPatterns regular expressions that find ticket ids in messages ({@code [A-Z]+-\d+})
 * @param ticketUrl link of a ticket, with {@code {ticket}} for its id; empty for no links
 * @param commitUrl link of a commit, with {@code {sha}} for its id; empty for no links
 */
public record ChangelogConfig(List<Pattern> ticketPatterns, String ticketUrl, String commitUrl) {
  public ChangelogConfig {
    ticketPatterns = List.copyOf(ticketPatterns);
    ticketUrl = ticketUrl == null ? "" : ticketUrl;
    commitUrl = commitUrl == null ? "" : commitUrl;
  }

  public static ChangelogConfig defaults() {
    return new ChangelogConfig(List.of(Pattern.compile("\\b[A-Z][A-Z0-9]+-\\d+\\b")), "", "");
  }
}
