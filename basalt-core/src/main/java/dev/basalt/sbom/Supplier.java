package dev.basalt.sbom;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who supplies a Debian package: its {@code Maintainer}, a person or a team. A team is told by
 * what Debian teams use and people do not: a mailing-list address ({@code lists.debian.org},
 * {@code alioth-lists.debian.net}), a {@code packages.debian.org} or {@code tracker.debian.org}
 * team alias, or a name that says Team, Maintainers, Group or Developers. Everything else is a
 * person.
 *
 * @param email the address without angle brackets, or null when the field gives none
 */
public record Supplier(String name, String email, boolean organization) {
  private static final Pattern NAME_AND_EMAIL = Pattern.compile("(.*?)\\s*<([^<>\\s]+)>");
  private static final Pattern TEAM_NAME = Pattern.compile("(?i).*\\b(team|maintainers|group|developers)\\b.*");

  public Supplier {
    Objects.requireNonNull(name, "name == null");
    if (name.isBlank()) {
      throw new IllegalArgumentException("supplier name is blank");
    }
  }

  /** Parses {@code Name <email>} as Debian Policy 5.6.2 writes a Maintainer field. */
  public static Supplier parse(String maintainer) {
    Objects.requireNonNull(maintainer, "maintainer == null");
    String field = maintainer.strip();
    Matcher m = NAME_AND_EMAIL.matcher(field);
    String name = field;
    String email = null;
    if (m.matches()) {
      name = m.group(1).isEmpty() ? m.group(2) : m.group(1);
      email = m.group(2);
    }
    return new Supplier(name, email, isTeam(name, email));
  }

  private static boolean isTeam(String name, String email) {
    if (TEAM_NAME.matcher(name).matches()) {
      return true;
    }
    if (email == null) {
      return false;
    }
    String domain = email.substring(email.indexOf('@') + 1).toLowerCase(Locale.ROOT);
    return domain.contains("lists") || domain.equals("packages.debian.org") || domain.equals("tracker.debian.org");
  }

  /** Top-level domains reserved by RFC 2606 and RFC 6761: no mailbox there receives mail. */
  static final java.util.Set<String> RESERVED_TLDS = java.util.Set.of("test", "example", "invalid", "localhost");

  /**
   * The address as a contact that can be written to, or null: CycloneDX types it as an
   * RFC 6531 mailbox, and an address in a reserved domain (a test fixture's) is none.
   */
  public String contactEmail() {
    if (email == null || email.indexOf('@') <= 0) {
      return null;
    }
    String domain = email.substring(email.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    String tld = domain.substring(domain.lastIndexOf('.') + 1);
    return !domain.contains(".") || RESERVED_TLDS.contains(tld) ? null : email;
  }

  /** SPDX 2.3's form: {@code Organization: Name (email)} or {@code Person: Name (email)}. */
  public String spdx() {
    return (organization ? "Organization: " : "Person: ") + name + (email == null ? "" : " (" + email + ")");
  }
}
