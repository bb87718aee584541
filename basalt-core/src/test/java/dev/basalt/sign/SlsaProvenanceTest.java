package dev.basalt.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.Version;
import dev.basalt.cache.Digest;
import dev.basalt.lock.LockFile;
import dev.basalt.sign.VerificationException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SLSA v1 provenance statement: exact bytes, portable names, and the comparison with a lock. */
class SlsaProvenanceTest {
  static final Digest SPEC = Digest.of("name: app\n".getBytes(StandardCharsets.UTF_8));
  static final Digest ROOT = Digest.of("index".getBytes(StandardCharsets.UTF_8));
  static final Digest AMD64 = Digest.of("amd64 manifest".getBytes(StandardCharsets.UTF_8));
  static final Instant DATE = Instant.parse("2023-11-14T22:13:20Z");

  static Digest sha(String s) {
    return Digest.of(s.getBytes(StandardCharsets.UTF_8));
  }

  /** A lock of libc6 for two architectures and ca-certificates (arch all, so in both lists). */
  static LockFile lock() {
    LockFile.Package caAmd = pkg("ca-certificates", "20250419", "all", "ca-certificates", "pool/main/c/ca-certificates/"
        + "ca-certificates_20250419_all.deb", sha("ca"));
    return new LockFile(LockFile.CURRENT_VERSION, "app", SPEC.hex(),
        List.of(new LockFile.Suite("debian", "trixie", sha("InRelease trixie").hex(), "Sat, 15 Nov 2025 10:00:00 UTC"),
            new LockFile.Suite("debian-security", "trixie-security", sha("InRelease security").hex(),
                "Sat, 15 Nov 2025 11:00:00 UTC")),
        Map.of("amd64", List.of(pkg("libc6", "2.41-12", "amd64", "glibc", "pool/main/g/glibc/libc6_2.41-12_amd64.deb",
                sha("libc6 amd64")), caAmd),
            "arm64", List.of(pkg("libc6", "2.41-12", "arm64", "glibc", "pool/main/g/glibc/libc6_2.41-12_arm64.deb",
                sha("libc6 arm64")), caAmd)),
        Map.of());
  }

  static LockFile.Package pkg(String name, String version, String arch, String source, String filename, Digest sha256) {
    return new LockFile.Package(name, version, arch, source, version, "debian", "trixie", "main", filename, 100, 400,
        sha256.hex(), List.of());
  }

  static ProvenanceInput input(LockFile lock, List<ProvenanceInput.Subject> subjects) {
    return new ProvenanceInput("app", SPEC, Map.of("compression", "gzip"), ProvenanceInput.packagesOf(lock),
        ProvenanceInput.releasesOf(lock), DATE, subjects);
  }

  @Test
  void theStatementIsPinnedByteForByte() {
    InTotoStatement statement = SlsaProvenance.statement(input(lock(), List.of(
        new ProvenanceInput.Subject("app", ROOT), new ProvenanceInput.Subject("app@linux/amd64", AMD64))));
    assertThat(new String(statement.toJson(), StandardCharsets.UTF_8)).isEqualTo("{\"_type\":\"https://in-toto.io/"
        + "Statement/v1\",\"subject\":[{\"name\":\"app\",\"digest\":{\"sha256\":\"" + ROOT.hex() + "\"}},{\"name\":"
        + "\"app@linux/amd64\",\"digest\":{\"sha256\":\"" + AMD64.hex() + "\"}}],\"predicateType\":\"https://slsa.dev/"
        + "provenance/v1\",\"predicate\":{\"buildDefinition\":{\"buildType\":\"https://basalt.dev/build/v1\","
        + "\"externalParameters\":{\"spec\":\"app\",\"specDigest\":{\"sha256\":\"" + SPEC.hex() + "\"}},"
        + "\"internalParameters\":{\"compression\":\"gzip\"},\"resolvedDependencies\":["
        + "{\"digest\":{\"sha256\":\"" + sha("InRelease security").hex() + "\"},\"uri\":\"debian-security:trixie-security"
        + "/InRelease\"},"
        + "{\"digest\":{\"sha256\":\"" + sha("InRelease trixie").hex() + "\"},\"uri\":\"debian:trixie/InRelease\"},"
        + "{\"digest\":{\"sha256\":\"" + sha("ca").hex() + "\"},\"name\":\"pool/main/c/ca-certificates/ca-certificates_"
        + "20250419_all.deb\",\"uri\":\"pkg:deb/debian/ca-certificates@20250419?arch=all\"},"
        + "{\"digest\":{\"sha256\":\"" + sha("libc6 amd64").hex() + "\"},\"name\":\"pool/main/g/glibc/libc6_2.41-12_"
        + "amd64.deb\",\"uri\":\"pkg:deb/debian/libc6@2.41-12?arch=amd64&upstream=glibc\"},"
        + "{\"digest\":{\"sha256\":\"" + sha("libc6 arm64").hex() + "\"},\"name\":\"pool/main/g/glibc/libc6_2.41-12_"
        + "arm64.deb\",\"uri\":\"pkg:deb/debian/libc6@2.41-12?arch=arm64&upstream=glibc\"}]},"
        + "\"runDetails\":{\"builder\":{\"id\":\"https://basalt.dev/builder/v1\",\"version\":{\"basalt\":\""
        + Version.VERSION + "\"}},\"metadata\":{\"finishedOn\":\"2023-11-14T22:13:20Z\",\"startedOn\":"
        + "\"2023-11-14T22:13:20Z\"}}}}");
  }

