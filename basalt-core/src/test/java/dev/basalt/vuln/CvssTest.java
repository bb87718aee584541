package dev.basalt.vuln;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Published example vectors with the scores FIRST's calculators give them. */
class CvssTest {
  @ParameterizedTest
  @CsvSource({
      "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H, 9.8",
      "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H, 10.0",
      "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N, 6.1",
      "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H, 7.8",
      "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N, 5.9",
      "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H, 7.5",
      "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:N, 6.5",
      "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N, 0.0",
      "CVSS:3.0/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H, 8.8",
      "CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H, 8.8",
      "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:R/CR:L, 9.8",
  })
  void cvss3BaseScores(String vector, double score) {
    assertThat(Cvss3.baseScore(vector)).isEqualTo(score);
  }

  @Test
  void cvss31RoundsOnIntegers() {
    assertThat(Cvss3.roundup31(4.000000000000001)).isEqualTo(4.0);
    assertThat(Cvss3.roundup30(4.000000000000001)).isEqualTo(4.1);
    assertThat(Cvss3.roundup31(4.02)).isEqualTo(4.1);
  }

  @ParameterizedTest
  @CsvSource({
      "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H, 10.0",
      "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N, 0.0",
      "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N, 9.3",
      "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:H/SI:H/SA:H, 7.9",
      "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:U, 9.1",
      "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/MVI:L/MSA:S, 9.8",
      "CVSS:4.0/AV:L/AC:L/AT:P/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N, 7.3",
      "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N, 7.7",
      "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U, 5.2",
      "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:L/VA:L/SC:N/SI:N/SA:N, 8.3",
      "CVSS:4.0/AV:L/AC:L/AT:N/PR:N/UI:A/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N, 4.6",
      "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:N/VI:L/VA:N/SC:N/SI:N/SA:N, 5.3",
      "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:L/SC:N/SI:N/SA:N, 6.9",
      "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:L/VI:L/VA:L/SC:N/SI:N/SA:N/E:X, 5.3",
  })
  void cvss4Scores(String vector, double score) {
    assertThat(Cvss4.score(vector)).isEqualTo(score);
  }

  @Test
  void cvss4TableHasEveryMacroVector() {
    assertThat(Cvss4MacroVectors.size()).isEqualTo(270);
  }

  @Test
  void malformedVectorsNameTheProblem() {
    assertThatThrownBy(() -> Cvss3.baseScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H"))
        .hasMessage("'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H' lacks the base metric A");
    assertThatThrownBy(() -> Cvss3.baseScore("CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"))
        .hasMessageStartingWith("AV:Q in 'CVSS:3.1/AV:Q/");
    assertThatThrownBy(() -> Cvss4.score("CVSS:4.0/AV:N/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"))
        .hasMessageStartingWith("AV appears twice");
    assertThatThrownBy(() -> Cvss4.score("CVSS:3.1/AV:N"))
        .hasMessage("'CVSS:3.1/AV:N' does not start with CVSS:4.0/");
  }

  @Test
  void levelsFollowTheBands() {
    assertThat(Level.ofScore(0.0)).isEqualTo(Level.NONE);
    assertThat(Level.ofScore(0.1)).isEqualTo(Level.LOW);
    assertThat(Level.ofScore(3.9)).isEqualTo(Level.LOW);
    assertThat(Level.ofScore(4.0)).isEqualTo(Level.MEDIUM);
    assertThat(Level.ofScore(6.9)).isEqualTo(Level.MEDIUM);
    assertThat(Level.ofScore(7.0)).isEqualTo(Level.HIGH);
    assertThat(Level.ofScore(8.9)).isEqualTo(Level.HIGH);
    assertThat(Level.ofScore(9.0)).isEqualTo(Level.CRITICAL);
    assertThat(Level.ofWord("low**")).isEqualTo(Level.LOW);
    assertThat(Level.ofWord("not yet assigned")).isNull();
    assertThat(Level.UNKNOWN.reaches(Level.CRITICAL)).isTrue();
    assertThat(Level.MEDIUM.reaches(Level.HIGH)).isFalse();
  }
}
