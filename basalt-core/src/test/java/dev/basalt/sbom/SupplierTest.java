package dev.basalt.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SupplierTest {
  @Test
  void aMailingListAddressIsATeam() {
    Supplier glibc = Supplier.parse("GNU Libc Maintainers <debian-glibc@lists.debian.org>");
    assertThat(glibc).isEqualTo(new Supplier("GNU Libc Maintainers", "debian-glibc@lists.debian.org", true));
    assertThat(glibc.spdx()).isEqualTo("Organization: GNU Libc Maintainers (debian-glibc@lists.debian.org)");
    assertThat(Supplier.parse("Debian OpenSSL Team <pkg-openssl-devel@alioth-lists.debian.net>").organization()).isTrue();
  }

  @Test
  void aTeamAliasOrATeamNameIsATeam() {
    assertThat(Supplier.parse("OpenJDK <openjdk-21@packages.debian.org>").organization()).isTrue();
    assertThat(Supplier.parse("rpm <team+pkg-rpm@tracker.debian.org>").organization()).isTrue();
    assertThat(Supplier.parse("Debian Python Team <team+python@tracker.debian.org>").spdx())
        .isEqualTo("Organization: Debian Python Team (team+python@tracker.debian.org)");
  }

  @Test
  void anyoneElseIsAPerson() {
    Supplier vila = Supplier.parse("Santiago Vila <sanvila@debian.org>");
    assertThat(vila).isEqualTo(new Supplier("Santiago Vila", "sanvila@debian.org", false));
    assertThat(vila.spdx()).isEqualTo("Person: Santiago Vila (sanvila@debian.org)");
    assertThat(Supplier.parse("  Jane Doe  ").spdx()).isEqualTo("Person: Jane Doe");
    assertThat(Supplier.parse("<jane@example.org>")).isEqualTo(new Supplier("jane@example.org", "jane@example.org", false));
  }

  @Test
  void aContactEmailMustBeAMailboxOutsideTheReservedDomains() {
    assertThat(Supplier.parse("GNU Libc Maintainers <debian-glibc@lists.debian.org>").contactEmail())
        .isEqualTo("debian-glibc@lists.debian.org");
    assertThat(Supplier.parse("Fixture Maintainers <fixture@example.invalid>").contactEmail()).isNull();
    assertThat(Supplier.parse("Local <me@localhost>").contactEmail()).isNull();
    assertThat(Supplier.parse("Debian QA Group").contactEmail()).isNull();
  }
}
