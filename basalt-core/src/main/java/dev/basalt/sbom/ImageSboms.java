package dev.basalt.sbom;

import dev.basalt.cache.Digest;
import dev.basalt.debian.OsRelease;
import dev.basalt.debian.Relation;
import dev.basalt.debian.RelationParser;
import dev.basalt.debian.Stanza;
import dev.basalt.image.DpkgStatus;
import dev.basalt.image.FileInspector;
import dev.basalt.image.FlatFile;
import dev.basalt.image.FlatFilesystem;
import dev.basalt.image.ImageLocation;
import dev.basalt.image.ImageReadException;
import dev.basalt.image.ImageSource;
import dev.basalt.image.LayerApplier;
import dev.basalt.image.SourceImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The SBOM of an image on disk. A basalt build attaches its SBOMs to each platform's manifest;
 * those are returned byte for byte. Any other Debian-based image gets one made from its dpkg
 * status ({@code status} or {@code status.d}) and copyright files: without {@code .deb} digests
 * and generated files, which only the build that installed the packages knows.
 */
public final class ImageSboms {
  private ImageSboms() {}

  /** Where the document came from, and the document. */
  public record Result(boolean attached, byte[] document) {}

  static final int MAX_KEPT = 16 << 20;

  public static Result sbom(ImageLocation location, String arch, SbomFormat format) throws ImageReadException {
    try (ImageSource source = ImageSource.open(location)) {
      List<SourceImage> images = source.images(arch);
      if (images.size() > 1) {
        throw new ImageReadException(location.display() + " has " + images.size() + " platforms ("
            + String.join(", ", images.stream().map(SourceImage::platformName).toList()) + "); choose one with --arch");
      }
      SourceImage image = images.get(0);
      if (image.manifest() != null) {
        for (ImageSource.Referrer r : source.referrers(image.manifest())) {
          if (r.artifactType().equals(format.mediaType()) && r.blobs().size() == 1) {
            SourceImage.LayerBlob blob = r.blobs().get(0);
            return new Result(true, source.readBlob(blob.digest(), blob.size()));
          }
        }
      }
      FlatFilesystem files = LayerApplier.flatten(source, image, ImageSboms::keep);
      return new Result(false, format.write(input(location, image, files)));
    } catch (IOException e) {
      throw new ImageReadException("cannot close " + location.display() + ": " + e.getMessage(), e);
    }
  }

  private static FileInspector.Inspection keep(String path, long size, java.io.InputStream in) throws IOException {
    boolean wanted = DpkgStatus.isStatusFile(path)
        || path.equals("/etc/os-release") || path.equals("/usr/lib/os-release")
        || (path.startsWith("/usr/share/doc/") && path.endsWith("/copyright"));
    if (!wanted || size > MAX_KEPT) {
      return FileInspector.Inspection.NOTHING;
    }
    return new FileInspector.Inspection(Set.of(), in.readNBytes((int) size));
  }

  public static SbomInput input(ImageLocation location, SourceImage image, FlatFilesystem files) throws ImageReadException {
    DpkgStatus.Result status = DpkgStatus.read(files);
    for (DpkgStatus.Problem p : status.problems()) {
      if (p.kind() == DpkgStatus.Kind.MALFORMED) {
        throw new ImageReadException(location.display() + ": " + p.message());
      }
    }
    Map<String, Stanza> installed = new LinkedHashMap<>();
    for (DpkgStatus.Installed i : status.installed()) {
      installed.putIfAbsent(i.name(), i.stanza());
    }
    Map<String, String> provides = new HashMap<>();
    for (Stanza st : installed.values()) {
      for (String name : names(st.value("Provides"))) {
        provides.putIfAbsent(name, st.value("Package"));
      }
    }
    List<SbomPackage> packages = new ArrayList<>();
    for (Stanza st : installed.values()) {
      String name = st.value("Package");
      Set<String> deps = new TreeSet<>();
      for (String field : List.of("Pre-Depends", "Depends")) {
        for (String dep : names(st.value(field))) {
          String target = installed.containsKey(dep) ? dep : provides.get(dep);
          if (target != null && !target.equals(name)) {
            deps.add(target);
          }
        }
      }
      packages.add(SbomPackage.of(st, null, license(files, name), List.copyOf(deps)));
    }
    Digest digest = image.manifest() != null ? image.manifest() : image.configDigest();
    Instant created = image.config().created() == null ? Instant.EPOCH : image.config().created();
    return new SbomInput(imageName(location, image), digest, image.arch(), release(files), null, created, packages,
        List.of());
  }

  /** Every package name a relation field mentions (all alternatives), without versions or arch qualifiers. */
  private static List<String> names(String field) {
    if (field == null || field.isBlank()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    try {
      for (List<Relation> group : RelationParser.parseGroups(field)) {
        for (Relation r : group) {
          out.add(r.name());
        }
      }
    } catch (IllegalArgumentException unparseable) {
      return List.of(); // a relation dpkg wrote but this parser refuses: no edge rather than a wrong one
    }
    return out;
  }

  private static String license(FlatFilesystem files, String pkg) {
    FlatFile f = files.resolve(String.format(Locale.ROOT, CopyrightLicenses.COPYRIGHT_PATH, pkg));
    if (f == null || f.content() == null) {
      return null;
    }
    return CopyrightLicenses.expression(new String(f.content(), StandardCharsets.UTF_8)).orElse(null);
  }

  private static String release(FlatFilesystem files) {
    for (String path : List.of("/etc/os-release", "/usr/lib/os-release")) {
      byte[] bytes = files.content(path);
      if (bytes != null) {
        return OsRelease.parse(bytes).release();
      }
    }
    return "unknown";
  }

  /** A repository-style name: the reference it was found under, else the layout's or archive's file name. */
  private static String imageName(ImageLocation location, SourceImage image) {
    String name = image.name();
    if (location instanceof ImageLocation.Registry r) {
      name = r.reference().repository();
    } else if (name != null && location instanceof ImageLocation.DockerArchive) {
      int colon = name.lastIndexOf(':');
      name = colon > name.lastIndexOf('/') ? name.substring(0, colon) : name;
    } else {
      java.nio.file.Path p = location instanceof ImageLocation.Layout l ? l.dir() : ((ImageLocation.DockerArchive) location).file();
      name = p.toAbsolutePath().normalize().getFileName() == null ? "image" : p.toAbsolutePath().normalize().getFileName().toString();
    }
    String cleaned = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._/-]", "-").replaceAll("^[^a-z0-9]+", "");
    return cleaned.isEmpty() ? "image" : cleaned.replaceAll("/+$", "");
  }
}
