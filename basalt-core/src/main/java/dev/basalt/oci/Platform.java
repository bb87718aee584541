package dev.basalt.oci;

import java.util.Objects;

/**
 * The platform an image runs on, as an image index names it ({@code linux/arm64/v8}). Components
 * are in the order the JSON writes them.
 */
public record Platform(String os, String architecture, String variant) {
  public static final String LINUX = "linux";

  public Platform {
    Objects.requireNonNull(os, "os == null");
    Objects.requireNonNull(architecture, "architecture == null");
    if (os.isEmpty() || architecture.isEmpty() || (variant != null && variant.isEmpty())) {
      throw new IllegalArgumentException("empty platform component: " + os + "/" + architecture + "/" + variant);
    }
  }

  /**
   * The OCI platform of a Debian architecture; {@code arm64} carries variant {@code v8} as the
   * image spec recommends and as registries' clients expect.
   *
   * @throws IllegalArgumentException for an architecture without an OCI name
   */
  public static Platform ofDebian(String debianArch) {
    Objects.requireNonNull(debianArch, "debianArch == null");
    return switch (debianArch) {
      case "amd64" -> new Platform(LINUX, "amd64", null);
      case "arm64" -> new Platform(LINUX, "arm64", "v8");
      case "armhf" -> new Platform(LINUX, "arm", "v7");
      case "armel" -> new Platform(LINUX, "arm", "v5");
      case "i386" -> new Platform(LINUX, "386", null);
      case "ppc64el" -> new Platform(LINUX, "ppc64le", null);
      case "s390x" -> new Platform(LINUX, "s390x", null);
      case "riscv64" -> new Platform(LINUX, "riscv64", null);
      case "mips64el" -> new Platform(LINUX, "mips64le", null);
      case "loong64" -> new Platform(LINUX, "loong64", null);
      default -> throw new IllegalArgumentException("Debian architecture " + debianArch + " has no OCI platform");
    };
  }

  @Override
  public String toString() {
    return os + "/" + architecture + (variant == null ? "" : "/" + variant);
  }
}
