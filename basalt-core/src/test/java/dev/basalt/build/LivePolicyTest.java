package dev.basalt.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.cache.BlobStore;
import dev.basalt.cache.Downloader;
import dev.basalt.debian.MirrorResolver;
import dev.basalt.debian.Resolution;
import dev.basalt.policy.DefaultDenyList;
import dev.basalt.policy.PackagePolicy;
import dev.basalt.spec.ImageSpec;
import dev.basalt.spec.SpecLoader;
import dev.basalt.testkit.LiveArchive;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every shipped preset, resolved against the real archive, passes the default package policy. */
class LivePolicyTest {
  @Test
  void everyShippedPresetPassesTheDefaultDenyList() throws Exception {
    MirrorResolver mirrors = LiveArchive.requireMirrors();
    List<Path> presets;
    try (Stream<Path> files = Files.list(LiveArchive.presets())) {
      presets = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(presets).extracting(p -> p.getFileName().toString())
        .contains("base.yaml", "base-debug.yaml", "cc.yaml", "java.yaml", "python.yaml", "node.yaml", "static.yaml");
    Path cache = Path.of(System.getProperty("basalt.cache", "target/test-cache"), "live");
    try (Downloader downloader = new Downloader(new BlobStore(cache))) {
      for (Path preset : presets) {
        ImageSpec spec = SpecLoader.load(preset);
        List<String> notices = new ArrayList<>();
        // resolveFresh applies the policy; a violation throws and fails the test with its message.
        ResolveStep.Result r = ResolveStep.resolveFresh(spec, spec.archs(), new ResolveStep.Options(
            List.of(), ResolveStep.LockMode.NONE, null, downloader, mirrors, Clock.systemUTC(), notices::add));
        TreeSet<String> names = new TreeSet<>();
        for (Resolution res : r.resolutions()) {
          res.packages().forEach(p -> names.add(p.pkg().name()));
        }
        List<String> denied = names.stream()
            .filter(n -> DefaultDenyList.RULES.stream().anyMatch(rule -> rule.denies(n))).toList();
        if (spec.harden().allowShell()) {
          assertThat(denied).as("%s: only its waived shell", preset).containsExactly("busybox");
          assertThat(notices).as(preset.toString()).containsExactly("policy: busybox allowed although the default"
              + " deny list has 'busybox*': harden.allow-shell waives its shells (" + spec.harden().reason() + ")");
        } else {
          assertThat(denied).as(preset.toString()).isEmpty();
          assertThat(notices).as(preset.toString()).isEmpty();
        }
        if (names.contains("libgcc-s1")) {
          assertThat(names).as("%s: the GCC runtime's base package stays allowed", preset)
              .anyMatch(n -> n.matches("gcc-[0-9]+-base"));
        }
        assertThat(spec.policy()).isEqualTo(PackagePolicy.NONE);
      }
    }
  }
}
