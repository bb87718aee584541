package dev.basalt.build;

import dev.basalt.BasaltException;
import dev.basalt.cache.Digest;
import dev.basalt.cache.Downloader;
import dev.basalt.debian.ArchiveException;
import dev.basalt.debian.BinaryPackage;
import dev.basalt.debian.MirrorResolver;
import dev.basalt.debian.Repository;
import dev.basalt.debian.Resolution;
import dev.basalt.spec.ImageSpec;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Brings every resolved {@code .deb} into the content-addressed cache, each checked against the
 * size and SHA-256 that the signed index (or the lock) gives for it. Packages shared between
 * architectures ({@code Architecture: all}) are fetched once.
 */
public final class FetchStep {
  private FetchStep() {}

  /** Cache paths of every package, keyed by its SHA-256. */
  public static Map<Digest, Path> run(
      ImageSpec spec, List<Resolution> resolutions, Downloader downloader, MirrorResolver mirrors)
      throws BasaltException {
    Map<String, URI> bases = new HashMap<>();
    for (Repository repo : spec.contents().repositories()) {
      bases.put(repo.id(), repo.baseUrl(mirrors));
    }
    Map<Digest, BinaryPackage> unique = new LinkedHashMap<>();
    for (Resolution r : resolutions) {
      for (Resolution.Resolved rp : r.packages()) {
        unique.putIfAbsent(Digest.parse(rp.pkg().sha256()), rp.pkg());
      }
    }
    List<Digest> order = new ArrayList<>(unique.keySet());
    List<Callable<Path>> tasks = new ArrayList<>();
    for (Digest d : order) {
      BinaryPackage p = unique.get(d);
      URI base = bases.get(p.origin().repository());
      if (base == null) {
        throw new ArchiveException(p + " comes from repository '" + p.origin().repository()
            + "', which the spec no longer configures; run `basalt lock` to refresh the lock");
      }
      URI uri = URI.create(base + "/" + p.filename());
      tasks.add(() -> downloader.fetchBlob(uri, d, p.size()));
    }
    List<Path> paths = downloader.all(tasks);
    Map<Digest, Path> out = new LinkedHashMap<>();
    for (int i = 0; i < order.size(); i++) {
      out.put(order.get(i), paths.get(i));
    }
    return out;
  }
}
