package dev.basalt.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basalt.cache.Digest;
import dev.basalt.sign.VerificationException.Reason;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InTotoStatementTest {
  private static final Digest DIGEST = Digest.parse("sha256:4a668fd22601acf91adb14ae57c2fe45a61010c709b3c48ff12b0b9187147640");

  @Test
  void cosignSigningStatementIsWhatCosignV3Signs() {
    // cosign v3 cmd/cosign/cli/sign/sign.go signDigestBundle: protojson of an in-toto v1 Statement,
    // the manifest digest as the one unnamed subject with the (here empty) annotations, an empty predicate.
    assertThat(json(InTotoStatement.cosignSignature(DIGEST, Map.of()))).isEqualTo("{\"_type\":\"https://in-toto.io/Statement/v1\","
        + "\"subject\":[{\"digest\":{\"sha256\":\"4a668fd22601acf91adb14ae57c2fe45a61010c709b3c48ff12b0b9187147640\"},"
        + "\"annotations\":{}}],\"predicateType\":\"https://sigstore.dev/cosign/sign/v1\",\"predicate\":{}}");
    assertThat(json(InTotoStatement.cosignSignature(DIGEST, Map.of("tag", "1.0", "a", "b"))))
        .contains("\"annotations\":{\"a\":\"b\",\"tag\":\"1.0\"}");
  }

  @Test
  void predicateTreeOrBytesGiveTheSameSortedStatement() {
    ObjectNode predicate = SignJson.object();
    predicate.put("z", 1);
    predicate.putObject("builder").put("id", "https://basalt.dev/builder").put("version", "0.1");
    // Numbers keep the digits they were given: 2.50 stays 2.50, as a verifier re-reading the bytes sees it.
    predicate.putArray("list").add(new BigDecimal("2.50")).add("x");
    List<InTotoStatement.Subject> subjects = List.of(InTotoStatement.Subject.of("registry.example/base", DIGEST));
    InTotoStatement fromTree = new InTotoStatement(subjects, "https://slsa.dev/provenance/v1", predicate);
    InTotoStatement fromBytes = InTotoStatement.of(subjects, "https://slsa.dev/provenance/v1",
        "{ \"list\": [2.50, \"x\"], \"z\": 1, \"builder\": {\"version\": \"0.1\", \"id\": \"https://basalt.dev/builder\"} }"
            .getBytes(StandardCharsets.UTF_8));
    String expected = "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"registry.example/base\","
        + "\"digest\":{\"sha256\":\"" + DIGEST.hex() + "\"}}],\"predicateType\":\"https://slsa.dev/provenance/v1\","
        + "\"predicate\":{\"builder\":{\"id\":\"https://basalt.dev/builder\",\"version\":\"0.1\"},\"list\":[2.50,\"x\"],\"z\":1}}";
    assertThat(json(fromTree)).isEqualTo(expected);
    assertThat(json(fromBytes)).isEqualTo(expected);
    predicate.put("z", 2);
    assertThat(json(fromTree)).as("the statement keeps its own copy").isEqualTo(expected);
  }

  @Test
  void readsBackAndChecksTheSubject() throws Exception {
    InTotoStatement statement = InTotoStatement.fromJson(InTotoStatement.cosignSignature(DIGEST, Map.of()).toJson());
    assertThat(statement).isEqualTo(InTotoStatement.cosignSignature(DIGEST, Map.of()));
    statement.requireSubject(DIGEST);
    Digest other = Digest.of(new byte[0]);
    assertThatThrownBy(() -> statement.requireSubject(other))
        .isInstanceOfSatisfying(VerificationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.DIGEST_MISMATCH))
        .hasMessage("The signature holds, but the statement is about sha256 " + DIGEST.hex() + ", not " + other + ".");
  }

  @Test
  void otherStatementTypesAndShapesAreRefused() {
    assertThatThrownBy(() -> InTotoStatement.fromJson(("{\"_type\":\"https://in-toto.io/Statement/v0.1\",\"subject\":[],"
        + "\"predicateType\":\"p\",\"predicate\":{}}").getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(VerificationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNEXPECTED_PAYLOAD));
    assertThatThrownBy(() -> InTotoStatement.fromJson(("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[],"
        + "\"predicateType\":\"p\"}").getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(VerificationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED))
        .hasMessage("The signed payload is not an in-toto statement: a statement needs at least one subject");
  }

  private static String json(InTotoStatement statement) {
    return new String(statement.toJson(), StandardCharsets.UTF_8);
  }
}
