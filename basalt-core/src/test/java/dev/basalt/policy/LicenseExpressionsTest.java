package dev.basalt.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class LicenseExpressionsTest {
  private static final Set<String> GPL3 = Set.of("GPL-3.0-only", "GPL-3.0-or-later");

  @Test
  void aConjunctionRequiresEachOfItsLicenses() {
    assertThat(LicenseExpressions.requiredDenied("GPL-3.0-or-later AND MIT", GPL3)).containsExactly("GPL-3.0-or-later");
    assertThat(LicenseExpressions.requiredDenied("GPL-3.0-only", GPL3)).containsExactly("GPL-3.0-only");
    assertThat(LicenseExpressions.requiredDenied("MIT AND Zlib", GPL3)).isEmpty();
  }

  @Test
  void aChoiceRequiresADeniedLicenseOnlyWhenEveryAlternativeDoes() {
    assertThat(LicenseExpressions.requiredDenied("GPL-3.0-or-later OR MIT", GPL3)).isEmpty();
    assertThat(LicenseExpressions.requiredDenied("GPL-3.0-only OR GPL-3.0-or-later", GPL3))
        .containsExactly("GPL-3.0-only", "GPL-3.0-or-later");
    assertThat(LicenseExpressions.requiredDenied("(GPL-3.0-or-later OR MIT) AND GPL-3.0-only", GPL3))
        .containsExactly("GPL-3.0-only");
    assertThat(LicenseExpressions.requiredDenied("Apache-2.0 AND (MIT OR GPL-3.0-only)", GPL3)).isEmpty();
  }

  @Test
  void anExceptionDoesNotHideTheLicenseAndIdentifiersCompareCaseInsensitively() {
    assertThat(LicenseExpressions.requiredDenied("GPL-3.0-or-later WITH GCC-exception-3.1", GPL3))
        .containsExactly("GPL-3.0-or-later");
    assertThat(LicenseExpressions.requiredDenied("gpl-3.0-ONLY", GPL3)).containsExactly("gpl-3.0-ONLY");
    assertThat(LicenseExpressions.requiredDenied("LicenseRef-public-domain", Set.of("LicenseRef-public-domain")))
        .containsExactly("LicenseRef-public-domain");
  }

  @Test
  void malformedExpressionsAreRefused() {
    assertThatThrownBy(() -> LicenseExpressions.requiredDenied("(MIT AND", GPL3))
        .hasMessage("not an SPDX license expression: '(MIT AND': it ends where a license identifier should follow");
    assertThatThrownBy(() -> LicenseExpressions.requiredDenied("MIT )", GPL3))
        .hasMessage("not an SPDX license expression: 'MIT )': unexpected ')'");
    assertThatThrownBy(() -> LicenseExpressions.requiredDenied("MIT / BSD", GPL3))
        .hasMessage("not an SPDX license expression: 'MIT / BSD'");
  }
}
