package dev.basalt.audit;

import dev.basalt.image.FlatFilesystem;
import dev.basalt.image.ImageLocation;
import dev.basalt.image.ImageReadException;
import dev.basalt.image.ImageSource;
import dev.basalt.image.LayerApplier;
import dev.basalt.image.LayerChangesCache;
import dev.basalt.image.SourceImage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Audits an image on disk: every platform it holds (or one), each from its flattened layers. */
public final class ImageAuditor {
  private ImageAuditor() {}

  public static List<AuditReport> audit(ImageLocation location, String arch, Auditor.Policy policy, Instant now)
      throws ImageReadException {
    return audit(location, arch, policy, now, null);
  }

  /** As above, reusing (and filling) {@code cache} of layers already read, when not null. */
  public static List<AuditReport> audit(ImageLocation location, String arch, Auditor.Policy policy, Instant now,
      LayerChangesCache cache) throws ImageReadException {
    try (ImageSource source = ImageSource.open(location)) {
      List<SourceImage> images = source.images(arch);
      // An OCI layout's blobs (a registry image is pulled into one) are separate files, so
      // platforms flatten side by side; a docker-archive is one tar read through one channel,
      // so its images go one at a time.
      boolean parallel = !(location instanceof ImageLocation.DockerArchive) && images.size() > 1;
      if (!parallel) {
        List<AuditReport> reports = new ArrayList<>();
        for (SourceImage image : images) {
          reports.add(auditOne(source, image, policy, now, cache));
        }
        return reports;
      }
      ExecutorService pool = Executors.newFixedThreadPool(Math.min(images.size(), Runtime.getRuntime().availableProcessors()));
      try {
        List<Future<AuditReport>> futures = new ArrayList<>();
        for (SourceImage image : images) {
          futures.add(pool.submit(() -> auditOne(source, image, policy, now, cache)));
        }
        List<AuditReport> reports = new ArrayList<>();
        for (Future<AuditReport> f : futures) {
          reports.add(f.get());
        }
        return reports;
      } catch (ExecutionException e) {
        if (e.getCause() instanceof ImageReadException ire) {
          throw ire;
        }
        if (e.getCause() instanceof RuntimeException re) {
          throw re;
        }
        throw new IllegalStateException(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ImageReadException("interrupted while auditing " + location.display(), e);
      } finally {
        pool.shutdownNow();
      }
    } catch (java.io.IOException e) {
      throw new ImageReadException("cannot close " + location.display() + ": " + e.getMessage(), e);
    }
  }

  private static AuditReport auditOne(ImageSource source, SourceImage image, Auditor.Policy policy, Instant now,
      LayerChangesCache cache) throws ImageReadException {
    FlatFilesystem files = LayerApplier.flatten(source, image, new AuditInspector(), cache);
    String registryReference = source.location() instanceof ImageLocation.DockerArchive
        || source.location() instanceof ImageLocation.Registry ? image.name() : null;
    String arch = image.arch() + (image.config().variant() == null ? "" : "/" + image.config().variant());
    return Auditor.audit(new AuditSubject(source.location().display(), arch, image.config(), files, registryReference, now),
        policy);
  }
}
