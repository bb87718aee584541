package dev.basalt.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.image.ConfigView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootlessTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Rootless CALLER = new Rootless(1001, 1002, new Rootless.Range(100000, 65536),
      new Rootless.Range(200000, 70000));

  @TempDir Path dir;

  @Test
  void theCallersRangeIsFoundByNameOrUidAndMalformedLinesAreSkipped() throws Exception {
    Path subuid = dir.resolve("subuid");
    Files.writeString(subuid, "alice:100000:65536\nbob:x:65536\nbob:0:10\n1001:300000:65536\nbob:400000:1000\n");
    assertThat(Rootless.range(subuid, "alice", 1000)).isEqualTo(new Rootless.Range(100000, 65536));
    assertThat(Rootless.range(subuid, "bob", 999)).isEqualTo(new Rootless.Range(400000, 1000));
    assertThat(Rootless.range(subuid, "carol", 1001)).isEqualTo(new Rootless.Range(300000, 65536));
    assertThat(Rootless.range(subuid, "dave", 7)).isNull();
    assertThat(Rootless.range(dir.resolve("absent"), "alice", 1000)).isNull();
  }

  @Test
  void containerRootIsTheCallerAndEveryOtherIdComesFromTheSubordinateRange() {
    assertThat(CALLER.uidMappings().toString())
        .isEqualTo("[{containerID=0, hostID=1001, size=1}, {containerID=1, hostID=100000, size=65536}]");
    // A range wider than 65536 ids is used only as far as images need.
    assertThat(CALLER.gidMappings().toString())
        .isEqualTo("[{containerID=0, hostID=1002, size=1}, {containerID=1, hostID=200000, size=65536}]");
    assertThat(CALLER.mapsUid(0)).isTrue();
    assertThat(CALLER.mapsUid(65532)).isTrue();
    assertThat(CALLER.mapsUid(65536)).isTrue();
    assertThat(CALLER.mapsUid(65537)).isFalse();
    Rootless narrow = new Rootless(1001, 1001, new Rootless.Range(100000, 1000), new Rootless.Range(100000, 1000));
    assertThat(narrow.mapsUid(1000)).isTrue();
    assertThat(narrow.mapsUid(65532)).isFalse();
  }

  @Test
  void aRootlessRunHasItsOwnUserNamespaceWithTheMapping() throws Exception {
    ConfigView image = new ConfigView("linux", "amd64", null, null, "65532", List.of("PATH=/usr/bin"), Set.of(), Set.of(),
        null, List.of("/usr/bin/true"), List.of(), "/", Map.of(), List.of());
    ContainerRunner.Options isolated = new ContainerRunner.Options(null, false, List.of(), Map.of(), List.of(), false);
    JsonNode c = JSON.valueToTree(RuncConfig.of(image, Path.of("/r"), "amd64", isolated, CALLER));
    JsonNode linux = c.get("linux");
    assertThat(linux.get("namespaces").findValuesAsText("type"))
        .containsExactly("pid", "ipc", "uts", "mount", "network", "user");
    assertThat(linux.get("uidMappings").toString()).isEqualTo(
        "[{\"containerID\":0,\"hostID\":1001,\"size\":1},{\"containerID\":1,\"hostID\":100000,\"size\":65536}]");
    assertThat(linux.get("gidMappings").get(1).get("hostID").asLong()).isEqualTo(200000);
    assertThat(sys(c).get("type").asText()).isEqualTo("sysfs");
    // On the host's network a user namespace may not mount sysfs: the host's is bound read-only.
    ContainerRunner.Options hostNet = new ContainerRunner.Options(null, true, List.of(), Map.of(), List.of(), false);
    JsonNode h = JSON.valueToTree(RuncConfig.of(image, Path.of("/r"), "amd64", hostNet, CALLER));
    assertThat(sys(h).toString()).isEqualTo(
        "{\"destination\":\"/sys\",\"type\":\"none\",\"source\":\"/sys\",\"options\":[\"rbind\",\"nosuid\",\"noexec\",\"nodev\",\"ro\"]}");
    // As root nothing changes: no user namespace, a fresh sysfs.
    JsonNode root = JSON.valueToTree(RuncConfig.of(image, Path.of("/r"), "amd64", hostNet, null));
    assertThat(root.get("linux").has("uidMappings")).isFalse();
    assertThat(sys(root).get("type").asText()).isEqualTo("sysfs");
  }

  private static JsonNode sys(JsonNode config) {
    for (JsonNode m : config.get("mounts")) {
      if (m.get("destination").asText().equals("/sys")) {
        return m;
      }
    }
    throw new AssertionError("no /sys mount");
  }
}
