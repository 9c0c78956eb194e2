package dev.foresight.ros.xmlrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class XmlRpcCodecTest {
  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void parsesRoscppUntypedStringsAndI4() throws Exception {
    // What roscpp's XmlRpc++ sends: untyped strings and <i4>.
    String call =
        "<?xml version=\"1.0\"?>\r\n<methodCall><methodName>requestTopic</methodName>\r\n"
            + "<params><param><value>/talker</value></param><param><value>/chatter</value></param>"
            + "<param><value><array><data><value><array><data><value>TCPROS</value></data></array>"
            + "</value></data></array></value></param><param><value><i4>42</i4></value></param>"
            + "<param><value></value></param></params></methodCall>\r\n";
    XmlRpcCall parsed = XmlRpcCodec.parseCall(bytes(call));
    assertThat(parsed.methodName()).isEqualTo("requestTopic");
    assertThat(parsed.params())
        .containsExactly("/talker", "/chatter", List.of(List.of("TCPROS")), 42, "");
  }

  @Test
  void parsesRospyTypedValues() throws Exception {
    String response =
        "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><array><data>\n"
            + "<value><int>1</int></value>\n<value><string>ok &amp; &lt;fine&gt;</string></value>\n"
            + "<value><struct><member><name>a</name><value><boolean>1</boolean></value></member>"
            + "<member><name>b</name><value><double>2.5</double></value></member>"
            + "<member><name>c</name><value><base64>AQID</base64></value></member></struct></value>\n"
            + "</data></array></value>\n</param>\n</params>\n</methodResponse>\n";
    Object value = XmlRpcCodec.parseResponse(bytes(response));
    List<?> list = (List<?>) value;
    assertThat(list.get(0)).isEqualTo(1);
    assertThat(list.get(1)).isEqualTo("ok & <fine>");
    Map<?, ?> struct = (Map<?, ?>) list.get(2);
    assertThat(struct.get("a")).isEqualTo(true);
    assertThat(struct.get("b")).isEqualTo(2.5);
    assertThat((byte[]) struct.get("c")).containsExactly(1, 2, 3);
  }

  @Test
  void roundTripsEveryType() throws Exception {
    Map<String, Object> struct = new LinkedHashMap<>();
    struct.put("x", -7);
    struct.put("y", List.of("a<b", true, 1.25));
    List<Object> params = List.of("s", 3, false, 0.5, struct, List.of());
    XmlRpcCall call = XmlRpcCodec.parseCall(XmlRpcCodec.encodeCall("m", params));
    assertThat(call.methodName()).isEqualTo("m");
    assertThat(call.params()).isEqualTo(params);
    assertThat(XmlRpcCodec.parseResponse(XmlRpcCodec.encodeResponse(struct))).isEqualTo(struct);
  }

  @Test
  void faultResponseBecomesFault() {
    assertThatThrownBy(() -> XmlRpcCodec.parseResponse(XmlRpcCodec.encodeFault(-32601, "no such")))
        .isInstanceOf(XmlRpcFault.class)
        .hasMessage("no such")
        .extracting(e -> ((XmlRpcFault) e).code())
        .isEqualTo(-32601);
  }

  @Test
  void garbageIsAParseErrorNamingTheProblem() {
    for (String garbage :
        List.of(
            "hello",
            "<methodCall><params/></methodCall>",
            "<methodCall><methodName>x</methodName><params><param><value><i4>abc</i4></value>"
                + "</param></params></methodCall>",
            "<methodCall><methodName>x</methodName><params><param><value><foo/></value></param>"
                + "</params></methodCall>",
            "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<methodCall><methodName>&e;</methodName></methodCall>")) {
      assertThatThrownBy(() -> XmlRpcCodec.parseCall(bytes(garbage)))
          .as(garbage)
          .isInstanceOf(XmlRpcFault.class)
          .extracting(e -> ((XmlRpcFault) e).code())
          .isEqualTo(XmlRpcFault.PARSE_ERROR);
    }
  }

  @Test
  void everyParseErrorIsOneBoundedLineNamingTheDocument() {
    String longName = "x".repeat(900); // the JDK parser refuses names over 1000 chars
    Map<String, String> calls =
        Map.of(
            "<methodCall><" + longName + "/></methodCall>", "XML-RPC call: unexpected <",
            "<methodCall><methodName>m</methodName></" + longName + ">", "XML-RPC call: ",
            "<" + longName + "/>", "XML-RPC call: expected <methodCall>");
    calls.forEach(
        (document, start) ->
            assertThatThrownBy(() -> XmlRpcCodec.parseCall(bytes(document)))
                .isInstanceOfSatisfying(
                    XmlRpcFault.class,
                    fault -> {
                      assertThat(fault.code()).isEqualTo(XmlRpcFault.PARSE_ERROR);
                      assertThat(fault.getMessage())
                          .startsWith(start)
                          .doesNotContain("\n")
                          .hasSizeLessThan(400);
                    }));
    assertThatThrownBy(
            () ->
                XmlRpcCodec.parseResponse(
                    bytes(
                        "<methodResponse><params><param><value>a</value></param>"
                            + "<param><value>b</value></param></params></methodResponse>")))
        .hasMessage("XML-RPC response: methodResponse with 2 params, expected 1");
  }

  @Test
  void aFaultsTextBecomesOneBoundedLine() {
    String multiLine = "first line\nsecond line " + "y".repeat(5000);
    assertThatThrownBy(() -> XmlRpcCodec.parseResponse(XmlRpcCodec.encodeFault(-1, multiLine)))
        .isInstanceOfSatisfying(
            XmlRpcFault.class,
            fault -> {
              assertThat(fault.code()).isEqualTo(-1);
              assertThat(fault.getMessage())
                  .startsWith("'first line\\nsecond line yyy")
                  .doesNotContain("\n")
                  .hasSizeLessThan(400);
            });
    assertThatThrownBy(() -> XmlRpcCodec.parseResponse(XmlRpcCodec.encodeFault(-1, "")))
        .hasMessage("(the server gave no faultString)");
    String controls = "\u007f".repeat(300);
    assertThatThrownBy(() -> XmlRpcCodec.parseResponse(XmlRpcCodec.encodeFault(-1, controls)))
        .satisfies(
            fault -> assertThat(fault.getMessage()).startsWith("'\\u007f").hasSizeLessThan(400));
  }

  @Test
  void deepNestingIsRefused() {
    String deep =
        "<methodCall><methodName>x</methodName><params><param>"
            + "<value><array><data>".repeat(100)
            + "</data></array></value>".repeat(100)
            + "</param></params></methodCall>";
    assertThatThrownBy(() -> XmlRpcCodec.parseCall(bytes(deep)))
        .isInstanceOf(XmlRpcFault.class)
        .hasMessageContaining("deeper");
  }
}
