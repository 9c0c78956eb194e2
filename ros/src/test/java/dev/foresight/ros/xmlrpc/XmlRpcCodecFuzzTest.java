package dev.foresight.ros.xmlrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.foresight.testsupport.FuzzChecks;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes the XML-RPC parsers with arbitrary documents, as a slave or master API receives requests
 * and a client receives responses. A parser either returns a call or value or throws an {@link
 * XmlRpcFault}; a parse error has one line naming XML-RPC, and a fault the document carries comes
 * out as one bounded line too. What a parser returns survives encoding and parsing again, except
 * doubles XML-RPC cannot carry.
 *
 * <p>In the build the targets run over their stored inputs in {@code XmlRpcCodecFuzzTestInputs};
 * {@code scripts/fuzz.sh} fuzzes them.
 */
class XmlRpcCodecFuzzTest {
  /** The XML parser's own buffers and tables take most of this. */
  private static final long BUDGET_BYTES = 4 * 1024 * 1024;

  private static final long BUDGET_BYTES_PER_INPUT_BYTE = 256;

  @FuzzTest
  void parseCall(byte[] document) {
    XmlRpcCall call;
    try {
      call =
          FuzzChecks.withinAllocationBudget(
              BUDGET_BYTES + BUDGET_BYTES_PER_INPUT_BYTE * document.length,
              "XML-RPC call of " + document.length + " bytes",
              () -> XmlRpcCodec.parseCall(document));
    } catch (XmlRpcFault e) {
      assertThat(e.code()).isEqualTo(XmlRpcFault.PARSE_ERROR);
      FuzzChecks.assertOneLineError(e, "XML-RPC call");
      return;
    }
    assertThat(call.methodName()).isNotBlank();
    byte[] encoded;
    try {
      encoded = XmlRpcCodec.encodeCall(call.methodName(), call.params());
    } catch (IllegalArgumentException e) {
      assertCannotBeCarried(call.params(), e);
      return;
    }
    XmlRpcCall again = parse(encoded);
    assertThat(again.methodName()).isEqualTo(call.methodName());
    assertSameValue(call.params(), again.params(), "params");
  }

  @FuzzTest
  void parseResponse(byte[] document) {
    Object value;
    try {
      value =
          FuzzChecks.withinAllocationBudget(
              BUDGET_BYTES + BUDGET_BYTES_PER_INPUT_BYTE * document.length,
              "XML-RPC response of " + document.length + " bytes",
              () -> XmlRpcCodec.parseResponse(document));
    } catch (XmlRpcFault e) {
      // A fault the server sent carries its own text; it must still be one bounded line.
      FuzzChecks.assertOneLineError(
          e, e.code() == XmlRpcFault.PARSE_ERROR ? "XML-RPC response" : "");
      return;
    }
    byte[] encoded;
    try {
      encoded = XmlRpcCodec.encodeResponse(value);
    } catch (IllegalArgumentException e) {
      assertCannotBeCarried(value, e);
      return;
    }
    try {
      assertSameValue(value, XmlRpcCodec.parseResponse(encoded), "response");
    } catch (XmlRpcFault e) {
      throw new AssertionError("an encoded response does not parse again", e);
    }
  }

  private static XmlRpcCall parse(byte[] encoded) {
    try {
      return XmlRpcCodec.parseCall(encoded);
    } catch (XmlRpcFault e) {
      throw new AssertionError("an encoded call does not parse again", e);
    }
  }

  /** The encoder refuses only doubles that are not finite. */
  private static void assertCannotBeCarried(Object value, IllegalArgumentException e) {
    assertThat(e).hasMessageContaining("cannot carry the double");
    assertThat(containsNonFiniteDouble(value)).as("encoder refused %s", e.getMessage()).isTrue();
  }

  private static boolean containsNonFiniteDouble(Object value) {
    if (value instanceof Double d) {
      return !Double.isFinite(d);
    }
    if (value instanceof List<?> list) {
      return list.stream().anyMatch(XmlRpcCodecFuzzTest::containsNonFiniteDouble);
    }
    if (value instanceof Map<?, ?> map) {
      return map.values().stream().anyMatch(XmlRpcCodecFuzzTest::containsNonFiniteDouble);
    }
    return false;
  }

  /**
   * Whether {@code again} (parsed from the encoding of {@code parsed}) is the same value: {@code
   * <nil/>} is written as an empty string and integers beyond 32 bits as doubles.
   */
  private static void assertSameValue(Object parsed, Object again, String path) {
    if (parsed == null) {
      assertThat(again).as(path).isEqualTo("");
    } else if (parsed instanceof Long l) {
      assertThat(again).as(path).isEqualTo(l.doubleValue());
    } else if (parsed instanceof byte[] bytes) {
      assertThat(again).as(path).isInstanceOf(byte[].class);
      assertThat(Arrays.equals(bytes, (byte[]) again)).as(path).isTrue();
    } else if (parsed instanceof List<?> list) {
      assertThat(again).as(path).isInstanceOf(List.class);
      List<?> againList = (List<?>) again;
      assertThat(againList).as(path).hasSameSizeAs(list);
      for (int i = 0; i < list.size(); i++) {
        assertSameValue(list.get(i), againList.get(i), path + "[" + i + "]");
      }
    } else if (parsed instanceof Map<?, ?> map) {
      assertThat(again).as(path).isInstanceOf(Map.class);
      Map<?, ?> againMap = (Map<?, ?>) again;
      assertThat(List.copyOf(againMap.keySet())).as(path).isEqualTo(List.copyOf(map.keySet()));
      Iterator<? extends Map.Entry<?, ?>> entries = map.entrySet().iterator();
      while (entries.hasNext()) {
        Map.Entry<?, ?> entry = entries.next();
        assertSameValue(
            entry.getValue(), againMap.get(entry.getKey()), path + "." + entry.getKey());
      }
    } else if (parsed instanceof String || parsed instanceof Number || parsed instanceof Boolean) {
      assertThat(again).as(path).isEqualTo(parsed);
    } else {
      fail("%s: the parser returned a %s", path, parsed.getClass().getName());
    }
  }
}
