package dev.basalt.update;

import dev.basalt.lock.LockFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What is installed, per architecture: pinned by a lock, or listed by an image's dpkg metadata.
 *
 * @param subject how the command line named the lock, spec or image, for reports
 */
public record InstalledPackages(String subject, Map<String, List<Installed>> byArch) {
  public InstalledPackages {
    Objects.requireNonNull(subject, "subject == null");
    Map<String, List<Installed>> copy = new LinkedHashMap<>();
    byArch.forEach((arch, list) -> copy.put(arch, List.copyOf(list)));
    byArch = java.util.Collections.unmodifiableMap(copy);
  }

  /** One package at its installed version. */
  public record Installed(String name, String version) {
    public Installed {
      Objects.requireNonNull(name, "name == null");
      Objects.requireNonNull(version, "version == null");
    }
  }

  /** The packages a lock pins, its architectures in sorted order. */
  public static InstalledPackages of(String subject, LockFile lock) {
    Map<String, List<Installed>> byArch = new LinkedHashMap<>();
    lock.archs().keySet().stream().sorted().forEach(arch -> {
      List<Installed> list = new ArrayList<>();
      for (LockFile.Package p : lock.archs().get(arch)) {
        list.add(new Installed(p.name(), p.version()));
      }
      byArch.put(arch, list);
    });
    return new InstalledPackages(subject, byArch);
  }

  public List<String> archs() {
    return List.copyOf(byArch.keySet());
  }
}
