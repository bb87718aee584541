package dev.basalt.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.image.ConfigView;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RuncConfigTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ConfigView image(String user) {
    return new ConfigView("linux", "amd64", null, null, user, List.of("PATH=/usr/bin", "LANG=C.UTF-8"), Set.of(), Set.of(),
        null, List.of("/usr/bin/java"), List.of("-version"), "/home/nonroot", Map.of(), List.of());
  }

  private static JsonNode config(ConfigView image, ContainerRunner.Options o) throws Exception {
    return JSON.valueToTree(RuncConfig.of(image, Path.of("/cache/rootfs"), "amd64", o, null));
  }

  @Test
  void theProcessRunsUnderTheProfile() throws Exception {
    JsonNode c = config(image("65532"), new ContainerRunner.Options(null, false, List.of(), Map.of("LANG", "C"), List.of(), false));
    JsonNode p = c.get("process");
    assertThat(p.get("user").toString()).isEqualTo("{\"uid\":65532,\"gid\":65532}");
    assertThat(p.get("args").toString()).isEqualTo("[\"/usr/bin/java\",\"-version\"]");
    assertThat(p.get("env").toString()).isEqualTo("[\"PATH=/usr/bin\",\"LANG=C\"]");
    assertThat(p.get("cwd").asText()).isEqualTo("/home/nonroot");
    assertThat(p.get("noNewPrivileges").asBoolean()).isTrue();
    assertThat(p.get("capabilities").toString()).isEqualTo(
        "{\"bounding\":[],\"effective\":[],\"inheritable\":[],\"permitted\":[],\"ambient\":[]}");
    assertThat(p.has("rlimits")).isFalse();
    assertThat(c.get("root").toString()).isEqualTo("{\"path\":\"/cache/rootfs\",\"readonly\":true}");
    assertThat(c.get("mounts").findValuesAsText("destination")).contains("/proc", "/dev", "/tmp").doesNotContain("/data");
    assertThat(c.get("linux").get("namespaces").findValuesAsText("type")).containsExactly("pid", "ipc", "uts", "mount", "network");
    JsonNode seccomp = c.get("linux").get("seccomp");
    assertThat(seccomp.get("defaultAction").asText()).isEqualTo("SCMP_ACT_ALLOW");
    assertThat(seccomp.get("architectures").toString()).isEqualTo("[\"SCMP_ARCH_X86_64\",\"SCMP_ARCH_X86\",\"SCMP_ARCH_X32\"]");
    assertThat(seccomp.get("syscalls").get(0).get("names").toString()).contains("\"mount\"", "\"unshare\"", "\"bpf\"", "\"ptrace\"");
  }

  @Test
  void argumentsVolumesAndHostNetworkAreTheCallersChoice() throws Exception {
    ContainerRunner.Options o = new ContainerRunner.Options(null, true,
        List.of(ContainerRunner.Volume.parse("/srv/data:/data:ro")), Map.of(), List.of("/bin/x", "y"), false);
    JsonNode c = config(image("1000:2000"), o);
    assertThat(c.get("process").get("user").toString()).isEqualTo("{\"uid\":1000,\"gid\":2000}");
    assertThat(c.get("process").get("args").toString()).isEqualTo("[\"/bin/x\",\"y\"]");
    assertThat(c.get("linux").get("namespaces").findValuesAsText("type")).doesNotContain("network");
    JsonNode data = c.get("mounts").get(c.get("mounts").size() - 1);
    assertThat(data.toString()).isEqualTo(
        "{\"destination\":\"/data\",\"type\":\"bind\",\"source\":\"/srv/data\",\"options\":[\"rbind\",\"ro\",\"nosuid\",\"nodev\"]}");
  }

  @Test
  void namedUsersAndBadVolumesAreUsageErrors() {
    assertThatThrownBy(() -> config(image("nonroot"), new ContainerRunner.Options(null, false, List.of(), Map.of(), List.of(), false)))
        .hasMessage("the image runs as 'nonroot'; basalt run needs a numeric uid[:gid]");
    assertThatThrownBy(() -> ContainerRunner.Volume.parse("/srv/data:data"))
        .hasMessage("volume '/srv/data:data' must be HOST:CONTAINER[:ro] with an absolute container path");
  }
}
