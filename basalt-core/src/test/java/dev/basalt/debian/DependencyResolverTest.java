package dev.basalt.debian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DependencyResolverTest {
  private static final IndexOrigin MAIN = new IndexOrigin("debian", "trixie", "main");
  private static final IndexOrigin SECURITY = new IndexOrigin("debian-security", "trixie-security", "main");

  private final List<BinaryPackage> index = new ArrayList<>();

  private P pkg(String name, String version) {
    return new P(name, version, "amd64", MAIN);
  }

  private final class P {
    final Map<String, String> f = new TreeMap<>();
    final String name;
    final String version;
    String arch;
    IndexOrigin origin;

    P(String name, String version, String arch, IndexOrigin origin) {
      this.name = name;
      this.version = version;
      this.arch = arch;
      this.origin = origin;
    }

    P with(String k, String v) {
      f.put(k, v);
      return this;
    }

    P arch(String a) {
      arch = a;
      return this;
    }

    P from(IndexOrigin o) {
      origin = o;
      return this;
    }

    void add() {
      index.add(new BinaryPackage(name, version, arch, f.get("Multi-Arch"), false, f.get("Priority"), null,
          f.get("Depends"), f.get("Pre-Depends"), f.get("Provides"), f.get("Conflicts"), f.get("Breaks"), null,
          "pool/main/" + name + "_" + version + "_" + arch + ".deb", 100, 1, "0".repeat(64), origin));
    }
  }

  private Resolution resolve(List<String> requested, Set<String> excluded) throws ResolutionException {
    return DependencyResolver.resolve(new PackageUniverse("amd64", index), requested, excluded);
  }

  private static Map<String, String> versions(Resolution r) {
    return r.packages().stream().collect(Collectors.toMap(p -> p.pkg().name(), p -> p.pkg().version(), (a, b) -> a, TreeMap::new));
  }

  private static Map<String, List<String>> why(Resolution r) {
    return r.packages().stream().collect(Collectors.toMap(p -> p.pkg().name(), Resolution.Resolved::requiredBy, (a, b) -> a, TreeMap::new));
  }

  @Test
  void takesTheClosureOverDependsAndPreDependsButNotRecommends() throws Exception {
    pkg("app", "1.0").with("Depends", "liba (>= 1.0), libb").with("Pre-Depends", "libc6").with("Recommends", "extra").add();
    pkg("liba", "1.2").with("Depends", "libc6 (>= 2.36)").add();
    pkg("libb", "3").add();
    pkg("libc6", "2.41-12").with("Depends", "libgcc-s1").add();
    pkg("libgcc-s1", "14.2.0-19").with("Depends", "gcc-14-base (= 14.2.0-19), libc6 (>= 2.35)").add();
    pkg("gcc-14-base", "14.2.0-19").add();
    pkg("extra", "1").add();
    pkg("unrelated", "1").add();

    Resolution r = resolve(List.of("app"), Set.of());

    assertThat(versions(r)).containsExactly(
        Map.entry("app", "1.0"), Map.entry("gcc-14-base", "14.2.0-19"), Map.entry("liba", "1.2"),
        Map.entry("libb", "3"), Map.entry("libc6", "2.41-12"), Map.entry("libgcc-s1", "14.2.0-19"));
    assertThat(why(r)).containsEntry("app", List.of("<spec>"))
        .containsEntry("libc6", List.of("app", "liba", "libgcc-s1"))
        .containsEntry("libgcc-s1", List.of("libc6"))
        .containsEntry("gcc-14-base", List.of("libgcc-s1"));
    assertThat(r.dropped()).isEmpty();
  }

  @Test
  void preDependsCycleBetweenLibcAndLibgccResolves() throws Exception {
    pkg("libc6", "2.41-12").with("Pre-Depends", "libgcc-s1").add();
    pkg("libgcc-s1", "14.2.0-19").with("Pre-Depends", "libc6 (>= 2.35)").add();
    Resolution r = resolve(List.of("libgcc-s1"), Set.of());
    assertThat(versions(r)).containsOnlyKeys("libc6", "libgcc-s1");
    assertThat(why(r)).containsEntry("libc6", List.of("libgcc-s1")).containsEntry("libgcc-s1", List.of("<spec>", "libc6"));
  }

  @Test
  void highestVersionAcrossSuitesWins() throws Exception {
    pkg("libssl3t64", "3.5.1-1").add();
    pkg("libssl3t64", "3.5.1-1+deb13u1").from(SECURITY).add();
    pkg("libssl3t64", "3.5.0-2").add();
    Resolution r = resolve(List.of("libssl3t64"), Set.of());
    assertThat(r.packages()).singleElement().satisfies(p -> {
      assertThat(p.pkg().version()).isEqualTo("3.5.1-1+deb13u1");
      assertThat(p.pkg().origin()).isEqualTo(SECURITY);
    });
  }

  @Test
  void firstSatisfiableAlternativeIsTakenUnlessAnotherIsAlreadySelected() throws Exception {
    pkg("aa", "1").with("Depends", "missing | yy | zz").add();
    pkg("yy", "1").add();
    pkg("zz", "1").add();
    assertThat(versions(resolve(List.of("aa"), Set.of()))).containsOnlyKeys("aa", "yy");

    assertThat(versions(resolve(List.of("zz", "aa"), Set.of()))).containsOnlyKeys("aa", "zz");
  }

  @Test
  void versionedAlternativeSkipsACandidateThatIsTooOld() throws Exception {
    pkg("aa", "1").with("Depends", "yy (>= 2) | zz").add();
    pkg("yy", "1.9").add();
    pkg("zz", "1").add();
    assertThat(versions(resolve(List.of("aa"), Set.of()))).containsOnlyKeys("aa", "zz");
  }

  @Test
  void virtualPackagesAreSatisfiedByProvidersAndVersionedProvides() throws Exception {
    pkg("tool", "1").with("Depends", "awk, libfoo-abi (>= 2)").add();
    pkg("mawk", "1.3.4").with("Provides", "awk").with("Priority", "required").add();
    pkg("gawk", "5.2").with("Provides", "awk").with("Priority", "optional").add();
    pkg("libfoo2", "2.1").with("Provides", "libfoo-abi (= 2.1)").add();
    pkg("libfoo1", "1.0").with("Provides", "libfoo-abi").add();
    Resolution r = resolve(List.of("tool"), Set.of());
    assertThat(versions(r)).containsOnlyKeys("tool", "mawk", "libfoo2");
    assertThat(why(r)).containsEntry("mawk", List.of("tool")).containsEntry("libfoo2", List.of("tool"));
  }

  @Test
  void unversionedProvidesNeverSatisfiesAVersionedDependency() throws Exception {
    pkg("tool", "1").with("Depends", "libfoo-abi (>= 1)").add();
    pkg("libfoo1", "1.0").with("Provides", "libfoo-abi").add();
    assertThatThrownBy(() -> resolve(List.of("tool"), Set.of()))
        .isInstanceOf(ResolutionException.class)
        .hasMessageContaining("cannot satisfy 'libfoo-abi (>= 1)' of tool 1")
        .hasMessageContaining("no usable provider of libfoo-abi (>= 1)")
        .hasMessageContaining("needed by: spec -> tool");
  }

  @Test
  void excludingTheRealAndTheVirtualNameDropsTheGroupAndRecordsIt() throws Exception {
    pkg("tzdata", "2025b-4").with("Depends", "debconf (>= 0.5) | debconf-2.0").add();
    pkg("debconf", "1.5.91").with("Provides", "debconf-2.0").add();
    pkg("cdebconf", "0.280").with("Provides", "debconf-2.0").add();

    Resolution r = resolve(List.of("tzdata"), Set.of("debconf", "debconf-2.0"));

    assertThat(versions(r)).containsOnlyKeys("tzdata");
    assertThat(r.dropped()).containsExactly(new Resolution.Dropped("tzdata", "debconf (>= 0.5) | debconf-2.0"));
  }

  @Test
  void excludingOnlyTheRealNameLetsAnotherProviderIn() throws Exception {
    pkg("tzdata", "2025b-4").with("Depends", "debconf (>= 0.5) | debconf-2.0").add();
    pkg("debconf", "1.5.91").with("Provides", "debconf-2.0").add();
    pkg("cdebconf", "0.280").with("Provides", "debconf-2.0").add();

    Resolution r = resolve(List.of("tzdata"), Set.of("debconf"));

    assertThat(versions(r)).containsOnlyKeys("tzdata", "cdebconf");
    assertThat(r.dropped()).isEmpty();
  }

  @Test
  void anExcludedProviderNeverSatisfiesAVirtualDependency() throws Exception {
    pkg("script", "1").with("Depends", "awk").add();
    pkg("mawk", "1.3.4").with("Provides", "awk").add();
    pkg("gawk", "5.2").with("Provides", "awk").add();
    Resolution r = resolve(List.of("script"), Set.of("mawk"));
    assertThat(versions(r)).containsOnlyKeys("script", "gawk");
  }

  @Test
  void aPartlyExcludedGroupWhoseRestIsUnsatisfiableFailsWithTheChain() throws Exception {
    pkg("top", "1").with("Depends", "mid").add();
    pkg("mid", "1").with("Depends", "gone | nowhere (>= 2)").add();
    pkg("gone", "1").add();
    assertThatThrownBy(() -> resolve(List.of("top"), Set.of("gone")))
        .isInstanceOf(ResolutionException.class)
        .hasMessage("cannot satisfy 'gone | nowhere (>= 2)' of mid 1 for amd64: no package nowhere exists"
            + "\n  needed by: spec -> top -> mid");
  }

  @Test
  void conflictsInsideTheSetAreErrorsNamingBothChains() throws Exception {
    pkg("aa", "1").with("Depends", "xx").add();
    pkg("bb", "1").with("Depends", "yy").add();
    pkg("xx", "1").with("Conflicts", "yy (<< 2)").add();
    pkg("yy", "1.5").add();
    assertThatThrownBy(() -> resolve(List.of("aa", "bb"), Set.of()))
        .isInstanceOf(ResolutionException.class)
        .hasMessage("xx 1 declares Conflicts: yy (<< 2), but yy 1.5 is selected too for amd64"
            + "\n  xx needed by: spec -> aa -> xx"
            + "\n  yy needed by: spec -> bb -> yy"
            + "\n  exclude one of them or the package that pulls it in");
  }

  @Test
  void breaksAgainstAVirtualNameHitsItsProviders() throws Exception {
    pkg("aa", "1").with("Breaks", "mail-transport-agent").add();
    pkg("postfix", "3").with("Provides", "mail-transport-agent").add();
    assertThatThrownBy(() -> resolve(List.of("aa", "postfix"), Set.of()))
        .isInstanceOf(ResolutionException.class)
        .hasMessageStartingWith("aa 1 declares Breaks: mail-transport-agent, but postfix 3 is selected too");
  }

  @Test
  void aPackageThatConflictsWithWhatItProvidesIsNotInConflictWithItself() throws Exception {
    pkg("mawk", "1").with("Provides", "awk").with("Conflicts", "awk").add();
    assertThat(versions(resolve(List.of("mawk"), Set.of()))).containsOnlyKeys("mawk");
  }

  @Test
  void anyQualifierNeedsMultiArchAllowed() throws Exception {
    pkg("tool", "1").with("Depends", "python3:any").add();
    pkg("python3", "3.13.5-1").with("Multi-Arch", "allowed").add();
    assertThat(versions(resolve(List.of("tool"), Set.of()))).containsOnlyKeys("tool", "python3");

    index.clear();
    pkg("tool", "1").with("Depends", "perl:any").add();
    pkg("perl", "5.40").add();
    assertThatThrownBy(() -> resolve(List.of("tool"), Set.of()))
        .hasMessageContaining("perl 5.40 is the candidate and does not satisfy perl:any");
  }

  @Test
  void architectureAllPackagesJoinTheNativeUniverseAndForeignOnesDoNot() throws Exception {
    pkg("app", "1").with("Depends", "data, libarm").add();
    pkg("data", "1").arch("all").add();
    pkg("libarm", "1").arch("arm64").add();
    assertThatThrownBy(() -> resolve(List.of("app"), Set.of()))
        .hasMessageContaining("no package libarm exists");
  }

  @Test
  void unknownRequestedPackageSuggestsCloseNames() {
    pkg("libssl3t64", "3.5.1-1").add();
    pkg("libssl-dev", "3.5.1-1").add();
    assertThatThrownBy(() -> resolve(List.of("libssl3"), Set.of()))
        .isInstanceOfSatisfying(UnknownPackageException.class, e -> {
          assertThat(e.name()).isEqualTo("libssl3");
          assertThat(e.suggestions()).containsExactly("libssl3t64");
          assertThat(e.exitCode()).isEqualTo(2);
        });
  }

  @Test
  void requestingAVirtualPackageSelectsItsBestProvider() throws Exception {
    pkg("mawk", "1").with("Provides", "awk").with("Priority", "required").add();
    pkg("gawk", "1").with("Provides", "awk").with("Priority", "optional").add();
    Resolution r = resolve(List.of("awk"), Set.of());
    assertThat(why(r)).containsExactly(Map.entry("mawk", List.of("<spec>")));
  }

  @Test
  void requestingAnExcludedPackageIsAnError() {
    pkg("aa", "1").add();
    assertThatThrownBy(() -> resolve(List.of("aa"), Set.of("aa")))
        .hasMessage("'aa' is both requested in packages and listed in exclude; remove it from one");
  }

  @Test
  void essentialPackagesAreNotImplied() throws Exception {
    index.add(new BinaryPackage("dash", "0.5", "amd64", null, true, "required", null, null, null, null,
        null, null, null, "pool/d.deb", 1, 1, "0".repeat(64), MAIN));
    pkg("aa", "1").add();
    assertThat(versions(resolve(List.of("aa"), Set.of()))).containsOnlyKeys("aa");
  }
}