  @Test
  void anInReleaseIsNamedByArchiveAndSuiteOrTheSpecsOwnUrl() {
    assertThat(SlsaProvenance.releaseUri(new ProvenanceInput.Release("debian", "trixie", ROOT)))
        .isEqualTo("debian:trixie/InRelease");
    assertThat(SlsaProvenance.releaseUri(new ProvenanceInput.Release("https://apt.example.internal/debian",
        "stable", ROOT))).isEqualTo("https://apt.example.internal/debian/dists/stable/InRelease");
  }

  @Test
  void theStatedDependenciesReadBackAndDifferencesFromALockAreListed() throws Exception {
    InTotoStatement statement = SlsaProvenance.statement(input(lock(), List.of(new ProvenanceInput.Subject("app", ROOT))));
    List<SlsaProvenance.Dependency> stated = SlsaProvenance.resolvedDependencies(InTotoStatement.fromJson(statement.toJson()));
    assertThat(stated).isEqualTo(SlsaProvenance.dependencies(lock()));
    assertThat(SlsaProvenance.differences(stated, SlsaProvenance.dependencies(lock()))).isEmpty();

    LockFile.Package newer = pkg("libc6", "2.41-13", "amd64", "glibc", "x.deb", sha("libc6 new"));
    LockFile.Package resigned = pkg("libc6", "2.41-12", "arm64", "glibc", "y.deb", sha("other bytes"));
    LockFile other = new LockFile(1, "app", SPEC.hex(), lock().suites().subList(1, 2),
        Map.of("amd64", List.of(newer), "arm64", List.of(resigned)), Map.of());
    assertThat(SlsaProvenance.differences(stated, SlsaProvenance.dependencies(other))).containsExactly(
        "pkg:deb/debian/libc6@2.41-12?arch=arm64&upstream=glibc: the provenance states sha256 "
            + sha("libc6 arm64").hex() + ", the lock " + sha("other bytes").hex(),
        "missing from the provenance: pkg:deb/debian/libc6@2.41-13?arch=amd64&upstream=glibc (sha256 "
            + sha("libc6 new").hex() + ")",
        "not in the lock: debian:trixie/InRelease (sha256 " + sha("InRelease trixie").hex() + ")",
        "not in the lock: pkg:deb/debian/ca-certificates@20250419?arch=all (sha256 " + sha("ca").hex() + ")",
        "not in the lock: pkg:deb/debian/libc6@2.41-12?arch=amd64&upstream=glibc (sha256 " + sha("libc6 amd64").hex()
            + ")");
  }

  @Test
  void aStatementOfAnotherTypeIsNotProvenance() {
    InTotoStatement signature = InTotoStatement.cosignSignature(ROOT, Map.of());
    assertThatThrownBy(() -> SlsaProvenance.resolvedDependencies(signature)).isInstanceOf(VerificationException.class)
        .hasMessage("The statement's predicate type is 'https://sigstore.dev/cosign/sign/v1', not"
            + " 'https://slsa.dev/provenance/v1'.")
        .satisfies(e -> assertThat(((VerificationException) e).reason()).isEqualTo(Reason.UNEXPECTED_PAYLOAD));
    assertThatThrownBy(() -> new ProvenanceInput("app", SPEC, null, List.of(), List.of(), DATE, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("provenance needs at least one subject (the image root)");
  }
}
