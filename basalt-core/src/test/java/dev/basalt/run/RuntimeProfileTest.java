package dev.basalt.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuntimeProfileTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private final RuntimeProfile base = RuntimeProfile.of("base", "base@sha256:" + "ab".repeat(32), 65532, 65532);

  @Test
  void theKubernetesPodSatisfiesPodSecurityRestricted() throws Exception {
    JsonNode pod = YAML.readTree(base.kubernetes());
    assertThat(pod.get("kind").asText()).isEqualTo("Pod");
    JsonNode podContext = pod.get("spec").get("securityContext");
    assertThat(podContext.get("runAsNonRoot").asBoolean()).isTrue();
    assertThat(podContext.get("seccompProfile").get("type").asText()).isEqualTo("RuntimeDefault");
    JsonNode container = pod.get("spec").get("containers").get(0);
    assertThat(container.get("image").asText()).isEqualTo("base@sha256:" + "ab".repeat(32));
    JsonNode sc = container.get("securityContext");
    // The restricted profile's container rules, one by one.
    assertThat(sc.get("allowPrivilegeEscalation").asBoolean()).isFalse();
    assertThat(sc.get("runAsNonRoot").asBoolean()).isTrue();
    assertThat(sc.get("runAsUser").asLong()).isEqualTo(65532);
    assertThat(sc.get("runAsGroup").asLong()).isEqualTo(65532);
    assertThat(sc.get("capabilities").get("drop").toString()).isEqualTo("[\"ALL\"]");
    assertThat(sc.get("capabilities").has("add")).isFalse();
    assertThat(sc.get("seccompProfile").get("type").asText()).isEqualTo("RuntimeDefault");
    assertThat(sc.get("readOnlyRootFilesystem").asBoolean()).isTrue();
    // Only restricted's allowed volume types: an emptyDir for /tmp.
    assertThat(container.get("volumeMounts").get(0).get("mountPath").asText()).isEqualTo("/tmp");
    assertThat(pod.get("spec").get("volumes").get(0).get("emptyDir").isObject()).isTrue();
  }

  @Test
  void engineFlagsAndTheAnnotationSayTheSame() {
    assertThat(base.engineArgs("podman")).containsExactly("podman", "run", "--rm", "--user", "65532:65532",
        "--read-only", "--tmpfs", "/tmp:rw,nosuid,nodev,size=64m", "--cap-drop=ALL",
        "--security-opt=no-new-privileges", "base@sha256:" + "ab".repeat(32));
    assertThat(base.engineArgs("docker").get(0)).isEqualTo("docker");
    assertThat(base.summary()).isEqualTo("runAsNonRoot=true,runAsUser=65532,runAsGroup=65532,readOnlyRootFilesystem=true,"
        + "allowPrivilegeEscalation=false,capabilities=drop:ALL,seccomp=RuntimeDefault,writable=/tmp");
  }

  @Test
  void rootIsNeverImplied() throws Exception {
    assertThatThrownBy(() -> new RuntimeProfile("x", "x", 0, 0, false, List.of("/tmp")))
        .isInstanceOf(IllegalArgumentException.class);
    RuntimeProfile root = RuntimeProfile.of("x", "x", 0, 0);
    assertThat(YAML.readTree(root.kubernetes()).get("spec").get("securityContext").get("runAsNonRoot").asBoolean()).isFalse();
  }
}
