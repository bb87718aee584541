package dev.basalt.vuln;

import dev.basalt.BasaltException;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

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
      LayerChangesCache cache) throws BasaltException {
    return scan(location, arch, () -> db, vex, cache);
  }

  /** Opens (or downloads) a database. */
  @FunctionalInterface
  public interface DatabaseLoader {
    VulnDatabase load() throws BasaltException;
  }

  /**
   * As above, loading the database on a thread of its own while the image's layers are read: the
   * two are independent, and both mostly hash and decode.
   */
  public static List<ScanReport> scan(ImageLocation location, String arch, DatabaseLoader db, VexStatements vex,
      LayerChangesCache cache) throws BasaltException {
    FutureTask<VulnDatabase> loading = new FutureTask<>(db::load);
    Thread loader = new Thread(loading, "basalt-vuln-db");
    loader.setDaemon(true);
    loader.start();
    List<SourceImage> images;
    List<FlatFilesystem> flattened = new ArrayList<>();
    boolean read = false;
    try (ImageSource source = ImageSource.open(location)) {
      images = source.images(arch);
      for (SourceImage image : images) {
        flattened.add(LayerApplier.flatten(source, image, INSPECTOR, cache));
      }
      read = true;
    } catch (IOException e) {
      throw new ImageReadException("cannot close " + location.display() + ": " + e.getMessage(), e);
    } finally {
      if (!read) {
        loading.cancel(true); // the image cannot be scanned: stop a download that would serve nothing
      }
    }
    VulnDatabase database = await(loading);
    List<ScanReport> reports = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      reports.add(VulnMatcher.scan(location.display(), images.get(i).arch(), flattened.get(i), database, vex));
    }
    return reports;
  }

  private static VulnDatabase await(FutureTask<VulnDatabase> loading) throws BasaltException {
    try {
      return loading.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof BasaltException b) {
        throw b;
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("loading the advisory database failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VulnDbException("interrupted while loading the advisory database", e);
    }
  }
}
