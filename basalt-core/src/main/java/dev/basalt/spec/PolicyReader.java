package dev.basalt.spec;

import dev.basalt.debian.Suggestions;
import dev.basalt.policy.PackageGlob;
import dev.basalt.policy.PackagePolicy;
import dev.basalt.policy.RuleSource;
import dev.basalt.sbom.CopyrightLicenses;
import dev.basalt.spec.SpecNode.Mapping;
import dev.basalt.spec.SpecNode.Scalar;
import dev.basalt.spec.SpecNode.Sequence;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a package policy: the spec's {@code policy:} map, or an organisation's policy file whose
 * top level is that same map. Errors name the file, line and key like the rest of the spec.
 */
public final class PolicyReader {
  static final List<String> KEYS = List.of("deny", "deny-licenses", "allowed-keys");
  /** SPDX's prefix for a license it has no identifier for; basalt writes LicenseRef-public-domain. */
  static final String LICENSE_REF = "LicenseRef-";
  private static final Pattern LICENSE_REF_ID = Pattern.compile("LicenseRef-[A-Za-z0-9.-]+");
  /** A v4 (40 hex digits) or v5/v6 (64) fingerprint; gpg prints them in groups, so spaces are dropped. */
  private static final Pattern FINGERPRINT = Pattern.compile("[0-9A-F]{40}|[0-9A-F]{64}");

  private final Path file;

  PolicyReader(Path file) {
    this.file = file;
  }

  /** Loads an organisation's policy file. */
  public static PackagePolicy load(Path file) throws SpecException {
    return parse(SpecLoader.read(file, "policy file"), file);
  }

  /** Parses policy file bytes; {@code file} names them in errors and rule sources. */
  public static PackagePolicy parse(byte[] bytes, Path file) throws SpecException {
    SpecNode root = SpecReader.read(bytes, file, "the policy file is empty; it needs at least one of "
        + String.join(", ", KEYS));
    if (!(root instanceof Mapping m)) {
      throw new SpecException(file, root.line(), "a policy file must be a map of " + String.join(", ", KEYS)
          + ", not " + root.describe());
    }
    return new PolicyReader(file).bind(m, "at the top level of the policy file");
  }

  /** The {@code policy:} entry of a spec. */
  PackagePolicy entry(Mapping.Entry e) throws SpecException {
    if (e.value() instanceof Scalar s && s.type() == Scalar.Type.NULL) {
      return PackagePolicy.NONE;
    }
    if (!(e.value() instanceof Mapping m)) {
      throw error(e.keyLine(), "'policy' must be a map, not " + e.value().describe());
    }
    return bind(m, "in 'policy'");
  }

  private PackagePolicy bind(Mapping m, String where) throws SpecException {
    for (Mapping.Entry e : m.entries().values()) {
      if (!KEYS.contains(e.key())) {
        List<String> close = Suggestions.closest(e.key(), KEYS);
        throw error(e.keyLine(), "unknown key '" + e.key() + "' " + where
            + (close.isEmpty() ? "" : "; did you mean '" + String.join("' or '", close) + "'?")
            + " (valid: " + String.join(", ", KEYS.stream().sorted().toList()) + ")");
      }
    }
    List<PackagePolicy.DenyName> deny = new ArrayList<>();
    for (ImageSpec.Located g : strings(m.entries().get("deny"))) {
      try {
        deny.add(new PackagePolicy.DenyName(PackageGlob.of(g.value()), List.of(), false, RuleSource.at(file, g.line())));
      } catch (IllegalArgumentException bad) {
        throw error(g.line(), "in 'deny': " + bad.getMessage());
      }
    }
    List<PackagePolicy.DenyLicense> licenses = new ArrayList<>();
    Set<String> known = CopyrightLicenses.spdxIdentifiers();
    for (ImageSpec.Located l : strings(m.entries().get("deny-licenses"))) {
      String id = canonicalLicense(l.value(), known);
      if (id == null) {
        List<String> close = licenseSuggestions(l.value(), known);
        throw error(l.line(), "'" + l.value() + "' in 'deny-licenses' is not an SPDX license identifier that"
            + " basalt reads from copyright files"
            + (close.isEmpty() ? "" : "; did you mean '" + String.join("' or '", close) + "'?")
            + " (SPDX identifiers such as GPL-3.0-only, AGPL-3.0-or-later, or " + LICENSE_REF + "...)");
      }
      licenses.add(new PackagePolicy.DenyLicense(id, RuleSource.at(file, l.line())));
    }
    List<PackagePolicy.AllowedKeys> keys = new ArrayList<>();
    Mapping.Entry keysEntry = m.entries().get("allowed-keys");
    if (keysEntry != null) {
      Set<String> fingerprints = new LinkedHashSet<>();
      for (ImageSpec.Located k : strings(keysEntry)) {
        String fp = k.value().replace(" ", "").toUpperCase(Locale.ROOT);
        if (!FINGERPRINT.matcher(fp).matches()) {
          throw error(k.line(), "'" + k.value() + "' in 'allowed-keys' is not an OpenPGP key fingerprint"
              + " (40 or 64 hex digits, as `gpg --show-keys --with-fingerprint` prints them)");
        }
        fingerprints.add(fp);
      }
      if (fingerprints.isEmpty()) {
        throw error(keysEntry.keyLine(), "'allowed-keys' is empty, which would allow no repository at all;"
            + " list the fingerprints of the keys that may sign, or remove the key");
      }
      keys.add(new PackagePolicy.AllowedKeys(fingerprints, RuleSource.at(file, keysEntry.keyLine())));
    }
    return new PackagePolicy(deny, licenses, keys);
  }

  /** SPDX's deprecated GPL-3.0 and GPL-3.0+ became -only and -or-later; else the closest spellings. */
  private static List<String> licenseSuggestions(String value, Set<String> known) {
    String base = value.endsWith("+") ? value.substring(0, value.length() - 1) : value;
    String renamed = canonicalLicense(base + (value.endsWith("+") ? "-or-later" : "-only"), known);
    return renamed != null ? List.of(renamed) : Suggestions.closest(value, known);
  }

  /** The identifier as SPDX spells it (SPDX matches them case-insensitively), or null if unknown. */
  private static String canonicalLicense(String value, Set<String> known) {
    if (LICENSE_REF_ID.matcher(value).matches()) {
      return value;
    }
    for (String id : known) {
      if (id.equalsIgnoreCase(value)) {
        return id;
      }
    }
    return null;
  }

  private List<ImageSpec.Located> strings(Mapping.Entry e) throws SpecException {
    List<ImageSpec.Located> out = new ArrayList<>();
    if (e == null) {
      return out;
    }
    if (!(e.value() instanceof Sequence seq)) {
      throw error(e.keyLine(), "'" + e.key() + "' must be a list, not " + e.value().describe());
    }
    for (SpecNode item : seq.items()) {
      if (!(item instanceof Scalar s) || s.type() != Scalar.Type.STRING || s.text().isEmpty()) {
        throw error(item.line(), "'" + e.key() + "' must be a list of strings, but holds " + item.describe());
      }
      out.add(new ImageSpec.Located(s.text(), s.line()));
    }
    return out;
  }

  private SpecException error(int line, String message) {
    return new SpecException(file, line, message);
  }
}
