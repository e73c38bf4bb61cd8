package io.changetrail.app.systems;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A small element tree of an XML document (a pom), read with the JDK's streaming parser (StAX):
 * element names as written (no namespace processing), and each element's text content (the text of
 * all its descendants, comments left out). Cheaper than a DOM by several times for what build
 * discovery reads. A document with a DTD, or that is not well-formed, is not read.
 */
final class XmlTree {

  /** One element: its name, its child elements in order, and its text content. */
  static final class Element {
    private final String name;
    private final List<Element> children = new ArrayList<>();

    /** Text and child elements in document order (for the text content), text as Strings. */
    private final List<Object> parts = new ArrayList<>(1);

    private Element(String name) {
      this.name = name;
    }

    String name() {
      return name;
    }

    /** The first child element called {@code name}. */
    Optional<Element> child(String name) {
      for (Element child : children) {
        if (child.name.equals(name)) {
          return Optional.of(child);
        }
      }
      return Optional.empty();
    }

    /** The child elements called {@code name}, in document order. */
    List<Element> children(String name) {
      List<Element> out = new ArrayList<>();
      for (Element child : children) {
        if (child.name.equals(name)) {
          out.add(child);
        }
      }
      return out;
    }

    /** The text of the element and all its descendants, as the DOM's getTextContent gives it. */
    String textContent() {
      if (parts.size() == 1 && parts.get(0) instanceof String only) {
        return only;
      }
      StringBuilder out = new StringBuilder();
      appendText(out);
      return out.toString();
    }

    private void appendText(StringBuilder out) {
      for (Object part : parts) {
        if (part instanceof Element element) {
          element.appendText(out);
        } else {
          out.append((String) part);
        }
      }
    }
  }

  private static final XMLInputFactory FACTORY = factory();

  private static XMLInputFactory factory() {
    XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
    factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_COALESCING, true);
    return factory;
  }

  private XmlTree() {}

  /** The document element of {@code text}, or empty when it is not a well-formed document. */
  static Optional<Element> parse(String text) {
    XMLStreamReader reader = null;
    try {
      synchronized (FACTORY) {
        reader = FACTORY.createXMLStreamReader(new StringReader(text));
      }
      Element root = null;
      List<Element> open = new ArrayList<>();
      while (reader.hasNext()) {
        switch (reader.next()) {
          case XMLStreamConstants.START_ELEMENT -> {
            Element element = new Element(qualifiedName(reader));
            if (open.isEmpty()) {
              if (root != null) {
                return Optional.empty();
              }
              root = element;
            } else {
              Element parent = open.get(open.size() - 1);
              parent.children.add(element);
              parent.parts.add(element);
            }
            open.add(element);
          }
          case XMLStreamConstants.END_ELEMENT -> open.remove(open.size() - 1);
          case XMLStreamConstants.CHARACTERS,
              XMLStreamConstants.CDATA,
              XMLStreamConstants.SPACE -> {
            if (!open.isEmpty()) {
              open.get(open.size() - 1).parts.add(reader.getText());
            }
          }
          case XMLStreamConstants.DTD, XMLStreamConstants.ENTITY_REFERENCE -> {
            return Optional.empty(); // discovery reads no DTD and expands no entity
          }
          default -> {
            // comments, processing instructions, the XML declaration
          }
        }
      }
      return Optional.ofNullable(root);
    } catch (XMLStreamException | RuntimeException e) {
      return Optional.empty();
    } finally {
      if (reader != null) {
        try {
          reader.close();
        } catch (XMLStreamException ignored) {
          // nothing is held open: the input is a string
        }
      }
    }
  }

  private static String qualifiedName(XMLStreamReader reader) {
    String prefix = reader.getPrefix();
    String local = reader.getLocalName();
    return prefix == null || prefix.isEmpty() ? local : prefix + ":" + local;
  }
}
