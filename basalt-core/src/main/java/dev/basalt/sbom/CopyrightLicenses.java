package dev.basalt.sbom;

import dev.basalt.debian.Deb822;
import dev.basalt.debian.Deb822Exception;
import dev.basalt.debian.Stanza;
import dev.basalt.fs.FileEntry;
import dev.basalt.fs.FileTree;
import dev.basalt.fs.LinkResolver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The declared license of a Debian package, read from its machine-readable copyright file
 * (copyright format 1.0, once DEP-5) as one SPDX expression: the license synopses of all Files
 * stanzas, each mapped by {@link DebianLicenses}, joined with AND, each distinct term once.
 * Empty, which an SBOM writes as NOASSERTION, whenever that cannot be done exactly: the file is
 * not in the format, does not parse, or names one license or exception that has no exact SPDX
 * counterpart. Never a guess.
 */
public final class CopyrightLicenses {
  /** Where a package's copyright file lives (Debian Policy 12.5). */
  public static final String COPYRIGHT_PATH = "/usr/share/doc/%s/copyright";
  /** The Format values of copyright format 1.0 (https and the older http spelling). */
  public static final Set<String> FORMAT_1_0 = Set.of(
      "https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/",
      "http://www.debian.org/doc/packaging-manuals/copyright-format/1.0/");

  private CopyrightLicenses() {}

  /** The expression for the copyright file at {@code source} (named in nothing but errors). */
  public static Optional<String> expression(InputStream copyright, String source) throws IOException {
    List<Stanza> stanzas;
    try {
      stanzas = Deb822.parse(copyright, source, true);
    } catch (Deb822Exception e) {
      return Optional.empty();
    }
    if (stanzas.isEmpty() || !isFormat10(stanzas.get(0).value("Format"))) {
      return Optional.empty();
    }
    Map<String, LicenseSynopsis> terms = new TreeMap<>();
    for (Stanza s : stanzas.subList(1, stanzas.size())) {
      if (!s.has("Files")) {
        continue;
      }
      String license = s.get("License");
      String synopsis = license == null ? "" : license.lines().findFirst().orElse("").strip();
      Optional<LicenseSynopsis> parsed = LicenseSynopsis.parse(synopsis);
      if (parsed.isEmpty()) {
        return Optional.empty();
      }
      for (LicenseSynopsis conjunct : parsed.get().conjuncts()) {
        terms.put(conjunct.renderAsOperand(), conjunct);
      }
    }
    if (terms.size() == 1) {
      return Optional.of(terms.values().iterator().next().render());
    }
    return terms.isEmpty() ? Optional.empty() : Optional.of(String.join(" AND ", terms.keySet()));
  }

  public static Optional<String> expression(String copyright) {
    try {
      return expression(new ByteArrayInputStream(copyright.getBytes(StandardCharsets.UTF_8)), "copyright");
    } catch (IOException e) {
      throw new IllegalStateException("reading a byte array cannot fail", e);
    }
  }

  /**
   * The expression for package {@code name} as installed in {@code tree}: its copyright file
   * with symlinks followed, since {@code /usr/share/doc/libgcc-s1} is a link to another
   * package's directory. Empty when the file is missing or not a regular file.
   */
  public static Optional<String> forPackage(FileTree tree, String name) throws IOException {
    String path = String.format(Locale.ROOT, COPYRIGHT_PATH, name);
    Optional<FileEntry> entry = LinkResolver.follow(tree, path);
    if (entry.isEmpty() || !(entry.get() instanceof FileEntry.RegularFile file)) {
      return Optional.empty();
    }
    try (InputStream in = file.content().open()) {
      return expression(in, path);
    }
  }

  /** Every SPDX identifier an expression from this class can hold ({@code LicenseRef-} ones aside). */
  public static Set<String> spdxIdentifiers() {
    return DebianLicenses.knownIdentifiers();
  }

  private static boolean isFormat10(String format) {
    return format != null && (FORMAT_1_0.contains(format) || FORMAT_1_0.contains(format + "/"));
  }
}
