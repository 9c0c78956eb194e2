package dev.foresight.ros.xmlrpc;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes XML-RPC documents for {@link XmlRpcCodec}: always typed values, escaped text. */
final class XmlRpcWriter {
  private XmlRpcWriter() {}

  /** Encodes a method call. */
  static byte[] encodeCall(String methodName, List<?> params) {
    StringBuilder xml = new StringBuilder(256);
    xml.append("<?xml version=\"1.0\"?>\n<methodCall><methodName>");
    escape(xml, methodName);
    xml.append("</methodName>\n<params>\n");
    for (Object param : params) {
      xml.append("<param>");
      appendValue(xml, param, 0);
      xml.append("</param>\n");
    }
    xml.append("</params></methodCall>\n");
    return xml.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Encodes a successful method response carrying one value. */
  static byte[] encodeResponse(Object value) {
    StringBuilder xml = new StringBuilder(256);
    xml.append("<?xml version=\"1.0\"?>\n<methodResponse><params><param>\n");
    appendValue(xml, value, 0);
    xml.append("</param></params></methodResponse>\n");
    return xml.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Encodes a fault response. */
  static byte[] encodeFault(int code, String message) {
    Map<String, Object> fault = new LinkedHashMap<>();
    fault.put("faultCode", code);
    fault.put("faultString", message == null ? "" : message);
    StringBuilder xml = new StringBuilder(256);
    xml.append("<?xml version=\"1.0\"?>\n<methodResponse><fault>\n");
    appendValue(xml, fault, 0);
    xml.append("</fault></methodResponse>\n");
    return xml.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void appendValue(StringBuilder xml, Object value, int depth) {
    if (depth > XmlRpcCodec.MAX_DEPTH) {
      throw new IllegalArgumentException(
          "XML-RPC value nested deeper than " + XmlRpcCodec.MAX_DEPTH);
    }
    if (value instanceof Object[] array) {
      value = java.util.Arrays.asList(array);
    }
    xml.append("<value>");
    if (value == null) {
      // XML-RPC has no null; ROS never sends one. An empty string is what rospy reads best.
      xml.append("<string></string>");
    } else if (value instanceof String s) {
      xml.append("<string>");
      escape(xml, s);
      xml.append("</string>");
    } else if (value instanceof Boolean b) {
      xml.append("<boolean>").append(b ? '1' : '0').append("</boolean>");
    } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      xml.append("<i4>").append(((Number) value).intValue()).append("</i4>");
    } else if (value instanceof Long l) {
      if (l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
        xml.append("<i4>").append(l.intValue()).append("</i4>");
      } else {
        xml.append("<double>").append(l.doubleValue()).append("</double>");
      }
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException("XML-RPC cannot carry the double " + d);
      }
      xml.append("<double>").append(d).append("</double>");
    } else if (value instanceof byte[] bytes) {
      xml.append("<base64>").append(Base64.getEncoder().encodeToString(bytes)).append("</base64>");
    } else if (value instanceof List<?> list) {
      xml.append("<array><data>");
      for (Object element : list) {
        appendValue(xml, element, depth + 1);
      }
      xml.append("</data></array>");
    } else if (value instanceof Map<?, ?> map) {
      xml.append("<struct>");
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        xml.append("<member><name>");
        escape(xml, String.valueOf(entry.getKey()));
        xml.append("</name>");
        appendValue(xml, entry.getValue(), depth + 1);
        xml.append("</member>");
      }
      xml.append("</struct>");
    } else {
      throw new IllegalArgumentException(
          "XML-RPC cannot carry a " + value.getClass().getName() + ": " + value);
    }
    xml.append("</value>");
  }

  private static void escape(StringBuilder xml, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> xml.append("&lt;");
        case '>' -> xml.append("&gt;");
        case '&' -> xml.append("&amp;");
        case '\r' -> xml.append("&#13;");
        default -> xml.append(c);
      }
    }
  }
}
