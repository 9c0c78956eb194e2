package dev.foresight.ros.xmlrpc;

import dev.foresight.core.LogText;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Encodes and parses XML-RPC documents. Parsing accepts typed values and untyped {@code
 * <value>text</value>} strings, {@code <i4>}, {@code <int>} and {@code <i8>} integers, refuses DTDs
 * and external entities, and limits nesting depth. Encoding always writes typed values, which both
 * rospy and roscpp read.
 */
public final class XmlRpcCodec {
  /** Deepest array/struct nesting accepted in a document. */
  public static final int MAX_DEPTH = 64;

  /** Longest part of an XML parser's message kept in a parse error. */
  private static final int MAX_DETAIL_CHARS = 200;

  private static final XMLInputFactory INPUT_FACTORY = newInputFactory();

  private XmlRpcCodec() {}

  private static XMLInputFactory newInputFactory() {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_COALESCING, true);
    return factory;
  }

  /** Encodes a method call. */
  public static byte[] encodeCall(String methodName, List<?> params) {
    return XmlRpcWriter.encodeCall(methodName, params);
  }

  /** Encodes a successful method response carrying one value. */
  public static byte[] encodeResponse(Object value) {
    return XmlRpcWriter.encodeResponse(value);
  }

  /** Encodes a fault response. */
  public static byte[] encodeFault(int code, String message) {
    return XmlRpcWriter.encodeFault(code, message);
  }

  // ---------------------------------------------------------------- parsing

  /**
   * Parses a method call.
   *
   * @throws XmlRpcFault with {@link XmlRpcFault#PARSE_ERROR} and one line starting {@code XML-RPC
   *     call:} that says what was wrong
   */
  public static XmlRpcCall parseCall(byte[] document) throws XmlRpcFault {
    try {
      return readCall(document);
    } catch (XmlRpcFault fault) {
      throw parseError("XML-RPC call: " + fault.getMessage());
    }
  }

  private static XmlRpcCall readCall(byte[] document) throws XmlRpcFault {
    try {
      XMLStreamReader reader = open(document);
      try {
        expectRoot(reader, "methodCall");
        String methodName = null;
        List<Object> params = new ArrayList<>();
        while (nextTag(reader) == XMLStreamConstants.START_ELEMENT) {
          switch (reader.getLocalName()) {
            case "methodName" -> methodName = reader.getElementText().trim();
            case "params" -> readParams(reader, params);
            default -> throw parseError("unexpected <" + tag(reader) + "> in methodCall");
          }
        }
        if (methodName == null || methodName.isEmpty()) {
          throw parseError("methodCall without a methodName");
        }
        return new XmlRpcCall(methodName, params);
      } finally {
        reader.close();
      }
    } catch (XMLStreamException | RuntimeException e) {
      throw parseError(notWellFormed(e));
    }
  }

  /**
   * Parses a method response.
   *
   * @return the response value
   * @throws XmlRpcFault the fault the server answered, its text made one bounded line (see {@link
   *     FaultTexts#faultText}), or {@link XmlRpcFault#PARSE_ERROR} with one line starting {@code
   *     XML-RPC response:} that says what was wrong
   */
  public static Object parseResponse(byte[] document) throws XmlRpcFault {
    Object result;
    boolean fault = false;
    try {
      XMLStreamReader reader = open(document);
      try {
        expectRoot(reader, "methodResponse");
        if (nextTag(reader) != XMLStreamConstants.START_ELEMENT) {
          throw parseError("empty methodResponse");
        }
        if ("fault".equals(reader.getLocalName())) {
          fault = true;
          expectStart(reader, "value");
          result = readValue(reader, 0);
        } else if ("params".equals(reader.getLocalName())) {
          List<Object> params = new ArrayList<>();
          readParams(reader, params);
          if (params.size() != 1) {
            throw parseError("methodResponse with " + params.size() + " params, expected 1");
          }
          result = params.get(0);
        } else {
          throw parseError("unexpected <" + tag(reader) + "> in methodResponse");
        }
      } finally {
        reader.close();
      }
    } catch (XMLStreamException | RuntimeException e) {
      throw parseError("XML-RPC response: " + notWellFormed(e));
    } catch (XmlRpcFault parseFault) {
      throw parseError("XML-RPC response: " + parseFault.getMessage());
    }
    if (fault) {
      if (result instanceof Map<?, ?> map) {
        Object code = map.get("faultCode");
        throw new XmlRpcFault(
            code instanceof Integer i ? i : XmlRpcFault.INTERNAL_ERROR,
            FaultTexts.faultText(map.get("faultString")));
      }
      throw new XmlRpcFault(XmlRpcFault.INTERNAL_ERROR, FaultTexts.faultText(result));
    }
    return result;
  }

  /** The XML parser's complaint, one line of bounded length. */
  private static String notWellFormed(Exception e) {
    String detail = oneLine(e.getMessage());
    if (detail.length() > MAX_DETAIL_CHARS) {
      detail = detail.substring(0, MAX_DETAIL_CHARS) + "…";
    }
    return "not well-formed XML: " + detail;
  }

  private static XMLStreamReader open(byte[] document) throws XMLStreamException {
    return INPUT_FACTORY.createXMLStreamReader(new ByteArrayInputStream(document));
  }

  private static void expectRoot(XMLStreamReader reader, String name)
      throws XMLStreamException, XmlRpcFault {
    if (nextTag(reader) != XMLStreamConstants.START_ELEMENT
        || !name.equals(reader.getLocalName())) {
      throw parseError("expected <" + name + "> as the root element");
    }
  }

  private static void expectStart(XMLStreamReader reader, String name)
      throws XMLStreamException, XmlRpcFault {
    if (nextTag(reader) != XMLStreamConstants.START_ELEMENT
        || !name.equals(reader.getLocalName())) {
      throw parseError("expected <" + name + ">");
    }
  }

  /** Moves to the next start or end tag, skipping whitespace, comments and processing steps. */
  private static int nextTag(XMLStreamReader reader) throws XMLStreamException, XmlRpcFault {
    while (reader.hasNext()) {
      int event = reader.next();
      switch (event) {
        case XMLStreamConstants.START_ELEMENT, XMLStreamConstants.END_ELEMENT:
          return event;
        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA:
          if (!reader.isWhiteSpace() && !reader.getText().isBlank()) {
            throw parseError("unexpected text " + clip(reader.getText()));
          }
          break;
        case XMLStreamConstants.END_DOCUMENT:
          return event;
        default:
          break;
      }
    }
    return XMLStreamConstants.END_DOCUMENT;
  }

  private static void readParams(XMLStreamReader reader, List<Object> params)
      throws XMLStreamException, XmlRpcFault {
    while (nextTag(reader) == XMLStreamConstants.START_ELEMENT) {
      if (!"param".equals(reader.getLocalName())) {
        throw parseError("expected <param>, got <" + tag(reader) + ">");
      }
      expectStart(reader, "value");
      params.add(readValue(reader, 0));
      if (nextTag(reader) != XMLStreamConstants.END_ELEMENT) {
        throw parseError("more than one value in a <param>");
      }
    }
  }

  /** Reads a value; the reader stands on {@code <value>} and ends on {@code </value>}. */
  private static Object readValue(XMLStreamReader reader, int depth)
      throws XMLStreamException, XmlRpcFault {
    if (depth > MAX_DEPTH) {
      throw parseError("values nested deeper than " + MAX_DEPTH);
    }
    StringBuilder text = new StringBuilder();
    while (true) {
      int event = reader.next();
      if (event == XMLStreamConstants.CHARACTERS
          || event == XMLStreamConstants.CDATA
          || event == XMLStreamConstants.SPACE
          || event == XMLStreamConstants.ENTITY_REFERENCE) {
        text.append(reader.getText());
      } else if (event == XMLStreamConstants.END_ELEMENT) {
        // Untyped value: a string, as roscpp sends them.
        return text.toString();
      } else if (event == XMLStreamConstants.START_ELEMENT) {
        if (!text.toString().isBlank()) {
          throw parseError("text " + clip(text.toString()) + " before a typed value");
        }
        Object value = readTyped(reader, depth);
        if (nextTag(reader) != XMLStreamConstants.END_ELEMENT) {
          throw parseError("more than one typed value inside <value>");
        }
        return value;
      } else if (event == XMLStreamConstants.END_DOCUMENT) {
        throw parseError("document ends inside <value>");
      }
    }
  }

  private static Object readTyped(XMLStreamReader reader, int depth)
      throws XMLStreamException, XmlRpcFault {
    String type = reader.getLocalName();
    switch (type) {
      case "string":
        return reader.getElementText();
      case "i4", "int", "i8":
        {
          String text = reader.getElementText().trim();
          try {
            long value = Long.parseLong(text);
            if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
              return (int) value;
            }
            return value;
          } catch (NumberFormatException e) {
            throw parseError("<" + type + "> " + clip(text) + " is not an integer");
          }
        }
      case "boolean":
        {
          String text = reader.getElementText().trim();
          if ("1".equals(text) || "true".equalsIgnoreCase(text)) {
            return Boolean.TRUE;
          }
          if ("0".equals(text) || "false".equalsIgnoreCase(text)) {
            return Boolean.FALSE;
          }
          throw parseError("<boolean> " + clip(text) + " is not 0 or 1");
        }
      case "double":
        {
          String text = reader.getElementText().trim();
          try {
            return Double.parseDouble(text);
          } catch (NumberFormatException e) {
            throw parseError("<double> " + clip(text) + " is not a number");
          }
        }
      case "base64":
        {
          String text = reader.getElementText().replaceAll("\\s", "");
          try {
            return Base64.getDecoder().decode(text);
          } catch (IllegalArgumentException e) {
            throw parseError("<base64> is not valid base64");
          }
        }
      case "dateTime.iso8601":
        return reader.getElementText().trim();
      case "nil":
        reader.getElementText();
        return null;
      case "array":
        {
          List<Object> list = new ArrayList<>();
          expectStart(reader, "data");
          while (nextTag(reader) == XMLStreamConstants.START_ELEMENT) {
            if (!"value".equals(reader.getLocalName())) {
              throw parseError("expected <value> in <data>, got <" + tag(reader) + ">");
            }
            list.add(readValue(reader, depth + 1));
          }
          if (nextTag(reader) != XMLStreamConstants.END_ELEMENT) {
            throw parseError("more than one <data> in <array>");
          }
          return list;
        }
      case "struct":
        {
          Map<String, Object> map = new LinkedHashMap<>();
          while (nextTag(reader) == XMLStreamConstants.START_ELEMENT) {
            if (!"member".equals(reader.getLocalName())) {
              throw parseError("expected <member> in <struct>, got <" + tag(reader) + ">");
            }
            String name = null;
            Object value = null;
            boolean hasValue = false;
            while (nextTag(reader) == XMLStreamConstants.START_ELEMENT) {
              if ("name".equals(reader.getLocalName())) {
                name = reader.getElementText();
              } else if ("value".equals(reader.getLocalName())) {
                value = readValue(reader, depth + 1);
                hasValue = true;
              } else {
                throw parseError("unexpected <" + tag(reader) + "> in <member>");
              }
            }
            if (name == null || !hasValue) {
              throw parseError("<member> needs a <name> and a <value>");
            }
            map.put(name, value);
          }
          return map;
        }
      default:
        throw parseError("unknown XML-RPC type <" + tag(reader) + ">");
    }
  }

  private static XmlRpcFault parseError(String message) {
    return new XmlRpcFault(XmlRpcFault.PARSE_ERROR, message);
  }

  private static String oneLine(String message) {
    return message == null ? "(no detail)" : message.replaceAll("\\s+", " ").trim();
  }

  /** Text from the document for a message: quoted, escaped, at most 40 chars of it. */
  private static String clip(String text) {
    return LogText.quote(text, 40);
  }

  /** The current element's name for a message, clipped like any text from the document. */
  private static String tag(XMLStreamReader reader) {
    String name = reader.getLocalName();
    return name.length() <= 40 ? name : name.substring(0, 40) + "…(" + name.length() + " chars)";
  }
}
