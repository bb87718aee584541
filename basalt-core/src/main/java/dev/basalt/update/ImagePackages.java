package dev.basalt.update;

import dev.basalt.debian.OsRelease;
import dev.basalt.image.DpkgStatus;
import dev.basalt.image.FileInspector;
import dev.basalt.image.FlatFilesystem;
import dev.basalt.image.ImageLocation;
import dev.basalt.image.ImageReadException;
import dev.basalt.image.ImageSource;
import dev.basalt.image.LayerApplier;
import dev.basalt.image.SourceImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The packages an image holds, per platform, from its dpkg metadata (as scanners read it), and
 * the Debian release its {@code os-release} names.
 */
public final class ImagePackages {
  /** The largest status file kept; a full dpkg status of a big system is a few MiB. */
  static final int MAX_KEPT = 64 << 20;
  private static final Set<String> OS_RELEASE = Set.of("/etc/os-release", "/usr/lib/os-release");

  private ImagePackages() {}

  /** The installed packages per architecture, and the release (from the first platform that has one). */
  public record Result(InstalledPackages installed, OsRelease release) {}

  public static Result read(ImageLocation location, String arch) throws ImageReadException {
    Map<String, List<InstalledPackages.Installed>> byArch = new LinkedHashMap<>();
    OsRelease release = null;
    try (ImageSource source = ImageSource.open(location)) {
      for (SourceImage image : source.images(arch)) {
        FlatFilesystem files = LayerApplier.flatten(source, image, ImagePackages::keep);
        if (release == null) {
          release = osRelease(files);
        }
        if (!DpkgStatus.present(files)) {
          throw new ImageReadException(location.display() + " (" + image.platformName() + ") has neither "
              + DpkgStatus.STATUS + " nor " + DpkgStatus.STATUS_D + "/: basalt cannot tell which packages it holds");
        }
        DpkgStatus.Result status = DpkgStatus.read(files);
        for (DpkgStatus.Problem p : status.problems()) {
          if (p.kind() == DpkgStatus.Kind.MALFORMED || p.kind() == DpkgStatus.Kind.UNREADABLE) {
            throw new ImageReadException(location.display() + ": " + p.message());
          }
        }
        List<InstalledPackages.Installed> list = byArch.computeIfAbsent(image.arch(), a -> new ArrayList<>());
        for (DpkgStatus.Installed i : status.installed()) {
          // Foreign-architecture packages (multiarch) are not in this platform's indexes.
          if (i.arch().equals(image.arch()) || i.arch().equals("all")) {
            list.add(new InstalledPackages.Installed(i.name(), i.version()));
          }
        }
      }
    } catch (IOException e) {
      throw new ImageReadException("cannot close " + location.display() + ": " + e.getMessage(), e);
    }
    return new Result(new InstalledPackages(location.display(), byArch),
        release == null ? OsRelease.parse(new byte[0]) : release);
  }

  private static FileInspector.Inspection keep(String path, long size, java.io.InputStream in) throws IOException {
    if ((DpkgStatus.isStatusFile(path) || OS_RELEASE.contains(path)) && size <= MAX_KEPT) {
      return new FileInspector.Inspection(Set.of(), in.readNBytes((int) size));
    }
    return FileInspector.Inspection.NOTHING;
  }

  private static OsRelease osRelease(FlatFilesystem files) {
    for (String path : List.of("/etc/os-release", "/usr/lib/os-release")) {
      byte[] bytes = files.content(path);
      if (bytes != null) {
        return OsRelease.parse(bytes);
      }
    }
    return null;
  }
}
