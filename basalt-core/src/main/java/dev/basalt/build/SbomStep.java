package dev.basalt.build;

import dev.basalt.cache.Digest;
import dev.basalt.debian.DebContents;
import dev.basalt.debian.OsRelease;
import dev.basalt.debian.Resolution;
import dev.basalt.fs.FileEntry;
import dev.basalt.fs.FileTree;
import dev.basalt.fs.LinkResolver;
import dev.basalt.sbom.CopyrightLicenses;
import dev.basalt.sbom.DependencyGraph;
import dev.basalt.sbom.GeneratedFile;
import dev.basalt.sbom.SbomFormat;
import dev.basalt.sbom.SbomInput;
import dev.basalt.sbom.SbomPackage;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SBOMs of one architecture's image, made from what the build knows first hand: the
 * packages it installed (control data and {@code .deb} digests), the resolver's dependency
 * graph, the licenses in the tree's copyright files, and the files basalt itself generated.
 */
final class SbomStep {
  private SbomStep() {}

  /** Where the Debian release is read from ({@code VERSION_ID}); base-files ships both. */
  static final List<String> OS_RELEASE = List.of("/etc/os-release", "/usr/lib/os-release");

  static Map<SbomFormat, byte[]> documents(String imageName, Digest manifest, String arch, Resolution resolution,
      List<DebContents> packages, Map<String, Digest> debDigests, FileTree tree, long epoch) throws IOException {
    Map<String, List<String>> graph = DependencyGraph.of(resolution);
    List<SbomPackage> sbomPackages = new ArrayList<>();
    for (DebContents c : packages) {
      String license = CopyrightLicenses.forPackage(tree, c.name()).orElse(null);
      sbomPackages.add(SbomPackage.of(c.control(), debDigests.get(c.name()), license,
          graph.getOrDefault(c.name(), List.of())));
    }
    SbomInput input = new SbomInput(imageName, manifest, arch, debianRelease(tree), null, Instant.ofEpochSecond(epoch),
        sbomPackages, GeneratedFile.fromTree(tree));
    Map<SbomFormat, byte[]> out = new EnumMap<>(SbomFormat.class);
    for (SbomFormat f : SbomFormat.values()) {
      out.put(f, f.write(input));
    }
    return out;
  }

  /** {@code VERSION_ID} of the tree's os-release ("13"), else its codename, else "unknown". */
  static String debianRelease(FileTree tree) throws IOException {
    for (String path : OS_RELEASE) {
      Optional<FileEntry> e = LinkResolver.follow(tree, path);
      if (e.isPresent() && e.get() instanceof FileEntry.RegularFile f) {
        try (InputStream in = f.content().open()) {
          return OsRelease.parse(in.readNBytes(1 << 16)).release();
        }
      }
    }
    return "unknown";
  }
}
