package dev.basalt.lock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.basalt.debian.BinaryPackage;
import dev.basalt.debian.IndexOrigin;
import dev.basalt.debian.Resolution;
import dev.basalt.debian.SuiteRelease;
import dev.basalt.fs.AtomicFiles;
import dev.basalt.spec.ImageSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Makes, writes and reads lock files; the same inputs always give the same bytes. */
public final class LockFiles {
  /** Made on first use, not when the class is: naming a lock's path needs no JSON mapper. */
  private static final class Mapper {
    static final ObjectMapper MAPPER =
        JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();
  }

  private LockFiles() {}

  /** {@code base.yaml} locks to {@code base.lock.json} beside it. */
  public static Path besideSpec(Path spec) {
    String name = spec.getFileName().toString();
    String stem = name.endsWith(".yaml") ? name.substring(0, name.length() - 5)
        : name.endsWith(".yml") ? name.substring(0, name.length() - 4) : name;
    return spec.resolveSibling(stem + ".lock.json");
  }

  /** The lock for a fresh resolution of {@code spec}. */
  public static LockFile of(ImageSpec spec, List<SuiteRelease> suites, List<Resolution> resolutions) {
    List<LockFile.Suite> lockedSuites = new ArrayList<>();
    for (SuiteRelease s : suites) {
      lockedSuites.add(new LockFile.Suite(
          s.repository().id(), s.suite(), s.inReleaseSha256().hex(), s.release().date(), s.signerFingerprints()));
    }
    lockedSuites.sort(Comparator.comparing(LockFile.Suite::repository).thenComparing(LockFile.Suite::suite));
    Map<String, List<LockFile.Package>> archs = new TreeMap<>();
    Map<String, List<LockFile.Excluded>> excluded = new TreeMap<>();
    for (Resolution r : resolutions) {
      List<LockFile.Package> pkgs = new ArrayList<>();
      for (Resolution.Resolved rp : r.packages()) {
        BinaryPackage p = rp.pkg();
        pkgs.add(new LockFile.Package(
            p.name(), p.version(), p.architecture(), p.sourceName(), p.sourceVersion(),
            p.origin().repository(), p.origin().suite(), p.origin().component(), p.filename(),
            p.size(), p.installedSize(), p.sha256(), rp.requiredBy()));
      }
      archs.put(r.arch(), pkgs);
      excluded.put(r.arch(), r.dropped().stream().map(d -> new LockFile.Excluded(d.wantedBy(), d.dependency())).toList());
    }
    return new LockFile(LockFile.CURRENT_VERSION, spec.name(), spec.digest().hex(), lockedSuites, archs, excluded);
  }

  /** The resolution a lock pins for {@code arch}. */
  public static Resolution resolution(LockFile lock, String arch) {
    List<Resolution.Resolved> packages = new ArrayList<>();
    for (LockFile.Package p : lock.archs().get(arch)) {
      String source = p.source().equals(p.name()) && p.sourceVersion().equals(p.version())
          ? null : p.source() + (p.sourceVersion().equals(p.version()) ? "" : " (" + p.sourceVersion() + ")");
      BinaryPackage bp = new BinaryPackage(
          p.name(), p.version(), p.arch(), null, false, null, source, null, null, null, null, null, null,
          p.filename(), p.size(), p.installedSize(), p.sha256(),
          new IndexOrigin(p.repository(), p.suite(), p.component()));
      packages.add(new Resolution.Resolved(bp, p.requiredBy()));
    }
    List<Resolution.Dropped> dropped = lock.excluded().getOrDefault(arch, List.of()).stream()
        .map(x -> new Resolution.Dropped(x.wantedBy(), x.dependency())).toList();
    return new Resolution(arch, packages, dropped);
  }

  public static byte[] toBytes(LockFile lock) {
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
        .withSeparators(Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
        .withObjectIndenter(new DefaultIndenter("  ", "\n"))
        .withArrayIndenter(new DefaultIndenter("  ", "\n"));
    ObjectWriter writer = Mapper.MAPPER.writer(printer);
    try {
      String json = writer.writeValueAsString(lock) + "\n";
      return json.getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a lock file always serialises", e);
    }
  }

  public static void write(LockFile lock, Path file) throws IOException {
    AtomicFiles.write(file, toBytes(lock));
  }

  public static LockFile read(Path file) throws LockException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new LockException("lock file " + file + " does not exist");
    } catch (IOException e) {
      throw new LockException("cannot read lock file " + file + ": " + e.getMessage(), e);
    }
    LockFile lock;
    try {
      lock = Mapper.MAPPER.readValue(bytes, LockFile.class);
    } catch (IOException e) {
      throw new LockException("lock file " + file + " is malformed: " + e.getMessage()
          + "; delete it and run `basalt lock` to make a new one", e);
    }
    if (lock.lockVersion() != LockFile.CURRENT_VERSION) {
      throw new LockException("lock file " + file + " has format version " + lock.lockVersion()
          + ", this basalt reads version " + LockFile.CURRENT_VERSION + "; run `basalt lock` to refresh it");
    }
    return lock;
  }

  /** Refuses a lock that was made from another version of the spec. */
  public static void checkMatches(LockFile lock, Path lockPath, ImageSpec spec) throws LockException {
    if (!lock.specSha256().equals(spec.digest().hex())) {
      throw new LockException("lock file " + lockPath + " was made for a different version of " + spec.file()
          + " (spec sha256 " + lock.specSha256() + ", now " + spec.digest().hex() + "); run `basalt lock "
          + spec.file() + "` to refresh it, or pass --no-lock to resolve afresh");
    }
  }
}
