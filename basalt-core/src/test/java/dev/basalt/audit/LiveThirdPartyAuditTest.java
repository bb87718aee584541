package dev.basalt.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.image.ImageLocation;
import dev.basalt.testkit.ExternalTool;
import dev.basalt.testkit.LiveArchive;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ordinary, unhardened Debian image made by other tools (mmdebstrap's minbase rootfs, packed
 * as a layer by umoci, copied to a docker-archive by skopeo) gets the findings such an image
 * deserves.
 */
class LiveThirdPartyAuditTest {
  @TempDir Path dir;

  @Test
  void anMmdebstrapRootfsRunsAsRootWithSetuidShellsAndPackageManagers() throws Exception {
    String mirror = LiveArchive.requireMirrors().resolve("debian").toString();
    ExternalTool mmdebstrap = ExternalTool.require("mmdebstrap");
    ExternalTool umoci = ExternalTool.require("umoci");
    ExternalTool skopeo = ExternalTool.require("skopeo");
    Path rootfs = dir.resolve("rootfs.tar");
    ExternalTool.Result made = mmdebstrap.run(600, "--quiet", "--variant=minbase", "--include=login,passwd", "trixie",
        rootfs.toString(), "deb " + mirror + " trixie main");
    assertThat(made.exitCode()).as(made.toString()).isZero();
    Path layout = dir.resolve("layout");
    for (String[] step : new String[][] {
        {"init", "--layout", layout.toString()},
        {"new", "--image", layout + ":debian"},
        {"raw", "add-layer", "--image", layout + ":debian", rootfs.toString()}}) {
      ExternalTool.Result r = umoci.run(step);
      assertThat(r.exitCode()).as(r.toString()).isZero();
    }
    Files.delete(rootfs);

    List<AuditReport> reports = ImageAuditor.audit(ImageLocation.parse("oci:" + layout + ":debian"), null,
        Auditor.Policy.NONE, Instant.now());
    assertThat(reports).singleElement().satisfies(r -> {
      System.out.print("[live] " + TextReport.render(List.of(r)));
      assertThat(r.findings()).extracting(f -> f.rule().id())
          .contains("runs-as-root", "setuid-setgid", "shell", "package-manager", "login-shell");
      assertThat(evidence(r, "setuid-setgid")).contains("/usr/bin/passwd (4755, owner 0)", "/usr/bin/su (4755, owner 0)");
      assertThat(evidence(r, "shell")).contains("/usr/bin/bash", "/usr/bin/sh -> dash");
      assertThat(evidence(r, "package-manager")).contains("/usr/bin/apt", "/usr/bin/apt-get", "/usr/bin/dpkg");
      assertThat(evidence(r, "runs-as-root")).containsExactly("User is not set (defaults to root)");
      assertThat(r.failing(Level.WARN)).isNotEmpty();
      assertThat(r.grade()).isIn("D", "F");
    });

    Path archive = dir.resolve("debian.tar");
    ExternalTool.Result copied = skopeo.run(300, "copy", "--quiet", "oci:" + layout + ":debian",
        "docker-archive:" + archive + ":example/debian:latest");
    assertThat(copied.exitCode()).as(copied.toString()).isZero();
    AuditReport fromArchive = ImageAuditor.audit(ImageLocation.parse("docker-archive:" + archive), "amd64",
        new Auditor.Policy(Set.of("absolute-symlinks"), Map.of()), Instant.now()).get(0);
    assertThat(evidence(fromArchive, "latest-tag")).containsExactly("docker.io/example/debian:latest");
    assertThat(evidence(fromArchive, "setuid-setgid")).isEqualTo(evidence(reports.get(0), "setuid-setgid"));
    assertThat(fromArchive.ignored()).containsExactly("absolute-symlinks");
  }

  private static List<String> evidence(AuditReport r, String id) {
    return r.findings().stream().filter(f -> f.rule().id().equals(id)).findFirst().map(Finding::evidence).orElse(List.of());
  }
}
