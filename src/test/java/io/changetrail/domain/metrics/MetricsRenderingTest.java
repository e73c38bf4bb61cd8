package io.changetrail.domain.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class MetricsRenderingTest {
  private static final Instant FROM = Instant.parse("2026-03-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2026-03-15T00:00:00Z");
  private static final String HOSTILE = "<script>alert(\"x\")</script> & 'q' \u0001\uD800";

  private final Changes changes = new Changes();

  private DeliveryMetrics sample(String system) {
    changes
        .change("CHG-A", FROM, system)
        .deploy("DEP-A", FROM.plusSeconds(3_600), FROM.plusSeconds(7_200), "SUCCEEDED");
    changes
        .change("CHG-B", FROM, system)
        .deploy("DEP-B", FROM.plusSeconds(86_400 * 3), FROM.plusSeconds(86_400 * 3 + 60), "FAILED")
        .rolledBack("DEP-B", FROM.plusSeconds(86_400 * 3 + 900));
    return DeliveryMetrics.of(changes.records(), MetricsQuery.of(FROM, TO, "prod"), Map.of());
  }

  private static Document parse(String svg) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    return factory.newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
  }

  @Test
  void svgChartsEscapeEveryTextAndParseAsXml() throws Exception {
    DeliveryMetrics metrics = sample(HOSTILE);
    DeliveryMetrics filtered =
        DeliveryMetrics.of(
            changes.records(), MetricsQuery.of(FROM, TO, "prod").forSystem(HOSTILE), Map.of());

    for (String svg :
        List.of(
            MetricsSvg.deployments(filtered),
            MetricsSvg.leadTime(filtered),
            MetricsSvg.dashboard(filtered),
            MetricsSvg.dashboard(metrics))) {
      assertThat(svg).doesNotContain("<script").doesNotContain("\u0001");
      assertThat(svg).doesNotContainIgnoringCase("href").doesNotContainIgnoringCase("<style");
      Document document = parse(svg);
      NodeList all = document.getElementsByTagNameNS("*", "*");
      for (int i = 0; i < all.getLength(); i++) {
        var attributes = all.item(i).getAttributes();
        for (int a = 0; a < attributes.getLength(); a++) {
          assertThat(attributes.item(a).getNodeName())
              .as("no event handlers")
              .doesNotStartWith("on");
        }
      }
      Element root = document.getDocumentElement();
      assertThat(root.getLocalName()).isEqualTo("svg");
      assertThat(root.getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
      assertThat(root.getAttribute("viewBox")).matches("0 0 \\d+ \\d+");
      assertThat(root.hasAttribute("width")).isFalse();
      assertThat(root.getElementsByTagNameNS("*", "script").getLength()).isZero();
    }
    String dashboard = MetricsSvg.dashboard(filtered);
    assertThat(dashboard)
        .contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;");
    assertThat(parse(dashboard).getDocumentElement().getTextContent())
        .contains("<script>alert(\"x\")</script> & 'q' \uFFFD\uFFFD");
  }

  @Test
  void deploymentChartHasABarWithATooltipPerNonEmptyBucket() throws Exception {
    Document chart = parse(MetricsSvg.deployments(sample("router")));
    NodeList rects = chart.getElementsByTagNameNS("*", "rect");
    int deployments = 0;
    int failures = 0;
    for (int i = 0; i < rects.getLength(); i++) {
      Element rect = (Element) rects.item(i);
      if (rect.getAttribute("class").contains("ct-deployments")) {
        deployments++;
        assertThat(rect.getTextContent()).isEqualTo("2026-03-01: 1 successful deployment");
      }
      if (rect.getAttribute("class").contains("ct-failures")) {
        failures++;
        assertThat(rect.getTextContent()).isEqualTo("2026-03-04: 1 failed deployment");
      }
    }
    assertThat(deployments).isEqualTo(1);
    assertThat(failures).isEqualTo(1);
  }

  /**
   * Readable at a glance: no chart text under 12 px at the chart's own size (the web page never
   * shows a chart wider than that), and the period's median label clear of every bar, also when the
   * last bar is taller than the median (it used to sit on it).
   */
  @Test
  void chartTextIsAtLeast12PxAndTheMedianLabelOverlapsNoBar() throws Exception {
    changes
        .change("CHG-1", FROM, "router")
        .deploy("DEP-1", FROM.plusSeconds(600), FROM.plusSeconds(3_600), "SUCCEEDED");
    changes
        .change("CHG-2", FROM.plusSeconds(86_400), "router")
        .deploy(
            "DEP-2", FROM.plusSeconds(86_400 + 600), FROM.plusSeconds(86_400 + 3_600), "SUCCEEDED");
    changes
        .change("CHG-3", FROM.plusSeconds(86_400 * 2), "router")
        .deploy(
            "DEP-3",
            FROM.plusSeconds(86_400 * 2 + 600),
            FROM.plusSeconds(86_400 * 2 + 3_600),
            "SUCCEEDED");
    changes
        .change("CHG-4", FROM, "router")
        .deploy(
            "DEP-4",
            FROM.plusSeconds(86_400 * 13),
            FROM.plusSeconds(86_400 * 13 + 60),
            "SUCCEEDED");
    DeliveryMetrics metrics =
        DeliveryMetrics.of(changes.records(), MetricsQuery.of(FROM, TO, "prod"), Map.of());
    for (String svg : List.of(MetricsSvg.deployments(metrics), MetricsSvg.leadTime(metrics))) {
      NodeList texts = parse(svg).getElementsByTagNameNS("*", "text");
      for (int i = 0; i < texts.getLength(); i++) {
        Element text = (Element) texts.item(i);
        assertThat(Double.parseDouble(text.getAttribute("font-size")))
            .as(text.getTextContent())
            .isGreaterThanOrEqualTo(12);
      }
    }
    Document lead = parse(MetricsSvg.leadTime(metrics));
    Element label = null;
    NodeList texts = lead.getElementsByTagNameNS("*", "text");
    for (int i = 0; i < texts.getLength(); i++) {
      Element text = (Element) texts.item(i);
      if (text.getAttribute("class").equals("ct-median-label")) {
        label = text;
      }
    }
    assertThat(label).isNotNull();
    assertThat(label.getTextContent()).isEqualTo("median 1.0 h");
    double size = Double.parseDouble(label.getAttribute("font-size"));
    double width = 0.62 * size * label.getTextContent().length(); // generous for a sans-serif
    double x = Double.parseDouble(label.getAttribute("x"));
    double left =
        switch (label.getAttribute("text-anchor")) {
          case "end" -> x - width;
          case "middle" -> x - width / 2;
          default -> x;
        };
    double baseline = Double.parseDouble(label.getAttribute("y"));
    double[] box = {left, baseline - size, left + width, baseline + size * 0.25};
    NodeList rects = lead.getElementsByTagNameNS("*", "rect");
    int bars = 0;
    for (int i = 0; i < rects.getLength(); i++) {
      Element rect = (Element) rects.item(i);
      if (!rect.getAttribute("class").contains("ct-lead-time")) {
        continue;
      }
      bars++;
      double rx = Double.parseDouble(rect.getAttribute("x"));
      double ry = Double.parseDouble(rect.getAttribute("y"));
      double rw = Double.parseDouble(rect.getAttribute("width"));
      double rh = Double.parseDouble(rect.getAttribute("height"));
      boolean overlaps = box[0] < rx + rw && rx < box[2] && box[1] < ry + rh && ry < box[3];
      assertThat(overlaps).as("median label over the bar " + rect.getTextContent()).isFalse();
    }
    assertThat(bars).isEqualTo(4);
  }

  @Test
  void emptyChartsSayThatNothingWasDeployed() throws Exception {
    DeliveryMetrics empty =
        DeliveryMetrics.of(List.of(), MetricsQuery.of(FROM, TO, "prod"), Map.of());
    assertThat(parse(MetricsSvg.deployments(empty)).getDocumentElement().getTextContent())
        .contains("No deployments to prod in this period");
    assertThat(parse(MetricsSvg.leadTime(empty)).getDocumentElement().getTextContent())
        .contains("lead time n/a");
    assertThat(parse(MetricsSvg.dashboard(empty)).getDocumentElement().getTextContent())
        .contains("n/a");
  }

  @Test
  void jsonTreeHasTheFourMetricsWithNullForUndefinedValues() {
    Map<String, Object> json = MetricsJson.tree(sample("router"));
    assertThat(json)
        .containsEntry("schema", "changetrail.metrics/v1")
        .containsEntry("environment", "prod")
        .containsEntry("granularity", "day")
        .containsKeys("period", "overall", "systems", "series", "deployments", "notes");
    @SuppressWarnings("unchecked")
    Map<String, Object> overall = (Map<String, Object>) json.get("overall");
    @SuppressWarnings("unchecked")
    Map<String, Object> cfr = (Map<String, Object>) overall.get("changeFailureRate");
    assertThat(cfr)
        .containsEntry("rate", 0.5)
        .containsEntry("text", "50.0%")
        .containsEntry("band", "low");
    @SuppressWarnings("unchecked")
    Map<String, Object> restore = (Map<String, Object>) overall.get("timeToRestore");
    assertThat(restore).containsEntry("medianSeconds", 900L).containsEntry("band", "elite");
    assertThat((List<?>) json.get("series")).hasSize(14);

    Map<String, Object> empty =
        MetricsJson.tree(
            DeliveryMetrics.of(List.of(), MetricsQuery.of(FROM, TO, "prod"), Map.of()));
    @SuppressWarnings("unchecked")
    Map<String, Object> emptyOverall = (Map<String, Object>) empty.get("overall");
    @SuppressWarnings("unchecked")
    Map<String, Object> emptyRate = (Map<String, Object>) emptyOverall.get("changeFailureRate");
    assertThat(emptyRate)
        .containsEntry("rate", null)
        .containsEntry("text", "n/a")
        .containsEntry("band", null);
    assertThat(empty).containsEntry("system", null);
  }

  @Test
  void textTableShowsEachScopeAndNaForUndefinedValues() {
    String text = MetricsTable.text(sample("router"));
    assertThat(text)
        .contains(
            "Delivery metrics for prod, all systems: 2026-03-01 to 2026-03-14 UTC (14.0 days)")
        .contains("deployment frequency", "lead time for changes", "change failure rate")
        .contains("router", "50.0%", "1/2", "15 min")
        .contains("Lead time: from the author time of the change's earliest commit");
    String empty =
        MetricsTable.text(
            DeliveryMetrics.of(List.of(), MetricsQuery.of(FROM, TO, "prod"), Map.of()));
    assertThat(empty).contains("n/a").contains("Note: no deployments to prod in this period");
  }
}
