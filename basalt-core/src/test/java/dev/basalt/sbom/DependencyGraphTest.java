package dev.basalt.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.debian.BinaryPackage;
import dev.basalt.debian.Resolution;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DependencyGraphTest {
  private static Resolution.Resolved resolved(String name, String... requiredBy) {
    BinaryPackage pkg = new BinaryPackage(name, "1", "amd64", null, false, "optional", null, null, null, null, null,
        null, null, "pool/main/" + name + "_1_amd64.deb", 1, 1, "00", null);
    return new Resolution.Resolved(pkg, List.of(requiredBy));
  }

  @Test
  void turnsWhoRequiredEachPackageIntoWhatEachPackageDependsOn() {
    Resolution resolution = new Resolution("amd64", List.of(
        resolved("gcc-14-base", "libgcc-s1"),
        resolved("libc6", Resolution.REQUESTED, "libgcc-s1", "libssl3t64", "openssl-provider-legacy"),
        resolved("libgcc-s1", "libc6"),
        resolved("libssl3t64", Resolution.REQUESTED, "openssl-provider-legacy"),
        resolved("openssl-provider-legacy", "libssl3t64"),
        resolved("tzdata", Resolution.REQUESTED)), List.of());

    assertThat(DependencyGraph.of(resolution)).isEqualTo(Map.of(
        "gcc-14-base", List.of(),
        "libc6", List.of("libgcc-s1"),
        "libgcc-s1", List.of("gcc-14-base", "libc6"),
        "libssl3t64", List.of("libc6", "openssl-provider-legacy"),
        "openssl-provider-legacy", List.of("libc6", "libssl3t64"),
        "tzdata", List.of()));
  }
}
