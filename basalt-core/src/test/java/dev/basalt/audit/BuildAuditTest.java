package dev.basalt.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.fs.Content;
import dev.basalt.fs.FileEntry;
import dev.basalt.fs.FileTree;
import dev.basalt.oci.ImageConfig;
import dev.basalt.oci.Platform;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The build gate audits the tree a layer is written from, hard links included. */
class BuildAuditTest {
  @Test
  void hardLinksInTheTreeCarryTheirTargetsBits() throws Exception {
    FileTree tree = new FileTree();
    tree.putWithParents(new FileEntry.RegularFile("/usr/bin/su", 04755, 0, 0, 1, "login", Content.Inline.of("su")), 1);
    tree.putWithParents(new FileEntry.Hardlink("/usr/bin/su2", "/usr/bin/su", 04755, 0, 0, 1, "login"), 1);
    tree.putWithParents(new FileEntry.RegularFile("/etc/key.pem", 0600, 0, 0, 1, null,
        Content.Inline.of("-----BEGIN EC PRIVATE KEY-----\nx\n")), 1);
    tree.putWithParents(new FileEntry.Hardlink("/etc/key2.pem", "/etc/key.pem", 0600, 0, 0, 1, null), 1);
    ImageConfig config = ImageConfig.builder(Platform.ofDebian("amd64"), Instant.parse("2026-11-27T00:00:00Z"))
        .user("65532").build();
    AuditReport report = BuildAudit.audit("t", "amd64", tree, config,
        new Auditor.Policy(Set.of("no-healthcheck", "os-release"), java.util.Map.of()), Instant.parse("2026-11-27T00:00:00Z"));
    assertThat(report.findings()).extracting(f -> f.rule().id() + " " + f.evidence()).containsExactly(
        "private-key [/etc/key.pem, /etc/key2.pem]",
        "setuid-setgid [/usr/bin/su (4755, owner 0), /usr/bin/su2 (4755, owner 0)]");
  }
}
