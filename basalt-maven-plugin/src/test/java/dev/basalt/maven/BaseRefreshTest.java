package dev.basalt.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.layer.LayerEnvironment;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BaseRefreshTest {
  @Test
  void shortFormsIsoAndZero() {
    assertThat(BaseRefresh.parse("0")).isZero();
    assertThat(BaseRefresh.parse("45s")).isEqualTo(Duration.ofSeconds(45));
    assertThat(BaseRefresh.parse("30m")).isEqualTo(Duration.ofMinutes(30));
    assertThat(BaseRefresh.parse(" 1H ")).isEqualTo(Duration.ofHours(1));
    assertThat(BaseRefresh.parse("2d")).isEqualTo(Duration.ofDays(2));
    assertThat(BaseRefresh.parse("PT90M")).isEqualTo(Duration.ofMinutes(90));
  }

  @Test
  void badValuesSayWhatIsAccepted() {
    for (String bad : new String[] {"", "soon", "-1h", "PT-5M", "1w", "1.5h"}) {
      assertThatThrownBy(() -> BaseRefresh.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("is not a duration: use 0 (resolve on every build)");
    }
  }

  @Test
  void updateResolvesNowAndOfflineNever() {
    assertThat(BaseRefresh.of("1h", false, false)).isEqualTo(new LayerEnvironment.PresetRefresh(Duration.ofHours(1),
        false));
    assertThat(BaseRefresh.of("1h", false, true)).isEqualTo(LayerEnvironment.PresetRefresh.ALWAYS);
    assertThat(BaseRefresh.of("1h", true, false).offline()).isTrue();
  }
}
