package dev.basalt.vuln;

import dev.basalt.image.DpkgPackages;
import dev.basalt.image.FileInspector;
import dev.basalt.image.FlatFilesystem;
import dev.basalt.image.ImageLocation;
import dev.basalt.image.ImageReadException;
import dev.basalt.image.ImageSource;
import dev.basalt.image.LayerApplier;
import dev.basalt.image.LayerChangesCache;
import dev.basalt.image.SourceImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code basalt scan}: reads each platform of an image and matches its packages against the database. */
public final class ImageScanner {
  private ImageScanner() {}

  /** What the scan keeps of an image's files: dpkg's metadata and os-release. */
  public static final FileInspector INSPECTOR = new FileInspector() {
    @Override
    public Inspection inspect(String path, long size, InputStream in) throws IOException {
      boolean wanted = DpkgPackages.isMetadata(path) || path.equals("/etc/os-release")
          || path.equals("/usr/lib/os-release");
      return wanted && size <= MAX_KEPT ? new Inspection(Set.of(), in.readNBytes((int) size)) : Inspection.NOTHING;
    }

    @Override
    public String cacheKey() {
      return CACHE_KEY;
    }
  };

  /** Bump when {@link #INSPECTOR} keeps something else. */
  public static final String CACHE_KEY = "vuln-1";
  static final int MAX_KEPT = 16 << 20;

  /** Scans every platform of the image ({@code arch} null), or one. */
  public static List<ScanReport> scan(ImageLocation location, String arch, VulnDatabase db, VexStatements vex,
      LayerChangesCache cache) throws ImageReadException {
    List<ScanReport> reports = new ArrayList<>();
    try (ImageSource source = ImageSource.open(location)) {
      for (SourceImage image : source.images(arch)) {
        FlatFilesystem files = LayerApplier.flatten(source, image, INSPECTOR, cache);
        reports.add(VulnMatcher.scan(location.display(), image.arch(), files, db, vex));
      }
    } catch (IOException e) {
      throw new ImageReadException("cannot close " + location.display() + ": " + e.getMessage(), e);
    }
    return reports;
  }
}
