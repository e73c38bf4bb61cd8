package io.changetrail.app.document;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Change documents rendered for the web UI keep only links that cannot run in the browser. */
class SafeMarkdownTest {
  @Test
  void dataAndScriptUrlsAreDroppedInLinksAndImages() {
    for (String url :
        new String[] {
          "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
          "DATA:text/html,<script>alert(1)</script>",
          "javascript:alert(1)",
          "JaVaScRiPt:alert(1)",
          "vbscript:msgbox(1)",
          "file:///etc/passwd"
        }) {
      String link = SafeMarkdown.toHtml("[runbook](" + url + ")");
      String image = SafeMarkdown.toHtml("![chart](" + url + ")");
      assertThat(link).as(url).doesNotContainIgnoringCase("data:").doesNotContain("script:");
      assertThat(image).as(url).doesNotContainIgnoringCase("data:").doesNotContain("script:");
      assertThat(link).as(url).doesNotContain("file:");
    }
  }

  @Test
  void httpHttpsMailtoAndRelativeLinksStay() {
    assertThat(SafeMarkdown.toHtml("[a](https://wiki.example/runbook)"))
        .contains("href=\"https://wiki.example/runbook\"");
    assertThat(SafeMarkdown.toHtml("[a](http://wiki.example/x)"))
        .contains("href=\"http://wiki.example/x\"");
    assertThat(SafeMarkdown.toHtml("[a](mailto:ops@example.com)"))
        .contains("href=\"mailto:ops@example.com\"");
    assertThat(SafeMarkdown.toHtml("[a](../docs/runbook.md)"))
        .contains("href=\"../docs/runbook.md\"");
  }

  @Test
  void rawHtmlIsShownAsText() {
    assertThat(SafeMarkdown.toHtml("<script>alert(1)</script>"))
        .doesNotContain("<script>")
        .contains("&lt;script&gt;");
  }
}
