package dev.basalt.effects;

import static dev.basalt.testkit.Trees.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubjectHashTest {
  /** Expected values from {@code openssl x509 -noout -subject_hash -in <file>} (OpenSSL 3.0). */
  @ParameterizedTest
  @CsvSource({
      "alpha.crt,   7ebb3e25", // PrintableStrings with runs of spaces, leading, trailing, upper case
      "beta.crt,    24852cd3", // a multi-valued RDN (CN+OU) whose CN is a BMPString
      "cafe.crt,    c895dc77", // a T61String holding Latin-1
      "gamma.crt,   c51cfe34",
      "gamma_2.crt, c51cfe34",
  })
  void matchesOpenSsl(String file, String hash) throws Exception {
    assertThat(SubjectHash.ofCertificate(der(resource("/effects/" + file)))).isEqualTo(hash);
  }

  @Test
  void canonicalTextIsTrimmedCollapsedAndLowerCasedInAsciiOnly() {
    byte[] in = " \t Ab\u00c9  C\r\nD ".getBytes(StandardCharsets.UTF_8);
    assertThat(new String(SubjectHash.canon(in), StandardCharsets.UTF_8)).isEqualTo("ab\u00c9 c d");
  }

  @Test
  void garbageIsNotACertificate() {
    assertThatThrownBy(() -> SubjectHash.ofCertificate(new byte[] {0x41, 0x41, 0x41}))
        .isInstanceOf(IOException.class)
        .hasMessage("not an X.509 certificate");
  }

  private static byte[] der(byte[] pem) {
    String text = new String(pem, StandardCharsets.US_ASCII);
    String body = text.substring(text.indexOf("-----BEGIN CERTIFICATE-----") + 27, text.indexOf("-----END CERTIFICATE-----"));
    return Base64.getMimeDecoder().decode(body);
  }
}
